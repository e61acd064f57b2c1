//! The settings that stay: `lang`, `theme`, `ascii` and `color`, read from
//! `$XDG_CONFIG_HOME/village-dash/settings.toml` (default `~/.config/village-dash/`).
//!
//! Precedence: command-line flag > environment variable > settings file > default.
//! Unknown keys and wrong values are errors at `settings.toml:LINE:COL`, like the data files.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Deserialize;
use toml::Spanned;

use crate::cli::{ColorChoice, Lang, ThemeChoice};
use crate::i18n::Strings;

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag(&'static str),
    Env(&'static str),
    File(PathBuf),
    Default,
}

/// One effective setting and its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// The effective settings of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub lang: Setting<Lang>,
    pub theme: Setting<ThemeChoice>,
    pub ascii: Setting<bool>,
    pub color: Setting<ColorChoice>,
    /// The settings file looked at, whether or not it exists.
    pub file: Option<PathBuf>,
}

/// What the settings file holds; every key is optional.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSettings {
    pub lang: Option<Lang>,
    pub theme: Option<ThemeChoice>,
    pub ascii: Option<bool>,
    pub color: Option<ColorChoice>,
}

/// What the command line said, before the environment and the file are consulted.
#[derive(Debug, Default, Clone, Copy)]
pub struct Flags {
    pub lang: Option<Lang>,
    pub theme: Option<ThemeChoice>,
    pub ascii: bool,
    pub color: Option<ColorChoice>,
}

/// A bad settings file or environment value, already in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

/// The settings file: `$XDG_CONFIG_HOME/village-dash/settings.toml`, found by `dirs`
/// (`~/.config` when XDG_CONFIG_HOME is unset or not absolute).
pub fn settings_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("village-dash").join("settings.toml"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lang: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    ascii: Option<Spanned<bool>>,
    color: Option<Spanned<String>>,
}

const KEYS: &str = "lang, theme, ascii, color";

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn at(path: &str, text: &str, span: std::ops::Range<usize>, message: String) -> SettingsError {
    let (line, column) = line_col(text, span.start);
    SettingsError(crate::text::sanitize(&format!(
        "{path}:{line}:{column}: {message}"
    )))
}

fn choice<T: ValueEnum>(
    path: &str,
    text: &str,
    key: &str,
    value: &Spanned<String>,
    strings: &Strings,
) -> Result<T, SettingsError> {
    T::from_str(value.get_ref(), false).map_err(|_| {
        let expected: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        at(
            path,
            text,
            value.span(),
            strings.settings_bad_value(key, value.get_ref(), &expected.join(", ")),
        )
    })
}

/// Parses the text of a settings file; `path` is how the file is named in messages.
pub fn parse(path: &str, text: &str, strings: &Strings) -> Result<FileSettings, SettingsError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message();
        let found = text.get(span.clone()).unwrap_or("").trim();
        let words = if message.starts_with("unknown field") {
            strings.settings_unknown_key(found, KEYS)
        } else if message.starts_with("invalid type") {
            strings.settings_bad_type(found)
        } else {
            strings.settings_syntax(message.lines().next().unwrap_or(message))
        };
        at(path, text, span, words)
    })?;
    Ok(FileSettings {
        lang: raw
            .lang
            .as_ref()
            .map(|v| choice(path, text, "lang", v, strings))
            .transpose()?,
        theme: raw
            .theme
            .as_ref()
            .map(|v| choice(path, text, "theme", v, strings))
            .transpose()?,
        ascii: raw.ascii.map(Spanned::into_inner),
        color: raw
            .color
            .as_ref()
            .map(|v| choice(path, text, "color", v, strings))
            .transpose()?,
    })
}

/// Reads the settings file; a missing file is no settings at all.
pub fn read_file(file: &Path, strings: &Strings) -> Result<FileSettings, SettingsError> {
    let shown = file.display().to_string();
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&shown, &text, strings),
            Err(_) => Err(SettingsError(crate::text::sanitize(&format!(
                "{shown}: {}",
                strings.settings_not_utf8
            )))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileSettings::default()),
        Err(e) => Err(SettingsError(crate::text::sanitize(&format!(
            "{shown}: {}",
            crate::i18n::messages::cannot_read(&e).get(strings.lang)
        )))),
    }
}

/// The language to talk in before anything else is known: `--lang` on the command line,
/// else `VILLAGE_DASH_LANG`, else the settings file, else Chinese. Never fails: a bad value
/// is reported later, by the full resolution, in the language found here.
pub fn early_lang(args: &[OsString], env: &dyn Fn(&str) -> Option<String>) -> Lang {
    let mut iter = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            iter.next()
        } else {
            arg.strip_prefix("--lang=")
        };
        if let Some(lang) = value.and_then(|v| Lang::from_str(v, false).ok()) {
            return lang;
        }
    }
    if let Some(lang) = env("VILLAGE_DASH_LANG").and_then(|v| Lang::from_str(&v, false).ok()) {
        return lang;
    }
    // Leniently: a file with another mistake still says which language to report it in.
    settings_path()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|t| {
            t.get("lang")?
                .as_str()
                .and_then(|v| Lang::from_str(v, false).ok())
        })
        .unwrap_or_default()
}

fn env_choice<T: ValueEnum>(
    name: &'static str,
    env: &dyn Fn(&str) -> Option<String>,
    strings: &Strings,
) -> Result<Option<T>, SettingsError> {
    match env(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => T::from_str(&v, false).map(Some).map_err(|_| {
            let expected: Vec<String> = T::value_variants()
                .iter()
                .filter_map(|x| x.to_possible_value().map(|p| p.get_name().to_string()))
                .collect();
            SettingsError(crate::text::sanitize(&format!(
                "{name}: {}",
                strings.settings_bad_value(name, &v, &expected.join(", "))
            )))
        }),
    }
}

fn pick<T>(
    flag: Option<(T, &'static str)>,
    env: Option<(T, &'static str)>,
    file: Option<T>,
    path: Option<&PathBuf>,
    default: T,
) -> Setting<T> {
    if let Some((value, name)) = flag {
        return Setting {
            value,
            origin: Origin::Flag(name),
        };
    }
    if let Some((value, name)) = env {
        return Setting {
            value,
            origin: Origin::Env(name),
        };
    }
    match (file, path) {
        (Some(value), Some(p)) => Setting {
            value,
            origin: Origin::File(p.clone()),
        },
        _ => Setting {
            value: default,
            origin: Origin::Default,
        },
    }
}

/// Resolves every setting: flag > environment > settings file > default.
/// `env` reads one environment variable (a parameter so tests need not change the process's).
pub fn resolve(
    flags: Flags,
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<PathBuf>,
    strings: &Strings,
) -> Result<Settings, SettingsError> {
    let from_file = match &file {
        Some(path) => read_file(path, strings)?,
        None => FileSettings::default(),
    };
    let lang_env = env_choice::<Lang>("VILLAGE_DASH_LANG", env, strings)?;
    let theme_env = env_choice::<ThemeChoice>("VILLAGE_DASH_THEME", env, strings)?;
    let ascii_env = match env("VILLAGE_DASH_ASCII").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Some(true),
            "0" | "false" | "no" | "off" => Some(false),
            _ => {
                return Err(SettingsError(crate::text::sanitize(&format!(
                    "VILLAGE_DASH_ASCII: {}",
                    strings.settings_bad_value("VILLAGE_DASH_ASCII", &v, "1, 0, true, false")
                ))));
            }
        },
    };
    // NO_COLOR (any non-empty value) means no colour, as https://no-color.org asks.
    let color_env = env("NO_COLOR")
        .filter(|v| !v.is_empty())
        .map(|_| (ColorChoice::Never, "NO_COLOR"));
    let path = file.as_ref();
    Ok(Settings {
        lang: pick(
            flags.lang.map(|v| (v, "--lang")),
            lang_env.map(|v| (v, "VILLAGE_DASH_LANG")),
            from_file.lang,
            path,
            Lang::Zh,
        ),
        theme: pick(
            flags.theme.map(|v| (v, "--theme")),
            theme_env.map(|v| (v, "VILLAGE_DASH_THEME")),
            from_file.theme,
            path,
            ThemeChoice::Auto,
        ),
        ascii: pick(
            flags.ascii.then_some((true, "--ascii")),
            ascii_env.map(|v| (v, "VILLAGE_DASH_ASCII")),
            from_file.ascii,
            path,
            false,
        ),
        color: pick(
            flags.color.map(|v| (v, "--color")),
            color_env,
            from_file.color,
            path,
            ColorChoice::Auto,
        ),
        file,
    })
}

impl Settings {
    /// Whether to draw in colour: `auto` means yes (NO_COLOR was folded in already).
    pub fn use_color(&self) -> bool {
        self.color.value != ColorChoice::Never
    }

    /// `village-dash settings`: each effective setting and where it came from.
    pub fn render(&self, strings: &Strings) -> String {
        let quoted = |v: &dyn ValueEnumName| format!("\"{}\"", v.name());
        let rows = [
            ("lang", quoted(&self.lang.value), &self.lang.origin),
            ("theme", quoted(&self.theme.value), &self.theme.origin),
            ("ascii", self.ascii.value.to_string(), &self.ascii.origin),
            ("color", quoted(&self.color.value), &self.color.origin),
        ];
        let mut out = String::new();
        let file = self.file.as_ref().map_or_else(
            || strings.settings_no_dir.to_string(),
            |p| {
                let state = if p.is_file() {
                    strings.settings_file_found
                } else {
                    strings.settings_file_missing
                };
                format!(
                    "{} ({state})",
                    crate::text::sanitize(&p.display().to_string())
                )
            },
        );
        out.push_str(&format!("{}: {file}\n", strings.settings_file_label));
        for (key, value, origin) in rows {
            let origin = match origin {
                Origin::Flag(f) => format!("{} {f}", strings.origin_flag),
                Origin::Env(v) => format!("{} {v}", strings.origin_env),
                Origin::File(_) => strings.origin_file.to_string(),
                Origin::Default => strings.origin_default.to_string(),
            };
            out.push_str(&format!(
                "{} = {}  # {origin}\n",
                crate::text::pad_right(key, 5),
                crate::text::pad_right(&value, 8)
            ));
        }
        out
    }
}

/// The name a choice is written with in the settings file.
trait ValueEnumName {
    fn name(&self) -> String;
}

impl<T: ValueEnum> ValueEnumName for T {
    fn name(&self) -> String {
        self.to_possible_value()
            .map(|p| p.get_name().to_string())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("a = 1\n语言 = 2", 12), (2, 3));
        assert_eq!(line_col("abc", 0), (1, 1));
    }
}
