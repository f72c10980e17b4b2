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

    /// Emptied and loaded in the one transaction. SQLite takes the rows in prepared statements of thousands each,
    /// into the emptied table (its readers keep their snapshot). PostgreSQL streams them with `COPY` into a table of
    /// their own, keyed and indexed once full, which then takes the directory's place: loading into the emptied
    /// table would check each new key against the 2.7 million deleted ones, and `TRUNCATE` would lock out every
    /// lookup for the whole load, where the swap holds that lock only for the rename.
    async fn replace_postcodes(&mut self, postcodes: &[PostcodeInfo]) -> Result<u64, StoreError> {
        if D::NAME != "postgres" {
            self.run(Query::new("DELETE FROM postcodes")).await?;
            return self.insert_with(tables::postcodes(postcodes), "").await;
        }
        self.run(Query::new("CREATE TABLE postcodes_next (LIKE postcodes INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"))
            .await?;
        let mut rows = tables::postcodes(postcodes);
        rows.table = "postcodes_next";
        let loaded = self.insert_with(rows, "").await?;
        for sql in [
            "ALTER TABLE postcodes_next ADD CONSTRAINT postcodes_next_pkey PRIMARY KEY (postcode)",
            "CREATE INDEX postcodes_next_la_code ON postcodes_next (la_code)",
            "DROP TABLE postcodes",
            "ALTER TABLE postcodes_next RENAME TO postcodes",
            "ALTER INDEX postcodes_next_pkey RENAME TO postcodes_pkey",
            "ALTER INDEX postcodes_next_la_code RENAME TO postcodes_la_code",
        ] {
            self.run(Query::new(sql)).await?;
        }
        Ok(loaded)
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
