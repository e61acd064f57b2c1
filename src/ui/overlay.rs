//! Windows over the current tab: the key help, all errors, all warnings.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::widgets::{put, wrap};
use crate::app::{App, Overlay};
use crate::text::{pad_right, width};

pub fn render(app: &App, overlay: Overlay, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (title, lines): (&str, Vec<String>) = match overlay {
        Overlay::Help => {
            // A county's overview has its own keys; a township opened from a county adds
            // the way back to it.
            let keys: Vec<(&str, &str)> = if app.county.is_some() {
                s.county().help.to_vec()
            } else if app.context.is_some() {
                s.help
                    .iter()
                    .copied()
                    .chain([s.county().help_back])
                    .collect()
            } else {
                s.help.to_vec()
            };
            let key_w = keys.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
            (
                s.help_title,
                keys.iter()
                    .map(|(k, d)| format!("{}{d}", pad_right(k, key_w)))
                    .collect(),
            )
        }
        Overlay::Errors => (s.errors_title, diagnostic_lines(&app.errors, s.no_errors)),
        Overlay::Warnings => (
            s.warnings_title,
            diagnostic_lines(&app.warnings, s.no_warnings),
        ),
    };
    let inner_w = lines
        .iter()
        .map(|l| width(l))
        .max()
        .unwrap_or(0)
        .max(width(title) + 4);
    let w = (inner_w as u16 + 2).min(area.width);
    // Long messages wrap inside the window instead of being cut.
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            let wrapped = wrap(l, usize::from(w.saturating_sub(2)));
            if wrapped.is_empty() {
                vec![String::new()]
            } else {
                wrapped
            }
        })
        .collect();
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    blank_straddling_wide_chars(rect, buf);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border_set())
        .border_style(theme.border())
        .title(format!(" {title} "))
        .title_style(theme.title());
    let inner = block.inner(rect);
    block.render(rect, buf);
    let scroll = app
        .overlay_scroll
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    for (i, line) in lines
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        put(buf, inner, i as u16, line, theme.text());
    }
}

/// Blanks a wide character whose right half lies under the window's left edge: left as it
/// is, the terminal diff skips the cell after a wide character, and the border cell there
/// would never be drawn (the window's left edge or corner "eaten" beside Chinese text).
fn blank_straddling_wide_chars(rect: Rect, buf: &mut Buffer) {
    if rect.x <= buf.area.x {
        return;
    }
    for y in rect.top()..rect.bottom() {
        let cell = &mut buf[(rect.x - 1, y)];
        if width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// Each diagnostic as its headline and quoted line, ready to show.
fn diagnostic_lines(diagnostics: &[crate::data::Diagnostic], empty: &str) -> Vec<String> {
    if diagnostics.is_empty() {
        return vec![empty.to_string()];
    }
    let mut lines = Vec::new();
    for d in diagnostics {
        lines.extend(d.render_in_data_dir().lines().map(str::to_string));
        lines.push(String::new());
    }
    lines.pop();
    lines
}
