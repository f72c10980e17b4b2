//! A user's second factor: a TOTP secret sealed under the deployment key (so a copy of the database alone does not
//! give anyone's codes), and single-use recovery codes of which only keyed hashes are stored.

use rand::RngCore;

use super::ids::UserId;
use super::keys::DeploymentKey;
use super::time::Timestamp;
use crate::rules::totp::{SECRET_BYTES, base32};

const NONCE_BYTES: usize = 16;
/// Recovery codes issued at enrolment (and again after a reset).
pub const RECOVERY_CODES: usize = 10;
/// Characters of a recovery code, in base32: 50 bits each.
const RECOVERY_CHARS: usize = 10;

/// A TOTP secret in the clear: in memory only, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as an authenticator app takes it typed in.
    pub fn base32(&self) -> String {
        base32(&self.0)
    }

    /// Sealed for storing: a random nonce, then the secret XORed with an HMAC keystream of the user and nonce under
    /// the deployment key.
    pub fn seal(&self, key: &DeploymentKey, user: UserId) -> SealedSecret {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let pad = pad(key, user, &nonce);
        let mut sealed = nonce.to_vec();
        sealed.extend(self.0.iter().zip(pad).map(|(byte, mask)| byte ^ mask));
        SealedSecret(hex::encode(sealed))
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

fn pad(key: &DeploymentKey, user: UserId, nonce: &[u8]) -> [u8; 32] {
    let mut message = user.to_string().into_bytes();
    message.extend_from_slice(nonce);
    key.mac("second-factor-secret", &message)
}

/// A TOTP secret as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret(String);

impl SealedSecret {
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The secret, if this was sealed for this user under this key.
    pub fn open(&self, key: &DeploymentKey, user: UserId) -> Option<TotpSecret> {
        let bytes = hex::decode(&self.0).ok()?;
        if bytes.len() != NONCE_BYTES + SECRET_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let pad = pad(key, user, nonce);
        Some(TotpSecret(sealed.iter().zip(pad).map(|(byte, mask)| byte ^ mask).collect()))
    }
}

/// A user's second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    pub user_id: UserId,
    pub sealed_secret: SealedSecret,
    pub created_at: Timestamp,
    /// When the first code confirmed it; until then it is an enrolment in progress.
    pub confirmed_at: Option<Timestamp>,
    /// The last step a code was accepted for.
    pub last_step: Option<i64>,
}

/// A recovery code in the clear, shown once as `abcde-fghij`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 7];
        rand::rng().fill_bytes(&mut bytes);
        Self(base32(&bytes)[..RECOVERY_CHARS].to_owned())
    }

    /// A code as typed: case, spaces and hyphens do not matter.
    pub fn parse(text: &str) -> Option<Self> {
        let code: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect::<String>().to_uppercase();
        let well_formed = code.len() == RECOVERY_CHARS && code.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7'));
        well_formed.then_some(Self(code))
    }

    /// How it is shown: lower case, in two groups of five.
    pub fn display(&self) -> String {
        let lower = self.0.to_lowercase();
        format!("{}-{}", &lower[..5], &lower[5..])
    }

    /// The stored form: an HMAC of the user and code under the deployment key.
    pub fn hash(&self, key: &DeploymentKey, user: UserId) -> String {
        key.mac_hex("recovery-code", format!("{user}:{}", self.0).as_bytes())
    }
}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_for_its_user_under_its_key() {
        let key = DeploymentKey::random();
        let (user, other) = (UserId::random(), UserId::random());
        let secret = TotpSecret::generate();
        let sealed = secret.seal(&key, user);
        assert_eq!(sealed.open(&key, user), Some(secret.clone()));
        assert_ne!(sealed.open(&key, other), Some(secret.clone()));
        assert_ne!(sealed.open(&DeploymentKey::random(), user), Some(secret.clone()));
        assert_ne!(secret.seal(&key, user), sealed, "each seal has its own nonce");
        assert!(!sealed.as_str().contains(&hex::encode(secret.expose())));
        assert_eq!(format!("{secret:?}"), "TotpSecret(..)");
    }

    #[test]
    fn recovery_codes_read_back_however_typed_and_hash_per_user() {
        let key = DeploymentKey::random();
        let code = RecoveryCode::generate();
        let typed = RecoveryCode::parse(&format!(" {} ", code.display().to_uppercase())).expect("parses");
        let user = UserId::random();
        assert_eq!(typed.hash(&key, user), code.hash(&key, user));
        assert_ne!(code.hash(&key, user), code.hash(&key, UserId::random()));
        assert!(RecoveryCode::parse("abcde-fghi1").is_none());
        assert!(RecoveryCode::parse("123456").is_none());
    }
}
