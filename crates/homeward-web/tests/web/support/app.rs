//! The application under test: the real router on a random loopback port, a fresh SQLite database and the test
//! world in it, and clients signed in as its staff.

use std::collections::HashMap;
use std::sync::Mutex;

use homeward_core::domain::audit::AuditEvent;
use homeward_core::domain::ids::UserId;
use homeward_core::domain::second_factor::TotpSecret;
use homeward_core::domain::user::{Role, User};
use homeward_core::ports::Clock;
use homeward_core::rules::totp;
use homeward_core::services::NewUser;
use homeward_core::{Actor, Core};
use homeward_testkit::world::{PASSWORD, World, WorldAgency};
use homeward_testkit::{Backend, TestDatabase};

use super::client::Client;

#[derive(Debug)]
pub struct TestApp {
    pub world: World,
    address: String,
    /// Each member of staff's authenticator: its secret, and the last step a code was sent for.
    authenticators: Mutex<HashMap<UserId, (TotpSecret, i64)>>,
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
        let app =
            homeward_web::app(world.core.clone(), config).into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
        Self { world, address, authenticators: Mutex::new(HashMap::new()), _db: db }
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
        self.authenticator(&user).await;
        let reply = browser.sign_in(user.email.as_str(), PASSWORD).await;
        assert_eq!(reply.location(), "/sign-in/code", "{} passes the password", user.email.as_str());
        let reply = self.pass_second_factor(&browser, &user).await;
        assert_eq!((reply.status, reply.location()), (reqwest::StatusCode::SEE_OTHER, "/"), "{} signs in", user.email);
        browser
    }

    /// The user's authenticator's secret, set up directly the first time it is asked for.
    pub async fn authenticator(&self, user: &User) -> TotpSecret {
        let known = self.authenticators.lock().expect("not poisoned").get(&user.id).map(|(s, _)| s.clone());
        if let Some(secret) = known {
            return secret;
        }
        let secret = self
            .core()
            .enrol_second_factor(&Actor::operator("test"), user.id)
            .await
            .expect("a second factor is set up");
        self.authenticators.lock().expect("not poisoned").insert(user.id, (secret.clone(), i64::MIN));
        secret
    }

    /// Enters the next code of the user's authenticator on the second-factor page of a browser that has passed the
    /// password (the user's authenticator is set up directly the first time).
    pub async fn pass_second_factor(&self, browser: &Client, user: &User) -> super::client::Reply {
        let token = browser.get("/sign-in/code").await.csrf_token();
        let code = self.next_code(user).await;
        browser.post_form("/sign-in/code", &[("code", &code), ("csrf_token", &token)]).await
    }

    /// The user's next code: a code is accepted once, so each is for a later step than the last, moving the clock
    /// on a step when the next is beyond the one step ahead that is accepted.
    pub async fn next_code(&self, user: &User) -> String {
        let secret = self.authenticator(user).await;
        let mut authenticators = self.authenticators.lock().expect("not poisoned");
        let last = authenticators.get(&user.id).map_or(i64::MIN, |(_, last)| *last);
        let now = self.world.clock.now();
        let now_step = totp::step_at(now.unix_micros() / 1_000_000);
        let step = now_step.max(last.saturating_add(1));
        if step > now_step + 1 {
            self.world.clock.set(now.plus(time::Duration::seconds(totp::STEP_SECONDS * (step - now_step - 1))));
        }
        authenticators.insert(user.id, (secret.clone(), step));
        totp::code(secret.expose(), step)
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
