//! Placements: written whole from their table's column list, read by id or by person.

use homeward_core::StoreError;
use homeward_core::domain::ids::{PersonId, PlacementId};
use homeward_core::domain::placement::Placement;

use super::SqlTx;
use crate::dialect::Dialect;
use crate::value::query;
use crate::{rows, tables};

impl<D: Dialect> SqlTx<D> {
    pub(super) async fn add_placement(&mut self, placement: &Placement) -> Result<(), StoreError> {
        self.insert(tables::placements(std::slice::from_ref(placement))).await
    }

    pub(super) async fn save_placement(&mut self, placement: &Placement) -> Result<(), StoreError> {
        self.save(tables::placements(std::slice::from_ref(placement))).await
    }

    pub(super) async fn placement_by_id(&mut self, id: PlacementId) -> Result<Option<Placement>, StoreError> {
        self.one(query!("SELECT * FROM placements WHERE id = $1", id), rows::placement).await
    }

    pub(super) async fn person_placements(&mut self, person: PersonId) -> Result<Vec<Placement>, StoreError> {
        let sql = "SELECT * FROM placements WHERE person_id = $1 ORDER BY started_on DESC, recorded_at DESC, id";
        self.all(query!(sql, person), rows::placement).await
    }
}
