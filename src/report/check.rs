//! `village-dash check`: one diagnostic per problem, then a one-line verdict.

use std::fmt::Write as _;

use crate::cli::Lang;
use crate::data::{DataDir, LoadOutcome};
use crate::i18n::messages;

/// The full text `check` prints in `lang`, and whether the data is valid. The diagnostics
/// are printed as `outcome` holds them (see `LoadOutcome::localize`).
pub fn render(dir: &DataDir, outcome: &LoadOutcome, lang: Lang) -> (String, bool) {
    let mut out = String::new();
    for d in &outcome.diagnostics {
        let _ = writeln!(out, "{}\n", d.render());
    }
    let errors = outcome.errors().count();
    let warnings = outcome.warnings().count();
    let dir = crate::text::sanitize(&dir.to_string());
    let ok = errors == 0;
    let verdict = if ok {
        let villages = outcome.dataset.as_ref().map_or(0, |d| d.villages.len());
        messages::check_ok(&dir, villages, warnings)
    } else {
        messages::check_invalid(&dir, errors, warnings)
    };
    let _ = writeln!(out, "{}", verdict.get(lang));
    (out, ok)
}
