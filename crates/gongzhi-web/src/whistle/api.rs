//! The whistles' JSON API: blow, read, list, report, progress, summon more, close, rate, the district view and the
//! reasons. Every body and answer is typed here; the OpenAPI document is generated from them.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_app::whistle::{BlowRequest, ReportRequest};
use gongzhi_domain::org::UserId;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_domain::whistle::{Summons, Whistle, WhistleInput};

use crate::api::{
    ApiJson, Checked, ErrorBody, check_case_no, check_len, codes_schema, instant, instant_opt,
    parse_uuid, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/whistles", post(blow).get(list))
        .route("/api/v1/whistles/stats", get(stats))
        .route("/api/v1/whistle-reasons", get(reasons))
        .route("/api/v1/whistles/{whistle_no}", get(read))
        .route("/api/v1/whistles/{whistle_no}/report", post(report))
        .route("/api/v1/whistles/{whistle_no}/progress", post(progress))
        .route("/api/v1/whistles/{whistle_no}/summon", post(summon))
        .route("/api/v1/whistles/{whistle_no}/close", post(close))
        .route("/api/v1/whistles/{whistle_no}/rate", post(rate))
}

/// `W` and 12 digits.
pub const WHISTLE_NO_PATTERN: &str = r"^W[0-9]{12}$";
const UNIT_CODE_PATTERN: &str = r"^[a-z][a-z0-9._-]{0,63}$";
const REASON_PATTERN: &str = r"^[a-z][a-z_]{0,31}$";

fn report_status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::whistle::ReportStatus::ALL
            .iter()
            .map(|s| s.code()),
        false,
        "pending, reported (in time), late, overdue (not reported, past the deadline)",
    )
}
fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["open", "closed"],
        false,
        "open until the street closes it (事不完、人不撤)",
    )
}
fn unit_codes_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(
            utoipa::openapi::schema::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .pattern(Some(UNIT_CODE_PATTERN)),
        )
        .min_items(Some(1))
        .max_items(Some(30))
        .into()
}
fn case_nos_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            utoipa::openapi::schema::Type::Array,
            utoipa::openapi::schema::Type::Null,
        ]))
        .items(
            utoipa::openapi::schema::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .pattern(Some(crate::api::CASE_NO_PATTERN)),
        )
        .max_items(Some(50))
        .into()
}
fn people_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            utoipa::openapi::schema::Type::Array,
            utoipa::openapi::schema::Type::Null,
        ]))
        .items(
            utoipa::openapi::schema::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .pattern(Some(crate::api::UUID_PATTERN)),
        )
        .max_items(Some(50))
        .into()
}

fn is_unit_code(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
        })
}

/// A whistle to blow.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhistleBody {
    /// A reason code from `GET /api/v1/whistle-reasons` (emergency, demand, enforcement, key_task, …).
    #[schema(pattern = r"^[a-z][a-z_]{0,31}$")]
    pub reason: String,
    /// The departments and enterprises summoned, by unit code (`dept.cgzf`, `ent.gas`, …).
    #[schema(schema_with = unit_codes_schema)]
    pub units: Vec<String>,
    #[schema(schema_with = strings::text_100)]
    pub title: String,
    #[schema(schema_with = strings::text_4000)]
    pub description: String,
    #[schema(schema_with = strings::text_200)]
    pub address: String,
    /// WGS84; give both or neither.
    #[schema(minimum = 3.8, maximum = 53.6)]
    pub lat: Option<f64>,
    #[schema(minimum = 73.5, maximum = 135.1)]
    pub lon: Option<f64>,
    /// Cases the whistle is about, by number.
    #[schema(schema_with = case_nos_schema)]
    pub case_nos: Option<Vec<String>>,
    /// Minutes the units have to report; the reason's default when absent.
    #[schema(minimum = 10, maximum = 10080)]
    #[serde(default, deserialize_with = "crate::api::whole::opt_u32")]
    pub report_within_minutes: Option<u32>,
}

impl Checked for WhistleBody {
    fn check(&self, e: &mut ValidationErrors) {
        let r = self.reason.as_bytes();
        if r.is_empty()
            || r.len() > 32
            || !r[0].is_ascii_lowercase()
            || !r.iter().all(|c| c.is_ascii_lowercase() || *c == b'_')
        {
            e.add("reason", "invalid_choice");
        }
        if self.units.is_empty()
            || self.units.len() > 30
            || !self.units.iter().all(|u| is_unit_code(u))
        {
            e.add("units", "unknown_unit");
        }
        check_len(e, "title", &self.title, 100);
        check_len(e, "description", &self.description, 4000);
        check_len(e, "address", &self.address, 200);
        if self.lat.is_some() != self.lon.is_some() {
            e.add("lat", "not_a_coordinate");
        }
        for no in self.case_nos.iter().flatten() {
            check_case_no(e, "case_nos", no);
        }
        if self.case_nos.as_ref().is_some_and(|c| c.len() > 50) {
            e.add("case_nos", "too_long");
        }
        if self
            .report_within_minutes
            .is_some_and(|m| !(10..=10080).contains(&m))
        {
            e.add("report_within_minutes", "out_of_range");
        }
    }
}

/// A summoned unit and its report.
#[derive(Serialize, ToSchema)]
pub struct SummonsItem {
    pub unit: String,
    pub unit_name: String,
    #[schema(schema_with = report_status_schema)]
    pub status: String,
    #[schema(schema_with = instant)]
    pub summoned_at: String,
    #[schema(schema_with = instant)]
    pub due_at: String,
    #[schema(schema_with = instant_opt)]
    pub reported_at: Option<String>,
    pub on_site: Option<bool>,
    /// Who came.
    pub people: Vec<String>,
    /// What the unit did.
    pub action: String,
    pub rating: Option<RatingItem>,
}

/// The street's rating of a unit.
#[derive(Serialize, ToSchema)]
pub struct RatingItem {
    pub timeliness: u8,
    pub attitude: u8,
    pub result: u8,
    pub comment: String,
    #[schema(schema_with = instant)]
    pub rated_at: String,
}

/// One entry of a whistle's timeline.
#[derive(Serialize, ToSchema)]
pub struct WhistleEventItem {
    #[schema(schema_with = instant)]
    pub at: String,
    /// `blown`, `summoned`, `reported`, `reported_late`, `progress`, `report_overdue`, `closed`, `rated`, …
    pub event: String,
    pub unit: Option<String>,
    pub actor: Option<String>,
    pub note: String,
}

/// A whistle with its summoned units' report status.
#[derive(Serialize, ToSchema)]
pub struct WhistleDetail {
    #[schema(pattern = r"^W[0-9]{12}$")]
    pub whistle_no: String,
    #[schema(schema_with = strings::uuid)]
    pub street_id: String,
    pub reason: String,
    pub title: String,
    pub description: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[schema(schema_with = status_schema)]
    pub status: String,
    #[schema(schema_with = instant)]
    pub blown_at: String,
    /// When the units first summoned must report.
    #[schema(schema_with = instant)]
    pub report_due_at: String,
    pub outcome: String,
    /// Why the street closed while a unit had not reported.
    pub close_reason: String,
    #[schema(schema_with = instant_opt)]
    pub closed_at: Option<String>,
    pub units: Vec<SummonsItem>,
    pub case_nos: Vec<String>,
    /// The whole timeline (on `GET /api/v1/whistles/{whistle_no}` and after an action).
    pub timeline: Vec<WhistleEventItem>,
}

async fn detail(
    state: &AppState,
    w: &Whistle,
    summons: &[Summons],
) -> Result<WhistleDetail, AppError> {
    let now = state.now();
    let timeline = state.reads.whistle_timeline(&w.id).await?;
    Ok(WhistleDetail {
        whistle_no: w.whistle_no.to_string(),
        street_id: w.street_id.to_string(),
        reason: w.reason.clone(),
        title: w.title.clone(),
        description: w.description.clone(),
        address: w.address.clone(),
        lat: w.point.map(|p| p.lat),
        lon: w.point.map(|p| p.lon),
        status: w.status.code().into(),
        blown_at: iso(w.blown_at),
        report_due_at: iso(w.blown_at + w.report_minutes as i64 * 60_000),
        outcome: w.outcome.clone(),
        close_reason: w.close_reason.clone(),
        closed_at: w.closed_at.map(iso),
        units: summons
            .iter()
            .map(|s| SummonsItem {
                unit: s.unit_code.clone(),
                unit_name: s.unit_name.clone(),
                status: s.status(now).code().into(),
                summoned_at: iso(s.summoned_at),
                due_at: iso(s.due_at),
                reported_at: s.reported_at.map(iso),
                on_site: s.on_site,
                people: s.people.clone(),
                action: s.action.clone(),
                rating: s.rating.as_ref().map(|r| RatingItem {
                    timeliness: r.timeliness,
                    attitude: r.attitude,
                    result: r.result,
                    comment: r.comment.clone(),
                    rated_at: iso(r.rated_at),
                }),
            })
            .collect(),
        case_nos: gongzhi_app::whistle::case_nos(&state.app, w)
            .await?
            .into_iter()
            .map(|n| n.to_string())
            .collect(),
        timeline: timeline
            .into_iter()
            .map(|e| WhistleEventItem {
                at: iso(e.at),
                event: e.event,
                unit: e.unit_name,
                actor: e.actor,
                note: e.note,
            })
            .collect(),
    })
}

async fn answer(
    state: &AppState,
    staff: &Staff,
    addr: &ClientAddr,
    no: &str,
) -> Result<Response, AppError> {
    let (w, summons) =
        gongzhi_app::whistle::visible(&state.app, &staff.principal(addr), no).await?;
    Ok(Json(detail(state, &w, &summons).await?).into_response())
}

/// Blow a whistle (a street's officers; a community worker to its own street).
#[utoipa::path(
    operation_id = "whistle_blow",
    post, path = "/api/v1/whistles", tag = "whistles", request_body = WhistleBody,
    description = "Summons departments and enterprises to a problem the street cannot solve alone. Rules the schema cannot \
        state, answered with 422: `reason` must be one of the district's reasons; each unit must exist and be a \
        department or an enterprise; each case must exist and be visible to the caller. 403 `not_a_whistler` for \
        anyone but a street's officers and community workers.",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "blown; every summoned unit is told", body = WhistleDetail),
        (status = 403, description = "not_a_whistler", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn blow(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<WhistleBody>,
) -> Result<Response, AppError> {
    let input = WhistleInput {
        reason: body.reason,
        title: body.title,
        description: body.description,
        address: body.address,
        lat: body.lat.map(|v| v.to_string()).unwrap_or_default(),
        lon: body.lon.map(|v| v.to_string()).unwrap_or_default(),
        report_within_minutes: body
            .report_within_minutes
            .map(|m| m.to_string())
            .unwrap_or_default(),
    };
    let req = BlowRequest {
        input,
        units: body.units,
        case_nos: body.case_nos.unwrap_or_default(),
    };
    let w = gongzhi_app::whistle::blow(&state.app, &staff.principal(&addr), &req).await?;
    let summons = state.reads.whistle_summons(&w.id).await?;
    let location = format!("/api/v1/whistles/{}", w.whistle_no);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(detail(&state, &w, &summons).await?),
    )
        .into_response())
}

/// One whistle with each summoned unit's report status.
#[utoipa::path(
    operation_id = "whistle_read",
    get, path = "/api/v1/whistles/{whistle_no}", tag = "whistles",
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the whistle", body = WhistleDetail),
        (status = 404, description = "no such whistle, or not yours to see", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    answer(&state, &staff, &addr, &no).await
}

crate::api::paged_list! {
    /// A page of whistles.
    WhistleList of WhistleSummary
}

/// A whistle as listed.
#[derive(Serialize, ToSchema)]
pub struct WhistleSummary {
    pub whistle_no: String,
    pub street: String,
    pub reason: String,
    pub title: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    #[schema(schema_with = instant)]
    pub blown_at: String,
    pub summoned: i64,
    pub reported: i64,
    /// Units whose report is overdue now.
    pub overdue: i64,
}

/// Whistles newest first: the street's board, what the caller's unit was summoned to, or all (district roles).
#[utoipa::path(
    operation_id = "whistle_list",
    get, path = "/api/v1/whistles", tag = "whistles",
    params(
        ("view" = Option<String>, Query, description = "street (default), summoned or all", pattern = "^(street|summoned|all)$"),
        ("narrow" = Option<String>, Query, description = "open, overdue or closed_month", pattern = "^(open|overdue|closed_month)$"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "whistles with their counts", body = WhistleList),
        (status = 403, description = "forbidden: the view is not the caller's", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let q = |k: &str| query.0.get(k).map(String::as_str);
    let view = q("view").unwrap_or("street");
    if !matches!(view, "street" | "summoned" | "all") {
        e.add("view", "invalid_choice");
    }
    // Absent means no narrowing; present, it must be one of the three (an empty value is a mistake, not "all").
    let narrow = q("narrow");
    if narrow.is_some_and(|n| !matches!(n, "open" | "overdue" | "closed_month")) {
        e.add("narrow", "invalid_choice");
    }
    let narrow = narrow.unwrap_or("");
    let page = crate::api::page_params(&mut e, &query.0, 20);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found =
        gongzhi_app::whistle::list(&state.app, &staff.principal(&addr), view, narrow, page).await?;
    Ok(Json(WhistleList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .into_iter()
            .map(|r| WhistleSummary {
                whistle_no: r.whistle.whistle_no.to_string(),
                street: r.street_name,
                reason: r.whistle.reason,
                title: r.whistle.title,
                status: r.whistle.status.code().into(),
                blown_at: iso(r.whistle.blown_at),
                summoned: r.summoned,
                reported: r.reported,
                overdue: r.overdue,
            })
            .collect(),
    })
    .into_response())
}

/// A summoned unit's report (报到).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    pub on_site: bool,
    /// Who came: people of the reporting unit, by user id; the reporting officer when absent.
    #[schema(schema_with = people_schema)]
    pub people: Option<Vec<String>>,
    /// What the unit did.
    #[schema(schema_with = strings::text_2000)]
    pub action: String,
}
impl Checked for ReportBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "action", &self.action, 2000);
        if self
            .people
            .iter()
            .flatten()
            .any(|p| parse_uuid(p).is_none())
        {
            e.add("people", "not_in_unit");
        }
    }
}

/// Report (报到) for the caller's unit: once, while the whistle is open; after the deadline it is marked late.
#[utoipa::path(
    operation_id = "whistle_report",
    post, path = "/api/v1/whistles/{whistle_no}/report", tag = "whistles", request_body = ReportBody,
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    description = "422 when a person named in `people` is not of the caller's unit.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "reported", body = WhistleDetail),
        (status = 403, description = "not_summoned: the caller's unit was not summoned", body = ErrorBody),
        (status = 404, description = "no such whistle", body = ErrorBody),
        (status = 409, description = "whistle_closed, already_reported", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Response, AppError> {
    let people = body
        .people
        .unwrap_or_default()
        .iter()
        .filter_map(|p| UserId::parse(p))
        .collect();
    let req = ReportRequest {
        on_site: body.on_site,
        people,
        action: body.action,
        files: Vec::new(),
    };
    gongzhi_app::whistle::report(&state.app, &staff.principal(&addr), &no, &req).await?;
    answer(&state, &staff, &addr, &no).await
}

/// A progress entry.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressBody {
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for ProgressBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", &self.note, 2000);
    }
}

/// Progress from a unit that has reported, until the whistle is closed.
#[utoipa::path(
    operation_id = "whistle_progress",
    post, path = "/api/v1/whistles/{whistle_no}/progress", tag = "whistles", request_body = ProgressBody,
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "recorded", body = WhistleDetail),
        (status = 403, description = "not_summoned", body = ErrorBody),
        (status = 404, description = "no such whistle", body = ErrorBody),
        (status = 409, description = "whistle_closed, not_reported", body = ErrorBody),
    )
)]
pub async fn progress(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<ProgressBody>,
) -> Result<Response, AppError> {
    gongzhi_app::whistle::progress(
        &state.app,
        &staff.principal(&addr),
        &no,
        &body.note,
        Vec::new(),
    )
    .await?;
    answer(&state, &staff, &addr, &no).await
}

/// More units to summon.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummonBody {
    #[schema(schema_with = unit_codes_schema)]
    pub units: Vec<String>,
}
impl Checked for SummonBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.units.is_empty()
            || self.units.len() > 30
            || !self.units.iter().all(|u| is_unit_code(u))
        {
            e.add("units", "unknown_unit");
        }
    }
}

/// The street summons more units to its open whistle.
#[utoipa::path(
    operation_id = "whistle_summon",
    post, path = "/api/v1/whistles/{whistle_no}/summon", tag = "whistles", request_body = SummonBody,
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    description = "422 when a unit does not exist or is not a department or an enterprise.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "summoned; the units are told", body = WhistleDetail),
        (status = 403, description = "not_the_street", body = ErrorBody),
        (status = 404, description = "no such whistle", body = ErrorBody),
        (status = 409, description = "whistle_closed, already_summoned", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn summon(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<SummonBody>,
) -> Result<Response, AppError> {
    gongzhi_app::whistle::summon(&state.app, &staff.principal(&addr), &no, &body.units).await?;
    answer(&state, &staff, &addr, &no).await
}

/// Closing: the outcome, and a reason when a unit has not reported.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhistleCloseBody {
    #[schema(schema_with = strings::text_2000)]
    pub outcome: String,
    #[schema(schema_with = strings::optional_text_2000)]
    pub reason: Option<String>,
}
impl Checked for WhistleCloseBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "outcome", &self.outcome, 2000);
        check_len(e, "reason", self.reason.as_deref().unwrap_or(""), 2000);
    }
}

/// 事不完、人不撤: only the street that blew the whistle closes it.
#[utoipa::path(
    operation_id = "whistle_close",
    post, path = "/api/v1/whistles/{whistle_no}/close", tag = "whistles", request_body = WhistleCloseBody,
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "closed", body = WhistleDetail),
        (status = 403, description = "not_the_street", body = ErrorBody),
        (status = 404, description = "no such whistle", body = ErrorBody),
        (status = 409, description = "whistle_closed, reason_needed (a unit has not reported)", body = ErrorBody),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<WhistleCloseBody>,
) -> Result<Response, AppError> {
    gongzhi_app::whistle::close(
        &state.app,
        &staff.principal(&addr),
        &no,
        &body.outcome,
        body.reason.as_deref().unwrap_or(""),
    )
    .await?;
    answer(&state, &staff, &addr, &no).await
}

/// The street's rating of one summoned unit.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WhistleRateBody {
    /// The unit's code.
    #[schema(pattern = r"^[a-z][a-z0-9._-]{0,63}$")]
    pub unit: String,
    #[schema(minimum = 1, maximum = 5)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub timeliness: i64,
    #[schema(minimum = 1, maximum = 5)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub attitude: i64,
    #[schema(minimum = 1, maximum = 5)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub result: i64,
    #[schema(schema_with = strings::optional_text_500)]
    pub comment: Option<String>,
    /// Change an earlier rating (within seven days of it).
    pub change: Option<bool>,
}
impl Checked for WhistleRateBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !is_unit_code(&self.unit) {
            e.add("unit", "unknown_unit");
        }
        for (f, v) in [
            ("timeliness", self.timeliness),
            ("attitude", self.attitude),
            ("result", self.result),
        ] {
            if !(1..=5).contains(&v) {
                e.add(f, "out_of_range");
            }
        }
        check_len(e, "comment", self.comment.as_deref().unwrap_or(""), 500);
    }
}

/// After closing, the street rates each summoned unit (1–5 for timeliness, attitude, result).
#[utoipa::path(
    operation_id = "whistle_rate",
    post, path = "/api/v1/whistles/{whistle_no}/rate", tag = "whistles", request_body = WhistleRateBody,
    params(("whistle_no" = String, Path, pattern = r"^W[0-9]{12}$")),
    description = "422 when `unit` does not exist or was not summoned to this whistle.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "rated", body = WhistleDetail),
        (status = 403, description = "not_the_street", body = ErrorBody),
        (status = 404, description = "no such whistle", body = ErrorBody),
        (status = 409, description = "whistle_open, already_rated, not_rated, rating_locked", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn rate(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<WhistleRateBody>,
) -> Result<Response, AppError> {
    let scores = (body.timeliness, body.attitude, body.result);
    gongzhi_app::whistle::rate(
        &state.app,
        &staff.principal(&addr),
        &no,
        &body.unit,
        scores,
        body.comment.as_deref().unwrap_or(""),
        body.change == Some(true),
    )
    .await?;
    answer(&state, &staff, &addr, &no).await
}

/// The district view.
#[derive(Serialize, ToSchema)]
pub struct WhistleStatsBody {
    pub streets: Vec<StreetStats>,
    pub units: Vec<UnitStats>,
}

#[derive(Serialize, ToSchema)]
pub struct StreetStats {
    pub street: String,
    pub whistles: i64,
    pub open: i64,
    pub summons: i64,
    /// Reports overdue now (not made, past the deadline).
    pub missing: i64,
}

#[derive(Serialize, ToSchema)]
pub struct UnitStats {
    pub unit: String,
    pub summoned: i64,
    /// Reports made on site (报到 is coming to the scene) by the deadline.
    pub reported_in_time: i64,
    pub late: i64,
    /// Not reported by the deadline (a summons the street's closing ended before its deadline is not missing).
    pub missing: i64,
    /// Answered by telephone without coming: guidance, counted apart, never as reporting.
    pub by_phone: i64,
    /// The median minutes from summons to an on-site report.
    pub median_report_minutes: Option<f64>,
    /// The mean of the streets' ratings (each the mean of its three scores).
    pub mean_rating: Option<f64>,
}

/// Every whistle of a period by street and by summoned unit (district roles).
#[utoipa::path(
    operation_id = "whistle_stats",
    get, path = "/api/v1/whistles/stats", tag = "whistles",
    params(
        ("from" = String, Query, description = "Beijing date, inclusive (YYYY-MM-DD)", format = Date),
        ("to" = String, Query, description = "Beijing date, inclusive (YYYY-MM-DD)", format = Date),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the district view", body = WhistleStatsBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn stats(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let (from, to) = crate::api::date_range(&query)?;
    let s = gongzhi_app::whistle::stats(&state.app, &staff.principal(&addr), from, to).await?;
    Ok(Json(WhistleStatsBody {
        streets: s
            .streets
            .into_iter()
            .map(|x| StreetStats {
                street: x.street,
                whistles: x.whistles,
                open: x.open,
                summons: x.summons,
                missing: x.missing,
            })
            .collect(),
        units: s
            .units
            .into_iter()
            .map(|x| UnitStats {
                unit: x.unit,
                summoned: x.summoned,
                reported_in_time: x.in_time,
                late: x.late,
                missing: x.missing,
                by_phone: x.by_phone,
                median_report_minutes: x.median_minutes,
                mean_rating: x.mean_rating,
            })
            .collect(),
    })
    .into_response())
}

/// A reason to whistle.
#[derive(Serialize, ToSchema)]
pub struct ReasonItem {
    pub code: String,
    pub name: String,
    /// Default minutes to report.
    pub report_minutes: u32,
}

/// The district's reasons to whistle, with their default report deadlines.
#[utoipa::path(
    operation_id = "whistle_reasons",
    get, path = "/api/v1/whistle-reasons", tag = "whistles",
    security(("bearer" = [])),
    responses((status = 200, description = "the reasons", body = Vec<ReasonItem>))
)]
pub async fn reasons(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    let r = gongzhi_app::whistle::reasons(&state.app).await?;
    Ok(Json(
        r.into_iter()
            .map(|r| ReasonItem {
                code: r.code,
                name: r.name,
                report_minutes: r.report_minutes,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

#[allow(dead_code)]
const _PATTERNS: [&str; 2] = [REASON_PATTERN, WHISTLE_NO_PATTERN];
