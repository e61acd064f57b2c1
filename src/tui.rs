//! The interactive dashboard's runtime (placeholder until the event loop lands).

use std::process::ExitCode;

use crate::data::DataDir;
use crate::i18n::Strings;
use crate::ui::theme::Theme;

pub fn run(dir: DataDir, strings: &'static Strings, theme: Theme) -> anyhow::Result<ExitCode> {
    let _ = (dir, strings, theme);
    Ok(ExitCode::SUCCESS)
}
