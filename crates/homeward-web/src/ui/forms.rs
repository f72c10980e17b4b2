//! What the pages' forms share: submitted fields (repeated names allowed, as checkboxes send them), choices for
//! radios and selects, and error messages written as sentences.

/// A form's fields as submitted, in order.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first non-blank value of a field.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, v)| n == name && !v.trim().is_empty()).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Whether the form sent a field at all, blank or not.
    fn sent(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }
}

impl From<Vec<(String, String)>> for Fields {
    /// Fields nobody submitted: a form filled in with what the page chose.
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }
}

/// One option of a radio group, checkbox group or select.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: &str, label: &str, selected: bool) -> Self {
        Self { value: value.to_owned(), label: label.to_owned(), selected }
    }
}

/// A code as words in sentence case: `foster_care` becomes "Foster care".
pub fn words(code: &str) -> String {
    let spaced = code.replace('_', " ");
    let mut chars = spaced.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A field's message as the error summary shows it: the field in words, then what is wrong.
pub fn sentence(field: &str, message: &str) -> String {
    format!("{}: {message}", words(field))
}

/// A form being shown again: what was entered and what is wrong with it, for the field macros in `fields.html`.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub fields: Fields,
    pub errors: Vec<(String, String)>,
}

impl FormState {
    pub fn new(fields: Fields, errors: Vec<(String, String)>) -> Self {
        Self { fields, errors }
    }

    pub fn error_for(&self, field: impl AsRef<str>) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field.as_ref()).map(|(_, m)| m.as_str())
    }

    pub fn value(&self, field: impl AsRef<str>) -> &str {
        self.fields.one(field.as_ref()).unwrap_or_default()
    }

    /// One box of a date group: `part("found", "day")` is the value of `found_day`.
    pub fn part(&self, prefix: impl std::fmt::Display, part: &str) -> &str {
        self.fields.one(&format!("{prefix}_{part}")).unwrap_or_default()
    }

    /// Whether a radio or checkbox with this value was chosen.
    pub fn chosen(&self, field: impl AsRef<str>, value: impl AsRef<str>) -> bool {
        self.fields.all(field.as_ref()).contains(&value.as_ref())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Adds a refusal's messages as sentences; `fallback` names the field for a rule that names none.
    pub fn refused(&mut self, error: homeward_core::CoreError, fallback: &str) -> Result<(), homeward_core::CoreError> {
        match error {
            homeward_core::CoreError::Invalid(fields) => {
                let errors = fields.iter().map(|(f, m)| (f.to_owned(), sentence(f, self.date_message(f, m))));
                self.errors.extend(errors.collect::<Vec<_>>());
                Ok(())
            }
            homeward_core::CoreError::Rule { message, field, .. } => {
                self.errors.push((field.unwrap_or(fallback).to_owned(), message));
                Ok(())
            }
            other => Err(other),
        }
    }
}

impl FormState {
    /// A date the core could not read is named in the `YYYY-MM-DD` the API takes; on a page it was typed in three
    /// boxes (`templates/fields.html`'s `when`, named `{prefix}_day` ..., the prefix the field's name or that name
    /// without `_on` or `_at`), so the message says how to fill those in instead.
    fn date_message<'m>(&self, field: &str, message: &'m str) -> &'m str {
        let prefix = field.strip_suffix("_on").or_else(|| field.strip_suffix("_at")).unwrap_or(field);
        let boxes = [field, prefix].iter().any(|p| self.fields.sent(&format!("{p}_day")));
        if boxes && message.contains("YYYY-MM-DD") { "enter a real date, for example 30 11 2026" } else { message }
    }
}

/// Codes as choices, each labelled in words.
pub fn code_choices(codes: impl IntoIterator<Item = &'static str>) -> Vec<Choice> {
    codes.into_iter().map(|code| Choice::new(code, &words(code), false)).collect()
}

/// A `YYYY-MM-DD` date from three boxes named `{prefix}_day`, `_month`, `_year`, padded so `3` reads as `03`.
pub fn date_text(form: &Fields, prefix: &str) -> String {
    let part = |name: &str| form.one(&format!("{prefix}_{name}")).unwrap_or_default().trim().to_owned();
    format!("{:0>4}-{:0>2}-{:0>2}", part("year"), part("month"), part("day"))
}

/// Whether any of a date-and-time group's boxes was filled in.
pub fn date_given(form: &Fields, prefix: &str) -> bool {
    ["day", "month", "year", "time"].iter().any(|p| form.one(&format!("{prefix}_{p}")).is_some())
}

/// The RFC 3339 instant of a UK date (`{prefix}_day` ...) and `HH:MM` time (`{prefix}_time`), or a message naming
/// `what` ("they went missing").
pub fn london_time(form: &Fields, prefix: &str, what: &str) -> Result<String, String> {
    let date = homeward_core::domain::time::parse_date(&date_text(form, prefix))
        .map_err(|_| format!("Enter a real date {what}"))?;
    let time_format = time::macros::format_description!("[hour padding:none]:[minute]");
    let time = time::Time::parse(form.one(&format!("{prefix}_time")).unwrap_or_default().trim(), &time_format)
        .map_err(|_| format!("Enter the time {what}, like 21:30"))?;
    homeward_core::domain::time::from_london(date, time)
        .map(homeward_core::domain::time::Timestamp::to_rfc3339)
        .ok_or_else(|| "That time did not happen in the UK: the clocks went forward".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(sent: &[(&str, &str)], field: &str, message: &str) -> String {
        let fields = Fields::from(sent.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect::<Vec<_>>());
        let mut form = FormState::new(fields, Vec::new());
        let mut errors = homeward_core::FieldErrors::new();
        errors.add(field, message);
        form.refused(homeward_core::CoreError::Invalid(errors), field).expect("a field error is shown");
        form.error_for(field).expect("named").to_owned()
    }

    #[test]
    fn a_date_typed_in_boxes_is_asked_for_in_boxes() {
        let bad = "must be a real date written YYYY-MM-DD";
        let boxes = [("held_on_day", "40"), ("held_on_month", "2"), ("held_on_year", "2026")];
        assert_eq!(refused(&boxes, "held_on", bad), "Held on: enter a real date, for example 30 11 2026");
        let prefixed = [("reviewed_day", ""), ("reviewed_month", ""), ("reviewed_year", "")];
        assert_eq!(refused(&prefixed, "reviewed_on", bad), "Reviewed on: enter a real date, for example 30 11 2026");
        // A date typed as text, as the notice form asks, keeps the format it was asked in; other messages stay.
        assert_eq!(refused(&[("served_on", "30/11/2026")], "served_on", bad), format!("Served on: {bad}"));
        let future = "must not be in the future";
        assert_eq!(refused(&boxes, "held_on", future), format!("Held on: {future}"));
    }
}
