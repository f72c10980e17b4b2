//! The application under test: the real router on a random loopback port, a fresh SQLite database and the test
//! world in it, and clients signed in as its staff.

use homeward_core::domain::audit::AuditEvent;
use homeward_core::domain::user::{Role, User};
use homeward_core::services::NewUser;
use homeward_core::{Actor, Core};
use homeward_testkit::world::{PASSWORD, World, WorldAgency};
use homeward_testkit::{Backend, TestDatabase};

use super::client::Client;

#[derive(Debug)]
pub struct TestApp {
    pub world: World,
    address: String,
    _db: TestDatabase,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(&homeward_web::WebConfig::default()).await
    }

    /// The application set up as a deployment would set it, such as reached over HTTPS through a proxy.
    pub async fn spawn_with(config: &homeward_web::WebConfig) -> Self {
        let db = TestDatabase::new(Backend::Sqlite).await;
        let world = World::build(db.store.clone()).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let app = homeward_web::app(world.core.clone(), config);
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
        Self { world, address, _db: db }
    }

    pub fn core(&self) -> &Core {
        &self.world.core
    }

    /// Someone with no credentials: an API caller without a token, or a browser before signing in.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.address, None)
    }

    /// A caller of the API with a bearer token, as a member of staff in this role at this agency (an agency kind
    /// stands for the agency of that kind in the child's care: force A, council X, the carer, the interview
    /// provider).
    pub async fn with_user(&self, role: Role, agency: impl Into<WorldAgency>) -> Client {
        let user = self.staff(role, agency.into()).await;
        let (secret, _) =
            self.core().create_token(&Actor::operator("test"), &user.email, None).await.expect("a token is issued");
        Client::new(&self.address, Some(user)).with_token(secret.expose())
    }

    /// A browser signed in through the sign-in form as a member of staff in this role at this agency.
    pub async fn browser_with_user(&self, role: Role, agency: impl Into<WorldAgency>) -> Client {
        let user = self.staff(role, agency.into()).await;
        let browser = Client::new(&self.address, Some(user.clone()));
        let reply = browser.sign_in(user.email.as_str(), PASSWORD).await;
        assert_eq!(reply.status, reqwest::StatusCode::SEE_OTHER, "{} signs in", user.email.as_str());
        browser
    }

    /// The world's member of staff in this role at this agency, or a new one where it has none.
    async fn staff(&self, role: Role, agency: WorldAgency) -> User {
        if let Some(user) = self.world.staff(role, agency) {
            return user.clone();
        }
        let code = self.world.agency(agency).code.as_str();
        let email = format!("{}.{}.{}@test.example", role.as_str(), code, uuid::Uuid::new_v4().simple());
        let new = NewUser::parse(&email, "Test User", code, role.as_str(), PASSWORD).expect("a valid test user");
        self.core().add_user(&Actor::operator("test"), new).await.expect("the role fits the agency")
    }

    /// The audit chain's head: compared before and after a refused request to show it wrote nothing.
    pub async fn audit_head(&self) -> Option<(i64, String)> {
        self.core().store().audit_head().await.expect("the audit head reads")
    }

    pub async fn audit_events(&self) -> Vec<AuditEvent> {
        self.core().store().audit_events_after(0, 10_000).await.expect("the audit events read")
    }

    /// The actions of the events appended after `head` (as [`Self::audit_head`] gave it) other than refused
    /// attempts: a request refused, or answered with a field error, writes nothing else.
    pub async fn written_since(&self, head: Option<(i64, String)>) -> Vec<String> {
        let after = head.map_or(0, |(seq, _)| seq);
        let events = self.core().store().audit_events_after(after, 10_000).await.expect("the audit events read");
        events.into_iter().map(|e| e.action).filter(|action| action != "access.refused").collect()
    }
}
