//! A small cast for scope tests: two forces, three councils, a care provider, an interview provider, their staff,
//! one looked-after child placed out of area with an episode, and a way to act as any of them.

use std::sync::Arc;

use homeward_core::domain::agency::{Agency, AgencyKind};
use homeward_core::domain::alert::{Alert, AlertKind};
use homeward_core::domain::episode::Episode;
use homeward_core::domain::ids::{EpisodeId, PersonId, RecommendationId, UserId};
use homeward_core::domain::person::{Person, Sex};
use homeward_core::domain::return_interview::{InterviewStatus, Recommendation, ReturnInterview};
use homeward_core::domain::text::FreeText;
use homeward_core::domain::time::{Timestamp, london};
use homeward_core::domain::user::{Role, User};
use homeward_core::ports::{FixedClock, Store};
use homeward_core::rules::alerts::Due;
use homeward_core::services::{NewAgency, NewUser, RulesConfig};
use homeward_core::{Actor, Core};
use time::Duration;

use crate::example;

pub const PASSWORD: &str = "a long test passphrase";

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("a valid test timestamp")
}

/// A core on the store with a clock fixed at 2026-06-01 noon UTC.
pub fn core(store: Arc<dyn Store>) -> (Core, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(at("2026-06-01T12:00:00Z")));
    let matcher = Arc::new(homeward_link::matcher::LinkMatcher::default());
    (Core::new(store, clock.clone(), RulesConfig::default()).with_matcher(matcher), clock)
}

/// Writes a person and their episode straight to the store, as a record kept before Homeward would be.
async fn insert(core: &Core, person: &Person, episode: &Episode) {
    let mut tx = core.store().begin().await.expect("tx");
    tx.insert_person(person).await.expect("person");
    tx.insert_episode(episode).await.expect("episode");
    tx.commit().await.expect("commit");
}

/// The agencies of the world, by their part in the child's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorldAgency {
    /// The force the child went missing from, investigating the episode.
    ForceA,
    /// Another force, nothing to do with the child.
    ForceB,
    /// Covered by force A; responsible for the child.
    CouncilX,
    /// Covered by force B; hosts the child's out-of-area placement.
    CouncilY,
    /// Covered by force B; nothing to do with the child.
    CouncilZ,
    /// The child's placement provider.
    Carer,
    /// The return interview provider.
    Interviews,
}

/// An agency kind stands for the agency of that kind with a part in the child's care: force A, council X, the
/// carer or the interview provider.
impl From<AgencyKind> for WorldAgency {
    fn from(kind: AgencyKind) -> Self {
        match kind {
            AgencyKind::Police => Self::ForceA,
            AgencyKind::LocalAuthority => Self::CouncilX,
            AgencyKind::CareProvider => Self::Carer,
            AgencyKind::RhiProvider => Self::Interviews,
        }
    }
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
        let child = example::person(now)
            .looked_after_by(council_x.id)
            .placed(council_y.id, carer.id)
            .allocated_worker(users[2].id)
            .build();
        let episode = example::episode(&child, force_a.id, now.plus(Duration::hours(-5))).in_area(council_x.id).build();
        insert(&core, &child, &episode).await;
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

    pub fn agency(&self, which: WorldAgency) -> &Agency {
        match which {
            WorldAgency::ForceA => &self.force_a,
            WorldAgency::ForceB => &self.force_b,
            WorldAgency::CouncilX => &self.council_x,
            WorldAgency::CouncilY => &self.council_y,
            WorldAgency::CouncilZ => &self.council_z,
            WorldAgency::Carer => &self.carer,
            WorldAgency::Interviews => &self.interviews,
        }
    }

    /// Signs in all the way, as a browser would: the password, then a code from an authenticator set up directly
    /// for the purpose (a new one each time, so its code for now has never been used).
    pub async fn sign_in(
        &self,
        email: &str,
        replacing: Option<&homeward_core::domain::credentials::SessionSecret>,
    ) -> homeward_core::services::SignedIn {
        use homeward_core::ports::Clock;
        use homeward_core::rules::totp;
        let passed = self.core.sign_in(email, PASSWORD, None, None, replacing).await.expect("the password passes");
        let user = self.user(email).id;
        let secret = self.core.enrol_second_factor(&Actor::operator("test"), user).await.expect("set up");
        let step = totp::step_at(self.clock.now().unix_micros() / 1_000_000);
        let code = homeward_core::services::SecondFactorAnswer::Code(totp::code(secret.expose(), step));
        self.core.pass_second_factor(&passed.secret, &code, None, None).await.expect("the code passes")
    }

    /// Imports one still-missing episode of a child of council X, sent by force A graded with the abolished
    /// "absent" (so flagged for review), went missing two days before now; answers its id.
    pub async fn import_legacy_absent(&self) -> EpisodeId {
        use homeward_core::services::ImportedEpisode;
        let went =
            london(self.core.now().plus(Duration::days(-2))).format(&time::format_description::well_known::Rfc3339);
        let went = went.expect("a time formats");
        let cells = [
            ("source_ref", "ABSENT-1"),
            ("agency", "FA"),
            ("person_ref", "P-ABSENT-1"),
            ("given_name", "Synthetic"),
            ("family_name", "Absentee"),
            ("date_of_birth", "2011-06-01"),
            ("sex", "M"),
            ("looked_after", "N"),
            ("responsible_la", "E0000000X"),
            ("missing_from", "home"),
            ("went_missing_at", went.as_str()),
            ("risk_grade", "absent"),
        ];
        let row = ImportedEpisode::parse(|column| cells.iter().find(|(name, _)| *name == column).map(|(_, c)| *c))
            .expect("a valid row");
        let op = Actor::operator("test");
        self.core.import_episodes(&op, std::iter::once(Ok((2, row))), &mut |_| {}).await.expect("imported");
        let listed = self.core.list_episodes(&op, homeward_core::domain::episode::EpisodeQuery::default());
        let listed = listed.await.expect("listed");
        listed.items.iter().find(|l| l.family_name.as_str() == "Absentee").expect("the imported episode").episode.id
    }

    pub fn user(&self, email: &str) -> &User {
        self.users.iter().find(|u| u.email.as_str() == email).expect("a user of the test world")
    }

    /// The world's member of staff in this role at this agency, if it has one.
    pub fn staff(&self, role: Role, agency: WorldAgency) -> Option<&User> {
        let agency = self.agency(agency).id;
        self.users.iter().find(|u| u.role == role && u.agency_id == agency)
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

    /// One pass of the scheduler at the clock's time: what `homeward serve` does every 30 seconds.
    pub async fn tick(&self) -> homeward_core::services::scheduler::TickReport {
        self.core.tick(&Actor::operator("alerts tick"), "test").await.expect("ticked")
    }

    /// Adds a child of council X, born on `date_of_birth`, missing since an hour ago in force A's area.
    pub async fn add_missing_child(&self, date_of_birth: time::Date) -> EpisodeId {
        let now = self.core.now();
        let child = example::person(now)
            .named("Another", "Child")
            .born(date_of_birth)
            .sex(Sex::Male)
            .of_council(self.council_x.id);
        let child = child.build();
        let episode =
            example::episode(&child, self.force_a.id, now.plus(Duration::hours(-1))).in_area(self.council_x.id).build();
        insert(&self.core, &child, &episode).await;
        episode.id
    }

    /// An adult recorded by the actor's agency, reported missing from hospital by them three hours ago and back an
    /// hour ago: the episode, ready for a return conversation.
    pub async fn add_returned_adult(&self, actor: &Actor) -> EpisodeId {
        use homeward_core::services::{NewEpisode, NewPerson, NewReturn, ReturnInput};
        let core = &self.core;
        let adult = NewPerson::parse("Grown", "Up", "1950-02-03", "F", false, None, None).expect("valid");
        let person = core.create_person(actor, adult).await.expect("recorded");
        let went = core.now().plus(Duration::hours(-3)).to_rfc3339();
        let report = NewEpisode::parse(&person.id.to_string(), &went, "hospital", None, None, None, None, None, None);
        let episode = core.report_episode(actor, report.expect("valid")).await.expect("reported").id;
        let returned_at = core.now().plus(Duration::hours(-1)).to_rfc3339();
        let back = ReturnInput { returned_at: &returned_at, outcome: "found_by_police", ..ReturnInput::default() };
        core.record_return(actor, episode, NewReturn::parse(&back).expect("valid")).await.expect("returned");
        episode
    }

    /// Assigns a return interview for the world's episode to a practitioner.
    pub async fn assign_interview(&self, practitioner: UserId) {
        let now = self.core.now();
        let interview = ReturnInterview {
            status: InterviewStatus::Assigned,
            practitioner_id: Some(practitioner),
            ..ReturnInterview::after_return(self.episode, true, now, now)
        };
        let mut tx = self.core.store().begin().await.expect("tx");
        tx.insert_return_interview(&interview).await.expect("interview");
        tx.commit().await.expect("commit");
    }

    /// A completed return interview for the world's episode, held by the practitioner an hour ago, written
    /// straight into the store: ready for support after it.
    pub async fn add_completed_interview(&self, practitioner: UserId) -> homeward_core::domain::ids::ReturnInterviewId {
        let now = self.core.now();
        let held = now.plus(Duration::hours(-1));
        let interview = ReturnInterview {
            status: InterviewStatus::Completed,
            practitioner_id: Some(practitioner),
            offered_at: Some(held),
            completed_at: Some(held),
            ..ReturnInterview::after_return(self.episode, true, held, now)
        };
        let mut tx = self.core.store().begin().await.expect("tx");
        tx.insert_return_interview(&interview).await.expect("interview");
        tx.commit().await.expect("commit");
        interview.id
    }
}

/// Work waiting for force A, written straight into the store: for list tests that need more than a page.
#[derive(Debug)]
pub struct Worklists {
    pub interviews: Vec<ReturnInterview>,
    pub recommendations: Vec<Recommendation>,
    pub alerts: Vec<Alert>,
}

impl World {
    /// Adds `count` interviews on the world's episode, and as many recommendations owned by force A and alerts for
    /// it. The `n`-th is due (or raised) `n / 2` minutes from now, so pairs share a time and ids must break ties.
    pub async fn add_worklists(&self, count: i64) -> Worklists {
        let now = self.core.now();
        let mut tx = self.core.store().begin().await.expect("tx");
        let mut work = Worklists { interviews: Vec::new(), recommendations: Vec::new(), alerts: Vec::new() };
        for n in 0..count {
            let at = now.plus(Duration::minutes(n / 2));
            let interview = ReturnInterview::after_return(self.episode, true, at, now);
            tx.insert_return_interview(&interview).await.expect("interview");
            let recommendation = Recommendation {
                id: RecommendationId::random(),
                interview_id: interview.id,
                episode_id: self.episode,
                owner_agency_id: self.force_a.id,
                action: FreeText::parse("Share the address with the neighbourhood team.").expect("valid"),
                due_on: london(now).date().saturating_add(Duration::days(30 + n / 2)),
                created_by: self.user("officer.a@test.example").id,
                created_at: now,
                response: None,
            };
            tx.insert_recommendation(&recommendation).await.expect("recommendation");
            let due = Due { kind: AlertKind::ReviewOverdue, agency: self.force_a.id, occasion: format!("test-{n}") };
            let alert = Alert::raised(due, self.episode, at);
            assert!(tx.raise_alert(&alert).await.expect("alert"), "each alert is new");
            work.interviews.push(interview);
            work.recommendations.push(recommendation);
            work.alerts.push(alert);
        }
        tx.commit().await.expect("commit");
        work
    }
}
