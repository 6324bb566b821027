//! Canned replies (常用答复), for one category or for all.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::replies::{CannedReply, NewReply};

use crate::{Actor, Result, Store, audit};

fn reply_from_row(r: &sqlx::any::AnyRow) -> Result<CannedReply> {
    Ok(CannedReply {
        id: r.try_get("id")?,
        category: r.try_get("category_code")?,
        title: r.try_get("title")?,
        text: r.try_get("text")?,
    })
}

impl Store {
    /// Every active canned reply: the general ones first, then by category.
    pub async fn list_replies(&self) -> Result<Vec<CannedReply>> {
        let rows = sqlx::query(
            "SELECT id, category_code, title, text FROM canned_replies WHERE active = 1 \
             ORDER BY CASE WHEN category_code IS NULL THEN 0 ELSE 1 END, category_code, created_at, id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(reply_from_row).collect()
    }

    /// The active canned replies for a category: its own first, then the general ones.
    pub async fn replies_for(&self, category: Option<&str>) -> Result<Vec<CannedReply>> {
        let rows = sqlx::query(
            "SELECT id, category_code, title, text FROM canned_replies WHERE active = 1 AND (category_code = $1 OR category_code IS NULL) \
             ORDER BY CASE WHEN category_code IS NULL THEN 1 ELSE 0 END, created_at, id",
        )
        .bind(category.unwrap_or(""))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(reply_from_row).collect()
    }

    /// Adds a canned reply, audited.
    pub async fn insert_reply(&self, actor: &Actor, reply: &NewReply) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        sqlx::query("INSERT INTO canned_replies (id, category_code, title, text, active, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)")
            .bind(&id)
            .bind(reply.category.clone())
            .bind(&reply.title)
            .bind(&reply.text)
            .bind(actor.at)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "reply.create",
            "canned_reply",
            &id,
            json!({ "title": reply.title, "category": reply.category }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Retires a canned reply, audited; `NotFound` when there is no such active reply.
    pub async fn retire_reply(&self, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE canned_replies SET active = 0, updated_at = $1 WHERE id = $2 AND active = 1",
        )
        .bind(actor.at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(crate::StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            actor,
            "reply.retire",
            "canned_reply",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
