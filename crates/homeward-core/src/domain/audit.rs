//! The audit log: one event for every change and every read of a personal record, chained by SHA-256 so that an
//! edited, inserted or deleted row breaks the chain at that point.

use sha2::{Digest, Sha256};

use super::code_enum;
use super::time::Timestamp;

code_enum! {
    /// What was done. The text forms are stable: audit readers and the chain depend on them.
    pub enum AuditAction {
        AgencyCreated => "agency.created",
        UserCreated => "user.created",
        TokenCreated => "token.created",
        PersonCreated => "person.created",
        PersonRead => "person.read",
        EpisodeCreated => "episode.created",
        EpisodeRead => "episode.read",
        EpisodesListed => "episodes.listed",
        DemoSeeded => "demo.seeded",
        SignedIn => "session.signed_in",
        SignInFailed => "session.sign_in_failed",
        SignedOut => "session.signed_out",
        RiskAssessed => "risk.assessed",
        AlertAcknowledged => "alert.acknowledged",
        AlertsRaised => "alerts.raised",
        ProfileSaved => "profile.saved",
        ProfileTypeReplaced => "profile.type_replaced",
        CategoryChanged => "episode.category_changed",
        PhotoSaved => "photo.saved",
        PlacementRecorded => "placement.recorded",
        PlacementEnded => "placement.ended",
        PhotoRead => "photo.read",
        AgencyRulesSet => "agency.rules_set",
        AgencyChannelsSet => "agency.channels_set",
        AlertSubscriptionsSet => "user.alert_subscriptions_set",
        ReturnRecorded => "episode.returned",
        InterviewAssigned => "return_interview.assigned",
        InterviewsListed => "return_interviews.listed",
        InterviewRead => "return_interview.read",
        SafeAndWellRecorded => "episode.safe_and_well_recorded",
        InterviewOutcomeRecorded => "return_interview.outcome_recorded",
        ReturnConversationOffered => "return_interview.conversation_offered",
        RecommendationsListed => "recommendations.listed",
        RecommendationAnswered => "recommendation.answered",
        EpisodesImported => "episodes.imported",
        Ssda903Imported => "ssda903.imported",
        Ssda903Exported => "ssda903.exported",
        FiguresRead => "figures.read",
        LinkagePeopleRead => "link.people_read",
        LinksProposed => "link.proposed",
        PersonMatchesSearched => "person.matches_searched",
        LinkProposalsListed => "link.proposals_listed",
        LinkConfirmed => "link.confirmed",
        LinkRejected => "link.rejected",
        LinkUndone => "link.undone",
        IntelligenceRead => "intelligence.read",
        ContextOpened => "context.opened",
        ContextClosed => "context.closed",
        ContextsListed => "contexts.listed",
        OfstedNotificationRecorded => "ofsted.notification_recorded",
        OfstedNotificationsListed => "ofsted.notifications_listed",
        AbductionNoticeRecorded => "abduction_notice.recorded",
        AbductionNoticesListed => "abduction_notices.listed",
        SupportPlanMade => "support_plan.made",
        SupportPlanRead => "support_plan.read",
        SupportPlansListed => "support_plans.listed",
        SupportSessionRecorded => "support_plan.session_recorded",
        SupportPlanReviewed => "support_plan.reviewed",
        SupportPlanClosed => "support_plan.closed",
        MissingEducationRecorded => "missing_education.recorded",
        MissingEducationEnded => "missing_education.ended",
        MissingEducationListed => "missing_education.listed",
        HelplineContactLogged => "helpline_contact.logged",
        HelplineContactRead => "helpline_contact.read",
        HelplineContactsListed => "helpline_contacts.listed",
        HelplineContactLinked => "helpline_contact.linked",
        HelplineContactUnlinked => "helpline_contact.unlinked",
        HelplineFiguresRead => "helpline_figures.read",
        /// An agency's users listed by its admin (audited only when refused).
        UsersListed => "users.listed",
        PostcodesImported => "geo.postcodes_imported",
        RequestReplayed => "request.replayed",
        /// The chain's first event, naming the deployment; written once, when a new database is first opened.
        Genesis => "audit.genesis",
        /// An attempt on a record that was refused: not found (outside scope, or no such record) or forbidden.
        AccessRefused => "access.refused",
        SignInRefused => "session.sign_in_refused",
        SignInUnlocked => "session.sign_in_unlocked",
        SecondFactorEnrolled => "user.second_factor_enrolled",
        SecondFactorFailed => "session.second_factor_failed",
        RecoveryCodeUsed => "session.recovery_code_used",
        SecondFactorReset => "user.second_factor_reset",
        /// Everything held about a person gathered for a subject access request; the details hold counts only.
        SubjectAccessGathered => "subject_access.gathered",
        /// A person's records erased under the retention schedule: the tombstone, with the rule and counts only.
        RetentionErased => "retention.erased",
        /// Sessions or notifications past the retention schedule removed; the details hold the kind and count.
        RetentionRemoved => "retention.removed",
        /// A return or extract written (Annex A, SSD, return interview figures, research); the details name the
        /// kind, council, period and row count.
        ReturnWritten => "return.written",
        /// A police supervisor reviewed an episode imported as "absent".
        LegacyAbsentReviewed => "episode.legacy_absent_reviewed",
        /// Philomena Protocol part 2 (clothing, where last seen) recorded on an episode.
        MissingDescriptionSaved => "episode.missing_description_saved",
        ProfileVersionsListed => "profile.versions_listed",
        ProfileVersionRead => "profile.version_read",
        LongTermListed => "long_term.listed",
        LongTermRead => "long_term.read",
        LongTermSaved => "long_term.saved",
        LongTermReviewed => "long_term.reviewed",
    }
}

/// An event about to be appended. The store gives it its sequence number and seals it into the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    pub at: Timestamp,
    pub actor_user_id: Option<String>,
    pub actor_agency_id: Option<String>,
    /// The actor's role, or `operator:COMMAND` for someone running a `homeward` command on the server.
    pub actor_role: String,
    pub action: AuditAction,
    pub target_kind: &'static str,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    /// Extra facts as canonical JSON (sorted keys). Never names or free text: ids and counts only.
    pub details: String,
}

/// An event as stored. All fields are plain text so that a tampered row can still be read and reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: String,
    pub actor_user_id: Option<String>,
    pub actor_agency_id: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash before the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl NewAuditEvent {
    /// The genesis event of a new chain: made at `at`, naming the deployment (a name its operators chose, or the
    /// database it lives in). It is sealed as event 1 or not at all.
    pub fn genesis(at: Timestamp, deployment: &str) -> Self {
        let details = serde_json::json!({ "deployment": deployment }).to_string();
        Self { details, ..Self::bare(at, "homeward", AuditAction::Genesis, "audit_chain") }
    }

    /// An event with only its time, actor's role, action and target kind; the caller fills in the rest it knows.
    pub fn bare(at: Timestamp, actor_role: &str, action: AuditAction, target_kind: &'static str) -> Self {
        Self {
            at,
            actor_user_id: None,
            actor_agency_id: None,
            actor_role: actor_role.to_owned(),
            action,
            target_kind,
            target_id: None,
            reason: None,
            request_id: None,
            details: "{}".to_owned(),
        }
    }

    /// Seals the event as number `seq`, after the event whose hash is `prev_hash`.
    pub fn seal(self, seq: i64, prev_hash: &str) -> AuditEvent {
        self.unsealed().sealed_as(seq, prev_hash)
    }

    /// The event's stored texts before it has a place in the chain: no number and no hashes yet. It is kept in this
    /// form when it must wait for the chain (the store's spool), then sealed with [`AuditEvent::sealed_as`].
    pub fn unsealed(self) -> AuditEvent {
        AuditEvent {
            seq: 0,
            at: self.at.to_rfc3339(),
            actor_user_id: self.actor_user_id,
            actor_agency_id: self.actor_agency_id,
            actor_role: self.actor_role,
            action: self.action.as_str().to_owned(),
            target_kind: self.target_kind.to_owned(),
            target_id: self.target_id,
            reason: self.reason,
            request_id: self.request_id,
            details: self.details,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }
}

impl AuditEvent {
    /// The event sealed as number `seq`, after the event whose hash is `prev_hash`: its texts unchanged, its number,
    /// previous hash and hash set.
    #[must_use]
    pub fn sealed_as(mut self, seq: i64, prev_hash: &str) -> AuditEvent {
        self.seq = seq;
        prev_hash.clone_into(&mut self.prev_hash);
        self.hash = self.computed_hash();
        self
    }

    /// The SHA-256 over the previous hash and every field, each length-prefixed so no two events share an input.
    pub fn computed_hash(&self) -> String {
        let mut hasher = Sha256::new();
        let seq = self.seq.to_string();
        let fields: [Option<&str>; 12] = [
            Some(&self.prev_hash),
            Some(&seq),
            Some(&self.at),
            self.actor_user_id.as_deref(),
            self.actor_agency_id.as_deref(),
            Some(&self.actor_role),
            Some(&self.action),
            Some(&self.target_kind),
            self.target_id.as_deref(),
            self.reason.as_deref(),
            self.request_id.as_deref(),
            Some(&self.details),
        ];
        for field in fields {
            match field {
                None => hasher.update(b"-"),
                Some(text) => {
                    hasher.update(text.len().to_string().as_bytes());
                    hasher.update(b":");
                    hasher.update(text.as_bytes());
                }
            }
            hasher.update(b";");
        }
        hex::encode(hasher.finalize())
    }
}

/// Where a chain first goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit event {seq} has been altered: its contents no longer match its hash")]
    Altered { seq: i64 },
    #[error("audit event {expected} is missing: the next event found is {found}")]
    Missing { expected: i64, found: i64 },
    #[error("audit event {seq} does not follow the event before it: an event before it was altered or replaced")]
    Unlinked { seq: i64 },
    #[error("the audit log ends at event {last} but {head} events were written: the latest events were removed")]
    Truncated { last: i64, head: i64 },
    #[error("the audit chain's head record is missing or altered")]
    HeadMissing,
    #[error(
        "the audit log is empty, yet every database's log begins with its genesis event: the whole log has been deleted"
    )]
    Emptied,
    #[error(
        "audit event {seq} is not the event checkpointed as number {seq} at {at}: the chain has been rewritten from \
         there or before"
    )]
    UnlikeCheckpoint { seq: i64, at: String },
    #[error(
        "the audit log ends at event {last}, but the checkpoint taken at {at} recorded event {checkpointed}: the \
         events after {last} have been removed (and the head rewritten to match)"
    )]
    BehindCheckpoint { last: i64, checkpointed: i64, at: String },
}

/// How a chain begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStart {
    /// With its genesis event, naming the deployment, made at `at`.
    Genesis { deployment: String, at: String },
    /// With an ordinary event: the chain was begun before Homeward wrote genesis events (or by a test's core).
    PredatesGenesis,
    /// Not at all: no event has been read yet.
    Empty,
}

impl ChainStart {
    /// How the chain whose first event this is begins.
    pub fn of(first: &AuditEvent) -> Self {
        if first.action != AuditAction::Genesis.as_str() {
            return Self::PredatesGenesis;
        }
        let deployment = serde_json::from_str::<serde_json::Value>(&first.details)
            .ok()
            .and_then(|details| details.get("deployment").and_then(|d| d.as_str()).map(str::to_owned))
            .unwrap_or_default();
        Self::Genesis { deployment, at: first.at.clone() }
    }
}

/// Checks events in order, one page at a time, remembering only the last event seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
    start: ChainStart,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { last_seq: 0, last_hash: GENESIS_HASH.to_owned(), start: ChainStart::Empty }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, event: &AuditEvent) -> Result<(), ChainBreak> {
        if event.seq != self.last_seq + 1 {
            return Err(ChainBreak::Missing { expected: self.last_seq + 1, found: event.seq });
        }
        if event.computed_hash() != event.hash {
            return Err(ChainBreak::Altered { seq: event.seq });
        }
        if event.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked { seq: event.seq });
        }
        if event.seq == 1 {
            self.start = ChainStart::of(event);
        }
        self.last_seq = event.seq;
        self.last_hash.clone_from(&event.hash);
        Ok(())
    }

    /// How the chain checked so far begins.
    pub fn start(&self) -> &ChainStart {
        &self.start
    }

    /// Compares the end of the chain with the head the store keeps, which catches removal of the latest events. An
    /// empty log is itself a break: a database's log begins with its genesis event, so an empty one was emptied.
    pub fn finish(self, head: Option<(i64, String)>) -> Result<i64, ChainBreak> {
        match head {
            None | Some((0, _)) if self.last_seq == 0 => Err(ChainBreak::Emptied),
            Some((seq, _)) if seq > self.last_seq => Err(ChainBreak::Truncated { last: self.last_seq, head: seq }),
            Some((seq, hash)) if seq == self.last_seq && hash == self.last_hash => Ok(seq),
            // No head though events exist, or a head that disagrees with the last event.
            None | Some(_) => Err(ChainBreak::HeadMissing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: usize) -> NewAuditEvent {
        let at = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid");
        NewAuditEvent {
            actor_user_id: Some(format!("user-{n}")),
            target_id: Some(format!("e-{n}")),
            ..NewAuditEvent::bare(at, "police_officer", AuditAction::EpisodeRead, "episode")
        }
    }

    fn chain(len: usize) -> Vec<AuditEvent> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=len)
            .map(|n| {
                let sealed = event(n).seal(n as i64, &prev);
                prev.clone_from(&sealed.hash);
                sealed
            })
            .collect()
    }

    fn verify(events: &[AuditEvent], head: Option<(i64, String)>) -> Result<i64, ChainBreak> {
        let mut verifier = ChainVerifier::default();
        for e in events {
            verifier.check(e)?;
        }
        verifier.finish(head)
    }

    fn head(events: &[AuditEvent]) -> Option<(i64, String)> {
        events.last().map(|e| (e.seq, e.hash.clone()))
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let events = chain(5);
        assert_eq!(verify(&events, head(&events)), Ok(5));
    }

    #[test]
    fn an_empty_log_was_emptied_and_a_genesis_event_names_the_deployment() {
        assert_eq!(verify(&[], None), Err(ChainBreak::Emptied));
        assert_eq!(verify(&[], Some((0, GENESIS_HASH.to_owned()))), Err(ChainBreak::Emptied));
        let at = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").expect("valid");
        let genesis = NewAuditEvent::genesis(at, "northmoor-live").seal(1, GENESIS_HASH);
        let mut verifier = ChainVerifier::default();
        verifier.check(&genesis).expect("a chain of one");
        assert_eq!(
            verifier.start(),
            &ChainStart::Genesis { deployment: "northmoor-live".into(), at: genesis.at.clone() }
        );
        let mut older = ChainVerifier::default();
        older.check(&chain(1)[0]).expect("a chain of one");
        assert_eq!(older.start(), &ChainStart::PredatesGenesis);
    }

    #[test]
    fn an_edited_event_is_named() {
        let mut events = chain(5);
        let head = head(&events);
        events[2].target_id = Some("someone-else".into());
        assert_eq!(verify(&events, head), Err(ChainBreak::Altered { seq: 3 }));
    }

    #[test]
    fn a_deleted_event_is_named() {
        let mut events = chain(5);
        let head = head(&events);
        events.remove(1);
        assert_eq!(verify(&events, head), Err(ChainBreak::Missing { expected: 2, found: 3 }));
    }

    #[test]
    fn a_rehashed_event_breaks_the_link_after_it() {
        let mut events = chain(5);
        let head = head(&events);
        events[1].reason = Some("covered up".into());
        events[1].hash = events[1].computed_hash();
        assert_eq!(verify(&events, head), Err(ChainBreak::Unlinked { seq: 3 }));
    }

    #[test]
    fn removing_the_latest_events_is_found_through_the_head() {
        let mut events = chain(5);
        let head = head(&events);
        events.truncate(3);
        assert_eq!(verify(&events, head), Err(ChainBreak::Truncated { last: 3, head: 5 }));
    }
}
