//! Watching the data directory for saves. The directory is watched, not the files, so
//! that editors which save by writing a new file and renaming it over the old one
//! (`sed -i`, some vim settings) keep being seen, save after save.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::data::FileKind;

/// How long the files must be quiet before a change counts: one save is one reload, and a
/// file still being written (nano truncates, then writes) is not taken as final.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

pub type DirWatcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Whether a path is one of the data files (editor swap and backup files are not).
pub fn is_data_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| FileKind::ALL.iter().any(|k| k.file_name() == name))
}

/// Starts watching `dir` (and its parent, to notice the directory itself being removed
/// or recreated); calls `notify` once per debounced burst of changes to the data files.
pub fn watch_dir<E: Send + 'static>(
    dir: &Path,
    tx: Sender<E>,
    event: impl Fn() -> E + Send + 'static,
) -> notify::Result<DirWatcher> {
    let dir_path: PathBuf = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let watched = dir_path.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            // Errors from the watcher itself (e.g. the directory vanished): reload, so the
            // loader reports what is wrong.
            let _ = tx.send(event());
            return;
        };
        let relevant = events.iter().any(|e| {
            let kind_matters = matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
            );
            kind_matters
                && e.paths
                    .iter()
                    .any(|p| p == &watched || is_data_file(p) && p.parent() == Some(&*watched))
        });
        if relevant {
            let _ = tx.send(event());
        }
    })?;
    debouncer.watch(&dir_path, RecursiveMode::NonRecursive)?;
    if let Some(parent) = dir_path.parent() {
        // Best effort: seeing the directory itself come and go is a bonus.
        let _ = debouncer.watch(parent, RecursiveMode::NonRecursive);
    }
    Ok(debouncer)
}

/// Watches `dir` again, after it was removed and recreated.
pub fn rewatch(watcher: &mut DirWatcher, dir: &Path) {
    let _ = watcher.unwatch(dir);
    let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
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
}
