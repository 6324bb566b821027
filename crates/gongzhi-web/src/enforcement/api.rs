//! The enforcement JSON API: open, list, read, one route per stage with its own body, and the measured results.
//! Money and areas are exact integers: fen (1 yuan = 100 fen) and hundredths of a square metre.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_app::enforcement::{OpenRequest, Step};
use gongzhi_domain::calendar::Calendar;
use gongzhi_domain::enforcement::{self, EnforcementCase};
use gongzhi_domain::validation::ValidationErrors;

use crate::api::{
    ApiJson, Checked, ErrorBody, check_len, codes_schema, instant, instant_opt, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/enforcement", post(open).get(list))
        .route("/api/v1/enforcement/results", get(results))
        .route("/api/v1/enforcement/{enforcement_no}", get(read))
        .route("/api/v1/enforcement/{enforcement_no}/file", post(file))
        .route(
            "/api/v1/enforcement/{enforcement_no}/evidence",
            post(evidence),
        )
        .route("/api/v1/enforcement/{enforcement_no}/notify", post(notify))
        .route(
            "/api/v1/enforcement/{enforcement_no}/hearing",
            post(hearing),
        )
        .route("/api/v1/enforcement/{enforcement_no}/review", post(review))
        .route("/api/v1/enforcement/{enforcement_no}/decide", post(decide))
        .route("/api/v1/enforcement/{enforcement_no}/extend", post(extend))
        .route("/api/v1/enforcement/{enforcement_no}/serve", post(serve))
        .route(
            "/api/v1/enforcement/{enforcement_no}/payment",
            post(payment),
        )
        .route(
            "/api/v1/enforcement/{enforcement_no}/execute",
            post(execute),
        )
        .route("/api/v1/enforcement/{enforcement_no}/close", post(close))
        .route(
            "/api/v1/enforcement/{enforcement_no}/compulsion",
            post(compulsion),
        )
        .route(
            "/api/v1/enforcement/{enforcement_no}/challenge",
            post(challenge),
        )
        .route(
            "/api/v1/enforcement/{enforcement_no}/publish",
            post(publish),
        )
}

/// The public's routes: the published decisions.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/api/v1/enforcement/published", get(published))
}

fn penalty_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::powers::Penalty::ALL
            .iter()
            .map(|p| p.code()),
        false,
        "warning, fine, confiscation, correction, demolition, suspension (责令停产停业/关闭/限制从业), revocation (吊销/降低资质)",
    )
}
fn penalty_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::powers::Penalty::ALL
            .iter()
            .map(|p| p.code()),
        true,
        "the penalty",
    )
}
fn stage_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::enforcement::Stage::ALL
            .iter()
            .map(|s| s.code()),
        false,
        "proposed → investigation → notified → decided → executed → closed, or dropped",
    )
}

fn procedure_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["general", "simple"],
        false,
        "general, or simple (decided on the spot: 行政处罚法 arts. 51–52)",
    )
}
fn ruling_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::enforcement::Ruling::ALL
            .iter()
            .map(|r| r.code()),
        false,
        "penalty, no_penalty (不予行政处罚), transfer (移送) or order (责令改正/责令限期拆除 alone)",
    )
}
fn ruling_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::enforcement::Ruling::ALL
            .iter()
            .map(|r| r.code()),
        true,
        "the decision's outcome",
    )
}
fn hearing_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::enforcement::Hearing::ALL
            .iter()
            .map(|h| h.code()),
        false,
        "none → offered → requested → scheduled → held, or waived",
    )
}
fn hearing_step_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["request", "waive", "notice", "held"],
        false,
        "request (within 5 working days of the notice), waive, notice (7 working days ahead, a non-investigator presiding), held (with the record)",
    )
}

/// An enforcement case as staff see it.
#[derive(Serialize, ToSchema)]
pub struct EnforcementDetail {
    #[schema(pattern = r"^E[0-9]{12}$")]
    pub enforcement_no: String,
    #[schema(schema_with = strings::uuid)]
    pub street_id: String,
    pub power_code: String,
    pub power_version: i64,
    pub source: String,
    pub source_ref: String,
    pub party_kind: String,
    pub party_name: String,
    pub party_address: String,
    pub facts: String,
    #[schema(schema_with = procedure_schema)]
    pub procedure: String,
    #[schema(schema_with = stage_schema)]
    pub stage: String,
    /// Complex or serious: decided in collective discussion after a legal review.
    pub complex: bool,
    #[schema(schema_with = instant)]
    pub opened_at: String,
    #[schema(schema_with = instant_opt)]
    pub filed_at: Option<String>,
    /// 90 days from filing (行政处罚法 art. 60), later when extended.
    #[schema(schema_with = instant_opt)]
    pub decision_due_at: Option<String>,
    pub extensions: i64,
    /// Decided after its deadline, or still undecided past it: a breach of art. 60 the case shows.
    pub late: bool,
    #[schema(schema_with = instant_opt)]
    pub notified_at: Option<String>,
    /// When the party's time to state a defence (or ask for a hearing) ends.
    #[schema(schema_with = instant_opt)]
    pub defence_due_at: Option<String>,
    #[schema(schema_with = hearing_schema)]
    pub hearing: String,
    /// When the days to ask for a hearing end.
    #[schema(schema_with = instant_opt)]
    pub hearing_due_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub hearing_at: Option<String>,
    #[schema(schema_with = strings::uuid_opt)]
    pub hearing_presided_by: Option<String>,
    pub hearing_record: String,
    #[schema(schema_with = penalty_opt_schema)]
    pub proposed_kind: Option<String>,
    pub proposed_fine_fen: Option<i64>,
    pub proposed_confiscated_fen: Option<i64>,
    /// The grade of the circumstances under the power's discretion standard, where it has one.
    #[schema(schema_with = grade_opt_schema)]
    pub grade: Option<String>,
    /// The legal review (法制审核): approved or not.
    pub review_approved: Option<bool>,
    #[schema(schema_with = instant_opt)]
    pub reviewed_at: Option<String>,
    pub review_note: String,
    /// What the head may not decide before (defence_pending, hearing_pending, review_pending), if anything.
    pub waiting_for: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub decided_at: Option<String>,
    #[schema(schema_with = strings::uuid_opt)]
    pub decided_by: Option<String>,
    #[schema(schema_with = ruling_opt_schema)]
    pub ruling: Option<String>,
    pub transfer_to: String,
    pub collective: bool,
    #[schema(schema_with = penalty_opt_schema)]
    pub decision_kind: Option<String>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    /// When the decision was served on the party (送达).
    #[schema(schema_with = instant_opt)]
    pub served_at: Option<String>,
    /// When the fine is due: 15 days after service (art. 67).
    #[schema(schema_with = instant_opt)]
    pub payment_due_at: Option<String>,
    pub paid_fen: Option<i64>,
    /// The late penalty paid (3% of the fine a day late, at most the fine: art. 72).
    pub late_fen: i64,
    #[schema(schema_with = instant_opt)]
    pub paid_at: Option<String>,
    /// The order beside the decision (correction / demolition) and the end of its period.
    #[schema(schema_with = order_opt_schema)]
    pub order_kind: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub order_due_at: Option<String>,
    /// The 催告 (行政强制法 art. 35) and the end of its ten working days.
    #[schema(schema_with = instant_opt)]
    pub warned_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub warning_due_at: Option<String>,
    /// The 公告 before a forced demolition (art. 44) and the end of its period.
    #[schema(schema_with = instant_opt)]
    pub announced_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub announcement_due_at: Option<String>,
    /// When the party's time to ask for 复议 (60 days) and to sue (six months) ends, counted from service.
    #[schema(schema_with = instant_opt)]
    pub challenge_periods_end_at: Option<String>,
    #[schema(schema_with = challenge_opt_schema)]
    pub challenge: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub challenge_filed_at: Option<String>,
    #[schema(schema_with = outcome_opt_schema)]
    pub challenge_outcome: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub challenge_resolved_at: Option<String>,
    /// A decision with social impact, to publish within seven working days (行政处罚法 art. 48; 国办发〔2018〕118号).
    pub social_impact: bool,
    #[schema(schema_with = instant_opt)]
    pub publication_due_at: Option<String>,
    pub publication_late: bool,
    #[schema(schema_with = instant_opt)]
    pub published_at: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub publication_withdrawn_at: Option<String>,
    /// The execution was forced (强制执行).
    pub forced: bool,
    #[schema(schema_with = instant_opt)]
    pub executed_at: Option<String>,
    pub execution: String,
    #[schema(schema_with = instant_opt)]
    pub closed_at: Option<String>,
    pub removed_sqm_x100: i64,
    pub fine_collected_fen: i64,
    pub stalls_cleared: i64,
}

pub(super) fn detail(c: &EnforcementCase, now: i64, cal: &Calendar) -> EnforcementDetail {
    EnforcementDetail {
        enforcement_no: c.enforcement_no.clone(),
        street_id: c.street_id.to_string(),
        power_code: c.power_code.clone(),
        power_version: c.power_version,
        source: c.source.clone(),
        source_ref: c.source_ref.clone(),
        party_kind: c.party_kind.code().into(),
        party_name: c.party_name.clone(),
        party_address: c.party_address.clone(),
        facts: c.facts.clone(),
        procedure: c.procedure.code().into(),
        stage: c.stage.code().into(),
        complex: c.complex,
        opened_at: iso(c.opened_at),
        filed_at: c.filed_at.map(iso),
        decision_due_at: c.decision_due_at.map(iso),
        extensions: c.extensions,
        late: c.late(now),
        notified_at: c.notified_at.map(iso),
        defence_due_at: c.defence_due_at.map(iso),
        hearing: c.hearing.code().into(),
        hearing_due_at: c.hearing_due_at.map(iso),
        hearing_at: c.hearing_at.map(iso),
        hearing_presided_by: c.hearing_presided_by.map(|u| u.to_string()),
        hearing_record: c.hearing_record.clone(),
        proposed_kind: c.proposed_kind.map(|p| p.code().into()),
        proposed_fine_fen: c.proposed_fine_fen,
        proposed_confiscated_fen: c.proposed_confiscated_fen,
        grade: c.grade.map(|g| g.code().into()),
        review_approved: c.review_approved,
        reviewed_at: c.reviewed_at.map(iso),
        review_note: c.review_note.clone(),
        waiting_for: c.waiting_for(now).map(|w| w.code().to_owned()),
        decided_at: c.decided_at.map(iso),
        decided_by: c.decided_by.map(|u| u.to_string()),
        ruling: c.ruling.map(|r| r.code().into()),
        transfer_to: c.transfer_to.clone(),
        collective: c.collective,
        decision_kind: c.decision_kind.map(|p| p.code().into()),
        fine_fen: c.fine_fen,
        confiscated_fen: c.confiscated_fen,
        served_at: c.served_at.map(iso),
        payment_due_at: c.payment_due_at.map(iso),
        paid_fen: c.paid_fen,
        late_fen: c.late_fen,
        paid_at: c.paid_at.map(iso),
        order_kind: c.order_kind.map(|p| p.code().into()),
        order_due_at: c.order_due_at.map(iso),
        warned_at: c.warned_at.map(iso),
        warning_due_at: c.warning_due_at.map(iso),
        announced_at: c.announced_at.map(iso),
        announcement_due_at: c.announcement_due_at.map(iso),
        challenge_periods_end_at: enforcement::challenge_periods_end(c, cal).map(iso),
        challenge: c.challenge.map(|k| k.code().into()),
        challenge_filed_at: c.challenge_filed_at.map(iso),
        challenge_outcome: c.challenge_outcome.map(|k| k.code().into()),
        challenge_resolved_at: c.challenge_resolved_at.map(iso),
        social_impact: c.social_impact,
        publication_due_at: enforcement::publication_due(c, cal).map(iso),
        publication_late: enforcement::publication_late(c, cal, now),
        published_at: c.published_at.map(iso),
        publication_withdrawn_at: c.publication_withdrawn_at.map(iso),
        forced: c.forced,
        executed_at: c.executed_at.map(iso),
        execution: c.execution.clone(),
        closed_at: c.closed_at.map(iso),
        removed_sqm_x100: c.removed_sqm_x100,
        fine_collected_fen: c.fine_collected_fen,
        stalls_cleared: c.stalls_cleared,
    }
}

/// A case to open.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenBody {
    /// The power's code in the current catalogue (`GET /api/v1/powers`).
    #[schema(pattern = "^[A-Za-z0-9_-]{1,32}$")]
    pub power: String,
    #[schema(schema_with = source_schema)]
    pub source: String,
    /// The case number (source `case`) or whistle number (source `whistle`).
    #[schema(pattern = "^([0-9]{14}|W[0-9]{12})$")]
    pub source_ref: Option<String>,
    #[schema(schema_with = party_schema)]
    pub party_kind: String,
    #[schema(schema_with = strings::text_100)]
    pub party_name: String,
    /// The party's address, printed on the decision (行政处罚法 art. 59(一)).
    #[schema(schema_with = strings::optional_text_500)]
    pub party_address: Option<String>,
    #[schema(schema_with = strings::text_4000)]
    pub facts: String,
    /// `general` (the default) or `simple`: decided at once on the spot, within art. 51's limits (a warning, or a
    /// fine up to 20,000 fen for a person, 300,000 for an organisation), else 422 `simple_not_allowed`.
    #[schema(schema_with = procedure_opt_schema)]
    pub procedure: Option<String>,
    /// For the simple procedure: the penalty.
    #[schema(schema_with = penalty_opt_schema)]
    pub kind: Option<String>,
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub fine_fen: Option<i64>,
    /// For the simple procedure: the grade of the circumstances, where the power's discretion standard grades fines.
    #[schema(schema_with = grade_opt_schema)]
    pub grade: Option<String>,
    /// For the simple procedure: the party's statement and defence, heard on the spot (art. 52).
    #[schema(schema_with = strings::optional_text_2000)]
    pub statement: Option<String>,
    /// When the violation happened or ended (not after today): a violation found more than two years later (five
    /// for life, health or financial safety) is not filed (art. 36, 409 `limitation_expired`).
    #[schema(schema_with = strings::date_opt)]
    pub violation_on: Option<String>,
    pub safety_risk: Option<bool>,
}
fn procedure_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(["general", "simple"], true, "the procedure")
}
fn source_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["case", "whistle", "patrol"],
        false,
        "where the case came from",
    )
}
fn party_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["person", "organisation"],
        false,
        "whom the case is against",
    )
}
impl Checked for OpenBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.power.is_empty()
            || self.power.len() > 32
            || !self
                .power
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            e.add("power", "invalid_choice");
        }
        if !matches!(self.source.as_str(), "case" | "whistle" | "patrol") {
            e.add("source", "invalid_choice");
        }
        if let Some(r) = &self.source_ref {
            let ok = (r.len() == 14 && r.bytes().all(|b| b.is_ascii_digit()))
                || (r.len() == 13
                    && r.starts_with('W')
                    && r[1..].bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                e.add("source_ref", "invalid");
            }
        }
        if !matches!(self.party_kind.as_str(), "person" | "organisation") {
            e.add("party_kind", "invalid_choice");
        }
        check_len(e, "party_name", &self.party_name, 100);
        check_len(
            e,
            "party_address",
            self.party_address.as_deref().unwrap_or(""),
            500,
        );
        check_len(e, "facts", &self.facts, 4000);
        if self
            .procedure
            .as_deref()
            .is_some_and(|p| !matches!(p, "general" | "simple"))
        {
            e.add("procedure", "invalid_choice");
        }
        if self
            .kind
            .as_deref()
            .is_some_and(|k| gongzhi_domain::powers::Penalty::parse(k).is_none())
        {
            e.add("kind", "invalid_choice");
        }
        if self
            .fine_fen
            .is_some_and(|f| !(1..=10_000_000_000).contains(&f))
        {
            e.add("fine_fen", "out_of_range");
        }
        check_grade(e, &self.grade);
        check_len(
            e,
            "statement",
            self.statement.as_deref().unwrap_or(""),
            2000,
        );
        if self
            .violation_on
            .as_deref()
            .is_some_and(|d| d.parse::<jiff::civil::Date>().is_err())
        {
            e.add("violation_on", "not_a_date");
        }
    }
}

/// Open an enforcement case (a street's officers).
#[utoipa::path(
    operation_id = "enforcement_open",
    post, path = "/api/v1/enforcement", tag = "enforcement", request_body = OpenBody,
    description = "422 when the power is not in the current catalogue, or the case or whistle named in `source_ref` does not \
        exist or is not the caller's to see.",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "opened, waiting to be filed (or, by the simple procedure, decided)", body = EnforcementDetail),
        (status = 403, description = "not_the_street", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<OpenBody>,
) -> Result<Response, AppError> {
    let req = OpenRequest {
        power: body.power,
        source: body.source,
        source_ref: body.source_ref.unwrap_or_default(),
        party_kind: body.party_kind,
        party_name: body.party_name,
        party_address: body.party_address.unwrap_or_default(),
        facts: body.facts,
        procedure: body.procedure.unwrap_or_default(),
        kind: body.kind.unwrap_or_default(),
        fine_fen: body.fine_fen,
        grade: body.grade.unwrap_or_default(),
        statement: body.statement.unwrap_or_default(),
        violation_on: body.violation_on.unwrap_or_default(),
        safety_risk: body.safety_risk.unwrap_or(false),
    };
    let c = gongzhi_app::enforcement::open(&state.app, &staff.principal(&addr), &req).await?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/enforcement/{}", c.enforcement_no),
        )],
        Json(detail(
            &c,
            state.app.now(),
            &*gongzhi_app::cases::calendar(&state.app).await?,
        )),
    )
        .into_response())
}

/// One enforcement case.
#[utoipa::path(
    operation_id = "enforcement_read",
    get, path = "/api/v1/enforcement/{enforcement_no}", tag = "enforcement",
    params(("enforcement_no" = String, Path, pattern = r"^E[0-9]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the case", body = EnforcementDetail),
        (status = 404, description = "no such case, or not yours to see", body = ErrorBody),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    let (c, _) =
        gongzhi_app::enforcement::visible(&state.app, &staff.principal(&addr), &no).await?;
    let cal = gongzhi_app::cases::calendar(&state.app).await?;
    Ok(Json(detail(&c, state.app.now(), &cal)).into_response())
}

crate::api::paged_list! {
    /// A page of enforcement cases.
    EnforcementList of EnforcementDetail
}

/// The caller's street's cases (all, for the district's roles), newest first.
#[utoipa::path(
    operation_id = "enforcement_list",
    get, path = "/api/v1/enforcement", tag = "enforcement",
    params(("page" = Option<u32>, Query, minimum = 1, maximum = 100000), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "cases", body = EnforcementList),
        (status = 403, description = "not_the_street", body = ErrorBody),
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
    let page = crate::api::page_params(&mut e, &query.0, 20);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found = gongzhi_app::enforcement::list(&state.app, &staff.principal(&addr), page).await?;
    let cal = gongzhi_app::cases::calendar(&state.app).await?;
    Ok(Json(EnforcementList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .iter()
            .map(|c| detail(c, state.app.now(), &cal))
            .collect(),
    })
    .into_response())
}

macro_rules! step_route {
    ($fn:ident, $path:literal, $body:ty, $doc:literal, $conflicts:literal, |$b:ident| $step:expr) => {
        #[doc = $doc]
        #[utoipa::path(
                    operation_id = concat!("enforcement_", stringify!($fn)),
                    post, path = $path, tag = "enforcement", request_body = $body,
                    params(("enforcement_no" = String, Path, pattern = r"^E[0-9]{12}$")),
                    security(("bearer" = [])),
                    responses(
                        (status = 200, description = "done", body = EnforcementDetail),
                        (status = 403, description = "not_the_street, head_only, reviewer_only", body = ErrorBody),
                        (status = 404, description = "no such case", body = ErrorBody),
                        (status = 409, description = $conflicts, body = ErrorBody),
                        (status = 422, description = "validation_failed", body = ErrorBody),
                    )
                )]
        pub async fn $fn(
            State(state): State<AppState>,
            staff: Staff,
            addr: ClientAddr,
            Path(no): Path<String>,
            ApiJson($b): ApiJson<$body>,
        ) -> Result<Response, AppError> {
            let c = gongzhi_app::enforcement::step(&state.app, &staff.principal(&addr), &no, $step)
                .await?;
            let cal = gongzhi_app::cases::calendar(&state.app).await?;
            Ok(Json(detail(&c, state.app.now(), &cal)).into_response())
        }
    };
}

/// 立案: the team head files (or drops) the case.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileBody {
    pub approve: bool,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for FileBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// A note (evidence, closing).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnfNoteBody {
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for EnfNoteBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", &self.note, 2000);
    }
}

/// The notice's proposed penalty: the kind and, for a fine, the amount in fen; for a confiscation, the value of what
/// is confiscated; `complex` marks a complex or serious case.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PenaltyBody {
    #[schema(schema_with = penalty_schema)]
    pub kind: String,
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub fine_fen: Option<i64>,
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub confiscated_fen: Option<i64>,
    /// The grade of the circumstances, where the power's discretion standard grades fines (else 409 grade_needed).
    #[schema(schema_with = grade_opt_schema)]
    pub grade: Option<String>,
    pub complex: Option<bool>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
fn check_money(e: &mut ValidationErrors, field: &'static str, v: Option<i64>) {
    if v.is_some_and(|f| !(1..=10_000_000_000).contains(&f)) {
        e.add(field, "out_of_range");
    }
}
impl Checked for PenaltyBody {
    fn check(&self, e: &mut ValidationErrors) {
        if gongzhi_domain::powers::Penalty::parse(&self.kind).is_none() {
            e.add("kind", "invalid_choice");
        }
        check_money(e, "fine_fen", self.fine_fen);
        check_money(e, "confiscated_fen", self.confiscated_fen);
        check_grade(e, &self.grade);
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// The decision, by the street's head: a penalty (no heavier than, and of the kind, notified), no penalty (with the
/// reason in `note`), or a transfer (with the receiving organ and the reason); `collective` when taken in collective
/// discussion (required for a complex case).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideBody {
    #[schema(schema_with = ruling_schema)]
    pub ruling: String,
    #[schema(schema_with = penalty_opt_schema)]
    pub kind: Option<String>,
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub fine_fen: Option<i64>,
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub confiscated_fen: Option<i64>,
    /// The grade the decision applies (the notice's when absent).
    #[schema(schema_with = grade_opt_schema)]
    pub grade: Option<String>,
    #[schema(schema_with = strings::optional_text_500)]
    pub transfer_to: Option<String>,
    /// With a penalty, or alone (ruling `order`): 责令改正 (`correction`) or 责令限期拆除 (`demolition`), not penalties
    /// (行政处罚法 art. 28), with `order_days`, the calendar days to comply.
    #[schema(schema_with = order_opt_schema)]
    pub order: Option<String>,
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub order_days: Option<i64>,
    /// The decision has a certain social impact: it is published within seven working days (art. 48).
    pub social_impact: Option<bool>,
    pub collective: Option<bool>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for DecideBody {
    fn check(&self, e: &mut ValidationErrors) {
        if gongzhi_domain::enforcement::Ruling::parse(&self.ruling).is_none() {
            e.add("ruling", "invalid_choice");
        }
        if self
            .kind
            .as_deref()
            .is_some_and(|k| gongzhi_domain::powers::Penalty::parse(k).is_none())
        {
            e.add("kind", "invalid_choice");
        }
        check_money(e, "fine_fen", self.fine_fen);
        check_money(e, "confiscated_fen", self.confiscated_fen);
        if self
            .order
            .as_deref()
            .is_some_and(|o| !matches!(o, "correction" | "demolition"))
        {
            e.add("order", "invalid_choice");
        }
        check_grade(e, &self.grade);
        if self.order_days.is_some_and(|d| !(1..=365).contains(&d)) {
            e.add("order_days", "out_of_range");
        }
        check_len(
            e,
            "transfer_to",
            self.transfer_to.as_deref().unwrap_or(""),
            500,
        );
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// A step of the party's hearing.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HearingBody {
    #[schema(schema_with = hearing_step_schema)]
    pub step: String,
    /// For `notice`: when the hearing is held.
    #[schema(schema_with = instant_opt)]
    pub scheduled_at: Option<String>,
    /// For `notice`: the street officer who presides (not an investigator of the case).
    #[schema(schema_with = strings::uuid_opt)]
    pub presided_by: Option<String>,
    /// For `held`: the hearing's record (听证笔录); for the others, a note.
    #[schema(schema_with = strings::optional_text_8000)]
    pub record: Option<String>,
}
impl Checked for HearingBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(self.step.as_str(), "request" | "waive" | "notice" | "held") {
            e.add("step", "invalid_choice");
        }
        if self
            .scheduled_at
            .as_deref()
            .is_some_and(|t| t.parse::<jiff::Timestamp>().is_err())
        {
            e.add("scheduled_at", "not_a_date");
        }
        if self
            .presided_by
            .as_deref()
            .is_some_and(|p| gongzhi_domain::org::UserId::parse(p).is_none())
        {
            e.add("presided_by", "invalid");
        }
        check_len(e, "record", self.record.as_deref().unwrap_or(""), 8000);
    }
}

/// The legal review's opinion (法制审核, 行政处罚法 art. 58).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalReviewBody {
    pub approve: bool,
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
}
impl Checked for LegalReviewBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", &self.note, 2000);
    }
}

/// Why the decision deadline is extended; a second or later extension is decided collectively.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    #[schema(schema_with = strings::text_2000)]
    pub reason: String,
    pub collective: Option<bool>,
}
impl Checked for ExtendBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "reason", &self.reason, 2000);
    }
}

/// 送达: when the decision was served on the party.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServeBody {
    #[schema(schema_with = instant)]
    pub served_at: String,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for ServeBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.served_at.parse::<jiff::Timestamp>().is_err() {
            e.add("served_at", "not_a_date");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// The fine paid, with its late penalty, and when.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBody {
    #[schema(minimum = 1, maximum = 10000000000i64)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub paid_fen: i64,
    #[schema(minimum = 0, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub late_fen: Option<i64>,
    #[schema(schema_with = instant)]
    pub paid_at: String,
}
impl Checked for PaymentBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !(1..=10_000_000_000).contains(&self.paid_fen) {
            e.add("paid_fen", "out_of_range");
        }
        if self
            .late_fen
            .is_some_and(|f| !(0..=10_000_000_000).contains(&f))
        {
            e.add("late_fen", "out_of_range");
        }
        if self.paid_at.parse::<jiff::Timestamp>().is_err() {
            e.add("paid_at", "not_a_date");
        }
    }
}

/// 执行: what was done and the measured results.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecuteBody {
    /// A forced execution (强制执行), not the party's own performance: only after the 催告, the 公告 for a
    /// demolition and the periods to challenge (行政强制法 arts. 35–37, 44, 53).
    pub forced: Option<bool>,
    #[schema(schema_with = strings::text_2000)]
    pub execution: String,
    /// Fines collected, in fen (at most the fine decided and its late penalty).
    #[schema(minimum = 0, maximum = 10000000000i64)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub fine_collected_fen: Option<i64>,
    /// Illegal construction removed, in hundredths of a square metre.
    #[schema(minimum = 0, maximum = 100000000)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub removed_sqm_x100: Option<i64>,
    #[schema(minimum = 0, maximum = 100000)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub stalls_cleared: Option<i64>,
}
impl Checked for ExecuteBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "execution", &self.execution, 2000);
        for (f, v, max) in [
            (
                "fine_collected_fen",
                self.fine_collected_fen,
                10_000_000_000,
            ),
            ("removed_sqm_x100", self.removed_sqm_x100, 100_000_000),
            ("stalls_cleared", self.stalls_cleared, 100_000),
        ] {
            if v.is_some_and(|v| !(0..=max).contains(&v)) {
                e.add(f, "out_of_range");
            }
        }
    }
}

step_route!(
    file,
    "/api/v1/enforcement/{enforcement_no}/file",
    FileBody,
    "立案: the street's head files the case (90 days to decide) or drops it; a violation found after the limitation of art. 36 is not filed.",
    "wrong_stage, limitation_expired",
    |b| Step::File {
        approve: b.approve,
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    evidence,
    "/api/v1/enforcement/{enforcement_no}/evidence",
    EnfNoteBody,
    "调查取证: an evidence record.",
    "wrong_stage",
    |b| Step::Evidence {
        note: b.note,
        files: Vec::new()
    }
);
step_route!(
    notify,
    "/api/v1/enforcement/{enforcement_no}/notify",
    PenaltyBody,
    "告知 (行政处罚法 art. 44): the proposed penalty and the party's rights — 3 working days to state a defence, and 5 working days to ask for a hearing where art. 63 gives the right (art. 85). A new notice replaces the last one.",
    "wrong_stage, penalty_not_allowed, fine_out_of_range, grade_needed",
    |b| Step::Notify {
        kind: b.kind,
        fine_fen: b.fine_fen,
        confiscated_fen: b.confiscated_fen,
        grade: b.grade.unwrap_or_default(),
        complex: b.complex.unwrap_or(false),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    hearing,
    "/api/v1/enforcement/{enforcement_no}/hearing",
    HearingBody,
    "听证 (arts. 63–65): the party's request (within 5 working days of the notice) or waiver, the notice (at least 7 working days ahead, presided over by a street officer who did not investigate), the hearing held with its record.",
    "wrong_stage, no_hearing_right, hearing_notice_incomplete, hearing_notice_too_short, presider_investigated, presider_not_of_the_street, hearing_not_yet, record_needed",
    |b| Step::Hearing {
        step: b.step,
        scheduled_at: b.scheduled_at.as_deref().and_then(crate::api::millis),
        presided_by: b.presided_by.unwrap_or_default(),
        record: b.record.unwrap_or_default()
    }
);
step_route!(
    review,
    "/api/v1/enforcement/{enforcement_no}/review",
    LegalReviewBody,
    "法制审核 (art. 58), by a legal reviewer of the street: required before the decision when a hearing was held or the case is complex.",
    "wrong_stage, defence_pending, hearing_pending",
    |b| Step::Review {
        approve: b.approve,
        note: b.note
    }
);
step_route!(
    decide,
    "/api/v1/enforcement/{enforcement_no}/decide",
    DecideBody,
    "决定 (art. 57), by the street's head: a penalty within the power and never heavier than, or other than, the one notified (art. 45); no penalty (art. 33); a transfer (art. 27); or an order alone. A penalty or an order carries 责令改正/责令限期拆除 as an order with its period (art. 28), never as the penalty. After the party's days and any hearing, after the legal review where art. 58 asks, collectively for a complex case. A decision after the 90 days is taken and shown as late.",
    "wrong_stage, penalty_needed, penalty_not_allowed, fine_out_of_range, defence_pending, hearing_pending, review_pending, heavier_than_notified, collective_required, reason_needed, transfer_to_needed, order_not_penalty, order_period_needed, grade_needed",
    |b| Step::Decide {
        ruling: b.ruling,
        kind: b.kind.unwrap_or_default(),
        fine_fen: b.fine_fen,
        confiscated_fen: b.confiscated_fen,
        grade: b.grade.unwrap_or_default(),
        transfer_to: b.transfer_to.unwrap_or_default(),
        order: b.order.unwrap_or_default(),
        order_days: b.order_days,
        social_impact: b.social_impact.unwrap_or(false),
        collective: b.collective.unwrap_or(false),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    extend,
    "/api/v1/enforcement/{enforcement_no}/extend",
    ExtendBody,
    "The head extends the decision's deadline (by the district's `enforcement.extension_days`, 30 by default); a second or later extension is decided collectively.",
    "wrong_stage, collective_required",
    |b| Step::Extend {
        reason: b.reason,
        collective: b.collective.unwrap_or(false)
    }
);
step_route!(
    serve,
    "/api/v1/enforcement/{enforcement_no}/serve",
    ServeBody,
    "送达 (art. 61): the decision was served on the party; a fine is then due 15 days later (art. 67), the last day moved past a holiday.",
    "wrong_stage",
    |b| Step::Serve {
        served_at: crate::api::millis(&b.served_at).unwrap_or_default(),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    payment,
    "/api/v1/enforcement/{enforcement_no}/payment",
    PaymentBody,
    "The fine paid in full with the late penalty the law sets (3% of the fine for each day late, at most the fine: art. 72).",
    "wrong_stage, not_served, wrong_payment",
    |b| Step::Payment {
        paid_fen: b.paid_fen,
        late_fen: b.late_fen.unwrap_or(0),
        paid_at: crate::api::millis(&b.paid_at).unwrap_or_default()
    }
);
step_route!(
    execute,
    "/api/v1/enforcement/{enforcement_no}/execute",
    ExecuteBody,
    "执行: the party's performance (at any time), or a forced execution (`forced`) once the decision was served, its period and the 催告's ran out, a demolition's 公告 ran out, and no 复议 or suit is open or still possible (行政强制法 arts. 35–37, 44, 53).",
    "wrong_stage, not_served, nothing_to_force, not_warned, not_announced, compulsion_period, challenge_pending",
    |b| Step::Execute {
        forced: b.forced.unwrap_or(false),
        execution: b.execution,
        fine_collected_fen: b.fine_collected_fen.unwrap_or(0),
        removed_sqm_x100: b.removed_sqm_x100.unwrap_or(0),
        stalls_cleared: b.stalls_cleared.unwrap_or(0)
    }
);
step_route!(
    close,
    "/api/v1/enforcement/{enforcement_no}/close",
    EnfNoteBody,
    "结案.",
    "wrong_stage",
    |b| Step::Close { note: b.note }
);

/// A step of the Administrative Compulsion Law before a forced execution.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompulsionBody {
    #[schema(schema_with = compulsion_step_schema)]
    pub step: String,
    /// For `announce`: the days the party has to demolish (ten or fewer are working days, 行政强制法 art. 69); ten
    /// when absent.
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub days: Option<i64>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for CompulsionBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(self.step.as_str(), "warn" | "announce") {
            e.add("step", "invalid_choice");
        }
        if self.days.is_some_and(|d| !(1..=365).contains(&d)) {
            e.add("days", "out_of_range");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}
fn compulsion_step_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["warn", "announce"],
        false,
        "warn (催告: ten working days to perform, 行政强制法 arts. 35, 54, 69) or announce (公告 of a demolition, art. 44)",
    )
}
fn grade_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        gongzhi_domain::powers::Grade::ALL.iter().map(|g| g.code()),
        true,
        "the grade of the circumstances (违法情节): minor 轻微, ordinary 一般, heavier 较重, serious 严重",
    )
}
fn check_grade(e: &mut ValidationErrors, grade: &Option<String>) {
    if grade
        .as_deref()
        .is_some_and(|g| gongzhi_domain::powers::Grade::parse(g).is_none())
    {
        e.add("grade", "invalid_choice");
    }
}
fn order_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        ["correction", "demolition"],
        true,
        "责令改正 or 责令限期拆除",
    )
}
fn challenge_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        enforcement::Challenge::ALL.iter().map(|c| c.code()),
        true,
        "reconsideration (行政复议) or litigation (行政诉讼)",
    )
}
fn outcome_opt_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(
        enforcement::ChallengeOutcome::ALL.iter().map(|c| c.code()),
        true,
        "upheld, altered, revoked, confirmed_illegal, withdrawn",
    )
}
fn challenge_step_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    codes_schema(["filed", "resolved"], false, "filed or resolved")
}

/// The party's 复议 or suit against the decision: filed (with `kind`) or resolved (with `outcome`), at `at`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeBody {
    #[schema(schema_with = challenge_step_schema)]
    pub step: String,
    #[schema(schema_with = challenge_opt_schema)]
    pub kind: Option<String>,
    #[schema(schema_with = outcome_opt_schema)]
    pub outcome: Option<String>,
    #[schema(schema_with = instant)]
    pub at: String,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for ChallengeBody {
    fn check(&self, e: &mut ValidationErrors) {
        if !matches!(self.step.as_str(), "filed" | "resolved") {
            e.add("step", "invalid_choice");
        }
        if self
            .kind
            .as_deref()
            .is_some_and(|k| enforcement::Challenge::parse(k).is_none())
        {
            e.add("kind", "invalid_choice");
        }
        if self
            .outcome
            .as_deref()
            .is_some_and(|k| enforcement::ChallengeOutcome::parse(k).is_none())
        {
            e.add("outcome", "invalid_choice");
        }
        if self.at.parse::<jiff::Timestamp>().is_err() {
            e.add("at", "not_a_date");
        }
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// A note, optional (publication).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}
impl Checked for PublishBody {
    fn check(&self, e: &mut ValidationErrors) {
        check_len(e, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

step_route!(
    compulsion,
    "/api/v1/enforcement/{enforcement_no}/compulsion",
    CompulsionBody,
    "行政强制法 before a forced execution: `warn` (催告, once the decision's period ran out; ten working days to perform) or `announce` (公告 of an unperformed demolition order, with `days` to demolish).",
    "wrong_stage, not_served, nothing_to_force, compulsion_period, not_demolition, order_period_needed",
    |b| Step::Compulsion {
        step: b.step,
        days: b.days.and_then(|d| u32::try_from(d).ok()),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    challenge,
    "/api/v1/enforcement/{enforcement_no}/challenge",
    ChallengeBody,
    "The party's 行政复议 or 行政诉讼 against a decision that imposes something: `filed` (one at a time; a 复议 once, a suit may follow it) or `resolved`. A revoked or illegal decision ends the case; a published decision revoked, altered or found illegal is withdrawn from publication at once (art. 48(2)).",
    "wrong_stage, no_open_challenge, challenge_kind_needed, challenge_outcome_needed",
    |b| Step::Challenge {
        step: b.step,
        kind: b.kind.unwrap_or_default(),
        outcome: b.outcome.unwrap_or_default(),
        at: crate::api::millis(&b.at).unwrap_or_default(),
        note: b.note.unwrap_or_default()
    }
);
step_route!(
    publish,
    "/api/v1/enforcement/{enforcement_no}/publish",
    PublishBody,
    "Publishes a decision that imposes something and still stands (行政处罚法 art. 48): on `GET /api/v1/enforcement/published` and `/enforcement/published`, a person's name withheld.",
    "wrong_stage, already_published",
    |b| Step::Publish {
        note: b.note.unwrap_or_default()
    }
);

/// A published decision (行政处罚法 art. 48) as anyone reads it: an organisation's name, never a person's; no facts.
#[derive(Serialize, ToSchema)]
pub struct PublishedDecision {
    #[schema(pattern = r"^E[0-9]{12}$")]
    pub enforcement_no: String,
    pub street: String,
    pub power: String,
    pub basis: String,
    #[schema(schema_with = ruling_opt_schema)]
    pub ruling: Option<String>,
    #[schema(schema_with = penalty_opt_schema)]
    pub kind: Option<String>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    #[schema(schema_with = order_opt_schema)]
    pub order: Option<String>,
    #[schema(schema_with = party_schema)]
    pub party_kind: String,
    /// The organisation's name; null for a person.
    pub party: Option<String>,
    #[schema(schema_with = instant_opt)]
    pub decided_at: Option<String>,
    #[schema(schema_with = instant)]
    pub published_at: String,
}

crate::api::paged_list! {
    /// A page of published decisions.
    PublishedList of PublishedDecision
}

/// The published enforcement decisions still standing, newest first: public, no sign-in.
#[utoipa::path(
    operation_id = "enforcement_published",
    get, path = "/api/v1/enforcement/published", tag = "enforcement",
    params(("page" = Option<u32>, Query, minimum = 1, maximum = 100000), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200)),
    responses(
        (status = 200, description = "published decisions", body = PublishedList),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn published(
    State(state): State<AppState>,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let page = crate::api::page_params(&mut e, &query.0, 20);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found = gongzhi_app::enforcement::published(&state.app, page).await?;
    Ok(Json(PublishedList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .into_iter()
            .map(|p| PublishedDecision {
                enforcement_no: p.enforcement_no,
                street: p.street,
                power: p.power_name,
                basis: p.basis,
                ruling: p.ruling.map(|r| r.code().into()),
                kind: p.kind.map(|k| k.code().into()),
                fine_fen: p.fine_fen,
                confiscated_fen: p.confiscated_fen,
                order: p.order_kind.map(|k| k.code().into()),
                party_kind: p.party_kind.code().into(),
                party: p.party,
                decided_at: p.decided_at.map(iso),
                published_at: iso(p.published_at),
            })
            .collect(),
    })
    .into_response())
}

/// Measured results of one street in one month.
#[derive(Serialize, ToSchema)]
pub struct MonthResult {
    pub street: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}$")]
    pub month: String,
    pub cases_executed: i64,
    pub fines_collected_fen: i64,
    pub removed_sqm_x100: i64,
    pub stalls_cleared: i64,
}

/// Measured results of executed cases by street and Beijing month.
#[utoipa::path(
    operation_id = "enforcement_results",
    get, path = "/api/v1/enforcement/results", tag = "enforcement",
    params(
        ("from" = String, Query, description = "Beijing date, inclusive (YYYY-MM-DD)", format = Date),
        ("to" = String, Query, description = "Beijing date, inclusive (YYYY-MM-DD)", format = Date),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "results", body = Vec<MonthResult>),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn results(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let (from, to) = crate::api::date_range(&query)?;
    let rows =
        gongzhi_app::enforcement::results(&state.app, &staff.principal(&addr), from, to).await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(
                    street,
                    month,
                    cases_executed,
                    fines_collected_fen,
                    removed_sqm_x100,
                    stalls_cleared,
                )| MonthResult {
                    street,
                    month,
                    cases_executed,
                    fines_collected_fen,
                    removed_sqm_x100,
                    stalls_cleared,
                },
            )
            .collect::<Vec<_>>(),
    )
    .into_response())
}
