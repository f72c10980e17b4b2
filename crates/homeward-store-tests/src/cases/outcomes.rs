//! A return interview's outcome: its findings, and the recommendations that go to their owners.

use homeward_core::CoreError;
use homeward_core::domain::paging::Paging;
use homeward_testkit::TestDatabase;
use homeward_testkit::world::World;
use time::Duration;

use super::new_return;

pub async fn an_interview_outcome_keeps_findings_and_its_recommendations_reach_their_owners(db: TestDatabase) {
    use homeward_core::domain::alert::AlertKind;
    use homeward_core::domain::return_interview::{InterviewFilter, InterviewStatus};
    use homeward_core::services::{NewOutcome, NewResponse, OutcomeInput, RecommendationInput, ResponseInput};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let officer = world.actor("officer.a@test.example");
    let council = world.actor("worker.x@test.example");
    let practitioner = world.actor("practitioner@test.example");
    let returned_at = core.now().plus(Duration::hours(-1));
    let back = new_return(&returned_at.to_rfc3339(), "returned_self").expect("valid");
    let (_, interview) = core.record_return(&officer, world.episode, back).await.expect("recorded");
    let interview = interview.expect("created");
    core.assign_interview(&council, interview.id, world.user("practitioner@test.example").id).await.expect("assigned");

    // What each outcome needs, named field by field.
    let parse = |json: serde_json::Value| {
        let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        NewOutcome::parse(&OutcomeInput {
            status: text("status").unwrap_or_default(),
            offered_at: text("offered_at"),
            completed_at: text("completed_at"),
            declined_by: text("declined_by"),
            decline_reason: text("decline_reason"),
            carers_information: text("carers_information"),
            attempts: json.get("attempts").cloned(),
            findings: json.get("findings").cloned(),
            recommendations: json
                .get("recommendations")
                .map(|r| serde_json::from_value::<Vec<RecommendationInput>>(r.clone()).expect("shape"))
                .unwrap_or_default(),
            also_covers: Vec::new(),
        })
    };
    let fields = |result: Result<NewOutcome, CoreError>| match result {
        Err(CoreError::Invalid(fields)) => fields.iter().map(|(k, _)| k.to_owned()).collect::<Vec<_>>(),
        other => panic!("expected field errors, got {other:?}"),
    };
    assert_eq!(fields(parse(serde_json::json!({"status": "due"}))), ["status"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "declined"}))), ["decline_reason", "declined_by"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "not_possible"}))), ["attempts"]);
    assert_eq!(fields(parse(serde_json::json!({"status": "completed"}))), ["completed_at", "findings"]);
    assert_eq!(
        fields(parse(serde_json::json!({"status": "completed", "completed_at": "2026-06-01T11:30:00Z",
            "findings": {"push_factors": ["boredom"]}}))),
        ["findings"]
    );
    assert_eq!(
        fields(parse(serde_json::json!({"status": "offered", "offered_at": "2026-06-01T11:30:00Z",
            "recommendations": [{"owner_agency": "?", "action": "", "due_on": "soon"}]}))),
        ["recommendations[0].action", "recommendations[0].due_on", "recommendations[0].owner_agency"]
    );

    // Completed, with findings and two recommendations: one for the police, one for the council.
    let completed = parse(serde_json::json!({
        "status": "completed",
        "offered_at": core.now().plus(Duration::minutes(-40)).to_rfc3339(),
        "completed_at": core.now().plus(Duration::minutes(-10)).to_rfc3339(),
        "findings": {
            "push_factors": ["placement"], "pull_factors": ["relationships", "exploitation"],
            "harm": ["substance_misuse"], "cce_indicators": ["found_out_of_area", "train_tickets"],
            "places": [{"description": "Flat above the takeaway", "postcode": "LS1 4DY"}],
            "people": [{"nickname": "Tiny", "phone": "07700 900123"}],
            "childs_words": "They said I owed them", "safety_information": "Childline 0800 1111"
        },
        "recommendations": [
            {"owner_agency": "FA", "action": "Disrupt the address named", "due_on": "2026-06-08"},
            {"owner_agency": "E0000000X", "action": "Refer to the exploitation panel", "due_on": "2026-06-03"}
        ]
    }))
    .expect("valid");
    assert!(matches!(
        core.record_interview_outcome(&officer, interview.id, completed.clone()).await,
        Err(CoreError::Forbidden(_))
    ));
    let detail = core.record_interview_outcome(&practitioner, interview.id, completed.clone()).await.expect("recorded");
    assert_eq!(detail.interview.status, InterviewStatus::Completed);
    assert_eq!(detail.recommendations.len(), 2);
    assert!(matches!(
        core.record_interview_outcome(&practitioner, interview.id, completed).await,
        Err(CoreError::Rule { code: "interview_closed", .. })
    ));

    // The police see their recommendation and answer it; the council's is theirs alone.
    let police_list = core.recommendations(&officer, false, &Paging::default()).await.expect("listed").items;
    assert_eq!(police_list.len(), 1);
    let police_rec = police_list[0].recommendation.id;
    assert_eq!(police_list[0].owner.as_str(), "FA");
    let council_rec =
        core.recommendations(&council, false, &Paging::default()).await.expect("listed").items[0].recommendation.id;
    let declined = |reason: Option<&str>| {
        NewResponse::parse(&ResponseInput {
            response: Some("declined".into()),
            reason: reason.map(str::to_owned),
            ..ResponseInput::default()
        })
    };
    assert!(matches!(declined(None), Err(CoreError::Invalid(_))), "a declined recommendation needs a reason");
    let accepted = NewResponse::parse(&ResponseInput {
        response: Some("Address visited and warning notice served".into()),
        responded_at: Some(core.now().to_rfc3339()),
        ..ResponseInput::default()
    })
    .expect("valid");
    assert!(matches!(
        core.answer_recommendation(&council, police_rec, accepted.clone()).await,
        Err(CoreError::NotFound)
    ));
    let answered = core.answer_recommendation(&officer, police_rec, accepted.clone()).await.expect("answered");
    let response = answered.recommendation.response.expect("recorded");
    assert_eq!(response.decision, homeward_core::domain::return_interview::Decision::Accepted);
    assert!(matches!(
        core.answer_recommendation(&officer, police_rec, accepted).await,
        Err(CoreError::Rule { code: "already_answered", .. })
    ));
    assert!(core.recommendations(&officer, false, &Paging::default()).await.expect("listed").items.is_empty());
    assert_eq!(core.recommendations(&officer, true, &Paging::default()).await.expect("listed").items.len(), 1);

    // Care staff see the codes, not the child's words; the council sees it all.
    let carer = world.actor("carer@test.example");
    let carers_view = core.episode(&carer, world.episode).await.expect("read");
    let record = carers_view.return_interviews[0].record.clone().expect("record");
    let findings = record.findings.expect("codes");
    assert!(findings.childs_words.is_none() && findings.places.is_empty() && findings.people.is_empty());
    assert_eq!(findings.cce_indicators.len(), 2);
    let councils_view = core.episode(&council, world.episode).await.expect("read");
    let full = councils_view.return_interviews[0].record.clone().and_then(|r| r.findings).expect("findings");
    assert_eq!(full.childs_words.map(String::from).as_deref(), Some("They said I owed them"));
    assert_eq!(councils_view.recommendations.len(), 2);

    // Time passes: the council's recommendation is overdue the day after its due date, and alerts.
    world.clock.set(core.now().plus(Duration::days(3)));
    world.tick().await;
    let alerts = core.alerts(&council, &Paging::default()).await.expect("listed").items;
    assert!(alerts.iter().any(|a| a.kind == AlertKind::RecommendationOverdue && a.occasion == council_rec.to_string()));
    assert!(
        !core
            .alerts(&officer, &Paging::default())
            .await
            .expect("listed")
            .items
            .iter()
            .any(|a| a.kind == AlertKind::RecommendationOverdue)
    );

    // Another child's interview, not offered 96 hours after the return: overdue, and the council is alerted.
    let other = world.add_missing_child(time::macros::date!(2011 - 02 - 02)).await;
    let back = new_return(&core.now().to_rfc3339(), "returned_self").expect("valid");
    let (_, late) = core.record_return(&officer, other, back).await.expect("recorded");
    let late = late.expect("created");
    world.clock.set(core.now().plus(Duration::hours(96)));
    world.tick().await;
    let overdue = InterviewFilter { overdue: true, ..InterviewFilter::default() };
    let listed = core.return_interviews(&council, overdue, &Paging::default()).await.expect("listed").items;
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [late.id]);
    let alerts = core.alerts(&council, &Paging::default()).await.expect("listed").items;
    assert!(alerts.iter().any(|a| a.kind == AlertKind::ReturnInterviewOverdue && a.occasion == late.id.to_string()));
    let count = alerts.len();
    world.tick().await;
    assert_eq!(core.alerts(&council, &Paging::default()).await.expect("listed").items.len(), count, "raised once");

    // Not possible, with the attempts made; the interview closes.
    let attempts = parse(serde_json::json!({"status": "not_possible", "attempts": [
        {"at": core.now().plus(Duration::hours(-30)).to_rfc3339(), "method": "phone"},
        {"at": core.now().plus(Duration::hours(-20)).to_rfc3339(), "method": "visit", "note": "Nobody home"}
    ]}))
    .expect("valid");
    let closed = core.record_interview_outcome(&council, late.id, attempts).await.expect("recorded");
    assert_eq!(closed.interview.status, InterviewStatus::NotPossible);
    assert!(core.return_interviews(&council, overdue, &Paging::default()).await.expect("listed").items.is_empty());

    // An adult may be offered a return conversation; a child's interview exists already.
    assert!(matches!(
        core.offer_return_conversation(&officer, world.episode).await,
        Err(CoreError::Rule { code: "child", .. })
    ));
    assert!(matches!(
        core.verify_audit(|_| {}).await.expect("ran"),
        homeward_core::services::AuditReport::Intact { .. }
    ));
}
