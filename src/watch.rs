//! Watching the data directory for saves, in a way that cannot silently stop.
//!
//! Three layers, each enough on its own for a different failure:
//! - **Events** (inotify through notify): the data directory is watched, not the files, so
//!   editors that save by renaming a new file over the old one keep being seen; so are the
//!   directory's parent (the directory renamed away, deleted and copied back), the parent of
//!   the `--config` path as given (a symlink re-pointed by a deployment) and the directory of
//!   each data file that is a link to a file elsewhere (edited at its target). What is watched
//!   is worked out again after every load, so a replaced directory is watched anew.
//! - **Polling**, when events cannot be had (inotify limits, network filesystems without
//!   notifications) or `VILLAGE_DASH_WATCH=poll` asks for it: the fingerprint below, every
//!   [`POLL_EVERY`].
//! - **A recheck** of that fingerprint every [`RECHECK_EVERY`] even while events work, so a
//!   missed event is caught within seconds. A fingerprint is a few `stat` calls: the resolved
//!   directory and, per data file, device, inode, size and modification time.

use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::data::FileKind;

/// How long the files must be quiet before a change counts: one save is one reload, and a
/// file still being written (nano truncates, then writes) is not taken as final.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// The fingerprint is compared this often while polling is the only way of watching.
pub const POLL_EVERY: Duration = Duration::from_millis(700);

/// The fingerprint is compared this often while events work: the second line of defence.
pub const RECHECK_EVERY: Duration = Duration::from_secs(3);

/// The environment variable that forces polling (`poll`), for filesystems that deliver no
/// events although a watch can be set up on them.
pub const WATCH_ENV: &str = "VILLAGE_DASH_WATCH";

pub type DirWatcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// How the files are being watched, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// Change events from the operating system, with a slow recheck behind them.
    Events,
    /// No events to be had: the files are compared on a timer.
    Polling,
    /// The built-in data: nothing on disk to watch.
    None,
}

/// What the watcher tells the runtime.
pub enum WatchNews {
    /// Something relevant changed on disk.
    Changed,
    /// The event watcher failed while running; the runtime falls back to polling.
    Failed,
}

/// Whether a path is one of the data files (editor swap and backup files are not).
pub fn is_data_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| FileKind::ALL.iter().any(|k| k.file_name() == name))
}

/// One file's identity and state, as `stat` gives it (following links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
}

/// What a load read: the directory the path resolved to and each data file's stamp
/// (`None` for a file that could not be stat'ed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    pub resolved: Option<PathBuf>,
    pub dir: Option<(u64, u64)>,
    pub files: Vec<Option<FileStamp>>,
    /// In a county directory: each township folder's own fingerprint (and `files` holds
    /// `county.toml`'s stamp).
    pub townships: Vec<(String, Fingerprint)>,
}

fn stamp(meta: &std::fs::Metadata) -> FileStamp {
    FileStamp {
        dev: meta.dev(),
        ino: meta.ino(),
        size: meta.size(),
        mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
    }
}

impl Fingerprint {
    /// A few `stat` calls: cheap enough for a timer.
    pub fn of(dir: &Path) -> Fingerprint {
        let resolved = dir.canonicalize().ok();
        let dir_id = std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()));
        if crate::data::county::is_county(dir) {
            let county_file = dir.join(crate::data::county::COUNTY_FILE);
            return Fingerprint {
                resolved,
                dir: dir_id,
                files: vec![std::fs::metadata(county_file).ok().map(|m| stamp(&m))],
                townships: crate::data::county::township_folders(dir)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, path)| (name, Fingerprint::of(&path)))
                    .collect(),
            };
        }
        let files = FileKind::ALL
            .iter()
            .map(|k| {
                std::fs::metadata(dir.join(k.file_name()))
                    .ok()
                    .map(|m| stamp(&m))
            })
            .collect();
        Fingerprint {
            resolved,
            dir: dir_id,
            files,
            townships: Vec::new(),
        }
    }
}

/// The directories to watch for `dir` and the paths in them that matter. Worked out again
/// after each load: the directory may have been replaced, a link re-pointed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Targets {
    /// Directories watched (non-recursively), with the identity of each when watched.
    pub dirs: BTreeSet<(PathBuf, Option<(u64, u64)>)>,
    /// Paths whose events matter.
    pub paths: BTreeSet<PathBuf>,
    /// The data files themselves, with the identity of each: a watch on a file follows its
    /// inode, so an edit made through another hard link to it is seen at once (a
    /// directory's watch sees only names in that directory).
    pub files: BTreeSet<(PathBuf, Option<(u64, u64)>)>,
}

impl Targets {
    /// For a county directory: the county itself (its `county.toml`) and every township
    /// folder as for a township, so a `git pull` (which replaces files by rename and
    /// unlink) in any of them is seen.
    pub fn of(dir: &Path) -> Targets {
        let mut t = Self::of_one(dir);
        if crate::data::county::is_county(dir) {
            let resolved = absolute(dir)
                .canonicalize()
                .unwrap_or_else(|_| absolute(dir));
            t.paths
                .insert(resolved.join(crate::data::county::COUNTY_FILE));
            for (_, path) in crate::data::county::township_folders(dir).unwrap_or_default() {
                let one = Self::of_one(&path);
                t.dirs.extend(one.dirs);
                t.paths.extend(one.paths);
                t.files.extend(one.files);
            }
        }
        t
    }

    fn of_one(dir: &Path) -> Targets {
        let mut t = Targets::default();
        let identity = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
        let add_dir = |t: &mut Targets, d: &Path| {
            if !d.as_os_str().is_empty() {
                t.dirs.insert((d.to_path_buf(), identity(d)));
            }
        };
        let given = absolute(dir);
        // The path as given (a link a deployment re-points) is seen from its parent.
        t.paths.insert(given.clone());
        if let Some(parent) = given.parent() {
            add_dir(&mut t, parent);
        }
        let resolved = given.canonicalize().unwrap_or_else(|_| given.clone());
        t.paths.insert(resolved.clone());
        if let Some(parent) = resolved.parent() {
            add_dir(&mut t, parent);
        }
        if resolved.is_dir() {
            add_dir(&mut t, &resolved);
        }
        for kind in FileKind::ALL {
            let file = resolved.join(kind.file_name());
            t.paths.insert(file.clone());
            if file.is_file() {
                t.files.insert((file.clone(), identity(&file)));
            }
            // A data file that is a link: its target is edited in its own directory.
            if let Ok(target) = file.canonicalize()
                && target != file
            {
                if let Some(parent) = target.parent() {
                    add_dir(&mut t, parent);
                }
                t.paths.insert(target);
            }
        }
        t
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether polling is asked for in the environment.
pub fn polling_forced() -> bool {
    std::env::var(WATCH_ENV).is_ok_and(|v| v.trim().eq_ignore_ascii_case("poll"))
}

/// Starts watching `targets` for change events; `news` is called once per debounced burst
/// of relevant changes, and once if the watcher fails.
pub fn watch<E: Send + 'static>(
    targets: &Targets,
    tx: Sender<E>,
    news: impl Fn(WatchNews) -> E + Send + 'static,
) -> notify::Result<DirWatcher> {
    let paths = targets.paths.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            let _ = tx.send(news(WatchNews::Failed));
            return;
        };
        let relevant = events.iter().any(|e| {
            let kind_matters = matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            );
            let overflow = e.need_rescan();
            overflow || kind_matters && e.paths.iter().any(|p| paths.contains(p))
        });
        if relevant {
            let _ = tx.send(news(WatchNews::Changed));
        }
    })?;
    for (dir, _) in &targets.dirs {
        debouncer.watch(dir, RecursiveMode::NonRecursive)?;
    }
    // Best effort: a file replaced in between, or a watch limit reached here, leaves its
    // directory's watch and the slow recheck to see it; the directories are what must hold.
    for (file, _) in &targets.files {
        let _ = debouncer.watch(file, RecursiveMode::NonRecursive);
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_and_backup_files_are_ignored() {
        assert!(is_data_file(Path::new("/x/villages.toml")));
        assert!(!is_data_file(Path::new("/x/.villages.toml.swp")));
        assert!(!is_data_file(Path::new("/x/villages.toml~")));
        assert!(!is_data_file(Path::new("/x/4913")));
    }

    #[test]
    fn a_linked_file_is_watched_at_its_target() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("data");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&data).expect("mkdir");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        std::fs::write(elsewhere.join("v.toml"), "x").expect("write");
        std::os::unix::fs::symlink(elsewhere.join("v.toml"), data.join("villages.toml"))
            .expect("symlink");
        let t = Targets::of(&data);
        let elsewhere = elsewhere.canonicalize().expect("canonical");
        assert!(t.dirs.iter().any(|(d, _)| d == &elsewhere), "{t:?}");
        assert!(t.paths.contains(&elsewhere.join("v.toml")), "{t:?}");
    }

    #[test]
    fn the_fingerprint_sees_a_rename_over_a_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path();
        std::fs::write(dir.join("villages.toml"), "a = 1").expect("write");
        let before = Fingerprint::of(dir);
        std::fs::write(dir.join("new"), "a = 2").expect("write");
        std::fs::rename(dir.join("new"), dir.join("villages.toml")).expect("rename");
        assert_ne!(before, Fingerprint::of(dir));
        assert_eq!(Fingerprint::of(dir), Fingerprint::of(dir));
    }
}
