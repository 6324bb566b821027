//! The demo district's census, assessments and care network, written through the same import and use cases as real
//! data.

use std::collections::HashMap;

use gongzhi_app::care::services::{build_roster, month_of, providers, settle_as, units_of};
use gongzhi_app::care::{default_round, read_census, run_census, start_import_as};
use gongzhi_app::{App, AppError};
use gongzhi_domain::Millis;
use gongzhi_domain::calendar::local_date;
use gongzhi_domain::care::ltc::{self, Category, Payer};
use gongzhi_domain::care::services::{self, Meal, Place, Provider};
use gongzhi_domain::care::{self, AssessStatus, BandVersion, Need, Reason, Scores};
use gongzhi_domain::org::{Role, UnitId, UnitKind};
use gongzhi_store::care::AssessmentRecord;
use gongzhi_store::care::services::{Contribution, Facility, Plan, ServiceRecord};
use gongzhi_store::{Actor, PageRequest};

use crate::history::Rng;

/// Creates the demo census (`n` elders, through the same import as a real file) and concluded assessments for about
/// one elder in twenty-five, with the care network, insurance and a month of care, once (with `n` 0: the network
/// alone). Returns the number of elders created.
pub async fn seed(app: &App, n: usize) -> Result<usize, AppError> {
    seed_with(app, n, true).await
}

/// The demo's census and assessments, and its care network with last month settled or (for the benchmark) only
/// delivered.
pub async fn seed_with(app: &App, n: usize, settle: bool) -> Result<usize, AppError> {
    let store = app.store();
    if store.get_setting("demo.census").await?.is_some() {
        return Ok(0);
    }
    let now = app.now();
    let actor = Actor::system(now);
    if n == 0 {
        // No elders and no history: the care network alone, to build a month by hand.
        seed_network(app, &actor, false, false).await?;
        store.set_setting(&actor, "demo.census", "0").await?;
        return Ok(0);
    }
    let units = store.list_units().await?;
    let names: HashMap<UnitId, &str> = units
        .iter()
        .map(|u| (u.unit.id, u.unit.name.as_str()))
        .collect();
    let places: Vec<(String, String)> = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Community)
        .filter_map(|u| {
            Some((
                names.get(&u.unit.parent_id?)?.to_string(),
                u.unit.name.clone(),
            ))
        })
        .collect();
    if places.is_empty() {
        return Ok(0);
    }
    let rows = crate::census::census_rows(&places, n, local_date(now), 20_261_130);
    // Read as a real census file is: the CSV the civil-affairs office would upload.
    let file = read_census(crate::census::census_csv(&rows).as_bytes())
        .map_err(|_| AppError::internal("the demo census is not a valid census file"))?;
    // The demo resumes after an interruption (a newcomer's Ctrl-C): the census import is an upsert by ID number,
    // the assessments skip elders assessed already, and the care network, written in many steps, starts over.
    if store.get_setting("demo.census.stage").await?.is_some() {
        store.clear_care_network(&actor).await?;
        seed_network(app, &actor, true, settle).await?;
        let elders = store.elder_ids().await?.len();
        store
            .set_setting(&actor, "demo.census", &elders.to_string())
            .await?;
        return Ok(elders);
    }
    let id = start_import_as(
        app,
        &actor,
        "demo-census.csv",
        &default_round(app),
        "",
        &file,
    )
    .await?;
    let outcome = run_census(app, &actor, &id, &file, |_, _| {}).await?;
    let assessed = store.assessed_elders().await?;

    let assessors = store.users_with_role(Role::Assessor).await?;
    let reviewer = store
        .users_with_role(Role::CareAdmin)
        .await?
        .into_iter()
        .next();
    if let (Some(&a1), Some(&a2), Some(reviewer)) = (assessors.first(), assessors.get(1), reviewer)
    {
        let version = BandVersion::national_2021();
        let mut rng = Rng::new(20_261_131);
        let today = gongzhi_domain::local_yyyymmdd(now) as i64;
        let day = 86_400_000;
        let mut records = Vec::new();
        for (elder_id, birth) in store.elder_ids().await?.into_iter().step_by(25) {
            if assessed.contains(&elder_id) {
                continue;
            }
            let age = (today - birth) / 10_000;
            // Daily living and cognition decline partly together: most assessed elders are mildly disabled, about
            // a quarter severely.
            let daily = (rng.below(900) as f64 / 1000.0 + (age - 60) as f64 / 200.0).min(0.9);
            let mental = if rng.chance(0.6) {
                daily * 0.3 + rng.below(250) as f64 / 1000.0 * (rng.below(1000) as f64 / 1000.0)
            } else {
                daily
            };
            let items = crate::census::assessment_items(&mut rng, daily, mental);
            let scores = Scores::parse(&items).map_err(|_| AppError::internal("demo scores"))?;
            let c = care::compute(&scores, &version);
            let assessed_at = now - (30 + rng.below(600) as i64) * day;
            let concluded_at = assessed_at + 14 * day;
            let (from, until) = care::validity(local_date(concluded_at));
            records.push(AssessmentRecord {
                id: care::new_id(),
                elder_id,
                reason: Reason::First,
                status: AssessStatus::Concluded,
                band_version: version.code.clone(),
                items: scores.to_map(),
                daily_living: i64::from(c.daily_living),
                cognition: i64::from(c.cognition),
                perception: i64::from(c.perception),
                computed_level: c.level,
                assessor_level: c.level,
                assessor1: a1,
                assessor2: a2,
                assessed_at,
                note: String::new(),
                reviewer_id: Some(reviewer),
                reviewer_level: Some(c.level),
                final_level: Some(c.level),
                reviewed_at: Some(assessed_at + 7 * day),
                publicity_until: Some(assessed_at + 12 * day),
                appeal_note: String::new(),
                appealed_at: None,
                concluded_at: Some(concluded_at),
                valid_from: Some(care::ymd(from)),
                valid_until: Some(care::ymd(until)),
                version: 3,
                // The second assessor confirmed the scores the same day.
                assessor2_confirmed_at: Some(assessed_at + 3_600_000),
                return_reason: String::new(),
            });
        }
        store
            .insert_assessment_history(&actor, &records, today)
            .await?;
    }
    store
        .set_setting(&actor, "demo.census.stage", "assessed")
        .await?;
    seed_network(app, &actor, true, settle).await?;
    store
        .set_setting(&actor, "demo.census", &outcome.created.to_string())
        .await?;
    Ok(outcome.created as usize)
}

// --- the demo district --------------------------------------------------------------------------------------

/// Prices of the demo's facilities (fen per unit).
const DEMO_PRICES: [(Need, i64); 9] = [
    (Need::Meals, 1_500),
    (Need::Bathing, 8_000),
    (Need::Cleaning, 4_000),
    (Need::MedicalEscort, 6_000),
    (Need::HealthGuidance, 3_000),
    (Need::Recreation, 0),
    (Need::Comfort, 3_000),
    (Need::DisabilityAid, 4_500),
    (Need::DayCare, 6_000),
];

/// The demo's care network: the facilities of the three-tier network from the district's units plus two partner meal
/// points a street; with `with_history` also insurance and a month of care — every elder enrolled with this year's
/// contributions (and next year's, from October, when collection for it runs); the accident roster of this year;
/// accepted plans for some of the severely disabled, last month's deliveries (care visits and subsidised meals),
/// verified, and (with `settle`) last month settled for every provider. Answers the providers with deliveries and the
/// month.
pub async fn seed_network(
    app: &App,
    actor: &Actor,
    with_history: bool,
    settle: bool,
) -> Result<(Vec<String>, i64), AppError> {
    use gongzhi_domain::org::UnitKind;
    let store = app.store();
    let units = store.list_units().await?;
    let by_id: HashMap<UnitId, &gongzhi_store::org::UnitRecord> =
        units.iter().map(|u| (u.unit.id, u)).collect();
    let centre = |u: &gongzhi_store::org::UnitRecord| {
        u.unit.centre.or_else(|| {
            u.unit
                .parent_id
                .and_then(|p| by_id.get(&p))
                .and_then(|p| p.unit.centre)
        })
    };
    let mut rng = Rng::new(20_261_132);
    let mut facilities = Vec::new();
    for u in &units {
        let (tier, beds, seats, meals, slots, radius, operator) = match u.unit.kind {
            UnitKind::CareHospital => (
                services::Tier::Hospital,
                300,
                0,
                0,
                0,
                20_000,
                "石景山区卫生健康委员会",
            ),
            UnitKind::RehabCentre => (services::Tier::Rehab, 120, 0, 0, 0, 20_000, "区属公立机构"),
            UnitKind::CareCentre => (
                services::Tier::StreetCentre,
                60,
                40,
                200,
                80,
                4_000,
                "街道委托社会组织运营",
            ),
            UnitKind::CareStation => (
                services::Tier::Station,
                0,
                15,
                80,
                25,
                1_500,
                "社区养老服务驿站运营方",
            ),
            _ => continue,
        };
        let community = (u.unit.kind == UnitKind::CareStation)
            .then_some(u.unit.parent_id)
            .flatten();
        let prices: Vec<(Need, i64)> = match tier {
            services::Tier::Hospital | services::Tier::Rehab => {
                vec![(Need::HealthGuidance, 3_000), (Need::MedicalEscort, 6_000)]
            }
            _ => DEMO_PRICES.to_vec(),
        };
        facilities.push(Facility {
            id: care::new_id(),
            unit_id: Some(u.unit.id),
            name: u.unit.name.clone(),
            tier,
            operator: operator.into(),
            alliance: tier != services::Tier::Hospital,
            street_id: u.street_id,
            community_id: community,
            beds,
            day_seats: seats,
            meals_per_day: meals,
            home_care_slots: slots,
            radius_m: radius,
            point: centre(u),
            active: true,
            prices,
        });
    }
    for street in units.iter().filter(|u| u.unit.kind == UnitKind::Street) {
        let communities: Vec<&gongzhi_store::org::UnitRecord> = units
            .iter()
            .filter(|c| {
                c.unit.kind == UnitKind::Community && c.unit.parent_id == Some(street.unit.id)
            })
            .collect();
        for c in communities.iter().take(2) {
            facilities.push(Facility {
                id: care::new_id(),
                unit_id: None,
                name: format!("老街坊助餐点（{}）", c.unit.name.trim_end_matches("社区")),
                tier: services::Tier::MealPoint,
                operator: "合作餐饮企业".into(),
                alliance: rng.chance(0.7),
                street_id: Some(street.unit.id),
                community_id: Some(c.unit.id),
                beds: 0,
                day_seats: 0,
                meals_per_day: 150,
                home_care_slots: 0,
                radius_m: 1_000,
                point: c.unit.centre,
                active: true,
                prices: vec![(Need::Meals, 1_500)],
            });
        }
    }
    for f in &facilities {
        store.insert_facility(actor, f).await?;
    }
    if !with_history {
        return Ok((Vec::new(), 0));
    }

    // Insurance: everyone enrolled; this year's contributions, and next year's once collection runs (October on).
    let now = actor.at;
    let today = local_date(now);
    let year = i64::from(today.year());
    let ids = store.elder_ids().await?;
    let mut enrol = Vec::with_capacity(ids.len());
    let mut rows = Vec::with_capacity(ids.len() * 3);
    // Last year's too in the first months, so the settlement of December finds them.
    let mut years: Vec<i64> = vec![year];
    if today.month() <= 2 {
        years.insert(0, year - 1);
    }
    if today.month() >= 10 {
        years.push(year + 1);
    }
    for (id, _) in &ids {
        let category = if rng.chance(0.55) {
            Category::Employee
        } else {
            Category::Resident
        };
        enrol.push((id.clone(), category, (year - 2) * 100 + 1));
        for y in &years {
            // Next year's collection is still running: about six in ten have paid.
            if *y > year && !rng.chance(0.6) {
                continue;
            }
            let paid_at = now - rng.below(60) as i64 * 86_400_000;
            let second = if category == Category::Employee {
                Payer::Employer
            } else {
                Payer::Government
            };
            // The collection system's file: checked at source.
            let row = |payer, amount_fen| Contribution {
                year: *y,
                payer,
                amount_fen,
                paid_at,
                entered_by: None,
                checked_by: None,
                checked_at: Some(paid_at),
            };
            rows.push((id.clone(), row(Payer::Individual, 9_000)));
            rows.push((id.clone(), row(second, 9_000)));
            if rng.chance(0.02) {
                rows.push((id.clone(), row(Payer::Society, 5_000)));
            }
        }
    }
    store.enrol_ltc(actor, &enrol).await?;
    store.add_contributions(actor, &rows).await?;
    build_roster(app, actor, year, "人保财险北京市分公司（示例）").await?;

    // Plans for about four in ten elders with a severe level, with their nearest provider, from last month.
    let last = ltc::previous_month(month_of(now));
    let rules = store.level_rules().await?;
    let all = providers(app).await?;
    let mut load: HashMap<String, i64> = HashMap::new();
    let mut plans = Vec::new();
    for level in 3..=5u8 {
        let found = store
            .elders(
                &gongzhi_store::care::ElderFilter {
                    level: Some(Some(level)),
                    ..Default::default()
                },
                PageRequest::new(1, 5_000),
            )
            .await?;
        for e in found.items {
            if !rng.chance(0.4) {
                continue;
            }
            let Some((assessment_id, _, valid_from)) =
                store.latest_conclusion(&e.id, care::ymd(today)).await?
            else {
                continue;
            };
            if valid_from / 100 > last {
                continue;
            }
            let Some(rule) = ltc::rule_for(&rules, level, last) else {
                continue;
            };
            let at = by_id.get(&e.community_id).and_then(|c| c.unit.centre);
            let free: Vec<Provider> = all
                .iter()
                .map(|p| Provider {
                    free_slots: p.free_slots - load.get(&p.id).copied().unwrap_or(0),
                    ..p.clone()
                })
                .collect();
            let Some((p, distance)) =
                services::rank_providers(&free, at, &[Need::DisabilityAid], &[])
                    .first()
                    .map(|(p, d)| ((*p).clone(), *d))
            else {
                continue;
            };
            *load.entry(p.id.clone()).or_insert(0) += 1;
            plans.push(Plan {
                id: care::new_id(),
                elder_id: e.id.clone(),
                assessment_id,
                facility_id: p.id.clone(),
                level,
                month_from: last,
                month_until: None,
                monthly_cap_fen: rule.monthly_cap_fen,
                fund_permille: rule.fund_permille,
                status: "accepted".into(),
                lines: services::build_plan(level, &e.needs, &p.prices, rule.monthly_cap_fen),
                distance_m: distance,
                proposed_at: now - 40 * 86_400_000,
                decided_at: Some(now - 38 * 86_400_000),
                decided_by: "本人".into(),
                note: String::new(),
                version: 2,
            });
        }
    }
    store.insert_plan_history(actor, &plans).await?;

    // Last month's deliveries: the plans' care visits, and meals at the meal points and stations.
    let first_day = care::date_of(ltc::month_start(last));
    let days_in = i64::from(first_day.days_in_month());
    let at_day = |d: i64, hour: i64| {
        gongzhi_domain::calendar::start_of(
            first_day
                .checked_add(jiff::Span::new().days(d))
                .unwrap_or(first_day),
        ) + hour * 3_600_000
    };
    let mut records = Vec::new();
    let mut record = |elder: &str,
                      facility: &str,
                      service: Need,
                      started_at: Millis,
                      minutes: i64,
                      meal: Option<Meal>,
                      price: i64,
                      plan: Option<&str>,
                      subsidy: i64| {
        let units = units_of(service, minutes);
        let day = gongzhi_domain::local_yyyymmdd(started_at) as i64;
        records.push(ServiceRecord {
            id: care::new_id(),
            elder_id: elder.to_owned(),
            facility_id: facility.to_owned(),
            service,
            served_by: None,
            started_at,
            minutes,
            place: if service == Need::Meals {
                Place::Facility
            } else {
                Place::Home
            },
            meal,
            units,
            local_day: day,
            month: day / 100,
            price_fen: price * units,
            subsidy_fen: subsidy,
            subsidy_rule: (subsidy > 0).then(|| "bj-meal".to_owned()),
            charged_fen: price * units - subsidy,
            plan_id: plan.map(str::to_owned),
            status: "verified".into(),
            reject_note: String::new(),
            recorded_at: started_at + 3_600_000,
        });
    };
    for p in &plans {
        for line in &p.lines {
            let visits = if line.service == Need::DisabilityAid {
                line.units / 2
            } else {
                line.units
            };
            for v in 0..visits.max(1) {
                let day = (v * days_in / visits.max(1)).min(days_in - 1);
                let minutes = if line.service == Need::DisabilityAid {
                    120
                } else {
                    60
                };
                record(
                    &p.elder_id,
                    &p.facility_id,
                    line.service,
                    at_day(day, 9 + rng.below(6) as i64),
                    minutes,
                    None,
                    line.price_fen,
                    Some(&p.id),
                    0,
                );
            }
        }
    }
    let meal_points: Vec<&Facility> = facilities
        .iter()
        .filter(|f| f.prices.iter().any(|(s, _)| *s == Need::Meals) && f.street_id.is_some())
        .collect();
    let diners = store
        .elders(
            &gongzhi_store::care::ElderFilter {
                need: Some(Need::Meals),
                ..Default::default()
            },
            PageRequest::new(1, 3_000),
        )
        .await?;
    for e in diners.items.iter().filter(|e| e.living.at_home()) {
        let Some(point) = meal_points
            .iter()
            .find(|f| f.street_id == Some(e.street_id))
        else {
            continue;
        };
        // The meal subsidy by its rule: only the elders it is for (基本养老服务对象).
        let subsidy = services::SubsidyRule::beijing_meals().subsidy(
            &services::Delivery {
                service: Need::Meals,
                meal: Some(Meal::Lunch),
                day: ltc::month_start(last),
                age: care::age_on(care::date_of(e.birth_ymd), first_day),
                living: e.living,
                economic: e.economic,
                disabled: e.care_level.is_some_and(|l| l >= 1),
                bill_fen: 1_500,
            },
            0,
        );
        for d in 0..days_in {
            if !rng.chance(0.3) {
                continue;
            }
            record(
                &e.id,
                &point.id,
                Need::Meals,
                at_day(d, 11),
                30,
                Some(Meal::Lunch),
                1_500,
                None,
                subsidy,
            );
        }
    }
    store.insert_service_history(actor, &records).await?;
    // Last month settled for every provider with covered deliveries.
    let mut providers_used: Vec<&str> = plans.iter().map(|p| p.facility_id.as_str()).collect();
    providers_used.sort();
    providers_used.dedup();
    let providers_used: Vec<String> = providers_used.into_iter().map(str::to_owned).collect();
    if settle {
        for f in &providers_used {
            settle_as(app, actor, f, last).await?;
        }
    }
    Ok((providers_used, last))
}
