//! The figures of DOMAIN.md ("Figures for realistic synthetic data", England and Wales) written as the tables the
//! generator draws from. Each constant cites the row it comes from; where DOMAIN.md gives no figure the value is a
//! plausible choice and says so. Shares are in parts per thousand so that every draw is integer arithmetic, which
//! gives the same data on every machine (floating-point `ln` or `exp` may differ in the last bit between libms).

use homeward_core::domain::return_interview::{CceIndicator, CseIndicator, Harm, Reason};

/// A share in parts per thousand.
pub type PerMille = u32;

/// One band of a distribution: `weight` parts of the whole fall uniformly in `low..=high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub weight: u32,
    pub low: u32,
    pub high: u32,
}

const fn band(weight: u32, low: u32, high: u32) -> Band {
    Band { weight, low, high }
}

// --- Volume -----------------------------------------------------------------------------------------------------

/// CONTRACT.md, `homeward demo`: "area: one county and its force, about 3,000 episodes".
pub const AREA_INCIDENTS: u32 = 3_000;
/// Ten areas' worth: about five forces (the brief for the region scale).
pub const REGION_INCIDENTS: u32 = 30_000;
/// "incidents a year: about 330,000 to 350,000".
pub const NATIONAL_INCIDENTS: u32 = 350_000;

/// "incidents a year ... about 2/3 children".
pub const CHILD_INCIDENT_SHARE: PerMille = 667;
/// "looked-after children ... about 87,000 incidents (2025)", out of 350,000 incidents.
pub const LOOKED_AFTER_INCIDENT_SHARE: PerMille = 249;

// --- Incidents per person in the year ---------------------------------------------------------------------------

/// "looked-after children who go missing about 6 to 7 (heavy tail: some over 20)". Mean 6.88.
pub const LOOKED_AFTER_INCIDENTS_PER_CHILD: &[Band] = &[
    band(160, 1, 1),
    band(130, 2, 2),
    band(110, 3, 3),
    band(90, 4, 4),
    band(80, 5, 5),
    band(150, 6, 8),
    band(130, 9, 12),
    band(100, 13, 19),
    band(40, 20, 29),
    band(10, 30, 45),
];

/// Children not looked after. "children about 2.8" across all children: with looked-after children at 6.88 and
/// 37% of child incidents, the rest average 2.1, which brings all children to about 2.8.
pub const OTHER_CHILD_INCIDENTS_PER_CHILD: &[Band] = &[
    band(560, 1, 1),
    band(200, 2, 2),
    band(100, 3, 3),
    band(50, 4, 4),
    band(50, 5, 6),
    band(35, 7, 10),
    band(5, 11, 16),
];

/// "adults about 1.35". Mean 1.34.
pub const ADULT_INCIDENTS_PER_ADULT: &[Band] =
    &[band(810, 1, 1), band(120, 2, 2), band(40, 3, 3), band(15, 4, 4), band(12, 5, 8), band(3, 9, 15)];

// --- Age, in whole years on the first day of the generated year -------------------------------------------------
// Children are at most 16 on that day, so they are still children at every episode of the year; adults at least 18.

/// "16+ is about half of looked-after incidents": all the 16s and about half of the 15s (those past their
/// birthday) are 16 or over when they go missing: 340 + 300 / 2 = 490 per thousand.
pub const LOOKED_AFTER_AGE: &[Band] = &[
    band(340, 16, 16),
    band(300, 15, 15),
    band(170, 14, 14),
    band(100, 13, 13),
    band(50, 12, 12),
    band(25, 10, 11),
    band(15, 7, 9),
];

/// "most missing children are 12 to 17".
pub const OTHER_CHILD_AGE: &[Band] = &[
    band(230, 16, 16),
    band(240, 15, 15),
    band(200, 14, 14),
    band(130, 13, 13),
    band(80, 12, 12),
    band(60, 10, 11),
    band(45, 6, 9),
    band(15, 0, 5),
];

/// Not in DOMAIN.md: young adults and people with dementia are the larger groups of missing adults.
pub const ADULT_AGE: &[Band] =
    &[band(250, 18, 24), band(270, 25, 39), band(250, 40, 59), band(100, 60, 74), band(130, 75, 95)];

/// Age from which an adult who goes missing from a care setting is more likely to be in a care home (dementia).
pub const OLDER_ADULT_AGE: i32 = 70;

// --- Duration, in minutes -----------------------------------------------------------------------------------------

/// "children: 79% found within 24 h, 90% within 2 days, under 2% over a week".
pub const CHILD_DURATION_MINUTES: &[Band] = &[
    band(200, 30, 119),
    band(250, 120, 359),
    band(200, 360, 719),
    band(140, 720, 1_439),
    band(110, 1_440, 2_879),
    band(85, 2_880, 10_079),
    band(15, 10_080, 43_200),
];

/// "adults: 76% / 86% / 3%" (within 24 h, within 2 days, over a week). A few adults are missing for months. The
/// long bands are a little heavier than 3% because some long episodes are cut short by the person's next one or
/// are still running at the year's end.
pub const ADULT_DURATION_MINUTES: &[Band] = &[
    band(180, 30, 119),
    band(230, 120, 359),
    band(210, 360, 719),
    band(140, 720, 1_439),
    band(100, 1_440, 2_879),
    band(105, 2_880, 10_079),
    band(29, 10_080, 43_200),
    band(6, 43_201, 259_200),
];

/// Not in DOMAIN.md: minutes between going missing and the report. Never more than a third of the episode, so a
/// person is always reported before they come back.
pub const REPORT_DELAY_MINUTES: &[Band] = &[band(500, 10, 59), band(350, 60, 239), band(150, 240, 720)];

/// Not in DOMAIN.md: relative weight of each hour of the day (UTC) for going missing: evenings and nights more.
pub const HOUR_WEIGHTS: [u32; 24] = [7, 6, 5, 4, 3, 2, 2, 2, 3, 4, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11, 11, 10, 9, 8];

/// Least time between two episodes of one person starting, in minutes: a person must come back before going again.
pub const MIN_MINUTES_BETWEEN_EPISODES: u32 = 6 * 60;

// --- Who goes missing, and from where ----------------------------------------------------------------------------

/// Not in DOMAIN.md: sex of missing children (M, F, U); boys slightly more among looked-after children, men
/// clearly more among adults.
pub const OTHER_CHILD_SEX: [PerMille; 3] = [490, 500, 10];
pub const LOOKED_AFTER_SEX: [PerMille; 3] = [540, 450, 10];
pub const ADULT_SEX: [PerMille; 3] = [640, 350, 10];

/// DOMAIN.md, "Out of area": not given as a figure; the brief asks for a quarter to a third.
pub const OUT_OF_AREA: PerMille = 300;

/// Not in DOMAIN.md: placements of looked-after children who go missing (children's homes are over-represented).
/// Order: foster care, children's home, semi-independent (16 and over only).
pub const PLACEMENT_UNDER_16: [PerMille; 3] = [550, 450, 0];
pub const PLACEMENT_16_AND_OVER: [PerMille; 3] = [300, 400, 300];

/// Not in DOMAIN.md: where children who are not looked after go missing from. Order: home, school, other.
pub const OTHER_CHILD_MISSING_FROM: [PerMille; 3] = [900, 50, 50];
/// Not in DOMAIN.md: adults under 70. Order: home, hospital, other.
pub const ADULT_MISSING_FROM: [PerMille; 3] = [800, 120, 80];
/// Not in DOMAIN.md: adults of 70 and over. Order: care home, home, hospital.
pub const OLDER_ADULT_MISSING_FROM: [PerMille; 3] = [500, 400, 100];

/// Not in DOMAIN.md: share of a looked-after child's episodes the council classes as "away" rather than missing.
pub const AWAY_FROM_PLACEMENT: PerMille = 250;

/// Not in DOMAIN.md: children who are not looked after but have an allocated social worker (children in need).
pub const OTHER_CHILD_ALLOCATED_WORKER: PerMille = 300;

// --- Exploitation and risk ----------------------------------------------------------------------------------------

/// "CSE flag: about 9% of child incidents". Concerns follow the child: a share of children are at risk
/// (`[boys, girls]`), and each of their episodes carries the flag with `CSE_PER_EPISODE`; any other child's episode
/// carries it rarely: 0.39 x (0.37 x 0.32 + 0.63 x 0.16) + 0.005 = about 0.09. Many children at risk, each flagged
/// on some episodes, rather than few flagged on all: one child with forty episodes cannot swing an area's figure.
pub const CSE_AT_RISK_LOOKED_AFTER: [PerMille; 2] = [250, 400];
pub const CSE_AT_RISK_OTHER_CHILD: [PerMille; 2] = [120, 200];
pub const CSE_PER_EPISODE: PerMille = 390;
pub const CSE_ONE_OFF: PerMille = 5;

/// Not a figure in DOMAIN.md ("some" criminal exploitation): about 3% of child incidents, mostly boys.
pub const CCE_AT_RISK_LOOKED_AFTER: [PerMille; 2] = [250, 70];
pub const CCE_AT_RISK_OTHER_CHILD: [PerMille; 2] = [110, 25];
pub const CCE_PER_EPISODE: PerMille = 300;
pub const CCE_ONE_OFF: PerMille = 3;

/// "risk mix, child incidents (one force): high 13 to 15%, medium about 85%, low 1 to 2%". Exploitation concerns
/// (about 12% of child incidents) are always high (DOMAIN.md local rule), so these are the shares among the rest:
/// 2% more high makes about 14%; low only over 13 (never below medium at 13 or under), about 1.5% overall.
pub const CHILD_HIGH_WITHOUT_CONCERN: PerMille = 22;
pub const CHILD_LOW_WITHOUT_CONCERN_OVER_13: PerMille = 21;

/// Not in DOMAIN.md: adult grades. Order: no apparent risk, low, medium, high.
pub const ADULT_GRADES: [PerMille; 4] = [50, 220, 550, 180];

/// Not in DOMAIN.md: how often children's services record their own view (more for looked-after children, whose
/// council is told of every episode).
pub const CHILDRENS_SERVICES_VIEW_LOOKED_AFTER: PerMille = 850;
pub const CHILDRENS_SERVICES_VIEW_OTHER_CHILD: PerMille = 500;
/// Not in DOMAIN.md: how often the two sides disagree (the lower side is one grade down).
pub const SIDES_DISAGREE: PerMille = 100;
/// Not in DOMAIN.md: how often the police review the grade during the episode (more often when high).
pub const POLICE_REVIEW_HIGH: PerMille = 400;
pub const POLICE_REVIEW_OTHER: PerMille = 150;
/// Not in DOMAIN.md: of reviewed high episodes, how many started lower (escalated at review); of reviewed medium
/// ones, how many started high (lowered at review).
pub const ESCALATED_AT_REVIEW: PerMille = 400;
pub const LOWERED_AT_REVIEW: PerMille = 200;

// --- Endings ---------------------------------------------------------------------------------------------------------

/// Not in DOMAIN.md: how children's episodes end. Order: returned self, found by police, found by other.
pub const CHILD_OUTCOMES: [PerMille; 3] = [640, 230, 130];
/// Not in DOMAIN.md: how adults' episodes end; found dead very rare. Order as above, then found dead.
pub const ADULT_OUTCOMES: [PerMille; 4] = [520, 300, 179, 1];

// --- Return home interviews ------------------------------------------------------------------------------------------

/// Where a child's return interview stands once its work is done. "half of episodes led to an RHI (2019)": offered
/// (completed + declined + offered and waiting) on 70%, completed on 57%. Order: completed, declined, offered,
/// not possible, assigned, due.
pub const INTERVIEW_STATUSES: [PerMille; 6] = [570, 100, 30, 80, 70, 150];
/// "of completed RHIs only 63% were within 72 hours".
pub const COMPLETED_WITHIN_72H: PerMille = 630;
/// Latest a late interview is completed, in hours after the return.
pub const LATEST_COMPLETION_HOURS: u32 = 21 * 24;
/// Adults have no statutory interview; a few get an optional return conversation.
pub const ADULT_RETURN_CONVERSATION: PerMille = 50;

// --- What completed return interviews find -----------------------------------------------------------------------
// DOMAIN.md lists what an interview covers (why they went, where, with whom, how they travelled and got back, harm,
// exploitation indicators, support wanted) but gives no rates for what children say: unless a row is cited, each
// rate here is not in DOMAIN.md and is assumed. Codes are drawn each on its own, so a child may give several.

/// Not in DOMAIN.md: assumed. Push factors a child living at home gives.
pub const PUSH_AT_HOME: &[(Reason, PerMille)] = &[
    (Reason::ConflictAtHome, 450),
    (Reason::DomesticAbuse, 60),
    (Reason::AbuseOrNeglect, 40),
    (Reason::MentalHealth, 120),
    (Reason::Bullying, 80),
];
/// Not in DOMAIN.md: assumed. Push factors a looked-after child gives: the placement first.
pub const PUSH_LOOKED_AFTER: &[(Reason, PerMille)] =
    &[(Reason::Placement, 500), (Reason::MentalHealth, 150), (Reason::Bullying, 60), (Reason::AbuseOrNeglect, 30)];
/// "about 60% of missing adults have a mental health issue"; the rest not in DOMAIN.md: assumed.
pub const PUSH_ADULT: &[(Reason, PerMille)] =
    &[(Reason::MentalHealth, 600), (Reason::ConflictAtHome, 200), (Reason::Substances, 150)];
/// Not in DOMAIN.md: assumed. Pull factors of a child: friends and relationships most.
pub const PULL_CHILD: &[(Reason, PerMille)] =
    &[(Reason::Relationships, 550), (Reason::Substances, 120), (Reason::Other, 60)];
/// Not in DOMAIN.md: assumed. Of interviews after an episode with an exploitation concern, how many give
/// exploitation as a pull factor.
pub const PULL_EXPLOITATION: PerMille = 700;

/// Not in DOMAIN.md: assumed. Harm suffered before or while missing, for anyone.
pub const HARM: &[(Harm, PerMille)] = &[
    (Harm::SubstanceMisuse, 120),
    (Harm::SleptRough, 60),
    (Harm::PhysicalInjury, 40),
    (Harm::SelfHarm, 40),
    (Harm::RobberyOrTheft, 20),
];
/// Not in DOMAIN.md: assumed. Sexual harm disclosed after an episode with a CSE concern.
pub const SEXUAL_HARM_WITH_CSE: PerMille = 150;

/// DOMAIN.md, "Exploitation indicators linked to missing" names the indicators, not their rates: assumed. Drawn
/// for an episode with a CSE concern; missing overnight comes from the episode's own times instead.
pub const CSE_INDICATORS: &[(CseIndicator, PerMille)] = &[
    (CseIndicator::OlderBoyfriendOrGirlfriend, 350),
    (CseIndicator::CarsWithUnknownAdults, 250),
    (CseIndicator::UnexplainedGifts, 300),
    (CseIndicator::DistraughtOrIntoxicated, 250),
    (CseIndicator::SexualHealthSigns, 80),
];
/// As above, for an episode with a CCE concern; persistently missing comes from the child's own episodes.
pub const CCE_INDICATORS: &[(CceIndicator, PerMille)] = &[
    (CceIndicator::UnexplainedMoneyOrItems, 350),
    (CceIndicator::ManyCallsOrTexts, 300),
    (CceIndicator::ControllingOlderPeople, 250),
    (CceIndicator::MultiplePhones, 200),
    (CceIndicator::TrainTickets, 200),
    (CceIndicator::DeclineAtSchool, 150),
    (CceIndicator::HotelKeys, 100),
    (CceIndicator::Injuries, 80),
];
/// Episodes in the year from which a child with a CCE concern counts as persistently missing: not in DOMAIN.md,
/// assumed.
pub const PERSISTENTLY_MISSING_EPISODES: usize = 3;

/// Not in DOMAIN.md: assumed. How many places a child names (none, one, two, three).
pub const PLACES_NAMED: [PerMille; 4] = [250, 400, 250, 100];
/// Not in DOMAIN.md: assumed. Of places named, how many are a friend's house (the rest are the town's parks,
/// shops, stations and takeaways).
pub const FRIENDS_HOUSE: PerMille = 600;
/// Not in DOMAIN.md: assumed. How often the child knows a friend's house's postcode (where postcodes are real).
pub const POSTCODE_KNOWN: PerMille = 400;
/// Not in DOMAIN.md: assumed. How many people a child names (none, one, two).
pub const PEOPLE_NAMED: [PerMille; 3] = [300, 450, 250];
/// Not in DOMAIN.md: assumed. Of people named, how many are older ("an older boyfriend"), not friends of their age.
pub const OLDER_PERSON: PerMille = 80;
/// Not in DOMAIN.md: assumed. Of friends named, how many by nickname rather than first name.
pub const FRIEND_BY_NICKNAME: PerMille = 400;
/// Not in DOMAIN.md: assumed. Interviews that record support wanted, and the child's own words.
pub const SUPPORT_WANTED: PerMille = 350;
pub const CHILDS_WORDS: PerMille = 400;

// --- Planted exploitation networks ---------------------------------------------------------------------------------
// DOMAIN.md: "The places and people that recur across episodes are the intelligence the Children's Society asked
// agencies to build together." A few made-up adults are planted so the demo has some to find; these are assumed.

/// Adults planted: this many, plus one for every `COUNCILS_PER_NETWORK` councils (3 at area scale, 4 at region,
/// 21 at national).
pub const NETWORKS_AT_LEAST: usize = 2;
pub const COUNCILS_PER_NETWORK: usize = 8;
/// Not in DOMAIN.md: assumed. Of children with an exploitation concern in a network's area, how many it reaches.
pub const NETWORK_REACH: PerMille = 450;
/// Not in DOMAIN.md: assumed. In an interview after a flagged episode, how often a reached child names the adult,
/// and one of the network's hotspots.
pub const NETWORK_ADULT_NAMED: PerMille = 750;
pub const NETWORK_HOTSPOT_NAMED: PerMille = 800;
/// Not in DOMAIN.md: assumed. How often a child with an exploitation concern whom no network reaches names one of
/// the places a network in their area uses.
pub const HOTSPOT_WITHOUT_ADULT: PerMille = 350;
/// Not in DOMAIN.md: assumed. How often the child gives the adult's full name, their phone (a CSE network's adult;
/// always for criminal exploitation, which runs on a phone line) and their car (a CCE network's adult; always for
/// sexual exploitation, whose indicator is getting into cars).
pub const NETWORK_FULL_NAME: PerMille = 250;
pub const NETWORK_PHONE_OF_CSE: PerMille = 600;
pub const NETWORK_VEHICLE_OF_CCE: PerMille = 300;
/// Not in DOMAIN.md: assumed. The role the adult played. Order: gave money or gifts, travelled with, was with.
pub const CSE_ADULT_ROLES: [PerMille; 3] = [600, 200, 200];
pub const CCE_ADULT_ROLES: [PerMille; 3] = [300, 600, 100];

#[cfg(test)]
mod tests {
    use super::*;

    fn total(bands: &[Band]) -> u32 {
        bands.iter().map(|b| b.weight).sum()
    }

    /// Mean of a band table.
    fn mean(bands: &[Band]) -> f64 {
        bands.iter().map(|b| f64::from(b.weight) * (f64::from(b.low) + f64::from(b.high)) / 2.0).sum::<f64>()
            / f64::from(total(bands))
    }

    #[test]
    fn every_table_is_whole() {
        for table in [
            LOOKED_AFTER_INCIDENTS_PER_CHILD,
            OTHER_CHILD_INCIDENTS_PER_CHILD,
            ADULT_INCIDENTS_PER_ADULT,
            LOOKED_AFTER_AGE,
            OTHER_CHILD_AGE,
            ADULT_AGE,
            CHILD_DURATION_MINUTES,
            ADULT_DURATION_MINUTES,
            REPORT_DELAY_MINUTES,
        ] {
            assert_eq!(total(table), 1_000);
            assert!(table.iter().all(|b| b.low <= b.high));
        }
        for shares in [
            &OTHER_CHILD_SEX[..],
            &LOOKED_AFTER_SEX,
            &ADULT_SEX,
            &PLACEMENT_UNDER_16,
            &PLACEMENT_16_AND_OVER,
            &OTHER_CHILD_MISSING_FROM,
            &ADULT_MISSING_FROM,
            &OLDER_ADULT_MISSING_FROM,
            &ADULT_GRADES,
            &CHILD_OUTCOMES,
            &ADULT_OUTCOMES,
            &INTERVIEW_STATUSES,
            &PLACES_NAMED,
            &PEOPLE_NAMED,
            &CSE_ADULT_ROLES,
            &CCE_ADULT_ROLES,
        ] {
            assert_eq!(shares.iter().sum::<u32>(), 1_000);
        }
    }

    #[test]
    fn incidents_per_person_match_domain() {
        let looked_after = mean(LOOKED_AFTER_INCIDENTS_PER_CHILD);
        assert!((6.0..=7.0).contains(&looked_after), "{looked_after}");
        let adults = mean(ADULT_INCIDENTS_PER_ADULT);
        assert!((1.3..=1.4).contains(&adults), "{adults}");
        // All children together: incidents over individuals.
        let la_share = f64::from(LOOKED_AFTER_INCIDENT_SHARE) / f64::from(CHILD_INCIDENT_SHARE);
        let individuals = la_share / looked_after + (1.0 - la_share) / mean(OTHER_CHILD_INCIDENTS_PER_CHILD);
        let children = 1.0 / individuals;
        assert!((2.7..=2.9).contains(&children), "{children}");
    }
}
