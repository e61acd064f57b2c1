//! Screens rendered into a buffer: snapshots of every tab (reviewed by eye before they
//! were accepted) and a sweep over terminal sizes.

use chrono::TimeZone;
use village_dash::app::{Action, App, Tab};
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir};
use village_dash::i18n;
use village_dash::text::width;
use village_dash::ui::{self, theme::Theme};

fn app(lang: Lang, ascii: bool) -> App {
    // Relative, as an official types it (tests run in the crate's directory).
    let dir = DataDir::Path("config".into());
    let outcome = data::load(&dir);
    assert!(outcome.dataset.is_some(), "shipped data must load");
    let mut app = App::new(dir, i18n::strings(lang), Theme::new(false, ascii));
    let at = chrono::Local
        .with_ymd_and_hms(2023, 7, 1, 9, 30, 0)
        .single()
        .expect("a fixed local time exists");
    app.apply_load(outcome, at);
    app
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
fn every_tab_in_both_languages_at_80x24_and_120x40() {
    for (lang, lang_name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        for (tab, tab_name) in TABS {
            let mut app = app(lang, false);
            app.tab = tab;
            for (w, h) in [(80, 24), (120, 40)] {
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
