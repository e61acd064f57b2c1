//! Criterion benchmarks of loading, validating, deriving and drawing, at 16, 1,000, 10,000
//! and 100,000 synthetic villages by default, and any size through `VD_BENCH_SIZES` (the
//! README's "Performance" section gives 100,000 and 500,000).
//!
//! ```text
//! cargo bench --bench dashboard                       # every size
//! VD_BENCH_SIZES=16,10000 cargo bench --bench dashboard -- render
//! ```
//!
//! The data directories are generated once into the temporary directory by the same code
//! as `cargo run --example gen_data`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::TimeZone;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use village_dash::app::{Action, App, Tab};
use village_dash::cli::Lang;
use village_dash::data::{self, DataDir, Indicators, consistency};
use village_dash::i18n;
use village_dash::ui::theme::Theme;

#[path = "../examples/gen_data.rs"]
#[allow(dead_code)]
mod gen_data;

const SEED: u64 = 7;

fn sizes() -> Vec<usize> {
    std::env::var("VD_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![16, 1_000, 10_000, 100_000])
}

/// A generated data directory of `n` villages, written once and reused.
fn dir(n: usize) -> DataDir {
    let path: PathBuf = std::env::temp_dir().join(format!("village-dash-bench-{n}-s{SEED}"));
    if !path.join("training.toml").is_file() {
        gen_data::write_dir(&path, n, SEED).expect("the bench data directory can be written");
    }
    DataDir::Path(path)
}

/// Fewer samples for the big sizes, so a full run stays within minutes.
fn tune<'a>(
    c: &'a mut Criterion,
    group: &str,
    n: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(group);
    if n >= 10_000 {
        g.sample_size(10).warm_up_time(Duration::from_millis(500));
    }
    g
}

fn app(dir: DataDir) -> App {
    let outcome = data::load(&dir);
    assert!(outcome.dataset.is_some(), "generated data must load");
    let mut app = App::new(dir, i18n::strings(Lang::Zh), Theme::new(true, false));
    let at = chrono::Local
        .with_ymd_and_hms(2023, 7, 1, 9, 30, 0)
        .single()
        .expect("a fixed local time exists");
    app.apply_load(outcome, at);
    app
}

fn load(c: &mut Criterion) {
    for n in sizes() {
        let dir = dir(n);
        let mut g = tune(c, "load", n);
        // Read, parse, validate and cross-check every file: what `check` does.
        g.bench_with_input(BenchmarkId::new("load", n), &dir, |b, dir| {
            b.iter(|| black_box(data::load(dir)));
        });
        // The reference: a plain parse of villages.toml into a `toml::Table`, no spans
        // kept, no checks.
        let DataDir::Path(path) = &dir else {
            unreachable!()
        };
        let text = std::fs::read_to_string(path.join("villages.toml")).expect("readable");
        g.bench_with_input(BenchmarkId::new("toml_from_str", n), &text, |b, text| {
            b.iter(|| black_box(toml::from_str::<toml::Table>(text).expect("valid TOML")));
        });
        g.finish();
    }
}

fn validate(c: &mut Criterion) {
    for n in sizes() {
        let outcome = data::load(&dir(n));
        let data = outcome.dataset.as_ref().expect("generated data must load");
        let today = chrono::NaiveDate::from_ymd_opt(2023, 7, 1).expect("a date");
        let mut g = tune(c, "validate", n);
        // The cross-file checks that run after parsing (totals, jumps, years, names).
        g.bench_with_input(BenchmarkId::new("warnings", n), &outcome, |b, o| {
            b.iter(|| black_box(consistency::warnings(data, &o.sources, today)));
        });
        g.bench_with_input(BenchmarkId::new("indicators", n), data, |b, data| {
            b.iter(|| black_box(Indicators::compute(data)));
        });
        g.finish();
    }
}

const TABS: [(Tab, &str); 6] = [
    (Tab::Overview, "overview"),
    (Tab::Villages, "villages"),
    (Tab::Oat, "oat"),
    (Tab::Projects, "projects"),
    (Tab::Training, "training"),
    (Tab::Party, "party"),
];

fn render(c: &mut Criterion) {
    let area = Rect::new(0, 0, 200, 60);
    for n in sizes() {
        let mut app = app(dir(n));
        let mut g = tune(c, "render_200x60", n);
        for (tab, name) in TABS {
            app.tab = tab;
            let mut buf = Buffer::empty(area);
            g.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter(|| {
                    buf.reset();
                    (&app).render(area, &mut buf);
                    black_box(&buf);
                });
            });
        }
        g.finish();
    }
}

/// A key press to a finished frame: `update` plus drawing at 200x60, for the keys of issue
/// #15: j/k, Tab (each tab in turn), l (each column in turn; the orders are built with the
/// load, so each is as a first sort), s, a filter typed and deleted one character at a
/// time, Esc out of a filter, Enter into the detail and Esc out of it.
///
/// ```text
/// VD_BENCH_SIZES=100000,500000 cargo bench --bench dashboard -- key_to_frame
/// ```
fn keys(c: &mut Criterion) {
    let area = Rect::new(0, 0, 200, 60);
    for n in sizes() {
        let mut app = app(dir(n));
        app.update(Action::GoTab(Tab::Villages));
        let mut buf = Buffer::empty(area);
        let mut g = tune(c, "key_to_frame", n);
        let mut frame = |app: &mut App, action: Action| {
            app.update(action);
            buf.reset();
            (&*app).render(area, &mut buf);
            black_box(&buf);
        };
        // Each bench runs a fixed cycle of keys that ends where it began, so that any number
        // of iterations leaves the state as it found it; one iteration is one key.
        let mut cycle =
            |g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
             name: &str,
             app: &mut App,
             keys: &[Action]| {
                let mut k = 0;
                g.bench_function(BenchmarkId::new(name, n), |b| {
                    b.iter(|| {
                        frame(app, keys[k % keys.len()]);
                        k += 1;
                    });
                });
                // Back to the start of the cycle.
                while k % keys.len() != 0 {
                    app.update(keys[k % keys.len()]);
                    k += 1;
                }
            };
        cycle(&mut g, "j_k", &mut app, &[Action::Down, Action::Up]);
        cycle(&mut g, "tab", &mut app, &[Action::NextTab; 6]);
        let sorts = [Action::SortNext; 9]; // eight columns, then file order
        cycle(&mut g, "sort_next", &mut app, &sorts);
        app.update(Action::SortNext); // by name
        cycle(&mut g, "reverse_s", &mut app, &[Action::ReverseSort; 2]);
        app.update(Action::FileOrder);
        app.update(Action::StartFilter);
        let mut typing: Vec<Action> = "xzc12".chars().map(Action::FilterChar).collect();
        typing.extend([Action::FilterBackspace; 5]);
        cycle(&mut g, "filter_char_or_backspace", &mut app, &typing);
        cycle(
            &mut g,
            "filter_first_char",
            &mut app,
            &[Action::FilterChar('x'), Action::FilterBackspace],
        );
        cycle(
            &mut g,
            "filter_esc",
            &mut app,
            &[
                Action::FilterChar('1'),
                Action::FilterCancel,
                Action::StartFilter,
            ],
        );
        app.update(Action::FilterCancel);
        cycle(&mut g, "enter_esc", &mut app, &[Action::Open, Action::Back]);
        g.finish();
    }
}

criterion_group!(benches, load, validate, render, keys);
criterion_main!(benches);
