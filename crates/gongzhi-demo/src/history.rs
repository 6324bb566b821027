//! The demo district's history: about 20,000 cases received from January 2025 to November 2026, spread over the
//! catalogue and the district with a weekday and seasonal shape (heating in winter, rain in summer), in many
//! phrasings whose kinds fit their texts, with contacts, replies, closings and verdicts (about 95% resolved, not
//! all satisfied); half the consultations answered at intake; petitions that follow the petition regulation (accept
//! or refuse, steps, answer, review); duplicates merged, disputes linked to earlier complaints, confidential and
//! anonymous reports, leader-owned and supervised cases, co-handlers, pauses, redos and exclusions. Every case is played through the
//! same life-cycle functions as live cases, so the history obeys the same rules. A fixed seed and a fixed end date
//! make two runs give the same district.

use gongzhi_domain::Millis;
use gongzhi_domain::calendar::{Calendar, start_of};
use gongzhi_domain::cases::{
    Case, CaseId, CaseKind, CaseNo, CaseStatus, Channel, NewCase, Outcome, PetitionAnswer,
    PhoneNumber, Satisfaction,
};
use gongzhi_domain::catalogue::{Accountable, Category, Tier, UrgentHours};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::import::{CommunityRef, DistrictIndex, HistoricCase};
use gongzhi_domain::lifecycle::{self, Assignment, NewEvent, Record, Relation, VerdictSource};
use gongzhi_domain::org::{UnitId, UserId};
use gongzhi_domain::routing::{self, Candidate};

/// The history ends here (2026-11-27 00:00 Beijing): later events are not generated, so the recent cases are open.
pub fn history_end() -> Millis {
    start_of(jiff::civil::date(2026, 11, 27))
}

/// A deterministic pseudo-random generator (SplitMix64): no dependency, same numbers everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗",
];
const TITLES: &[&str] = &["女士", "先生", "阿姨", "大爷", "女士", "先生"];
/// Buildings as people type them: digits, Chinese numerals, full-width digits, 栋, #.
const BUILDINGS: &[&str] = &[
    "1号楼",
    "2号楼",
    "三号楼",
    "5号楼",
    "6#楼",
    "8号楼",
    "11号楼",
    "十二号楼",
    "１５号楼",
    "东门",
    "西门",
    "南门",
    "北侧",
    "底商",
    "7栋",
    "甲3号院",
    "4号楼2单元",
    "9号楼底商",
];
const WHEN: &[&str] = &[
    "最近一周",
    "这几天",
    "每天晚上",
    "从上个月开始",
    "连续三天",
    "昨天晚上",
    "今天早上",
    "周末",
    "都快半个月了",
    "天天",
];
const ASKS: &[&str] = &[
    "希望尽快处理。",
    "请有关部门尽快解决。",
    "希望相关单位给个说法。",
    "请尽快派人来看看。",
    "影响正常生活，请帮忙协调。",
    "希望能彻底解决。",
    "麻烦尽快！！",
    "盼复，谢谢。",
    "请12345帮忙督促一下。",
];
/// Slips people make when typing fast: (right, wrong).
const TYPOS: &[(&str, &str)] = &[
    ("噪音", "燥音"),
    ("反映", "反应"),
    ("已经", "以经"),
    ("在", "再"),
    ("的", "得"),
    ("物业", "物叶"),
];

/// A believable title and description for a category at a place, in the words of its kind; several phrasings each,
/// some colloquial, some with a slip.
fn text(
    rng: &mut Rng,
    cat: &Category,
    community: &CommunityRef,
    kind: CaseKind,
) -> (String, String) {
    let base = community.name.trim_end_matches("社区");
    let place = format!("{base}{}", rng.pick(BUILDINGS));
    let when = rng.pick(WHEN);
    let ask = rng.pick(ASKS);
    // How the resident names the matter: mostly in their own words (a side generator, so the rest of the history
    // does not depend on the phrasings), sometimes in the catalogue's.
    let mut side = Rng::new(rng.0 ^ 0x5EED_7E47_0000_0001);
    let thing = match crate::phrasings::phrasings(&cat.code) {
        Some(own) if !side.chance(0.2) => *side.pick(own),
        _ => cat.name.as_str(),
    };
    let description = match kind {
        CaseKind::Consultation => match rng.below(4) {
            0 => format!("请问{thing}的事应该找哪个部门？需要准备什么材料？"),
            1 => format!("想咨询一下{thing}相关的政策，我家住{base}，具体怎么办理？"),
            2 => format!("咨询：{base}这边{thing}归谁管，电话多少？"),
            _ => format!("您好，{thing}这种情况有什么规定吗？谢谢。"),
        },
        CaseKind::Suggestion => match rng.below(3) {
            0 => format!("建议在{place}附近加强{thing}方面的管理，定期巡查。"),
            1 => format!("关于{thing}，建议有关部门在{base}一带设置公示牌，方便居民监督。"),
            _ => format!("作为{base}的老住户提个建议：{thing}的问题可以请居民一起参与治理。"),
        },
        CaseKind::Report => match rng.below(3) {
            0 => format!("举报{place}{thing}，{when}都有，请执法部门来查。"),
            1 => format!("{place}存在{thing}的情况，{when}，希望依法查处，不要透露我的信息。"),
            _ => format!("实名举报：{base}有人{thing}，已经拍了照片。{ask}"),
        },
        CaseKind::Petition => match rng.below(3) {
            0 => format!(
                "本人反映{place}{thing}问题已经多次，至今未解决，现依法提出信访，要求有关部门依法处理并书面答复。"
            ),
            1 => format!("关于{base}{thing}一事，多次向社区、街道反映无果，请求上级部门协调解决。"),
            _ => format!(
                "信访事项：{thing}。事实与理由：{when}{place}出现此问题，严重影响生活。请求：依法处理。"
            ),
        },
        CaseKind::Dispute => match rng.below(3) {
            0 => format!("与楼上邻居因{thing}发生纠纷，{when}协商不成，申请调解。"),
            1 => format!("和{base}物业因{thing}有纠纷，双方各执一词，希望社区出面调解。"),
            _ => format!("{place}两户因{thing}闹矛盾，{when}吵了好几次，请调解员帮忙。"),
        },
        _ => match (cat.theme.as_str(), rng.below(3)) {
            ("噪音与污染", 0) => {
                format!("{when}{place}附近{thing}，严重影响休息，老人孩子都睡不好。{ask}")
            }
            ("水电气热", 0) => {
                format!("{place}{when}出现{thing}问题，家里有老人，生活很不方便。{ask}")
            }
            ("住房与物业", 0) => format!("{place}{thing}，找过物业多次没有结果。{ask}"),
            ("违法建设", 0) => format!("{place}有人{thing}，占用公共空间，存在安全隐患。{ask}"),
            ("民政与养老", _) => {
                format!("家住{place}，家中有老人需要{thing}方面的帮助。{ask}")
            }
            (_, 1) => format!("我是{base}的居民，{place}{thing}的问题{when}一直存在，{ask}"),
            (_, 2) => format!("{place}那边{thing}，反映好几次了都没人管！{ask}"),
            _ => format!("您好，{place}{thing}，{when}特别严重，{ask}"),
        },
    };
    let description = if rng.chance(0.08) {
        let (right, wrong) = *rng.pick(TYPOS);
        description.replacen(right, wrong, 1)
    } else {
        description
    };
    let title = match kind {
        CaseKind::Consultation => format!("咨询{thing}相关政策"),
        CaseKind::Suggestion => format!("关于{thing}的建议"),
        CaseKind::Report => format!("举报{base}{thing}"),
        CaseKind::Petition => format!("关于{thing}的信访事项"),
        CaseKind::Dispute => format!("{base}{thing}纠纷"),
        _ if rng.chance(0.3) => format!("{thing}（{base}）"),
        _ => format!("{base}{thing}"),
    };
    (title, description)
}

/// How often a category comes up in a month: heating only in the heating season (and much of it then), rain's
/// leaks, potholes and broken trees in summer.
fn weight(cat: &Category, month: i8) -> u64 {
    let base = match cat.theme.as_str() {
        "噪音与污染" | "住房与物业" | "市容环境" => 14,
        "水电气热" | "交通与停车" => 10,
        "邻里与社区" | "民政与养老" => 8,
        _ => 5,
    };
    let heating = matches!(month, 11 | 12 | 1 | 2 | 3);
    let summer = matches!(month, 6..=8);
    match cat.code.as_str() {
        "E07" | "E08" | "E09" if !heating => 0,
        "E07" | "E08" | "E09" => base * 4,
        "D06" | "F03" | "M01" if summer => base * 3,
        "B01" if summer => base * 2,
        _ => base,
    }
}

/// The kind of matter a category's cases are, so that kinds fit their texts.
fn kind_for(rng: &mut Rng, cat: &Category) -> CaseKind {
    match cat.code.as_str() {
        "N01" => return CaseKind::Consultation,
        "N02" => return CaseKind::Suggestion,
        "N03" => {
            return if rng.chance(0.5) {
                CaseKind::Petition
            } else {
                CaseKind::Complaint
            };
        }
        "K01" | "K06" | "D02" | "D08" | "G03" | "H01" | "H02" if rng.chance(0.8) => {
            return CaseKind::Dispute;
        }
        "D06" | "G04" | "K02" if rng.chance(0.3) => return CaseKind::Dispute,
        // 物业服务、业委会 and 加装电梯 (neighbours split over who pays and who loses light) often end in mediation.
        "D01" | "D04" | "D09" if rng.chance(0.35) => return CaseKind::Dispute,
        _ => {}
    }
    let enforcement = cat.theme == "违法建设"
        || matches!(cat.code.as_str(), "G02" | "J04" | "L02" | "A03" | "B05");
    if enforcement && rng.chance(0.4) {
        return CaseKind::Report;
    }
    match rng.below(100) {
        0..=44 => CaseKind::Complaint,
        45..=69 => CaseKind::Help,
        70..=84 => CaseKind::Consultation,
        85..=89 => CaseKind::Suggestion,
        90..=94 => CaseKind::Report,
        95..=97 => CaseKind::Petition,
        _ => CaseKind::Dispute,
    }
}

fn channel_for(rng: &mut Rng, kind: CaseKind) -> Channel {
    if kind == CaseKind::Petition {
        return match rng.below(10) {
            0..=3 => Channel::Letter,
            4..=6 => Channel::WalkIn,
            _ => Channel::Web,
        };
    }
    match rng.below(100) {
        0..=69 => Channel::Hotline,
        70..=89 => Channel::Web,
        90..=94 => Channel::WalkIn,
        95..=96 => Channel::Letter,
        _ => Channel::Api,
    }
}

fn assignment(
    index: &DistrictIndex,
    unit_id: UnitId,
    tier: Tier,
    load: &mut std::collections::HashMap<UserId, i64>,
    cat: &Category,
    rule: &str,
    street: Option<UnitId>,
) -> Option<Assignment> {
    let unit = index.units.get(&unit_id)?;
    let candidates: Vec<Candidate> = unit
        .agents
        .iter()
        .map(|(id, name)| Candidate {
            user_id: *id,
            name: name.clone(),
            username: name.clone(),
            open_cases: *load.get(id).unwrap_or(&0),
        })
        .collect();
    // A leader-owned case goes to the leader in charge of its street, as live ones do.
    let in_charge = (unit_id == index.leaders_office)
        .then(|| street.and_then(|s| index.leader_for_street.get(&s)))
        .flatten()
        .and_then(|l| candidates.iter().find(|c| c.user_id == *l));
    let (chosen, rule) = match in_charge {
        Some(c) => (c.clone(), "leader_in_charge"),
        None => (routing::choose_agent(&candidates)?.clone(), rule),
    };
    *load.entry(chosen.user_id).or_default() += 1;
    Some(Assignment {
        unit_id,
        unit_name: unit.name.clone(),
        tier,
        agent_id: chosen.user_id,
        agent_name: chosen.name.clone(),
        reason: routing::reason(Some(cat), rule, &unit.name, &chosen, candidates.len()),
    })
}

/// Applies one step of a case's story and records its timeline entries, side records and any handover.
fn play(
    change: lifecycle::Change,
    at: Millis,
    actor: Option<UserId>,
    h: &mut HistoricCase,
    case: &mut Case,
) {
    let due_before = case.handle_due_at;
    change.apply_to(case);
    let moved = change
        .set
        .iter()
        .any(|f| matches!(f, lifecycle::Field::Unit(_) | lifecycle::Field::Agent(_)));
    if moved
        && h.holds
            .last()
            .is_none_or(|l| (l.1, l.2) != (case.accountable_unit_id, case.agent_id))
    {
        if let Some(last) = h.holds.last_mut() {
            last.3 = due_before;
        }
        h.holds
            .push((at, case.accountable_unit_id, case.agent_id, None));
    }
    for e in change.events {
        h.events.push((at, e, actor));
    }
    for r in change.records {
        h.records.push((at, r, actor));
    }
}

fn staff(user: UserId) -> Relation {
    Relation {
        is_agent: true,
        user_id: Some(user),
        ..Default::default()
    }
}

const HOUR: Millis = 3_600_000;
const DAY: Millis = 24 * HOUR;

/// The story of a petition under the 信访工作条例: accepted (or refused) within 15 days, steps in order, the written
/// answer, report back, closing; some extended by the head, some reviewed and re-reviewed by the organ above.
#[allow(clippy::too_many_arguments)]
fn petition_story(
    rng: &mut Rng,
    index: &DistrictIndex,
    cat: &Category,
    load: &mut std::collections::HashMap<UserId, i64>,
    h: &mut HistoricCase,
    case: &mut Case,
    t: Millis,
    end: Millis,
) {
    let agent_id = case.agent_id.expect("routed");
    let agent = staff(agent_id);
    let decide_at = t + (1 + rng.below(12) as i64) * DAY;
    if decide_at >= end {
        return;
    }
    if rng.chance(0.1) {
        let change = lifecycle::refuse_petition(
            case,
            agent,
            decide_at,
            "该事项属于诉讼或仲裁途径解决的范围，依法不予受理。",
            "人民法院 / 劳动人事争议仲裁委员会",
        )
        .expect("not accepted yet");
        play(change, decide_at, Some(agent_id), h, case);
        return;
    }
    play(
        lifecycle::accept_petition(
            case,
            agent,
            decide_at,
            &lifecycle::PETITION_STEP_DAYS,
            false,
        )
        .expect("assigned"),
        decide_at,
        Some(agent_id),
        h,
        case,
    );
    play(
        lifecycle::contact(case, agent, decide_at, "已电话告知受理并了解诉求。").expect("open"),
        decide_at,
        Some(agent_id),
        h,
        case,
    );
    let mut at = decide_at;
    if rng.chance(0.06) {
        let head = index.units[&case.accountable_unit_id.expect("routed")].agents[0].0;
        let rel = Relation {
            is_unit_head: true,
            user_id: Some(head),
            ..Default::default()
        };
        play(
            lifecycle::extend_petition(
                case,
                rel,
                30,
                "涉及多个部门，需进一步调查核实，经单位负责人批准延期30日。",
            )
            .expect("accepted"),
            at + 20 * DAY,
            Some(head),
            h,
            case,
        );
    }
    for note in [
        "已调查核实，走访相关单位和居民。",
        "已提出处理方案。",
        "已协调相关部门落实。",
    ] {
        at += (5 + rng.below(10) as i64) * DAY;
        if at >= end {
            return;
        }
        play(
            lifecycle::complete_step(case, agent, note)
                .expect("in order")
                .0,
            at,
            Some(agent_id),
            h,
            case,
        );
    }
    at += (2 + rng.below(5) as i64) * DAY;
    if at >= end {
        return;
    }
    let (answer, outcome, text) = match rng.below(10) {
        0..=2 => (
            PetitionAnswer::Support,
            Outcome::Resolved,
            "经调查，信访人反映情况属实，诉求合理，予以支持，已督促落实。",
        ),
        3..=5 => (
            PetitionAnswer::NotSupport,
            Outcome::NotSubstantiated,
            "经调查，信访人诉求缺乏法律和政策依据，不予支持。",
        ),
        _ => (
            PetitionAnswer::Explain,
            Outcome::Explained,
            "经调查，已就有关政策向信访人作出解释说明。",
        ),
    };
    play(
        lifecycle::answer_petition(case, agent, at, answer, text).expect("steps done"),
        at,
        Some(agent_id),
        h,
        case,
    );
    at += DAY;
    play(
        lifecycle::complete_step(case, agent, "已向信访人反馈处理意见。")
            .expect("report back")
            .0,
        at,
        Some(agent_id),
        h,
        case,
    );
    play(
        lifecycle::close(case, agent, at + HOUR, outcome, "已书面答复信访人。").expect("answered"),
        at + HOUR,
        Some(agent_id),
        h,
        case,
    );
    // Some petitioners disagree and ask the organ above to review (复查), a few then to re-review (复核).
    let mut level_at = at + HOUR;
    for chance in [0.15, 0.3] {
        if !rng.chance(chance) {
            return;
        }
        let ask_at = level_at + (3 + rng.below(20) as i64) * DAY;
        if ask_at >= end {
            return;
        }
        let next = lifecycle::next_tier(case);
        let unit = match next {
            Some(tier) => {
                routing::escalation_unit(tier, case.place(), Some(index.leaders_office)).ok()
            }
            None => index.unit_by_code.get("dept.xf").copied(),
        };
        let Some(unit) = unit else { return };
        let Some(mut to) = assignment(
            index,
            unit,
            next.unwrap_or(Tier::District),
            load,
            cat,
            "review",
            case.street_id,
        ) else {
            return;
        };
        to.tier = next.unwrap_or(Tier::District);
        play(
            lifecycle::request_review(case, ask_at, "对处理意见不服，申请复查。", &to)
                .expect("answered in time"),
            ask_at,
            None,
            h,
            case,
        );
        let reviewer = staff(to.agent_id);
        let answer_at = ask_at + (5 + rng.below(20) as i64) * DAY;
        if answer_at >= end {
            return;
        }
        play(
            lifecycle::answer_petition(
                case,
                reviewer,
                answer_at,
                PetitionAnswer::Explain,
                "经复查，原处理意见认定事实清楚、适用政策正确，予以维持。",
            )
            .expect("review"),
            answer_at,
            Some(to.agent_id),
            h,
            case,
        );
        play(
            lifecycle::close(
                case,
                reviewer,
                answer_at + HOUR,
                Outcome::Explained,
                "复查意见已书面送达。",
            )
            .expect("answered"),
            answer_at + HOUR,
            Some(to.agent_id),
            h,
            case,
        );
        level_at = answer_at + HOUR;
    }
}

/// Generates about `n` cases. `catalogue` is the version-1 catalogue; `seed` fixes the district's history.
pub fn generate(
    index: &DistrictIndex,
    catalogue: &[Category],
    calendar: &Calendar,
    n: usize,
    seed: u64,
) -> Vec<HistoricCase> {
    generate_received(
        index,
        catalogue,
        calendar,
        n,
        seed,
        (start_of(jiff::civil::date(2025, 1, 1)), history_end()),
    )
}

/// The history with every case received within `received` (start, end); events still stop at [`history_end`].
/// Benchmarks use it to pack a busy month.
pub fn generate_received(
    index: &DistrictIndex,
    catalogue: &[Category],
    calendar: &Calendar,
    n: usize,
    seed: u64,
    received: (Millis, Millis),
) -> Vec<HistoricCase> {
    let mut rng = Rng::new(seed);
    // Case ids from their own stream, time-ordered like any UUIDv7 but the same on every run of the same seed: a demo
    // interrupted while writing resumes with the very cases it had (a merged duplicate names its survivor by id).
    let mut ids = Rng::new(seed ^ 0x1d5_1d5_1d5);
    let mut case_id = |at: Millis| {
        let (a, b) = (ids.next_u64().to_le_bytes(), ids.next_u64().to_le_bytes());
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&a);
        bytes[8..].copy_from_slice(&b[..2]);
        CaseId(uuid::Builder::from_unix_timestamp_millis(at.max(0) as u64, &bytes).into_uuid())
    };
    let (start, received_end, end) = (received.0, received.1.min(history_end()), history_end());
    let span = received_end - start;
    let hours = UrgentHours::default();
    let mut load: std::collections::HashMap<UserId, i64> = std::collections::HashMap::new();
    let mut per_day: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    // Receipts: fewer on weekends and holidays (people call less), most in the daytime.
    let mut received: Vec<Millis> = Vec::with_capacity(n);
    while received.len() < n {
        let mut at = start + (rng.below(span as u64 / 1000) as i64) * 1000;
        let local_hour = ((at + 8 * HOUR) % DAY) / HOUR;
        if local_hour < 7 {
            at += 8 * HOUR;
        }
        if at >= received_end {
            continue;
        }
        if !calendar
            .is_working_day(gongzhi_domain::calendar::local_date(at))
            .0
            && !rng.chance(0.55)
        {
            continue;
        }
        received.push(at);
    }
    received.sort_unstable();
    let mut last_complaint: std::collections::HashMap<UnitId, CaseId> =
        std::collections::HashMap::new();
    let mut out = Vec::with_capacity(n + n / 20);
    for received_at in received {
        let month = gongzhi_domain::calendar::local_date(received_at).month();
        let total: u64 = catalogue.iter().map(|c| weight(c, month)).sum();
        let mut pick = rng.below(total);
        let mut cat = &catalogue[0];
        for c in catalogue {
            let w = weight(c, month);
            if pick < w {
                cat = c;
                break;
            }
            pick -= w;
        }
        let community = rng.pick(&index.communities).clone();
        let kind = kind_for(&mut rng, cat);
        let channel = channel_for(&mut rng, kind);
        let (title, description) = text(&mut rng, cat, &community, kind);
        let jitter = |r: &mut Rng| (r.below(2000) as f64 - 1000.0) / 400_000.0;
        // Phone calls and letters give a typed address (the gazetteer places it, the dispatcher confirms); web and
        // app submissions a map point.
        let typed = matches!(
            channel,
            Channel::Hotline | Channel::Letter | Channel::WalkIn
        ) && rng.chance(0.6);
        let point = (!typed).then(|| GeoPoint {
            lat: community.centre.lat + jitter(&mut rng),
            lon: community.centre.lon + jitter(&mut rng),
        });
        let anonymous = kind == CaseKind::Report && rng.chance(0.2);
        let no_phone = anonymous || (channel == Channel::Letter && rng.chance(0.5));
        let new = NewCase {
            kind,
            channel,
            title,
            description,
            address: format!(
                "石景山区{}{}{}",
                community.street_name,
                community.name.trim_end_matches("社区"),
                rng.pick(BUILDINGS)
            ),
            point,
            resident_name: if anonymous {
                String::new()
            } else {
                format!("{}{}", rng.pick(SURNAMES), rng.pick(TITLES))
            },
            phone: (!no_phone).then(|| {
                let raw = if rng.chance(0.1) {
                    format!("010-{}", 6000_0000 + rng.below(3000_0000))
                } else {
                    format!(
                        "1{}{:09}",
                        [3, 5, 7, 8, 9][rng.below(5) as usize],
                        rng.below(1_000_000_000)
                    )
                };
                PhoneNumber::parse(&raw).expect("a generated phone number")
            }),
            anonymous,
            email: None,
            confidential: kind == CaseKind::Report || rng.chance(0.005),
        };
        let place = gongzhi_domain::org::CasePlace {
            street_id: Some(community.street_id),
            community_id: Some(community.id),
            accountable_unit_id: None,
            guessed: typed,
        };
        let created_at = received_at + rng.below(30) as i64 * 60_000;
        let date = gongzhi_domain::local_yyyymmdd(received_at);
        let seq = per_day.entry(date).or_insert(0);
        *seq += 1;
        let mut case = Case::received(
            case_id(received_at),
            CaseNo::new(date, *seq),
            &new,
            place,
            received_at,
            created_at,
        );
        let mut h = HistoricCase::new(&case);
        let mut t = case.created_at;
        let dispatcher = Relation {
            is_dispatcher: true,
            user_id: Some(index.dispatcher),
            ..Default::default()
        };

        // About half of consultations are answered at intake from the knowledge base.
        if kind == CaseKind::Consultation && rng.chance(0.5) {
            let by = lifecycle::IntakeAnswerer {
                operator: index.dispatcher,
                unit: index.dispatcher_unit,
                category: Some((cat.code.clone(), 1)),
            };
            let change = lifecycle::answer_at_intake(
                &case,
                t + 5 * 60_000,
                &format!("已根据知识库解答：{}", cat.notice),
                "demo",
                &by,
            )
            .expect("received");
            play(
                change,
                t + 5 * 60_000,
                Some(index.dispatcher),
                &mut h,
                &mut case,
            );
            if rng.chance(0.5) {
                let s = if rng.chance(0.9) {
                    Satisfaction::Satisfied
                } else {
                    Satisfaction::Basic
                };
                let c = lifecycle::rate(
                    &case,
                    true,
                    s,
                    VerdictSource::Resident,
                    t + HOUR,
                    lifecycle::VERDICT_WINDOW_DAYS,
                    &[],
                )
                .expect("closed");
                play(c, t + HOUR, None, &mut h, &mut case);
            }
            h.case = case;
            out.push(h);
            continue;
        }

        // Route by the catalogue; the dispatcher confirms a guessed place.
        let Ok(unit_id) = routing::accountable_unit(&cat.accountable, place, |code| {
            index.unit_by_code.get(code).copied()
        }) else {
            continue;
        };
        let Some(to) = assignment(
            index,
            unit_id,
            cat.tier(),
            &mut load,
            cat,
            "catalogue",
            case.street_id,
        ) else {
            continue;
        };
        let mut clocks =
            lifecycle::clocks(calendar, received_at, cat.contact_hours, cat.limit(hours));
        t += 10 * 60_000 + rng.below(50) as i64 * 60_000;
        let mut change =
            lifecycle::route(&case, dispatcher, (&cat.code, 1), &to, None, (None, None))
                .expect("routable");
        if kind == CaseKind::Petition {
            let steps =
                lifecycle::petition_step_deadlines(received_at, &lifecycle::PETITION_STEP_DAYS);
            clocks.handle_due_at = steps[5];
            clocks.provisional = false;
            change.records.push(Record::PetitionSteps(steps));
        }
        change
            .set
            .push(lifecycle::Field::ContactDue(clocks.contact_due_at));
        change.set.push(lifecycle::Field::HandleDue {
            at: clocks.handle_due_at,
            provisional: clocks.provisional,
        });
        if typed {
            change.set.push(lifecycle::Field::Place {
                street: case.street_id,
                community: case.community_id,
                guessed: false,
            });
        }
        play(change, t, Some(index.dispatcher), &mut h, &mut case);

        // A dispute often follows an earlier complaint from the same community: linked, so the history is one.
        if kind == CaseKind::Dispute
            && let Some(&other) = last_complaint.get(&community.id)
            && rng.chance(0.4)
        {
            h.records
                .push((t, Record::Link { other }, Some(index.dispatcher)));
            h.events
                .push((t, NewEvent::internal("linked", ""), Some(index.dispatcher)));
        }
        if kind == CaseKind::Complaint {
            last_complaint.insert(community.id, case.id);
        }

        if kind == CaseKind::Petition {
            petition_story(&mut rng, index, cat, &mut load, &mut h, &mut case, t, end);
            h.case = case;
            out.push(h);
            continue;
        }

        // Some are reported twice within hours: the second is merged into the first by the dispatcher and keeps its
        // own number and tracking page.
        if rng.chance(0.03) {
            let dup_at = received_at + (1 + rng.below(5) as i64) * HOUR;
            if dup_at < end {
                let dup_date = gongzhi_domain::local_yyyymmdd(dup_at);
                let dup_seq = per_day.entry(dup_date).or_insert(0);
                *dup_seq += 1;
                let dup_new = NewCase {
                    resident_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(TITLES)),
                    phone: PhoneNumber::parse(&format!("13{:09}", rng.below(1_000_000_000))),
                    anonymous: false,
                    ..new.clone()
                };
                let mut dup = Case::received(
                    case_id(dup_at),
                    CaseNo::new(dup_date, *dup_seq),
                    &dup_new,
                    place,
                    dup_at,
                    dup_at,
                );
                let mut dh = HistoricCase::new(&dup);
                if let Ok((merged, survivor)) = lifecycle::merge(&dup, dispatcher, &case) {
                    play(
                        merged,
                        dup_at + 20 * 60_000,
                        Some(index.dispatcher),
                        &mut dh,
                        &mut dup,
                    );
                    play(
                        survivor,
                        dup_at + 20 * 60_000,
                        Some(index.dispatcher),
                        &mut h,
                        &mut case,
                    );
                    dh.case = dup;
                    out.push(dh);
                }
            }
        }
        let mut agent = staff(to.agent_id);

        // Some units ask to send the case back; two in three requests are approved and the case goes to the street.
        if cat.accountable == Accountable::Community && rng.chance(0.04) {
            t += 2 * HOUR;
            let change = lifecycle::request_send_back(
                &case,
                agent,
                "经核实不属于本社区职责范围，申请退单。",
                &[],
            )
            .expect("routed");
            play(change, t, Some(to.agent_id), &mut h, &mut case);
            t += 3 * HOUR;
            if rng.chance(0.67) {
                if let Some(street_to) = assignment(
                    index,
                    community.street_id,
                    Tier::Street,
                    &mut load,
                    cat,
                    "send_back_approved",
                    case.street_id,
                ) {
                    let change = lifecycle::route(
                        &case,
                        dispatcher,
                        (&cat.code, 1),
                        &street_to,
                        None,
                        (Some(to.unit_name.clone()), Some(to.agent_name.clone())),
                    )
                    .expect("open");
                    play(change, t, Some(index.dispatcher), &mut h, &mut case);
                    agent = staff(street_to.agent_id);
                }
            } else {
                let change =
                    lifecycle::reject_send_back(&case, dispatcher, "属于社区职责，请继续办理。")
                        .expect("pending");
                play(change, t, Some(index.dispatcher), &mut h, &mut case);
            }
        }

        // Contact: mostly within the limit, sometimes late; an anonymous report has nobody to contact.
        let contact_limit =
            (case.contact_due_at.unwrap_or(received_at + DAY) - received_at).max(HOUR);
        let contact_at = received_at
            + if rng.chance(0.92) {
                rng.below(contact_limit as u64 * 9 / 10) as i64 + 10 * 60_000
            } else {
                contact_limit + rng.below(48) as i64 * HOUR
            };
        if contact_at >= end {
            h.case = case;
            out.push(h);
            continue;
        }
        t = t.max(contact_at);
        let actor = agent.user_id;
        play(
            lifecycle::accept(&case, agent, t).expect("assigned"),
            t,
            actor,
            &mut h,
            &mut case,
        );
        if !case.anonymous {
            let how = if case.phone.is_empty() {
                "已按来信地址上门走访，了解诉求详情。"
            } else {
                "已电话联系居民，了解诉求详情。"
            };
            play(
                lifecycle::contact(&case, agent, t, how).expect("routed"),
                t,
                actor,
                &mut h,
                &mut case,
            );
        }
        // A department's help on a street's case: 协办.
        if case.tier == Some(Tier::Street)
            && rng.chance(0.04)
            && let Some(&dept) = index.unit_by_code.get("dept.cgzf")
            && case.accountable_unit_id != Some(dept)
        {
            let change = lifecycle::add_cohandler(
                &case,
                agent,
                (dept, "区城管执法局"),
                "配合现场执法",
                false,
            )
            .expect("routed");
            play(change, t + HOUR, actor, &mut h, &mut case);
        }

        // Overdue ones: some escalate one tier (a district leader's keeps the unit as co-handler); a few get a
        // leader's supervision.
        let due = case.handle_due_at.unwrap_or(t + 5 * DAY);
        let overdue = rng.chance(0.1);
        if overdue
            && rng.chance(0.4)
            && let Some(up) = lifecycle::next_tier(&case)
        {
            let esc_at = due + 2 * DAY;
            if esc_at < end
                && let Ok(up_unit) = routing::escalation_unit(up, place, Some(index.leaders_office))
                && let Some(up_to) = assignment(
                    index,
                    up_unit,
                    up,
                    &mut load,
                    cat,
                    "escalation",
                    case.street_id,
                )
            {
                let old_unit = case.accountable_unit_id;
                let prev = (old_unit.map(|u| index.units[&u].name.clone()), None);
                let mut change = lifecycle::escalate(
                    &case,
                    Relation::system(),
                    "超过办理时限，自动升级。",
                    &up_to,
                    Some(lifecycle::handle_deadline(
                        calendar,
                        esc_at,
                        cat.limit(hours),
                    )),
                    prev,
                )
                .expect("open");
                if up == Tier::District
                    && let Some(old) = old_unit
                {
                    change.records.push(Record::CoHandler {
                        unit_id: old,
                        task: "升级至区领导后继续协办".into(),
                    });
                }
                play(change, esc_at, None, &mut h, &mut case);
                agent = staff(up_to.agent_id);
                t = esc_at;
                play(
                    lifecycle::accept(&case, agent, t + HOUR).expect("assigned"),
                    t + HOUR,
                    agent.user_id,
                    &mut h,
                    &mut case,
                );
                if up == Tier::District && rng.chance(0.3) {
                    play(
                        lifecycle::instruct(&case, true, "请相关部门密切配合，尽快解决群众诉求。")
                            .expect("open"),
                        t + 2 * HOUR,
                        agent.user_id,
                        &mut h,
                        &mut case,
                    );
                }
            }
        }
        if overdue
            && rng.chance(0.1)
            && due + DAY < end
            && let Some(leader) = index.units[&index.leaders_office]
                .agents
                .first()
                .map(|a| a.0)
        {
            let by = due + 10 * DAY;
            play(
                lifecycle::supervise(&case, true, "请限期办结并报告结果。", by).expect("routed"),
                due + DAY,
                Some(leader),
                &mut h,
                &mut case,
            );
            if due + 3 * DAY < end {
                play(
                    lifecycle::answer_supervision(&case, agent, "已加派人手，本周内办结。")
                        .expect("supervised"),
                    due + 3 * DAY,
                    agent.user_id,
                    &mut h,
                    &mut case,
                );
            }
        }
        let actor = agent.user_id;
        // Some wait on the resident: the unit asks to pause, a dispatcher approves, the work resumes days later.
        if rng.chance(0.03) && case.status == CaseStatus::InProgress && t + 3 * DAY < end {
            play(
                lifecycle::request_pause(&case, agent, "等待居民补充材料。", &[])
                    .expect("in progress"),
                t + HOUR,
                actor,
                &mut h,
                &mut case,
            );
            play(
                lifecycle::approve_pause(&case, dispatcher, t + 2 * HOUR, "等待居民补充材料。")
                    .expect("requested"),
                t + 2 * HOUR,
                Some(index.dispatcher),
                &mut h,
                &mut case,
            );
            let resumed = t + 2 * HOUR + (1 + rng.below(3) as i64) * DAY;
            if resumed < end {
                play(
                    lifecycle::resume(&case, agent, resumed, calendar, 10).expect("paused"),
                    resumed,
                    actor,
                    &mut h,
                    &mut case,
                );
                t = resumed;
            }
        }
        if case.status != CaseStatus::InProgress {
            h.case = case;
            out.push(h);
            continue;
        }
        // Close before or after the deadline.
        let due = case.handle_due_at.unwrap_or(due);
        let close_at = if overdue {
            due + (1 + rng.below(6) as i64) * DAY
        } else {
            t + (rng.below(((due - t).max(HOUR)) as u64 * 9 / 10) as i64).max(HOUR)
        };
        if close_at >= end {
            h.case = case;
            out.push(h);
            continue;
        }
        // A few unreasonable demands are closed outside the assessment, with a reviewer's approval.
        if rng.chance(0.005) && case.contacted_at.is_some() {
            play(
                lifecycle::request_exclusion(
                    &case,
                    agent,
                    "诉求人要求超出政策规定的补偿，经多次解释仍坚持。",
                    &[],
                )
                .expect("in progress"),
                close_at - 2 * HOUR,
                actor,
                &mut h,
                &mut case,
            );
            play(
                lifecycle::approve_exclusion(&case, true, close_at, "属无理诉求，不纳入考核。")
                    .expect("requested"),
                close_at,
                Some(index.evaluator),
                &mut h,
                &mut case,
            );
            h.case = case;
            out.push(h);
            continue;
        }
        let reply = format!("您反映的问题已处理：{}", cat.notice);
        play(
            lifecycle::reply(&case, agent, &reply).expect("open"),
            close_at - HOUR,
            actor,
            &mut h,
            &mut case,
        );
        let outcome = if case.anonymous || case.contacted_at.is_none() {
            Outcome::Resolved
        } else {
            match rng.below(40) {
                0 => Outcome::Withdrawn,
                1 => Outcome::Referred,
                2 | 3 => Outcome::NotSubstantiated,
                4..=7 => Outcome::Explained,
                8 if kind == CaseKind::Suggestion => Outcome::SuggestionAdopted,
                _ => Outcome::Resolved,
            }
        };
        play(
            lifecycle::close(&case, agent, close_at, outcome, "已办结。").expect("in progress"),
            close_at,
            actor,
            &mut h,
            &mut case,
        );

        // Verdicts: most residents answer (or the centre calls back); about 95% resolved; most satisfied.
        if !case.anonymous && rng.chance(0.85) {
            let at = close_at + (2 + rng.below(46) as i64) * HOUR;
            if at < end {
                let roll = rng.below(100);
                let satisfaction = if roll < 80 {
                    Satisfaction::Satisfied
                } else if roll < 95 {
                    Satisfaction::Basic
                } else {
                    Satisfaction::Dissatisfied
                };
                let resolved = satisfaction != Satisfaction::Dissatisfied
                    && (outcome != Outcome::NotSubstantiated || rng.chance(0.5));
                let source = if case.phone.is_empty() || rng.chance(0.7) {
                    VerdictSource::Resident
                } else {
                    VerdictSource::Callback
                };
                let caller = (source == VerdictSource::Callback).then_some(index.dispatcher);
                play(
                    lifecycle::rate(
                        &case,
                        resolved,
                        satisfaction,
                        source,
                        at,
                        lifecycle::VERDICT_WINDOW_DAYS,
                        &[],
                    )
                    .expect("closed"),
                    at,
                    caller,
                    &mut h,
                    &mut case,
                );
                // A dissatisfied verdict waits for the dispatcher: mostly a redo (sometimes by the street), else the
                // verdict stands with an explanation.
                if satisfaction == Satisfaction::Dissatisfied {
                    let decide_at = at + 2 * HOUR;
                    if decide_at < end && rng.chance(0.65) {
                        let other = (rng.chance(0.2) && case.tier == Some(Tier::Community))
                            .then(|| {
                                assignment(
                                    index,
                                    community.street_id,
                                    Tier::Street,
                                    &mut load,
                                    cat,
                                    "redo",
                                    case.street_id,
                                )
                            })
                            .flatten();
                        let redo_due =
                            lifecycle::handle_deadline(calendar, decide_at, cat.limit(hours));
                        let c = lifecycle::redo(
                            &case,
                            dispatcher,
                            other.as_ref(),
                            redo_due,
                            "派单重办。",
                        )
                        .expect("redo requested");
                        play(c, decide_at, Some(index.dispatcher), &mut h, &mut case);
                        let redo_agent = other.as_ref().map(|o| staff(o.agent_id)).unwrap_or(agent);
                        if case.status == CaseStatus::Assigned {
                            play(
                                lifecycle::accept(&case, redo_agent, decide_at + HOUR)
                                    .expect("assigned"),
                                decide_at + HOUR,
                                redo_agent.user_id,
                                &mut h,
                                &mut case,
                            );
                        }
                        let redo_close = decide_at + (1 + rng.below(4) as i64) * DAY;
                        if redo_close < end {
                            play(
                                lifecycle::close(
                                    &case,
                                    redo_agent,
                                    redo_close,
                                    Outcome::Resolved,
                                    "重办完成。",
                                )
                                .expect("redo"),
                                redo_close,
                                redo_agent.user_id,
                                &mut h,
                                &mut case,
                            );
                            let verdict_at = redo_close + 4 * HOUR;
                            if verdict_at < end {
                                let s = if rng.chance(0.7) {
                                    Satisfaction::Satisfied
                                } else {
                                    Satisfaction::Basic
                                };
                                play(
                                    lifecycle::rate(
                                        &case,
                                        true,
                                        s,
                                        VerdictSource::Resident,
                                        verdict_at,
                                        lifecycle::VERDICT_WINDOW_DAYS,
                                        &[],
                                    )
                                    .expect("closed"),
                                    verdict_at,
                                    None,
                                    &mut h,
                                    &mut case,
                                );
                            }
                        }
                    } else if decide_at < end {
                        play(
                            lifecycle::reject_request(
                                &case,
                                dispatcher,
                                false,
                                "已向居民解释，维持办理结果。",
                            )
                            .expect("pending"),
                            decide_at,
                            Some(index.dispatcher),
                            &mut h,
                            &mut case,
                        );
                    }
                }
            }
        }
        h.case = case;
        out.push(h);
    }
    // A story's branches (a merge, an extension) may be played out of time order; the timeline and the records are
    // kept in the order things happened.
    for h in &mut out {
        h.events.sort_by_key(|e| e.0);
        h.records.sort_by_key(|r| r.0);
    }
    // In order of receipt: a merged duplicate comes after the case it was merged into.
    out.sort_by_key(|h| h.case.received_at);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use gongzhi_domain::import::UnitRef;
    use gongzhi_domain::org::UnitKind;
    use std::collections::HashMap;

    /// An index over the demo units with made-up ids and one or two agents per unit.
    pub(crate) fn index() -> DistrictIndex {
        let units = crate::district::units();
        let mut ids: HashMap<String, UnitId> = HashMap::new();
        let mut rng = Rng::new(7);
        for u in &units {
            ids.insert(
                u.code.clone(),
                UnitId(uuid::Uuid::from_u64_pair(1, rng.next_u64())),
            );
        }
        let mut refs = HashMap::new();
        let mut communities = Vec::new();
        for u in &units {
            let owns = matches!(
                u.kind,
                UnitKind::Community
                    | UnitKind::Street
                    | UnitKind::Department
                    | UnitKind::Enterprise
                    | UnitKind::LeadersOffice
            );
            if !owns {
                continue;
            }
            let agents = (0..2)
                .map(|i| {
                    (
                        UserId(uuid::Uuid::from_u64_pair(2, rng.next_u64())),
                        format!("{}-{i}", u.code),
                    )
                })
                .collect();
            refs.insert(
                ids[&u.code],
                UnitRef {
                    id: ids[&u.code],
                    code: u.code.clone(),
                    name: u.name.clone(),
                    agents,
                },
            );
            if u.kind == UnitKind::Community {
                let street = u.parent_code.as_ref().unwrap();
                let street_name = units
                    .iter()
                    .find(|x| &x.code == street)
                    .unwrap()
                    .name
                    .clone();
                communities.push(CommunityRef {
                    id: ids[&u.code],
                    street_id: ids[street],
                    name: u.name.clone(),
                    street_name,
                    centre: u.centre.unwrap(),
                });
            }
        }
        DistrictIndex {
            communities,
            units: refs,
            unit_by_code: ids.clone(),
            leaders_office: ids["leaders"],
            dispatcher: UserId(uuid::Uuid::from_u64_pair(3, 3)),
            dispatcher_unit: ids["district"],
            leader_for_street: HashMap::new(),
            evaluator: UserId(uuid::Uuid::from_u64_pair(4, 4)),
            legal_reviewers: units
                .iter()
                .filter(|u| u.kind == UnitKind::Street)
                .enumerate()
                .map(|(i, u)| (ids[&u.code], UserId(uuid::Uuid::from_u64_pair(5, i as u64))))
                .collect(),
        }
    }

    #[test]
    fn the_history_is_deterministic_varied_and_obeys_the_rules() {
        let index = index();
        let catalogue = crate::catalogue::categories();
        let calendar = Calendar::shipped();
        let a = generate(&index, &catalogue, &calendar, 3000, 42);
        let b = generate(&index, &catalogue, &calendar, 3000, 42);
        assert!(a.len() > 2900, "{}", a.len());
        assert!(a.len() < 3300, "{}", a.len());
        let key = |h: &HistoricCase| {
            (
                h.case.case_no.clone(),
                h.case.title.clone(),
                h.case.status,
                h.events.len(),
            )
        };
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>(),
            "same seed, same history"
        );

        let count = |f: &dyn Fn(&HistoricCase) -> bool| a.iter().filter(|h| f(h)).count();
        let closed = count(&|h| h.case.status == CaseStatus::Closed);
        let open = count(&|h| h.case.status.is_open());
        assert!(
            closed > a.len() * 8 / 10 && open > 10,
            "closed {closed}, open {open}"
        );
        assert!(count(&|h| h.case.outcome == Some(Outcome::AnsweredAtIntake)) > 100);
        assert!(count(&|h| h.events.iter().any(|e| e.1.event == "escalated")) > 20);
        assert!(
            count(&|h| h
                .records
                .iter()
                .any(|r| matches!(r.1, Record::SendBackRequested { .. })))
                > 10
        );
        assert!(count(&|h| h.case.reopen_count == 1) > 5);
        let rated: Vec<_> = a.iter().filter_map(|h| h.case.satisfaction).collect();
        let satisfied = rated
            .iter()
            .filter(|s| **s != Satisfaction::Dissatisfied)
            .count();
        assert!(satisfied * 100 / rated.len() > 85, "mostly satisfied");
        assert!(rated.contains(&Satisfaction::Dissatisfied), "not all");
        let verdicts: Vec<_> = a.iter().filter_map(|h| h.case.resolved).collect();
        let resolved = verdicts.iter().filter(|r| **r).count() * 100 / verdicts.len();
        assert!(
            (92..=98).contains(&resolved),
            "about 95% resolved: {resolved}%"
        );
        let consultations = count(&|h| h.case.kind == CaseKind::Consultation);
        let at_intake = count(&|h| h.case.outcome == Some(Outcome::AnsweredAtIntake));
        assert!(
            (40..=60).contains(&(at_intake * 100 / consultations)),
            "about half answered at intake: {at_intake}/{consultations}"
        );
        // Petitions follow the procedure: never closed without an answer (or a refusal), some reviewed.
        let petitions: Vec<_> = a
            .iter()
            .filter(|h| h.case.kind == CaseKind::Petition)
            .collect();
        assert!(petitions.len() > 50);
        for p in &petitions {
            if p.case.status == CaseStatus::Closed {
                assert!(
                    p.case.outcome == Some(Outcome::Refused) || p.case.petition_answer.is_some(),
                    "{}",
                    p.case.case_no
                );
            }
        }
        assert!(
            petitions.iter().any(|p| p.case.review_level >= 1),
            "some are reviewed"
        );
        assert!(
            petitions
                .iter()
                .any(|p| p.case.outcome == Some(Outcome::Refused)),
            "some are refused"
        );
        assert!(
            count(&|h| h.case.status == CaseStatus::Merged) > 20,
            "duplicates merged"
        );
        assert!(
            count(&|h| h.records.iter().any(|r| matches!(r.1, Record::Link { .. }))) > 5,
            "disputes linked"
        );
        assert!(count(&|h| h.case.anonymous) > 10 && count(&|h| h.case.confidential) > 100);
        assert!(
            count(&|h| h
                .records
                .iter()
                .any(|r| matches!(r.1, Record::CoHandler { .. })))
                > 10,
            "co-handlers"
        );
        assert!(count(&|h| h.holds.len() > 1) > 20, "handovers recorded");
        // Kinds fit their texts.
        for h in &a {
            match h.case.kind {
                CaseKind::Petition => assert!(h.case.title.contains("信访")),
                CaseKind::Dispute => assert!(h.case.title.contains("纠纷")),
                CaseKind::Report => assert!(h.case.title.starts_with("举报")),
                _ => {}
            }
        }
        // Winter brings heating; weekdays are busier than weekends.
        let month_of =
            |h: &HistoricCase| gongzhi_domain::calendar::local_date(h.case.received_at).month();
        assert!(a.iter().all(|h| !matches!(
            h.case.category_code.as_deref(),
            Some("E07" | "E08" | "E09")
        ) || matches!(month_of(h), 11 | 12 | 1 | 2 | 3)));
        let weekend = count(&|h| {
            !calendar
                .is_working_day(gongzhi_domain::calendar::local_date(h.case.received_at))
                .0
        });
        assert!(
            weekend * 100 / a.len() < 22,
            "weekends are quieter: {weekend}"
        );
        let texts: std::collections::HashSet<_> = a
            .iter()
            .filter(|h| h.case.category_code.as_deref() == Some("B01"))
            .map(|h| h.case.description.clone())
            .collect();
        assert!(texts.len() > 10, "many phrasings per category");
        let end = history_end();
        for h in &a {
            assert!(
                h.case.received_at >= start_of(jiff::civil::date(2025, 1, 1))
                    && h.case.received_at < end
            );
            assert!(
                h.events.iter().all(|e| e.0 < end + 86_400_000),
                "no event far in the future"
            );
            assert!(
                h.events.windows(2).all(|w| w[0].0 <= w[1].0 + 3_600_000),
                "events in order for {}",
                h.case.case_no
            );
            if !matches!(h.case.status, CaseStatus::Received | CaseStatus::Merged)
                && h.case.outcome != Some(Outcome::AnsweredAtIntake)
            {
                assert!(
                    h.case.agent_id.is_some(),
                    "every routed case has exactly one agent"
                );
            }
        }
        let nos: std::collections::HashSet<_> = a.iter().map(|h| h.case.case_no.clone()).collect();
        assert_eq!(nos.len(), a.len(), "case numbers are unique");
    }
}
