//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, six digits, 30-second steps, a code
//! accepted one step either side of now for clocks that drift, and never for a step at or before the last one
//! accepted (RFC 6238 §5.2: a code is used once). These are the settings every authenticator app defaults to.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Steps either side of now whose codes are accepted.
pub const DRIFT_STEPS: i64 = 1;
/// Bytes of a new secret: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for one step (RFC 4226 §5.3, dynamic truncation).
pub fn code(secret: &[u8], step: i64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let word = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:06}", word % 1_000_000)
}

/// A code as typed: six digits, spaces and hyphens allowed between them (apps show `123 456`).
pub fn parse_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The step whose code `typed` is, if it is one within the drift of now and later than `last_used`.
pub fn accepted_step(secret: &[u8], typed: &str, now_unix: i64, last_used: Option<i64>) -> Option<i64> {
    let typed = parse_code(typed)?;
    let now = step_at(now_unix);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS)
        .filter(|step| last_used.is_none_or(|last| *step > last))
        .find(|step| same(code(secret, *step).as_bytes(), typed.as_bytes()))
}

/// Compares in time independent of where two codes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// RFC 4648 base32 without padding: how authenticator apps take a secret typed in.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The `otpauth://` URI an authenticator app reads (from a QR code or pasted): issuer, account and secret.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let (issuer, account) = (percent_encode(issuer), percent_encode(account));
    format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        base32(secret)
    )
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret and times, whose eight-digit codes end in these six digits.
    #[test]
    fn codes_match_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code(secret, step_at(time)), expected, "at {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_never_twice() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let step = step_at(now);
        assert_eq!(accepted_step(secret, &code(secret, step), now, None), Some(step));
        assert_eq!(accepted_step(secret, &code(secret, step - 1), now, None), Some(step - 1));
        assert_eq!(accepted_step(secret, &code(secret, step + 1), now, None), Some(step + 1));
        assert_eq!(accepted_step(secret, &code(secret, step - 2), now, None), None, "too old");
        assert_eq!(accepted_step(secret, &code(secret, step), now, Some(step)), None, "replayed");
        assert_eq!(accepted_step(secret, &code(secret, step - 1), now, Some(step - 1)), None);
        let spaced = format!("{} {}", &code(secret, step)[..3], &code(secret, step)[3..]);
        assert_eq!(accepted_step(secret, &spaced, now, None), Some(step));
        assert_eq!(accepted_step(secret, "12345", now, None), None);
        assert_eq!(accepted_step(secret, "abcdef", now, None), None);
    }

    #[test]
    fn secrets_are_written_in_rfc_4648_base32_and_an_otpauth_uri() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri("Homeward", "a.b+c@example.org", b"12345678901234567890");
        assert_eq!(
            uri,
            "otpauth://totp/Homeward:a.b%2Bc%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Homeward\
             &algorithm=SHA1&digits=6&period=30"
        );
    }
}
