//! Criterion benchmarks of loading, validating, deriving and drawing, at 16, 1,000, 10,000
//! and 100,000 synthetic villages (see the README's "Performance" section).
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

/// A key press to a finished frame: `update` plus drawing the villages tab at 200x60.
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
        let mut down = true;
        g.bench_function(BenchmarkId::new("move", n), |b| {
            b.iter(|| {
                // j then k, so the selection stays put however many iterations run.
                frame(&mut app, if down { Action::Down } else { Action::Up });
                down = !down;
            });
        });
        g.bench_function(BenchmarkId::new("sort", n), |b| {
            b.iter(|| frame(&mut app, Action::SortNext));
        });
        // Typing one character of a filter that matches most villages, then deleting it.
        app.update(Action::SortPrev);
        app.update(Action::StartFilter);
        let mut typed = false;
        g.bench_function(BenchmarkId::new("filter_char", n), |b| {
            b.iter(|| {
                let action = if typed {
                    Action::FilterBackspace
                } else {
                    Action::FilterChar('1')
                };
                frame(&mut app, action);
                typed = !typed;
            });
        });
        g.finish();
    }
}

criterion_group!(benches, load, validate, render, keys);
criterion_main!(benches);
