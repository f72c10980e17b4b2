//! The profile photograph: uploaded from the profile page as a multipart form, served only to those who may see the
//! person, never cached, and recognised by content so nothing but a JPEG or PNG is ever served back.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use homeward_core::CoreError;
use homeward_core::domain::ids::PersonId;
use homeward_core::domain::time::parse_date;

use super::error::HtmlError;
use super::session::SignedIn;
use crate::AppState;

/// `GET /people/{id}/photo`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    let photo = state
        .core
        .photo(&signed_in.current.actor, id)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(image(&photo))
}

/// The photograph as an image answer: inline, never cached, its type fixed by its content.
pub fn image(photo: &homeward_core::domain::photo::Photo) -> Response {
    (
        [
            (header::CONTENT_TYPE, photo.kind.content_type()),
            (header::CONTENT_DISPOSITION, "inline; filename=\"photograph\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        photo.bytes.clone(),
    )
        .into_response()
}

/// `POST /people/{id}/photo` (multipart: `csrf_token`, `taken_day`, `taken_month`, `taken_year`, `photo`).
pub async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, HtmlError> {
    let id = signed_in.id::<PersonId>(&id)?;
    let refused = |_| HtmlError::csrf(signed_in.request_id.clone());
    let mut texts = std::collections::HashMap::new();
    let mut bytes = Bytes::new();
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            bytes = field.bytes().await.map_err(refused)?;
        } else {
            texts.insert(name, field.text().await.map_err(refused)?);
        }
    }
    signed_in.check_csrf(texts.get("csrf_token").map_or("", String::as_str))?;
    let part = |name: &str| texts.get(name).map_or("", |v| v.trim()).to_owned();
    let taken_on =
        parse_date(&format!("{:0>4}-{:0>2}-{:0>2}", part("taken_year"), part("taken_month"), part("taken_day")))
            .map_err(|_| {
                HtmlError::new(
                    CoreError::invalid("taken_on", "Enter the date the photograph was taken"),
                    signed_in.request_id.clone(),
                )
            })?;
    state
        .core
        .save_photo(&signed_in.current.actor, id, bytes.to_vec(), taken_on)
        .await
        .map_err(|e| HtmlError::new(e, signed_in.request_id.clone()))?;
    Ok(Redirect::to(&format!("/people/{id}/profile?photo=1")).into_response())
}
