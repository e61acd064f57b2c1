//! Markdown: a short report for the county. Tables are padded by display width (a Chinese
//! character takes two columns) so the file reads as well in a terminal or a plain editor
//! as it does rendered.

use std::fmt::Write as _;

use super::labels::Labels;
use crate::data::indicators::Total;
use crate::data::{Dataset, Indicators, Village};
use crate::i18n::Strings;
use crate::i18n::Unit;
use crate::report::summary::headline;
use crate::text::{pad_left, pad_right, sanitize, width};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A string from the data files made safe for Markdown: control and bidi characters escaped
/// visibly, and the characters that would start markup, an HTML tag or end a table cell
/// escaped with a backslash.
pub(super) fn md_text(s: &str) -> String {
    let clean = sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One table, every column as wide as its widest cell, so the pipes line up in plain text.
fn table(out: &mut String, columns: &[(&str, Align)], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| width(h).max(3)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = (usize, &str, Align)>| {
        out.push('|');
        for (w, cell, align) in cells {
            let padded = match align {
                Align::Left => pad_right(cell, w),
                Align::Right => pad_left(cell, w),
            };
            let _ = write!(out, " {padded} |");
        }
        out.push('\n');
    };
    line(
        out,
        &mut columns.iter().zip(&widths).map(|((h, a), w)| (*w, *h, *a)),
    );
    out.push('|');
    for ((_, align), w) in columns.iter().zip(&widths) {
        let rule = match align {
            Align::Left => "-".repeat(*w),
            Align::Right => format!("{}:", "-".repeat(w - 1)),
        };
        let _ = write!(out, " {rule} |");
    }
    out.push('\n');
    for row in rows {
        line(
            out,
            &mut columns
                .iter()
                .zip(&widths)
                .zip(row)
                .map(|(((_, a), w), cell)| (*w, cell.as_str(), *a)),
        );
    }
    out.push('\n');
}

/// A table whose first column is left-aligned and the rest right-aligned (the county's
/// township table).
pub(super) fn table_first_left(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    let columns: Vec<(&str, Align)> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, if i == 0 { Align::Left } else { Align::Right }))
        .collect();
    table(out, &columns, rows);
}

fn figure(s: &Strings, n: Option<i64>) -> String {
    n.map_or_else(|| "-".to_string(), |n| s.number(n))
}

fn signed(s: &Strings, n: Option<i64>) -> String {
    match n {
        Some(n) if n > 0 => format!("+{}", s.number(n)),
        other => figure(s, other),
    }
}

/// A name with a `*` after it when its figures are illustrative.
fn marked(name: &str, illustrative: bool) -> String {
    let name = md_text(name);
    if illustrative {
        format!("{name} *")
    } else {
        name
    }
}

fn village_name(v: &Village, s: &Strings) -> String {
    marked(s.name(&v.name, v.name_en.as_deref()), v.illustrative)
}

pub fn render(data: &Dataset, ind: &Indicators, s: &Strings, l: &Labels) -> String {
    let t = &data.township;
    let name = s.name(&t.name, t.name_en.as_deref());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} ({} {})\n\n{} {}\n",
        md_text(name),
        md_text(s.name(&t.county, t.county_en.as_deref())),
        md_text(s.name(&t.city, t.city_en.as_deref())),
        s.as_of,
        t.as_of.value
    );

    // Headline figures, exactly as `summary` prints them.
    let _ = writeln!(out, "## {}\n", l.summary);
    let rows: Vec<Vec<String>> = headline(data, ind, s)
        .into_iter()
        .map(|(label, value)| vec![md_text(&label), md_text(&value)])
        .collect();
    table(
        &mut out,
        &[(l.indicator, Align::Left), (l.value, Align::Left)],
        &rows,
    );

    villages(&mut out, data, ind, s, l);
    accounts(&mut out, data, ind, s);
    oat(&mut out, data, ind, s, l);
    projects(&mut out, data, s, l);
    training(&mut out, data, ind, s, l);
    party(&mut out, data, ind, s, l);

    let illustrative = data.villages.iter().any(|v| v.illustrative)
        || data
            .projects
            .iter()
            .any(|p| p.illustrative || p.started_provenance.is_marked())
        || data.sessions.iter().any(|p| p.illustrative)
        || ind.totals.iter().any(|t| t.marked());
    if illustrative {
        let _ = writeln!(out, "{}", md_text(s.mark_legend));
    }
    out
}

/// The early-warning list and the villages' accounts (operating income, target, 完成率).
fn accounts(out: &mut String, data: &Dataset, ind: &Indicators, s: &Strings) {
    use crate::report::accounts as acc;
    let a = s.accounts();
    let year = ind.latest_year.map(|y| s.year(y)).unwrap_or_default();
    let _ = writeln!(out, "## {year} {}\n", a.at_risk_list);
    if ind.accounts.at_risk.is_empty() {
        let _ = writeln!(out, "{}\n", a.nobody_at_risk);
    }
    let at_risk: Vec<Vec<String>> = ind
        .accounts
        .at_risk
        .iter()
        .map(|&i| {
            let row = &ind.accounts.rows[i];
            vec![
                village_name(&data.villages[i], s),
                acc::reasons_text(row, s),
                row.reasons
                    .iter()
                    .map(|r| r.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    if !at_risk.is_empty() {
        table(
            out,
            &[
                (s.col_name, Align::Left),
                (a.col_reasons, Align::Left),
                (a.col_rules, Align::Left),
            ],
            &at_risk,
        );
    }
    let rows: Vec<Vec<String>> = acc::table_rows(data, ind, s)
        .into_iter()
        .map(|r| r.iter().map(|c| md_text(c)).collect())
        .collect();
    if !rows.is_empty() {
        let h = acc::table_headers(s);
        let _ = writeln!(out, "{}: {}\n", a.basis, a.basis_name(ind.accounts.basis));
        table(
            out,
            &[
                (h[0], Align::Left),
                (h[1], Align::Right),
                (h[2], Align::Right),
                (h[3], Align::Right),
                (h[4], Align::Right),
                (h[5], Align::Left),
            ],
            &rows,
        );
    }
}

fn villages(out: &mut String, data: &Dataset, ind: &Indicators, s: &Strings, l: &Labels) {
    let _ = writeln!(out, "## {}\n", l.villages_in(s, ind.latest_year));
    let mut rows: Vec<Vec<String>> = data
        .villages
        .iter()
        .zip(&ind.rows)
        .map(|(v, r)| {
            vec![
                village_name(v, s),
                figure(s, r.income),
                signed(s, r.change),
                r.status.map_or("-", |st| s.status(st)).to_string(),
                figure(s, r.oat_mu),
                figure(s, v.households.map(|h| h.value)),
                v.party_branch.map_or("-", |b| s.branch(b)).to_string(),
            ]
        })
        .collect();
    // Every total from `Indicators`, marked when it sums an illustrative figure.
    let income_total = ind.latest_year.map(|_| ind.income_total);
    let marked = ind.income_total_illustrative
        || ind.households_illustrative
        || ind.oat_by_year_illustrative;
    rows.push(vec![
        format!("{}{}", l.total, s.mark(marked)),
        figure(s, income_total),
        signed(s, ind.income_change()),
        String::new(),
        figure(s, ind.oat_total_latest()),
        figure(s, ind.households_total),
        String::new(),
    ]);
    let income = l.with_unit(s.col_income, l.yuan());
    let change = l.with_unit(s.col_change, l.yuan());
    let oat = l.with_unit(s.oat_grass, l.mu());
    table(
        out,
        &[
            (s.col_name, Align::Left),
            (&income, Align::Right),
            (&change, Align::Right),
            (s.col_status, Align::Left),
            (&oat, Align::Right),
            (l.households, Align::Right),
            (s.col_branch, Align::Left),
        ],
        &rows,
    );
}

fn oat(out: &mut String, data: &Dataset, ind: &Indicators, s: &Strings, l: &Labels) {
    let c = &data.consortium;
    let total = |key: &str, unit: Unit| {
        ind.total(key)
            .map(|t| md_text(&s.total(t, unit)))
            .unwrap_or_default()
    };
    let _ = writeln!(
        out,
        "## {}\n\n{} ({})\n",
        l.consortium,
        md_text(s.name(&c.name, c.name_en.as_deref())),
        c.founded
    );
    let rows = vec![
        vec![
            l.administrative_villages.to_string(),
            s.number(data.township.administrative_villages.value),
        ],
        vec![
            l.households_served.to_string(),
            total("consortium_households", Unit::Households),
        ],
        vec![
            l.fertilizer_t.to_string(),
            total("fertilizer_t", Unit::Tonnes),
        ],
        vec![
            l.oat_planted_mu.to_string(),
            total("oat_grass_mu_cumulative", Unit::Mu),
        ],
        vec![
            l.income_gain_yuan.to_string(),
            total("household_income_gain_yuan", Unit::Yuan),
        ],
    ];
    let _ = writeln!(out, "{}\n", md_text(s.villages_explained));
    table(
        out,
        &[(s.published_totals, Align::Left), (l.value, Align::Right)],
        &rows,
    );
    if !c.members.is_empty() {
        let rows: Vec<Vec<String>> = c
            .members
            .iter()
            .map(|m| {
                let name = s.name(&m.name, m.name_en.as_deref());
                vec![
                    md_text(name),
                    s.level(m.level).to_string(),
                    m.count.to_string(),
                ]
            })
            .collect();
        table(
            out,
            &[
                (l.member, Align::Left),
                (l.level, Align::Left),
                (l.count, Align::Right),
            ],
            &rows,
        );
    }
}

fn projects(out: &mut String, data: &Dataset, s: &Strings, l: &Labels) {
    let _ = writeln!(out, "## {}\n", s.projects);
    if data.projects.is_empty() {
        let _ = writeln!(out, "{}\n", s.none);
        return;
    }
    let rows: Vec<Vec<String>> = data
        .projects
        .iter()
        .map(|p| {
            let name = s.name(&p.name, p.name_en.as_deref());
            let villages = if p.township_wide {
                s.township_wide.to_string()
            } else if p.villages.is_empty() {
                s.place_unpublished.to_string()
            } else {
                p.villages
                    .iter()
                    .filter_map(|&i| data.villages.get(i))
                    .map(|v| md_text(s.name(&v.name, v.name_en.as_deref())))
                    .collect::<Vec<_>>()
                    .join(l.list_separator)
            };
            let mut income = p
                .collective_income_yuan
                .iter()
                .map(|(y, f)| {
                    format!(
                        "{}: {}{}",
                        s.year(*y),
                        s.number(f.value),
                        s.mark(p.illustrative)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(a) = &p.annual_income_yuan {
                income = md_text(&s.total(&Total::from_qualified("", a), Unit::Yuan));
            }
            vec![
                marked(name, p.illustrative),
                s.project_category(p.category).to_string(),
                villages,
                p.started.map_or_else(
                    || "-".to_string(),
                    |y| format!("{y}{}", s.mark(p.started_provenance.is_marked())),
                ),
                p.area_mu.map_or_else(|| "-".to_string(), |a| a.to_string()),
                figure(s, p.jobs),
                if income.is_empty() {
                    "-".to_string()
                } else {
                    income
                },
            ]
        })
        .collect();
    let income = l.with_unit(s.project_income, l.yuan());
    table(
        out,
        &[
            (l.project, Align::Left),
            (s.col_category, Align::Left),
            (s.col_villages, Align::Left),
            (l.started, Align::Right),
            (l.area_mu, Align::Right),
            (l.jobs, Align::Right),
            (&income, Align::Left),
        ],
        &rows,
    );
}

fn training(out: &mut String, data: &Dataset, ind: &Indicators, s: &Strings, l: &Labels) {
    let _ = writeln!(out, "## {}\n", s.training);
    if data.sessions.is_empty() {
        let _ = writeln!(out, "{}\n", s.none);
        return;
    }
    let mut rows: Vec<Vec<String>> = data
        .sessions
        .iter()
        .map(|t| {
            let topic = s.name(&t.topic, t.topic_en.as_deref());
            vec![
                t.date.to_string(),
                marked(topic, t.illustrative),
                s.training_category(t.category).to_string(),
                s.number(t.participants.value),
            ]
        })
        .collect();
    rows.push(vec![
        format!("{}{}", l.total, s.mark(ind.sessions_illustrative)),
        s.sessions_count(data.sessions.len()),
        String::new(),
        s.number(ind.training_participants),
    ]);
    if let Some(t) = ind.total("training_participants")
        && data.training.participants.is_some()
    {
        rows.push(vec![
            s.published_totals.to_string(),
            ind.total("training_sessions")
                .map(|n| s.total(n, Unit::Sessions))
                .unwrap_or_default(),
            String::new(),
            s.total(t, Unit::Attendances),
        ]);
    }
    table(
        out,
        &[
            (l.date, Align::Left),
            (l.topic, Align::Left),
            (l.category, Align::Left),
            (l.participants, Align::Right),
        ],
        &rows,
    );
}

fn party(out: &mut String, data: &Dataset, ind: &Indicators, s: &Strings, l: &Labels) {
    let p = &data.party_building;
    let _ = writeln!(out, "## {}\n", l.party_since(p.since));
    let rows = vec![
        vec![
            s.branches_rectified.to_string(),
            p.branches_rectified.value.to_string(),
        ],
        vec![
            s.strongest_branches.to_string(),
            p.strongest_branches.value.to_string(),
        ],
        vec![
            s.venues_renovated.to_string(),
            p.venues_renovated.value.to_string(),
        ],
        vec![
            l.leaders_added.to_string(),
            p.leaders_added.value.to_string(),
        ],
    ];
    table(
        out,
        &[(l.indicator, Align::Left), (l.value, Align::Right)],
        &rows,
    );
    if !ind.branch_counts.is_empty() {
        let rows: Vec<Vec<String>> = ind
            .branch_counts
            .iter()
            .map(|(b, n)| vec![s.branch(*b).to_string(), n.to_string()])
            .collect();
        table(
            out,
            &[
                (l.branch_status, Align::Left),
                (l.village_count, Align::Right),
            ],
            &rows,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(md_text("a|b"), "a\\|b");
        assert_eq!(md_text("<script>"), "\\<script>");
        assert_eq!(md_text("\u{1b}[31m"), "\\\\u{1b}\\[31m");
        assert_eq!(md_text("天井村"), "天井村");
    }

    #[test]
    fn tables_align_by_display_width() {
        let mut out = String::new();
        table(
            &mut out,
            &[("村名", Align::Left), ("收入", Align::Right)],
            &[
                vec!["天井村".into(), "236,000".into()],
                vec!["Tianjing".into(), "1".into()],
            ],
        );
        let widths: Vec<usize> = out.lines().filter(|l| !l.is_empty()).map(width).collect();
        assert_eq!(widths.len(), 4);
        assert!(widths.iter().all(|w| *w == widths[0]), "{out}");
        assert!(out.contains("| ------: |"), "{out}");
    }
}
