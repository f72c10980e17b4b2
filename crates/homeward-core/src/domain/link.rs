//! Proposed links between person records that look like one person (issue 14): found by `homeward link run`,
//! reviewed by a council's or force's data quality role. A confirmed proposal is the link itself; both records keep
//! their own fields, source and episodes, so undoing it restores exactly what was there.

use super::code_enum;
use super::ids::{LinkProposalId, PersonId, UserId};
use super::paging::{Page, Paging};
use super::person::Sex;
use super::text::{FreeText, PersonName};
use super::time::Timestamp;
use crate::error::CoreError;

code_enum! {
    /// Where a proposal stands in review.
    pub enum LinkStatus {
        Potential => "potential",
        Confirmed => "confirmed",
        Rejected => "rejected",
    }
}

/// A match probability, in millionths so both databases keep and compare it exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Probability(u32);

impl Probability {
    /// From a probability between 0 and 1 (anything outside is held to the nearer end).
    pub fn from_fraction(p: f64) -> Self {
        // Held to 0..=1 first, so the cast cannot truncate or wrap.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Self((p.clamp(0.0, 1.0) * 1_000_000.0).round() as u32)
    }

    /// From millionths, as stored; `None` when more than a million.
    pub fn from_ppm(ppm: i64) -> Option<Self> {
        u32::try_from(ppm).ok().filter(|&p| p <= 1_000_000).map(Self)
    }

    pub fn ppm(self) -> u32 {
        self.0
    }

    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 1_000_000.0
    }
}

/// A person as linkage reads them: the identifying fields only, with the postcode of their current placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkagePerson {
    pub id: PersonId,
    pub given_name: PersonName,
    pub family_name: PersonName,
    pub date_of_birth: time::Date,
    pub sex: Sex,
    /// The current placement's postcode, text as recorded; none when not placed.
    pub postcode: Option<String>,
}

/// A pair found by linkage, before it is stored: two people, how likely they are one, and how their fields compared.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLink {
    pub a: PersonId,
    pub b: PersonId,
    pub probability: Probability,
    /// Short codes of each field's comparison level (`first_name=exact`), never the values.
    pub evidence: Vec<String>,
}

/// One proposed link and its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProposal {
    pub id: LinkProposalId,
    /// The smaller id (as text) of the two.
    pub person_l: PersonId,
    pub person_r: PersonId,
    pub probability: Probability,
    pub evidence: Vec<String>,
    pub status: LinkStatus,
    pub proposed_at: Timestamp,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<Timestamp>,
    pub reason: Option<FreeText>,
}

impl LinkProposal {
    /// A new potential proposal of a found pair, its people put in order.
    pub fn propose(found: &FoundLink, at: Timestamp) -> Option<Self> {
        let (l, r) = ordered(found.a, found.b)?;
        Some(Self {
            id: LinkProposalId::random(),
            person_l: l,
            person_r: r,
            probability: found.probability,
            evidence: found.evidence.clone(),
            status: LinkStatus::Potential,
            proposed_at: at,
            decided_by: None,
            decided_at: None,
            reason: None,
        })
    }

    /// The other person of the pair, if `person` is one of them.
    pub fn other(&self, person: PersonId) -> Option<PersonId> {
        if person == self.person_l {
            Some(self.person_r)
        } else if person == self.person_r {
            Some(self.person_l)
        } else {
            None
        }
    }
}

/// Two different people, the smaller id (as text, as the database orders them) first.
pub fn ordered(a: PersonId, b: PersonId) -> Option<(PersonId, PersonId)> {
    match a.to_string().cmp(&b.to_string()) {
        std::cmp::Ordering::Less => Some((a, b)),
        std::cmp::Ordering::Greater => Some((b, a)),
        std::cmp::Ordering::Equal => None,
    }
}

/// Which page of the review queue to read: proposals in the order they were proposed.
pub type LinkPaging = Paging<Timestamp, LinkProposalId>;
/// A page of the review queue.
pub type LinkProposalPage = Page<LinkProposal, Timestamp, LinkProposalId>;

/// A reviewer's decision on a proposal, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkDecision {
    pub reason: FreeText,
}

impl LinkDecision {
    /// A decision needs its reason: the next reviewer, and an undo, should know why.
    pub fn parse(reason: Option<&str>) -> Result<Self, CoreError> {
        match reason.map(str::trim).filter(|r| !r.is_empty()) {
            None => Err(CoreError::invalid("reason", "say why: the reason is kept with the decision")),
            Some(text) => FreeText::parse(text)
                .map(|reason| Self { reason })
                .map_err(|e| CoreError::invalid("reason", e.to_string())),
        }
    }
}

/// How one field of two records compared, read from an evidence code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// The same on both.
    Same,
    /// Not the same, but as one person's records often differ (a typo, a nickname, day and month swapped).
    Close,
    Differs,
    /// Not recorded on one or both.
    Missing,
}

/// One field's comparison in words, for the person deciding (a reporter, a reviewer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCompared {
    /// The field's code as in the evidence (`first_name`, `names` for a swap).
    pub field: String,
    /// The field, for a person: `First name`.
    pub label: &'static str,
    /// How it compared, for a person: `a nickname of the other`.
    pub words: &'static str,
    pub agreement: Agreement,
}

/// The fields of a pair's evidence codes (`first_name=nickname`), in words, in the order given. A code not
/// recognised is left out.
pub fn fields_compared(evidence: &[String]) -> Vec<FieldCompared> {
    evidence
        .iter()
        .filter_map(|code| {
            let (field, level) = code.split_once('=')?;
            let label = match field {
                "first_name" => "First name",
                "surname" => "Last name",
                "dob" => "Date of birth",
                "sex" => "Sex",
                "postcode" => "Placement postcode",
                "names" => "Names",
                _ => return None,
            };
            let (words, agreement) = match level {
                "exact" | "agree" | "unit" => ("the same", Agreement::Same),
                "close" => ("a close spelling", Agreement::Close),
                "similar" => ("a similar spelling, or one part of a longer name", Agreement::Close),
                "nickname" => ("one a short form of the other", Agreement::Close),
                "initial" => ("an initial only on one", Agreement::Close),
                "transposed" => ("day and month swapped", Agreement::Close),
                "year_off" => ("a year apart", Agreement::Close),
                "partial" => ("the same as far as both are known", Agreement::Close),
                "sector" => ("the same postcode sector", Agreement::Close),
                "district" => ("the same postcode district", Agreement::Close),
                "area" => ("the same postcode area", Agreement::Close),
                "swapped" => ("first and last name the other way round", Agreement::Close),
                "differ" => ("different", Agreement::Differs),
                "missing" => ("not recorded on both", Agreement::Missing),
                _ => return None,
            };
            Some(FieldCompared { field: field.to_owned(), label, words, agreement })
        })
        .collect()
}
