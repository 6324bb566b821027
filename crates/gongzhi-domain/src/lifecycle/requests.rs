//! Requests a unit makes and someone else decides (pause, later due date, exclusion from the assessment), the redo a
//! dissatisfied verdict asks for, a leader's instruction (批示), and co-handlers (协办).

use serde_json::json;

use super::{
    Change, Field, NewEvent, Notify, Record, Relation, dispatcher, open_only, owner, routed,
};
use crate::Millis;
use crate::calendar::{Calendar, Deadline};
use crate::cases::{Case, CaseKind, CaseStatus, Outcome, PendingRequest, Satisfaction};
use crate::lifecycle::{Assignment, CaseError};
use crate::org::{UnitId, UserId};

fn free_of_requests(case: &Case) -> Result<(), CaseError> {
    if case.request_pending.is_some() || case.send_back_pending || case.escalation_pending {
        Err(CaseError::RequestPending)
    } else {
        Ok(())
    }
}

fn ask(
    case: &Case,
    kind: PendingRequest,
    reason: &str,
    detail: serde_json::Value,
    to: &[UserId],
    audit: &'static str,
) -> Change {
    let mut c = Change::new(audit);
    c.set.push(Field::RequestPending(Some(kind)));
    c.records.push(Record::Request {
        kind,
        unit_id: case.accountable_unit_id,
        reason: reason.to_owned(),
        detail: detail.clone(),
    });
    c.events.push(
        NewEvent::internal("requested", reason)
            .with(json!({ "request": kind.code(), "detail": detail })),
    );
    for &user in to {
        c.notify.push(Notify {
            user_id: user,
            kind: "request",
            dedupe_key: None,
        });
    }
    c
}

/// The unit asks a dispatcher to stop the handling clock (waiting for the resident or a third party).
pub fn request_pause(
    case: &Case,
    rel: Relation,
    reason: &str,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.status != CaseStatus::InProgress {
        return Err(CaseError::NotInProgress);
    }
    free_of_requests(case)?;
    Ok(ask(
        case,
        PendingRequest::Pause,
        reason,
        json!({}),
        dispatchers,
        "case.pause_request",
    ))
}

/// A dispatcher approves the pause: the clock stops and the resident is told why.
pub fn approve_pause(
    case: &Case,
    rel: Relation,
    now: Millis,
    reason: &str,
) -> Result<Change, CaseError> {
    open_only(case)?;
    dispatcher(rel)?;
    if case.request_pending != Some(PendingRequest::Pause) {
        return Err(CaseError::NoRequestPending);
    }
    if case.status != CaseStatus::InProgress {
        return Err(CaseError::NotInProgress);
    }
    let mut c = Change::new("case.pause");
    c.set.push(Field::RequestPending(None));
    c.records.push(Record::RequestDecided {
        kind: PendingRequest::Pause,
        approved: true,
    });
    c.set.push(Field::Status(CaseStatus::Paused));
    c.set.push(Field::PausedAt(Some(now)));
    c.events.push(NewEvent::public("paused", reason));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "request_decided",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// The unit asks a dispatcher for a later handling deadline.
pub fn request_due_change(
    case: &Case,
    rel: Relation,
    due: Millis,
    reason: &str,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    free_of_requests(case)?;
    Ok(ask(
        case,
        PendingRequest::DueChange,
        reason,
        json!({ "handle_due_at": due }),
        dispatchers,
        "case.due_change_request",
    ))
}

/// The unit asks to close an unreasonable demand without it counting in the assessment (a reviewer decides).
pub fn request_exclusion(
    case: &Case,
    rel: Relation,
    reason: &str,
    reviewers: &[UserId],
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.status != CaseStatus::InProgress {
        return Err(CaseError::NotInProgress);
    }
    if case.contacted_at.is_none() {
        return Err(CaseError::NoContact);
    }
    free_of_requests(case)?;
    Ok(ask(
        case,
        PendingRequest::Exclusion,
        reason,
        json!({}),
        reviewers,
        "case.exclusion_request",
    ))
}

/// A reviewer of the assessment office approves the exclusion: the case closes as excluded from the assessment.
pub fn approve_exclusion(
    case: &Case,
    is_reviewer: bool,
    now: Millis,
    note: &str,
) -> Result<Change, CaseError> {
    open_only(case)?;
    if !is_reviewer {
        return Err(CaseError::ReviewersOnly);
    }
    if case.request_pending != Some(PendingRequest::Exclusion) {
        return Err(CaseError::NoRequestPending);
    }
    let mut c = Change::new("case.exclude");
    c.set.push(Field::RequestPending(None));
    c.records.push(Record::RequestDecided {
        kind: PendingRequest::Exclusion,
        approved: true,
    });
    c.set.push(Field::Status(CaseStatus::Closed));
    c.set.push(Field::ClosedAt(Some(now)));
    c.set
        .push(Field::Outcome(Some(Outcome::Excluded), note.to_owned()));
    c.set.push(Field::Verdict(None, None));
    c.set.push(Field::Redo(false));
    c.events.push(
        NewEvent::public("closed", note).with(json!({ "outcome": Outcome::Excluded.code() })),
    );
    c.tell.push(crate::notify::Tell::new(
        crate::notify::TellKind::Closed,
        "",
    ));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "request_decided",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// Refuses the pending request: a dispatcher (pause, due change, redo) or a reviewer (exclusion). The case goes on
/// as it was; for a redo, the verdict stands.
pub fn reject_request(
    case: &Case,
    rel: Relation,
    is_reviewer: bool,
    note: &str,
) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    let Some(kind) = case.request_pending else {
        return Err(CaseError::NoRequestPending);
    };
    match kind {
        PendingRequest::Exclusion if !is_reviewer => return Err(CaseError::ReviewersOnly),
        PendingRequest::Exclusion => {}
        _ => dispatcher(rel)?,
    }
    let mut c = Change::new("case.request_reject");
    c.set.push(Field::RequestPending(None));
    c.records.push(Record::RequestDecided {
        kind,
        approved: false,
    });
    c.events
        .push(NewEvent::internal("request_rejected", note).with(json!({ "request": kind.code() })));
    if let Some(agent) = case.agent_id
        && kind != PendingRequest::Redo
    {
        c.notify.push(Notify {
            user_id: agent,
            kind: "request_decided",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// The resident asks for the case to be redone (重办) after a dissatisfied verdict, within the verdict window and
/// while the dispatchers have not decided, giving what is still wrong. A petition is reviewed by the organ above
/// instead (`request_review`).
pub fn ask_redo(
    case: &Case,
    now: Millis,
    reason: &str,
    window_days: u32,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotClosed);
    }
    if case.kind == CaseKind::Petition {
        return Err(CaseError::PetitionReview);
    }
    if !super::within_verdict_window(case, now, window_days) {
        return Err(CaseError::VerdictWindowOver);
    }
    if case.reopen_count > 0 {
        return Err(CaseError::ReopenUsed);
    }
    if case.satisfaction != Some(Satisfaction::Dissatisfied) {
        return Err(CaseError::NotDissatisfied);
    }
    // The dissatisfied verdict put the redo before the dispatchers; once they decided, it is not asked again.
    if case.request_pending != Some(PendingRequest::Redo) {
        return Err(CaseError::ReopenUsed);
    }
    let mut c = Change::new("case.redo_request");
    for &d in dispatchers {
        c.notify.push(Notify {
            user_id: d,
            kind: "redo_requested",
            dedupe_key: None,
        });
    }
    c.events.push(NewEvent::public("redo_requested", reason));
    Ok(c)
}

/// A dispatcher sends a dissatisfied case back for the redo: to the same unit and agent (`to` none), or to another
/// unit; either way against a fresh deadline, once.
pub fn redo(
    case: &Case,
    rel: Relation,
    to: Option<&Assignment>,
    due: Deadline,
    note: &str,
) -> Result<Change, CaseError> {
    dispatcher(rel)?;
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotClosed);
    }
    if case.request_pending != Some(PendingRequest::Redo) {
        return Err(CaseError::NoRequestPending);
    }
    if case.reopen_count > 0 {
        return Err(CaseError::ReopenUsed);
    }
    let mut c = Change::new("case.reopen");
    c.set.push(Field::RequestPending(None));
    c.records.push(Record::RequestDecided {
        kind: PendingRequest::Redo,
        approved: true,
    });
    c.set.push(Field::ReopenCount(case.reopen_count + 1));
    c.set.push(Field::Redo(true));
    c.set.push(Field::ClosedAt(None));
    c.set.push(Field::Outcome(None, String::new()));
    c.set.push(Field::Verdict(None, None));
    c.set.push(Field::HandleDue {
        at: due.at,
        provisional: due.provisional,
    });
    c.set.push(Field::ManualDueReason(None));
    match to {
        Some(a)
            if Some(a.unit_id) != case.accountable_unit_id || Some(a.agent_id) != case.agent_id =>
        {
            c.set.push(Field::Unit(Some(a.unit_id)));
            c.set.push(Field::Tier(a.tier));
            c.set.push(Field::Agent(Some(a.agent_id)));
            c.set.push(Field::RoutingReason(a.reason.to_string()));
            c.set.push(Field::Status(CaseStatus::Assigned));
            c.set.push(Field::AcceptedAt(None));
            c.events.push(
                NewEvent::public("reopened", note)
                    .with(json!({ "to_unit": a.unit_name, "to_agent": a.agent_name })),
            );
            c.notify.push(Notify {
                user_id: a.agent_id,
                kind: "reopened",
                dedupe_key: None,
            });
        }
        _ => {
            c.set.push(Field::Status(CaseStatus::InProgress));
            c.events.push(NewEvent::public("reopened", note));
            if let Some(agent) = case.agent_id {
                c.notify.push(Notify {
                    user_id: agent,
                    kind: "reopened",
                    dedupe_key: None,
                });
            }
        }
    }
    Ok(c)
}

/// 批示: a district leader's written instruction on a case, for its holder; no answer date (that is 督办).
pub fn instruct(case: &Case, is_leader: bool, text: &str) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    if !is_leader {
        return Err(CaseError::LeadersOnly);
    }
    let mut c = Change::new("case.instruct");
    c.events.push(NewEvent::internal("instructed", text));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "instructed",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// 协办: the accountable unit (or a dispatcher) adds another unit with its own task; the agent stays accountable.
pub fn add_cohandler(
    case: &Case,
    rel: Relation,
    unit: (UnitId, &str),
    task: &str,
    already: bool,
) -> Result<Change, CaseError> {
    routed(case)?;
    if !(rel.owns() || rel.is_dispatcher) {
        return Err(CaseError::NotYourCase);
    }
    if already || Some(unit.0) == case.accountable_unit_id {
        return Err(CaseError::AlreadyOnCase);
    }
    let mut c = Change::new("case.cohandler_add");
    c.records.push(Record::CoHandler {
        unit_id: unit.0,
        task: task.to_owned(),
    });
    c.events
        .push(NewEvent::internal("cohandler_added", task).with(json!({ "unit": unit.1 })));
    Ok(c)
}

/// A co-handling unit reports its task done.
pub fn finish_cohandling(
    case: &Case,
    unit: (UnitId, &str),
    is_cohandler: bool,
    note: &str,
) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    if !is_cohandler {
        return Err(CaseError::NotCoHandler);
    }
    let mut c = Change::new("case.cohandler_done");
    c.records.push(Record::CoHandlerDone {
        unit_id: unit.0,
        note: note.to_owned(),
    });
    c.events
        .push(NewEvent::internal("cohandler_done", note).with(json!({ "unit": unit.1 })));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "cohandler_done",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// The most a pause may move the handling deadline, in working time, whatever it lasted.
pub fn capped_pause(
    calendar: &Calendar,
    paused_at: Millis,
    now: Millis,
    max_working_days: u32,
) -> Millis {
    calendar
        .working_time_between(paused_at, now)
        .min(max_working_days as Millis * 86_400_000)
}
