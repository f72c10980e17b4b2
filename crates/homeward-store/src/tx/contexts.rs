//! Contexts and their members: a context's row, and one member row per place, associate or child.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::context::{Context, ContextKind, ContextPaging};
use homeward_core::domain::ids::{AgencyId, AssociateId, ContextId, PersonId, PlaceId, UserId};
use homeward_core::domain::intel::Linked;
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::ContextTx;

use super::SqlTx;
use super::reads::{bind_page, paged_in};
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{parsed, parsed_opt, required, timestamp};
use crate::value::{json, query};

pub(super) fn context(row: &impl Row) -> Result<Context, StoreError> {
    Ok(Context {
        id: parsed(row, "id", ContextId::parse)?,
        kind: parsed(row, "kind", ContextKind::parse)?,
        title: parsed(row, "title", FreeText::parse)?,
        plan: parsed(row, "plan", FreeText::parse)?,
        review_on: required(row.date("review_on")?, "review_on")?,
        owner_agency_id: parsed(row, "owner_agency_id", AgencyId::parse)?,
        opened_by: parsed(row, "opened_by", UserId::parse)?,
        opened_at: timestamp(row, "opened_at")?,
        closed_at: row.time("closed_at")?,
        places: Vec::new(),
        associates: Vec::new(),
        children: Vec::new(),
    })
}

/// A member row: its context, and the place, associate or child it is.
type Member = (ContextId, (Option<PlaceId>, Option<AssociateId>, Option<PersonId>));

fn member(row: &impl Row) -> Result<Member, StoreError> {
    Ok((
        parsed(row, "context_id", ContextId::parse)?,
        (
            parsed_opt(row, "place_id", PlaceId::parse)?,
            parsed_opt(row, "associate_id", AssociateId::parse)?,
            parsed_opt(row, "person_id", PersonId::parse)?,
        ),
    ))
}

impl<D: Dialect> SqlTx<D> {
    /// Fills in the members of contexts read without them.
    pub(super) async fn with_members(&mut self, mut contexts: Vec<Context>) -> Result<Vec<Context>, StoreError> {
        if contexts.is_empty() {
            return Ok(contexts);
        }
        // One read for the page's members, not one per context.
        let ids: Vec<String> = contexts.iter().map(|c| c.id.to_string()).collect();
        let sql = format!(
            "SELECT context_id, place_id, associate_id, person_id FROM context_members WHERE context_id IN ({})",
            D::json_texts(1)
        );
        for (of, (place, associate, person)) in self.all(query!(sql, json(&ids)), member).await? {
            if let Some(context) = contexts.iter_mut().find(|c| c.id == of) {
                context.places.extend(place);
                context.associates.extend(associate);
                context.children.extend(person);
            }
        }
        Ok(contexts)
    }
}

#[async_trait]
impl<D: Dialect> ContextTx for SqlTx<D> {
    async fn insert_context(&mut self, c: &Context) -> Result<(), StoreError> {
        let sql = "INSERT INTO contexts (id, kind, title, plan, review_on, owner_agency_id, opened_by, opened_at, \
                   closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        let insert = query!(
            sql,
            c.id.to_string(),
            c.kind.as_str(),
            c.title.as_str(),
            c.plan.as_str(),
            c.review_on,
            c.owner_agency_id,
            c.opened_by,
            c.opened_at,
            c.closed_at
        );
        self.run(insert).await?;
        let members: Vec<[Option<String>; 3]> = c
            .places
            .iter()
            .map(|p| [Some(p.to_string()), None, None])
            .chain(c.associates.iter().map(|a| [None, Some(a.to_string()), None]))
            .chain(c.children.iter().map(|p| [None, None, Some(p.to_string())]))
            .collect();
        for [place, associate, person] in members {
            let sql =
                "INSERT INTO context_members (context_id, place_id, associate_id, person_id) VALUES ($1, $2, $3, $4)";
            self.run(query!(sql, c.id.to_string(), place, associate, person)).await?;
        }
        Ok(())
    }

    async fn context(&mut self, id: ContextId) -> Result<Option<Context>, StoreError> {
        let found = self.all(query!("SELECT * FROM contexts WHERE id = $1", id.to_string()), context).await?;
        Ok(self.with_members(found).await?.pop())
    }

    async fn contexts_of(&mut self, agency: AgencyId, paging: &ContextPaging) -> Result<Vec<Context>, StoreError> {
        let page = paged_in::<D>(true, 2, "opened_at", "id", true);
        let sql = format!("SELECT * FROM contexts WHERE owner_agency_id = $1{page}");
        let page = bind_page(query!(sql, agency), Some(paging));
        let found = self.all(page, context).await?;
        self.with_members(found).await
    }

    async fn close_context(&mut self, id: ContextId, at: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE contexts SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL";
        self.run(query!(sql, at, id.to_string())).await.map(drop)
    }

    async fn open_contexts_touching(
        &mut self,
        linked: &[Linked],
        person: PersonId,
        at: Timestamp,
    ) -> Result<Vec<(ContextId, AgencyId)>, StoreError> {
        let (places, associates) = super::intel::split_linked(linked);
        let sql = format!(
            "SELECT DISTINCT c.id, c.owner_agency_id FROM contexts c JOIN context_members m ON m.context_id = c.id \
             WHERE c.closed_at IS NULL AND c.opened_at < $1 AND (m.place_id IN ({}) OR m.associate_id IN ({}) \
             OR m.person_id = $4) ORDER BY c.id",
            D::json_texts(2),
            D::json_texts(3)
        );
        let found = query!(sql, at, places, associates, person);
        self.all(found, |row: &D::Row| {
            let id = parsed(row, "id", ContextId::parse)?;
            let owner = row.parsed("owner_agency_id", AgencyId::parse)?.ok_or_else(|| corrupt("owner_agency_id"))?;
            Ok((id, owner))
        })
        .await
    }
}
