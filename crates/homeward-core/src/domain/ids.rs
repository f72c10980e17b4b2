//! Identifiers of Homeward's records: random UUIDs, stored as text, distinct types so one cannot stand for another.

use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new random identifier.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }

            /// An identifier made from 16 given bytes, for seeded synthetic data that must be the same every run.
            pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
                Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }

            pub fn parse(text: &str) -> Result<Self, InvalidId> {
                Uuid::try_parse(text.trim()).map(Self).map_err(|_| InvalidId)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }
    )+};
}

id_type!(
    /// An agency: a police force, a council, an interview provider or a care provider.
    AgencyId,
    /// A person who signs in to Homeward.
    UserId,
    /// A person who has gone missing, or may.
    PersonId,
    /// One missing episode of one person.
    EpisodeId,
    /// One risk assessment, by one side, at one time.
    AssessmentId,
    /// A return home interview (or an adult's return conversation).
    ReturnInterviewId,
    /// An API bearer token (its secret is never stored).
    TokenId,
    /// A signed-in browser session (its secret is never stored).
    SessionId,
    /// An alert for an agency.
    AlertId,
    /// A recommendation arising from a return interview.
    RecommendationId,
    /// A notification in the outbox.
    NotificationId,
    /// A looked-after child's placement with a provider.
    PlacementId,
    /// A proposed link between two person records that may be one person.
    LinkProposalId,
    /// A place named in records: a postcode, or a named place such as a station or a shop.
    PlaceId,
    /// An associate named in records: someone a missing person was with.
    AssociateId,
    /// One link between a person's episode and a place or associate, with its source.
    IntelLinkId,
    /// A context: a place or peer group opened as a subject of safeguarding in its own right.
    ContextId,
    /// A children's home's notification to Ofsted that one of its residents was suspected of being sexually
    /// exploited or that the police were called (Children's Homes Regulations 2015 reg 40(4)).
    OfstedNotificationId,
    /// A Child Abduction Warning Notice the police served on an adult in respect of a child.
    AbductionNoticeId,
    /// A post-missing support plan made after a return interview.
    SupportPlanId,
    /// A spell of a child missing education.
    MissingEducationId,
    /// One review of a long-term missing episode.
    LongTermReviewId,
    /// A contact with a helpline or a self-referral, logged by the interview provider that took it.
    HelplineContactId,
);

/// Text that is not an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("is not a valid identifier")]
pub struct InvalidId;
