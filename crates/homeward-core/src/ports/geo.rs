//! Geography's part of a transaction: the ONS Postcode Directory, each postcode with its grid reference and local
//! authority (issue 15).

use async_trait::async_trait;

use crate::domain::geo::PostcodeInfo;
use crate::domain::text::Postcode;
use crate::error::StoreError;

/// The postcode directory's reads and writes.
#[async_trait]
pub trait GeoTx: Send {
    /// What the directory says of a postcode, or `None` when it does not hold it.
    async fn postcode(&mut self, postcode: &Postcode) -> Result<Option<PostcodeInfo>, StoreError>;
    /// How many postcodes the directory holds: 0 until one is imported.
    async fn postcode_count(&mut self) -> Result<u64, StoreError>;
    /// Whether the directory holds any postcode: whether one has been imported.
    async fn holds_postcodes(&mut self) -> Result<bool, StoreError>;
    /// Whether any postcode the directory holds lies in this local authority (an ONS code, `E06000047`).
    async fn holds_la_code(&mut self, la_code: &str) -> Result<bool, StoreError>;
    /// Replaces the whole directory with `postcodes` (each once); answers how many went in. Within the caller's
    /// transaction, so a failure part-way keeps the directory as it was.
    async fn replace_postcodes(&mut self, postcodes: &[PostcodeInfo]) -> Result<u64, StoreError>;
}
