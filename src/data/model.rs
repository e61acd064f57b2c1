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

/// A year table such as `[village.collective_income_yuan]`: year to figure, in year order.
pub type YearSeries = BTreeMap<i32, Figure<i64>>;

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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Township {
    pub name: String,
    pub name_en: Option<String>,
    pub county: String,
    pub city: String,
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

    /// The name in the requested language, falling back to the Chinese name.
    pub fn display_name(&self, english: bool) -> &str {
        match (&self.name_en, english) {
            (Some(en), true) => en,
            _ => &self.name,
        }
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
    pub founded: i32,
    pub households_served: Figure<i64>,
    pub fertilizer_t: Figure<i64>,
    pub oat_grass_mu: Figure<i64>,
    pub household_income_gain_yuan: Figure<i64>,
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
    /// Indexes into `Dataset::villages`; empty means township-wide.
    pub villages: Vec<usize>,
    pub started: Option<i32>,
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
