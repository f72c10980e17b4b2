//! `homeward subject-access`: everything held about one person of the demo area (episodes, returns, an interview),
//! gathered whole with counts that match the database, audited once; a malformed or unknown id refused, exit 2,
//! with nothing written.

use homeward_core::Scope;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::return_interview::InterviewStatus;
use homeward_testkit::{Backend, open_store};
use serde_json::Value;

use crate::support::{Workspace, block_on};

/// What the database holds of the person chosen: their id and the counts the answer must match.
struct Expected {
    person: PersonId,
    episodes: usize,
    assessments: usize,
    interviews: usize,
    recommendations: usize,
}

/// A demo person with a returned episode whose interview was completed, and what is held about them.
fn a_returned_child_interviewed(ws: &Workspace) -> Expected {
    block_on(async {
        let store = open_store(ws.database_url()).await;
        let mut tx = store.begin_read().await.expect("a read");
        let mut after = String::new();
        loop {
            let people = tx.people_after(&after, 500).await.expect("people");
            let last = people.last().expect("a person with an interview before the end").id.to_string();
            for person in people {
                let episodes = tx.episodes_of_person(person.id, Scope::All).await.expect("episodes");
                let (mut assessments, mut interviews, mut recommendations, mut completed) = (0, 0, 0, false);
                for episode in &episodes {
                    assessments += tx.assessments_for_episode(episode.id).await.expect("assessments").len();
                    let held = tx.return_interviews_for_episode(episode.id).await.expect("interviews");
                    completed |= held.iter().any(|i| i.status == InterviewStatus::Completed);
                    interviews += held.len();
                    recommendations += tx.recommendations_for_episode(episode.id).await.expect("recs").len();
                }
                if completed && episodes.len() >= 2 && episodes.iter().any(|e| e.returned_at.is_some()) {
                    let episodes = episodes.len();
                    return Expected { person: person.id, episodes, assessments, interviews, recommendations };
                }
            }
            after = last;
        }
    })
}

fn sum(episodes: &[Value], section: &str) -> usize {
    episodes.iter().map(|e| e[section].as_array().expect(section).len()).sum()
}

fn gathers_everything_held_about_a_person(ws: &Workspace) {
    ws.ok(&["demo", "--seed", "3", "--as-of", "2026-11-01"]);
    let expected = a_returned_child_interviewed(ws);
    let id = expected.person.to_string();
    let out = ws.dir().join("sar.json");
    let printed = ws.ok(&["subject-access", "--person", &id, "--out", out.to_str().expect("a path")]);
    assert!(printed.is_empty(), "the answer goes to the file only: {printed}");
    let text = std::fs::read_to_string(&out).expect("the file");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).expect("metadata").permissions());
    assert_eq!(mode & 0o077, 0, "readable by its owner only");
    let answer: Value = serde_json::from_str(&text).expect("JSON");

    let about = &answer["about"];
    assert_eq!(about["person_id"], id.as_str());
    assert!(about["generated_by"].as_str().expect("by").contains("homeward subject-access"), "{about}");
    assert!(about["generated_at"].as_str().is_some_and(|at| at.ends_with('Z')), "{about}");
    assert!(about["before_release"].as_str().expect("a note").contains("third parties"), "{about}");
    assert_eq!(answer["person"]["id"], id.as_str());
    for section in [
        "profiles",
        "placements",
        "episodes",
        "linked_people",
        "link_proposals",
        "intel_links",
        "places",
        "associates",
        "contexts",
        "alerts",
        "support_plans",
        "missing_education",
        "abduction_notices",
        "ofsted_notifications",
        "helpline_contacts",
        "audit_events",
    ] {
        assert!(answer[section].is_array(), "{section} is a section of its own");
    }
    for section in ["missing_description", "long_term", "long_term_reviews", "legacy_absent"] {
        assert!(answer["episodes"][0].get(section).is_some(), "each episode says whether it has {section}");
    }
    assert!(answer.get("photograph").is_some(), "whether a photograph is held is said");

    let episodes = answer["episodes"].as_array().expect("episodes");
    assert_eq!(episodes.len(), expected.episodes);
    assert_eq!(sum(episodes, "risk_assessments"), expected.assessments);
    assert_eq!(sum(episodes, "return_interviews"), expected.interviews);
    assert_eq!(sum(episodes, "recommendations"), expected.recommendations);
    assert!(episodes.iter().all(|e| e["episode"]["person_id"] == id.as_str()), "only the person's episodes");
    assert!(episodes.iter().any(|e| !e["episode"]["returned_at"].is_null()), "a return is there");
    let completed = episodes
        .iter()
        .flat_map(|e| e["return_interviews"].as_array().expect("interviews"))
        .find(|i| i["status"] == "completed")
        .expect("the completed interview");
    assert!(completed["record"]["findings"].is_object(), "with its findings: {completed}");
    assert_eq!(about["counts"]["episodes"], expected.episodes);
    assert_eq!(about["counts"]["return_interviews"], expected.interviews);
    // Standard output by default, the same sections; each gathering audited once, naming the person, counts only.
    let again: Value = serde_json::from_str(&ws.ok(&["subject-access", "--person", &id])).expect("JSON");
    assert_eq!(again["episodes"], answer["episodes"]);
    let named = again["audit_events"].as_array().expect("events");
    assert!(
        named.iter().any(|e| e["action"] == "subject_access.gathered" && e["target_id"] == id.as_str()),
        "the audit events naming the person include the first gathering: {named:?}"
    );
    let gathered: Vec<_> = block_on(async {
        let store = open_store(ws.database_url()).await;
        let mut events = Vec::new();
        let mut after = 0;
        loop {
            let page = store.audit_events_after(after, 5_000).await.expect("events");
            let Some(last) = page.last() else { break };
            after = last.seq;
            events.extend(page.into_iter().filter(|e| e.action == "subject_access.gathered"));
        }
        events
    });
    assert_eq!(gathered.len(), 2, "one event each time");
    for event in &gathered {
        assert_eq!(event.target_id.as_deref(), Some(id.as_str()));
        assert_eq!(event.actor_role, "operator:subject-access");
        let details: Value = serde_json::from_str(&event.details).expect("JSON details");
        assert_eq!(details["episodes"], expected.episodes);
        assert!(details.as_object().expect("counts").values().all(Value::is_u64), "counts only: {details}");
    }
}

#[test]
fn gathers_everything_held_about_a_person_on_sqlite() {
    gathers_everything_held_about_a_person(&Workspace::new());
}

homeward_testkit::postgres_test! {
    fn gathers_everything_held_about_a_person_on_postgres() {
        gathers_everything_held_about_a_person(&Workspace::on(Backend::Postgres));
    }
}

#[test]
fn a_malformed_or_unknown_person_is_refused_with_nothing_written() {
    let ws = Workspace::new();
    ws.ok(&["migrate"]);
    let out = ws.dir().join("sar.json");
    let out = out.to_str().expect("a path");
    ws.fails(&["subject-access", "--person", "not-an-id", "--out", out], 2, "--person");
    let unknown = PersonId::random().to_string();
    ws.fails(&["subject-access", "--person", &unknown, "--out", out], 2, "no person has the id");
    let left: Vec<_> = std::fs::read_dir(ws.dir())
        .expect("the directory")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("sar.json"))
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
    let help = ws.ok(&["subject-access", "--help"]);
    assert!(help.contains("--person") && help.contains("--out") && help.contains("article 15"), "{help}");
}
