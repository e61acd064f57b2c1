use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = village_dash::cli::Cli::parse();
    match village_dash::run(cli) {
        Ok(code) => code,
        Err(e) => {
            village_dash::say(&format!(
                "village-dash: error: {}\n",
                village_dash::text::sanitize(&format!("{e:#}"))
            ));
            ExitCode::from(village_dash::EXIT_INVALID)
        }
    }
}
