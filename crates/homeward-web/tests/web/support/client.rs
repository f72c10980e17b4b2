//! A client of the application: a bearer token for the API, or a browser's cookies for pages, never following
//! redirects so tests see them. `Reply` is what came back, with the readings tests make of it.

use std::sync::Mutex;

use homeward_core::domain::ids::UserId;
use homeward_core::domain::user::User;
use reqwest::header::{HeaderMap, SET_COOKIE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

#[derive(Debug)]
pub struct Client {
    address: String,
    http: reqwest::Client,
    token: Option<String>,
    /// The browser's cookies, kept as `Set-Cookie` headers arrive.
    cookies: Mutex<Vec<(String, String)>>,
    /// Who is signed in, when anyone is.
    pub user: Option<User>,
}

impl Clone for Client {
    fn clone(&self) -> Self {
        Self {
            address: self.address.clone(),
            http: self.http.clone(),
            token: self.token.clone(),
            cookies: Mutex::new(self.cookies()),
            user: self.user.clone(),
        }
    }
}

/// A request body: a form, JSON text (well formed or not, so tests can send bad JSON), or raw bytes.
#[derive(Debug)]
pub enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(String),
    Bytes(Vec<u8>),
}

impl Client {
    pub(super) fn new(address: &str, user: Option<User>) -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client");
        Self { address: address.to_owned(), http, token: None, cookies: Mutex::default(), user }
    }

    pub(super) fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    /// The same client with another bearer token, well formed or not.
    pub fn bearer(&self, token: &str) -> Self {
        self.clone().with_token(token)
    }

    /// The signed-in user's id.
    pub fn id(&self) -> UserId {
        self.user.as_ref().expect("a signed-in client").id
    }

    /// Sends a request and keeps the cookies it sets. Every typed method comes through here.
    pub async fn send(&self, method: Method, path: &str, body: Body) -> Reply {
        self.send_with_headers(method, path, body, &[]).await
    }

    /// Sends a request with headers of its own besides the credentials.
    pub async fn send_with_headers(&self, method: Method, path: &str, body: Body, headers: &[(&str, &str)]) -> Reply {
        let request = headers
            .iter()
            .fold(self.http.request(method, format!("{}{path}", self.address)), |request, (name, value)| {
                request.header(*name, *value)
            });
        let response = with_body(self.authorise(request), body).send().await.expect("the server answers");
        let (status, headers) = (response.status(), response.headers().clone());
        self.remember(&headers);
        Reply { status, headers, body: response.bytes().await.expect("a body").to_vec() }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, Body::None).await
    }

    pub async fn post_json(&self, path: &str, json: impl Into<JsonText>) -> Reply {
        self.send(Method::POST, path, Body::Json(json.into().0)).await
    }

    /// A JSON POST carrying an `Idempotency-Key`.
    pub async fn post_json_keyed(&self, path: &str, key: &str, json: impl Into<JsonText>) -> Reply {
        self.send_with_headers(Method::POST, path, Body::Json(json.into().0), &[("idempotency-key", key)]).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let form = form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.send(Method::POST, path, Body::Form(form)).await
    }

    fn authorise(&self, request: RequestBuilder) -> RequestBuilder {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let cookies = self.cookies();
        if cookies.is_empty() {
            return request;
        }
        request.header("cookie", cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; "))
    }

    fn remember(&self, headers: &HeaderMap) {
        let mut cookies = self.cookies.lock().expect("no test panicked holding the cookies");
        for value in headers.get_all(SET_COOKIE) {
            let text = value.to_str().expect("ASCII");
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            cookies.retain(|(n, _)| n != name);
            if !value.is_empty() && !text.contains("Max-Age=0") {
                cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    /// The browser's cookies as they stand.
    pub fn cookies(&self) -> Vec<(String, String)> {
        self.cookies.lock().expect("no test panicked holding the cookies").clone()
    }

    /// Puts cookies back, as someone replaying a copied cookie would; `Vec::new()` clears them all.
    pub fn set_cookies(&self, cookies: Vec<(String, String)>) {
        *self.cookies.lock().expect("no test panicked holding the cookies") = cookies;
    }

    pub fn has_session(&self) -> bool {
        self.cookies().iter().any(|(n, _)| n == "homeward_session")
    }
}

fn with_body(request: RequestBuilder, body: Body) -> RequestBuilder {
    match body {
        Body::None => request,
        Body::Form(form) => request.form(&form),
        Body::Json(text) => request.header("content-type", "application/json").body(text),
        Body::Bytes(bytes) => request.body(bytes),
    }
}

/// JSON as text: from a `json!` value, or written out (possibly malformed, on purpose).
#[derive(Debug)]
pub struct JsonText(pub String);

impl From<&str> for JsonText {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for JsonText {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<Value> for JsonText {
    fn from(value: Value) -> Self {
        Self(value.to_string())
    }
}

/// What the application answered.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("a JSON body ({e}), got {}: {}", self.status, self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.header("location")
    }

    /// The CSRF token in the page's form.
    pub fn csrf_token(&self) -> String {
        let page = self.text();
        let start = page.find("name=\"csrf_token\" value=\"").expect("a CSRF field") + 25;
        page[start..].split('"').next().expect("a value").to_owned()
    }

    /// Asserts a JSON error answer: exactly this status and this stable code.
    #[track_caller]
    pub fn assert_error(&self, status: StatusCode, code: &str) -> Value {
        let body = self.json();
        assert_eq!((self.status, body["error"]["code"].as_str()), (status, Some(code)), "{body}");
        body
    }

    /// The names of the fields a 422 answer says are wrong, in order.
    #[track_caller]
    pub fn invalid_fields(&self) -> Vec<String> {
        let body = self.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        body["error"]["fields"].as_object().expect("fields").keys().cloned().collect()
    }
}
