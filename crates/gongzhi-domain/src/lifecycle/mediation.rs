//! The spine follows a case's mediation: a dispute's steps move the case it belongs to.

use crate::Millis;
use crate::cases::{Case, CaseKind, CaseStatus, Outcome};
use crate::dispute::{Dispute, Failure, Stage};
use crate::lifecycle::Field;
use crate::org::{UnitId, UserId};

/// Where a mediation puts its case on the spine (issue 25, item 4), so that every page and list (the resident's
/// tracking, the dispatcher's queue, the worklists) follows the mediation:
///
/// - once a mediator is chosen, the case leaves the dispatcher's queue: it is in hand (办理中) with the mediation
///   organisation as its accountable unit and the mediator as its agent — the one who answers for it;
/// - once the mediation has ended, the case is closed (办结): resolved by an agreement; withdrawn when the applicant
///   withdrew; otherwise referred, since a mediator whose mediation failed tells the parties they may go to
///   arbitration, an administrative body or the court (人民调解法 art. 26), and a dispute referred at evaluation was
///   sent to its proper channel at once.
///
/// Filed and evaluated, the dispute is the dispatcher's work and the case stays in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediationSpine {
    InHand { unit: Option<UnitId>, agent: UserId },
    Ended { at: Millis, outcome: Outcome },
}

/// Where the mediation puts its case, if anywhere yet.
pub fn mediation_spine(d: &Dispute) -> Option<MediationSpine> {
    if d.ended_at.is_some() || d.stage == Stage::Referred {
        let outcome = match (d.stage, d.failure) {
            (Stage::Agreed, _) => Outcome::Resolved,
            (_, Some(Failure::Withdrawn)) => Outcome::Withdrawn,
            _ => Outcome::Referred,
        };
        let at = d.ended_at.or(d.evaluated_at).unwrap_or(d.filed_at);
        return Some(MediationSpine::Ended { at, outcome });
    }
    d.mediator_id.map(|agent| MediationSpine::InHand {
        unit: d.org_id,
        agent,
    })
}

/// The case's fields as the mediation moves. Only a case of kind 纠纷 follows: a petition keeps its statutory
/// procedure (信访工作条例) beside its mediation, and a closed or merged case is left as it is (the court's later
/// steps show on the dispute, not on the spine).
pub fn mediation_on_spine(case: &Case, after: &Dispute, now: Millis) -> Vec<Field> {
    if case.kind != CaseKind::Dispute || !case.status.is_open() {
        return Vec::new();
    }
    match mediation_spine(after) {
        Some(MediationSpine::Ended { outcome, .. }) => vec![
            Field::Status(CaseStatus::Closed),
            Field::ClosedAt(Some(now)),
            Field::Outcome(Some(outcome), String::new()),
        ],
        Some(MediationSpine::InHand { unit, agent })
            if case.agent_id != Some(agent) || case.status != CaseStatus::InProgress =>
        {
            let mut set = Vec::new();
            if let Some(org) = unit {
                set.push(Field::Unit(Some(org)));
            }
            set.push(Field::Agent(Some(agent)));
            set.push(Field::Status(CaseStatus::InProgress));
            set.push(Field::AcceptedAt(Some(now)));
            set
        }
        _ => Vec::new(),
    }
}
