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

use crate::app::{App, Tab};
use crate::text::{truncate, width};
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
        spans.push(Span::styled(format!("{}:{name}", i + 1), style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if let Some(data) = app.data() {
        let t = &data.township;
        let name = match (&t.name_en, app.strings.english()) {
            (Some(en), true) => en.as_str(),
            _ => t.name.as_str(),
        };
        let room = usize::from(area.width).saturating_sub(used + 1);
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
    let hint = app.strings.errors_hint;
    let text = format!(
        "! {}: {}{more}  [{hint}]",
        app.strings.errors_banner,
        first.short()
    );
    buf.set_style(area, app.theme.error_banner());
    put(buf, area, 0, &text, app.theme.error_banner());
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let s = app.strings;
    let v = &app.villages;
    let left = if v.editing_filter || !v.filter.is_empty() && app.tab == crate::app::Tab::Villages {
        let cursor = if v.editing_filter { "_" } else { "" };
        format!("/{}{cursor}", v.filter)
    } else if let Some(message) = &app.message {
        message.clone()
    } else {
        let loaded = app
            .loaded_at
            .map(|t| format!("{} {}", s.loaded_at, t.format("%H:%M:%S")))
            .unwrap_or_default();
        format!("{loaded} | {} {}", s.warnings, app.warnings.len())
    };
    let right = s.help_hint;
    let room = usize::from(area.width).saturating_sub(width(right) + 1);
    let left = truncate(&left, room);
    let pad = usize::from(area.width).saturating_sub(width(&left) + width(right));
    let warn_style = if app.warnings.is_empty() {
        app.theme.status_bar()
    } else {
        app.theme.warning()
    };
    let line = Line::from(vec![
        Span::styled(left, warn_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, app.theme.status_bar()),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
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
