//! Idempotency keys: a client's name for one request, sent as `Idempotency-Key` with a POST, so that sending the
//! request again (after a timeout, a dropped connection or a database failover) is answered as the first was and
//! never makes a second record. A key is the caller's own; the same key with another request is refused.

use sha2::{Digest, Sha256};

use crate::error::CoreError;

/// The longest key a client may send, in characters.
pub const MAX_KEY_LEN: usize = 255;

/// A key as a client sent it: 1 to 255 visible ASCII characters (a UUID is the usual choice).
#[derive(Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key, or a field error on `Idempotency-Key` saying what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, CoreError> {
        Self::from_header(text.as_bytes())
    }

    /// The key from a header's bytes, which need not be text at all.
    pub fn from_header(bytes: &[u8]) -> Result<Self, CoreError> {
        if bytes.is_empty() || bytes.len() > MAX_KEY_LEN {
            return Err(CoreError::invalid(HEADER, "must be 1 to 255 characters long"));
        }
        if !bytes.iter().all(u8::is_ascii_graphic) {
            return Err(CoreError::invalid(HEADER, "must be visible ASCII characters only, with no spaces"));
        }
        Ok(Self(String::from_utf8_lossy(bytes).into_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keys are the client's choice and could carry anything: they are never printed.
impl std::fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdempotencyKey({} characters)", self.0.len())
    }
}

/// The header's name, as field errors name it.
pub const HEADER: &str = "Idempotency-Key";

/// What identifies a request apart from its key: the SHA-256 of its method, path (with query) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    pub fn of(method: &str, path_and_query: &str, body: &[u8]) -> Self {
        let mut hash = Sha256::new();
        // Lengths first, so that no two different requests run together into the same bytes.
        for part in [method.as_bytes(), path_and_query.as_bytes()] {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
        hash.update(body);
        Self(hex::encode(hash.finalize()))
    }

    /// A fingerprint as stored.
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer given to the first request with a key, to be given again to every repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    /// The JSON body as sent.
    pub body: String,
}

/// A key as stored: whose request it named, and its answer once there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    pub fingerprint: Fingerprint,
    pub taken_at: crate::domain::time::Timestamp,
    /// The server that took it.
    pub holder: String,
    /// Whether the request's work was committed (marked in the same transaction as the work).
    pub carried_out: bool,
    /// None while the first request is still being carried out (or ended without an answer to keep).
    pub response: Option<StoredResponse>,
}

/// Where the request that took a key stands, as far as the server asking can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// This server took it and is still carrying it out.
    RunningHere,
    /// This server took it and has finished with it (answered, or lost its database part-way).
    EndedHere,
    /// Another server, or an earlier run of this one, took it.
    Elsewhere,
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new, had expired, or its earlier request ended having changed nothing: carry the request out,
    /// then settle the key with its answer.
    Taken,
    /// The same request was answered before: give that answer again, doing nothing.
    Replay(StoredResponse),
    /// The same request is being carried out now, perhaps by another server: send it again shortly.
    InFlight,
    /// The same request was carried out but its answer was lost (the database went away before it was kept): it is
    /// not carried out again.
    AnswerLost,
    /// The key was used for a different request.
    Mismatch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_1_to_255_visible_ascii_characters() {
        assert!(IdempotencyKey::parse("0b6f1c2e-6f0e-4a63-9d59-3f1f8f2b9a10").is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        for bad in ["", " ", "with space", "tab\there", "caf\u{e9}"] {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad:?} refused");
        }
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
        assert!(IdempotencyKey::from_header(b"\xff\xfe").is_err());
    }

    #[test]
    fn a_fingerprint_tells_method_path_and_body_apart() {
        let one = Fingerprint::of("POST", "/api/v1/people", b"{}");
        assert_eq!(one, Fingerprint::of("POST", "/api/v1/people", b"{}"));
        assert_ne!(one, Fingerprint::of("POST", "/api/v1/people{", b"}"));
        assert_eq!(one.as_str().len(), 64);
    }
}
