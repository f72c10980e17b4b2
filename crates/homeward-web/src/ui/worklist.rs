//! The home page's worklist of the agency's open alerts: counted by kind (each kind a link to its own list), the
//! list newest first a page at a time, filtered by kind, and acknowledged several at once with one note, by a form
//! that works without JavaScript.

use homeward_core::CoreError;
use homeward_core::domain::alert::{Alert, AlertCount, AlertFilter, AlertKind, AlertPage};
use homeward_core::domain::time::format_london;

/// One kind of alert and how many are open.
pub struct Group {
    pub description: &'static str,
    pub count: i64,
    pub href: String,
    /// The list below shows this kind.
    pub shown: bool,
}

/// One open alert, with a box to tick.
pub struct Row {
    pub id: String,
    pub description: &'static str,
    pub episode_id: Option<String>,
    /// The agency's own record a possible-duplicate alert is about.
    pub person_id: Option<String>,
    /// The agency's own context a context alert is about.
    pub context_id: Option<String>,
    /// The home's notification to Ofsted an overdue alert is about.
    pub ofsted_id: Option<String>,
    /// The helpline contact shared with the council, for its alert.
    pub helpline_id: Option<String>,
    pub raised_at: String,
    pub checked: bool,
}

/// What the home page shows of the agency's open alerts.
pub struct Worklist {
    pub groups: Vec<Group>,
    pub total: i64,
    /// The kind shown, as its code (empty for every kind), for the form to come back to.
    pub kind: &'static str,
    pub heading: &'static str,
    pub rows: Vec<Row>,
    pub next_href: Option<String>,
    pub first_href: Option<String>,
}

/// The home page's address listing `kind` (every kind when `None`), at the worklist.
fn list_href(kind: Option<&str>, cursor: Option<&str>) -> String {
    let mut query: Vec<String> = Vec::new();
    query.extend(kind.map(|k| format!("kind={k}")));
    query.extend(cursor.map(|c| format!("cursor={c}")));
    if query.is_empty() { "/#alerts".to_owned() } else { format!("/?{}#alerts", query.join("&")) }
}

impl Worklist {
    /// The groups from the counts, the list from one page of alerts; `checked` are the boxes ticked when the form
    /// comes back with a problem.
    pub fn new(counts: &[AlertCount], filter: AlertFilter, page: &AlertPage, first: bool, checked: &[&str]) -> Self {
        let kind = filter.kind.map(AlertKind::as_str);
        Self {
            groups: counts
                .iter()
                .map(|c| Group {
                    description: c.kind.describe(),
                    count: c.count,
                    href: list_href(Some(c.kind.as_str()), None),
                    shown: filter.kind == Some(c.kind),
                })
                .collect(),
            total: counts.iter().map(|c| c.count).sum(),
            kind: kind.unwrap_or_default(),
            heading: filter.kind.map_or("Every open alert", |k| k.describe()),
            rows: page
                .items
                .iter()
                .map(|a| {
                    let id = a.id.to_string();
                    Row {
                        checked: checked.contains(&id.as_str()),
                        id,
                        description: a.kind.describe(),
                        // A context's owner may not see the episode that touched it: the context says what it can.
                        episode_id: a.episode_id.filter(|_| a.kind != AlertKind::ContextTouched).map(|e| e.to_string()),
                        person_id: record(a, "person"),
                        context_id: record(a, "context"),
                        ofsted_id: record(a, "ofsted_notification"),
                        helpline_id: record(a, "helpline_contact"),
                        raised_at: format_london(a.raised_at),
                    }
                })
                .collect(),
            next_href: page.next.map(|cursor| list_href(kind, Some(&cursor.encode()))),
            first_href: (!first).then(|| list_href(kind, None)),
        }
    }
}

/// The id of the record of this kind the alert is about, if it is about one (`Alert::record`).
fn record(alert: &Alert, kind: &str) -> Option<String> {
    alert.record().filter(|(k, _)| *k == kind).map(|(_, id)| id.to_owned())
}

/// The form's refusal as the page's errors: the boxes (`alert`) or the note, or the alerts refused.
pub fn refused(error: CoreError) -> Result<Vec<(String, String)>, CoreError> {
    match error {
        CoreError::Invalid(fields) => Ok(fields
            .iter()
            .map(|(field, message)| match field {
                "note" => ("note".to_owned(), format!("Enter what was done: the note {message}")),
                "ids" => ("alert".to_owned(), "Select the alerts you have dealt with".to_owned()),
                _ => ("alert".to_owned(), format!("An alert you selected cannot be acknowledged: {message}")),
            })
            .collect()),
        other => Err(other),
    }
}
