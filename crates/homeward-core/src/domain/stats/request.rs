//! A request for figures as people and programs type it: two dates and perhaps an agency's code.

use super::Period;
use crate::domain::agency::AgencyCode;
use crate::domain::time::parse_date;
use crate::error::FieldErrors;

/// A period and, perhaps, the agency whose staff's view to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiguresRequest {
    pub period: Period,
    pub agency: Option<AgencyCode>,
}

impl FiguresRequest {
    /// Parses `from` and `to` (`YYYY-MM-DD`, both required) and an optional agency code (blank is none), naming
    /// every field at fault at once.
    pub fn parse(from: Option<&str>, to: Option<&str>, agency: Option<&str>) -> Result<Self, FieldErrors> {
        let given = |text: Option<&str>| text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let mut errors = FieldErrors::new();
        let mut date = |field: &str, text: Option<&str>| match given(text) {
            None => {
                errors.add(field, "is required: a date written YYYY-MM-DD");
                None
            }
            Some(text) => errors.check(field, parse_date(&text)),
        };
        let (from, to) = (date("from", from), date("to", to));
        let agency = errors.check("agency", given(agency).map(|code| AgencyCode::parse(&code)).transpose());
        let period = match (from, to) {
            (Some(from), Some(to)) => match Period::new(from, to) {
                Ok(period) => Some(period),
                Err(refused) => {
                    refused.iter().for_each(|(field, message)| errors.add(field, message));
                    None
                }
            },
            _ => None,
        };
        match (period, agency) {
            (Some(period), Some(agency)) if errors.is_empty() => Ok(Self { period, agency }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_at_fault_is_named_at_once() {
        let errors = FiguresRequest::parse(Some("1/4/2025"), None, Some("not a code!")).expect_err("refused");
        assert!(errors.get("from").is_some_and(|m| m.contains("YYYY-MM-DD")));
        assert!(errors.get("to").is_some_and(|m| m.contains("required")));
        assert!(errors.get("agency").is_some());
        let backwards = FiguresRequest::parse(Some("2026-03-31"), Some("2025-04-01"), None).expect_err("refused");
        assert!(backwards.get("to").is_some_and(|m| m.contains("after the start date")));
        let fine = FiguresRequest::parse(Some("2025-04-01"), Some(" 2026-03-31 "), Some(" e10000023")).expect("valid");
        assert_eq!(fine.agency.map(String::from).as_deref(), Some("E10000023"));
        assert!(
            FiguresRequest::parse(Some("2025-04-01"), Some("2026-03-31"), Some("")).expect("valid").agency.is_none()
        );
    }
}
