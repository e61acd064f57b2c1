//! Drawing the dashboard: a pure function of `App`, one file per tab.
//!
//! ```text
//! +--------------------------------------------------------------+
//! | 1:总览  2:村庄  3:燕麦草  4:产业  5:培训  6:党建     韭菜庄乡 |  tab bar
//! | ! 数据文件有错误 ... villages.toml:12:5: ...                 |  error banner (only on errors)
//! |                                                              |
//! |                     the selected tab                         |  body
//! |                                                              |
//! | 加载于 10:21:05 | 警告 0                        ?帮助 q退出 |  status line
//! +--------------------------------------------------------------+
//! ```

pub mod accounts;
pub mod county;
pub mod oat;
pub mod overlay;
pub mod overview;
pub mod party;
pub mod projects;
pub mod theme;
pub mod training;
pub mod villages;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Freshness, Tab};
use crate::text::{truncate, width};
use crate::watch::WatchMode;
use widgets::put;

/// The smallest terminal every tab is readable in.
pub const MIN_WIDTH: u16 = 64;
pub const MIN_HEIGHT: u16 = 16;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(self, area, buf);
            return;
        }
        if let Some(c) = &self.county {
            // An open township draws its own dashboard; the county's overview otherwise.
            if let Some(t) = c.open.and_then(|i| c.townships.get(i)) {
                t.app.render(area, buf);
                return;
            }
            let banner = u16::from(!self.errors.is_empty());
            let [heading, banner_area, body, status] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(banner),
                Constraint::Fill(1),
                Constraint::Length(1),
            ])
            .areas(area);
            county::render_heading(self, c, heading, buf);
            if banner > 0 {
                render_banner(self, banner_area, buf);
            }
            let body_inner = Rect::new(
                body.x,
                body.y + 1,
                body.width,
                body.height.saturating_sub(1),
            );
            county::render(self, c, body_inner, buf);
            render_status(self, status, buf);
            if let Some(overlay) = self.overlay {
                overlay::render(self, overlay, body, buf);
            }
            return;
        }
        let banner = u16::from(!self.errors.is_empty());
        let [tabs, banner_area, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(banner),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        render_tabs(self, tabs, buf);
        if banner > 0 {
            render_banner(self, banner_area, buf);
        }
        match &self.loaded {
            Some(loaded) => match self.tab {
                Tab::Overview => overview::render(self, loaded, body, buf),
                Tab::Villages => villages::render(self, loaded, body, buf),
                Tab::Oat => oat::render(self, loaded, body, buf),
                Tab::Projects => projects::render(self, loaded, body, buf),
                Tab::Training => training::render(self, loaded, body, buf),
                Tab::Party => party::render(self, loaded, body, buf),
            },
            None => put(buf, body, 1, self.strings.no_data, self.theme.dim()),
        }
        render_status(self, status, buf);
        if let Some(overlay) = self.overlay {
            overlay::render(self, overlay, body, buf);
        }
    }
}

fn render_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let s = app.strings;
    let lines = [
        s.too_small.to_string(),
        format!("{MIN_WIDTH}x{MIN_HEIGHT}"),
        format!("({}x{})", area.width, area.height),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let text = truncate(line, usize::from(area.width));
        let x = area.width.saturating_sub(width(&text) as u16) / 2;
        let row = Rect::new(area.x + x, area.y, area.width - x, area.height);
        put(buf, row, top + i as u16, &text, app.theme.heading());
    }
}

fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    for (i, (tab, name)) in Tab::ALL.iter().zip(app.strings.tabs).enumerate() {
        let style = if *tab == app.tab {
            app.theme.tab_active()
        } else {
            app.theme.tab()
        };
        let marker = if *tab == app.tab {
            app.theme.tab_marker()
        } else {
            " "
        };
        spans.push(Span::raw(marker));
        spans.push(Span::styled(format!("{}:{name}", i + 1), style));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if let Some(data) = app.data() {
        let t = &data.township;
        let name = match (&t.name_en, app.strings.english()) {
            (Some(en), true) => en.as_str(),
            _ => t.name.as_str(),
        };
        // In a county: the county before the township, the township alone when narrow.
        let room = usize::from(area.width).saturating_sub(used + 1);
        let with_county = app.context.as_ref().map(|c| format!("{c} / {name}"));
        let name = match &with_county {
            Some(full) if width(full) <= room => full.as_str(),
            _ => name,
        };
        // The township's name is shown whole or not at all.
        if width(name) <= room {
            let name = name.to_string();
            let pad = room - width(&name);
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(name, app.theme.title()));
        }
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

fn render_banner(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(first) = app.errors.first() else {
        return;
    };
    let more = if app.errors.len() > 1 {
        format!(" (+{})", app.errors.len() - 1)
    } else {
        String::new()
    };
    // What to do next comes before the message, so a narrow terminal cuts the message.
    // What to do next is pinned to the right, so a narrow terminal cuts the message.
    let hint = format!(" {} ", app.strings.errors_hint);
    let room = usize::from(area.width).saturating_sub(width(&hint));
    let text = truncate(
        &format!("! {}: {}{more}", app.strings.errors_banner, first.short()),
        room,
    );
    let pad = usize::from(area.width).saturating_sub(width(&text) + width(&hint));
    buf.set_style(area, app.theme.error_banner());
    put(
        buf,
        area,
        0,
        &format!("{text}{}{hint}", " ".repeat(pad)),
        app.theme.error_banner(),
    );
}

/// The keys that work in the current view, most useful first, as `(key, what it does)`.
fn view_keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let s = app.strings;
    if app.villages.editing_filter {
        return vec![("Enter", s.key_confirm), ("Esc", s.key_clear)];
    }
    if app.overlay.is_some() {
        let mut keys = vec![("Esc", s.key_close), ("j/k", s.key_scroll)];
        if app.overlay == Some(crate::app::Overlay::Errors) && !app.errors.is_empty() {
            keys.push(("e", s.key_edit));
        }
        return keys;
    }
    let mut keys = Vec::new();
    if app.county.is_some() {
        keys.push(("Enter", s.county().key_open));
        if !app.errors.is_empty() {
            keys.push(("x", s.key_errors));
        }
        keys.push(("?", s.key_help));
        keys.push(("q", s.key_quit));
        return keys;
    }
    match app.tab {
        Tab::Villages if app.villages.detail.is_some() => {
            keys.push(("Esc", s.key_back));
            keys.push(("e", s.key_edit));
        }
        Tab::Villages => {
            keys.push(("Enter", s.key_open));
            keys.push(("/", s.key_filter));
            keys.push(("h/l", s.key_sort));
            keys.push(("e", s.key_edit));
        }
        Tab::Projects | Tab::Training => keys.push(("e", s.key_edit)),
        Tab::Overview | Tab::Oat | Tab::Party => {}
    }
    if !app.errors.is_empty() {
        keys.push(("x", s.key_errors));
    }
    keys.push(("?", s.key_help));
    // In a township of a county, Esc and `q` go back to the county (`q` quits there).
    if app.context.is_some() && app.villages.detail.is_none() {
        keys.push(("Esc/q", s.county().key_back_county));
    } else {
        keys.push(("q", s.key_quit));
    }
    keys
}

/// The status line, left to right: where the figures come from (the data directory, or the
/// highlighted built-in sample), freshness, the warning count, a message; and on the right
/// the keys of the current view, in normal text.
///
/// Freshness is one slot (`freshness`), so a richer state (reload pending, failed, polling)
/// replaces it without touching the rest.
fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let s = app.strings;
    let v = &app.villages;
    let theme = app.theme;
    let mut left: Vec<Span> = Vec::new();
    if v.editing_filter || !v.filter.is_empty() && app.tab == Tab::Villages {
        let cursor = if v.editing_filter { "_" } else { "" };
        left.push(Span::styled(
            format!("/{}{cursor} ", v.filter),
            theme.status_bar(),
        ));
    }
    let total = usize::from(area.width);
    // Compact when the keys of the view would not all fit beside the full wording: the
    // keys one space apart, the load time without its label, the short warning word. At
    // 80 columns every view's keys fit in both languages (tests/render.rs checks it).
    let full_keys = view_keys(app);
    let full_width: usize = full_keys
        .iter()
        .map(|(k, w)| width(k) + width(s.key_gap) + width(w) + 2)
        .sum();
    let compact = full_width + 45 > total;
    let sep = if compact { 1 } else { 2 };
    // After the source: freshness, the warning count and a message, which are never cut
    // for a long directory name; the directory is cut at its start instead.
    let mut after: Vec<Span> = Vec::new();
    // A message (said once, gone at the next key) takes the place of the freshness.
    let freshness = match (compact, freshness_words(app), app.loaded_at) {
        (true, None, Some(t)) => t.format("%H:%M").to_string(),
        _ => freshness(app),
    };
    if !freshness.is_empty() && app.message.is_none() {
        // Figures older than the files are said in the banner's colours: never missed.
        let style = if app.freshness() == Freshness::Current {
            theme.status_bar()
        } else {
            theme.error_banner()
        };
        after.push(Span::styled(format!(" | {freshness}"), style));
    }
    let warn_style = if app.warnings.is_empty() {
        theme.status_bar()
    } else {
        theme.warning()
    };
    let warnings_word = if compact {
        s.warnings_short
    } else {
        s.warnings
    };
    after.push(Span::styled(
        format!(" | {warnings_word} {}", app.warnings.len()),
        warn_style,
    ));
    if let Some(message) = &app.message {
        after.push(Span::styled(format!(" | {message}"), theme.warning()));
    }
    let keys_width = |keys: &[(&str, &str)]| -> usize {
        keys.iter()
            .map(|(k, w)| width(k) + width(s.key_gap) + width(w) + sep)
            .sum::<usize>()
    };
    // The source: the built-in sample whole, a directory cut at its start (its end says
    // the most) to no less than 12 columns.
    let fixed: usize = left
        .iter()
        .chain(&after)
        .map(|s| width(&s.content))
        .sum::<usize>();
    let source = match &app.dir {
        crate::data::DataDir::BuiltIn => {
            Span::styled(format!(" {} ", s.built_in_data), theme.built_in())
        }
        crate::data::DataDir::Path(dir) => Span::styled(
            format!(
                "{} {}",
                s.source_label,
                crate::text::sanitize(&dir.display().to_string())
            ),
            theme.status_bar(),
        ),
    };
    let source_min = if compact {
        width(&source.content).min(width(s.source_label) + 5)
    } else {
        width(&source.content).min(width(s.source_label) + 13)
    };
    // Keys: keep the first ones, but `?` and `q` always, dropping from the middle.
    let budget = total
        .saturating_sub(fixed + source_min + 1)
        .max(total * 2 / 5);
    let mut keys = full_keys;
    while keys.len() > 2 && keys_width(&keys) > budget {
        keys.remove(keys.len() - 3);
    }
    let source_room = total.saturating_sub(keys_width(&keys) + 1 + fixed);
    let source = match &app.dir {
        crate::data::DataDir::Path(dir) if width(&source.content) > source_room => {
            let room = source_room.saturating_sub(width(s.source_label) + 1).max(4);
            let shown = crate::text::sanitize(&dir.display().to_string());
            Span::styled(
                format!(
                    "{} {}",
                    s.source_label,
                    crate::text::truncate_start(&shown, room)
                ),
                theme.status_bar(),
            )
        }
        _ => source,
    };
    left.push(source);
    left.extend(after);

    let right_width = keys_width(&keys);
    let room = total.saturating_sub(right_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let w = width(&span.content);
        if used + w <= room {
            used += w;
            spans.push(span);
        } else {
            let cut = truncate(&span.content, room - used);
            used += width(&cut);
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    spans.push(Span::raw(
        " ".repeat(total.saturating_sub(used + right_width)),
    ));
    for (key, what) in keys {
        spans.push(Span::raw(" ".repeat(sep)));
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(s.key_gap));
        spans.push(Span::styled(what, theme.status_bar()));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// How fresh the figures are: when they were loaded.
fn freshness(app: &App) -> String {
    if let Some(words) = freshness_words(app) {
        return words;
    }
    app.loaded_at
        .map(|t| format!("{} {}", app.strings.loaded_at, t.format("%H:%M:%S")))
        .unwrap_or_default()
}

/// The freshness part of the status line: said only when the figures on screen may be
/// older than the files, or when the files are watched by polling.
pub fn freshness_words(app: &App) -> Option<String> {
    let s = app.strings;
    let fresh = match app.freshness() {
        Freshness::Current => None,
        Freshness::ReloadPending => Some(s.fresh_reloading),
        Freshness::ReloadFailed => Some(s.fresh_failed),
    };
    let polling = (app.watch_mode == WatchMode::Polling).then_some(s.watch_polling);
    match (fresh, polling) {
        (None, None) => None,
        (Some(f), None) => Some(f.to_string()),
        (None, Some(p)) => Some(p.to_string()),
        (Some(f), Some(p)) => Some(format!("{f} | {p}")),
    }
}

/// Renders one frame into a plain-text picture: exactly `height` lines, each at most
/// `width` display columns, no escape sequences.
pub fn snapshot(app: &App, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buffer_to_text(&buf)
}

/// The characters of a buffer, line by line, with trailing spaces removed.
pub fn buffer_to_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..area.width {
            let symbol = buf[(area.x + x, area.y + y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let w = width(symbol);
            skip = w.saturating_sub(1);
            // Symbols reaching here were written by widgets that drop control characters.
            line.push_str(if symbol.is_empty() { " " } else { symbol });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
