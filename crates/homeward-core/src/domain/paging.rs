//! Paging of lists: a page holds at most `limit` records in the list's order, and a cursor names the last one so
//! the next page starts just after it. No list is ever cut short without a cursor to the rest.

use std::fmt::Display;
use std::str::FromStr;

use super::time::{Timestamp, format_date, parse_date};

/// Records per page when the caller does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most records one page may hold.
pub const MAX_LIMIT: u32 = 200;

/// What a list is ordered by before its id breaks ties: a time or a date.
pub trait SortKey: Sized + Copy {
    fn encode(&self) -> String;
    fn decode(text: &str) -> Option<Self>;
}

impl SortKey for Timestamp {
    fn encode(&self) -> String {
        self.unix_micros().to_string()
    }

    fn decode(text: &str) -> Option<Self> {
        Self::from_unix_micros(text.parse().ok()?)
    }
}

/// A version number: profile versions page on it.
impl SortKey for i64 {
    fn encode(&self) -> String {
        self.to_string()
    }

    fn decode(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl SortKey for time::Date {
    fn encode(&self) -> String {
        format_date(*self)
    }

    fn decode(text: &str) -> Option<Self> {
        parse_date(text).ok()
    }
}

/// Where a page starts: just after the record with this sort key and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor<K, Id> {
    pub key: K,
    pub id: Id,
}

impl<K: SortKey, Id: Display + FromStr> Cursor<K, Id> {
    /// An opaque text form for URLs.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.key.encode(), self.id)
    }

    pub fn decode(text: &str) -> Option<Self> {
        let (key, id) = text.split_once('~')?;
        Some(Self { key: K::decode(key)?, id: id.parse().ok()? })
    }
}

/// Which page of a list to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging<K, Id> {
    pub after: Option<Cursor<K, Id>>,
    pub limit: u32,
}

impl<K, Id> Default for Paging<K, Id> {
    fn default() -> Self {
        Self { after: None, limit: DEFAULT_LIMIT }
    }
}

impl<K: Copy, Id: Copy> Paging<K, Id> {
    /// The same page with room for one more record, which tells whether another page follows without counting.
    #[must_use]
    pub fn one_more(&self) -> Self {
        Self { after: self.after, limit: self.limit.clamp(1, MAX_LIMIT) + 1 }
    }
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone)]
pub struct Page<T, K, Id> {
    pub items: Vec<T>,
    pub next: Option<Cursor<K, Id>>,
}

impl<T, K, Id> Page<T, K, Id> {
    /// The page from what [`Paging::one_more`] read: the extra record, if any, means the last kept one is the
    /// cursor to the rest.
    pub fn cut(mut items: Vec<T>, paging: &Paging<K, Id>, cursor: impl Fn(&T) -> Cursor<K, Id>) -> Self {
        let wanted = paging.limit.clamp(1, MAX_LIMIT) as usize;
        let next = if items.len() > wanted {
            items.truncate(wanted);
            items.last().map(cursor)
        } else {
            None
        };
        Self { items, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::AlertId;

    #[test]
    fn cursors_survive_their_text_and_refuse_anything_else() {
        let cursor = Cursor {
            key: Timestamp::from_unix_micros(1_700_000_000_123_456).expect("in range"),
            id: AlertId::random(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        let dated = Cursor { key: time::macros::date!(2026 - 03 - 01), id: AlertId::random() };
        assert_eq!(Cursor::decode(&dated.encode()), Some(dated));
        assert_eq!(Cursor::<Timestamp, AlertId>::decode("nonsense"), None);
        assert_eq!(Cursor::<Timestamp, AlertId>::decode("12~not-an-id"), None);
    }

    #[test]
    fn a_full_page_names_its_last_record_as_the_cursor() {
        let paging = Paging::<Timestamp, AlertId> { after: None, limit: 2 };
        let at = |n| Timestamp::from_unix_micros(n).expect("in range");
        let ids = [AlertId::random(), AlertId::random(), AlertId::random()];
        let page =
            Page::cut(vec![(1, ids[0]), (2, ids[1]), (3, ids[2])], &paging, |&(n, id)| Cursor { key: at(n), id });
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.next, Some(Cursor { key: at(2), id: ids[1] }));
        assert!(Page::cut(vec![(1, ids[0])], &paging, |&(n, id)| Cursor { key: at(n), id }).next.is_none());
    }
}
