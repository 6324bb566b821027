//! Who handles a case besides its agent, and who held it when: co-handlers (协办), the holdings behind every handover,
//! and the requests waiting for a decision.

use sqlx::Row;

use gongzhi_domain::Millis;
use gongzhi_domain::cases::CaseId;
use gongzhi_domain::org::{UnitId, UserId};

use crate::{Result, Store, opt_id, req_id};

/// A unit co-handling a case, with its task.
#[derive(Debug, Clone, PartialEq)]
pub struct CoHandler {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub task: String,
    pub added_at: Millis,
    pub done_at: Option<Millis>,
    pub done_note: String,
}

/// One holding of a case: a unit and agent from one instant to another (open while it lasts).
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    pub unit_id: Option<UnitId>,
    pub unit_name: Option<String>,
    pub agent_id: Option<UserId>,
    pub agent_name: Option<String>,
    pub from_at: Millis,
    pub to_at: Option<Millis>,
    /// For an ended holding, the handling deadline that applied while it lasted.
    pub due_at: Option<Millis>,
}

impl Store {
    /// Whether the unit co-handles the case (done or not).
    pub async fn is_cohandler(&self, case_id: CaseId, unit_id: UnitId) -> Result<bool> {
        let row =
            sqlx::query("SELECT COUNT(*) FROM case_cohandlers WHERE case_id = $1 AND unit_id = $2")
                .bind(case_id.to_string())
                .bind(unit_id.to_string())
                .fetch_one(&self.read)
                .await?;
        Ok(row.try_get::<i64, _>(0)? > 0)
    }

    /// The case's co-handlers, in the order they joined.
    pub async fn cohandlers(&self, case_id: CaseId) -> Result<Vec<CoHandler>> {
        let rows = sqlx::query(
            "SELECT h.unit_id, u.name, h.task, h.added_at, h.done_at, h.done_note FROM case_cohandlers h \
             JOIN units u ON u.id = h.unit_id WHERE h.case_id = $1 ORDER BY h.added_at, u.name",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CoHandler {
                    unit_id: req_id(r, "unit_id", UnitId::parse)?,
                    unit_name: r.try_get(1)?,
                    task: r.try_get(2)?,
                    added_at: r.try_get(3)?,
                    done_at: r.try_get(4)?,
                    done_note: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Every holding of the case, oldest first: the handover record.
    pub async fn case_holds(&self, case_id: CaseId) -> Result<Vec<Hold>> {
        let rows = sqlx::query(
            "SELECT h.unit_id, u.name AS unit_name, h.agent_id, p.display_name AS agent_name, h.from_at, h.to_at, h.due_at \
             FROM case_holds h LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN users p ON p.id = h.agent_id \
             WHERE h.case_id = $1 ORDER BY h.from_at, h.id",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Hold {
                    unit_id: opt_id(r, "unit_id", UnitId::parse)?,
                    unit_name: r.try_get("unit_name")?,
                    agent_id: opt_id(r, "agent_id", UserId::parse)?,
                    agent_name: r.try_get("agent_name")?,
                    from_at: r.try_get("from_at")?,
                    to_at: r.try_get("to_at")?,
                    due_at: r.try_get("due_at")?,
                })
            })
            .collect()
    }

    /// Who held the case at an instant (for example when it fell due): lateness is charged to them.
    pub async fn holder_at(&self, case_id: CaseId, at: Millis) -> Result<Option<Hold>> {
        Ok(self
            .case_holds(case_id)
            .await?
            .into_iter()
            .rev()
            .find(|h| h.from_at <= at && h.to_at.is_none_or(|to| at < to)))
    }

    /// Cases whose deadline, falling in `[from, to)`, passed while the unit held them: a holding that ended after
    /// the deadline that applied during it, or the current holding of a case closed late or still open past its
    /// deadline at `now`. That lateness is the unit's, whoever holds the case now.
    pub async fn late_charged_to(
        &self,
        unit_id: UnitId,
        from: Millis,
        to: Millis,
        now: Millis,
    ) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT h.case_id) FROM case_holds h JOIN cases c ON c.id = h.case_id WHERE h.unit_id = $1 AND ( \
               (h.to_at IS NOT NULL AND h.due_at IS NOT NULL AND h.due_at < h.to_at AND h.due_at >= $2 AND h.due_at < $3) \
               OR (h.to_at IS NULL AND c.handle_due_at >= $2 AND c.handle_due_at < $3 AND c.status <> 'merged' \
                   AND ((c.closed_at IS NOT NULL AND c.closed_at > c.handle_due_at) OR (c.closed_at IS NULL AND c.handle_due_at < $4))))",
        )
        .bind(unit_id.to_string())
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_one(&self.read)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The reason of the case's undecided request of `kind` (pause, due_change, exclusion, redo).
    pub async fn pending_request_reason(
        &self,
        case_id: CaseId,
        kind: &str,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT reason FROM send_backs WHERE case_id = $1 AND kind = $2 AND decided_at IS NULL ORDER BY requested_at DESC LIMIT 1",
        )
        .bind(case_id.to_string())
        .bind(kind)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}
