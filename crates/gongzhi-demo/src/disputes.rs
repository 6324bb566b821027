//! The demo district's mediation records: one for every dispute case of the history, played through the rules of
//! `dispute` — evaluation and its recommended channel, a proposed mediator of the right field and area, the
//! respondent's answer, sessions (some by video) with minutes, an agreement or a failure consistent with the case's
//! verdict, judicial confirmation of some agreements and suits after some failures, and the parties' ratings.

use crate::history::Rng;
use gongzhi_domain::Millis;
use gongzhi_domain::dispute::{
    self, Candidate, Channel, ChosenBy, Complexity, Dispute, EvaluationInput, Failure, Party,
    PartyRole, Publication, Risk, Session, SessionMode, Stage, Term, Urgency,
};
use gongzhi_domain::enforcement::PartyKind;
use gongzhi_domain::import::{DisputeCaseRef, HistoricDispute};
use gongzhi_domain::org::UserId;

const DAY: Millis = 86_400_000;
const HOUR: Millis = 3_600_000;

fn type_for(rng: &mut Rng, category: Option<&str>) -> &'static str {
    match category {
        Some("K01" | "D06" | "K02" | "D04") => "neighbour",
        Some("K06") => "family",
        Some("D02" | "D01" | "D09") => "property",
        Some("D08") => "tenancy",
        Some("G03" | "G04") => "consumer",
        Some("H01" | "H02") => "labour",
        _ => ["medical", "traffic", "neighbour", "other", "family"][rng.below(5) as usize],
    }
}

fn field_of(ty: &str) -> &'static str {
    gongzhi_domain::dispute::TYPES
        .iter()
        .find(|t| t.0 == ty)
        .map(|t| t.2)
        .unwrap_or("")
}

/// Amounts in yuan by type: (share of disputes with an amount, low, high).
fn amount_for(rng: &mut Rng, ty: &str) -> Option<i64> {
    let (share, low, high) = match ty {
        "neighbour" => (0.6, 300, 20_000),
        "family" => (0.2, 5_000, 200_000),
        "property" => (0.8, 500, 30_000),
        "tenancy" => (0.9, 1_000, 40_000),
        "consumer" => (0.95, 100, 10_000),
        "labour" => (0.95, 2_000, 80_000),
        "medical" => (0.9, 10_000, 600_000),
        "traffic" => (0.9, 3_000, 150_000),
        _ => (0.4, 500, 50_000),
    };
    if !rng.chance(share) {
        return None;
    }
    let yuan = low + rng.below((high - low) as u64) as i64;
    // Round to tens of yuan like real claims, with the odd exact figure.
    Some(if rng.chance(0.8) {
        yuan / 10 * 1000
    } else {
        yuan * 100 + rng.below(100) as i64
    })
}

const RESPONDENTS: &[(&str, &[(&str, bool)])] = &[
    (
        "neighbour",
        &[
            ("楼上住户", false),
            ("对门邻居", false),
            ("隔壁住户", false),
            ("楼下商户", true),
        ],
    ),
    (
        "family",
        &[("配偶", false), ("子女", false), ("兄弟姐妹", false)],
    ),
    (
        "property",
        &[("某物业服务有限公司", true), ("小区物业服务中心", true)],
    ),
    (
        "tenancy",
        &[("房东", false), ("某房屋中介公司", true), ("承租人", false)],
    ),
    (
        "consumer",
        &[
            ("某健身会所", true),
            ("某教育培训机构", true),
            ("某餐饮店", true),
            ("某网店商家", true),
        ],
    ),
    (
        "labour",
        &[
            ("某建筑劳务公司", true),
            ("某餐饮管理公司", true),
            ("某商贸公司", true),
        ],
    ),
    (
        "medical",
        &[
            ("某医院", true),
            ("某社区卫生服务中心", true),
            ("某口腔诊所", true),
        ],
    ),
    ("traffic", &[("对方驾驶人", false), ("某运输公司", true)]),
    ("other", &[("对方当事人", false), ("某公司", true)]),
];

const FAMILY_NAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高",
];

fn respondent(rng: &mut Rng, ty: &str) -> Party {
    let list = RESPONDENTS
        .iter()
        .find(|r| r.0 == ty)
        .map(|r| r.1)
        .unwrap_or(RESPONDENTS[8].1);
    let (label, organisation) = *rng.pick(list);
    let name = if organisation {
        label.to_owned()
    } else {
        format!("{label}{}某", rng.pick(FAMILY_NAMES))
    };
    let phone = if organisation || rng.chance(0.3) {
        String::new()
    } else {
        format!("13{}{:08}", 5 + rng.below(5), rng.below(100_000_000))
    };
    Party {
        role: PartyRole::Respondent,
        kind: if organisation {
            PartyKind::Organisation
        } else {
            PartyKind::Person
        },
        name,
        phone,
    }
}

fn terms_for(rng: &mut Rng, ty: &str, amount: Option<i64>, end: Millis) -> Vec<Term> {
    let due = |rng: &mut Rng| {
        gongzhi_domain::calendar::local_date(end + (7 + rng.below(30) as Millis) * DAY).to_string()
    };
    let pay = amount
        .map(|a| (a * (50 + rng.below(51) as i64) / 100) / 1000 * 1000)
        .filter(|a| *a > 0);
    let mut out = Vec::new();
    let action = match ty {
        "neighbour" => "被申请人修复漏水、停止噪声等侵扰行为",
        "family" => "双方就赡养、探视等事项按约定执行",
        "property" => "物业公司整改服务问题，业主按约定缴纳物业费",
        "tenancy" => "双方解除租赁合同，房东退还押金",
        "consumer" => "商家退还预付费用",
        "labour" => "用人单位支付拖欠的工资及经济补偿",
        "medical" => "医疗机构给予一次性补偿",
        "traffic" => "责任方赔偿车辆维修及误工损失",
        _ => "双方按约定履行",
    };
    out.push(Term {
        text: action.to_owned(),
        amount_fen: None,
        due_date: Some(due(rng)),
        ..Default::default()
    });
    if let Some(p) = pay {
        out.push(Term {
            text: "一次性支付款项".to_owned(),
            amount_fen: Some(p),
            due_date: Some(due(rng)),
            ..Default::default()
        });
    }
    out.push(Term {
        text: "双方就本纠纷再无其他争议".to_owned(),
        amount_fen: None,
        due_date: None,
        ..Default::default()
    });
    out
}

/// Plays every dispute case through the rules. `mediators` are the demo's (their record is made here), `dispatcher`
/// evaluates, `court` is the court's clerk; nothing happens after `end`.
pub fn generate_disputes(
    cases: &[DisputeCaseRef],
    mediators: &[Candidate],
    dispatcher: UserId,
    court: Option<UserId>,
    end: Millis,
    seed: u64,
) -> Vec<HistoricDispute> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(cases.len());
    let mut court_seq = 0u32;
    for c in cases {
        let ty = type_for(&mut rng, c.category.as_deref());
        let amount_fen = amount_for(&mut rng, ty);
        let mut d = Dispute {
            street_id: c.street_id,
            amount_fen,
            facts: c.description.clone(),
            claims: "请求依法调解，维护合法权益。".into(),
            ..Dispute::filed(c.case_id.clone(), ty, "filed", c.received_at)
        };
        let applicant = Party {
            role: PartyRole::Applicant,
            kind: PartyKind::Person,
            name: if c.resident_name.is_empty() {
                "匿名".into()
            } else {
                c.resident_name.clone()
            },
            phone: c.phone.clone(),
        };
        let parties = vec![applicant, respondent(&mut rng, ty)];
        let mut sessions = Vec::new();
        let mut events = Vec::new();
        // Planned on the mediation's own days; a case closed sooner has its mediation fitted into its life below.
        let limit = end;
        let mut t = c.received_at + (4 + rng.below(40) as Millis) * HOUR;
        if t >= limit {
            out.push(HistoricDispute {
                dispute: d,
                parties,
                sessions,
                events,
            });
            continue;
        }
        // Evaluation.
        let complexity = match rng.below(20) {
            0..=9 => Complexity::Low,
            10..=16 => Complexity::Medium,
            _ => Complexity::High,
        };
        let mut risks = Vec::new();
        if rng.chance(0.08) {
            risks.push(Risk::Repeated);
        }
        if rng.chance(0.04) {
            risks.push(Risk::Vulnerable);
        }
        if rng.chance(0.02) {
            risks.push(Risk::ManyPeople);
        }
        let (recommended, rule) = dispute::recommend(&EvaluationInput {
            field: field_of(ty),
            amount_fen,
            risks: &risks,
            complexity,
        });
        // Evaluators mostly take the recommendation; now and then a lawyer is preferred for a complex matter.
        let channel = if recommended == Channel::Peoples
            && complexity == Complexity::Medium
            && rng.chance(0.1)
        {
            Channel::Lawyer
        } else {
            recommended
        };
        d.urgency = Some(if rng.chance(0.1) {
            Urgency::Urgent
        } else {
            Urgency::Normal
        });
        d.risks = risks;
        d.complexity = Some(complexity);
        d.recommended = Some(recommended);
        d.channel = Some(channel);
        if channel != recommended {
            d.channel_reason = "当事人希望由律师主持调解".into();
        }
        d.evaluated_at = Some(t);
        d.stage = if channel.mediates() {
            Stage::Evaluated
        } else {
            Stage::Referred
        };
        events.push((
            t,
            "dispute_evaluated",
            true,
            Some(dispatcher),
            String::new(),
        ));
        let _ = rule;
        if !channel.mediates() {
            // Referred: some go to court and come back judged.
            if rng.chance(0.6) {
                t += (2 + rng.below(10) as Millis) * DAY;
                if t < limit {
                    court_seq += 1;
                    d.stage = Stage::Litigation;
                    d.litigation_at = Some(t);
                    d.court_no = format!(
                        "({})京0107民初{}号",
                        gongzhi_domain::calendar::local_date(t).year(),
                        1000 + court_seq
                    );
                    events.push((t, "litigation_filed", true, Some(dispatcher), String::new()));
                    events.push((
                        t + DAY,
                        "litigation_registered",
                        true,
                        court,
                        d.court_no.clone(),
                    ));
                    let judged = t + (30 + rng.below(60) as Millis) * DAY;
                    if judged < end {
                        d.stage = Stage::Judged;
                        d.court_result = "判决已生效".into();
                        events.push((
                            judged,
                            "litigation_judged",
                            true,
                            court,
                            d.court_result.clone(),
                        ));
                    }
                }
            }
            out.push(HistoricDispute {
                dispute: d,
                parties,
                sessions,
                events,
            });
            continue;
        }
        // The mediator: one of the first three proposed, so the load spreads.
        let proposals = dispute::propose(ty, c.street_id, Some(channel), mediators, 3);
        let Some(p) = (if proposals.is_empty() {
            None
        } else {
            Some(
                proposals[rng.below(proposals.len() as u64) as usize]
                    .candidate
                    .clone(),
            )
        }) else {
            out.push(HistoricDispute {
                dispute: d,
                parties,
                sessions,
                events,
            });
            continue;
        };
        t += (2 + rng.below(30) as Millis) * HOUR;
        if t >= limit {
            out.push(HistoricDispute {
                dispute: d,
                parties,
                sessions,
                events,
            });
            continue;
        }
        d.org_id = Some(p.org_id);
        d.mediator_id = Some(p.user_id);
        d.chosen_by = Some(if rng.chance(0.35) {
            ChosenBy::Applicant
        } else {
            ChosenBy::Proposal
        });
        d.stage = Stage::AwaitingConsent;
        d.consent_due_at = Some(t + 5 * DAY);
        events.push((
            t,
            "dispute_mediator",
            true,
            Some(dispatcher),
            format!("{}（{}）", p.name, p.org_name),
        ));
        let mediator = Some(p.user_id);
        // The respondent's answer.
        let answer = match rng.below(100) {
            0..=7 => None,
            8..=10 => Some(false),
            _ => Some(true),
        };
        match answer {
            Some(false) => {
                t += (1 + rng.below(4) as Millis) * DAY;
                if t < limit {
                    d.stage = Stage::Failed;
                    d.failure = Some(Failure::Declined);
                    d.ended_at = Some(t);
                    events.push((
                        t,
                        "dispute_declined",
                        true,
                        mediator,
                        "被申请人拒绝调解".into(),
                    ));
                }
            }
            None => {
                let due = t + 5 * DAY;
                if due <= end {
                    d.stage = Stage::Failed;
                    d.failure = Some(Failure::NoReply);
                    d.ended_at = Some(due);
                    events.push((due, "dispute_no_reply", true, None, String::new()));
                }
            }
            Some(true) => {
                t += (6 + rng.below(60) as Millis) * HOUR;
                if t >= limit {
                    out.push(HistoricDispute {
                        dispute: d,
                        parties,
                        sessions,
                        events,
                    });
                    continue;
                }
                d.stage = Stage::Mediating;
                d.consented_at = Some(t);
                // Labour mediation has 15 days (劳动争议调解仲裁法 art. 14), the others 30.
                d.mediation_due_at = Some(t + if ty == "labour" { 15 } else { 30 } * DAY);
                events.push((t, "dispute_consented", true, mediator, String::new()));
                // Sessions: one to three, a third by video.
                let n = 1 + rng.below(3);
                let mut s_at = t;
                for i in 0..n {
                    s_at += (1 + rng.below(8) as Millis) * DAY;
                    if s_at >= limit {
                        break;
                    }
                    let video = rng.chance(0.33);
                    sessions.push(Session {
                        id: format!("{}-s{i}", c.case_id),
                        scheduled_at: s_at,
                        mode: if video {
                            SessionMode::Video
                        } else {
                            SessionMode::InPerson
                        },
                        place: if video {
                            String::new()
                        } else {
                            format!("{}调解室", p.org_name)
                        },
                        video_link: if video {
                            "https://meeting.example.gov.cn/odr".into()
                        } else {
                            String::new()
                        },
                        minutes: [
                            "双方陈述事实和诉求，调解员释法明理。",
                            "双方就赔偿金额进一步协商，差距缩小。",
                            "双方达成一致意见。",
                        ][(i as usize).min(2)]
                        .into(),
                        private_applicant: String::new(),
                        private_respondent: String::new(),
                        held_at: Some(s_at + 2 * HOUR),
                    });
                    events.push((s_at - DAY, "dispute_session", true, mediator, String::new()));
                    events.push((
                        s_at + 2 * HOUR,
                        "dispute_minutes",
                        true,
                        mediator,
                        String::new(),
                    ));
                }
                let end_at = (s_at + 3 * HOUR).max(t + DAY);
                if end_at >= limit {
                    out.push(HistoricDispute {
                        dispute: d,
                        parties,
                        sessions,
                        events,
                    });
                    continue;
                }
                // Settled unless the resident said it was not resolved, or one in eight anyway; lawyers and
                // professional bodies settle a little more often.
                let base = match p.category {
                    dispute::OrgCategory::Peoples => 0.86,
                    dispute::OrgCategory::Professional => 0.9,
                    dispute::OrgCategory::Lawyer => 0.88,
                };
                let settled = c.resolved != Some(false) && rng.chance(base);
                d.ended_at = Some(end_at);
                if settled {
                    d.stage = Stage::Agreed;
                    d.terms = terms_for(&mut rng, ty, amount_fen, end_at);
                    d.agreement_text = "经调解，双方自愿达成如下协议。".into();
                    events.push((end_at, "dispute_agreed", true, mediator, String::new()));
                    // Some agreements go to the court for confirmation.
                    if rng.chance(0.25) {
                        let applied = end_at + (1 + rng.below(20) as Millis) * DAY;
                        if applied < end {
                            d.stage = Stage::ConfirmationApplied;
                            d.confirmation_applied_at = Some(applied);
                            d.confirmation_accept_due_at =
                                Some(applied + dispute::COURT_ACCEPT_DAYS * DAY);
                            events.push((
                                applied,
                                "confirmation_applied",
                                true,
                                mediator,
                                String::new(),
                            ));
                            let accepted = applied + (1 + rng.below(3) as Millis) * DAY;
                            if accepted < end {
                                d.stage = Stage::ConfirmationAccepted;
                                d.confirmation_accepted_at = Some(accepted);
                                d.confirmation_rule_due_at =
                                    Some(accepted + dispute::COURT_RULE_DAYS * DAY);
                                events.push((
                                    accepted,
                                    "confirmation_accepted",
                                    true,
                                    court,
                                    String::new(),
                                ));
                                let ruled = accepted + (3 + rng.below(12) as Millis) * DAY;
                                if ruled < end {
                                    let ok = rng.chance(0.97);
                                    d.stage = if ok {
                                        Stage::Confirmed
                                    } else {
                                        Stage::NotConfirmed
                                    };
                                    d.confirmation_ruled_at = Some(ruled);
                                    events.push((
                                        ruled,
                                        if ok {
                                            "confirmation_confirmed"
                                        } else {
                                            "confirmation_not_confirmed"
                                        },
                                        true,
                                        court,
                                        String::new(),
                                    ));
                                }
                            }
                        }
                    }
                } else {
                    d.stage = Stage::Failed;
                    d.failure = Some(if rng.chance(0.8) {
                        Failure::NoAgreement
                    } else {
                        Failure::TimedOut
                    });
                    d.failure_note = "双方分歧较大，未能达成一致。".into();
                    events.push((
                        end_at,
                        "dispute_failed",
                        true,
                        mediator,
                        d.failure_note.clone(),
                    ));
                    if rng.chance(0.3) {
                        let filed = end_at + (3 + rng.below(20) as Millis) * DAY;
                        if filed < end {
                            court_seq += 1;
                            d.stage = Stage::Litigation;
                            d.litigation_at = Some(filed);
                            d.court_no = format!(
                                "({})京0107民初{}号",
                                gongzhi_domain::calendar::local_date(filed).year(),
                                1000 + court_seq
                            );
                            events.push((filed, "litigation_filed", true, mediator, String::new()));
                            events.push((
                                filed + DAY,
                                "litigation_registered",
                                true,
                                court,
                                d.court_no.clone(),
                            ));
                            let judged = filed + (30 + rng.below(60) as Millis) * DAY;
                            if judged < end {
                                d.stage = Stage::Judged;
                                d.court_result = "调解撤诉".into();
                                events.push((
                                    judged,
                                    "litigation_judged",
                                    true,
                                    court,
                                    d.court_result.clone(),
                                ));
                            }
                        }
                    }
                }
                // Parties rate seven in ten mediations, mostly well.
                if rng.chance(0.7) {
                    d.rating = Some(if settled {
                        [5, 5, 5, 4, 4, 3][rng.below(6) as usize]
                    } else {
                        [4, 3, 3, 2, 5][rng.below(5) as usize]
                    });
                }
            }
        }
        events.retain(|e| e.0 <= end);
        // A closed case's mediation ended before the case closed: one still open here ends as the verdict says.
        if let Some(closed) = c.closed_at
            && d.ended_at.is_none()
            && matches!(d.stage, Stage::Mediating | Stage::AwaitingConsent)
        {
            let at = closed - HOUR;
            d.ended_at = Some(at);
            if d.stage == Stage::Mediating && c.resolved != Some(false) {
                d.stage = Stage::Agreed;
                d.terms = terms_for(&mut rng, ty, amount_fen, at);
                events.push((at, "dispute_agreed", true, d.mediator_id, String::new()));
            } else {
                d.stage = Stage::Failed;
                d.failure = Some(if d.consented_at.is_some() {
                    Failure::NoAgreement
                } else {
                    Failure::Withdrawn
                });
                events.push((at, "dispute_failed", true, d.mediator_id, String::new()));
            }
        }
        if d.ended_at.is_some() {
            d.library_text = dispute::library_text(&d.facts, &parties);
        }
        let mut h = HistoricDispute {
            dispute: d,
            parties,
            sessions,
            events,
        };
        if let Some(closed) = c.closed_at {
            fit_before(&mut h, c.received_at, closed);
        }
        // Both parties signed the agreement when it was recorded (人民调解法 art. 29), and applied for its
        // confirmation together (art. 33).
        let d = &mut h.dispute;
        if matches!(
            d.stage,
            Stage::Agreed
                | Stage::ConfirmationApplied
                | Stage::ConfirmationAccepted
                | Stage::Confirmed
                | Stage::NotConfirmed
        ) {
            (
                d.signed_by_applicant_at,
                d.signed_by_respondent_at,
                d.effective_at,
            ) = (d.ended_at, d.ended_at, d.ended_at);
        }
        (d.applied_by_applicant_at, d.applied_by_respondent_at) =
            (d.confirmation_applied_at, d.confirmation_applied_at);
        // The mediator followed up each term of an agreement in effect (人民调解法 art. 31): seven in eight were
        // performed on their day; the others were found not yet performed the day after, and noted.
        if d.effective_at.is_some() {
            for t in &mut d.terms {
                let Some(day) = t
                    .due_date
                    .as_deref()
                    .and_then(|s| s.parse::<jiff::civil::Date>().ok())
                else {
                    continue;
                };
                let noon = gongzhi_domain::calendar::start_of(day) + 12 * HOUR;
                if rng.below(8) > 0 {
                    if noon < end {
                        t.performed_at = Some(noon);
                    }
                } else if noon + DAY < end {
                    t.followed_up_at = Some(noon + DAY);
                    t.follow_up_note = "回访：尚未履行，已督促".to_owned();
                }
            }
        }
        // The library's editor (the mediator) reviewed each ended dispute within its last hour: most are published,
        // one in ten a party asked to withhold, one in ten is still waiting for review. A dispute the respondent
        // declined was never mediated and is not published (人民调解法 art. 17).
        if let Some(end) = d.ended_at {
            let refused = matches!(d.failure, Some(Failure::Declined | Failure::NoReply));
            match rng.below(10) {
                0 => {
                    d.publication = Some(Publication::Withheld);
                    d.withhold_asked = true;
                }
                1 => {}
                _ if refused => d.publication = Some(Publication::Withheld),
                _ => {
                    d.publication = Some(Publication::Published);
                    d.published_at = Some(end + HOUR / 2);
                }
            }
        }
        out.push(h);
    }
    out
}

/// Fits the mediation (evaluation to its end) into the case's life when the case closed before it would have ended:
/// every instant up to the end is scaled towards the filing so the end falls just before the closing; the court's
/// steps after it keep their distance from the end; the deadlines follow from the new instants.
fn fit_before(h: &mut HistoricDispute, filed: Millis, closed: Millis) {
    let d = &mut h.dispute;
    let last = d.ended_at.or_else(|| h.events.iter().map(|e| e.0).max());
    let Some(last) = last.filter(|l| *l > closed - HOUR) else {
        return;
    };
    let room = ((closed - filed) as f64 * 0.9).max(HOUR as f64);
    let factor = room / (last - filed).max(1) as f64;
    let new_last = filed + ((last - filed) as f64 * factor) as Millis;
    let map = |x: Millis| {
        if x <= last {
            filed + ((x - filed) as f64 * factor) as Millis
        } else {
            x - last + new_last
        }
    };
    let opt = |x: &mut Option<Millis>| *x = x.map(map);
    opt(&mut d.evaluated_at);
    opt(&mut d.consented_at);
    opt(&mut d.ended_at);
    opt(&mut d.confirmation_applied_at);
    opt(&mut d.confirmation_accepted_at);
    opt(&mut d.confirmation_ruled_at);
    opt(&mut d.litigation_at);
    d.mediation_due_at = d.consented_at.map(|c| c + 30 * DAY);
    d.confirmation_accept_due_at = d
        .confirmation_applied_at
        .map(|a| a + dispute::COURT_ACCEPT_DAYS * DAY);
    d.confirmation_rule_due_at = d
        .confirmation_accepted_at
        .map(|a| a + dispute::COURT_RULE_DAYS * DAY);
    if let Some(first) = h
        .events
        .iter()
        .find(|e| e.1 == "dispute_mediator")
        .map(|e| map(e.0))
    {
        d.consent_due_at = Some(first + 5 * DAY);
    }
    for e in &mut h.events {
        e.0 = map(e.0);
    }
    for s in &mut h.sessions {
        s.scheduled_at = map(s.scheduled_at);
        s.held_at = s.held_at.map(map);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongzhi_domain::dispute::OrgCategory;
    use gongzhi_domain::org::UnitId;

    fn mediators(street: UnitId) -> Vec<Candidate> {
        let one = |name: &str, category, street_id, fields: &[&str]| Candidate {
            user_id: UserId::new(),
            name: name.into(),
            org_id: UnitId::new(),
            org_name: format!("{name}所在组织"),
            category,
            street_id,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            load: 0,
            ended: 0,
            settled: 0,
            median_days: None,
            rating_x100: None,
            ratings: 0,
        };
        vec![
            one("甲", OrgCategory::Peoples, Some(street), &[]),
            one("乙", OrgCategory::Professional, None, &["labour"]),
            one("丙", OrgCategory::Lawyer, None, &[]),
            one("丁", OrgCategory::Professional, None, &["medical"]),
            one(
                "戊",
                OrgCategory::Professional,
                None,
                &["property", "tenancy"],
            ),
            one("己", OrgCategory::Professional, None, &["traffic"]),
            one("庚", OrgCategory::Professional, None, &["family"]),
        ]
    }

    #[test]
    fn the_history_follows_the_rules_and_is_deterministic() {
        let street = UnitId::new();
        let t0 = gongzhi_domain::calendar::start_of(jiff::civil::date(2025, 3, 1));
        let end = gongzhi_domain::calendar::start_of(jiff::civil::date(2026, 11, 30));
        let cats = ["K01", "K06", "D02", "D08", "G03", "H01", "H02", "X99"];
        let cases: Vec<DisputeCaseRef> = (0..800)
            .map(|i| DisputeCaseRef {
                case_id: format!("case-{i}"),
                category: Some(cats[i % cats.len()].into()),
                received_at: t0 + i as Millis * 15 * HOUR,
                closed_at: Some(t0 + i as Millis * 15 * HOUR + 40 * DAY).filter(|c| *c < end),
                resolved: Some(i % 9 != 0),
                street_id: Some(street),
                resident_name: "王女士".into(),
                phone: "13911112222".into(),
                description: "纠纷".into(),
            })
            .collect();
        let ms = mediators(street);
        let a = generate_disputes(&cases, &ms, UserId::new(), Some(UserId::new()), end, 7);
        let b = generate_disputes(&cases, &ms, UserId::new(), Some(UserId::new()), end, 7);
        assert_eq!(a.len(), 800);
        assert_eq!(
            a.iter().map(|h| h.dispute.stage).collect::<Vec<_>>(),
            b.iter().map(|h| h.dispute.stage).collect::<Vec<_>>()
        );
        let count = |f: &dyn Fn(&HistoricDispute) -> bool| a.iter().filter(|h| f(h)).count();
        let ended = count(&|h| h.dispute.ended_at.is_some());
        let settled = count(&|h| h.dispute.ended_at.is_some() && h.dispute.failure.is_none());
        assert!(
            ended > 500 && settled * 100 / ended > 65 && settled * 100 / ended < 95,
            "{settled} of {ended}"
        );
        assert!(count(&|h| h.dispute.stage == Stage::Confirmed) > 20);
        assert!(count(&|h| h.dispute.stage == Stage::Judged) > 5);
        assert!(count(&|h| h.dispute.failure == Some(Failure::Declined)) > 5);
        for h in &a {
            let d = &h.dispute;
            // A mediator only for a mediation channel; a mediator who takes the type; times in order, before the end.
            if let Some(m) = d.mediator_id {
                let c = ms.iter().find(|c| c.user_id == m).unwrap();
                assert!(c.takes(&d.dispute_type), "{} by {}", d.dispute_type, c.name);
                assert!(d.channel.is_some_and(|c| c.mediates()));
            }
            if let (Some(end_at), Some(consented)) = (d.ended_at, d.consented_at) {
                assert!(end_at >= consented);
            }
            if d.stage == Stage::Agreed || d.stage == Stage::Confirmed {
                assert!(!d.terms.is_empty());
            }
            assert!(h.events.iter().all(|e| e.0 <= end));
            assert!(
                h.events.windows(2).all(|w| w[0].0 <= w[1].0 + DAY),
                "roughly in order"
            );
        }
    }
}
