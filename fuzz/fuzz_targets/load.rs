//! Fuzzes the loader and validator with arbitrary bytes for each of the five data files,
//! then every output built from what they produce.
//!
//! Input format: the five files' bytes in `FileKind::ALL` order (township, villages,
//! consortium, projects, training), separated by a single 0xFF byte (which never occurs in
//! UTF-8). Fewer than four separators means the files after the last part are missing; a
//! part after the fifth is ignored. `fuzz/make_seeds.sh` builds seeds in this format.
//!
//! Asserts: no panic; every diagnostic with a position points inside its file (line within
//! the line count, column within that line's length + 1); no rendered text (diagnostics,
//! `check`, `summary` text and JSON, a snapshot of every tab) holds ESC, BEL, a bidi control
//! or a zero-width character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use village_dash::app::{App, Tab};
use village_dash::data::load::{LoadOutcome, load_sources};
use village_dash::data::source::decode;
use village_dash::data::{DataDir, Diagnostic, FileKind, Indicators};
use village_dash::text::is_unsafe_char;
use village_dash::ui::theme::Theme;
#[path = "../../tests/common/mod.rs"]
mod common;
use common::line_lengths;

/// Snapshots are held to the same standard as every other output: no control, bidi or
/// zero-width character reaches them raw (the loader turns them into visible escapes).
fn assert_snapshot_inert(text: &str) {
    assert_inert("snapshot", text);
}

fn assert_inert(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| *c != '\n' && is_unsafe_char(*c)) {
        panic!("{what} holds raw {:?}:\n{text}", c);
    }
}


fn check_position(d: &Diagnostic, files: &[(FileKind, &[u8])]) {
    let (Some(pos), Some(kind)) = (d.position, d.file) else {
        return;
    };
    let Some((_, bytes)) = files.iter().find(|(k, _)| *k == kind) else {
        panic!("diagnostic for a file that was not given: {}", d.render());
    };
    let lines = line_lengths(bytes);
    assert!(
        pos.line >= 1 && pos.line <= lines.len(),
        "line {} outside 1..={}: {}",
        pos.line,
        lines.len(),
        d.render()
    );
    let len = lines[pos.line - 1];
    assert!(
        pos.column >= 1 && pos.column <= len + 1,
        "column {} outside 1..={} on line {}: {}",
        pos.column,
        len + 1,
        pos.line,
        d.render()
    );
}

fuzz_target!(|input: &[u8]| {
    let parts: Vec<&[u8]> = input.split(|b| *b == 0xFF).collect();
    let files: Vec<(FileKind, &[u8])> = FileKind::ALL
        .iter()
        .copied()
        .zip(parts.iter().copied())
        .collect();

    let mut read_errors = Vec::new();
    let mut sources = Vec::new();
    for (kind, bytes) in &files {
        let path = format!("/fuzz/{}", kind.file_name());
        match decode(*kind, path, bytes) {
            Ok(s) => sources.push(s),
            Err(e) => {
                let mut d = Diagnostic::file_error(&e.path, Some(*kind), e.message);
                d.position = e.line_col;
                read_errors.push(d);
            }
        }
    }
    let mut outcome: LoadOutcome = load_sources(sources);
    read_errors.append(&mut outcome.diagnostics);
    outcome.diagnostics = read_errors;
    // As `data::load` does: a file that could not be read means no dataset.
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        outcome.dataset = None;
    }

    for d in &outcome.diagnostics {
        check_position(d, &files);
        assert_inert("diagnostic", &d.render());
        assert_inert("short diagnostic", &d.short());
    }
    let dir = DataDir::Path("/fuzz".into());
    for lang in [village_dash::cli::Lang::Zh, village_dash::cli::Lang::En] {
        let (text, _) = village_dash::report::check::render(&dir, &outcome, lang);
        assert_inert("check", &text);
    }

    let strings = village_dash::i18n::strings(village_dash::cli::Lang::Zh);
    let mut app = App::new(dir, strings, Theme::new(false, false));
    if let Some(data) = &outcome.dataset {
        let ind = Indicators::compute(data);
        assert_inert(
            "summary",
            &village_dash::report::summary::render_text(data, &ind, strings),
        );
        assert_inert(
            "summary json",
            &village_dash::report::summary::render_json(data, &ind),
        );
    }
    let loaded = outcome.dataset.is_some();
    app.apply_load(outcome, chrono::Local::now());
    let tabs: &[Tab] = if loaded { &Tab::ALL } else { &[Tab::Overview] };
    for tab in tabs {
        app.tab = *tab;
        assert_snapshot_inert(&village_dash::ui::snapshot(&app, 80, 24));
    }
});
