//! A small cast for scope tests: two forces, three councils, a care provider, an interview provider, their staff,
//! one looked-after child placed out of area with an episode, and a way to act as any of them.

use std::sync::Arc;

use homeward_core::domain::agency::Agency;
use homeward_core::domain::episode::{Episode, EpisodeStatus, MissingFrom};
use homeward_core::domain::ids::{EpisodeId, PersonId, ReturnInterviewId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::return_interview::{InterviewStatus, ReturnInterview};
use homeward_core::domain::risk::EpisodeRisk;
use homeward_core::domain::text::PersonName;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::User;
use homeward_core::ports::{FixedClock, Store};
use homeward_core::services::{NewAgency, NewUser, RulesConfig};
use homeward_core::{Actor, Core};
use time::Duration;

pub const PASSWORD: &str = "a long test passphrase";

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("a valid test timestamp")
}

/// A core on the store with a clock fixed at 2026-06-01 noon UTC.
pub fn core(store: Arc<dyn Store>) -> (Core, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(at("2026-06-01T12:00:00Z")));
    (Core::new(store, clock.clone(), RulesConfig::default()), clock)
}

#[derive(Debug)]
pub struct World {
    pub core: Core,
    pub clock: Arc<FixedClock>,
    pub force_a: Agency,
    pub force_b: Agency,
    /// Covered by force A; responsible for the child.
    pub council_x: Agency,
    /// Covered by force B; hosts the child's out-of-area placement.
    pub council_y: Agency,
    /// Covered by force B; nothing to do with the child.
    pub council_z: Agency,
    pub carer: Agency,
    pub interviews: Agency,
    pub users: Vec<User>,
    pub child: PersonId,
    pub episode: EpisodeId,
}

impl World {
    pub async fn build(store: Arc<dyn Store>) -> Self {
        let (core, clock) = core(store);
        let op = Actor::operator("test");
        let add = |code: &'static str, kind: &'static str, force: Option<&'static str>| {
            let core = core.clone();
            let op = op.clone();
            async move {
                core.add_agency(&op, NewAgency::parse(code, &format!("Agency {code}"), kind, force).expect("valid"))
                    .await
                    .expect("agency added")
            }
        };
        let force_a = add("FA", "police", None).await;
        let force_b = add("FB", "police", None).await;
        let council_x = add("E0000000X", "local_authority", Some("FA")).await;
        let council_y = add("E0000000Y", "local_authority", Some("FB")).await;
        let council_z = add("E0000000Z", "local_authority", Some("FB")).await;
        let carer = add("CARER", "care_provider", None).await;
        let interviews = add("RHI", "rhi_provider", None).await;
        let mut users = Vec::new();
        for (email, agency, role) in [
            ("officer.a@test.example", "FA", "police_officer"),
            ("officer.b@test.example", "FB", "police_officer"),
            ("worker.x@test.example", "E0000000X", "social_worker"),
            ("coordinator.y@test.example", "E0000000Y", "la_coordinator"),
            ("coordinator.z@test.example", "E0000000Z", "la_coordinator"),
            ("carer@test.example", "CARER", "care_staff"),
            ("practitioner@test.example", "RHI", "rhi_practitioner"),
            ("analyst@test.example", "E0000000X", "analyst"),
            ("admin@test.example", "FA", "admin"),
            ("supervisor.a@test.example", "FA", "police_supervisor"),
            ("manager.x@test.example", "E0000000X", "la_senior_manager"),
        ] {
            let new = NewUser::parse(email, "Test User", agency, role, PASSWORD).expect("valid");
            users.push(core.add_user(&op, new).await.expect("user added"));
        }
        let now = core.now();
        let child = Person {
            id: PersonId::random(),
            given_name: PersonName::parse("Synthetic").expect("valid"),
            family_name: PersonName::parse("Child").expect("valid"),
            date_of_birth: time::macros::date!(2012 - 03 - 04),
            sex: Sex::Female,
            looked_after: true,
            responsible_la_id: Some(council_x.id),
            host_la_id: Some(council_y.id),
            placement_provider_id: Some(carer.id),
            allocated_worker_id: Some(users[2].id),
            recorded_by_agency_id: None,
            created_at: now,
        };
        let episode = episode_of(&child, force_a.id, Some(council_x.id), now.plus(Duration::hours(-5)));
        let mut tx = core.store().begin().await.expect("tx");
        tx.insert_person(&child).await.expect("person");
        tx.insert_episode(&episode).await.expect("episode");
        tx.commit().await.expect("commit");
        Self {
            core,
            clock,
            force_a,
            force_b,
            council_x,
            council_y,
            council_z,
            carer,
            interviews,
            users,
            child: child.id,
            episode: episode.id,
        }
    }

    pub fn user(&self, email: &str) -> &User {
        self.users.iter().find(|u| u.email.as_str() == email).expect("a user of the test world")
    }

    /// Acting as the user with this email.
    pub fn actor(&self, email: &str) -> Actor {
        let user = self.user(email);
        let agencies = [
            &self.force_a,
            &self.force_b,
            &self.council_x,
            &self.council_y,
            &self.council_z,
            &self.carer,
            &self.interviews,
        ];
        let agency = agencies.iter().find(|a| a.id == user.agency_id).expect("the user's agency");
        Actor::user(user.id, agency.id, agency.kind, user.role)
    }

    /// Adds a child of council X, born on `date_of_birth`, missing since an hour ago in force A's area.
    pub async fn add_missing_child(&self, date_of_birth: time::Date) -> EpisodeId {
        let now = self.core.now();
        let child = Person {
            id: PersonId::random(),
            given_name: PersonName::parse("Another").expect("valid"),
            family_name: PersonName::parse("Child").expect("valid"),
            date_of_birth,
            sex: Sex::Male,
            looked_after: false,
            responsible_la_id: Some(self.council_x.id),
            host_la_id: None,
            placement_provider_id: None,
            allocated_worker_id: None,
            recorded_by_agency_id: None,
            created_at: now,
        };
        let episode = episode_of(&child, self.force_a.id, Some(self.council_x.id), now.plus(Duration::hours(-1)));
        let mut tx = self.core.store().begin().await.expect("tx");
        tx.insert_person(&child).await.expect("person");
        tx.insert_episode(&episode).await.expect("episode");
        tx.commit().await.expect("commit");
        episode.id
    }

    /// Assigns a return interview for the world's episode to a practitioner.
    pub async fn assign_interview(&self, practitioner: UserId) {
        let now = self.core.now();
        let interview = ReturnInterview {
            id: ReturnInterviewId::random(),
            episode_id: self.episode,
            statutory: true,
            due_at: now.plus(Duration::hours(72)),
            status: InterviewStatus::Assigned,
            practitioner_id: Some(practitioner),
            offered_at: None,
            completed_at: None,
            created_at: now,
            covered_by: None,
            record: None,
        };
        let mut tx = self.core.store().begin().await.expect("tx");
        tx.insert_return_interview(&interview).await.expect("interview");
        tx.commit().await.expect("commit");
    }
}

/// A missing episode of a person, recorded by a force, starting at a time.
pub fn episode_of(
    person: &Person,
    force: homeward_core::domain::ids::AgencyId,
    area: Option<homeward_core::domain::ids::AgencyId>,
    went_missing_at: Timestamp,
) -> Episode {
    Episode {
        id: EpisodeId::random(),
        person_id: person.id,
        recorded_by_agency_id: force,
        police_force_id: Some(force),
        area_la_id: area,
        went_missing_at,
        reported_at: went_missing_at.plus(Duration::minutes(30)),
        missing_from: MissingFrom::ChildrensHome,
        status: EpisodeStatus::Missing,
        la_category: None,
        last_seen_place: None,
        circumstances: None,
        police_reference: None,
        reporter: None,
        returned_at: None,
        return_outcome: None,
        found: homeward_core::domain::episode::Found::default(),
        police_closed_at: None,
        risk: EpisodeRisk::default(),
        created_at: went_missing_at,
        updated_at: went_missing_at,
    }
}
