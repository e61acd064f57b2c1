//! `village-dash check`: one diagnostic per problem, then a one-line verdict.

use std::fmt::Write as _;

use crate::data::{DataDir, LoadOutcome};

/// The full text `check` prints, and whether the data is valid.
pub fn render(dir: &DataDir, outcome: &LoadOutcome) -> (String, bool) {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let _ = writeln!(out, "{}\n", d.render());
    }
    let errors = outcome.errors().count();
    let warnings = outcome.warnings().count();
    let dir = crate::text::sanitize(&dir.to_string());
    let ok = errors == 0;
    if ok {
        let villages = outcome.dataset.as_ref().map_or(0, |d| d.villages.len());
        let _ = writeln!(
            out,
            "ok: {dir}: {villages} villages, {} {}",
            warnings,
            plural(warnings, "warning")
        );
    } else {
        let _ = writeln!(
            out,
            "invalid: {dir}: {errors} {}, {warnings} {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    (out, ok)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
