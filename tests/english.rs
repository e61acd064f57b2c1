//! English where an English name exists: the shipped data has an English form for every
//! record, and no screen, window, detail pane or report drawn in English holds a Chinese
//! character.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use village_dash::app::{Action, App, Tab};
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir};
use village_dash::ui;

mod common;
use common::workspace::{Workspace, run};

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}'
        | '\u{20000}'..='\u{2FFFF}' )
}

#[track_caller]
fn assert_no_cjk(what: &str, text: &str) {
    if let Some(line) = text.lines().find(|l| l.chars().any(is_cjk)) {
        panic!("{what}: Chinese in English output: {line:?}\n{text}");
    }
}

#[test]
fn every_shipped_record_has_its_english_form() {
    let outcome = data::load(&DataDir::Path("config".into()));
    let d = outcome.dataset.expect("shipped data loads");
    let t = &d.township;
    assert_eq!(t.name_en.as_deref(), Some("Jiucaizhuang Township"));
    assert_eq!(t.county_en.as_deref(), Some("Qingshuihe County"));
    assert_eq!(t.city_en.as_deref(), Some("Hohhot"));
    assert!(d.consortium.name_en.is_some(), "consortium");
    for v in &d.villages {
        assert!(v.name_en.is_some(), "village {}", v.id);
    }
    for m in &d.consortium.members {
        assert!(m.name_en.is_some(), "member {}", m.name);
    }
    for p in &d.projects {
        assert!(p.name_en.is_some(), "project {}", p.id);
    }
    for s in &d.sessions {
        assert!(s.topic_en.is_some(), "session {}", s.date);
    }
    // Every published figure that names its source names it in English too.
    let c = &d.consortium;
    let mut figures = vec![
        &c.households_served,
        &c.fertilizer_t,
        &c.oat_grass_mu,
        &c.household_income_gain_yuan,
    ];
    figures.extend(d.training.sessions.iter());
    figures.extend(d.training.participants.iter());
    figures.extend(
        d.projects
            .iter()
            .filter_map(|p| p.annual_income_yuan.as_ref()),
    );
    for f in figures {
        if f.source.is_some() {
            assert!(f.source_en.is_some(), "source of {f:?}");
        }
    }
    // And the English forms hold no Chinese.
    for en in d
        .villages
        .iter()
        .filter_map(|v| v.name_en.as_deref())
        .chain(d.projects.iter().filter_map(|p| p.name_en.as_deref()))
        .chain(
            d.consortium
                .members
                .iter()
                .filter_map(|m| m.name_en.as_deref()),
        )
        .chain(d.sessions.iter().filter_map(|s| s.topic_en.as_deref()))
    {
        assert_no_cjk("an English name", en);
    }
}

fn app(lang: Lang, ascii: bool) -> App {
    common::screens::shipped_app(lang, false, ascii)
}

/// Every tab, window and the village detail (of every village), in English with `--ascii`,
/// at 80x24 and 200x60.
#[test]
fn english_ascii_screens_hold_no_chinese() {
    let mut states: Vec<(String, App)> = Vec::new();
    for tab in Tab::ALL {
        let mut a = app(Lang::En, true);
        a.tab = tab;
        states.push((format!("{tab:?}"), a));
    }
    for action in [Action::ToggleHelp, Action::ShowWarnings, Action::ShowErrors] {
        let mut a = app(Lang::En, true);
        a.update(action);
        states.push((format!("{action:?}"), a));
    }
    let villages = app(Lang::En, true).villages.visible.len();
    assert!(villages >= 16);
    for i in 0..villages {
        let mut a = app(Lang::En, true);
        a.update(Action::GoTab(Tab::Villages));
        for _ in 0..i {
            a.update(Action::Down);
        }
        a.update(Action::Open);
        assert!(a.villages.detail.is_some(), "detail of village {i} opens");
        states.push((format!("detail {i}"), a));
    }
    for (what, a) in &states {
        for (w, h) in [(80, 24), (200, 60)] {
            assert_no_cjk(&format!("{what} {w}x{h}"), &ui::snapshot(a, w, h));
        }
    }
}

/// The English reports read back: csv, md, summary text and the workbook (through
/// calamine) hold no Chinese where the data has an English form, and the shipped data has
/// one everywhere.
#[test]
fn english_reports_hold_no_chinese() {
    let ws = Workspace::shipped();
    let data = ws.data.to_str().expect("UTF-8 path").to_string();
    for args in [
        &["summary"][..],
        &["export", "--format", "csv"],
        &["export", "--format", "md"],
    ] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--lang", "en", "--config", &data]);
        let r = run(ws.tmp.path(), &all);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert_no_cjk(&format!("{args:?}"), &r.stdout);
    }
    let out = ws.tmp.path().join("en.xlsx");
    let out_s = out.to_str().expect("UTF-8 path");
    let r = run(
        ws.tmp.path(),
        [
            "export", "--format", "xlsx", "--lang", "en", "--out", out_s, "--config", &data,
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_xlsx_no_cjk(&out);
}

fn assert_xlsx_no_cjk(path: &Path) {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    let names = wb.sheet_names();
    let mut cells = 0;
    for name in &names {
        assert_no_cjk("sheet name", name);
        let range = wb.worksheet_range(name).expect("a sheet");
        for (row, col, cell) in range.used_cells() {
            if let Data::String(s) = cell {
                cells += 1;
                assert_no_cjk(&format!("{name}!R{}C{}", row + 1, col + 1), s);
            }
        }
    }
    assert!(cells > 100, "only {cells} text cells read");
}
