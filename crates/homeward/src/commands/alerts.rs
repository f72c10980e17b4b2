//! `homeward alerts tick` (one pass of the scheduler and the outbox, for an external timer), the loop `serve` runs,
//! and `homeward agency notify`.

use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::notification::{AgencyChannels, Webhook, WebhookUrl};
use homeward_core::domain::user::Email;
use homeward_core::services::notify::DeliveryReport;
use homeward_core::services::scheduler::{TICK_EVERY, TickReport};
use homeward_core::{Actor, Core, CoreError};

use super::{CliError, open_core};
use crate::checkpoints::CheckpointLog;
use crate::cli::AlertsCommand;
use crate::courier::Post;
use crate::settings::Settings;

/// Notifications attempted per batch.
const BATCH: u32 = 200;
/// How often `serve` looks in the outbox.
const DELIVER_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

pub async fn run(settings: &Settings, command: AlertsCommand) -> Result<(), CliError> {
    match command {
        AlertsCommand::Tick => {
            let checkpoints = CheckpointLog::new(settings).map_err(CliError::Input)?;
            let core = open_core(settings).await?;
            let post = post(settings)?;
            let report = core.tick(&Actor::operator("alerts tick"), &holder()).await?;
            print!("{}", describe(&report));
            let checkpoint = checkpoints.write_now(&core).await.map_err(CliError::Failure)?;
            println!("Checkpointed the audit chain at event {} in {}.", checkpoint.seq, checkpoints.path().display());
            let delivered = deliver_all(&core, &post).await?;
            println!(
                "Delivered {} notifications; {} failed and will be tried again; {} given up (shown to the agency's admin).",
                delivered.delivered, delivered.failed, delivered.given_up
            );
        }
    }
    Ok(())
}

/// The courier the settings describe.
pub fn post(settings: &Settings) -> Result<Post, CliError> {
    Post::new(
        settings.smtp_url.as_ref().map(crate::settings::Secret::expose),
        &settings.smtp_from,
        &settings.public_url,
    )
    .map_err(CliError::Input)
}

/// Attempts every notification due now, a batch at a time.
async fn deliver_all(core: &Core, post: &Post) -> Result<DeliveryReport, CoreError> {
    let mut total = DeliveryReport::default();
    loop {
        let batch = core.deliver_due(post, BATCH).await?;
        total.delivered += batch.delivered;
        total.failed += batch.failed;
        total.given_up += batch.given_up;
        if batch.delivered + batch.failed + batch.given_up < BATCH as usize {
            return Ok(total);
        }
    }
}

/// Who holds the scheduler's lease: this host and process, with the moment it started, so two processes never
/// share a name even where `HOSTNAME` is not set.
pub fn holder() -> String {
    static HOLDER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOLDER
        .get_or_init(|| {
            let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "homeward".into());
            let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            format!("{host}:{}:{}", std::process::id(), started.as_nanos())
        })
        .clone()
}

/// Until the process ends: ticks the scheduler every 30 seconds (checkpointing the audit chain's head after each
/// tick in which it moved) and, beside it, delivers the outbox every 5, so a slow or broken mail server never holds
/// up the alerts themselves. A failure is logged (counts and the error,
/// never personal data) and the next round tries again; nothing here can slow a request, which only ever writes
/// to the outbox.
pub async fn run_in_background(core: Core, post: Post, checkpoints: CheckpointLog) {
    let ticking = tokio::spawn(tick_every_half_minute(core.clone(), checkpoints));
    deliver_every_few_seconds(core, post).await;
    ticking.abort();
}

async fn tick_every_half_minute(core: Core, checkpoints: CheckpointLog) {
    let holder = holder();
    let actor = Actor::operator("serve");
    let mut interval = tokio::time::interval(TICK_EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match core.tick(&actor, &holder).await {
            Ok(report) if report.ran => {
                let raised: usize = report.raised.values().sum();
                let (closed, still_missing, digests) = (report.closed, report.still_missing, report.digests);
                tracing::info!(raised, closed, still_missing, digests, "scheduler tick");
            }
            Ok(_) => tracing::debug!("another scheduler holds the lease"),
            Err(error) => tracing::error!(%error, "scheduler tick failed; trying again at the next"),
        }
        match checkpoints.write_if_moved(&core).await {
            Ok(Some(checkpoint)) => tracing::debug!(seq = checkpoint.seq, "audit chain checkpointed"),
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "the audit chain could not be checkpointed; trying again next tick"),
        }
    }
}

async fn deliver_every_few_seconds(core: Core, post: Post) {
    let mut interval = tokio::time::interval(DELIVER_EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match deliver_all(&core, &post).await {
            Ok(report) if report == DeliveryReport::default() => {}
            Ok(report) => tracing::info!(
                delivered = report.delivered,
                failed = report.failed,
                given_up = report.given_up,
                "notifications"
            ),
            Err(error) => tracing::error!(%error, "delivering notifications failed; trying again shortly"),
        }
    }
}

/// `homeward agency notify`: changes where the agency's notifications go and prints what is in force.
pub async fn notify(
    settings: &Settings,
    code: &str,
    email: Option<String>,
    no_email: bool,
    webhook: Option<(String, std::path::PathBuf)>,
    no_webhook: bool,
) -> Result<(), CliError> {
    let code = AgencyCode::parse(code).map_err(|e| CliError::Input(format!("--code: {e}")))?;
    let email = email.map(|e| Email::parse(&e).map_err(|e| CliError::Input(format!("--email: {e}")))).transpose()?;
    let webhook = match webhook {
        None => None,
        Some((url, file)) => {
            let url = WebhookUrl::parse(&url).map_err(|e| CliError::Input(format!("--webhook: {e}")))?;
            let secret = std::fs::read_to_string(&file)
                .map_err(|e| CliError::Input(format!("--secret-file: cannot read {}: {e}", file.display())))?;
            let secret = secret.trim().to_owned();
            if secret.chars().count() < 16 {
                return Err(CliError::Input("--secret-file: the secret must be 16 characters or more".into()));
            }
            Some(Webhook { url, secret })
        }
    };
    let core = open_core(settings).await?;
    let channels = core
        .set_agency_channels(&Actor::operator("agency notify"), &code, move |current| AgencyChannels {
            duty_email: if no_email { None } else { email.or(current.duty_email) },
            webhook: if no_webhook { None } else { webhook.or(current.webhook) },
        })
        .await?;
    println!("Notifications for {code}:");
    match &channels.duty_email {
        Some(email) => println!("  email to the duty inbox {}", email.as_str()),
        None => println!("  no duty inbox"),
    }
    match &channels.webhook {
        Some(webhook) => println!("  webhook to {} (signed with the secret given)", webhook.url.as_str()),
        None => println!("  no webhook"),
    }
    if settings.smtp_url.is_none() && channels.duty_email.is_some() {
        println!("  (no SMTP server is set: emails wait in the outbox until smtp_url / HOMEWARD_SMTP_URL is)");
    }
    Ok(())
}

fn describe(report: &TickReport) -> String {
    if !report.ran {
        return "Another scheduler is ticking (it holds the lease); nothing was done.\n".into();
    }
    let raised: usize = report.raised.values().sum();
    let kinds: Vec<String> = report.raised.iter().map(|(kind, n)| format!("{n} {}", kind.as_str())).collect();
    let kinds = if kinds.is_empty() { String::new() } else { format!(": {}", kinds.join(", ")) };
    let digests = match report.digests {
        0 => String::new(),
        n => format!("Queued {n} daily digests.\n"),
    };
    format!(
        "Looked at {} episodes still missing.\nRaised {raised} alerts{kinds}.\nClosed {} alerts whose cause had \
         gone.\n{digests}",
        report.still_missing, report.closed
    )
}
