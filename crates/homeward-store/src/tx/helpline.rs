//! Helpline and self-referral contacts (issue 17, item 3): logged by providers, shared with councils, linked to
//! people, and counted for the provider's own figures.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::helpline::{ContactBy, ContactChannel, HelplineContact, HelplineCount, HelplinePaging};
use homeward_core::domain::ids::{AgencyId, HelplineContactId, PersonId, UserId};
use homeward_core::domain::text::{FreeText, PersonName};
use homeward_core::domain::time::Timestamp;
use homeward_core::ports::HelplineTx;
use homeward_core::rules::helpline::{SafeguardingGround, Sharing, SharingKind};

use super::SqlTx;
use super::reads::{bind_page, paged_in};
use crate::dialect::{Dialect, Row, corrupt};
use crate::rows::{int, parsed, parsed_opt, timestamp};
use crate::value::query;

fn contact(row: &impl Row) -> Result<HelplineContact, StoreError> {
    let sharing = match parsed(row, "sharing", SharingKind::parse)? {
        SharingKind::Consent => Sharing::Consent,
        SharingKind::NotShared => Sharing::NotShared,
        SharingKind::SafeguardingGround => Sharing::Ground {
            ground: parsed(row, "ground", SafeguardingGround::parse)?,
            reason: parsed_opt(row, "ground_reason", FreeText::parse)?,
        },
    };
    Ok(HelplineContact {
        id: parsed(row, "id", HelplineContactId::parse)?,
        provider_id: parsed(row, "provider_id", AgencyId::parse)?,
        channel: parsed(row, "channel", ContactChannel::parse)?,
        contacted_at: timestamp(row, "contacted_at")?,
        contact_by: parsed(row, "contact_by", ContactBy::parse)?,
        asked: parsed_opt(row, "asked", FreeText::parse)?,
        name: parsed_opt(row, "name", PersonName::parse)?,
        date_of_birth: row.date("date_of_birth")?,
        home_la_id: parsed_opt(row, "home_la_id", AgencyId::parse)?,
        sharing,
        shared_with: parsed_opt(row, "shared_with", AgencyId::parse)?,
        person_id: parsed_opt(row, "person_id", PersonId::parse)?,
        linked_by: parsed_opt(row, "linked_by", UserId::parse)?,
        linked_at: row.time("linked_at")?,
        logged_by: parsed(row, "logged_by", UserId::parse)?,
        logged_at: timestamp(row, "logged_at")?,
    })
}

fn count(row: &impl Row) -> Result<HelplineCount, StoreError> {
    Ok(HelplineCount {
        channel: parsed(row, "channel", ContactChannel::parse)?,
        contact_by: parsed(row, "contact_by", ContactBy::parse)?,
        sharing: parsed(row, "sharing", SharingKind::parse)?,
        count: u64::try_from(int(row, "n")?).map_err(|_| corrupt("n"))?,
    })
}

#[async_trait]
impl<D: Dialect> HelplineTx for SqlTx<D> {
    async fn insert_helpline_contact(&mut self, c: &HelplineContact) -> Result<(), StoreError> {
        let sql = "INSERT INTO helpline_contacts (id, provider_id, channel, contacted_at, contact_by, asked, name, \
                   date_of_birth, home_la_id, sharing, ground, ground_reason, shared_with, person_id, linked_by, \
                   linked_at, logged_by, logged_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
        let insert = query!(
            sql,
            c.id,
            c.provider_id,
            c.channel.as_str(),
            c.contacted_at,
            c.contact_by.as_str(),
            c.asked.as_ref().map(FreeText::as_str),
            c.name.as_ref().map(PersonName::as_str),
            c.date_of_birth,
            c.home_la_id,
            c.sharing.kind().as_str(),
            c.sharing.ground().map(SafeguardingGround::as_str),
            c.sharing.reason().map(FreeText::as_str),
            c.shared_with,
            c.person_id,
            c.linked_by,
            c.linked_at,
            c.logged_by,
            c.logged_at
        );
        self.run(insert).await.map(drop)
    }

    async fn helpline_contact(&mut self, id: HelplineContactId) -> Result<Option<HelplineContact>, StoreError> {
        Ok(self.all(query!("SELECT * FROM helpline_contacts WHERE id = $1", id), contact).await?.pop())
    }

    async fn helpline_contacts_of(
        &mut self,
        agency: AgencyId,
        shared: bool,
        paging: &HelplinePaging,
    ) -> Result<Vec<HelplineContact>, StoreError> {
        let page = paged_in::<D>(true, 2, "contacted_at", "id", true);
        let column = if shared { "shared_with" } else { "provider_id" };
        let sql = format!("SELECT * FROM helpline_contacts WHERE {column} = $1{page}");
        self.all(bind_page(query!(sql, agency), Some(paging)), contact).await
    }

    async fn helpline_contacts_for_person(
        &mut self,
        person: PersonId,
        paging: &HelplinePaging,
    ) -> Result<Vec<HelplineContact>, StoreError> {
        let page = paged_in::<D>(true, 2, "contacted_at", "id", true);
        let sql = format!("SELECT * FROM helpline_contacts WHERE person_id = $1{page}");
        self.all(bind_page(query!(sql, person), Some(paging)), contact).await
    }

    async fn link_helpline_contact(
        &mut self,
        id: HelplineContactId,
        person: PersonId,
        by: UserId,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE helpline_contacts SET person_id = $1, linked_by = $2, linked_at = $3 \
                   WHERE id = $4 AND person_id IS NULL AND shared_with IS NOT NULL";
        Ok(self.run(query!(sql, person, by, at, id)).await? == 1)
    }

    async fn unlink_helpline_contact(&mut self, id: HelplineContactId, person: PersonId) -> Result<bool, StoreError> {
        let sql = "UPDATE helpline_contacts SET person_id = NULL, linked_by = NULL, linked_at = NULL \
                   WHERE id = $1 AND person_id = $2";
        Ok(self.run(query!(sql, id, person)).await? == 1)
    }

    async fn helpline_counts(
        &mut self,
        provider: AgencyId,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<HelplineCount>, StoreError> {
        let sql = "SELECT channel, contact_by, sharing, COUNT(*) AS n FROM helpline_contacts \
                   WHERE provider_id = $1 AND contacted_at >= $2 AND contacted_at < $3 \
                   GROUP BY channel, contact_by, sharing";
        self.all(query!(sql, provider, from, until), count).await
    }
}
