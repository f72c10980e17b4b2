//! The returns councils owe and the research extract, as an operator writes them: a council's episodes imported
//! (more than any batch or page holds), then `export annex-a`, `ssd` and `rhi-figures` list every one of its
//! children's episodes and no one else's, every cell spreadsheet-safe; bad input writes nothing; the research
//! extract is k-anonymous and its pseudonyms never link two extracts. On SQLite, and on PostgreSQL under
//! scripts/with-postgres.sh.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use homeward_testkit::Backend;

use crate::support::Workspace;

const LA: &str = "E10000099";
const OTHER: &str = "E10000098";
/// More episodes than an import batch (5,000) or any page (200) holds.
const EPISODES: usize = 5_001;
const CHILDREN: usize = 700;

/// The council's children's episodes in April 2025, and a few that are not its to return.
fn episodes_csv() -> String {
    let mut csv = String::from(
        "source_ref,agency,person_ref,given_name,family_name,date_of_birth,sex,looked_after,responsible_la,\
         missing_from,la_category,went_missing_at,returned_at,return_outcome,rhi_offered_at,rhi_outcome,rhi_completed_at\n",
    );
    for i in 0..EPISODES {
        let child = i % CHILDREN;
        // The first child's reference would be a formula in a spreadsheet; the return must quote it.
        let reference = if child == 0 { "=1+1".to_owned() } else { format!("C{child}") };
        let looked_after = if child.is_multiple_of(3) { "Y" } else { "N" };
        let category = if looked_after == "Y" && i.is_multiple_of(2) { "away" } else { "" };
        // A minute of its own for every episode, so the list's order (by when they went missing) is known.
        let (minute, hour, day) = (i % 60, 8 + (i / 60) % 12, 1 + i / 720);
        let went = format!("2025-04-{day:02}T{hour:02}:{minute:02}:00Z");
        let back = format!("2025-04-{day:02}T{:02}:{minute:02}:00Z", hour + 2);
        // Every other return had its interview: completed the next day, or declined.
        let offered = format!("2025-04-{:02}T09:00:00Z", day + 1);
        let (offered, outcome, completed) = match i % 4 {
            0 => (offered.clone(), "completed", offered),
            1 => (offered, "declined", String::new()),
            _ => (String::new(), "", String::new()),
        };
        writeln!(
            csv,
            "EP{i},{LA},{reference},Synthetic,Child{child},2010-05-{:02},F,{looked_after},{LA},home,{category},{went},{back},returned_self,{offered},{outcome},{completed}",
            1 + child % 28
        )
        .expect("a string takes writes");
    }
    // Another council's child, an adult, and an episode after the period: none in the council's return.
    write!(
        csv,
        "X1,{OTHER},O1,Synthetic,Other,2011-01-01,M,N,{OTHER},home,,2025-04-03T10:00:00Z,,,,,\n\
         X2,{LA},A1,Synthetic,Adult,1990-01-01,M,N,{LA},home,,2025-04-03T10:00:00Z,,,,,\n\
         X3,{LA},C1,Synthetic,Child1,2010-05-02,F,N,{LA},home,,2025-05-03T10:00:00Z,,,,,\n"
    )
    .expect("a string takes writes");
    csv
}

fn set_up(ws: &Workspace) {
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    ws.ok(&["agency", "add", "--code", OTHER, "--name", "Other Council", "--kind", "local_authority"]);
    ws.ok(&["agency", "add", "--code", "F99", "--name", "Synthetic Police", "--kind", "police"]);
    let csv = ws.write("episodes.csv", &episodes_csv());
    ws.ok(&["import", "episodes", &csv]);
}

fn council_returns(ws: &Workspace) {
    set_up(ws);
    let period = ["--la", LA, "--from", "2025-04-01", "--to", "2025-04-30"];
    let out = ws.dir().join("annex-a.csv");
    let out_arg = out.display().to_string();
    let mut args = vec!["export", "annex-a"];
    args.extend(period);
    args.extend(["--out", &out_arg]);
    assert_eq!(ws.ok(&args), "", "written to the file only");
    let annex = std::fs::read_to_string(&out).expect("written");
    let lines: Vec<&str> = annex.lines().collect();
    assert_eq!(
        lines[0],
        "Child Unique ID,Gender,Date of Birth,Age of Child (Years),Looked After (Y/N),Episode Type (Missing/Away),\
         Missing Episode Start Date,Missing Episode End Date,Was the child offered a Return Interview (Y/N),\
         Did the child accept a Return Interview (Y/N)"
    );
    assert_eq!(lines.len(), EPISODES + 1, "every episode of the council's children in the period, and no other");
    assert_eq!(lines[1], "'=1+1,b) Female,01/05/2010,14,Y,Away,01/04/2025,01/04/2025,Y,Y");
    assert!(lines.contains(&"C1,b) Female,02/05/2010,14,N,Missing,01/04/2025,01/04/2025,Y,N"));
    assert!(lines.contains(&"C2,b) Female,03/05/2010,14,N,Missing,01/04/2025,01/04/2025,N,"));
    assert!(!annex.contains("O1") && !annex.contains("A1,"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("written").permissions().mode();
        assert_eq!(mode & 0o077, 0, "a list of children is readable by its owner only");
    }

    let mut args = vec!["export", "ssd"];
    args.extend(period);
    let ssd = ws.ok(&args);
    let lines: Vec<&str> = ssd.lines().collect();
    assert_eq!(
        lines[0],
        "miss_table_id,miss_person_id,miss_missing_episode_start_date,miss_missing_episode_type,\
         miss_missing_episode_end_date,miss_missing_rhi_offered,miss_missing_rhi_accepted"
    );
    assert_eq!(lines.len(), EPISODES + 1);
    assert!(lines[1].ends_with(",'=1+1,2025-04-01,Away,2025-04-01,Y,Y"), "{}", lines[1]);
    let ids: HashSet<&str> = lines[1..].iter().map(|l| l.split(',').next().unwrap_or_default()).collect();
    assert_eq!(ids.len(), EPISODES, "each episode once, by its own id");

    let mut args = vec!["export", "rhi-figures"];
    args.extend(period);
    let figures = ws.ok(&args);
    let value = |key: &str| {
        figures
            .lines()
            .find(|l| l.starts_with(&format!("{key},")))
            .and_then(|l| l.rsplit(',').next())
            .and_then(|v| v.parse::<usize>().ok())
    };
    assert_eq!(value("children"), Some(CHILDREN));
    assert_eq!(value("incidents"), Some(EPISODES));
    assert_eq!(value("looked_after_children"), Some(CHILDREN.div_ceil(3)));
    assert_eq!(value("interviews_offered"), Some(EPISODES.div_ceil(4) + EPISODES / 4));
    assert_eq!(value("interviews_completed"), Some(EPISODES.div_ceil(4)));
    assert_eq!(value("interviews_completed_within_72h"), Some(EPISODES.div_ceil(4)));
    assert_eq!(value("unassigned_interviews"), Some(EPISODES));
}

#[test]
fn a_councils_returns_list_every_episode_of_its_children_on_sqlite() {
    council_returns(&Workspace::new());
}

homeward_testkit::postgres_test! {
    fn a_councils_returns_list_every_episode_of_its_children_on_postgres() {
        council_returns(&Workspace::on(Backend::Postgres));
    }
}

#[test]
fn bad_input_is_refused_in_one_sentence_and_nothing_is_written() {
    let ws = Workspace::new();
    ws.ok(&["agency", "add", "--code", LA, "--name", "Synthetic Council", "--kind", "local_authority"]);
    ws.ok(&["agency", "add", "--code", "F99", "--name", "Synthetic Police", "--kind", "police"]);
    let out = ws.dir().join("never.csv");
    let out_arg = out.display().to_string();
    let cases: [(&[&str], &str); 7] = [
        (&["export", "annex-a", "--la", LA, "--from", "2025-13-01", "--to", "2025-12-31"], "--from"),
        (
            &["export", "ssd", "--la", LA, "--from", "2025-12-31", "--to", "2025-01-01"],
            "--to: must be the same as or after",
        ),
        (
            &["export", "ssd", "--la", "E10000001", "--from", "2025-01-01", "--to", "2025-12-31"],
            "--la: no agency has that code",
        ),
        (
            &["export", "rhi-figures", "--la", "F99", "--from", "2025-01-01", "--to", "2025-12-31"],
            "--la: F99 is not a council",
        ),
        (&["export", "research", "--k", "1"], "--k: must be from 2 to 1000"),
        (&["export", "research", "--k", "ten"], "--k: must be a whole number"),
        (&["export", "research", "--from", "2025-01-01"], "--to: is required"),
    ];
    for (args, message) in cases {
        let mut args = args.to_vec();
        args.extend(["--out", &out_arg]);
        ws.fails(&args, 2, message);
        assert!(!out.exists(), "{args:?} wrote a file");
    }
}

/// The CSV's rows as maps from column to cell.
fn records(csv: &str) -> Vec<HashMap<String, String>> {
    let mut lines = csv.lines();
    let header: Vec<String> = lines.next().expect("a header").split(',').map(str::to_owned).collect();
    lines.map(|line| header.iter().cloned().zip(line.split(',').map(str::to_owned)).collect()).collect()
}

#[test]
fn the_research_extract_is_k_anonymous_and_its_pseudonyms_are_its_own() {
    let ws = Workspace::new();
    ws.ok(&["demo", "--seed", "7", "--as-of", "2026-04-01"]);
    let extract = |k: &str| {
        let output = ws.run(&["export", "research", "--k", k, "--from", "2025-04-01", "--to", "2026-03-31"], "");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains("suppressed"));
        records(&String::from_utf8(output.stdout).expect("UTF-8"))
    };
    let first = extract("5");
    assert!(first.len() > 1_000, "most of a county's year is released: {}", first.len());
    // Distinct people per combination: each pseudonym once, and each unlinked row (blank pseudonym) as one, which
    // can only overcount; the rule's property test checks the exact count.
    let mut people: HashMap<Vec<&str>, HashSet<String>> = HashMap::new();
    let mut signatures: HashMap<&str, Vec<Vec<&str>>> = HashMap::new();
    for (index, row) in first.iter().enumerate() {
        assert!(!row.contains_key("given_name") && !row.contains_key("family_name"));
        let combination: Vec<&str> = ["age_band", "sex", "looked_after", "month_missing", "found_postcode_district"]
            .iter()
            .map(|column| row[*column].as_str())
            .collect();
        let pseudonym = row["pseudonym"].as_str();
        let who = if pseudonym.is_empty() { format!("row {index}") } else { pseudonym.to_owned() };
        people.entry(combination.clone()).or_default().insert(who);
        if !pseudonym.is_empty() {
            signatures.entry(pseudonym).or_default().push(combination);
        }
        assert!([4, 7].contains(&row["month_missing"].len()), "a month or a year, never a day");
    }
    assert!(people.values().all(|p| p.len() >= 5), "every combination is shared by at least k people");
    let mut sharing: HashMap<Vec<Vec<&str>>, usize> = HashMap::new();
    for signature in signatures.values_mut() {
        signature.sort_unstable();
        *sharing.entry(signature.clone()).or_default() += 1;
    }
    assert!(sharing.values().all(|n| *n >= 5), "every pseudonym joins rows that at least k people share");
    assert!(sharing.keys().any(|rows| rows.len() > 1), "one person's episodes share one pseudonym within an extract");
    assert!(first.iter().any(|r| r["pseudonym"].is_empty()), "a rare set of rows goes out unjoined");
    let second = extract("5");
    let ours: HashSet<&str> = first.iter().map(|r| r["pseudonym"].as_str()).filter(|p| !p.is_empty()).collect();
    assert!(second.iter().all(|r| !ours.contains(r["pseudonym"].as_str())), "no pseudonym links two extracts");
}
