//! The plans the database chooses for the reads that must stay within the caller's share at national scale: a page
//! of episodes and a period's figures. For tests and benchmarks that check an index serves them.

use homeward_core::domain::episode::EpisodeQuery;
use homeward_core::domain::time::Timestamp;
use homeward_core::{Scope, StoreError};

use crate::SqlStore;
use crate::dialect::Dialect;
use crate::tx::SqlTx;

#[allow(private_bounds, reason = "the dialects are the crate's own; callers name them through the aliases")]
impl<D: Dialect> SqlStore<D> {
    /// The plan of a page of the episodes within `scope` (`GET /api/v1/episodes`), one line per step.
    pub async fn plan_of_episode_page(&self, scope: Scope, query: &EpisodeQuery) -> Result<Vec<String>, StoreError> {
        let mut conn = D::begin(&self.pools).await?;
        D::explain(&mut conn, SqlTx::<D>::episode_page_query(scope, query)).await
    }

    /// The plan of the key figures' rows within `scope` for a period (`GET /api/v1/stats`), one line per step.
    pub async fn plan_of_figures(
        &self,
        scope: Scope,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = D::begin(&self.pools).await?;
        let hint = SqlTx::<D>::figures_hint(&mut conn, scope, from, until).await?;
        D::explain(&mut conn, SqlTx::<D>::figures_query(hint, scope, from, until)).await
    }
}
