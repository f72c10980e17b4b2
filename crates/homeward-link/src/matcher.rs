//! The core's `PersonMatcher`, for matching at report time (issue 14, item 2): a person is filed under the
//! blocking keys of [`crate::blocking::keys`], and a new report is weighed against the records filed under its keys
//! with the prior parameters of the model. A report has no file of its own to estimate `m` and `u` from, and the
//! people held change with every report, so the priors (set from typical name, birth-date and postcode spreads and
//! checked against the synthetic test bed) are used as they are, with no term-frequency adjustment.

use homeward_core::domain::link::{LinkagePerson, Probability};
use homeward_core::domain::time::format_date;
use homeward_core::matching::{MatchScore, PersonMatcher};

use crate::model::Parameters;
use crate::names::Name;
use crate::score::{Model, TermFrequencies};
use crate::{BirthDate, LinkPostcode, LinkRecord, RecordedSex, blocking};

/// The prior chance that a report and a record sharing a key are one person: about one in a hundred thousand, the
/// chance for two records drawn from a force's or a council's people.
pub const REPORT_PRIOR: f64 = 1e-5;

/// Finds the records a report may be, with the model's prior parameters.
#[derive(Debug, Clone)]
pub struct LinkMatcher {
    model: Model,
}

impl Default for LinkMatcher {
    fn default() -> Self {
        Self { model: Model { parameters: Parameters::prior(REPORT_PRIOR), frequencies: TermFrequencies::default() } }
    }
}

impl PersonMatcher for LinkMatcher {
    fn keys(&self, person: &LinkagePerson) -> Vec<String> {
        blocking::keys(&record(person))
    }

    fn score(&self, new: &LinkagePerson, known: &LinkagePerson) -> MatchScore {
        let score = self.model.score(&record(new), &record(known));
        MatchScore { probability: Probability::from_fraction(score.probability), evidence: score.comparison.codes() }
    }
}

/// A person as linkage compares them. Their fields were parsed when recorded, so each reads here; a postcode that
/// linkage does not recognise counts as missing.
pub fn record(person: &LinkagePerson) -> LinkRecord {
    LinkRecord {
        unique_id: person.id.to_string(),
        source: "homeward".to_owned(),
        first_name: Name::parse(person.given_name.as_str()),
        surname: Name::parse(person.family_name.as_str()),
        dob: BirthDate::parse(&format_date(person.date_of_birth)).ok(),
        sex: RecordedSex::parse(person.sex.as_str()).ok().flatten(),
        postcode: person.postcode.as_deref().and_then(|p| LinkPostcode::parse(p).ok()),
    }
}

#[cfg(test)]
mod tests {
    use homeward_core::domain::ids::PersonId;
    use homeward_core::domain::person::Sex;
    use homeward_core::domain::text::PersonName;

    use super::*;

    fn person(first: &str, surname: &str, dob: &str, sex: Sex) -> LinkagePerson {
        LinkagePerson {
            id: PersonId::random(),
            given_name: PersonName::parse(first).expect("valid"),
            family_name: PersonName::parse(surname).expect("valid"),
            date_of_birth: time::Date::parse(dob, time::macros::format_description!("[year]-[month]-[day]"))
                .expect("valid"),
            sex,
            postcode: None,
        }
    }

    fn probability(a: &LinkagePerson, b: &LinkagePerson) -> f64 {
        LinkMatcher::default().score(a, b).probability.fraction()
    }

    #[test]
    fn the_same_child_recorded_differently_is_a_likely_match() {
        let council = person("Tamsin", "Fairclough", "2011-03-04", Sex::Female);
        for police in [
            person("TAMSIN", "FAIRCLOUGH", "2011-03-04", Sex::Female),
            person("Tamsin", "Fairclogh", "2011-03-04", Sex::Female),
            person("Tamsin", "Fairclough", "2011-04-03", Sex::Female),
            person("Fairclough", "Tamsin", "2011-03-04", Sex::Female),
            person("Tamsin", "Fairclough", "2012-03-04", Sex::Female),
        ] {
            assert!(probability(&police, &council) >= 0.9, "{police:?}: {}", probability(&police, &council));
        }
        let nickname =
            (person("Bob", "Ashby", "2010-01-02", Sex::Male), person("Robert", "Ashby", "2010-01-02", Sex::Male));
        assert!(probability(&nickname.0, &nickname.1) >= 0.9);
    }

    #[test]
    fn twins_and_strangers_are_not_matches() {
        let twin = (
            person("Ella", "Quarmby", "2012-05-06", Sex::Female),
            person("Maisie", "Quarmby", "2012-05-06", Sex::Female),
        );
        assert!(probability(&twin.0, &twin.1) < 0.5);
        let strangers = (
            person("Oscar", "Brindle", "2009-12-01", Sex::Male),
            person("Tamsin", "Fairclough", "2011-03-04", Sex::Female),
        );
        assert!(probability(&strangers.0, &strangers.1) < 0.01);
    }

    #[test]
    fn a_report_shares_a_key_with_the_record_it_matches() {
        let matcher = LinkMatcher::default();
        let held = matcher.keys(&person("Tamsin", "Fairclough", "2011-03-04", Sex::Female));
        for report in [
            person("Fairclough", "Tamsin", "2011-03-04", Sex::Female),
            person("Tamsin", "Fairclogh", "2012-03-04", Sex::Female),
        ] {
            assert!(matcher.keys(&report).iter().any(|k| held.contains(k)), "{report:?}");
        }
    }
}
