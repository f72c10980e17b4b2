//! `homeward link run` and `import episodes`: the same made-up child imported by the police and by the council
//! becomes one proposal for review, proposed by the second import, never twice however often the run goes;
//! standard error gets counts only.

use crate::support::Workspace;

const HEADER: &str = "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,missing_from,la_category,went_missing_at,reported_at,risk_grade,returned_at,return_outcome,found_postcode,rhi_offered_at,rhi_outcome,rhi_completed_at,cse_concern,cce_concern";

/// One returned episode of a person the agency knows by `person_ref`.
fn episode(source_ref: &str, agency: &str, person_ref: &str, names: (&str, &str), dob: &str, day: u8) -> String {
    let (given, family) = names;
    format!(
        "{source_ref},{agency},{person_ref},{given},{family},{dob},F,N,,home,,2026-05-{day:02}T21:00:00+01:00,,low,\
         2026-05-{day:02}T23:00:00+01:00,returned_self,,,,,,\n"
    )
}

#[test]
fn link_run_proposes_the_same_child_from_two_agencies_once_with_counts_only() {
    let ws = Workspace::new();
    let help = ws.ok(&["link", "run", "--help"]);
    assert!(help.contains("proposal") || help.contains("propose"), "{help}");
    ws.ok(&["agency", "add", "--code", "NMP", "--name", "Northmoor Police", "--kind", "police"]);
    ws.ok(&["agency", "add", "--code", "E10000099", "--name", "Synthetic Council", "--kind", "local_authority"]);
    let police = format!(
        "{HEADER}\n{}{}",
        episode("P1", "NMP", "NMP-PERSON-77", ("SYNTHETIC", "CHILDE"), "2012-03-04", 1),
        episode("P2", "NMP", "NMP-PERSON-78", ("Another", "Unrelated"), "1990-07-08", 2),
    );
    let council =
        format!("{HEADER}\n{}", episode("C1", "E10000099", "C1001", ("Synthetic", "Childe"), "2012-03-04", 9));
    let police = ws.write("police.csv", &police);
    let council = ws.write("council.csv", &council);
    let imported = ws.ok(&["import", "episodes", &police]);
    assert!(!imported.contains("may already be held"), "{imported}");
    // The council's import finds the police's record of the same child and proposes the pair for review.
    let imported = ws.ok(&["import", "episodes", &council]);
    assert!(imported.contains("1 new people may already be held"), "{imported}");

    let first = ws.run(&["link", "run"], "");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("link run: 3 people read"), "{stderr}");
    assert!(stderr.contains("0 new proposals (1 proposed before"), "the import proposed it: {stderr}");
    for value in ["SYNTHETIC", "Synthetic", "CHILDE", "2012", "NMP-PERSON"] {
        assert!(!stderr.contains(value), "no personal data on standard error: {value}");
    }
    ws.ok(&["audit", "verify", "--without-checkpoints"]);
}
