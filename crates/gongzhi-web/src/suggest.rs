//! Category suggestions over HTTP: `POST /api/v1/suggest` for staff (the intake page asks it as the operator types);
//! the queue and the case page render suggestions server-side through `suggestions_for`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::validation::{self, ValidationErrors};

use crate::api::{ApiJson, Checked, ErrorBody, OPTIONAL_TEXT_PATTERN, instant, string_schema};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::Staff;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let routes = Router::new()
        .route("/api/v1/suggest", post(suggest))
        .route("/staff/suggest", axum::routing::get(fragment));
    crate::extract::gated(routes, gongzhi_app::suggest::may_write)
}

fn title_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    string_schema(None, Some(100), Some(OPTIONAL_TEXT_PATTERN), false)
}
fn text_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    string_schema(None, Some(4000), Some(OPTIONAL_TEXT_PATTERN), false)
}
fn address_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    string_schema(None, Some(200), Some(OPTIONAL_TEXT_PATTERN), true)
}

/// A matter as typed so far.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SuggestBody)]
pub struct SuggestBody {
    #[schema(schema_with = title_schema)]
    pub title: String,
    #[schema(schema_with = text_schema)]
    pub description: String,
    /// The typed address (placed by the gazetteer when no point is given).
    #[serde(default)]
    #[schema(schema_with = address_schema)]
    pub address: Option<String>,
    /// WGS84 latitude inside China; give both or neither.
    #[schema(minimum = 3.8, maximum = 53.6)]
    pub lat: Option<f64>,
    /// WGS84 longitude inside China; give both or neither.
    #[schema(minimum = 73.5, maximum = 135.1)]
    pub lon: Option<f64>,
}

impl Checked for SuggestBody {
    fn check(&self, e: &mut ValidationErrors) {
        validation::text(e, "title", &self.title, false, 100);
        validation::text(e, "description", &self.description, false, 4000);
        validation::text(
            e,
            "address",
            self.address.as_deref().unwrap_or(""),
            false,
            200,
        );
        if self.lat.is_some() != self.lon.is_some() {
            e.add("lat", "not_a_coordinate");
        }
    }
}

/// A unit named by code and name.
#[derive(Serialize, ToSchema)]
#[schema(as = SuggestedUnit)]
pub struct SuggestedUnit {
    pub code: String,
    pub name: String,
}

/// A suggested category.
#[derive(Serialize, ToSchema)]
pub struct Suggestion {
    /// The catalogue code.
    pub category: String,
    pub name: String,
    pub theme: String,
    /// The unit accountable for it at the given place; null when that depends on a place not given (a community or
    /// street matter).
    pub unit: Option<SuggestedUnit>,
    /// The model's probability, 0–1 (calibrated on cases held back from training).
    pub score: f64,
    /// The words of the text that weighed most for it.
    pub words: Vec<String>,
}

/// The model the suggestions came from.
#[derive(Serialize, ToSchema)]
pub struct SuggestModel {
    pub version: i64,
    #[schema(schema_with = instant)]
    pub trained_at: String,
    /// Closed cases it learned from.
    pub cases: i64,
    /// Share of the held-back cases whose category came first, and among the first three.
    pub top1: f64,
    pub top3: f64,
}

/// Suggestions for a matter.
#[derive(Serialize, ToSchema)]
pub struct SuggestAnswer {
    /// At most three, likeliest first; none when no model was trained yet or nothing was typed.
    pub suggestions: Vec<Suggestion>,
    pub model: Option<SuggestModel>,
}

/// The three likeliest catalogue categories for a matter's text and place.
#[utoipa::path(
    post, path = "/api/v1/suggest", tag = "cases",
    description = "For staff: the three likeliest categories of the current catalogue for a title and description \
        (and place: `lat`/`lon`, or the typed `address`), from a naive Bayes model trained on the district's closed \
        cases by the category each was finally routed to; each with its accountable unit at that place, a \
        probability and the words that weighed most. Nothing typed, or no model yet: no suggestions. Rule the schema \
        cannot state, answered with 422: `lat` and `lon` come together.",
    request_body = SuggestBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the suggestions", body = SuggestAnswer),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 422, description = "a field is wrong", body = ErrorBody),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    _staff: Staff,
    ApiJson(body): ApiJson<SuggestBody>,
) -> Result<Response, AppError> {
    let point = match (body.lat, body.lon) {
        (Some(lat), Some(lon)) => Some(
            GeoPoint::parse(lat, lon)
                .map_err(|_| gongzhi_app::AppError::field("lat", "not_a_coordinate"))?,
        ),
        _ => None,
    };
    Ok(Json(
        answer(
            &state,
            &body.title,
            &body.description,
            point,
            body.address.as_deref().unwrap_or(""),
        )
        .await?,
    )
    .into_response())
}

/// The suggestions for a text and place, as the API answers them (the pages use the same).
pub async fn answer(
    state: &AppState,
    title: &str,
    description: &str,
    point: Option<GeoPoint>,
    address: &str,
) -> Result<SuggestAnswer, AppError> {
    if title.trim().is_empty() && description.trim().is_empty() {
        let model = gongzhi_app::suggest::current(&state.app).await?;
        return Ok(SuggestAnswer {
            suggestions: Vec::new(),
            model: model.as_ref().as_ref().map(|l| model_of(&l.info)),
        });
    }
    let (found, info) =
        gongzhi_app::suggest::suggest(&state.app, title, description, point, address).await?;
    Ok(SuggestAnswer {
        suggestions: found
            .into_iter()
            .map(|s| Suggestion {
                category: s.category.code,
                name: s.category.name,
                theme: s.category.theme,
                unit: s.unit.map(|u| SuggestedUnit {
                    code: u.code,
                    name: u.name,
                }),
                score: (s.score * 1000.0).round() / 1000.0,
                words: s.reasons,
            })
            .collect(),
        model: info.as_ref().map(model_of),
    })
}

fn model_of(i: &gongzhi_store::suggest::ModelInfo) -> SuggestModel {
    SuggestModel {
        version: i.version,
        trained_at: iso(i.trained_at),
        cases: i.cases,
        top1: (i.top1 * 1000.0).round() / 1000.0,
        top3: (i.top3 * 1000.0).round() / 1000.0,
    }
}

/// A suggestion as the pages show it.
#[derive(Debug, Clone)]
pub struct SuggestionView {
    pub code: String,
    pub name: String,
    /// The accountable unit there, or what decides it (the place's community or street).
    pub unit: String,
    pub percent: u32,
    /// The words that weighed most, joined for reading.
    pub words: String,
}

/// Suggestions as the pages show them.
pub fn views(
    found: Vec<gongzhi_app::suggest::Suggestion>,
    lang: crate::i18n::Lang,
) -> Vec<SuggestionView> {
    use gongzhi_domain::catalogue::Accountable;
    found
        .into_iter()
        .map(|s| SuggestionView {
            unit: match (s.unit, &s.category.accountable) {
                (Some(u), _) => u.name,
                (None, Accountable::Community) => lang.t("suggest.by_community").to_owned(),
                (None, _) => lang.t("suggest.by_street").to_owned(),
            },
            code: s.category.code,
            name: s.category.name,
            percent: (s.score * 100.0).round() as u32,
            words: s.reasons.join(lang.t("suggest.word_separator")),
        })
        .collect()
}

/// The suggestions of a text and place as the pages show them (none for an empty text).
pub async fn page_views(
    state: &AppState,
    lang: crate::i18n::Lang,
    title: &str,
    description: &str,
    lat: &str,
    lon: &str,
    address: &str,
) -> Result<Vec<SuggestionView>, AppError> {
    if title.trim().is_empty() && description.trim().is_empty() {
        return Ok(Vec::new());
    }
    let point = match (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) {
        (Ok(lat), Ok(lon)) => GeoPoint::parse(lat, lon).ok(),
        _ => None,
    };
    let (found, _) =
        gongzhi_app::suggest::suggest(&state.app, title, description, point, address).await?;
    Ok(views(found, lang))
}

#[derive(askama::Template)]
#[template(path = "suggestions_fragment.html")]
struct Fragment {
    ctx: crate::page::PageCtx,
    suggested: Vec<SuggestionView>,
    suggest_target: &'static str,
    repeats: Vec<Repeat>,
}

/// A likely duplicate as the pages list it: case number, title, similarity in per cent, metres apart.
pub type Repeat = (String, String, u32, Option<u32>);

/// Open cases a matter being typed may repeat (same place, the past week, similar words).
pub async fn repeats(
    state: &AppState,
    staff: &gongzhi_app::StaffPrincipal,
    title: &str,
    description: &str,
    lat: &str,
    lon: &str,
    address: &str,
) -> Result<Vec<Repeat>, AppError> {
    let point = match (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) {
        (Ok(lat), Ok(lon)) => GeoPoint::parse(lat, lon).ok(),
        _ => None,
    };
    Ok(gongzhi_app::search::near_duplicates_of_text(
        &state.app,
        staff,
        title,
        description,
        point,
        address,
    )
    .await?
    .into_iter()
    .map(|d| {
        (
            d.case.case_no.as_str().to_owned(),
            d.case.title,
            (d.similarity * 100.0).round() as u32,
            d.distance_m.map(|m| m.round() as u32),
        )
    })
    .collect())
}

/// The intake page's suggestions as the operator types: an HTML fragment replacing the block (GET, so no form
/// token; it changes nothing).
pub async fn fragment(
    State(state): State<AppState>,
    crate::extract::ReqLang(lang): crate::extract::ReqLang,
    staff: Staff,
    addr: crate::extract::ClientAddr,
    query: crate::extract::QueryData,
) -> Result<Response, AppError> {
    let q = |k: &str| query.get(k).chars().take(4000).collect::<String>();
    let suggested = page_views(
        &state,
        lang,
        &q("title"),
        &q("description"),
        &q("lat"),
        &q("lon"),
        &q("address"),
    )
    .await?;
    let repeats = repeats(
        &state,
        &staff.principal(&addr),
        &q("title"),
        &q("description"),
        &q("lat"),
        &q("lon"),
        &q("address"),
    )
    .await?;
    Ok(crate::page::render(&Fragment {
        ctx: crate::page::PageCtx::new(lang, Some(&staff)),
        suggested,
        suggest_target: "intake-category",
        repeats,
    }))
}
