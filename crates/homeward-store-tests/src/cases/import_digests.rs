//! Importing at the database's pace: a re-import compares each row's digest and reads back only the episodes whose
//! rows changed; a load's text comes back exactly as written, whatever characters it holds; and an import that fails
//! late keeps nothing.

use homeward_core::Actor;
use homeward_core::authz::Scope;
use homeward_core::domain::episode::{EpisodeStatus, ReturnOutcome};
use homeward_core::domain::risk::RiskGrade;
use homeward_core::domain::text::{FreeText, PersonName};
use homeward_core::ports::BulkData;
use homeward_core::services::{ImportError, ImportedEpisode};
use homeward_testkit::world::{self, World};
use homeward_testkit::{TestDatabase, example};

use super::import::line;

/// Rows in the test file: more than one batch of the import (5,000), so digests are compared in both.
const ROWS: u64 = 5_100;

/// The file: `EP0` to `EP5099` for 2,000 children, each returned, and `EPOPEN`, a child still missing; `change`
/// replaces cells of the row with that number.
fn file(change: Option<(u64, &[(&str, &str)])>) -> Vec<Result<(u64, ImportedEpisode), ImportError>> {
    (0..=ROWS)
        .map(|i| {
            let open = i == ROWS;
            let source = if open { "EPOPEN".to_owned() } else { format!("EP{i}") };
            let (person, family) = (format!("C{}", i % 2_000), format!("Child{}", i % 2_000));
            let mut cells = vec![
                ("source_ref", source.as_str()),
                ("agency", "E0000000X"),
                ("person_ref", person.as_str()),
                ("given_name", "Synthetic"),
                ("family_name", family.as_str()),
                ("date_of_birth", "2012-03-04"),
                ("sex", "F"),
                ("looked_after", "Y"),
                ("responsible_la", "E0000000X"),
                ("missing_from", "foster_care"),
                ("went_missing_at", if open { "2026-06-01T21:00:00Z" } else { "2026-05-01T21:00:00+01:00" }),
                ("risk_grade", if i % 3 == 0 { "absent" } else { "medium" }),
            ];
            if !open {
                cells.extend([("returned_at", "2026-05-02T09:00:00+01:00"), ("return_outcome", "returned_self")]);
            }
            if let Some((_, changed)) = change.filter(|(row, _)| *row == i) {
                cells.retain(|(column, _)| !changed.iter().any(|(c, _)| c == column));
                cells.extend_from_slice(changed);
            }
            line(i + 2, &cells)
        })
        .collect()
}

/// Makes every imported episode but those of the references `except` unreadable (a `missing_from` no code has), or
/// readable again: an import that read one back would fail as corrupt.
async fn spoil_episodes(db: &TestDatabase, except: &[&str], spoil: bool) {
    let (from, to) = if spoil { ("foster_care", "spoilt") } else { ("spoilt", "foster_care") };
    let except: Vec<String> = std::iter::once("''".to_owned()).chain(except.iter().map(|r| format!("'{r}'"))).collect();
    db.tamper(&format!(
        "UPDATE episodes SET missing_from = '{to}' WHERE missing_from = '{from}' AND id IN \
         (SELECT episode_id FROM episode_refs WHERE ref NOT IN ({}))",
        except.join(", ")
    ))
    .await;
}

pub async fn a_reimport_reads_back_only_the_records_of_rows_that_changed(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let import = |rows: Vec<_>| async { core.import_episodes(&op, rows.into_iter(), &mut |_| {}).await };

    // A bad row late in the file, in its second batch: nothing of the file is kept.
    let head = core.store().audit_head().await.expect("head");
    let refused = import(file(Some((5_050, &[("sex", "nonsense")])))).await;
    assert!(matches!(refused, Err(ImportError::Row { line: 5_052, column: Some("sex"), .. })), "{refused:?}");
    assert_eq!(core.store().audit_head().await.expect("head"), head);
    let first = import(file(None)).await.expect("imported");
    assert_eq!((first.rows, first.created, first.people_created), (ROWS + 1, ROWS + 1, 2_000), "none was kept");

    // Unchanged: every row counted as before, and no episode read back (each is unreadable).
    spoil_episodes(&db, &[], true).await;
    let again = import(file(None)).await.expect("no episode was read back");
    assert_eq!(
        (again.rows, again.created, again.updated, again.unchanged, again.people_created, again.people_updated),
        (ROWS + 1, 0, 0, ROWS + 1, 0, 0)
    );
    assert_eq!(again.flagged_absent, first.flagged_absent);

    // One row changed: only its episode is read back, with its child's others (C1050's: EP1050, EP3050, EP5050) that
    // the integrity rules weigh it against, and only it is updated.
    let c1050 = ["EP1050", "EP3050", "EP5050"];
    spoil_episodes(&db, &[], false).await;
    spoil_episodes(&db, &c1050, true).await;
    let high = [("risk_grade", "high")];
    let changed = import(file(Some((5_050, &high)))).await.expect("only EP5050 was read back");
    assert_eq!((changed.created, changed.updated, changed.unchanged), (0, 1, ROWS));
    spoil_episodes(&db, &c1050, false).await;
    let mut tx = core.store().begin().await.expect("tx");
    let keys = [(world.council_x.id, "EP5050".to_owned())];
    let stored = tx.episodes_by_refs(&keys).await.expect("read");
    assert_eq!(stored.first().and_then(|(_, _, e, _)| e.risk.joint), Some(RiskGrade::High));
    drop(tx);
    let settled = import(file(Some((5_050, &high)))).await.expect("imported");
    assert_eq!((settled.updated, settled.unchanged), (0, ROWS + 1), "the changed row's digest was kept");

    // A new row beside unchanged ones still meets their episodes in the integrity rules: C1100 is missing in EPOPEN.
    let mut rows = file(Some((5_050, &high)));
    rows.push(line(
        ROWS + 3,
        &[
            ("source_ref", "EPNEW"),
            ("agency", "E0000000X"),
            ("person_ref", "C1100"),
            ("given_name", "Synthetic"),
            ("family_name", "Child1100"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "Y"),
            ("responsible_la", "E0000000X"),
            ("missing_from", "foster_care"),
            ("went_missing_at", "2026-06-10T21:00:00Z"),
        ],
    ));
    let head = core.store().audit_head().await.expect("head");
    let refused = import(rows).await;
    assert!(
        matches!(refused, Err(ImportError::Row { line, column: Some("returned_at"), .. }) if line == ROWS + 3),
        "{refused:?}"
    );
    assert_eq!(core.store().audit_head().await.expect("head"), head);
}

pub async fn loaded_text_comes_back_exactly_as_written(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let at = world::at("2026-05-01T21:00:00.123456Z");
    // Every character COPY's text format treats specially, and some it does not.
    let awkward = [
        "tab\there",
        "line\nbreak and\r\ncarriage",
        "back\\slash \\N \\t \\\\",
        "quotes \" ' `, commas, ; | and ~",
        "unicode: Zoë Ōtake — 東京 🙂",
        "\\.",
    ];
    let text = |i: usize| awkward[i % awkward.len()];
    let mut data = BulkData::default();
    // Enough rows that PostgreSQL copies them rather than binding them.
    for i in 0..150 {
        let mut person = example::person(at).build();
        person.given_name = PersonName::parse(&format!("{} {i}", text(i))).expect("a name");
        let mut episode = example::episode(&person, world.force_a.id, at).build();
        episode.circumstances = Some(FreeText::parse(text(i + 1)).expect("text"));
        episode.reporter = (i % 2 == 0).then(|| FreeText::parse(text(i + 2)).expect("text"));
        if i % 3 == 0 {
            episode.status = EpisodeStatus::Returned;
            episode.returned_at = Some(at.plus(time::Duration::microseconds(1)));
            episode.return_outcome = Some(ReturnOutcome::FoundByPolice);
        }
        data.people.push(person);
        data.episodes.push(episode);
    }
    let mut tx = world.core.store().begin().await.expect("tx");
    tx.bulk_insert(&data).await.expect("loaded");
    tx.commit().await.expect("committed");
    let mut tx = world.core.store().begin_read().await.expect("tx");
    for (person, episode) in data.people.iter().zip(&data.episodes) {
        assert_eq!(tx.person(person.id, Scope::All).await.expect("read").as_ref(), Some(person));
        assert_eq!(tx.episode(episode.id, Scope::All).await.expect("read").as_ref(), Some(episode));
    }
}
