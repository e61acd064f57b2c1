//! A county directory: `county.toml` and one folder per township. The county's figures are
//! the sums of the townships' own (checked against `summary` run on each township), a
//! diagnostic names its township's folder, the exports hold every township, the overview
//! is drawn as reviewed, and the running dashboard drills in and out, reloads one township
//! and follows a `git pull`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::pty::{Dashboard, Start};
use common::workspace::{crate_dir, run};

/// A county of two townships in a temporary directory: `a/` (the shipped config/) and
/// `b/` (the example county's invented 榆树湾乡), with `county.toml`, a `.git`-like hidden
/// folder and an `_old` archive that must not count.
fn two_townships() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let county = tmp.path().join("county");
    let example = crate_dir().join("examples/data/county");
    for (folder, from) in [
        ("a", crate_dir().join("config")),
        ("b", example.join("yushuwan")),
        ("_old", example.join("yushuwan")),
    ] {
        copy_dir(&from, &county.join(folder));
    }
    std::fs::create_dir_all(county.join(".hidden")).expect("mkdir");
    std::fs::copy(example.join("county.toml"), county.join("county.toml")).expect("copy");
    (tmp, county)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

fn json(dir: &Path) -> Value {
    let r = run(dir, ["summary", "--format", "json", "--config", "."]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("summary prints JSON")
}

#[test]
fn every_county_summary_key_is_the_sum_of_the_townships_own_summaries() {
    let (_tmp, county) = two_townships();
    let c = json(&county);
    let parts = [json(&county.join("a")), json(&county.join("b"))];
    let township_keys = parts[0].as_object().expect("an object");
    for (key, first) in township_keys {
        let got = &c[key];
        let values: Vec<&Value> = parts.iter().map(|p| &p[key]).collect();
        match key.as_str() {
            "township" | "county" => assert_eq!(got, "清水河县", "{key}"),
            "city" => assert_eq!(got, "呼和浩特市"),
            "township_en" | "county_en" => assert_eq!(got, "Qingshuihe County", "{key}"),
            "city_en" => assert_eq!(got, values[0], "{key}"),
            "as_of" => assert_eq!(got, "2023-06-30"),
            "year" => assert_eq!(got, &Value::from(2023)),
            "income_floor_yuan" | "income_strong_yuan" | "basis" => {
                assert_eq!(values[0], values[1], "both townships use the same {key}");
                assert_eq!(got, values[0], "{key}");
            }
            "partial_year" => assert_eq!(got, &Value::Bool(true)),
            "totals" => {
                for t in got.as_array().expect("totals") {
                    let k = t["key"].as_str().expect("key");
                    let sum: i64 = parts
                        .iter()
                        .flat_map(|p| p["totals"].as_array().expect("totals"))
                        .filter(|x| x["key"] == k)
                        .map(|x| x["value"].as_i64().expect("value"))
                        .sum();
                    assert_eq!(t["value"].as_i64(), Some(sum), "totals.{k}");
                }
            }
            "village_rows" | "at_risk" => {
                let n: usize = values
                    .iter()
                    .map(|v| v.as_array().map_or(0, Vec::len))
                    .sum();
                assert_eq!(got.as_array().map(Vec::len), Some(n), "{key}");
            }
            _ => {
                assert!(first.is_number(), "{key} is a figure: {first}");
                let sum: i64 = values
                    .iter()
                    .map(|v| v.as_i64().expect("a whole number"))
                    .sum();
                assert_eq!(got.as_i64(), Some(sum), "{key}");
            }
        }
    }
    // Each township counted against its own thresholds: its row is its own summary.
    let rows = c["townships"].as_array().expect("townships");
    assert_eq!(rows.len(), 2, "_old and .hidden are not townships");
    for (row, own) in rows.iter().zip(&parts) {
        for (key, value) in own.as_object().expect("an object") {
            assert_eq!(&row[key], value, "townships[].{key}");
        }
    }
    assert_eq!(rows[0]["township"], "韭菜庄乡");
    assert_eq!(rows[1]["folder"], "b");
    assert_eq!(c["villages"], 22);
}

#[test]
fn the_text_summary_has_a_row_per_township_and_the_total_in_both_languages() {
    let (_tmp, county) = two_townships();
    let r = run(&county, ["summary", "--config", ".", "--lang", "zh"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for needle in [
        "清水河县",
        "2个乡镇",
        "韭菜庄乡",
        "榆树湾乡",
        "全县合计",
        "21/22村",
    ] {
        assert!(r.stdout.contains(needle), "{needle}:\n{}", r.stdout);
    }
    let r = run(&county, ["summary", "--config", "."]);
    for needle in [
        "Qingshuihe County",
        "2 townships",
        "Yushuwan Township",
        "County total",
    ] {
        assert!(r.stdout.contains(needle), "{needle}:\n{}", r.stdout);
    }
}

#[test]
fn a_diagnostic_carries_its_townships_folder_in_check_and_the_banner() {
    let (_tmp, county) = two_townships();
    let file = county.join("b/villages.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    let broken = text.replacen("households = 61", "housholds = 61", 1);
    std::fs::write(&file, &broken).expect("write");
    let (line, col) = common::position(&broken, "housholds", "housholds");
    let spot = format!("b/villages.toml:{line}:{col}");

    let r = run(&county, ["check", "--config", "."]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("{spot}: error: unknown key `housholds`")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("invalid: .: 2 townships, 1 error"),
        "{}",
        r.stdout
    );
    let r = run(&county, ["check", "--config", ".", "--lang", "zh"]);
    assert!(
        r.stdout
            .contains(&format!("{spot}: 错误: 未知的键 `housholds`")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("未通过"), "{}", r.stdout);

    // The dashboard's banner, on a county loaded with that error.
    use village_dash::app::App;
    use village_dash::data::{DataDir, county};
    for (lang, word) in [
        (village_dash::cli::Lang::Zh, "数据文件有错误"),
        (village_dash::cli::Lang::En, "errors"),
    ] {
        let outcome = county::load_county(&county);
        let mut app = App::new(
            DataDir::Path(county.clone()),
            village_dash::i18n::strings(lang),
            village_dash::ui::theme::Theme::new(false, false),
        );
        app.apply_county_load(outcome, chrono::Local::now());
        let screen = village_dash::ui::snapshot(&app, 100, 24);
        let banner = screen.lines().nth(1).unwrap_or("");
        assert!(banner.contains(&spot), "{banner}");
        assert!(banner.contains(word), "{banner}");
        // The x window lists it with its folder too.
        app.update(village_dash::app::Action::ShowErrors);
        let screen = village_dash::ui::snapshot(&app, 100, 24);
        assert!(
            screen.contains(&format!("b/villages.toml:{line}")),
            "{screen}"
        );
    }
}

#[test]
fn an_empty_township_folder_is_an_error_in_that_folder() {
    let (_tmp, county) = two_townships();
    std::fs::create_dir_all(county.join("c")).expect("mkdir");
    let r = run(&county, ["check", "--config", "."]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains("c/township.toml: error: file not found"),
        "{}",
        r.stdout
    );
}

#[test]
fn county_toml_errors_are_located_and_suggest_the_key() {
    let (_tmp, county) = two_townships();
    std::fs::write(
        county.join("county.toml"),
        "[county]\nname = \"清水河县\"\nciti = \"呼和浩特市\"\n",
    )
    .expect("write");
    let r = run(&county, ["check", "--config", "."]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout
            .contains("county.toml:3:1: error: unknown key `citi`: did you mean `city`?"),
        "{}",
        r.stdout
    );
    let r = run(&county, ["summary", "--config", "."]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
}

#[test]
fn exports_hold_every_township_and_totals_equal_the_parts() {
    let (tmp, county) = two_townships();
    let c = json(&county);
    let parts = [json(&county.join("a")), json(&county.join("b"))];

    // xlsx: the county sheet's rows, read back, are each township's summary; the total row
    // their sum; and each township has its own sheet.
    let out = tmp.path().join("county.xlsx");
    let r = run(
        &county,
        ["export", "--format", "xlsx", "--config", ".", "--out"]
            .into_iter()
            .map(String::from)
            .chain([out.display().to_string()]),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&out).expect("calamine opens the workbook");
    let names = wb.sheet_names().to_vec();
    assert_eq!(names[0], "County");
    assert!(
        names.iter().any(|n| n == "Jiucaizhuang Township"),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "Yushuwan Township"), "{names:?}");
    let range = wb.worksheet_range("County").expect("the county sheet");
    let num = |row: u32, col: u32| -> i64 {
        match range.get_value((row, col)) {
            Some(Data::Float(f)) => *f as i64,
            Some(Data::Int(i)) => *i,
            other => panic!("a number at {row},{col}: {other:?}"),
        }
    };
    for (col, key) in [
        (3, "villages"),
        (4, "villages_at_or_above_floor"),
        (5, "villages_at_or_above_strong"),
        (6, "collective_income_total_yuan"),
        (7, "collective_income_previous_total_yuan"),
    ] {
        for (i, p) in parts.iter().enumerate() {
            assert_eq!(
                Some(num(3 + i as u32, col)),
                p[key].as_i64(),
                "{key} row {i}"
            );
        }
        assert_eq!(Some(num(5, col)), c[key].as_i64(), "{key} total");
        assert_eq!(
            num(5, col),
            num(3, col) + num(4, col),
            "{key} total = parts"
        );
    }

    // json: the county summary and every township's own export.
    let r = run(&county, ["export", "--format", "json", "--config", "."]);
    let v: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["summary"], c);
    assert_eq!(v["townships"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["townships"][1]["summary"], parts[1]);

    // csv: every township's rows, marked with the township.
    let r = run(
        &county,
        ["export", "--format", "csv", "--config", ".", "--no-bom"],
    );
    let own: usize = ["a", "b"]
        .iter()
        .map(|t| {
            run(
                &county.join(t),
                ["export", "--format", "csv", "--config", ".", "--no-bom"],
            )
            .stdout
            .lines()
            .count()
                - 1
        })
        .sum();
    assert_eq!(r.stdout.lines().count(), own + 1, "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .next()
            .unwrap_or("")
            .starts_with("Township,Folder,")
    );
    assert!(r.stdout.contains("Yushuwan Township,b,"), "{}", r.stdout);

    // md: the county table, then a section per township.
    let r = run(
        &county,
        ["export", "--format", "md", "--config", ".", "--lang", "zh"],
    );
    for needle in [
        "# 清水河县",
        "## 全县汇总",
        "全县合计",
        "## 韭菜庄乡",
        "## 榆树湾乡",
    ] {
        assert!(r.stdout.contains(needle), "{needle}");
    }
}

#[test]
fn the_county_overview_as_reviewed() {
    let dir = crate_dir().join("examples/data/county");
    for (lang, name) in [
        ("zh", "county_overview_zh_80x24"),
        ("en", "county_overview_en_80x24"),
    ] {
        let r = run(
            &crate_dir(),
            [
                "snapshot",
                "--config",
                "examples/data/county",
                "--lang",
                lang,
            ],
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        // The load time changes from run to run.
        let text = fixed_clock(&r.stdout);
        insta::assert_snapshot!(name, text);
    }
    let r = run(
        &crate_dir(),
        [
            "snapshot",
            "--config",
            "examples/data/county",
            "--ascii",
            "--width",
            "64",
            "--height",
            "16",
        ],
    );
    assert!(
        !r.stdout.contains('─') && r.stdout.contains("-----"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Jiucaizhuang"), "{}", r.stdout);
    assert!(dir.is_dir());
}

/// The load time in the status line (`HH:MM:SS`, or `HH:MM` in its compact form) made
/// `09:30:00` / `09:30`.
fn fixed_clock(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let clock_at = |i: usize, len: usize| {
        i + len <= chars.len()
            && chars[i..i + len].iter().enumerate().all(|(k, c)| {
                if k == 2 || k == 5 {
                    *c == ':'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if clock_at(i, 8) {
            out.push_str("09:30:00");
            i += 8;
        } else if clock_at(i, 5) && (i == 0 || chars[i - 1] == ' ') {
            out.push_str("09:30");
            i += 5;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Starts the dashboard on `county` at 80x24 in Chinese.
fn start(county: &Path) -> Dashboard {
    Dashboard::start_with(Start::config(county, &[]))
}

#[test]
fn drilling_into_a_township_and_back_in_a_pty() {
    let (_tmp, county) = two_townships();
    let mut d = start(&county);
    d.wait_text("全县合计");
    d.send("j");
    d.send("\r");
    let screen = d.wait_text("清水河县 / 榆树湾乡");
    assert!(screen.contains("1:总览"), "{screen}");
    assert!(screen.contains("返回全县"), "{screen}");
    d.send("2");
    d.wait_text("榆树湾村");
    d.send("\r"); // a village's detail: Esc closes it, not the township
    d.wait_text("历年集体收入");
    d.send("\x1b");
    d.wait_for("the village table again", |s| {
        s.contains("榆树湾村") && !s.contains("历年集体收入")
    });
    d.send("\x1b");
    let screen = d.wait_text("全县合计");
    assert!(
        screen.contains("> 榆树湾乡") || screen.contains(">榆树湾乡"),
        "{screen}"
    );
    // `q` in a township comes back too; `q` on the county quits.
    d.send("\r");
    d.wait_text("清水河县 / 榆树湾乡");
    d.send("q");
    d.wait_text("全县合计");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn a_save_in_one_township_reloads_it_and_its_county_row() {
    let (_tmp, county) = two_townships();
    let d = start(&county);
    d.wait_text("86.9万");
    let file = county.join("b/villages.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    // 榆树湾村 2023: 214000 -> 314000, by rename as vim does.
    let new = text.replacen("2023 = 214000", "2023 = 314000", 1);
    assert_ne!(new, text);
    std::fs::write(county.join("b/.villages.toml.new"), new).expect("write");
    std::fs::rename(county.join("b/.villages.toml.new"), &file).expect("rename");
    let screen = d.wait_text("96.9万");
    // The other township is unchanged, the total follows.
    assert!(screen.contains("280.7万"), "{screen}");
    assert!(screen.contains("377.6万"), "{screen}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("this test needs git on the PATH (apt-get install git): {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_git_pull_in_one_township_reaches_the_running_dashboard() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Each township keeps its files in its own repository (its "server").
    let servers = tmp.path().join("servers");
    let example = crate_dir().join("examples/data/county");
    for (name, from) in [
        ("a", crate_dir().join("config")),
        ("b", example.join("yushuwan")),
    ] {
        let repo = servers.join(name);
        copy_dir(&from, &repo);
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["add", "."]);
        git(&repo, &["commit", "-q", "-m", "figures"]);
    }
    // The county's directory holds clones of them.
    let county = tmp.path().join("county");
    std::fs::create_dir_all(&county).expect("mkdir");
    std::fs::copy(example.join("county.toml"), county.join("county.toml")).expect("copy");
    for name in ["a", "b"] {
        let from = servers.join(name).display().to_string();
        git(&county, &["clone", "-q", &from, name]);
    }
    let d = start(&county);
    d.wait_text("86.9万");
    // The township edits and commits on its server; the county pulls.
    let repo = servers.join("b");
    let file = repo.join("villages.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replacen("2023 = 214000", "2023 = 314000", 1)).expect("write");
    git(&repo, &["commit", "-q", "-am", "榆树湾村 2023"]);
    git(&county.join("b"), &["pull", "-q", "--ff-only"]);
    let screen = d.wait_text("96.9万");
    assert!(screen.contains("280.7万"), "{screen}");
}

#[test]
fn a_hostile_county_name_stays_inert_in_every_output() {
    let (_tmp, county) = two_townships();
    std::fs::write(
        county.join("county.toml"),
        "[county]\nname = \"\\u001b]0;pwned\\u0007县\"\ncity = \"\\u202e市\"\n",
    )
    .expect("write");
    for args in [
        vec!["summary", "--config", "."],
        vec!["summary", "--format", "json", "--config", "."],
        vec!["snapshot", "--config", "."],
        vec!["export", "--format", "md", "--config", "."],
        vec!["export", "--format", "csv", "--config", "."],
        vec!["export", "--format", "json", "--config", "."],
    ] {
        let r = run(&county, &args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        let text = if args.contains(&"json") {
            // JSON strings are checked after unescaping.
            serde_json::from_str::<Value>(&r.stdout)
                .expect("JSON")
                .to_string()
        } else {
            r.stdout.clone()
        };
        assert!(!r.stdout.contains('\u{1b}'), "{args:?}");
        assert!(!r.stdout.contains('\u{202e}'), "{args:?}");
        // A raw ESC in a JSON value would come back escaped as \u001b here.
        assert!(!text.contains("\\u001b"), "{args:?}: {text}");
    }
}

/// The example county's 韭菜庄乡 is the shipped data itself: a copy that drifted from
/// config/ would show other figures than the dashboard's own.
#[test]
fn the_example_countys_jiucaizhuang_is_the_shipped_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["township", "villages", "consortium", "projects", "training"] {
        let name = format!("{file}.toml");
        let shipped = std::fs::read(root.join("config").join(&name)).expect("config/");
        let copy = std::fs::read(root.join("examples/data/county/jiucaizhuang").join(&name))
            .expect("examples/data/county/jiucaizhuang/");
        assert!(
            shipped == copy,
            "examples/data/county/jiucaizhuang/{name} differs from config/{name}: copy it again"
        );
    }
}

#[test]
fn the_key_help_of_a_county_lists_the_county_keys_and_a_township_the_way_back() {
    use village_dash::app::{Action, App};
    use village_dash::data::{DataDir, county};
    let dir = crate_dir().join("examples/data/county");
    for (lang, county_key, township_key, back) in [
        (
            village_dash::cli::Lang::Zh,
            "选择乡镇",
            "切换排序列",
            "返回全县",
        ),
        (
            village_dash::cli::Lang::En,
            "select a township",
            "sort column",
            "back to the county",
        ),
    ] {
        let mut app = App::new(
            DataDir::Path(dir.clone()),
            village_dash::i18n::strings(lang),
            village_dash::ui::theme::Theme::new(false, false),
        );
        app.apply_county_load(county::load_county(&dir), chrono::Local::now());
        // On the county overview: the county's keys, not a township's sort keys.
        app.update(Action::ToggleHelp);
        let screen = village_dash::ui::snapshot(&app, 100, 30);
        assert!(screen.contains(county_key), "{screen}");
        assert!(!screen.contains(township_key), "{screen}");
        // In a township opened from the county: its own keys and the way back.
        app.update(Action::ToggleHelp);
        app.update(Action::Open);
        app.update(Action::ToggleHelp);
        let screen = village_dash::ui::snapshot(&app, 100, 30);
        assert!(screen.contains(township_key), "{screen}");
        assert!(screen.contains(back), "{screen}");
        assert!(!screen.contains(county_key), "{screen}");
    }
}
