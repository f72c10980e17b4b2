//! Helpline and self-referral contacts (issue 17, item 3): someone rings, texts, writes or walks in to a charity's
//! helpline (registered in Homeward as an interview provider), about themselves or someone else. The provider logs
//! the contact; shared with consent or on a safeguarding ground (`rules/helpline.rs`) it reaches a council, which
//! may link it to a person's record; otherwise it stays with the provider and counts only in its figures.

use super::code_enum;
use super::ids::{AgencyId, HelplineContactId, PersonId, UserId};
use super::paging::{Page, Paging};
use super::text::{FreeText, PersonName};
use super::time::Timestamp;
use crate::rules::helpline::{Sharing, SharingKind};

code_enum! {
    /// How the contact came in.
    pub enum ContactChannel {
        Phone => "phone",
        Text => "text",
        Email => "email",
        Webchat => "webchat",
        /// Face to face, at a drop-in or outreach.
        InPerson => "in_person",
        /// A self-referral form, on paper or online.
        SelfReferral => "self_referral",
    }
}

impl ContactChannel {
    pub fn describe(self) -> &'static str {
        match self {
            ContactChannel::Phone => "Phone call",
            ContactChannel::Text => "Text message",
            ContactChannel::Email => "Email",
            ContactChannel::Webchat => "Webchat",
            ContactChannel::InPerson => "In person",
            ContactChannel::SelfReferral => "Self-referral form",
        }
    }
}

code_enum! {
    /// Who made the contact.
    pub enum ContactBy {
        /// The person the contact is about.
        Themselves => "self",
        ParentCarer => "parent_carer",
        FamilyMember => "family_member",
        Friend => "friend",
        /// A teacher, youth worker, health worker or other professional.
        Professional => "professional",
    }
}

impl ContactBy {
    pub fn describe(self) -> &'static str {
        match self {
            ContactBy::Themselves => "The person themselves",
            ContactBy::ParentCarer => "A parent or carer",
            ContactBy::FamilyMember => "Another family member",
            ContactBy::Friend => "A friend",
            ContactBy::Professional => "A professional",
        }
    }
}

/// One contact, as the provider logged it and a council linked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelplineContact {
    pub id: HelplineContactId,
    /// The interview provider (or charity registered as one) that took the contact and keeps it.
    pub provider_id: AgencyId,
    pub channel: ContactChannel,
    pub contacted_at: Timestamp,
    pub contact_by: ContactBy,
    /// What was asked or told: the person's own account (sensitivity class `childs_account`). Empty once withheld
    /// from the reader, or erased with the person's records.
    pub asked: Option<FreeText>,
    /// Identifying details the provider holds, if any: enough for a council to find the person.
    pub name: Option<PersonName>,
    pub date_of_birth: Option<time::Date>,
    /// The council the person lives in, as they said.
    pub home_la_id: Option<AgencyId>,
    pub sharing: Sharing,
    /// The council the contact is shared with; none when it is not shared.
    pub shared_with: Option<AgencyId>,
    /// The person's record the contact has joined, once the provider named them or the council linked them.
    pub person_id: Option<PersonId>,
    pub linked_by: Option<UserId>,
    pub linked_at: Option<Timestamp>,
    pub logged_by: UserId,
    pub logged_at: Timestamp,
}

/// Which page of contacts: newest contact first.
pub type HelplinePaging = Paging<Timestamp, HelplineContactId>;
pub type HelplinePage = Page<HelplineContact, Timestamp, HelplineContactId>;

/// One group of a provider's contacts in a period, as the store counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelplineCount {
    pub channel: ContactChannel,
    pub contact_by: ContactBy,
    pub sharing: SharingKind,
    pub count: u64,
}

/// A provider's figures of its own contacts in a period: every code appears, with zero when none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelplineFigures {
    pub contacts: u64,
    pub by_channel: Vec<(ContactChannel, u64)>,
    pub by_contact_by: Vec<(ContactBy, u64)>,
    pub by_sharing: Vec<(SharingKind, u64)>,
}

impl HelplineFigures {
    /// Tallies the store's groups into every code's count.
    pub fn tally(counts: &[HelplineCount]) -> Self {
        let sum = |keep: &dyn Fn(&HelplineCount) -> bool| counts.iter().filter(|c| keep(c)).map(|c| c.count).sum();
        Self {
            contacts: sum(&|_| true),
            by_channel: ContactChannel::ALL.iter().map(|k| (*k, sum(&|c| c.channel == *k))).collect(),
            by_contact_by: ContactBy::ALL.iter().map(|k| (*k, sum(&|c| c.contact_by == *k))).collect(),
            by_sharing: SharingKind::ALL.iter().map(|k| (*k, sum(&|c| c.sharing == *k))).collect(),
        }
    }

    /// Every figure with its key, nested keys joined by dots as the API nests them (`by_channel.phone`).
    pub fn entries(&self) -> Vec<(String, u64)> {
        let mut entries = vec![("contacts".to_owned(), self.contacts)];
        entries.extend(self.by_channel.iter().map(|(k, n)| (format!("by_channel.{k}"), *n)));
        entries.extend(self.by_contact_by.iter().map(|(k, n)| (format!("by_contact_by.{k}"), *n)));
        entries.extend(self.by_sharing.iter().map(|(k, n)| (format!("by_sharing.{k}"), *n)));
        entries
    }

    /// The figures as `figure,value` rows, every cell through the spreadsheet-safety rule.
    pub fn csv(&self) -> String {
        use std::fmt::Write;
        self.entries().iter().fold(String::from("figure,value\n"), |mut csv, (key, value)| {
            let key = crate::rules::spreadsheet::safe_cell(key);
            writeln!(csv, "{key},{value}").expect("writing to a string cannot fail");
            csv
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_name_every_code_and_add_up() {
        let counts = [
            HelplineCount {
                channel: ContactChannel::Phone,
                contact_by: ContactBy::Themselves,
                sharing: SharingKind::Consent,
                count: 3,
            },
            HelplineCount {
                channel: ContactChannel::Webchat,
                contact_by: ContactBy::Themselves,
                sharing: SharingKind::NotShared,
                count: 2,
            },
        ];
        let figures = HelplineFigures::tally(&counts);
        assert_eq!(figures.contacts, 5);
        assert_eq!(figures.by_channel.len(), ContactChannel::ALL.len());
        assert!(figures.by_channel.contains(&(ContactChannel::Phone, 3)));
        assert!(figures.by_contact_by.contains(&(ContactBy::Themselves, 5)));
        assert!(figures.by_sharing.contains(&(SharingKind::SafeguardingGround, 0)));
        let csv = figures.csv();
        assert!(csv.starts_with("figure,value\ncontacts,5\nby_channel.phone,3\n"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + figures.entries().len());
    }
}
