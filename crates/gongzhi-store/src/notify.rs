//! The residents' outbox: messages written in the case's own transaction (`enqueue`, called by `apply_change` and
//! by intake), claimed by one worker at a time across app servers (a lease), marked sent or scheduled again.

use sqlx::{AnyConnection, Row};

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{CaseId, PhoneNumber};
use gongzhi_domain::notify::{Delivery, Medium, Tell, TellKind};

use crate::{Result, Store, sql};

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub id: String,
    pub case_id: CaseId,
    pub case_no: String,
    pub kind: TellKind,
    pub medium: Medium,
    /// The phone number or e-mail address (personal data: never logged).
    pub recipient: String,
    pub detail: String,
    pub status: Delivery,
    /// Attempts so far, this one included once claimed.
    pub attempts: u32,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
}

const COLUMNS: &str = "id, case_id, case_no, kind, medium, recipient, detail, status, attempts, next_attempt_at, last_error, created_at, sent_at";

fn item(row: &sqlx::any::AnyRow) -> Result<OutboxItem> {
    let text = |c: &str| -> Result<String> { Ok(row.try_get::<String, _>(c)?) };
    let bad = |what: &str| crate::decode_err(&format!("outbox {what}"));
    Ok(OutboxItem {
        id: text("id")?,
        case_id: CaseId::parse(&text("case_id")?).ok_or_else(|| bad("case id"))?,
        case_no: text("case_no")?,
        kind: TellKind::parse(&text("kind")?).ok_or_else(|| bad("kind"))?,
        medium: Medium::parse(&text("medium")?).ok_or_else(|| bad("medium"))?,
        recipient: text("recipient")?,
        detail: text("detail")?,
        status: Delivery::parse(&text("status")?).ok_or_else(|| bad("status"))?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
    })
}

/// Keeps the resident's e-mail address for the case (written with the case).
pub(crate) async fn save_contact(
    conn: &mut AnyConnection,
    case_id: CaseId,
    email: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO case_contacts (case_id, email) VALUES ($1, $2) ON CONFLICT (case_id) DO UPDATE SET email = $2")
        .bind(case_id.to_string())
        .bind(email)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes the messages for `tells` inside the caller's transaction: an SMS to the case's mobile number, an e-mail
/// to the address given at intake. An anonymous report, a fixed line without e-mail, a merged duplicate's resident
/// (told on the surviving case's page) get nothing they cannot receive.
pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    case_id: CaseId,
    case_no: &str,
    tells: &[Tell],
    at: Millis,
) -> Result<()> {
    if tells.is_empty() {
        return Ok(());
    }
    let row = sqlx::query("SELECT c.phone, c.anonymous, k.email FROM cases c LEFT JOIN case_contacts k ON k.case_id = c.id WHERE c.id = $1")
        .bind(case_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    if row.try_get::<i64, _>("anonymous")? != 0 {
        return Ok(());
    }
    let phone: String = row.try_get("phone")?;
    let mobile = PhoneNumber::parse(&phone)
        .filter(|p| !p.is_landline())
        .map(|p| p.expose().to_owned());
    let email: Option<String> = row.try_get("email")?;
    for tell in tells {
        for (medium, recipient) in [(Medium::Sms, &mobile), (Medium::Email, &email)] {
            let Some(recipient) = recipient else { continue };
            enqueue_to(
                conn,
                case_id,
                case_no,
                tell.kind,
                medium,
                recipient,
                &tell.detail,
                at,
            )
            .await?;
        }
    }
    Ok(())
}

/// Queues one message to one recipient (the case's resident, or a party of a dispute), inside the caller's
/// transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn enqueue_to(
    conn: &mut AnyConnection,
    case_id: CaseId,
    case_no: &str,
    kind: TellKind,
    medium: Medium,
    recipient: &str,
    detail: &str,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (id, case_id, case_no, kind, medium, recipient, detail, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(case_id.to_string())
    .bind(case_no)
    .bind(kind.code())
    .bind(medium.code())
    .bind(recipient)
    .bind(detail)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many messages stand where, by medium.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxCounts {
    /// (medium, status, count)
    pub rows: Vec<(Medium, Delivery, i64)>,
}

impl OutboxCounts {
    pub fn get(&self, medium: Medium, status: Delivery) -> i64 {
        self.rows
            .iter()
            .find(|(m, s, _)| *m == medium && *s == status)
            .map(|r| r.2)
            .unwrap_or(0)
    }
}

impl Store {
    /// Claims up to `limit` messages due at `now` for the media a sender is configured for: each is leased to the
    /// caller until `now + lease` (another app server skips it) and its attempt is counted at once, so a crash
    /// while sending still counts. A message whose lease ran out is claimed again (at least once delivery).
    pub async fn claim_outbox(
        &self,
        now: Millis,
        lease: Millis,
        media: &[Medium],
        limit: u32,
    ) -> Result<Vec<OutboxItem>> {
        if media.is_empty() {
            return Ok(Vec::new());
        }
        // Codes are ours, not user input.
        let media_sql = media
            .iter()
            .map(|m| format!("'{}'", m.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let ids: Vec<String> = sqlx::query(sql(format!(
            "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND medium IN ({media_sql}) \
             AND (lease_until IS NULL OR lease_until < $1) ORDER BY next_attempt_at, id LIMIT {limit}"
        )))
        .bind(now)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
        let mut claimed = Vec::new();
        for id in ids {
            let row = sqlx::query(sql(format!(
                "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 \
                 WHERE id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < $3) RETURNING {COLUMNS}"
            )))
            .bind(&id)
            .bind(now + lease)
            .bind(now)
            .fetch_optional(&self.write)
            .await?;
            if let Some(row) = row {
                claimed.push(item(&row)?);
            }
        }
        Ok(claimed)
    }

    /// The message went out.
    pub async fn outbox_sent(&self, id: &str, at: Millis) -> Result<()> {
        sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL WHERE id = $1")
            .bind(id)
            .bind(at)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The attempt failed: tried again at `retry_at`, or failed for good when `None`. `error` is the sender's
    /// words (kept here for the administrator, never logged).
    pub async fn outbox_failed(
        &self,
        id: &str,
        retry_at: Option<Millis>,
        error: &str,
    ) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        match retry_at {
            Some(at) => sqlx::query("UPDATE outbox SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1").bind(id).bind(at).bind(error),
            None => sqlx::query("UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $2 WHERE id = $1").bind(id).bind(error),
        }
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Sends every failed message again from now (an administrator's decision once a sender is fixed); audited.
    pub async fn retry_failed_outbox(&self, actor: &crate::Actor) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL WHERE status = 'failed'")
            .bind(actor.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        crate::audit::append(
            &mut tx,
            actor,
            "outbox.retry",
            "outbox",
            "failed",
            serde_json::json!({ "messages": n }),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let rows =
            sqlx::query("SELECT medium, status, COUNT(*) AS n FROM outbox GROUP BY medium, status")
                .fetch_all(&self.read)
                .await?;
        let mut out = OutboxCounts::default();
        for r in rows {
            let (m, s): (String, String) = (r.try_get("medium")?, r.try_get("status")?);
            if let (Some(m), Some(s)) = (Medium::parse(&m), Delivery::parse(&s)) {
                out.rows.push((m, s, r.try_get("n")?));
            }
        }
        Ok(out)
    }

    /// The newest messages of one status, at most `limit`.
    pub async fn outbox_with_status(
        &self,
        status: Delivery,
        limit: u32,
    ) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(sql(format!("SELECT {COLUMNS} FROM outbox WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT {limit}")))
            .bind(status.code())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(item).collect()
    }

    /// What the case's resident was told, oldest first.
    pub async fn outbox_of_case(&self, case_id: CaseId) -> Result<Vec<OutboxItem>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM outbox WHERE case_id = $1 ORDER BY created_at, id"
        )))
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(item).collect()
    }
}
