//! Splitting a file of `[[header]]` records into pieces, one per record, on every core; and
//! the small parallel map the loader runs the pieces through.

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
    let finder = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes());
    if finder("\"\"\"").is_some() || finder("'''").is_some() {
        // One piece: the whole file.
        return vec![Piece {
            range: 0..text.len(),
            line: 1,
        }];
    }
    let starts = header_starts(text, header);
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
    // A leading piece of only comments and blank lines need not be parsed.
    pieces.retain(|p| {
        !text[p.range.clone()]
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    });
    if pieces.is_empty() {
        pieces.push(Piece {
            range: 0..text.len(),
            line: 1,
        });
    }
    pieces
}

/// Where each header line starts and its 1-based line, in file order; a large file is cut
/// at a line end into one part per core and the parts are scanned at the same time.
fn header_starts(text: &str, header: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || bytes.len() < 4 << 20 {
        return scan(text, 0..bytes.len(), header).0;
    }
    // Cut points just after a line end, so no line is split between two parts.
    let mut cuts = vec![0];
    for k in 1..threads {
        let guess = (bytes.len() * k / threads).max(*cuts.last().unwrap_or(&0));
        let cut = memchr::memchr(b'\n', &bytes[guess..]).map_or(bytes.len(), |i| guess + i + 1);
        cuts.push(cut);
    }
    cuts.push(bytes.len());
    let parts: Vec<(Vec<(usize, usize)>, usize)> = std::thread::scope(|scope| {
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
    let mut starts = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut lines_before = 0;
    for (part, line_ends) in parts {
        starts.extend(part.into_iter().map(|(at, line)| (at, line + lines_before)));
        lines_before += line_ends;
    }
    starts
}

/// The header lines in `range` of `text` (which starts at a line start), each with its line
/// counted from 1 at the start of the range; and how many line ends the range holds.
fn scan(text: &str, range: Range<usize>, header: &str) -> (Vec<(usize, usize)>, usize) {
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut offset = range.start;
    let mut line = 1;
    let mut ends = memchr::memchr_iter(b'\n', &bytes[range.clone()]);
    while offset < range.end {
        let end = ends.next().map_or(range.end, |i| range.start + i + 1);
        // Only a line whose first non-blank character is `[` (or non-ASCII, which may be
        // Unicode white space that `trim_start` skips) can be a header.
        let first = bytes[offset..end]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C));
        if matches!(first, Some(b) if *b == b'[' || *b >= 0x80)
            && is_array_header(&text[offset..end], header)
        {
            starts.push((offset, line));
        }
        offset = end;
        line += 1;
    }
    // Every line scanned ends with a line end but perhaps the last.
    let unended = range.end > range.start && bytes[range.end - 1] != b'\n';
    (starts, line - 1 - usize::from(unended))
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
        let (one_core, ends) = scan(&text, 0..text.len(), "village");
        assert_eq!(ends, text.bytes().filter(|&b| b == b'\n').count());
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
