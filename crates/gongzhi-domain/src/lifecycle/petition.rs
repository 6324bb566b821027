//! The petition procedure of the 信访工作条例 (2022): accept or refuse within 15 days with a written notice; handle
//! within 60 days of acceptance, with one extension of up to 30 days that the unit's head approves and the
//! petitioner is told of; the agent's steps in order; a written answer (支持 / 不予支持 / 解释说明) before closing;
//! review (复查) and re-review (复核) by the organ above, each asked within 30 days of the answer and answered within
//! 30 days; after re-review the same matter is not accepted again.

use serde_json::json;

use super::{
    Assignment, Change, Field, NewEvent, Notify, PETITION_STEPS, Record, Relation, owner, routed,
};
use crate::Millis;
use crate::cases::{Case, CaseKind, CaseStatus, Outcome, PetitionAnswer};
use crate::lifecycle::CaseError;

/// Days a petitioner has to ask for a review (or re-review) after the answer, and the organ above has to answer it.
pub const REVIEW_DAYS: u32 = 30;
/// The step the written answer completes (`resolve`); the steps before it must be done first.
pub const ANSWER_STEP: i64 = 5;

/// The end of the day `days` calendar days after `from`'s day (Beijing time).
pub fn days_after(from: Millis, days: u32) -> Millis {
    let day = crate::calendar::local_date(from);
    let end = day
        .checked_add(jiff::Span::new().days(days as i64 + 1))
        .expect("dates stay in range");
    crate::calendar::start_of(end)
}

fn petition(case: &Case) -> Result<(), CaseError> {
    if case.kind == CaseKind::Petition {
        Ok(())
    } else {
        Err(CaseError::NotPetition)
    }
}

/// An accepted petition in the hands of its agent (or the unit's head), being worked on.
fn being_handled(case: &Case, rel: Relation) -> Result<(), CaseError> {
    routed(case)?;
    owner(rel)?;
    petition(case)?;
    if case.petition_accepted_at.is_none() {
        return Err(CaseError::PetitionNotAccepted);
    }
    if case.status != CaseStatus::InProgress {
        return Err(CaseError::NotInProgress);
    }
    Ok(())
}

/// 受理: the agent (or the unit's head) accepts the petition. Its handling deadline and the remaining steps count
/// from now (`step_days[1..]` days after acceptance); the petitioner gets a written notice. `finally_reviewed` is
/// true when the petition is linked to a matter already re-reviewed: that is refused.
pub fn accept_petition(
    case: &Case,
    rel: Relation,
    now: Millis,
    step_days: &[u32; 6],
    finally_reviewed: bool,
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    petition(case)?;
    if case.petition_accepted_at.is_some() {
        return Err(CaseError::PetitionAccepted);
    }
    if finally_reviewed {
        return Err(CaseError::ReviewExhausted);
    }
    let due = days_after(now, step_days[5]);
    let mut c = Change::new("case.petition_accept");
    c.set.push(Field::Status(CaseStatus::InProgress));
    c.set.push(Field::AcceptedAt(Some(now)));
    c.set.push(Field::PetitionAccepted(Some(now)));
    c.set.push(Field::PetitionStep(1));
    c.set.push(Field::HandleDue {
        at: due,
        provisional: false,
    });
    c.records.push(Record::StepDone { step: 1 });
    c.records.push(Record::StepsFrom {
        from: 2,
        deadlines: step_days[1..].iter().map(|&d| days_after(now, d)).collect(),
    });
    c.events.push(
        NewEvent::public("petition_accepted", "")
            .with(json!({ "handle_due_at": due, "days": step_days[5] })),
    );
    c.tell.push(crate::notify::Tell::new(
        crate::notify::TellKind::Accepted,
        "",
    ));
    Ok(c)
}

/// 不予受理: the petition is refused at acceptance with the reason and the proper channel (a court, arbitration,
/// administrative review…), in a written notice; the case closes.
pub fn refuse_petition(
    case: &Case,
    rel: Relation,
    now: Millis,
    reason: &str,
    channel: &str,
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    petition(case)?;
    if case.petition_accepted_at.is_some() {
        return Err(CaseError::PetitionAccepted);
    }
    let mut c = Change::new("case.petition_refuse");
    c.set.push(Field::Status(CaseStatus::Closed));
    c.set.push(Field::ClosedAt(Some(now)));
    c.set
        .push(Field::Outcome(Some(Outcome::Refused), reason.to_owned()));
    c.set.push(Field::PetitionStep(1));
    c.records.push(Record::StepDone { step: 1 });
    c.events
        .push(NewEvent::public("petition_refused", reason).with(json!({ "channel": channel })));
    Ok(c)
}

/// The agent completes the next step, in order. The written answer completes `resolve` (`answer_petition`), and a
/// review has no steps besides its answer.
pub fn complete_step(case: &Case, rel: Relation, note: &str) -> Result<(Change, i64), CaseError> {
    being_handled(case, rel)?;
    let step = case.petition_step + 1;
    if step > 6 || case.review_level > 0 {
        return Err(CaseError::StepsDone);
    }
    if step == ANSWER_STEP {
        return Err(CaseError::AnswerNeeded);
    }
    let mut c = Change::new("case.petition_step");
    c.set.push(Field::PetitionStep(step));
    c.records.push(Record::StepDone { step });
    c.events.push(
        NewEvent::public("step_done", note)
            .with(json!({ "step": step, "name": PETITION_STEPS[step as usize - 1] })),
    );
    Ok((c, step))
}

/// The written answer (信访处理意见书): 支持, 不予支持 or 解释说明, with its text, public to the petitioner.
pub fn answer_petition(
    case: &Case,
    rel: Relation,
    now: Millis,
    answer: PetitionAnswer,
    text: &str,
) -> Result<Change, CaseError> {
    being_handled(case, rel)?;
    if case.petition_answer.is_some() {
        return Err(CaseError::AlreadyAnswered);
    }
    if case.review_level == 0 && case.petition_step < ANSWER_STEP - 1 {
        return Err(CaseError::StepsBeforeAnswer);
    }
    let mut c = Change::new("case.petition_answer");
    c.set.push(Field::PetitionAnswer(Some((answer, now))));
    if case.review_level == 0 {
        c.set.push(Field::PetitionStep(ANSWER_STEP));
        c.records.push(Record::StepDone { step: ANSWER_STEP });
    }
    c.events.push(
        NewEvent::public("petition_answered", text)
            .with(json!({ "answer": answer.code(), "level": case.review_level })),
    );
    Ok(c)
}

/// What closing a petition needs besides contact: the answer issued and, in the first handling, every step done.
pub fn ready_to_close(case: &Case) -> Result<(), CaseError> {
    if case.kind != CaseKind::Petition {
        return Ok(());
    }
    if case.petition_answer.is_none() {
        return Err(CaseError::AnswerNeeded);
    }
    if case.review_level == 0 && case.petition_step < 6 {
        return Err(CaseError::StepsBeforeAnswer);
    }
    Ok(())
}

/// The one extension, approved by the head of the accountable unit: the deadline and the open steps move by `days`
/// calendar days, and the petitioner is told why.
pub fn extend_petition(
    case: &Case,
    rel: Relation,
    days: u32,
    reason: &str,
) -> Result<Change, CaseError> {
    routed(case)?;
    petition(case)?;
    if !(rel.is_unit_head || rel.is_system) {
        return Err(CaseError::HeadOnly);
    }
    if case.petition_accepted_at.is_none() {
        return Err(CaseError::PetitionNotAccepted);
    }
    if case.extended {
        return Err(CaseError::ExtensionUsed);
    }
    let mut c = Change::new("case.extend");
    c.set.push(Field::Extended(true));
    c.records.push(Record::StepsShift { days });
    if let Some(due) = case.handle_due_at {
        c.set.push(Field::HandleDue {
            at: due + days as i64 * 86_400_000,
            provisional: case.handle_due_provisional,
        });
    }
    c.events
        .push(NewEvent::public("extended", reason).with(json!({ "days": days })));
    Ok(c)
}

/// The petitioner asks for review (复查) — or, after a review, re-review (复核) — within 30 days of the answer. The
/// organ above (`to`) takes the case and must answer within 30 days; after re-review nothing more is taken.
pub fn request_review(
    case: &Case,
    now: Millis,
    reason: &str,
    to: &Assignment,
) -> Result<Change, CaseError> {
    petition(case)?;
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotClosed);
    }
    if case.review_level >= 2 || case.outcome == Some(Outcome::Refused) {
        return Err(CaseError::ReviewExhausted);
    }
    let Some(answered) = case.petition_answered_at else {
        return Err(CaseError::AnswerNeeded);
    };
    if now > days_after(answered, REVIEW_DAYS) {
        return Err(CaseError::ReviewWindowOver);
    }
    let level = case.review_level + 1;
    let due = days_after(now, REVIEW_DAYS);
    let mut c = Change::new(if level == 1 {
        "case.review"
    } else {
        "case.re_review"
    });
    c.set.push(Field::ReviewLevel(level));
    c.set.push(Field::Status(CaseStatus::InProgress));
    c.set.push(Field::Unit(Some(to.unit_id)));
    c.set.push(Field::Tier(to.tier));
    c.set.push(Field::Agent(Some(to.agent_id)));
    c.set.push(Field::RoutingReason(to.reason.to_string()));
    c.set.push(Field::AcceptedAt(Some(now)));
    c.set.push(Field::PetitionAccepted(Some(now)));
    c.set.push(Field::ClosedAt(None));
    c.set.push(Field::Outcome(None, String::new()));
    c.set.push(Field::Verdict(None, None));
    c.set.push(Field::PetitionAnswer(None));
    c.set.push(Field::HandleDue {
        at: due,
        provisional: false,
    });
    c.set.push(Field::ManualDueReason(None));
    c.events.push(
        NewEvent::public(
            if level == 1 {
                "review_requested"
            } else {
                "re_review_requested"
            },
            reason,
        )
        .with(json!({ "to_unit": to.unit_name, "handle_due_at": due, "level": level })),
    );
    c.notify.push(Notify {
        user_id: to.agent_id,
        kind: "review",
        dedupe_key: None,
    });
    Ok(c)
}
