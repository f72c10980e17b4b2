//! Writes a synthetic data set as the files councils and forces would bring to Homeward, for import benchmarks:
//!
//!     cargo run --release -p homeward-synth --example export_csv -- national 1 2026-11-01 DIR
//!
//! `DIR/agencies.tsv` (code, name, kind, police force code: one `homeward agency add` each), `DIR/episodes.csv`
//! (the episode CSV of CONTRACT.md: a looked-after child's episodes sent by their council, the rest by the agency
//! that recorded them), and for the council with the
//! most looked-after children `DIR/ssda903-header.csv` and `DIR/ssda903-episodes.csv` (each child in care since
//! before the year, so their missing periods fall within care). Synthetic people only.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;

use homeward_core::domain::agency::AgencyKind;
use homeward_core::domain::ids::{AgencyId, PersonId};
use homeward_core::domain::ssda903::format_dfe_date;
use homeward_core::domain::time::{Timestamp, london};
use homeward_synth::{DemoOptions, Scale, generate};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scale, seed, as_of, dir] = args.as_slice() else {
        eprintln!("usage: export_csv SCALE SEED YYYY-MM-DD DIR");
        std::process::exit(2);
    };
    let scale = Scale::parse(scale).unwrap_or_else(|e| panic!("scale: {e}"));
    let seed = seed.parse().unwrap_or_else(|e| panic!("seed: {e}"));
    let as_of = Timestamp::parse_rfc3339(&format!("{as_of}T00:00:00Z")).unwrap_or_else(|e| panic!("as-of: {e}"));
    let dir = std::path::Path::new(dir);
    std::fs::create_dir_all(dir)?;
    let demo = generate(&DemoOptions { seed, scale, as_of });
    let data = &demo.data;
    let agency: HashMap<AgencyId, _> = data.agencies.iter().map(|a| (a.id, a)).collect();
    let code = |id: Option<AgencyId>| id.and_then(|id| agency.get(&id)).map_or(String::new(), |a| a.code.to_string());

    let mut agencies = String::new();
    let mut ordered: Vec<_> = data.agencies.iter().collect();
    ordered.sort_by_key(|a| a.kind != AgencyKind::Police);
    for a in ordered {
        writeln!(agencies, "{}\t{}\t{}\t{}", a.code, a.name, a.kind.as_str(), code(a.police_force_id))
            .expect("a string");
    }
    std::fs::write(dir.join("agencies.tsv"), agencies)?;

    let people: HashMap<PersonId, _> = data.people.iter().map(|p| (p.id, p)).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("episodes.csv"))?);
    homeward_synth::write_episodes_csv(data, &mut out)?;
    out.flush()?;

    // The council with the most looked-after children who went missing: its SSDA903 tables.
    let mut lac: HashMap<AgencyId, Vec<PersonId>> = HashMap::new();
    for e in &data.episodes {
        let p = people[&e.person_id];
        if let Some(council) = p.responsible_la_id.filter(|_| p.looked_after) {
            let children = lac.entry(council).or_default();
            if !children.contains(&p.id) {
                children.push(p.id);
            }
        }
    }
    let Some((council, children)) = lac.into_iter().max_by_key(|(id, c)| (c.len(), *id)) else { return Ok(()) };
    let since = london(as_of).date().replace_year(london(as_of).date().year() - 3).expect("a date");
    let mut header = String::from("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    let mut care =
        String::from("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
    for (n, id) in children.iter().enumerate() {
        let p = people[id];
        let start = since.max(p.date_of_birth);
        writeln!(header, "{id},{},{},WBRI,A{:012},,", p.sex.as_str(), format_dfe_date(p.date_of_birth), n)
            .expect("a string");
        writeln!(care, "{id},{},S,C2,N1,U1,PR1,,,,,,SC{:06}", format_dfe_date(start), n % 1_000_000).expect("a string");
    }
    std::fs::write(dir.join("ssda903-header.csv"), header)?;
    std::fs::write(dir.join("ssda903-episodes.csv"), care)?;
    println!("{}", agency[&council].code);
    Ok(())
}
