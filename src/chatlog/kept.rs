//! The entries a source keeps for a window, held compactly: a 28-day window of a busy
//! channel is a quarter of a million entries, and `pm import-logs` must stay under 64 MiB.
//!
//! Each entry is a fixed record of 36 bytes (time, kind, flags, line, its nick as an index
//! into the names seen, where its text is) in chunks of [`RECORDS`]; the texts sit in text
//! chunks of about [`TEXT`] bytes; the rare thread starts and reactions in side tables. No
//! allocation per entry, and no chunk is ever copied to grow (a doubling `Vec` would hold
//! the old and the new buffer at once). Sorting and filtering work on an order of indices;
//! an entry is handed out as an owned [`Entry`] built on demand ([`Entries::get`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Entry, Kind, Signal};

/// Records per chunk.
const RECORDS: usize = 4096;
/// Bytes a text chunk fills before the next one starts (a longer text gets its own).
const TEXT: usize = 1 << 20;

const MINUTE: u8 = 1;
const REPLY: u8 = 2;
const PINNED: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Record {
    at: DateTime<Utc>,
    /// The text chunk holding the text, where it starts in it and its length.
    chunk: u32,
    text_at: u32,
    text_len: u32,
    line: u32,
    /// Index into `Entries::nicks`.
    nick: u32,
    kind: Kind,
    flags: u8,
    signal: Option<Signal>,
}

/// A source's entries, in the order given by [`Entries::sort`] (reading order before).
#[derive(Debug, Clone, Default)]
pub struct Entries {
    records: Vec<Vec<Record>>,
    text: Vec<String>,
    nicks: Vec<String>,
    nick_ids: HashMap<String, u32>,
    /// (record index, its thread's start), by index: only thread replies have one.
    threads: Vec<(u32, DateTime<Utc>)>,
    /// (record index, its reactions), by index.
    reactions: Vec<(u32, Vec<String>)>,
    /// Indices of the entries kept, in order.
    order: Vec<u32>,
    /// Records stored (kept or not).
    stored: usize,
}

impl PartialEq for Entries {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Entries {
    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Adds an entry at the end.
    pub fn push(&mut self, entry: Entry) {
        let index = small(self.stored);
        let (chunk, text_at) = self.place_text(&entry.text);
        let nick = match self.nick_ids.get(&entry.nick) {
            Some(&id) => id,
            None => {
                let id = small(self.nicks.len());
                self.nicks.push(entry.nick.clone());
                self.nick_ids.insert(entry.nick.clone(), id);
                id
            }
        };
        if let Some(thread) = entry.thread {
            self.threads.push((index, thread));
        }
        if !entry.reactions.is_empty() {
            self.reactions.push((index, entry.reactions));
        }
        let flags = (u8::from(entry.minute_precision) * MINUTE)
            | (u8::from(entry.thread_reply) * REPLY)
            | (u8::from(entry.pinned) * PINNED);
        let record = Record {
            at: entry.at,
            chunk,
            text_at,
            text_len: small(entry.text.len()),
            line: small(entry.line),
            nick,
            kind: entry.kind,
            flags,
            signal: entry.signal,
        };
        self.store(record);
        self.order.push(index);
    }

    /// Puts a text at the end of the last text chunk, or of a new one: (chunk, start).
    fn place_text(&mut self, text: &str) -> (u32, u32) {
        let fits = self.text.last().is_some_and(|c| {
            c.len() + text.len() <= TEXT.max(c.capacity())
                && u32::try_from(c.len() + text.len()).is_ok()
        });
        if !fits {
            self.text.push(String::with_capacity(text.len().max(TEXT)));
        }
        let chunk = self.text.len() - 1;
        let mut at = 0;
        if let Some(c) = self.text.last_mut() {
            at = c.len();
            c.push_str(text);
        }
        (small(chunk), small(at))
    }

    fn store(&mut self, record: Record) {
        if self.records.last().is_none_or(|c| c.len() >= RECORDS) {
            self.records.push(Vec::with_capacity(RECORDS));
        }
        if let Some(last) = self.records.last_mut() {
            last.push(record);
        }
        self.stored += 1;
    }

    /// Drops every entry stored after the first `n` (a reading pass given up).
    pub fn truncate(&mut self, n: usize) {
        if n >= self.stored {
            return;
        }
        if let Some(first_dropped) = self.record(n) {
            let chunk = first_dropped.chunk as usize;
            self.text.truncate(chunk + 1);
            if let Some(c) = self.text.get_mut(chunk) {
                c.truncate(first_dropped.text_at as usize);
            }
        }
        let keep_chunks = n.div_ceil(RECORDS);
        self.records.truncate(keep_chunks);
        if let Some(last) = self.records.last_mut() {
            last.truncate(n - (keep_chunks - 1) * RECORDS);
        }
        self.stored = n;
        self.order.retain(|&i| (i as usize) < n);
        self.threads.retain(|t| (t.0 as usize) < n);
        self.reactions.retain(|r| (r.0 as usize) < n);
    }

    /// Adds a line to the text of the entry stored last (a continuation line).
    pub fn continue_last(&mut self, more: &str) {
        let Some(index) = self.stored.checked_sub(1) else {
            return;
        };
        let Some(record) = self.record(index) else {
            return;
        };
        let end = record.text_at as usize + record.text_len as usize;
        let Some(text) = self.text.get_mut(record.chunk as usize) else {
            return;
        };
        if text.len() != end || u32::try_from(text.len() + more.len() + 1).is_err() {
            return;
        }
        text.push('\n');
        text.push_str(more);
        if let Some(record) = self.record_mut(index) {
            record.text_len = small(record.text_len as usize + more.len() + 1);
        }
    }

    /// Adds `by` to the line number of every entry stored from the `from`th on.
    pub fn shift_lines(&mut self, from: usize, by: usize) {
        for index in from..self.stored {
            if let Some(r) = self.record_mut(index) {
                r.line = small(r.line as usize + by);
            }
        }
    }

    /// Moves every entry of `other` after this one's.
    pub fn append(&mut self, other: Entries) {
        if self.stored == 0 {
            *self = other;
            return;
        }
        let stored = self.stored;
        for index in 0..other.stored {
            if let Some(entry) = other.build(index) {
                self.push(entry);
            }
        }
        // `push` put every entry of `other` in order; keep only those `other` kept, in
        // its order.
        self.order.truncate(self.order.len() - other.stored);
        self.order
            .extend(other.order.iter().map(|&i| small(i as usize + stored)));
    }

    /// Reverses the order of the entries kept from the `from`th on.
    pub fn reverse_from(&mut self, from: usize) {
        if let Some(tail) = self.order.get_mut(from..) {
            tail.reverse();
        }
    }

    /// Sorts by time; entries of the same instant keep their order.
    pub fn sort(&mut self) {
        self.sort_by_key(|at, _| at);
    }

    /// Sorts by a key of each entry's time and thread start (stable).
    pub fn sort_by_key<K: Ord>(&mut self, key: impl Fn(DateTime<Utc>, Option<DateTime<Utc>>) -> K) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_by_key(|&i| {
            let at = self.record(i as usize).map(|r| r.at).unwrap_or_default();
            key(at, self.thread(i))
        });
        self.order = order;
    }

    /// Keeps the entries `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        let mut order = std::mem::take(&mut self.order);
        order.retain(|&i| self.build(i as usize).is_some_and(|e| keep(&e)));
        self.order = order;
    }

    /// The `i`th entry kept, built.
    pub fn get(&self, i: usize) -> Option<Entry> {
        self.build(*self.order.get(i)? as usize)
    }

    /// The time of the `i`th entry kept and its thread's start, without building it.
    pub fn times(&self, i: usize) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let index = *self.order.get(i)?;
        let r = self.record(index as usize)?;
        Some((r.at, self.thread(index)))
    }

    pub fn first(&self) -> Option<Entry> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Entry> {
        self.get(self.len().checked_sub(1)?)
    }

    /// Every entry kept, in order, built one at a time.
    pub fn iter(&self) -> impl Iterator<Item = Entry> + '_ {
        self.order.iter().filter_map(|&i| self.build(i as usize))
    }

    /// Gives the `i`th entry kept a new text (redacted, or with a note); the old one stays
    /// in its chunk, unused.
    pub fn set_text(&mut self, i: usize, text: &str) {
        let Some(&index) = self.order.get(i) else {
            return;
        };
        let (chunk, at) = self.place_text(text);
        if let Some(r) = self.record_mut(index as usize) {
            r.chunk = chunk;
            r.text_at = at;
            r.text_len = small(text.len());
        }
    }

    /// Makes the `i`th entry kept no thread reply's (its thread's start is not shown).
    pub fn clear_thread(&mut self, i: usize) {
        if let Some(&index) = self.order.get(i)
            && let Ok(at) = self.threads.binary_search_by_key(&index, |t| t.0)
        {
            self.threads.remove(at);
        }
    }

    /// Every entry kept, as a list (for tests and small sources).
    pub fn to_vec(&self) -> Vec<Entry> {
        self.iter().collect()
    }

    fn thread(&self, index: u32) -> Option<DateTime<Utc>> {
        let at = self.threads.binary_search_by_key(&index, |t| t.0).ok()?;
        self.threads.get(at).map(|t| t.1)
    }

    fn record(&self, index: usize) -> Option<Record> {
        self.records
            .get(index / RECORDS)?
            .get(index % RECORDS)
            .copied()
    }

    fn record_mut(&mut self, index: usize) -> Option<&mut Record> {
        self.records
            .get_mut(index / RECORDS)?
            .get_mut(index % RECORDS)
    }

    fn build(&self, index: usize) -> Option<Entry> {
        let r = self.record(index)?;
        let chunk = self.text.get(r.chunk as usize)?;
        let text = chunk
            .get(r.text_at as usize..r.text_at as usize + r.text_len as usize)
            .unwrap_or_default();
        let key = small(index);
        let reactions = match self.reactions.binary_search_by_key(&key, |r| r.0) {
            Ok(at) => self
                .reactions
                .get(at)
                .map(|r| r.1.clone())
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        Some(Entry {
            at: r.at,
            minute_precision: r.flags & MINUTE != 0,
            kind: r.kind,
            nick: self.nicks.get(r.nick as usize).cloned().unwrap_or_default(),
            text: text.to_string(),
            line: r.line as usize,
            thread_reply: r.flags & REPLY != 0,
            pinned: r.flags & PINNED != 0,
            reactions,
            thread: self.thread(key),
            signal: r.signal,
        })
    }
}

impl Extend<Entry> for Entries {
    fn extend<I: IntoIterator<Item = Entry>>(&mut self, iter: I) {
        for entry in iter {
            self.push(entry);
        }
    }
}

impl FromIterator<Entry> for Entries {
    fn from_iter<I: IntoIterator<Item = Entry>>(iter: I) -> Self {
        let mut out = Entries::default();
        out.extend(iter);
        out
    }
}

/// A count or offset as stored: saturating at `u32::MAX` (a line number past four billion,
/// or a text longer than 4 GiB, which nothing reads).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64, text: &str) -> Entry {
        let at = DateTime::from_timestamp(1_773_478_800 + n, 0).unwrap_or_default();
        Entry {
            line: n as usize + 1,
            reactions: if n % 3 == 0 {
                vec![format!("r{n}")]
            } else {
                Vec::new()
            },
            pinned: n % 2 == 0,
            thread: (n % 5 == 0).then_some(at),
            ..Entry::new(at, Kind::Message, format!("nick{n}"), text, n as usize + 1)
        }
    }

    #[test]
    fn entries_come_back_as_they_went_in() {
        let all: Vec<Entry> = (0..10_000)
            .map(|n| entry(n, &"x".repeat(n as usize % 300)))
            .collect();
        let kept: Entries = all.iter().cloned().collect();
        assert_eq!(kept.len(), all.len());
        assert_eq!(kept.to_vec(), all);
        // A text longer than a chunk gets its own.
        let mut big = kept.clone();
        big.push(entry(10_000, &"y".repeat(TEXT + 5)));
        big.push(entry(10_001, "after"));
        assert_eq!(big.get(10_000).map(|e| e.text.len()), Some(TEXT + 5));
        assert_eq!(big.last().map(|e| e.text), Some("after".into()));
    }

    #[test]
    fn truncate_append_continue_shift_sort_retain_and_set_text() {
        let mut kept: Entries = (0..9_000).map(|n| entry(n, "t")).collect();
        kept.truncate(5_000);
        assert_eq!(kept.len(), 5_000);
        kept.push(entry(20_000, "later"));
        kept.continue_last("and more");
        assert_eq!(kept.last().map(|e| e.text), Some("later\nand more".into()));
        kept.shift_lines(5_000, 7);
        assert_eq!(kept.last().map(|e| e.line), Some(20_008));
        assert_eq!(kept.get(4_999).map(|e| e.line), Some(5_000));
        let other: Entries = (0..3).rev().map(|n| entry(n, "early")).collect();
        kept.append(other);
        assert_eq!(kept.len(), 5_004);
        kept.sort();
        let times: Vec<_> = kept.iter().map(|e| e.at).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(kept.get(1).map(|e| e.text), Some("early".into()));
        assert_eq!(
            kept.get(1).map(|e| e.reactions),
            Some(vec!["r0".to_string()])
        );
        kept.retain(|e| e.pinned);
        assert!(kept.iter().all(|e| e.pinned));
        kept.set_text(0, "[redacted]");
        assert_eq!(kept.first().map(|e| e.text), Some("[redacted]".into()));
        assert_eq!(kept.first().map(|e| e.nick), Some("nick0".into()));
        let threads = kept.iter().filter(|e| e.thread.is_some()).count();
        kept.clear_thread(0);
        assert_eq!(
            kept.iter().filter(|e| e.thread.is_some()).count(),
            threads - 1
        );
        assert_eq!(std::mem::size_of::<Record>(), 36);
    }
}
