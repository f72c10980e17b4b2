//! Geography's part of a transaction: the ONS Postcode Directory, each postcode with its grid reference and local
//! authority (issue 15).

use async_trait::async_trait;

/// The postcode directory's reads and writes.
#[async_trait]
pub trait GeoTx: Send {}
