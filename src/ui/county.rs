//! A county's overview: one row per township (villages, at or above the two targets,
//! collective income and its change, warnings, villages at risk) and the county's total.
//! Enter opens a township's own dashboard.
//!
//! ```text
//! 清水河县  呼和浩特市  3个乡镇                                  heading
//!   乡镇        年份  村  达10万  达20万  集体收入    同比  警告  预警
//! > 韭菜庄乡    2023  16   16/16    7/16   280.7万*  +26.8%     0     0
//!   ...
//!   全县合计    2023  46   ...
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};

use super::widgets::{cut, put, put_line};
use crate::app::{App, CountyState};
use crate::data::county::TownshipFigures;

/// The heading line: the county, its city and how many townships.
pub fn render_heading(app: &App, c: &CountyState, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let w = s.county();
    let name = c
        .county
        .as_ref()
        .map(|k| {
            let city = if s.english() {
                String::new()
            } else {
                format!("  {}", k.city)
            };
            format!("{}{city}", s.name(&k.name, k.name_en.as_deref()))
        })
        .unwrap_or_default();
    put_line(
        buf,
        area,
        0,
        &Line::from(vec![
            Span::styled(cut(&name, area.width), theme.title()),
            Span::raw("  "),
            Span::styled((w.townships)(c.townships.len()), theme.dim()),
            // What the `*` on the incomes means.
            Span::styled(
                if c.townships.iter().any(|t| {
                    t.app
                        .loaded
                        .as_ref()
                        .is_some_and(|l| l.indicators.income_total_illustrative)
                }) {
                    format!("   {}", s.mark_legend_short)
                } else {
                    String::new()
                },
                theme.dim(),
            ),
        ]),
    );
}

/// The table of townships and the county total under it. Narrow, the year and then the
/// warning count give way before the township's name is cut.
pub fn render(app: &App, c: &CountyState, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let w = s.county();
    if area.height < 3 {
        return;
    }
    let figures: Vec<Option<TownshipFigures>> = c
        .townships
        .iter()
        .map(|t| {
            t.app
                .loaded
                .as_ref()
                .map(|l| TownshipFigures::of(&l.data, &l.indicators, t.app.warnings.len()))
        })
        .collect();
    let total = TownshipFigures::sum(&figures.iter().flatten().copied().collect::<Vec<_>>());
    let names: Vec<String> = c
        .townships
        .iter()
        .map(|t| match t.app.data() {
            Some(d) => {
                crate::text::sanitize(s.name(&d.township.name, d.township.name_en.as_deref()))
            }
            None => crate::text::sanitize(&t.folder),
        })
        .collect();
    // Widths of the columns after the name: year, villages, at floor, at strong, income,
    // change, warnings, at risk.
    const WIDTHS: [u16; 8] = [4, 5, 6, 6, 10, 8, 4, 4];
    let marker = crate::text::width(theme.highlight_symbol()) as u16;
    let wanted = names
        .iter()
        .map(|n| crate::text::width(n) + 2)
        .chain([crate::text::width(w.total), crate::text::width(w.township)])
        .max()
        .unwrap_or(8)
        .min(24) as u16;
    let mut keep: Vec<usize> = (0..8).collect();
    let used = |keep: &[usize]| keep.iter().map(|&i| WIDTHS[i] + 1).sum::<u16>() + marker;
    for drop in [0, 6] {
        if used(&keep) + wanted > area.width {
            keep.retain(|&i| i != drop);
        }
    }
    let name_w = wanted.min(area.width.saturating_sub(used(&keep))).max(6);
    let mut widths = vec![Constraint::Length(name_w)];
    widths.extend(keep.iter().map(|&i| Constraint::Length(WIDTHS[i])));
    let right =
        |text: &str, width: u16| crate::text::pad_left(&cut(text, width), usize::from(width));
    // One row's cells, the name first, each cut and aligned to its column.
    let cells = |name: &str, f: &TownshipFigures| -> Vec<String> {
        let v = crate::report::county::row_cells(name, f, s);
        std::iter::once(cut(&v[0], name_w))
            .chain(keep.iter().map(|&i| right(&v[i + 1], WIDTHS[i])))
            .collect()
    };
    let heads = crate::report::county::headers(s);
    let header = Row::new(
        std::iter::once(Cell::from(cut(heads[0], name_w)))
            .chain(
                keep.iter()
                    .map(|&i| Cell::from(right(heads[i + 1], WIDTHS[i]))),
            )
            .collect::<Vec<_>>(),
    )
    .style(theme.header_row());
    // Rows on screen: the table less the header, the rule and the total row.
    let room = usize::from(area.height.saturating_sub(3)).max(1);
    let (first, count) = super::widgets::window(c.selected, room);
    let rows: Vec<Row> = (first..(first + count).min(c.townships.len()))
        .map(|i| match &figures[i] {
            Some(f) => {
                let t = &c.townships[i].app;
                let mut row: Vec<Cell> = cells(&names[i], f).into_iter().map(Cell::from).collect();
                // Warnings and villages at risk read in the warning colour when not zero.
                for (col, n) in [(6, f.warnings), (7, f.at_risk)] {
                    if let Some(pos) = keep.iter().position(|&k| k == col)
                        && n > 0
                    {
                        row[pos + 1] =
                            Cell::from(right(&n.to_string(), WIDTHS[col])).style(theme.warning());
                    }
                }
                // Files with errors: the last good figures, with the name marked.
                if !t.errors.is_empty() {
                    row[0] =
                        Cell::from(cut(&format!("! {}", names[i]), name_w)).style(theme.warning());
                }
                Row::new(row)
            }
            None => Row::new(vec![
                Cell::from(cut(&format!("! {}", names[i]), name_w)).style(theme.warning()),
                Cell::from(w.has_errors).style(theme.warning()),
            ]),
        })
        .collect();
    let shown = rows.len() as u16;
    super::widgets::render_selectable_table(
        rows,
        &widths,
        header,
        c.selected - first,
        theme,
        Rect::new(area.x, area.y, area.width, shown + 1),
        buf,
    );
    let more = c.townships.len().saturating_sub(first + count);
    let mut y = shown + 1;
    if more > 0 {
        put(buf, area, y, &s.more_rows(more, theme.ascii), theme.dim());
        y += 1;
    }
    let rule_w = usize::from(name_w + used(&keep)).min(usize::from(area.width));
    let rule = if theme.ascii { "-" } else { "─" };
    put(buf, area, y, &rule.repeat(rule_w), theme.border());
    // The total row, under the rule, aligned with the table's columns (after its marker).
    let mut line = " ".repeat(usize::from(marker));
    for (i, cell) in cells(w.total, &total).into_iter().enumerate() {
        if i == 0 {
            line.push_str(&crate::text::pad_right(&cell, usize::from(name_w)));
        } else {
            line.push(' ');
            line.push_str(&cell);
        }
    }
    put(buf, area, y + 1, &line, theme.value());
    let mut notes = super::widgets::wrap(w.summed_note, usize::from(area.width));
    if total.partial_year {
        notes.extend(super::widgets::wrap(
            w.partial_note,
            usize::from(area.width),
        ));
    }
    for (i, line) in notes.iter().enumerate() {
        let row = y + 3 + i as u16;
        if row < area.height {
            put(buf, area, row, line, theme.dim());
        }
    }
}
