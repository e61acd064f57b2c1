//! End-to-end: the real binary in a pseudo-terminal, the screen rebuilt with vt100.
//! Each test drives the dashboard as an official would and reads the screen at each step.

use std::time::{Duration, Instant};

mod common;
use common::pty::{Dashboard, TIMEOUT, data_copy, make_executable, snapshot_of_files};

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
    d.wait_text("villages.toml: 找不到文件");
    std::fs::write(&villages, &original).expect("restore");
    d.wait_for("recovered", |s| {
        s.contains("23.6") && !s.contains("数据文件有错误")
    });
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

/// The scheduling policy and nice value of each of a process's threads, from
/// `/proc/PID/task/TID/stat` (fields 41 and 19).
#[cfg(target_os = "linux")]
fn thread_policies(pid: i32) -> Vec<(i32, u32, i32)> {
    let mut out = Vec::new();
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("the process's threads");
    for task in tasks.flatten() {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue; // the thread ended meanwhile
        };
        let tid: i32 = task
            .file_name()
            .to_string_lossy()
            .parse()
            .expect("a thread id");
        // The fields after the command name, which is in parentheses and may hold spaces.
        let after = stat.rsplit_once(')').expect("a stat line").1;
        let fields: Vec<&str> = after.split_whitespace().collect();
        let nice = fields[16].parse().expect("the nice field");
        let policy = fields[38].parse().expect("the policy field");
        out.push((tid, policy, nice));
    }
    out
}

/// A reload must not hold up a key: the reload thread (and so every thread a load starts)
/// runs at a lower nice value, the screen's thread at the normal one; both keep the normal
/// scheduling policy (the idle policy would leave a reload waiting for as long as two busy
/// processes of the same session run).
#[cfg(target_os = "linux")]
#[test]
fn the_reload_thread_runs_at_a_lower_priority_than_the_screen() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.wait_text("达10万元");
    // A reload, so the reload thread has run a load.
    common::saves::save_income(&dir, 246000);
    d.send("2");
    d.wait_text("24.6");
    let threads = thread_policies(d.pid());
    let main = threads.iter().find(|(tid, _, _)| *tid == d.pid());
    assert_eq!(
        main.map(|&(_, policy, nice)| (policy, nice)),
        Some((libc::SCHED_OTHER as u32, 0)),
        "the screen's thread keeps the normal policy: {threads:?}"
    );
    let lowered: Vec<_> = threads.iter().filter(|(_, _, nice)| *nice > 0).collect();
    assert_eq!(
        lowered.len(),
        1,
        "one reload thread at a lower priority: {threads:?}"
    );
    assert_eq!(
        (lowered[0].1, lowered[0].2),
        (libc::SCHED_OTHER as u32, village_dash::tui::RELOAD_NICENESS),
        "{threads:?}"
    );
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn edit_key_opens_the_editor_at_the_record_and_comes_back() {
    let (tmp, dir) = data_copy();
    let before = snapshot_of_files(&dir);
    let log = tmp.path().join("editor-args.txt");
    // Named `vi`, so it is given the line in the vi form `+N FILE`.
    std::fs::create_dir(tmp.path().join("bin")).expect("mkdir");
    let editor = tmp.path().join("bin").join("vi");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$@\" > '{}'\nsleep 0.3\n", log.display()),
    )
    .expect("write editor");
    make_executable(&editor);

    let editor_str = editor.display().to_string();
    let mut d = Dashboard::start(&dir, &[("VISUAL", ""), ("EDITOR", editor_str.as_str())]);
    d.open_villages();
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
    d.open_villages();
    d.send("e");
    let screen = d.wait_text("无法启动编辑器");
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
