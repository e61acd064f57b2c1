//! Every user-visible label, unit and help line, in Chinese and English, in one place.

use crate::cli::Lang;
use crate::data::indicators::IncomeStatus;
use crate::data::{BranchStatus, MemberLevel, ProjectCategory, TrainingCategory};
use crate::text::{number, wan};

pub mod accounts;
pub mod county;
mod en;
pub mod messages;
mod zh;

pub use en::EN;
pub use zh::ZH;

/// The words of the command line: `--help` and usage errors.
pub struct CliWords {
    /// clap's help template, with the headings in this language.
    pub template: &'static str,
    pub about: &'static str,
    pub long_about: &'static str,
    pub commands_heading: &'static str,
    pub options_heading: &'static str,
    pub command_value: &'static str,
    pub help_flag: &'static str,
    pub version_flag: &'static str,
    pub config: &'static str,
    pub lang: &'static str,
    pub color: &'static str,
    pub ascii: &'static str,
    pub theme: &'static str,
    /// The usage line of the whole command.
    pub usage: &'static str,
    /// `(subcommand, what it does, its usage line)`, for every subcommand.
    pub subcommands: &'static [(&'static str, &'static str, &'static str)],
    /// clap's `help` subcommand.
    pub help_command: &'static str,
    pub summary_format: &'static str,
    pub snapshot_tab: &'static str,
    pub snapshot_width: &'static str,
    pub snapshot_height: &'static str,
    pub export_format: &'static str,
    pub export_out: &'static str,
    pub export_no_bom: &'static str,
    /// Usage errors; `{}` (or `{arg}`, `{value}`) is replaced.
    pub unknown_argument: &'static str,
    pub unknown_command: &'static str,
    pub invalid_value: &'static str,
    pub missing_argument: &'static str,
    /// An option given without its value (`--lang` at the end).
    pub missing_value: &'static str,
    /// `--width` / `--height` outside 1..=1000 or not a number.
    pub out_of_range: &'static str,
    /// A flag given a value (`--ascii=3`).
    pub takes_no_value: &'static str,
    pub not_utf8: &'static str,
    /// Any other usage error clap may raise.
    pub bad_usage: &'static str,
    pub conflict: &'static str,
    pub valid_values: &'static str,
    pub did_you_mean: &'static str,
    pub more_help: &'static str,
}

pub struct Strings {
    pub lang: Lang,
    pub cli: CliWords,
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
    /// The warning count's word where the status line is short of room.
    pub warnings_short: &'static str,
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
    /// Status line: before the data directory.
    pub source_label: &'static str,
    /// Status line: the figures are the copy built into the program.
    pub built_in_data: &'static str,
    /// Status line: the keys of the current view, `(key, what it does)`.
    /// Between a key and its word: nothing in Chinese, whose words stand apart already.
    pub key_gap: &'static str,
    pub key_open: &'static str,
    pub key_filter: &'static str,
    pub key_sort: &'static str,
    pub key_edit: &'static str,
    pub key_help: &'static str,
    pub key_quit: &'static str,
    pub key_close: &'static str,
    pub key_back: &'static str,
    pub key_confirm: &'static str,
    pub key_clear: &'static str,
    pub key_tabs: &'static str,
    pub key_scroll: &'static str,
    pub key_errors: &'static str,
    /// Said once in the status line when the start-up probe found wide ambiguous glyphs.
    pub ascii_switched: &'static str,
    /// `error` in `village-dash: error: ...`.
    pub error_word: &'static str,
    pub settings_not_utf8: &'static str,
    pub settings_no_dir: &'static str,
    pub settings_file_label: &'static str,
    pub settings_file_found: &'static str,
    pub settings_file_missing: &'static str,
    pub origin_flag: &'static str,
    pub origin_env: &'static str,
    pub origin_file: &'static str,
    pub origin_default: &'static str,
    /// Freshness words in the status line: the files changed and a reload is under way.
    pub fresh_reloading: &'static str,
    /// The last reload failed: the figures on screen are older than the files.
    pub fresh_failed: &'static str,
    /// Change events cannot be had: the files are compared on a timer.
    pub watch_polling: &'static str,
    /// Said on stderr by every command that runs on the built-in data.
    pub built_in_notice: &'static str,
    /// What the `*` mark means, shown wherever a marked figure is.
    pub mark_legend: &'static str,
    /// The legend in a few columns, for chart titles on small screens.
    pub mark_legend_short: &'static str,
    /// `年` in `50/年` / `yr`.
    pub per_year: &'static str,
    /// A project whose place the source does not give.
    pub place_unpublished: &'static str,
    /// After a figure that is an assumption: `2022(假定)`.
    pub assumed: &'static str,
    /// `累计` / `cumulative`.
    pub cumulative: &'static str,
    /// Why 15 and 16 both appear.
    pub villages_explained: &'static str,
    /// Label of the cumulative acreage.
    pub oat_cumulative: &'static str,
    /// Label of the per-session sum beside the published attendances.
    pub sessions_summed: &'static str,
    /// After a change on the year before computed from a part of a year.
    pub partial_year_change: &'static str,
    /// Column header of the mark column in csv and xlsx.
    pub col_mark: &'static str,
}

/// What a figure counts, for writing it with its unit and qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    Mu,
    Tonnes,
    Households,
    Attendances,
    Sessions,
    Count,
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

    /// A name that may have an English form: the English one in English when there is
    /// one, else the (Chinese) name. The one helper for every such name on every screen.
    pub fn name<'a>(&self, name: &'a str, name_en: Option<&'a str>) -> &'a str {
        match (name_en, self.english()) {
            (Some(en), true) => en,
            _ => name,
        }
    }

    /// Money as officials write it: `23.6万元` / `236,000 yuan`.
    pub fn money(&self, yuan: i64) -> String {
        match self.lang {
            Lang::Zh if yuan.abs() < 10_000 => format!("{yuan}元"),
            Lang::Zh => format!("{}万元", wan(yuan, 2)),
            Lang::En => format!("{} yuan", number(yuan, Lang::En)),
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
            Lang::En => format!("{} mu", number(mu, Lang::En)),
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
            Lang::Zh => format!("{t}吨"),
            Lang::En => format!("{} t", number(t, Lang::En)),
        }
    }

    pub fn households(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}户"),
            Lang::En => number(n, Lang::En),
        }
    }

    pub fn person_times(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}人次"),
            Lang::En if n == 1 => "1 attendance".to_string(),
            Lang::En => format!("{} attendances", number(n, Lang::En)),
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

    /// A setting with a value it cannot take.
    pub fn settings_bad_value(&self, key: &str, found: &str, expected: &str) -> String {
        match self.lang {
            Lang::Zh => format!("{key} 的值 `{found}` 无效;可用的值:{expected}"),
            Lang::En => format!("`{found}` is not a value of {key}: expected one of {expected}"),
        }
    }

    /// A key the settings file does not know.
    pub fn settings_unknown_key(&self, found: &str, keys: &str) -> String {
        match self.lang {
            Lang::Zh => format!("未知的设置项 `{found}`;可用的设置项:{keys}"),
            Lang::En => format!("unknown setting `{found}`: expected one of {keys}"),
        }
    }

    /// A setting of the wrong kind (`ascii = "yes"`).
    pub fn settings_bad_type(&self, found: &str) -> String {
        match self.lang {
            Lang::Zh => format!(
                "值 {found} 类型不对:lang、theme、color 写带引号的文字,ascii 写 true 或 false"
            ),
            Lang::En => format!(
                "{found} is the wrong kind of value: lang, theme and color take text in quotes, \
                 ascii takes true or false"
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

    /// The settings file is not valid TOML; `detail` is the parser's own words.
    pub fn settings_syntax(&self, detail: &str) -> String {
        match self.lang {
            Lang::Zh => format!("不是有效的 TOML:{detail}"),
            Lang::En => format!("not valid TOML: {detail}"),
        }
    }

    /// A bare number by this language's rule: no separators in Chinese (large figures are
    /// written with 万 where a unit allows), commas every three digits in English.
    pub fn number(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => n.to_string(),
            Lang::En => number(n, Lang::En),
        }
    }

    /// `*` after a figure that is not published (or a total that includes one).
    pub fn mark(&self, marked: bool) -> &'static str {
        if marked { "*" } else { "" }
    }

    /// A headline figure in this language's idiom, with its qualifier, basis and mark:
    /// `3000余吨` / `more than 3,000 t`, `约1500元` / `about 1,500 yuan`,
    /// `200余人次` / `200+ attendances`, `累计3.1万亩` / `31,000 mu cumulative`.
    pub fn total(&self, t: &crate::data::indicators::Total, unit: Unit) -> String {
        use crate::data::{Basis, Qualifier};
        let n = t.value;
        let zh = self.lang == Lang::Zh;
        // Chinese writes the qualifier between the number and the unit (3000余吨) or before
        // it (约1500元); English before the number (more than 3,000 t; 200+ attendances).
        let (number, unit_text) = match (self.lang, unit) {
            (Lang::Zh, Unit::Yuan) if n.abs() >= 10_000 => (wan(n, 2), "万元".to_string()),
            (Lang::Zh, Unit::Yuan) => (n.to_string(), "元".to_string()),
            (Lang::Zh, Unit::Mu) if n >= 10_000 => (wan(n, 2), "万亩".to_string()),
            (Lang::Zh, Unit::Mu) => (n.to_string(), "亩".to_string()),
            (Lang::Zh, Unit::Tonnes) => (n.to_string(), "吨".to_string()),
            (Lang::Zh, Unit::Households) => (n.to_string(), "户".to_string()),
            (Lang::Zh, Unit::Attendances) => (n.to_string(), "人次".to_string()),
            (Lang::Zh, Unit::Sessions) => (n.to_string(), "次".to_string()),
            (Lang::Zh, Unit::Count) => (n.to_string(), String::new()),
            (Lang::En, Unit::Yuan) => (number(n, Lang::En), " yuan".to_string()),
            (Lang::En, Unit::Mu) => (number(n, Lang::En), " mu".to_string()),
            (Lang::En, Unit::Tonnes) => (number(n, Lang::En), " t".to_string()),
            (Lang::En, Unit::Households) => (number(n, Lang::En), " households".to_string()),
            (Lang::En, Unit::Attendances) => (
                number(n, Lang::En),
                if n == 1 {
                    " attendance"
                } else {
                    " attendances"
                }
                .to_string(),
            ),
            (Lang::En, Unit::Sessions) => (
                number(n, Lang::En),
                if n == 1 { " session" } else { " sessions" }.to_string(),
            ),
            (Lang::En, Unit::Count) => (number(n, Lang::En), String::new()),
        };
        let body = match (zh, t.qualifier) {
            (_, Qualifier::Exact) => format!("{number}{unit_text}"),
            (true, Qualifier::About) => format!("约{number}{unit_text}"),
            (true, Qualifier::MoreThan) => format!("{number}余{unit_text}"),
            (true, Qualifier::AtLeast) => format!("至少{number}{unit_text}"),
            (false, Qualifier::About) => format!("about {number}{unit_text}"),
            (false, Qualifier::MoreThan) if unit == Unit::Attendances => {
                format!("{number}+{unit_text}")
            }
            (false, Qualifier::MoreThan) => format!("more than {number}{unit_text}"),
            (false, Qualifier::AtLeast) => format!("at least {number}{unit_text}"),
        };
        let body = match (zh, t.basis) {
            (true, Some(Basis::Cumulative)) => format!("累计{body}"),
            (true, Some(Basis::Annual)) => format!("每年{body}"),
            (false, Some(Basis::Cumulative)) => format!("{body} cumulative"),
            (false, Some(Basis::Annual)) => format!("{body} a year"),
            (_, None) => body,
        };
        format!("{body}{}", self.mark(t.marked()))
    }

    /// The latest year as a title: `2023年(截至6月30日)` / `2023 (to 30 June)` when `as_of`
    /// falls inside it, else `2023年` / `2023`.
    pub fn year_as_of(&self, year: i32, as_of: chrono::NaiveDate, partial: bool) -> String {
        use chrono::Datelike;
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match (self.lang, partial) {
            (Lang::Zh, true) => format!("{year}年(截至{}月{}日)", as_of.month(), as_of.day()),
            (Lang::En, true) => format!(
                "{year} (to {} {})",
                as_of.day(),
                MONTHS[as_of.month0() as usize]
            ),
            _ => self.year(year),
        }
    }

    /// `2023年` / `2023`.
    pub fn year(&self, year: i32) -> String {
        format!("{year}{}", self.year_label)
    }
}
