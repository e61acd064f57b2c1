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

/// A message that travels as an error (through `anyhow`) and is printed in the user's
/// language at the end: `main` picks the language with [`explain_error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized(pub Msg);

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl std::error::Error for Localized {}

impl From<Msg> for anyhow::Error {
    fn from(m: Msg) -> Self {
        anyhow::Error::new(Localized(m))
    }
}

/// Any error that reaches `main`, in both languages: a [`Localized`] message as it is; an
/// operating-system error by its kind ([`io_reason`]); anything else (a library's English
/// text) is named as unexpected in Chinese, with the library's own words only in English.
pub fn explain_error(e: &anyhow::Error) -> Msg {
    if let Some(Localized(m)) = e.chain().find_map(|c| c.downcast_ref::<Localized>()) {
        return m.clone();
    }
    if let Some(io) = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()) {
        let why = io_reason(io);
        return Msg::new(
            format!("输入输出出错:{}", why.zh),
            format!("input/output error: {}", why.en),
        );
    }
    Msg::new(
        "出现意外错误;用 --lang en 再运行一次可看到程序库的原文,请把它告诉维护人员",
        format!("unexpected error: {e:#}"),
    )
}

/// A report could not be built (the xlsx, csv or json library failed).
pub fn export_failed(format: &str) -> Msg {
    Msg::new(
        format!("无法生成 {format} 报表"),
        format!("cannot build the {format} report"),
    )
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

/// Why the operating system refused, in both languages. `std::io::Error`'s own text is
/// English only ("Permission denied (os error 13)"), so it is never shown in Chinese: the
/// kind, or the raw error number, picks the words; an unknown one is named by its number.
pub fn io_reason(e: &std::io::Error) -> Msg {
    use std::io::ErrorKind as K;
    let (zh, en) = match (e.raw_os_error(), e.kind()) {
        (Some(2), _) | (_, K::NotFound) => ("找不到该文件或目录", "no such file or directory"),
        (Some(1 | 13), _) | (_, K::PermissionDenied) => ("没有权限", "permission denied"),
        (Some(17), _) | (_, K::AlreadyExists) => ("已经存在", "already exists"),
        (Some(20), _) => (
            "路径中有一段不是目录",
            "a part of the path is not a directory",
        ),
        (Some(21), _) => ("这是一个目录", "is a directory"),
        (Some(40), _) => ("符号链接循环", "too many levels of symbolic links"),
        (Some(28), _) => ("磁盘空间已满", "no space left on the disk"),
        (Some(122), _) => ("超出磁盘配额", "disk quota exceeded"),
        (Some(30), _) => ("文件系统是只读的", "read-only file system"),
        (Some(36), _) => ("文件名太长", "file name too long"),
        (Some(5), _) => ("读写设备出错(I/O 错误)", "input/output error"),
        (Some(8), _) => ("不是可执行的程序", "not an executable program"),
        (Some(26), _) => ("文件正在被执行", "text file busy"),
        (Some(24), _) => ("打开的文件太多", "too many open files"),
        (Some(16), _) => ("设备或资源忙", "device or resource busy"),
        (Some(18), _) => ("不能跨文件系统链接", "cross-device link"),
        (Some(32), _) | (_, K::BrokenPipe) => ("管道已被另一端关闭", "broken pipe"),
        (Some(6), _) => ("没有这个设备或地址", "no such device or address"),
        (Some(19), _) => ("没有这个设备", "no such device"),
        (Some(25), _) => ("不是终端", "not a terminal"),
        (_, K::InvalidData) => (
            "内容不是有效的 UTF-8 文字",
            "stream did not contain valid UTF-8",
        ),
        (_, K::UnexpectedEof) => ("内容意外结束", "unexpected end of file"),
        (_, K::Interrupted) => ("操作被中断", "operation interrupted"),
        (_, K::TimedOut) => ("操作超时", "timed out"),
        (_, K::WouldBlock) => ("操作会阻塞", "operation would block"),
        (_, K::OutOfMemory) => ("内存不足", "out of memory"),
        (_, K::Unsupported) => ("此系统不支持该操作", "operation not supported"),
        (_, K::WriteZero) => ("无法写入更多内容", "failed to write the whole buffer"),
        (Some(n), _) => {
            return Msg::new(format!("系统错误(错误码 {n})"), e.to_string());
        }
        (None, _) => return Msg::new("系统错误", e.to_string()),
    };
    Msg::new(zh, en)
}

pub fn cannot_read(e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::new(
        format!("无法读取:{}", why.zh),
        format!("cannot read: {}", why.en),
    )
}

pub fn stray_bom() -> Msg {
    Msg::new(
        "文件中间有不可见字符 U+FEFF(字节顺序标记):请删除",
        "invisible character U+FEFF (a byte order mark) in the middle of the file: delete it",
    )
}

const SAVE_AS_UTF8_ZH: &str =
    "请另存为 UTF-8(记事本:另存为,编码选 UTF-8;vim 里执行 `:set fileencoding=utf-8 | w`)";
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
        format!("`income_floor_yuan`({floor})必须小于 `income_strong_yuan`({strong})"),
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
        format!("`status = \"{status}\"` 的数字没有公开来源;请删去 `source` 或这个 `status`"),
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
        format!("面积 `{shown}` 不能用:应是 0 到 1,000,000,000,000 之间的亩数"),
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

/// A message of the TOML parser or serde, made plainer. The Chinese form is made of Chinese
/// words only: every text the parser (toml 1.x, toml_parser, toml_datetime) and serde are
/// known to produce has a wording here, and an unknown one becomes "此处无法解析", the
/// position and caret showing where. The parser's own words stay in the English form.
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

/// What serde names as expected or found, in Chinese. Quoted input after the type name
/// (`integer `5``, `string "x"`) is kept: it is the user's own text.
fn serde_type_zh(t: &str) -> String {
    let t = t.trim();
    let quoted = |rest: &str| {
        let rest = rest.trim();
        if rest.starts_with('`') || rest.starts_with('"') {
            format!(" {rest}")
        } else {
            String::new()
        }
    };
    let (head, rest) = t.split_once(' ').unwrap_or((t, ""));
    let name = match head {
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "integer" => "整数",
        "f32" | "f64" => "数字",
        "floating" => return format!("小数{}", quoted(rest.trim_start_matches("point"))),
        "string" | "str" => "文字",
        "char" => "一个字符",
        "boolean" | "bool" if !quoted(rest).is_empty() => "布尔值",
        "boolean" | "bool" => "true 或 false",
        "sequence" => "列表",
        "map" => "表",
        "unit" => "空值",
        "struct" => "一张表",
        "enum" => "一个选项",
        _ => "",
    };
    if !name.is_empty() {
        return format!("{name}{}", quoted(rest));
    }
    if t.starts_with("a whole number, or a table") {
        return "整数,或者 `{ value = 3000, qualifier = \"more_than\" }` 这样的表".to_string();
    }
    if t.contains("date") {
        return "日期".to_string();
    }
    let known: &[(&str, &str)] = &[
        ("a whole number", "整数"),
        ("a string", "带引号的文字"),
        ("a borrowed string", "带引号的文字"),
        ("a sequence", "方括号里的列表,例如 [\"a\", \"b\"]"),
        ("a map", "一张表"),
        ("a boolean", "true 或 false"),
        ("a character", "一个字符"),
        ("a number", "数字"),
        ("an integer", "整数"),
        ("a table", "一张表"),
        ("a tuple", "固定个数的列表"),
        ("tuple", "固定个数的列表"),
        ("string or table", "文字或表"),
        ("variant identifier", "选项名"),
        ("field identifier", "键名"),
        ("unit", "空值"),
        ("option", "可省略的值"),
    ];
    known
        .iter()
        .find(|(en, _)| t.starts_with(en))
        .map_or_else(|| "另一种值".to_string(), |(_, zh)| (*zh).to_string())
}

/// `invalid type: string "x", expected i64` → `类型不对:这里应是整数,实际是文字 "x"`.
fn plain_words_zh(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "类型不对:这里应是{},实际是{}",
            serde_type_zh(expected),
            serde_type_zh(found)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "取值不对:这里应是{},实际是{}",
            serde_type_zh(expected),
            serde_type_zh(found)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((n, expected)) = rest.split_once(", expected ")
    {
        return format!("元素个数不对:有 {n} 个,这里应是{}", serde_type_zh(expected));
    }
    if let Some(field) = message
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return format!("键 `{field}` 写了两次");
    }
    toml_syntax_zh(message)
}

/// The TOML parser's own texts (`DESCRIPTION[, expected A, B]`) in Chinese words.
fn toml_syntax_zh(message: &str) -> String {
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (message, None),
    };
    let what = toml_description_zh(description).unwrap_or("此处无法解析");
    let wanted: Vec<String> = expected
        .map(|e| {
            toml_expected_items(e)
                .filter_map(toml_expected_zh)
                .collect()
        })
        .unwrap_or_default();
    let mut out = format!("TOML 语法错误:{what}");
    match wanted.as_slice() {
        [] => {}
        [one] if one == NOTHING => out.push_str(";这一行到这里应该结束"),
        [one] => out.push_str(&format!(";这里应是 {one}")),
        [init @ .., last] => out.push_str(&format!(";这里应是 {} 或 {last}", init.join("、"))),
    }
    out
}

/// "expected nothing": the line should have ended.
const NOTHING: &str = "行尾";

/// The items of an `expected` list; a literal is back-quoted and may itself hold a comma.
fn toml_expected_items(list: &str) -> impl Iterator<Item = &str> {
    let mut items = Vec::new();
    let mut rest = list.trim();
    while !rest.is_empty() {
        let end = if let Some(after) = rest.strip_prefix('`') {
            after.find('`').map_or(rest.len(), |i| i + 2)
        } else if rest.starts_with("'`'") {
            3
        } else {
            rest.find(", ").unwrap_or(rest.len())
        };
        items.push(rest[..end].trim());
        rest = rest[end..].trim_start_matches(',').trim_start();
    }
    items.into_iter()
}

fn toml_expected_zh(item: &str) -> Option<String> {
    if item.starts_with('`') || item == "'`'" {
        return Some(item.to_string()); // a literal character of TOML itself, quoted
    }
    let zh = match item {
        "newline" => "换行",
        "key" => "键名",
        "value" => "值",
        "numbers" | "digits" | "digit" => "数字",
        "letters" => "字母",
        "literal string" => "单引号文字",
        "basic string" => "双引号文字",
        "multi-line basic string" => "三引号文字",
        "unicode hexadecimal value" => "十六进制数字",
        "printable characters" | "characters" => "可见字符",
        "non-single-quote visible characters" | "non-single-quote characters" => "单引号以外的字符",
        "non-double-quote visible characters" => "双引号以外的字符",
        "nothing" => NOTHING,
        // toml_datetime
        "month between 01 and 12" => "01 到 12 之间的月份",
        "hour between 00 and 23" | "hours between 00 and 23" => "00 到 23 之间的小时",
        "minute between 00 and 59" | "minutes between 00 and 59" => "00 到 59 之间的分钟",
        "second between 00 and 60" => "00 到 60 之间的秒",
        "a four-digit year (YYYY)" => "四位数的年份",
        "a two-digit month (MM)" => "两位数的月份",
        "a two-digit day (DD)" => "两位数的日",
        "a two-digit hour (HH)" => "两位数的小时",
        "a two-digit minute (MM)" => "两位数的分钟",
        "a two-digit second (SS)" => "两位数的秒",
        "day" => "这个月里存在的日",
        "month" => "月份",
        "hour" => "小时",
        "minute" => "分钟",
        "second" => "秒",
        "nanosecond" => "秒的小数部分",
        "year or hour" => "年份或小时",
        "`-` (MM-DD)" | "`-` (YYYY-MM) or `:` (HH:MM)" => "日期中的 `-`",
        "`:` (HH:MM)" => "时间中的 `:`",
        "`T` between date and time" => "日期和时间之间的 `T`",
        "`Z`, +OFFSET, -OFFSET" => "时区(`Z` 或 +08:00)",
        _ => return None,
    };
    Some(zh.to_string())
}

/// The Chinese words for a description of toml_parser, toml or toml_datetime.
fn toml_description_zh(d: &str) -> Option<&'static str> {
    if d.starts_with("cannot extend value of type") {
        return Some("带点的键不能扩展已经定义过的列表或行内表");
    }
    Some(match d {
        "carriage return must be followed by newline" => "回车符后面必须紧跟换行符",
        "missing opening quote" => "缺少开头的引号",
        "missing comma between array elements" => "列表的元素之间缺少逗号",
        "integers with a radix cannot be signed" => "0x、0o、0b 开头的整数不能带正负号",
        "radix must be lowercase" => "进制前缀必须小写(0x、0o、0b)",
        "missing assignment between key-value pairs" => "键和值之间缺少 `=`",
        "missing escaped value" | "missing escape value" => "反斜杠 `\\` 后面缺少要转义的字符",
        "unexpected leading zero" => "数字不能以 0 开头",
        "unclosed array table" => "[[表头]] 没有结束:缺少 `]]`",
        "missing key for inline table element" => "行内表的元素缺少键名",
        "missing inline table opening" => "缺少行内表开头的 `{`",
        "missing array opening" => "缺少列表开头的 `[`",
        "invalid unquoted key" => "不加引号的键名只能由字母、数字、`_` 和 `-` 组成",
        "cannot recurse further; max recursion depth met" | "recursion limit" => "嵌套的层数太多",
        "unquoted keys cannot be empty" => "键名不能为空",
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            "三引号文字无效(可能没有结束)"
        }
        "invalid basic string" | "invalid literal string" | "invalid string" => {
            "引号里的文字无效(可能没有结束)"
        }
        "unexpected sign" => "这里不能有正负号",
        "unexpected key or value" => "这里不应有键或值",
        "unexpected content" | "unexpected content between comment and newline" => {
            "这里有多余的内容"
        }
        "unexpected `=` in array" => "列表里不能有 `=`",
        "unclosed table" => "[表头] 没有结束:缺少 `]`",
        "unclosed inline table" => "行内表没有结束:缺少 `}`",
        "unclosed array" => "列表没有结束:缺少 `]`",
        "too few unicode value digits" => "\\u 转义的十六进制位数不够",
        "string values must be quoted" => "文字必须加引号",
        "redundant numeric sign" => "多余的正负号",
        "redundant integer number prefix" => "多余的进制前缀",
        "missing value" | "missing value for key" | "key with no value" | "value is missing" => {
            "缺少值"
        }
        "missing table open" => "缺少表头开头的 `[`",
        "missing comment start" => "缺少注释开头的 `#`",
        "missing comma between key-value pairs" => "行内表的键值对之间缺少逗号",
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            "键名不能是三引号文字"
        }
        "invalid value" => "值无效",
        "invalid key-value pair" => "键值对无效",
        "invalid inline table element" => "行内表的元素无效",
        "invalid comment character" => "注释里有不允许的字符",
        "extra comma in inline table" => "行内表里多了一个逗号",
        "extra comma in array" => "列表里多了一个逗号",
        "extra assignment between key-value pairs" | "extra `=`" => "多了一个 `=`",
        "`_` may only go between digits" => "`_` 只能放在两个数字之间",
        "duplicate key" => "键重复",
        "duplicate table" => "表重复",
        "integer number overflowed" | "u64 value was too large" => "整数太大",
        "floating-point number overflowed" => "数字太大",
        "wanted string or table" => "这里应是文字或表",
        "expected empty array" => "这里应是空列表",
        "expected empty table" => "这里应是空表",
        "invalid integer number" => "整数无效",
        "invalid float" | "invalid fraction" | "invalid mantissa" | "invalid exponent" => {
            "数字无效"
        }
        "invalid hexadecimal number" => "十六进制数无效",
        "invalid octal number" => "八进制数无效",
        "invalid binary number" => "二进制数无效",
        "invalid boolean" => "应是 true 或 false",
        "invalid key" => "键名无效",
        "invalid table" | "invalid table header" => "表头无效",
        "invalid date" => "日期无效",
        "invalid time" => "时间无效",
        "invalid offset" => "时区无效",
        "invalid datetime" | "invalid date-time" => "日期时间无效",
        "unsupported datetime combination" => "不支持这种日期时间写法",
        _ => return None,
    })
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

// ---- a county directory (src/data/county.rs) ----

pub fn county_without_townships() -> Msg {
    Msg::new(
        "县目录里没有乡镇子目录:每个乡镇一个子目录(如 yushuwan/),里面是该乡的数据文件;\
         以 . 或 _ 开头的目录不算",
        "the county directory holds no township folder: one sub-directory per township \
         (e.g. yushuwan/) holding that township's data files; folders starting with . or _ \
         do not count",
    )
}

pub fn county_dir_unreadable(e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::new(
        format!("无法列出县目录里的乡镇:{}", why.zh),
        format!("cannot list the county's township folders: {}", why.en),
    )
}

/// The verdict of `check` on a county: townships, villages, errors and warnings in all.
pub fn check_county(
    dir: &str,
    townships: usize,
    villages: usize,
    errors: usize,
    warnings: usize,
) -> Msg {
    if errors == 0 {
        Msg::new(
            format!("通过:{dir}:{townships} 个乡镇,{villages} 个村,{warnings} 条警告"),
            format!(
                "ok: {dir}: {townships} {}, {villages} villages, {warnings} {}",
                plural(townships, "township"),
                plural(warnings, "warning")
            ),
        )
    } else {
        Msg::new(
            format!("未通过:{dir}:{townships} 个乡镇,{errors} 个错误,{warnings} 条警告"),
            format!(
                "invalid: {dir}: {townships} {}, {errors} {}, {warnings} {}",
                plural(townships, "township"),
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        )
    }
}

// ---- editor, terminal, export ----

pub fn cannot_start_editor(editor: &str, e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::new(
        format!(
            "无法启动编辑器 `{editor}`:{}(请设置 $VISUAL 或 $EDITOR)",
            why.zh
        ),
        format!(
            "cannot start editor `{editor}`: {} (set $VISUAL or $EDITOR)",
            why.en
        ),
    )
}

pub fn cannot_split_editor() -> Msg {
    Msg::new(
        "无法拆分 $VISUAL / $EDITOR(是不是少了一个引号?)",
        "cannot split $VISUAL / $EDITOR (an unclosed quote?)",
    )
}

pub fn terminal_error(e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::new(
        format!("终端出错:{}", why.zh),
        format!("terminal: {}", why.en),
    )
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

pub fn cannot_write(path: &str, e: &std::io::Error) -> Msg {
    let why = io_reason(e);
    Msg::new(
        format!("无法写入 {path}:{}", why.zh),
        format!("cannot write {path}: {}", why.en),
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
            county_without_townships(),
            county_dir_unreadable(&std::io::Error::from_raw_os_error(13)),
            check_county("c", 2, 30, 0, 1),
            check_county("c", 2, 30, 3, 1),
            file_is_directory(),
            not_regular_file(),
            broken_symlink(),
            file_not_found(),
            permission_denied(),
            symlink_loop(),
            cannot_read(&std::io::Error::from_raw_os_error(5)),
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
            cannot_start_editor("vim", &std::io::ErrorKind::NotFound.into()),
            terminal_error(&std::io::ErrorKind::BrokenPipe.into()),
            cannot_split_editor(),
            term_dumb(),
            needs_terminal(),
            xlsx_needs_out(),
            refusing_to_write("data/villages.toml", Refusal::DataFile),
            refusing_to_write("data/x.toml", Refusal::TomlInDataDirectory),
            refusing_to_write("fifo", Refusal::Fifo),
            export_failed("xlsx"),
            explain_error(&anyhow::anyhow!("boom")),
            cannot_write("out.xlsx", &std::io::ErrorKind::PermissionDenied.into()),
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
