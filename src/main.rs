use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The language is read before the command line is parsed, so `--help` and usage errors
    // are in it: `--lang`, else VILLAGE_DASH_LANG, else the settings file, else Chinese.
    let env = |name: &str| std::env::var(name).ok();
    let strings = village_dash::i18n::strings(village_dash::settings::early_lang(&args, &env));
    let matches = village_dash::cli::command(strings).try_get_matches_from(&args);
    // `village-dash help [COMMAND]`, as clap's own help subcommand does.
    if let Ok(m) = &matches
        && let Some(("help", sub)) = m.subcommand()
    {
        let mut cmd = village_dash::cli::command(strings);
        let name = sub.get_one::<String>("command");
        let target = match name {
            Some(n) => cmd.find_subcommand_mut(n),
            None => Some(&mut cmd),
        };
        return match target {
            Some(c) => {
                let _ = c.print_help();
                ExitCode::SUCCESS
            }
            None => {
                let e = clap::Error::raw(
                    clap::error::ErrorKind::InvalidSubcommand,
                    name.map_or("", String::as_str),
                );
                eprint!(
                    "{}",
                    village_dash::cli::render_help_target(&e, name, strings)
                );
                ExitCode::from(village_dash::EXIT_USAGE)
            }
        };
    }
    let parsed = matches.and_then(|m| village_dash::cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return ExitCode::from(village_dash::EXIT_USAGE);
            }
            eprint!("{}", village_dash::cli::render_error(&e, strings));
            return ExitCode::from(village_dash::EXIT_USAGE);
        }
    };
    match village_dash::run(cli) {
        Ok(code) => code,
        Err(e) => {
            village_dash::say(&format!(
                "village-dash: {}: {}\n",
                strings.error_word,
                village_dash::text::sanitize(
                    village_dash::i18n::messages::explain_error(&e).get(strings.lang)
                )
            ));
            ExitCode::from(village_dash::EXIT_INVALID)
        }
    }
}
