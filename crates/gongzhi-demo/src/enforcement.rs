//! The demo district's enforcement cases: a couple of hundred over 2025–2026 under the demo powers, played through
//! the Administrative Penalty Law's rules in `gongzhi_domain::enforcement` on the working-day calendar: a few not
//! filed, some decided on the spot by the simple procedure, some ending in no penalty or a transfer, most notified
//! and decided by the street's head — some after a hearing (requested, noticed seven working days ahead, held) and
//! the legal review, the complex ones collectively — then executed and closed with the measured results the
//! statistics page sums (fines collected, square metres of illegal construction removed, stalls cleared).

use crate::history::{Rng, history_end};
use gongzhi_domain::Millis;
use gongzhi_domain::calendar::{Calendar, start_of};
use gongzhi_domain::enforcement::{
    self, Decision, EnforcementCase, Hearing, HearingRules, PartyKind, Procedure, Proposal, Ruling,
    Stage,
};
use gongzhi_domain::import::{DistrictIndex, HistoricEnforcement};
use gongzhi_domain::powers::{Penalty, Power};

const DAY: Millis = 86_400_000;

const PARTIES: &[&str] = &[
    "某餐饮店",
    "某烧烤摊主",
    "某物业服务企业",
    "某商户",
    "某建筑工程公司",
    "某个体经营者",
    "某小区业主",
];

/// Generates about `n` cases under `powers` (the catalogue's version 1), with the hearing thresholds of `rules`.
pub fn generate_enforcement(
    index: &DistrictIndex,
    powers: &[Power],
    calendar: &Calendar,
    rules: &HearingRules,
    n: usize,
    seed: u64,
) -> Vec<HistoricEnforcement> {
    let mut rng = Rng::new(seed);
    let start = start_of(jiff::civil::date(2025, 1, 1));
    let end = history_end();
    let mut streets: Vec<gongzhi_domain::org::UnitId> =
        index.communities.iter().map(|c| c.street_id).collect();
    streets.sort();
    streets.dedup();
    let mut per_day: std::collections::HashMap<u32, u32> = Default::default();
    let mut opened: Vec<Millis> = (0..n)
        .map(|_| start + rng.below(((end - start) / 1000) as u64) as Millis * 1000)
        .collect();
    opened.sort_unstable();
    let mut out = Vec::new();
    for at in opened {
        let street_id = *rng.pick(&streets);
        let Some(street) = index.units.get(&street_id) else {
            continue;
        };
        let head = street.agents.first().map(|a| a.0);
        let officer = street.agents.get(1).or(street.agents.first()).map(|a| a.0);
        let reviewer = index.legal_reviewers.get(&street_id).copied();
        let power = rng.pick(powers).clone();
        let day = gongzhi_domain::local_yyyymmdd(at);
        let seq = per_day.entry(day).or_insert(0);
        *seq += 1;
        let organisation = rng.chance(0.4);
        let party = (
            if organisation {
                PartyKind::Organisation
            } else {
                PartyKind::Person
            },
            *rng.pick(PARTIES),
        );
        let facts = format!(
            "巡查发现：{}。",
            power
                .name
                .trim_start_matches("对")
                .trim_end_matches("的处罚")
        );
        let mut c = EnforcementCase::opened(
            uuid::Uuid::now_v7().to_string(),
            format!("E{day:08}{seq:04}"),
            street_id,
            (1, &power.code),
            party,
            &facts,
            at,
        );
        c.source = ["patrol", "patrol", "case", "whistle"][rng.below(4) as usize].into();
        c.opened_by = officer;
        // Found within days of the violation: well inside art. 36's two years.
        c.violation_on =
            Some(gongzhi_domain::local_yyyymmdd(at - rng.below(20) as Millis * DAY) as i64);
        let mut events = vec![(at, "opened", officer, String::new())];
        let thresholds = rules.for_power(&power);
        let mut story = |c: &mut EnforcementCase, events: &mut Vec<_>| -> Option<()> {
            // The simple procedure: a warning or a small fine on the spot (arts. 51–52), paid at once.
            let small = match party.0 {
                PartyKind::Person => enforcement::SIMPLE_PERSON_FEN,
                PartyKind::Organisation => enforcement::SIMPLE_ORGANISATION_FEN,
            };
            let spot = if power.penalties.contains(&Penalty::Warning) {
                Some((Penalty::Warning, None))
            } else if power.allows_fine(power.fine_min_fen.unwrap_or(small).min(small))
                && power.fine_min_fen.unwrap_or(small) <= small
            {
                Some((
                    Penalty::Fine,
                    Some(power.fine_min_fen.unwrap_or(small).min(small)),
                ))
            } else {
                None
            };
            let spot = spot.filter(|&(kind, fine)| {
                enforcement::check_simple(&power, party.0, kind, fine, None).is_ok()
            });
            if let Some((kind, fine)) = spot.filter(|_| rng.chance(0.1)) {
                c.procedure = Procedure::Simple;
                (c.stage, c.filed_at, c.filed_by) = (Stage::Decided, Some(at), officer);
                (c.decided_at, c.decided_by, c.ruling) = (Some(at), officer, Some(Ruling::Penalty));
                (c.decision_kind, c.fine_fen) = (Some(kind), fine);
                events.push((
                    at,
                    "decided_on_the_spot",
                    officer,
                    "当事人当场陈述，无异议。".to_owned(),
                ));
                let t = at + 3_600_000;
                // The decision handed over on the spot (art. 52), a fine paid there.
                c.served_at = Some(at);
                if let Some(f) = fine {
                    c.payment_due_at = Some(enforcement::payment_due(at, calendar));
                    (c.paid_fen, c.paid_at) = (Some(f), Some(t));
                }
                c.stage = Stage::Executed;
                c.executed_at = Some(t);
                c.fine_collected_fen = fine.unwrap_or(0);
                c.execution = "当场履行。".into();
                events.push((t, "executed", officer, c.execution.clone()));
                c.stage = Stage::Closed;
                c.closed_at = Some(t + DAY);
                events.push((t + DAY, "closed", officer, String::new()));
                return Some(());
            }
            let mut t = at + (1 + rng.below(3) as Millis) * DAY;
            if t >= end {
                return None;
            }
            if rng.chance(0.05) {
                c.stage = Stage::Dropped;
                events.push((t, "dropped", head, "证据不足，不予立案。".to_owned()));
                return None;
            }
            let (stage, due) = enforcement::file(c, true, true, t).ok()?;
            (c.stage, c.filed_at, c.filed_by, c.decision_due_at) = (stage, Some(t), head, due);
            events.push((t, "filed", head, String::new()));
            t += (2 + rng.below(15) as Millis) * DAY;
            if t >= end {
                return None;
            }
            events.push((t, "evidence", officer, "现场检查笔录、照片。".to_owned()));
            // A minor first offence corrected in time (art. 33), or a matter for the police (art. 27).
            let roll = rng.below(100);
            if roll < 10 {
                t += DAY;
                if t >= end {
                    return None;
                }
                let d = if roll < 8 {
                    Decision::NoPenalty
                } else {
                    Decision::Transfer
                };
                enforcement::decide(c, &power, &d, None, true, false, t).ok()?;
                (c.stage, c.decided_at, c.decided_by, c.ruling) =
                    (Stage::Closed, Some(t), head, Some(d.ruling()));
                c.closed_at = Some(t);
                let note = if d == Decision::NoPenalty {
                    "初次违法且危害后果轻微，已及时改正，依法不予行政处罚。"
                } else {
                    c.transfer_to = "石景山公安分局".into();
                    "涉嫌违反治安管理，移送公安机关。"
                };
                events.push((t, d.ruling().event(), head, note.to_owned()));
                return Some(());
            }
            // Illegal construction: an order to demolish within 15 days (行政处罚法 art. 28), not a penalty; most
            // parties demolish themselves, the others are warned (行政强制法 art. 35), the demolition announced
            // (art. 44), and forced only once the periods to challenge have run out.
            if power.penalties.contains(&Penalty::Demolition) && rng.chance(0.6) {
                t += DAY;
                if t >= end {
                    return None;
                }
                let days = 15;
                enforcement::decide(
                    c,
                    &power,
                    &Decision::Order,
                    Some((Penalty::Demolition, days)),
                    true,
                    false,
                    t,
                )
                .ok()?;
                (c.stage, c.decided_at, c.decided_by, c.ruling) =
                    (Stage::Decided, Some(t), head, Some(Ruling::Order));
                c.order_kind = Some(Penalty::Demolition);
                c.order_due_at = Some(enforcement::days_after(t, days, calendar));
                c.social_impact = rng.chance(0.3);
                events.push((
                    t,
                    "ordered",
                    head,
                    "责令十五日内自行拆除违法建设。".to_owned(),
                ));
                t += DAY;
                if t >= end {
                    return None;
                }
                c.served_at = Some(t);
                events.push((t, "served", officer, String::new()));
                publish(c, events, &mut rng, calendar, officer, end);
                let sqm = (5 + rng.below(300) as i64) * 100;
                if rng.chance(0.7) {
                    t += rng.below(12) as Millis * DAY;
                    if t >= end {
                        return None;
                    }
                    (c.stage, c.executed_at, c.removed_sqm_x100) = (Stage::Executed, Some(t), sqm);
                    c.execution = "当事人已在期限内自行拆除。".into();
                    events.push((t, "executed", officer, c.execution.clone()));
                } else {
                    t = c.order_due_at? + 9 * 3_600_000;
                    if t >= end {
                        return None;
                    }
                    c.warning_due_at = Some(enforcement::warn(c, calendar, t).ok()?);
                    c.warned_at = Some(t);
                    events.push((t, "warned", officer, "催告书已送达。".to_owned()));
                    t = c.warning_due_at? + 9 * 3_600_000;
                    if t >= end {
                        return None;
                    }
                    c.announcement_due_at = Some(enforcement::announce(c, 10, calendar, t).ok()?);
                    c.announced_at = Some(t);
                    events.push((
                        t,
                        "announced",
                        officer,
                        "在违法建设所在地张贴公告。".to_owned(),
                    ));
                    t = c
                        .announcement_due_at?
                        .max(enforcement::challenge_periods_end(c, calendar)?)
                        + 9 * 3_600_000;
                    if t >= end {
                        return None;
                    }
                    enforcement::may_execute(c, true, calendar, t).ok()?;
                    (c.stage, c.executed_at, c.removed_sqm_x100, c.forced) =
                        (Stage::Executed, Some(t), sqm, true);
                    c.execution = "当事人逾期未拆除，依法强制拆除。".into();
                    events.push((t, "executed_forced", officer, c.execution.clone()));
                }
                t += (1 + rng.below(5) as Millis) * DAY;
                if t >= end {
                    return None;
                }
                (c.stage, c.closed_at) = (Stage::Closed, Some(t));
                events.push((t, "closed", officer, String::new()));
                return Some(());
            }
            let kind = if power.penalties.contains(&Penalty::Fine) {
                Penalty::Fine
            } else if power.penalties.contains(&Penalty::Warning) {
                Penalty::Warning
            } else {
                return None;
            };
            // A fine within the power's range — or, where its discretion standard has lines for the party, within
            // one of them, at that line's grade (行政处罚法 art. 34).
            let lines: Vec<gongzhi_domain::powers::FineRange> = power
                .fines
                .iter()
                .copied()
                .filter(|f| f.party.is_none_or(|p| p == party.0))
                .collect();
            let kind = if kind == Penalty::Fine && !power.fines.is_empty() && lines.is_empty() {
                // The standard fines only the other kind of party.
                if power.penalties.contains(&Penalty::Warning) {
                    Penalty::Warning
                } else {
                    return None;
                }
            } else {
                kind
            };
            let (fine, grade) = if kind != Penalty::Fine {
                (None, None)
            } else if let Some(line) = (!lines.is_empty()).then(|| *rng.pick(&lines)) {
                let f =
                    line.min_fen + rng.below((line.max_fen - line.min_fen).max(1) as u64) as Millis;
                (Some((f / 100 * 100).max(line.min_fen)), line.grade)
            } else {
                let min = power.fine_min_fen.unwrap_or(100_000);
                let max = power.fine_max_fen.unwrap_or(min.max(100_000) * 10);
                (
                    Some((min + rng.below((max - min).max(1) as u64) as Millis) / 100 * 100),
                    None,
                )
            };
            let proposal = Proposal {
                kind,
                fine_fen: fine,
                confiscated_fen: None,
                grade,
            };
            t += DAY;
            let complex = rng.chance(0.1);
            let notice = enforcement::notify(c, &power, proposal, thresholds, calendar, t).ok()?;
            c.stage = Stage::Notified;
            (c.notified_at, c.notified_by, c.complex) = (Some(t), officer, complex);
            (c.defence_due_at, c.hearing, c.hearing_due_at) = (
                Some(notice.defence_due_at),
                notice.hearing,
                notice.hearing_due_at,
            );
            (c.proposed_kind, c.proposed_fine_fen, c.grade) = (Some(kind), fine, grade);
            events.push((t, "notified", officer, String::new()));
            t = notice.defence_due_at + (1 + rng.below(3) as Millis) * DAY;
            if c.hearing == Hearing::Offered {
                if rng.chance(0.5) {
                    let asked = notice.defence_due_at - DAY;
                    enforcement::request_hearing(c, asked).ok()?;
                    c.hearing = Hearing::Requested;
                    events.push((asked, "hearing_requested", officer, String::new()));
                    let noticed = asked + DAY;
                    let held = calendar
                        .deadline(noticed, enforcement::HEARING_NOTICE_DAYS)
                        .at
                        + 9 * 3_600_000;
                    let investigators: Vec<_> = officer.into_iter().collect();
                    enforcement::schedule_hearing(
                        c,
                        held,
                        head?,
                        &investigators,
                        calendar,
                        noticed,
                    )
                    .ok()?;
                    (c.hearing, c.hearing_at, c.hearing_presided_by) =
                        (Hearing::Scheduled, Some(held), head);
                    events.push((noticed, "hearing_noticed", officer, String::new()));
                    if held >= end {
                        return None;
                    }
                    enforcement::hold_hearing(c, held).ok()?;
                    c.hearing = Hearing::Held;
                    c.hearing_record = "当事人到场陈述申辩，调查人员出示证据，双方质证。".into();
                    events.push((held, "hearing_held", head, String::new()));
                    t = held + (1 + rng.below(5) as Millis) * DAY;
                } else {
                    t = t.max(notice.hearing_due_at.unwrap_or(t));
                }
            }
            if t >= end {
                return None;
            }
            if c.review_needed() {
                enforcement::review(c, true, t).ok()?;
                (c.review_approved, c.reviewed_at, c.reviewed_by) = (Some(true), Some(t), reviewer);
                c.review_note = "事实清楚，证据确凿，程序合法，适用依据正确。".into();
                events.push((t, "reviewed", reviewer, c.review_note.clone()));
                t += DAY;
            }
            // After the defence, sometimes a lighter fine than the one notified (never a heavier one: art. 45).
            let decided_fine = fine.map(|f| {
                let lighter = (f * 8 / 10) / 100 * 100;
                if rng.chance(0.2) && power.check_fine(party.0, grade, lighter).is_ok() {
                    lighter
                } else {
                    f
                }
            });
            let d = Decision::Penalty(Proposal {
                fine_fen: decided_fine,
                ..proposal
            });
            // With the fine, an order to correct where the power has one (art. 28).
            let order = power
                .penalties
                .contains(&Penalty::Correction)
                .then_some((Penalty::Correction, 10))
                .filter(|_| rng.chance(0.5));
            enforcement::decide(c, &power, &d, order, true, complex, t).ok()?;
            if let Some((kind, days)) = order {
                c.order_kind = Some(kind);
                c.order_due_at = Some(enforcement::days_after(t, days, calendar));
            }
            c.social_impact = rng.chance(0.2);
            (c.stage, c.decided_at, c.decided_by, c.ruling, c.collective) = (
                Stage::Decided,
                Some(t),
                head,
                Some(Ruling::Penalty),
                complex,
            );
            (c.decision_kind, c.fine_fen) = (Some(kind), decided_fine);
            events.push((t, "decided", head, String::new()));
            // Served the next day (art. 61); a fine paid within its 15 days (art. 67) or, now and then, late with
            // 3% a day (art. 72).
            t += DAY;
            if t >= end {
                return None;
            }
            c.served_at = Some(t);
            events.push((t, "served", officer, String::new()));
            publish(c, events, &mut rng, calendar, officer, end);
            // Now and then the party asks for 复议 (行政复议法 art. 20), which mostly upholds the decision.
            if rng.chance(0.06) {
                let filed = t + (5 + rng.below(40) as Millis) * DAY;
                let resolved = filed + (30 + rng.below(30) as Millis) * DAY;
                if resolved < end {
                    c.challenge = Some(enforcement::Challenge::Reconsideration);
                    (c.challenge_filed_at, c.challenge_resolved_at) = (Some(filed), Some(resolved));
                    c.challenge_outcome = Some(if rng.chance(0.8) {
                        enforcement::ChallengeOutcome::Upheld
                    } else {
                        enforcement::ChallengeOutcome::Altered
                    });
                    events.push((
                        filed,
                        "challenge_filed",
                        officer,
                        "当事人向区人民政府申请行政复议。".to_owned(),
                    ));
                    events.push((resolved, "challenge_resolved", officer, String::new()));
                    if c.challenge_outcome == Some(enforcement::ChallengeOutcome::Altered)
                        && c.published_at.is_some()
                    {
                        c.publication_withdrawn_at = Some(resolved);
                    }
                }
            }
            if let Some(f) = decided_fine {
                let due = enforcement::payment_due(t, calendar);
                c.payment_due_at = Some(due);
                let paid_at = if rng.chance(0.15) {
                    due + (1 + rng.below(10) as Millis) * DAY
                } else {
                    t + rng.below(10) as Millis * DAY
                };
                if paid_at >= end {
                    return None;
                }
                c.late_fen = enforcement::late_penalty(f, due, paid_at);
                (c.paid_fen, c.paid_at) = (Some(f), Some(paid_at));
                events.push((paid_at, "paid", officer, String::new()));
                t = paid_at;
            }
            t += (1 + rng.below(15) as Millis) * DAY;
            if t >= end {
                return None;
            }
            c.stage = Stage::Executed;
            c.executed_at = Some(t);
            c.fine_collected_fen = decided_fine.unwrap_or(0) + c.late_fen;
            if power.penalties.contains(&Penalty::Demolition) {
                c.removed_sqm_x100 = (5 + rng.below(300) as i64) * 100;
            }
            if matches!(
                power.code.as_str(),
                "SJS-CG-002" | "SJS-CG-013" | "SJS-CG-003"
            ) {
                c.stalls_cleared = 1 + rng.below(4) as i64;
            }
            c.execution = "已履行处罚决定。".into();
            events.push((t, "executed", officer, c.execution.clone()));
            t += (1 + rng.below(5) as Millis) * DAY;
            if t >= end {
                return None;
            }
            c.stage = Stage::Closed;
            c.closed_at = Some(t);
            events.push((t, "closed", officer, String::new()));
            Some(())
        };
        let _ = story(&mut c, &mut events);
        out.push(HistoricEnforcement { case: c, events });
    }
    out
}

/// A decision with social impact is published within seven working days (国办发〔2018〕118号), now and then a few
/// days late; the entry is timed after the decision's service.
fn publish(
    c: &mut EnforcementCase,
    events: &mut Vec<(
        Millis,
        &'static str,
        Option<gongzhi_domain::org::UserId>,
        String,
    )>,
    rng: &mut Rng,
    calendar: &Calendar,
    officer: Option<gongzhi_domain::org::UserId>,
    end: Millis,
) {
    let (true, Some(decided)) = (c.social_impact, c.decided_at) else {
        return;
    };
    let at = calendar.deadline(decided, 1 + rng.below(9) as u32).at - 3 * 3_600_000;
    if at < end && enforcement::publish(c).is_ok() {
        c.published_at = Some(at);
        events.push((at, "published", officer, String::new()));
    }
}

#[cfg(test)]
mod tests {
    use gongzhi_domain::enforcement;
    #[test]
    fn most_cases_run_their_course_within_the_powers() {
        let index = crate::history::tests::index();
        let powers = crate::powers::powers();
        let calendar = gongzhi_domain::calendar::Calendar::shipped();
        let rules =
            gongzhi_domain::enforcement::HearingRules::parse("* 10000 100000; dept.zjw 3000 50000")
                .unwrap();
        let cases = super::generate_enforcement(&index, &powers, &calendar, &rules, 300, 3);
        assert!(
            cases
                .iter()
                .filter(|c| c.case.stage == super::Stage::Closed)
                .count()
                > 200
        );
        assert!(cases.iter().any(|c| c.case.stage == super::Stage::Dropped));
        // Every outcome the law has, and a hearing held and reviewed before its decision.
        let any = |f: &dyn Fn(&super::EnforcementCase) -> bool| cases.iter().any(|c| f(&c.case));
        assert!(any(&|c| c.procedure == super::Procedure::Simple));
        assert!(any(&|c| c.ruling == Some(super::Ruling::NoPenalty)));
        assert!(any(
            &|c| c.ruling == Some(super::Ruling::Transfer) && !c.transfer_to.is_empty()
        ));
        assert!(any(&|c| c.hearing == super::Hearing::Held
            && c.review_approved == Some(true)
            && c.decided_at > c.reviewed_at));
        assert!(any(&|c| c.complex && c.collective));
        assert!(any(&|c| c.late_fen > 0 && c.paid_at > c.payment_due_at));
        // Orders, and the Administrative Compulsion Law before a forced demolition.
        assert!(any(&|c| c.ruling == Some(super::Ruling::Order)
            && c.order_kind == Some(super::Penalty::Demolition)
            && !c.forced
            && c.executed_at.is_some()));
        assert!(any(&|c| c.order_kind == Some(super::Penalty::Correction)
            && c.ruling == Some(super::Ruling::Penalty)));
        assert!(any(&|c| c.forced
            && c.warned_at.is_some()
            && c.announced_at.is_some()
            && c.executed_at
                >= enforcement::challenge_periods_end(c, &calendar)
                    .max(c.announcement_due_at)));
        assert!(any(&|c| c.published_at.is_some()
            && enforcement::publication_late(
                c,
                &calendar,
                c.published_at.unwrap()
            )));
        assert!(any(&|c| c.published_at.is_some()
            && !enforcement::publication_late(
                c,
                &calendar,
                c.published_at.unwrap()
            )));
        assert!(any(&|c| c.challenge_outcome.is_some()));
        // Fines under a graded discretion standard carry their grade (行政处罚法 art. 34).
        assert!(any(&|c| c.grade.is_some() && c.fine_fen.is_some()));
        for c in cases.iter().map(|c| &c.case) {
            // Never heavier than notified (行政处罚法 art. 45); by the head in the general procedure (art. 57).
            // An order is never the penalty (行政处罚法 art. 28).
            assert!(
                !c.decision_kind.is_some_and(|k| k.is_order()),
                "{}",
                c.enforcement_no
            );
            if c.procedure == super::Procedure::General && c.ruling == Some(super::Ruling::Penalty)
            {
                assert!(c.fine_fen <= c.proposed_fine_fen, "{}", c.enforcement_no);
                assert_eq!(c.decision_kind, c.proposed_kind);
                assert_ne!(c.decided_by, c.opened_by, "{}", c.enforcement_no);
            }
        }
        for c in &cases {
            if let Some(f) = c.case.fine_fen {
                let p = powers.iter().find(|p| p.code == c.case.power_code).unwrap();
                assert!(
                    p.check_fine(c.case.party_kind, c.case.grade, f).is_ok(),
                    "{} {f} {:?}",
                    p.code,
                    c.case.grade
                );
            }
        }
        assert!(
            cases.iter().map(|c| c.case.removed_sqm_x100).sum::<i64>() > 0
                && cases.iter().map(|c| c.case.stalls_cleared).sum::<i64>() > 0
        );
    }
}
