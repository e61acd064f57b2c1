//! Helpers shared by the integration tests (and the fuzz target, by path).
//!
//! The position oracle here works on the raw bytes on purpose: it must not reuse the
//! loader's own line index, or a wrong position could never be caught.
//!
//! `workspace` (a temporary copy of the data, runs of the binary) and `pty` (the binary in a
//! pseudo-terminal) are shared by the integration tests; each test file uses a part of them.
#![allow(dead_code)]

#[cfg(not(fuzzing))]
pub mod pty;
#[cfg(not(fuzzing))]
pub mod saves;
#[cfg(not(fuzzing))]
pub mod screens;
#[cfg(not(fuzzing))]
pub mod workspace;

/// Characters on each line of a file, as an editor counts them (after a BOM, without the
/// CR of a CRLF line end).
pub fn line_lengths(bytes: &[u8]) -> Vec<usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() - 1;
    // A CR is part of a line ending only before an LF; a lone CR at the very end is a
    // character of the last line.
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if i < last {
                l.strip_suffix('\r').unwrap_or(l)
            } else {
                l
            };
            l.chars().count()
        })
        .collect()
}

/// 1-based line and column (in characters) of the first `needle` after `anchor` in a file's
/// text: where a diagnostic about that spot must point.
pub fn position(text: &str, anchor: &str, needle: &str) -> (usize, usize) {
    let from = text
        .find(anchor)
        .unwrap_or_else(|| panic!("no {anchor:?} in the file"));
    let at = from
        + text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} after {anchor:?}"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}
