//! `docs/openapi.json` is the generated OpenAPI document, committed so readers and client generators have it without
//! running the server. This test fails when it falls behind; `UPDATE_OPENAPI=1 cargo test -p homeward-web --test
//! web openapi` rewrites it.

#[test]
fn the_committed_openapi_document_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let current = serde_json::to_string_pretty(&homeward_web::openapi()).expect("the document serialises") + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &current).expect("docs/openapi.json is writable");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "docs/openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p homeward-web --test web openapi"
    );
}
