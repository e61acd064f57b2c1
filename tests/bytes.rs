//! The bytes of a frame: what the dashboard sends is rebuilt by a terminal emulator (vt100)
//! into exactly the screen ratatui drew, with no cursor move to the cell the cursor is
//! already in. The byte counts themselves are measured by scripts/perf.sh, not asserted here.

mod common;
use std::num::NonZeroU16;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Dashboard;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use village_dash::app::{Action, App, Tab};
use village_dash::backend::LeanBackend;
use village_dash::cli::Lang;

/// A vt100 screen fed token by token, counting cursor moves that land where the cursor was.
struct Screen {
    parser: vt100::Parser,
    moves: usize,
    needless: Vec<String>,
    partial: Vec<u8>,
}

impl Screen {
    fn new(width: u16, height: u16) -> Self {
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
        Screen {
            parser: vt100::Parser::new(nz(height), nz(width), 0),
            moves: 0,
            needless: Vec::new(),
            partial: Vec::new(),
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
        self.parser.screen_mut().set_size(nz(height), nz(width));
    }

    /// Feeds bytes; a sequence cut at the end waits for the next call.
    fn feed(&mut self, bytes: &[u8]) {
        self.partial.extend_from_slice(bytes);
        let data = std::mem::take(&mut self.partial);
        let mut i = 0;
        while i < data.len() {
            let Some(len) = token_len(&data[i..]) else {
                self.partial = data[i..].to_vec();
                return;
            };
            let token = &data[i..i + len];
            let before = self.parser.screen().cursor_position();
            self.parser.process(token);
            if is_move(token) {
                self.moves += 1;
                let after = self.parser.screen().cursor_position();
                if before == after {
                    self.needless.push(format!(
                        "{:?} at row {} col {}",
                        String::from_utf8_lossy(token),
                        before.0,
                        before.1
                    ));
                }
            }
            i += len;
        }
    }
}

/// Length of the token at the start of `b`: an escape sequence, CR LF, or one character.
/// `None` when the bytes end inside a token.
fn token_len(b: &[u8]) -> Option<usize> {
    match b[0] {
        0x1b => {
            let second = *b.get(1)?;
            if second == b'[' {
                let end = b[2..].iter().position(|c| (0x40..=0x7e).contains(c))?;
                Some(end + 3)
            } else if second == b']' {
                // OSC: up to BEL or ST (`ESC \`).
                let bel = b.iter().position(|&c| c == 0x07).map(|e| e + 1);
                let st = b.windows(2).position(|w| w == b"\x1b\\").map(|e| e + 2);
                match (bel, st) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            } else {
                Some(2)
            }
        }
        b'\r' if b.get(1) == Some(&b'\n') => Some(2),
        b'\r' if b.len() == 1 => None,
        c if c < 0x80 => Some(1),
        c => {
            let n = if c >= 0xf0 {
                4
            } else if c >= 0xe0 {
                3
            } else {
                2
            };
            (b.len() >= n).then_some(n)
        }
    }
}

fn is_move(token: &[u8]) -> bool {
    match token {
        b"\r" | b"\r\n" | b"\n" => true,
        [0x1b, b'[', .., last] => {
            matches!(last, b'H' | b'f' | b'A' | b'B' | b'C' | b'D' | b'G' | b'd')
        }
        _ => false,
    }
}

fn vt_color(c: Color) -> vt100::Color {
    let idx = |n: u8| vt100::Color::Idx(n);
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Black => idx(0),
        Color::Red => idx(1),
        Color::Green => idx(2),
        Color::Yellow => idx(3),
        Color::Blue => idx(4),
        Color::Magenta => idx(5),
        Color::Cyan => idx(6),
        Color::Gray => idx(7),
        Color::DarkGray => idx(8),
        Color::LightRed => idx(9),
        Color::LightGreen => idx(10),
        Color::LightYellow => idx(11),
        Color::LightBlue => idx(12),
        Color::LightMagenta => idx(13),
        Color::LightCyan => idx(14),
        Color::White => idx(15),
        Color::Indexed(n) => idx(n),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// Every cell of the rebuilt screen against the buffer ratatui drew: the character, and
/// the colours and attributes wherever they can be seen.
fn assert_same(screen: &vt100::Screen, buf: &Buffer, context: &str) {
    let area = buf.area;
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            let want = &buf[(x, y)];
            let got = screen
                .cell(y, x)
                .unwrap_or_else(|| panic!("{context}: no cell {x},{y}"));
            if skip > 0 {
                skip -= 1;
                assert!(
                    got.is_wide_continuation(),
                    "{context}: {x},{y} should be the right half of a wide character"
                );
                continue;
            }
            let symbol = want.symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            let got_text = if got.contents().is_empty() {
                " "
            } else {
                got.contents()
            };
            assert_eq!(got_text, symbol, "{context}: character at {x},{y}");
            assert_eq!(
                got.bgcolor(),
                vt_color(want.bg),
                "{context}: background at {x},{y}"
            );
            assert_eq!(
                got.inverse(),
                want.modifier.contains(Modifier::REVERSED),
                "{context}: reverse at {x},{y}"
            );
            if symbol != " " {
                assert_eq!(
                    got.fgcolor(),
                    vt_color(want.fg),
                    "{context}: colour at {x},{y} {symbol:?}"
                );
                assert_eq!(
                    got.bold(),
                    want.modifier.contains(Modifier::BOLD),
                    "{context}: bold at {x},{y}"
                );
                assert_eq!(
                    got.italic(),
                    want.modifier.contains(Modifier::ITALIC),
                    "{context}: italic at {x},{y}"
                );
            }
            assert_eq!(
                got.underline(),
                want.modifier.contains(Modifier::UNDERLINED),
                "{context}: underline at {x},{y}"
            );
        }
    }
}

/// The dashboard as it draws on a live terminal (`Theme::on_terminal`).
fn app(lang: Lang, color: bool, ascii: bool) -> App {
    let mut app = common::screens::shipped_app(lang, color, ascii);
    app.theme = app.theme.on_terminal();
    app
}

/// What an official does in a session: every tab, moves in the lists, a sort, a filter, a
/// village's page, help, and the window resized in the middle.
fn session() -> Vec<Option<Action>> {
    use Action::*;
    let mut steps = vec![None];
    for tab in Tab::ALL {
        steps.push(Some(GoTab(tab)));
        steps.push(Some(Down));
        steps.push(Some(Down));
        steps.push(Some(Up));
        steps.push(Some(PageDown));
    }
    steps.extend(
        [
            GoTab(Tab::Villages),
            SortNext,
            ReverseSort,
            StartFilter,
            FilterChar('天'),
            FilterChar('1'),
            FilterBackspace,
            FilterDone,
            Open,
            Back,
            ToggleHelp,
            ToggleHelp,
            NextTab,
            NextTab,
            PrevTab,
            Bottom,
            Top,
            GoTab(Tab::Overview),
        ]
        .map(Some),
    );
    steps
}

#[test]
fn every_frame_rebuilds_to_the_buffer_with_no_needless_cursor_move() {
    for lang in [Lang::Zh, Lang::En] {
        for (color, ascii) in [(true, false), (false, false), (true, true)] {
            for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                let mut app = app(lang, color, ascii);
                let backend = LeanBackend::with_size(Vec::new(), w, h);
                let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
                let mut screen = Screen::new(w, h);
                for (n, step) in session().into_iter().enumerate() {
                    if let Some(action) = step {
                        app.update(action);
                    }
                    // Halfway through, the window is made smaller and then larger again.
                    if n == 12 || n == 20 {
                        let (nw, nh) = if n == 12 { (w - 7, h - 3) } else { (w, h) };
                        terminal.backend_mut().set_fixed_size(nw, nh);
                        screen.resize(nw, nh);
                    }
                    let frame = terminal
                        .draw(|f| f.render_widget(&app, f.area()))
                        .expect("draw");
                    let buf = frame.buffer.clone();
                    let bytes = std::mem::take(terminal.backend_mut().writer_mut());
                    screen.feed(&bytes);
                    let context =
                        format!("{lang:?} colour={color} ascii={ascii} {w}x{h} step {n} {step:?}");
                    assert_same(screen.parser.screen(), &buf, &context);
                    if n == 0 {
                        // Where the cursor starts is not known to the program: its first
                        // move is needed whatever the emulator's cursor happens to be.
                        screen.needless.clear();
                    }
                    assert!(
                        screen.needless.is_empty(),
                        "{context}: {:?}",
                        screen.needless
                    );
                }
                assert!(
                    screen.moves > 0,
                    "the session moved the cursor at least once"
                );
            }
        }
    }
}

#[test]
fn a_frame_with_nothing_changed_sends_nothing() {
    let app = app(Lang::Zh, true, false);
    let mut terminal =
        ratatui::Terminal::new(LeanBackend::with_size(Vec::new(), 80, 24)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let first = std::mem::take(terminal.backend_mut().writer_mut());
    assert!(!first.is_empty());
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    assert!(
        terminal.backend().writer().is_empty(),
        "{:?}",
        String::from_utf8_lossy(terminal.backend().writer())
    );
}

/// A line without trailing blanks, with the time of the load (`加载于 18:28:03`) masked: the
/// snapshot is taken in another second than the dashboard's load.
fn mask_clock(line: &str) -> String {
    let mut chars: Vec<char> = line.trim_end().chars().collect();
    for i in 0..chars.len().saturating_sub(7) {
        let t = &chars[i..i + 8];
        let digit = |k: usize| t[k].is_ascii_digit();
        if digit(0)
            && digit(1)
            && t[2] == ':'
            && digit(3)
            && digit(4)
            && t[5] == ':'
            && digit(6)
            && digit(7)
        {
            for k in [0, 1, 3, 4, 6, 7] {
                chars[i + k] = '#';
            }
        }
    }
    chars.into_iter().collect()
}

/// The real program in a pseudo-terminal at 80x24 in Chinese: the raw bytes of a switch to
/// the oat tab hold no move to the cell the cursor is in, and rebuild to the same text as
/// `village-dash snapshot --tab oat`.
#[test]
fn tab_switch_in_chinese_over_a_pty() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let (w, h) = (80u16, 24u16);
    let mut dash = Dashboard::start(&dir, &[]);
    let mut screen = Screen::new(w, h);
    let mut fed = 0;
    // Feeds what has arrived until `ok` holds for the screen (15 s at most, for a slow
    // shared machine; the time is not what is tested).
    let wait_for = |dash: &Dashboard,
                    fed: &mut usize,
                    screen: &mut Screen,
                    what: &str,
                    ok: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        loop {
            let now = dash.bytes_from(*fed);
            *fed += now.len();
            screen.feed(&now);
            let text = screen.parser.screen().contents();
            if ok(&text) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(&dash, &mut fed, &mut screen, "the first frame", &|s| {
        s.contains("达10万元")
    });
    let moves_before = screen.moves;
    screen.needless.clear();
    dash.send("3");
    wait_for(&dash, &mut fed, &mut screen, "the oat tab", &|s| {
        s.contains("公布的累计数")
    });
    // The frame may arrive in pieces: wait until the screen is the whole of it.
    let snapshot = std::process::Command::new(env!("CARGO_BIN_EXE_village-dash"))
        .args(["--config"])
        .arg(&dir)
        .args([
            "--lang", "zh", "snapshot", "--tab", "oat", "--width", "80", "--height", "24",
        ])
        .env_remove("NO_COLOR")
        .output()
        .expect("run snapshot");
    assert!(snapshot.status.success());
    let want = String::from_utf8(snapshot.stdout).expect("utf-8 snapshot");
    let want_rows: Vec<String> = want.lines().map(mask_clock).collect();
    wait_for(&dash, &mut fed, &mut screen, "the whole oat frame", &|s| {
        s.lines().map(mask_clock).collect::<Vec<_>>() == want_rows
    });
    assert!(screen.moves > moves_before, "the switch moved the cursor");
    assert!(
        screen.needless.is_empty(),
        "moves to the cell the cursor is in: {:?}",
        screen.needless
    );
    let got: Vec<String> = screen
        .parser
        .screen()
        .contents()
        .lines()
        .map(mask_clock)
        .collect();
    assert_eq!(got, want_rows);
    dash.send("q");
    // Dropping the dashboard ends it if `q` has not yet.
}

/// The text of a frame as `snapshot` prints it: trailing blanks removed, UTF-8 bytes.
fn text_bytes(app: &App, w: u16, h: u16) -> usize {
    village_dash::ui::snapshot(app, w, h)
        .lines()
        .map(|l| l.trim_end().len() + 1)
        .sum()
}

/// A terminal drawing into bytes, as the program's backend writes them.
type ByteTerminal = ratatui::Terminal<LeanBackend<Vec<u8>>>;

fn byte_terminal(w: u16, h: u16) -> ByteTerminal {
    ratatui::Terminal::new(LeanBackend::with_size(Vec::new(), w, h)).expect("terminal")
}

/// Draws `app` and returns the bytes the frame sent (printed when `BYTES_DUMP` is set).
fn draw_bytes(terminal: &mut ByteTerminal, app: &App, what: &str) -> usize {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    let bytes = std::mem::take(terminal.backend_mut().writer_mut());
    if std::env::var_os("BYTES_DUMP").is_some() {
        eprintln!("{what}: {}", String::from_utf8_lossy(&bytes).escape_debug());
    }
    bytes.len()
}

/// From the first village of the villages tab, `j` down to the last and `k` back up: the
/// bytes of each step and which it was; min, median and max printed under `label`.
fn steps_through_villages(
    terminal: &mut ByteTerminal,
    app: &mut App,
    label: &str,
) -> Vec<(usize, String)> {
    app.update(Action::GoTab(Tab::Villages));
    draw_bytes(terminal, app, &format!("{label} villages"));
    let rows = app.data().expect("the data loads").villages.len();
    let mut steps = Vec::new();
    for (key, action) in std::iter::repeat_n(("j", Action::Down), rows - 1)
        .chain(std::iter::repeat_n(("k", Action::Up), rows - 1))
    {
        app.update(action);
        let what = format!("{label} {key} to row {}", app.villages.selected);
        let sent = draw_bytes(terminal, app, &what);
        if std::env::var_os("BYTES_ALL").is_some() {
            eprintln!("{what}: {sent}");
        }
        steps.push((sent, what));
    }
    let mut sizes: Vec<usize> = steps.iter().map(|s| s.0).collect();
    sizes.sort_unstable();
    if let (Some(min), Some(max)) = (sizes.first(), sizes.last()) {
        eprintln!(
            "{label}: j/k min {min} median {} max {max}",
            sizes[sizes.len() / 2]
        );
    }
    steps
}

/// The figures of issue #16, from the bytes the dashboard's backend writes (the same bytes
/// the program sends to its terminal): every `j` and `k` through all the villages of the
/// villages tab stays under 400 bytes, and the first frame and a switch to every tab are at
/// most 1.4 x their text + 300 bytes, at 80x24 and 120x40 in zh and en, with colour,
/// without (NO_COLOR) and in ASCII. `scripts/perf.sh bytes` measures the same over a pty.
#[test]
fn frames_stay_close_to_their_text_and_a_j_under_400_bytes() {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h, color, ascii) in [
            (80, 24, true, false),
            (120, 40, true, false),
            (80, 24, false, false),
            (120, 40, false, false),
            (120, 40, true, true),
            (200, 60, true, false),
        ] {
            let mut app = app(lang, color, ascii);
            let mut terminal = byte_terminal(w, h);
            let label = format!("{lang:?} {w}x{h} colour={color} ascii={ascii}");
            let mut frame = |app: &App, what: &str| {
                let what = format!("{label} {what}");
                let sent = draw_bytes(&mut terminal, app, &what);
                let text = text_bytes(app, w, h);
                assert!(
                    sent * 10 <= text * 14 + 3000,
                    "{what}: {sent} B for {text} B of text"
                );
            };
            frame(&app, "first frame");
            for tab in Tab::ALL.into_iter().skip(1).chain([Tab::Overview]) {
                app.update(Action::GoTab(tab));
                frame(&app, &format!("switch to {tab:?}"));
            }
            let steps = steps_through_villages(&mut terminal, &mut app, &label);
            assert!(
                steps.len() >= 30,
                "the shipped config has 16 villages: {} steps",
                steps.len()
            );
            // Every step, not only the first: at 120x40 the selected village's page beside
            // the table follows each one. Issue #16's bar is 80x24 and 120x40; at 200x60 the
            // figures are printed (and kept in the README), not held to it.
            if w <= 120 {
                for (sent, what) in &steps {
                    assert!(*sent < 400, "{what}: {sent} B");
                }
            }
        }
    }
}

/// The steps through the villages of `examples/data/full` (income by source and targets:
/// the page draws the stacked chart and the accounts in words) at 120x40, printed for the
/// README. Not held to the issue's 400 bytes (see the README's bytes section), but to the
/// 800 bytes they stay under today (zh max 721), so the page does not quietly grow.
#[test]
fn steps_through_the_full_example_data_are_measured() {
    use village_dash::data::DataDir;
    for lang in [Lang::Zh, Lang::En] {
        let theme = village_dash::ui::theme::Theme::new(true, false).on_terminal();
        let mut app =
            common::screens::app_on(DataDir::Path("examples/data/full".into()), lang, theme);
        let mut terminal = byte_terminal(120, 40);
        let steps =
            steps_through_villages(&mut terminal, &mut app, &format!("full {lang:?} 120x40"));
        assert!(
            !steps.is_empty(),
            "the full example has villages to step through"
        );
        for (sent, what) in &steps {
            assert!(*sent < 800, "{what}: {sent} B");
        }
    }
}
