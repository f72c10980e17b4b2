//! Typed, layered settings: built-in defaults, then an optional TOML file, then `HOMEWARD_*` environment variables,
//! then command-line flags (clap reads the last two, flags winning). No globals: the result is passed down.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A secret that never prints: database URLs can carry passwords.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// The settings file's contents: every key optional, unknown keys refused so a typo is not silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub database_url: Option<Secret>,
    pub bind: Option<SocketAddr>,
    pub log: Option<String>,
    pub log_format: Option<LogFormat>,
    pub assets_dir: Option<PathBuf>,
    pub https: Option<bool>,
    pub smtp_url: Option<Secret>,
    pub smtp_from: Option<String>,
    pub public_url: Option<String>,
    pub key_file: Option<PathBuf>,
    pub deployment_name: Option<String>,
    pub audit_checkpoint_file: Option<PathBuf>,
    pub audit_checkpoint_webhook: Option<String>,
    pub trusted_proxies: Option<Vec<String>>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: Secret,
    pub bind: SocketAddr,
    pub log: String,
    pub log_format: LogFormat,
    /// GOV.UK Frontend's `dist/govuk` directory.
    pub assets_dir: PathBuf,
    /// Reached over HTTPS (directly or through a proxy): Secure cookies and HSTS.
    pub https: bool,
    /// The SMTP server for notification emails, if any.
    pub smtp_url: Option<Secret>,
    pub smtp_from: String,
    /// Where people reach Homeward, for links in emails.
    pub public_url: String,
    /// The deployment's secret key, outside the database: beside a SQLite file (`FILE-key`) unless set; for
    /// PostgreSQL `homeward.key` in the working directory unless set. Created (0600) if missing.
    pub key_file: PathBuf,
    /// The name the audit chain's genesis event gives the deployment: the database (its file, or its host and
    /// name, never a password) unless set.
    pub deployment_name: String,
    /// The append-only file of signed audit checkpoints, outside the database: beside a SQLite file
    /// (`FILE-audit-checkpoints`) unless set; for PostgreSQL `homeward-audit-checkpoints` in the working directory.
    pub audit_checkpoint_file: PathBuf,
    /// Where each checkpoint is also POSTed, if anywhere (https, or http to loopback).
    pub audit_checkpoint_webhook: Option<String>,
    /// The reverse proxies in front of the service, as addresses or networks (none unless set).
    pub trusted_proxies: Vec<String>,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://homeward.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Values given on the command line or in the environment, which override the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub bind: Option<SocketAddr>,
    pub log: Option<String>,
    pub log_format: Option<LogFormat>,
    pub assets_dir: Option<PathBuf>,
    pub https: Option<bool>,
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
    pub public_url: Option<String>,
    pub key_file: Option<PathBuf>,
    pub deployment_name: Option<String>,
    pub audit_checkpoint_file: Option<PathBuf>,
    pub audit_checkpoint_webhook: Option<String>,
    pub trusted_proxies: Option<Vec<String>>,
}

impl FileSettings {
    /// Reads a settings file. A file named explicitly must exist; the default `homeward.toml` is optional.
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
        let (path, required) = match path {
            Some(path) => (path.to_path_buf(), true),
            None => (PathBuf::from("homeward.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Self::default()),
            Err(e) => return Err(format!("cannot read the settings file {}: {e}", path.display())),
        };
        toml::from_str(&text).map_err(|e| format!("the settings file {} is not valid: {}", path.display(), e.message()))
    }
}

/// Where a file kept outside the database lives when no setting says: beside a SQLite database (`FILE-suffix`),
/// else `otherwise` in the working directory.
fn beside_database(database_url: &str, suffix: &str, otherwise: &str) -> PathBuf {
    let file = database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:"));
    match file.map(|rest| rest.split('?').next().unwrap_or(rest)) {
        Some(path) if !path.is_empty() && !path.starts_with(":memory:") => PathBuf::from(format!("{path}-{suffix}")),
        _ => PathBuf::from(otherwise),
    }
}

/// The database a URL names, without its scheme, user name, password or options: `homeward.db`, `db.example/hw`.
fn database_identity(database_url: &str) -> String {
    let rest = database_url.split_once("://").map_or(database_url, |(_, rest)| rest);
    let rest = rest.strip_prefix("sqlite:").unwrap_or(rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    rest.split('?').next().unwrap_or(rest).to_owned()
}

impl Settings {
    pub fn resolve(file: FileSettings, overrides: Overrides) -> Self {
        let public_url = overrides.public_url.clone().or(file.public_url.clone());
        let key_file = overrides.key_file.clone().or(file.key_file.clone());
        let deployment = overrides.deployment_name.clone().or(file.deployment_name.clone());
        let checkpoints = overrides.audit_checkpoint_file.clone().or(file.audit_checkpoint_file.clone());
        let mut settings = Self::layered(file, overrides);
        let url = settings.database_url.expose().to_owned();
        settings.public_url = public_url.unwrap_or_else(|| format!("http://{}", settings.bind));
        settings.key_file = key_file.unwrap_or_else(|| beside_database(&url, "key", "homeward.key"));
        settings.deployment_name = deployment.unwrap_or_else(|| database_identity(&url));
        settings.audit_checkpoint_file =
            checkpoints.unwrap_or_else(|| beside_database(&url, "audit-checkpoints", "homeward-audit-checkpoints"));
        settings
    }

    fn layered(file: FileSettings, overrides: Overrides) -> Self {
        Self {
            database_url: overrides
                .database_url
                .map(Secret::new)
                .or(file.database_url)
                .unwrap_or_else(|| Secret::new(DEFAULT_DATABASE_URL.to_owned())),
            bind: overrides
                .bind
                .or(file.bind)
                .unwrap_or_else(|| DEFAULT_BIND.parse().expect("the default address parses")),
            log: overrides.log.or(file.log).unwrap_or_else(|| "info,sqlx=warn".to_owned()),
            log_format: overrides.log_format.or(file.log_format).unwrap_or(LogFormat::Text),
            assets_dir: overrides
                .assets_dir
                .or(file.assets_dir)
                .unwrap_or_else(|| PathBuf::from("node_modules/govuk-frontend/dist/govuk")),
            https: overrides.https.or(file.https).unwrap_or(false),
            smtp_url: overrides.smtp_url.map(Secret::new).or(file.smtp_url),
            smtp_from: overrides
                .smtp_from
                .or(file.smtp_from)
                .unwrap_or_else(|| "Homeward <homeward@localhost>".to_owned()),
            public_url: String::new(),
            key_file: PathBuf::new(),
            deployment_name: String::new(),
            audit_checkpoint_file: PathBuf::new(),
            audit_checkpoint_webhook: overrides.audit_checkpoint_webhook.or(file.audit_checkpoint_webhook),
            trusted_proxies: overrides.trusted_proxies.or(file.trusted_proxies).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_layers_win_and_defaults_fill_the_rest() {
        let file: FileSettings = toml::from_str("bind = \"0.0.0.0:9000\"\nlog = \"debug\"").expect("valid");
        let overrides = Overrides { log: Some("warn".into()), ..Overrides::default() };
        let settings = Settings::resolve(file, overrides);
        assert_eq!(settings.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(settings.log, "warn");
        assert_eq!(settings.database_url.expose(), DEFAULT_DATABASE_URL);
        assert_eq!(settings.log_format, LogFormat::Text);
        assert_eq!(settings.key_file, PathBuf::from("homeward.db-key"));
        assert_eq!(settings.audit_checkpoint_file, PathBuf::from("homeward.db-audit-checkpoints"));
        assert_eq!(settings.deployment_name, "homeward.db");
        let postgres = Overrides { database_url: Some("postgres://u:hunter2@h/db?x=1".into()), ..Overrides::default() };
        let postgres = Settings::resolve(FileSettings::default(), postgres);
        assert_eq!(postgres.key_file, PathBuf::from("homeward.key"));
        assert_eq!(postgres.audit_checkpoint_file, PathBuf::from("homeward-audit-checkpoints"));
        assert_eq!(postgres.deployment_name, "h/db", "never the password");
    }

    #[test]
    fn unknown_keys_are_refused_and_secrets_never_print() {
        assert!(toml::from_str::<FileSettings>("databse_url = \"x\"").is_err());
        let file: FileSettings = toml::from_str("database_url = \"postgres://u:hunter2@h/db\"").expect("valid");
        assert!(!format!("{file:?}").contains("hunter2"));
    }

    #[test]
    fn a_named_file_must_exist_but_the_default_may_not() {
        assert!(FileSettings::load(Some(Path::new("/nonexistent/homeward.toml"))).is_err());
    }
}
