//! Loads: records looked up by the sender's references, bulk loads, SSDA903 tables replaced, and an episode's risk
//! picture rewritten.

use homeward_core::StoreError;
use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId};
use homeward_core::domain::import::EpisodeRef;
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::ReturnInterview;
use homeward_core::domain::risk::{EpisodeRisk, RiskGrade};
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::{BulkData, EducationTx, HelplineTx, SupportTx};

use super::SqlTx;
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows;
use crate::tables;
use crate::value::{json, query};

/// `[[agency, ref], ...]` as one JSON text, for the dialect's `json_pairs`.
fn key_pairs(keys: &[(AgencyId, String)]) -> crate::value::Value {
    json(&keys.iter().map(|(agency, reference)| [agency.to_string(), reference.clone()]).collect::<Vec<_>>())
}

impl<D: Dialect> SqlTx<D> {
    pub(super) async fn people_with_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Person)>, StoreError> {
        let sql = format!(
            "SELECT r.agency_id AS source_agency_id, r.ref AS source_ref, p.* FROM person_refs r \
             JOIN ({}) k ON r.agency_id = k.a AND r.ref = k.b JOIN people p ON p.id = r.person_id",
            D::json_pairs(1)
        );
        self.all(query!(sql, key_pairs(keys)), |row| {
            Ok((rows::source_agency(row)?, rows::source_ref(row)?, rows::person(row)?))
        })
        .await
    }

    pub(super) async fn episodes_with_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Episode, bool)>, StoreError> {
        let sql = format!(
            "SELECT r.agency_id AS source_agency_id, r.ref AS source_ref, r.legacy_absent, e.* FROM episode_refs r \
             JOIN ({}) k ON r.agency_id = k.a AND r.ref = k.b JOIN episodes e ON e.id = r.episode_id",
            D::json_pairs(1)
        );
        self.all(query!(sql, key_pairs(keys)), |row| {
            Ok((rows::source_agency(row)?, rows::source_ref(row)?, rows::episode(row)?, rows::legacy_absent(row)?))
        })
        .await
    }

    pub(super) async fn digests_of_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, String)>, StoreError> {
        let sql = format!(
            "SELECT r.agency_id AS source_agency_id, r.ref AS source_ref, r.digest FROM episode_refs r \
             JOIN ({}) k ON r.agency_id = k.a AND r.ref = k.b WHERE r.digest IS NOT NULL",
            D::json_pairs(1)
        );
        self.all(query!(sql, key_pairs(keys)), |row| {
            Ok((
                rows::source_agency(row)?,
                rows::source_ref(row)?,
                row.text("digest")?.ok_or_else(|| corrupt("digest"))?,
            ))
        })
        .await
    }

    pub(super) async fn interviews_of(&mut self, episodes: &[EpisodeId]) -> Result<Vec<ReturnInterview>, StoreError> {
        let ids: Vec<String> = episodes.iter().map(ToString::to_string).collect();
        let sql = format!(
            "SELECT * FROM return_interviews WHERE episode_id IN ({}) ORDER BY created_at, id",
            D::json_texts(1)
        );
        self.all(query!(sql, json(&ids)), rows::return_interview).await
    }

    pub(super) async fn save_risk(
        &mut self,
        episode: EpisodeId,
        risk: &EpisodeRisk,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE episodes SET police_grade = $1, children_services_grade = $2, joint_grade = $3, \
                   disagreement = $4, review_due_at = $5, cse_concern = $6, cce_concern = $7, updated_at = $8 \
                   WHERE id = $9";
        let grade = |grade: Option<RiskGrade>| grade.map(RiskGrade::as_str);
        let (police, children_services, joint) = (grade(risk.police), grade(risk.children_services), grade(risk.joint));
        let concerns = (risk.cse_concern, risk.cce_concern);
        let query = query!(
            sql,
            police,
            children_services,
            joint,
            risk.disagreement,
            risk.review_due_at,
            concerns.0,
            concerns.1,
            at,
            episode
        );
        self.run(query).await.map(drop)
    }

    pub(super) async fn load(&mut self, data: &BulkData) -> Result<(), StoreError> {
        let saved = D::tuned_for_load(&mut self.conn).await?;
        let loaded = async {
            self.insert(tables::agencies(&data.agencies)).await?;
            self.insert(tables::users(&data.users)).await?;
            self.insert(tables::people(&data.people)).await?;
            self.insert(tables::placements(&data.placements)).await?;
            self.insert(tables::episodes(&data.episodes)).await?;
            self.insert(tables::assessments(&data.assessments)).await?;
            self.insert(tables::return_interviews(&data.return_interviews)).await?;
            self.insert(tables::person_refs(&data.person_refs)).await?;
            self.insert(tables::match_keys(&data.match_keys)).await?;
            let children: Vec<_> = data.ssda903_children.iter().map(|(la, child)| (*la, child)).collect();
            self.insert(tables::ssda903_children(&children)).await?;
            let episodes: Vec<_> = data.ssda903_episodes.iter().map(|(la, episode)| (*la, episode)).collect();
            self.insert(tables::ssda903_episodes(&episodes)).await?;
            // Few beside the episodes (demo data only), so written one by one.
            for plan in &data.support_plans {
                self.insert_support_plan(plan).await?;
                for session in &plan.sessions {
                    self.insert_support_session(plan.id, session).await?;
                }
            }
            for spell in &data.missing_education {
                self.insert_missing_education(spell).await?;
            }
            for contact in &data.helpline_contacts {
                self.insert_helpline_contact(contact).await?;
            }
            Ok(())
        }
        .await;
        D::untuned_after_load(&mut self.conn, saved).await?;
        loaded
    }

    pub(super) async fn replace_ssda903_tables(
        &mut self,
        la: AgencyId,
        children: &[Ssda903Child],
        episodes: &[Ssda903Episode],
    ) -> Result<(), StoreError> {
        for table in ["ssda903_episodes", "ssda903_children"] {
            self.run(query!(format!("DELETE FROM {table} WHERE la_id = $1"), la)).await?;
        }
        let children: Vec<_> = children.iter().map(|child| (la, child)).collect();
        self.insert(tables::ssda903_children(&children)).await?;
        let episodes: Vec<_> = episodes.iter().map(|episode| (la, episode)).collect();
        self.insert(tables::ssda903_episodes(&episodes)).await
    }

    pub(super) async fn save_sender_refs(
        &mut self,
        people: &[(AgencyId, String, PersonId)],
        episodes: &[EpisodeRef],
    ) -> Result<(), StoreError> {
        self.insert(tables::person_refs(people)).await?;
        let suffix = " ON CONFLICT (agency_id, ref) DO UPDATE SET legacy_absent = excluded.legacy_absent, \
                      digest = excluded.digest";
        self.insert_with(tables::episode_refs(episodes), suffix).await.map(drop)
    }
}
