//! The long-term missing register (DOMAIN.md: missing over a year). An episode still open a year after the person
//! went missing is on it by that fact; the police and the person's responsible council keep its entry (family
//! liaison, review interval, UK Missing Persons Unit referral, guardianship order) and record its reviews. Every
//! read and write is audited.

use time::Date;

use crate::authz::{Action, Actor, EpisodeFacts, Identity, Subject, check, check_at_all};
use crate::domain::agency::AgencyKind;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{EpisodeId, LongTermReviewId};
use crate::domain::long_term::{LongTermEntry, LongTermItem, LongTermRecord, LongTermReview, ReviewInterval};
use crate::domain::paging::{Cursor, Page, Paging};
use crate::domain::text::{DisplayName, FreeText, Reference};
use crate::domain::time::{Timestamp, london, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::ports::LongTermQuery;
use crate::rules::long_term::{default_interval, review_due_on, review_overdue, went_missing_by};

use super::Core;

/// One page of the register and where the next one starts.
pub type LongTermPage = Page<LongTermItem, Timestamp, EpisodeId>;

/// A register entry as submitted: text as typed, blank for not known.
#[derive(Debug, Clone, Copy, Default)]
pub struct LongTermInput<'a> {
    pub liaison_officer: Option<&'a str>,
    pub liaison_contact: Option<&'a str>,
    pub last_contact_on: Option<&'a str>,
    pub review_interval_days: Option<&'a str>,
    pub mpu_referred_on: Option<&'a str>,
    pub mpu_reference: Option<&'a str>,
    pub guardianship_order_on: Option<&'a str>,
    pub guardian: Option<&'a str>,
}

/// A register entry, parsed; the dates are checked against today when it is saved.
#[derive(Debug, Clone)]
pub struct NewLongTermEntry {
    pub liaison_officer: Option<DisplayName>,
    pub liaison_contact: Option<FreeText>,
    pub last_contact_on: Option<Date>,
    pub review_interval: ReviewInterval,
    pub mpu_referred_on: Option<Date>,
    pub mpu_reference: Option<Reference>,
    pub guardianship_order_on: Option<Date>,
    pub guardian: Option<DisplayName>,
}

fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// A field's text parsed when given, its error recorded under `field` otherwise.
fn optional<T, E: std::fmt::Display>(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<&str>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<T> {
    given(text).and_then(|t| errors.check(field, parse(t)))
}

fn date(text: &str) -> Result<Date, &'static str> {
    parse_date(text).map_err(|_| "enter a real date as YYYY-MM-DD")
}

impl NewLongTermEntry {
    pub fn parse(input: &LongTermInput<'_>) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let new = Self {
            liaison_officer: optional(&mut errors, "liaison_officer", input.liaison_officer, DisplayName::parse),
            liaison_contact: optional(&mut errors, "liaison_contact", input.liaison_contact, FreeText::parse),
            last_contact_on: optional(&mut errors, "last_contact_on", input.last_contact_on, date),
            review_interval: match given(input.review_interval_days) {
                Some(days) => {
                    errors.check("review_interval_days", ReviewInterval::parse(days)).unwrap_or_else(default_interval)
                }
                None => default_interval(),
            },
            mpu_referred_on: optional(&mut errors, "mpu_referred_on", input.mpu_referred_on, date),
            mpu_reference: optional(&mut errors, "mpu_reference", input.mpu_reference, Reference::parse),
            guardianship_order_on: optional(&mut errors, "guardianship_order_on", input.guardianship_order_on, date),
            guardian: optional(&mut errors, "guardian", input.guardian, DisplayName::parse),
        };
        if given(input.mpu_reference).is_some() && given(input.mpu_referred_on).is_none() {
            errors.add("mpu_referred_on", "enter the date of the referral its reference belongs to");
        }
        match (given(input.guardianship_order_on), given(input.guardian)) {
            (Some(_), None) => errors.add("guardian", "enter the guardian the order names"),
            (None, Some(_)) => errors.add("guardianship_order_on", "enter the date of the guardianship order"),
            _ => {}
        }
        errors.into_result()?;
        Ok(new)
    }

    /// Refuses dates after `today`: none of these can have happened yet.
    fn check_dates(&self, today: Date) -> Result<(), CoreError> {
        let mut errors = FieldErrors::new();
        let dated = [
            ("last_contact_on", self.last_contact_on),
            ("mpu_referred_on", self.mpu_referred_on),
            ("guardianship_order_on", self.guardianship_order_on),
        ];
        for (field, on) in dated {
            if on.is_some_and(|on| on > today) {
                errors.add(field, "the date must not be in the future");
            }
        }
        errors.into_result()
    }
}

/// A review as submitted, parsed.
#[derive(Debug, Clone)]
pub struct NewLongTermReview {
    pub reviewed_on: Date,
    pub summary: FreeText,
}

impl NewLongTermReview {
    pub fn parse(reviewed_on: &str, summary: &str) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let reviewed_on = errors.check("reviewed_on", date(reviewed_on));
        let summary = errors.check("summary", FreeText::parse(summary));
        errors.into_result()?;
        Ok(Self { reviewed_on: reviewed_on.expect("checked"), summary: summary.expect("checked") })
    }
}

impl Core {
    /// A page of the long-term missing episodes the actor may see, the longest missing first: a force's within its
    /// scope, a council's only the children it is responsible for. The read is audited with the ids it returned.
    pub async fn list_long_term(
        &self,
        actor: &Actor,
        paging: Paging<Timestamp, EpisodeId>,
    ) -> Result<LongTermPage, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::LongTermListed, "episode"), async {
            let scope = actor.case_records()?;
            check_at_all(actor, Action::ReadLongTermRecord)?;
            let responsible_la = match actor.identity {
                Identity::User { agency_id, agency_kind: AgencyKind::LocalAuthority, .. } => Some(agency_id),
                Identity::User { .. } | Identity::Operator { .. } => None,
            };
            let now = self.now();
            let query =
                LongTermQuery { went_missing_by: went_missing_by(now), responsible_la, paging: paging.one_more() };
            let mut tx = self.begin_read().await?;
            let items = tx.long_term_listings(scope, &query).await?;
            let today = london(now).date();
            let items = items
                .into_iter()
                .map(|listing| {
                    let interval = listing.entry.as_ref().map_or_else(default_interval, |e| e.review_interval);
                    let due =
                        review_due_on(listing.listing.episode.went_missing_at, listing.last_reviewed_on, interval);
                    LongTermItem { listing, review_due_on: due, review_overdue: review_overdue(due, today) }
                })
                .collect();
            let page = Page::cut(items, &paging, |i: &LongTermItem| Cursor {
                key: i.listing.listing.episode.went_missing_at,
                id: i.listing.listing.episode.id,
            });
            let ids: Vec<String> = page.items.iter().map(|i| i.listing.listing.episode.id.to_string()).collect();
            let event = self.audit_event(
                actor,
                AuditAction::LongTermListed,
                "episode",
                None,
                &serde_json::json!({ "ids": ids }),
            );
            self.record_read(tx, event).await?;
            Ok(page)
        })
        .await
    }

    /// An episode's register entry and reviews; not found outside scope, refused to those who do not keep the
    /// register, 422 `not_long_term` before the episode is on it. Audited.
    pub async fn long_term(&self, actor: &Actor, id: EpisodeId) -> Result<LongTermRecord, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LongTermRead, "episode", &id), async {
            let mut tx = self.begin_read().await?;
            let facts = super::episode_facts(tx.as_mut(), id, actor.case_scope(), self.now()).await?;
            check(actor, Action::ReadLongTermRecord, &Subject::Episode(&facts))?;
            let record = super::long_term_record(tx.as_mut(), &facts.episode).await?;
            let event = self.audit_event(
                actor,
                AuditAction::LongTermRead,
                "episode",
                Some(id.to_string()),
                &serde_json::json!({}),
            );
            self.record_read(tx, event).await?;
            Ok(record)
        })
        .await
    }

    /// Saves the episode's register entry whole, replacing the one before.
    pub async fn save_long_term(
        &self,
        actor: &Actor,
        id: EpisodeId,
        new: NewLongTermEntry,
    ) -> Result<LongTermRecord, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LongTermSaved, "episode", &id), async {
            new.check_dates(london(self.now()).date())?;
            let (mut tx, facts) = self.long_term_episode(actor, id).await?;
            let entry = LongTermEntry {
                episode_id: id,
                liaison_officer: new.liaison_officer,
                liaison_contact: new.liaison_contact,
                last_contact_on: new.last_contact_on,
                review_interval: new.review_interval,
                mpu_referred_on: new.mpu_referred_on,
                mpu_reference: new.mpu_reference,
                guardianship_order_on: new.guardianship_order_on,
                guardian: new.guardian,
                updated_by: actor.user_id().expect("only users keep the register"),
                updated_at: self.now(),
            };
            tx.save_long_term_entry(&entry).await?;
            let details = serde_json::json!({
                "review_interval_days": entry.review_interval.days(),
                "mpu_referred": entry.mpu_referred_on.is_some(),
                "guardianship_order": entry.guardianship_order_on.is_some(),
            });
            let event = self.audit_event(actor, AuditAction::LongTermSaved, "episode", Some(id.to_string()), &details);
            tx.append_audit(event).await?;
            let record = super::long_term_record(tx.as_mut(), &facts.episode).await?;
            tx.commit().await?;
            Ok(record)
        })
        .await
    }

    /// Records a review of a long-term missing episode: on a day from when it went onto the register to today.
    pub async fn review_long_term(
        &self,
        actor: &Actor,
        id: EpisodeId,
        new: NewLongTermReview,
    ) -> Result<LongTermRecord, CoreError> {
        self.attempt(actor, super::Attempt::on(AuditAction::LongTermReviewed, "episode", &id), async {
            let (mut tx, facts) = self.long_term_episode(actor, id).await?;
            let since = london(crate::rules::long_term::register_since(facts.episode.went_missing_at)).date();
            if new.reviewed_on > london(self.now()).date() {
                return Err(CoreError::invalid("reviewed_on", "the date must not be in the future"));
            }
            if new.reviewed_on < since {
                return Err(CoreError::invalid(
                    "reviewed_on",
                    "the date must not be before the episode went onto the register",
                ));
            }
            let review = LongTermReview {
                id: LongTermReviewId::random(),
                episode_id: id,
                reviewed_on: new.reviewed_on,
                summary: new.summary,
                reviewed_by: actor.user_id().expect("only users review"),
                recorded_at: self.now(),
            };
            tx.insert_long_term_review(&review).await?;
            let details = serde_json::json!({ "review_id": review.id.to_string() });
            let event =
                self.audit_event(actor, AuditAction::LongTermReviewed, "episode", Some(id.to_string()), &details);
            tx.append_audit(event).await?;
            let record = super::long_term_record(tx.as_mut(), &facts.episode).await?;
            tx.commit().await?;
            Ok(record)
        })
        .await
    }

    /// A write transaction on a long-term episode the actor may keep the register of.
    async fn long_term_episode(
        &self,
        actor: &Actor,
        id: EpisodeId,
    ) -> Result<(Box<dyn crate::ports::Tx>, EpisodeFacts), CoreError> {
        let mut tx = self.begin().await?;
        let facts = super::episode_facts(tx.as_mut(), id, actor.case_scope(), self.now()).await?;
        check(actor, Action::KeepLongTermRecord, &Subject::Episode(&facts))?;
        Ok((tx, facts))
    }
}
