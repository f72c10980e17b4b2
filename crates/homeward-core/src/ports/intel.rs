//! Intelligence's part of a transaction: places and associates as records, their links to episodes and findings,
//! and contexts (issue 15).

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::ids::{AssociateId, EpisodeId, IntelLinkId, PersonId, PlaceId};
use crate::domain::intel::{Associate, Hotspot, HotspotLevel, IntelLink, Linked, MonthCount, Place, SourceKind};
use crate::domain::paging::Paging;
use crate::domain::person::Person;
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Which page of links to read: newest first.
pub type IntelLinkPaging = Paging<Timestamp, IntelLinkId>;

/// Places, associates and their links.
#[async_trait]
pub trait IntelTx: Send {
    /// The place resolved by this key, if one is held.
    async fn place_by_key(&mut self, key: &str) -> Result<Option<Place>, StoreError>;
    /// Records a new place, answering the one held under its key (another's, when two were filed at once).
    async fn insert_place(&mut self, place: &Place) -> Result<Place, StoreError>;
    async fn places_with_ids(&mut self, ids: &[PlaceId]) -> Result<Vec<Place>, StoreError>;
    /// Places at a postcode (`DH1 3AB`) or in a district (`DH1`) linked to an episode within scope, oldest first.
    async fn places_at(
        &mut self,
        postcode_or_district: &str,
        scope: Scope,
        paging: &Paging<Timestamp, PlaceId>,
    ) -> Result<Vec<Place>, StoreError>;
    /// The associates filed under any of these keys, with the key each was found by, oldest associate first.
    async fn associates_by_keys(&mut self, keys: &[String]) -> Result<Vec<(String, Associate)>, StoreError>;
    /// Inserts or updates an associate and files it under these keys (a key already filed stays where it is).
    async fn save_associate(&mut self, associate: &Associate, keys: &[String]) -> Result<(), StoreError>;
    async fn associates_with_ids(&mut self, ids: &[AssociateId]) -> Result<Vec<Associate>, StoreError>;
    /// Replaces every link that came from this source record with these.
    async fn replace_intel_links(
        &mut self,
        source_kind: SourceKind,
        source_id: &str,
        links: &[IntelLink],
    ) -> Result<(), StoreError>;
    /// Every link of these people from episodes within scope, oldest first.
    async fn links_of_people(&mut self, people: &[PersonId], scope: Scope) -> Result<Vec<IntelLink>, StoreError>;
    /// Links to these places and associates, newest first, at most `limit`, whoever's they are: each with whether
    /// its episode is within scope, for the caller to name only those and count the rest.
    async fn links_to(
        &mut self,
        linked: &[Linked],
        scope: Scope,
        limit: u32,
    ) -> Result<Vec<(IntelLink, bool)>, StoreError>;
    /// Of these places and associates, those with a link from an episode within scope.
    async fn linked_in_scope(&mut self, linked: &[Linked], scope: Scope) -> Result<Vec<Linked>, StoreError>;
    /// A page of the links to one place or associate from episodes within scope, newest first.
    async fn links_to_in_scope(
        &mut self,
        linked: Linked,
        scope: Scope,
        paging: &IntelLinkPaging,
    ) -> Result<Vec<IntelLink>, StoreError>;
    /// Episodes and people linked to a place or associate by month, every agency's together: counts, no names.
    async fn link_months(&mut self, linked: Linked) -> Result<Vec<MonthCount>, StoreError>;
    /// Of these people, those within scope.
    async fn people_in_scope(&mut self, people: &[PersonId], scope: Scope) -> Result<Vec<Person>, StoreError>;
    /// Episodes linked to a place in `[from, to)` by place, sector or district, for episodes of people in scope,
    /// most first, at most `limit`: each with its key as its label, the count, the mean grid reference of its
    /// places and no count before (the caller asks [`IntelTx::hotspot_counts`]).
    async fn hotspots(
        &mut self,
        scope: Scope,
        level: HotspotLevel,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<Hotspot>, StoreError>;
    /// The same count for the keys given, in `[from, to)`: the period before, for the change.
    async fn hotspot_counts(
        &mut self,
        scope: Scope,
        level: HotspotLevel,
        keys: &[String],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(String, u64)>, StoreError>;
    /// Gives every place with a postcode the grid reference and local authority the postcode directory now holds
    /// for it (none where it holds none): after the directory is replaced.
    async fn regrid_places(&mut self) -> Result<u64, StoreError>;
    /// Of these people, those whose interviews found signs of sexual or criminal exploitation.
    async fn flagged_people(&mut self, people: &[PersonId]) -> Result<Vec<PersonId>, StoreError>;
    /// Where filing the intelligence of episodes recorded before it existed has got to: the last episode filed
    /// (`""` before the first), or none once every one is.
    async fn intel_backfill(&mut self) -> Result<Option<String>, StoreError>;
    async fn set_intel_backfill(&mut self, after: Option<&str>) -> Result<(), StoreError>;
    /// The next episodes after `after` (by id as text), at most `limit`.
    async fn episode_ids_after(&mut self, after: &str, limit: u32) -> Result<Vec<EpisodeId>, StoreError>;
}
