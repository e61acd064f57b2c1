//! `check`, `summary` and the exports of a county directory: the townships' own reports,
//! and the county's figures as their sums.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::cli::Lang;
use crate::data::county::{County, CountyOutcome, TownshipFigures};
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;
use crate::i18n::messages;
use crate::text::{pad_left, pad_right, sanitize};

/// One township that loaded: its folder, figures and derived indicators.
pub struct Part {
    pub folder: String,
    pub data: Dataset,
    pub ind: Indicators,
    pub warnings: usize,
}

impl Part {
    pub fn figures(&self) -> TownshipFigures {
        TownshipFigures::of(&self.data, &self.ind, self.warnings)
    }

    pub fn name(&self, s: &Strings) -> String {
        let t = &self.data.township;
        sanitize(s.name(&t.name, t.name_en.as_deref()))
    }
}

/// The townships of a valid county, with their indicators.
pub fn parts(outcome: CountyOutcome) -> Option<(County, Vec<Part>)> {
    if !outcome.is_valid() {
        return None;
    }
    let county = outcome.county?;
    let parts = outcome
        .townships
        .into_iter()
        .filter_map(|t| {
            let warnings = t.outcome.warnings().count();
            let data = t.outcome.dataset?;
            let ind = Indicators::compute(&data);
            Some(Part {
                folder: t.folder,
                data,
                ind,
                warnings,
            })
        })
        .collect();
    Some((county, parts))
}

/// The full text `check` prints for a county, and whether every township is valid.
pub fn render_check(dir: &str, outcome: &CountyOutcome, lang: Lang) -> (String, bool) {
    let mut out = String::new();
    for d in outcome.all_diagnostics() {
        let _ = writeln!(out, "{}\n", d.render());
    }
    let ok = outcome.is_valid();
    let verdict = messages::check_county(
        &sanitize(dir),
        outcome.townships.len(),
        outcome.villages(),
        outcome.errors(),
        outcome.warnings(),
    );
    let _ = writeln!(out, "{}", verdict.get(lang));
    (out, ok)
}

/// Keys of a township's summary that are not summed for the county.
fn combine(key: &str, values: &[&Value], county: &County) -> Value {
    let ints = || values.iter().filter_map(|v| v.as_i64());
    let same = || {
        let first = values.first().copied().cloned().unwrap_or(Value::Null);
        if values.iter().all(|v| **v == first) {
            first
        } else {
            Value::Null
        }
    };
    match key {
        "township" | "county" => Value::String(county.name.clone()),
        "city" => Value::String(county.city.clone()),
        "township_en" | "county_en" => county
            .name_en
            .as_ref()
            .map_or(Value::Null, |n| Value::String(n.clone())),
        // The townships' shared English city name (county.toml has none of its own).
        "city_en" => same(),
        // The date every township's figures are current to.
        "as_of" => values
            .iter()
            .filter_map(|v| v.as_str())
            .min()
            .map_or(Value::Null, |s| Value::String(s.to_string())),
        "year" => ints().max().map_or(Value::Null, Value::from),
        "income_floor_yuan" | "income_strong_yuan" => same(),
        "basis" => match same() {
            Value::Null => Value::String("mixed".into()),
            v => v,
        },
        "partial_year" => Value::Bool(values.iter().any(|v| v.as_bool() == Some(true))),
        // Null unless every township has one, so the change compares like with like.
        "collective_income_previous_total_yuan" => {
            if values.iter().all(|v| v.is_i64()) {
                Value::from(ints().sum::<i64>())
            } else {
                Value::Null
            }
        }
        "totals" => merge_totals(values),
        _ => match values.first() {
            Some(Value::Number(_)) => Value::from(ints().sum::<i64>()),
            Some(Value::Array(_)) => Value::Array(
                values
                    .iter()
                    .filter_map(|v| v.as_array())
                    .flatten()
                    .cloned()
                    .collect(),
            ),
            _ => same(),
        },
    }
}

/// `totals` of the county: each key's value summed, with the weakest wording of the parts
/// (an "about" part makes the sum "about"; "more than" parts make it "more than").
fn merge_totals(values: &[&Value]) -> Value {
    let mut keys: Vec<String> = Vec::new();
    for v in values.iter().filter_map(|v| v.as_array()).flatten() {
        if let Some(k) = v.get("key").and_then(Value::as_str)
            && !keys.iter().any(|x| x == k)
        {
            keys.push(k.to_string());
        }
    }
    let rank = |q: &str| match q {
        "about" => 3,
        "more_than" => 2,
        "at_least" => 1,
        _ => 0,
    };
    let status_rank = |s: &str| match s {
        "illustrative" => 2,
        "assumed" => 1,
        _ => 0,
    };
    let out = keys
        .iter()
        .map(|key| {
            let items: Vec<&Value> = values
                .iter()
                .filter_map(|v| v.as_array())
                .flatten()
                .filter(|t| t.get("key").and_then(Value::as_str) == Some(key))
                .collect();
            let strs = |field: &str| -> Vec<Option<&str>> {
                items
                    .iter()
                    .map(|t| t.get(field).and_then(Value::as_str))
                    .collect()
            };
            let common = |field: &str| {
                let all = strs(field);
                match all.first() {
                    Some(first) if all.iter().all(|x| x == first) => {
                        first.map_or(Value::Null, |s| Value::String(s.into()))
                    }
                    _ => Value::Null,
                }
            };
            let qualifier = strs("qualifier")
                .into_iter()
                .flatten()
                .max_by_key(|q| rank(q))
                .unwrap_or("exact");
            let status = strs("status")
                .into_iter()
                .flatten()
                .max_by_key(|q| status_rank(q))
                .unwrap_or("published");
            let mut m = Map::new();
            m.insert("key".into(), Value::String(key.clone()));
            m.insert(
                "value".into(),
                Value::from(
                    items
                        .iter()
                        .filter_map(|t| t.get("value").and_then(Value::as_i64))
                        .sum::<i64>(),
                ),
            );
            m.insert("qualifier".into(), Value::String(qualifier.into()));
            m.insert("basis".into(), common("basis"));
            m.insert("status".into(), Value::String(status.into()));
            m.insert(
                "illustrative".into(),
                Value::Bool(
                    items
                        .iter()
                        .any(|t| t.get("illustrative").and_then(Value::as_bool) == Some(true)),
                ),
            );
            m.insert("source".into(), common("source"));
            Value::Object(m)
        })
        .collect();
    Value::Array(out)
}

/// Each row of a list gets the township's name and folder.
fn tagged(list: &Value, name: &str, folder: &str) -> Vec<Value> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            let mut row = row.clone();
            if let Value::Object(m) = &mut row {
                m.insert("township".into(), Value::String(name.into()));
                m.insert("folder".into(), Value::String(folder.into()));
            }
            row
        })
        .collect()
}

/// `summary --format json` of a county: every key of a township's summary, each the sum
/// of the townships' (see `combine` for the few that are not sums), plus `townships`.
pub fn to_json(county: &County, parts: &[Part]) -> Value {
    let each: Vec<Value> = parts
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(crate::report::summary::to_json(&p.data, &p.ind))
                .unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("folder".into(), Value::String(sanitize(&p.folder)));
            }
            v
        })
        .collect();
    let mut top = Map::new();
    let keys: Vec<String> = each
        .first()
        .and_then(Value::as_object)
        .map(|m| m.keys().filter(|k| *k != "folder").cloned().collect())
        .unwrap_or_default();
    for key in keys {
        let value = match key.as_str() {
            "village_rows" | "at_risk" => Value::Array(
                each.iter()
                    .flat_map(|e| {
                        let name = e.get("township").and_then(Value::as_str).unwrap_or("");
                        let folder = e.get("folder").and_then(Value::as_str).unwrap_or("");
                        tagged(e.get(&key).unwrap_or(&Value::Null), name, folder)
                    })
                    .collect(),
            ),
            _ => {
                let values: Vec<&Value> = each
                    .iter()
                    .map(|e| e.get(&key).unwrap_or(&Value::Null))
                    .collect();
                combine(&key, &values, county)
            }
        };
        top.insert(key, value);
    }
    top.insert("level".into(), Value::String("county".into()));
    top.insert(
        "county_en".into(),
        county
            .name_en
            .as_ref()
            .map_or(Value::Null, |n| Value::String(n.clone())),
    );
    top.insert("townships".into(), Value::Array(each));
    Value::Object(top)
}

pub fn render_json(county: &County, parts: &[Part]) -> String {
    serde_json::to_string_pretty(&to_json(county, parts)).unwrap_or_default() + "\n"
}

/// One township's row (or the county's) as table cells: name, year, villages, at floor,
/// at strong, income, change, warnings, at risk.
pub fn row_cells(name: &str, f: &TownshipFigures, s: &Strings) -> Vec<String> {
    let mark = s.mark(f.illustrative);
    vec![
        name.to_string(),
        f.year.map_or_else(|| "-".into(), |y| y.to_string()),
        f.villages.to_string(),
        format!("{}/{}", f.at_floor, f.villages),
        format!("{}/{}", f.at_strong, f.villages),
        format!("{}{mark}", s.money_short(f.income)),
        // `~`: computed from a partial year (the note under the table says so).
        f.change_percent().map_or_else(
            || "-".into(),
            |p| format!("{p:+.1}%{}", if f.partial_year { "~" } else { "" }),
        ),
        f.warnings.to_string(),
        f.at_risk.to_string(),
    ]
}

pub fn headers(s: &Strings) -> [&'static str; 9] {
    let w = s.county();
    [
        w.township,
        w.year,
        w.villages,
        w.at_floor,
        w.at_strong,
        w.income,
        w.change,
        w.warnings,
        w.at_risk,
    ]
}

/// The township table of a county as aligned text (by display width), with the total row.
pub fn table_text(parts: &[Part], s: &Strings) -> String {
    let w = s.county();
    let figures: Vec<TownshipFigures> = parts.iter().map(Part::figures).collect();
    let mut rows: Vec<Vec<String>> = parts
        .iter()
        .zip(&figures)
        .map(|(p, f)| row_cells(&p.name(s), f, s))
        .collect();
    rows.push(row_cells(w.total, &TownshipFigures::sum(&figures), s));
    let head: Vec<String> = headers(s).iter().map(|h| h.to_string()).collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            rows.iter()
                .chain([&head])
                .map(|r| crate::text::width(&r[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in [&head].into_iter().chain(&rows) {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c == 0 {
                line.push_str(&pad_right(cell, widths[c] + 2));
            } else {
                line.push_str(&pad_left(cell, widths[c] + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `summary` of a county as text: the county's headline figures, then one row per township.
pub fn render_text(county: &County, parts: &[Part], s: &Strings) -> String {
    let w = s.county();
    let figures: Vec<TownshipFigures> = parts.iter().map(Part::figures).collect();
    let total = TownshipFigures::sum(&figures);
    let json = to_json(county, parts);
    let num = |k: &str| json.get(k).and_then(Value::as_i64).unwrap_or(0);
    let mut out = format!(
        "{} ({})  {}\n\n",
        sanitize(s.name(&county.name, county.name_en.as_deref())),
        sanitize(&county.city),
        (w.townships)(parts.len())
    );
    let change = total
        .change_percent()
        .map(|p| format!(" ({} {p:+.1}%)", s.change_on_year))
        .unwrap_or_default();
    let pairs = vec![
        (
            s.latest_year.to_string(),
            total
                .year
                .map_or_else(|| s.no_data.to_string(), |y| y.to_string()),
        ),
        (s.village.to_string(), total.villages.to_string()),
        (
            s.at_floor.to_string(),
            s.count_of(total.at_floor, total.villages),
        ),
        (
            s.at_strong.to_string(),
            s.count_of(total.at_strong, total.villages),
        ),
        (
            s.income_total.to_string(),
            format!(
                "{}{}{change}",
                s.money(total.income),
                s.mark(total.illustrative)
            ),
        ),
        (
            s.oat_grass.to_string(),
            s.area(num("oat_grass_mu_cumulative")),
        ),
        (
            s.households_served.to_string(),
            s.households(num("consortium_households")),
        ),
        (
            s.training.to_string(),
            format!(
                "{}, {}",
                s.sessions_count(num("training_sessions") as usize),
                s.person_times(num("training_participants"))
            ),
        ),
        (s.projects.to_string(), num("projects").to_string()),
        (w.at_risk_long.to_string(), total.at_risk.to_string()),
        (s.warnings.to_string(), total.warnings.to_string()),
    ];
    out.push_str(&crate::report::summary::aligned_pairs(&pairs));
    let _ = write!(out, "\n{}\n\n", w.townships_heading);
    out.push_str(&table_text(parts, s));
    let _ = write!(out, "\n{}\n", w.summed_note);
    if parts.iter().any(|p| p.figures().partial_year) {
        let _ = writeln!(out, "{}", w.partial_note);
    }
    if total.illustrative {
        out.push_str(s.mark_legend);
        out.push('\n');
    }
    out
}

/// `export` of a county: the county's summary and a section (sheet, table rows) per
/// township. Every township part is the township's own export, so the two agree.
pub fn export(
    format: crate::cli::ExportFormat,
    county: &County,
    parts: &[Part],
    s: &Strings,
    csv_bom: bool,
) -> anyhow::Result<Vec<u8>> {
    use crate::cli::ExportFormat;
    use crate::report::export::{self, Labels};
    let labels = Labels::of(s);
    match format {
        ExportFormat::Json => {
            let mut townships = Vec::new();
            for p in parts {
                let bytes = export::export(ExportFormat::Json, &p.data, &p.ind, s, false)?;
                let mut v: Value = serde_json::from_slice(&bytes)?;
                if let Value::Object(m) = &mut v {
                    m.insert("folder".into(), Value::String(sanitize(&p.folder)));
                }
                townships.push(v);
            }
            let mut top = Map::new();
            top.insert(
                "county".into(),
                serde_json::json!({
                    "name": county.name,
                    "name_en": county.name_en,
                    "city": county.city,
                }),
            );
            top.insert("summary".into(), to_json(county, parts));
            top.insert("townships".into(), Value::Array(townships));
            Ok((serde_json::to_string_pretty(&Value::Object(top))? + "\n").into_bytes())
        }
        ExportFormat::Md => {
            let w = s.county();
            let mut out = format!(
                "# {} ({})\n\n## {}\n\n",
                crate::report::export::md_text(s.name(&county.name, county.name_en.as_deref())),
                crate::report::export::md_text(&county.city),
                w.sheet_county
            );
            let figures: Vec<TownshipFigures> = parts.iter().map(Part::figures).collect();
            let mut rows: Vec<Vec<String>> = parts
                .iter()
                .zip(&figures)
                .map(|(p, f)| row_cells(&crate::report::export::md_text(&p.name(s)), f, s))
                .collect();
            rows.push(row_cells(w.total, &TownshipFigures::sum(&figures), s));
            crate::report::export::md_table(&mut out, &headers(s), &rows);
            let _ = writeln!(out, "{}\n", w.summed_note);
            if figures.iter().any(|f| f.partial_year) {
                let _ = writeln!(out, "{}\n", w.partial_note);
            }
            for p in parts {
                let bytes = export::export(ExportFormat::Md, &p.data, &p.ind, s, false)?;
                let text = String::from_utf8_lossy(&bytes);
                // Each township's report one heading level down, under the county's.
                let mut in_code = false;
                for line in text.lines() {
                    if line.starts_with("```") {
                        in_code = !in_code;
                    }
                    if !in_code && line.starts_with('#') {
                        out.push('#');
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                out.push('\n');
            }
            Ok(out.into_bytes())
        }
        ExportFormat::Csv => {
            let mut out = Vec::new();
            if csv_bom {
                out.extend_from_slice(crate::report::export::UTF8_BOM);
            }
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            for (i, p) in parts.iter().enumerate() {
                let bytes = export::export(ExportFormat::Csv, &p.data, &p.ind, s, false)?;
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(bytes.as_slice());
                let name = crate::report::export::cell_text(&p.name(s));
                let folder = crate::report::export::cell_text(&p.folder);
                for (n, record) in r.records().enumerate() {
                    let record = record?;
                    if n == 0 {
                        // One header row, before the first township's rows.
                        if i == 0 {
                            let mut head = vec![s.county().township, s.county().folder];
                            head.extend(record.iter());
                            w.write_record(head)?;
                        }
                        continue;
                    }
                    let mut row = vec![name.as_str(), folder.as_str()];
                    row.extend(record.iter());
                    w.write_record(row)?;
                }
            }
            w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
        }
        ExportFormat::Xlsx => export::render_county_xlsx(county, parts, s, labels),
    }
}
