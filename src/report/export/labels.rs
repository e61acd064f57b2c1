//! Column headers, sheet names and other labels that only the exports use, in Chinese and
//! English. Labels shared with the dashboard stay in `i18n::Strings`.

use crate::cli::Lang;
use crate::i18n::Strings;

pub struct Labels {
    english: bool,

    /// The CSV header row. The id column is `id` in every language and the English headers
    /// are the data files' key names, so scripts can read either.
    pub csv_headers: [&'static str; 10],

    // Column headers of the other formats.
    pub id: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub households: &'static str,
    pub party_branch: &'static str,
    pub oat_program: &'static str,
    pub illustrative: &'static str,

    pub yes: &'static str,
    pub no: &'static str,
    pub total: &'static str,
    /// The figure as the source words it (3000余吨).
    pub as_published: &'static str,
    pub source: &'static str,
    /// The income targets drawn on the chart.
    pub target: &'static str,
    pub indicator: &'static str,
    pub value: &'static str,
    pub summary: &'static str,
    pub change_yuan: &'static str,
    pub status: &'static str,

    // Sheet names: at most 31 characters, none of `[]:*?/\`.
    pub sheet_summary: &'static str,
    pub sheet_villages: &'static str,
    pub sheet_oat: &'static str,
    pub sheet_projects: &'static str,
    pub sheet_training: &'static str,
    pub sheet_party: &'static str,

    // The oat-grass programme.
    pub consortium: &'static str,
    pub founded: &'static str,
    pub administrative_villages: &'static str,
    pub oat_villages: &'static str,
    pub households_served: &'static str,
    pub fertilizer_t: &'static str,
    pub oat_planted_mu: &'static str,
    pub income_gain_yuan: &'static str,
    pub member: &'static str,
    pub level: &'static str,
    pub count: &'static str,
    pub acreage_by_village: &'static str,

    // Projects and training.
    pub project: &'static str,
    pub category: &'static str,
    pub villages: &'static str,
    pub started: &'static str,
    pub area_mu: &'static str,
    pub jobs: &'static str,
    pub date: &'static str,
    pub topic: &'static str,
    pub topic_en: &'static str,
    pub participants: &'static str,
    pub sessions: &'static str,

    // Party building.
    pub branch_status: &'static str,
    pub village_count: &'static str,
    pub not_recorded: &'static str,
    pub leaders_added: &'static str,

    /// Joins village names in one cell.
    pub list_separator: &'static str,
}

static ZH: Labels = Labels {
    english: false,
    csv_headers: [
        "id",
        "村名",
        "英文名",
        "年份",
        "村集体经济收入(元)",
        "燕麦草种植(亩)",
        "户数",
        "党支部",
        "燕麦草项目",
        "示例数据",
    ],

    id: "id",
    name: "村名",
    name_en: "英文名",
    households: "户数",
    party_branch: "党支部",
    oat_program: "燕麦草项目",
    illustrative: "示例数据",

    yes: "是",
    no: "否",
    total: "合计",
    as_published: "公布表述",
    source: "来源",
    target: "目标",
    indicator: "指标",
    value: "数值",
    summary: "概况",
    change_yuan: "同比(元)",
    status: "达标",

    sheet_summary: "概况",
    sheet_villages: "各村历年收入",
    sheet_oat: "燕麦草共同体",
    sheet_projects: "产业项目",
    sheet_training: "专题培训",
    sheet_party: "党建",

    consortium: "燕麦草共同体",
    founded: "成立年份",
    administrative_villages: "服务行政村(个)",
    oat_villages: "参与项目的村(个)",
    households_served: "服务农户(户)",
    fertilizer_t: "累计发放有机肥(吨)",
    oat_planted_mu: "累计种植燕麦草(亩)",
    income_gain_yuan: "户均年增收(元)",
    member: "成员单位",
    level: "层级",
    count: "数量",
    acreage_by_village: "各村燕麦草种植(亩)",

    project: "项目",
    category: "类别",
    villages: "所在村",
    started: "开始年份",
    area_mu: "面积(亩)",
    jobs: "就业(人)",
    date: "日期",
    topic: "主题",
    topic_en: "英文主题",
    participants: "参训人次",
    sessions: "次数",

    branch_status: "党支部类别",
    village_count: "村数",
    not_recorded: "未记录",
    leaders_added: "补齐配强村班子(人)",

    list_separator: "、",
};

static EN: Labels = Labels {
    english: true,
    csv_headers: [
        "id",
        "name",
        "name_en",
        "year",
        "collective_income_yuan",
        "oat_grass_mu",
        "households",
        "party_branch",
        "oat_program",
        "illustrative",
    ],

    id: "id",
    name: "Name",
    name_en: "English name",
    households: "Households",
    party_branch: "Party branch",
    oat_program: "Oat programme",
    illustrative: "Illustrative",

    yes: "yes",
    no: "no",
    total: "Total",
    as_published: "As published",
    source: "Source",
    target: "Target",
    indicator: "Indicator",
    value: "Value",
    summary: "Summary",
    change_yuan: "Change on year (yuan)",
    status: "Target",

    sheet_summary: "Summary",
    sheet_villages: "Villages by year",
    sheet_oat: "Oat programme",
    sheet_projects: "Projects",
    sheet_training: "Training",
    sheet_party: "Party building",

    consortium: "Oat-grass consortium",
    founded: "Founded",
    administrative_villages: "Administrative villages served",
    oat_villages: "Villages in the programme",
    households_served: "Households served",
    fertilizer_t: "Organic fertiliser distributed (t)",
    oat_planted_mu: "Oat grass planted (mu)",
    income_gain_yuan: "Income gain per household a year (yuan)",
    member: "Member",
    level: "Level",
    count: "Count",
    acreage_by_village: "Oat grass by village (mu)",

    project: "Project",
    category: "Category",
    villages: "Village(s)",
    started: "Started",
    area_mu: "Area (mu)",
    jobs: "Jobs",
    date: "Date",
    topic: "Topic",
    topic_en: "Topic (English)",
    participants: "Participants",
    sessions: "Sessions",

    branch_status: "Branch status",
    village_count: "Villages",
    not_recorded: "not recorded",
    leaders_added: "Village leaders added (people)",

    list_separator: ", ",
};

impl Labels {
    pub fn of(strings: &Strings) -> &'static Labels {
        match strings.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    fn english(&self) -> bool {
        self.english
    }

    /// A header with its unit: `收入(元)` / `Income (yuan)`.
    pub fn with_unit(&self, label: &str, unit: &str) -> String {
        if self.english() {
            format!("{label} ({unit})")
        } else {
            format!("{label}({unit})")
        }
    }

    pub fn yuan(&self) -> &'static str {
        if self.english() { "yuan" } else { "元" }
    }

    pub fn mu(&self) -> &'static str {
        if self.english() { "mu" } else { "亩" }
    }

    pub fn yes_no(&self, b: bool) -> &'static str {
        if b { self.yes } else { self.no }
    }

    /// Header of a year's income column: `2023年集体收入(元)` / `Income 2023 (yuan)`.
    pub fn income_in(&self, year: i32) -> String {
        if self.english() {
            format!("Income {year} (yuan)")
        } else {
            format!("{year}年集体收入(元)")
        }
    }

    /// Header of a year's project income column.
    pub fn project_income_in(&self, year: i32) -> String {
        if self.english() {
            format!("To village collectives {year} (yuan)")
        } else {
            format!("{year}年为村集体创收(元)")
        }
    }

    /// Header of the acreage since the consortium was founded.
    pub fn mu_since(&self, year: i32) -> String {
        if self.english() {
            format!("Since {year} (mu)")
        } else {
            format!("{year}年以来累计(亩)")
        }
    }

    /// Title of the income chart: `2023年村集体经济收入(元)`.
    pub fn income_chart(&self, year: i32) -> String {
        if self.english() {
            format!("Village collective income {year} (yuan)")
        } else {
            format!("{year}年村集体经济收入(元)")
        }
    }

    pub fn oat_chart(&self) -> &'static str {
        if self.english() {
            "Oat grass planted by year (mu)"
        } else {
            "历年燕麦草种植(亩)"
        }
    }

    /// Heading of the party-building figures: `党建(2020年以来)` / `Party building since 2020`.
    pub fn party_since(&self, year: i32) -> String {
        if self.english() {
            format!("Party building since {year}")
        } else {
            format!("党建({year}年以来)")
        }
    }

    /// Heading of the village table: `村庄(2023年)` / `Villages (2023)`.
    pub fn villages_in(&self, strings: &Strings, year: Option<i32>) -> String {
        match (year, self.english()) {
            (Some(y), true) => format!("Villages ({y})"),
            (Some(y), false) => format!("{}({y}年)", strings.village),
            (None, true) => "Villages".to_string(),
            (None, false) => strings.village.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel refuses a sheet name that is empty, longer than 31 characters, contains any of
    /// `[]:*?/\` or starts or ends with an apostrophe.
    fn valid_sheet_name(name: &str) -> bool {
        !name.is_empty()
            && name.chars().count() <= 31
            && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            && !name.starts_with('\'')
            && !name.ends_with('\'')
    }

    #[test]
    fn sheet_names_are_valid_and_distinct() {
        for l in [&ZH, &EN] {
            let names = [
                l.sheet_summary,
                l.sheet_villages,
                l.sheet_oat,
                l.sheet_projects,
                l.sheet_training,
                l.sheet_party,
            ];
            for n in names {
                assert!(valid_sheet_name(n), "{n}");
            }
            let lower: std::collections::HashSet<String> =
                names.iter().map(|n| n.to_lowercase()).collect();
            assert_eq!(lower.len(), names.len());
        }
    }

    #[test]
    fn id_header_is_machine_friendly_in_every_language() {
        assert_eq!(ZH.csv_headers[0], "id");
        assert_eq!(EN.csv_headers[0], "id");
        assert_eq!(ZH.id, "id");
        assert_eq!(EN.id, "id");
    }

    #[test]
    fn picks_the_language() {
        assert!(Labels::of(&crate::i18n::EN).english());
        assert!(!Labels::of(&crate::i18n::ZH).english());
    }
}
