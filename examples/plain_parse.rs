//! The reference figure for `check`: a plain `toml::from_str` of a villages.toml into a
//! `toml::Table`, nothing else. `scripts/perf.sh` runs it under `/usr/bin/time` beside
//! `check` on the same file, so both figures come from the same run on the same machine.
//!
//! ```text
//! cargo run --release --example plain_parse -- /tmp/vd-perf/100000/villages.toml
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: plain_parse FILE.toml");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(table) => println!("{} top-level keys", table.len()),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
