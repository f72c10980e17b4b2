//! `homeward link batch`: a file of made-up records linked into pairs and clusters; bad files refused with their
//! line and column, exit 2, and nothing written.

use crate::support::Workspace;

const HEADER: &str = "unique_id,source,first_name,surname,dob,sex,postcode\n";

const RECORDS: &str = "\
unique_id,source,first_name,surname,dob,sex,postcode
P-77,police,TAMSIN,FAIRCLOUGH,2011-03-04,F,DH1 3AB
C1001,council,Tamsin,Fairclogh,2011-03-04,F,dh13ab
=R9,rhi,Fairclough,Tamsin,2011-04-03,F,DH1
C1002,council,Oscar,Brindlecombe,2009-12-01,M,LS6 1AA
C1003,council,Imogen,Pellingham,2010-02-11,F,DH7 8PQ
C1004,council,Zachary,Pellingham,2010-09-30,M,DH7 8PQ
";

#[test]
fn a_file_is_linked_into_pairs_and_clusters_with_spreadsheet_safe_cells() {
    let ws = Workspace::new();
    let input = ws.write("records.csv", RECORDS);
    let out = ws.dir().join("linked");
    let output = ws.run(&["link", "batch", "--input", &input, "--out", out.to_str().expect("a path")], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("6 records,") && stderr.contains("4 clusters"), "{stderr}");
    assert!(!stderr.contains("Tamsin") && !stderr.contains("FAIRCLOUGH"), "no personal data on stderr: {stderr}");

    let pairs = std::fs::read_to_string(out.join("pairs.csv")).expect("pairs.csv");
    let mut lines = pairs.lines();
    assert_eq!(lines.next(), Some("unique_id_l,unique_id_r,match_probability"));
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    for row in &rows {
        let p: f64 = row[2].parse().expect("a probability");
        assert!((0.01..=1.0).contains(&p), "{row:?}");
    }
    let linked = |l: &str, r: &str| {
        rows.iter().any(|row| row[0] == l && row[1] == r && row[2].parse::<f64>().expect("a probability") >= 0.5)
    };
    assert!(linked("C1001", "P-77"), "{pairs}");
    assert!(linked("'=R9", "C1001") || linked("'=R9", "P-77"), "the formula-like id is quoted: {pairs}");
    assert!(!linked("C1003", "C1004"), "siblings stay apart: {pairs}");

    let clusters = std::fs::read_to_string(out.join("clusters.csv")).expect("clusters.csv");
    assert_eq!(
        clusters,
        "unique_id,cluster_id\nP-77,'=R9\nC1001,'=R9\n'=R9,'=R9\nC1002,C1002\nC1003,C1003\nC1004,C1004\n"
    );
    for row in &rows {
        assert!(row[0] < row[1], "the smaller id on the left: {row:?}");
    }

    // The same file gives the same files, byte for byte.
    let again = ws.dir().join("again");
    ws.ok(&["link", "batch", "--input", &input, "--out", again.to_str().expect("a path")]);
    assert_eq!(std::fs::read_to_string(again.join("pairs.csv")).expect("pairs.csv"), pairs);
    assert_eq!(std::fs::read_to_string(again.join("clusters.csv")).expect("clusters.csv"), clusters);

    let leftovers: Vec<_> =
        std::fs::read_dir(&out).expect("the directory").map(|e| e.expect("an entry").file_name()).collect();
    assert_eq!(leftovers.len(), 2, "only the two files: {leftovers:?}");
}

#[test]
fn bad_files_are_refused_with_their_line_and_column_and_nothing_is_written() {
    let ws = Workspace::new();
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "line 1: the file is empty"),
        (
            "no dob",
            "unique_id,source,first_name,surname,sex,postcode\nA1,p,Tamsin,Ashby,F,\n".into(),
            "line 1: missing column dob",
        ),
        (
            "bad dob",
            format!("{HEADER}A1,p,Tamsin,Ashby,2011-01-02,F,\nA2,p,Oscar,Ashby,2011-02-30,M,\n"),
            "line 3, column dob:",
        ),
        (
            "repeated id",
            format!("{HEADER}A1,p,Tamsin,Ashby,,,\nA1,p,Oscar,Brindle,,,\n"),
            "line 3, column unique_id: the same unique_id as line 2",
        ),
        ("no records", HEADER.into(), "line 2: the file has a header but no records"),
        ("long cell", format!("{HEADER}A1,p,Tamsin,{},,,\n", "x".repeat(1000)), "line 2, column surname: longer than"),
        (
            "huge cell",
            format!("{HEADER}A1,p,Tamsin,{},,,\n", "x".repeat(10 * 1024 * 1024)),
            "line 2: the row is longer than 1048576 bytes",
        ),
        ("bad postcode", format!("{HEADER}A1,p,Tamsin,Ashby,,,NOWHERE\n"), "line 2, column postcode:"),
    ];
    for (name, text, message) in cases {
        let input = ws.write(&format!("{}.csv", name.replace(' ', "_")), &text);
        let out = ws.dir().join(format!("out_{}", name.replace(' ', "_")));
        let args = ["link", "batch", "--input", &input, "--out", out.to_str().expect("a path")];
        ws.fails(&args, 2, message);
        ws.fails(&args, 2, "nothing was written");
        assert!(!out.exists(), "{name}: nothing written");
    }
    // A bad file leaves an earlier run's files as they were.
    let out = ws.dir().join("kept");
    std::fs::create_dir(&out).expect("a directory");
    std::fs::write(out.join("pairs.csv"), "earlier").expect("written");
    let input = ws.write("bad.csv", &format!("{HEADER}A1,p,Tamsin,Ashby,1999-99,F,\n"));
    ws.fails(&["link", "batch", "--input", &input, "--out", out.to_str().expect("a path")], 2, "line 2, column dob");
    assert_eq!(std::fs::read_to_string(out.join("pairs.csv")).expect("kept"), "earlier");
    assert!(!out.join("clusters.csv").exists());
    ws.fails(&["link", "batch", "--input", "no-such.csv", "--out", "x"], 2, "cannot read no-such.csv");
}

#[test]
fn link_batch_explains_itself() {
    let ws = Workspace::new();
    let help = ws.ok(&["link", "batch", "--help"]);
    for expected in ["--input <FILE.csv>", "--out <DIR>", "unique_id, source, first_name", "pairs.csv", "clusters.csv"]
    {
        assert!(help.contains(expected), "{expected}: {help}");
    }
}

#[test]
fn a_test_bed_is_written_with_its_truth_the_same_for_the_same_seed_and_links() {
    let ws = Workspace::new();
    let dir = |name: &str| ws.dir().join(name).to_str().expect("a path").to_owned();
    let (first, again) = (dir("bed"), dir("again"));
    let output = ws.run(&["link", "testbed", "--records", "300", "--seed", "3", "--out", &first], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.contains("300 records of"), "{stderr}");
    ws.ok(&["link", "testbed", "--records", "300", "--seed", "3", "--out", &again]);
    let read = |dir: &str, name: &str| std::fs::read_to_string(std::path::Path::new(dir).join(name)).expect("written");
    assert_eq!(read(&first, "records.csv"), read(&again, "records.csv"), "same seed, same bytes");
    assert_eq!(read(&first, "truth.csv"), read(&again, "truth.csv"));
    assert_eq!(read(&first, "records.csv").lines().next(), Some(HEADER.trim_end()));
    assert_eq!(read(&first, "truth.csv").lines().count(), 301);

    // The records are a good `link batch` input.
    let records = format!("{first}/records.csv");
    ws.ok(&["link", "batch", "--input", &records, "--out", &dir("linked")]);
    assert_eq!(read(&dir("linked"), "clusters.csv").lines().count(), 301);

    ws.fails(&["link", "testbed", "--records", "0", "--out", &dir("none")], 2, "records");
    let help = ws.ok(&["link", "testbed", "--help"]);
    for expected in ["--records", "--seed", "--out <DIR>", "truth.csv"] {
        assert!(help.contains(expected), "{expected}: {help}");
    }
}
