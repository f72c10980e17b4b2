//! Exploitation indicators for a child, each with its reason, never a verdict (issue 15, item 4): prompts for the
//! people assessing risk, from what the records across agencies show. DOMAIN.md, "Exploitation indicators linked to
//! missing": persistently going missing, being found out of area, relationships with older people, and the places
//! and people that recur across episodes.

use crate::domain::code_enum;
use crate::domain::education::MissingEducation;
use crate::domain::time::Timestamp;

/// Episodes within [`REPEAT_WITHIN`] that make going missing persistent. Not in DOMAIN.md: the strategy meeting
/// rule's three episodes, over a year rather than 30 days.
pub const REPEAT_EPISODES: usize = 3;
pub const REPEAT_WITHIN: time::Duration = time::Duration::days(365);
/// How far from their placement a child found counts as having travelled far. Not in DOMAIN.md: assumed, about
/// the distance past which a child is outside any neighbouring council's area.
pub const FAR_KM: f64 = 25.0;

code_enum! {
    /// What kind of prompt it is.
    pub enum IndicatorKind {
        FoundOutOfArea => "found_out_of_area",
        RepeatEpisodes => "repeat_episodes",
        TravelledFar => "travelled_far",
        AdultAssociate => "adult_associate",
        SharedWithExploited => "shared_with_exploited",
        MissingEducation => "missing_education",
    }
}

/// One prompt, with why it is raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub reason: String,
}

/// What the records show of a child, gathered across agencies; counts and distances only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorFacts {
    /// When each of their episodes started, and whether they were found out of area (where known).
    pub episodes: Vec<(Timestamp, Option<bool>)>,
    /// The furthest they were found from their placement, in kilometres.
    pub furthest_km: Option<f64>,
    /// Associates they were with who are adults or of unknown age.
    pub adult_associates: usize,
    /// Places and associates they share with other children whose interviews found signs of exploitation, and how
    /// many such children.
    pub shared_things: usize,
    pub shared_children: usize,
    /// Their spells missing education (off a school roll or persistently absent), as the council recorded them.
    pub missing_education: Vec<MissingEducation>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The prompts the facts raise at `now`, in a fixed order.
pub fn indicators(facts: &IndicatorFacts, now: Timestamp) -> Vec<Indicator> {
    let mut found = Vec::new();
    let out = facts.episodes.iter().filter(|(_, out)| *out == Some(true)).count();
    if out > 0 {
        let reason = format!("Found out of area in {}", plural(out, "episode", "episodes"));
        found.push(Indicator { kind: IndicatorKind::FoundOutOfArea, reason });
    }
    let since = now.plus(-REPEAT_WITHIN);
    let recent = facts.episodes.iter().filter(|(at, _)| *at >= since && *at <= now).count();
    if recent >= REPEAT_EPISODES {
        let reason = format!("Missing {} in the last 12 months", plural(recent, "time", "times"));
        found.push(Indicator { kind: IndicatorKind::RepeatEpisodes, reason });
    }
    if let Some(km) = facts.furthest_km.filter(|km| *km >= FAR_KM) {
        let reason = format!("Found {km:.0} km from their placement");
        found.push(Indicator { kind: IndicatorKind::TravelledFar, reason });
    }
    if facts.adult_associates > 0 {
        let reason = if facts.adult_associates == 1 {
            "With 1 associate who is an adult or of unknown age".to_owned()
        } else {
            format!("With {} associates who are adults or of unknown age", facts.adult_associates)
        };
        found.push(Indicator { kind: IndicatorKind::AdultAssociate, reason });
    }
    if facts.shared_children > 0 {
        let reason = format!(
            "Shares {} with {} whose interviews found signs of exploitation",
            plural(facts.shared_things, "place or associate", "places or associates"),
            plural(facts.shared_children, "other child", "other children")
        );
        found.push(Indicator { kind: IndicatorKind::SharedWithExploited, reason });
    }
    // Persistently missing from school is a county-lines sign (DOMAIN.md): a spell open now, or ended within the
    // same twelve months that make going missing persistent.
    let today = crate::domain::time::london(now).date();
    let year_ago = crate::domain::time::london(since).date();
    if let Some(spell) =
        facts.missing_education.iter().filter(|m| m.overlaps(year_ago, today)).max_by_key(|m| m.started_on)
    {
        found.push(Indicator { kind: IndicatorKind::MissingEducation, reason: spell.describe() });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(days_ago: i64) -> Timestamp {
        Timestamp::from_unix_micros(1_780_000_000_000_000).expect("valid").plus(time::Duration::days(-days_ago))
    }

    #[test]
    fn each_prompt_says_why_and_none_is_raised_without_cause() {
        let now = at(0);
        assert!(indicators(&IndicatorFacts::default(), now).is_empty());
        let facts = IndicatorFacts {
            episodes: vec![(at(400), Some(true)), (at(100), None), (at(50), Some(false)), (at(10), Some(true))],
            furthest_km: Some(41.6),
            adult_associates: 1,
            shared_things: 2,
            shared_children: 3,
            missing_education: Vec::new(),
        };
        let reasons: Vec<String> = indicators(&facts, now).into_iter().map(|i| i.reason).collect();
        assert_eq!(
            reasons,
            [
                "Found out of area in 2 episodes",
                "Missing 3 times in the last 12 months",
                "Found 42 km from their placement",
                "With 1 associate who is an adult or of unknown age",
                "Shares 2 places or associates with 3 other children whose interviews found signs of exploitation",
            ]
        );
        let spell = |started_on, ended_on| MissingEducation {
            id: crate::domain::ids::MissingEducationId::random(),
            person_id: crate::domain::ids::PersonId::random(),
            council_id: crate::domain::ids::AgencyId::random(),
            reason: crate::domain::education::MissingEducationReason::PersistentAbsence,
            started_on,
            ended_on,
            recorded_by: crate::domain::ids::UserId::random(),
            recorded_at: now,
        };
        let long_ago = IndicatorFacts {
            missing_education: vec![spell(at(800).date(), Some(at(500).date()))],
            ..IndicatorFacts::default()
        };
        assert!(indicators(&long_ago, now).is_empty(), "a spell that ended over a year ago raises nothing");
        let absent =
            IndicatorFacts { missing_education: vec![spell(at(30).date(), None)], ..IndicatorFacts::default() };
        let raised = indicators(&absent, now);
        assert_eq!(raised.len(), 1);
        assert_eq!(raised[0].kind, IndicatorKind::MissingEducation);
        assert!(raised[0].reason.starts_with("Persistently absent from school since"), "{}", raised[0].reason);
        let near = IndicatorFacts { furthest_km: Some(24.9), episodes: vec![(at(1), None); 2], ..facts.clone() };
        let kinds: Vec<IndicatorKind> = indicators(&near, now).into_iter().map(|i| i.kind).collect();
        assert!(!kinds.contains(&IndicatorKind::TravelledFar) && !kinds.contains(&IndicatorKind::RepeatEpisodes));
    }
}
