//! The village table's keys on generated data (issue #15): the orders built once per load
//! are those a sort on each key press would give, the filter narrowed character by
//! character matches what a search of every village finds, and a reload keeps the sort,
//! the filter and the selected village.
//!
//! The data: a generated township whose villages.toml is edited so that some villages lack
//! figures (households, branch status, the latest year's income and acreage) and some share
//! a name, so that the orders have ties and missing keys.

use village_dash::app::{Action, App, SortColumn, Tab};
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir, LoadOutcome};
use village_dash::i18n;
use village_dash::ui::theme::Theme;

mod common;

#[path = "../examples/gen_data.rs"]
#[allow(dead_code)]
mod gen_data;

const VILLAGES: usize = 3000;

/// Removes some figures and gives some villages one name, record by record.
fn with_gaps_and_ties(text: &str) -> String {
    let mut out = String::new();
    let mut record = 0usize;
    let mut in_income = false;
    for line in text.lines() {
        if line == "[[village]]" {
            record += 1;
        }
        if line.starts_with('[') {
            in_income = line == "[village.collective_income_yuan]";
        }
        let drop = (line.starts_with("households = ") && record.is_multiple_of(7))
            || (line.starts_with("party_branch = ") && record.is_multiple_of(5))
            // The latest year (2023): no income, no acreage.
            || (line.starts_with("2023 = ") && record.is_multiple_of(11))
            || (line.starts_with("2022 = ") && in_income && record.is_multiple_of(13));
        if drop {
            continue;
        }
        if record.is_multiple_of(9) && line.starts_with("name = ") {
            out.push_str("name = \"同名村\"\n");
            continue;
        }
        if record.is_multiple_of(9) && line.starts_with("name_en = ") {
            out.push_str("name_en = \"Same\"\n");
            continue;
        }
        if record.is_multiple_of(17) && line.starts_with("name_en = ") {
            // No English name: the English order falls back to the pinyin.
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn generated() -> (tempfile::TempDir, LoadOutcome) {
    let dir = tempfile::tempdir().expect("tempdir");
    gen_data::write_dir(dir.path(), VILLAGES, 7).expect("generated data");
    let path = dir.path().join("villages.toml");
    let text = std::fs::read_to_string(&path).expect("villages.toml");
    std::fs::write(&path, with_gaps_and_ties(&text)).expect("edited villages.toml");
    let outcome = data::load(&DataDir::Path(dir.path().into()));
    assert!(
        outcome.dataset.is_some(),
        "the edited data loads: {:?}",
        outcome.diagnostics.iter().find(|d| d.is_error())
    );
    (dir, outcome)
}

fn app(outcome: &LoadOutcome, lang: Lang) -> App {
    let mut app = App::new(
        DataDir::BuiltIn,
        i18n::strings(lang),
        Theme::new(false, false),
    );
    app.apply_load(outcome.clone(), common::screens::loaded_at());
    app.update(Action::GoTab(Tab::Villages));
    app
}

/// What sorting the villages on a key press means, written out plainly: a stable sort of
/// the shown villages by the column's key (names by pinyin in Chinese, by the lowercased
/// English name in English, then by the name), reversed for the other direction.
fn sorted_per_key(app: &App, shown: &[usize], column: SortColumn, descending: bool) -> Vec<usize> {
    let loaded = app.loaded.as_ref().expect("loaded");
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let english = app.strings.english();
    let mut order = shown.to_vec();
    match column {
        SortColumn::Name => order.sort_by_cached_key(|&i| {
            let v = &data.villages[i];
            let first = match (&v.name_en, english) {
                (Some(en), true) => en.to_lowercase(),
                _ => village_dash::text::pinyin_keys(&v.name).sort,
            };
            (first, v.name.to_lowercase())
        }),
        _ => order.sort_by_key(|&i| {
            let (v, row) = (&data.villages[i], &ind.rows[i]);
            match column {
                SortColumn::Name => None,
                SortColumn::Income => row.income,
                SortColumn::Change => row.change,
                SortColumn::Status => row.status.map(|s| s as i64),
                SortColumn::Gap => Some(row.gap.map_or(i64::MAX, |g| g.short)),
                SortColumn::Oat => row.oat_mu,
                SortColumn::Households => v.households.map(|h| h.value),
                SortColumn::Branch => v.party_branch.map(|b| b as i64),
            }
        }),
    }
    if descending {
        order.reverse();
    }
    order
}

/// What the filter means: the lowercased needle inside the lowercased name, the id, the
/// lowercased English name, the name's full pinyin or its initials.
fn matching(app: &App, needle: &str) -> Vec<usize> {
    let data = &app.loaded.as_ref().expect("loaded").data;
    let needle = needle.to_lowercase();
    (0..data.villages.len())
        .filter(|&i| {
            let v = &data.villages[i];
            let p = village_dash::text::pinyin_keys(&v.name);
            needle.is_empty()
                || v.name.to_lowercase().contains(&needle)
                || v.id.contains(&needle)
                || v.name_en
                    .as_ref()
                    .is_some_and(|e| e.to_lowercase().contains(&needle))
                || p.full.contains(&needle)
                || p.initials.contains(&needle)
        })
        .collect()
}

/// The data has what the test is about: ties and missing figures in every figure column.
#[test]
fn the_edited_data_has_ties_and_gaps() {
    let (_dir, outcome) = generated();
    let app = app(&outcome, Lang::Zh);
    let loaded = app.loaded.as_ref().expect("loaded");
    let (data, ind) = (&loaded.data, &loaded.indicators);
    assert_eq!(data.villages.len(), VILLAGES);
    assert!(data.villages.iter().any(|v| v.households.is_none()));
    assert!(data.villages.iter().any(|v| v.party_branch.is_none()));
    assert!(data.villages.iter().any(|v| v.name_en.is_none()));
    assert!(ind.rows.iter().any(|r| r.income.is_none()));
    assert!(ind.rows.iter().any(|r| r.change.is_none()));
    assert!(ind.rows.iter().any(|r| r.oat_mu.is_none()));
    assert!(data.villages.iter().filter(|v| v.name == "同名村").count() > 100);
}

/// Every column, both directions, both languages, with and without a filter: the table
/// shows what a stable sort of the shown villages on that key press would.
#[test]
fn orders_built_once_per_load_equal_a_sort_on_each_key() {
    let (_dir, outcome) = generated();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app(&outcome, lang);
        for filter in ["", "1", "xz", "村"] {
            app.update(Action::StartFilter);
            for c in filter.chars() {
                app.update(Action::FilterChar(c));
            }
            app.update(Action::FilterDone);
            let shown = matching(&app, filter);
            for _ in SortColumn::ALL {
                app.update(Action::SortNext);
                let column = app.villages.sort.expect("sorted");
                for _ in 0..2 {
                    let expected = sorted_per_key(&app, &shown, column, app.villages.descending);
                    assert_eq!(
                        app.villages.visible, expected,
                        "{lang:?} {column:?} descending={} filter {filter:?}",
                        app.villages.descending
                    );
                    app.update(Action::ReverseSort);
                }
            }
            app.update(Action::FileOrder);
            assert_eq!(app.villages.visible, shown, "file order, filter {filter:?}");
            app.update(Action::Back);
        }
    }
}

/// Typed one character at a time (each narrowing the last matches), deleted with
/// Backspace (going back to them), and typed anew in a fresh dashboard: always what a
/// search of every village finds.
#[test]
fn a_narrowed_filter_equals_the_whole_search() {
    let (_dir, outcome) = generated();
    let mut app = app(&outcome, Lang::Zh);
    for needle in ["xzc12", "v0012", "西庄村1", "liu 2", "同名", "qqq", "x1"] {
        app.update(Action::StartFilter);
        let mut typed = String::new();
        let mut steps = Vec::new();
        for c in needle.chars() {
            app.update(Action::FilterChar(c));
            typed.push(c);
            assert_eq!(
                app.villages.visible,
                matching(&app, &typed),
                "typed {typed:?}"
            );
            steps.push(typed.clone());
            // The same filter in a dashboard that never saw a shorter one.
            let mut fresh = self::app(&outcome, Lang::Zh);
            fresh.update(Action::StartFilter);
            for c in typed.chars() {
                fresh.update(Action::FilterChar(c));
            }
            assert_eq!(
                fresh.villages.visible, app.villages.visible,
                "fresh {typed:?}"
            );
        }
        // Sorting does not change which villages are shown.
        app.update(Action::SortNext);
        let mut sorted = app.villages.visible.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, matching(&app, &typed), "sorted {typed:?}");
        app.update(Action::FileOrder);
        while let Some(step) = steps.pop() {
            assert_eq!(
                app.villages.visible,
                matching(&app, &step),
                "back to {step:?}"
            );
            app.update(Action::FilterBackspace);
        }
        assert_eq!(app.villages.visible.len(), VILLAGES, "empty filter");
        app.update(Action::FilterCancel);
    }
}

/// A reload (of the same files, and of files where the villages moved) keeps the sort, its
/// direction, the filter and the selected and opened village.
#[test]
fn a_reload_keeps_the_sort_the_filter_and_the_selection() {
    let (dir, outcome) = generated();
    let mut app = app(&outcome, Lang::Zh);
    app.update(Action::SortNext);
    app.update(Action::SortNext); // income, largest first
    app.update(Action::StartFilter);
    app.update(Action::FilterChar('1'));
    app.update(Action::FilterDone);
    for _ in 0..5 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    let id_of = |app: &App, i: usize| app.data().expect("data").villages[i].id.clone();
    let selected = app.selected_village().expect("selected").id.clone();
    let opened = id_of(&app, app.villages.detail.expect("opened"));
    let (sort, descending) = (app.villages.sort, app.villages.descending);
    assert_eq!(sort, Some(SortColumn::Income));
    assert!(descending);

    // The same files again.
    let now = chrono::Local::now();
    app.apply_load(outcome.clone(), now);
    // The files with the first village moved to the end: every index changes.
    let path = dir.path().join("villages.toml");
    let text = std::fs::read_to_string(&path).expect("villages.toml");
    let first = text.find("[[village]]").expect("a village");
    let second = first + 1 + text[first + 1..].find("[[village]]").expect("two villages");
    let moved = format!(
        "{}{}\n{}",
        &text[..first],
        &text[second..],
        &text[first..second]
    );
    std::fs::write(&path, moved).expect("villages moved");
    let moved = data::load(&DataDir::Path(dir.path().into()));
    assert!(moved.dataset.is_some());
    for (what, outcome) in [("same files", outcome), ("villages moved", moved)] {
        app.apply_load(outcome, now);
        assert_eq!(app.villages.sort, sort, "{what}");
        assert_eq!(app.villages.descending, descending, "{what}");
        assert_eq!(app.villages.filter, "1", "{what}");
        assert_eq!(
            app.selected_village().expect("selected").id,
            selected,
            "{what}"
        );
        assert_eq!(
            id_of(&app, app.villages.detail.expect("still opened")),
            opened,
            "{what}"
        );
        let shown = matching(&app, "1");
        assert_eq!(
            app.villages.visible,
            sorted_per_key(&app, &shown, SortColumn::Income, true),
            "{what}"
        );
    }
}

/// A village's projects (found once per load, by a binary search on each frame of its
/// detail) are the projects whose village lists hold it, in file order, each once.
#[test]
fn a_villages_projects_are_the_projects_that_list_it() {
    let (_dir, outcome) = generated();
    let generated = app(&outcome, Lang::Zh);
    let shipped = common::screens::shipped_app(Lang::Zh, false, false);
    let mut counts = Vec::new();
    for app in [&generated, &shipped] {
        let loaded = app.loaded.as_ref().expect("loaded");
        let data = &loaded.data;
        for v in 0..data.villages.len() {
            let listing: Vec<usize> = (0..data.projects.len())
                .filter(|&p| data.projects[p].villages.contains(&v))
                .collect();
            assert_eq!(
                loaded.projects_of(v).collect::<Vec<_>>(),
                listing,
                "village {v}"
            );
            counts.push(listing.len());
        }
    }
    assert!(counts.contains(&0), "some village has no project");
    assert!(counts.iter().any(|&c| c >= 2), "some village has several");
}
