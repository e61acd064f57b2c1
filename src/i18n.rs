//! Every user-visible label, unit and help line, in Chinese and English, in one place.

use crate::cli::Lang;
use crate::data::indicators::IncomeStatus;
use crate::data::{BranchStatus, MemberLevel, ProjectCategory, TrainingCategory};
use crate::text::{thousands, wan};

pub mod accounts;
mod en;
mod zh;

pub use en::EN;
pub use zh::ZH;

pub struct Strings {
    pub lang: Lang,
    pub tabs: [&'static str; 6],
    pub as_of: &'static str,
    pub villages: &'static str,
    pub village: &'static str,
    pub at_floor: &'static str,
    pub at_strong: &'static str,
    pub income_total: &'static str,
    pub change_on_year: &'static str,
    pub oat_grass: &'static str,
    pub households_served: &'static str,
    pub fertilizer: &'static str,
    pub income_gain: &'static str,
    pub training: &'static str,
    pub sessions: &'static str,
    pub participants: &'static str,
    pub projects: &'static str,
    pub income_chart: &'static str,
    pub floor_marker: &'static str,
    pub strong_marker: &'static str,
    pub col_name: &'static str,
    pub col_income: &'static str,
    pub col_change: &'static str,
    pub col_status: &'static str,
    pub col_oat: &'static str,
    pub col_households: &'static str,
    pub col_branch: &'static str,
    pub col_trend: &'static str,
    pub col_category: &'static str,
    pub col_villages: &'static str,
    pub col_area: &'static str,
    pub col_jobs: &'static str,
    pub col_started: &'static str,
    pub col_date: &'static str,
    pub col_topic: &'static str,
    pub col_level: &'static str,
    pub col_year: &'static str,
    pub col_collective: &'static str,
    pub township_wide: &'static str,
    pub income_by_year: &'static str,
    pub oat_by_year: &'static str,
    pub oat_by_village: &'static str,
    pub projects_of_village: &'static str,
    pub none: &'static str,
    pub members: &'static str,
    pub published_totals: &'static str,
    pub project_income: &'static str,
    pub participants_per_session: &'static str,
    pub totals_by_category: &'static str,
    pub party_counts: &'static str,
    pub branches_rectified: &'static str,
    pub strongest_branches: &'static str,
    pub venues_renovated: &'static str,
    pub leaders_added: &'static str,
    pub branch_status_of_villages: &'static str,
    pub since: &'static str,
    pub illustrative_note: &'static str,
    pub filter: &'static str,
    pub sort: &'static str,
    pub loaded_at: &'static str,
    pub warnings: &'static str,
    pub help_hint: &'static str,
    pub too_small: &'static str,
    pub errors_banner: &'static str,
    pub errors_title: &'static str,
    pub warnings_title: &'static str,
    pub help_title: &'static str,
    pub no_warnings: &'static str,
    pub no_errors: &'static str,
    pub help: &'static [(&'static str, &'static str)],
    pub back_hint: &'static str,
    pub no_data: &'static str,
    pub year_label: &'static str,
    pub latest_year: &'static str,
    pub chart_money_unit: &'static str,
    pub mu_unit: &'static str,
    pub founded_suffix: &'static str,
    pub villages_served: &'static str,
    pub village_count_suffix: &'static str,
    pub table_income_unit: &'static str,
    pub table_oat_unit: &'static str,
    pub errors_hint: &'static str,
    pub built_in_not_editable: &'static str,
    pub col_gap: &'static str,
    pub file_order: &'static str,
    pub sort_keys: &'static str,
    pub township_trend: &'static str,
    pub villages_at_targets: &'static str,
    pub legend_target: &'static str,
    pub outlier_note: &'static str,
    pub warned_note: &'static str,
    pub zoom_note: &'static str,
    pub annual_income: &'static str,
    pub dated_facts: &'static str,
    pub by_session: &'static str,
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Strings {
    pub fn english(&self) -> bool {
        self.lang == Lang::En
    }

    /// Money as officials write it: `23.6万元` / `236,000 yuan`.
    pub fn money(&self, yuan: i64) -> String {
        match self.lang {
            Lang::Zh if yuan.abs() < 10_000 => format!("{yuan}元"),
            Lang::Zh => format!("{}万元", wan(yuan, 2)),
            Lang::En => format!("{} yuan", thousands(yuan)),
        }
    }

    /// A compact money figure for tables and charts: `23.6万` / `236k`.
    pub fn money_short(&self, yuan: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{}万", wan(yuan, 2)),
            Lang::En if yuan.abs() >= 1_000_000 => format!("{}m", wan(yuan * 10 / 1000, 2)),
            Lang::En => format!("{}k", wan(yuan * 10, 1)),
        }
    }

    /// Area: `3.1万亩` for 10,000 mu and up, `950亩` below; `31,000 mu` in English.
    pub fn area(&self, mu: i64) -> String {
        match self.lang {
            Lang::Zh if mu >= 10_000 => format!("{}万亩", wan(mu, 2)),
            Lang::Zh => format!("{mu}亩"),
            Lang::En => format!("{} mu", thousands(mu)),
        }
    }

    pub fn area_f(&self, mu: f64) -> String {
        match self.lang {
            Lang::Zh => format!("{mu}亩"),
            Lang::En => format!("{mu} mu"),
        }
    }

    pub fn tonnes(&self, t: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{}吨", thousands(t)),
            Lang::En => format!("{} t", thousands(t)),
        }
    }

    pub fn households(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}户"),
            Lang::En => thousands(n),
        }
    }

    pub fn person_times(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}人次"),
            Lang::En => format!("{} participants", thousands(n)),
        }
    }

    /// `3次` / `3 sessions`.
    pub fn sessions_count(&self, n: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{n}次"),
            Lang::En if n == 1 => "1 session".to_string(),
            Lang::En => format!("{n} sessions"),
        }
    }

    pub fn count_of(&self, n: usize, of: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{n}/{of}村"),
            Lang::En => format!("{n} of {of}"),
        }
    }

    pub fn status(&self, status: IncomeStatus) -> &'static str {
        match (self.lang, status) {
            (Lang::Zh, IncomeStatus::Strong) => "20万+",
            (Lang::Zh, IncomeStatus::AtFloor) => "10万+",
            (Lang::Zh, IncomeStatus::BelowFloor) => "未达标",
            (Lang::En, IncomeStatus::Strong) => "200k+",
            (Lang::En, IncomeStatus::AtFloor) => "100k+",
            (Lang::En, IncomeStatus::BelowFloor) => "below",
        }
    }

    pub fn branch(&self, status: BranchStatus) -> &'static str {
        match (self.lang, status) {
            (Lang::Zh, BranchStatus::Strongest) => "最强党支部",
            (Lang::Zh, BranchStatus::Rectified) => "已整顿",
            (Lang::Zh, BranchStatus::Ordinary) => "一般",
            (Lang::En, BranchStatus::Strongest) => "strongest",
            (Lang::En, BranchStatus::Rectified) => "rectified",
            (Lang::En, BranchStatus::Ordinary) => "ordinary",
        }
    }

    pub fn level(&self, level: MemberLevel) -> &'static str {
        match (self.lang, level) {
            (Lang::Zh, MemberLevel::Township) => "乡级",
            (Lang::Zh, MemberLevel::City) => "市级",
            (Lang::Zh, MemberLevel::County) => "县级",
            (Lang::Zh, MemberLevel::Village) => "村级",
            (Lang::En, MemberLevel::Township) => "township",
            (Lang::En, MemberLevel::City) => "city",
            (Lang::En, MemberLevel::County) => "county",
            (Lang::En, MemberLevel::Village) => "village",
        }
    }

    pub fn project_category(&self, c: ProjectCategory) -> &'static str {
        match (self.lang, c) {
            (Lang::Zh, ProjectCategory::Processing) => "加工",
            (Lang::Zh, ProjectCategory::Livestock) => "养殖",
            (Lang::Zh, ProjectCategory::Planting) => "种植",
            (Lang::Zh, ProjectCategory::Logistics) => "物流",
            (Lang::Zh, ProjectCategory::Tourism) => "文旅",
            (Lang::Zh, ProjectCategory::Other) => "其他",
            (Lang::En, c) => c.key(),
        }
    }

    pub fn training_category(&self, c: TrainingCategory) -> &'static str {
        match (self.lang, c) {
            (Lang::Zh, TrainingCategory::Planting) => "种植",
            (Lang::Zh, TrainingCategory::Breeding) => "养殖",
            (Lang::Zh, TrainingCategory::Economy) => "产业经济",
            (Lang::Zh, TrainingCategory::Party) => "党建",
            (Lang::Zh, TrainingCategory::Other) => "其他",
            (Lang::En, c) => c.key(),
        }
    }

    /// `2020年以来累计` / `Counted since 2020`.
    pub fn counted_since(&self, year: i32) -> String {
        match self.lang {
            Lang::Zh => format!("{year}年以来累计"),
            Lang::En => format!("Counted since {year}"),
        }
    }

    /// How many villages record a branch status: `(村庄记录 7 个)` / `(7 villages recorded)`.
    pub fn villages_recorded(&self, n: usize) -> String {
        match self.lang {
            Lang::Zh => format!("(村庄记录 {n} 个)"),
            Lang::En => format!("({n} villages recorded)"),
        }
    }

    /// The sort state spelled out: `按收入 从高到低` / `by income, high to low`.
    pub fn sort_state(&self, column: &str, descending: bool, text: bool) -> String {
        match (self.lang, text, descending) {
            (Lang::Zh, true, false) => format!("按{column} 拼音顺序"),
            (Lang::Zh, true, true) => format!("按{column} 拼音倒序"),
            (Lang::Zh, false, true) => format!("按{column} 从高到低"),
            (Lang::Zh, false, false) => format!("按{column} 从低到高"),
            (Lang::En, true, false) => format!("by {}, A to Z", column.to_lowercase()),
            (Lang::En, true, true) => format!("by {}, Z to A", column.to_lowercase()),
            (Lang::En, false, true) => format!("by {}, high to low", column.to_lowercase()),
            (Lang::En, false, false) => format!("by {}, low to high", column.to_lowercase()),
        }
    }

    /// How far short of the next target: `距20万差2.4万` / `24k to 200k`.
    pub fn gap(&self, target: i64, short: i64) -> String {
        match self.lang {
            Lang::Zh => format!(
                "距{}差{}",
                self.money_short(target),
                self.money_short(short)
            ),
            Lang::En => format!(
                "{} to {}",
                self.money_short(short),
                self.money_short(target)
            ),
        }
    }

    /// A filter that matches nothing: `没有匹配“tj”的村 · Esc 清除`.
    pub fn no_match(&self, filter: &str, ascii: bool) -> String {
        match (self.lang, ascii) {
            (Lang::Zh, false) => format!("没有匹配\u{201c}{filter}\u{201d}的村 \u{b7} Esc 清除"),
            (Lang::Zh, true) => format!("没有匹配\"{filter}\"的村 - Esc 清除"),
            (Lang::En, false) => {
                format!("No village matches \u{201c}{filter}\u{201d} \u{b7} Esc clears")
            }
            (Lang::En, true) => format!("No village matches \"{filter}\" - Esc clears"),
        }
    }

    /// Rows below the window: `↓ 还有 12 行` / `↓ 12 more`.
    pub fn more_rows(&self, n: usize, ascii: bool) -> String {
        let arrow = if ascii { "+" } else { "\u{2193}" };
        match self.lang {
            Lang::Zh => format!("{arrow} 还有 {n} 行"),
            Lang::En => format!("{arrow} {n} more"),
        }
    }

    /// `2023年` / `2023`.
    pub fn year(&self, year: i32) -> String {
        format!("{year}{}", self.year_label)
    }
}
