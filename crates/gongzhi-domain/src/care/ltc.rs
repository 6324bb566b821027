//! Long-term-care insurance (长期护理保险): who is insured, contributions per payer, who may receive benefits in a
//! month, and the monthly settlement of a provider's verified service records in exact money (fen, integers only).
//!
//! Benefits follow 当期参保、当期受益: care in a month is paid only for someone insured whose contribution for that
//! year is paid, whose assessment conclusion is in force that month (from the month after it was concluded, for two
//! years) at an eligible level (severe disability, levels 3–5, first), within an accepted care plan. Within the
//! monthly cap the fund pays its share and the elder the rest; above the cap the elder pays everything.

use serde::Serialize;

use super::Need;

coded!(
    /// Which basic medical insurance the person is in (students and children are not covered by the pilot).
    Category { Employee = "employee", Resident = "resident" }
);

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::Employee => "职工",
            Category::Resident => "城乡居民",
        }
    }
}

coded!(
    /// Who paid a contribution row: the shares stay auditable.
    Payer { Individual = "individual", Employer = "employer", Government = "government", Society = "society" }
);

impl Payer {
    pub fn label(self) -> &'static str {
        match self {
            Payer::Individual => "个人",
            Payer::Employer => "单位",
            Payer::Government => "财政",
            Payer::Society => "社会捐助",
        }
    }
}

/// The benefit rule for one level (data, with the month it takes effect): the monthly cap and the fund's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelRule {
    /// First month in force (YYYYMM).
    pub effective_from: i64,
    pub level: u8,
    pub monthly_cap_fen: i64,
    /// The fund's share of care within the cap, in per mille (700 = 70 %).
    pub fund_permille: i64,
}

/// The demo district's rules: levels 3–5 (severe) are eligible; caps of ¥1,200, ¥1,500 and ¥1,800 a month; the fund
/// pays 70 % within the cap. Pilots set their own (data).
pub fn default_rules() -> Vec<LevelRule> {
    [(3, 120_000), (4, 150_000), (5, 180_000)]
        .iter()
        .map(|&(level, cap)| LevelRule {
            effective_from: 202401,
            level,
            monthly_cap_fen: cap,
            fund_permille: 700,
        })
        .collect()
}

/// One share a year's contribution requires (data, with the first year in force): of a payer, for a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ContributionRule {
    pub effective_year: i64,
    pub category: Category,
    pub payer: Payer,
    pub amount_fen: i64,
}

/// Whether a year is paid (当期参保、当期受益): every share the rule in force for the year requires of the person's
/// category is in — checked rows, each at least its amount — so another payer's share alone never counts. Without a
/// rule for the category, the person's own share must be in.
pub fn contribution_paid(
    category: Category,
    rows: &[(Payer, i64)],
    rules: &[ContributionRule],
    year: i64,
) -> bool {
    let paid = |payer: Payer, at_least: i64| {
        rows.iter()
            .filter(|(p, _)| *p == payer)
            .map(|(_, a)| *a)
            .sum::<i64>()
            >= at_least
            && rows.iter().any(|(p, _)| *p == payer)
    };
    let from = rules
        .iter()
        .filter(|r| r.category == category && r.effective_year <= year)
        .map(|r| r.effective_year)
        .max();
    match from {
        Some(from) => rules
            .iter()
            .filter(|r| r.category == category && r.effective_year == from)
            .all(|r| paid(r.payer, r.amount_fen)),
        None => paid(Payer::Individual, 1),
    }
}

/// The rule in force for a level in a month (the latest that started by then), if the level is eligible.
pub fn rule_for(rules: &[LevelRule], level: u8, month: i64) -> Option<LevelRule> {
    rules
        .iter()
        .filter(|r| r.level == level && r.effective_from <= month)
        .max_by_key(|r| r.effective_from)
        .copied()
}

/// `YYYYMM` → the `YYYYMMDD` of its first day.
pub fn month_start(month: i64) -> i64 {
    month * 100 + 1
}

/// The month after `month` (YYYYMM).
pub fn next_month(month: i64) -> i64 {
    if month % 100 == 12 {
        (month / 100 + 1) * 100 + 1
    } else {
        month + 1
    }
}

/// The month before `month` (YYYYMM).
pub fn previous_month(month: i64) -> i64 {
    if month % 100 == 1 {
        (month / 100 - 1) * 100 + 12
    } else {
        month - 1
    }
}

/// Whether a month (YYYYMM) is a real one.
pub fn valid_month(month: i64) -> bool {
    (200001..=220012).contains(&month) && (1..=12).contains(&(month % 100))
}

/// Why someone receives no benefit in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    NotInsured,
    NotPaid,
    NoLevel,
    LevelNotEligible,
}

impl Ineligible {
    pub fn code(self) -> &'static str {
        match self {
            Ineligible::NotInsured => "not_insured",
            Ineligible::NotPaid => "contribution_unpaid",
            Ineligible::NoLevel => "no_level_in_force",
            Ineligible::LevelNotEligible => "level_not_eligible",
        }
    }
    pub fn reason(self) -> &'static str {
        match self {
            Ineligible::NotInsured => "未参加长期护理保险",
            Ineligible::NotPaid => "当年度保费未缴纳（当期参保、当期受益）",
            Ineligible::NoLevel => "当月没有有效的失能等级评估结论",
            Ineligible::LevelNotEligible => "失能等级不在待遇范围内",
        }
    }
}

/// What eligibility in a month depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub insured: bool,
    /// The contribution for the month's year is paid.
    pub paid: bool,
    /// The level of the conclusion in force during the month, if any.
    pub level: Option<u8>,
}

/// The rule that applies to someone in a month, or why none does.
pub fn eligibility(s: &Standing, rules: &[LevelRule], month: i64) -> Result<LevelRule, Ineligible> {
    if !s.insured {
        return Err(Ineligible::NotInsured);
    }
    if !s.paid {
        return Err(Ineligible::NotPaid);
    }
    let level = s.level.ok_or(Ineligible::NoLevel)?;
    rule_for(rules, level, month).ok_or(Ineligible::LevelNotEligible)
}

/// One service record offered for settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub record_id: String,
    pub elder_id: String,
    pub service: Need,
    /// The local day (YYYYMMDD) and instant order within the month.
    pub day: i64,
    pub amount_fen: i64,
    pub verified: bool,
    /// The service is in the elder's accepted plan for the month.
    pub in_plan: bool,
    /// The rule that applies to the elder in the month, or why none does.
    pub rule: Result<LevelRule, Ineligible>,
}

/// A settled line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub record_id: String,
    pub elder_id: String,
    pub amount_fen: i64,
    pub fund_fen: i64,
    pub self_fen: i64,
    pub over_cap_fen: i64,
    /// Why the fund pays nothing for it (`None`: accepted).
    pub rejected: Option<String>,
}

/// A settlement's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub lines: i64,
    pub amount_fen: i64,
    pub fund_fen: i64,
    pub self_fen: i64,
    pub over_cap_fen: i64,
    pub rejected_fen: i64,
}

/// The fund's share of an amount, rounded half up to the fen.
pub fn fund_share(amount_fen: i64, permille: i64) -> i64 {
    (amount_fen * permille + 500) / 1000
}

/// Settles a provider's month: claims in order of day (and the order given within a day); per elder, the cap is
/// used up in that order; the part within the cap is split between the fund (its share, rounded half up) and the
/// elder; the part above it is the elder's. Unverified claims, claims outside the plan and claims of elders with no
/// benefit that month are rejected with their reason (the fund pays nothing; the record stays the elder's to pay).
pub fn settle(claims: &[Claim]) -> (Vec<Line>, Totals) {
    let mut order: Vec<&Claim> = claims.iter().collect();
    order.sort_by_key(|c| c.day);
    let mut used: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    let mut lines = Vec::with_capacity(order.len());
    let mut t = Totals::default();
    for c in order {
        let rejected = if !c.verified {
            Some("服务记录未核实")
        } else if !c.in_plan {
            Some("不在已确认的照护计划内")
        } else {
            c.rule.err().map(Ineligible::reason)
        };
        let line = match (rejected, c.rule) {
            (None, Ok(rule)) => {
                let spent = used.entry(c.elder_id.as_str()).or_insert(0);
                let room = (rule.monthly_cap_fen - *spent).max(0);
                let within = c.amount_fen.min(room);
                *spent += within;
                let fund = fund_share(within, rule.fund_permille);
                let over = c.amount_fen - within;
                Line {
                    record_id: c.record_id.clone(),
                    elder_id: c.elder_id.clone(),
                    amount_fen: c.amount_fen,
                    fund_fen: fund,
                    self_fen: within - fund,
                    over_cap_fen: over,
                    rejected: None,
                }
            }
            (reason, _) => Line {
                record_id: c.record_id.clone(),
                elder_id: c.elder_id.clone(),
                amount_fen: c.amount_fen,
                fund_fen: 0,
                self_fen: 0,
                over_cap_fen: 0,
                rejected: Some(reason.unwrap_or("不符合待遇条件").to_owned()),
            },
        };
        t.lines += 1;
        t.amount_fen += line.amount_fen;
        t.fund_fen += line.fund_fen;
        t.self_fen += line.self_fen;
        t.over_cap_fen += line.over_cap_fen;
        if line.rejected.is_some() {
            t.rejected_fen += line.amount_fen;
        }
        lines.push(line);
    }
    (lines, t)
}

coded!(
    /// A settlement's status.
    SettlementStatus { Entered = "entered", Checked = "checked", Settled = "settled" }
);

impl SettlementStatus {
    pub fn label(self) -> &'static str {
        match self {
            SettlementStatus::Entered => "已录入",
            SettlementStatus::Checked => "已审核",
            SettlementStatus::Settled => "已结算",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(level: u8) -> Result<LevelRule, Ineligible> {
        eligibility(
            &Standing {
                insured: true,
                paid: true,
                level: Some(level),
            },
            &default_rules(),
            202701,
        )
    }

    fn claim(id: &str, elder: &str, day: i64, amount: i64) -> Claim {
        Claim {
            record_id: id.into(),
            elder_id: elder.into(),
            service: Need::DisabilityAid,
            day,
            amount_fen: amount,
            verified: true,
            in_plan: true,
            rule: rule(3),
        }
    }

    #[test]
    fn eligibility_needs_insurance_the_years_contribution_and_a_severe_level_in_force() {
        let rules = default_rules();
        let ok = Standing {
            insured: true,
            paid: true,
            level: Some(4),
        };
        assert_eq!(
            eligibility(&ok, &rules, 202701).unwrap().monthly_cap_fen,
            150_000
        );
        assert_eq!(
            eligibility(
                &Standing {
                    insured: false,
                    ..ok
                },
                &rules,
                202701
            ),
            Err(Ineligible::NotInsured)
        );
        assert_eq!(
            eligibility(&Standing { paid: false, ..ok }, &rules, 202701),
            Err(Ineligible::NotPaid)
        );
        assert_eq!(
            eligibility(&Standing { level: None, ..ok }, &rules, 202701),
            Err(Ineligible::NoLevel)
        );
        assert_eq!(
            eligibility(
                &Standing {
                    level: Some(2),
                    ..ok
                },
                &rules,
                202701
            ),
            Err(Ineligible::LevelNotEligible)
        );
        assert_eq!(
            eligibility(&ok, &rules, 202312),
            Err(Ineligible::LevelNotEligible),
            "no rule in force yet"
        );
        let mut later = rules.clone();
        later.push(LevelRule {
            effective_from: 202707,
            level: 4,
            monthly_cap_fen: 160_000,
            fund_permille: 750,
        });
        assert_eq!(
            eligibility(&ok, &later, 202706).unwrap().monthly_cap_fen,
            150_000
        );
        assert_eq!(
            eligibility(&ok, &later, 202707).unwrap().monthly_cap_fen,
            160_000
        );
        assert_eq!((next_month(202612), next_month(202701)), (202701, 202702));
        assert_eq!(
            (previous_month(202701), previous_month(202612)),
            (202612, 202611)
        );
        assert!(valid_month(202702) && !valid_month(202713) && !valid_month(202700));
    }

    #[test]
    fn settlement_splits_within_the_cap_and_charges_the_rest_exactly() {
        // Level 3: cap ¥1,200, fund 70 %. Three visits of ¥450.33 and one of ¥333.33 for one elder.
        let claims = vec![
            claim("a", "e1", 20270105, 45_033),
            claim("b", "e1", 20270112, 45_033),
            claim("c", "e1", 20270119, 45_033),
            claim("d", "e1", 20270126, 33_333),
        ];
        let (lines, t) = settle(&claims);
        // Within the cap: 45,033 + 45,033 + 29,934 (the rest of 120,000); then nothing.
        assert_eq!(
            lines.iter().map(|l| l.over_cap_fen).collect::<Vec<_>>(),
            vec![0, 0, 15_099, 33_333]
        );
        assert_eq!(
            lines[0].fund_fen, 31_523,
            "70 % of 450.33 is 315.231 → 315.23"
        );
        assert_eq!(lines[2].fund_fen, fund_share(29_934, 700));
        for l in &lines {
            assert_eq!(
                l.fund_fen + l.self_fen + l.over_cap_fen,
                l.amount_fen,
                "every fen is someone's"
            );
        }
        assert_eq!(t.amount_fen, 168_432);
        assert_eq!(
            t.fund_fen + t.self_fen + t.over_cap_fen + t.rejected_fen,
            t.amount_fen
        );
        assert_eq!(t.fund_fen + t.self_fen, 120_000, "the cap is used exactly");
        assert_eq!(fund_share(5, 700), 4, "3.5 fen rounds half up");
    }

    #[test]
    fn rejected_lines_carry_their_reason_and_cost_the_fund_nothing() {
        let mut unverified = claim("u", "e2", 20270102, 10_000);
        unverified.verified = false;
        let mut off_plan = claim("o", "e2", 20270103, 10_000);
        off_plan.in_plan = false;
        let mut unpaid = claim("p", "e3", 20270104, 10_000);
        unpaid.rule = Err(Ineligible::NotPaid);
        let (lines, t) = settle(&[
            unverified,
            off_plan,
            unpaid,
            claim("ok", "e2", 20270105, 10_000),
        ]);
        assert_eq!(
            lines
                .iter()
                .map(|l| l.rejected.is_some())
                .collect::<Vec<_>>(),
            vec![true, true, true, false]
        );
        assert!(lines[2].rejected.as_deref().unwrap().contains("当期参保"));
        assert_eq!(
            (t.rejected_fen, t.fund_fen, t.self_fen),
            (30_000, 7_000, 3_000)
        );
    }

    /// Issue 25, item 9: the government's ¥90 alone is not a paid year; the person's own share and every share the
    /// rule requires must be in.
    #[test]
    fn a_year_is_paid_only_with_every_required_share() {
        let rules = [
            ContributionRule {
                effective_year: 2024,
                category: Category::Resident,
                payer: Payer::Individual,
                amount_fen: 9_000,
            },
            ContributionRule {
                effective_year: 2024,
                category: Category::Resident,
                payer: Payer::Government,
                amount_fen: 9_000,
            },
        ];
        let r = Category::Resident;
        assert!(!contribution_paid(
            r,
            &[(Payer::Government, 9_000)],
            &rules,
            2026
        ));
        assert!(!contribution_paid(
            r,
            &[(Payer::Government, 18_000)],
            &rules,
            2026
        ));
        assert!(!contribution_paid(
            r,
            &[(Payer::Individual, 9_000)],
            &rules,
            2026
        ));
        assert!(!contribution_paid(
            r,
            &[(Payer::Individual, 5_000), (Payer::Government, 9_000)],
            &rules,
            2026
        ));
        assert!(contribution_paid(
            r,
            &[(Payer::Individual, 9_000), (Payer::Government, 9_000)],
            &rules,
            2026
        ));
        // Before the rule, or for a category without one: the person's own share.
        assert!(contribution_paid(
            r,
            &[(Payer::Individual, 9_000)],
            &rules,
            2023
        ));
        assert!(!contribution_paid(
            Category::Employee,
            &[(Payer::Employer, 9_000)],
            &rules,
            2026
        ));
    }
}
