//! village-dash: a terminal dashboard, and plain-text reports, of the village figures of
//! Jiucaizhuang Township.

pub mod app;
pub mod backend;
pub mod cli;
pub mod data;
pub mod i18n;
pub mod probe;
pub mod report;
pub mod settings;
pub mod text;
pub mod tui;
pub mod ui;
pub mod watch;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use cli::{Cli, Command, SummaryFormat};
use data::{DataDir, Indicators, LoadOutcome};

/// Exit code for invalid data or a failed command.
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;

/// The data directory: `--config DIR` (or `VILLAGE_DASH_CONFIG`, which clap folds in), else
/// `./config`, else the built-in copy of the shipped data.
pub fn resolve_data_dir(config: Option<&Path>) -> DataDir {
    match config {
        Some(dir) => DataDir::Path(dir.to_path_buf()),
        None if Path::new("config").is_dir() => DataDir::Path("config".into()),
        None => DataDir::BuiltIn,
    }
}

/// Runs one command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let flags = settings::Flags {
        lang: cli.lang,
        theme: cli.theme,
        ascii: cli.ascii,
        color: cli.color,
    };
    let env = |name: &str| std::env::var(name).ok();
    // Until the settings are known, talk in the language the command line or environment
    // asked for, else Chinese.
    let early = i18n::strings(settings::early_lang(
        &std::env::args_os().collect::<Vec<_>>(),
        &env,
    ));
    let settings = match settings::resolve(flags, &env, settings::settings_path(), early) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("village-dash: {}: {}", early.error_word, e.0);
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let dir = resolve_data_dir(cli.config.as_deref());
    let strings = i18n::strings(settings.lang.value);
    let ascii = settings.ascii.value;
    if matches!(dir, DataDir::BuiltIn) {
        say(&format!("village-dash: {}\n", strings.built_in_notice));
    }
    if let DataDir::Path(path) = &dir
        && data::county::is_county(path)
        && !matches!(cli.command, Some(Command::Settings))
    {
        return run_county(
            &cli,
            path,
            strings,
            ascii,
            settings.use_color(),
            settings.theme.value,
        );
    }
    match &cli.command {
        Some(Command::Settings) => {
            print_out(&settings.render(strings))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            let outcome = data::load(&dir).localize(strings.lang);
            let (text, ok) = report::check::render(&dir, &outcome, strings.lang);
            print_out(&text)?;
            leave_to_exit(outcome);
            Ok(exit(ok))
        }
        Some(Command::Summary { format }) => {
            let Some((data, ind)) = load_or_report(&dir, strings.lang) else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let text = match format {
                SummaryFormat::Text => report::summary::render_text(&data, &ind, strings),
                SummaryFormat::Json => report::summary::render_json(&data, &ind),
            };
            print_out(&text)?;
            leave_to_exit((data, ind));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            format,
            out,
            no_bom,
        }) => {
            if let Some(code) = refuse_xlsx_to_terminal(*format, out.as_deref(), strings) {
                return Ok(code);
            }
            let Some((data, ind)) = load_or_report(&dir, strings.lang) else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let bytes = report::export::export(*format, &data, &ind, strings, !no_bom)?;
            write_export(&dir, out.as_deref(), &bytes)?;
            leave_to_exit((data, ind));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Snapshot { tab, width, height }) => {
            let outcome = data::load(&dir).localize(strings.lang);
            if outcome.dataset.is_none() {
                let (text, _) = report::check::render(&dir, &outcome, strings.lang);
                let _ = std::io::stderr().write_all(text.as_bytes());
                return Ok(ExitCode::from(EXIT_INVALID));
            }
            // A snapshot is plain text: no colour, whatever the terminal.
            let theme = ui::theme::Theme::new(false, ascii);
            let mut app = app::App::new(dir, strings, theme);
            app.apply_load(outcome, chrono::Local::now());
            app.tab = (*tab).into();
            print_out(&ui::snapshot(&app, *width, *height))?;
            leave_to_exit(app);
            Ok(ExitCode::SUCCESS)
        }
        None => start_dashboard(
            dir,
            strings,
            ascii,
            settings.use_color(),
            settings.theme.value,
        ),
    }
}

/// The commands on a county directory (`county.toml` and one folder per township).
fn run_county(
    cli: &Cli,
    path: &Path,
    strings: &'static i18n::Strings,
    ascii: bool,
    color: bool,
    theme_choice: cli::ThemeChoice,
) -> anyhow::Result<ExitCode> {
    let lang = strings.lang;
    let shown = path.display().to_string();
    let load = || data::county::load_county(path).localize(lang);
    // Prints the county's problems to stderr, as `check` would; `None` when invalid.
    let load_valid = || {
        let outcome = load();
        if outcome.is_valid() {
            report::county::parts(outcome)
        } else {
            let (text, _) = report::county::render_check(&shown, &outcome, lang);
            say(&text);
            None
        }
    };
    match &cli.command {
        // Answered before a county is looked at (`run` does not come here for it).
        Some(Command::Settings) => Ok(ExitCode::SUCCESS),
        Some(Command::Check) => {
            let outcome = load();
            let (text, ok) = report::county::render_check(&shown, &outcome, lang);
            print_out(&text)?;
            leave_to_exit(outcome);
            Ok(exit(ok))
        }
        Some(Command::Summary { format }) => {
            let Some((county, parts)) = load_valid() else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let text = match format {
                SummaryFormat::Text => report::county::render_text(&county, &parts, strings),
                SummaryFormat::Json => report::county::render_json(&county, &parts),
            };
            print_out(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            format,
            out,
            no_bom,
        }) => {
            if let Some(code) = refuse_xlsx_to_terminal(*format, out.as_deref(), strings) {
                return Ok(code);
            }
            let Some((county, parts)) = load_valid() else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let bytes = report::county::export(*format, &county, &parts, strings, !no_bom)?;
            write_export(&DataDir::Path(path.to_path_buf()), out.as_deref(), &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Snapshot { tab, width, height }) => {
            let outcome = load();
            if !outcome.is_valid() {
                let (text, _) = report::county::render_check(&shown, &outcome, lang);
                say(&text);
                return Ok(ExitCode::from(EXIT_INVALID));
            }
            let theme = ui::theme::Theme::new(false, ascii);
            let mut app = app::App::new(DataDir::Path(path.to_path_buf()), strings, theme);
            app.apply_county_load(outcome, chrono::Local::now());
            // `--tab` other than the overview opens the first township on that tab.
            if *tab != cli::TabName::Overview {
                app.open_township(0, (*tab).into());
            }
            print_out(&ui::snapshot(&app, *width, *height))?;
            Ok(ExitCode::SUCCESS)
        }
        None => start_dashboard(
            DataDir::Path(path.to_path_buf()),
            strings,
            ascii,
            color,
            theme_choice,
        ),
    }
}

/// The dashboard on a township or a county directory: the theme as chosen, then what the
/// start-up probes find on the real terminal (before the alternate screen).
fn start_dashboard(
    dir: DataDir,
    strings: &'static i18n::Strings,
    ascii: bool,
    color: bool,
    theme_choice: cli::ThemeChoice,
) -> anyhow::Result<ExitCode> {
    let background = match theme_choice {
        cli::ThemeChoice::Dark => ui::theme::Background::Dark,
        cli::ThemeChoice::Light => ui::theme::Background::Light,
        cli::ThemeChoice::Auto => ui::theme::Background::Unknown,
    };
    let mut theme = ui::theme::Theme::new(color, ascii)
        .with_background(background)
        .on_terminal();
    let mut notice = None;
    if tui::is_terminal() && !tui::term_is_dumb() {
        // The probe puts the terminal in raw mode: a signal meanwhile must restore it.
        tui::spawn_signal_thread()?;
        let found = probe::run(probe::Ask {
            background: theme_choice == cli::ThemeChoice::Auto,
            ambiguous_width: !ascii,
        });
        if let Some(bg) = found.background {
            theme = theme.with_background(bg);
        }
        if found.ambiguous_wide == Some(true) {
            theme.ascii = true;
            notice = Some(strings.ascii_switched.to_string());
        }
    }
    tui::run(dir, strings, theme, notice)
}

/// An xlsx workbook is bytes no terminal shows: it needs `--out`. Said, with the exit code.
fn refuse_xlsx_to_terminal(
    format: cli::ExportFormat,
    out: Option<&Path>,
    strings: &i18n::Strings,
) -> Option<ExitCode> {
    if format != cli::ExportFormat::Xlsx || out.is_some() {
        return None;
    }
    say(&format!(
        "village-dash: {}: {}\n",
        strings.error_word,
        i18n::messages::xlsx_needs_out().get(strings.lang)
    ));
    Some(ExitCode::from(EXIT_USAGE))
}

/// Writes an export to `--out` (refusing a data file) or to stdout.
fn write_export(dir: &DataDir, out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            if let Some(why) = refuse_out(dir, path) {
                return Err(why.into());
            }
            std::fs::write(path, bytes)
                .map_err(|e| i18n::messages::cannot_write(&path.display().to_string(), &e))?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
    }
    Ok(())
}

/// The data directories behind `dir`: itself, or in a county each township's folder.
fn data_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    if data::county::is_county(dir) {
        data::county::township_folders(dir)
            .map(|f| f.into_iter().map(|(_, p)| p).collect())
            .unwrap_or_default()
    } else {
        vec![dir.to_path_buf()]
    }
}

/// Whether writing `path` would overwrite one of the data files, which village-dash never
/// writes: the same path however spelt, a symbolic link to one, or another name (hard link)
/// of one.
fn is_data_file(dir: &DataDir, path: &Path) -> bool {
    let DataDir::Path(dir) = dir else {
        return false;
    };
    let target = resolve(path);
    let county_file = dir.join(data::county::COUNTY_FILE);
    let is = |data_file: &Path| {
        (target.is_some() && target == resolve(data_file)) || same_file(path, data_file)
    };
    is(&county_file)
        || data_dirs(dir).iter().any(|d| {
            data::FileKind::ALL
                .iter()
                .any(|k| is(&d.join(k.file_name())))
        })
}

/// The absolute path that opening `path` for writing would reach, following links; for a
/// file that does not exist yet, its directory's real path joined with its name.
fn resolve(path: &Path) -> Option<std::path::PathBuf> {
    if let Ok(real) = path.canonicalize() {
        return Some(real);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    parent.canonicalize().ok().map(|p| p.join(name))
}

/// Whether two existing paths are the same file (hard links included).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Leaves the data of a one-shot command (`check`, `summary`, `export`, `snapshot`) to the
/// operating system, which takes back the whole process at exit at once: freeing hundreds
/// of thousands of records one allocation at a time costs a quarter of a second at 500,000
/// villages and serves nobody. Never for the dashboard, which reloads and must free.
fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

/// Loads the data; on errors prints them to stderr (as `check` would) and returns `None`.
pub fn load_or_report(dir: &DataDir, lang: cli::Lang) -> Option<(data::Dataset, Indicators)> {
    let outcome: LoadOutcome = data::load(dir).localize(lang);
    match outcome.dataset {
        Some(data) => {
            let ind = Indicators::compute(&data);
            Some((data, ind))
        }
        None => {
            let (text, _) = report::check::render(dir, &outcome, lang);
            let _ = std::io::stderr().write_all(text.as_bytes());
            None
        }
    }
}

/// Writes to stderr, ignoring a closed or broken stderr: a message nobody can read is no
/// reason to panic (`eprintln!` would, with exit code 101).
pub fn say(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Whether `export --out` must refuse `path`, and why: a data file (however spelt, linked
/// or hard-linked), any `.toml` file in a directory that holds village-dash data (also when
/// the built-in data is in use, so a typo cannot overwrite a real data directory), or a FIFO
/// (writing would block until someone reads it).
fn refuse_out(dir: &DataDir, path: &Path) -> Option<i18n::messages::Msg> {
    use i18n::messages::{Refusal, refusing_to_write};
    use std::os::unix::fs::FileTypeExt;
    let shown = path.display().to_string();
    if is_data_file(dir, path) {
        return Some(refusing_to_write(&shown, Refusal::DataFile));
    }
    let is_toml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml && let Some(target) = resolve(path) {
        let parent = target.parent().unwrap_or(Path::new("/"));
        if data::FileKind::ALL
            .iter()
            .any(|k| parent.join(k.file_name()).exists())
            || parent.join(data::county::COUNTY_FILE).exists()
        {
            return Some(refusing_to_write(&shown, Refusal::TomlInDataDirectory));
        }
    }
    if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
        return Some(refusing_to_write(&shown, Refusal::Fifo));
    }
    None
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn print_out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
