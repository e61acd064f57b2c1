//! The golden test of provenance: every output (`summary` text and JSON, `snapshot` of every
//! tab in zh and en, csv, md, json and xlsx read back with calamine) shows each published
//! figure of FACTS.md with its qualifier, and marks every illustrative figure of the shipped
//! data. The published figures and their wording per language are in
//! `tests/fixtures/facts.tsv`, derived from FACTS.md; the repository keeps its own copy of
//! FACTS.md (`tests/fixtures/FACTS.md`) so that a fresh clone checks the list against it,
//! and checks the copy against `../shared/seed/FACTS.md` where that file exists.

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
const FACTS_LIST: &str = include_str!("fixtures/facts.tsv");
/// The repository's copy of the article's figures: always there, in every checkout.
const FACTS_COPY: &str = include_str!("fixtures/FACTS.md");
/// The project's shared original, beside the repository on the team's machines only.
const FACTS_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/FACTS.md");
const TABS: [&str; 6] = [
    "overview", "villages", "oat", "projects", "training", "party",
];

struct Fact {
    wording: String,
    zh: String,
    en: String,
    places: String,
}

fn facts() -> Vec<Fact> {
    FACTS_LIST
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "four columns: {l}");
            Fact {
                wording: cols[0].into(),
                zh: cols[1].into(),
                en: cols[2].into(),
                places: cols[3].into(),
            }
        })
        .collect()
}

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_village-dash"))
        .args(["--config", CONFIG])
        .args(args)
        .env_remove("VILLAGE_DASH_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text(args: &[&str]) -> String {
    String::from_utf8(run(args)).expect("UTF-8")
}

fn snapshot(lang: &str, tab: &str) -> String {
    text(&[
        "--lang", lang, "snapshot", "--tab", tab, "--width", "200", "--height", "60",
    ])
}

/// The lines of FACTS.md that carry figures: its table rows, blanks squeezed out.
fn table_rows(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.trim_start().starts_with('|') && !l.contains("---"))
        .map(|l| l.split_whitespace().collect())
        .collect()
}

#[test]
fn the_list_agrees_with_facts_md() {
    // Always: every wording of the list is in the repository's copy of FACTS.md.
    let copy: String = FACTS_COPY.split_whitespace().collect();
    let facts = facts();
    assert!(facts.len() >= 11, "{} facts", facts.len());
    for f in &facts {
        assert!(
            copy.contains(&f.wording),
            "tests/fixtures/FACTS.md does not say {:?}",
            f.wording
        );
    }
    // Where the shared original is present: the copy agrees with it, row for row.
    if let Ok(md) = std::fs::read_to_string(FACTS_MD) {
        assert_eq!(
            table_rows(&md),
            table_rows(FACTS_COPY),
            "tests/fixtures/FACTS.md differs from {FACTS_MD}: copy it again and review \
             tests/fixtures/facts.tsv"
        );
    }
}

#[test]
fn every_published_figure_appears_with_its_qualifier() {
    let facts = facts();
    for (lang, pick) in [("zh", 0), ("en", 1)] {
        let summary = text(&["--lang", lang, "summary"]);
        let oat = snapshot(lang, "oat");
        let training = snapshot(lang, "training");
        let projects = snapshot(lang, "projects");
        let md = text(&["--lang", lang, "export", "--format", "md"]);
        // The default screen, at the smallest size it supports and a large one.
        let overview = format!(
            "{}\n{}",
            snapshot(lang, "overview"),
            text(&["--lang", lang, "snapshot", "--tab", "overview"])
        );
        for f in &facts {
            let want = if pick == 0 { &f.zh } else { &f.en };
            for (place, out) in [
                ('s', &summary),
                ('o', &oat),
                ('t', &training),
                ('p', &projects),
                ('m', &md),
                ('v', &overview),
            ] {
                if f.places.contains(place) {
                    assert!(
                        out.contains(want.as_str()),
                        "{lang} output {place} lacks {want:?} ({}):\n{out}",
                        f.wording
                    );
                }
            }
        }
        // The bare figures that the article qualifies never appear unqualified.
        for bare in ["3,000吨", "3000吨", "1500元 ", "211人次 "] {
            assert!(!summary.contains(bare), "{lang} summary shows {bare:?}");
        }
    }
}

#[test]
fn summary_json_carries_qualifier_basis_and_source() {
    let v: Value = serde_json::from_slice(&run(&["summary", "--format", "json"])).expect("JSON");
    let total = |key: &str| -> &Value {
        v["totals"]
            .as_array()
            .expect("totals")
            .iter()
            .find(|t| t["key"] == key)
            .unwrap_or_else(|| panic!("no total {key}"))
    };
    for (key, value, qualifier, basis) in [
        ("fertilizer_t", 3000, "more_than", Some("cumulative")),
        ("household_income_gain_yuan", 1500, "about", Some("annual")),
        ("training_participants", 200, "more_than", None),
        (
            "oat_grass_mu_cumulative",
            31000,
            "exact",
            Some("cumulative"),
        ),
        ("consortium_households", 1158, "exact", None),
        ("training_sessions", 3, "exact", None),
    ] {
        let t = total(key);
        assert_eq!(t["value"], value, "{key}");
        assert_eq!(t["qualifier"], qualifier, "{key}");
        assert_eq!(t["basis"].as_str(), basis, "{key}");
        assert_eq!(t["status"], "published", "{key}");
        assert_eq!(t["illustrative"], false, "{key}");
        assert!(
            t["source"].as_str().is_some_and(|s| s.contains("2023")),
            "{key}"
        );
    }
    // Totals that sum illustrative per-village figures are flagged once, as totals.
    for key in [
        "collective_income_total_yuan",
        "villages_at_or_above_floor",
        "villages_at_or_above_strong",
    ] {
        assert_eq!(total(key)["illustrative"], true, "{key}");
    }
    // The cumulative total and the per-year figures have different names.
    assert_eq!(v["oat_grass_mu_cumulative"], 31000);
    assert_eq!(v["partial_year"], true);
    for row in v["village_rows"].as_array().expect("rows") {
        assert_eq!(row["illustrative"], true, "{row}");
        assert!(
            row.get("oat_grass_mu_year").is_some() && row.get("oat_grass_mu_cumulative").is_some()
        );
    }
}

/// Names of the shipped villages (all illustrative) in the language.
fn village_names(lang: &str) -> Vec<String> {
    let v: Value = serde_json::from_slice(&run(&["export", "--format", "json"])).expect("JSON");
    let villages = v["villages"]
        .as_array()
        .expect("villages in the JSON export");
    villages
        .iter()
        .map(|x| {
            let key = if lang == "en" { "name_en" } else { "name" };
            x[key]
                .as_str()
                .or(x["name"].as_str())
                .expect("a name")
                .to_string()
        })
        .collect()
}

#[test]
fn every_illustrative_figure_is_marked_where_it_appears() {
    for lang in ["zh", "en"] {
        let names = village_names(lang);
        let summary = text(&["--lang", lang, "summary"]);
        let md = text(&["--lang", lang, "export", "--format", "md"]);
        for name in &names {
            // In the summary table the mark follows the name directly.
            assert!(
                summary.contains(&format!("{name}*")),
                "{lang} summary: {name}"
            );
            assert!(
                md.contains(&format!("{name} \\*")) || md.contains(&format!("{name} *")),
                "{lang} md: {name}"
            );
        }
        for tab in TABS {
            let screen = snapshot(lang, tab);
            // Wherever a village's name is drawn beside its figures, the mark is there.
            for name in &names {
                // (the township's own name, "Jiucaizhuang Township", and the consortium's,
                // "... of the Jiucaizhuang Oat-Grass ...", are not the village's)
                let lines = screen
                    .lines()
                    .map(|l| {
                        l.replace("Jiucaizhuang Township", "")
                            .replace("Jiucaizhuang Oat-Grass", "")
                    })
                    .filter(|l| l.contains(name.as_str()));
                for line in lines {
                    if matches!(tab, "overview" | "oat") {
                        assert!(line.contains(&format!("{name}*")), "{lang} {tab}: {line}");
                    }
                    if tab == "party" {
                        assert!(line.contains('*'), "{lang} {tab}: {line}");
                    }
                }
            }
            if screen.contains('*') && tab != "villages" {
                let legend = if lang == "zh" {
                    "示意"
                } else {
                    "illustrative"
                };
                assert!(
                    screen.contains(legend),
                    "{lang} {tab} has marks but no legend:\n{screen}"
                );
            }
        }
        let training = snapshot(lang, "training");
        for n in ["68*", "72*", "71*"] {
            assert!(training.contains(n), "{lang} training: {n}");
        }
        // csv: a column says which rows are illustrative.
        let csv = text(&["--lang", lang, "export", "--format", "csv"]);
        let yes = if lang == "zh" { "是" } else { "yes" };
        for line in csv.lines().skip(1) {
            assert!(
                line.trim_end().ends_with(yes),
                "{lang} csv row not marked: {line}"
            );
        }
    }
}

fn xlsx(lang: &str) -> Vec<(String, Vec<Vec<Data>>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.xlsx");
    run(&[
        "--lang",
        lang,
        "export",
        "--format",
        "xlsx",
        "--out",
        path.to_str().expect("path"),
    ]);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).expect("sheet");
            (n, r.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

#[test]
fn xlsx_has_qualifiers_marks_and_numeric_summary() {
    for (lang, pick) in [("zh", 0), ("en", 1)] {
        let book = xlsx(lang);
        let all: Vec<String> = book
            .iter()
            .flat_map(|(_, rows)| rows.iter().flatten().map(cell_text))
            .collect();
        // Every figure that a report shows (summary, oat, projects, md) is in the workbook
        // with its wording.
        for f in facts()
            .iter()
            .filter(|f| f.places.contains(['s', 'o', 'p', 'm']))
        {
            let want = if pick == 0 { &f.zh } else { &f.en };
            assert!(
                all.iter().any(|c| c.contains(want.as_str())),
                "{lang} xlsx lacks {want}"
            );
        }
        // The summary sheet holds numbers, not text, in its value column.
        let (_, summary) = &book[0];
        let numbers = summary
            .iter()
            .filter(|r| matches!(r.get(1), Some(Data::Float(_))))
            .count();
        assert!(
            numbers >= 10,
            "{lang}: {numbers} numeric values on the summary sheet"
        );
        let fert = summary
            .iter()
            .find(|r| {
                r.get(2).map(cell_text).is_some_and(|c| {
                    c.contains(if pick == 0 {
                        "3000余吨"
                    } else {
                        "more than 3,000 t"
                    })
                })
            })
            .expect("fertiliser row");
        assert_eq!(fert[1], Data::Float(3000.0));
        // The villages sheet: every village marked, the total marked once.
        let (_, villages) = &book[1];
        let yes = if pick == 0 { "是" } else { "yes" };
        for row in villages.iter().skip(1).take(16) {
            assert_eq!(cell_text(&row[6]), yes, "{lang}: {row:?}");
        }
        // The oat sheet's acreage by village: every (illustrative) village marked.
        let (_, oat) = &book[2];
        let names = village_names(lang);
        let column: Vec<String> = oat.iter().filter_map(|r| r.get(1).map(cell_text)).collect();
        let mut listed = 0;
        for name in &names {
            assert!(!column.contains(name), "{lang} oat sheet: {name} unmarked");
            listed += usize::from(column.contains(&format!("{name}*")));
        }
        // The 15 villages of the programme are listed, each marked.
        assert!(
            listed >= 15,
            "{lang} oat sheet lists {listed} villages marked"
        );
        // The party sheet's counts of illustrative statuses are marked.
        let (_, party) = &book[5];
        let strongest = if pick == 0 {
            "最强党支部"
        } else {
            "strongest"
        };
        assert!(
            party
                .iter()
                .any(|r| r.first().map(cell_text) == Some(format!("{strongest}*"))),
            "{lang}: {party:?}"
        );
        let total = if pick == 0 { "合计*" } else { "Total*" };
        assert!(
            villages
                .iter()
                .any(|r| r.iter().any(|c| cell_text(c) == total)),
            "{lang}: {total}"
        );
    }
}

#[test]
fn xlsx_print_setup_and_header_heights() {
    // calamine reads values only: the print settings and row heights are read from the
    // sheet XML inside the workbook.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.xlsx");
    run(&[
        "export",
        "--format",
        "xlsx",
        "--out",
        path.to_str().expect("path"),
    ]);
    let file = std::fs::File::open(&path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut sheets = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        sheets += 1;
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).expect("xml");
        assert!(
            xml.contains(r#"orientation="landscape""#),
            "{name} landscape"
        );
        assert!(xml.contains(r#"fitToHeight="0""#), "{name} one page wide");
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{name} fit to page"
        );
    }
    assert!(sheets >= 6, "{sheets} sheets");
    // Repeated header rows are defined names.
    let mut wb = zip.by_name("xl/workbook.xml").expect("workbook.xml");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut wb, &mut xml).expect("xml");
    assert_eq!(xml.matches("_xlnm.Print_Titles").count(), sheets, "{xml}");
    drop(wb);
    // The villages sheet's wrapped header row is taller than one line.
    let mut v = zip.by_name("xl/worksheets/sheet2.xml").expect("sheet2");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut v, &mut xml).expect("xml");
    let row1 = xml.split("<row r=\"1\"").nth(1).expect("row 1");
    let head = &row1[..row1.find('>').expect("tag end")];
    assert!(head.contains("customHeight=\"1\""), "{head}");
    let ht: f64 = head
        .split("ht=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|h| h.parse().ok())
        .expect("ht");
    assert!(ht >= 30.0, "header row height {ht}");
    // The income chart carries the two target series.
    drop(v);
    let mut names = Vec::new();
    for i in 0..zip.len() {
        names.push(
            zip.by_index(i)
                .expect("e")
                .name()
                .expect("name")
                .to_string(),
        );
    }
    let chart = names
        .iter()
        .find(|n| n.starts_with("xl/charts/chart"))
        .expect("a chart")
        .clone();
    let mut c = zip.by_name(&chart).expect("chart");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut c, &mut xml).expect("xml");
    assert!(xml.contains("<c:lineChart>"), "targets drawn as lines");
    assert!(Path::new(CONFIG).exists());
}

#[test]
fn party_building_figures_appear_in_every_output_that_shows_them() {
    // 整顿转化软弱涣散村党支部4个, 打造最强党支部7个, 改造村级党组织阵地4个, 补齐配强村班子2人.
    for (lang, labels) in [
        (
            "zh",
            [
                "整顿软弱涣散党支部",
                "最强党支部",
                "改造党组织阵地",
                "补齐配强村班子",
            ],
        ),
        (
            "en",
            [
                "Weak branches rectified",
                "Strongest branches",
                "Party venues renovated",
                "Village leaders added",
            ],
        ),
    ] {
        let party = snapshot(lang, "party");
        for (label, value) in labels.iter().zip(["4", "7", "4", "2"]) {
            let line = party
                .lines()
                .find(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("{lang} party tab: no {label}\n{party}"));
            let figure = line[label.len()..].split_whitespace().next();
            assert_eq!(figure, Some(value), "{lang}: {line}");
        }
    }
    let v: Value = serde_json::from_slice(&run(&["export", "--format", "json"])).expect("JSON");
    for (key, value) in [
        ("branches_rectified", 4),
        ("strongest_branches", 7),
        ("venues_renovated", 4),
        ("leaders_added", 2),
    ] {
        let f = &v["party_building"]["figures"][key];
        assert_eq!(f["value"], value, "{key}");
        assert_eq!(f["status"], "published", "{key}");
        assert_eq!(f["basis"], "cumulative", "{key}");
        assert_eq!(v["party_building"][key], value, "{key} (the existing key)");
    }
}

#[test]
fn json_export_carries_qualifier_status_and_source_of_every_figure() {
    let v: Value = serde_json::from_slice(&run(&["export", "--format", "json"])).expect("JSON");
    let source_2023 = |f: &Value| f["source"].as_str().is_some_and(|s| s.contains("2023"));
    // Every published figure of FACTS.md, with its wording, in the object it belongs to; the
    // existing plain keys keep their values.
    let c = &v["consortium"];
    for (key, value, qualifier, basis) in [
        ("households_served", 1158, "exact", None),
        ("fertilizer_t", 3000, "more_than", Some("cumulative")),
        ("oat_grass_mu", 31000, "exact", Some("cumulative")),
        ("household_income_gain_yuan", 1500, "about", Some("annual")),
    ] {
        let f = &c["figures"][key];
        assert_eq!(f["value"], value, "{key}");
        assert_eq!(c[key], value, "{key} (the existing key)");
        assert_eq!(f["qualifier"], qualifier, "{key}");
        assert_eq!(f["basis"].as_str(), basis, "{key}");
        assert_eq!(f["status"], "published", "{key}");
        assert_eq!(f["illustrative"], false, "{key}");
        assert!(source_2023(f), "{key}: {f}");
    }
    // The cumulative total and the per-year figures have different names.
    assert_eq!(c["oat_grass_mu_cumulative"], 31000);
    let t = &v["training"];
    assert_eq!(t["since"], 2022);
    for (key, value, qualifier) in [("sessions", 3, "exact"), ("participants", 200, "more_than")] {
        assert_eq!(t[key]["value"], value, "{key}");
        assert_eq!(t[key]["qualifier"], qualifier, "{key}");
        assert_eq!(t[key]["status"], "published", "{key}");
        assert!(source_2023(&t[key]), "{key}");
    }
    let f = &v["township"]["figures"]["administrative_villages"];
    assert_eq!(
        (f["value"].as_i64(), f["status"].as_str()),
        (Some(15), Some("published"))
    );
    // Projects: the coal park's 50万元 is annual with no year, its start year an assumption;
    // a place not published is not township-wide.
    let project = |id: &str| -> &Value {
        v["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("no project {id}"))
    };
    let coal = project("coal-logistics");
    let annual = &coal["annual_income_yuan"];
    assert_eq!(annual["value"], 500_000);
    assert_eq!(annual["basis"], "annual");
    assert_eq!(annual["status"], "published");
    assert!(source_2023(annual));
    assert_eq!(coal["started"], 2022);
    assert_eq!(coal["started_status"], "assumed");
    assert_eq!(coal["collective_income_yuan"], serde_json::json!({}));
    for id in ["coal-logistics", "broom-factory"] {
        assert_eq!(project(id)["place"], "not_published", "{id}");
        assert_eq!(project(id)["township_wide"], false, "{id}");
    }
    assert_eq!(project("tourism-route")["started_status"], "published");
    assert_eq!(project("hog-farm")["place"], "villages");
    // Every illustrative record and row is flagged, with its status.
    for village in v["villages"].as_array().expect("villages") {
        assert_eq!(village["illustrative"], true, "{village}");
        assert_eq!(village["status"], "illustrative", "{village}");
    }
    for session in v["sessions"].as_array().expect("sessions") {
        assert_eq!(session["illustrative"], true, "{session}");
        assert_eq!(session["status"], "illustrative", "{session}");
    }
    for row in v["indicators"]["villages"].as_array().expect("rows") {
        assert_eq!(row["illustrative"], true, "{row}");
    }
    // A flag per total: every total in indicators.totals has one, and those that sum the
    // villages' (illustrative) figures are flagged.
    let totals = v["indicators"]["totals"].as_object().expect("totals");
    let flags = totals["illustrative"].as_object().expect("flags");
    for key in totals.keys() {
        if !matches!(
            key.as_str(),
            "illustrative" | "headline" | "villages" | "oat_villages"
        ) {
            assert!(flags.contains_key(key), "no flag for the total {key}");
        }
    }
    for key in [
        "collective_income_total_yuan",
        "villages_at_or_above_floor",
        "villages_at_or_above_strong",
        "oat_grass_mu_by_year",
        "households_total",
        "training_participants",
        "branch_counts",
    ] {
        assert_eq!(flags[key], true, "{key}");
    }
    // The headline totals are the summary's, figure for figure.
    assert_eq!(totals["headline"], v["summary"]["totals"]);
    let summary: Value =
        serde_json::from_slice(&run(&["summary", "--format", "json"])).expect("JSON");
    assert_eq!(totals["headline"], summary["totals"]);
}

/// Runs of digits in `text`, as written: `1,010` is one run with its separator.
fn figures_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins = c == ','
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
        if c.is_ascii_digit() || joins {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a run of digits is grouped in threes with commas (`1,010`, `2,807,000`).
fn grouped(run: &str) -> bool {
    let parts: Vec<&str> = run.split(',').collect();
    parts.len() > 1 && parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3)
}

#[test]
fn one_thousands_rule_in_every_output_and_language() {
    let full = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/full");
    for (config, name) in [(CONFIG, "shipped"), (full, "example")] {
        let run_in = |args: &[&str]| -> String {
            let out = Command::new(env!("CARGO_BIN_EXE_village-dash"))
                .args(["--config", config])
                .args(args)
                .env("NO_COLOR", "1")
                .output()
                .expect("the binary runs");
            String::from_utf8(out.stdout).expect("UTF-8")
        };
        for lang in ["zh", "en"] {
            let mut outputs = vec![
                ("summary".to_string(), run_in(&["--lang", lang, "summary"])),
                (
                    "md".to_string(),
                    run_in(&["--lang", lang, "export", "--format", "md"]),
                ),
                // The warnings' own words (the quoted source line is the file's, as written).
                (
                    "check".to_string(),
                    run_in(&["--lang", lang, "check"])
                        .lines()
                        .filter(|l| !l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ];
            for tab in TABS {
                for (w, h) in [("80", "24"), ("200", "60")] {
                    outputs.push((
                        format!("{tab} {w}x{h}"),
                        run_in(&[
                            "--lang", lang, "snapshot", "--tab", tab, "--width", w, "--height", h,
                        ]),
                    ));
                }
            }
            let mut big = 0;
            for (what, out) in &outputs {
                for run in figures_in(out) {
                    let digits = run.replace(',', "");
                    if lang == "zh" {
                        assert!(
                            !run.contains(','),
                            "{name} zh {what}: {run} has a separator:\n{out}"
                        );
                    } else if digits.len() >= 4 {
                        // Years and dates are not figures; every other figure of four
                        // digits or more is grouped.
                        let year = digits.len() == 4
                            && (digits.starts_with("19") || digits.starts_with("20"))
                            && !run.contains(',');
                        assert!(
                            year || grouped(&run),
                            "{name} en {what}: {run} is not grouped:\n{out}"
                        );
                    }
                    if digits.len() >= 4 && !digits.starts_with("20") {
                        big += 1;
                    }
                }
            }
            assert!(big > 10, "{name} {lang}: only {big} large figures seen");
        }
    }
    // The workbook: number formats by the same rule.
    for (lang, grouped_format) in [("zh", false), ("en", true)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("r.xlsx");
        let p = path.to_str().expect("path");
        run(&["--lang", lang, "export", "--format", "xlsx", "--out", p]);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
        let mut styles = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/styles.xml").expect("styles"),
            &mut styles,
        )
        .expect("xml");
        assert_eq!(styles.contains("#,##0"), grouped_format, "{lang}: {styles}");
    }
}

#[test]
fn the_village_detail_marks_its_income_chart_with_a_legend() {
    let full = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/full");
    // The shipped data (plain income bars) and the example data (income by source,
    // stacked): beside the table from 120 columns, in both languages, in ASCII too.
    for config in [CONFIG, full] {
        for lang in ["zh", "en"] {
            for ascii in [false, true] {
                for (w, h) in [("120", "40"), ("200", "60")] {
                    let mut args = vec![
                        "--config", config, "--lang", lang, "snapshot", "--tab", "villages",
                        "--width", w, "--height", h,
                    ];
                    if ascii {
                        args.push("--ascii");
                    }
                    let out = Command::new(env!("CARGO_BIN_EXE_village-dash"))
                        .args(&args)
                        .env("NO_COLOR", "1")
                        .output()
                        .expect("runs");
                    let screen = String::from_utf8(out.stdout).expect("UTF-8");
                    let context = format!("{config} {lang} ascii={ascii} {w}x{h}:\n{screen}");
                    // The detail pane: the income bars of the selected village, one per year
                    // 2020-2023, each figure with its mark.
                    let bars: Vec<&str> = screen
                        .lines()
                        .filter_map(|l| l.find("2023 ").map(|i| &l[i..]))
                        .collect();
                    assert!(!bars.is_empty(), "{context}");
                    let first = bars[0];
                    let value = first
                        .trim_end()
                        .rsplit(' ')
                        .find(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()))
                        .unwrap_or_else(|| panic!("a figure in {first:?}: {context}"));
                    assert!(value.ends_with('*'), "{first:?}: {context}");
                    let legend = if lang == "zh" {
                        "* 示意数据"
                    } else {
                        "* illustrative"
                    };
                    let pane = screen
                        .lines()
                        .filter(|l| l.contains(legend) && !l.contains("not published"))
                        .count();
                    assert!(pane >= 1, "no legend {legend:?} in {context}");
                }
            }
        }
    }
}
