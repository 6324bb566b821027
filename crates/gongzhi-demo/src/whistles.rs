//! The demo district's whistles: a few hundred over 2025–2026 (one for about every sixty cases), all four reasons,
//! the units each reason summons, most reports in time, some late, a few missing (closed with a reason), and the
//! streets' ratings. Deterministic like the case history.

use crate::history::{Rng, history_end};
use gongzhi_domain::Millis;
use gongzhi_domain::calendar::start_of;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::import::{DistrictIndex, HistoricWhistle};
use gongzhi_domain::org::UnitId;
use gongzhi_domain::whistle::{Rating, Summons, Whistle, WhistleNo, WhistleStatus};

const MINUTE: Millis = 60_000;
const HOUR: Millis = 60 * MINUTE;

/// (reason, minutes to report, weight, units it summons, titles)
type ReasonRow = (
    &'static str,
    u32,
    u64,
    &'static [&'static str],
    &'static [&'static str],
);

const REASONS: [ReasonRow; 4] = [
    (
        "demand",
        120,
        40,
        &[
            "dept.cgw",
            "dept.zjw",
            "dept.yllh",
            "dept.hw",
            "dept.mz",
            "dept.sthj",
        ],
        &[
            "老旧小区雨污管线改造协调",
            "小区周边道路积水反复反映",
            "背街小巷环境整治",
            "社区停车难问题协调",
            "楼宇外墙脱落隐患处置",
        ],
    ),
    (
        "enforcement",
        120,
        30,
        &["dept.cgzf", "dept.zjw", "dept.scjg", "dept.sthj", "dept.ga"],
        &[
            "拆除违法建设",
            "整治占道经营",
            "查处无证餐饮",
            "夜间施工扰民联合执法",
            "群租房联合整治",
        ],
    ),
    (
        "emergency",
        30,
        15,
        &[
            "ent.gas",
            "ent.water",
            "ent.power",
            "ent.heat",
            "dept.ga",
            "dept.cgw",
        ],
        &[
            "燃气泄漏紧急处置",
            "供水管线爆裂抢修",
            "小区大面积停电",
            "供热管道泄漏抢修",
            "暴雨积水紧急排险",
        ],
    ),
    (
        "key_task",
        240,
        15,
        &["dept.cgw", "dept.zjw", "dept.sthj", "dept.yllh"],
        &[
            "背街小巷精细化整治推进",
            "垃圾分类示范片区创建",
            "老旧小区综合整治推进",
            "冬季供暖保障协调",
        ],
    ),
];

/// Generates about `n` whistles over the history's period, numbered from `first_seq` each day (so a second batch
/// can sit beside the first).
pub fn generate_whistles(
    index: &DistrictIndex,
    n: usize,
    seed: u64,
    first_seq: u32,
) -> Vec<HistoricWhistle> {
    let mut rng = Rng::new(seed);
    let start = start_of(jiff::civil::date(2025, 1, 1));
    let end = history_end();
    let mut streets: Vec<(UnitId, GeoPoint, String)> = Vec::new();
    for c in &index.communities {
        if !streets.iter().any(|s| s.0 == c.street_id) {
            streets.push((c.street_id, c.centre, c.street_name.clone()));
        }
    }
    let total_weight: u64 = REASONS.iter().map(|r| r.2).sum();
    let mut at_list: Vec<Millis> = (0..n)
        .map(|_| start + rng.below(((end - start) / 1000) as u64) as Millis * 1000)
        .collect();
    at_list.sort_unstable();
    let mut per_day: std::collections::HashMap<u32, u32> = Default::default();
    let mut out = Vec::with_capacity(n);
    for blown_at in at_list {
        // Mostly in working hours.
        let hour = ((blown_at + 8 * HOUR) % (24 * HOUR)) / HOUR;
        let blown_at = if hour < 8 {
            blown_at + 9 * HOUR
        } else {
            blown_at
        };
        if blown_at >= end {
            continue;
        }
        let mut pick = rng.below(total_weight);
        let mut reason = &REASONS[0];
        for r in &REASONS {
            if pick < r.2 {
                reason = r;
                break;
            }
            pick -= r.2;
        }
        let (street_id, centre, street_name) = rng.pick(&streets).clone();
        let Some(street) = index.units.get(&street_id) else {
            continue;
        };
        let blower = street.agents.first().map(|a| a.0);
        let day = gongzhi_domain::local_yyyymmdd(blown_at);
        let seq = per_day.entry(day).or_insert(first_seq);
        *seq += 1;
        let title = format!("{}{}", street_name, rng.pick(reason.4));
        let mut whistle = Whistle {
            id: uuid::Uuid::now_v7().to_string(),
            whistle_no: WhistleNo::new(day, *seq),
            street_id,
            blown_unit_id: street_id,
            blown_by: blower,
            reason: reason.0.to_owned(),
            title: title.clone(),
            description: format!("{title}：街道难以独立解决，召集相关部门到场共同处置。"),
            address: format!("石景山区{street_name}街道辖区"),
            point: Some(centre),
            report_minutes: reason.1,
            blown_at,
            status: WhistleStatus::Open,
            outcome: String::new(),
            close_reason: String::new(),
            closed_at: None,
            version: 1,
        };
        let due = blown_at + reason.1 as Millis * MINUTE;
        let mut events = vec![(blown_at, "blown", None, blower, String::new())];
        let mut summons = Vec::new();
        let mut reporters = Vec::new();
        let how_many = 1 + rng.below(3) as usize;
        let mut codes: Vec<&str> = Vec::new();
        while codes.len() < how_many.min(reason.3.len()) {
            let c = *rng.pick(reason.3);
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        for code in codes {
            let Some(&unit_id) = index.unit_by_code.get(code) else {
                continue;
            };
            let Some(unit) = index.units.get(&unit_id) else {
                continue;
            };
            let roll = rng.below(100);
            let reported_at = match roll {
                0..=84 => Some(
                    blown_at
                        + 5 * MINUTE
                        + rng.below(((reason.1 as Millis * MINUTE) * 8 / 10) as u64) as Millis,
                ),
                85..=94 => Some(due + 5 * MINUTE + rng.below(2 * HOUR as u64) as Millis),
                _ => None,
            }
            .filter(|at| *at < end);
            let reporter = unit.agents.first().map(|a| a.0);
            if let Some(at) = reported_at {
                events.push((
                    at,
                    if at <= due {
                        "reported"
                    } else {
                        "reported_late"
                    },
                    Some(unit_id),
                    reporter,
                    "到场处置。".into(),
                ));
            } else if due < end {
                events.push((
                    due + 2 * MINUTE,
                    "report_overdue",
                    Some(unit_id),
                    None,
                    String::new(),
                ));
            }
            summons.push(Summons {
                unit_id,
                unit_code: code.to_owned(),
                unit_name: unit.name.clone(),
                summoned_at: blown_at,
                due_at: due,
                reported_at,
                on_site: reported_at.map(|_| rng.chance(0.9)),
                people: reported_at
                    .map(|_| {
                        unit.agents
                            .iter()
                            .take(1 + rng.below(2) as usize)
                            .map(|a| a.1.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
                action: if reported_at.is_some() {
                    "到场查看并按职责处置。".into()
                } else {
                    String::new()
                },
                rating: None,
                closed_at: None,
            });
            reporters.push(reporter);
        }
        if summons.is_empty() {
            continue;
        }
        // Closed after the last report (hours for an emergency, days otherwise), unless that is after the history.
        let last = summons
            .iter()
            .filter_map(|s| s.reported_at)
            .max()
            .unwrap_or(due);
        let close_at = last
            + if reason.0 == "emergency" {
                HOUR + rng.below(6 * HOUR as u64) as Millis
            } else {
                (1 + rng.below(10) as Millis) * 24 * HOUR
            };
        if close_at < end {
            whistle.status = WhistleStatus::Closed;
            whistle.closed_at = Some(close_at);
            whistle.outcome = "问题已处置完毕。".into();
            for s in &mut summons {
                s.closed_at = Some(close_at);
            }
            if summons.iter().any(|s| s.reported_at.is_none()) {
                whistle.close_reason = "个别单位未到场，已电话督促并记录。".into();
            }
            events.push((close_at, "closed", None, blower, whistle.outcome.clone()));
            let rated_at = close_at + rng.below(2 * 24 * HOUR as u64) as Millis;
            if rated_at < end {
                for s in &mut summons {
                    let (t, a, r) = match s.reported_at {
                        Some(at) if at <= due => (
                            4 + rng.below(2) as u8,
                            3 + rng.below(3) as u8,
                            3 + rng.below(3) as u8,
                        ),
                        Some(_) => (
                            2 + rng.below(2) as u8,
                            3 + rng.below(2) as u8,
                            3 + rng.below(2) as u8,
                        ),
                        None => (1, 1 + rng.below(2) as u8, 1 + rng.below(2) as u8),
                    };
                    s.rating = Some(Rating {
                        timeliness: t,
                        attitude: a,
                        result: r,
                        comment: String::new(),
                        rated_at,
                    });
                    events.push((rated_at, "rated", Some(s.unit_id), blower, String::new()));
                }
            }
        }
        events.sort_by_key(|e| e.0);
        out.push(HistoricWhistle {
            whistle,
            summons,
            events,
            reporters,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whistles_have_every_reason_some_late_and_missing_reports_and_ratings() {
        let index = crate::history::tests::index();
        let ws = generate_whistles(&index, 400, 9, 0);
        assert!(ws.len() > 350, "{}", ws.len());
        for r in ["demand", "enforcement", "emergency", "key_task"] {
            assert!(ws.iter().any(|w| w.whistle.reason == r), "{r}");
        }
        let all: Vec<&Summons> = ws.iter().flat_map(|w| &w.summons).collect();
        let late = all
            .iter()
            .filter(|s| s.reported_at.is_some_and(|at| at > s.due_at))
            .count();
        let missing = all.iter().filter(|s| s.reported_at.is_none()).count();
        assert!(late > 10 && missing > 5, "late {late}, missing {missing}");
        assert!(all.iter().filter(|s| s.rating.is_some()).count() > all.len() / 2);
        for w in &ws {
            if w.summons.iter().any(|s| s.reported_at.is_none())
                && w.whistle.status == WhistleStatus::Closed
            {
                assert!(
                    !w.whistle.close_reason.is_empty(),
                    "closing with a missing report needs a reason"
                );
            }
            assert!(w.events.windows(2).all(|p| p[0].0 <= p[1].0));
        }
        let nos: std::collections::HashSet<_> =
            ws.iter().map(|w| w.whistle.whistle_no.clone()).collect();
        assert_eq!(nos.len(), ws.len(), "numbers are unique");
    }
}
