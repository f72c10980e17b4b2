//! Duties and warnings a record lays on other agencies, raised in the transaction of the record that causes them: a
//! children's home's notification to Ofsted when one of its residents is reported missing (the police are called)
//! or is suspected of sexual exploitation (`rules::ofsted`); and the alert of a child abduction warning notice in
//! force when its child goes missing again or a finding names its adult (`rules::abduction`). Here rather than in a
//! service because reporting, risk assessment and the filing of findings all raise them, and no service reaches
//! into another.

use crate::authz::Scope;
use crate::domain::alert::{Alert, AlertKind};
use crate::domain::episode::Episode;
use crate::domain::ids::AssociateId;
use crate::domain::ofsted::{OfstedCause, OfstedNotification};
use crate::domain::person::Person;
use crate::domain::time::{Timestamp, london};
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::abduction::in_force;
use crate::rules::alerts::{Due, live_on_import};
use crate::rules::ofsted::home_to_prompt;

/// Prompts the child's children's home to notify Ofsted of this cause, once per episode and cause; answers whether
/// a new prompt was made.
pub(crate) async fn prompt_ofsted(
    tx: &mut dyn Tx,
    episode: &Episode,
    person: &Person,
    cause: OfstedCause,
    now: Timestamp,
) -> Result<bool, CoreError> {
    let Some(provider) = person.placement_provider_id else { return Ok(false) };
    let kind = tx.agency(provider).await?.map(|agency| agency.kind);
    let Some(home) = home_to_prompt(episode, person, kind) else { return Ok(false) };
    let prompt = OfstedNotification::prompt(home, episode.id, person.id, cause, now);
    Ok(tx.insert_ofsted_prompt(&prompt).await?)
}

/// Alerts the serving force and the child's responsible council when a record made at `made` touches a child
/// abduction warning notice in force on the day the episode began: a new episode of its child, or a finding naming
/// its adult (`associates`). Only notices recorded by `made`, so filing older records again raises nothing new; an
/// alert is raised once per notice, episode and agency. The alert is always about the notice's own child: for each
/// agency told, the child's latest episode that agency sees (the new one, when it does), never another child's,
/// which may be another force's and another council's and would answer them 404; with none it sees, a record alert.
pub(crate) async fn abduction_notices_named(
    tx: &mut dyn Tx,
    episode: &Episode,
    associates: &[AssociateId],
    made: Timestamp,
    now: Timestamp,
) -> Result<(), CoreError> {
    let on = london(episode.went_missing_at).date();
    let notices = tx.abduction_notices_naming(associates, episode.person_id, made).await?;
    let mut alerts = Vec::new();
    for notice in notices.into_iter().filter(|n| in_force(n, on)) {
        let council = tx.person(notice.child_id, Scope::All).await?.and_then(|child| child.responsible_la_id);
        // Raised once per other child's episode too: the occasion, never shown, names it.
        let occasion = if notice.child_id == episode.person_id {
            notice.id.to_string()
        } else {
            format!("{}:{}", notice.id, episode.id)
        };
        let told = std::iter::once((notice.force_id, Scope::PoliceForce(notice.force_id)))
            .chain(council.map(|council| (council, Scope::LocalAuthority(council))));
        for (agency, sight) in told {
            let seen = tx.episodes_of_person(notice.child_id, sight).await?;
            let about = seen.into_iter().max_by_key(|e| e.went_missing_at).map(|e| e.id);
            let due = Due { kind: AlertKind::AbductionNoticeNamed, agency, occasion: occasion.clone() };
            alerts.push(match about {
                Some(episode) => Alert::raised(due, episode, now),
                None => Alert::about_record(due, now),
            });
        }
    }
    crate::outbox::raise(tx, alerts, now).await?;
    Ok(())
}

/// What episodes an import created lay on others, as a report would: the children's home's prompt to notify Ofsted
/// (the police were called, and a sexual exploitation concern when the row carries one) and a child abduction
/// warning notice's alert, for those still open
/// (`rules::alerts::live_on_import`). Each is raised once, so importing a file again raises nothing new.
pub(crate) async fn imported(tx: &mut dyn Tx, episodes: &[Episode], now: Timestamp) -> Result<(), CoreError> {
    for episode in episodes.iter().filter(|e| live_on_import(e)) {
        let Some(person) = tx.person(episode.person_id, Scope::All).await? else { continue };
        prompt_ofsted(tx, episode, &person, OfstedCause::PoliceCalled, now).await?;
        // The sender's row carried a sexual exploitation concern: the home owes word of that too, as after an
        // assessment here that records one.
        if episode.risk.cse_concern {
            prompt_ofsted(tx, episode, &person, OfstedCause::SexualExploitation, now).await?;
        }
        abduction_notices_named(tx, episode, &[], now, now).await?;
    }
    Ok(())
}
