//! Running statements within the transaction: reading rows back decoded, and writing records from their table's
//! column list, one or many.

use homeward_core::StoreError;

use super::SqlTx;
use crate::dialect::Dialect;
use crate::tables::Rows;
use crate::value::Query;

impl<D: Dialect> SqlTx<D> {
    /// Every row of a query, decoded.
    pub(super) async fn all<T>(
        &mut self,
        query: Query,
        decode: fn(&D::Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        D::fetch_all(&mut self.conn, query).await?.iter().map(decode).collect()
    }

    /// The row, if any, of a query, decoded.
    pub(super) async fn one<T>(
        &mut self,
        query: Query,
        decode: fn(&D::Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        D::fetch_optional(&mut self.conn, query).await?.as_ref().map(decode).transpose()
    }

    /// Runs a statement; answers how many rows it changed.
    pub(super) async fn run(&mut self, query: Query) -> Result<u64, StoreError> {
        D::execute(&mut self.conn, query).await
    }

    /// Inserts records, restore-style when the table is empty and the records many.
    pub(super) async fn insert(&mut self, rows: Rows<'_>) -> Result<(), StoreError> {
        self.insert_with(rows, "").await.map(drop)
    }

    /// Inserts records with `suffix` after each statement; answers how many went in.
    pub(super) async fn insert_with(&mut self, rows: Rows<'_>, suffix: &str) -> Result<u64, StoreError> {
        if rows.len == 0 {
            return Ok(0);
        }
        let set_aside = D::set_aside(&mut self.conn, rows.table, rows.len).await?;
        let inserted = D::insert_rows(&mut self.conn, rows.table, rows.columns, rows.values, rows.len, suffix).await?;
        D::restore(&mut self.conn, set_aside).await?;
        Ok(inserted)
    }

    /// Writes records read in this transaction back whole, by their `id`.
    pub(super) async fn save(&mut self, rows: Rows<'_>) -> Result<(), StoreError> {
        for update in rows.updates("id") {
            self.run(update).await?;
        }
        Ok(())
    }
}
