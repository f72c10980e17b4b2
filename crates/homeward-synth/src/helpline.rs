//! Helpline and self-referral contacts (issue 17, item 3): some children who go missing, or someone worried about
//! them, contact an interview provider's helpline soon after coming back. Drawn from a stream of their own after
//! everything else, so they move none of the other records. Not calibrated: DOMAIN.md gives no figures, so the
//! shares are assumed (one child in twelve of those missing twice or more; of contacts, half shared with consent,
//! one in six on a safeguarding ground, the rest kept; of those shared, three in five linked to the child).

use std::collections::HashMap;

use homeward_core::domain::episode::Episode;
use homeward_core::domain::helpline::{ContactBy, ContactChannel, HelplineContact};
use homeward_core::domain::ids::{AgencyId, HelplineContactId, PersonId, UserId};
use homeward_core::domain::person::Person;
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Role, User};
use homeward_core::rules::helpline::{SafeguardingGround, Sharing};
use time::Duration;

use crate::dice::{Dice, between, bytes, chance, dice, pick, pick_share};

/// Read after the aftercare's stream.
pub const HELPLINE_STREAM: u64 = 6;

const ASKED: &[&str] = &[
    "Asked where they could sleep tonight without going back",
    "Worried about a friend who keeps staying out with older lads",
    "Wanted to know if the police would tell their carers where they had been",
    "Said they owe someone money and are scared to go home",
];

const GROUND_REASONS: &[&str] = &[
    "Described being made to carry packages for an older man: risk of criminal exploitation",
    "Said they had nowhere safe to stay tonight and had been threatened",
];

/// The contacts of a generated year, as of `now`, taken by the interview providers' practitioners.
pub fn build(
    seed: u64,
    people: &[Person],
    episodes: &[Episode],
    users: &[User],
    now: Timestamp,
) -> Vec<HelplineContact> {
    let mut dice = dice(seed, HELPLINE_STREAM);
    let practitioners: Vec<&User> = users.iter().filter(|u| u.role == Role::RhiPractitioner).collect();
    let linkers: HashMap<AgencyId, UserId> = users
        .iter()
        .filter(|u| matches!(u.role, Role::LaCoordinator | Role::SocialWorker))
        .map(|u| (u.agency_id, u.id))
        .collect();
    if practitioners.is_empty() {
        return Vec::new();
    }
    let mut returns: HashMap<PersonId, (usize, Option<Timestamp>)> = HashMap::new();
    for e in episodes {
        let entry = returns.entry(e.person_id).or_insert((0, None));
        entry.0 += 1;
        entry.1 = entry.1.max(e.returned_at);
    }
    let mut contacts = Vec::new();
    for person in people {
        let Some(&(times, Some(back))) = returns.get(&person.id) else { continue };
        if times < 2 || !person.is_child_at(now) || !chance(&mut dice, 83) {
            continue;
        }
        let practitioner = *pick(&mut dice, &practitioners);
        let council = person.responsible_la_id;
        contacts.push(contact(&mut dice, person, council, practitioner, &linkers, back, now));
    }
    contacts
}

fn contact(
    dice: &mut Dice,
    person: &Person,
    council: Option<AgencyId>,
    practitioner: &User,
    linkers: &HashMap<AgencyId, UserId>,
    back: Timestamp,
    now: Timestamp,
) -> HelplineContact {
    let at = back.plus(Duration::hours(i64::from(between(dice, 2, 120)))).min(now);
    let sharing = match (council, pick_share(dice, &[500, 167, 333])) {
        (Some(_), 0) => Sharing::Consent,
        (Some(_), 1) => Sharing::Ground {
            ground: if chance(dice, 800) {
                SafeguardingGround::ChildAtRiskOfSignificantHarm
            } else {
                SafeguardingGround::PreventionOrDetectionOfCrime
            },
            reason: Some(FreeText::parse(pick::<&str>(dice, GROUND_REASONS)).expect("the texts are short and plain")),
        },
        _ => Sharing::NotShared,
    };
    let shared_with = council.filter(|_| sharing.is_shared());
    let linker = shared_with.and_then(|c| linkers.get(&c).copied()).filter(|_| chance(dice, 600));
    let by_self = chance(dice, 600);
    HelplineContact {
        id: HelplineContactId::from_random_bytes(bytes(dice)),
        provider_id: practitioner.agency_id,
        channel: *pick(dice, ContactChannel::ALL),
        contacted_at: at,
        contact_by: if by_self { ContactBy::Themselves } else { *pick(dice, &ContactBy::ALL[1..]) },
        asked: Some(FreeText::parse(pick::<&str>(dice, ASKED)).expect("the texts are short and plain")),
        // A caller who shares usually says who they are; one who does not, seldom.
        name: sharing.is_shared().then(|| person.given_name.clone()),
        date_of_birth: sharing.is_shared().then_some(person.date_of_birth),
        home_la_id: shared_with,
        sharing,
        shared_with,
        person_id: linker.map(|_| person.id),
        linked_by: linker,
        linked_at: linker.map(|_| at.plus(Duration::hours(6)).min(now)),
        logged_by: practitioner.id,
        logged_at: at,
    }
}
