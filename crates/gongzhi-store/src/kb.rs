//! The knowledge base intake operators answer consultations from.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::kb::KbEntry;

use crate::{Actor, Result, Store, audit, sql};

/// An entry from a row of `id, question, answer, categories`.
fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<KbEntry> {
    let cats: String = r.try_get(3)?;
    Ok(KbEntry {
        id: r.try_get(0)?,
        question: r.try_get(1)?,
        answer: r.try_get(2)?,
        categories: cats
            .split(',')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// Writes (or replaces) an entry's search document in the caller's transaction.
async fn write_kb_document(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    question: &str,
    answer: &str,
) -> Result<()> {
    let d = gongzhi_domain::search::document(&[question, answer], None, None, None);
    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        sqlx::query("DELETE FROM kb_search WHERE kb_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("INSERT INTO kb_search (kb_id, grams, words) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&d.grams)
            .bind(&d.words)
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query("INSERT INTO kb_search (kb_id, grams, words) VALUES ($1, $2, $3) ON CONFLICT (kb_id) DO UPDATE SET grams = excluded.grams, words = excluded.words")
            .bind(id)
            .bind(&d.grams)
            .bind(&d.words)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Every active entry (a knowledge base has hundreds; the search scores them in memory).
    pub async fn list_kb(&self) -> Result<Vec<KbEntry>> {
        let rows = sqlx::query("SELECT id, question, answer, categories FROM kb_entries WHERE active = 1 ORDER BY created_at, id")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }

    pub async fn get_kb(&self, id: &str) -> Result<KbEntry> {
        self.list_kb()
            .await?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or(crate::StoreError::NotFound)
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
        audit::append(
            &mut tx,
            actor,
            if active { "kb.activate" } else { "kb.retire" },
            "kb",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an entry, audited.
    pub async fn insert_kb(
        &self,
        actor: &Actor,
        question: &str,
        answer: &str,
        categories: &[String],
    ) -> Result<String> {
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
        write_kb_document(&mut tx, &id, question, answer).await?;
        audit::append(
            &mut tx,
            actor,
            "kb.create",
            "kb",
            &id,
            json!({ "question": question }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Active entries matching any of a query's words, best first (bm25 on SQLite, ts_rank on PostgreSQL), at most
    /// `limit`.
    pub async fn search_kb(
        &self,
        query: &gongzhi_domain::search::Query,
        limit: i64,
    ) -> Result<Vec<KbEntry>> {
        let (text, q) = if self.backend() == crate::Backend::Sqlite {
            (
                "SELECT k.id, k.question, k.answer, k.categories FROM kb_search s JOIN kb_entries k ON k.id = s.kb_id \
                 WHERE kb_search MATCH $1 AND k.active = 1 ORDER BY s.rank, k.id LIMIT $2",
                query.fts5_any(),
            )
        } else {
            (
                "SELECT k.id, k.question, k.answer, k.categories FROM kb_search s JOIN kb_entries k ON k.id = s.kb_id \
                 WHERE s.tsv @@ to_tsquery('simple', $1) AND k.active = 1 ORDER BY ts_rank(s.tsv, to_tsquery('simple', $1)) DESC, k.id LIMIT $2",
                query.tsquery_any(),
            )
        };
        let rows = sqlx::query(sql(text.to_owned()))
            .bind(q)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Writes the search documents of the entries that have none (written before the index existed); answers how many.
    pub async fn index_kb(&self) -> Result<u64> {
        let rows = sqlx::query("SELECT k.id, k.question, k.answer FROM kb_entries k WHERE NOT EXISTS (SELECT 1 FROM kb_search s WHERE s.kb_id = k.id)")
            .fetch_all(&self.read)
            .await?;
        let mut tx = self.write.begin().await?;
        for r in &rows {
            let (id, q, a): (String, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            write_kb_document(&mut tx, &id, &q, &a).await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
}
