//! What a notification says and how hard Homeward tries to deliver it.

use std::fmt::Write as _;

use time::Duration;

use crate::domain::alert::Alert;
use crate::domain::notification::{AlertEvent, DigestEvent, Event};

/// Attempts before a notification is given up and shown to the agency's admin.
pub const MAX_ATTEMPTS: i64 = 8;

/// How long an attempt may take before another server takes it to have died and tries again: three times the
/// courier's 20-second cap on a whole send, leaving the claim's and the settle's commits room to wait for the
/// writer. A settle that still came later changes nothing (the claim has moved on) and the message goes twice,
/// which receivers drop by its delivery id: at least once, never lost.
pub const ATTEMPT_LEASE: Duration = Duration::seconds(60);

/// How long a delivered notification stays in the outbox (it names a staff address): long enough to answer "was
/// it sent?", then removed by the scheduler. Those given up on stay for the admin.
pub const KEEP_DELIVERED: Duration = Duration::days(30);

/// The wait after a failed attempt: 30 seconds, doubling, at most an hour (about two hours over eight attempts).
pub fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 7)).unwrap_or(7);
    (Duration::seconds(30) * 2_i32.pow(doublings)).min(Duration::hours(1))
}

/// The event a notification of this alert carries, for the agency with this code; `delivery_id` names the
/// channel and recipient so each delivery is known apart.
pub fn event(alert: &Alert, agency_code: &str, delivery_id: String) -> Event {
    Event::Alert(AlertEvent {
        delivery_id,
        alert_id: alert.id,
        kind: alert.kind,
        agency: agency_code.to_owned(),
        episode_id: alert.episode_id,
        record_kind: alert.record().map(|(kind, _)| kind.to_owned()),
        record_id: alert.record().map(|(_, id)| id.to_owned()),
        raised_at: alert.raised_at.to_rfc3339(),
    })
}

/// An email's subject and plain-text body: what it is about, a reference or counts, and a link to sign in; no
/// personal data.
pub fn email(event: &Event, sign_in_url: &str) -> (String, String) {
    match event {
        Event::Alert(event) => alert_email(event, sign_in_url),
        Event::Digest(digest) => digest_email(digest, sign_in_url),
    }
}

const WHY_NOTHING_PERSONAL: &str = "This message holds no personal details by design.";

fn alert_email(event: &AlertEvent, sign_in_url: &str) -> (String, String) {
    let reference = reference(event);
    let subject = format!("Homeward alert for {}: {}", event.agency, event.kind.describe());
    let body = format!(
        "Homeward has an alert for {agency}.\n\n{what}.\n\nReference: {reference}\n\n\
         Sign in to Homeward to see it and act on it: {sign_in_url}\n\n\
         {WHY_NOTHING_PERSONAL} You receive it because your agency's duty inbox or your own choice of alerts asks \
         for it.\n",
        agency = event.agency,
        what = event.kind.describe(),
    );
    (subject, body)
}

/// The digest as a plain-text table: one line per kind of alert with open, overdue and closed counts.
fn digest_email(digest: &DigestEvent, sign_in_url: &str) -> (String, String) {
    let subject = format!("Homeward daily digest for {}: {}", digest.agency, digest.day);
    let (open, overdue, closed) =
        digest.lines.iter().fold((0, 0, 0), |(o, d, c), l| (o + l.open, d + l.overdue, c + l.closed));
    let mut body = format!(
        "Homeward's alerts for {agency} on {day}: {open} open, {overdue} of them open for over a day, {closed} \
         closed in the last day.\n\n",
        agency = digest.agency,
        day = digest.day,
    );
    if digest.lines.is_empty() {
        body.push_str("There were no open alerts and none closed.\n");
    }
    for line in &digest.lines {
        let _ = writeln!(
            body,
            "{what}\n  open {open}, overdue {overdue}, closed {closed}",
            what = line.kind.describe(),
            open = line.open,
            overdue = line.overdue,
            closed = line.closed,
        );
    }
    let _ = write!(
        body,
        "\nSign in to Homeward to see them: {sign_in_url}\n\n{WHY_NOTHING_PERSONAL} You receive it because you \
         chose the daily digest.\n"
    );
    (subject, body)
}

/// A short reference a person can read out and find: the alert's id, first eight characters, in capitals.
pub fn reference(event: &AlertEvent) -> String {
    event.alert_id.to_string().chars().take(8).collect::<String>().to_ascii_uppercase()
}

/// A webhook's body: the event as JSON, with its type.
pub fn webhook_body(event: &Event) -> String {
    let mut value = serde_json::to_value(event).expect("an event always serialises");
    let kind = match event {
        Event::Alert(_) => "alert.raised",
        Event::Digest(_) => "alerts.digest",
    };
    value["type"] = serde_json::Value::from(kind);
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::alert::AlertKind;
    use crate::domain::ids::{AgencyId, EpisodeId};
    use crate::domain::time::Timestamp;
    use crate::rules::alerts::Due;

    #[test]
    fn waits_double_from_thirty_seconds_to_an_hour() {
        let waits: Vec<i64> = (1..=MAX_ATTEMPTS).map(|n| backoff(n).whole_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600]);
        assert_eq!(backoff(40), Duration::hours(1));
    }

    #[test]
    fn an_email_names_the_alert_and_links_to_sign_in_and_nothing_personal() {
        let due =
            Due { kind: AlertKind::PoliceNationalComputerDue, agency: AgencyId::random(), occasion: String::new() };
        let alert =
            Alert::raised(due, EpisodeId::random(), Timestamp::parse_rfc3339("2026-03-07T08:00:00Z").expect("ok"));
        let event = event(&alert, "NMP", "d1".into());
        let (subject, body) = email(&event, "https://homeward.example/sign-in");
        assert!(subject.contains("NMP") && subject.contains("police national computer"));
        let Event::Alert(raised) = &event else { panic!("an alert's event") };
        assert!(body.contains("https://homeward.example/sign-in") && body.contains(&reference(raised)));
        assert!(
            !body.contains(&alert.episode_id.expect("about an episode").to_string()),
            "no record ids in email either"
        );
        let json: serde_json::Value = serde_json::from_str(&webhook_body(&event)).expect("json");
        assert_eq!(json["type"], "alert.raised");
        assert_eq!(json["kind"], "pnc_record_due");
        let stored: Event = serde_json::from_str(&serde_json::to_string(&event).expect("json")).expect("reads");
        assert_eq!(stored, event, "an alert's event reads back as one");
        assert!(json.get("record_id").is_none(), "an episode's alert names no other record");
    }

    #[test]
    fn a_webhook_names_the_record_an_alert_is_about_when_it_is_not_an_episode() {
        let contact = crate::domain::ids::HelplineContactId::random().to_string();
        let due = Due { kind: AlertKind::HelplineContactShared, agency: AgencyId::random(), occasion: contact.clone() };
        let alert = Alert::about_record(due, Timestamp::parse_rfc3339("2026-03-07T08:00:00Z").expect("ok"));
        let raised = event(&alert, "E10000901", "d3".into());
        let json: serde_json::Value = serde_json::from_str(&webhook_body(&raised)).expect("json");
        let named = (json["record_kind"].as_str(), json["record_id"].as_str());
        assert_eq!(named, (Some("helpline_contact"), Some(contact.as_str())));
        // An event queued before the record was named (without the two fields) still reads.
        let stored = serde_json::to_string(&raised).expect("json");
        let old = stored.replace(&format!(",\"record_kind\":\"helpline_contact\",\"record_id\":\"{contact}\""), "");
        assert!(!old.contains("record_id"), "{old}");
        assert!(serde_json::from_str::<Event>(&old).is_ok(), "{old}");
    }

    #[test]
    fn a_digest_counts_by_kind_and_reads_back_as_a_digest() {
        use crate::domain::notification::DigestLine;
        let digest = Event::Digest(DigestEvent {
            delivery_id: "d2".into(),
            agency: "E10000901".into(),
            day: "2026-03-09".into(),
            lines: vec![
                DigestLine { kind: AlertKind::ReturnInterviewOverdue, open: 4, overdue: 3, closed: 2 },
                DigestLine { kind: AlertKind::RecommendationOverdue, open: 1, overdue: 0, closed: 5 },
            ],
        });
        let (subject, body) = email(&digest, "https://homeward.example/sign-in");
        assert_eq!(subject, "Homeward daily digest for E10000901: 2026-03-09");
        assert!(body.contains("5 open, 3 of them open for over a day, 7 closed"), "{body}");
        assert!(body.contains("open 4, overdue 3, closed 2"), "{body}");
        let stored: Event = serde_json::from_str(&serde_json::to_string(&digest).expect("json")).expect("reads");
        assert_eq!(stored, digest);
    }
}
