//! Widgets shared by the tabs: a horizontal bar chart with threshold markers, a text
//! sparkline, and helpers that cut and pad by display width.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::i18n::Strings;
use crate::text::{pad_left, pad_right, truncate, width};

/// One bar: a label (may be Chinese), a value, and the value as ASCII text.
#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    pub value: i64,
    pub text: String,
    pub style: Style,
    /// A warning points at this figure: the bar carries the warning mark.
    pub warned: bool,
}

impl BarRow {
    pub fn new(label: impl Into<String>, value: i64, text: String, style: Style) -> Self {
        BarRow {
            label: label.into(),
            value,
            text,
            style,
            warned: false,
        }
    }
}

/// The mark of a figure a warning points at (or a doubtful one): `⚠`, or `!` in ASCII.
pub fn warn_mark(theme: Theme) -> &'static str {
    if theme.ascii { "!" } else { "\u{26a0}" }
}

/// Horizontal bars, one per line, with vertical markers at threshold values. Drawn by hand
/// because ratatui's BarChart centres value text by bytes and has no threshold lines.
///
/// Bars start at zero unless `min` is set (a zoomed axis), in which case every bar starts
/// with a break mark `~`. A bar more than 3 times the median of the rows (a typed extra
/// zero, say) is cut short at the edge with a break mark and flagged, so that the others
/// keep their length; so is any bar beyond an explicit `max`.
pub struct HBars<'a> {
    pub rows: &'a [BarRow],
    pub markers: &'a [i64],
    pub theme: Theme,
    /// Rows of the series left out by the caller (only what fits is built); counted in the
    /// "more" line.
    pub more: usize,
    /// The axis starts here (0 for the whole axis).
    pub min: i64,
    /// The value at the right end of the bars; `None` for the rows' own largest, leaving
    /// out outliers.
    pub max: Option<i64>,
    pub strings: &'static Strings,
    /// The least width of the value column, so that charts drawn side by side or one
    /// after another keep their bars and markers at the same columns.
    pub value_width: usize,
    /// The style of each stretch of the axis between the markers (one more than the
    /// markers), in place of each row's own style: a cell's colour then depends on its
    /// column alone, so the next village's bars differ from these only at their ends.
    pub zones: &'a [Style],
    /// Bars drawn as blanks on a background colour where the theme allows it
    /// (`Theme::bar_cell`).
    pub blank: bool,
}

impl<'a> HBars<'a> {
    pub fn new(rows: &'a [BarRow], theme: Theme, strings: &'static Strings) -> Self {
        HBars {
            rows,
            markers: &[],
            theme,
            more: 0,
            min: 0,
            max: None,
            strings,
            value_width: 0,
            zones: &[],
            blank: false,
        }
    }

    /// Colours by stretch of the axis: `zones[k]` from the k-th marker on (`zones[0]` below
    /// the first).
    pub fn zones(mut self, zones: &'a [Style]) -> Self {
        self.zones = zones;
        self
    }

    /// Blank bars on a coloured background on a live terminal (see `Theme::bar_cell`).
    pub fn blank(mut self) -> Self {
        self.blank = true;
        self
    }

    pub fn markers(mut self, markers: &'a [i64]) -> Self {
        self.markers = markers;
        self
    }

    pub fn more(mut self, more: usize) -> Self {
        self.more = more;
        self
    }

    pub fn value_width(mut self, cols: usize) -> Self {
        self.value_width = cols;
        self
    }

    pub fn axis(mut self, min: i64, max: Option<i64>) -> Self {
        self.min = min;
        self.max = max;
        self
    }

    /// The value the bars are scaled to: the explicit maximum, or the largest row that is
    /// not an outlier (and the markers).
    fn scale_max(&self) -> i64 {
        if let Some(max) = self.max {
            return max.max(1);
        }
        let median = median(self.rows.iter().map(|r| r.value));
        self.rows
            .iter()
            .map(|r| r.value)
            .filter(|&v| !crate::data::indicators::is_outlier(v, median))
            .chain(self.markers.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// The median of some values (the upper one of an even count); 0 for none.
pub fn median(values: impl Iterator<Item = i64>) -> i64 {
    let mut v: Vec<i64> = values.collect();
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

impl Widget for HBars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() || self.rows.is_empty() {
            return;
        }
        let label_w = self
            .rows
            .iter()
            .map(|r| width(&r.label))
            .max()
            .unwrap_or(0)
            .min(usize::from(area.width) / 3);
        let max = self.scale_max();
        let min = self.min.clamp(0, max - 1);
        let clipped = |v: i64| v > max;
        let mark = warn_mark(self.theme);
        // Flagged rows (a warning, or cut short) carry the mark before their value.
        let flagged = |r: &BarRow| r.warned || clipped(r.value);
        let any_flag = self.rows.iter().any(flagged);
        let text_w = self.rows.iter().map(|r| width(&r.text)).max().unwrap_or(0)
            + if any_flag { width(mark) } else { 0 };
        let text_w = text_w.max(self.value_width);
        let used = label_w + text_w + 2;
        let bar_w = usize::from(area.width).saturating_sub(used);
        let span = i128::from(max - min);
        let scale = |v: i64| -> usize {
            let v = i128::from(v.clamp(min, max) - min);
            ((v * bar_w as i128 + span / 2) / span) as usize
        };
        let height = usize::from(area.height);
        let hidden = self.rows.len().saturating_sub(height) + self.more;
        for (i, row) in self.rows.iter().take(height).enumerate() {
            let y = area.y + i as u16;
            if hidden > 0 && i == height - 1 {
                let more = self.strings.more_rows(hidden + 1, self.theme.ascii);
                buf.set_stringn(area.x, y, more, usize::from(area.width), self.theme.dim());
                break;
            }
            let label = pad_right(&row.label, label_w);
            buf.set_stringn(area.x, y, &label, label_w, self.theme.text());
            let bar_x = area.x + label_w as u16 + 1;
            if bar_w > 0 {
                // The bar is written straight into the buffer: one string per row, markers
                // on top, so a frame costs no allocation per cell.
                let filled = scale(row.value).min(bar_w);
                if self.zones.is_empty() && !self.blank {
                    let bar = self.theme.bar_glyph().repeat(filled);
                    buf.set_stringn(bar_x, y, &bar, filled, row.style);
                } else {
                    // The columns where each marker's stretch starts (a marker at or below
                    // a zoomed axis's start is at column 0).
                    let starts: Vec<usize> = self.markers.iter().map(|&m| scale(m)).collect();
                    for c in 0..filled {
                        let style = if self.zones.is_empty() {
                            row.style
                        } else {
                            let zone = starts.iter().filter(|&&s| s <= c).count();
                            self.zones[zone.min(self.zones.len() - 1)]
                        };
                        let (symbol, style) = if self.blank {
                            self.theme.bar_cell(style)
                        } else {
                            (self.theme.bar_glyph(), style)
                        };
                        buf[(bar_x + c as u16, y)]
                            .set_symbol(symbol)
                            .set_style(style);
                    }
                }
                // Marks drawn over a bar replace its cell whole (a blank bar's background
                // or reverse video does not stay under them).
                for m in self.markers {
                    if *m <= min {
                        continue;
                    }
                    let column = scale(*m).min(bar_w.saturating_sub(1));
                    let cell = &mut buf[(bar_x + column as u16, y)];
                    cell.reset();
                    cell.set_symbol(self.theme.marker_glyph())
                        .set_style(self.theme.marker());
                }
                // Break marks: where a zoomed axis leaves out the start, and where a bar
                // too long to draw is cut.
                if min > 0 {
                    let cell = &mut buf[(bar_x, y)];
                    cell.reset();
                    cell.set_symbol("~").set_style(self.theme.marker());
                }
                if clipped(row.value) && bar_w >= 4 {
                    let x = bar_x + bar_w as u16 - 3;
                    for dx in 0..3 {
                        buf[(x + dx, y)].reset();
                    }
                    buf.set_stringn(x, y, " ~ ", 3, self.theme.warning());
                }
            }
            let text_x = bar_x + bar_w as u16 + u16::from(bar_w > 0);
            let room = usize::from(area.right().saturating_sub(text_x));
            let text = if flagged(row) {
                format!("{mark}{}", row.text)
            } else {
                row.text.clone()
            };
            let style = if flagged(row) {
                self.theme.warning()
            } else {
                self.theme.value()
            };
            buf.set_stringn(text_x, y, pad_left(&text, text_w), room, style);
        }
    }
}

/// Draws a table of the rows on screen with the selected one marked by the theme's
/// symbol as well as its style (so it shows without colour). `selected` is the index
/// within `rows`.
pub fn render_selectable_table(
    rows: Vec<ratatui::widgets::Row<'_>>,
    widths: &[ratatui::layout::Constraint],
    header: ratatui::widgets::Row<'_>,
    selected: usize,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::{HighlightSpacing, StatefulWidget, Table, TableState};
    let table = Table::new(rows, widths.iter().copied())
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selected())
        .highlight_symbol(theme.highlight_symbol())
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(selected));
    StatefulWidget::render(table, area, buf, &mut state);
}

/// The first row to draw so that `selected` is on screen in a table of `rows` visible
/// rows, and how many rows to build: only the window on screen is ever built.
pub fn window(selected: usize, rows: usize) -> (usize, usize) {
    let rows = rows.max(1);
    (selected.saturating_sub(rows - 1), rows)
}

/// A sparkline of `values` as text, scaled between their own smallest and largest value so
/// that the shape of each village's trend shows.
pub fn sparkline(values: &[u64], theme: Theme) -> String {
    let glyphs = theme.spark_glyphs();
    let (Some(&lo), Some(&hi)) = (values.iter().min(), values.iter().max()) else {
        return String::new();
    };
    let span = (hi - lo).max(1);
    values
        .iter()
        .map(|v| {
            let level = ((v - lo) as u128 * (glyphs.len() as u128 - 1) / span as u128) as usize;
            glyphs[level.min(glyphs.len() - 1)]
        })
        .collect()
}

/// A line of text cut to `cols` display columns.
pub fn cut(s: &str, cols: u16) -> String {
    truncate(s, usize::from(cols))
}

/// Writes a styled string at (x, y), cut to the area's width by display columns.
pub fn put(buf: &mut Buffer, area: Rect, dy: u16, text: &str, style: Style) {
    if dy >= area.height {
        return;
    }
    buf.set_stringn(
        area.x,
        area.y + dy,
        cut(text, area.width),
        usize::from(area.width),
        style,
    );
}

/// Writes a line of spans at (x, y), cut to the area's width.
pub fn put_line(buf: &mut Buffer, area: Rect, dy: u16, line: &Line) {
    if dy >= area.height {
        return;
    }
    buf.set_line(area.x, area.y + dy, line, area.width);
}

/// Label/value pairs laid out as tiles in as many aligned columns as fit; returns the
/// number of lines used.
pub fn tiles(buf: &mut Buffer, area: Rect, pairs: &[(String, String)], theme: Theme) -> u16 {
    let tile_width = |(l, v): &(String, String)| width(l) + width(v) + 1;
    let column_widths = |columns: usize| -> Vec<usize> {
        (0..columns)
            .map(|c| {
                pairs
                    .iter()
                    .skip(c)
                    .step_by(columns)
                    .map(tile_width)
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    };
    let columns = (1..=pairs.len().max(1))
        .rev()
        .find(|&n| {
            let widths = column_widths(n);
            widths.iter().sum::<usize>() + 2 * (n - 1) <= usize::from(area.width)
        })
        .unwrap_or(1);
    let widths = column_widths(columns);
    let mut lines = 0;
    for (i, chunk) in pairs.chunks(columns).enumerate() {
        let mut spans = Vec::new();
        for (c, (label, value)) in chunk.iter().enumerate() {
            spans.push(Span::styled(format!("{label} "), theme.dim()));
            spans.push(Span::styled(value.clone(), theme.value()));
            let pad = widths[c].saturating_sub(tile_width(&(label.clone(), value.clone())));
            spans.push(Span::raw(" ".repeat(pad + 2)));
        }
        put_line(buf, area, i as u16, &Line::from(spans));
        lines += 1;
    }
    lines
}

/// Splits text into lines of at most `cols` display columns, breaking after a space or
/// before or after a wide (Chinese) character, never inside a run of other characters (an
/// identifier, a number, a path) unless that run alone is wider than a line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    if cols == 0 {
        return Vec::new();
    }
    // Pieces that are never split: a wide character, or a run of narrow non-space
    // characters; each with the spaces that follow it.
    let mut pieces: Vec<(String, String)> = Vec::new();
    let mut lead = String::new();
    for ch in text.chars() {
        let wide = width(ch.encode_utf8(&mut [0; 4])) > 1;
        if ch == ' ' && pieces.is_empty() {
            lead.push(ch);
            continue;
        }
        match pieces.last_mut() {
            Some((_, spaces)) if ch == ' ' => spaces.push(ch),
            Some((word, spaces))
                if !wide
                    && spaces.is_empty()
                    && word
                        .chars()
                        .last()
                        .is_some_and(|c| width(c.encode_utf8(&mut [0; 4])) <= 1) =>
            {
                word.push(ch);
            }
            _ => pieces.push((ch.to_string(), String::new())),
        }
    }
    let mut lines = Vec::new();
    let mut line = lead;
    for (word, spaces) in pieces {
        let room = cols.saturating_sub(width(&line));
        if width(&word) > room && !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        let mut word = word.as_str();
        // A piece wider than a whole line is cut where it must.
        while width(&line) + width(word) > cols {
            let part = truncate_plain(word, cols.saturating_sub(width(&line)).max(1));
            if part.is_empty() {
                break;
            }
            word = &word[part.len()..];
            line.push_str(&part);
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(word);
        line.push_str(&spaces);
    }
    let last = line.trim_end();
    if !last.is_empty() {
        lines.push(last.to_string());
    }
    lines
}

fn truncate_plain(text: &str, cols: usize) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        let mut next = out.clone();
        next.push(ch);
        if width(&next) > cols {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        truncate(text, cols)
    } else {
        out
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn wraps_between_words_and_after_chinese_never_inside_an_identifier() {
        assert_eq!(
            wrap("error: did you mean `households`? expected", 20),
            ["error: did you mean", "`households`?", "expected"]
        );
        assert_eq!(
            wrap("数据文件有错误请修改", 8),
            ["数据文件", "有错误请", "修改"]
        );
        assert_eq!(
            wrap("未知的键 `househods`:", 12),
            ["未知的键", "`househods`:"]
        );
        assert_eq!(
            wrap("config/villages.toml:40:1", 10),
            ["config/vil", "lages.toml", ":40:1"]
        );
        assert_eq!(wrap("40 | househods = 88", 80), ["40 | househods = 88"]);
        assert_eq!(wrap("   | ^^^", 80), ["   | ^^^"]);
    }
}
