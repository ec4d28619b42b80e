//! Turning a file's bytes into front matter and body, keeping byte offsets so every finding
//! can name `file:line:column`.

pub mod block_yaml;
pub mod frontmatter;
pub mod locate;
pub mod source;

pub use frontmatter::{Split, split};
pub use source::Source;

/// Whether `bytes` holds an ASCII control byte other than a line ending: anything below
/// 0x20 but `\n` and `\r`, DEL, or a `\r` not followed by `\n` (a lone carriage return;
/// one at the very end is a line ending cut short). Both fast readers (`block_yaml`,
/// `document::sections::scan`) leave such text to the full parsers. Checked in blocks the
/// compiler vectorizes.
pub fn has_control_bytes(bytes: &[u8]) -> bool {
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7f;
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &b| any | control(b)))
        || memchr::memchr_iter(b'\r', bytes)
            .any(|at| bytes.get(at + 1).is_some_and(|&b| b != b'\n'))
}
