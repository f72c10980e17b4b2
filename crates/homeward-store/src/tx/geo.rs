//! The ONS Postcode Directory: each postcode with its grid reference and local authority.

use async_trait::async_trait;
use homeward_core::ports::GeoTx;

use super::SqlTx;
use crate::dialect::Dialect;

#[async_trait]
impl<D: Dialect> GeoTx for SqlTx<D> {}
