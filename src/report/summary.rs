//! `village-dash summary`: the headline indicators for the latest year, as aligned text or
//! JSON.

use serde::Serialize;

use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;
use crate::text::{pad_left, pad_right, sanitize};

/// The JSON form; its key names are the contract.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub township: String,
    pub county: String,
    pub city: String,
    pub as_of: String,
    pub year: Option<i32>,
    pub villages: usize,
    pub administrative_villages: i64,
    pub villages_at_or_above_floor: usize,
    pub villages_at_or_above_strong: usize,
    pub income_floor_yuan: i64,
    pub income_strong_yuan: i64,
    pub collective_income_total_yuan: i64,
    pub collective_income_previous_total_yuan: Option<i64>,
    pub oat_grass_mu: i64,
    pub consortium_households: i64,
    pub fertilizer_t: i64,
    pub household_income_gain_yuan: i64,
    pub consortium_villages: usize,
    pub training_sessions: usize,
    pub training_participants: i64,
    pub projects: usize,
    pub village_rows: Vec<VillageRowJson>,
    /// What the floor and strong counts are judged on: `total` or `operating`.
    pub basis: &'static str,
    /// The early-warning list for `year`, with each village's rule names.
    pub at_risk: Vec<crate::report::accounts::AtRiskJson>,
}

#[derive(Debug, Serialize)]
pub struct VillageRowJson {
    pub id: String,
    pub name: String,
    pub collective_income_yuan: Option<i64>,
    pub oat_grass_mu: Option<i64>,
    #[serde(flatten)]
    pub accounts: crate::report::accounts::RowAccountsJson,
}

pub fn to_json(data: &Dataset, ind: &Indicators) -> SummaryJson {
    SummaryJson {
        township: sanitize(&data.township.name),
        county: sanitize(&data.township.county),
        city: sanitize(&data.township.city),
        as_of: data.township.as_of.value.to_string(),
        year: ind.latest_year,
        villages: data.villages.len(),
        administrative_villages: data.township.administrative_villages.value,
        villages_at_or_above_floor: ind.at_or_above_floor,
        villages_at_or_above_strong: ind.at_or_above_strong,
        income_floor_yuan: data.thresholds.income_floor_yuan,
        income_strong_yuan: data.thresholds.income_strong_yuan,
        collective_income_total_yuan: ind.income_total,
        collective_income_previous_total_yuan: ind.income_total_previous,
        oat_grass_mu: data.consortium.oat_grass_mu.value,
        consortium_households: data.consortium.households_served.value,
        fertilizer_t: data.consortium.fertilizer_t.value,
        household_income_gain_yuan: data.consortium.household_income_gain_yuan.value,
        consortium_villages: ind.oat_villages,
        training_sessions: data.sessions.len(),
        training_participants: ind.training_participants,
        projects: data.projects.len(),
        village_rows: data
            .villages
            .iter()
            .zip(&ind.rows)
            .zip(&ind.accounts.rows)
            .map(|((v, row), accounts)| VillageRowJson {
                id: sanitize(&v.id),
                name: sanitize(&v.name),
                collective_income_yuan: row.income,
                oat_grass_mu: row.oat_mu,
                accounts: crate::report::accounts::row_json(accounts),
            })
            .collect(),
        basis: ind.accounts.basis.key(),
        at_risk: crate::report::accounts::at_risk_json(data, ind),
    }
}

pub fn render_json(data: &Dataset, ind: &Indicators) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&to_json(data, ind)).unwrap_or_default() + "\n"
}

/// The headline figures as label/value pairs, shared by the text summary and the reports.
pub fn headline(data: &Dataset, ind: &Indicators, s: &Strings) -> Vec<(String, String)> {
    let n = data.villages.len();
    let change = ind
        .income_change_percent()
        .map(|p| format!(" ({} {p:+.1}%)", s.change_on_year))
        .unwrap_or_default();
    let latest = ind
        .latest_year
        .map_or_else(|| s.no_data.to_string(), |y| y.to_string());
    vec![
        (s.latest_year.to_string(), latest),
        (s.village.to_string(), n.to_string()),
        (s.at_floor.to_string(), s.count_of(ind.at_or_above_floor, n)),
        (
            s.at_strong.to_string(),
            s.count_of(ind.at_or_above_strong, n),
        ),
        (
            s.income_total.to_string(),
            format!("{}{change}", s.money(ind.income_total)),
        ),
        (
            s.oat_grass.to_string(),
            s.area(data.consortium.oat_grass_mu.value),
        ),
        (
            s.households_served.to_string(),
            s.households(data.consortium.households_served.value),
        ),
        (
            s.fertilizer.to_string(),
            s.tonnes(data.consortium.fertilizer_t.value),
        ),
        (
            s.training.to_string(),
            format!(
                "{}, {}",
                s.sessions_count(data.sessions.len()),
                s.person_times(ind.training_participants)
            ),
        ),
        (s.projects.to_string(), data.projects.len().to_string()),
    ]
    .into_iter()
    .chain(crate::report::accounts::headline(data, ind, s))
    .collect()
}

pub fn render_text(data: &Dataset, ind: &Indicators, s: &Strings) -> String {
    let t = &data.township;
    let name = if s.english() {
        t.name_en.as_deref().unwrap_or(&t.name)
    } else {
        &t.name
    };
    let mut out = format!(
        "{} ({} {})  {} {}\n\n",
        sanitize(name),
        sanitize(&t.county),
        sanitize(&t.city),
        s.as_of,
        t.as_of.value
    );
    let pairs = headline(data, ind, s);
    let label_width = pairs
        .iter()
        .map(|(l, _)| crate::text::width(l))
        .max()
        .unwrap_or(0)
        + 2;
    for (label, value) in pairs {
        out.push_str(&pad_right(&label, label_width));
        out.push_str(&value);
        out.push('\n');
    }
    out.push('\n');
    let names: Vec<String> = data
        .villages
        .iter()
        .map(|v| sanitize(v.display_name(s.english())))
        .collect();
    let name_width = names
        .iter()
        .map(|n| crate::text::width(n))
        .chain([crate::text::width(s.col_name)])
        .max()
        .unwrap_or(8)
        .min(30)
        + 2;
    out.push_str(&pad_right(s.col_name, name_width));
    out.push_str(&pad_left(s.col_income, 16));
    out.push_str(&pad_left(s.col_oat, 12));
    out.push('\n');
    for (name, row) in names.iter().zip(&ind.rows) {
        out.push_str(&pad_right(name, name_width));
        out.push_str(&pad_left(
            &row.income.map_or_else(|| "-".into(), |i| s.money(i)),
            16,
        ));
        out.push_str(&pad_left(
            &row.oat_mu.map_or_else(|| "-".into(), |m| s.area(m)),
            12,
        ));
        out.push('\n');
    }
    out.push_str(&crate::report::accounts::render_text(data, ind, s));
    out
}
