//! Cases: intake with a case number (routed in the same transaction when the catalogue can decide), changes from
//! the life cycle applied under optimistic concurrency, the staff lists with filters and totals, the timeline, the
//! public tracking view, agents' loads, attachments, petition steps and links.

use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use gongzhi_domain::Millis;
use gongzhi_domain::accounts::{
    MAX_ATTACHMENT_BYTES_PER_CASE, MAX_ATTACHMENT_BYTES_PER_USER_DAY, MAX_ATTACHMENTS_PER_CASE,
    MAX_ATTACHMENTS_PER_USER_DAY,
};
use gongzhi_domain::cases::{
    Case, CaseId, CaseKind, CaseNo, CaseStatus, Channel, NewCase, Outcome, PendingRequest,
    PetitionAnswer, PublicCaseView, Satisfaction, TimelineEntry,
};
use gongzhi_domain::catalogue::Tier;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::lifecycle::{Change, Field, Record};
use gongzhi_domain::org::{CasePlace, Role, Scope, UnitId, UserId};
use gongzhi_domain::routing::Candidate;

use crate::sql::{Conditions, Value, bind_all};
use crate::{
    Actor, BindExt, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id,
    req_id, sql,
};

mod handling;
mod search;
pub use handling::{CoHandler, Hold};

pub(crate) const CASE_COLUMNS: &str = "id, case_no, kind, channel, status, title, description, address, lat, lon, \
    resident_name, phone, street_id, community_id, accountable_unit_id, agent_id, received_at, created_at, \
    category_code, catalogue_version, tier, routing_reason, contact_due_at, handle_due_at, handle_due_provisional, \
    manual_due_reason, contacted_at, accepted_at, paused_at, closed_at, outcome, outcome_note, send_back_pending, \
    escalation_pending, confidential, anonymous, place_guessed, request_pending, petition_accepted_at, \
    petition_answer, petition_answered_at, review_level, supervision_due, merged_into, reopen_count, redo, petition_step, \
    extended, resolved, satisfaction, version";

/// The statuses that count as open, as SQL.
pub(crate) const OPEN: &str = "('received', 'assigned', 'in_progress', 'paused')";

fn parse_col<T>(row: &AnyRow, col: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>> {
    let raw: Option<String> = row.try_get(col)?;
    match raw {
        None => Ok(None),
        Some(s) => parse(&s).map(Some).ok_or_else(|| decode_err(col)),
    }
}

pub(crate) fn case_from_row(row: &AnyRow) -> Result<Case> {
    let lat: Option<f64> = row.try_get("lat")?;
    let lon: Option<f64> = row.try_get("lon")?;
    let flag = |col: &str| -> Result<bool> { Ok(row.try_get::<i64, _>(col)? != 0) };
    Ok(Case {
        id: req_id(row, "id", CaseId::parse)?,
        case_no: parse_col(row, "case_no", CaseNo::parse)?.ok_or_else(|| decode_err("case_no"))?,
        kind: parse_col(row, "kind", CaseKind::parse)?.ok_or_else(|| decode_err("kind"))?,
        channel: parse_col(row, "channel", Channel::parse)?.ok_or_else(|| decode_err("channel"))?,
        status: parse_col(row, "status", CaseStatus::parse)?.ok_or_else(|| decode_err("status"))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        address: row.try_get("address")?,
        point: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        resident_name: row.try_get("resident_name")?,
        phone: row.try_get("phone")?,
        street_id: opt_id(row, "street_id", UnitId::parse)?,
        community_id: opt_id(row, "community_id", UnitId::parse)?,
        accountable_unit_id: opt_id(row, "accountable_unit_id", UnitId::parse)?,
        agent_id: opt_id(row, "agent_id", UserId::parse)?,
        received_at: row.try_get("received_at")?,
        created_at: row.try_get("created_at")?,
        category_code: row.try_get("category_code")?,
        catalogue_version: row.try_get("catalogue_version")?,
        tier: parse_col(row, "tier", Tier::parse)?,
        routing_reason: row.try_get("routing_reason")?,
        contact_due_at: row.try_get("contact_due_at")?,
        handle_due_at: row.try_get("handle_due_at")?,
        handle_due_provisional: flag("handle_due_provisional")?,
        manual_due_reason: row.try_get("manual_due_reason")?,
        contacted_at: row.try_get("contacted_at")?,
        accepted_at: row.try_get("accepted_at")?,
        paused_at: row.try_get("paused_at")?,
        closed_at: row.try_get("closed_at")?,
        outcome: parse_col(row, "outcome", Outcome::parse)?,
        outcome_note: row.try_get("outcome_note")?,
        send_back_pending: flag("send_back_pending")?,
        escalation_pending: flag("escalation_pending")?,
        confidential: flag("confidential")?,
        anonymous: flag("anonymous")?,
        place_guessed: flag("place_guessed")?,
        request_pending: parse_col(row, "request_pending", PendingRequest::parse)?,
        petition_accepted_at: row.try_get("petition_accepted_at")?,
        petition_answer: parse_col(row, "petition_answer", PetitionAnswer::parse)?,
        petition_answered_at: row.try_get("petition_answered_at")?,
        review_level: row.try_get("review_level")?,
        supervision_due: row.try_get("supervision_due")?,
        merged_into: opt_id(row, "merged_into", CaseId::parse)?,
        reopen_count: row.try_get("reopen_count")?,
        redo: flag("redo")?,
        petition_step: row.try_get("petition_step")?,
        extended: flag("extended")?,
        resolved: row.try_get::<Option<i64>, _>("resolved")?.map(|r| r != 0),
        satisfaction: parse_col(row, "satisfaction", Satisfaction::parse)?,
        version: row.try_get("version")?,
    })
}

fn column(field: &Field) -> Vec<(&'static str, Value)> {
    use Value::*;
    let id = |u: Option<UnitId>| Text(u.map(|u| u.to_string()));
    match field.clone() {
        Field::Status(s) => vec![("status", Text(Some(s.code().into())))],
        Field::Tier(t) => vec![("tier", Text(Some(t.code().into())))],
        Field::Unit(u) => vec![("accountable_unit_id", id(u))],
        Field::Agent(a) => vec![("agent_id", Text(a.map(|a| a.to_string())))],
        Field::Category { code, version } => vec![
            ("category_code", Text(Some(code))),
            ("catalogue_version", Int(Some(version))),
        ],
        Field::RoutingReason(r) => vec![("routing_reason", Text(Some(r)))],
        Field::ContactDue(at) => vec![("contact_due_at", Int(Some(at)))],
        Field::HandleDue { at, provisional } => vec![
            ("handle_due_at", Int(Some(at))),
            ("handle_due_provisional", Int(Some(provisional as i64))),
        ],
        Field::ManualDueReason(r) => vec![("manual_due_reason", Text(r))],
        Field::ContactedAt(at) => vec![("contacted_at", Int(Some(at)))],
        Field::AcceptedAt(at) => vec![("accepted_at", Int(at))],
        Field::PausedAt(at) => vec![("paused_at", Int(at))],
        Field::ClosedAt(at) => vec![("closed_at", Int(at))],
        Field::Outcome(o, note) => vec![
            ("outcome", Text(o.map(|o| o.code().into()))),
            ("outcome_note", Text(Some(note))),
        ],
        Field::SendBackPending(p) => vec![("send_back_pending", Int(Some(p as i64)))],
        Field::EscalationPending(p) => vec![("escalation_pending", Int(Some(p as i64)))],
        Field::SupervisionDue(d) => vec![("supervision_due", Int(d))],
        Field::MergedInto(id) => vec![("merged_into", Text(Some(id.to_string())))],
        Field::ReopenCount(n) => vec![("reopen_count", Int(Some(n)))],
        Field::Redo(r) => vec![("redo", Int(Some(r as i64)))],
        Field::PetitionStep(s) => vec![("petition_step", Int(Some(s)))],
        Field::Extended(e) => vec![("extended", Int(Some(e as i64)))],
        Field::Verdict(r, s) => vec![
            ("resolved", Int(r.map(|r| r as i64))),
            ("satisfaction", Text(s.map(|s| s.code().into()))),
        ],
        Field::Place {
            street,
            community,
            guessed,
        } => {
            vec![
                ("street_id", id(street)),
                ("community_id", id(community)),
                ("place_guessed", Int(Some(guessed as i64))),
            ]
        }
        Field::RequestPending(r) => vec![("request_pending", Text(r.map(|r| r.code().into())))],
        Field::PetitionAccepted(at) => vec![("petition_accepted_at", Int(at))],
        Field::PetitionAnswer(a) => vec![
            ("petition_answer", Text(a.map(|(a, _)| a.code().into()))),
            ("petition_answered_at", Int(a.map(|(_, at)| at))),
        ],
        Field::ReviewLevel(l) => vec![("review_level", Int(Some(l)))],
        Field::Kind(k) => vec![("kind", Text(Some(k.code().into())))],
    }
}

/// Writes a change: the case's fields (guarded by `expected_version` when given), timeline entries, notices, side
/// records and one audit entry. Runs inside the caller's transaction.
pub(crate) async fn apply_change(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    case_no: &CaseNo,
    expected_version: Option<i64>,
    change: &Change,
) -> Result<()> {
    let mut sets: Vec<String> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for f in &change.set {
        for (col, v) in column(f) {
            vals.push(v);
            sets.push(format!("{col} = ${}", vals.len()));
        }
    }
    vals.push(Value::Int(Some(actor.at)));
    sets.push(format!("updated_at = ${}", vals.len()));
    sets.push("version = version + 1".into());
    vals.push(Value::Text(Some(case_id.to_string())));
    let mut where_sql = format!("id = ${}", vals.len());
    if let Some(v) = expected_version {
        vals.push(Value::Int(Some(v)));
        where_sql.push_str(&format!(" AND version = ${}", vals.len()));
    }
    // A handover closes the current holding with the deadline that applied while it lasted.
    let moved = change
        .set
        .iter()
        .any(|f| matches!(f, Field::Unit(_) | Field::Agent(_)));
    let due_before: Option<Millis> = if moved {
        sqlx::query("SELECT handle_due_at FROM cases WHERE id = $1")
            .bind(case_id.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
            .flatten()
    } else {
        None
    };
    let text = format!("UPDATE cases SET {} WHERE {where_sql}", sets.join(", "));
    let mut q = sqlx::query(sql(text));
    for v in vals {
        q = match v {
            Value::Int(i) => q.bind(i),
            Value::Text(t) => q.bind(t),
        };
    }
    if q.execute(&mut *conn).await?.rows_affected() == 0 {
        // Someone else changed the case since it was read (or it does not exist).
        return Err(StoreError::Conflict {
            constraint: "stale_version".into(),
        });
    }
    if moved {
        record_hold(conn, case_id, actor.at, due_before).await?;
    }
    for e in &change.events {
        insert_event(
            conn,
            case_id,
            actor.at,
            e.event,
            e.public,
            actor.user_id,
            &e.note,
            &e.data.to_string(),
        )
        .await?;
    }
    for n in &change.notify {
        sqlx::query(
            "INSERT INTO notices (id, user_id, case_id, kind, created_at, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(n.user_id.to_string())
        .bind(case_id.to_string())
        .bind(n.kind)
        .bind(actor.at)
        .bind(n.dedupe_key.clone())
        .execute(&mut *conn)
        .await?;
    }
    for r in &change.records {
        apply_record(conn, actor, case_id, r).await?;
    }
    // The resident is told in the same transaction: a change that does not commit sends nothing.
    crate::notify::enqueue(conn, case_id, case_no.as_str(), &change.tell, actor.at).await?;
    // The search index follows in the same transaction: a public reply adds words, a move changes the scope.
    let reindex = change
        .events
        .iter()
        .any(|e| e.event == "replied" && e.public)
        || change
            .set
            .iter()
            .any(|f| matches!(f, Field::Unit(_) | Field::Place { .. }));
    if reindex {
        crate::search::index_case(conn, case_id).await?;
    }
    let fields: Vec<&str> = change.set.iter().flat_map(column).map(|(c, _)| c).collect();
    let events: Vec<&str> = change.events.iter().map(|e| e.event).collect();
    let detail = json!({ "case_no": case_no.as_str(), "fields": fields, "events": events });
    audit::append(
        conn,
        actor,
        change.audit,
        "case",
        &case_id.to_string(),
        detail,
    )
    .await?;
    Ok(())
}

/// Closes the case's current holding (with the deadline that applied during it) and opens one for whoever holds it
/// now (unit and agent as just written), so every handover is on record with its time.
async fn record_hold(
    conn: &mut AnyConnection,
    case_id: CaseId,
    at: Millis,
    due_before: Option<Millis>,
) -> Result<()> {
    let row = sqlx::query("SELECT accountable_unit_id, agent_id FROM cases WHERE id = $1")
        .bind(case_id.to_string())
        .fetch_one(&mut *conn)
        .await?;
    let unit: Option<String> = row.try_get(0)?;
    let agent: Option<String> = row.try_get(1)?;
    let open = sqlx::query(
        "SELECT unit_id, agent_id FROM case_holds WHERE case_id = $1 AND to_at IS NULL",
    )
    .bind(case_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(open) = open
        && open.try_get::<Option<String>, _>(0)? == unit
        && open.try_get::<Option<String>, _>(1)? == agent
    {
        return Ok(());
    }
    sqlx::query(
        "UPDATE case_holds SET to_at = $1, due_at = $2 WHERE case_id = $3 AND to_at IS NULL",
    )
    .bind(at)
    .bind(due_before)
    .bind(case_id.to_string())
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO case_holds (id, case_id, unit_id, agent_id, from_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(case_id.to_string())
        .bind(unit)
        .bind(agent)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    case_id: CaseId,
    at: Millis,
    event: &str,
    public: bool,
    actor: Option<UserId>,
    note: &str,
    data: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_events (id, case_id, at, event, public, actor_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(case_id.to_string())
    .bind(at)
    .bind(event)
    .bind(public as i64)
    .bind(actor.map(|u| u.to_string()))
    .bind(note)
    .bind(data)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A request the unit made (send-back, escalation, pause, due change, exclusion, redo): one table, told apart by
/// `kind`, each counted against the unit that asked.
#[allow(clippy::too_many_arguments)]
async fn insert_request(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    unit_id: UnitId,
    kind: &str,
    reason: &str,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO send_backs (id, case_id, unit_id, requested_by, reason, requested_at, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(case_id.to_string())
    .bind(unit_id.to_string())
    .bind(actor.user_id.map(|u| u.to_string()))
    .bind(reason)
    .bind(actor.at)
    .bind(kind)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The decision on the case's undecided request of `kind`.
async fn decide_request(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    kind: &str,
    approved: bool,
) -> Result<()> {
    sqlx::query("UPDATE send_backs SET decided_by = $1, decided_at = $2, approved = $3 WHERE case_id = $4 AND decided_at IS NULL AND kind = $5")
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .bind(approved as i64)
        .bind(case_id.to_string())
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn apply_record(
    conn: &mut AnyConnection,
    actor: &Actor,
    case_id: CaseId,
    record: &Record,
) -> Result<()> {
    match record {
        Record::SendBackRequested { unit_id, reason } => {
            insert_request(conn, actor, case_id, *unit_id, "send_back", reason, "{}").await?
        }
        Record::EscalationRequested { unit_id, reason } => {
            insert_request(conn, actor, case_id, *unit_id, "escalation", reason, "{}").await?
        }
        Record::SendBackDecided { approved } => {
            decide_request(conn, actor, case_id, "send_back", *approved).await?
        }
        Record::EscalationDecided { approved } => {
            decide_request(conn, actor, case_id, "escalation", *approved).await?
        }
        Record::Rating {
            round,
            resolved,
            satisfaction,
            source,
        } => {
            sqlx::query(
                "INSERT INTO ratings (case_id, round, resolved, satisfaction, source, at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(case_id.to_string())
            .bind(*round)
            .bind(*resolved as i64)
            .bind(satisfaction.code())
            .bind(source.code())
            .bind(actor.at)
            .execute(&mut *conn)
            .await?;
            // The assessment reads the verdict with the closing of its round.
            sqlx::query("UPDATE case_closings SET resolved = $1, satisfaction = $2, updated_at = $3 WHERE case_id = $4 AND round = $5")
                .bind(*resolved as i64)
                .bind(satisfaction.code())
                .bind(actor.at)
                .bind(case_id.to_string())
                .bind(*round)
                .execute(&mut *conn)
                .await?;
        }
        Record::Closing(c) => {
            sqlx::query(
                "INSERT INTO case_closings (case_id, round, closed_at, unit_id, agent_id, street_id, category_code, kind, contacted_in_time, on_time, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $3) ON CONFLICT (case_id, round) DO UPDATE SET closed_at = excluded.closed_at, \
                 unit_id = excluded.unit_id, agent_id = excluded.agent_id, contacted_in_time = excluded.contacted_in_time, on_time = excluded.on_time, \
                 updated_at = excluded.updated_at",
            )
            .bind(case_id.to_string())
            .bind(c.round)
            .bind(actor.at)
            .bind(c.unit_id.to_string())
            .bind(c.agent_id.map(|a| a.to_string()))
            .bind(c.street_id.map(|u| u.to_string()))
            .bind(c.category_code.clone())
            .bind(c.kind.code())
            .bind(c.contacted_in_time as i64)
            .bind(c.on_time as i64)
            .execute(&mut *conn)
            .await?;
        }
        Record::PetitionSteps(deadlines) => {
            sqlx::query("DELETE FROM case_steps WHERE case_id = $1")
                .bind(case_id.to_string())
                .execute(&mut *conn)
                .await?;
            for (i, due) in deadlines.iter().enumerate() {
                sqlx::query("INSERT INTO case_steps (case_id, step, due_at) VALUES ($1, $2, $3)")
                    .bind(case_id.to_string())
                    .bind(i as i64 + 1)
                    .bind(*due)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Record::StepDone { step } => {
            sqlx::query("UPDATE case_steps SET done_at = $1 WHERE case_id = $2 AND step = $3")
                .bind(actor.at)
                .bind(case_id.to_string())
                .bind(*step)
                .execute(&mut *conn)
                .await?;
        }
        Record::StepsShift { days } => {
            sqlx::query(
                "UPDATE case_steps SET due_at = due_at + $1 WHERE case_id = $2 AND done_at IS NULL",
            )
            .bind(*days as i64 * 86_400_000)
            .bind(case_id.to_string())
            .execute(&mut *conn)
            .await?;
        }
        // Requests are counted against a unit; a case without one (never routed) cannot make any.
        Record::Request { unit_id: None, .. } => {}
        Record::Request {
            kind,
            unit_id: Some(unit_id),
            reason,
            detail,
        } => {
            insert_request(
                conn,
                actor,
                case_id,
                *unit_id,
                kind.code(),
                reason,
                &detail.to_string(),
            )
            .await?
        }
        Record::RequestDecided { kind, approved } => {
            decide_request(conn, actor, case_id, kind.code(), *approved).await?
        }
        Record::StepsFrom { from, deadlines } => {
            for (i, due) in deadlines.iter().enumerate() {
                sqlx::query("UPDATE case_steps SET due_at = $1 WHERE case_id = $2 AND step = $3 AND done_at IS NULL")
                    .bind(*due)
                    .bind(case_id.to_string())
                    .bind(from + i as i64)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Record::CoHandler { unit_id, task } => {
            sqlx::query(
                "INSERT INTO case_cohandlers (id, case_id, unit_id, task, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (case_id, unit_id) DO NOTHING",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(case_id.to_string())
            .bind(unit_id.to_string())
            .bind(task)
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(actor.at)
            .execute(&mut *conn)
            .await?;
        }
        Record::CoHandlerDone { unit_id, note } => {
            sqlx::query("UPDATE case_cohandlers SET done_at = $1, done_note = $2 WHERE case_id = $3 AND unit_id = $4 AND done_at IS NULL")
                .bind(actor.at)
                .bind(note)
                .bind(case_id.to_string())
                .bind(unit_id.to_string())
                .execute(&mut *conn)
                .await?;
        }
        Record::Link { other } => {
            for (a, b) in [(case_id, *other), (*other, case_id)] {
                sqlx::query(
                    "INSERT INTO case_links (case_id, other_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (case_id, other_id) DO NOTHING",
                )
                .bind(a.to_string())
                .bind(b.to_string())
                .bind(actor.at)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// What the staff lists can filter on; the scope is always applied.
#[derive(Debug, Clone)]
pub struct CaseFilter {
    pub scope: Scope,
    pub kind: Option<CaseKind>,
    pub status: Option<CaseStatus>,
    /// Open cases only (received, assigned, in progress, paused).
    pub open_only: bool,
    pub category: Option<String>,
    pub unit: Option<UnitId>,
    pub street: Option<UnitId>,
    pub agent: Option<UserId>,
    pub received_from: Option<Millis>,
    pub received_to: Option<Millis>,
    /// Open and past the handling deadline at `now`.
    pub overdue: bool,
    /// Open and due within this many milliseconds of `now` (not yet overdue).
    pub due_within: Option<Millis>,
    pub send_back_pending: bool,
    /// Only cases whose unit asked to escalate (the dispatcher's queue).
    pub escalation_pending: bool,
    /// Only cases with one of these requests waiting (empty: no filter).
    pub requests: Vec<gongzhi_domain::cases::PendingRequest>,
    /// Only the cases of this caller (a normalised phone number).
    pub phone: Option<String>,
    /// Leave out cases whose reporter is kept confidential (a phone lookup by a handling unit).
    pub hide_confidential: bool,
    /// Only cases a district leader supervises (督办) or owns (the district tier, 领导包案), open ones.
    pub leader_queue: bool,
    /// Only cases closed as invalid (无效件).
    pub invalid_only: bool,
    pub order: CaseOrder,
    pub now: Millis,
}

/// The order of a staff list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseOrder {
    /// Newest received first (the default).
    #[default]
    Received,
    /// Oldest received first.
    ReceivedOldest,
    /// Open cases first, the soonest handling deadline first; closed ones after them.
    Due,
    /// Overdue cases first, the most days overdue first; then the rest, newest first.
    Overdue,
}

impl CaseOrder {
    pub const ALL: [CaseOrder; 4] = [
        CaseOrder::Received,
        CaseOrder::ReceivedOldest,
        CaseOrder::Due,
        CaseOrder::Overdue,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CaseOrder::Received => "received",
            CaseOrder::ReceivedOldest => "received_asc",
            CaseOrder::Due => "due",
            CaseOrder::Overdue => "overdue",
        }
    }
    pub fn parse(code: &str) -> Option<CaseOrder> {
        CaseOrder::ALL.into_iter().find(|o| o.code() == code)
    }
    /// The `ORDER BY` clause (`now` is ours, never user input).
    fn sql(self, now: Millis) -> String {
        const LATE: i64 = 9_000_000_000_000_000;
        match self {
            CaseOrder::Received => "ORDER BY received_at DESC, case_no DESC".into(),
            CaseOrder::ReceivedOldest => "ORDER BY received_at, case_no".into(),
            CaseOrder::Due => format!(
                "ORDER BY CASE WHEN status IN {OPEN} THEN 0 ELSE 1 END, COALESCE(handle_due_at, {LATE}), received_at DESC, case_no DESC"
            ),
            CaseOrder::Overdue => format!(
                "ORDER BY CASE WHEN status IN ('assigned', 'in_progress') AND handle_due_at < {now} THEN handle_due_at ELSE {LATE} END, \
                 received_at DESC, case_no DESC"
            ),
        }
    }
}

impl CaseFilter {
    pub fn new(scope: Scope, now: Millis) -> CaseFilter {
        CaseFilter {
            scope,
            kind: None,
            status: None,
            open_only: false,
            category: None,
            unit: None,
            street: None,
            agent: None,
            received_from: None,
            received_to: None,
            overdue: false,
            due_within: None,
            send_back_pending: false,
            escalation_pending: false,
            requests: Vec::new(),
            phone: None,
            hide_confidential: false,
            leader_queue: false,
            invalid_only: false,
            order: CaseOrder::Received,
            now,
        }
    }
}

/// The scope as alternative conditions (branches): a case is in scope when any branch holds. Each branch is a
/// single indexed column, so a list can read each branch's newest rows in order and merge them.
fn scope_branches(scope: Scope, c: &mut Conditions) -> Vec<String> {
    match scope {
        Scope::District => vec!["1 = 1".into()],
        Scope::Street(s) => {
            let n = c.mark(Value::text(s.to_string()));
            vec![
                format!("street_id = {n}"),
                format!("accountable_unit_id = {n}"),
            ]
        }
        Scope::Community(id) => {
            let n = c.mark(Value::text(id.to_string()));
            vec![
                format!("community_id = {n}"),
                format!("accountable_unit_id = {n}"),
            ]
        }
        Scope::Unit(u) => vec![format!(
            "accountable_unit_id = {}",
            c.mark(Value::text(u.to_string()))
        )],
        Scope::Nothing => vec!["1 = 0".into()],
    }
}

/// The scope's branches as one condition (a case in any of them).
pub(crate) fn any_branch(branches: &[String]) -> String {
    branches
        .iter()
        .map(|b| format!("({b})"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The filter as SQL: the scope branches, and the other conditions they all share.
pub(crate) fn filter_sql(f: &CaseFilter) -> (Vec<String>, String, Vec<Value>) {
    let mut c = Conditions::default();
    let branches = scope_branches(f.scope, &mut c);
    let equal = |c: &mut Conditions, col: &str, value: String| {
        c.push(&format!("{col} = ?"), [Value::text(value)]);
    };
    if let Some(k) = f.kind {
        equal(&mut c, "kind", k.code().into());
    }
    if let Some(s) = f.status {
        equal(&mut c, "status", s.code().into());
    }
    if let Some(cat) = &f.category {
        equal(&mut c, "category_code", cat.clone());
    }
    if let Some(u) = f.unit {
        equal(&mut c, "accountable_unit_id", u.to_string());
    }
    if let Some(s) = f.street {
        equal(&mut c, "street_id", s.to_string());
    }
    if let Some(a) = f.agent {
        equal(&mut c, "agent_id", a.to_string());
    }
    if f.open_only {
        c.push(&format!("status IN {OPEN}"), []);
    }
    if let Some(from) = f.received_from {
        c.push("received_at >= ?", [Value::int(from)]);
    }
    if let Some(to) = f.received_to {
        c.push("received_at < ?", [Value::int(to)]);
    }
    if f.overdue {
        c.push(
            "status IN ('assigned', 'in_progress') AND handle_due_at < ?",
            [Value::int(f.now)],
        );
    }
    if let Some(within) = f.due_within {
        c.push(
            "status IN ('assigned', 'in_progress') AND handle_due_at >= ? AND handle_due_at < ?",
            [Value::int(f.now), Value::int(f.now + within)],
        );
    }
    if !f.requests.is_empty() {
        // Codes are ours, not user input.
        let codes: Vec<String> = f
            .requests
            .iter()
            .map(|r| format!("'{}'", r.code()))
            .collect();
        c.push(&format!("request_pending IN ({})", codes.join(", ")), []);
    }
    if f.escalation_pending {
        c.push("escalation_pending = 1", []);
    }
    if f.send_back_pending {
        c.push("send_back_pending = 1", []);
    }
    if let Some(p) = &f.phone {
        equal(&mut c, "phone", p.clone());
    }
    if f.hide_confidential {
        c.push("confidential = 0 AND anonymous = 0", []);
    }
    if f.leader_queue {
        c.push(
            &format!("status IN {OPEN} AND (supervision_due IS NOT NULL OR tier = 'district')"),
            [],
        );
    }
    if f.invalid_only {
        c.push("outcome = 'invalid'", []);
    }
    let rest = c.sql();
    (branches, rest, c.into_values())
}

/// An attachment's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentMeta {
    pub id: String,
    pub case_id: CaseId,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub public: bool,
    pub uploaded_at: Millis,
}

/// A file to attach.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub public: bool,
    pub data: Vec<u8>,
}

/// A petition step as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub step: i64,
    pub due_at: Millis,
    pub done_at: Option<Millis>,
}

impl Store {
    /// Registers a case: takes the day's next case number, stores the case and its first timeline entry, applies
    /// `route` (computed by the caller from the catalogue) when given, and audits it — all in one transaction. The
    /// audit entries name the case number and kind, never the resident's details.
    pub async fn insert_case(
        &self,
        actor: &Actor,
        case: &NewCase,
        place: CasePlace,
        received_at: Millis,
        route: Option<&Change>,
    ) -> Result<Case> {
        if let Some(queue) = &self.intake_queue {
            // SQLite: join the next group commit (see `group_commit`).
            return queue
                .submit(
                    actor.clone(),
                    case.clone(),
                    place,
                    received_at,
                    route.cloned(),
                )
                .await;
        }
        let mut tx = self.write.begin().await?;
        let stored = insert_case_in(&mut tx, actor, case, place, received_at, route).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Applies a life-cycle change to a case read at `case.version`; `Conflict { constraint: "stale_version" }` when
    /// somebody changed it in between.
    pub async fn update_case(&self, actor: &Actor, case: &Case, change: &Change) -> Result<()> {
        self.update_cases(actor, &[(case, change)]).await
    }

    /// Applies changes to several cases in one transaction (a merge changes the duplicate and the survivor).
    pub async fn update_cases(&self, actor: &Actor, changes: &[(&Case, &Change)]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for (case, change) in changes {
            apply_change(
                &mut tx,
                actor,
                case.id,
                &case.case_no,
                Some(case.version),
                change,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores an attachment and applies the change that records it, in one transaction.
    pub async fn insert_attachment(
        &self,
        actor: &Actor,
        case: &Case,
        file: &NewAttachment,
        change: &Change,
    ) -> Result<AttachmentMeta> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.write.begin().await?;
        // Quotas are checked inside the writing transaction (on SQLite the single writer serialises uploads; on
        // PostgreSQL two simultaneous uploads may each pass the last slot, which overshoots by one file at most).
        let size = file.data.len() as i64;
        let on_case = sqlx::query("SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE case_id = $1")
            .bind(case.id.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let (n_case, bytes_case): (i64, i64) = (on_case.try_get(0)?, on_case.try_get(1)?);
        if n_case + 1 > MAX_ATTACHMENTS_PER_CASE
            || bytes_case + size > MAX_ATTACHMENT_BYTES_PER_CASE
        {
            return Err(StoreError::Conflict {
                constraint: "attachment_quota_case".into(),
            });
        }
        if let Some(user) = actor.user_id {
            const DAY: Millis = 86_400_000;
            const OFFSET: Millis = gongzhi_domain::CHINA_OFFSET_SECONDS as Millis * 1000;
            let day_start = (actor.at + OFFSET).div_euclid(DAY) * DAY - OFFSET;
            let by_user = sqlx::query(
                "SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE uploaded_by = $1 AND uploaded_at >= $2",
            )
            .bind(user.to_string())
            .bind(day_start)
            .fetch_one(&mut *tx)
            .await?;
            let (n_user, bytes_user): (i64, i64) = (by_user.try_get(0)?, by_user.try_get(1)?);
            if n_user + 1 > MAX_ATTACHMENTS_PER_USER_DAY
                || bytes_user + size > MAX_ATTACHMENT_BYTES_PER_USER_DAY
            {
                return Err(StoreError::Conflict {
                    constraint: "attachment_quota_user".into(),
                });
            }
        }
        sqlx::query(
            "INSERT INTO attachments (id, case_id, filename, content_type, size, public, data, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(case.id.to_string())
        .bind(&file.filename)
        .bind(&file.content_type)
        .bind(file.data.len() as i64)
        .bind(file.public as i64)
        .bind(file.data.clone())
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        apply_change(
            &mut tx,
            actor,
            case.id,
            &case.case_no,
            Some(case.version),
            change,
        )
        .await?;
        tx.commit().await?;
        Ok(AttachmentMeta {
            id,
            case_id: case.id,
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
            size: file.data.len() as i64,
            public: file.public,
            uploaded_at: actor.at,
        })
    }

    pub async fn list_attachments(&self, case_id: CaseId) -> Result<Vec<AttachmentMeta>> {
        let rows = sqlx::query(
            "SELECT id, case_id, filename, content_type, size, public, uploaded_at FROM attachments WHERE case_id = $1 ORDER BY uploaded_at, id",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    /// An attachment and its bytes.
    pub async fn get_attachment(&self, id: &str) -> Result<(AttachmentMeta, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT id, case_id, filename, content_type, size, public, uploaded_at, data FROM attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((attachment_from_row(&row)?, row.try_get("data")?))
    }

    pub async fn get_case(&self, id: CaseId) -> Result<Case> {
        let row = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        case_from_row(&row)
    }

    pub async fn get_case_by_no(&self, case_no: &CaseNo) -> Result<Case> {
        let row = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE case_no = $1"
        )))
        .bind(case_no.as_str())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        case_from_row(&row)
    }

    /// How many cases a filter matches (a queue's count, without reading a row).
    pub async fn count_cases(&self, filter: &CaseFilter) -> Result<i64> {
        let (branches, rest, args) = filter_sql(filter);
        let any = any_branch(&branches);
        let count = bind_all(
            sqlx::query(sql(format!(
                "SELECT COUNT(*) FROM cases WHERE ({any}) AND {rest}"
            ))),
            &args,
        );
        Ok(count.fetch_one(&self.read).await?.try_get(0)?)
    }

    /// One page of cases matching `filter`, newest first, with the total.
    ///
    /// A scope of several branches (a street sees cases placed in it and cases it is accountable for) is read as a
    /// union of per-branch queries, each taking its newest rows from its own index, rather than one `OR` query that
    /// would have to sort every match to find the first page.
    pub async fn list_cases(&self, filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>> {
        let total = self.count_cases(filter).await?;
        let (branches, rest, args) = filter_sql(filter);
        let order = filter.order.sql(filter.now);
        let text = if branches.len() == 1 {
            format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE {} AND {rest} {order} LIMIT {} OFFSET {}",
                branches[0],
                page.per_page,
                page.offset()
            )
        } else {
            let depth = page.offset() + page.per_page as i64;
            let parts: Vec<String> = branches
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    format!("SELECT {CASE_COLUMNS} FROM (SELECT {CASE_COLUMNS} FROM cases WHERE {b} AND {rest} {order} LIMIT {depth}) AS b{i}")
                })
                .collect();
            format!(
                "SELECT {CASE_COLUMNS} FROM ({}) AS u {order} LIMIT {} OFFSET {}",
                parts.join(" UNION "),
                page.per_page,
                page.offset()
            )
        };
        self.case_page(text, &args, total, page).await
    }

    /// Reads one page of cases by a statement built for it, with the total counted before.
    pub(crate) async fn case_page(
        &self,
        text: String,
        args: &[Value],
        total: i64,
        page: PageRequest,
    ) -> Result<Page<Case>> {
        let rows = bind_all(sqlx::query(sql(text)), args)
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

    /// For each case, how many other cases its caller (the same phone) raised from `before` milliseconds before
    /// it was received to `after` milliseconds after: likely repeats, for a whole page in one statement.
    pub async fn same_caller_counts(
        &self,
        cases: &[Case],
        before: Millis,
        after: Millis,
    ) -> Result<Vec<i64>> {
        let mut phones: Vec<&str> = cases
            .iter()
            .map(|c| c.phone.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        phones.sort_unstable();
        phones.dedup();
        if phones.is_empty() {
            return Ok(vec![0; cases.len()]);
        }
        let from = cases.iter().map(|c| c.received_at).min().unwrap_or(0) - before;
        let to = cases.iter().map(|c| c.received_at).max().unwrap_or(0) + after;
        let mut args = vec![Value::int(from), Value::int(to)];
        let marks: Vec<String> = phones
            .iter()
            .map(|p| {
                args.push(Value::text(*p));
                format!("${}", args.len())
            })
            .collect();
        let rows = bind_all(
            sqlx::query(sql(format!(
                "SELECT id, phone, received_at FROM cases WHERE phone IN ({}) AND received_at >= $1 AND received_at < $2",
                marks.join(", ")
            ))),
            &args,
        )
        .fetch_all(&self.read)
        .await?;
        let mut seen: Vec<(String, String, Millis)> = Vec::with_capacity(rows.len());
        for r in &rows {
            seen.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?));
        }
        Ok(cases
            .iter()
            .map(|c| {
                if c.phone.is_empty() {
                    return 0;
                }
                let id = c.id.to_string();
                seen.iter()
                    .filter(|(other, phone, at)| {
                        *phone == c.phone
                            && *other != id
                            && *at >= c.received_at - before
                            && *at < c.received_at + after
                    })
                    .count() as i64
            })
            .collect())
    }

    /// A case's timeline, oldest first; `public_only` leaves out what residents must not see.
    pub async fn case_timeline(
        &self,
        case_id: CaseId,
        public_only: bool,
    ) -> Result<Vec<TimelineEntry>> {
        let rows = sqlx::query(
            "SELECT e.at, e.event, e.public, e.note, e.data, u.display_name FROM case_events e \
             LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 AND (e.public = 1 OR $2 = 0) \
             ORDER BY e.at, e.id",
        )
        .bind(case_id.to_string())
        .bind(public_only as i64)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TimelineEntry {
                    at: r.try_get("at")?,
                    event: r.try_get("event")?,
                    public: r.try_get::<i64, _>("public")? != 0,
                    actor: r.try_get("display_name")?,
                    note: r.try_get("note")?,
                    data: r.try_get("data")?,
                })
            })
            .collect()
    }

    /// The public view of a case, only when the case number and the phone's last four digits match. A wrong
    /// combination and a missing case both answer `None`, so case numbers cannot be probed. A merged case shows the
    /// surviving case, which the resident now follows.
    pub async fn track_case(
        &self,
        case_no: &CaseNo,
        phone_last4: &str,
    ) -> Result<Option<PublicCaseView>> {
        let row = sqlx::query(sql(format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE case_no = $1 AND phone_last4 = $2"
        )))
        .bind(case_no.as_str())
        .bind(phone_last4)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let own = case_from_row(&row)?;
        // A merged resident keeps their own page: their own number, title and timeline, and of the surviving case
        // only its progress since the merge (status, public replies, closing) — never its title, its resident's
        // submission or its files. Verdicts are given on the surviving case by its own resident.
        let mut timeline = self.case_timeline(own.id, true).await?;
        let mut merged_into = None;
        let mut case = own.clone();
        if let Some(survivor) = own.merged_into {
            let s = self.get_case(survivor).await?;
            let merged_at = timeline
                .iter()
                .rev()
                .find(|e| e.event == "merged")
                .map(|e| e.at)
                .unwrap_or(i64::MIN);
            timeline.extend(
                self.case_timeline(s.id, true)
                    .await?
                    .into_iter()
                    .filter(|e| e.at >= merged_at && e.event != "submitted"),
            );
            timeline.sort_by_key(|e| e.at);
            merged_into = Some(s.case_no.clone());
            case = s;
        }
        let notice = match (&case.category_code, case.catalogue_version) {
            (Some(code), Some(version)) => self
                .get_category(version, code)
                .await
                .map(|c| c.notice)
                .unwrap_or_default(),
            _ => String::new(),
        };
        let closed = case.status == CaseStatus::Closed && own.merged_into.is_none();
        let unit_name = match case.accountable_unit_id {
            Some(unit) => Some(self.get_unit(unit).await?.unit.name),
            None => None,
        };
        let attachments = self
            .list_attachments(own.id)
            .await?
            .into_iter()
            .filter(|a| a.public)
            .map(|a| gongzhi_domain::cases::PublicAttachment {
                id: a.id,
                filename: a.filename,
                size: a.size,
            })
            .collect();
        let dispute_stage = match self.get_dispute(case.id).await {
            Ok(d) => Some(d.stage),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e),
        };
        Ok(Some(PublicCaseView {
            unit_name,
            attachments,
            dispute_stage,
            can_rate: closed
                && case.satisfaction.is_none()
                && case.outcome != Some(Outcome::Invalid),
            can_reopen: closed
                && case.satisfaction == Some(Satisfaction::Dissatisfied)
                && case.reopen_count == 0
                && case.request_pending == Some(PendingRequest::Redo),
            can_review: closed
                && case.kind == CaseKind::Petition
                && case.review_level < 2
                && case.petition_answered_at.is_some()
                && case.outcome != Some(Outcome::Refused),
            petition_answer: case.petition_answer,
            petition_answered_at: case.petition_answered_at,
            review_level: case.review_level,
            // The verdict shown is the resident's own (none for a merged case).
            satisfaction: own.satisfaction,
            resolved: own.resolved,
            handle_due_at: case.handle_due_at.filter(|_| case.status.is_open()),
            closed_at: case.closed_at,
            case_no: own.case_no,
            kind: own.kind,
            status: case.status,
            title: own.title,
            received_at: own.received_at,
            timeline,
            merged_into,
            notice,
        }))
    }

    /// People of a unit who can take a case (holding `role`, active), with their open cases.
    pub async fn candidates(&self, unit_id: UnitId, role: Role) -> Result<Vec<Candidate>> {
        let rows = sqlx::query(sql(format!(
            "SELECT u.id, u.display_name, u.username, \
             (SELECT COUNT(*) FROM cases c WHERE c.agent_id = u.id AND c.status IN {OPEN}) AS open_cases \
             FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $2 \
             WHERE u.unit_id = $1 AND u.active = 1 ORDER BY u.username"
        )))
        .bind(unit_id.to_string())
        .bind(role.code())
        .fetch_all(&self.write)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    user_id: req_id(r, "id", UserId::parse)?,
                    name: r.try_get("display_name")?,
                    username: r.try_get("username")?,
                    open_cases: r.try_get("open_cases")?,
                })
            })
            .collect()
    }

    /// Active heads of a unit.
    pub async fn unit_heads(&self, unit_id: UnitId) -> Result<Vec<UserId>> {
        let rows = sqlx::query("SELECT id FROM users WHERE unit_id = $1 AND unit_head = 1 AND active = 1 ORDER BY username")
            .bind(unit_id.to_string())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| req_id(r, "id", UserId::parse))
            .collect()
    }

    /// Active users holding a role anywhere (for example every dispatcher).
    pub async fn users_with_role(&self, role: Role) -> Result<Vec<UserId>> {
        let rows = sqlx::query(
            "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = $1 AND u.active = 1 ORDER BY u.username",
        )
        .bind(role.code())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| req_id(r, "id", UserId::parse))
            .collect()
    }

    /// A petition's six steps.
    pub async fn case_steps(&self, case_id: CaseId) -> Result<Vec<Step>> {
        let rows = sqlx::query(
            "SELECT step, due_at, done_at FROM case_steps WHERE case_id = $1 ORDER BY step",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Step {
                    step: r.try_get(0)?,
                    due_at: r.try_get(1)?,
                    done_at: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// Case numbers linked to a case.
    pub async fn case_links(&self, case_id: CaseId) -> Result<Vec<CaseNo>> {
        let rows = sqlx::query(
            "SELECT c.case_no FROM case_links l JOIN cases c ON c.id = l.other_id WHERE l.case_id = $1 ORDER BY c.case_no",
        )
        .bind(case_id.to_string())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                CaseNo::parse(&r.try_get::<String, _>(0)?).ok_or_else(|| decode_err("case_no"))
            })
            .collect()
    }

    /// Send-back requests a unit made in a period (counted against it), and how many were approved.
    pub async fn send_back_counts(
        &self,
        unit_id: UnitId,
        from: Millis,
        to: Millis,
    ) -> Result<(i64, i64)> {
        self.hand_on_counts("send_back", unit_id, from, to).await
    }

    /// Escalation requests of a unit in `[from, to)`: (requested, approved). 首接负责 counts them against the unit.
    pub async fn escalation_request_counts(
        &self,
        unit_id: UnitId,
        from: Millis,
        to: Millis,
    ) -> Result<(i64, i64)> {
        self.hand_on_counts("escalation", unit_id, from, to).await
    }

    async fn hand_on_counts(
        &self,
        kind: &str,
        unit_id: UnitId,
        from: Millis,
        to: Millis,
    ) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN approved = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM send_backs \
             WHERE kind = $4 AND unit_id = $1 AND requested_at >= $2 AND requested_at < $3",
        )
        .bind(unit_id.to_string())
        .bind(from)
        .bind(to)
        .bind(kind)
        .fetch_one(&self.read)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }
}

fn attachment_from_row(r: &AnyRow) -> Result<AttachmentMeta> {
    Ok(AttachmentMeta {
        id: r.try_get("id")?,
        case_id: req_id(r, "case_id", CaseId::parse)?,
        filename: r.try_get("filename")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        public: r.try_get::<i64, _>("public")? != 0,
        uploaded_at: r.try_get("uploaded_at")?,
    })
}

/// Inserts a case (and applies its routing change) inside the caller's transaction.
pub(crate) async fn insert_case_in(
    conn: &mut AnyConnection,
    actor: &Actor,
    case: &NewCase,
    place: CasePlace,
    received_at: Millis,
    route: Option<&Change>,
) -> Result<Case> {
    let id = CaseId::new();
    let case_no = next_case_no(conn, received_at).await?;
    sqlx::query(
        "INSERT INTO cases (id, case_no, kind, channel, status, title, description, address, lat, lon, \
         resident_name, phone, phone_last4, street_id, community_id, accountable_unit_id, agent_id, received_at, \
         created_at, updated_at, confidential, anonymous, place_guessed) \
         VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL, $16, $17, $17, $18, $19, $20)",
    )
    .bind(id.to_string())
    .bind(case_no.as_str())
    .bind(case.kind.code())
    .bind(case.channel.code())
    .bind(&case.title)
    .bind(&case.description)
    .bind(&case.address)
    .bind_f64_opt(case.point.map(|p| p.lat))
    .bind_f64_opt(case.point.map(|p| p.lon))
    .bind(&case.resident_name)
    .bind(case.phone.as_ref().map(|p| p.expose()).unwrap_or_default())
    .bind(case.phone.as_ref().map(|p| p.last4()).unwrap_or_default())
    .bind(place.street_id.map(|u| u.to_string()))
    .bind(place.community_id.map(|u| u.to_string()))
    .bind(place.accountable_unit_id.map(|u| u.to_string()))
    .bind(received_at)
    .bind(actor.at)
    .bind(case.confidential as i64)
    .bind(case.anonymous as i64)
    .bind(place.guessed as i64)
    .execute(&mut *conn)
    .await?;
    insert_event(
        conn,
        id,
        actor.at,
        "submitted",
        true,
        actor.user_id,
        "",
        "{}",
    )
    .await?;
    if let Some(email) = &case.email {
        crate::notify::save_contact(conn, id, email).await?;
    }
    // The resident is told the case number at once; an intake that routes at once says no more than that.
    let told = gongzhi_domain::notify::Tell::new(gongzhi_domain::notify::TellKind::Received, "");
    crate::notify::enqueue(
        conn,
        id,
        case_no.as_str(),
        std::slice::from_ref(&told),
        actor.at,
    )
    .await?;
    let detail = json!({
        "case_no": case_no.as_str(),
        "kind": case.kind.code(),
        "channel": case.channel.code(),
        "street_id": place.street_id.map(|u| u.to_string()),
        "community_id": place.community_id.map(|u| u.to_string()),
    });
    audit::append(conn, actor, "case.create", "case", &id.to_string(), detail).await?;
    // The stored row is known without reading it back: the intake, then the routing change applied the same way
    // the store applied it.
    let mut stored = Case::received(id, case_no.clone(), case, place, received_at, actor.at);
    match route {
        // Routing moves the case to its unit, which writes its search document.
        Some(change) => {
            let mut change = change.clone();
            change
                .tell
                .retain(|t| t.kind != gongzhi_domain::notify::TellKind::Routed);
            apply_change(conn, actor, id, &case_no, Some(1), &change).await?;
            change.apply_to(&mut stored);
        }
        None => crate::search::index_case(conn, id).await?,
    }
    Ok(stored)
}

/// The next case number of the day of `received_at`.
pub(crate) async fn next_case_no(conn: &mut AnyConnection, received_at: Millis) -> Result<CaseNo> {
    let day = gongzhi_domain::local_yyyymmdd(received_at);
    let seq: i64 = sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
    )
    .bind(format!("case_no:{day}"))
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(CaseNo::new(day, seq as u32))
}
