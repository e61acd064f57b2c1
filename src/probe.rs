//! The start-up probes, run on the real terminal before the alternate screen:
//!
//! - **Background** (OSC 11): `ESC ] 11 ; ? ESC \\`, answered by most terminals with
//!   `ESC ] 11 ; rgb:RRRR/GGGG/BBBB`; a light colour selects the light theme.
//! - **Ambiguous width**: at column 1, print one ambiguous-width glyph (`█`) and ask for the
//!   cursor position (`ESC [ 6 n`); a terminal that draws it two columns wide (Xshell,
//!   SecureCRT, PuTTY with a CJK font) answers column 3, and the dashboard switches to ASCII.
//!
//! Both questions go out in one write, followed by a device-status request (`ESC [ 5 n`)
//! that virtually every terminal answers (`ESC [ 0 n`) after the others: once it arrives,
//! nothing else is coming, so a terminal that answers costs one round trip. One that does
//! not is waited for at most `TIMEOUT`; then the configured choices stay.

use std::time::{Duration, Instant};

use crate::ui::theme::Background;

/// The longest wait for answers (the ambiguous-width probe's ~200 ms; the background's
/// answer, if any, arrives before the cursor report that ends the wait).
pub const TIMEOUT: Duration = Duration::from_millis(200);

/// Which questions to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    pub background: bool,
    pub ambiguous_width: bool,
}

/// What the terminal said; `None` where it did not answer (or was not asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Found {
    pub background: Option<Background>,
    pub ambiguous_wide: Option<bool>,
}

/// The ambiguous-width glyph printed by the probe.
pub const GLYPH: &str = "\u{2588}";

/// The bytes that ask the questions (and end with the device-status request).
pub fn query(ask: Ask) -> String {
    let mut out = String::new();
    if ask.ambiguous_width {
        // Column 1, the glyph, then: where is the cursor now?
        out.push('\r');
        out.push_str(GLYPH);
        out.push_str("\x1b[6n");
    }
    if ask.background {
        // Ended by ST, not BEL: no bell reaches a terminal that does not know OSC 11.
        out.push_str("\x1b]11;?\x1b\\");
    }
    out.push_str("\x1b[5n");
    out
}

/// Whether `answer` holds the device-status reply, after which nothing more comes.
pub fn complete(answer: &[u8]) -> bool {
    answer.windows(4).any(|w| w == b"\x1b[0n")
}

/// Reads the answers out of what the terminal sent back.
pub fn parse(ask: Ask, answer: &[u8]) -> Found {
    let text = String::from_utf8_lossy(answer);
    Found {
        background: if ask.background {
            parse_background(&text)
        } else {
            None
        },
        ambiguous_wide: if ask.ambiguous_width {
            parse_cursor_column(&text).map(|col| col >= 3)
        } else {
            None
        },
    }
}

/// The column of a cursor position report `ESC [ row ; col R`.
fn parse_cursor_column(text: &str) -> Option<u32> {
    let mut rest = text;
    while let Some(start) = rest.find("\x1b[") {
        let after = &rest[start + 2..];
        if let Some(end) = after.find('R') {
            let body = &after[..end];
            if let Some((row, col)) = body.split_once(';')
                && row.bytes().all(|b| b.is_ascii_digit())
                && !row.is_empty()
                && let Ok(col) = col.parse::<u32>()
            {
                return Some(col);
            }
        }
        rest = after;
    }
    None
}

/// The background from an OSC 11 reply `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` (1 to 4 hex digits
/// per channel), ended by BEL or `ESC \`.
fn parse_background(text: &str) -> Option<Background> {
    let start = text.find("\x1b]11;")?;
    let body = &text[start + 5..];
    let end = body.find(['\x07', '\x1b']).unwrap_or(body.len());
    let rgb = body[..end].strip_prefix("rgb:")?;
    let channels: Vec<f64> = rgb
        .split('/')
        .map(|h| {
            let h = h.get(..h.len().min(4))?;
            let v = u32::from_str_radix(h, 16).ok()?;
            let max = (1u32 << (4 * h.len() as u32)) - 1;
            (max > 0).then(|| f64::from(v) / f64::from(max))
        })
        .collect::<Option<_>>()?;
    let [r, g, b] = channels[..] else {
        return None;
    };
    let luminance = 0.299 * r + 0.587 * g + 0.114 * b;
    Some(if luminance > 0.5 {
        Background::Light
    } else {
        Background::Dark
    })
}

/// Asks the real terminal (standard output) and reads the answers from standard input, in
/// raw mode, waiting at most `TIMEOUT`. Then erases the probe glyph. Any failure is "no
/// answer": the configured choices stay.
pub fn run(ask: Ask) -> Found {
    if !ask.background && !ask.ambiguous_width {
        return Found::default();
    }
    // Held while the terminal is in raw mode for the probe, so the signal thread's restore
    // comes after the probe has put the terminal back, never before it (then raw mode
    // would outlive the process).
    let _guard = crate::tui::TERMINAL.lock();
    let was_raw = ratatui::crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw && ratatui::crossterm::terminal::enable_raw_mode().is_err() {
        return Found::default();
    }
    let answer = exchange(&query(ask));
    if ask.ambiguous_width {
        // Erase the glyph: back to column 1, clear the line.
        write_out("\r\x1b[K");
    }
    if !was_raw {
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
    }
    parse(ask, &answer)
}

fn write_out(bytes: &str) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes.as_bytes())
        .and_then(|()| out.flush())
        .is_ok()
}

/// Sends `query` and collects what comes back until the device-status reply or the timeout.
#[cfg(unix)]
fn exchange(query: &str) -> Vec<u8> {
    let mut answer = Vec::new();
    if !write_out(query) {
        return answer;
    }
    let deadline = Instant::now() + TIMEOUT;
    let mut buf = [0u8; 256];
    while !complete(&answer) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = i32::try_from(left.as_millis().max(1)).unwrap_or(i32::MAX);
        // SAFETY: one valid pollfd, its count, and a timeout; no other preconditions.
        let ready = unsafe { libc::poll(&mut fds, 1, ms) };
        if ready <= 0 {
            break;
        }
        // SAFETY: reads at most buf.len() bytes into a buffer of that size.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        let Ok(n) = usize::try_from(n) else { break };
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    answer
}

#[cfg(not(unix))]
fn exchange(_query: &str) -> Vec<u8> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Ask = Ask {
        background: true,
        ambiguous_width: true,
    };

    #[test]
    fn reads_a_wide_and_a_narrow_cursor_report() {
        let wide = parse(BOTH, b"\x1b[12;3R\x1b[0n");
        assert_eq!(wide.ambiguous_wide, Some(true));
        let narrow = parse(BOTH, b"\x1b[12;2R\x1b[0n");
        assert_eq!(narrow.ambiguous_wide, Some(false));
        assert_eq!(parse(BOTH, b"\x1b[0n").ambiguous_wide, None);
    }

    #[test]
    fn reads_light_and_dark_backgrounds() {
        let light = parse(BOTH, b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[0n");
        assert_eq!(light.background, Some(Background::Light));
        let dark = parse(BOTH, b"\x1b]11;rgb:1e/1e/2e\x07\x1b[0n");
        assert_eq!(dark.background, Some(Background::Dark));
        assert_eq!(parse(BOTH, b"\x1b]11;junk\x07").background, None);
    }

    #[test]
    fn asks_only_what_is_asked() {
        let q = query(Ask {
            background: false,
            ambiguous_width: true,
        });
        assert!(q.contains("\x1b[6n") && !q.contains("]11;"));
        assert!(q.ends_with("\x1b[5n"));
        assert!(complete(b"x\x1b[0n"));
    }
}
