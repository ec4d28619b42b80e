//! Golden outputs for every chat log fixture in `tests/fixtures/chatlogs/<format>/`: each
//! file is detected, read in Europe/Berlin with the date its path gives, and what came out
//! (entries, unparsed lines, DST counts, day markers) is compared with its snapshot in
//! `src/chatlog/snapshots/`. Detection must name the fixture's own format and no other.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Format, clean_line, detect, formats, read};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chatlogs");

/// How many first lines the detection test hands to `detect`.
const FIRST_LINES: usize = 20;

/// Every fixture file with the format its folder names, in a stable order. Slack exports
/// (folders of JSON) are not line formats and are left to their own tests.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut formats: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("tests/fixtures/chatlogs exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .collect();
    formats.sort_by_key(|e| e.file_name());
    for dir in formats {
        let name = dir.file_name().to_string_lossy().into_owned();
        if name == "slack" {
            continue;
        }
        let mut files = Vec::new();
        walk(&dir.path(), &mut files);
        files.sort();
        out.extend(files.into_iter().map(|f| (name.clone(), f)));
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a fixture folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn first_lines(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == b'\n')
        .take(FIRST_LINES)
        .map(clean_line)
        .collect()
}

fn accepting(lines: &[String]) -> Vec<&'static str> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    formats()
        .iter()
        .filter(|f| f.detect(&lines))
        .map(|f| f.name())
        .collect()
}

/// What reading one fixture gives, one entry a line, for a reviewer to check by eye.
fn render(format: &mut dyn Format, relative: &str, bytes: &[u8]) -> String {
    let tz = chrono_tz::Europe::Berlin;
    let path_date = format.date_from_path(Path::new(relative));
    let mut out = String::new();
    let _ = writeln!(out, "format: {}", format.name());
    let _ = writeln!(
        out,
        "date from path: {}",
        path_date.map_or("none".to_string(), |d| d.to_string())
    );
    let _ = writeln!(out, "time zone: {tz}");
    let mut markers = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        if let Some(day) = format.day_marker(raw) {
            markers.push(format!("{}:{day}", i + 1));
        }
    }
    let t = read(format, bytes, tz, path_date);
    for e in &t.entries {
        let at = e.at.format("%Y-%m-%dT%H:%M:%S%.fZ");
        let precision = if e.minute_precision { "~min" } else { "" };
        let _ = writeln!(
            out,
            "{:>3} {at}{precision} {:?} <{}> {:?}",
            e.line, e.kind, e.nick, e.text
        );
    }
    let _ = writeln!(out, "unparsed lines: {:?}", t.unparsed);
    let _ = writeln!(out, "ambiguous: {}, shifted: {}", t.ambiguous, t.shifted);
    let _ = writeln!(out, "day markers: {}", markers.join(" "));
    out
}

#[test]
fn every_fixture_reads_as_its_golden_output() {
    let all = fixtures();
    for format in formats() {
        assert!(
            all.iter().any(|(name, _)| name == format.name()),
            "no fixture for {}",
            format.name()
        );
    }
    for (name, path) in all {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        let relative = path
            .strip_prefix(FIXTURES)
            .expect("under the fixtures folder")
            .to_string_lossy()
            .replace('\\', "/");
        let mut format = super::by_name(&name).expect("a fixture folder is named after its format");
        let snapshot = relative.replace(['/', '#', '.'], "_");
        insta::assert_snapshot!(snapshot, render(format.as_mut(), &relative, &bytes));
    }
}

#[test]
fn every_fixture_is_detected_as_its_own_format_and_no_other() {
    for (name, path) in fixtures() {
        let bytes = std::fs::read(&path).expect("a readable fixture");
        let lines = first_lines(&bytes);
        assert_eq!(accepting(&lines), [name.as_str()], "{}", path.display());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert_eq!(detect(&lines).map(|f| f.name()), Some(name.as_str()));
    }
}

#[test]
fn prose_and_other_files_are_detected_as_nothing() {
    let texts: [&str; 8] = [
        "",
        "\n\n\n",
        "The deploy went out at 09:00 and we saw 502s.\nThen we rolled back.\n",
        "---\ntitle: Checkout outage\n---\n\n# Timeline\n\n- 09:00 deploy\n",
        "[{\"type\": \"message\", \"ts\": \"1773478800.000100\", \"text\": \"hi\"}]\n",
        "time,nick,text\n2026-03-14 09:00:00,ann,hi\n",
        "[09:00] meeting starts\n[09:30] meeting ends\n",
        "2026-03-14 09:00:00 ann: hi\n",
    ];
    for text in texts {
        let lines = first_lines(text.as_bytes());
        assert_eq!(accepting(&lines), Vec::<&str>::new(), "{text:?}");
    }
}
