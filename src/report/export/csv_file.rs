//! CSV: one row per village per year, for every year that any village has an income or an
//! acreage figure for. RFC 4180 quoting and line endings; text cells are made inert as
//! formulas.

use std::collections::BTreeSet;

use super::cell_text;
use super::labels::Labels;
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;

pub fn render(
    data: &Dataset,
    _ind: &Indicators,
    strings: &Strings,
    l: &Labels,
    bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(super::UTF8_BOM);
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(l.csv_headers)?;
    let years: BTreeSet<i32> = data
        .villages
        .iter()
        .flat_map(|v| v.collective_income_yuan.keys().chain(v.oat_grass_mu.keys()))
        .copied()
        .collect();
    let figure = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    for v in &data.villages {
        let id = cell_text(&v.id);
        // The name in the report's language; the English column stays as the file has it.
        let name = cell_text(strings.name(&v.name, v.name_en.as_deref()));
        let name_en = v.name_en.as_deref().map(cell_text).unwrap_or_default();
        let households = figure(v.households.map(|h| h.value));
        let branch = v.party_branch.map(|b| strings.branch(b)).unwrap_or("");
        for &year in &years {
            w.write_record([
                id.as_str(),
                &name,
                &name_en,
                &year.to_string(),
                &figure(v.income(year)),
                &figure(v.oat(year)),
                &households,
                &cell_text(branch),
                l.yes_no(v.oat_program),
                l.yes_no(v.illustrative),
            ])?;
        }
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
}
