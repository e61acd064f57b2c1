//! The dashboard on the shipped data, as the screen tests draw it.

use chrono::TimeZone;
use village_dash::app::App;
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir};
use village_dash::i18n;
use village_dash::ui::theme::Theme;

/// When the screen tests' data was "loaded": 2023-07-01 09:30, so the status line is the
/// same on every run.
pub fn loaded_at() -> chrono::DateTime<chrono::Local> {
    chrono::Local
        .with_ymd_and_hms(2023, 7, 1, 9, 30, 0)
        .single()
        .expect("a fixed local time exists")
}

/// The App on the data of `dir`, which must load, loaded at [`loaded_at`].
pub fn app_on(dir: DataDir, lang: Lang, theme: Theme) -> App {
    let outcome = data::load(&dir);
    assert!(
        outcome.dataset.is_some(),
        "{} must load",
        dir.display_path(village_dash::data::FileKind::Township)
    );
    let mut app = App::new(dir, i18n::strings(lang), theme);
    app.apply_load(outcome, loaded_at());
    app
}

/// The App on the shipped `config/`. The directory is relative, as an official types it
/// (integration tests run in the crate's directory).
pub fn shipped_app(lang: Lang, color: bool, ascii: bool) -> App {
    app_on(
        DataDir::Path("config".into()),
        lang,
        Theme::new(color, ascii),
    )
}
