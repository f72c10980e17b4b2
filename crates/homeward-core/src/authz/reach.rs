//! Need to know, as data: which episodes each kind of agency sees, by how it stands to the episode and whether the
//! person was a child when the episode started. [`SIGHTS`] is the whole of it; the stores turn it into the condition
//! of every case query (`homeward-store/src/scope.rs`), and `docs/PERMISSIONS.md` renders it.

use crate::domain::code_enum;

use super::Scope;

code_enum! {
    /// The kinds of case scope an agency's staff work in.
    pub enum ScopeKind {
        PoliceForce => "police_force",
        LocalAuthority => "local_authority",
        CareProvider => "care_provider",
        Practitioner => "rhi_practitioner",
        InterviewProvider => "rhi_provider",
    }
}

code_enum! {
    /// How an agency (or a practitioner) stands to an episode.
    pub enum Reach {
        /// The episode's investigating force.
        InvestigatingForce => "investigating_force",
        /// The force covering the council area the person went missing from.
        ForceArea => "force_area",
        /// The agency recorded the episode, or (for people) the person.
        Recorded => "recorded",
        /// The council responsible for the person.
        ResponsibleCouncil => "responsible_council",
        /// The council hosting the person's current placement.
        HostCouncil => "host_council",
        /// The council whose area the person went missing from, when no council is responsible for them.
        AreaCouncil => "area_council",
        /// A return conversation or interview of the episode is assigned to someone at the agency.
        ConversationAssigned => "conversation_assigned",
        /// A recommendation from the episode's interview is for the agency.
        RecommendationOwner => "recommendation_owner",
        /// The person's placement (or care home) provider.
        PlacementProvider => "placement_provider",
        /// An interview of the episode is assigned to this practitioner.
        AssignedPractitioner => "assigned_practitioner",
        /// An interview of the episode is held by one of this provider's practitioners.
        ProviderPractitioner => "provider_practitioner",
    }
}

impl Reach {
    /// The reach in words, for people reading the table.
    pub fn describe(self) -> &'static str {
        match self {
            Reach::InvestigatingForce => "the force investigating the episode",
            Reach::ForceArea => "the force covering the council area the person went missing from",
            Reach::Recorded => "the agency that recorded the episode (or, for a person, the person)",
            Reach::ResponsibleCouncil => "the council responsible for the person",
            Reach::HostCouncil => "the council hosting the person's current placement",
            Reach::AreaCouncil => {
                "the council whose area the person went missing from, when no council is responsible for them"
            }
            Reach::ConversationAssigned => {
                "the agency a return conversation or interview of the episode is assigned to"
            }
            Reach::RecommendationOwner => "the agency a recommendation from the episode's interview is for",
            Reach::PlacementProvider => "the person's placement or care home provider",
            Reach::AssignedPractitioner => "the practitioner an interview of the episode is assigned to",
            Reach::ProviderPractitioner => "the provider whose practitioner holds an interview of the episode",
        }
    }

    /// Whether the reach is a link held on the person record itself, so it makes the person visible even before
    /// any episode of theirs (the other reaches come from an episode or its return work).
    pub fn on_person(self) -> bool {
        matches!(self, Reach::Recorded | Reach::ResponsibleCouncil | Reach::HostCouncil | Reach::PlacementProvider)
    }
}

/// Whose episodes a reach opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ages {
    /// Only episodes of a person under 18 when it started (`Person::is_child_at` the episode's start).
    Children,
    /// Everyone's.
    Everyone,
}

impl Ages {
    pub fn label(self) -> &'static str {
        match self {
            Ages::Children => "children",
            Ages::Everyone => "children and adults",
        }
    }
}

/// An agency of this kind, reaching an episode this way, sees it when the person is of these ages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sight {
    pub scope: ScopeKind,
    pub reach: Reach,
    pub ages: Ages,
}

const fn sight(scope: ScopeKind, reach: Reach, ages: Ages) -> Sight {
    Sight { scope, reach, ages }
}

use Ages::{Children, Everyone};
use ScopeKind::{CareProvider, InterviewProvider, LocalAuthority, PoliceForce, Practitioner};

/// Every way an episode comes into someone's scope; what is not here is not seen (DOMAIN.md, "Who may see what").
/// A council sees adults only where it has been asked to act: a conversation assigned to it or a recommendation
/// for it (a council can only offer a conversation on an episode it already sees: one it recorded).
pub const SIGHTS: &[Sight] = &[
    sight(PoliceForce, Reach::InvestigatingForce, Everyone),
    sight(PoliceForce, Reach::ForceArea, Everyone),
    sight(PoliceForce, Reach::Recorded, Everyone),
    sight(LocalAuthority, Reach::ResponsibleCouncil, Children),
    sight(LocalAuthority, Reach::HostCouncil, Children),
    sight(LocalAuthority, Reach::AreaCouncil, Children),
    sight(LocalAuthority, Reach::Recorded, Everyone),
    sight(LocalAuthority, Reach::ConversationAssigned, Everyone),
    sight(LocalAuthority, Reach::RecommendationOwner, Everyone),
    sight(CareProvider, Reach::PlacementProvider, Everyone),
    sight(CareProvider, Reach::Recorded, Everyone),
    sight(Practitioner, Reach::AssignedPractitioner, Everyone),
    sight(InterviewProvider, Reach::ProviderPractitioner, Everyone),
];

impl Scope {
    /// The kind of this scope; `None` for everything (operators) and nothing (analysts, admins).
    pub fn kind(self) -> Option<ScopeKind> {
        match self {
            Scope::All | Scope::Nothing => None,
            Scope::PoliceForce(_) => Some(PoliceForce),
            Scope::LocalAuthority(_) => Some(LocalAuthority),
            Scope::CareProvider(_) => Some(CareProvider),
            Scope::Practitioner(_) => Some(Practitioner),
            Scope::InterviewProvider(_) => Some(InterviewProvider),
        }
    }

    /// The ways an episode comes into this scope.
    pub fn sights(self) -> impl Iterator<Item = &'static Sight> {
        SIGHTS.iter().filter(move |s| Some(s.scope) == self.kind())
    }

    /// Whether an episode reached in these ways, of a person who was (or was not) a child when it started, is in
    /// this scope: the rule the stores' SQL applies, for the core's own tests and documents.
    pub fn sees(self, reaches: &[Reach], child: bool) -> bool {
        match self {
            Scope::All => true,
            Scope::Nothing => false,
            _ => self.sights().any(|s| reaches.contains(&s.reach) && (child || s.ages == Everyone)),
        }
    }
}
