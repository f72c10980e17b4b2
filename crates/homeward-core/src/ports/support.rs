//! Post-missing support's part of a transaction: plans made after return interviews, and their sessions.

use async_trait::async_trait;

use crate::domain::ids::{AgencyId, PersonId, SupportPlanId};
use crate::domain::support::{SupportOutcome, SupportPaging, SupportPlan, SupportSession};
use crate::domain::text::FreeText;
use crate::domain::time::Timestamp;
use crate::error::StoreError;

/// Support plans and their sessions.
#[async_trait]
pub trait SupportTx: Send {
    /// Records a new plan (its sessions are recorded one by one afterwards).
    async fn insert_support_plan(&mut self, plan: &SupportPlan) -> Result<(), StoreError>;
    /// A plan with its sessions, in the order held.
    async fn support_plan(&mut self, id: SupportPlanId) -> Result<Option<SupportPlan>, StoreError>;
    /// A page of an agency's plans with their sessions, most recently made first: only those whose interview
    /// `scope` sees (a practitioner's: only their own interviews), as a single plan is read.
    async fn support_plans_of(
        &mut self,
        agency: AgencyId,
        scope: crate::authz::Scope,
        paging: &SupportPaging,
    ) -> Result<Vec<SupportPlan>, StoreError>;
    /// Every plan made for a person, most recently made first.
    async fn support_plans_for_person(&mut self, person: PersonId) -> Result<Vec<SupportPlan>, StoreError>;
    /// Holds the plan until the transaction ends, before it is read for a change: two changes at once (two
    /// sessions numbered from one count, a session and the outcome) then take turns instead of colliding.
    async fn lock_support_plan(&mut self, plan: SupportPlanId) -> Result<(), StoreError>;
    async fn insert_support_session(&mut self, plan: SupportPlanId, session: &SupportSession)
    -> Result<(), StoreError>;
    /// Moves an open plan's review date.
    async fn set_support_review(&mut self, plan: SupportPlanId, review_on: time::Date) -> Result<(), StoreError>;
    /// Closes an open plan with its outcome.
    async fn close_support_plan(
        &mut self,
        plan: SupportPlanId,
        outcome: SupportOutcome,
        note: Option<&FreeText>,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    /// Open plans, across every agency, whose review date is before `date`: the scheduler's overdue reviews.
    async fn support_reviews_before(&mut self, date: time::Date) -> Result<Vec<SupportPlan>, StoreError>;
}
