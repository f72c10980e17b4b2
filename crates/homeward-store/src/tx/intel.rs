//! Places and associates as records, their links to episodes and findings, and contexts.

use async_trait::async_trait;
use homeward_core::ports::IntelTx;

use super::SqlTx;
use crate::dialect::Dialect;

#[async_trait]
impl<D: Dialect> IntelTx for SqlTx<D> {}
