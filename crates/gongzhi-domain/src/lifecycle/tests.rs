//! The state machine, action by action: what each allows, what it changes, and every illegal transition refused.

use super::*;
use crate::calendar::Calendar;
use crate::cases::{CaseNo, Channel};

const NOW: Millis = 1_795_800_000_000; // 2026-11-27

fn case(status: CaseStatus) -> Case {
    let new = crate::cases::CaseInput {
        kind: "complaint".into(),
        title: "t".into(),
        description: "d".into(),
        address: "a".into(),
        name: "n".into(),
        phone: "13900000000".into(),
        ..Default::default()
    }
    .validate(Channel::Web, &CaseKind::PUBLIC)
    .unwrap();
    let place = crate::org::CasePlace { street_id: Some(UnitId::new()), community_id: Some(UnitId::new()), accountable_unit_id: Some(UnitId::new()) };
    let mut c = Case::received(CaseId::new(), CaseNo::new(20261127, 1), &new, place, NOW - 86_400_000, NOW - 86_400_000);
    c.status = status;
    c.agent_id = Some(UserId::new());
    c.category_code = Some("A01".into());
    c.catalogue_version = Some(1);
    c.tier = Some(Tier::Community);
    c.routing_reason = "{}".into();
    c.contact_due_at = Some(NOW);
    c.handle_due_at = Some(NOW + 3 * 86_400_000);
    if status != CaseStatus::Received && status != CaseStatus::Assigned {
        c.contacted_at = Some(NOW - 80_000_000);
    }
    if status == CaseStatus::Closed {
        c.closed_at = Some(NOW - 3_600_000);
    }
    c
}

const AGENT: Relation = Relation { user_id: None, is_agent: true, is_unit_head: false, is_dispatcher: false, is_system: false };
const HEAD: Relation = Relation { user_id: None, is_agent: false, is_unit_head: true, is_dispatcher: false, is_system: false };
const DISPATCHER: Relation = Relation { user_id: None, is_agent: false, is_unit_head: false, is_dispatcher: true, is_system: false };
const STRANGER: Relation = Relation { user_id: None, is_agent: false, is_unit_head: false, is_dispatcher: false, is_system: false };

fn assignment(tier: Tier) -> Assignment {
    Assignment {
        unit_id: UnitId::new(),
        unit_name: "八角街道".into(),
        tier,
        agent_id: UserId::new(),
        agent_name: "李主任".into(),
        reason: json!({"rule": "least_open_cases"}),
    }
}

fn sets(change: &Change, field: &Field) -> bool {
    change.set.contains(field)
}

#[test]
fn routing_is_for_dispatchers_and_names_one_agent_and_the_clocks() {
    let c = case(CaseStatus::Received);
    let to = assignment(Tier::Community);
    let clocks = Clocks { contact_due_at: NOW + 1, handle_due_at: NOW + 2, provisional: false };
    assert_eq!(route(&c, AGENT, ("A01", 1), &to, Some(clocks), (None, None)), Err(CaseError::DispatcherOnly));
    let change = route(&c, DISPATCHER, ("A01", 1), &to, Some(clocks), (None, None)).unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Assigned)));
    assert!(sets(&change, &Field::Agent(Some(to.agent_id))));
    assert!(sets(&change, &Field::HandleDue { at: NOW + 2, provisional: false }));
    assert_eq!(change.notify[0].kind, "assigned");
    assert_eq!(change.audit, "case.route");
    assert!(route(&c, Relation::system(), ("A01", 1), &to, Some(clocks), (None, None)).is_ok(), "automatic routing at intake");
    assert_eq!(route(&case(CaseStatus::Closed), DISPATCHER, ("A01", 1), &to, None, (None, None)), Err(CaseError::Closed));
}

#[test]
fn a_manual_due_date_survives_rerouting() {
    let mut c = case(CaseStatus::Assigned);
    c.manual_due_reason = Some("领导批示".into());
    let clocks = Clocks { contact_due_at: NOW + 1, handle_due_at: NOW + 2, provisional: false };
    let change = route(&c, DISPATCHER, ("A01", 1), &assignment(Tier::Community), Some(clocks), (None, None)).unwrap();
    assert!(!change.set.iter().any(|f| matches!(f, Field::HandleDue { .. })));
    assert_eq!(change.audit, "case.reroute");
}

#[test]
fn only_the_agent_or_unit_head_accepts_and_only_once() {
    let c = case(CaseStatus::Assigned);
    assert_eq!(accept(&c, STRANGER, NOW), Err(CaseError::NotYourCase));
    assert!(accept(&c, AGENT, NOW).is_ok());
    assert!(accept(&c, HEAD, NOW).is_ok());
    assert_eq!(accept(&case(CaseStatus::InProgress), AGENT, NOW), Err(CaseError::AlreadyAccepted));
    assert_eq!(accept(&case(CaseStatus::Received), AGENT, NOW), Err(CaseError::NotRouted));
}

#[test]
fn closed_and_merged_cases_refuse_replies_and_closing() {
    for (status, error) in [(CaseStatus::Closed, CaseError::Closed), (CaseStatus::Merged, CaseError::Merged)] {
        let c = case(status);
        assert_eq!(reply(&c, AGENT, "x"), Err(error));
        assert_eq!(close(&c, AGENT, NOW, Outcome::Resolved, "x"), Err(error));
        assert_eq!(pause(&c, AGENT, NOW, "x").unwrap_err(), error);
        assert_eq!(accept(&c, AGENT, NOW), Err(error));
        assert_eq!(contact(&c, AGENT, NOW, "").unwrap_err(), error);
        assert_eq!(attach(&c, AGENT, "a.pdf", false).unwrap_err(), error);
    }
    assert_eq!(note(&case(CaseStatus::Merged), AGENT, "x"), Err(CaseError::Merged));
    assert!(note(&case(CaseStatus::Closed), AGENT, "x").is_ok(), "notes may still be added to a closed case");
    assert_eq!(note(&case(CaseStatus::InProgress), STRANGER, "x"), Err(CaseError::NotYourCase));
}

#[test]
fn closing_needs_an_accepted_case_and_a_stranger_cannot_close() {
    assert_eq!(close(&case(CaseStatus::Assigned), AGENT, NOW, Outcome::Resolved, ""), Err(CaseError::NotInProgress));
    assert_eq!(close(&case(CaseStatus::Paused), AGENT, NOW, Outcome::Resolved, ""), Err(CaseError::NotInProgress));
    assert_eq!(close(&case(CaseStatus::InProgress), STRANGER, NOW, Outcome::Resolved, ""), Err(CaseError::NotYourCase));
    let mut not_contacted = case(CaseStatus::InProgress);
    not_contacted.contacted_at = None;
    assert_eq!(close(&not_contacted, AGENT, NOW, Outcome::Resolved, "x"), Err(CaseError::NoContact), "a case is closed only after contact");
    assert!(close(&not_contacted, AGENT, NOW, Outcome::Unreachable, "三次电话未接通").is_ok(), "unreachable needs no contact");
    assert_eq!(close(&case(CaseStatus::InProgress), AGENT, NOW, Outcome::SuggestionAdopted, "x"), Err(CaseError::OutcomeNotAllowed), "only suggestions are adopted");
    assert_eq!(close(&case(CaseStatus::InProgress), AGENT, NOW, Outcome::AnsweredAtIntake, "x"), Err(CaseError::OutcomeNotAllowed));
    for outcome in [Outcome::Withdrawn, Outcome::Referred, Outcome::Explained] {
        assert!(close(&case(CaseStatus::InProgress), AGENT, NOW, outcome, "x").is_ok(), "{outcome:?}");
    }
    let change = close(&case(CaseStatus::InProgress), AGENT, NOW, Outcome::Resolved, "已修复").unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Closed)));
    assert!(sets(&change, &Field::Outcome(Some(Outcome::Resolved), "已修复".into())));
}

#[test]
fn the_first_contact_stops_the_contact_clock_and_later_ones_do_not_move_it() {
    let c = case(CaseStatus::Assigned);
    let first = contact(&c, AGENT, NOW, "电话联系").unwrap();
    assert!(sets(&first, &Field::ContactedAt(NOW)));
    assert!(first.events.iter().any(|e| e.event == "noted" && !e.public), "what was said stays internal");
    let mut again = case(CaseStatus::InProgress);
    again.contacted_at = Some(NOW - 5);
    assert!(!contact(&again, AGENT, NOW, "").unwrap().set.iter().any(|f| matches!(f, Field::ContactedAt(_))));
}

#[test]
fn a_pause_moves_the_handling_deadline_by_the_working_time_paused() {
    let cal = Calendar::shipped();
    let c = case(CaseStatus::InProgress);
    assert_eq!(resume(&c, AGENT, NOW, &cal), Err(CaseError::NotPaused));
    assert!(pause(&c, AGENT, NOW, "等待居民提供材料").is_ok());
    assert_eq!(pause(&case(CaseStatus::Assigned), AGENT, NOW, "x").unwrap_err(), CaseError::NotInProgress);
    let mut paused = case(CaseStatus::Paused);
    // Paused Monday 2026-11-23 09:00 Beijing, resumed Monday 2026-11-30 09:00: five working days.
    let paused_at = crate::calendar::start_of(jiff::civil::date(2026, 11, 23)) + 9 * 3_600_000;
    let resumed = paused_at + 7 * 86_400_000;
    paused.paused_at = Some(paused_at);
    let due = crate::calendar::start_of(jiff::civil::date(2026, 11, 26));
    paused.handle_due_at = Some(due);
    let change = resume(&paused, AGENT, resumed, &cal).unwrap();
    let expected = cal.add_working_time(due, 5 * 86_400_000).at;
    assert!(sets(&change, &Field::HandleDue { at: expected, provisional: false }), "{change:?}");
    assert_eq!(expected, crate::calendar::start_of(jiff::civil::date(2026, 12, 3)));
    assert!(sets(&change, &Field::Status(CaseStatus::InProgress)));
}

#[test]
fn escalation_climbs_one_tier_at_a_time_and_stops_at_the_top() {
    let system = Relation::system();
    let c = case(CaseStatus::InProgress);
    let change = escalate(&c, system, "超期未办结", &assignment(Tier::Street), None, (None, None)).unwrap();
    assert!(sets(&change, &Field::Tier(Tier::Street)));
    assert!(sets(&change, &Field::Status(CaseStatus::Assigned)));
    assert_eq!(escalate(&c, system, "x", &assignment(Tier::District), None, (None, None)), Err(CaseError::TopTier), "no skipping");
    let mut top = case(CaseStatus::InProgress);
    top.tier = Some(Tier::District);
    assert_eq!(next_tier(&top), None);
    assert_eq!(escalate(&top, system, "x", &assignment(Tier::District), None, (None, None)), Err(CaseError::TopTier));
    assert_eq!(request_escalation(&top, AGENT, "x", &[]), Err(CaseError::TopTier));
    assert_eq!(escalate(&c, STRANGER, "x", &assignment(Tier::Street), None, (None, None)), Err(CaseError::DispatcherOnly));
    assert!(escalate(&c, Relation::system(), "x", &assignment(Tier::Street), None, (None, None)).is_ok());
}

#[test]
fn send_backs_wait_for_a_dispatcher() {
    let c = case(CaseStatus::InProgress);
    let d = [UserId::new()];
    let change = request_send_back(&c, AGENT, "不属于本社区职责", &d).unwrap();
    assert!(sets(&change, &Field::SendBackPending(true)));
    assert_eq!(change.notify.len(), 1);
    let mut pending = c.clone();
    pending.send_back_pending = true;
    assert_eq!(request_send_back(&pending, AGENT, "again", &d), Err(CaseError::SendBackPending));
    assert_eq!(reject_send_back(&pending, AGENT, "no"), Err(CaseError::DispatcherOnly));
    assert!(reject_send_back(&pending, DISPATCHER, "属于本社区").is_ok());
    assert_eq!(reject_send_back(&c, DISPATCHER, "no"), Err(CaseError::NoSendBackPending));
}

#[test]
fn reassignment_is_for_the_unit_head_within_the_unit() {
    let c = case(CaseStatus::InProgress);
    let to = (UserId::new(), "王");
    assert_eq!(reassign(&c, AGENT, to, None, true), Err(CaseError::HeadOnly));
    assert_eq!(reassign(&c, HEAD, to, None, false), Err(CaseError::AgentNotInUnit));
    assert!(sets(&reassign(&c, HEAD, to, None, true).unwrap(), &Field::Agent(Some(to.0))));
}

#[test]
fn manual_due_dates_are_for_dispatchers() {
    let c = case(CaseStatus::InProgress);
    assert_eq!(set_due(&c, AGENT, NOW, "x"), Err(CaseError::DispatcherOnly));
    let change = set_due(&c, DISPATCHER, NOW + 9, "领导批示加急").unwrap();
    assert!(sets(&change, &Field::ManualDueReason(Some("领导批示加急".into()))));
}

#[test]
fn merging_needs_an_open_other_case_and_a_dispatcher_unless_a_true_duplicate() {
    let c = case(CaseStatus::InProgress);
    // Another unit's case: only a dispatcher merges.
    let elsewhere = case(CaseStatus::InProgress);
    assert_eq!(merge(&c, AGENT, &elsewhere).unwrap_err(), CaseError::MergeNeedsDispatcher);
    const DISPATCHER: Relation = Relation { user_id: None, is_agent: false, is_unit_head: false, is_dispatcher: true, is_system: false };
    assert!(merge(&c, DISPATCHER, &elsewhere).is_ok());
    // A true duplicate: same unit, category and community, received within a week.
    let mut other = case(CaseStatus::InProgress);
    other.accountable_unit_id = c.accountable_unit_id;
    other.community_id = c.community_id;
    other.received_at = c.received_at - 3 * 86_400_000;
    let mut late = other.clone();
    late.received_at = c.received_at - 8 * 86_400_000;
    assert_eq!(merge(&c, AGENT, &late).unwrap_err(), CaseError::MergeNeedsDispatcher, "not within a week");
    let mut other_category = other.clone();
    other_category.category_code = Some("B03".into());
    assert_eq!(merge(&c, AGENT, &other_category).unwrap_err(), CaseError::MergeNeedsDispatcher);
    let (dup, survivor) = merge(&c, AGENT, &other).unwrap();
    assert!(sets(&dup, &Field::Status(CaseStatus::Merged)));
    assert!(sets(&dup, &Field::MergedInto(other.id)));
    assert_eq!(survivor.events[0].event, "merged_from");
    assert_eq!(merge(&c, AGENT, &c).unwrap_err(), CaseError::BadMergeTarget);
    assert_eq!(merge(&c, AGENT, &case(CaseStatus::Closed)).unwrap_err(), CaseError::BadMergeTarget);
    assert_eq!(merge(&case(CaseStatus::Merged), AGENT, &other).unwrap_err(), CaseError::Merged);
}

#[test]
fn the_resident_rates_once_per_round_and_reopens_once_when_dissatisfied() {
    let cal = Calendar::shipped();
    assert_eq!(rate(&case(CaseStatus::InProgress), true, Satisfaction::Satisfied, VerdictSource::Resident, NOW, 7), Err(CaseError::NotClosed));
    let mut closed = case(CaseStatus::Closed);
    assert_eq!(reopen(&closed, NOW, 5, &cal, "x", 7), Err(CaseError::NotDissatisfied));
    let rated = rate(&closed, false, Satisfaction::Dissatisfied, VerdictSource::Resident, NOW, 7).unwrap();
    assert!(sets(&rated, &Field::Verdict(Some(false), Some(Satisfaction::Dissatisfied))));
    closed.satisfaction = Some(Satisfaction::Dissatisfied);
    closed.resolved = Some(false);
    assert_eq!(rate(&closed, true, Satisfaction::Satisfied, VerdictSource::Callback, NOW, 7), Err(CaseError::AlreadyRated));
    let reopened = reopen(&closed, NOW, 5, &cal, "问题没有解决", 7).unwrap();
    assert!(sets(&reopened, &Field::Redo(true)));
    assert!(sets(&reopened, &Field::ReopenCount(1)));
    assert!(sets(&reopened, &Field::Status(CaseStatus::InProgress)));
    assert!(sets(&reopened, &Field::Verdict(None, None)));
    closed.reopen_count = 1;
    assert_eq!(reopen(&closed, NOW, 5, &cal, "again", 7), Err(CaseError::ReopenUsed));
    let callback = rate(&case(CaseStatus::Closed), true, Satisfaction::Basic, VerdictSource::Callback, NOW, 7).unwrap();
    assert_eq!(callback.events[0].event, "callback");
}

#[test]
fn verdicts_and_reopens_are_taken_only_within_the_window_after_closing() {
    let cal = Calendar::shipped();
    let closed = case(CaseStatus::Closed);
    let day = 86_400_000;
    let last_moment = closed.closed_at.unwrap() + 7 * day;
    assert!(rate(&closed, true, Satisfaction::Satisfied, VerdictSource::Resident, last_moment, 7).is_ok());
    assert_eq!(rate(&closed, true, Satisfaction::Satisfied, VerdictSource::Resident, last_moment + 1, 7), Err(CaseError::VerdictWindowOver));
    assert_eq!(rate(&closed, true, Satisfaction::Satisfied, VerdictSource::Callback, NOW + 700 * day, 7), Err(CaseError::VerdictWindowOver), "not 23 months later");
    let mut dissatisfied = closed.clone();
    dissatisfied.satisfaction = Some(Satisfaction::Dissatisfied);
    assert!(reopen(&dissatisfied, last_moment, 5, &cal, "x", 7).is_ok());
    assert_eq!(reopen(&dissatisfied, last_moment + 1, 5, &cal, "x", 7), Err(CaseError::VerdictWindowOver));
    assert!(rate(&closed, true, Satisfaction::Satisfied, VerdictSource::Resident, last_moment + day, 14).is_ok(), "the window is a setting");
    assert_eq!(VERDICT_WINDOW_DAYS, 7);
}

#[test]
fn consultations_answered_at_intake_close_at_once() {
    let c = case(CaseStatus::Received);
    let by = IntakeAnswerer { operator: UserId::new(), unit: UnitId::new(), category: Some(("L01".into(), 3)) };
    let change = answer_at_intake(&c, NOW, "可到街道政务服务中心办理。", "kb1", &by).unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Closed)));
    assert!(sets(&change, &Field::Outcome(Some(Outcome::AnsweredAtIntake), "可到街道政务服务中心办理。".into())));
    assert!(sets(&change, &Field::Agent(Some(by.operator))), "the operator is the agent");
    assert!(sets(&change, &Field::Unit(Some(by.unit))));
    assert!(sets(&change, &Field::Category { code: "L01".into(), version: 3 }), "the answer counts under its category");
    assert_eq!(answer_at_intake(&case(CaseStatus::Assigned), NOW, "x", "kb1", &by), Err(CaseError::AlreadyAccepted));
}

#[test]
fn petitions_walk_six_steps_with_their_own_deadlines_and_extend_once() {
    let received = crate::calendar::start_of(jiff::civil::date(2026, 1, 10)) + 10 * 3_600_000;
    let d = petition_step_deadlines(received, &PETITION_STEP_DAYS);
    assert_eq!(d[0], crate::calendar::start_of(jiff::civil::date(2026, 1, 26)), "acceptance decided by the end of day 15");
    assert_eq!(d[5], crate::calendar::start_of(jiff::civil::date(2026, 3, 12)), "handled by the end of day 60");

    let mut p = case(CaseStatus::InProgress);
    p.kind = CaseKind::Petition;
    assert_eq!(complete_step(&case(CaseStatus::InProgress), AGENT, "x").unwrap_err(), CaseError::NotPetition);
    let (change, step) = complete_step(&p, AGENT, "已登记").unwrap();
    assert_eq!(step, 1);
    assert!(sets(&change, &Field::PetitionStep(1)));
    p.petition_step = 6;
    assert_eq!(complete_step(&p, AGENT, "x").unwrap_err(), CaseError::StepsDone);
    let ext = extend_petition(&p, AGENT, 30, "情况复杂").unwrap();
    assert!(sets(&ext, &Field::HandleDue { at: p.handle_due_at.unwrap() + 30 * 86_400_000, provisional: false }));
    p.extended = true;
    assert_eq!(extend_petition(&p, AGENT, 30, "again"), Err(CaseError::ExtensionUsed));
}

#[test]
fn a_unit_asks_to_escalate_and_only_a_dispatcher_moves_the_case_up() {
    const DISPATCHER: Relation = Relation { user_id: None, is_agent: false, is_unit_head: false, is_dispatcher: true, is_system: false };
    let c = case(CaseStatus::InProgress);
    assert_eq!(request_escalation(&c, STRANGER, "x", &[]).unwrap_err(), CaseError::NotYourCase);
    let dispatcher_id = UserId::new();
    let asked = request_escalation(&c, AGENT, "需要街道协调", &[dispatcher_id]).unwrap();
    assert!(sets(&asked, &Field::EscalationPending(true)));
    assert!(matches!(asked.records[0], Record::EscalationRequested { .. }), "recorded, to count against the unit");
    assert_eq!(asked.notify[0].user_id, dispatcher_id);
    let mut pending = c.clone();
    asked.apply_to(&mut pending);
    assert!(pending.escalation_pending && pending.tier == c.tier && pending.agent_id == c.agent_id, "nothing moves yet");
    assert_eq!(request_escalation(&pending, AGENT, "again", &[]).unwrap_err(), CaseError::EscalationPending);
    assert_eq!(request_send_back(&pending, AGENT, "x", &[]).unwrap_err(), CaseError::EscalationPending);
    assert_eq!(reject_escalation(&pending, AGENT, "x").unwrap_err(), CaseError::DispatcherOnly);
    let rejected = reject_escalation(&pending, DISPATCHER, "继续办理").unwrap();
    assert!(sets(&rejected, &Field::EscalationPending(false)));
    assert_eq!(reject_escalation(&c, DISPATCHER, "x").unwrap_err(), CaseError::NoEscalationPending);
    // The agent cannot escalate directly; a dispatcher (deciding the request) and the system can.
    let to = Assignment { unit_id: UnitId::new(), unit_name: "街道".into(), tier: Tier::Street, agent_id: UserId::new(), agent_name: "a".into(), reason: serde_json::json!({}) };
    assert_eq!(escalate(&pending, AGENT, "x", &to, None, (None, None)).unwrap_err(), CaseError::DispatcherOnly);
    let approved = escalate(&pending, DISPATCHER, "同意", &to, None, (None, None)).unwrap();
    assert!(sets(&approved, &Field::EscalationPending(false)));
    assert!(approved.records.iter().any(|r| matches!(r, Record::EscalationDecided { approved: true })));
    assert!(escalate(&c, Relation::system(), "超时自动升级", &to, None, (None, None)).is_ok());
}

#[test]
fn leaders_supervise_and_the_holder_answers_once() {
    let c = case(CaseStatus::InProgress);
    assert_eq!(supervise(&c, false, "x", NOW + 86_400_000).unwrap_err(), CaseError::LeadersOnly);
    let change = supervise(&c, true, "限期答复", NOW + 86_400_000).unwrap();
    assert!(sets(&change, &Field::SupervisionDue(Some(NOW + 86_400_000))));
    assert_eq!(change.notify[0].user_id, c.agent_id.unwrap(), "the agent is told");
    assert_eq!(answer_supervision(&c, AGENT, "x").unwrap_err(), CaseError::NotSupervised);
    let mut supervised = c.clone();
    change.apply_to(&mut supervised);
    assert_eq!(answer_supervision(&supervised, STRANGER, "x").unwrap_err(), CaseError::NotYourCase);
    assert!(sets(&answer_supervision(&supervised, AGENT, "已办").unwrap(), &Field::SupervisionDue(None)));
    assert_eq!(supervise(&case(CaseStatus::Received), true, "x", NOW).unwrap_err(), CaseError::NotRouted);
}
