//! Tab 6, Party building: the published counts and each village's branch status.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};

use super::widgets::put;
use crate::app::{App, Loaded};
use crate::data::BranchStatus;
use crate::text::{pad_right, width};

pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let p = &data.party_building;
    // Wide: the counts keep to the left, the villages go to the right.
    let full = area;
    let area = if full.width >= WIDE {
        Rect::new(full.x, full.y, COUNTS_WIDTH.min(full.width), full.height)
    } else {
        full
    };
    let since = s.counted_since(p.since);
    put(buf, area, 0, &since, theme.heading());
    let counts = [
        (
            s.branches_rectified,
            p.branches_rectified.value,
            Some(BranchStatus::Rectified),
        ),
        (
            s.strongest_branches,
            p.strongest_branches.value,
            Some(BranchStatus::Strongest),
        ),
        (s.venues_renovated, p.venues_renovated.value, None),
        (s.leaders_added, p.leaders_added.value, None),
    ];
    let label_w = counts.iter().map(|(l, _, _)| width(l)).max().unwrap_or(0) + 2;
    for (i, (label, value, status)) in counts.iter().enumerate() {
        let recorded = status
            .and_then(|st| ind.branch_counts.get(&st).copied())
            .map(|n| format!("   {}", s.villages_recorded(n)))
            .unwrap_or_default();
        put(
            buf,
            area,
            1 + i as u16,
            &format!("{}{value}{recorded}", pad_right(label, label_w)),
            theme.text(),
        );
    }

    if full.width >= WIDE {
        render_by_status(app, loaded, full, buf);
        return;
    }
    let top = 6;
    // Which village holds which status is not published: such rows carry the mark.
    let any_marked = loaded.any_village_illustrative();
    let heading = if any_marked {
        format!("{}  {}", s.branch_status_of_villages, s.mark_legend_short)
    } else {
        s.branch_status_of_villages.to_string()
    };
    put(buf, area, top, &heading, theme.heading());
    let list = Rect::new(
        area.x,
        area.y + top + 1,
        area.width,
        area.height.saturating_sub(top + 1),
    );
    let n = data.villages.len();
    let height = usize::from(list.height).max(1);
    let columns = n.div_ceil(height).clamp(1, 4);
    let per_column = n.div_ceil(columns).clamp(1, height);
    // Only what fits is drawn; the last line says how many more there are.
    let shown = (per_column * columns).min(n);
    let more = n - shown;
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns])
        .spacing(2)
        .split(list);
    for (n, &i) in ind.branch_rank.iter().take(shown).enumerate() {
        if more > 0 && n + 1 == shown {
            let Some(cell) = areas.get(n / per_column) else {
                break;
            };
            put(
                buf,
                *cell,
                (n % per_column) as u16,
                &format!("+{}", more + 1),
                theme.dim(),
            );
            break;
        }
        let column = n / per_column;
        let Some(cell) = areas.get(column) else { break };
        let v = &data.villages[i];
        let name_w = if s.english() { 13 } else { 9 };
        let status = format!(
            "{}{}",
            v.party_branch.map_or("-", |b| s.branch(b)),
            s.mark(v.illustrative)
        );
        let style = match v.party_branch {
            Some(BranchStatus::Strongest) => theme.positive(),
            Some(BranchStatus::Rectified) => theme.warning(),
            _ => theme.text(),
        };
        put(
            buf,
            *cell,
            (n % per_column) as u16,
            &format!(
                "{} {status}",
                pad_right(s.name(&v.name, v.name_en.as_deref()), name_w)
            ),
            style,
        );
    }
}

/// From this width the villages are listed beside the counts, one column per status.
const WIDE: u16 = 100;
/// The counts' width on wide terminals.
const COUNTS_WIDTH: u16 = 52;

/// The villages grouped by branch status, one column each, to the right of the counts:
/// which villages are the strongest branches, which were rectified, which are ordinary.
fn render_by_status(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    let (s, theme) = (app.strings, app.theme);
    let data = &loaded.data;
    let [_, right] = Layout::horizontal([Constraint::Length(COUNTS_WIDTH), Constraint::Fill(1)])
        .spacing(2)
        .areas(area);
    put(buf, right, 0, s.branch_status_of_villages, theme.heading());
    if loaded.any_village_illustrative() {
        let at = crate::text::width(s.branch_status_of_villages) as u16 + 2;
        put(
            buf,
            Rect::new(right.x + at, right.y, right.width.saturating_sub(at), 1),
            0,
            s.mark_legend_short,
            theme.dim(),
        );
    }
    // Grouped once per load: drawing goes through the villages shown, not all of them.
    let groups = loaded.branch_groups();
    if groups.is_empty() {
        return;
    }
    let columns = Layout::horizontal(vec![Constraint::Fill(1); groups.len()])
        .spacing(2)
        .split(Rect::new(
            right.x,
            right.y + 1,
            right.width,
            right.height.saturating_sub(1),
        ));
    for ((status, members), column) in groups.iter().zip(columns.iter()) {
        let label = status.map_or("-", |b| s.branch(b));
        let style = match status {
            Some(BranchStatus::Strongest) => theme.positive(),
            Some(BranchStatus::Rectified) => theme.warning(),
            _ => theme.text(),
        };
        put(
            buf,
            *column,
            0,
            &format!("{label} ({})", members.len()),
            style.add_modifier(ratatui::style::Modifier::BOLD),
        );
        let room = usize::from(column.height.saturating_sub(1));
        let more = members.len().saturating_sub(room);
        for (n, &i) in members.iter().take(room).enumerate() {
            let text = if more > 0 && n + 1 == room {
                s.more_rows(more + 1, theme.ascii)
            } else {
                let v = &data.villages[i as usize];
                format!(
                    "{}{}",
                    s.name(&v.name, v.name_en.as_deref()),
                    s.mark(v.illustrative)
                )
            };
            put(buf, *column, 1 + n as u16, &text, theme.text());
        }
    }
}
