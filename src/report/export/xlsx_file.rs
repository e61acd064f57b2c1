//! xlsx: a workbook with a sheet per subject (summary, villages by year, oat programme,
//! projects, training, party building), native charts, and number formats for yuan and
//! mu. Figures are written as numbers, never as formulas (a formula would have no cached
//! value for readers that do not calculate); every text cell goes through `cell_text`.

use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::cell_text;
use super::labels::Labels;
use crate::cli::Lang;
use crate::data::{Dataset, Indicators, Village};
use crate::i18n::{Strings, Unit};
use crate::report::summary::headline_totals;
use crate::text::{number, width};

/// Excel keeps at most this many UTF-16 units in a cell.
const MAX_CELL_UTF16: usize = 32_767;
/// Excel's default column width, in characters.
const DEFAULT_COLUMN_WIDTH: usize = 9;
/// Height of one line of 11-point text, in points.
const HEADER_LINE_POINTS: f64 = 15.0;

/// No column is made wider than this, in characters.
const MAX_COLUMN_WIDTH: usize = 60;

struct Formats {
    title: Format,
    header: Format,
    bold: Format,
    yuan: Format,
    yuan_bold: Format,
    change: Format,
    change_bold: Format,
    mu: Format,
    mu_bold: Format,
    mu_fraction: Format,
    count: Format,
    count_bold: Format,
    date: Format,
    wrap: Format,
    legend: String,
}

/// An Excel number format by the language's rule for thousands separators
/// (`text::number`): `#,##0` in English, `0` in Chinese. Every sheet and chart of the
/// workbook takes its formats from here.
pub(super) fn num_format(english: bool, grouped: &str) -> String {
    if english {
        grouped.to_string()
    } else {
        grouped.replace("#,##", "")
    }
}

impl Formats {
    /// Number formats follow the language's rule for thousands separators: none in
    /// Chinese, commas in English (as on the screens and in the other reports).
    fn new(english: bool, legend: &str) -> Self {
        let g = |f: &str| num_format(english, f);
        let yuan = Format::new().set_num_format(g("#,##0"));
        let change = Format::new().set_num_format(g("+#,##0;-#,##0;0"));
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0x00DD_EBF7))
                .set_border_bottom(FormatBorder::Thin),
            bold: Format::new().set_bold(),
            yuan_bold: yuan.clone().set_bold(),
            mu: yuan.clone(),
            mu_bold: yuan.clone().set_bold(),
            mu_fraction: Format::new().set_num_format(g("#,##0.0")),
            count: Format::new().set_num_format(g("#,##0")),
            count_bold: Format::new().set_num_format(g("#,##0")).set_bold(),
            change_bold: change.clone().set_bold(),
            change,
            yuan,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            legend: legend.to_string(),
        }
    }
}

/// Cuts text to what a cell can hold, never inside a character.
fn fit_cell(s: String) -> String {
    if s.len() <= MAX_CELL_UTF16 {
        return s;
    }
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > MAX_CELL_UTF16 {
            break;
        }
        out.push(c);
    }
    out
}

/// A worksheet being filled, remembering how wide each column needs to be.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    widths: Vec<usize>,
    /// Header cells written, so that their row can be made tall enough for the wrap.
    headers: Vec<(u32, u16, usize)>,
    /// Rows holding long text that wraps, with the lines it needs.
    wrapped: Vec<(u32, usize)>,
}

/// Text wider than this wraps in its cell instead of widening the column (a long English
/// member name must not set the column's width).
const WRAP_WIDTH: usize = 40;

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, f: &'a Formats) -> Self {
        Sheet {
            ws,
            f,
            widths: Vec::new(),
            headers: Vec::new(),
            wrapped: Vec::new(),
        }
    }

    fn fit(&mut self, col: u16, w: usize) {
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(w);
    }

    /// Text, from the data files or a label: sanitised, never a formula.
    fn text(&mut self, row: u32, col: u16, s: &str) -> anyhow::Result<()> {
        self.text_with(row, col, s, None)
    }

    fn text_with(
        &mut self,
        row: u32,
        col: u16,
        s: &str,
        format: Option<&Format>,
    ) -> anyhow::Result<()> {
        let safe = fit_cell(cell_text(s));
        let w = width(&safe);
        self.fit(col, w.min(WRAP_WIDTH));
        match format {
            Some(f) => self.ws.write_string_with_format(row, col, safe, f)?,
            None if w > WRAP_WIDTH => {
                // A little slack per line: wrapping breaks at spaces, not at the exact width.
                self.wrapped.push((row, w.div_ceil(WRAP_WIDTH - 4)));
                self.ws
                    .write_string_with_format(row, col, safe, &self.f.wrap)?
            }
            None => self.ws.write_string(row, col, safe)?,
        };
        Ok(())
    }

    /// A header cell: wraps, so long headers do not widen the column past its figures.
    fn header(&mut self, row: u32, first_col: u16, headers: &[&str]) -> anyhow::Result<()> {
        for (col, h) in (first_col..).zip(headers) {
            let safe = cell_text(h);
            // A wrapped header needs about half its width, but never less than a word.
            let longest_word = safe.split_whitespace().map(width).max().unwrap_or(0);
            self.fit(col, width(&safe).div_ceil(2).max(8).max(longest_word + 1));
            self.headers.push((row, col, width(&safe)));
            self.ws
                .write_string_with_format(row, col, safe, &self.f.header)?;
        }
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: i64, format: &Format) -> anyhow::Result<()> {
        self.fit(col, number(n, Lang::En).len() + 2);
        self.ws
            .write_number_with_format(row, col, n as f64, format)?;
        Ok(())
    }

    fn opt_number(
        &mut self,
        row: u32,
        col: u16,
        n: Option<i64>,
        format: &Format,
    ) -> anyhow::Result<()> {
        match n {
            Some(n) => self.number(row, col, n, format),
            None => Ok(()),
        }
    }

    /// An area in mu: one decimal where it has a fraction, none otherwise.
    fn mu(&mut self, row: u32, col: u16, mu: f64) -> anyhow::Result<()> {
        let format = if mu.fract() == 0.0 {
            &self.f.mu
        } else {
            &self.f.mu_fraction
        };
        self.fit(col, format!("{mu:.1}").len() + 3);
        self.ws.write_number_with_format(row, col, mu, format)?;
        Ok(())
    }

    fn date(&mut self, row: u32, col: u16, d: chrono::NaiveDate) -> anyhow::Result<()> {
        let year = u16::try_from(d.year())?;
        let date = ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)?;
        self.fit(col, 11);
        self.ws
            .write_datetime_with_format(row, col, &date, &self.f.date)?;
        Ok(())
    }

    /// Sets column widths, header row heights and the print setup: landscape, one page
    /// wide, the first header row repeated on every page.
    fn finish(self) -> anyhow::Result<()> {
        let mut set = Vec::with_capacity(self.widths.len());
        for (col, w) in (0u16..).zip(&self.widths) {
            let w = if *w > 0 {
                (*w + 1).clamp(6, MAX_COLUMN_WIDTH)
            } else {
                DEFAULT_COLUMN_WIDTH
            };
            if self.widths[usize::from(col)] > 0 {
                self.ws.set_column_width(col, w as f64)?;
            }
            set.push(w);
        }
        // A wrapped header shows all its lines only in a row tall enough for them
        // (LibreOffice and Excel keep the default height otherwise).
        let mut lines: std::collections::BTreeMap<u32, usize> = Default::default();
        for &(row, col, w) in &self.headers {
            let room = set
                .get(usize::from(col))
                .copied()
                .unwrap_or(DEFAULT_COLUMN_WIDTH);
            let n = w.div_ceil(room.saturating_sub(1).max(1)).max(1);
            let e = lines.entry(row).or_insert(1);
            *e = (*e).max(n);
        }
        for &(row, n) in &self.wrapped {
            let e = lines.entry(row).or_insert(1);
            *e = (*e).max(n);
        }
        for (&row, &n) in &lines {
            if n > 1 {
                self.ws
                    .set_row_height(row, HEADER_LINE_POINTS * n as f64 + 3.0)?;
            }
        }
        // The mark's meaning on every printed page of every sheet.
        self.ws
            .set_footer(format!("&L{}&R&P / &N", self.f.legend.replace('&', "&&")));
        self.ws.set_landscape();
        self.ws.set_paper_size(9); // A4
        self.ws.set_print_fit_to_pages(1, 0);
        if let Some(&(first, _, _)) = self.headers.first() {
            self.ws.set_repeat_rows(first, first)?;
        }
        Ok(())
    }
}

pub fn render(
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<Vec<u8>> {
    let f = Formats::new(s.english(), s.mark_legend);
    let mut wb = Workbook::new();
    summary_sheet(wb.add_worksheet(), &f, data, ind, s, l)?;
    villages_sheet(wb.add_worksheet(), l.sheet_villages, &f, data, ind, s, l)?;
    oat_sheet(wb.add_worksheet(), &f, data, ind, s, l)?;
    projects_sheet(wb.add_worksheet(), &f, data, ind, s, l)?;
    training_sheet(wb.add_worksheet(), &f, data, ind, s, l)?;
    party_sheet(wb.add_worksheet(), &f, data, ind, s, l)?;
    super::accounts_sheet::render(wb.add_worksheet(), data, ind, s)?;
    Ok(wb.save_to_buffer()?)
}

/// A county's workbook: the county sheet (one row per township and the county total, as
/// numbers), then one sheet per township with its villages by year (named after the
/// township).
pub fn render_county(
    county: &crate::data::county::County,
    parts: &[crate::report::county::Part],
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<Vec<u8>> {
    use crate::data::county::TownshipFigures;
    let f = Formats::new(s.english(), s.mark_legend);
    let w = s.county();
    let mut wb = Workbook::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(w.sheet_county)?;
        let mut sh = Sheet::new(ws, &f);
        let title = format!(
            "{} ({})  {}",
            s.name(&county.name, county.name_en.as_deref()),
            county.city,
            (w.townships)(parts.len())
        );
        sh.text_with(0, 0, &title, Some(&f.title))?;
        let income = format!("{} ({})", w.income, if s.english() { "yuan" } else { "元" });
        let previous = if s.english() {
            "Income, year before (yuan)".to_string()
        } else {
            "上年集体收入 (元)".to_string()
        };
        let headers = [
            w.township,
            w.folder,
            w.year,
            w.villages,
            w.at_floor,
            w.at_strong,
            income.as_str(),
            previous.as_str(),
            w.warnings,
            w.at_risk,
        ];
        sh.header(2, 0, &headers)?;
        let figures: Vec<TownshipFigures> = parts.iter().map(|p| p.figures()).collect();
        let total = TownshipFigures::sum(&figures);
        let rows = parts
            .iter()
            .zip(&figures)
            .map(|(p, fig)| (p.name(s), p.folder.clone(), *fig, false))
            .chain([(w.total.to_string(), String::new(), total, true)]);
        for (i, (name, folder, fig, bold)) in rows.enumerate() {
            let row = 3 + i as u32;
            let (count, yuan) = if bold {
                (&f.count_bold, &f.yuan_bold)
            } else {
                (&f.count, &f.yuan)
            };
            if bold {
                sh.text_with(row, 0, &name, Some(&f.bold))?;
            } else {
                sh.text(row, 0, &name)?;
            }
            sh.text(row, 1, &folder)?;
            sh.opt_number(row, 2, fig.year.map(i64::from), count)?;
            sh.number(row, 3, fig.villages as i64, count)?;
            sh.number(row, 4, fig.at_floor as i64, count)?;
            sh.number(row, 5, fig.at_strong as i64, count)?;
            sh.number(row, 6, fig.income, yuan)?;
            sh.opt_number(row, 7, fig.income_previous, yuan)?;
            sh.number(row, 8, fig.warnings as i64, count)?;
            sh.number(row, 9, fig.at_risk as i64, count)?;
        }
        let note_row = 4 + parts.len() as u32;
        sh.text(note_row, 0, w.summed_note)?;
        if parts.iter().any(|p| p.figures().partial_year) {
            sh.text(note_row + 1, 0, w.partial_note)?;
        }
        sh.finish()?;
    }
    let mut used: Vec<String> = vec![w.sheet_county.to_string()];
    for p in parts {
        let name = sheet_name(&p.name(s), &p.folder, &used);
        used.push(name.clone());
        villages_sheet(wb.add_worksheet(), &name, &f, &p.data, &p.ind, s, l)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A sheet name Excel accepts (at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with `'`), distinct from those already used: the township's name, else its
/// folder, else the folder with a number.
fn sheet_name(name: &str, folder: &str, used: &[String]) -> String {
    let clean = |t: &str| -> String {
        let t: String = t
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
            .take(31)
            .collect();
        t.trim_matches('\'').to_string()
    };
    let taken = |t: &str| t.is_empty() || used.iter().any(|u| u.eq_ignore_ascii_case(t));
    for candidate in [clean(name), clean(folder)] {
        if !taken(&candidate) {
            return candidate;
        }
    }
    (2..)
        .map(|n| {
            let base: String = clean(folder).chars().take(27).collect();
            format!("{base} {n}")
        })
        .find(|c| !taken(c))
        .unwrap_or_default()
}

fn village_name<'v>(v: &'v Village, s: &Strings) -> &'v str {
    s.name(&v.name, v.name_en.as_deref())
}

fn summary_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    ws.set_name(l.sheet_summary)?;
    let mut sh = Sheet::new(ws, f);
    let t = &data.township;
    let name = s.name(&t.name, t.name_en.as_deref());
    sh.text_with(0, 0, name, Some(&f.title))?;
    sh.text(
        1,
        0,
        &format!(
            "{} {}",
            s.name(&t.county, t.county_en.as_deref()),
            s.name(&t.city, t.city_en.as_deref())
        ),
    )?;
    sh.text(2, 0, s.as_of)?;
    sh.text(2, 1, &t.as_of.value.to_string())?;
    sh.header(
        4,
        0,
        &[l.indicator, l.value, l.as_published, s.col_mark, l.source],
    )?;
    // Each figure as a number with a number format (for sums and charts), beside it as
    // worded (3000余吨, 约1500元) with its mark and source.
    let mut row = 5;
    for (label, value, total) in headline_totals(data, ind, s) {
        sh.text(row, 0, &label)?;
        match total {
            Some(t) => {
                let format = if t.key.ends_with("_yuan") {
                    &f.yuan
                } else {
                    &f.count
                };
                let n = if t.key == "collective_income_total_yuan" {
                    ind.income_total
                } else {
                    t.value
                };
                sh.number(row, 1, n, format)?;
                sh.text(row, 3, l.yes_no(t.marked()))?;
                if let Some(src) = &t.source {
                    sh.text(row, 4, s.name(src, t.source_en.as_deref()))?;
                }
            }
            None => {
                if let Ok(n) = value.parse::<i64>() {
                    sh.number(row, 1, n, &f.count)?;
                }
            }
        }
        sh.text(row, 2, &value)?;
        row += 1;
    }
    sh.text(row + 1, 0, s.villages_explained)?;
    sh.text(row + 2, 0, s.mark_legend)?;
    sh.finish()
}

fn villages_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    ws.set_name(sheet)?;
    ws.set_freeze_panes(1, 2)?;
    let mut sh = Sheet::new(ws, f);
    let year_headers: Vec<String> = ind.income_years.iter().map(|y| l.income_in(*y)).collect();
    let mut headers = vec![
        l.id,
        l.name,
        l.name_en,
        l.households,
        l.party_branch,
        l.oat_program,
        l.illustrative,
    ];
    let first_year_col = headers.len() as u16;
    headers.extend(year_headers.iter().map(String::as_str));
    let change_col = headers.len() as u16;
    headers.extend([l.change_yuan, l.status]);
    let floor_label = format!(
        "{} {}",
        l.target,
        s.money(data.thresholds.income_floor_yuan)
    );
    let strong_label = format!(
        "{} {}",
        l.target,
        s.money(data.thresholds.income_strong_yuan)
    );
    let target_col = headers.len() as u16;
    headers.extend([floor_label.as_str(), strong_label.as_str()]);
    sh.header(0, 0, &headers)?;

    for (i, (v, r)) in data.villages.iter().zip(&ind.rows).enumerate() {
        let row = i as u32 + 1;
        sh.text(row, 0, &v.id)?;
        sh.text(row, 1, s.name(&v.name, v.name_en.as_deref()))?;
        if let Some(en) = &v.name_en {
            sh.text(row, 2, en)?;
        }
        sh.opt_number(row, 3, v.households.map(|h| h.value), &f.count)?;
        if let Some(b) = v.party_branch {
            sh.text(row, 4, s.branch(b))?;
        }
        sh.text(row, 5, l.yes_no(v.oat_program))?;
        sh.text(row, 6, l.yes_no(v.illustrative))?;
        for (col, year) in (first_year_col..).zip(&ind.income_years) {
            sh.opt_number(row, col, v.income(*year), &f.yuan)?;
        }
        sh.opt_number(row, change_col, r.change, &f.change)?;
        if let Some(st) = r.status {
            sh.text(row, change_col + 1, s.status(st))?;
        }
        sh.number(row, target_col, data.thresholds.income_floor_yuan, &f.yuan)?;
        sh.number(
            row,
            target_col + 1,
            data.thresholds.income_strong_yuan,
            &f.yuan,
        )?;
    }

    let n = data.villages.len() as u32;
    let total_row = n + 1;
    // Every total from `Indicators`; the row sums illustrative figures when any village's
    // are: marked once, here.
    let marked = ind.income_total_illustrative || ind.households_illustrative;
    let total_label = format!("{}{}", l.total, s.mark(marked));
    sh.text_with(total_row, 1, &total_label, Some(&f.bold))?;
    if data.villages.iter().any(|v| v.illustrative) {
        sh.text(total_row + 1, 1, s.mark_legend)?;
    }
    sh.opt_number(total_row, 3, ind.households_total, &f.count_bold)?;
    for (col, year) in (first_year_col..).zip(&ind.income_years) {
        sh.number(total_row, col, ind.income_total_in(*year), &f.yuan_bold)?;
    }
    sh.opt_number(total_row, change_col, ind.income_change(), &f.change_bold)?;
    sh.finish()?;

    // Collective income by village for the latest year.
    if let (Some(year), true) = (ind.latest_year, n > 0) {
        let latest_col = first_year_col + ind.income_years.len() as u16 - 1;
        // The name column is in the report's language (English where a village has one).
        let name_col = 1;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((sheet, 1, name_col, n, name_col))
            .set_values((sheet, 1, latest_col, n, latest_col))
            .set_name((sheet, 0, latest_col));
        // The two targets as lines across the columns.
        let mut targets = Chart::new(ChartType::Line);
        for col in [target_col, target_col + 1] {
            targets
                .add_series()
                .set_categories((sheet, 1, name_col, n, name_col))
                .set_values((sheet, 1, col, n, col))
                .set_name((sheet, 0, col));
        }
        chart.combine(&targets);
        let title = if ind.partial_year {
            format!(
                "{} ({})",
                l.income_chart(year),
                s.year_as_of(year, data.township.as_of.value, true)
            )
        } else {
            l.income_chart(year)
        };
        chart.title().set_name(&title);
        chart
            .legend()
            .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
        chart
            .y_axis()
            .set_num_format(num_format(s.english(), "#,##0"));
        chart.set_width(760).set_height(380);
        ws.insert_chart(total_row + 3, 1, &chart)?;
    }
    Ok(())
}

fn oat_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    let sheet = l.sheet_oat;
    ws.set_name(sheet)?;
    let mut sh = Sheet::new(ws, f);
    let c = &data.consortium;
    sh.text_with(0, 0, s.name(&c.name, c.name_en.as_deref()), Some(&f.title))?;
    sh.header(2, 0, &[l.indicator, l.value, l.as_published])?;
    let figures: [(&str, i64, &Format); 7] = [
        (l.founded, i64::from(c.founded), &f.bold),
        (
            l.administrative_villages,
            data.township.administrative_villages.value,
            &f.count,
        ),
        (l.oat_villages, ind.oat_villages as i64, &f.count),
        (l.households_served, c.households_served.value, &f.count),
        (l.fertilizer_t, c.fertilizer_t.value, &f.count),
        (l.oat_planted_mu, c.oat_grass_mu.value, &f.mu),
        (
            l.income_gain_yuan,
            c.household_income_gain_yuan.value,
            &f.yuan,
        ),
    ];
    let worded = [
        (4, "consortium_households", Unit::Households),
        (5, "fertilizer_t", Unit::Tonnes),
        (6, "oat_grass_mu_cumulative", Unit::Mu),
        (7, "household_income_gain_yuan", Unit::Yuan),
    ];
    let mut row = 3;
    for (i, (label, value, format)) in figures.into_iter().enumerate() {
        sh.text(row, 0, label)?;
        sh.number(row, 1, value, format)?;
        if let Some((_, key, unit)) = worded.iter().find(|(n, _, _)| *n == i + 1)
            && let Some(t) = ind.total(key)
        {
            sh.text(row, 2, &s.total(t, *unit))?;
        }
        row += 1;
    }
    sh.text(row, 0, s.villages_explained)?;
    row += 1;

    row += 1;
    sh.header(row, 0, &[l.member, l.name_en, l.level, l.count])?;
    for m in &c.members {
        row += 1;
        sh.text(row, 0, s.name(&m.name, m.name_en.as_deref()))?;
        if let Some(en) = &m.name_en {
            sh.text(row, 1, en)?;
        }
        sh.text(row, 2, s.level(m.level))?;
        sh.number(row, 3, m.count, &f.count)?;
    }

    // Acreage by village and year, with the yearly totals the chart plots.
    row += 2;
    sh.text_with(row, 0, l.acreage_by_village, Some(&f.bold))?;
    row += 1;
    let header_row = row;
    let years: Vec<i32> = ind.oat_by_year.keys().copied().collect();
    let year_labels: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let cumulative = l.mu_since(c.founded);
    let mut headers = vec![l.id, l.name];
    headers.extend(year_labels.iter().map(String::as_str));
    headers.push(&cumulative);
    sh.header(header_row, 0, &headers)?;
    let first_year_col = 2u16;
    let cumulative_col = first_year_col + years.len() as u16;
    for (v, r) in data.villages.iter().zip(&ind.rows) {
        if !v.oat_program && v.oat_grass_mu.is_empty() {
            continue;
        }
        row += 1;
        sh.text(row, 0, &v.id)?;
        // The acreage of an illustrative village is marked, as on the screens and in md.
        let name = format!("{}{}", village_name(v, s), s.mark(v.illustrative));
        sh.text(row, 1, &name)?;
        for (col, year) in (first_year_col..).zip(&years) {
            sh.opt_number(row, col, v.oat(*year), &f.mu)?;
        }
        sh.number(row, cumulative_col, r.oat_cumulative_mu, &f.mu)?;
    }
    row += 1;
    let total_row = row;
    // The totals (from `Indicators`) sum illustrative acreage when any village's is:
    // marked once, here.
    let total_label = format!("{}{}", l.total, s.mark(ind.oat_by_year_illustrative));
    sh.text_with(total_row, 1, &total_label, Some(&f.bold))?;
    if data.villages.iter().any(|v| v.illustrative) {
        sh.text(total_row + 1, 1, s.mark_legend)?;
    }
    for (col, total) in (first_year_col..).zip(ind.oat_by_year.values()) {
        sh.number(total_row, col, *total, &f.mu_bold)?;
    }
    sh.number(
        total_row,
        cumulative_col,
        ind.oat_cumulative_total,
        &f.mu_bold,
    )?;
    sh.finish()?;

    if !years.is_empty() {
        let last_col = cumulative_col - 1;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((sheet, header_row, first_year_col, header_row, last_col))
            .set_values((sheet, total_row, first_year_col, total_row, last_col))
            .set_name(l.oat_chart());
        chart.title().set_name(l.oat_chart());
        chart.legend().set_hidden();
        chart
            .y_axis()
            .set_num_format(num_format(s.english(), "#,##0"));
        chart.set_width(560).set_height(320);
        ws.insert_chart(total_row + 3, 1, &chart)?;
    }
    Ok(())
}

fn projects_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    ws.set_name(l.sheet_projects)?;
    ws.set_freeze_panes(1, 2)?;
    let mut sh = Sheet::new(ws, f);
    let years: Vec<i32> = ind.project_income_by_year.keys().copied().collect();
    let year_headers: Vec<String> = years.iter().map(|y| l.project_income_in(*y)).collect();
    let mut headers = vec![
        l.id,
        l.project,
        l.name_en,
        l.category,
        l.villages,
        l.started,
        l.area_mu,
        l.jobs,
        l.illustrative,
    ];
    let first_year_col = headers.len() as u16;
    headers.extend(year_headers.iter().map(String::as_str));
    // A yearly figure published with no year (每年50万元) has its own column.
    let annual_col = headers.len() as u16;
    let annual_header = format!("{} ({})", s.annual_income, l.yuan());
    let any_annual = data.projects.iter().any(|p| p.annual_income_yuan.is_some());
    if any_annual {
        // The figure as a number, and beside it as published (每年50万元).
        headers.push(&annual_header);
        headers.push(l.as_published);
    }
    sh.header(0, 0, &headers)?;
    let mut row = 0;
    for p in &data.projects {
        row += 1;
        sh.text(row, 0, &p.id)?;
        sh.text(row, 1, s.name(&p.name, p.name_en.as_deref()))?;
        if let Some(en) = &p.name_en {
            sh.text(row, 2, en)?;
        }
        sh.text(row, 3, s.project_category(p.category))?;
        let villages = if p.township_wide {
            s.township_wide.to_string()
        } else if p.villages.is_empty() {
            s.place_unpublished.to_string()
        } else {
            p.villages
                .iter()
                .filter_map(|&i| data.villages.get(i))
                .map(|v| village_name(v, s))
                .collect::<Vec<_>>()
                .join(l.list_separator)
        };
        sh.text(row, 4, &villages)?;
        if let Some(y) = p.started {
            if p.started_provenance.is_marked() {
                sh.text(row, 5, &format!("{y}* ({})", s.assumed))?;
            } else {
                sh.number(row, 5, i64::from(y), &Format::new())?;
            }
        }
        if let Some(a) = &p.annual_income_yuan {
            sh.number(row, annual_col, a.value, &f.yuan)?;
            let worded = s.total(
                &crate::data::indicators::Total::from_qualified("", a),
                Unit::Yuan,
            );
            sh.text(row, annual_col + 1, &worded)?;
        }
        if let Some(a) = p.area_mu {
            sh.mu(row, 6, a)?;
        }
        sh.opt_number(row, 7, p.jobs, &f.count)?;
        let marked = p.illustrative
            || p.started_provenance.is_marked()
            || p.annual_income_yuan
                .as_ref()
                .is_some_and(|a| a.illustrative());
        sh.text(row, 8, l.yes_no(marked))?;
        for (col, year) in (first_year_col..).zip(&years) {
            sh.opt_number(
                row,
                col,
                p.collective_income_yuan.get(year).map(|f| f.value),
                &f.yuan,
            )?;
        }
    }
    if !years.is_empty() {
        row += 1;
        sh.text_with(row, 1, l.total, Some(&f.bold))?;
        for (col, total) in (first_year_col..).zip(ind.project_income_by_year.values()) {
            sh.number(row, col, *total, &f.yuan_bold)?;
        }
    }
    sh.text(row + 2, 1, s.mark_legend)?;
    sh.finish()
}

fn training_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    ws.set_name(l.sheet_training)?;
    ws.set_freeze_panes(1, 0)?;
    let mut sh = Sheet::new(ws, f);
    sh.header(
        0,
        0,
        &[
            l.date,
            l.topic,
            l.topic_en,
            l.category,
            l.participants,
            l.illustrative,
        ],
    )?;
    let mut row = 0;
    for t in &data.sessions {
        row += 1;
        sh.date(row, 0, t.date)?;
        sh.text(row, 1, s.name(&t.topic, t.topic_en.as_deref()))?;
        if let Some(en) = &t.topic_en {
            sh.text(row, 2, en)?;
        }
        sh.text(row, 3, s.training_category(t.category))?;
        sh.number(row, 4, t.participants.value, &f.count)?;
        sh.text(row, 5, l.yes_no(t.illustrative))?;
    }
    row += 1;
    let total_label = format!("{}{}", l.total, s.mark(ind.sessions_illustrative));
    sh.text_with(row, 0, &total_label, Some(&f.bold))?;
    sh.number(row, 4, ind.training_participants, &f.count_bold)?;
    // The published township figure, separate from the sessions summed.
    if let (Some(t), Some(_)) = (
        ind.total("training_participants"),
        &data.training.participants,
    ) {
        row += 1;
        sh.text(row, 0, s.published_totals)?;
        sh.number(row, 4, t.value, &f.count)?;
        sh.text(row, 5, &s.total(t, Unit::Attendances))?;
    }
    if ind.sessions_illustrative {
        row += 1;
        sh.text(row, 0, s.mark_legend)?;
    }

    row += 2;
    sh.header(row, 0, &[l.category, l.sessions, l.participants])?;
    for (category, total) in &ind.training_by_category {
        row += 1;
        sh.text(row, 0, s.training_category(*category))?;
        sh.number(row, 1, total.sessions as i64, &f.count)?;
        sh.number(row, 2, total.participants, &f.count)?;
    }
    sh.finish()
}

fn party_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &Dataset,
    ind: &Indicators,
    s: &Strings,
    l: &Labels,
) -> anyhow::Result<()> {
    ws.set_name(l.sheet_party)?;
    let mut sh = Sheet::new(ws, f);
    let p = &data.party_building;
    sh.text_with(0, 0, &l.party_since(p.since), Some(&f.title))?;
    sh.header(2, 0, &[l.indicator, l.value])?;
    let figures = [
        (s.branches_rectified, p.branches_rectified.value),
        (s.strongest_branches, p.strongest_branches.value),
        (s.venues_renovated, p.venues_renovated.value),
        (l.leaders_added, p.leaders_added.value),
    ];
    let mut row = 2;
    for (label, value) in figures {
        row += 1;
        sh.text(row, 0, label)?;
        sh.number(row, 1, value, &f.count)?;
    }
    row += 2;
    sh.header(row, 0, &[l.branch_status, l.village_count])?;
    // Counts of the villages' recorded statuses: marked when any status is illustrative.
    let marked = data
        .villages
        .iter()
        .any(|v| v.illustrative && v.party_branch.is_some());
    for (status, n) in &ind.branch_counts {
        row += 1;
        sh.text(row, 0, &format!("{}{}", s.branch(*status), s.mark(marked)))?;
        sh.number(row, 1, *n as i64, &f.count)?;
    }
    if marked {
        row += 1;
        sh.text(row, 0, s.mark_legend)?;
    }
    if ind.branch_unrecorded > 0 {
        row += 1;
        sh.text(row, 0, l.not_recorded)?;
        sh.number(row, 1, ind.branch_unrecorded as i64, &f.count)?;
    }
    sh.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_to_what_excel_holds() {
        let long = "韭".repeat(MAX_CELL_UTF16 + 5);
        let cut = fit_cell(long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UTF16);
        // A character outside the BMP takes two UTF-16 units and is never split.
        let astral = "𠀀".repeat(MAX_CELL_UTF16);
        let cut = fit_cell(astral);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16);
        assert_eq!(fit_cell("天井村".into()), "天井村");
    }
}
