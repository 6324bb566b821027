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
    let place = crate::org::CasePlace {
        street_id: Some(UnitId::new()),
        community_id: Some(UnitId::new()),
        accountable_unit_id: Some(UnitId::new()),
        guessed: false,
    };
    let mut c = Case::received(
        CaseId::new(),
        CaseNo::new(20261127, 1),
        &new,
        place,
        NOW - 86_400_000,
        NOW - 86_400_000,
    );
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

const AGENT: Relation = Relation {
    user_id: None,
    is_agent: true,
    is_unit_head: false,
    is_dispatcher: false,
    is_system: false,
};
const HEAD: Relation = Relation {
    user_id: None,
    is_agent: false,
    is_unit_head: true,
    is_dispatcher: false,
    is_system: false,
};
const DISPATCHER: Relation = Relation {
    user_id: None,
    is_agent: false,
    is_unit_head: false,
    is_dispatcher: true,
    is_system: false,
};
const STRANGER: Relation = Relation {
    user_id: None,
    is_agent: false,
    is_unit_head: false,
    is_dispatcher: false,
    is_system: false,
};

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
    let clocks = Clocks {
        contact_due_at: NOW + 1,
        handle_due_at: NOW + 2,
        provisional: false,
    };
    assert_eq!(
        route(&c, AGENT, ("A01", 1), &to, Some(clocks), (None, None)),
        Err(CaseError::DispatcherOnly)
    );
    let change = route(&c, DISPATCHER, ("A01", 1), &to, Some(clocks), (None, None)).unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Assigned)));
    assert!(sets(&change, &Field::Agent(Some(to.agent_id))));
    assert!(sets(
        &change,
        &Field::HandleDue {
            at: NOW + 2,
            provisional: false
        }
    ));
    assert_eq!(change.notify[0].kind, "assigned");
    assert_eq!(change.audit, "case.route");
    assert!(
        route(
            &c,
            Relation::system(),
            ("A01", 1),
            &to,
            Some(clocks),
            (None, None)
        )
        .is_ok(),
        "automatic routing at intake"
    );
    assert_eq!(
        route(
            &case(CaseStatus::Closed),
            DISPATCHER,
            ("A01", 1),
            &to,
            None,
            (None, None)
        ),
        Err(CaseError::Closed)
    );
}

#[test]
fn a_manual_due_date_survives_rerouting() {
    let mut c = case(CaseStatus::Assigned);
    c.manual_due_reason = Some("领导批示".into());
    let clocks = Clocks {
        contact_due_at: NOW + 1,
        handle_due_at: NOW + 2,
        provisional: false,
    };
    let change = route(
        &c,
        DISPATCHER,
        ("A01", 1),
        &assignment(Tier::Community),
        Some(clocks),
        (None, None),
    )
    .unwrap();
    assert!(
        !change
            .set
            .iter()
            .any(|f| matches!(f, Field::HandleDue { .. }))
    );
    assert_eq!(change.audit, "case.reroute");
}

#[test]
fn only_the_agent_or_unit_head_accepts_and_only_once() {
    let c = case(CaseStatus::Assigned);
    assert_eq!(accept(&c, STRANGER, NOW), Err(CaseError::NotYourCase));
    assert!(accept(&c, AGENT, NOW).is_ok());
    assert!(accept(&c, HEAD, NOW).is_ok());
    assert_eq!(
        accept(&case(CaseStatus::InProgress), AGENT, NOW),
        Err(CaseError::AlreadyAccepted)
    );
    assert_eq!(
        accept(&case(CaseStatus::Received), AGENT, NOW),
        Err(CaseError::NotRouted)
    );
}

#[test]
fn closed_and_merged_cases_refuse_replies_and_closing() {
    for (status, error) in [
        (CaseStatus::Closed, CaseError::Closed),
        (CaseStatus::Merged, CaseError::Merged),
    ] {
        let c = case(status);
        assert_eq!(reply(&c, AGENT, "x"), Err(error));
        assert_eq!(close(&c, AGENT, NOW, Outcome::Resolved, "x"), Err(error));
        assert_eq!(request_pause(&c, AGENT, "x", &[]).unwrap_err(), error);
        assert_eq!(accept(&c, AGENT, NOW), Err(error));
        assert_eq!(contact(&c, AGENT, NOW, "").unwrap_err(), error);
        assert_eq!(attach(&c, AGENT, "a.pdf", false).unwrap_err(), error);
    }
    assert_eq!(
        note(&case(CaseStatus::Merged), AGENT, "x"),
        Err(CaseError::Merged)
    );
    assert!(
        note(&case(CaseStatus::Closed), AGENT, "x").is_ok(),
        "notes may still be added to a closed case"
    );
    assert_eq!(
        note(&case(CaseStatus::InProgress), STRANGER, "x"),
        Err(CaseError::NotYourCase)
    );
}

#[test]
fn closing_needs_an_accepted_case_and_a_stranger_cannot_close() {
    assert_eq!(
        close(
            &case(CaseStatus::Assigned),
            AGENT,
            NOW,
            Outcome::Resolved,
            ""
        ),
        Err(CaseError::NotInProgress)
    );
    assert_eq!(
        close(&case(CaseStatus::Paused), AGENT, NOW, Outcome::Resolved, ""),
        Err(CaseError::NotInProgress)
    );
    assert_eq!(
        close(
            &case(CaseStatus::InProgress),
            STRANGER,
            NOW,
            Outcome::Resolved,
            ""
        ),
        Err(CaseError::NotYourCase)
    );
    let mut not_contacted = case(CaseStatus::InProgress);
    not_contacted.contacted_at = None;
    assert_eq!(
        close(&not_contacted, AGENT, NOW, Outcome::Resolved, "x"),
        Err(CaseError::NoContact),
        "a case is closed only after contact"
    );
    assert!(
        close(
            &not_contacted,
            AGENT,
            NOW,
            Outcome::Unreachable,
            "三次电话未接通"
        )
        .is_ok(),
        "unreachable needs no contact"
    );
    assert_eq!(
        close(
            &case(CaseStatus::InProgress),
            AGENT,
            NOW,
            Outcome::SuggestionAdopted,
            "x"
        ),
        Err(CaseError::OutcomeNotAllowed),
        "only suggestions are adopted"
    );
    assert_eq!(
        close(
            &case(CaseStatus::InProgress),
            AGENT,
            NOW,
            Outcome::AnsweredAtIntake,
            "x"
        ),
        Err(CaseError::OutcomeNotAllowed)
    );
    for outcome in [Outcome::Withdrawn, Outcome::Referred, Outcome::Explained] {
        assert!(
            close(&case(CaseStatus::InProgress), AGENT, NOW, outcome, "x").is_ok(),
            "{outcome:?}"
        );
    }
    let change = close(
        &case(CaseStatus::InProgress),
        AGENT,
        NOW,
        Outcome::Resolved,
        "已修复",
    )
    .unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Closed)));
    assert!(sets(
        &change,
        &Field::Outcome(Some(Outcome::Resolved), "已修复".into())
    ));
}

#[test]
fn the_first_contact_stops_the_contact_clock_and_later_ones_do_not_move_it() {
    let c = case(CaseStatus::Assigned);
    let first = contact(&c, AGENT, NOW, "电话联系").unwrap();
    assert!(sets(&first, &Field::ContactedAt(NOW)));
    assert!(
        first.events.iter().any(|e| e.event == "noted" && !e.public),
        "what was said stays internal"
    );
    let mut again = case(CaseStatus::InProgress);
    again.contacted_at = Some(NOW - 5);
    assert!(
        !contact(&again, AGENT, NOW, "")
            .unwrap()
            .set
            .iter()
            .any(|f| matches!(f, Field::ContactedAt(_)))
    );
}

#[test]
fn a_pause_is_asked_for_approved_by_a_dispatcher_told_to_the_resident_and_bounded() {
    let c = case(CaseStatus::InProgress);
    assert_eq!(
        request_pause(&case(CaseStatus::Assigned), AGENT, "x", &[]).unwrap_err(),
        CaseError::NotInProgress
    );
    let d = UserId::new();
    let asked = request_pause(&c, AGENT, "等待居民提供材料", &[d]).unwrap();
    assert!(sets(
        &asked,
        &Field::RequestPending(Some(PendingRequest::Pause))
    ));
    assert!(
        !asked.set.iter().any(|f| matches!(f, Field::Status(_))),
        "the clock runs until a dispatcher approves"
    );
    assert_eq!(asked.notify[0].user_id, d);
    let mut pending = c.clone();
    asked.apply_to(&mut pending);
    assert_eq!(
        request_pause(&pending, AGENT, "again", &[]).unwrap_err(),
        CaseError::RequestPending
    );
    assert_eq!(
        approve_pause(&pending, AGENT, NOW, "x").unwrap_err(),
        CaseError::DispatcherOnly
    );
    assert_eq!(
        approve_pause(&c, DISPATCHER, NOW, "x").unwrap_err(),
        CaseError::NoRequestPending
    );
    let approved = approve_pause(&pending, DISPATCHER, NOW, "等待居民提供材料").unwrap();
    assert!(
        sets(&approved, &Field::Status(CaseStatus::Paused))
            && sets(&approved, &Field::RequestPending(None))
    );
    assert!(
        approved
            .events
            .iter()
            .any(|e| e.event == "paused" && e.public && e.note == "等待居民提供材料"),
        "the resident is told why"
    );
    let rejected = reject_request(&pending, DISPATCHER, false, "请继续办理").unwrap();
    assert!(
        sets(&rejected, &Field::RequestPending(None))
            && !rejected.set.iter().any(|f| matches!(f, Field::Status(_)))
    );
}

#[test]
fn a_pause_moves_the_handling_deadline_by_the_working_time_paused() {
    let cal = Calendar::shipped();
    let c = case(CaseStatus::InProgress);
    assert_eq!(resume(&c, AGENT, NOW, &cal, 10), Err(CaseError::NotPaused));
    let mut paused = case(CaseStatus::Paused);
    // Paused Monday 2026-11-23 09:00 Beijing, resumed Monday 2026-11-30 09:00: five working days.
    let paused_at = crate::calendar::start_of(jiff::civil::date(2026, 11, 23)) + 9 * 3_600_000;
    let resumed = paused_at + 7 * 86_400_000;
    paused.paused_at = Some(paused_at);
    let due = crate::calendar::start_of(jiff::civil::date(2026, 11, 26));
    paused.handle_due_at = Some(due);
    let change = resume(&paused, AGENT, resumed, &cal, 10).unwrap();
    let expected = cal.add_working_time(due, 5 * 86_400_000).at;
    assert!(
        sets(
            &change,
            &Field::HandleDue {
                at: expected,
                provisional: false
            }
        ),
        "{change:?}"
    );
    assert_eq!(
        expected,
        crate::calendar::start_of(jiff::civil::date(2026, 12, 3))
    );
    assert!(sets(&change, &Field::Status(CaseStatus::InProgress)));
    // A pause longer than the maximum moves the deadline by the maximum only.
    let capped = resume(&paused, AGENT, resumed, &cal, 2).unwrap();
    assert!(
        sets(
            &capped,
            &Field::HandleDue {
                at: cal.add_working_time(due, 2 * 86_400_000).at,
                provisional: false
            }
        ),
        "{capped:?}"
    );
}

#[test]
fn escalation_climbs_one_tier_at_a_time_and_stops_at_the_top() {
    let system = Relation::system();
    let c = case(CaseStatus::InProgress);
    let change = escalate(
        &c,
        system,
        "超期未办结",
        &assignment(Tier::Street),
        None,
        (None, None),
    )
    .unwrap();
    assert!(sets(&change, &Field::Tier(Tier::Street)));
    assert!(sets(&change, &Field::Status(CaseStatus::Assigned)));
    assert_eq!(
        escalate(
            &c,
            system,
            "x",
            &assignment(Tier::District),
            None,
            (None, None)
        ),
        Err(CaseError::TopTier),
        "no skipping"
    );
    let mut top = case(CaseStatus::InProgress);
    top.tier = Some(Tier::District);
    assert_eq!(next_tier(&top), None);
    assert_eq!(
        escalate(
            &top,
            system,
            "x",
            &assignment(Tier::District),
            None,
            (None, None)
        ),
        Err(CaseError::TopTier)
    );
    assert_eq!(
        request_escalation(&top, AGENT, "x", &[]),
        Err(CaseError::TopTier)
    );
    assert_eq!(
        escalate(
            &c,
            STRANGER,
            "x",
            &assignment(Tier::Street),
            None,
            (None, None)
        ),
        Err(CaseError::DispatcherOnly)
    );
    assert!(
        escalate(
            &c,
            Relation::system(),
            "x",
            &assignment(Tier::Street),
            None,
            (None, None)
        )
        .is_ok()
    );
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
    assert_eq!(
        request_send_back(&pending, AGENT, "again", &d),
        Err(CaseError::SendBackPending)
    );
    assert_eq!(
        reject_send_back(&pending, AGENT, "no"),
        Err(CaseError::DispatcherOnly)
    );
    assert!(reject_send_back(&pending, DISPATCHER, "属于本社区").is_ok());
    assert_eq!(
        reject_send_back(&c, DISPATCHER, "no"),
        Err(CaseError::NoSendBackPending)
    );
}

#[test]
fn reassignment_is_for_the_unit_head_within_the_unit() {
    let c = case(CaseStatus::InProgress);
    let to = (UserId::new(), "王");
    assert_eq!(
        reassign(&c, AGENT, to, None, true),
        Err(CaseError::HeadOnly)
    );
    assert_eq!(
        reassign(&c, HEAD, to, None, false),
        Err(CaseError::AgentNotInUnit)
    );
    assert!(sets(
        &reassign(&c, HEAD, to, None, true).unwrap(),
        &Field::Agent(Some(to.0))
    ));
}

#[test]
fn manual_due_dates_are_for_dispatchers() {
    let c = case(CaseStatus::InProgress);
    assert_eq!(set_due(&c, AGENT, NOW, "x"), Err(CaseError::DispatcherOnly));
    let change = set_due(&c, DISPATCHER, NOW + 9, "领导批示加急").unwrap();
    assert!(sets(
        &change,
        &Field::ManualDueReason(Some("领导批示加急".into()))
    ));
}

#[test]
fn merging_needs_an_open_other_case_and_a_dispatcher_unless_a_true_duplicate() {
    let c = case(CaseStatus::InProgress);
    // Another unit's case: only a dispatcher merges.
    let elsewhere = case(CaseStatus::InProgress);
    assert_eq!(
        merge(&c, AGENT, &elsewhere).unwrap_err(),
        CaseError::MergeNeedsDispatcher
    );
    const DISPATCHER: Relation = Relation {
        user_id: None,
        is_agent: false,
        is_unit_head: false,
        is_dispatcher: true,
        is_system: false,
    };
    assert!(merge(&c, DISPATCHER, &elsewhere).is_ok());
    // A true duplicate: same unit, category and community, received within a week.
    let mut other = case(CaseStatus::InProgress);
    other.accountable_unit_id = c.accountable_unit_id;
    other.community_id = c.community_id;
    other.received_at = c.received_at - 3 * 86_400_000;
    let mut late = other.clone();
    late.received_at = c.received_at - 8 * 86_400_000;
    assert_eq!(
        merge(&c, AGENT, &late).unwrap_err(),
        CaseError::MergeNeedsDispatcher,
        "not within a week"
    );
    let mut other_category = other.clone();
    other_category.category_code = Some("B03".into());
    assert_eq!(
        merge(&c, AGENT, &other_category).unwrap_err(),
        CaseError::MergeNeedsDispatcher
    );
    let (dup, survivor) = merge(&c, AGENT, &other).unwrap();
    assert!(sets(&dup, &Field::Status(CaseStatus::Merged)));
    assert!(sets(&dup, &Field::MergedInto(other.id)));
    assert_eq!(survivor.events[0].event, "merged_from");
    assert_eq!(merge(&c, AGENT, &c).unwrap_err(), CaseError::BadMergeTarget);
    assert_eq!(
        merge(&c, AGENT, &case(CaseStatus::Closed)).unwrap_err(),
        CaseError::BadMergeTarget
    );
    assert_eq!(
        merge(&case(CaseStatus::Merged), AGENT, &other).unwrap_err(),
        CaseError::Merged
    );
}

#[test]
fn a_dissatisfied_verdict_goes_to_the_dispatcher_who_decides_the_redo() {
    let cal = Calendar::shipped();
    assert_eq!(
        rate(
            &case(CaseStatus::InProgress),
            true,
            Satisfaction::Satisfied,
            VerdictSource::Resident,
            NOW,
            7,
            &[]
        ),
        Err(CaseError::NotClosed)
    );
    let mut closed = case(CaseStatus::Closed);
    assert_eq!(
        ask_redo(&closed, NOW, "x", 7, &[]).unwrap_err(),
        CaseError::NotDissatisfied
    );
    let d = UserId::new();
    let rated = rate(
        &closed,
        false,
        Satisfaction::Dissatisfied,
        VerdictSource::Resident,
        NOW,
        7,
        &[d],
    )
    .unwrap();
    assert!(sets(
        &rated,
        &Field::Verdict(Some(false), Some(Satisfaction::Dissatisfied))
    ));
    assert!(
        sets(&rated, &Field::RequestPending(Some(PendingRequest::Redo))),
        "the dispatcher decides the redo"
    );
    assert_eq!(rated.notify[0].user_id, d);
    let satisfied = rate(
        &closed,
        true,
        Satisfaction::Satisfied,
        VerdictSource::Resident,
        NOW,
        7,
        &[d],
    )
    .unwrap();
    assert!(!sets(
        &satisfied,
        &Field::RequestPending(Some(PendingRequest::Redo))
    ));
    rated.apply_to(&mut closed);
    assert_eq!(
        rate(
            &closed,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Callback,
            NOW,
            7,
            &[]
        ),
        Err(CaseError::AlreadyRated)
    );
    let asked = ask_redo(&closed, NOW, "问题没有解决", 7, &[]).unwrap();
    assert!(
        asked
            .events
            .iter()
            .any(|e| e.event == "redo_requested" && e.public)
    );
    let due = cal.deadline(NOW, 5);
    assert_eq!(
        redo(&closed, AGENT, None, due, "x").unwrap_err(),
        CaseError::DispatcherOnly
    );
    let same = redo(&closed, DISPATCHER, None, due, "派回原单位重办").unwrap();
    assert!(sets(&same, &Field::Redo(true)) && sets(&same, &Field::ReopenCount(1)));
    assert!(
        sets(&same, &Field::Status(CaseStatus::InProgress))
            && sets(&same, &Field::Verdict(None, None))
    );
    assert!(
        !same.set.iter().any(|f| matches!(f, Field::Unit(_))),
        "the same unit redoes it"
    );
    let to = assignment(Tier::Street);
    let other = redo(&closed, DISPATCHER, Some(&to), due, "改派街道重办").unwrap();
    assert!(
        sets(&other, &Field::Unit(Some(to.unit_id)))
            && sets(&other, &Field::Agent(Some(to.agent_id)))
    );
    assert!(
        sets(&other, &Field::Status(CaseStatus::Assigned)),
        "the new unit accepts it first"
    );
    let declined = reject_request(&closed, DISPATCHER, false, "已按政策解释").unwrap();
    assert!(sets(&declined, &Field::RequestPending(None)));
    let mut decided = closed.clone();
    declined.apply_to(&mut decided);
    assert_eq!(
        ask_redo(&decided, NOW, "again", 7, &[]).unwrap_err(),
        CaseError::ReopenUsed,
        "decided once, not asked again"
    );
    closed.reopen_count = 1;
    assert_eq!(
        ask_redo(&closed, NOW, "again", 7, &[]).unwrap_err(),
        CaseError::ReopenUsed
    );
    let callback = rate(
        &case(CaseStatus::Closed),
        true,
        Satisfaction::Basic,
        VerdictSource::Callback,
        NOW,
        7,
        &[],
    )
    .unwrap();
    assert_eq!(callback.events[0].event, "callback");
}

#[test]
fn verdicts_and_redo_requests_are_taken_only_within_the_window_after_closing() {
    let closed = case(CaseStatus::Closed);
    let day = 86_400_000;
    let last_moment = closed.closed_at.unwrap() + 7 * day;
    assert!(
        rate(
            &closed,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Resident,
            last_moment,
            7,
            &[]
        )
        .is_ok()
    );
    assert_eq!(
        rate(
            &closed,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Resident,
            last_moment + 1,
            7,
            &[]
        ),
        Err(CaseError::VerdictWindowOver)
    );
    assert_eq!(
        rate(
            &closed,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Callback,
            NOW + 700 * day,
            7,
            &[]
        ),
        Err(CaseError::VerdictWindowOver),
        "not 23 months later"
    );
    let mut dissatisfied = closed.clone();
    dissatisfied.satisfaction = Some(Satisfaction::Dissatisfied);
    dissatisfied.request_pending = Some(PendingRequest::Redo);
    assert!(ask_redo(&dissatisfied, last_moment, "x", 7, &[]).is_ok());
    assert_eq!(
        ask_redo(&dissatisfied, last_moment + 1, "x", 7, &[]).unwrap_err(),
        CaseError::VerdictWindowOver
    );
    assert!(
        rate(
            &closed,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Resident,
            last_moment + day,
            14,
            &[]
        )
        .is_ok(),
        "the window is a setting"
    );
    assert_eq!(VERDICT_WINDOW_DAYS, 7);
}

#[test]
fn an_exclusion_from_the_assessment_needs_a_reviewer() {
    let c = case(CaseStatus::InProgress);
    let asked = request_exclusion(&c, AGENT, "诉求人要求赔偿五十万元，无法律依据", &[]).unwrap();
    let mut pending = c.clone();
    asked.apply_to(&mut pending);
    assert_eq!(
        close(&pending, AGENT, NOW, Outcome::Resolved, "x"),
        Err(CaseError::RequestPending),
        "the reviewer decides first"
    );
    assert_eq!(
        close(&c, AGENT, NOW, Outcome::Excluded, "x"),
        Err(CaseError::OutcomeNotAllowed),
        "not by the agent alone"
    );
    assert_eq!(
        approve_exclusion(&pending, false, NOW, "x").unwrap_err(),
        CaseError::ReviewersOnly
    );
    assert_eq!(
        reject_request(&pending, DISPATCHER, false, "x").unwrap_err(),
        CaseError::ReviewersOnly
    );
    let approved = approve_exclusion(&pending, true, NOW, "属无理诉求").unwrap();
    assert!(sets(
        &approved,
        &Field::Outcome(Some(Outcome::Excluded), "属无理诉求".into())
    ));
    assert!(sets(&approved, &Field::Status(CaseStatus::Closed)));
}

#[test]
fn due_changes_are_asked_for_and_set_by_a_dispatcher_and_told_to_the_resident() {
    let c = case(CaseStatus::InProgress);
    let later = NOW + 10 * 86_400_000;
    let asked = request_due_change(&c, AGENT, later, "需协调产权单位", &[]).unwrap();
    let mut pending = c.clone();
    asked.apply_to(&mut pending);
    assert_eq!(
        set_due(&pending, AGENT, later, "x").unwrap_err(),
        CaseError::DispatcherOnly
    );
    let set = set_due(&pending, DISPATCHER, later, "同意延期").unwrap();
    assert!(
        sets(&set, &Field::RequestPending(None))
            && sets(
                &set,
                &Field::HandleDue {
                    at: later,
                    provisional: false
                }
            )
    );
    assert!(
        set.events.iter().any(|e| e.event == "due_set" && e.public),
        "the resident sees the new date"
    );
}

#[test]
fn co_handlers_join_with_a_task_and_report_it_done() {
    let c = case(CaseStatus::InProgress);
    let unit = UnitId::new();
    assert_eq!(
        add_cohandler(&c, STRANGER, (unit, "区住建委"), "核查", false).unwrap_err(),
        CaseError::NotYourCase
    );
    assert_eq!(
        add_cohandler(&c, AGENT, (unit, "区住建委"), "核查", true).unwrap_err(),
        CaseError::AlreadyOnCase
    );
    assert_eq!(
        add_cohandler(
            &c,
            AGENT,
            (c.accountable_unit_id.unwrap(), "本单位"),
            "x",
            false
        )
        .unwrap_err(),
        CaseError::AlreadyOnCase
    );
    let added = add_cohandler(&c, AGENT, (unit, "区住建委"), "核查房屋安全", false).unwrap();
    assert!(matches!(&added.records[0], Record::CoHandler { unit_id, .. } if *unit_id == unit));
    assert!(
        !added
            .set
            .iter()
            .any(|f| matches!(f, Field::Agent(_) | Field::Unit(_))),
        "one agent stays accountable"
    );
    assert_eq!(
        finish_cohandling(&c, (unit, "区住建委"), false, "x").unwrap_err(),
        CaseError::NotCoHandler
    );
    assert!(finish_cohandling(&c, (unit, "区住建委"), true, "已出具鉴定意见").is_ok());
    assert_eq!(
        instruct(&c, false, "x").unwrap_err(),
        CaseError::LeadersOnly
    );
    assert_eq!(
        instruct(&c, true, "请区住建委牵头").unwrap().notify[0].user_id,
        c.agent_id.unwrap()
    );
}

#[test]
fn consultations_answered_at_intake_close_at_once() {
    let c = case(CaseStatus::Received);
    let by = IntakeAnswerer {
        operator: UserId::new(),
        unit: UnitId::new(),
        category: Some(("L01".into(), 3)),
    };
    let change = answer_at_intake(&c, NOW, "可到街道政务服务中心办理。", "kb1", &by).unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Closed)));
    assert!(sets(
        &change,
        &Field::Outcome(
            Some(Outcome::AnsweredAtIntake),
            "可到街道政务服务中心办理。".into()
        )
    ));
    assert!(
        sets(&change, &Field::Agent(Some(by.operator))),
        "the operator is the agent"
    );
    assert!(sets(&change, &Field::Unit(Some(by.unit))));
    assert!(
        sets(
            &change,
            &Field::Category {
                code: "L01".into(),
                version: 3
            }
        ),
        "the answer counts under its category"
    );
    assert_eq!(
        answer_at_intake(&case(CaseStatus::Assigned), NOW, "x", "kb1", &by),
        Err(CaseError::AlreadyAccepted)
    );
}

#[test]
fn petitions_are_accepted_or_refused_then_walk_their_steps_and_are_answered_before_closing() {
    let received = crate::calendar::start_of(jiff::civil::date(2026, 1, 10)) + 10 * 3_600_000;
    let d = petition_step_deadlines(received, &PETITION_STEP_DAYS);
    assert_eq!(
        d[0],
        crate::calendar::start_of(jiff::civil::date(2026, 1, 26)),
        "acceptance decided by the end of day 15"
    );

    let mut p = case(CaseStatus::Assigned);
    p.kind = CaseKind::Petition;
    assert_eq!(
        accept_petition(
            &case(CaseStatus::Assigned),
            AGENT,
            NOW,
            &PETITION_STEP_DAYS,
            false
        )
        .unwrap_err(),
        CaseError::NotPetition
    );
    assert_eq!(
        accept_petition(&p, AGENT, NOW, &PETITION_STEP_DAYS, true).unwrap_err(),
        CaseError::ReviewExhausted,
        "a re-reviewed matter is not accepted again"
    );
    assert_eq!(
        complete_step(&p, AGENT, "x").unwrap_err(),
        CaseError::PetitionNotAccepted
    );
    let refused = refuse_petition(
        &p,
        AGENT,
        NOW,
        "属于劳动仲裁受理范围",
        "石景山区劳动人事争议仲裁委员会",
    )
    .unwrap();
    assert!(sets(
        &refused,
        &Field::Outcome(Some(Outcome::Refused), "属于劳动仲裁受理范围".into())
    ));
    assert!(
        refused
            .events
            .iter()
            .any(|e| e.event == "petition_refused" && e.public),
        "a written notice the petitioner sees"
    );

    let accepted = accept_petition(&p, AGENT, NOW, &PETITION_STEP_DAYS, false).unwrap();
    let due = days_after(NOW, 60);
    assert!(
        sets(
            &accepted,
            &Field::HandleDue {
                at: due,
                provisional: false
            }
        ),
        "60 days from acceptance, not from receipt"
    );
    assert!(sets(&accepted, &Field::PetitionAccepted(Some(NOW))));
    assert!(
        accepted
            .events
            .iter()
            .any(|e| e.event == "petition_accepted" && e.public)
    );
    accepted.apply_to(&mut p);
    p.contacted_at = Some(NOW);
    assert_eq!(
        refuse_petition(&p, AGENT, NOW, "x", "y").unwrap_err(),
        CaseError::PetitionAccepted
    );
    assert_eq!(
        close(&p, AGENT, NOW, Outcome::Resolved, "x"),
        Err(CaseError::AnswerNeeded),
        "no closing before the answer"
    );
    assert_eq!(
        answer_petition(&p, AGENT, NOW, PetitionAnswer::Support, "x").unwrap_err(),
        CaseError::StepsBeforeAnswer
    );
    for step in 2..=4 {
        let (c, n) = complete_step(&p, AGENT, "done").unwrap();
        assert_eq!(n, step);
        c.apply_to(&mut p);
    }
    assert_eq!(
        complete_step(&p, AGENT, "x").unwrap_err(),
        CaseError::AnswerNeeded,
        "step five is the written answer"
    );
    let answered = answer_petition(
        &p,
        AGENT,
        NOW,
        PetitionAnswer::NotSupport,
        "经调查，诉求缺乏政策依据。",
    )
    .unwrap();
    assert!(
        answered
            .events
            .iter()
            .any(|e| e.event == "petition_answered" && e.public)
    );
    answered.apply_to(&mut p);
    assert_eq!(
        close(&p, AGENT, NOW, Outcome::Explained, "x"),
        Err(CaseError::StepsBeforeAnswer),
        "report back first"
    );
    complete_step(&p, AGENT, "已向信访人反馈")
        .unwrap()
        .0
        .apply_to(&mut p);
    assert!(close(&p, AGENT, NOW, Outcome::Explained, "已答复").is_ok());

    // The extension: once, by the unit's head, with a notice.
    assert_eq!(
        extend_petition(&p, AGENT, 30, "x").unwrap_err(),
        CaseError::HeadOnly
    );
    let ext = extend_petition(&p, HEAD, 30, "情况复杂").unwrap();
    assert!(sets(
        &ext,
        &Field::HandleDue {
            at: p.handle_due_at.unwrap() + 30 * 86_400_000,
            provisional: false
        }
    ));
    assert!(ext.events.iter().any(|e| e.event == "extended" && e.public));
    p.extended = true;
    assert_eq!(
        extend_petition(&p, HEAD, 30, "again"),
        Err(CaseError::ExtensionUsed)
    );
}

#[test]
fn a_petition_is_reviewed_then_re_reviewed_by_the_organ_above_within_thirty_days_and_no_more() {
    let mut p = case(CaseStatus::Closed);
    p.kind = CaseKind::Petition;
    let to = assignment(Tier::District);
    assert_eq!(
        request_review(&p, NOW, "x", &to).unwrap_err(),
        CaseError::AnswerNeeded
    );
    p.petition_answer = Some(PetitionAnswer::NotSupport);
    p.petition_answered_at = Some(NOW - 86_400_000);
    assert_eq!(
        ask_redo(&p, NOW, "x", 7, &[]).unwrap_err(),
        CaseError::PetitionReview,
        "petitions are reviewed, not redone"
    );
    assert_eq!(
        request_review(&p, days_after(NOW, 31), "x", &to).unwrap_err(),
        CaseError::ReviewWindowOver
    );
    let review = request_review(&p, NOW, "对处理意见不服", &to).unwrap();
    assert!(sets(&review, &Field::ReviewLevel(1)) && sets(&review, &Field::Unit(Some(to.unit_id))));
    assert!(
        sets(
            &review,
            &Field::HandleDue {
                at: days_after(NOW, 30),
                provisional: false
            }
        ),
        "answered within 30 days"
    );
    review.apply_to(&mut p);
    let mut reviewer = AGENT;
    reviewer.user_id = Some(to.agent_id);
    p.contacted_at = Some(NOW);
    assert_eq!(
        close(&p, reviewer, NOW, Outcome::Explained, "x"),
        Err(CaseError::AnswerNeeded)
    );
    answer_petition(
        &p,
        reviewer,
        NOW,
        PetitionAnswer::Explain,
        "复查意见：维持原处理意见",
    )
    .unwrap()
    .apply_to(&mut p);
    close(&p, reviewer, NOW, Outcome::Explained, "复查办结")
        .unwrap()
        .apply_to(&mut p);
    let re = request_review(&p, NOW, "申请复核", &to).unwrap();
    assert!(sets(&re, &Field::ReviewLevel(2)));
    re.apply_to(&mut p);
    answer_petition(&p, reviewer, NOW, PetitionAnswer::Explain, "复核意见")
        .unwrap()
        .apply_to(&mut p);
    close(&p, reviewer, NOW, Outcome::Explained, "复核办结")
        .unwrap()
        .apply_to(&mut p);
    assert_eq!(
        request_review(&p, NOW, "again", &to).unwrap_err(),
        CaseError::ReviewExhausted
    );
}

#[test]
fn a_unit_asks_to_escalate_and_only_a_dispatcher_moves_the_case_up() {
    const DISPATCHER: Relation = Relation {
        user_id: None,
        is_agent: false,
        is_unit_head: false,
        is_dispatcher: true,
        is_system: false,
    };
    let c = case(CaseStatus::InProgress);
    assert_eq!(
        request_escalation(&c, STRANGER, "x", &[]).unwrap_err(),
        CaseError::NotYourCase
    );
    let dispatcher_id = UserId::new();
    let asked = request_escalation(&c, AGENT, "需要街道协调", &[dispatcher_id]).unwrap();
    assert!(sets(&asked, &Field::EscalationPending(true)));
    assert!(
        matches!(asked.records[0], Record::EscalationRequested { .. }),
        "recorded, to count against the unit"
    );
    assert_eq!(asked.notify[0].user_id, dispatcher_id);
    let mut pending = c.clone();
    asked.apply_to(&mut pending);
    assert!(
        pending.escalation_pending && pending.tier == c.tier && pending.agent_id == c.agent_id,
        "nothing moves yet"
    );
    assert_eq!(
        request_escalation(&pending, AGENT, "again", &[]).unwrap_err(),
        CaseError::EscalationPending
    );
    assert_eq!(
        request_send_back(&pending, AGENT, "x", &[]).unwrap_err(),
        CaseError::EscalationPending
    );
    assert_eq!(
        reject_escalation(&pending, AGENT, "x").unwrap_err(),
        CaseError::DispatcherOnly
    );
    let rejected = reject_escalation(&pending, DISPATCHER, "继续办理").unwrap();
    assert!(sets(&rejected, &Field::EscalationPending(false)));
    assert_eq!(
        reject_escalation(&c, DISPATCHER, "x").unwrap_err(),
        CaseError::NoEscalationPending
    );
    // The agent cannot escalate directly; a dispatcher (deciding the request) and the system can.
    let to = Assignment {
        unit_id: UnitId::new(),
        unit_name: "街道".into(),
        tier: Tier::Street,
        agent_id: UserId::new(),
        agent_name: "a".into(),
        reason: serde_json::json!({}),
    };
    assert_eq!(
        escalate(&pending, AGENT, "x", &to, None, (None, None)).unwrap_err(),
        CaseError::DispatcherOnly
    );
    let approved = escalate(&pending, DISPATCHER, "同意", &to, None, (None, None)).unwrap();
    assert!(sets(&approved, &Field::EscalationPending(false)));
    assert!(
        approved
            .records
            .iter()
            .any(|r| matches!(r, Record::EscalationDecided { approved: true }))
    );
    assert!(
        escalate(
            &c,
            Relation::system(),
            "超时自动升级",
            &to,
            None,
            (None, None)
        )
        .is_ok()
    );
}

#[test]
fn leaders_supervise_and_the_holder_answers_once() {
    let c = case(CaseStatus::InProgress);
    assert_eq!(
        supervise(&c, false, "x", NOW + 86_400_000).unwrap_err(),
        CaseError::LeadersOnly
    );
    let change = supervise(&c, true, "限期答复", NOW + 86_400_000).unwrap();
    assert!(sets(
        &change,
        &Field::SupervisionDue(Some(NOW + 86_400_000))
    ));
    assert_eq!(
        change.notify[0].user_id,
        c.agent_id.unwrap(),
        "the agent is told"
    );
    assert_eq!(
        answer_supervision(&c, AGENT, "x").unwrap_err(),
        CaseError::NotSupervised
    );
    let mut supervised = c.clone();
    change.apply_to(&mut supervised);
    assert_eq!(
        answer_supervision(&supervised, STRANGER, "x").unwrap_err(),
        CaseError::NotYourCase
    );
    assert!(sets(
        &answer_supervision(&supervised, AGENT, "已办").unwrap(),
        &Field::SupervisionDue(None)
    ));
    assert_eq!(
        supervise(&case(CaseStatus::Received), true, "x", NOW).unwrap_err(),
        CaseError::NotRouted
    );
}

#[test]
fn a_closing_records_what_the_assessment_counts() {
    let mut c = case(CaseStatus::InProgress);
    let change = close(&c, AGENT, NOW, Outcome::Resolved, "已处理").unwrap();
    let closing = change
        .records
        .iter()
        .find_map(|r| {
            if let Record::Closing(x) = r {
                Some(x.clone())
            } else {
                None
            }
        })
        .expect("a closing record");
    assert_eq!(
        (closing.round, closing.unit_id, closing.agent_id),
        (1, c.accountable_unit_id.unwrap(), c.agent_id)
    );
    assert!(
        closing.contacted_in_time && closing.on_time,
        "contacted before the contact deadline, closed before the handling one"
    );
    // Contacted after the contact deadline, closed after the handling deadline, in the redo round.
    c.contacted_at = Some(NOW + 1);
    c.reopen_count = 1;
    let late = Closing::of(&c, NOW + 4 * 86_400_000).unwrap();
    assert_eq!(
        (late.round, late.contacted_in_time, late.on_time),
        (2, false, false)
    );
    // An anonymous report owes no contact; a case no unit holds is not assessed.
    c.anonymous = true;
    c.contacted_at = None;
    assert!(Closing::of(&c, NOW).unwrap().contacted_in_time);
    c.accountable_unit_id = None;
    assert_eq!(Closing::of(&c, NOW), None);
}

#[test]
fn a_dispatcher_closes_a_waiting_case_as_invalid_and_a_reviewer_restores_it() {
    use crate::cases::InvalidReason;
    let mut c = case(CaseStatus::Received);
    assert_eq!(
        invalidate(&c, AGENT, NOW, InvalidReason::Test, ""),
        Err(CaseError::DispatcherOnly)
    );
    let change = invalidate(&c, DISPATCHER, NOW, InvalidReason::Test, "测试来电").unwrap();
    assert!(sets(&change, &Field::Status(CaseStatus::Closed)));
    assert!(sets(
        &change,
        &Field::Outcome(Some(Outcome::Invalid), "测试来电".into())
    ));
    assert!(
        change.records.is_empty(),
        "no closing record: it counts in no assessment"
    );
    let public: Vec<_> = change.events.iter().filter(|e| e.public).collect();
    assert_eq!(public.len(), 1);
    assert!(
        public[0].note.is_empty(),
        "the dispatcher's words stay internal"
    );
    assert_eq!(public[0].data["reason"], "test");
    change.apply_to(&mut c);
    assert_eq!(
        invalidate(&c, DISPATCHER, NOW, InvalidReason::Test, ""),
        Err(CaseError::Closed)
    );
    assert_eq!(
        rate(
            &c,
            true,
            Satisfaction::Satisfied,
            VerdictSource::Resident,
            NOW,
            7,
            &[]
        ),
        Err(CaseError::InvalidCase),
        "an invalid case takes no verdict"
    );
    assert_eq!(
        restore_invalid(&c, false, ""),
        Err(CaseError::ReviewersOnly)
    );
    restore_invalid(&c, true, "确有诉求")
        .unwrap()
        .apply_to(&mut c);
    assert_eq!(c.status, CaseStatus::Received);
    assert_eq!((c.outcome, c.closed_at), (None, None));
    assert_eq!(restore_invalid(&c, true, ""), Err(CaseError::NotInvalid));
}

#[test]
fn a_dispatched_case_is_not_marked_invalid() {
    use crate::cases::InvalidReason;
    for status in [CaseStatus::Assigned, CaseStatus::InProgress] {
        assert_eq!(
            invalidate(&case(status), DISPATCHER, NOW, InvalidReason::Spam, ""),
            Err(CaseError::NotWaitingForDispatch)
        );
    }
}

#[test]
fn a_dispute_case_follows_its_mediation_on_the_spine() {
    use crate::dispute::{Dispute, Failure, Stage};
    let mut case = case(CaseStatus::Received);
    case.kind = CaseKind::Dispute;
    let mut d = Dispute::filed(case.id.to_string(), "neighbour", "filed", NOW);
    // Filed and evaluated: the dispatcher's work, the case stays in the queue.
    assert!(mediation_on_spine(&case, &d, NOW).is_empty());
    d.stage = Stage::Evaluated;
    assert!(mediation_on_spine(&case, &d, NOW).is_empty());
    // A mediator chosen: in hand, the organisation accountable and the mediator its agent.
    let (org, mediator) = (UnitId::new(), UserId::new());
    d.stage = Stage::AwaitingConsent;
    d.org_id = Some(org);
    d.mediator_id = Some(mediator);
    let set = mediation_on_spine(&case, &d, NOW);
    for f in [
        Field::Status(CaseStatus::InProgress),
        Field::Unit(Some(org)),
        Field::Agent(Some(mediator)),
    ] {
        assert!(set.contains(&f), "{f:?} in {set:?}");
    }
    // Once in hand with that mediator, a step in between changes nothing.
    case.status = CaseStatus::InProgress;
    case.agent_id = Some(mediator);
    d.stage = Stage::Mediating;
    assert!(mediation_on_spine(&case, &d, NOW).is_empty());
    // Ended: an agreement resolves it; a withdrawal is the applicant's; a failed mediation is referred to the
    // other channels (人民调解法 art. 26).
    let ended = |stage, failure| Dispute {
        stage,
        failure,
        ended_at: Some(NOW),
        ..d.clone()
    };
    for (stage, failure, outcome) in [
        (Stage::Agreed, None, Outcome::Resolved),
        (Stage::Failed, Some(Failure::Withdrawn), Outcome::Withdrawn),
        (Stage::Failed, Some(Failure::NoAgreement), Outcome::Referred),
        (Stage::Failed, Some(Failure::Declined), Outcome::Referred),
    ] {
        let set = mediation_on_spine(&case, &ended(stage, failure), NOW);
        assert!(set.contains(&Field::Status(CaseStatus::Closed)), "{set:?}");
        assert!(
            set.contains(&Field::Outcome(Some(outcome), String::new())),
            "{stage:?} {set:?}"
        );
    }
    // Referred at evaluation: closed at once.
    let referred = Dispute {
        stage: Stage::Referred,
        ..Dispute::filed(case.id.to_string(), "labour", "filed", NOW)
    };
    let mut received = case.clone();
    received.status = CaseStatus::Received;
    assert!(
        mediation_on_spine(&received, &referred, NOW).contains(&Field::Status(CaseStatus::Closed))
    );
    // A petition keeps its own procedure; a closed case is left alone.
    let mut petition = case.clone();
    petition.kind = CaseKind::Petition;
    assert!(mediation_on_spine(&petition, &ended(Stage::Agreed, None), NOW).is_empty());
    let mut closed = case.clone();
    closed.status = CaseStatus::Closed;
    assert!(mediation_on_spine(&closed, &ended(Stage::Agreed, None), NOW).is_empty());
}
