//! The consistency warnings as `check` prints them: one fixture per kind (the shipped data
//! with one or two files replaced from `tests/fixtures/warnings/<kind>/`), each checked for
//! the file, line and column it points at, its kind, and the figures its message names.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Datelike;
use village_dash::data::consistency::KINDS;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/warnings");

#[derive(Debug)]
struct Warning {
    path: String,
    line: usize,
    column: usize,
    kind: String,
    message: String,
}

/// `check` run on the shipped data with fixtures laid over it.
struct Checked {
    _dir: tempfile::TempDir,
    config: PathBuf,
    stdout: String,
    code: Option<i32>,
    warnings: Vec<Warning>,
}

fn next_year() -> i32 {
    chrono::Local::now().year() + 1
}

/// Parses `PATH:LINE:COL: warning [kind]: message`.
fn parse_warning(line: &str) -> Option<Warning> {
    let (location, rest) = line.split_once(": warning [")?;
    let (kind, message) = rest.split_once("]: ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    Some(Warning {
        path,
        line,
        column,
        kind: kind.to_string(),
        message: message.to_string(),
    })
}

fn run_check(cwd: &Path, config: Option<&Path>) -> (String, Option<i32>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_village-dash"));
    cmd.arg("check");
    if let Some(config) = config {
        cmd.arg("--config").arg(config);
    }
    let out = cmd
        .current_dir(cwd)
        .env_remove("VILLAGE_DASH_CONFIG")
        // The exact messages asserted here are the English ones.
        .env("VILLAGE_DASH_LANG", "en")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if config.is_none() && !cwd.join("config").is_dir() {
        // The built-in data is used, and said so on stderr; nothing else.
        assert!(
            stderr.contains("using the built-in sample data") && stderr.lines().count() == 1,
            "stderr: {stderr}"
        );
    } else {
        assert!(stderr.is_empty(), "stderr: {stderr}");
    }
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        out.status.code(),
    )
}

/// Copies `config/*.toml` to a temporary directory, lays each fixture over it in order and
/// runs `check`.
fn check_with(fixtures: &[&str]) -> Checked {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config = dir.path().join("config");
    std::fs::create_dir(&config).expect("create config");
    for entry in std::fs::read_dir(CONFIG).expect("config/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, config.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    for fixture in fixtures {
        let fixture_dir = Path::new(FIXTURES).join(fixture);
        let mut laid = 0;
        for entry in std::fs::read_dir(&fixture_dir).expect("fixture directory") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name");
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            assert!(
                config.join(name).exists(),
                "{fixture}: {} is not a data file",
                name.to_string_lossy()
            );
            let text = std::fs::read_to_string(&path).expect("fixture file");
            let text = text.replace("{{NEXT_YEAR}}", &next_year().to_string());
            std::fs::write(config.join(name), text).expect("write fixture");
            laid += 1;
        }
        assert!(laid > 0, "fixture {fixture} has no data file");
    }
    let (stdout, code) = run_check(dir.path(), Some(&config));
    let warnings = stdout.lines().filter_map(parse_warning).collect();
    Checked {
        _dir: dir,
        config,
        stdout,
        code,
        warnings,
    }
}

impl Checked {
    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.config.join(file)).expect("data file")
    }

    /// Checks that the data is valid with only warnings, all of `kind`, and returns them.
    fn only(&self, kind: &str) -> Vec<&Warning> {
        assert_eq!(
            self.code,
            Some(0),
            "warnings alone do not fail `check`\n{}",
            self.stdout
        );
        assert!(!self.warnings.is_empty(), "no warnings\n{}", self.stdout);
        for w in &self.warnings {
            assert_eq!(w.kind, kind, "unexpected warning {w:?}\n{}", self.stdout);
        }
        let n = self.warnings.len();
        let plural = if n == 1 { "warning" } else { "warnings" };
        let verdict = self.stdout.lines().last().unwrap_or_default();
        assert!(
            verdict.starts_with("ok: ") && verdict.ends_with(&format!(", {n} {plural}")),
            "{verdict}"
        );
        self.warnings.iter().collect()
    }

    /// Checks that `w` points at `file`, line and column.
    fn assert_at(&self, w: &Warning, file: &str, (line, column): (usize, usize)) {
        assert_eq!(
            w.path,
            self.config.join(file).display().to_string(),
            "file of {w:?}"
        );
        assert_eq!((w.line, w.column), (line, column), "position of {w:?}");
    }
}

/// Position of the `[[village]]` header of the record with this id.
fn village_header(text: &str, id: &str) -> (usize, usize) {
    let record = text
        .find(&format!("id = \"{id}\""))
        .unwrap_or_else(|| panic!("no village {id}"));
    let header = text[..record].rfind("[[village]]").expect("a header");
    (text[..header].matches('\n').count() + 1, 1)
}

fn assert_mentions(w: &Warning, parts: &[&str]) {
    for part in parts {
        assert!(w.message.contains(part), "{:?} lacks {part:?}", w.message);
    }
}

// ---------------------------------------------------------------------------------------

#[test]
fn shipped_data_has_no_warnings() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Both the shipped directory and the copy built into the binary.
    for config in [Some(Path::new(CONFIG)), None] {
        let (stdout, code) = run_check(dir.path(), config);
        assert_eq!(code, Some(0), "{stdout}");
        assert!(!stdout.contains(": warning"), "{stdout}");
        assert!(
            stdout.trim_end().ends_with("16 villages, 0 warnings"),
            "{stdout}"
        );
    }
}

#[test]
fn every_kind_has_a_fixture() {
    for kind in KINDS {
        assert!(
            Path::new(FIXTURES).join(kind).is_dir(),
            "no fixture for warning kind {kind}"
        );
    }
}

#[test]
fn consortium_acreage() {
    let c = check_with(&["consortium-acreage"]);
    let w = c.only("consortium-acreage");
    assert_eq!(w.len(), 1);
    let text = c.text("consortium.toml");
    c.assert_at(
        w[0],
        "consortium.toml",
        common::position(&text, "oat_grass_mu", "32000"),
    );
    assert_mentions(w[0], &["32,000 mu", "31,000 mu", "since 2021"]);
}

#[test]
fn consortium_households() {
    let c = check_with(&["consortium-households"]);
    let w = c.only("consortium-households");
    assert_eq!(w.len(), 1);
    let text = c.text("consortium.toml");
    c.assert_at(
        w[0],
        "consortium.toml",
        common::position(&text, "households_served", "1200"),
    );
    assert_mentions(w[0], &["1,200", "1,158", "15 villages"]);
}

#[test]
fn oat_villages() {
    let c = check_with(&["oat-villages"]);
    let w = c.only("oat-villages");
    assert_eq!(w.len(), 1);
    let text = c.text("township.toml");
    c.assert_at(
        w[0],
        "township.toml",
        common::position(&text, "administrative_villages", "14"),
    );
    assert_mentions(w[0], &["is 14", "15 villages", "oat_program = true"]);
}

#[test]
fn oat_outside_programme() {
    let c = check_with(&["oat-outside-programme"]);
    let w = c.only("oat-outside-programme");
    assert_eq!(w.len(), 1);
    let text = c.text("villages.toml");
    c.assert_at(
        w[0],
        "villages.toml",
        common::position(&text, "# outside the programme", "100"),
    );
    assert_mentions(w[0], &["`xiata`", "for 2020", "`oat_program` is not true"]);
}

#[test]
fn party_rectified() {
    let c = check_with(&["party-rectified"]);
    let w = c.only("party-rectified");
    assert_eq!(w.len(), 1);
    let text = c.text("township.toml");
    c.assert_at(
        w[0],
        "township.toml",
        common::position(&text, "branches_rectified", "5"),
    );
    assert_mentions(
        w[0],
        &["branches_rectified is 5", "but 4 villages", "\"rectified\""],
    );
}

#[test]
fn party_strongest() {
    let c = check_with(&["party-strongest"]);
    let w = c.only("party-strongest");
    assert_eq!(w.len(), 1);
    let text = c.text("township.toml");
    c.assert_at(
        w[0],
        "township.toml",
        common::position(&text, "strongest_branches", "8"),
    );
    assert_mentions(
        w[0],
        &["strongest_branches is 8", "but 7 villages", "\"strongest\""],
    );
}

#[test]
fn income_jump_up() {
    // The fall the typo makes in 2023 also fires the early-warning rule `falling`
    // (tests/accounts.rs), silenced here.
    let c = check_with(&["income-jump", "silence-falling"]);
    let w = c.only("income-jump");
    // The typo raises 2022 and makes 2023 look like a fall: two warnings.
    assert_eq!(w.len(), 2, "{w:?}");
    let text = c.text("villages.toml");
    c.assert_at(
        w[0],
        "villages.toml",
        common::position(&text, "id = \"tianjing\"", "1680000"),
    );
    assert_eq!(
        w[0].message,
        "possible typo: 1,680,000 in 2022 after 152,000 in 2021 (more than 3 times)"
    );
}

#[test]
fn income_jump_down() {
    let c = check_with(&["income-jump", "silence-falling"]);
    let w = c.only("income-jump");
    let text = c.text("villages.toml");
    c.assert_at(
        w[1],
        "villages.toml",
        common::position(&text, "2022 = 1680000", "236000"),
    );
    // 236,000 is not "less than 3 times" 1,680,000 in any useful sense: it is less than a
    // third of it.
    assert_eq!(
        w[1].message,
        "possible typo: 236,000 in 2023 after 1,680,000 in 2022 (less than 1/3)"
    );
}

#[test]
fn acreage_jump() {
    let c = check_with(&["acreage-jump"]);
    let w = c.only("acreage-jump");
    assert_eq!(w.len(), 2, "{w:?}");
    let text = c.text("villages.toml");
    c.assert_at(
        w[0],
        "villages.toml",
        common::position(&text, "id = \"tianjing\"", "8700"),
    );
    assert_mentions(w[0], &["8,700 in 2022", "750 in 2021", "more than 3 times"]);
    c.assert_at(
        w[1],
        "villages.toml",
        common::position(&text, "2022 = 8700", "950"),
    );
    assert_mentions(w[1], &["950 in 2023", "8,700 in 2022"]);
}

#[test]
fn missing_latest_year() {
    let c = check_with(&["missing-latest-year"]);
    let w = c.only("missing-latest-year");
    assert_eq!(w.len(), 1);
    let text = c.text("villages.toml");
    c.assert_at(w[0], "villages.toml", village_header(&text, "xiata"));
    assert_mentions(w[0], &["`xiata`", "no collective income for 2023"]);
}

#[test]
fn year_after_as_of() {
    let c = check_with(&["year-after-as-of"]);
    let w = c.only("year-after-as-of");
    // Every village has a 2023 figure, after as_of moved back to 2022.
    assert_eq!(w.len(), 16);
    let text = c.text("villages.toml");
    c.assert_at(
        w[0],
        "villages.toml",
        common::position(&text, "id = \"tianjing\"", "236000"),
    );
    assert_mentions(w[0], &["income for 2023", "as_of (2022-12-31)"]);
    c.assert_at(
        w[15],
        "villages.toml",
        common::position(&text, "id = \"xiata\"", "131000"),
    );
}

#[test]
fn as_of_future() {
    let c = check_with(&["as-of-future"]);
    let w = c.only("as-of-future");
    assert_eq!(w.len(), 1);
    let text = c.text("township.toml");
    let as_of = format!("{}-01-01", next_year());
    c.assert_at(
        w[0],
        "township.toml",
        common::position(&text, "as_of", &as_of),
    );
    let today = chrono::Local::now().date_naive().to_string();
    assert_mentions(
        w[0],
        &[&format!("as_of {as_of}"), &format!("today is {today}")],
    );
}

#[test]
fn session_future() {
    let c = check_with(&["session-future"]);
    let w = c.only("session-future");
    assert_eq!(w.len(), 1);
    let text = c.text("training.toml");
    let date = format!("{}-03-15", next_year());
    // The date is what is wrong, so the warning points at it (not at `participants`).
    c.assert_at(
        w[0],
        "training.toml",
        common::position(&text, "date = ", &date),
    );
    let today = chrono::Local::now().date_naive().to_string();
    assert_mentions(
        w[0],
        &[&format!("dated {date}"), &format!("today is {today}")],
    );
}

#[test]
fn duplicate_name() {
    let c = check_with(&["duplicate-name"]);
    let w = c.only("duplicate-name");
    assert_eq!(w.len(), 1);
    let text = c.text("villages.toml");
    // The second record's name is what repeats the first, so the warning points at it.
    c.assert_at(
        w[0],
        "villages.toml",
        common::position(&text, "id = \"dashuangdun\"", "\"天井村\""),
    );
    assert_mentions(w[0], &["`dashuangdun`", "`tianjing`", "(天井村)"]);
}

#[test]
fn silence_switches_one_kind_off() {
    let c = check_with(&["income-jump", "silence-falling"]);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    let c = check_with(&["income-jump", "silence-income-jump"]);
    assert_eq!(c.code, Some(0), "{}", c.stdout);
    // The typo's fall in 2023 is still reported by the early-warning rule `falling`.
    let w = c.only("falling");
    assert_eq!(w.len(), 1, "{w:?}");

    // Only that kind: another kind in the same data is still reported.
    let c = check_with(&["income-jump", "consortium-acreage", "silence-income-jump"]);
    assert_eq!(c.code, Some(0), "{}", c.stdout);
    let kinds: Vec<&str> = c.warnings.iter().map(|w| w.kind.as_str()).collect();
    // In file order (villages.toml before consortium.toml): the `falling` rule the typo
    // fires, then the other kind; no `income-jump`.
    assert_eq!(kinds, ["falling", "consortium-acreage"], "{}", c.stdout);
}

#[test]
fn warnings_come_in_file_order() {
    let c = check_with(&["oat-villages", "duplicate-name", "consortium-households"]);
    assert_eq!(c.code, Some(0), "{}", c.stdout);
    let kinds: Vec<&str> = c.warnings.iter().map(|w| w.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["oat-villages", "duplicate-name", "consortium-households"]
    );
    // The quoted line and a caret follow each headline, as rustc prints them.
    let text = c.text("township.toml");
    let (line, _) = common::position(&text, "administrative_villages", "14");
    assert!(
        c.stdout
            .contains(&format!("{line} | administrative_villages = 14")),
        "{}",
        c.stdout
    );
}

#[test]
fn training_published() {
    // Two sessions of 8 and 72: fewer than the 3 published, and under the published 200余人次.
    let c = check_with(&["training-published"]);
    let w = c.only("training-published");
    assert_eq!(w.len(), 2, "{}", c.stdout);
    let text = c.text("training.toml");
    c.assert_at(
        w[0],
        "training.toml",
        common::position(&text, "sessions = {", "3"),
    );
    assert_mentions(
        w[0],
        &[
            "published sessions (exact 3)",
            "2 [[session]] records since 2022",
        ],
    );
    c.assert_at(
        w[1],
        "training.toml",
        common::position(&text, "participants = {", "200"),
    );
    assert_mentions(w[1], &["more than 200", "summed: 80"]);
}
