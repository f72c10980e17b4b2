//! Intelligence's part of a transaction: places and associates as records, their links to episodes and findings,
//! and contexts (issue 15).

use async_trait::async_trait;

/// Places, associates and their links.
#[async_trait]
pub trait IntelTx: Send {}
