//! At 80x24 the status line shows every essential key of the view, in Chinese and English:
//! on every tab, in every window, in the village detail and while typing a filter.

use village_dash::app::{Action, App, Tab};
use village_dash::cli::Lang;
use village_dash::i18n::Strings;
use village_dash::ui;

mod common;

fn app(lang: Lang) -> App {
    common::screens::shipped_app(lang, false, false)
}

/// A key and what it does, as the status line shows them.
type Key = (&'static str, &'static str);

/// The views and the keys each must show.
fn views(lang: Lang) -> Vec<(String, App, Vec<Key>)> {
    let s: &Strings = village_dash::i18n::strings(lang);
    let help_quit = [("?", s.key_help), ("q", s.key_quit)];
    let mut out = Vec::new();
    for tab in [Tab::Overview, Tab::Oat, Tab::Party] {
        let mut a = app(lang);
        a.tab = tab;
        out.push((format!("{tab:?}"), a, help_quit.to_vec()));
    }
    for tab in [Tab::Projects, Tab::Training] {
        let mut a = app(lang);
        a.tab = tab;
        let mut keys = vec![("e", s.key_edit)];
        keys.extend(help_quit);
        out.push((format!("{tab:?}"), a, keys));
    }
    let mut a = app(lang);
    a.update(Action::GoTab(Tab::Villages));
    let mut keys = vec![
        ("Enter", s.key_open),
        ("/", s.key_filter),
        ("h/l", s.key_sort),
        ("e", s.key_edit),
    ];
    keys.extend(help_quit);
    out.push(("Villages".into(), a, keys));

    let mut a = app(lang);
    a.update(Action::GoTab(Tab::Villages));
    a.update(Action::Open);
    let mut keys = vec![("Esc", s.key_back), ("e", s.key_edit)];
    keys.extend(help_quit);
    out.push(("detail".into(), a, keys));

    for action in [Action::ToggleHelp, Action::ShowWarnings, Action::ShowErrors] {
        let mut a = app(lang);
        a.update(action);
        out.push((
            format!("{action:?}"),
            a,
            vec![("Esc", s.key_close), ("j/k", s.key_scroll)],
        ));
    }
    out
}

#[test]
fn every_views_keys_fit_at_80_columns_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let s = village_dash::i18n::strings(lang);
        for (what, a, keys) in views(lang) {
            let screen = ui::snapshot(&a, 80, 24);
            let status = screen.lines().last().unwrap_or("");
            for (key, word) in keys {
                let shown = format!("{key}{}{word}", s.key_gap);
                assert!(
                    status.contains(&shown),
                    "{lang:?} {what}: `{shown}` missing from the status line\n{status}"
                );
            }
            // The source and the warning count are still there.
            assert!(status.contains(s.source_label), "{lang:?} {what}: {status}");
            assert!(
                status.contains(s.warnings) || status.contains(s.warnings_short),
                "{lang:?} {what}: {status}"
            );
        }
    }
}
