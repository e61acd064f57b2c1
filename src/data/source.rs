//! Reading the data files as text: where they come from (a directory or the copy built into
//! the binary), what to say when a file is missing or not UTF-8, and byte offset to line:column.

use std::fmt;
use std::path::{Path, PathBuf};

use super::model::FileKind;
use crate::i18n::messages::{self as msg, Msg};

/// The shipped data, built into the binary so it shows something useful from anywhere.
const BUILT_IN: [(FileKind, &str); 5] = [
    (
        FileKind::Township,
        include_str!("../../config/township.toml"),
    ),
    (
        FileKind::Villages,
        include_str!("../../config/villages.toml"),
    ),
    (
        FileKind::Consortium,
        include_str!("../../config/consortium.toml"),
    ),
    (
        FileKind::Projects,
        include_str!("../../config/projects.toml"),
    ),
    (
        FileKind::Training,
        include_str!("../../config/training.toml"),
    ),
];

/// Where the data files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataDir {
    Path(PathBuf),
    BuiltIn,
}

impl DataDir {
    /// The path shown in messages for one file of this directory.
    pub fn display_path(&self, kind: FileKind) -> String {
        match self {
            DataDir::Path(dir) => dir.join(kind.file_name()).display().to_string(),
            DataDir::BuiltIn => format!("<built-in>/{}", kind.file_name()),
        }
    }
}

impl fmt::Display for DataDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataDir::Path(dir) => write!(f, "{}", dir.display()),
            DataDir::BuiltIn => write!(f, "<built-in>"),
        }
    }
}

/// One data file's text with an index of where its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub kind: FileKind,
    pub path: String,
    pub text: String,
    lines: LineIndex,
}

/// A 1-based line and column (counted in characters, as editors count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// How many bytes of text one entry of a [`LineIndex`] covers.
const LINE_BLOCK: usize = 16 * 1024;

/// Where the lines of a text are, kept sparsely: the number of line ends before each block
/// of [`LINE_BLOCK`] bytes. A place is found by counting the line ends of at most one block
/// (`memchr`, a few microseconds), so the index costs a few kilobytes for a file of
/// millions of lines instead of a word per line, and is built at memory speed on every core.
#[derive(Debug, Clone)]
struct LineIndex {
    /// `ends_before[b]`: the `\n` bytes in `text[..b * LINE_BLOCK]`; one entry more than
    /// there are blocks, the last being the file's count.
    ends_before: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let count = |block: &[u8]| memchr::memchr_iter(b'\n', block).count();
        let blocks: Vec<&[u8]> = bytes.chunks(LINE_BLOCK).collect();
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        // Counting is memory-bound; a second core helps only on a large file.
        let counts: Vec<usize> = if threads > 1 && bytes.len() >= 8 << 20 {
            let per = blocks.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let parts: Vec<_> = blocks
                    .chunks(per)
                    .map(|part| {
                        scope.spawn(move || part.iter().map(|b| count(b)).collect::<Vec<usize>>())
                    })
                    .collect();
                parts
                    .into_iter()
                    .flat_map(|h| {
                        h.join()
                            .unwrap_or_else(|e| std::panic::resume_unwind(e))
                            .into_iter()
                    })
                    .collect::<Vec<usize>>()
            })
        } else {
            blocks.iter().map(|b| count(b)).collect()
        };
        let mut ends_before = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        ends_before.push(0);
        for n in counts {
            total += n;
            ends_before.push(total);
        }
        LineIndex { ends_before }
    }

    /// The 0-based index of the line holding byte `offset` (at most the text's length).
    fn line_index(&self, text: &[u8], offset: usize) -> usize {
        let block = (offset / LINE_BLOCK).min(self.ends_before.len() - 1);
        let from = block * LINE_BLOCK;
        self.ends_before[block] + memchr::memchr_iter(b'\n', &text[from..offset]).count()
    }

    /// The byte offset where the 0-based line `index` starts, if the text has that line.
    fn line_start(&self, text: &[u8], index: usize) -> Option<usize> {
        if index == 0 {
            return Some(0);
        }
        if index > *self.ends_before.last()? {
            return None;
        }
        // The block where the line end before the line's start lies.
        let block = self.ends_before.partition_point(|&n| n < index);
        let block = block.checked_sub(1)?;
        let from = block * LINE_BLOCK;
        let skip = index - self.ends_before[block] - 1;
        memchr::memchr_iter(b'\n', &text[from..])
            .nth(skip)
            .map(|i| from + i + 1)
    }
}

impl SourceFile {
    pub fn new(kind: FileKind, path: String, text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile {
            kind,
            path,
            text,
            lines,
        }
    }

    /// The 1-based line of a byte offset (offsets past the end count as the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        self.lines.line_index(self.text.as_bytes(), offset) + 1
    }

    /// Line and column of a byte offset; offsets past the end or inside a character are
    /// clamped to the nearest character boundary before it.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let bytes = self.text.as_bytes();
        let line_index = self.lines.line_index(bytes, offset);
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        // A spot at the end of a CRLF line is just after the last visible character.
        let before = &self.text[start..offset];
        let before = if self.text[offset..].starts_with('\n') {
            before.strip_suffix('\r').unwrap_or(before)
        } else {
            before
        };
        LineCol {
            line: line_index + 1,
            column: before.chars().count() + 1,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let bytes = self.text.as_bytes();
        let Some(start) = self.lines.line_start(bytes, line.saturating_sub(1)) else {
            return "";
        };
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Why a file could not be read as text: a one-line message naming what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub message: Msg,
    /// Where in the file the problem was found (for a file that is not UTF-8).
    pub line_col: Option<LineCol>,
}

/// Reads one data file from `dir`.
pub fn read_file(dir: &DataDir, kind: FileKind) -> Result<SourceFile, ReadError> {
    let path = dir.display_path(kind);
    let fail = |message: Msg| ReadError {
        path: path.clone(),
        message,
        line_col: None,
    };
    let dir_path = match dir {
        DataDir::BuiltIn => {
            let text = BUILT_IN
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, t)| *t)
                .unwrap_or_default();
            return Ok(SourceFile::new(kind, path, text.to_string()));
        }
        DataDir::Path(p) => p,
    };
    let file_path = dir_path.join(kind.file_name());
    let metadata = match std::fs::metadata(&file_path) {
        Ok(m) => m,
        Err(e) => return Err(fail(describe_io_error(&file_path, &e))),
    };
    if metadata.is_dir() {
        return Err(fail(msg::file_is_directory()));
    }
    if !metadata.is_file() {
        return Err(fail(msg::not_regular_file()));
    }
    let bytes = read_bytes(&file_path).map_err(|e| fail(describe_io_error(&file_path, &e)))?;
    decode_owned(kind, path.clone(), bytes)
}

/// Files from this size on are read, and their UTF-8 checked, in two halves on two cores:
/// a national `villages.toml` is over 100 MB, and copying it in from the page cache and
/// checking it were the largest serial steps of a load.
const SPLIT_FROM: usize = 8 << 20;

/// The bytes of a file; a large one read as two halves at once.
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let Ok(len) = usize::try_from(len) else {
        return read_rest(&mut file, Vec::new());
    };
    if len < SPLIT_FROM || std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        return read_rest(&mut file, Vec::with_capacity(len));
    }
    // Zeroed memory this large comes straight from the system, so zeroing costs nothing;
    // each half's pages are then touched by the thread that reads into them.
    let mut bytes = vec![0u8; len];
    let (first, second) = bytes.split_at_mut(len / 2);
    let half = first.len() as u64;
    let (mine, other) = super::records::both(
        true,
        || file.read_exact_at(first, 0),
        || file.read_exact_at(second, half),
    );
    let read_halves = mine.and(other);
    match read_halves {
        // Whatever was written after `len` bytes (a file growing while read) is read too.
        Ok(()) => {
            use std::io::Seek;
            file.seek(std::io::SeekFrom::Start(len as u64))?;
            read_rest(&mut file, bytes)
        }
        // Shorter than its size said (cut while read): read it again from the start.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => std::fs::read(path),
        Err(e) => Err(e),
    }
}

/// `bytes` followed by the rest of `file` from where it stands.
fn read_rest(file: &mut std::fs::File, mut bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `String::from_utf8`, with a large text checked in two halves at once.
fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if bytes.len() < SPLIT_FROM {
        return String::from_utf8(bytes);
    }
    // A line feed is never part of a multi-byte character, so the halves split there are
    // each valid exactly when the whole is.
    let middle = bytes.len() / 2;
    let Some(cut) = memchr::memchr(b'\n', &bytes[middle..]).map(|i| middle + i + 1) else {
        return String::from_utf8(bytes);
    };
    let (first, second) = bytes.split_at(cut);
    let (mine, other) = super::records::both(
        true,
        || std::str::from_utf8(first).is_ok(),
        || std::str::from_utf8(second).is_ok(),
    );
    let both_valid = mine && other;
    if both_valid {
        // SAFETY: both halves were just checked to be UTF-8, and they are split after a
        // line feed, a character of its own, so the whole is UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        // The error as `String::from_utf8` gives it (its place is in the messages).
        String::from_utf8(bytes)
    }
}

/// `decode` for bytes the caller owns: valid text is taken over without a copy (a data file
/// may be tens of megabytes). Anything `decode` would reject goes to `decode`, so the
/// messages are the same.
fn decode_owned(kind: FileKind, path: String, mut bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if utf16_hint(&bytes).is_some() {
        return decode(kind, path, &bytes);
    }
    let had_bom = bytes.starts_with(BOM);
    if had_bom {
        bytes.drain(..BOM.len());
    }
    match utf8(bytes) {
        Ok(text) if !text.trim().is_empty() => {
            reject_stray_bom(&path, &text)?;
            Ok(SourceFile::new(kind, path, text))
        }
        // Only whitespace is left, so no second byte order mark for `decode` to strip.
        Ok(text) => decode(kind, path, text.as_bytes()),
        Err(e) => {
            let mut bytes = e.into_bytes();
            if had_bom {
                bytes.splice(0..0, BOM.iter().copied());
            }
            decode(kind, path, &bytes)
        }
    }
}

/// A byte order mark anywhere but the start (two files joined, or a paste from a Windows
/// program) is invisible in editors and breaks the line it is on: name it and its place.
fn reject_stray_bom(path: &str, text: &str) -> Result<(), ReadError> {
    let Some(at) = memchr::memmem::find(text.as_bytes(), "\u{feff}".as_bytes()) else {
        return Ok(());
    };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Err(ReadError {
        path: path.to_string(),
        message: msg::stray_bom(),
        line_col: Some(LineCol { line, column }),
    })
}

/// Turns raw bytes into a source file: accepts UTF-8 with or without a byte order mark and
/// rejects everything else with a message saying what the encoding most likely is.
pub fn decode(kind: FileKind, path: String, bytes: &[u8]) -> Result<SourceFile, ReadError> {
    if let Some(hint) = utf16_hint(bytes) {
        return Err(ReadError {
            path,
            message: msg::other_encoding(hint),
            line_col: None,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if text.trim().is_empty() {
                return Err(ReadError {
                    path,
                    message: match kind {
                        FileKind::Township => msg::empty_file(
                            "[township]、[thresholds] 和 [party_building]",
                            "[township], [thresholds] and [party_building]",
                        ),
                        FileKind::Villages => {
                            msg::empty_file("每村一条 [[village]]", "one [[village]] per village")
                        }
                        FileKind::Consortium => msg::empty_file(
                            "[consortium] 及其 [[consortium.member]]",
                            "[consortium] and its [[consortium.member]]s",
                        ),
                        FileKind::Projects => msg::empty_file(
                            "每个项目一条 [[project]]",
                            "one [[project]] per project",
                        ),
                        FileKind::Training => msg::empty_file(
                            "每次培训一条 [[session]]",
                            "one [[session]] per training session",
                        ),
                    },
                    line_col: None,
                });
            }
            reject_stray_bom(&path, text)?;
            Ok(SourceFile::new(kind, path, text.to_string()))
        }
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by construction.
            let prefix = String::from_utf8_lossy(good);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            if one_damaged_sequence(bytes) {
                // One damaged sequence in otherwise good UTF-8 (a byte lost in a copy, a
                // cut in the middle of a character): not another encoding.
                return Err(ReadError {
                    path,
                    message: msg::damaged_utf8(bytes[e.valid_up_to()]),
                    line_col: Some(LineCol { line, column }),
                });
            }
            Err(ReadError {
                path,
                message: msg::not_utf8(bytes[e.valid_up_to()], guess_encoding(bytes)),
                line_col: Some(LineCol { line, column }),
            })
        }
    }
}

fn utf16_hint(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return Some("UTF-32 LE");
    }
    if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Some("UTF-32 BE");
    }
    // ASCII text in UTF-32 without a BOM: three NULs in every four bytes.
    let quad = &bytes[..bytes.len().min(400) / 4 * 4];
    if quad.len() >= 16 {
        let zeros = |at: usize| quad.iter().skip(at).step_by(4).filter(|b| **b == 0).count();
        let n = quad.len() / 4;
        if zeros(1) * 10 >= n * 9 && zeros(2) * 10 >= n * 9 && zeros(3) * 10 >= n * 9 {
            return Some("UTF-32 LE");
        }
        if zeros(0) * 10 >= n * 9 && zeros(1) * 10 >= n * 9 && zeros(2) * 10 >= n * 9 {
            return Some("UTF-32 BE");
        }
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16 LE (what Windows Notepad calls \"Unicode\")");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16 BE");
    }
    // ASCII text in UTF-16 without a BOM has a NUL in every other byte.
    let sample = &bytes[..bytes.len().min(200)];
    let nul_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let half = sample.len() / 2;
    if half >= 4 && nul_odd * 3 > half * 2 {
        Some("UTF-16 LE (what Windows Notepad calls \"Unicode\")")
    } else if half >= 4 && nul_even * 3 > half * 2 {
        Some("UTF-16 BE")
    } else {
        None
    }
}

/// Whether the bytes are UTF-8 with one damaged sequence: exactly one invalid piece, and it
/// is a cut multi-byte character (two or more bytes) or a stray continuation byte. A lone
/// lead byte amid ASCII is left to the detector: it is as likely a Latin-1 letter.
fn one_damaged_sequence(bytes: &[u8]) -> bool {
    let mut invalid = bytes
        .utf8_chunks()
        .map(|c| c.invalid())
        .filter(|i| !i.is_empty());
    match (invalid.next(), invalid.next()) {
        (Some(piece), None) => piece.len() >= 2 || (0x80..=0xBF).contains(&piece[0]),
        _ => false,
    }
}

/// The encoding a maintained detector (chardetng, with encoding_rs) names for the bytes that
/// are not UTF-8: the lines that hold an invalid sequence. Only those are
/// judged: the rest of the file may well be UTF-8, as when a name was typed in an editor set
/// to GBK. `None` when the detector names none of the encodings Chinese offices meet.
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    let mut suspect = Vec::new();
    for line in bytes.split(|b| *b == b'\n') {
        if std::str::from_utf8(line).is_err() {
            suspect.extend_from_slice(line);
            suspect.push(b'\n');
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&suspect, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        Some("GBK/GB18030 (the usual Chinese Windows encoding)")
    } else if encoding == encoding_rs::BIG5 {
        Some("Big5 (traditional Chinese)")
    } else if encoding == encoding_rs::SHIFT_JIS || encoding == encoding_rs::EUC_JP {
        Some("Shift-JIS (Japanese)")
    } else if encoding == encoding_rs::EUC_KR {
        Some("EUC-KR (Korean)")
    } else {
        None
    }
}

fn describe_io_error(path: &Path, e: &std::io::Error) -> Msg {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            if path.is_symlink() {
                msg::broken_symlink()
            } else {
                msg::file_not_found()
            }
        }
        std::io::ErrorKind::PermissionDenied => msg::permission_denied(),
        _ if e.raw_os_error() == Some(40) => msg::symlink_loop(),
        _ => msg::cannot_read(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sparse_line_index_agrees_with_every_line_start() {
        // Lines of many lengths, Chinese, CRLF and blank lines, over several index blocks.
        let mut text = String::new();
        for i in 0..4000 {
            let line = match i % 5 {
                0 => String::new(),
                1 => format!("name = \"天井村{i}\"\r"),
                2 => "x".repeat(i % 97),
                3 => format!("{i} = {}", i * 7),
                _ => "村".repeat(i % 13),
            };
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str("last line without an end");
        assert!(text.len() > 3 * LINE_BLOCK);
        let f = SourceFile::new(FileKind::Villages, "v".into(), text.clone());
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        for (index, &start) in starts.iter().enumerate() {
            let end = starts.get(index + 1).map_or(text.len(), |next| next - 1);
            assert_eq!(
                f.line_text(index + 1),
                text[start..end].trim_end_matches('\r')
            );
        }
        assert_eq!(f.line_text(starts.len() + 1), "");
        assert_eq!(f.line_text(starts.len() + 100), "");
        for offset in (0..=text.len() + 3).step_by(7).chain([text.len()]) {
            let at = floor_char_boundary(&text, offset.min(text.len()));
            let index = starts.partition_point(|&s| s <= at) - 1;
            let before = &text[starts[index]..at];
            let before = if text[at..].starts_with('\n') {
                before.strip_suffix('\r').unwrap_or(before)
            } else {
                before
            };
            let expected = LineCol {
                line: index + 1,
                column: before.chars().count() + 1,
            };
            assert_eq!(f.line_col(offset), expected, "offset {offset}");
            assert_eq!(f.line_of(offset), index + 1, "offset {offset}");
        }
        let empty = SourceFile::new(FileKind::Villages, "v".into(), String::new());
        assert_eq!(empty.line_col(5), LineCol { line: 1, column: 1 });
        assert_eq!(empty.line_text(1), "");
        assert_eq!(empty.line_text(2), "");
    }

    #[test]
    fn columns_count_characters_after_chinese() {
        let f = SourceFile::new(
            FileKind::Villages,
            "v".into(),
            "a = 1\nname = \"天井村\" x\n".into(),
        );
        let offset = f.text.find(" x").unwrap_or(0) + 1;
        assert_eq!(
            f.line_col(offset),
            LineCol {
                line: 2,
                column: 14
            }
        );
        assert_eq!(f.line_text(2), "name = \"天井村\" x");
    }

    fn message(bytes: &[u8]) -> (String, Option<LineCol>) {
        let e = decode(FileKind::Villages, "v".into(), bytes).err();
        e.map(|e| (e.message.en, e.line_col)).unwrap_or_default()
    }

    #[test]
    fn a_damaged_utf8_sequence_is_invalid_utf8_at_its_place() {
        // 天井村 with the last byte of 井 lost.
        let mut bytes = "id = 1\nname = \"天井村\"\n".as_bytes().to_vec();
        let at = bytes
            .windows(3)
            .position(|w| w == "井".as_bytes())
            .unwrap_or(0);
        bytes.remove(at + 2);
        let (m, place) = message(&bytes);
        assert!(m.starts_with("invalid UTF-8"), "{m}");
        assert!(!m.contains("GBK"), "{m}");
        assert_eq!(
            place,
            Some(LineCol {
                line: 2,
                column: 10
            })
        );
    }

    #[test]
    fn other_encodings_are_named_by_the_detector() {
        for (text, encoding, name) in [
            (
                "name = \"韭菜庄乡天井村集体经济合作社\"\n",
                encoding_rs::GBK,
                "GBK",
            ),
            (
                "name = \"韭菜莊鄉天井村集體經濟合作社\"\n",
                encoding_rs::BIG5,
                "Big5",
            ),
            (
                "name = \"こんにちは、村の皆さん\"\n",
                encoding_rs::SHIFT_JIS,
                "Shift-JIS",
            ),
        ] {
            let (bytes, _, _) = encoding.encode(text);
            let (m, _) = message(&bytes);
            assert!(m.contains(name), "{name}: {m}");
        }
        let utf32: Vec<u8> = "a = 1\nb = 2\n"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert!(
            message(&utf32).0.contains("UTF-32 LE"),
            "{}",
            message(&utf32).0
        );
        let mut bom = b"\xFF\xFE\x00\x00".to_vec();
        bom.extend_from_slice(&utf32);
        assert!(message(&bom).0.contains("UTF-32 LE"));
    }

    #[test]
    fn gbk_and_utf16_are_named() {
        let gbk = b"name = \"\xcc\xec\xbe\xae\xb4\xe5\"\n";
        let e = decode(FileKind::Villages, "v".into(), gbk).err();
        let e = e.map(|e| e.message.en).unwrap_or_default();
        assert!(e.contains("GBK"), "{e}");
        let utf16: Vec<u8> = "a = 1\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let e = decode(FileKind::Villages, "v".into(), &utf16).err();
        assert!(
            e.map(|e| e.message.en)
                .unwrap_or_default()
                .contains("UTF-16 LE")
        );
    }

    /// A file past `SPLIT_FROM`: read in two halves and checked in two halves, the text is
    /// the file's, and a damaged character in either half is the error it was.
    #[test]
    fn a_large_file_is_read_and_checked_in_halves_as_a_whole() {
        let line = "[[village]]\nid = \"v\"\nname = \"天井村\"\n";
        let mut text = line.repeat(SPLIT_FROM / line.len() + 7);
        text.push_str("# 末行 without a line feed");
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join(FileKind::Villages.file_name());
        std::fs::write(&path, &text).expect("write");
        let dir = DataDir::Path(tmp.path().to_path_buf());
        let read = read_file(&dir, FileKind::Villages).map_err(|e| e.message.en);
        assert_eq!(read.map(|f| f.text == text), Ok(true));
        // 井 cut short near the start, then near the end.
        for at in [text.find('井'), text.rfind('井')] {
            let at = at.expect("a 井");
            let mut bytes = text.as_bytes().to_vec();
            bytes.remove(at + 2);
            std::fs::write(&path, &bytes).expect("write");
            let halves = read_file(&dir, FileKind::Villages)
                .err()
                .map(|e| (e.message.en, e.line_col));
            assert!(halves.is_some(), "a damaged file read as valid");
            assert_eq!(halves, Some(message(&bytes)));
        }
    }
}
