//! Every user-visible label, unit and help line, in Chinese and English, in one place.

use crate::cli::Lang;
use crate::data::indicators::IncomeStatus;
use crate::data::{BranchStatus, MemberLevel, ProjectCategory, TrainingCategory};
use crate::text::{thousands, wan};

pub struct Strings {
    pub lang: Lang,
    pub tabs: [&'static str; 6],
    pub as_of: &'static str,
    pub villages: &'static str,
    pub village: &'static str,
    pub at_floor: &'static str,
    pub at_strong: &'static str,
    pub income_total: &'static str,
    pub change_on_year: &'static str,
    pub oat_grass: &'static str,
    pub households_served: &'static str,
    pub fertilizer: &'static str,
    pub income_gain: &'static str,
    pub training: &'static str,
    pub sessions: &'static str,
    pub participants: &'static str,
    pub projects: &'static str,
    pub income_chart: &'static str,
    pub floor_marker: &'static str,
    pub strong_marker: &'static str,
    pub col_name: &'static str,
    pub col_income: &'static str,
    pub col_change: &'static str,
    pub col_status: &'static str,
    pub col_oat: &'static str,
    pub col_households: &'static str,
    pub col_branch: &'static str,
    pub col_trend: &'static str,
    pub col_category: &'static str,
    pub col_villages: &'static str,
    pub col_area: &'static str,
    pub col_jobs: &'static str,
    pub col_started: &'static str,
    pub col_date: &'static str,
    pub col_topic: &'static str,
    pub col_level: &'static str,
    pub col_year: &'static str,
    pub col_collective: &'static str,
    pub township_wide: &'static str,
    pub income_by_year: &'static str,
    pub oat_by_year: &'static str,
    pub oat_by_village: &'static str,
    pub projects_of_village: &'static str,
    pub none: &'static str,
    pub members: &'static str,
    pub published_totals: &'static str,
    pub project_income: &'static str,
    pub participants_per_session: &'static str,
    pub totals_by_category: &'static str,
    pub party_counts: &'static str,
    pub branches_rectified: &'static str,
    pub strongest_branches: &'static str,
    pub venues_renovated: &'static str,
    pub leaders_added: &'static str,
    pub branch_status_of_villages: &'static str,
    pub since: &'static str,
    pub illustrative_note: &'static str,
    pub filter: &'static str,
    pub sort: &'static str,
    pub loaded_at: &'static str,
    pub warnings: &'static str,
    pub help_hint: &'static str,
    pub too_small: &'static str,
    pub errors_banner: &'static str,
    pub errors_title: &'static str,
    pub warnings_title: &'static str,
    pub help_title: &'static str,
    pub no_warnings: &'static str,
    pub no_errors: &'static str,
    pub help: &'static [(&'static str, &'static str)],
    pub back_hint: &'static str,
    pub no_data: &'static str,
    pub year_label: &'static str,
    pub latest_year: &'static str,
    pub chart_money_unit: &'static str,
    pub mu_unit: &'static str,
    pub founded_suffix: &'static str,
    pub villages_served: &'static str,
    pub village_count_suffix: &'static str,
    pub table_income_unit: &'static str,
    pub table_oat_unit: &'static str,
    pub errors_hint: &'static str,
    pub built_in_not_editable: &'static str,
}

pub const ZH: Strings = Strings {
    lang: Lang::Zh,
    tabs: ["总览", "村庄", "燕麦草", "产业", "培训", "党建"],
    as_of: "数据截至",
    villages: "村",
    village: "村庄",
    at_floor: "达10万元",
    at_strong: "达20万元",
    income_total: "集体收入合计",
    change_on_year: "同比",
    oat_grass: "燕麦草种植",
    households_served: "服务农户",
    fertilizer: "有机肥",
    income_gain: "户均年增收",
    training: "专题培训",
    sessions: "次",
    participants: "参训人次",
    projects: "产业项目",
    income_chart: "村集体经济收入",
    floor_marker: "10万",
    strong_marker: "20万",
    col_name: "村名",
    col_income: "收入",
    col_change: "同比",
    col_status: "达标",
    col_oat: "燕麦草",
    col_households: "户数",
    col_branch: "党支部",
    col_trend: "走势",
    col_category: "类别",
    col_villages: "所在村",
    col_area: "面积",
    col_jobs: "就业",
    col_started: "开始",
    col_date: "日期",
    col_topic: "主题",
    col_level: "层级",
    col_year: "年份",
    col_collective: "创收",
    township_wide: "全乡",
    income_by_year: "历年集体收入",
    oat_by_year: "历年燕麦草种植",
    oat_by_village: "各村累计种植",
    projects_of_village: "参与项目",
    none: "无",
    members: "成员单位",
    published_totals: "公布的累计数",
    project_income: "为村集体创收",
    participants_per_session: "每次参训人次",
    totals_by_category: "按类别合计",
    party_counts: "2020年以来",
    branches_rectified: "整顿软弱涣散党支部",
    strongest_branches: "最强党支部",
    venues_renovated: "改造党组织阵地",
    leaders_added: "补齐配强村班子",
    branch_status_of_villages: "各村党支部",
    since: "年以来",
    illustrative_note: "* 示例数据,非公开发布",
    filter: "筛选",
    sort: "排序",
    loaded_at: "加载于",
    warnings: "警告",
    help_hint: "?帮助 q退出",
    too_small: "终端太小",
    errors_banner: "数据文件有错误,仍显示上次正确的数据",
    errors_title: "数据文件错误",
    warnings_title: "警告",
    help_title: "按键",
    no_warnings: "没有警告",
    no_errors: "没有错误",
    help: &[
        ("1-6 Tab S-Tab", "切换标签页"),
        ("j k / 上 下", "上下移动"),
        ("g G", "第一行 / 最后一行"),
        ("PgUp PgDn", "翻页"),
        ("h l / 左 右", "切换排序列(村庄页)"),
        ("s", "排序方向"),
        ("/", "筛选村庄,Enter确认 Esc清除"),
        ("Enter", "打开村庄详情"),
        ("Esc", "返回"),
        ("e", "在编辑器中打开所选记录"),
        ("r", "重新加载数据"),
        ("w", "查看警告"),
        ("x", "查看错误"),
        ("?", "显示/隐藏帮助"),
        ("q Ctrl-C", "退出"),
    ],
    back_hint: "Esc返回",
    no_data: "无数据",
    year_label: "年",
    latest_year: "年度",
    chart_money_unit: "万元",
    mu_unit: "亩",
    founded_suffix: "年成立",
    villages_served: "服务行政村",
    village_count_suffix: "个村",
    table_income_unit: "(万)",
    table_oat_unit: "亩",
    errors_hint: "x 查看全部",
    built_in_not_editable: "内置数据不能编辑;请复制config目录并使用 --config DIR",
};

pub const EN: Strings = Strings {
    lang: Lang::En,
    tabs: [
        "Overview",
        "Villages",
        "Oat grass",
        "Projects",
        "Training",
        "Party",
    ],
    as_of: "Figures as of",
    villages: "villages",
    village: "Village",
    at_floor: ">= 100k",
    at_strong: ">= 200k",
    income_total: "Collective income",
    change_on_year: "on year",
    oat_grass: "Oat grass",
    households_served: "Households served",
    fertilizer: "Fertiliser",
    income_gain: "Gain per household",
    training: "Training",
    sessions: "sessions",
    participants: "Participants",
    projects: "Projects",
    income_chart: "Village collective income",
    floor_marker: "100k",
    strong_marker: "200k",
    col_name: "Village",
    col_income: "Income",
    col_change: "Change",
    col_status: "Target",
    col_oat: "Oat mu",
    col_households: "Hh",
    col_branch: "Branch",
    col_trend: "Trend",
    col_category: "Category",
    col_villages: "Village(s)",
    col_area: "Area",
    col_jobs: "Jobs",
    col_started: "Start",
    col_date: "Date",
    col_topic: "Topic",
    col_level: "Level",
    col_year: "Year",
    col_collective: "Income",
    township_wide: "all villages",
    income_by_year: "Collective income by year",
    oat_by_year: "Oat grass planted by year",
    oat_by_village: "Planted since founding, by village",
    projects_of_village: "Projects",
    none: "none",
    members: "Members",
    published_totals: "Published totals",
    project_income: "Income to village collectives",
    participants_per_session: "Participants per session",
    totals_by_category: "Totals by category",
    party_counts: "since 2020",
    branches_rectified: "Weak branches rectified",
    strongest_branches: "Strongest branches",
    venues_renovated: "Party venues renovated",
    leaders_added: "Village leaders added",
    branch_status_of_villages: "Branch status by village",
    since: "since",
    illustrative_note: "* illustrative, not published",
    filter: "filter",
    sort: "sort",
    loaded_at: "loaded",
    warnings: "warnings",
    help_hint: "? help  q quit",
    too_small: "Terminal too small",
    errors_banner: "data files have errors; showing the last good figures",
    errors_title: "Errors in the data files",
    warnings_title: "Warnings",
    help_title: "Keys",
    no_warnings: "no warnings",
    no_errors: "no errors",
    help: &[
        ("1-6 Tab S-Tab", "switch tab"),
        ("j k / Up Down", "move"),
        ("g G", "first / last row"),
        ("PgUp PgDn", "page"),
        ("h l / Left Right", "sort column (Villages)"),
        ("s", "reverse sort"),
        ("/", "filter villages; Enter keeps, Esc clears"),
        ("Enter", "open village"),
        ("Esc", "back"),
        ("e", "edit the selected record in $EDITOR"),
        ("r", "reload the data"),
        ("w", "show warnings"),
        ("x", "show errors"),
        ("?", "show / hide this help"),
        ("q Ctrl-C", "quit"),
    ],
    back_hint: "Esc back",
    no_data: "no data",
    year_label: "",
    latest_year: "year",
    chart_money_unit: "yuan",
    mu_unit: "mu",
    founded_suffix: " founded",
    villages_served: "Villages served",
    village_count_suffix: "villages",
    table_income_unit: "",
    table_oat_unit: "",
    errors_hint: "x: all",
    built_in_not_editable: "built-in data cannot be edited; copy config/ and use --config DIR",
};

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Strings {
    pub fn english(&self) -> bool {
        self.lang == Lang::En
    }

    /// Money as officials write it: `23.6万元` / `236,000 yuan`.
    pub fn money(&self, yuan: i64) -> String {
        match self.lang {
            Lang::Zh if yuan.abs() < 10_000 => format!("{yuan}元"),
            Lang::Zh => format!("{}万元", wan(yuan, 2)),
            Lang::En => format!("{} yuan", thousands(yuan)),
        }
    }

    /// A compact money figure for tables and charts: `23.6万` / `236k`.
    pub fn money_short(&self, yuan: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{}万", wan(yuan, 2)),
            Lang::En if yuan.abs() >= 1_000_000 => format!("{}m", wan(yuan * 10 / 1000, 2)),
            Lang::En => format!("{}k", wan(yuan * 10, 1)),
        }
    }

    /// Area: `3.1万亩` for 10,000 mu and up, `950亩` below; `31,000 mu` in English.
    pub fn area(&self, mu: i64) -> String {
        match self.lang {
            Lang::Zh if mu >= 10_000 => format!("{}万亩", wan(mu, 2)),
            Lang::Zh => format!("{mu}亩"),
            Lang::En => format!("{} mu", thousands(mu)),
        }
    }

    pub fn area_f(&self, mu: f64) -> String {
        match self.lang {
            Lang::Zh => format!("{mu}亩"),
            Lang::En => format!("{mu} mu"),
        }
    }

    pub fn tonnes(&self, t: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{}吨", thousands(t)),
            Lang::En => format!("{} t", thousands(t)),
        }
    }

    pub fn households(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}户"),
            Lang::En => thousands(n),
        }
    }

    pub fn person_times(&self, n: i64) -> String {
        match self.lang {
            Lang::Zh => format!("{n}人次"),
            Lang::En => format!("{} participants", thousands(n)),
        }
    }

    /// `3次` / `3 sessions`.
    pub fn sessions_count(&self, n: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{n}次"),
            Lang::En if n == 1 => "1 session".to_string(),
            Lang::En => format!("{n} sessions"),
        }
    }

    pub fn count_of(&self, n: usize, of: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{n}/{of}村"),
            Lang::En => format!("{n} of {of}"),
        }
    }

    pub fn status(&self, status: IncomeStatus) -> &'static str {
        match (self.lang, status) {
            (Lang::Zh, IncomeStatus::Strong) => "20万+",
            (Lang::Zh, IncomeStatus::AtFloor) => "10万+",
            (Lang::Zh, IncomeStatus::BelowFloor) => "未达标",
            (Lang::En, IncomeStatus::Strong) => "200k+",
            (Lang::En, IncomeStatus::AtFloor) => "100k+",
            (Lang::En, IncomeStatus::BelowFloor) => "below",
        }
    }

    pub fn branch(&self, status: BranchStatus) -> &'static str {
        match (self.lang, status) {
            (Lang::Zh, BranchStatus::Strongest) => "最强党支部",
            (Lang::Zh, BranchStatus::Rectified) => "已整顿",
            (Lang::Zh, BranchStatus::Ordinary) => "一般",
            (Lang::En, BranchStatus::Strongest) => "strongest",
            (Lang::En, BranchStatus::Rectified) => "rectified",
            (Lang::En, BranchStatus::Ordinary) => "ordinary",
        }
    }

    pub fn level(&self, level: MemberLevel) -> &'static str {
        match (self.lang, level) {
            (Lang::Zh, MemberLevel::Township) => "乡级",
            (Lang::Zh, MemberLevel::City) => "市级",
            (Lang::Zh, MemberLevel::County) => "县级",
            (Lang::Zh, MemberLevel::Village) => "村级",
            (Lang::En, MemberLevel::Township) => "township",
            (Lang::En, MemberLevel::City) => "city",
            (Lang::En, MemberLevel::County) => "county",
            (Lang::En, MemberLevel::Village) => "village",
        }
    }

    pub fn project_category(&self, c: ProjectCategory) -> &'static str {
        match (self.lang, c) {
            (Lang::Zh, ProjectCategory::Processing) => "加工",
            (Lang::Zh, ProjectCategory::Livestock) => "养殖",
            (Lang::Zh, ProjectCategory::Planting) => "种植",
            (Lang::Zh, ProjectCategory::Logistics) => "物流",
            (Lang::Zh, ProjectCategory::Tourism) => "文旅",
            (Lang::Zh, ProjectCategory::Other) => "其他",
            (Lang::En, c) => c.key(),
        }
    }

    pub fn training_category(&self, c: TrainingCategory) -> &'static str {
        match (self.lang, c) {
            (Lang::Zh, TrainingCategory::Planting) => "种植",
            (Lang::Zh, TrainingCategory::Breeding) => "养殖",
            (Lang::Zh, TrainingCategory::Economy) => "产业经济",
            (Lang::Zh, TrainingCategory::Party) => "党建",
            (Lang::Zh, TrainingCategory::Other) => "其他",
            (Lang::En, c) => c.key(),
        }
    }

    /// `2020年以来累计` / `Counted since 2020`.
    pub fn counted_since(&self, year: i32) -> String {
        match self.lang {
            Lang::Zh => format!("{year}年以来累计"),
            Lang::En => format!("Counted since {year}"),
        }
    }

    /// How many villages record a branch status: `(村庄记录 7 个)` / `(7 villages recorded)`.
    pub fn villages_recorded(&self, n: usize) -> String {
        match self.lang {
            Lang::Zh => format!("(村庄记录 {n} 个)"),
            Lang::En => format!("({n} villages recorded)"),
        }
    }

    /// `2023年` / `2023`.
    pub fn year(&self, year: i32) -> String {
        format!("{year}{}", self.year_label)
    }
}
