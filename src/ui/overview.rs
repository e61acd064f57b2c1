//! Tab 1, Overview: the township, the headline tiles, and collective income by village
//! against the two targets.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::widgets::{BarRow, HBars, put, put_line, tiles};
use crate::app::{App, Loaded};
use crate::i18n::Unit;

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let t = &data.township;
    let name = match (&t.name_en, s.english()) {
        (Some(en), true) => en.clone(),
        _ => format!("{}  {}  {}", t.name, t.county, t.city),
    };
    put_line(
        buf,
        area,
        0,
        &Line::from(vec![
            Span::styled(name, theme.title()),
            Span::raw("   "),
            Span::styled(format!("{} {}", s.as_of, t.as_of.value), theme.dim()),
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
    let total =
        |key: &str, unit: Unit| ind.total(key).map(|t| s.total(t, unit)).unwrap_or_default();
    let pairs = vec![
        (
            s.at_floor.to_string(),
            format!(
                "{}{}",
                s.count_of(ind.at_or_above_floor, n),
                mark("villages_at_or_above_floor")
            ),
        ),
        (
            s.at_strong.to_string(),
            format!(
                "{}{}",
                s.count_of(ind.at_or_above_strong, n),
                mark("villages_at_or_above_strong")
            ),
        ),
        (
            s.income_total.to_string(),
            format!(
                "{}{}{change}",
                s.money(ind.income_total),
                mark("collective_income_total_yuan")
            ),
        ),
        (
            s.oat_grass.to_string(),
            total("oat_grass_mu_cumulative", Unit::Mu),
        ),
        (
            s.households_served.to_string(),
            total("consortium_households", Unit::Households),
        ),
        (
            s.training.to_string(),
            format!(
                "{} {}",
                total("training_sessions", Unit::Sessions),
                total("training_participants", Unit::Attendances)
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
    let tile_lines = tile_lines + risk_lines;

    // Room permitting, a blank line sets the chart apart from the tiles.
    let spare = area.height.saturating_sub(1 + tile_lines + 1) as usize > data.villages.len();
    let chart_top = 1 + tile_lines + u16::from(spare);
    let year = ind.latest_year.map_or_else(String::new, |y| {
        s.year_as_of(y, t.as_of.value, ind.partial_year)
    });
    let any_marked = ind.rows.iter().any(|r| r.illustrative);
    let unit = s.chart_money_unit;
    let floor = data.thresholds.income_floor_yuan;
    let strong = data.thresholds.income_strong_yuan;
    put_line(
        buf,
        area,
        chart_top,
        &Line::from(vec![
            Span::styled(
                format!("{year} {} ({unit})", s.income_chart),
                theme.heading(),
            ),
            Span::raw("   "),
            Span::styled(
                format!("| = {} / {}", s.money_short(floor), s.money_short(strong)),
                theme.marker(),
            ),
            Span::raw("  "),
            Span::styled(
                if any_marked { s.mark_legend_short } else { "" },
                theme.dim(),
            ),
        ]),
    );
    let fits = usize::from(area.height.saturating_sub(chart_top + 1));
    let rows: Vec<BarRow> = ind
        .income_rank
        .iter()
        .take(fits)
        .map(|&i| {
            let row = &ind.rows[i];
            BarRow {
                label: format!(
                    "{}{}",
                    data.villages[i].display_name(s.english()),
                    s.mark(row.illustrative)
                ),
                value: row.income.unwrap_or(0),
                text: row
                    .income
                    .map_or_else(|| "-".to_string(), |v| chart_value(app, v)),
                style: theme.status(row.status),
            }
        })
        .collect();
    let below = Rect::new(
        area.x,
        area.y + chart_top + 1,
        area.width,
        area.height.saturating_sub(chart_top + 1),
    );
    // Wide terminals get a second column of township-wide series beside the villages.
    let (chart, side) = if area.width >= 120 {
        let [chart, side] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                .spacing(3)
                .areas(below);
        (chart, Some(side))
    } else {
        (below, None)
    };
    if let Some(side) = side {
        render_side(app, loaded, side, buf);
    }
    if rows.is_empty() {
        put(buf, chart, 0, s.no_data, theme.dim());
    }
    HBars {
        rows: &rows,
        markers: &[floor, strong],
        theme,
        more: ind.income_rank.len() - rows.len(),
    }
    .render(chart, buf);
}

/// Township-wide series by year: collective income, oat grass, project income.
fn render_side(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let ind = &loaded.indicators;
    let unit = s.chart_money_unit;
    let mu = s.mu_unit;
    let income_mark = s.mark(ind.rows.iter().any(|r| r.illustrative));
    let oat_mark = s.mark(ind.oat_by_year_illustrative);
    let series = [
        (
            format!("{} ({unit}){income_mark}", s.income_by_year),
            &ind.income_total_by_year,
            true,
        ),
        (
            format!("{} ({mu}){oat_mark}", s.oat_by_year),
            &ind.oat_by_year,
            false,
        ),
        (
            format!("{} ({unit})", s.project_income),
            &ind.project_income_by_year,
            true,
        ),
    ];
    let mut y = 0;
    for (title, values, money) in series {
        if y + 2 > area.height {
            break;
        }
        put(buf, area, y, &title, theme.heading());
        y += 1;
        let rows: Vec<BarRow> = values
            .iter()
            .map(|(year, v)| BarRow {
                label: year.to_string(),
                value: *v,
                text: if money {
                    chart_value(app, *v)
                } else {
                    s.number(*v)
                },
                style: theme.bar(),
            })
            .collect();
        let h = (rows.len() as u16).min(area.height - y);
        HBars {
            rows: &rows,
            markers: &[],
            theme,
            more: 0,
        }
        .render(Rect::new(area.x, area.y + y, area.width, h), buf);
        y += h + 1;
    }
}

/// A bar's value as ASCII: `23.6` (万元) or `236,000` (yuan).
pub fn chart_value(app: &App, yuan: i64) -> String {
    if app.strings.english() {
        crate::text::thousands(yuan)
    } else {
        crate::text::wan(yuan, 2)
    }
}
