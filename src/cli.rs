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
    /// Ask the terminal for its background; colours safe on both when it does not answer
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
