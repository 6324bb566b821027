//! Finding cases by words within the list's filter (the index itself is written by `crate::search`), and the
//! near-duplicate candidates around a new case.

use sqlx::Row;

use gongzhi_domain::cases::CaseId;
use gongzhi_domain::org::UnitId;
use gongzhi_domain::search::Query;

use super::{CASE_COLUMNS, CaseFilter, case_from_row};
use crate::sql::{Value, bind_all};
use crate::{Page, PageRequest, Result, Store, sql};

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
        args.push(Value::text(if sqlite {
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
        let total: i64 = bind_all(sqlx::query(sql(count)), &args)
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let rows = bind_all(sqlx::query(sql(text)), &args)
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
}
