//! The search index's upkeep: rebuilding it for every case (`gongzhi search reindex`), and catching up on the cases
//! that have no document yet (after an upgrade) when a server starts. Writing a case writes its document in the same
//! transaction, so neither is needed in normal operation; both are safe with several app servers (a document is
//! replaced whole).

use gongzhi_domain::cases::CaseId;

use crate::{App, AppError};

/// Cases indexed per transaction.
const BATCH: i64 = 500;

/// Rewrites every case's document, reporting `(done, total)` after each batch.
pub async fn reindex(app: &App, mut progress: impl FnMut(u64, u64)) -> Result<u64, AppError> {
    let (total, _) = app.store().index_counts().await?;
    let mut after: Option<CaseId> = None;
    let mut done = 0u64;
    loop {
        let ids = app.store().case_ids_after(after, BATCH).await?;
        let Some(last) = ids.last().copied() else { break };
        app.store().index_cases(&ids).await?;
        done += ids.len() as u64;
        after = Some(last);
        progress(done, total.max(0) as u64);
    }
    Ok(done)
}

/// Writes the documents of the cases that have none; answers how many.
pub async fn catch_up(app: &App) -> Result<u64, AppError> {
    let mut done = 0u64;
    loop {
        let ids = app.store().unindexed_cases(BATCH).await?;
        if ids.is_empty() {
            return Ok(done);
        }
        app.store().index_cases(&ids).await?;
        done += ids.len() as u64;
    }
}
