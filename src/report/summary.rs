//! `village-dash summary`: the headline indicators for the latest year, as aligned text or
//! JSON.

use serde::Serialize;

use crate::data::indicators::Total;
use crate::data::{Dataset, Indicators};
use crate::i18n::{Strings, Unit};
use crate::text::{pad_left, pad_right, sanitize};

/// The JSON form; its key names are the contract.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub township: String,
    pub county: String,
    /// The English names, where the file gives them (extensions of the contract).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county_en: Option<String>,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_en: Option<String>,
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
    /// Added with provenance: the cumulative acreage under its own name (`oat_grass_mu`
    /// above is the same figure, kept for existing readers).
    pub oat_grass_mu_cumulative: i64,
    /// `as_of` falls inside `year`: that year's figures cover part of it.
    pub partial_year: bool,
    /// Every headline figure with its qualifier, basis, provenance and source.
    pub totals: Vec<TotalJson>,
    pub village_rows: Vec<VillageRowJson>,
    /// What the floor and strong counts are judged on: `total` or `operating`.
    pub basis: &'static str,
    /// The early-warning list for `year`, with each village's rule names.
    pub at_risk: Vec<crate::report::accounts::AtRiskJson>,
}

#[derive(Debug, Serialize)]
pub struct TotalJson {
    pub key: &'static str,
    pub value: i64,
    /// `exact`, `about`, `more_than` or `at_least`.
    pub qualifier: &'static str,
    /// `cumulative`, `annual`, or null.
    pub basis: Option<&'static str>,
    /// `published`, `assumed` or `illustrative`.
    pub status: &'static str,
    /// True when the figure is not published or is a total that includes such a figure.
    pub illustrative: bool,
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_en: Option<String>,
}

impl TotalJson {
    pub fn of(t: &Total) -> Self {
        TotalJson {
            key: t.key,
            value: t.value,
            qualifier: t.qualifier.key(),
            basis: t.basis.map(|b| b.key()),
            status: t.provenance.key(),
            illustrative: t.marked(),
            source: t.source.clone(),
            source_en: t.source_en.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct VillageRowJson {
    pub id: String,
    pub name: String,
    pub collective_income_yuan: Option<i64>,
    /// The latest year's acreage (kept for existing readers; same as `oat_grass_mu_year`).
    pub oat_grass_mu: Option<i64>,
    /// The latest year's acreage.
    pub oat_grass_mu_year: Option<i64>,
    /// Acreage since the consortium was founded.
    pub oat_grass_mu_cumulative: i64,
    /// The row's figures are illustrative, not published.
    pub illustrative: bool,
    #[serde(flatten)]
    pub accounts: crate::report::accounts::RowAccountsJson,
}

pub fn to_json(data: &Dataset, ind: &Indicators) -> SummaryJson {
    SummaryJson {
        township: sanitize(&data.township.name),
        county: sanitize(&data.township.county),
        township_en: data.township.name_en.as_deref().map(sanitize),
        county_en: data.township.county_en.as_deref().map(sanitize),
        city: sanitize(&data.township.city),
        city_en: data.township.city_en.as_deref().map(sanitize),
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
        oat_grass_mu_cumulative: data.consortium.oat_grass_mu.value,
        partial_year: ind.partial_year,
        totals: ind.totals.iter().map(TotalJson::of).collect(),
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
                oat_grass_mu_year: row.oat_mu,
                oat_grass_mu_cumulative: row.oat_cumulative_mu,
                illustrative: row.illustrative,
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

/// The headline figures as label/value pairs, shared by the text summary and the reports;
/// each value carries its qualifier and, when it is not published, the `*` mark.
pub fn headline(data: &Dataset, ind: &Indicators, s: &Strings) -> Vec<(String, String)> {
    headline_totals(data, ind, s)
        .into_iter()
        .map(|(label, value, _)| (label, value))
        .collect()
}

/// The headline rows with the `Total` behind each (None for the year and village count).
pub fn headline_totals<'a>(
    data: &Dataset,
    ind: &'a Indicators,
    s: &Strings,
) -> Vec<(String, String, Option<&'a Total>)> {
    let n = data.villages.len();
    let change = ind
        .income_change_percent()
        .map(|p| {
            let partial = if ind.partial_year {
                format!(", {}", s.partial_year_change)
            } else {
                String::new()
            };
            format!(" ({} {p:+.1}%{partial})", s.change_on_year)
        })
        .unwrap_or_default();
    let latest = ind.latest_year.map_or_else(
        || s.no_data.to_string(),
        |y| s.year_as_of(y, data.township.as_of.value, ind.partial_year),
    );
    let mut out = vec![
        (s.latest_year.to_string(), latest, None),
        (s.village.to_string(), n.to_string(), None),
    ];
    let mark = |t: Option<&Total>| s.mark(t.is_some_and(Total::marked));
    let floor = ind.total("villages_at_or_above_floor");
    out.push((
        s.at_floor.to_string(),
        format!("{}{}", s.count_of(ind.at_or_above_floor, n), mark(floor)),
        floor,
    ));
    let strong = ind.total("villages_at_or_above_strong");
    out.push((
        s.at_strong.to_string(),
        format!("{}{}", s.count_of(ind.at_or_above_strong, n), mark(strong)),
        strong,
    ));
    let income = ind.total("collective_income_total_yuan");
    out.push((
        s.income_total.to_string(),
        format!("{}{}{change}", s.money(ind.income_total), mark(income)),
        income,
    ));
    for (key, label, unit) in [
        ("oat_grass_mu_cumulative", s.oat_grass, Unit::Mu),
        (
            "consortium_households",
            s.households_served,
            Unit::Households,
        ),
        ("fertilizer_t", s.fertilizer, Unit::Tonnes),
        ("household_income_gain_yuan", s.income_gain, Unit::Yuan),
    ] {
        if let Some(t) = ind.total(key) {
            out.push((label.to_string(), s.total(t, unit), Some(t)));
        }
    }
    let sessions = ind.total("training_sessions");
    let people = ind.total("training_participants");
    if let (Some(a), Some(b)) = (sessions, people) {
        out.push((
            s.training.to_string(),
            format!(
                "{}, {}",
                s.total(a, Unit::Sessions),
                s.total(b, Unit::Attendances)
            ),
            Some(b),
        ));
    }
    if data.training.participants.is_some() && !data.sessions.is_empty() {
        let summed = Total {
            key: "training_participants_recorded",
            value: ind.training_participants,
            qualifier: crate::data::Qualifier::Exact,
            basis: None,
            provenance: if ind.sessions_illustrative {
                crate::data::Provenance::Illustrative
            } else {
                crate::data::Provenance::Published
            },
            source: None,
            source_en: None,
        };
        out.push((
            s.sessions_summed.to_string(),
            format!(
                "{}, {}",
                s.sessions_count(data.sessions.len()),
                s.total(&summed, Unit::Attendances)
            ),
            None,
        ));
    }
    let projects = ind.total("projects");
    out.push((
        s.projects.to_string(),
        format!("{}{}", data.projects.len(), mark(projects)),
        projects,
    ));
    out.extend(
        crate::report::accounts::headline(data, ind, s)
            .into_iter()
            .map(|(label, value)| (label, value, None)),
    );
    out
}

pub fn render_text(data: &Dataset, ind: &Indicators, s: &Strings) -> String {
    let t = &data.township;
    let name = s.name(&t.name, t.name_en.as_deref());
    let mut out = format!(
        "{} ({} {})  {} {}\n\n",
        sanitize(name),
        sanitize(s.name(&t.county, t.county_en.as_deref())),
        sanitize(s.name(&t.city, t.city_en.as_deref())),
        s.as_of,
        t.as_of.value
    );
    let pairs = headline(data, ind, s);
    out.push_str(&aligned_pairs(&pairs));
    out.push('\n');
    out.push_str(s.villages_explained);
    out.push('\n');
    out.push('\n');
    let names: Vec<String> = data
        .villages
        .iter()
        .map(|v| sanitize(s.name(&v.name, v.name_en.as_deref())))
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
    let oat_header = match ind.latest_year {
        Some(y) => format!("{} {y}", s.col_oat),
        None => s.col_oat.to_string(),
    };
    out.push_str(&pad_left(&oat_header, 12));
    out.push('\n');
    for (name, row) in names.iter().zip(&ind.rows) {
        let name = format!("{name}{}", s.mark(row.illustrative));
        out.push_str(&pad_right(&name, name_width));
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
    if ind.rows.iter().any(|r| r.illustrative) || ind.totals.iter().any(Total::marked) {
        out.push('\n');
        out.push_str(s.mark_legend);
        out.push('\n');
    }
    out
}

/// `label  value` lines, the values in one column.
pub fn aligned_pairs(pairs: &[(String, String)]) -> String {
    let label_width = pairs
        .iter()
        .map(|(l, _)| crate::text::width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = String::new();
    for (label, value) in pairs {
        out.push_str(&pad_right(label, label_width));
        out.push_str(value);
        out.push('\n');
    }
    out
}
