//! Tab 4, Projects: each project with its villages, category, area, jobs and income to the
//! village collectives, as a table and a chart.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
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
    // Wide terminals: the table on the left, the annual income on the right.
    let (table_area, chart_area) = if area.width >= WIDE {
        let [t, c] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .spacing(3)
            .areas(area);
        (t, Some(c))
    } else {
        (area, None)
    };
    // The name takes whatever room the fixed columns leave.
    let fixed = 2 + villages_w + category_w + 5 + 4 + 5 + 6;
    let name_w = table_area.width.saturating_sub(fixed).clamp(12, 40);
    let unit = s.chart_money_unit;
    let header = Row::new(vec![
        Cell::from(pad_right(s.projects, name_w.into())),
        Cell::from(pad_right(s.col_villages, villages_w.into())),
        Cell::from(pad_right(s.col_category, category_w.into())),
        Cell::from(pad_left(s.col_area, 5)),
        Cell::from(pad_left(s.col_jobs, 4)),
        Cell::from(pad_left(s.col_started, 5)),
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
            let name = s.name(&p.name, p.name_en.as_deref()).to_string();
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
                    .map(|v| s.name(&v.name, v.name_en.as_deref()))
                    .collect();
                let more = p.villages.len().saturating_sub(names.len());
                let more_text = format!("+{more}");
                if more > 0 {
                    names.push(&more_text);
                }
                names.join(",")
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
    ];
    super::widgets::render_selectable_table(
        rows,
        &widths,
        header,
        app.project_selected - offset,
        theme,
        Rect::new(table_area.x, table_area.y, table_area.width, table_h),
        buf,
    );

    // Annual figures, by project and year, kept apart from the dated facts in the table.
    let (chart, mut y) = match chart_area {
        Some(c) => (c, 0),
        None => (area, table_h + 1),
    };
    put(
        buf,
        chart,
        y,
        &format!("{} ({unit})", s.annual_income),
        theme.heading(),
    );
    y += 1;
    // Yearly figures with no year (the coal park's 50万元 a year) are written out apart.
    let annual: Vec<String> = data
        .projects
        .iter()
        .filter_map(|p| {
            let a = p.annual_income_yuan.as_ref()?;
            let name = s.name(&p.name, p.name_en.as_deref());
            Some(format!(
                "{name}: {}",
                s.total(&Total::from_qualified("", a), Unit::Yuan)
            ))
        })
        .collect();
    // One bar per project and year. Only the bars that fit are built (a national data set
    // has thousands of projects); the scale is still that of every bar.
    let (total, scale) = loaded.project_bars();
    let room = usize::from(chart.height.saturating_sub(y + annual.len() as u16));
    let by_project: Vec<BarRow> = data
        .projects
        .iter()
        .flat_map(|p| {
            let name = s.name(&p.name, p.name_en.as_deref());
            p.collective_income_yuan
                .iter()
                .map(move |(year, f)| (name, year, f))
        })
        .take(room)
        .map(|(name, year, f)| {
            let mut row = BarRow::new(
                format!("{year} {name}"),
                f.value,
                chart_value(app, f.value),
                theme.bar(),
            );
            row.warned = app.warning_at(f.at).is_some();
            row
        })
        .collect();
    for line in &annual {
        put(buf, chart, y, line, theme.value());
        y += 1;
    }
    if total == 0 {
        if annual.is_empty() {
            put(buf, chart, y, s.none, theme.dim());
            y += 1;
        }
    } else {
        let mut bars = HBars::new(&by_project, theme, s);
        if by_project.len() < total {
            bars = bars.more(total - by_project.len()).axis(0, Some(scale));
        }
        let h = (by_project.len() as u16).min(chart.height.saturating_sub(y));
        bars.render(
            Rect::new(chart.x, chart.y + y, chart.width.min(100), h),
            buf,
        );
        y += h;
    }
    y += 1;
    if total > 1 || ind.project_income_by_year.len() > 1 {
        put(
            buf,
            chart,
            y,
            &format!("{} ({unit})", s.project_income),
            theme.heading(),
        );
        y += 1;
        let by_year: Vec<BarRow> = ind
            .project_income_by_year
            .iter()
            .map(|(year, v)| BarRow::new(year.to_string(), *v, chart_value(app, *v), theme.bar()))
            .collect();
        let h = (by_year.len() as u16).min(chart.height.saturating_sub(y));
        HBars::new(&by_year, theme, s).render(
            Rect::new(chart.x, chart.y + y, chart.width.min(100), h),
            buf,
        );
        y += h + 1;
    }
    let assumed = data
        .projects
        .iter()
        .any(|p| p.started_provenance.is_marked());
    if data.projects.iter().any(|p| p.illustrative) || assumed {
        put(buf, chart, y, s.mark_legend, theme.dim());
    }
}

/// From this width the table and the income chart stand side by side.
const WIDE: u16 = 120;
