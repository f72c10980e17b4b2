//! How places and associates named in different records are resolved into one, and the limits on questions asked
//! of them (issue 15).
//!
//! A place is the same place when its postcode and normalised name are the same (`Greggs, Station Rd` and `greggs
//! station road` at one postcode). An associate is the same person when a phone number, a vehicle registration or a
//! social media handle is the same, or a full name (two words or more) is: a nickname alone joins nobody, since
//! many people share one.

use crate::domain::intel::Mention;
use crate::domain::text::Postcode;

/// The most steps a network follows: the person, the children sharing a place or associate with them, and the
/// children sharing one with those.
pub const MAX_STEPS: u8 = 2;
/// The most other people a network names at each step; the rest are counted, never dropped unsaid.
pub const NETWORK_PEOPLE_PER_STEP: usize = 100;
/// Hotspots listed at most per question.
pub const HOTSPOTS_SHOWN: u32 = 50;
/// The shortest and longest reason a person may give for a question (DPA 2018 s.62: each consultation's
/// justification is logged).
pub const REASON_LENGTH: std::ops::RangeInclusive<usize> = 5..=500;

/// Words that do not tell places apart.
const FILLER: &[&str] = &["the", "a", "an", "of", "and"];

/// Common abbreviations in addresses, written out.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("rd", "road"),
    ("st", "street"),
    ("ave", "avenue"),
    ("ln", "lane"),
    ("stn", "station"),
    ("sq", "square"),
    ("pk", "park"),
];

/// A name as resolution compares it: lower case, letters and digits, abbreviations written out, filler dropped.
pub fn normalise_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { ' ' }).collect();
    cleaned
        .split_whitespace()
        .filter(|w| !FILLER.contains(w))
        .map(|w| ABBREVIATIONS.iter().find(|(short, _)| *short == w).map_or(w, |(_, long)| *long))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a place is resolved by: its postcode, then its normalised name. A place named without a postcode is only
/// the same place within one `locality` (the council area the episode started in): "the park" or "home" in two
/// towns are two places, and joining them would link children who never met.
pub fn place_key(name: Option<&str>, postcode: Option<&Postcode>, locality: &str) -> String {
    let name = name.map(normalise_name).unwrap_or_default();
    match postcode {
        Some(postcode) => format!("{postcode}|{name}"),
        None => format!("@{locality}|{name}"),
    }
}

/// A UK phone number as digits from its trunk prefix: `+44 7700 900123` and `07700900123` are one number.
pub fn normalise_phone(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("44") {
        Some(rest) if phone.trim_start().starts_with('+') || digits.len() == 12 => format!("0{rest}"),
        _ => digits,
    };
    (digits.len() >= 6).then_some(digits)
}

/// A vehicle registration as letters and digits in capitals.
pub fn normalise_vehicle(vehicle: &str) -> Option<String> {
    let reg: String = vehicle.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase();
    (reg.len() >= 2).then_some(reg)
}

/// A social media handle without its `@`, in lower case.
pub fn normalise_handle(handle: &str) -> Option<String> {
    let handle = handle.trim().trim_start_matches('@').to_lowercase();
    (!handle.is_empty()).then_some(handle)
}

/// The keys an associate mentioned this way is resolved by, each with the evidence it gives, strongest first.
pub fn associate_keys(mention: &Mention) -> Vec<(String, &'static str)> {
    let mut keys = Vec::new();
    if let Some(phone) = mention.phone.as_deref().and_then(normalise_phone) {
        keys.push((format!("phone:{phone}"), "same phone number"));
    }
    if let Some(reg) = mention.vehicle.as_deref().and_then(normalise_vehicle) {
        keys.push((format!("vehicle:{reg}"), "same vehicle"));
    }
    if let Some(handle) = mention.handle.as_deref().and_then(normalise_handle) {
        keys.push((format!("handle:{handle}"), "same social media handle"));
    }
    if let Some(name) = mention.name.as_ref().map(|n| normalise_name(n.as_str()))
        && name.split(' ').count() >= 2
    {
        keys.push((format!("name:{name}"), "same full name"));
    }
    keys
}

/// The reason someone gives for a question, trimmed, or why it will not do.
pub fn reason(text: Option<&str>) -> Result<String, &'static str> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err("say why you are looking: every question about places and people is logged with its reason");
    }
    if !REASON_LENGTH.contains(&text.chars().count()) {
        return Err("give a reason of 5 to 500 characters");
    }
    Ok(text.to_owned())
}

/// The postcode sector: the district and the inward code's digit, `DH1 3` of `DH1 3AB`.
pub fn sector(postcode: &Postcode) -> String {
    let text = postcode.as_str();
    text[..text.len() - 2].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::FreeText;

    #[test]
    fn the_same_place_written_differently_has_one_key() {
        let postcode = Postcode::parse("dh1 3ab").expect("valid");
        assert_eq!(
            place_key(Some("Greggs, Station Rd"), Some(&postcode), "a"),
            place_key(Some("the greggs station road"), Some(&postcode), "b")
        );
        assert_ne!(place_key(Some("Greggs"), Some(&postcode), "a"), place_key(Some("Greggs"), None, "a"));
        assert_ne!(place_key(Some("The park"), None, "a"), place_key(Some("The park"), None, "b"));
        assert_eq!(place_key(None, Some(&postcode), "a"), "DH1 3AB|");
        assert_eq!(sector(&postcode), "DH1 3");
    }

    #[test]
    fn associates_are_keyed_by_what_tells_people_apart() {
        let mention = Mention {
            name: Some(FreeText::parse("Dan").expect("valid")),
            nickname: Some(FreeText::parse("D").expect("valid")),
            phone: Some("+44 7700 900123".into()),
            vehicle: Some("ab12 cde".into()),
            handle: Some("@Dan_X".into()),
            ..Mention::default()
        };
        let keys: Vec<String> = associate_keys(&mention).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["phone:07700900123", "vehicle:AB12CDE", "handle:dan_x"]);
        assert_eq!(normalise_phone("07700 900123"), normalise_phone("+447700900123"));
        let named = Mention { name: Some(FreeText::parse("Daniel  Smith").expect("valid")), ..Mention::default() };
        assert_eq!(associate_keys(&named)[0].0, "name:daniel smith");
        assert!(associate_keys(&Mention::default()).is_empty());
    }

    #[test]
    fn a_question_needs_its_reason() {
        assert!(reason(None).is_err());
        assert!(reason(Some("  ")).is_err());
        assert!(reason(Some("why")).is_err());
        assert_eq!(reason(Some(" Strategy meeting for a child ")).as_deref(), Ok("Strategy meeting for a child"));
        assert!(reason(Some(&"x".repeat(501))).is_err());
    }
}
