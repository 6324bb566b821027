//! Category suggestions at intake and dispatch: training the model from the district's closed cases (by command, at
//! start-up when there is none, and daily by whichever app server claims it), keeping the newest model in memory on
//! each server, and suggesting the three likeliest current categories for a text and a place, each with its
//! accountable unit there and the words that weighed most.

use std::sync::Arc;

use gongzhi_domain::Millis;
use gongzhi_domain::catalogue::{Accountable, Category};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::CasePlace;
use gongzhi_domain::routing;
use gongzhi_domain::suggest::{self, Example, Model};
use gongzhi_store::Actor;
use gongzhi_store::suggest::ModelInfo;

use crate::caches::CACHE_TTL;
use crate::{App, AppError};

/// The most recent closed cases a model learns from.
pub const TRAINING_CASES: i64 = 200_000;
/// How often the model is retrained (one app server does it).
pub const RETRAIN_EVERY: Millis = 24 * 3_600_000;

pub use crate::caches::Loaded;

/// What a training did.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub info: ModelInfo,
    /// Seconds spent reading, segmenting and counting.
    pub seconds: f64,
}

/// Trains a model from the closed cases: first on nine in ten to measure it on the tenth held back (top-1, top-3,
/// and the temperature that calibrates its confidence), then on all of them; stores it as the next version. `None`
/// when no closed case has a category yet.
pub async fn train(app: &App) -> Result<Option<Trained>, AppError> {
    let started = std::time::Instant::now();
    let cases = app.store().suggest_training_cases(TRAINING_CASES).await?;
    if cases.is_empty() {
        return Ok(None);
    }
    // Segmenting tens of thousands of texts is CPU work: off the async threads.
    let (model, evaluation, held) = tokio::task::spawn_blocking(move || {
        let mut train = Vec::with_capacity(cases.len());
        let mut held = Vec::new();
        for c in cases {
            let example = Example {
                features: suggest::features(&c.title, &c.description, c.street),
                category: c.category,
            };
            if suggest::held_back(&c.id) {
                held.push(example)
            } else {
                train.push(example)
            }
        }
        let evaluation = suggest::evaluate(&Model::train(&train), &held);
        let held_cases = held.len();
        train.extend(held);
        let mut model = Model::train(&train);
        model.temperature = evaluation.temperature;
        (model, evaluation, held_cases)
    })
    .await
    .map_err(|e| AppError::Internal(format!("training stopped: {e}")))?;
    let json = serde_json::to_string(&model)
        .map_err(|e| AppError::Internal(format!("cannot store the model: {e}")))?;
    let now = app.now();
    let mut info = ModelInfo {
        version: 0,
        trained_at: now,
        cases: model.cases() as i64,
        held_cases: held as i64,
        top1: evaluation.top1,
        top3: evaluation.top3,
        temperature: evaluation.temperature,
    };
    info.version = app
        .store()
        .save_suggest_model(&Actor::system(now), &info, &json)
        .await?;
    *app.caches.suggest.write().await = Some((
        std::time::Instant::now(),
        Arc::new(Some(Loaded {
            info: info.clone(),
            model,
        })),
    ));
    Ok(Some(Trained {
        info,
        seconds: started.elapsed().as_secs_f64(),
    }))
}

/// Trains once a day on one app server (the sweeper calls this); answers whether it trained.
pub async fn retrain_if_due(app: &App) -> Result<bool, AppError> {
    if !app
        .store()
        .claim_periodic("suggest.trained_at", app.now(), RETRAIN_EVERY)
        .await?
    {
        return Ok(false);
    }
    Ok(train(app).await?.is_some())
}

/// Trains at start-up when no model was ever stored and there are cases to learn from (under the same claim as the
/// daily training, so a server starting and its first sweep do not both train).
pub async fn train_if_missing(app: &App) -> Result<Option<Trained>, AppError> {
    if app.store().suggest_model_info().await?.is_some()
        || !app
            .store()
            .claim_periodic("suggest.trained_at", app.now(), RETRAIN_EVERY)
            .await?
    {
        return Ok(None);
    }
    train(app).await
}

/// The newest stored model (looked for again once `CACHE_TTL` has passed, and loaded only when its version changed).
pub async fn current(app: &App) -> Result<Arc<Option<Loaded>>, AppError> {
    let cached = app.caches.suggest.read().await.clone();
    if let Some((at, loaded)) = &cached
        && at.elapsed() < CACHE_TTL
    {
        return Ok(loaded.clone());
    }
    let info = app.store().suggest_model_info().await?;
    let same = match (&cached, &info) {
        (Some((_, loaded)), Some(info)) => loaded
            .as_ref()
            .as_ref()
            .is_some_and(|l| l.info.version == info.version),
        (Some((_, loaded)), None) => loaded.is_none(),
        _ => false,
    };
    let loaded = match (same, cached, info) {
        (true, Some((_, loaded)), _) => loaded,
        (_, _, None) => Arc::new(None),
        (_, _, Some(info)) => {
            let json = app
                .store()
                .suggest_model(info.version)
                .await?
                .unwrap_or_default();
            let model: Model = tokio::task::spawn_blocking(move || serde_json::from_str(&json))
                .await
                .map_err(|e| AppError::Internal(format!("loading stopped: {e}")))?
                .map_err(|e| AppError::Internal(format!("the stored model cannot be read: {e}")))?;
            Arc::new(Some(Loaded { info, model }))
        }
    };
    *app.caches.suggest.write().await = Some((std::time::Instant::now(), loaded.clone()));
    Ok(loaded)
}

/// A suggested category: the current catalogue's, its probability, the unit accountable for it at the matter's place
/// (none when that depends on a place not given), and the words that weighed most.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub category: Category,
    pub score: f64,
    pub unit: Option<gongzhi_domain::org::Unit>,
    pub reasons: Vec<String>,
}

/// The three likeliest categories for a matter's text and place, with the model's figures; no suggestions when no
/// model was trained yet. Staff only (the caller checked).
pub async fn suggest(
    app: &App,
    title: &str,
    description: &str,
    point: Option<GeoPoint>,
    address: &str,
) -> Result<(Vec<Suggestion>, Option<ModelInfo>), AppError> {
    let loaded = current(app).await?;
    let Some(loaded) = loaded.as_ref() else {
        return Ok((Vec::new(), None));
    };
    let place = if point.is_some() || !address.trim().is_empty() {
        crate::cases::place(app, point, address).await?
    } else {
        Default::default()
    };
    let catalogue = current_catalogue(app).await?;
    Ok((
        suggest_in(
            app,
            loaded,
            &catalogue,
            title,
            description,
            place,
            suggest::TOP,
        )
        .await?,
        Some(loaded.info.clone()),
    ))
}

/// The `top` suggestions for each of several cases (the dispatcher's queue shows one), by their texts and places.
pub async fn suggest_cases(
    app: &App,
    cases: &[gongzhi_domain::cases::Case],
    top: usize,
) -> Result<Vec<Vec<Suggestion>>, AppError> {
    let loaded = current(app).await?;
    let Some(loaded) = loaded.as_ref() else {
        return Ok(vec![Vec::new(); cases.len()]);
    };
    let catalogue = current_catalogue(app).await?;
    // The units once for the page, not per suggestion.
    let units = all_units(app).await?;
    Ok(cases
        .iter()
        .map(|case| {
            suggest_with(
                loaded,
                &catalogue,
                &units,
                &case.title,
                &case.description,
                case.place(),
                top,
            )
        })
        .collect())
}

/// The district's units, which suggestions name.
async fn all_units(app: &App) -> Result<Vec<gongzhi_domain::org::Unit>, AppError> {
    Ok(app
        .store()
        .list_units()
        .await?
        .into_iter()
        .map(|u| u.unit)
        .collect())
}

async fn current_catalogue(app: &App) -> Result<Vec<Category>, AppError> {
    let version = app.store().catalogue_version().await?;
    Ok(app.store().catalogue(version).await?)
}

async fn suggest_in(
    app: &App,
    loaded: &Loaded,
    catalogue: &[Category],
    title: &str,
    description: &str,
    place: CasePlace,
    top: usize,
) -> Result<Vec<Suggestion>, AppError> {
    let units = all_units(app).await?;
    Ok(suggest_with(
        loaded,
        catalogue,
        &units,
        title,
        description,
        place,
        top,
    ))
}

/// The suggestions for a matter, with the units at hand (each suggestion names the unit the category would route to
/// at that place).
fn suggest_with(
    loaded: &Loaded,
    catalogue: &[Category],
    units: &[gongzhi_domain::org::Unit],
    title: &str,
    description: &str,
    place: CasePlace,
    top: usize,
) -> Vec<Suggestion> {
    let features = suggest::features(title, description, place.street_id);
    let scored = loaded.model.suggest(&features, top, |code| {
        catalogue.iter().any(|c| c.code == code)
    });
    let mut out = Vec::with_capacity(scored.len());
    for s in scored {
        let Some(category) = catalogue.iter().find(|c| c.code == s.category).cloned() else {
            continue;
        };
        let named = match &category.accountable {
            Accountable::Unit(code) => units.iter().find(|u| &u.code == code).map(|u| u.id),
            _ => None,
        };
        let unit = routing::accountable_unit(&category.accountable, place, |_| named)
            .ok()
            .and_then(|id| units.iter().find(|u| u.id == id).cloned());
        out.push(Suggestion {
            category,
            score: s.score,
            unit,
            reasons: s.reasons,
        });
    }
    out
}

/// Who asks for category suggestions: the roles that work cases (the intake and dispatch forms).
pub fn may_write(staff: &crate::StaffPrincipal) -> bool {
    staff.roles.iter().any(|r| r.works_cases())
}
