//! Risk assessments of one episode: the police grade soon after the report (sometimes reviewed later), and for
//! many children the view of children's services. Grades follow the DOMAIN.md mix and its local rules: a child of
//! 13 or under is never below medium, and an exploitation concern means high. The episode's current picture is
//! left to `homeward_core::rules::risk::current_risk`, exactly as the service computes it.

use std::collections::BTreeMap;

use homeward_core::domain::ids::{AssessmentId, EpisodeId, UserId};
use homeward_core::domain::risk::{RiskAnswer, RiskAssessment, RiskGrade, RiskSide};
use homeward_core::domain::text::FreeText;

use crate::calibration as cal;
use crate::dice::{Dice, between, between_i64, bytes, chance, pick, pick_share};
use crate::episodes::{HOUR, MINUTE, at};
use crate::texts::Rationales;

/// Questions of the Durham-derived form (DOMAIN.md, risk questions) asked beside the fixed ones.
const OTHER_QUESTIONS: &[&str] = &[
    "drugs_alcohol",
    "family_conflict",
    "suicide_self_harm",
    "health_medication",
    "known_reason",
    "preparations_made",
    "weather_environment",
];

/// What the assessors know of the episode.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub episode_id: EpisodeId,
    pub child: bool,
    pub looked_after: bool,
    /// Age when the episode started.
    pub age: i32,
    pub cse: bool,
    pub cce: bool,
    /// Whether the person has gone missing before in the year.
    pub previous: bool,
    pub reported: i64,
    /// The return, or the year's end while still missing.
    pub end: i64,
}

impl Facts {
    fn concern(&self) -> bool {
        self.cse || self.cce
    }
}

/// Who may assess: the investigating force's officers and supervisors, and someone at the child's council.
#[derive(Debug, Clone, Copy)]
pub struct Assessors<'a> {
    pub officers: &'a [UserId],
    pub supervisors: &'a [UserId],
    pub childrens_services: Option<UserId>,
}

/// The grade the episode ends up with.
fn grade(dice: &mut Dice, facts: &Facts) -> RiskGrade {
    if facts.concern() {
        return RiskGrade::High;
    }
    if !facts.child {
        return [RiskGrade::NoApparentRisk, RiskGrade::Low, RiskGrade::Medium, RiskGrade::High]
            [pick_share(dice, &cal::ADULT_GRADES)];
    }
    let roll = between(dice, 0, 999);
    if roll < cal::CHILD_HIGH_WITHOUT_CONCERN {
        RiskGrade::High
    } else if facts.age > 13 && roll < cal::CHILD_HIGH_WITHOUT_CONCERN + cal::CHILD_LOW_WITHOUT_CONCERN_OVER_13 {
        RiskGrade::Low
    } else {
        RiskGrade::Medium
    }
}

/// One grade lower where the rules allow it: never below medium for a child of 13 or under, never below low for
/// any child.
fn one_lower(grade: RiskGrade, facts: &Facts) -> Option<RiskGrade> {
    match grade {
        RiskGrade::High => Some(RiskGrade::Medium),
        RiskGrade::Medium if !facts.child || facts.age > 13 => Some(RiskGrade::Low),
        RiskGrade::Low if !facts.child => Some(RiskGrade::NoApparentRisk),
        _ => None,
    }
}

/// Answers to the form: the fixed questions always, and more when there was time to ask them.
fn answers(dice: &mut Dice, facts: &Facts, flagged: bool, full: bool) -> BTreeMap<String, RiskAnswer> {
    let answer = |answer: bool| RiskAnswer { answer, details: None };
    let mut answers = BTreeMap::new();
    answers.insert("previous_episodes".to_owned(), answer(facts.previous));
    answers.insert("exploitation_concerns".to_owned(), answer(flagged));
    answers.insert("vulnerable_age_infirmity".to_owned(), answer(facts.age <= 13 || facts.age >= 75));
    if full {
        let out_of_character = !facts.previous && chance(dice, 600);
        answers.insert("out_of_character".to_owned(), answer(out_of_character));
        let question = *pick(dice, OTHER_QUESTIONS);
        answers.insert(question.to_owned(), answer(chance(dice, 300)));
    }
    answers
}

/// Writes one assessment.
struct Writer<'a> {
    facts: &'a Facts,
    out: &'a mut Vec<RiskAssessment>,
}

impl Writer<'_> {
    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        dice: &mut Dice,
        side: RiskSide,
        grade: RiskGrade,
        flagged: bool,
        rationale: &FreeText,
        by: UserId,
        at_micros: i64,
        full: bool,
    ) {
        let facts = self.facts;
        self.out.push(RiskAssessment {
            id: AssessmentId::from_random_bytes(bytes(dice)),
            episode_id: facts.episode_id,
            side,
            grade,
            rationale: rationale.clone(),
            answers: answers(dice, facts, flagged, full),
            cse_concern: flagged && facts.cse,
            cce_concern: flagged && facts.cce,
            override_reason: None,
            assessed_by: by,
            assessed_at: at(at_micros),
        });
    }
}

/// The rationale for a grade given on its own (not as a review).
fn rationale<'a>(texts: &'a Rationales, facts: &Facts, grade: RiskGrade, flagged: bool) -> &'a FreeText {
    if flagged {
        &texts.exploitation
    } else if facts.child && facts.age <= 13 && grade == RiskGrade::Medium {
        &texts.young_child
    } else {
        &texts.first
    }
}

/// Appends the episode's assessments to `out`, in the order they were made.
pub fn assess(dice: &mut Dice, facts: &Facts, who: &Assessors, texts: &Rationales, out: &mut Vec<RiskAssessment>) {
    let grade = grade(dice, facts);
    let concern = facts.concern();
    let span = facts.end - facts.reported;

    // Children's services give their view on most looked-after children's episodes and many others; now and then
    // the two sides differ by a grade, and the higher stands (core's joint grade).
    let share = if facts.looked_after {
        cal::CHILDRENS_SERVICES_VIEW_LOOKED_AFTER
    } else {
        cal::CHILDRENS_SERVICES_VIEW_OTHER_CHILD
    };
    let childrens_services = who.childrens_services.filter(|_| facts.child && chance(dice, share));
    let (mut police_grade, mut council_grade) = (grade, grade);
    let disagree = childrens_services.is_some() && !concern && chance(dice, cal::SIDES_DISAGREE);
    if let Some(lower) = one_lower(grade, facts).filter(|_| disagree) {
        if between(dice, 0, 1) == 0 {
            police_grade = lower;
        } else {
            council_grade = lower;
        }
    }

    // The police grade soon after the report, and sometimes a review that changes it.
    let first_at = facts.reported + between_i64(dice, 5 * MINUTE, 45 * MINUTE).min(span / 2);
    let review_at = first_at + between_i64(dice, HOUR, 6 * HOUR);
    let review_share = if police_grade == RiskGrade::High { cal::POLICE_REVIEW_HIGH } else { cal::POLICE_REVIEW_OTHER };
    let reviewed = chance(dice, review_share) && review_at < facts.end;
    let first_grade = match police_grade {
        RiskGrade::High if reviewed && chance(dice, cal::ESCALATED_AT_REVIEW) => RiskGrade::Medium,
        RiskGrade::Medium if reviewed && chance(dice, cal::LOWERED_AT_REVIEW) => RiskGrade::High,
        same => same,
    };
    // A concern raised at the first grade is carried on it; one that emerged later is carried by the review.
    let first_flagged = concern && first_grade == RiskGrade::High;

    let mut writer = Writer { facts, out };
    let officer = *pick(dice, who.officers);
    writer.write(
        dice,
        RiskSide::Police,
        first_grade,
        first_flagged,
        rationale(texts, facts, first_grade, first_flagged),
        officer,
        first_at,
        false,
    );
    if reviewed {
        let review_rationale = if concern && !first_flagged {
            &texts.exploitation
        } else {
            match police_grade.cmp(&first_grade) {
                std::cmp::Ordering::Greater => &texts.raised,
                std::cmp::Ordering::Less => &texts.lowered,
                std::cmp::Ordering::Equal => &texts.confirmed,
            }
        };
        let supervisor = *pick(dice, who.supervisors);
        writer.write(dice, RiskSide::Police, police_grade, concern, review_rationale, supervisor, review_at, true);
    }
    if let Some(by) = childrens_services {
        let mut cs_at = facts.reported + between_i64(dice, 30 * MINUTE, 12 * HOUR);
        if cs_at >= facts.end {
            cs_at = facts.reported + span * 2 / 3;
        }
        let rationale = if concern { &texts.exploitation } else { &texts.childrens_services };
        writer.write(dice, RiskSide::ChildrensServices, council_grade, concern, rationale, by, cs_at, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dice::dice;
    use crate::texts::Texts;

    #[test]
    fn the_local_rules_hold_for_every_assessment() {
        let mut d = dice(4, 4);
        let texts = Texts::new();
        let officers = [UserId::from_random_bytes([1; 16])];
        let who = Assessors {
            officers: &officers,
            supervisors: &officers,
            childrens_services: Some(UserId::from_random_bytes([2; 16])),
        };
        let mut out = Vec::new();
        for n in 0..20_000u32 {
            let facts = Facts {
                episode_id: EpisodeId::from_random_bytes([3; 16]),
                child: true,
                looked_after: n % 2 == 0,
                age: 10 + (n % 8) as i32,
                cse: n % 7 == 0,
                cce: n % 11 == 0,
                previous: n % 3 == 0,
                reported: 0,
                end: i64::from(n % 50) * HOUR,
            };
            out.clear();
            assess(&mut d, &facts, &who, &texts.rationales, &mut out);
            for a in &out {
                if facts.age <= 13 {
                    assert!(a.grade >= RiskGrade::Medium);
                }
                if a.cse_concern || a.cce_concern {
                    assert_eq!(a.grade, RiskGrade::High);
                }
                assert!(a.assessed_at.unix_micros() <= facts.end);
            }
        }
    }
}
