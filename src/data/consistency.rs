//! Warnings about figures that load fine but do not add up: published totals against the
//! sum of their parts, likely typos, missing years. Each kind has a short name that
//! `[warnings] silence = [...]` in `township.toml` can switch off.

use std::sync::atomic::{AtomicUsize, Ordering};

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
    let both_cores = data.villages.len() >= super::records::MANY_VILLAGES;
    warnings_on(data, sources, today, both_cores)
}

/// [`warnings`] made on one core or on two.
fn warnings_on(
    data: &Dataset,
    sources: &[SourceFile],
    today: NaiveDate,
    both_cores: bool,
) -> Vec<Diagnostic> {
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
    let early = super::accounts::EarlyWarnings::new(data, latest);
    let next_run = AtomicUsize::new(0);
    // The warnings about one village alone, a run of villages at a time, until no run is
    // left; each run's with its number.
    let take_runs = || {
        let mut w = Warner {
            sources,
            out: Vec::new(),
        };
        let mut runs = Vec::new();
        loop {
            let run = next_run.fetch_add(1, Ordering::Relaxed);
            let start = run.saturating_mul(VILLAGES_PER_RUN);
            if start >= data.villages.len() {
                return runs;
            }
            let end = (start + VILLAGES_PER_RUN).min(data.villages.len());
            for i in start..end {
                village(&mut w, data, i, latest, &early);
            }
            runs.push((run, std::mem::take(&mut w.out)));
        }
    };
    // This core makes the township-wide warnings and the other the duplicate names; then
    // both take runs of villages. Each part is kept apart and put together in the same
    // order whichever core made it.
    let others = || {
        let mut names_w = Warner {
            sources,
            out: Vec::new(),
        };
        names(&mut names_w, data);
        (names_w.out, take_runs())
    };
    let mine = |w: &mut Warner| {
        totals(w, data);
        training(w, data);
        dates(w, data, today);
        take_runs()
    };
    let (mut runs, (mut names_out, their_runs)) =
        super::records::both(both_cores, || mine(&mut w), others);
    w.out.append(&mut names_out);
    runs.extend(their_runs);
    runs.sort_unstable_by_key(|(run, _)| *run);
    w.out.extend(runs.into_iter().flat_map(|(_, out)| out));
    w.out
        .sort_by_key(|d| (d.file, d.position.map(|p| (p.line, p.column))));
    w.out
}

/// Villages looked at per run taken by a core.
const VILLAGES_PER_RUN: usize = 8192;

/// The warnings about village `i` alone: oat grass outside the programme, jumps, a missing
/// latest year, a year after the as-of date, and the early-warning accounts.
fn village(
    w: &mut Warner,
    data: &Dataset,
    i: usize,
    latest: Option<i32>,
    early: &super::accounts::EarlyWarnings,
) {
    let v = &data.villages[i];
    if !v.oat_program
        && let Some((year, f)) = v.oat_grass_mu.iter().next()
    {
        w.warn(
            "oat-outside-programme",
            f.at,
            msg::oat_outside_programme(&v.id, *year),
        );
    }
    for (kind, series) in [
        ("income-jump", &v.collective_income_yuan),
        ("acreage-jump", &v.oat_grass_mu),
    ] {
        for ((y0, a), (y1, b)) in series.iter().zip(series.iter().skip(1)) {
            let (a, b) = (a.value, *b);
            let jumped =
                a > 0 && b.value > 0 && (b.value > a * JUMP_FACTOR || a > b.value * JUMP_FACTOR);
            if jumped {
                w.warn(
                    kind,
                    b.at,
                    msg::possible_typo(b.value, *y1, a, *y0, JUMP_FACTOR),
                );
            }
        }
    }
    if let Some(latest) = latest
        && !v.collective_income_yuan.contains_key(&latest)
    {
        w.warn(
            "missing-latest-year",
            v.at,
            msg::missing_latest_year(&v.id, latest),
        );
    }
    let as_of = &data.township.as_of;
    if let Some((year, f)) = v
        .collective_income_yuan
        .range(as_of.value.year() + 1..)
        .next()
    {
        w.warn(
            "year-after-as-of",
            f.at,
            msg::year_after_as_of(*year, &as_of.value.to_string()),
        );
    }
    early.village(i, w.sources, &mut w.out);
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

/// The dates that may not lie after today: the as-of date and the training sessions'.
fn dates(w: &mut Warner, data: &Dataset, today: NaiveDate) {
    let as_of = &data.township.as_of;
    if as_of.value > today {
        w.warn(
            "as-of-future",
            as_of.at,
            msg::as_of_future(&as_of.value.to_string(), &today.to_string()),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::load_sources;

    /// The full example data with its villages copied many times (so the accounts rules
    /// fire in every copy), villages that jump, lack the latest year and grow oat grass
    /// outside the programme, all sharing one name, and an as-of date a year earlier (so
    /// every 2023 figure lies after it).
    fn many_villages(copies: usize, odd: usize) -> Vec<SourceFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/full");
        let read = |kind: FileKind| {
            let text = std::fs::read_to_string(dir.join(kind.file_name())).unwrap_or_default();
            (kind, text)
        };
        let mut files: Vec<(FileKind, String)> = FileKind::ALL.into_iter().map(read).collect();
        for (kind, text) in &mut files {
            if *kind == FileKind::Township {
                *text = text.replace("as_of = 2023-06-30", "as_of = 2022-06-30");
            }
            if *kind == FileKind::Villages {
                let original = text.clone();
                for copy in 0..copies {
                    text.push_str(&original.replace("id = \"", &format!("id = \"c{copy}-")));
                }
                for i in 0..odd {
                    text.push_str(&format!(
                        "[[village]]\nid = \"odd{i}\"\nname = \"重名村\"\nillustrative = true\n\
                         [village.collective_income_yuan]\n2020 = 10000\n2021 = 90000\n2022 = 20000\n\
                         [village.oat_grass_mu]\n2021 = 10\n2022 = 100\n"
                    ));
                }
            }
        }
        files
            .into_iter()
            .map(|(kind, text)| SourceFile::new(kind, kind.file_name().to_string(), text))
            .collect()
    }

    #[test]
    fn warnings_made_on_two_cores_are_the_warnings_made_on_one() {
        let sources = many_villages(1000, 3000);
        let outcome = load_sources(sources);
        let data = outcome.dataset.as_ref().expect("the generated data loads");
        assert!(
            data.villages.len() > 2 * VILLAGES_PER_RUN,
            "{}",
            data.villages.len()
        );
        let today = NaiveDate::from_ymd_opt(2023, 7, 1).expect("a date");
        let one = warnings_on(data, &outcome.sources, today, false);
        let two = warnings_on(data, &outcome.sources, today, true);
        assert!(one == two, "the two differ");
        // Every kind made per village is there many times over, in file order.
        for kind in [
            "oat-outside-programme",
            "income-jump",
            "acreage-jump",
            "missing-latest-year",
            "year-after-as-of",
            "duplicate-name",
            "operating-below-floor",
            "falling",
            "subsidy-dependent",
        ] {
            let count = one.iter().filter(|d| d.kind == Some(kind)).count();
            assert!(count >= 1000, "{kind}: {count}");
        }
        let places: Vec<_> = one
            .iter()
            .map(|d| (d.file, d.position.map(|p| p.line)))
            .collect();
        assert!(places.is_sorted());
    }
}
