//! Places and associates as records, their links to episodes and findings, and the questions asked of them: who is
//! linked to what, by month, and where episodes gather (hotspots).

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use homeward_core::domain::ids::{AgencyId, AssociateId, EpisodeId, IntelLinkId, PersonId, PlaceId};
use homeward_core::domain::intel::{
    Associate, Hotspot, HotspotLevel, IntelLink, LinkRole, Linked, MonthCount, Place, PlaceKind, Reliability,
    SourceKind,
};
use homeward_core::domain::paging::Paging;
use homeward_core::domain::person::Person;
use homeward_core::domain::text::{FreeText, Postcode};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{IntelLinkPaging, IntelTx};
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use super::reads::{bind_page, paged, paged_in};
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{int, optional_text, parsed, parsed_opt, text, timestamp};
use crate::value::{Value, json, query};
use crate::{rows, tables};

fn place(row: &impl Row) -> Result<Place, StoreError> {
    let easting = row.int("easting")?;
    let northing = row.int("northing")?;
    Ok(Place {
        id: parsed(row, "id", PlaceId::parse)?,
        kind: parsed(row, "kind", PlaceKind::parse)?,
        name: parsed_opt(row, "name", FreeText::parse)?,
        postcode: parsed_opt(row, "postcode", Postcode::parse)?,
        key: text(row, "resolve_key")?,
        grid: easting.zip(northing).map(|(e, n)| (e as i32, n as i32)),
        la_code: optional_text(row, "la_code")?,
        created_at: timestamp(row, "created_at")?,
    })
}

fn list(row: &impl Row, column: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(&text(row, column)?).map_err(|_| corrupt(column))
}

fn associate(row: &impl Row) -> Result<Associate, StoreError> {
    Ok(Associate {
        id: parsed(row, "id", AssociateId::parse)?,
        name: parsed_opt(row, "name", FreeText::parse)?,
        nickname: parsed_opt(row, "nickname", FreeText::parse)?,
        approx_age: row.int("approx_age")?.map(|age| age.clamp(0, 255) as u8),
        phones: list(row, "phones")?,
        vehicles: list(row, "vehicles")?,
        handles: list(row, "handles")?,
        created_at: timestamp(row, "created_at")?,
    })
}

fn intel_link(row: &impl Row) -> Result<IntelLink, StoreError> {
    let linked =
        match (parsed_opt(row, "place_id", PlaceId::parse)?, parsed_opt(row, "associate_id", AssociateId::parse)?) {
            (Some(place), None) => Linked::Place(place),
            (None, Some(associate)) => Linked::Associate(associate),
            _ => return Err(corrupt("place_id")),
        };
    Ok(IntelLink {
        id: parsed(row, "id", IntelLinkId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        episode_id: parsed(row, "episode_id", EpisodeId::parse)?,
        linked,
        role: parsed(row, "role", LinkRole::parse)?,
        reliability: parsed(row, "reliability", Reliability::parse)?,
        source_kind: parsed(row, "source_kind", SourceKind::parse)?,
        source_id: text(row, "source_id")?,
        evidence: text(row, "evidence")?,
        occurred_at: timestamp(row, "occurred_at")?,
        recorded_at: timestamp(row, "recorded_at")?,
        agency_id: parsed_opt(row, "agency_id", AgencyId::parse)?,
        flagged: row.flag("flagged")?.unwrap_or(false),
    })
}

fn keyed_count(row: &impl Row) -> Result<(String, u64), StoreError> {
    Ok((text(row, "k")?, int(row, "n")?.max(0) as u64))
}

/// The column of `places pc` that hotspots at this level are grouped by.
fn hotspot_column(level: HotspotLevel) -> &'static str {
    match level {
        HotspotLevel::Place => "l.place_id",
        HotspotLevel::Sector => "pc.sector",
        HotspotLevel::District => "pc.district",
    }
}

/// The condition under which link `l`'s episode is in scope, over the scope's share of episodes (computed once per
/// query, not per link), and the value for `$1`.
fn episodes_in<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let (condition, scope_id) = crate::scope::share::<D>(scope);
    (condition.replacen("e.id IN (", "l.episode_id IN (", 1), scope_id)
}

/// The column and value that pick the links to one place or associate.
fn linked_column(linked: Linked) -> (&'static str, String) {
    match linked {
        Linked::Place(id) => ("place_id", id.to_string()),
        Linked::Associate(id) => ("associate_id", id.to_string()),
    }
}

/// The ids of the places and the ids of the associates among these, each as a JSON array to bind.
pub(super) fn split_linked(linked: &[Linked]) -> (Value, Value) {
    let (mut places, mut associates) = (Vec::new(), Vec::new());
    for one in linked {
        match one {
            Linked::Place(id) => places.push(id.to_string()),
            Linked::Associate(id) => associates.push(id.to_string()),
        }
    }
    (json(&places), json(&associates))
}

fn ids_json<T: ToString>(ids: &[T]) -> Value {
    json(&ids.iter().map(ToString::to_string).collect::<Vec<_>>())
}

#[async_trait]
impl<D: Dialect> IntelTx for SqlTx<D> {
    async fn place_by_key(&mut self, key: &str) -> Result<Option<Place>, StoreError> {
        self.one(query!("SELECT * FROM places WHERE resolve_key = $1", key), place).await
    }

    async fn insert_place(&mut self, new: &Place) -> Result<Place, StoreError> {
        // Two returns filed at once at a new place: the second takes the first's record rather than failing.
        self.insert_with(tables::places(std::slice::from_ref(new)), " ON CONFLICT (resolve_key) DO NOTHING").await?;
        let held = self.one(query!("SELECT * FROM places WHERE resolve_key = $1", new.key.as_str()), place).await?;
        held.ok_or_else(|| corrupt("resolve_key"))
    }

    async fn places_with_ids(&mut self, ids: &[PlaceId]) -> Result<Vec<Place>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT * FROM places WHERE id IN ({}) ORDER BY id", D::json_texts(1));
        self.all(query!(sql, ids_json(ids)), place).await
    }

    async fn places_at(
        &mut self,
        postcode_or_district: &str,
        scope: Scope,
        paging: &Paging<Timestamp, PlaceId>,
    ) -> Result<Vec<Place>, StoreError> {
        let column = if postcode_or_district.contains(' ') { "postcode" } else { "district" };
        let (sees, scope_id) = episodes_in::<D>(scope);
        let page = paged::<D>(true, 3, "pc.created_at", "pc.id");
        let sql = format!(
            "SELECT pc.* FROM places pc WHERE pc.{column} = $2 \
             AND EXISTS (SELECT 1 FROM intel_links l WHERE l.place_id = pc.id AND {sees}){page}"
        );
        self.all(bind_page(query!(sql, scope_id, postcode_or_district), Some(paging)), place).await
    }

    async fn associates_by_keys(&mut self, keys: &[String]) -> Result<Vec<(String, Associate)>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT k.resolve_key AS found_by, a.* FROM associate_keys k JOIN associates a ON a.id = k.associate_id \
             WHERE k.resolve_key IN ({}) ORDER BY a.created_at, a.id",
            D::json_texts(1)
        );
        self.all(query!(sql, json(&keys)), |row: &D::Row| Ok((text(row, "found_by")?, associate(row)?))).await
    }

    async fn save_associate(&mut self, saved: &Associate, keys: &[String]) -> Result<(), StoreError> {
        let held =
            self.one(query!("SELECT id FROM associates WHERE id = $1", saved.id), |row: &D::Row| text(row, "id"));
        if held.await?.is_some() {
            self.save(tables::associates(std::slice::from_ref(saved))).await?;
        } else {
            self.insert(tables::associates(std::slice::from_ref(saved))).await?;
        }
        let filed: Vec<(String, AssociateId)> = keys.iter().map(|k| (k.clone(), saved.id)).collect();
        let sql = format!(
            "INSERT INTO associate_keys (resolve_key, associate_id) SELECT a, b FROM ({}) AS pairs WHERE TRUE \
             ON CONFLICT (resolve_key) DO NOTHING",
            D::json_pairs(1)
        );
        let pairs: Vec<[String; 2]> = filed.iter().map(|(k, id)| [k.clone(), id.to_string()]).collect();
        self.run(query!(sql, json(&pairs))).await?;
        Ok(())
    }

    async fn associates_with_ids(&mut self, ids: &[AssociateId]) -> Result<Vec<Associate>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT * FROM associates WHERE id IN ({}) ORDER BY id", D::json_texts(1));
        self.all(query!(sql, ids_json(ids)), associate).await
    }

    async fn replace_intel_links(
        &mut self,
        source_kind: SourceKind,
        source_id: &str,
        links: &[IntelLink],
    ) -> Result<(), StoreError> {
        let sql = "DELETE FROM intel_links WHERE source_kind = $1 AND source_id = $2";
        self.run(query!(sql, source_kind.as_str(), source_id)).await?;
        self.insert(tables::intel_links(links)).await
    }

    async fn links_of_people(&mut self, people: &[PersonId], scope: Scope) -> Result<Vec<IntelLink>, StoreError> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let (sees, scope_id) = episodes_in::<D>(scope);
        let sql = format!(
            "SELECT l.* FROM intel_links l WHERE l.person_id IN ({}) AND {sees} ORDER BY l.occurred_at, l.id",
            D::json_texts(2)
        );
        self.all(query!(sql, scope_id, ids_json(people)), intel_link).await
    }

    async fn links_to(
        &mut self,
        linked: &[Linked],
        scope: Scope,
        limit: u32,
    ) -> Result<Vec<(IntelLink, bool)>, StoreError> {
        let (places, associates) = split_linked(linked);
        let (sees, scope_id) = episodes_in::<D>(scope);
        // Each branch its own index's range, newest first; the two merged and cut to the limit, each link told
        // whether its episode is within scope (the scope's share computed once for the query).
        let sql = format!(
            "SELECT l.*, CASE WHEN {sees} THEN 1 ELSE 0 END AS seen FROM (SELECT * FROM intel_links WHERE place_id \
             IN ({}) UNION ALL SELECT * FROM intel_links WHERE associate_id IN ({})) AS l \
             ORDER BY l.occurred_at DESC, l.id DESC LIMIT $4",
            D::json_texts(2),
            D::json_texts(3)
        );
        let found = query!(sql, scope_id, places, associates, i64::from(limit));
        self.all(found, |row: &D::Row| Ok((intel_link(row)?, int(row, "seen")? == 1))).await
    }

    async fn linked_in_scope(&mut self, linked: &[Linked], scope: Scope) -> Result<Vec<Linked>, StoreError> {
        if linked.is_empty() {
            return Ok(Vec::new());
        }
        let (places, associates) = split_linked(linked);
        let (sees, scope_id) = episodes_in::<D>(scope);
        let sql = format!(
            "SELECT DISTINCT l.place_id, l.associate_id FROM (SELECT * FROM intel_links WHERE place_id IN ({}) \
             UNION ALL SELECT * FROM intel_links WHERE associate_id IN ({})) AS l WHERE {sees}",
            D::json_texts(2),
            D::json_texts(3)
        );
        let held: BTreeSet<Linked> = self
            .all(query!(sql, scope_id, places, associates), |row: &D::Row| {
                match (
                    parsed_opt(row, "place_id", PlaceId::parse)?,
                    parsed_opt(row, "associate_id", AssociateId::parse)?,
                ) {
                    (Some(place), _) => Ok(Linked::Place(place)),
                    (None, Some(associate)) => Ok(Linked::Associate(associate)),
                    (None, None) => Err(corrupt("place_id")),
                }
            })
            .await?
            .into_iter()
            .collect();
        Ok(linked.iter().copied().filter(|l| held.contains(l)).collect())
    }

    async fn links_to_in_scope(
        &mut self,
        linked: Linked,
        scope: Scope,
        paging: &IntelLinkPaging,
    ) -> Result<Vec<IntelLink>, StoreError> {
        let (sees, scope_id) = episodes_in::<D>(scope);
        let (column, id) = linked_column(linked);
        let page = paged_in::<D>(true, 3, "l.occurred_at", "l.id", true);
        let sql = format!("SELECT l.* FROM intel_links l WHERE l.{column} = $2 AND {sees}{page}");
        self.all(bind_page(query!(sql, scope_id, id), Some(paging)), intel_link).await
    }

    async fn link_months(&mut self, linked: Linked) -> Result<Vec<MonthCount>, StoreError> {
        let (column, id) = linked_column(linked);
        let sql = format!("SELECT occurred_at, person_id, episode_id FROM intel_links WHERE {column} = $1");
        let rows = self
            .all(query!(sql, id), |row: &D::Row| {
                Ok((timestamp(row, "occurred_at")?, text(row, "person_id")?, text(row, "episode_id")?))
            })
            .await?;
        let mut months: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
        for (at, person, episode) in rows {
            let month = homeward_core::domain::time::london(at);
            let entry = months.entry(format!("{:04}-{:02}", month.year(), u8::from(month.month()))).or_default();
            entry.0.insert(episode);
            entry.1.insert(person);
        }
        Ok(months
            .into_iter()
            .map(|(month, (episodes, people))| MonthCount {
                month,
                episodes: episodes.len() as u64,
                people: people.len() as u64,
            })
            .collect())
    }

    async fn people_in_scope(&mut self, people: &[PersonId], scope: Scope) -> Result<Vec<Person>, StoreError> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let (sees, scope_id) = crate::scope::person::<D>(scope);
        let sql = format!("SELECT p.* FROM people p WHERE p.id IN ({}) AND {sees} ORDER BY p.id", D::json_texts(2));
        self.all(query!(sql, scope_id, ids_json(people)), rows::person).await
    }

    async fn hotspots(
        &mut self,
        scope: Scope,
        level: HotspotLevel,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<Vec<Hotspot>, StoreError> {
        let (sees, scope_id) = episodes_in::<D>(scope);
        let key = hotspot_column(level);
        // Places are counted from the links alone (the caller reads their names and grid references); sectors and
        // districts need the places, and take the mean of their grid references.
        let (grid, join) = if level == HotspotLevel::Place {
            ("NULL AS e, NULL AS g", "")
        } else {
            (
                "CAST(AVG(pc.easting) AS INTEGER) AS e, CAST(AVG(pc.northing) AS INTEGER) AS g",
                " JOIN places pc ON pc.id = l.place_id",
            )
        };
        let sql = format!(
            "SELECT {key} AS k, COUNT(DISTINCT l.episode_id) AS n, {grid} FROM intel_links l{join} \
             WHERE l.occurred_at >= $2 AND l.occurred_at < $3 AND {key} IS NOT NULL AND {sees} \
             GROUP BY {key} ORDER BY n DESC, k LIMIT $4"
        );
        self.all(query!(sql, scope_id, from, to, i64::from(limit)), |row: &D::Row| {
            let (key, episodes) = keyed_count(row)?;
            let grid = row.int("e")?.zip(row.int("g")?).map(|(e, n)| (e as i32, n as i32));
            Ok(Hotspot { label: key.clone(), key, episodes, episodes_before: 0, grid })
        })
        .await
    }

    async fn hotspot_counts(
        &mut self,
        scope: Scope,
        level: HotspotLevel,
        keys: &[String],
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let (sees, scope_id) = episodes_in::<D>(scope);
        let key = hotspot_column(level);
        let join = if level == HotspotLevel::Place { "" } else { " JOIN places pc ON pc.id = l.place_id" };
        let sql = format!(
            "SELECT {key} AS k, COUNT(DISTINCT l.episode_id) AS n FROM intel_links l{join} \
             WHERE l.occurred_at >= $2 AND l.occurred_at < $3 AND {key} IN ({}) AND {sees} GROUP BY {key}",
            D::json_texts(4)
        );
        self.all(query!(sql, scope_id, from, to, json(&keys)), keyed_count).await
    }

    async fn regrid_places(&mut self) -> Result<u64, StoreError> {
        let of = |column: &str| format!("(SELECT d.{column} FROM postcodes d WHERE d.postcode = places.postcode)");
        let sql = format!(
            "UPDATE places SET easting = {}, northing = {}, la_code = {} WHERE postcode IS NOT NULL",
            of("easting"),
            of("northing"),
            of("la_code")
        );
        self.run(query!(sql)).await
    }

    async fn flagged_people(&mut self, people: &[PersonId]) -> Result<Vec<PersonId>, StoreError> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT person_id FROM intel_links WHERE flagged AND person_id IN ({}) ORDER BY person_id",
            D::json_texts(1)
        );
        self.all(query!(sql, ids_json(people)), |row: &D::Row| parsed(row, "person_id", PersonId::parse)).await
    }

    async fn intel_backfill(&mut self) -> Result<Option<String>, StoreError> {
        let sql = "SELECT after FROM intel_backfill WHERE id = 1";
        Ok(self.one(query!(sql), |row: &D::Row| row.text("after")).await?.flatten())
    }

    async fn set_intel_backfill(&mut self, after: Option<&str>) -> Result<(), StoreError> {
        self.run(query!("UPDATE intel_backfill SET after = $1 WHERE id = 1", after)).await.map(drop)
    }

    async fn episode_ids_after(&mut self, after: &str, limit: u32) -> Result<Vec<EpisodeId>, StoreError> {
        let sql = "SELECT id FROM episodes WHERE id > $1 ORDER BY id LIMIT $2";
        self.all(query!(sql, after, i64::from(limit)), |row: &D::Row| parsed(row, "id", EpisodeId::parse)).await
    }
}
