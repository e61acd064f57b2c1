//! A temporary working directory holding a copy of the shipped data (`data/`), with the
//! fixture files of a case laid over it, and a way to run the real binary on it.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_village-dash");

pub const DATA_FILES: [&str; 5] = [
    "township.toml",
    "villages.toml",
    "consortium.toml",
    "projects.toml",
    "training.toml",
];

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shipped_config() -> PathBuf {
    crate_dir().join("config")
}

/// One run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
    pub raw_stderr: Vec<u8>,
}

/// Runs the binary in `cwd` with `args`, with none of the user's settings.
pub fn run<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("VILLAGE_DASH_CONFIG")
        .env_remove("VILLAGE_DASH_LANG")
        .env_remove("VILLAGE_DASH_ASCII")
        .env_remove("VILLAGE_DASH_THEME")
        // No settings file of the person running the tests.
        .env("XDG_CONFIG_HOME", cwd.join(".no-settings"))
        .env_remove("NO_COLOR")
        .output()
        .expect("run village-dash");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        raw_stdout: output.stdout,
        raw_stderr: output.stderr,
    }
}

/// A temporary working directory holding a data directory.
pub struct Workspace {
    pub tmp: TempDir,
    pub data: PathBuf,
}

impl Workspace {
    /// A copy of the shipped data in `data/`.
    pub fn shipped() -> Self {
        Self::named("data")
    }

    /// A copy of the shipped data in a directory with the given name.
    pub fn named(dir_name: &str) -> Self {
        let tmp = TempDir::new().expect("temp dir");
        let data = tmp.path().join(dir_name);
        fs::create_dir(&data).expect("create data dir");
        for file in DATA_FILES {
            fs::copy(shipped_config().join(file), data.join(file)).expect("copy shipped data");
        }
        Workspace { tmp, data }
    }

    /// The shipped data with the data files of `fixture_dir` laid over it (a file named
    /// `expected` there is skipped: it holds what a test expects, not data).
    pub fn overlaid(fixture_dir: &Path) -> Self {
        let ws = Self::shipped();
        ws.overlay(fixture_dir);
        ws
    }

    /// Lays the data files of `dir` over this workspace's data.
    pub fn overlay(&self, dir: &Path) {
        let mut copied = 0;
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let entry = entry.expect("fixture entry");
            let file_name = entry.file_name();
            let file_name = file_name.to_str().expect("fixture names are UTF-8");
            if file_name == "expected" {
                continue;
            }
            assert!(
                DATA_FILES.contains(&file_name),
                "{} holds {file_name}, which is not a data file",
                dir.display()
            );
            fs::copy(entry.path(), self.data.join(file_name)).expect("copy fixture file");
            copied += 1;
        }
        assert!(copied > 0, "{} holds no data file", dir.display());
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.data.join(name)
    }

    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.file(name)).expect("read data file")
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        fs::write(self.file(name), bytes).expect("write data file");
    }

    /// Replaces the single occurrence of `old` in a data file.
    pub fn edit(&self, name: &str, old: &str, new: &str) {
        let text = self.read(name);
        assert_eq!(
            text.matches(old).count(),
            1,
            "`{old}` must occur exactly once in {name}"
        );
        self.write(name, text.replacen(old, new, 1));
    }

    /// Rewrites every data file with a UTF-8 byte order mark and CRLF line endings.
    pub fn to_bom_crlf(&self) {
        for name in DATA_FILES {
            let text = self.read(name);
            assert!(!text.contains('\r'));
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
            self.write(name, bytes);
        }
    }

    /// Runs the binary in the workspace with exactly `args`.
    pub fn run_args<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run(self.tmp.path(), args)
    }

    /// Runs the binary in the workspace with `args` and `--config DATA`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--config"));
        all.push(self.data.as_os_str());
        run(self.tmp.path(), all)
    }
}
