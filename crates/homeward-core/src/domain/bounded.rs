//! A reader that refuses to hand over more than a set number of bytes for one record, so a file with one enormous
//! line is refused with the memory of one record's limit rather than the line's length.
//!
//! The importer marks each record's end ([`RecordBudget::mark`]); everything read since the last mark counts
//! against the budget. A CSV reader reads ahead in its own buffer (8 KiB), so a record may be refused up to that
//! much early or late: the limit is far above any real record.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The most bytes one record of an imported file may take: far above any real row (the longest episode row is a
/// few hundred bytes), far below what would strain memory.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Bytes read since the importer last marked a record's end. Cloned into the reader and kept by the importer.
#[derive(Debug, Clone, Default)]
pub struct RecordBudget(Arc<AtomicU64>);

impl RecordBudget {
    /// A record ended: the next one starts its own count.
    pub fn mark(&self) {
        self.0.store(0, Ordering::Relaxed);
    }
}

/// The error a [`Bounded`] reader gives once a record passes its limit; find it with [`is_too_long`].
#[derive(Debug)]
struct RecordTooLong(u64);

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record is longer than {} bytes", self.0)
    }
}

impl std::error::Error for RecordTooLong {}

/// Whether an I/O error is a [`Bounded`] reader's refusal of an over-long record.
#[must_use]
pub fn is_too_long(error: &std::io::Error) -> bool {
    error.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<RecordTooLong>)
}

/// A reader whose bytes since the last [`RecordBudget::mark`] may not pass `limit`.
#[derive(Debug)]
pub struct Bounded<R> {
    inner: R,
    budget: RecordBudget,
    limit: u64,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, limit: u64) -> (Self, RecordBudget) {
        let budget = RecordBudget::default();
        (Self { inner, budget: budget.clone(), limit }, budget)
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let used = self.budget.0.load(Ordering::Relaxed);
        if used > self.limit {
            return Err(std::io::Error::other(RecordTooLong(self.limit)));
        }
        // Never read more than the rest of the budget plus one byte, so the refusal comes before the bytes do.
        let room = usize::try_from(self.limit - used + 1).unwrap_or(usize::MAX).min(buf.len());
        let read = self.inner.read(&mut buf[..room])?;
        self.budget.0.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_past_the_limit_is_refused_and_marks_start_the_count_again() {
        let (mut reader, budget) = Bounded::new(std::io::repeat(b'x'), 100);
        let mut buf = [0u8; 64];
        let mut total = 0;
        let error = loop {
            match reader.read(&mut buf) {
                Ok(n) => total += n,
                Err(e) => break e,
            }
        };
        assert!(is_too_long(&error), "{error}");
        assert_eq!(total, 101, "refused one byte past the limit, never more");
        budget.mark();
        assert_eq!(reader.read(&mut buf).expect("a new record"), 64);
    }
}
