//! The case life cycle: who may do what to a case in which state, and what each action changes. Every action is a
//! pure function from the case as read (and the actor's relation to it) to a `Change` — fields to set, timeline
//! entries, notices — which the store writes in one transaction guarded by the case's version. Illegal transitions
//! are refused here with a reason in business words.

use serde_json::json;

use crate::Millis;
use crate::calendar::Calendar;
use crate::cases::{
    Case, CaseId, CaseKind, CaseStatus, Outcome, PendingRequest, PetitionAnswer, Satisfaction,
};
use crate::catalogue::{Limit, Tier};
use crate::notify::{Tell, TellKind};
use crate::org::{UnitId, UserId};

error_codes! {
    /// Why an action was refused. Codes are stable; the web layer words them.
    CaseError {
        #[error("the case is closed")]
        Closed = "case_closed",
        #[error("the case was merged into another case")]
        Merged = "case_merged",
        #[error("the case is not routed yet")]
        NotRouted = "not_routed",
        #[error("the case is already accepted")]
        AlreadyAccepted = "already_accepted",
        #[error("the case must be accepted first")]
        NotInProgress = "not_in_progress",
        #[error("the case is not paused")]
        NotPaused = "not_paused",
        #[error("the case is at the top tier already")]
        TopTier = "top_tier",
        #[error("a send-back request is already waiting for the dispatcher")]
        SendBackPending = "send_back_pending",
        #[error("there is no send-back request to decide")]
        NoSendBackPending = "no_send_back_pending",
        #[error("the case is not closed")]
        NotClosed = "not_closed",
        #[error("this round was rated already")]
        AlreadyRated = "already_rated",
        #[error("the case was reopened once already")]
        ReopenUsed = "reopen_used",
        #[error("only a dissatisfied resident can reopen")]
        NotDissatisfied = "not_dissatisfied",
        #[error("the petition was extended once already")]
        ExtensionUsed = "extension_used",
        #[error("only petitions have agent steps")]
        NotPetition = "not_petition",
        #[error("all six steps are done")]
        StepsDone = "steps_done",
        #[error("only the agent or the head of the agent's unit may do this")]
        NotYourCase = "not_your_case",
        #[error("only a dispatcher may do this")]
        DispatcherOnly = "dispatcher_only",
        #[error("only the head of the accountable unit may do this")]
        HeadOnly = "head_only",
        #[error("a case cannot be merged into itself or into a closed or merged case")]
        BadMergeTarget = "bad_merge_target",
        #[error("the new agent must belong to the accountable unit")]
        AgentNotInUnit = "agent_not_in_unit",
        #[error("the resident has not been contacted yet")]
        NoContact = "no_contact",
        #[error("the time for a verdict (or a reopen) after closing has passed")]
        VerdictWindowOver = "verdict_window_over",
        #[error("call-backs are made by the hotline centre's seats")]
        SeatsOnly = "seats_only",
        #[error("this outcome does not fit this kind of case")]
        OutcomeNotAllowed = "outcome_not_allowed",
        #[error("an escalation request is already waiting for the dispatcher")]
        EscalationPending = "escalation_pending",
        #[error("there is no escalation request to decide")]
        NoEscalationPending = "no_escalation_pending",
        #[error("only a dispatcher merges cases that are not true duplicates in the same unit")]
        MergeNeedsDispatcher = "merge_needs_dispatcher",
        #[error("only a district leader supervises a case")]
        LeadersOnly = "leaders_only",
        #[error("no leader's supervision waits for an answer")]
        NotSupervised = "not_supervised",
        #[error("another request waits for a decision")]
        RequestPending = "request_pending",
        #[error("no such request waits for a decision")]
        NoRequestPending = "no_request_pending",
        #[error("only the assessment office's reviewers decide exclusions")]
        ReviewersOnly = "reviewers_only",
        #[error("the petition was accepted already")]
        PetitionAccepted = "petition_accepted",
        #[error("the petition must be accepted first")]
        PetitionNotAccepted = "petition_not_accepted",
        #[error("the written answer must be issued first")]
        AnswerNeeded = "answer_needed",
        #[error("the steps before the answer are not done")]
        StepsBeforeAnswer = "steps_before_answer",
        #[error("a petition is reviewed, not reopened")]
        PetitionReview = "petition_review",
        #[error("the time to ask for a review has passed")]
        ReviewWindowOver = "review_window_over",
        #[error("the petition was re-reviewed; the same matter is not accepted again")]
        ReviewExhausted = "review_exhausted",
        #[error("this unit is on the case already")]
        AlreadyOnCase = "already_on_case",
        #[error("this unit is not a co-handler of the case")]
        NotCoHandler = "not_co_handler",
        #[error("the answer was issued already")]
        AlreadyAnswered = "already_answered",
        #[error("only a case waiting for dispatch can be marked invalid")]
        NotWaitingForDispatch = "not_waiting_for_dispatch",
        #[error("the case was not marked invalid")]
        NotInvalid = "not_invalid",
        #[error("an invalid case takes no verdict")]
        InvalidCase = "invalid_case",
    }
}

impl CaseError {
    /// Refusals for who the actor is (403) rather than the case's state (409).
    pub fn is_permission(self) -> bool {
        matches!(
            self,
            CaseError::NotYourCase
                | CaseError::DispatcherOnly
                | CaseError::HeadOnly
                | CaseError::SeatsOnly
                | CaseError::MergeNeedsDispatcher
                | CaseError::LeadersOnly
                | CaseError::ReviewersOnly
                | CaseError::NotCoHandler
        )
    }
}

/// What the acting person is to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relation {
    pub user_id: Option<UserId>,
    /// The case's accountable agent.
    pub is_agent: bool,
    /// Head of the accountable unit (负责人).
    pub is_unit_head: bool,
    pub is_dispatcher: bool,
    /// The background sweeper acting on the catalogue's rules.
    pub is_system: bool,
}

impl Relation {
    pub fn system() -> Relation {
        Relation {
            is_system: true,
            ..Default::default()
        }
    }
    fn owns(self) -> bool {
        self.is_agent || self.is_unit_head || self.is_system
    }
}

/// One field to set on the case row.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Status(CaseStatus),
    Tier(Tier),
    Unit(Option<UnitId>),
    Agent(Option<UserId>),
    Category {
        code: String,
        version: i64,
    },
    RoutingReason(String),
    ContactDue(Millis),
    HandleDue {
        at: Millis,
        provisional: bool,
    },
    ManualDueReason(Option<String>),
    ContactedAt(Millis),
    AcceptedAt(Option<Millis>),
    PausedAt(Option<Millis>),
    ClosedAt(Option<Millis>),
    Outcome(Option<Outcome>, String),
    SendBackPending(bool),
    /// 首接负责: the unit asked to move the case up a tier; a dispatcher decides.
    EscalationPending(bool),
    /// 督办: the instant by which the holder must answer the leader, or none.
    SupervisionDue(Option<Millis>),
    MergedInto(CaseId),
    ReopenCount(i64),
    Redo(bool),
    PetitionStep(i64),
    Extended(bool),
    Verdict(Option<bool>, Option<Satisfaction>),
    /// The place a dispatcher set (or confirmed): street, community, and whether it is still a guess.
    Place {
        street: Option<UnitId>,
        community: Option<UnitId>,
        guessed: bool,
    },
    RequestPending(Option<PendingRequest>),
    PetitionAccepted(Option<Millis>),
    PetitionAnswer(Option<(PetitionAnswer, Millis)>),
    ReviewLevel(i64),
    /// The case became a dispute (a mediation record now stands beside it).
    Kind(CaseKind),
}

/// A timeline entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event: &'static str,
    pub public: bool,
    pub note: String,
    pub data: serde_json::Value,
}

impl NewEvent {
    pub fn public(event: &'static str, note: impl Into<String>) -> NewEvent {
        NewEvent {
            event,
            public: true,
            note: note.into(),
            data: json!({}),
        }
    }
    pub fn internal(event: &'static str, note: impl Into<String>) -> NewEvent {
        NewEvent {
            event,
            public: false,
            note: note.into(),
            data: json!({}),
        }
    }
    pub fn with(mut self, data: serde_json::Value) -> NewEvent {
        self.data = data;
        self
    }
}

/// A notice for a staff member's inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Notify {
    pub user_id: UserId,
    /// `assigned`, `chase`, `overdue`, `send_back_decided`, `escalated`, `reopened`, `send_back_requested`.
    pub kind: &'static str,
    /// Makes the notice idempotent: a second attempt with the same key adds nothing (several app servers).
    pub dedupe_key: Option<String>,
}

/// A row an action adds or updates beside the case itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A send-back request by the accountable unit (counted against it).
    SendBackRequested {
        unit_id: UnitId,
        reason: String,
    },
    /// The dispatcher's decision on the pending request.
    SendBackDecided {
        approved: bool,
    },
    /// The accountable unit asked to escalate (counted against it, like a send-back).
    EscalationRequested {
        unit_id: UnitId,
        reason: String,
    },
    EscalationDecided {
        approved: bool,
    },
    /// A verdict for a round (1 = first handling, 2 = the redo).
    Rating {
        round: i64,
        resolved: bool,
        satisfaction: Satisfaction,
        source: VerdictSource,
    },
    /// The six step deadlines of a petition, set when it is routed.
    PetitionSteps([Millis; 6]),
    /// A petition step done.
    StepDone {
        step: i64,
    },
    /// Open petition steps move by this many days (the one extension).
    StepsShift {
        days: u32,
    },
    /// A link to another case.
    Link {
        other: CaseId,
    },
    /// A request for a decision (pause, due change, exclusion, redo), counted against the unit that asked.
    Request {
        kind: PendingRequest,
        unit_id: Option<UnitId>,
        reason: String,
        detail: serde_json::Value,
    },
    RequestDecided {
        kind: PendingRequest,
        approved: bool,
    },
    /// A petition's open steps from `from` on get these deadlines (after acceptance, or for a review).
    StepsFrom {
        from: i64,
        deadlines: Vec<Millis>,
    },
    /// A closing the assessment counts: the round (1, or 2 after a redo), who held the case, where and what it was,
    /// and whether the first contact and the closing were in time.
    Closing(Closing),
    /// 协办: another unit joins the case with its own task.
    CoHandler {
        unit_id: UnitId,
        task: String,
    },
    /// A co-handler reports its task done.
    CoHandlerDone {
        unit_id: UnitId,
        note: String,
    },
}

/// A closing as the assessment counts it, written in the closing's transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub round: i64,
    pub unit_id: UnitId,
    pub agent_id: Option<UserId>,
    pub street_id: Option<UnitId>,
    pub category_code: Option<String>,
    pub kind: CaseKind,
    /// The first contact was recorded by the contact deadline (an anonymous report owes none).
    pub contacted_in_time: bool,
    /// Closed by the handling deadline then in force.
    pub on_time: bool,
}

impl Closing {
    /// The closing of `case` at `now`, or none for a case no unit holds.
    pub fn of(case: &Case, now: Millis) -> Option<Closing> {
        Some(Closing {
            round: case.reopen_count + 1,
            unit_id: case.accountable_unit_id?,
            agent_id: case.agent_id,
            street_id: case.street_id,
            category_code: case.category_code.clone(),
            kind: case.kind,
            contacted_in_time: case.anonymous
                || matches!((case.contacted_at, case.contact_due_at), (Some(at), Some(due)) if at <= due),
            on_time: case.handle_due_at.is_none_or(|due| now <= due),
        })
    }
}

/// Everything an action changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Change {
    pub set: Vec<Field>,
    pub events: Vec<NewEvent>,
    pub notify: Vec<Notify>,
    pub records: Vec<Record>,
    /// What the resident is told (by SMS and e-mail, through the outbox written in the same transaction).
    pub tell: Vec<crate::notify::Tell>,
    /// The audit action, for example `case.accept`.
    pub audit: &'static str,
}

impl Change {
    fn new(audit: &'static str) -> Change {
        Change {
            audit,
            ..Default::default()
        }
    }
}

fn open_only(case: &Case) -> Result<(), CaseError> {
    match case.status {
        CaseStatus::Closed => Err(CaseError::Closed),
        CaseStatus::Merged => Err(CaseError::Merged),
        _ => Ok(()),
    }
}

fn routed(case: &Case) -> Result<(), CaseError> {
    open_only(case)?;
    if case.status == CaseStatus::Received {
        Err(CaseError::NotRouted)
    } else {
        Ok(())
    }
}

fn owner(rel: Relation) -> Result<(), CaseError> {
    if rel.owns() {
        Ok(())
    } else {
        Err(CaseError::NotYourCase)
    }
}

fn dispatcher(rel: Relation) -> Result<(), CaseError> {
    if rel.is_dispatcher || rel.is_system {
        Ok(())
    } else {
        Err(CaseError::DispatcherOnly)
    }
}

/// Where a case is routed: the unit, its tier, the agent chosen, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub tier: Tier,
    pub agent_id: UserId,
    pub agent_name: String,
    /// JSON explaining the choice, shown on the case page.
    pub reason: serde_json::Value,
}

/// Clocks of a freshly routed case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clocks {
    pub contact_due_at: Millis,
    pub handle_due_at: Millis,
    pub provisional: bool,
}

/// The handling deadline of a limit counted from `from`: hours around the clock, or working days on the calendar.
pub fn handle_deadline(
    calendar: &Calendar,
    from: Millis,
    limit: Limit,
) -> crate::calendar::Deadline {
    match limit {
        Limit::Hours(h) => crate::calendar::Deadline {
            at: from + h as Millis * 3_600_000,
            provisional: false,
        },
        Limit::WorkingDays(n) => calendar.deadline(from, n),
    }
}

/// Computes the clocks of a case from its receipt: contact within `contact_hours` (calendar hours, never later
/// than an hour limit), handle within the limit.
pub fn clocks(
    calendar: &Calendar,
    received_at: Millis,
    contact_hours: u32,
    limit: Limit,
) -> Clocks {
    let due = handle_deadline(calendar, received_at, limit);
    let contact_hours = match limit {
        Limit::Hours(h) => contact_hours.min(h),
        Limit::WorkingDays(_) => contact_hours,
    };
    Clocks {
        contact_due_at: received_at + contact_hours as i64 * 3_600_000,
        handle_due_at: due.at,
        provisional: due.provisional,
    }
}

fn handover(
    case_unit: Option<String>,
    case_agent: Option<String>,
    to: &Assignment,
) -> serde_json::Value {
    json!({
        "from_unit": case_unit,
        "from_agent": case_agent,
        "to_unit": to.unit_name,
        "to_agent": to.agent_name,
        "tier": to.tier.code(),
        "reason": to.reason,
    })
}

/// Routes (or re-routes) a case by the catalogue: sets category, unit, tier, agent, clocks, and tells the agent.
/// `previous` names the unit and agent handing over, for the timeline.
pub fn route(
    case: &Case,
    rel: Relation,
    category: (&str, i64),
    to: &Assignment,
    clocks: Option<Clocks>,
    previous: (Option<String>, Option<String>),
) -> Result<Change, CaseError> {
    open_only(case)?;
    dispatcher(rel)?;
    let mut c = Change::new(if case.status == CaseStatus::Received {
        "case.route"
    } else {
        "case.reroute"
    });
    c.set.push(Field::Status(CaseStatus::Assigned));
    c.set.push(Field::Category {
        code: category.0.to_owned(),
        version: category.1,
    });
    c.set.push(Field::Unit(Some(to.unit_id)));
    c.set.push(Field::Tier(to.tier));
    c.set.push(Field::Agent(Some(to.agent_id)));
    c.set.push(Field::RoutingReason(to.reason.to_string()));
    c.set.push(Field::AcceptedAt(None));
    c.set.push(Field::SendBackPending(false));
    if case.send_back_pending {
        c.records.push(Record::SendBackDecided { approved: true });
    }
    if let Some(k) = clocks {
        c.set.push(Field::ContactDue(k.contact_due_at));
        if case.manual_due_reason.is_none() {
            c.set.push(Field::HandleDue {
                at: k.handle_due_at,
                provisional: k.provisional,
            });
        }
    }
    c.events
        .push(NewEvent::public("routed", "").with(handover(previous.0, previous.1, to)));
    c.notify.push(Notify {
        user_id: to.agent_id,
        kind: "assigned",
        dedupe_key: None,
    });
    c.tell
        .push(Tell::new(TellKind::Routed, to.unit_name.clone()));
    Ok(c)
}

/// The agent (or unit head) accepts the case.
pub fn accept(case: &Case, rel: Relation, now: Millis) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.status != CaseStatus::Assigned {
        return Err(CaseError::AlreadyAccepted);
    }
    let mut c = Change::new("case.accept");
    c.set.push(Field::Status(CaseStatus::InProgress));
    c.set.push(Field::AcceptedAt(Some(now)));
    c.events.push(NewEvent::public("accepted", ""));
    c.tell.push(Tell::new(TellKind::Accepted, ""));
    Ok(c)
}

/// Records a contact with the resident (phone call, visit); the first one stops the contact clock.
pub fn contact(case: &Case, rel: Relation, now: Millis, note: &str) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    let mut c = Change::new("case.contact");
    if case.contacted_at.is_none() {
        c.set.push(Field::ContactedAt(now));
    }
    c.events
        .push(NewEvent::public("contacted", "").with(json!({ "internal_note": note })));
    // What was said stays internal; the resident sees that contact was made.
    if !note.trim().is_empty() {
        c.events.push(NewEvent::internal("noted", note));
    }
    Ok(c)
}

/// A reply the resident sees.
pub fn reply(case: &Case, rel: Relation, text: &str) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    let mut c = Change::new("case.reply");
    c.events.push(NewEvent::public("replied", text));
    c.tell.push(Tell::new(TellKind::Replied, text));
    Ok(c)
}

/// An internal note, never shown to residents. Allowed on closed cases (for the record), not on merged ones.
pub fn note(case: &Case, rel: Relation, text: &str) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    if !(rel.owns() || rel.is_dispatcher) {
        return Err(CaseError::NotYourCase);
    }
    let mut c = Change::new("case.note");
    c.events.push(NewEvent::internal("noted", text));
    Ok(c)
}

/// An attachment was stored; records it on the timeline.
pub fn attach(
    case: &Case,
    rel: Relation,
    filename: &str,
    public: bool,
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    let mut c = Change::new("case.attach");
    c.events.push(NewEvent {
        event: "attached",
        public,
        note: filename.to_owned(),
        data: json!({}),
    });
    Ok(c)
}

/// Resumes; the handling deadline moves by the working time the pause lasted, at most `max_days` working days.
pub fn resume(
    case: &Case,
    rel: Relation,
    now: Millis,
    calendar: &Calendar,
    max_days: u32,
) -> Result<Change, CaseError> {
    open_only(case)?;
    owner(rel)?;
    let (CaseStatus::Paused, Some(paused_at)) = (case.status, case.paused_at) else {
        return Err(CaseError::NotPaused);
    };
    let mut c = Change::new("case.resume");
    c.set.push(Field::Status(CaseStatus::InProgress));
    c.set.push(Field::PausedAt(None));
    let paused = capped_pause(calendar, paused_at, now, max_days);
    if let Some(due) = case.handle_due_at {
        let moved = calendar.add_working_time(due, paused);
        c.set.push(Field::HandleDue {
            at: moved.at,
            provisional: case.handle_due_provisional || moved.provisional,
        });
        c.events.push(
            NewEvent::public("resumed", "")
                .with(json!({ "paused_working_ms": paused, "handle_due_at": moved.at })),
        );
    } else {
        c.events.push(NewEvent::public("resumed", ""));
    }
    Ok(c)
}

/// Moves the case up one tier to `to`, with a reason; by hand (agent, unit head, dispatcher) or by the sweeper.
/// The handling deadline becomes the later of the old one and a fresh limit counted from the escalation.
pub fn escalate(
    case: &Case,
    rel: Relation,
    reason: &str,
    to: &Assignment,
    fresh_due: Option<crate::calendar::Deadline>,
    previous: (Option<String>, Option<String>),
) -> Result<Change, CaseError> {
    routed(case)?;
    // 首接负责: a unit cannot pass its case up on its own (`request_escalation`); a dispatcher escalates (deciding
    // a request, if one waits), and so does the system by the catalogue's rule.
    if !(rel.is_dispatcher || rel.is_system) {
        return Err(CaseError::DispatcherOnly);
    }
    let current = case.tier.unwrap_or(Tier::Community);
    if current.up() != Some(to.tier) {
        return Err(CaseError::TopTier);
    }
    let mut c = Change::new("case.escalate");
    // The case page says why it is where it is: after an escalation, the escalation's reason.
    c.set.push(Field::RoutingReason(to.reason.to_string()));
    if case.escalation_pending {
        c.set.push(Field::EscalationPending(false));
        c.records.push(Record::EscalationDecided { approved: true });
    }
    c.set.push(Field::Tier(to.tier));
    c.set.push(Field::Unit(Some(to.unit_id)));
    c.set.push(Field::Agent(Some(to.agent_id)));
    c.set
        .push(Field::Status(if case.status == CaseStatus::Paused {
            CaseStatus::Paused
        } else {
            CaseStatus::Assigned
        }));
    c.set.push(Field::SendBackPending(false));
    if let (Some(fresh), Some(old)) = (fresh_due, case.handle_due_at)
        && fresh.at > old
        && case.manual_due_reason.is_none()
    {
        c.set.push(Field::HandleDue {
            at: fresh.at,
            provisional: fresh.provisional,
        });
    }
    let mut data = handover(previous.0, previous.1, to);
    data["by"] = json!(if rel.is_system { "system" } else { "staff" });
    c.events
        .push(NewEvent::public("escalated", reason).with(data));
    c.notify.push(Notify {
        user_id: to.agent_id,
        kind: "escalated",
        dedupe_key: None,
    });
    c.tell
        .push(Tell::new(TellKind::Routed, to.unit_name.clone()));
    Ok(c)
}

/// The next tier up for a case, if any.
pub fn next_tier(case: &Case) -> Option<Tier> {
    case.tier.unwrap_or(Tier::Community).up()
}

/// The accountable unit asks to hand the case back (退单), with a reason. The unit keeps the case until a dispatcher
/// decides (首接负责); every request counts against the unit.
pub fn request_send_back(
    case: &Case,
    rel: Relation,
    reason: &str,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.send_back_pending {
        return Err(CaseError::SendBackPending);
    }
    if case.escalation_pending {
        return Err(CaseError::EscalationPending);
    }
    let mut c = Change::new("case.send_back_request");
    c.set.push(Field::SendBackPending(true));
    if let Some(unit_id) = case.accountable_unit_id {
        c.records.push(Record::SendBackRequested {
            unit_id,
            reason: reason.to_owned(),
        });
    }
    c.events
        .push(NewEvent::internal("send_back_requested", reason));
    for &d in dispatchers {
        c.notify.push(Notify {
            user_id: d,
            kind: "send_back_requested",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// A dispatcher rejects a send-back: the unit keeps the case. (Approval is a re-route with `route`.)
/// The agent or the unit's head asks a dispatcher to move the case up a tier, with a reason. The case stays where
/// it is until a dispatcher decides; the request is recorded and counted against the unit.
pub fn request_escalation(
    case: &Case,
    rel: Relation,
    reason: &str,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.escalation_pending {
        return Err(CaseError::EscalationPending);
    }
    if case.send_back_pending {
        return Err(CaseError::SendBackPending);
    }
    if next_tier(case).is_none() {
        return Err(CaseError::TopTier);
    }
    let mut c = Change::new("case.escalation_request");
    c.set.push(Field::EscalationPending(true));
    if let Some(unit_id) = case.accountable_unit_id {
        c.records.push(Record::EscalationRequested {
            unit_id,
            reason: reason.to_owned(),
        });
    }
    c.events
        .push(NewEvent::internal("escalation_requested", reason));
    for &d in dispatchers {
        c.notify.push(Notify {
            user_id: d,
            kind: "escalation_requested",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// 督办: a district leader supervises an open case with an instruction and a date by which the holder must
/// answer; the agent (and, through the caller, the unit's heads) are told.
pub fn supervise(
    case: &Case,
    is_leader: bool,
    instruction: &str,
    answer_by: Millis,
) -> Result<Change, CaseError> {
    routed(case)?;
    if !is_leader {
        return Err(CaseError::LeadersOnly);
    }
    let mut c = Change::new("case.supervise");
    c.set.push(Field::SupervisionDue(Some(answer_by)));
    c.events.push(
        NewEvent::internal("supervised", instruction).with(json!({ "answer_by": answer_by })),
    );
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "supervised",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// The holder answers the leader's supervision.
pub fn answer_supervision(case: &Case, rel: Relation, text: &str) -> Result<Change, CaseError> {
    open_only(case)?;
    owner(rel)?;
    if case.supervision_due.is_none() {
        return Err(CaseError::NotSupervised);
    }
    let mut c = Change::new("case.supervision_answer");
    c.set.push(Field::SupervisionDue(None));
    c.events
        .push(NewEvent::internal("supervision_answered", text));
    Ok(c)
}

/// A dispatcher refuses an escalation request: the unit keeps the case.
pub fn reject_escalation(case: &Case, rel: Relation, note: &str) -> Result<Change, CaseError> {
    open_only(case)?;
    dispatcher(rel)?;
    if !case.escalation_pending {
        return Err(CaseError::NoEscalationPending);
    }
    let mut c = Change::new("case.escalation_reject");
    c.set.push(Field::EscalationPending(false));
    c.records
        .push(Record::EscalationDecided { approved: false });
    c.events
        .push(NewEvent::internal("escalation_rejected", note));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "escalation_decided",
            dedupe_key: None,
        });
    }
    Ok(c)
}

pub fn reject_send_back(case: &Case, rel: Relation, note: &str) -> Result<Change, CaseError> {
    open_only(case)?;
    dispatcher(rel)?;
    if !case.send_back_pending {
        return Err(CaseError::NoSendBackPending);
    }
    let mut c = Change::new("case.send_back_reject");
    c.set.push(Field::SendBackPending(false));
    c.records.push(Record::SendBackDecided { approved: false });
    c.events
        .push(NewEvent::internal("send_back_rejected", note));
    if let Some(agent) = case.agent_id {
        c.notify.push(Notify {
            user_id: agent,
            kind: "send_back_decided",
            dedupe_key: None,
        });
    }
    Ok(c)
}

/// The unit head (or a dispatcher) hands the case to another person of the same unit.
pub fn reassign(
    case: &Case,
    rel: Relation,
    to: (UserId, &str),
    from_name: Option<String>,
    in_unit: bool,
) -> Result<Change, CaseError> {
    routed(case)?;
    // The system hands cases over when their agent's account is deactivated.
    if !(rel.is_unit_head || rel.is_dispatcher || rel.is_system) {
        return Err(CaseError::HeadOnly);
    }
    if !in_unit {
        return Err(CaseError::AgentNotInUnit);
    }
    let mut c = Change::new("case.reassign");
    c.set.push(Field::Agent(Some(to.0)));
    c.events.push(
        NewEvent::internal("reassigned", "")
            .with(json!({ "from_agent": from_name, "to_agent": to.1 })),
    );
    c.notify.push(Notify {
        user_id: to.0,
        kind: "assigned",
        dedupe_key: None,
    });
    Ok(c)
}

/// A dispatcher sets the handling due date by hand (approving the unit's request, if one waits); it overrides the
/// rule, is shown as such, and the resident is told the new date. The caller bounds how far it may move.
pub fn set_due(case: &Case, rel: Relation, due: Millis, reason: &str) -> Result<Change, CaseError> {
    open_only(case)?;
    dispatcher(rel)?;
    let mut c = Change::new("case.set_due");
    if case.request_pending == Some(PendingRequest::DueChange) {
        c.set.push(Field::RequestPending(None));
        c.records.push(Record::RequestDecided {
            kind: PendingRequest::DueChange,
            approved: true,
        });
        if let Some(agent) = case.agent_id {
            c.notify.push(Notify {
                user_id: agent,
                kind: "request_decided",
                dedupe_key: None,
            });
        }
    }
    c.set.push(Field::HandleDue {
        at: due,
        provisional: false,
    });
    c.set.push(Field::ManualDueReason(Some(reason.to_owned())));
    c.events
        .push(NewEvent::public("due_set", reason).with(json!({ "handle_due_at": due })));
    Ok(c)
}

/// Merges a duplicate into `target`; the duplicate's resident follows the surviving case.
/// How far apart two cases may have been received for their unit to merge them without a dispatcher.
pub const SELF_MERGE_WINDOW_MS: Millis = 7 * 86_400_000;

/// Merges a duplicate into the surviving case. A dispatcher may merge any two open cases; the accountable unit only
/// true duplicates of its own — the same unit, category and community, received within a week of each other —
/// so merging cannot be a way to get rid of a case.
pub fn merge(case: &Case, rel: Relation, target: &Case) -> Result<(Change, Change), CaseError> {
    open_only(case)?;
    if !(rel.owns() || rel.is_dispatcher) {
        return Err(CaseError::NotYourCase);
    }
    if target.id == case.id || !target.status.is_open() {
        return Err(CaseError::BadMergeTarget);
    }
    let true_duplicate = case.accountable_unit_id.is_some()
        && case.accountable_unit_id == target.accountable_unit_id
        && case.category_code.is_some()
        && case.category_code == target.category_code
        && case.community_id.is_some()
        && case.community_id == target.community_id
        && (case.received_at - target.received_at).abs() <= SELF_MERGE_WINDOW_MS;
    if !(rel.is_dispatcher || rel.is_system || true_duplicate) {
        return Err(CaseError::MergeNeedsDispatcher);
    }
    let mut c = Change::new("case.merge");
    c.set.push(Field::Status(CaseStatus::Merged));
    c.set.push(Field::MergedInto(target.id));
    c.events.push(
        NewEvent::public("merged", target.case_no.as_str())
            .with(json!({ "into": target.case_no.as_str() })),
    );
    let mut t = Change::new("case.merge_in");
    t.events.push(
        NewEvent::internal("merged_from", case.case_no.as_str())
            .with(json!({ "from": case.case_no.as_str() })),
    );
    Ok((c, t))
}

/// Records a link between two cases (for example, a complaint that became a dispute).
pub fn link(case: &Case, rel: Relation, other: &Case) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    if !(rel.owns() || rel.is_dispatcher) {
        return Err(CaseError::NotYourCase);
    }
    if other.id == case.id {
        return Err(CaseError::BadMergeTarget);
    }
    let mut c = Change::new("case.link");
    c.events.push(
        NewEvent::internal("linked", other.case_no.as_str())
            .with(json!({ "other": other.case_no.as_str() })),
    );
    c.records.push(Record::Link { other: other.id });
    Ok(c)
}

/// Closes the case with an outcome; the resident is then asked for a verdict. A case is closed only after the
/// resident was contacted (a consultation answered at intake is closed by `answer_at_intake` instead).
pub fn close(
    case: &Case,
    rel: Relation,
    now: Millis,
    outcome: Outcome,
    note: &str,
) -> Result<Change, CaseError> {
    routed(case)?;
    owner(rel)?;
    if case.status != CaseStatus::InProgress {
        return Err(CaseError::NotInProgress);
    }
    if !outcome.closable_for(case.kind) {
        return Err(CaseError::OutcomeNotAllowed);
    }
    // Contact comes first, except when the point is that nobody could be reached (or nobody can be: an anonymous
    // report).
    if case.contacted_at.is_none() && outcome != Outcome::Unreachable && !case.anonymous {
        return Err(CaseError::NoContact);
    }
    if case.request_pending == Some(PendingRequest::Exclusion) {
        return Err(CaseError::RequestPending);
    }
    ready_to_close(case)?;
    let mut c = Change::new("case.close");
    c.set.push(Field::Status(CaseStatus::Closed));
    c.set.push(Field::ClosedAt(Some(now)));
    c.set.push(Field::Outcome(Some(outcome), note.to_owned()));
    c.set.push(Field::Verdict(None, None));
    c.set.push(Field::Redo(false));
    c.events
        .push(NewEvent::public("closed", note).with(json!({ "outcome": outcome.code() })));
    c.records
        .extend(Closing::of(case, now).map(Record::Closing));
    c.tell.push(Tell::new(TellKind::Closed, ""));
    Ok(c)
}

/// Who answered a consultation at intake: the operator becomes its agent, in their unit, under the category of
/// the knowledge-base entry (so the answer counts where it belongs).
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeAnswerer {
    pub operator: UserId,
    pub unit: UnitId,
    /// The entry's first category, in the current catalogue version.
    pub category: Option<(String, i64)>,
}

/// A consultation answered from the knowledge base at intake: closed at once, without dispatch.
pub fn answer_at_intake(
    case: &Case,
    now: Millis,
    answer: &str,
    entry_id: &str,
    by: &IntakeAnswerer,
) -> Result<Change, CaseError> {
    if case.status != CaseStatus::Received {
        return Err(CaseError::AlreadyAccepted);
    }
    let mut c = Change::new("case.answer_at_intake");
    c.set.push(Field::Agent(Some(by.operator)));
    c.set.push(Field::Unit(Some(by.unit)));
    if let Some((code, version)) = &by.category {
        c.set.push(Field::Category {
            code: code.clone(),
            version: *version,
        });
    }
    c.set.push(Field::Status(CaseStatus::Closed));
    c.set.push(Field::ClosedAt(Some(now)));
    c.set.push(Field::ContactedAt(now));
    c.set.push(Field::Outcome(
        Some(Outcome::AnsweredAtIntake),
        answer.to_owned(),
    ));
    c.events
        .push(NewEvent::public("answered_at_intake", answer).with(json!({ "kb_entry": entry_id })));
    c.tell.push(Tell::new(TellKind::Closed, ""));
    Ok(c)
}

/// Where a verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictSource {
    /// The resident, on the tracking page.
    Resident,
    /// Staff, from a phone call-back (回访).
    Callback,
}

impl VerdictSource {
    pub fn code(self) -> &'static str {
        match self {
            VerdictSource::Resident => "resident",
            VerdictSource::Callback => "callback",
        }
    }
}

/// How long after closing a verdict (and a reopen) is taken, unless the settings say otherwise
/// (`verdict.window_days`); after it the round stays not rated and cannot be reopened, so months already assessed
/// are not rewritten.
pub const VERDICT_WINDOW_DAYS: u32 = 7;

/// Whether `now` lies within `window_days` calendar days of the case's closing.
pub fn within_verdict_window(case: &Case, now: Millis, window_days: u32) -> bool {
    case.closed_at
        .is_some_and(|closed| now <= closed + window_days as Millis * 86_400_000)
}

/// The resident's (or a call-back's) two answers: resolved or not, and satisfaction; within the verdict window. A
/// dissatisfied first round goes to the dispatchers, who decide the redo (a petition is reviewed instead).
pub fn rate(
    case: &Case,
    resolved: bool,
    satisfaction: Satisfaction,
    source: VerdictSource,
    now: Millis,
    window_days: u32,
    dispatchers: &[UserId],
) -> Result<Change, CaseError> {
    if case.status == CaseStatus::Merged {
        return Err(CaseError::Merged);
    }
    if case.status != CaseStatus::Closed {
        return Err(CaseError::NotClosed);
    }
    if case.satisfaction.is_some() {
        return Err(CaseError::AlreadyRated);
    }
    if case.outcome == Some(Outcome::Invalid) {
        return Err(CaseError::InvalidCase);
    }
    if !within_verdict_window(case, now, window_days) {
        return Err(CaseError::VerdictWindowOver);
    }
    let mut c = Change::new(match source {
        VerdictSource::Resident => "case.rate",
        VerdictSource::Callback => "case.callback",
    });
    c.set
        .push(Field::Verdict(Some(resolved), Some(satisfaction)));
    c.records.push(Record::Rating {
        round: case.reopen_count + 1,
        resolved,
        satisfaction,
        source,
    });
    let event = match source {
        VerdictSource::Resident => "rated",
        VerdictSource::Callback => "callback",
    };
    c.events.push(
        NewEvent::public(event, "")
            .with(json!({ "resolved": resolved, "satisfaction": satisfaction.code(), "round": case.reopen_count + 1 })),
    );
    if satisfaction == Satisfaction::Dissatisfied
        && case.reopen_count == 0
        && case.kind != CaseKind::Petition
        && case.request_pending.is_none()
    {
        c.set
            .push(Field::RequestPending(Some(PendingRequest::Redo)));
        c.records.push(Record::Request {
            kind: PendingRequest::Redo,
            unit_id: case.accountable_unit_id,
            reason: String::new(),
            detail: json!({ "source": source.code() }),
        });
        for &d in dispatchers {
            c.notify.push(Notify {
                user_id: d,
                kind: "redo_requested",
                dedupe_key: None,
            });
        }
    }
    Ok(c)
}

/// The six agent steps of a petition (信访代理制).
pub const PETITION_STEPS: [&str; 6] = [
    "register",
    "investigate",
    "propose",
    "coordinate",
    "resolve",
    "report_back",
];

/// Default step deadlines of a petition in calendar days: the first (acceptance, 受理) from receipt, within 15 days;
/// the others from acceptance, the last within 60. Configurable (setting `petition.step_days`).
pub const PETITION_STEP_DAYS: [u32; 6] = [15, 30, 40, 50, 60, 60];
/// The one extension a petition may get (setting `petition.extension_days`).
pub const PETITION_EXTENSION_DAYS: u32 = 30;

/// Deadlines of the six steps as routed, from receipt (acceptance moves the later ones to count from it): the end of
/// the day N calendar days after the day of receipt.
pub fn petition_step_deadlines(received_at: Millis, days: &[u32; 6]) -> [Millis; 6] {
    let day = crate::calendar::local_date(received_at);
    days.map(|n| {
        let end = day
            .checked_add(jiff::Span::new().days(n as i64 + 1))
            .expect("dates stay in range");
        crate::calendar::start_of(end)
    })
}

mod invalid;
mod mediation;
mod petition;
mod requests;
pub use invalid::*;
pub use mediation::*;
pub use petition::*;
pub use requests::*;

#[cfg(test)]
mod tests;

impl Change {
    /// Applies the field changes to a case in memory (the store writes the same fields to its row). Used to build
    /// the demo history through the same rules as live cases.
    pub fn apply_to(&self, case: &mut Case) {
        for f in &self.set {
            match f.clone() {
                Field::Status(s) => case.status = s,
                Field::Tier(t) => case.tier = Some(t),
                Field::Unit(u) => case.accountable_unit_id = u,
                Field::Agent(a) => case.agent_id = a,
                Field::Category { code, version } => {
                    case.category_code = Some(code);
                    case.catalogue_version = Some(version);
                }
                Field::RoutingReason(r) => case.routing_reason = r,
                Field::ContactDue(at) => case.contact_due_at = Some(at),
                Field::HandleDue { at, provisional } => {
                    case.handle_due_at = Some(at);
                    case.handle_due_provisional = provisional;
                }
                Field::ManualDueReason(r) => case.manual_due_reason = r,
                Field::ContactedAt(at) => case.contacted_at = Some(at),
                Field::AcceptedAt(at) => case.accepted_at = at,
                Field::PausedAt(at) => case.paused_at = at,
                Field::ClosedAt(at) => case.closed_at = at,
                Field::Outcome(o, note) => {
                    case.outcome = o;
                    case.outcome_note = note;
                }
                Field::SendBackPending(p) => case.send_back_pending = p,
                Field::EscalationPending(p) => case.escalation_pending = p,
                Field::SupervisionDue(d) => case.supervision_due = d,
                Field::MergedInto(id) => case.merged_into = Some(id),
                Field::ReopenCount(n) => case.reopen_count = n,
                Field::Redo(r) => case.redo = r,
                Field::PetitionStep(s) => case.petition_step = s,
                Field::Extended(e) => case.extended = e,
                Field::Verdict(r, s) => {
                    case.resolved = r;
                    case.satisfaction = s;
                }
                Field::Place {
                    street,
                    community,
                    guessed,
                } => {
                    case.street_id = street;
                    case.community_id = community;
                    case.place_guessed = guessed;
                }
                Field::RequestPending(r) => case.request_pending = r,
                Field::PetitionAccepted(at) => case.petition_accepted_at = at,
                Field::PetitionAnswer(a) => {
                    case.petition_answer = a.map(|(a, _)| a);
                    case.petition_answered_at = a.map(|(_, at)| at);
                }
                Field::ReviewLevel(l) => case.review_level = l,
                Field::Kind(k) => case.kind = k,
            }
        }
        case.version += 1;
    }
}
