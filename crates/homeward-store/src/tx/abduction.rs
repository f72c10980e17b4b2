//! Child abduction warning notices: one row each, owned by the force that served it.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::abduction::{AbductionNotice, NoticeFilter, NoticePaging};
use homeward_core::domain::ids::{AbductionNoticeId, AgencyId, AssociateId, PersonId, UserId};
use homeward_core::domain::text::{FreeText, Reference};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::AbductionTx;

use super::SqlTx;
use super::reads::{bind_page, paged_in};
use crate::dialect::{Dialect, Row, SqlType};
use crate::rows::{parsed, parsed_opt, required, timestamp};
use crate::value::{json, query};

fn notice(row: &impl Row) -> Result<AbductionNotice, StoreError> {
    Ok(AbductionNotice {
        id: parsed(row, "id", AbductionNoticeId::parse)?,
        associate_id: parsed(row, "associate_id", AssociateId::parse)?,
        child_id: parsed(row, "child_id", PersonId::parse)?,
        served_on: required(row.date("served_on")?, "served_on")?,
        expires_on: required(row.date("expires_on")?, "expires_on")?,
        force_id: parsed(row, "force_id", AgencyId::parse)?,
        police_reference: parsed_opt(row, "police_reference", Reference::parse)?,
        notes: parsed_opt(row, "notes", FreeText::parse)?,
        recorded_by: parsed(row, "recorded_by", UserId::parse)?,
        recorded_at: timestamp(row, "recorded_at")?,
    })
}

#[async_trait]
impl<D: Dialect> AbductionTx for SqlTx<D> {
    async fn insert_abduction_notice(&mut self, n: &AbductionNotice) -> Result<(), StoreError> {
        let sql = "INSERT INTO abduction_notices (id, associate_id, child_id, served_on, expires_on, force_id, \
                   police_reference, notes, recorded_by, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        let insert = query!(
            sql,
            n.id,
            n.associate_id,
            n.child_id,
            n.served_on,
            n.expires_on,
            n.force_id,
            n.police_reference.as_ref().map(|r| r.as_str().to_owned()),
            n.notes.as_ref().map(|t| t.as_str().to_owned()),
            n.recorded_by,
            n.recorded_at
        );
        self.run(insert).await.map(drop)
    }

    async fn abduction_notices_of(
        &mut self,
        force: AgencyId,
        filter: NoticeFilter,
        paging: &NoticePaging,
    ) -> Result<Vec<AbductionNotice>, StoreError> {
        let (child, associate) = (D::param_is_null(2, SqlType::Text), D::param_is_null(3, SqlType::Text));
        let page = paged_in::<D>(true, 4, "served_on", "id", true);
        let sql = format!(
            "SELECT * FROM abduction_notices WHERE force_id = $1 AND ({child} OR child_id = $2) \
             AND ({associate} OR associate_id = $3){page}"
        );
        let found = query!(sql, force, filter.child, filter.associate);
        self.all(bind_page(found, Some(paging)), notice).await
    }

    async fn abduction_notices_naming(
        &mut self,
        associates: &[AssociateId],
        child: PersonId,
        made: Timestamp,
    ) -> Result<Vec<AbductionNotice>, StoreError> {
        let ids: Vec<String> = associates.iter().map(ToString::to_string).collect();
        let sql = format!(
            "SELECT * FROM abduction_notices WHERE recorded_at <= $1 AND (child_id = $2 OR associate_id IN ({})) \
             ORDER BY id",
            D::json_texts(3)
        );
        self.all(query!(sql, made, child, json(&ids)), notice).await
    }
}
