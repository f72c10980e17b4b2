//! Helpline and self-referral contacts through the API (issue 17, item 3): bad input names its fields and writes
//! nothing; a kept contact is the provider's alone; one shared with consent reaches the council's inbox, is linked
//! once and shows on the child's record, without what was asked for the carers; the inbox pages; the provider reads
//! its own figures and a council none.

use serde_json::json;
use time::Duration;

use crate::support::{Role, StatusCode, TestApp, WorldAgency};

#[tokio::test]
async fn a_provider_logs_contacts_a_council_links_the_shared_one_and_the_rest_stay_private() {
    let app = TestApp::spawn().await;
    let child = app.world.child;
    let practitioner = app.with_user(Role::RhiPractitioner, WorldAgency::Interviews).await;
    let worker = app.with_user(Role::SocialWorker, WorldAgency::CouncilX).await;
    let carer = app.with_user(Role::CareStaff, WorldAgency::Carer).await;
    let officer_b = app.with_user(Role::PoliceOfficer, WorldAgency::ForceB).await;
    let at = app.core().now().plus(Duration::hours(-1)).to_rfc3339();
    let contact = |sharing: &str, share_with: Option<&str>| {
        json!({"channel": "text", "contacted_at": at, "contact_by": "friend", "asked": "Synthetic: a friend is not home",
               "sharing": sharing, "share_with": share_with})
    };
    let path = "/api/v1/helpline-contacts";

    let head = app.audit_head().await;
    let bad = json!({"channel": "fax", "contacted_at": "yesterday", "contact_by": "self", "asked": " ",
                     "sharing": "safeguarding_ground", "share_with": "E0000000X"});
    assert_eq!(
        practitioner.post_json(path, bad).await.invalid_fields(),
        ["asked", "channel", "contacted_at", "ground", "ground_reason"]
    );
    let kept_with_council = contact("not_shared", Some("E0000000X"));
    assert_eq!(practitioner.post_json(path, kept_with_council).await.invalid_fields(), ["share_with"]);
    assert_eq!(practitioner.post_json(path, contact("consent", Some("NOSUCH"))).await.invalid_fields(), ["share_with"]);
    let mut unseen = contact("consent", Some("E0000000X"));
    unseen["person_id"] = json!(child.to_string());
    practitioner.post_json(path, unseen).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    worker.post_json(path, contact("not_shared", None)).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(app.written_since(head).await, Vec::<String>::new(), "nothing was written but the refusals");

    let kept = practitioner.post_json(path, contact("not_shared", None)).await;
    assert_eq!(kept.status, StatusCode::CREATED, "{}", kept.text());
    let kept_id = kept.json()["id"].as_str().expect("an id").to_owned();
    worker.get(&format!("{path}/{kept_id}")).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    let mut ids = Vec::new();
    for _ in 0..3 {
        let shared = practitioner.post_json(path, contact("consent", Some("E0000000X"))).await;
        assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.text());
        ids.push(shared.json()["id"].as_str().expect("an id").to_owned());
    }
    let first = worker.get(&format!("{path}?limit=2")).await.json();
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let next = first["next"].as_str().expect("another page");
    let rest = worker.get(&format!("{path}?limit=2&cursor={next}")).await.json();
    assert_eq!((rest["items"].as_array().map(Vec::len), rest["next"].is_null()), (Some(1), true));
    assert!(!rest["items"].to_string().contains(&kept_id), "the kept contact is not in the council's inbox");
    // Each share's alert names the contact, so an API client goes straight to it.
    let alerts = worker.get("/api/v1/alerts?kind=helpline_contact_shared").await.json();
    let named: Vec<(&str, &str)> = alerts["items"]
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| (a["record_kind"].as_str().unwrap_or_default(), a["record_id"].as_str().unwrap_or_default()))
        .collect();
    assert!(ids.iter().all(|id| named.contains(&("helpline_contact", id.as_str()))), "{alerts}");

    let link = format!("{path}/{}/link", ids[0]);
    let linked = worker.post_json(&link, json!({"person_id": child.to_string()})).await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.text());
    assert_eq!(linked.json()["person_id"], child.to_string().as_str());
    worker
        .post_json(&link, json!({"person_id": child.to_string()}))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "already_linked");
    let unlink = format!("{path}/{}/unlink", ids[0]);
    practitioner.post_json(&unlink, json!({})).await.assert_error(StatusCode::FORBIDDEN, "forbidden");
    let undone = worker.post_json(&unlink, json!({})).await;
    assert_eq!((undone.status, undone.json()["person_id"].is_null()), (StatusCode::OK, true), "{}", undone.text());
    worker.post_json(&unlink, json!({})).await.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "not_linked");
    let relinked = worker.post_json(&link, json!({"person_id": child.to_string()})).await;
    assert_eq!(relinked.status, StatusCode::OK, "{}", relinked.text());
    // Care staff read no contact, even on their resident's record: one may be about the home itself.
    let on_record = carer.get(&format!("/api/v1/people/{child}/helpline-contacts")).await;
    on_record.assert_error(StatusCode::FORBIDDEN, "forbidden");
    carer.get(&format!("{path}/{}", ids[0])).await.assert_error(StatusCode::NOT_FOUND, "not_found");
    officer_b.get(&format!("{path}/{}", ids[0])).await.assert_error(StatusCode::NOT_FOUND, "not_found");

    let today = app.core().now().date();
    let figures = practitioner.get(&format!("/api/v1/helpline-figures?from={today}&to={today}")).await.json();
    assert_eq!((figures["contacts"].as_u64(), figures["by_sharing"]["not_shared"].as_u64()), (Some(4), Some(1)));
    worker
        .get(&format!("/api/v1/helpline-figures?from={today}&to={today}"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "forbidden");
}
