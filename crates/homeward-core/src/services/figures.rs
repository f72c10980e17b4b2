//! Key figures: counts over the episodes an actor may see, for a period of London dates, never naming anyone.
//! Analysts count their agency's episodes, case staff their own case scope, operators any agency or the whole
//! country; each request is audited with its period and agency.

use time::Date;

use crate::authz::Actor;
use crate::domain::agency::{Agency, AgencyCode};
use crate::domain::audit::AuditAction;
use crate::domain::stats::{FiguresCount, KeyFigures, MonthFigures, Period};
use crate::domain::time::format_date;
use crate::error::CoreError;

use super::Core;

impl Core {
    /// The key figures of the episodes that went missing from `from` to `to` (London dates, both included), within
    /// the actor's figures scope, or within `agency`'s: any agency for an operator, only their own for a user.
    pub async fn key_figures(
        &self,
        actor: &Actor,
        from: Date,
        to: Date,
        agency: Option<&AgencyCode>,
    ) -> Result<KeyFigures, CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::FiguresRead, "figures"), async {
            Ok(self.count_figures(actor, from, to, agency, false).await?.0)
        })
        .await
    }

    /// The same figures, and each calendar month's, from one read and one pass.
    pub async fn figures_by_month(
        &self,
        actor: &Actor,
        from: Date,
        to: Date,
        agency: Option<&AgencyCode>,
    ) -> Result<(KeyFigures, Vec<MonthFigures>), CoreError> {
        self.attempt(actor, super::Attempt::list(AuditAction::FiguresRead, "figures"), async {
            self.count_figures(actor, from, to, agency, true).await
        })
        .await
    }

    /// The agencies whose figures the actor may ask for by name: every agency for an operator, their own for a
    /// user who may see figures at all.
    pub async fn figures_agencies(&self, actor: &Actor) -> Result<Vec<Agency>, CoreError> {
        actor.figures_scope()?;
        let mut tx = self.begin_read().await?;
        Ok(match actor.agency_id() {
            None => tx.agencies().await?,
            Some(own) => tx.agency(own).await?.into_iter().collect(),
        })
    }

    /// Counts the figures as the rows stream from the store, each month's too when `by_month`.
    async fn count_figures(
        &self,
        actor: &Actor,
        from: Date,
        to: Date,
        agency: Option<&AgencyCode>,
        by_month: bool,
    ) -> Result<(KeyFigures, Vec<MonthFigures>), CoreError> {
        let mut scope = actor.figures_scope()?;
        let period = Period::new(from, to).map_err(CoreError::Invalid)?;
        let mut tx = self.begin_read().await?;
        if let Some(code) = agency {
            let agency = tx
                .agency_by_code(code)
                .await?
                .ok_or_else(|| CoreError::invalid("agency", "no agency has that code"))?;
            scope = actor.figures_scope_naming(&agency)?;
        }
        let (start, end) = period.instants();
        let mut count = FiguresCount::new(period, by_month);
        tx.stats_rows(scope, start, end, &mut |row| count.add(&row)).await?;
        let missing_education = tx.children_missing_education(scope, start, end, period.from(), period.to()).await?;
        let details = serde_json::json!({
            "from": format_date(period.from()),
            "to": format_date(period.to()),
            "agency": agency.map(AgencyCode::as_str),
        });
        self.record_read(tx, self.audit_event(actor, AuditAction::FiguresRead, "figures", None, &details)).await?;
        let (mut figures, months) = count.finish();
        figures.children_missing_education = u64::try_from(missing_education).unwrap_or_default();
        Ok((figures, months))
    }
}
