//! The cases JSON API: intake (public, or staff with channel, category and received_at), reading and listing,
//! one route per action with its own body, the resident's tracking, verdict and reopen, the catalogue and the inbox.
//! Every body and answer is a Rust type here; the OpenAPI document (`openapi`) is generated from these types.

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gongzhi_app::Principal;
use gongzhi_app::cases::IntakeRequest;
use gongzhi_domain::cases::{
    Case, CaseInput, CaseKind, CaseStatus, Channel, Outcome, PublicCaseView, Satisfaction,
};
use gongzhi_domain::org::UnitId;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;

use super::common::{Names, name_for, parse_action, parse_day_end, parse_day_start, phone_for};
use crate::api::{
    ApiJson, Checked, ErrorBody, check_case_no, check_len, codes_schema, instant, instant_opt,
    is_api_phone, is_category_code, parse_date, parse_uuid, query_bool, query_int, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, MaybeStaff, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", post(create).get(list))
        .route("/api/v1/cases/{case_no}", get(read))
        .route("/api/v1/cases/{case_no}/similar", get(similar))
        .route("/api/v1/cases/{case_no}/{action}", post(act))
        .route("/api/v1/track", get(track_public))
        .route("/api/v1/track/rate", post(rate))
        .route("/api/v1/track/reopen", post(reopen))
        .route("/api/v1/track/review", post(review))
        .route("/api/v1/catalogue", get(catalogue))
        .route("/api/v1/inbox", get(inbox))
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas of the domain's codes.

fn kind_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        CaseKind::ALL.iter().map(|k| k.code()),
        false,
        "咨询 consultation, 求助 help, 投诉 complaint, 举报 report, 建议 suggestion; staff also 信访 petition, 纠纷 dispute",
    )
}
fn channel_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Channel::ALL.iter().map(|c| c.code()),
        false,
        "web, hotline, walk_in, letter, api, open311",
    )
}
fn channel_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Channel::STAFF.iter().map(|c| c.code()),
        true,
        "intake operators and dispatchers only; default api",
    )
}
fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        CaseStatus::ALL.iter().map(|s| s.code()),
        false,
        "the case's status",
    )
}
fn tier_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["community", "street", "district"],
        true,
        "the tier of the accountable unit",
    )
}
fn outcome_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Outcome::ALL.iter().map(|o| o.code()),
        true,
        "how the case was closed",
    )
}
fn close_outcome_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Outcome::ALL
            .iter()
            .filter(|o| o.closable_for(CaseKind::Suggestion))
            .map(|o| o.code()),
        false,
        "how the case was handled (suggestion_adopted closes suggestions only)",
    )
}
fn satisfaction_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Satisfaction::ALL.iter().map(|s| s.code()),
        false,
        "满意 satisfied, 基本满意 basic, 不满意 dissatisfied",
    )
}
fn satisfaction_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Satisfaction::ALL.iter().map(|s| s.code()),
        true,
        "the verdict of the current round, if given",
    )
}
fn urgency_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::catalogue::Urgency::ALL
            .iter()
            .map(|u| u.code()),
        false,
        "紧急 emergency, 水电气热 utilities, 一般 general, 复杂 complex",
    )
}
fn request_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::cases::PendingRequest::ALL
            .iter()
            .map(|r| r.code()),
        true,
        "the request waiting for a decision",
    )
}
fn answer_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::cases::PetitionAnswer::ALL
            .iter()
            .map(|a| a.code()),
        false,
        "支持 support, 不予支持 not_support, 解释说明 explain",
    )
}
fn answer_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::cases::PetitionAnswer::ALL
            .iter()
            .map(|a| a.code()),
        true,
        "the petition's written answer, once issued",
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Intake.

/// A matter to register. Residents send the first eight fields; intake operators and dispatchers may also send
/// `channel`, `category` and `received_at` (anyone else sending them is refused with 422 `staff_only`).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeBody {
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    #[schema(schema_with = strings::text_100)]
    pub title: String,
    #[schema(schema_with = strings::text_4000)]
    pub description: String,
    #[schema(schema_with = strings::text_200)]
    pub address: String,
    /// WGS84 latitude inside China; give both or neither.
    #[schema(minimum = 3.8, maximum = 53.6)]
    pub lat: Option<f64>,
    /// WGS84 longitude inside China; give both or neither.
    #[schema(minimum = 73.5, maximum = 135.1)]
    pub lon: Option<f64>,
    /// The resident's name (never logged); omitted for an anonymous report.
    #[schema(schema_with = strings::text_50_opt)]
    pub name: Option<String>,
    /// Mainland mobile or fixed line with its area code (never logged); omitted for an anonymous report, and
    /// optional for a letter registered by intake staff.
    #[schema(schema_with = strings::phone_opt)]
    pub phone: Option<String>,
    /// An anonymous report (举报 only): no name, no phone, no call-back.
    pub anonymous: Option<bool>,
    /// Where progress is also sent by e-mail (never logged; ignored for an anonymous report).
    #[schema(schema_with = email_opt_schema)]
    pub email: Option<String>,
    #[schema(schema_with = channel_opt_schema)]
    pub channel: Option<String>,
    /// Dispatch catalogue code (staff only): the case is routed at once.
    #[schema(schema_with = strings::category_opt)]
    pub category: Option<String>,
    /// When the matter was received (staff only): not in the future, at most a year ago.
    #[schema(format = DateTime)]
    pub received_at: Option<String>,
    /// Keep the reporter's identity from the handling units (reports always are).
    pub confidential: Option<bool>,
}

impl Checked for IntakeBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "title", &self.title, 100);
        check_len(e, "description", &self.description, 4000);
        check_len(e, "address", &self.address, 200);
        check_len(e, "name", self.name.as_deref().unwrap_or(""), 50);
        if self.phone.as_deref().is_some_and(|p| !is_api_phone(p)) {
            e.add("phone", "phone_invalid");
        }
        if self
            .email
            .as_deref()
            .is_some_and(|m| !gongzhi_domain::notify::valid_email(m))
        {
            e.add("email", "email_invalid");
        }
        if self
            .category
            .as_deref()
            .is_some_and(|c| !is_category_code(c))
        {
            e.add("category", "invalid_choice");
        }
        if self.lat.is_some() != self.lon.is_some() {
            e.add("lat", "not_a_coordinate");
        }
    }
}

pub(crate) fn email_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::string_schema(
        Some(3),
        Some(gongzhi_domain::notify::MAX_EMAIL),
        Some(gongzhi_domain::notify::EMAIL_PATTERN),
        true,
    )
}

/// What an intake answers: the case and where the resident follows it.
#[derive(Serialize, ToSchema)]
pub struct IntakeAnswer {
    #[serde(flatten)]
    pub case: CaseSummary,
    /// The tracking page with the number filled in; the resident adds the last four digits of the phone.
    pub track_url: String,
}

/// Register a matter (public, or staff intake).
#[utoipa::path(
    post, path = "/api/v1/cases", tag = "cases",
    description = "Public intake (the resident's kinds), or staff intake with a Bearer token of an intake operator or \
        dispatcher, who may also set `channel`, `category` and `received_at` and register petitions and disputes. \
        Rules the schema cannot state, answered with 422: `name` and `phone` are required unless the report is \
        anonymous (then they must be omitted; only a `report` may be anonymous), and a letter registered by intake \
        staff may come without a phone; `lat` and `lon` come together; without them the typed address is placed by \
        the district's gazetteer (a guess until a dispatcher routes the case); `channel`, `category` and `received_at` only from intake staff (`staff_only`); \
        `received_at` not in the future and not over a year ago; `category` must exist in the current catalogue.",
    request_body = IntakeBody,
    security((), ("bearer" = [])),
    responses(
        (status = 201, description = "registered", body = IntakeAnswer),
        (status = 429, description = "too_many_requests: too many public submissions from this address (a setting; 10 in 10 minutes by default)", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<IntakeBody>,
) -> Result<Response, AppError> {
    let input = CaseInput {
        kind: body.kind,
        title: body.title,
        description: body.description,
        address: body.address,
        lat: body.lat.map(|v| v.to_string()).unwrap_or_default(),
        lon: body.lon.map(|v| v.to_string()).unwrap_or_default(),
        name: body.name.unwrap_or_default(),
        phone: body.phone.unwrap_or_default(),
        anonymous: if body.anonymous == Some(true) {
            "true".into()
        } else {
            String::new()
        },
        email: body.email.unwrap_or_default(),
    };
    let received_at = body.received_at.map(|raw| {
        raw.parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_millisecond())
    });
    let principal = match &staff {
        Some(s) => Principal::Staff(s.principal(&addr)),
        None => Principal::resident(addr.0.clone()),
    };
    let request = IntakeRequest {
        input,
        channel: body.channel,
        category: body.category,
        received_at,
        confidential: body.confidential,
    };
    let stored = gongzhi_app::cases::intake(&state.app, &principal, &request, Channel::Api).await?;
    let names = Names::load(&state, std::slice::from_ref(&stored)).await?;
    let answer = IntakeAnswer {
        case: summary(&stored, &names),
        track_url: format!("/track?case_no={}", stored.case_no),
    };
    let location = format!("/api/v1/cases/{}", stored.case_no);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(answer),
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// Reading cases.

/// A unit or a person, by id and name.
#[derive(Serialize, ToSchema)]
pub struct Named {
    #[schema(schema_with = strings::uuid)]
    pub id: String,
    pub name: String,
}

/// The fields every case answer carries.
#[derive(Serialize, ToSchema)]
pub struct CaseSummary {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    #[schema(schema_with = channel_schema)]
    pub channel: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    /// Dispatch catalogue code, once routed.
    pub category: Option<String>,
    pub catalogue_version: Option<i64>,
    #[schema(schema_with = tier_schema)]
    pub tier: Option<String>,
    pub accountable_unit: Option<Named>,
    pub agent: Option<Named>,
    #[schema(schema_with = instant)]
    pub received_at: String,
    #[schema(schema_with = instant_opt)]
    pub contact_due_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub handle_due_at: Option<String>,
    /// The deadline rests on a year whose holiday schedule is not loaded yet.
    pub handle_due_provisional: bool,
    pub manual_due_reason: Option<String>,
}

fn summary(case: &Case, names: &Names) -> CaseSummary {
    let named = |id: String, name: Option<&String>| Named {
        id,
        name: name.cloned().unwrap_or_default(),
    };
    CaseSummary {
        case_no: case.case_no.to_string(),
        kind: case.kind.code().into(),
        channel: case.channel.code().into(),
        status: case.status.code().into(),
        category: case.category_code.clone(),
        catalogue_version: case.catalogue_version,
        tier: case.tier.map(|t| t.code().into()),
        accountable_unit: case
            .accountable_unit_id
            .map(|u| named(u.to_string(), names.units.get(&u))),
        agent: case
            .agent_id
            .map(|u| named(u.to_string(), names.users.get(&u))),
        received_at: iso(case.received_at),
        contact_due_at: case.contact_due_at.map(iso),
        handle_due_at: case.handle_due_at.map(iso),
        handle_due_provisional: case.handle_due_provisional,
        manual_due_reason: case.manual_due_reason.clone(),
    }
}

/// A map point (WGS84).
#[derive(Serialize, ToSchema)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    /// Always `WGS84`.
    pub crs: String,
}

/// One entry of a case's timeline.
#[derive(Serialize, ToSchema)]
pub struct TimelineItem {
    #[schema(schema_with = instant)]
    pub at: String,
    /// A stable code: `submitted`, `routed`, `accepted`, `replied`, `closed`, …
    pub event: String,
    /// Shown to the resident on the tracking page.
    pub public: bool,
    /// The staff member who acted, if any.
    pub actor: Option<String>,
    pub note: String,
    /// Structured detail (a handover's from and to, a rating, a due date).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A case as staff see it. Phone numbers are whole only for roles that call residents.
#[derive(Serialize, ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub title: String,
    pub description: String,
    pub address: String,
    pub point: Option<Point>,
    /// Null when the case is confidential and the caller is not a hotline seat.
    pub resident_name: Option<String>,
    /// Masked (`139****5678`) unless the caller's role calls residents; null when the case is confidential and the
    /// caller is not a hotline seat.
    pub phone: Option<String>,
    /// 举报 and cases marked so: the reporter's identity is shown only to the hotline seats.
    pub confidential: bool,
    /// An anonymous report: nobody to contact or call back.
    pub anonymous: bool,
    /// The place was read from the typed address by the gazetteer; a dispatcher confirms it by routing.
    pub place_guessed: bool,
    /// A request waiting for a decision: `pause`, `due_change`, `exclusion` or `redo`.
    #[schema(schema_with = request_schema)]
    pub request_pending: Option<String>,
    /// Petitions: when accepted (受理), the written answer and when issued, and the review level (1 复查, 2 复核).
    #[schema(schema_with = instant_opt)]
    pub petition_accepted_at: Option<String>,
    #[schema(schema_with = answer_opt_schema)]
    pub petition_answer: Option<String>,
    pub review_level: i64,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    /// Why the case went where it went.
    #[schema(value_type = Object)]
    pub routing_reason: serde_json::Value,
    #[schema(schema_with = instant_opt)]
    pub contacted_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub closed_at: Option<String>,
    #[schema(schema_with = outcome_opt_schema)]
    pub outcome: Option<String>,
    pub outcome_note: String,
    pub send_back_pending: bool,
    /// The unit asked to escalate; a dispatcher has not decided yet.
    pub escalation_pending: bool,
    /// 督办: when the holder must answer the leader, while unanswered.
    #[schema(schema_with = instant_opt)]
    pub supervision_due: Option<String>,
    pub reopen_count: i64,
    pub redo: bool,
    /// Petitions: how many of the six steps are done.
    pub petition_step: i64,
    pub resolved: Option<bool>,
    #[schema(schema_with = satisfaction_opt_schema)]
    pub satisfaction: Option<String>,
    /// Changes with every action; a change computed from an older version is refused (409 `stale`).
    pub version: i64,
    /// The whole timeline (on `GET /api/v1/cases/{case_no}` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineItem>>,
}

fn detail(staff: &Staff, case: &Case, names: &Names) -> CaseDetail {
    CaseDetail {
        summary: summary(case, names),
        title: case.title.clone(),
        description: case.description.clone(),
        address: case.address.clone(),
        point: case.point.map(|p| Point {
            lat: p.lat,
            lon: p.lon,
            crs: "WGS84".into(),
        }),
        resident_name: name_for(staff, case),
        phone: phone_for(staff, case),
        confidential: case.confidential,
        anonymous: case.anonymous,
        place_guessed: case.place_guessed,
        request_pending: case.request_pending.map(|r| r.code().into()),
        petition_accepted_at: case.petition_accepted_at.map(iso),
        petition_answer: case.petition_answer.map(|a| a.code().into()),
        review_level: case.review_level,
        street_id: case.street_id.map(|u| u.to_string()),
        community_id: case.community_id.map(|u| u.to_string()),
        routing_reason: serde_json::from_str::<serde_json::Value>(&case.routing_reason)
            .ok()
            .filter(serde_json::Value::is_object)
            .unwrap_or_else(|| serde_json::json!({})),
        contacted_at: case.contacted_at.map(iso),
        closed_at: case.closed_at.map(iso),
        outcome: case.outcome.map(|o| o.code().into()),
        outcome_note: case.outcome_note.clone(),
        send_back_pending: case.send_back_pending,
        escalation_pending: case.escalation_pending,
        supervision_due: case.supervision_due.map(iso),
        reopen_count: case.reopen_count,
        redo: case.redo,
        petition_step: case.petition_step,
        resolved: case.resolved,
        satisfaction: case.satisfaction.map(|s| s.code().into()),
        version: case.version,
        timeline: None,
    }
}

fn data_object(raw: &str) -> serde_json::Value {
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}))
}

/// A likely duplicate.
#[derive(Serialize, ToSchema)]
pub struct SimilarCase {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    pub title: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    #[schema(schema_with = instant)]
    pub received_at: String,
    /// Jaccard similarity of the two texts' character bigrams, 0–1.
    pub similarity: f64,
    /// Metres between the two map points, when both have one.
    pub distance_m: Option<f64>,
}

/// Open cases that look like duplicates of this one, most similar first (at most five): received within 7 days of
/// it in the same community (or street), within 500 m when both have a map point, their title and description
/// sharing at least 30 % of their character bigrams (Jaccard). Merge or link them with the case's actions.
#[utoipa::path(
    get, path = "/api/v1/cases/{case_no}/similar", tag = "cases",
    params(("case_no" = String, Path, description = "14 digits", pattern = r"^[0-9]{14}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the likely duplicates", body = Vec<SimilarCase>),
        (status = 403, description = "forbidden: the role works no cases", body = ErrorBody),
        (status = 404, description = "no such case, or outside your scope", body = ErrorBody),
    )
)]
pub async fn similar(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(case_no): Path<String>,
) -> Result<Response, AppError> {
    let found =
        gongzhi_app::search::near_duplicates(&state.app, &staff.principal(&addr), &case_no).await?;
    Ok(Json(
        found
            .iter()
            .map(|d| SimilarCase {
                case_no: d.case.case_no.as_str().to_owned(),
                title: d.case.title.clone(),
                status: d.case.status.code().to_owned(),
                received_at: iso(d.case.received_at),
                similarity: (d.similarity * 1000.0).round() / 1000.0,
                distance_m: d.distance_m.map(|m| m.round()),
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// One case with its whole timeline.
#[utoipa::path(
    get, path = "/api/v1/cases/{case_no}", tag = "cases",
    params(("case_no" = String, Path, description = "14 digits", pattern = r"^[0-9]{14}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the case with its whole timeline", body = CaseDetail),
        (status = 403, description = "forbidden: the role works no cases", body = ErrorBody),
        (status = 404, description = "no such case, or outside your scope", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(case_no): Path<String>,
) -> Result<Response, AppError> {
    let case =
        gongzhi_app::cases::visible_case(&state.app, &staff.principal(&addr), &case_no).await?;
    let timeline = state.reads.case_timeline(case.id, false).await?;
    let names = Names::load(&state, std::slice::from_ref(&case)).await?;
    let mut body = detail(&staff, &case, &names);
    body.timeline = Some(
        timeline
            .iter()
            .map(|e| TimelineItem {
                at: iso(e.at),
                event: e.event.clone(),
                public: e.public,
                actor: e.actor.clone(),
                note: e.note.clone(),
                data: data_object(&e.data),
            })
            .collect(),
    );
    Ok(Json(body).into_response())
}

/// Filters of the staff list. Every one is optional.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[param(schema_with = kind_schema)]
    pub kind: Option<String>,
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
    /// Dispatch catalogue code.
    #[param(max_length = 16)]
    pub category: Option<String>,
    /// Accountable unit id.
    #[param(schema_with = strings::uuid)]
    pub unit: Option<String>,
    /// Street id (placed in it, or accountable).
    #[param(schema_with = strings::uuid)]
    pub street: Option<String>,
    /// Received on or after this Beijing date.
    #[param(schema_with = strings::date)]
    pub from: Option<String>,
    /// Received on or before this Beijing date.
    #[param(schema_with = strings::date)]
    pub to: Option<String>,
    /// Only open cases past their handling deadline.
    pub overdue: Option<bool>,
    /// Only the caller's own open cases.
    pub mine: Option<bool>,
    /// Words to search for in the title, description, address and public replies (Chinese without spaces is
    /// fine): every word must match, best match first, within the caller's scope. At least a letter or digit, or
    /// two Chinese characters in a row.
    #[param(schema_with = q_schema)]
    pub q: Option<String>,
    /// A caller's phone number: their cases (for intake, dispatch and agents; handling units do not see cases whose
    /// reporter is kept confidential).
    #[param(schema_with = strings::phone)]
    pub phone: Option<String>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

fn q_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::string_schema(
        Some(1),
        Some(gongzhi_domain::search::MAX_QUERY_CHARS),
        Some(gongzhi_domain::search::QUERY_PATTERN),
        false,
    )
}

/// A page of cases with the total.
#[derive(Serialize, ToSchema)]
pub struct CaseList {
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<CaseDetail>,
    /// With `q`: each found case's title and a piece of its description, the matched words in `<mark>` (HTML with
    /// everything else escaped), in the order of `items`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlights: Option<Vec<HighlightBody>>,
}

/// Where a search matched.
#[derive(Serialize, ToSchema)]
pub struct HighlightBody {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    pub title: String,
    pub description: String,
}

/// Cases in the caller's scope, newest first, with the total.
#[utoipa::path(
    get, path = "/api/v1/cases", tag = "cases",
    params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "cases in the caller's scope, newest first, with the total", body = CaseList),
        (status = 403, description = "forbidden: the role works no cases, or (with `phone`) calls no residents", body = ErrorBody),
        (status = 422, description = "validation_failed: a filter is not what the schema says", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    principal.require_case_worker()?;
    let mut e = ValidationErrors::default();
    let q = |k: &str| query.0.get(k).map(String::as_str);
    let mut n = gongzhi_app::cases::Narrowing::default();
    if let Some(kind) = q("kind") {
        n.kind = CaseKind::parse(kind);
        if n.kind.is_none() {
            e.add("kind", "invalid_choice");
        }
    }
    if let Some(status) = q("status") {
        n.status = CaseStatus::parse(status);
        if n.status.is_none() {
            e.add("status", "invalid_choice");
        }
    }
    for (field, slot) in [("unit", &mut n.unit), ("street", &mut n.street)] {
        if let Some(raw) = q(field) {
            *slot = parse_uuid(raw).and_then(|_| UnitId::parse(raw));
            if slot.is_none() {
                e.add(field, "invalid");
            }
        }
    }
    if let Some(raw) = q("from") {
        n.received_from = parse_date(raw).and_then(|_| parse_day_start(raw));
        if n.received_from.is_none() {
            e.add("from", "not_a_date");
        }
    }
    if let Some(raw) = q("to") {
        n.received_to = parse_date(raw).and_then(|_| parse_day_end(raw));
        if n.received_to.is_none() {
            e.add("to", "not_a_date");
        }
    }
    if let Some(category) = q("category") {
        if category.chars().count() > 16 {
            e.add("category", "too_long");
        }
        n.category = Some(category.to_owned());
    }
    if let Some(raw) = q("phone") {
        if !is_api_phone(raw) {
            e.add("phone", "phone_invalid");
        } else {
            n.phone = Some(raw.to_owned());
        }
    }
    n.overdue = query_bool(&mut e, "overdue", q("overdue")).unwrap_or(false);
    // `mine`: every case the caller is the agent of, open or closed.
    let view = if query_bool(&mut e, "mine", q("mine")) == Some(true) {
        n.with_closed = true;
        gongzhi_app::cases::View::Mine
    } else {
        gongzhi_app::cases::View::All
    };
    let page = crate::api::page_params(&mut e, &query.0, 20);
    // The words' own checks, said together with the other fields'.
    if let Some(raw) = q("q")
        && let Err(AppError::Validation(words)) =
            gongzhi_app::cases::search_query(raw, principal.scope()).map_err(AppError::from)
    {
        e.0.extend(words.0);
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let gongzhi_app::cases::Found {
        page: found,
        search,
    } = gongzhi_app::cases::list(&state.app, &principal, view, &n, q("q"), page).await?;
    let names = Names::load(&state, &found.items).await?;
    Ok(Json(CaseList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .iter()
            .map(|c| detail(&staff, c, &names))
            .collect(),
        highlights: search.map(|query| {
            found
                .items
                .iter()
                .map(|c| {
                    let (title, description) = crate::cases::common::highlights(c, &query);
                    HighlightBody {
                        case_no: c.case_no.as_str().to_owned(),
                        title,
                        description,
                    }
                })
                .collect()
        }),
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// Actions: one route each, each with its own body.

/// No fields (accept, resume).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}
impl Checked for NoFields {
    fn check(&self, _: &mut ValidationErrors) {}
}

/// Public text for the resident (reply) or internal text (note).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    #[schema(schema_with = strings::text_2000)]
    pub text: String,
}
impl Checked for TextBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "text", &self.text, 2000);
    }
}

/// The reason for the action (pause, escalate, send_back, extend).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    #[schema(schema_with = strings::text_2000)]
    pub reason: String,
}
impl Checked for ReasonBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "reason", &self.reason, 2000);
    }
}

/// A required note (reject_send_back, step).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for NoteBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", &self.note, 2000);
    }
}

/// First contact with the resident, with an optional internal note.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for ContactBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// Dispatcher routing: by the catalogue's rule for `category`, or to the chosen `unit`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteBody {
    /// Dispatch catalogue code (must exist in the current catalogue).
    #[schema(schema_with = strings::category)]
    pub category: String,
    /// A unit chosen by hand instead of the catalogue's rule.
    #[schema(schema_with = strings::uuid_opt)]
    pub unit: Option<String>,
    /// The community the case lies in, set by the dispatcher (its street follows); routing also confirms a
    /// gazetteer's guess.
    #[schema(schema_with = strings::uuid_opt)]
    pub community: Option<String>,
}
impl Checked for RouteBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !is_category_code(&self.category) {
            e.add("category", "invalid_choice");
        }
        if self
            .unit
            .as_deref()
            .is_some_and(|u| parse_uuid(u).is_none())
        {
            e.add("unit", "unknown_unit");
        }
        if self
            .community
            .as_deref()
            .is_some_and(|u| parse_uuid(u).is_none())
        {
            e.add("community", "unknown_unit");
        }
    }
}

/// An optional note (approve_pause: what the resident is told; the request's reason when empty).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionalNoteBody {
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for OptionalNoteBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// The redo a dissatisfied verdict asked for: by the same unit (no `unit`) or by another.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedoBody {
    #[schema(schema_with = strings::uuid_opt)]
    pub unit: Option<String>,
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for RedoBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self
            .unit
            .as_deref()
            .is_some_and(|u| parse_uuid(u).is_none())
        {
            e.add("unit", "unknown_unit");
        }
        check_len(e, "note", &self.note, 2000);
    }
}

/// 协办: the unit that joins and its task.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CohandlerBody {
    #[schema(schema_with = strings::uuid)]
    pub unit: String,
    #[schema(schema_with = strings::text_2000)]
    pub task: String,
}
impl Checked for CohandlerBody {
    fn check(&self, e: &mut ValidationErrors) {
        if parse_uuid(&self.unit).is_none() {
            e.add("unit", "unknown_unit");
        }
        check_len(e, "task", &self.task, 2000);
    }
}

/// 不予受理: why, and where the petitioner should go instead.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefuseBody {
    #[schema(schema_with = strings::text_2000)]
    pub reason: String,
    #[schema(schema_with = strings::text_200)]
    pub channel: String,
}
impl Checked for RefuseBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "reason", &self.reason, 2000);
        check_len(e, "channel", &self.channel, 200);
    }
}

/// The petition's written answer.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PetitionAnswerBody {
    #[schema(schema_with = answer_schema)]
    pub answer: String,
    #[schema(schema_with = strings::text_2000)]
    pub text: String,
}
impl Checked for PetitionAnswerBody {
    fn check(&self, e: &mut ValidationErrors) {
        if gongzhi_domain::cases::PetitionAnswer::parse(&self.answer).is_none() {
            e.add("answer", "invalid_choice");
        }
        check_len(e, "text", &self.text, 2000);
    }
}

/// The new agent (a colleague in the accountable unit whose role works its cases).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignBody {
    #[schema(schema_with = strings::uuid)]
    pub agent: String,
}
impl Checked for ReassignBody {
    fn check(&self, e: &mut ValidationErrors) {
        if parse_uuid(&self.agent).is_none() {
            e.add("agent", "invalid");
        }
    }
}

/// A due date set by a dispatcher (the deadline falls at the end of that Beijing day).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDueBody {
    #[schema(schema_with = strings::date)]
    pub due: String,
    #[schema(schema_with = strings::text_2000)]
    pub reason: String,
}
impl Checked for SetDueBody {
    fn check(&self, e: &mut ValidationErrors) {
        if parse_date(&self.due).is_none() {
            e.add("due", "not_a_date");
        }
        check_len(e, "reason", &self.reason, 2000);
    }
}

/// 督办: the leader's instruction and the Beijing date by which the holder must answer (not in the past).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuperviseBody {
    #[schema(schema_with = strings::text_2000)]
    pub instruction: String,
    #[schema(schema_with = strings::date)]
    pub answer_by: String,
}
impl Checked for SuperviseBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "instruction", &self.instruction, 2000);
        if parse_date(&self.answer_by).is_none() {
            e.add("answer_by", "not_a_date");
        }
    }
}

/// The other case (merge: the surviving case; link: a related one).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherCaseBody {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
}
impl Checked for OtherCaseBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_case_no(e, "case_no", &self.case_no);
    }
}

/// How the case was handled, and the answer recorded.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    #[schema(schema_with = close_outcome_schema)]
    pub outcome: String,
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for CloseBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !Outcome::ALL
            .iter()
            .any(|o| o.closable_for(CaseKind::Suggestion) && o.code() == self.outcome)
        {
            e.add("outcome", "invalid_choice");
        }
        check_len(e, "note", &self.note, 2000);
    }
}

/// The resident's verdict, taken on a call-back.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictBody {
    pub resolved: bool,
    #[schema(schema_with = satisfaction_schema)]
    pub satisfaction: String,
}
impl Checked for VerdictBody {
    fn check(&self, e: &mut ValidationErrors) {
        if Satisfaction::parse(&self.satisfaction).is_none() {
            e.add("satisfaction", "invalid_choice");
        }
    }
}

/// The knowledge-base entry that answers a consultation.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    #[schema(min_length = 1, max_length = 64, pattern = "^[0-9A-Za-z-]+$")]
    pub kb_id: String,
}
impl Checked for AnswerBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.kb_id.is_empty()
            || self.kb_id.len() > 64
            || !self
                .kb_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            e.add("kb_id", "invalid");
        }
    }
}

/// 无效件: why the case raises no matter, and the dispatcher's internal note.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidateBody {
    #[schema(schema_with = invalid_reason_schema)]
    pub reason: String,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for InvalidateBody {
    fn check(&self, e: &mut ValidationErrors) {
        if gongzhi_domain::cases::InvalidReason::parse(&self.reason).is_none() {
            e.add("reason", "invalid_choice");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

fn invalid_reason_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::cases::InvalidReason::ALL
            .iter()
            .map(|r| r.code()),
        false,
        "why the case raises no matter",
    )
}

/// One action of the case spine: its name (the last path segment), its body, and what it does.
pub struct ActionDoc {
    pub name: &'static str,
    pub summary: &'static str,
    /// The body's schema name and schema.
    pub body: (
        String,
        utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
    ),
}

/// Declares every action once: the table the OpenAPI document is built from and the dispatch of `act` come from
/// the same list, so they cannot drift apart.
macro_rules! actions {
    ($( $name:literal => $body:ty, $summary:literal; )*) => {
        /// Every action, for the OpenAPI document.
        pub fn action_docs() -> Vec<ActionDoc> {
            vec![$(ActionDoc {
                name: $name,
                summary: $summary,
                body: (<$body as utoipa::ToSchema>::name().into_owned(), <$body as utoipa::PartialSchema>::schema()),
            }),*]
        }

        /// The body of `action`, as the fields `parse_action` reads.
        async fn action_fields(action: &str, request: Request, state: &AppState) -> Result<serde_json::Value, AppError> {
            match action {
                $($name => {
                    let ApiJson(body) = ApiJson::<$body>::from_request(request, state).await?;
                    serde_json::to_value(body).map_err(AppError::internal)
                })*
                _ => Err(AppError::NotFound),
            }
        }
    };
}

actions! {
    "accept" => NoFields, "Accept the case (the agent or the unit's head); for a petition, accept it (受理): its 60 days count from now";
    "contact" => ContactBody, "Record the first contact with the resident";
    "reply" => TextBody, "A public reply the resident sees";
    "note" => TextBody, "An internal note";
    "pause" => ReasonBody, "Ask a dispatcher to pause the clock (waiting on the resident or a third party)";
    "approve_pause" => OptionalNoteBody, "Dispatcher: approve the pause; the resident is told why";
    "resume" => NoFields, "Resume a paused case; the deadline moves by the working time paused, at most the maximum";
    "escalate" => ReasonBody, "Dispatcher: move the case up one tier (approving the unit's request, if one waits); the agent or the unit's head: ask a dispatcher to (首接负责)";
    "send_back" => ReasonBody, "Ask a dispatcher to take the case back (counted against the unit)";
    "reject_send_back" => NoteBody, "Dispatcher: refuse a send-back request";
    "reject_escalation" => NoteBody, "Dispatcher: refuse an escalation request (the unit keeps the case)";
    "route" => RouteBody, "Dispatcher: route by the catalogue or to a chosen unit (approves a pending send-back)";
    "reassign" => ReassignBody, "Unit head or dispatcher: hand the case to a colleague";
    "set_due" => SetDueBody, "Dispatcher: set the due date by hand, at most the maximum past the old one (approves the unit's request; the resident is told)";
    "request_due" => SetDueBody, "Ask a dispatcher for a later due date";
    "reject_request" => NoteBody, "Dispatcher (pause, due change, redo) or reviewer (exclusion): refuse the waiting request";
    "request_exclusion" => ReasonBody, "Ask to close an unreasonable demand outside the assessment (a reviewer decides)";
    "approve_exclusion" => NoteBody, "Assessment office: approve the exclusion; the case closes as excluded";
    "redo" => RedoBody, "Dispatcher: send a dissatisfied case back for the redo, to the same unit or another";
    "instruct" => TextBody, "District leaders: an instruction (批示) for the holder";
    "add_cohandler" => CohandlerBody, "Add a co-handling unit (协办) with its task";
    "finish_cohandling" => NoteBody, "A co-handling unit reports its task done";
    "refuse_petition" => RefuseBody, "Petitions: refuse to accept (不予受理) with the reason and the proper channel";
    "answer_petition" => PetitionAnswerBody, "Petitions: issue the written answer (支持 / 不予支持 / 解释说明)";
    "merge" => OtherCaseBody, "Merge this duplicate into the surviving case";
    "link" => OtherCaseBody, "Link a related case";
    "close" => CloseBody, "Close with an outcome and the answer";
    "callback" => VerdictBody, "Record the resident's verdict taken on a call-back";
    "step" => NoteBody, "Petitions: complete the next of the six agent steps";
    "extend" => ReasonBody, "Petitions: extend once, by the head of the accountable unit; the petitioner is told why";
    "answer" => AnswerBody, "Intake: answer a consultation from the knowledge base and close it";
    "supervise" => SuperviseBody, "District leaders: supervise (督办) with an instruction and a date to answer by (a date in the past is refused with 422)";
    "answer_supervision" => TextBody, "The agent or the unit's head answers the leader's supervision";
    "invalidate" => InvalidateBody, "Dispatcher: close a case waiting for dispatch as invalid (无效件) with the reason; it counts in no assessment";
    "restore" => NoteBody, "Assessment office: restore a case wrongly marked invalid to the dispatch queue";
}

/// `POST /api/v1/cases/{case_no}/{action}`: described as one operation per action in the document.
async fn act(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((case_no, action)): Path<(String, String)>,
    request: Request,
) -> Result<Response, AppError> {
    let fields = action_fields(&action, request, &state).await?;
    let text_of = |k: &str| match fields.get(k) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    };
    let parsed = parse_action(&action, &text_of)?;
    let case =
        gongzhi_app::cases::perform(&state.app, &staff.principal(&addr), &case_no, parsed).await?;
    let names = Names::load(&state, std::slice::from_ref(&case)).await?;
    Ok(Json(detail(&staff, &case, &names)).into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// The resident's tracking, verdict and reopen.

/// What anyone holding the case number and the phone's last four digits may see.
#[derive(Serialize, ToSchema)]
pub struct PublicCase {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    pub title: String,
    #[schema(schema_with = instant)]
    pub received_at: String,
    #[schema(schema_with = instant_opt)]
    pub handle_due_at: Option<String>,
    /// When merged, the surviving case the resident now follows.
    pub merged_into: Option<String>,
    /// The catalogue's public notice for the case's category.
    pub notice: String,
    pub can_rate: bool,
    /// A dissatisfied resident may ask for the redo (the dispatch centre decides).
    pub can_reopen: bool,
    /// A petitioner may ask the organ above for review (复查) or re-review (复核), within 30 days of the answer.
    pub can_review: bool,
    /// Petitions: the written answer of the current level, and the level (0 first handling, 1 复查, 2 复核).
    #[schema(schema_with = answer_opt_schema)]
    pub petition_answer: Option<String>,
    pub review_level: i64,
    pub resolved: Option<bool>,
    #[schema(schema_with = satisfaction_opt_schema)]
    pub satisfaction: Option<String>,
    /// The unit handling the case now.
    pub unit_name: Option<String>,
    /// Files staff made public; each downloads from `/track/attachments/{id}?case_no=…&phone_last4=…`.
    pub attachments: Vec<PublicFile>,
    pub timeline: Vec<PublicEvent>,
    /// Where the mediation stands when the case is a dispute (the case's status follows it).
    #[schema(schema_with = dispute_stage_opt)]
    pub dispute_stage: Option<String>,
}

fn dispute_stage_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::codes_schema(
        gongzhi_domain::dispute::Stage::ALL.iter().map(|s| s.code()),
        true,
        "the mediation's stage: filed, evaluated, awaiting_consent, mediating, agreed, failed, referred, confirmation_applied, confirmation_accepted, confirmed, not_confirmed, litigation, judged",
    )
}

#[derive(Serialize, ToSchema)]
pub struct PublicFile {
    pub id: String,
    pub filename: String,
    /// Bytes.
    pub size: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PublicEvent {
    #[schema(schema_with = instant)]
    pub at: String,
    pub event: String,
    pub note: String,
}

fn public_view(view: &PublicCaseView) -> PublicCase {
    PublicCase {
        case_no: view.case_no.to_string(),
        kind: view.kind.code().into(),
        status: view.status.code().into(),
        dispute_stage: view.dispute_stage.map(|s| s.code().to_owned()),
        title: view.title.clone(),
        received_at: iso(view.received_at),
        handle_due_at: view.handle_due_at.map(iso),
        merged_into: view.merged_into.as_ref().map(|n| n.to_string()),
        notice: view.notice.clone(),
        can_rate: view.can_rate,
        can_reopen: view.can_reopen,
        can_review: view.can_review,
        petition_answer: view.petition_answer.map(|a| a.code().into()),
        review_level: view.review_level,
        resolved: view.resolved,
        satisfaction: view.satisfaction.map(|s| s.code().into()),
        unit_name: view.unit_name.clone(),
        attachments: view
            .attachments
            .iter()
            .map(|a| PublicFile {
                id: a.id.clone(),
                filename: a.filename.clone(),
                size: a.size,
            })
            .collect(),
        timeline: view
            .timeline
            .iter()
            .map(|e| PublicEvent {
                at: iso(e.at),
                event: e.event.clone(),
                note: e.note.clone(),
            })
            .collect(),
    }
}

/// The case number and the phone's last four digits, exactly as the schema says.
fn check_track(e: &mut ValidationErrors, case_no: Option<&str>, last4: Option<&str>) {
    match case_no {
        None => e.add("case_no", "required"),
        Some(no) => check_case_no(e, "case_no", no),
    }
    match last4 {
        None => e.add("phone_last4", "required"),
        Some(d) if d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()) => {}
        Some(_) => e.add("phone_last4", "invalid"),
    }
}

/// The public status and timeline, by case number and the phone's last four digits.
#[utoipa::path(
    get, path = "/api/v1/track", tag = "residents",
    params(
        ("case_no" = String, Query, description = "14 digits", pattern = r"^[0-9]{14}$"),
        ("phone_last4" = String, Query, description = "the last four digits of the phone given at intake", pattern = r"^[0-9]{4}$"),
    ),
    responses(
        (status = 200, description = "the public status and timeline", body = PublicCase),
        (status = 404, description = "not_found (also for wrong digits)", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_requests: too many misses from this address", body = ErrorBody),
    )
)]
pub async fn track_public(
    State(state): State<AppState>,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let (case_no, last4) = (
        query.0.get("case_no").map(String::as_str),
        query.0.get("phone_last4").map(String::as_str),
    );
    check_track(&mut errors, case_no, last4);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    match gongzhi_app::cases::track(
        &state.app,
        &addr.0,
        case_no.unwrap_or(""),
        last4.unwrap_or(""),
    )
    .await?
    {
        Some(view) => Ok(Json(public_view(&view)).into_response()),
        None => Err(AppError::NotFound),
    }
}

/// The resident's verdict on a closed case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateBody {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    #[schema(schema_with = strings::last4)]
    pub phone_last4: String,
    pub resolved: bool,
    #[schema(schema_with = satisfaction_schema)]
    pub satisfaction: String,
}
impl Checked for RateBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_track(e, Some(&self.case_no), Some(&self.phone_last4));
        if Satisfaction::parse(&self.satisfaction).is_none() {
            e.add("satisfaction", "invalid_choice");
        }
    }
}

/// The resident's verdict on a closed case.
#[utoipa::path(
    post, path = "/api/v1/track/rate", tag = "residents", request_body = RateBody,
    responses(
        (status = 200, description = "the case after the verdict", body = PublicCase),
        (status = 404, description = "not_found (also for wrong digits)", body = ErrorBody),
        (status = 409, description = "not_closed, already_rated, case_merged", body = ErrorBody),
        (status = 429, description = "too_many_requests", body = ErrorBody),
    )
)]
pub async fn rate(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(body): ApiJson<RateBody>,
) -> Result<Response, AppError> {
    let satisfaction = Satisfaction::parse(&body.satisfaction)
        .ok_or_else(|| gongzhi_app::AppError::field("satisfaction", "invalid_choice"))?;
    gongzhi_app::cases::resident_rate(
        &state.app,
        &addr.0,
        &body.case_no,
        &body.phone_last4,
        body.resolved,
        satisfaction,
    )
    .await?;
    track_again(&state, &addr, &body.case_no, &body.phone_last4).await
}

/// Reopening after a dissatisfied verdict.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenBody {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    #[schema(schema_with = strings::last4)]
    pub phone_last4: String,
    #[schema(schema_with = strings::text_2000)]
    pub reason: String,
}
impl Checked for ReopenBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_track(e, Some(&self.case_no), Some(&self.phone_last4));
        check_len(e, "reason", &self.reason, 2000);
    }
}

/// Ask once for a redo after a dissatisfied verdict (the dispatch centre decides by whom).
#[utoipa::path(
    post, path = "/api/v1/track/reopen", tag = "residents", request_body = ReopenBody,
    responses(
        (status = 200, description = "the case, with the redo request recorded", body = PublicCase),
        (status = 404, description = "not_found (also for wrong digits)", body = ErrorBody),
        (status = 409, description = "not_dissatisfied, reopen_used, petition_review, verdict_window_over, case_merged", body = ErrorBody),
        (status = 429, description = "too_many_requests", body = ErrorBody),
    )
)]
pub async fn reopen(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(body): ApiJson<ReopenBody>,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut errors, "reason", &body.reason, true, 2000);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    gongzhi_app::cases::resident_reopen(
        &state.app,
        &addr.0,
        &body.case_no,
        &body.phone_last4,
        &reason,
    )
    .await?;
    track_again(&state, &addr, &body.case_no, &body.phone_last4).await
}

/// Review (复查) or re-review (复核) of a petition's answer by the organ above.
#[utoipa::path(
    post, path = "/api/v1/track/review", tag = "residents", request_body = ReopenBody,
    description = "A petitioner who disagrees with the written answer asks, within 30 days of it, for review by the \
        organ above (复查); after a review, once more for re-review (复核). The organ above answers within 30 days.",
    responses(
        (status = 200, description = "the petition, now with the organ above", body = PublicCase),
        (status = 404, description = "not_found (also for wrong digits)", body = ErrorBody),
        (status = 409, description = "not_petition, not_closed, answer_needed, review_window_over, review_exhausted", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_requests", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(body): ApiJson<ReopenBody>,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut errors, "reason", &body.reason, true, 2000);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    gongzhi_app::cases::resident_review(
        &state.app,
        &addr.0,
        &body.case_no,
        &body.phone_last4,
        &reason,
    )
    .await?;
    track_again(&state, &addr, &body.case_no, &body.phone_last4).await
}

async fn track_again(
    state: &AppState,
    addr: &ClientAddr,
    case_no: &str,
    last4: &str,
) -> Result<Response, AppError> {
    match gongzhi_app::cases::track(&state.app, &addr.0, case_no, last4).await? {
        Some(view) => Ok(Json(public_view(&view)).into_response()),
        None => Err(AppError::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue and the inbox.

#[derive(Serialize, ToSchema)]
pub struct Catalogue {
    pub version: i64,
    pub categories: Vec<CatalogueCategory>,
}

#[derive(Serialize, ToSchema)]
pub struct CatalogueCategory {
    pub code: String,
    pub theme: String,
    pub name: String,
    /// `community`, `street`, or `unit:<code>`.
    pub accountable: String,
    #[schema(schema_with = tier_schema)]
    pub tier: Option<String>,
    pub contact_hours: i64,
    /// Working days to handle (general and complex matters).
    pub handle_days: i64,
    /// emergency and utilities are handled within hours (the district's settings), general and complex within
    /// `handle_days` working days.
    #[schema(schema_with = urgency_schema)]
    pub urgency: String,
    pub escalate_after_days: Option<i64>,
    /// What the resident is told.
    pub notice: String,
}

/// The current dispatch catalogue.
#[utoipa::path(
    get, path = "/api/v1/catalogue", tag = "cases",
    responses((status = 200, description = "the current dispatch catalogue (public)", body = Catalogue))
)]
pub async fn catalogue(State(state): State<AppState>) -> Result<Response, AppError> {
    let version = state.reads.catalogue_version().await?;
    let categories = state.reads.catalogue(version).await?;
    Ok(Json(Catalogue {
        version,
        categories: categories
            .iter()
            .map(|c| CatalogueCategory {
                code: c.code.clone(),
                theme: c.theme.clone(),
                name: c.name.clone(),
                accountable: c.accountable.code(),
                tier: Some(c.tier().code().into()),
                contact_hours: c.contact_hours as i64,
                handle_days: c.handle_days as i64,
                urgency: c.urgency.code().into(),
                escalate_after_days: c.escalate_after_days.map(|d| d as i64),
                notice: c.notice.clone(),
            })
            .collect(),
    })
    .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Inbox {
    pub total: i64,
    pub unread: i64,
    pub items: Vec<InboxItem>,
}

#[derive(Serialize, ToSchema)]
pub struct InboxItem {
    pub id: String,
    /// `assigned`, `chase`, `overdue`, `contact_late`, `send_back_decided`, …
    pub kind: String,
    pub case_no: Option<String>,
    pub case_title: Option<String>,
    /// For a notice about a whistle (`summoned`, `whistle_overdue`, `whistle_reported`): its number and title.
    pub whistle_no: Option<String>,
    pub whistle_title: Option<String>,
    /// For a notice about an enforcement case (`decision_due`): its number.
    pub enforcement_no: Option<String>,
    #[schema(schema_with = instant)]
    pub created_at: String,
    pub read: bool,
}

/// The caller's notices, unread first.
#[utoipa::path(
    get, path = "/api/v1/inbox", tag = "cases",
    params(("page" = Option<u32>, Query, minimum = 1, maximum = 100000)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the caller's notices, unread first", body = Inbox),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let page = query_int(
        &mut e,
        "page",
        query.0.get("page").map(String::as_str),
        1,
        100_000,
    )
    .unwrap_or(1);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found = state
        .reads
        .list_notices(staff.session.user.id, PageRequest::new(page, 50))
        .await?;
    let unread = state.reads.count_unread(staff.session.user.id).await?;
    Ok(Json(Inbox {
        total: found.total,
        unread,
        items: found
            .items
            .iter()
            .map(|n| InboxItem {
                id: n.id.clone(),
                kind: n.kind.clone(),
                case_no: n.case_no.clone(),
                case_title: n.case_title.clone(),
                whistle_no: n.whistle_no.clone(),
                whistle_title: n.whistle_title.clone(),
                enforcement_no: n.enforcement_no.clone(),
                created_at: iso(n.created_at),
                read: n.read_at.is_some(),
            })
            .collect(),
    })
    .into_response())
}
