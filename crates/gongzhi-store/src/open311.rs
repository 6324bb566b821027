//! Open311 GeoReport v2's data (`gongzhi_domain::open311` has the rules): organisations' API keys (stored as their
//! SHA-256), and the requests posted with them — each a case written with its request record in one transaction —
//! found by case number, token, service, status and time.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, NewCase};
use gongzhi_domain::lifecycle::Change;
use gongzhi_domain::org::CasePlace;

use crate::cases::{CASE_COLUMNS, OPEN, case_from_row, insert_case_in};
use crate::{Actor, Result, Store, StoreError, audit, sql};

/// An API key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub id: String,
    pub organisation: String,
    /// The key's first characters, to tell keys apart.
    pub shown: String,
    pub created_at: Millis,
    pub created_by: String,
    pub revoked_at: Option<Millis>,
    pub revoked_by: Option<String>,
    pub last_used_at: Option<Millis>,
}

fn key_from_row(r: &AnyRow) -> Result<Key> {
    Ok(Key {
        id: r.try_get("id")?,
        organisation: r.try_get("organisation")?,
        shown: r.try_get("shown")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        revoked_at: r.try_get("revoked_at")?,
        revoked_by: r.try_get("revoked_by")?,
        last_used_at: r.try_get("last_used_at")?,
    })
}

const KEY_COLUMNS: &str =
    "id, organisation, shown, created_at, created_by, revoked_at, revoked_by, last_used_at";

/// What an Open311 request adds to its case.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    pub token: String,
    pub key_id: String,
    pub media_url: Option<String>,
}

/// A request as GeoReport lists it: the case, when it was last updated, its media URL and the newest public reply.
#[derive(Debug, Clone)]
pub struct Listed {
    pub case: Case,
    pub updated_at: Millis,
    pub token: String,
    pub media_url: Option<String>,
    pub status_notes: Option<String>,
}

/// A search of requests: by case numbers (which override the rest), or by services, statuses and a window of
/// receipt; newest first, at most `limit`.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub case_nos: Vec<String>,
    pub services: Vec<String>,
    pub open: bool,
    pub closed: bool,
    pub from: Millis,
    pub to: Millis,
    pub limit: i64,
}

impl Store {
    /// Issues a key for an organisation (its digest and first characters stored); answers the key's id.
    pub async fn issue_open311_key(
        &self,
        actor: &Actor,
        organisation: &str,
        digest: &str,
        shown: &str,
    ) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        sqlx::query("INSERT INTO open311_keys (id, organisation, digest, shown, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(organisation)
            .bind(digest)
            .bind(shown)
            .bind(actor.at)
            .bind(&actor.label)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "open311.key_issue",
            "open311_key",
            &id,
            json!({ "organisation": organisation, "shown": shown }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every key, newest first.
    pub async fn open311_keys(&self) -> Result<Vec<Key>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {KEY_COLUMNS} FROM open311_keys ORDER BY created_at DESC, id DESC"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(key_from_row).collect()
    }

    /// Revokes a key: `NotFound` for an unknown id, `Conflict already_revoked` for a revoked one.
    pub async fn revoke_open311_key(&self, actor: &Actor, id: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query("SELECT revoked_at FROM open311_keys WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if row.try_get::<Option<i64>, _>(0)?.is_some() {
            return Err(StoreError::Conflict {
                constraint: "already_revoked".into(),
            });
        }
        sqlx::query("UPDATE open311_keys SET revoked_at = $1, revoked_by = $2 WHERE id = $3")
            .bind(actor.at)
            .bind(&actor.label)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            actor,
            "open311.key_revoke",
            "open311_key",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live key with this digest, marked as used now.
    pub async fn use_open311_key(&self, digest: &str, now: Millis) -> Result<Option<Key>> {
        let row = sqlx::query(sql(format!(
            "SELECT {KEY_COLUMNS} FROM open311_keys WHERE digest = $1 AND revoked_at IS NULL"
        )))
        .bind(digest)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let key = key_from_row(&row)?;
        sqlx::query("UPDATE open311_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&key.id)
            .execute(&self.write)
            .await?;
        Ok(Some(key))
    }

    /// Writes a case posted through Open311 and its request record in one transaction.
    pub async fn insert_open311_case(
        &self,
        actor: &Actor,
        case: &NewCase,
        place: CasePlace,
        received_at: Millis,
        route: Option<&Change>,
        request: &NewRequest,
    ) -> Result<Case> {
        let mut tx = self.write.begin().await?;
        let stored = insert_case_in(&mut tx, actor, case, place, received_at, route).await?;
        sqlx::query("INSERT INTO open311_requests (case_id, token, key_id, media_url, requested_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(stored.id.to_string())
            .bind(&request.token)
            .bind(&request.key_id)
            .bind(request.media_url.as_deref())
            .bind(received_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// The requests matching a search, newest first.
    pub async fn open311_requests(&self, f: &RequestFilter) -> Result<Vec<Listed>> {
        let mut conditions = Vec::new();
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if !f.case_nos.is_empty() {
            let marks: Vec<String> = f.case_nos.iter().map(|_| next()).collect();
            conditions.push(format!("case_no IN ({})", marks.join(", ")));
        } else {
            let (from, to) = (next(), next());
            conditions.push(format!("requested_at >= {from} AND requested_at <= {to}"));
            if !f.services.is_empty() {
                let marks: Vec<String> = f.services.iter().map(|_| next()).collect();
                conditions.push(format!("category_code IN ({})", marks.join(", ")));
            }
            match (f.open, f.closed) {
                (true, false) => conditions.push(format!("status IN {OPEN}")),
                (false, true) => conditions.push(format!("status NOT IN {OPEN}")),
                _ => {}
            }
        }
        let limit = next();
        let text = format!(
            "SELECT {CASE_COLUMNS}, updated_at, token, media_url, \
             (SELECT note FROM case_events e WHERE e.case_id = cases.id AND e.public = 1 AND e.event = 'replied' ORDER BY e.at DESC LIMIT 1) AS status_notes \
             FROM open311_requests JOIN cases ON cases.id = open311_requests.case_id WHERE {} \
             ORDER BY requested_at DESC, case_no DESC LIMIT {limit}",
            conditions.join(" AND ")
        );
        let mut q = sqlx::query(sql(text));
        if !f.case_nos.is_empty() {
            for no in &f.case_nos {
                q = q.bind(no.as_str());
            }
        } else {
            q = q.bind(f.from).bind(f.to);
            for s in &f.services {
                q = q.bind(s.as_str());
            }
        }
        let rows = q.bind(f.limit).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(Listed {
                    case: case_from_row(r)?,
                    updated_at: r.try_get("updated_at")?,
                    token: r.try_get("token")?,
                    media_url: r.try_get("media_url")?,
                    status_notes: r.try_get("status_notes")?,
                })
            })
            .collect()
    }

    /// The case number of the request a token was given for.
    pub async fn open311_token(&self, token: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT case_no FROM open311_requests JOIN cases ON cases.id = open311_requests.case_id WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}
