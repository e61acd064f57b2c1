//! The wording of every diagnostic, warning and message, in Chinese and English.
//!
//! Each function returns a [`Msg`], both languages at once, so a message cannot be made in
//! one language only. The data layer builds its diagnostics from these functions and
//! `LoadOutcome::localize` picks the language the user chose.

use crate::cli::Lang;
use crate::text::number;

/// One message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `did you mean `x`? ` before a list of choices, or nothing.
fn hint(suggestion: Option<&str>) -> Msg {
    match suggestion {
        Some(s) => Msg::new(format!("是不是 `{s}`?"), format!("did you mean `{s}`? ")),
        None => Msg::default(),
    }
}

// ---- whole files (src/data/source.rs, src/data/load.rs) ----

pub fn not_a_directory() -> Msg {
    Msg::new(
        "不是目录;--config 要给出存放数据文件的目录",
        "is not a directory; --config takes the directory that holds the data files",
    )
}

pub fn data_dir_not_found() -> Msg {
    Msg::new("找不到数据目录", "data directory not found")
}

pub fn file_is_directory() -> Msg {
    Msg::new(
        "是一个目录,这里应是 TOML 文件",
        "is a directory, expected a TOML file",
    )
}

pub fn not_regular_file() -> Msg {
    Msg::new("不是普通文件", "is not a regular file")
}

pub fn broken_symlink() -> Msg {
    Msg::new("是失效的符号链接", "is a broken symbolic link")
}

pub fn file_not_found() -> Msg {
    Msg::new(
        "找不到文件;每个数据目录都必须有这个文件",
        "file not found; every data directory needs this file",
    )
}

pub fn permission_denied() -> Msg {
    Msg::new("没有读取权限", "permission denied")
}

pub fn symlink_loop() -> Msg {
    Msg::new("符号链接循环", "symbolic link loop")
}

pub fn cannot_read(error: &str) -> Msg {
    Msg::new(format!("无法读取:{error}"), format!("cannot read: {error}"))
}

pub fn stray_bom() -> Msg {
    Msg::new(
        "文件中间有不可见字符 U+FEFF(字节顺序标记):请删除",
        "invisible character U+FEFF (a byte order mark) in the middle of the file: delete it",
    )
}

const SAVE_AS_UTF8_ZH: &str =
    "请另存为 UTF-8(记事本:另存为,编码选 UTF-8;vim 里执行 :set fileencoding=utf-8 | w)";
const SAVE_AS_UTF8_EN: &str =
    "save it as UTF-8 (Notepad: Save as, Encoding: UTF-8; vim: :set fileencoding=utf-8 | w)";

/// The Chinese name of an encoding the loader names in English (`UTF-16 LE (...)`,
/// `GBK/GB18030 (...)`, ...).
fn encoding_zh(en: &str) -> String {
    let name = en.split(" (").next().unwrap_or(en);
    let note = match name {
        "UTF-16 LE" if en.contains("Notepad") => "(Windows 记事本所说的“Unicode”)",
        "GBK/GB18030" => "(中文 Windows 常用的编码)",
        "Big5" => "(繁体中文)",
        "Shift-JIS" => "(日文)",
        "EUC-KR" => "(韩文)",
        _ => "",
    };
    format!("{name}{note}")
}

/// A file in an encoding recognised from its first bytes (UTF-16, UTF-32); `name` is the
/// English name the loader gives it.
pub fn other_encoding(name: &str) -> Msg {
    Msg::new(
        format!(
            "文件不是 UTF-8 编码:看起来是 {};{SAVE_AS_UTF8_ZH}",
            encoding_zh(name)
        ),
        format!("file is not UTF-8: it looks like {name}; {SAVE_AS_UTF8_EN}"),
    )
}

/// Bytes that are not UTF-8; `name` is the encoding they look like, in English, if any.
pub fn not_utf8(first_bad: u8, name: Option<&str>) -> Msg {
    let (zh, en) = match name {
        Some(n) => (
            format!("看起来是 {}", encoding_zh(n)),
            format!("it looks like {n}"),
        ),
        None => (
            "编码无法识别".to_string(),
            "its encoding is unknown".to_string(),
        ),
    };
    Msg::new(
        format!("文件不是 UTF-8 编码(第一个错误字节 0x{first_bad:02X}):{zh};{SAVE_AS_UTF8_ZH}"),
        format!("file is not UTF-8 (first bad byte 0x{first_bad:02X}): {en}; {SAVE_AS_UTF8_EN}"),
    )
}

/// One damaged sequence in otherwise good UTF-8.
pub fn damaged_utf8(first_bad: u8) -> Msg {
    Msg::new(
        format!(
            "UTF-8 编码有误:一处字节序列损坏(第一个错误字节 0x{first_bad:02X});请在此处重新输入这个字,或从备份恢复文件"
        ),
        format!(
            "invalid UTF-8: a damaged byte sequence (first bad byte 0x{first_bad:02X}); \
             retype the character here, or restore the file from a copy"
        ),
    )
}

/// An empty data file; `holds` is what the file must hold, as TOML headers.
pub fn empty_file(holds_zh: &str, holds_en: &str) -> Msg {
    Msg::new(
        format!("文件是空的;它必须包含{holds_zh}(见 README 的数据格式)"),
        format!("file is empty; it must hold {holds_en} (see the README's data format)"),
    )
}

pub fn no_village_records() -> Msg {
    Msg::new(
        "没有任何 [[village]] 记录;每个乡至少有一个村",
        "holds no [[village]] records; every township has at least one village",
    )
}

// ---- values (src/data/load.rs) ----

pub fn empty_text() -> Msg {
    Msg::new("这段文字是空的", "this text is empty")
}

pub fn negative_figure(v: &str) -> Msg {
    Msg::new(
        format!("数字不能为负数:{v};数字表示元、亩、吨或人数,不能小于零"),
        format!(
            "negative figure {v}: figures count yuan, mu, tonnes or people and cannot be below zero"
        ),
    )
}

pub fn figure_too_large(v: &str) -> Msg {
    Msg::new(
        format!("数字 {v} 太大:最多接受 1,000,000,000,000"),
        format!("figure {v} is too large: at most 1,000,000,000,000 is accepted"),
    )
}

pub fn year_out_of_range(year: i64, first: i32, last: i32) -> Msg {
    Msg::new(
        format!("年份 {year} 超出范围:应在 {first} 到 {last} 之间"),
        format!("year {year} is out of range: expected a year from {first} to {last}"),
    )
}

pub fn not_a_date(found: &str) -> Msg {
    Msg::new(
        format!("这里应是日期,例如 2023-06-30,实际是 `{found}`"),
        format!("expected a date such as 2023-06-30, found `{found}`"),
    )
}

pub fn not_a_real_date(date: &str) -> Msg {
    Msg::new(
        format!("{date} 不是真实存在的日期"),
        format!("{date} is not a real date"),
    )
}

pub fn date_out_of_range(date: &str, first: i32, last: i32) -> Msg {
    Msg::new(
        format!("日期 {date} 超出范围:年份应在 {first} 到 {last} 之间"),
        format!("date {date} is out of range: expected a year from {first} to {last}"),
    )
}

pub fn year_twice(year: i32, line: usize) -> Msg {
    Msg::new(
        format!("年份 {year} 在这张表里出现了两次(第一次在第 {line} 行);请只保留一个"),
        format!("year {year} appears twice in this table (first on line {line}); keep one"),
    )
}

pub fn not_a_year(key: &str) -> Msg {
    Msg::new(
        format!("`{key}` 不是年份:年份表把年份对应到数字,例如 `2022 = 168000`"),
        format!("`{key}` is not a year: year tables map a year to a figure, like `2022 = 168000`"),
    )
}

pub fn not_a_share(v: i64) -> Msg {
    Msg::new(
        format!("{v} 不是百分比:应是 0 到 100 之间的整数"),
        format!("{v} is not a share: expected a whole per cent from 0 to 100"),
    )
}

/// `what` is `village` or `project`.
fn record_word(what: &str) -> &'static str {
    match what {
        "village" => "村",
        "project" => "项目",
        "session" => "培训",
        _ => "记录",
    }
}

pub fn bad_id(what: &str, value: &str) -> Msg {
    Msg::new(
        format!(
            "{}编号 `{value}` 格式不对:只能用小写英文字母、数字和 '-'(例如 `tianjing`)",
            record_word(what)
        ),
        format!(
            "{what} id `{value}` is not well formed: use lowercase ASCII letters, digits and '-' (for example `tianjing`)"
        ),
    )
}

pub fn duplicate_id(what: &str, value: &str, line: usize) -> Msg {
    Msg::new(
        format!(
            "{}编号 `{value}` 重复:第 {line} 行已经用过",
            record_word(what)
        ),
        format!("duplicate {what} id `{value}`: already used on line {line}"),
    )
}

pub fn floor_not_below_strong(floor: i64, strong: i64) -> Msg {
    Msg::new(
        format!("income_floor_yuan({floor})必须小于 income_strong_yuan({strong})"),
        format!("income_floor_yuan ({floor}) must be below income_strong_yuan ({strong})"),
    )
}

pub fn unknown_warning_kind(kind: &str, suggestion: Option<&str>, options: &str) -> Msg {
    let h = hint(suggestion);
    Msg::new(
        format!("未知的警告种类 `{kind}`,{}可用的有 {options}", h.zh),
        format!(
            "unknown warning kind `{kind}`: {}expected one of {options}",
            h.en
        ),
    )
}

pub fn village_listed_twice(village: &str) -> Msg {
    Msg::new(
        format!("村 `{village}` 在这个项目里列了两次"),
        format!("village `{village}` is listed twice in this project"),
    )
}

pub fn unknown_village(village: &str, suggestion: Option<&str>) -> Msg {
    let (zh, en) = match suggestion {
        Some(s) => (format!(";是不是 `{s}`?"), format!("; did you mean `{s}`?")),
        None => (String::new(), String::new()),
    };
    Msg::new(
        format!("未知的村 `{village}`:villages.toml 里没有这个编号的 [[village]]{zh}"),
        format!("unknown village `{village}`: no [[village]] in villages.toml has this id{en}"),
    )
}

pub fn source_without_publication(status: &str) -> Msg {
    Msg::new(
        format!("`status = \"{status}\"` 的数字没有公开来源;请删去 `source` 或这个 status"),
        format!(
            "a figure with `status = \"{status}\"` has no published source; remove `source` or the status"
        ),
    )
}

pub fn township_wide_and_villages() -> Msg {
    Msg::new(
        "`township_wide = true` 与村名单互相矛盾;请只保留一个",
        "`township_wide = true` and a list of villages contradict each other; keep one",
    )
}

pub fn training_table_twice() -> Msg {
    Msg::new(
        "表 `[training]` 在这个文件里出现了两次;请合并成一个",
        "table `[training]` appears twice in this file; merge the two",
    )
}

pub fn unusable_area(shown: &str) -> Msg {
    Msg::new(
        format!("面积 {shown} 不能用:应是 0 到 1,000,000,000,000 之间的亩数"),
        format!(
            "area {shown} is not a usable area: expected a number of mu from 0 to 1,000,000,000,000"
        ),
    )
}

// ---- TOML syntax and types (explain_toml_error in src/data/load.rs) ----

pub fn unknown_key(key: &str, suggestion: Option<&str>, options: &str) -> Msg {
    let h = hint(suggestion);
    Msg::new(
        format!("未知的键 `{key}`,{}可用的有 {options}", h.zh),
        format!("unknown key `{key}`: {}expected one of {options}", h.en),
    )
}

pub fn missing_key(key: &str) -> Msg {
    Msg::new(
        format!("这张表缺少必填的键 `{key}`"),
        format!("missing required key `{key}` in this table"),
    )
}

pub fn unknown_value(value: &str, suggestion: Option<&str>, options: &str) -> Msg {
    let h = hint(suggestion);
    Msg::new(
        format!("未知的取值 `{value}`,{}可用的有 {options}", h.zh),
        format!("unknown value `{value}`: {}expected one of {options}", h.en),
    )
}

pub fn wanted_word() -> Msg {
    Msg::new(
        "这里应是带引号的规定词语之一(见 README 的数据格式),实际是其他类型的值",
        "expected one of the allowed words in quotes (see the README's data format), \
         found a value of another type",
    )
}

pub fn value_missing_or_unquoted() -> Msg {
    Msg::new(
        "`=` 后面缺少值,或者文字没有加引号",
        "a value is missing after `=`, or text is not in quotes",
    )
}

/// `plain` is the type error in plain words (`found a table, expected ...`), in each language.
pub fn dotted_year(plain: &Msg) -> Msg {
    Msg::new(
        format!(
            "{};像 `2022.5` 这样带点的键会变成一张表,而年份是整数",
            plain.zh
        ),
        format!(
            "{}; a dotted key such as `2022.5` makes a table, and years are whole numbers",
            plain.en
        ),
    )
}

pub fn duplicate_key(key: &str) -> Msg {
    Msg::new(
        format!("键 `{key}` 重复:这张表前面已经设置过;请只保留一个"),
        format!("duplicate key `{key}`: it is already set earlier in this table; keep one"),
    )
}

pub fn date_in_quotes(plain: &Msg) -> Msg {
    Msg::new(
        format!("{};日期不要加引号,例如 2023-06-30", plain.zh),
        format!("{}; write a date without quotes, like 2023-06-30", plain.en),
    )
}

pub fn control_character(shown: &str) -> Msg {
    Msg::new(
        format!("引号里的文字含有控制字符 {shown};请删除(特殊字符可写成 \\u001b 这样的转义)"),
        format!(
            "text in quotes holds the control character {shown}; remove it (write \\u001b style escapes for odd characters)"
        ),
    )
}

pub fn unclosed_string() -> Msg {
    Msg::new(
        "引号里的文字没有结束:请在同一行补上右引号 \"",
        "text in quotes is not closed: add the closing \" on the same line",
    )
}

pub fn duplicate_table(table: &str) -> Msg {
    Msg::new(
        format!("表 `{table}` 在这条记录里出现了两次;请合并成一个"),
        format!("table `{table}` appears twice in this record; merge the two"),
    )
}

/// A message of the TOML parser or serde, made plainer. The Chinese form names what was
/// expected and found in Chinese where the wording is known, and keeps the parser's own
/// words (after "TOML 语法错误:") where it is not.
pub fn plain_toml(message: &str) -> Msg {
    let en = plain_words(message);
    Msg::new(plain_words_zh(message), en)
}

fn plain_words(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace(
            "expected a sequence",
            "expected a list in brackets, like [\"a\", \"b\"]",
        )
        .replace("a string", "text in quotes")
        .replace("expected a map", "expected a table")
        .replace("invalid type: sequence", "found a list")
        .replace("invalid type: map", "found a table")
        .replace("a sequence", "a list")
}

/// `invalid type: string "x", expected i64` → `类型不对:这里应是整数,实际是文字 "x"`.
fn plain_words_zh(message: &str) -> String {
    let what = |t: &str| -> String {
        let t = t.trim();
        let (head, rest) = t.split_once(' ').unwrap_or((t, ""));
        let name = match head {
            "i64" | "integer" => "整数",
            "f64" | "floating" => "数字",
            "string" => "文字",
            "boolean" => "true 或 false",
            "sequence" => "列表",
            "map" => "表",
            "a" if rest.starts_with("string") => return "带引号的文字".to_string(),
            "a" if rest.starts_with("sequence") => {
                return "方括号里的列表,例如 [\"a\", \"b\"]".to_string();
            }
            "a" if rest.starts_with("map") => return "一张表".to_string(),
            "a" if rest.starts_with("boolean") => return "true 或 false".to_string(),
            "a" if rest.contains("date") => return "日期".to_string(),
            _ => return t.to_string(),
        };
        if rest.is_empty() || head == "floating" {
            name.to_string()
        } else {
            format!("{name} {rest}")
        }
    };
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("类型不对:这里应是{},实际是{}", what(expected), what(found));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("取值不对:这里应是{},实际是{}", what(expected), what(found));
    }
    format!("TOML 语法错误:{message}")
}

// ---- warnings (src/data/consistency.rs) ----

pub fn consortium_acreage(published: i64, since: i32, summed: i64) -> Msg {
    let (p, s) = (number(published, Lang::En), number(summed, Lang::En));
    let (pz, sz) = (number(published, Lang::Zh), number(summed, Lang::Zh));
    Msg::new(
        format!("公布的燕麦草面积 {pz} 亩与各村自 {since} 年以来面积之和 {sz} 亩不一致"),
        format!(
            "published oat grass acreage {p} mu differs from the villages' acreage since {since} summed: {s} mu"
        ),
    )
}

pub fn consortium_households(published: i64, villages: usize, summed: i64, without: usize) -> Msg {
    let (p, s) = (number(published, Lang::En), number(summed, Lang::En));
    let (pz, sz) = (number(published, Lang::Zh), number(summed, Lang::Zh));
    let (nzh, nen) = if without > 0 {
        (
            format!("(其中 {without} 个村没有户数)"),
            format!(" ({without} of them have no households figure)"),
        )
    } else {
        (String::new(), String::new())
    };
    Msg::new(
        format!("带动户数 {pz} 与燕麦项目 {villages} 个村的户数之和 {sz} 不一致{nzh}"),
        format!(
            "households served {p} differs from the households of the {villages} villages in the oat programme: {s}{nen}"
        ),
    )
}

pub fn oat_villages(administrative: i64, counted: usize) -> Msg {
    Msg::new(
        format!("服务的行政村数是 {administrative},但有 {counted} 个村写了 `oat_program = true`"),
        format!(
            "administrative villages served is {administrative}, but {counted} villages have `oat_program = true`"
        ),
    )
}

pub fn branch_count(key: &str, published: i64, counted: i64, status: &str) -> Msg {
    Msg::new(
        format!("{key} 是 {published},但有 {counted} 个村写了 `party_branch = \"{status}\"`"),
        format!("{key} is {published}, but {counted} villages have `party_branch = \"{status}\"`"),
    )
}

pub fn oat_outside_programme(village: &str, year: i32) -> Msg {
    Msg::new(
        format!("村 `{village}` 有 {year} 年的燕麦草面积,但 `oat_program` 不是 true"),
        format!(
            "village `{village}` has oat grass acreage for {year} but `oat_program` is not true"
        ),
    )
}

pub fn possible_typo(value: i64, year: i32, before: i64, year_before: i32, factor: i64) -> Msg {
    let (v, b) = (number(value, Lang::En), number(before, Lang::En));
    let (vz, bz) = (number(value, Lang::Zh), number(before, Lang::Zh));
    let (zh, en) = if value > before {
        (
            format!("超过 {factor} 倍"),
            format!("more than {factor} times"),
        )
    } else {
        (format!("不到 1/{factor}"), format!("less than 1/{factor}"))
    };
    Msg::new(
        format!("可能是笔误:{year_before} 年是 {bz},{year} 年是 {vz}({zh})"),
        format!("possible typo: {v} in {year} after {b} in {year_before} ({en})"),
    )
}

/// `exact`, `about`, `more_than`, `at_least` in words.
fn qualifier_words(key: &str) -> (&'static str, String) {
    let zh = match key {
        "about" => "约",
        "more_than" => "超过",
        "at_least" => "至少",
        _ => "",
    };
    (zh, key.replace('_', " "))
}

pub fn training_attendances(
    qualifier: &str,
    published: i64,
    since: Option<i32>,
    summed: i64,
) -> Msg {
    let (qzh, qen) = qualifier_words(qualifier);
    let (p, s) = (number(published, Lang::En), number(summed, Lang::En));
    let (pz, sz) = (number(published, Lang::Zh), number(summed, Lang::Zh));
    let (szh, sen) = match since {
        Some(y) => (format!("{y} 年以来"), format!(" since {y}")),
        None => (String::new(), String::new()),
    };
    Msg::new(
        format!("公布的培训人次({qzh}{pz})与{szh}各次培训人数之和 {sz} 不符"),
        format!("published attendances ({qen} {p}) contradict the sessions{sen} summed: {s}"),
    )
}

pub fn training_sessions(qualifier: &str, published: i64, count: i64, since: Option<i32>) -> Msg {
    let (qzh, qen) = qualifier_words(qualifier);
    let (szh, sen) = match since {
        Some(y) => (format!("{y} 年以来"), format!(" since {y}")),
        None => (String::new(), String::new()),
    };
    Msg::new(
        format!("公布的培训次数({qzh}{published} 次)与{szh}的 {count} 条 [[session]] 记录不符"),
        format!(
            "published sessions ({qen} {published}) contradict the {count} [[session]] records{sen}"
        ),
    )
}

pub fn missing_latest_year(village: &str, latest: i32) -> Msg {
    Msg::new(
        format!("村 `{village}` 没有 {latest} 年的集体收入,而其他村已有这一年"),
        format!(
            "village `{village}` has no collective income for {latest}, the latest year other villages have"
        ),
    )
}

pub fn as_of_future(as_of: &str, today: &str) -> Msg {
    Msg::new(
        format!("as_of {as_of} 是将来的日期(今天是 {today})"),
        format!("as_of {as_of} is in the future (today is {today})"),
    )
}

pub fn year_after_as_of(year: i32, as_of: &str) -> Msg {
    Msg::new(
        format!("{year} 年的收入在 as_of({as_of})的年份之后;年份是不是写错了?"),
        format!("income for {year} is after the year of as_of ({as_of}); is the year a typo?"),
    )
}

pub fn session_future(date: &str, today: &str) -> Msg {
    Msg::new(
        format!("培训日期 {date} 是将来的日期(今天是 {today})"),
        format!("training session dated {date} is in the future (today is {today})"),
    )
}

pub fn duplicate_name(village: &str, first: &str, name: &str) -> Msg {
    Msg::new(
        format!("村 `{village}` 与 `{first}` 同名({name});仪表盘无法区分它们"),
        format!(
            "village `{village}` has the same name as `{first}` ({name}); the dashboard cannot tell them apart"
        ),
    )
}

// ---- check, banner and windows ----

/// The label of a diagnostic's headline.
pub fn severity_label(error: bool, lang: Lang) -> &'static str {
    match (error, lang) {
        (true, Lang::Zh) => "错误",
        (false, Lang::Zh) => "警告",
        (true, Lang::En) => "error",
        (false, Lang::En) => "warning",
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The last line of `check` for valid data.
pub fn check_ok(dir: &str, villages: usize, warnings: usize) -> Msg {
    Msg::new(
        format!("通过:{dir}:{villages} 个村,{warnings} 条警告"),
        format!(
            "ok: {dir}: {villages} villages, {warnings} {}",
            plural(warnings, "warning")
        ),
    )
}

/// The last line of `check` for invalid data.
pub fn check_invalid(dir: &str, errors: usize, warnings: usize) -> Msg {
    Msg::new(
        format!("未通过:{dir}:{errors} 个错误,{warnings} 条警告"),
        format!(
            "invalid: {dir}: {errors} {}, {warnings} {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    )
}

// ---- editor, terminal, export ----

pub fn cannot_start_editor(editor: &str, error: &str) -> Msg {
    Msg::new(
        format!("无法启动编辑器 `{editor}`:{error}(请设置 $VISUAL 或 $EDITOR)"),
        format!("cannot start editor `{editor}`: {error} (set $VISUAL or $EDITOR)"),
    )
}

pub fn cannot_split_editor() -> Msg {
    Msg::new(
        "无法拆分 $VISUAL / $EDITOR(是不是少了一个引号?)",
        "cannot split $VISUAL / $EDITOR (an unclosed quote?)",
    )
}

pub fn terminal_error(error: &str) -> Msg {
    Msg::new(format!("终端出错:{error}"), format!("terminal: {error}"))
}

pub fn needs_terminal() -> Msg {
    Msg::new(
        "仪表盘需要终端;没有终端时请用 `village-dash summary` 或 `village-dash snapshot`",
        "the dashboard needs a terminal; without one, use \
         `village-dash summary` or `village-dash snapshot`",
    )
}

pub fn term_dumb() -> Msg {
    Msg::new(
        "终端类型 TERM=dumb 不能显示仪表盘;请用 `village-dash summary` 或 `village-dash snapshot`",
        "TERM=dumb cannot show the dashboard; use `village-dash summary` or `village-dash snapshot`",
    )
}

pub fn xlsx_needs_out() -> Msg {
    Msg::new(
        "xlsx 是二进制工作簿,不能输出到屏幕:请用 --out 文件名.xlsx",
        "xlsx is a binary workbook: give --out FILE.xlsx",
    )
}

/// Why `export --out` refuses a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    DataFile,
    TomlInDataDirectory,
    Fifo,
}

pub fn refusing_to_write(path: &str, why: Refusal) -> Msg {
    let (zh, en) = match why {
        Refusal::DataFile => ("它是数据文件之一", "it is one of the data files"),
        Refusal::TomlInDataDirectory => (
            "它是存放 village-dash 数据的目录里的 .toml 文件",
            "it is a .toml file in a directory that holds village-dash data",
        ),
        Refusal::Fifo => (
            "它是 FIFO(命名管道);请给出普通文件",
            "it is a FIFO (named pipe); give a regular file",
        ),
    };
    Msg::new(
        format!("拒绝写入 {path}:{zh}"),
        format!("refusing to write {path}: {en}"),
    )
}

pub fn cannot_write(path: &str, error: &str) -> Msg {
    Msg::new(
        format!("无法写入 {path}:{error}"),
        format!("cannot write {path}: {error}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
        })
    }

    /// Every wording function, called once, with both languages checked.
    #[test]
    fn every_message_has_both_languages() {
        let all = vec![
            not_a_directory(),
            data_dir_not_found(),
            file_is_directory(),
            not_regular_file(),
            broken_symlink(),
            file_not_found(),
            permission_denied(),
            symlink_loop(),
            cannot_read("os error 5"),
            stray_bom(),
            other_encoding("UTF-16 LE (what Windows Notepad calls \"Unicode\")"),
            other_encoding("UTF-32 BE"),
            not_utf8(
                0xCC,
                Some("GBK/GB18030 (the usual Chinese Windows encoding)"),
            ),
            not_utf8(0xCC, Some("Big5 (traditional Chinese)")),
            not_utf8(0xCC, None),
            damaged_utf8(0xE4),
            empty_file("一条 [[village]]", "one [[village]]"),
            no_village_records(),
            empty_text(),
            negative_figure("-5"),
            figure_too_large("99999999999999"),
            year_out_of_range(1900, 2018, 2027),
            not_a_date("12:00:00"),
            not_a_real_date("2023-02-30"),
            date_out_of_range("1999-01-01", 2018, 2027),
            year_twice(2022, 4),
            not_a_year("x"),
            not_a_share(120),
            bad_id("village", "A"),
            bad_id("project", "A"),
            duplicate_id("village", "a", 3),
            floor_not_below_strong(5, 4),
            unknown_warning_kind("x", Some("income-jump"), "`a`"),
            unknown_warning_kind("x", None, "`a`"),
            village_listed_twice("a"),
            unknown_village("a", Some("b")),
            unknown_village("a", None),
            unusable_area("-1"),
            source_without_publication("illustrative"),
            township_wide_and_villages(),
            training_table_twice(),
            unknown_key("housholds", Some("households"), "`households`"),
            missing_key("name"),
            unknown_value("x", None, "`a`"),
            wanted_word(),
            value_missing_or_unquoted(),
            dotted_year(&plain_toml("invalid type: map, expected i64")),
            duplicate_key("name"),
            date_in_quotes(&plain_toml("invalid type: string \"x\", expected a date")),
            control_character("\\u{1b}"),
            unclosed_string(),
            duplicate_table("[x]"),
            plain_toml("invalid type: string \"x\", expected i64"),
            plain_toml("invalid value: integer `5`, expected a boolean"),
            plain_toml("some parser message"),
            consortium_acreage(1, 2018, 2),
            consortium_households(1, 2, 3, 1),
            consortium_households(1, 2, 3, 0),
            oat_villages(1, 2),
            branch_count("branches_rectified", 1, 2, "rectified"),
            oat_outside_programme("a", 2022),
            possible_typo(10, 2022, 1, 2021, 3),
            possible_typo(1, 2022, 10, 2021, 3),
            missing_latest_year("a", 2023),
            training_attendances("more_than", 200, Some(2023), 211),
            training_sessions("exact", 4, 3, None),
            as_of_future("2030-01-01", "2026-01-01"),
            year_after_as_of(2030, "2026-01-01"),
            session_future("2030-01-01", "2026-01-01"),
            duplicate_name("a", "b", "天井村"),
            check_ok("data", 1, 2),
            check_invalid("data", 1, 2),
            cannot_start_editor("vim", "not found"),
            terminal_error("broken pipe"),
            cannot_split_editor(),
            term_dumb(),
            needs_terminal(),
            xlsx_needs_out(),
            refusing_to_write("data/villages.toml", Refusal::DataFile),
            refusing_to_write("data/x.toml", Refusal::TomlInDataDirectory),
            refusing_to_write("fifo", Refusal::Fifo),
            cannot_write("out.xlsx", "denied"),
        ];
        for m in &all {
            assert!(!m.zh.is_empty() && !m.en.is_empty(), "{m:?}");
            assert!(has_cjk(&m.zh), "no Chinese in {m:?}");
            assert!(
                !has_cjk(&m.en) || m.en.contains("天井村"),
                "Chinese in {m:?}"
            );
            assert_ne!(m.zh, m.en);
        }
        for error in [true, false] {
            assert!(has_cjk(severity_label(error, Lang::Zh)));
            assert!(!has_cjk(severity_label(error, Lang::En)));
        }
    }

    #[test]
    fn chinese_wording_is_plain() {
        assert_eq!(
            unknown_key("housholds", Some("households"), "`households`, `name`").zh,
            "未知的键 `housholds`,是不是 `households`?可用的有 `households`, `name`"
        );
        assert_eq!(
            plain_toml("invalid type: string \"12\", expected i64").zh,
            "类型不对:这里应是整数,实际是文字 \"12\""
        );
    }
}
