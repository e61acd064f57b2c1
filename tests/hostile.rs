//! Hostile strings: names carrying terminal escape sequences, bidi and zero-width
//! characters, and spreadsheet formulas, in every kind of record (villages, projects,
//! training topics, consortium members, the township). Every output stays inert: `check`
//! (valid data, and an error on the hostile line), `summary` text and JSON, a snapshot of
//! every tab in both languages, every export format, and the live dashboard's byte stream.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::pty::{Dashboard, Start, TIMEOUT};
use common::workspace::Workspace;

/// (file, shipped text, hostile replacement as TOML source). The replacements use TOML
/// escapes (`\u001b`), which are valid; raw control characters are a syntax error, tested
/// separately.
const EDITS: &[(&str, &str, &str)] = &[
    (
        "villages.toml",
        r#"name = "天井村""#,
        r#"name = "=HYPERLINK(\"http://evil.example\",\"天井村\")""#,
    ),
    (
        "villages.toml",
        r#"name = "大双墩""#,
        r#"name = "+cmd|' /C calc'!A0""#,
    ),
    ("villages.toml", r#"name = "双井子""#, r#"name = "@SUM(1)""#),
    (
        "villages.toml",
        r#"name = "七墩沟""#,
        r#"name = "\u001b]0;pwned\u0007七墩沟""#,
    ),
    (
        "villages.toml",
        r#"name = "摇铃沟""#,
        r#"name = "\u001b[2J摇铃沟""#,
    ),
    (
        "villages.toml",
        r#"name = "三岔河""#,
        r#"name = "三岔\u202e河""#,
    ),
    (
        "villages.toml",
        r#"name_en = "Tianjing""#,
        r#"name_en = "-2+3+cmd|' /C calc'!A0""#,
    ),
    (
        "villages.toml",
        r#"name_en = "Qidungou""#,
        r#"name_en = "Qi\u200bdun\u001b]0;pwned\u0007gou""#,
    ),
    (
        "projects.toml",
        r#"name = "天井村肉猪养殖场""#,
        r#"name = "=1+1\u001b[2J""#,
    ),
    (
        "projects.toml",
        r#"name = "双井子中草药种植""#,
        r#"name = "\u001b]8;;http://evil.example\u0007草药\u001b]8;;\u0007""#,
    ),
    (
        "projects.toml",
        r#"name_en = "Tianjing hog farm""#,
        r#"name_en = "@SUM(1)\u202e""#,
    ),
    (
        "training.toml",
        r#"topic = "燕麦草标准化种植""#,
        r#"topic = "@SUM(1)燕麦草""#,
    ),
    (
        "training.toml",
        r#"topic = "肉牛肉猪科学养殖""#,
        r#"topic = "\u202e殖养学科猪肉牛肉\u200b""#,
    ),
    (
        "training.toml",
        r#"topic_en = "Cattle and hog breeding""#,
        r#"topic_en = "\u001b]0;pwned\u0007=HYPERLINK(\"x\")""#,
    ),
    (
        "consortium.toml",
        r#"name = "市农牧局机关党支部""#,
        r#"name = "=HYPERLINK(\"http://evil.example\",\"市\")""#,
    ),
    (
        "consortium.toml",
        r#"name = "县扶贫办党支部""#,
        r#"name = "\u001b[2J\u001b]0;pwned\u0007县""#,
    ),
    (
        "consortium.toml",
        r#"name_en = "County Poverty Alleviation Office branch""#,
        r#"name_en = "+cmd\u200b""#,
    ),
    (
        "township.toml",
        r#"name = "韭菜庄乡""#,
        r#"name = "\u001b]0;pwned\u0007韭菜庄乡\u202e""#,
    ),
    (
        "township.toml",
        r#"name_en = "Jiucaizhuang Township""#,
        r#"name_en = "=HYPERLINK(\"x\")\u001b[2J""#,
    ),
    (
        "township.toml",
        r#"county = "清水河县""#,
        r#"county = "+cmd|' /C calc'!A0""#,
    ),
    (
        "township.toml",
        r#"city = "呼和浩特市""#,
        r#"city = "@SUM(1)\u200b""#,
    ),
];

/// The shipped data with every hostile edit applied.
fn hostile() -> Workspace {
    let ws = Workspace::shipped();
    for (file, old, new) in EDITS {
        ws.edit(file, old, new);
    }
    ws
}

/// Runs the binary on the workspace: exit code, stdout, stderr.
fn run(ws: &Workspace, args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let r = ws.run(args);
    (r.code, r.raw_stdout, r.raw_stderr)
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// No raw ESC, BEL, other control, bidi or zero-width character (a leading BOM, which CSV
/// carries for Excel, excepted).
#[track_caller]
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // CSV ends its records with CRLF (RFC 4180).
    let text = text.replace("\r\n", "\n");
    if let Some(c) = text.chars().find(|c| unsafe_char(*c)) {
        panic!("{what} holds a raw {c:?}:\n{text}");
    }
}

/// Every string in a JSON document, unescaped: `\u001b` in JSON is an ESC for the reader.
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

#[track_caller]
fn assert_json_inert(what: &str, bytes: &[u8]) {
    assert_inert(what, bytes);
    let v: Value = serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut strings = Vec::new();
    json_strings(&v, &mut strings);
    for s in strings {
        assert_inert(&format!("{what}: string {s:?}"), s.as_bytes());
    }
}

#[track_caller]
fn ok(what: &str, run: &(Option<i32>, Vec<u8>, Vec<u8>)) {
    assert_eq!(
        run.0,
        Some(0),
        "{what}: {}{}",
        String::from_utf8_lossy(&run.1),
        String::from_utf8_lossy(&run.2)
    );
    assert_inert(&format!("{what} stdout"), &run.1);
    assert_inert(&format!("{what} stderr"), &run.2);
}

#[test]
fn check_and_summary_are_inert() {
    let ws = hostile();
    let check = run(&ws, &["check"]);
    ok("check", &check);
    for lang in ["zh", "en"] {
        let text = run(&ws, &["summary", "--lang", lang]);
        ok("summary", &text);
        let s = String::from_utf8_lossy(&text.1);
        assert!(
            s.contains("pwned"),
            "the hostile name is shown, made visible:\n{s}"
        );
        let json = run(&ws, &["summary", "--format", "json", "--lang", lang]);
        ok("summary json", &json);
        assert_json_inert("summary json", &json.1);
    }
}

#[test]
fn every_tab_snapshot_is_inert() {
    let ws = hostile();
    for lang in ["zh", "en"] {
        for tab in [
            "overview", "villages", "oat", "projects", "training", "party",
        ] {
            for (w, h) in [("80", "24"), ("160", "50")] {
                let r = run(
                    &ws,
                    &[
                        "snapshot", "--tab", tab, "--lang", lang, "--width", w, "--height", h,
                    ],
                );
                ok(&format!("snapshot {tab} {lang} {w}x{h}"), &r);
            }
        }
    }
}

/// CSV fields built from a hostile name never start as a formula: `=`, `+`, `-`, `@` get a
/// leading `'`.
#[track_caller]
fn assert_no_formula(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{what}: not CSV: {e}"));
        for field in record.iter() {
            let hostile = ["HYPERLINK", "cmd", "SUM(", "1+1"]
                .iter()
                .any(|m| field.contains(m));
            if hostile {
                assert!(
                    !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{what}: field {field:?} would be read as a formula"
                );
            }
        }
    }
}

#[test]
fn every_export_format_is_inert() {
    let ws = hostile();
    for lang in ["zh", "en"] {
        let csv = run(&ws, &["export", "--format", "csv", "--lang", lang]);
        ok("export csv", &csv);
        assert_no_formula("export csv", &csv.1);
        let md = run(&ws, &["export", "--format", "md", "--lang", lang]);
        ok("export md", &md);
        let json = run(&ws, &["export", "--format", "json", "--lang", lang]);
        ok("export json", &json);
        assert_json_inert("export json", &json.1);
        let xlsx_path = ws.tmp.path().join(format!("report-{lang}.xlsx"));
        let xlsx = run(
            &ws,
            &[
                "export",
                "--format",
                "xlsx",
                "--lang",
                lang,
                "--out",
                xlsx_path.to_str().expect("utf-8 path"),
            ],
        );
        ok("export xlsx", &xlsx);
        assert_xlsx_inert(&xlsx_path);
    }
}

/// Every cell of every sheet: no raw control, bidi or zero-width character, and no text
/// that a spreadsheet would take for a formula.
fn assert_xlsx_inert(path: &Path) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("open xlsx");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for cell in range.used_cells() {
            if let (_, _, Data::String(s)) = cell {
                assert_inert(&format!("xlsx {name} cell {s:?}"), s.as_bytes());
                let hostile = ["HYPERLINK", "cmd", "SUM(", "1+1"]
                    .iter()
                    .any(|m| s.contains(m));
                if hostile {
                    assert!(!s.starts_with(['=', '+', '-', '@']), "xlsx {name}: {s:?}");
                }
            }
        }
        if let Ok(formulas) = book.worksheet_formula(&name) {
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "xlsx {name} holds a formula"
            );
        }
    }
}

/// An error on each hostile line (text after the closing quote): the quoted lines are inert.
#[test]
fn check_with_an_error_on_each_hostile_line_is_inert() {
    let ws = hostile();
    // Record files report every bad record; the township and consortium files stop at the
    // first error, so they get one each.
    for (file, _, new) in EDITS {
        if matches!(*file, "villages.toml" | "projects.toml" | "training.toml") {
            ws.edit(file, new, &format!("{new} oops"));
        }
    }
    ws.edit(
        "township.toml",
        EDITS[17].2,
        &format!("{} oops", EDITS[17].2),
    );
    ws.edit(
        "consortium.toml",
        EDITS[15].2,
        &format!("{} oops", EDITS[15].2),
    );
    let (code, stdout, stderr) = run(&ws, &["check"]);
    assert_eq!(code, Some(1));
    assert_inert("check stdout", &stdout);
    assert_inert("check stderr", &stderr);
    let text = String::from_utf8_lossy(&stdout);
    assert!(text.contains("pwned"), "the line is quoted:\n{text}");
    for (code, out, err) in [run(&ws, &["summary"]), run(&ws, &["snapshot"])] {
        assert_eq!(code, Some(1));
        assert_inert("stdout", &out);
        assert_inert("stderr", &err);
    }
}

/// Raw control characters are not allowed in TOML strings: the error quotes the line
/// with them made visible.
#[test]
fn raw_escape_and_bel_in_a_name_are_quoted_visibly() {
    let ws = hostile();
    ws.edit(
        "villages.toml",
        r#"name = "北堡村""#,
        "name = \"北堡\u{1b}]0;pwned\u{7}村\u{202e}\"",
    );
    ws.edit(
        "training.toml",
        r#"topic = "村集体经济与产业经营""#,
        "topic = \"村集体\u{1b}[2J经济\"",
    );
    let (code, stdout, stderr) = run(&ws, &["check"]);
    assert_eq!(code, Some(1));
    assert_inert("check stdout", &stdout);
    assert_inert("check stderr", &stderr);
    let text = String::from_utf8_lossy(&stdout);
    assert!(text.contains(r"\u{1b}]0;pwned\u{7}"), "{text}");
}

/// The live dashboard: visiting every tab (and the village detail) never writes the
/// hostile sequences to the terminal.
#[test]
fn the_dashboard_byte_stream_is_inert() {
    let ws = hostile();
    let mut d = Dashboard::start_with(Start::config(&ws.data, &[]).size(40, 140));
    let start = Instant::now();
    while !String::from_utf8_lossy(&d.bytes()).contains("pwned") {
        assert!(start.elapsed() < TIMEOUT, "waiting for the first frame");
        std::thread::sleep(Duration::from_millis(30));
    }
    for keys in [
        // The last Esc closes the village detail: `q` there would close it, not quit.
        "2", "\r", "\x1b", "3", "4", "5", "6", "1", "2", "j", "\r", "?", "?", "\x1b", "q",
    ] {
        d.send(keys);
        std::thread::sleep(Duration::from_millis(70));
    }
    assert_eq!(d.wait_exit(), 0, "the dashboard quits on q");
    std::thread::sleep(Duration::from_millis(200));
    let stream = d.bytes();
    let text = String::from_utf8_lossy(&stream);
    assert!(!stream.contains(&0x07), "BEL reached the terminal");
    assert!(
        !text.contains("\u{1b}]0;"),
        "a title-setting OSC reached the terminal"
    );
    assert!(
        !text.contains("\u{1b}]8;"),
        "a hyperlink OSC reached the terminal"
    );
    for c in ['\u{202e}', '\u{200b}'] {
        assert!(!text.contains(c), "{c:?} reached the terminal");
    }
}
