//! Places and people as records (issue 15): the places and associates named across episodes and interviews, each
//! resolved into one record however many times it is named, and linked to the episodes that named it by role, with
//! the source and how reliable it is.

use super::code_enum;
use super::ids::{AgencyId, AssociateId, EpisodeId, IntelLinkId, PersonId, PlaceId};
use super::paging::{Page, Paging};
use super::text::{FreeText, Postcode};
use super::time::Timestamp;

code_enum! {
    /// What kind of place it is.
    pub enum PlaceKind {
        Postcode => "postcode",
        Address => "address",
        Station => "station",
        Shop => "shop",
        Hotel => "hotel",
        Park => "park",
        Other => "other",
    }
}

code_enum! {
    /// How a place or an associate comes into an episode.
    pub enum LinkRole {
        FoundAt => "found_at",
        StayedAt => "stayed_at",
        WentTo => "went_to",
        WasWith => "was_with",
        TravelledWith => "travelled_with",
        GaveMoneyOrGifts => "gave_money_or_gifts",
    }
}

impl LinkRole {
    /// Whether the role links a place (found at, stayed at, went to) rather than an associate.
    pub fn is_place(self) -> bool {
        matches!(self, LinkRole::FoundAt | LinkRole::StayedAt | LinkRole::WentTo)
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkRole::FoundAt => "Found at",
            LinkRole::StayedAt => "Stayed at",
            LinkRole::WentTo => "Went to",
            LinkRole::WasWith => "Was with",
            LinkRole::TravelledWith => "Travelled with",
            LinkRole::GaveMoneyOrGifts => "Gave money or gifts",
        }
    }
}

code_enum! {
    /// How far a link can be relied on.
    pub enum Reliability {
        Unverified => "unverified",
        Tentative => "tentative",
        Confirmed => "confirmed",
    }
}

code_enum! {
    /// The kind of record a link came from.
    pub enum SourceKind {
        /// The return: where the police or a carer found the person.
        Return => "return",
        /// The return home interview's findings: what the child told.
        Interview => "return_interview",
    }
}

/// A place: a postcode, or a named place at one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub id: PlaceId,
    pub kind: PlaceKind,
    pub name: Option<FreeText>,
    pub postcode: Option<Postcode>,
    /// What the place is resolved by: its postcode and normalised name (`rules::intel::place_key`).
    pub key: String,
    /// Its grid reference (metres east and north) and local authority, from the ONS Postcode Directory.
    pub grid: Option<(i32, i32)>,
    pub la_code: Option<String>,
    pub created_at: Timestamp,
}

impl Place {
    /// The place in a few words: its name and postcode.
    pub fn label(&self) -> String {
        match (&self.name, &self.postcode) {
            (Some(name), Some(postcode)) => format!("{}, {postcode}", name.as_str()),
            (Some(name), None) => name.as_str().to_owned(),
            (None, Some(postcode)) => postcode.to_string(),
            (None, None) => "Unnamed place".to_owned(),
        }
    }
}

/// An associate: whatever is known of someone a missing person was with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Associate {
    pub id: AssociateId,
    pub name: Option<FreeText>,
    pub nickname: Option<FreeText>,
    pub approx_age: Option<u8>,
    pub phones: Vec<String>,
    pub vehicles: Vec<String>,
    pub handles: Vec<String>,
    pub created_at: Timestamp,
}

impl Associate {
    /// The associate in a few words: name, nickname, or the first identifier known.
    pub fn label(&self) -> String {
        match (&self.name, &self.nickname) {
            (Some(name), Some(nick)) => format!("{} (\u{201c}{}\u{201d})", name.as_str(), nick.as_str()),
            (Some(name), None) => name.as_str().to_owned(),
            (None, Some(nick)) => format!("\u{201c}{}\u{201d}", nick.as_str()),
            (None, None) => self
                .phones
                .first()
                .or(self.vehicles.first())
                .or(self.handles.first())
                .map_or_else(|| "Unnamed associate".to_owned(), |id| format!("Known by {id}")),
        }
    }

    /// Whether the associate is an adult, or of an age nobody knows: a prompt when a child was with them.
    pub fn adult_or_unknown(&self) -> bool {
        self.approx_age.is_none_or(|age| age >= 18)
    }
}

/// What a link joins an episode to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Linked {
    Place(PlaceId),
    Associate(AssociateId),
}

/// One link between a person's episode and a place or associate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntelLink {
    pub id: IntelLinkId,
    pub person_id: PersonId,
    pub episode_id: EpisodeId,
    pub linked: Linked,
    pub role: LinkRole,
    pub reliability: Reliability,
    pub source_kind: SourceKind,
    /// The id of the record it came from (the episode for a return, the interview for findings).
    pub source_id: String,
    /// Why it was resolved to this place or associate: "new", "same postcode and name", "same phone".
    pub evidence: String,
    /// When it happened: the episode's start.
    pub occurred_at: Timestamp,
    pub recorded_at: Timestamp,
    /// The agency whose record it came from.
    pub agency_id: Option<AgencyId>,
    /// Whether the source interview found signs of sexual or criminal exploitation.
    pub flagged: bool,
}

/// A mention of an associate in a record, before it is resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mention {
    pub name: Option<FreeText>,
    pub nickname: Option<FreeText>,
    pub approx_age: Option<u8>,
    pub phone: Option<String>,
    pub vehicle: Option<String>,
    pub handle: Option<String>,
}

/// Which page of places to read, in the order of their keys.
pub type PlacePaging = Paging<Timestamp, PlaceId>;
/// A page of places.
pub type PlacePage = Page<Place, Timestamp, PlaceId>;

code_enum! {
    /// The level hotspots are ranked at.
    pub enum HotspotLevel {
        Place => "place",
        Sector => "sector",
        District => "district",
    }
}

/// One row of the hotspots: a place, postcode sector or district, with its episodes in the period and the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hotspot {
    /// The place's id, or the sector or district itself.
    pub key: String,
    pub label: String,
    pub episodes: u64,
    pub episodes_before: u64,
    pub grid: Option<(i32, i32)>,
}

/// A count of links by month, for a place's or associate's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub episodes: u64,
    pub people: u64,
}
