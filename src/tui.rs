//! The interactive dashboard's runtime: the terminal, one event channel fed by the input,
//! file-watcher, reload and signal threads, and a loop that redraws only after an event.
//!
//! Every way out restores the terminal (modes saved at start, main screen, cursor shown):
//! the normal exit, a panic, EOF or an error reading the terminal (an SSH connection that
//! dropped without a SIGHUP, under `setsid`, `su` or `runuser`), and the signals SIGTERM,
//! SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2 and SIGALRM. Ctrl-Z (SIGTSTP) hands the terminal
//! back to the shell and `fg` (SIGCONT) takes it again, fully redrawn.

use std::io::{IsTerminal, Write};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent};
use ratatui::crossterm::{cursor, execute, terminal};
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
};

use crate::app::{Action, App, Effect, Loaded, Prepared, ViewHint, key_to_action};
use crate::backend::LeanTerminal;
use crate::data::{self, DataDir};
use crate::i18n::Strings;
use crate::ui::theme::Theme;
use crate::watch::{self, Fingerprint, Targets, WatchMode, WatchNews};

/// Everything the loop reacts to arrives as one of these, on one channel.
pub enum Event {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): never taken as keystrokes.
    Paste(String),
    Resize,
    Watch(WatchNews),
    Loaded {
        prepared: Box<Prepared>,
        fingerprint: Fingerprint,
    },
    /// A load that a newer save made out of date before it was ready: not shown.
    Superseded,
    /// A county's reload: `county.toml` and the townships whose files changed.
    CountyLoaded {
        reload: Box<data::county::CountyReload>,
        fingerprint: Fingerprint,
    },
    /// The terminal was taken back (after SIGCONT): draw every cell again.
    Redraw,
    InputClosed,
}

/// The editor started with `e`, so the signal thread can end it too.
static EDITOR_PID: AtomicU32 = AtomicU32::new(0);

/// Held by whoever is changing the terminal's modes: the editor hand-over, a suspension and
/// the signal thread's last restore never interleave. The signal thread takes it for good
/// when the process ends.
pub(crate) static TERMINAL: Mutex<()> = Mutex::new(());

/// The terminal modes found at start, restored at the end whatever happened in between
/// (an editor killed while in raw mode included).
static SAVED_TERMIOS: OnceLock<libc::termios> = OnceLock::new();

/// Whether the alternate screen is used (see [`alternate_screen_supported`]).
static ALTERNATE: AtomicBool = AtomicBool::new(true);

/// How often the input thread looks up from waiting for a key to see whether it must pause
/// for the editor, and whether the terminal hung up. It wakes the thread only.
const INPUT_POLL: Duration = Duration::from_millis(200);

/// Terminals without an alternate screen: the Linux console and GNU screen with its default
/// `altscreen off` (screen sets `STY`; tmux, which has one, sets `TMUX`).
pub fn alternate_screen_supported() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    let in_screen = std::env::var_os("STY").is_some() && std::env::var_os("TMUX").is_none();
    !(term == "linux" || in_screen)
}

/// Takes the terminal: raw mode, the alternate screen (or a cleared main screen where there
/// is none), bracketed paste, the cursor hidden. The one set-up, used at start, after the
/// editor and after a suspension.
pub fn enter_terminal() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    if ALTERNATE.load(Ordering::SeqCst) {
        execute!(out, terminal::EnterAlternateScreen)?;
    }
    execute!(
        out,
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0),
        event::EnableBracketedPaste,
        cursor::Hide
    )
}

/// The one teardown for every way out: bracketed paste off, the main screen (or, without an
/// alternate screen, the cursor below the last frame), the cursor shown, and the terminal
/// modes found at start. Errors are ignored: on a dead tty there is nobody to tell.
pub fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = execute!(out, event::DisableBracketedPaste);
    if ALTERNATE.load(Ordering::SeqCst) {
        let _ = execute!(out, terminal::LeaveAlternateScreen);
    } else if let Ok((_, rows)) = terminal::size() {
        let _ = execute!(out, cursor::MoveTo(0, rows.saturating_sub(1)));
        let _ = out.write_all(b"\r\n");
    }
    let _ = execute!(out, cursor::Show);
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
    if let Some(saved) = SAVED_TERMIOS.get() {
        // SAFETY: tcsetattr on the process's own stdin with a termios read by tcgetattr.
        unsafe {
            libc::tcsetattr(std::io::stdin().as_raw_fd(), libc::TCSANOW, saved);
        }
    }
}

fn save_termios() {
    // SAFETY: tcgetattr into a zeroed struct on the process's own stdin.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(std::io::stdin().as_raw_fd(), &mut t) } == 0 {
        let _ = SAVED_TERMIOS.set(t);
    }
}

/// A fresh terminal on stdout; frames go through the byte-saving backend. Its first frame
/// draws every cell.
fn new_terminal() -> std::io::Result<LeanTerminal> {
    crate::backend::terminal()
}

/// Whether both standard input and output are a terminal, as the dashboard needs.
pub fn is_terminal() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
}

/// `TERM=dumb`: a terminal that cannot move the cursor, so no dashboard (and no probe).
pub fn term_is_dumb() -> bool {
    std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Runs the dashboard; `notice` is said once in the status line (e.g. what the start-up
/// probe changed).
pub fn run(
    dir: DataDir,
    strings: &'static Strings,
    theme: Theme,
    notice: Option<String>,
) -> anyhow::Result<ExitCode> {
    if !is_terminal() {
        crate::say(&format!(
            "village-dash: {}\n",
            crate::i18n::messages::needs_terminal().get(strings.lang)
        ));
        return Ok(ExitCode::from(crate::EXIT_USAGE));
    }
    if term_is_dumb() {
        crate::say(&format!(
            "village-dash: {}\n",
            crate::i18n::messages::term_dumb().get(strings.lang)
        ));
        return Ok(ExitCode::from(crate::EXIT_USAGE));
    }
    // Load before touching the terminal, so errors reach a normal stderr.
    let fingerprint = match &dir {
        DataDir::Path(p) => Fingerprint::of(p),
        DataDir::BuiltIn => Fingerprint::default(),
    };
    let mut app = App::new(dir.clone(), strings, theme);
    match &dir {
        DataDir::Path(p) if data::county::is_county(p) => {
            let outcome = data::county::load_county(p).localize(strings.lang);
            if !outcome.is_valid() {
                let shown = p.display().to_string();
                let (text, _) = crate::report::county::render_check(&shown, &outcome, strings.lang);
                crate::say(&text);
                return Ok(ExitCode::from(crate::EXIT_INVALID));
            }
            app.apply_county_load(outcome, chrono::Local::now());
        }
        _ => {
            let outcome = data::load(&dir).localize(strings.lang);
            if outcome.dataset.is_none() {
                let (text, _) = crate::report::check::render(&dir, &outcome, strings.lang);
                crate::say(&text);
                return Ok(ExitCode::from(crate::EXIT_INVALID));
            }
            app.apply_load(outcome, chrono::Local::now());
        }
    }
    // What the load needed and the figures do not (the files' text, parse buffers) goes
    // back to the system, not only to the allocator.
    release_free_memory();
    app.message = notice;

    let (tx, rx) = mpsc::channel();
    save_termios();
    ALTERNATE.store(alternate_screen_supported(), Ordering::SeqCst);
    spawn_signal_thread()?;
    redraw_on_resume(tx.clone());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    let mut terminal = {
        let _guard = TERMINAL.lock();
        enter_terminal()?;
        new_terminal()?
    };
    let input = InputThread::spawn(tx.clone());
    let watcher = Watching::start(&dir, &tx);
    let reloads = Reloads::new(fingerprint, &tx, strings);
    let mut runtime = Runtime {
        app,
        rx,
        tx,
        input,
        watcher,
        reloads,
    };
    let result = runtime.event_loop(&mut terminal);
    {
        let _guard = TERMINAL.lock();
        restore_terminal();
    }
    result?;
    Ok(ExitCode::SUCCESS)
}

struct Runtime {
    app: App,
    rx: Receiver<Event>,
    tx: Sender<Event>,
    input: InputThread,
    watcher: Watching,
    reloads: Reloads,
}

impl Runtime {
    fn event_loop(&mut self, terminal: &mut LeanTerminal) -> anyhow::Result<()> {
        let mut dirty = true;
        let mut next_check = Instant::now() + self.watcher.check_every();
        loop {
            self.app.set_runtime(self.reloads.busy(), self.watcher.mode);
            self.reloads.show(self.app.view_hint());
            if dirty {
                terminal.draw(|frame| frame.render_widget(&self.app, frame.area()))?;
                dirty = false;
            }
            // Blocks until something happens or the recheck is due: an idle dashboard does
            // a few `stat` calls every few seconds and nothing else.
            let wait = next_check.saturating_duration_since(Instant::now());
            let event = match self.rx.recv_timeout(wait) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    next_check = Instant::now() + self.watcher.check_every();
                    if self.recheck() {
                        dirty = true;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            };
            match event {
                Event::Key(key) => {
                    let active = self.app.active();
                    let Some(action) = key_to_action(
                        key,
                        active.villages.editing_filter,
                        active.overlay.is_some(),
                    ) else {
                        continue;
                    };
                    match self.app.update(action) {
                        Effect::None => {}
                        Effect::Quit => return Ok(()),
                        Effect::Reload => self.reloads.request_all(&self.app.dir),
                        Effect::Redraw => *terminal = redraw_all()?,
                        Effect::Suspend => {
                            // In raw mode Ctrl-Z is a key, not a signal: raise it, and the
                            // signal thread suspends as for any SIGTSTP.
                            // SAFETY: sending SIGTSTP to our own process group.
                            unsafe {
                                libc::kill(0, libc::SIGTSTP);
                            }
                        }
                        Effect::Edit { path, line } => {
                            if let Err(message) = edit(terminal, &self.input, &path, line) {
                                self.app.message =
                                    Some(message.get(self.app.strings.lang).to_string());
                            }
                            self.reloads.request(&self.app.dir);
                        }
                    }
                    dirty = true;
                }
                Event::Paste(text) => {
                    // Pasted text is typed into the filter when it is being edited, and
                    // otherwise ignored: a pasted `q` never quits.
                    if self.app.active().villages.editing_filter {
                        for c in text.chars().filter(|c| !c.is_control()) {
                            self.app.update(Action::FilterChar(c));
                        }
                        dirty = true;
                    }
                }
                Event::Resize => dirty = true,
                Event::Redraw => {
                    *terminal = new_terminal()?;
                    dirty = true;
                }
                Event::Watch(WatchNews::Changed) => {
                    self.reloads.request(&self.app.dir);
                    dirty = true;
                }
                Event::Watch(WatchNews::Failed) => {
                    self.watcher.fall_back_to_polling();
                    next_check = Instant::now();
                    dirty = true;
                }
                Event::Loaded {
                    prepared,
                    fingerprint,
                } => {
                    let old = self.app.apply_prepared(*prepared, chrono::Local::now());
                    // The figures replaced are freed on the reload thread, before it starts
                    // the next load.
                    self.reloads.free(old);
                    self.reloads.finished(fingerprint, &self.app.dir);
                    // The directory may have been replaced or a link re-pointed: watch
                    // what is there now.
                    self.watcher.retarget(&self.app.dir, &self.tx);
                    dirty = true;
                }
                Event::Superseded => {
                    self.reloads.superseded(&self.app.dir);
                    dirty = true;
                }
                Event::CountyLoaded {
                    reload,
                    fingerprint,
                } => {
                    self.app.apply_county_reload(*reload, chrono::Local::now());
                    self.reloads.finished(fingerprint, &self.app.dir);
                    self.watcher.retarget(&self.app.dir, &self.tx);
                    dirty = true;
                }
                Event::InputClosed => return Ok(()),
            }
        }
    }

    /// The second line of defence (and the whole of polling): compares what was loaded with
    /// what is on disk, and reloads if they differ. True if there is something to redraw.
    fn recheck(&mut self) -> bool {
        let DataDir::Path(dir) = &self.app.dir else {
            return false;
        };
        if self.reloads.busy() {
            return false;
        }
        let now = Fingerprint::of(dir);
        let retargeted = self.watcher.retarget(&self.app.dir, &self.tx);
        if now != self.reloads.loaded {
            self.reloads.request(&self.app.dir);
            return true;
        }
        retargeted
    }
}

/// Clears the terminal and starts a fresh `Terminal`, whose next frame draws every cell
/// (Ctrl-L: text another program wrote is gone). `Terminal::clear` is not used: it can ask
/// the terminal for the cursor position, which stalls over a slow SSH link.
fn redraw_all() -> std::io::Result<LeanTerminal> {
    execute!(
        std::io::stdout(),
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0)
    )?;
    new_terminal()
}

/// How the files are watched now; events fall back to polling when they cannot be had.
struct Watching {
    mode: WatchMode,
    targets: Targets,
    watcher: Option<watch::DirWatcher>,
}

impl Watching {
    fn start(dir: &DataDir, tx: &Sender<Event>) -> Watching {
        let DataDir::Path(path) = dir else {
            return Watching {
                mode: WatchMode::None,
                targets: Targets::default(),
                watcher: None,
            };
        };
        let targets = Targets::of(path);
        let mut w = Watching {
            mode: WatchMode::Polling,
            targets,
            watcher: None,
        };
        if !watch::polling_forced() {
            w.set_up(tx);
        }
        w
    }

    fn set_up(&mut self, tx: &Sender<Event>) {
        // Drop the old watcher first: its inotify instance counts against the limit.
        self.watcher = None;
        match watch::watch(&self.targets, tx.clone(), Event::Watch) {
            Ok(w) => {
                self.watcher = Some(w);
                self.mode = WatchMode::Events;
            }
            Err(_) => self.fall_back_to_polling(),
        }
    }

    fn fall_back_to_polling(&mut self) {
        self.watcher = None;
        self.mode = WatchMode::Polling;
    }

    fn check_every(&self) -> Duration {
        match self.mode {
            WatchMode::Events => watch::RECHECK_EVERY,
            WatchMode::Polling => watch::POLL_EVERY,
            // Nothing on disk: the timer only wakes the loop, rarely.
            WatchMode::None => Duration::from_secs(3600),
        }
    }

    /// Watches again if what should be watched changed. True if it did.
    fn retarget(&mut self, dir: &DataDir, tx: &Sender<Event>) -> bool {
        let DataDir::Path(path) = dir else {
            return false;
        };
        let targets = Targets::of(path);
        if targets == self.targets {
            return false;
        }
        self.targets = targets;
        if self.mode == WatchMode::Events {
            self.set_up(tx);
        }
        true
    }
}

/// At most one reload in flight and one pending: a storm of saves costs at most two loads
/// after the last of them, never a thread per save. The last save is never skipped: a
/// request while a load runs is remembered and run when it ends, and the load it makes out
/// of date is dropped as soon as it is read, without building the screen's figures from it.
///
/// Memory: while a reload runs, the figures on screen stay in memory beside the load being
/// built, so the peak is theirs plus one load's. Everything derived from the new figures
/// (indicators, search keys, every column's order) is built on the reload thread after the files'
/// text is freed; the replaced figures are freed on that thread too, and the freed memory is
/// handed back to the system ([`release_free_memory`]) before the next load starts.
struct Reloads {
    in_flight: bool,
    pending: bool,
    /// Set when a request arrives while a load runs: that load is out of date, and the
    /// reload thread skips building what the screen would need from it.
    stale: Arc<AtomicBool>,
    /// What the last finished load read.
    loaded: Fingerprint,
    /// The one reload thread. Always the same thread, so its allocations come from one
    /// malloc arena, which the figures it replaces are freed back into.
    worker: Sender<Job>,
    /// The pending request is for everything (`r`), not only what changed.
    pending_all: bool,
    /// The village table's view on screen, for the reload thread to make a load's rows for.
    view: Arc<Mutex<ViewHint>>,
}

/// What the reload thread is asked to do, in order.
enum Job {
    /// Read the directory again; `true` for everything (`r`), else what changed.
    Load(DataDir, bool),
    /// Free figures that are no longer on screen.
    Free(Box<Loaded>),
}

impl Reloads {
    fn new(loaded: Fingerprint, tx: &Sender<Event>, strings: &'static Strings) -> Self {
        let (worker, requests) = mpsc::channel::<Job>();
        let tx = tx.clone();
        let stale = Arc::new(AtomicBool::new(false));
        let out_of_date = Arc::clone(&stale);
        let view = Arc::new(Mutex::new(ViewHint::default()));
        let shown = Arc::clone(&view);
        let mut last = loaded.clone();
        thread::spawn(move || {
            lower_priority();
            for job in requests {
                let (dir, all) = match job {
                    Job::Load(dir, all) => (dir, all),
                    Job::Free(old) => {
                        drop(old);
                        release_free_memory();
                        continue;
                    }
                };
                // A county: only the townships whose files changed since the last load
                // are read again (all of them for `r`).
                if let DataDir::Path(p) = &dir
                    && data::county::is_county(p)
                {
                    let fingerprint = Fingerprint::of(p);
                    let before = std::mem::replace(&mut last, fingerprint.clone());
                    let changed = |folder: &str, _: &Path| {
                        all || before.townships.iter().find(|(f, _)| f == folder)
                            != fingerprint.townships.iter().find(|(f, _)| f == folder)
                    };
                    let reload = data::county::reload_county(p, changed);
                    let sent = tx.send(Event::CountyLoaded {
                        reload: Box::new(reload),
                        fingerprint,
                    });
                    if sent.is_err() {
                        return;
                    }
                    continue;
                }
                // Stat'ed before reading: a save during the read makes the next recheck
                // differ.
                let fingerprint = match &dir {
                    DataDir::Path(p) => Fingerprint::of(p),
                    DataDir::BuiltIn => Fingerprint::default(),
                };
                last = fingerprint.clone();
                // A newer save made this load out of date: it stops at its next
                // cancellation point (between files and between batches of villages), or
                // is dropped if it was already done; the waiting load will show that save.
                let loaded = data::load_cancellable(&dir, &out_of_date);
                let outcome = match loaded {
                    Ok(outcome) if !out_of_date.load(Ordering::SeqCst) => outcome,
                    done => {
                        drop(done);
                        release_free_memory();
                        if tx.send(Event::Superseded).is_err() {
                            return;
                        }
                        continue;
                    }
                };
                let stop = || out_of_date.load(Ordering::SeqCst);
                let Some(mut prepared) = Prepared::unless(outcome, strings, &stop) else {
                    release_free_memory();
                    if tx.send(Event::Superseded).is_err() {
                        return;
                    }
                    continue;
                };
                // The table's rows for the view on screen now (the lock is only held to
                // copy it): the screen's thread then only swaps them in.
                let view = shown.lock().map(|v| v.clone()).unwrap_or_default();
                prepared.make_rows(&view);
                if !prepared.succeeded() {
                    release_free_memory();
                }
                let sent = tx.send(Event::Loaded {
                    prepared: Box::new(prepared),
                    fingerprint,
                });
                if sent.is_err() {
                    return;
                }
            }
        });
        Reloads {
            in_flight: false,
            pending: false,
            stale,
            view,
            loaded,
            worker,
            pending_all: false,
        }
    }

    /// `r`: everything read again, changed or not.
    fn request_all(&mut self, dir: &DataDir) {
        if self.in_flight {
            self.pending = true;
            self.pending_all = true;
            return;
        }
        self.stale.store(false, Ordering::SeqCst);
        self.in_flight = self.worker.send(Job::Load(dir.clone(), true)).is_ok();
    }

    fn busy(&self) -> bool {
        self.in_flight || self.pending
    }

    fn request(&mut self, dir: &DataDir) {
        if self.in_flight {
            self.pending = true;
            self.stale.store(true, Ordering::SeqCst);
            return;
        }
        self.stale.store(false, Ordering::SeqCst);
        self.in_flight = self.worker.send(Job::Load(dir.clone(), false)).is_ok();
    }

    /// The load in flight was out of date and not kept: the waiting one starts.
    fn superseded(&mut self, dir: &DataDir) {
        self.in_flight = false;
        self.pending = false;
        if std::mem::take(&mut self.pending_all) {
            self.request_all(dir);
        } else {
            self.request(dir);
        }
    }

    /// Tells the reload thread the village table's view on screen.
    fn show(&self, view: ViewHint) {
        if let Ok(mut shown) = self.view.lock()
            && *shown != view
        {
            *shown = view;
        }
    }

    fn free(&self, old: Option<Loaded>) {
        if let Some(old) = old {
            let _ = self.worker.send(Job::Free(Box::new(old)));
        }
    }

    fn finished(&mut self, fingerprint: Fingerprint, dir: &DataDir) {
        self.in_flight = false;
        self.loaded = fingerprint;
        if std::mem::take(&mut self.pending) {
            if std::mem::take(&mut self.pending_all) {
                self.request_all(dir);
            } else {
                self.request(dir);
            }
        }
    }
}

/// How much lower than the screen's the reload thread's CPU priority is (a nice value).
/// The threads a load starts inherit it. At 10 the scheduler gives a thread of the screen
/// about nine times the share of a loading thread, so a key pressed while both cores load
/// 500,000 villages still gets its frame at once; an idle machine loads as fast as before.
pub const RELOAD_NICENESS: i32 = 10;

/// Lowers the calling thread's CPU priority by [`RELOAD_NICENESS`]: on Linux the nice value
/// is per thread, and threads it starts afterwards inherit it. Only the reload thread
/// calls it; the first load (before the screen exists) and `check` keep full priority.
///
/// The idle scheduling policy (`SCHED_IDLE`) was tried and left out: in traced runs at
/// 500,000 villages it made no difference a key could see (the screen's threads waited for
/// a core as long with it as without), and with two busy processes in the dashboard's
/// session a reload of 100,000 villages had not finished after 60 s (6.4-8.9 s at nice
/// +10), while the status bar said it was reloading.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid has no preconditions; setpriority on our own thread id only changes
    // this thread's nice value, and a failure (not allowed) leaves it as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid);
        if let Ok(tid) = libc::id_t::try_from(tid) {
            let now = libc::getpriority(libc::PRIO_PROCESS, tid);
            libc::setpriority(libc::PRIO_PROCESS, tid, now.saturating_add(RELOAD_NICENESS));
        }
    }
}

/// Hands memory that is free inside the allocator back to the system. glibc keeps freed
/// memory in per-thread arenas (the loader parses on several threads), and memory kept in
/// an arena that the next load does not allocate from would add to its peak.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim has no preconditions; it only returns free pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Reads keys, pastes and resizes on a thread of its own. It can be paused while an editor
/// owns the terminal, so it does not steal the editor's keys. EOF or an error on the
/// terminal (a hang-up with no SIGHUP) ends the dashboard.
struct InputThread {
    control: Arc<(Mutex<InputState>, Condvar)>,
}

#[derive(Default, PartialEq, Eq)]
enum InputState {
    #[default]
    Running,
    PauseRequested,
    Paused,
}

/// What waiting on the terminal found.
#[derive(PartialEq, Eq)]
enum Readiness {
    /// Nothing within the wait (or a signal interrupted it).
    Quiet,
    /// Something to read.
    Readable,
    /// The terminal hung up or failed (POLLHUP, POLLERR, POLLNVAL): no SIGHUP may come
    /// (`setsid`, `su`, `runuser`), and crossterm would spin on it forever (crossterm #793).
    Gone,
}

/// Waits up to `timeout` for the terminal on stdin, with poll(2) directly, so a hang-up is
/// seen before crossterm ever reads from it.
fn wait_for_terminal(timeout: Duration) -> Readiness {
    let fd = std::io::stdin().as_raw_fd();
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: poll on one valid pollfd.
    let n = unsafe { libc::poll(&mut pfd, 1, millis) };
    if n < 0 {
        return if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            Readiness::Quiet
        } else {
            Readiness::Gone
        };
    }
    if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Readiness::Gone
    } else if pfd.revents & libc::POLLIN != 0 {
        Readiness::Readable
    } else {
        Readiness::Quiet
    }
}

/// Passes on every event crossterm has ready now (a read may hold several, and resizes
/// arrive on crossterm's own signal pipe). Err when the terminal failed or the loop is gone.
fn drain_events(tx: &Sender<Event>) -> Result<(), ()> {
    loop {
        match event::poll(Duration::ZERO) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(_) => return Err(()),
        }
        let sent = match event::read() {
            Ok(TermEvent::Key(key)) if key.is_press() => tx.send(Event::Key(key)),
            Ok(TermEvent::Paste(text)) => tx.send(Event::Paste(text)),
            Ok(TermEvent::Resize(..)) => tx.send(Event::Resize),
            Ok(_) => Ok(()),
            Err(_) => return Err(()),
        };
        if sent.is_err() {
            return Err(());
        }
    }
}

impl InputThread {
    fn spawn(tx: Sender<Event>) -> Self {
        let control = Arc::new((Mutex::new(InputState::Running), Condvar::new()));
        let shared = Arc::clone(&control);
        thread::spawn(move || {
            let (lock, cvar) = &*shared;
            loop {
                {
                    let Ok(mut state) = lock.lock() else { return };
                    if *state == InputState::PauseRequested {
                        *state = InputState::Paused;
                        cvar.notify_all();
                    }
                    while *state == InputState::Paused {
                        let Ok(next) = cvar.wait(state) else { return };
                        state = next;
                    }
                }
                // Read errors and EOF end the dashboard at once, restoring what can be.
                let ready = wait_for_terminal(INPUT_POLL);
                if ready == Readiness::Gone || drain_events(&tx).is_err() {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            }
        });
        InputThread { control }
    }

    /// Asks the thread to stop reading and waits until it has.
    fn pause(&self) {
        let (lock, cvar) = &*self.control;
        let Ok(mut state) = lock.lock() else { return };
        *state = InputState::PauseRequested;
        while *state == InputState::PauseRequested {
            match cvar.wait_timeout(state, Duration::from_secs(2)) {
                Ok((next, timeout)) => {
                    state = next;
                    if timeout.timed_out() {
                        break;
                    }
                }
                Err(_) => return,
            }
        }
    }

    fn resume(&self) {
        let (lock, cvar) = &*self.control;
        if let Ok(mut state) = lock.lock() {
            *state = InputState::Running;
            cvar.notify_all();
        }
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, split like shell words (so
/// `EDITOR="code --wait"` and a quoted path with spaces work). `None` for a value that
/// cannot be split (an unclosed quote).
pub fn editor_command() -> Option<(String, Vec<String>)> {
    let value = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    split_editor(&value)
}

/// Splits an editor setting like a shell does: program, then arguments.
pub fn split_editor(value: &str) -> Option<(String, Vec<String>)> {
    let mut words = shell_words::split(value).ok()?.into_iter();
    let program = words.next()?;
    Some((program, words.collect()))
}

/// The arguments that open `path` at `line` in `program`, in the form that editor takes:
/// `+N FILE` for the vi family, nano, emacs, micro, kak and hx; `--goto FILE:N` for VS Code;
/// the file alone for an editor not known here.
pub fn editor_args(program: &str, path: &Path, line: usize) -> Vec<std::ffi::OsString> {
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    const PLUS_LINE: [&str; 14] = [
        "vi",
        "vim",
        "nvim",
        "view",
        "vim.basic",
        "vim.tiny",
        "nano",
        "emacs",
        "emacsclient",
        "micro",
        "kak",
        "hx",
        "helix",
        "mg",
    ];
    const GOTO: [&str; 4] = ["code", "code-insiders", "codium", "code-oss"];
    if PLUS_LINE.contains(&name) {
        vec![format!("+{line}").into(), path.as_os_str().to_owned()]
    } else if GOTO.contains(&name) {
        let mut target = path.as_os_str().to_owned();
        target.push(format!(":{line}"));
        vec!["--goto".into(), target]
    } else {
        vec![path.as_os_str().to_owned()]
    }
}

/// Hands the terminal to the editor at `path:line` and takes it back afterwards.
fn edit(
    terminal: &mut LeanTerminal,
    input: &InputThread,
    path: &Path,
    line: usize,
) -> Result<(), crate::i18n::messages::Msg> {
    let Some((program, args)) = editor_command() else {
        return Err(crate::i18n::messages::cannot_split_editor());
    };
    input.pause();
    {
        let _guard = TERMINAL.lock();
        restore_terminal();
    }
    let result = std::process::Command::new(&program)
        .args(&args)
        .args(editor_args(&program, path, line))
        .spawn()
        .and_then(|mut child| {
            EDITOR_PID.store(child.id(), Ordering::SeqCst);
            let status = child.wait();
            EDITOR_PID.store(0, Ordering::SeqCst);
            status
        });
    // If a signal ended the editor, the signal thread is restoring the terminal and ending
    // the process: waiting on the lock keeps this from undoing it.
    let guard = TERMINAL.lock();
    // A fresh Terminal redraws every cell on its next frame.
    let reentered = enter_terminal()
        .and_then(|()| new_terminal())
        .map(|fresh| *terminal = fresh);
    drop(guard);
    input.resume();
    if let Err(e) = reentered {
        return Err(crate::i18n::messages::terminal_error(&e));
    }
    match result {
        Ok(_) => Ok(()),
        Err(e) => Err(crate::i18n::messages::cannot_start_editor(
            &crate::text::sanitize(&program),
            &e,
        )),
    }
}

/// Where the signal thread asks for a full redraw after SIGCONT.
static RESUME: Mutex<Option<Sender<Event>>> = Mutex::new(None);

/// Tells the signal thread where to ask for a redraw once the dashboard runs.
fn redraw_on_resume(tx: Sender<Event>) {
    if let Ok(mut slot) = RESUME.lock() {
        *slot = Some(tx);
    }
}

/// Signals that end the dashboard (after restoring the terminal and ending an open editor).
const ENDING: [i32; 7] = [SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];

/// Restores the terminal and exits on the [`ENDING`] signals, ending an open editor first so
/// that no process is left behind; suspends cleanly on SIGTSTP and takes the terminal back
/// on SIGCONT.
///
/// Started before the start-up probe (which puts the terminal in raw mode), so it takes no
/// channel: the runtime registers where to ask for a redraw with [`redraw_on_resume`].
pub fn spawn_signal_thread() -> anyhow::Result<()> {
    save_termios();
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    let mut all = ENDING.to_vec();
    all.extend([SIGTSTP, SIGCONT]);
    let mut signals = signal_hook::iterator::Signals::new(all)?;
    thread::spawn(move || {
        for signal in signals.forever() {
            match signal {
                SIGTSTP => suspend(),
                SIGCONT => {
                    if EDITOR_PID.load(Ordering::SeqCst) == 0 {
                        let _guard = TERMINAL.lock();
                        let _ = enter_terminal();
                        if let Ok(Some(tx)) = RESUME.lock().as_deref() {
                            let _ = tx.send(Event::Redraw);
                        }
                    }
                }
                _ => end(signal),
            }
        }
    });
    Ok(())
}

/// Ctrl-Z: give the terminal back as it was found, then stop. While an editor runs, the
/// editor owns the terminal and the dashboard only stops.
fn suspend() {
    let editor_open = EDITOR_PID.load(Ordering::SeqCst) != 0;
    if !editor_open {
        let _guard = TERMINAL.lock();
        restore_terminal();
    }
    // SAFETY: stopping our own process; SIGCONT resumes it here.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGSTOP);
    }
}

fn end(signal: i32) -> ! {
    // Taken for good: the editor hand-over must not re-enter raw mode after this.
    let guard = TERMINAL.lock();
    let editor = EDITOR_PID.load(Ordering::SeqCst);
    if editor != 0 {
        // SAFETY: kill(2) with a pid we spawned and a valid signal number has no
        // memory-safety preconditions.
        unsafe {
            libc::kill(editor as libc::pid_t, libc::SIGTERM);
        }
    }
    restore_terminal();
    std::mem::forget(guard);
    std::process::exit(128 + signal);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(program: &str) -> Vec<String> {
        editor_args(program, Path::new("/d/villages.toml"), 18)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn the_editor_setting_is_split_like_shell_words() {
        assert_eq!(
            split_editor("code --wait"),
            Some(("code".to_string(), vec!["--wait".to_string()]))
        );
        assert_eq!(
            split_editor("'/opt/My Editor/bin/vim' -n"),
            Some(("/opt/My Editor/bin/vim".to_string(), vec!["-n".to_string()]))
        );
        assert_eq!(split_editor("\"vim"), None);
    }

    #[test]
    fn each_known_editor_gets_the_line_in_its_own_form() {
        for vi_like in [
            "vi",
            "/usr/bin/vim",
            "nvim",
            "nano",
            "emacs",
            "micro",
            "kak",
            "hx",
        ] {
            assert_eq!(args(vi_like), ["+18", "/d/villages.toml"], "{vi_like}");
        }
        assert_eq!(args("code"), ["--goto", "/d/villages.toml:18"]);
        assert_eq!(args("/opt/My Editor/bin/unknown"), ["/d/villages.toml"]);
    }
}
