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
