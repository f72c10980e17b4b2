//! Values bound to a statement, typed in the domain's terms. Each dialect binds them as its database keeps them:
//! timestamps as fixed-width UTC text on SQLite and `timestamptz` on PostgreSQL, dates as `YYYY-MM-DD` text or
//! `date`. A NULL keeps its type, because PostgreSQL needs one for every parameter.

use homeward_core::domain::ids::{
    AbductionNoticeId, AgencyId, AlertId, AssessmentId, AssociateId, ContextId, EpisodeId, HelplineContactId,
    IntelLinkId, LinkProposalId, LongTermReviewId, MissingEducationId, NotificationId, OfstedNotificationId, PersonId,
    PlaceId, PlacementId, RecommendationId, ReturnInterviewId, SessionId, SupportPlanId, TokenId, UserId,
};
use homeward_core::domain::time::Timestamp;
use time::Date;

/// One bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Time(Option<Timestamp>),
    Date(Option<Date>),
    Bytes(Vec<u8>),
}

/// `From` for each Rust type a statement binds: the variant it becomes and how the value is made.
macro_rules! values {
    ($($from:ty => $variant:ident($make:expr);)+) => {$(
        impl From<$from> for Value {
            fn from(value: $from) -> Self {
                Value::$variant($make(value))
            }
        }
    )+};
}

values! {
    &str => Text(|text: &str| Some(text.to_owned()));
    String => Text(Some);
    Option<&str> => Text(|text: Option<&str>| text.map(str::to_owned));
    Option<String> => Text(std::convert::identity);
    &Option<String> => Text(Clone::clone);
    i64 => Int(Some);
    Option<i64> => Int(std::convert::identity);
    i32 => Int(|n| Some(i64::from(n)));
    u32 => Int(|n| Some(i64::from(n)));
    bool => Bool(Some);
    Option<bool> => Bool(std::convert::identity);
    Timestamp => Time(Some);
    Option<Timestamp> => Time(std::convert::identity);
    Date => Date(Some);
    Option<Date> => Date(std::convert::identity);
    &[u8] => Bytes(<[u8]>::to_vec);
}

/// Identifiers are stored as their hyphenated text.
macro_rules! ids_as_text {
    ($($id:ty),+) => {$(
        impl From<$id> for Value {
            fn from(id: $id) -> Self {
                Value::Text(Some(id.to_string()))
            }
        }

        impl From<Option<$id>> for Value {
            fn from(id: Option<$id>) -> Self {
                Value::Text(id.map(|id| id.to_string()))
            }
        }
    )+};
}

ids_as_text!(
    AbductionNoticeId,
    AgencyId,
    AlertId,
    AssessmentId,
    AssociateId,
    ContextId,
    EpisodeId,
    HelplineContactId,
    IntelLinkId,
    LongTermReviewId,
    LinkProposalId,
    MissingEducationId,
    NotificationId,
    OfstedNotificationId,
    PersonId,
    PlaceId,
    PlacementId,
    RecommendationId,
    ReturnInterviewId,
    SessionId,
    SupportPlanId,
    TokenId,
    UserId
);

/// A domain value kept as JSON text (answers, records, settings).
pub(crate) fn json(value: &impl serde::Serialize) -> Value {
    Value::Text(Some(serde_json::to_string(value).expect("domain values always serialise as JSON")))
}

/// A statement and the values bound to `$1`, `$2`, ... in order.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub(crate) sql: String,
    pub(crate) values: Vec<Value>,
}

impl Query {
    pub(crate) fn new(sql: impl Into<String>) -> Self {
        Self { sql: sql.into(), values: Vec::new() }
    }

    #[must_use]
    pub(crate) fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }
}

/// `Query::new(sql).bind(a).bind(b)...`, shorter.
macro_rules! query {
    ($sql:expr $(, $value:expr)* $(,)?) => {
        $crate::value::Query::new($sql)$(.bind($value))*
    };
}
pub(crate) use query;
