//! Never show stale figures: the real binary in a pseudo-terminal while the data directory
//! is replaced in the ways deployments and people do it. After each replacement the next
//! save, and the one after it, must reach the screen.

use std::path::Path;

mod common;
use common::pty::{Dashboard, copy_data, data_copy};

/// Writes villages.toml in `dir` with 天井村's 2023 income set to `yuan`.
fn save(dir: &Path, yuan: u32) {
    let path = dir.join("villages.toml");
    let text = std::fs::read_to_string(&path).expect("read villages");
    let start = text.find("2023 = 2").expect("天井村's 2023 line");
    let end = start + text[start..].find('\n').expect("line end");
    let text = format!("{}2023 = {yuan}{}", &text[..start], &text[end..]);
    std::fs::write(&path, text).expect("write villages");
}

/// The figure 天井村 shows for `yuan` on the villages tab (e.g. 23.6 for 236000).
fn shown(yuan: u32) -> String {
    format!("{}.{}", yuan / 10_000, yuan % 10_000 / 1_000)
}

fn open_villages(d: &mut Dashboard) {
    d.wait_text("达10万元");
    d.send("2");
    d.wait_text("23.6");
}

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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
    open_villages(&mut d);
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
