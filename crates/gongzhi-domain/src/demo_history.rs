//! The demo district's history: about 20,000 cases received from January 2025 to November 2026, spread over the
//! catalogue and the district, with believable Chinese text, contacts, replies, closings and verdicts (mostly
//! satisfied, not all), and some overdue, escalated, sent back and reopened cases. Every case is played through the
//! same life-cycle functions as live cases, so the history obeys the same rules. A fixed seed and a fixed end date
//! make two runs give the same district.

use crate::Millis;
use crate::calendar::{Calendar, start_of};
use crate::cases::{Case, CaseId, CaseKind, CaseNo, CaseStatus, Channel, NewCase, Outcome, PhoneNumber, Satisfaction};
use crate::catalogue::{Accountable, Category, Tier};
use crate::geo::GeoPoint;
use crate::lifecycle::{self, Assignment, NewEvent, Relation, VerdictSource};
use crate::org::{UnitId, UserId};
use crate::routing::{self, Candidate};

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

/// A community as the generator needs it.
#[derive(Debug, Clone)]
pub struct CommunityRef {
    pub id: UnitId,
    pub street_id: UnitId,
    pub name: String,
    pub street_name: String,
    pub centre: GeoPoint,
}

/// A unit that can own cases, with its agents (head first).
#[derive(Debug, Clone)]
pub struct UnitRef {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub agents: Vec<(UserId, String)>,
}

/// What the generator reads from the seeded district.
#[derive(Debug, Clone)]
pub struct DistrictIndex {
    pub communities: Vec<CommunityRef>,
    /// Communities, streets, departments, enterprises and the leaders' office, by code.
    pub units: std::collections::HashMap<UnitId, UnitRef>,
    pub unit_by_code: std::collections::HashMap<String, UnitId>,
    pub leaders_office: UnitId,
    pub dispatcher: UserId,
    /// The dispatcher's unit (the district's centre), where consultations answered at intake are counted.
    pub dispatcher_unit: UnitId,
}

/// One generated case: its final state and its timeline (instant, entry, acting staff member).
#[derive(Debug, Clone)]
pub struct HistoricCase {
    pub case: Case,
    pub events: Vec<(Millis, NewEvent, Option<UserId>)>,
    /// Send-back requests: (requested at, unit, by, reason, approved?).
    pub send_backs: Vec<(Millis, UnitId, Option<UserId>, String, bool)>,
}

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
const TITLES: &[&str] = &["女士", "先生", "阿姨", "大爷", "女士", "先生"];
const BUILDINGS: &[&str] = &["1号楼", "2号楼", "3号楼", "5号楼", "6号楼", "8号楼", "11号楼", "12号楼", "15号楼", "东门", "西门", "南门", "北侧", "底商"];
const WHEN: &[&str] = &["最近一周", "这几天", "每天晚上", "从上个月开始", "连续三天", "昨天晚上", "今天早上", "周末"];
const ASKS: &[&str] = &["希望尽快处理。", "请有关部门尽快解决。", "希望相关单位给个说法。", "请尽快派人来看看。", "影响正常生活，请帮忙协调。", "希望能彻底解决。"];

/// A believable title and description for a category at a place.
fn text(rng: &mut Rng, cat: &Category, community: &CommunityRef, kind: CaseKind) -> (String, String) {
    let place = format!("{}{}", community.name, rng.pick(BUILDINGS));
    let when = rng.pick(WHEN);
    let ask = rng.pick(ASKS);
    let detail = match cat.theme.as_str() {
        "噪音与污染" => format!("{when}{place}附近{}，严重影响休息，老人孩子都睡不好。", cat.name),
        "水电气热" => format!("{place}{when}出现{}问题，家里有老人，生活很不方便。", cat.name),
        "住房与物业" => format!("{place}{}，找过物业多次没有结果。", cat.name),
        "违法建设" => format!("{place}有人{}，占用公共空间，存在安全隐患。", cat.name),
        "市容环境" => format!("{place}{}，{when}一直没人管，环境很差。", cat.name),
        "交通与停车" => format!("{place}{}，{when}尤其严重，出行不便。", cat.name),
        "市场与食品安全" => format!("{place}附近商户存在{}问题，{when}发现的，担心消费者权益受损。", cat.name),
        "劳动与社保" => format!("本人在{}居住，遇到{}问题，{when}多次沟通未果。", community.street_name, cat.name),
        "民政与养老" => format!("家住{place}，家中有老人需要{}方面的帮助。", cat.name),
        "邻里与社区" => format!("{place}{}，{when}双方协商不成，请社区出面。", cat.name),
        _ => format!("{place}{}，{when}发现。", cat.name),
    };
    let title = match kind {
        CaseKind::Consultation => format!("咨询{}相关政策", cat.name),
        CaseKind::Suggestion => format!("关于{}的建议", cat.name),
        CaseKind::Report => format!("举报{}{}", community.name, cat.name),
        _ => format!("{}{}", community.name, cat.name),
    };
    (title, format!("{detail}{ask}"))
}

/// How often each theme comes up (heating only in the heating season, see `generate`).
fn theme_weight(theme: &str) -> u64 {
    match theme {
        "噪音与污染" | "住房与物业" | "市容环境" => 14,
        "水电气热" | "交通与停车" => 10,
        "邻里与社区" | "民政与养老" => 8,
        _ => 5,
    }
}

fn kind_for(rng: &mut Rng, cat: &Category) -> CaseKind {
    if cat.theme == "咨询建议" && cat.code == "N01" {
        return CaseKind::Consultation;
    }
    match rng.below(100) {
        0..=44 => CaseKind::Complaint,
        45..=69 => CaseKind::Help,
        70..=81 => CaseKind::Consultation,
        82..=86 => CaseKind::Suggestion,
        87..=94 => CaseKind::Report,
        95..=97 => CaseKind::Petition,
        _ => CaseKind::Dispute,
    }
}

fn channel_for(rng: &mut Rng) -> Channel {
    match rng.below(100) {
        0..=69 => Channel::Hotline,
        70..=89 => Channel::Web,
        90..=94 => Channel::WalkIn,
        95..=96 => Channel::Letter,
        _ => Channel::Api,
    }
}

fn assignment(index: &DistrictIndex, unit_id: UnitId, tier: Tier, load: &mut std::collections::HashMap<UserId, i64>, cat: &Category, rule: &str) -> Option<Assignment> {
    let unit = index.units.get(&unit_id)?;
    let candidates: Vec<Candidate> = unit
        .agents
        .iter()
        .map(|(id, name)| Candidate { user_id: *id, name: name.clone(), username: name.clone(), open_cases: *load.get(id).unwrap_or(&0) })
        .collect();
    let chosen = routing::choose_agent(&candidates)?.clone();
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

/// Applies one step of a case's story and records its timeline entries.
fn play(change: lifecycle::Change, at: Millis, actor: Option<UserId>, h: &mut HistoricCase, case: &mut Case) {
    change.apply_to(case);
    for e in change.events {
        h.events.push((at, e, actor));
    }
}

/// Generates `n` cases. `catalogue` is the version-1 catalogue; `seed` fixes the district's history.
pub fn generate(index: &DistrictIndex, catalogue: &[Category], calendar: &Calendar, n: usize, seed: u64) -> Vec<HistoricCase> {
    let mut rng = Rng::new(seed);
    let start = start_of(jiff::civil::date(2025, 1, 1));
    let end = history_end();
    let span = end - start;
    let total_weight: u64 = catalogue.iter().map(|c| theme_weight(&c.theme)).sum();
    let mut load: std::collections::HashMap<UserId, i64> = std::collections::HashMap::new();
    let mut per_day: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    let mut received: Vec<Millis> = (0..n).map(|_| start + (rng.below(span as u64 / 1000) as i64) * 1000).collect();
    received.sort_unstable();
    let hour = 3_600_000i64;
    let day = 24 * hour;
    let mut out = Vec::with_capacity(n);
    for received_at in received {
        // Working hours mostly: shift night-time receipts into the day.
        let local_hour = ((received_at + 8 * hour) % day) / hour;
        let received_at = if local_hour < 7 { received_at + 8 * hour } else { received_at };
        if received_at >= end {
            continue;
        }
        let month = crate::calendar::local_date(received_at).month();
        let heating_season = matches!(month, 11 | 12 | 1 | 2 | 3);
        let mut pick = rng.below(total_weight);
        let mut cat = &catalogue[0];
        for c in catalogue {
            let w = theme_weight(&c.theme);
            if pick < w {
                cat = c;
                break;
            }
            pick -= w;
        }
        if !heating_season && matches!(cat.code.as_str(), "E07" | "E08" | "E09") {
            cat = &catalogue[rng.below(10) as usize];
        }
        let community = rng.pick(&index.communities).clone();
        let kind = kind_for(&mut rng, cat);
        let channel = channel_for(&mut rng);
        let (title, description) = text(&mut rng, cat, &community, kind);
        let date = crate::local_yyyymmdd(received_at);
        let seq = per_day.entry(date).or_insert(0);
        *seq += 1;
        let jitter = |r: &mut Rng| (r.below(2000) as f64 - 1000.0) / 400_000.0;
        let point = GeoPoint { lat: community.centre.lat + jitter(&mut rng), lon: community.centre.lon + jitter(&mut rng) };
        let new = NewCase {
            kind,
            channel,
            title,
            description,
            address: format!("石景山区{}{}{}", community.street_name, community.name, rng.pick(BUILDINGS)),
            point: Some(point),
            resident_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(TITLES)),
            phone: PhoneNumber::parse(&format!("1{}{:09}", [3, 5, 7, 8, 9][rng.below(5) as usize], rng.below(1_000_000_000)))
                .expect("a generated mainland mobile number"),
            confidential: kind == CaseKind::Report,
        };
        let place = crate::org::CasePlace { street_id: Some(community.street_id), community_id: Some(community.id), accountable_unit_id: None };
        let created_at = received_at + rng.below(30) as i64 * 60_000;
        let mut case = Case::received(CaseId::new(), CaseNo::new(date, *seq), &new, place, received_at, created_at);
        let mut h = HistoricCase { case: case.clone(), events: vec![(received_at, NewEvent::public("submitted", ""), None)], send_backs: Vec::new() };
        let mut t = case.created_at;

        // 60% of consultations are answered at intake from the knowledge base.
        if kind == CaseKind::Consultation && rng.chance(0.6) {
            let by = lifecycle::IntakeAnswerer { operator: index.dispatcher, unit: index.dispatcher_unit, category: Some((cat.code.clone(), 1)) };
            let change = lifecycle::answer_at_intake(&case, t + 5 * 60_000, &format!("已根据知识库解答：{}", cat.notice), "demo", &by).expect("received");
            play(change, t + 5 * 60_000, Some(index.dispatcher), &mut h, &mut case);
            if rng.chance(0.5) {
                let s = if rng.chance(0.9) { Satisfaction::Satisfied } else { Satisfaction::Basic };
                let c = lifecycle::rate(&case, true, s, VerdictSource::Resident, t + hour, lifecycle::VERDICT_WINDOW_DAYS).expect("closed");
                play(c, t + hour, None, &mut h, &mut case);
            }
            h.case = case;
            out.push(h);
            continue;
        }

        // Route by the catalogue.
        let Ok(unit_id) = routing::accountable_unit(&cat.accountable, place, |code| index.unit_by_code.get(code).copied()) else { continue };
        let Some(to) = assignment(index, unit_id, cat.tier(), &mut load, cat, "catalogue") else { continue };
        let clocks = lifecycle::clocks(calendar, received_at, cat.contact_hours, cat.handle_days);
        t += 10 * 60_000 + rng.below(50) as i64 * 60_000;
        let dispatcher = Relation { is_dispatcher: true, user_id: Some(index.dispatcher), ..Default::default() };
        let change = lifecycle::route(&case, dispatcher, (&cat.code, 1), &to, Some(clocks), (None, None)).expect("routable");
        play(change, t, Some(index.dispatcher), &mut h, &mut case);
        let mut agent = Relation { is_agent: true, user_id: Some(to.agent_id), ..Default::default() };

        // Some units ask to send the case back; two in three requests are approved and the case goes to the street.
        if cat.accountable == Accountable::Community && rng.chance(0.04) {
            t += 2 * hour;
            let reason = "经核实不属于本社区职责范围，申请退单。".to_owned();
            let change = lifecycle::request_send_back(&case, agent, &reason, &[]).expect("routed");
            play(change, t, Some(to.agent_id), &mut h, &mut case);
            t += 3 * hour;
            let approved = rng.chance(0.67);
            h.send_backs.push((t - 3 * hour, unit_id, Some(to.agent_id), reason, approved));
            if approved {
                if let Some(street_to) = assignment(index, community.street_id, Tier::Street, &mut load, cat, "send_back_approved") {
                    let change = lifecycle::route(&case, dispatcher, (&cat.code, 1), &street_to, None, (Some(to.unit_name.clone()), Some(to.agent_name.clone()))).expect("open");
                    play(change, t, Some(index.dispatcher), &mut h, &mut case);
                    agent = Relation { is_agent: true, user_id: Some(street_to.agent_id), ..Default::default() };
                }
            } else {
                let change = lifecycle::reject_send_back(&case, dispatcher, "属于社区职责，请继续办理。").expect("pending");
                play(change, t, Some(index.dispatcher), &mut h, &mut case);
            }
        }
        let actor = agent.user_id;

        // Contact: mostly within the limit, sometimes late.
        let contact_limit = cat.contact_hours as i64 * hour;
        let contact_at = received_at + if rng.chance(0.92) { rng.below(contact_limit as u64 * 9 / 10) as i64 + 10 * 60_000 } else { contact_limit + rng.below(48) as i64 * hour };
        if contact_at >= end {
            h.case = case;
            out.push(h);
            continue;
        }
        t = t.max(contact_at);
        play(lifecycle::accept(&case, agent, t).expect("assigned"), t, actor, &mut h, &mut case);
        play(lifecycle::contact(&case, agent, t, "已电话联系居民，了解诉求详情。").expect("routed"), t, actor, &mut h, &mut case);

        // Overdue ones: some escalate one tier.
        let due = case.handle_due_at.unwrap_or(t + 5 * day);
        let overdue = rng.chance(0.12);
        if overdue && rng.chance(0.4)
            && let Some(up) = lifecycle::next_tier(&case) {
                let esc_at = due + 2 * day;
                if esc_at < end
                    && let Ok(up_unit) = routing::escalation_unit(up, place, Some(index.leaders_office))
                        && let Some(up_to) = assignment(index, up_unit, up, &mut load, cat, "escalation") {
                            let prev = (Some(index.units[&case.accountable_unit_id.unwrap()].name.clone()), None);
                            let change = lifecycle::escalate(&case, Relation::system(), "超过办理时限，自动升级。", &up_to, Some(calendar.deadline(esc_at, cat.handle_days)), prev).expect("open");
                            play(change, esc_at, None, &mut h, &mut case);
                            agent = Relation { is_agent: true, user_id: Some(up_to.agent_id), ..Default::default() };
                            t = esc_at;
                            play(lifecycle::accept(&case, agent, t + hour).expect("assigned"), t + hour, agent.user_id, &mut h, &mut case);
                        }
            }
        let actor = agent.user_id;
        // Close before or after the deadline.
        let close_at = if overdue {
            case.handle_due_at.unwrap_or(due) + (1 + rng.below(6) as i64) * day
        } else {
            t + (rng.below(((due - t).max(hour)) as u64 * 9 / 10) as i64).max(hour)
        };
        if close_at >= end {
            // Still open at the end of the history; a few wait on the resident.
            if rng.chance(0.1) && case.status == CaseStatus::InProgress {
                let p = lifecycle::pause(&case, agent, t + hour, "等待居民补充材料。").expect("in progress");
                play(p, t + hour, actor, &mut h, &mut case);
            }
            h.case = case;
            out.push(h);
            continue;
        }
        let reply = format!("您反映的问题已处理：{}", cat.notice);
        play(lifecycle::reply(&case, agent, &reply).expect("open"), close_at - hour, actor, &mut h, &mut case);
        let outcome = match rng.below(10) {
            0 => Outcome::NotSubstantiated,
            1 | 2 => Outcome::Explained,
            _ => Outcome::Resolved,
        };
        play(lifecycle::close(&case, agent, close_at, outcome, "已办结。").expect("in progress"), close_at, actor, &mut h, &mut case);

        // Verdicts: most residents answer; most are satisfied; some reopen.
        if rng.chance(0.85) {
            let at = close_at + (2 + rng.below(46) as i64) * hour;
            if at < end {
                let roll = rng.below(100);
                let satisfaction = if roll < 74 { Satisfaction::Satisfied } else if roll < 90 { Satisfaction::Basic } else { Satisfaction::Dissatisfied };
                let resolved = satisfaction != Satisfaction::Dissatisfied && outcome != Outcome::NotSubstantiated;
                let source = if rng.chance(0.3) { VerdictSource::Callback } else { VerdictSource::Resident };
                play(lifecycle::rate(&case, resolved, satisfaction, source, at, lifecycle::VERDICT_WINDOW_DAYS).expect("closed"), at, None, &mut h, &mut case);
                if satisfaction == Satisfaction::Dissatisfied && rng.chance(0.6) {
                    let reopen_at = at + hour;
                    let c = lifecycle::reopen(&case, reopen_at, cat.handle_days, calendar, "问题没有解决，申请重办。", lifecycle::VERDICT_WINDOW_DAYS).expect("dissatisfied");
                    play(c, reopen_at, None, &mut h, &mut case);
                    let redo_close = reopen_at + (1 + rng.below(4) as i64) * day;
                    if redo_close < end {
                        play(lifecycle::close(&case, agent, redo_close, Outcome::Resolved, "重办完成。").expect("redo"), redo_close, actor, &mut h, &mut case);
                        let verdict_at = redo_close + 4 * hour;
                        if verdict_at < end {
                            let s = if rng.chance(0.7) { Satisfaction::Satisfied } else { Satisfaction::Basic };
                            play(lifecycle::rate(&case, true, s, VerdictSource::Resident, verdict_at, lifecycle::VERDICT_WINDOW_DAYS).expect("closed"), verdict_at, None, &mut h, &mut case);
                        }
                    }
                }
            }
        }
        h.case = case;
        out.push(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::UnitKind;
    use std::collections::HashMap;

    /// An index over the demo units with made-up ids and one or two agents per unit.
    fn index() -> DistrictIndex {
        let units = crate::demo::units();
        let mut ids: HashMap<String, UnitId> = HashMap::new();
        let mut rng = Rng::new(7);
        for u in &units {
            ids.insert(u.code.clone(), UnitId(uuid::Uuid::from_u64_pair(1, rng.next_u64())));
        }
        let mut refs = HashMap::new();
        let mut communities = Vec::new();
        for u in &units {
            let owns = matches!(u.kind, UnitKind::Community | UnitKind::Street | UnitKind::Department | UnitKind::Enterprise | UnitKind::LeadersOffice);
            if !owns {
                continue;
            }
            let agents = (0..2).map(|i| (UserId(uuid::Uuid::from_u64_pair(2, rng.next_u64())), format!("{}-{i}", u.code))).collect();
            refs.insert(ids[&u.code], UnitRef { id: ids[&u.code], code: u.code.clone(), name: u.name.clone(), agents });
            if u.kind == UnitKind::Community {
                let street = u.parent_code.as_ref().unwrap();
                let street_name = units.iter().find(|x| &x.code == street).unwrap().name.clone();
                communities.push(CommunityRef { id: ids[&u.code], street_id: ids[street], name: u.name.clone(), street_name, centre: u.centre.unwrap() });
            }
        }
        DistrictIndex {
            communities,
            units: refs,
            unit_by_code: ids.clone(),
            leaders_office: ids["leaders"],
            dispatcher: UserId(uuid::Uuid::from_u64_pair(3, 3)),
            dispatcher_unit: ids["district"],
        }
    }

    #[test]
    fn the_history_is_deterministic_varied_and_obeys_the_rules() {
        let index = index();
        let catalogue = crate::catalogue::demo_catalogue();
        let calendar = Calendar::shipped();
        let a = generate(&index, &catalogue, &calendar, 3000, 42);
        let b = generate(&index, &catalogue, &calendar, 3000, 42);
        assert!(a.len() > 2900, "{}", a.len());
        let key = |h: &HistoricCase| (h.case.case_no.clone(), h.case.title.clone(), h.case.status, h.events.len());
        assert_eq!(a.iter().map(key).collect::<Vec<_>>(), b.iter().map(key).collect::<Vec<_>>(), "same seed, same history");

        let count = |f: &dyn Fn(&HistoricCase) -> bool| a.iter().filter(|h| f(h)).count();
        let closed = count(&|h| h.case.status == CaseStatus::Closed);
        let open = count(&|h| h.case.status.is_open());
        assert!(closed > a.len() * 8 / 10 && open > 10, "closed {closed}, open {open}");
        assert!(count(&|h| h.case.outcome == Some(Outcome::AnsweredAtIntake)) > 100);
        assert!(count(&|h| h.events.iter().any(|e| e.1.event == "escalated")) > 20);
        assert!(count(&|h| !h.send_backs.is_empty()) > 10);
        assert!(count(&|h| h.case.reopen_count == 1) > 5);
        let rated: Vec<_> = a.iter().filter_map(|h| h.case.satisfaction).collect();
        let satisfied = rated.iter().filter(|s| **s != Satisfaction::Dissatisfied).count();
        assert!(satisfied * 100 / rated.len() > 85, "mostly satisfied");
        assert!(rated.contains(&Satisfaction::Dissatisfied), "not all");
        let end = history_end();
        for h in &a {
            assert!(h.case.received_at >= start_of(jiff::civil::date(2025, 1, 1)) && h.case.received_at < end);
            assert!(h.events.iter().all(|e| e.0 < end + 86_400_000), "no event far in the future");
            assert!(h.events.windows(2).all(|w| w[0].0 <= w[1].0 + 3_600_000), "events in order for {}", h.case.case_no);
            if h.case.status != CaseStatus::Received && h.case.outcome != Some(Outcome::AnsweredAtIntake) {
                assert!(h.case.agent_id.is_some(), "every routed case has exactly one agent");
            }
        }
        let nos: std::collections::HashSet<_> = a.iter().map(|h| h.case.case_no.clone()).collect();
        assert_eq!(nos.len(), a.len(), "case numbers are unique");
    }
}
