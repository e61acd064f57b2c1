//! Writes a synthetic data directory of any size in the contracted schema, for benchmarks
//! and for anyone reproducing the figures in the README's "Performance" section.
//!
//! ```text
//! cargo run --release --example gen_data -- --villages 10000 --out /tmp/vd-10k [--seed 7]
//! cargo run --release --example gen_data -- --county 9 --villages 1000 --out /tmp/vd-county
//! ```
//!
//! With `--county N` the output is a county directory: `county.toml` and N township
//! folders `t01`, `t02`, ... of `--villages` villages each (seeds S, S+1, ...), each
//! township named 合成乡1, 合成乡2, ...
//!
//! Every village has five years (2019-2023) of collective income and oat-grass acreage,
//! households, a Party branch status and the oat programme flag. The output is
//! deterministic for a seed (a small xorshift, no dependencies) and valid: `check` exits 0
//! with no warnings, since the township and consortium totals are set to the generated sums.

use std::fmt::Write as _;
use std::path::PathBuf;

/// xorshift64*: small, fast and good enough for made-up figures.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "天", "大", "双", "七", "摇", "三", "石", "柳", "杨", "马", "黄", "红", "东", "西", "南", "北",
    "上", "下", "前", "后", "新", "老", "小", "高", "白", "青", "沙", "金", "李", "王",
];
const SECOND: &[&str] = &[
    "井", "墩", "岔", "铃", "家", "树", "河", "山", "湾", "梁", "峁", "滩", "庄", "窑", "泉", "营",
    "堡", "台", "坪", "川", "沟", "口", "圪", "塔", "城", "园", "林", "桥",
];
const LAST: &[&str] = &["村", "沟", "子", "营", "梁", "湾", "坪", "庄"];
const PINYIN_FIRST: &[&str] = &[
    "Tian", "Da", "Shuang", "Qi", "Yao", "San", "Shi", "Liu", "Yang", "Ma", "Huang", "Hong",
    "Dong", "Xi", "Nan", "Bei", "Shang", "Xia", "Qian", "Hou", "Xin", "Lao", "Xiao", "Gao", "Bai",
    "Qing", "Sha", "Jin", "Li", "Wang",
];
const YEARS: [i32; 5] = [2019, 2020, 2021, 2022, 2023];
const BRANCHES: &[&str] = &["strongest", "rectified", "ordinary", "ordinary", "ordinary"];

#[allow(dead_code)]
struct Args {
    villages: usize,
    county: usize,
    out: PathBuf,
    seed: u64,
}

#[allow(dead_code)]
fn parse_args() -> Result<Args, String> {
    let mut villages = 16;
    let mut out = None;
    let mut seed = 7;
    let mut county = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--villages" => {
                villages = value()?.parse().map_err(|e| format!("--villages: {e}"))?;
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--county" => county = value()?.parse().map_err(|e| format!("--county: {e}"))?,
            "-h" | "--help" => {
                return Err(
                    "usage: gen_data --villages N --out DIR [--seed S] [--county TOWNSHIPS]".into(),
                );
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if villages == 0 {
        return Err("--villages must be at least 1".into());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Args {
        villages,
        county,
        out,
        seed,
    })
}

/// Running sums that the township and consortium files must agree with.
#[derive(Default)]
struct Totals {
    oat_villages: i64,
    oat_households: i64,
    oat_mu_since_2021: i64,
    strongest: i64,
    rectified: i64,
}

fn villages_file(n: usize, rng: &mut Rng, totals: &mut Totals) -> String {
    let mut out = String::with_capacity(n * 420);
    out.push_str(
        "# Synthetic villages written by `cargo run --example gen_data`; figures are made up.\n",
    );
    for i in 1..=n {
        let (a, b) = (rng.pick(FIRST), rng.pick(SECOND));
        let pinyin = PINYIN_FIRST[FIRST.iter().position(|f| *f == a).unwrap_or(0)];
        // The number keeps names unique, so there is no duplicate-name warning.
        let name = format!("{a}{b}{}{i}", rng.pick(LAST));
        let households = rng.range(30, 240);
        let branch = rng.pick(BRANCHES);
        let oat = rng.range(0, 9) < 8;
        let _ = write!(
            out,
            "\n[[village]]\nid = \"v{i:06}\"\nname = \"{name}\"\nname_en = \"{pinyin} {i}\"\n\
             households = {households}\nparty_branch = \"{branch}\"\noat_program = {oat}\n\
             illustrative = true\n\n[village.collective_income_yuan]\n"
        );
        // Growth of at most 50% a year keeps clear of the income-jump warning.
        let mut income = rng.range(60, 250) * 1000;
        for year in YEARS {
            let _ = writeln!(out, "{year} = {income}");
            income = income * rng.range(95, 150) / 100;
        }
        match branch {
            "strongest" => totals.strongest += 1,
            "rectified" => totals.rectified += 1,
            _ => {}
        }
        if oat {
            totals.oat_villages += 1;
            totals.oat_households += households;
            out.push_str("\n[village.oat_grass_mu]\n");
            let mut mu = rng.range(200, 900);
            for year in YEARS {
                let _ = writeln!(out, "{year} = {mu}");
                if year >= 2021 {
                    totals.oat_mu_since_2021 += mu;
                }
                mu = mu * rng.range(90, 140) / 100;
            }
        }
    }
    out
}

fn township_file(totals: &Totals) -> String {
    format!(
        "# Synthetic township written by `cargo run --example gen_data`.\n\n\
         [township]\nname = \"合成乡\"\nname_en = \"Synthetic Township\"\ncounty = \"清水河县\"\n\
         city = \"呼和浩特市\"\nadministrative_villages = {}\nas_of = 2023-06-30\n\n\
         [thresholds]\nincome_floor_yuan = 100000\nincome_strong_yuan = 200000\n\n\
         [party_building]\nsince = 2020\nbranches_rectified = {}\nstrongest_branches = {}\n\
         venues_renovated = 4\nleaders_added = 2\n",
        totals.oat_villages, totals.rectified, totals.strongest
    )
}

fn consortium_file(totals: &Totals, villages: usize) -> String {
    format!(
        "# Synthetic consortium written by `cargo run --example gen_data`; totals are the\n\
         # generated sums, so they agree with villages.toml.\n\n\
         [consortium]\nname = \"合成乡燕麦草共同体联合党委\"\nfounded = 2021\n\
         households_served = {}\nfertilizer_t = 3000\noat_grass_mu = {}\n\
         household_income_gain_yuan = 1500\n\n\
         [[consortium.member]]\nname = \"合成乡党委\"\nname_en = \"Township Party Committee\"\nlevel = \"township\"\n\n\
         [[consortium.member]]\nname = \"县农牧局机关党支部\"\nlevel = \"county\"\n\n\
         [[consortium.member]]\nname = \"村党支部\"\nlevel = \"village\"\ncount = {villages}\n",
        totals.oat_households, totals.oat_mu_since_2021
    )
}

fn projects_file(n: usize, rng: &mut Rng) -> String {
    const CATEGORIES: &[&str] = &[
        "processing",
        "livestock",
        "planting",
        "logistics",
        "tourism",
        "other",
    ];
    // One project per 50 villages, at least 7 like the shipped data.
    let count = (n / 50).max(7);
    let mut out = String::from("# Synthetic projects written by `cargo run --example gen_data`.\n");
    for p in 1..=count {
        let members: Vec<String> = (0..rng.range(0, 3))
            .map(|_| format!("\"v{:06}\"", rng.range(1, n as i64)))
            .collect();
        let _ = write!(
            out,
            "\n[[project]]\nid = \"p{p:05}\"\nname = \"合成项目{p}\"\nname_en = \"Project {p}\"\n\
             category = \"{}\"\nvillages = [{}]\nstarted = {}\njobs = {}\n\n\
             [project.collective_income_yuan]\n2022 = {}\n2023 = {}\n",
            rng.pick(CATEGORIES),
            members.join(", "),
            rng.range(2019, 2023),
            rng.range(2, 60),
            rng.range(50, 400) * 1000,
            rng.range(60, 500) * 1000,
        );
    }
    out
}

fn training_file(n: usize, rng: &mut Rng) -> String {
    const CATEGORIES: &[&str] = &["planting", "breeding", "economy", "party", "other"];
    let count = (n / 100).max(3);
    let mut out = String::from("# Synthetic sessions written by `cargo run --example gen_data`.\n");
    for s in 1..=count {
        let _ = write!(
            out,
            "\n[[session]]\ndate = {}-{:02}-{:02}\ntopic = \"合成培训{s}\"\ntopic_en = \"Session {s}\"\n\
             category = \"{}\"\nparticipants = {}\nillustrative = true\n",
            rng.range(2020, 2022),
            rng.range(1, 12),
            rng.range(1, 28),
            rng.pick(CATEGORIES),
            rng.range(10, 120),
        );
    }
    out
}

/// The five files of a data directory of `villages` villages, as (file name, text).
/// The benchmarks include this file as a module and call this.
pub fn generate(villages: usize, seed: u64) -> [(&'static str, String); 5] {
    let mut rng = Rng::new(seed);
    let mut totals = Totals::default();
    let text = villages_file(villages, &mut rng, &mut totals);
    [
        ("township.toml", township_file(&totals)),
        ("villages.toml", text),
        ("consortium.toml", consortium_file(&totals, villages)),
        ("projects.toml", projects_file(villages, &mut rng)),
        ("training.toml", training_file(villages, &mut rng)),
    ]
}

/// Writes a generated data directory to `out` (created if missing).
/// A county directory of `townships` synthetic townships of `villages` villages each.
#[allow(dead_code)]
pub fn write_county(
    out: &std::path::Path,
    townships: usize,
    villages: usize,
    seed: u64,
) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let county = "# Synthetic county (gen_data): every figure is made up.\n\
                  [county]\nname = \"合成县\"\nname_en = \"Synthetic County\"\ncity = \"呼和浩特市\"\n";
    std::fs::write(out.join("county.toml"), county).map_err(|e| e.to_string())?;
    for t in 1..=townships {
        let dir = out.join(format!("t{t:02}"));
        write_dir(&dir, villages, seed + t as u64 - 1)?;
        let path = dir.join("township.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let text = text
            .replacen("name = \"合成乡\"", &format!("name = \"合成乡{t}\""), 1)
            .replacen(
                "name_en = \"Synthetic Township\"",
                &format!("name_en = \"Synthetic Township {t}\""),
                1,
            );
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

pub fn write_dir(out: &std::path::Path, villages: usize, seed: u64) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (name, text) in generate(villages, seed) {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

#[allow(dead_code)] // unused when the benchmarks include this file as a module
fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_data: {e}");
            std::process::exit(2);
        }
    };
    let result = if args.county > 0 {
        write_county(&args.out, args.county, args.villages, args.seed)
    } else {
        write_dir(&args.out, args.villages, args.seed)
    };
    if let Err(e) = result {
        eprintln!("gen_data: {e}");
        std::process::exit(1);
    }
    let townships = args.county.max(1);
    println!(
        "wrote {} villages to {}",
        args.villages * townships,
        args.out.display()
    );
}
