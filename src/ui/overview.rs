//! Tab 1, Overview: the township, the headline tiles, and collective income by village
//! against the two targets.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::widgets::{BarRow, HBars, put, put_line, tiles, warn_mark};
use crate::app::{App, Loaded};
use crate::i18n::Unit;

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let t = &data.township;
    // The English names are long: at 80 columns county and city would push the legend off.
    let name = if s.english() {
        s.name(&t.name, t.name_en.as_deref()).to_string()
    } else {
        format!("{}  {}  {}", t.name, t.county, t.city)
    };
    put_line(
        buf,
        area,
        0,
        &Line::from(vec![
            Span::styled(name, theme.title()),
            Span::raw("   "),
            Span::styled(format!("{} {}", s.as_of, t.as_of.value), theme.dim()),
            // What the `*` on tiles and bars means.
            Span::styled(
                if loaded.any_row_illustrative() {
                    format!("   {}", s.mark_legend_short)
                } else {
                    String::new()
                },
                theme.dim(),
            ),
        ]),
    );

    let n = data.villages.len();
    let mark = |key: &str| s.mark(ind.total(key).is_some_and(|t| t.marked()));
    let change = ind
        .income_change_percent()
        .map(|p| {
            let partial = if ind.partial_year {
                format!(" {}", s.partial_year_change)
            } else {
                String::new()
            };
            format!(" ({p:+.1}%{partial})")
        })
        .unwrap_or_default();
    // A headline tile that includes a figure a warning points at carries the mark.
    let wmark = warn_mark(theme);
    let latest_warned = app.latest_income_warned();
    let flag = |text: String, warned: bool| {
        if warned {
            format!("{wmark}{text}")
        } else {
            text
        }
    };
    let sessions_warned = data
        .sessions
        .iter()
        .any(|t| app.warning_at(t.participants.at).is_some());
    let total =
        |key: &str, unit: Unit| ind.total(key).map(|t| s.total(t, unit)).unwrap_or_default();
    let pairs = vec![
        (
            s.at_floor.to_string(),
            flag(
                format!(
                    "{}{}",
                    s.count_of(ind.at_or_above_floor, n),
                    mark("villages_at_or_above_floor")
                ),
                latest_warned,
            ),
        ),
        (
            s.at_strong.to_string(),
            flag(
                format!(
                    "{}{}",
                    s.count_of(ind.at_or_above_strong, n),
                    mark("villages_at_or_above_strong")
                ),
                latest_warned,
            ),
        ),
        (
            s.income_total.to_string(),
            flag(
                format!(
                    "{}{}{change}",
                    s.money(ind.income_total),
                    mark("collective_income_total_yuan")
                ),
                latest_warned,
            ),
        ),
        (
            s.oat_grass.to_string(),
            flag(
                total("oat_grass_mu_cumulative", Unit::Mu),
                app.warning_at(data.consortium.oat_grass_mu.at).is_some(),
            ),
        ),
        (
            s.households_served.to_string(),
            flag(
                total("consortium_households", Unit::Households),
                app.warning_at(data.consortium.households_served.at)
                    .is_some(),
            ),
        ),
        (
            s.training.to_string(),
            flag(
                format!(
                    "{} {}",
                    total("training_sessions", Unit::Sessions),
                    total("training_participants", Unit::Attendances)
                ),
                sessions_warned,
            ),
        ),
        (
            s.projects.to_string(),
            format!("{}{}", data.projects.len(), mark("projects")),
        ),
        (
            s.accounts().at_risk.to_string(),
            (s.accounts().villages_at_risk)(ind.accounts.at_risk.len()),
        ),
    ];
    let tile_area = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    let tile_lines = tiles(buf, tile_area, &pairs, theme);
    // The early-warning list, in up to a third of the room left.
    let left = area.height.saturating_sub(1 + tile_lines);
    let risk_room = (left / 3).clamp(1, 1 + ind.accounts.at_risk.len() as u16);
    let risk_lines = super::accounts::render_at_risk(
        app,
        loaded,
        Rect::new(
            area.x,
            area.y + 1 + tile_lines,
            area.width,
            risk_room.min(left),
        ),
        buf,
    );
    let mut top = 1 + tile_lines + risk_lines;

    // Below 120 columns there is no room for the series by year: one line gives the
    // township's trend, as many recent years as fit.
    if area.width < SIDE_WIDTH {
        put_line(buf, area, top, &trend_line(app, loaded, area.width));
        top += 1;
    }
    // Room permitting, a blank line sets the chart apart from the tiles.
    let spare = area.height.saturating_sub(top + 1) as usize > data.villages.len();
    let chart_top = top + u16::from(spare);
    let below = Rect::new(
        area.x,
        area.y + chart_top,
        area.width,
        area.height.saturating_sub(chart_top),
    );
    // From 160 columns: a grid of the five charts.
    if area.width >= GRID_WIDTH {
        render_grid(app, loaded, below, buf);
        return;
    }
    // From 120 columns, the township-wide series beside the villages.
    let (chart, side) = if area.width >= SIDE_WIDTH {
        let [chart, side] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .spacing(3)
                .areas(below);
        (chart, Some(side))
    } else {
        (below, None)
    };
    if let Some(side) = side {
        render_side(app, loaded, side, buf);
    }
    let (bars, cut, shown) = render_income_chart(app, loaded, chart, buf);
    // Room left under the villages: their oat grass since the consortium was founded.
    let note = u16::from(cut);
    let used = shown + note + 1;
    if side.is_some() && bars.height > used + 4 {
        let rest = Rect::new(bars.x, bars.y + used, bars.width, bars.height - used);
        put(
            buf,
            rest,
            0,
            &format!("{} ({})", s.oat_by_village, s.mu_unit),
            theme.heading(),
        );
        let fits = usize::from(rest.height - 1);
        let oat: Vec<BarRow> = ind
            .oat_rank
            .iter()
            .take(fits)
            .map(|&i| {
                let mu = ind.rows[i].oat_cumulative_mu;
                BarRow::new(
                    format!(
                        "{}{}",
                        s.name(&data.villages[i].name, data.villages[i].name_en.as_deref()),
                        s.mark(ind.rows[i].illustrative)
                    ),
                    mu,
                    s.number(mu),
                    theme.bar(),
                )
            })
            .collect();
        HBars::new(&oat, theme, s)
            .more(ind.oat_rank.len() - oat.len())
            .render(
                Rect::new(rest.x, rest.y + 1, rest.width, rest.height - 1),
                buf,
            );
    }
}

/// The income of every village against the targets: heading, one bar per village (as many
/// as fit) and, when a bar is cut short, the note under them. Returns the bars' area,
/// whether a bar was cut and how many bars are drawn.
fn render_income_chart(
    app: &App,
    loaded: &Loaded,
    chart: Rect,
    buf: &mut Buffer,
) -> (Rect, bool, u16) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let wmark = warn_mark(theme);
    let heading = income_chart_heading(app, loaded, chart.width);
    for (i, line) in heading.iter().enumerate() {
        put_line(buf, chart, i as u16, line);
    }
    let head_h = heading.len() as u16;
    let bars = Rect::new(
        chart.x,
        chart.y + head_h,
        chart.width,
        chart.height.saturating_sub(head_h),
    );
    let fits = usize::from(bars.height);
    let floor = data.thresholds.income_floor_yuan;
    let strong = data.thresholds.income_strong_yuan;
    let rows: Vec<BarRow> = ind
        .income_rank
        .iter()
        .take(fits)
        .map(|&i| {
            let row = &ind.rows[i];
            let v = &data.villages[i];
            let gap = row
                .gap
                .filter(|g| g.target == strong && bars.width >= 60)
                .map(|g| format!(" {}", s.gap(g.target, g.short)))
                .unwrap_or_default();
            BarRow {
                label: format!(
                    "{}{}",
                    s.name(&v.name, v.name_en.as_deref()),
                    s.mark(row.illustrative)
                ),
                value: row.income.unwrap_or(0),
                text: row.income.map_or_else(
                    || "-".to_string(),
                    |x| format!("{}{gap}", chart_value(app, x)),
                ),
                style: theme.status(row.status),
                warned: ind.latest_year.is_some_and(|y| {
                    v.collective_income_yuan
                        .get(&y)
                        .is_some_and(|f| app.warning_at(f.at).is_some())
                }),
            }
        })
        .collect();
    if rows.is_empty() {
        put(buf, bars, 0, s.no_data, theme.dim());
    }
    let zoom = super::villages::zoom_min(app, data);
    HBars::new(&rows, theme, s)
        .markers(&[floor, strong])
        .more(ind.income_rank.len() - rows.len())
        .axis(zoom, None)
        .render(bars, buf);
    // A bar cut short (far beyond the others) is explained under the chart.
    let median = super::widgets::median(rows.iter().map(|r| r.value));
    let cut = rows
        .iter()
        .any(|r| crate::data::indicators::is_outlier(r.value, median));
    if cut && (rows.len() as u16) < bars.height {
        put(
            buf,
            bars,
            rows.len() as u16,
            &format!("{wmark} ~ {}", s.outlier_note),
            theme.warning(),
        );
    }
    (bars, cut, rows.len() as u16)
}

/// From this width the overview shows the township's series beside the villages.
pub const SIDE_WIDTH: u16 = 120;
/// From this width the series are laid out as a grid of two columns.
pub const GRID_WIDTH: u16 = 160;

/// The chart's title, colour legend, target lines and zoom note: one line where they fit,
/// else the title on one line and the rest on the next.
fn income_chart_heading(app: &App, loaded: &Loaded, width: u16) -> Vec<Line<'static>> {
    let s = app.strings;
    let ind = &loaded.indicators;
    let year = ind.latest_year.map_or_else(String::new, |y| {
        s.year_as_of(y, loaded.data.township.as_of.value, ind.partial_year)
    });
    let mut line = super::villages::income_heading(app, &loaded.data, false);
    if let Some(first) = line.spans.first_mut() {
        *first = Span::styled(
            format!("{year} {} ({}) ", s.income_chart, s.chart_money_unit),
            app.theme.heading(),
        );
    }
    if crate::text::width(&line.to_string()) <= usize::from(width) || line.spans.len() < 2 {
        return vec![line];
    }
    let mut rest = line.spans.split_off(1);
    if let Some(first) = line.spans.first_mut() {
        first.content = first.content.trim_end().to_string().into();
    }
    if let Some(lead) = rest.first_mut() {
        lead.content = lead.content.trim_start().to_string().into();
    }
    vec![line, Line::from(rest)]
}

/// One line with the township's income by year, latest years first to be kept:
/// `全乡收入(万元) 2020 182.3  2021 199.1  2022 220.4  2023 236.2`.
fn trend_line(app: &App, loaded: &Loaded, width: u16) -> Line<'static> {
    let (s, theme) = (app.strings, app.theme);
    let series = &loaded.indicators.income_total_by_year;
    let head = format!("{} ({})", s.township_trend, s.chart_money_unit);
    let mut room = usize::from(width).saturating_sub(crate::text::width(&head));
    let mut parts: Vec<(String, String)> = Vec::new();
    for (year, v) in series.iter().rev() {
        let value = chart_value(app, *v);
        let w = 2 + year.to_string().len() + 1 + value.len();
        if w > room {
            break;
        }
        room -= w;
        parts.push((year.to_string(), value));
    }
    parts.reverse();
    let mut spans = vec![Span::styled(head, theme.heading())];
    for (year, value) in parts {
        spans.push(Span::styled(format!("  {year} "), theme.dim()));
        spans.push(Span::styled(value, theme.value()));
    }
    Line::from(spans)
}

/// Township-wide series: collective income by year, villages at the targets by year, oat
/// grass by year, training by session and project income by year; in one column, or in
/// a grid of two columns from 160.
fn render_side(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let panels = series_panels(app, loaded, area.height);
    let columns: Vec<Rect> = if area.width >= 70 {
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(3)
            .split(area)
            .to_vec()
    } else {
        vec![area]
    };
    let per_column = panels.len().div_ceil(columns.len());
    for (c, column) in columns.iter().enumerate() {
        let mut y = 0;
        for panel in panels.iter().skip(c * per_column).take(per_column) {
            if y + 2 > column.height || panel.rows.is_empty() {
                continue;
            }
            put(buf, *column, y, &panel.title, theme.heading());
            y += 1;
            let h = (panel.rows.len() as u16).min(column.height - y);
            HBars::new(&panel.rows, theme, s)
                .axis(0, panel.max)
                .more(panel.more)
                .render(Rect::new(column.x, column.y + y, column.width, h), buf);
            y += h + 1;
        }
    }
}

/// A chart of the grid: a title and bars from zero (to `max` when given); `more` bars
/// that would not fit are left out of `rows`.
struct Panel {
    title: String,
    rows: Vec<BarRow>,
    max: Option<i64>,
    more: usize,
}

impl Panel {
    fn new(title: String, rows: Vec<BarRow>, max: Option<i64>) -> Panel {
        Panel {
            title,
            rows,
            max,
            more: 0,
        }
    }
}

/// The township's series: collective income by year, villages at the targets by year, oat
/// grass by year, training by session and project income by year. At most `fits` bars of
/// a series are made (the training sessions grow with the data: 5,000 at 500,000
/// villages), scaled as all of them would be.
fn series_panels(app: &App, loaded: &Loaded, fits: u16) -> Vec<Panel> {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let unit = s.chart_money_unit;
    let mu = s.mu_unit;
    let year_rows = |values: &std::collections::BTreeMap<i32, i64>, money: bool| -> Vec<BarRow> {
        values
            .iter()
            .map(|(year, v)| {
                let text = if money {
                    chart_value(app, *v)
                } else {
                    s.number(*v)
                };
                BarRow::new(year.to_string(), *v, text, theme.bar())
            })
            .collect()
    };
    let mut targets = Vec::new();
    for (year, (floor, strong)) in &ind.targets_by_year {
        targets.push(BarRow::new(
            format!("{year} {}", s.floor_marker),
            *floor as i64,
            floor.to_string(),
            theme.status(Some(crate::data::indicators::IncomeStatus::AtFloor)),
        ));
        targets.push(BarRow::new(
            format!("{year} {}", s.strong_marker),
            *strong as i64,
            strong.to_string(),
            theme.status(Some(crate::data::indicators::IncomeStatus::Strong)),
        ));
    }
    let sessions: Vec<BarRow> = data
        .sessions
        .iter()
        .take(usize::from(fits))
        .map(|t| {
            BarRow::new(
                format!(
                    "{} {}",
                    t.date.format("%Y-%m"),
                    s.training_category(t.category)
                ),
                t.participants.value,
                t.participants.value.to_string(),
                theme.bar(),
            )
        })
        .collect();
    let more = data.sessions.len() - sessions.len();
    vec![
        Panel::new(
            format!(
                "{} ({unit}){}",
                s.income_by_year,
                s.mark(loaded.any_row_illustrative())
            ),
            year_rows(&ind.income_total_by_year, true),
            None,
        ),
        Panel::new(
            s.villages_at_targets.to_string(),
            targets,
            Some(data.villages.len() as i64),
        ),
        Panel::new(
            format!(
                "{} ({mu}){}",
                s.oat_by_year,
                s.mark(ind.oat_by_year_illustrative)
            ),
            year_rows(&ind.oat_by_year, false),
            None,
        ),
        Panel {
            more,
            ..Panel::new(
                format!("{} ({})", s.participants_per_session, s.by_session),
                sessions,
                Some(loaded.session_scale()),
            )
        },
        Panel::new(
            format!("{} ({unit})", s.project_income),
            year_rows(&ind.project_income_by_year, true),
            None,
        ),
    ]
}

/// From 160 columns, the overview is a grid of the five charts an official asks for:
///
/// ```text
/// +-- income by village, targets --------+  +-- township income by year ------+
/// | 七墩沟 ######|######|##   25.8       |  | 2020 ########          114.7     |
/// | ...                                  |  | ...                              |
/// +--------------------------------------+  +----------------------------------+
/// +-- at 10万 / 20万 --+  +-- oat by year --+  +-- training by session --+ (+ projects
/// | 2020 10万 ##    1  |  | 2021 ####  9000 |  | 2022-05 种植 ####  68   |  from 200)
/// +--------------------+  +-----------------+  +-------------------------+
/// ```
/// The series' bars are drawn thicker to use the height of their cell.
fn render_grid(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let n = u16::try_from(loaded.data.villages.len()).unwrap_or(u16::MAX);
    // The villages' chart: a heading of up to two lines, one bar each, a note.
    let top_h = n.saturating_add(3).clamp(8, (area.height * 11 / 20).max(8));
    let [top, bottom] = Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)])
        .spacing(1)
        .areas(area);
    let [villages, township] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
        .spacing(3)
        .areas(top);
    render_income_chart(app, loaded, villages, buf);
    let mut panels = series_panels(app, loaded, area.height).into_iter();
    let first = panels.next();
    let mut rest: Vec<Panel> = panels.collect();
    // Project income joins the bottom row where there is room for a fourth chart.
    if area.width < 200 || rest.get(3).is_some_and(|p| p.rows.is_empty()) {
        rest.truncate(3);
    }
    if let Some(panel) = first {
        draw_panel(app, &panel, township, buf);
    }
    let cells = Layout::horizontal(vec![Constraint::Fill(1); rest.len().max(1)])
        .spacing(3)
        .split(bottom);
    for (panel, cell) in rest.iter().zip(cells.iter()) {
        draw_panel(app, panel, *cell, buf);
    }
}

/// One chart of the grid: its title, then its bars, as thick as the cell allows (up to 4
/// lines each, with a blank line between bars).
fn draw_panel(app: &App, panel: &Panel, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let rows = &panel.rows;
    if area.height < 2 {
        return;
    }
    put(buf, area, 0, &panel.title, theme.heading());
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let n = u16::try_from(rows.len()).unwrap_or(u16::MAX).max(1);
    if rows.is_empty() {
        put(buf, body, 0, s.no_data, theme.dim());
        return;
    }
    // Drawn once, one line a bar, then each line copied to its place: the first line of a
    // bar is the whole line (label, bar, value), the others repeat the bar alone.
    let mut one = Buffer::empty(Rect::new(0, 0, body.width, n.min(body.height)));
    HBars::new(rows, theme, s)
        .axis(0, panel.max)
        .more(panel.more)
        .render(one.area, &mut one);
    let pitch = (body.height / n).clamp(1, 5);
    let thick = if pitch >= 2 { pitch - 1 } else { 1 };
    let bar = theme.bar_glyph();
    let marker = theme.marker_glyph();
    for i in 0..one.area.height {
        for t in 0..thick {
            let y = body.y + i * pitch + t;
            if y >= body.bottom() {
                break;
            }
            for x in 0..body.width {
                let cell = &one[(x, i)];
                if t == 0 || cell.symbol() == bar || cell.symbol() == marker {
                    buf[(body.x + x, y)] = cell.clone();
                }
            }
        }
    }
}

/// A bar's value as ASCII: `23.6` (万元) or `236,000` (yuan).
pub fn chart_value(app: &App, yuan: i64) -> String {
    if app.strings.english() {
        app.strings.number(yuan)
    } else {
        crate::text::wan(yuan, 2)
    }
}
