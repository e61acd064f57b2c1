//! The real binary in a pseudo-terminal (portable-pty), its screen rebuilt with vt100 and
//! every byte it wrote kept, for the end-to-end tests.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long a test waits for something to appear before it fails with the screen.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Dashboard {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    bytes: Arc<Mutex<Vec<u8>>>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    closing: Arc<AtomicBool>,
    reader_thread: Option<std::thread::JoinHandle<()>>,
}

/// How to start the dashboard.
pub struct Start<'a> {
    pub args: Vec<std::ffi::OsString>,
    pub env: &'a [(&'a str, &'a str)],
    pub rows: u16,
    pub cols: u16,
    /// How the terminal answers the program's questions (none: a terminal that never does).
    pub answers: Option<Answers>,
}

/// How a fake terminal answers the start-up probe's questions: the cursor report (`ESC[6n`),
/// the background colour (OSC 11) and the status report (`ESC[5n`).
#[derive(Clone, Copy)]
pub struct Answers {
    /// The column a cursor report gives after the probe glyph, or no report at all.
    pub column: Option<u16>,
    /// The background colour reported to OSC 11, or no answer.
    pub background: Option<&'static str>,
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

impl Answers {
    /// Takes every whole question out of `seen` and returns the replies, each once, in the
    /// order a terminal would give them.
    fn reply(&self, seen: &mut Vec<u8>) -> Vec<u8> {
        let mut reply = Vec::new();
        while let Some((len, q)) = find_query(seen) {
            match q {
                Query::Cursor => {
                    if let Some(col) = self.column {
                        reply.extend(format!("\x1b[1;{col}R").bytes());
                    }
                }
                Query::Background => {
                    if let Some(bg) = self.background {
                        reply.extend(format!("\x1b]11;{bg}\x07").bytes());
                    }
                }
                Query::Status => {
                    if self.column.is_some() || self.background.is_some() {
                        reply.extend(b"\x1b[0n");
                    }
                }
            }
            seen.drain(..len);
        }
        reply
    }
}

impl<'a> Start<'a> {
    /// `--config DIR` at 80x24 with `env` added to a clean environment.
    pub fn config(dir: &Path, env: &'a [(&'a str, &'a str)]) -> Self {
        Start {
            args: vec!["--config".into(), dir.as_os_str().to_owned()],
            env,
            rows: 24,
            cols: 80,
            answers: None,
        }
    }

    /// The terminal answers the program's questions with `answers`.
    pub fn answering(mut self, answers: Answers) -> Self {
        self.answers = Some(answers);
        self
    }

    pub fn size(mut self, rows: u16, cols: u16) -> Self {
        self.rows = rows;
        self.cols = cols;
        self
    }

    pub fn arg(mut self, arg: impl Into<std::ffi::OsString>) -> Self {
        self.args.push(arg.into());
        self
    }
}

impl Dashboard {
    /// `village-dash --config DIR` at 80x24.
    pub fn start(dir: &Path, extra_env: &[(&str, &str)]) -> Self {
        Self::start_with(Start::config(dir, extra_env))
    }

    pub fn start_with(start: Start<'_>) -> Self {
        Self::spawn(start, |cmd| cmd)
    }

    /// Starts the binary through `wrap`, which may put a program before it (e.g. `setsid`
    /// from a helper script); `wrap` gets the dashboard's own command line.
    pub fn spawn(start: Start<'_>, wrap: impl FnOnce(CommandBuilder) -> CommandBuilder) -> Self {
        let (rows, cols) = (start.rows, start.cols);
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_village-dash"));
        cmd.args(&start.args);
        cmd.env("TERM", "xterm-256color");
        for var in [
            "VILLAGE_DASH_LANG",
            "VILLAGE_DASH_CONFIG",
            "VILLAGE_DASH_WATCH",
            "VILLAGE_DASH_ASCII",
            "VILLAGE_DASH_THEME",
            "NO_COLOR",
            "VISUAL",
            "STY",
            "TMUX",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in start.env {
            cmd.env(k, v);
        }
        let cmd = wrap(cmd);
        let child = pty.slave.spawn_command(cmd).expect("spawn village-dash");
        drop(pty.slave);
        // Our own descriptor for reading, polled with a timeout, so `close_master` can end
        // the reading and really close every descriptor of the master side.
        let master_fd = pty.master.as_raw_fd().expect("pty master fd");
        // SAFETY: dup of a descriptor we own; the new one is owned by the File.
        let mut reader = unsafe {
            use std::os::fd::FromRawFd;
            let fd = libc::fcntl(master_fd, libc::F_DUPFD_CLOEXEC, 0);
            assert!(fd >= 0, "dup the pty master");
            std::fs::File::from_raw_fd(fd)
        };
        let writer = pty.master.take_writer().expect("pty writer");
        let nz = |n: u16| NonZeroU16::new(n).expect("non-zero size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let closing = Arc::new(AtomicBool::new(false));
        let (sink, log, stop) = (
            Arc::clone(&screen),
            Arc::clone(&bytes),
            Arc::clone(&closing),
        );
        let answers = start.answers;
        let reader_thread = std::thread::spawn(move || {
            use std::os::fd::AsRawFd;
            let mut buf = [0u8; 8192];
            let mut seen = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd: reader.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: poll on one valid pollfd.
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                    continue;
                }
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if let Some(answers) = &answers {
                    seen.extend_from_slice(&buf[..n]);
                    let reply = answers.reply(&mut seen);
                    // The master's descriptor is also where the terminal's input goes.
                    if !reply.is_empty() {
                        let _ = reader.write_all(&reply);
                        let _ = reader.flush();
                    }
                }
                if let Ok(mut parser) = sink.lock() {
                    parser.process(&buf[..n]);
                }
                if let Ok(mut log) = log.lock() {
                    log.extend_from_slice(&buf[..n]);
                }
            }
        });
        Dashboard {
            child,
            writer: Some(writer),
            screen,
            bytes,
            master: Some(pty.master),
            closing,
            reader_thread: Some(reader_thread),
        }
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Every byte the program wrote so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().map(|b| b.clone()).unwrap_or_default()
    }

    /// The bytes the program wrote from offset `from` on (an offset taken from an earlier
    /// `bytes().len()`), to look at the raw bytes of one action.
    pub fn bytes_from(&self, from: usize) -> Vec<u8> {
        self.bytes
            .lock()
            .map(|b| b.get(from..).unwrap_or_default().to_vec())
            .unwrap_or_default()
    }

    /// The foreground colour of the first cell of `what` on the screen.
    pub fn color_of(&self, what: &str) -> Option<vt100::Color> {
        let parser = self.screen.lock().ok()?;
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        for row in 0..rows {
            let line = screen.contents_between(row, 0, row, cols);
            if let Some(byte) = line.find(what) {
                let col = u16::try_from(village_dash::text::width(&line[..byte])).unwrap_or(0);
                return screen.cell(row, col).map(|c| c.fgcolor());
            }
        }
        None
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().alternate_screen())
            .unwrap_or(true)
    }

    pub fn cursor_hidden(&self) -> bool {
        self.screen
            .lock()
            .map(|p| p.screen().hide_cursor())
            .unwrap_or(true)
    }

    /// The symbol of one cell of the rebuilt screen ("" for the right half of a wide one).
    pub fn cell(&self, row: u16, col: u16) -> String {
        self.screen
            .lock()
            .ok()
            .and_then(|p| p.screen().cell(row, col).map(|c| c.contents().to_string()))
            .unwrap_or_default()
    }

    /// Whether one cell holds the right half of a wide character.
    pub fn is_wide_continuation(&self, row: u16, col: u16) -> bool {
        self.screen
            .lock()
            .ok()
            .and_then(|p| p.screen().cell(row, col).map(|c| c.is_wide_continuation()))
            .unwrap_or(false)
    }

    /// Waits until the screen satisfies `ok`, or fails with the screen as it is.
    #[track_caller]
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if ok(&text) {
                return text;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; screen:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[track_caller]
    pub fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, |s| s.contains(needle))
    }

    /// Types `keys`, then gives the dashboard a moment, as a person would.
    pub fn send(&mut self, keys: &str) {
        self.send_bytes(keys.as_bytes());
    }

    pub fn send_bytes(&mut self, keys: &[u8]) {
        let writer = self.writer.as_mut().expect("the pty is open");
        writer.write_all(keys).expect("write keys");
        writer.flush().expect("flush keys");
        std::thread::sleep(Duration::from_millis(80));
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().map_or(0, |p| p as i32)
    }

    pub fn signal(&self, signal: i32) {
        let pid = self.pid();
        assert!(pid > 0);
        // SAFETY: sending a signal to a child process we spawned.
        unsafe {
            libc::kill(pid, signal);
        }
    }

    /// Closes the master side of the pty, as a dropped SSH connection does.
    pub fn close_master(&mut self) {
        self.closing.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader_thread.take() {
            let _ = reader.join();
        }
        self.writer = None;
        self.master = None;
    }

    /// Waits for the process to end; returns its exit code, or the signal that ended it.
    #[track_caller]
    pub fn wait_end(&mut self, what: &str, within: Duration) -> Result<u32, String> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return match status.signal() {
                    Some(s) => Err(s.to_string()),
                    None => Ok(status.exit_code()),
                };
            }
            assert!(
                start.elapsed() < within,
                "{what}: the process did not exit within {within:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to end and returns its exit code.
    #[track_caller]
    pub fn wait_exit(&mut self) -> u32 {
        match self.wait_end("exit", TIMEOUT) {
            Ok(code) => code,
            Err(signal) => panic!("ended by signal {signal}"),
        }
    }

    /// The terminal modes of the pty now (as the program left them).
    pub fn termios(&self) -> libc::termios {
        let fd = self
            .master
            .as_ref()
            .and_then(|m| m.as_raw_fd())
            .expect("pty master fd");
        // SAFETY: tcgetattr on an open descriptor we own, into a zeroed struct.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr");
        t
    }

    /// Whether the pty is in canonical mode with echo (not raw).
    pub fn cooked(&self) -> bool {
        let t = self.termios();
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// After the process ended: main screen, canonical mode and echo on (and, with
    /// `cursor`, the cursor shown).
    #[track_caller]
    pub fn assert_terminal(&self, what: &str, cursor: bool) {
        // The reader thread may still be taking in the last bytes.
        let start = Instant::now();
        loop {
            let (alternate, hidden) = (self.alternate_screen(), self.cursor_hidden());
            if !alternate && (!cursor || !hidden) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(3),
                "{what}: terminal left with alternate screen = {alternate}, cursor hidden = \
                 {hidden}; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let t = self.termios();
        assert!(
            t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0,
            "{what}: terminal left in raw mode (c_lflag {:o})",
            t.c_lflag
        );
    }

    #[track_caller]
    pub fn assert_terminal_usable(&self, what: &str) {
        self.assert_terminal(what, false);
    }

    /// Waits for the first frame (on the shipped data, in Chinese), then opens the villages
    /// tab and waits for 天井村's figure.
    pub fn open_villages(&mut self) {
        self.wait_text("达10万元");
        self.send("2");
        self.wait_text("23.6");
    }
}

/// A `wrap` for [`Dashboard::spawn`]: runs `script` with `sh -c`, the dashboard's command
/// line as its `"$0" "$@"`, so the script can prepare something and `exec "$0" "$@"`.
pub fn through_sh(script: &str) -> impl FnOnce(CommandBuilder) -> CommandBuilder + '_ {
    move |cmd| {
        let argv: Vec<std::ffi::OsString> = cmd.get_argv().clone();
        let mut sh = cmd.clone();
        sh.get_argv_mut().clear();
        sh.get_argv_mut().push("sh".into());
        sh.get_argv_mut().push("-c".into());
        sh.get_argv_mut().push(script.into());
        sh.get_argv_mut().extend(argv);
        sh
    }
}

/// An editor for `$EDITOR`: a script in `dir` that writes its pid to the returned marker
/// file and sleeps 5 s. Returns the script and the marker.
pub fn editor_script(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let script = dir.join(name);
    let marker = dir.join(format!("{name}.opened"));
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho $$ > '{}'\nsleep 5\n", marker.display()),
    )
    .expect("write editor");
    make_executable(&script);
    (script, marker)
}

/// Waits until `marker` holds a pid (see [`editor_script`]) and returns it.
#[track_caller]
pub fn wait_for_pid_file(marker: &Path, what: &str) -> i32 {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(marker).unwrap_or_default();
        if let Ok(pid) = text.trim().parse() {
            return pid;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "{what}: the editor did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether `pid` is a running process (a zombie is not one left behind; /proc tells the two
/// apart).
pub fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the shipped data files in a temporary directory (`TMP/data`).
pub fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    copy_data(&dir);
    (tmp, dir)
}

/// Creates `dir` holding a copy of the shipped data files.
pub fn copy_data(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    for name in super::workspace::DATA_FILES {
        std::fs::copy(shipped.join(name), dir.join(name)).expect("copy");
    }
}

/// Every file of `dir` with its bytes, sorted by name.
pub fn snapshot_of_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read file"))
        })
        .collect();
    files.sort();
    files
}

pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path).expect("metadata").permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).expect("chmod");
}
