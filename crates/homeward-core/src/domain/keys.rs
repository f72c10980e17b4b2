//! The deployment's secret key, kept outside the database, from which every keyed hash Homeward makes is derived:
//! sign-in identifiers in the audit log, the audit chain's checkpoints, bound CSRF tokens. One key, one purpose
//! string per use, so a value made for one purpose is useless for another.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes a key must have at least.
pub const KEY_BYTES: usize = 32;

/// The deployment's key. It never prints.
#[derive(Clone)]
pub struct DeploymentKey([u8; KEY_BYTES]);

impl DeploymentKey {
    /// A key from exactly [`KEY_BYTES`] or more bytes of secret material (longer material is hashed down).
    ///
    /// # Errors
    /// Fewer than [`KEY_BYTES`] bytes.
    pub fn from_bytes(material: &[u8]) -> Result<Self, String> {
        if material.len() < KEY_BYTES {
            return Err(format!("a deployment key needs at least {KEY_BYTES} bytes, this one has {}", material.len()));
        }
        let mut key = [0u8; KEY_BYTES];
        if material.len() == KEY_BYTES {
            key.copy_from_slice(material);
        } else {
            use sha2::Digest;
            key.copy_from_slice(&Sha256::digest(material));
        }
        Ok(Self(key))
    }

    /// A fresh random key: for tests and for a process that keeps nothing keyed beyond its own life.
    #[must_use]
    pub fn random() -> Self {
        use rand::RngCore;
        let mut key = [0u8; KEY_BYTES];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    /// The key's material as hex, for writing a new key file.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// HMAC-SHA256 of `message` under the key derived for `purpose`.
    #[must_use]
    pub fn mac(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        let derived = self.derive(purpose);
        let mut mac = Hmac::<Sha256>::new_from_slice(&derived).expect("HMAC takes a key of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// [`Self::mac`] as lower-case hex.
    #[must_use]
    pub fn mac_hex(&self, purpose: &str, message: &[u8]) -> String {
        hex::encode(self.mac(purpose, message))
    }

    /// Checks a MAC made by [`Self::mac`] in constant time.
    #[must_use]
    pub fn verify(&self, purpose: &str, message: &[u8], tag: &[u8]) -> bool {
        let derived = self.derive(purpose);
        let mut mac = Hmac::<Sha256>::new_from_slice(&derived).expect("HMAC takes a key of any length");
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }

    /// The sub-key for one purpose: HMAC-SHA256(key, "homeward:" purpose).
    fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(b"homeward:");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for DeploymentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeploymentKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_has_its_own_mac_and_the_key_never_prints() {
        let key = DeploymentKey::from_bytes(&[7u8; 32]).expect("32 bytes");
        assert_ne!(key.mac("sign-in", b"a@example.org"), key.mac("audit", b"a@example.org"));
        assert!(key.verify("sign-in", b"x", &key.mac("sign-in", b"x")));
        assert!(!key.verify("audit", b"x", &key.mac("sign-in", b"x")));
        assert_eq!(format!("{key:?}"), "DeploymentKey(..)");
        assert!(DeploymentKey::from_bytes(&[1u8; 31]).is_err());
        assert_ne!(DeploymentKey::random().to_hex(), DeploymentKey::random().to_hex());
    }
}
