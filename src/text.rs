//! Display-width aware text helpers shared by every output (terminal UI and plain text).
//!
//! Chinese characters take two terminal columns; Rust's `format!` pads by `char`, so every
//! aligned output goes through these functions instead.

use unicode_width::UnicodeWidthChar;

use crate::cli::Lang;
use unicode_width::UnicodeWidthStr;

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Whether `c` must never reach a terminal or spreadsheet raw: C0/C1 controls, DEL, the
/// invisible format characters (Unicode class Cf: bidi overrides, zero-width joiners, BOM,
/// prepended concatenation marks U+0600–U+0605, musical format controls), the line and
/// paragraph separators U+2028/U+2029, noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …)
/// and code points unassigned in Unicode: characters on whose
/// width and meaning the terminal and this program may disagree.
pub fn is_unsafe_char(c: char) -> bool {
    // The common cases without a table look-up: ASCII, and the CJK Unified Ideographs,
    // every one of them assigned (letters, Lo). `tests::the_quick_answers_are_the_table_s`.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    is_unsafe_by_table(c)
}

/// [`is_unsafe_char`]'s rule for any character, from the Unicode tables.
fn is_unsafe_by_table(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    if c.is_control() || is_noncharacter(c) {
        return true;
    }
    matches!(
        get_general_category(c),
        G::Format | G::LineSeparator | G::ParagraphSeparator | G::Unassigned
    ) || matches!(c, '\u{00AD}' | '\u{180E}')
}

/// The 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Replaces every unsafe character with a visible escape such as `\u{1b}`, so that a hostile
/// name cannot rewrite the reader's terminal and can still be found in the file.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(is_unsafe_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// [`sanitize`] of a string the caller gives up: returned as it is, without a copy, when it
/// holds nothing to escape.
pub fn sanitize_owned(s: String) -> String {
    if s.chars().any(is_unsafe_char) {
        sanitize(&s)
    } else {
        s
    }
}

/// `sanitize` line by line: the line breaks stay, every other unsafe character is escaped.
pub fn sanitize_lines(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// Cuts `s` to at most `max` columns, ending with the ASCII marker `..` when anything was cut,
/// and never splitting a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let marker = if max >= 3 { ".." } else { "" };
    let budget = max - marker.len();
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push_str(marker);
    out
}

/// Cuts `s` to at most `max` display columns keeping its end, marked `..` where cut: for
/// paths, whose last part says the most.
pub fn truncate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let marker = if max >= 3 { ".." } else { "" };
    let budget = max - marker.len();
    let mut tail = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        tail.push(c);
    }
    let mut out = marker.to_string();
    out.extend(tail.into_iter().rev());
    out
}

/// Pads `s` with spaces on the right to exactly `cols` columns, cutting it first if needed.
pub fn pad_right(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let fill = cols.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// Pads `s` with spaces on the left to exactly `cols` columns, cutting it first if needed.
pub fn pad_left(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let fill = cols.saturating_sub(width(&cut));
    format!("{}{cut}", " ".repeat(fill))
}

/// A whole number by the one rule for thousands separators, the same in every output
/// (screens, `summary`, `snapshot`, the reports and the messages): none in Chinese
/// (`1010`, large figures written with 万 where a unit allows), a comma every three digits
/// in English (`1,010`). Machine-read values (csv, json, xlsx cells) stay bare numbers; the
/// workbook's number formats follow the same rule.
pub fn number(n: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => n.to_string(),
        Lang::En => thousands(n),
    }
}

/// `1234567` as `1,234,567`: only through `number`, so no output can pick its own rule.
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A value in units of 10,000 (万) with at most `decimals` decimals, trailing zeros dropped:
/// `168000` as `16.8`, `31000` as `3.1`, `200000` as `20`.
pub fn wan(n: i64, decimals: usize) -> String {
    let value = n as f64 / 10_000.0;
    let s = format!("{value:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// What a Chinese reader sorts and searches a name by: the full pinyin without tones
/// (`tianjingcun`), the initials (`tjc`) and a sort key. Characters without a reading
/// (Latin letters, digits) are kept, lowercased, as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinyinKeys {
    pub full: String,
    pub initials: String,
    /// The syllables without tones separated by spaces, then a tab and the tone numbers:
    /// names compare by sound first, as a dictionary orders them, then by tone.
    pub sort: String,
}

pub fn pinyin_keys(name: &str) -> PinyinKeys {
    use pinyin::ToPinyin;
    let mut keys = PinyinKeys {
        full: String::new(),
        initials: String::new(),
        sort: String::new(),
    };
    let mut tones = String::new();
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        if !keys.sort.is_empty() {
            keys.sort.push(' ');
        }
        match p {
            Some(p) => {
                let plain = p.plain();
                keys.full.push_str(plain);
                keys.initials.push_str(p.first_letter());
                keys.sort.push_str(plain);
                let tone = p
                    .with_tone_num_end()
                    .chars()
                    .last()
                    .filter(char::is_ascii_digit);
                tones.push(tone.unwrap_or('5'));
            }
            None => {
                for l in c.to_lowercase() {
                    keys.full.push(l);
                    keys.initials.push(l);
                    keys.sort.push(l);
                }
                tones.push('0');
            }
        }
    }
    keys.sort.push('\t');
    keys.sort.push_str(&tones);
    keys
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_quick_answers_are_the_table_s() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                super::is_unsafe_char(c),
                super::is_unsafe_by_table(c),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn pinyin_keys_of_a_village_name() {
        let k = super::pinyin_keys("天井村");
        assert_eq!(k.full, "tianjingcun");
        assert_eq!(k.initials, "tjc");
        assert_eq!(k.sort, "tian jing cun\t131");
        assert_eq!(super::pinyin_keys("A村").initials, "ac");
    }

    use super::*;

    #[test]
    fn pads_chinese_by_columns() {
        assert_eq!(pad_right("天井村", 8), "天井村  ");
        assert_eq!(width(&pad_right("天井村", 8)), 8);
        assert_eq!(pad_left("天井村", 7), " 天井村");
    }

    #[test]
    fn truncates_without_splitting_wide_chars() {
        assert_eq!(truncate("韭菜庄乡党建引领", 7), "韭菜..");
        assert_eq!(truncate("韭菜庄乡", 3), "..");
        assert_eq!(truncate("abcdef", 2), "ab");
        // Never wider than asked, even when a wide character leaves a column free.
        assert_eq!(truncate("韭菜庄乡", 5), "韭..");
    }

    #[test]
    fn neutralises_escape_and_bidi() {
        assert_eq!(sanitize("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(sanitize("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize("天井村"), "天井村");
    }

    #[test]
    fn neutralises_the_characters_terminals_disagree_on() {
        for c in [
            '\u{2028}', // line separator
            '\u{2029}', // paragraph separator
            '\u{FFFE}', // noncharacters
            '\u{FFFF}',
            '\u{FDD0}',
            '\u{1FFFF}',
            '\u{10FFFF}',
            '\u{0378}',  // unassigned (Greek block)
            '\u{E0080}', // unassigned (tags plane)
            '\u{0600}',  // prepended concatenation marks
            '\u{0605}',
            '\u{1D173}', // musical symbol begin beam (format control)
            '\u{1D17A}',
        ] {
            assert!(is_unsafe_char(c), "{:x}", c as u32);
            assert_eq!(
                sanitize(&format!("a{c}b")),
                format!("a\\u{{{:x}}}b", c as u32)
            );
        }
        for c in [
            '天',
            'a',
            '①',
            '\u{3000}',
            '\u{1D11E}',
            '€',
            '𠀀',
            '\u{E000}',
        ] {
            assert!(!is_unsafe_char(c), "{:x}", c as u32);
        }
    }

    #[test]
    fn formats_numbers() {
        use crate::cli::Lang;
        assert_eq!(number(1_680_000, Lang::En), "1,680,000");
        assert_eq!(number(-1500, Lang::En), "-1,500");
        assert_eq!(number(999, Lang::En), "999");
        // No separator in Chinese, whatever the size.
        assert_eq!(number(1_680_000, Lang::Zh), "1680000");
        assert_eq!(number(-1500, Lang::Zh), "-1500");
        assert_eq!(wan(168_000, 2), "16.8");
        assert_eq!(wan(200_000, 2), "20");
        assert_eq!(wan(31_000, 1), "3.1");
    }
}
