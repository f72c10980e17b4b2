//! The actor's scope as SQL conditions, written once from the core's table of who sees what (`authz::SIGHTS`). Each
//! condition uses one parameter, `$1`, bound to the scope's id, and refers to the episode as `e` and the person as
//! `p`. Two forms say the same thing: [`episode`] tests one row (an episode fetched by id), [`share`] names the
//! scope's share of the episodes as a union of index range scans, one per way in, for lists, counts and figures, so
//! a council's page or month reads its own episodes and not the nation's.

use homeward_core::Scope;
use homeward_core::authz::{Ages, Reach};

use crate::dialect::{Dialect, SqlType};

/// How an agency bound as `$1` reaches episode `e` of person `p`.
fn reach(reach: Reach) -> &'static str {
    match reach {
        Reach::InvestigatingForce => "e.police_force_id = $1",
        Reach::ForceArea => "e.area_la_id IN (SELECT a.id FROM agencies a WHERE a.police_force_id = $1)",
        Reach::Recorded => "e.recorded_by_agency_id = $1",
        Reach::ResponsibleCouncil => "p.responsible_la_id = $1",
        Reach::HostCouncil => "p.host_la_id = $1",
        Reach::AreaCouncil => "(p.responsible_la_id IS NULL AND e.area_la_id = $1)",
        Reach::ConversationAssigned | Reach::ProviderPractitioner => {
            "EXISTS (SELECT 1 FROM return_interviews ri JOIN users u ON u.id = ri.practitioner_id \
              WHERE ri.episode_id = e.id AND u.agency_id = $1)"
        }
        Reach::RecommendationOwner => {
            "EXISTS (SELECT 1 FROM recommendations r WHERE r.episode_id = e.id AND r.owner_agency_id = $1)"
        }
        Reach::PlacementProvider => "p.placement_provider_id = $1",
        Reach::AssignedPractitioner => {
            "EXISTS (SELECT 1 FROM return_interviews ri WHERE ri.episode_id = e.id AND ri.practitioner_id = $1)"
        }
    }
}

/// The episodes an agency (or practitioner) bound as `$1` reaches this way, as a query of one column of episode ids
/// led by an indexed column equal to `$1`. A reach that only children's sights use also names the episode `e` and
/// its person `p`, for the age rule.
fn reach_share(reach: Reach) -> &'static str {
    match reach {
        Reach::InvestigatingForce => "SELECT e.id FROM episodes e WHERE e.police_force_id = $1",
        Reach::ForceArea => {
            "SELECT e.id FROM agencies a JOIN episodes e ON e.area_la_id = a.id WHERE a.police_force_id = $1"
        }
        Reach::Recorded => "SELECT e.id FROM episodes e WHERE e.recorded_by_agency_id = $1",
        Reach::ResponsibleCouncil => {
            "SELECT e.id FROM people p JOIN episodes e ON e.person_id = p.id WHERE p.responsible_la_id = $1"
        }
        Reach::HostCouncil => "SELECT e.id FROM people p JOIN episodes e ON e.person_id = p.id WHERE p.host_la_id = $1",
        Reach::AreaCouncil => {
            "SELECT e.id FROM episodes e JOIN people p ON p.id = e.person_id \
             WHERE e.area_la_id = $1 AND p.responsible_la_id IS NULL"
        }
        Reach::ConversationAssigned | Reach::ProviderPractitioner => {
            "SELECT ri.episode_id FROM users u JOIN return_interviews ri ON ri.practitioner_id = u.id \
             WHERE u.agency_id = $1"
        }
        Reach::RecommendationOwner => "SELECT r.episode_id FROM recommendations r WHERE r.owner_agency_id = $1",
        Reach::PlacementProvider => {
            "SELECT e.id FROM people p JOIN episodes e ON e.person_id = p.id WHERE p.placement_provider_id = $1"
        }
        Reach::AssignedPractitioner => "SELECT ri.episode_id FROM return_interviews ri WHERE ri.practitioner_id = $1",
    }
}

/// How an agency bound as `$1` reaches person `p` through the person record itself, for the reaches held there.
fn reach_person(reach: Reach) -> Option<&'static str> {
    match reach {
        Reach::Recorded => Some("p.recorded_by_agency_id = $1"),
        Reach::ResponsibleCouncil => Some("p.responsible_la_id = $1"),
        Reach::HostCouncil => Some("p.host_la_id = $1"),
        Reach::PlacementProvider => Some("p.placement_provider_id = $1"),
        _ => None,
    }
}

/// The scope's reaches as one condition: those open to everyone, or those for children only when the person was a
/// child at `at`.
fn sights<D: Dialect>(scope: Scope, at: &str, sql: impl Fn(Reach) -> Option<&'static str>) -> String {
    let of = |ages: Ages| -> Vec<String> {
        scope.sights().filter(|s| s.ages == ages).filter_map(|s| sql(s.reach)).map(str::to_owned).collect()
    };
    let mut parts = of(Ages::Everyone);
    let children = of(Ages::Children);
    if !children.is_empty() {
        parts.push(format!("(({}) AND {})", children.join(" OR "), D::child_at("p.date_of_birth", at)));
    }
    if parts.is_empty() { "FALSE".to_owned() } else { format!("({})", parts.join(" OR ")) }
}

/// The condition under which episode `e` of person `p` is visible, and the value for `$1`.
pub(crate) fn episode<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let condition = match scope {
        Scope::All => D::param_is_null(1, SqlType::Text),
        Scope::Nothing => format!("({} AND FALSE)", D::param_is_null(1, SqlType::Text)),
        _ => sights::<D>(scope, "e.went_missing_at", |r| Some(reach(r))),
    };
    (condition, scope_id(scope))
}

/// The same condition as [`episode`], for queries over many episodes: `e.id` is one of the scope's share, the union
/// of what each of its sights reaches, each an index range scan over the rows for `$1` (children's sights keep only
/// those who were children when the episode began). The union is computed once per query, not per row.
pub(crate) fn share<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let condition = match scope {
        Scope::All | Scope::Nothing => return episode::<D>(scope),
        _ => {
            let branches: Vec<String> = scope
                .sights()
                .map(|s| match s.ages {
                    Ages::Everyone => reach_share(s.reach).to_owned(),
                    Ages::Children => {
                        format!("{} AND {}", reach_share(s.reach), D::child_at("p.date_of_birth", "e.went_missing_at"))
                    }
                })
                .collect();
            if branches.is_empty() {
                format!("({} AND FALSE)", D::param_is_null(1, SqlType::Text))
            } else {
                format!("e.id IN ({})", branches.join(" UNION ALL "))
            }
        }
    };
    (condition, scope_id(scope))
}

/// The condition under which person `p` is visible: directly, through a link on the person record (for the
/// children-only links, if they were a child when first recorded), or through any visible episode of theirs.
pub(crate) fn person<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let direct = match scope {
        Scope::All => "TRUE".to_owned(),
        Scope::Nothing => "FALSE".to_owned(),
        _ => sights::<D>(scope, "p.created_at", reach_person),
    };
    let (through_episode, id) = episode::<D>(scope);
    (format!("({direct} OR EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = p.id AND {through_episode}))"), id)
}

fn scope_id(scope: Scope) -> Option<String> {
    match scope {
        Scope::All | Scope::Nothing => None,
        Scope::PoliceForce(agency)
        | Scope::LocalAuthority(agency)
        | Scope::CareProvider(agency)
        | Scope::InterviewProvider(agency) => Some(agency.to_string()),
        Scope::Practitioner(user) => Some(user.to_string()),
    }
}

/// A practitioner sees only the interviews assigned to them, not every interview of those episodes.
pub(crate) fn practitioner_only(scope: Scope) -> Option<String> {
    match scope {
        Scope::Practitioner(user) => Some(user.to_string()),
        _ => None,
    }
}
