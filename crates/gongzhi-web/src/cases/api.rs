//! The cases JSON API: intake (public, or staff with channel, category and received_at), reading and listing,
//! every action, the resident's verdict and reopen, the catalogue, the inbox, and the OpenAPI description.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use gongzhi_app::Principal;
use gongzhi_app::cases::IntakeRequest;
use gongzhi_domain::cases::{Case, CaseInput, CaseKind, CaseStatus, Channel, Satisfaction, parse_last4};
use gongzhi_domain::org::UnitId;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;
use gongzhi_store::cases::CaseFilter;

use super::common::{Names, parse_action, parse_day_end, parse_day_start};
use crate::state::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, JsonObject, MaybeStaff, QueryData, Staff};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", post(create).get(list))
        .route("/api/v1/cases/{case_no}", get(read))
        .route("/api/v1/cases/{case_no}/{action}", post(act))
        .route("/api/v1/track", get(track_public))
        .route("/api/v1/track/rate", post(rate))
        .route("/api/v1/track/reopen", post(reopen))
        .route("/api/v1/catalogue", get(catalogue))
        .route("/api/v1/inbox", get(inbox))
        .route("/api/v1/openapi.json", get(openapi))
}

/// Every instant the API writes has one fixed form, UTC with milliseconds (`2026-12-03T16:00:00.000Z`), so that
/// clients may sort them as text; clients should still compare them as instants.
pub fn iso(at: i64) -> String {
    jiff::Timestamp::from_millisecond(at).map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()).unwrap_or_default()
}

fn iso_opt(at: Option<i64>) -> Value {
    at.map(|a| json!(iso(a))).unwrap_or(Value::Null)
}

/// A JSON object's fields as text, for the shared action parser.
fn text_of(body: &JsonObject, key: &str) -> String {
    match body.0.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// `POST /api/v1/cases`: public intake (channel `api`, the residents' kinds), or staff intake with a Bearer token
/// of an intake operator or dispatcher, who may give `channel`, `category` and `received_at` (RFC 3339, not in the
/// future) and register petitions and disputes.
async fn create(State(state): State<AppState>, MaybeStaff(staff): MaybeStaff, addr: ClientAddr, body: JsonObject) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let input = CaseInput {
        kind: body.string(&mut errors, "kind"),
        title: body.string(&mut errors, "title"),
        description: body.string(&mut errors, "description"),
        address: body.string(&mut errors, "address"),
        lat: body.number(&mut errors, "lat"),
        lon: body.number(&mut errors, "lon"),
        name: body.string(&mut errors, "name"),
        phone: body.string(&mut errors, "phone"),
    };
    let sent = |field: &str| body.0.get(field).is_some_and(|v| !v.is_null());
    let channel = sent("channel").then(|| body.string(&mut errors, "channel"));
    let category = sent("category").then(|| body.string(&mut errors, "category"));
    let received_at = sent("received_at").then(|| body.string(&mut errors, "received_at").parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond()));
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let principal = match &staff {
        Some(s) => Principal::Staff(s.principal(&addr)),
        None => Principal::resident(addr.0.clone()),
    };
    let request = IntakeRequest { input, channel, category, received_at };
    let stored = gongzhi_app::cases::intake(&state.app, &principal, &request, Channel::Api).await?;
    let names = Names::load(&state, std::slice::from_ref(&stored)).await?;
    let mut body = summary(&stored, &names);
    body["track_url"] = json!(format!("/track?case_no={}", stored.case_no));
    let location = format!("/api/v1/cases/{}", stored.case_no);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}

/// The fields every case answer carries.
fn summary(case: &Case, names: &Names) -> Value {
    json!({
        "case_no": case.case_no,
        "kind": case.kind.code(),
        "channel": case.channel.code(),
        "status": case.status.code(),
        "category": case.category_code,
        "catalogue_version": case.catalogue_version,
        "tier": case.tier.map(|t| t.code()),
        "accountable_unit": case.accountable_unit_id.map(|u| json!({ "id": u.to_string(), "name": names.units.get(&u) })),
        "agent": case.agent_id.map(|u| json!({ "id": u.to_string(), "name": names.users.get(&u) })),
        "received_at": iso(case.received_at),
        "contact_due_at": iso_opt(case.contact_due_at),
        "handle_due_at": iso_opt(case.handle_due_at),
        "handle_due_provisional": case.handle_due_provisional,
        "manual_due_reason": case.manual_due_reason,
    })
}

fn case_json(staff: &Staff, case: &Case, names: &Names) -> Value {
    let mut v = summary(case, names);
    let extra = json!({
        "title": case.title,
        "description": case.description,
        "address": case.address,
        "point": case.point.map(|p| json!({ "lat": p.lat, "lon": p.lon, "crs": "WGS84" })),
        "resident_name": case.resident_name,
        "phone": super::common::phone_for(staff, &case.phone),
        "street_id": case.street_id.map(|u| u.to_string()),
        "community_id": case.community_id.map(|u| u.to_string()),
        "routing_reason": serde_json::from_str::<Value>(&case.routing_reason).unwrap_or(Value::Null),
        "contacted_at": iso_opt(case.contacted_at),
        "closed_at": iso_opt(case.closed_at),
        "outcome": case.outcome.map(|o| o.code()),
        "outcome_note": case.outcome_note,
        "send_back_pending": case.send_back_pending,
        "reopen_count": case.reopen_count,
        "redo": case.redo,
        "petition_step": case.petition_step,
        "resolved": case.resolved,
        "satisfaction": case.satisfaction.map(|s| s.code()),
        "version": case.version,
    });
    if let (Value::Object(a), Value::Object(b)) = (&mut v, extra) {
        a.extend(b);
    }
    v
}

async fn read(State(state): State<AppState>, staff: Staff, addr: ClientAddr, Path(case_no): Path<String>) -> Result<Response, AppError> {
    let case = gongzhi_app::cases::visible_case(&state.app, &staff.principal(&addr), &case_no).await?;
    let timeline = state.store.case_timeline(case.id, false).await?;
    let names = Names::load(&state, std::slice::from_ref(&case)).await?;
    let mut body = case_json(&staff, &case, &names);
    body["timeline"] = timeline
        .iter()
        .map(|e| json!({ "at": iso(e.at), "event": e.event, "public": e.public, "actor": e.actor, "note": e.note, "data": serde_json::from_str::<Value>(&e.data).unwrap_or(Value::Null) }))
        .collect();
    Ok(Json(body).into_response())
}

async fn list(State(state): State<AppState>, staff: Staff, query: QueryData) -> Result<Response, AppError> {
    staff.require_case_worker()?;
    let mut e = ValidationErrors::default();
    let mut f = CaseFilter::new(staff.scope(), state.now());
    let mut choice = |field: &'static str, ok: bool| {
        if !ok {
            e.add(field, "invalid_choice");
        }
    };
    if !query.get("kind").is_empty() {
        f.kind = CaseKind::parse(query.get("kind"));
        choice("kind", f.kind.is_some());
    }
    if !query.get("status").is_empty() {
        f.status = CaseStatus::parse(query.get("status"));
        choice("status", f.status.is_some());
    }
    if !query.get("unit").is_empty() {
        f.unit = UnitId::parse(query.get("unit"));
        choice("unit", f.unit.is_some());
    }
    if !query.get("street").is_empty() {
        f.street = UnitId::parse(query.get("street"));
        choice("street", f.street.is_some());
    }
    if !query.get("from").is_empty() {
        f.received_from = parse_day_start(query.get("from"));
        choice("from", f.received_from.is_some());
    }
    if !query.get("to").is_empty() {
        f.received_to = parse_day_end(query.get("to"));
        choice("to", f.received_to.is_some());
    }
    if !query.get("category").is_empty() {
        f.category = Some(query.get("category").to_owned());
    }
    f.overdue = query.get("overdue") == "true" || query.get("overdue") == "1";
    if query.get("mine") == "true" {
        f.agent = Some(staff.session.user.id);
        f.scope = gongzhi_domain::org::Scope::District;
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let per_page = query.get("per_page").parse().unwrap_or(20);
    let page = state.store.list_cases(&f, PageRequest::new(query.page(), per_page)).await?;
    let names = Names::load(&state, &page.items).await?;
    Ok(Json(json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "items": page.items.iter().map(|c| case_json(&staff, c, &names)).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// `POST /api/v1/cases/{case_no}/{action}` with the action's fields as JSON.
async fn act(State(state): State<AppState>, staff: Staff, addr: ClientAddr, Path((case_no, action)): Path<(String, String)>, body: JsonObject) -> Result<Response, AppError> {
    let parsed = parse_action(&action, &|k| text_of(&body, k))?;
    let case = gongzhi_app::cases::perform(&state.app, &staff.principal(&addr), &case_no, parsed).await?;
    let names = Names::load(&state, std::slice::from_ref(&case)).await?;
    Ok(Json(case_json(&staff, &case, &names)).into_response())
}

fn public_view(view: &gongzhi_domain::cases::PublicCaseView) -> Value {
    json!({
        "case_no": view.case_no,
        "kind": view.kind.code(),
        "status": view.status.code(),
        "title": view.title,
        "received_at": iso(view.received_at),
        "handle_due_at": iso_opt(view.handle_due_at),
        "merged_into": view.merged_into,
        "notice": view.notice,
        "can_rate": view.can_rate,
        "can_reopen": view.can_reopen,
        "resolved": view.resolved,
        "satisfaction": view.satisfaction.map(|s| s.code()),
        "timeline": view.timeline.iter().map(|e| json!({ "at": iso(e.at), "event": e.event, "note": e.note })).collect::<Vec<_>>(),
    })
}

fn track_params(errors: &mut ValidationErrors, case_no: &str, last4: &str) {
    if gongzhi_domain::cases::CaseNo::parse(case_no).is_none() {
        errors.add("case_no", if case_no.is_empty() { "required" } else { "invalid" });
    }
    if parse_last4(last4).is_none() {
        errors.add("phone_last4", if last4.is_empty() { "required" } else { "invalid" });
    }
}

async fn track_public(State(state): State<AppState>, addr: ClientAddr, query: QueryData) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    track_params(&mut errors, query.get("case_no"), query.get("phone_last4"));
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    match gongzhi_app::cases::track(&state.app, &addr.0, query.get("case_no"), query.get("phone_last4")).await? {
        Some(view) => Ok(Json(public_view(&view)).into_response()),
        None => Err(AppError::NotFound),
    }
}

/// `POST /api/v1/track/rate`: `{case_no, phone_last4, resolved: bool, satisfaction}`.
async fn rate(State(state): State<AppState>, addr: ClientAddr, body: JsonObject) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let case_no = body.string(&mut errors, "case_no");
    let last4 = body.string(&mut errors, "phone_last4");
    track_params(&mut errors, &case_no, &last4);
    let resolved = match body.0.get("resolved") {
        Some(Value::Bool(b)) => Some(*b),
        _ => {
            errors.add("resolved", "wrong_type");
            None
        }
    };
    let satisfaction = Satisfaction::parse(&body.string(&mut errors, "satisfaction"));
    if satisfaction.is_none() && errors.code_for("satisfaction").is_none() {
        errors.add("satisfaction", "invalid_choice");
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    gongzhi_app::cases::resident_rate(&state.app, &addr.0, &case_no, &last4, resolved.expect("checked"), satisfaction.expect("checked")).await?;
    track_again(&state, &addr, &case_no, &last4).await
}

/// `POST /api/v1/track/reopen`: `{case_no, phone_last4, reason}`.
async fn reopen(State(state): State<AppState>, addr: ClientAddr, body: JsonObject) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let case_no = body.string(&mut errors, "case_no");
    let last4 = body.string(&mut errors, "phone_last4");
    track_params(&mut errors, &case_no, &last4);
    let reason = gongzhi_domain::validation::text(&mut errors, "reason", &body.string(&mut ValidationErrors::default(), "reason"), true, 2000);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    gongzhi_app::cases::resident_reopen(&state.app, &addr.0, &case_no, &last4, &reason).await?;
    track_again(&state, &addr, &case_no, &last4).await
}

async fn track_again(state: &AppState, addr: &ClientAddr, case_no: &str, last4: &str) -> Result<Response, AppError> {
    match gongzhi_app::cases::track(&state.app, &addr.0, case_no, last4).await? {
        Some(view) => Ok(Json(public_view(&view)).into_response()),
        None => Err(AppError::NotFound),
    }
}

/// `GET /api/v1/catalogue`: the current dispatch catalogue (public: residents see the notices too).
async fn catalogue(State(state): State<AppState>) -> Result<Response, AppError> {
    let version = state.store.catalogue_version().await?;
    let categories = state.store.catalogue(version).await?;
    Ok(Json(json!({
        "version": version,
        "categories": categories.iter().map(|c| json!({
            "code": c.code,
            "theme": c.theme,
            "name": c.name,
            "accountable": c.accountable.code(),
            "tier": c.tier().code(),
            "contact_hours": c.contact_hours,
            "handle_days": c.handle_days,
            "escalate_after_days": c.escalate_after_days,
            "notice": c.notice,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

async fn inbox(State(state): State<AppState>, staff: Staff, query: QueryData) -> Result<Response, AppError> {
    let page = state.store.list_notices(staff.session.user.id, PageRequest::new(query.page(), 50)).await?;
    let unread = state.store.count_unread(staff.session.user.id).await?;
    Ok(Json(json!({
        "total": page.total,
        "unread": unread,
        "items": page.items.iter().map(|n| json!({
            "id": n.id, "kind": n.kind, "case_no": n.case_no, "case_title": n.case_title,
            "created_at": iso(n.created_at), "read": n.read_at.is_some(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}
