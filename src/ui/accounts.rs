//! The collective accounts on screen: the early-warning list of the overview, the accounts
//! cells of the villages table, and income by source as stacked bars with the targets in
//! the village detail.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::overview::chart_value;
use super::theme::Theme;
use super::widgets::{put, put_line};
use crate::app::{App, Loaded};
use crate::data::accounts::{AccountsRow, Source};
use crate::report::accounts::{percent_text, reasons_text};
use crate::text::{pad_left, pad_right, truncate, width};

/// The glyph of each source in a stacked bar: distinct shapes, so the parts can be told
/// apart without colour.
fn source_glyph(theme: Theme, source: Source) -> &'static str {
    let (ascii, blocks) = match source {
        Source::Operating => ("#", "█"),
        Source::Contracting => ("=", "▓"),
        Source::Investment => ("+", "▒"),
        Source::Subsidy => (".", "░"),
        Source::Other => (":", ":"),
    };
    if theme.ascii { ascii } else { blocks }
}

/// One cell of a source's part of a stacked bar: its glyph in its colour, or, on a live
/// terminal with colour (`Theme::blank_bar_cells`), a blank on its colour (one byte a cell
/// instead of three). Without colour the glyphs stay: their shapes tell the sources apart.
fn source_cell(theme: Theme, source: Source) -> (&'static str, Style) {
    let style = source_style(theme, source);
    match style.fg {
        Some(fg) if theme.blank_bar_cells() => (" ", Style::new().bg(fg)),
        _ => (source_glyph(theme, source), style),
    }
}

fn source_style(theme: Theme, source: Source) -> Style {
    if !theme.color {
        return Style::new();
    }
    Style::new().fg(match source {
        Source::Operating => Color::Green,
        Source::Contracting => Color::Cyan,
        Source::Investment => Color::Blue,
        Source::Subsidy => Color::Yellow,
        Source::Other => Color::Magenta,
    })
}

/// The glyph marking a village's own target on its bar.
const TARGET_GLYPH: &str = "T";

/// The early-warning list of the overview: a heading, then one village a line with its
/// reasons, at most `area.height` lines (the last says how many more). Returns the lines
/// used.
pub fn render_at_risk(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) -> u16 {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let a = s.accounts();
    if area.height == 0 {
        return 0;
    }
    let at_risk = &ind.accounts.at_risk;
    // With nobody at risk the tile's 0 says it all; the chart keeps the room.
    if at_risk.is_empty() {
        return 0;
    }
    let year = ind.latest_year.map(|y| s.year(y)).unwrap_or_default();
    let mut heading = vec![Span::styled(
        format!("{year} {}: ", a.at_risk_list),
        theme.heading(),
    )];
    heading.push(Span::styled(
        (a.villages_at_risk)(at_risk.len()),
        theme.warning(),
    ));
    put_line(buf, area, 0, &Line::from(heading));
    let room = usize::from(area.height - 1);
    let names: Vec<String> = at_risk
        .iter()
        .map(|&i| {
            s.name(&data.villages[i].name, data.villages[i].name_en.as_deref())
                .to_string()
        })
        .collect();
    let name_w = names.iter().map(|n| width(n)).max().unwrap_or(0).min(16);
    let mut y = 1;
    for (n, (&i, name)) in at_risk.iter().zip(&names).enumerate() {
        if y > room as u16 {
            break;
        }
        if n + 1 == room && at_risk.len() > room {
            put(
                buf,
                area,
                y,
                &format!("  +{}", at_risk.len() - n),
                theme.dim(),
            );
            y += 1;
            break;
        }
        let reasons = reasons_text(&ind.accounts.rows[i], s);
        put_line(
            buf,
            area,
            y,
            &Line::from(vec![
                Span::styled("! ", theme.warning()),
                Span::styled(pad_right(&truncate(name, name_w), name_w + 2), theme.text()),
                Span::styled(reasons, theme.warning()),
            ]),
        );
        y += 1;
    }
    y
}

/// The operating figure of the villages table: income less subsidies, `未分` where the
/// operating basis has to judge on the total, `-` where there is no breakdown.
pub fn operating_cell(app: &App, row: &AccountsRow) -> String {
    match (row.operating, row.no_breakdown) {
        (Some(o), _) => chart_value(app, o),
        (None, true) => app.strings.accounts().no_breakdown_short.to_string(),
        (None, false) => "-".to_string(),
    }
}

pub fn target_cell(app: &App, row: &AccountsRow) -> String {
    row.target
        .map_or_else(|| "-".to_string(), |t| chart_value(app, t))
}

pub fn percent_cell(row: &AccountsRow) -> String {
    row.target_percent
        .map_or_else(|| "-".to_string(), percent_text)
}

/// One year of a stacked bar.
struct StackRow {
    label: String,
    /// Yuan per source; `None` when the year has no breakdown (a plain bar of the total).
    parts: Option<[i64; 5]>,
    total: i64,
    target: Option<i64>,
    text: String,
}

/// Income by source as stacked horizontal bars, one per year, with the floor and strong
/// markers (`|`) and the village's own target (`T`).
///
/// `max` and `text_w` are the same for every village (the scale of the whole data, the
/// widest value text), so that the target lines stay at the same columns from village to
/// village, with or without a breakdown.
struct StackedBars<'a> {
    rows: &'a [StackRow],
    markers: &'a [i64],
    theme: Theme,
    max: i64,
    text_w: usize,
}

impl Widget for StackedBars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() || self.rows.is_empty() {
            return;
        }
        let theme = self.theme;
        let label_w = self.rows.iter().map(|r| width(&r.label)).max().unwrap_or(0);
        let text_w = self
            .rows
            .iter()
            .map(|r| width(&r.text))
            .max()
            .unwrap_or(0)
            .max(self.text_w);
        let bar_w = usize::from(area.width).saturating_sub(label_w + text_w + 2);
        let max = self.max.max(1);
        let scale = |v: i64| -> usize {
            ((i128::from(v.max(0)) * bar_w as i128 + i128::from(max) / 2) / i128::from(max))
                as usize
        };
        for (i, row) in self.rows.iter().take(usize::from(area.height)).enumerate() {
            let y = area.y + i as u16;
            buf.set_stringn(
                area.x,
                y,
                pad_right(&row.label, label_w),
                label_w,
                theme.text(),
            );
            let bar_x = area.x + label_w as u16 + 1;
            if bar_w > 0 {
                match row.parts {
                    Some(parts) => {
                        // Each part ends where the running sum ends, so rounding never
                        // makes the stack longer or shorter than the total.
                        let mut sum = 0_i64;
                        let mut drawn = 0;
                        for source in Source::ALL {
                            sum = sum.saturating_add(parts[source as usize]);
                            let end = scale(sum).min(bar_w);
                            if end > drawn {
                                let (symbol, style) = source_cell(theme, source);
                                for c in drawn..end {
                                    buf[(bar_x + c as u16, y)]
                                        .set_symbol(symbol)
                                        .set_style(style);
                                }
                                drawn = end;
                            }
                        }
                    }
                    None => {
                        let filled = scale(row.total).min(bar_w);
                        let (symbol, style) = theme.bar_cell(theme.bar());
                        for c in 0..filled {
                            buf[(bar_x + c as u16, y)]
                                .set_symbol(symbol)
                                .set_style(style);
                        }
                    }
                }
                // The marks replace their cell whole (no bar background under them).
                for m in self.markers {
                    let column = scale(*m).min(bar_w.saturating_sub(1));
                    let cell = &mut buf[(bar_x + column as u16, y)];
                    cell.reset();
                    cell.set_symbol(theme.marker_glyph())
                        .set_style(theme.marker());
                }
                if let Some(t) = row.target {
                    let column = scale(t).min(bar_w.saturating_sub(1));
                    let cell = &mut buf[(bar_x + column as u16, y)];
                    cell.reset();
                    cell.set_symbol(TARGET_GLYPH)
                        .set_style(theme.marker().add_modifier(Modifier::BOLD));
                }
            }
            let text_x = bar_x + bar_w as u16 + u16::from(bar_w > 0);
            let room = usize::from(area.right().saturating_sub(text_x));
            buf.set_stringn(text_x, y, pad_left(&row.text, text_w), room, theme.value());
        }
    }
}

/// The village detail's income chart: heading, legend, one stacked bar per year with the
/// targets, and the latest year's accounts in words. Returns the lines used.
pub fn render_income_by_source(
    app: &App,
    loaded: &Loaded,
    index: usize,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let a = s.accounts();
    let Some(v) = data.villages.get(index) else {
        return 0;
    };
    let floor = data.thresholds.income_floor_yuan;
    let strong = data.thresholds.income_strong_yuan;
    let unit = s.chart_money_unit;
    // A village with no breakdown and no target keeps the plain income chart.
    let by_source = !v.income_by_source.is_empty();
    let title = if by_source {
        a.by_source
    } else {
        s.income_by_year
    };
    let target_legend = if v.target_yuan.is_empty() {
        String::new()
    } else {
        format!("   {TARGET_GLYPH} = {}", a.target)
    };
    // An illustrative village's figures carry the `*`; its meaning goes beside the chart.
    let mark = s.mark(v.illustrative);
    let mark_legend = if v.illustrative {
        format!("   {}", s.mark_legend_short)
    } else {
        String::new()
    };
    let mut heading = Line::from(vec![
        Span::styled(format!("{title} ({unit})"), theme.heading()),
        Span::styled(
            format!(
                "   | = {} / {}{target_legend}",
                s.money_short(floor),
                s.money_short(strong),
            ),
            theme.marker(),
        ),
    ]);
    // Beside the heading where it fits (80 columns and up), else on the line under the bars.
    let legend_below = width(&heading.to_string()) + width(&mark_legend) > usize::from(area.width);
    if !legend_below {
        heading.spans.push(Span::styled(mark_legend, theme.dim()));
    }
    put_line(buf, area, 0, &heading);
    let mut legend = Vec::new();
    for source in Source::ALL {
        let (symbol, style) = source_cell(theme, source);
        legend.push(Span::styled(symbol.repeat(2), style));
        legend.push(Span::styled(
            format!("{}  ", a.sources_short[source as usize]),
            theme.text(),
        ));
    }
    // The legend's line is kept for a village without a breakdown too (blank), and the
    // chart has as many lines as the township's years, so that a `j` from one village to
    // the next moves nothing below.
    if by_source {
        put_line(buf, area, 1, &Line::from(legend));
    }
    let top = 2;

    let rows: Vec<StackRow> = v
        .collective_income_yuan
        .iter()
        .map(|(year, f)| {
            let breakdown = v.income_by_source.get(year);
            let target = v.target_yuan.get(year).map(|t| t.value);
            let mut text = format!("{}{mark}", chart_value(app, f.value));
            if breakdown.is_none()
                && data.thresholds.basis == crate::data::accounts::Basis::Operating
            {
                text = format!("{text} {}", a.no_breakdown);
            }
            StackRow {
                label: year.to_string(),
                parts: breakdown.map(|b| b.values),
                total: f.value,
                target,
                text,
            }
        })
        .collect();
    let h = (rows.len() as u16).min(area.height.saturating_sub(top));
    let years =
        (ind.income_years.len().max(rows.len()) as u16).min(area.height.saturating_sub(top));
    // One scale for all villages, as the plain chart has (ui/villages.rs): the largest
    // income that is not an outlier, and a tenth more.
    let max = ind
        .income_scale_max
        .saturating_add(ind.income_scale_max / 10);
    let mut text_w = crate::text::width(&chart_value(app, max.saturating_mul(10))) + 1;
    if data.thresholds.basis == crate::data::accounts::Basis::Operating {
        text_w += 1 + crate::text::width(a.no_breakdown);
    }
    StackedBars {
        rows: &rows,
        markers: &[floor, strong],
        theme,
        max,
        text_w,
    }
    .render(Rect::new(area.x, area.y + top, area.width.min(72), h), buf);
    let mut y = top + years;
    if legend_below && v.illustrative && y < area.height {
        put(buf, area, y, s.mark_legend_short, theme.dim());
        y += 1;
    }

    // The latest year in words: operating income, target, 完成率 and any reasons, in two
    // lines kept whether they are used or not (the reasons go on the second when they do
    // not fit beside the figures), so that what is below stays put.
    let words_end = y.saturating_add(2).min(area.height);
    if let (Some(row), Some(year)) = (ind.accounts.rows.get(index), ind.latest_year)
        && y < area.height
    {
        let mut parts = vec![s.year(year)];
        match (row.operating, row.no_breakdown) {
            (Some(o), _) => parts.push(format!("{} {}", a.col_operating, s.money(o))),
            (None, true) => parts.push(a.no_breakdown.to_string()),
            (None, false) => {}
        }
        if let Some(t) = row.target {
            parts.push(format!("{} {}", a.col_target, s.money(t)));
        }
        if let Some(p) = row.target_percent {
            parts.push(format!("{} {}", a.col_target_percent, percent_text(p)));
        }
        if parts.len() == 1 && row.reasons.is_empty() {
            // Nothing to say beyond the chart.
            return words_end.max(y);
        }
        let figures = parts.join("   ");
        let reasons =
            (!row.reasons.is_empty()).then(|| format!("{}: {}", a.at_risk, reasons_text(row, s)));
        // The reasons go on the same line when they fit, else on the next.
        match reasons {
            Some(r) if width(&figures) + 3 + width(&r) <= usize::from(area.width) => {
                let line = Line::from(vec![
                    Span::styled(figures, theme.text()),
                    Span::raw("   "),
                    Span::styled(r, theme.warning()),
                ]);
                put_line(buf, area, y, &line);
                y += 1;
            }
            Some(r) => {
                put(buf, area, y, &figures, theme.text());
                if y + 1 < area.height {
                    put(buf, area, y + 1, &r, theme.warning());
                    y += 1;
                }
                y += 1;
            }
            None => {
                put(buf, area, y, &figures, theme.text());
                y += 1;
            }
        }
    }
    words_end.max(y)
}
