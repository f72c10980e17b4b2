//! Notifications that leave Homeward, against real components: the SMTP server `scripts/with-smtp.sh` starts
//! (aiosmtpd, writing a Maildir) and an HTTP receiver on loopback. Nobody signs in: the scheduler raises the alert,
//! and its email and signed webhook arrive once, even when the server is killed in the middle of delivering.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::format_description::well_known::Rfc3339;

use crate::support::Workspace;

/// The test SMTP server, or `None` (with the reason printed) when the test script did not start one.
fn smtp() -> Option<(String, PathBuf)> {
    if let (Ok(url), Ok(maildir)) = (std::env::var("HOMEWARD_TEST_SMTP_URL"), std::env::var("HOMEWARD_TEST_MAILDIR")) {
        return Some((url, PathBuf::from(maildir)));
    }
    assert!(
        std::env::var("HOMEWARD_REQUIRE_SMTP").is_err(),
        "HOMEWARD_REQUIRE_SMTP is set but no SMTP server was started (run under scripts/with-smtp.sh)"
    );
    eprintln!("skipped: no test SMTP server (scripts/test.sh starts one with scripts/with-smtp.sh)");
    None
}

/// The messages in the Maildir addressed to `to`.
fn mail_to(maildir: &Path, to: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else { return Vec::new() };
    entries
        .filter_map(|e| std::fs::read_to_string(e.expect("an entry").path()).ok())
        .filter(|m| m.lines().any(|l| l.eq_ignore_ascii_case(&format!("To: {to}"))))
        .collect()
}

fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message.lines().find_map(|l| l.split_once(": ").filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

/// A minimal HTTP receiver: records each request's headers (lower-cased names) and body, answers 200.
/// Each request the receiver got: its headers (names lower-cased) and its body.
pub type Received = Arc<Mutex<Vec<(Vec<(String, String)>, String)>>>;

pub fn receiver() -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bound");
    let port = listener.local_addr().expect("an address").port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("cloned"));
            let mut headers = Vec::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
                if let Some((name, value)) = line.trim_end().split_once(": ") {
                    headers.push((name.to_ascii_lowercase(), value.to_owned()));
                }
                line.clear();
            }
            let length = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap_or(0));
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the body");
            log.lock().expect("lock").push((headers, String::from_utf8(body).expect("UTF-8")));
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (port, received)
}

/// A force and a council in its area, and a child reported missing by the council 49 hours ago: the force's
/// 48-hour alert has fallen due while nobody was looking.
fn missing_for_49_hours(ws: &Workspace) {
    ws.ok(&["agency", "add", "--code", "NMP", "--name", "Northmoor Police", "--kind", "police"]);
    let council = ["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"];
    ws.ok(&[&council[..], &["--police-force", "NMP"]].concat());
    let at =
        |hours: i64| (time::OffsetDateTime::now_utc() - time::Duration::hours(hours)).format(&Rfc3339).expect("a time");
    let csv = format!(
        "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,\
         went_missing_at,reported_at\nEP1,E10000099,C1,Synthetic,Child,2012-03-04,F,N,E10000099,home,{},{}\n",
        at(50),
        at(49)
    );
    let file = ws.write("episodes.csv", &csv);
    ws.ok(&["import", "episodes", &file]);
}

#[test]
fn an_alert_falling_due_reaches_the_duty_inbox_and_the_forces_webhook_once() {
    let Some((smtp, maildir)) = smtp() else { return };
    let ws = Workspace::new();
    missing_for_49_hours(&ws);
    let (port, received) = receiver();
    let duty = format!("duty-{}@nmp.example", std::process::id());
    let secret = "a shared secret for the force's systems";
    let secret_file = ws.write("secret", secret);
    let hook = format!("http://127.0.0.1:{port}/homeward");
    let set = ws.ok(&[
        "agency",
        "notify",
        "--code",
        "NMP",
        "--email",
        &duty,
        "--webhook",
        &hook,
        "--secret-file",
        &secret_file,
    ]);
    assert!(set.contains(&duty) && set.contains(&hook), "{set}");
    ws.fails(
        &["agency", "notify", "--code", "NMP", "--webhook", "http://example.org/x", "--secret-file", &secret_file],
        2,
        "https://",
    );

    let tick = ws.homeward(&["alerts", "tick"]).env("HOMEWARD_SMTP_URL", &smtp).output().expect("ran");
    let out = String::from_utf8_lossy(&tick.stdout);
    assert!(tick.status.success() && out.contains("pnc_record_due"), "{out}");
    let mail = mail_to(&maildir, &duty);
    let hooks = received.lock().expect("lock").clone();
    assert!(!mail.is_empty() && mail.len() == hooks.len(), "one email and one webhook per alert: {out}");
    let pnc = mail.iter().find(|m| m.contains("police national computer")).expect("the 48-hour alert's email");
    assert!(header(pnc, "Subject").is_some_and(|s| s.starts_with("Homeward alert for NMP")));
    assert!(header(pnc, "Message-ID").is_some());
    for text in mail.iter().chain(hooks.iter().map(|(_, body)| body)) {
        assert!(!text.contains("Synthetic") && !text.contains("2012-03-04"), "no personal data leaves: {text}");
    }
    for (headers, body) in &hooks {
        let get = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).expect(name);
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("a key");
        mac.update(format!("{}.{body}", get("x-homeward-timestamp")).as_bytes());
        assert_eq!(get("x-homeward-signature"), format!("sha256={}", hex::encode(mac.finalize().into_bytes())));
        let event: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!((event["type"].as_str(), event["agency"].as_str()), (Some("alert.raised"), Some("NMP")));
        assert_eq!(event["delivery_id"].as_str(), Some(get("x-homeward-delivery").as_str()));
    }

    // Ticking again sends nothing more.
    let again = ws.homeward(&["alerts", "tick"]).env("HOMEWARD_SMTP_URL", &smtp).output().expect("ran");
    assert!(String::from_utf8_lossy(&again.stdout).contains("Delivered 0 notifications"));
    assert_eq!((mail_to(&maildir, &duty).len(), received.lock().expect("lock").len()), (mail.len(), hooks.len()));
}

#[test]
fn a_server_killed_while_delivering_delivers_each_email_once_when_it_comes_back() {
    let Some((smtp, maildir)) = smtp() else { return };
    let ws = Workspace::new();
    missing_for_49_hours(&ws);
    let duty = format!("killed-{}@nmp.example", std::process::id());
    ws.ok(&["agency", "notify", "--code", "NMP", "--email", &duty]);

    // An SMTP server that accepts and never answers: the first delivery hangs there, after its alert is committed.
    let tarpit = TcpListener::bind("127.0.0.1:0").expect("bound");
    let tarpit_url = format!("smtp://127.0.0.1:{}", tarpit.local_addr().expect("an address").port());
    let (caught, hanging) = mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in tarpit.incoming().flatten() {
            held.push(stream);
            let _ = caught.send(());
        }
    });
    let serve = |smtp_url: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("homeward"))
            .current_dir(ws.dir())
            .env("HOMEWARD_DATABASE_URL", ws.database_url())
            .env("HOMEWARD_SMTP_URL", smtp_url)
            .env_remove("HOMEWARD_CONFIG")
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve started")
    };
    let mut first = serve(&tarpit_url);
    hanging.recv_timeout(Duration::from_mins(1)).expect("the server tried to deliver");
    first.kill().expect("killed with SIGKILL");
    first.wait().expect("gone");
    assert!(mail_to(&maildir, &duty).is_empty(), "nothing was delivered before the kill");

    // Back, with the real server: the email caught mid-delivery goes once its attempt's 60 seconds have run out.
    let mut second = serve(&smtp);
    let started = Instant::now();
    let mut delivered = Vec::new();
    while started.elapsed() < Duration::from_mins(2) {
        std::thread::sleep(Duration::from_secs(2));
        delivered = mail_to(&maildir, &duty);
        if delivered.iter().any(|m| m.contains("police national computer"))
            && started.elapsed() > Duration::from_secs(70)
        {
            break;
        }
    }
    second.kill().expect("stopped");
    second.wait().expect("gone");
    assert!(delivered.iter().any(|m| m.contains("police national computer")), "delivered after the restart");
    let mut ids: Vec<&str> = delivered.iter().filter_map(|m| header(m, "Message-ID")).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "each email exactly once");
}
