//! Splitting a file of `[[header]]` records into pieces, one per record, on every core; and
//! the two small ways the loader shares work between the cores: a parallel map, and two
//! pieces of work run at once.

use std::ops::Range;

/// One piece of a file of records: its byte range and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub line: usize,
}

/// Byte ranges of the pieces of a file of `[[header]]` records: what precedes the first
/// header, then one piece per header. Files with multi-line strings are not split, since a
/// header-like line could sit inside one.
pub fn split_records(text: &str, header: &str) -> Vec<Range<usize>> {
    split_pieces(text, header)
        .into_iter()
        .map(|p| p.range)
        .collect()
}

/// [`split_records`] with the line each piece starts on, counted while splitting (so the
/// line of every record is known without an index of every line).
pub fn split_pieces(text: &str, header: &str) -> Vec<Piece> {
    let whole = || {
        vec![Piece {
            range: 0..text.len(),
            line: 1,
        }]
    };
    // A file with multi-line strings is one piece: a header-like line could sit in one.
    let Some(starts) = header_starts(text, header) else {
        return whole();
    };
    let mut pieces = Vec::with_capacity(starts.len() + 1);
    let (mut previous, mut previous_line) = (0, 1);
    for (start, line) in starts {
        if start > previous {
            pieces.push(Piece {
                range: previous..start,
                line: previous_line,
            });
        }
        (previous, previous_line) = (start, line);
    }
    pieces.push(Piece {
        range: previous..text.len(),
        line: previous_line,
    });
    // A leading piece of only comments and blank lines need not be parsed. Only the first
    // piece can be one: every other starts at a header.
    let blank = |p: &Piece| {
        text[p.range.clone()]
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    };
    if pieces.first().is_some_and(blank) {
        pieces.remove(0);
    }
    if pieces.is_empty() {
        return whole();
    }
    pieces
}

/// Where each header line starts and its 1-based line, in file order, or `None` if the
/// file holds a multi-line string; a large file is cut at a line end into one part per
/// core and the parts are scanned at the same time.
fn header_starts(text: &str, header: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = text.as_bytes();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || bytes.len() < 4 << 20 {
        let part = scan(text, 0..bytes.len(), header);
        return (!part.multi_line_string).then_some(part.headers);
    }
    // Cut points just after a line end, so no line is split between two parts.
    let mut cuts = vec![0];
    for k in 1..threads {
        let guess = (bytes.len() * k / threads).max(*cuts.last().unwrap_or(&0));
        let cut = memchr::memchr(b'\n', &bytes[guess..]).map_or(bytes.len(), |i| guess + i + 1);
        cuts.push(cut);
    }
    cuts.push(bytes.len());
    let parts: Vec<Scanned> = std::thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let range = w[0]..w[1];
                scope.spawn(move || scan(text, range, header))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    if parts.iter().any(|p| p.multi_line_string) {
        return None;
    }
    let mut starts = Vec::with_capacity(parts.iter().map(|p| p.headers.len()).sum());
    let mut lines_before = 0;
    for part in parts {
        let headers = part.headers.into_iter();
        starts.extend(headers.map(|(at, line)| (at, line + lines_before)));
        lines_before += part.line_ends;
    }
    Some(starts)
}

/// What [`scan`] found in one part of a file.
struct Scanned {
    /// Where each header line starts, and its line counted from 1 at the part's start.
    headers: Vec<(usize, usize)>,
    /// How many line ends the part holds.
    line_ends: usize,
    /// Whether the part holds a `"""` or `'''` (neither can span a line end, so neither
    /// spans two parts).
    multi_line_string: bool,
}

/// The header lines in `range` of `text`, which starts at a line start.
///
/// A header line holds `[[` after nothing but blanks, so the scan jumps from one `[[` to
/// the next and counts the line ends between headers in bulk, instead of walking every
/// line (a national file has 26 lines a village).
fn scan(text: &str, range: Range<usize>, header: &str) -> Scanned {
    let bytes = &text.as_bytes()[range.clone()];
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    let multi_line_string = has(b"\"\"\"") || has(b"'''");
    let brackets = memchr::memmem::Finder::new("[[");
    let mut headers = Vec::new();
    // Line ends are counted up to `counted`, which starts line `line`.
    let (mut counted, mut line) = (0, 1);
    let mut from = 0;
    while let Some(found) = brackets.find(&bytes[from..]) {
        let hit = from + found;
        let line_start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |i| hit + i + 1);
        let whole_line = &text[range.start + line_start..range.start + line_end];
        if is_array_header(whole_line, header) {
            line += memchr::memchr_iter(b'\n', &bytes[counted..line_start]).count();
            counted = line_start;
            headers.push((range.start + line_start, line));
        }
        from = line_end;
    }
    let line_ends = line - 1 + memchr::memchr_iter(b'\n', &bytes[counted..]).count();
    Scanned {
        headers,
        line_ends,
        multi_line_string,
    }
}

fn is_array_header(line: &str, header: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("[[") else {
        return false;
    };
    let Some(end) = rest.find("]]") else {
        return false;
    };
    let after = rest[end + 2..].trim();
    let name = rest[..end].trim();
    // Any top-level record header starts a piece, so a misspelt `[[vilage]]` is reported
    // as an unknown key instead of merging into the record before it.
    let top_level = name == header || !name.is_empty() && !name.contains('.');
    top_level && (after.is_empty() || after.starts_with('#'))
}

/// A village file this long is worth a second thread for the passes over its villages.
pub const MANY_VILLAGES: usize = 4096;

/// `a()` and `b()`: `b` on a second core while `a` runs on this one when `worth_it` and the
/// machine has a second core, else one after the other, `a` first. A panic in either is
/// the caller's.
pub fn both<A, B: Send>(
    worth_it: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !worth_it || std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        let first = a();
        return (first, b());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let mine = a();
        let theirs = other
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (mine, theirs)
    })
}

/// Maps `f` over `items` on every core when there is enough work to be worth it.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    worth_it: bool,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if !worth_it || items.len() < 2 || threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1-based line of byte `at`, counted the plain way.
    fn line_at(text: &str, at: usize) -> usize {
        text[..at].bytes().filter(|&b| b == b'\n').count() + 1
    }

    #[test]
    fn each_piece_knows_its_line() {
        let text = "# c\n\n[[village]]\nid = \"a\"\n  [[ village ]] # x\nid = \"b\"\n\
                    [[village.x]]\n[[villages]]\nid = \"c\"";
        let pieces = split_pieces(text, "village");
        assert_eq!(pieces.len(), 3);
        for p in &pieces {
            assert_eq!(p.line, line_at(text, p.range.start), "{p:?}");
        }
        assert_eq!(pieces[1].line, 5);
    }

    /// Header lines found the plain way: every line looked at.
    fn headers_line_by_line(text: &str, header: &str) -> Vec<(usize, usize)> {
        let mut offset = 0;
        let mut found = Vec::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if is_array_header(line, header) {
                found.push((offset, i + 1));
            }
            offset += line.len();
        }
        found
    }

    #[test]
    fn jumping_between_brackets_finds_the_headers_a_line_walk_finds() {
        let text = "a = [[1, 2], [3]]\n[[village]]\nx = \"[[village]]\"\n\u{3000}[[village]]\n\
                    [a] [[village]]\n\t [[village]] # c\r\n[ [village]]\n[[village.x]]\n\
                    [[village]] x\n\n[[project]]\n[[[village]]]\n[[village]]";
        let whole = scan(text, 0..text.len(), "village");
        assert_eq!(whole.headers, headers_line_by_line(text, "village"));
        assert_eq!(whole.headers.len(), 5, "{:?}", whole.headers);
        assert_eq!(whole.line_ends, text.matches('\n').count());
        // A part that ends without a line end counts only the line ends it holds.
        assert_eq!(scan(text, 0..20, "village").line_ends, 1);
    }

    #[test]
    fn a_file_with_a_multi_line_string_anywhere_is_one_piece() {
        let record = "[[village]]\nid = \"v\"\n";
        for (size, quotes) in [
            (1, "\"\"\""),
            (1, "\'\'\'"),
            (5 << 20, "\"\"\""),
            (5 << 20, "\'\'\'"),
        ] {
            let mut text = record.repeat(size / record.len() + 2);
            // In the last part when the file is scanned in parts.
            text.push_str(&format!("note = {quotes}\n[[village]]\n{quotes}\n"));
            text.push_str(record);
            let pieces = split_pieces(&text, "village");
            assert_eq!(
                pieces,
                vec![Piece {
                    range: 0..text.len(),
                    line: 1
                }],
                "{quotes} {size}"
            );
        }
    }

    #[test]
    fn a_large_file_split_on_both_cores_is_split_as_on_one() {
        // Large enough for the parallel scan; records of varying length, CRLF and Chinese.
        let mut text = String::from("# generated\n");
        let mut i = 0;
        while text.len() < 5 << 20 {
            text.push_str(&format!(
                "[[village]]\r\nid = \"v{i}\"\nname = \"西庄村{i}\"\n{}\n",
                "\n".repeat(i % 3)
            ));
            i += 1;
        }
        text.push_str("[[village]]\nid = \"last\"");
        let pieces = split_pieces(&text, "village");
        let one_core = scan(&text, 0..text.len(), "village");
        assert_eq!(
            one_core.line_ends,
            text.bytes().filter(|&b| b == b'\n').count()
        );
        let one_core = one_core.headers;
        assert_eq!(pieces.len(), i + 1);
        assert_eq!(pieces.len(), one_core.len());
        for (p, (start, line)) in pieces.iter().zip(one_core) {
            assert_eq!(p.range.start, start);
            assert_eq!(p.line, line);
        }
        for p in pieces.iter().step_by(997).chain(pieces.last()) {
            assert_eq!(p.line, line_at(&text, p.range.start));
        }
    }
}
