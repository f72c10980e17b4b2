//! One module per subcommand. Each opens the store named by the settings (which brings its schema up to date) and
//! acts through the core as an operator: someone with shell access to the server.

mod accounts;
mod alerts;
mod audit;
mod demo;
mod geo;
mod helpline;
pub use helpline::HelplineFiguresArgs;
mod import;
mod link;
mod link_run;
mod retention;

pub use retention::RetentionCommand;
mod returns;
mod serve;
mod stats;
mod subject_access;

use std::sync::Arc;

use homeward_core::domain::audit::AuditAction;
use homeward_core::domain::keys::DeploymentKey;
use homeward_core::ports::{Clock, Store, SystemClock};
use homeward_core::services::RulesConfig;
use homeward_core::{Core, CoreError, StoreError};

use crate::cli::{Cli, Command};
use crate::settings::{FileSettings, Overrides, Settings};

/// Why a command failed, and so its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad usage or bad input: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Failure(String),
}

impl CliError {
    pub fn exit_code(&self) -> std::process::ExitCode {
        match self {
            CliError::Input(_) => std::process::ExitCode::from(2),
            CliError::Failure(_) => std::process::ExitCode::FAILURE,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Input(message) | CliError::Failure(message) => f.write_str(message),
        }
    }
}

impl From<CoreError> for CliError {
    fn from(error: CoreError) -> Self {
        match error {
            CoreError::Invalid(fields) => CliError::Input(
                fields
                    .iter()
                    .map(|(field, message)| match field {
                        "password" => format!("the password (read from standard input): {message}"),
                        flag => format!("--{}: {message}", flag.replace('_', "-")),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            CoreError::Rule { message, .. } => CliError::Input(message),
            already @ CoreError::AlreadyMissing { .. } => CliError::Input(already.to_string()),
            CoreError::NotFound => CliError::Input("no such record".into()),
            CoreError::Forbidden(why) => CliError::Failure(why.into()),
            CoreError::Unauthenticated => CliError::Failure("not signed in".into()),
            CoreError::Store(store) => store.into(),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> Self {
        CliError::Failure(error.to_string())
    }
}

/// Opens the database a URL names: `sqlite:` for the embedded default, `postgres:` for production.
pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, CliError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(homeward_store::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(homeward_store::PostgresStore::connect(url).await?))
    } else {
        Err(CliError::Input("the database URL must start with sqlite: or postgres://".into()))
    }
}

/// A core on the settings' database with the real clock.
pub async fn open_core(settings: &Settings) -> Result<Core, CliError> {
    open_core_with_clock(settings, Arc::new(SystemClock)).await
}

pub async fn open_core_with_clock(settings: &Settings, clock: Arc<dyn Clock>) -> Result<Core, CliError> {
    let core = open_core_with(settings, clock).await?;
    // A new database's audit log begins with its genesis event, so a log found empty later was emptied.
    if core.begin_audit_chain(&settings.deployment_name).await? {
        tracing::info!(deployment = %settings.deployment_name, "began the audit chain with its genesis event");
    }
    Ok(core)
}

/// A core that does not begin the audit chain: for checking it, when an emptied log must be found empty.
pub async fn open_core_reading(settings: &Settings) -> Result<Core, CliError> {
    open_core_with(settings, Arc::new(SystemClock)).await
}

async fn open_core_with(settings: &Settings, clock: Arc<dyn Clock>) -> Result<Core, CliError> {
    let store = open_store(settings.database_url.expose()).await?;
    let matcher = Arc::new(homeward_link::matcher::LinkMatcher::default());
    let key = if let Some(key) = load_key(&settings.key_file)? {
        key
    } else {
        // A database whose chain began under a key needs that key: a new one would make every second factor,
        // recovery code and checkpoint unusable. Only a new database (or one from before keys) gets a new key.
        let first = store.audit_events_after(0, 1).await?;
        if first.first().is_some_and(|event| event.action == AuditAction::Genesis.as_str()) {
            return Err(CliError::Failure(format!(
                "the deployment key file {} is missing, but this database's records were made under a key: \
                     restore the key file from its backup (kept apart from the database) or point --key-file at it",
                settings.key_file.display()
            )));
        }
        create_key(&settings.key_file)?
    };
    Ok(Core::new(store, clock, RulesConfig::default()).with_matcher(matcher).with_key(key))
}

/// Reads the deployment key, if its file exists. A key file found open to others is closed up, with a warning.
pub fn load_key(path: &std::path::Path) -> Result<Option<DeploymentKey>, CliError> {
    use std::os::unix::fs::PermissionsExt;
    let unreadable = |e: std::io::Error| CliError::Failure(format!("cannot use the key file {}: {e}", path.display()));
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mode = std::fs::metadata(path).map_err(unreadable)?.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), "the key file was readable by others; made it owner-only");
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(unreadable)?;
            }
            let material = hex::decode(text.trim()).map_err(|_| {
                CliError::Input(format!("the key file {} must hold the key as hexadecimal digits", path.display()))
            })?;
            DeploymentKey::from_bytes(&material)
                .map(Some)
                .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(unreadable(e)),
    }
}

/// Creates a new deployment key file, readable by its owner only; if another process made it first, uses theirs.
fn create_key(path: &std::path::Path) -> Result<DeploymentKey, CliError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let unwritable =
        |e: std::io::Error| CliError::Failure(format!("cannot write the key file {}: {e}", path.display()));
    let key = DeploymentKey::random();
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return load_key(path)?.ok_or_else(|| unwritable(e));
        }
        Err(e) => return Err(unwritable(e)),
    };
    writeln!(file, "{}", key.to_hex()).map_err(unwritable)?;
    tracing::warn!(path = %path.display(), "created a new deployment key; back it up apart from the database");
    Ok(key)
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let file = FileSettings::load(cli.global.config.as_deref()).map_err(CliError::Input)?;
    let (bind, assets_dir, https, trusted_proxies) = match &cli.command {
        Command::Serve(args) => (
            args.bind,
            args.assets_dir.clone(),
            args.https,
            Some(args.trusted_proxies.clone()).filter(|given| !given.is_empty()),
        ),
        _ => (None, None, None, None),
    };
    let settings = Settings::resolve(
        file,
        Overrides {
            database_url: cli.global.database_url,
            bind,
            log: cli.global.log,
            log_format: cli.global.log_format,
            assets_dir,
            https,
            smtp_url: cli.global.smtp_url,
            smtp_from: cli.global.smtp_from,
            public_url: cli.global.public_url,
            key_file: cli.global.key_file,
            deployment_name: cli.global.deployment_name,
            audit_checkpoint_file: cli.global.audit_checkpoint_file,
            audit_checkpoint_webhook: cli.global.audit_checkpoint_webhook,
            trusted_proxies,
        },
    );
    crate::telemetry::init(&settings.log, settings.log_format);
    match cli.command {
        Command::Serve(args) => serve::run(&settings, args.demo).await,
        Command::Migrate => {
            let core = open_core(&settings).await?;
            println!("The {} database schema is up to date.", core.store().backend());
            Ok(())
        }
        Command::Demo(args) => demo::run(&settings, &args).await,
        Command::Agency(command) => accounts::agency(&settings, command).await,
        Command::User(command) => accounts::user(&settings, command).await,
        Command::Token(command) => accounts::token(&settings, command).await,
        Command::Audit(command) => audit::run(&settings, command).await,
        Command::Import(command) => import::run(&settings, command).await,
        Command::Export(command) => returns::export(&settings, command).await,
        Command::Stats(args) => stats::run(&settings, &args).await,
        Command::HelplineFigures(args) => helpline::run(&settings, &args).await,
        Command::SubjectAccess(args) => subject_access::run(&settings, &args).await,
        Command::Retention(command) => retention::run(&settings, command).await,
        Command::Alerts(command) => alerts::run(&settings, command).await,
        Command::Link(command) => link::run(&settings, command).await,
        Command::Geo(command) => geo::run(&settings, command).await,
    }
}
