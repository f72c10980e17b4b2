//! `homeward agency add`, `homeward user add` and `homeward token create`.

use std::io::{BufRead, IsTerminal};

use homeward_core::Actor;
use homeward_core::domain::user::Email;
use homeward_core::services::{NewAgency, NewUser};

use super::{CliError, open_core};
use crate::cli::{AgencyCommand, TokenCommand, UserCommand};
use crate::settings::Settings;

pub async fn agency(settings: &Settings, command: AgencyCommand) -> Result<(), CliError> {
    let AgencyCommand::Add { code, name, kind, police_force } = command;
    let new = NewAgency::parse(&code, &name, &kind, police_force.as_deref())?;
    let core = open_core(settings).await?;
    let agency = core.add_agency(&Actor::operator("agency add"), new).await?;
    println!("{}", agency.id);
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
    let UserCommand::Add { email, name, agency, role } = command;
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
