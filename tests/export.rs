//! `village-dash export` run as a user runs it: the real binary on the shipped data (or a
//! copy of it), every format read back with a real parser and compared figure by figure
//! with `summary --format json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use village_dash::text::width;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
const BOM: &[u8] = b"\xEF\xBB\xBF";
const DATA_FILES: [&str; 5] = [
    "township.toml",
    "villages.toml",
    "consortium.toml",
    "projects.toml",
    "training.toml",
];

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_village-dash"))
        .args(args)
        .current_dir(cwd)
        .env_remove("VILLAGE_DASH_CONFIG")
        .env_remove("VILLAGE_DASH_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Runs a command that must succeed and returns its standard output.
fn run_ok(cwd: &Path, args: &[&str]) -> Vec<u8> {
    let out = run(cwd, args);
    assert!(
        out.status.success(),
        "{args:?} failed with {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// A copy of the shipped data in `dir/config`, after `edit` has changed the text of some files.
fn copy_config(dir: &Path, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let config = dir.join("config");
    std::fs::create_dir(&config).expect("create config dir");
    for name in DATA_FILES {
        let text =
            std::fs::read_to_string(Path::new(CONFIG).join(name)).expect("read shipped file");
        std::fs::write(config.join(name), edit(name, text)).expect("write copy");
    }
    config
}

fn summary(cwd: &Path, config: &str) -> Value {
    let out = run_ok(cwd, &["summary", "--format", "json", "--config", config]);
    serde_json::from_slice(&out).expect("summary prints JSON")
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

/// The summary's per-village rows as (id, income, oat) triples.
fn village_rows(summary: &Value) -> Vec<(String, Option<i64>, Option<i64>)> {
    summary["village_rows"]
        .as_array()
        .expect("village_rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("id").to_string(),
                r["collective_income_yuan"].as_i64(),
                r["oat_grass_mu"].as_i64(),
            )
        })
        .collect()
}

fn thousands(n: i64) -> String {
    village_dash::text::number(n, village_dash::cli::Lang::En)
}

// ---------------------------------------------------------------------------------------
// CSV

fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let headers = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a valid record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (headers, rows)
}

fn opt_int(s: &str) -> Option<i64> {
    (!s.is_empty()).then(|| s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")))
}

#[test]
fn csv_figures_match_summary() {
    let cwd = tempdir();
    let summary = summary(cwd.path(), CONFIG);
    let year = int(&summary["year"]);
    let out = run_ok(
        cwd.path(),
        &[
            "export", "--format", "csv", "--lang", "en", "--config", CONFIG,
        ],
    );
    let (headers, rows) = parse_csv(&out);
    assert_eq!(
        headers,
        [
            "id",
            "name",
            "name_en",
            "year",
            "collective_income_yuan",
            "oat_grass_mu",
            "households",
            "party_branch",
            "oat_program",
            "illustrative"
        ]
    );

    // One row per village per year, every year from the first income or acreage figure.
    let villages = village_rows(&summary);
    let years: std::collections::BTreeSet<i64> =
        rows.iter().map(|r| r[3].parse().expect("year")).collect();
    assert_eq!(rows.len(), villages.len() * years.len());
    assert_eq!(years.last().copied(), Some(year));

    let latest: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == year.to_string()).collect();
    assert_eq!(latest.len(), villages.len());
    let mut total = 0;
    for ((id, income, oat), row) in villages.iter().zip(&latest) {
        assert_eq!(&row[0], id, "villages keep the order of the data file");
        assert_eq!(opt_int(&row[4]), *income, "income of {id}");
        assert_eq!(opt_int(&row[5]), *oat, "oat grass of {id}");
        total += income.unwrap_or(0);
    }
    assert_eq!(total, int(&summary["collective_income_total_yuan"]));

    // The shipped data agrees with itself: the programme villages' households are the
    // consortium's, and every year's acreage since 2021 sums to the published 31,000 mu.
    let households: i64 = latest
        .iter()
        .filter(|r| r[8] == "yes")
        .map(|r| opt_int(&r[6]).unwrap_or(0))
        .sum();
    assert_eq!(households, int(&summary["consortium_households"]));
    let acreage: i64 = rows.iter().map(|r| opt_int(&r[5]).unwrap_or(0)).sum();
    assert_eq!(acreage, int(&summary["oat_grass_mu"]));
    assert_eq!(
        latest.iter().filter(|r| r[8] == "yes").count() as i64,
        int(&summary["consortium_villages"])
    );
}

#[test]
fn csv_has_a_bom_by_default_and_not_with_no_bom() {
    let cwd = tempdir();
    let with = run_ok(
        cwd.path(),
        &["export", "--format", "csv", "--config", CONFIG],
    );
    assert!(with.starts_with(BOM), "default CSV starts with a UTF-8 BOM");
    assert!(!with[BOM.len()..].starts_with(BOM), "exactly one BOM");
    let text = std::str::from_utf8(&with[BOM.len()..]).expect("UTF-8");
    let header = text.lines().next().expect("a header line");
    assert!(header.starts_with("id,村名,"), "{header}");
    assert!(text.contains("\r\n"), "RFC 4180 line endings");

    let without = run_ok(
        cwd.path(),
        &["export", "--format", "csv", "--no-bom", "--config", CONFIG],
    );
    assert!(without.starts_with(b"id,"));
    assert_eq!(&with[BOM.len()..], &without[..], "only the BOM differs");

    // The BOM is for CSV only.
    for format in ["md", "json"] {
        let out = run_ok(
            cwd.path(),
            &["export", "--format", format, "--config", CONFIG],
        );
        assert!(!out.starts_with(BOM), "{format}");
    }
}

// ---------------------------------------------------------------------------------------
// JSON

#[test]
fn json_holds_the_model_and_agrees_with_summary() {
    let cwd = tempdir();
    let summary = summary(cwd.path(), CONFIG);
    let out = run_ok(
        cwd.path(),
        &["export", "--format", "json", "--config", CONFIG],
    );
    let json: Value = serde_json::from_slice(&out).expect("export prints JSON");

    // The summary object is embedded as is.
    assert_eq!(json["summary"], summary);

    let year = int(&summary["year"]).to_string();
    assert_eq!(json["indicators"]["latest_year"], summary["year"]);
    let villages = json["villages"].as_array().expect("villages");
    let rows = json["indicators"]["villages"]
        .as_array()
        .expect("indicator rows");
    let expected = village_rows(&summary);
    assert_eq!(villages.len(), expected.len());
    for (((id, income, oat), v), row) in expected.iter().zip(villages).zip(rows) {
        assert_eq!(v["id"].as_str(), Some(id.as_str()));
        assert_eq!(row["id"].as_str(), Some(id.as_str()));
        assert_eq!(v["collective_income_yuan"][&year].as_i64(), *income, "{id}");
        assert_eq!(row["collective_income_yuan"].as_i64(), *income, "{id}");
        assert_eq!(v["oat_grass_mu"][&year].as_i64(), *oat, "{id}");
        assert_eq!(row["oat_grass_mu"].as_i64(), *oat, "{id}");
        assert!(
            v["collective_income_yuan"]
                .as_object()
                .expect("series")
                .len()
                > 1,
            "full year series for {id}"
        );
    }

    let totals = &json["indicators"]["totals"];
    for key in [
        "collective_income_total_yuan",
        "collective_income_previous_total_yuan",
        "villages_at_or_above_floor",
        "villages_at_or_above_strong",
        "training_participants",
        "training_sessions",
        "villages",
    ] {
        assert_eq!(totals[key], summary[key], "{key}");
    }
    assert_eq!(totals["oat_villages"], summary["consortium_villages"]);

    let c = &json["consortium"];
    assert_eq!(c["oat_grass_mu"], summary["oat_grass_mu"]);
    assert_eq!(c["households_served"], summary["consortium_households"]);
    assert_eq!(c["fertilizer_t"], summary["fertilizer_t"]);
    assert_eq!(
        c["household_income_gain_yuan"],
        summary["household_income_gain_yuan"]
    );
    assert_eq!(c["members"].as_array().expect("members").len(), 7);

    let participants: i64 = json["sessions"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| int(&s["participants"]))
        .sum();
    assert_eq!(participants, int(&summary["training_participants"]));
    assert_eq!(
        json["projects"].as_array().expect("projects").len() as i64,
        int(&summary["projects"])
    );
    assert_eq!(json["township"]["name"], summary["township"]);
    assert_eq!(json["township"]["as_of"], summary["as_of"]);
    assert_eq!(
        json["thresholds"]["income_floor_yuan"],
        summary["income_floor_yuan"]
    );
    assert_eq!(json["party_building"]["strongest_branches"], 7);

    // The keys do not depend on the language.
    let en = run_ok(
        cwd.path(),
        &[
            "export", "--format", "json", "--lang", "en", "--config", CONFIG,
        ],
    );
    assert_eq!(en, out);
}

// ---------------------------------------------------------------------------------------
// Markdown

/// Every run of table lines (lines starting with `|`) has all its lines equally wide.
fn assert_tables_aligned(md: &str) {
    let mut table: Vec<&str> = Vec::new();
    for line in md.lines().chain([""]) {
        if line.starts_with('|') {
            table.push(line);
            continue;
        }
        if let Some(first) = table.first() {
            let w = width(first);
            for l in &table {
                assert_eq!(
                    width(l),
                    w,
                    "misaligned table line:\n{l}\nin\n{}",
                    table.join("\n")
                );
                assert_eq!(
                    l.matches(" | ").count() + 2,
                    first.matches(" | ").count() + 2,
                    "{l}"
                );
            }
            assert!(table.len() >= 2, "a table has a header and a rule");
            assert!(table[1].starts_with("| -"), "{}", table[1]);
        }
        table.clear();
    }
}

#[test]
fn markdown_report_agrees_with_summary_and_aligns_by_display_width() {
    let cwd = tempdir();
    let summary = summary(cwd.path(), CONFIG);
    for lang in ["zh", "en"] {
        let out = run_ok(
            cwd.path(),
            &[
                "export", "--format", "md", "--lang", lang, "--config", CONFIG,
            ],
        );
        let md = String::from_utf8(out).expect("UTF-8");
        assert!(md.starts_with("# "), "{lang}: a title first");
        assert!(
            md.contains(summary["as_of"].as_str().expect("as_of")),
            "{lang}"
        );
        assert_tables_aligned(&md);

        // The headline values, exactly as `summary` prints them.
        let text = String::from_utf8(run_ok(
            cwd.path(),
            &["summary", "--lang", lang, "--config", CONFIG],
        ))
        .expect("UTF-8");
        let headline: Vec<&str> = text
            .split("\n\n")
            .nth(1)
            .expect("a headline block")
            .lines()
            .collect();
        assert!(headline.len() >= 8, "{text}");
        for line in headline {
            let (label, value) = line.split_once("  ").expect("label and value");
            let (label, value) = (label.trim(), value.trim());
            let row = md
                .lines()
                .find(|l| l.starts_with(&format!("| {label} ")))
                .unwrap_or_else(|| panic!("{lang}: no headline row for {label:?}\n{md}"));
            // Markdown escapes the `*` mark as `\*`.
            let value = value.replace('*', "\\*");
            assert!(
                row.contains(&format!("| {value} ")),
                "{lang}: {row} lacks {value}"
            );
        }

        // One rule for thousands separators per language: none in Chinese, commas in English.
        let number = |n: i64| {
            if lang == "zh" {
                n.to_string()
            } else {
                thousands(n)
            }
        };
        // The village table: each village's income for the latest year and the total.
        let names: Vec<String> = if lang == "zh" {
            ["天井村", "七墩沟", "下塔村"].map(String::from).to_vec()
        } else {
            ["Tianjing", "Qidungou", "Xiata"].map(String::from).to_vec()
        };
        for (name, (id, income, _)) in names.iter().zip(
            village_rows(&summary)
                .into_iter()
                .filter(|(id, ..)| ["tianjing", "qidungou", "xiata"].contains(&id.as_str())),
        ) {
            let row = md
                .lines()
                .find(|l| l.starts_with(&format!("| {name} ")))
                .unwrap_or_else(|| panic!("{lang}: no row for {id}"));
            let income = income.expect("income");
            assert!(row.contains(&format!(" {} |", number(income))), "{row}");
        }
        let total = number(int(&summary["collective_income_total_yuan"]));
        let total_row = md
            .lines()
            .find(|l| l.contains(&format!(" {total} |")))
            .unwrap_or_else(|| panic!("{lang}: no total {total}"));
        assert!(total_row.starts_with(if lang == "zh" { "| 合计" } else { "| Total" }));
        let participants = int(&summary["training_participants"]).to_string();
        assert!(
            md.lines()
                .any(|l| (l.starts_with("| 合计") || l.starts_with("| Total"))
                    && l.ends_with(&format!(" {participants} |"))),
            "{lang}: training total"
        );
        for project in ["煤炭物流园配套服务区", "Coal logistics park service area"] {
            if md.contains(project) {
                assert!(md.contains("51.5"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// xlsx

fn cell_int(d: &Data) -> Option<i64> {
    match d {
        Data::Int(i) => Some(*i),
        Data::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        _ => None,
    }
}

fn cell_str(d: &Data) -> Option<&str> {
    match d {
        Data::String(s) => Some(s),
        _ => None,
    }
}

struct Book {
    names: Vec<String>,
    sheets: Vec<Vec<Vec<Data>>>,
    formulas: usize,
}

impl Book {
    fn read(path: &Path) -> Book {
        let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
        let names = wb.sheet_names();
        let mut sheets = Vec::new();
        let mut formulas = 0;
        for name in &names {
            let range = wb.worksheet_range(name).expect("a sheet");
            assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
            sheets.push(range.rows().map(<[Data]>::to_vec).collect());
            let f = wb.worksheet_formula(name).expect("formulas");
            formulas += f.used_cells().filter(|(_, _, s)| !s.is_empty()).count();
        }
        Book {
            names,
            sheets,
            formulas,
        }
    }

    fn sheet(&self, name: &str) -> &Vec<Vec<Data>> {
        let i = self
            .names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no sheet {name} in {:?}", self.names));
        &self.sheets[i]
    }

    fn strings(&self) -> impl Iterator<Item = &str> {
        self.sheets.iter().flatten().flatten().filter_map(cell_str)
    }
}

/// The row whose cell `col` is `label`.
fn row_labelled<'a>(rows: &'a [Vec<Data>], col: usize, label: &str) -> &'a Vec<Data> {
    rows.iter()
        .find(|r| r.get(col).and_then(cell_str) == Some(label))
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}

fn export_xlsx(cwd: &Path, config: &str, lang: &str) -> (PathBuf, Vec<u8>) {
    let path = cwd.join(format!("report-{lang}.xlsx"));
    let out = run_ok(
        cwd,
        &[
            "export",
            "--format",
            "xlsx",
            "--lang",
            lang,
            "--config",
            config,
            "--out",
            path.to_str().expect("UTF-8 path"),
        ],
    );
    assert!(out.is_empty(), "nothing on stdout with --out");
    let bytes = std::fs::read(&path).expect("the workbook was written");
    assert!(bytes.starts_with(b"PK"), "a zip file");
    (path, bytes)
}

#[test]
fn xlsx_figures_match_summary() {
    let cwd = tempdir();
    let summary = summary(cwd.path(), CONFIG);
    let year = int(&summary["year"]);
    let (path, bytes) = export_xlsx(cwd.path(), CONFIG, "en");
    let book = Book::read(&path);
    assert_eq!(
        book.names,
        [
            "Summary",
            "Villages by year",
            "Oat programme",
            "Projects",
            "Training",
            "Party building",
            "Table 6 Income distribution"
        ]
    );
    assert_eq!(book.formulas, 0, "figures are values, never formulas");
    // Two native charts: income by village, oat grass by year.
    for chart in ["xl/charts/chart1.xml", "xl/charts/chart2.xml"] {
        assert!(
            bytes.windows(chart.len()).any(|w| w == chart.as_bytes()),
            "{chart} in the workbook"
        );
    }

    // Villages by year: id, name, ..., one income column per year.
    let villages = book.sheet("Villages by year");
    let header = &villages[0];
    assert_eq!(header[0], Data::String("id".into()));
    let income_col = header
        .iter()
        .position(|h| cell_str(h) == Some(&format!("Income {year} (yuan)")))
        .expect("a column for the latest year");
    let expected = village_rows(&summary);
    for ((id, income, _), row) in expected.iter().zip(&villages[1..]) {
        assert_eq!(cell_str(&row[0]), Some(id.as_str()));
        assert_eq!(cell_int(&row[income_col]), *income, "{id}");
    }
    let total = row_labelled(villages, 1, "Total*");
    assert_eq!(
        cell_int(&total[income_col]),
        Some(int(&summary["collective_income_total_yuan"]))
    );
    let households_col = header
        .iter()
        .position(|h| cell_str(h) == Some("Households"))
        .expect("households column");
    let programme_households: i64 = villages[1..=expected.len()]
        .iter()
        .filter(|r| cell_str(&r[5]) == Some("yes"))
        .filter_map(|r| cell_int(&r[households_col]))
        .sum();
    assert_eq!(programme_households, int(&summary["consortium_households"]));

    // Oat programme: published totals, then acreage by village and year.
    let oat = book.sheet("Oat programme");
    let figure = |label| cell_int(&row_labelled(oat, 0, label)[1]);
    assert_eq!(
        figure("Oat grass planted (mu)"),
        Some(int(&summary["oat_grass_mu"]))
    );
    assert_eq!(
        figure("Households served"),
        Some(int(&summary["consortium_households"]))
    );
    assert_eq!(
        figure("Organic fertiliser distributed (t)"),
        Some(int(&summary["fertilizer_t"]))
    );
    assert_eq!(
        figure("Villages in the programme"),
        Some(int(&summary["consortium_villages"]))
    );
    let acreage_header = oat
        .iter()
        .position(|r| cell_str(&r[0]) == Some("id"))
        .expect("acreage table");
    let oat_col = oat[acreage_header]
        .iter()
        .position(|h| cell_str(h) == Some(&year.to_string()))
        .expect("latest year column");
    for (id, _, mu) in &expected {
        // A village outside the programme with no acreage has no row.
        let row = oat
            .iter()
            .find(|r| r.first().and_then(cell_str) == Some(id.as_str()));
        let cell = row.and_then(|r| r.get(oat_col)).and_then(cell_int);
        assert_eq!(cell, *mu, "{id}");
    }

    // Training: the total row.
    let training = book.sheet("Training");
    assert_eq!(
        cell_int(&row_labelled(training, 0, "Total*")[4]),
        Some(int(&summary["training_participants"]))
    );
    // Projects: one row per project, the logistics park's fractional acreage kept.
    let projects = book.sheet("Projects");
    let park = row_labelled(projects, 0, "coal-logistics");
    assert_eq!(park[6], Data::Float(51.5));
    assert_eq!(
        projects
            .iter()
            .skip(1)
            .filter(|r| cell_str(&r[0]).is_some_and(|s| !s.is_empty()))
            .count() as i64,
        int(&summary["projects"])
    );
    let party = book.sheet("Party building");
    assert_eq!(
        cell_int(&row_labelled(party, 0, "Strongest branches")[1]),
        Some(7)
    );
}

#[test]
fn xlsx_in_chinese_has_chinese_sheets_and_headers() {
    let cwd = tempdir();
    let (path, _) = export_xlsx(cwd.path(), CONFIG, "zh");
    let book = Book::read(&path);
    assert_eq!(book.names.len(), 7);
    assert!(book.names.iter().any(|n| n == "表六 收益分配"));
    for name in &book.names {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
    assert!(book.names.iter().any(|n| n == "燕麦草共同体"));
    let villages = &book.sheets[1];
    assert_eq!(cell_str(&villages[0][0]), Some("id"));
    assert_eq!(cell_str(&villages[0][1]), Some("村名"));
    assert_eq!(cell_str(&villages[1][1]), Some("天井村"));
    assert!(book.strings().any(|s| s == "合计*"));
}

#[test]
fn xlsx_without_out_is_a_usage_error() {
    let cwd = tempdir();
    let out = run(
        cwd.path(),
        &["export", "--format", "xlsx", "--config", CONFIG],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no binary on the terminal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Chinese by default, English with --lang en.
    assert_eq!(
        stderr,
        "village-dash: 错误: xlsx 是二进制工作簿,不能输出到屏幕:请用 --out 文件名.xlsx\n"
    );
    let out = run(
        cwd.path(),
        &[
            "--lang", "en", "export", "--format", "xlsx", "--config", CONFIG,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "village-dash: error: xlsx is a binary workbook: give --out FILE.xlsx\n"
    );
}

// ---------------------------------------------------------------------------------------
// Writing files

#[test]
fn out_writes_the_file_and_nothing_else() {
    let cwd = tempdir();
    let stdout = run_ok(
        cwd.path(),
        &["export", "--format", "csv", "--config", CONFIG],
    );
    let out = run_ok(
        cwd.path(),
        &[
            "export", "--format", "csv", "--config", CONFIG, "--out", "r.csv",
        ],
    );
    assert!(out.is_empty());
    assert_eq!(
        std::fs::read(cwd.path().join("r.csv")).expect("r.csv"),
        stdout
    );
}

#[test]
fn out_never_overwrites_a_data_file() {
    let cwd = tempdir();
    let config = copy_config(cwd.path(), |_, t| t);
    let dir = config.to_str().expect("UTF-8 path");
    for (format, target) in [
        ("csv", config.join("villages.toml")),
        ("md", config.join("township.toml")),
        ("json", config.join(".").join("training.toml")),
        ("xlsx", config.join("consortium.toml")),
    ] {
        let before = std::fs::read(&target).expect("data file");
        let out = run(
            cwd.path(),
            &[
                "export",
                "--format",
                format,
                "--config",
                dir,
                "--out",
                target.to_str().expect("UTF-8 path"),
            ],
        );
        assert!(
            !out.status.success(),
            "{format} to {} was allowed",
            target.display()
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Chinese by default.
        assert!(stderr.contains("它是数据文件之一"), "{stderr}");
        assert_eq!(std::fs::read(&target).expect("data file"), before);
    }

    // The same with a relative path and `--config .` from inside the directory.
    let before = std::fs::read(config.join("projects.toml")).expect("data file");
    let out = run(
        &config,
        &[
            "export",
            "--format",
            "md",
            "--config",
            ".",
            "--out",
            "projects.toml",
            "--lang",
            "en",
        ],
    );
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "village-dash: error: refusing to write projects.toml: it is one of the data files\n"
    );
    assert_eq!(
        std::fs::read(config.join("projects.toml")).expect("data file"),
        before
    );
}

/// A link elsewhere that points at a data file is still that data file.
#[cfg(unix)]
#[test]
fn out_never_overwrites_a_data_file_through_a_symlink() {
    let cwd = tempdir();
    let config = copy_config(cwd.path(), |_, t| t);
    let link = cwd.path().join("report.csv");
    std::os::unix::fs::symlink(config.join("villages.toml"), &link).expect("symlink");
    let before = std::fs::read(config.join("villages.toml")).expect("data file");
    let out = run(
        cwd.path(),
        &[
            "export",
            "--format",
            "csv",
            "--config",
            config.to_str().expect("UTF-8 path"),
            "--out",
            "report.csv",
        ],
    );
    let after = std::fs::read(config.join("villages.toml")).expect("data file");
    assert!(
        after == before,
        "the export went through the link into villages.toml"
    );
    assert!(!out.status.success());
}

// ---------------------------------------------------------------------------------------
// Hostile text

const ESC: char = '\u{1b}';

/// Whether a spreadsheet would evaluate a cell holding `s`.
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn hostile_config(dir: &Path) -> PathBuf {
    copy_config(dir, |name, text| {
        let swaps: &[(&str, &str)] = match name {
            "township.toml" => &[
                (
                    r#"name = "韭菜庄乡""#,
                    r#"name = "\u001b]0;pwned\u0007韭菜庄乡""#,
                ),
                (r#"county = "清水河县""#, r#"county = "=1+1""#),
            ],
            "villages.toml" => &[
                (r#"name = "天井村""#, r#"name = "=HYPERLINK(\"http://x\")""#),
                (
                    r#"name_en = "Tianjing""#,
                    r#"name_en = "\u001b[31mRed\u001b[0m""#,
                ),
                (r#"name = "大双墩""#, r#"name = "+1+2""#),
                (r#"name_en = "Dashuangdun""#, r#"name_en = "-2+3\u202e""#),
                (r#"name = "双井子""#, r#"name = "@SUM(A1:A9)|x""#),
                (r#"name_en = "Shuangjingzi""#, r#"name_en = "\t=1""#),
            ],
            "consortium.toml" => &[(r#"name = "乡机关党支部""#, r#"name = "=cmd|' /C calc'!A0""#)],
            "projects.toml" => &[(r#"name = "清康熙扫帚加工厂""#, r#"name = "-1+1\u001b[2J""#)],
            "training.toml" => &[
                (r#"topic = "燕麦草标准化种植""#, r#"topic = "@SUM(1)""#),
                (
                    r#"topic_en = "Standardised oat-grass planting""#,
                    r#"topic_en = "\r=2""#,
                ),
            ],
            _ => &[],
        };
        let mut text = text;
        for (from, to) in swaps {
            assert!(text.contains(from), "{name} has {from}");
            text = text.replacen(from, to, 1);
        }
        text
    })
}

#[test]
fn hostile_names_are_inert_in_every_format() {
    let cwd = tempdir();
    let config = hostile_config(cwd.path());
    let dir = config.to_str().expect("UTF-8 path");
    // The hostile data loads (names may hold anything), so the exports must cope.
    let summary = summary(cwd.path(), dir);
    assert_eq!(
        summary["village_rows"][0]["name"],
        "=HYPERLINK(\"http://x\")"
    );

    for lang in ["zh", "en"] {
        // CSV: no raw escape, every field inert, the hostile name kept visibly.
        let csv = run_ok(
            cwd.path(),
            &["export", "--format", "csv", "--lang", lang, "--config", dir],
        );
        assert!(!csv.contains(&0x1b), "ESC in csv");
        let (_, rows) = parse_csv(&csv);
        for field in rows.iter().flatten() {
            assert!(!looks_like_formula(field), "csv field {field:?}");
            assert!(
                !field.contains(ESC) && !field.contains('\u{202e}'),
                "{field:?}"
            );
        }
        // The name column is in the report's language: the English name in English.
        let en = lang == "en";
        assert_eq!(rows[0][2], "\\u{1b}[31mRed\\u{1b}[0m");
        let name0 = if en {
            rows[0][2].as_str()
        } else {
            "'=HYPERLINK(\"http://x\")"
        };
        assert_eq!(rows[0][1], name0);
        let dashuangdun = rows.iter().find(|r| r[0] == "dashuangdun").expect("row");
        assert_eq!(dashuangdun[2], "'-2+3\\u{202e}");
        assert_eq!(
            dashuangdun[1],
            if en { dashuangdun[2].as_str() } else { "'+1+2" }
        );
        let shuangjingzi = rows.iter().find(|r| r[0] == "shuangjingzi").expect("row");
        let name2 = if en {
            shuangjingzi[2].as_str()
        } else {
            "'@SUM(A1:A9)|x"
        };
        assert_eq!(shuangjingzi[1], name2);
        assert_eq!(shuangjingzi[2], "\\u{9}=1");

        // Markdown and JSON: no raw escape or bidi override anywhere.
        for format in ["md", "json"] {
            let out = run_ok(
                cwd.path(),
                &[
                    "export", "--format", format, "--lang", lang, "--config", dir,
                ],
            );
            let text = String::from_utf8(out).expect("UTF-8");
            assert!(!text.contains(ESC), "ESC in {format}");
            assert!(!text.contains('\u{7}'), "BEL in {format}");
            assert!(!text.contains('\u{202e}'), "bidi override in {format}");
            if format == "md" {
                assert_tables_aligned(&text);
                assert!(text.contains("@SUM(A1:A9)\\|x") || lang == "en", "{text}");
            } else {
                let json: Value = serde_json::from_str(&text).expect("JSON");
                let name = json["township"]["name"].as_str().expect("name");
                assert_eq!(name, "\\u{1b}]0;pwned\\u{7}韭菜庄乡");
                assert_eq!(json["villages"][0]["name_en"], "\\u{1b}[31mRed\\u{1b}[0m");
            }
        }

        // xlsx: no formulas at all, every text cell inert.
        let (path, _) = export_xlsx(cwd.path(), dir, lang);
        let book = Book::read(&path);
        assert_eq!(book.formulas, 0);
        let strings: Vec<&str> = book.strings().collect();
        for s in &strings {
            assert!(!looks_like_formula(s), "xlsx cell {s:?}");
            assert!(
                !s.contains(ESC) && !s.contains('\u{202e}'),
                "xlsx cell {s:?}"
            );
        }
        // In English the names are the English forms (each hostile Chinese name has one).
        let expected: &[&str] = if lang == "en" {
            &[
                "\\u{1b}[31mRed\\u{1b}[0m",
                "'-2+3\\u{202e}",
                "\\u{9}=1",
                "\\u{d}=2",
            ]
        } else {
            &[
                "'=HYPERLINK(\"http://x\")",
                "'+1+2",
                "'=cmd|' /C calc'!A0",
                "'-1+1\\u{1b}[2J",
                "'@SUM(1)",
                // The sanitised `\r=2`: escaped visibly, so it needs no quote.
                "\\u{d}=2",
            ]
        };
        for &expected in expected {
            assert!(strings.contains(&expected), "{lang}: no cell {expected:?}");
        }
    }
}

/// A second name (hard link) of a data file is still that data file.
#[cfg(unix)]
#[test]
fn out_never_overwrites_a_data_file_through_a_hard_link() {
    let cwd = tempdir();
    let config = copy_config(cwd.path(), |_, t| t);
    let link = cwd.path().join("report.md");
    std::fs::hard_link(config.join("training.toml"), &link).expect("hard link");
    let before = std::fs::read(config.join("training.toml")).expect("data file");
    let out = run(
        cwd.path(),
        &[
            "export",
            "--format",
            "md",
            "--config",
            config.to_str().expect("UTF-8 path"),
            "--out",
            "report.md",
        ],
    );
    let after = std::fs::read(config.join("training.toml")).expect("data file");
    assert!(
        after == before,
        "the export overwrote training.toml through its second name"
    );
    assert!(!out.status.success());
}
