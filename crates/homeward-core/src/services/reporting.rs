//! Reporting: recording a person (before or when they go missing) and reporting an episode of theirs.

use time::Date;

use crate::authz::{Action, Actor, Scope, Subject, check, check_at_all};
use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::alert::Alert;
use crate::domain::audit::AuditAction;
use crate::domain::episode::{Episode, EpisodeStatus, LaCategory, MissingFrom};
use crate::domain::ids::{AgencyId, EpisodeId, PersonId, UserId};
use crate::domain::ofsted::OfstedCause;
use crate::domain::person::{Person, Sex};
use crate::domain::risk::EpisodeRisk;
use crate::domain::text::{FreeText, PersonName, Reference, optional};
use crate::domain::time::{Timestamp, parse_date};
use crate::domain::user::Role;
use crate::error::{CoreError, FieldErrors};
use crate::ports::Tx;
use crate::rules::alerts::on_report;
use crate::rules::clock::in_the_future;
use crate::rules::integrity::{Span, impossible};
use crate::rules::police::{ReportPlace, covering_force};

use super::Core;

/// A person to record, parsed.
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: Date,
    pub sex: Sex,
    pub looked_after: bool,
    /// An agency code (`E10000023`) or id.
    pub responsible_la: Option<String>,
    pub allocated_worker_id: Option<UserId>,
}

impl NewPerson {
    pub fn parse(
        given_name: &str,
        family_name: &str,
        date_of_birth: &str,
        sex: &str,
        looked_after: bool,
        responsible_la: Option<&str>,
        allocated_worker_id: Option<&str>,
    ) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let given_name = errors.check("given_name", PersonName::parse(given_name));
        let family_name = errors.check("family_name", PersonName::parse(family_name));
        let date_of_birth = errors.check("date_of_birth", parse_date(date_of_birth));
        let sex = errors.check("sex", Sex::parse(sex));
        let worker = errors.check(
            "allocated_worker_id",
            allocated_worker_id.map(str::trim).filter(|v| !v.is_empty()).map(UserId::parse).transpose(),
        );
        errors.into_result()?;
        Ok(Self {
            given_name: given_name.expect("checked"),
            family_name: family_name.expect("checked"),
            date_of_birth: date_of_birth.expect("checked"),
            sex: sex.expect("checked"),
            looked_after,
            responsible_la: responsible_la.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned),
            allocated_worker_id: worker.expect("checked"),
        })
    }
}

/// An episode to report, parsed.
#[derive(Debug, Clone)]
pub struct NewEpisode {
    pub person_id: PersonId,
    pub went_missing_at: Timestamp,
    pub missing_from: MissingFrom,
    pub reported_at: Option<Timestamp>,
    pub last_seen_place: Option<FreeText>,
    pub circumstances: Option<FreeText>,
    pub police_reference: Option<Reference>,
    pub reporter: Option<FreeText>,
    pub la_category: Option<LaCategory>,
    /// The code of a police force the reporter names as covering where the person went missing from.
    pub police_force: Option<String>,
    /// Philomena Protocol part 2 given with the report: what they were wearing (where last seen is
    /// `last_seen_place`, which it then needs).
    pub clothing: Option<FreeText>,
}

impl NewEpisode {
    /// The report names the force covering where the person went missing from (a blank names none).
    #[must_use]
    pub fn naming_force(mut self, police_force: Option<&str>) -> Self {
        self.police_force = police_force.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        self
    }

    /// The report gives part 2's clothing (a blank gives none); it needs where they were last seen.
    pub fn wearing(mut self, clothing: Option<&str>) -> Result<Self, CoreError> {
        let clothing = clothing.map(str::trim).filter(|v| !v.is_empty());
        self.clothing =
            clothing.map(FreeText::parse).transpose().map_err(|e| CoreError::invalid("clothing", e.to_string()))?;
        if self.clothing.is_some() && self.last_seen_place.is_none() {
            return Err(CoreError::invalid("last_seen_place", "enter where they were last seen in these clothes"));
        }
        Ok(self)
    }

    #[allow(clippy::too_many_arguments, reason = "one argument per field of the request")]
    pub fn parse(
        person_id: &str,
        went_missing_at: &str,
        missing_from: &str,
        reported_at: Option<&str>,
        last_seen_place: Option<&str>,
        circumstances: Option<&str>,
        police_reference: Option<&str>,
        reporter: Option<&str>,
        la_category: Option<&str>,
    ) -> Result<Self, CoreError> {
        let blank = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let mut errors = FieldErrors::new();
        let person_id = errors.check("person_id", PersonId::parse(person_id));
        let went_missing_at = errors.check("went_missing_at", Timestamp::parse_rfc3339(went_missing_at));
        let missing_from = errors.check("missing_from", MissingFrom::parse(missing_from));
        let reported_at =
            errors.check("reported_at", blank(reported_at).map(|v| Timestamp::parse_rfc3339(&v)).transpose());
        let last_seen_place = errors.check("last_seen_place", optional(last_seen_place, FreeText::parse));
        let circumstances = errors.check("circumstances", optional(circumstances, FreeText::parse));
        let police_reference = errors.check("police_reference", optional(police_reference, Reference::parse));
        let reporter = errors.check("reporter", optional(reporter, FreeText::parse));
        let la_category = errors.check("la_category", blank(la_category).map(|v| LaCategory::parse(&v)).transpose());
        if let (Some(went), Some(Some(reported))) = (went_missing_at, reported_at)
            && reported < went
        {
            errors.add("reported_at", "must not be before the person went missing");
        }
        errors.into_result()?;
        Ok(Self {
            person_id: person_id.expect("checked"),
            went_missing_at: went_missing_at.expect("checked"),
            missing_from: missing_from.expect("checked"),
            reported_at: reported_at.expect("checked"),
            last_seen_place: last_seen_place.expect("checked"),
            circumstances: circumstances.expect("checked"),
            police_reference: police_reference.expect("checked"),
            reporter: reporter.expect("checked"),
            la_category: la_category.expect("checked"),
            police_force: None,
            clothing: None,
        })
    }
}

/// The agency an actor reports for: police, council and care provider staff report; interview practitioners,
/// analysts and admins do not.
fn reporting_agency(actor: &Actor) -> Result<AgencyId, CoreError> {
    check_at_all(actor, Action::ReportEpisode)?;
    Ok(actor.agency_id().expect("the table grants reporting to agencies' staff only"))
}

/// A council named by code or id.
async fn council(tx: &mut dyn Tx, reference: &str) -> Result<Agency, CoreError> {
    let agency = match AgencyId::parse(reference) {
        Ok(id) => tx.agency(id).await?,
        Err(_) => match crate::domain::agency::AgencyCode::parse(reference) {
            Ok(code) => tx.agency_by_code(&code).await?,
            Err(_) => None,
        },
    };
    agency
        .filter(|a| a.kind == AgencyKind::LocalAuthority)
        .ok_or_else(|| CoreError::invalid("responsible_la", "no council has that code"))
}

/// Refuses an episode that cannot be (rules::integrity): before birth, a second open one, after found dead.
fn refuse_impossible(person: &Person, episode: &Episode, others: &[Episode]) -> Result<(), CoreError> {
    let others: Vec<Span> = others.iter().map(Span::from).collect();
    impossible(person.date_of_birth, &Span::from(episode), &others).map_or(Ok(()), |why| Err(why.refusal()))
}

/// The force covering where the person went missing from (`rules::police`), or a 422 on `police_force` asking
/// the reporter to name one.
async fn force_for(
    tx: &mut dyn Tx,
    reporter: &Agency,
    person: &Person,
    area_la_id: Option<AgencyId>,
    named: Option<&str>,
) -> Result<AgencyId, CoreError> {
    let named_force = match named {
        Some(code) => {
            let code = crate::domain::agency::AgencyCode::parse(code).ok();
            let force = match code {
                Some(code) => tx.agency_by_code(&code).await?,
                None => None,
            };
            let force = force.filter(|a| a.kind == AgencyKind::Police);
            Some(force.ok_or_else(|| CoreError::invalid("police_force", "no police force has that code"))?)
        }
        None => None,
    };
    let mut load = async |id: Option<AgencyId>| -> Result<Option<Agency>, CoreError> {
        Ok(match id {
            Some(id) => tx.agency(id).await?,
            None => None,
        })
    };
    let host_council = load(person.host_la_id).await?;
    let area_council = load(area_la_id).await?;
    let place = ReportPlace {
        reporter,
        named_force: named_force.as_ref(),
        host_council: host_council.as_ref(),
        area_council: area_council.as_ref(),
    };
    covering_force(&place).ok_or_else(|| {
        CoreError::invalid("police_force", "no police force covers where the person went missing from: name one")
    })
}

impl Core {
    /// Records a person. The recording agency can always see them; a care provider's record places them with it.
    pub async fn create_person(&self, actor: &Actor, new: NewPerson) -> Result<Person, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::PersonCreated, "person"), async {
            let mut tx = self.begin().await?;
            let person = self.create_person_in(tx.as_mut(), actor, new).await?;
            tx.commit().await?;
            Ok(person)
        })
        .await
    }

    /// Records a new person and reports their episode as one change: both land, or neither.
    pub async fn report_new_person(
        &self,
        actor: &Actor,
        person: NewPerson,
        mut episode: NewEpisode,
    ) -> Result<Episode, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::EpisodeCreated, "episode"), async {
            let mut tx = self.begin().await?;
            episode.person_id = self.create_person_in(tx.as_mut(), actor, person).await?.id;
            let episode = self.report_episode_in(tx.as_mut(), actor, episode).await?;
            tx.commit().await?;
            Ok(episode)
        })
        .await
    }

    async fn create_person_in(&self, tx: &mut dyn Tx, actor: &Actor, new: NewPerson) -> Result<Person, CoreError> {
        let agency_id = reporting_agency(actor)?;
        let now = self.now();
        if new.date_of_birth > now.date() || now.date().year() - new.date_of_birth.year() > 120 {
            return Err(CoreError::invalid("date_of_birth", "must be a real date of birth, not in the future"));
        }
        let agency = tx.agency(agency_id).await?.ok_or(CoreError::Unauthenticated)?;
        let responsible_la_id = match &new.responsible_la {
            Some(reference) => Some(council(tx, reference).await?.id),
            None => None,
        };
        if let Some(worker) = new.allocated_worker_id {
            let is_social_worker = tx.user(worker).await?.is_some_and(|u| u.role == Role::SocialWorker);
            if !is_social_worker {
                return Err(CoreError::invalid("allocated_worker_id", "no social worker has that id"));
            }
        }
        let person = Person {
            id: PersonId::random(),
            given_name: new.given_name,
            family_name: new.family_name,
            date_of_birth: new.date_of_birth,
            sex: new.sex,
            looked_after: new.looked_after,
            responsible_la_id,
            host_la_id: None,
            placement_provider_id: (agency.kind == AgencyKind::CareProvider).then_some(agency.id),
            allocated_worker_id: new.allocated_worker_id,
            recorded_by_agency_id: Some(agency.id),
            created_at: now,
        };
        tx.insert_person(&person).await?;
        let recorded = std::slice::from_ref(&person);
        tx.file_match_keys(&self.match_keys(recorded), &[]).await?;
        let proposed = self.propose_matches(tx, recorded, agency.id, actor.case_scope()).await?;
        let event = self.audit_event(
            actor,
            AuditAction::PersonCreated,
            "person",
            Some(person.id.to_string()),
            &serde_json::json!({ "link_proposals": proposed.seen }),
        );
        tx.append_audit(event).await?;
        Ok(person)
    }

    /// Reports an episode of a person the actor can see, and raises the alerts a report brings.
    pub async fn report_episode(&self, actor: &Actor, new: NewEpisode) -> Result<Episode, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::EpisodeCreated, "episode"), async {
            let mut tx = self.begin().await?;
            let episode = self.report_episode_in(tx.as_mut(), actor, new).await?;
            tx.commit().await?;
            Ok(episode)
        })
        .await
    }

    async fn report_episode_in(&self, tx: &mut dyn Tx, actor: &Actor, new: NewEpisode) -> Result<Episode, CoreError> {
        let agency_id = reporting_agency(actor)?;
        let now = self.now();
        let reported_at = new.reported_at.unwrap_or(new.went_missing_at);
        let mut errors = FieldErrors::new();
        if in_the_future(new.went_missing_at, now) {
            errors.add("went_missing_at", "must not be in the future");
        }
        if in_the_future(reported_at, now) {
            errors.add("reported_at", "must not be in the future");
        }
        errors.into_result()?;
        let agency = tx.agency(agency_id).await?.ok_or(CoreError::Unauthenticated)?;
        let person = tx
            .person(new.person_id, actor.case_scope())
            .await?
            .ok_or_else(|| CoreError::invalid("person_id", "no person with this id is shared with your agency"))?;
        check(actor, Action::ReportEpisode, &Subject::Person { person: &person, now: self.now() })?;
        let child = person.is_child_at(new.went_missing_at);
        if new.la_category.is_some() && !(child && person.looked_after) {
            return Err(CoreError::invalid(
                "la_category",
                "only a looked-after child's episode has a council category",
            ));
        }
        let area_la_id = match agency.kind {
            AgencyKind::LocalAuthority => Some(agency.id),
            _ => person.host_la_id.or(person.responsible_la_id),
        };
        let police_force_id = force_for(tx, &agency, &person, area_la_id, new.police_force.as_deref()).await?;
        let episode = Episode {
            id: EpisodeId::random(),
            person_id: person.id,
            recorded_by_agency_id: agency.id,
            police_force_id: Some(police_force_id),
            area_la_id,
            went_missing_at: new.went_missing_at,
            reported_at,
            missing_from: new.missing_from,
            status: EpisodeStatus::Missing,
            la_category: new.la_category,
            last_seen_place: new.last_seen_place,
            circumstances: new.circumstances,
            police_reference: new.police_reference,
            reporter: new.reporter,
            returned_at: None,
            return_outcome: None,
            found: crate::domain::episode::Found::default(),
            police_closed_at: None,
            risk: EpisodeRisk::default(),
            created_at: now,
            updated_at: now,
        };
        let others = tx.episodes_of_person(person.id, Scope::All).await?;
        refuse_impossible(&person, &episode, &others)?;
        let own: Vec<Timestamp> = others.iter().map(|e| e.went_missing_at).collect();
        // Records confirmed as the same person count too: their absences are this child's (issue 14), each once
        // though both records hold it.
        let mut linked_starts = Vec::new();
        for linked in tx.linked_people(person.id).await? {
            linked_starts.extend(tx.episodes_of_person(linked, Scope::All).await?.iter().map(|e| e.went_missing_at));
        }
        let mut others = crate::rules::alerts::distinct_absences(
            &[own.as_slice(), &[episode.went_missing_at]].concat(),
            &linked_starts,
        );
        // The new episode is counted by the rule itself.
        others.retain(|at| *at != episode.went_missing_at);
        tx.insert_episode(&episode).await?;
        if let Some(category) = episode.la_category {
            let first = crate::domain::episode::CategoryChange {
                episode_id: episode.id,
                category,
                changed_at: now,
                changed_by: actor.user_id().expect("a user reports"),
            };
            tx.change_la_category(&first).await?;
        }
        if let (Some(clothing), Some(last_seen)) = (&new.clothing, &episode.last_seen_place) {
            let part_two = crate::domain::profile::MissingDescription {
                episode_id: episode.id,
                clothing: clothing.clone(),
                last_seen: last_seen.clone(),
                recorded_by: actor.user_id().expect("a user reports"),
                recorded_at: now,
            };
            tx.save_missing_description(&part_two).await?;
        }
        let alerts = on_report(&episode, &person, agency.kind, &others)
            .into_iter()
            .map(|due| Alert::raised(due, episode.id, now));
        crate::outbox::raise(tx, alerts.collect(), now).await?;
        // A report is the police being called: a resident's children's home owes Ofsted word of it.
        crate::prompts::prompt_ofsted(tx, &episode, &person, OfstedCause::PoliceCalled, now).await?;
        // A child protected by a child abduction warning notice in force is missing again: its force and council
        // are told.
        crate::prompts::abduction_notices_named(tx, &episode, &[], now, now).await?;
        let event = self.audit_event(
            actor,
            AuditAction::EpisodeCreated,
            "episode",
            Some(episode.id.to_string()),
            &serde_json::json!({ "person_id": person.id.to_string(), "missing_description": new.clothing.is_some() }),
        );
        tx.append_audit(event).await?;
        Ok(episode)
    }
}
