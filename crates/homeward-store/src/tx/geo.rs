//! The ONS Postcode Directory: each postcode with its grid reference and local authority.

use async_trait::async_trait;
use homeward_core::StoreError;
use homeward_core::domain::geo::PostcodeInfo;
use homeward_core::domain::text::Postcode;
use homeward_core::ports::GeoTx;

use super::SqlTx;
use crate::dialect::{Dialect, Row, corrupt};
use crate::tables;
use crate::value::{Query, query};

#[async_trait]
impl<D: Dialect> GeoTx for SqlTx<D> {
    async fn postcode(&mut self, postcode: &Postcode) -> Result<Option<PostcodeInfo>, StoreError> {
        self.one(query!("SELECT * FROM postcodes WHERE postcode = $1", postcode.as_str()), postcode_info).await
    }

    async fn postcode_count(&mut self) -> Result<u64, StoreError> {
        let count = self.one(Query::new("SELECT COUNT(*) AS n FROM postcodes"), |row| row.int("n")).await?;
        Ok(count.flatten().map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    }

    async fn holds_postcodes(&mut self) -> Result<bool, StoreError> {
        Ok(self.one(Query::new("SELECT 1 AS held FROM postcodes LIMIT 1"), |row| row.int("held")).await?.is_some())
    }

    async fn holds_la_code(&mut self, la_code: &str) -> Result<bool, StoreError> {
        let query = query!("SELECT 1 AS held FROM postcodes WHERE la_code = $1 LIMIT 1", la_code);
        Ok(self.one(query, |row| row.int("held")).await?.is_some())
    }

    /// Emptied and loaded in the one transaction: PostgreSQL streams the rows with `COPY`, SQLite takes them in
    /// prepared statements of thousands of rows each.
    async fn replace_postcodes(&mut self, postcodes: &[PostcodeInfo]) -> Result<u64, StoreError> {
        self.run(Query::new("DELETE FROM postcodes")).await?;
        self.insert_with(tables::postcodes(postcodes), "").await
    }
}

fn postcode_info(row: &impl Row) -> Result<PostcodeInfo, StoreError> {
    let int = |column: &str| row.int(column)?.and_then(|n| i32::try_from(n).ok()).ok_or_else(|| corrupt(column));
    Ok(PostcodeInfo {
        postcode: row.parsed("postcode", Postcode::parse)?.ok_or_else(|| corrupt("postcode"))?,
        easting: int("easting")?,
        northing: int("northing")?,
        la_code: row.text("la_code")?.ok_or_else(|| corrupt("la_code"))?,
        terminated: row.text("terminated")?,
    })
}
