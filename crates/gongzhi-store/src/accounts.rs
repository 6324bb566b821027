//! Sessions, API tokens and login throttling, all in the database so that several app servers share them.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::org::{UnitId, UnitKind, User, UserId};

use crate::{Actor, Millis, Result, Store, StoreError, audit, decode_err, opt_id};

/// A browser session or an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Web,
    Api,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }
}

/// A live session with everything a request needs to check roles and scope.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub unit_kind: UnitKind,
    pub unit_name: String,
    /// The street of the user's unit, if it lies in one.
    pub street_id: Option<UnitId>,
    pub csrf_token: String,
    pub kind: SessionKind,
    pub expires_at: Millis,
}

impl Store {
    /// Records a new session (only the token's digest is stored) and audits the login.
    pub async fn insert_session(
        &self,
        actor: &Actor,
        user_id: UserId,
        token_digest: &str,
        kind: SessionKind,
        csrf_token: &str,
        expires_at: Millis,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_digest)
        .bind(user_id.to_string())
        .bind(kind.code())
        .bind(csrf_token)
        .bind(actor.at)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "auth.login",
            "user",
            &user_id.to_string(),
            json!({ "kind": kind.code() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session for a token digest, if it exists, is not revoked or expired, and its user is active.
    pub async fn get_session(
        &self,
        token_digest: &str,
        now: Millis,
    ) -> Result<Option<SessionInfo>> {
        let row = sqlx::query(
            "SELECT s.user_id, s.kind, s.csrf_token, s.expires_at, u.kind AS unit_kind, u.name AS unit_name, u.street_id \
             FROM sessions s JOIN users us ON us.id = s.user_id JOIN units u ON u.id = us.unit_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND us.active = 1",
        )
        .bind(token_digest)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user_id = UserId::parse(&row.try_get::<String, _>("user_id")?)
            .ok_or_else(|| decode_err("sessions"))?;
        let user = match self.get_user(user_id).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let kind = match row.try_get::<String, _>("kind")?.as_str() {
            "api" => SessionKind::Api,
            _ => SessionKind::Web,
        };
        Ok(Some(SessionInfo {
            user,
            unit_kind: UnitKind::parse(&row.try_get::<String, _>("unit_kind")?)
                .ok_or_else(|| decode_err("units"))?,
            unit_name: row.try_get("unit_name")?,
            street_id: opt_id(&row, "street_id", UnitId::parse)?,
            csrf_token: row.try_get("csrf_token")?,
            kind,
            expires_at: row.try_get("expires_at")?,
        }))
    }

    /// Ends one session (logout); audited. Revoking an unknown or already revoked token is not an error.
    pub async fn revoke_session(&self, actor: &Actor, token_digest: &str) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(actor.at)
        .bind(token_digest)
        .execute(&mut *tx)
        .await?;
        let revoked = done.rows_affected() > 0;
        if revoked {
            let who = actor.user_id.map(|u| u.to_string()).unwrap_or_default();
            audit::append(&mut tx, actor, "auth.logout", "user", &who, json!({})).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    /// Failures counted for `key` in the window that started after `window_start_after`.
    pub async fn count_failures(&self, key: &str, window_start_after: Millis) -> Result<i64> {
        let row = sqlx::query("SELECT failures FROM throttle WHERE key = $1 AND window_start > $2")
            .bind(key)
            .bind(window_start_after)
            .fetch_optional(&self.read)
            .await?;
        Ok(match row {
            Some(r) => r.try_get(0)?,
            None => 0,
        })
    }

    /// Counts one more failure for `key`, starting a new window at `now` when the old one began before
    /// `window_start_after`. Returns the count in the current window.
    pub async fn record_failure(
        &self,
        key: &str,
        now: Millis,
        window_start_after: Millis,
    ) -> Result<i64> {
        // Both CASE expressions read the row's old values (standard SQL, and so on both backends).
        let row = sqlx::query(
            "INSERT INTO throttle (key, window_start, failures) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN throttle.window_start > $3 THEN throttle.failures + 1 ELSE 1 END, \
               window_start = CASE WHEN throttle.window_start > $3 THEN throttle.window_start ELSE $2 END \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .bind(window_start_after)
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Reserves one attempt for `key` before any work is done and returns the count in the current window, this
    /// attempt included. One statement, so concurrent attempts on any number of app servers each see a distinct
    /// count and none can overtake the limit.
    pub async fn reserve_attempt(
        &self,
        key: &str,
        now: Millis,
        window_start_after: Millis,
    ) -> Result<i64> {
        self.record_failure(key, now, window_start_after).await
    }

    /// Gives back an attempt reserved with [`Store::reserve_attempt`] that turned out not to be a failure (a found
    /// case on the tracking page).
    pub async fn refund_attempt(&self, key: &str) -> Result<()> {
        sqlx::query("UPDATE throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Forgets the failures of `key` (after a successful login).
    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM throttle WHERE key = $1")
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
