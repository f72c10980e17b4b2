//! Bulk imports: agencies' episode files and councils' SSDA903 tables, and the return built from them.

use homeward_core::Actor;
use homeward_core::services::{ImportError, ImportedEpisode};
use homeward_testkit::TestDatabase;
use homeward_testkit::world::{self, World};

/// A numbered line of an agency's episode file, from its non-blank cells by column, as the CSV reader hands it on.
pub(super) fn line(number: u64, cells: &[(&str, &str)]) -> Result<(u64, ImportedEpisode), ImportError> {
    ImportedEpisode::parse(|column| cells.iter().find(|(name, _)| *name == column).map(|(_, cell)| *cell))
        .map(|row| (number, row))
        .map_err(|e| ImportError::Row { line: number, column: Some(e.column), message: e.message })
}

pub async fn episodes_import_idempotently_and_a_bad_row_writes_nothing(db: TestDatabase) {
    use homeward_core::domain::return_interview::InterviewStatus;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    // Line 5,202 (row 5,200) has the `extra` cells in place of its own.
    let rows = |extra: &[(&str, &str)]| {
        (0..6_000_u64)
            .map(|i| {
                let (source, person, family) =
                    (format!("EP{i}"), format!("C{}", i % 2_800), format!("Child{}", i % 2_800));
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
                    ("went_missing_at", "2026-05-01T21:00:00+01:00"),
                    ("risk_grade", if i % 3 == 0 { "absent" } else { "medium" }),
                    ("returned_at", "2026-05-02T09:00:00+01:00"),
                    ("return_outcome", "returned_self"),
                    ("rhi_offered_at", "2026-05-03T09:00:00+01:00"),
                    ("rhi_outcome", "completed"),
                    ("rhi_completed_at", "2026-05-04T09:00:00+01:00"),
                ];
                if i == 5_200 {
                    cells.retain(|(column, _)| !extra.iter().any(|(changed, _)| changed == column));
                    cells.extend_from_slice(extra);
                }
                line(i + 2, &cells)
            })
            .collect::<Vec<_>>()
    };
    let first = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((first.created, first.people_created, first.flagged_absent), (6_000, 2_800, 2_000));
    let again = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((again.created, again.updated, again.unchanged, again.people_created), (0, 0, 6_000, 0));
    let changed =
        core.import_episodes(&op, rows(&[("risk_grade", "high")]).into_iter(), &mut |_| {}).await.expect("ok");
    assert_eq!((changed.updated, changed.unchanged), (1, 5_999));

    // The council sees its imported children's episodes, with their interviews as the file says.
    let council = world.actor("worker.x@test.example");
    let listed =
        core.list_episodes(&council, homeward_core::domain::episode::EpisodeQuery::default()).await.expect("ok");
    let imported = listed.items.iter().find(|l| l.family_name.as_str() != "Child").expect("an imported episode");
    let record = core.episode(&council, imported.episode.id).await.expect("read");
    assert_eq!(record.return_interviews.first().map(|i| i.status), Some(InterviewStatus::Completed));

    // A bad row in the second batch: nothing from the file is written, the first batch included.
    let head = core.store().audit_head().await.expect("head");
    let bad = rows(&[("agency", "NOSUCH"), ("source_ref", "NEW")]);
    let refused = core.import_episodes(&op, bad.into_iter(), &mut |_| {}).await;
    assert!(matches!(refused, Err(ImportError::Row { line: 5202, column: Some("agency"), .. })), "{refused:?}");
    assert_eq!(core.store().audit_head().await.expect("head"), head);
    let again = core.import_episodes(&op, rows(&[]).into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!(again.created, 0);
}

pub async fn a_councils_ssda903_return_is_built_from_its_children_and_their_episodes(db: TestDatabase) {
    use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let la = world.council_x.code.clone();
    let header = [("CHILD", "C7"), ("SEX", "F"), ("DOB", "04/03/2012"), ("ETHNIC", "WBRI"), ("UPN", "U1")];
    let child = Ssda903Child::parse(|c| header.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)).expect("valid");
    let care = [("CHILD", "C7"), ("DECOM", "01/01/2025"), ("RNE", "S"), ("LS", "C2"), ("PLACE", "U1")];
    let period = Ssda903Episode::parse(|c| care.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)).expect("valid");
    core.import_ssda903(&op, &la, vec![(2, child.clone())], vec![(2, period)]).await.expect("imported");
    core.import_ssda903(&op, &la, vec![(2, child)], vec![]).await.expect("replaced");
    let episode = |number: u64, source: &str, went: &str, back: Option<&str>, category: &str| {
        let mut cells = vec![
            ("source_ref", source),
            ("agency", la.as_str()),
            ("person_ref", "C7"),
            ("given_name", "Synthetic"),
            ("family_name", "Seven"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "Y"),
            ("missing_from", "foster_care"),
            ("la_category", category),
            ("went_missing_at", went),
        ];
        if let Some(back) = back {
            cells.extend([("returned_at", back), ("return_outcome", "returned_self")]);
        }
        line(number, &cells)
    };
    let rows = vec![
        // Before the year and over by its start: left out.
        episode(2, "A", "2025-03-20T12:00:00Z", Some("2025-03-31T22:30:00Z"), "missing"),
        // Over the year's start, ended after it (23:30 UTC on 31 March is 1 April in London): kept, with its end.
        episode(3, "B", "2025-03-30T12:00:00Z", Some("2025-03-31T23:30:00Z"), "away"),
        // Over the year's end: kept, with a blank end.
        episode(4, "C", "2026-03-30T12:00:00Z", Some("2026-04-02T12:00:00Z"), "missing"),
        // After the year: left out.
        episode(5, "D", "2026-04-01T12:00:00Z", None, "missing"),
    ];
    core.import_episodes(&op, rows.into_iter(), &mut |_| {}).await.expect("imported");
    let data = core.export_ssda903(&op, &la, 2026).await.expect("exported").data;
    let missing: Vec<(String, String, String, String)> = data
        .missing
        .iter()
        .map(|m| (m.child.clone(), m.missing.clone(), m.mis_start.clone(), m.mis_end.clone()))
        .collect();
    assert_eq!(
        missing,
        [
            ("C7".into(), "A".into(), "30/03/2025".into(), "01/04/2025".into()),
            ("C7".into(), "M".into(), "30/03/2026".into(), String::new()),
        ]
    );
    assert_eq!(data.header.len(), 1);
    assert!(data.episodes.is_empty(), "the second import replaced the first");
    assert!(data.missing.iter().all(|m| m.dob == "04/03/2012"));
}

pub async fn a_first_import_into_empty_tables_rebuilds_their_indexes_and_keys(db: TestDatabase) {
    use homeward_core::services::NewAgency;
    let (core, _) = world::core(db.store.clone());
    let op = Actor::operator("test");
    core.add_agency(&op, NewAgency::parse("E0000000X", "Council X", "local_authority", None).expect("valid"))
        .await
        .expect("added");
    let rows = |agency: &str| {
        (0..50)
            .map(|i| {
                let source = format!("EP{i}");
                let person = format!("C{}", i % 20);
                let cells = [
                    ("source_ref", source.as_str()),
                    ("agency", agency),
                    ("person_ref", person.as_str()),
                    ("given_name", "Synthetic"),
                    ("family_name", "Child"),
                    ("date_of_birth", "2012-03-04"),
                    ("sex", "M"),
                    ("looked_after", "N"),
                    ("missing_from", "home"),
                    ("went_missing_at", "2026-05-01T21:00:00Z"),
                    ("returned_at", "2026-05-02T09:00:00Z"),
                    ("return_outcome", "found_by_police"),
                ];
                line(i + 2, &cells)
            })
            .collect::<Vec<_>>()
    };
    let first = core.import_episodes(&op, rows("E0000000X").into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!((first.created, first.people_created), (50, 20));
    let again = core.import_episodes(&op, rows("E0000000X").into_iter(), &mut |_| {}).await.expect("imported");
    assert_eq!(again.unchanged, 50, "the indexes and keys came back and the look-ups find every row");
    let counts = core.case_counts(&op).await.expect("counts");
    assert_eq!(counts.interviews_open, 50, "each child's return has its interview");
}

pub async fn an_import_refuses_impossible_episodes_naming_the_line(db: TestDatabase) {
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let row = |number: u64, source: &str, person: &str, went: &str, back: Option<(&str, &str)>| {
        let mut cells = vec![
            ("source_ref", source),
            ("agency", "E0000000X"),
            ("person_ref", person),
            ("given_name", "Synthetic"),
            ("family_name", "Imported"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "N"),
            ("missing_from", "home"),
            ("went_missing_at", went),
        ];
        if let Some((returned_at, outcome)) = back {
            cells.extend([("returned_at", returned_at), ("return_outcome", outcome)]);
        }
        line(number, &cells)
    };
    let head = db.store.audit_head().await.expect("head");
    let refused = |rows: Vec<Result<(u64, ImportedEpisode), ImportError>>| async {
        match core.import_episodes(&op, rows.into_iter(), &mut |_| {}).await {
            Err(ImportError::Row { line, column, .. }) => (line, column),
            other => panic!("expected a refused row, got {other:?}"),
        }
    };
    let fine = row(2, "E1", "P1", "2026-05-01T10:00:00Z", Some(("2026-05-02T10:00:00Z", "returned_self")));
    // Two open episodes of one person, the second after many good rows.
    let two_open =
        vec![fine, row(3, "E2", "P1", "2026-05-10T10:00:00Z", None), row(4, "E3", "P1", "2026-05-20T10:00:00Z", None)];
    assert_eq!(refused(two_open).await, (4, Some("returned_at")));
    // Found dead, then a later episode: refused whichever row comes first.
    let dead = || row(2, "E1", "P1", "2026-05-01T10:00:00Z", Some(("2026-05-02T10:00:00Z", "found_dead")));
    let later = || row(3, "E2", "P1", "2026-06-01T10:00:00Z", Some(("2026-06-02T10:00:00Z", "returned_self")));
    assert_eq!(refused(vec![dead(), later()]).await, (3, Some("went_missing_at")));
    assert_eq!(refused(vec![later(), dead()]).await, (2, Some("went_missing_at")), "the found-dead row, read second");
    assert_eq!(db.store.audit_head().await.expect("head"), head, "nothing of a refused file was written");
}

/// The four placement cells of a row.
fn placement(
    provider: &'static str,
    host: &'static str,
    postcode: &'static str,
    on: &'static str,
) -> [(&'static str, &'static str); 4] {
    [
        ("placement_provider", provider),
        ("placement_host_la", host),
        ("placement_postcode", postcode),
        ("placement_started_on", on),
    ]
}

pub async fn an_import_sets_the_placement_and_a_bad_placement_row_changes_nothing(db: TestDatabase) {
    use homeward_core::authz::Scope;
    let world = World::build(db.store.clone()).await;
    let core = &world.core;
    let op = Actor::operator("test");
    let row = |source: &'static str, placement: &[(&'static str, &'static str)]| {
        let mut cells = vec![
            ("source_ref", source),
            ("agency", "E0000000X"),
            ("person_ref", "C1"),
            ("given_name", "Synthetic"),
            ("family_name", "Child"),
            ("date_of_birth", "2012-03-04"),
            ("sex", "F"),
            ("looked_after", "Y"),
            ("responsible_la", "E0000000X"),
            ("missing_from", "foster_care"),
            ("went_missing_at", "2026-05-01T21:00:00+01:00"),
        ];
        cells.extend_from_slice(placement);
        line(2, &cells)
    };
    let placed = placement("CARER", "E0000000Y", "LS1 4DY", "2026-01-05");
    core.import_episodes(&op, [row("EP1", &placed)].into_iter(), &mut |_| {}).await.expect("imported");
    core.import_episodes(&op, [row("EP1", &placed)].into_iter(), &mut |_| {}).await.expect("again, unchanged");
    let mut tx = db.store.begin().await.expect("tx");
    let people = tx.people_by_refs(&[(world.council_x.id, "C1".into())]).await.expect("read");
    let person = people[0].2.clone();
    assert_eq!((person.host_la_id, person.placement_provider_id), (Some(world.council_y.id), Some(world.carer.id)));
    let placements = tx.placements_of_person(person.id).await.expect("read");
    assert_eq!(placements.len(), 1, "importing the same file again adds no placement");
    drop(tx);

    // A move: the earlier placement ends the day the new one starts.
    let moved = placement("CARER", "E0000000Z", "DL1 1AA", "2026-04-01");
    core.import_episodes(&op, [row("EP1", &moved)].into_iter(), &mut |_| {}).await.expect("moved");
    let mut tx = db.store.begin().await.expect("tx");
    let placements = tx.placements_of_person(person.id).await.expect("read");
    let shape: Vec<_> = placements.iter().map(|p| (p.host_la_id, p.ended_on)).collect();
    assert_eq!(shape, [(world.council_z.id, None), (world.council_y.id, Some(time::macros::date!(2026 - 04 - 01)))]);
    drop(tx);

    // Bad placements: named by column, and nothing written.
    let head = core.store().audit_head().await.expect("head");
    let not_a_provider = placement("FA", "E0000000Y", "LS1 4DY", "2026-05-01");
    let refused = core.import_episodes(&op, [row("EP2", &not_a_provider)].into_iter(), &mut |_| {}).await;
    assert!(matches!(refused, Err(ImportError::Row { column: Some("placement_provider"), .. })), "{refused:?}");
    let partial = row("EP2", &[("placement_provider", "CARER")]);
    assert!(matches!(partial, Err(ImportError::Row { column: Some("placement_host_la"), .. })));
    assert_eq!(core.store().audit_head().await.expect("head"), head);
    let mut tx = db.store.begin().await.expect("tx");
    assert_eq!(tx.placements_of_person(person.id).await.expect("read").len(), 2);
    let after = tx.person(person.id, Scope::All).await.expect("read").expect("there");
    assert_eq!(after.host_la_id, Some(world.council_z.id));
}
