//! What cannot be true of a person's episodes, whoever records them and however (a report, a form, a CSV import):
//! an episode before the person was born, two episodes open at once (the second is the same absence, so it would
//! count twice towards a strategy meeting), an episode after the person was found dead. Checked on the person's
//! whole set of episodes, so the order rows arrive in does not matter.

use time::Date;

use crate::domain::episode::{Episode, ReturnOutcome};
use crate::domain::ids::EpisodeId;
use crate::domain::photo::PhotoType;
use crate::domain::profile::ProfileKind;
use crate::domain::time::{Timestamp, london};
use crate::error::CoreError;

/// The facts of an episode these rules read: kept small, so an import can hold them for every person it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub id: EpisodeId,
    pub went_missing_at: Timestamp,
    pub returned_at: Option<Timestamp>,
    pub outcome: Option<ReturnOutcome>,
}

impl From<&Episode> for Span {
    fn from(episode: &Episode) -> Self {
        Self {
            id: episode.id,
            went_missing_at: episode.went_missing_at,
            returned_at: episode.returned_at,
            outcome: episode.return_outcome,
        }
    }
}

/// Why an episode cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impossible {
    /// It starts before the person's date of birth (UK calendar date).
    BeforeBirth,
    /// The person is already missing in this open episode: add to it instead.
    AlreadyMissing(EpisodeId),
    /// The person was found dead at the end of an earlier episode.
    AfterFoundDead,
}

impl Impossible {
    /// The refusal the caller sees: a field error with a stable code, and the open episode's id where there is one.
    pub fn refusal(self) -> CoreError {
        match self {
            Self::BeforeBirth => CoreError::Rule {
                code: "before_birth",
                message: "The time they went missing is before the person's date of birth".into(),
                field: Some("went_missing_at"),
            },
            Self::AlreadyMissing(open_episode_id) => CoreError::AlreadyMissing { open_episode_id },
            Self::AfterFoundDead => CoreError::Rule {
                code: "found_dead",
                message: "This person was found dead at the end of an earlier episode".into(),
                field: Some("person_id"),
            },
        }
    }
}

/// Whether `episode` can stand beside the person's `others` (any of which may be an earlier version of it, by id).
pub fn impossible(date_of_birth: Date, episode: &Span, others: &[Span]) -> Option<Impossible> {
    if london(episode.went_missing_at).date() < date_of_birth {
        return Some(Impossible::BeforeBirth);
    }
    let others = || others.iter().filter(|o| o.id != episode.id);
    if episode.returned_at.is_none()
        && let Some(open) = others().find(|o| o.returned_at.is_none())
    {
        return Some(Impossible::AlreadyMissing(open.id));
    }
    // Found dead at `death`: nothing can start after it, whichever of the two episodes is the new one.
    let died = |span: &Span| span.outcome.filter(|o| *o == ReturnOutcome::FoundDead).and(span.returned_at);
    let after = |death: Timestamp, span: &Span| span.went_missing_at >= death;
    if others().any(|o| died(o).is_some_and(|death| after(death, episode)))
        || died(episode).is_some_and(|death| others().any(|o| after(death, o)))
    {
        return Some(Impossible::AfterFoundDead);
    }
    None
}

/// Whether saving a `new` profile over the `current` one replaces its type (Philomena for a child, Herbert for an
/// adult). That is never a side effect of an ordinary save: it takes `replace_type`, and the caller audits it.
pub fn replaces_profile_type(
    current: Option<ProfileKind>,
    new: ProfileKind,
    replace_type: bool,
) -> Result<bool, CoreError> {
    match current {
        Some(current) if current != new && !replace_type => Err(CoreError::Rule {
            code: "profile_type_changed",
            message: format!(
                "this person has a {}: saving a {} instead replaces it, so say so (replace_type)",
                current.label(),
                new.label()
            ),
            field: Some("kind"),
        }),
        Some(current) => Ok(current != new),
        None => Ok(false),
    }
}

/// The photograph's type if it really is a JPEG or PNG image: the signature says which decoder to try, and only
/// bytes that decode as a whole picture pass (a file that is only a PNG's first bytes does not).
pub fn photo_type(bytes: &[u8]) -> Option<PhotoType> {
    let kind = PhotoType::sniff(bytes)?;
    let format = match kind {
        PhotoType::Jpeg => image::ImageFormat::Jpeg,
        PhotoType::Png => image::ImageFormat::Png,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    // A small file can claim a huge picture: decoding stops rather than take the memory.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().ok().map(|_| kind)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("a test time")
    }

    fn span(went: &str, back: Option<(&str, ReturnOutcome)>) -> Span {
        Span {
            id: EpisodeId::random(),
            went_missing_at: at(went),
            returned_at: back.map(|(t, _)| at(t)),
            outcome: back.map(|(_, o)| o),
        }
    }

    const BORN: Date = date!(2012 - 03 - 27);

    #[test]
    fn an_episode_before_birth_is_impossible_and_the_birthday_itself_is_not() {
        let before = span("2012-03-26T12:00:00Z", None);
        assert_eq!(impossible(BORN, &before, &[]), Some(Impossible::BeforeBirth));
        assert_eq!(impossible(BORN, &span("2012-03-27T00:30:00Z", None), &[]), None);
    }

    #[test]
    fn a_second_open_episode_names_the_open_one_and_a_returned_one_is_fine() {
        let open = span("2026-01-01T10:00:00Z", None);
        let second = span("2026-01-02T10:00:00Z", None);
        assert_eq!(impossible(BORN, &second, &[open]), Some(Impossible::AlreadyMissing(open.id)));
        let returned = span("2025-12-01T10:00:00Z", Some(("2025-12-02T10:00:00Z", ReturnOutcome::ReturnedSelf)));
        assert_eq!(impossible(BORN, &second, &[returned]), None);
        // A new version of the open episode itself is not a second one.
        assert_eq!(impossible(BORN, &Span { went_missing_at: at("2026-01-01T11:00:00Z"), ..open }, &[open]), None);
    }

    #[test]
    fn nothing_starts_after_the_person_was_found_dead_in_either_order() {
        let dead = span("2026-01-01T10:00:00Z", Some(("2026-01-03T10:00:00Z", ReturnOutcome::FoundDead)));
        let later = span("2026-02-01T10:00:00Z", Some(("2026-02-02T10:00:00Z", ReturnOutcome::ReturnedSelf)));
        assert_eq!(impossible(BORN, &later, &[dead]), Some(Impossible::AfterFoundDead));
        assert_eq!(impossible(BORN, &dead, &[later]), Some(Impossible::AfterFoundDead));
        let earlier = span("2025-06-01T10:00:00Z", Some(("2025-06-02T10:00:00Z", ReturnOutcome::ReturnedSelf)));
        assert_eq!(impossible(BORN, &dead, &[earlier]), None);
        assert_eq!(impossible(BORN, &earlier, &[dead]), None);
    }

    #[test]
    fn a_profile_changes_type_only_when_asked_to() {
        use ProfileKind::{Herbert, Philomena};
        assert!(matches!(
            replaces_profile_type(Some(Herbert), Philomena, false),
            Err(CoreError::Rule { code: "profile_type_changed", .. })
        ));
        assert!(matches!(replaces_profile_type(Some(Herbert), Philomena, true), Ok(true)));
        assert!(matches!(replaces_profile_type(Some(Herbert), Herbert, false), Ok(false)));
        assert!(matches!(replaces_profile_type(None, Philomena, false), Ok(false)));
    }

    #[test]
    fn only_a_whole_image_is_a_photograph() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        assert_eq!(photo_type(&png), None);
        assert_eq!(photo_type(&[0xFF, 0xD8, 0xFF, 0xE0]), None);
        assert_eq!(photo_type(b"GIF89a"), None);
        let mut real = Vec::new();
        image::RgbImage::new(2, 2)
            .write_to(&mut std::io::Cursor::new(&mut real), image::ImageFormat::Png)
            .expect("a picture encodes");
        assert_eq!(photo_type(&real), Some(PhotoType::Png));
    }
}
