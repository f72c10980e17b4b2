//! The demo's Ofsted notifications and child abduction warning notices (issue 17, items 5 and 6), written after a
//! synthetic year is seeded and its places and people filed: each children's home is prompted as the live service
//! would have prompted it (a resident reported missing from it, a sexual exploitation concern), and has recorded most
//! of them, a few late and the latest not yet; and a few adults the year's interviews named are served with a
//! notice about the child who named them. Everything, ids and times too, follows from the data set, so a seed gives
//! the same records each run.

use std::collections::HashMap;

use time::Duration;

use crate::authz::Actor;
use crate::domain::abduction::AbductionNotice;
use crate::domain::agency::AgencyKind;
use crate::domain::audit::AuditAction;
use crate::domain::ids::{AbductionNoticeId, OfstedNotificationId};
use crate::domain::intel::Mention;
use crate::domain::ofsted::{OfstedCause, OfstedNotification};
use crate::domain::time::london;
use crate::domain::user::Role;
use crate::error::CoreError;
use crate::ports::BulkData;
use crate::rules::intel::associate_keys;
use crate::rules::ofsted::home_to_prompt;

use super::Core;

/// Notices served in the demo: a handful, as forces serve few.
const DEMO_NOTICES: usize = 5;

/// What the demo's duties wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DutiesSeeded {
    pub ofsted_notifications: usize,
    pub abduction_notices: usize,
}

/// A number from 0 to 99 that a record's id decides, so the same data set always gives the same choices.
fn percentile(id: &impl ToString) -> u64 {
    id.to_string().bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) % 100
}

/// The 16 bytes of a new record's id, made from the record it follows from, so a seed's ids are the same each run.
fn derived(from: uuid::Uuid, tag: u8) -> [u8; 16] {
    let mut bytes = *from.as_bytes();
    bytes[15] ^= tag;
    bytes[0] ^= 0x5a;
    bytes
}

impl Core {
    /// Writes the demo's Ofsted notifications and abduction notices for a seeded data set. Operators only.
    pub async fn seed_duties(&self, actor: &Actor, data: &BulkData) -> Result<DutiesSeeded, CoreError> {
        actor.require_operator("only the service's operators may seed demo data")?;
        // The data set's own "now": its latest report, so the same seed gives the same records whenever it is run.
        let now = data.episodes.iter().map(|e| e.reported_at).max().unwrap_or_else(|| self.now());
        let kinds: HashMap<_, _> = data.agencies.iter().map(|a| (a.id, a.kind)).collect();
        let people: HashMap<_, _> = data.people.iter().map(|p| (p.id, p)).collect();
        let episodes: HashMap<_, _> = data.episodes.iter().map(|e| (e.id, e)).collect();
        let mut tx = self.begin_long_job().await?;
        let mut seeded = DutiesSeeded::default();

        let mut prompts = Vec::new();
        for episode in &data.episodes {
            let Some(person) = people.get(&episode.person_id) else { continue };
            let kind = person.placement_provider_id.and_then(|p| kinds.get(&p).copied());
            if let Some(home) = home_to_prompt(episode, person, kind) {
                prompts.push(OfstedNotification::prompt(
                    home,
                    episode.id,
                    person.id,
                    OfstedCause::PoliceCalled,
                    episode.reported_at,
                ));
            }
        }
        for assessment in data.assessments.iter().filter(|a| a.cse_concern) {
            let Some(episode) = episodes.get(&assessment.episode_id) else { continue };
            let Some(person) = people.get(&episode.person_id) else { continue };
            let kind = person.placement_provider_id.and_then(|p| kinds.get(&p).copied());
            if let Some(home) = home_to_prompt(episode, person, kind) {
                let cause = OfstedCause::SexualExploitation;
                prompts.push(OfstedNotification::prompt(home, episode.id, person.id, cause, assessment.assessed_at));
            }
        }
        let recorders: HashMap<_, _> =
            data.users.iter().filter(|u| u.role == Role::CareStaff).map(|u| (u.agency_id, u.id)).collect();
        for mut prompt in prompts {
            let tag = if prompt.cause == OfstedCause::PoliceCalled { 1 } else { 2 };
            prompt.id = OfstedNotificationId::from_random_bytes(derived(prompt.episode_id.as_uuid(), tag));
            // Most homes told Ofsted within hours, some the next day or later; the last two days' not yet.
            let roll = percentile(&prompt.episode_id);
            if prompt.prompted_at < now.plus(Duration::days(-2)) && roll < 92 {
                let hours = if roll < 80 { 1 + roll % 12 } else { 25 + roll % 48 };
                let notified = prompt.prompted_at.plus(Duration::hours(i64::try_from(hours).unwrap_or(1)));
                prompt.notified_at = Some(notified);
                prompt.recorded_by = recorders.get(&prompt.home_agency_id).copied();
                prompt.recorded_at = Some(notified);
            }
            if tx.insert_ofsted_prompt(&prompt).await? {
                seeded.ofsted_notifications += 1;
            }
        }

        // Adults of full age the year's interviews named, served by the force of the episode that named them.
        let supervisors: HashMap<_, _> =
            data.users.iter().filter(|u| u.role == Role::PoliceSupervisor).map(|u| (u.agency_id, u.id)).collect();
        let named = data.return_interviews.iter().filter_map(|interview| {
            let findings = interview.record.as_ref()?.findings.as_ref()?;
            let episode = episodes.get(&interview.episode_id)?;
            Some(
                findings.people.iter().filter(|p| p.approx_age.is_some_and(|age| age >= 18)).map(move |p| (episode, p)),
            )
        });
        let mut served = Vec::new();
        for (episode, person) in named.flatten() {
            if served.len() >= DEMO_NOTICES {
                break;
            }
            let text = |t: &Option<crate::domain::text::FreeText>| t.as_ref().map(|t| t.as_str().to_owned());
            let mention = Mention {
                name: person.name.clone(),
                nickname: person.nickname.clone(),
                approx_age: person.approx_age,
                phone: text(&person.phone),
                vehicle: text(&person.vehicle),
                handle: text(&person.handle),
            };
            let keys: Vec<String> = associate_keys(&mention).into_iter().map(|(k, _)| k).collect();
            let Some((_, associate)) = tx.associates_by_keys(&keys).await?.into_iter().next() else { continue };
            let Some(force) = episode.police_force_id else { continue };
            let Some(officer) = supervisors.get(&force).copied() else { continue };
            let child = people.get(&episode.person_id).filter(|c| c.is_child_at(episode.went_missing_at));
            // Served a week after the episode, so never after the data set's end.
            let early = episode.went_missing_at < now.plus(Duration::days(-14));
            if child.is_none()
                || !early
                || kinds.get(&force) != Some(&AgencyKind::Police)
                || served.contains(&associate.id)
            {
                continue;
            }
            let served_on = london(episode.went_missing_at).date().saturating_add(Duration::days(7));
            let notice = AbductionNotice {
                id: AbductionNoticeId::from_random_bytes(derived(associate.id.as_uuid(), 3)),
                associate_id: associate.id,
                child_id: episode.person_id,
                served_on,
                expires_on: served_on.saturating_add(Duration::days(730)),
                force_id: force,
                police_reference: None,
                notes: None,
                recorded_by: officer,
                recorded_at: episode.reported_at.plus(Duration::days(7)),
            };
            tx.insert_abduction_notice(&notice).await?;
            served.push(associate.id);
        }
        seeded.abduction_notices = served.len();
        let details = serde_json::json!({ "duties": seeded });
        tx.append_audit(self.audit_event(actor, AuditAction::DemoSeeded, "database", None, &details)).await?;
        tx.commit().await?;
        Ok(seeded)
    }
}
