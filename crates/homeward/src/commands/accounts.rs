//! `homeward agency add`, `homeward user add|unlock|reset-mfa` and `homeward token create`.

use std::io::{BufRead, IsTerminal};

use homeward_core::Actor;
use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::user::Email;
use homeward_core::rules::risk::AgencyRules;
use homeward_core::services::{NewAgency, NewUser};

use super::{CliError, open_core};
use crate::cli::{AgencyCommand, TokenCommand, UserCommand};
use crate::settings::Settings;

pub async fn agency(settings: &Settings, command: AgencyCommand) -> Result<(), CliError> {
    match command {
        AgencyCommand::Add { code, name, kind, police_force } => {
            let new = NewAgency::parse(&code, &name, &kind, police_force.as_deref())?;
            let core = open_core(settings).await?;
            let agency = core.add_agency(&Actor::operator("agency add"), new).await?;
            println!("{}", agency.id);
        }
        AgencyCommand::Notify { code, email, no_email, webhook, secret_file, no_webhook } => {
            super::alerts::notify(settings, &code, email, no_email, webhook.zip(secret_file), no_webhook).await?;
        }
        AgencyCommand::Rules {
            code,
            review_high_minutes,
            review_medium_minutes,
            review_low_minutes,
            review_no_apparent_risk_minutes,
            young_child_max_age,
            assess_within_minutes,
            postcode_areas,
            local_authorities,
        } => {
            let code = AgencyCode::parse(&code).map_err(|e| CliError::Input(format!("--code: {e}")))?;
            let changes = AgencyRules {
                review_high_minutes,
                review_medium_minutes,
                review_low_minutes,
                review_no_apparent_risk_minutes,
                young_child_max_age,
                assess_within_minutes,
                postcode_areas: postcode_areas
                    .map(|areas| areas.iter().map(|a| a.trim().to_ascii_uppercase()).collect()),
                local_authorities: local_authorities
                    .map(|codes| codes.iter().map(|c| c.trim().to_ascii_uppercase()).collect()),
            };
            let core = open_core(settings).await?;
            let rules = core.set_agency_rules(&Actor::operator("agency rules"), &code, changes).await?;
            let (intervals, floors) = rules.apply(core.rules().review_intervals, core.rules().risk_floors);
            println!("Rules in force for {code}:");
            println!("  review a high grade every {} minutes", intervals.high.whole_minutes());
            println!("  review a medium grade every {} minutes", intervals.medium.whole_minutes());
            println!("  review a low grade every {} minutes", intervals.low.whole_minutes());
            println!("  review no apparent risk every {} minutes", intervals.no_apparent_risk.whole_minutes());
            println!("  a child aged {} or under is never graded below medium", floors.young_child_max_age);
            let assess = homeward_core::rules::timed::assess_within(rules.assess_within_minutes);
            println!("  a report not assessed by the police within {} minutes is alerted", assess.whole_minutes());
            if let Some(areas) = &rules.postcode_areas {
                println!("  found outside postcode areas {} is found out of area", areas.join(", "));
            }
            if let Some(codes) = &rules.local_authorities {
                println!("  found outside local authorities {} is found out of area", codes.join(", "));
            }
        }
    }
    Ok(())
}

/// Reads the password: without echo at a terminal, otherwise the first line of standard input.
fn read_password() -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password("Password (12 characters or more): ")
            .map_err(|e| CliError::Failure(format!("cannot read the password: {e}")));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Input(format!("cannot read the password from standard input: {e}")))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

pub async fn user(settings: &Settings, command: UserCommand) -> Result<(), CliError> {
    let (email, name, agency, role) = match command {
        UserCommand::Add { email, name, agency, role } => (email, name, agency, role),
        UserCommand::Unlock { email } => {
            let email = Email::parse(&email).map_err(|e| CliError::Input(format!("--email: {e}")))?;
            let core = open_core(settings).await?;
            if core.unlock_sign_in(&Actor::operator("user unlock"), &email).await? {
                println!("Sign-in attempts for {email} are no longer counted: the user can sign in now.");
            } else {
                println!("No sign-in attempts were counted for {email}: nothing to unlock.");
            }
            return Ok(());
        }
        UserCommand::ResetMfa { email } => {
            let email = Email::parse(&email).map_err(|e| CliError::Input(format!("--email: {e}")))?;
            let core = open_core(settings).await?;
            core.reset_second_factor(&Actor::operator("user reset-mfa"), &email).await?;
            println!("{email} will set up a new authenticator app at their next sign-in; their sessions have ended.");
            return Ok(());
        }
    };
    let password = read_password()?;
    if password.is_empty() {
        return Err(CliError::Input("give the new user's password on standard input".into()));
    }
    let new = NewUser::parse(&email, &name, &agency, &role, &password)?;
    let core = open_core(settings).await?;
    let user = core.add_user(&Actor::operator("user add"), new).await?;
    println!("{}", user.id);
    Ok(())
}

pub async fn token(settings: &Settings, command: TokenCommand) -> Result<(), CliError> {
    let TokenCommand::Create { email, expires_in_days } = command;
    let email = Email::parse(&email).map_err(|e| CliError::Input(format!("--email: {e}")))?;
    let core = open_core(settings).await?;
    let (secret, token) = core.create_token(&Actor::operator("token create"), &email, expires_in_days).await?;
    println!("{}", secret.expose());
    match token.expires_at {
        Some(at) => eprintln!("Keep this token safe: it is shown only once. It expires at {at}."),
        None => eprintln!("Keep this token safe: it is shown only once. It does not expire."),
    }
    Ok(())
}
