//! `docs/PERMISSIONS.md`, rendered from the permission table and the workflow's conditions, so the document says
//! exactly what the code does. `tests/permissions.rs` fails when the committed copy differs.

use std::fmt::Write as _;

use crate::domain::user::Role;
use crate::rules::workflow;

use super::Actor;
use super::permission::{Action, OPERATOR_GRANTS, Relationship, permits};
use super::reach::{Reach, ScopeKind};
use super::returns::{RETURN_WRITERS, writes_return};
use super::sensitivity::{FIELDS, READERS, Sensitivity};
use crate::domain::agency::AgencyKind;
use crate::domain::ids::{AgencyId, UserId};

/// One cell: the relationships through which the role may take the action.
fn cell(role: Role, action: Action) -> String {
    let through: Vec<Relationship> = Relationship::ALL.iter().copied().filter(|r| permits(role, *r, action)).collect();
    if through.contains(&Relationship::Sees) {
        Relationship::Sees.label().to_owned()
    } else if through.is_empty() {
        "—".to_owned()
    } else {
        through.iter().map(|r| r.label()).collect::<Vec<_>>().join(" or ")
    }
}

/// The roles whose case records are this kind of scope, in words.
fn roles_of(kind: ScopeKind) -> String {
    let scope_of = |role: Role| {
        let agency = AgencyKind::ALL.iter().copied().find(|k| role.fits(*k)).expect("every role fits some agency");
        Actor::user(UserId::random(), AgencyId::random(), agency, role).case_scope().kind()
    };
    let roles: Vec<&str> = Role::ALL.iter().filter(|r| scope_of(**r) == Some(kind)).map(|r| r.label()).collect();
    if roles.is_empty() { "no role's cases: the provider's figures".to_owned() } else { roles.join(", ") }
}

/// Who sees which episodes: one row per way of reaching an episode, one column per kind of scope.
fn scope_section(out: &mut String) {
    out.push_str(
        "\n## Who sees which records\n\n\
         Generated from `crates/homeward-core/src/authz/reach.rs` (`SIGHTS`); the stores turn it into the condition \
         of every case query once (`crates/homeward-store/src/scope.rs`). An episode is in someone's scope when they \
         reach it in one of the ways below, for the people named in the cell (\"children\": under 18 when the \
         episode started, on the UK calendar date; \"—\": this way opens nothing to them). A person is seen through \
         any episode of theirs in scope, or directly through a link held on the person record (recorded, \
         responsible council, host council, placement provider), the children-only links if they were a child when \
         first recorded. Operators running `homeward` see everything; analysts (figures only) and admins (users \
         only) see no case record.\n\n",
    );
    let mut header = "| reaches the episode as |".to_owned();
    let mut rule = "|---|".to_owned();
    for kind in ScopeKind::ALL {
        write!(header, " {} ({}) |", kind.as_str().replace('_', " "), roles_of(*kind)).expect("writing to a string");
        rule.push_str("---|");
    }
    writeln!(out, "{header}\n{rule}").expect("writing to a string");
    for reach in Reach::ALL {
        let mut row = format!("| {} (`{reach}`) |", reach.describe());
        for kind in ScopeKind::ALL {
            let cell =
                super::SIGHTS.iter().find(|s| s.scope == *kind && s.reach == *reach).map_or("—", |s| s.ages.label());
            write!(row, " {cell} |").expect("writing to a string");
        }
        writeln!(out, "{row}").expect("writing to a string");
    }
}

/// Which fields are in which sensitivity class, and who reads each.
fn sensitivity_section(out: &mut String) {
    out.push_str(
        "\n## How sensitive each field is\n\n\
         Generated from `crates/homeward-core/src/authz/sensitivity.rs` (`FIELDS`, `READERS`). Every record leaves \
         the core through one function that clears the fields of the classes the reader does not read, so the API, \
         the pages and every export get the same record: the API leaves the fields null or out and names the \
         classes in `withheld`; the pages say \"Not shared with your agency\". Operators read every class.\n\n\
         | class | fields | read by |\n|---|---|---|\n",
    );
    for class in Sensitivity::ALL {
        let fields: Vec<String> =
            FIELDS.iter().filter(|f| f.class == *class).map(|f| format!("`{}.{}`", f.record, f.name)).collect();
        let fields =
            if fields.is_empty() { "every field not named in another class".to_owned() } else { fields.join(", ") };
        let roles = READERS.iter().find(|r| r.class == *class).map_or(&[][..], |r| r.roles);
        let readers: Vec<&str> = roles.iter().map(|r| r.label()).collect();
        writeln!(out, "| {} (`{class}`) | {fields} | {} |", class.describe(), readers.join(", "))
            .expect("writing to a string");
    }
}

/// Who writes which return, of which council.
fn returns_section(out: &mut String) {
    out.push_str(
        "\n## Who writes which return\n\n\
         Generated from `crates/homeward-core/src/authz/returns.rs` (`RETURN_WRITERS`); docs/RETURNS.md describes the \
         files. A council's returns are of its own council only (another council's answers 403); the research \
         extract is read from the analyst's agency's figures scope. Operators running `homeward export` write every \
         kind, of any council.\n\n\
         | file | written by |\n|---|---|\n",
    );
    for (kind, _) in RETURN_WRITERS {
        let writers: Vec<String> = Role::ALL
            .iter()
            .flat_map(|role| AgencyKind::ALL.iter().map(move |agency| (*role, *agency)))
            .filter(|(role, agency)| writes_return(*role, *agency, *kind))
            .map(|(role, agency)| format!("{} ({})", role.label(), agency.as_str().replace('_', " ")))
            .collect();
        writeln!(out, "| {} (`{kind}`) | {} |", kind.describe(), writers.join(", ")).expect("writing to a string");
    }
}

/// The whole document.
pub fn markdown() -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&mut out, "# Who may do what");
    line(&mut out, "");
    line(
        &mut out,
        "Generated from `crates/homeward-core/src/authz/permission.rs` (who) and \
         `crates/homeward-core/src/rules/workflow.rs` (when); `cargo test -p homeward-core --test permissions` fails \
         when this file differs, and `UPDATE_PERMISSIONS=1` with that command rewrites it.",
    );
    line(&mut out, "");
    line(
        &mut out,
        "Each cell says how someone in that role must stand to the record to take the action (several: any one \
         of them), and \"—\" that they never may. Records outside their scope (docs/SECURITY.md) are not found \
         at all. Every service asks this table before it acts, and episodes, people and \
         interviews carry the `actions` the caller may take now, which the pages draw their buttons from.",
    );
    line(&mut out, "");
    let mut header = "| action | record |".to_owned();
    let mut rule = "|---|---|".to_owned();
    for role in Role::ALL {
        write!(header, " {} |", role.label()).expect("writing to a string");
        rule.push_str("---|");
    }
    line(&mut out, &(header + " operator |"));
    line(&mut out, &(rule + "---|"));
    for action in Action::ALL {
        let mut row =
            format!("| {} (`{action}`) | {} |", action.describe(), action.record().as_str().replace('_', " "));
        for role in Role::ALL {
            write!(row, " {} |", cell(*role, *action)).expect("writing to a string");
        }
        let operator = if OPERATOR_GRANTS.contains(action) { Relationship::Sees.label() } else { "—" };
        line(&mut out, &format!("{row} {operator} |"));
    }
    line(&mut out, "");
    line(&mut out, "## How someone stands to a record");
    line(&mut out, "");
    for relationship in Relationship::ALL {
        line(&mut out, &format!("- **{}**: {}.", relationship.label(), relationship.describe()));
    }
    line(&mut out, "");
    line(&mut out, "## When the record's state allows it");
    line(&mut out, "");
    line(
        &mut out,
        "Whoever may act, the record must be ready for it; otherwise the answer is 422 with a stable code, and the \
         action is not among the record's `actions`.",
    );
    line(&mut out, "");
    for action in Action::ALL {
        if let Some(condition) = workflow::condition(*action) {
            line(&mut out, &format!("- `{action}`: {condition}."));
        }
    }
    scope_section(&mut out);
    sensitivity_section(&mut out);
    returns_section(&mut out);
    out
}
