//! `homeward link batch` (and the dispatch to `link run`, which needs the database): links the records of a CSV
//! file with homeward-link and writes its pairs and clusters; `homeward link testbed` writes a synthetic file to
//! link, with its truth.
//! Needs no database. Both files are written beside their final names and renamed into place only when both are
//! complete, so a failure leaves what was there before. Standard error gets counts only, never a record's values.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use homeward_link::batch::{PAIRS_MIN_PROBABILITY, read_records, write_clusters, write_pairs};
use homeward_link::{LINK_THRESHOLD, Progress, link_with_progress};

use super::CliError;
use crate::cli::LinkCommand;
use crate::settings::Settings;

pub async fn run(settings: &Settings, command: LinkCommand) -> Result<(), CliError> {
    match command {
        LinkCommand::Batch { input, out } => batch(&input, &out),
        LinkCommand::Run => super::link_run::run(settings).await,
        LinkCommand::Testbed { records, seed, out } => testbed(records, seed, &out),
    }
}

/// Writes a seeded synthetic test bed: the records `link batch` (or another linker) reads and the truth to score
/// its pairs against. Standard error gets counts only.
fn testbed(records: u32, seed: u64, out: &Path) -> Result<(), CliError> {
    eprintln!("link testbed: generating {records} records (seed {seed})");
    let bed = homeward_synth::linkage::testbed(records as usize, seed);
    std::fs::create_dir_all(out).map_err(|e| CliError::Failure(format!("cannot create {}: {e}", out.display())))?;
    let records_file = Staged::new(out, "records.csv");
    let truth_file = Staged::new(out, "truth.csv");
    records_file.write(|file| homeward_synth::linkage::write_records(file, &bed))?;
    truth_file.write(|file| homeward_synth::linkage::write_truth(file, &bed))?;
    records_file.commit()?;
    truth_file.commit()?;
    let mut people: Vec<&str> = bed.iter().map(|r| r.person_id.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    eprintln!("link testbed: {} records of {} made-up children written to {}", bed.len(), people.len(), out.display());
    Ok(())
}

fn batch(input: &Path, out: &Path) -> Result<(), CliError> {
    let file = File::open(input)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}; nothing was written", input.display())))?;
    let records = read_records(BufReader::new(file))
        .map_err(|e| CliError::Input(format!("{}: {e}; nothing was written", input.display())))?;
    eprintln!("link batch: {} records read", records.len());
    let linkage = link_with_progress(&records, |stage| match stage {
        Progress::Blocked { candidate_pairs } => eprintln!("link batch: {candidate_pairs} candidate pairs; comparing"),
        Progress::Trained { em_iterations } => {
            eprintln!("link batch: model estimated ({em_iterations} EM iterations); scoring");
        }
    });

    std::fs::create_dir_all(out).map_err(|e| CliError::Failure(format!("cannot create {}: {e}", out.display())))?;
    let pairs = Staged::new(out, "pairs.csv");
    let clusters = Staged::new(out, "clusters.csv");
    let written = pairs.write(|file| write_pairs(file, &records, &linkage))?;
    clusters.write(|file| write_clusters(file, &records, &linkage))?;
    pairs.commit()?;
    clusters.commit()?;
    eprintln!(
        "link batch: {} records, {} candidate pairs, {written} pairs written (probability {PAIRS_MIN_PROBABILITY} \
         or more), {} clusters (pairs linked at {LINK_THRESHOLD} or more){}",
        records.len(),
        linkage.pairs.len(),
        linkage.cluster_count(),
        if linkage.oversized_blocks > 0 {
            format!("; {} very large blocks skipped", linkage.oversized_blocks)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// A file written under a temporary name in its directory, renamed to its own name by `commit`, removed if never
/// committed.
struct Staged {
    temporary: PathBuf,
    target: PathBuf,
}

impl Staged {
    fn new(dir: &Path, name: &str) -> Self {
        Self { temporary: dir.join(format!(".{name}.{}.partial", std::process::id())), target: dir.join(name) }
    }

    fn write<T>(&self, body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<T>) -> Result<T, CliError> {
        let failed = |e: std::io::Error| CliError::Failure(format!("cannot write {}: {e}", self.target.display()));
        let mut file = BufWriter::new(File::create(&self.temporary).map_err(failed)?);
        let value = body(&mut file).map_err(failed)?;
        file.flush().map_err(failed)?;
        file.get_ref().sync_all().map_err(failed)?;
        Ok(value)
    }

    fn commit(&self) -> Result<(), CliError> {
        std::fs::rename(&self.temporary, &self.target)
            .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", self.target.display())))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After a commit the temporary name is gone and this does nothing.
        let _ = std::fs::remove_file(&self.temporary);
    }
}
