//! What the intelligence questions answer, as the API shows it: places, associates, links, networks and hotspots.

use homeward_core::domain::intel::{Associate, IntelLink, Linked, MonthCount, Place};
use homeward_core::services::intel::{Hotspots, LinkedView, Network};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::{Page, PersonView, ts};

/// A place: a postcode, or a named place at one.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceView {
    #[schema(format = "uuid")]
    pub id: String,
    /// `postcode`, `address`, `station`, `shop`, `hotel`, `park` or `other`.
    #[schema(value_type = homeward_core::domain::intel::PlaceKind)]
    pub kind: &'static str,
    pub name: Option<String>,
    pub postcode: Option<String>,
    /// British National Grid easting and northing in metres, from the ONS Postcode Directory.
    pub easting: Option<i32>,
    pub northing: Option<i32>,
    /// The ONS code of the local authority whose area holds it.
    pub la_code: Option<String>,
    pub label: String,
}

impl From<&Place> for PlaceView {
    fn from(p: &Place) -> Self {
        Self {
            id: p.id.to_string(),
            kind: p.kind.as_str(),
            name: p.name.as_ref().map(ToString::to_string),
            postcode: p.postcode.as_ref().map(ToString::to_string),
            easting: p.grid.map(|g| g.0),
            northing: p.grid.map(|g| g.1),
            la_code: p.la_code.clone(),
            label: p.label(),
        }
    }
}

/// An associate: whatever is known of someone a missing person was with.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssociateView {
    #[schema(format = "uuid")]
    pub id: String,
    pub name: Option<String>,
    pub nickname: Option<String>,
    pub approx_age: Option<u8>,
    pub phones: Vec<String>,
    pub vehicles: Vec<String>,
    pub handles: Vec<String>,
    pub label: String,
    /// An adult, or of an age nobody knows: a prompt when a child was with them.
    pub adult_or_unknown: bool,
}

impl From<&Associate> for AssociateView {
    fn from(a: &Associate) -> Self {
        Self {
            id: a.id.to_string(),
            name: a.name.as_ref().map(ToString::to_string),
            nickname: a.nickname.as_ref().map(ToString::to_string),
            approx_age: a.approx_age,
            phones: a.phones.clone(),
            vehicles: a.vehicles.clone(),
            handles: a.handles.clone(),
            label: a.label(),
            adult_or_unknown: a.adult_or_unknown(),
        }
    }
}

/// One link between an episode and a place or associate.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntelLinkView {
    #[schema(format = "uuid")]
    pub id: String,
    #[schema(format = "uuid")]
    pub person_id: String,
    #[schema(format = "uuid")]
    pub episode_id: String,
    #[schema(format = "uuid")]
    pub place_id: Option<String>,
    #[schema(format = "uuid")]
    pub associate_id: Option<String>,
    /// `found_at`, `stayed_at`, `went_to`, `was_with`, `travelled_with` or `gave_money_or_gifts`.
    #[schema(value_type = homeward_core::domain::intel::LinkRole)]
    pub role: &'static str,
    /// `confirmed`, `tentative` or `unverified`.
    #[schema(value_type = homeward_core::domain::intel::Reliability)]
    pub reliability: &'static str,
    /// `return` or `return_interview`, and that record's id.
    #[schema(value_type = homeward_core::domain::intel::SourceKind)]
    pub source_kind: &'static str,
    #[schema(format = "uuid")]
    pub source_id: String,
    /// Why it was resolved to this place or associate.
    pub evidence: String,
    #[schema(format = DateTime)]
    pub occurred_at: String,
}

impl From<&IntelLink> for IntelLinkView {
    fn from(l: &IntelLink) -> Self {
        let (place_id, associate_id) = match l.linked {
            Linked::Place(id) => (Some(id.to_string()), None),
            Linked::Associate(id) => (None, Some(id.to_string())),
        };
        Self {
            id: l.id.to_string(),
            person_id: l.person_id.to_string(),
            episode_id: l.episode_id.to_string(),
            place_id,
            associate_id,
            role: l.role.as_str(),
            reliability: l.reliability.as_str(),
            source_kind: l.source_kind.as_str(),
            source_id: l.source_id.clone(),
            evidence: l.evidence.clone(),
            occurred_at: ts(l.occurred_at),
        }
    }
}

/// Episodes and people linked in one month, every agency's together.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    pub episodes: u64,
    pub people: u64,
}

impl From<&MonthCount> for MonthView {
    fn from(m: &MonthCount) -> Self {
        Self { month: m.month.clone(), episodes: m.episodes, people: m.people }
    }
}

/// A link with the person it is of.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonLinkView {
    pub link: IntelLinkView,
    pub person: PersonView,
}

/// A place or associate with its episodes by month and a page of the links of people the caller sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedAnswer<T> {
    pub subject: T,
    pub months: Vec<MonthView>,
    pub links: Page<PersonLinkView>,
}

pub(super) fn linked_answer<S, T>(view: &LinkedView<S>, subject: impl Fn(&S) -> T) -> LinkedAnswer<T> {
    LinkedAnswer {
        subject: subject(&view.subject),
        months: view.months.iter().map(MonthView::from).collect(),
        links: Page::of(&view.links, |(l, p)| PersonLinkView { link: l.into(), person: p.into() }),
    }
}

/// Another person in a network.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkPersonView {
    pub person: PersonView,
    /// 1: shares a place or associate with the person; 2: with someone who does.
    pub step: u8,
    /// The ids of the places and associates they are linked through.
    pub via: Vec<String>,
}

/// A person's places and associates, and the people linked to them.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkView {
    pub person: PersonView,
    pub steps: u8,
    /// The person's own links, oldest first: their timeline.
    pub links: Vec<IntelLinkView>,
    pub places: Vec<PlaceView>,
    pub associates: Vec<AssociateView>,
    pub people: Vec<NetworkPersonView>,
    /// People linked whom the caller's agency does not see: counted, never named.
    pub unseen: u64,
    /// People the caller sees beyond the 100 named at a step.
    pub not_shown: u64,
    /// Whether a busy place's links were cut at 1,000 a step.
    pub cut: bool,
}

fn linked_id(linked: Linked) -> String {
    match linked {
        Linked::Place(id) => id.to_string(),
        Linked::Associate(id) => id.to_string(),
    }
}

impl From<&Network> for NetworkView {
    fn from(n: &Network) -> Self {
        Self {
            person: (&n.person).into(),
            steps: n.steps,
            links: n.links.iter().map(IntelLinkView::from).collect(),
            places: n.places.iter().map(PlaceView::from).collect(),
            associates: n.associates.iter().map(AssociateView::from).collect(),
            people: n
                .people
                .iter()
                .map(|p| NetworkPersonView {
                    person: (&p.person).into(),
                    step: p.step,
                    via: p.via.iter().copied().map(linked_id).collect(),
                })
                .collect(),
            unseen: n.unseen,
            not_shown: n.not_shown,
            cut: n.cut,
        }
    }
}

/// One hotspot.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotView {
    /// The place's id, or the postcode sector or district.
    pub key: String,
    pub label: String,
    pub episodes: u64,
    /// In the period of the same length just before.
    pub episodes_before: u64,
    pub change: i64,
    pub easting: Option<i32>,
    pub northing: Option<i32>,
}

/// Hotspots in a period, most episodes first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotsView {
    /// `place`, `sector` or `district`.
    #[schema(value_type = homeward_core::domain::intel::HotspotLevel)]
    pub level: &'static str,
    pub from: String,
    pub to: String,
    pub before_from: String,
    /// The 50 with the most episodes, most first.
    pub hotspots: Vec<HotspotView>,
    /// Whether more had episodes in the period than the 50 shown.
    pub more: bool,
}

impl From<&Hotspots> for HotspotsView {
    fn from(h: &Hotspots) -> Self {
        Self {
            level: h.level.as_str(),
            from: ts(h.from),
            to: ts(h.to),
            before_from: ts(h.before_from),
            hotspots: h
                .rows
                .iter()
                .map(|r| HotspotView {
                    key: r.key.clone(),
                    label: r.label.clone(),
                    episodes: r.episodes,
                    episodes_before: r.episodes_before,
                    change: r.episodes as i64 - r.episodes_before as i64,
                    easting: r.grid.map(|g| g.0),
                    northing: r.grid.map(|g| g.1),
                })
                .collect(),
            more: h.more,
        }
    }
}
