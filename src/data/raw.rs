//! The files as serde reads them: every field that a check may point at keeps its span.
//! These structs are the contract's key names; `deny_unknown_fields` makes a typo an error.

use std::collections::BTreeMap;

use serde::Deserialize;
use smallvec::SmallVec;
use toml::Spanned;
use toml::value::Datetime;

use super::model::{
    Basis, BranchStatus, MemberLevel, ProjectCategory, Provenance, Qualifier, TrainingCategory,
};

/// A year table: `2022 = 168000`, in the order of its keys (as text, like the map it
/// replaces). Keys stay text so a bad year can be pointed at. A table of up to six years
/// is kept inline and its keys are short, so reading one allocates nothing: a national file
/// holds millions of them.
#[derive(Debug, Default, PartialEq)]
pub struct RawYears(SmallVec<[(Spanned<YearKey>, Spanned<i64>); 6]>);

impl RawYears {
    /// Adds `key = value`; as a map does, a key seen before keeps its place and span and
    /// takes the new value.
    pub fn insert(&mut self, key: Spanned<YearKey>, value: Spanned<i64>) {
        // Years are mostly written in order: a key after the last is simply added.
        if self
            .0
            .last()
            .is_none_or(|(k, _)| k.get_ref() < key.get_ref())
        {
            self.0.push((key, value));
            return;
        }
        match self
            .0
            .binary_search_by(|(k, _)| k.get_ref().cmp(key.get_ref()))
        {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// Adds `key = value` unless `key` is there already, and says whether it was added:
    /// one search instead of a look and an insert, and in year order a compare with the
    /// last key only.
    pub fn insert_new(&mut self, key: Spanned<YearKey>, value: Spanned<i64>) -> bool {
        if self
            .0
            .last()
            .is_none_or(|(k, _)| k.get_ref() < key.get_ref())
        {
            self.0.push((key, value));
            return true;
        }
        match self
            .0
            .binary_search_by(|(k, _)| k.get_ref().cmp(key.get_ref()))
        {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, (key, value));
                true
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<YearKey>, &Spanned<i64>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a RawYears {
    type Item = (&'a Spanned<YearKey>, &'a Spanned<i64>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Spanned<YearKey>, Spanned<i64>)>,
        fn(&'a (Spanned<YearKey>, Spanned<i64>)) -> Self::Item,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de> Deserialize<'de> for RawYears {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Years;
        impl<'de> serde::de::Visitor<'de> for Years {
            type Value = RawYears;

            // The words of the map this replaces, so a wrong value reads as before.
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawYears, A::Error> {
                let mut years = RawYears::default();
                while let Some((key, value)) = map.next_entry()? {
                    years.insert(key, value);
                }
                Ok(years)
            }
        }
        deserializer.deserialize_map(Years)
    }
}

/// The text of a year table's key, kept inline when short (as every year is).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearKey(SmallVec<[u8; 16]>);

impl YearKey {
    pub fn new(key: &str) -> Self {
        YearKey(SmallVec::from_slice(key.as_bytes()))
    }

    /// The key's bytes, without the UTF-8 check of [`YearKey::as_str`].
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        // Only ever made from a `&str`, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::ops::Deref for YearKey {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for YearKey {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<'de> Deserialize<'de> for YearKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = YearKey;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<YearKey, E> {
                Ok(YearKey::new(v))
            }
        }
        deserializer.deserialize_str(Key)
    }
}

/// A figure that may carry its wording: a plain whole number (`fertilizer_t = 3000`) or an
/// inline table (`fertilizer_t = { value = 3000, qualifier = "more_than" }`).
#[derive(Debug)]
pub enum RawFigure {
    Plain(i64),
    Table(RawQualified),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQualified {
    pub value: Spanned<i64>,
    pub qualifier: Option<Spanned<Qualifier>>,
    pub basis: Option<Spanned<Basis>>,
    pub status: Option<Spanned<Provenance>>,
    pub source: Option<Spanned<String>>,
    /// The source's name in English, for English reports.
    pub source_en: Option<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawFigure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawFigure;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a whole number, or a table like { value = 3000, qualifier = \"more_than\" }",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawFigure, E> {
                Ok(RawFigure::Plain(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawFigure, E> {
                i64::try_from(v).map(RawFigure::Plain).map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Unsigned(v), &"a whole number")
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawFigure, A::Error> {
                RawQualified::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawFigure::Table)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownshipFile {
    pub township: RawTownship,
    pub thresholds: RawThresholds,
    pub party_building: RawPartyBuilding,
    #[serde(default)]
    pub warnings: Option<RawWarnings>,
    #[serde(default)]
    pub early_warning: Option<RawEarlyWarning>,
}

/// `[early_warning]`: the thresholds of the early-warning rules, in per cent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlyWarning {
    pub fall_percent: Option<Spanned<i64>>,
    pub subsidy_share_percent: Option<Spanned<i64>>,
    pub project_share_percent: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTownship {
    pub name: Spanned<String>,
    pub name_en: Option<Spanned<String>>,
    pub county: Spanned<String>,
    pub county_en: Option<Spanned<String>>,
    pub city: Spanned<String>,
    pub city_en: Option<Spanned<String>>,
    pub administrative_villages: Spanned<i64>,
    pub as_of: Spanned<Datetime>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub income_floor_yuan: Spanned<i64>,
    pub income_strong_yuan: Spanned<i64>,
    pub basis: Option<Spanned<super::accounts::Basis>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPartyBuilding {
    pub since: Spanned<i64>,
    pub branches_rectified: Spanned<i64>,
    pub strongest_branches: Spanned<i64>,
    pub venues_renovated: Spanned<i64>,
    pub leaders_added: Spanned<i64>,
}

/// `[warnings] silence = ["income-jump"]`: warning kinds that are expected for this data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWarnings {
    #[serde(default)]
    pub silence: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillagesFile {
    #[serde(default)]
    pub village: Vec<Spanned<RawVillage>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVillage {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub name_en: Option<Spanned<String>>,
    pub households: Option<Spanned<i64>>,
    pub party_branch: Option<Spanned<BranchStatus>>,
    #[serde(default)]
    pub oat_program: bool,
    #[serde(default)]
    pub illustrative: bool,
    pub collective_income_yuan: RawYears,
    #[serde(default)]
    pub oat_grass_mu: RawYears,
    /// 表六 rows 2–6 by year: `[village.income_by_source.2024]`.
    #[serde(default)]
    pub income_by_source: BTreeMap<Spanned<String>, Spanned<RawBreakdown>>,
    #[serde(default)]
    pub target_yuan: RawYears,
}

/// One year of income by source; a missing source counts as 0.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreakdown {
    pub operating: Option<Spanned<i64>>,
    pub contracting: Option<Spanned<i64>>,
    pub investment: Option<Spanned<i64>>,
    pub subsidy: Option<Spanned<i64>>,
    pub other: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsortiumFile {
    pub consortium: RawConsortium,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConsortium {
    pub name: Spanned<String>,
    pub name_en: Option<Spanned<String>>,
    pub founded: Spanned<i64>,
    pub households_served: Spanned<RawFigure>,
    pub fertilizer_t: Spanned<RawFigure>,
    pub oat_grass_mu: Spanned<RawFigure>,
    pub household_income_gain_yuan: Spanned<RawFigure>,
    #[serde(default)]
    pub member: Vec<Spanned<RawMember>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMember {
    pub name: Spanned<String>,
    pub name_en: Option<Spanned<String>>,
    pub level: Spanned<MemberLevel>,
    pub count: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectsFile {
    #[serde(default)]
    pub project: Vec<Spanned<RawProject>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub name_en: Option<Spanned<String>>,
    pub category: Spanned<ProjectCategory>,
    #[serde(default)]
    pub villages: Vec<Spanned<String>>,
    /// `true` where the source says the project covers the whole township.
    #[serde(default)]
    pub township_wide: bool,
    pub started: Option<Spanned<RawFigure>>,
    /// A yearly figure published with no year, e.g. `{ value = 500000, basis = "annual" }`.
    pub annual_income_yuan: Option<Spanned<RawFigure>>,
    pub area_mu: Option<Spanned<f64>>,
    pub jobs: Option<Spanned<i64>>,
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub collective_income_yuan: RawYears,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingFile {
    /// The township-level figures as published, separate from the sessions.
    pub training: Option<Spanned<RawTrainingTotals>>,
    #[serde(default)]
    pub session: Vec<Spanned<RawSession>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrainingTotals {
    pub since: Option<Spanned<i64>>,
    pub sessions: Option<Spanned<RawFigure>>,
    pub participants: Option<Spanned<RawFigure>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    pub date: Spanned<Datetime>,
    pub topic: Spanned<String>,
    pub topic_en: Option<Spanned<String>>,
    pub category: Spanned<TrainingCategory>,
    pub participants: Spanned<i64>,
    #[serde(default)]
    pub illustrative: bool,
}
