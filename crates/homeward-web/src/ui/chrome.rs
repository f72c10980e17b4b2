//! What every page shares: its title, the stylesheets and scripts, the signed-in user's bar and the navigation.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::session::SignedIn;
use crate::assets::Assets;

/// Which navigation item is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    None,
    Home,
    Episodes,
    Interviews,
    Recommendations,
    Figures,
    Helpline,
}

/// The signed-in user, as the bar above every page shows them.
#[derive(Debug, Clone)]
pub struct UserBar {
    pub name: String,
    pub role: &'static str,
    pub agency: String,
}

#[derive(Debug, Clone)]
pub struct Chrome {
    pub title: String,
    pub govuk_css: String,
    pub app_css: String,
    pub app_js: String,
    pub user: Option<UserBar>,
    pub csrf_token: String,
    pub nav: Nav,
    /// Whether the user's role has the figures page.
    pub figures: bool,
    /// Whether the user's role has helpline contacts: a provider's practitioners, a council's staff.
    pub helpline: bool,
}

impl Chrome {
    pub fn anonymous(assets: &Assets, title: &str) -> Self {
        Self {
            title: title.to_owned(),
            govuk_css: assets.govuk_css.clone(),
            app_css: assets.app_css.clone(),
            app_js: assets.app_js.clone(),
            user: None,
            csrf_token: String::new(),
            nav: Nav::None,
            figures: false,
            helpline: false,
        }
    }

    pub fn signed_in(assets: &Assets, title: &str, signed_in: &SignedIn, nav: Nav) -> Self {
        let current = &signed_in.current;
        Self {
            user: Some(UserBar {
                name: current.user.name.to_string(),
                role: current.user.role.label(),
                agency: current.agency.name.to_string(),
            }),
            csrf_token: signed_in.csrf_token(),
            nav,
            figures: super::figures::may_open(current.user.role),
            helpline: homeward_core::services::helpline::has_helpline(&current.actor),
            ..Self::anonymous(assets, title)
        }
    }

    pub fn nav_home(&self) -> bool {
        self.nav == Nav::Home
    }

    pub fn nav_episodes(&self) -> bool {
        self.nav == Nav::Episodes
    }

    pub fn nav_interviews(&self) -> bool {
        self.nav == Nav::Interviews
    }

    pub fn nav_recommendations(&self) -> bool {
        self.nav == Nav::Recommendations
    }

    pub fn nav_figures(&self) -> bool {
        self.nav == Nav::Figures
    }

    pub fn nav_helpline(&self) -> bool {
        self.nav == Nav::Helpline
    }
}

/// Renders a page; a template that fails to render is a bug, answered as a plain 500 and logged.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service.").into_response()
        }
    }
}

/// Renders a form page: 422 when it is shown again because of problems with what was sent, 200 otherwise.
pub fn render_form<T: Template>(page: &T, has_errors: bool) -> Response {
    let mut response = render(page);
    if has_errors && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    response
}
