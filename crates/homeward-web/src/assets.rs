//! Static files: GOV.UK Frontend (from the `govuk-frontend` npm package, found at start-up) and Homeward's own
//! small stylesheet and script (built into the binary). Stylesheets and scripts are served under names carrying a
//! hash of their content, so browsers may cache them for a year; GOV.UK Frontend's fonts already carry one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const APP_CSS: &str = include_str!("../static/app.css");
const APP_JS: &str = include_str!("../static/app.js");
const YEAR: &str = "public, max-age=31536000, immutable";
const WEEK: &str = "public, max-age=604800";

#[derive(Debug)]
struct Asset {
    bytes: Vec<u8>,
    content_type: &'static str,
    cache: &'static str,
}

/// The URLs pages link to, and the files behind them.
#[derive(Debug, Clone)]
pub struct Assets {
    pub govuk_css: String,
    pub govuk_js: String,
    pub app_css: String,
    pub app_js: String,
    files: Arc<HashMap<String, Asset>>,
}

fn content_type(name: &str) -> &'static str {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// `stem-HASH.ext`, with the first 12 hex digits of the content's SHA-256.
fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}.{ext}", &hex::encode(Sha256::digest(bytes))[..12])
}

impl Assets {
    /// Loads GOV.UK Frontend's `dist/govuk` directory into memory. Without it, pages still work, unstyled, and a
    /// warning says how to fetch it (`npm ci`).
    pub fn load(govuk_dir: &Path) -> Self {
        let mut files = HashMap::new();
        let mut add = |name: String, bytes: Vec<u8>, cache: &'static str| {
            let content_type = content_type(&name);
            files.insert(name, Asset { bytes, content_type, cache });
        };
        let read = |file: &str| std::fs::read(govuk_dir.join(file)).ok();
        let (css, js) = (read("govuk-frontend.min.css"), read("govuk-frontend.min.js"));
        if css.is_none() || js.is_none() {
            tracing::warn!(
                dir = %govuk_dir.display(),
                "GOV.UK Frontend was not found: pages will be unstyled. Run `npm ci` in the project directory, or set \
                 HOMEWARD_ASSETS_DIR to the package's dist/govuk directory"
            );
        }
        let css = css.unwrap_or_default();
        let js = js.unwrap_or_default();
        let govuk_css = hashed_name("govuk-frontend", "min.css", &css);
        let govuk_js = hashed_name("govuk-frontend", "min.js", &js);
        add(govuk_css.clone(), css, YEAR);
        add(govuk_js.clone(), js, YEAR);
        // The script imports GOV.UK Frontend by its hashed name, so its own content (and hash) follows that name.
        let app_js_text = APP_JS.replace("./govuk-frontend.min.js", &format!("/assets/{govuk_js}"));
        let app_js = hashed_name("app", "js", app_js_text.as_bytes());
        add(app_js.clone(), app_js_text.into_bytes(), YEAR);
        let app_css = hashed_name("app", "css", APP_CSS.as_bytes());
        add(app_css.clone(), APP_CSS.as_bytes().to_vec(), YEAR);
        for (relative, path) in walk(&govuk_dir.join("assets")) {
            if let Ok(bytes) = std::fs::read(&path) {
                // GOV.UK Frontend names its fonts by content hash already; other files may change between versions.
                let cache = if relative.starts_with("fonts/") { YEAR } else { WEEK };
                add(relative, bytes, cache);
            }
        }
        let url = |name: &str| format!("/assets/{name}");
        Self {
            govuk_css: url(&govuk_css),
            govuk_js: url(&govuk_js),
            app_css: url(&app_css),
            app_js: url(&app_js),
            files: Arc::new(files),
        }
    }
}

/// Every file under `dir`, with its path relative to `dir` using `/`.
fn walk(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                found.push((relative.join("/"), path));
            }
        }
    }
    found
}

/// `GET /assets/{*path}`.
pub async fn serve(State(assets): State<Assets>, UrlPath(path): UrlPath<String>) -> Response {
    match assets.files.get(&path) {
        Some(asset) => {
            ([(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, asset.cache)], asset.bytes.clone())
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], "Not found").into_response(),
    }
}
