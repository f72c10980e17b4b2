//! Identity resolution: which records, from which agencies, are the same person. Fellegi-Sunter record linkage:
//! records are parsed ([`record`]), paired by blocking rules ([`blocking`]), compared field by field into levels
//! ([`compare`]), weighed by `m` and `u` estimated from the records themselves ([`model`]), scored with
//! term-frequency adjustments and guards against siblings and twins ([`score`]), and the pairs at or above
//! [`LINK_THRESHOLD`] joined into clusters ([`cluster`]). [`batch`] reads and writes the `link batch` files.
//! Depends on the core only; knows no store.

pub mod batch;
pub mod blocking;
pub mod cluster;
pub mod compare;
pub mod matcher;
pub mod model;
pub mod names;
pub mod record;
pub mod score;
mod similarity;

pub use record::{BirthDate, LinkPostcode, LinkRecord, RecordedSex};
pub use score::{GUARD_CAP, Guard, LINK_THRESHOLD, Model, Score};

/// The seed of the random pairs `u` is measured on; fixed, so a file always links the same way.
pub const DEFAULT_SEED: u64 = 14;

/// A scored candidate pair, by index into the records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub l: u32,
    pub r: u32,
    pub score: Score,
}

/// The outcome of linking a set of records.
#[derive(Debug, Clone)]
pub struct Linkage {
    pub model: Model,
    /// Every candidate pair, scored, in index order.
    pub pairs: Vec<ScoredPair>,
    /// Blocks skipped for being too large (see [`blocking::MAX_BLOCK`]).
    pub oversized_blocks: usize,
    /// Each record's cluster id, in the order of the records.
    pub clusters: Vec<String>,
}

impl Linkage {
    /// How many distinct clusters there are.
    pub fn cluster_count(&self) -> usize {
        let mut ids: Vec<&String> = self.clusters.iter().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// Trains a model on the records: `u` from random pairs, `m` and λ by EM over the comparisons of the candidate
/// pairs.
pub fn train(records: &[LinkRecord], candidates: &[compare::Comparison], seed: u64) -> Model {
    let u = model::estimate_u(records, seed);
    let n = records.len();
    let parameters = model::estimate_m(&model::patterns(candidates), u, n * n.saturating_sub(1) / 2);
    Model { parameters, frequencies: score::TermFrequencies::count(records) }
}

/// A stage of [`link_with_progress`] just finished, with what it found: counts only, never a record's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The candidate pairs are known.
    Blocked { candidate_pairs: usize },
    /// `m`, `u` and λ are estimated.
    Trained { em_iterations: usize },
}

/// Links a set of records: blocks, trains, scores every candidate pair and clusters the linked ones.
pub fn link(records: &[LinkRecord]) -> Linkage {
    link_with_progress(records, |_| {})
}

/// [`link`], saying as each long stage ends, for a command to show how far it has got.
pub fn link_with_progress(records: &[LinkRecord], mut progress: impl FnMut(Progress)) -> Linkage {
    let blocking = blocking::candidate_pairs(records);
    progress(Progress::Blocked { candidate_pairs: blocking.pairs.len() });
    let pairs = &blocking.pairs;
    let comparisons: Vec<compare::Comparison> = in_parallel(pairs.len(), |at| {
        let (l, r) = pairs[at];
        compare::compare(&records[l as usize], &records[r as usize])
    });
    let model = train(records, &comparisons, DEFAULT_SEED);
    progress(Progress::Trained { em_iterations: model.parameters.iterations });
    let pairs: Vec<ScoredPair> = in_parallel(pairs.len(), |at| {
        let (l, r) = pairs[at];
        ScoredPair { l, r, score: model.weigh(comparisons[at], &records[l as usize]) }
    });
    drop(comparisons);
    let ids: Vec<String> = records.iter().map(|r| r.unique_id.clone()).collect();
    let clusters =
        cluster::clusters(&ids, pairs.iter().filter(|p| p.score.probability >= LINK_THRESHOLD).map(|p| (p.l, p.r)));
    Linkage { model, pairs, oversized_blocks: blocking.oversized_blocks, clusters }
}

/// `f` of every index below `count`, in order, the work split into one run of indices per core: comparing and
/// scoring the candidate pairs is most of the work of a large file, and each pair is independent of the others.
/// The result is the same, in the same order, whatever the number of cores.
fn in_parallel<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let run = count.div_ceil(threads).max(4_096);
    let f = &f;
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..count)
            .step_by(run)
            .map(|start| scope.spawn(move || (start..count.min(start + run)).map(f).collect::<Vec<T>>()))
            .collect();
        let mut all = Vec::with_capacity(count);
        for handle in runs {
            all.extend(handle.join().expect("comparing and scoring do not panic"));
        }
        all
    })
}
