//! Collective income as the official accounts for it (issue 14): income by source, the
//! balance rule, the basis, targets and 完成率, the four early-warning rules (each where it
//! fires and where it just does not, at its threshold), the 表六 sheet read back with
//! calamine, and the complete example data set, in Chinese and English.
//!
//! Fixtures: `tests/fixtures/warnings/<rule>[-at-threshold]/` and
//! `tests/fixtures/accounts/<case>/`, each holding only the files that differ from the
//! shipped `config/` (written by `tests/fixtures/accounts/make_fixtures.py`).

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn root() -> &'static Path {
    Path::new(ROOT)
}

/// The shipped data with the files of the named fixture directories laid over it.
struct Workspace {
    _dir: tempfile::TempDir,
    config: PathBuf,
}

fn data(fixtures: &[&str]) -> Workspace {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config = dir.path().join("config");
    std::fs::create_dir(&config).expect("create config");
    for entry in std::fs::read_dir(root().join("config")).expect("config/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, config.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    for fixture in fixtures {
        let fixture_dir = root().join("tests/fixtures").join(fixture);
        let mut laid = 0;
        for entry in std::fs::read_dir(&fixture_dir).expect("fixture directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                std::fs::copy(&path, config.join(path.file_name().expect("name")))
                    .expect("lay fixture");
                laid += 1;
            }
        }
        assert!(laid > 0, "fixture {fixture} has no data file");
    }
    Workspace { _dir: dir, config }
}

fn run(config: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_village-dash"))
        .args(args)
        .arg("--config")
        .arg(config)
        .arg("--lang")
        .arg(lang)
        .env_remove("VILLAGE_DASH_CONFIG")
        .env_remove("VILLAGE_DASH_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

/// `(line, column, kind, message)` of each warning `check` prints.
fn warnings(text: &str) -> Vec<(usize, usize, String, String)> {
    text.lines()
        .filter_map(|l| {
            let (location, rest) = l
                .split_once(": warning [")
                .or_else(|| l.split_once(": 警告 ["))?;
            let (kind, message) = rest.split_once("]: ")?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((line, column, kind.to_string(), message.to_string()))
        })
        .collect()
}

fn summary_json(config: &Path) -> Value {
    let out = run(config, "en", &["summary", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn at_risk(json: &Value) -> Vec<(String, Vec<String>)> {
    json["at_risk"]
        .as_array()
        .expect("at_risk is a list")
        .iter()
        .map(|v| {
            (
                v["id"].as_str().expect("id").to_string(),
                v["reasons"]
                    .as_array()
                    .expect("reasons")
                    .iter()
                    .map(|r| r.as_str().expect("a rule name").to_string())
                    .collect(),
            )
        })
        .collect()
}

fn row<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["village_rows"]
        .as_array()
        .expect("village_rows")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// Checks a rule's fixture: exactly one warning of the rule, at `file` `(line, column)`,
/// whose message holds `en` in English and `zh` in Chinese; the village is on `at_risk`
/// with the rule; and the at-threshold fixture raises nothing and lists nobody.
fn assert_rule(
    rule: &str,
    village: &str,
    file: &str,
    at: impl Fn(&str) -> (usize, usize),
    en: &[&str],
    zh: &[&str],
) {
    let fires = data(&[&format!("warnings/{rule}")]);
    let text = std::fs::read_to_string(fires.config.join(file)).expect("data file");
    for (lang, parts) in [("en", en), ("zh", zh)] {
        let out = run(&fires.config, lang, &["check"]);
        let printed = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(0),
            "warnings do not fail check\n{printed}"
        );
        let w = warnings(&printed);
        assert_eq!(w.len(), 1, "{printed}");
        let (line, column, kind, message) = &w[0];
        assert_eq!(kind, rule, "{printed}");
        assert_eq!((*line, *column), at(&text), "{printed}");
        assert!(
            printed.contains(&format!("{}:{line}:{column}", file)),
            "{printed}"
        );
        for part in parts {
            assert!(message.contains(part), "{lang}: {message:?} lacks {part:?}");
        }
    }
    let json = summary_json(&fires.config);
    assert_eq!(
        at_risk(&json),
        vec![(village.to_string(), vec![rule.to_string()])]
    );

    let quiet = data(&[&format!("warnings/{rule}-at-threshold")]);
    for lang in ["en", "zh"] {
        let out = run(&quiet.config, lang, &["check"]);
        let printed = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{printed}");
        assert!(warnings(&printed).is_empty(), "at the threshold: {printed}");
    }
    assert!(at_risk(&summary_json(&quiet.config)).is_empty());
}

#[test]
fn operating_below_floor_fires_below_and_not_at_the_floor() {
    assert_rule(
        "operating-below-floor",
        "xiata",
        "villages.toml",
        |t| common::position(t, "[village.income_by_source.2023]", "31001"),
        &[
            "`xiata`",
            "income 131,000 in 2023",
            "floor of 100,000",
            "income less subsidies is 99,999",
        ],
        &[
            "`xiata`",
            "2023 年总收入 131000 元",
            "100000 元",
            "只有 99999 元",
        ],
    );
}

#[test]
fn falling_fires_over_and_not_at_fall_percent() {
    assert_rule(
        "falling",
        "tianjing",
        "villages.toml",
        |t| common::position(t, "2022 = 200000", "169000"),
        &[
            "`tianjing`",
            "fell 15.5% in 2023",
            "from 200,000 to 169,000",
            "fall_percent = 15",
        ],
        &[
            "`tianjing`",
            "169000 元",
            "200000 元",
            "下降 15.5%",
            "fall_percent = 15",
        ],
    );
}

#[test]
fn subsidy_dependent_fires_over_and_not_at_the_share() {
    assert_rule(
        "subsidy-dependent",
        "tianjing",
        "villages.toml",
        |t| common::position(t, "[village.income_by_source.2023]", "118001"),
        &[
            "subsidies of 118,001",
            "50.0004% of the income of 236,000 in 2023",
            "subsidy_share_percent = 50",
        ],
        &[
            "补助收入 118001 元",
            "收入 236000 元的 50.0004%",
            "subsidy_share_percent = 50",
        ],
    );
}

#[test]
fn project_dependent_splits_a_project_among_its_villages() {
    // The tourism route's 205,002 split between yaolinggou and sanchahe is 102,501 each,
    // just over half of yaolinggou's 205,000 (sanchahe earns 212,000 and stays under).
    assert_rule(
        "project-dependent",
        "yaolinggou",
        "projects.toml",
        |t| common::position(t, "id = \"tourism-route\"", "205002"),
        &[
            "`yaolinggou`",
            "project `tourism-route` brings 102,501 in 2023",
            "its 205,002 split among 2 villages",
            "of the income of 205,000",
            "project_share_percent = 50",
        ],
        &[
            "`yaolinggou`",
            "`tourism-route`",
            "102501 元",
            "由 2 个村均分",
            "205000 元",
        ],
    );
}

#[test]
fn a_project_of_the_whole_township_is_split_among_all_villages_and_thresholds_are_read() {
    // project_share_percent = 25 in [early_warning]: the coal park's 500,000 split among
    // the 16 villages is 31,250, more than a quarter of the incomes under 125,000.
    let d = data(&["accounts/early-warning-thresholds"]);
    let printed = stdout(&run(&d.config, "en", &["check"]));
    let w = warnings(&printed);
    assert_eq!(w.len(), 2, "{printed}");
    for (_, _, kind, message) in &w {
        assert_eq!(kind, "project-dependent");
        assert!(message.contains("brings 31,250 in 2023 (its 500,000 split among 16 villages)"));
        assert!(message.contains("project_share_percent = 25"), "{message}");
    }
    let ids: Vec<String> = at_risk(&summary_json(&d.config))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["yangjiayao", "qianyingzi"]);
}

#[test]
fn a_silenced_rule_neither_warns_nor_lists() {
    let d = data(&[
        "warnings/subsidy-dependent",
        "warnings/silence-subsidy-dependent",
    ]);
    let printed = stdout(&run(&d.config, "en", &["check"]));
    assert!(warnings(&printed).is_empty(), "{printed}");
    assert!(
        printed.trim_end().ends_with("16 villages, 0 warnings"),
        "{printed}"
    );
    assert!(at_risk(&summary_json(&d.config)).is_empty());
}

#[test]
fn early_warning_threshold_out_of_range_is_an_error_at_it() {
    let d = data(&["accounts/early-warning-out-of-range"]);
    let text = std::fs::read_to_string(d.config.join("township.toml")).expect("township");
    let (line, column) = common::position(&text, "[early_warning]", "150");
    let out = run(&d.config, "en", &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!(
            "township.toml:{line}:{column}: error: 150 is not a share: expected a whole per cent from 0 to 100"
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn balance_error_is_at_the_breakdown_with_both_sums_in_both_languages() {
    let d = data(&["accounts/balance"]);
    let text = std::fs::read_to_string(d.config.join("villages.toml")).expect("villages");
    let (line, column) = common::position(
        &text,
        "id = \"tianjing\"",
        "[village.income_by_source.2023]",
    );
    let path = d.config.join("villages.toml").display().to_string();
    for (lang, message) in [
        (
            "en",
            "error: sources add up to 245,000; the total for 2023 is 236,000: they must be equal",
        ),
        (
            "zh",
            "错误: 收入构成合计 245000 元,与 2023 年集体收入总额 236000 元不符;两者应相等",
        ),
    ] {
        let out = run(&d.config, lang, &["check"]);
        assert_eq!(out.status.code(), Some(1), "{lang}");
        let printed = stdout(&out);
        assert!(
            printed.contains(&format!("{path}:{line}:{column}: {message}")),
            "{lang}: {printed}"
        );
        // The other commands refuse the data with the same message, on stderr.
        let summary = run(&d.config, lang, &["summary"]);
        assert_eq!(summary.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&summary.stderr).contains(message));
    }
}

#[test]
fn unknown_source_is_an_error_at_its_key() {
    let d = data(&["accounts/unknown-source"]);
    let text = std::fs::read_to_string(d.config.join("villages.toml")).expect("villages");
    let (line, column) = common::position(&text, "[village.income_by_source.2023]", "investmnet");
    let out = run(&d.config, "en", &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let printed = stdout(&out);
    assert!(
        printed.contains(&format!(
            "villages.toml:{line}:{column}: error: unknown key `investmnet`: did you mean `investment`?"
        )),
        "{printed}"
    );
}

#[test]
fn a_missing_source_counts_as_zero_and_a_breakdown_alone_gives_the_total() {
    // xiata's 2023 breakdown in basis-total has no `other`: it still balances at 131,000.
    let d = data(&["accounts/basis-total"]);
    let json = summary_json(&d.config);
    let x = row(&json, "xiata");
    assert_eq!(x["income_by_source"]["other"], 0);
    assert_eq!(x["collective_income_yuan"], 131000);
    // Without the total, the sources make it.
    let villages = d.config.join("villages.toml");
    let text = std::fs::read_to_string(&villages).expect("villages");
    let at = text.find("id = \"xiata\"").expect("xiata");
    let edited = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("2023 = 131000\n", "", 1)
    );
    std::fs::write(&villages, edited).expect("write");
    let json = summary_json(&d.config);
    assert_eq!(row(&json, "xiata")["collective_income_yuan"], 131000);
}

#[test]
fn the_basis_switch_moves_a_village_below_the_floor() {
    let total = summary_json(&data(&["accounts/basis-total"]).config);
    assert_eq!(total["basis"], "total");
    assert_eq!(total["villages_at_or_above_floor"], 16);
    assert_eq!(total["villages_at_or_above_strong"], 7);

    let operating_data = data(&["accounts/basis-operating"]);
    let operating = summary_json(&operating_data.config);
    assert_eq!(operating["basis"], "operating");
    // xiata: 131,000 less 40,000 of subsidies is 91,000, under the floor of 100,000.
    assert_eq!(operating["villages_at_or_above_floor"], 15);
    assert_eq!(operating["villages_at_or_above_strong"], 7);
    let x = row(&operating, "xiata");
    assert_eq!(x["operating_income_yuan"], 91000);
    assert!(x.get("no_breakdown").is_none());
    // The villages without a breakdown are judged on their total and marked.
    assert_eq!(row(&operating, "tianjing")["no_breakdown"], true);

    // The label column's width follows the longest label: compare label and value only.
    let en = stdout(&run(&operating_data.config, "en", &["summary"]));
    assert_eq!(
        field(&en, "Basis"),
        Some("operating (income less subsidies)"),
        "{en}"
    );
    assert!(
        field(&en, ">= 100k").is_some_and(|v| v.starts_with("15 of 16")),
        "{en}"
    );
    assert!(en.contains("no breakdown"), "{en}");
    let zh = stdout(&run(&operating_data.config, "zh", &["summary"]));
    assert_eq!(field(&zh, "口径"), Some("经营性口径(扣除补助收入)"), "{zh}");
    assert!(
        field(&zh, "达10万元").is_some_and(|v| v.starts_with("15/16村")),
        "{zh}"
    );
    assert!(zh.contains("口径未分"), "{zh}");
}

#[test]
fn targets_and_completion_rate() {
    // xiata: target 150,000 for 2023. On the total basis 131,000 is 87.3% of it; on the
    // operating basis 91,000 is 60.7%.
    let total = summary_json(&data(&["accounts/basis-total"]).config);
    let x = row(&total, "xiata");
    assert_eq!(x["target_yuan"], 150000);
    assert_eq!(x["target_percent"], 87.3);
    // Villages without a target carry neither key.
    assert!(row(&total, "tianjing").get("target_yuan").is_none());
    assert!(row(&total, "tianjing").get("target_percent").is_none());

    let d = data(&["accounts/basis-operating"]);
    let operating = summary_json(&d.config);
    assert_eq!(row(&operating, "xiata")["target_percent"], 60.7);

    let en = stdout(&run(&d.config, "en", &["summary"]));
    let line = en
        .lines()
        .find(|l| l.starts_with("Xiata ") && l.contains('%'))
        .expect("xiata's accounts line");
    for part in [
        "131,000 yuan",
        "91,000 yuan",
        "150,000 yuan",
        "60.7%",
        "operating below floor",
    ] {
        assert!(line.contains(part), "{line:?} lacks {part:?}");
    }
    let zh = stdout(&run(&d.config, "zh", &["summary"]));
    let line = zh
        .lines()
        .find(|l| l.starts_with("下塔村") && l.contains('%'))
        .expect("下塔村's accounts line");
    for part in ["13.1万元", "9.1万元", "15万元", "60.7%", "经营性未达标"] {
        assert!(line.contains(part), "{line:?} lacks {part:?}");
    }
    // The same in the Markdown report.
    let md = stdout(&run(&d.config, "en", &["export", "--format", "md"]));
    assert!(md.contains("| Xiata "), "{md}");
    assert!(md.contains("60.7%"), "{md}");
    let md = stdout(&run(&d.config, "zh", &["export", "--format", "md"]));
    assert!(md.contains("完成率") && md.contains("60.7%"), "{md}");
}

#[test]
fn json_report_carries_the_summary_keys_and_the_breakdowns() {
    let d = data(&["accounts/basis-operating"]);
    let out = run(&d.config, "en", &["export", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["summary"]["basis"], "operating");
    assert_eq!(json["summary"]["at_risk"][0]["id"], "xiata");
    assert_eq!(
        json["summary"]["at_risk"][0]["reasons"][0],
        "operating-below-floor"
    );
    let xiata = json["villages"]
        .as_array()
        .expect("villages")
        .iter()
        .find(|v| v["id"] == "xiata")
        .expect("xiata");
    assert_eq!(xiata["income_by_source"]["2023"]["subsidy"], 40000);
    assert_eq!(xiata["target_yuan"]["2023"], 150000);
}

/// The 表六 sheet: its rows 1–6 with their codes, a column per reporting village and the
/// township total, the balance rule holding in every column and the total the sum of the
/// villages.
fn check_sheet(config: &Path, lang: &str, sheet_word: &str, balance: &str) -> Vec<Vec<Data>> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("report.xlsx");
    let out = run(
        config,
        lang,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            path.to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens the workbook");
    let name = wb
        .sheet_names()
        .into_iter()
        .find(|n| n.contains(sheet_word))
        .unwrap_or_else(|| panic!("a sheet named {sheet_word}"));
    let range = wb.worksheet_range(&name).expect("the sheet");
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let number = |r: usize, c: usize| match &rows[r][c] {
        Data::Float(f) => *f as i64,
        Data::Int(i) => *i,
        other => panic!("row {r} col {c}: {other:?}"),
    };
    // Header row 3, form rows 4..=9 with codes 1..=6 in column B.
    for (i, r) in (4..=9).enumerate() {
        assert_eq!(number(r, 1), i as i64 + 1, "row code");
    }
    let last = rows[3]
        .iter()
        .rposition(|c| !matches!(c, Data::Empty))
        .expect("header");
    assert!(last >= 2);
    for c in 2..=last {
        let sources: i64 = (5..=9).map(|r| number(r, c)).sum();
        assert_eq!(number(4, c), sources, "1 = 2+3+4+5+6 in column {c}");
        assert_eq!(
            number(10, c),
            number(4, c) - number(8, c),
            "operating = 1 - 5"
        );
    }
    for r in 4..=10 {
        let villages: i64 = (2..last).map(|c| number(r, c)).sum();
        assert_eq!(number(r, last), villages, "township total of row {r}");
    }
    let text: Vec<String> = rows.iter().flatten().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|t| t.contains(balance)),
        "balance rule written out"
    );
    rows
}

#[test]
fn table_six_sheet_reads_back_with_its_equations_in_both_languages() {
    let full = root().join("examples/data/full");
    let zh = check_sheet(&full, "zh", "表六", "平衡关系:1 = 2 + 3 + 4 + 5 + 6");
    assert_eq!(zh[3][0].to_string(), "项目");
    assert_eq!(zh[3][1].to_string(), "行次");
    let labels: Vec<String> = (4..=9).map(|r| zh[r][0].to_string()).collect();
    assert_eq!(
        labels,
        [
            "总收入",
            "经营收入",
            "发包及上交收入",
            "投资收益",
            "补助收入",
            "其他收入"
        ]
    );
    // 15 villages report a breakdown for 2023 (miaoliang does not), then the total.
    assert_eq!(
        zh[3].iter().filter(|c| !matches!(c, Data::Empty)).count(),
        2 + 15 + 1
    );
    assert_eq!(zh[3][17].to_string(), "全乡合计");
    assert!(
        zh.iter()
            .flatten()
            .any(|c| c.to_string().starts_with("口径未分 (1): 庙梁村"))
    );

    let en = check_sheet(&full, "en", "Table 6", "Balance: 1 = 2 + 3 + 4 + 5 + 6");
    assert_eq!(en[5][0].to_string(), "Operating income");
    assert_eq!(en[3][2].to_string(), "Tianjing");
}

#[test]
fn shipped_data_has_an_empty_table_six_and_nobody_at_risk() {
    let config = root().join("config");
    let json = summary_json(&config);
    assert_eq!(json["basis"], "total");
    assert_eq!(json["at_risk"], Value::Array(Vec::new()));
    check_sheet(&config, "zh", "表六", "平衡关系");
}

#[test]
fn example_data_uses_every_feature_and_is_marked_illustrative() {
    let full = root().join("examples/data/full");
    for file in ["township.toml", "villages.toml", "projects.toml"] {
        let text = std::fs::read_to_string(full.join(file)).expect("example file");
        assert!(text.starts_with("# ILLUSTRATIVE EXAMPLE DATA"), "{file}");
    }
    let villages = std::fs::read_to_string(full.join("villages.toml")).expect("villages");
    for key in [
        "[village.income_by_source.",
        "[village.target_yuan]",
        "illustrative = true",
    ] {
        assert!(villages.contains(key), "{key}");
    }
    let township = std::fs::read_to_string(full.join("township.toml")).expect("township");
    for key in [
        "basis = \"operating\"",
        "[early_warning]",
        "fall_percent",
        "subsidy_share_percent",
        "project_share_percent",
        "[warnings]",
    ] {
        assert!(township.contains(key), "{key}");
    }
    // Valid, with every early-warning rule firing at least once, and the list to match.
    let out = run(&full, "en", &["check"]);
    let printed = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{printed}");
    let kinds: std::collections::BTreeSet<String> = warnings(&printed)
        .into_iter()
        .map(|(_, _, k, _)| k)
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "falling",
            "operating-below-floor",
            "project-dependent",
            "subsidy-dependent"
        ]
    );
    let json = summary_json(&full);
    assert_eq!(json["basis"], "operating");
    assert_eq!(
        at_risk(&json),
        [
            (
                "tianjing".to_string(),
                vec!["project-dependent".to_string()]
            ),
            ("beibao".to_string(), vec!["falling".to_string()]),
            (
                "yangjiayao".to_string(),
                vec![
                    "operating-below-floor".to_string(),
                    "subsidy-dependent".to_string()
                ]
            ),
            (
                "qianyingzi".to_string(),
                vec!["operating-below-floor".to_string()]
            ),
            (
                "xiata".to_string(),
                vec!["operating-below-floor".to_string()]
            ),
        ]
    );
    assert_eq!(row(&json, "miaoliang")["no_breakdown"], true);
}

#[test]
fn dashboard_shows_the_accounts_in_both_languages() {
    let full = root().join("examples/data/full");
    let snap = |lang: &str, tab: &str, w: &str, h: &str| {
        let out = run(
            &full,
            lang,
            &["snapshot", "--tab", tab, "--width", w, "--height", h],
        );
        assert!(out.status.success());
        stdout(&out)
    };
    let zh = snap("zh", "overview", "80", "24");
    assert!(zh.contains("预警 5村"), "{zh}");
    assert!(zh.contains("2023年 预警村: 5村"), "{zh}");
    assert!(zh.contains("! 杨家窑村  经营性未达标、依赖补助"), "{zh}");
    let en = snap("en", "overview", "80", "24");
    assert!(en.contains("At risk 5 villages"), "{en}");
    assert!(en.contains("! Beibao      falling"), "{en}");

    let zh = snap("zh", "villages", "80", "24");
    assert!(zh.contains("经营性   目标 完成率"), "{zh}");
    let xiata = zh.lines().find(|l| l.contains("下塔村")).expect("下塔村");
    assert!(
        xiata.contains("9.1") && xiata.contains("15") && xiata.contains("60.7%"),
        "{xiata}"
    );
    let miaoliang = zh.lines().find(|l| l.contains("庙梁村")).expect("庙梁村");
    assert!(miaoliang.contains("未分"), "{miaoliang}");
    let en = snap("en", "villages", "80", "24");
    assert!(en.contains("Operating    Goal   Of goal"), "{en}");
    let xiata = en.lines().find(|l| l.contains("Xiata")).expect("Xiata");
    assert!(
        xiata.contains("91,000") && xiata.contains("150,000") && xiata.contains("60.7%"),
        "{xiata}"
    );
}

/// The dashboard on the example data, in the village detail of `id`.
fn detail(lang: village_dash::cli::Lang, ascii: bool, id: &str, w: u16, h: u16) -> String {
    use village_dash::app::{Action, Tab};
    use village_dash::data::DataDir;
    let mut app = common::screens::app_on(
        DataDir::Path(root().join("examples/data/full")),
        lang,
        village_dash::ui::theme::Theme::new(false, ascii),
    );
    app.update(Action::GoTab(Tab::Villages));
    let index = app
        .villages
        .visible
        .iter()
        .position(|&i| {
            app.loaded
                .as_ref()
                .is_some_and(|l| l.data.villages[i].id == id)
        })
        .expect("the village is listed");
    for _ in 0..index {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    village_dash::ui::snapshot(&app, w, h)
}

#[test]
fn village_detail_stacks_income_by_source_with_the_target() {
    use village_dash::cli::Lang;
    let zh = detail(Lang::Zh, false, "xiata", 80, 24);
    insta::assert_snapshot!("accounts_detail_xiata_zh_80x24", zh);
    assert!(
        zh.contains("收入构成 (万元)   | = 10万 / 20万   T = 本村目标   * 示意数据"),
        "{zh}"
    );
    assert!(
        zh.contains("██经营  ▓▓发包上交  ▒▒投资  ░░补助  ::其他"),
        "{zh}"
    );
    let bar = zh
        .lines()
        .find(|l| l.starts_with("2023 "))
        .expect("the 2023 bar");
    // Every source of the year shows as its own glyph, in the form's order, then the
    // target marker.
    let order: Vec<usize> = ["█", "▓", "▒", "░", "T"]
        .iter()
        .map(|g| bar.find(g).unwrap_or_else(|| panic!("{g} in {bar:?}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{bar:?}");
    // The example villages are illustrative: every figure carries the `*`.
    assert!(bar.trim_end().ends_with("13.1*"), "{bar:?}");
    // 2020 has no breakdown: on the operating basis it is marked.
    let bar_2020 = zh
        .lines()
        .find(|l| l.starts_with("2020 "))
        .expect("the 2020 bar");
    assert!(bar_2020.ends_with("6.2* 口径未分"), "{bar_2020:?}");
    assert!(
        zh.contains("2023年   经营性 9.1万元   目标 15万元   完成率 60.7%   预警: 经营性未达标"),
        "{zh}"
    );

    let en = detail(Lang::En, true, "xiata", 80, 24);
    insta::assert_snapshot!("accounts_detail_xiata_en_ascii_80x24", en);
    assert!(
        en.contains("##operating  ==contracting  ++investment  ..subsidy  ::other"),
        "{en}"
    );
    // Too long for one line at 80 columns: the reasons go on the next.
    assert!(
        en.contains(
            "2023   Operating 91,000 yuan   Goal 150,000 yuan   Of goal 60.7%\nAt risk: operating below floor"
        ),
        "{en}"
    );
    assert!(
        en.is_ascii()
            || en
                .lines()
                .filter(|l| l.starts_with("20"))
                .all(str::is_ascii),
        "{en}"
    );

    // Wide terminals: the chart keeps its width, nothing breaks.
    let wide = detail(Lang::Zh, false, "tianjing", 200, 60);
    assert!(wide.contains("依赖单一项目"), "{wide}");
}

/// The value of a `label   value` line of the text summary, whatever the label column's width.
fn field<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(label)?;
        rest.starts_with("  ").then(|| rest.trim())
    })
}

/// The columns of the target lines (`|`) on a year's bar of the village detail.
fn target_columns(text: &str, year: &str) -> Vec<usize> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{year} ")))
        .unwrap_or_else(|| panic!("no {year} bar in\n{text}"));
    // Labels are ASCII and the bar glyphs one column each: a character is a column.
    line.chars()
        .enumerate()
        .filter(|&(_, c)| c == '|')
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_stacked_chart_keeps_one_scale_for_all_villages() {
    use village_dash::cli::Lang;
    // xiata and tianjing have a breakdown of income by source; miaoliang has none.
    for (lang, ascii) in [(Lang::Zh, false), (Lang::En, true)] {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let xiata = detail(lang, ascii, "xiata", w, h);
            let tianjing = detail(lang, ascii, "tianjing", w, h);
            let miaoliang = detail(lang, ascii, "miaoliang", w, h);
            for year in ["2021", "2022"] {
                let want = target_columns(&xiata, year);
                assert_eq!(want.len(), 2, "both target lines on {year}:\n{xiata}");
                assert_eq!(
                    target_columns(&tianjing, year),
                    want,
                    "{lang:?} {w}x{h} {year}:\n{xiata}\n{tianjing}"
                );
                assert_eq!(
                    target_columns(&miaoliang, year),
                    want,
                    "{lang:?} {w}x{h} {year}:\n{xiata}\n{miaoliang}"
                );
            }
        }
    }
}
