//! The postmortem document: reading a file into front matter, body sections and the
//! findings met on the way.

pub mod body_items;
pub mod edit;
pub mod edit_field;
pub mod frontmatter;
pub mod import;
pub mod people;
pub mod presets;
pub mod sections;
pub mod transcript;
mod yaml_error;

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::parse::{Source, Split, split};

pub use frontmatter::{BodyPlace, FrontMatter, Item, ItemStatus, Schema, Status};
pub use sections::Section;
pub use yaml_error::yaml_error;

/// A postmortem as read from disk. `front` holds what could be read; `diagnostics` what
/// could not, so a broken document can still be listed.
#[derive(Debug)]
pub struct Document {
    pub source: Source,
    /// The file stem, e.g. `2026-03-14-checkout-503s`.
    pub id: String,
    pub front: FrontMatter,
    pub split: Option<Split>,
    /// Level-2 sections; empty unless the body was read.
    pub sections: Vec<Section>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could be read but not parsed at all (no front matter, invalid YAML...).
    pub unreadable: bool,
}

impl Document {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The section called `title` (any case), else the first whose heading starts with it
    /// (`Timeline (times in BST)`).
    pub fn section(&self, title: &str) -> Option<&Section> {
        sections::find(&self.sections, title, &sections::Names::default())
    }

    /// The section called `title` or one of the aliases pm.yaml's `sections:` gives it.
    pub fn section_named(&self, title: &str, names: &sections::Names) -> Option<&Section> {
        sections::find(&self.sections, title, names)
    }
}

/// How much of a document to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Front matter only (listing).
    FrontMatter,
    /// Front matter and body sections (checking).
    Full,
}

/// Why a file could not be read as text at all.
// The `Ok` of `read_source` is a `Source` too, so boxing this would save nothing.
#[allow(clippy::large_enum_variant)]
pub enum ReadError {
    /// The file could not be opened or read: an I/O failure, not a finding.
    Io(std::io::Error),
    /// The file was read but is not a text document; the diagnostic says why.
    NotText(Source, Diagnostic),
}

/// Reads a file's bytes as UTF-8 text, refusing huge, binary and mis-encoded files.
#[allow(clippy::result_large_err)]
pub fn read_source(path: &Path, display: String) -> Result<Source, ReadError> {
    read(path, display, false)
}

/// Like `read_source`, but stops after the front matter's closing `---` line when there
/// is one: the text is then the file up to the end of that line, and the body is never
/// read (checked for NUL bytes or UTF-8 either). For commands that need only the front
/// matter (`pm list`, `pm overdue`): most of a postmortem's bytes are its body.
#[allow(clippy::result_large_err)]
pub fn read_front_matter(path: &Path, display: String) -> Result<Source, ReadError> {
    read(path, display, true)
}

/// How many bytes `read_front_matter` asks for at a time: front matter is usually well
/// under this.
const HEAD_CHUNK: u64 = 4096;

#[allow(clippy::result_large_err)]
fn read(path: &Path, display: String, head_only: bool) -> Result<Source, ReadError> {
    let mut file = open_for_reading(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        // A FIFO or device named `*.md` would block or never end when read.
        return Err(ReadError::Io(std::io::Error::other("not a regular file")));
    }
    if meta.len() > crate::parse::source::MAX_FILE_SIZE {
        let d = Diagnostic::error(
            "file-too-large",
            format!(
                "the file is {} MiB; pm reads postmortems of at most {} MiB",
                meta.len() / (1024 * 1024),
                crate::parse::source::MAX_FILE_SIZE / (1024 * 1024)
            ),
        )
        .hint("move large attachments (logs, dumps) out of the postmortem and link to them under `links:`");
        return Err(ReadError::NotText(
            Source::new(path.to_path_buf(), display, String::new()),
            d,
        ));
    }
    let wanted = if head_only {
        meta.len().min(HEAD_CHUNK)
    } else {
        meta.len()
    };
    let mut bytes = Vec::with_capacity(usize::try_from(wanted).unwrap_or(0) + 1);
    if head_only {
        let mut scanned = 0;
        loop {
            let mut chunk = std::io::Read::take(&mut file, HEAD_CHUNK);
            let n = std::io::Read::read_to_end(&mut chunk, &mut bytes).map_err(ReadError::Io)?;
            if let Some(end) = front_matter_end(&bytes, &mut scanned) {
                bytes.truncate(end);
                break;
            }
            if n == 0 {
                break;
            }
        }
    } else {
        // Through `take`: `File`'s own `read_to_end` asks for the size and position again
        // (two more system calls per file); the size is known, and the limit stays.
        let mut all = std::io::Read::take(&mut file, crate::parse::source::MAX_FILE_SIZE + 1);
        std::io::Read::read_to_end(&mut all, &mut bytes).map_err(ReadError::Io)?;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        let d = Diagnostic::error("binary-file", "the file is binary, not a markdown document")
            .hint("keep images and other binary files out of the postmortems folder's `*.md` files, e.g. in `postmortems/images/`");
        return Err(ReadError::NotText(
            Source::new(path.to_path_buf(), display, String::new()),
            d,
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(path.to_path_buf(), display, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let byte = bytes.get(at).copied().unwrap_or(0);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // In the lossy text the valid prefix is unchanged, so `at` still points at the bad byte.
            let d = Diagnostic::error(
                "encoding",
                format!("the file is not valid UTF-8: byte 0x{byte:02X} cannot start or continue a character"),
            )
            // The lossy text holds U+FFFD where the bad bytes were.
            .at(at..at + char::REPLACEMENT_CHARACTER.len_utf8())
            .label("not UTF-8")
            .hint("save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)");
            Err(ReadError::NotText(
                Source::new(path.to_path_buf(), display, text),
                d,
            ))
        }
    }
}

/// The end of the front matter's closing line (after its line ending) in `bytes`, when
/// the first line opens front matter and a later complete line closes it, as
/// `parse::split` reads them. `scanned` is where the search resumes (the start of the
/// first line not yet known to be complete and not a fence).
fn front_matter_end(bytes: &[u8], scanned: &mut usize) -> Option<usize> {
    let from = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let line_at = |start: usize| -> Option<(&str, usize)> {
        let nl = memchr::memchr(b'\n', bytes.get(start..)?)? + start;
        let line = &bytes[start..nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Only a line starting `---` or `...` can be a fence: others need no decoding.
        if !(line.starts_with(b"---") || line.starts_with(b"...")) {
            return Some(("", nl + 1));
        }
        Some((std::str::from_utf8(line).unwrap_or("\u{fffd}"), nl + 1))
    };
    if *scanned == 0 {
        let (first, next) = line_at(from)?;
        if !crate::parse::frontmatter::is_open_fence(first) {
            // No front matter: the whole file goes to `parse`, which says so.
            *scanned = usize::MAX;
            return None;
        }
        *scanned = next;
    }
    if *scanned == usize::MAX {
        return None;
    }
    while let Some((line, next)) = line_at(*scanned) {
        if crate::parse::frontmatter::is_close_fence(line) {
            return Some(next);
        }
        *scanned = next;
    }
    None
}

/// Opens a file to read without blocking on a FIFO (a named pipe called `x.md` would
/// otherwise hang `pm check` in `open`); the caller refuses anything not a regular file.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The id of a postmortem file: its stem.
pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Parses a document whose text has been read.
pub fn parse(source: Source, schema: &Schema<'_>, depth: Depth) -> Document {
    let id = id_of(&source.path);
    let mut doc = Document {
        source,
        id,
        front: FrontMatter::default(),
        split: None,
        sections: Vec::new(),
        diagnostics: Vec::new(),
        unreadable: false,
    };
    let text = doc.source.text.as_str();
    if text.starts_with('\u{feff}') {
        doc.diagnostics.push(
            Diagnostic::warning("byte-order-mark", "the file starts with a UTF-8 byte-order mark")
                .at(0..3)
                .hint("save the file as UTF-8 without BOM; pm reads it either way, but other tools may not"),
        );
    }
    let split = match split(text) {
        Ok(s) => s,
        Err(d) => {
            doc.diagnostics.push(d);
            doc.unreadable = true;
            return doc;
        }
    };
    let yaml = &text[split.yaml.clone()];
    let tree = crate::parse::block_yaml::parse_tree(yaml);
    'front: {
        // The common case: plain block YAML with nothing to report, read straight into types.
        if let Some(front) = tree
            .as_ref()
            .and_then(|t| frontmatter::read_plain(t, schema))
        {
            doc.front = front;
            break 'front;
        }
        let value = match tree.map(|t| t.to_value()) {
            Some(v) => Ok(v),
            // The fast path never nests flows; only what goes to serde_yaml needs the guard.
            None => match yaml_error::too_deep(yaml, split.yaml.start) {
                Some(d) => {
                    doc.diagnostics.push(d);
                    doc.unreadable = true;
                    doc.split = Some(split);
                    return doc;
                }
                None => serde_yaml::from_str::<Value>(yaml),
            },
        };
        match value {
            Ok(value) => {
                let value = if value.is_null() {
                    Value::Mapping(Default::default())
                } else {
                    value
                };
                let (front, diags) =
                    frontmatter::read(&value, yaml, split.yaml.start, split.open.clone(), schema);
                doc.front = front;
                doc.diagnostics.extend(diags);
            }
            Err(e) => {
                doc.diagnostics.push(yaml_error(&e, yaml, split.yaml.start));
                doc.unreadable = true;
            }
        }
    }
    if depth == Depth::Full {
        doc.sections = sections::sections(&text[split.body.clone()], split.body.start);
    }
    doc.split = Some(split);
    if depth == Depth::Full {
        body_items::read(&mut doc, &schema.item_headings);
    }
    doc
}

/// Whether a document read at `Depth::FrontMatter` needs its body for its remediation
/// items: its front matter lists none (`load_front_matter` then reads the rest).
pub fn wants_body_items(doc: &Document) -> bool {
    doc.front.remediation.is_empty() && !doc.unreadable && doc.split.is_some()
}

/// Reads the front matter of `path`, and the body too when the front matter lists no
/// remediation item (the body's items are read then, `body_items`).
#[allow(clippy::result_large_err)]
pub fn load_front_matter(
    path: &Path,
    display: String,
    schema: &Schema<'_>,
) -> Result<Document, ReadError> {
    let source = read_front_matter(path, display.clone())?;
    let mut doc = parse(source, schema, Depth::FrontMatter);
    if wants_body_items(&doc) {
        // The front matter read is a prefix of the whole text: its spans stay true.
        match read_source(path, display) {
            Ok(whole) => {
                doc.source = whole;
                body_items::read(&mut doc, &schema.item_headings);
            }
            // The body is not text (not UTF-8, a NUL): `pm check` says so; the front
            // matter's values stand.
            Err(ReadError::NotText(..)) => {}
            Err(ReadError::Io(e)) => return Err(ReadError::Io(e)),
        }
    }
    Ok(doc)
}

/// Every postmortem file under `dir`: `*.md` except `README.md`, in path order, hidden
/// names skipped.
pub fn find_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    crate::files::walk(dir, |name, _| {
        name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md")
    })
}

/// How the first line of the chat transcript block `pm import-logs` writes into the
/// Timeline starts (`chatlog::transcript` writes it); lint skips the block by these.
pub const TRANSCRIPT_BEGIN: &str = "<!-- pm import-logs: begin";
/// How the block's last line starts.
pub const TRANSCRIPT_END: &str = "<!-- pm import-logs: end";

impl Document {
    /// The findings in the order people read them: by position in the file, errors first.
    pub fn sort_diagnostics(&mut self) {
        self.diagnostics
            .sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.severity));
    }
}

/// A path as pm shows it: relative to the repository root `root` when inside it, with `/`.
pub fn display_path(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// A file-name slug from a title: lowercase ASCII words joined by `-`, at most 60 bytes.
/// Other letters are transliterated (deunicode: `Überlast` is `uberlast`, `Straße`
/// `strasse`) rather than dropped.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in deunicode::deunicode(title).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > 60 {
        slug.truncate(60);
        if let Some(cut) = slug.rfind('-').filter(|&i| i > 20) {
            slug.truncate(cut);
        }
        slug = slug.trim_end_matches('-').to_string();
    }
    slug
}
