//! Tab 2, Villages: every village in a sortable, filterable table; Enter opens one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Widget};

use super::overview::chart_value;
use super::widgets::{BarRow, HBars, put, put_line, sparkline, warn_mark};
use crate::app::{App, Loaded, SortColumn};
use crate::text::{pad_left, pad_right, truncate};

/// From this width the table shares the screen with the selected village's charts.
pub const MASTER_DETAIL_WIDTH: u16 = 120;

/// The table, or the opened village; from 120 columns, the table on the left and the
/// selected village's charts on the right, following `j`/`k`.
///
/// ```text
/// +-- table ------------------------+  +-- selected village ------------+
/// | 16 个村 (2023) 按收入 从高到低  |  | 天井村 Tianjing   1/16 Esc j/k |
/// | 村名  收入  同比 达标 距目标 ...|  | 历年集体收入 |=10万/20万         |
/// | > 天井村 23.6 ...               |  | 2020 ######|####   |            |
/// | ↓ 还有 3 行                     |  | ...                             |
/// +---------------------------------+  +---------------------------------+
/// ```
pub fn render(app: &App, loaded: &Loaded, area: Rect, buf: &mut Buffer) {
    match app.villages.detail {
        Some(index) => render_detail(app, loaded, index, &[], area, buf),
        None if area.width >= MASTER_DETAIL_WIDTH => {
            // The table takes the width its columns need (up to 55%), the page the rest:
            // a narrower selection bar is also fewer bytes to restyle on each `j`.
            // The columns are those that fit in 55%, less the trend (the page draws it).
            let most = area.width * 55 / 100;
            let mut cols = layout_columns(app, loaded, most);
            cols.retain(|&(c, _)| c != Col::Trend);
            let need = 2 + cols
                .iter()
                .map(|&(_, w)| w + 1)
                .sum::<u16>()
                .saturating_sub(1);
            let [table, detail] =
                Layout::horizontal([Constraint::Length(need.min(most)), Constraint::Fill(1)])
                    .spacing(2)
                    .areas(area);
            render_table(app, loaded, table, Some(&cols), buf);
            if let Some(&index) = app.villages.visible.get(app.villages.selected) {
                let shown: Vec<Col> = cols.iter().map(|&(c, _)| c).collect();
                render_detail(app, loaded, index, &shown, detail, buf);
            }
        }
        None => render_table(app, loaded, area, None, buf),
    }
}

/// The table's columns, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Income,
    Change,
    Status,
    Gap,
    /// The accounts columns (shown only when the data has a breakdown or a goal).
    Operating,
    Target,
    Percent,
    Oat,
    Households,
    Branch,
    Trend,
}

impl Col {
    const DRAWN: [Col; 12] = [
        Col::Name,
        Col::Income,
        Col::Change,
        Col::Status,
        Col::Gap,
        Col::Operating,
        Col::Target,
        Col::Percent,
        Col::Oat,
        Col::Households,
        Col::Branch,
        Col::Trend,
    ];
    /// Which columns are kept when not all fit, most important first.
    const PRIORITY: [Col; 12] = [
        Col::Name,
        Col::Income,
        Col::Gap,
        Col::Status,
        Col::Operating,
        Col::Target,
        Col::Percent,
        Col::Change,
        Col::Trend,
        Col::Oat,
        Col::Households,
        Col::Branch,
    ];

    fn sort(self) -> Option<SortColumn> {
        Some(match self {
            Col::Name => SortColumn::Name,
            Col::Income => SortColumn::Income,
            Col::Change => SortColumn::Change,
            Col::Status => SortColumn::Status,
            Col::Gap => SortColumn::Gap,
            Col::Oat => SortColumn::Oat,
            Col::Households => SortColumn::Households,
            Col::Branch => SortColumn::Branch,
            Col::Trend | Col::Operating | Col::Target | Col::Percent => return None,
        })
    }

    /// The narrowest width, in display columns, for the current language.
    fn min_width(self, english: bool) -> u16 {
        match (self, english) {
            (Col::Name, true) => 13,
            (Col::Name, false) => 10,
            (Col::Income, _) => 9,
            (Col::Change, _) => 7,
            (Col::Status, _) => 6,
            (Col::Gap, true) => 12,
            (Col::Gap, false) => 13,
            (Col::Oat, true) => 7,
            (Col::Oat, false) => 9,
            (Col::Households, _) => 5,
            (Col::Branch, true) => 9,
            (Col::Branch, false) => 10,
            (Col::Trend, _) => 6,
            (Col::Operating, true) => 9,
            (Col::Operating, false) => 8,
            (Col::Target, true) => 7,
            (Col::Target, false) => 6,
            (Col::Percent, true) => 9,
            (Col::Percent, false) => 6,
        }
    }

    fn label(self, app: &App) -> String {
        let s = app.strings;
        match self {
            Col::Name => s.col_name.to_string(),
            Col::Income => format!("{}{}", s.col_income, s.table_income_unit),
            Col::Change => s.col_change.to_string(),
            Col::Status => s.col_status.to_string(),
            Col::Gap => s.col_gap.to_string(),
            Col::Oat => format!("{}{}", s.col_oat, s.table_oat_unit),
            Col::Households => s.col_households.to_string(),
            Col::Branch => s.col_branch.to_string(),
            Col::Trend => s.col_trend.to_string(),
            Col::Operating => s.accounts().col_operating.to_string(),
            Col::Target => s.accounts().col_target.to_string(),
            Col::Percent => s.accounts().col_target_percent.to_string(),
        }
    }

    fn right_aligned(self) -> bool {
        matches!(
            self,
            Col::Income
                | Col::Change
                | Col::Oat
                | Col::Households
                | Col::Operating
                | Col::Target
                | Col::Percent
        )
    }
}

/// The columns that fit in `width` and their widths: columns are dropped from the least
/// important up until the rest fit; room left over goes to the name first (up to the
/// longest name), then evenly to the other columns.
fn layout_columns(app: &App, loaded: &Loaded, width: u16) -> Vec<(Col, u16)> {
    let english = app.strings.english();
    // The selection symbol takes 2 columns; each column after the first one more.
    let room = usize::from(width).saturating_sub(2);
    let mut kept: Vec<Col> = Vec::new();
    let mut used = 0usize;
    // Without any breakdown or target in the data, the accounts columns would hold only
    // dashes, so they are left out.
    let accounts = loaded.indicators.accounts.in_use;
    for col in Col::PRIORITY {
        if !accounts && matches!(col, Col::Operating | Col::Target | Col::Percent) {
            continue;
        }
        let need = usize::from(col.min_width(english)) + usize::from(!kept.is_empty());
        if used + need <= room {
            used += need;
            kept.push(col);
        }
    }
    let mut cols: Vec<(Col, u16)> = Col::DRAWN
        .iter()
        .filter(|c| kept.contains(c))
        .map(|&c| (c, c.min_width(english)))
        .collect();
    let mut spare = room.saturating_sub(used);
    let longest = loaded.longest_name(english).map_or(0, |w| w + 2);
    if let Some((_, w)) = cols.iter_mut().find(|(c, _)| *c == Col::Name) {
        let grow = longest.saturating_sub(usize::from(*w)).min(spare).min(20);
        *w += grow as u16;
        spare -= grow;
    }
    let others = cols.len().saturating_sub(1).max(1);
    let each = (spare / others).min(6) as u16;
    for (c, w) in cols.iter_mut() {
        if *c != Col::Name && *c != Col::Trend {
            *w += each;
        }
    }
    cols
}

/// `beside_detail`: the columns when the selected village's page is drawn on the right (its
/// income by year in bars, so the table leaves out the trend sparkline, the same figures
/// smaller).
fn render_table(
    app: &App,
    loaded: &Loaded,
    area: Rect,
    beside_detail: Option<&[(Col, u16)]>,
    buf: &mut Buffer,
) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let v = &app.villages;
    let year = ind.latest_year.map_or_else(String::new, |y| y.to_string());
    let sort = match v.sort {
        None => s.file_order.to_string(),
        Some(column) => {
            let col = Col::DRAWN
                .iter()
                .find(|c| c.sort() == Some(column))
                .map_or_else(String::new, |c| {
                    let label = c.label(app);
                    label.trim_end_matches(s.table_income_unit).to_string()
                });
            s.sort_state(&col, v.descending, column == SortColumn::Name)
        }
    };
    let count = format!("{} {} ({year})  ", v.visible.len(), s.village_count_suffix);
    // The key hints that fit whole: a hint is never cut in the middle.
    let mut room = usize::from(area.width)
        .saturating_sub(crate::text::width(&count) + crate::text::width(&sort) + 3);
    let mut keys = Vec::new();
    for hint in s.sort_keys.split("  ") {
        let w = crate::text::width(hint) + if keys.is_empty() { 0 } else { 2 };
        if w > room {
            break;
        }
        room -= w;
        keys.push(hint);
    }
    let title = Line::from(vec![
        Span::styled(count, theme.dim()),
        Span::styled(sort, theme.heading()),
        Span::styled(format!("   {}", keys.join("  ")), theme.dim()),
    ]);
    put_line(buf, area, 0, &title);

    let cols = beside_detail.map_or_else(
        || layout_columns(app, loaded, area.width),
        <[(Col, u16)]>::to_vec,
    );
    let header = Row::new(
        cols.iter()
            .map(|&(c, w)| {
                let label = c.label(app);
                // The sorted column is underlined in the header as well as named above.
                let text = if c.right_aligned() {
                    pad_left(&label, w.into())
                } else {
                    pad_right(&label, w.into())
                };
                let style = if c.sort().is_some() && c.sort() == v.sort {
                    theme.header_row().add_modifier(Modifier::UNDERLINED)
                } else {
                    theme.header_row()
                };
                Cell::from(Span::styled(text, style))
            })
            .collect::<Vec<_>>(),
    )
    .style(theme.header_row());

    let table_area = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    // One line for the header; one for "more rows" when they do not all fit.
    let body = usize::from(table_area.height.saturating_sub(1)).max(1);
    let all = v.visible.len();
    let visible_rows = if all > body {
        body.saturating_sub(1).max(1)
    } else {
        body
    };
    let selected = v.selected;
    // Only the rows on screen are built, so a province's worth of villages costs no more.
    let (offset, _) = super::widgets::window(selected, visible_rows);
    let mark = warn_mark(theme);
    let rows: Vec<Row> = v
        .visible
        .iter()
        .skip(offset)
        .take(visible_rows)
        .map(|&i| {
            let (village, row) = (&data.villages[i], &ind.rows[i]);
            let income_figure = ind
                .latest_year
                .and_then(|y| village.collective_income_yuan.get(&y));
            let warned = income_figure.is_some_and(|f| app.warning_at(f.at).is_some());
            Row::new(
                cols.iter()
                    .map(|&(c, w)| {
                        let w = usize::from(w);
                        match c {
                            Col::Name => Cell::from(pad_right(
                                &format!(
                                    "{}{}",
                                    s.name(&village.name, village.name_en.as_deref()),
                                    if village.illustrative { "*" } else { "" }
                                ),
                                w,
                            )),
                            Col::Income => {
                                let text = row
                                    .income
                                    .map_or_else(|| "-".into(), |y| chart_value(app, y));
                                if warned {
                                    Cell::from(Span::styled(
                                        pad_left(&format!("{mark}{text}"), w),
                                        theme.warning(),
                                    ))
                                } else {
                                    Cell::from(pad_left(&text, w))
                                }
                            }
                            Col::Change => {
                                let text = match (row.change, row.previous_income) {
                                    (Some(ch), Some(prev)) if prev > 0 => {
                                        format!("{:+.0}%", ch as f64 * 100.0 / prev as f64)
                                    }
                                    _ => "-".into(),
                                };
                                let style = match row.change {
                                    Some(ch) if ch < 0 => theme.negative(),
                                    Some(_) => theme.positive(),
                                    None => theme.dim(),
                                };
                                Cell::from(Span::styled(pad_left(&text, w), style))
                            }
                            Col::Status => Cell::from(Span::styled(
                                pad_right(row.status.map_or("-", |st| s.status(st)), w),
                                theme.status(row.status),
                            )),
                            Col::Gap => Cell::from(Span::styled(
                                pad_right(
                                    &row.gap
                                        .map_or_else(String::new, |g| s.gap(g.target, g.short)),
                                    w,
                                ),
                                theme.status(row.status),
                            )),
                            Col::Oat => Cell::from(pad_left(
                                &row.oat_mu.map_or_else(|| "-".into(), |m| s.number(m)),
                                w,
                            )),
                            Col::Households => Cell::from(pad_left(
                                &village
                                    .households
                                    .map_or_else(|| "-".into(), |h| s.number(h.value)),
                                w,
                            )),
                            Col::Branch => Cell::from(pad_right(
                                village.party_branch.map_or("-", |b| s.branch(b)),
                                w,
                            )),
                            Col::Trend => Cell::from(sparkline(&row.trend, theme)),
                            Col::Operating => Cell::from(pad_left(
                                &super::accounts::operating_cell(app, &ind.accounts.rows[i]),
                                w,
                            )),
                            Col::Target => Cell::from(pad_left(
                                &super::accounts::target_cell(app, &ind.accounts.rows[i]),
                                w,
                            )),
                            Col::Percent => {
                                let acc = &ind.accounts.rows[i];
                                let style = match acc.target_percent {
                                    Some(p) if p < 100.0 => theme.warning(),
                                    Some(_) => theme.positive(),
                                    None => theme.dim(),
                                };
                                Cell::from(Span::styled(
                                    pad_left(&super::accounts::percent_cell(acc), w),
                                    style,
                                ))
                            }
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    if rows.is_empty() {
        let text = if v.filter.is_empty() {
            s.no_data.to_string()
        } else {
            s.no_match(&v.filter, theme.ascii)
        };
        put(buf, table_area, 1, &text, theme.warning());
    }
    let below = all.saturating_sub(offset + rows.len());
    let shown = rows.len();
    let widths: Vec<Constraint> = cols.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    super::widgets::render_selectable_table(
        rows,
        &widths,
        header,
        selected - offset,
        theme,
        table_area,
        buf,
    );
    if below > 0 {
        put(
            buf,
            table_area,
            1 + shown as u16,
            &format!("  {}", s.more_rows(below, theme.ascii)),
            theme.dim(),
        );
    }
}

/// One village: its facts, income by year on the scale shared by all villages (so the
/// target lines stay at the same columns when `j`/`k` move to the next one), the warnings
/// about its figures, oat grass by year and its projects. `beside`: the columns of the
/// table drawn beside the page, whose figures of the selected row the facts line does not
/// repeat.
fn render_detail(
    app: &App,
    loaded: &Loaded,
    index: usize,
    beside: &[Col],
    area: Rect,
    buf: &mut Buffer,
) {
    let (s, theme) = (app.strings, app.theme);
    let (data, ind) = (&loaded.data, &loaded.indicators);
    let (Some(v), Some(row)) = (data.villages.get(index), ind.rows.get(index)) else {
        return;
    };
    // The name carries the `*` of illustrative figures, as in the table. In Chinese both
    // forms (天井村* Tianjing*); in English the English one alone.
    let mark = s.mark(v.illustrative);
    let mut title = vec![Span::styled(
        format!("{}{mark}", s.name(&v.name, v.name_en.as_deref())),
        theme.title(),
    )];
    // Beside the table the Chinese name alone: the English one would be rewritten on
    // every `j` (the opened page has both).
    if let (Some(en), false, true) = (&v.name_en, s.english(), beside.is_empty()) {
        title.push(Span::styled(format!(" {en}{mark}"), theme.title()));
    }
    // The id, unless it only repeats the English name ("Dashuangdun", `dashuangdun`).
    let repeats = v.name_en.as_ref().is_some_and(|en| {
        en.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .eq(v.id.chars())
    });
    if !repeats {
        title.push(Span::styled(format!("  ({})", v.id), theme.dim()));
    }
    // The place in the list and the keys stay at the right end, where they do not move
    // when the name's length changes: a `j` then sends the new name and the new number.
    let position = app
        .villages
        .visible
        .iter()
        .position(|&i| i == index)
        .map(|p| format!("{}/{}", p + 1, app.villages.visible.len()))
        .unwrap_or_default();
    // Beside the table, whose selection shows the place in the list, the number is left
    // out (it would be rewritten on every `j`).
    let tail = if beside.is_empty() {
        format!("{position}  {}  j/k", s.back_hint)
    } else {
        format!("{}  j/k", s.back_hint)
    };
    let title = Line::from(title);
    let (name_w, tail_w) = (
        crate::text::width(&title.to_string()),
        crate::text::width(&tail),
    );
    let width = usize::from(area.width);
    if name_w + 2 + tail_w <= width {
        put_line(buf, area, 0, &title);
        let x = area.right() - tail_w as u16;
        buf.set_stringn(x, area.y, &tail, tail_w, theme.dim());
    } else {
        let mut spans = title.spans;
        spans.push(Span::styled(format!("  {tail}"), theme.dim()));
        put_line(buf, area, 0, &Line::from(spans));
    }

    // The facts stand in fixed columns: each is padded to its widest value over the
    // villages, and one a village lacks leaves its place blank, so that a `j` rewrites the
    // figures that change and not the line behind them. What does not fit is cut at the
    // edge (the note on illustrative figures, last, first).
    use crate::data::indicators::IncomeStatus as St;
    let mut facts: Vec<(String, usize)> = Vec::new();
    // Found once per load: a frame does not go through every village.
    if let Some(most) = loaded
        .most_households()
        .filter(|_| !beside.contains(&Col::Households))
    {
        let w = crate::text::width(&format!("{} {}", s.col_households, s.households(most)));
        let text = v.households.map_or_else(String::new, |h| {
            format!("{} {}", s.col_households, s.households(h.value))
        });
        facts.push((text, w));
    }
    if !beside.contains(&Col::Branch) && loaded.branch_groups().iter().any(|(b, _)| b.is_some()) {
        let w = crate::data::model::BranchStatus::ALL
            .iter()
            .map(|&b| crate::text::width(&format!("{} {}", s.col_branch, s.branch(b))))
            .max()
            .unwrap_or(0);
        let text = v
            .party_branch
            .map_or_else(String::new, |b| format!("{} {}", s.col_branch, s.branch(b)));
        facts.push((text, w));
    }
    if ind.latest_year.is_some() && !beside.contains(&Col::Status) {
        let w = [St::BelowFloor, St::AtFloor, St::Strong]
            .iter()
            .map(|&st| crate::text::width(&format!("{} {}", s.col_status, s.status(st))))
            .max()
            .unwrap_or(0);
        let text = row.status.map_or_else(String::new, |st| {
            format!("{} {}", s.col_status, s.status(st))
        });
        facts.push((text, w));
    }
    if ind.latest_year.is_some() && !beside.contains(&Col::Gap) {
        // The widest distance to a target: a whole target short.
        let (floor, strong) = (
            data.thresholds.income_floor_yuan,
            data.thresholds.income_strong_yuan,
        );
        let w = [(floor, floor), (strong, strong), (strong, strong - floor)]
            .iter()
            .map(|&(t, short)| crate::text::width(&s.gap(t, short)))
            .max()
            .unwrap_or(0);
        let text = row
            .gap
            .map_or_else(String::new, |g| s.gap(g.target, g.short));
        facts.push((text, w));
    }
    let mut line = facts
        .iter()
        .map(|(t, w)| pad_right(t, (*w).max(crate::text::width(t))))
        .collect::<Vec<_>>()
        .join("   ");
    // The note on illustrative figures ends the line where it fits whole, else it has the
    // line below (blank otherwise) to itself.
    if v.illustrative {
        let note = s.illustrative_note;
        let joined = if line.is_empty() {
            note.to_string()
        } else {
            format!("{line}   {note}")
        };
        if crate::text::width(&joined) <= usize::from(area.width) {
            line = joined;
        } else {
            put(buf, area, 2, note, theme.text());
        }
    }
    put(buf, area, 1, line.trim_end(), theme.text());

    let floor = data.thresholds.income_floor_yuan;
    let strong = data.thresholds.income_strong_yuan;
    let income_rows: Vec<BarRow> = v
        .collective_income_yuan
        .iter()
        .map(|(year, f)| BarRow {
            label: year.to_string(),
            value: f.value,
            text: format!("{}{}", chart_value(app, f.value), s.mark(v.illustrative)),
            style: theme.status(Some(crate::data::indicators::IncomeStatus::of(
                f.value,
                &data.thresholds,
            ))),
            warned: app.warning_at(f.at).is_some(),
        })
        .collect();
    let mut y = 3;
    // One scale for all villages so the target lines stay put from village to village.
    let scale = ind
        .income_scale_max
        .saturating_add(ind.income_scale_max / 10);
    let value_w = crate::text::width(&chart_value(app, scale.saturating_mul(10))) + 1;
    let chart_w = area.width.min(140);
    if ind.accounts.in_use {
        // With a breakdown of income by source (or goals) in the data: income by source,
        // stacked per year, with the targets (ui/accounts.rs), instead of the plain bars.
        y += super::accounts::render_income_by_source(
            app,
            loaded,
            index,
            Rect::new(
                area.x,
                area.y + y,
                area.width,
                area.height.saturating_sub(y),
            ),
            buf,
        );
        y += 1;
    } else {
        let mut heading = income_heading(app, data, true);
        let legend = format!("  {}", s.mark_legend_short);
        let fits = |h: &Line| {
            crate::text::width(&h.to_string()) + crate::text::width(&legend)
                <= usize::from(area.width)
        };
        // Narrow (the master-detail half): the colour legend goes first, so the target
        // lines and the mark's meaning stay.
        if !fits(&heading) && heading.spans.len() > 7 {
            heading.spans.drain(1..7);
        }
        // The mark's meaning beside the chart whose figures carry it, else on the line
        // under the bars.
        let legend_below = v.illustrative && !fits(&heading);
        if v.illustrative && !legend_below {
            heading.spans.push(Span::styled(legend, theme.dim()));
        }
        put_line(buf, area, y, &heading);
        y += 1;
        // As many lines as the township's years, so that what is below stays where it is
        // from village to village.
        let years = ind.income_years.len().max(income_rows.len());
        let chart_h = (income_rows.len() as u16).min(area.height.saturating_sub(y));
        // Each stretch of the axis in the colour of its status (below the floor, between
        // the targets, above the strong one): a bar's colour changes where it crosses a
        // target line, and the next village's bars differ from these only at their ends.
        let zones = [
            theme.status_bar_zone(St::BelowFloor),
            theme.status_bar_zone(St::AtFloor),
            theme.status_bar_zone(St::Strong),
        ];
        HBars::new(&income_rows, theme, s)
            .markers(&[floor, strong])
            .zones(&zones)
            .blank()
            .axis(zoom_min(app, data), Some(scale))
            .value_width(value_w)
            .render(Rect::new(area.x, area.y + y, chart_w, chart_h), buf);
        y += (years as u16).min(area.height.saturating_sub(y));
        if legend_below && y < area.height {
            put(buf, area, y, s.mark_legend_short, theme.dim());
        }
        y += 1;
    }

    // The warnings about this village's figures, in words.
    let mark = warn_mark(theme);
    let figures: Vec<crate::data::At> = v
        .collective_income_yuan
        .values()
        .chain(v.oat_grass_mu.values())
        .map(|f| f.at)
        .chain(v.households.map(|h| h.at))
        .chain([v.name_at, v.at])
        .collect();
    let mut shown: Vec<&crate::data::Diagnostic> = Vec::new();
    for at in figures {
        if let Some(w) = app.warning_at(at)
            && !shown.iter().any(|d| std::ptr::eq(*d, w))
        {
            shown.push(w);
        }
    }
    for w in shown {
        if y >= area.height {
            break;
        }
        put(
            buf,
            area,
            y,
            &format!("{mark} {}", crate::text::sanitize(&w.message)),
            theme.warning(),
        );
        y += 1;
    }

    let mu = s.mu_unit;
    put(
        buf,
        area,
        y,
        &format!("{} ({mu})", s.oat_by_year),
        theme.heading(),
    );
    y += 1;
    y += oat_figures(
        app,
        loaded,
        v,
        Rect::new(
            area.x,
            area.y + y,
            area.width,
            area.height.saturating_sub(y),
        ),
        buf,
    );
    y += 1;
    put(buf, area, y, s.projects_of_village, theme.heading());
    y += 1;
    let projects: Vec<String> = loaded
        .projects_of(index)
        .map(|p| &data.projects[p])
        .map(|p| {
            let name = s.name(&p.name, p.name_en.as_deref());
            format!("- {name} ({})", s.project_category(p.category))
        })
        .collect();
    if projects.is_empty() {
        put(buf, area, y, s.none, theme.dim());
    }
    for line in projects {
        put(
            buf,
            area,
            y,
            &truncate(&line, area.width.into()),
            theme.text(),
        );
        y += 1;
    }
}

/// A village's oat grass by year as figures (`2021 750*   2022 870*`), each year in a
/// place of its own, the same for every village, so that a `j` rewrites the figures and
/// nothing else. A figure a warning points at, or one far out of line with the village's
/// other years (a typed extra zero, say), carries the warning mark. Returns the lines used:
/// as many as the township's years need, whether this village has figures or not.
fn oat_figures(
    app: &App,
    loaded: &Loaded,
    v: &crate::data::model::Village,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let (s, theme) = (app.strings, app.theme);
    let ind = &loaded.indicators;
    let years: Vec<i32> = ind.oat_by_year.keys().copied().collect();
    let mark = warn_mark(theme);
    let most = loaded.most_oat_mu();
    let any_illustrative = loaded.any_village_illustrative();
    let value_w = crate::text::width(&s.number(most))
        + crate::text::width(mark)
        + usize::from(any_illustrative);
    let slot_w = 5 + value_w;
    let per_line = ((usize::from(area.width) + 3) / (slot_w + 3)).max(1);
    let lines = years.len().div_ceil(per_line).max(1) as u16;
    if v.oat_grass_mu.is_empty() {
        put(buf, area, 0, s.none, theme.dim());
        return lines;
    }
    let median = super::widgets::median(v.oat_grass_mu.values().map(|f| f.value));
    for (k, year) in years.iter().enumerate() {
        let dy = (k / per_line) as u16;
        if dy >= area.height {
            break;
        }
        let x = area.x + ((k % per_line) * (slot_w + 3)) as u16;
        let (text, style) = match v.oat_grass_mu.get(year) {
            Some(f) => {
                let flagged = app.warning_at(f.at).is_some()
                    || crate::data::indicators::is_outlier(f.value, median);
                let text = format!(
                    "{}{}{}",
                    if flagged { mark } else { "" },
                    s.number(f.value),
                    s.mark(v.illustrative)
                );
                (
                    text,
                    if flagged {
                        theme.warning()
                    } else {
                        theme.value()
                    },
                )
            }
            None => ("-".to_string(), theme.dim()),
        };
        let room = usize::from(area.right().saturating_sub(x));
        buf.set_stringn(x, area.y + dy, format!("{year} "), room, theme.text());
        buf.set_stringn(
            x + 5,
            area.y + dy,
            pad_left(&text, value_w),
            room.saturating_sub(5),
            style,
        );
    }
    lines
}

/// Where a zoomed income axis starts: half the floor, so the band between the targets
/// takes most of the width. Zero when not zoomed.
pub fn zoom_min(app: &App, data: &crate::data::Dataset) -> i64 {
    if app.zoom {
        data.thresholds.income_floor_yuan / 2
    } else {
        0
    }
}

/// The heading of an income chart with its legend: what each colour means, the target
/// lines, and the zoom key. `blank`: the chart's bars are drawn with `HBars::blank`.
pub fn income_heading(app: &App, data: &crate::data::Dataset, blank: bool) -> Line<'static> {
    use crate::data::indicators::IncomeStatus;
    let (s, theme) = (app.strings, app.theme);
    let floor = data.thresholds.income_floor_yuan;
    let strong = data.thresholds.income_strong_yuan;
    let glyph = theme.bar_glyph();
    let mut spans = vec![Span::styled(
        format!("{} ({}) ", s.income_by_year, s.chart_money_unit),
        theme.heading(),
    )];
    for st in [
        IncomeStatus::Strong,
        IncomeStatus::AtFloor,
        IncomeStatus::BelowFloor,
    ] {
        if blank && theme.blank_bar_cells() {
            // Two blank cells, as the bars are drawn.
            let (symbol, style) = theme.bar_cell(theme.status_bar_zone(st));
            spans.push(Span::styled(symbol.repeat(2), style));
            spans.push(Span::styled(format!("{} ", s.status(st)), theme.text()));
        } else {
            spans.push(Span::styled(format!(" {glyph}"), theme.status(Some(st))));
            spans.push(Span::styled(s.status(st).to_string(), theme.text()));
        }
    }
    spans.push(Span::styled(
        format!(
            "  | {} {}/{}",
            s.legend_target,
            s.money_short(floor),
            s.money_short(strong)
        ),
        theme.marker(),
    ));
    if app.zoom {
        spans.push(Span::styled(format!("  ~ {}", s.zoom_note), theme.dim()));
    }
    Line::from(spans)
}
