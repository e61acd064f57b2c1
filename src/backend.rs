//! A terminal backend that sends as few bytes as it can, for offices on slow links.
//!
//! It does what ratatui's `CrosstermBackend` does (it writes the cells of `Buffer::diff`), but:
//! - it knows where the terminal's cursor is, so it sends no cursor move after a wide
//!   (Chinese) character, nor any move to the cell the cursor is already in; when a move is
//!   needed it picks a short form (`\r`, `\r\n`, `ESC[B`, `\n ESC[nG`, `ESC[nG`, `ESC[nC` or `ESC[r;cH`; an
//!   absolute column unless a relative move saves two bytes), or writes the few cells in
//!   between when that is shorter still;
//! - it sends only the SGR parameters that change, in one sequence, with the 16 named
//!   colours in their short form (`36`, not `38;5;6`), and never an underline-colour reset
//!   (`ESC[59m`) unless underline colour is in use;
//! - it clears a run of blank cells to the end of a line with `ESC[K`, and one inside a line
//!   with `ESC[nX` (erase characters), where that is shorter than writing the spaces;
//! - it hides or shows the cursor only when that changes.
//!
//! It keeps a copy of what the terminal shows (the cells it has written), which is what
//! lets it write cells in place of a move and know when a line's remainder is blank.
//!
//! Upstream: the move after every wide character is ratatui issue #2651 / PR #2721 (merged
//! after ratatui-crossterm 0.1.2, which is ratatui 0.30.2); the `ESC[59m` is the
//! `underline-color` feature, which `ratatui-crossterm` turns on by default and `ratatui`
//! cannot turn off (it depends on `ratatui-crossterm` with its default features). When a
//! ratatui release has both fixed, measure again with `scripts/perf.sh` and, if the figures
//! in the README hold without it, go back to `CrosstermBackend` and remove this file.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellWidth};
use ratatui::crossterm::{cursor, terminal};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// Modifiers that show on a blank cell: a run carrying them cannot be erased instead.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The terminal the dashboard draws on.
pub type LeanTerminal = ratatui::Terminal<LeanBackend<io::Stdout>>;

/// A fresh terminal on stdout. Raw mode and the alternate screen are the caller's business
/// (`ratatui::try_init` or the editor hand-over), as with `CrosstermBackend::new`.
pub fn terminal() -> io::Result<LeanTerminal> {
    ratatui::Terminal::new(LeanBackend::new(io::stdout()))
}

/// The SGR state of the terminal: what the next printed character is drawn with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Whether a cell drawn with this pen looks as the cell asks: the same pen, or a blank
    /// on the same background where nothing shows the foreground or the text attributes
    /// (no reverse video, underline, blink or strike-through on either side). A run of
    /// blanks between two figures of one colour then costs no SGR change.
    fn draws(self, cell: &Cell) -> bool {
        let want = Pen::of(cell);
        want == self
            || (cell.symbol() == " "
                && want.bg == self.bg
                && !want.modifier.intersects(VISIBLE_ON_BLANK)
                && !self.modifier.intersects(VISIBLE_ON_BLANK))
    }
}

/// See the module documentation.
pub struct LeanBackend<W: Write> {
    writer: W,
    /// Used instead of asking the tty (tests).
    fixed_size: Option<Size>,
    /// What the terminal shows, row by row; an empty symbol is the right half of a wide
    /// character. `None` when it is not known (after an erase we could not follow).
    screen: Option<Vec<Cell>>,
    width: u16,
    height: u16,
    /// Where the terminal's cursor is, when known for sure.
    cursor: Option<Position>,
    pen: Pen,
    cursor_visible: Option<bool>,
    out: Vec<u8>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        LeanBackend {
            writer,
            fixed_size: None,
            screen: None,
            width: 0,
            height: 0,
            cursor: None,
            pen: Pen::DEFAULT,
            cursor_visible: None,
            out: Vec::new(),
        }
    }

    /// A backend of a fixed size that never asks a tty (for tests and measurements).
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        let mut backend = Self::new(writer);
        backend.fixed_size = Some(Size { width, height });
        backend
    }

    /// Changes the size a fixed-size backend reports, as a terminal window being resized.
    pub fn set_fixed_size(&mut self, width: u16, height: u16) {
        self.fixed_size = Some(Size { width, height });
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }

    fn current_size(&self) -> io::Result<Size> {
        let size = match self.fixed_size {
            Some(size) => size,
            None => {
                let (width, height) = terminal::size()?;
                Size { width, height }
            }
        };
        Ok(size)
    }

    /// A blank screen of the current size (the alternate screen as ratatui first assumes it).
    fn reset_screen(&mut self, size: Size) {
        self.width = size.width;
        self.height = size.height;
        let cells = usize::from(size.width) * usize::from(size.height);
        self.screen = Some(vec![Cell::default(); cells]);
    }

    fn index(&self, x: u16, y: u16) -> Option<usize> {
        (x < self.width && y < self.height)
            .then(|| usize::from(y) * usize::from(self.width) + usize::from(x))
    }

    /// Records that `cell` is now written at (x, y), with what that does to wide characters
    /// it overlaps: the rest of any wide character written over in part is blank. Those
    /// blanked cells are added to `also`, to be written too: terminals disagree on what an
    /// erase (`ESC[nX`) over half of a wide character leaves (tmux keeps the other half as
    /// an orphan and shifts the rest of the row), so the frame must not rely on it.
    fn record(&mut self, x: u16, y: u16, cell: &Cell, also: &mut Vec<u16>) {
        let Some(i) = self.index(x, y) else {
            return;
        };
        let row_start = i - usize::from(x);
        let row_end = row_start + usize::from(self.width);
        let Some(screen) = self.screen.as_mut() else {
            return;
        };
        let new_width = usize::from(cell.symbol().cell_width()).max(1);
        let end = (i + new_width).min(row_end);
        for p in i..end {
            // The wide character that has a part at p, if any.
            let mut owner = p;
            while owner > row_start && screen[owner].symbol().is_empty() {
                owner -= 1;
            }
            let owner_width = usize::from(screen[owner].symbol().cell_width());
            if owner_width > 1 && owner + owner_width > p {
                for (q, c) in screen[owner..(owner + owner_width).min(row_end)]
                    .iter_mut()
                    .enumerate()
                {
                    c.set_symbol(" ");
                    let column = owner + q - row_start;
                    if !(i..end).contains(&(owner + q)) {
                        also.push(u16::try_from(column).unwrap_or(u16::MAX));
                    }
                }
            }
        }
        screen[i] = cell.clone();
        screen[i].diff_option = Default::default();
        for covered in &mut screen[i + 1..end] {
            *covered = cell.clone();
            covered.set_symbol("");
        }
    }

    /// Bytes of the SGR sequence that takes the pen from `self.pen` to `to` (empty if none).
    fn sgr(&self, to: Pen) -> String {
        sgr(self.pen, to)
    }

    fn set_pen(&mut self, to: Pen) {
        let seq = self.sgr(to);
        self.out.extend_from_slice(seq.as_bytes());
        self.pen = to;
    }

    /// The shortest way to put the cursor at (x, y) from where it is.
    fn move_to(&mut self, x: u16, y: u16) {
        let target = Position { x, y };
        if self.cursor == Some(target) {
            return;
        }
        let mut best = cup(x, y);
        if let Some(at) = self.cursor {
            let mut consider = |seq: String| {
                if seq.len() < best.len() {
                    best = seq;
                }
            };
            if at.y == y {
                if x == 0 {
                    consider("\r".to_string());
                }
                // The absolute column is preferred over a relative move unless the
                // relative one saves two bytes or more: a terminal that draws an
                // ambiguous-width glyph two columns wide is then put right again.
                consider(if x == 0 {
                    "\x1b[G".to_string()
                } else {
                    format!("\x1b[{}G", x + 1)
                });
                if x > at.x {
                    let n = x - at.x;
                    let relative = if n == 1 {
                        "\x1b[C".to_string()
                    } else {
                        format!("\x1b[{n}C")
                    };
                    if relative.len() + 1 < best.len() {
                        best = relative;
                    }
                }
            } else if y == at.y + 1 {
                // LF moves down without scrolling (the cursor is not on the last row) and,
                // in raw mode, keeps the column; the column is then set absolutely, so a
                // terminal whose LF also returns the carriage is put right too. Straight
                // down, the cursor-down sequence, which never touches the column.
                consider(if x == 0 {
                    "\r\n".to_string()
                } else if x == at.x {
                    "\x1b[B".to_string()
                } else {
                    format!("\n\x1b[{}G", x + 1)
                });
            }
            // Writing the cells in between, when they are known and drawn with the pen.
            if at.y == y
                && x > at.x
                && let Some(filler) = self.filler(at.x, x, y, best.len())
            {
                best = filler;
            }
        }
        self.out.extend_from_slice(best.as_bytes());
        self.cursor = Some(target);
    }

    /// The text of the known cells from `from` up to `to` on row `y`, if they are all drawn
    /// with the current pen and take fewer than `limit` bytes.
    fn filler(&self, from: u16, to: u16, y: u16, limit: usize) -> Option<String> {
        let screen = self.screen.as_ref()?;
        let mut text = String::new();
        let mut x = from;
        while x < to {
            let cell = &screen[self.index(x, y)?];
            let symbol = cell.symbol();
            if symbol.is_empty() || !self.pen.draws(cell) || !simple(symbol) {
                return None;
            }
            text.push_str(symbol);
            if text.len() >= limit {
                return None;
            }
            x += symbol.cell_width().max(1);
        }
        (x == to).then_some(text)
    }

    /// Whether the cell shows nothing when erased with a default background.
    fn erasable(cell: &Cell) -> bool {
        cell.symbol() == " "
            && cell.bg == Color::Reset
            && !cell.modifier.intersects(VISIBLE_ON_BLANK)
    }

    fn print(&mut self, x: u16, y: u16, cell: &Cell) {
        let symbol = cell.symbol();
        self.move_to(x, y);
        if !self.pen.draws(cell) {
            let exact = Pen::of(cell);
            // A blank that shows only its background (a bar drawn as blanks) can keep the
            // pen's foreground and text attributes: only the background changes, when that
            // is the shorter sequence.
            let keep = Pen {
                bg: cell.bg,
                ..self.pen
            };
            let to = if symbol == " "
                && !exact.modifier.intersects(VISIBLE_ON_BLANK)
                && !self.pen.modifier.intersects(VISIBLE_ON_BLANK)
                && self.sgr(keep).len() < self.sgr(exact).len()
            {
                keep
            } else {
                exact
            };
            self.set_pen(to);
        }
        self.out.extend_from_slice(symbol.as_bytes());
        let width = symbol.cell_width();
        let next = x.saturating_add(width);
        // At the right edge the cursor waits for the next character (or stays): unknown.
        // Emoji sequences and zero-width symbols are drawn differently by different
        // terminals, so after them the position is not trusted either.
        self.cursor =
            (width > 0 && next < self.width && simple(symbol)).then_some(Position { x: next, y });
    }

    fn draw_row(&mut self, y: u16, dirty: &[u16]) {
        let mut k = 0;
        while k < dirty.len() {
            let x = dirty[k];
            let Some(i) = self.index(x, y) else {
                k += 1;
                continue;
            };
            let Some(cell) = self.screen.as_ref().map(|s| s[i].clone()) else {
                return;
            };
            if cell.symbol().is_empty() {
                // The right half of a wide character: printed with it.
                k += 1;
                continue;
            }
            let remaining = dirty.len() - k;
            if remaining > 3 && self.blank_to_end(x, y) {
                let blank = Pen {
                    bg: Color::Reset,
                    modifier: self.pen.modifier - VISIBLE_ON_BLANK,
                    ..self.pen
                };
                let erase_cost = 3 + sgr(self.pen, blank).len();
                // Each remaining cell costs at least its one byte.
                if erase_cost < remaining {
                    self.move_to(x, y);
                    self.set_pen(blank);
                    self.out.extend_from_slice(b"\x1b[K");
                    if let Some(screen) = self.screen.as_mut() {
                        let start = usize::from(y) * usize::from(self.width);
                        let end = start + usize::from(self.width);
                        for c in &mut screen[start + usize::from(x)..end] {
                            *c = Cell::default();
                        }
                    }
                    return;
                }
            }
            if Self::erasable(&cell) {
                let n = self.blank_run(x, y, &dirty[k..]);
                if self.erase_chars(x, y, n, k + n < dirty.len()) {
                    k += n;
                    continue;
                }
            }
            self.print(x, y, &cell);
            k += 1;
        }
    }

    /// How many of the `dirty` columns from `x` on are next to each other and blank.
    fn blank_run(&self, x: u16, y: u16, dirty: &[u16]) -> usize {
        let Some(screen) = self.screen.as_ref() else {
            return 0;
        };
        dirty
            .iter()
            .enumerate()
            .take_while(|&(n, &dx)| {
                dx == x + n as u16
                    && self
                        .index(dx, y)
                        .is_some_and(|i| Self::erasable(&screen[i]))
            })
            .count()
    }

    /// Erases `n` cells from (x, y) with `ESC[nX` (the cursor stays) when that and the move
    /// past them (if more follows on the row) are shorter than writing `n` spaces.
    fn erase_chars(&mut self, x: u16, y: u16, n: usize, more: bool) -> bool {
        let ech = format!("\x1b[{n}X");
        let skip = if more { format!("\x1b[{n}C").len() } else { 0 };
        if n < 2 || ech.len() + skip >= n {
            return false;
        }
        self.move_to(x, y);
        if !self.pen.draws(&Cell::default()) {
            self.set_pen(Pen {
                bg: Color::Reset,
                modifier: self.pen.modifier - VISIBLE_ON_BLANK,
                ..self.pen
            });
        }
        self.out.extend_from_slice(ech.as_bytes());
        true
    }

    /// Whether every cell from x to the end of row y is known and blank.
    fn blank_to_end(&self, x: u16, y: u16) -> bool {
        let (Some(screen), Some(i)) = (self.screen.as_ref(), self.index(x, y)) else {
            return false;
        };
        let end = i - usize::from(x) + usize::from(self.width);
        screen[i..end].iter().all(Self::erasable)
    }

    fn write_out(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.writer.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }
}

/// A symbol whose width every terminal agrees on: no emoji presentation selector, joiner or
/// zero-width part.
fn simple(symbol: &str) -> bool {
    !symbol
        .chars()
        .any(|c| matches!(c, '\u{FE0F}' | '\u{200D}' | '\u{FE0E}'))
        && symbol.chars().count() == 1
}

fn cup(x: u16, y: u16) -> String {
    match (x, y) {
        (0, 0) => "\x1b[H".to_string(),
        (0, _) => format!("\x1b[{}H", y + 1),
        _ => format!("\x1b[{};{}H", y + 1, x + 1),
    }
}

/// The SGR parameter for a colour; `base` is 30 (foreground), 40 (background) or 50
/// (underline).
fn color_param(color: Color, base: u8) -> String {
    let named = |n: u8| -> String {
        match base {
            50 => format!("58;5;{n}"),
            _ if n < 8 => (base + n).to_string(),
            _ => (base + 60 + n - 8).to_string(),
        }
    };
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(n) => format!("{};5;{n}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

const MODIFIER_ON: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

/// The shortest SGR sequence from one pen to another: only what changes, or a reset and
/// what the new pen has, whichever is shorter; empty when nothing changes.
fn sgr(from: Pen, to: Pen) -> String {
    if from == to {
        return String::new();
    }
    // Incremental.
    let mut inc: Vec<String> = Vec::new();
    let removed = from.modifier - to.modifier;
    let mut to_add = to.modifier - from.modifier;
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // 22 ends both bold and dim; put back the one that stays.
        inc.push("22".into());
        to_add |= to.modifier & (Modifier::BOLD | Modifier::DIM);
    }
    if removed.contains(Modifier::ITALIC) {
        inc.push("23".into());
    }
    if removed.contains(Modifier::UNDERLINED) {
        inc.push("24".into());
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        inc.push("25".into());
        to_add |= to.modifier & (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK);
    }
    if removed.contains(Modifier::REVERSED) {
        inc.push("27".into());
    }
    if removed.contains(Modifier::HIDDEN) {
        inc.push("28".into());
    }
    if removed.contains(Modifier::CROSSED_OUT) {
        inc.push("29".into());
    }
    for (m, p) in MODIFIER_ON {
        if to_add.contains(m) {
            inc.push(p.into());
        }
    }
    if from.fg != to.fg {
        inc.push(color_param(to.fg, 30));
    }
    if from.bg != to.bg {
        inc.push(color_param(to.bg, 40));
    }
    if from.underline != to.underline {
        inc.push(color_param(to.underline, 50));
    }
    // From a reset.
    let mut fresh: Vec<String> = vec!["0".into()];
    for (m, p) in MODIFIER_ON {
        if to.modifier.contains(m) {
            fresh.push(p.into());
        }
    }
    for (color, base) in [(to.fg, 30), (to.bg, 40), (to.underline, 50)] {
        if color != Color::Reset {
            fresh.push(color_param(color, base));
        }
    }
    let fresh = if fresh.len() == 1 {
        String::new()
    } else {
        fresh.join(";")
    };
    let inc = inc.join(";");
    let params = if fresh.len() < inc.len() { fresh } else { inc };
    format!("\x1b[{params}m")
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let size = self.current_size()?;
        if self.screen.is_none() || self.width != size.width || self.height != size.height {
            // A terminal never drawn on, or resized: ratatui redraws on a cleared screen.
            self.reset_screen(size);
        }
        // Rows in order, the cells of each in order (the diff comes in that order, but
        // nothing here relies on it).
        let mut rows: Vec<Vec<u16>> = vec![Vec::new(); usize::from(self.height)];
        for (x, y, cell) in content {
            if x >= self.width || y >= self.height {
                continue;
            }
            let row = &mut rows[usize::from(y)];
            self.record(x, y, cell, row);
            row.push(x);
        }
        for (y, mut dirty) in rows.into_iter().enumerate() {
            if dirty.is_empty() {
                continue;
            }
            dirty.sort_unstable();
            dirty.dedup();
            // `rows` has `self.height` entries, a u16.
            self.draw_row(u16::try_from(y).unwrap_or(u16::MAX), &dirty);
        }
        // Leave the terminal with the default pen, as CrosstermBackend does, so nothing
        // written after a frame (the shell, after the dashboard ends) inherits a colour.
        self.set_pen(Pen::DEFAULT);
        self.write_out()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.cursor_visible = Some(false);
        }
        self.write_out()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.cursor_visible = Some(true);
        }
        self.write_out()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if let Some(at) = self.cursor {
            return Ok(at);
        }
        let (x, y) = cursor::position()?;
        let at = Position { x, y };
        self.cursor = Some(at);
        Ok(at)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        self.move_to(x, y);
        self.write_out()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erased cells take the background of the pen: erase with the default one.
        self.set_pen(Pen::DEFAULT);
        let seq: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.out.extend_from_slice(seq);
        match clear_type {
            ClearType::All => {
                let size = self.current_size()?;
                self.reset_screen(size);
            }
            // Not used by a full-screen dashboard; stop trusting the copy of the screen.
            _ => self.screen = None,
        }
        self.write_out()
    }

    fn size(&self) -> io::Result<Size> {
        self.current_size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        if let Some(columns_rows) = self.fixed_size {
            return Ok(WindowSize {
                columns_rows,
                pixels: Size::default(),
            });
        }
        let w = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_out()?;
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn draw(backend: &mut LeanBackend<Vec<u8>>, cells: &[(u16, u16, Cell)]) -> String {
        backend
            .draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))
            .expect("draw into a Vec");
        String::from_utf8(std::mem::take(backend.writer_mut())).expect("utf-8")
    }

    fn cells(x: u16, y: u16, text: &str, style: Style) -> Vec<(u16, u16, Cell)> {
        let mut out = Vec::new();
        let mut x = x;
        for ch in text.chars() {
            let mut cell = Cell::default();
            cell.set_char(ch).set_style(style);
            let w = cell.symbol().cell_width();
            out.push((x, y, cell));
            x += w;
        }
        out
    }

    #[test]
    fn no_move_after_a_wide_character_nor_to_the_cell_the_cursor_is_in() {
        let mut b = LeanBackend::with_size(Vec::new(), 20, 3);
        let out = draw(&mut b, &cells(2, 1, "韭菜庄a", Style::new()));
        assert_eq!(out, "\x1b[2;3H韭菜庄a");
        // The cursor is after the `a`: a write there needs no move at all.
        let out = draw(&mut b, &cells(9, 1, "乡", Style::new()));
        assert_eq!(out, "乡");
        b.set_cursor_position(Position { x: 11, y: 1 })
            .expect("move");
        assert!(b.writer().is_empty(), "{:?}", b.writer());
    }

    #[test]
    fn a_wide_character_blanked_in_part_is_blanked_whole() {
        // Seen in tmux: the overview's 次 at columns 13-14, the next tab erased 0-13 with
        // ESC[14X and left 14 alone; tmux kept 14 as an orphan half and showed the rest of
        // the row one column to the left.
        let mut b = LeanBackend::with_size(Vec::new(), 30, 2);
        draw(&mut b, &cells(0, 0, "abcdefghijklm次xyz", Style::new()));
        let out = draw(&mut b, &cells(0, 0, &" ".repeat(14), Style::new()));
        // Column 14 (the other half of 次) is written as well: every column from 0 to 14
        // is covered by what was sent, whatever the terminal does with half a character.
        assert_eq!(out, "\r\x1b[15X", "the erase must not stop inside 次");
    }

    #[test]
    fn short_moves_and_gap_filling() {
        let mut b = LeanBackend::with_size(Vec::new(), 40, 3);
        draw(&mut b, &cells(0, 0, "abcdefghij", Style::new()));
        // Two unchanged cells between: written again (2 bytes) rather than ESC[2C.
        let mut update = cells(2, 0, "X", Style::new());
        update.extend(cells(5, 0, "Y", Style::new()));
        assert_eq!(draw(&mut b, &update), "\x1b[3GXdeY");
        // The next row's first cell: CR LF.
        let mut update = cells(6, 0, "Z", Style::new());
        update.extend(cells(0, 1, "Q", Style::new()));
        assert_eq!(draw(&mut b, &update), "Z\r\nQ");
    }

    #[test]
    fn one_row_down_is_cursor_down_or_a_line_feed_and_a_column() {
        let mut b = LeanBackend::with_size(Vec::new(), 40, 4);
        draw(&mut b, &cells(0, 0, "abcdefghij", Style::new()));
        // From after `e` (column 5) to column 5 of the next row: straight down.
        let mut update = cells(4, 0, "E", Style::new());
        update.extend(cells(5, 1, "F", Style::new()));
        assert_eq!(draw(&mut b, &update), "\x1b[5GE\x1b[BF");
        // To another column of the next row: LF, then the column (the three blanks
        // between F and G are shorter written than skipped).
        let mut update = cells(9, 1, "G", Style::new());
        update.extend(cells(3, 2, "H", Style::new()));
        assert_eq!(draw(&mut b, &update), "   G\n\x1b[4GH");
    }

    #[test]
    fn a_coloured_blank_keeps_the_pen_when_that_is_shorter() {
        let mut b = LeanBackend::with_size(Vec::new(), 20, 1);
        // A bold figure, then blanks on red: only the background changes (not `0;41`),
        // and back to the bold figure only the background again.
        let mut update = cells(0, 0, "12", Style::new().add_modifier(Modifier::BOLD));
        update.extend(cells(2, 0, "  ", Style::new().bg(Color::Red)));
        update.extend(cells(4, 0, "3", Style::new().add_modifier(Modifier::BOLD)));
        assert_eq!(
            draw(&mut b, &update),
            "\x1b[H\x1b[1m12\x1b[41m  \x1b[49m3\x1b[m"
        );
        // A reversed blank shows the foreground: its pen is its own (the cursor is in its
        // cell already).
        let update = cells(5, 0, " ", Style::new().add_modifier(Modifier::REVERSED));
        assert_eq!(draw(&mut b, &update), "\x1b[7m \x1b[m");
    }

    #[test]
    fn only_the_attributes_that_change_and_no_underline_colour_reset() {
        let plain = Pen::DEFAULT;
        let bold_cyan = Pen {
            fg: Color::Cyan,
            modifier: Modifier::BOLD,
            ..plain
        };
        let bold_grey = Pen {
            fg: Color::DarkGray,
            ..bold_cyan
        };
        assert_eq!(sgr(plain, bold_cyan), "\x1b[1;36m");
        assert_eq!(sgr(bold_cyan, bold_grey), "\x1b[90m");
        assert_eq!(sgr(bold_grey, plain), "\x1b[m");
        assert_eq!(sgr(bold_grey, bold_grey), "");
        let reversed = Pen {
            modifier: Modifier::REVERSED | Modifier::BOLD,
            bg: Color::Indexed(200),
            ..plain
        };
        for (a, b) in [
            (plain, bold_cyan),
            (bold_cyan, reversed),
            (reversed, bold_grey),
        ] {
            let seq = sgr(a, b);
            assert!(!seq.contains("59"), "{seq:?}");
        }
        // Bold off, dim stays: a reset and dim is shorter than 22 (which ends both) and dim.
        let dim = Pen {
            modifier: Modifier::DIM,
            ..plain
        };
        let bold_dim = Pen {
            modifier: Modifier::DIM | Modifier::BOLD,
            ..plain
        };
        assert_eq!(sgr(bold_dim, dim), "\x1b[0;2m");
    }

    #[test]
    fn a_blank_line_end_is_erased_when_that_is_shorter() {
        let mut b = LeanBackend::with_size(Vec::new(), 30, 2);
        draw(
            &mut b,
            &cells(0, 0, "village name and figures", Style::new()),
        );
        let out = draw(&mut b, &cells(4, 0, &" ".repeat(20), Style::new()));
        assert_eq!(out, "\x1b[5G\x1b[K");
        // A coloured background is not blank: written as spaces (the cursor is on the same
        // row after the erase, so only the column is set).
        let out = draw(&mut b, &cells(28, 0, "  ", Style::new().bg(Color::Blue)));
        assert_eq!(out, "\x1b[29G\x1b[44m  \x1b[m");
    }

    #[test]
    fn half_of_a_wide_character_written_over_blanks_the_other_half() {
        let mut b = LeanBackend::with_size(Vec::new(), 10, 1);
        draw(&mut b, &cells(0, 0, "韭菜", Style::new()));
        // `a` lands on the right half of 韭: the terminal blanks its left half.
        draw(&mut b, &cells(1, 0, "a", Style::new()));
        let screen = b.screen.as_ref().expect("known screen");
        let row: Vec<&str> = screen.iter().take(4).map(Cell::symbol).collect();
        assert_eq!(row, [" ", "a", "菜", ""]);
    }
}
