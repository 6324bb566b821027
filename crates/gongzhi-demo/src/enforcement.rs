//! The demo district's enforcement cases: a couple of hundred over 2025–2026 under the demo powers, most carried from
//! filing to closing on the Administrative Penalty Law's clock, a few not filed, with the measured results the
//! statistics page sums (fines collected, square metres of illegal construction removed, stalls cleared).

use crate::history::{Rng, history_end};
use gongzhi_domain::Millis;
use gongzhi_domain::calendar::start_of;
use gongzhi_domain::enforcement::{self, EnforcementCase, PartyKind, Stage};
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

/// Generates about `n` cases under `powers` (the catalogue's version 1).
pub fn generate_enforcement(
    index: &DistrictIndex,
    powers: &[Power],
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
        let mut events = vec![(at, "opened", officer, String::new())];
        let mut t = at + (1 + rng.below(3) as Millis) * DAY;
        let mut story = |c: &mut EnforcementCase, events: &mut Vec<_>| -> Option<()> {
            if t >= end {
                return None;
            }
            if rng.chance(0.05) {
                c.stage = Stage::Dropped;
                events.push((t, "dropped", head, "证据不足，不予立案。".to_owned()));
                return None;
            }
            let (stage, due) = enforcement::file(c, true, true, t).ok()?;
            (c.stage, c.filed_at, c.decision_due_at) = (stage, Some(t), due);
            events.push((t, "filed", head, String::new()));
            t += (2 + rng.below(15) as Millis) * DAY;
            if t >= end {
                return None;
            }
            events.push((t, "evidence", officer, "现场检查笔录、照片。".to_owned()));
            let kind = if power.penalties.contains(&Penalty::Fine) {
                Penalty::Fine
            } else {
                power.penalties[0]
            };
            let fine = (kind == Penalty::Fine).then(|| {
                let min = power.fine_min_fen.unwrap_or(100_000);
                let max = power.fine_max_fen.unwrap_or(min.max(100_000) * 10);
                (min + rng.below((max - min).max(1) as u64) as Millis) / 100 * 100
            });
            t += DAY;
            let (hearing, defence) = enforcement::notify(c, &power, kind, fine, t).ok()?;
            (
                c.stage,
                c.notified_at,
                c.defence_due_at,
                c.hearing_offered,
                c.proposed_kind,
                c.proposed_fine_fen,
            ) = (
                Stage::Notified,
                Some(t),
                Some(defence),
                hearing,
                Some(kind),
                fine,
            );
            events.push((t, "notified", officer, String::new()));
            t = defence + (1 + rng.below(7) as Millis) * DAY;
            if t >= end {
                return None;
            }
            enforcement::decide(c, &power, kind, fine, t).ok()?;
            (c.stage, c.decided_at, c.decision_kind, c.fine_fen) =
                (Stage::Decided, Some(t), Some(kind), fine);
            events.push((t, "decided", officer, String::new()));
            t += (1 + rng.below(15) as Millis) * DAY;
            if t >= end {
                return None;
            }
            c.stage = Stage::Executed;
            c.executed_at = Some(t);
            c.fine_collected_fen = fine.unwrap_or(0);
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

#[cfg(test)]
mod tests {
    #[test]
    fn most_cases_run_their_course_within_the_powers() {
        let index = crate::history::tests::index();
        let powers = crate::powers::powers();
        let cases = super::generate_enforcement(&index, &powers, 300, 3);
        assert!(
            cases
                .iter()
                .filter(|c| c.case.stage == super::Stage::Closed)
                .count()
                > 200
        );
        assert!(cases.iter().any(|c| c.case.stage == super::Stage::Dropped));
        for c in &cases {
            if let Some(f) = c.case.fine_fen {
                let p = powers.iter().find(|p| p.code == c.case.power_code).unwrap();
                assert!(p.allows_fine(f), "{} {f}", p.code);
            }
        }
        assert!(
            cases.iter().map(|c| c.case.removed_sqm_x100).sum::<i64>() > 0
                && cases.iter().map(|c| c.case.stalls_cleared).sum::<i64>() > 0
        );
    }
}
