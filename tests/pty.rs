//! End-to-end: the real binary in a pseudo-terminal, the screen rebuilt with vt100.
//! Each test drives the dashboard as an official would and reads the screen at each step.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(15);

struct Dashboard {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Dashboard {
    fn start(dir: &Path, extra_env: &[(&str, &str)]) -> Self {
        let rows = 24;
        let cols = 80;
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_village-dash"));
        cmd.arg("--config");
        cmd.arg(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("VILLAGE_DASH_LANG");
        cmd.env_remove("VILLAGE_DASH_CONFIG");
        cmd.env_remove("NO_COLOR");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn village-dash");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
            }
        });
        Dashboard {
            child,
            writer,
            screen,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn alternate_screen(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(true)
    }

    /// Waits until the screen satisfies `ok`, or fails with the screen as it is.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if ok(&text) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, |s| s.contains(needle))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
        // Give the dashboard a moment between keys, as a person would.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn pid(&self) -> i32 {
        self.child.process_id().map_or(0, |p| p as i32)
    }

    /// Waits for the process to end and returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.exit_code();
            }
            assert!(start.elapsed() < TIMEOUT, "process did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// A copy of the shipped data in a temporary directory.
fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    std::fs::create_dir(&dir).expect("mkdir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for entry in std::fs::read_dir(&shipped).expect("read config") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    (tmp, dir)
}

fn snapshot_of_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read file"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn tabs_village_detail_filter_and_quit() {
    let (_tmp, dir) = data_copy();
    let before = snapshot_of_files(&dir);
    let mut d = Dashboard::start(&dir, &[]);
    let screen = d.wait_text("达10万元");
    assert!(screen.contains("16/16村"), "{screen}");
    assert!(d.alternate_screen());

    d.send("2");
    d.wait_text("村名");
    d.send("/");
    d.send("双");
    let screen = d.wait_for("filtered villages", |s| {
        s.contains("2 个村") && s.contains("/双")
    });
    assert!(
        screen.contains("大双墩") && screen.contains("双井子"),
        "{screen}"
    );
    assert!(!screen.contains("天井村"), "{screen}");
    d.send("\r"); // keep the filter
    d.send("j");
    d.send("\r"); // open the selected village
    let screen = d.wait_text("历年集体收入");
    assert!(screen.contains("双井子"), "{screen}");
    assert!(
        screen.contains("双井子中草药种植"),
        "the village's project:\n{screen}"
    );
    d.send("\x1b");
    d.wait_text("村名");

    for (key, marker) in [
        ("3", "公布的累计数"),
        ("4", "煤炭物流园配套服务区"),
        ("5", "参训人次"),
        ("6", "最强党支部"),
        ("\t", "达10万元"),
    ] {
        d.send(key);
        d.wait_text(marker);
    }
    d.send("?");
    d.wait_text("按键");
    d.send("?");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
    assert!(
        !d.alternate_screen(),
        "the terminal must leave the alternate screen"
    );
    assert_eq!(
        before,
        snapshot_of_files(&dir),
        "data files must be unchanged"
    );
}

#[test]
fn live_reload_in_place_and_by_rename_then_a_bad_edit_and_its_fix() {
    let (_tmp, dir) = data_copy();
    let villages = dir.join("villages.toml");
    let original = std::fs::read_to_string(&villages).expect("read villages");
    let mut d = Dashboard::start(&dir, &[]);
    d.wait_text("达10万元");
    d.send("2");
    d.wait_text("23.6");

    // An in-place write, as nano does.
    std::fs::write(
        &villages,
        original.replace("2023 = 236000", "2023 = 246000"),
    )
    .expect("write in place");
    d.wait_text("24.6");

    // A new file renamed over the old one, as `sed -i` and some vim settings do; twice, so
    // the watcher is shown to survive a rename.
    for figure in ["256000", "266000"] {
        let tmp_file = dir.join(".villages.toml.tmp");
        std::fs::write(
            &tmp_file,
            original.replace("2023 = 236000", &format!("2023 = {figure}")),
        )
        .expect("write temp");
        std::fs::rename(&tmp_file, &villages).expect("rename over");
        d.wait_text(&format!("{}.6", &figure[..2]));
    }

    // A syntax error (an unclosed string after Chinese text): the banner names the file,
    // line and column, and the last good figures stay.
    let broken = original.replace("name = \"天井村\"", "name = \"天井村");
    std::fs::write(&villages, &broken).expect("write broken");
    let screen = d.wait_text("villages.toml:18:12");
    assert!(screen.contains("数据文件有错误"), "{screen}");
    assert!(screen.contains("26.6"), "last good figures stay:\n{screen}");

    // A typo in a key: all errors on `x`, with the quoted line.
    let broken = original.replace("households = 96", "housholds = 96");
    std::fs::write(&villages, &broken).expect("write broken");
    d.wait_text("villages.toml:20:1");
    d.send("x");
    let screen = d.wait_text("20 | housholds = 96");
    assert!(screen.contains("数据文件错误"), "{screen}");
    assert!(screen.contains("26.6"), "last good figures stay:\n{screen}");
    d.send("\x1b");

    std::fs::write(
        &villages,
        original.replace("2023 = 236000", "2023 = 276000"),
    )
    .expect("write fixed");
    let screen = d.wait_for("banner gone and new figure", |s| {
        s.contains("27.6") && !s.contains("数据文件有错误")
    });
    assert!(screen.contains("村名"), "{screen}");

    // A deleted file is an error on screen, not a crash; restoring it recovers.
    std::fs::remove_file(&villages).expect("remove");
    d.wait_text("villages.toml: file not found");
    std::fs::write(&villages, &original).expect("restore");
    d.wait_for("recovered", |s| {
        s.contains("23.6") && !s.contains("数据文件有错误")
    });
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn edit_key_opens_the_editor_at_the_record_and_comes_back() {
    let (tmp, dir) = data_copy();
    let before = snapshot_of_files(&dir);
    let log = tmp.path().join("editor-args.txt");
    let editor = tmp.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$@\" > '{}'\nsleep 0.3\n", log.display()),
    )
    .expect("write editor");
    make_executable(&editor);

    let editor_str = editor.display().to_string();
    let mut d = Dashboard::start(&dir, &[("VISUAL", ""), ("EDITOR", editor_str.as_str())]);
    d.wait_text("达10万元");
    d.send("2");
    d.wait_text("村名");
    d.send("jj"); // the third village, 双井子
    d.send("e");
    let start = Instant::now();
    while !log.exists() {
        assert!(start.elapsed() < TIMEOUT, "editor was not started");
        std::thread::sleep(Duration::from_millis(30));
    }
    std::thread::sleep(Duration::from_millis(100));
    let args = std::fs::read_to_string(&log).expect("read editor args");
    let villages = dir.join("villages.toml");
    let text = std::fs::read_to_string(&villages).expect("read villages");
    let line = text
        .lines()
        .position(|l| l.contains("id = \"shuangjingzi\""))
        .expect("shuangjingzi in the file"); // 0-based index of the id line = header line + 1
    assert_eq!(args.trim(), format!("+{line} {}", villages.display()));
    assert!(
        text.lines()
            .nth(line - 1)
            .is_some_and(|l| l.starts_with("[[village]]"))
    );

    let screen = d.wait_for("dashboard back", |s| {
        s.contains("村名") && s.contains("双井子")
    });
    assert!(screen.contains("> 双井子"), "selection kept:\n{screen}");
    assert!(d.alternate_screen());
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
    assert_eq!(
        before,
        snapshot_of_files(&dir),
        "data files must be unchanged"
    );
}

#[test]
fn an_editor_that_cannot_start_is_a_message() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[("VISUAL", ""), ("EDITOR", "/nonexistent/editor")]);
    d.wait_text("达10万元");
    d.send("2");
    d.wait_text("村名");
    d.send("e");
    let screen = d.wait_text("cannot start editor");
    assert!(screen.contains("村名"), "{screen}");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
        (libc::SIGINT, 130),
    ] {
        let (_tmp, dir) = data_copy();
        let mut d = Dashboard::start(&dir, &[]);
        d.wait_text("达10万元");
        assert!(d.alternate_screen());
        // SAFETY: sending a signal to a child process we spawned.
        unsafe {
            libc::kill(d.pid(), signal);
        }
        assert_eq!(d.wait_exit(), code, "signal {signal}");
        let start = Instant::now();
        while d.alternate_screen() {
            assert!(
                start.elapsed() < TIMEOUT,
                "signal {signal}: still on the alternate screen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn without_a_terminal_it_points_to_summary_and_exits_2() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_village-dash"))
        .env_remove("VILLAGE_DASH_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("summary") && err.contains("snapshot"), "{err}");
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path).expect("metadata").permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).expect("chmod");
}
