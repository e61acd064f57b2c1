//! Screens rendered into a buffer: snapshots of every tab (reviewed by eye before they
//! were accepted) and a sweep over terminal sizes.

mod common;
use chrono::TimeZone;
use village_dash::app::{Action, App, Tab};
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir};
use village_dash::i18n;
use village_dash::text::width;
use village_dash::ui::{self, theme::Theme};

fn app(lang: Lang, ascii: bool) -> App {
    common::screens::shipped_app(lang, false, ascii)
}

fn screen(app: &App, w: u16, h: u16) -> String {
    ui::snapshot(app, w, h)
}

const TABS: [(Tab, &str); 6] = [
    (Tab::Overview, "overview"),
    (Tab::Villages, "villages"),
    (Tab::Oat, "oat"),
    (Tab::Projects, "projects"),
    (Tab::Training, "training"),
    (Tab::Party, "party"),
];

#[test]
fn every_tab_in_both_languages_at_80x24_120x40_and_200x60() {
    for (lang, lang_name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (tab, tab_name) in TABS {
            let mut app = app(lang, false);
            app.tab = tab;
            for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                insta::assert_snapshot!(
                    format!("{tab_name}_{lang_name}_{w}x{h}"),
                    screen(&app, w, h)
                );
            }
        }
    }
}

#[test]
fn village_detail_help_and_filter() {
    let mut app = app(Lang::Zh, false);
    app.update(Action::GoTab(Tab::Villages));
    app.update(Action::Down);
    app.update(Action::Open);
    insta::assert_snapshot!("village_detail_zh_80x24", screen(&app, 80, 24));
    app.update(Action::Back);
    app.update(Action::ToggleHelp);
    insta::assert_snapshot!("help_zh_80x24", screen(&app, 80, 24));
    app.update(Action::ToggleHelp);
    app.update(Action::StartFilter);
    for c in "sh".chars() {
        app.update(Action::FilterChar(c));
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("双井子"), "{text}");
    assert!(text.contains("/sh_"), "{text}");
    assert!(
        !text.contains("天井村"),
        "filter must hide other villages:\n{text}"
    );
}

#[test]
fn ascii_mode_draws_no_box_block_or_braille_glyphs() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app(lang, true);
        for (tab, _) in TABS {
            app.tab = tab;
            for overlay in [None, Some(Action::ToggleHelp)] {
                if let Some(a) = overlay {
                    app.update(a);
                }
                let text = screen(&app, 100, 30);
                let bad: Vec<char> = text
                    .chars()
                    .filter(|c| matches!(*c as u32, 0x2500..=0x259F | 0x2800..=0x28FF))
                    .collect();
                assert!(bad.is_empty(), "{bad:?} in\n{text}");
                if overlay.is_some() {
                    app.update(Action::ToggleHelp);
                }
            }
        }
    }
}

#[test]
fn too_small_says_the_size_it_needs() {
    let app = app(Lang::Zh, false);
    let text = screen(&app, 40, 10);
    assert!(text.contains("终端太小"), "{text}");
    assert!(text.contains("64x16"), "{text}");
    assert!(text.contains("(40x10)"), "{text}");
}

/// Every tab, overlay and the village detail at every size from 1x1 to 200x60: no panic,
/// and every line within the width (the buffer is read cell by cell, wide characters
/// counted as two columns).
#[test]
fn every_size_renders_within_bounds() {
    let mut states: Vec<App> = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for (tab, _) in TABS {
            let mut a = app(lang, false);
            a.tab = tab;
            states.push(a);
        }
        for action in [Action::ToggleHelp, Action::ShowWarnings, Action::ShowErrors] {
            let mut a = app(lang, false);
            a.update(action);
            states.push(a);
        }
        let mut detail = app(lang, false);
        detail.update(Action::GoTab(Tab::Villages));
        detail.update(Action::Open);
        states.push(detail);
    }
    // Two threads: the sweep is 240,000 frames.
    let (first, second) = states.split_at(states.len() / 2);
    std::thread::scope(|scope| {
        scope.spawn(|| sweep(first));
        scope.spawn(|| sweep(second));
    });
}

fn sweep(states: &[App]) {
    for app in states {
        for w in 1..=200u16 {
            for h in 1..=60u16 {
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                let mut buf = ratatui::buffer::Buffer::empty(area);
                ratatui::widgets::Widget::render(app, area, &mut buf);
                for y in 0..h {
                    // A wide glyph in the last column would hang off the edge of the line.
                    let last = buf[(w - 1, y)].symbol();
                    assert!(width(last) <= 1, "{w}x{h}: a wide glyph is cut at the edge");
                }
            }
        }
    }
}

/// The text form of the sweep at sizes where layouts change, in both languages.
#[test]
fn snapshot_lines_fit_the_terminal() {
    for lang in [Lang::Zh, Lang::En] {
        for (tab, _) in TABS {
            let mut a = app(lang, true);
            a.tab = tab;
            for (w, h) in [
                (1, 1),
                (2, 3),
                (63, 15),
                (64, 16),
                (79, 23),
                (80, 24),
                (119, 39),
                (120, 40),
                (200, 60),
            ] {
                let text = screen(&a, w, h);
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), usize::from(h), "{w}x{h}");
                for line in lines {
                    assert!(width(line) <= usize::from(w), "{w}x{h}: {line:?}");
                }
            }
        }
    }
}

/// The lines of a screen, as characters (ASCII mode keeps bars and markers one column per
/// character, so a character index is a column).
fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[test]
fn at_200x60_the_villages_table_and_its_detail_fill_the_width() {
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app(lang, false);
        app.update(Action::GoTab(Tab::Villages));
        let text = screen(&app, 200, 60);
        // The body (between the tab bar and the status line) reaches at least 160 columns.
        let right = text.lines().skip(1).take(58).map(width).max().unwrap_or(0);
        assert!(right >= 160, "reaches only column {right}:\n{text}");
        assert!(
            text.contains("Tianjing") || text.contains("天井村"),
            "{text}"
        );
    }
}

#[test]
fn at_120x40_the_overview_uses_most_of_the_height() {
    for lang in [Lang::Zh, Lang::En] {
        let app = app(lang, false);
        let text = screen(&app, 120, 40);
        let used = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(used * 10 >= 40 * 8, "{used} of 40 lines used:\n{text}");
    }
}

#[test]
fn the_80x24_overview_shows_a_trend_of_at_least_three_years() {
    for lang in [Lang::Zh, Lang::En] {
        let app = app(lang, false);
        let text = screen(&app, 80, 24);
        let years: std::collections::BTreeSet<&str> = ["2020", "2021", "2022", "2023"]
            .into_iter()
            .filter(|y| text.contains(y))
            .collect();
        assert!(years.len() >= 3, "{years:?}\n{text}");
    }
}

fn visible_names(app: &App) -> Vec<String> {
    let data = app.data().expect("loaded");
    app.villages
        .visible
        .iter()
        .map(|&i| data.villages[i].name.clone())
        .collect()
}

#[test]
fn names_sort_by_pinyin() {
    let mut app = app(Lang::Zh, false);
    app.update(Action::GoTab(Tab::Villages));
    app.update(Action::SortNext);
    assert_eq!(app.villages.sort, Some(village_dash::app::SortColumn::Name));
    let expected = [
        "北堡村",
        "大双墩",
        "韭菜庄村",
        "马家坪村",
        "庙梁村",
        "南窑子村",
        "七墩沟",
        "前营子村",
        "三岔河",
        "石门沟村",
        "双井子",
        "天井村",
        "下塔村",
        "杨家窑村",
        "阳坡村",
        "摇铃沟",
    ];
    assert_eq!(visible_names(&app), expected);
    let text = screen(&app, 80, 24);
    assert!(text.contains("按村名 拼音顺序"), "{text}");
    // `o` goes back to the order of the file.
    app.update(Action::FileOrder);
    assert_eq!(visible_names(&app)[0], "天井村");
    assert!(screen(&app, 80, 24).contains("文件顺序"));
}

#[test]
fn the_filter_matches_pinyin_initials_and_full_pinyin() {
    let mut app = app(Lang::Zh, false);
    app.update(Action::GoTab(Tab::Villages));
    app.update(Action::StartFilter);
    for (filter, expected) in [
        ("tj", vec!["天井村"]),
        ("sjz", vec!["双井子"]),
        ("tianjing", vec!["天井村"]),
        ("天井", vec!["天井村"]),
        ("majiaping", vec!["马家坪村"]),
    ] {
        app.update(Action::FilterCancel);
        app.update(Action::StartFilter);
        for c in filter.chars() {
            app.update(Action::FilterChar(c));
        }
        assert_eq!(visible_names(&app), expected, "filter {filter}");
    }
    app.update(Action::FilterCancel);
    app.update(Action::StartFilter);
    for c in "qqq".chars() {
        app.update(Action::FilterChar(c));
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("没有匹配\u{201c}qqq\u{201d}的村"), "{text}");
    assert!(text.contains("Esc 清除"), "{text}");
}

#[test]
fn the_selection_follows_its_village_across_a_sort_and_a_filter() {
    let mut app = app(Lang::Zh, false);
    app.update(Action::GoTab(Tab::Villages));
    while app.selected_village().map(|v| v.name.as_str()) != Some("马家坪村") {
        app.update(Action::Down);
    }
    for action in [Action::SortNext, Action::SortNext, Action::ReverseSort] {
        app.update(action);
        assert_eq!(
            app.selected_village().map(|v| v.name.as_str()),
            Some("马家坪村"),
            "after {action:?}"
        );
    }
    app.update(Action::StartFilter);
    app.update(Action::FilterChar('m'));
    assert_eq!(
        app.selected_village().map(|v| v.name.as_str()),
        Some("马家坪村")
    );
}

/// The column of the first target marker on the row of `year` in a detail view.
fn marker_column(text: &str, year: &str) -> usize {
    let line = lines(text)
        .into_iter()
        .find(|l| l.starts_with(year))
        .unwrap_or_else(|| panic!("no {year} row in\n{text}"));
    line.find('|')
        .unwrap_or_else(|| panic!("no marker in {line}"))
}

#[test]
fn the_target_line_stays_at_one_column_from_village_to_village() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = app(Lang::Zh, true);
        app.update(Action::GoTab(Tab::Villages));
        app.update(Action::Open);
        let first = screen(&app, w, h);
        // j moves to the next village without leaving the detail.
        app.update(Action::Down);
        let second = screen(&app, w, h);
        assert!(
            first.contains("天井村") && second.contains("大双墩"),
            "{second}"
        );
        for year in ["2020", "2023"] {
            assert_eq!(
                marker_column(&first, year),
                marker_column(&second, year),
                "{w}x{h}:\n{first}\n{second}"
            );
        }
    }
}

/// Colours readable on any background: on every tab, in every theme, no text is drawn in
/// white, bright white or light yellow on the terminal's own background; figures are in the
/// terminal's foreground. On a light background no pale hue (yellow, cyan) carries text.
#[test]
fn no_theme_draws_white_or_pale_text_on_the_default_background() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    use ratatui::widgets::Widget;
    use village_dash::ui::theme::Background;

    for background in [Background::Unknown, Background::Dark, Background::Light] {
        for lang in [Lang::Zh, Lang::En] {
            for (tab, name) in TABS {
                let mut app = app(lang, false);
                app.theme = Theme::new(true, false).with_background(background);
                app.tab = tab;
                // A warning in the status line and a selection too.
                app.update(Action::Down);
                let area = Rect::new(0, 0, 120, 40);
                let mut buf = Buffer::empty(area);
                (&app).render(area, &mut buf);
                let mut pale = vec![Color::White, Color::Gray, Color::LightYellow];
                if background != Background::Dark {
                    pale.extend([Color::Yellow, Color::Cyan, Color::LightCyan]);
                }
                let mut figures = 0;
                for y in 0..area.height {
                    for x in 0..area.width {
                        let cell = &buf[(x, y)];
                        if cell.symbol().trim().is_empty() {
                            continue;
                        }
                        if cell.bg == Color::Reset {
                            assert!(
                                !pale.contains(&cell.fg),
                                "{background:?} {name} {lang:?}: `{}` at {x},{y} in {:?}",
                                cell.symbol(),
                                cell.fg
                            );
                        }
                        if cell.symbol().chars().all(|c| c.is_ascii_digit())
                            && cell.modifier.contains(ratatui::style::Modifier::BOLD)
                            && cell.fg == Color::Reset
                        {
                            figures += 1;
                        }
                    }
                }
                if tab == Tab::Overview {
                    assert!(
                        figures > 10,
                        "{background:?}: figures in the terminal's colour"
                    );
                }
            }
        }
    }
}

/// The help, warnings and errors windows keep every border cell beside Chinese text: the
/// terminal diff from the tab to the tab with the window open draws each cell of the
/// window's left and right edges (a wide character under the edge would make the diff skip
/// the border cell after it).
#[test]
fn window_borders_are_drawn_beside_wide_characters_on_every_tab() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        for lang in [Lang::Zh, Lang::En] {
            for (tab, tab_name) in TABS {
                for (open, close) in [
                    (Action::ToggleHelp, Action::ToggleHelp),
                    (Action::ShowWarnings, Action::Back),
                    (Action::ShowErrors, Action::Back),
                ] {
                    let mut app = app(lang, false);
                    app.tab = tab;
                    let area = Rect::new(0, 0, w, h);
                    let mut before = Buffer::empty(area);
                    (&app).render(area, &mut before);
                    app.update(open);
                    let mut after = Buffer::empty(area);
                    (&app).render(area, &mut after);
                    app.update(close);
                    let drawn: std::collections::HashSet<(u16, u16)> = before
                        .diff(&after)
                        .into_iter()
                        .map(|(x, y, _)| (x, y))
                        .collect();
                    // The window's corners: the top-left and bottom-right box characters.
                    let corner = |sym: &str| {
                        (0..h)
                            .flat_map(move |y| (0..w).map(move |x| (x, y)))
                            .find(|&(x, y)| after[(x, y)].symbol() == sym)
                    };
                    let (Some((left, top)), Some((right, bottom))) = (corner("┌"), corner("┘"))
                    else {
                        panic!("{tab_name} {w}x{h}: no window drawn");
                    };
                    for y in top..=bottom {
                        for x in [left, right] {
                            let sym = after[(x, y)].symbol().to_string();
                            assert!(
                                "┌┐└┘│".contains(sym.as_str()) && !sym.trim().is_empty(),
                                "{tab_name} {w}x{h} {open:?}: ({x},{y}) is {sym:?}"
                            );
                            let unchanged = before[(x, y)] == after[(x, y)];
                            assert!(
                                drawn.contains(&(x, y)) || unchanged,
                                "{tab_name} {w}x{h} {open:?}: border cell ({x},{y}) is never \
                                 drawn:\n{}",
                                ui::buffer_to_text(&after)
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn an_extra_zero_leaves_the_other_bars_readable_and_marks_the_doubted_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
    for entry in std::fs::read_dir(config).expect("config") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replacen("2023 = 236000", "2023 = 2360000", 1);
        std::fs::write(dir.path().join(path.file_name().expect("name")), text).expect("write");
    }
    let bars = |app: &App| -> Vec<(String, usize)> {
        lines(&screen(app, 80, 24))
            .into_iter()
            .filter(|l| l.contains('#'))
            .map(|l| {
                let name: String = l.chars().take_while(|c| *c != ' ').collect();
                (name, l.chars().filter(|c| *c == '#' || *c == '|').count())
            })
            .collect()
    };
    let normal = bars(&app(Lang::Zh, true));
    let mut typo = App::new(
        DataDir::Path(dir.path().into()),
        i18n::strings(Lang::Zh),
        Theme::new(false, true),
    );
    typo.apply_load(
        data::load(&DataDir::Path(dir.path().into())),
        chrono::Local::now(),
    );
    let text = screen(&typo, 80, 24);
    let doubted = bars(&typo);
    for (name, len) in &normal {
        if name == "天井村" || name.is_empty() {
            continue;
        }
        let now = doubted
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, l)| *l);
        assert!(now * 2 >= *len, "{name}: {now} of {len}\n{text}");
    }
    let line = lines(&text)
        .into_iter()
        .find(|l| l.starts_with("天井村"))
        .expect("the doubted village is drawn");
    assert!(
        line.contains(" ~ ") && line.contains("!236"),
        "{line}\n{text}"
    );
    // The typo also raises a warning: its figure is marked on the headline tile that
    // includes it, in the table cell, and the village's detail gives the warning's text.
    assert!(text.contains("集体收入合计 !"), "{text}");
    typo.update(Action::GoTab(Tab::Villages));
    let table = screen(&typo, 80, 24);
    let row = lines(&table)
        .into_iter()
        .find(|l| l.contains("天井村"))
        .expect("天井村 in the table");
    assert!(row.contains("!236"), "{row}");
    typo.update(Action::Open);
    let detail = screen(&typo, 80, 24);
    // In the dashboard's language: this app is in Chinese.
    assert!(detail.contains("! 可能是笔误"), "{detail}");
    let bar = lines(&detail)
        .into_iter()
        .find(|l| l.starts_with("2023"))
        .expect("2023 bar");
    assert!(bar.contains(" ~ ") && bar.contains("!236"), "{bar}");
}

#[test]
fn z_zooms_the_income_axis_with_a_break_mark() {
    let mut app = app(Lang::Zh, true);
    let whole = screen(&app, 80, 24);
    app.update(Action::Zoom);
    let zoomed = screen(&app, 80, 24);
    let row = |text: &str| {
        lines(text)
            .into_iter()
            .find(|l| l.starts_with("下塔村"))
            .expect("下塔村 row")
    };
    // Whole axis: the bar starts at zero. Zoomed: it starts with the break mark, and the
    // 10万 line moves left, so the band between the targets is wider.
    assert!(row(&whole).contains(" #"), "{}", row(&whole));
    assert!(row(&zoomed).contains(" ~"), "{}", row(&zoomed));
    let floor = |text: &str| row(text).find('|').expect("10万 line");
    assert!(floor(&zoomed) < floor(&whole), "{zoomed}");
    // At 80 columns the heading keeps its title, its colour legend, the target lines and
    // the zoom note: the title on one line, the rest on the next.
    for want in [
        "2023年(截至6月30日) 村集体经济收入 (万元)",
        "#20万+ #10万+ #未达标  | 目标线 10万/20万  ~ z 缩放到目标区间",
    ] {
        assert!(zoomed.contains(want), "{want}\n{zoomed}");
    }
    let mut app = self::app(Lang::En, true);
    app.update(Action::Zoom);
    let zoomed = screen(&app, 80, 24);
    for want in [
        "2023 (to 30 June) Village collective income (yuan)",
        "#200k+ #100k+ #below  | target 100k/200k  ~ z zooms to the targets",
    ] {
        assert!(zoomed.contains(want), "{want}\n{zoomed}");
    }
}

#[test]
fn the_distance_to_the_next_target_is_shown() {
    let mut app = app(Lang::Zh, false);
    let overview = screen(&app, 80, 24);
    let line = lines(&overview)
        .into_iter()
        .find(|l| l.starts_with("马家坪村"))
        .expect("马家坪村 on the overview");
    assert!(line.contains("距20万差2.4万"), "{line}");
    app.update(Action::GoTab(Tab::Villages));
    assert!(screen(&app, 80, 24).contains("距20万差2.4万"));
    let mut en = self::app(Lang::En, false);
    en.update(Action::GoTab(Tab::Villages));
    assert!(screen(&en, 80, 24).contains("24k to 200k"));
    // The table sorts by that distance, nearest first.
    for _ in 0..5 {
        app.update(Action::SortNext);
    }
    assert_eq!(app.villages.sort, Some(village_dash::app::SortColumn::Gap));
    assert_eq!(visible_names(&app)[0], "马家坪村");
}

/// Without colour, the selected row and the active tab are in reverse video and marked `>`.
#[test]
fn without_colour_selection_and_active_tab_are_reversed_and_marked() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    use ratatui::widgets::Widget;

    let mut app = app(Lang::Zh, false);
    app.update(Action::GoTab(Tab::Villages));
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    (&app).render(area, &mut buf);
    let text = ui::buffer_to_text(&buf);
    assert!(
        text.lines().next().is_some_and(|l| l.contains(">2:村庄")),
        "{text}"
    );
    let reversed_in_row =
        |y: u16| (0..area.width).any(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED));
    // The `2:村庄` tab.
    let tab_x = text.lines().next().and_then(|l| l.find(">2:")).unwrap_or(0) as u16;
    assert!(buf[(tab_x + 1, 0)].modifier.contains(Modifier::REVERSED));
    let row = text
        .lines()
        .position(|l| l.trim_start().starts_with('>'))
        .and_then(|i| u16::try_from(i).ok())
        .filter(|&i| i > 0);
    let row = row.expect("a row marked >");
    assert!(reversed_in_row(row));
}

/// Started without a data directory, the status line says the figures are the built-in
/// sample; with one, it names the directory.
#[test]
fn built_in_data_is_announced() {
    let outcome = data::load(&DataDir::BuiltIn);
    for (lang, words) in [
        (Lang::Zh, "内置示例数据"),
        (Lang::En, "built-in sample data"),
    ] {
        let mut app = App::new(
            DataDir::BuiltIn,
            i18n::strings(lang),
            Theme::new(true, false),
        );
        app.apply_load(outcome.clone(), chrono::Local::now());
        let text = screen(&app, 80, 24);
        let status = text.lines().last().unwrap_or_default();
        assert!(status.starts_with(&format!(" {words} ")), "{status}");
        // Highlighted: not the plain status style.
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ratatui::widgets::Widget::render(&app, area, &mut buf);
        assert_ne!(buf[(1, 23)].bg, ratatui::style::Color::Reset);
    }
    let app = app(Lang::Zh, false);
    let text = screen(&app, 80, 24);
    let status = text.lines().last().unwrap_or_default();
    assert!(status.starts_with("数据 config |"), "{status}");
    assert!(!status.contains("内置"));
}

/// `q` closes the help, warnings and errors windows and the village detail before it
/// quits; Ctrl-C quits from anywhere.
#[test]
fn q_closes_windows_before_it_quits() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use village_dash::app::{Effect, key_to_action};

    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let mut app = app(Lang::Zh, false);
    let press = |app: &mut App, key| {
        let action = key_to_action(key, app.villages.editing_filter, app.overlay.is_some())
            .expect("a mapped key");
        app.update(action)
    };
    for open in [Action::ToggleHelp, Action::ShowWarnings, Action::ShowErrors] {
        app.update(open);
        assert!(app.overlay.is_some());
        assert_eq!(press(&mut app, q), Effect::None);
        assert!(app.overlay.is_none());
    }
    app.update(Action::GoTab(Tab::Villages));
    app.update(Action::Open);
    assert!(app.villages.detail.is_some());
    app.update(Action::ToggleHelp);
    assert_eq!(press(&mut app, q), Effect::None, "closes the help");
    assert_eq!(press(&mut app, q), Effect::None, "closes the detail");
    assert!(app.villages.detail.is_none());
    assert_eq!(press(&mut app, q), Effect::Quit, "quits at the top level");

    app.update(Action::ToggleHelp);
    assert_eq!(
        press(&mut app, ctrl_c),
        Effect::Quit,
        "Ctrl-C quits from a window"
    );
}

/// After a reload that failed: the banner (what to do next pinned right) and the `x`
/// window, in both languages, at 80x24.
#[test]
fn error_banner_and_errors_window_in_both_languages() {
    let bad = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir("config").expect("config dir").flatten() {
        std::fs::copy(entry.path(), bad.path().join(entry.file_name())).expect("copy");
    }
    std::fs::copy(
        "tests/fixtures/invalid/errors-in-several-records/villages.toml",
        bad.path().join("villages.toml"),
    )
    .expect("copy the bad villages file");
    let failed = data::load(&DataDir::Path(bad.path().into()));
    assert!(failed.dataset.is_none());
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut app = app(lang, false);
        let at = chrono::Local
            .with_ymd_and_hms(2023, 7, 1, 9, 31, 0)
            .single()
            .expect("a fixed local time exists");
        let mut outcome = failed.clone();
        // Shown as the dashboard's own directory would be.
        for e in &mut outcome.diagnostics {
            e.path = e.path.replace(&bad.path().display().to_string(), "config");
        }
        app.apply_load(outcome, at);
        insta::assert_snapshot!(format!("banner_{name}_80x24"), screen(&app, 80, 24));
        app.update(Action::ShowErrors);
        insta::assert_snapshot!(format!("errors_window_{name}_80x24"), screen(&app, 80, 24));
    }
}

/// The selected row of the training table carries one style from its first cell to its
/// last: no cell between the columns (after the category, say) falls out of the bar.
#[test]
fn the_training_selection_bar_has_no_gap() {
    use ratatui::widgets::Widget;
    for lang in [Lang::Zh, Lang::En] {
        for color in [true, false] {
            for (w, h) in [(80, 24), (120, 40)] {
                let mut app = common::screens::shipped_app(lang, color, false);
                app.update(Action::GoTab(Tab::Training));
                app.update(Action::Down);
                let area = ratatui::layout::Rect::new(0, 0, w, h);
                let mut buf = ratatui::buffer::Buffer::empty(area);
                (&app).render(area, &mut buf);
                let row = (0..h)
                    .find(|&y| buf[(0, y)].symbol() == ">")
                    .expect("the selected row carries >");
                let first = &buf[(0, row)];
                for x in 0..w {
                    let cell = &buf[(x, row)];
                    assert_eq!(
                        (cell.bg, cell.modifier),
                        (first.bg, first.modifier),
                        "{lang:?} colour={color} {w}x{h}: cell {x} of the selected row"
                    );
                }
            }
        }
    }
}

/// From 160 columns the overview is a grid of the five charts, using the room: every chart
/// is there, and the charts reach across at least 80% of the width and down at least 80%
/// of the height.
#[test]
fn from_160_columns_the_overview_is_a_grid_of_the_five_charts() {
    for lang in [Lang::Zh, Lang::En] {
        let s = i18n::strings(lang);
        for (w, h) in [(160, 50), (200, 60)] {
            let app = app(lang, false);
            let text = screen(&app, w, h);
            let rows = lines(&text);
            for title in [
                s.income_chart,
                s.income_by_year,
                s.villages_at_targets,
                s.oat_by_year,
                s.participants_per_session,
            ] {
                assert!(text.contains(title), "{lang:?} {w}x{h}: no {title}\n{text}");
            }
            // Below the tiles, down to the status line: the lowest bar, the widest line.
            let first = rows
                .iter()
                .position(|l| l.contains(s.income_chart))
                .expect("the villages' chart");
            let body = &rows[first..rows.len() - 1];
            let last_bar = body.iter().rposition(|l| l.contains('█')).expect("bars");
            let right = body.iter().map(|l| width(l.trim_end())).max().unwrap_or(0);
            assert!(
                right * 10 >= usize::from(w) * 8,
                "{lang:?} {w}x{h}: the grid reaches column {right}\n{text}"
            );
            assert!(
                (first + last_bar + 1) * 10 >= usize::from(h) * 8,
                "{lang:?} {w}x{h}: the grid reaches line {}\n{text}",
                first + last_bar + 1
            );
        }
    }
}

/// The income bars of the village page beside the table, as drawn on a live terminal: blanks
/// on the colour of their stretch of the axis (red below 10万, yellow between the targets,
/// green above 20万), the target lines `|` on the terminal's own background; reverse video
/// without colour; `#` in ASCII; and `█` in a snapshot, which is text.
#[test]
fn the_village_page_draws_its_bars_as_blanks_coloured_by_stretch_of_the_axis() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::Widget;
    let draw = |color: bool, ascii: bool, live: bool| -> Buffer {
        let mut app = common::screens::shipped_app(Lang::Zh, color, ascii);
        if live {
            app.theme = app.theme.on_terminal();
        }
        app.update(Action::GoTab(Tab::Villages));
        let area = Rect::new(0, 0, 120, 40);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        buf
    };
    // 天井村 (selected first) had 23.6万 in 2023: its bar crosses both target lines.
    // The page starts right of the table: the row whose text there starts with "2023 ".
    let bar_row = |buf: &Buffer| -> (u16, Vec<u16>) {
        let (x0, y) = (0..40)
            .flat_map(|y| (50..110).map(move |x| (x, y)))
            .find(|&(x, y)| {
                let text: String = (x..x + 5).map(|x| buf[(x, y)].symbol()).collect();
                text == "2023 " && buf[(x - 1, y)].symbol() == " "
            })
            .expect("the 2023 bar of the page");
        let marks = (x0 + 5..120)
            .filter(|&x| buf[(x, y)].symbol() == "|")
            .collect();
        (y, marks)
    };
    let buf = draw(true, false, true);
    let (y, marks) = bar_row(&buf);
    assert_eq!(marks.len(), 2, "two target lines");
    let (floor, strong) = (marks[0], marks[1]);
    for (x, bg) in [
        (floor - 1, Color::Red),
        (floor + 1, Color::Yellow),
        (strong - 1, Color::Yellow),
        (strong + 1, Color::Green),
    ] {
        let cell = &buf[(x, y)];
        assert_eq!((cell.symbol(), cell.bg), (" ", bg), "column {x}");
    }
    for x in [floor, strong] {
        assert_eq!(buf[(x, y)].bg, Color::Reset, "the target line at {x}");
    }
    // The same columns for the next village (大双墩, 21.4万): the target lines stay put
    // and so does the colour of each stretch.
    let mut app = common::screens::shipped_app(Lang::Zh, true, false);
    app.theme = app.theme.on_terminal();
    app.update(Action::GoTab(Tab::Villages));
    app.update(Action::Down);
    let area = Rect::new(0, 0, 120, 40);
    let mut next = Buffer::empty(area);
    (&app).render(area, &mut next);
    assert_eq!(bar_row(&next), (y, marks.clone()));
    assert_eq!(next[(floor - 1, y)].bg, Color::Red);

    let buf = draw(false, false, true);
    let cell = &buf[(floor - 1, y)];
    assert_eq!(cell.symbol(), " ");
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "no colour: reverse video"
    );
    let buf = draw(true, true, true);
    assert_eq!(buf[(floor - 1, y)].symbol(), "#", "ASCII keeps '#'");
    let buf = draw(false, false, false);
    assert_eq!(
        buf[(floor - 1, y)].symbol(),
        "█",
        "a snapshot keeps the block"
    );
}

/// The overview with 120 training sessions of 10 participants and one of 25 (in place of
/// the shipped three), the large one first or last in the file, in Chinese with ASCII
/// bars; `(screen, total sessions)`.
fn overview_with_many_sessions(big_first: bool, w: u16, h: u16) -> (String, usize) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    common::pty::copy_data(&dir);
    let shipped = std::fs::read_to_string(dir.join("training.toml")).expect("training.toml");
    let mut text = shipped[..shipped.find("[[session]]").expect("a session")].to_string();
    let session = |date: &str, participants: i64| {
        format!(
            "\n[[session]]\ndate = {date}\ntopic = \"培训\"\ncategory = \"planting\"\n\
             participants = {participants}\nillustrative = true\n"
        )
    };
    let big = session("2021-01-05", 25);
    if big_first {
        text.push_str(&big);
    }
    for i in 0..120 {
        text.push_str(&session(
            &format!("2023-{:02}-{:02}", i % 12 + 1, i / 12 + 1),
            10,
        ));
    }
    if !big_first {
        text.push_str(&big);
    }
    std::fs::write(dir.join("training.toml"), text).expect("write training.toml");
    let app = common::screens::app_on(DataDir::Path(dir), Lang::Zh, Theme::new(false, true));
    let total = app.data().map_or(0, |d| d.sessions.len());
    (screen(&app, w, h), total)
}

/// The overview draws only the training sessions that fit (5,000 at 500,000 villages), but
/// a session's bar is as long as if all were drawn: the largest session sets the scale
/// whether it is on screen or not, and the line under the bars counts the rest.
#[test]
fn the_overview_scales_sessions_by_all_of_them_and_counts_those_not_drawn() {
    for (w, h) in [(120, 40), (200, 60)] {
        let bar_of_a_ten = |screen: &str| -> usize {
            let line = screen
                .lines()
                .find(|l| l.contains("2023-") && l.contains('#'))
                .unwrap_or_else(|| panic!("a session of 2023 at {w}x{h}:\n{screen}"));
            let from = line.find("2023-").expect("the label");
            line[from..]
                .split_whitespace()
                .nth(2)
                .map_or(0, |bar| bar.matches('#').count())
        };
        let (last, total) = overview_with_many_sessions(false, w, h);
        let (first, _) = overview_with_many_sessions(true, w, h);
        assert!(
            first.contains("2021-01") && !last.contains("2021-01"),
            "the largest session is drawn only when it comes first:\n{first}\n{last}"
        );
        let (shown, hidden) = (bar_of_a_ten(&last), bar_of_a_ten(&first));
        assert!(shown > 0, "{last}");
        assert_eq!(shown, hidden, "at {w}x{h}:\n{first}\n{last}");
        // Drawn sessions and the count of the others (the line under them, at the column
        // of their labels) add up to every session.
        let column = |line: &str, at: usize| width(&line[..at]);
        let labels: Vec<usize> = last
            .lines()
            .filter_map(|l| Some(column(l, l.find("2023-")?)).filter(|_| l.contains(" 种植 ")))
            .collect();
        let drawn = labels.len();
        let more: usize = last
            .lines()
            .find_map(|l| {
                let at = l
                    .match_indices("+ 还有 ")
                    .find(|(at, _)| column(l, *at) == labels[0])?
                    .0;
                l[at..].split(' ').nth(2)?.parse().ok()
            })
            .unwrap_or_else(|| panic!("a count of the sessions not drawn:\n{last}"));
        assert_eq!(drawn + more, total, "at {w}x{h}:\n{last}");
    }
}
