//! Every total a report prints is the one `Indicators` computed: md, xlsx (the villages,
//! oat, training and 表六 sheets), json and csv are read back and compared with it, on the
//! shipped data and on the example data that uses income by source, in both languages.

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use village_dash::cli::{ExportFormat, Lang};
use village_dash::data::{self, DataDir, Dataset, Indicators};
use village_dash::i18n::{self, Strings};
use village_dash::report::export::export;

const DIRS: [&str; 2] = ["config", "examples/data/full"];

fn load(dir: &str) -> (Dataset, Indicators) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let outcome = data::load(&DataDir::Path(path));
    let data = outcome.dataset.expect("the data loads");
    let ind = Indicators::compute(&data);
    (data, ind)
}

fn bytes(format: ExportFormat, data: &Dataset, ind: &Indicators, s: &Strings) -> Vec<u8> {
    export(format, data, ind, s, false).expect("the export renders")
}

/// The cells of the md table row whose first cell starts with `label`, after `heading`.
fn md_row(md: &str, heading: &str, label: &str) -> Vec<String> {
    let from = md.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let line = md[from..]
        .lines()
        .find(|l| l.trim_start_matches('|').trim().starts_with(label))
        .unwrap_or_else(|| panic!("no {label} row after {heading}"));
    line.trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

fn num(d: &Data) -> Option<i64> {
    match d {
        Data::Float(f) => Some(*f as i64),
        Data::Int(i) => Some(*i),
        _ => None,
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn sheets(xlsx: Vec<u8>) -> Vec<Vec<Vec<Data>>> {
    let mut wb = Xlsx::new(std::io::Cursor::new(xlsx)).expect("calamine opens it");
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            // Rows from A1, so that row and column numbers are the workbook's own.
            let (r0, c0) = range
                .start()
                .map_or((0, 0), |(r, c)| (r as usize, c as usize));
            let mut rows = vec![Vec::new(); r0];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; c0];
                cells.extend_from_slice(row);
                rows.push(cells);
            }
            rows
        })
        .collect()
}

/// The first row at or after `from` whose cell `col` starts with `label`.
fn row_with<'a>(rows: &'a [Vec<Data>], from: usize, col: usize, label: &str) -> &'a [Data] {
    rows.iter()
        .skip(from)
        .find(|r| r.get(col).map(text).is_some_and(|t| t.starts_with(label)))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn markdown_totals_are_the_indicators() {
    for dir in DIRS {
        let (data, ind) = load(dir);
        for lang in [Lang::Zh, Lang::En] {
            let s = i18n::strings(lang);
            let md = String::from_utf8(bytes(ExportFormat::Md, &data, &ind, s)).expect("UTF-8");
            let total = if lang == Lang::Zh { "合计" } else { "Total" };
            let heading = if lang == Lang::Zh {
                "## 村庄"
            } else {
                "## Villages"
            };
            let row = md_row(&md, heading, total);
            let n = |v: Option<i64>| v.map_or("-".to_string(), |v| s.number(v));
            assert_eq!(row[1], n(Some(ind.income_total)), "{dir} {lang:?}: {row:?}");
            let change = ind.income_change().expect("a change");
            assert_eq!(row[2], format!("+{}", s.number(change)), "{dir} {lang:?}");
            assert_eq!(row[4], n(ind.oat_total_latest()), "{dir} {lang:?}");
            assert_eq!(row[5], n(ind.households_total), "{dir} {lang:?}");
            // Marked: the sums include illustrative figures.
            assert_eq!(row[0], format!("{total}*"), "{dir} {lang:?}");
            let training = md_row(&md, &format!("## {}", s.training), total);
            assert_eq!(training[3], s.number(ind.training_participants), "{dir}");
        }
    }
}

#[test]
fn workbook_totals_are_the_indicators() {
    for dir in DIRS {
        let (data, ind) = load(dir);
        for lang in [Lang::Zh, Lang::En] {
            let s = i18n::strings(lang);
            let book = sheets(bytes(ExportFormat::Xlsx, &data, &ind, s));
            let total = if lang == Lang::Zh { "合计" } else { "Total" };
            // Villages by year: households, income of each year, change.
            let villages = &book[1];
            let row = row_with(villages, 1, 1, total);
            assert_eq!(num(&row[3]), ind.households_total, "{dir} {lang:?}");
            let first_year = 7;
            for (i, year) in ind.income_years.iter().enumerate() {
                assert_eq!(
                    num(&row[first_year + i]),
                    Some(ind.income_total_in(*year)),
                    "{dir} {lang:?} {year}"
                );
            }
            assert_eq!(
                num(&row[first_year + ind.income_years.len()]),
                ind.income_change(),
                "{dir} {lang:?}"
            );
            // Oat programme: acreage by year and since founding.
            let oat = &book[2];
            let header = oat
                .iter()
                .position(|r| r.first().map(text).as_deref() == Some("id"))
                .expect("the acreage table");
            let row = row_with(oat, header + 1, 1, total);
            for (i, (year, mu)) in ind.oat_by_year.iter().enumerate() {
                assert_eq!(num(&row[2 + i]), Some(*mu), "{dir} {lang:?} {year}");
            }
            assert_eq!(
                num(&row[2 + ind.oat_by_year.len()]),
                Some(ind.oat_cumulative_total),
                "{dir} {lang:?}"
            );
            // Training: the sessions summed.
            let training = &book[4];
            let row = row_with(training, 1, 0, total);
            assert_eq!(num(&row[4]), Some(ind.training_participants), "{dir}");
            // 表六: the township column holds Accounts' township figures.
            let six = &book[6];
            let head = 3;
            let total_col = six[head]
                .iter()
                .rposition(|c| !text(c).is_empty())
                .expect("header");
            let expected = std::iter::once(ind.accounts.township_total())
                .chain(ind.accounts.township)
                .chain([ind.accounts.township_operating()]);
            for (offset, want) in expected.enumerate() {
                assert_eq!(
                    num(&six[head + 1 + offset][total_col]),
                    Some(want),
                    "{dir} {lang:?} 表六 row {offset}"
                );
            }
        }
    }
}

#[test]
fn json_and_csv_totals_are_the_indicators() {
    for dir in DIRS {
        let (data, ind) = load(dir);
        let s = i18n::strings(Lang::En);
        let v: Value =
            serde_json::from_slice(&bytes(ExportFormat::Json, &data, &ind, s)).expect("JSON");
        let t = &v["indicators"]["totals"];
        assert_eq!(t["collective_income_total_yuan"], ind.income_total, "{dir}");
        assert_eq!(
            t["households_total"].as_i64(),
            ind.households_total,
            "{dir}"
        );
        assert_eq!(
            t["oat_grass_mu_cumulative_summed"],
            ind.oat_cumulative_total
        );
        assert_eq!(
            t["collective_income_change_yuan"].as_i64(),
            ind.income_change()
        );
        assert_eq!(t["training_participants"], ind.training_participants);
        assert_eq!(t["branch_unrecorded"], ind.branch_unrecorded);
        for (year, mu) in &ind.oat_by_year {
            assert_eq!(t["oat_grass_mu_by_year"][year.to_string()], *mu, "{dir}");
        }
        if ind.accounts.with_breakdown > 0 {
            assert_eq!(
                t["operating_income_total_yuan"],
                ind.accounts.township_operating(),
                "{dir}"
            );
            assert_eq!(t["income_by_source"]["subsidy"], ind.accounts.township[3]);
        }
        // csv has no total row: its figures, summed by year, are Indicators' totals.
        let csv = bytes(ExportFormat::Csv, &data, &ind, s);
        let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_slice());
        let mut by_year: std::collections::BTreeMap<i32, i64> = Default::default();
        for record in reader.records() {
            let r = record.expect("a record");
            let year: i32 = r[3].parse().expect("year");
            if let Ok(income) = r[4].parse::<i64>() {
                *by_year.entry(year).or_default() += income;
            }
        }
        assert_eq!(by_year, ind.income_total_by_year, "{dir}");
    }
}
