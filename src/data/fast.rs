//! A fast reader for the common shape of a `[[village]]` record, beside the TOML parser.
//!
//! A national file holds hundreds of thousands of records written by a program or by hand
//! in one plain shape: bare keys, quoted strings without escapes, whole numbers, `true` or
//! `false`, and the year tables under `[village.…]` headers. This reader handles exactly
//! that shape and builds the same [`RawVillage`] (with the same byte spans) that
//! `toml::from_str` builds, so every check after it is the same code. On anything else it
//! gives up on that record, and the loader parses the record with the `toml` crate as
//! before: an unusual or broken record keeps its exact diagnostic, position and words.
//!
//! Giving up is always safe; accepting is only allowed where the TOML parser would accept
//! the record and build the same value. `tests::same_as_toml` and the property test in
//! `tests/proptest_check.rs` compare the two on generated records.

use std::ops::Range;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;

use super::model::BranchStatus;
use super::raw::{RawBreakdown, RawVillage, RawYears, YearKey};

/// Which table the lines after a header belong to.
enum Section {
    Village,
    Years(usize),
    Breakdown(usize),
}

/// A value as written: a basic string (its text between the quotes), a whole number, a
/// boolean. Anything else is not handled here.
enum Value<'a> {
    Str(&'a str),
    Int(i64),
    Bool(bool),
}

/// The record in `piece` (which starts at its `[[village]]` header), with spans relative to
/// the start of `piece`, or `None` where the TOML parser must read it.
pub fn parse_village(piece: &str) -> Option<Spanned<RawVillage>> {
    let mut header: Option<Range<usize>> = None;
    let mut section = Section::Village;
    let mut id = None;
    let mut name = None;
    let mut name_en = None;
    let mut households = None;
    let mut party_branch = None;
    let mut oat_program = None;
    let mut illustrative = None;
    // collective_income_yuan, oat_grass_mu, target_yuan
    let mut years: [Option<RawYears>; 3] = [None, None, None];
    let mut breakdowns: Vec<(Spanned<String>, Range<usize>, RawBreakdown)> = Vec::new();
    let mut start = 0;
    let bytes = piece.as_bytes();
    while start < bytes.len() {
        let end = memchr_newline(&bytes[start..]).map_or(bytes.len(), |i| start + i);
        let mut line_end = end;
        if line_end > start && bytes[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let line = &piece[start..line_end];
        let line_start = start;
        start = end + 1;
        let indent = line.len() - skip_blanks(line).len();
        let body = &line[indent..];
        let at = line_start + indent;
        if body.is_empty() {
            continue;
        }
        if body.starts_with('#') {
            comment_ok(body)?;
            continue;
        }
        if body.starts_with('[') {
            let (name, span) = table_header(body, at)?;
            match (name, &header) {
                (Header::Village, None) => header = Some(span),
                (_, None) | (Header::Village, Some(_)) => return None,
                (Header::Years(i), Some(_)) => {
                    if years[i].is_some() {
                        return None;
                    }
                    years[i] = Some(RawYears::default());
                    section = Section::Years(i);
                }
                (Header::Breakdown(key, key_span), Some(_)) => {
                    if breakdowns.iter().any(|(k, _, _)| k.get_ref() == key) {
                        return None;
                    }
                    breakdowns.push((
                        Spanned::new(key_span, key.to_string()),
                        span,
                        RawBreakdown {
                            operating: None,
                            contracting: None,
                            investment: None,
                            subsidy: None,
                            other: None,
                        },
                    ));
                    section = Section::Breakdown(breakdowns.len() - 1);
                }
            }
            continue;
        }
        header.as_ref()?;
        let (key, key_span, value, value_span) = key_value(body, at)?;
        match section {
            Section::Village => {
                let slot_str = |slot: &mut Option<Spanned<String>>| -> Option<()> {
                    let Value::Str(s) = value else { return None };
                    if slot.is_some() {
                        return None;
                    }
                    *slot = Some(Spanned::new(value_span.clone(), s.to_string()));
                    Some(())
                };
                match key {
                    "id" => slot_str(&mut id)?,
                    "name" => slot_str(&mut name)?,
                    "name_en" => slot_str(&mut name_en)?,
                    "households" => {
                        let Value::Int(n) = value else { return None };
                        if households.replace(Spanned::new(value_span, n)).is_some() {
                            return None;
                        }
                    }
                    "party_branch" => {
                        let Value::Str(s) = value else { return None };
                        let status =
                            BranchStatus::deserialize(
                                IntoDeserializer::<serde::de::value::Error>::into_deserializer(s),
                            )
                            .ok()?;
                        if party_branch
                            .replace(Spanned::new(value_span, status))
                            .is_some()
                        {
                            return None;
                        }
                    }
                    "oat_program" | "illustrative" => {
                        let Value::Bool(b) = value else { return None };
                        let slot = if key == "oat_program" {
                            &mut oat_program
                        } else {
                            &mut illustrative
                        };
                        if slot.replace(b).is_some() {
                            return None;
                        }
                    }
                    _ => return None,
                }
            }
            Section::Years(i) => {
                let Value::Int(n) = value else { return None };
                let table = years[i].as_mut()?;
                let added = table.insert_new(
                    Spanned::new(key_span, YearKey::new(key)),
                    Spanned::new(value_span, n),
                );
                if !added {
                    return None;
                }
            }
            Section::Breakdown(i) => {
                let Value::Int(n) = value else { return None };
                let b = &mut breakdowns.get_mut(i)?.2;
                let slot = match key {
                    "operating" => &mut b.operating,
                    "contracting" => &mut b.contracting,
                    "investment" => &mut b.investment,
                    "subsidy" => &mut b.subsidy,
                    "other" => &mut b.other,
                    _ => return None,
                };
                if slot.replace(Spanned::new(value_span, n)).is_some() {
                    return None;
                }
            }
        }
    }
    let header = header?;
    let [income, oat_grass_mu, target_yuan] = years;
    let village = RawVillage {
        id: id?,
        name: name?,
        name_en,
        households,
        party_branch,
        oat_program: oat_program.unwrap_or(false),
        illustrative: illustrative.unwrap_or(false),
        collective_income_yuan: income?,
        oat_grass_mu: oat_grass_mu.unwrap_or_default(),
        income_by_source: breakdowns
            .into_iter()
            .map(|(key, span, b)| (key, Spanned::new(span, b)))
            .collect(),
        target_yuan: target_yuan.unwrap_or_default(),
    };
    Some(Spanned::new(header, village))
}

/// `s` without its leading spaces and tabs (TOML's blanks), looked at as bytes: a char
/// pattern decodes each character, and this runs four times a line.
fn skip_blanks(s: &str) -> &str {
    let blanks = s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    &s[blanks..]
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// A comment may hold anything but control characters other than tab.
fn comment_ok(comment: &str) -> Option<()> {
    comment
        .bytes()
        .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7F))
        .then_some(())
}

/// After a value or header: nothing, blanks, or blanks and a comment.
fn rest_ok(rest: &str) -> Option<()> {
    let trimmed = skip_blanks(rest);
    if trimmed.is_empty() {
        return Some(());
    }
    if trimmed.len() == rest.len() || !trimmed.starts_with('#') {
        return None;
    }
    comment_ok(trimmed)
}

enum Header<'a> {
    Village,
    Years(usize),
    Breakdown(&'a str, Range<usize>),
}

/// A header line: `[[village]]` or one of the village's sub-tables, written plainly.
fn table_header(body: &str, at: usize) -> Option<(Header<'_>, Range<usize>)> {
    if let Some(rest) = body.strip_prefix("[[village]]") {
        rest_ok(rest)?;
        return Some((Header::Village, at..at + "[[village]]".len()));
    }
    let inner_end = body.find(']')?;
    let inner = body.get(1..inner_end)?;
    rest_ok(&body[inner_end + 1..])?;
    let span = at..at + inner_end + 1;
    let name = inner.strip_prefix("village.")?;
    let header = match name {
        "collective_income_yuan" => Header::Years(0),
        "oat_grass_mu" => Header::Years(1),
        "target_yuan" => Header::Years(2),
        _ => {
            let key = name.strip_prefix("income_by_source.")?;
            if !is_bare_key(key) {
                return None;
            }
            let key_at = at + 1 + "village.income_by_source.".len();
            Header::Breakdown(key, key_at..key_at + key.len())
        }
    };
    Some((header, span))
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `key = value` with an optional comment; the spans are of the key and of the value.
fn key_value(body: &str, at: usize) -> Option<(&str, Range<usize>, Value<'_>, Range<usize>)> {
    let key_len = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    if key_len == 0 {
        return None;
    }
    let key = &body[..key_len];
    let rest = skip_blanks(&body[key_len..]);
    let rest = rest.strip_prefix('=')?;
    let after_eq = skip_blanks(rest);
    let value_at = at + (body.len() - after_eq.len());
    let (value, len) = value(after_eq)?;
    rest_ok(&after_eq[len..])?;
    Some((key, at..at + key_len, value, value_at..value_at + len))
}

/// A value at the start of `text` and its length in bytes.
fn value(text: &str) -> Option<(Value<'_>, usize)> {
    let bytes = text.as_bytes();
    match *bytes.first()? {
        b'"' => {
            let close = 1 + memchr::memchr(b'"', &bytes[1..])?;
            let inner = &text[1..close];
            // No escapes, no control characters other than tab.
            let plain = inner
                .bytes()
                .all(|b| b != b'\\' && (b == b'\t' || (b >= 0x20 && b != 0x7F)));
            plain.then_some((Value::Str(inner), close + 1))
        }
        b't' if text.starts_with("true") => Some((Value::Bool(true), 4)),
        b'f' if text.starts_with("false") => Some((Value::Bool(false), 5)),
        b'-' | b'0'..=b'9' => {
            let negative = bytes[0] == b'-';
            let digits_at = usize::from(negative);
            let digits = bytes[digits_at..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(bytes.len() - digits_at);
            let number = &text[digits_at..digits_at + digits];
            // Plain decimal only: no `+`, `_`, leading zeros, `-0`, fractions or dates.
            let plain = match number.as_bytes() {
                [] => false,
                [b'0'] => !negative,
                [b'0', ..] => false,
                _ => true,
            };
            let len = digits_at + digits;
            if !plain
                || bytes
                    .get(len)
                    .is_some_and(|&b| !matches!(b, b' ' | b'\t' | b'#'))
            {
                return None;
            }
            let n = text[..len].parse::<i64>().ok()?;
            Some((Value::Int(n), len))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::raw::VillagesFile;

    /// The fast reader's record, printed, or `None`; beside the TOML parser's.
    fn both(piece: &str) -> (Option<String>, String) {
        let fast = parse_village(piece).map(|v| format!("{v:?}"));
        let slow = match toml::from_str::<VillagesFile>(piece) {
            Ok(f) if f.village.len() == 1 => format!("{:?}", f.village[0]),
            Ok(f) => format!("{} records", f.village.len()),
            Err(e) => format!("error: {e}"),
        };
        (fast, slow)
    }

    fn same(piece: &str) {
        let (fast, slow) = both(piece);
        assert_eq!(fast.as_deref(), Some(slow.as_str()), "{piece}");
    }

    fn gives_up(piece: &str) {
        assert_eq!(
            parse_village(piece).map(|v| format!("{v:?}")),
            None,
            "{piece}"
        );
    }

    const PLAIN: &str = "[[village]]\nid = \"v000001\"\nname = \"西庄村1\"\nname_en = \"Xi 1\"\n\
        households = 82\nparty_branch = \"ordinary\"\noat_program = true\nillustrative = true\n\n\
        [village.collective_income_yuan]\n2019 = 60000\n2020 = 70800\n\n\
        [village.oat_grass_mu]\n2019 = 862\n2020 = 1068\n\n";

    #[test]
    fn same_as_toml() {
        same(PLAIN);
        same(
            "[[village]]  # first\r\n  id=\"a\"\t# x\r\nname = \"A\"\r\n\r\n[village.collective_income_yuan]\r\n2024 = -5\r\n0 = 0\r\n",
        );
        same(
            "[[village]]\nid = \"a\"\nname = \"A\"\noat_program = false\n[village.collective_income_yuan]\n\
             abc = 1\n[village.income_by_source.2024]\noperating = 1\nsubsidy = 2\n\
             [village.income_by_source.2023]\nother = 3\n[village.target_yuan]\n2024 = 9\n",
        );
    }

    #[test]
    fn gives_up_on_anything_unusual() {
        for piece in [
            // Not a record, or missing what a record needs.
            "",
            "# only a comment\n",
            "[[village]]\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n",
            // Unknown or repeated keys and tables, wrong types.
            "[[village]]\nid = \"a\"\nid = \"b\"\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nnmae = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = 1\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\nparty_branch = \"best\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = 1\n2024 = 2\n",
            // Syntax this reader leaves to the TOML parser.
            "[[village]]\nid = \"a\\u0041\"\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = 'a'\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = 1_000\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = +1\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = 01\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = 1.5\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n2024 = 99999999999999999999\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\ncollective_income_yuan = { 2024 = 1 }\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[ village.collective_income_yuan ]\n",
            "[[village]]\nid = \"a\" x\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\x01\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\r\rname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\n\"id\" = \"a\"\nname = \"A\"\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\" # \x07\n[village.collective_income_yuan]\n",
            "[[village]]\nid = \"a\"\nname = \"A\"\n[village.income_by_source.2024]\nfees = 1\n[village.collective_income_yuan]\n",
        ] {
            gives_up(piece);
        }
    }
}
