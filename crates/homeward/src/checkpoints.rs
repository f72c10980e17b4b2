//! The audit checkpoint file: an append-only file outside the database, one signed checkpoint of the chain's head a
//! line (the core makes and checks them), each also POSTed to a webhook when one is set. `serve` and `alerts tick`
//! write one whenever the head has moved, `audit checkpoint` on demand, and `audit verify` reads them all.

use std::io::{BufRead, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use homeward_core::Core;
use homeward_core::domain::checkpoint::Checkpoint;
use homeward_core::domain::notification::WebhookUrl;

use crate::settings::Settings;

/// Where checkpoints go.
#[derive(Debug)]
pub struct CheckpointLog {
    path: PathBuf,
    webhook: Option<(WebhookUrl, reqwest::Client)>,
    /// The number of the last checkpoint this process wrote: a tick writes one only when the head has moved since.
    last: Mutex<Option<i64>>,
}

impl CheckpointLog {
    /// The file and webhook the settings name.
    ///
    /// # Errors
    /// The webhook is not an https:// address (or http:// to loopback).
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let webhook = match &settings.audit_checkpoint_webhook {
            None => None,
            Some(url) => {
                let url = WebhookUrl::parse(url).map_err(|e| format!("audit_checkpoint_webhook: {e}"))?;
                Some((url, crate::courier::http_client()?))
            }
        };
        Ok(Self { path: settings.audit_checkpoint_file.clone(), webhook, last: Mutex::new(None) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes a checkpoint of the head now and writes it, whether or not the head has moved.
    ///
    /// # Errors
    /// The head could not be read, or the file could not be written (a webhook that fails is an error too, after
    /// the file has the line).
    pub async fn write_now(&self, core: &Core) -> Result<Checkpoint, String> {
        let checkpoint = take(core).await?;
        self.write(core, &checkpoint).await?;
        Ok(checkpoint)
    }

    /// Takes a checkpoint when the head has moved since this process last wrote one; says which, if any.
    ///
    /// # Errors
    /// As [`Self::write_now`].
    pub async fn write_if_moved(&self, core: &Core) -> Result<Option<Checkpoint>, String> {
        let checkpoint = take(core).await?;
        if *self.last.lock().expect("never poisoned: nothing panics holding it") == Some(checkpoint.seq) {
            return Ok(None);
        }
        self.write(core, &checkpoint).await?;
        Ok(Some(checkpoint))
    }

    async fn write(&self, core: &Core, checkpoint: &Checkpoint) -> Result<(), String> {
        let line = checkpoint.signed_line(core.key());
        self.append(&line)?;
        *self.last.lock().expect("never poisoned: nothing panics holding it") = Some(checkpoint.seq);
        if let Some((url, http)) = &self.webhook {
            let answer = http
                .post(url.as_str())
                .header("content-type", "application/json")
                .body(line)
                .send()
                .await
                .map_err(|e| format!("the checkpoint webhook could not be reached: {}", e.without_url()))?;
            if !answer.status().is_success() {
                return Err(format!("the checkpoint webhook answered {}", answer.status()));
            }
        }
        Ok(())
    }

    /// Appends one line, creating the file readable and writable by its owner only; the line is on disk before
    /// this returns. Opened for appending only, so nothing already written is ever rewritten.
    fn append(&self, line: &str) -> Result<(), String> {
        let failed = |e: std::io::Error| format!("cannot write the audit checkpoint file {}: {e}", self.path.display());
        let mut file =
            std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(&self.path).map_err(failed)?;
        let mode = file.metadata().map_err(failed)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(path = %self.path.display(), "the audit checkpoint file was open to others; made it owner-only");
            file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(failed)?;
        }
        file.write_all(format!("{line}\n").as_bytes()).map_err(failed)?;
        file.sync_data().map_err(failed)
    }

    /// Every checkpoint in the file, each checked against the deployment's key; `None` when there is no file yet.
    ///
    /// # Errors
    /// The file cannot be read, or a line is not a checkpoint signed with this key (named by its number).
    pub fn read(&self, core: &Core) -> Result<Option<Vec<Checkpoint>>, String> {
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read the audit checkpoint file {}: {e}", self.path.display())),
        };
        let mut checkpoints = Vec::new();
        for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line =
                line.map_err(|e| format!("cannot read the audit checkpoint file {}: {e}", self.path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let checkpoint = Checkpoint::parse_line(&line, core.key()).map_err(|fault| {
                format!("line {} of the audit checkpoint file {} {fault}", index + 1, self.path.display())
            })?;
            checkpoints.push(checkpoint);
        }
        Ok(Some(checkpoints))
    }
}

/// A checkpoint of the head now, made and signed by the core.
async fn take(core: &Core) -> Result<Checkpoint, String> {
    core.audit_checkpoint().await.map_err(|e| format!("cannot checkpoint the audit chain: {e}"))
}
