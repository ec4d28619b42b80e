//! Turning a file's bytes into front matter and body, keeping byte offsets so every finding
//! can name `file:line:column`.

pub mod block_yaml;
pub mod frontmatter;
pub mod locate;
pub mod source;

pub use frontmatter::{Split, split};
pub use source::Source;
