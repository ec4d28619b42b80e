//! A whole document as `pm check` reads it: bytes on disk through `document::read_source`,
//! `document::parse` at `Depth::Full`, the lint checks, then every diagnostic rendered for
//! humans (`Renderer`) and as JSON (`JsonDiagnostic`). Spans must be valid for the text.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pm::config::Config;
use pm::context::Project;
use pm::document::{self, Depth, ReadError, Schema};
use pm::parse::Source;

#[path = "common.rs"]
mod common;
use common::{SEVERITIES, assert_span, check_diagnostics};

/// A scratch repository: the document is written into it and read back as `pm check` does.
fn scratch() -> &'static (tempfile_dir::Dir, PathBuf) {
    static DIR: OnceLock<(tempfile_dir::Dir, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile_dir::Dir::new();
        let postmortems = dir.path().join("postmortems");
        std::fs::create_dir_all(&postmortems).unwrap();
        let file = postmortems.join("2026-03-14-fuzz.md");
        (dir, file)
    })
}

mod tempfile_dir {
    use std::path::{Path, PathBuf};

    /// A folder removed when the process ends normally.
    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            let path = std::env::temp_dir().join(format!("pm-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&path).unwrap();
            Dir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (dir, file) = scratch();
    std::fs::write(file, data).unwrap();
    let display = "postmortems/2026-03-14-fuzz.md".to_string();
    let project = Project {
        root: dir.path().to_path_buf(),
        config: Config::default(),
        config_file: None,
    };
    let schema = Schema::new(SEVERITIES.to_vec(), chrono_tz::Tz::UTC);
    let doc = match document::read_source(file, display) {
        Ok(source) => {
            assert_eq!(source.text.as_bytes(), data);
            let mut doc = document::parse(source, &schema, Depth::Full);
            check_sections(&doc.source, &doc.sections);
            pm::lint::check_document(&mut doc, &project.lint_setup());
            doc
        }
        Err(ReadError::NotText(source, d)) => {
            check_diagnostics(&source, std::slice::from_ref(&d));
            return;
        }
        Err(ReadError::Io(e)) => panic!("reading the scratch file failed: {e}"),
    };
    check_diagnostics(&doc.source, &doc.diagnostics);
});

fn check_sections(source: &Source, sections: &[document::Section]) {
    for s in sections {
        assert_span(&source.text, &s.heading, "section heading");
        assert_span(&source.text, &s.content, "section content");
    }
}
