//! The one theme: every style and glyph the dashboard uses, for colour or none, Unicode or
//! ASCII. Only the 16 named ANSI colours are used, since SSH clients and tmux render them
//! reliably.
//!
//! Text is never drawn in white, bright white or light yellow: figures are in the terminal's
//! own foreground (`Color::Reset`) and bold, so they show on a light background as on a dark
//! one. Colours mark status (bars, marks, the selection); which hues carry text depends on
//! the background: the safe default uses only hues readable on both.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::data::indicators::IncomeStatus;

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The terminal's background, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    /// Not known: only hues readable on dark and on light backgrounds carry text.
    #[default]
    Unknown,
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
    pub background: Background,
    /// Drawing on a live terminal (not a text snapshot): the bars that follow `j`/`k` (a
    /// village's page) are drawn as blanks on a coloured background, or in reverse video
    /// without colour, one byte a cell instead of the three of `█`. A snapshot is text, so
    /// it keeps the glyph. ASCII mode keeps `#`.
    pub blank_bars: bool,
}

impl Theme {
    /// The safe default theme for an unknown background.
    pub fn new(color: bool, ascii: bool) -> Self {
        Theme {
            color,
            ascii,
            background: Background::Unknown,
            blank_bars: false,
        }
    }

    /// The theme for a live terminal: see `blank_bars`.
    pub fn on_terminal(mut self) -> Self {
        self.blank_bars = true;
        self
    }

    pub fn with_background(mut self, background: Background) -> Self {
        self.background = background;
        self
    }

    /// The hue of titles and table headers: cyan on dark, blue on light, and magenta,
    /// readable on both, when the background is not known.
    fn accent(self) -> Color {
        match self.background {
            Background::Dark => Color::Cyan,
            Background::Light => Color::Blue,
            Background::Unknown => Color::Magenta,
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn text(self) -> Style {
        Style::new()
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(self.accent()).add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Figures: the terminal's own foreground, bold.
    pub fn value(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn tab(self) -> Style {
        self.dim()
    }

    pub fn tab_active(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    /// The marker before the active tab: there with colour too, so the text of a frame is
    /// the same whether colour is on or off (and the tab is found without colour).
    pub fn tab_marker(self) -> &'static str {
        ">"
    }

    /// The selected row: a colour and bold, or reverse video without colour; the `>`
    /// symbol marks it in both.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn header_row(self) -> Style {
        self.fg(self.accent()).add_modifier(Modifier::BOLD)
    }

    pub fn status(self, status: Option<IncomeStatus>) -> Style {
        match status {
            Some(IncomeStatus::Strong) => self.fg(Color::Green),
            Some(IncomeStatus::AtFloor) => self.at_floor(),
            Some(IncomeStatus::BelowFloor) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            None => self.dim(),
        }
    }

    /// The colour of a stretch of an income bar by the status its values have: as
    /// `status`, except that a bar drawn as blanks (`blank_bar_cells`) at the floor is
    /// yellow on every background, as the selected row is (a yellow block reads on light
    /// backgrounds where yellow text does not).
    pub fn status_bar_zone(self, status: IncomeStatus) -> Style {
        match status {
            IncomeStatus::AtFloor if self.blank_bar_cells() => self.fg(Color::Yellow),
            _ => self.status(Some(status)),
        }
    }

    pub fn bar(self) -> Style {
        self.fg(Color::Blue)
    }

    pub fn marker(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn positive(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn negative(self) -> Style {
        self.fg(Color::Red)
    }

    /// Text at the income floor: yellow reads on dark backgrounds only; elsewhere it is
    /// plain text, between the green of strong and the red of below the floor.
    fn at_floor(self) -> Style {
        match self.background {
            Background::Dark => self.fg(Color::Yellow),
            Background::Light | Background::Unknown => Style::new(),
        }
    }

    /// Warning text: yellow on dark, red on light or unknown backgrounds.
    fn caution_text(self) -> Color {
        match self.background {
            Background::Dark => Color::Yellow,
            Background::Light | Background::Unknown => Color::Red,
        }
    }

    pub fn error_banner(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Reset)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn warning(self) -> Style {
        self.fg(self.caution_text())
    }

    /// The status line's words and keys: normal text, not dim.
    pub fn status_bar(self) -> Style {
        Style::new()
    }

    /// The status line's note that the figures are the built-in sample, not a directory:
    /// as loud as the selected row, so it is never missed.
    pub fn built_in(self) -> Style {
        self.selected()
    }

    /// A key name in the status line.
    pub fn key(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(self) -> Style {
        self.dim()
    }

    pub fn border_set(self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The glyph that fills a bar.
    pub fn bar_glyph(self) -> &'static str {
        if self.ascii { "#" } else { "█" }
    }

    /// Whether bars that may be blank (`HBars::blank`) are drawn as blanks.
    pub fn blank_bar_cells(self) -> bool {
        self.blank_bars && !self.ascii
    }

    /// The symbol and style of one cell of a bar drawn in `style` (a colour, or none): the
    /// glyph in that colour, or, with `blank_bars` (and not in ASCII), a blank on that
    /// colour as background, or in reverse video where the style has no colour (no colour
    /// at all, or the terminal's own foreground). A blank costs one byte where `█` costs
    /// three, and looks the same. No background-colour erase is relied on: the blanks are
    /// written, never erased.
    pub fn bar_cell(self, style: Style) -> (&'static str, Style) {
        if !self.blank_bar_cells() {
            return (self.bar_glyph(), style);
        }
        match style.fg {
            Some(fg) if self.color && fg != Color::Reset => (" ", Style::new().bg(fg)),
            _ => (" ", Style::new().add_modifier(Modifier::REVERSED)),
        }
    }

    /// The glyph of a threshold marker across a bar chart.
    pub fn marker_glyph(self) -> &'static str {
        "|"
    }

    /// Glyphs from low to high for a text sparkline.
    pub fn spark_glyphs(self) -> &'static [&'static str] {
        if self.ascii {
            &["_", ".", "-", "=", "*", "#"]
        } else {
            &["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        }
    }

    pub fn highlight_symbol(self) -> &'static str {
        "> "
    }
}
