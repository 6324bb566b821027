//! 无效件: a dispatcher disposes of a case that raises no matter (a silent or test call, abuse, spam, a wrong
//! number) before it is dispatched, with a reason; it closes at once, counts in no unit's assessment, and a reviewer
//! of the assessment office can restore it to the dispatch queue.

use serde_json::json;

use super::{Change, Field, NewEvent, Relation, dispatcher};
use crate::Millis;
use crate::cases::{Case, CaseStatus, InvalidReason, Outcome};
use crate::lifecycle::CaseError;

/// A dispatcher marks a case waiting for dispatch as invalid. The resident's timeline says it was closed as
/// invalid and why (the reason's label); the dispatcher's own words stay internal.
pub fn invalidate(
    case: &Case,
    rel: Relation,
    now: Millis,
    reason: InvalidReason,
    note: &str,
) -> Result<Change, CaseError> {
    dispatcher(rel)?;
    match case.status {
        CaseStatus::Received => {}
        CaseStatus::Merged => return Err(CaseError::Merged),
        CaseStatus::Closed => return Err(CaseError::Closed),
        _ => return Err(CaseError::NotWaitingForDispatch),
    }
    let mut c = Change::new("case.invalidate");
    c.set.push(Field::Status(CaseStatus::Closed));
    c.set.push(Field::ClosedAt(Some(now)));
    c.set
        .push(Field::Outcome(Some(Outcome::Invalid), note.to_owned()));
    c.events.push(
        NewEvent::public("invalidated", "")
            .with(json!({ "outcome": Outcome::Invalid.code(), "reason": reason.code() })),
    );
    if !note.trim().is_empty() {
        c.events.push(NewEvent::internal("noted", note));
    }
    Ok(c)
}

/// A reviewer restores a case wrongly marked invalid: it goes back to the dispatch queue as received.
pub fn restore_invalid(case: &Case, is_reviewer: bool, note: &str) -> Result<Change, CaseError> {
    if !is_reviewer {
        return Err(CaseError::ReviewersOnly);
    }
    if case.status != CaseStatus::Closed || case.outcome != Some(Outcome::Invalid) {
        return Err(CaseError::NotInvalid);
    }
    let mut c = Change::new("case.restore");
    c.set.push(Field::Status(CaseStatus::Received));
    c.set.push(Field::ClosedAt(None));
    c.set.push(Field::Outcome(None, String::new()));
    c.events
        .push(NewEvent::public("restored", "").with(json!({})));
    if !note.trim().is_empty() {
        c.events.push(NewEvent::internal("noted", note));
    }
    Ok(c)
}
