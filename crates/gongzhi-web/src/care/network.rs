//! The care network and long-term-care insurance over JSON: the facilities directory (public), deliveries (record,
//! list, verify), care plans (propose, answer), insurance (enrolment, contributions), the accident roster, and
//! monthly settlements (enter, read, check, settle). Money is in fen (integers), months are `YYYYMM`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use gongzhi_app::care::services::ServiceInput;
use gongzhi_domain::care::Need;
use gongzhi_domain::care::ltc::{Category, Payer, SettlementStatus};
use gongzhi_domain::care::services::{Meal, Place};
use gongzhi_domain::org::UnitId;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::care::services::{Facility, Plan, ServiceRecord, SettledLine, Settlement};

use crate::api::{
    ApiJson, Checked, ErrorBody, codes_schema, instant, instant_opt, parse_uuid, query_int, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/care/facilities", get(facilities))
        .route("/api/v1/care/services", get(records).post(record))
        .route("/api/v1/care/services/verify", post(verify))
        .route("/api/v1/care/plans", post(propose))
        .route("/api/v1/care/plans/{id}/decision", post(decide))
        .route(
            "/api/v1/care/elders/{id}/insurance",
            get(insurance).post(contribute),
        )
        .route(
            "/api/v1/care/elders/{id}/insurance/check",
            post(check_contribution),
        )
        .route(
            "/api/v1/care/accident-roster",
            get(roster).post(build_roster),
        )
        .route("/api/v1/care/settlements", get(settlements).post(enter))
        .route("/api/v1/care/settlements/{id}", get(settlement))
        .route("/api/v1/care/settlements/{id}/check", post(check))
        .route("/api/v1/care/settlements/{id}/settle", post(settle))
        .route("/api/v1/care/rules", get(rules))
}

fn service_schema() -> RefOr<Schema> {
    codes_schema(
        Need::ALL.iter().map(|n| n.code()),
        false,
        "day_care, meals, bathing, cleaning, medical_escort, health_guidance, recreation, comfort, disability_aid",
    )
}
fn meal_opt() -> RefOr<Schema> {
    codes_schema(
        Meal::ALL.iter().map(|n| n.code()),
        true,
        "breakfast, lunch or dinner (meals only)",
    )
}
fn place_schema() -> RefOr<Schema> {
    codes_schema(
        Place::ALL.iter().map(|n| n.code()),
        false,
        "home or facility",
    )
}
fn payer_schema() -> RefOr<Schema> {
    codes_schema(
        Payer::ALL.iter().map(|n| n.code()),
        false,
        "individual, employer, government, society",
    )
}

/// A month as the API takes it: `YYYYMM`, years 2000 to 2199.
pub const MONTH_PATTERN: &str = "^(20[0-9]{2}|21[0-9]{2})(0[1-9]|1[0-2])$";

fn month_schema() -> RefOr<Schema> {
    crate::api::string_schema(None, None, Some(MONTH_PATTERN), false)
}

/// Exactly `MONTH_PATTERN`.
fn parse_month(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let shape = b.len() == 6
        && b.iter().all(u8::is_ascii_digit)
        && (b[0..2] == *b"20" || b[0..2] == *b"21");
    s.parse::<i64>()
        .ok()
        .filter(|m| shape && gongzhi_domain::care::ltc::valid_month(*m))
}

fn month_param(errors: &mut ValidationErrors, raw: Option<&String>, default: i64) -> i64 {
    match raw.map(String::as_str) {
        None => default,
        Some(s) => match parse_month(s) {
            Some(m) => m,
            None => {
                errors.add("month", "not_a_month");
                default
            }
        },
    }
}

// --- facilities -----------------------------------------------------------------------------------------------

/// A service a facility offers.
#[derive(Serialize, ToSchema)]
pub struct PriceItem {
    #[schema(schema_with = service_schema)]
    pub service: String,
    pub name: String,
    /// The price of one unit (fen).
    pub price_fen: i64,
    /// 餐, 次, 天 or 小时.
    pub unit: String,
    /// Paid by long-term-care insurance within a plan.
    pub ltc_covered: bool,
}

/// A facility of the care network.
#[derive(Serialize, ToSchema)]
pub struct FacilityItem {
    pub id: String,
    pub name: String,
    /// hospital, rehab, street_centre, station, meal_point.
    pub tier: String,
    pub tier_name: String,
    pub operator: String,
    /// A member of the 老街坊 provider alliance.
    pub alliance: bool,
    pub street_id: Option<String>,
    pub street: Option<String>,
    pub beds: i64,
    pub day_seats: i64,
    pub meals_per_day: i64,
    /// Elders it can take on in long-term-care home plans (0: not a contracted provider).
    pub home_care_slots: i64,
    pub radius_m: i64,
    /// WGS84.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub services: Vec<PriceItem>,
}

/// What long-term-care insurance pays for this month.
pub(crate) async fn covered_now(
    state: &AppState,
) -> Result<Vec<gongzhi_domain::care::Need>, AppError> {
    Ok(gongzhi_app::care::services::ltc_covered(
        &state.app,
        gongzhi_app::care::services::month_of(state.now()),
    )
    .await?)
}

pub(crate) fn facility_item(
    f: &Facility,
    names: &std::collections::HashMap<UnitId, String>,
    covered: &[gongzhi_domain::care::Need],
) -> FacilityItem {
    FacilityItem {
        id: f.id.clone(),
        name: f.name.clone(),
        tier: f.tier.code().into(),
        tier_name: f.tier.label().into(),
        operator: f.operator.clone(),
        alliance: f.alliance,
        street_id: f.street_id.map(|s| s.to_string()),
        street: f.street_id.and_then(|s| names.get(&s).cloned()),
        beds: f.beds,
        day_seats: f.day_seats,
        meals_per_day: f.meals_per_day,
        home_care_slots: f.home_care_slots,
        radius_m: f.radius_m,
        lat: f.point.map(|p| (p.lat * 1e6).round() / 1e6),
        lon: f.point.map(|p| (p.lon * 1e6).round() / 1e6),
        services: f
            .prices
            .iter()
            .map(|(s, p)| PriceItem {
                service: s.code().into(),
                name: s.label().into(),
                price_fen: *p,
                unit: gongzhi_domain::care::services::service_unit(*s).into(),
                ltc_covered: covered.contains(s),
            })
            .collect(),
    }
}

/// Facilities.
#[derive(Serialize, ToSchema)]
pub struct FacilityList {
    pub items: Vec<FacilityItem>,
}

/// The `street` query parameter: absent, or a unit id (an empty value is allowed only from the pages' forms).
pub(crate) fn street_param(
    errors: &mut ValidationErrors,
    raw: Option<&String>,
    allow_empty: bool,
) -> Option<UnitId> {
    match raw.map(String::as_str) {
        None => None,
        Some("") if allow_empty => None,
        Some(s) => match parse_uuid(s).and_then(|u| UnitId::parse(&u.to_string())) {
            Some(u) => Some(u),
            None => {
                errors.add("street", "invalid");
                None
            }
        },
    }
}

/// The care network (public): the district's facilities, or one street's and the district-wide ones, with their
/// capacity and services with prices.
#[utoipa::path(
    operation_id = "care_facilities",
    get, path = "/api/v1/care/facilities", tag = "care",
    params(("street" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "facilities by tier and name", body = FacilityList),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn facilities(
    State(state): State<AppState>,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if query.0.keys().any(|k| k != "street") {
        errors.add("query", "unknown_field");
    }
    let street = street_param(&mut errors, query.0.get("street"), false);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let names = super::api::unit_names(&state).await?;
    let found = gongzhi_app::care::services::facilities(&state.app, street).await?;
    let covered = covered_now(&state).await?;
    Ok(Json(FacilityList {
        items: found
            .iter()
            .map(|f| facility_item(f, &names, &covered))
            .collect(),
    })
    .into_response())
}

// --- deliveries ------------------------------------------------------------------------------------------------

/// A delivery.
#[derive(Serialize, ToSchema)]
pub struct ServiceItem {
    pub id: String,
    pub elder_id: String,
    pub facility_id: String,
    #[schema(schema_with = service_schema)]
    pub service: String,
    #[schema(schema_with = instant)]
    pub started_at: String,
    pub minutes: i64,
    #[schema(schema_with = place_schema)]
    pub place: String,
    #[schema(schema_with = meal_opt)]
    pub meal: Option<String>,
    pub units: i64,
    /// The bill (fen), the subsidy applied (fen, and its rule) and what the elder is charged at the door.
    pub price_fen: i64,
    pub subsidy_fen: i64,
    pub subsidy_rule: Option<String>,
    pub charged_fen: i64,
    /// The accepted plan it falls under, if any.
    pub plan_id: Option<String>,
    /// recorded, verified or rejected.
    pub status: String,
    pub reject_note: String,
}

pub(crate) fn service_item(r: &ServiceRecord) -> ServiceItem {
    ServiceItem {
        id: r.id.clone(),
        elder_id: r.elder_id.clone(),
        facility_id: r.facility_id.clone(),
        service: r.service.code().into(),
        started_at: iso(r.started_at),
        minutes: r.minutes,
        place: r.place.code().into(),
        meal: r.meal.map(|m| m.code().into()),
        units: r.units,
        price_fen: r.price_fen,
        subsidy_fen: r.subsidy_fen,
        subsidy_rule: r.subsidy_rule.clone(),
        charged_fen: r.charged_fen,
        plan_id: r.plan_id.clone(),
        status: r.status.clone(),
        reject_note: r.reject_note.clone(),
    }
}

/// A delivery as a carer records it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRecordBody {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub elder_id: String,
    /// The facility (default: the carer's own).
    #[schema(schema_with = strings::uuid_opt)]
    pub facility_id: Option<String>,
    #[schema(schema_with = service_schema)]
    pub service: String,
    /// When it started (not in the future, at most 62 days ago).
    #[schema(schema_with = instant)]
    pub started_at: String,
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 1, maximum = 720)]
    pub minutes: i64,
    #[schema(schema_with = place_schema)]
    pub place: String,
    #[schema(schema_with = meal_opt)]
    pub meal: Option<String>,
}

impl Checked for DeliveryRecordBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if parse_uuid(&self.elder_id).is_none() {
            errors.add("elder_id", "invalid");
        }
        if self
            .facility_id
            .as_deref()
            .is_some_and(|f| parse_uuid(f).is_none())
        {
            errors.add("facility_id", "invalid");
        }
        if Need::parse(&self.service).is_none() {
            errors.add("service", "invalid_choice");
        }
        if Place::parse(&self.place).is_none() {
            errors.add("place", "invalid_choice");
        }
        if self
            .meal
            .as_deref()
            .is_some_and(|m| Meal::parse(m).is_none())
        {
            errors.add("meal", "invalid_choice");
        }
        if self.started_at.parse::<jiff::Timestamp>().is_err() {
            errors.add("started_at", "not_an_instant");
        }
        if !(1..=720).contains(&self.minutes) {
            errors.add("minutes", "out_of_range");
        }
    }
}

/// Records a delivery (the facility's carers and station staff; officers): priced at the facility's price, with
/// the subsidy the rules give (the Beijing meal subsidy: ¥5 off lunch or dinner over ¥5, once a day, at home).
#[utoipa::path(
    operation_id = "care_service_record",
    post, path = "/api/v1/care/services", tag = "care",
    request_body = DeliveryRecordBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "recorded", body = ServiceItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "not_your_facility", body = ErrorBody),
        (status = 404, description = "no such elder", body = ErrorBody),
        (status = 422, description = "validation_failed (a service the facility does not offer, a time in the future or over 62 days ago, a meal for meals only)", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<DeliveryRecordBody>,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let facility_id = match body.facility_id {
        Some(f) => f.to_ascii_lowercase(),
        None => gongzhi_app::care::services::my_facility(&state.app, &p)
            .await?
            .map(|f| f.id)
            .ok_or_else(|| AppError::Validation(one("facility_id", "required")))?,
    };
    let input = ServiceInput {
        elder_id: body.elder_id.to_ascii_lowercase(),
        facility_id,
        service: Need::parse(&body.service).unwrap_or(Need::Meals),
        started_at: body
            .started_at
            .parse::<jiff::Timestamp>()
            .map(|t| t.as_millisecond())
            .unwrap_or(0),
        minutes: body.minutes,
        place: Place::parse(&body.place).unwrap_or(Place::Home),
        meal: body.meal.as_deref().and_then(Meal::parse),
    };
    let r = gongzhi_app::care::services::record_service(&state.app, &p, &input).await?;
    Ok((StatusCode::CREATED, Json(service_item(&r))).into_response())
}

fn one(field: &'static str, code: &'static str) -> ValidationErrors {
    let mut e = ValidationErrors::default();
    e.add(field, code);
    e
}

crate::api::paged_list! {
    /// A page of deliveries.
    ServiceList of ServiceItem
}

/// Deliveries of a month (default: this month): a carer's facility's, or for officers any facility's or all.
#[utoipa::path(
    operation_id = "care_services",
    get, path = "/api/v1/care/services", tag = "care",
    params(
        ("month" = Option<String>, Query, pattern = r"^(20[0-9]{2}|21[0-9]{2})(0[1-9]|1[0-2])$"),
        ("facility" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "deliveries, newest first", body = ServiceList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "neither an officer nor a facility's staff", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn records(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if query
        .0
        .keys()
        .any(|k| !matches!(k.as_str(), "month" | "facility" | "page" | "per_page"))
    {
        errors.add("query", "unknown_field");
    }
    let month = month_param(
        &mut errors,
        query.0.get("month"),
        gongzhi_app::care::services::month_of(state.now()),
    );
    let facility = match query.0.get("facility").map(String::as_str) {
        None => None,
        Some(f) => match parse_uuid(f) {
            Some(u) => Some(u.to_string()),
            None => {
                errors.add("facility", "invalid");
                None
            }
        },
    };
    let page = crate::api::page_params(&mut errors, &query.0, 50);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let found = gongzhi_app::care::services::records(
        &state.app,
        &staff.principal(&addr),
        facility.as_deref(),
        month,
        page,
    )
    .await?;
    Ok(Json(ServiceList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found.items.iter().map(service_item).collect(),
    })
    .into_response())
}

/// A facility's month to verify.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityMonthBody {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub facility_id: String,
    /// YYYYMM.
    #[schema(schema_with = month_schema)]
    pub month: String,
}

impl Checked for FacilityMonthBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if parse_uuid(&self.facility_id).is_none() {
            errors.add("facility_id", "invalid");
        }
        if parse_month(&self.month).is_none() {
            errors.add("month", "not_a_month");
        }
    }
}

impl FacilityMonthBody {
    fn month(&self) -> i64 {
        parse_month(&self.month).unwrap_or(0)
    }
}

/// How many records changed.
#[derive(Serialize, ToSchema)]
pub struct Count {
    pub count: i64,
}

/// Verifies a facility's recorded deliveries of a month (officers).
#[utoipa::path(
    operation_id = "care_services_verify",
    post, path = "/api/v1/care/services/verify", tag = "care",
    request_body = FacilityMonthBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "how many were verified", body = Count),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such facility", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<FacilityMonthBody>,
) -> Result<Response, AppError> {
    let n = gongzhi_app::care::services::verify_month(
        &state.app,
        &staff.principal(&addr),
        &body.facility_id.to_ascii_lowercase(),
        body.month(),
    )
    .await?;
    Ok(Json(Count { count: n as i64 }).into_response())
}

// --- plans -----------------------------------------------------------------------------------------------------

/// A plan line: a service, units a month and the price of one unit.
#[derive(Serialize, ToSchema)]
pub struct PlanLineItem {
    #[schema(schema_with = service_schema)]
    pub service: String,
    pub name: String,
    pub units: i64,
    pub unit: String,
    pub price_fen: i64,
    pub total_fen: i64,
}

/// A care plan.
#[derive(Serialize, ToSchema)]
pub struct PlanItem {
    pub id: String,
    pub elder_id: String,
    pub assessment_id: String,
    pub facility_id: String,
    pub facility: String,
    pub level: i64,
    /// YYYYMM.
    pub month_from: i64,
    pub month_until: Option<i64>,
    pub monthly_cap_fen: i64,
    /// The fund's share within the cap, per mille.
    pub fund_permille: i64,
    /// proposed, accepted, declined, ended.
    pub status: String,
    pub lines: Vec<PlanLineItem>,
    pub total_fen: i64,
    /// From the elder's community to the provider.
    pub distance_m: Option<i64>,
    #[schema(schema_with = instant)]
    pub proposed_at: String,
    #[schema(schema_with = instant_opt)]
    pub decided_at: Option<String>,
    pub decided_by: String,
    pub note: String,
    pub version: i64,
}

pub(crate) async fn plan_item(state: &AppState, p: &Plan) -> Result<PlanItem, AppError> {
    let facility = state
        .reads
        .facility(&p.facility_id)
        .await
        .map(|f| f.name)
        .unwrap_or_default();
    Ok(PlanItem {
        id: p.id.clone(),
        elder_id: p.elder_id.clone(),
        assessment_id: p.assessment_id.clone(),
        facility_id: p.facility_id.clone(),
        facility,
        level: i64::from(p.level),
        month_from: p.month_from,
        month_until: p.month_until,
        monthly_cap_fen: p.monthly_cap_fen,
        fund_permille: p.fund_permille,
        status: p.status.clone(),
        lines: p
            .lines
            .iter()
            .map(|l| PlanLineItem {
                service: l.service.code().into(),
                name: l.service.label().into(),
                units: l.units,
                unit: gongzhi_domain::care::services::service_unit(l.service).into(),
                price_fen: l.price_fen,
                total_fen: l.total(),
            })
            .collect(),
        total_fen: p.lines.iter().map(|l| l.total()).sum(),
        distance_m: p.distance_m,
        proposed_at: iso(p.proposed_at),
        decided_at: p.decided_at.map(iso),
        decided_by: p.decided_by.clone(),
        note: p.note.clone(),
        version: p.version,
    })
}

/// The elder to propose a plan for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeBody {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub elder_id: String,
}

impl Checked for ProposeBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if parse_uuid(&self.elder_id).is_none() {
            errors.add("elder_id", "invalid");
        }
    }
}

/// Proposes a care plan matched to the elder (精准匹配): their level in force, the rule for it, the nearest contracted
/// provider with a free place that offers what they need, services within the monthly cap (officers).
#[utoipa::path(
    operation_id = "care_plan_propose",
    post, path = "/api/v1/care/plans", tag = "care",
    request_body = ProposeBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "proposed", body = PlanItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such elder", body = ErrorBody),
        (status = 409, description = "no_level_in_force, level_not_eligible, plan_exists, no_provider", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<ProposeBody>,
) -> Result<Response, AppError> {
    let p = gongzhi_app::care::services::propose_plan(
        &state.app,
        &staff.principal(&addr),
        &body.elder_id.to_ascii_lowercase(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(plan_item(&state, &p).await?)).into_response())
}

/// The elder's or guardian's answer to a plan.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// true: accepted; false: another provider asked for.
    pub accept: bool,
    /// Who answered: 本人, or the guardian's name.
    #[schema(schema_with = strings::text_50)]
    pub decided_by: String,
    #[schema(schema_with = strings::optional_text_500)]
    pub note: Option<String>,
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
}

impl Checked for DecisionBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.decided_by.trim().is_empty() {
            errors.add("decided_by", "required");
        }
        crate::api::check_len(errors, "decided_by", &self.decided_by, 50);
        crate::api::check_len(errors, "note", self.note.as_deref().unwrap_or(""), 500);
    }
}

/// The answer, and the next proposal when another provider was asked for and one is free.
#[derive(Serialize, ToSchema)]
pub struct DecisionResult {
    pub next: Option<PlanItem>,
}

/// Records the elder's or guardian's answer to a proposed plan (officers; station staff of the elder's street).
#[utoipa::path(
    operation_id = "care_plan_decide",
    post, path = "/api/v1/care/plans/{id}/decision", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = DecisionBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "recorded", body = DecisionResult),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "no such plan", body = ErrorBody),
        (status = 409, description = "plan_decided, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let next = gongzhi_app::care::services::decide_plan(
        &state.app,
        &staff.principal(&addr),
        &id,
        body.accept,
        &body.decided_by,
        body.note.as_deref().unwrap_or(""),
        body.version,
    )
    .await?;
    let next = match next {
        Some(p) => Some(plan_item(&state, &p).await?),
        None => None,
    };
    Ok(Json(DecisionResult { next }).into_response())
}

// --- insurance --------------------------------------------------------------------------------------------------

/// A contribution row.
#[derive(Serialize, ToSchema)]
pub struct ContributionItem {
    pub year: i64,
    #[schema(schema_with = payer_schema)]
    pub payer: String,
    pub amount_fen: i64,
    #[schema(schema_with = instant)]
    pub paid_at: String,
    /// Whether a second officer has checked it (only checked rows count towards the elder's standing).
    pub checked: bool,
    /// Entered by the caller (who may therefore not check it).
    pub entered_by_me: bool,
}

/// An elder's long-term-care insurance.
#[derive(Serialize, ToSchema)]
pub struct InsuranceItem {
    pub insured: bool,
    /// employee or resident.
    pub category: Option<String>,
    /// YYYYMM.
    pub enrolled_from: Option<i64>,
    pub contributions: Vec<ContributionItem>,
    pub plans: Vec<PlanItem>,
}

/// An elder's insurance, contributions (one row per payer) and care plans.
#[utoipa::path(
    operation_id = "care_insurance",
    get, path = "/api/v1/care/elders/{id}/insurance", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the insurance", body = InsuranceItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the caller's roles do not work with elders' records", body = ErrorBody),
        (status = 404, description = "no such elder, or outside the caller's street", body = ErrorBody),
    )
)]
pub async fn insurance(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    Ok(Json(insurance_item(&state, &staff.principal(&addr), &id).await?).into_response())
}

pub(crate) async fn insurance_item(
    state: &AppState,
    p: &gongzhi_app::StaffPrincipal,
    id: &str,
) -> Result<InsuranceItem, AppError> {
    let (insured, contributions) =
        gongzhi_app::care::services::ltc_record(&state.app, p, id).await?;
    let mut plans = Vec::new();
    for plan in gongzhi_app::care::services::plans_of(&state.app, p, id).await? {
        plans.push(plan_item(state, &plan).await?);
    }
    Ok(InsuranceItem {
        insured: insured.is_some(),
        category: insured.map(|(c, _)| c.code().into()),
        enrolled_from: insured.map(|(_, f)| f),
        contributions: contributions
            .iter()
            .map(|c| ContributionItem {
                year: c.year,
                payer: c.payer.code().into(),
                amount_fen: c.amount_fen,
                paid_at: iso(c.paid_at),
                checked: c.checked_at.is_some(),
                entered_by_me: c.entered_by.as_deref() == Some(p.user_id.to_string().as_str()),
            })
            .collect(),
        plans,
    })
}

/// A contribution to record, or an enrolment (`category` without the rest).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    /// Enrols the elder (or changes the category) first.
    #[schema(schema_with = category_opt)]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    #[schema(minimum = 2000, maximum = 2200)]
    pub year: Option<i64>,
    #[schema(schema_with = payer_opt)]
    pub payer: Option<String>,
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    #[schema(minimum = 1, maximum = 100000000)]
    pub amount_fen: Option<i64>,
}

fn category_opt() -> RefOr<Schema> {
    codes_schema(
        Category::ALL.iter().map(|n| n.code()),
        true,
        "employee or resident",
    )
}
fn payer_opt() -> RefOr<Schema> {
    codes_schema(
        Payer::ALL.iter().map(|n| n.code()),
        true,
        "individual, employer, government, society",
    )
}

impl Checked for ContributionBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if self
            .category
            .as_deref()
            .is_some_and(|c| Category::parse(c).is_none())
        {
            errors.add("category", "invalid_choice");
        }
        if self
            .payer
            .as_deref()
            .is_some_and(|c| Payer::parse(c).is_none())
        {
            errors.add("payer", "invalid_choice");
        }
        let contribution = [
            self.year.is_some(),
            self.payer.is_some(),
            self.amount_fen.is_some(),
        ];
        if contribution.iter().any(|x| *x) && !contribution.iter().all(|x| *x) {
            errors.add("contribution", "year_payer_amount_together");
        }
        if self.category.is_none() && !contribution.iter().any(|x| *x) {
            errors.add("body", "required");
        }
    }
}

/// Enrols an elder and/or records one contribution row (officers): one row per year and payer, so the shares of
/// individual, employer, government and society stay auditable; the employer pays only for employees.
#[utoipa::path(
    operation_id = "care_contribute",
    post, path = "/api/v1/care/elders/{id}/insurance", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = ContributionBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the insurance now", body = InsuranceItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such elder", body = ErrorBody),
        (status = 409, description = "not_insured, contribution_exists", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn contribute(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ContributionBody>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    if let Some(c) = body.category.as_deref().and_then(Category::parse) {
        gongzhi_app::care::services::enrol(&state.app, &p, &id, c).await?;
    }
    if let (Some(year), Some(payer), Some(amount)) = (
        body.year,
        body.payer.as_deref().and_then(Payer::parse),
        body.amount_fen,
    ) {
        gongzhi_app::care::services::contribute(&state.app, &p, &id, year, payer, amount).await?;
    }
    Ok(Json(insurance_item(&state, &p, &id).await?).into_response())
}

/// The contribution row a second officer checks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionCheckBody {
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 2000, maximum = 2200)]
    pub year: i64,
    #[schema(schema_with = payer_schema)]
    pub payer: String,
}

impl Checked for ContributionCheckBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if !(2000..=2200).contains(&self.year) {
            errors.add("year", "out_of_range");
        }
        if Payer::parse(&self.payer).is_none() {
            errors.add("payer", "invalid_choice");
        }
    }
}

/// A second officer checks a contribution row another officer entered (maker-checker); only then does it count.
#[utoipa::path(
    operation_id = "care_check_contribution",
    post, path = "/api/v1/care/elders/{id}/insurance/check", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = ContributionCheckBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the insurance now", body = InsuranceItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such elder or contribution row", body = ErrorBody),
        (status = 409, description = "checker_is_enterer (the one who entered it may not check it), contribution_checked, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn check_contribution(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ContributionCheckBody>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    let Some(payer) = Payer::parse(&body.payer) else {
        let mut errors = ValidationErrors::default();
        errors.add("payer", "invalid_choice");
        return Err(AppError::Validation(errors));
    };
    gongzhi_app::care::services::check_contribution(&state.app, &p, &id, body.year, payer).await?;
    Ok(Json(insurance_item(&state, &p, &id).await?).into_response())
}

// --- accident roster ---------------------------------------------------------------------------------------------

/// One insured elder (ID number masked).
#[derive(Serialize, ToSchema)]
pub struct RosterItem {
    pub elder_id: String,
    pub name: String,
    pub id_number: String,
    pub street: String,
    pub insurer: String,
    pub policy_no: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub period_from: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub period_until: String,
}

/// A page of the roster.
#[derive(Serialize, ToSchema)]
pub struct RosterList {
    pub year: i64,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<RosterItem>,
}

/// The accident-insurance roster of a year (officers), by street and name: the export is
/// `/staff/care/roster.csv?year=`.
#[utoipa::path(
    operation_id = "care_roster",
    get, path = "/api/v1/care/accident-roster", tag = "care",
    params(
        ("year" = Option<u32>, Query, minimum = 2000, maximum = 2200),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "who is covered", body = RosterList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn roster(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if query
        .0
        .keys()
        .any(|k| !matches!(k.as_str(), "year" | "page" | "per_page"))
    {
        errors.add("query", "unknown_field");
    }
    let this_year = gongzhi_domain::calendar::local_date(state.now()).year() as u32;
    let year = query_int(
        &mut errors,
        "year",
        query.0.get("year").map(String::as_str),
        2000,
        2200,
    )
    .unwrap_or(this_year);
    let page = crate::api::page_params(&mut errors, &query.0, 50);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let found = gongzhi_app::care::services::roster(
        &state.app,
        &staff.principal(&addr),
        i64::from(year),
        Some(page),
    )
    .await?;
    let names = super::api::unit_names(&state).await?;
    Ok(Json(RosterList {
        year: i64::from(year),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .iter()
            .map(|r| RosterItem {
                elder_id: r.elder_id.clone(),
                name: r.name.clone(),
                id_number: gongzhi_domain::care::mask_id(&r.id_number),
                street: names.get(&r.street_id).cloned().unwrap_or_default(),
                insurer: r.insurer.clone(),
                policy_no: r.policy_no.clone(),
                period_from: super::api::ymd_text(r.period_from),
                period_until: super::api::ymd_text(r.period_until),
            })
            .collect(),
    })
    .into_response())
}

/// A roster to build.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterBody {
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 2000, maximum = 2200)]
    pub year: i64,
    #[schema(schema_with = strings::text_100)]
    pub insurer: String,
}

impl Checked for RosterBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if !(2000..=2200).contains(&self.year) {
            errors.add("year", "out_of_range");
        }
        if self.insurer.trim().is_empty() {
            errors.add("insurer", "required");
        }
        crate::api::check_len(errors, "insurer", &self.insurer, 100);
    }
}

/// Covers everyone aged 65 or over on 1 January of the year (officers); elders already covered stay as they are.
#[utoipa::path(
    operation_id = "care_roster_build",
    post, path = "/api/v1/care/accident-roster", tag = "care",
    request_body = RosterBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "how many were added", body = Count),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn build_roster(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<RosterBody>,
) -> Result<Response, AppError> {
    let n = gongzhi_app::care::services::build_roster_as(
        &state.app,
        &staff.principal(&addr),
        body.year,
        &body.insurer,
    )
    .await?;
    Ok(Json(Count { count: n as i64 }).into_response())
}

// --- settlements -------------------------------------------------------------------------------------------------

/// A settlement.
#[derive(Serialize, ToSchema)]
pub struct SettlementItem {
    pub id: String,
    pub facility_id: String,
    pub facility: String,
    pub month: i64,
    /// entered, checked, settled.
    pub status: String,
    pub lines: i64,
    pub amount_fen: i64,
    pub fund_fen: i64,
    pub self_fen: i64,
    pub over_cap_fen: i64,
    pub rejected_fen: i64,
    #[schema(schema_with = instant)]
    pub entered_at: String,
    #[schema(schema_with = instant_opt)]
    pub checked_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub settled_at: Option<String>,
    /// Who entered, checked and settled it (user ids): three steps, at least two people — the checker is not who
    /// entered it, the settler not who checked it.
    pub entered_by: Option<String>,
    pub checked_by: Option<String>,
    pub settled_by: Option<String>,
    pub version: i64,
}

pub(crate) fn settlement_item(s: &Settlement, facility: &str) -> SettlementItem {
    SettlementItem {
        id: s.id.clone(),
        facility_id: s.facility_id.clone(),
        facility: facility.to_owned(),
        month: s.month,
        status: s.status.code().into(),
        lines: s.totals.lines,
        amount_fen: s.totals.amount_fen,
        fund_fen: s.totals.fund_fen,
        self_fen: s.totals.self_fen,
        over_cap_fen: s.totals.over_cap_fen,
        rejected_fen: s.totals.rejected_fen,
        entered_at: iso(s.entered_at),
        checked_at: s.checked_at.map(iso),
        settled_at: s.settled_at.map(iso),
        entered_by: s.entered_by.clone(),
        checked_by: s.checked_by.clone(),
        settled_by: s.settled_by.clone(),
        version: s.version,
    }
}

/// A settled line.
#[derive(Serialize, ToSchema)]
pub struct SettlementLineItem {
    pub record_id: String,
    pub elder_id: String,
    #[schema(schema_with = service_schema)]
    pub service: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub day: String,
    pub amount_fen: i64,
    pub fund_fen: i64,
    pub self_fen: i64,
    pub over_cap_fen: i64,
    /// Why the fund pays nothing for it.
    pub rejected: Option<String>,
}

pub(crate) fn line_item(l: &SettledLine) -> SettlementLineItem {
    SettlementLineItem {
        record_id: l.line.record_id.clone(),
        elder_id: l.line.elder_id.clone(),
        service: l.service.code().into(),
        day: super::api::ymd_text(l.local_day),
        amount_fen: l.line.amount_fen,
        fund_fen: l.line.fund_fen,
        self_fen: l.line.self_fen,
        over_cap_fen: l.line.over_cap_fen,
        rejected: l.line.rejected.clone(),
    }
}

/// A settlement with its lines.
#[derive(Serialize, ToSchema)]
pub struct SettlementDetail {
    pub settlement: SettlementItem,
    pub lines: Vec<SettlementLineItem>,
}

/// Settlements.
#[derive(Serialize, ToSchema)]
pub struct SettlementList {
    pub items: Vec<SettlementItem>,
}

/// Settlements of a month (officers; every month when none is given).
#[utoipa::path(
    operation_id = "care_settlements",
    get, path = "/api/v1/care/settlements", tag = "care",
    params(("month" = Option<String>, Query, pattern = r"^(20[0-9]{2}|21[0-9]{2})(0[1-9]|1[0-2])$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "settlements", body = SettlementList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn settlements(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if query.0.keys().any(|k| k != "month") {
        errors.add("query", "unknown_field");
    }
    let month = month_param(&mut errors, query.0.get("month"), 0);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let found =
        gongzhi_app::care::services::settlements(&state.app, &staff.principal(&addr), month)
            .await?;
    let names: std::collections::HashMap<String, String> = state
        .reads
        .facilities(None)
        .await?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    Ok(Json(SettlementList {
        items: found
            .iter()
            .map(|s| {
                settlement_item(
                    s,
                    names.get(&s.facility_id).map(String::as_str).unwrap_or(""),
                )
            })
            .collect(),
    })
    .into_response())
}

/// Enters (or re-enters, while only entered) a provider's settlement of a finished month (officers).
#[utoipa::path(
    operation_id = "care_settlement_enter",
    post, path = "/api/v1/care/settlements", tag = "care",
    request_body = FacilityMonthBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "entered", body = SettlementDetail),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such facility", body = ErrorBody),
        (status = 409, description = "month_not_over, settlement_locked", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn enter(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<FacilityMonthBody>,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let id = gongzhi_app::care::services::enter_settlement(
        &state.app,
        &p,
        &body.facility_id.to_ascii_lowercase(),
        body.month(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(detail(&state, &p, &id).await?)).into_response())
}

async fn detail(
    state: &AppState,
    p: &gongzhi_app::StaffPrincipal,
    id: &str,
) -> Result<SettlementDetail, AppError> {
    let (s, lines, f) = gongzhi_app::care::services::settlement(&state.app, p, id).await?;
    Ok(SettlementDetail {
        settlement: settlement_item(&s, &f.name),
        lines: lines.iter().map(line_item).collect(),
    })
}

/// One settlement with its lines (officers and the facility's staff).
#[utoipa::path(
    operation_id = "care_settlement",
    get, path = "/api/v1/care/settlements/{id}", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the settlement", body = SettlementDetail),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 404, description = "no such settlement, or not the caller's to see", body = ErrorBody),
    )
)]
pub async fn settlement(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    Ok(Json(detail(&state, &staff.principal(&addr), &id).await?).into_response())
}

/// The settlement's version as read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
}

impl Checked for VersionBody {
    fn check(&self, _errors: &mut ValidationErrors) {}
}

/// Checks an entered settlement (officers).
#[utoipa::path(
    operation_id = "care_settlement_check",
    post, path = "/api/v1/care/settlements/{id}/check", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = VersionBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "checked", body = SettlementDetail),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such settlement", body = ErrorBody),
        (status = 409, description = "settlement_wrong_status, stale", body = ErrorBody),
    )
)]
pub async fn check(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VersionBody>,
) -> Result<Response, AppError> {
    advance(
        &state,
        &staff,
        &addr,
        &id,
        SettlementStatus::Checked,
        body.version,
    )
    .await
}

/// Settles a checked settlement: the fund pays (officers).
#[utoipa::path(
    operation_id = "care_settlement_settle",
    post, path = "/api/v1/care/settlements/{id}/settle", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = VersionBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "settled", body = SettlementDetail),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "care_admin_only", body = ErrorBody),
        (status = 404, description = "no such settlement", body = ErrorBody),
        (status = 409, description = "settlement_wrong_status, stale", body = ErrorBody),
    )
)]
pub async fn settle(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VersionBody>,
) -> Result<Response, AppError> {
    advance(
        &state,
        &staff,
        &addr,
        &id,
        SettlementStatus::Settled,
        body.version,
    )
    .await
}

async fn advance(
    state: &AppState,
    staff: &Staff,
    addr: &ClientAddr,
    id: &str,
    to: SettlementStatus,
    version: i64,
) -> Result<Response, AppError> {
    let id = super::api::id_param(id)?;
    let p = staff.principal(addr);
    gongzhi_app::care::services::advance(&state.app, &p, &id, to, version).await?;
    Ok(Json(detail(state, &p, &id).await?).into_response())
}

// --- rules -------------------------------------------------------------------------------------------------------

/// A subsidy rule (data with effective dates).
#[derive(Serialize, ToSchema)]
pub struct SubsidyRuleItem {
    pub code: String,
    pub name: String,
    #[schema(schema_with = service_schema)]
    pub service: String,
    pub amount_fen: i64,
    /// The bill must exceed this.
    pub bill_over_fen: i64,
    pub per_day: i64,
    pub at_home_only: bool,
    /// The meals it applies to (none: any).
    pub meals: Vec<String>,
    pub min_age: i64,
    /// The groups it is for (any one suffices; none: everyone of the age): dibao, tekun, low_income,
    /// special_family, disabled, aged_80, living_alone.
    pub groups: Vec<String>,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub effective_from: String,
    #[schema(schema_with = date_opt)]
    pub effective_until: Option<String>,
}

/// A level's benefit rule from a month on.
#[derive(Serialize, ToSchema)]
pub struct LevelRuleItem {
    /// YYYYMM.
    pub effective_from: i64,
    pub level: i64,
    pub monthly_cap_fen: i64,
    /// The fund's share within the cap, per mille.
    pub fund_permille: i64,
}

/// The rules the care module applies.
#[derive(Serialize, ToSchema)]
pub struct RulesItem {
    pub subsidies: Vec<SubsidyRuleItem>,
    pub levels: Vec<LevelRuleItem>,
}

fn date_opt() -> RefOr<Schema> {
    crate::api::string_schema(None, None, Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), true)
}

pub(crate) async fn rules_item(state: &AppState) -> Result<RulesItem, AppError> {
    let store = &state.reads;
    Ok(RulesItem {
        subsidies: store
            .subsidy_rules()
            .await?
            .into_iter()
            .map(|r| SubsidyRuleItem {
                code: r.code,
                name: r.name,
                service: r.service.code().into(),
                amount_fen: r.amount_fen,
                bill_over_fen: r.bill_over_fen,
                per_day: r.per_day,
                at_home_only: r.at_home_only,
                meals: r.meals.iter().map(|m| m.code().to_owned()).collect(),
                min_age: i64::from(r.min_age),
                groups: r.groups.iter().map(|g| g.code().to_owned()).collect(),
                effective_from: super::api::ymd_text(r.effective_from),
                effective_until: r.effective_until.map(super::api::ymd_text),
            })
            .collect(),
        levels: store
            .level_rules()
            .await?
            .into_iter()
            .map(|r| LevelRuleItem {
                effective_from: r.effective_from,
                level: i64::from(r.level),
                monthly_cap_fen: r.monthly_cap_fen,
                fund_permille: r.fund_permille,
            })
            .collect(),
    })
}

/// The subsidy rules and the long-term-care benefit rules by level (data with the dates they take effect).
#[utoipa::path(
    operation_id = "care_rules",
    get, path = "/api/v1/care/rules", tag = "care",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the rules", body = RulesItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
    )
)]
pub async fn rules(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    Ok(Json(rules_item(&state).await?).into_response())
}
