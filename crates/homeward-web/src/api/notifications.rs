//! Notifications out of Homeward, as the API shows them: the notifications an agency's admin must put right (given
//! up after every attempt failed), and the kinds of alert each user has chosen to receive by email.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use homeward_core::FieldErrors;
use homeward_core::domain::alert::AlertKind;
use homeward_core::domain::notification::{Event, Notification};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::views::Page;
use crate::AppState;
use crate::auth::ApiActor;
use crate::error::{ApiError, ErrorBody, rejection};
use crate::filters::paging;

/// A notification Homeward gave up delivering.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationView {
    #[schema(format = "uuid")]
    pub id: String,
    /// `email` or `webhook`.
    #[schema(value_type = homeward_core::domain::notification::Channel)]
    pub channel: &'static str,
    /// The address or URL it was for.
    pub recipient: String,
    pub about: About,
    /// The alert it was about; none for a digest.
    #[schema(format = "uuid")]
    pub alert_id: Option<String>,
    /// The alert's kind, as in `GET /alerts`; none for a digest.
    #[schema(value_type = Option<homeward_core::domain::alert::AlertKind>)]
    pub kind: Option<&'static str>,
    pub attempts: i64,
    /// The last answer of the server, or why it could not be reached.
    pub last_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub gave_up_at: Option<String>,
}

/// What a notification was about: `alert` (an alert just raised) or `digest` (the daily digest).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum About {
    Alert,
    Digest,
}

impl From<&Notification> for NotificationView {
    fn from(n: &Notification) -> Self {
        let (about, alert_id, kind) = match &n.event {
            Event::Alert(alert) => (About::Alert, Some(alert.alert_id.to_string()), Some(alert.kind.as_str())),
            Event::Digest(_) => (About::Digest, None, None),
        };
        Self {
            id: n.id.to_string(),
            channel: n.channel.as_str(),
            recipient: n.recipient.clone(),
            about,
            alert_id,
            kind,
            attempts: n.attempts,
            last_error: n.last_error.clone(),
            created_at: n.created_at.to_rfc3339(),
            gave_up_at: n.gave_up_at.map(homeward_core::domain::time::Timestamp::to_rfc3339),
        }
    }
}

/// Which page.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    /// The `next` value of the previous page.
    cursor: Option<String>,
    /// Items per page, 1 to 200; 50 if not given.
    limit: Option<String>,
}

/// The caller's agency's notifications given up on, oldest first: for its admin to put the address or the server
/// right.
#[utoipa::path(
    get,
    path = "/api/v1/notifications/given-up",
    tag = "notifications",
    params(PageParams),
    responses(
        (status = 200, description = "A page of notifications given up on", body = Page<NotificationView>),
        (status = 403, description = "Only the agency's admin sees them", body = ErrorBody),
        (status = 422, description = "The cursor or limit is not valid, or a parameter is unknown", body = ErrorBody),
    )
)]
pub async fn given_up(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    params: Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<NotificationView>>, ApiError> {
    let Query(params) = params.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let paging = paging(&mut errors, params.cursor.as_ref(), params.limit.as_ref());
    errors.into_result()?;
    let page = state.core.given_up_notifications(&actor, &paging).await?;
    Ok(Json(Page::of(&page, NotificationView::from)))
}

/// The kinds of alert of the caller's agency emailed to the caller, and whether they receive the daily digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertEmails {
    /// Alert kinds, as in `GET /alerts`.
    #[schema(value_type = Vec<homeward_core::domain::alert::AlertKind>)]
    pub kinds: Vec<String>,
    /// Whether the caller receives the daily digest of their agency's alerts (counts by kind, after 07:00).
    pub daily_digest: bool,
    /// Whether the caller's role may have the digest: a council's senior managers and police supervisors.
    pub daily_digest_offered: bool,
}

/// A new choice of alert emails.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChooseAlertEmails {
    /// Alert kinds, as in `GET /alerts`: these and no others are emailed.
    #[schema(value_type = Vec<homeward_core::domain::alert::AlertKind>)]
    pub kinds: Vec<String>,
    /// Start (`true`) or stop (`false`) the daily digest; left as it is when not given.
    pub daily_digest: Option<bool>,
}

async fn chosen(state: &AppState, actor: &homeward_core::Actor) -> Result<AlertEmails, ApiError> {
    let kinds = state.core.alert_subscriptions(actor).await?;
    Ok(AlertEmails {
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        daily_digest: state.core.digest_chosen(actor).await?,
        daily_digest_offered: actor.may_receive_digest(),
    })
}

/// The kinds of alert emailed to the caller.
#[utoipa::path(
    get,
    path = "/api/v1/me/alert-emails",
    tag = "notifications",
    responses(
        (status = 200, description = "The kinds chosen", body = AlertEmails),
        (status = 403, description = "The caller's role works no alerts", body = ErrorBody),
    )
)]
pub async fn alert_emails(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<AlertEmails>, ApiError> {
    Ok(Json(chosen(&state, &actor).await?))
}

/// Replaces the kinds of alert emailed to the caller, and starts or stops their daily digest; an unknown kind is a
/// 422 naming its place (`kinds[1]`), and nothing changes.
#[utoipa::path(
    put,
    path = "/api/v1/me/alert-emails",
    tag = "notifications",
    request_body = ChooseAlertEmails,
    responses(
        (status = 200, description = "The kinds now chosen", body = AlertEmails),
        (status = 403, description = "The caller's role works no alerts, or may not have the digest", body = ErrorBody),
        (status = 422, description = "A kind is not one, or the body's fields are wrong", body = ErrorBody),
    )
)]
pub async fn choose_alert_emails(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: Result<Json<ChooseAlertEmails>, JsonRejection>,
) -> Result<Json<AlertEmails>, ApiError> {
    let Json(body) = body.map_err(rejection)?;
    let mut errors = FieldErrors::new();
    let kinds: Vec<AlertKind> = body
        .kinds
        .iter()
        .enumerate()
        .filter_map(|(i, k)| errors.check(&format!("kinds[{i}]"), AlertKind::parse(k)))
        .collect();
    errors.into_result()?;
    // The digest first: a role that may not have it is refused before anything changes.
    if let Some(digest) = body.daily_digest {
        state.core.choose_digest(&actor, digest).await?;
    }
    state.core.set_alert_subscriptions(&actor, &kinds).await?;
    Ok(Json(chosen(&state, &actor).await?))
}
