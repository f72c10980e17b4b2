//! The ports the core needs from the outside: a store with transactions, and a clock.
//!
//! A service opens a [`Tx`], reads within the actor's scope, writes, appends its audit event and commits: the change
//! and its audit event land together or not at all. A service that only reads opens a read transaction instead
//! ([`Store::begin_read`]), which never waits for the writer, and records its audit event through
//! [`Store::record_audit`] before it answers. There is deliberately no way to update or delete an audit event.

mod abduction;
mod clock;
mod contexts;
mod education;
mod follow_up;
mod geo;
mod helpline;
mod idempotency;
mod intel;
mod links;
mod ofsted;
mod retention;
mod returns;
mod sign_in;
mod subject_access;
mod support;

pub use abduction::AbductionTx;
pub use clock::{Clock, FixedClock, SystemClock};
pub use contexts::ContextTx;
pub use education::EducationTx;
pub use follow_up::{FollowUpTx, LongTermQuery};
pub use geo::GeoTx;
pub use helpline::HelplineTx;
pub use idempotency::{IdempotencyTx, PendingKey, carrying_out, pending_key};
pub use intel::{IntelLinkPaging, IntelTx};
pub use links::LinkTx;
pub use ofsted::OfstedTx;
pub use retention::{Erased, RetentionTx};
pub use returns::ReturnsTx;
pub use sign_in::SignInTx;
pub use subject_access::SubjectAccessTx;
pub use support::SupportTx;

use async_trait::async_trait;

use crate::authz::Scope;
use crate::domain::agency::{Agency, AgencyCode};
use crate::domain::alert::{Alert, AlertCount, AlertFilter, AlertKind, ClosedReason};
use crate::domain::audit::{AuditAction, AuditEvent, NewAuditEvent};
use crate::domain::credentials::{ApiToken, Session, TokenHash};
use crate::domain::episode::{CaseCounts, CaseCountsQuery, CategoryChange, Episode, EpisodeListing, EpisodeQuery};
use crate::domain::ids::{AgencyId, AlertId, EpisodeId, PersonId, PlacementId, RecommendationId, SessionId, UserId};
use crate::domain::import::EpisodeRef;
use crate::domain::notification::{AgencyChannels, Notification, NotificationPaging};
use crate::domain::person::Person;
use crate::domain::photo::Photo;
use crate::domain::placement::Placement;
use crate::domain::profile::Profile;
use crate::domain::return_interview::{
    InterviewCouncils, InterviewPaging, InterviewSelection, Recommendation, RecommendationPaging, ReturnInterview,
    SafeAndWellCheck,
};
use crate::domain::risk::RiskAssessment;
use crate::domain::time::Timestamp;
use crate::domain::user::{Email, Role, User};
use crate::error::StoreError;

/// A database holding Homeward's records.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Starts a transaction for reads and writes.
    async fn begin(&self) -> Result<Box<dyn Tx>, StoreError>;

    /// Starts a transaction that only reads, seeing one consistent snapshot. It never waits for the writer (on
    /// SQLite it uses a read connection of its own; on PostgreSQL it is `READ ONLY`), and any write in it fails.
    async fn begin_read(&self) -> Result<Box<dyn Tx>, StoreError>;

    /// Keeps an event that goes with no change (a read of personal records) in a transaction of its own, and
    /// answers once that transaction has committed: the event is then on disk. Events from many requests at once
    /// share one transaction and one flush (group commit), each sealed onto the chain in turn; while a long job
    /// holds the chain (longer than [`crate::error::AUDIT_GRACE`]) they are kept in a spool instead and sealed, in
    /// order, once it is free. Never call it while holding a [`Store::begin`] transaction.
    async fn record_audit(&self, event: NewAuditEvent) -> Result<(), StoreError>;

    /// Seals onto the chain whatever the spool holds, if the chain is free; answers how many events were sealed.
    async fn seal_spooled_audit(&self) -> Result<u64, StoreError>;

    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Up to `limit` audit events after sequence number `after`, in order.
    async fn audit_events_after(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;

    /// The number and hash of the latest event appended, as the chain's head record keeps them.
    async fn audit_head(&self) -> Result<Option<(i64, String)>, StoreError>;
}

/// The scheduler's part of a transaction: its lease, what it has raised, and closing what is done.
#[async_trait]
pub trait SchedulerTx: Send {
    /// Takes the named lease for `holder` until `until` if it is free, ran out before `now`, or is theirs already;
    /// says whether they hold it. Committed at once, it keeps a second scheduler from ticking beside the first.
    async fn take_lease(
        &mut self,
        name: &str,
        holder: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<bool, StoreError>;
    /// Gives the named lease up, if `holder` has it.
    async fn release_lease(&mut self, name: &str, holder: &str) -> Result<(), StoreError>;
    /// Open alerts of these kinds, across every agency.
    async fn open_alerts_of_kinds(&mut self, kinds: &[AlertKind]) -> Result<Vec<Alert>, StoreError>;
    /// The keys of every alert, open or closed, about a still-missing episode, an interview awaiting its offer or an
    /// unanswered recommendation: what the scheduler has raised already of what time can still bring.
    async fn raised_alert_keys(&mut self) -> Result<Vec<AlertKey>, StoreError>;
    /// Closes open alerts as Homeward itself, for the reasons given.
    async fn close_alerts(&mut self, closing: &[(AlertId, ClosedReason)], at: Timestamp) -> Result<(), StoreError>;
    /// Unanswered recommendations due before a date, across every agency.
    async fn unanswered_recommendations(&mut self, due_before: time::Date) -> Result<Vec<Recommendation>, StoreError>;
}

/// The notifications' part of a transaction: where they go, who chose them, and the outbox.
#[async_trait]
pub trait OutboxTx: Send {
    /// Where the agency's notifications go (nowhere, until an operator says).
    async fn agency_channels(&mut self, agency: AgencyId) -> Result<AgencyChannels, StoreError>;
    async fn set_agency_channels(&mut self, agency: AgencyId, channels: &AgencyChannels) -> Result<(), StoreError>;
    /// The addresses of the agency's active users who chose to receive this kind of alert by email.
    async fn alert_subscribers(&mut self, agency: AgencyId, kind: AlertKind) -> Result<Vec<Email>, StoreError>;
    async fn alert_subscriptions(&mut self, user: UserId) -> Result<Vec<AlertKind>, StoreError>;
    /// Replaces the user's choice of alerts to receive by email.
    async fn set_alert_subscriptions(&mut self, user: UserId, kinds: &[AlertKind]) -> Result<(), StoreError>;
    /// Adds notifications to the outbox, skipping any already queued (by delivery id); answers how many went in.
    async fn enqueue_notifications(&mut self, notifications: &[Notification]) -> Result<u64, StoreError>;
    /// Up to `limit` undelivered notifications whose next attempt may begin by `now`, soonest first.
    async fn notifications_due(&mut self, now: Timestamp, limit: u32) -> Result<Vec<Notification>, StoreError>;
    /// Begins an attempt on a notification read with `notification.attempts` attempts, taken to have died at
    /// `until`; false when another server began one first.
    async fn claim_notification(&mut self, notification: &Notification, until: Timestamp) -> Result<bool, StoreError>;
    /// Records how an attempt went.
    async fn settle_notification(&mut self, notification: &Notification) -> Result<(), StoreError>;
    /// The agency's notifications given up on. One page when `paging` is given, every one otherwise.
    async fn given_up_notifications(
        &mut self,
        agency: AgencyId,
        paging: Option<&NotificationPaging>,
    ) -> Result<Vec<Notification>, StoreError>;

    /// Removes notifications delivered before `before`; answers how many.
    async fn purge_delivered(&mut self, before: Timestamp) -> Result<u64, StoreError>;
    /// Marks the day's digest of the agency as sent, if no scheduler has yet; says whether this one is to send it.
    async fn claim_digest_day(&mut self, day: time::Date, agency: AgencyId, at: Timestamp) -> Result<bool, StoreError>;
    /// Every active user who chose the daily digest, with their agency and role (`authz` decides who may have it).
    async fn digest_subscribers(&mut self) -> Result<Vec<(AgencyId, Role, Email)>, StoreError>;
    async fn digest_subscribed(&mut self, user: UserId) -> Result<bool, StoreError>;
    async fn set_digest_subscription(&mut self, user: UserId, chosen: bool) -> Result<(), StoreError>;
    /// The agency's alerts by kind: open now, open and raised before `window.overdue_before`, and closed at or
    /// after `window.closed_since` (kinds with none of the three left out), in one query.
    async fn alert_digest(
        &mut self,
        agency: AgencyId,
        window: crate::rules::digest::Window,
    ) -> Result<Vec<crate::domain::notification::DigestLine>, StoreError>;
}

/// One unit of work. Dropping it without [`Tx::commit`] rolls everything back.
#[async_trait]
pub trait Tx:
    SchedulerTx
    + OutboxTx
    + LinkTx
    + GeoTx
    + IntelTx
    + ContextTx
    + IdempotencyTx
    + SignInTx
    + SubjectAccessTx
    + RetentionTx
    + ReturnsTx
    + OfstedTx
    + AbductionTx
    + SupportTx
    + EducationTx
    + HelplineTx
    + FollowUpTx
    + Send
{
    async fn commit(self: Box<Self>) -> Result<(), StoreError>;

    /// True when no agency has been registered: a database nobody has used yet.
    async fn is_empty(&mut self) -> Result<bool, StoreError>;

    /// Marks the transaction as a long job's (an import, the seed): it waits for other transactions' locks as long
    /// as they are held, where a request's transaction is answered busy after [`crate::error::BUSY_WAIT`].
    async fn wait_for_locks(&mut self) -> Result<(), StoreError>;

    async fn insert_agency(&mut self, agency: &Agency) -> Result<(), StoreError>;
    async fn agency(&mut self, id: AgencyId) -> Result<Option<Agency>, StoreError>;
    async fn agency_by_code(&mut self, code: &AgencyCode) -> Result<Option<Agency>, StoreError>;

    async fn insert_user(&mut self, user: &User) -> Result<(), StoreError>;
    async fn user(&mut self, id: UserId) -> Result<Option<User>, StoreError>;
    async fn user_by_email(&mut self, email: &Email) -> Result<Option<User>, StoreError>;

    async fn insert_token(&mut self, token: &ApiToken) -> Result<(), StoreError>;
    async fn token_by_hash(&mut self, hash: &TokenHash) -> Result<Option<ApiToken>, StoreError>;

    async fn insert_person(&mut self, person: &Person) -> Result<(), StoreError>;
    /// The person, if they exist and are within scope.
    async fn person(&mut self, id: PersonId, scope: Scope) -> Result<Option<Person>, StoreError>;

    async fn insert_episode(&mut self, episode: &Episode) -> Result<(), StoreError>;
    /// The episode, if it exists and is within scope.
    async fn episode(&mut self, id: EpisodeId, scope: Scope) -> Result<Option<Episode>, StoreError>;
    /// A page of episodes within scope, in the query's order, at most `query.limit` long.
    async fn list_episodes(&mut self, scope: Scope, query: &EpisodeQuery) -> Result<Vec<EpisodeListing>, StoreError>;
    /// Episodes of one person within scope, newest first.
    async fn episodes_of_person(&mut self, person: PersonId, scope: Scope) -> Result<Vec<Episode>, StoreError>;

    async fn insert_assessment(&mut self, assessment: &RiskAssessment) -> Result<(), StoreError>;
    /// Replaces the episode's current risk picture (kept on the episode for lists and figures).
    async fn update_episode_risk(
        &mut self,
        episode: EpisodeId,
        risk: &crate::domain::risk::EpisodeRisk,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    async fn assessments_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<RiskAssessment>, StoreError>;

    async fn insert_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError>;
    async fn return_interviews_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<ReturnInterview>, StoreError>;

    async fn insert_session(&mut self, session: &Session) -> Result<(), StoreError>;
    async fn session_by_hash(&mut self, hash: &TokenHash) -> Result<Option<Session>, StoreError>;
    async fn touch_session(&mut self, id: SessionId, at: Timestamp) -> Result<(), StoreError>;
    async fn delete_session(&mut self, id: SessionId) -> Result<(), StoreError>;

    /// How many audit events of this action about this target were appended at or after `since`.
    async fn count_audit_events(
        &mut self,
        action: AuditAction,
        target_id: &str,
        since: Timestamp,
    ) -> Result<i64, StoreError>;

    /// An agency's settings of the local rules, if it has any.
    async fn agency_rules(&mut self, agency: AgencyId) -> Result<Option<crate::rules::risk::AgencyRules>, StoreError>;
    async fn set_agency_rules(
        &mut self,
        agency: AgencyId,
        rules: &crate::rules::risk::AgencyRules,
    ) -> Result<(), StoreError>;

    /// Every agency, by name. Agencies are public bodies, not personal records.
    async fn agencies(&mut self) -> Result<Vec<Agency>, StoreError>;

    /// Counts of work within scope, for home pages, each counting what `query` says: no personal data, so not
    /// audited.
    async fn case_counts(&mut self, scope: Scope, query: &CaseCountsQuery) -> Result<CaseCounts, StoreError>;

    /// Sets the episode's council category and appends the change to its history.
    async fn change_la_category(&mut self, change: &CategoryChange) -> Result<(), StoreError>;
    async fn la_category_history(&mut self, episode: EpisodeId) -> Result<Vec<CategoryChange>, StoreError>;

    /// Replaces the person's photograph.
    async fn save_photo(&mut self, photo: &Photo) -> Result<(), StoreError>;
    async fn photo(&mut self, person: PersonId) -> Result<Option<Photo>, StoreError>;
    async fn has_photo(&mut self, person: PersonId) -> Result<bool, StoreError>;

    /// Appends a profile version. Two saves racing for one version number: the second fails on the key.
    async fn insert_profile(&mut self, profile: &Profile) -> Result<(), StoreError>;
    /// The person's latest profile version.
    async fn current_profile(&mut self, person: PersonId) -> Result<Option<Profile>, StoreError>;

    /// Marks the episode returned, recorded by this user (who has then worked the case).
    async fn record_return(&mut self, episode: &Episode, recorded_by: Option<UserId>) -> Result<(), StoreError>;
    /// Everyone who has worked the episode: assessed its risk, recorded its return, its safe and well check or a
    /// change of its council category; each once.
    async fn episode_workers(&mut self, episode: EpisodeId) -> Result<Vec<UserId>, StoreError>;
    /// Interviews of episodes within scope (a practitioner's: only those assigned to them) that the selection
    /// picks, soonest due first: at most `paging.limit`, after its cursor.
    async fn return_interviews(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
        paging: &InterviewPaging,
    ) -> Result<Vec<ReturnInterview>, StoreError>;
    async fn return_interview(
        &mut self,
        id: crate::domain::ids::ReturnInterviewId,
        scope: Scope,
    ) -> Result<Option<ReturnInterview>, StoreError>;
    /// Writes the interview's status, practitioner, times, cover and record.
    async fn update_return_interview(&mut self, interview: &ReturnInterview) -> Result<(), StoreError>;
    /// The interviews [`Tx::return_interviews`] would list, each with its child's responsible council and its
    /// episode's area council, from which the core decides who is told about it.
    async fn interview_councils(
        &mut self,
        scope: Scope,
        selection: &InterviewSelection,
    ) -> Result<Vec<InterviewCouncils>, StoreError>;
    /// Active users holding any of these roles, by name: the people who may be asked to hold an interview.
    async fn active_users_in_roles(&mut self, roles: &[Role]) -> Result<Vec<User>, StoreError>;

    /// Records the police safe and well check; one per episode.
    async fn insert_safe_and_well(&mut self, check: &SafeAndWellCheck) -> Result<(), StoreError>;
    async fn safe_and_well(&mut self, episode: EpisodeId) -> Result<Option<SafeAndWellCheck>, StoreError>;
    /// Marks the police side of the episode closed.
    async fn close_police_side(&mut self, episode: EpisodeId, at: Timestamp) -> Result<(), StoreError>;

    async fn insert_recommendation(&mut self, recommendation: &Recommendation) -> Result<(), StoreError>;
    async fn recommendation(&mut self, id: RecommendationId) -> Result<Option<Recommendation>, StoreError>;
    /// An episode's recommendations, oldest first.
    async fn recommendations_for_episode(&mut self, episode: EpisodeId) -> Result<Vec<Recommendation>, StoreError>;
    /// The agency's recommendations, soonest due first; only those without a response when `open_only`. One page
    /// when `paging` is given, every one otherwise.
    async fn recommendations_owned(
        &mut self,
        agency: AgencyId,
        open_only: bool,
        paging: Option<&RecommendationPaging>,
    ) -> Result<Vec<Recommendation>, StoreError>;
    /// People the senders' records name by these `(agency, reference)` keys, with the key.
    async fn people_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Person)>, StoreError>;
    /// Episodes the senders' records name by these keys, with the key and the legacy-absent flag.
    async fn episodes_by_refs(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, Episode, bool)>, StoreError>;
    async fn interviews_of_episodes(&mut self, episodes: &[EpisodeId]) -> Result<Vec<ReturnInterview>, StoreError>;
    /// The digest of the row each of these episode keys was last imported from, for the keys that have one; nothing
    /// else is read.
    async fn import_digests(
        &mut self,
        keys: &[(AgencyId, String)],
    ) -> Result<Vec<(AgencyId, String, String)>, StoreError>;
    /// Records which person and episode each of the agency's references names (an episode's flag and digest are
    /// updated).
    async fn save_refs(
        &mut self,
        people: &[(AgencyId, String, PersonId)],
        episodes: &[EpisodeRef],
    ) -> Result<(), StoreError>;
    /// Adds a placement; a second current placement for one person fails on `placements_current`.
    async fn insert_placement(&mut self, placement: &Placement) -> Result<(), StoreError>;
    /// Rewrites a placement (its end).
    async fn update_placement(&mut self, placement: &Placement) -> Result<(), StoreError>;
    async fn placement(&mut self, id: PlacementId) -> Result<Option<Placement>, StoreError>;
    /// A person's placements, the latest start first.
    async fn placements_of_person(&mut self, person: PersonId) -> Result<Vec<Placement>, StoreError>;
    /// Rewrites a person's own fields.
    async fn update_person(&mut self, person: &Person) -> Result<(), StoreError>;
    /// Rewrites an episode's own fields.
    async fn update_episode(&mut self, episode: &Episode) -> Result<(), StoreError>;

    /// Replaces a council's SSDA903 children and periods of care with these.
    async fn replace_ssda903(
        &mut self,
        la: AgencyId,
        children: &[crate::domain::ssda903::Ssda903Child],
        episodes: &[crate::domain::ssda903::Ssda903Episode],
    ) -> Result<(), StoreError>;
    async fn ssda903_children(&mut self, la: AgencyId)
    -> Result<Vec<crate::domain::ssda903::Ssda903Child>, StoreError>;
    async fn ssda903_episodes(
        &mut self,
        la: AgencyId,
    ) -> Result<Vec<crate::domain::ssda903::Ssda903Episode>, StoreError>;
    /// The missing episodes of the council's SSDA903 children (those its references name), oldest first.
    async fn missing_periods(&mut self, la: AgencyId) -> Result<Vec<MissingPeriod>, StoreError>;
    /// The missing episodes of the children the council looks after (flagged looked after, the council
    /// responsible) whom none of its SSDA903 children names through its references: what the return leaves out.
    async fn unlisted_periods(&mut self, la: AgencyId) -> Result<Vec<UnlistedPeriod>, StoreError>;

    /// Records the response.
    async fn answer_recommendation(&mut self, recommendation: &Recommendation) -> Result<(), StoreError>;

    /// Adds an alert unless the same one (agency, kind, episode, occasion) was raised before; says whether it did.
    async fn raise_alert(&mut self, alert: &Alert) -> Result<bool, StoreError>;
    /// The agency's alerts not yet acknowledged that `filter` picks, in its order: its page, or every one.
    async fn open_alerts(&mut self, agency: AgencyId, filter: &AlertFilter) -> Result<Vec<Alert>, StoreError>;
    /// How many alerts the agency has open, by kind (kinds with none left out), in one query.
    async fn open_alert_counts(&mut self, agency: AgencyId) -> Result<Vec<AlertCount>, StoreError>;
    async fn alert(&mut self, id: AlertId, agency: AgencyId) -> Result<Option<Alert>, StoreError>;
    async fn acknowledge_alert(&mut self, alert: &Alert) -> Result<(), StoreError>;
    /// Episodes within scope whose person is still missing, for raising the alerts that time brings.
    async fn still_missing(&mut self, scope: Scope) -> Result<Vec<Episode>, StoreError>;

    /// One slim row per episode within scope that went missing at or after `from` and before `until`, for the key
    /// figures: no names, and the episode's statutory interview's status and times when it has one. Each is handed
    /// to `each` as it is read and none is kept, so a national year is counted in bounded memory.
    async fn stats_rows(
        &mut self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
        each: &mut (dyn FnMut(crate::domain::stats::StatsRow) + Send),
    ) -> Result<(), StoreError>;

    /// Writes a whole synthetic or imported data set at once, as fast as the backend allows.
    async fn bulk_insert(&mut self, data: &BulkData) -> Result<(), StoreError>;

    /// Before a large load: of these tables, those still empty have their secondary indexes (and on PostgreSQL
    /// their foreign keys) set aside, to be rebuilt by [`Tx::restore_after_load`] in the same transaction. Look-ups
    /// by primary key keep working meanwhile.
    async fn set_aside_for_load(&mut self, tables: &[&'static str]) -> Result<(), StoreError>;
    /// Rebuilds what [`Tx::set_aside_for_load`] set aside; a broken reference fails here.
    async fn restore_after_load(&mut self) -> Result<(), StoreError>;

    /// Brings the planner's statistics up to date, so that scoped reads choose the index over the caller's share:
    /// after a bulk load, in its transaction, and from the scheduler now and then.
    async fn refresh_statistics(&mut self) -> Result<(), StoreError>;

    /// Seals the event into the audit chain and appends it.
    async fn append_audit(&mut self, event: NewAuditEvent) -> Result<AuditEvent, StoreError>;

    /// Begins the chain with its genesis event: seals it as event 1 when the chain's head says nothing has been
    /// appended yet and no event is stored, and answers it; answers `None`, changing nothing, otherwise (the chain
    /// has begun, or its head record is gone: `audit verify` reports that).
    async fn begin_audit_chain(&mut self, genesis: NewAuditEvent) -> Result<Option<AuditEvent>, StoreError>;

    /// Whether a record of this kind (an audit target kind: `episode`, `person`, `return_interview`,
    /// `recommendation`, `alert`, `placement`, `link_proposal`, `context`) exists with this id, whoever may see it;
    /// `None` for another kind. Only for auditing a refused attempt: never answered to the one refused.
    async fn record_exists(&mut self, kind: &str, id: &str) -> Result<Option<bool>, StoreError>;
}

/// Delivers notifications out of Homeward: email over SMTP and signed webhooks in `homeward`; tests bring their own.
/// An error is the server's answer or the failure to reach it, never the message.
#[async_trait]
pub trait Courier: Send + Sync + std::fmt::Debug {
    async fn email(&self, to: &str, event: &crate::domain::notification::Event) -> Result<(), String>;
    async fn webhook(&self, url: &str, secret: &str, event: &crate::domain::notification::Event) -> Result<(), String>;
}

/// What makes an alert the one it is: raising it again changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlertKey {
    pub agency_id: AgencyId,
    pub kind: AlertKind,
    pub episode_id: Option<EpisodeId>,
    pub occasion: String,
}

impl AlertKey {
    pub fn of(alert: &Alert) -> Self {
        Self {
            agency_id: alert.agency_id,
            kind: alert.kind,
            episode_id: alert.episode_id,
            occasion: alert.occasion.clone(),
        }
    }
}

/// Records to write in bulk, in an order that satisfies every reference (agencies first).
#[derive(Debug, Clone, Default)]
pub struct BulkData {
    pub agencies: Vec<Agency>,
    pub users: Vec<User>,
    pub people: Vec<Person>,
    /// Looked-after children's placements (after the people they place).
    pub placements: Vec<Placement>,
    pub episodes: Vec<Episode>,
    pub assessments: Vec<RiskAssessment>,
    pub return_interviews: Vec<ReturnInterview>,
    /// Which person each agency's reference names (the `person_refs` table).
    pub person_refs: Vec<(AgencyId, String, PersonId)>,
    /// The match keys of the people (`matching::PersonMatcher::keys`).
    pub match_keys: Vec<(PersonId, String)>,
    /// Councils' SSDA903 Header rows, each child keyed by one of the council's references.
    pub ssda903_children: Vec<(AgencyId, crate::domain::ssda903::Ssda903Child)>,
    /// Councils' SSDA903 Episodes rows: their children's periods of care.
    pub ssda903_episodes: Vec<(AgencyId, crate::domain::ssda903::Ssda903Episode)>,
    /// Post-missing support plans, with their sessions (after the interviews they follow).
    pub support_plans: Vec<crate::domain::support::SupportPlan>,
    /// Spells of children missing education.
    pub missing_education: Vec<crate::domain::education::MissingEducation>,
    /// Helpline and self-referral contacts (after the people some are linked to).
    pub helpline_contacts: Vec<crate::domain::helpline::HelplineContact>,
}

/// A missing period of an SSDA903 child: `(CHILD, went missing, returned, category)`.
pub type MissingPeriod = (String, Timestamp, Option<Timestamp>, Option<crate::domain::episode::LaCategory>);
/// A missing period of a looked-after child no SSDA903 child names: `(person, went missing, returned)`.
pub type UnlistedPeriod = (PersonId, Timestamp, Option<Timestamp>);
