//! The dashboard on the shipped data, as the screen tests draw it.

use chrono::TimeZone;
use village_dash::app::App;
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir};
use village_dash::i18n;
use village_dash::ui::theme::Theme;

/// The App on the shipped `config/`, loaded "at" 2023-07-01 09:30 so the status line is the
/// same on every run. The directory is relative, as an official types it (integration
/// tests run in the crate's directory).
pub fn shipped_app(lang: Lang, color: bool, ascii: bool) -> App {
    let dir = DataDir::Path("config".into());
    let outcome = data::load(&dir);
    assert!(outcome.dataset.is_some(), "shipped data must load");
    let mut app = App::new(dir, i18n::strings(lang), Theme::new(color, ascii));
    let at = chrono::Local
        .with_ymd_and_hms(2023, 7, 1, 9, 30, 0)
        .single()
        .expect("a fixed local time exists");
    app.apply_load(outcome, at);
    app
}
