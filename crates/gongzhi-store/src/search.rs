//! The cases' full-text index (`gongzhi_domain::search` makes the documents and the queries): writing a case's
//! document in the caller's transaction and rebuilding the index; finding cases by words is the cases' own read
//! (`cases::search`), so this module knows nothing of the case list. The two
//! backends' tables differ (FTS5 with a mapping of its rowids; a tsvector under GIN), so each statement here names
//! its backend.

use sqlx::{AnyConnection, Row};

use gongzhi_domain::cases::CaseId;
use gongzhi_domain::org::UnitId;
use gongzhi_domain::search::Document;

use crate::{Result, Store, opt_id, sql};

fn is_sqlite(conn: &AnyConnection) -> bool {
    conn.backend_name().eq_ignore_ascii_case("sqlite")
}

/// Writes (or replaces) a case's document.
pub(crate) async fn write_document(
    conn: &mut AnyConnection,
    case_id: CaseId,
    d: &Document,
) -> Result<()> {
    if is_sqlite(conn) {
        let doc: i64 = sqlx::query(
            "INSERT INTO case_search_docs (case_id) VALUES ($1) ON CONFLICT (case_id) DO UPDATE SET case_id = excluded.case_id RETURNING doc",
        )
        .bind(case_id.to_string())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        sqlx::query("DELETE FROM case_search WHERE rowid = $1")
            .bind(doc)
            .execute(&mut *conn)
            .await?;
        sqlx::query("INSERT INTO case_search (rowid, grams, words, scope) VALUES ($1, $2, $3, $4)")
            .bind(doc)
            .bind(&d.grams)
            .bind(&d.words)
            .bind(&d.scope)
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO case_search (case_id, grams, words, scope) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (case_id) DO UPDATE SET grams = excluded.grams, words = excluded.words, scope = excluded.scope",
        )
        .bind(case_id.to_string())
        .bind(&d.grams)
        .bind(&d.words)
        .bind(&d.scope)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Reads a case's indexed texts (title, description, address and its public replies, never a name or a phone) and
/// place, and writes its document, in the caller's transaction.
pub(crate) async fn index_case(conn: &mut AnyConnection, case_id: CaseId) -> Result<()> {
    let row = sqlx::query("SELECT title, description, address, street_id, community_id, accountable_unit_id FROM cases WHERE id = $1")
        .bind(case_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    let (title, description, address): (String, String, String) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let (street, community, unit) = (
        opt_id(&row, "street_id", UnitId::parse)?,
        opt_id(&row, "community_id", UnitId::parse)?,
        opt_id(&row, "accountable_unit_id", UnitId::parse)?,
    );
    let replies: Vec<String> = sqlx::query("SELECT note FROM case_events WHERE case_id = $1 AND event = 'replied' AND public = 1 ORDER BY at")
        .bind(case_id.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    let mut texts: Vec<&str> = vec![&title, &description, &address];
    texts.extend(replies.iter().map(String::as_str));
    write_document(
        conn,
        case_id,
        &gongzhi_domain::search::document(&texts, street, community, unit),
    )
    .await
}

impl Store {
    /// Cases whose document is missing (after an upgrade, or an interrupted rebuild), at most `limit`.
    pub async fn unindexed_cases(&self, limit: i64) -> Result<Vec<CaseId>> {
        let text = if self.backend() == crate::Backend::Sqlite {
            "SELECT c.id FROM cases c LEFT JOIN case_search_docs d ON d.case_id = c.id WHERE d.case_id IS NULL LIMIT $1"
        } else {
            "SELECT c.id FROM cases c LEFT JOIN case_search s ON s.case_id = c.id WHERE s.case_id IS NULL LIMIT $1"
        };
        let rows = sqlx::query(text).bind(limit).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| crate::req_id(r, "id", CaseId::parse))
            .collect()
    }

    /// Every case id, in pages of `limit` after `after` (for the rebuild).
    pub async fn case_ids_after(&self, after: Option<CaseId>, limit: i64) -> Result<Vec<CaseId>> {
        let rows = sqlx::query("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.map(|a| a.to_string()).unwrap_or_default())
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| crate::req_id(r, "id", CaseId::parse))
            .collect()
    }

    /// Writes the documents of these cases, in one transaction.
    pub async fn index_cases(&self, ids: &[CaseId]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for id in ids {
            index_case(&mut tx, *id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many cases there are, and how many have a document.
    pub async fn index_counts(&self) -> Result<(i64, i64)> {
        let cases: i64 = sqlx::query("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let docs_table = if self.backend() == crate::Backend::Sqlite {
            "case_search_docs"
        } else {
            "case_search"
        };
        let docs: i64 = sqlx::query(sql(format!("SELECT COUNT(*) FROM {docs_table}")))
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        Ok((cases, docs))
    }
}
