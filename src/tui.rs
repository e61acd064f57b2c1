//! The interactive dashboard's runtime: the terminal, one event channel fed by the input,
//! file-watcher and reload threads, and a loop that redraws only after an event.
//!
//! Every way out restores the terminal: the normal exit, a panic (ratatui's hook), and
//! SIGTERM / SIGHUP / SIGINT (a signal thread, which also covers an SSH connection that
//! dropped and left a dead tty that the event loop would never notice).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent};
use ratatui::crossterm::{execute, terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::app::{App, Effect, key_to_action};
use crate::data::{self, DataDir, LoadOutcome};
use crate::i18n::Strings;
use crate::ui::theme::Theme;
use crate::watch;

/// Everything the loop reacts to arrives as one of these, on one channel.
pub enum Event {
    Key(KeyEvent),
    Resize,
    FilesChanged,
    Loaded {
        generation: u64,
        outcome: Box<LoadOutcome>,
    },
    InputClosed,
}

/// The editor started with `e`, so the signal thread can end it too.
static EDITOR_PID: AtomicU32 = AtomicU32::new(0);

/// Held by whoever is changing the terminal's modes: the editor hand-over and the signal
/// thread's last restore never interleave. The signal thread takes it and never gives it
/// back, since the process ends.
pub(crate) static TERMINAL: Mutex<()> = Mutex::new(());

/// The one teardown for every way out: leave the alternate screen and raw mode, and show
/// the cursor. Errors are ignored: on a dead tty there is nobody to tell.
pub fn restore_terminal() {
    let _ = ratatui::try_restore();
    let _ = execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// How often the input thread looks up from waiting for a key to see whether it must pause
/// for the editor. It wakes the thread only; nothing is redrawn.
const INPUT_POLL: Duration = Duration::from_millis(200);

/// Whether both standard input and output are a terminal, as the dashboard needs.
pub fn is_terminal() -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
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
        eprintln!(
            "village-dash: the dashboard needs a terminal; without one, use \
             `village-dash summary` or `village-dash snapshot`"
        );
        return Ok(ExitCode::from(crate::EXIT_USAGE));
    }
    // Load before touching the terminal, so errors reach a normal stderr.
    let outcome = data::load(&dir).localize(strings.lang);
    if outcome.dataset.is_none() {
        let (text, _) = crate::report::check::render(&dir, &outcome);
        eprint!("{text}");
        return Ok(ExitCode::from(crate::EXIT_INVALID));
    }
    let mut app = App::new(dir.clone(), strings, theme);
    app.apply_load(outcome, chrono::Local::now());
    app.message = notice;

    let (tx, rx) = mpsc::channel();
    spawn_signal_thread()?;
    // try_init sets raw mode, the alternate screen and the panic hook; the frames go
    // through the byte-saving backend.
    // Under the lock the signal thread takes for good: a signal's restore never comes
    // before this entry into raw mode and the alternate screen.
    let mut terminal = {
        let _guard = TERMINAL.lock();
        ratatui::try_init().and_then(|_| crate::backend::terminal())?
    };
    let input = InputThread::spawn(tx.clone());
    let mut watcher = match &dir {
        DataDir::Path(path) => watch::watch_dir(path, tx.clone(), || Event::FilesChanged).ok(),
        DataDir::BuiltIn => None,
    };
    let result = event_loop(&mut terminal, &mut app, &rx, &tx, &input, &mut watcher);
    restore_terminal();
    result?;
    Ok(ExitCode::SUCCESS)
}

fn event_loop(
    terminal: &mut crate::backend::LeanTerminal,
    app: &mut App,
    rx: &Receiver<Event>,
    tx: &Sender<Event>,
    input: &InputThread,
    watcher: &mut Option<watch::DirWatcher>,
) -> anyhow::Result<()> {
    let mut reloads = Reloads::default();
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
        }
        // Blocks until something happens: an idle dashboard does no work at all.
        let Ok(event) = rx.recv() else {
            return Ok(());
        };
        match event {
            Event::Key(key) => {
                let Some(action) =
                    key_to_action(key, app.villages.editing_filter, app.overlay.is_some())
                else {
                    continue;
                };
                match app.update(action) {
                    Effect::None => {}
                    Effect::Quit => return Ok(()),
                    Effect::Reload => reloads.start(&app.dir, tx),
                    Effect::Edit { path, line } => {
                        if let Err(message) = edit(terminal, input, &path, line) {
                            app.message = Some(message);
                        }
                        reloads.start(&app.dir, tx);
                    }
                }
                dirty = true;
            }
            Event::Resize => dirty = true,
            Event::FilesChanged => reloads.start(&app.dir, tx),
            Event::Loaded {
                generation,
                outcome,
            } => {
                if reloads.is_current(generation) {
                    let was_missing = app.errors.iter().any(|e| e.file.is_none());
                    app.apply_load(*outcome, chrono::Local::now());
                    if was_missing
                        && app.errors.is_empty()
                        && let (Some(w), DataDir::Path(dir)) = (watcher.as_mut(), &app.dir)
                    {
                        watch::rewatch(w, dir);
                    }
                    dirty = true;
                }
            }
            Event::InputClosed => return Ok(()),
        }
    }
}

/// Reloads run on a thread of their own so a large directory never freezes the keys; only
/// the newest one's result is used.
#[derive(Default)]
struct Reloads {
    generation: u64,
}

impl Reloads {
    fn start(&mut self, dir: &DataDir, tx: &Sender<Event>) {
        self.generation += 1;
        let (generation, dir, tx) = (self.generation, dir.clone(), tx.clone());
        thread::spawn(move || {
            let outcome = data::load(&dir);
            let _ = tx.send(Event::Loaded {
                generation,
                outcome: Box::new(outcome),
            });
        });
    }

    fn is_current(&self, generation: u64) -> bool {
        generation == self.generation
    }
}

/// Reads keys and resizes on a thread of its own. It can be paused while an editor owns
/// the terminal, so it does not steal the editor's keys.
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
                let sent = match event::poll(INPUT_POLL) {
                    Ok(false) => Ok(()),
                    Ok(true) => match event::read() {
                        Ok(TermEvent::Key(key)) if key.is_press() => tx.send(Event::Key(key)),
                        Ok(TermEvent::Resize(..)) => tx.send(Event::Resize),
                        Ok(_) => Ok(()),
                        Err(_) => {
                            let _ = tx.send(Event::InputClosed);
                            return;
                        }
                    },
                    Err(_) => {
                        let _ = tx.send(Event::InputClosed);
                        return;
                    }
                };
                if sent.is_err() {
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

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`, split into program and
/// arguments (so `EDITOR="code -w"` works).
pub fn editor_command() -> (String, Vec<String>) {
    let value = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut words = value.split_whitespace().map(str::to_string);
    let program = words.next().unwrap_or_else(|| "vi".to_string());
    (program, words.collect())
}

/// Hands the terminal to the editor at `path:line` and takes it back afterwards.
fn edit(
    terminal: &mut crate::backend::LeanTerminal,
    input: &InputThread,
    path: &Path,
    line: usize,
) -> Result<(), String> {
    input.pause();
    {
        let _guard = TERMINAL.lock();
        restore_terminal();
    }
    let (program, args) = editor_command();
    let result = std::process::Command::new(&program)
        .args(&args)
        .arg(format!("+{line}"))
        .arg(path)
        .spawn()
        .and_then(|mut child| {
            EDITOR_PID.store(child.id(), Ordering::SeqCst);
            let status = child.wait();
            EDITOR_PID.store(0, Ordering::SeqCst);
            status
        });
    // If a signal ended the editor, the signal thread is restoring the terminal and ending
    // the process: waiting on the lock keeps this from undoing it.
    let _guard = TERMINAL.lock();
    // A fresh Terminal redraws every cell on its next frame; `Terminal::clear` would ask
    // the terminal for the cursor position, which can stall over a slow SSH link.
    let reentered = terminal::enable_raw_mode()
        .and_then(|()| {
            execute!(
                std::io::stdout(),
                terminal::EnterAlternateScreen,
                terminal::Clear(terminal::ClearType::All)
            )
        })
        .and_then(|()| crate::backend::terminal())
        .map(|fresh| *terminal = fresh);
    drop(_guard);
    input.resume();
    if let Err(e) = reentered {
        return Err(format!("terminal: {e}"));
    }
    match result {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "cannot start editor `{}`: {e} (set $VISUAL or $EDITOR)",
            crate::text::sanitize(&program)
        )),
    }
}

/// Restores the terminal and exits on SIGTERM, SIGHUP (the SSH connection dropped) and
/// SIGINT, ending an open editor first so that no process is left behind.
pub fn spawn_signal_thread() -> anyhow::Result<()> {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
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
            // try_restore, not restore: on a dead tty the error must not panic.
            restore_terminal();
            std::mem::forget(guard);
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}
