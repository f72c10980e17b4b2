//! What completed return interviews found: why the child went, harm, exploitation indicators where the episode
//! carried a concern, the places and people they named, how they travelled and got back; and, for the children a
//! planted network reaches, its adult and its hotspots. Drawn after the rest of the year, from a stream of its own,
//! so that adding findings moves none of the calibrated figures.

use std::collections::HashMap;

use homeward_core::domain::episode::{Episode, ReturnOutcome};
use homeward_core::domain::ids::{AgencyId, EpisodeId, PersonId};
use homeward_core::domain::intel::{LinkRole, PlaceKind};
use homeward_core::domain::person::Person;
use homeward_core::domain::return_interview::{
    CceIndicator, CseIndicator, Findings, Harm, InterviewRecord, InterviewStatus, NamedPerson, Reason,
};
use homeward_core::domain::text::FreeText;

use crate::agencies::World;
use crate::calibration::{self as cal, PerMille};
use crate::dice::{Dice, FINDINGS_STREAM, between, chance, dice, pick, pick_share};
use crate::episodes::HOUR;
use crate::names;
use crate::networks::{self, Network};
use crate::places::{self, Town};
use crate::population::Population;
use crate::texts::Texts;

/// Hours missing from which a child counts as missing overnight.
const OVERNIGHT_HOURS: i64 = 8;

/// What an interview's findings draw on: the episode and the person.
struct About<'a> {
    episode: &'a Episode,
    person: &'a Person,
    /// The council where the episode started (where the child lives).
    council: usize,
    /// The person's episodes in the year.
    episodes: usize,
}

struct Recorder<'a> {
    dice: Dice,
    texts: &'a Texts,
    towns: Vec<Town>,
    networks: Vec<Network>,
    /// Each child with an exploitation concern, and the network that reaches them, if any: decided at their
    /// first such interview, so the same adult recurs across their episodes.
    reached: HashMap<PersonId, Option<usize>>,
}

/// Gives every completed interview its findings.
pub fn record(seed: u64, world: &World, texts: &Texts, population: &mut Population) {
    let mut dice = dice(seed, FINDINGS_STREAM);
    let towns = places::towns(&mut dice, world);
    let networks = networks::plant(&mut dice, world, &towns);
    let mut recorder = Recorder { dice, texts, towns, networks, reached: HashMap::new() };
    let councils: HashMap<AgencyId, usize> = world.councils.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let Population { people, episodes, interviews, .. } = population;
    let people: HashMap<PersonId, &Person> = people.iter().map(|p| (p.id, p)).collect();
    let mut counts: HashMap<PersonId, usize> = HashMap::new();
    for episode in episodes.iter() {
        *counts.entry(episode.person_id).or_default() += 1;
    }
    let episodes: HashMap<EpisodeId, &Episode> = episodes.iter().map(|e| (e.id, e)).collect();
    for interview in interviews.iter_mut().filter(|i| i.status == InterviewStatus::Completed) {
        let (Some(recorded_by), Some(recorded_at)) = (interview.practitioner_id, interview.completed_at) else {
            continue;
        };
        let episode = episodes[&interview.episode_id];
        let about = About {
            episode,
            person: people[&episode.person_id],
            council: episode.area_la_id.and_then(|id| councils.get(&id).copied()).unwrap_or(0),
            episodes: counts[&episode.person_id],
        };
        let findings = if interview.statutory { recorder.child(&about) } else { recorder.adult(&about) };
        interview.record = Some(InterviewRecord {
            recorded_by,
            recorded_at,
            declined_by: None,
            decline_reason: None,
            carers_information: None,
            attempts: Vec::new(),
            findings: Some(findings),
            also_covers: Vec::new(),
        });
    }
}

/// The codes of a table drawn each with its own chance.
fn codes<T: Copy>(dice: &mut Dice, table: &[(T, PerMille)]) -> Vec<T> {
    table.iter().filter(|&&(_, per_mille)| chance(dice, per_mille)).map(|&(code, _)| code).collect()
}

fn age_byte(age: i32) -> u8 {
    u8::try_from(age.clamp(0, 110)).expect("clamped to a byte")
}

/// Someone a child names who is not a planted adult: a friend of their age by first name or nickname, or now and
/// then an older person by first name. Neither has a phone, car or full name, so neither joins other children's.
fn someone(dice: &mut Dice, age: i32) -> NamedPerson {
    let text = |t: &str| Some(FreeText::parse(t).expect("names are short plain text"));
    let older = chance(dice, cal::OLDER_PERSON);
    let by_nickname = !older && chance(dice, cal::FRIEND_BY_NICKNAME);
    let (name, nickname) =
        if by_nickname { (None, text(names::nickname(dice))) } else { (text(names::given(dice)), None) };
    let guess = if older { age + i32::try_from(between(dice, 4, 10)).expect("small") } else { age };
    NamedPerson {
        name,
        nickname,
        phone: None,
        vehicle: None,
        handle: None,
        approx_age: Some(age_byte(guess)),
        role: Some(LinkRole::WasWith),
    }
}

/// One of the places a network meets children, named in these findings; a hotel it uses shows as hotel keys or
/// cards to a child it exploits criminally.
fn hotspot(dice: &mut Dice, network: &Network, findings: &mut Findings) {
    let (spot, role) = pick(dice, &network.hotspots);
    let place = spot.named(*role);
    if spot.kind == PlaceKind::Hotel
        && network.exploitation == networks::Exploitation::Criminal
        && !findings.cce_indicators.is_empty()
        && !findings.cce_indicators.contains(&CceIndicator::HotelKeys)
    {
        findings.cce_indicators.push(CceIndicator::HotelKeys);
    }
    if !findings.places.contains(&place) {
        findings.places.push(place);
    }
}

impl Recorder<'_> {
    /// A child's interview.
    fn child(&mut self, about: &About<'_>) -> Findings {
        let (episode, person) = (about.episode, about.person);
        let (cse, cce) = (episode.risk.cse_concern, episode.risk.cce_concern);
        let age = person.age_at(episode.went_missing_at);
        let texts = self.texts;
        let words = &texts.findings;
        let dice = &mut self.dice;
        let mut findings = Findings {
            push_factors: codes(dice, if person.looked_after { cal::PUSH_LOOKED_AFTER } else { cal::PUSH_AT_HOME }),
            pull_factors: codes(dice, cal::PULL_CHILD),
            harm: codes(dice, cal::HARM),
            ..Findings::default()
        };
        if (cse || cce) && chance(dice, cal::PULL_EXPLOITATION) {
            findings.pull_factors.push(Reason::Exploitation);
        }
        if cse {
            if chance(dice, cal::SEXUAL_HARM_WITH_CSE) {
                findings.harm.push(Harm::SexualHarm);
            }
            let away = episode.returned_at.map_or(0, |r| r.unix_micros() - episode.went_missing_at.unix_micros());
            if away >= OVERNIGHT_HOURS * HOUR {
                findings.cse_indicators.push(CseIndicator::MissingOvernight);
            }
            findings.cse_indicators.extend(codes(dice, cal::CSE_INDICATORS));
        }
        if cce {
            if about.episodes >= cal::PERSISTENTLY_MISSING_EPISODES {
                findings.cce_indicators.push(CceIndicator::PersistentlyMissing);
            }
            findings.cce_indicators.extend(codes(dice, cal::CCE_INDICATORS));
        }
        for _ in 0..pick_share(dice, &cal::PEOPLE_NAMED) {
            findings.people.push(someone(dice, age));
        }
        let town = &self.towns[about.council];
        for _ in 0..pick_share(dice, &cal::PLACES_NAMED) {
            let place = if chance(dice, cal::FRIENDS_HOUSE) {
                // The house of someone they named by first name, where they named one.
                let named = findings.people.iter().find_map(|p| p.name.as_ref()).map(FreeText::as_str);
                let friend = named.unwrap_or_else(|| names::given(dice));
                town.friends_house(dice, friend)
            } else {
                pick(dice, &town.everyday).named(LinkRole::WentTo)
            };
            if !findings.places.contains(&place) {
                findings.places.push(place);
            }
        }
        findings.travel = Some(pick(dice, &words.travel).clone());
        self.network(about, &mut findings);
        let dice = &mut self.dice;
        findings.got_back = Some(
            pick(
                dice,
                match episode.return_outcome {
                    Some(ReturnOutcome::FoundByPolice) => &words.got_back_police,
                    Some(ReturnOutcome::FoundByOther) => &words.got_back_other,
                    _ => &words.got_back_self,
                },
            )
            .clone(),
        );
        if !findings.harm.is_empty() {
            findings.harm_details = Some(words.harm_details.clone());
        }
        findings.support_wanted = chance(dice, cal::SUPPORT_WANTED).then(|| pick(dice, &words.support_wanted).clone());
        findings.childs_words = chance(dice, cal::CHILDS_WORDS).then(|| pick(dice, &words.childs_words).clone());
        findings.safety_information = Some(words.safety_child.clone());
        findings
    }

    /// What a network reaching this child adds to their account of an episode it was behind: the adult, by the
    /// same phone or car each time, how they travelled, and the places it meets children. A child with the concern
    /// whom no network reaches may still name one of those places.
    fn network(&mut self, about: &About<'_>, findings: &mut Findings) {
        let (cse, cce) = (about.episode.risk.cse_concern, about.episode.risk.cce_concern);
        if !(cse || cce) {
            return;
        }
        let dice = &mut self.dice;
        let networks = &self.networks;
        let fits: Vec<usize> = (0..networks.len())
            .filter(|&n| networks[n].territory.contains(&about.council) && networks[n].exploitation.fits(cse, cce))
            .collect();
        let reached = *self
            .reached
            .entry(about.person.id)
            .or_insert_with(|| (!fits.is_empty() && chance(dice, cal::NETWORK_REACH)).then(|| *pick(dice, &fits)));
        let Some(network) = reached.map(|n| &networks[n]).filter(|n| n.exploitation.fits(cse, cce)) else {
            if !fits.is_empty() && chance(dice, cal::HOTSPOT_WITHOUT_ADULT) {
                let nearby = *pick(dice, &fits);
                hotspot(dice, &networks[nearby], findings);
            }
            return;
        };
        if chance(dice, cal::NETWORK_ADULT_NAMED) {
            let adult = network.mention(dice);
            network.mark(findings, &adult);
            findings.people.push(adult);
            let way = usize::from(network.exploitation == networks::Exploitation::Criminal);
            findings.travel = Some(self.texts.findings.travel_exploited[way].clone());
        }
        if chance(dice, cal::NETWORK_HOTSPOT_NAMED) {
            for _ in 0..between(dice, 1, 2) {
                hotspot(dice, network, findings);
            }
        }
    }

    /// An adult's optional return conversation: why they went, harm, a place or two, how they got back.
    fn adult(&mut self, about: &About<'_>) -> Findings {
        let words = &self.texts.findings;
        let town = &self.towns[about.council];
        let dice = &mut self.dice;
        let mut places = Vec::new();
        for _ in 0..between(dice, 0, 2) {
            let place = pick(dice, &town.everyday).named(LinkRole::WentTo);
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let harm = codes(dice, cal::HARM);
        Findings {
            push_factors: codes(dice, cal::PUSH_ADULT),
            harm_details: (!harm.is_empty()).then(|| words.harm_details.clone()),
            harm,
            places,
            travel: Some(pick(dice, &words.travel).clone()),
            got_back: Some(
                pick(
                    dice,
                    if about.episode.return_outcome == Some(ReturnOutcome::FoundByPolice) {
                        &words.got_back_police
                    } else {
                        &words.got_back_self
                    },
                )
                .clone(),
            ),
            safety_information: Some(words.safety_adult.clone()),
            ..Findings::default()
        }
    }
}
