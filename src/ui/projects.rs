//! Tab 4, Projects: each project with its villages, category, area, jobs and income to the
//! village collectives, as a table and a chart.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row, Widget};

use super::overview::chart_value;
use super::widgets::{BarRow, HBars, put, window};
use crate::app::{App, Loaded};
use crate::data::indicators::Total;
use crate::i18n::Unit;
use crate::text::{pad_left, pad_right};

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let villages_w: u16 = if s.english() { 12 } else { 14 };
    let category_w: u16 = if s.english() { 10 } else { 4 };
    let income_w: u16 = 14;
    // The name takes whatever room the fixed columns leave.
    let fixed = 2 + villages_w + category_w + 5 + 4 + 5 + income_w + 7;
    let name_w = area.width.saturating_sub(fixed).clamp(12, 40);
    let unit = s.chart_money_unit;
    let header = Row::new(vec![
        Cell::from(pad_right(s.projects, name_w.into())),
        Cell::from(pad_right(s.col_villages, villages_w.into())),
        Cell::from(pad_right(s.col_category, category_w.into())),
        Cell::from(pad_left(s.col_area, 5)),
        Cell::from(pad_left(s.col_jobs, 4)),
        Cell::from(pad_left(s.col_started, 5)),
        Cell::from(pad_left(
            &format!("{} ({unit})", s.col_collective),
            income_w.into(),
        )),
    ])
    .style(theme.header_row());
    let table_h = (u16::try_from(data.projects.len()).unwrap_or(u16::MAX - 1) + 1)
        .min(area.height.saturating_sub(3).max(2));
    let (offset, visible) = window(app.project_selected, usize::from(table_h) - 1);
    let rows: Vec<Row> = data
        .projects
        .iter()
        .skip(offset)
        .take(visible)
        .map(|p| {
            let name = match (&p.name_en, s.english()) {
                (Some(en), true) => en.clone(),
                _ => p.name.clone(),
            };
            let villages = if p.township_wide {
                s.township_wide.to_string()
            } else if p.villages.is_empty() {
                s.place_unpublished.to_string()
            } else {
                // The cell shows a few names at most; the rest is counted.
                let mut names: Vec<&str> = p
                    .villages
                    .iter()
                    .take(3)
                    .filter_map(|i| data.villages.get(*i))
                    .map(|v| v.display_name(s.english()))
                    .collect();
                let more = p.villages.len().saturating_sub(names.len());
                let more_text = format!("+{more}");
                if more > 0 {
                    names.push(&more_text);
                }
                names.join(",")
            };
            let income = match (
                &p.annual_income_yuan,
                p.collective_income_yuan.iter().next_back(),
            ) {
                (Some(a), _) => format!(
                    "{}{}/{}",
                    chart_value(app, a.value),
                    s.mark(a.illustrative()),
                    s.per_year
                ),
                (None, Some((y, f))) => {
                    format!(
                        "{}{} ({y})",
                        chart_value(app, f.value),
                        s.mark(p.illustrative)
                    )
                }
                (None, None) => "-".to_string(),
            };
            let started = p.started.map_or_else(
                || "-".into(),
                |y| format!("{y}{}", s.mark(p.started_provenance.is_marked())),
            );
            let name = format!("{name}{}", s.mark(p.illustrative));
            Row::new(vec![
                Cell::from(pad_right(&name, name_w.into())),
                Cell::from(pad_right(&villages, villages_w.into())),
                Cell::from(pad_right(s.project_category(p.category), category_w.into())),
                Cell::from(pad_left(
                    &p.area_mu.map_or_else(|| "-".into(), |a| a.to_string()),
                    5,
                )),
                Cell::from(pad_left(
                    &p.jobs.map_or_else(|| "-".into(), |j| j.to_string()),
                    4,
                )),
                Cell::from(pad_left(&started, 5)),
                Cell::from(pad_left(&income, income_w.into())),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(name_w),
        Constraint::Length(villages_w),
        Constraint::Length(category_w),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Length(5),
        Constraint::Length(income_w),
    ];
    super::widgets::render_selectable_table(
        rows,
        &widths,
        header,
        app.project_selected - offset,
        theme,
        Rect::new(area.x, area.y, area.width, table_h),
        buf,
    );

    let mut y = table_h + 1;
    put(
        buf,
        area,
        y,
        &format!("{} ({unit})", s.project_income),
        theme.heading(),
    );
    y += 1;
    let by_year: Vec<BarRow> = ind
        .project_income_by_year
        .iter()
        .map(|(year, v)| BarRow {
            label: year.to_string(),
            value: *v,
            text: chart_value(app, *v),
            style: theme.bar(),
        })
        .collect();
    let annual: Vec<String> = data
        .projects
        .iter()
        .filter_map(|p| {
            let a = p.annual_income_yuan.as_ref()?;
            let name = match (&p.name_en, s.english()) {
                (Some(en), true) => en.as_str(),
                _ => p.name.as_str(),
            };
            Some(format!(
                "{name}: {}",
                s.total(&Total::from_qualified("", a), Unit::Yuan)
            ))
        })
        .collect();
    for line in &annual {
        put(buf, area, y, line, theme.value());
        y += 1;
    }
    if by_year.is_empty() {
        if annual.is_empty() {
            put(buf, area, y, s.none, theme.dim());
            y += 1;
        }
    } else {
        let h = (by_year.len() as u16).min(area.height.saturating_sub(y));
        HBars {
            rows: &by_year,
            markers: &[],
            theme,
            more: 0,
        }
        .render(Rect::new(area.x, area.y + y, area.width.min(72), h), buf);
        y += h;
    }
    let assumed = data
        .projects
        .iter()
        .any(|p| p.started_provenance.is_marked());
    if data.projects.iter().any(|p| p.illustrative) || assumed {
        put(buf, area, y + 1, s.mark_legend, theme.dim());
    }
}
