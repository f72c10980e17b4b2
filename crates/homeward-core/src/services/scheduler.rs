//! The scheduler: raises every alert time brings when it falls due, stamped with that moment, and closes the alerts
//! whose cause has gone, whether or not anyone is signed in. `homeward serve` ticks it every 30 seconds and
//! `homeward alerts tick` once, for deployments that prefer an external timer. However many servers share the
//! database, one ticks at a time (a lease), and an alert is raised once (its key is unique).

use std::collections::{BTreeMap, HashMap, HashSet};

use time::Duration;

use crate::authz::{Actor, Scope};
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::audit::AuditAction;
use crate::domain::episode::Episode;
use crate::domain::ids::{AgencyId, EpisodeId};
use crate::domain::return_interview::InterviewSelection;
use crate::domain::time::{Timestamp, london};
use crate::error::CoreError;
use crate::ports::{AlertKey, Tx};
use crate::rules::timed::{self, Causes, Fallen, INTERVIEW_WARNING, TIMED_KINDS};
use crate::rules::{interviews, long_term, support};

use super::Core;

/// The scheduler's lease: one tick at a time, across every server sharing the database.
pub const LEASE_NAME: &str = "scheduler";
/// How long a tick's lease lasts if its holder dies mid-tick: another server takes over once it runs out.
pub const LEASE: Duration = Duration::seconds(90);
/// How often `homeward serve` ticks.
pub const TICK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);
/// The lease that spaces out refreshes of the planner's statistics: at most one an hour, across every server.
pub const STATISTICS_LEASE_NAME: &str = "statistics";
/// How often the planner's statistics are refreshed, so scoped reads keep choosing the index as the tables grow.
pub const STATISTICS_EVERY: Duration = Duration::hours(1);

/// What one tick did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// False when another scheduler holds the lease, so this one did nothing.
    pub ran: bool,
    /// Alerts raised, by kind.
    pub raised: BTreeMap<AlertKind, usize>,
    /// Alerts closed because their cause had gone.
    pub closed: usize,
    /// Episodes still missing, looked at.
    pub still_missing: usize,
    /// Daily digests queued (the first tick after 07:00 London time queues the day's).
    pub digests: usize,
}

/// The causes of timed alerts as this tick read them.
struct Read {
    missing: HashMap<EpisodeId, Episode>,
    awaiting: HashMap<String, Timestamp>,
    unanswered: HashSet<String>,
    ofsted_unrecorded: HashSet<String>,
    support_overdue: HashSet<String>,
    /// Each long-term missing episode's next review date.
    long_term: HashMap<EpisodeId, time::Date>,
}

impl Causes for Read {
    fn still_missing(&self, episode: &EpisodeId) -> Option<&Episode> {
        self.missing.get(episode)
    }
    fn awaiting_offer(&self, interview: &str) -> Option<Timestamp> {
        self.awaiting.get(interview).copied()
    }
    fn unanswered(&self, recommendation: &str) -> bool {
        self.unanswered.contains(recommendation)
    }
    fn ofsted_unrecorded(&self, notification: &str) -> bool {
        self.ofsted_unrecorded.contains(notification)
    }
    fn support_review_overdue(&self, occasion: &str) -> bool {
        self.support_overdue.contains(occasion)
    }
    fn long_term_review_due(&self, episode: &EpisodeId) -> Option<time::Date> {
        self.long_term.get(episode).copied()
    }
}

/// Each force's time for a first assessment, read once per tick.
async fn assessment_times(tx: &mut dyn Tx, missing: &[Episode]) -> Result<HashMap<AgencyId, Duration>, CoreError> {
    let forces: HashSet<AgencyId> = missing.iter().filter_map(|e| e.police_force_id).collect();
    let mut times = HashMap::new();
    for force in forces {
        let minutes = tx.agency_rules(force).await?.and_then(|rules| rules.assess_within_minutes);
        times.insert(force, timed::assess_within(minutes));
    }
    Ok(times)
}

impl Core {
    /// Raises what has fallen due by now and closes what is done. `holder` names this scheduler for the lease.
    pub async fn tick(&self, actor: &Actor, holder: &str) -> Result<TickReport, CoreError> {
        actor.require_operator("only the scheduler raises the alerts time brings")?;
        // Reads' audit events spooled while a long job held the chain are sealed at the latest here, whether or not
        // any later read comes to seal them. A failure to seal them (they stay safely spooled) must not stop the
        // alerts time brings: it is logged and tried again at the next tick.
        if let Err(error) = self.store().seal_spooled_audit().await {
            tracing::error!(%error, "spooled audit events could not be sealed onto the chain; trying again next tick");
        }
        let now = self.now();
        let mut lease = self.begin().await?;
        let held = lease.take_lease(LEASE_NAME, holder, now, now.plus(LEASE)).await?;
        lease.commit().await?;
        if !held {
            return Ok(TickReport::default());
        }
        let ticked = self.tick_holding_lease(actor, now).await;
        if ticked.is_ok() {
            self.refresh_statistics_hourly(now).await?;
            // People held from before match keys existed are filed a batch a tick, until every one is.
            self.file_unfiled_people().await?;
            // So are episodes whose places and people were never filed (held before, or loaded in bulk).
            self.file_unfiled_intelligence().await?;
        }
        // Given up at once, so the next tick (this server's or another's) need not wait for it to run out; a
        // scheduler that dies mid-tick leaves it to run out.
        let mut lease = self.begin().await?;
        lease.release_lease(LEASE_NAME, holder).await?;
        lease.commit().await?;
        ticked
    }

    /// Refreshes the planner's statistics when the last refresh is an hour old. The lease is never released: it is
    /// held for the hour by the tick that refreshed them, named by its moment so that no later tick owns it.
    async fn refresh_statistics_hourly(&self, now: Timestamp) -> Result<(), CoreError> {
        let mut tx = self.begin().await?;
        let holder = now.to_rfc3339();
        if tx.take_lease(STATISTICS_LEASE_NAME, &holder, now, now.plus(STATISTICS_EVERY)).await? {
            tx.refresh_statistics().await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn tick_holding_lease(&self, actor: &Actor, now: Timestamp) -> Result<TickReport, CoreError> {
        let mut tx = self.begin().await?;
        let missing = tx.still_missing(Scope::All).await?;
        let assess = assessment_times(tx.as_mut(), &missing).await?;
        let soon = InterviewSelection { due_before: Some(now.plus(INTERVIEW_WARNING)), ..interviews::awaiting_offer() };
        let awaiting = tx.interview_councils(Scope::All, &soon).await?;
        let unanswered = tx.unanswered_recommendations(london(now).date()).await?;
        let ofsted = tx.unrecorded_ofsted_notifications().await?;
        let support_reviews = tx.support_reviews_before(london(now).date()).await?;

        let mut fallen: Vec<(Fallen, EpisodeId)> = Vec::new();
        for episode in &missing {
            let within = episode.police_force_id.and_then(|f| assess.get(&f).copied()).unwrap_or(timed::ASSESS_WITHIN);
            fallen.extend(timed::for_missing(episode, within, now).into_iter().map(|f| (f, episode.id)));
        }
        for interview in &awaiting {
            let brought = timed::for_interview(interview, interview.due_at, now);
            fallen.extend(brought.into_iter().map(|f| (f, interview.episode_id)));
        }
        for recommendation in &unanswered {
            fallen.extend(timed::for_recommendation(recommendation, now).map(|f| (f, recommendation.episode_id)));
        }
        for notification in &ofsted {
            fallen.extend(timed::for_ofsted(notification, now).map(|f| (f, notification.episode_id)));
        }

        for plan in &support_reviews {
            fallen.extend(support::review_overdue(plan, now).map(|f| (f, plan.episode_id)));
        }

        let mut long_term = HashMap::new();
        for listing in tx.long_term_sweep(long_term::went_missing_by(now)).await? {
            let interval = listing.entry.as_ref().map_or_else(long_term::default_interval, |e| e.review_interval);
            let episode = &listing.listing.episode;
            let due = long_term::review_due_on(episode.went_missing_at, listing.last_reviewed_on, interval);
            fallen.extend(timed::for_long_term(&listing, due, now).into_iter().map(|f| (f, episode.id)));
            long_term.insert(episode.id, due);
        }

        let known: HashSet<AlertKey> = tx.raised_alert_keys().await?.into_iter().collect();
        let new: Vec<Alert> = fallen
            .into_iter()
            .map(|(f, episode)| Alert::raised(f.due, episode, f.at))
            .filter(|alert| !known.contains(&AlertKey::of(alert)))
            .collect();
        let new = crate::outbox::raise(tx.as_mut(), new, now).await?;

        let read = Read {
            missing: missing.into_iter().map(|e| (e.id, e)).collect(),
            awaiting: awaiting.iter().map(|i| (i.interview_id.to_string(), i.due_at)).collect(),
            unanswered: unanswered.iter().map(|r| r.id.to_string()).collect(),
            ofsted_unrecorded: ofsted.iter().map(|n| n.id.to_string()).collect(),
            support_overdue: support_reviews.iter().map(support::review_occasion).collect(),
            long_term,
        };
        let mut closable = TIMED_KINDS.to_vec();
        closable.extend([
            AlertKind::RecommendationOverdue,
            AlertKind::OfstedNotificationOverdue,
            AlertKind::SupportReviewOverdue,
        ]);
        let closing: Vec<_> = tx
            .open_alerts_of_kinds(&closable)
            .await?
            .into_iter()
            .filter_map(|alert| timed::cause_gone(&alert, &read, now).map(|reason| (alert.id, reason)))
            .collect();
        tx.close_alerts(&closing, now).await?;
        let digests = crate::outbox::queue_digest(tx.as_mut(), now).await?;
        tx.purge_delivered(now.plus(-crate::rules::notify::KEEP_DELIVERED)).await?;
        tx.purge_idempotency_keys(crate::rules::idempotency::expired_before(now)).await?;

        let mut report = TickReport {
            ran: true,
            closed: closing.len(),
            still_missing: read.missing.len(),
            digests,
            ..TickReport::default()
        };
        for alert in &new {
            *report.raised.entry(alert.kind).or_default() += 1;
        }
        if !new.is_empty() || !closing.is_empty() || digests > 0 {
            let details = serde_json::json!({
                "raised": new.iter().map(|a| a.id.to_string()).collect::<Vec<_>>(),
                "closed": closing.iter().map(|(id, reason)| [id.to_string(), reason.as_str().to_owned()]).collect::<Vec<_>>(),
                "digests": digests,
            });
            let event = self.audit_event(actor, AuditAction::AlertsRaised, "scheduler", None, &details);
            tx.append_audit(event).await?;
        }
        tx.commit().await?;
        Ok(report)
    }
}
