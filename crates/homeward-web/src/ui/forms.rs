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
