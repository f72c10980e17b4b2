//! The figures page (`/figures`): a period's key figures for analysts, council coordinators and senior managers,
//! as summary lists, charts drawn on the server and tables of the same numbers; and the same figures as CSV
//! (`/figures.csv`). What is counted, and for whom, is the core's decision; this module decides only which roles
//! get the page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use homeward_core::CoreError;
use homeward_core::domain::agency::AgencyCode;
use homeward_core::domain::stats::{FiguresRequest, KeyFigures, MonthFigures, Period};
use homeward_core::domain::time::{format_date, format_date_long, london, parse_date};
use homeward_core::domain::user::Role;

use super::charts::{BLUE, Chart, GREEN, Scale, Series, Table, bars, columns, count, percent};
use super::chrome::{Chrome, Nav, render_form};
use super::error::HtmlError;
use super::forms::{Choice, Fields, FormState, date_given, date_text};
use super::session::SignedIn;
use crate::AppState;

/// The roles the page is for. Other case staff may still ask the API for their own figures.
pub fn may_open(role: Role) -> bool {
    matches!(role, Role::Analyst | Role::LaCoordinator | Role::LaSeniorManager)
}

/// What the page shows once the figures are counted.
struct Shown {
    period: String,
    csv_href: String,
    people: Vec<(&'static str, String)>,
    interviews: Vec<(&'static str, String)>,
    exploitation: Vec<(&'static str, String)>,
    /// Children's homes' notifications to Ofsted (reg 40(4)).
    ofsted: Vec<(&'static str, String)>,
    outcome: Table,
    by_month: Chart,
    offers: Chart,
    risk: Chart,
    duration: Chart,
}

#[derive(Template)]
#[template(path = "figures.html")]
struct FiguresPage {
    chrome: Chrome,
    form: FormState,
    agencies: Vec<Choice>,
    caption: String,
    shown: Option<Shown>,
}

fn refuse(signed_in: &SignedIn) -> Result<(), HtmlError> {
    if may_open(signed_in.current.user.role) {
        Ok(())
    } else {
        Err(HtmlError::new(
            CoreError::Forbidden("figures are for analysts, council coordinators and senior managers"),
            signed_in.request_id.clone(),
        ))
    }
}

/// The date boxes of a period, for showing a period nobody typed.
fn date_fields(prefix: &str, date: time::Date) -> [(String, String); 3] {
    [
        (format!("{prefix}_day"), date.day().to_string()),
        (format!("{prefix}_month"), u8::from(date.month()).to_string()),
        (format!("{prefix}_year"), date.year().to_string()),
    ]
}

/// The period and agency the form asks for, or its problems as GOV.UK messages.
fn read_form(form: &mut FormState) -> Option<(Period, Option<AgencyCode>)> {
    let from = parse_date(&date_text(&form.fields, "from")).ok();
    let to = parse_date(&date_text(&form.fields, "to")).ok();
    if from.is_none() {
        form.errors.push(("from".into(), "Enter a real start date, for example 1 4 2025".into()));
    }
    if to.is_none() {
        form.errors.push(("to".into(), "Enter a real end date, for example 31 3 2026".into()));
    }
    let agency = form.fields.one("agency").map(AgencyCode::parse).transpose();
    if agency.is_err() {
        form.errors.push(("agency".into(), "Choose an agency from the list".into()));
    }
    let period = match Period::new(from?, to?) {
        Ok(period) => period,
        Err(refused) => {
            form.errors
                .extend(refused.iter().map(|(field, message)| (field.to_owned(), format!("End date {message}"))));
            return None;
        }
    };
    Some((period, agency.ok()?))
}

/// `GET /figures`: the last 12 complete months until a period is chosen.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(fields): Query<Fields>,
) -> Result<Response, HtmlError> {
    refuse(&signed_in)?;
    let failed = |e: CoreError| HtmlError::new(e, signed_in.request_id.clone());
    let actor = &signed_in.current.actor;
    let agencies = state.core.figures_agencies(actor).await.map_err(failed)?;
    let chosen = ["from", "to"].iter().any(|prefix| date_given(&fields, prefix));
    let mut form = if chosen {
        FormState::new(fields, Vec::new())
    } else {
        let last = Period::last_complete_months(london(state.core.now()).date(), 12);
        let pairs: Vec<(String, String)> =
            date_fields("from", last.from()).into_iter().chain(date_fields("to", last.to())).collect();
        FormState::new(Fields::from(pairs), Vec::new())
    };
    let mut shown = None;
    if let Some((period, agency)) = read_form(&mut form) {
        match state.core.figures_by_month(actor, period.from(), period.to(), agency.as_ref()).await {
            Ok((total, months)) => shown = Some(present(period, agency.as_ref(), &total, &months)),
            Err(refused) => form.refused(refused, "agency").map_err(failed)?,
        }
    }
    let chosen_agency = form.value("agency").to_owned();
    let agencies = agencies
        .iter()
        .map(|a| Choice::new(a.code.as_str(), a.name.as_ref(), a.code.as_str() == chosen_agency))
        .collect();
    let title = if form.has_errors() { "Error: Key figures" } else { "Key figures" };
    let page = FiguresPage {
        chrome: Chrome::signed_in(&state.assets, title, &signed_in, Nav::Figures),
        caption: signed_in.current.agency.name.to_string(),
        agencies,
        shown,
        form,
    };
    Ok(render_form(&page, page.form.has_errors()))
}

/// Which figures the CSV holds: the same query the page links with.
#[derive(Debug, serde::Deserialize)]
pub struct CsvParams {
    from: Option<String>,
    to: Option<String>,
    agency: Option<String>,
}

/// `GET /figures.csv?from=&to=&agency=`: the figures as `figure,value` rows, downloaded as a file.
pub async fn csv(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(params): Query<CsvParams>,
) -> Result<Response, HtmlError> {
    refuse(&signed_in)?;
    let failed = |e: CoreError| HtmlError::new(e, signed_in.request_id.clone());
    let request = FiguresRequest::parse(params.from.as_deref(), params.to.as_deref(), params.agency.as_deref())
        .map_err(|fields| failed(CoreError::Invalid(fields)))?;
    let (from, to) = (request.period.from(), request.period.to());
    let figures =
        state.core.key_figures(&signed_in.current.actor, from, to, request.agency.as_ref()).await.map_err(failed)?;
    let file = format!("attachment; filename=\"key-figures-{}-to-{}.csv\"", format_date(from), format_date(to));
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)],
        figures.csv(),
    )
        .into_response())
}

fn listed(figures: &KeyFigures, keys: &[&str]) -> Vec<(&'static str, String)> {
    let entries = figures.entries();
    keys.iter().filter_map(|key| entries.iter().find(|f| f.key == *key)).map(|f| (f.label, count(f.value))).collect()
}

fn rate(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| percent(s, 1))
}

/// The month as a column's label (`Nov 2025`) and as a table's row (`November 2025`).
fn month_names(month: &MonthFigures) -> (String, String) {
    let name = month.month.month().to_string();
    (format!("{} {}", &name[..3], month.month.year()), format!("{name} {}", month.month.year()))
}

/// A table of categories with their counts and share of the whole.
fn shares(caption: &str, heading: &str, rows: &[(String, u64)]) -> Table {
    let total: u64 = rows.iter().map(|(_, v)| v).sum();
    Table {
        caption: caption.to_owned(),
        head: vec![heading.to_owned(), "Incidents".into(), "Share".into()],
        rows: rows
            .iter()
            .map(|(label, value)| {
                let share = if total == 0 { "–".to_owned() } else { percent(*value as f64 / total as f64, 1) };
                (label.clone(), vec![count(*value), share])
            })
            .collect(),
    }
}

fn present(period: Period, agency: Option<&AgencyCode>, total: &KeyFigures, months: &[MonthFigures]) -> Shown {
    let range = format!("{} to {}", format_date_long(period.from()), format_date_long(period.to()));
    let agency = agency.map(|code| format!("&agency={code}")).unwrap_or_default();
    let csv_href = format!("/figures.csv?from={}&to={}{agency}", format_date(period.from()), format_date(period.to()));
    let names: Vec<(String, String)> = months.iter().map(month_names).collect();
    let short: Vec<String> = names.iter().map(|(s, _)| s.clone()).collect();
    let by_month = columns(
        "incidents-by-month",
        format!("Incidents and people by month, {range}"),
        &short,
        &[
            Series {
                label: "Incidents",
                fill: BLUE,
                values: months.iter().map(|m| Some(m.figures.incidents as f64)).collect(),
            },
            Series {
                label: "People",
                fill: GREEN,
                values: months.iter().map(|m| Some(m.figures.individuals as f64)).collect(),
            },
        ],
        Scale::Count,
        Table {
            caption: "Incidents and people by month".into(),
            head: vec!["Month".into(), "Incidents".into(), "People".into()],
            rows: months
                .iter()
                .zip(&names)
                .map(|(m, (_, long))| (long.clone(), vec![count(m.figures.incidents), count(m.figures.individuals)]))
                .collect(),
        },
    );
    let offers = columns(
        "interviews-by-month",
        format!("Return interviews offered, and offered within 72 hours, as a share of those due, by month, {range}"),
        &short,
        &[
            Series {
                label: "Offered",
                fill: BLUE,
                values: months.iter().map(|m| m.figures.rhi.offer_rate()).collect(),
            },
            Series {
                label: "Offered within 72 hours",
                fill: GREEN,
                values: months.iter().map(|m| m.figures.rhi.offered_within_72h_rate()).collect(),
            },
        ],
        Scale::Share,
        Table {
            caption: "Return interviews by month".into(),
            head: ["Month", "Due", "Offered", "Offer rate", "Offered within 72 hours", "72-hour rate"]
                .map(str::to_owned)
                .to_vec(),
            rows: months
                .iter()
                .zip(&names)
                .map(|(m, (_, long))| {
                    let rhi = &m.figures.rhi;
                    let cells = vec![
                        count(rhi.due),
                        count(rhi.offered),
                        rate(rhi.offer_rate()),
                        count(rhi.offered_within_72h),
                        rate(rhi.offered_within_72h_rate()),
                    ];
                    (long.clone(), cells)
                })
                .collect(),
        },
    );
    let r = &total.risk;
    let risk_rows: Vec<(String, u64)> = [
        ("High", r.high),
        ("Medium", r.medium),
        ("Low", r.low),
        ("No apparent risk", r.no_apparent_risk),
        ("Not assessed", r.unassessed),
    ]
    .map(|(label, value)| (label.to_owned(), value))
    .to_vec();
    let d = &total.duration;
    let duration_rows: Vec<(String, u64)> = [
        ("Under 24 hours", d.under_24h),
        ("24 to 48 hours", d.from_24h_to_48h),
        ("48 hours to 7 days", d.from_48h_to_7d),
        ("7 days or more", d.over_7d),
        ("Still missing", d.still_missing),
    ]
    .map(|(label, value)| (label.to_owned(), value))
    .to_vec();
    let o = &total.outcome;
    let outcome_rows: Vec<(String, u64)> = [
        ("Returned by themselves", o.returned_self),
        ("Found by the police", o.found_by_police),
        ("Found by someone else", o.found_by_other),
        ("Found dead", o.found_dead),
    ]
    .map(|(label, value)| (label.to_owned(), value))
    .to_vec();
    let mut interviews = listed(
        total,
        &["rhi.due", "rhi.offered", "rhi.offered_within_72h", "rhi.completed", "rhi.completed_within_72h"],
    );
    interviews.push(("Offer rate", rate(total.rhi.offer_rate())));
    interviews.push(("Offered within 72 hours, as a share of those due", rate(total.rhi.offered_within_72h_rate())));
    interviews.extend(listed(total, &["rhi.declined", "rhi.not_possible"]));
    Shown {
        period: range.clone(),
        csv_href,
        people: listed(
            total,
            &[
                "incidents",
                "individuals",
                "child_incidents",
                "child_individuals",
                "adult_incidents",
                "adult_individuals",
                "looked_after_incidents",
                "looked_after_individuals",
                "repeat_children",
            ],
        ),
        interviews,
        exploitation: listed(
            total,
            &["exploitation.cse_concern", "exploitation.cce_concern", "children_missing_education"],
        ),
        ofsted: listed(
            total,
            &["ofsted.prompted", "ofsted.notified", "ofsted.notified_within_24h", "ofsted.unrecorded"],
        ),
        outcome: shares("How returned episodes ended", "Outcome", &outcome_rows),
        by_month,
        offers,
        risk: bars(
            "risk",
            format!("Incidents by current risk grade, {range}"),
            &risk_rows,
            shares("Incidents by risk grade", "Risk", &risk_rows),
        ),
        duration: bars(
            "duration",
            format!("Incidents by how long people were missing, {range}"),
            &duration_rows,
            shares("Incidents by how long people were missing", "Time missing", &duration_rows),
        ),
    }
}
