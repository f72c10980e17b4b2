//! The ONS Postcode Directory: looked up by postcode, replaced whole, and a replacement that fails keeps the
//! directory as it was.

use homeward_core::Actor;
use homeward_core::domain::geo::PostcodeInfo;
use homeward_core::domain::text::Postcode;
use homeward_testkit::TestDatabase;
use homeward_testkit::geo::{fixture_postcodes, load_postcodes};
use homeward_testkit::world::World;

fn postcode(text: &str) -> Postcode {
    Postcode::parse(text).expect("a postcode")
}

pub async fn the_postcode_directory_is_looked_up_and_replaced_whole(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    assert_eq!(core.postcode_count().await.expect("count"), 0, "empty until imported");
    assert_eq!(core.postcode_info(&postcode("DH1 1AA")).await.expect("lookup"), None);

    let loaded = load_postcodes(core).await;
    assert_eq!(loaded, fixture_postcodes().len() as u64);
    assert_eq!(core.postcode_count().await.expect("count"), loaded);
    let durham = core.postcode_info(&postcode("dh11aa")).await.expect("lookup").expect("held");
    assert_eq!(
        durham,
        PostcodeInfo {
            postcode: postcode("DH1 1AA"),
            easting: 427_500,
            northing: 542_600,
            la_code: "E06000047".into(),
            terminated: None
        }
    );

    // A replacement holds exactly what it was given: what the old directory held and the new one does not is gone.
    let terminated = PostcodeInfo {
        postcode: postcode("DL1 1AA"),
        easting: 429_000,
        northing: 514_000,
        la_code: "E06000005".into(),
        terminated: Some("201203".into()),
    };
    let op = Actor::operator("test");
    assert_eq!(core.replace_postcode_directory(&op, std::slice::from_ref(&terminated)).await.expect("replaced"), 1);
    assert_eq!(core.postcode_count().await.expect("count"), 1);
    assert_eq!(core.postcode_info(&postcode("DL1 1AA")).await.expect("lookup"), Some(terminated.clone()));
    assert_eq!(core.postcode_info(&postcode("DH1 1AA")).await.expect("lookup"), None);

    // Refused part-way (a postcode twice): nothing changes, not even the audit log.
    let head = core.store().audit_head().await.expect("head");
    let mut twice = fixture_postcodes();
    twice.push(twice[0].clone());
    assert!(core.replace_postcode_directory(&op, &twice).await.is_err());
    assert_eq!(core.postcode_count().await.expect("count"), 1);
    assert_eq!(core.postcode_info(&postcode("DL1 1AA")).await.expect("lookup"), Some(terminated));
    assert_eq!(core.store().audit_head().await.expect("head"), head);

    // Only the service's operators replace it.
    let refused = core.replace_postcode_directory(&world.actor("officer.a@test.example"), &fixture_postcodes()).await;
    assert!(refused.is_err());
}
