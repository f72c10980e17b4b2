//! The reads behind a council's SSDA903 return: its Header and Episodes as imported, the missing periods of the
//! children they name, and the periods of the children it looks after whom they do not name.

use homeward_core::StoreError;
use homeward_core::domain::ids::AgencyId;
use homeward_core::domain::ssda903::{Ssda903Child, Ssda903Episode};
use homeward_core::ports::{MissingPeriod, UnlistedPeriod};

use super::SqlTx;
use crate::dialect::Dialect;
use crate::rows;
use crate::value::query;

impl<D: Dialect> SqlTx<D> {
    pub(super) async fn council_903_children(&mut self, la: AgencyId) -> Result<Vec<Ssda903Child>, StoreError> {
        let sql = "SELECT * FROM ssda903_children WHERE la_id = $1 ORDER BY child";
        self.all(query!(sql, la), rows::ssda903_child).await
    }

    pub(super) async fn council_903_episodes(&mut self, la: AgencyId) -> Result<Vec<Ssda903Episode>, StoreError> {
        let sql = "SELECT * FROM ssda903_episodes WHERE la_id = $1 ORDER BY child, decom";
        self.all(query!(sql, la), rows::ssda903_episode).await
    }

    pub(super) async fn council_903_missing_periods(&mut self, la: AgencyId) -> Result<Vec<MissingPeriod>, StoreError> {
        let sql = "SELECT r.ref AS source_ref, e.went_missing_at, e.returned_at, e.la_category \
                   FROM ssda903_children c JOIN person_refs r ON r.agency_id = c.la_id AND r.ref = c.child \
                   JOIN episodes e ON e.person_id = r.person_id WHERE c.la_id = $1 ORDER BY r.ref, e.went_missing_at, e.id";
        self.all(query!(sql, la), rows::missing_period).await
    }

    pub(super) async fn council_unlisted_periods(&mut self, la: AgencyId) -> Result<Vec<UnlistedPeriod>, StoreError> {
        let sql = "SELECT e.person_id, e.went_missing_at, e.returned_at \
                   FROM people p JOIN episodes e ON e.person_id = p.id \
                   WHERE p.looked_after = TRUE AND p.responsible_la_id = $1 AND NOT EXISTS (\
                     SELECT 1 FROM person_refs r JOIN ssda903_children c ON c.la_id = r.agency_id AND c.child = r.ref \
                     WHERE r.agency_id = $1 AND r.person_id = p.id) \
                   ORDER BY e.person_id, e.went_missing_at, e.id";
        self.all(query!(sql, la), rows::unlisted_period).await
    }
}
