//! Helpline and self-referral contacts on the pages (issue 17, item 3): the agency's contacts (`/helpline-contacts`:
//! a provider's own, a council's inbox of those shared with it), logging one (`/helpline-contacts/new`), one contact
//! with the council's form to link it to a person (`/helpline-contacts/{id}`), a person's (`/people/{id}/helpline`)
//! and the provider's figures (`/helpline-figures`). Every form posts and redirects; a refused one is shown again
//! with its errors (422).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::FieldErrors;
use homeward_core::domain::helpline::{ContactBy, ContactChannel, HelplinePaging};
use homeward_core::domain::ids::{HelplineContactId, PersonId};
use homeward_core::domain::time::{format_date_long, format_london};
use homeward_core::rules::helpline::{SafeguardingGround, SharingKind};
use homeward_core::services::helpline::{HelplineInput, HelplineView, NewHelplineContact, may_log};

use super::chrome::{Chrome, Nav, render, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_given, date_text, london_time};
use super::session::SignedIn;
use crate::AppState;
use crate::filters::paging;

struct Row {
    href: String,
    when: String,
    channel: &'static str,
    contact_by: &'static str,
    sharing: &'static str,
    linked: &'static str,
}

fn row(v: &HelplineView) -> Row {
    let c = &v.contact;
    Row {
        href: format!("/helpline-contacts/{}", c.id),
        when: format_london(c.contacted_at),
        channel: c.channel.describe(),
        contact_by: c.contact_by.describe(),
        sharing: c.sharing.kind().describe(),
        linked: match (c.sharing.kind(), c.person_id) {
            (SharingKind::NotShared, _) => "Kept by the provider",
            (_, Some(_)) => "On the person's record",
            (_, None) => "Not yet linked",
        },
    }
}

#[derive(Template)]
#[template(path = "helpline_contacts.html")]
struct ListPage {
    chrome: Chrome,
    heading: &'static str,
    intro: &'static str,
    may_log: bool,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

fn cursor(fields: &Fields) -> HelplinePaging {
    paging(&mut FieldErrors::new(), fields.one("cursor").map(str::to_owned).as_ref(), None)
}

/// `GET /helpline-contacts`: the contacts the user's provider logged, or those shared with the user's council.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let actor = &signed_in.current.actor;
    let paging = cursor(&fields);
    let page = state
        .core
        .helpline_contacts(actor, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let provider = may_log(actor);
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Helpline contacts", &signed_in, Nav::Helpline),
        heading: "Helpline contacts",
        intro: if provider {
            "Contacts your helpline logged, newest first. One not shared stays with your agency and counts only in \
             your figures."
        } else {
            "Contacts a helpline shared with your council, with consent or on a safeguarding ground, newest first. \
             Link each to the person's record once you know who they are."
        },
        may_log: provider,
        rows: page.items.iter().map(row).collect(),
        next_href: page.next.map(|c| format!("/helpline-contacts?cursor={}", c.encode())),
        first_href: paging.after.map(|_| "/helpline-contacts".to_owned()),
    };
    Ok(render(&page).into_response())
}

/// `GET /people/{id}/helpline`: the contacts linked to the person.
pub async fn person(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let person: PersonId = signed_in.id(&id)?;
    let paging = cursor(&fields);
    let page = state
        .core
        .helpline_contacts_for_person(&signed_in.current.actor, person, &paging)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let base = format!("/people/{person}/helpline");
    let page = ListPage {
        chrome: Chrome::signed_in(&state.assets, "Helpline contacts", &signed_in, Nav::Episodes),
        heading: "Helpline contacts",
        intro: "Contacts with a helpline about this person, shared with their council and linked to their record, \
                newest first.",
        may_log: false,
        rows: page.items.iter().map(row).collect(),
        next_href: page.next.map(|c| format!("{base}?cursor={}", c.encode())),
        first_href: paging.after.map(|_| base.clone()),
    };
    Ok(render(&page).into_response())
}

#[derive(Template)]
#[template(path = "helpline_new.html")]
struct NewPage {
    chrome: Chrome,
    channels: Vec<Choice>,
    callers: Vec<Choice>,
    sharings: Vec<Choice>,
    grounds: Vec<Choice>,
    form: FormState,
}

fn new_page(state: &AppState, signed_in: &SignedIn, form: FormState) -> Response {
    let choices = |codes: Vec<(&'static str, String)>| {
        codes.into_iter().map(|(code, label)| Choice::new(code, &label, false)).collect::<Vec<_>>()
    };
    let title = if form.has_errors() { "Error: Log a helpline contact" } else { "Log a helpline contact" };
    let page = NewPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Helpline),
        channels: choices(ContactChannel::ALL.iter().map(|c| (c.as_str(), c.describe().to_owned())).collect()),
        callers: choices(ContactBy::ALL.iter().map(|c| (c.as_str(), c.describe().to_owned())).collect()),
        sharings: choices(SharingKind::ALL.iter().map(|k| (k.as_str(), k.describe().to_owned())).collect()),
        // A last "none" lets a ground chosen by mistake be taken back without scripts.
        grounds: choices(
            SafeguardingGround::ALL
                .iter()
                .map(|g| (g.as_str(), format!("{} ({})", g.describe(), g.source())))
                .chain([("", "No ground: shared with consent, or not shared".to_owned())])
                .collect(),
        ),
        form,
    };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /helpline-contacts/new`.
pub async fn new_form(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response, HtmlError> {
    if !may_log(&signed_in.current.actor) {
        let refused = homeward_core::CoreError::Forbidden(homeward_core::authz::Action::LogHelplineContact.refusal());
        return Err(HtmlError::new(refused, signed_in.request_id.clone()));
    }
    Ok(new_page(&state, &signed_in, FormState::default()))
}

fn optional(fields: &Fields, name: &str) -> Option<String> {
    fields.one(name).map(str::to_owned)
}

/// `POST /helpline-contacts/new`: logs the contact, then shows it.
pub async fn new_submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let mut form = FormState::new(fields.clone(), Vec::new());
    let contacted_at = london_time(&fields, "contacted", "the contact was made");
    if let Err(message) = &contacted_at {
        form.errors.push(("contacted_at".into(), message.clone()));
    }
    let input = HelplineInput {
        channel: fields.one("channel").unwrap_or_default().to_owned(),
        contacted_at: contacted_at.clone().unwrap_or_else(|_| "2000-01-01T00:00:00Z".to_owned()),
        contact_by: fields.one("contact_by").unwrap_or_default().to_owned(),
        asked: fields.one("asked").unwrap_or_default().to_owned(),
        name: optional(&fields, "name"),
        date_of_birth: date_given(&fields, "date_of_birth").then(|| date_text(&fields, "date_of_birth")),
        home_la: optional(&fields, "home_la"),
        sharing: fields.one("sharing").unwrap_or_default().to_owned(),
        ground: optional(&fields, "ground"),
        ground_reason: optional(&fields, "ground_reason"),
        share_with: optional(&fields, "share_with"),
        person_id: None,
    };
    let logged = match NewHelplineContact::parse(&input) {
        Ok(new) if contacted_at.is_ok() => state.core.log_helpline_contact(&signed_in.current.actor, new).await,
        Ok(_) => Err(homeward_core::CoreError::Invalid(FieldErrors::new())),
        Err(refused) => Err(refused),
    };
    match logged {
        Ok(view) => Ok(Redirect::to(&format!("/helpline-contacts/{}?logged=1", view.contact.id)).into_response()),
        Err(refused) => {
            // The time's own message, from the boxes, says more than the placeholder's.
            let refused = match refused {
                homeward_core::CoreError::Invalid(fields) if contacted_at.is_err() => {
                    let mut kept = FieldErrors::new();
                    fields.iter().filter(|(f, _)| *f != "contacted_at").for_each(|(f, m)| kept.add(f, m));
                    homeward_core::CoreError::Invalid(kept)
                }
                other => other,
            };
            form.refused(refused, "channel").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            Ok(new_page(&state, &signed_in, form))
        }
    }
}

#[derive(Template)]
#[template(path = "helpline_contact.html")]
struct ContactPage {
    chrome: Chrome,
    notice: Option<&'static str>,
    id: String,
    facts: Vec<(&'static str, String)>,
    asked: Option<String>,
    asked_withheld: bool,
    person_id: Option<String>,
    may_link: bool,
    may_unlink: bool,
    form: FormState,
}

fn contact_page(
    state: &AppState,
    signed_in: &SignedIn,
    view: &HelplineView,
    notice: Option<&'static str>,
    form: FormState,
) -> Response {
    let c = &view.contact;
    let agency = |a: &Option<homeward_core::domain::agency::Agency>| {
        a.as_ref().map_or_else(String::new, |a| format!("{} ({})", a.name, a.code))
    };
    let mut facts = vec![
        ("When", format_london(c.contacted_at)),
        ("How", c.channel.describe().to_owned()),
        ("Who contacted", c.contact_by.describe().to_owned()),
        ("Taken by", agency(&view.provider)),
        ("Shared", c.sharing.kind().describe().to_owned()),
    ];
    if let Some(ground) = c.sharing.ground() {
        facts.push(("Safeguarding ground", format!("{} ({})", ground.describe(), ground.source())));
    }
    if let Some(reason) = c.sharing.reason() {
        facts.push(("Why the ground applies", reason.to_string()));
    }
    if view.shared_with.is_some() {
        facts.push(("Shared with", agency(&view.shared_with)));
    }
    if let Some(name) = &c.name {
        facts.push(("Name given", name.to_string()));
    }
    if let Some(born) = c.date_of_birth {
        facts.push(("Date of birth given", format_date_long(born)));
    }
    if view.home_la.is_some() {
        facts.push(("Lives in", agency(&view.home_la)));
    }
    let title = if form.has_errors() { "Error: Helpline contact" } else { "Helpline contact" };
    let page = ContactPage {
        chrome: Chrome::signed_in(&state.assets, title, signed_in, Nav::Helpline),
        notice,
        id: c.id.to_string(),
        facts,
        asked: c.asked.as_ref().map(ToString::to_string),
        asked_withheld: !view.withheld.is_empty(),
        person_id: c.person_id.map(|p| p.to_string()),
        may_link: view.may_link,
        may_unlink: view.may_unlink,
        form,
    };
    let has_errors = page.form.has_errors();
    render_form(&page, has_errors)
}

/// `GET /helpline-contacts/{id}`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let id: HelplineContactId = signed_in.id(&id)?;
    let view = state
        .core
        .helpline_contact(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    let notice = [
        ("logged", "The contact has been logged"),
        ("linked", "The contact is on the person's record"),
        ("unlinked", "The contact is off that person's record and back in your inbox, to be linked again"),
    ]
    .into_iter()
    .find(|(flag, _)| fields.one(flag).is_some())
    .map(|(_, message)| message);
    Ok(contact_page(&state, &signed_in, &view, notice, FormState::default()))
}

/// `POST /helpline-contacts/{id}/unlink`: undoes a wrong link.
pub async fn unlink(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: HelplineContactId = signed_in.id(&id)?;
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    state.core.unlink_helpline_contact(&signed_in.current.actor, id).await.map_err(failed)?;
    Ok(Redirect::to(&format!("/helpline-contacts/{id}?unlinked=1")).into_response())
}

/// `POST /helpline-contacts/{id}/link`.
pub async fn link(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, HtmlError> {
    signed_in.check_csrf(fields.one("csrf_token").unwrap_or_default())?;
    let id: HelplineContactId = signed_in.id(&id)?;
    let actor = &signed_in.current.actor;
    let failed = |e| HtmlError::new(e, signed_in.request_id.clone());
    let linked = match fields.one("person_id").map(str::trim).unwrap_or_default().parse::<PersonId>() {
        Ok(person) => state.core.link_helpline_contact(actor, id, person).await,
        Err(_) => Err(homeward_core::CoreError::invalid(
            "person_id",
            "enter the person's record number, as it appears in the address of their record",
        )),
    };
    match linked {
        Ok(_) => Ok(Redirect::to(&format!("/helpline-contacts/{id}?linked=1")).into_response()),
        Err(refused) => {
            // A contact the user does not see is the not-found page; a record number that names no one the council
            // holds (unknown or unseen alike) is the form's error, not a page that loses what was typed.
            let view = state.core.helpline_contact(actor, id).await.map_err(failed)?;
            let refused = match refused {
                homeward_core::CoreError::NotFound => homeward_core::CoreError::invalid(
                    "person_id",
                    "names no one your council holds: check the record number in the address of their record",
                ),
                other => other,
            };
            let mut form = FormState::new(fields, Vec::new());
            form.refused(refused, "person_id").map_err(failed)?;
            Ok(contact_page(&state, &signed_in, &view, None, form))
        }
    }
}

#[derive(Template)]
#[template(path = "helpline_figures.html")]
struct FiguresPage {
    chrome: Chrome,
    from: String,
    to: String,
    contacts: u64,
    groups: Vec<(&'static str, Vec<(&'static str, u64)>)>,
    form: FormState,
}

/// `GET /helpline-figures?from=&to=`: the provider's own figures; the last 30 days when no period is given.
pub async fn figures(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    let today = homeward_core::domain::time::london(state.core.now()).date();
    let given = |name: &str, default: time::Date| {
        fields.one(name).map_or_else(|| homeward_core::domain::time::format_date(default), str::to_owned)
    };
    let (from, to) = (given("from", today - time::Duration::days(29)), given("to", today));
    let request = homeward_core::domain::stats::FiguresRequest::parse(Some(&from), Some(&to), None);
    let mut form = FormState::new(fields.clone(), Vec::new());
    let figures = match request {
        Ok(request) => state
            .core
            .helpline_figures(&signed_in.current.actor, request.period.from(), request.period.to(), None)
            .await
            .map(Some),
        Err(errors) => Err(homeward_core::CoreError::Invalid(errors)),
    };
    let figures = match figures {
        Ok(figures) => figures,
        Err(refused) => {
            form.refused(refused, "from").map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
            None
        }
    };
    let groups = figures.as_ref().map_or_else(Vec::new, |f| {
        vec![
            ("By channel", f.by_channel.iter().map(|(k, n)| (k.describe(), *n)).collect()),
            ("By who contacted", f.by_contact_by.iter().map(|(k, n)| (k.describe(), *n)).collect()),
            ("By sharing", f.by_sharing.iter().map(|(k, n)| (k.describe(), *n)).collect()),
        ]
    });
    let title = if form.has_errors() { "Error: Helpline figures" } else { "Helpline figures" };
    let page = FiguresPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::Helpline),
        from,
        to,
        contacts: figures.as_ref().map_or(0, |f| f.contacts),
        groups,
        form,
    };
    let has_errors = page.form.has_errors();
    Ok(render_form(&page, has_errors))
}
