//! The command line (the contract: these forms are relied on by users' scripts).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "village-dash",
    version,
    about = "Terminal dashboard for the village figures of Jiucaizhuang Township (韭菜庄乡)",
    long_about = "Terminal dashboard for the village figures of Jiucaizhuang Township (韭菜庄乡).\n\n\
        With no command it starts the dashboard; check, summary, snapshot and export answer \
        without a terminal.\n\n\
        Data directory: --config DIR, else $VILLAGE_DASH_CONFIG, else ./config, else the \
        copy of the shipped data built into the program."
)]
pub struct Cli {
    /// Directory holding township.toml, villages.toml, consortium.toml, projects.toml and training.toml
    #[arg(long, global = true, value_name = "DIR", env = "VILLAGE_DASH_CONFIG")]
    pub config: Option<PathBuf>,

    /// Language of every word shown; Chinese (zh) is the default (also VILLAGE_DASH_LANG or
    /// the settings file)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    /// When to use colour (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum)]
    pub color: Option<ColorChoice>,

    /// Draw with plain ASCII only: no box-drawing, block or braille glyphs (also
    /// VILLAGE_DASH_ASCII=1 or the settings file)
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Colours for a dark or light background; auto asks the terminal (also
    /// VILLAGE_DASH_THEME or the settings file)
    #[arg(long, global = true, value_enum)]
    pub theme: Option<ThemeChoice>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the data files; exit 0 when valid (warnings allowed), 1 when not
    Check,
    /// Print the headline indicators for the latest year that has income figures
    Summary {
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        format: SummaryFormat,
    },
    /// Print one frame of the dashboard as plain text
    Snapshot {
        #[arg(long, value_enum, default_value_t = TabName::Overview)]
        tab: TabName,
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: u16,
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..=1000))]
        height: u16,
    },
    /// Write a report of the figures for the county
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to FILE instead of standard output (required for xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// CSV only: leave out the UTF-8 byte order mark that Excel and WPS need to read Chinese
        #[arg(long)]
        no_bom: bool,
    },
    /// Print the effective settings and where each one came from
    Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ThemeChoice {
    // auto: ask the terminal for its background; colours safe on both when it does not answer
    #[default]
    Auto,
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TabName {
    Overview,
    Villages,
    Oat,
    Projects,
    Training,
    Party,
}

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory};

use crate::i18n::Strings;

/// The clap command in the user's language: built after the language is known (from
/// `--lang`, VILLAGE_DASH_LANG or the settings file), so `--help` is Chinese by default.
/// Every flag and subcommand is the same in both languages; only the words differ.
pub fn command(strings: &Strings) -> clap::Command {
    let h = &strings.cli;
    let localise = |cmd: clap::Command, about: &'static str, usage: &'static str| {
        cmd.about(about)
            .override_usage(usage)
            .long_about(None::<&str>)
            .help_template(h.template)
            .subcommand_help_heading(h.commands_heading)
            .subcommand_value_name(h.command_value)
            .next_help_heading(h.options_heading)
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(h.help_flag),
            )
    };
    let mut cmd = localise(Cli::command(), h.about, h.usage)
        .long_about(h.long_about)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(h.version_flag),
        )
        .mut_arg("config", |a| a.help(h.config))
        .mut_arg("lang", |a| a.help(h.lang))
        .mut_arg("color", |a| a.help(h.color))
        .mut_arg("ascii", |a| a.help(h.ascii))
        .mut_arg("theme", |a| a.help(h.theme));
    for (name, about, usage) in h.subcommands {
        cmd = cmd.mut_subcommand(*name, |sub| {
            localise(sub, about, usage).mut_args(|a| a.help_heading(h.options_heading))
        });
    }
    cmd = cmd.mut_args(|a| a.help_heading(h.options_heading));
    // clap writes `[possible values: ...]`, `[default: ...]` and `[env: ...]` in English:
    // hidden here, and said in each option's own words instead.
    let plain = |a: Arg| {
        if a.get_action().takes_values() {
            a.hide_possible_values(true)
                .hide_default_value(true)
                .hide_env(true)
        } else {
            a
        }
    };
    cmd = cmd.mut_args(plain);
    for name in ["summary", "snapshot", "export"] {
        cmd = cmd.mut_subcommand(name, |s| s.mut_args(plain));
    }
    // clap's own `help` subcommand, made here so its line is in this language too.
    cmd = cmd.disable_help_subcommand(true).subcommand(
        clap::Command::new("help").about(h.help_command).arg(
            Arg::new("command")
                .num_args(0..=1)
                .value_name(h.command_value),
        ),
    );
    cmd = cmd
        .mut_subcommand("summary", |s| {
            s.mut_arg("format", |a| a.help(h.summary_format))
        })
        .mut_subcommand("snapshot", |s| {
            s.mut_arg("tab", |a| a.help(h.snapshot_tab))
                .mut_arg("width", |a| a.help(h.snapshot_width))
                .mut_arg("height", |a| a.help(h.snapshot_height))
        })
        .mut_subcommand("export", |s| {
            s.mut_arg("format", |a| a.help(h.export_format))
                .mut_arg("out", |a| a.help(h.export_out))
                .mut_arg("no_bom", |a| a.help(h.export_no_bom))
        });
    cmd
}

/// A usage error in the user's language: what was wrong, a suggestion when clap has one,
/// the usage line and where to read more. `--help` and `--version` are printed as they are.
pub fn render_error(error: &clap::Error, strings: &Strings) -> String {
    let h = &strings.cli;
    let get = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(other) => Some(other.to_string()),
        None => None,
    };
    let invalid_arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let problem = match error.kind() {
        ErrorKind::TooManyValues | ErrorKind::UnknownArgument if invalid_arg.is_empty() => {
            h.bad_usage.to_string()
        }
        ErrorKind::UnknownArgument => h.unknown_argument.replace("{}", &invalid_arg),
        ErrorKind::InvalidSubcommand => h.unknown_command.replace(
            "{}",
            &get(ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::InvalidValue
            if get(ContextKind::InvalidValue)
                .unwrap_or_default()
                .is_empty() =>
        {
            h.missing_value.replace("{}", &invalid_arg)
        }
        ErrorKind::InvalidValue => h.invalid_value.replace("{arg}", &invalid_arg).replace(
            "{value}",
            &get(ContextKind::InvalidValue).unwrap_or_default(),
        ),
        // The only validated values are --width and --height (1..=1000).
        ErrorKind::ValueValidation => h.out_of_range.replace("{arg}", &invalid_arg).replace(
            "{value}",
            &get(ContextKind::InvalidValue).unwrap_or_default(),
        ),
        ErrorKind::MissingRequiredArgument => h.missing_argument.replace("{}", &invalid_arg),
        ErrorKind::ArgumentConflict => h.conflict.replace("{}", &invalid_arg),
        ErrorKind::TooManyValues => h.takes_no_value.replace("{}", &invalid_arg),
        ErrorKind::InvalidUtf8 => h.not_utf8.to_string(),
        // Kinds this command line cannot raise today: the words of this language, and in
        // English clap's own, which name the argument.
        _ if strings.english() => error
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string(),
        _ if invalid_arg.is_empty() => h.bad_usage.to_string(),
        _ => format!("{}:{invalid_arg}", h.bad_usage),
    };
    let mut out = format!("village-dash: {}: {problem}\n", strings.error_word);
    if let Some(valid) = get(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!("  {}\n", h.valid_values.replace("{}", &valid)));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        if let Some(s) = get(kind) {
            out.push_str(&format!("  {}\n", h.did_you_mean.replace("{}", &s)));
        }
    }
    out.push_str(h.more_help);
    out.push('\n');
    crate::text::sanitize_lines(&out)
}

/// `village-dash help NAME` for a command that does not exist.
pub fn render_help_target(
    _error: &clap::Error,
    name: Option<&String>,
    strings: &Strings,
) -> String {
    let h = &strings.cli;
    let name = name.map_or("", String::as_str);
    crate::text::sanitize_lines(&format!(
        "village-dash: {}: {}\n{}\n",
        strings.error_word,
        h.unknown_command.replace("{}", name),
        h.more_help
    ))
}
