//! How long a national demo's volume takes to load through `bulk_insert`: about 350,000 episodes, 150,000 people,
//! 350,000 risk assessments and 200,000 return interviews in one transaction. It prints its timings and never
//! fails on them; it is ignored by default because it takes tens of seconds. Run it with
//! `scripts/with-postgres.sh cargo test -p homeward-store-tests --test bulk_volume -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::time::Instant;

use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::credentials::PasswordHash;
use homeward_core::domain::episode::{Episode, EpisodeStatus, MissingFrom, ReturnOutcome};
use homeward_core::domain::ids::{AgencyId, AssessmentId, EpisodeId, PersonId, ReturnInterviewId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::domain::risk::{EpisodeRisk, RiskAnswer, RiskAssessment, RiskGrade, RiskSide};
use homeward_core::domain::text::{DisplayName, FreeText, PersonName};
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role, User};
use homeward_core::ports::{BulkData, Store};
use homeward_store::PostgresStore;
use homeward_testkit::{Backend, FreshDatabase};
use time::Duration;
use time::macros::{date, datetime};

const FORCES: usize = 43;
const COUNCILS: usize = 152;
const USERS: usize = 3_000;
const PEOPLE: usize = 150_000;
const EPISODES: usize = 350_000;
const INTERVIEWS: usize = 200_000;

/// SplitMix64: a few lines of deterministic pseudo-randomness, so the data needs no generator crate.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self) -> [u8; 16] {
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        bytes
    }
}

fn national_data() -> BulkData {
    let mut mix = Mix(2026);
    let start = Timestamp::new(datetime!(2025-04-01 00:00:00 UTC));
    let name = |text: &str| PersonName::parse(text).expect("valid name");
    let given = [name("Alex"), name("Sam"), name("Jordan"), name("Riley")];
    let family = [name("Example"), name("Sample"), name("Test")];
    let place = FreeText::parse("Town centre").expect("valid text");
    let rationale = FreeText::parse("Known associations and previous episodes").expect("valid text");
    let hash = PasswordHash::from_stored("$argon2id$not-a-real-hash".into());

    let forces: Vec<Agency> = (0..FORCES)
        .map(|n| Agency {
            id: AgencyId::from_random_bytes(mix.bytes()),
            code: AgencyCode::parse(&format!("F{n:03}")).expect("valid code"),
            name: DisplayName::parse(&format!("Force {n}")).expect("valid name"),
            kind: AgencyKind::Police,
            police_force_id: None,
        })
        .collect();
    let councils: Vec<Agency> = (0..COUNCILS)
        .map(|n| Agency {
            id: AgencyId::from_random_bytes(mix.bytes()),
            code: AgencyCode::parse(&format!("E{n:08}")).expect("valid code"),
            name: DisplayName::parse(&format!("Council {n}")).expect("valid name"),
            kind: AgencyKind::LocalAuthority,
            police_force_id: Some(forces[n % FORCES].id),
        })
        .collect();
    let users: Vec<User> = (0..USERS)
        .map(|n| User {
            id: UserId::from_random_bytes(mix.bytes()),
            email: Email::parse(&format!("worker{n}@example.gov.uk")).expect("valid email"),
            name: DisplayName::parse(&format!("Worker {n}")).expect("valid name"),
            agency_id: councils[n % COUNCILS].id,
            role: Role::SocialWorker,
            password_hash: hash.clone(),
            active: true,
            created_at: start,
        })
        .collect();
    let people: Vec<Person> = (0..PEOPLE)
        .map(|n| Person {
            id: PersonId::from_random_bytes(mix.bytes()),
            given_name: given[n % given.len()].clone(),
            family_name: family[n % family.len()].clone(),
            date_of_birth: date!(2008 - 01 - 01) + Duration::days(mix.below(3_000) as i64),
            sex: [Sex::Male, Sex::Female][n % 2],
            looked_after: n % 3 == 0,
            responsible_la_id: Some(councils[n % COUNCILS].id),
            host_la_id: None,
            placement_provider_id: None,
            allocated_worker_id: (n % 3 == 0).then(|| users[n % USERS].id),
            recorded_by_agency_id: None,
            created_at: start,
        })
        .collect();
    let episodes: Vec<Episode> = (0..EPISODES)
        .map(|n| {
            let council = &councils[mix.below(COUNCILS)];
            let went = start.plus(Duration::seconds(mix.below(31_000_000) as i64));
            let returned = n % 20 != 0;
            Episode {
                id: EpisodeId::from_random_bytes(mix.bytes()),
                person_id: people[mix.below(PEOPLE)].id,
                recorded_by_agency_id: council.id,
                police_force_id: council.police_force_id,
                area_la_id: Some(council.id),
                went_missing_at: went,
                reported_at: went.plus(Duration::minutes(45)),
                missing_from: MissingFrom::FosterCare,
                status: if returned { EpisodeStatus::Returned } else { EpisodeStatus::Missing },
                la_category: None,
                last_seen_place: Some(place.clone()),
                circumstances: None,
                police_reference: None,
                reporter: None,
                returned_at: returned.then(|| went.plus(Duration::hours(9))),
                return_outcome: returned.then_some(ReturnOutcome::ReturnedSelf),
                found: homeward_core::domain::episode::Found::default(),
                police_closed_at: None,
                risk: EpisodeRisk { joint: Some(RiskGrade::Medium), ..EpisodeRisk::default() },
                created_at: went,
                updated_at: went,
            }
        })
        .collect();
    let answers = BTreeMap::from([("q1".to_owned(), RiskAnswer { answer: true, details: None })]);
    let assessments: Vec<RiskAssessment> = episodes
        .iter()
        .map(|episode| RiskAssessment {
            id: AssessmentId::from_random_bytes(mix.bytes()),
            episode_id: episode.id,
            side: RiskSide::Police,
            grade: RiskGrade::Medium,
            rationale: rationale.clone(),
            answers: answers.clone(),
            cse_concern: false,
            cce_concern: false,
            override_reason: None,
            assessed_by: users[mix.below(USERS)].id,
            assessed_at: episode.reported_at,
        })
        .collect();
    let return_interviews: Vec<ReturnInterview> = episodes
        .iter()
        .filter_map(|episode| episode.returned_at.map(|at| (episode, at)))
        .take(INTERVIEWS)
        .map(|(episode, returned_at)| ReturnInterview {
            id: ReturnInterviewId::from_random_bytes(mix.bytes()),
            episode_id: episode.id,
            statutory: true,
            due_at: returned_at.plus(Duration::hours(72)),
            status: InterviewStatus::Completed,
            practitioner_id: Some(users[mix.below(USERS)].id),
            offered_at: Some(returned_at.plus(Duration::hours(20))),
            completed_at: Some(returned_at.plus(Duration::hours(48))),
            created_at: returned_at,
            covered_by: None,
            record: None,
            offered_by_agency_id: None,
        })
        .collect();
    BulkData {
        agencies: forces.into_iter().chain(councils).collect(),
        users,
        people,
        episodes,
        assessments,
        return_interviews,
        ..BulkData::default()
    }
}

#[tokio::test]
#[ignore = "loads a national volume; run explicitly to see the timings"]
async fn a_national_volume_loads_in_one_transaction() {
    let url = FreshDatabase::new(Backend::Postgres).await.url;
    let store = PostgresStore::connect(&url).await.expect("connect");

    let started = Instant::now();
    let data = national_data();
    let generated = started.elapsed();
    let loading = Instant::now();
    let mut tx = store.begin().await.expect("begin");
    tx.bulk_insert(&data).await.expect("bulk insert");
    tx.commit().await.expect("commit");
    let loaded = loading.elapsed();
    let total = started.elapsed();
    println!(
        "generated {} episodes, {} people, {} assessments, {} interviews in {generated:.1?}; \
         loaded in {loaded:.1?}; {total:.1?} in all",
        data.episodes.len(),
        data.people.len(),
        data.assessments.len(),
        data.return_interviews.len(),
    );

    let mut tx = store.begin().await.expect("begin");
    let sample = &data.episodes[EPISODES / 2];
    assert_eq!(tx.episode(sample.id, homeward_core::Scope::All).await.expect("episode").as_ref(), Some(sample));
    drop(tx);
    store.close().await;
}
