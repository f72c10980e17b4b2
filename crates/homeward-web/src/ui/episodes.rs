//! One episode's page (person, episode, risk and timeline), read through the core, so it is scoped to the user's
//! agency and audited exactly as the API is. The list of episodes is `episode_list`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use homeward_core::Action;
use homeward_core::CoreError;
use homeward_core::authz::class_of;
use homeward_core::domain::agency::Agency;
use homeward_core::domain::episode::EpisodeStatus;
use homeward_core::domain::ids::{AgencyId, EpisodeId};
use homeward_core::domain::person::Sex;
use homeward_core::domain::risk::{RiskGrade, RiskSide};
use homeward_core::domain::time::{format_date_long, format_london};
use homeward_core::services::EpisodeRecord;

use super::chrome::{Chrome, Nav, render};
use super::episode_list::{risk_tag, status_tag};
use super::error::HtmlError;
use super::forms::words;
use super::session::SignedIn;
use crate::AppState;

pub(super) struct Section {
    pub(super) heading: &'static str,
    pub(super) rows: Vec<(&'static str, String)>,
}

struct Event {
    at_sort: homeward_core::domain::time::Timestamp,
    title: String,
    at: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "episode.html")]
struct EpisodePage {
    chrome: Chrome,
    id: String,
    person_id: String,
    notice: Option<&'static str>,
    can_assess: bool,
    can_report: bool,
    can_categorise: bool,
    can_return: bool,
    can_check: bool,
    can_offer_conversation: bool,
    /// Whether the user may ask of the person's places and people.
    can_read_intelligence: bool,
    /// Whether the user reads helpline contacts on a person's record: only those who read the child's own account.
    can_read_helpline: bool,
    /// Whether the user's force records child abduction warning notices about the child.
    can_record_notices: bool,
    /// Imported as "absent" and not yet reviewed by a police supervisor.
    legacy_absent_review: bool,
    can_review_legacy: bool,
    can_describe: bool,
    can_keep_long_term: bool,
    /// Exploitation prompts, each a reason.
    prompts: Vec<String>,
    /// The episode's interviews: id and a line saying where each stands.
    interviews: Vec<(String, String)>,
    away: bool,
    name: String,
    status: &'static str,
    status_class: &'static str,
    risk: &'static str,
    risk_class: &'static str,
    sections: Vec<Section>,
    timeline: Vec<Event>,
}

fn sex(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "Male",
        Sex::Female => "Female",
        Sex::Unknown => "Not known",
    }
}

fn yes_no(value: bool) -> String {
    if value { "Yes".into() } else { "No".into() }
}

fn or_none(value: Option<String>) -> String {
    value.unwrap_or_else(|| "Not recorded".into())
}

/// What the page says where a field of a class the reader's agency does not read would be.
pub const NOT_SHARED: &str = "Not shared with your agency";

fn sections(record: &EpisodeRecord, agencies: &HashMap<AgencyId, &Agency>) -> Vec<Section> {
    let (p, e) = (&record.person, &record.episode);
    // The core has already cleared what the reader may not see; say so rather than "Not recorded".
    let shown = |record_name: &str, field: &str, value: Option<String>| {
        if record.withheld.contains(&class_of(record_name, field)) { NOT_SHARED.to_owned() } else { or_none(value) }
    };
    let agency = |id: Option<AgencyId>| or_none(id.and_then(|id| agencies.get(&id)).map(|a| a.name.to_string()));
    let grade = |g: Option<RiskGrade>| g.map_or_else(|| "Not assessed".to_owned(), |g| g.label().to_owned());
    let concerns =
        [(e.risk.cse_concern, "child sexual exploitation"), (e.risk.cce_concern, "child criminal exploitation")]
            .iter()
            .filter(|(flag, _)| *flag)
            .map(|(_, what)| *what)
            .collect::<Vec<_>>();
    let profile = record.profile.as_ref().map(|profile| Section {
        heading: profile.kind.label(),
        rows: profile
            .kind
            .fields()
            .iter()
            .map(|(code, label)| (*label, shown("profile", code, profile.fields.get(*code).map(ToString::to_string))))
            .chain(std::iter::once(("Last updated", format_london(profile.saved_at))))
            .chain((profile.person_id != p.id).then(|| {
                ("Kept on", "A record confirmed as the same person, by another agency or under another name".to_owned())
            }))
            .collect(),
    });
    let mut sections = vec![
        Section {
            heading: "Person",
            rows: vec![
                ("Date of birth", format_date_long(p.date_of_birth)),
                ("Age when they went missing", p.age_at(e.went_missing_at).to_string()),
                ("Sex", sex(p.sex).to_owned()),
                ("Looked after", yes_no(p.looked_after)),
                ("Responsible council", agency(p.responsible_la_id)),
                ("Host council", agency(p.host_la_id)),
                ("Placement provider", agency(p.placement_provider_id)),
            ],
        },
        Section {
            heading: "Episode",
            rows: vec![
                ("Went missing", format_london(e.went_missing_at)),
                ("Reported", format_london(e.reported_at)),
                ("Missing from", words(e.missing_from.as_str())),
                ("Council category", or_none(e.la_category.map(|c| words(c.as_str())))),
                ("Last seen", or_none(e.last_seen_place.as_ref().map(ToString::to_string))),
                ("Circumstances", or_none(e.circumstances.as_ref().map(ToString::to_string))),
                ("Police reference", or_none(e.police_reference.as_ref().map(ToString::to_string))),
                ("Reported by", or_none(e.reporter.as_ref().map(ToString::to_string))),
                ("Police force", agency(e.police_force_id)),
                ("Returned", or_none(e.returned_at.map(format_london))),
                ("How it ended", or_none(e.return_outcome.map(|o| words(o.as_str())))),
            ],
        },
        Section {
            heading: "The return",
            rows: vec![
                ("Where they were found", or_none(e.found.place.as_ref().map(ToString::to_string))),
                ("Postcode", or_none(e.found.postcode.as_ref().map(ToString::to_string))),
                ("Found out of area", e.found.out_of_area.map_or_else(|| "Not known".to_owned(), yes_no)),
                ("Who found them", or_none(e.found.by.as_ref().map(ToString::to_string))),
                (
                    "Safe and well check",
                    or_none(record.safe_and_well.as_ref().map(|c| {
                        let how = if c.face_to_face { "face to face" } else { "not face to face" };
                        format!("{}, {how}", format_london(c.checked_at))
                    })),
                ),
                (
                    "What they disclosed",
                    shown(
                        "safe_and_well",
                        "disclosures",
                        record.safe_and_well.as_ref().and_then(|c| c.disclosures.as_ref()).map(ToString::to_string),
                    ),
                ),
                (
                    "Safeguarding actions",
                    or_none(record.safe_and_well.as_ref().and_then(|c| c.actions.as_ref()).map(ToString::to_string)),
                ),
                ("Police side closed", or_none(e.police_closed_at.map(format_london))),
            ],
        },
        Section {
            heading: "Risk",
            rows: vec![
                ("Joint grade", grade(e.risk.joint)),
                ("Police view", grade(e.risk.police)),
                ("Children's services view", grade(e.risk.children_services)),
                ("The two views differ", yes_no(e.risk.disagreement)),
                (
                    "Next review due",
                    match e.status {
                        EpisodeStatus::Missing => or_none(e.risk.review_due_at.map(format_london)),
                        EpisodeStatus::Returned => "None: they have come back".to_owned(),
                    },
                ),
                (
                    "Exploitation concerns",
                    if concerns.is_empty() { "None recorded".into() } else { concerns.join(", ") },
                ),
            ],
        },
    ];
    if e.status == EpisodeStatus::Missing {
        sections.retain(|s| s.heading != "The return");
    }
    sections.extend(profile);
    sections.extend(super::follow_up::sections(record));
    sections
}

fn timeline(record: &EpisodeRecord) -> Vec<Event> {
    let e = &record.episode;
    let event = |at, title: String, detail: String| Event { at_sort: at, at: format_london(at), title, detail };
    let mut events = vec![
        event(e.went_missing_at, "Went missing".into(), String::new()),
        event(e.reported_at, "Reported missing".into(), String::new()),
    ];
    for a in &record.assessments {
        let side = match a.side {
            RiskSide::Police => "Police",
            RiskSide::ChildrensServices => "Children's services",
        };
        events.push(event(
            a.assessed_at,
            format!("{side} graded the risk {}", a.grade.label()),
            a.rationale.to_string(),
        ));
    }
    for change in &record.categories {
        let words = match change.category {
            homeward_core::domain::episode::LaCategory::Missing => "missing (whereabouts unknown)",
            homeward_core::domain::episode::LaCategory::Away => "away from placement without authorisation",
        };
        events.push(event(change.changed_at, format!("The council recorded the child as {words}"), String::new()));
    }
    if let Some(returned) = e.returned_at {
        events.push(event(returned, "Came back or was found".into(), String::new()));
    }
    if let Some(check) = &record.safe_and_well {
        events.push(event(check.checked_at, "Police safe and well check".into(), String::new()));
    }
    for r in &record.recommendations {
        let detail =
            format!("For {}, due {}: {}", r.owner, format_date_long(r.recommendation.due_on), r.recommendation.action);
        events.push(event(r.recommendation.created_at, "Recommendation made".into(), detail));
    }
    // An adult's conversation has no deadline, so nothing falls due on the timeline.
    for interview in record.return_interviews.iter().filter(|i| i.statutory) {
        events.push(event(
            interview.due_at,
            "Return interview due".into(),
            format!("Status: {}", interview.status.as_str().replace('_', " ")),
        ));
    }
    events.sort_by_key(|event| event.at_sort);
    events
}

/// Which banner an episode page shows after a change made from it.
#[derive(Debug, serde::Deserialize)]
pub struct Done {
    assessed: Option<String>,
    reported: Option<String>,
    categorised: Option<String>,
    returned: Option<String>,
    checked: Option<String>,
    reviewed: Option<String>,
    described: Option<String>,
    kept: Option<String>,
    long_term_reviewed: Option<String>,
}

impl Done {
    /// The banner after a change made from the episode page, if one was.
    fn notice(&self) -> Option<&'static str> {
        [
            (&self.assessed, "The risk assessment has been saved"),
            (&self.reported, "The episode has been reported"),
            (&self.categorised, "The council category has been changed"),
            (&self.returned, "The return has been recorded"),
            (&self.checked, "The safe and well check has been recorded; the police side is closed"),
            (&self.reviewed, "The review of the \"absent\" grade has been recorded"),
            (&self.described, "Part 2 of the Philomena Protocol has been saved"),
            (&self.kept, "The long-term missing register entry has been saved"),
            (&self.long_term_reviewed, "The long-term missing review has been recorded"),
        ]
        .into_iter()
        .find_map(|(flag, notice)| flag.is_some().then_some(notice))
    }
}

/// `POST /episodes/{id}/category`.
pub async fn categorise(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    axum::extract::Form(form): axum::extract::Form<super::forms::Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(form.one("csrf_token").unwrap_or_default())?;
    let id = signed_in.id::<EpisodeId>(&id)?;
    let category = homeward_core::domain::episode::LaCategory::parse(form.one("la_category").unwrap_or_default())
        .map_err(|e| HtmlError::new(CoreError::invalid("la_category", e.to_string()), signed_in.request_id.clone()))?;
    state
        .core
        .change_la_category(&signed_in.current.actor, id, category)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(axum::response::Redirect::to(&format!("/episodes/{id}?categorised=1")).into_response())
}

/// `GET /episodes/{id}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, HtmlError> {
    let failed = |e: CoreError| HtmlError::new(e, signed_in.request_id.clone());
    let id = signed_in.id::<EpisodeId>(&id)?;
    let record = state.core.episode(&signed_in.current.actor, id).await.map_err(failed)?;
    let agencies = state.core.agencies().await.map_err(failed)?;
    let by_id: HashMap<AgencyId, &Agency> = agencies.iter().map(|a| (a.id, a)).collect();
    let name = format!("{} {}", record.person.given_name, record.person.family_name);
    let (status, status_class) = status_tag(record.episode.status);
    let (risk, risk_class) = risk_tag(record.episode.risk.joint);
    // What the page offers is what the core says the user may do now.
    let may = |action| record.actions.contains(action);
    let page = EpisodePage {
        chrome: Chrome::signed_in(&state.assets, &name, &signed_in, Nav::Episodes),
        id: record.episode.id.to_string(),
        person_id: record.person.id.to_string(),
        notice: done.notice(),
        can_assess: may(Action::AssessRisk),
        can_report: may(Action::ReportEpisode),
        can_categorise: may(Action::ChangeLaCategory),
        can_return: may(Action::RecordReturn),
        can_check: may(Action::RecordSafeAndWell),
        can_offer_conversation: may(Action::OfferReturnConversation),
        can_read_intelligence: may(Action::ReadIntelligence),
        can_read_helpline: homeward_core::authz::may_at_all(&signed_in.current.actor, Action::ReadChildsAccount),
        can_record_notices: may(Action::RecordAbductionNotice),
        legacy_absent_review: record
            .legacy_absent
            .as_ref()
            .is_some_and(homeward_core::domain::legacy::LegacyAbsent::awaiting_review),
        can_review_legacy: may(Action::ReviewLegacyAbsent),
        can_describe: may(Action::RecordMissingDescription),
        can_keep_long_term: may(Action::KeepLongTermRecord),
        prompts: record.indicators.iter().map(|i| i.reason.clone()).collect(),
        interviews: record
            .return_interviews
            .iter()
            .map(|i| {
                let status = words(i.status.as_str());
                let text = if i.statutory {
                    format!("Return home interview: {status}, to be offered by {}", format_london(i.due_at))
                } else {
                    format!("Return conversation: {status}, no deadline")
                };
                (i.id.to_string(), text)
            })
            .collect(),
        away: record.episode.la_category == Some(homeward_core::domain::episode::LaCategory::Away),
        sections: sections(&record, &by_id),
        timeline: timeline(&record),
        name,
        status,
        status_class,
        risk,
        risk_class,
    };
    Ok(render(&page).into_response())
}
