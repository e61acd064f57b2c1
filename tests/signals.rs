//! Clean exits: the real binary in a pseudo-terminal, killed by SIGTERM, SIGHUP or SIGINT at
//! moments `tests/pty.rs` does not reach: while the data is still loading, at every moment
//! of start-up, during a reload, and with the editor open. Each time the process must end
//! promptly, and leave the terminal as it found it: main screen, cursor visible, canonical
//! mode and echo on, and no editor process behind it.

use std::time::{Duration, Instant};

mod common;
use common::pty::{
    Dashboard, Start, TIMEOUT, alive, data_copy, editor_script, through_sh, wait_for_pid_file,
};
use common::saves::{grow_villages, touch_township};

const SIGNALS: [(i32, &str); 3] = [
    (libc::SIGTERM, "SIGTERM"),
    (libc::SIGHUP, "SIGHUP"),
    (libc::SIGINT, "SIGINT"),
];

/// A signal's expected end: the handler's 128 + signal, or death by the signal itself
/// before the handler is installed (the terminal has not been touched then).
#[track_caller]
fn assert_ended_by(result: Result<u32, String>, signal: i32, what: &str) {
    match result {
        Ok(code) => assert_eq!(code, 128 + signal as u32, "{what}: exit code"),
        Err(name) => assert!(!name.is_empty(), "{what}: ended by signal {name}"),
    }
}

#[test]
fn a_signal_while_the_data_is_loading() {
    let (_tmp, dir) = data_copy();
    grow_villages(&dir, 20 * 1024 * 1024);
    for (signal, name) in SIGNALS {
        let mut d = Dashboard::start(&dir, &[]);
        std::thread::sleep(Duration::from_millis(150));
        d.signal(signal);
        let result = d.wait_end(name, TIMEOUT);
        assert_ended_by(result, signal, name);
        d.assert_terminal_usable(name);
    }
}

/// SIGTERM at many moments of start-up (loading, entering the alternate screen, the first
/// frames): every time a prompt exit and a usable terminal.
#[test]
fn sigterm_at_every_moment_of_start_up() {
    let (_tmp, dir) = data_copy();
    for delay_ms in (0..=300).step_by(15) {
        let mut d = Dashboard::start(&dir, &[]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        d.signal(libc::SIGTERM);
        let what = format!("SIGTERM after {delay_ms} ms");
        let result = d.wait_end(&what, TIMEOUT);
        assert_ended_by(result, libc::SIGTERM, &what);
        d.assert_terminal_usable(&what);
    }
}

/// After the first frame, a data file is touched and the signal arrives while the reload
/// (of a file large enough to take a while) is under way.
#[test]
fn a_signal_during_a_reload() {
    let (_tmp, dir) = data_copy();
    grow_villages(&dir, 8 * 1024 * 1024);
    for (signal, name) in SIGNALS {
        for delay_ms in [0u64, 150, 400, 900] {
            let mut d = Dashboard::start(&dir, &[]);
            d.wait_text("达10万元");
            touch_township(&dir);
            std::thread::sleep(Duration::from_millis(delay_ms));
            d.signal(signal);
            let what = format!("{name} {delay_ms} ms after a change");
            let result = d.wait_end(&what, TIMEOUT);
            assert_eq!(result, Ok(128 + signal as u32), "{what}");
            d.assert_terminal_usable(&what);
        }
    }
}

#[test]
fn a_signal_with_the_editor_open() {
    for (signal, name) in SIGNALS {
        let (tmp, dir) = data_copy();
        let editor_name = format!("harden-editor-{}-{signal}.sh", std::process::id());
        let (script, marker) = editor_script(tmp.path(), &editor_name);
        let editor = script.display().to_string();
        let mut d = Dashboard::start(&dir, &[("EDITOR", &editor)]);
        d.wait_text("达10万元");
        d.send("2");
        d.send("e");
        let editor_pid = wait_for_pid_file(&marker, name);
        assert!(alive(editor_pid), "{name}: the editor is running");
        let signalled = Instant::now();
        d.signal(signal);
        let result = d.wait_end(name, TIMEOUT);
        assert_eq!(result, Ok(128 + signal as u32), "{name}");
        assert!(
            signalled.elapsed() < Duration::from_secs(4),
            "{name}: exit waited for the editor ({:?})",
            signalled.elapsed()
        );
        d.assert_terminal_usable(name);
        let start = Instant::now();
        while alive(editor_pid) {
            assert!(
                start.elapsed() < Duration::from_secs(3),
                "{name}: the editor {editor_pid} was left running"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pgrep = std::process::Command::new("pgrep")
            .arg("-f")
            .arg(&editor_name)
            .output()
            .expect("pgrep");
        assert!(
            pgrep.stdout.is_empty(),
            "{name}: left behind: {}",
            String::from_utf8_lossy(&pgrep.stdout)
        );
    }
}

/// The cursor, hidden while the dashboard draws, is shown again after a signal (ratatui's
/// `try_restore` does not show it; the normal exit does, when the `Terminal` is dropped).
#[test]
fn the_cursor_is_shown_again_after_a_signal() {
    for (signal, name) in SIGNALS {
        let (_tmp, dir) = data_copy();
        let mut d = Dashboard::start(&dir, &[]);
        d.wait_text("达10万元");
        d.signal(signal);
        assert_eq!(d.wait_end(name, TIMEOUT), Ok(128 + signal as u32), "{name}");
        d.assert_terminal(name, true);
    }
}

/// The editor is started with the cursor shown, as after a normal exit.
#[test]
fn the_editor_gets_a_visible_cursor() {
    let (tmp, dir) = data_copy();
    let editor_name = format!("harden-editor-{}-cursor.sh", std::process::id());
    let (script, marker) = editor_script(tmp.path(), &editor_name);
    let editor = script.display().to_string();
    let mut d = Dashboard::start(&dir, &[("EDITOR", &editor)]);
    d.wait_text("达10万元");
    d.send("2");
    d.send("e");
    wait_for_pid_file(&marker, "cursor");
    std::thread::sleep(Duration::from_millis(200));
    let hidden = d.cursor_hidden();
    assert!(!hidden, "the editor runs with the cursor hidden");
}

/// A second signal while the first is being handled does not leave a half-restored terminal.
#[test]
fn two_signals_in_a_row() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.wait_text("达10万元");
    d.signal(libc::SIGINT);
    d.signal(libc::SIGTERM);
    let result = d.wait_end("SIGINT then SIGTERM", TIMEOUT);
    assert!(matches!(result, Ok(130) | Ok(143)), "exit code {result:?}");
    d.assert_terminal_usable("SIGINT then SIGTERM");
}

/// Not a test of its own: the helper that `the_pty_master_closed_under_setsid` runs (this
/// test binary, re-executed with `VD_SETSID_RUN` set). It starts the dashboard in a new
/// session, so the pty is not its controlling terminal and no SIGHUP will come when the
/// master closes, and exits with the dashboard's exit code.
#[test]
fn setsid_helper() {
    let Some(args) = std::env::var_os("VD_SETSID_RUN") else {
        return;
    };
    use std::os::unix::process::CommandExt;
    let args: Vec<String> = args
        .to_string_lossy()
        .split('\u{1f}')
        .map(str::to_string)
        .collect();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_village-dash"));
    cmd.args(&args).env_remove("VD_SETSID_RUN");
    // SAFETY: setsid in the child between fork and exec has no memory-safety preconditions.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn the dashboard");
    // This process leads the pty's session and would get the hang-up; the dashboard will not.
    // SAFETY: ignoring a signal in this helper process.
    unsafe {
        libc::signal(libc::SIGHUP, libc::SIG_IGN);
    }
    let status = child.wait().expect("wait");
    std::process::exit(status.code().unwrap_or(100));
}

/// A dropped connection where no SIGHUP arrives (`setsid`, `su`, `runuser`): reading the
/// terminal returns EOF / EIO, and the dashboard ends at once instead of spinning.
#[test]
fn the_pty_master_closed_under_setsid() {
    let (_tmp, dir) = data_copy();
    let args = format!("--config\u{1f}{}", dir.display());
    let env = [("VD_SETSID_RUN", args.as_str())];
    let start = Start::config(&dir, &env);
    let mut d = Dashboard::spawn(start, |_| {
        let mut cmd =
            portable_pty::CommandBuilder::new(std::env::current_exe().expect("test binary"));
        cmd.args([
            "--exact",
            "setsid_helper",
            "--nocapture",
            "--test-threads=1",
        ]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("VD_SETSID_RUN", &args);
        cmd
    });
    d.wait_text("达10万元");
    d.close_master();
    let closed = Instant::now();
    // What this guards is ending at all, not spinning on a dead terminal; the bound is wide
    // because the whole suite shares two cores (it ends in well under a second alone).
    let result = d.wait_end("master closed", Duration::from_secs(5));
    assert!(
        closed.elapsed() < Duration::from_secs(5),
        "the dashboard took {:?} to notice the hang-up",
        closed.elapsed()
    );
    assert!(result.is_ok(), "{result:?}");
}

/// Ctrl-Z / SIGTSTP: the shell gets its terminal back (main screen, cursor shown, line
/// mode); SIGCONT (`fg`) takes it again in raw mode, every cell redrawn.
#[test]
fn sigtstp_then_sigcont() {
    for how in ["signal", "key"] {
        let (_tmp, dir) = data_copy();
        let mut d = Dashboard::start(&dir, &[]);
        d.open_villages();
        assert!(!d.cooked(), "raw mode while running");
        if how == "signal" {
            d.signal(libc::SIGTSTP);
        } else {
            d.send("\x1a"); // Ctrl-Z, a key in raw mode
        }
        d.assert_terminal(&format!("suspended by {how}"), true);
        let state = std::fs::read_to_string(format!("/proc/{}/stat", d.pid())).expect("stat");
        let state = state
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .chars()
            .next();
        assert_eq!(state, Some('T'), "{how}: the process is stopped");
        d.signal(libc::SIGCONT);
        let start = Instant::now();
        while !d.alternate_screen() || d.cooked() {
            assert!(
                start.elapsed() < TIMEOUT,
                "{how}: not taken back after SIGCONT"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let screen = d.wait_text("村名");
        assert!(screen.contains("天井村"), "{how}: redrawn:\n{screen}");
        d.send("q");
        assert_eq!(d.wait_exit(), 0, "{how}");
        d.assert_terminal(how, true);
    }
}

/// SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM end the dashboard with the terminal restored;
/// SIGPIPE is ignored.
#[test]
fn every_other_signal_leaves_the_terminal_usable() {
    for (signal, name) in [
        (libc::SIGQUIT, "SIGQUIT"),
        (libc::SIGUSR1, "SIGUSR1"),
        (libc::SIGUSR2, "SIGUSR2"),
        (libc::SIGALRM, "SIGALRM"),
    ] {
        let (_tmp, dir) = data_copy();
        let mut d = Dashboard::start(&dir, &[]);
        d.wait_text("达10万元");
        d.signal(signal);
        assert_eq!(d.wait_end(name, TIMEOUT), Ok(128 + signal as u32), "{name}");
        d.assert_terminal(name, true);
    }
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.wait_text("达10万元");
    d.signal(libc::SIGPIPE);
    d.send("2");
    d.wait_text("村名");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
    d.assert_terminal("SIGPIPE", true);
}

/// An editor that dies in raw mode: after `q`, the shell gets the modes it had.
#[test]
fn an_editor_killed_in_raw_mode() {
    let (tmp, dir) = data_copy();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    let editor = bin.join("vi");
    std::fs::write(&editor, "#!/bin/sh\nstty raw -echo\nkill -9 $$\n").expect("write");
    common::pty::make_executable(&editor);
    let editor = editor.display().to_string();
    let mut d = Dashboard::start(&dir, &[("EDITOR", &editor)]);
    d.open_villages();
    d.send("e");
    std::thread::sleep(Duration::from_millis(500));
    let screen = d.wait_text("村名");
    assert!(screen.contains("天井村"), "{screen}");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
    d.assert_terminal("editor killed in raw mode", true);
}

/// Ctrl-L clears the screen and draws every cell again, removing text another program wrote.
#[test]
fn ctrl_l_removes_what_another_program_wrote() {
    let (_tmp, dir) = data_copy();
    let start = Start::config(&dir, &[]);
    let mut d = Dashboard::spawn(
        start,
        through_sh("(sleep 1.5; printf 'WALL-MESSAGE-FROM-ROOT') & exec \"$0\" \"$@\""),
    );
    d.wait_text("达10万元");
    d.wait_text("WALL-MESSAGE-FROM-ROOT");
    d.send("\x0c");
    let screen = d.wait_for("the stray text gone", |s| !s.contains("WALL-MESSAGE"));
    assert!(screen.contains("达10万元"), "{screen}");
    // Ctrl-L did not act as `l` (sort) nor Ctrl-E as `e` (edit).
    d.send("\x05");
    std::thread::sleep(Duration::from_millis(300));
    assert!(d.alternate_screen());
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
}

/// Pasted text (bracketed paste) is never run as keystrokes: a pasted `q` does not quit.
#[test]
fn a_bracketed_paste_holding_q_does_not_quit() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[]);
    d.wait_text("达10万元");
    assert!(
        String::from_utf8_lossy(&d.bytes()).contains("\x1b[?2004h"),
        "bracketed paste is turned on"
    );
    d.send("\x1b[200~q2\x1b[201~");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        d.child.try_wait().ok().flatten().is_none(),
        "a pasted q quit"
    );
    let screen = d.contents();
    assert!(
        screen.contains("达10万元"),
        "a pasted 2 switched tab:\n{screen}"
    );
    // Into the filter, a paste is typed.
    d.send("2/");
    d.send("\x1b[200~双\x1b[201~");
    d.wait_text("/双");
    d.send("\x1b");
    d.send("q");
    assert_eq!(d.wait_exit(), 0);
    assert!(String::from_utf8_lossy(&d.bytes()).contains("\x1b[?2004l"));
}

/// `TERM=dumb` cannot show the dashboard: a clear message and exit 2.
#[test]
fn term_dumb_is_refused_with_exit_2() {
    let (_tmp, dir) = data_copy();
    let mut d = Dashboard::start(&dir, &[("TERM", "dumb")]);
    assert_eq!(d.wait_exit(), 2);
    let screen = d.contents();
    assert!(screen.contains("TERM=dumb"), "{screen}");
    assert!(!d.alternate_screen());
}

/// Terminals without an alternate screen (the Linux console, `TERM=linux`; GNU screen's
/// default, `STY` set outside tmux): what the shell printed before is cleared at start, the
/// dashboard draws on the main screen, and at exit the cursor is on a blank line below the
/// last frame, where the shell's prompt will land, with the frame left intact above it.
#[test]
fn without_an_alternate_screen_the_prompt_lands_below_the_frame() {
    for env in [
        [("TERM", "linux"), ("STY", "")],
        [("TERM", "xterm-256color"), ("STY", "4242.pts-0.host")],
    ] {
        let env: Vec<(&str, &str)> = env.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let what = format!("{env:?}");
        let (_tmp, dir) = data_copy();
        let mut d = Dashboard::spawn(
            Start::config(&dir, &env),
            through_sh("printf 'EARLIER-SHELL-OUTPUT\\n'; exec \"$0\" \"$@\""),
        );
        let screen = d.wait_text("达10万元");
        assert!(!d.alternate_screen(), "{what}: drawn on the main screen");
        assert!(
            !screen.contains("EARLIER-SHELL-OUTPUT"),
            "{what}: the screen was cleared at start:\n{screen}"
        );
        d.send("2");
        d.wait_text("村名");
        let last_frame = d.contents();
        let last_row = last_frame.lines().count();
        assert!(
            last_row >= 23,
            "{what}: the frame fills the screen:\n{last_frame}"
        );
        d.send("q");
        assert_eq!(d.wait_exit(), 0, "{what}");
        d.assert_terminal(&what, true);
        let (rows, after) = {
            let parser = d.screen.lock().expect("screen");
            let screen = parser.screen();
            let (row, col) = screen.cursor_position();
            let (rows, cols) = screen.size();
            let (rows, cols) = (rows.get(), cols.get());
            let line: String = (0..cols)
                .filter_map(|c| screen.cell(row, c).map(|cell| cell.contents().to_string()))
                .collect();
            assert_eq!(col, 0, "{what}: the cursor at the start of a line");
            assert!(
                line.trim().is_empty(),
                "{what}: the cursor's line is blank, not inside the frame: {line:?}"
            );
            (rows, (row, screen.contents()))
        };
        // The frame scrolled up by one line, every line of it still there above the cursor.
        let (row, text) = after;
        assert_eq!(row, rows - 1, "{what}: the cursor on the last line");
        let frame_lines: Vec<&str> = last_frame.lines().collect();
        let now_lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            &now_lines[..frame_lines.len() - 1],
            &frame_lines[1..],
            "{what}: the last frame intact above the prompt's line"
        );
    }
}
