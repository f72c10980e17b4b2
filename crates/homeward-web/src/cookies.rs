//! Reading and writing the two cookies Homeward sets: the session, and the sign-in form's CSRF token. Both are
//! HttpOnly, SameSite=Lax, path-wide, and Secure whenever the service is reached over HTTPS.

use axum::http::{HeaderMap, HeaderValue};

pub const SESSION: &str = "homeward_session";
/// Before sign-in there is no session to bind a CSRF token to, so the form's token is also set as a cookie and the
/// two must match (the double-submit pattern).
pub const SIGN_IN_CSRF: &str = "homeward_csrf";

/// A cookie's value from the request, if present.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the request reached the service over HTTPS: configured so, or said so by the proxy in front.
pub fn is_https(headers: &HeaderMap, configured: bool) -> bool {
    configured || headers.get("x-forwarded-proto").is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// A `Set-Cookie` value. Without `max_age` the cookie lasts until the browser closes.
pub fn set(name: &str, value: &str, max_age_seconds: Option<i64>, secure: bool) -> HeaderValue {
    let max_age = max_age_seconds.map(|seconds| format!("; Max-Age={seconds}")).unwrap_or_default();
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{max_age}{secure}");
    HeaderValue::from_str(&cookie).expect("cookie names and values are ASCII tokens")
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear(name: &str, secure: bool) -> HeaderValue {
    set(name, "", Some(0), secure)
}

/// Compares two tokens in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, HeaderValue::from_static("a=1; homeward_session=abc; b=2"));
        assert_eq!(get(&headers, SESSION).as_deref(), Some("abc"));
        assert_eq!(get(&headers, SIGN_IN_CSRF), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let cookie = set(SESSION, "abc", None, true);
        let text = cookie.to_str().expect("ASCII");
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.contains("Secure"));
        assert!(!set(SESSION, "abc", None, false).to_str().expect("ASCII").contains("Secure"));
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
    }
}
