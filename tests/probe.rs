//! The start-up probes against a pseudo-terminal whose other end answers as a terminal
//! would: one that draws ambiguous-width glyphs two columns wide (Xshell, SecureCRT or PuTTY
//! with a CJK font), a normal one, one that never answers, and one with a light background.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const TIMEOUT: Duration = Duration::from_secs(15);

/// How the fake terminal answers the probe's questions.
#[derive(Clone, Copy)]
struct Answers {
    /// The column a cursor report gives after the probe glyph, or no report at all.
    column: Option<u16>,
    /// The background colour reported to OSC 11, or no answer.
    background: Option<&'static str>,
}

struct Run {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Run {
    fn start(answers: Answers, args: &[&str]) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_village-dash"));
        cmd.arg("--config");
        cmd.arg(concat!(env!("CARGO_MANIFEST_DIR"), "/config"));
        for a in args {
            cmd.arg(a);
        }
        let home = std::env::temp_dir().join("village-dash-probe-test-no-settings");
        cmd.env("XDG_CONFIG_HOME", &home);
        cmd.env("TERM", "xterm-256color");
        for k in [
            "VILLAGE_DASH_LANG",
            "VILLAGE_DASH_CONFIG",
            "VILLAGE_DASH_ASCII",
            "VILLAGE_DASH_THEME",
            "NO_COLOR",
        ] {
            cmd.env_remove(k);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn village-dash");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let (sink, answer) = (Arc::clone(&screen), Arc::clone(&writer));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut seen = Vec::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.extend_from_slice(&buf[..n]);
                // Answer each question once, in the order a terminal would.
                let mut reply = Vec::new();
                while let Some(at) = find_query(&seen) {
                    let (len, q) = at;
                    match q {
                        Query::Cursor => {
                            if let Some(col) = answers.column {
                                reply.extend(format!("\x1b[1;{col}R").bytes());
                            }
                        }
                        Query::Background => {
                            if let Some(bg) = answers.background {
                                reply.extend(format!("\x1b]11;{bg}\x07").bytes());
                            }
                        }
                        Query::Status => {
                            if answers.column.is_some() || answers.background.is_some() {
                                reply.extend(b"\x1b[0n");
                            }
                        }
                    }
                    seen.drain(..len);
                }
                if !reply.is_empty()
                    && let Ok(mut w) = answer.lock()
                {
                    let _ = w.write_all(&reply);
                    let _ = w.flush();
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
            }
        });
        Run {
            screen,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if text.contains(what) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what:?}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The foreground colour of the first cell of `what` on the screen.
    fn color_of(&self, what: &str) -> Option<vt100::Color> {
        let parser = self.screen.lock().ok()?;
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        for row in 0..rows {
            let line = screen.contents_between(row, 0, row, cols);
            if let Some(byte) = line.find(what) {
                let col = crate_width(&line[..byte]);
                return screen.cell(row, col).map(|c| c.fgcolor());
            }
        }
        None
    }

    fn quit(mut self) {
        if let Ok(mut w) = self.writer.lock() {
            let _ = w.write_all(b"q");
            let _ = w.flush();
        }
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        panic!("village-dash did not quit on q");
    }
}

fn crate_width(s: &str) -> u16 {
    u16::try_from(village_dash::text::width(s)).unwrap_or(0)
}

enum Query {
    Cursor,
    Background,
    Status,
}

/// The first question in `seen`, and how many bytes up to its end.
fn find_query(seen: &[u8]) -> Option<(usize, Query)> {
    let queries: [(&[u8], Query); 3] = [
        (b"\x1b[6n", Query::Cursor),
        (b"\x1b]11;?\x1b\\", Query::Background),
        (b"\x1b[5n", Query::Status),
    ];
    queries
        .into_iter()
        .filter_map(|(pattern, q)| {
            seen.windows(pattern.len())
                .position(|w| w == pattern)
                .map(|at| (at + pattern.len(), q))
        })
        .min_by_key(|(end, _)| *end)
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
    let run = Run::start(WIDE, &[]);
    let text = run.wait_for("韭菜庄乡");
    let text = if text.contains("ASCII") {
        text
    } else {
        run.wait_for("ASCII")
    };
    assert!(text.contains("终端把█画成双宽,已改用ASCII"), "{text}");
    // ASCII drawing: no box or block glyphs on the screen (the notice quotes one).
    let body: String = text.lines().take(22).collect();
    assert!(!body.contains('█') && !body.contains('─'), "{text}");
    assert!(body.contains('#') || body.contains('+'), "{text}");
    run.quit();
}

#[test]
fn a_normal_terminal_keeps_unicode_drawing() {
    let run = Run::start(NARROW, &[]);
    let text = run.wait_for("韭菜庄乡");
    assert!(text.contains('█'), "{text}");
    assert!(!text.contains("ASCII"), "{text}");
    run.quit();
}

#[test]
fn a_terminal_that_never_answers_keeps_the_configured_choice() {
    let run = Run::start(SILENT, &[]);
    let text = run.wait_for("韭菜庄乡");
    assert!(text.contains('█'), "{text}");
    assert!(!text.contains("ASCII"));
    run.quit();

    let run = Run::start(SILENT, &["--ascii"]);
    let text = run.wait_for("韭菜庄乡");
    assert!(!text.contains('█'), "{text}");
    run.quit();
}

#[test]
fn a_light_background_answer_selects_the_light_theme() {
    let light = Answers {
        column: Some(2),
        background: Some("rgb:ffff/ffff/ffff"),
    };
    let run = Run::start(light, &[]);
    run.wait_for("韭菜庄乡");
    // Titles are blue on light backgrounds (ANSI 4), magenta when the background is unknown.
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(4)));
    run.quit();

    let dark = Answers {
        column: Some(2),
        background: Some("rgb:0000/0000/0000"),
    };
    let run = Run::start(dark, &[]);
    run.wait_for("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(6)));
    run.quit();

    let run = Run::start(SILENT, &[]);
    run.wait_for("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(5)));
    run.quit();

    // --theme dark is not overridden by the answer.
    let run = Run::start(light, &["--theme", "dark"]);
    run.wait_for("韭菜庄乡");
    assert_eq!(run.color_of("韭菜庄乡"), Some(vt100::Color::Idx(6)));
    run.quit();
}
