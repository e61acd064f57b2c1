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
            format!("{}{city}", k.display_name(s.english()))
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
        ]),
    );
}

/// The table of townships and the county total under it.
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
    // Name column: as wide as the longest name (at most 16), the rest fixed.
    let name_of = |i: usize| -> String {
        let t = &c.townships[i];
        match t.app.data() {
            Some(d) => {
                let n = s.name(&d.township.name, d.township.name_en.as_deref());
                crate::text::sanitize(n)
            }
            None => crate::text::sanitize(&t.folder),
        }
    };
    let names: Vec<String> = (0..c.townships.len()).map(name_of).collect();
    let fixed: [u16; 8] = [4, 4, 6, 6, 10, 7, 4, 4];
    let fixed_sum: u16 = fixed.iter().sum::<u16>() + 9 + 2;
    let name_w = names
        .iter()
        .map(|n| crate::text::width(n))
        .chain([crate::text::width(w.total), crate::text::width(w.township)])
        .max()
        .unwrap_or(8)
        .min(20) as u16;
    let name_w = name_w.min(area.width.saturating_sub(fixed_sum)).max(6);
    let mut widths = vec![Constraint::Length(name_w)];
    widths.extend(fixed.iter().map(|n| Constraint::Length(*n)));
    let right = |text: String, width: u16| crate::text::pad_left(&text, usize::from(width));
    let cells = |name: &str, f: &TownshipFigures| -> Vec<String> {
        let mut v = crate::report::county::row_cells(name, f, s);
        v[0] = cut(&v[0], name_w);
        for (i, width) in fixed.iter().enumerate() {
            v[i + 1] = right(cut(&v[i + 1], *width), *width);
        }
        v
    };
    let header = Row::new(
        crate::report::county::headers(s)
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 {
                    Cell::from(cut(h, name_w))
                } else {
                    Cell::from(right(cut(h, fixed[i - 1]), fixed[i - 1]))
                }
            })
            .collect::<Vec<_>>(),
    )
    .style(theme.header_row());
    // Rows on screen: the table less the header, the rule and the total row.
    let room = usize::from(area.height.saturating_sub(3)).max(1);
    let (first, count) = super::widgets::window(c.selected, room);
    let rows: Vec<Row> = (first..(first + count).min(c.townships.len()))
        .map(|i| match &figures[i] {
            Some(f) => {
                let text = cells(&names[i], f);
                let t = &c.townships[i].app;
                let mut row: Vec<Cell> = text.into_iter().map(Cell::from).collect();
                // Warnings and villages at risk read in the warning colour when not zero.
                if f.warnings > 0 {
                    row[7] =
                        Cell::from(right(f.warnings.to_string(), fixed[6])).style(theme.warning());
                }
                if f.at_risk > 0 {
                    row[8] =
                        Cell::from(right(f.at_risk.to_string(), fixed[7])).style(theme.warning());
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
    let rule_w = usize::from(name_w + fixed_sum - 2).min(usize::from(area.width));
    let rule = if theme.ascii { "-" } else { "─" };
    put(buf, area, y, &rule.repeat(rule_w), theme.border());
    // The total row, under the rule, aligned with the table's columns (after its marker).
    let marker = crate::text::width(theme.highlight_symbol());
    let mut line = " ".repeat(marker);
    for (i, cell) in cells(w.total, &total).into_iter().enumerate() {
        let width = if i == 0 { name_w } else { fixed[i - 1] };
        if i == 0 {
            line.push_str(&crate::text::pad_right(&cell, usize::from(width)));
        } else {
            line.push(' ');
            line.push_str(&crate::text::pad_left(&cell, usize::from(width)));
        }
    }
    put(buf, area, y + 1, &line, theme.value());
    if y + 3 < area.height {
        put(buf, area, y + 3, w.summed_note, theme.dim());
    }
}
