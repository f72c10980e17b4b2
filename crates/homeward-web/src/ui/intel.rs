//! Places and people on the pages (issue 15): a person's network (`/people/{id}/network`), drawn as rings around
//! them with a table of everyone in it and a timeline of their own links. Each question is asked with a reason,
//! which the core audits; a page opened without one asks for it first. Places, associates and hotspots are in
//! `places.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use homeward_core::CoreError;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::intel::{Associate, IntelLink, Linked, Place};
use homeward_core::domain::time::format_london;
use homeward_core::services::intel::Network;
use homeward_intel::picture::ring;

use super::charts::{BLUE, Chart, GREEN, Label, Line, Rect, Table};
use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState};
use super::session::SignedIn;
use crate::AppState;

const SIZE: f64 = 720.0;
/// Rings with more nodes than this are drawn unlabelled: the table names them all.
const LABELLED: usize = 24;
const PERSON_FILL: &str = "#0b0c0c";

/// `reason=...` (and any other pairs) for a link that asks the next question with the same reason.
pub fn with_reason(reason: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("reason", reason);
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    query.finish()
}

/// The label of a place or associate the network names.
pub fn linked_label(linked: Linked, places: &[Place], associates: &[Associate]) -> String {
    match linked {
        Linked::Place(id) => places.iter().find(|p| p.id == id).map(Place::label),
        Linked::Associate(id) => associates.iter().find(|a| a.id == id).map(Associate::label),
    }
    .unwrap_or_default()
}

/// The page of a place or associate, with the reason carried on.
pub fn linked_href(linked: Linked, reason: &str) -> String {
    match linked {
        Linked::Place(id) => format!("/places/{id}?{}", with_reason(reason, &[])),
        Linked::Associate(id) => format!("/associates/{id}?{}", with_reason(reason, &[])),
    }
}

/// A row of a person's timeline.
#[derive(Debug, Clone)]
pub struct TimelineRow {
    pub when: String,
    pub role: &'static str,
    pub what: String,
    pub href: String,
    pub reliability: &'static str,
    pub source: &'static str,
    pub evidence: String,
}

pub fn timeline_row(link: &IntelLink, places: &[Place], associates: &[Associate], reason: &str) -> TimelineRow {
    TimelineRow {
        when: format_london(link.occurred_at),
        role: link.role.label(),
        what: linked_label(link.linked, places, associates),
        href: linked_href(link.linked, reason),
        reliability: link.reliability.as_str(),
        source: match link.source_kind {
            homeward_core::domain::intel::SourceKind::Return => "Return",
            homeward_core::domain::intel::SourceKind::Interview => "Return interview",
        },
        evidence: link.evidence.clone(),
    }
}

/// Someone else in the network, as its table lists them.
struct PersonRow {
    name: String,
    href: String,
    step: u8,
    via: String,
}

struct Shown {
    name: String,
    reason: String,
    picture: Chart,
    people: Vec<PersonRow>,
    timeline: Vec<TimelineRow>,
    notes: Vec<String>,
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    chrome: Chrome,
    person_id: String,
    form: FormState,
    steps: Vec<Choice>,
    shown: Option<Shown>,
}

fn short(text: &str) -> String {
    if text.chars().count() > 22 {
        format!("{}…", text.chars().take(21).collect::<String>())
    } else {
        text.to_owned()
    }
}

fn square(at: (f64, f64), side: f64, fill: &'static str) -> Rect {
    Rect {
        x: format!("{:.1}", at.0 - side / 2.0),
        y: format!("{:.1}", at.1 - side / 2.0),
        width: format!("{side:.1}"),
        height: format!("{side:.1}"),
        fill,
    }
}

/// The network as rings: the person in the middle, the places and associates around them, the people a step away
/// around those, and two steps away outside.
fn picture(network: &Network) -> Chart {
    let centre = (SIZE / 2.0, SIZE / 2.0);
    let things: Vec<Linked> = network
        .places
        .iter()
        .map(|p| Linked::Place(p.id))
        .chain(network.associates.iter().map(|a| Linked::Associate(a.id)))
        .collect();
    let step = |n: u8| network.people.iter().filter(|p| p.step == n).collect::<Vec<_>>();
    let (first, second) = (step(1), step(2));
    let thing_at = ring(things.len(), centre, 150.0);
    let first_at = ring(first.len(), centre, 250.0);
    let second_at = ring(second.len(), centre, 330.0);
    let position = |linked: Linked| things.iter().position(|t| *t == linked).map(|i| thing_at[i]);
    let mut lines = Vec::new();
    let mut line = |from: (f64, f64), to: (f64, f64)| {
        lines.push(Line {
            x1: format!("{:.1}", from.0),
            y1: format!("{:.1}", from.1),
            x2: format!("{:.1}", to.0),
            y2: format!("{:.1}", to.1),
            stroke: "#b1b4b6",
        });
    };
    for link in &network.links {
        if let Some(to) = position(link.linked) {
            line(centre, to);
        }
    }
    for (people, at) in [(&first, &first_at), (&second, &second_at)] {
        for (person, from) in people.iter().zip(at.iter()) {
            for to in person.via.iter().filter_map(|l| position(*l)) {
                line(*from, to);
            }
        }
    }
    for (person, linked) in &network.onward {
        let from = first.iter().position(|p| p.person.id == *person).map(|i| first_at[i]);
        if let (Some(from), Some(to)) = (from, position(*linked)) {
            line(from, to);
        }
    }
    let mut rects = vec![square(centre, 18.0, PERSON_FILL)];
    let mut labels = vec![Label {
        x: format!("{:.1}", centre.0),
        y: format!("{:.1}", centre.1 - 16.0),
        anchor: "middle",
        text: short(&name(network)),
    }];
    for (thing, at) in things.iter().zip(&thing_at) {
        rects.push(square(*at, 12.0, if matches!(thing, Linked::Place(_)) { GREEN } else { BLUE }));
        if things.len() <= LABELLED {
            let text = short(&linked_label(*thing, &network.places, &network.associates));
            labels.push(Label { x: format!("{:.1}", at.0), y: format!("{:.1}", at.1 - 10.0), anchor: "middle", text });
        }
    }
    for (people, at) in [(&first, &first_at), (&second, &second_at)] {
        for (person, at) in people.iter().zip(at.iter()) {
            rects.push(square(*at, 10.0, PERSON_FILL));
            if people.len() <= LABELLED {
                let text = short(&format!("{} {}", person.person.given_name, person.person.family_name));
                labels.push(Label {
                    x: format!("{:.1}", at.0),
                    y: format!("{:.1}", at.1 + 20.0),
                    anchor: "middle",
                    text,
                });
            }
        }
    }
    let count = |n: usize| n.to_string();
    Chart {
        id: "network",
        title: format!(
            "{} in the middle, linked to {} places and {} associates, and through them to {} other people a step \
             away and {} two steps away",
            name(network),
            network.places.len(),
            network.associates.len(),
            first.len(),
            second.len()
        ),
        width: SIZE as u32,
        height: SIZE as u32,
        rects,
        lines,
        labels,
        table: Table {
            caption: "What the picture shows".into(),
            head: vec!["In the picture".into(), "How many".into()],
            rows: vec![
                ("Places (green)".into(), vec![count(network.places.len())]),
                ("Associates (blue)".into(), vec![count(network.associates.len())]),
                ("People a step away (black, inner ring)".into(), vec![count(first.len())]),
                ("People two steps away (black, outer ring)".into(), vec![count(second.len())]),
            ],
        },
    }
}

fn name(network: &Network) -> String {
    format!("{} {}", network.person.given_name, network.person.family_name)
}

fn shown(network: &Network, reason: &str) -> Shown {
    let label = |l: &Linked| linked_label(*l, &network.places, &network.associates);
    let people = network
        .people
        .iter()
        .map(|p| PersonRow {
            name: format!("{} {}", p.person.given_name, p.person.family_name),
            href: format!("/people/{}/network?{}", p.person.id, with_reason(reason, &[])),
            step: p.step,
            via: p.via.iter().map(label).collect::<Vec<_>>().join("; "),
        })
        .collect();
    let mut notes = Vec::new();
    if network.unseen > 0 {
        notes.push(format!(
            "{} other people linked to these places and associates are held by agencies whose records yours does \
             not see. Ask those agencies if you need to know more.",
            network.unseen
        ));
    }
    if network.not_shown > 0 {
        notes.push(format!("{} more people your agency sees are linked but not listed here.", network.not_shown));
    }
    if network.cut {
        notes.push(
            "A place or associate here is linked to so many episodes that only the latest 1,000 links were read at that step.".into(),
        );
    }
    Shown {
        name: name(network),
        reason: reason.to_owned(),
        picture: picture(network),
        people,
        timeline: network.links.iter().map(|l| timeline_row(l, &network.places, &network.associates, reason)).collect(),
        notes,
    }
}

/// `GET /people/{id}/network?reason=&steps=`: asks for a reason, then shows the network.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let person: PersonId = signed_in.id(&id)?;
    let mut form = FormState::new(fields, Vec::new());
    let steps = match form.value("steps") {
        "1" => 1,
        _ => 2,
    };
    let mut result = None;
    if super::places::asked(&form) {
        let reason = form.value("reason").to_owned();
        match state.core.network(&signed_in.current.actor, person, steps, Some(&reason)).await {
            Ok(network) => result = Some(shown(&network, reason.trim())),
            Err(refused @ CoreError::Invalid(_)) => {
                form.refused(refused, "reason").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            }
            Err(other) => return Err(HtmlError::new(other, signed_in.request_id.clone())),
        }
    }
    let title = match (&result, form.has_errors()) {
        (_, true) => "Error: Places and people".to_owned(),
        (Some(s), _) => format!("Places and people linked to {}", s.name),
        (None, _) => "Places and people".to_owned(),
    };
    let chosen = steps.to_string();
    let page = NetworkPage {
        chrome: Chrome::signed_in(&state.assets, &title, &signed_in, Nav::None),
        person_id: person.to_string(),
        steps: vec![
            Choice::new("2", "Two steps: also the people linked to those people", chosen == "2"),
            Choice::new("1", "One step: the people who share a place or associate", chosen == "1"),
        ],
        shown: result,
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}
