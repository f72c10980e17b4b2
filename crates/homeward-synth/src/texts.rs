//! The free text of synthetic records: generic, non-identifying phrases of the kind practitioners write, parsed
//! once per run and cloned into each record.

use homeward_core::domain::episode::MissingFrom;
use homeward_core::domain::text::FreeText;

const LAST_SEEN: &[&str] = &[
    "Town centre",
    "Near the bus station",
    "Near the railway station",
    "Retail park",
    "Park near home",
    "Outside school",
    "High street",
    "Leisure centre car park",
];

const FROM_HOME: &[&str] = &[
    "Did not come home at the agreed time.",
    "Left after an argument at home.",
    "Left without saying where they were going; phone switched off.",
];

const FROM_PLACEMENT: &[&str] = &[
    "Did not return to the placement at the agreed time.",
    "Left the placement after a disagreement with staff.",
    "Missed curfew; not answering calls from carers.",
];

const FROM_CARE: &[&str] =
    &["Left the building without telling staff.", "Did not return from a walk at the usual time."];

const FROM_ELSEWHERE: &[&str] = &["Did not arrive where expected.", "Left during the day without telling anyone."];

const TRAVEL: &[&str] = &[
    "On foot.",
    "By bus.",
    "On foot and by bus.",
    "Got lifts from friends.",
    "By train, without a ticket.",
    "On a friend's bike.",
];

const GOT_BACK_SELF: &[&str] = &["Walked back.", "Got the bus back.", "A friend's parent dropped them back."];
const GOT_BACK_POLICE: &[&str] = &["Brought back by the police.", "Picked up by the police and taken home."];
const GOT_BACK_OTHER: &[&str] = &["Collected by a carer.", "Collected by a family member."];

const SUPPORT_WANTED: &[&str] = &[
    "Wants help to sort things out at home.",
    "Would like to talk to someone about how they feel.",
    "Wants to talk about moving placement.",
    "Wants help getting back into school.",
    "Says they do not need anything.",
];

const CHILDS_WORDS: &[&str] = &[
    "I just needed to get away for a bit.",
    "I was with my mates, I was fine.",
    "I didn't want to go back.",
    "I lost track of time.",
    "Everyone was going so I went too.",
];

/// What a completed interview records in words. Generic on purpose: the records name nobody.
#[derive(Debug, Clone)]
pub struct Findings {
    pub travel: Vec<FreeText>,
    /// How the planted networks' children travelled: sexual, then criminal exploitation.
    pub travel_exploited: [FreeText; 2],
    pub got_back_self: Vec<FreeText>,
    pub got_back_police: Vec<FreeText>,
    pub got_back_other: Vec<FreeText>,
    pub support_wanted: Vec<FreeText>,
    pub childs_words: Vec<FreeText>,
    pub harm_details: FreeText,
    pub safety_child: FreeText,
    pub safety_adult: FreeText,
}

/// Why a grade was given. Generic on purpose: the records name nobody.
#[derive(Debug, Clone)]
pub struct Rationales {
    pub first: FreeText,
    pub exploitation: FreeText,
    pub young_child: FreeText,
    pub confirmed: FreeText,
    pub raised: FreeText,
    pub lowered: FreeText,
    pub childrens_services: FreeText,
}

/// Every phrase the generator writes.
#[derive(Debug, Clone)]
pub struct Texts {
    pub last_seen: Vec<FreeText>,
    pub from_home: Vec<FreeText>,
    pub from_placement: Vec<FreeText>,
    pub from_care: Vec<FreeText>,
    pub from_elsewhere: Vec<FreeText>,
    pub rationales: Rationales,
    pub findings: Findings,
}

fn parse(text: &str) -> FreeText {
    FreeText::parse(text).expect("the generator's phrases are short plain text")
}

fn parse_all(texts: &[&str]) -> Vec<FreeText> {
    texts.iter().map(|t| parse(t)).collect()
}

impl Texts {
    pub fn new() -> Self {
        Self {
            last_seen: parse_all(LAST_SEEN),
            from_home: parse_all(FROM_HOME),
            from_placement: parse_all(FROM_PLACEMENT),
            from_care: parse_all(FROM_CARE),
            from_elsewhere: parse_all(FROM_ELSEWHERE),
            rationales: Rationales {
                first: parse("Graded on the information available at the time of report."),
                exploitation: parse("Exploitation concerns recorded: graded high under the local protocol."),
                young_child: parse("Aged 13 or under: graded at least medium under the local protocol."),
                confirmed: parse("Reviewed after further enquiries; grade confirmed."),
                raised: parse("Reviewed after further enquiries; grade raised."),
                lowered: parse("Reviewed after further enquiries; grade lowered."),
                childrens_services: parse("Children's services view, from what is known of the child."),
            },
            findings: Findings {
                travel: parse_all(TRAVEL),
                travel_exploited: [
                    parse("Picked up in a car by someone older."),
                    parse("By train; the tickets were bought for them by someone else."),
                ],
                got_back_self: parse_all(GOT_BACK_SELF),
                got_back_police: parse_all(GOT_BACK_POLICE),
                got_back_other: parse_all(GOT_BACK_OTHER),
                support_wanted: parse_all(SUPPORT_WANTED),
                childs_words: parse_all(CHILDS_WORDS),
                harm_details: parse("Told the interviewer about it; passed to the allocated worker and the police."),
                safety_child: parse("Given the Runaway Helpline (116 000) and Childline (0800 1111) numbers."),
                safety_adult: parse("Given the Missing People helpline number (116 000)."),
            },
        }
    }

    /// Circumstances phrases that fit where the person went missing from.
    pub fn circumstances(&self, from: MissingFrom) -> &[FreeText] {
        match from {
            MissingFrom::Home => &self.from_home,
            MissingFrom::FosterCare
            | MissingFrom::ChildrensHome
            | MissingFrom::SemiIndependent
            | MissingFrom::Secure => &self.from_placement,
            MissingFrom::CareHome | MissingFrom::Hospital => &self.from_care,
            MissingFrom::School | MissingFrom::Other => &self.from_elsewhere,
        }
    }
}
