//! Retention's part of a transaction: the facts that decide when a person's records fall due, and their erasure.
//! Each statement is written once for both databases; a person's rows are found by their id or their episodes'.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{Erased, RetentionTx};
use homeward_core::rules::retention::PersonFacts;
use time::Date;

use super::SqlTx;
use crate::dialect::{Dialect, Row};
use crate::rows::{date, int, parsed, timestamp};
use crate::value::{json, query};

/// Each person's date of birth, whether they were ever looked after, their first episode, the latest of everything
/// recorded about them and whether an episode of theirs is open.
const FACTS: &str = "SELECT p.id, p.date_of_birth, p.looked_after, p.created_at, \
    (SELECT MIN(e.went_missing_at) FROM episodes e WHERE e.person_id = p.id) AS first_missing, \
    (SELECT MAX(e.updated_at) FROM episodes e WHERE e.person_id = p.id) AS last_episode, \
    (SELECT MAX(i.completed_at) FROM return_interviews i JOIN episodes e ON e.id = i.episode_id \
        WHERE e.person_id = p.id) AS last_interview, \
    (SELECT MAX(f.saved_at) FROM profiles f WHERE f.person_id = p.id) AS last_profile, \
    (SELECT MAX(l.recorded_at) FROM placements l WHERE l.person_id = p.id) AS last_placement, \
    (SELECT MAX(s.created_at) FROM support_plans s WHERE s.person_id = p.id) AS last_support, \
    (SELECT MAX(m.recorded_at) FROM missing_education m WHERE m.person_id = p.id) AS last_education, \
    (SELECT MAX(COALESCE(h.linked_at, h.logged_at)) FROM helpline_contacts h WHERE h.person_id = p.id) \
    AS last_helpline, \
    (SELECT COUNT(*) FROM episodes e WHERE e.person_id = p.id AND e.status = 'missing') AS open_episodes, \
    (SELECT COUNT(*) FROM placements l WHERE l.person_id = p.id) \
      + (SELECT COUNT(*) FROM person_refs r JOIN ssda903_children c ON c.la_id = r.agency_id AND c.child = r.ref \
         WHERE r.person_id = p.id) AS care_records \
    FROM people p WHERE p.id > $1 AND p.erased_at IS NULL ORDER BY p.id LIMIT $2";

fn facts(row: &impl Row) -> Result<(PersonId, PersonFacts), StoreError> {
    let created = timestamp(row, "created_at")?;
    let last = [
        "last_episode",
        "last_interview",
        "last_profile",
        "last_placement",
        "last_support",
        "last_education",
        "last_helpline",
    ]
    .into_iter()
    .filter_map(|column| row.time(column).transpose())
    .try_fold(created, |latest, at| at.map(|at| latest.max(at)))?;
    Ok((
        parsed(row, "id", PersonId::parse)?,
        PersonFacts {
            date_of_birth: date(row, "date_of_birth")?,
            ever_looked_after: row.flag("looked_after")?.unwrap_or(false) || int(row, "care_records")? > 0,
            first_missing_on: row.time("first_missing")?.map(Timestamp::date),
            last_record_on: last.date(),
            open_episode: int(row, "open_episodes")? > 0,
        },
    ))
}

/// The person's episodes, as a subquery over `$1`.
const EPISODES: &str = "(SELECT id FROM episodes WHERE person_id = $1)";

fn associate_id(row: &impl Row) -> Result<String, StoreError> {
    crate::rows::text(row, "associate_id")
}

/// What an erased helpline contact loses: what was asked, the ground's reason and who the caller said they were.
/// Its channel, time, who made it and its sharing basis stay for the provider's figures.
const CLEARED_CONTACT: &str =
    "asked = NULL, ground_reason = NULL, name = NULL, date_of_birth = NULL, home_la_id = NULL";

#[async_trait]
impl<D: Dialect> RetentionTx for SqlTx<D> {
    async fn retention_facts_after(
        &mut self,
        after: &str,
        limit: u32,
    ) -> Result<Vec<(PersonId, PersonFacts)>, StoreError> {
        self.all(query!(FACTS, after, limit), facts).await
    }

    async fn erase_person(&mut self, person: PersonId, born: Date, at: Timestamp) -> Result<Erased, StoreError> {
        let p = || person.to_string();
        let mut erased = Erased::default();
        let sql = "UPDATE people SET given_name = '[erased]', family_name = '[erased]', date_of_birth = $2, \
                   erased_at = $3 WHERE id = $1 AND erased_at IS NULL";
        if self.run(query!(sql, p(), born, at)).await? == 0 {
            return Ok(erased);
        }
        erased.profiles = self.run(query!("DELETE FROM profiles WHERE person_id = $1", p())).await?;
        erased.photos = self.run(query!("DELETE FROM photos WHERE person_id = $1", p())).await?;
        self.run(query!("DELETE FROM person_match_keys WHERE person_id = $1", p())).await?;
        erased.context_memberships = self.run(query!("DELETE FROM context_members WHERE person_id = $1", p())).await?;
        self.run(query!("UPDATE person_link_proposals SET reason = NULL WHERE person_l = $1 OR person_r = $1", p()))
            .await?;
        for table in ["ssda903_episodes", "ssda903_children"] {
            let sql = format!(
                "DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM person_refs r WHERE r.person_id = $1 \
                 AND r.agency_id = {table}.la_id AND r.ref = {table}.child)"
            );
            erased.ssda903_rows += self.run(query!(sql, p())).await?;
        }
        erased.references = self.run(query!("DELETE FROM person_refs WHERE person_id = $1", p())).await?;
        // An episode's reference row also carries its legacy "absent" flag, which the figures count: the sender's
        // reference and the import's digest go, the flag stays.
        let sql = format!(
            "UPDATE episode_refs SET ref = 'erased:' || episode_id, digest = NULL, absent_review_note = NULL \
             WHERE episode_id IN {EPISODES}"
        );
        erased.references += self.run(query!(sql, p())).await?;
        let sql = "DELETE FROM alerts WHERE placement_id IN (SELECT id FROM placements WHERE person_id = $1)";
        self.run(query!(sql, p())).await?;
        erased.placements = self.run(query!("DELETE FROM placements WHERE person_id = $1", p())).await?;
        let sql = "UPDATE episodes SET last_seen_place = NULL, circumstances = NULL, police_reference = NULL, \
                   reporter = NULL, found_place = NULL, found_postcode = NULL WHERE person_id = $1";
        erased.episodes = self.run(query!(sql, p())).await?;
        let blanked = [
            ("risk_assessments", "rationale = '[erased]', answers = '{}', override_reason = NULL"),
            ("safe_and_well_checks", "disclosures = NULL, actions = NULL"),
            ("return_interviews", "record = NULL"),
            (
                "recommendations",
                "action = '[erased]', response = CASE WHEN response IS NULL THEN NULL ELSE '[erased]' END",
            ),
        ];
        for (table, set) in blanked {
            let count =
                self.run(query!(format!("UPDATE {table} SET {set} WHERE episode_id IN {EPISODES}"), p())).await?;
            match table {
                "risk_assessments" => erased.risk_assessments = count,
                "safe_and_well_checks" => erased.safe_and_well_checks = count,
                "return_interviews" => erased.return_interviews = count,
                _ => erased.recommendations = count,
            }
        }
        // Issue 17's records: part 2 (clothing, where last seen) and the long-term register's names and notes go;
        // support plans keep their dates and counts without their safety plan and notes; spells missing education
        // are dates and codes only, and stay for the figures.
        erased.follow_up =
            self.run(query!(format!("DELETE FROM missing_descriptions WHERE episode_id IN {EPISODES}"), p())).await?;
        let sql = format!(
            "UPDATE long_term_entries SET liaison_officer = NULL, liaison_contact = NULL, mpu_reference = NULL, \
             guardian = NULL WHERE episode_id IN {EPISODES}"
        );
        erased.follow_up += self.run(query!(sql, p())).await?;
        let sql = format!("UPDATE long_term_reviews SET summary = '[erased]' WHERE episode_id IN {EPISODES}");
        erased.follow_up += self.run(query!(sql, p())).await?;
        let sql = "UPDATE support_plans SET safety_plan = '[erased]', outcome_note = NULL WHERE person_id = $1";
        erased.follow_up += self.run(query!(sql, p())).await?;
        let sql = "UPDATE support_sessions SET note = NULL \
                   WHERE plan_id IN (SELECT id FROM support_plans WHERE person_id = $1)";
        erased.follow_up += self.run(query!(sql, p())).await?;
        // Helpline contacts linked to the person keep their channel, time, who made them and their sharing basis
        // (the provider's figures count those); what was asked, the ground's reason and who they said they were go.
        let sql = format!("UPDATE helpline_contacts SET {CLEARED_CONTACT} WHERE person_id = $1");
        erased.follow_up += self.run(query!(sql, p())).await?;
        // Issue 17's records: Ofsted's reference blanked (the prompt and its times stay for the figures); the
        // abduction notices served in respect of the person go.
        self.run(query!("UPDATE ofsted_notifications SET reference = NULL WHERE person_id = $1", p())).await?;
        erased.notices = self.run(query!("DELETE FROM abduction_notices WHERE child_id = $1", p())).await?;
        let sql = "SELECT DISTINCT associate_id FROM intel_links WHERE person_id = $1 AND associate_id IS NOT NULL";
        let associates = self.all(query!(sql, p()), associate_id).await?;
        erased.intel_links = self.run(query!("DELETE FROM intel_links WHERE person_id = $1", p())).await?;
        if !associates.is_empty() {
            // An associate no other record names is personal data with nothing left to explain it.
            let unnamed = format!(
                "associate_id IN ({}) AND NOT EXISTS (SELECT 1 FROM intel_links l WHERE l.associate_id = \
                 associate_keys.associate_id) AND NOT EXISTS (SELECT 1 FROM context_members m WHERE \
                 m.associate_id = associate_keys.associate_id) AND NOT EXISTS (SELECT 1 FROM abduction_notices n \
                 WHERE n.associate_id = associate_keys.associate_id)",
                D::json_texts(1)
            );
            self.run(query!(format!("DELETE FROM associate_keys WHERE {unnamed}"), json(&associates))).await?;
            let sql = format!(
                "DELETE FROM associates WHERE id IN ({}) AND NOT EXISTS (SELECT 1 FROM intel_links l WHERE \
                 l.associate_id = associates.id) AND NOT EXISTS (SELECT 1 FROM context_members m WHERE \
                 m.associate_id = associates.id) AND NOT EXISTS (SELECT 1 FROM abduction_notices n WHERE \
                 n.associate_id = associates.id)",
                D::json_texts(1)
            );
            erased.associates = self.run(query!(sql, json(&associates))).await?;
        }
        Ok(erased)
    }

    async fn remove_sessions_unused_since(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        self.run(query!("DELETE FROM sessions WHERE last_seen_at < $1", before)).await
    }

    async fn erase_unlinked_helpline_contacts_before(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        let sql = format!(
            "UPDATE helpline_contacts SET {CLEARED_CONTACT} WHERE person_id IS NULL AND contacted_at < $1 \
             AND (asked IS NOT NULL OR ground_reason IS NOT NULL OR name IS NOT NULL OR date_of_birth IS NOT NULL \
                  OR home_la_id IS NOT NULL)"
        );
        self.run(query!(sql, before)).await
    }

    async fn remove_notifications_sent_before(&mut self, before: Timestamp) -> Result<u64, StoreError> {
        let sql = "DELETE FROM outbox WHERE created_at < $1 AND (delivered_at IS NOT NULL OR gave_up_at IS NOT NULL)";
        self.run(query!(sql, before)).await
    }
}
