//! The disputes JSON API: filing (public or staff), turning a case into a dispute, reading one, the dispute types, the
//! mediators directory and a dispute's ranked proposal, and one route per step with its own body. Money is yuan as a
//! decimal string with at most two decimals (`"3500.00"`), stored exactly in fen.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_app::Principal;
use gongzhi_app::dispute::{
    ConvertRequest, DisputeView, EvaluateRequest, FileRequest, PartyInput, Step, TermInput,
};
use gongzhi_domain::cases::{Channel as CaseChannel, mask_phone};
use gongzhi_domain::dispute::{
    Candidate, Channel, Complexity, Failure, PartyRole, Risk, SessionMode, Stage, Urgency,
};
use gongzhi_domain::org::UnitId;
use gongzhi_domain::powers::format_yuan;
use gongzhi_domain::validation::ValidationErrors;

use crate::api::{
    ApiJson, Checked, ErrorBody, check_len, codes_schema, instant, instant_opt, is_api_phone,
    parse_date, parse_uuid, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, MaybeStaff, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/disputes", post(file))
        .route("/api/v1/dispute-types", get(types))
        .route("/api/v1/mediators", get(mediators))
        .route("/api/v1/cases/{case_no}/dispute", post(convert))
        .route("/api/v1/disputes/{case_no}", get(read))
        .route("/api/v1/disputes/{case_no}/proposals", get(proposals))
        .route("/api/v1/disputes/{case_no}/evaluation", post(evaluation))
        .route("/api/v1/disputes/{case_no}/mediation", post(mediation))
        .route("/api/v1/disputes/{case_no}/consent", post(consent))
        .route("/api/v1/disputes/{case_no}/sessions", post(session))
        .route(
            "/api/v1/disputes/{case_no}/sessions/{session_id}/minutes",
            post(minutes),
        )
        .route("/api/v1/disputes/{case_no}/extension", post(extension))
        .route("/api/v1/disputes/{case_no}/agreement", post(agreement))
        .route("/api/v1/disputes/{case_no}/failure", post(failure))
        .route(
            "/api/v1/disputes/{case_no}/confirmation",
            post(confirmation),
        )
        .route("/api/v1/disputes/{case_no}/litigation", post(litigation))
        .route("/api/v1/disputes/{case_no}/signature", post(signature))
        .route("/api/v1/disputes/{case_no}/publication", post(publication))
        .route("/api/v1/disputes/{case_no}/performance", post(performance))
}

/// Yuan as a decimal string: up to 12 digits and at most two decimals.
/// Yuan with up to two decimals, below 10^11 yuan (what the platform's money fields hold: `powers::parse_yuan`).
pub const AMOUNT_PATTERN: &str = r"^[0-9]{1,11}(\.[0-9]{1,2})?$";

fn is_amount(s: &str) -> bool {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    (1..=11).contains(&whole.len())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&frac.len())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn amount_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::string_schema(None, None, Some(AMOUNT_PATTERN), true)
}
fn stage_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Stage::ALL.iter().map(|s| s.code()),
        false,
        "filed → evaluated → awaiting_consent → mediating → agreed or failed; referred; the court's stages",
    )
}
fn role_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        PartyRole::ALL.iter().map(|s| s.code()),
        false,
        "applicant, respondent or other",
    )
}
fn kind_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["person", "organisation"],
        false,
        "a person or an organisation",
    )
}
fn channel_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Channel::ALL.iter().map(|s| s.code()),
        true,
        "peoples, professional, lawyer, arbitration, court",
    )
}
fn urgency_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Urgency::ALL.iter().map(|s| s.code()),
        false,
        "normal or urgent",
    )
}
fn urgency_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Urgency::ALL.iter().map(|s| s.code()),
        true,
        "normal or urgent",
    )
}
fn complexity_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Complexity::ALL.iter().map(|s| s.code()),
        false,
        "low, medium or high",
    )
}
fn complexity_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Complexity::ALL.iter().map(|s| s.code()),
        true,
        "low, medium or high",
    )
}
fn risks_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ArrayBuilder, SchemaType, Type};
    let item = codes_schema(
        Risk::ALL.iter().map(|s| s.code()),
        false,
        "threats, many_people, vulnerable, repeated",
    );
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(item)
        .max_items(Some(4))
        .into()
}
fn failure_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["no_agreement", "timed_out", "withdrawn"],
        false,
        "why the mediation ended without an agreement",
    )
}
fn failure_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        Failure::ALL.iter().map(|s| s.code()),
        true,
        "declined, no_reply, no_agreement, timed_out, withdrawn",
    )
}
fn publication_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(["published", "withheld"], true, "published or withheld")
}
fn publication_reason() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["editor", "party_asked"],
        true,
        "editor (the default) or party_asked (a party asked to withhold: it stays withheld)",
    )
}
fn mode_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        SessionMode::ALL.iter().map(|s| s.code()),
        false,
        "in_person or video",
    )
}
fn type_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::string_schema(None, None, Some(TYPE_PATTERN), false)
}
fn type_pattern_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter().all(|c| c.is_ascii_lowercase() || *c == b'_')
}
const TYPE_PATTERN: &str = r"^[a-z][a-z_]{0,31}$";

/// A party as sent.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyBody {
    #[schema(schema_with = role_schema)]
    pub role: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    #[schema(schema_with = strings::text_100)]
    pub name: String,
    #[schema(schema_with = strings::phone_opt)]
    pub phone: Option<String>,
}

fn check_parties(e: &mut ValidationErrors, parties: &[PartyBody]) {
    if parties.len() < 2 || parties.len() > gongzhi_app::dispute::MAX_PARTIES {
        e.add(
            "parties",
            if parties.len() < 2 {
                "too_few"
            } else {
                "too_many"
            },
        );
    }
    for (i, p) in parties.iter().enumerate() {
        if PartyRole::parse(&p.role).is_none() {
            e.add_named(format!("parties[{i}].role"), "invalid_choice");
        }
        if !matches!(p.kind.as_str(), "person" | "organisation") {
            e.add_named(format!("parties[{i}].kind"), "invalid_choice");
        }
        if p.name.trim().is_empty() {
            e.add_named(format!("parties[{i}].name"), "required");
        } else if p.name.chars().count() > 100 {
            e.add_named(format!("parties[{i}].name"), "too_long");
        }
        if p.phone.as_deref().is_some_and(|ph| !is_api_phone(ph)) {
            e.add_named(format!("parties[{i}].phone"), "phone_invalid");
        }
    }
}

fn parties_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::ArrayBuilder;
    ArrayBuilder::new()
        .items(utoipa::openapi::Ref::from_schema_name("PartyBody"))
        .min_items(Some(2))
        .max_items(Some(20))
        .into()
}

fn party_inputs(parties: Vec<PartyBody>) -> Vec<PartyInput> {
    parties
        .into_iter()
        .map(|p| PartyInput {
            role: p.role,
            kind: p.kind,
            name: p.name,
            phone: p.phone.unwrap_or_default(),
        })
        .collect()
}

/// A dispute to file.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeBody {
    /// A type code from `GET /api/v1/dispute-types` (neighbour, family, property, labour, consumer, medical, traffic,
    /// tenancy, other, …).
    #[serde(rename = "type")]
    #[schema(schema_with = type_schema)]
    pub dispute_type: String,
    /// At least an applicant and a respondent. The applicant's phone lets them track the case.
    #[schema(schema_with = parties_schema)]
    pub parties: Vec<PartyBody>,
    /// The amount in dispute, yuan with at most two decimals.
    #[schema(schema_with = amount_opt)]
    pub amount: Option<String>,
    #[schema(schema_with = strings::text_200)]
    pub address: String,
    #[schema(minimum = 3.8, maximum = 53.6)]
    pub lat: Option<f64>,
    #[schema(minimum = 73.5, maximum = 135.1)]
    pub lon: Option<f64>,
    #[schema(schema_with = strings::text_4000)]
    pub facts: String,
    #[schema(schema_with = strings::text_2000)]
    pub claims: String,
    /// Intake staff only: the catalogue category that routes the case at once.
    #[schema(schema_with = strings::category_opt)]
    pub category: Option<String>,
    /// The court's staff only: `court_delegated` for a pre-suit mediation the court delegates (委派调解, 30 days).
    #[schema(schema_with = source_opt)]
    pub source: Option<String>,
}
fn source_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["filed", "court_delegated"],
        true,
        "filed (default) or court_delegated",
    )
}

impl Checked for DisputeBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !type_pattern_ok(&self.dispute_type) {
            e.add("type", "invalid_choice");
        }
        check_parties(e, &self.parties);
        if self.amount.as_deref().is_some_and(|a| !is_amount(a)) {
            e.add("amount", "not_money");
        }
        check_len(e, "address", &self.address, 200);
        check_len(e, "facts", &self.facts, 4000);
        check_len(e, "claims", &self.claims, 2000);
        if self.lat.is_some() != self.lon.is_some() {
            e.add("lat", "not_a_coordinate");
        }
        if self
            .category
            .as_deref()
            .is_some_and(|c| !crate::api::is_category_code(c))
        {
            e.add("category", "invalid_choice");
        }
        if self
            .source
            .as_deref()
            .is_some_and(|s| !matches!(s, "filed" | "court_delegated"))
        {
            e.add("source", "invalid_choice");
        }
    }
}

/// A dispute filed: its case number and where to track it.
#[derive(Serialize, ToSchema)]
pub struct FiledAnswer {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    pub track_url: String,
}

/// File a dispute (public: no account needed; or staff).
#[utoipa::path(
    operation_id = "dispute_file",
    post, path = "/api/v1/disputes", tag = "disputes", request_body = DisputeBody,
    description = "Rules the schema cannot state, answered with 422: `type` must be one of the district's types; the parties \
        must include an applicant and a respondent, and the applicant needs a name and a phone (to track the case); `lat` \
        and `lon` come together; `category` only from intake staff and must exist; `court_delegated` only from the court's staff.",
    security((), ("bearer" = [])),
    responses(
        (status = 201, description = "filed: a case of kind dispute", body = FiledAnswer),
        (status = 422, description = "validation_failed", body = ErrorBody),
        (status = 429, description = "too_many_requests: too many public submissions from this address (a setting; 10 in 10 minutes by default)", body = ErrorBody),
    )
)]
pub async fn file(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<DisputeBody>,
) -> Result<Response, AppError> {
    let principal = match &staff {
        Some(s) => Principal::Staff(s.principal(&addr)),
        None => Principal::resident(addr.0.clone()),
    };
    let req = FileRequest {
        dispute_type: body.dispute_type,
        parties: party_inputs(body.parties),
        amount: body.amount,
        address: body.address,
        lat: body.lat.map(|v| v.to_string()).unwrap_or_default(),
        lon: body.lon.map(|v| v.to_string()).unwrap_or_default(),
        facts: body.facts,
        claims: body.claims,
        category: body.category,
        source: body.source,
    };
    let case = gongzhi_app::dispute::file(&state.app, &principal, &req, CaseChannel::Api).await?;
    let answer = FiledAnswer {
        case_no: case.case_no.to_string(),
        track_url: format!("/track?case_no={}", case.case_no),
    };
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/disputes/{}", case.case_no),
        )],
        Json(answer),
    )
        .into_response())
}

/// What turning a case into a dispute adds.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConvertBody {
    #[serde(rename = "type")]
    #[schema(schema_with = type_schema)]
    pub dispute_type: String,
    #[schema(schema_with = parties_schema)]
    pub parties: Vec<PartyBody>,
    #[schema(schema_with = amount_opt)]
    pub amount: Option<String>,
    #[schema(schema_with = strings::text_2000)]
    pub claims: String,
}
impl Checked for ConvertBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !type_pattern_ok(&self.dispute_type) {
            e.add("type", "invalid_choice");
        }
        check_parties(e, &self.parties);
        if self.amount.as_deref().is_some_and(|a| !is_amount(a)) {
            e.add("amount", "not_money");
        }
        check_len(e, "claims", &self.claims, 2000);
    }
}

/// Turn an open case into a dispute (its history stays one).
#[utoipa::path(
    operation_id = "dispute_convert",
    post, path = "/api/v1/cases/{case_no}/dispute", tag = "disputes", request_body = ConvertBody,
    description = "422 when `type` is not one of the district's or the parties lack an applicant or a respondent.",
    params(("case_no" = String, Path, pattern = r"^[0-9]{14}$")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "the dispute", body = DisputeDetail),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
        (status = 409, description = "closed, merged, already_dispute, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn convert(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    ApiJson(body): ApiJson<ConvertBody>,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let req = ConvertRequest {
        dispute_type: body.dispute_type,
        parties: party_inputs(body.parties),
        amount: body.amount,
        claims: body.claims,
    };
    gongzhi_app::dispute::convert(&state.app, &p, &no, &req).await?;
    let view = gongzhi_app::dispute::visible(&state.app, &p, &no).await?;
    let detail = detail(&state, &view, shows_phones(&staff, &view)).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/disputes/{no}"))],
        Json(detail),
    )
        .into_response())
}

/// A party as shown.
#[derive(Serialize, ToSchema)]
pub struct PartyItem {
    #[schema(schema_with = role_schema)]
    pub role: String,
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    pub name: String,
    /// Masked (`139****5678`) unless the viewer is the dispute's mediator or calls residents.
    pub phone: String,
}

/// A session as shown. Private notes only to the mediator (`null` to everyone else).
#[derive(Serialize, ToSchema)]
pub struct SessionItem {
    #[schema(schema_with = strings::uuid)]
    pub id: String,
    #[schema(schema_with = instant)]
    pub scheduled_at: String,
    #[schema(schema_with = mode_schema)]
    pub mode: String,
    pub place: String,
    pub video_link: String,
    pub minutes: String,
    pub private_applicant: Option<String>,
    pub private_respondent: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub held_at: Option<String>,
}

/// A term of an agreement.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermBody {
    #[schema(schema_with = strings::text_2000)]
    pub text: String,
    #[schema(schema_with = amount_opt)]
    pub amount: Option<String>,
    /// When it is to be performed (a Beijing date).
    #[schema(schema_with = date_opt)]
    pub due_date: Option<String>,
}
fn date_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(DUE_DATE_PATTERN))
        .description(Some("a date of the years 2000–2199"))
        .into()
}

/// A term's date: an agreement's obligations fall in this century or the next (`0000-01-01` is a date, not a term).
const DUE_DATE_PATTERN: &str = r"^2[01][0-9]{2}-[0-9]{2}-[0-9]{2}$";

/// A dispute's mediation record with its case's number, title and status.
#[derive(Serialize, ToSchema)]
pub struct DisputeDetail {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    pub title: String,
    /// The case's status on the spine.
    pub case_status: String,
    #[serde(rename = "type")]
    pub dispute_type: String,
    /// filed, converted or court_delegated.
    pub source: String,
    #[schema(schema_with = amount_opt)]
    pub amount: Option<String>,
    pub facts: String,
    pub claims: String,
    pub parties: Vec<PartyItem>,
    #[schema(schema_with = stage_schema)]
    pub stage: String,
    #[schema(schema_with = instant)]
    pub filed_at: String,
    #[schema(schema_with = urgency_opt)]
    pub urgency: Option<String>,
    pub risks: Vec<String>,
    #[schema(schema_with = complexity_opt)]
    pub complexity: Option<String>,
    #[schema(schema_with = channel_opt)]
    pub recommended: Option<String>,
    #[schema(schema_with = channel_opt)]
    pub channel: Option<String>,
    pub channel_reason: String,
    #[schema(schema_with = strings::uuid_opt)]
    pub mediator_id: Option<String>,
    pub mediator: Option<String>,
    #[schema(schema_with = strings::uuid_opt)]
    pub org_id: Option<String>,
    pub org: Option<String>,
    /// applicant (chose) or proposal (took the first proposal).
    pub chosen_by: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub consent_due_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub consented_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub mediation_due_at: Option<String>,
    pub extended_days: i64,
    /// The running clock (the respondent's answer, the mediation, the court's acceptance or ruling) has passed.
    pub overdue: bool,
    pub sessions: Vec<SessionItem>,
    #[schema(schema_with = instant_opt)]
    pub ended_at: Option<String>,
    #[schema(schema_with = failure_opt)]
    pub failure: Option<String>,
    pub failure_note: String,
    pub terms: Vec<TermBody>,
    /// The follow-up of each term's performance (人民调解法 art. 31), in the order of `terms`.
    pub performance: Vec<PerformanceItem>,
    pub agreement_text: String,
    /// Each party's signature of the agreement; it takes effect when both have signed (人民调解法 art. 29).
    #[schema(schema_with = instant_opt)]
    pub signed_by_applicant_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub signed_by_respondent_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub effective_at: Option<String>,
    /// The end of the 30 days to apply for judicial confirmation (from the agreement's effect; a holiday moves it).
    #[schema(schema_with = instant_opt)]
    pub confirmation_due_at: Option<String>,
    /// Each party's application; the joint application is made when both have applied.
    #[schema(schema_with = instant_opt)]
    pub applied_by_applicant_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub applied_by_respondent_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub confirmation_applied_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub confirmation_accept_due_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub confirmation_accepted_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub confirmation_rule_due_at: Option<String>,
    pub confirmation_extended: bool,
    #[schema(schema_with = instant_opt)]
    pub confirmation_ruled_at: Option<String>,
    pub court_no: String,
    #[schema(schema_with = instant_opt)]
    pub litigation_at: Option<String>,
    pub court_result: String,
    /// The public library: `published` or `withheld` once the editor reviewed it; none before.
    #[schema(schema_with = publication_opt)]
    pub publication: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub published_at: Option<String>,
    /// The anonymised text: the draft written when the mediation ended, or what was published.
    pub library_text: String,
    /// A party asked that the dispute not be published.
    pub withhold_asked: bool,
}

fn shows_phones(staff: &Staff, view: &DisputeView) -> bool {
    view.is_mediator || staff.session.user.roles.iter().any(|r| r.calls_residents())
}

pub(crate) async fn detail(
    state: &AppState,
    view: &DisputeView,
    phones: bool,
) -> Result<DisputeDetail, AppError> {
    let d = &view.dispute;
    let (mediator, org) = gongzhi_app::dispute::mediator_names(&state.app, d).await?;
    let now = state.now();
    Ok(DisputeDetail {
        case_no: view.case.case_no.to_string(),
        title: view.case.title.clone(),
        case_status: view.case.status.code().into(),
        dispute_type: d.dispute_type.clone(),
        source: d.source.clone(),
        amount: d.amount_fen.map(plain_yuan),
        facts: d.facts.clone(),
        claims: d.claims.clone(),
        parties: view
            .parties
            .iter()
            .map(|p| PartyItem {
                role: p.role.code().into(),
                kind: p.kind.code().into(),
                name: p.name.clone(),
                phone: if phones {
                    p.phone.clone()
                } else {
                    mask_phone(&p.phone)
                },
            })
            .collect(),
        stage: d.stage.code().into(),
        filed_at: iso(d.filed_at),
        urgency: d.urgency.map(|u| u.code().into()),
        risks: d.risks.iter().map(|r| r.code().into()).collect(),
        complexity: d.complexity.map(|c| c.code().into()),
        recommended: d.recommended.map(|c| c.code().into()),
        channel: d.channel.map(|c| c.code().into()),
        channel_reason: d.channel_reason.clone(),
        mediator_id: d.mediator_id.map(|m| m.to_string()),
        mediator,
        org_id: d.org_id.map(|o| o.to_string()),
        org,
        chosen_by: d.chosen_by.map(|c| c.code().into()),
        consent_due_at: d.consent_due_at.map(iso),
        consented_at: d.consented_at.map(iso),
        mediation_due_at: d.mediation_due_at.map(iso),
        extended_days: d.extended_days,
        overdue: gongzhi_domain::dispute::overdue(d, now),
        sessions: view
            .sessions
            .iter()
            .map(|s| SessionItem {
                id: s.id.clone(),
                scheduled_at: iso(s.scheduled_at),
                mode: s.mode.code().into(),
                place: s.place.clone(),
                video_link: s.video_link.clone(),
                minutes: s.minutes.clone(),
                private_applicant: view.is_mediator.then(|| s.private_applicant.clone()),
                private_respondent: view.is_mediator.then(|| s.private_respondent.clone()),
                held_at: s.held_at.map(iso),
            })
            .collect(),
        ended_at: d.ended_at.map(iso),
        failure: d.failure.map(|f| f.code().into()),
        failure_note: d.failure_note.clone(),
        terms: d
            .terms
            .iter()
            .map(|t| TermBody {
                text: t.text.clone(),
                amount: t.amount_fen.map(plain_yuan),
                due_date: t.due_date.clone(),
            })
            .collect(),
        performance: {
            let today = gongzhi_domain::calendar::local_date(now).to_string();
            d.terms
                .iter()
                .enumerate()
                .map(|(i, t)| PerformanceItem {
                    term: i as i64,
                    performed_at: t.performed_at.map(iso),
                    followed_up_at: t.followed_up_at.map(iso),
                    note: t.follow_up_note.clone(),
                    overdue: t.overdue(&today),
                })
                .collect()
        },
        agreement_text: d.agreement_text.clone(),
        signed_by_applicant_at: d.signed_by_applicant_at.map(iso),
        signed_by_respondent_at: d.signed_by_respondent_at.map(iso),
        effective_at: d.effective_at.map(iso),
        confirmation_due_at: gongzhi_domain::dispute::confirmation_deadline(
            d,
            &*gongzhi_app::cases::calendar(&state.app).await?,
        )
        .map(iso),
        applied_by_applicant_at: d.applied_by_applicant_at.map(iso),
        applied_by_respondent_at: d.applied_by_respondent_at.map(iso),
        confirmation_applied_at: d.confirmation_applied_at.map(iso),
        confirmation_accept_due_at: d.confirmation_accept_due_at.map(iso),
        confirmation_accepted_at: d.confirmation_accepted_at.map(iso),
        confirmation_rule_due_at: d.confirmation_rule_due_at.map(iso),
        confirmation_extended: d.confirmation_extended,
        confirmation_ruled_at: d.confirmation_ruled_at.map(iso),
        court_no: d.court_no.clone(),
        litigation_at: d.litigation_at.map(iso),
        court_result: d.court_result.clone(),
        publication: d.publication.map(|p| p.code().to_owned()),
        published_at: d.published_at.map(iso),
        library_text: d.library_text.clone(),
        withhold_asked: d.withhold_asked,
    })
}

/// Fen as the API's yuan string: `350000` → `"3500.00"` (no grouping).
pub fn plain_yuan(fen: i64) -> String {
    format_yuan(fen).replace(',', "")
}

/// One dispute.
#[utoipa::path(
    operation_id = "dispute_read",
    get, path = "/api/v1/disputes/{case_no}", tag = "disputes",
    params(("case_no" = String, Path, pattern = r"^[0-9]{14}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the dispute", body = DisputeDetail),
        (status = 404, description = "no such dispute, or not yours to see", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    let view = gongzhi_app::dispute::visible(&state.app, &staff.principal(&addr), &no).await?;
    Ok(Json(detail(&state, &view, shows_phones(&staff, &view)).await?).into_response())
}

/// A dispute type.
#[derive(Serialize, ToSchema)]
pub struct DisputeType {
    pub code: String,
    pub name: String,
    /// The professional field whose body takes these ("" for none).
    pub field: String,
}

/// The dispute types (data).
#[derive(Serialize, ToSchema)]
pub struct DisputeTypes {
    pub items: Vec<DisputeType>,
}

/// The district's dispute types.
#[utoipa::path(
    operation_id = "dispute_types",
    get, path = "/api/v1/dispute-types", tag = "disputes",
    security((), ("bearer" = [])),
    responses((status = 200, description = "the types, in order", body = DisputeTypes))
)]
pub async fn types(State(state): State<AppState>) -> Result<Response, AppError> {
    let items = state
        .reads
        .dispute_types()
        .await?
        .into_iter()
        .map(|(code, name, field)| DisputeType { code, name, field })
        .collect();
    Ok(Json(DisputeTypes { items }).into_response())
}

/// A mediator with their organisation, load and record.
#[derive(Serialize, ToSchema)]
pub struct MediatorItem {
    #[schema(schema_with = strings::uuid)]
    pub id: String,
    pub name: String,
    #[schema(schema_with = strings::uuid)]
    pub org_id: String,
    pub org: String,
    /// peoples, professional or lawyer.
    pub category: String,
    /// The street the organisation serves (`null`: the whole district).
    #[schema(schema_with = strings::uuid_opt)]
    pub street_id: Option<String>,
    /// The dispute types taken (empty: every type).
    pub types: Vec<String>,
    /// Mediations open now.
    pub load: i64,
    pub ended: i64,
    pub settled: i64,
    pub median_days: Option<i64>,
    /// Mean party rating ×100 (1–5 stars).
    pub rating_x100: Option<i64>,
    pub ratings: i64,
}

fn mediator_item(c: &Candidate) -> MediatorItem {
    MediatorItem {
        id: c.user_id.to_string(),
        name: c.name.clone(),
        org_id: c.org_id.to_string(),
        org: c.org_name.clone(),
        category: c.category.code().into(),
        street_id: c.street_id.map(|s| s.to_string()),
        types: c.fields.clone(),
        load: c.load,
        ended: c.ended,
        settled: c.settled,
        median_days: c.median_days,
        rating_x100: c.rating_x100,
        ratings: c.ratings,
    }
}

/// Mediators.
#[derive(Serialize, ToSchema)]
pub struct MediatorList {
    pub items: Vec<MediatorItem>,
}

/// The mediators directory: everyone, or those who take a type (`type`) and serve a street (`street`, its unit id).
#[utoipa::path(
    operation_id = "mediators",
    get, path = "/api/v1/mediators", tag = "disputes",
    params(
        ("type" = Option<String>, Query, pattern = r"^[a-z][a-z_]{0,31}$"),
        ("street" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
    ),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "mediators, by name", body = MediatorList),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn mediators(
    State(state): State<AppState>,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let ty = query.0.get("type").map(String::as_str);
    if ty.is_some_and(|t| !type_pattern_ok(t)) {
        e.add("type", "invalid_choice");
    }
    let street = match query.0.get("street") {
        None => None,
        Some(s) => match parse_uuid(s).and_then(|u| UnitId::parse(&u.to_string())) {
            Some(u) => Some(u),
            None => {
                e.add("street", "invalid");
                None
            }
        },
    };
    if query
        .0
        .keys()
        .any(|k| !matches!(k.as_str(), "type" | "street"))
    {
        e.add("query", "unknown_field");
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found = gongzhi_app::dispute::mediators(&state.app, ty, street).await?;
    Ok(Json(MediatorList {
        items: found.iter().map(mediator_item).collect(),
    })
    .into_response())
}

/// The recommendation for a dispute and the mediators proposed, best first.
#[derive(Serialize, ToSchema)]
pub struct ProposalList {
    /// The channel confirmed at evaluation, else the one recommended from what is known now.
    #[schema(schema_with = channel_opt)]
    pub channel: Option<String>,
    /// Disputes of this type that ended, with an agreement, and the median days to the end.
    pub similar_ended: i64,
    pub similar_settled: i64,
    pub similar_median_days: Option<f64>,
    pub items: Vec<ProposalItem>,
}

/// A proposed mediator with the score and what made it.
#[derive(Serialize, ToSchema)]
pub struct ProposalItem {
    pub mediator: MediatorItem,
    pub score: i64,
    /// channel, field, area, record, light_load.
    pub reasons: Vec<String>,
}

/// The mediators proposed for a dispute.
#[utoipa::path(
    operation_id = "dispute_proposals",
    get, path = "/api/v1/disputes/{case_no}/proposals", tag = "disputes",
    params(("case_no" = String, Path, pattern = r"^[0-9]{14}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the proposal", body = ProposalList),
        (status = 404, description = "no such dispute, or not yours to see", body = ErrorBody),
    )
)]
pub async fn proposals(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    let view = gongzhi_app::dispute::visible(&state.app, &staff.principal(&addr), &no).await?;
    let d = &view.dispute;
    let similar = state
        .reads
        .similar_disputes(&d.dispute_type, d.channel)
        .await?;
    let items = gongzhi_app::dispute::proposals(&state.app, d, 10).await?;
    Ok(Json(ProposalList {
        channel: d.channel.map(|c| c.code().into()),
        similar_ended: similar.ended,
        similar_settled: similar.settled,
        similar_median_days: similar.median_days,
        items: items
            .iter()
            .map(|p| ProposalItem {
                mediator: mediator_item(&p.candidate),
                score: p.score,
                reasons: p.reasons.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
    })
    .into_response())
}

/// Declares a step route: its body, how the body becomes a `Step`, and its documentation.
macro_rules! step_route {
    ($fn:ident, $path:literal, $body:ty, $doc:literal, $refusals:literal, |$b:ident| $step:expr) => {
        #[doc = $doc]
        #[utoipa::path(
            operation_id = concat!("dispute_", stringify!($fn)),
            post, path = $path, tag = "disputes", request_body = $body,
            params(("case_no" = String, Path, pattern = r"^[0-9]{14}$")),
            security(("bearer" = [])),
            responses(
                (status = 200, description = "done", body = DisputeDetail),
                (status = 403, description = "forbidden, not_the_mediator, court_only", body = ErrorBody),
                (status = 404, description = "no such dispute, or not yours to see", body = ErrorBody),
                (status = 409, description = $refusals, body = ErrorBody),
                (status = 422, description = "validation_failed", body = ErrorBody),
            )
        )]
        pub async fn $fn(State(state): State<AppState>, staff: Staff, addr: ClientAddr, Path(no): Path<String>, ApiJson($b): ApiJson<$body>) -> Result<Response, AppError> {
            let view = gongzhi_app::dispute::step(&state.app, &staff.principal(&addr), &no, $step).await?;
            Ok(Json(detail(&state, &view, shows_phones(&staff, &view)).await?).into_response())
        }
    };
}

/// The evaluation: urgency, risks, complexity; the channel confirmed (the recommendation when absent).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationBody {
    #[schema(schema_with = urgency_schema)]
    pub urgency: String,
    #[schema(schema_with = risks_schema)]
    pub risks: Option<Vec<String>>,
    #[schema(schema_with = complexity_schema)]
    pub complexity: String,
    #[schema(schema_with = channel_opt)]
    pub channel: Option<String>,
    /// Required when `channel` differs from the recommendation.
    #[schema(schema_with = strings::optional_text_2000)]
    pub reason: Option<String>,
}
impl Checked for EvaluationBody {
    fn check(&self, e: &mut ValidationErrors) {
        if Urgency::parse(&self.urgency).is_none() {
            e.add("urgency", "invalid_choice");
        }
        if Complexity::parse(&self.complexity).is_none() {
            e.add("complexity", "invalid_choice");
        }
        if self
            .risks
            .iter()
            .flatten()
            .any(|r| Risk::parse(r).is_none())
            || self.risks.as_ref().is_some_and(|r| r.len() > 4)
        {
            e.add("risks", "invalid_choice");
        }
        if self
            .channel
            .as_deref()
            .is_some_and(|c| Channel::parse(c).is_none())
        {
            e.add("channel", "invalid_choice");
        }
        check_len(e, "reason", self.reason.as_deref().unwrap_or(""), 2000);
    }
}

/// The mediator chosen, or none to take the first proposal.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediationBody {
    #[schema(schema_with = strings::uuid_opt)]
    pub mediator_id: Option<String>,
}
impl Checked for MediationBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self
            .mediator_id
            .as_deref()
            .is_some_and(|m| parse_uuid(m).is_none())
        {
            e.add("mediator_id", "unknown_mediator");
        }
    }
}

/// The respondent's answer.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    pub agrees: bool,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for ConsentBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// A session to schedule: in person (with a place) or by video (with a link).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    #[schema(schema_with = instant)]
    pub scheduled_at: String,
    #[schema(schema_with = mode_schema)]
    pub mode: String,
    #[schema(schema_with = strings::optional_text_500)]
    pub place: Option<String>,
    #[schema(schema_with = strings::optional_text_500)]
    pub video_link: Option<String>,
}
impl Checked for SessionBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.scheduled_at.parse::<jiff::Timestamp>().is_err() {
            e.add("scheduled_at", "not_a_date");
        }
        if SessionMode::parse(&self.mode).is_none() {
            e.add("mode", "invalid_choice");
        }
        check_len(e, "place", self.place.as_deref().unwrap_or(""), 500);
        check_len(
            e,
            "video_link",
            self.video_link.as_deref().unwrap_or(""),
            500,
        );
    }
}

/// What happened at a session: minutes for the parties, and each side's private notes for the mediator.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesBody {
    #[schema(schema_with = strings::text_4000)]
    pub minutes: String,
    #[schema(schema_with = strings::optional_text_2000)]
    pub private_applicant: Option<String>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub private_respondent: Option<String>,
}
impl Checked for MinutesBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "minutes", &self.minutes, 4000);
        check_len(
            e,
            "private_applicant",
            self.private_applicant.as_deref().unwrap_or(""),
            2000,
        );
        check_len(
            e,
            "private_respondent",
            self.private_respondent.as_deref().unwrap_or(""),
            2000,
        );
    }
}

/// More time, with both parties' consent.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionBody {
    #[schema(minimum = 1, maximum = 30)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub days: i64,
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for ExtensionBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !(1..=30).contains(&self.days) {
            e.add("days", "out_of_range");
        }
        check_len(e, "note", &self.note, 2000);
    }
}

/// The agreement: its terms (at least one) and the text.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementBody {
    #[schema(schema_with = terms_schema)]
    pub terms: Vec<TermBody>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub text: Option<String>,
}
fn terms_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::ArrayBuilder;
    ArrayBuilder::new()
        .items(utoipa::openapi::Ref::from_schema_name("TermBody"))
        .min_items(Some(1))
        .max_items(Some(50))
        .into()
}
impl Checked for AgreementBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.terms.is_empty() || self.terms.len() > 50 {
            e.add(
                "terms",
                if self.terms.is_empty() {
                    "no_terms"
                } else {
                    "too_many"
                },
            );
        }
        for (i, t) in self.terms.iter().enumerate() {
            if t.text.chars().count() > 2000 {
                e.add_named(format!("terms[{i}].text"), "too_long");
            }
            if t.amount.as_deref().is_some_and(|a| !is_amount(a)) {
                e.add_named(format!("terms[{i}].amount"), "not_money");
            }
            if t.due_date
                .as_deref()
                .is_some_and(|d| parse_date(d).is_none_or(|p| !(2000..=2199).contains(&p.year())))
            {
                e.add_named(format!("terms[{i}].due_date"), "not_a_date");
            }
        }
        check_len(e, "text", self.text.as_deref().unwrap_or(""), 2000);
    }
}

/// Why the mediation ended without an agreement.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureBody {
    #[schema(schema_with = failure_schema)]
    pub reason: String,
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for FailureBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(
            self.reason.as_str(),
            "no_agreement" | "timed_out" | "withdrawn"
        ) {
            e.add("reason", "invalid_choice");
        }
        check_len(e, "note", &self.note, 2000);
    }
}

/// A step of judicial confirmation: a party applies (through the mediator or staff); the court accepts or refuses,
/// extends once, and confirms or not.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationBody {
    #[schema(schema_with = confirmation_step)]
    pub step: String,
    /// For `apply`: which party applies (each applies; the application is made when both have).
    #[schema(schema_with = signing_party_opt)]
    pub party: Option<String>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
fn confirmation_step() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        [
            "apply",
            "accept",
            "refuse",
            "extend",
            "confirm",
            "not_confirm",
        ],
        false,
        "apply (a party); accept, refuse, extend, confirm, not_confirm (the court)",
    )
}
fn signing_party() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["applicant", "respondent"],
        false,
        "applicant or respondent",
    )
}
fn signing_party_opt() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(["applicant", "respondent"], true, "applicant or respondent")
}

/// How a term of the agreement is being performed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PerformanceItem {
    /// The term's index in `terms` (0-based).
    pub term: i64,
    #[schema(schema_with = instant_opt)]
    pub performed_at: Option<String>,
    /// The last follow-up that found it not yet performed.
    #[schema(schema_with = instant_opt)]
    pub followed_up_at: Option<String>,
    pub note: String,
    /// Not performed and its day has passed.
    pub overdue: bool,
}

/// A follow-up of a term's performance (回访).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerformanceBody {
    /// The term's index in `terms` (0-based).
    #[schema(minimum = 0, maximum = 49)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub term: i64,
    /// `true`: performed; `false`: not yet (say what was said in `note`).
    pub performed: bool,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for PerformanceBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !(0..50).contains(&self.term) {
            e.add("term", "invalid_choice");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// The editor's review of an ended dispute for the public library.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationBody {
    /// `true` publishes, `false` withholds (or takes down).
    pub publish: bool,
    /// The edited text to publish (anonymised again); the draft when absent.
    #[schema(schema_with = strings::optional_text_1000)]
    pub text: Option<String>,
    /// Why it is withheld.
    #[schema(schema_with = publication_reason)]
    pub reason: Option<String>,
}
impl Checked for PublicationBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "text", self.text.as_deref().unwrap_or(""), 1000);
        if self
            .reason
            .as_deref()
            .is_some_and(|r| !matches!(r, "editor" | "party_asked"))
        {
            e.add("reason", "invalid_choice");
        }
    }
}

/// A party's signature of the recorded agreement.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureBody {
    #[schema(schema_with = signing_party)]
    pub party: String,
}
impl Checked for SignatureBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(self.party.as_str(), "applicant" | "respondent") {
            e.add("party", "invalid_choice");
        }
    }
}

impl Checked for ConfirmationBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self
            .party
            .as_deref()
            .is_some_and(|p| !matches!(p, "applicant" | "respondent"))
        {
            e.add("party", "invalid_choice");
        }
        if !matches!(
            self.step.as_str(),
            "apply" | "accept" | "refuse" | "extend" | "confirm" | "not_confirm"
        ) {
            e.add("step", "invalid_choice");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// A step of litigation: the file goes to the court; the court registers it (its case number) and returns the result.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LitigationBody {
    pub step: String,
    /// The court's case number (required to register). Outer `None`: absent; `Some(None)`: sent as null.
    #[serde(default, deserialize_with = "present")]
    pub court_no: Option<Option<String>>,
    /// The court's result (required with `result`).
    #[serde(default, deserialize_with = "present")]
    pub result: Option<Option<String>>,
}

/// A field that was sent (even as null), told apart from one that was not.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(Option::deserialize(d)?))
}

/// One shape per step, so the document states what each step requires: `file` nothing more, `register` the court's
/// case number, `result` the result.
impl utoipa::PartialSchema for LitigationBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder};
        let shape = |step: &str,
                     field: Option<(
            &str,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>| {
            let mut o = ObjectBuilder::new()
                .property("step", codes_schema([step], false, step))
                .required("step")
                .additional_properties(Some(AdditionalProperties::FreeForm(false)));
            if let Some((name, schema)) = field {
                o = o.property(name, schema).required(name);
            }
            o.build()
        };
        OneOfBuilder::new()
            .description(Some("file (mediator or staff); register with the court's case number, result with the result (the court)"))
            .item(shape("file", None))
            .item(shape("register", Some(("court_no", strings::text_50()))))
            .item(shape("result", Some(("result", strings::text_2000()))))
            .into()
    }
}
impl utoipa::ToSchema for LitigationBody {}
impl Checked for LitigationBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(self.step.as_str(), "file" | "register" | "result") {
            e.add("step", "invalid_choice");
        }
        // Each step takes its own field only (the document's one shape per step).
        if self.court_no.is_some() && self.step != "register" {
            e.add("court_no", "unknown_field");
        }
        if self.result.is_some() && self.step != "result" {
            e.add("result", "unknown_field");
        }
        check_len(
            e,
            "court_no",
            self.court_no.clone().flatten().as_deref().unwrap_or(""),
            50,
        );
        check_len(
            e,
            "result",
            self.result.clone().flatten().as_deref().unwrap_or(""),
            2000,
        );
    }
}

step_route!(
    evaluation,
    "/api/v1/disputes/{case_no}/evaluation",
    EvaluationBody,
    "评估: urgency, risks and complexity; the system recommends a channel, the evaluator confirms it or gives a reason for another.",
    "wrong_stage, stale",
    |b| Step::Evaluate(EvaluateRequest {
        urgency: b.urgency,
        risks: b.risks.unwrap_or_default(),
        complexity: b.complexity,
        channel: b.channel,
        reason: b.reason.unwrap_or_default()
    })
);
step_route!(
    mediation,
    "/api/v1/disputes/{case_no}/mediation",
    MediationBody,
    "Choose the organisation and mediator (by the mediator's id), or take the first proposal; the respondent is told and has days to answer.",
    "wrong_stage, no_mediator, stale",
    |b| Step::Mediation {
        mediator_id: b.mediator_id
    }
);
step_route!(
    consent,
    "/api/v1/disputes/{case_no}/consent",
    ConsentBody,
    "The respondent's answer: consent starts the mediation's time limit; declining ends mediation (the court path stays open).",
    "wrong_stage, stale",
    |b| Step::Consent {
        agrees: b.agrees,
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    session,
    "/api/v1/disputes/{case_no}/sessions",
    SessionBody,
    "Schedule a session (the mediator): in person with a place, or by video with a link, within a year.",
    "wrong_stage, stale",
    |b| Step::Schedule {
        scheduled_at: crate::api::millis(&b.scheduled_at),
        mode: b.mode,
        place: b.place.unwrap_or_default(),
        video_link: b.video_link.unwrap_or_default()
    }
);
step_route!(
    extension,
    "/api/v1/disputes/{case_no}/extension",
    ExtensionBody,
    "More time with both parties' consent (the mediator); all extensions together at most 30 days.",
    "wrong_stage, stale",
    |b| Step::Extend {
        days: b.days,
        note: b.note
    }
);
step_route!(
    agreement,
    "/api/v1/disputes/{case_no}/agreement",
    AgreementBody,
    "The agreement both parties confirmed (the mediator): terms with amounts and dates.",
    "wrong_stage, stale",
    |b| Step::Agreement {
        terms: b
            .terms
            .into_iter()
            .map(|t| TermInput {
                text: t.text,
                amount: t.amount,
                due_date: t.due_date
            })
            .collect(),
        text: b.text.unwrap_or_default()
    }
);
step_route!(
    failure,
    "/api/v1/disputes/{case_no}/failure",
    FailureBody,
    "Mediation ended without an agreement: no agreement or out of time (the mediator), or withdrawn.",
    "wrong_stage, stale",
    |b| Step::Failure {
        reason: b.reason,
        note: b.note
    }
);
step_route!(
    confirmation,
    "/api/v1/disputes/{case_no}/confirmation",
    ConfirmationBody,
    "司法确认: both parties apply (`party`, each once) within 30 days of the agreement's taking effect (人民调解法 art. 33, 民事诉讼法 art. 205; the last day moved past a holiday, art. 85); the application is made when both have applied, then the court accepts within 3 days and rules within 15 (+10 once).",
    "wrong_stage, agreement_not_effective, not_a_party, already_done, confirmation_too_late, ruling_extension_used, stale",
    |b| Step::Confirmation {
        step: b.step,
        party: b.party.unwrap_or_default(),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    signature,
    "/api/v1/disputes/{case_no}/signature",
    SignatureBody,
    "A party signed the recorded agreement (the mediator records it); the agreement takes effect when both parties have signed (人民调解法 art. 29).",
    "wrong_stage, not_a_party, already_done, stale",
    |b| Step::Signature { party: b.party }
);
step_route!(
    performance,
    "/api/v1/disputes/{case_no}/performance",
    PerformanceBody,
    "A follow-up of the agreement's performance (回访): the mediator records that a term was performed, or that it is not yet and what was said (人民调解法 art. 31: the committee supervises performance). Only for an agreement in effect.",
    "wrong_stage, agreement_not_effective, no_such_term, already_done, stale",
    |b| Step::Performance {
        term: b.term,
        performed: b.performed,
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    publication,
    "/api/v1/disputes/{case_no}/publication",
    PublicationBody,
    "The public library's editor (the dispute's mediator or a mediator of its organisation) publishes an ended dispute's anonymised text, perhaps edited (anonymised again), or withholds it. Only published entries are in the library; a dispute the respondent declined or never answered is not published (人民调解法 art. 17), nor one a party asked to withhold.",
    "not_ended, not_publishable, withhold_asked, stale",
    |b| Step::Publication {
        publish: b.publish,
        text: b.text,
        party_asked: b.reason.as_deref() == Some("party_asked")
    }
);
step_route!(
    litigation,
    "/api/v1/disputes/{case_no}/litigation",
    LitigationBody,
    "诉讼: the whole file goes to the court after a failed mediation, a refused confirmation or a referral; the court's number and result come back.",
    "wrong_stage, stale",
    |b| Step::Litigation {
        step: b.step,
        court_no: b.court_no.flatten().unwrap_or_default(),
        result: b.result.flatten().unwrap_or_default()
    }
);

/// Record a session's minutes (the mediator).
#[utoipa::path(
    operation_id = "dispute_minutes",
    post, path = "/api/v1/disputes/{case_no}/sessions/{session_id}/minutes", tag = "disputes", request_body = MinutesBody,
    params(("case_no" = String, Path, pattern = r"^[0-9]{14}$"), ("session_id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "done", body = DisputeDetail),
        (status = 403, description = "not_the_mediator", body = ErrorBody),
        (status = 404, description = "no such dispute or session, or not yours to see", body = ErrorBody),
        (status = 409, description = "wrong_stage, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn minutes(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((no, session)): Path<(String, String)>,
    ApiJson(b): ApiJson<MinutesBody>,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let view = gongzhi_app::dispute::visible(&state.app, &p, &no).await?;
    if !view.sessions.iter().any(|s| s.id == session) {
        return Err(AppError::NotFound);
    }
    let step = Step::Minutes {
        session_id: session,
        minutes: b.minutes,
        private_applicant: b.private_applicant.unwrap_or_default(),
        private_respondent: b.private_respondent.unwrap_or_default(),
    };
    let view = gongzhi_app::dispute::step(&state.app, &p, &no, step).await?;
    Ok(Json(detail(&state, &view, shows_phones(&staff, &view)).await?).into_response())
}
