//! The returns councils owe (docs/RETURNS.md): Ofsted's Annex A missing list, the Standard Safeguarding Dataset's
//! `ssd_missing` table and the DfE's 2024 return interview figures, each of one council's children's episodes in a
//! period, each written once here for the command line, the API and the pages. Audited: the lists name children by
//! id and date of birth.

use std::collections::BTreeMap;

use crate::authz::Actor;
use crate::domain::agency::{Agency, AgencyKind};
use crate::domain::audit::AuditAction;
use crate::domain::returns::{CouncilReturnRequest, ReturnFile, ReturnKind, ReturnRow};
use crate::domain::stats::FiguresCount;
use crate::domain::time::format_date;
use crate::error::CoreError;
use crate::ports::Tx;
use crate::rules::returns::{
    ANNEX_A_COLUMNS, ProviderCount, RHI_FIGURES_COLUMNS, SSD_COLUMNS, annex_a_row, interviews_by_provider, owed_by,
    rhi_figures_rows, ssd_row,
};

use super::{Attempt, Core};

const NOT_A_COUNCILS: &str = "the research extract is not a council's return";

/// The council a return is for: an agency of that code that is a council, or the field `la` at fault.
async fn council(tx: &mut dyn Tx, request: &CouncilReturnRequest) -> Result<Agency, CoreError> {
    let agency =
        tx.agency_by_code(&request.la).await?.ok_or_else(|| CoreError::invalid("la", "no agency has that code"))?;
    if agency.kind != AgencyKind::LocalAuthority {
        return Err(CoreError::invalid("la", format!("{} is not a council", request.la)));
    }
    Ok(agency)
}

/// The return interview figures' rows: the key figures of the rows, then each provider by name and code.
async fn rhi_figures(
    tx: &mut dyn Tx,
    request: &CouncilReturnRequest,
    rows: &[ReturnRow],
) -> Result<Vec<Vec<String>>, CoreError> {
    let mut count = FiguresCount::new(request.period, false);
    for row in rows {
        count.add(&row.stats);
    }
    let figures = count.finish().0;
    let mut by_provider = interviews_by_provider(rows);
    let unassigned = by_provider.remove(&None).unwrap_or_default();
    let mut providers: BTreeMap<String, ProviderCount> = BTreeMap::new();
    for (id, counted) in by_provider {
        let Some(id) = id else { continue };
        let name = match tx.agency(id).await? {
            Some(agency) => format!("{} ({})", agency.name, agency.code),
            None => id.to_string(),
        };
        providers.insert(name, counted);
    }
    let providers: Vec<(String, ProviderCount)> = providers.into_iter().collect();
    Ok(rhi_figures_rows(&figures, &providers, unassigned))
}

impl Core {
    /// A council's return of `kind` for the period: every episode of its children that went missing in it (no
    /// cap), as the file's documented columns. Operators write any council's; a council's coordinator, senior
    /// manager or analyst their own council's (`authz::RETURN_WRITERS`).
    pub async fn council_return(
        &self,
        actor: &Actor,
        kind: ReturnKind,
        request: &CouncilReturnRequest,
    ) -> Result<ReturnFile, CoreError> {
        self.attempt(actor, Attempt::list(AuditAction::ReturnWritten, "return"), async {
            if !kind.is_councils() {
                return Err(CoreError::invalid("kind", NOT_A_COUNCILS));
            }
            actor.require_return(kind)?;
            let mut tx = self.begin_read().await?;
            let council = council(tx.as_mut(), request).await?;
            let scope = actor.council_return_scope(kind, &council)?;
            let (start, end) = request.period.instants();
            let mut rows = Vec::new();
            tx.return_rows(scope, start, end, Some(council.id), &mut |row| {
                if owed_by(&row, council.id) {
                    rows.push(row);
                }
            })
            .await?;
            let (columns, cells) = match kind {
                ReturnKind::AnnexA => (ANNEX_A_COLUMNS, rows.iter().map(annex_a_row).collect()),
                ReturnKind::Ssd => (SSD_COLUMNS, rows.iter().map(ssd_row).collect()),
                ReturnKind::RhiFigures => (RHI_FIGURES_COLUMNS, rhi_figures(tx.as_mut(), request, &rows).await?),
                ReturnKind::Research => return Err(CoreError::invalid("kind", NOT_A_COUNCILS)),
            };
            let file = ReturnFile { kind, columns, rows: cells, suppressed: 0 };
            let details = serde_json::json!({
                "kind": kind.as_str(),
                "la": council.code.as_str(),
                "from": format_date(request.period.from()),
                "to": format_date(request.period.to()),
                "episodes": rows.len(),
                "rows": file.rows.len(),
            });
            let event =
                self.audit_event(actor, AuditAction::ReturnWritten, "agency", Some(council.id.to_string()), &details);
            self.record_read(tx, event).await?;
            Ok(file)
        })
        .await
    }
}
