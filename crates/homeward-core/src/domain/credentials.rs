//! Secrets: password hashes (argon2id) and API tokens, of which only a SHA-256 hash is ever stored.
//! None of these types print their contents in `Debug`.

use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::ids::{SessionId, TokenId, UserId};
use super::time::Timestamp;

/// A password as typed. Checked for length only: long passphrases beat composition rules (NCSC guidance).
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(text: &str) -> Result<Self, InvalidPassword> {
        let count = text.chars().count();
        if count < Self::MIN_CHARS {
            Err(InvalidPassword::TooShort)
        } else if count > Self::MAX_CHARS {
            Err(InvalidPassword::TooLong)
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPassword {
    #[error("the password must be at least 12 characters")]
    TooShort,
    #[error("the password must be 256 characters or fewer")]
    TooLong,
}

/// An argon2id hash in PHC string form (`$argon2id$v=19$...`), salt included.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

fn argon2() -> Argon2<'static> {
    // OWASP's first recommended argon2id setting: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("fixed argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PasswordHash {
    /// Hashes a password with a fresh random salt.
    pub fn create(password: &Password) -> Self {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        Self::create_with_salt(password, salt)
    }

    /// Hashes with a given salt: only for seeded synthetic users, whose rows must be the same on every store.
    pub fn create_with_salt(password: &Password, salt: [u8; 16]) -> Self {
        let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
        let hash = argon2().hash_password(password.expose().as_bytes(), &salt).expect("argon2id hashing cannot fail");
        Self(hash.to_string())
    }

    /// Re-reads a stored hash.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_stored(&self) -> &str {
        &self.0
    }

    /// Whether the password matches. A malformed stored hash matches nothing.
    pub fn verify(&self, password: &str) -> bool {
        argon2::password_hash::PasswordHash::new(&self.0)
            .is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
    }

    /// Spends the same time as a real check, so a sign-in for an unknown email takes as long as a wrong password.
    pub fn verify_nothing(password: &str) {
        static DUMMY: std::sync::OnceLock<PasswordHash> = std::sync::OnceLock::new();
        let dummy = DUMMY.get_or_init(|| Self::create_with_salt(&Password("not a real password".into()), [7u8; 16]));
        let _ = dummy.verify(password);
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// The secret part of an API token, shown once to its owner. It starts `hw_` so it is recognisable in a leak scan.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl TokenSecret {
    const PREFIX: &'static str = "hw_";

    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(format!("{}{}", Self::PREFIX, URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Takes a presented secret; anything not shaped like one of ours is refused before any look-up.
    pub fn parse(text: &str) -> Option<Self> {
        let body = text.trim().strip_prefix(Self::PREFIX)?;
        let well_formed = body.len() == 43 && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        well_formed.then(|| Self(text.trim().to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The SHA-256 of the secret, hex encoded: the only form stored. A fast hash is right here because the secret
    /// has 256 bits of entropy; a slow one would only slow every request.
    pub fn hash(&self) -> TokenHash {
        TokenHash(hex::encode(Sha256::digest(self.0.as_bytes())))
    }
}

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSecret(..)")
    }
}

/// The secret in a session cookie. Like a token, only its SHA-256 is stored; it also derives the session's CSRF
/// token, so that token needs no storage and changes with every session.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionSecret(String);

impl SessionSecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Takes a cookie's value; anything not shaped like one of ours is refused before any look-up.
    pub fn parse(text: &str) -> Option<Self> {
        let well_formed = text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        well_formed.then(|| Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(hex::encode(Sha256::digest(self.0.as_bytes())))
    }

    /// The CSRF token for forms of this session: a one-way function of the secret, so a page that shows it does
    /// not show the secret.
    pub fn csrf_token(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"homeward csrf v1\0");
        hasher.update(self.0.as_bytes());
        hex::encode(hasher.finalize())
    }
}

impl std::fmt::Debug for SessionSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSecret(..)")
    }
}

/// A signed-in browser session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    pub hash: TokenHash,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// Passed the password but not yet the second factor: such a session reads nothing.
    pub awaiting_second_factor: bool,
}

/// The stored form of a token secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An API token as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    pub hash: TokenHash,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
}

impl ApiToken {
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|expires| now < expires)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_hashes_are_argon2id() {
        let password = Password::parse("correct horse battery").expect("long enough");
        let hash = PasswordHash::create(&password);
        assert!(hash.as_stored().starts_with("$argon2id$"));
        assert!(hash.verify("correct horse battery"));
        assert!(!hash.verify("correct horse battery!"));
        assert!(!PasswordHash::from_stored("garbage".into()).verify("x"));
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
    }

    #[test]
    fn session_secrets_hash_and_derive_a_distinct_csrf_token() {
        let secret = SessionSecret::generate();
        assert_eq!(SessionSecret::parse(secret.expose()), Some(secret.clone()));
        assert_ne!(secret.csrf_token(), secret.expose());
        assert_ne!(secret.csrf_token(), SessionSecret::generate().csrf_token());
        assert!(SessionSecret::parse("short").is_none());
        assert_eq!(format!("{secret:?}"), "SessionSecret(..)");
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(Password::parse("short").expect_err("too short"), InvalidPassword::TooShort);
    }

    #[test]
    fn token_secrets_round_trip_and_only_their_hash_is_kept() {
        let secret = TokenSecret::generate();
        assert_eq!(TokenSecret::parse(secret.expose()), Some(secret.clone()));
        assert_ne!(secret.hash().as_str(), secret.expose());
        assert_eq!(secret.hash().as_str().len(), 64);
        assert!(TokenSecret::parse("hw_short").is_none());
        assert!(TokenSecret::parse("Bearer something").is_none());
        assert_eq!(format!("{secret:?}"), "TokenSecret(..)");
    }
}
