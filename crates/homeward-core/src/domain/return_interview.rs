//! Return home interviews: offered to every child on every return, within 72 hours, by someone independent.

use super::code_enum;
use super::ids::{EpisodeId, ReturnInterviewId, UserId};
use super::time::Timestamp;

code_enum! {
    /// Where an interview stands.
    pub enum InterviewStatus {
        Due => "due",
        Assigned => "assigned",
        Offered => "offered",
        Declined => "declined",
        Completed => "completed",
        NotPossible => "not_possible",
    }
}

/// A return interview task for one episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnInterview {
    pub id: ReturnInterviewId,
    pub episode_id: EpisodeId,
    /// False for an adult's optional return conversation, which no statutory deadline governs.
    pub statutory: bool,
    pub due_at: Timestamp,
    pub status: InterviewStatus,
    pub practitioner_id: Option<UserId>,
    pub offered_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// Which interviews to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InterviewFilter {
    pub status: Option<InterviewStatus>,
    /// Only statutory interviews still not offered after their 72 hours.
    pub overdue: bool,
}
