//! `docs/PERMISSIONS.md`, rendered from the permission table and the workflow's conditions, so the document says
//! exactly what the code does. `tests/permissions.rs` fails when the committed copy differs.

use std::fmt::Write as _;

use crate::domain::user::Role;
use crate::rules::workflow;

use super::permission::{Action, OPERATOR_GRANTS, Relationship, permits};

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
    out
}
