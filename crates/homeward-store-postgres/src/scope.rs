//! The actor's scope as SQL conditions. Each condition uses one parameter, `$1`, bound to the scope's id, and
//! refers to the episode as `e` and the person as `p`. Where `$1` is only tested for NULL it carries a cast,
//! because PostgreSQL cannot infer the type of a parameter that is compared with nothing.

use homeward_core::Scope;

/// The condition under which episode `e` of person `p` is visible, and the value for `$1`.
pub(crate) fn episode(scope: Scope) -> (&'static str, Option<String>) {
    match scope {
        Scope::All => ("$1::text IS NULL", None),
        Scope::Nothing => ("($1::text IS NULL AND FALSE)", None),
        Scope::PoliceForce(force) => (
            "(e.police_force_id = $1 OR e.recorded_by_agency_id = $1 \
              OR e.area_la_id IN (SELECT a.id FROM agencies a WHERE a.police_force_id = $1))",
            Some(force.to_string()),
        ),
        Scope::LocalAuthority(la) => (
            "(e.area_la_id = $1 OR e.recorded_by_agency_id = $1 OR p.responsible_la_id = $1 OR p.host_la_id = $1)",
            Some(la.to_string()),
        ),
        Scope::CareProvider(provider) => {
            ("(p.placement_provider_id = $1 OR e.recorded_by_agency_id = $1)", Some(provider.to_string()))
        }
        Scope::Practitioner(user) => (
            "EXISTS (SELECT 1 FROM return_interviews ri WHERE ri.episode_id = e.id AND ri.practitioner_id = $1)",
            Some(user.to_string()),
        ),
        Scope::InterviewProvider(provider) => (
            "EXISTS (SELECT 1 FROM return_interviews ri JOIN users u ON u.id = ri.practitioner_id \
              WHERE ri.episode_id = e.id AND u.agency_id = $1)",
            Some(provider.to_string()),
        ),
    }
}

/// The condition under which person `p` is visible: directly (a council's or provider's own child), or through
/// any visible episode of theirs.
pub(crate) fn person(scope: Scope) -> (String, Option<String>) {
    let direct = match scope {
        Scope::All => "TRUE",
        Scope::LocalAuthority(_) => "(p.responsible_la_id = $1 OR p.host_la_id = $1 OR p.recorded_by_agency_id = $1)",
        Scope::CareProvider(_) => "(p.placement_provider_id = $1 OR p.recorded_by_agency_id = $1)",
        Scope::PoliceForce(_) => "p.recorded_by_agency_id = $1",
        Scope::Practitioner(_) | Scope::InterviewProvider(_) | Scope::Nothing => "FALSE",
    };
    let (through_episode, id) = episode(scope);
    (format!("({direct} OR EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = p.id AND {through_episode}))"), id)
}
