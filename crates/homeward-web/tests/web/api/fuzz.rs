//! Property-based fuzzing of the API's JSON bodies (issue 16, item 10): real bodies with fields replaced by any JSON,
//! any JSON at all, and bytes that are not JSON, sent to the endpoints that create and change records. Every answer
//! is a success or a 4xx in the error envelope; none is a 5xx. Cases per endpoint: `PROPTEST_CASES` / 4 (64 in the
//! test script; `scripts/fuzz.sh` runs more).

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use crate::support::{AgencyKind, Client, Role, TestApp, Value, json};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[=+@\\-][A-Za-z0-9()|! ]{0,10}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9](T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z)?",
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        prop::sample::select(vec!["home", "low", "high", "returned_self", "found_dead", "F", "philomena", ""])
            .prop_map(str::to_owned),
    ]
}

/// Any JSON value, a few levels deep.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |n| n.is_finite()).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(text(), inner, 0..4).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A body for an endpoint: its real body with some fields replaced or removed, any JSON, or not JSON at all.
fn body(real: Value) -> impl Strategy<Value = String> {
    let keys: Vec<String> = real.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let mutated =
        prop::collection::vec((prop::sample::select(keys), prop::option::of(value())), 1..4).prop_map(move |changes| {
            let mut body = real.clone();
            for (key, replacement) in changes {
                let object = body.as_object_mut().expect("an object");
                match replacement {
                    Some(value) => object.insert(key, value),
                    None => object.remove(&key),
                };
            }
            body.to_string()
        });
    prop_oneof![
        6 => mutated,
        2 => value().prop_map(|v| v.to_string()),
        1 => any::<Vec<u8>>().prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse::<u32>().ok()).unwrap_or(256) / 4
}

/// Sends `cases()` bodies drawn from `strategy` to `path`; panics naming the body of any 5xx or bare 4xx.
async fn fuzz(client: &Client, path: &str, strategy: impl Strategy<Value = String>) {
    let mut runner = TestRunner::deterministic();
    for _ in 0..cases() {
        let body = strategy.new_tree(&mut runner).expect("a body").current();
        let reply = client.post_json(path, body.clone()).await;
        assert!(!reply.status.is_server_error(), "{path} answered {} to {body}: {}", reply.status, reply.text());
        if reply.status.is_client_error() {
            let code = &reply.json()["error"]["code"];
            assert!(code.is_string(), "{path} answered {} outside the envelope to {body}", reply.status);
        }
    }
}

#[tokio::test]
async fn no_body_sent_to_the_api_gets_a_server_error() {
    let app = TestApp::spawn().await;
    let officer = app.with_user(Role::PoliceOfficer, AgencyKind::Police).await;
    let (child, episode) = (app.world.child, app.world.episode);
    let now = app.core().now().to_rfc3339();
    let person = json!({"given_name": "Synthetic", "family_name": "Person", "date_of_birth": "2011-02-03", "sex": "F"});
    fuzz(&officer, "/api/v1/people", body(person)).await;
    let report = json!({"person_id": child, "went_missing_at": now, "missing_from": "home"});
    fuzz(&officer, "/api/v1/episodes", body(report)).await;
    let supervisor = app.with_user(Role::PoliceSupervisor, AgencyKind::Police).await;
    let grade = json!({"grade": "low", "rationale": "Seen at a friend's.", "override_reason": "checked"});
    fuzz(&supervisor, &format!("/api/v1/episodes/{episode}/risk-assessments"), body(grade)).await;
    let returned = json!({"returned_at": now, "outcome": "returned_self", "found_postcode": "LS1 4DY"});
    fuzz(&officer, &format!("/api/v1/episodes/{episode}/return"), body(returned)).await;
}
