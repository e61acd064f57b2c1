//! Tab 2, Villages: every village in a sortable, filterable table; Enter opens one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Widget};

use super::overview::chart_value;
use super::widgets::{BarRow, HBars, put, put_line, sparkline};
use crate::app::{App, Loaded, SortColumn};
use crate::text::{pad_left, pad_right, truncate};

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    match app.villages.detail {
        Some(index) => render_detail(app, loaded, index, area, buf),
        None => render_table(app, loaded, area, buf),
    }
}

/// Column widths, in display columns, for the current language.
struct Columns {
    name: u16,
    income: u16,
    change: u16,
    status: u16,
    oat: u16,
    households: u16,
    branch: u16,
    trend: u16,
    operating: u16,
    target: u16,
    percent: u16,
}

impl Columns {
    fn for_app(app: &App) -> Self {
        if app.strings.english() {
            Columns {
                name: 14,
                income: 9,
                change: 7,
                status: 6,
                oat: 7,
                households: 5,
                branch: 9,
                trend: 6,
                operating: 9,
                target: 7,
                percent: 9,
            }
        } else {
            Columns {
                name: 10,
                income: 9,
                change: 7,
                status: 6,
                oat: 9,
                households: 5,
                branch: 10,
                trend: 6,
                operating: 8,
                target: 6,
                percent: 6,
            }
        }
    }
}

fn header_label(app: &App, column: SortColumn, text: &str) -> String {
    let v = &app.villages;
    if v.sort == Some(column) {
        let arrow = if v.descending { "v" } else { "^" };
        format!("{text}{arrow}")
    } else {
        text.to_string()
    }
}

fn render_table(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let c = Columns::for_app(app);
    let year = ind.latest_year.map_or_else(String::new, |y| y.to_string());
    let (income_unit, oat_unit) = (s.table_income_unit, s.table_oat_unit);
    let title = format!(
        "{} {} ({year})   {}: h/l  s   {}: /   {}",
        app.villages.visible.len(),
        s.village_count_suffix,
        s.sort,
        s.filter,
        s.illustrative_note
    );
    put(buf, area, 0, &title, theme.dim());

    let header = vec![
        Cell::from(pad_right(
            &header_label(app, SortColumn::Name, s.col_name),
            c.name.into(),
        )),
        Cell::from(pad_left(
            &header_label(
                app,
                SortColumn::Income,
                &format!("{}{income_unit}", s.col_income),
            ),
            c.income.into(),
        )),
        Cell::from(pad_left(
            &header_label(app, SortColumn::Change, s.col_change),
            c.change.into(),
        )),
        Cell::from(pad_right(
            &header_label(app, SortColumn::Status, s.col_status),
            c.status.into(),
        )),
        Cell::from(pad_left(s.accounts().col_operating, c.operating.into())),
        Cell::from(pad_left(s.accounts().col_target, c.target.into())),
        Cell::from(pad_left(s.accounts().col_target_percent, c.percent.into())),
        Cell::from(pad_left(
            &header_label(app, SortColumn::Oat, &format!("{}{oat_unit}", s.col_oat)),
            c.oat.into(),
        )),
        Cell::from(pad_left(
            &header_label(app, SortColumn::Households, s.col_households),
            c.households.into(),
        )),
        Cell::from(pad_right(
            &header_label(app, SortColumn::Branch, s.col_branch),
            c.branch.into(),
        )),
        Cell::from(s.col_trend),
    ];
    // The accounts columns come after the status; the columns after them give way, last
    // first, when the terminal is narrow.
    let widths = [
        c.name,
        c.income,
        c.change,
        c.status,
        c.operating,
        c.target,
        c.percent,
        c.oat,
        c.households,
        c.branch,
        c.trend,
    ];
    // Without any breakdown or target in the data, the accounts columns would hold only
    // dashes: they are left out.
    let accounts = ind.accounts.in_use;
    let keep = |i: &usize| accounts || !(4..7).contains(i);
    let widths: Vec<u16> = (0..widths.len()).filter(keep).map(|i| widths[i]).collect();
    let shown = (1..=widths.len())
        .rev()
        .find(|&n| {
            let used: u16 = widths[..n].iter().sum::<u16>() + n as u16 - 1 + 2;
            used <= area.width
        })
        .unwrap_or(1);
    let header = Row::new(
        header
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep(i))
            .map(|(_, c)| c)
            .take(shown),
    )
    .style(theme.header_row());

    let table_area = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    let visible_rows = usize::from(table_area.height.saturating_sub(1)).max(1);
    let selected = app.villages.selected;
    // Only the rows on screen are built, so a province's worth of villages costs no more.
    let (offset, _) = super::widgets::window(selected, visible_rows);
    let rows: Vec<Row> = app
        .villages
        .visible
        .iter()
        .skip(offset)
        .take(visible_rows)
        .map(|&i| {
            let (v, row) = (&data.villages[i], &ind.rows[i]);
            let income = row
                .income
                .map_or_else(|| "-".into(), |y| chart_value(app, y));
            let change = match (row.change, row.previous_income) {
                (Some(ch), Some(prev)) if prev > 0 => {
                    format!("{:+.0}%", ch as f64 * 100.0 / prev as f64)
                }
                _ => "-".into(),
            };
            let change_style = match row.change {
                Some(ch) if ch < 0 => theme.negative(),
                Some(_) => theme.positive(),
                None => theme.dim(),
            };
            let name = format!(
                "{}{}",
                v.display_name(s.english()),
                if v.illustrative { "*" } else { "" }
            );
            let acc = &ind.accounts.rows[i];
            let percent_style = match acc.target_percent {
                Some(p) if p < 100.0 => theme.warning(),
                Some(_) => theme.positive(),
                None => theme.dim(),
            };
            let cells = vec![
                Cell::from(pad_right(&name, c.name.into())),
                Cell::from(pad_left(&income, c.income.into())),
                Cell::from(Span::styled(
                    pad_left(&change, c.change.into()),
                    change_style,
                )),
                Cell::from(Span::styled(
                    pad_right(row.status.map_or("-", |st| s.status(st)), c.status.into()),
                    theme.status(row.status),
                )),
                Cell::from(pad_left(
                    &super::accounts::operating_cell(app, acc),
                    c.operating.into(),
                )),
                Cell::from(pad_left(
                    &super::accounts::target_cell(app, acc),
                    c.target.into(),
                )),
                Cell::from(Span::styled(
                    pad_left(&super::accounts::percent_cell(acc), c.percent.into()),
                    percent_style,
                )),
                Cell::from(pad_left(
                    &row.oat_mu
                        .map_or_else(|| "-".into(), crate::text::thousands),
                    c.oat.into(),
                )),
                Cell::from(pad_left(
                    &v.households
                        .map_or_else(|| "-".into(), |h| h.value.to_string()),
                    c.households.into(),
                )),
                Cell::from(pad_right(
                    v.party_branch.map_or("-", |b| s.branch(b)),
                    c.branch.into(),
                )),
                Cell::from(sparkline(&row.trend, theme)),
            ];
            Row::new(
                cells
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| keep(i))
                    .map(|(_, c)| c)
                    .take(shown),
            )
        })
        .collect();
    if rows.is_empty() {
        put(buf, table_area, 1, s.no_data, theme.dim());
    }
    let widths: Vec<Constraint> = widths
        .iter()
        .take(shown)
        .map(|w| Constraint::Length(*w))
        .collect();
    super::widgets::render_selectable_table(
        rows,
        &widths,
        header,
        selected - offset,
        theme,
        table_area,
        buf,
    );
}

fn render_detail(app: &App, loaded: &Loaded, index: usize, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let (Some(v), Some(row)) = (data.villages.get(index), ind.rows.get(index)) else {
        return;
    };
    let mut title = vec![Span::styled(v.name.clone(), theme.title())];
    if let Some(en) = &v.name_en {
        title.push(Span::styled(format!(" {en}"), theme.title()));
    }
    title.push(Span::styled(
        format!("  ({})  {}", v.id, s.back_hint),
        theme.dim(),
    ));
    put_line(buf, area, 0, &Line::from(title));

    let mut facts = Vec::new();
    if let Some(h) = v.households {
        facts.push(format!("{} {}", s.col_households, s.households(h.value)));
    }
    if let Some(b) = v.party_branch {
        facts.push(format!("{} {}", s.col_branch, s.branch(b)));
    }
    if let Some(st) = row.status {
        facts.push(format!("{} {}", s.col_status, s.status(st)));
    }
    if v.illustrative {
        facts.push(s.illustrative_note.to_string());
    }
    put(buf, area, 1, &facts.join("   "), theme.text());

    let oat_rows: Vec<BarRow> = v
        .oat_grass_mu
        .iter()
        .map(|(year, f)| BarRow {
            label: year.to_string(),
            value: f.value,
            text: format!("{}{}", s.number(f.value), s.mark(v.illustrative)),
            style: theme.bar(),
        })
        .collect();
    // Income by source, stacked per year, with the targets (ui/accounts.rs).
    let mut y = 3;
    y += super::accounts::render_income_by_source(
        app,
        loaded,
        index,
        Rect::new(
            area.x,
            area.y + y,
            area.width,
            area.height.saturating_sub(y),
        ),
        buf,
    );
    y += 1;

    let mu = s.mu_unit;
    put(
        buf,
        area,
        y,
        &format!("{} ({mu})", s.oat_by_year),
        theme.heading(),
    );
    y += 1;
    if oat_rows.is_empty() {
        put(buf, area, y, s.none, theme.dim());
        y += 1;
    } else {
        let h = (oat_rows.len() as u16).min(area.height.saturating_sub(y));
        HBars {
            rows: &oat_rows,
            markers: &[],
            theme,
            more: 0,
        }
        .render(Rect::new(area.x, area.y + y, area.width.min(72), h), buf);
        y += h;
    }
    y += 1;
    put(buf, area, y, s.projects_of_village, theme.heading());
    y += 1;
    let projects: Vec<String> = data
        .projects
        .iter()
        .filter(|p| p.villages.contains(&index))
        .map(|p| {
            let name = match (&p.name_en, s.english()) {
                (Some(en), true) => en.as_str(),
                _ => p.name.as_str(),
            };
            format!("- {name} ({})", s.project_category(p.category))
        })
        .collect();
    if projects.is_empty() {
        put(buf, area, y, s.none, theme.dim());
    }
    for line in projects {
        put(
            buf,
            area,
            y,
            &truncate(&line, area.width.into()),
            theme.text(),
        );
        y += 1;
    }
}
