//! JSON: the whole model, the derived indicators and the `summary --format json` object, so
//! that a script can check any figure against any other. Key names are English and stable
//! whatever `--lang` says; every string from the data files is sanitised.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::indicators::IncomeStatus;
use crate::data::{Dataset, Indicators, YearSeries};
use crate::report::summary::{self, SummaryJson};
use crate::text::sanitize;

#[derive(Serialize)]
struct Export {
    township: Township,
    thresholds: Thresholds,
    party_building: PartyBuilding,
    villages: Vec<Village>,
    consortium: Consortium,
    projects: Vec<Project>,
    sessions: Vec<Session>,
    indicators: IndicatorsJson,
    summary: SummaryJson,
}

#[derive(Serialize)]
struct Township {
    name: String,
    name_en: Option<String>,
    county: String,
    county_en: Option<String>,
    city: String,
    city_en: Option<String>,
    administrative_villages: i64,
    as_of: String,
}

#[derive(Serialize)]
struct Thresholds {
    income_floor_yuan: i64,
    income_strong_yuan: i64,
}

#[derive(Serialize)]
struct PartyBuilding {
    since: i32,
    branches_rectified: i64,
    strongest_branches: i64,
    venues_renovated: i64,
    leaders_added: i64,
}

#[derive(Serialize)]
struct Village {
    id: String,
    name: String,
    name_en: Option<String>,
    households: Option<i64>,
    party_branch: Option<&'static str>,
    oat_program: bool,
    illustrative: bool,
    /// Year to yuan; JSON object keys are the years as strings, in year order.
    collective_income_yuan: BTreeMap<i32, i64>,
    oat_grass_mu: BTreeMap<i32, i64>,
    /// 表六 rows 2–6 by year, as in `villages.toml`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    income_by_source: BTreeMap<i32, crate::report::accounts::SourcesJson>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    target_yuan: BTreeMap<i32, i64>,
}

#[derive(Serialize)]
struct Consortium {
    name: String,
    name_en: Option<String>,
    founded: i32,
    households_served: i64,
    fertilizer_t: i64,
    oat_grass_mu: i64,
    household_income_gain_yuan: i64,
    members: Vec<Member>,
}

#[derive(Serialize)]
struct Member {
    name: String,
    name_en: Option<String>,
    level: &'static str,
    count: i64,
}

#[derive(Serialize)]
struct Project {
    id: String,
    name: String,
    name_en: Option<String>,
    category: &'static str,
    /// Village ids; empty when the project is township-wide.
    villages: Vec<String>,
    township_wide: bool,
    started: Option<i32>,
    area_mu: Option<f64>,
    jobs: Option<i64>,
    illustrative: bool,
    collective_income_yuan: BTreeMap<i32, i64>,
}

#[derive(Serialize)]
struct Session {
    date: String,
    topic: String,
    topic_en: Option<String>,
    category: &'static str,
    participants: i64,
    illustrative: bool,
}

#[derive(Serialize)]
struct IndicatorsJson {
    latest_year: Option<i32>,
    previous_year: Option<i32>,
    income_years: Vec<i32>,
    villages: Vec<VillageIndicators>,
    totals: Totals,
}

#[derive(Serialize)]
struct VillageIndicators {
    id: String,
    collective_income_yuan: Option<i64>,
    previous_collective_income_yuan: Option<i64>,
    change_yuan: Option<i64>,
    status: Option<&'static str>,
    oat_grass_mu: Option<i64>,
    oat_grass_cumulative_mu: i64,
}

#[derive(Serialize)]
struct Totals {
    villages: usize,
    villages_at_or_above_floor: usize,
    villages_at_or_above_strong: usize,
    collective_income_total_yuan: i64,
    collective_income_previous_total_yuan: Option<i64>,
    collective_income_change_percent: Option<f64>,
    oat_villages: usize,
    oat_grass_mu_by_year: BTreeMap<i32, i64>,
    training_sessions: usize,
    training_participants: i64,
    training_by_category: BTreeMap<&'static str, CategoryTotal>,
    branch_counts: BTreeMap<&'static str, usize>,
    project_income_by_year: BTreeMap<i32, i64>,
}

#[derive(Serialize)]
struct CategoryTotal {
    sessions: usize,
    participants: i64,
}

fn series(s: &YearSeries) -> BTreeMap<i32, i64> {
    s.iter().map(|(y, f)| (*y, f.value)).collect()
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(sanitize)
}

fn status_key(s: IncomeStatus) -> &'static str {
    match s {
        IncomeStatus::BelowFloor => "below_floor",
        IncomeStatus::AtFloor => "at_floor",
        IncomeStatus::Strong => "strong",
    }
}

pub fn render(data: &Dataset, ind: &Indicators) -> anyhow::Result<Vec<u8>> {
    let t = &data.township;
    let p = &data.party_building;
    let c = &data.consortium;
    let export = Export {
        township: Township {
            name: sanitize(&t.name),
            name_en: opt(&t.name_en),
            county: sanitize(&t.county),
            county_en: opt(&t.county_en),
            city: sanitize(&t.city),
            city_en: opt(&t.city_en),
            administrative_villages: t.administrative_villages.value,
            as_of: t.as_of.value.to_string(),
        },
        thresholds: Thresholds {
            income_floor_yuan: data.thresholds.income_floor_yuan,
            income_strong_yuan: data.thresholds.income_strong_yuan,
        },
        party_building: PartyBuilding {
            since: p.since,
            branches_rectified: p.branches_rectified.value,
            strongest_branches: p.strongest_branches.value,
            venues_renovated: p.venues_renovated.value,
            leaders_added: p.leaders_added.value,
        },
        villages: data
            .villages
            .iter()
            .map(|v| Village {
                id: sanitize(&v.id),
                name: sanitize(&v.name),
                name_en: opt(&v.name_en),
                households: v.households.map(|h| h.value),
                party_branch: v.party_branch.map(|b| b.key()),
                oat_program: v.oat_program,
                illustrative: v.illustrative,
                collective_income_yuan: series(&v.collective_income_yuan),
                oat_grass_mu: series(&v.oat_grass_mu),
                income_by_source: crate::report::accounts::by_year_json(v),
                target_yuan: series(&v.target_yuan),
            })
            .collect(),
        consortium: Consortium {
            name: sanitize(&c.name),
            name_en: opt(&c.name_en),
            founded: c.founded,
            households_served: c.households_served.value,
            fertilizer_t: c.fertilizer_t.value,
            oat_grass_mu: c.oat_grass_mu.value,
            household_income_gain_yuan: c.household_income_gain_yuan.value,
            members: c
                .members
                .iter()
                .map(|m| Member {
                    name: sanitize(&m.name),
                    name_en: opt(&m.name_en),
                    level: m.level.key(),
                    count: m.count,
                })
                .collect(),
        },
        projects: data
            .projects
            .iter()
            .map(|p| Project {
                id: sanitize(&p.id),
                name: sanitize(&p.name),
                name_en: opt(&p.name_en),
                category: p.category.key(),
                villages: p
                    .villages
                    .iter()
                    .filter_map(|&i| data.villages.get(i))
                    .map(|v| sanitize(&v.id))
                    .collect(),
                township_wide: p.villages.is_empty(),
                started: p.started,
                area_mu: p.area_mu,
                jobs: p.jobs,
                illustrative: p.illustrative,
                collective_income_yuan: series(&p.collective_income_yuan),
            })
            .collect(),
        sessions: data
            .sessions
            .iter()
            .map(|s| Session {
                date: s.date.to_string(),
                topic: sanitize(&s.topic),
                topic_en: opt(&s.topic_en),
                category: s.category.key(),
                participants: s.participants.value,
                illustrative: s.illustrative,
            })
            .collect(),
        indicators: IndicatorsJson {
            latest_year: ind.latest_year,
            previous_year: ind.previous_year,
            income_years: ind.income_years.clone(),
            villages: data
                .villages
                .iter()
                .zip(&ind.rows)
                .map(|(v, r)| VillageIndicators {
                    id: sanitize(&v.id),
                    collective_income_yuan: r.income,
                    previous_collective_income_yuan: r.previous_income,
                    change_yuan: r.change,
                    status: r.status.map(status_key),
                    oat_grass_mu: r.oat_mu,
                    oat_grass_cumulative_mu: r.oat_cumulative_mu,
                })
                .collect(),
            totals: Totals {
                villages: data.villages.len(),
                villages_at_or_above_floor: ind.at_or_above_floor,
                villages_at_or_above_strong: ind.at_or_above_strong,
                collective_income_total_yuan: ind.income_total,
                collective_income_previous_total_yuan: ind.income_total_previous,
                // Rounded to one decimal, as `summary` prints it.
                collective_income_change_percent: ind
                    .income_change_percent()
                    .map(|p| (p * 10.0).round() / 10.0),
                oat_villages: ind.oat_villages,
                oat_grass_mu_by_year: ind.oat_by_year.clone(),
                training_sessions: data.sessions.len(),
                training_participants: ind.training_participants,
                training_by_category: ind
                    .training_by_category
                    .iter()
                    .map(|(k, t)| {
                        (
                            k.key(),
                            CategoryTotal {
                                sessions: t.sessions,
                                participants: t.participants,
                            },
                        )
                    })
                    .collect(),
                branch_counts: ind
                    .branch_counts
                    .iter()
                    .map(|(k, n)| (k.key(), *n))
                    .collect(),
                project_income_by_year: ind.project_income_by_year.clone(),
            },
        },
        summary: summary::to_json(data, ind),
    };
    let mut bytes = serde_json::to_vec_pretty(&export)?;
    bytes.push(b'\n');
    Ok(bytes)
}
