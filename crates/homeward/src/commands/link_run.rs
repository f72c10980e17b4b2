//! `homeward link run`: links every person in the database with homeward-link and records the pairs at
//! [`LINK_THRESHOLD`] or more as potential proposals for review. Pairs proposed before are left as they are, so a
//! second run adds only what is new and never reopens a decision. Standard error gets counts only.

use homeward_core::Actor;
use homeward_core::domain::link::{FoundLink, Probability};
use homeward_link::{LINK_THRESHOLD, LinkRecord, Progress, link_with_progress};

use super::{CliError, open_core};
use crate::settings::Settings;

pub async fn run(settings: &Settings) -> Result<(), CliError> {
    let core = open_core(settings).await?;
    let actor = Actor::operator("link run");
    let people = core.linkage_people(&actor).await?;
    eprintln!("link run: {} people read", people.len());
    let records: Vec<LinkRecord> = people.iter().map(homeward_link::matcher::record).collect();
    let linkage = link_with_progress(&records, |stage| match stage {
        Progress::Blocked { candidate_pairs } => eprintln!("link run: {candidate_pairs} candidate pairs; comparing"),
        Progress::Trained { em_iterations } => {
            eprintln!("link run: model estimated ({em_iterations} EM iterations); scoring");
        }
    });
    let found: Vec<FoundLink> = linkage
        .pairs
        .iter()
        .filter(|pair| pair.score.probability >= LINK_THRESHOLD)
        .map(|pair| FoundLink {
            a: people[pair.l as usize].id,
            b: people[pair.r as usize].id,
            probability: Probability::from_fraction(pair.score.probability),
            evidence: pair.score.comparison.codes(),
        })
        .collect();
    let proposed = core.propose_links(&actor, &found).await?;
    eprintln!(
        "link run: {} people, {} candidate pairs, {} pairs at {LINK_THRESHOLD} or more, {} new proposals ({} \
         proposed before, left as they were){}",
        people.len(),
        linkage.pairs.len(),
        proposed.found,
        proposed.added,
        proposed.found as u64 - proposed.added,
        if linkage.oversized_blocks > 0 {
            format!("; {} very large blocks skipped", linkage.oversized_blocks)
        } else {
            String::new()
        }
    );
    Ok(())
}
