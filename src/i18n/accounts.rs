//! The words of the collective accounts (表六, basis, targets, early warning), in Chinese
//! and English: labels for the screens and reports, and the diagnostics of `check`.

use super::Strings;
use crate::cli::Lang;
use crate::data::accounts::{Basis, Finding, Rule, Source};
use crate::text::number;

pub struct AccountsWords {
    /// 表六 rows 2–6, in `Source::ALL` order.
    pub sources: [&'static str; 5],
    /// 表六 row 1.
    pub total: &'static str,
    pub basis_total: &'static str,
    pub basis_operating: &'static str,
    pub basis: &'static str,
    pub no_breakdown: &'static str,
    pub at_risk: &'static str,
    pub at_risk_list: &'static str,
    pub nobody_at_risk: &'static str,
    pub col_operating: &'static str,
    pub col_target: &'static str,
    pub col_target_percent: &'static str,
    pub col_reasons: &'static str,
    pub by_source: &'static str,
    pub target: &'static str,
    pub township_total: &'static str,
    pub row_code: &'static str,
    pub item: &'static str,
    pub sheet_name: &'static str,
    pub sheet_title: &'static str,
    pub balance_rule: &'static str,
    pub operating_note: &'static str,
    pub unit_yuan: &'static str,
    /// The sources in a chart legend, short.
    pub sources_short: [&'static str; 5],
    /// `no_breakdown` in a table cell.
    pub no_breakdown_short: &'static str,
    pub col_rules: &'static str,
    /// Short names of the rules, in `Rule::ALL` order.
    pub rules: [&'static str; 4],
    pub balance: fn(i32, i64, i64) -> String,
    pub finding: fn(&str, i32, &Finding, &str) -> String,
    pub villages_at_risk: fn(usize) -> String,
}

/// `58.3`: a share in per cent, one decimal; more decimals where one would round a share
/// just over a limit down to the limit itself (`50.0004` rather than `50.0`).
fn percent(part: i64, whole: i64, limit: i64) -> String {
    if whole == 0 {
        return "-".to_string();
    }
    let share = part as f64 * 100.0 / whole as f64;
    let shown = format!("{share:.1}");
    if share > limit as f64 && shown.parse::<f64>().is_ok_and(|s| s <= limit as f64) {
        format!("{share:.4}")
    } else {
        shown
    }
}

pub const ACCOUNTS_ZH: AccountsWords = AccountsWords {
    sources: [
        "经营收入",
        "发包及上交收入",
        "投资收益",
        "补助收入",
        "其他收入",
    ],
    total: "总收入",
    basis_total: "总收入口径",
    basis_operating: "经营性口径(扣除补助收入)",
    basis: "口径",
    no_breakdown: "口径未分",
    at_risk: "预警",
    at_risk_list: "预警村",
    nobody_at_risk: "无",
    col_operating: "经营性",
    col_target: "目标",
    col_target_percent: "完成率",
    col_reasons: "原因",
    by_source: "收入构成",
    target: "本村目标",
    township_total: "全乡合计",
    row_code: "行次",
    item: "项目",
    sheet_name: "表六 收益分配",
    sheet_title: "村集体经济组织收益分配统计表(表六)",
    balance_rule: "平衡关系:1 = 2 + 3 + 4 + 5 + 6",
    operating_note: "经营性收入 = 1 - 5(总收入扣除补助收入)",
    unit_yuan: "单位:元",
    sources_short: ["经营", "发包上交", "投资", "补助", "其他"],
    no_breakdown_short: "未分",
    col_rules: "规则",
    rules: ["经营性未达标", "收入下降", "依赖补助", "依赖单一项目"],
    balance: |year, sum, total| {
        format!(
            "收入构成合计 {} 元,与 {year} 年集体收入总额 {} 元不符;两者应相等",
            number(sum, Lang::Zh),
            number(total, Lang::Zh)
        )
    },
    finding: |id, year, finding, project| match finding {
        Finding::OperatingBelowFloor {
            total,
            operating,
            floor,
        } => format!(
            "村 `{id}` {year} 年总收入 {} 元达到 {} 元,但扣除补助收入后只有 {} 元",
            number(*total, Lang::Zh),
            number(*floor, Lang::Zh),
            number(*operating, Lang::Zh)
        ),
        Finding::Falling {
            previous,
            income,
            limit,
        } => format!(
            "村 `{id}` {year} 年收入 {} 元,比上年 {} 元下降 {}%,超过 fall_percent = {limit}",
            number(*income, Lang::Zh),
            number(*previous, Lang::Zh),
            percent(previous - income, *previous, *limit)
        ),
        Finding::SubsidyDependent {
            subsidy,
            income,
            limit,
        } => format!(
            "村 `{id}` {year} 年补助收入 {} 元占收入 {} 元的 {}%,超过 subsidy_share_percent = {limit}",
            number(*subsidy, Lang::Zh),
            number(*income, Lang::Zh),
            percent(*subsidy, *income, *limit)
        ),
        Finding::ProjectDependent {
            share,
            project_income,
            villages,
            income,
            limit,
            ..
        } => format!(
            "村 `{id}` {year} 年来自项目 `{project}` 的收入 {} 元{}占收入 {} 元的 {}%,超过 project_share_percent = {limit}",
            number(*share, Lang::Zh),
            if *villages > 1 {
                format!(
                    "(项目收入 {} 元由 {villages} 个村均分)",
                    number(*project_income, Lang::Zh)
                )
            } else {
                String::new()
            },
            number(*income, Lang::Zh),
            percent(*share, *income, *limit)
        ),
    },
    villages_at_risk: |n| format!("{n}村"),
};

pub const ACCOUNTS_EN: AccountsWords = AccountsWords {
    sources: [
        "Operating income",
        "Contracting and remittances",
        "Investment income",
        "Subsidies",
        "Other income",
    ],
    total: "Total income",
    basis_total: "total income",
    basis_operating: "operating (income less subsidies)",
    basis: "Basis",
    no_breakdown: "no breakdown",
    at_risk: "At risk",
    at_risk_list: "Villages at risk",
    nobody_at_risk: "none",
    col_operating: "Operating",
    col_target: "Goal",
    col_target_percent: "Of goal",
    col_reasons: "Reasons",
    by_source: "Income by source",
    target: "own target",
    township_total: "Township total",
    row_code: "Row",
    item: "Item",
    sheet_name: "Table 6 Income distribution",
    sheet_title: "Income distribution of the village collectives (Table 6)",
    balance_rule: "Balance: 1 = 2 + 3 + 4 + 5 + 6",
    operating_note: "Operating income = 1 - 5 (total income less subsidies)",
    unit_yuan: "Unit: yuan",
    sources_short: ["operating", "contracting", "investment", "subsidy", "other"],
    no_breakdown_short: "no brkdn",
    col_rules: "Rules",
    rules: [
        "operating below floor",
        "falling",
        "subsidy-dependent",
        "project-dependent",
    ],
    balance: |year, sum, total| {
        format!(
            "sources add up to {}; the total for {year} is {}: they must be equal",
            number(sum, Lang::En),
            number(total, Lang::En)
        )
    },
    finding: |id, year, finding, project| match finding {
        Finding::OperatingBelowFloor {
            total,
            operating,
            floor,
        } => format!(
            "village `{id}`: income {} in {year} reaches the floor of {}, but income less subsidies is {}",
            number(*total, Lang::En),
            number(*floor, Lang::En),
            number(*operating, Lang::En)
        ),
        Finding::Falling {
            previous,
            income,
            limit,
        } => format!(
            "village `{id}`: income fell {}% in {year}, from {} to {}: more than fall_percent = {limit}",
            percent(previous - income, *previous, *limit),
            number(*previous, Lang::En),
            number(*income, Lang::En)
        ),
        Finding::SubsidyDependent {
            subsidy,
            income,
            limit,
        } => format!(
            "village `{id}`: subsidies of {} are {}% of the income of {} in {year}: more than subsidy_share_percent = {limit}",
            number(*subsidy, Lang::En),
            percent(*subsidy, *income, *limit),
            number(*income, Lang::En)
        ),
        Finding::ProjectDependent {
            share,
            project_income,
            villages,
            income,
            limit,
            ..
        } => format!(
            "village `{id}`: project `{project}` brings {} in {year}{}, {}% of the income of {}: more than project_share_percent = {limit}",
            number(*share, Lang::En),
            if *villages > 1 {
                format!(
                    " (its {} split among {villages} villages)",
                    number(*project_income, Lang::En)
                )
            } else {
                String::new()
            },
            percent(*share, *income, *limit),
            number(*income, Lang::En)
        ),
    },
    villages_at_risk: |n| {
        if n == 1 {
            "1 village".to_string()
        } else {
            format!("{n} villages")
        }
    },
};

impl AccountsWords {
    pub fn source(&self, source: Source) -> &'static str {
        self.sources[source as usize]
    }

    pub fn rule(&self, rule: Rule) -> &'static str {
        self.rules[rule as usize]
    }

    pub fn basis_name(&self, basis: Basis) -> &'static str {
        match basis {
            Basis::Total => self.basis_total,
            Basis::Operating => self.basis_operating,
        }
    }
}

impl Strings {
    /// The accounts words in this language.
    pub fn accounts(&self) -> &'static AccountsWords {
        match self.lang {
            Lang::Zh => &ACCOUNTS_ZH,
            Lang::En => &ACCOUNTS_EN,
        }
    }
}
