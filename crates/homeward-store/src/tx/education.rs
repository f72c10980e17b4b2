//! Spells of children missing education (issue 17, item 2), and their count among the key figures' children.

use async_trait::async_trait;
use homeward_core::domain::education::{MissingEducation, MissingEducationReason};
use homeward_core::domain::ids::{AgencyId, MissingEducationId, PersonId, UserId};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::EducationTx;
use homeward_core::{Scope, StoreError};

use super::SqlTx;
use crate::dialect::{Dialect, Row};
use crate::rows::{int, parsed, required, timestamp};
use crate::scope;
use crate::value::query;

fn spell(row: &impl Row) -> Result<MissingEducation, StoreError> {
    Ok(MissingEducation {
        id: parsed(row, "id", MissingEducationId::parse)?,
        person_id: parsed(row, "person_id", PersonId::parse)?,
        council_id: parsed(row, "council_id", AgencyId::parse)?,
        reason: parsed(row, "reason", MissingEducationReason::parse)?,
        started_on: required(row.date("started_on")?, "started_on")?,
        ended_on: row.date("ended_on")?,
        recorded_by: parsed(row, "recorded_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

#[async_trait]
impl<D: Dialect> EducationTx for SqlTx<D> {
    async fn insert_missing_education(&mut self, m: &MissingEducation) -> Result<(), StoreError> {
        let sql = "INSERT INTO missing_education (id, person_id, council_id, reason, started_on, ended_on, \
                   recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let insert = query!(
            sql,
            m.id,
            m.person_id,
            m.council_id,
            m.reason.as_str(),
            m.started_on,
            m.ended_on,
            m.recorded_by,
            m.recorded_at
        );
        self.run(insert).await.map(drop)
    }

    async fn missing_education(&mut self, id: MissingEducationId) -> Result<Option<MissingEducation>, StoreError> {
        Ok(self.all(query!("SELECT * FROM missing_education WHERE id = $1", id), spell).await?.pop())
    }

    async fn missing_education_of(&mut self, person: PersonId) -> Result<Vec<MissingEducation>, StoreError> {
        let sql = "SELECT * FROM missing_education WHERE person_id = $1 ORDER BY started_on DESC, id DESC";
        self.all(query!(sql, person), spell).await
    }

    async fn end_missing_education(&mut self, id: MissingEducationId, ended_on: time::Date) -> Result<(), StoreError> {
        let sql = "UPDATE missing_education SET ended_on = $1 WHERE id = $2 AND ended_on IS NULL";
        self.run(query!(sql, ended_on, id)).await.map(drop)
    }

    async fn children_missing_education(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        first_day: time::Date,
        last_day: time::Date,
    ) -> Result<i64, StoreError> {
        let (condition, scope_id) = scope::share::<D>(scope);
        let child = D::child_at("p.date_of_birth", "e.went_missing_at");
        let sql = format!(
            "SELECT COUNT(DISTINCT e.person_id) AS n FROM episodes e JOIN people p ON p.id = e.person_id \
             JOIN missing_education m ON m.person_id = e.person_id \
             WHERE e.went_missing_at >= $2 AND e.went_missing_at < $3 AND {condition} AND {child} \
             AND m.started_on <= $4 AND (m.ended_on IS NULL OR m.ended_on >= $5)"
        );
        let found =
            self.all(query!(sql, scope_id, from, until, last_day, first_day), |row: &D::Row| int(row, "n")).await?;
        Ok(found.into_iter().next().unwrap_or_default())
    }
}
