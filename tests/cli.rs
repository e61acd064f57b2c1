//! The command line as a user meets it: `check` and `summary` run on the shipped data and on
//! broken copies of it.
//!
//! Each invalid case is a full data directory: the test copies `config/*.toml` into a fresh
//! temporary directory, then lays the files of `tests/fixtures/invalid/<name>/` over it (a
//! fixture holds only the files that differ; see `tests/fixtures/README.md`). A few cases that
//! cannot be stored as files (a missing file, a directory in place of a file, line endings)
//! are built by the test itself.
//!
//! Every invalid case asserts the exact headlines `PATH:LINE:COL: error: MESSAGE`, the verdict
//! line and exit code 1.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::workspace::{DATA_FILES, Run, Workspace, crate_dir, run, run_default, shipped_config};

const SAVE_AS_UTF8: &str =
    "save it as UTF-8 (Notepad: Save as, Encoding: UTF-8; vim: :set fileencoding=utf-8 | w)";

fn fixture_dir(name: &str) -> PathBuf {
    crate_dir().join("tests/fixtures/invalid").join(name)
}

fn next_year() -> i32 {
    chrono::Local::now().year() + 1
}

/// The checks of this file, on the common workspace.
impl Workspace {
    /// The shipped data with the files of `tests/fixtures/invalid/<name>/` laid over it.
    fn fixture(name: &str) -> Self {
        Self::overlaid(&fixture_dir(name))
    }

    fn check(&self) -> Run {
        self.check_dir(&self.data)
    }

    fn check_dir(&self, dir: &Path) -> Run {
        self.run_args([OsStr::new("check"), OsStr::new("--config"), dir.as_os_str()])
    }

    fn summary(&self, format: &str) -> Run {
        self.run_args([
            OsStr::new("summary"),
            OsStr::new("--config"),
            self.data.as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
        ])
    }

    /// `PATH:LINE:COL: error: MESSAGE` for a data file of this workspace.
    fn error(&self, file: &str, line: usize, column: usize, message: &str) -> String {
        format!(
            "{}:{line}:{column}: error: {message}",
            self.file(file).display()
        )
    }

    /// `PATH: error: MESSAGE` for a problem with a whole file.
    fn file_error(&self, file: &str, message: &str) -> String {
        format!("{}: error: {message}", self.file(file).display())
    }
}

/// The headline of every diagnostic about `dir` (they start with its path).
fn headlines<'a>(run: &'a Run, dir: &Path) -> Vec<&'a str> {
    let prefix = dir.display().to_string();
    run.stdout
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .collect()
}

/// `check` found exactly these errors (in this order), no warnings, and exited with 1.
#[track_caller]
fn assert_invalid(run: &Run, dir: &Path, expected: &[String]) {
    assert_eq!(
        headlines(run, dir),
        expected,
        "\n--- full output ---\n{}",
        run.stdout
    );
    let n = expected.len();
    let verdict = format!(
        "invalid: {}: {n} {}, 0 warnings",
        dir.display(),
        if n == 1 { "error" } else { "errors" }
    );
    assert_eq!(
        run.stdout.lines().last(),
        Some(verdict.as_str()),
        "\n--- full output ---\n{}",
        run.stdout
    );
    assert_eq!(run.code, Some(1), "exit code\n{}", run.stdout);
    assert_eq!(run.stderr, "", "nothing on stderr");
}

/// Runs `check` on a fixture and asserts its errors; returns the workspace and the run.
#[track_caller]
fn check_fixture(name: &str, expected: impl FnOnce(&Workspace) -> Vec<String>) -> (Workspace, Run) {
    let ws = Workspace::fixture(name);
    let r = ws.check();
    let expected = expected(&ws);
    assert_invalid(&r, &ws.data, &expected);
    (ws, r)
}

fn summary_json(run: &Run) -> Value {
    assert_eq!(
        run.code,
        Some(0),
        "summary failed:\n{}{}",
        run.stdout,
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("summary --format json prints JSON")
}

// ---------------------------------------------------------------------------------------------
// 1. The shipped data

#[test]
fn shipped_config_passes_check_without_warnings() {
    let cwd = TempDir::new().expect("temp dir");
    let dir = shipped_config();
    let r = run(
        cwd.path(),
        [OsStr::new("check"), OsStr::new("--config"), dir.as_os_str()],
    );
    assert_eq!(
        r.stdout,
        format!("ok: {}: 16 villages, 0 warnings\n", dir.display())
    );
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stderr, "");
}

#[test]
fn shipped_summary_json_matches_the_published_figures() {
    let cwd = TempDir::new().expect("temp dir");
    let dir = shipped_config();
    let r = run(
        cwd.path(),
        [
            OsStr::new("summary"),
            OsStr::new("--config"),
            dir.as_os_str(),
            OsStr::new("--format"),
            OsStr::new("json"),
        ],
    );
    assert_eq!(r.stderr, "");
    let j = summary_json(&r);

    // FACTS.md: the published figures.
    assert_eq!(j["township"], "韭菜庄乡");
    assert_eq!(j["year"], 2023, "the article's figures are as of mid-2023");
    assert_eq!(j["villages"], 16, "16 village collectives");
    assert_eq!(
        j["villages_at_or_above_floor"], 16,
        "all 16 above 100,000 yuan"
    );
    assert_eq!(j["villages_at_or_above_strong"], 7, "7 above 200,000 yuan");
    assert_eq!(j["oat_grass_mu"], 31000, "3.1万亩");
    assert_eq!(j["consortium_households"], 1158);
    assert_eq!(j["fertilizer_t"], 3000);
    assert_eq!(
        j["consortium_villages"], 15,
        "15 administrative villages served"
    );
    assert_eq!(j["training_sessions"], 3);
    let participants = j["training_participants"].as_i64().expect("participants");
    assert!(participants > 200, "200余人次, got {participants}");
    assert_eq!(j["projects"], 7);

    // Every village row has an income at or above the floor, and the rows agree with the
    // totals above.
    let rows = j["village_rows"].as_array().expect("village_rows");
    assert_eq!(rows.len(), 16);
    let mut ids = std::collections::BTreeSet::new();
    let mut total = 0;
    let mut strong = 0;
    for row in rows {
        let id = row["id"].as_str().expect("id");
        assert!(ids.insert(id), "duplicate id {id}");
        assert!(row["name"].as_str().is_some_and(|n| !n.is_empty()));
        let income = row["collective_income_yuan"]
            .as_i64()
            .unwrap_or_else(|| panic!("{id}: income is {}", row["collective_income_yuan"]));
        assert!(income >= 100_000, "{id}: {income} is below 100,000 yuan");
        if income >= 200_000 {
            strong += 1;
        }
        total += income;
    }
    assert_eq!(strong, 7, "rows at or above 200,000 yuan");
    assert_eq!(j["collective_income_total_yuan"], total);

    // The six villages the article names.
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    for named in ["天井村", "大双墩", "双井子", "七墩沟", "摇铃沟", "三岔河"] {
        assert!(names.contains(&named), "{named} missing from {names:?}");
    }
}

#[test]
fn copy_of_shipped_config_passes_check() {
    // The base every fixture below is laid over: it must be valid on its own.
    let ws = Workspace::shipped();
    let r = ws.check();
    assert_eq!(
        r.stdout,
        format!("ok: {}: 16 villages, 0 warnings\n", ws.data.display())
    );
    assert_eq!(r.code, Some(0));
}

// ---------------------------------------------------------------------------------------------
// 2. Invalid data: one problem each, with its exact place and message

#[test]
fn column_counts_characters_after_chinese_text() {
    // A full-width comma typed by a Chinese input method after 大双墩: 12 characters precede
    // it (18 bytes, 15 display columns).
    let (ws, r) = check_fixture("chinese-before-error", |ws| {
        vec![ws.error(
            "villages.toml",
            38,
            13,
            "unexpected key or value, expected newline, `#`",
        )]
    });
    // The caret sits under the comma, counted in display columns.
    let expected = format!(
        "{}\n   |\n38 | name = \"大双墩\"，\n   |                ^\n\ninvalid: {}: 1 error, 0 warnings\n",
        ws.error(
            "villages.toml",
            38,
            13,
            "unexpected key or value, expected newline, `#`"
        ),
        ws.data.display()
    );
    assert_eq!(r.stdout, expected);
}

#[test]
fn typo_in_a_key_suggests_the_right_key() {
    check_fixture("key-typo", |ws| {
        vec![ws.error(
            "villages.toml",
            20,
            1,
            "unknown key `housholds`: did you mean `households`? expected one of `id`, `name`, \
             `name_en`, `households`, `party_branch`, `oat_program`, `illustrative`, \
             `collective_income_yuan`, `oat_grass_mu`, `income_by_source`, `target_yuan`",
        )]
    });
}

#[test]
fn text_where_a_number_belongs() {
    check_fixture("string-for-number", |ws| {
        vec![ws.error(
            "villages.toml",
            20,
            14,
            "invalid type: string \"96\", expected a whole number",
        )]
    });
}

#[test]
fn float_where_an_integer_belongs() {
    check_fixture("float-for-integer", |ws| {
        vec![ws.error(
            "villages.toml",
            20,
            14,
            "invalid type: floating point `96.5`, expected a whole number",
        )]
    });
}

#[test]
fn negative_figure() {
    check_fixture("negative-figure", |ws| {
        vec![ws.error(
            "villages.toml",
            29,
            8,
            "negative figure -236000: figures count yuan, mu, tonnes or people and cannot be \
             below zero",
        )]
    });
}

#[test]
fn duplicate_village_id_names_the_first_line() {
    check_fixture("duplicate-village-id", |ws| {
        vec![ws.error(
            "villages.toml",
            317,
            6,
            "duplicate village id `beibao`: already used on line 177",
        )]
    });
}

#[test]
fn malformed_village_id() {
    check_fixture("malformed-id", |ws| {
        vec![ws.error(
            "villages.toml",
            177,
            6,
            "village id `Bei Bao` is not well formed: use lowercase ASCII letters, digits and \
             '-' (for example `tianjing`)",
        )]
    });
}

#[test]
fn unknown_village_in_a_project_suggests_the_near_id() {
    check_fixture("unknown-project-village", |ws| {
        vec![ws.error(
            "projects.toml",
            18,
            13,
            "unknown village `tianjin`: no [[village]] in villages.toml has this id; did you \
             mean `tianjing`?",
        )]
    });
}

#[test]
fn impossible_date() {
    check_fixture("impossible-date", |ws| {
        vec![ws.error(
            "training.toml",
            23,
            8,
            "invalid date, expected day between 01 and 28",
        )]
    });
}

#[test]
fn datetime_where_a_date_belongs() {
    check_fixture("datetime-for-date", |ws| {
        vec![ws.error(
            "training.toml",
            15,
            8,
            "expected a date such as 2023-06-30, found `2022-09-07T09:30:00`",
        )]
    });
}

#[test]
fn year_key_that_is_not_a_number() {
    check_fixture("year-key-not-a-number", |ws| {
        vec![ws.error(
            "villages.toml",
            26,
            1,
            "`2020年` is not a year: year tables map a year to a figure, like `2022 = 168000`",
        )]
    });
}

#[test]
fn year_out_of_range() {
    check_fixture("year-out-of-range", |ws| {
        vec![ws.error(
            "villages.toml",
            27,
            1,
            &format!(
                "year 1900 is out of range: expected a year from 1949 to {}",
                next_year()
            ),
        )]
    });
}

#[test]
fn unknown_party_branch_status() {
    check_fixture("unknown-party-branch", |ws| {
        vec![ws.error(
            "villages.toml",
            21,
            16,
            "unknown value `strong`: expected one of `strongest`, `rectified`, `ordinary`",
        )]
    });
}

#[test]
fn unknown_project_category() {
    check_fixture("unknown-project-category", |ws| {
        vec![ws.error(
            "projects.toml",
            10,
            12,
            "unknown value `factory`: expected one of `processing`, `livestock`, `planting`, \
             `logistics`, `tourism`, `other`",
        )]
    });
}

#[test]
fn unknown_consortium_member_level() {
    check_fixture("unknown-member-level", |ws| {
        vec![ws.error(
            "consortium.toml",
            22,
            9,
            "unknown value `province`: expected one of `township`, `city`, `county`, `village`",
        )]
    });
}

#[test]
fn missing_township_name_points_at_its_table() {
    check_fixture("missing-township-name", |ws| {
        vec![ws.error(
            "township.toml",
            6,
            1,
            "missing required key `name` in this table",
        )]
    });
}

#[test]
fn income_floor_not_below_strong_threshold() {
    check_fixture("floor-not-below-strong", |ws| {
        vec![ws.error(
            "township.toml",
            15,
            21,
            "income_floor_yuan (200000) must be below income_strong_yuan (200000)",
        )]
    });
}

#[test]
fn gbk_file_is_named_and_the_fix_given() {
    // villages.toml as Notepad saves it on Chinese Windows ("ANSI" = GBK). Line 1 is
    // `# 韭菜庄乡...`: the first bad byte is the first byte of 韭 (0xBE 0xC2 in GBK).
    check_fixture("gbk-file", |ws| {
        vec![ws.error(
            "villages.toml",
            1,
            3,
            &format!(
                "file is not UTF-8 (first bad byte 0xBE): it looks like GBK/GB18030 (the usual \
                 Chinese Windows encoding); {SAVE_AS_UTF8}"
            ),
        )]
    });
}

#[test]
fn gbk_text_after_ascii_lines_is_placed_by_line_and_column() {
    let ws = Workspace::shipped();
    // 天井村 in GBK, in an otherwise ASCII file.
    let mut bytes = b"# villages\n[[village]]\nid = \"tianjing\"\nname = \"".to_vec();
    bytes.extend_from_slice(b"\xCC\xEC\xBE\xAE\xB4\xE5");
    bytes.extend_from_slice(b"\"\n[village.collective_income_yuan]\n2023 = 236000\n");
    ws.write("villages.toml", bytes);
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.error(
            "villages.toml",
            4,
            9,
            &format!(
                "file is not UTF-8 (first bad byte 0xCC): it looks like GBK/GB18030 (the usual \
                 Chinese Windows encoding); {SAVE_AS_UTF8}"
            ),
        )],
    );
}

#[test]
fn gbk_name_typed_into_a_utf8_file_is_named_gbk() {
    // What an editor set to GBK produces when a user adds text to the UTF-8 file: the old
    // bytes round-trip, the new text is GBK.
    let ws = Workspace::shipped();
    let text = ws.read("villages.toml");
    let bytes = text
        .replacen("name = \"天井村\"", "name = \"@@\"", 1)
        .into_bytes();
    let at = bytes
        .windows(2)
        .position(|w| w == b"@@")
        .expect("placeholder");
    let mut gbk = bytes[..at].to_vec();
    gbk.extend_from_slice(b"\xCC\xEC\xBE\xAE\xB4\xE5");
    gbk.extend_from_slice(&bytes[at + 2..]);
    ws.write("villages.toml", gbk);
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.error(
            "villages.toml",
            18,
            9,
            &format!(
                "file is not UTF-8 (first bad byte 0xCC): it looks like GBK/GB18030 (the usual \
                 Chinese Windows encoding); {SAVE_AS_UTF8}"
            ),
        )],
    );
}

#[test]
fn utf16_file_with_bom_is_named() {
    // township.toml as Notepad saves it with Encoding "Unicode".
    check_fixture("utf16-file", |ws| {
        vec![ws.file_error(
            "township.toml",
            &format!(
                "file is not UTF-8: it looks like UTF-16 LE (what Windows Notepad calls \
                 \"Unicode\"); {SAVE_AS_UTF8}"
            ),
        )]
    });
}

#[test]
fn utf16_file_without_bom_is_named() {
    let ws = Workspace::shipped();
    let text = ws.read("township.toml");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    ws.write("township.toml", bytes);
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.file_error(
            "township.toml",
            &format!(
                "file is not UTF-8: it looks like UTF-16 LE (what Windows Notepad calls \
                 \"Unicode\"); {SAVE_AS_UTF8}"
            ),
        )],
    );
}

#[test]
fn missing_file_names_its_path() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("projects.toml")).expect("remove");
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.file_error(
            "projects.toml",
            "file not found; every data directory needs this file",
        )],
    );
}

#[test]
fn empty_file() {
    check_fixture("empty-file", |ws| {
        vec![ws.file_error(
            "training.toml",
            "file is empty; it must hold one [[session]] per training session (see the README's data format)",
        )]
    });
}

#[test]
fn directory_where_a_file_belongs() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("consortium.toml")).expect("remove");
    fs::create_dir(ws.file("consortium.toml")).expect("mkdir");
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.file_error("consortium.toml", "is a directory, expected a TOML file")],
    );
}

#[test]
fn missing_config_directory() {
    let ws = Workspace::shipped();
    let missing = ws.tmp.path().join("no-such-dir");
    let r = ws.check_dir(&missing);
    assert_invalid(
        &r,
        &missing,
        &[format!(
            "{}: error: data directory not found",
            missing.display()
        )],
    );
    // `summary` refuses too, with the same diagnostic on stderr and nothing on stdout.
    let r = ws.run_args([
        OsStr::new("summary"),
        OsStr::new("--config"),
        missing.as_os_str(),
    ]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(&format!(
            "{}: error: data directory not found\n",
            missing.display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn config_pointing_at_a_file() {
    let ws = Workspace::shipped();
    let file = ws.file("villages.toml");
    let r = ws.check_dir(&file);
    assert_invalid(
        &r,
        &file,
        &[format!(
            "{}: error: is not a directory; --config takes the directory that holds the data \
             files",
            file.display()
        )],
    );
}

#[test]
fn unclosed_string() {
    // `name = "大双墩` has 11 characters; the string is still open at the end of the line.
    check_fixture("unclosed-string", |ws| {
        vec![ws.error(
            "villages.toml",
            38,
            12,
            "text in quotes is not closed: add the closing \" on the same line",
        )]
    });
}

#[test]
fn number_beyond_i64() {
    check_fixture("beyond-i64", |ws| {
        vec![ws.error(
            "villages.toml",
            40,
            14,
            "figure 99999999999999999999 is too large: at most 1,000,000,000,000 is accepted",
        )]
    });
}

#[test]
fn unknown_warning_kind_in_silence_list() {
    check_fixture("unknown-warning-kind", |ws| {
        vec![ws.error(
            "township.toml",
            26,
            27,
            "unknown warning kind `incomejump`: did you mean `income-jump`? expected one of `consortium-acreage`, \
             `consortium-households`, `oat-villages`, `oat-outside-programme`, \
             `party-rectified`, `party-strongest`, `income-jump`, `acreage-jump`, \
             `missing-latest-year`, `year-after-as-of`, `as-of-future`, `session-future`, \
             `duplicate-name`, `operating-below-floor`, `falling`, `subsidy-dependent`, \
             `project-dependent`, `training-published`",
        )]
    });
}

#[test]
fn errors_in_several_records_are_all_reported() {
    // Two records that do not parse (a misspelt key, text for a number) and one whose figure
    // is negative: one bad record must not hide the next.
    check_fixture("errors-in-several-records", |ws| {
        vec![
            ws.error(
                "villages.toml",
                40,
                1,
                "unknown key `househods`: did you mean `households`? expected one of `id`, \
                 `name`, `name_en`, `households`, `party_branch`, `oat_program`, \
                 `illustrative`, `collective_income_yuan`, `oat_grass_mu`, \
                 `income_by_source`, `target_yuan`",
            ),
            ws.error(
                "villages.toml",
                180,
                14,
                "invalid type: string \"81\", expected a whole number",
            ),
            ws.error(
                "villages.toml",
                329,
                8,
                "negative figure -131000: figures count yuan, mu, tonnes or people and cannot \
                 be below zero",
            ),
        ]
    });
}

#[test]
fn misspelt_record_header_mid_file() {
    check_fixture("header-typo-mid-file", |ws| {
        vec![ws.error(
            "villages.toml",
            176,
            3,
            "unknown key `vilage`: did you mean `village`? expected one of `village`",
        )]
    });
}

#[test]
fn misspelt_first_record_header_is_reported_once() {
    check_fixture("header-typo-first-record", |ws| {
        vec![ws.error(
            "villages.toml",
            16,
            3,
            "unknown key `vilage`: did you mean `village`? expected one of `village`",
        )]
    });
}

#[test]
fn same_year_twice_in_a_year_table() {
    let ws = Workspace::fixture("duplicate-year");
    let r = ws.check();
    // The wording is a proposal; what matters is an error at the second key that names the
    // year and the line of the first.
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    let found = headlines(&r, &ws.data);
    assert_eq!(found.len(), 1, "{}", r.stdout);
    let head = ws.error("villages.toml", 30, 1, "");
    assert!(found[0].starts_with(&head), "{}", found[0]);
    assert!(
        found[0].contains("2023") && found[0].contains("line 29"),
        "{}",
        found[0]
    );
}

// -- BOM and CRLF

#[test]
fn bom_and_crlf_data_is_valid_and_summarised_alike() {
    let ws = Workspace::shipped();
    ws.to_bom_crlf();
    let r = ws.check();
    assert_eq!(
        r.stdout,
        format!("ok: {}: 16 villages, 0 warnings\n", ws.data.display())
    );
    assert_eq!(r.code, Some(0));

    let plain = Workspace::shipped();
    assert_eq!(
        summary_json(&ws.summary("json")),
        summary_json(&plain.summary("json"))
    );
}

#[test]
fn bom_and_crlf_error_on_line_3_is_placed_right() {
    let ws = Workspace::fixture("bom-crlf-line3");
    ws.to_bom_crlf();
    let r = ws.check();
    // `county = "清水河县"` is 15 characters; the full-width comma is the 16th.
    let head = ws.error(
        "township.toml",
        3,
        16,
        "unexpected key or value, expected newline, `#`",
    );
    assert_invalid(&r, &ws.data, std::slice::from_ref(&head));
    // The quoted line carries no BOM and no carriage return, and the caret is under the comma.
    let expected = format!(
        "{head}\n  |\n3 | county = \"清水河县\"，\n  |                    ^\n\ninvalid: {}: 1 error, 0 warnings\n",
        ws.data.display()
    );
    assert_eq!(r.stdout, expected);
    assert!(!r.stdout.contains('\r') && !r.stdout.contains('\u{feff}'));
}

#[test]
fn crlf_unclosed_string_column_ends_at_the_visible_line() {
    let ws = Workspace::fixture("bom-crlf-line3");
    ws.edit(
        "township.toml",
        "county = \"清水河县\"，",
        "county = \"清水河县",
    );
    ws.to_bom_crlf();
    let r = ws.check();
    // Same column as the LF file gives: just past 县.
    assert_invalid(
        &r,
        &ws.data,
        &[ws.error(
            "township.toml",
            3,
            15,
            "text in quotes is not closed: add the closing \" on the same line",
        )],
    );
}

#[test]
fn lf_unclosed_string_column_ends_at_the_visible_line() {
    // The LF twin of the case above, which is right today.
    let ws = Workspace::fixture("bom-crlf-line3");
    ws.edit(
        "township.toml",
        "county = \"清水河县\"，",
        "county = \"清水河县",
    );
    let r = ws.check();
    assert_invalid(
        &r,
        &ws.data,
        &[ws.error(
            "township.toml",
            3,
            15,
            "text in quotes is not closed: add the closing \" on the same line",
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Hostile text never reaches the terminal raw

const HOSTILE_ESCAPED: &str = r#"\u001b]0;pwned\u0007\u202e"#;

#[track_caller]
fn assert_harmless(what: &str, bytes: &[u8]) {
    assert!(!bytes.contains(&0x1b), "{what} contains ESC (0x1b)");
    assert!(!bytes.contains(&0x07), "{what} contains BEL (0x07)");
    assert!(
        !bytes.windows(3).any(|w| w == "\u{202e}".as_bytes()),
        "{what} contains U+202E"
    );
}

/// Every string in a JSON value, after JSON unescaping.
fn json_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            json_strings(x, out);
        }),
        _ => {}
    }
}

#[test]
fn hostile_village_name_in_valid_data() {
    let ws = Workspace::shipped();
    ws.edit(
        "villages.toml",
        "name = \"天井村\"\n",
        &format!("name = \"{HOSTILE_ESCAPED}天井村\"\n"),
    );
    let r = ws.check();
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert_harmless("check stdout", &r.raw_stdout);
    assert_harmless("check stderr", &r.raw_stderr);

    // In Chinese, where the village's own (hostile) name is shown rather than its English one.
    let text = ws.run_args([
        OsStr::new("--lang"),
        OsStr::new("zh"),
        OsStr::new("summary"),
        OsStr::new("--format"),
        OsStr::new("text"),
        OsStr::new("--config"),
        ws.data.as_os_str(),
    ]);
    assert_eq!(text.code, Some(0));
    assert_harmless("summary stdout", &text.raw_stdout);
    assert_harmless("summary stderr", &text.raw_stderr);
    assert!(
        text.stdout.contains("pwned"),
        "the name is shown, made visible:\n{}",
        text.stdout
    );

    let json = ws.summary("json");
    assert_harmless("summary json stdout", &json.raw_stdout);
    assert_harmless("summary json stderr", &json.raw_stderr);
    let value = summary_json(&json);
    // JSON escapes like \u001b would turn back into ESC in the reader's program.
    let mut strings = Vec::new();
    json_strings(&value, &mut strings);
    for s in &strings {
        assert_harmless(&format!("JSON string {s:?}"), s.as_bytes());
    }
    let name = value["village_rows"][0]["name"].as_str().expect("name");
    assert!(name.contains("pwned") && name.ends_with("天井村"), "{name}");
}

#[test]
fn hostile_text_in_invalid_data_is_quoted_harmlessly() {
    let ws = Workspace::shipped();
    // An error on the same line as the hostile name, so the line is quoted.
    ws.edit(
        "villages.toml",
        "name = \"天井村\"\n",
        &format!("name = \"{HOSTILE_ESCAPED}天井村\"，\n"),
    );
    // Raw U+202E in a string (TOML allows it) and raw ESC/BEL in a comment (it does not).
    ws.edit(
        "villages.toml",
        "name = \"北堡村\"\n",
        "name = \"北堡村\u{202e}\" # \u{1b}]0;pwned\u{7}\n",
    );
    // Hostile text decoded into messages: a malformed id, a year key, an unknown reference.
    ws.edit(
        "villages.toml",
        "id = \"xiata\"",
        &format!("id = \"{HOSTILE_ESCAPED}\""),
    );
    ws.edit(
        "villages.toml",
        "2020 = 62000\n",
        &format!("\"{HOSTILE_ESCAPED}\" = 62000\n"),
    );
    ws.edit(
        "projects.toml",
        "villages = [\"tianjing\"]",
        r#"villages = ["\u001b]0;ref\u0007\u202e"]"#,
    );

    let r = ws.check();
    assert_eq!(r.code, Some(1));
    assert_harmless("check stdout", &r.raw_stdout);
    assert_harmless("check stderr", &r.raw_stderr);
    assert_eq!(headlines(&r, &ws.data).len(), 5, "{}", r.stdout);
    assert!(
        r.stdout.ends_with(&format!(
            "invalid: {}: 5 errors, 0 warnings\n",
            ws.data.display()
        )),
        "{}",
        r.stdout
    );
    // The hostile characters are shown as visible escapes, not dropped.
    assert!(
        r.stdout.contains(r"\u{1b}]0;pwned\u{7}\u{202e}"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r"北堡村\u{202e}"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(r"unknown village `\u{1b}]0;ref\u{7}\u{202e}`"),
        "{}",
        r.stdout
    );

    for format in ["text", "json"] {
        let s = ws.summary(format);
        assert_eq!(s.code, Some(1));
        assert_eq!(s.stdout, "");
        assert_harmless("summary stderr", &s.raw_stderr);
        assert!(s.stderr.contains("5 errors"), "{}", s.stderr);
    }
}

#[test]
fn hostile_data_directory_name() {
    let ws = Workspace::named("cfg\u{1b}]0;pwned\u{7}\u{202e}");
    ws.overlay(&fixture_dir("key-typo"));
    let r = ws.check();
    assert_eq!(r.code, Some(1));
    assert_harmless("check stdout", &r.raw_stdout);
    assert!(
        r.stdout.contains(r"cfg\u{1b}]0;pwned\u{7}\u{202e}"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("villages.toml:20:1: error: unknown key `housholds`")
    );
    let s = ws.summary("text");
    assert_eq!(s.code, Some(1));
    assert_harmless("summary stderr", &s.raw_stderr);
}

// ---------------------------------------------------------------------------------------------
// 4. The command line itself

#[test]
fn help_lists_every_command() {
    let cwd = TempDir::new().expect("temp dir");
    let r = run(cwd.path(), ["--help"]);
    assert_eq!(r.code, Some(0));
    for command in ["check", "summary", "snapshot", "export", "settings"] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with(&format!("  {command} "))),
            "--help does not list `{command}`:\n{}",
            r.stdout
        );
    }
}

#[test]
fn version_prints_the_crate_version() {
    let cwd = TempDir::new().expect("temp dir");
    let r = run(cwd.path(), ["--version"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(
        r.stdout,
        format!("village-dash {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let cwd = TempDir::new().expect("temp dir");
    for args in [
        &["frobnicate"][..],
        &["--frobnicate"],
        &["check", "--frobnicate"],
        &["summary", "--format", "xml"],
    ] {
        let r = run_default(cwd.path(), args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        // Chinese by default.
        assert!(
            r.stderr.starts_with("village-dash: 错误: "),
            "{args:?}: {}",
            r.stderr
        );
        let mut en = vec!["--lang", "en"];
        en.extend_from_slice(args);
        let r = run_default(cwd.path(), en);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("village-dash: error: "),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn usage_errors_and_help_in_both_languages() {
    let cwd = TempDir::new().expect("temp dir");
    let r = run_default(cwd.path(), ["summary", "--format", "xml"]);
    assert_eq!(
        r.stderr,
        "village-dash: 错误: `xml` 不是 --format <FORMAT> 的有效值\n  可用的值:text, json\n\
         用法:village-dash [选项] [命令];更多信息请运行 village-dash --help\n"
    );
    let r = run_default(cwd.path(), ["--lang", "en", "chekc"]);
    assert_eq!(
        r.stderr,
        "village-dash: error: unknown command `chekc`\n  tip: did you mean `check`?\n\
         Usage: village-dash [OPTIONS] [COMMAND]; for more, run village-dash --help\n"
    );

    // --help: Chinese by default, and says so; English from the flag or the environment.
    let r = run_default(cwd.path(), ["--help"]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.stdout.contains("用法: village-dash [选项] [命令]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("默认语言为中文"), "{}", r.stdout);
    assert!(r.stdout.contains("\n命令:\n") && r.stdout.contains("\n选项:\n"));
    assert!(!r.stdout.contains("Print help"), "{}", r.stdout);
    let r = run_default(cwd.path(), ["--lang", "en", "-h"]);
    assert!(
        r.stdout.contains("Chinese is the default language"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Usage: village-dash [OPTIONS] [COMMAND]"));
    let r = run_default(cwd.path(), ["export", "--help"]);
    assert!(r.stdout.starts_with("导出给县里的报表"), "{}", r.stdout);
    let r = run_default(cwd.path(), ["help", "check"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.starts_with("检查数据文件"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// 5. Reading never writes

/// Every entry of a directory with its bytes (`None` for a directory).
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let bytes = if e.path().is_dir() {
                None
            } else {
                Some(fs::read(e.path()).expect("read"))
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

#[track_caller]
fn assert_read_only(ws: &Workspace, runs: &[(&[&str], i32)]) {
    let before = snapshot(&ws.data);
    let cwd_before = snapshot(ws.tmp.path());
    for (args, code) in runs {
        let mut full: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        full.extend([OsStr::new("--config"), ws.data.as_os_str()]);
        let r = ws.run_args(&full);
        assert_eq!(r.code, Some(*code), "{args:?}: {}{}", r.stdout, r.stderr);
    }
    assert!(before == snapshot(&ws.data), "a data file changed");
    assert!(
        cwd_before.keys().eq(snapshot(ws.tmp.path()).keys()),
        "a file appeared in the working directory"
    );
}

#[test]
fn check_and_summary_leave_the_data_files_unchanged() {
    let ws = Workspace::shipped();
    assert_read_only(
        &ws,
        &[
            (&["check"], 0),
            (&["summary"], 0),
            (&["summary", "--format", "json"], 0),
        ],
    );
    // Byte for byte the shipped files.
    for file in DATA_FILES {
        assert_eq!(
            fs::read(ws.file(file)).expect("read"),
            fs::read(shipped_config().join(file)).expect("read"),
            "{file}"
        );
    }
}

#[test]
fn bom_crlf_and_invalid_data_files_are_left_unchanged() {
    // Files a normalising writer would be tempted to fix: a BOM, CRLF, a bad record, GBK.
    let ws = Workspace::shipped();
    ws.to_bom_crlf();
    assert_read_only(
        &ws,
        &[(&["check"], 0), (&["summary", "--format", "json"], 0)],
    );

    for fixture in ["errors-in-several-records", "gbk-file"] {
        let ws = Workspace::fixture(fixture);
        assert_read_only(
            &ws,
            &[
                (&["check"], 1),
                (&["summary"], 1),
                (&["summary", "--format", "json"], 1),
            ],
        );
    }
}

/// A pipe whose reading end is already closed: writing to it fails with EPIPE.
fn broken_pipe() -> std::process::Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe(2) into a two-element array; the read end is closed at once and the
    // write end is owned by the returned Stdio.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        std::process::Stdio::from_raw_fd(fds[1])
    }
}

#[test]
fn a_closed_stdout_or_stderr_is_the_normal_exit_code_not_a_panic() {
    let ws = Workspace::shipped();
    let summary = std::process::Command::new(common::workspace::BIN)
        .args(["summary", "--config"])
        .arg(&ws.data)
        .stdout(broken_pipe())
        .output()
        .expect("run");
    assert_eq!(summary.status.code(), Some(0), "{summary:?}");
    let failing = std::process::Command::new(common::workspace::BIN)
        .args([
            "export",
            "--format",
            "csv",
            "--out",
            "/nonexistent/dir/x.csv",
            "--config",
        ])
        .arg(&ws.data)
        .stderr(broken_pipe())
        .output()
        .expect("run");
    assert_eq!(failing.status.code(), Some(1), "{failing:?}");
    let no_terminal = std::process::Command::new(common::workspace::BIN)
        .current_dir(ws.tmp.path())
        .stdin(std::process::Stdio::null())
        .stderr(broken_pipe())
        .output()
        .expect("run");
    assert_eq!(no_terminal.status.code(), Some(2), "{no_terminal:?}");
}

#[test]
fn the_built_in_data_is_said_on_stderr_by_every_command() {
    let cwd = TempDir::new().expect("tempdir");
    for args in [
        &["check"][..],
        &["summary"],
        &["snapshot"],
        &["export", "--format", "csv"],
    ] {
        let r = run_default(cwd.path(), args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("使用内置示例数据"),
            "{args:?}: {}",
            r.stderr
        );
        let mut english = vec!["--lang", "en"];
        english.extend_from_slice(args);
        let r = run(cwd.path(), &english);
        assert!(
            r.stderr.contains("using the built-in sample data"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = Workspace::shipped().run(&["summary"]);
    assert!(!r.stderr.contains("built-in"), "{}", r.stderr);
}

#[test]
fn export_out_never_overwrites_toml_in_a_data_directory_nor_blocks_on_a_fifo() {
    let ws = Workspace::shipped();
    let other = ws.data.join("notes.toml");
    fs::write(&other, "keep = true\n").expect("write");
    // With the data directory given, and with the built-in data (no --config, no ./config).
    for with_config in [true, false] {
        let mut args = vec![
            OsStr::new("export"),
            OsStr::new("--format"),
            OsStr::new("csv"),
            OsStr::new("--out"),
            other.as_os_str(),
        ];
        if with_config {
            args.extend([OsStr::new("--config"), ws.data.as_os_str()]);
        }
        let r = run(ws.tmp.path(), &args);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stderr.contains("refusing to write"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(&other).expect("read"), "keep = true\n");
        let villages = ws.file("villages.toml");
        let before = fs::read(&villages).expect("read");
        args[4] = villages.as_os_str();
        let r = run(ws.tmp.path(), &args);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(fs::read(&villages).expect("read"), before);
    }
    let fifo = ws.tmp.path().join("out.csv");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: mkfifo with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let r = ws.run(&[
        "export",
        "--format",
        "csv",
        "--out",
        &fifo.display().to_string(),
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
}

/// `check` in Chinese, the default: a representative set of errors (file-level, syntax,
/// type, value, cross-reference) and warnings, with the verdict lines. Positions, quoted
/// lines and carets are the same as in English (`--lang en` runs the same data below).
#[test]
fn check_in_chinese_by_default() {
    let mut all = String::new();
    let mut cases: Vec<(String, Workspace)> = [
        "key-typo",
        "string-for-number",
        "negative-figure",
        "unknown-project-village",
        "duplicate-year",
        "unknown-party-branch",
        "gbk-file",
        "utf16-file",
        "empty-file",
    ]
    .iter()
    .map(|name| (name.to_string(), Workspace::fixture(name)))
    .collect();
    for name in ["income-jump", "duplicate-name"] {
        let ws = Workspace::shipped();
        let from = crate_dir().join("tests/fixtures/warnings").join(name);
        fs::copy(from.join("villages.toml"), ws.data.join("villages.toml")).expect("copy");
        cases.push((format!("warnings/{name}"), ws));
    }
    let missing = Workspace::shipped();
    fs::remove_file(missing.data.join("training.toml")).expect("remove");
    cases.push(("missing training.toml".to_string(), missing));
    for (name, ws) in &cases {
        let zh = ws.run_default_args([
            OsStr::new("check"),
            OsStr::new("--config"),
            ws.data.as_os_str(),
        ]);
        let en = ws.run(&["--lang", "en", "check"]);
        assert_eq!(zh.code, en.code, "{name}");
        let data = ws.data.display().to_string();
        let zh_text = zh.stdout.replace(&data, "DATA");
        let en_text = en.stdout.replace(&data, "DATA");
        // Only the words change: every line but the headlines and the verdict (the last
        // line) is identical: gutters, quoted lines, carets.
        let quoted = |t: &str| -> Vec<String> {
            let lines: Vec<&str> = t.lines().collect();
            lines[..lines.len().saturating_sub(1)]
                .iter()
                .filter(|l| !l.starts_with("DATA/"))
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(quoted(&zh_text), quoted(&en_text), "{name}");
        let positions = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.starts_with("DATA/"))
                .map(|l| {
                    [": error", ": warning", ": 错误", ": 警告"]
                        .iter()
                        .filter_map(|label| l.find(label))
                        .min()
                        .map_or(l, |end| &l[..end])
                        .to_string()
                })
                .collect()
        };
        assert_eq!(positions(&zh_text), positions(&en_text), "{name}");
        all.push_str(&format!("== {name} (exit {:?})\n{zh_text}\n", zh.code));
    }
    insta::assert_snapshot!("check_zh", all);
}
