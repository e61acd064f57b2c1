//! Collective income as the official accounts for it: income by source (表六, the annual
//! income distribution form, rows 2–6), the basis the targets are judged on, each village's
//! own income target, and the early-warning (预警) rules.
//!
//! Rules, each with its name (silenced like the warnings) and its threshold in
//! `[early_warning]` of `township.toml`, judged for the latest year:
//! - `operating-below-floor`: total at or above the floor, income less subsidies below it;
//! - `falling`: total income fell by more than `fall_percent` on the year before;
//! - `subsidy-dependent`: subsidies more than `subsidy_share_percent` of total income;
//! - `project-dependent`: one project brings more than `project_share_percent` of the
//!   village's total income. A project's income for the year is split equally among the
//!   villages it lists; a project that lists none (township-wide, such as the pooled coal
//!   park) is split equally among all villages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diagnostic::{Diagnostic, Severity};
use super::model::{At, Dataset, Figure, Thresholds, Village};
use super::source::SourceFile;
use crate::i18n::accounts::{ACCOUNTS_EN, ACCOUNTS_ZH};
use crate::i18n::messages::Msg;

/// The five sources of 表六, in the form's order (rows 2–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Operating,
    Contracting,
    Investment,
    Subsidy,
    Other,
}

impl Source {
    pub const ALL: [Source; 5] = [
        Source::Operating,
        Source::Contracting,
        Source::Investment,
        Source::Subsidy,
        Source::Other,
    ];

    /// The key in `[village.income_by_source.YEAR]`.
    pub fn key(self) -> &'static str {
        match self {
            Source::Operating => "operating",
            Source::Contracting => "contracting",
            Source::Investment => "investment",
            Source::Subsidy => "subsidy",
            Source::Other => "other",
        }
    }

    /// The row code on 表六 (row 1 is the total).
    pub fn row(self) -> u8 {
        self as u8 + 2
    }
}

/// The basis the income targets are judged on (`[thresholds] basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Total collective income (表六 row 1).
    #[default]
    Total,
    /// Income less subsidies (补助收入).
    Operating,
}

impl Basis {
    pub fn key(self) -> &'static str {
        match self {
            Basis::Total => "total",
            Basis::Operating => "operating",
        }
    }
}

/// One year of a village's income by source; a missing source is 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breakdown {
    /// Yuan per source, in `Source::ALL` order.
    pub values: [i64; 5],
    /// Where each source is written, if it is.
    pub at: [Option<At>; 5],
    /// The `[village.income_by_source.YEAR]` table.
    pub table: At,
}

impl Breakdown {
    pub fn get(&self, source: Source) -> i64 {
        self.values[source as usize]
    }

    pub fn total(&self) -> i64 {
        self.values.iter().fold(0_i64, |a, b| a.saturating_add(*b))
    }

    /// Income less subsidies.
    pub fn operating(&self) -> i64 {
        self.total().saturating_sub(self.get(Source::Subsidy))
    }
}

/// `[early_warning]`: the thresholds of the rules, in per cent, and the rules silenced in
/// `[warnings] silence`, which put no village on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyWarning {
    pub fall_percent: i64,
    pub subsidy_share_percent: i64,
    pub project_share_percent: i64,
    pub silenced: Vec<Rule>,
}

impl Default for EarlyWarning {
    fn default() -> Self {
        EarlyWarning {
            fall_percent: 15,
            subsidy_share_percent: 50,
            project_share_percent: 50,
            silenced: Vec::new(),
        }
    }
}

/// An early-warning rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    OperatingBelowFloor,
    Falling,
    SubsidyDependent,
    ProjectDependent,
}

impl Rule {
    pub const ALL: [Rule; 4] = [
        Rule::OperatingBelowFloor,
        Rule::Falling,
        Rule::SubsidyDependent,
        Rule::ProjectDependent,
    ];

    /// The rule's name: in `at_risk`, in `check`, and in `[warnings] silence`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::OperatingBelowFloor => "operating-below-floor",
            Rule::Falling => "falling",
            Rule::SubsidyDependent => "subsidy-dependent",
            Rule::ProjectDependent => "project-dependent",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// Why a rule fired, with the figures that made it fire.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    OperatingBelowFloor {
        total: i64,
        operating: i64,
        floor: i64,
    },
    Falling {
        previous: i64,
        income: i64,
        limit: i64,
    },
    SubsidyDependent {
        subsidy: i64,
        income: i64,
        limit: i64,
    },
    ProjectDependent {
        project: usize,
        share: i64,
        project_income: i64,
        villages: usize,
        income: i64,
        limit: i64,
    },
}

impl Finding {
    pub fn rule(&self) -> Rule {
        match self {
            Finding::OperatingBelowFloor { .. } => Rule::OperatingBelowFloor,
            Finding::Falling { .. } => Rule::Falling,
            Finding::SubsidyDependent { .. } => Rule::SubsidyDependent,
            Finding::ProjectDependent { .. } => Rule::ProjectDependent,
        }
    }
}

/// One village's accounts for the latest year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountsRow {
    pub breakdown: Option<Breakdown>,
    /// Income less subsidies, where there is a breakdown.
    pub operating: Option<i64>,
    /// The income the targets are judged on (the basis; the total where there is no
    /// breakdown on the operating basis).
    pub judged: Option<i64>,
    /// On the operating basis, judged on the total for want of a breakdown (口径未分).
    pub no_breakdown: bool,
    pub target: Option<i64>,
    /// Judged income ÷ target × 100.
    pub target_percent: Option<f64>,
    /// The rules that fire, each once, in `Rule::ALL` order.
    pub reasons: Vec<Rule>,
    pub findings: Vec<Finding>,
}

/// The accounts of every village for the latest year, computed once per load.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Accounts {
    pub basis: Basis,
    pub rows: Vec<AccountsRow>,
    /// Villages on the early-warning list, in file order.
    pub at_risk: Vec<usize>,
    /// The township's sources summed over the villages with a breakdown for the year.
    pub township: [i64; 5],
    /// Villages with a breakdown for the latest year.
    pub with_breakdown: usize,
    /// Whether any village gives a breakdown or a target for any year: the screens show
    /// the accounts columns only then.
    pub in_use: bool,
}

impl Accounts {
    /// 表六 row 1 for the township: every source summed over the villages with a breakdown.
    pub fn township_total(&self) -> i64 {
        self.township
            .iter()
            .fold(0_i64, |a, b| a.saturating_add(*b))
    }

    /// Income less subsidies (1 - 5) for the township.
    pub fn township_operating(&self) -> i64 {
        self.township_total()
            .saturating_sub(self.township[Source::Subsidy as usize])
    }
}

/// The income a village is judged on for `year`, and whether it lacked a breakdown on the
/// operating basis.
pub fn judged_income(v: &Village, year: i32, basis: Basis) -> Option<(i64, bool)> {
    let total = v.income(year)?;
    Some(match (basis, v.income_by_source.get(&year)) {
        (Basis::Total, _) => (total, false),
        (Basis::Operating, Some(b)) => (b.operating(), false),
        (Basis::Operating, None) => (total, true),
    })
}

/// The projects with a collective income for one year, listed per village once, so the
/// accounts cost grows with villages plus project memberships, not villages times projects.
struct ProjectsByVillage {
    /// `(project, its income for the year, how many villages share it)` in project order,
    /// every village's own laid end to end (`starts[i]..starts[i + 1]`).
    entries: Vec<(usize, i64, usize)>,
    starts: Vec<usize>,
    /// The township-wide ones (a project with no villages is shared by all), largest
    /// income first.
    wide: Vec<(usize, i64, usize)>,
}

impl ProjectsByVillage {
    fn new(data: &Dataset, year: i32) -> Self {
        let n = data.villages.len();
        let with_income = || {
            data.projects
                .iter()
                .enumerate()
                .filter_map(move |(p, project)| {
                    project
                        .collective_income_yuan
                        .get(&year)
                        .map(|f| (p, project, f.value))
                })
        };
        let mut wide: Vec<(usize, i64, usize)> = with_income()
            .filter(|(_, project, _)| project.villages.is_empty())
            .map(|(p, _, income)| (p, income, n))
            .collect();
        wide.sort_by_key(|e| std::cmp::Reverse(e.1));
        let mut counts = vec![0_usize; n + 1];
        for (_, project, _) in with_income() {
            for &i in &project.villages {
                if i < n {
                    counts[i + 1] += 1;
                }
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let starts = counts;
        let mut fill = starts.clone();
        let mut entries = vec![(0, 0, 0); starts[n]];
        for (p, project, income) in with_income() {
            for &i in &project.villages {
                if i < n {
                    entries[fill[i]] = (p, income, project.villages.len());
                    fill[i] += 1;
                }
            }
        }
        ProjectsByVillage {
            entries,
            starts,
            wide,
        }
    }

    /// The projects of village `i` that may make it project-dependent at `income`, in
    /// project order: its own, and the township-wide ones whose share is above the limit
    /// (those are the first of `wide`, which is sorted by income, largest first), so the
    /// township-wide projects cost a search per village, not a look at each.
    fn for_village(&self, i: usize, income: i64, percent: i64) -> Vec<(usize, i64, usize)> {
        let own = &self.entries[self.starts[i]..self.starts[i + 1]];
        let firing = self.wide.partition_point(|&(_, project_income, villages)| {
            more_than_share(
                i128::from(project_income),
                percent,
                i128::from(income) * villages as i128,
            )
        });
        if firing == 0 {
            return own.to_vec();
        }
        let mut all: Vec<_> = own.iter().chain(&self.wide[..firing]).copied().collect();
        all.sort_unstable_by_key(|e| e.0);
        all
    }
}

/// `a` is more than `percent` per cent of `b`: `a * 100 > percent * b`, without overflow.
fn more_than_share(a: i128, percent: i64, b: i128) -> bool {
    a * 100 > i128::from(percent) * b
}

impl Accounts {
    pub fn compute(data: &Dataset, latest_year: Option<i32>) -> Self {
        let basis = data.thresholds.basis;
        let in_use = data
            .villages
            .iter()
            .any(|v| !v.income_by_source.is_empty() || !v.target_yuan.is_empty());
        let Some(year) = latest_year else {
            return Accounts {
                basis,
                rows: vec![AccountsRow::default(); data.villages.len()],
                in_use,
                ..Accounts::default()
            };
        };
        let judge = Judge::new(data, year);
        let mut township = [0_i64; 5];
        let mut with_breakdown = 0;
        let rows: Vec<AccountsRow> = data
            .villages
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let row = judge.row(i, v);
                if let Some(b) = &row.breakdown {
                    with_breakdown += 1;
                    for (sum, value) in township.iter_mut().zip(b.values) {
                        *sum = sum.saturating_add(value);
                    }
                }
                row
            })
            .collect();
        Accounts {
            basis,
            at_risk: (0..rows.len())
                .filter(|&i| !rows[i].reasons.is_empty())
                .collect(),
            rows,
            township,
            with_breakdown,
            in_use,
        }
    }
}

/// What a village's accounts for one year are judged by: the township's rules, floor and
/// basis, and the projects that may make a village dependent on them.
struct Judge<'a> {
    data: &'a Dataset,
    year: i32,
    projects: ProjectsByVillage,
}

impl<'a> Judge<'a> {
    fn new(data: &'a Dataset, year: i32) -> Self {
        Judge {
            data,
            year,
            projects: ProjectsByVillage::new(data, year),
        }
    }

    /// The accounts row of village `i`, `v`.
    fn row(&self, i: usize, v: &Village) -> AccountsRow {
        let (data, year) = (self.data, self.year);
        let rules = &data.early_warning;
        let floor = data.thresholds.income_floor_yuan;
        let breakdown = v.income_by_source.get(&year).copied();
        let total = v.income(year);
        let judged = judged_income(v, year, data.thresholds.basis);
        let target = v.target_yuan.get(&year).map(|f| f.value);
        let target_percent = match (judged, target) {
            (Some((j, _)), Some(t)) if t > 0 => Some((j as f64 * 1000.0 / t as f64).round() / 10.0),
            _ => None,
        };
        let mut findings = Vec::new();
        if let (Some(total), Some(b)) = (total, &breakdown)
            && total >= floor
            && b.operating() < floor
        {
            findings.push(Finding::OperatingBelowFloor {
                total,
                operating: b.operating(),
                floor,
            });
        }
        if let (Some(income), Some(previous)) = (total, v.income(year - 1))
            && previous > 0
            && more_than_share(
                i128::from(previous - income),
                rules.fall_percent,
                i128::from(previous),
            )
        {
            findings.push(Finding::Falling {
                previous,
                income,
                limit: rules.fall_percent,
            });
        }
        if let (Some(income), Some(b)) = (total, &breakdown) {
            let subsidy = b.get(Source::Subsidy);
            if subsidy > 0
                && more_than_share(
                    i128::from(subsidy),
                    rules.subsidy_share_percent,
                    i128::from(income),
                )
            {
                findings.push(Finding::SubsidyDependent {
                    subsidy,
                    income,
                    limit: rules.subsidy_share_percent,
                });
            }
        }
        if let Some(income) = total {
            for (p, project_income, villages) in
                self.projects
                    .for_village(i, income, rules.project_share_percent)
            {
                // share / income > limit %, with share = project_income / villages.
                if project_income > 0
                    && more_than_share(
                        i128::from(project_income),
                        rules.project_share_percent,
                        i128::from(income) * villages as i128,
                    )
                {
                    findings.push(Finding::ProjectDependent {
                        project: p,
                        share: project_income / villages as i64,
                        project_income,
                        villages,
                        income,
                        limit: rules.project_share_percent,
                    });
                }
            }
        }
        findings.retain(|f| !rules.silenced.contains(&f.rule()));
        let mut reasons: Vec<Rule> = findings.iter().map(Finding::rule).collect();
        reasons.dedup();
        AccountsRow {
            operating: breakdown.as_ref().map(Breakdown::operating),
            breakdown,
            judged: judged.map(|(j, _)| j),
            no_breakdown: judged.is_some_and(|(_, none)| none),
            target,
            target_percent,
            reasons,
            findings,
        }
    }
}

/// Where a finding points: the figure that makes the rule fire.
fn finding_at(data: &Dataset, v: &Village, year: i32, finding: &Finding) -> Option<At> {
    let breakdown = v.income_by_source.get(&year);
    let subsidy_at = || breakdown.and_then(|b| b.at[Source::Subsidy as usize].or(Some(b.table)));
    match finding {
        Finding::OperatingBelowFloor { .. } | Finding::SubsidyDependent { .. } => subsidy_at(),
        Finding::Falling { .. } => v.collective_income_yuan.get(&year).map(|f| f.at),
        Finding::ProjectDependent { project, .. } => data
            .projects
            .get(*project)?
            .collective_income_yuan
            .get(&year)
            .map(|f| f.at),
    }
}

/// The early-warning reasons as `check` warnings, at the figure, in both languages. Each
/// village's row is judged when its warnings are asked for and not kept, so the warnings
/// of a national file hold no row per village, and any core can make any village's.
pub struct EarlyWarnings<'a> {
    judge: Option<Judge<'a>>,
}

impl<'a> EarlyWarnings<'a> {
    pub fn new(data: &'a Dataset, latest_year: Option<i32>) -> Self {
        EarlyWarnings {
            judge: latest_year.map(|year| Judge::new(data, year)),
        }
    }

    /// Adds the warnings of village `i` to `out`.
    pub fn village(&self, i: usize, sources: &[SourceFile], out: &mut Vec<Diagnostic>) {
        let Some(judge) = &self.judge else {
            return;
        };
        let (data, year) = (judge.data, judge.year);
        let v = &data.villages[i];
        for finding in &judge.row(i, v).findings {
            let Some(at) = finding_at(data, v, year, finding) else {
                continue;
            };
            let Some(source) = sources.iter().find(|s| s.kind == at.file) else {
                continue;
            };
            let project = match finding {
                Finding::ProjectDependent { project, .. } => {
                    data.projects.get(*project).map_or("", |p| p.id.as_str())
                }
                _ => "",
            };
            let en = (ACCOUNTS_EN.finding)(&v.id, year, finding, project);
            let zh = (ACCOUNTS_ZH.finding)(&v.id, year, finding, project);
            out.push(
                Diagnostic::at(Severity::Warning, source, at, Msg::new(zh, en))
                    .with_kind(finding.rule().name()),
            );
        }
    }
}

/// The balance rule of 表六: where a year has both a breakdown and a total, the sources add
/// up to the total. Returns the error at the breakdown, in both languages.
pub fn balance_error(
    source: &SourceFile,
    year: i32,
    breakdown: &Breakdown,
    total: &Figure<i64>,
) -> Option<Diagnostic> {
    let sum = breakdown.total();
    (sum != total.value).then(|| {
        Diagnostic::at(
            Severity::Error,
            source,
            breakdown.table,
            Msg::new(
                (ACCOUNTS_ZH.balance)(year, sum, total.value),
                (ACCOUNTS_EN.balance)(year, sum, total.value),
            ),
        )
    })
}

/// A village's judged income under `thresholds` for `year` (see `judged_income`).
pub fn status_income(v: &Village, year: i32, thresholds: &Thresholds) -> Option<i64> {
    judged_income(v, year, thresholds.basis).map(|(j, _)| j)
}

/// Every year with a breakdown, the township's sources summed, for the 表六 sheet.
pub fn township_by_year(data: &Dataset) -> BTreeMap<i32, [i64; 5]> {
    let mut out: BTreeMap<i32, [i64; 5]> = BTreeMap::new();
    for v in &data.villages {
        for (year, b) in &v.income_by_source {
            let sums = out.entry(*year).or_default();
            for (sum, value) in sums.iter_mut().zip(b.values) {
                *sum = sum.saturating_add(value);
            }
        }
    }
    out
}
