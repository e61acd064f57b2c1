//! Warnings about figures that load fine but do not add up: published totals against the
//! sum of their parts, likely typos, missing years. Each kind has a short name that
//! `[warnings] silence = [...]` in `township.toml` can switch off.

use chrono::{Datelike, NaiveDate};

use super::diagnostic::{Diagnostic, Severity};
use super::model::*;
use super::source::SourceFile;
use crate::i18n::messages::{self as msg, Msg};

/// Every warning kind, by the name used in messages and in `silence`.
pub const KINDS: &[&str] = &[
    "consortium-acreage",
    "consortium-households",
    "oat-villages",
    "oat-outside-programme",
    "party-rectified",
    "party-strongest",
    "income-jump",
    "acreage-jump",
    "missing-latest-year",
    "year-after-as-of",
    "as-of-future",
    "session-future",
    "duplicate-name",
    // The early-warning rules of `accounts.rs`.
    "operating-below-floor",
    "falling",
    "subsidy-dependent",
    "project-dependent",
    "training-published",
];

/// A year-on-year change larger than this factor is reported as a possible typo.
pub const JUMP_FACTOR: i64 = 3;

struct Warner<'a> {
    sources: &'a [SourceFile],
    out: Vec<Diagnostic>,
}

impl Warner<'_> {
    fn warn(&mut self, kind: &'static str, at: At, message: Msg) {
        if let Some(source) = self.sources.iter().find(|s| s.kind == at.file) {
            self.out
                .push(Diagnostic::at(Severity::Warning, source, at, message).with_kind(kind));
        }
    }
}

/// All warnings for a dataset that loaded without errors, in file order.
pub fn warnings(data: &Dataset, sources: &[SourceFile], today: NaiveDate) -> Vec<Diagnostic> {
    let mut w = Warner {
        sources,
        out: Vec::new(),
    };
    let latest = data
        .villages
        .iter()
        .filter_map(|v| v.collective_income_yuan.keys().next_back())
        .max()
        .copied();
    // Duplicate names and the early-warning accounts, kept apart so the warnings are put
    // together in the same order whichever core made them.
    let others = || {
        let mut names_w = Warner {
            sources,
            out: Vec::new(),
        };
        names(&mut names_w, data);
        let mut out = names_w.out;
        out.extend(super::accounts::warnings(data, sources, latest));
        out
    };
    let mine = |w: &mut Warner| {
        totals(w, data);
        training(w, data);
        jumps(w, data);
        years(w, data, today);
    };
    // The names and accounts on a second core while this one makes the other passes.
    let many = data.villages.len() >= 4096
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let mut from_others = if many {
        std::thread::scope(|scope| {
            let other = scope.spawn(others);
            mine(&mut w);
            other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    } else {
        mine(&mut w);
        others()
    };
    w.out.append(&mut from_others);
    w.out
        .sort_by_key(|d| (d.file, d.position.map(|p| (p.line, p.column))));
    w.out
}

fn totals(w: &mut Warner, data: &Dataset) {
    let c = &data.consortium;
    let oat_villages: Vec<&Village> = data.villages.iter().filter(|v| v.oat_program).collect();

    let acreage: i64 = data
        .villages
        .iter()
        .flat_map(|v| v.oat_grass_mu.range(c.founded..))
        .map(|(_, f)| f.value)
        .sum();
    if !c
        .oat_grass_mu
        .qualifier
        .agrees(c.oat_grass_mu.value, acreage)
    {
        w.warn(
            "consortium-acreage",
            c.oat_grass_mu.at,
            msg::consortium_acreage(c.oat_grass_mu.value, c.founded, acreage),
        );
    }

    let households: i64 = oat_villages
        .iter()
        .filter_map(|v| v.households.map(|h| h.value))
        .sum();
    let without = oat_villages
        .iter()
        .filter(|v| v.households.is_none())
        .count();
    if !c
        .households_served
        .qualifier
        .agrees(c.households_served.value, households)
    {
        w.warn(
            "consortium-households",
            c.households_served.at,
            msg::consortium_households(
                c.households_served.value,
                oat_villages.len(),
                households,
                without,
            ),
        );
    }

    let admin = &data.township.administrative_villages;
    if oat_villages.len() as i64 != admin.value {
        w.warn(
            "oat-villages",
            admin.at,
            msg::oat_villages(admin.value, oat_villages.len()),
        );
    }

    // Branch statuses are only compared when the villages record them at all.
    if data.villages.iter().any(|v| v.party_branch.is_some()) {
        let p = &data.party_building;
        for (kind, status, figure, key) in [
            (
                "party-rectified",
                BranchStatus::Rectified,
                p.branches_rectified,
                "branches_rectified",
            ),
            (
                "party-strongest",
                BranchStatus::Strongest,
                p.strongest_branches,
                "strongest_branches",
            ),
        ] {
            let counted = data
                .villages
                .iter()
                .filter(|v| v.party_branch == Some(status))
                .count() as i64;
            if counted != figure.value {
                w.warn(
                    kind,
                    figure.at,
                    msg::branch_count(key, figure.value, counted, status.key()),
                );
            }
        }
    }

    for v in &data.villages {
        if !v.oat_program
            && let Some((year, f)) = v.oat_grass_mu.iter().next()
        {
            w.warn(
                "oat-outside-programme",
                f.at,
                msg::oat_outside_programme(&v.id, *year),
            );
        }
    }
}

/// The published training figures (`[training]`) against the sessions recorded.
fn training(w: &mut Warner, data: &Dataset) {
    let t = &data.training;
    let in_range: Vec<&TrainingSession> = data
        .sessions
        .iter()
        .filter(|s| t.since.is_none_or(|y| s.date.year() >= y))
        .collect();
    if let Some(p) = &t.participants {
        let sum: i64 = in_range.iter().map(|s| s.participants.value).sum();
        if !p.qualifier.agrees(p.value, sum) {
            w.warn(
                "training-published",
                p.at,
                msg::training_attendances(p.qualifier.key(), p.value, t.since, sum),
            );
        }
    }
    if let Some(n) = &t.sessions {
        let count = in_range.len() as i64;
        if !n.qualifier.agrees(n.value, count) {
            w.warn(
                "training-published",
                n.at,
                msg::training_sessions(n.qualifier.key(), n.value, count, t.since),
            );
        }
    }
}

fn jumps(w: &mut Warner, data: &Dataset) {
    for v in &data.villages {
        for (kind, series) in [
            ("income-jump", &v.collective_income_yuan),
            ("acreage-jump", &v.oat_grass_mu),
        ] {
            for ((y0, a), (y1, b)) in series.iter().zip(series.iter().skip(1)) {
                let (a, b) = (a.value, *b);
                let jumped = a > 0
                    && b.value > 0
                    && (b.value > a * JUMP_FACTOR || a > b.value * JUMP_FACTOR);
                if jumped {
                    w.warn(
                        kind,
                        b.at,
                        msg::possible_typo(b.value, *y1, a, *y0, JUMP_FACTOR),
                    );
                }
            }
        }
    }
}

fn years(w: &mut Warner, data: &Dataset, today: NaiveDate) {
    let latest = data
        .villages
        .iter()
        .filter_map(|v| v.collective_income_yuan.keys().next_back())
        .max()
        .copied();
    if let Some(latest) = latest {
        for v in &data.villages {
            if !v.collective_income_yuan.contains_key(&latest) {
                w.warn(
                    "missing-latest-year",
                    v.at,
                    msg::missing_latest_year(&v.id, latest),
                );
            }
        }
    }
    let as_of = &data.township.as_of;
    if as_of.value > today {
        w.warn(
            "as-of-future",
            as_of.at,
            msg::as_of_future(&as_of.value.to_string(), &today.to_string()),
        );
    }
    let as_of_year = as_of.value.year();
    for v in &data.villages {
        if let Some((year, f)) = v.collective_income_yuan.range(as_of_year + 1..).next() {
            w.warn(
                "year-after-as-of",
                f.at,
                msg::year_after_as_of(*year, &as_of.value.to_string()),
            );
        }
    }
    for s in &data.sessions {
        if s.date > today {
            w.warn(
                "session-future",
                s.date_at,
                msg::session_future(&s.date.to_string(), &today.to_string()),
            );
        }
    }
}

fn names(w: &mut Warner, data: &Dataset) {
    let mut seen: super::load::FastMap<&str, &Village> =
        super::load::FastMap::with_capacity_and_hasher(data.villages.len(), Default::default());
    for v in &data.villages {
        if let Some(first) = seen.get(v.name.as_str()) {
            w.warn(
                "duplicate-name",
                v.name_at,
                msg::duplicate_name(&v.id, &first.id, &v.name),
            );
        } else {
            seen.insert(&v.name, v);
        }
    }
}
