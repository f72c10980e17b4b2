//! The people who sign in: one demo user of each role in the demo area, each with a password printed for the demo,
//! and a few working staff everywhere else (officers who grade risk, social workers allocated to children,
//! interview practitioners) who share one hash of a password nobody is told, so they exist but cannot sign in.
//! Argon2 is slow by design (about 50 ms a hash), so only the demo users get their own hash, computed in parallel.

use homeward_core::domain::agency::{AgencyCode, AgencyKind};
use homeward_core::domain::credentials::{Password, PasswordHash};
use homeward_core::domain::ids::{AgencyId, UserId};
use homeward_core::domain::text::DisplayName;
use homeward_core::domain::time::Timestamp;
use homeward_core::domain::user::{Email, Role, User};

use crate::DemoUser;
use crate::agencies::World;
use crate::dice::{Dice, bytes};
use crate::names;

/// Working staff by agency, for the records that name who did what.
#[derive(Debug, Clone, Default)]
pub struct Staff {
    pub users: Vec<User>,
    pub demo_users: Vec<DemoUser>,
    /// By force: officers who grade risk, and supervisors who review it.
    pub officers: Vec<Vec<UserId>>,
    pub supervisors: Vec<Vec<UserId>>,
    /// By council: social workers allocated to children, and everyone who records children's services' view.
    pub social_workers: Vec<Vec<UserId>>,
    pub childrens_services: Vec<Vec<UserId>>,
    /// By provider (index into `World::providers`): interview practitioners.
    pub practitioners: Vec<Vec<UserId>>,
}

/// Extra staff of the demo area, who share the unknown password: enough that cases spread over several names.
const DEMO_EXTRA_OFFICERS: usize = 3;
const DEMO_EXTRA_SOCIAL_WORKERS: usize = 4;
const DEMO_EXTRA_PRACTITIONERS: usize = 2;

/// A user waiting for its password hash.
struct Pending {
    user: UserDraft,
    /// The demo password and its salt; `None` for staff who share the unknown password.
    password: Option<(String, [u8; 16])>,
    agency_code: AgencyCode,
}

struct UserDraft {
    id: UserId,
    email: Email,
    name: DisplayName,
    agency_id: AgencyId,
    role: Role,
}

struct Builder<'a> {
    dice: &'a mut Dice,
    world: &'a World,
    pending: Vec<Pending>,
}

impl Builder<'_> {
    /// Adds a user of an agency of the world, with a demo password when `demo`, and returns its id.
    fn add(&mut self, agency: AgencyId, role: Role, email: &str, demo: bool) -> UserId {
        let record =
            self.world.agencies.iter().find(|a| a.id == agency).expect("staff are only added to agencies of the world");
        assert!(role.fits(record.kind), "the generator gave a {role} to a {}", record.kind);
        let code = record.code.clone();
        let id = UserId::from_random_bytes(bytes(self.dice));
        let name = names::staff(self.dice);
        let password = demo.then(|| (names::password(self.dice), bytes(self.dice)));
        self.pending.push(Pending {
            user: UserDraft {
                id,
                email: Email::parse(email).expect("generated emails are well formed"),
                name: DisplayName::parse(&name).expect("generated staff names are short"),
                agency_id: agency,
                role,
            },
            password,
            agency_code: code,
        });
        id
    }

    /// Adds `count` numbered staff of one role, such as `officer.2@northmoor-police.example`.
    fn add_numbered(
        &mut self,
        agency: AgencyId,
        role: Role,
        local: &str,
        domain: &str,
        numbers: std::ops::Range<usize>,
    ) -> Vec<UserId> {
        numbers.map(|n| self.add(agency, role, &format!("{local}.{n}@{domain}.example"), false)).collect()
    }
}

/// Hashes every demo password on its own thread: the salts were drawn beforehand, so the order of finishing
/// changes nothing.
fn hash_all(jobs: &[(&str, [u8; 16])]) -> Vec<PasswordHash> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|&(password, salt)| {
                scope.spawn(move || {
                    let password = Password::parse(password).expect("generated passwords are long enough");
                    PasswordHash::create_with_salt(&password, salt)
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().expect("hashing a password does not panic")).collect()
    })
}

/// Builds every user. `created_at` is the first day of the generated year.
pub fn build(world: &World, dice: &mut Dice, created_at: Timestamp) -> Staff {
    let mut builder = Builder { dice, world, pending: Vec::new() };
    let mut staff = Staff {
        officers: vec![Vec::new(); world.forces.len()],
        supervisors: vec![Vec::new(); world.forces.len()],
        social_workers: vec![Vec::new(); world.councils.len()],
        childrens_services: vec![Vec::new(); world.councils.len()],
        practitioners: vec![Vec::new(); world.providers.len()],
        ..Staff::default()
    };

    // The demo area: one user of every role, in the order of CONTRACT.md's list.
    let force = &world.forces[0];
    let council = &world.councils[0];
    let rhi = &world.providers[force.rhi_provider];
    let homes = &world.providers[force.childrens_homes];
    let (force_domain, council_domain) = (&force.slug, &council.slug);
    let officer = builder.add(force.id, Role::PoliceOfficer, &format!("officer@{force_domain}.example"), true);
    let supervisor = builder.add(force.id, Role::PoliceSupervisor, &format!("supervisor@{force_domain}.example"), true);
    let coordinator =
        builder.add(council.id, Role::LaCoordinator, &format!("coordinator@{council_domain}.example"), true);
    let social_worker =
        builder.add(council.id, Role::SocialWorker, &format!("social.worker@{council_domain}.example"), true);
    builder.add(council.id, Role::LaSeniorManager, &format!("senior.manager@{council_domain}.example"), true);
    let practitioner = builder.add(rhi.id, Role::RhiPractitioner, &format!("practitioner@{}.example", rhi.slug), true);
    builder.add(homes.id, Role::CareStaff, &format!("care.staff@{}.example", homes.slug), true);
    builder.add(council.id, Role::Analyst, &format!("analyst@{council_domain}.example"), true);
    builder.add(council.id, Role::Admin, &format!("admin@{council_domain}.example"), true);

    // Working staff of the demo area, beside the demo users.
    staff.officers[0].push(officer);
    staff.officers[0].extend(builder.add_numbered(
        force.id,
        Role::PoliceOfficer,
        "officer",
        force_domain,
        2..2 + DEMO_EXTRA_OFFICERS,
    ));
    staff.supervisors[0].push(supervisor);
    staff.social_workers[0].push(social_worker);
    staff.social_workers[0].extend(builder.add_numbered(
        council.id,
        Role::SocialWorker,
        "social.worker",
        council_domain,
        2..2 + DEMO_EXTRA_SOCIAL_WORKERS,
    ));
    staff.childrens_services[0].push(coordinator);
    staff.practitioners[force.rhi_provider].push(practitioner);
    staff.practitioners[force.rhi_provider].extend(builder.add_numbered(
        rhi.id,
        Role::RhiPractitioner,
        "practitioner",
        &rhi.slug,
        2..2 + DEMO_EXTRA_PRACTITIONERS,
    ));

    // Everywhere else: one officer and one supervisor per force, two social workers per council, one practitioner
    // per interview provider.
    for (index, force) in world.forces.iter().enumerate().skip(1) {
        staff.officers[index] = builder.add_numbered(force.id, Role::PoliceOfficer, "officer", &force.slug, 1..2);
        staff.supervisors[index] =
            builder.add_numbered(force.id, Role::PoliceSupervisor, "supervisor", &force.slug, 1..2);
    }
    for (index, council) in world.councils.iter().enumerate().skip(1) {
        staff.social_workers[index] =
            builder.add_numbered(council.id, Role::SocialWorker, "social.worker", &council.slug, 1..3);
    }
    for (index, provider) in world.providers.iter().enumerate() {
        if provider.kind == AgencyKind::RhiProvider && staff.practitioners[index].is_empty() {
            staff.practitioners[index] =
                builder.add_numbered(provider.id, Role::RhiPractitioner, "practitioner", &provider.slug, 1..2);
        }
    }
    for (council, workers) in staff.social_workers.iter().enumerate() {
        staff.childrens_services[council].extend(workers);
    }

    // One hash of a long random password nobody is told, for everyone who is not a demo user.
    let unknown: String = (0..4).map(|_| names::password(builder.dice)).collect::<Vec<_>>().join("-");
    let unknown_salt = bytes(builder.dice);
    let mut jobs: Vec<(&str, [u8; 16])> =
        builder.pending.iter().filter_map(|p| p.password.as_ref().map(|(pw, salt)| (pw.as_str(), *salt))).collect();
    jobs.push((&unknown, unknown_salt));
    let mut hashes = hash_all(&jobs);
    let shared = hashes.pop().expect("the shared hash was asked for last");
    let mut demo_hashes = hashes.into_iter();

    for pending in builder.pending {
        let UserDraft { id, email, name, agency_id, role } = pending.user;
        let password_hash = if let Some((password, _)) = pending.password {
            staff.demo_users.push(DemoUser {
                email: email.to_string(),
                password,
                role,
                agency_code: pending.agency_code,
                user_id: id,
            });
            demo_hashes.next().expect("one hash per demo password")
        } else {
            shared.clone()
        };
        staff.users.push(User { id, email, name, agency_id, role, password_hash, active: true, created_at });
    }
    staff
}
