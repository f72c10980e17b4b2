//! `homeward subject-access --person ID`: everything held about one person, from every agency, as pretty JSON for
//! the operator answering a subject access request (UK GDPR article 15). The records are shown in the API's shapes;
//! the photograph is described, never copied.

use std::io::Write;
use std::path::Path;

use homeward_core::domain::ids::PersonId;
use homeward_core::domain::time::{Timestamp, format_date};
use homeward_core::services::{EpisodeHeld, SubjectAccess};
use homeward_core::{Actor, CoreError};
use homeward_web::api::alerts::AlertView;
use homeward_web::api::education::MissingEducationView;
use homeward_web::api::follow_up::{LegacyAbsentView, MissingDescriptionView};
use homeward_web::api::intel::{AssociateView, IntelLinkView, PlaceView};
use homeward_web::api::links::LinkProposalView;
use homeward_web::api::long_term::{LongTermEntryView, LongTermReviewView};
use homeward_web::api::placements::PlacementView;
use homeward_web::api::support::SupportPlanAnswer;
use homeward_web::api::views::{
    AssessmentView, EpisodeView, PersonView, ProfileView, RecommendationView, ReturnInterviewView, SafeAndWellView,
};
use serde_json::{Value, json};

use super::{CliError, open_core};
use crate::cli::SubjectAccessArgs;
use crate::settings::Settings;

const COMMAND: &str = "subject-access";

pub async fn run(settings: &Settings, args: &SubjectAccessArgs) -> Result<(), CliError> {
    let id = PersonId::parse(args.person.trim())
        .map_err(|_| CliError::Input(format!("--person: {:?} is not a person's id", args.person)))?;
    let core = open_core(settings).await?;
    let gathered = match core.subject_access(&Actor::operator(COMMAND), id).await {
        Err(CoreError::NotFound) => return Err(CliError::Input(format!("--person: no person has the id {id}"))),
        other => other?,
    };
    let document = document(&gathered, core.now());
    let text = serde_json::to_string_pretty(&document).expect("JSON values always serialise") + "\n";
    match &args.out {
        Some(path) => write_private(path, &text),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| CliError::Failure(format!("cannot write to standard output: {e}"))),
    }
}

/// Writes the file readable by its owner only, whole or not at all: a temporary file beside it, renamed into place.
pub(super) fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt;
    let failed = |e: std::io::Error| CliError::Failure(format!("cannot write {}: {e}", path.display()));
    let mut partial = path.as_os_str().to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&partial)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(failed(e));
    }
    Ok(())
}

/// The whole answer: the note on what it is, then one section per kind of record.
fn document(g: &SubjectAccess, now: Timestamp) -> Value {
    json!({
        "about": {
            "what": "Everything Homeward holds about one person, gathered for a subject access request (UK GDPR \
                     article 15). Records of every agency are included: the answer is the controller's.",
            "person_id": g.person.id.to_string(),
            "generated_at": now.to_rfc3339(),
            "generated_by": format!("operator command: homeward {COMMAND} --person {}", g.person.id),
            "before_release": "This holds third parties' personal data (other people, places, associates, staff \
                               ids, other agencies' records and notes). The operator must consider each before \
                               release and redact or withhold under the exemptions that apply; nothing here has \
                               been redacted.",
            "audit_log": "The audit events are ids, actions and times only: the log holds no more.",
            "counts": g.counts(),
        },
        "person": PersonView::from(&g.person),
        "profiles": g.profiles.iter().map(ProfileView::from).collect::<Vec<_>>(),
        "photograph": g.photo.as_ref().map(|p| json!({
            "held": true,
            "content_type": p.kind.content_type(),
            "bytes": p.bytes,
            "taken_on": format_date(p.taken_on),
            "uploaded_by": p.uploaded_by.to_string(),
            "uploaded_at": p.uploaded_at.to_rfc3339(),
        })),
        "placements": g.placements.iter().map(PlacementView::from).collect::<Vec<_>>(),
        "episodes": g.episodes.iter().map(episode).collect::<Vec<_>>(),
        "linked_people": g.linked_people.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "link_proposals": g.link_proposals.iter().map(LinkProposalView::from).collect::<Vec<_>>(),
        "intel_links": g.intel_links.iter().map(IntelLinkView::from).collect::<Vec<_>>(),
        "places": g.places.iter().map(PlaceView::from).collect::<Vec<_>>(),
        "associates": g.associates.iter().map(AssociateView::from).collect::<Vec<_>>(),
        "contexts": g.contexts.iter().map(|c| json!({
            "id": c.id.to_string(),
            "kind": c.kind.as_str(),
            "title": c.title.to_string(),
            "plan": c.plan.to_string(),
            "review_on": format_date(c.review_on),
            "owner_agency_id": c.owner_agency_id.to_string(),
            "opened_by": c.opened_by.to_string(),
            "opened_at": c.opened_at.to_rfc3339(),
            "closed_at": c.closed_at.map(Timestamp::to_rfc3339),
            "places": c.places.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "associates": c.associates.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "children": c.children.iter().map(ToString::to_string).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "alerts": g.alerts.iter().map(AlertView::from).collect::<Vec<_>>(),
        "support_plans": g.support_plans.iter().map(SupportPlanAnswer::from).collect::<Vec<_>>(),
        "missing_education": g.missing_education.iter().map(MissingEducationView::from).collect::<Vec<_>>(),
        "abduction_notices": g.abduction_notices.iter().map(|n| json!({
            "id": n.id.to_string(),
            "associate_id": n.associate_id.to_string(),
            "served_on": format_date(n.served_on),
            "expires_on": format_date(n.expires_on),
            "force_id": n.force_id.to_string(),
            "police_reference": n.police_reference.as_ref().map(ToString::to_string),
            "notes": n.notes.as_ref().map(ToString::to_string),
            "recorded_by": n.recorded_by.to_string(),
            "recorded_at": n.recorded_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "helpline_contacts": g.helpline_contacts.iter().map(|c| json!({
            "id": c.id.to_string(),
            "provider_id": c.provider_id.to_string(),
            "channel": c.channel.as_str(),
            "contacted_at": c.contacted_at.to_rfc3339(),
            "contact_by": c.contact_by.as_str(),
            "asked": c.asked.as_ref().map(ToString::to_string),
            "name": c.name.as_ref().map(ToString::to_string),
            "date_of_birth": c.date_of_birth.map(format_date),
            "home_la_id": c.home_la_id.map(|a| a.to_string()),
            "sharing": c.sharing.kind().as_str(),
            "ground": c.sharing.ground().map(homeward_core::rules::helpline::SafeguardingGround::as_str),
            "ground_reason": c.sharing.reason().map(ToString::to_string),
            "shared_with": c.shared_with.map(|a| a.to_string()),
            "linked_at": c.linked_at.map(Timestamp::to_rfc3339),
            "logged_by": c.logged_by.to_string(),
            "logged_at": c.logged_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "ofsted_notifications": g.ofsted_notifications.iter().map(|n| json!({
            "id": n.id.to_string(),
            "home_agency_id": n.home_agency_id.to_string(),
            "episode_id": n.episode_id.to_string(),
            "cause": n.cause.as_str(),
            "prompted_at": n.prompted_at.to_rfc3339(),
            "notified_at": n.notified_at.map(Timestamp::to_rfc3339),
            "reference": n.reference.as_ref().map(ToString::to_string),
            "recorded_by": n.recorded_by.map(|u| u.to_string()),
            "recorded_at": n.recorded_at.map(Timestamp::to_rfc3339),
        })).collect::<Vec<_>>(),
        "audit_events": g.audit_events.iter().map(|e| json!({
            "seq": e.seq,
            "at": e.at,
            "action": e.action,
            "actor_role": e.actor_role,
            "actor_agency_id": e.actor_agency_id,
            "actor_user_id": e.actor_user_id,
            "target_kind": e.target_kind,
            "target_id": e.target_id,
        })).collect::<Vec<_>>(),
    })
}

/// One episode with its assessments, category changes, safe and well check, interviews, recommendations, part 2,
/// long-term register entry and reviews, and legacy flag.
fn episode(held: &EpisodeHeld) -> Value {
    json!({
        "episode": EpisodeView::from(&held.episode),
        "risk_assessments": held.assessments.iter().map(AssessmentView::from).collect::<Vec<_>>(),
        "category_changes": held.category_changes.iter().map(|c| json!({
            "category": c.category.as_str(),
            "changed_at": c.changed_at.to_rfc3339(),
            "changed_by": c.changed_by.to_string(),
        })).collect::<Vec<_>>(),
        "safe_and_well": held.safe_and_well.as_ref().map(SafeAndWellView::from),
        "return_interviews": held.interviews.iter().map(ReturnInterviewView::from).collect::<Vec<_>>(),
        "recommendations": held.recommendations.iter().map(RecommendationView::from).collect::<Vec<_>>(),
        "missing_description": held.missing_description.as_ref().map(MissingDescriptionView::from),
        "long_term": held.long_term.as_ref().map(LongTermEntryView::from),
        "long_term_reviews": held.long_term_reviews.iter().map(LongTermReviewView::from).collect::<Vec<_>>(),
        "legacy_absent": held.legacy_absent.as_ref().map(LegacyAbsentView::from),
    })
}
