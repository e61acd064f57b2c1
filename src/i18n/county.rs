//! The words of a county directory (its overview, `summary` and the exports), in Chinese
//! and English.

use super::Strings;
use crate::cli::Lang;

pub struct CountyWords {
    /// Column and row headings.
    pub township: &'static str,
    pub folder: &'static str,
    pub year: &'static str,
    pub villages: &'static str,
    pub at_floor: &'static str,
    pub at_strong: &'static str,
    pub income: &'static str,
    pub change: &'static str,
    pub warnings: &'static str,
    pub at_risk: &'static str,
    /// `at_risk` spelt out, for the summary's labels.
    pub at_risk_long: &'static str,
    pub total: &'static str,
    /// A township row whose files have errors (no figures, or older ones).
    pub has_errors: &'static str,
    /// The county overview's heading after the name: `3个乡镇` / `3 townships`.
    pub townships: fn(usize) -> String,
    /// The county summary's section of township rows.
    pub townships_heading: &'static str,
    /// Keys of the county overview.
    pub key_open: &'static str,
    pub key_back_county: &'static str,
    /// The sheet of the county summary in the workbook.
    pub sheet_county: &'static str,
    /// Said under the summary: how the county figures are made.
    pub summed_note: &'static str,
    /// Said when a township's latest year is not complete: what `~` after a change means.
    pub partial_note: &'static str,
    /// `--` between a county and a township in headings.
    pub thresholds_differ: &'static str,
    /// The key help (`?`) of the county overview: the keys that work there.
    pub help: &'static [(&'static str, &'static str)],
    /// The line added to a township's key help when it is opened from a county.
    pub help_back: (&'static str, &'static str),
}

pub const ZH: CountyWords = CountyWords {
    township: "乡镇",
    folder: "目录",
    year: "年份",
    villages: "村",
    at_floor: "达10万",
    at_strong: "达20万",
    income: "集体收入",
    change: "同比",
    warnings: "警告",
    at_risk: "预警",
    at_risk_long: "预警村数",
    total: "全县合计",
    has_errors: "数据有错误",
    townships: |n| format!("{n}个乡镇"),
    townships_heading: "各乡镇",
    key_open: "打开乡镇",
    key_back_county: "返回全县",
    sheet_county: "全县汇总",
    summed_note: "全县数字为各乡镇最近一年数字之和;达标村数按各乡镇自己的目标线计算。",
    partial_note: "~ 同比由部分年度计算:该年数字未满一年。",
    thresholds_differ: "各乡镇目标线不同",
    help: &[
        ("j k / 上 下", "选择乡镇"),
        ("g G", "第一个 / 最后一个乡镇"),
        ("PgUp PgDn", "翻页"),
        ("Enter", "打开所选乡镇的完整看板"),
        ("1-6", "打开所选乡镇的某一标签页"),
        ("e", "编辑首个错误,无错误时编辑所选乡镇的 township.toml"),
        ("r", "重新加载全县数据"),
        ("Ctrl-L", "清屏重画"),
        ("w", "查看各乡镇的警告"),
        ("x", "查看各乡镇的错误"),
        ("?", "显示/隐藏帮助"),
        ("q Ctrl-C", "退出"),
    ],
    help_back: ("Esc q", "在乡镇首页时返回全县"),
};

pub const EN: CountyWords = CountyWords {
    township: "Township",
    folder: "Folder",
    year: "Year",
    villages: "Vill.",
    at_floor: "100k+",
    at_strong: "200k+",
    income: "Income",
    change: "Change",
    warnings: "Warn",
    at_risk: "Risk",
    at_risk_long: "Villages at risk",
    total: "County total",
    has_errors: "files have errors",
    townships: |n| {
        if n == 1 {
            "1 township".to_string()
        } else {
            format!("{n} townships")
        }
    },
    townships_heading: "Townships",
    key_open: "open township",
    key_back_county: "back to county",
    sheet_county: "County",
    summed_note: "County figures are the sums of each township's latest year; villages at \
                  the targets are counted against each township's own thresholds.",
    partial_note: "~ change computed from a partial year: that year is not complete.",
    thresholds_differ: "thresholds differ by township",
    help: &[
        ("j k / Up Down", "select a township"),
        ("g G", "first / last township"),
        ("PgUp PgDn", "page"),
        ("Enter", "open the township's full dashboard"),
        ("1-6", "open a tab of the township"),
        (
            "e",
            "open the first error in the editor, else the township's township.toml",
        ),
        ("r", "reload the whole county"),
        ("Ctrl-L", "redraw the screen"),
        ("w", "warnings of every township"),
        ("x", "errors of every township"),
        ("?", "show/hide this help"),
        ("q Ctrl-C", "quit"),
    ],
    help_back: ("Esc q", "back to the county (at the township's top level)"),
};

impl Strings {
    /// The county words in this language.
    pub fn county(&self) -> &'static CountyWords {
        match self.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
