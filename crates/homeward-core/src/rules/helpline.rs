//! Helpline and self-referral contacts (issue 17, item 3): on what basis a contact's account leaves the provider
//! that took it. With the person's consent, or on a safeguarding ground the law gives for sharing without it, the
//! contact goes to the council the provider names; otherwise it stays with the provider. Each ground names its
//! source, so whoever reads the contact sees why it was shared.

use crate::domain::code_enum;
use crate::domain::text::FreeText;
use crate::error::FieldErrors;

/// The most characters a ground's reason may have: a sentence or two saying why the ground applies, not the account.
pub const REASON_MAX_CHARS: usize = 500;

code_enum! {
    /// The grounds on which a provider shares what a person told it without their consent.
    pub enum SafeguardingGround {
        /// A child is suffering, or likely to suffer, significant harm: the council must enquire (Children Act 1989
        /// s47), and Working Together to Safeguard Children 2023 says practitioners share information for it
        /// without consent where seeking consent would put the child at risk; the Data Protection Act 2018 Sch 1
        /// para 18 (safeguarding of children and of individuals at risk) is the condition for the special
        /// category data.
        ChildAtRiskOfSignificantHarm => "child_at_risk_of_significant_harm",
        /// An adult with care and support needs is experiencing, or at risk of, abuse or neglect and cannot protect
        /// themselves: the council must enquire (Care Act 2014 s42); Data Protection Act 2018 Sch 1 para 18.
        AdultAtRisk => "adult_at_risk",
        /// Someone's life is at risk: sharing protects their vital interests (UK GDPR arts 6(1)(d) and 9(2)(c)).
        RiskToLife => "risk_to_life",
        /// Sharing is needed to prevent or detect a crime, or to catch an offender: Data Protection Act 2018 Sch 1
        /// para 10 (preventing or detecting unlawful acts) and Sch 2 para 2 (crime and taxation).
        PreventionOrDetectionOfCrime => "prevention_or_detection_of_crime",
    }
}

impl SafeguardingGround {
    pub fn describe(self) -> &'static str {
        match self {
            SafeguardingGround::ChildAtRiskOfSignificantHarm => "A child at risk of significant harm",
            SafeguardingGround::AdultAtRisk => "An adult at risk of abuse or neglect",
            SafeguardingGround::RiskToLife => "A risk to someone's life",
            SafeguardingGround::PreventionOrDetectionOfCrime => "The prevention or detection of crime",
        }
    }

    /// Where the law gives the ground, as pages and the API show it.
    pub fn source(self) -> &'static str {
        match self {
            SafeguardingGround::ChildAtRiskOfSignificantHarm => {
                "Children Act 1989 s47; Working Together to Safeguard Children 2023; Data Protection Act 2018 Sch 1 \
                 para 18"
            }
            SafeguardingGround::AdultAtRisk => "Care Act 2014 s42; Data Protection Act 2018 Sch 1 para 18",
            SafeguardingGround::RiskToLife => "UK GDPR arts 6(1)(d) and 9(2)(c): vital interests",
            SafeguardingGround::PreventionOrDetectionOfCrime => {
                "Data Protection Act 2018 Sch 1 para 10 and Sch 2 para 2"
            }
        }
    }
}

code_enum! {
    /// The sharing bases as they are chosen and counted.
    pub enum SharingKind {
        /// The person agreed to share.
        Consent => "consent",
        /// Shared without consent on a safeguarding ground.
        SafeguardingGround => "safeguarding_ground",
        /// Kept with the provider.
        NotShared => "not_shared",
    }
}

impl SharingKind {
    pub fn describe(self) -> &'static str {
        match self {
            SharingKind::Consent => "Shared with consent",
            SharingKind::SafeguardingGround => "Shared on a safeguarding ground",
            SharingKind::NotShared => "Not shared: kept by the provider",
        }
    }
}

/// The basis on which a contact is shared, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sharing {
    Consent,
    /// Without consent: the ground, and why it applies (erased with the account when the person's records are).
    Ground {
        ground: SafeguardingGround,
        reason: Option<FreeText>,
    },
    NotShared,
}

impl Sharing {
    pub fn kind(&self) -> SharingKind {
        match self {
            Sharing::Consent => SharingKind::Consent,
            Sharing::Ground { .. } => SharingKind::SafeguardingGround,
            Sharing::NotShared => SharingKind::NotShared,
        }
    }

    /// Whether the contact leaves the provider for a council (and may join a person's record).
    pub fn is_shared(&self) -> bool {
        !matches!(self, Sharing::NotShared)
    }

    pub fn ground(&self) -> Option<SafeguardingGround> {
        match self {
            Sharing::Ground { ground, .. } => Some(*ground),
            Sharing::Consent | Sharing::NotShared => None,
        }
    }

    pub fn reason(&self) -> Option<&FreeText> {
        match self {
            Sharing::Ground { reason, .. } => reason.as_ref(),
            Sharing::Consent | Sharing::NotShared => None,
        }
    }
}

fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// The sharing basis from what was chosen: a ground needs its ground and a short reason; consent and not shared take
/// neither, so a stray ground or reason is refused rather than silently dropped. Problems go to `errors`.
pub fn sharing(basis: &str, ground: Option<&str>, reason: Option<&str>, errors: &mut FieldErrors) -> Option<Sharing> {
    let kind = errors.check("sharing", SharingKind::parse(basis))?;
    if kind != SharingKind::SafeguardingGround {
        let mut stray = false;
        if !blank(ground) {
            errors.add("ground", "give a ground only when sharing without consent on a safeguarding ground");
            stray = true;
        }
        if !blank(reason) {
            errors.add("ground_reason", "give a reason only when sharing without consent on a safeguarding ground");
            stray = true;
        }
        return (!stray).then_some(if kind == SharingKind::Consent { Sharing::Consent } else { Sharing::NotShared });
    }
    let ground = match ground.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            errors.add("ground", "choose the safeguarding ground for sharing without consent");
            None
        }
        Some(text) => errors.check("ground", SafeguardingGround::parse(text)),
    };
    let reason = match reason.map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            errors.add("ground_reason", "say briefly why the ground applies");
            None
        }
        Some(text) if text.chars().count() > REASON_MAX_CHARS => {
            errors.add("ground_reason", format!("must be {REASON_MAX_CHARS} characters or fewer"));
            None
        }
        Some(text) => errors.check("ground_reason", FreeText::parse(text)),
    };
    Some(Sharing::Ground { ground: ground?, reason: Some(reason?) })
}

/// Who a contact goes to must fit its basis: a shared contact names the council it is shared with; one kept by the
/// provider names neither a council nor a person, as it joins nobody's record.
pub fn check_recipients(sharing: &Sharing, council_named: bool, person_named: bool, errors: &mut FieldErrors) {
    if sharing.is_shared() {
        if !council_named {
            errors.add("share_with", "enter the code of the council to share the contact with");
        }
    } else {
        if council_named {
            errors.add("share_with", "a contact that is not shared goes to no council");
        }
        if person_named {
            errors.add("person_id", "a contact that is not shared joins nobody's record");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: FieldErrors) -> Vec<String> {
        match errors.into_result() {
            Ok(()) => Vec::new(),
            Err(crate::error::CoreError::Invalid(f)) => f.iter().map(|(k, _)| k.to_owned()).collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn consent_needs_nothing_more_and_a_ground_needs_its_ground_and_a_reason() {
        let mut errors = FieldErrors::new();
        assert_eq!(sharing("consent", None, Some(" "), &mut errors), Some(Sharing::Consent));
        assert_eq!(sharing("not_shared", Some(""), None, &mut errors), Some(Sharing::NotShared));
        let shared = sharing("safeguarding_ground", Some("adult_at_risk"), Some("Told us of neglect"), &mut errors);
        assert_eq!(shared.as_ref().and_then(Sharing::ground), Some(SafeguardingGround::AdultAtRisk));
        assert!(shared.is_some_and(|s| s.is_shared() && s.reason().is_some()));
        assert!(fields(errors).is_empty());
    }

    #[test]
    fn a_ground_without_its_reason_or_a_stray_ground_is_refused_by_field() {
        let mut errors = FieldErrors::new();
        assert_eq!(sharing("safeguarding_ground", None, None, &mut errors), None);
        assert_eq!(fields(errors), ["ground", "ground_reason"]);
        let mut errors = FieldErrors::new();
        assert_eq!(sharing("consent", Some("risk_to_life"), Some("why"), &mut errors), None);
        assert_eq!(fields(errors), ["ground", "ground_reason"]);
        let mut errors = FieldErrors::new();
        let long = "x".repeat(REASON_MAX_CHARS + 1);
        assert_eq!(sharing("safeguarding_ground", Some("hunch"), Some(&long), &mut errors), None);
        assert_eq!(fields(errors), ["ground", "ground_reason"]);
        let mut errors = FieldErrors::new();
        assert_eq!(sharing("maybe", None, None, &mut errors), None);
        assert_eq!(fields(errors), ["sharing"]);
    }

    #[test]
    fn a_shared_contact_names_its_council_and_a_kept_one_names_nobody() {
        let mut errors = FieldErrors::new();
        check_recipients(&Sharing::Consent, true, true, &mut errors);
        check_recipients(&Sharing::NotShared, false, false, &mut errors);
        assert!(fields(errors).is_empty());
        let mut errors = FieldErrors::new();
        check_recipients(&Sharing::Consent, false, false, &mut errors);
        assert_eq!(fields(errors), ["share_with"]);
        let mut errors = FieldErrors::new();
        check_recipients(&Sharing::NotShared, true, true, &mut errors);
        assert_eq!(fields(errors), ["person_id", "share_with"]);
    }

    #[test]
    fn every_ground_names_its_source_in_law() {
        for ground in SafeguardingGround::ALL {
            assert!(ground.source().contains("Act") || ground.source().contains("GDPR"), "{ground}");
        }
    }
}
