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

pub async fn postcodes_given_are_checked_against_the_directory_which_decides_found_out_of_area(db: TestDatabase) {
    use homeward_core::CoreError;
    use homeward_core::rules::risk::AgencyRules;
    use homeward_core::services::{NewPlacement, NewReturn, ReturnInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let input = ReturnInput {
        returned_at: &core.now().to_rfc3339(),
        outcome: "found_by_police",
        found_place: Some("Railway station"),
        found_postcode: Some("ZZ9 9ZZ"),
        found_by: None,
        found_out_of_area: None,
    };
    let unknown = || NewReturn::parse(&input).expect("the shape of a postcode");
    // Council X's hand-typed areas say Leeds is its own; its local authority (County Durham) says otherwise.
    let rules = AgencyRules {
        postcode_areas: Some(vec!["LS".into()]),
        local_authorities: Some(vec!["E06000047".into()]),
        ..AgencyRules::default()
    };
    core.set_agency_rules(&Actor::operator("test"), &world.council_x.code, rules).await.expect("set");

    // No directory: a postcode of the right shape is taken, and the hand-typed areas decide.
    let other = world.add_missing_child(time::macros::date!(2011 - 05 - 05)).await;
    let (before, _) = core.record_return(&officer, other, unknown()).await.expect("taken without a directory");
    assert_eq!(before.found.out_of_area, Some(true), "outside LS");

    load_postcodes(core).await;
    let head = core.store().audit_head().await.expect("head");
    let refused = core.record_return(&officer, world.episode, unknown()).await;
    assert!(
        matches!(&refused, Err(CoreError::Invalid(fields))
            if fields.get("found_postcode") == Some("is not in the ONS Postcode Directory")),
        "{refused:?}"
    );
    assert_eq!(core.store().audit_head().await.expect("head"), head, "nothing was recorded");

    // Found in Leeds (E08000035): out of County Durham's area, whatever the hand-typed areas say.
    let leeds = NewReturn::parse(&ReturnInput { found_postcode: Some("LS1 1AL"), ..input.clone() }).expect("valid");
    let (episode, _) = core.record_return(&officer, world.episode, leeds).await.expect("recorded");
    assert_eq!(episode.found.out_of_area, Some(true), "decided by the directory");
    let durham = world.add_missing_child(time::macros::date!(2012 - 05 - 05)).await;
    let home = NewReturn::parse(&ReturnInput { found_postcode: Some("dh1 1ah"), ..input.clone() }).expect("valid");
    let (home, _) = core.record_return(&officer, durham, home).await.expect("recorded");
    assert_eq!(home.found.out_of_area, Some(false), "found in County Durham");

    // An authority the directory holds no postcode in (a county's, a made-up one) decides nothing: the hand-typed
    // areas do, as before.
    let rules = AgencyRules { local_authorities: Some(vec!["E06000099".into()]), ..AgencyRules::default() };
    core.set_agency_rules(&Actor::operator("test"), &world.council_x.code, rules).await.expect("set");
    let third = world.add_missing_child(time::macros::date!(2013 - 05 - 05)).await;
    let leeds = NewReturn::parse(&ReturnInput { found_postcode: Some("LS1 1AL"), ..input.clone() }).expect("valid");
    let (fallback, _) = core.record_return(&officer, third, leeds).await.expect("recorded");
    assert_eq!(fallback.found.out_of_area, Some(false), "inside the hand-typed LS");

    // A placement's postcode is checked the same way, and a terminated one is refused saying when.
    let worker = world.actor("worker.x@test.example");
    let placement = |postcode: &str| NewPlacement::parse("CARER", Some("E0000000Y"), postcode, "2026-03-02");
    let refused = core.record_placement(&worker, world.child, placement("ZZ9 9ZZ").expect("valid")).await;
    assert!(matches!(&refused, Err(CoreError::Invalid(fields)) if fields.get("postcode").is_some()), "{refused:?}");
    let mut postcodes = fixture_postcodes();
    postcodes.iter_mut().find(|p| p.postcode.as_str() == "DH1 1AA").expect("held").terminated = Some("201203".into());
    core.replace_postcode_directory(&Actor::operator("test"), &postcodes).await.expect("replaced");
    let refused = core.record_placement(&worker, world.child, placement("DH1 1AA").expect("valid")).await;
    assert!(
        matches!(&refused, Err(CoreError::Invalid(fields))
            if fields.get("postcode").is_some_and(|m| m.contains("terminated in March 2012"))),
        "{refused:?}"
    );
    core.record_placement(&worker, world.child, placement("DH1 1AH").expect("valid")).await.expect("recorded");
}
