//! Differential tests of the fast village reader (`data::fast`) against the TOML parser.
//!
//! Records are generated line by line from a grammar that mixes the plain shape the fast
//! reader handles with what it must leave to the TOML parser (escapes, literal strings,
//! quoted or unknown keys, repeated keys and tables, numbers with `_`, `+`, leading zeros,
//! fractions or beyond `i64`, control characters, CR without LF, spaced headers, inline
//! tables) and with what is valid TOML but wrong for the checks (bad ids, negative or huge
//! figures, years out of range, empty names).
//!
//! - Record by record: where the fast reader accepts a record, `toml::from_str` accepts it
//!   too and builds the same value with the same spans.
//! - Whole files: loading with the fast reader and with the TOML parser only gives the same
//!   diagnostics (file, line, column, words, in the same order) and the same data set.

use proptest::prelude::*;
use village_dash::data::FileKind;
use village_dash::data::fast::parse_village;
use village_dash::data::load::{load_sources, load_sources_toml_only};
use village_dash::data::raw::VillagesFile;
use village_dash::data::source::decode;

const OTHERS: [(FileKind, &str); 4] = [
    (FileKind::Township, include_str!("../config/township.toml")),
    (
        FileKind::Consortium,
        include_str!("../config/consortium.toml"),
    ),
    (FileKind::Projects, include_str!("../config/projects.toml")),
    (FileKind::Training, include_str!("../config/training.toml")),
];

const HEADERS: [&str; 5] = [
    "[[village]]",
    "[[village]]",
    "[[village]] # 一条记录",
    "[[ village ]]",
    "[[village]]x",
];

const IDS: [&str; 10] = [
    "\"v1\"",
    "\"v2\"",
    "\"tianjingcun\"",
    "\"V-1\"",
    "\"\"",
    "'v3'",
    "\"v\\u0034\"",
    "1",
    "\"v1\" # 重复?",
    "\"v 5\"",
];

const NAMES: [&str; 9] = [
    "\"天井村\"",
    "\"双墩村\"",
    "\"\"",
    "\"  \"",
    "\"a\tb\"",
    "\"a\u{1}b\"",
    "\"\u{202e}evil\"",
    "\"unclosed",
    "\"\"\"multi\"\"\"",
];

const NUMBERS: [&str; 16] = [
    "0",
    "82",
    "168000",
    "-1",
    "1000000000000",
    "1000000000001",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1_000",
    "+5",
    "01",
    "-0",
    "1.5",
    "2024-01-01",
    "\"12\"",
];

const YEAR_KEYS: [&str; 10] = [
    "2019", "2020", "2021", "2022", "2023", "1948", "2999", "abc", "02019", "\"2024\"",
];

const SUBTABLES: [&str; 9] = [
    "[village.collective_income_yuan]",
    "[village.collective_income_yuan]",
    "[village.oat_grass_mu]",
    "[village.target_yuan]",
    "[village.income_by_source.2023]",
    "[village.income_by_source.2024]",
    "[village.income_by_source]",
    "[village.collective_income_yuan ]",
    "[village.other]",
];

const VILLAGE_KEYS: [&str; 9] = [
    "name_en",
    "households",
    "party_branch",
    "oat_program",
    "illustrative",
    "nmae",
    "\"households\"",
    "collective_income_yuan",
    "id",
];

const SOURCES: [&str; 6] = [
    "operating",
    "contracting",
    "investment",
    "subsidy",
    "other",
    "fees",
];

const VALUES: [&str; 8] = [
    "\"strongest\"",
    "\"ordinary\"",
    "\"best\"",
    "\"Shuang Dun\"",
    "true",
    "false",
    "{ 2024 = 1 }",
    "[1, 2]",
];

const ENDINGS: [&str; 6] = ["\n", "\n", "\n", "\r\n", "  # 注\n", "\r\r\n"];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(items)
}

/// One line after the header of a record.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (pick(&YEAR_KEYS), pick(&NUMBERS)).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => pick(&SUBTABLES).prop_map(str::to_string),
        2 => (pick(&VILLAGE_KEYS), pick(&VALUES)).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => (pick(&VILLAGE_KEYS), pick(&NUMBERS)).prop_map(|(k, v)| format!("{k}={v}")),
        1 => (pick(&SOURCES), pick(&NUMBERS)).prop_map(|(k, v)| format!("  {k}\t= {v}")),
        1 => pick(&NAMES).prop_map(|n| format!("name_en = {n}")),
        1 => Just(String::new()),
        1 => Just("# 注释".to_string()),
    ]
}

/// A record: a header, an id and a name, some lines, the income table with a few years.
fn record() -> impl Strategy<Value = String> {
    (
        pick(&HEADERS),
        pick(&IDS),
        pick(&NAMES),
        proptest::collection::vec(line(), 0..6),
        proptest::collection::vec((pick(&YEAR_KEYS), pick(&NUMBERS)), 0..5),
        proptest::collection::vec(line(), 0..4),
        proptest::collection::vec(pick(&ENDINGS), 16),
    )
        .prop_map(|(header, id, name, before, years, after, endings)| {
            let mut lines = vec![
                header.to_string(),
                format!("id = {id}"),
                format!("name = {name}"),
            ];
            lines.extend(before);
            lines.push("[village.collective_income_yuan]".to_string());
            lines.extend(years.into_iter().map(|(k, v)| format!("{k} = {v}")));
            lines.extend(after);
            let mut text = String::new();
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                text.push_str(endings[i % endings.len()]);
            }
            text
        })
}

/// A record in the plain shape, with figures anywhere in `i64`: the fast reader must
/// accept every one of these (otherwise large files would fall back to the slow path).
fn plain_record() -> impl Strategy<Value = String> {
    (
        "[a-z0-9-]{1,8}",
        "[\u{4e00}-\u{4e2f}a-zA-Z ]{1,6}",
        any::<i64>(),
        proptest::collection::btree_map(1949..2030_i64, any::<i64>(), 0..6),
        proptest::collection::btree_map(1949..2030_i64, 0..10_000_i64, 0..6),
        any::<bool>(),
    )
        .prop_map(|(id, name, households, income, oat, flag)| {
            let mut text = format!(
                "[[village]]\nid = \"{id}\"\nname = \"{name}\"\nhouseholds = {households}\n\
                 party_branch = \"rectified\"\noat_program = {flag}\n\n\
                 [village.collective_income_yuan]\n"
            );
            for (year, value) in income {
                text.push_str(&format!("{year} = {value}\n"));
            }
            text.push_str("\n[village.oat_grass_mu]\n");
            for (year, value) in oat {
                text.push_str(&format!("{year} = {value}\n"));
            }
            text
        })
}

fn toml_record(piece: &str) -> Result<String, String> {
    match toml::from_str::<VillagesFile>(piece) {
        Ok(f) if f.village.len() == 1 => Ok(format!("{:?}", f.village[0])),
        Ok(f) => Err(format!("{} records", f.village.len())),
        Err(e) => Err(e.to_string()),
    }
}

/// Everything a diagnostic shows: severity, file, position and words, in order.
fn shown(
    sources: Vec<village_dash::data::source::SourceFile>,
    toml_only: bool,
) -> (Vec<String>, String) {
    let outcome = if toml_only {
        load_sources_toml_only(sources)
    } else {
        load_sources(sources)
    };
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{} {:?} {}", d.path, d.position, d.render()))
        .collect();
    (diagnostics, format!("{:?}", outcome.dataset))
}

fn sources(villages: &str) -> Vec<village_dash::data::source::SourceFile> {
    let mut all: Vec<_> = OTHERS
        .iter()
        .map(|(kind, text)| {
            decode(*kind, kind.file_name().to_string(), text.as_bytes()).expect("shipped file")
        })
        .collect();
    all.push(
        decode(
            FileKind::Villages,
            "villages.toml".to_string(),
            villages.as_bytes(),
        )
        .expect("generated text is UTF-8"),
    );
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn where_the_fast_reader_accepts_toml_builds_the_same_record(piece in record()) {
        if let Some(fast) = parse_village(&piece) {
            prop_assert_eq!(Ok(format!("{fast:?}")), toml_record(&piece), "{}", piece);
        }
    }

    #[test]
    fn the_fast_reader_accepts_every_plain_record(piece in plain_record()) {
        let fast = parse_village(&piece).map(|v| format!("{v:?}"));
        prop_assert_eq!(fast, toml_record(&piece).ok(), "{}", piece);
    }

    #[test]
    fn same_diagnostics_and_data_with_and_without_the_fast_reader(
        records in proptest::collection::vec(prop_oneof![3 => record(), 1 => plain_record()], 1..6)
    ) {
        let text = format!("# 村\n\n{}", records.join("\n"));
        let fast = shown(sources(&text), false);
        let toml = shown(sources(&text), true);
        prop_assert_eq!(fast, toml, "{}", text);
    }
}

/// The shipped villages.toml and a generated large one load the same both ways.
#[test]
fn shipped_and_generated_files_load_the_same_both_ways() {
    let shipped = include_str!("../config/villages.toml");
    assert_eq!(
        shown(sources(shipped), false),
        shown(sources(shipped), true)
    );
    let mut big = String::from("# 合成\n");
    for i in 0..1500 {
        big.push_str(&format!(
            "\n[[village]]\nid = \"v{i:05}\"\nname = \"村{i}\"\nhouseholds = {}\n\n\
             [village.collective_income_yuan]\n2022 = {}\n2023 = {}\n",
            i % 300,
            i * 1000,
            if i == 700 {
                "-5".to_string()
            } else {
                (i * 1100).to_string()
            },
        ));
    }
    // One record the fast reader leaves to the TOML parser, one that does not parse.
    big.push_str("\n[[village]]\nid = \"v\\u0041\"\nname = \"x\"\n[village.collective_income_yuan]\n2023 = 1\n");
    big.push_str(
        "\n[[village]]\nid = \"vbad\"\nname = \"x\n[village.collective_income_yuan]\n2023 = 1\n",
    );
    let (fast, toml) = (shown(sources(&big), false), shown(sources(&big), true));
    assert!(fast.0.len() >= 2, "{:?}", fast.0);
    assert_eq!(fast, toml);
}
