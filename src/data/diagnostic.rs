//! Problems found in the data files, each pointing at a file, line and column.

use std::fmt::Write as _;

use super::model::{At, FileKind};
use super::source::{LineCol, SourceFile};
use crate::cli::Lang;
use crate::i18n::messages::{self, Msg};
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The quoted line under a diagnostic and where the caret goes, in display columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub line_text: String,
    pub caret_offset: usize,
    pub caret_width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as shown to the user, e.g. `config/villages.toml`.
    pub path: String,
    pub file: Option<FileKind>,
    pub position: Option<LineCol>,
    /// The message in the language chosen by `localize` (English until then).
    pub message: String,
    /// The message in both languages.
    pub text: Msg,
    /// The language of `message` and of the `error`/`warning` label.
    pub lang: Lang,
    /// Short name of a warning kind, used to silence it (`income-jump`, ...).
    pub kind: Option<&'static str>,
    pub snippet: Option<Snippet>,
    /// The figure or field the diagnostic points at, so that a view can mark it where it
    /// is drawn.
    pub at: Option<At>,
    /// The township folder of a county directory the file belongs to (`yushuwan`), so a
    /// one-line banner can say which township it is about.
    pub township: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file (missing, not UTF-8, ...).
    pub fn file_error(path: &str, file: Option<FileKind>, message: Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            file,
            position: None,
            message: message.en.clone(),
            text: message,
            lang: Lang::En,
            kind: None,
            snippet: None,
            at: None,
            township: None,
        }
    }

    /// A diagnostic at a byte range of a file.
    pub fn at_span(
        severity: Severity,
        source: &SourceFile,
        start: usize,
        end: usize,
        message: Msg,
    ) -> Self {
        let position = source.line_col(start);
        let line_text = source.line_text(position.line);
        let before: String = line_text.chars().take(position.column - 1).collect();
        // `before` holds the bytes of the line up to the spot, so the line's end is known.
        let spot = start.min(source.text.len());
        let line_end = spot.saturating_sub(before.len()) + line_text.len();
        let caret_text = source
            .text
            .get(spot..end.clamp(spot, line_end.max(spot)))
            .unwrap_or("");
        // A very long line is quoted as a window around the spot, marked `..` where cut.
        const CONTEXT: usize = 40;
        let column = position.column - 1;
        let total = line_text.chars().count();
        let (quoted, before) = if total > 2 * CONTEXT + 20 {
            let from = column.saturating_sub(CONTEXT);
            let to = (column + CONTEXT).min(total);
            let window: String = line_text.chars().skip(from).take(to - from).collect();
            let lead = if from > 0 { ".." } else { "" };
            let tail = if to < total { ".." } else { "" };
            let before: String = line_text.chars().skip(from).take(column - from).collect();
            (format!("{lead}{window}{tail}"), format!("{lead}{before}"))
        } else {
            (line_text.to_string(), before)
        };
        let snippet = Snippet {
            line_text: quoted,
            caret_offset: text::width(&text::sanitize(&before)),
            caret_width: text::width(&text::sanitize(caret_text)).clamp(1, 60),
        };
        Diagnostic {
            severity,
            path: source.path.clone(),
            file: Some(source.kind),
            position: Some(position),
            message: message.en.clone(),
            text: message,
            lang: Lang::En,
            kind: None,
            snippet: Some(snippet),
            at: None,
            township: None,
        }
    }

    pub fn at(severity: Severity, source: &SourceFile, at: At, message: Msg) -> Self {
        let mut d = Self::at_span(
            severity,
            source,
            at.start as usize,
            at.end as usize,
            message,
        );
        d.at = Some(at);
        d
    }

    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Puts the message and its label in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.message = self.text.get(lang).to_string();
        self.lang = lang;
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `config/villages.toml:12:5`, or just the path when there is no position.
    pub fn location(&self) -> String {
        self.located(&self.path)
    }

    fn located(&self, path: &str) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", text::sanitize(path), p.line, p.column),
            None => text::sanitize(path),
        }
    }

    /// The file as named inside the data directory: `villages.toml`, in a county
    /// `yushuwan/villages.toml`. Anything that is not one of the data files (the directory
    /// itself, a settings file) keeps its full path.
    fn name_in_data_dir(&self) -> String {
        let Some(kind) = self.file else {
            return self.path.clone();
        };
        let name = kind.file_name().to_string();
        match &self.township {
            Some(folder) if *folder != name => format!("{folder}/{name}"),
            _ => name,
        }
    }

    /// The first line: `FILE:LINE:COL: error: message`, safe to print.
    pub fn headline(&self) -> String {
        self.headline_at(&self.location())
    }

    fn headline_at(&self, location: &str) -> String {
        let label = messages::severity_label(self.is_error(), self.lang);
        let kind = self.kind.map(|k| format!(" [{k}]")).unwrap_or_default();
        format!(
            "{location}: {label}{kind}: {}",
            text::sanitize(&self.message)
        )
    }

    /// A compact form for a one-line banner: `villages.toml:12:5: message`, and in a county
    /// `yushuwan/villages.toml:12:5: message`.
    pub fn short(&self) -> String {
        let name = self.name_in_data_dir();
        let at = self
            .position
            .map(|p| format!(":{}:{}", p.line, p.column))
            .unwrap_or_default();
        text::sanitize(&format!("{name}{at}: {}", self.message))
    }

    /// The headline with the quoted line and a caret under the spot, as rustc prints them.
    pub fn render(&self) -> String {
        self.render_at(&self.location())
    }

    /// [`Self::render`] with the file named inside the data directory, for the dashboard's
    /// windows, where the status line already says which directory it is.
    pub fn render_in_data_dir(&self) -> String {
        self.render_at(&self.located(&self.name_in_data_dir()))
    }

    fn render_at(&self, location: &str) -> String {
        let mut out = self.headline_at(location);
        if let (Some(pos), Some(snippet)) = (self.position, &self.snippet) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let _ = write!(
                out,
                "\n{gutter} |\n{number} | {}\n{gutter} | {}{}",
                text::sanitize(&snippet.line_text),
                " ".repeat(snippet.caret_offset),
                "^".repeat(snippet.caret_width.min(60))
            );
        }
        out
    }
}
