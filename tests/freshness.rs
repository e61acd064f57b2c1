//! Never show stale figures: the real binary in a pseudo-terminal while the data directory
//! is replaced in the ways deployments and people do it. After each replacement the next
//! save, and the one after it, must reach the screen.

use std::path::Path;

mod common;
use common::pty::{Dashboard, Start, copy_data, data_copy, through_sh};
use common::saves::{save_income as save, shown};

/// A save in place and then one by rename, both seen.
fn two_more_saves_are_seen(d: &Dashboard, dir: &Path, first: u32) {
    save(dir, first);
    d.wait_text(&shown(first));
    let tmp = dir.join(".villages.toml.new");
    std::fs::copy(dir.join("villages.toml"), &tmp).expect("copy");
    save(dir, first); // keep the same figure in the copy's source
    let text = std::fs::read_to_string(&tmp).expect("read").replace(
        &format!("2023 = {first}"),
        &format!("2023 = {}", first + 10_000),
    );
    std::fs::write(&tmp, text).expect("write");
    std::fs::rename(&tmp, dir.join("villages.toml")).expect("rename over");
    d.wait_text(&shown(first + 10_000));
}

#[test]
fn the_directory_swapped_by_rename() {
    let (tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    let new = tmp.path().join("data.new");
    copy_data(&new);
    save(&new, 346_000);
    std::fs::rename(&dir, tmp.path().join("data.old")).expect("mv data data.old");
    std::fs::rename(&new, &dir).expect("mv data.new data");
    d.wait_text("34.6");
    two_more_saves_are_seen(&d, &dir, 456_000);
    // And once more: the watcher follows every swap, not only the first.
    let newer = tmp.path().join("data.newer");
    copy_data(&newer);
    save(&newer, 676_000);
    std::fs::rename(&dir, tmp.path().join("data.older")).expect("mv");
    std::fs::rename(&newer, &dir).expect("mv");
    d.wait_text("67.6");
    save(&dir, 786_000);
    d.wait_text("78.6");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn the_directory_deleted_and_copied_back() {
    let (tmp, dir) = data_copy();
    let backup = tmp.path().join("backup");
    copy_data(&backup);
    save(&backup, 346_000);
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    std::fs::remove_dir_all(&dir).expect("rm -rf");
    copy_data(&dir);
    std::fs::copy(backup.join("villages.toml"), dir.join("villages.toml")).expect("cp");
    d.wait_for("the copy's figure, no banner", |s| {
        s.contains("34.6") && !s.contains("数据文件有错误")
    });
    two_more_saves_are_seen(&d, &dir, 456_000);
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn the_directory_recreated_slowly_file_by_file() {
    let (tmp, dir) = data_copy();
    let backup = tmp.path().join("backup");
    copy_data(&backup);
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    std::fs::remove_dir_all(&dir).expect("rm -rf");
    d.wait_text("数据文件有错误");
    std::fs::create_dir(&dir).expect("mkdir");
    for entry in std::fs::read_dir(&backup).expect("read backup") {
        let entry = entry.expect("entry");
        std::thread::sleep(std::time::Duration::from_millis(400));
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("cp");
    }
    d.wait_for("complete again, no banner", |s| {
        s.contains("23.6") && !s.contains("数据文件有错误")
    });
    two_more_saves_are_seen(&d, &dir, 456_000);
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn a_symlinked_config_re_pointed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (one, two) = (tmp.path().join("release-1"), tmp.path().join("release-2"));
    copy_data(&one);
    copy_data(&two);
    save(&two, 346_000);
    let current = tmp.path().join("current");
    std::os::unix::fs::symlink("release-1", &current).expect("ln -s");
    let mut d = Dashboard::start(&current, &[]);
    d.open_villages();
    // The atomic form: ln -sfn release-2 current.tmp && mv -T current.tmp current
    let staged = tmp.path().join("current.tmp");
    std::os::unix::fs::symlink("release-2", &staged).expect("ln -s");
    std::fs::rename(&staged, &current).expect("mv -T");
    d.wait_text("34.6");
    two_more_saves_are_seen(&d, &two, 456_000);
    // The plain form: ln -sfn release-1 current (remove, then create).
    std::fs::remove_file(&current).expect("rm link");
    std::os::unix::fs::symlink("release-1", &current).expect("ln -s");
    d.wait_text("23.6");
    save(&one, 566_000);
    d.wait_text("56.6");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn a_linked_file_edited_at_its_target() {
    let (tmp, dir) = data_copy();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::rename(dir.join("villages.toml"), elsewhere.join("villages.toml")).expect("mv");
    std::os::unix::fs::symlink(elsewhere.join("villages.toml"), dir.join("villages.toml"))
        .expect("ln -s");
    std::fs::copy(dir.join("projects.toml"), elsewhere.join("projects.toml")).expect("cp");
    std::fs::remove_file(dir.join("projects.toml")).expect("rm");
    std::fs::hard_link(elsewhere.join("projects.toml"), dir.join("projects.toml")).expect("ln");
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    // A symbolic link: edited in place, then by rename, at its target.
    two_more_saves_are_seen(&d, &elsewhere, 346_000);
    // A hard link: edited in place under its other name.
    d.send("4");
    d.wait_text("煤炭物流园配套服务区");
    let other = elsewhere.join("projects.toml");
    let text = std::fs::read_to_string(&other).expect("read");
    assert_eq!(text.matches("煤炭物流园配套服务区").count(), 1);
    let edited = text.replace("煤炭物流园配套服务区", "煤炭物流园二期服务区");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&other)
        .expect("open in place");
    std::io::Write::write_all(&mut f, edited.as_bytes()).expect("write");
    drop(f);
    d.wait_text("煤炭物流园二期服务区");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn polling_forced_by_the_environment_is_said_and_sees_saves() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[("VILLAGE_DASH_WATCH", "poll")]);
    d.open_villages();
    let screen = d.wait_text("定时检查文件");
    assert!(screen.contains("23.6"), "{screen}");
    two_more_saves_are_seen(&d, &dir, 346_000);
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn polling_is_said_in_english_too() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(
        &dir,
        &[("VILLAGE_DASH_WATCH", "poll"), ("VILLAGE_DASH_LANG", "en")],
    );
    d.wait_text("polling files");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

#[test]
fn a_failed_reload_says_the_figures_are_old() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    let path = dir.join("villages.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("name = \"天井村\"", "name = \"天井村")).expect("write");
    let screen = d.wait_text("屏上是旧数据");
    assert!(screen.contains("23.6"), "{screen}");
    std::fs::write(&path, &text).expect("fix");
    d.wait_for("fresh again", |s| !s.contains("屏上是旧数据"));
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

/// Whether this machine lets a process have a user namespace of its own in which it may set
/// its inotify limits (`unshare -Ur`, Linux 4.9 and later with unprivileged user
/// namespaces).
fn user_namespaces() -> bool {
    std::process::Command::new("unshare")
        .args(["-Ur", "sh", "-c"])
        .arg("echo 128 > /proc/sys/user/max_inotify_instances")
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the dashboard in a user namespace of its own whose inotify limit `limit` (a file of
/// `/proc/sys/user`) is `value`: a real limit that the kernel enforces on this dashboard
/// alone, not on the other tests or anything else on the machine.
fn with_inotify_limit(
    limit: &'static str,
    value: u32,
) -> impl FnOnce(portable_pty::CommandBuilder) -> portable_pty::CommandBuilder {
    move |cmd| {
        let script = format!("echo {value} > /proc/sys/user/{limit} && exec \"$0\" \"$@\"");
        let mut cmd = through_sh(&script)(cmd);
        cmd.get_argv_mut()
            .splice(0..0, ["unshare".into(), "-Ur".into()]);
        cmd
    }
}

/// Every inotify instance this user may still open, held until dropped (the fallback where
/// user namespaces are not allowed; it holds them only until the dashboard has started).
struct InotifyExhausted(Vec<i32>);

impl InotifyExhausted {
    fn now() -> Self {
        let mut fds = Vec::new();
        while fds.len() < 65_536 {
            // SAFETY: inotify_init1 has no preconditions; the descriptor is closed on drop.
            let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC) };
            if fd < 0 {
                break;
            }
            fds.push(fd);
        }
        InotifyExhausted(fds)
    }
}

impl Drop for InotifyExhausted {
    fn drop(&mut self) {
        for &fd in &self.0 {
            // SAFETY: closing descriptors this struct opened.
            unsafe {
                libc::close(fd);
            }
        }
    }
}

/// No inotify instance to be had (the per-user limit reached): the watcher cannot be set up,
/// the dashboard says it polls, and saves are still seen.
#[test]
fn polling_after_a_watch_error_at_start() {
    let (_tmp, dir) = data_copy();
    let mut d = if user_namespaces() {
        let d = Dashboard::spawn(
            Start::config(&dir, &[]),
            with_inotify_limit("max_inotify_instances", 0),
        );
        d.wait_text("达10万元");
        d
    } else {
        let held = InotifyExhausted::now();
        let d = Dashboard::start(&dir, &[]);
        d.wait_text("达10万元");
        drop(held);
        d
    };
    let screen = d.wait_text("定时检查文件");
    assert!(screen.contains("达10万元"), "{screen}");
    d.send("2");
    d.wait_text("23.6");
    two_more_saves_are_seen(&d, &dir, 346_000);
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

/// A watch that fails while running: the inotify watch limit is two, enough for the data
/// directory and its parent; a data file becomes a link to a file elsewhere, whose directory
/// must be watched too, and that watch fails (ENOSPC). The dashboard falls back to polling,
/// says so, and sees the next saves at the link's target.
#[test]
fn polling_after_a_watch_error_while_running() {
    if !user_namespaces() {
        // The limit on watches cannot be lowered for one process without a user namespace,
        // and lowering it for the whole machine is not a test's to do.
        eprintln!("skipped: no unprivileged user namespaces here (unshare -Ur failed)");
        return;
    }
    let (tmp, dir) = data_copy();
    let mut d = Dashboard::spawn(
        Start::config(&dir, &[]),
        with_inotify_limit("max_inotify_watches", 2),
    );
    d.open_villages();
    let screen = d.contents();
    assert!(
        !screen.contains("定时检查文件"),
        "events work at first:\n{screen}"
    );
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::copy(dir.join("villages.toml"), elsewhere.join("villages.toml")).expect("cp");
    let staged = dir.join(".villages.toml.link");
    std::os::unix::fs::symlink(elsewhere.join("villages.toml"), &staged).expect("ln -s");
    std::fs::rename(&staged, dir.join("villages.toml")).expect("mv over");
    d.wait_text("定时检查文件");
    two_more_saves_are_seen(&d, &elsewhere, 346_000);
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

/// A storm of saves while loads take a while (a large villages file): the loads are
/// coalesced (a bounded number of threads, never one per save) and the last save is the
/// one shown in the end, with the status line no longer saying a reload is pending.
#[test]
fn a_storm_of_saves_shows_the_last_one() {
    let (_tmp, dir) = data_copy();
    common::saves::grow_villages(&dir, 4 * 1024 * 1024);
    let mut d = Dashboard::start(&dir, &[]);
    d.open_villages();
    let threads = || {
        std::fs::read_to_string(format!("/proc/{}/status", d.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0)
    };
    let mut most = threads();
    let last = 20;
    for i in 1..=last {
        save(&dir, 250_000 + i * 1_100);
        for _ in 0..4 {
            std::thread::sleep(std::time::Duration::from_millis(50));
            most = most.max(threads());
        }
    }
    let screen = d.wait_for("the last save, nothing pending", |s| {
        s.contains(&shown(250_000 + last * 1_100)) && !s.contains("正在重新加载")
    });
    assert!(!screen.contains("屏上是旧数据"), "{screen}");
    // The main, input, signal, reload and watcher threads, and the loader's parse threads.
    assert!(most <= 10, "at most {most} threads during the storm");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}
