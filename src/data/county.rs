//! A county directory: `county.toml` and one sub-directory per township, each a normal data
//! directory.
//!
//! ```text
//! qingshuihe/
//!   county.toml          [county] name, name_en (optional), city
//!   jiucaizhuang/        township.toml, villages.toml, ... (a township's data directory)
//!   yushuwan/            ...
//! ```
//!
//! Which sub-directories are townships: every sub-directory (a link to one included) whose
//! name does not start with `.` or `_`. So `.git` and an archive kept as `_old/` are
//! skipped, and a folder that is empty or broken is reported as that township's errors,
//! never silently left out. Townships are listed in the byte order of their folder names.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::{Diagnostic, Severity};
use super::load::{LoadOutcome, explain_toml_error, load};
use super::model::FileKind;
use super::source::{DataDir, SourceFile, decode};
use crate::i18n::messages::{self as msg, Msg};

/// The file that makes a directory a county.
pub const COUNTY_FILE: &str = "county.toml";

/// `[county]` of `county.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    pub name: String,
    pub name_en: Option<String>,
    pub city: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountyFile {
    county: RawCounty,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounty {
    name: Spanned<String>,
    name_en: Option<Spanned<String>>,
    city: Spanned<String>,
}

/// One township of a county: its folder and what loading it gave.
#[derive(Debug, Clone)]
pub struct TownshipOutcome {
    /// The folder name, as diagnostics and the screens show it (`yushuwan`).
    pub folder: String,
    pub dir: DataDir,
    pub outcome: LoadOutcome,
}

/// What loading a county directory produced.
#[derive(Debug, Clone)]
pub struct CountyOutcome {
    pub dir: PathBuf,
    /// `county.toml`, when it loaded.
    pub county: Option<County>,
    /// Problems of `county.toml` and of the directory itself (no township folders).
    pub diagnostics: Vec<Diagnostic>,
    pub townships: Vec<TownshipOutcome>,
}

impl CountyOutcome {
    /// Every diagnostic: the county's own, then each township's, in folder order.
    pub fn all_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .chain(self.townships.iter().flat_map(|t| &t.outcome.diagnostics))
    }

    pub fn errors(&self) -> usize {
        self.all_diagnostics().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.all_diagnostics().filter(|d| !d.is_error()).count()
    }

    /// Whether the county and every township loaded without errors.
    pub fn is_valid(&self) -> bool {
        self.county.is_some()
            && !self.townships.is_empty()
            && self.errors() == 0
            && self.townships.iter().all(|t| t.outcome.dataset.is_some())
    }

    pub fn villages(&self) -> usize {
        self.townships
            .iter()
            .filter_map(|t| t.outcome.dataset.as_ref())
            .map(|d| d.villages.len())
            .sum()
    }

    /// Puts every message in `lang`.
    pub fn localize(mut self, lang: crate::cli::Lang) -> Self {
        for d in &mut self.diagnostics {
            d.localize(lang);
        }
        self.townships = self
            .townships
            .into_iter()
            .map(|mut t| {
                t.outcome = t.outcome.localize(lang);
                t
            })
            .collect();
        self
    }
}

/// The figures of one township on a county's overview, for its latest year; also their
/// sum over the county (`sum`), so the two are made the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TownshipFigures {
    /// The township's latest year with income figures (the latest of them in a sum).
    pub year: Option<i32>,
    pub villages: usize,
    /// Counted against the township's own thresholds and basis.
    pub at_floor: usize,
    pub at_strong: usize,
    pub income: i64,
    /// The year before's total; in a sum only when every township has one.
    pub income_previous: Option<i64>,
    pub warnings: usize,
    /// Villages on the early-warning list (预警).
    pub at_risk: usize,
    /// The income total includes figures that are not published.
    pub illustrative: bool,
    /// The latest year is not complete (`as_of` falls inside it): its change on the year
    /// before compares part of a year with a whole one.
    pub partial_year: bool,
}

impl TownshipFigures {
    pub fn of(data: &super::Dataset, ind: &super::Indicators, warnings: usize) -> Self {
        TownshipFigures {
            year: ind.latest_year,
            villages: data.villages.len(),
            at_floor: ind.at_or_above_floor,
            at_strong: ind.at_or_above_strong,
            income: ind.income_total,
            income_previous: ind.income_total_previous,
            warnings,
            at_risk: ind.accounts.at_risk.len(),
            illustrative: ind.income_total_illustrative,
            partial_year: ind.partial_year,
        }
    }

    /// The county's figures: every count and total summed.
    pub fn sum(parts: &[TownshipFigures]) -> Self {
        TownshipFigures {
            year: parts.iter().filter_map(|p| p.year).max(),
            villages: parts.iter().map(|p| p.villages).sum(),
            at_floor: parts.iter().map(|p| p.at_floor).sum(),
            at_strong: parts.iter().map(|p| p.at_strong).sum(),
            income: parts.iter().map(|p| p.income).sum(),
            income_previous: parts
                .iter()
                .map(|p| p.income_previous)
                .sum::<Option<i64>>()
                .filter(|_| !parts.is_empty()),
            warnings: parts.iter().map(|p| p.warnings).sum(),
            at_risk: parts.iter().map(|p| p.at_risk).sum(),
            illustrative: parts.iter().any(|p| p.illustrative),
            partial_year: parts.iter().any(|p| p.partial_year),
        }
    }

    /// Change of the income total on the year before, in per cent.
    pub fn change_percent(&self) -> Option<f64> {
        let previous = self.income_previous?;
        (previous > 0).then(|| (self.income - previous) as f64 * 100.0 / previous as f64)
    }
}

/// What a reload of a county read: `county.toml` and the listing again, and the townships
/// whose files changed (`reloaded`); the others were not read.
#[derive(Debug, Clone)]
pub struct CountyReload {
    pub county: Option<County>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every township folder now, in order.
    pub folders: Vec<String>,
    pub reloaded: Vec<TownshipOutcome>,
}

/// Reads `county.toml` and the listing again, and loads the townships `changed` says
/// (given the folder and its path) again.
pub fn reload_county(dir: &Path, changed: impl Fn(&str, &Path) -> bool) -> CountyReload {
    let (county, diagnostics, folders) = county_and_folders(dir);
    let to_load: Vec<(String, PathBuf)> = folders
        .iter()
        .filter(|(f, p)| changed(f, p))
        .cloned()
        .collect();
    CountyReload {
        county,
        diagnostics,
        folders: folders.into_iter().map(|(f, _)| f).collect(),
        reloaded: load_townships(&to_load),
    }
}

/// Whether `dir` is a county directory: it holds `county.toml` (also a broken one, so that
/// its problem is reported rather than the directory taken for a township).
pub fn is_county(dir: &Path) -> bool {
    dir.join(COUNTY_FILE).symlink_metadata().is_ok()
}

/// The township folders of a county directory, in byte order of their names.
pub fn township_folders(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let path = entry.path();
        // `metadata` follows a link: a linked township folder counts.
        if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            found.push((name, path));
        }
    }
    found.sort();
    Ok(found)
}

/// Reads and checks `county.toml` alone.
pub fn load_county_file(dir: &Path) -> (Option<County>, Vec<Diagnostic>) {
    let path = dir.join(COUNTY_FILE);
    let shown = path.display().to_string();
    let fail = |m: Msg| (None, vec![Diagnostic::file_error(&shown, None, m)]);
    let bytes = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => return fail(msg::file_is_directory()),
        Ok(m) if !m.is_file() => return fail(msg::not_regular_file()),
        Ok(_) => match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => return fail(msg::cannot_read(&e)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(if path.is_symlink() {
                msg::broken_symlink()
            } else {
                msg::file_not_found()
            });
        }
        Err(e) => return fail(msg::cannot_read(&e)),
    };
    let trimmed = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if trimmed.iter().all(u8::is_ascii_whitespace) {
        return fail(msg::empty_file(
            "[county] 及其 name、city",
            "[county] with its name and city",
        ));
    }
    // The tag only marks where positions point; `file` is cleared below, since county.toml
    // is none of the township's files.
    let source = match decode(FileKind::Township, shown.clone(), &bytes) {
        Ok(s) => s,
        Err(e) => {
            let mut d = Diagnostic::file_error(&shown, None, e.message);
            d.position = e.line_col;
            return (None, vec![d]);
        }
    };
    let at = |source: &SourceFile, span: std::ops::Range<usize>, m: Msg| {
        let mut d = Diagnostic::at_span(Severity::Error, source, span.start, span.end, m);
        d.file = None;
        d
    };
    let raw: RawCountyFile = match toml::from_str(&source.text) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let spot = source.text.get(span.clone()).unwrap_or("");
            let m = explain_toml_error(e.message(), spot);
            return (None, vec![at(&source, span, m)]);
        }
    };
    let mut diagnostics = Vec::new();
    let mut text = |s: &Spanned<String>| {
        let visible = s
            .get_ref()
            .chars()
            .any(|c| !c.is_whitespace() && !crate::text::is_unsafe_char(c));
        if !visible {
            diagnostics.push(at(&source, s.span(), msg::empty_text()));
        }
        crate::text::sanitize(s.get_ref())
    };
    let county = County {
        name: text(&raw.county.name),
        name_en: raw.county.name_en.as_ref().map(&mut text),
        city: text(&raw.county.city),
    };
    if diagnostics.is_empty() {
        (Some(county), diagnostics)
    } else {
        (None, diagnostics)
    }
}

/// Loads one township of a county: the township loader, its diagnostics tagged with the
/// folder (their paths already run through it: `county/yushuwan/villages.toml`).
pub fn load_township(folder: &str, path: &Path) -> TownshipOutcome {
    let dir = DataDir::Path(path.to_path_buf());
    let mut outcome = load(&dir);
    for d in &mut outcome.diagnostics {
        d.township = Some(folder.to_string());
    }
    TownshipOutcome {
        folder: folder.to_string(),
        dir,
        outcome,
    }
}

/// `county.toml` and the township folders beside it, with what is wrong with either: an
/// unreadable directory, or a county without a township.
fn county_and_folders(dir: &Path) -> (Option<County>, Vec<Diagnostic>, Vec<(String, PathBuf)>) {
    let (county, mut diagnostics) = load_county_file(dir);
    let folders = match township_folders(dir) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(Diagnostic::file_error(
                &dir.display().to_string(),
                None,
                msg::county_dir_unreadable(&e),
            ));
            Vec::new()
        }
    };
    if folders.is_empty() && diagnostics.iter().all(|d| !d.is_error()) {
        diagnostics.push(Diagnostic::file_error(
            &dir.join(COUNTY_FILE).display().to_string(),
            None,
            msg::county_without_townships(),
        ));
    }
    (county, diagnostics, folders)
}

/// Reads and validates `county.toml` and every township, on both cores.
pub fn load_county(dir: &Path) -> CountyOutcome {
    let (county, diagnostics, folders) = county_and_folders(dir);
    let townships = load_townships(&folders);
    CountyOutcome {
        dir: dir.to_path_buf(),
        county,
        diagnostics,
        townships,
    }
}

/// Loads the given township folders on every core; the result is in the order given.
pub fn load_townships(folders: &[(String, PathBuf)]) -> Vec<TownshipOutcome> {
    super::records::parallel_map(folders, true, |(f, p)| load_township(f, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write");
    }

    #[test]
    fn hidden_and_underscore_folders_and_files_are_not_townships() {
        let tmp = tempfile::tempdir().expect("tempdir");
        for d in ["b", "a", ".git", "_old"] {
            std::fs::create_dir(tmp.path().join(d)).expect("mkdir");
        }
        write(tmp.path(), "README.md", "x");
        let names: Vec<String> = township_folders(tmp.path())
            .expect("list")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn an_unknown_key_in_county_toml_is_located_with_a_suggestion() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            COUNTY_FILE,
            "[county]\nname = \"清水河县\"\nctiy = \"呼和浩特市\"\n",
        );
        let (county, d) = load_county_file(tmp.path());
        assert!(county.is_none());
        assert_eq!(d.len(), 1);
        let p = d[0].position.expect("a position");
        assert_eq!((p.line, p.column), (3, 1));
        assert!(
            d[0].text.en.contains("did you mean `city`"),
            "{}",
            d[0].text.en
        );
        assert!(d[0].text.zh.contains("是不是 `city`"), "{}", d[0].text.zh);
    }

    #[test]
    fn a_county_without_townships_is_an_error_at_county_toml() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            COUNTY_FILE,
            "[county]\nname = \"x\"\ncity = \"y\"\n",
        );
        let out = load_county(tmp.path());
        assert!(!out.is_valid());
        assert!(out.diagnostics[0].path.ends_with(COUNTY_FILE));
    }
}
