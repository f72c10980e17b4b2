//! Loading a whole synthetic data set into an empty database, as one audited change.

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::error::CoreError;
use crate::ports::BulkData;

use super::Core;

/// What a seed wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SeedSummary {
    pub agencies: usize,
    pub users: usize,
    pub people: usize,
    pub episodes: usize,
    pub assessments: usize,
    pub return_interviews: usize,
}

impl Core {
    /// Whether the database has never been used (no agency registered).
    pub async fn is_empty(&self) -> Result<bool, CoreError> {
        let mut tx = self.begin().await?;
        Ok(tx.is_empty().await?)
    }

    /// Writes a synthetic data set. Only operators may, and only into an empty database, so demo data can never
    /// be mixed into real records.
    pub async fn seed(&self, actor: &Actor, data: &BulkData, seed: u64) -> Result<SeedSummary, CoreError> {
        actor.require_operator("only the service's operators may seed demo data")?;
        let mut tx = self.begin_long_job().await?;
        if !tx.is_empty().await? {
            return Err(CoreError::Rule {
                code: "not_empty",
                message: "the database already holds agencies: demo data is only seeded into an empty database".into(),
                field: None,
            });
        }
        let mut data = std::borrow::Cow::Borrowed(data);
        if data.match_keys.is_empty() {
            data.to_mut().match_keys = self.match_keys(&data.people);
        }
        tx.bulk_insert(&data).await?;
        follow_up(tx.as_mut(), &data).await?;
        // Their places and people are filed by the scheduler from the start, a batch a tick (refiling changes nothing).
        tx.set_intel_backfill(Some("")).await?;
        let summary = SeedSummary {
            agencies: data.agencies.len(),
            users: data.users.len(),
            people: data.people.len(),
            episodes: data.episodes.len(),
            assessments: data.assessments.len(),
            return_interviews: data.return_interviews.len(),
        };
        let mut details = serde_json::to_value(summary).expect("counts always serialise");
        details["seed"] = seed.into();
        let event = self.audit_event(actor, AuditAction::DemoSeeded, "database", None, &details);
        tx.append_audit(event).await?;
        tx.refresh_statistics().await?;
        tx.commit().await?;
        Ok(summary)
    }
}

/// An id of the kind `T`, made from another record's id so that the same seed gives the same rows on every store:
/// its first eight hex digits become `tag` and `n`.
fn derived<T: std::str::FromStr>(from: &impl ToString, tag: u16, n: usize) -> T {
    let text = from.to_string();
    let made = format!("{tag:04x}{:04x}{}", n % 0x1_0000, &text[8..]);
    made.parse().ok().expect("a UUID with other leading hex digits is a UUID")
}

/// Issue 17's records in the demo, derived from the generated year: Philomena part 2 on one child episode in 25,
/// a few episodes imported as "absent" awaiting a supervisor's review, and three children long-term missing (still
/// open from 14 to 20 months before the year's end), two with register entries and one reviewed.
async fn follow_up(tx: &mut dyn crate::ports::Tx, data: &BulkData) -> Result<(), CoreError> {
    use crate::domain::episode::EpisodeStatus;
    use crate::domain::long_term::{LongTermEntry, LongTermReview, ReviewInterval};
    use crate::domain::profile::MissingDescription;
    use crate::domain::text::{DisplayName, FreeText, Reference};
    use crate::domain::user::Role;
    use time::Duration;

    let officer_of = |force| {
        data.users
            .iter()
            .find(|u| u.role == Role::PoliceOfficer && Some(u.agency_id) == force)
            .or_else(|| data.users.iter().find(|u| u.role == Role::PoliceOfficer))
    };
    const CLOTHING: [&str; 5] = [
        "Black puffer jacket, grey joggers, white trainers",
        "School uniform: navy blazer, grey trousers, black shoes",
        "Red hoodie, blue jeans, black rucksack",
        "Green parka, black leggings, pink trainers",
        "Grey tracksuit, black cap, crossbody bag",
    ];
    let text = |t: &str| FreeText::parse(t).expect("fixed demo text is valid");
    for (n, episode) in data.episodes.iter().enumerate().filter(|(n, _)| n % 25 == 0) {
        let Some(officer) = officer_of(episode.police_force_id) else { continue };
        let last_seen = episode.last_seen_place.clone().unwrap_or_else(|| text("Near home, early evening"));
        let part_two = MissingDescription {
            episode_id: episode.id,
            clothing: text(CLOTHING[n / 25 % CLOTHING.len()]),
            last_seen,
            recorded_by: officer.id,
            recorded_at: episode.reported_at,
        };
        tx.save_missing_description(&part_two).await?;
    }
    let absent: Vec<crate::domain::import::EpisodeRef> = data
        .episodes
        .iter()
        .enumerate()
        .filter(|(n, e)| n % 300 == 7 && e.status == EpisodeStatus::Returned)
        .map(|(n, e)| crate::domain::import::EpisodeRef {
            agency: e.recorded_by_agency_id,
            reference: format!("LEGACY-ABSENT-{n}"),
            episode: e.id,
            legacy_absent: true,
            digest: String::new(),
        })
        .collect();
    tx.save_refs(&[], &absent).await?;

    let Some(end) = data.episodes.iter().map(|e| e.reported_at).max() else { return Ok(()) };
    let children =
        data.people.iter().filter(|p| !p.looked_after && p.is_child_at(end) && p.responsible_la_id.is_some());
    let sources = children.filter_map(|p| data.episodes.iter().find(|e| e.person_id == p.id).map(|e| (p, e))).take(3);
    for (n, (person, source)) in sources.enumerate() {
        let months = [14_i64, 17, 20][n];
        let went = end.plus(Duration::days(-30 * months));
        let mut person = person.clone();
        person.id = derived(&person.id, 0x1701, n);
        person.created_at = went;
        let mut episode = source.clone();
        episode.id = derived(&source.id, 0x1702, n);
        episode.person_id = person.id;
        episode.went_missing_at = went;
        episode.reported_at = went.plus(Duration::hours(2));
        episode.status = EpisodeStatus::Missing;
        episode.returned_at = None;
        episode.return_outcome = None;
        episode.found = crate::domain::episode::Found::default();
        episode.police_closed_at = None;
        episode.created_at = episode.reported_at;
        episode.updated_at = episode.reported_at;
        tx.insert_person(&person).await?;
        tx.insert_episode(&episode).await?;
        let Some(officer) = officer_of(episode.police_force_id) else { continue };
        if n < 2 {
            let entry = LongTermEntry {
                episode_id: episode.id,
                liaison_officer: Some(DisplayName::parse(&format!("DC Demo Liaison {}", n + 1)).expect("valid")),
                liaison_contact: Some(text("Through the force's family liaison line; the family prefer evening calls")),
                last_contact_on: Some((end.plus(Duration::days(-20))).date()),
                review_interval: ReviewInterval::from_days(90).expect("in range"),
                mpu_referred_on: Some(went.plus(Duration::days(4)).date()),
                mpu_reference: Some(Reference::parse(&format!("MPU-DEMO-{:04}", n + 1)).expect("valid")),
                guardianship_order_on: (n == 1).then(|| end.plus(Duration::days(-60)).date()),
                guardian: (n == 1).then(|| DisplayName::parse("Synthetic Guardian").expect("valid")),
                updated_by: officer.id,
                updated_at: end.plus(Duration::days(-20)),
            };
            tx.save_long_term_entry(&entry).await?;
        }
        if n == 0 {
            let review = LongTermReview {
                id: derived(&episode.id, 0x1703, n),
                episode_id: episode.id,
                reviewed_on: end.plus(Duration::days(-45)).date(),
                summary: text("Bank, phone and social media checks renewed; no new lines of enquiry."),
                reviewed_by: officer.id,
                recorded_at: end.plus(Duration::days(-45)),
            };
            tx.insert_long_term_review(&review).await?;
        }
    }
    Ok(())
}
