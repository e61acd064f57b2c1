//! `village-dash export`: reports for the county in csv, xlsx, md and json.
//!
//! Every figure comes from the same `Dataset` and `Indicators` that `summary` reads, so the
//! four formats and `summary` always agree. Every string from the data files passes through
//! `text::sanitize`; in the two spreadsheet formats it is also made inert as a formula
//! (`cell_text`).

mod accounts_sheet;
mod csv_file;
mod json_file;
mod labels;
mod markdown;
mod xlsx_file;

use std::borrow::Cow;

use crate::cli::ExportFormat;
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;
use crate::text::sanitize;

/// The UTF-8 byte order mark that Excel and WPS need to read a CSV file as UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The bytes of one report. `csv_bom` puts a UTF-8 byte order mark before CSV so that
/// Excel and WPS read the Chinese text correctly.
pub fn export(
    format: ExportFormat,
    data: &Dataset,
    ind: &Indicators,
    strings: &Strings,
    csv_bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let labels = labels::Labels::of(strings);
    let built = match format {
        ExportFormat::Csv => csv_file::render(data, ind, strings, labels, csv_bom),
        ExportFormat::Xlsx => xlsx_file::render(data, ind, strings, labels),
        ExportFormat::Md => Ok(markdown::render(data, ind, strings, labels).into_bytes()),
        ExportFormat::Json => json_file::render(data, ind),
    };
    // The libraries' own words are English: keep them as the cause, say it in both languages.
    built.map_err(|e| {
        let name = match format {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
        };
        e.context(crate::i18n::messages::Localized(
            crate::i18n::messages::export_failed(name),
        ))
    })
}

pub use labels::Labels;

/// Text from the data files made safe for Markdown.
pub fn md_text(s: &str) -> String {
    markdown::md_text(s)
}

/// A Markdown table aligned by display width, first column left, the rest right.
pub fn md_table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    markdown::table_first_left(out, headers, rows);
}

/// A county's workbook (see `xlsx_file::render_county`).
pub fn render_county_xlsx(
    county: &crate::data::county::County,
    parts: &[crate::report::county::Part],
    strings: &Strings,
    labels: &Labels,
) -> anyhow::Result<Vec<u8>> {
    xlsx_file::render_county(county, parts, strings, labels)
}

/// Whether a spreadsheet would read text starting with `c` as a formula (or, for tab and
/// carriage return, as the start of one after it trims the cell).
fn starts_formula(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
    )
}

/// Blanks a spreadsheet may skip before it reads a formula.
fn is_leading_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{A0}' | '\u{3000}')
}

/// Text that a spreadsheet will show as written and never evaluate: text beginning with
/// `=`, `+`, `-`, `@` (or their full-width forms ＝ ＋ － ＠), a tab or a carriage return,
/// also behind leading blanks (space, tab, CR, NBSP, U+3000), gets a leading `'` (the OWASP
/// advice for CSV injection). Anything else is returned unchanged.
pub fn neutralize_formula(s: &str) -> Cow<'_, str> {
    let first = s.chars().next();
    let after_blanks = s.chars().find(|&c| !is_leading_blank(c));
    let formula = first.is_some_and(starts_formula)
        || first.is_some_and(is_leading_blank) && after_blanks.is_some_and(starts_formula);
    if formula {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A string from the data files made safe for a spreadsheet cell: control and bidi
/// characters escaped visibly, then neutralised as a formula.
pub fn cell_text(s: &str) -> String {
    neutralize_formula(&sanitize(s)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_a_quote() {
        for hostile in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=",
            " =1+1",
            "\u{A0}=1",
            "\u{3000}@SUM(A1)",
            "  \t -1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
            "\u{3000}＝1",
        ] {
            let safe = neutralize_formula(hostile);
            assert_eq!(safe, format!("'{hostile}"), "{hostile:?}");
        }
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for plain in [
            "天井村",
            "Tianjing",
            "",
            "a=b",
            "1-2",
            "  天井村",
            "\u{3000}韭菜庄",
            "'=x",
            "韭菜庄乡+",
        ] {
            assert!(
                matches!(neutralize_formula(plain), Cow::Borrowed(_)),
                "{plain:?}"
            );
        }
    }

    #[test]
    fn cell_text_sanitizes_then_neutralizes() {
        assert_eq!(cell_text("=A1\u{1b}[31m"), "'=A1\\u{1b}[31m");
        // A leading control character is escaped to a visible `\u{..}`, which is inert.
        assert_eq!(cell_text("\t=1"), "\\u{9}=1");
        assert_eq!(cell_text("\u{202e}-1"), "\\u{202e}-1");
        assert_eq!(cell_text("三岔河"), "三岔河");
    }
}
