//! Loading a data directory: read each file, parse it record by record (so one bad record
//! does not hide the next), check every figure, and build the `Dataset`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Datelike, NaiveDate};
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::value::Datetime;

use super::diagnostic::{Diagnostic, Severity};
use super::model::*;
use super::raw::*;
pub use super::records::split_records;
use super::records::{MANY_VILLAGES, Piece as Record, both, parallel_map, split_pieces};
use super::source::{DataDir, SourceFile, read_file};
use crate::i18n::messages::{self as msg, Msg};

/// Larger than any figure a township, county or province writes down; keeps every sum far
/// from `i64` overflow.
pub const MAX_FIGURE: i64 = 1_000_000_000_000;
/// The first year a figure may carry.
pub const FIRST_YEAR: i32 = 1949;

/// What loading a directory produced: the data when there were no errors, and every
/// diagnostic (errors and warnings) in file order.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    pub dataset: Option<Dataset>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<SourceFile>,
    /// Warning kinds silenced in `township.toml`.
    pub silenced: Vec<String>,
}

impl LoadOutcome {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn source(&self, kind: FileKind) -> Option<&SourceFile> {
        self.sources.iter().find(|s| s.kind == kind)
    }

    /// Puts every message in `lang`.
    pub fn localize(mut self, lang: crate::cli::Lang) -> Self {
        for d in &mut self.diagnostics {
            d.localize(lang);
        }
        self
    }
}

/// Reads and validates every data file of `dir`.
pub fn load(dir: &DataDir) -> LoadOutcome {
    // Never asked to stop, so never stopped.
    load_with(dir, &|| false).unwrap_or_else(|Cancelled| empty_outcome())
}

/// A load given up because its caller no longer wanted it (see [`load_cancellable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// [`load`] that stops early once `cancel` is set: it is looked at before each file is read,
/// before each file is checked, between the batches of village records, and before the
/// cross-file checks. A load that stops returns [`Cancelled`] and builds no dataset; one that
/// does not returns exactly what [`load`] returns.
pub fn load_cancellable(dir: &DataDir, cancel: &AtomicBool) -> Result<LoadOutcome, Cancelled> {
    load_with(dir, &|| cancel.load(Ordering::SeqCst))
}

fn empty_outcome() -> LoadOutcome {
    LoadOutcome {
        dataset: None,
        diagnostics: Vec::new(),
        sources: Vec::new(),
        silenced: Vec::new(),
    }
}

/// A hash map with a fast hasher (foldhash) for the ids and names of large files.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Whether the caller has given up on the load.
type CancelCheck<'a> = &'a dyn Fn() -> bool;

fn load_with(dir: &DataDir, cancelled: CancelCheck) -> Result<LoadOutcome, Cancelled> {
    if cancelled() {
        return Err(Cancelled);
    }
    if let DataDir::Path(path) = dir
        && !path.is_dir()
    {
        let message = if path.exists() {
            msg::not_a_directory()
        } else {
            msg::data_dir_not_found()
        };
        return Ok(LoadOutcome {
            dataset: None,
            diagnostics: vec![Diagnostic::file_error(
                &path.display().to_string(),
                None,
                message,
            )],
            sources: Vec::new(),
            silenced: Vec::new(),
        });
    }
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for kind in FileKind::ALL {
        if cancelled() {
            return Err(Cancelled);
        }
        match read_file(dir, kind) {
            Ok(source) => sources.push(source),
            Err(e) => {
                let mut d = Diagnostic::file_error(&e.path, Some(kind), e.message);
                d.position = e.line_col;
                diagnostics.push(d);
            }
        }
    }
    let mut outcome = load_sources_with(sources, true, cancelled)?;
    diagnostics.append(&mut outcome.diagnostics);
    outcome.diagnostics = diagnostics;
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        outcome.dataset = None;
    }
    Ok(outcome)
}

/// Parses and validates files already read (the ones missing are simply absent).
pub fn load_sources(sources: Vec<SourceFile>) -> LoadOutcome {
    load_sources_with(sources, true, &|| false).unwrap_or_else(|Cancelled| empty_outcome())
}

/// [`load_sources`] with every village record read by the TOML parser, not the fast
/// reader: the reference the differential tests (`tests/fast_reader.rs`) compare with.
#[doc(hidden)]
pub fn load_sources_toml_only(sources: Vec<SourceFile>) -> LoadOutcome {
    load_sources_with(sources, false, &|| false).unwrap_or_else(|Cancelled| empty_outcome())
}

fn load_sources_with(
    sources: Vec<SourceFile>,
    fast_reader: bool,
    cancelled: CancelCheck,
) -> Result<LoadOutcome, Cancelled> {
    let mut cx = Checker {
        diagnostics: Vec::new(),
        next_year: chrono::Local::now().year() + 1,
        broken_ids: Default::default(),
        fast_reader,
    };
    let find = |kind| sources.iter().find(|s: &&SourceFile| s.kind == kind);
    let check = || if cancelled() { Err(Cancelled) } else { Ok(()) };

    check()?;
    let township = find(FileKind::Township).and_then(|s| cx.township(s));
    check()?;
    let read = match find(FileKind::Villages) {
        Some(s) => Some((s, cx.village_records(s, cancelled)?)),
        None => None,
    };
    check()?;
    // The projects and training files do not depend on the villages: on a large file they
    // are read on the second core while this one checks the village ids. Each file keeps
    // its own diagnostics, put in file order below.
    // As before, the projects are read only when there are villages to check them against.
    let projects_file = read.as_ref().and(find(FileKind::Projects));
    let training_file = find(FileKind::Training);
    let (mut for_projects, mut for_training) = (cx.fresh(), cx.fresh());
    let read_others = move || {
        let projects = projects_file.map(|s| for_projects.parse_records(s, "project"));
        let sessions = training_file.map(|s| for_training.sessions(s));
        (for_projects, projects, for_training, sessions)
    };
    let both_cores = read
        .as_ref()
        .is_some_and(|(_, r)| r.villages.len() >= MANY_VILLAGES);
    let (checked, others) = both(
        both_cores,
        || read.map(|(s, r)| cx.village_ids(s, r)),
        read_others,
    );
    let (mut for_projects, project_pieces, mut for_training, sessions) = others;
    let (villages, ids) = checked.unzip();
    check()?;
    let consortium = find(FileKind::Consortium).and_then(|s| cx.consortium(s));
    check()?;
    cx.diagnostics.append(&mut for_projects.diagnostics);
    cx.broken_ids.extend(for_projects.broken_ids);
    let projects = match (projects_file.zip(project_pieces), &villages, &ids) {
        (Some((s, pieces)), Some(_), Some(ids)) => Some(cx.projects(s, pieces, ids)),
        _ => None,
    };
    drop(ids);
    cx.diagnostics.append(&mut for_training.diagnostics);
    check()?;

    let silenced = township
        .as_ref()
        .map(|t: &TownshipParts| t.silenced.clone())
        .unwrap_or_default();
    let has_errors = cx.diagnostics.iter().any(Diagnostic::is_error);
    let dataset = match (township, villages, consortium, projects, sessions) {
        (Some(t), Some(villages), Some(consortium), Some(projects), Some((sessions, training)))
            if !has_errors =>
        {
            Some(Dataset {
                township: t.township,
                thresholds: t.thresholds,
                party_building: t.party_building,
                villages,
                consortium,
                projects,
                sessions,
                early_warning: t.early_warning,
                training,
            })
        }
        _ => None,
    };
    let mut diagnostics = cx.diagnostics;
    if let Some(data) = &dataset {
        let today = chrono::Local::now().date_naive();
        diagnostics.extend(
            super::consistency::warnings(data, &sources, today)
                .into_iter()
                .filter(|w| !w.kind.is_some_and(|k| silenced.iter().any(|s| s == k))),
        );
    }
    Ok(LoadOutcome {
        dataset,
        diagnostics,
        sources,
        silenced,
    })
}

struct TownshipParts {
    township: Township,
    thresholds: Thresholds,
    party_building: PartyBuilding,
    silenced: Vec<String>,
    early_warning: super::accounts::EarlyWarning,
}

/// Collects diagnostics while turning raw records into the model.
struct Checker {
    diagnostics: Vec<Diagnostic>,
    next_year: i32,
    /// Ids of records whose piece did not parse, so references to them are not also errors.
    broken_ids: std::collections::HashSet<String>,
    /// Whether village records of the common shape go through `super::fast`.
    fast_reader: bool,
}

/// A parsed piece, or the byte range that failed with its error.
type PieceResult<T> = Result<Piece<T>, (Range<usize>, toml::de::Error)>;

/// Records parsed from a run of consecutive pieces of a file, with the byte offset of the
/// run (its spans are relative to it) and where each of its pieces starts.
struct Piece<T> {
    offset: usize,
    starts: Vec<usize>,
    value: T,
}

/// The start of the piece, of those starting at `starts`, that holds byte `at` of the file
/// (a record's header).
fn piece_start(starts: &[usize], at: usize) -> usize {
    let i = starts.partition_point(|&s| s <= at);
    starts.get(i.saturating_sub(1)).copied().unwrap_or(0)
}

/// How many pieces are parsed in one go: a call to the TOML parser costs more than a small
/// record, so records are parsed in runs; a run that fails is parsed again piece by piece,
/// so every bad record is still reported on its own.
const PIECES_PER_PARSE: usize = 64;

/// A village record checked on a worker: the village, where its id is written, and the
/// diagnostics of its own checks.
type Checked = (Village, Range<usize>, Vec<Diagnostic>);

/// The records of one piece: nearly always one, kept inline.
type Records = smallvec::SmallVec<[Checked; 1]>;

/// The village records of a file, read and checked but for their ids (see
/// `Checker::village_records`).
struct VillageRecords {
    villages: Vec<Village>,
    /// Where each village's id is written.
    id_spans: Vec<Range<usize>>,
    /// The diagnostics of the records that have any, by their index in `villages`.
    own: Vec<(usize, Vec<Diagnostic>)>,
    parse_errors: Vec<Diagnostic>,
}

/// Each village id, as written in the file where it can be, and the index of the first
/// village with it: the duplicate check and the projects' references use the one map.
type VillageIndex<'s> = FastMap<Cow<'s, str>, usize>;

/// The text of the id `id` written at `span` of `source`: borrowed from the file when it
/// is written plainly between quotes (as the fast reader requires), so a national file's
/// index copies no id; a copy where it is written with escapes.
fn id_text<'s>(source: &'s SourceFile, span: &Range<usize>, id: &str) -> Cow<'s, str> {
    match source.text.get(span.start + 1..span.end.saturating_sub(1)) {
        Some(written) if written == id => Cow::Borrowed(written),
        _ => Cow::Owned(id.to_string()),
    }
}

/// How many village records are read and checked at a time (see `Checker::village_records`).
const VILLAGES_PER_BATCH: usize = 16_384;

impl Checker {
    /// A checker for another file, with no diagnostics yet.
    fn fresh(&self) -> Checker {
        Checker {
            diagnostics: Vec::new(),
            next_year: self.next_year,
            broken_ids: Default::default(),
            fast_reader: self.fast_reader,
        }
    }

    fn error(&mut self, source: &SourceFile, span: Range<usize>, message: Msg) {
        self.diagnostics.push(Diagnostic::at_span(
            Severity::Error,
            source,
            span.start,
            span.end,
            message,
        ));
    }

    fn at(source: &SourceFile, offset: usize, span: Range<usize>) -> At {
        At {
            file: source.kind,
            start: (offset + span.start) as u32,
            end: (offset + span.end) as u32,
        }
    }

    fn parse_error(&mut self, source: &SourceFile, offset: usize, e: &toml::de::Error) {
        let span = e.span().unwrap_or(0..0);
        let start = (offset + span.start).min(source.text.len());
        let end = (offset + span.end).clamp(start, source.text.len());
        let spot = source.text.get(start..end).unwrap_or("");
        let message = explain_toml_error(e.message(), spot);
        self.error(source, offset + span.start..offset + span.end, message);
    }

    /// Parses a whole small file.
    fn parse_whole<T: DeserializeOwned>(&mut self, source: &SourceFile) -> Option<T> {
        match toml::from_str::<T>(&source.text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.parse_error(source, 0, &e);
                None
            }
        }
    }

    /// Parses a file of `[[header]]` records piece by piece, so that every bad record is
    /// reported, memory stays bounded and large files use every core.
    fn parse_records<T: DeserializeOwned + Send>(
        &mut self,
        source: &SourceFile,
        header: &str,
    ) -> Vec<Piece<T>> {
        let ranges = split_records(&source.text, header);
        let parse_one = |range: &Range<usize>| -> PieceResult<T> {
            toml::from_str::<T>(&source.text[range.clone()])
                .map(|value| Piece {
                    offset: range.start,
                    starts: vec![range.start],
                    value,
                })
                .map_err(|e| (range.clone(), e))
        };
        // Consecutive pieces are contiguous, so a run of them is one slice of the text.
        let parse_run = |run: &&[Range<usize>]| -> Vec<PieceResult<T>> {
            if let [single] = run {
                return vec![parse_one(single)];
            }
            let (start, end) = (run[0].start, run[run.len() - 1].end);
            match toml::from_str::<T>(&source.text[start..end]) {
                Ok(value) => vec![Ok(Piece {
                    offset: start,
                    starts: run.iter().map(|r| r.start).collect(),
                    value,
                })],
                Err(_) => run.iter().map(parse_one).collect(),
            }
        };
        let runs: Vec<&[Range<usize>]> = ranges.chunks(PIECES_PER_PARSE).collect();
        let results = parallel_map(&runs, ranges.len() >= 512, parse_run)
            .into_iter()
            .flatten();
        self.parsed(source, results).collect()
    }

    /// The pieces that parsed, in file order; each one that did not is reported where its
    /// error is, and the id it seems to have is noted so references to it are not errors too.
    fn parsed<'a, T: 'a>(
        &'a mut self,
        source: &'a SourceFile,
        results: impl IntoIterator<Item = Result<T, (Range<usize>, toml::de::Error)>> + 'a,
    ) -> impl Iterator<Item = T> + 'a {
        results.into_iter().filter_map(move |result| match result {
            Ok(piece) => Some(piece),
            Err((range, e)) => {
                self.parse_error(source, range.start, &e);
                self.broken_ids.extend(guess_id(&source.text[range]));
                None
            }
        })
    }

    /// Text from a file, with control, bidi and zero-width characters turned into visible
    /// escapes once here, so that no screen, report or message can carry them raw.
    fn text(&mut self, source: &SourceFile, offset: usize, s: &Spanned<String>) -> String {
        self.check_visible(source, offset, s);
        crate::text::sanitize(s.get_ref())
    }

    /// An error at `s` if it shows nothing: only blanks and characters that are escaped.
    fn check_visible(&mut self, source: &SourceFile, offset: usize, s: &Spanned<String>) {
        let visible = s
            .get_ref()
            .chars()
            .any(|c| !c.is_whitespace() && !crate::text::is_unsafe_char(c));
        if !visible {
            self.error(source, shift(s.span(), offset), msg::empty_text());
        }
    }

    /// [`Self::text`] of a string the caller gives up, kept without a copy when safe.
    fn text_owned(
        &mut self,
        source: &SourceFile,
        offset: usize,
        s: &mut Spanned<String>,
    ) -> String {
        self.check_visible(source, offset, s);
        crate::text::sanitize_owned(std::mem::take(s.get_mut()))
    }

    /// A count, sum of money, area or weight: whole, not negative, not absurdly large.
    fn figure(&mut self, source: &SourceFile, offset: usize, value: &Spanned<i64>) -> Figure<i64> {
        let span = shift(value.span(), offset);
        let v = *value.get_ref();
        if v < 0 {
            self.error(source, span.clone(), msg::negative_figure(&v.to_string()));
        } else if v > MAX_FIGURE {
            self.error(source, span.clone(), msg::figure_too_large(&v.to_string()));
        }
        Figure {
            value: v,
            at: Self::at(source, 0, span),
        }
    }

    /// A figure that may carry its wording and provenance. A plain number takes
    /// `provenance` (published, or illustrative in an illustrative record).
    fn qualified(
        &mut self,
        source: &SourceFile,
        offset: usize,
        raw: &Spanned<RawFigure>,
        provenance: Provenance,
    ) -> Qualified {
        match raw.get_ref() {
            RawFigure::Plain(v) => {
                let value = self.figure(source, offset, &Spanned::new(raw.span(), *v));
                Qualified {
                    value: value.value,
                    qualifier: Qualifier::Exact,
                    basis: None,
                    provenance,
                    source: None,
                    source_en: None,
                    at: value.at,
                }
            }
            RawFigure::Table(t) => {
                let value = self.figure(source, offset, &t.value);
                let status = t.status.as_ref().map_or(provenance, |s| *s.get_ref());
                if let Some(src) = &t.source
                    && status != Provenance::Published
                {
                    self.error(
                        source,
                        shift(src.span(), offset),
                        msg::source_without_publication(status.key()),
                    );
                }
                Qualified {
                    value: value.value,
                    qualifier: t
                        .qualifier
                        .as_ref()
                        .map_or(Qualifier::Exact, |q| *q.get_ref()),
                    basis: t.basis.as_ref().map(|b| *b.get_ref()),
                    provenance: status,
                    source: t.source.as_ref().map(|s| self.text(source, offset, s)),
                    source_en: t.source_en.as_ref().map(|s| self.text(source, offset, s)),
                    at: value.at,
                }
            }
        }
    }

    fn year(&mut self, source: &SourceFile, offset: usize, value: &Spanned<i64>) -> i32 {
        let v = *value.get_ref();
        if v < i64::from(FIRST_YEAR) || v > i64::from(self.next_year) {
            self.error(
                source,
                shift(value.span(), offset),
                msg::year_out_of_range(v, FIRST_YEAR, self.next_year),
            );
            return FIRST_YEAR;
        }
        v as i32
    }

    fn date(&mut self, source: &SourceFile, offset: usize, value: &Spanned<Datetime>) -> NaiveDate {
        let span = shift(value.span(), offset);
        let dt = value.get_ref();
        let fallback = NaiveDate::MIN;
        let (Some(d), None, None) = (dt.date, dt.time, dt.offset) else {
            self.error(source, span, msg::not_a_date(&dt.to_string()));
            return fallback;
        };
        let Some(date) =
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        else {
            self.error(source, span, msg::not_a_real_date(&dt.to_string()));
            return fallback;
        };
        if date.year() < FIRST_YEAR || date.year() > self.next_year {
            self.error(
                source,
                span,
                msg::date_out_of_range(&dt.to_string(), FIRST_YEAR, self.next_year),
            );
        }
        date
    }

    fn years(&mut self, source: &SourceFile, offset: usize, table: &RawYears) -> YearSeries {
        let mut series = YearSeries::with_capacity(table.len());
        for (key, value) in table {
            let key_span = shift(key.span(), offset);
            let Some(year) = self.year_key(source, offset, key.get_ref().as_bytes(), key.span())
            else {
                continue;
            };
            let figure = self.figure(source, offset, value);
            if let Some(first) = series.get(&year) {
                let line = source.line_of(first.at.start as usize);
                self.error(source, key_span, msg::year_twice(year, line));
                continue;
            }
            series.insert(year, figure);
        }
        series
    }

    /// The year of a year table's key `key` (UTF-8) written at `span`, or an error at the
    /// key. Taken as bytes: nearly every key is plain digits, read without a UTF-8 check
    /// or a trim; only another key is looked at as text.
    fn year_key(
        &mut self,
        source: &SourceFile,
        offset: usize,
        key: &[u8],
        span: Range<usize>,
    ) -> Option<i32> {
        let key_span = shift(span, offset);
        let Some(year) = key_year(key) else {
            self.error(
                source,
                key_span,
                msg::not_a_year(&String::from_utf8_lossy(key)),
            );
            return None;
        };
        if !(FIRST_YEAR..=self.next_year).contains(&year) {
            self.error(
                source,
                key_span,
                msg::year_out_of_range(i64::from(year), FIRST_YEAR, self.next_year),
            );
            return None;
        }
        Some(year)
    }

    /// `[early_warning]`: each threshold a whole per cent from 0 to 100.
    fn early_warning(
        &mut self,
        source: &SourceFile,
        raw: Option<&RawEarlyWarning>,
        silenced: &[String],
    ) -> super::accounts::EarlyWarning {
        let mut rules = super::accounts::EarlyWarning {
            silenced: silenced
                .iter()
                .filter_map(|s| super::accounts::Rule::from_name(s))
                .collect(),
            ..Default::default()
        };
        let Some(raw) = raw else {
            return rules;
        };
        for (value, slot) in [
            (&raw.fall_percent, &mut rules.fall_percent),
            (&raw.subsidy_share_percent, &mut rules.subsidy_share_percent),
            (&raw.project_share_percent, &mut rules.project_share_percent),
        ] {
            let Some(value) = value else { continue };
            let v = *value.get_ref();
            if (0..=100).contains(&v) {
                *slot = v;
            } else {
                self.error(source, value.span(), msg::not_a_share(v));
            }
        }
        rules
    }

    /// `[village.income_by_source.YEAR]`: each source a figure, unknown sources rejected
    /// by serde; the sources must add up to the year's `collective_income_yuan`, and a year
    /// with only a breakdown gets its total from it.
    fn income_by_source(
        &mut self,
        source: &SourceFile,
        offset: usize,
        v: &RawVillage,
        totals: &mut YearSeries,
    ) -> std::collections::BTreeMap<i32, super::accounts::Breakdown> {
        use super::accounts::{Breakdown, balance_error};
        let mut out = std::collections::BTreeMap::new();
        for (key, raw) in &v.income_by_source {
            let Some(year) = self.year_key(source, offset, key.get_ref().as_bytes(), key.span())
            else {
                continue;
            };
            let b = raw.get_ref();
            let mut breakdown = Breakdown {
                values: [0; 5],
                at: [None; 5],
                table: Self::at(source, offset, raw.span()),
            };
            for (i, figure) in [
                &b.operating,
                &b.contracting,
                &b.investment,
                &b.subsidy,
                &b.other,
            ]
            .into_iter()
            .enumerate()
            {
                if let Some(figure) = figure {
                    let f = self.figure(source, offset, figure);
                    breakdown.values[i] = f.value;
                    breakdown.at[i] = Some(f.at);
                }
            }
            match totals.get(&year) {
                Some(total) => {
                    self.diagnostics
                        .extend(balance_error(source, year, &breakdown, total));
                }
                None => {
                    totals.insert(
                        year,
                        Figure {
                            value: breakdown.total(),
                            at: breakdown.table,
                        },
                    );
                }
            }
            out.insert(year, breakdown);
        }
        out
    }

    fn id(
        &mut self,
        source: &SourceFile,
        offset: usize,
        id: &Spanned<String>,
        seen: &mut FastMap<String, usize>,
        what: &str,
    ) -> String {
        let span = shift(id.span(), offset);
        let value = id.get_ref();
        // The first use is kept as a byte offset; its line is looked up only for a duplicate.
        let first = seen.get(value).copied();
        if first.is_none() {
            seen.insert(value.clone(), span.start);
        }
        self.id_diagnostics(source, span, value, first, what);
        value.clone()
    }

    /// The errors of an id: not well formed, or used before at byte `first`.
    fn id_diagnostics(
        &mut self,
        source: &SourceFile,
        span: Range<usize>,
        value: &str,
        first: Option<usize>,
        what: &str,
    ) {
        let well_formed = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            self.error(source, span.clone(), msg::bad_id(what, value));
        }
        if let Some(first) = first {
            let first = source.line_of(first);
            self.error(source, span, msg::duplicate_id(what, value, first));
        }
    }

    fn township(&mut self, source: &SourceFile) -> Option<TownshipParts> {
        let raw: TownshipFile = self.parse_whole(source)?;
        let t = &raw.township;
        let township = Township {
            name: self.text(source, 0, &t.name),
            name_en: t
                .name_en
                .as_ref()
                .map(|n| crate::text::sanitize(n.get_ref())),
            county: self.text(source, 0, &t.county),
            county_en: t.county_en.as_ref().map(|n| self.text(source, 0, n)),
            city: self.text(source, 0, &t.city),
            city_en: t.city_en.as_ref().map(|n| self.text(source, 0, n)),
            administrative_villages: self.figure(source, 0, &t.administrative_villages),
            as_of: Figure {
                value: self.date(source, 0, &t.as_of),
                at: Self::at(source, 0, t.as_of.span()),
            },
        };
        let floor = self.figure(source, 0, &raw.thresholds.income_floor_yuan);
        let strong = self.figure(source, 0, &raw.thresholds.income_strong_yuan);
        if floor.value >= strong.value {
            self.error(
                source,
                raw.thresholds.income_floor_yuan.span(),
                msg::floor_not_below_strong(floor.value, strong.value),
            );
        }
        let p = &raw.party_building;
        let party_building = PartyBuilding {
            since: self.year(source, 0, &p.since),
            branches_rectified: self.figure(source, 0, &p.branches_rectified),
            strongest_branches: self.figure(source, 0, &p.strongest_branches),
            venues_renovated: self.figure(source, 0, &p.venues_renovated),
            leaders_added: self.figure(source, 0, &p.leaders_added),
        };
        let mut silenced = Vec::new();
        for kind in raw.warnings.iter().flat_map(|w| &w.silence) {
            if crate::data::consistency::KINDS.contains(&kind.get_ref().as_str()) {
                silenced.push(kind.get_ref().clone());
            } else {
                self.error(
                    source,
                    kind.span(),
                    msg::unknown_warning_kind(
                        kind.get_ref(),
                        suggest(
                            kind.get_ref(),
                            crate::data::consistency::KINDS.iter().copied(),
                        ),
                        &quote_list(crate::data::consistency::KINDS),
                    ),
                );
            }
        }
        let early_warning = self.early_warning(source, raw.early_warning.as_ref(), &silenced);
        Some(TownshipParts {
            township,
            thresholds: Thresholds {
                income_floor_yuan: floor.value,
                income_strong_yuan: strong.value,
                basis: raw
                    .thresholds
                    .basis
                    .as_ref()
                    .map(|b| *b.get_ref())
                    .unwrap_or_default(),
            },
            party_building,
            silenced,
            early_warning,
        })
    }

    /// The village records of `source`, read and checked but for their ids, or
    /// [`Cancelled`] if `cancelled` says so between two batches.
    fn village_records(
        &mut self,
        source: &SourceFile,
        cancelled: CancelCheck,
    ) -> Result<VillageRecords, Cancelled> {
        // Records are read and checked a batch at a time so the raw records of a large
        // file are never all in memory at once.
        let mut read = VillageRecords {
            villages: Vec::new(),
            id_spans: Vec::new(),
            own: Vec::new(),
            parse_errors: Vec::new(),
        };
        let earlier = std::mem::take(&mut self.diagnostics);
        let pieces = split_pieces(&source.text, "village");
        // One record per piece, but for a stray leading piece: no regrowing and copying.
        read.villages.reserve(pieces.len());
        read.id_spans.reserve(pieces.len());
        for batch in pieces.chunks(VILLAGES_PER_BATCH) {
            if cancelled() {
                return Err(Cancelled);
            }
            let checked = self.parse_villages(source, batch);
            read.parse_errors.append(&mut self.diagnostics);
            for (village, id_at, diagnostics) in checked {
                if !diagnostics.is_empty() {
                    read.own.push((read.villages.len(), diagnostics));
                }
                read.id_spans.push(id_at);
                read.villages.push(village);
            }
        }
        self.diagnostics = earlier;
        Ok(read)
    }

    /// Checks each village id against the ones before it, in file order, and puts the
    /// file's diagnostics in order: parse errors first, then each record's, as for the
    /// other files. Returns the villages and where each id is first used.
    fn village_ids<'s>(
        &mut self,
        source: &'s SourceFile,
        read: VillageRecords,
    ) -> (Vec<Village>, VillageIndex<'s>) {
        let VillageRecords {
            villages,
            id_spans,
            own,
            mut parse_errors,
        } = read;
        let parsed_cleanly = parse_errors.is_empty();
        self.diagnostics.append(&mut parse_errors);
        let mut index: VillageIndex =
            FastMap::with_capacity_and_hasher(villages.len(), Default::default());
        let mut own = own.into_iter().peekable();
        for (i, (village, span)) in villages.iter().zip(&id_spans).enumerate() {
            let key = id_text(source, span, &village.id);
            let first = match index.entry(key) {
                Entry::Occupied(e) => Some(id_spans[*e.get()].start),
                Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            };
            self.id_diagnostics(source, span.clone(), &village.id, first, "village");
            if let Some((_, mut diagnostics)) = own.next_if(|(at, _)| *at == i) {
                self.diagnostics.append(&mut diagnostics);
            }
        }
        if villages.is_empty() && parsed_cleanly {
            self.diagnostics.push(Diagnostic::file_error(
                &source.path,
                Some(source.kind),
                msg::no_village_records(),
            ));
        }
        (villages, index)
    }

    /// Reads and checks the village records of `pieces` on every core: the common shape by
    /// the fast reader (`super::fast`), anything else by the TOML parser. Parse errors go
    /// to `self.diagnostics`; each record comes back with the diagnostics of its own checks,
    /// and its id is checked against the others' by the caller, in file order.
    fn parse_villages(&mut self, source: &SourceFile, pieces: &[Record]) -> Vec<Checked> {
        let (fast_reader, next_year) = (self.fast_reader, self.next_year);
        let read = |piece: &Record| -> Result<Records, (Range<usize>, toml::de::Error)> {
            let range = &piece.range;
            let text = &source.text[range.clone()];
            let mut cx = Checker {
                diagnostics: Vec::new(),
                next_year,
                broken_ids: Default::default(),
                fast_reader,
            };
            // A piece after the first starts at its record's header line.
            let line = (range.start > 0).then_some(piece.line);
            let mut check = |mut raw: Spanned<RawVillage>| {
                let id_at = shift(raw.get_ref().id.span(), range.start);
                let village = cx.village(source, range.start, line, &mut raw);
                (village, id_at, std::mem::take(&mut cx.diagnostics))
            };
            if let Some(village) = fast_reader
                .then(|| super::fast::parse_village(text))
                .flatten()
            {
                return Ok(smallvec::smallvec![check(village)]);
            }
            let value = toml::from_str::<VillagesFile>(text).map_err(|e| (range.clone(), e))?;
            Ok(value.village.into_iter().map(check).collect())
        };
        let results = parallel_map(pieces, pieces.len() >= 512, read);
        let mut checked = Vec::with_capacity(results.len());
        checked.extend(self.parsed(source, results).flatten());
        checked
    }

    /// Checks one village record, all but its id, which must be checked against the others.
    fn village(
        &mut self,
        source: &SourceFile,
        offset: usize,
        line: Option<usize>,
        raw: &mut Spanned<RawVillage>,
    ) -> Village {
        // Taken by reference, its strings moved out: a record is large to copy.
        let header = shift(raw.span(), offset);
        let v = raw.get_mut();
        let households = v
            .households
            .as_ref()
            .map(|h| self.figure(source, offset, h));
        let mut collective_income_yuan = self.years(source, offset, &v.collective_income_yuan);
        let income_by_source =
            self.income_by_source(source, offset, v, &mut collective_income_yuan);
        // The record's strings become the village's (no copy where they are safe text).
        let name_at = Self::at(source, offset, v.name.span());
        let name = self.text_owned(source, offset, &mut v.name);
        Village {
            id: std::mem::take(v.id.get_mut()),
            name,
            name_at,
            name_en: v
                .name_en
                .as_mut()
                .map(|n| crate::text::sanitize_owned(std::mem::take(n.get_mut()))),
            households,
            party_branch: v.party_branch.as_ref().map(|b| *b.get_ref()),
            oat_program: v.oat_program,
            illustrative: v.illustrative,
            collective_income_yuan,
            oat_grass_mu: self.years(source, offset, &v.oat_grass_mu),
            income_by_source,
            target_yuan: self.years(source, offset, &v.target_yuan),
            line: line.unwrap_or_else(|| record_line(source, offset, &header)),
            at: Self::at(source, 0, header),
        }
    }

    fn consortium(&mut self, source: &SourceFile) -> Option<Consortium> {
        let raw: ConsortiumFile = self.parse_whole(source)?;
        let c = &raw.consortium;
        let members = c
            .member
            .iter()
            .map(|m| {
                let m = m.get_ref();
                let count = m
                    .count
                    .as_ref()
                    .map_or(1, |n| self.figure(source, 0, n).value);
                Member {
                    name: self.text(source, 0, &m.name),
                    name_en: m
                        .name_en
                        .as_ref()
                        .map(|n| crate::text::sanitize(n.get_ref())),
                    level: *m.level.get_ref(),
                    count,
                }
            })
            .collect();
        Some(Consortium {
            name: self.text(source, 0, &c.name),
            name_en: c.name_en.as_ref().map(|n| self.text(source, 0, n)),
            founded: self.year(source, 0, &c.founded),
            households_served: self.qualified(
                source,
                0,
                &c.households_served,
                Provenance::Published,
            ),
            fertilizer_t: self.qualified(source, 0, &c.fertilizer_t, Provenance::Published),
            oat_grass_mu: self.qualified(source, 0, &c.oat_grass_mu, Provenance::Published),
            household_income_gain_yuan: self.qualified(
                source,
                0,
                &c.household_income_gain_yuan,
                Provenance::Published,
            ),
            members,
        })
    }

    /// Checks the projects read from `source` against the villages, found by `index`.
    fn projects(
        &mut self,
        source: &SourceFile,
        pieces: Vec<Piece<ProjectsFile>>,
        index: &VillageIndex,
    ) -> Vec<Project> {
        let mut seen = FastMap::default();
        let mut projects = Vec::new();
        for Piece {
            offset,
            starts,
            value,
        } in pieces
        {
            for raw in value.project {
                let header = shift(raw.span(), offset);
                let p = raw.get_ref();
                let id = self.id(source, offset, &p.id, &mut seen, "project");
                let mut members = Vec::new();
                for v in &p.villages {
                    match index.get(v.get_ref().as_str()) {
                        Some(&i) if members.contains(&i) => self.error(
                            source,
                            shift(v.span(), offset),
                            msg::village_listed_twice(v.get_ref()),
                        ),
                        Some(&i) => members.push(i),
                        None if self.broken_ids.contains(v.get_ref()) => {}
                        None => {
                            let hint = suggest(v.get_ref(), index.keys().map(|k| k.as_ref()));
                            self.error(
                                source,
                                shift(v.span(), offset),
                                msg::unknown_village(v.get_ref(), hint),
                            );
                        }
                    }
                }
                let area_mu = p.area_mu.as_ref().map(|a| {
                    let value = *a.get_ref();
                    if !value.is_finite() || value < 0.0 || value > MAX_FIGURE as f64 {
                        let shown = if value.abs() < 1e15 {
                            format!("{value}")
                        } else {
                            format!("{value:e}")
                        };
                        self.error(source, shift(a.span(), offset), msg::unusable_area(&shown));
                    }
                    value
                });
                let own = if p.illustrative {
                    Provenance::Illustrative
                } else {
                    Provenance::Published
                };
                let started = p.started.as_ref().map(|y| {
                    let q = self.qualified(source, offset, y, own);
                    let year = self.year(
                        source,
                        0,
                        &Spanned::new(q.at.start as usize..q.at.end as usize, q.value),
                    );
                    (year, q.provenance)
                });
                if p.township_wide && !p.villages.is_empty() {
                    self.error(
                        source,
                        shift(p.villages[0].span(), offset),
                        msg::township_wide_and_villages(),
                    );
                }
                projects.push(Project {
                    id,
                    name: self.text(source, offset, &p.name),
                    name_en: p
                        .name_en
                        .as_ref()
                        .map(|n| crate::text::sanitize(n.get_ref())),
                    category: *p.category.get_ref(),
                    villages: members,
                    township_wide: p.township_wide,
                    started: started.map(|s| s.0),
                    started_provenance: started.map_or(own, |s| s.1),
                    annual_income_yuan: p
                        .annual_income_yuan
                        .as_ref()
                        .map(|a| self.qualified(source, offset, a, own)),
                    area_mu,
                    jobs: p
                        .jobs
                        .as_ref()
                        .map(|j| self.figure(source, offset, j).value),
                    illustrative: p.illustrative,
                    collective_income_yuan: self.years(source, offset, &p.collective_income_yuan),
                    line: record_line(source, piece_start(&starts, header.start), &header),
                });
            }
        }
        projects
    }

    fn sessions(&mut self, source: &SourceFile) -> (Vec<TrainingSession>, TrainingTotals) {
        let pieces: Vec<Piece<TrainingFile>> = self.parse_records(source, "session");
        let mut sessions = Vec::new();
        let mut totals: Option<TrainingTotals> = None;
        for Piece {
            offset,
            starts,
            value,
        } in pieces
        {
            if let Some(t) = &value.training {
                if totals.is_some() {
                    self.error(source, shift(t.span(), offset), msg::training_table_twice());
                }
                let t = t.get_ref();
                totals = Some(TrainingTotals {
                    since: t.since.as_ref().map(|y| self.year(source, offset, y)),
                    sessions: t
                        .sessions
                        .as_ref()
                        .map(|f| self.qualified(source, offset, f, Provenance::Published)),
                    participants: t
                        .participants
                        .as_ref()
                        .map(|f| self.qualified(source, offset, f, Provenance::Published)),
                });
            }
            for raw in value.session {
                let header = shift(raw.span(), offset);
                let s = raw.get_ref();
                sessions.push(TrainingSession {
                    date: self.date(source, offset, &s.date),
                    date_at: Self::at(source, offset, s.date.span()),
                    topic: self.text(source, offset, &s.topic),
                    topic_en: s
                        .topic_en
                        .as_ref()
                        .map(|n| crate::text::sanitize(n.get_ref())),
                    category: *s.category.get_ref(),
                    participants: self.figure(source, offset, &s.participants),
                    illustrative: s.illustrative,
                    line: record_line(source, piece_start(&starts, header.start), &header),
                });
            }
        }
        (sessions, totals.unwrap_or_default())
    }
}

/// The year a year table's key (UTF-8) names: plain digits, perhaps between blanks.
fn key_year(key: &[u8]) -> Option<i32> {
    plain_year(key).or_else(|| plain_year(String::from_utf8_lossy(key).trim().as_bytes()))
}

/// A year written plainly: one to four ASCII digits, the first not `0`.
fn plain_year(digits: &[u8]) -> Option<i32> {
    let plain =
        matches!(digits.len(), 1..=4) && digits[0] != b'0' && digits.iter().all(u8::is_ascii_digit);
    plain.then(|| {
        digits
            .iter()
            .fold(0, |year, digit| year * 10 + i32::from(digit - b'0'))
    })
}

/// The `id = "..."` of a record that did not parse, found by reading its lines.
fn guess_id(piece: &str) -> Option<String> {
    piece.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
    })
}

fn shift(span: Range<usize>, offset: usize) -> Range<usize> {
    span.start + offset..span.end + offset
}

/// The line of a record's `[[...]]` header, for opening the record in an editor.
fn record_line(source: &SourceFile, offset: usize, header: &Range<usize>) -> usize {
    // A split piece starts at its header; an unsplit file gives the record's own span.
    let start = if offset > 0 { offset } else { header.start };
    let mut line = source.line_of(start);
    while line > 1 && !source.line_text(line).trim_start().starts_with("[[") {
        line -= 1;
    }
    line
}

/// Makes serde's and toml's wording plainer, and suggests the nearest key for a typo.
/// `spot` is the text the error points at.
pub(crate) fn explain_toml_error(message: &str, spot: &str) -> Msg {
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = first.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = suggest(field, options.iter().copied());
        return msg::unknown_key(field, hint, &quote_list(&options));
    }
    if let Some(field) = first
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return msg::missing_key(field);
    }
    if let Some(rest) = first.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = suggest(value, options.iter().copied());
        return msg::unknown_value(value, hint, &quote_list(&options));
    }
    // Integers beyond i64 reach serde as i128 (or u64).
    let beyond = first
        .strip_prefix("invalid type: integer `")
        .and_then(|rest| rest.split_once("` as i128"))
        .or_else(|| {
            first
                .strip_prefix("invalid value: integer `")
                .and_then(|rest| rest.split_once('`'))
        });
    if let Some((number, _)) = beyond {
        return if number.starts_with('-') {
            msg::negative_figure(number)
        } else {
            msg::figure_too_large(number)
        };
    }
    if first.starts_with("wanted string or table") {
        return msg::wanted_word();
    }
    if first.starts_with("string values must be quoted") {
        return msg::value_missing_or_unquoted();
    }
    if first.starts_with("invalid type: map, expected")
        && spot.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        // `plain_toml` words `invalid type: map` as "found a table".
        return msg::dotted_year(&msg::plain_toml(first));
    }
    if first == "duplicate key" {
        let key = spot
            .lines()
            .next()
            .unwrap_or("")
            .split('=')
            .next()
            .unwrap_or("")
            .trim();
        return msg::duplicate_key(key);
    }
    if first.contains("expected a TOML datetime") || first.contains("expected a date") {
        return msg::date_in_quotes(&msg::plain_toml(first));
    }
    if let Some(c) = spot
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return msg::control_character(&crate::text::sanitize(&c.to_string()));
    }
    if first == "invalid basic string" || first.starts_with("invalid basic string") {
        return msg::unclosed_string();
    }
    if first == "duplicate table" || first.starts_with("duplicate table") {
        return msg::duplicate_table(spot.lines().next().unwrap_or("").trim());
    }
    msg::plain_toml(first)
}

fn quote_list(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest known name to a mistyped one, if it is close enough to be a typo.
fn suggest<'a>(typed: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::damerau_levenshtein(typed, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d > 0)
        // Among equally near ones the first in sort order, so the hint does not depend on
        // the order of a hash map (it changed from run to run for the village ids).
        .min_by_key(|&(d, k)| (d, k))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_record_headers_only() {
        let text = "# c\n[[village]]\nid = \"a\"\n[[ village ]] # x\nid = \"b\"\n\
                    [[village.x]]\n[[villages]]\nid = \"c\"\n";
        let ranges = split_records(text, "village");
        assert_eq!(ranges.len(), 3);
        assert!(text[ranges[0].clone()].starts_with("[[village]]"));
        // A nested header stays with its record; a misspelt top-level one starts a piece.
        assert!(text[ranges[1].clone()].contains("[[village.x]]"));
        assert!(text[ranges[2].clone()].starts_with("[[villages]]"));
    }

    /// English words left in a Chinese message, outside back-quoted or double-quoted text
    /// (keys, values and source the user wrote) and the few names that are not English
    /// words (TOML, UTF-8, true/false).
    pub(crate) fn english_words(text: &str) -> Vec<String> {
        let mut plain = String::new();
        let mut quote: Option<char> = None;
        for c in text.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '`' || c == '"' => quote = Some(c),
                None => plain.push(c),
            }
        }
        plain
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .filter(|w| !matches!(*w, "TOML" | "UTF" | "true" | "false"))
            .map(str::to_string)
            .collect()
    }

    /// Malformed TOML of every kind the parser reports: the Chinese message never quotes
    /// the parser's English.
    #[test]
    fn every_toml_syntax_error_reads_in_chinese() {
        let cases = [
            "a = ",
            "a = 1\na = 2",
            "a = \"x",
            "a = 'x",
            "a = \"\"\"x",
            "a = [1 2]",
            "a = [1,,2]",
            "a = {b = 1,,}",
            "a = {b = 1 c = 2}",
            "a = {b}",
            "a = {",
            "a = [1, 2",
            "[a",
            "[[a",
            "[[a]\n",
            "a b = 1",
            "a == 1",
            "= 1",
            "a = 01",
            "a = +0x1",
            "a = 0X1",
            "a = 1__0",
            "a = 1_",
            "a = ++1",
            "a = 1e",
            "a = 1.",
            "a = .1",
            "a = tru",
            "a = yes",
            "a = 2023-13-01",
            "a = 2023-02-30",
            "a = 2023-1-01",
            "a = 25:00:00",
            "a = 2023-06-30T25:00:00",
            "a = 2023-06-30 10:61:00",
            "a = 10:00:00+8",
            "a = \"\\q\"",
            "a = \"\\u12\"",
            "a = \"\\",
            "a = 1 # x\rb",
            "a = 1 b = 2",
            "a = 99999999999999999999",
            "a = 1.0e99999",
            "a.b = 1\na = 2",
            "a = [1]\na.b = 2",
            "a = {b = 1}\na.c = 2",
            "[a]\n[a]",
            "\"\"\"k\"\"\" = 1",
            "'''k''' = 1",
            "a = 1\n]",
            "a = }",
            "a = [=]",
            "ä = 1",
            "a = 0b2",
            "a = 0o9",
            "a = 0xg",
            "a = inf_",
            "a = -nan1",
            "a = 2023-06-30T",
            "a = 2023-06-30T10",
            "a = 2023-06-30T10:00:00Zx",
            "a = 1979-05-27T07:32:00.",
        ];
        for text in cases {
            let Err(e) = toml::from_str::<toml::Table>(text) else {
                continue;
            };
            let span = e.span().unwrap_or(0..0);
            let spot = text.get(span).unwrap_or("");
            let m = explain_toml_error(e.message(), spot);
            let words = english_words(&m.zh);
            assert!(
                words.is_empty(),
                "{text:?}: parser said {:?}; Chinese message {:?} has English {words:?}",
                e.message(),
                m.zh
            );
            assert!(!m.en.is_empty());
        }
    }

    /// serde's type and value errors, through the shapes of the data files.
    #[test]
    fn every_type_error_reads_in_chinese() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            n: Option<i64>,
            f: Option<f64>,
            s: Option<String>,
            b: Option<bool>,
            l: Option<Vec<String>>,
            u: Option<u16>,
            d: Option<toml::value::Datetime>,
            fig: Option<crate::data::raw::RawFigure>,
            pair: Option<(i64, i64)>,
        }
        let cases = [
            "n = \"x\"",
            "n = 1.5",
            "n = true",
            "n = [1]",
            "n = {a = 1}",
            "f = \"x\"",
            "s = 1",
            "s = [\"a\"]",
            "b = 1",
            "b = \"yes\"",
            "l = \"a\"",
            "l = [1]",
            "u = -1",
            "u = 70000",
            "d = \"2023-06-30\"",
            "d = 1",
            "fig = \"x\"",
            "fig = 1.5",
            "fig = { value = \"x\" }",
            "fig = { value = 1, qualifier = \"maybe\" }",
            "fig = { value = 1, bogus = 1 }",
            "fig = {}",
            "pair = [1]",
            "pair = 1",
            "zzz = 1",
            "n = 1\nn = 2",
        ];
        for text in cases {
            let Err(e) = toml::from_str::<T>(text) else {
                panic!("{text:?} was accepted");
            };
            let span = e.span().unwrap_or(0..0);
            let spot = text.get(span).unwrap_or("");
            let m = explain_toml_error(e.message(), spot);
            let words = english_words(&m.zh);
            assert!(
                words.is_empty(),
                "{text:?}: serde said {:?}; Chinese message {:?} has English {words:?}",
                e.message(),
                m.zh
            );
        }
    }

    #[test]
    fn a_plain_year_is_read_as_the_text_rule_reads_it() {
        // The rule as written before the byte reading: trimmed, 1-4 digits, no leading 0.
        let by_text = |key: &str| {
            let digits = key.trim();
            let plain = !digits.is_empty()
                && digits.len() <= 4
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit());
            plain.then(|| digits.parse::<i32>().ok()).flatten()
        };
        let alphabet = ["0", "1", "9", " ", "-", "a", "二"];
        let mut keys = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = keys
                .iter()
                .flat_map(|k| alphabet.iter().map(move |c| format!("{k}{c}")))
                .collect();
            keys.extend(longer);
            keys.sort();
            keys.dedup();
        }
        for key in &keys {
            assert_eq!(key_year(key.as_bytes()), by_text(key), "{key:?}");
        }
        assert_eq!(key_year(b"2023"), Some(2023));
        assert_eq!(key_year(" 2023\u{3000}".as_bytes()), Some(2023));
    }

    #[test]
    fn suggests_near_keys() {
        assert_eq!(
            suggest("housholds", ["households", "name"].into_iter()),
            Some("households")
        );
        assert_eq!(suggest("zzz", ["households"].into_iter()), None);
        // Equally near: the first in sort order, whatever order they come in.
        for order in [
            ["v000009", "v000004", "v000008"],
            ["v000008", "v000009", "v000004"],
        ] {
            assert_eq!(suggest("v000002", order.into_iter()), Some("v000004"));
        }
    }

    fn example_dir() -> DataDir {
        DataDir::Path(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config"))
    }

    /// A closure that counts its calls and says "stop" from call `stop_at` on (1-based).
    fn stop_at(stop_at: usize, calls: &std::cell::Cell<usize>) -> impl Fn() -> bool + '_ {
        move || {
            calls.set(calls.get() + 1);
            calls.get() >= stop_at
        }
    }

    #[test]
    fn a_load_asked_to_stop_before_it_starts_reads_nothing() {
        let cancel = AtomicBool::new(true);
        assert_eq!(
            load_cancellable(&example_dir(), &cancel).err(),
            Some(Cancelled)
        );
    }

    #[test]
    fn a_load_never_asked_to_stop_is_the_plain_load() {
        let cancel = AtomicBool::new(false);
        let cancellable = load_cancellable(&example_dir(), &cancel).expect("not cancelled");
        let plain = load(&example_dir());
        assert!(plain.dataset.is_some());
        assert_eq!(cancellable.dataset.is_some(), plain.dataset.is_some());
        assert_eq!(
            format!("{:?}", cancellable.diagnostics),
            format!("{:?}", plain.diagnostics)
        );
        assert_eq!(
            cancellable.dataset.map(|d| d.villages.len()),
            plain.dataset.map(|d| d.villages.len())
        );
    }

    #[test]
    fn a_load_stops_at_every_cancellation_point() {
        // How many times an uncancelled load asks.
        let calls = std::cell::Cell::new(0);
        let done = load_with(&example_dir(), &stop_at(usize::MAX, &calls));
        assert!(done.is_ok_and(|o| o.dataset.is_some()));
        let points = calls.get();
        // Before anything, before each of the five files is read, before each file is
        // checked, at least one batch of villages, before the cross-file checks.
        assert!(points >= 13, "only {points} cancellation points");
        for k in 1..=points {
            let calls = std::cell::Cell::new(0);
            let result = load_with(&example_dir(), &stop_at(k, &calls));
            assert_eq!(result.err(), Some(Cancelled), "asked to stop at point {k}");
            assert_eq!(
                calls.get(),
                k,
                "went on after being asked to stop at point {k}"
            );
        }
    }

    #[test]
    fn a_large_villages_file_is_checked_for_cancellation_between_batches() {
        let record =
            |i: usize| format!("[[village]]\nid = \"v{i}\"\nname = \"村{i}\"\nhouseholds = 10\n\n");
        let villages = |n: usize| {
            let text: String = (0..n).map(record).collect();
            vec![SourceFile::new(
                FileKind::Villages,
                "villages.toml".into(),
                text,
            )]
        };
        let count = |n: usize| {
            let calls = std::cell::Cell::new(0);
            let outcome = load_sources_with(villages(n), true, &stop_at(usize::MAX, &calls));
            assert!(outcome.is_ok());
            calls.get()
        };
        // Two batches ask once more than one.
        let (one, two) = (count(1), count(VILLAGES_PER_BATCH + 1));
        assert_eq!(two, one + 1);
        // Asked before the township file (1) and before the villages file (2), then at
        // each batch: stopped at the second batch, nothing comes back and nothing more is
        // asked.
        let calls = std::cell::Cell::new(0);
        let result = load_sources_with(villages(VILLAGES_PER_BATCH + 1), true, &stop_at(4, &calls));
        assert_eq!(result.err(), Some(Cancelled));
        assert_eq!(calls.get(), 4);
    }

    /// The full example's files with mistakes in every file, and `filler` clean villages
    /// after the example's.
    fn broken_example(filler: usize) -> Vec<SourceFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/full");
        let broken = |kind: FileKind| {
            let text = std::fs::read_to_string(dir.join(kind.file_name())).unwrap_or_default();
            let text = match kind {
                FileKind::Villages => {
                    let mut text = text
                        .replacen("id = \"beibao\"", "id = \"tianjing\"", 1)
                        .replacen("households = ", "households = -", 1)
                        .replacen("id = \"xiata\"", "id = \"xiata\" x", 1);
                    for i in 0..filler {
                        text.push_str(&format!(
                            "[[village]]\nid = \"f{i}\"\nname = \"村{i}\"\n\
                             [village.collective_income_yuan]\n2023 = 1\n"
                        ));
                    }
                    text
                }
                FileKind::Projects => text
                    .replacen("villages = [", "villages = [\"nowhere\", \"xiata\", ", 1)
                    .replacen("jobs = ", "jobs = \"many\" # ", 1),
                FileKind::Training => text.replacen("participants = ", "participants = -", 1),
                FileKind::Consortium => text.replacen("founded = ", "founded = 1#", 1),
                _ => text,
            };
            SourceFile::new(kind, kind.file_name().to_string(), text)
        };
        FileKind::ALL.into_iter().map(broken).collect()
    }

    #[test]
    fn a_large_file_read_on_both_cores_reports_as_a_small_one() {
        // Few villages: one core; many: the ids on one core, projects and training on the
        // other. The filler comes after every mistake, so every diagnostic is the same.
        let small = load_sources(broken_example(10));
        let large = load_sources(broken_example(2 * MANY_VILLAGES));
        let lines = |o: &LoadOutcome| -> Vec<(FileKind, usize)> {
            o.diagnostics
                .iter()
                .filter_map(|d| Some((d.file?, d.position?.line)))
                .collect()
        };
        let kinds: Vec<FileKind> = lines(&small).iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == FileKind::Projects).count(),
            3,
            "{:#?}",
            small.diagnostics
        );
        // Every file has its mistakes reported, files in order.
        for kind in [FileKind::Villages, FileKind::Consortium, FileKind::Training] {
            assert!(kinds.contains(&kind), "{kind:?}: {:#?}", small.diagnostics);
        }
        assert!(kinds.is_sorted_by_key(|k| FileKind::ALL.iter().position(|a| a == k)));
        assert!(
            small.diagnostics == large.diagnostics,
            "{:#?}",
            lines(&large)
        );
        assert!(large.dataset.is_none());
    }
}
