//! The knowledge base intake operators answer consultations from.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::kb::KbEntry;

use crate::{Actor, Result, Store, audit};

impl Store {
    /// Every active entry (a knowledge base has hundreds; the search scores them in memory).
    pub async fn list_kb(&self) -> Result<Vec<KbEntry>> {
        let rows = sqlx::query("SELECT id, question, answer, categories FROM kb_entries WHERE active = 1 ORDER BY created_at, id")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                let cats: String = r.try_get(3)?;
                Ok(KbEntry {
                    id: r.try_get(0)?,
                    question: r.try_get(1)?,
                    answer: r.try_get(2)?,
                    categories: cats.split(',').filter(|c| !c.is_empty()).map(String::from).collect(),
                })
            })
            .collect()
    }

    pub async fn get_kb(&self, id: &str) -> Result<KbEntry> {
        self.list_kb().await?.into_iter().find(|e| e.id == id).ok_or(crate::StoreError::NotFound)
    }

    /// Retires or restores an entry, audited.
    pub async fn set_kb_active(&self, actor: &Actor, id: &str, active: bool) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE kb_entries SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(active as i64)
            .bind(actor.at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(crate::StoreError::NotFound);
        }
        audit::append(&mut tx, actor, if active { "kb.activate" } else { "kb.retire" }, "kb", id, json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an entry, audited.
    pub async fn insert_kb(&self, actor: &Actor, question: &str, answer: &str, categories: &[String]) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO kb_entries (id, question, answer, categories, active, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5)",
        )
        .bind(&id)
        .bind(question)
        .bind(answer)
        .bind(categories.join(","))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        audit::append(&mut tx, actor, "kb.create", "kb", &id, json!({ "question": question })).await?;
        tx.commit().await?;
        Ok(id)
    }
}
