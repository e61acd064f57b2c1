//! Tab 5, Training: the sessions with their participants drawn as bars beside them (the
//! category named on each row), then participants by category. Each figure is shown once
//! per question: per session in the table, per category below it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Widget};

use super::widgets::{BarRow, HBars, put, window};
use crate::app::{App, Loaded};
use crate::i18n::Unit;
use crate::text::{pad_left, pad_right};

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let category_w: u16 = if s.english() { 9 } else { 8 };
    let count_w = crate::text::width(s.participants).clamp(6, 12) as u16;
    // The selection symbol (2) and the spaces between the five columns (4).
    let fixed = 2 + 10 + category_w + count_w + 4;
    let spare = area.width.saturating_sub(fixed);
    // The topic takes what it needs (up to 40), the participants' bars the rest.
    let topic_need = data
        .sessions
        .iter()
        .map(|t| crate::text::width(&topic(app, t)))
        .max()
        .unwrap_or(0) as u16;
    let topic_w = topic_need.clamp(12, 40).min(spare.saturating_sub(8)).max(8);
    // Short enough that moving the selection (which restyles two rows) stays cheap over SSH.
    let bar_w = spare.saturating_sub(topic_w).min(24);
    let header = Row::new(vec![
        Cell::from(pad_right(s.col_date, 10)),
        Cell::from(pad_right(s.col_topic, topic_w.into())),
        Cell::from(pad_right(s.col_category, category_w.into())),
        Cell::from(pad_left(s.participants, count_w.into())),
        Cell::from(""),
    ])
    .style(theme.header_row());
    let table_h = (u16::try_from(data.sessions.len()).unwrap_or(u16::MAX - 1) + 1)
        .min(area.height.saturating_sub(3).max(2));
    let (offset, visible) = window(app.session_selected, usize::from(table_h) - 1);
    let most = data
        .sessions
        .iter()
        .map(|t| t.participants.value)
        .max()
        .unwrap_or(1)
        .max(1);
    let mark = super::widgets::warn_mark(theme);
    let rows: Vec<Row> = data
        .sessions
        .iter()
        .skip(offset)
        .take(visible)
        .map(|t| {
            let n = t.participants.value;
            let filled = (i128::from(n.max(0)) * i128::from(bar_w) / i128::from(most)) as usize;
            let warned = app.warning_at(t.participants.at).is_some();
            let count = if warned {
                format!("{mark}{n}")
            } else {
                n.to_string()
            };
            Row::new(vec![
                Cell::from(t.date.to_string()),
                Cell::from(pad_right(&topic(app, t), topic_w.into())),
                Cell::from(pad_right(
                    s.training_category(t.category),
                    category_w.into(),
                )),
                Cell::from(Span::styled(
                    pad_left(&count, count_w.into()),
                    if warned {
                        theme.warning()
                    } else {
                        theme.value()
                    },
                )),
                Cell::from(Span::styled(theme.bar_glyph().repeat(filled), theme.bar())),
            ])
        })
        .collect();
    super::widgets::render_selectable_table(
        rows,
        &[
            Constraint::Length(10),
            Constraint::Length(topic_w),
            Constraint::Length(category_w),
            Constraint::Length(count_w),
            Constraint::Length(bar_w),
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
    put(buf, area, y, s.totals_by_category, theme.heading());
    y += 1;
    let by_category: Vec<BarRow> = ind
        .training_by_category
        .iter()
        .map(|(category, total)| {
            BarRow::new(
                s.training_category(*category),
                total.participants,
                format!(
                    "{}{} ({})",
                    total.participants,
                    s.mark(ind.sessions_illustrative),
                    s.sessions_count(total.sessions)
                ),
                theme.bar(),
            )
        })
        .collect();
    let h = (by_category.len() as u16).min(area.height.saturating_sub(y));
    HBars::new(&by_category, theme, s)
        .render(Rect::new(area.x, area.y + y, area.width.min(100), h), buf);
    y += h + 1;
    if data.sessions.iter().any(|t| t.illustrative) {
        put(buf, area, y, s.mark_legend, theme.dim());
    }
}

fn topic(app: &App, t: &crate::data::TrainingSession) -> String {
    let name = app.strings.name(&t.topic, t.topic_en.as_deref());
    format!("{name}{}", if t.illustrative { "*" } else { "" })
}
