//! A helpline contact as submitted, parsed into domain types with every field's problem at once.

use crate::domain::agency::AgencyCode;
use crate::domain::helpline::{ContactBy, ContactChannel};
use crate::domain::ids::PersonId;
use crate::domain::text::{FreeText, PersonName, optional};
use crate::domain::time::{Timestamp, parse_date};
use crate::error::{CoreError, FieldErrors};
use crate::rules::helpline::{Sharing, check_recipients, sharing};

/// A contact as the form or the API sent it: text, blank where not given.
#[derive(Debug, Clone, Default)]
pub struct HelplineInput {
    pub channel: String,
    pub contacted_at: String,
    pub contact_by: String,
    pub asked: String,
    pub name: Option<String>,
    pub date_of_birth: Option<String>,
    pub home_la: Option<String>,
    pub sharing: String,
    pub ground: Option<String>,
    pub ground_reason: Option<String>,
    pub share_with: Option<String>,
    pub person_id: Option<String>,
}

/// A contact to log, parsed. The councils and the person named are checked against the store by the service.
#[derive(Debug, Clone)]
pub struct NewHelplineContact {
    pub channel: ContactChannel,
    pub contacted_at: Timestamp,
    pub contact_by: ContactBy,
    pub asked: FreeText,
    pub name: Option<PersonName>,
    pub date_of_birth: Option<time::Date>,
    pub home_la: Option<AgencyCode>,
    pub sharing: Sharing,
    pub share_with: Option<AgencyCode>,
    pub person_id: Option<PersonId>,
}

fn given(text: Option<&String>) -> Option<&str> {
    text.map(|t| t.trim()).filter(|t| !t.is_empty())
}

impl NewHelplineContact {
    pub fn parse(input: &HelplineInput) -> Result<Self, CoreError> {
        let mut errors = FieldErrors::new();
        let channel = errors.check("channel", ContactChannel::parse(&input.channel));
        let contacted_at = if input.contacted_at.trim().is_empty() {
            errors.add("contacted_at", "enter when the contact was made");
            None
        } else {
            errors.check("contacted_at", Timestamp::parse_rfc3339(input.contacted_at.trim()))
        };
        let contact_by = errors.check("contact_by", ContactBy::parse(&input.contact_by));
        let asked = errors.check("asked", FreeText::parse(&input.asked));
        let name = errors.check("name", optional(input.name.as_deref(), PersonName::parse)).flatten();
        let date_of_birth =
            given(input.date_of_birth.as_ref()).and_then(|t| errors.check("date_of_birth", parse_date(t)));
        let home_la = given(input.home_la.as_ref()).and_then(|t| errors.check("home_la", AgencyCode::parse(t)));
        let share_with =
            given(input.share_with.as_ref()).and_then(|t| errors.check("share_with", AgencyCode::parse(t)));
        let person_id = given(input.person_id.as_ref()).and_then(|t| errors.check("person_id", PersonId::parse(t)));
        let sharing = sharing(&input.sharing, input.ground.as_deref(), input.ground_reason.as_deref(), &mut errors);
        if let Some(sharing) = &sharing {
            let named = |text: Option<&String>| given(text).is_some();
            check_recipients(sharing, named(input.share_with.as_ref()), named(input.person_id.as_ref()), &mut errors);
        }
        errors.into_result()?;
        Ok(Self {
            channel: channel.expect("checked"),
            contacted_at: contacted_at.expect("checked"),
            contact_by: contact_by.expect("checked"),
            asked: asked.expect("checked"),
            name,
            date_of_birth,
            home_la,
            sharing: sharing.expect("checked"),
            share_with,
            person_id,
        })
    }
}
