//! Property test: the shipped data files, mutated the way hand edits and broken copies go
//! wrong (lines deleted, duplicated and swapped, bytes flipped, numbers set to extremes),
//! never make the loader panic, and every diagnostic that has a position points inside its
//! file.
//!
//! The files are loaded in memory (`source::decode` + `load::load_sources`, as `data::load`
//! does after reading them), so a case takes milliseconds. When a mutated directory is still
//! valid, the indicators, `summary` (text and JSON) and a snapshot of the overview are built
//! too: sums of extreme figures must not overflow.

use proptest::prelude::*;
use village_dash::app::App;
use village_dash::cli::Lang;
use village_dash::data::load::load_sources;
use village_dash::data::source::decode;
use village_dash::data::{DataDir, Diagnostic, FileKind, Indicators};
use village_dash::text::is_unsafe_char;
use village_dash::ui::theme::Theme;
mod common;
use common::line_lengths;

const SHIPPED: [(FileKind, &str); 5] = [
    (FileKind::Township, include_str!("../config/township.toml")),
    (FileKind::Villages, include_str!("../config/villages.toml")),
    (
        FileKind::Consortium,
        include_str!("../config/consortium.toml"),
    ),
    (FileKind::Projects, include_str!("../config/projects.toml")),
    (FileKind::Training, include_str!("../config/training.toml")),
];

/// What a number in a file may be replaced by.
const EXTREMES: [&str; 14] = [
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "0",
    "-1",
    "1",
    "1e308",
    "-1e308",
    "1.5",
    "nan",
    "inf",
    "-inf",
    "1000000000000",
    "1000000000001",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    FlipByte(usize, u8),
    /// Replace the n-th run of digits (with its sign and decimals) by an extreme value.
    SetNumber(usize, &'static str),
    /// Cut the file at a byte offset.
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), 1..=255u8).prop_map(|(p, m)| Mutation::FlipByte(p, m)),
        (any::<usize>(), proptest::sample::select(&EXTREMES[..]))
            .prop_map(|(n, v)| Mutation::SetNumber(n, v)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    match *m {
        Mutation::DeleteLine(i) => {
            let mut lines = split_lines(bytes);
            if !lines.is_empty() {
                let n = lines.len();
                lines.remove(i % n);
            }
            *bytes = lines.concat();
        }
        Mutation::DuplicateLine(i) => {
            let mut lines = split_lines(bytes);
            if !lines.is_empty() {
                let i = i % lines.len();
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            *bytes = lines.concat();
        }
        Mutation::SwapLines(a, b) => {
            let mut lines = split_lines(bytes);
            if !lines.is_empty() {
                let n = lines.len();
                lines.swap(a % n, b % n);
            }
            *bytes = lines.concat();
        }
        Mutation::FlipByte(p, mask) => {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[p % n] ^= mask;
            }
        }
        Mutation::SetNumber(n, value) => {
            let runs = number_runs(bytes);
            if !runs.is_empty() {
                let (start, end) = runs[n % runs.len()];
                bytes.splice(start..end, value.bytes());
            }
        }
        Mutation::Truncate(p) => {
            let n = bytes.len();
            bytes.truncate(p % (n + 1));
        }
    }
}

/// Byte ranges of numbers: an optional '-', digits, optional '.' and digits. Digits inside
/// dates count too (a date becomes something that is not one).
fn number_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = if i > 0 && bytes[i - 1] == b'-' {
                i - 1
            } else {
                i
            };
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn position_inside(d: &Diagnostic, files: &[(FileKind, Vec<u8>)]) -> Result<(), String> {
    let (Some(pos), Some(kind)) = (d.position, d.file) else {
        return Ok(());
    };
    let bytes = &files
        .iter()
        .find(|(k, _)| *k == kind)
        .ok_or_else(|| format!("no such file: {}", d.render()))?
        .1;
    let lines = line_lengths(bytes);
    if pos.line == 0 || pos.line > lines.len() {
        return Err(format!(
            "line {} outside 1..={}:\n{}",
            pos.line,
            lines.len(),
            d.render()
        ));
    }
    let len = lines[pos.line - 1];
    if pos.column == 0 || pos.column > len + 1 {
        return Err(format!(
            "column {} outside 1..={} on line {}:\n{}",
            pos.column,
            len + 1,
            pos.line,
            d.render()
        ));
    }
    Ok(())
}

fn inert(what: &str, text: &str) -> Result<(), String> {
    match text.chars().find(|c| *c != '\n' && is_unsafe_char(*c)) {
        Some(c) => Err(format!("{what} holds raw {c:?}:\n{text}")),
        None => Ok(()),
    }
}

/// Loads the five files as `data::load` would after reading them; checks every output.
fn check_files(files: &[(FileKind, Vec<u8>)]) -> Result<bool, String> {
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for (kind, bytes) in files {
        match decode(*kind, format!("cfg/{}", kind.file_name()), bytes) {
            Ok(s) => sources.push(s),
            Err(e) => {
                let mut d = Diagnostic::file_error(&e.path, Some(*kind), e.message);
                d.position = e.line_col;
                diagnostics.push(d);
            }
        }
    }
    let mut outcome = load_sources(sources);
    diagnostics.append(&mut outcome.diagnostics);
    outcome.diagnostics = diagnostics;
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        outcome.dataset = None;
    }
    for d in &outcome.diagnostics {
        position_inside(d, files)?;
        inert("diagnostic", &d.render())?;
    }
    let strings = village_dash::i18n::strings(Lang::Zh);
    let valid = outcome.dataset.is_some();
    if let Some(data) = &outcome.dataset {
        let ind = Indicators::compute(data);
        inert(
            "summary",
            &village_dash::report::summary::render_text(data, &ind, strings),
        )?;
        inert(
            "summary json",
            &village_dash::report::summary::render_json(data, &ind),
        )?;
        let mut app = App::new(
            DataDir::Path("cfg".into()),
            strings,
            Theme::new(false, false),
        );
        app.apply_load(outcome, chrono::Local::now());
        inert("snapshot", &village_dash::ui::snapshot(&app, 80, 24))?;
    }
    Ok(valid)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_never_panic_and_errors_point_inside_the_file(
        edits in proptest::collection::vec((0..5usize, mutation()), 1..5)
    ) {
        let mut files: Vec<(FileKind, Vec<u8>)> = SHIPPED
            .iter()
            .map(|(k, t)| (*k, t.as_bytes().to_vec()))
            .collect();
        for (file, m) in &edits {
            apply(&mut files[*file].1, m);
        }
        let result = check_files(&files);
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}

#[test]
fn the_shipped_files_are_valid_in_memory() {
    let files: Vec<(FileKind, Vec<u8>)> = SHIPPED
        .iter()
        .map(|(k, t)| (*k, t.as_bytes().to_vec()))
        .collect();
    assert_eq!(check_files(&files), Ok(true));
}

/// Every number of every file set to each extreme value in turn (one at a time): a
/// deterministic sweep of what the random test samples.
#[test]
fn every_number_at_every_extreme() {
    for (i, (kind, text)) in SHIPPED.iter().enumerate() {
        let runs = number_runs(text.as_bytes());
        for (n, (start, _)) in runs.iter().enumerate() {
            // Numbers in whole-line comments change nothing the loader reads.
            let line_start = text[..*start].rfind('\n').map_or(0, |i| i + 1);
            if text[line_start..].starts_with('#') {
                continue;
            }
            for value in EXTREMES {
                let mut files: Vec<(FileKind, Vec<u8>)> = SHIPPED
                    .iter()
                    .map(|(k, t)| (*k, t.as_bytes().to_vec()))
                    .collect();
                apply(&mut files[i].1, &Mutation::SetNumber(n, value));
                if let Err(e) = check_files(&files) {
                    panic!("{kind:?}, number {n} set to {value}: {e}");
                }
            }
        }
    }
}
