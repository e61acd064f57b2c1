//! Tab 3, Oat grass: the consortium, its members by level, its published totals, and
//! acreage by year and by village.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;

use super::widgets::{BarRow, HBars, put, wrap};
use crate::app::{App, Loaded};
use crate::data::MemberLevel;
use crate::i18n::Unit;
use crate::text::width;

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let c = &data.consortium;
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .spacing(2)
            .areas(area);

    // Left: the consortium's name (wrapped by display width), totals, members.
    let mut y = 0;
    for line in wrap(s.name(&c.name, c.name_en.as_deref()), left.width.into()) {
        put(buf, left, y, &line, theme.title());
        y += 1;
    }
    put(
        buf,
        left,
        y,
        &format!("{}{}", c.founded, s.founded_suffix),
        theme.dim(),
    );
    y += 2;
    put(buf, left, y, s.published_totals, theme.heading());
    y += 1;
    let total =
        |key: &str, unit: Unit| ind.total(key).map(|t| s.total(t, unit)).unwrap_or_default();
    let totals = [
        (s.oat_grass, total("oat_grass_mu_cumulative", Unit::Mu)),
        (
            s.households_served,
            total("consortium_households", Unit::Households),
        ),
        (s.fertilizer, total("fertilizer_t", Unit::Tonnes)),
        (
            s.income_gain,
            total("household_income_gain_yuan", Unit::Yuan),
        ),
        (
            s.villages_served,
            format!("{}", data.township.administrative_villages.value),
        ),
    ];
    let label_w = totals.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 1;
    for (label, value) in totals {
        // A qualified figure too wide for the column goes on its own line under its label
        // rather than being cut: "more than 3,000 t" must be read whole.
        if label_w + width(&value) > usize::from(left.width) {
            put(buf, left, y, label, theme.text());
            y += 1;
            put(buf, left, y, &format!("  {value}"), theme.text());
        } else {
            put(
                buf,
                left,
                y,
                &format!("{}{value}", crate::text::pad_right(label, label_w)),
                theme.text(),
            );
        }
        y += 1;
    }
    // 15 and 16 both appear on this tab: say why, wrapped to the column.
    for line in wrap(s.villages_explained, left.width.into()) {
        put(buf, left, y, &line, theme.dim());
        y += 1;
    }
    y += 1;
    put(buf, left, y, s.members, theme.heading());
    y += 1;
    for level in [
        MemberLevel::City,
        MemberLevel::County,
        MemberLevel::Township,
        MemberLevel::Village,
    ] {
        for m in c.members.iter().filter(|m| m.level == level) {
            let name = s.name(&m.name, m.name_en.as_deref());
            put(
                buf,
                left,
                y,
                &format!("{} {name}", s.level(level)),
                theme.text(),
            );
            y += 1;
        }
    }
    if ind.oat_by_year_illustrative && y + 1 < left.height {
        put(buf, left, y + 1, s.mark_legend_short, theme.dim());
    }

    // Right: acreage by year, then by village since founding.
    let mu = s.mu_unit;
    put(
        buf,
        right,
        0,
        &format!(
            "{} ({mu}){}",
            s.oat_by_year,
            s.mark(ind.oat_by_year_illustrative)
        ),
        theme.heading(),
    );
    let by_year: Vec<BarRow> = ind
        .oat_by_year
        .iter()
        .map(|(year, mu)| BarRow {
            warned: false,
            label: year.to_string(),
            value: *mu,
            text: s.number(*mu),
            style: theme.bar(),
        })
        .collect();
    let year_h = (by_year.len() as u16).min(right.height.saturating_sub(1));
    HBars::new(&by_year, theme, s)
        .render(Rect::new(right.x, right.y + 1, right.width, year_h), buf);

    let top = 1 + year_h + 1;
    put(
        buf,
        right,
        top,
        &format!("{} ({mu})", s.oat_by_village),
        theme.heading(),
    );
    let fits = usize::from(right.height.saturating_sub(top + 1));
    let by_village: Vec<BarRow> = ind
        .oat_rank
        .iter()
        .take(fits)
        .map(|&i| BarRow {
            warned: false,
            label: format!(
                "{}{}",
                s.name(&data.villages[i].name, data.villages[i].name_en.as_deref()),
                s.mark(ind.rows[i].illustrative)
            ),
            value: ind.rows[i].oat_cumulative_mu,
            text: s.number(ind.rows[i].oat_cumulative_mu),
            style: theme.bar(),
        })
        .collect();
    HBars::new(&by_village, theme, s)
        .more(ind.oat_rank.len() - by_village.len())
        .render(
            Rect::new(
                right.x,
                right.y + top + 1,
                right.width,
                right.height.saturating_sub(top + 1),
            ),
            buf,
        );
}
