//! The collective accounts in `summary` and the reports: the basis, the early-warning list
//! and each village's operating income, target and 完成率 (income ÷ target).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::accounts::{AccountsRow, Breakdown, Source};
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;
use crate::text::{pad_left, pad_right, sanitize, width};

/// One village on the early-warning list (`at_risk` in `summary --format json`).
#[derive(Debug, Serialize)]
pub struct AtRiskJson {
    pub id: String,
    pub name: String,
    /// Rule names: `operating-below-floor`, `falling`, `subsidy-dependent`,
    /// `project-dependent`.
    pub reasons: Vec<&'static str>,
}

/// The accounts keys of a village row; each appears only where it has a value.
#[derive(Debug, Serialize, Default)]
pub struct RowAccountsJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub income_by_source: Option<SourcesJson>,
    /// Income less subsidies, where there is a breakdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operating_income_yuan: Option<i64>,
    /// On the operating basis, judged on the total for want of a breakdown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_breakdown: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_yuan: Option<i64>,
    /// Income on the basis ÷ target × 100, one decimal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_percent: Option<f64>,
}

/// One year of income by source, with the keys of `villages.toml`, in the form's order.
#[derive(Debug, Serialize)]
pub struct SourcesJson {
    pub operating: i64,
    pub contracting: i64,
    pub investment: i64,
    pub subsidy: i64,
    pub other: i64,
}

impl From<&Breakdown> for SourcesJson {
    fn from(b: &Breakdown) -> Self {
        SourcesJson {
            operating: b.get(Source::Operating),
            contracting: b.get(Source::Contracting),
            investment: b.get(Source::Investment),
            subsidy: b.get(Source::Subsidy),
            other: b.get(Source::Other),
        }
    }
}

/// A village's breakdowns by year, for the JSON report.
pub fn by_year_json(v: &crate::data::Village) -> BTreeMap<i32, SourcesJson> {
    v.income_by_source
        .iter()
        .map(|(y, b)| (*y, SourcesJson::from(b)))
        .collect()
}

pub fn row_json(row: &AccountsRow) -> RowAccountsJson {
    RowAccountsJson {
        income_by_source: row.breakdown.as_ref().map(SourcesJson::from),
        operating_income_yuan: row.operating,
        no_breakdown: row.no_breakdown,
        target_yuan: row.target,
        target_percent: row.target_percent,
    }
}

pub fn at_risk_json(data: &Dataset, ind: &Indicators) -> Vec<AtRiskJson> {
    ind.accounts
        .at_risk
        .iter()
        .map(|&i| AtRiskJson {
            id: sanitize(&data.villages[i].id),
            name: sanitize(&data.villages[i].name),
            reasons: ind.accounts.rows[i]
                .reasons
                .iter()
                .map(|r| r.name())
                .collect(),
        })
        .collect()
}

/// `(名, 原因, 原因)`: the reasons of a village in words, joined.
pub fn reasons_text(row: &AccountsRow, s: &Strings) -> String {
    let a = s.accounts();
    let sep = if s.english() { ", " } else { "、" };
    row.reasons
        .iter()
        .map(|r| a.rule(*r))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `96.0%`.
pub fn percent_text(p: f64) -> String {
    format!("{p:.1}%")
}

/// The basis and the number of villages at risk, for the headline figures.
pub fn headline(data: &Dataset, ind: &Indicators, s: &Strings) -> Vec<(String, String)> {
    let a = s.accounts();
    let _ = data;
    vec![
        (
            a.basis.to_string(),
            a.basis_name(ind.accounts.basis).to_string(),
        ),
        (
            a.at_risk.to_string(),
            (a.villages_at_risk)(ind.accounts.at_risk.len()),
        ),
    ]
}

/// Rows of the accounts table: each village with a breakdown, a target or a reason.
pub fn table_rows(data: &Dataset, ind: &Indicators, s: &Strings) -> Vec<[String; 6]> {
    let a = s.accounts();
    data.villages
        .iter()
        .zip(&ind.accounts.rows)
        .zip(&ind.rows)
        .filter(|((_, acc), _)| {
            acc.breakdown.is_some()
                || acc.target.is_some()
                || acc.no_breakdown
                || !acc.reasons.is_empty()
        })
        .map(|((v, acc), row)| {
            let dash = || "-".to_string();
            let operating = match (acc.operating, acc.no_breakdown) {
                (Some(o), _) => s.money(o),
                (None, true) => a.no_breakdown.to_string(),
                (None, false) => dash(),
            };
            [
                sanitize(s.name(&v.name, v.name_en.as_deref())),
                row.income.map_or_else(dash, |i| s.money(i)),
                operating,
                acc.target.map_or_else(dash, |t| s.money(t)),
                acc.target_percent.map_or_else(dash, percent_text),
                reasons_text(acc, s),
            ]
        })
        .collect()
}

/// The headers of `table_rows`.
pub fn table_headers(s: &Strings) -> [&'static str; 6] {
    let a = s.accounts();
    [
        s.col_name,
        s.col_income,
        a.col_operating,
        a.col_target,
        a.col_target_percent,
        a.col_reasons,
    ]
}

/// The accounts section of the text summary: the early-warning list, then the villages
/// with a breakdown, a target or a reason.
pub fn render_text(data: &Dataset, ind: &Indicators, s: &Strings) -> String {
    let a = s.accounts();
    let mut out = String::from("\n");
    let year = ind.latest_year.map(|y| s.year(y)).unwrap_or_default();
    out.push_str(&format!("{year} {}\n", a.at_risk_list));
    if ind.accounts.at_risk.is_empty() {
        out.push_str(&format!("  {}\n", a.nobody_at_risk));
    }
    for &i in &ind.accounts.at_risk {
        out.push_str(&format!(
            "  {}  {}\n",
            sanitize(s.name(&data.villages[i].name, data.villages[i].name_en.as_deref())),
            reasons_text(&ind.accounts.rows[i], s)
        ));
    }
    let rows = table_rows(data, ind, s);
    if rows.is_empty() {
        return out;
    }
    out.push('\n');
    let headers = table_headers(s);
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            match i {
                0 => l.push_str(&pad_right(cell, w + 2)),
                5 => {
                    l.push_str("  ");
                    l.push_str(cell);
                }
                _ => l.push_str(&pad_left(cell, w + 2)),
            }
        }
        l.trim_end().to_string() + "\n"
    };
    out.push_str(&line(&mut headers.iter().copied()));
    for row in &rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}
