//! The catalogue of bad data files: every way a hand-edited data directory goes wrong that
//! `tests/cli.rs` does not already cover, each with the exact messages and positions that
//! `village-dash check` must print.
//!
//! A stored case is `tests/fixtures/catalogue/<kind>/<case>/`: the data files that differ
//! from `config/` (full copies, written by `make_fixtures.py` there) and `expected`, the
//! headlines `FILE:LINE:COL: error: MESSAGE` (FILE relative to the data directory) followed
//! by the verdict line with the directory written `DIR`; `{NEXT_YEAR}` stands for the last
//! year accepted (this year + 1). Cases that cannot be stored as files (UTF-16 built from the
//! shipped text, a 50 MB file, a 100,000-character name, directories, symlinks, a FIFO) are
//! built here.
//!
//! For every case: the headlines and verdict are exactly as expected, the exit code matches
//! the verdict, nothing is printed on stderr, no raw control, bidi or zero-width character
//! reaches the output, and every position lies inside its file.

use std::ffi::OsStr;
use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Datelike;
use serde_json::Value;
mod common;
use common::line_lengths;
use common::workspace::{Run, Workspace, crate_dir};

fn catalogue_dir(case: &str) -> PathBuf {
    crate_dir().join("tests/fixtures/catalogue").join(case)
}

fn next_year() -> i32 {
    chrono::Local::now().year() + 1
}

/// The catalogue's cases, on the common workspace.
impl Workspace {
    /// The shipped data with the data files of a catalogue case laid over it.
    fn case(case: &str) -> Self {
        Self::overlaid(&catalogue_dir(case))
    }

    fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// The output of `check` in the relative form of an `expected` file.
    fn relative(&self, run: &Run) -> Vec<String> {
        let prefix = format!("{}/", self.data.display());
        let dir = self.data.display().to_string();
        let mut out: Vec<String> = run
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .map(str::to_string)
            .collect();
        if let Some(last) = run.stdout.lines().last() {
            out.push(last.replace(&dir, "DIR"));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// What every output must satisfy

/// Characters that must never reach a terminal or a file raw.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[track_caller]
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    if let Some(c) = text.chars().find(|c| unsafe_char(*c)) {
        panic!("{what} holds a raw {c:?}:\n{text}");
    }
}

/// Every `FILE:LINE:COL:` headline points at a line of FILE and a column on that line.
#[track_caller]
fn assert_positions_inside(ws: &Workspace, run: &Run) {
    for line in ws.relative(run) {
        let mut parts = line.splitn(4, ':');
        let (Some(file), Some(l), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) else {
            continue;
        };
        let bytes = fs::read(ws.file(file)).expect("read the file a diagnostic names");
        let lengths = line_lengths(&bytes);
        assert!(
            l >= 1 && l <= lengths.len(),
            "line {l} outside {file}: {line}"
        );
        assert!(
            c >= 1 && c <= lengths[l - 1] + 1,
            "column {c} outside line {l} ({} characters): {line}",
            lengths[l - 1]
        );
    }
}

/// Runs `check` and asserts the expected headlines and verdict, plus the rules above.
#[track_caller]
fn assert_check(ws: &Workspace, expected: &[String]) -> Run {
    let r = ws.check();
    let actual = ws.relative(&r);
    assert_eq!(
        actual, expected,
        "\n--- full output ---\n{}{}",
        r.stdout, r.stderr
    );
    let valid = expected.last().is_some_and(|v| v.starts_with("ok: "));
    assert_eq!(
        r.code,
        Some(if valid { 0 } else { 1 }),
        "exit code\n{}",
        r.stdout
    );
    assert_eq!(r.stderr, "", "nothing on stderr");
    assert_inert("check stdout", &r.raw_stdout);
    assert_positions_inside(ws, &r);
    r
}

fn expected_of(case: &str) -> Option<Vec<String>> {
    let text = fs::read_to_string(catalogue_dir(case).join("expected")).ok()?;
    Some(
        text.lines()
            .map(|l| l.replace("{NEXT_YEAR}", &next_year().to_string()))
            .collect(),
    )
}

/// Runs a stored case. With `CATALOGUE_BLESS=1`, a case without `expected` gets one written
/// from what the program prints today, for review.
#[track_caller]
fn stored_case(case: &str) {
    let ws = Workspace::case(case);
    let Some(expected) = expected_of(case) else {
        assert!(
            std::env::var_os("CATALOGUE_BLESS").is_some(),
            "{case} has no `expected` file"
        );
        let r = ws.check();
        let ny = format!("to {}", next_year());
        let text: String = ws
            .relative(&r)
            .iter()
            .map(|l| format!("{}\n", l.replace(&ny, "to {NEXT_YEAR}")))
            .collect();
        fs::write(catalogue_dir(case).join("expected"), text).expect("write expected");
        return;
    };
    let r = assert_check(&ws, &expected);
    if r.code == Some(0) {
        // A directory that passes `check` must summarise and snapshot without trouble.
        for args in [
            &["summary"][..],
            &["summary", "--format", "json"],
            &["snapshot", "--tab", "villages"],
        ] {
            let out = ws.run(args);
            assert_eq!(out.code, Some(0), "{args:?}: {}{}", out.stdout, out.stderr);
            assert_inert(&format!("{args:?}"), &out.raw_stdout);
        }
    }
}

macro_rules! stored_cases {
    ($($(#[$meta:meta])* $name:ident => $case:literal,)*) => {
        $(
            #[test]
            $(#[$meta])*
            fn $name() {
                stored_case($case);
            }
        )*

        /// Every case directory has a test above, so none is silently skipped.
        #[test]
        fn every_stored_case_is_listed() {
            let listed: Vec<&str> = vec![$($case),*];
            let root = crate_dir().join("tests/fixtures/catalogue");
            let mut found = Vec::new();
            for kind in fs::read_dir(&root).expect("catalogue dir") {
                let kind = kind.expect("entry").path();
                if !kind.is_dir() {
                    continue;
                }
                for case in fs::read_dir(&kind).expect("kind dir") {
                    let case = case.expect("entry").path();
                    found.push(format!(
                        "{}/{}",
                        kind.file_name().and_then(OsStr::to_str).unwrap_or(""),
                        case.file_name().and_then(OsStr::to_str).unwrap_or("")
                    ));
                }
            }
            found.sort();
            let mut listed: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
            listed.sort();
            assert_eq!(found, listed);
        }
    };
}

stored_cases! {
    dates_as_of_with_offset => "dates/as_of-with-offset",
    dates_before_1949 => "dates/before-1949",
    dates_month_00 => "dates/month-00",
    dates_month_13 => "dates/month-13",
    dates_time_only => "dates/time-only",
    dates_training_in_2100 => "dates/training-in-2100",
    duplicate_project_id => "duplicate/project-id",
    duplicate_village_id_three_times => "duplicate/village-id-three-times",
    empty_bom_only => "empty/bom-only",
    empty_projects_none => "empty/projects-none",
    empty_township_comments_only => "empty/township-comments-only",
    empty_villages_comments_only => "empty/villages-comments-only",
    empty_villages_whitespace_only => "empty/villages-whitespace-only",
    encoding_bom_crlf_error_mid_file => "encoding/bom-crlf-error-mid-file",
    encoding_bom_crlf_valid_all_files => "encoding/bom-crlf-valid-all-files",
    encoding_bom_in_the_middle => "encoding/bom-in-the-middle",
    encoding_latin1_name => "encoding/latin1-name",
    encoding_township_gbk => "encoding/township-gbk",
    enum_member_level_in_chinese => "enum/member-level-in-chinese",
    enum_party_branch_capitalised => "enum/party-branch-capitalised",
    enum_project_category_capitalised => "enum/project-category-capitalised",
    enum_training_category_empty => "enum/training-category-empty",
    enum_training_category => "enum/training-category",
    floats_area_huge => "floats/area-huge",
    floats_area_inf => "floats/area-inf",
    floats_area_nan => "floats/area-nan",
    floats_area_negative => "floats/area-negative",
    floats_households_nan => "floats/households-nan",
    floats_income_float => "floats/income-float",
    floats_member_count_minus_inf => "floats/member-count-minus-inf",
    floats_participants_inf => "floats/participants-inf",
    floats_since_exponent => "floats/since-exponent",
    limits_below_i64_min => "limits/below-i64-min",
    limits_i64_max_income_two_villages => "limits/i64-max-income-two-villages",
    limits_i64_max_plus_one_in_township => "limits/i64-max-plus-one-in-township",
    limits_i64_min_income => "limits/i64-min-income",
    limits_one_above_largest_figure => "limits/one-above-largest-figure",
    missing_consortium_founded => "missing/consortium-founded",
    missing_member_level => "missing/member-level",
    missing_party_building_since => "missing/party_building-since",
    missing_project_category => "missing/project-category",
    missing_session_date => "missing/session-date",
    missing_session_participants => "missing/session-participants",
    missing_township_thresholds_table => "missing/township-thresholds-table",
    missing_village_id => "missing/village-id",
    missing_village_income_table => "missing/village-income-table",
    missing_village_name => "missing/village-name",
    names_blank_name => "names/blank-name",
    names_escaped_controls_are_valid => "names/escaped-controls-are-valid",
    names_raw_bel_in_topic => "names/raw-bel-in-topic",
    names_raw_bidi_and_zero_width_are_valid => "names/raw-bidi-and-zero-width-are-valid",
    names_raw_escape_in_name => "names/raw-escape-in-name",
    names_zero_width_only_name => "names/zero-width-only-name",
    qualified_basis_typo => "qualified/basis-typo",
    qualified_missing_value => "qualified/missing-value",
    qualified_qualifier_typo => "qualified/qualifier-typo",
    qualified_source_on_assumed => "qualified/source-on-assumed",
    qualified_status_typo => "qualified/status-typo",
    qualified_text_value_in_figure => "qualified/text-value-in-figure",
    qualified_training_negative_total => "qualified/training-negative-total",
    qualified_training_twice => "qualified/training-twice",
    qualified_training_unknown_key => "qualified/training-unknown-key",
    qualified_township_wide_with_villages => "qualified/township-wide-with-villages",
    qualified_unknown_key_in_figure => "qualified/unknown-key-in-figure",
    references_empty_id => "references/empty-id",
    references_no_near_match => "references/no-near-match",
    references_same_village_twice => "references/same-village-twice",
    references_village_record_broken => "references/village-record-broken",
    syntax_consortium_member_header_typo => "syntax/consortium-member-header-typo",
    syntax_consortium_missing_value => "syntax/consortium-missing-value",
    syntax_projects_unclosed_list => "syntax/projects-unclosed-list",
    syntax_township_duplicate_table => "syntax/township-duplicate-table",
    syntax_township_unclosed_table_header => "syntax/township-unclosed-table-header",
    syntax_training_bare_word_value => "syntax/training-bare-word-value",
    syntax_training_lone_cr_at_end => "syntax/training-lone-cr-at-end",
    syntax_training_lone_cr_line_ends => "syntax/training-lone-cr-line-ends",
    syntax_villages_duplicate_key => "syntax/villages-duplicate-key",
    syntax_villages_missing_equals => "syntax/villages-missing-equals",
    wrong_type_consortium_fertilizer_t => "wrong-type/consortium-fertilizer_t",
    wrong_type_consortium_founded => "wrong-type/consortium-founded",
    wrong_type_consortium_household_income_gain_yuan => "wrong-type/consortium-household_income_gain_yuan",
    wrong_type_consortium_households_served => "wrong-type/consortium-households_served",
    wrong_type_consortium_member_not_a_list => "wrong-type/consortium-member-not-a-list",
    wrong_type_consortium_name => "wrong-type/consortium-name",
    wrong_type_consortium_oat_grass_mu => "wrong-type/consortium-oat_grass_mu",
    wrong_type_member_count => "wrong-type/member-count",
    wrong_type_member_level => "wrong-type/member-level",
    wrong_type_member_name => "wrong-type/member-name",
    wrong_type_member_name_en => "wrong-type/member-name_en",
    wrong_type_party_building_branches_rectified => "wrong-type/party_building-branches_rectified",
    wrong_type_party_building_leaders_added => "wrong-type/party_building-leaders_added",
    wrong_type_party_building_since => "wrong-type/party_building-since",
    wrong_type_party_building_strongest_branches => "wrong-type/party_building-strongest_branches",
    wrong_type_party_building_venues_renovated => "wrong-type/party_building-venues_renovated",
    wrong_type_projects_every_key => "wrong-type/projects-every-key",
    wrong_type_projects_optional_keys => "wrong-type/projects-optional-keys",
    wrong_type_thresholds_income_floor_yuan => "wrong-type/thresholds-income_floor_yuan",
    wrong_type_thresholds_income_strong_yuan => "wrong-type/thresholds-income_strong_yuan",
    wrong_type_township_administrative_villages => "wrong-type/township-administrative_villages",
    wrong_type_township_as_of => "wrong-type/township-as_of",
    wrong_type_township_city => "wrong-type/township-city",
    wrong_type_township_county => "wrong-type/township-county",
    wrong_type_township_name => "wrong-type/township-name",
    wrong_type_township_name_en => "wrong-type/township-name_en",
    wrong_type_training_every_key => "wrong-type/training-every-key",
    wrong_type_training_other_keys => "wrong-type/training-other-keys",
    wrong_type_villages_every_key => "wrong-type/villages-every-key",
    wrong_type_warnings_silence => "wrong-type/warnings-silence",
    years_founded_float => "years/founded-float",
    years_key_dotted => "years/key-dotted",
    years_key_five_digits => "years/key-five-digits",
    years_key_leading_zero => "years/key-leading-zero",
    years_key_negative => "years/key-negative",
    years_since_2200 => "years/since-2200",
    years_started_1800 => "years/started-1800",
}

// ---------------------------------------------------------------------------------------------
// Encodings built from the shipped text

const SAVE_AS_UTF8: &str =
    "save it as UTF-8 (Notepad: Save as, Encoding: UTF-8; vim: :set fileencoding=utf-8 | w)";

fn utf16_be(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

#[test]
fn utf16_be_with_bom_is_named() {
    let ws = Workspace::shipped();
    ws.write("township.toml", utf16_be(&ws.read("township.toml"), true));
    assert_check(
        &ws,
        &[
            format!(
                "township.toml: error: file is not UTF-8: it looks like UTF-16 BE; {SAVE_AS_UTF8}"
            ),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

#[test]
fn utf16_be_without_bom_is_named() {
    let ws = Workspace::shipped();
    ws.write("projects.toml", utf16_be(&ws.read("projects.toml"), false));
    assert_check(
        &ws,
        &[
            format!(
                "projects.toml: error: file is not UTF-8: it looks like UTF-16 BE; {SAVE_AS_UTF8}"
            ),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

#[test]
fn utf16_le_without_bom_in_a_record_file_is_named() {
    let ws = Workspace::shipped();
    let text = ws.read("villages.toml");
    ws.write(
        "villages.toml",
        text.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    );
    assert_check(
        &ws,
        &[
            format!(
                "villages.toml: error: file is not UTF-8: it looks like UTF-16 LE (what Windows \
                 Notepad calls \"Unicode\"); {SAVE_AS_UTF8}"
            ),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Files that are not files

#[test]
fn a_directory_in_place_of_each_file() {
    // consortium.toml is covered by tests/cli.rs.
    for name in [
        "township.toml",
        "villages.toml",
        "projects.toml",
        "training.toml",
    ] {
        let ws = Workspace::shipped();
        fs::remove_file(ws.file(name)).expect("remove");
        fs::create_dir(ws.file(name)).expect("mkdir");
        assert_check(
            &ws,
            &[
                format!("{name}: error: is a directory, expected a TOML file"),
                "invalid: DIR: 1 error, 0 warnings".into(),
            ],
        );
    }
}

#[test]
fn a_symlink_loop() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("villages.toml")).expect("remove");
    std::os::unix::fs::symlink("villages.toml", ws.file("villages.toml")).expect("symlink");
    assert_check(
        &ws,
        &[
            "villages.toml: error: symbolic link loop".into(),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

#[test]
fn a_symlink_loop_through_two_links() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("training.toml")).expect("remove");
    std::os::unix::fs::symlink("other.toml", ws.file("training.toml")).expect("symlink");
    std::os::unix::fs::symlink("training.toml", ws.file("other.toml")).expect("symlink");
    assert_check(
        &ws,
        &[
            "training.toml: error: symbolic link loop".into(),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

#[test]
fn a_broken_symlink() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("projects.toml")).expect("remove");
    std::os::unix::fs::symlink("gone/projects.toml", ws.file("projects.toml")).expect("symlink");
    assert_check(
        &ws,
        &[
            "projects.toml: error: is a broken symbolic link".into(),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

#[test]
fn a_symlink_to_a_good_file_is_followed() {
    let ws = Workspace::shipped();
    fs::rename(
        ws.file("training.toml"),
        ws.tmp.path().join("elsewhere.toml"),
    )
    .expect("move");
    std::os::unix::fs::symlink(
        ws.tmp.path().join("elsewhere.toml"),
        ws.file("training.toml"),
    )
    .expect("symlink");
    assert_check(&ws, &["ok: DIR: 16 villages, 0 warnings".into()]);
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("consortium.toml")).expect("remove");
    let status = Command::new("mkfifo")
        .arg(ws.file("consortium.toml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let started = Instant::now();
    assert_check(
        &ws,
        &[
            "consortium.toml: error: is not a regular file".into(),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_symlink_to_dev_zero_is_refused() {
    let ws = Workspace::shipped();
    fs::remove_file(ws.file("township.toml")).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", ws.file("township.toml")).expect("symlink");
    assert_check(
        &ws,
        &[
            "township.toml: error: is not a regular file".into(),
            "invalid: DIR: 1 error, 0 warnings".into(),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Limits

#[test]
fn i64_max_in_two_villages_is_refused_and_summary_does_not_overflow() {
    let ws = Workspace::case("limits/i64-max-income-two-villages");
    let r = ws.run(&["summary", "--format", "json"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "villages.toml:29:8: error: figure 9223372036854775807 is too large: at most \
             1,000,000,000,000 is accepted"
        ),
        "{}",
        r.stderr
    );
}

/// The largest accepted figure in every village, project and session: valid, and every
/// total is exact.
#[test]
fn the_largest_figure_everywhere_sums_exactly() {
    const MAX: i64 = 1_000_000_000_000;
    let ws = Workspace::shipped();
    let villages = ws.read("villages.toml");
    let mut out = String::new();
    let mut in_income = false;
    for line in villages.lines() {
        if line.starts_with('[') {
            in_income = line.starts_with("[village.collective_income_yuan]");
        }
        if in_income && line.starts_with("2023 = ") {
            out.push_str(&format!("2023 = {MAX}\n"));
        } else if line.starts_with("households = ") {
            out.push_str(&format!("households = {MAX}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    ws.write("villages.toml", out);
    let training = ws.read("training.toml");
    let training: String = training
        .lines()
        .map(|l| {
            if l.starts_with("participants = ") {
                format!("participants = {MAX}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    ws.write("training.toml", training);
    let r = ws.run(&["summary", "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["collective_income_total_yuan"], 16 * MAX);
    assert_eq!(v["training_participants"], 3 * MAX);
    for args in [
        &["check"][..],
        &["summary"],
        &["snapshot", "--tab", "overview"],
    ] {
        let r = ws.run(args);
        assert!(r.code == Some(0), "{args:?}: {}{}", r.stdout, r.stderr);
    }
    for tab in ["villages", "oat", "projects", "training", "party"] {
        let r = ws.run(&["snapshot", "--tab", tab, "--width", "120", "--height", "40"]);
        assert_eq!(r.code, Some(0), "{tab}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Size

/// A 50 MB villages.toml (the shipped villages and generated ones after them) loads, in a
/// time a user would wait.
#[test]
fn a_50_mb_villages_file_loads() {
    let ws = Workspace::shipped();
    let mut text = ws.read("villages.toml");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        i += 1;
        text.push_str(&format!(
            "\n[[village]]\nid = \"generated-{i}\"\nname = \"生成村{i}\"\nhouseholds = {}\n\
             party_branch = \"ordinary\"\nillustrative = true\n\n\
             [village.collective_income_yuan]\n2021 = {}\n2022 = {}\n2023 = {}\n",
            50 + i % 100,
            100_000 + i % 1000,
            110_000 + i % 1000,
            120_000 + i % 1000
        ));
    }
    ws.write("villages.toml", &text);
    let started = Instant::now();
    let r = ws.check();
    let took = started.elapsed();
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap_or("");
    assert!(
        last.starts_with("ok: ") && last.contains(&format!("{} villages", 16 + i)),
        "{last}\n{}",
        &r.stdout[..r.stdout.len().min(4000)]
    );
    assert_eq!(r.code, Some(0));
    // Generous for a debug build on a shared machine; the release build takes a fraction.
    assert!(took < Duration::from_secs(180), "check took {took:?}");
    eprintln!("50 MB check: {took:?} ({} villages)", 16 + i);
}

fn long_name_workspace() -> Workspace {
    let ws = Workspace::shipped();
    let name = "长".repeat(100_000);
    ws.edit(
        "villages.toml",
        "name = \"天井村\"",
        &format!("name = \"{name}\""),
    );
    ws
}

/// Every line at most `max` columns.
#[track_caller]
fn assert_lines_within(what: &str, text: &str, max: usize) {
    for line in text.lines() {
        let w = unicode_width(line);
        assert!(
            w <= max,
            "{what}: a line of {w} columns: {}..",
            line.chars().take(80).collect::<String>()
        );
    }
}

fn unicode_width(s: &str) -> usize {
    village_dash::text::width(s)
}

#[test]
fn a_100000_character_name_is_valid_and_outputs_stay_bounded() {
    let ws = long_name_workspace();
    let r = assert_check(&ws, &["ok: DIR: 16 villages, 0 warnings".into()]);
    assert_lines_within("check", &r.stdout, 200);
    let text = ws.run(&["summary"]);
    assert_eq!(text.code, Some(0));
    assert_inert("summary", &text.raw_stdout);
    assert_lines_within("summary", &text.stdout, 200);
    let json = ws.run(&["summary", "--format", "json"]);
    assert_eq!(json.code, Some(0));
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(
        v["village_rows"][0]["name"]
            .as_str()
            .map(|s| s.chars().count()),
        Some(100_000),
        "JSON keeps the whole name"
    );
    for tab in [
        "overview", "villages", "oat", "projects", "training", "party",
    ] {
        let r = ws.run(&["snapshot", "--tab", tab]);
        assert_eq!(r.code, Some(0), "{tab}: {}", r.stderr);
        assert_eq!(r.stdout.lines().count(), 24, "{tab}");
        assert_lines_within(tab, &r.stdout, 80);
    }
}

/// An error on the line of a 100,000-character name: the quoted line and the caret are cut
/// to a screenful, not 100,000 characters and 200,000 spaces.
#[test]
fn an_error_after_a_100000_character_name_is_quoted_within_bounds() {
    let ws = long_name_workspace();
    let name = "长".repeat(100_000);
    ws.edit(
        "villages.toml",
        &format!("name = \"{name}\""),
        &format!("name = \"{name}\" x"),
    );
    let r = ws.check();
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains("villages.toml:18:100011: error: "),
        "{}",
        r.stdout.chars().take(300).collect::<String>()
    );
    assert_lines_within("check", &r.stdout, 300);
}
