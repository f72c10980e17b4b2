//! One typed method per page the tests visit or form they submit. Forms are sent as given, CSRF token included or
//! left out, so tests can show what happens without one.

use std::fmt::Display;

use super::client::{Client, Reply};

impl Client {
    pub async fn home(&self) -> Reply {
        self.get("/").await
    }

    /// The home page, with a query string.
    pub async fn home_page(&self, query: &str) -> Reply {
        self.get(&format!("/{query}")).await
    }

    pub async fn sign_in_page(&self) -> Reply {
        self.get("/sign-in").await
    }

    pub async fn submit_sign_in(&self, form: &[(&str, &str)]) -> Reply {
        self.post_form("/sign-in", form).await
    }

    /// Signs in through the form, with the CSRF token the form carries.
    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        let token = self.sign_in_page().await.csrf_token();
        self.submit_sign_in(&[("email", email), ("password", password), ("csrf_token", &token)]).await
    }

    pub async fn sign_out(&self, csrf_token: &str) -> Reply {
        self.post_form("/sign-out", &[("csrf_token", csrf_token)]).await
    }

    /// The episodes list page, with a query string.
    pub async fn episodes_page(&self, query: &str) -> Reply {
        self.get(&format!("/episodes{query}")).await
    }

    /// The return interviews list page, with a query string.
    pub async fn interviews_page(&self, query: &str) -> Reply {
        self.get(&format!("/return-interviews{query}")).await
    }

    /// The recommendations list page, with a query string.
    pub async fn recommendations_page(&self, query: &str) -> Reply {
        self.get(&format!("/recommendations{query}")).await
    }

    /// An episode's page, with a query string.
    pub async fn episode_page(&self, id: impl Display, query: &str) -> Reply {
        self.get(&format!("/episodes/{id}{query}")).await
    }

    pub async fn report_form(&self) -> Reply {
        self.get("/episodes/new").await
    }

    pub async fn submit_report(&self, form: &[(&str, &str)]) -> Reply {
        self.post_form("/episodes/new", form).await
    }

    pub async fn assess_form(&self, episode: impl Display) -> Reply {
        self.get(&format!("/episodes/{episode}/assess")).await
    }

    pub async fn submit_assessment(&self, episode: impl Display, form: &[(&str, &str)]) -> Reply {
        self.post_form(&format!("/episodes/{episode}/assess"), form).await
    }

    /// The home page's worklist form: the ticked `alert`s, one `note`, the `kind` listed.
    pub async fn submit_acknowledgements(&self, form: &[(&str, &str)]) -> Reply {
        self.post_form("/alerts/acknowledge", form).await
    }

    /// The user's own choice of alerts by email.
    pub async fn alert_emails_page(&self, query: &str) -> Reply {
        self.get(&format!("/account/alert-emails{query}")).await
    }

    pub async fn submit_alert_emails(&self, form: &[(&str, &str)]) -> Reply {
        self.post_form("/account/alert-emails", form).await
    }

    /// A return interview's page.
    pub async fn given_up_page(&self, query: &str) -> Reply {
        self.get(&format!("/notifications/given-up{query}")).await
    }

    pub async fn interview_page(&self, id: impl Display) -> Reply {
        self.get(&format!("/return-interviews/{id}")).await
    }

    pub async fn submit_assignment(&self, interview: impl Display, form: &[(&str, &str)]) -> Reply {
        self.post_form(&format!("/return-interviews/{interview}/assign"), form).await
    }

    /// A person's profile form, with a query string.
    pub async fn profile_page(&self, person: impl Display, query: &str) -> Reply {
        self.get(&format!("/people/{person}/profile{query}")).await
    }

    pub async fn submit_profile(&self, person: impl Display, form: &[(&str, &str)]) -> Reply {
        self.post_form(&format!("/people/{person}/profile"), form).await
    }

    /// The figures page, with a query string.
    pub async fn placements_page(&self, person: impl Display, query: &str) -> Reply {
        self.get(&format!("/people/{person}/placements{query}")).await
    }

    pub async fn submit_placement(&self, person: impl Display, form: &[(&str, &str)]) -> Reply {
        self.post_form(&format!("/people/{person}/placements"), form).await
    }

    pub async fn submit_placement_end(&self, placement: &str, form: &[(&str, &str)]) -> Reply {
        self.post_form(&format!("/placements/{placement}/end"), form).await
    }

    pub async fn figures_page(&self, query: &str) -> Reply {
        self.get(&format!("/figures{query}")).await
    }

    /// The figures as a CSV download, with a query string.
    pub async fn figures_csv(&self, query: &str) -> Reply {
        self.get(&format!("/figures.csv{query}")).await
    }
}
