//! The cases' full-text index (`gongzhi_domain::search` makes the documents and the queries): writing a case's
//! document in the caller's transaction, finding cases by words within a filter, and rebuilding the index. The two
//! backends' tables differ (FTS5 with a mapping of its rowids; a tsvector under GIN), so each statement here names
//! its backend.

use sqlx::{AnyConnection, Row};

use gongzhi_domain::cases::CaseId;
use gongzhi_domain::org::UnitId;
use gongzhi_domain::search::{Document, Query};

use crate::cases::{CASE_COLUMNS, CaseFilter, case_from_row};
use crate::{Page, PageRequest, Result, Store, opt_id, sql};

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
    /// Cases matching a query within a filter (the scope is part of the query), best match first, one page, with
    /// the total.
    pub async fn search_cases(
        &self,
        filter: &CaseFilter,
        query: &Query,
        page: PageRequest,
    ) -> Result<Page<gongzhi_domain::cases::Case>> {
        let unscoped = CaseFilter {
            scope: gongzhi_domain::org::Scope::District,
            ..filter.clone()
        };
        let (_, rest, mut args) = crate::cases::filter_sql(&unscoped);
        let sqlite = self.backend() == crate::Backend::Sqlite;
        args.push(crate::cases::Arg::Text(if sqlite {
            query.fts5()
        } else {
            query.tsquery()
        }));
        let n = args.len();
        let (from, score, order) = if sqlite {
            (
                format!(
                    "case_search JOIN case_search_docs d ON d.doc = case_search.rowid JOIN cases ON cases.id = d.case_id WHERE case_search MATCH ${n}"
                ),
                "rank".to_owned(),
                "ORDER BY score, received_at DESC",
            )
        } else {
            (
                format!(
                    "case_search s JOIN cases ON cases.id = s.case_id WHERE s.tsv @@ to_tsquery('simple', ${n})"
                ),
                format!("ts_rank(s.tsv, to_tsquery('simple', ${n}))"),
                "ORDER BY score DESC, received_at DESC",
            )
        };
        let columns: Vec<String> = CASE_COLUMNS
            .split(", ")
            .map(|c| format!("cases.{c}"))
            .collect();
        let (count, text) = if rest == "1 = 1" {
            // Nothing but the words and the scope: the full-text index counts and ranks alone, and only the page's
            // cases are read.
            let (count, top) = if sqlite {
                (
                    format!("SELECT COUNT(*) FROM case_search WHERE case_search MATCH ${n}"),
                    format!(
                        "SELECT rowid AS hit, rank AS score FROM case_search WHERE case_search MATCH ${n} ORDER BY rank LIMIT {} OFFSET {}",
                        page.per_page,
                        page.offset()
                    ),
                )
            } else {
                (
                    format!(
                        "SELECT COUNT(*) FROM case_search s WHERE s.tsv @@ to_tsquery('simple', ${n})"
                    ),
                    format!(
                        "SELECT s.case_id AS hit, {score} AS score FROM case_search s WHERE s.tsv @@ to_tsquery('simple', ${n}) ORDER BY score DESC, s.case_id LIMIT {} OFFSET {}",
                        page.per_page,
                        page.offset()
                    ),
                )
            };
            let join = if sqlite {
                "JOIN case_search_docs d ON d.doc = t.hit JOIN cases ON cases.id = d.case_id"
            } else {
                "JOIN cases ON cases.id = t.hit"
            };
            let outer = if sqlite {
                "ORDER BY t.score, cases.received_at DESC"
            } else {
                "ORDER BY t.score DESC, cases.received_at DESC"
            };
            (
                count,
                format!(
                    "SELECT {}, t.score FROM ({top}) t {join} {outer}",
                    columns.join(", ")
                ),
            )
        } else {
            (
                format!("SELECT COUNT(*) FROM {from} AND {rest}"),
                format!(
                    "SELECT {}, {score} AS score FROM {from} AND {rest} {order} LIMIT {} OFFSET {}",
                    columns.join(", "),
                    page.per_page,
                    page.offset()
                ),
            )
        };
        let total: i64 = crate::cases::bind_all(sqlx::query(sql(count)), &args)
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let rows = crate::cases::bind_all(sqlx::query(sql(text)), &args)
            .fetch_all(&self.read)
            .await?;
        let items = rows.iter().map(case_from_row).collect::<Result<_>>()?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// The open cases received within `window` (start, end) in the same community (or street, without one), other
    /// than `except`, newest first, at most 200: the near-duplicate candidates.
    pub async fn nearby_open_cases(
        &self,
        except: Option<CaseId>,
        community: Option<UnitId>,
        street: Option<UnitId>,
        window: (gongzhi_domain::Millis, gongzhi_domain::Millis),
    ) -> Result<Vec<gongzhi_domain::cases::Case>> {
        let (column, place) = match (community, street) {
            (Some(c), _) => ("community_id", c),
            (None, Some(s)) => ("street_id", s),
            (None, None) => return Ok(Vec::new()),
        };
        let rows = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE {column} = $1 AND created_at >= $2 AND created_at < $3 AND id <> $4 \
             AND status IN {OPEN} ORDER BY created_at DESC LIMIT 200",
            OPEN = crate::cases::OPEN
        )))
        .bind(place.to_string())
        .bind(window.0)
        .bind(window.1)
        .bind(except.map_or_else(String::new, |e| e.to_string()))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(case_from_row).collect()
    }

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
