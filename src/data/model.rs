//! The township's figures after loading and validation: plain data, no terminal, no spans
//! except where a later check needs to point back into a file.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which data file something came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Township,
    Villages,
    Consortium,
    Projects,
    Training,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Township,
        FileKind::Villages,
        FileKind::Consortium,
        FileKind::Projects,
        FileKind::Training,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Township => "township.toml",
            FileKind::Villages => "villages.toml",
            FileKind::Consortium => "consortium.toml",
            FileKind::Projects => "projects.toml",
            FileKind::Training => "training.toml",
        }
    }
}

/// A place in a data file: byte range of the text as loaded (after any byte order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub file: FileKind,
    pub start: u32,
    pub end: u32,
}

/// A figure read from a file, with the place it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure<T> {
    pub value: T,
    pub at: At,
}

/// How a published figure was worded: "3000余吨" is `MoreThan`, "约1500元" is `About`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    About,
    MoreThan,
    AtLeast,
}

impl Qualifier {
    pub fn key(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::About => "about",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
        }
    }

    /// Whether a figure summed from parts agrees with the published one.
    pub fn agrees(self, published: i64, summed: i64) -> bool {
        match self {
            Qualifier::Exact => summed == published,
            Qualifier::MoreThan => summed > published,
            Qualifier::AtLeast => summed >= published,
            // "约1500" reads as within a tenth either side.
            Qualifier::About => (summed - published).abs() * 10 <= published.abs(),
        }
    }
}

/// Whether a figure counts everything since a start (累计) or one year (每年).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Cumulative,
    Annual,
}

impl Basis {
    pub fn key(self) -> &'static str {
        match self {
            Basis::Cumulative => "cumulative",
            Basis::Annual => "annual",
        }
    }
}

/// Where a figure comes from: published in the source, assumed by whoever wrote the file,
/// or made up to illustrate (agreeing with the published totals).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    #[default]
    Published,
    Assumed,
    Illustrative,
}

impl Provenance {
    pub fn key(self) -> &'static str {
        match self {
            Provenance::Published => "published",
            Provenance::Assumed => "assumed",
            Provenance::Illustrative => "illustrative",
        }
    }

    /// Marked in every output: anything not published.
    pub fn is_marked(self) -> bool {
        self != Provenance::Published
    }
}

/// A figure with its wording and provenance: `3000` or
/// `{ value = 3000, qualifier = "more_than", basis = "cumulative", source = "..." }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Qualified {
    pub value: i64,
    pub qualifier: Qualifier,
    pub basis: Option<Basis>,
    pub provenance: Provenance,
    pub source: Option<String>,
    pub source_en: Option<String>,
    pub at: At,
}

impl Qualified {
    pub fn illustrative(&self) -> bool {
        self.provenance.is_marked()
    }
}

/// A year table such as `[village.collective_income_yuan]`: year to figure, in year order.
///
/// A sorted vector with the part of `BTreeMap`'s interface the program uses: a village has a
/// handful of years, and a national data set half a million villages, where a tree node per
/// table costs twice the memory and an allocation more to build, walk and free.
#[derive(Clone, Default, PartialEq)]
pub struct YearSeries(Vec<(i32, Figure<i64>)>);

impl YearSeries {
    pub fn new() -> Self {
        YearSeries(Vec::new())
    }

    pub fn with_capacity(n: usize) -> Self {
        YearSeries(Vec::with_capacity(n))
    }

    fn find(&self, year: &i32) -> Result<usize, usize> {
        self.0.binary_search_by(|(y, _)| y.cmp(year))
    }

    pub fn get(&self, year: &i32) -> Option<&Figure<i64>> {
        self.find(year).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, year: &i32) -> bool {
        self.find(year).is_ok()
    }

    /// Sets the figure of `year`, returning the one it replaces.
    pub fn insert(&mut self, year: i32, figure: Figure<i64>) -> Option<Figure<i64>> {
        match self.find(&year) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, figure)),
            Err(i) => {
                self.0.insert(i, (year, figure));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Years and figures in year order.
    pub fn iter(&self) -> SeriesIter<'_> {
        self.0.iter().map(|(y, f)| (y, f))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &i32> + ExactSizeIterator {
        self.0.iter().map(|(y, _)| y)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Figure<i64>> + ExactSizeIterator {
        self.0.iter().map(|(_, f)| f)
    }

    /// The years within `years`, in year order.
    pub fn range(&self, years: impl std::ops::RangeBounds<i32>) -> SeriesIter<'_> {
        use std::ops::Bound;
        let start = match years.start_bound() {
            Bound::Included(y) => self.0.partition_point(|(k, _)| k < y),
            Bound::Excluded(y) => self.0.partition_point(|(k, _)| k <= y),
            Bound::Unbounded => 0,
        };
        let end = match years.end_bound() {
            Bound::Included(y) => self.0.partition_point(|(k, _)| k <= y),
            Bound::Excluded(y) => self.0.partition_point(|(k, _)| k < y),
            Bound::Unbounded => self.0.len(),
        };
        self.0[start..end.max(start)].iter().map(|(y, f)| (y, f))
    }

    pub fn first_key_value(&self) -> Option<(&i32, &Figure<i64>)> {
        self.0.first().map(|(y, f)| (y, f))
    }

    pub fn last_key_value(&self) -> Option<(&i32, &Figure<i64>)> {
        self.0.last().map(|(y, f)| (y, f))
    }
}

/// The years and figures of a [`YearSeries`], in year order.
pub type SeriesIter<'a> = std::iter::Map<
    std::slice::Iter<'a, (i32, Figure<i64>)>,
    fn(&'a (i32, Figure<i64>)) -> (&'a i32, &'a Figure<i64>),
>;

impl<'a> IntoIterator for &'a YearSeries {
    type Item = (&'a i32, &'a Figure<i64>);
    type IntoIter = SeriesIter<'a>;

    fn into_iter(self) -> SeriesIter<'a> {
        self.iter()
    }
}

impl FromIterator<(i32, Figure<i64>)> for YearSeries {
    fn from_iter<I: IntoIterator<Item = (i32, Figure<i64>)>>(items: I) -> Self {
        let mut series = YearSeries::new();
        for (year, figure) in items {
            series.insert(year, figure);
        }
        series
    }
}

impl std::fmt::Debug for YearSeries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub township: Township,
    pub thresholds: Thresholds,
    pub party_building: PartyBuilding,
    pub villages: Vec<Village>,
    pub consortium: Consortium,
    pub projects: Vec<Project>,
    pub sessions: Vec<TrainingSession>,
    /// `[early_warning]` of `township.toml` (defaults when absent).
    pub early_warning: super::accounts::EarlyWarning,
    /// The township-level training figures (`[training]` in training.toml), if given.
    pub training: TrainingTotals,
}

/// Published training figures, separate from the per-session records.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainingTotals {
    pub since: Option<i32>,
    pub sessions: Option<Qualified>,
    pub participants: Option<Qualified>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Township {
    pub name: String,
    pub name_en: Option<String>,
    pub county: String,
    pub county_en: Option<String>,
    pub city: String,
    pub city_en: Option<String>,
    pub administrative_villages: Figure<i64>,
    pub as_of: Figure<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub income_floor_yuan: i64,
    pub income_strong_yuan: i64,
    /// What the two targets are judged on: total income or income less subsidies.
    pub basis: super::accounts::Basis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartyBuilding {
    pub since: i32,
    pub branches_rectified: Figure<i64>,
    pub strongest_branches: Figure<i64>,
    pub venues_renovated: Figure<i64>,
    pub leaders_added: Figure<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BranchStatus {
    Strongest,
    Rectified,
    Ordinary,
}

impl BranchStatus {
    pub const ALL: [BranchStatus; 3] = [
        BranchStatus::Strongest,
        BranchStatus::Rectified,
        BranchStatus::Ordinary,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BranchStatus::Strongest => "strongest",
            BranchStatus::Rectified => "rectified",
            BranchStatus::Ordinary => "ordinary",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    pub id: String,
    pub name: String,
    /// Where the name is written, for the duplicate-name warning.
    pub name_at: At,
    pub name_en: Option<String>,
    pub households: Option<Figure<i64>>,
    pub party_branch: Option<BranchStatus>,
    pub oat_program: bool,
    pub illustrative: bool,
    pub collective_income_yuan: YearSeries,
    pub oat_grass_mu: YearSeries,
    /// `[village.income_by_source.YEAR]`: 表六 rows 2–6, by year.
    pub income_by_source: BTreeMap<i32, super::accounts::Breakdown>,
    /// `[village.target_yuan]`: the village's own income target, by year.
    pub target_yuan: YearSeries,
    /// Where the record's `[[village]]` header is (1-based line), for opening it in an editor.
    pub line: usize,
    pub at: At,
}

impl Village {
    pub fn income(&self, year: i32) -> Option<i64> {
        self.collective_income_yuan.get(&year).map(|f| f.value)
    }

    pub fn oat(&self, year: i32) -> Option<i64> {
        self.oat_grass_mu.get(&year).map(|f| f.value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberLevel {
    Township,
    City,
    County,
    Village,
}

impl MemberLevel {
    pub const ALL: [MemberLevel; 4] = [
        MemberLevel::Township,
        MemberLevel::City,
        MemberLevel::County,
        MemberLevel::Village,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MemberLevel::Township => "township",
            MemberLevel::City => "city",
            MemberLevel::County => "county",
            MemberLevel::Village => "village",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Consortium {
    pub name: String,
    pub name_en: Option<String>,
    pub founded: i32,
    pub households_served: Qualified,
    pub fertilizer_t: Qualified,
    pub oat_grass_mu: Qualified,
    pub household_income_gain_yuan: Qualified,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub name_en: Option<String>,
    pub level: MemberLevel,
    /// How many organisations this entry stands for (the 16 village branches are one entry).
    pub count: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectCategory {
    Processing,
    Livestock,
    Planting,
    Logistics,
    Tourism,
    Other,
}

impl ProjectCategory {
    pub const ALL: [ProjectCategory; 6] = [
        ProjectCategory::Processing,
        ProjectCategory::Livestock,
        ProjectCategory::Planting,
        ProjectCategory::Logistics,
        ProjectCategory::Tourism,
        ProjectCategory::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProjectCategory::Processing => "processing",
            ProjectCategory::Livestock => "livestock",
            ProjectCategory::Planting => "planting",
            ProjectCategory::Logistics => "logistics",
            ProjectCategory::Tourism => "tourism",
            ProjectCategory::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub category: ProjectCategory,
    /// Indexes into `Dataset::villages`; empty means the place is not published, unless
    /// `township_wide` says the project covers the whole township.
    pub villages: Vec<usize>,
    pub township_wide: bool,
    pub started: Option<i32>,
    /// Whether `started` is an assumption (`started = { value = 2022, status = "assumed" }`).
    pub started_provenance: Provenance,
    /// A yearly figure with no year (`annual_income_yuan`, e.g. 每年50万元).
    pub annual_income_yuan: Option<Qualified>,
    pub area_mu: Option<f64>,
    pub jobs: Option<i64>,
    pub illustrative: bool,
    pub collective_income_yuan: YearSeries,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrainingCategory {
    Planting,
    Breeding,
    Economy,
    Party,
    Other,
}

impl TrainingCategory {
    pub const ALL: [TrainingCategory; 5] = [
        TrainingCategory::Planting,
        TrainingCategory::Breeding,
        TrainingCategory::Economy,
        TrainingCategory::Party,
        TrainingCategory::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TrainingCategory::Planting => "planting",
            TrainingCategory::Breeding => "breeding",
            TrainingCategory::Economy => "economy",
            TrainingCategory::Party => "party",
            TrainingCategory::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainingSession {
    pub date: NaiveDate,
    /// Where the date is written, for the session-future warning.
    pub date_at: At,
    pub topic: String,
    pub topic_en: Option<String>,
    pub category: TrainingCategory,
    pub participants: Figure<i64>,
    pub illustrative: bool,
    pub line: usize,
}
