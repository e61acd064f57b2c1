//! Edits of the data files as people and deployments make them, shared by the end-to-end
//! tests (`tests/freshness.rs`, `tests/signals.rs`).

use std::path::Path;

/// Writes `villages.toml` in `dir` with 天井村's 2023 income set to `yuan` (in place, as
/// nano and `vim` with `backupcopy=yes` save).
pub fn save_income(dir: &Path, yuan: u32) {
    let path = dir.join("villages.toml");
    let text = std::fs::read_to_string(&path).expect("read villages");
    let start = text.find("2023 = 2").expect("天井村's 2023 line");
    let end = start + text[start..].find('\n').expect("line end");
    let text = format!("{}2023 = {yuan}{}", &text[..start], &text[end..]);
    std::fs::write(&path, text).expect("write villages");
}

/// The figure 天井村 shows for `yuan` on the villages tab (e.g. 23.6 for 236000).
pub fn shown(yuan: u32) -> String {
    format!("{}.{}", yuan / 10_000, yuan % 10_000 / 1_000)
}

/// Appends generated villages to villages.toml until it holds `bytes` bytes, so that
/// loading takes a noticeable time.
pub fn grow_villages(dir: &Path, bytes: usize) {
    let path = dir.join("villages.toml");
    let mut text = std::fs::read_to_string(&path).expect("read");
    let mut i = 0;
    while text.len() < bytes {
        i += 1;
        text.push_str(&format!(
            "\n[[village]]\nid = \"generated-{i}\"\nname = \"生成村{i}\"\n\n\
             [village.collective_income_yuan]\n2023 = {}\n",
            100_000 + i % 1000
        ));
    }
    std::fs::write(&path, text).expect("write");
}

/// Appends a comment to `township.toml`: a change that reloads and shows the same figures.
pub fn touch_township(dir: &Path) {
    let path = dir.join("township.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("{text}\n# touched\n")).expect("touch");
}
