//! Figures derived from the data once per load, so that no frame or key press recomputes
//! them: the latest year, each village's standing, totals and chart series.

use std::collections::BTreeMap;

use super::model::*;

/// Where a village's collective income stands against the two targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IncomeStatus {
    BelowFloor,
    AtFloor,
    Strong,
}

impl IncomeStatus {
    pub fn of(income: i64, thresholds: &Thresholds) -> Self {
        if income >= thresholds.income_strong_yuan {
            IncomeStatus::Strong
        } else if income >= thresholds.income_floor_yuan {
            IncomeStatus::AtFloor
        } else {
            IncomeStatus::BelowFloor
        }
    }
}

/// A figure far beyond the others: more than 3 times the median of its series.
pub fn is_outlier(value: i64, median: i64) -> bool {
    median > 0 && value > median.saturating_mul(3)
}

/// How far a village's latest income is short of the next target it has not reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The target: the floor (10万) below it, the strong target (20万) between the two.
    pub target: i64,
    /// Yuan still missing, more than zero.
    pub short: i64,
}

impl Gap {
    pub fn of(income: i64, thresholds: &Thresholds) -> Option<Self> {
        let target = match IncomeStatus::of(income, thresholds) {
            IncomeStatus::Strong => return None,
            IncomeStatus::AtFloor => thresholds.income_strong_yuan,
            IncomeStatus::BelowFloor => thresholds.income_floor_yuan,
        };
        Some(Gap {
            target,
            short: target.saturating_sub(income),
        })
    }
}

/// One village's derived figures for the latest year.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageRow {
    pub income: Option<i64>,
    pub previous_income: Option<i64>,
    pub change: Option<i64>,
    pub status: Option<IncomeStatus>,
    /// Distance to the next target, for a village below the strong target.
    pub gap: Option<Gap>,
    pub oat_mu: Option<i64>,
    /// Oat grass planted since the consortium was founded.
    pub oat_cumulative_mu: i64,
    /// The village's figures are illustrative (not published).
    pub illustrative: bool,
    /// Income for each of `Indicators::income_years` (0 where the year is missing).
    pub trend: Vec<u64>,
}

/// A township-level figure with its wording and provenance, owned here so that every view
/// and report shows the same number with the same qualifier and mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The JSON key of the figure (the contract), e.g. `fertilizer_t`.
    pub key: &'static str,
    pub value: i64,
    pub qualifier: Qualifier,
    pub basis: Option<Basis>,
    /// `Published` for a figure as published; `Illustrative` for a total that includes an
    /// illustrative figure; `Assumed` where the file says so.
    pub provenance: Provenance,
    pub source: Option<String>,
    pub source_en: Option<String>,
}

impl Total {
    pub fn marked(&self) -> bool {
        self.provenance.is_marked()
    }

    /// A figure from a file as a total, e.g. a project's yearly income.
    pub fn from_qualified(key: &'static str, q: &Qualified) -> Self {
        Self::of(key, q)
    }

    fn of(key: &'static str, q: &Qualified) -> Self {
        Total {
            key,
            value: q.value,
            qualifier: q.qualifier,
            basis: q.basis,
            provenance: q.provenance,
            source: q.source.clone(),
            source_en: q.source_en.clone(),
        }
    }

    fn summed(key: &'static str, value: i64, illustrative: bool) -> Self {
        Total {
            key,
            value,
            qualifier: Qualifier::Exact,
            basis: None,
            provenance: if illustrative {
                Provenance::Illustrative
            } else {
                Provenance::Published
            },
            source: None,
            source_en: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CategoryTotal {
    pub sessions: usize,
    pub participants: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicators {
    /// The latest year that has income figures, if any village has one.
    pub latest_year: Option<i32>,
    pub previous_year: Option<i32>,
    /// Every year that any village has an income figure for, ascending.
    pub income_years: Vec<i32>,
    /// One row per village, in the order of `Dataset::villages`.
    pub rows: Vec<VillageRow>,
    pub at_or_above_floor: usize,
    pub at_or_above_strong: usize,
    pub income_total: i64,
    pub income_total_previous: Option<i64>,
    pub oat_villages: usize,
    /// Oat grass planted each year, summed over villages.
    pub oat_by_year: BTreeMap<i32, i64>,
    pub training_participants: i64,
    pub training_by_category: BTreeMap<TrainingCategory, CategoryTotal>,
    pub branch_counts: BTreeMap<BranchStatus, usize>,
    /// One income scale for every village's chart, so that the target lines stay at the
    /// same columns from village to village: the largest income of any village in any
    /// year, leaving out figures more than 3 times the median (likely typos), and never
    /// below the strong target.
    pub income_scale_max: i64,
    /// Villages at or above the floor and the strong target, by year.
    pub targets_by_year: BTreeMap<i32, (usize, usize)>,
    /// Collective income of all villages, by year.
    pub income_total_by_year: BTreeMap<i32, i64>,
    /// Villages by latest income, largest first (villages without one last).
    pub income_rank: Vec<usize>,
    /// Villages in the oat programme (or with acreage) by acreage since founding, largest first.
    pub oat_rank: Vec<usize>,
    /// Villages by branch status: strongest, rectified, ordinary, then unrecorded.
    pub branch_rank: Vec<usize>,
    /// Income to village collectives from all projects, by year.
    pub project_income_by_year: BTreeMap<i32, i64>,
    /// Income by source, basis, targets and the early-warning list, for the latest year.
    pub accounts: super::accounts::Accounts,
    /// The latest income year is cut short by `as_of` (e.g. 2023, as of 30 June): its
    /// figures and any change on the year before cover part of a year.
    pub partial_year: bool,
    /// Any village's income for the latest year is illustrative.
    pub income_total_illustrative: bool,
    /// Any village's acreage is illustrative (so are the sums by year).
    pub oat_by_year_illustrative: bool,
    /// Any training session is illustrative (so are sums over sessions).
    pub sessions_illustrative: bool,
    /// The headline figures, in display order, each once with its qualifier and mark.
    pub totals: Vec<Total>,
    /// Households summed over the villages that give a figure (None when none does).
    pub households_total: Option<i64>,
    /// Any village's household figure is illustrative (so is the sum).
    pub households_illustrative: bool,
    /// Oat grass planted since the consortium was founded, summed over the villages.
    pub oat_cumulative_total: i64,
    /// Villages whose branch status is not recorded.
    pub branch_unrecorded: usize,
}

impl Indicators {
    pub fn compute(data: &Dataset) -> Self {
        let mut years = std::collections::BTreeSet::new();
        for v in &data.villages {
            years.extend(v.collective_income_yuan.keys().copied());
        }
        let income_years: Vec<i32> = years.into_iter().collect();
        let latest_year = income_years.last().copied();
        let previous_year = latest_year.map(|y| y - 1);
        let founded = data.consortium.founded;

        let mut rows = Vec::with_capacity(data.villages.len());
        let mut oat_by_year = BTreeMap::new();
        let mut branch_counts = BTreeMap::new();
        let mut income_total: i64 = 0;
        let mut previous_total: Option<i64> = None;
        for v in &data.villages {
            let income = latest_year.and_then(|y| v.income(y));
            let previous_income = previous_year.and_then(|y| v.income(y));
            if let Some(i) = income {
                income_total = income_total.saturating_add(i);
            }
            if let Some(p) = previous_income {
                previous_total = Some(previous_total.unwrap_or(0).saturating_add(p));
            }
            for (year, mu) in &v.oat_grass_mu {
                let sum = oat_by_year.entry(*year).or_insert(0_i64);
                *sum = sum.saturating_add(mu.value);
            }
            if let Some(b) = v.party_branch {
                *branch_counts.entry(b).or_insert(0) += 1;
            }
            rows.push(VillageRow {
                income,
                previous_income,
                change: income.zip(previous_income).map(|(a, b)| a - b),
                // Judged on the basis of `[thresholds]`: total, or income less subsidies.
                status: latest_year
                    .and_then(|y| super::accounts::status_income(v, y, &data.thresholds))
                    .map(|i| IncomeStatus::of(i, &data.thresholds)),
                // The distance to the next target, on the same basis as the status.
                gap: latest_year
                    .and_then(|y| super::accounts::status_income(v, y, &data.thresholds))
                    .and_then(|i| Gap::of(i, &data.thresholds)),
                oat_mu: latest_year.and_then(|y| v.oat(y)),
                illustrative: v.illustrative,
                oat_cumulative_mu: v
                    .oat_grass_mu
                    .range(founded..)
                    .fold(0_i64, |sum, (_, f)| sum.saturating_add(f.value)),
                trend: income_years
                    .iter()
                    .map(|y| v.income(*y).map_or(0, |i| i.max(0) as u64))
                    .collect(),
            });
        }

        let mut training_by_category: BTreeMap<TrainingCategory, CategoryTotal> = BTreeMap::new();
        let mut training_participants: i64 = 0;
        for s in &data.sessions {
            let total = training_by_category.entry(s.category).or_default();
            total.sessions += 1;
            total.participants = total.participants.saturating_add(s.participants.value);
            training_participants = training_participants.saturating_add(s.participants.value);
        }
        let mut income_total_by_year = BTreeMap::new();
        let mut targets_by_year: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
        for v in &data.villages {
            for (year, f) in &v.collective_income_yuan {
                let sum = income_total_by_year.entry(*year).or_insert(0_i64);
                *sum = sum.saturating_add(f.value);
                let counts = targets_by_year.entry(*year).or_default();
                match IncomeStatus::of(f.value, &data.thresholds) {
                    IncomeStatus::Strong => {
                        counts.0 += 1;
                        counts.1 += 1;
                    }
                    IncomeStatus::AtFloor => counts.0 += 1,
                    IncomeStatus::BelowFloor => {}
                }
            }
        }
        let mut project_income_by_year = BTreeMap::new();
        for p in &data.projects {
            for (year, f) in &p.collective_income_yuan {
                let sum = project_income_by_year.entry(*year).or_insert(0_i64);
                *sum = sum.saturating_add(f.value);
            }
        }

        // Orders for the charts and lists, sorted once here rather than on every frame.
        let mut income_rank: Vec<usize> = (0..rows.len()).collect();
        income_rank.sort_by_key(|&i| std::cmp::Reverse(rows[i].income));
        let mut oat_rank: Vec<usize> = (0..rows.len())
            .filter(|&i| data.villages[i].oat_program || rows[i].oat_cumulative_mu > 0)
            .collect();
        oat_rank.sort_by_key(|&i| std::cmp::Reverse(rows[i].oat_cumulative_mu));
        let mut branch_rank: Vec<usize> = (0..rows.len()).collect();
        branch_rank.sort_by_key(|&i| data.villages[i].party_branch.map_or(u8::MAX, |b| b as u8));

        let mut all: Vec<i64> = data
            .villages
            .iter()
            .flat_map(|v| v.collective_income_yuan.values().map(|f| f.value))
            .collect();
        all.sort_unstable();
        let median = all.get(all.len() / 2).copied().unwrap_or(0);
        let income_scale_max = all
            .iter()
            .rev()
            .find(|&&v| !is_outlier(v, median))
            .copied()
            .unwrap_or(0)
            .max(data.thresholds.income_strong_yuan);
        let income_total_illustrative = data
            .villages
            .iter()
            .any(|v| v.illustrative && latest_year.is_some_and(|y| v.income(y).is_some()));
        let oat_by_year_illustrative = data
            .villages
            .iter()
            .any(|v| v.illustrative && !v.oat_grass_mu.is_empty());
        let sessions_illustrative = data.sessions.iter().any(|s| s.illustrative);
        let as_of = data.township.as_of.value;
        let partial_year = latest_year.is_some_and(|y| {
            use chrono::Datelike;
            as_of.year() == y && (as_of.month(), as_of.day()) != (12, 31)
        });
        let at_floor = rows
            .iter()
            .filter(|r| r.status >= Some(IncomeStatus::AtFloor))
            .count();
        let at_strong = rows
            .iter()
            .filter(|r| r.status == Some(IncomeStatus::Strong))
            .count();
        let c = &data.consortium;
        let t = &data.training;
        let mut totals = vec![
            Total::summed(
                "villages_at_or_above_floor",
                at_floor as i64,
                income_total_illustrative,
            ),
            Total::summed(
                "villages_at_or_above_strong",
                at_strong as i64,
                income_total_illustrative,
            ),
            Total::summed(
                "collective_income_total_yuan",
                income_total,
                income_total_illustrative,
            ),
            Total::of("oat_grass_mu_cumulative", &c.oat_grass_mu),
            Total::of("consortium_households", &c.households_served),
            Total::of("fertilizer_t", &c.fertilizer_t),
            Total::of("household_income_gain_yuan", &c.household_income_gain_yuan),
        ];
        totals.push(match &t.sessions {
            Some(q) => Total::of("training_sessions", q),
            None => Total::summed(
                "training_sessions",
                data.sessions.len() as i64,
                sessions_illustrative,
            ),
        });
        totals.push(match &t.participants {
            Some(q) => Total::of("training_participants", q),
            None => Total::summed(
                "training_participants",
                training_participants,
                sessions_illustrative,
            ),
        });
        totals.push(Total::summed(
            "projects",
            data.projects.len() as i64,
            data.projects.iter().any(|p| p.illustrative),
        ));

        let households: Vec<i64> = data
            .villages
            .iter()
            .filter_map(|v| v.households.map(|h| h.value))
            .collect();
        let households_total = (!households.is_empty())
            .then(|| households.iter().fold(0_i64, |a, b| a.saturating_add(*b)));
        let households_illustrative = data
            .villages
            .iter()
            .any(|v| v.illustrative && v.households.is_some());
        let oat_cumulative_total = rows
            .iter()
            .fold(0_i64, |a, r| a.saturating_add(r.oat_cumulative_mu));
        let branch_unrecorded = data
            .villages
            .iter()
            .filter(|v| v.party_branch.is_none())
            .count();

        Indicators {
            households_total,
            households_illustrative,
            oat_cumulative_total,
            branch_unrecorded,
            income_scale_max,
            accounts: super::accounts::Accounts::compute(data, latest_year),
            partial_year,
            income_total_illustrative,
            oat_by_year_illustrative,
            sessions_illustrative,
            totals,
            income_rank,
            oat_rank,
            branch_rank,
            latest_year,
            previous_year,
            at_or_above_floor: at_floor,
            at_or_above_strong: at_strong,
            income_total,
            income_total_previous: previous_total,
            oat_villages: data.villages.iter().filter(|v| v.oat_program).count(),
            oat_by_year,
            training_participants,
            training_by_category,
            branch_counts,
            project_income_by_year,
            income_total_by_year,
            targets_by_year,
            income_years,
            rows,
        }
    }

    /// The headline figure with this JSON key.
    pub fn total(&self, key: &str) -> Option<&Total> {
        self.totals.iter().find(|t| t.key == key)
    }

    /// Change of the income total on the year before, in yuan.
    pub fn income_change(&self) -> Option<i64> {
        self.latest_year?;
        self.income_total_previous
            .map(|p| self.income_total.saturating_sub(p))
    }

    /// Oat grass planted in the latest year, summed over the villages that give a figure.
    pub fn oat_total_latest(&self) -> Option<i64> {
        self.latest_year
            .and_then(|y| self.oat_by_year.get(&y))
            .copied()
    }

    /// Income of every village in `year` (the latest year's total is `income_total`).
    pub fn income_total_in(&self, year: i32) -> i64 {
        if Some(year) == self.latest_year {
            self.income_total
        } else {
            self.income_total_by_year.get(&year).copied().unwrap_or(0)
        }
    }

    /// Change of the income total on the year before, in per cent.
    pub fn income_change_percent(&self) -> Option<f64> {
        let previous = self.income_total_previous?;
        (previous > 0).then(|| (self.income_total - previous) as f64 * 100.0 / previous as f64)
    }
}
