//! `village-dash export`: reports for the county in csv, xlsx, md and json.

use crate::cli::ExportFormat;
use crate::data::{Dataset, Indicators};
use crate::i18n::Strings;

/// The bytes of one report. `csv_bom` puts a UTF-8 byte order mark before CSV so that
/// Excel and WPS read the Chinese text correctly.
pub fn export(
    format: ExportFormat,
    data: &Dataset,
    ind: &Indicators,
    strings: &Strings,
    csv_bom: bool,
) -> anyhow::Result<Vec<u8>> {
    let _ = (data, ind, strings, csv_bom);
    anyhow::bail!("export to {format:?} is not built yet")
}
