//! How long an idempotency key is kept, and what a repeat of a request with a key is answered.

use time::Duration;

use crate::domain::idempotency::{Claim, Fingerprint, Holder, KeyRecord};
use crate::domain::time::Timestamp;

/// A key is kept 24 hours after it was first used (as Stripe and the IETF draft do): longer than any client retries
/// one request, short enough that the answers kept (which can hold a record just made) do not pile up. The
/// scheduler then removes it, and a key older than this is taken afresh even before it has.
pub const KEEP: Duration = Duration::hours(24);

/// A request taken by another server is taken to have ended this long after: longer than the one-minute limit
/// every server puts on a request, after which its transaction has been rolled back.
pub const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// Keys taken before this moment have expired.
pub fn expired_before(now: Timestamp) -> Timestamp {
    now.plus(-KEEP)
}

/// What a request with this fingerprint is answered, given the key's record held already, where the request that
/// took it stands, and the time.
pub fn repeat(held: KeyRecord, fingerprint: &Fingerprint, holder: Holder, now: Timestamp) -> Claim {
    if &held.fingerprint != fingerprint {
        return Claim::Mismatch;
    }
    if let Some(response) = held.response {
        return Claim::Replay(response);
    }
    let ended = match holder {
        Holder::RunningHere => false,
        Holder::EndedHere => true,
        Holder::Elsewhere => now.since(held.taken_at) > ABANDONED_AFTER,
    };
    match (ended, held.carried_out) {
        (false, _) => Claim::InFlight,
        (true, true) => Claim::AnswerLost,
        // Its work was never committed: carrying the request out now does it once.
        (true, false) => Claim::Taken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::idempotency::StoredResponse;

    fn held(response: Option<StoredResponse>, carried_out: bool) -> KeyRecord {
        KeyRecord {
            fingerprint: Fingerprint::of("POST", "/api/v1/people", b"{}"),
            taken_at: Timestamp::now(),
            holder: "server".into(),
            carried_out,
            response,
        }
    }

    #[test]
    fn the_same_request_is_replayed_once_answered_and_in_flight_until_its_first_sending_ends() {
        let same = Fingerprint::of("POST", "/api/v1/people", b"{}");
        let now = Timestamp::now();
        let answer = StoredResponse { status: 201, body: "{}".into() };
        for holder in [Holder::RunningHere, Holder::EndedHere, Holder::Elsewhere] {
            assert_eq!(repeat(held(Some(answer.clone()), true), &same, holder, now), Claim::Replay(answer.clone()));
        }
        assert_eq!(repeat(held(None, false), &same, Holder::RunningHere, now), Claim::InFlight);
        assert_eq!(repeat(held(None, true), &same, Holder::RunningHere, now), Claim::InFlight);
        assert_eq!(repeat(held(None, false), &same, Holder::Elsewhere, now), Claim::InFlight);
    }

    #[test]
    fn an_ended_request_is_carried_out_again_only_if_its_work_was_never_committed() {
        let same = Fingerprint::of("POST", "/api/v1/people", b"{}");
        let now = Timestamp::now();
        assert_eq!(repeat(held(None, false), &same, Holder::EndedHere, now), Claim::Taken);
        assert_eq!(repeat(held(None, true), &same, Holder::EndedHere, now), Claim::AnswerLost);
        let later = now.plus(ABANDONED_AFTER + Duration::seconds(1));
        assert_eq!(repeat(held(None, false), &same, Holder::Elsewhere, later), Claim::Taken);
        assert_eq!(repeat(held(None, true), &same, Holder::Elsewhere, later), Claim::AnswerLost);
    }

    #[test]
    fn another_body_path_or_method_is_a_mismatch() {
        for other in [
            Fingerprint::of("POST", "/api/v1/people", b"{ }"),
            Fingerprint::of("POST", "/api/v1/episodes", b"{}"),
            Fingerprint::of("PUT", "/api/v1/people", b"{}"),
        ] {
            assert_eq!(repeat(held(None, false), &other, Holder::EndedHere, Timestamp::now()), Claim::Mismatch);
        }
    }
}
