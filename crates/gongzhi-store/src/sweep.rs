//! What the background sweeper reads and claims. Each notice is claimed with a guarded `UPDATE` in the same
//! transaction as the notice it sends (`chased_for_due`, `overdue_chased_day`, `reported_for_due`, `contact_chased`
//! record what was already sent), so several app servers sweeping at once send each notice once, and a restart
//! neither loses nor repeats them.

use serde_json::json;

use gongzhi_domain::Millis;
use gongzhi_domain::cases::Case;
use gongzhi_domain::org::UserId;

use crate::cases::{CASE_COLUMNS, case_from_row, insert_event};
use crate::{Actor, Result, Store, audit, sql};

/// The kinds of notice the sweeper sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepKind {
    /// 催办: the handling deadline is near; to the agent.
    Chase,
    /// 超期: the handling deadline passed; to the unit's heads (and the agent).
    Overdue,
    /// The resident was not contacted in time; to the agent.
    ContactLate,
    /// 通报: five working days past the deadline; to the unit's heads and the district.
    Reported,
    /// A case waited past the dispatch clock without being routed; to the dispatchers.
    DispatchLate,
    /// A petition's step passed its deadline undone; to the agent and the unit's heads.
    StepLate(i64),
}

impl SweepKind {
    pub fn code(self) -> &'static str {
        match self {
            SweepKind::Chase => "chase",
            SweepKind::Overdue => "overdue",
            SweepKind::ContactLate => "contact_late",
            SweepKind::Reported => "reported",
            SweepKind::DispatchLate => "dispatch_late",
            SweepKind::StepLate(_) => "step_late",
        }
    }
}

impl Store {
    /// Open cases due within `window` that were not chased for their current deadline.
    pub async fn sweep_due_soon(
        &self,
        now: Millis,
        window: Millis,
        limit: i64,
    ) -> Result<Vec<Case>> {
        self.sweep_query(
            "status IN ('assigned', 'in_progress') AND handle_due_at >= $1 AND handle_due_at < $2 \
             AND (chased_for_due IS NULL OR chased_for_due <> handle_due_at)",
            now,
            now + window,
            limit,
        )
        .await
    }

    /// Open cases past their deadline that were not chased yet today (Beijing date): overdue cases are chased
    /// every day until they are handled.
    pub async fn sweep_overdue(&self, now: Millis, limit: i64) -> Result<Vec<Case>> {
        self.sweep_query(
            "status IN ('assigned', 'in_progress') AND handle_due_at < $1 \
             AND (overdue_chased_day IS NULL OR overdue_chased_day < $2)",
            now,
            gongzhi_domain::local_yyyymmdd(now) as Millis,
            limit,
        )
        .await
    }

    /// Open cases past their deadline that were not reported (通报) for it; the caller applies the working-day rule.
    pub async fn sweep_report_candidates(&self, now: Millis, limit: i64) -> Result<Vec<Case>> {
        self.sweep_query(
            "status IN ('assigned', 'in_progress') AND handle_due_at < $1 AND $2 = $2 \
             AND (reported_for_due IS NULL OR reported_for_due <> handle_due_at)",
            now,
            0,
            limit,
        )
        .await
    }

    /// Routed cases whose resident was not contacted by the contact deadline, not yet chased for it.
    pub async fn sweep_contact_late(&self, now: Millis, limit: i64) -> Result<Vec<Case>> {
        self.sweep_query(
            "status IN ('assigned', 'in_progress', 'paused') AND contacted_at IS NULL AND contact_due_at < $1 AND $2 = $2 \
             AND contact_chased = 0",
            now,
            0,
            limit,
        )
        .await
    }

    /// Cases still waiting to be routed that were received before `cutoff` (the dispatch clock ran out) and were
    /// not yet told to the dispatchers.
    pub async fn sweep_dispatch_late(&self, cutoff: Millis, limit: i64) -> Result<Vec<Case>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE status = 'received' AND received_at < $1 AND dispatch_chased = 0 \
             ORDER BY received_at, id LIMIT {limit}"
        )))
        .bind(cutoff)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(case_from_row).collect()
    }

    /// Open petitions with a step past its deadline and not yet chased for it: (case, step).
    pub async fn sweep_steps_late(&self, now: Millis, limit: i64) -> Result<Vec<(Case, i64)>> {
        let columns: Vec<String> = CASE_COLUMNS
            .split(',')
            .map(|c| format!("c.{}", c.trim()))
            .collect();
        let rows = sqlx::query(sql(format!(
            "SELECT {}, s.step AS late_step FROM case_steps s JOIN cases c ON c.id = s.case_id \
             WHERE s.done_at IS NULL AND s.due_at < $1 AND s.chased = 0 AND c.status IN ('assigned', 'in_progress') \
             ORDER BY s.due_at, c.id, s.step LIMIT {limit}",
            columns.join(", ")
        )))
        .bind(now)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((case_from_row(r)?, sqlx::Row::try_get(r, "late_step")?)))
            .collect()
    }

    /// Open cases past their deadline (escalation candidates; the catalogue's rule decides which go up).
    pub async fn sweep_escalation_candidates(&self, now: Millis, limit: i64) -> Result<Vec<Case>> {
        self.sweep_query(
            "status IN ('assigned', 'in_progress') AND handle_due_at < $1 AND $2 = $2 AND tier <> 'district' \
             AND category_code IS NOT NULL",
            now,
            0,
            limit,
        )
        .await
    }

    async fn sweep_query(
        &self,
        condition: &str,
        a: Millis,
        b: Millis,
        limit: i64,
    ) -> Result<Vec<Case>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE {condition} ORDER BY handle_due_at, id LIMIT {limit}"
        )))
        .bind(a)
        .bind(b)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(case_from_row).collect()
    }

    /// Claims one notice for a case and sends it to `to`, in one transaction. Returns false when another sweeper
    /// (or an earlier run) already sent it for the same deadline.
    pub async fn sweep_claim(
        &self,
        actor: &Actor,
        case: &Case,
        kind: SweepKind,
        to: &[UserId],
    ) -> Result<bool> {
        let due = case.handle_due_at.unwrap_or(0);
        let today = gongzhi_domain::local_yyyymmdd(actor.at) as Millis;
        let mut tx = self.write.begin().await?;
        let claim = match kind {
            SweepKind::Chase => sqlx::query(
                "UPDATE cases SET chased_for_due = handle_due_at WHERE id = $1 AND handle_due_at = $2 AND $3 = $3 \
                 AND (chased_for_due IS NULL OR chased_for_due <> handle_due_at)",
            ),
            SweepKind::Overdue => sqlx::query(
                "UPDATE cases SET overdue_for_due = handle_due_at, overdue_chased_day = $3 WHERE id = $1 AND handle_due_at = $2 \
                 AND (overdue_chased_day IS NULL OR overdue_chased_day < $3)",
            ),
            SweepKind::Reported => sqlx::query(
                "UPDATE cases SET reported_for_due = handle_due_at WHERE id = $1 AND handle_due_at = $2 AND $3 = $3 \
                 AND (reported_for_due IS NULL OR reported_for_due <> handle_due_at)",
            ),
            SweepKind::ContactLate => sqlx::query(
                "UPDATE cases SET contact_chased = 1 WHERE id = $1 AND $2 = $2 AND $3 = $3 AND contact_chased = 0",
            ),
            SweepKind::DispatchLate => sqlx::query(
                "UPDATE cases SET dispatch_chased = 1 WHERE id = $1 AND $2 = $2 AND $3 = $3 AND dispatch_chased = 0 AND status = 'received'",
            ),
            SweepKind::StepLate(_) => sqlx::query(
                "UPDATE case_steps SET chased = 1 WHERE case_id = $1 AND step = $2 AND $3 = $3 AND chased = 0 AND done_at IS NULL",
            ),
        };
        // A step's claim is keyed by the step, the others by the handling deadline.
        let key = match kind {
            SweepKind::StepLate(step) => step,
            _ => due,
        };
        let claimed = claim
            .bind(case.id.to_string())
            .bind(key)
            .bind(today)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if !claimed {
            tx.rollback().await?;
            return Ok(false);
        }
        for user in to {
            sqlx::query(
                "INSERT INTO notices (id, user_id, case_id, kind, created_at, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (dedupe_key) DO NOTHING",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(user.to_string())
            .bind(case.id.to_string())
            .bind(kind.code())
            .bind(actor.at)
            // Overdue chases repeat daily, so their key carries the day.
            .bind(match kind {
                SweepKind::Overdue => format!("{}:{}:{}:{}:{}", kind.code(), case.id, due, today, user),
                _ => format!("{}:{}:{}:{}", kind.code(), case.id, key, user),
            })
            .execute(&mut *tx)
            .await?;
        }
        let data = match kind {
            SweepKind::StepLate(step) => json!({ "step": step }),
            _ => json!({ "handle_due_at": due }),
        };
        insert_event(
            &mut tx,
            case.id,
            actor.at,
            kind.code(),
            false,
            None,
            "",
            &data.to_string(),
        )
        .await?;
        let detail = json!({ "case_no": case.case_no.as_str(), "kind": kind.code(), "data": data });
        audit::append(
            &mut tx,
            actor,
            &format!("case.sweep_{}", kind.code()),
            "case",
            &case.id.to_string(),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
