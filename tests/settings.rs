//! Settings that stay: precedence (flag > environment > settings file > default), errors
//! with `settings.toml:LINE:COL`, and `village-dash settings`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use village_dash::cli::{ColorChoice, Lang, ThemeChoice};
use village_dash::i18n;
use village_dash::settings::{self, Flags, Origin};

fn file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("settings.toml");
    std::fs::write(&path, text).expect("write settings");
    path
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

const ZH: &i18n::Strings = &i18n::ZH;

#[test]
fn flag_beats_environment_beats_file_beats_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = file(
        dir.path(),
        "lang = \"en\"\ntheme = \"light\"\nascii = true\ncolor = \"always\"\n",
    );

    // The file alone.
    let s = settings::resolve(Flags::default(), &env(&[]), Some(path.clone()), ZH)
        .expect("valid settings");
    assert_eq!(s.lang.value, Lang::En);
    assert_eq!(s.lang.origin, Origin::File(path.clone()));
    assert_eq!(s.theme.value, ThemeChoice::Light);
    assert!(s.ascii.value);
    assert_eq!(s.color.value, ColorChoice::Always);

    // The environment over the file.
    let e = env(&[
        ("VILLAGE_DASH_LANG", "zh"),
        ("VILLAGE_DASH_THEME", "dark"),
        ("VILLAGE_DASH_ASCII", "0"),
        ("NO_COLOR", "1"),
    ]);
    let s = settings::resolve(Flags::default(), &e, Some(path.clone()), ZH).expect("valid");
    assert_eq!(s.lang.value, Lang::Zh);
    assert_eq!(s.lang.origin, Origin::Env("VILLAGE_DASH_LANG"));
    assert_eq!(s.theme.value, ThemeChoice::Dark);
    assert!(!s.ascii.value);
    assert_eq!(s.color.value, ColorChoice::Never);
    assert_eq!(s.color.origin, Origin::Env("NO_COLOR"));

    // Flags over both.
    let flags = Flags {
        lang: Some(Lang::En),
        theme: Some(ThemeChoice::Auto),
        ascii: true,
        color: Some(ColorChoice::Always),
    };
    let s = settings::resolve(flags, &e, Some(path), ZH).expect("valid");
    assert_eq!(s.lang.origin, Origin::Flag("--lang"));
    assert_eq!(s.theme.value, ThemeChoice::Auto);
    assert_eq!(s.ascii.origin, Origin::Flag("--ascii"));
    assert_eq!(s.color.value, ColorChoice::Always);

    // Nothing anywhere: the defaults, Chinese first.
    let missing = dir.path().join("nope.toml");
    let s = settings::resolve(Flags::default(), &env(&[]), Some(missing), ZH).expect("valid");
    assert_eq!(s.lang.value, Lang::Zh);
    assert_eq!(s.lang.origin, Origin::Default);
    assert_eq!(s.theme.value, ThemeChoice::Auto);
    assert!(!s.ascii.value);
    assert_eq!(s.color.value, ColorChoice::Auto);
}

#[test]
fn settings_errors_point_at_line_and_column_in_both_languages() {
    let cases = [
        (
            "lang = \"en\"\nfoo = 1\n",
            "settings.toml:2:1: 未知的设置项 `foo`;可用的设置项:lang, theme, ascii, color",
            "settings.toml:2:1: unknown setting `foo`: expected one of lang, theme, ascii, color",
        ),
        (
            "# 设置\ntheme = \"黑\"\n",
            "settings.toml:2:9: theme 的值 `黑` 无效;可用的值:auto, dark, light",
            "settings.toml:2:9: `黑` is not a value of theme: expected one of auto, dark, light",
        ),
        (
            "ascii = \"yes\"\n",
            "settings.toml:1:9: 值 \"yes\" 类型不对:lang、theme、color 写带引号的文字,ascii 写 true 或 false",
            "settings.toml:1:9: \"yes\" is the wrong kind of value: lang, theme and color take text in quotes, ascii takes true or false",
        ),
        (
            "color = \"never\"\ncolor = \"always\"\n",
            "settings.toml:2:1: 不是有效的 TOML:duplicate key",
            "settings.toml:2:1: not valid TOML: duplicate key",
        ),
    ];
    for (text, zh, en) in cases {
        let got = settings::parse("settings.toml", text, &i18n::ZH).expect_err(text);
        assert_eq!(got.0, zh);
        let got = settings::parse("settings.toml", text, &i18n::EN).expect_err(text);
        assert_eq!(got.0, en);
    }
}

fn run(config_home: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_village-dash"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("VILLAGE_DASH_LANG")
        .env_remove("VILLAGE_DASH_THEME")
        .env_remove("VILLAGE_DASH_ASCII")
        .env_remove("NO_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run village-dash");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn settings_command_prints_each_setting_and_its_origin() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("village-dash");
    std::fs::create_dir_all(&dir).expect("mkdir");
    file(&dir, "theme = \"light\"\n");
    let (code, out, err) = run(
        home.path(),
        &["--ascii", "settings"],
        &[("VILLAGE_DASH_LANG", "en")],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("settings file: ") && lines[0].ends_with("settings.toml (found)"));
    assert_eq!(
        lines[1],
        "lang  = \"en\"      # from environment variable VILLAGE_DASH_LANG"
    );
    assert_eq!(lines[2], "theme = \"light\"   # from the settings file");
    assert_eq!(lines[3], "ascii = true      # from flag --ascii");
    assert_eq!(lines[4], "color = \"auto\"    # default");

    // In Chinese by default.
    let (code, out, _) = run(home.path(), &["settings"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("lang  = \"zh\"      # 默认值"), "{out}");
    assert!(out.contains("theme = \"light\"   # 来自设置文件"), "{out}");
}

#[test]
fn a_bad_settings_file_stops_every_command_with_its_position() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("village-dash");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = file(&dir, "lang = \"en\"\nlnag = \"zh\"\n");
    let (code, out, err) = run(home.path(), &["check"], &[]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    // The file's own `lang` chooses the language of the message.
    assert_eq!(
        err,
        format!(
            "village-dash: error: {}:2:1: unknown setting `lnag`: expected one of lang, theme, ascii, color\n",
            path.display()
        )
    );
    let (code, _, err) = run(home.path(), &["--lang", "zh", "summary"], &[]);
    assert_eq!(code, 1);
    assert!(err.contains(":2:1: 未知的设置项 `lnag`"), "{err}");
}
