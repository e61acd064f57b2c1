//! The one theme: every style and glyph the dashboard uses, for colour or none, Unicode or
//! ASCII. Only the 16 named ANSI colours are used, since SSH clients and tmux render them
//! reliably.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

impl Theme {
    pub fn new(color: bool, ascii: bool) -> Self {
        Theme { color, ascii }
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
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn value(self) -> Style {
        self.fg(Color::White).add_modifier(Modifier::BOLD)
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
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// The selected row: a colour and bold; the `>` symbol marks it without colour too.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn header_row(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn status(self, status: Option<IncomeStatus>) -> Style {
        match status {
            Some(IncomeStatus::Strong) => self.fg(Color::Green),
            Some(IncomeStatus::AtFloor) => self.fg(Color::Yellow),
            Some(IncomeStatus::BelowFloor) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            None => self.dim(),
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

    pub fn error_banner(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn status_bar(self) -> Style {
        self.dim()
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
