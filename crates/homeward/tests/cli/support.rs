//! The one way these tests run `homeward`: as an operator would, in a directory of their own, on a fresh database
//! of their own (SQLite by default, or PostgreSQL), with no settings file.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use homeward_testkit::{Backend, FreshDatabase};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the database helpers need, run to completion from these synchronous tests.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

#[derive(Debug)]
pub struct Workspace {
    dir: tempfile::TempDir,
    db: FreshDatabase,
}

impl Workspace {
    pub fn new() -> Self {
        Self::on(Backend::Sqlite)
    }

    pub fn on(backend: Backend) -> Self {
        Self { dir: tempfile::tempdir().expect("a temporary directory"), db: block_on(FreshDatabase::new(backend)) }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the workspace and gives its path, as the command takes it.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path.display().to_string()
    }

    /// The database's URL, for a process started by hand (`serve`).
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// The SQLite database file, as an intruder would read it.
    pub fn database_file(&self) -> PathBuf {
        self.db.sqlite_file().expect("a SQLite workspace")
    }

    /// Changes the database behind the command's back, as someone with access to it might.
    pub fn tamper(&self, sql: &str) {
        block_on(self.db.tamper(sql));
    }

    pub fn homeward(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("homeward").expect("the binary is built");
        command
            .current_dir(self.dir.path())
            .env("HOMEWARD_DATABASE_URL", &self.db.url)
            .env_remove("HOMEWARD_CONFIG")
            .args(args);
        command
    }

    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        self.homeward(args).write_stdin(stdin).output().expect("runs")
    }

    /// Runs a command that must succeed and gives its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with_input(args, "")
    }

    pub fn ok_with_input(&self, args: &[&str], stdin: &str) -> String {
        let output = self.run(args, stdin);
        assert!(output.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    /// Runs a command that must fail with this exit code, saying this on standard error.
    pub fn fails(&self, args: &[&str], code: i32, message: &str) {
        self.fails_with_input(args, "", code, message);
    }

    pub fn fails_with_input(&self, args: &[&str], stdin: &str, code: i32, message: &str) {
        let output = self.run(args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?} should say '{message}', said: {stderr}");
    }
}
