//! JSON: the whole model, the derived indicators and the `summary --format json` object, so
//! that a script can check any figure against any other. Key names are English and stable
//! whatever `--lang` says; every string from the data files is sanitised.
//!
//! Provenance (added beside the existing keys, none renamed): every published figure also
//! appears as a `FigureJson` with its qualifier (`exact`, `about`, `more_than`,
//! `at_least`), basis (`cumulative`, `annual` or null), status (`published`, `assumed`,
//! `illustrative`), an `illustrative` flag and its source where the data names one:
//! `township.figures`, `party_building.figures`, `consortium.figures`, `training`,
//! `projects[].annual_income_yuan`. Records carry `status` beside `illustrative`; every
//! total in `indicators.totals` has a flag in `indicators.totals.illustrative` (true when it
//! sums an illustrative figure), and `indicators.totals.headline` lists the headline
//! figures exactly as `summary --format json` does in `totals`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::indicators::IncomeStatus;
use crate::data::{Dataset, Indicators, Provenance, Qualified, YearSeries};
use crate::report::summary::{self, SummaryJson, TotalJson};
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
    training: Training,
    indicators: IndicatorsJson,
    summary: SummaryJson,
}

/// A figure with its wording and provenance.
#[derive(Serialize)]
struct FigureJson {
    value: i64,
    /// `exact`, `about`, `more_than` or `at_least`.
    qualifier: &'static str,
    /// `cumulative`, `annual`, or null.
    basis: Option<&'static str>,
    /// `published`, `assumed` or `illustrative`.
    status: &'static str,
    /// True when the figure is not published.
    illustrative: bool,
    source: Option<String>,
    /// The source in English, where the file gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    source_en: Option<String>,
}

impl FigureJson {
    fn of(q: &Qualified) -> Self {
        FigureJson {
            value: q.value,
            qualifier: q.qualifier.key(),
            basis: q.basis.map(|b| b.key()),
            status: q.provenance.key(),
            illustrative: q.illustrative(),
            source: q.source.as_deref().map(sanitize),
            source_en: q.source_en.as_deref().map(sanitize),
        }
    }

    /// A plain figure of a file whose figures are all published (township.toml).
    fn published(value: i64, basis: Option<crate::data::Basis>) -> Self {
        FigureJson {
            value,
            qualifier: crate::data::Qualifier::Exact.key(),
            basis: basis.map(|b| b.key()),
            status: Provenance::Published.key(),
            illustrative: false,
            source: None,
            source_en: None,
        }
    }
}

/// `published` or `illustrative`, for a record flagged `illustrative = true` or not.
fn record_status(illustrative: bool) -> &'static str {
    if illustrative {
        Provenance::Illustrative.key()
    } else {
        Provenance::Published.key()
    }
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
    /// `administrative_villages` with its provenance.
    figures: BTreeMap<&'static str, FigureJson>,
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
    /// The four figures with their provenance, each counted since `since` (cumulative).
    figures: BTreeMap<&'static str, FigureJson>,
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
    /// `published` or `illustrative`: the status of every figure of the record.
    status: &'static str,
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
    /// Cumulative, since `founded` (the same figure as `oat_grass_mu`, by its own name).
    oat_grass_mu_cumulative: i64,
    household_income_gain_yuan: i64,
    members: Vec<Member>,
    /// The four published figures with their qualifier, basis, status and source.
    figures: BTreeMap<&'static str, FigureJson>,
}

/// `[training]`: the published township-level figures, separate from the sessions.
#[derive(Serialize)]
struct Training {
    since: Option<i32>,
    sessions: Option<FigureJson>,
    participants: Option<FigureJson>,
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
    /// Village ids; empty when the place is not published or the project is township-wide.
    villages: Vec<String>,
    /// Only where the file says `township_wide = true`.
    township_wide: bool,
    /// `villages`, `township_wide` or `not_published`.
    place: &'static str,
    started: Option<i32>,
    /// `published` or `assumed` (or `illustrative`): the status of `started`; null
    /// without a start year.
    started_status: Option<&'static str>,
    area_mu: Option<f64>,
    jobs: Option<i64>,
    illustrative: bool,
    /// `published` or `illustrative`: the status of the record's own figures.
    status: &'static str,
    collective_income_yuan: BTreeMap<i32, i64>,
    /// A yearly figure published with no year (每年50万元).
    #[serde(skip_serializing_if = "Option::is_none")]
    annual_income_yuan: Option<FigureJson>,
}

#[derive(Serialize)]
struct Session {
    date: String,
    topic: String,
    topic_en: Option<String>,
    category: &'static str,
    participants: i64,
    illustrative: bool,
    status: &'static str,
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
    /// The row's figures are illustrative.
    illustrative: bool,
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
    /// Households summed over the villages (null when no village gives a figure).
    households_total: Option<i64>,
    /// Oat grass since the consortium was founded, summed over the villages (beside the
    /// published `consortium.oat_grass_mu_cumulative`).
    oat_grass_mu_cumulative_summed: i64,
    /// Change of the income total on the year before, in yuan.
    collective_income_change_yuan: Option<i64>,
    /// Villages whose branch status is not recorded.
    branch_unrecorded: usize,
    /// 表六 for the township: the sources summed over the villages with a breakdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    income_by_source: Option<crate::report::accounts::SourcesJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operating_income_total_yuan: Option<i64>,
    /// Per total of this object: true when it sums an illustrative figure.
    illustrative: BTreeMap<&'static str, bool>,
    /// The headline figures with qualifier, basis, status, flag and source (as `summary`).
    headline: Vec<TotalJson>,
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

/// For each total of `indicators.totals`: whether it sums an illustrative figure.
fn totals_flags(data: &Dataset, ind: &Indicators) -> BTreeMap<&'static str, bool> {
    let previous = data.villages.iter().any(|v| {
        v.illustrative
            && ind
                .previous_year
                .is_some_and(|y| v.collective_income_yuan.contains_key(&y))
    });
    let income = ind.income_total_illustrative;
    let sessions = ind.sessions_illustrative;
    let branches = data
        .villages
        .iter()
        .any(|v| v.illustrative && v.party_branch.is_some());
    let projects = data
        .projects
        .iter()
        .any(|p| p.illustrative && !p.collective_income_yuan.is_empty());
    BTreeMap::from([
        ("villages_at_or_above_floor", income),
        ("villages_at_or_above_strong", income),
        ("collective_income_total_yuan", income),
        ("collective_income_previous_total_yuan", previous),
        ("collective_income_change_percent", income || previous),
        ("collective_income_change_yuan", income || previous),
        ("oat_grass_mu_by_year", ind.oat_by_year_illustrative),
        (
            "oat_grass_mu_cumulative_summed",
            ind.oat_by_year_illustrative,
        ),
        ("training_sessions", sessions),
        ("training_participants", sessions),
        ("training_by_category", sessions),
        ("branch_counts", branches),
        ("branch_unrecorded", branches),
        ("project_income_by_year", projects),
        ("households_total", ind.households_illustrative),
        (
            "income_by_source",
            data.villages
                .iter()
                .any(|v| v.illustrative && !v.income_by_source.is_empty()),
        ),
    ])
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
            figures: BTreeMap::from([(
                "administrative_villages",
                FigureJson::published(t.administrative_villages.value, None),
            )]),
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
            figures: [
                ("branches_rectified", &p.branches_rectified),
                ("strongest_branches", &p.strongest_branches),
                ("venues_renovated", &p.venues_renovated),
                ("leaders_added", &p.leaders_added),
            ]
            .into_iter()
            .map(|(k, f)| {
                (
                    k,
                    FigureJson::published(f.value, Some(crate::data::Basis::Cumulative)),
                )
            })
            .collect(),
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
                status: record_status(v.illustrative),
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
            oat_grass_mu_cumulative: c.oat_grass_mu.value,
            household_income_gain_yuan: c.household_income_gain_yuan.value,
            figures: BTreeMap::from([
                ("households_served", FigureJson::of(&c.households_served)),
                ("fertilizer_t", FigureJson::of(&c.fertilizer_t)),
                ("oat_grass_mu", FigureJson::of(&c.oat_grass_mu)),
                (
                    "household_income_gain_yuan",
                    FigureJson::of(&c.household_income_gain_yuan),
                ),
            ]),
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
                township_wide: p.township_wide,
                place: if p.township_wide {
                    "township_wide"
                } else if p.villages.is_empty() {
                    "not_published"
                } else {
                    "villages"
                },
                started: p.started,
                started_status: p.started.map(|_| p.started_provenance.key()),
                area_mu: p.area_mu,
                jobs: p.jobs,
                illustrative: p.illustrative,
                status: record_status(p.illustrative),
                collective_income_yuan: series(&p.collective_income_yuan),
                annual_income_yuan: p.annual_income_yuan.as_ref().map(FigureJson::of),
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
                status: record_status(s.illustrative),
            })
            .collect(),
        training: Training {
            since: data.training.since,
            sessions: data.training.sessions.as_ref().map(FigureJson::of),
            participants: data.training.participants.as_ref().map(FigureJson::of),
        },
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
                    illustrative: r.illustrative,
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
                households_total: ind.households_total,
                oat_grass_mu_cumulative_summed: ind.oat_cumulative_total,
                collective_income_change_yuan: ind.income_change(),
                branch_unrecorded: ind.branch_unrecorded,
                income_by_source: (ind.accounts.with_breakdown > 0).then(|| {
                    let t = &ind.accounts.township;
                    crate::report::accounts::SourcesJson {
                        operating: t[0],
                        contracting: t[1],
                        investment: t[2],
                        subsidy: t[3],
                        other: t[4],
                    }
                }),
                operating_income_total_yuan: (ind.accounts.with_breakdown > 0)
                    .then(|| ind.accounts.township_operating()),
                illustrative: totals_flags(data, ind),
                headline: ind.totals.iter().map(TotalJson::of).collect(),
            },
        },
        summary: summary::to_json(data, ind),
    };
    let mut bytes = serde_json::to_vec_pretty(&export)?;
    bytes.push(b'\n');
    Ok(bytes)
}
