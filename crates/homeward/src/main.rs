//! `homeward`: one binary that serves the web interface and API and runs the command-line jobs.
//! Exit codes: 0 success, 1 failure, 2 bad usage or bad input. Errors go to standard error in one sentence.

mod checkpoints;
mod cli;
mod commands;
mod courier;
mod settings;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("homeward: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("homeward: {error}");
            error.exit_code()
        }
    }
}
