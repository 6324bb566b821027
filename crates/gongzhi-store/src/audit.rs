//! The audit log: appending inside a change's own transaction, reading, and verifying the hash chain.

use sqlx::{AnyConnection, Row};

use gongzhi_domain::audit::{
    Anchor, AuditEntry, AuditFields, ChainBreak, GENESIS_HASH, Verifier, chain_hash,
};

use crate::{Actor, Result, Store, sql};

/// Appends one entry. Call it as the last write of the transaction that makes the change: the `UPDATE` of the head
/// row takes the next sequence number and locks the head until commit, so appends are serialised across connections
/// and app servers, and a rolled-back change leaves no entry behind.
pub async fn append(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: &str,
    detail: serde_json::Value,
) -> Result<i64> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get(0)?;
    let prev_hash: String = head.try_get(1)?;
    let detail = detail.to_string();
    let actor_id = actor.user_id.map(|u| u.to_string());
    let fields = AuditFields {
        seq,
        at: actor.at,
        actor_id: actor_id.as_deref(),
        actor: &actor.label,
        address: &actor.address,
        action,
        entity_type,
        entity_id,
        detail: &detail,
    };
    let hash = chain_hash(&prev_hash, &fields);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor, address, action, entity_type, entity_id, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seq)
    .bind(actor.at)
    .bind(actor_id)
    .bind(&actor.label)
    .bind(&actor.address)
    .bind(action)
    .bind(entity_type)
    .bind(entity_id)
    .bind(&detail)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor_id: row.try_get("actor_id")?,
        actor: row.try_get("actor")?,
        address: row.try_get("address")?,
        action: row.try_get("action")?,
        entity_type: row.try_get("entity_type")?,
        entity_id: row.try_get("entity_id")?,
        detail: row.try_get("detail")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const COLUMNS: &str =
    "seq, at, actor_id, actor, address, action, entity_type, entity_id, detail, prev_hash, hash";

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    /// Entries that verified before the first break (all of them when `first_break` is `None`).
    pub verified: i64,
    pub first_break: Option<ChainBreak>,
    /// The head row's view of the chain end; a mismatch means entries were removed from the end.
    pub head_seq: i64,
}

impl Store {
    /// Entries after `after_seq`, oldest first.
    pub async fn list_audit(&self, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        )))
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The most recent entries about one entity, newest first.
    pub async fn list_audit_for(
        &self,
        entity_type: &str,
        entity_id: &str,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT $3"
        )))
        .bind(entity_type)
        .bind(entity_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Walks the whole chain in batches and reports the first entry that no longer matches.
    pub async fn verify_audit(&self, anchor: Option<&Anchor>) -> Result<VerifyReport> {
        let (head_seq, head_hash) = self.audit_head().await?;
        let mut verifier = Verifier::default();
        let mut after = 0;
        loop {
            let batch = self.list_audit(after, 5_000).await?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            for e in &batch {
                if let Err(b) = verifier.check(e) {
                    return Ok(VerifyReport {
                        verified: verifier.verified(),
                        first_break: Some(b),
                        head_seq,
                    });
                }
                if let Some(a) = anchor.filter(|a| a.seq == e.seq)
                    && a.hash != e.hash
                {
                    return Ok(VerifyReport {
                        verified: verifier.verified() - 1,
                        first_break: Some(ChainBreak::Anchor { seq: a.seq }),
                        head_seq,
                    });
                }
            }
        }
        // An anchor past the end of the log: the entries it vouches for are gone.
        if let Some(a) =
            anchor.filter(|a| a.seq > verifier.verified() || (a.seq == 0 && a.hash != GENESIS_HASH))
        {
            return Ok(VerifyReport {
                verified: verifier.verified(),
                first_break: Some(ChainBreak::Anchor { seq: a.seq }),
                head_seq,
            });
        }
        // The head must point at the last entry, by count and by hash: lowering the counter after deleting entries
        // from the end leaves the old hash behind.
        let first_break = verifier.check_head(head_seq, &head_hash).err();
        Ok(VerifyReport {
            verified: verifier.verified(),
            first_break,
            head_seq,
        })
    }

    /// The chain head: the number of entries and the hash of the last one. Kept outside the database (logged at
    /// start-up and on a schedule, printed by `gongzhi audit anchor`), it proves later that nothing up to it was
    /// rewritten or removed.
    pub async fn audit_head(&self) -> Result<(i64, String)> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.read)
            .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }
}
