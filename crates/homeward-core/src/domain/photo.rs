//! A person's dated photograph for their profile. Only JPEG and PNG are accepted, recognised by their content
//! rather than their name, and no larger than 5 MB.

use time::Date;

use super::ids::{PersonId, UserId};
use super::time::Timestamp;

/// The largest photograph accepted.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// The image formats accepted, by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoType {
    Jpeg,
    Png,
}

impl PhotoType {
    /// Recognises an image by its signature; a file's name or claimed type is never trusted.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    pub fn parse(content_type: &str) -> Option<Self> {
        match content_type {
            "image/jpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            _ => None,
        }
    }
}

/// A photograph as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub person_id: PersonId,
    pub kind: PhotoType,
    /// When the photograph was taken: an old photograph misleads a search.
    pub taken_on: Date,
    pub bytes: Vec<u8>,
    pub uploaded_by: UserId,
    pub uploaded_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_content_only() {
        assert_eq!(PhotoType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(PhotoType::Jpeg));
        assert_eq!(PhotoType::sniff(b"\x89PNG\r\n\x1a\n...."), Some(PhotoType::Png));
        assert_eq!(PhotoType::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(PhotoType::sniff(b"GIF89a"), None);
        assert_eq!(PhotoType::sniff(b""), None);
    }
}
