//! Places, associates and hotspots on the pages (issue 15): places at a postcode or district (`/places`), a place
//! or associate with its episodes by month and the children linked (`/places/{id}`, `/associates/{id}`), and the
//! hotspots of a period on a map drawn from grid references (`/hotspots`). Each asks for a reason first.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use homeward_core::domain::ids::{AssociateId, PlaceId};
use homeward_core::domain::intel::{Associate, HotspotLevel, Place};
use homeward_core::domain::time::format_london;
use homeward_core::services::intel::{Hotspots, LinkedView};
use homeward_core::{CoreError, FieldErrors};
use homeward_intel::picture::{marker, project};

use super::charts::{BLUE, Chart, Label, Rect, Table, count};
use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState};
use super::intel::with_reason;
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

/// Whether the form was sent: a reason field is present, even empty (an empty one is refused by the core).
pub fn asked(form: &FormState) -> bool {
    !form.fields.all("reason").is_empty()
}

fn keep(form: &mut FormState, refused: CoreError, fallback: &str, signed_in: &SignedIn) -> Result<(), HtmlError> {
    form.refused(refused, fallback).map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))
}

/// A row of the places found at a postcode.
struct PlaceRow {
    label: String,
    kind: &'static str,
    href: String,
}

#[derive(Template)]
#[template(path = "places.html")]
struct PlacesPage {
    chrome: Chrome,
    form: FormState,
    rows: Option<Vec<PlaceRow>>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// `GET /places?postcode=&reason=`: the places at a postcode or in a district.
pub async fn search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let mut form = FormState::new(fields, Vec::new());
    let paging = paging(&mut FieldErrors::new(), form.fields.one("cursor").map(str::to_owned).as_ref(), None);
    let (mut rows, mut next_href, mut first_href) = (None, None, None);
    if asked(&form) {
        let (postcode, reason) = (form.value("postcode").to_owned(), form.value("reason").trim().to_owned());
        match state.core.places_at(&signed_in.current.actor, &postcode, Some(&reason), &paging).await {
            Ok(page) => {
                let list = format!("/places?{}", with_reason(&reason, &[("postcode", &postcode)]));
                rows = Some(
                    page.items
                        .iter()
                        .map(|p| PlaceRow {
                            label: p.label(),
                            kind: p.kind.as_str(),
                            href: format!("/places/{}?{}", p.id, with_reason(&reason, &[])),
                        })
                        .collect(),
                );
                next_href = page.next.map(|c| format!("{list}&cursor={}", c.encode()));
                first_href = paging.after.map(|_| list);
            }
            Err(refused) => keep(&mut form, refused, "postcode", &signed_in)?,
        }
    }
    let title = if form.has_errors() { "Error: Places" } else { "Places" };
    let page = PlacesPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::None),
        form,
        rows,
        next_href,
        first_href,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// A child linked to a place or associate, one row per link.
struct LinkRow {
    when: String,
    name: String,
    href: String,
    role: &'static str,
    reliability: &'static str,
    evidence: String,
}

/// What a place's or associate's page shows once asked.
struct Subject {
    /// The place's or associate's id.
    id: String,
    title: String,
    facts: Vec<(&'static str, String)>,
    reason: String,
    months: Table,
    links: Vec<LinkRow>,
}

#[derive(Template)]
#[template(path = "linked.html")]
struct LinkedPage {
    chrome: Chrome,
    form: FormState,
    action: String,
    what: &'static str,
    shown: Option<Subject>,
    next_href: Option<String>,
    first_href: Option<String>,
    /// The police may record a child abduction warning notice served on an associate.
    records_notices: bool,
}

fn place_facts(place: &Place) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Kind", place.kind.as_str().to_owned())];
    if let Some(postcode) = &place.postcode {
        facts.push(("Postcode", postcode.to_string()));
    }
    if let Some(la) = &place.la_code {
        facts.push(("Local authority (ONS code)", la.clone()));
    }
    facts
}

fn associate_facts(associate: &Associate) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if let Some(age) = associate.approx_age {
        facts.push(("Approximate age", age.to_string()));
    }
    for (what, list) in
        [("Phones", &associate.phones), ("Vehicles", &associate.vehicles), ("Handles", &associate.handles)]
    {
        if !list.is_empty() {
            facts.push((what, list.join(", ")));
        }
    }
    if associate.adult_or_unknown() {
        facts.push(("Prompt", "An adult, or of an age nobody knows, with children who go missing".into()));
    }
    facts
}

fn subject<T>(
    view: &LinkedView<T>,
    id: String,
    title: String,
    facts: Vec<(&'static str, String)>,
    reason: &str,
) -> Subject {
    Subject {
        id,
        title,
        facts,
        reason: reason.to_owned(),
        months: Table {
            caption: "Episodes and people linked, every agency's, by month".into(),
            head: vec!["Month".into(), "Episodes".into(), "People".into()],
            rows: view.months.iter().map(|m| (m.month.clone(), vec![count(m.episodes), count(m.people)])).collect(),
        },
        links: view
            .links
            .items
            .iter()
            .map(|(l, p)| LinkRow {
                when: format_london(l.occurred_at),
                name: format!("{} {}", p.given_name, p.family_name),
                href: format!("/people/{}/network?{}", p.id, with_reason(reason, &[])),
                role: l.role.label(),
                reliability: l.reliability.as_str(),
                evidence: l.evidence.clone(),
            })
            .collect(),
    }
}

/// Which record a linked page is about.
enum Which {
    Place(PlaceId),
    Associate(AssociateId),
}

async fn linked_page(
    state: &AppState,
    signed_in: &SignedIn,
    which: Which,
    fields: Fields,
) -> Result<Response, HtmlError> {
    let mut form = FormState::new(fields, Vec::new());
    let paging = paging(&mut FieldErrors::new(), form.fields.one("cursor").map(str::to_owned).as_ref(), None);
    let (action, what) = match which {
        Which::Place(id) => (format!("/places/{id}"), "place"),
        Which::Associate(id) => (format!("/associates/{id}"), "associate"),
    };
    let (mut shown, mut next) = (None, None);
    if asked(&form) {
        let reason = form.value("reason").trim().to_owned();
        let actor = &signed_in.current.actor;
        let answer = match which {
            Which::Place(id) => state.core.place_view(actor, id, Some(&reason), &paging).await.map(|v| {
                next = v.links.next;
                subject(&v, id.to_string(), v.subject.label(), place_facts(&v.subject), &reason)
            }),
            Which::Associate(id) => state.core.associate_view(actor, id, Some(&reason), &paging).await.map(|v| {
                next = v.links.next;
                subject(&v, id.to_string(), v.subject.label(), associate_facts(&v.subject), &reason)
            }),
        };
        match answer {
            Ok(s) => shown = Some(s),
            Err(refused @ CoreError::Invalid(_)) => keep(&mut form, refused, "reason", signed_in)?,
            Err(other) => return Err(HtmlError::new(other, signed_in.request_id.clone())),
        }
    }
    let list = shown.as_ref().map(|s| format!("{action}?{}", with_reason(&s.reason, &[])));
    let title = match (&shown, form.has_errors()) {
        (_, true) => format!("Error: {what}"),
        (Some(s), _) => s.title.clone(),
        (None, _) => format!("Why are you looking at this {what}?"),
    };
    let page = LinkedPage {
        chrome: Chrome::signed_in(&state.assets, &title, signed_in, Nav::None),
        next_href: next.zip(list.clone()).map(|(c, list)| format!("{list}&cursor={}", c.encode())),
        first_href: paging.after.and(list),
        form,
        action,
        what,
        shown,
        records_notices: homeward_core::authz::may_at_all(
            &signed_in.current.actor,
            homeward_core::Action::RecordAbductionNotice,
        ),
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}

/// `GET /places/{id}?reason=`.
pub async fn place(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id(&id)?;
    linked_page(&state, &signed_in, Which::Place(id), fields).await
}

/// `GET /associates/{id}?reason=`.
pub async fn associate(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id(&id)?;
    linked_page(&state, &signed_in, Which::Associate(id), fields).await
}

#[derive(Template)]
#[template(path = "hotspots.html")]
struct HotspotsPage {
    chrome: Chrome,
    form: FormState,
    levels: Vec<Choice>,
    map: Option<Chart>,
    shown: Option<String>,
    /// Whether more had episodes than the map and table show.
    more: bool,
}

const MAP: f64 = 640.0;

/// The hotspots on a map drawn from their grid references (north up), each a square growing with its episodes, and
/// the same numbers in a table with the change from the period before.
fn map(hotspots: &Hotspots) -> Chart {
    let placed: Vec<(usize, (i32, i32))> =
        hotspots.rows.iter().enumerate().filter_map(|(i, r)| r.grid.map(|g| (i, g))).collect();
    let points = project(&placed.iter().map(|(_, g)| *g).collect::<Vec<_>>(), MAP, MAP, 40.0);
    let most = hotspots.rows.iter().map(|r| r.episodes).max().unwrap_or(0);
    let mut rects = Vec::new();
    let mut labels = Vec::new();
    for ((i, _), at) in placed.iter().zip(points) {
        let row = &hotspots.rows[*i];
        let side = marker(row.episodes, most, 6.0, 36.0);
        rects.push(Rect {
            x: format!("{:.1}", at.0 - side / 2.0),
            y: format!("{:.1}", at.1 - side / 2.0),
            width: format!("{side:.1}"),
            height: format!("{side:.1}"),
            fill: BLUE,
        });
        if *i < 10 {
            labels.push(Label {
                x: format!("{:.1}", at.0),
                y: format!("{:.1}", at.1 - side / 2.0 - 4.0),
                anchor: "middle",
                text: row.label.clone(),
            });
        }
    }
    if placed.is_empty() && !hotspots.rows.is_empty() {
        labels.push(Label {
            x: format!("{:.1}", MAP / 2.0),
            y: format!("{:.1}", MAP / 2.0),
            anchor: "middle",
            text: "No grid references to draw: load the ONS Postcode Directory (homeward geo import)".into(),
        });
    }
    let change = |now: u64, before: u64| match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("up {}", count(now - before)),
        std::cmp::Ordering::Less => format!("down {}", count(before - now)),
        std::cmp::Ordering::Equal => "no change".to_owned(),
    };
    Chart {
        id: "hotspots",
        title: format!(
            "Map of the {} {} with the most episodes, north up: the bigger the square, the more episodes",
            hotspots.rows.len(),
            level_words(hotspots.level)
        ),
        width: MAP as u32,
        height: MAP as u32,
        rects,
        lines: Vec::new(),
        labels,
        table: Table {
            caption: format!(
                "Episodes by {}, most first, with the change from the period before",
                level_word(hotspots.level)
            ),
            head: vec![level_word(hotspots.level).into(), "Episodes".into(), "Period before".into(), "Change".into()],
            rows: hotspots
                .rows
                .iter()
                .map(|r| {
                    (
                        r.label.clone(),
                        vec![count(r.episodes), count(r.episodes_before), change(r.episodes, r.episodes_before)],
                    )
                })
                .collect(),
        },
    }
}

fn level_word(level: HotspotLevel) -> &'static str {
    match level {
        HotspotLevel::Place => "Place",
        HotspotLevel::Sector => "Postcode sector",
        HotspotLevel::District => "Postcode district",
    }
}

fn level_words(level: HotspotLevel) -> &'static str {
    match level {
        HotspotLevel::Place => "places",
        HotspotLevel::Sector => "postcode sectors",
        HotspotLevel::District => "postcode districts",
    }
}

/// `GET /hotspots?from=&to=&level=&reason=`.
pub async fn hotspots(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let mut form = FormState::new(fields, Vec::new());
    let (mut chart, mut shown, mut more) = (None, None, false);
    if asked(&form) {
        let question = crate::api::intel::hotspot_question(
            Some(form.value("from")),
            Some(form.value("to")),
            Some(form.value("level")),
        );
        let reason = form.value("reason").trim().to_owned();
        let answer = match question {
            Ok((from, to, level)) => {
                state.core.hotspots(&signed_in.current.actor, level, from, to, Some(&reason)).await
            }
            Err(refused) => Err(refused),
        };
        match answer {
            Ok(h) => {
                shown = Some(format!("{} to {}", form.value("from"), form.value("to")));
                chart = Some(map(&h));
                more = h.more;
            }
            Err(refused @ CoreError::Invalid(_)) => keep(&mut form, refused, "reason", &signed_in)?,
            Err(other) => return Err(HtmlError::new(other, signed_in.request_id.clone())),
        }
    }
    let level = form.value("level").to_owned();
    let levels =
        [("district", "Postcode districts"), ("sector", "Postcode sectors"), ("place", "Places (coordinators only)")]
            .iter()
            .map(|(code, label)| Choice::new(code, label, level == *code || (level.is_empty() && *code == "district")))
            .collect();
    let title = if form.has_errors() { "Error: Hotspots" } else { "Hotspots" };
    let page = HotspotsPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::None),
        form,
        levels,
        map: chart,
        shown,
        more,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}
