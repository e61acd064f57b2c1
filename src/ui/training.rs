//! Tab 5, Training: sessions by date, participants per session, totals by category.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row, Widget};

use super::widgets::{BarRow, HBars, put, window};
use crate::app::{App, Loaded};
use crate::i18n::Unit;
use crate::text::{pad_left, pad_right};

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let topic_w: u16 = if s.english() { 34 } else { 26 };
    let header = Row::new(vec![
        Cell::from(pad_right(s.col_date, 10)),
        Cell::from(pad_right(s.col_topic, topic_w.into())),
        Cell::from(pad_right(s.col_category, 10)),
        Cell::from(pad_left(s.participants, 12)),
    ])
    .style(theme.header_row());
    let topic = |t: &crate::data::TrainingSession| -> String {
        let name = match (&t.topic_en, s.english()) {
            (Some(en), true) => en.as_str(),
            _ => t.topic.as_str(),
        };
        format!("{name}{}", if t.illustrative { "*" } else { "" })
    };
    let table_h = (u16::try_from(data.sessions.len()).unwrap_or(u16::MAX - 1) + 1)
        .min(area.height.saturating_sub(3).max(2));
    let (offset, visible) = window(app.session_selected, usize::from(table_h) - 1);
    let rows: Vec<Row> = data
        .sessions
        .iter()
        .skip(offset)
        .take(visible)
        .map(|t| {
            Row::new(vec![
                Cell::from(t.date.to_string()),
                Cell::from(pad_right(&topic(t), topic_w.into())),
                Cell::from(pad_right(s.training_category(t.category), 10)),
                Cell::from(pad_left(&t.participants.value.to_string(), 12)),
            ])
        })
        .collect();
    super::widgets::render_selectable_table(
        rows,
        &[
            Constraint::Length(10),
            Constraint::Length(topic_w),
            Constraint::Length(10),
            Constraint::Length(12),
        ],
        header,
        app.session_selected - offset,
        theme,
        Rect::new(area.x, area.y, area.width, table_h),
        buf,
    );

    let mut y = table_h + 1;
    // The published figures first (3次, 200余人次), then the sessions summed, marked when
    // their head counts are illustrative.
    let total =
        |key: &str, unit: Unit| ind.total(key).map(|t| s.total(t, unit)).unwrap_or_default();
    let published = format!(
        "{}: {}, {}",
        s.training,
        total("training_sessions", Unit::Sessions),
        total("training_participants", Unit::Attendances)
    );
    put(buf, area, y, &published, theme.value());
    if data.training.participants.is_some() {
        y += 1;
        let summed = format!(
            "{}: {}, {}{}",
            s.sessions_summed,
            s.sessions_count(data.sessions.len()),
            s.person_times(ind.training_participants),
            s.mark(ind.sessions_illustrative)
        );
        put(buf, area, y, &summed, theme.text());
    }
    y += 2;
    put(buf, area, y, s.participants_per_session, theme.heading());
    y += 1;
    let fits = usize::from(area.height.saturating_sub(y));
    let bars: Vec<BarRow> = data
        .sessions
        .iter()
        .take(fits)
        .map(|t| BarRow {
            label: t.date.to_string(),
            value: t.participants.value,
            text: format!("{}{}", t.participants.value, s.mark(t.illustrative)),
            style: theme.bar(),
        })
        .collect();
    let h = (bars.len() as u16).min(area.height.saturating_sub(y));
    HBars {
        rows: &bars,
        markers: &[],
        theme,
        more: data.sessions.len() - bars.len(),
    }
    .render(Rect::new(area.x, area.y + y, area.width.min(72), h), buf);
    y += h + 1;
    put(buf, area, y, s.totals_by_category, theme.heading());
    y += 1;
    for (category, total) in &ind.training_by_category {
        let line = format!(
            "{} {}, {}",
            pad_right(s.training_category(*category), 10),
            s.sessions_count(total.sessions),
            s.person_times(total.participants)
        ) + s.mark(ind.sessions_illustrative);
        put(buf, area, y, &line, theme.text());
        y += 1;
    }
    if data.sessions.iter().any(|t| t.illustrative) {
        put(buf, area, y, s.mark_legend, theme.dim());
    }
}
