//! Chinese first: whatever goes wrong, a Chinese user reads Chinese words. Bad command lines,
//! every broken data directory of the fixtures and the catalogue, and failing writes are run
//! in the default language, and no English word may reach the output except what the user
//! typed or owns: quoted input, paths, keys, flag names and value names.

use std::fs;
use std::path::Path;

mod common;
use common::workspace::{Run, Workspace, crate_dir, run_default};

/// English words in `text`, leaving out back-quoted, double-quoted and bracketed text (the
/// user's own input, keys, values and `[[table]]` headers), the list of values an option
/// accepts (the words to type, `可用的值:zh, en`), flags (`--lang`, `-x`), value names (`<DIR>`), the program's
/// name, environment variables (`VILLAGE_DASH_ASCII`), and names that are not English words
/// (TOML, UTF-8, true/false, file formats, programs and encodings).
fn english_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quote: Option<char> = None;
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("可用的值:"))
        .collect::<Vec<_>>()
        .join("\n");
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '`' | '"') => quote = Some(c),
            None if c == '<' => quote = Some('>'),
            None if c == '[' => quote = Some(']'),
            None => plain.push(c),
        }
    }
    plain
        .split(|c: char| c.is_whitespace() || (!c.is_ascii() && c != '_'))
        .filter(|token| {
            !(token.starts_with('-')
                || token.contains("0x")
                || token.contains("U+")
                || token.starts_with('$')
                || token.contains('/')
                || token.contains('.')
                || token.contains("village-dash")
                || token.chars().any(|c| c.is_ascii_uppercase()) && token.contains('_'))
        })
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 2)
        .filter(|w| !matches!(*w, "TOML" | "UTF" | "true" | "false" | "README"))
        .filter(|w| !PROPER_NAMES.contains(w))
        .map(str::to_string)
        .collect()
}

/// Names of formats, programs and encodings, which Chinese text writes as they are.
const PROPER_NAMES: &[&str] = &[
    "xlsx", "csv", "json", "md", "Excel", "WPS", "Windows", "Unicode", "LE", "BE", "GBK", "vim",
    "nano", "BOM", "SSH",
];

#[track_caller]
fn assert_chinese(what: &str, text: &str) {
    let words = english_words(text);
    assert!(
        words.is_empty(),
        "{what}: English words {words:?} in\n{text}"
    );
}

/// The words of `check`'s headlines (after `错误:` / `警告:`), leaving the quoted source
/// lines, carets and paths aside: those are the user's own text.
fn check_messages(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| {
            ["错误:", "警告:", "错误: ", "警告: "]
                .iter()
                .find_map(|tag| l.split_once(tag).map(|(_, m)| m.to_string()))
        })
        .collect()
}

#[test]
fn usage_errors_read_in_chinese() {
    let cwd = tempfile::TempDir::new().expect("temp dir");
    let cases: &[&[&str]] = &[
        &["--bogus"],
        &["-Z"],
        &["frob"],
        &["help", "frob"],
        &["check", "extra"],
        &["check", "-x"],
        &["--lang"],
        &["--lang", "fr"],
        &["--color", "x"],
        &["--color="],
        &["--theme", "blue"],
        &["--ascii=3"],
        &["check", "--config"],
        &["summary", "--format"],
        &["summary", "--format", "xml"],
        &["snapshot", "--tab"],
        &["snapshot", "--tab", "x"],
        &["snapshot", "--width", "0"],
        &["snapshot", "--width", "abc"],
        &["snapshot", "--height", "2000"],
        &["export"],
        &["export", "--format"],
        &["export", "--format", "pdf"],
        &["export", "--format", "csv", "--out"],
        &["export", "--format", "xlsx"],
        &["settings", "extra"],
    ];
    for args in cases {
        let r = run_default(cwd.path(), *args);
        assert_ne!(r.code, Some(0), "{args:?} was accepted:\n{}", r.stdout);
        assert!(
            r.stderr.contains("错误"),
            "{args:?}: no Chinese error:\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{args:?}:\n{}", r.stderr);
        // The built-in data notice and the error, every line of it.
        assert_chinese(&format!("{args:?}"), &r.stderr);
        assert_chinese(&format!("{args:?} stdout"), &r.stdout);
    }
}

#[test]
fn help_in_chinese_has_no_english_annotations() {
    let cwd = tempfile::TempDir::new().expect("temp dir");
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["summary", "--help"],
        &["snapshot", "--help"],
        &["export", "--help"],
        &["settings", "--help"],
        &["help", "export"],
    ] {
        let r = run_default(cwd.path(), args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        for english in [
            "[possible values",
            "[default",
            "[env",
            "Usage",
            "Options",
            "Print",
        ] {
            assert!(
                !r.stdout.contains(english),
                "{args:?} shows {english}:\n{}",
                r.stdout
            );
        }
    }
    // What the hidden annotations said is in the words of the options instead.
    let r = run_default(cwd.path(), ["snapshot", "--help"]);
    assert!(r.stdout.contains("默认 80"), "{}", r.stdout);
    assert!(r.stdout.contains("overview(总览,默认)"), "{}", r.stdout);
    let r = run_default(cwd.path(), ["--help"]);
    assert!(r.stdout.contains("VILLAGE_DASH_CONFIG"), "{}", r.stdout);
}

/// Every broken or warned-about data directory the tests keep (fixtures and catalogue),
/// checked in Chinese: errors and warnings alike.
#[test]
fn every_stored_bad_data_case_reads_in_chinese() {
    let mut dirs = Vec::new();
    for kind in ["invalid", "warnings", "accounts"] {
        let root = crate_dir().join("tests/fixtures").join(kind);
        for e in fs::read_dir(&root).expect("fixtures") {
            dirs.push(e.expect("entry").path());
        }
    }
    let catalogue = crate_dir().join("tests/fixtures/catalogue");
    for kind in fs::read_dir(&catalogue).expect("catalogue") {
        let kind = kind.expect("entry").path();
        if kind.is_dir() {
            for case in fs::read_dir(&kind).expect("kind") {
                dirs.push(case.expect("entry").path());
            }
        }
    }
    assert!(dirs.len() > 40, "only {} cases found", dirs.len());
    let mut messages = 0;
    let mut english = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        let ws = Workspace::overlaid(&dir);
        let r = ws.run_default_args([Path::new("check"), Path::new("--config"), &ws.data]);
        assert!(!r.stdout.contains("panicked") && !r.stderr.contains("panicked"));
        for m in check_messages(&r) {
            let words = english_words(&m);
            if !words.is_empty() {
                english.push(format!("{}: {words:?} in {m}", dir.display()));
            }
            messages += 1;
        }
        let verdict = r.stdout.lines().last().unwrap_or("");
        assert!(
            verdict.starts_with("通过") || verdict.starts_with("未通过"),
            "{}: {verdict}",
            dir.display()
        );
    }
    assert!(english.is_empty(), "English words:\n{}", english.join("\n"));
    assert!(messages > 40, "only {messages} messages seen");
}

/// Files that cannot be read, and reports that cannot be written: the operating system's
/// reason in Chinese, never "No such file or directory (os error 2)".
#[test]
fn os_errors_read_in_chinese() {
    let ws = Workspace::shipped();
    let data = ws.data.display().to_string();
    let out = ws.data.join("no-such-dir/x.csv");
    let out = out.display().to_string();
    let r = ws.run_default_args([
        "export", "--format", "csv", "--out", &out, "--config", &data,
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("找不到该文件或目录"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    assert_chinese("export --out", &r.stderr);

    // A data file replaced by a link to itself: a loop the loader reads as an OS error.
    let villages = ws.file("villages.toml");
    fs::remove_file(&villages).expect("remove");
    std::os::unix::fs::symlink(&villages, &villages).expect("symlink");
    let r = ws.run_default_args(["check", "--config", &data]);
    assert_eq!(r.code, Some(1));
    for m in check_messages(&r) {
        assert_chinese("symlink loop", &m);
    }
    assert!(!r.stdout.contains("os error"), "{}", r.stdout);

    // A settings file that is a directory.
    // (The harness points XDG_CONFIG_HOME at `.no-settings` in the working directory.)
    fs::create_dir_all(
        ws.tmp
            .path()
            .join(".no-settings/village-dash/settings.toml"),
    )
    .expect("dir");
    let r = ws.run_default_args(["check", "--config", &data]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("这是一个目录"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    assert_chinese("settings file", &r.stderr);
}
