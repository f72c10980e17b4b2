//! The columns of each table that records are inserted into, and how a record gives its values: named once, for one
//! row and for a national load alike.

use std::collections::BTreeMap;

use homeward_core::domain::agency::Agency;
use homeward_core::domain::alert::{Alert, ClosedReason};
use homeward_core::domain::audit::AuditEvent;
use homeward_core::domain::credentials::{ApiToken, Session};
use homeward_core::domain::episode::{CategoryChange, Episode, LaCategory, ReturnOutcome};
use homeward_core::domain::geo::PostcodeInfo;
use homeward_core::domain::ids::{AgencyId, PersonId};
use homeward_core::domain::import::EpisodeRef;
use homeward_core::domain::intel::{Associate, IntelLink, Linked, Place};
use homeward_core::domain::link::LinkProposal;
use homeward_core::domain::notification::Notification;
use homeward_core::domain::person::Person;
use homeward_core::domain::photo::Photo;
use homeward_core::domain::placement::Placement;
use homeward_core::domain::profile::Profile;
use homeward_core::domain::return_interview::{Recommendation, ReturnInterview, SafeAndWellCheck};
use homeward_core::domain::risk::{RiskAssessment, RiskGrade};
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::domain::text::{FreeText, Postcode};
use homeward_core::domain::user::User;
use homeward_core::rules::intel::sector;

use crate::value::{Query, Value, json};

/// Records bound for one table, their values made a row at a time as they are written, so a national load never
/// holds a second copy of its records.
pub(crate) struct Rows<'a> {
    pub(crate) table: &'static str,
    pub(crate) columns: &'static [&'static str],
    pub(crate) len: usize,
    pub(crate) values: ValueRows<'a>,
}

/// Each record's values, in the order of the table's columns.
pub(crate) type ValueRows<'a> = Box<dyn Iterator<Item = Vec<Value>> + Send + 'a>;

/// `fn name(records) -> Rows` for `table`, each `"column" = value` naming a column and how one record (`|r|`) gives
/// its value.
macro_rules! table {
    ($(#[$meta:meta])* $name:ident, $table:literal, $record:ty, |$r:ident| { $($column:literal = $value:expr),+ $(,)? }) => {
        $(#[$meta])*
        #[allow(clippy::elidable_lifetime_names, reason = "one signature serves records that borrow, too")]
        pub(crate) fn $name<'a>(records: &'a [$record]) -> Rows<'a> {
            Rows {
                table: $table,
                columns: &[$($column),+],
                len: records.len(),
                values: Box::new(records.iter().map(|$r| vec![$(Value::from($value)),+])),
            }
        }
    };
}

fn text(text: Option<&FreeText>) -> Option<&str> {
    text.map(FreeText::as_str)
}

table!(agencies, "agencies", Agency, |a| {
    "id" = a.id,
    "code" = a.code.as_str(),
    "name" = a.name.as_str(),
    "kind" = a.kind.as_str(),
    "police_force_id" = a.police_force_id,
});

table!(users, "users", User, |u| {
    "id" = u.id,
    "email" = u.email.as_str(),
    "name" = u.name.as_str(),
    "agency_id" = u.agency_id,
    "role" = u.role.as_str(),
    "password_hash" = u.password_hash.as_stored(),
    "active" = u.active,
    "created_at" = u.created_at,
});

table!(people, "people", Person, |p| {
    "id" = p.id,
    "given_name" = p.given_name.as_str(),
    "family_name" = p.family_name.as_str(),
    "date_of_birth" = p.date_of_birth,
    "sex" = p.sex.as_str(),
    "looked_after" = p.looked_after,
    "responsible_la_id" = p.responsible_la_id,
    "host_la_id" = p.host_la_id,
    "placement_provider_id" = p.placement_provider_id,
    "allocated_worker_id" = p.allocated_worker_id,
    "recorded_by_agency_id" = p.recorded_by_agency_id,
    "created_at" = p.created_at,
});

table!(episodes, "episodes", Episode, |e| {
    "id" = e.id,
    "person_id" = e.person_id,
    "recorded_by_agency_id" = e.recorded_by_agency_id,
    "police_force_id" = e.police_force_id,
    "area_la_id" = e.area_la_id,
    "went_missing_at" = e.went_missing_at,
    "reported_at" = e.reported_at,
    "missing_from" = e.missing_from.as_str(),
    "status" = e.status.as_str(),
    "la_category" = e.la_category.map(LaCategory::as_str),
    "last_seen_place" = text(e.last_seen_place.as_ref()),
    "circumstances" = text(e.circumstances.as_ref()),
    "police_reference" = e.police_reference.as_ref().map(ToString::to_string),
    "reporter" = text(e.reporter.as_ref()),
    "returned_at" = e.returned_at,
    "return_outcome" = e.return_outcome.map(ReturnOutcome::as_str),
    "police_grade" = e.risk.police.map(RiskGrade::as_str),
    "children_services_grade" = e.risk.children_services.map(RiskGrade::as_str),
    "joint_grade" = e.risk.joint.map(RiskGrade::as_str),
    "disagreement" = e.risk.disagreement,
    "review_due_at" = e.risk.review_due_at,
    "cse_concern" = e.risk.cse_concern,
    "cce_concern" = e.risk.cce_concern,
    "created_at" = e.created_at,
    "updated_at" = e.updated_at,
    "found_place" = text(e.found.place.as_ref()),
    "found_postcode" = e.found.postcode.as_ref().map(ToString::to_string),
    "found_out_of_area" = e.found.out_of_area,
    "found_by" = text(e.found.by.as_ref()),
    "police_closed_at" = e.police_closed_at,
});

table!(assessments, "risk_assessments", RiskAssessment, |a| {
    "id" = a.id,
    "episode_id" = a.episode_id,
    "side" = a.side.as_str(),
    "grade" = a.grade.as_str(),
    "rationale" = a.rationale.as_str(),
    "answers" = json(&a.answers),
    "cse_concern" = a.cse_concern,
    "cce_concern" = a.cce_concern,
    "override_reason" = text(a.override_reason.as_ref()),
    "assessed_by" = a.assessed_by,
    "assessed_at" = a.assessed_at,
});

table!(return_interviews, "return_interviews", ReturnInterview, |r| {
    "id" = r.id,
    "episode_id" = r.episode_id,
    "statutory" = r.statutory,
    "due_at" = r.due_at,
    "status" = r.status.as_str(),
    "practitioner_id" = r.practitioner_id,
    "offered_at" = r.offered_at,
    "completed_at" = r.completed_at,
    "created_at" = r.created_at,
    "covered_by" = r.covered_by,
    "record" = r.record.as_ref().map_or(Value::Text(None), json),
    "offered_by_agency_id" = r.offered_by_agency_id,
});

table!(
    /// The sender's references for people, new ones only (a person's reference never changes).
    person_refs, "person_refs", (AgencyId, String, PersonId), |r| {
    "agency_id" = r.0,
    "ref" = r.1.as_str(),
    "person_id" = r.2,
});

table!(
    /// The match keys people are filed under (`homeward_core::matching`).
    match_keys, "person_match_keys", (PersonId, String), |k| {
    "match_key" = k.1.as_str(),
    "person_id" = k.0,
});

table!(
    /// The sender's references for episodes; one already held keeps its episode and takes the new flag and digest.
    episode_refs, "episode_refs", EpisodeRef, |r| {
    "agency_id" = r.agency,
    "ref" = r.reference.as_str(),
    "episode_id" = r.episode,
    "legacy_absent" = r.legacy_absent,
    "digest" = r.digest.as_str(),
});

table!(api_tokens, "api_tokens", ApiToken, |t| {
    "id" = t.id,
    "user_id" = t.user_id,
    "token_hash" = t.hash.as_str(),
    "created_at" = t.created_at,
    "expires_at" = t.expires_at,
});

table!(sessions, "sessions", Session, |s| {
    "id" = s.id,
    "user_id" = s.user_id,
    "token_hash" = s.hash.as_str(),
    "created_at" = s.created_at,
    "last_seen_at" = s.last_seen_at,
    "awaiting_second_factor" = s.awaiting_second_factor,
});

table!(
    /// Events already sealed: their hashes cover these exact texts.
    audit_events, "audit_events", AuditEvent, |e| {
    "seq" = e.seq,
    "at" = e.at.as_str(),
    "actor_user_id" = &e.actor_user_id,
    "actor_agency_id" = &e.actor_agency_id,
    "actor_role" = e.actor_role.as_str(),
    "action" = e.action.as_str(),
    "target_kind" = e.target_kind.as_str(),
    "target_id" = &e.target_id,
    "reason" = &e.reason,
    "request_id" = &e.request_id,
    "details" = e.details.as_str(),
    "prev_hash" = e.prev_hash.as_str(),
    "hash" = e.hash.as_str(),
});

table!(
    /// Events waiting for the chain: their texts exactly as they will be sealed, in the order they were kept.
    audit_spool, "audit_spool", AuditEvent, |e| {
    "at" = e.at.as_str(),
    "actor_user_id" = &e.actor_user_id,
    "actor_agency_id" = &e.actor_agency_id,
    "actor_role" = e.actor_role.as_str(),
    "action" = e.action.as_str(),
    "target_kind" = e.target_kind.as_str(),
    "target_id" = &e.target_id,
    "reason" = &e.reason,
    "request_id" = &e.request_id,
    "details" = e.details.as_str(),
});

table!(category_changes, "la_category_changes", CategoryChange, |c| {
    "episode_id" = c.episode_id,
    "category" = c.category.as_str(),
    "changed_at" = c.changed_at,
    "changed_by" = c.changed_by,
});

table!(placements, "placements", Placement, |p| {
    "id" = p.id,
    "person_id" = p.person_id,
    "provider_id" = p.provider_id,
    "host_la_id" = p.host_la_id,
    "postcode" = p.postcode.to_string(),
    "started_on" = p.started_on,
    "ended_on" = p.ended_on,
    "recorded_by" = p.recorded_by,
    "recorded_at" = p.recorded_at,
});

table!(postcodes, "postcodes", PostcodeInfo, |p| {
    "postcode" = p.postcode.as_str(),
    "easting" = p.easting,
    "northing" = p.northing,
    "la_code" = p.la_code.as_str(),
    "terminated" = p.terminated.as_deref(),
});

table!(link_proposals, "person_link_proposals", LinkProposal, |p| {
    "id" = p.id,
    "person_l" = p.person_l,
    "person_r" = p.person_r,
    "probability_ppm" = p.probability.ppm(),
    "evidence" = p.evidence.join(","),
    "status" = p.status.as_str(),
    "proposed_at" = p.proposed_at,
    "decided_by" = p.decided_by,
    "decided_at" = p.decided_at,
    "reason" = text(p.reason.as_ref()),
});

table!(photos, "photos", Photo, |p| {
    "person_id" = p.person_id,
    "content_type" = p.kind.content_type(),
    "taken_on" = p.taken_on,
    "bytes" = p.bytes.as_slice(),
    "uploaded_by" = p.uploaded_by,
    "uploaded_at" = p.uploaded_at,
});

table!(profiles, "profiles", Profile, |p| {
    "person_id" = p.person_id,
    "version" = p.version,
    "kind" = p.kind.as_str(),
    "fields" = json(&p.fields.iter().map(|(code, text)| (code.as_str(), text.as_str())).collect::<BTreeMap<_, _>>()),
    "saved_by" = p.saved_by,
    "saved_at" = p.saved_at,
});

table!(safe_and_well_checks, "safe_and_well_checks", SafeAndWellCheck, |c| {
    "episode_id" = c.episode_id,
    "checked_at" = c.checked_at,
    "face_to_face" = c.face_to_face,
    "disclosures" = text(c.disclosures.as_ref()),
    "actions" = text(c.actions.as_ref()),
    "recorded_by" = c.recorded_by,
    "recorded_at" = c.recorded_at,
});

table!(recommendations, "recommendations", Recommendation, |r| {
    "id" = r.id,
    "interview_id" = r.interview_id,
    "episode_id" = r.episode_id,
    "owner_agency_id" = r.owner_agency_id,
    "action" = r.action.as_str(),
    "due_on" = r.due_on,
    "created_by" = r.created_by,
    "created_at" = r.created_at,
    "decision" = r.response.as_ref().map(|x| x.decision.as_str()),
    "response" = text(r.response.as_ref().and_then(|x| x.text.as_ref())),
    "responded_at" = r.response.as_ref().map(|x| x.responded_at),
    "responded_by" = r.response.as_ref().map(|x| x.responded_by),
});

table!(alerts, "alerts", Alert, |a| {
    "id" = a.id,
    "agency_id" = a.agency_id,
    "kind" = a.kind.as_str(),
    "episode_id" = a.episode_id,
    "occasion" = a.occasion.as_str(),
    "raised_at" = a.raised_at,
    "acknowledged_at" = a.acknowledged_at,
    "acknowledged_by" = a.acknowledged_by,
    "note" = text(a.note.as_ref()),
    "placement_id" = a.placement_id,
    "closed_reason" = a.closed_reason.map(ClosedReason::as_str),
});

table!(outbox, "outbox", Notification, |n| {
    "id" = n.id,
    "delivery_id" = n.event.delivery_id(),
    "agency_id" = n.agency_id,
    "channel" = n.channel.as_str(),
    "recipient" = n.recipient.as_str(),
    "event" = json(&n.event),
    "created_at" = n.created_at,
    "attempts" = n.attempts,
    "next_attempt_at" = n.next_attempt_at,
    "delivered_at" = n.delivered_at,
    "gave_up_at" = n.gave_up_at,
    "last_error" = &n.last_error,
});

table!(ssda903_children, "ssda903_children", (AgencyId, &Ssda903Child), |r| {
    "la_id" = r.0,
    "child" = r.1.child.as_str(),
    "sex" = r.1.sex.as_str(),
    "dob" = r.1.dob,
    "ethnic" = r.1.ethnic.as_str(),
    "upn" = r.1.upn.as_str(),
    "mother" = r.1.mother.as_str(),
    "mc_dob" = r.1.mc_dob,
});

table!(ssda903_episodes, "ssda903_episodes", (AgencyId, &Ssda903Episode), |r| {
    "la_id" = r.0,
    "child" = r.1.child.as_str(),
    "decom" = r.1.decom,
    "rne" = r.1.rne.as_str(),
    "ls" = r.1.ls.as_str(),
    "cin" = r.1.cin.as_str(),
    "place" = r.1.place.as_str(),
    "place_provider" = r.1.place_provider.as_str(),
    "dec" = r.1.dec,
    "rec" = r.1.rec.as_str(),
    "reason_place_change" = r.1.reason_place_change.as_str(),
    "home_post" = r.1.home_post.as_str(),
    "pl_post" = r.1.pl_post.as_str(),
    "urn" = r.1.urn.as_str(),
});

impl Rows<'_> {
    /// One `UPDATE` per record, writing every column but `key` where `key` is the record's own: a record read in
    /// this transaction, changed and saved whole.
    pub(crate) fn updates(self, key: &str) -> Vec<Query> {
        let at = self.columns.iter().position(|column| *column == key).expect("the key is one of the table's columns");
        let sets: Vec<String> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(i, column)| format!("{column} = ${}", if i < at { i + 1 } else { i }))
            .collect();
        let sql = format!("UPDATE {} SET {} WHERE {key} = ${}", self.table, sets.join(", "), self.columns.len());
        self.values
            .map(|mut values| {
                let id = values.remove(at);
                values.push(id);
                Query { sql: sql.clone(), values }
            })
            .collect()
    }

    /// ` ON CONFLICT (key) DO UPDATE SET` every other column: the row replaces the one it collides with.
    pub(crate) fn replacing_on(&self, key: &str) -> String {
        let sets: Vec<String> = self
            .columns
            .iter()
            .filter(|column| **column != key)
            .map(|column| format!("{column} = excluded.{column}"))
            .collect();
        format!(" ON CONFLICT ({key}) DO UPDATE SET {}", sets.join(", "))
    }
}

table!(places, "places", Place, |p| {
    "id" = p.id,
    "resolve_key" = p.key.as_str(),
    "kind" = p.kind.as_str(),
    "name" = text(p.name.as_ref()),
    "postcode" = p.postcode.as_ref().map(Postcode::as_str),
    "sector" = p.postcode.as_ref().map(sector),
    "district" = p.postcode.as_ref().map(Postcode::district),
    "easting" = p.grid.map(|g| i64::from(g.0)),
    "northing" = p.grid.map(|g| i64::from(g.1)),
    "la_code" = p.la_code.as_deref(),
    "created_at" = p.created_at,
});

table!(associates, "associates", Associate, |a| {
    "id" = a.id,
    "name" = text(a.name.as_ref()),
    "nickname" = text(a.nickname.as_ref()),
    "approx_age" = a.approx_age.map(i64::from),
    "phones" = json(&a.phones),
    "vehicles" = json(&a.vehicles),
    "handles" = json(&a.handles),
    "created_at" = a.created_at,
});

table!(intel_links, "intel_links", IntelLink, |l| {
    "id" = l.id,
    "person_id" = l.person_id,
    "episode_id" = l.episode_id,
    "place_id" = match l.linked { Linked::Place(id) => Some(id), Linked::Associate(_) => None },
    "associate_id" = match l.linked { Linked::Associate(id) => Some(id), Linked::Place(_) => None },
    "role" = l.role.as_str(),
    "reliability" = l.reliability.as_str(),
    "source_kind" = l.source_kind.as_str(),
    "source_id" = l.source_id.as_str(),
    "evidence" = l.evidence.as_str(),
    "occurred_at" = l.occurred_at,
    "recorded_at" = l.recorded_at,
    "agency_id" = l.agency_id,
    "flagged" = l.flagged,
});
