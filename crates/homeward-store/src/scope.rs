//! The actor's scope as SQL conditions, written once. Each condition uses one parameter, `$1`, bound to the scope's
//! id, and refers to the episode as `e` and the person as `p`.

use homeward_core::Scope;

use crate::dialect::{Dialect, SqlType};

/// The condition under which episode `e` of person `p` is visible, and the value for `$1`.
pub(crate) fn episode<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let condition = match scope {
        Scope::All => D::param_is_null(1, SqlType::Text),
        Scope::Nothing => format!("({} AND FALSE)", D::param_is_null(1, SqlType::Text)),
        Scope::PoliceForce(_) => "(e.police_force_id = $1 OR e.recorded_by_agency_id = $1 \
              OR e.area_la_id IN (SELECT a.id FROM agencies a WHERE a.police_force_id = $1))"
            .to_owned(),
        Scope::LocalAuthority(_) => {
            "(e.area_la_id = $1 OR e.recorded_by_agency_id = $1 OR p.responsible_la_id = $1 OR p.host_la_id = $1)"
                .to_owned()
        }
        Scope::CareProvider(_) => "(p.placement_provider_id = $1 OR e.recorded_by_agency_id = $1)".to_owned(),
        Scope::Practitioner(_) => {
            "EXISTS (SELECT 1 FROM return_interviews ri WHERE ri.episode_id = e.id AND ri.practitioner_id = $1)"
                .to_owned()
        }
        Scope::InterviewProvider(_) => {
            "EXISTS (SELECT 1 FROM return_interviews ri JOIN users u ON u.id = ri.practitioner_id \
              WHERE ri.episode_id = e.id AND u.agency_id = $1)"
                .to_owned()
        }
    };
    (condition, scope_id(scope))
}

/// The condition under which person `p` is visible: directly (a council's or provider's own child), or through any
/// visible episode of theirs.
pub(crate) fn person<D: Dialect>(scope: Scope) -> (String, Option<String>) {
    let direct = match scope {
        Scope::All => "TRUE",
        Scope::LocalAuthority(_) => "(p.responsible_la_id = $1 OR p.host_la_id = $1 OR p.recorded_by_agency_id = $1)",
        Scope::CareProvider(_) => "(p.placement_provider_id = $1 OR p.recorded_by_agency_id = $1)",
        Scope::PoliceForce(_) => "p.recorded_by_agency_id = $1",
        Scope::Practitioner(_) | Scope::InterviewProvider(_) | Scope::Nothing => "FALSE",
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
