//! Linkage's reads and writes: every person's identifying fields, and the proposed links between people with
//! their review. A proposal's pair is unique, so a second run's inserts of the same pairs do nothing.

use async_trait::async_trait;
use homeward_core::domain::ids::{LinkProposalId, PersonId};
use homeward_core::domain::link::{LinkPaging, LinkProposal, LinkStatus, LinkagePerson};
use homeward_core::domain::person::Person;
use homeward_core::ports::LinkTx;
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use super::reads::{bind_page, paged};
use crate::dialect::{Dialect, Row};
use crate::value::query;
use crate::{rows, tables};

#[async_trait]
impl<D: Dialect> LinkTx for SqlTx<D> {
    async fn linkage_people(&mut self) -> Result<Vec<LinkagePerson>, StoreError> {
        let sql = "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, pl.postcode FROM people p \
                   LEFT JOIN placements pl ON pl.person_id = p.id AND pl.ended_on IS NULL ORDER BY p.id";
        self.all(query!(sql), rows::linkage_person).await
    }

    async fn insert_link_proposals(&mut self, proposals: &[LinkProposal]) -> Result<u64, StoreError> {
        let suffix = " ON CONFLICT (person_l, person_r) DO NOTHING";
        self.insert_with(tables::link_proposals(proposals), suffix).await
    }

    async fn link_proposal(&mut self, id: LinkProposalId) -> Result<Option<LinkProposal>, StoreError> {
        self.one(query!("SELECT * FROM person_link_proposals WHERE id = $1", id), rows::link_proposal).await
    }

    async fn link_proposals(
        &mut self,
        scope: Scope,
        status: LinkStatus,
        paging: &LinkPaging,
    ) -> Result<Vec<LinkProposal>, StoreError> {
        let (sees, scope_id) = crate::scope::person::<D>(scope);
        let page = paged::<D>(true, 3, "lp.proposed_at", "lp.id");
        let sql = format!(
            "SELECT lp.* FROM person_link_proposals lp WHERE lp.status = $2 \
             AND EXISTS (SELECT 1 FROM people p WHERE p.id = lp.person_l AND {sees}) \
             AND EXISTS (SELECT 1 FROM people p WHERE p.id = lp.person_r AND {sees}){page}"
        );
        self.all(bind_page(query!(sql, scope_id, status.as_str()), Some(paging)), rows::link_proposal).await
    }

    async fn update_link_proposal(&mut self, proposal: &LinkProposal, from: LinkStatus) -> Result<bool, StoreError> {
        // Conditional on the status read, so two decisions at once cannot both pass the check on PostgreSQL, whose
        // transactions do not hold what they read (SQLite's single writer already serialises them).
        let sql = "UPDATE person_link_proposals SET status = $1, decided_by = $2, decided_at = $3, reason = $4 \
                   WHERE id = $5 AND status = $6";
        let reason = proposal.reason.as_ref().map(|r| r.as_str().to_owned());
        let query = query!(
            sql,
            proposal.status.as_str(),
            proposal.decided_by,
            proposal.decided_at,
            reason,
            proposal.id,
            from.as_str()
        );
        Ok(self.run(query).await? == 1)
    }

    async fn linked_people(&mut self, person: PersonId) -> Result<Vec<PersonId>, StoreError> {
        // UNION, not UNION ALL: a record reached twice (links round a loop) is walked once, so the walk ends.
        let sql = "WITH RECURSIVE linked (id) AS ( \
                     SELECT CAST($1 AS TEXT) \
                     UNION SELECT CASE WHEN lp.person_l = l.id THEN lp.person_r ELSE lp.person_l END \
                     FROM linked l JOIN person_link_proposals lp ON (lp.person_l = l.id OR lp.person_r = l.id) \
                     WHERE lp.status = $2) \
                   SELECT id FROM linked WHERE id <> $1 ORDER BY id";
        self.all(query!(sql, person, LinkStatus::Confirmed.as_str()), |row: &D::Row| {
            row.parsed("id", PersonId::parse)?.ok_or_else(|| crate::dialect::corrupt("id"))
        })
        .await
    }

    async fn set_canonical(&mut self, people: &[(PersonId, Option<PersonId>)]) -> Result<(), StoreError> {
        for (person, canonical) in people {
            self.run(query!("DELETE FROM person_canonical WHERE person_id = $1", *person)).await?;
            if let Some(canonical) = canonical {
                let sql = "INSERT INTO person_canonical (person_id, canonical_id) VALUES ($1, $2)";
                self.run(query!(sql, *person, *canonical)).await?;
            }
        }
        Ok(())
    }

    async fn file_match_keys(&mut self, keys: &[(PersonId, String)], refiled: &[PersonId]) -> Result<(), StoreError> {
        for person in refiled {
            self.run(query!("DELETE FROM person_match_keys WHERE person_id = $1", *person)).await?;
        }
        // A person filed before (the backfill meeting someone recorded since) keeps the keys they have.
        self.insert_with(tables::match_keys(keys), " ON CONFLICT (match_key, person_id) DO NOTHING").await.map(drop)
    }

    async fn people_filed_under(&mut self, key: &str, limit: u32) -> Result<Vec<PersonId>, StoreError> {
        let sql = "SELECT person_id FROM person_match_keys WHERE match_key = $1 ORDER BY person_id LIMIT $2";
        self.all(query!(sql, key, i64::from(limit)), |row: &D::Row| {
            row.parsed("person_id", PersonId::parse)?.ok_or_else(|| crate::dialect::corrupt("person_id"))
        })
        .await
    }

    async fn people_with_ids(&mut self, ids: &[PersonId]) -> Result<Vec<Person>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let sql = format!("SELECT * FROM people WHERE id IN ({}) ORDER BY id", D::json_texts(1));
        self.all(query!(sql, crate::value::json(&ids)), rows::person).await
    }

    async fn match_key_backfill(&mut self) -> Result<Option<String>, StoreError> {
        let sql = "SELECT after FROM person_match_key_backfill WHERE id = 1";
        Ok(self.one(query!(sql), |row: &D::Row| row.text("after")).await?.flatten())
    }

    async fn people_after(&mut self, after: &str, limit: u32) -> Result<Vec<Person>, StoreError> {
        let sql = "SELECT * FROM people WHERE id > $1 ORDER BY id LIMIT $2";
        self.all(query!(sql, after, i64::from(limit)), rows::person).await
    }

    async fn set_match_key_backfill(&mut self, after: Option<&str>) -> Result<(), StoreError> {
        self.run(query!("UPDATE person_match_key_backfill SET after = $1 WHERE id = 1", after)).await.map(drop)
    }
}
