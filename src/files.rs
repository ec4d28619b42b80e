//! Walking a folder: the files under it in one order, hidden names (`.git`, `.DS_Store`)
//! skipped. Both the postmortems folder and a chat source's folder are read this way.

use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

/// What is under `dir` other than folders (files, links, pipes...) that `keep` accepts by
/// name and type (not following links), in path order: component by component, each
/// folder's names sorted, a sub-folder walked where its name falls. Names starting with
/// `.` are skipped, and so is what is under them.
pub fn walk(dir: &Path, keep: impl Fn(&str, FileType) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."));
    for entry in entries {
        let entry = entry.map_err(io::Error::from)?;
        let ft = entry.file_type();
        if !ft.is_dir() && keep(&entry.file_name().to_string_lossy(), ft) {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_without_hidden_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "b.md",
            "a/z.md",
            "a-b/c.md",
            ".git/x.md",
            "a/.hidden.md",
            "c.txt",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found: Vec<String> = walk(root, |n, _| n.ends_with(".md"))
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["a/z.md", "a-b/c.md", "b.md"]);
        let mut sorted = walk(root, |_, ft| ft.is_file()).unwrap();
        let walked = sorted.clone();
        sorted.sort();
        assert_eq!(walked, sorted);
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        assert!(walk(Path::new("/nonexistent/pm-walk"), |_, _| true).is_err());
    }
}
