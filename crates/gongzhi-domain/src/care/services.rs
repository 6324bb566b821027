//! The care network and its services: facilities by tier (the three-tier network and meal points), what each offers
//! at what price, service deliveries and the subsidies applied to them by rule (rules are data with effective dates:
//! the Beijing meal subsidy is ¥5 off lunch or dinner, once a day, for an eligible elder living at home, only when
//! the bill exceeds ¥5), and the matching of a care plan to an elder (精准匹配): the nearest contracted provider with
//! capacity that offers what the elder needs, and the services and hours that fit the monthly cap.

use serde::Serialize;

use super::{Economic, Living, Need};
use crate::geo::GeoPoint;

coded!(
    /// A facility's place in the network.
    Tier {
        /// 区老年医院（医养结合）
        Hospital = "hospital",
        /// 康复中心
        Rehab = "rehab",
        /// 街道养老照料中心
        StreetCentre = "street_centre",
        /// 社区养老服务驿站
        Station = "station",
        /// 老年助餐点
        MealPoint = "meal_point"
    }
);

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Hospital => "区老年医院（医养结合）",
            Tier::Rehab => "康复中心",
            Tier::StreetCentre => "街道养老照料中心",
            Tier::Station => "社区养老服务驿站",
            Tier::MealPoint => "老年助餐点",
        }
    }
}

coded!(
    /// Which meal a meal delivery was.
    Meal { Breakfast = "breakfast", Lunch = "lunch", Dinner = "dinner" }
);

coded!(
    /// Where a service was delivered.
    Place { Home = "home", Facility = "facility" }
);

/// How a service is counted and priced.
pub fn service_unit(s: Need) -> &'static str {
    match s {
        Need::Meals => "餐",
        Need::Bathing | Need::MedicalEscort => "次",
        Need::DayCare => "天",
        _ => "小时",
    }
}

/// The services long-term-care insurance pays for in a month, from the data's rows (first month in force, service):
/// the latest set that started by then. The fund pays for basic daily-living care and the closely related medical
/// care (医保发〔2020〕37号); meals, cleaning, escorts and recreation are not the fund's.
pub fn ltc_covered(rows: &[(i64, Need)], month: i64) -> Vec<Need> {
    let Some(from) = rows.iter().map(|(f, _)| *f).filter(|f| *f <= month).max() else {
        return Vec::new();
    };
    rows.iter()
        .filter(|(f, _)| *f == from)
        .map(|(_, n)| *n)
        .collect()
}

coded!(
    /// A group of elders a subsidy is for, read from the census fields: 低保, 特困, 低收入, 计生特殊家庭, with a
    /// disability level in force, aged 80 or more, living alone.
    Eligible {
        Dibao = "dibao",
        Tekun = "tekun",
        LowIncome = "low_income",
        SpecialFamily = "special_family",
        Disabled = "disabled",
        Aged80 = "aged_80",
        LivingAlone = "living_alone"
    }
);

impl Eligible {
    pub fn label(self) -> &'static str {
        match self {
            Eligible::Dibao => "低保",
            Eligible::Tekun => "特困",
            Eligible::LowIncome => "低收入",
            Eligible::SpecialFamily => "计生特殊家庭",
            Eligible::Disabled => "失能",
            Eligible::Aged80 => "八十周岁以上",
            Eligible::LivingAlone => "独居",
        }
    }
    /// Whether the delivery's elder is in the group.
    pub fn includes(self, d: &Delivery) -> bool {
        match self {
            Eligible::Dibao => d.economic == Economic::Dibao,
            Eligible::Tekun => d.economic == Economic::Tekun,
            Eligible::LowIncome => d.economic == Economic::LowIncome,
            Eligible::SpecialFamily => d.economic == Economic::SpecialFamily,
            Eligible::Disabled => d.disabled,
            Eligible::Aged80 => d.age >= 80,
            Eligible::LivingAlone => d.living == Living::Alone,
        }
    }
}

/// A subsidy rule (data, with effective dates): an amount off a service's bill for elders who qualify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubsidyRule {
    pub code: String,
    pub name: String,
    pub service: Need,
    /// Fen off the bill.
    pub amount_fen: i64,
    /// The bill must exceed this (fen).
    pub bill_over_fen: i64,
    /// How many subsidised deliveries a day, per elder.
    pub per_day: i64,
    /// Only elders living at home (not in an institution).
    pub at_home_only: bool,
    /// Only these meals (empty: any).
    pub meals: Vec<Meal>,
    pub min_age: i16,
    /// The groups the subsidy is for (any one suffices); empty for everyone of the age.
    pub groups: Vec<Eligible>,
    /// First and last day in force (YYYYMMDD; `None`: open-ended).
    pub effective_from: i64,
    pub effective_until: Option<i64>,
}

impl SubsidyRule {
    /// The Beijing meal subsidy (北京市老年助餐补贴, from 2022): ¥5 off lunch or dinner, once a day, when the bill
    /// exceeds ¥5, for an elder aged 60+ living at home who is a 基本养老服务对象 — 低保, 特困, 低收入, 计生特殊家庭,
    /// disabled, aged 80+, or living alone — not for everyone at home; advanced by the meal point and reimbursed by
    /// civil affairs. The groups and the start (2022-01-01) follow the legal review of issue 25; the city's document
    /// was not fetched here, so both are data a district corrects.
    pub fn beijing_meals() -> SubsidyRule {
        SubsidyRule {
            code: "bj-meal".into(),
            name: "北京市老年助餐补贴".into(),
            service: Need::Meals,
            amount_fen: 500,
            bill_over_fen: 500,
            per_day: 1,
            at_home_only: true,
            meals: vec![Meal::Lunch, Meal::Dinner],
            min_age: 60,
            groups: Eligible::ALL.to_vec(),
            effective_from: 20220101,
            effective_until: None,
        }
    }

    /// The subsidy this rule gives a delivery (0 when it does not apply). `already_today` counts the elder's
    /// deliveries this rule already subsidised on that day.
    pub fn subsidy(&self, d: &Delivery, already_today: i64) -> i64 {
        let in_force =
            d.day >= self.effective_from && self.effective_until.is_none_or(|u| d.day <= u);
        let meal_ok = self.meals.is_empty() || d.meal.is_some_and(|m| self.meals.contains(&m));
        let applies = in_force
            && d.service == self.service
            && meal_ok
            && d.age >= self.min_age
            && (!self.at_home_only || d.living.at_home())
            && d.bill_fen > self.bill_over_fen
            && (self.groups.is_empty() || self.groups.iter().any(|g| g.includes(d)))
            && already_today < self.per_day;
        if applies {
            self.amount_fen.min(d.bill_fen)
        } else {
            0
        }
    }
}

/// What the subsidy rules need to know of one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub service: Need,
    pub meal: Option<Meal>,
    /// The local day (YYYYMMDD).
    pub day: i64,
    pub age: i16,
    pub living: Living,
    pub economic: Economic,
    /// A disability level (1 or more) is in force.
    pub disabled: bool,
    pub bill_fen: i64,
}

/// A provider as the matcher sees it.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub point: Option<GeoPoint>,
    pub radius_m: i64,
    /// Elders it can still take on in home-care plans.
    pub free_slots: i64,
    /// Services offered with the price of one unit (fen).
    pub prices: Vec<(Need, i64)>,
}

/// Providers that can serve an elder at `at` who needs `services`, nearest first: in range, with a free place, and
/// offering every LTC service asked (those without a free place or out of range are left out). Distance in metres.
pub fn rank_providers<'a>(
    providers: &'a [Provider],
    at: Option<GeoPoint>,
    services: &[Need],
    exclude: &[String],
) -> Vec<(&'a Provider, Option<i64>)> {
    let mut out: Vec<(&Provider, Option<i64>)> = providers
        .iter()
        .filter(|p| p.free_slots > 0 && !exclude.contains(&p.id))
        .filter(|p| {
            services
                .iter()
                .all(|s| p.prices.iter().any(|(x, _)| x == s))
        })
        .map(|p| {
            (
                p,
                at.zip(p.point).map(|(a, b)| a.distance_m(b).round() as i64),
            )
        })
        .filter(|(p, d)| d.is_none_or(|d| d <= p.radius_m))
        .collect();
    out.sort_by(|a, b| {
        a.1.unwrap_or(i64::MAX)
            .cmp(&b.1.unwrap_or(i64::MAX))
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    out
}

/// One line of a care plan: a service, units a month, the price of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanLine {
    pub service: Need,
    pub units: i64,
    pub price_fen: i64,
}

impl PlanLine {
    pub fn total(&self) -> i64 {
        self.units * self.price_fen
    }
}

/// The services and units a month for a level and the elder's surveyed needs, at the provider's prices, trimmed to
/// the monthly cap: personal care (失能帮扶) first, by level; then bathing, cleaning, medical escort, day care and
/// health guidance if surveyed; the last lines lose units first until the plan fits.
pub fn build_plan(
    level: u8,
    needs: &[Need],
    prices: &[(Need, i64)],
    cap_fen: i64,
) -> Vec<PlanLine> {
    let price = |s: Need| prices.iter().find(|(x, _)| *x == s).map(|(_, p)| *p);
    let care_hours = match level {
        5 => 40,
        4 => 32,
        3 => 24,
        2 => 12,
        _ => 6,
    };
    let mut wanted: Vec<(Need, i64)> = vec![(Need::DisabilityAid, care_hours)];
    for (need, units) in [
        (Need::Bathing, 4),
        (Need::Cleaning, 8),
        (Need::MedicalEscort, 2),
        (Need::DayCare, 8),
        (Need::HealthGuidance, 2),
    ] {
        if needs.contains(&need) {
            wanted.push((need, units));
        }
    }
    let mut lines: Vec<PlanLine> = wanted
        .into_iter()
        .filter_map(|(s, u)| {
            price(s).map(|p| PlanLine {
                service: s,
                units: u,
                price_fen: p,
            })
        })
        .collect();
    while lines.iter().map(PlanLine::total).sum::<i64>() > cap_fen {
        let Some(last) = lines.last_mut() else { break };
        last.units -= 1;
        if last.units <= 0 {
            lines.pop();
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunch(bill: i64) -> Delivery {
        Delivery {
            service: Need::Meals,
            meal: Some(Meal::Lunch),
            day: 20261202,
            age: 78,
            living: Living::Alone,
            economic: Economic::Ordinary,
            disabled: false,
            bill_fen: bill,
        }
    }

    #[test]
    fn the_meal_subsidy_is_five_yuan_once_a_day_for_lunch_or_dinner_over_five_yuan_at_home() {
        let r = SubsidyRule::beijing_meals();
        assert_eq!(r.subsidy(&lunch(1500), 0), 500);
        assert_eq!(r.subsidy(&lunch(1500), 1), 0, "once a day");
        assert_eq!(
            r.subsidy(&lunch(500), 0),
            0,
            "only when the bill exceeds ¥5"
        );
        assert_eq!(r.subsidy(&lunch(501), 0), 500);
        assert_eq!(
            r.subsidy(
                &Delivery {
                    meal: Some(Meal::Breakfast),
                    ..lunch(1500)
                },
                0
            ),
            0
        );
        assert_eq!(
            r.subsidy(
                &Delivery {
                    meal: Some(Meal::Dinner),
                    ..lunch(1500)
                },
                0
            ),
            500
        );
        assert_eq!(
            r.subsidy(
                &Delivery {
                    living: Living::Institution,
                    ..lunch(1500)
                },
                0
            ),
            0,
            "at home only"
        );
        assert_eq!(
            r.subsidy(
                &Delivery {
                    age: 59,
                    ..lunch(1500)
                },
                0
            ),
            0
        );
        assert_eq!(
            r.subsidy(
                &Delivery {
                    day: 20211231,
                    ..lunch(1500)
                },
                0
            ),
            0,
            "not yet in force"
        );
        // 基本养老服务对象 only: a 69-year-old empty-nester with no disability and no economic need gets nothing.
        let empty_nester = Delivery {
            age: 69,
            living: Living::EmptyNest,
            ..lunch(1500)
        };
        assert_eq!(r.subsidy(&empty_nester, 0), 0);
        for (d, why) in [
            (
                Delivery {
                    economic: Economic::Dibao,
                    ..empty_nester
                },
                "低保",
            ),
            (
                Delivery {
                    economic: Economic::Tekun,
                    ..empty_nester
                },
                "特困",
            ),
            (
                Delivery {
                    disabled: true,
                    ..empty_nester
                },
                "disabled",
            ),
            (
                Delivery {
                    age: 80,
                    ..empty_nester
                },
                "aged 80",
            ),
        ] {
            assert_eq!(r.subsidy(&d, 0), 500, "{why}");
        }
        assert_eq!(
            r.subsidy(
                &Delivery {
                    age: 79,
                    ..empty_nester
                },
                0
            ),
            0,
            "79 is not 80"
        );
        assert_eq!(
            r.subsidy(
                &Delivery {
                    day: 20220101,
                    ..lunch(1500)
                },
                0
            ),
            500,
            "in force since 2022"
        );
        let ended = SubsidyRule {
            effective_until: Some(20260630),
            ..r.clone()
        };
        assert_eq!(ended.subsidy(&lunch(1500), 0), 0, "no longer in force");
        assert_eq!(
            r.subsidy(
                &Delivery {
                    service: Need::Bathing,
                    ..lunch(1500)
                },
                0
            ),
            0
        );
    }

    fn provider(id: &str, lat: f64, slots: i64, services: &[Need]) -> Provider {
        Provider {
            id: id.into(),
            name: id.into(),
            point: Some(GeoPoint { lat, lon: 116.2 }),
            radius_m: 5_000,
            free_slots: slots,
            prices: services.iter().map(|s| (*s, 4_000)).collect(),
        }
    }

    #[test]
    fn the_nearest_provider_with_a_free_place_that_offers_the_services_comes_first() {
        let at = Some(GeoPoint {
            lat: 39.90,
            lon: 116.2,
        });
        let ps = vec![
            provider("far", 39.93, 5, &[Need::DisabilityAid, Need::Bathing]),
            provider(
                "near-full",
                39.901,
                0,
                &[Need::DisabilityAid, Need::Bathing],
            ),
            provider("near", 39.905, 2, &[Need::DisabilityAid, Need::Bathing]),
            provider("no-bathing", 39.902, 2, &[Need::DisabilityAid]),
            provider(
                "out-of-range",
                40.2,
                9,
                &[Need::DisabilityAid, Need::Bathing],
            ),
        ];
        let ranked: Vec<&str> = rank_providers(&ps, at, &[Need::DisabilityAid, Need::Bathing], &[])
            .iter()
            .map(|(p, _)| p.id.as_str())
            .collect();
        assert_eq!(ranked, vec!["near", "far"]);
        let other: Vec<&str> = rank_providers(
            &ps,
            at,
            &[Need::DisabilityAid, Need::Bathing],
            &["near".into()],
        )
        .iter()
        .map(|(p, _)| p.id.as_str())
        .collect();
        assert_eq!(other, vec!["far"], "asking for another provider");
    }

    #[test]
    fn a_plan_fits_the_monthly_cap() {
        let prices = [
            (Need::DisabilityAid, 4_500),
            (Need::Bathing, 8_000),
            (Need::Cleaning, 3_500),
        ];
        let plan = build_plan(
            3,
            &[Need::Bathing, Need::Cleaning, Need::Meals],
            &prices,
            1_000_000,
        );
        assert_eq!(
            plan.iter()
                .map(|l| (l.service, l.units))
                .collect::<Vec<_>>(),
            vec![
                (Need::DisabilityAid, 24),
                (Need::Bathing, 4),
                (Need::Cleaning, 8)
            ]
        );
        let tight = build_plan(3, &[Need::Bathing, Need::Cleaning], &prices, 150_000);
        let total: i64 = tight.iter().map(PlanLine::total).sum();
        assert!(total <= 150_000, "{total}");
        assert_eq!(
            tight[0],
            PlanLine {
                service: Need::DisabilityAid,
                units: 24,
                price_fen: 4_500
            },
            "personal care kept first"
        );
        assert_eq!(
            (tight.len(), tight[2].service, tight[2].units),
            (3, Need::Cleaning, 2),
            "the last line trimmed: {tight:?}"
        );
        let tiny = build_plan(5, &[Need::Bathing], &prices, 100_000);
        assert_eq!(
            tiny,
            vec![PlanLine {
                service: Need::DisabilityAid,
                units: 22,
                price_fen: 4_500
            }],
            "bathing dropped, care trimmed"
        );
    }

    /// 医保发〔2020〕37号: the fund pays for basic daily-living care and the closely related medical care; the covered
    /// set is data with the month it takes effect.
    #[test]
    fn the_fund_covers_the_set_in_force_that_month() {
        let rows = [
            (202401, Need::DisabilityAid),
            (202401, Need::Bathing),
            (202701, Need::DisabilityAid),
        ];
        assert!(
            ltc_covered(&rows, 202312).is_empty(),
            "nothing before the first set"
        );
        let dec = ltc_covered(&rows, 202612);
        assert!(dec.contains(&Need::Bathing) && !dec.contains(&Need::Cleaning));
        assert!(
            !dec.contains(&Need::MedicalEscort),
            "escorts are not the fund's"
        );
        assert_eq!(ltc_covered(&rows, 202701), vec![Need::DisabilityAid]);
    }
}
