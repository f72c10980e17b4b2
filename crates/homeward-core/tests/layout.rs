//! The core's shape, as ARCHITECTURE.md draws it: each service module stands alone. Shared access policy lives in
//! `authz`, shared time rules in `rules`, alert creation on the alert type; a service that reaches into another
//! for one of those grows a circle that nobody can read in order.

use std::path::{Path, PathBuf};

fn services_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services")
}

/// The service modules: every file and folder under `src/services` but `mod.rs`.
fn service_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(services_dir())
        .expect("src/services is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter_map(|path| path.file_stem().map(|stem| stem.to_string_lossy().into_owned()))
        .filter(|name| name != "mod")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every Rust file of one service module: `name.rs`, and everything under `name/` if it is a folder.
fn files_of(name: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let single = services_dir().join(format!("{name}.rs"));
    if single.exists() {
        files.push(single);
    }
    let mut folders = vec![services_dir().join(name)];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.map(|entry| entry.expect("a directory entry").path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn no_service_module_imports_another() {
    let names = service_names();
    assert!(names.len() > 5, "the services were found: {names:?}");
    let mut offences = Vec::new();
    for name in &names {
        for file in files_of(name) {
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            for other in names.iter().filter(|other| *other != name) {
                for path in [format!("super::{other}"), format!("services::{other}")] {
                    let reaches = text.match_indices(&path).any(|(at, _)| {
                        let next = text[at + path.len()..].chars().next();
                        next.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                    });
                    if reaches {
                        offences.push(format!("{} uses {path}", file.display()));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "service modules import each other:\n{}", offences.join("\n"));
}
