//! Finding cases by words within the list's filter (the index itself is written by `crate::search`), and the
//! near-duplicate candidates around a new case.

use sqlx::Row;

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
        self.case_page(text, &args, total, page).await
    }

    /// The open cases received within `window` (start, end) in any of these communities, or anywhere in these
    /// streets, newest first, at most 200 per place asked for: the near-duplicate candidates of one matter or of a
    /// whole page of cases, in one statement (the list by `received_at` under each place's index).
    pub async fn nearby_open_cases(
        &self,
        communities: &[UnitId],
        streets: &[UnitId],
        window: (gongzhi_domain::Millis, gongzhi_domain::Millis),
    ) -> Result<Vec<gongzhi_domain::cases::Case>> {
        if communities.is_empty() && streets.is_empty() {
            return Ok(Vec::new());
        }
        let mut args = vec![Value::int(window.0), Value::int(window.1)];
        let mut list = |ids: &[UnitId]| {
            let marks: Vec<String> = ids
                .iter()
                .map(|id| {
                    args.push(Value::text(id.to_string()));
                    format!("${}", args.len())
                })
                .collect();
            if marks.is_empty() {
                "NULL".to_owned()
            } else {
                marks.join(", ")
            }
        };
        let (c, st) = (list(communities), list(streets));
        let limit = 200 * (communities.len() + streets.len());
        let text = format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE (community_id IN ({c}) OR street_id IN ({st})) \
             AND received_at >= $1 AND received_at < $2 AND status IN {OPEN} ORDER BY received_at DESC LIMIT {limit}",
            OPEN = crate::cases::OPEN
        );
        let rows = bind_all(sqlx::query(sql(text)), &args)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(case_from_row).collect()
    }
}
