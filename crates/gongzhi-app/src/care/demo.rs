//! The demo district's census, assessments and care network, written through the same import and use cases as real
//! data.

use std::collections::HashMap;

use gongzhi_domain::calendar::local_date;
use gongzhi_domain::org::{Role, UnitId, UnitKind};

use super::services;
use super::*;

/// Creates the demo census (`n` elders, through the same import as a real file) and concluded assessments for about
/// one elder in twenty-five, with the care network, insurance and a month of care, once (with `n` 0: the network
/// alone). Returns the number of elders created.
pub async fn seed_demo(app: &App, n: usize) -> Result<usize, AppError> {
    seed_demo_with(app, n, true).await
}

/// The demo's census and assessments, and its care network with last month settled or (for the benchmark) only
/// delivered.
pub async fn seed_demo_with(app: &App, n: usize, settle: bool) -> Result<usize, AppError> {
    let store = app.store();
    if store.get_setting("demo.census").await?.is_some() {
        return Ok(0);
    }
    let now = app.now();
    let actor = Actor::system(now);
    if n == 0 {
        // No elders and no history: the care network alone, to build a month by hand.
        services::seed_network(app, &actor, false, false).await?;
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
    let rows = gongzhi_domain::demo_care::census_rows(&places, n, local_date(now), 20_261_130);
    let headers: Vec<String> = care::CENSUS_COLUMNS.iter().map(|s| s.to_string()).collect();
    let columns =
        care::census_columns(&headers).map_err(|_| AppError::internal("census columns"))?;
    let file = CensusFile {
        columns,
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.to_vec()))
            .collect(),
    };
    // The demo resumes after an interruption (a newcomer's Ctrl-C): the census import is an upsert by ID number,
    // the assessments skip elders assessed already, and the care network, written in many steps, starts over.
    if store.get_setting("demo.census.stage").await?.is_some() {
        store.clear_care_network(&actor).await?;
        services::seed_demo(app, &actor, settle).await?;
        let elders = store.elder_ids().await?.len();
        store
            .set_setting(&actor, "demo.census", &elders.to_string())
            .await?;
        return Ok(elders);
    }
    let id = start_import_as(app, &actor, "demo-census.csv", &default_round(app), &file).await?;
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
        let mut rng = gongzhi_domain::demo_history::Rng::new(20_261_131);
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
            let items = gongzhi_domain::demo_care::assessment_items(&mut rng, daily, mental);
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
            });
        }
        store
            .insert_assessment_history(&actor, &records, today)
            .await?;
    }
    store
        .set_setting(&actor, "demo.census.stage", "assessed")
        .await?;
    services::seed_demo(app, &actor, settle).await?;
    store
        .set_setting(&actor, "demo.census", &outcome.created.to_string())
        .await?;
    Ok(outcome.created as usize)
}
