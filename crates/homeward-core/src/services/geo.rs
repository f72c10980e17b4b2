//! The ONS Postcode Directory: replaced whole by an operator from the files ONS publishes, looked up by postcode.
//! The directory is public data, so a lookup is not audited; replacing it is.

use crate::authz::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::geo::PostcodeInfo;
use crate::domain::text::Postcode;
use crate::error::CoreError;

use super::Core;

impl Core {
    /// Replaces the whole directory with `postcodes` (read and checked before, each once) in one transaction, so a
    /// failure keeps the directory as it was; answers how many postcodes it now holds.
    pub async fn replace_postcode_directory(
        &self,
        actor: &Actor,
        postcodes: &[PostcodeInfo],
    ) -> Result<u64, CoreError> {
        actor.require_operator("only the service's operators import the postcode directory")?;
        let mut tx = self.begin_long_job().await?;
        let loaded = tx.replace_postcodes(postcodes).await?;
        // Places recorded before (or under another directory) take their grid reference from this one.
        let regridded = tx.regrid_places().await?;
        let details = serde_json::json!({ "postcodes": loaded, "places_regridded": regridded });
        tx.append_audit(self.audit_event(actor, AuditAction::PostcodesImported, "postcode_directory", None, &details))
            .await?;
        tx.commit().await?;
        Ok(loaded)
    }

    /// What the directory says of a postcode, or `None` when it does not hold it.
    pub async fn postcode_info(&self, postcode: &Postcode) -> Result<Option<PostcodeInfo>, CoreError> {
        Ok(self.begin_read().await?.postcode(postcode).await?)
    }

    /// How many postcodes the directory holds: 0 until one is imported.
    pub async fn postcode_count(&self) -> Result<u64, CoreError> {
        Ok(self.begin_read().await?.postcode_count().await?)
    }
}
