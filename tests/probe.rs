//! The start-up probes against a pseudo-terminal whose other end answers as a terminal
//! would: one that draws ambiguous-width glyphs two columns wide (Xshell, SecureCRT or PuTTY
//! with a CJK font), a normal one, one that never answers, and one with a light background.

mod common;
use std::path::Path;

use common::pty::{Answers, Dashboard, Start};

/// The shipped data, no settings file, and a terminal that answers with `answers`.
fn start(answers: Answers, args: &[&str]) -> Dashboard {
    let home = std::env::temp_dir().join("village-dash-probe-test-no-settings");
    let home = home.to_str().expect("utf-8 temp dir");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let mut start = Start::config(&config, &[]).answering(answers);
    start.args.extend(args.iter().map(Into::into));
    Dashboard::start_with(Start {
        env: &[("XDG_CONFIG_HOME", home)],
        ..start
    })
}

/// Types `q` and waits for the program to end.
fn quit(mut dash: Dashboard) {
    dash.send("q");
    dash.wait_exit();
}

const WIDE: Answers = Answers {
    column: Some(3),
    background: None,
};
const NARROW: Answers = Answers {
    column: Some(2),
    background: None,
};
const SILENT: Answers = Answers {
    column: None,
    background: None,
};

#[test]
fn a_terminal_that_draws_ambiguous_glyphs_wide_gets_ascii_and_is_told() {
    let run = start(WIDE, &[]);
    let text = run.wait_text("韭菜庄乡");
    let text = if text.contains("ASCII") {
        text
    } else {
        run.wait_text("ASCII")
    };
    assert!(text.contains("终端把█画成双宽,已改用ASCII"), "{text}");
    // ASCII drawing: no box or block glyphs on the screen (the notice quotes one).
    let body: String = text.lines().take(22).collect();
    assert!(!body.contains('█') && !body.contains('─'), "{text}");
    assert!(body.contains('#') || body.contains('+'), "{text}");
    quit(run);
}

#[test]
fn a_normal_terminal_keeps_unicode_drawing() {
    let run = start(NARROW, &[]);
    let text = run.wait_text("韭菜庄乡");
    assert!(text.contains('█'), "{text}");
    assert!(!text.contains("ASCII"), "{text}");
    quit(run);
}

#[test]
fn a_terminal_that_never_answers_keeps_the_configured_choice() {
    let run = start(SILENT, &[]);
    let text = run.wait_text("韭菜庄乡");
    assert!(text.contains('█'), "{text}");
    assert!(!text.contains("ASCII"));
    quit(run);

    let run = start(SILENT, &["--ascii"]);
    let text = run.wait_text("韭菜庄乡");
    assert!(!text.contains('█'), "{text}");
    quit(run);
}

#[test]
fn a_light_background_answer_selects_the_light_theme() {
    let light = Answers {
        column: Some(2),
        background: Some("rgb:ffff/ffff/ffff"),
    };
    let run = start(light, &[]);
    run.wait_text("韭菜庄乡");
    // Titles are blue on light backgrounds (ANSI 4), magenta when the background is unknown.
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(4)));
    quit(run);

    let dark = Answers {
        column: Some(2),
        background: Some("rgb:0000/0000/0000"),
    };
    let run = start(dark, &[]);
    run.wait_text("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(6)));
    quit(run);

    let run = start(SILENT, &[]);
    run.wait_text("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(5)));
    quit(run);

    // --theme dark is not overridden by the answer.
    let run = start(light, &["--theme", "dark"]);
    run.wait_text("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(6)));
    quit(run);
}
