//! A quick check that the PostgreSQL store works end to end against a real server: schema, single-row writes and
//! reads, scopes and paging, constraint names, and the audit chain under concurrent writers. It runs under
//! `scripts/with-postgres.sh cargo test -p homeward-store-tests --test smoke`, and is reported as ignored, with the
//! reason, without a server; the shared contract suite is what covers both databases.

use std::collections::BTreeMap;
use std::str::FromStr;

use homeward_core::Scope;
use homeward_core::StoreError;
use homeward_core::domain::agency::{Agency, AgencyCode, AgencyKind};
use homeward_core::domain::audit::{AuditAction, ChainVerifier, NewAuditEvent};
use homeward_core::domain::credentials::PasswordHash;
use homeward_core::domain::episode::{Episode, EpisodeCursor, EpisodeOrder, EpisodeQuery, EpisodeStatus, MissingFrom};
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
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use time::macros::{date, datetime};

/// A store on a database of its own, and that database's URL.
async fn fresh_database() -> (PostgresStore, String) {
    let url = FreshDatabase::new(Backend::Postgres).await.url;
    (PostgresStore::connect(&url).await.expect("the store connects and migrates"), url)
}

async fn fresh_store() -> PostgresStore {
    fresh_database().await.0
}

fn agency(code: &str, kind: AgencyKind, police_force_id: Option<AgencyId>) -> Agency {
    Agency {
        id: AgencyId::random(),
        code: AgencyCode::parse(code).expect("valid code"),
        name: DisplayName::parse(&format!("Agency {code}")).expect("valid name"),
        kind,
        police_force_id,
    }
}

fn child(responsible_la_id: AgencyId) -> Person {
    Person {
        id: PersonId::random(),
        given_name: PersonName::parse("Alex").expect("valid"),
        family_name: PersonName::parse("Example").expect("valid"),
        date_of_birth: date!(2010 - 06 - 15),
        sex: Sex::Unknown,
        looked_after: true,
        responsible_la_id: Some(responsible_la_id),
        host_la_id: None,
        placement_provider_id: None,
        allocated_worker_id: None,
        recorded_by_agency_id: None,
        created_at: Timestamp::new(datetime!(2026-01-01 09:00:00 UTC)),
    }
}

fn event(n: usize) -> NewAuditEvent {
    NewAuditEvent {
        at: Timestamp::now(),
        actor_user_id: None,
        actor_agency_id: None,
        actor_role: "operator:test".into(),
        action: AuditAction::AgencyCreated,
        target_kind: "agency",
        target_id: Some(format!("target-{n}")),
        reason: None,
        request_id: Some(format!("request-{n}")),
        details: format!("{{\"n\":{n}}}"),
    }
}

#[tokio::test]
#[cfg_attr(
    not(homeward_postgres),
    ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
)]
async fn an_agency_round_trips_and_audit_events_chain() {
    let store = fresh_store().await;
    assert_eq!(store.backend(), "postgres");
    store.ping().await.expect("ping");

    let force = agency("NYP", AgencyKind::Police, None);
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.is_empty().await.expect("is_empty"));
    tx.insert_agency(&force).await.expect("insert agency");
    let first = tx.append_audit(event(1)).await.expect("first event");
    let second = tx.append_audit(event(2)).await.expect("second event");
    tx.commit().await.expect("commit");

    let mut tx = store.begin().await.expect("begin");
    assert!(!tx.is_empty().await.expect("is_empty"));
    assert_eq!(tx.agency_by_code(&force.code).await.expect("by code"), Some(force.clone()));
    assert_eq!(tx.agency(force.id).await.expect("by id"), Some(force.clone()));
    let duplicate = Agency { id: AgencyId::random(), ..force.clone() };
    match tx.insert_agency(&duplicate).await {
        Err(StoreError::Constraint { constraint }) => assert_eq!(constraint, "agencies_code_key"),
        other => panic!("a duplicate code should break agencies_code_key, got {other:?}"),
    }
    drop(tx);

    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(second.prev_hash, first.hash);
    assert_eq!(store.audit_head().await.expect("head"), Some((2, second.hash.clone())));
    let events = store.audit_events_after(0, 10).await.expect("events");
    assert_eq!(events, vec![first.clone(), second.clone()]);
    assert_eq!(store.audit_events_after(1, 10).await.expect("events"), vec![second]);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(homeward_postgres),
    ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
)]
async fn concurrent_appends_make_one_unbroken_chain() {
    let store = fresh_store().await;
    let writers: Vec<_> = (0..8)
        .map(|writer| {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..25 {
                    let mut tx = store.begin().await.expect("begin");
                    tx.append_audit(event(writer * 100 + n)).await.expect("append");
                    tx.commit().await.expect("commit");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer finished");
    }
    let events = store.audit_events_after(0, 1_000).await.expect("events");
    let mut verifier = ChainVerifier::default();
    for event in &events {
        verifier.check(event).expect("the chain is unbroken");
    }
    assert_eq!(verifier.finish(store.audit_head().await.expect("head")), Ok(200));
    store.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(homeward_postgres),
    ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
)]
async fn episodes_round_trip_within_scope_and_page_in_order() {
    let store = fresh_store().await;
    let force = agency("NYP", AgencyKind::Police, None);
    let council = agency("E10000023", AgencyKind::LocalAuthority, Some(force.id));
    let provider = agency("CARE-1", AgencyKind::CareProvider, None);
    let worker = User {
        id: UserId::random(),
        email: Email::parse("worker@example.gov.uk").expect("valid email"),
        name: DisplayName::parse("A Worker").expect("valid name"),
        agency_id: council.id,
        role: Role::SocialWorker,
        password_hash: PasswordHash::from_stored("$argon2id$not-a-real-hash".into()),
        active: true,
        created_at: Timestamp::new(datetime!(2026-01-01 09:00:00.000001 UTC)),
    };
    let person = Person { allocated_worker_id: Some(worker.id), ..child(council.id) };
    let episodes: Vec<Episode> = (0..5_i64)
        .map(|n| {
            let went = Timestamp::new(datetime!(2026-02-01 18:30:00.123456 +01:00)).plus(time::Duration::hours(n));
            Episode {
                id: EpisodeId::random(),
                person_id: person.id,
                recorded_by_agency_id: council.id,
                police_force_id: None,
                area_la_id: Some(council.id),
                went_missing_at: went,
                reported_at: went.plus(time::Duration::minutes(30)),
                missing_from: MissingFrom::FosterCare,
                status: if n % 2 == 0 { EpisodeStatus::Missing } else { EpisodeStatus::Returned },
                la_category: None,
                last_seen_place: Some(FreeText::parse("Near the station").expect("valid")),
                circumstances: None,
                police_reference: None,
                reporter: None,
                returned_at: (n % 2 == 1).then(|| went.plus(time::Duration::hours(5))),
                return_outcome: None,
                found: homeward_core::domain::episode::Found::default(),
                police_closed_at: None,
                risk: EpisodeRisk { joint: Some(RiskGrade::Medium), cse_concern: true, ..EpisodeRisk::default() },
                created_at: went,
                updated_at: went,
            }
        })
        .collect();
    let assessment = RiskAssessment {
        id: AssessmentId::random(),
        episode_id: episodes[0].id,
        side: RiskSide::ChildrensServices,
        grade: RiskGrade::Medium,
        rationale: FreeText::parse("Known associations").expect("valid"),
        answers: BTreeMap::from([("q1".to_owned(), RiskAnswer { answer: true, details: Some("yes".into()) })]),
        cse_concern: true,
        cce_concern: false,
        override_reason: None,
        assessed_by: worker.id,
        assessed_at: Timestamp::new(datetime!(2026-02-01 20:00:00.5 UTC)),
    };
    let interview = ReturnInterview {
        id: ReturnInterviewId::random(),
        episode_id: episodes[1].id,
        statutory: true,
        due_at: Timestamp::new(datetime!(2026-02-04 20:00:00 UTC)),
        status: InterviewStatus::Assigned,
        practitioner_id: Some(worker.id),
        offered_at: None,
        completed_at: None,
        created_at: Timestamp::new(datetime!(2026-02-01 21:00:00 UTC)),
        covered_by: None,
        record: None,
        offered_by_agency_id: None,
    };

    let mut tx = store.begin().await.expect("begin");
    for agency in [&force, &council, &provider] {
        tx.insert_agency(agency).await.expect("insert agency");
    }
    tx.insert_user(&worker).await.expect("insert user");
    tx.insert_person(&person).await.expect("insert person");
    for episode in &episodes {
        tx.insert_episode(episode).await.expect("insert episode");
    }
    tx.insert_assessment(&assessment).await.expect("insert assessment");
    tx.insert_return_interview(&interview).await.expect("insert interview");
    tx.commit().await.expect("commit");

    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.user_by_email(&worker.email).await.expect("user"), Some(worker.clone()));
    assert_eq!(tx.person(person.id, Scope::LocalAuthority(council.id)).await.expect("person"), Some(person.clone()));
    assert_eq!(tx.person(person.id, Scope::CareProvider(provider.id)).await.expect("person"), None);
    assert_eq!(tx.person(person.id, Scope::Nothing).await.expect("person"), None);
    assert_eq!(tx.episode(episodes[3].id, Scope::All).await.expect("episode"), Some(episodes[3].clone()));
    // The force sees the council's episodes because the council lies in its area.
    assert!(tx.episode(episodes[3].id, Scope::PoliceForce(force.id)).await.expect("episode").is_some());
    assert_eq!(tx.episode(episodes[3].id, Scope::CareProvider(provider.id)).await.expect("episode"), None);
    assert!(tx.episode(episodes[1].id, Scope::Practitioner(worker.id)).await.expect("episode").is_some());
    assert_eq!(tx.episode(episodes[0].id, Scope::Practitioner(worker.id)).await.expect("episode"), None);
    assert_eq!(tx.assessments_for_episode(episodes[0].id).await.expect("assessments"), vec![assessment]);
    assert_eq!(tx.return_interviews_for_episode(episodes[1].id).await.expect("interviews"), vec![interview]);

    let mut query = EpisodeQuery { limit: 2, ..EpisodeQuery::default() };
    let mut newest_first = Vec::new();
    loop {
        let page = tx.list_episodes(Scope::PoliceForce(force.id), &query).await.expect("page");
        let Some(last) = page.last() else { break };
        query.after = Some(EpisodeCursor { key: last.episode.went_missing_at, id: last.episode.id });
        newest_first.extend(page.into_iter().map(|listing| listing.episode.id));
    }
    let expected: Vec<EpisodeId> = episodes.iter().rev().map(|e| e.id).collect();
    assert_eq!(newest_first, expected);

    let missing_oldest_first = EpisodeQuery {
        status: Some(EpisodeStatus::Missing),
        risk: Some(RiskGrade::Medium),
        agency: Some(council.code.clone()),
        order: EpisodeOrder::OldestFirst,
        ..EpisodeQuery::default()
    };
    let listed = tx.list_episodes(Scope::All, &missing_oldest_first).await.expect("list");
    let ids: Vec<EpisodeId> = listed.iter().map(|l| l.episode.id).collect();
    assert_eq!(ids, vec![episodes[0].id, episodes[2].id, episodes[4].id]);
    assert_eq!(listed[0].date_of_birth, person.date_of_birth);
    assert_eq!(tx.episodes_of_person(person.id, Scope::Nothing).await.expect("episodes"), vec![]);
    assert_eq!(tx.episodes_of_person(person.id, Scope::All).await.expect("episodes").len(), 5);
    drop(tx);
    store.close().await;
}

/// The schema's secondary indexes and foreign keys, by name, as the catalogue lists them.
async fn schema_objects(url: &str) -> Vec<String> {
    let mut conn = PgConnection::connect(url).await.expect("connect");
    sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' \
         UNION ALL SELECT conname::text FROM pg_constraint WHERE contype = 'f' ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .expect("catalogue")
}

#[tokio::test]
#[cfg_attr(
    not(homeward_postgres),
    ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
)]
async fn a_large_load_rebuilds_what_it_set_aside_and_still_checks_foreign_keys() {
    let (store, url) = fresh_database().await;
    let schema = schema_objects(&url).await;
    for name in ["people_responsible_la", "people_responsible_la_id_fkey", "people_pkey"] {
        assert!(schema.iter().any(|n| n == name), "the schema has {name}");
    }
    let council = agency("E10000023", AgencyKind::LocalAuthority, None);
    let people: Vec<Person> = (0..12_000).map(|_| child(council.id)).collect();

    let mut dangling = BulkData { agencies: vec![council.clone()], people: people.clone(), ..BulkData::default() };
    dangling.people[11_000].responsible_la_id = Some(AgencyId::random());
    let mut tx = store.begin().await.expect("begin");
    match tx.bulk_insert(&dangling).await {
        Err(StoreError::Constraint { constraint }) => assert_eq!(constraint, "foreign_key"),
        other => panic!("a person of an unknown council should break a foreign key, got {other:?}"),
    }
    drop(tx);
    assert_eq!(schema_objects(&url).await, schema, "a failed load leaves the schema as it was");

    let mut tx = store.begin().await.expect("begin");
    tx.bulk_insert(&BulkData { agencies: vec![council], people: people.clone(), ..BulkData::default() })
        .await
        .expect("bulk insert");
    tx.commit().await.expect("commit");
    assert_eq!(schema_objects(&url).await, schema, "every index and foreign key is back");
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.person(people[11_000].id, Scope::All).await.expect("person"), Some(people[11_000].clone()));
    drop(tx);
    store.close().await;
}

#[tokio::test]
#[cfg_attr(
    not(homeward_postgres),
    ignore = "needs PostgreSQL: run under scripts/with-postgres.sh (HOMEWARD_TEST_POSTGRES_URL)"
)]
async fn a_role_that_does_not_own_the_tables_still_loads_row_by_row() {
    let (owner_store, url) = fresh_database().await;
    owner_store.close().await;
    let owner_options = PgConnectOptions::from_str(&url).expect("test URL");
    let role = format!("{}_app", owner_options.get_database().expect("the URL names its database"));
    let mut owner = PgConnection::connect(&url).await.expect("connect");
    for statement in [
        format!("CREATE ROLE {role} LOGIN"),
        format!("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {role}"),
        // sqlx checks for its migrations table with CREATE TABLE IF NOT EXISTS, which needs this even when the
        // table is there.
        format!("GRANT CREATE ON SCHEMA public TO {role}"),
    ] {
        sqlx::query(&statement).execute(&mut owner).await.expect("set up the application role");
    }
    let app_url = owner_options.username(&role).to_url_lossy().to_string();
    let store = PostgresStore::connect(&app_url).await.expect("an application role connects to a migrated database");

    let council = agency("E10000023", AgencyKind::LocalAuthority, None);
    let people: Vec<Person> = (0..10_000).map(|_| child(council.id)).collect();
    let mut tx = store.begin().await.expect("begin");
    tx.bulk_insert(&BulkData { agencies: vec![council], people, ..BulkData::default() }).await.expect("bulk insert");
    tx.commit().await.expect("commit");
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM people").fetch_one(&mut owner).await.expect("count");
    assert_eq!(count, 10_000);
    store.close().await;
}

homeward_testkit::postgres_test! {
    /// `sslmode=verify-full` is honoured (issue 16, item 4): a server whose certificate names the host and chains to
    /// the given authority is reached; one reached by a name its certificate does not hold, or vouched for by
    /// another authority, is refused.
    async fn connections_can_insist_on_a_verified_server() {
        let ca = std::env::var("HOMEWARD_TEST_POSTGRES_CA").expect("scripts/with-postgres.sh gives its authority");
        let port = std::env::var("PGPORT").expect("scripts/with-postgres.sh gives its port");
        let verified = format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={ca}");
        let mut connection = PgConnection::connect(&verified).await.expect("the server's certificate is verified");
        let tls: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&mut connection)
            .await
            .expect("asked");
        assert!(tls, "the connection is encrypted");
        let wrong_name = format!("postgres://postgres@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={ca}");
        assert!(PgConnection::connect(&wrong_name).await.is_err(), "127.0.0.1 is not the certificate's name");
        let unknown_authority = format!("postgres://postgres@localhost:{port}/postgres?sslmode=verify-full");
        assert!(PgConnection::connect(&unknown_authority).await.is_err(), "no public authority vouches for it");
        let fresh = FreshDatabase::new(Backend::Postgres).await.url.replacen("@127.0.0.1:", "@localhost:", 1);
        let store = format!("{fresh}?sslmode=verify-full&sslrootcert={ca}");
        PostgresStore::connect(&store).await.expect("the store connects and migrates over verified TLS");
    }
}

/// A forwarder standing between the store and the server, which the test shuts as a primary that dies would be
/// gone: its listener and every connection it carries.
struct Forwarder {
    port: u16,
    tasks: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Forwarder {
    async fn to(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let port = listener.local_addr().expect("bound").port();
        let tasks = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let carried = std::sync::Arc::clone(&tasks);
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let carry = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                carried.lock().expect("not poisoned").push(carry);
            }
        });
        tasks.lock().expect("not poisoned").push(accepting);
        Self { port, tasks }
    }

    /// Ends every connection and refuses new ones.
    fn shut(&self) {
        for task in self.tasks.lock().expect("not poisoned").drain(..) {
            task.abort();
        }
    }
}

homeward_testkit::postgres_test! {
    /// While there is no server to reach (a primary killed, before its standby is promoted), every way into the
    /// store fails within 5 seconds as unavailable, which the API answers 503 with `Retry-After`, rather than
    /// hanging or answering 500 (issue 16, item 8).
    async fn without_a_server_the_store_fails_unavailable_within_five_seconds() {
        let (_, url) = fresh_database().await;
        let options = PgConnectOptions::from_str(&url).expect("a URL");
        let forwarder = Forwarder::to(format!("{}:{}", options.get_host(), options.get_port())).await;
        let through = url.replacen(&format!(":{}/", options.get_port()), &format!(":{}/", forwarder.port), 1);
        let store = PostgresStore::connect(&through).await.expect("connects through the forwarder");
        store.ping().await.expect("answers");
        let mut open = store.begin().await.expect("a transaction");

        forwarder.shut();
        let started = std::time::Instant::now();
        let lost = open.agencies().await.expect_err("the connection is gone");
        assert!(matches!(lost, StoreError::Unavailable(_)), "{lost}");
        for attempt in 0..3 {
            let started = std::time::Instant::now();
            let refused = match attempt {
                0 => store.begin().await.map(drop),
                1 => store.begin_read().await.map(drop),
                _ => store.ping().await,
            };
            let error = refused.expect_err("no server");
            assert!(matches!(error, StoreError::Unavailable(_)), "{error}");
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
    }
}
