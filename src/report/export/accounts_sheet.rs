//! The 表六 sheet of the workbook: the income distribution form (村集体经济组织收益分配统计表)
//! for the latest year, rows 1–6 with their row codes, one column per village that reports
//! a breakdown and a township total, and the balance rule written out. Figures are numbers,
//! not formulas, so every reader sees them without recalculating.

use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet};

use super::cell_text;
use crate::data::accounts::{Breakdown, Source};
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;

/// The first row of the form (row code 1), 0-based; the header is the row above.
pub const FIRST_ROW: u32 = 4;
/// xlsx allows 16,384 columns; the form keeps two for the labels and one for the total.
const MAX_VILLAGE_COLUMNS: usize = 16_000;

pub fn render(
    ws: &mut Worksheet,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
) -> anyhow::Result<()> {
    let a = s.accounts();
    ws.set_name(a.sheet_name)?;
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0x00DD_EBF7))
        .set_border_bottom(FormatBorder::Thin);
    // Village and total headers sit right, over their figures.
    let header_right = header
        .clone()
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    let yuan = Format::new().set_num_format(super::xlsx_file::num_format(s.english(), "#,##0"));
    let yuan_bold = yuan.clone().set_bold();
    let code = Format::new().set_align(rust_xlsxwriter::FormatAlign::Center);

    let year = ind.latest_year;
    let year_text = year.map(|y| s.year(y)).unwrap_or_default();
    ws.write_string_with_format(
        0,
        0,
        cell_text(&format!("{} {year_text}", a.sheet_title)),
        &title,
    )?;
    let t = &data.township;
    let name = s.name(&t.name, t.name_en.as_deref());
    ws.write_string(
        1,
        0,
        cell_text(&format!(
            "{name}    {}: {}    {}",
            a.basis,
            a.basis_name(ind.accounts.basis),
            a.unit_yuan
        )),
    )?;

    // Villages that report a breakdown for the year, in file order.
    let reporting: Vec<(usize, &Breakdown)> = ind
        .accounts
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.breakdown.as_ref().map(|b| (i, b)))
        .take(MAX_VILLAGE_COLUMNS)
        .collect();
    let head = FIRST_ROW - 1;
    ws.write_string_with_format(head, 0, cell_text(a.item), &header)?;
    ws.write_string_with_format(head, 1, cell_text(a.row_code), &header)?;
    for (col, (i, _)) in (2u16..).zip(&reporting) {
        let v = &data.villages[*i];
        ws.write_string_with_format(
            head,
            col,
            cell_text(s.name(&v.name, v.name_en.as_deref())),
            &header_right,
        )?;
    }
    let total_col = 2 + reporting.len() as u16;
    ws.write_string_with_format(head, total_col, cell_text(a.township_total), &header_right)?;

    // Row 1 is the total; rows 2–6 the sources.
    let labels =
        std::iter::once((1u8, a.total)).chain(Source::ALL.map(|src| (src.row(), a.source(src))));
    for (offset, (row_code, label)) in (0u32..).zip(labels) {
        let row = FIRST_ROW + offset;
        let format = if row_code == 1 { &yuan_bold } else { &yuan };
        ws.write_string(row, 0, cell_text(label))?;
        ws.write_number_with_format(row, 1, f64::from(row_code), &code)?;
        let value = |b: &Breakdown| {
            if row_code == 1 {
                b.total()
            } else {
                b.values[usize::from(row_code - 2)]
            }
        };
        for (col, (_, b)) in (2u16..).zip(&reporting) {
            ws.write_number_with_format(row, col, value(b) as f64, format)?;
        }
        // The township's figures from `Indicators`, not summed here.
        let total = if row_code == 1 {
            ind.accounts.township_total()
        } else {
            ind.accounts.township[usize::from(row_code - 2)]
        };
        ws.write_number_with_format(row, total_col, total as f64, &yuan_bold)?;
    }
    // Income less subsidies, the operating basis: 1 − 5.
    let operating_row = FIRST_ROW + 6;
    ws.write_string(operating_row, 0, cell_text(a.col_operating))?;
    ws.write_string_with_format(operating_row, 1, "1-5", &code)?;
    for (col, (_, b)) in (2u16..).zip(&reporting) {
        ws.write_number_with_format(operating_row, col, b.operating() as f64, &yuan)?;
    }
    ws.write_number_with_format(
        operating_row,
        total_col,
        ind.accounts.township_operating() as f64,
        &yuan_bold,
    )?;

    let mut row = operating_row + 2;
    ws.write_string(row, 0, cell_text(a.balance_rule))?;
    row += 1;
    ws.write_string(row, 0, cell_text(a.operating_note))?;
    row += 1;
    let missing: Vec<&str> = ind
        .accounts
        .rows
        .iter()
        .zip(&data.villages)
        .filter(|(r, _)| r.breakdown.is_none())
        .map(|(_, v)| s.name(&v.name, v.name_en.as_deref()))
        .collect();
    if !missing.is_empty() {
        let sep = if s.english() { ", " } else { "、" };
        ws.write_string(
            row,
            0,
            cell_text(&format!(
                "{} ({}): {}",
                a.no_breakdown,
                missing.len(),
                missing.join(sep)
            )),
        )?;
        row += 1;
    }
    if data
        .villages
        .iter()
        .any(|v| v.illustrative && !v.income_by_source.is_empty())
    {
        ws.write_string(row, 0, cell_text(s.illustrative_note))?;
    }

    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 6)?;
    for col in 2..=total_col {
        ws.set_column_width(col, 12)?;
    }
    ws.set_row_height(head, 30)?;
    ws.set_freeze_panes(FIRST_ROW, 2)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    // As on every other sheet: the header row repeated on each printed page, the legend of
    // the `*` mark in the footer.
    ws.set_repeat_rows(head, head)?;
    ws.set_footer(format!("&L{}&R&P / &N", s.mark_legend.replace('&', "&&")));
    Ok(())
}
