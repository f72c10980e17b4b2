//! The records one row of an episode file describes: the person, the episode and a child's interview.

use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::episode::{Episode, EpisodeStatus, Found, ReturnOutcome};
use crate::domain::ids::{AgencyId, EpisodeId, PersonId, ReturnInterviewId};
use crate::domain::import::ImportedEpisode;
use crate::domain::person::Person;
use crate::domain::return_interview::{InterviewStatus, ReturnInterview};
use crate::domain::risk::EpisodeRisk;
use crate::domain::time::Timestamp;
use crate::rules::deadlines::return_interview_due;

/// The person a row describes: new, or the existing one with the row's fields (the rest kept).
pub(super) fn person_from(
    row: &ImportedEpisode,
    responsible: Option<AgencyId>,
    sender: &Agency,
    before: Option<&Person>,
    now: Timestamp,
) -> Person {
    Person {
        id: before.map_or_else(PersonId::random, |p| p.id),
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        date_of_birth: row.date_of_birth,
        sex: row.sex,
        looked_after: row.looked_after,
        responsible_la_id: responsible,
        host_la_id: before.and_then(|p| p.host_la_id),
        placement_provider_id: before.and_then(|p| p.placement_provider_id),
        allocated_worker_id: before.and_then(|p| p.allocated_worker_id),
        recorded_by_agency_id: before.map_or(Some(sender.id), |p| p.recorded_by_agency_id),
        created_at: before.map_or(now, |p| p.created_at),
    }
}

/// The episode a row describes: new, or the existing one with the row's fields.
pub(super) fn episode_from(
    row: &ImportedEpisode,
    sender: &Agency,
    person: &Person,
    before: Option<&Episode>,
    now: Timestamp,
) -> Episode {
    let police = sender.kind == AgencyKind::Police;
    let risk = EpisodeRisk {
        police: if police { row.risk_grade } else { before.and_then(|e| e.risk.police) },
        children_services: if police { before.and_then(|e| e.risk.children_services) } else { row.risk_grade },
        joint: row.risk_grade,
        disagreement: false,
        review_due_at: None,
        cse_concern: row.cse_concern,
        cce_concern: row.cce_concern,
    };
    Episode {
        id: before.map_or_else(EpisodeId::random, |e| e.id),
        person_id: person.id,
        recorded_by_agency_id: sender.id,
        police_force_id: crate::rules::police::covering_force(&crate::rules::police::ReportPlace {
            reporter: sender,
            named_force: None,
            host_council: None,
            area_council: (sender.kind == AgencyKind::LocalAuthority).then_some(sender),
        })
        .or_else(|| before.and_then(|e| e.police_force_id)),
        area_la_id: if sender.kind == AgencyKind::LocalAuthority {
            Some(sender.id)
        } else {
            before.and_then(|e| e.area_la_id)
        },
        went_missing_at: row.went_missing_at,
        reported_at: row.reported_at,
        missing_from: row.missing_from,
        status: if row.returned_at.is_some() { EpisodeStatus::Returned } else { EpisodeStatus::Missing },
        la_category: row.la_category,
        last_seen_place: before.and_then(|e| e.last_seen_place.clone()),
        circumstances: before.and_then(|e| e.circumstances.clone()),
        police_reference: before.and_then(|e| e.police_reference.clone()),
        reporter: before.and_then(|e| e.reporter.clone()),
        returned_at: row.returned_at,
        return_outcome: row.return_outcome,
        found: Found { postcode: row.found_postcode.clone(), ..before.map(|e| e.found.clone()).unwrap_or_default() },
        police_closed_at: before.and_then(|e| e.police_closed_at),
        risk,
        created_at: before.map_or(now, |e| e.created_at),
        updated_at: now,
    }
}

/// A child's return gets its statutory interview, standing as the row says.
pub(super) fn interview_from(
    row: &ImportedEpisode,
    person: &Person,
    episode: &Episode,
    before: Option<&ReturnInterview>,
    now: Timestamp,
) -> Option<ReturnInterview> {
    let returned_at = row.returned_at?;
    if !person.is_child_at(row.went_missing_at) || row.return_outcome == Some(ReturnOutcome::FoundDead) {
        return None;
    }
    let status = row.rhi_outcome.unwrap_or(if row.rhi_offered_at.is_some() {
        InterviewStatus::Offered
    } else {
        before.map_or(InterviewStatus::Due, |i| {
            if i.practitioner_id.is_some() { InterviewStatus::Assigned } else { InterviewStatus::Due }
        })
    });
    Some(ReturnInterview {
        id: before.map_or_else(ReturnInterviewId::random, |i| i.id),
        episode_id: episode.id,
        statutory: true,
        due_at: return_interview_due(returned_at),
        status,
        practitioner_id: before.and_then(|i| i.practitioner_id),
        offered_at: row.rhi_offered_at,
        completed_at: row.rhi_completed_at,
        created_at: before.map_or(now, |i| i.created_at),
        covered_by: before.and_then(|i| i.covered_by),
        record: before.and_then(|i| i.record.clone()),
        offered_by_agency_id: None,
    })
}
