//! The elderly-care JSON API: the assessment calculator (nothing stored), the elder registry with filters and its
//! total, assessments (record, read, list, review, appeal), census imports' progress, the versions of the bands, and
//! the coverage by street and level. ID numbers and phones are masked for those who need not see them.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};

use gongzhi_app::care::AssessmentInput;
use gongzhi_domain::care::{
    self, AssessStatus, Band, BandVersion, Economic, Item, Living, Need, Reason, Thresholds,
    level_label, mask_id,
};
use gongzhi_domain::cases::mask_phone;
use gongzhi_domain::org::{UnitId, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;
use gongzhi_store::care::{AssessmentRecord, CensusImport, ElderFilter, ElderRecord};

use crate::api::{
    ApiJson, Checked, ErrorBody, codes_schema, instant, instant_opt, parse_uuid, query_int, strings,
};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/care/assessments", get(assessments).post(record))
        .route("/api/v1/care/assessments/{id}", get(assessment))
        .route("/api/v1/care/assessments/{id}/review", post(review))
        .route("/api/v1/care/assessments/{id}/confirm", post(confirm))
        .route("/api/v1/care/assessments/{id}/appeal", post(appeal))
        .route("/api/v1/care/elders", get(elders))
        .route("/api/v1/care/elders/{id}", get(elder))
        .route("/api/v1/care/census/{id}", get(census_import))
        .route("/api/v1/care/bands", get(bands).post(add_bands))
        .route("/api/v1/care/coverage", get(coverage))
}

/// The calculator: any staff member computes a level from item scores (it stores nothing), so it stands outside
/// the module's write gate.
pub fn calculator() -> Router<AppState> {
    Router::new().route("/api/v1/care/assessments/compute", post(compute))
}

/// The 17 item scores: every item required, each only with the scores the standard allows.
fn items_schema() -> RefOr<Schema> {
    let mut b = ObjectBuilder::new().schema_type(Type::Object).description(Some(
        "The 17 items of 长期护理失能等级评估标准（试行）: daily living (eating, dressing, grooming, bowel, bladder, toileting, walking, transfer, stairs, bathing), cognition (time_orientation, person_orientation, place_orientation, memory) and perception and communication (vision, hearing, communication).",
    ));
    for item in Item::ALL {
        let values: Vec<serde_json::Value> = item
            .allowed()
            .iter()
            .map(|v| serde_json::Value::from(*v))
            .collect();
        b = b
            .property(
                item.code(),
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .enum_values(Some(values))
                    .description(Some(item.label())),
            )
            .required(item.code());
    }
    RefOr::T(Schema::Object(
        b.additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ))
        .build(),
    ))
}

fn scores_schema() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::RefOr(
                RefOr::T(Schema::Object(
                    ObjectBuilder::new().schema_type(Type::Integer).build(),
                )),
            )))
            .description(Some("item code → score"))
            .build(),
    ))
}

fn band_schema() -> RefOr<Schema> {
    codes_schema(
        Band::ALL.iter().map(|b| b.code()),
        false,
        "intact 能力完好, mild 轻度受损, moderate 中度受损, severe 重度受损",
    )
}
fn level_schema() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(5))
            .description(Some("0 基本正常 … 5 重度失能Ⅲ级"))
            .build(),
    ))
}
fn level_opt() -> RefOr<Schema> {
    RefOr::T(Schema::Object(
        ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                Type::Integer,
                Type::Null,
            ]))
            .minimum(Some(0))
            .maximum(Some(5))
            .build(),
    ))
}
fn reason_schema() -> RefOr<Schema> {
    codes_schema(
        Reason::ALL.iter().map(|r| r.code()),
        false,
        "first, expiry (the conclusion ran out), change (of condition), appeal, reassess (after the reviewer returned it)",
    )
}
fn status_schema() -> RefOr<Schema> {
    codes_schema(
        AssessStatus::ALL.iter().map(|r| r.code()),
        false,
        "recorded → publicised → concluded; appealed; returned (for a re-assessment)",
    )
}
fn date_opt() -> RefOr<Schema> {
    crate::api::string_schema(None, None, Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), true)
}
fn needs_schema() -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(codes_schema(
            Need::ALL.iter().map(|n| n.code()),
            false,
            "a service need",
        ))
        .into()
}

/// A whole number as JSON Schema counts them (`5` or `5.0`), else `None`.
fn whole(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => crate::api::whole::of(n.clone()),
        _ => None,
    }
}

/// Item scores as sent, each checked to be a whole number (the item is named otherwise).
fn read_items(
    raw: &BTreeMap<String, serde_json::Value>,
) -> Result<BTreeMap<String, i64>, AppError> {
    let mut out = BTreeMap::new();
    for (code, v) in raw {
        match whole(v) {
            Some(n) => {
                out.insert(code.clone(), n);
            }
            None => {
                let mut e = ValidationErrors::default();
                e.add_named(
                    format!("items.{code}"),
                    if Item::parse(code).is_some() {
                        "score_not_allowed"
                    } else {
                        "unknown_item"
                    },
                );
                return Err(AppError::Validation(e));
            }
        }
    }
    Ok(out)
}

/// The item scores to compute a level for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComputeBody {
    #[schema(schema_with = items_schema)]
    pub items: BTreeMap<String, serde_json::Value>,
}

impl Checked for ComputeBody {
    fn check(&self, _errors: &mut ValidationErrors) {}
}

/// A group's sum and band.
#[derive(Serialize, ToSchema)]
pub struct GroupResult {
    pub sum: i64,
    pub max: i64,
    #[schema(schema_with = band_schema)]
    pub band: String,
    pub band_name: String,
}

/// The computed outcome.
#[derive(Serialize, ToSchema)]
pub struct ComputeResult {
    #[schema(schema_with = level_schema)]
    pub level: u8,
    pub level_name: String,
    pub daily_living: GroupResult,
    pub cognition: GroupResult,
    pub perception: GroupResult,
    /// The version of the bands and matrix used.
    pub version: String,
}

fn group(sum: u16, g: care::Group, band: Band) -> GroupResult {
    GroupResult {
        sum: i64::from(sum),
        max: i64::from(g.max()),
        band: band.code().into(),
        band_name: band.label().into(),
    }
}

fn result_of(c: &care::Computed, version: &str) -> ComputeResult {
    ComputeResult {
        level: c.level,
        level_name: level_label(c.level).into(),
        daily_living: group(
            c.daily_living,
            care::Group::DailyLiving,
            c.daily_living_band,
        ),
        cognition: group(c.cognition, care::Group::Cognition, c.cognition_band),
        perception: group(c.perception, care::Group::Perception, c.perception_band),
        version: version.into(),
    }
}

/// The disability level for a set of the 17 item scores under the bands in use; nothing is stored. A missing item, an
/// unknown one, or a score the item does not allow answers 422 naming the item (`items.<code>`).
#[utoipa::path(
    operation_id = "care_compute",
    post, path = "/api/v1/care/assessments/compute", tag = "care",
    request_body = ComputeBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the level, the three sums and their bands, the version used", body = ComputeResult),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed: the field names the item", body = ErrorBody),
    )
)]
pub async fn compute(
    State(state): State<AppState>,
    _staff: Staff,
    ApiJson(body): ApiJson<ComputeBody>,
) -> Result<Response, AppError> {
    let items = read_items(&body.items)?;
    let (c, version) = gongzhi_app::care::compute(&state.app, &items).await?;
    Ok(Json(result_of(&c, &version.code)).into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// Elders
// ---------------------------------------------------------------------------------------------------------------

/// An elder as the caller may see them.
#[derive(Serialize, ToSchema)]
pub struct ElderItem {
    pub id: String,
    pub name: String,
    #[schema(schema_with = sex_schema)]
    pub sex: String,
    /// Only beside the full ID number: the masked digits of an ID number are exactly the birth date, so whoever
    /// sees the masked number sees the age instead (issue 22: a masked number must not be rebuildable).
    #[schema(schema_with = date_opt)]
    pub birth_date: Option<String>,
    pub age: i64,
    /// In full for civil-affairs officers and assessors, else masked (`110107********123X`).
    pub id_number: String,
    pub street_id: String,
    pub street: String,
    pub community_id: String,
    pub community: String,
    #[schema(schema_with = living_schema)]
    pub living: String,
    #[schema(schema_with = economic_schema)]
    pub economic: String,
    /// 户籍 (`registered`) or 常住 (`resident`, registered elsewhere and living here); none when no census said.
    #[schema(schema_with = residence_schema)]
    pub residence: Option<String>,
    #[schema(schema_with = needs_schema)]
    pub needs: Vec<String>,
    /// Masked for those who need not call.
    pub phone: Option<String>,
    pub guardian_name: String,
    pub guardian_phone: Option<String>,
    pub consent: bool,
    pub survey_round: String,
    /// The level of the conclusion in force, if any.
    #[schema(schema_with = level_opt)]
    pub care_level: Option<u8>,
    pub level_name: Option<String>,
    /// The first day the level is no longer in force.
    #[schema(schema_with = date_opt)]
    pub level_until: Option<String>,
    pub version: i64,
}

fn sex_schema() -> RefOr<Schema> {
    codes_schema(["male", "female"], false, "male or female")
}
fn residence_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::codes_schema(
        ["registered", "resident"],
        true,
        "registered (户籍) or resident (常住)",
    )
}
fn living_schema() -> RefOr<Schema> {
    codes_schema(
        Living::ALL.iter().map(|l| l.code()),
        false,
        "alone 独居, empty_nest 空巢, with_children 与子女同住, institution 入住机构",
    )
}
fn economic_schema() -> RefOr<Schema> {
    codes_schema(
        Economic::ALL.iter().map(|l| l.code()),
        false,
        "dibao 低保, low_income 低收入, tekun 特困, special_family 计生特殊家庭, none",
    )
}

/// A `YYYYMMDD` number as `YYYY-MM-DD`.
pub fn ymd_text(ymd: i64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        ymd / 10_000,
        ymd / 100 % 100,
        ymd % 100
    )
}

pub(crate) fn elder_item(
    e: &ElderRecord,
    names: &std::collections::HashMap<UnitId, String>,
    ids: bool,
    phones: bool,
    today: i64,
) -> ElderItem {
    let mask = |p: &Option<String>| {
        p.as_ref()
            .map(|p| if phones { p.clone() } else { mask_phone(p) })
    };
    ElderItem {
        id: e.id.clone(),
        name: e.name.clone(),
        sex: e.sex.code().into(),
        birth_date: ids.then(|| ymd_text(e.birth_ymd)),
        age: (today - e.birth_ymd) / 10_000,
        id_number: if ids {
            e.id_number.clone()
        } else {
            mask_id(&e.id_number)
        },
        street_id: e.street_id.to_string(),
        street: names.get(&e.street_id).cloned().unwrap_or_default(),
        community_id: e.community_id.to_string(),
        community: names.get(&e.community_id).cloned().unwrap_or_default(),
        living: e.living.code().into(),
        residence: e.residence.map(|r| r.code().to_owned()),
        economic: e.economic.code().into(),
        needs: e.needs.iter().map(|n| n.code().to_owned()).collect(),
        phone: mask(&e.phone),
        guardian_name: e.guardian_name.clone(),
        guardian_phone: mask(&e.guardian_phone),
        consent: e.consent,
        survey_round: e.survey_round.clone(),
        care_level: e.care_level,
        level_name: e.care_level.map(|l| level_label(l).to_owned()),
        level_until: e.level_until.map(ymd_text),
        version: e.version,
    }
}

crate::api::paged_list! {
    /// A page of elders.
    ElderList of ElderItem
}

/// Reads the elder list's filters from a query (shared with the page).
/// The elder list's filters; the pages' forms send empty values for "any", the API takes none.
pub(crate) fn elder_filter(
    query: &QueryData,
    today: jiff::civil::Date,
    errors: &mut ValidationErrors,
    form: bool,
) -> (ElderFilter, PageRequest) {
    let q = &query.0;
    let present = |field: &str| {
        q.get(field)
            .map(String::as_str)
            .filter(|v| !(form && v.is_empty()))
    };
    let unit = |field: &'static str, errors: &mut ValidationErrors| match present(field) {
        None => None,
        Some(s) => match parse_uuid(s).and_then(|u| UnitId::parse(&u.to_string())) {
            Some(u) => Some(u),
            None => {
                errors.add(field, "invalid");
                None
            }
        },
    };
    let mut filter = ElderFilter {
        street_id: unit("street", errors),
        community_id: unit("community", errors),
        ..Default::default()
    };
    let coded = |field: &'static str, errors: &mut ValidationErrors, ok: &dyn Fn(&str) -> bool| {
        match present(field) {
            None => None,
            Some(s) if ok(s) => Some(s.to_owned()),
            Some(_) => {
                errors.add(field, "invalid_choice");
                None
            }
        }
    };
    filter.living =
        coded("living", errors, &|s| Living::parse(s).is_some()).and_then(|s| Living::parse(&s));
    filter.economic = coded("economic", errors, &|s| Economic::parse(s).is_some())
        .and_then(|s| Economic::parse(&s));
    filter.need =
        coded("need", errors, &|s| Need::parse(s).is_some()).and_then(|s| Need::parse(&s));
    filter.level = coded("level", errors, &|s| {
        matches!(s, "0" | "1" | "2" | "3" | "4" | "5" | "none")
    })
    .map(|s| s.parse::<u8>().ok());
    if let Some(age) = query_int(errors, "min_age", present("min_age"), 60, 130) {
        let born_by = today
            .checked_sub(jiff::Span::new().years(i64::from(age)))
            .unwrap_or(today);
        filter.born_by = Some(
            i64::from(born_by.year()) * 10_000
                + i64::from(born_by.month()) * 100
                + i64::from(born_by.day()),
        );
    }
    match present("name").map(str::trim) {
        None | Some("") => {}
        Some(n) if n.chars().count() <= 50 => filter.name = Some(n.to_owned()),
        Some(_) => errors.add("name", "too_long"),
    }
    let page = query_int(errors, "page", present("page"), 1, 100_000).unwrap_or(1);
    let per_page = query_int(errors, "per_page", present("per_page"), 1, 200).unwrap_or(50);
    (filter, PageRequest::new(page, per_page))
}

/// Elders in the caller's scope (officers, assessors and leaders: the district; street, community and station
/// staff: their street), filtered, 50 to a page by default, with the total.
#[utoipa::path(
    operation_id = "care_elders",
    get, path = "/api/v1/care/elders", tag = "care",
    params(
        ("street" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
        ("community" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
        ("living" = Option<String>, Query, pattern = r"^(alone|empty_nest|with_children|institution)$"),
        ("economic" = Option<String>, Query, pattern = r"^(dibao|low_income|tekun|special_family|none)$"),
        ("need" = Option<String>, Query, pattern = r"^(day_care|meals|bathing|cleaning|medical_escort|health_guidance|recreation|comfort|disability_aid)$"),
        ("level" = Option<String>, Query, pattern = r"^([0-5]|none)$"),
        ("min_age" = Option<u32>, Query, minimum = 60, maximum = 130),
        ("name" = Option<String>, Query, max_length = 50, description = "name prefix"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "elders, by street, community and name", body = ElderList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the caller's roles do not work with elders' records", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn elders(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let known = [
        "street",
        "community",
        "living",
        "economic",
        "need",
        "level",
        "min_age",
        "name",
        "page",
        "per_page",
    ];
    let mut errors = ValidationErrors::default();
    if query.0.keys().any(|k| !known.contains(&k.as_str())) {
        errors.add("query", "unknown_field");
    }
    let today = gongzhi_domain::calendar::local_date(state.now());
    let (filter, page) = elder_filter(&query, today, &mut errors, false);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let p = staff.principal(&addr);
    let found = gongzhi_app::care::elders(&state.app, &p, filter, page).await?;
    let names = unit_names(&state).await?;
    let (ids, phones) = (
        gongzhi_app::care::sees_id_numbers(&p),
        gongzhi_app::care::sees_phones(&p),
    );
    let today = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    Ok(Json(ElderList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found
            .items
            .iter()
            .map(|e| elder_item(e, &names, ids, phones, today))
            .collect(),
    })
    .into_response())
}

pub(crate) async fn unit_names(
    state: &AppState,
) -> Result<std::collections::HashMap<UnitId, String>, AppError> {
    Ok(state
        .reads
        .list_units()
        .await?
        .into_iter()
        .map(|u| (u.unit.id, u.unit.name))
        .collect())
}

/// An elder with their assessments.
#[derive(Serialize, ToSchema)]
pub struct ElderDetail {
    pub elder: ElderItem,
    pub assessments: Vec<AssessmentItem>,
}

/// A record id from a path, lowercase; anything but a UUID is not found.
pub(crate) fn id_param(id: &str) -> Result<String, AppError> {
    parse_uuid(id)
        .map(|u| u.to_string())
        .ok_or(AppError::NotFound)
}

/// A spreadsheet download (CSV; the body starts with a BOM).
pub(crate) fn csv_response(name: &str, body: String) -> Response {
    use axum::http::{HeaderValue, header};
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// Names of elders for a page's rows, in one query.
pub(crate) async fn elder_names(
    state: &AppState,
    ids: impl Iterator<Item = &String>,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    let mut ids: Vec<String> = ids.cloned().collect();
    ids.sort();
    ids.dedup();
    Ok(state.reads.elder_names(&ids).await?)
}

/// One elder and their assessments, newest first.
#[utoipa::path(
    operation_id = "care_elder",
    get, path = "/api/v1/care/elders/{id}", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the elder", body = ElderDetail),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the caller's roles do not work with elders' records", body = ErrorBody),
        (status = 404, description = "no such elder, or outside the caller's street", body = ErrorBody),
    )
)]
pub async fn elder(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let p = staff.principal(&addr);
    let e = gongzhi_app::care::elder(&state.app, &p, &id).await?;
    let names = unit_names(&state).await?;
    let today = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    let item = elder_item(
        &e,
        &names,
        gongzhi_app::care::sees_id_numbers(&p),
        gongzhi_app::care::sees_phones(&p),
        today,
    );
    let assessments = assessment_items(&state, &state.reads.assessments_of(&e.id).await?).await?;
    Ok(Json(ElderDetail {
        elder: item,
        assessments,
    })
    .into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// Assessments
// ---------------------------------------------------------------------------------------------------------------

/// An assessment.
#[derive(Serialize, ToSchema)]
pub struct AssessmentItem {
    pub id: String,
    pub elder_id: String,
    #[schema(schema_with = reason_schema)]
    pub reason: String,
    #[schema(schema_with = status_schema)]
    pub status: String,
    /// The version of the bands and matrix used.
    pub band_version: String,
    #[schema(schema_with = scores_schema)]
    pub items: BTreeMap<String, i64>,
    /// The computed outcome under that version.
    pub computed: ComputeResult,
    #[schema(schema_with = level_schema)]
    pub assessor_level: u8,
    pub assessors: Vec<String>,
    #[schema(schema_with = instant)]
    pub assessed_at: String,
    pub note: String,
    pub reviewer: Option<String>,
    #[schema(schema_with = level_opt)]
    pub reviewer_level: Option<u8>,
    /// The level that takes effect.
    #[schema(schema_with = level_opt)]
    pub final_level: Option<u8>,
    #[schema(schema_with = instant_opt)]
    pub reviewed_at: Option<String>,
    /// The end of the publicity period.
    #[schema(schema_with = instant_opt)]
    pub publicity_until: Option<String>,
    pub appeal_note: String,
    #[schema(schema_with = instant_opt)]
    pub concluded_at: Option<String>,
    /// The first day in force and the first day no longer in force.
    #[schema(schema_with = date_opt)]
    pub valid_from: Option<String>,
    #[schema(schema_with = date_opt)]
    pub valid_until: Option<String>,
    pub version: i64,
    /// When the second assessor confirmed the scores under their own account (the review waits for it).
    #[schema(schema_with = instant_opt)]
    pub second_assessor_confirmed_at: Option<String>,
    /// Why the reviewer returned it for a re-assessment.
    pub return_reason: String,
}

pub(crate) async fn assessment_item(
    state: &AppState,
    a: &AssessmentRecord,
) -> Result<AssessmentItem, AppError> {
    let mut items = assessment_items(state, std::slice::from_ref(a)).await?;
    items
        .pop()
        .ok_or_else(|| AppError::internal("an assessment item"))
}

/// Assessments as shown, for a whole list at once: each band version read once, the people's names in one read.
pub(crate) async fn assessment_items(
    state: &AppState,
    list: &[AssessmentRecord],
) -> Result<Vec<AssessmentItem>, AppError> {
    // The assessment's own version of the bands: one that cannot be read is an error, never silently the national one.
    let mut versions = std::collections::HashMap::new();
    for a in list {
        if let std::collections::hash_map::Entry::Vacant(slot) =
            versions.entry(a.band_version.clone())
        {
            slot.insert(gongzhi_app::care::band_version(&state.app, &a.band_version).await?);
        }
    }
    let mut ids: Vec<UserId> = Vec::new();
    for a in list {
        ids.extend([a.assessor1, a.assessor2]);
        ids.extend(a.reviewer_id);
    }
    ids.sort();
    ids.dedup();
    let names = state.reads.user_names(&ids).await?;
    list.iter()
        .map(|a| item_of(a, &versions[&a.band_version], &names))
        .collect()
}

fn item_of(
    a: &AssessmentRecord,
    version: &care::BandVersion,
    names: &std::collections::HashMap<UserId, String>,
) -> Result<AssessmentItem, AppError> {
    let scores = care::Scores::parse(&a.items).map_err(|_| AppError::internal("stored scores"))?;
    let c = care::compute(&scores, version);
    let name = |u: &UserId| names.get(u).cloned().unwrap_or_default();
    Ok(AssessmentItem {
        id: a.id.clone(),
        elder_id: a.elder_id.clone(),
        reason: a.reason.code().into(),
        status: a.status.code().into(),
        band_version: a.band_version.clone(),
        items: a.items.clone(),
        computed: result_of(&c, &a.band_version),
        assessor_level: a.assessor_level,
        assessors: vec![name(&a.assessor1), name(&a.assessor2)],
        assessed_at: iso(a.assessed_at),
        note: a.note.clone(),
        reviewer: a.reviewer_id.as_ref().map(name),
        reviewer_level: a.reviewer_level,
        final_level: a.final_level,
        reviewed_at: a.reviewed_at.map(iso),
        publicity_until: a.publicity_until.map(iso),
        appeal_note: a.appeal_note.clone(),
        concluded_at: a.concluded_at.map(iso),
        valid_from: a.valid_from.map(ymd_text),
        valid_until: a.valid_until.map(ymd_text),
        version: a.version,
        second_assessor_confirmed_at: a.assessor2_confirmed_at.map(iso),
        return_reason: a.return_reason.clone(),
    })
}

/// An assessment made on site by two assessors (the caller and `second_assessor`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecordBody {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub elder_id: String,
    #[schema(schema_with = reason_schema)]
    pub reason: String,
    #[schema(schema_with = items_schema)]
    pub items: BTreeMap<String, serde_json::Value>,
    /// The other assessor on site (a user id).
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub second_assessor: String,
    /// The level the assessors read off the table, if given: it must be the computed one (the national standard makes
    /// the level the table's cell for the scores), else 409 `level_not_computed`.
    #[schema(schema_with = level_opt)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub assessor_level: Option<i64>,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}

impl Checked for AssessmentRecordBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if parse_uuid(&self.elder_id).is_none() {
            errors.add("elder_id", "invalid");
        }
        if Reason::parse(&self.reason).is_none() {
            errors.add("reason", "invalid_choice");
        }
        if parse_uuid(&self.second_assessor).is_none() {
            errors.add("second_assessor", "invalid");
        }
        if self.assessor_level.is_some_and(|l| !(0..=5).contains(&l)) {
            errors.add("assessor_level", "invalid_level");
        }
        crate::api::check_len(errors, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// Records an assessment (assessors only). One open assessment per elder; a first assessment only for an elder never
/// concluded; an appeal re-assessment only after an appeal.
#[utoipa::path(
    operation_id = "care_assessment_record",
    post, path = "/api/v1/care/assessments", tag = "care",
    request_body = AssessmentRecordBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "recorded, waiting for review", body = AssessmentItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "assessors only", body = ErrorBody),
        (status = 404, description = "no such elder", body = ErrorBody),
        (status = 409, description = "assessment_open, not_first_assessment, no_appeal, no_return, reassessment_due, level_not_computed", body = ErrorBody),
        (status = 422, description = "validation_failed (an item named as items.<code>; the second assessor must be another assessor)", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<AssessmentRecordBody>,
) -> Result<Response, AppError> {
    let items = read_items(&body.items)?;
    let second = UserId::parse(&body.second_assessor)
        .ok_or_else(|| AppError::Validation(one("second_assessor", "invalid")))?;
    let input = AssessmentInput {
        elder_id: body.elder_id.to_ascii_lowercase(),
        reason: Reason::parse(&body.reason).unwrap_or(Reason::First),
        items,
        second_assessor: second,
        assessor_level: body.assessor_level.map(|l| l as u8),
        note: body.note.unwrap_or_default(),
    };
    let a =
        gongzhi_app::care::record_assessment(&state.app, &staff.principal(&addr), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(assessment_item(&state, &a).await?),
    )
        .into_response())
}

fn one(field: &'static str, code: &'static str) -> ValidationErrors {
    let mut e = ValidationErrors::default();
    e.add(field, code);
    e
}

/// One assessment.
#[utoipa::path(
    operation_id = "care_assessment",
    get, path = "/api/v1/care/assessments/{id}", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the assessment", body = AssessmentItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the caller's roles do not work with elders' records", body = ErrorBody),
        (status = 404, description = "no such assessment, or not the caller's to see", body = ErrorBody),
    )
)]
pub async fn assessment(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let (a, _) = gongzhi_app::care::assessment(&state.app, &staff.principal(&addr), &id).await?;
    Ok(Json(assessment_item(&state, &a).await?).into_response())
}

crate::api::paged_list! {
    /// A page of assessments.
    AssessmentList of AssessmentItem
}

/// Assessments, newest first, in a status or all (officers, assessors, leaders).
#[utoipa::path(
    operation_id = "care_assessments",
    get, path = "/api/v1/care/assessments", tag = "care",
    params(
        ("status" = Option<String>, Query, pattern = r"^(recorded|publicised|concluded|appealed|returned)$"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "assessments", body = AssessmentList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "officers, assessors and leaders only", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn assessments(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if query
        .0
        .keys()
        .any(|k| !matches!(k.as_str(), "status" | "page" | "per_page"))
    {
        errors.add("query", "unknown_field");
    }
    let status = match query.0.get("status").map(String::as_str) {
        None => None,
        Some(s) => match AssessStatus::parse(s) {
            Some(s) => Some(s),
            None => {
                errors.add("status", "invalid_choice");
                None
            }
        },
    };
    let page = crate::api::page_params(&mut errors, &query.0, 50);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let found =
        gongzhi_app::care::assessments(&state.app, &staff.principal(&addr), status, page).await?;
    let items = assessment_items(&state, &found.items).await?;
    Ok(Json(AssessmentList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items,
    })
    .into_response())
}

/// The officer's review: `confirm` (the computed level is published) or `reassess` (returned to the assessors with
/// the `reason`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    #[schema(schema_with = decision_schema)]
    pub decision: String,
    /// The level the reviewer publishes, if given: it must be the computed one (409 `level_not_computed`).
    #[schema(schema_with = level_opt)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub final_level: Option<i64>,
    /// For `reassess`: why (409 `reason_needed` without).
    #[schema(schema_with = strings::optional_text_2000)]
    pub reason: Option<String>,
    /// The assessment's version as read.
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
}

fn decision_schema() -> RefOr<Schema> {
    codes_schema(
        ["confirm", "reassess"],
        false,
        "confirm (publish the table's level) or reassess (return it for a re-assessment, with reasons)",
    )
}

impl Checked for ReviewBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if !matches!(self.decision.as_str(), "confirm" | "reassess") {
            errors.add("decision", "invalid_choice");
        }
        if self.final_level.is_some_and(|l| !(0..=5).contains(&l)) {
            errors.add("final_level", "invalid_level");
        }
        crate::api::check_len(errors, "reason", self.reason.as_deref().unwrap_or(""), 2000);
    }
}

/// Reviews a recorded assessment (a civil-affairs or medical-insurance officer who was not one of its assessors),
/// once the second assessor has confirmed the scores. The level is the national table's for the scores (医保办发
/// 〔2021〕37号): `confirm` publishes it for the publicity period (a setting, `care.publicity_days`, 5 by default), in
/// force after it from the next month for two years; a reviewer who disagrees returns it (`reassess`) for a
/// re-assessment by assessors.
#[utoipa::path(
    operation_id = "care_assessment_review",
    post, path = "/api/v1/care/assessments/{id}/review", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = ReviewBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "published, or returned", body = AssessmentItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "officers only; never one's own assessment", body = ErrorBody),
        (status = 404, description = "no such assessment", body = ErrorBody),
        (status = 409, description = "assessment_not_recorded, stale, second_assessor_pending, level_not_computed, reason_needed", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let a = gongzhi_app::care::review(
        &state.app,
        &staff.principal(&addr),
        &id,
        if body.decision == "reassess" {
            gongzhi_app::care::ReviewDecision::Reassess
        } else {
            gongzhi_app::care::ReviewDecision::Confirm
        },
        body.final_level.map(|l| l as u8),
        body.reason.as_deref().unwrap_or(""),
        body.version,
    )
    .await?;
    Ok(Json(assessment_item(&state, &a).await?).into_response())
}

/// The second assessor's confirmation: the assessment's version as read, and an optional note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
    #[schema(schema_with = strings::optional_text_2000)]
    pub note: Option<String>,
}

impl Checked for ConfirmBody {
    fn check(&self, errors: &mut ValidationErrors) {
        crate::api::check_len(errors, "note", self.note.as_deref().unwrap_or(""), 2000);
    }
}

/// The second assessor confirms the scores recorded on site, under their own account (the review waits for it).
#[utoipa::path(
    operation_id = "care_assessment_confirm",
    post, path = "/api/v1/care/assessments/{id}/confirm", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = ConfirmBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "confirmed", body = AssessmentItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "only the assessment's second assessor", body = ErrorBody),
        (status = 404, description = "no such assessment", body = ErrorBody),
        (status = 409, description = "assessment_not_recorded, already_confirmed, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ConfirmBody>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let a =
        gongzhi_app::care::confirm(&state.app, &staff.principal(&addr), &id, body.version).await?;
    Ok(Json(assessment_item(&state, &a).await?).into_response())
}

/// An objection received during the publicity period.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealBody {
    #[schema(schema_with = strings::text_2000)]
    pub note: String,
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
}

impl Checked for AppealBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.note.trim().is_empty() {
            errors.add("note", "required");
        }
        crate::api::check_len(errors, "note", &self.note, 2000);
    }
}

/// Records an objection during the publicity period (officers): the conclusion does not take effect, and a
/// re-assessment with the reason `appeal` follows.
#[utoipa::path(
    operation_id = "care_assessment_appeal",
    post, path = "/api/v1/care/assessments/{id}/appeal", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = AppealBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "appealed", body = AssessmentItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "officers only", body = ErrorBody),
        (status = 404, description = "no such assessment", body = ErrorBody),
        (status = 409, description = "not_in_publicity, stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn appeal(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AppealBody>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let a = gongzhi_app::care::appeal(
        &state.app,
        &staff.principal(&addr),
        &id,
        &body.note,
        body.version,
    )
    .await?;
    Ok(Json(assessment_item(&state, &a).await?).into_response())
}

// ---------------------------------------------------------------------------------------------------------------
// Census imports, bands, coverage
// ---------------------------------------------------------------------------------------------------------------

/// A census import's progress.
#[derive(Serialize, ToSchema)]
pub struct CensusImportItem {
    pub id: String,
    pub file_name: String,
    pub survey_round: String,
    #[schema(schema_with = import_status_schema)]
    pub status: String,
    pub total_rows: i64,
    pub done_rows: i64,
    pub created: i64,
    pub updated: i64,
    /// Rows skipped for errors.
    pub bad: i64,
    pub message: String,
    #[schema(schema_with = instant)]
    pub started_at: String,
    #[schema(schema_with = instant_opt)]
    pub finished_at: Option<String>,
    /// Where the error report (CSV: 行号, 列, 原因) is downloaded, once there is one.
    pub report_url: Option<String>,
}

fn import_status_schema() -> RefOr<Schema> {
    codes_schema(
        ["running", "done", "rejected", "failed", "interrupted"],
        false,
        "running, done, rejected (nothing imported), failed, interrupted (the server stopped mid-file: import the same file again to complete it)",
    )
}

pub(crate) fn import_item(i: &CensusImport) -> CensusImportItem {
    CensusImportItem {
        id: i.id.clone(),
        file_name: i.file_name.clone(),
        survey_round: i.survey_round.clone(),
        status: i.status.clone(),
        total_rows: i.total_rows,
        done_rows: i.done_rows,
        created: i.created,
        updated: i.updated,
        bad: i.bad,
        message: i.message.clone(),
        started_at: iso(i.started_at),
        finished_at: i.finished_at.map(iso),
        report_url: (i.bad > 0 && i.status != "running")
            .then(|| format!("/staff/care/census/{}/report.csv", i.id)),
    }
}

/// A census import's progress and counts (civil-affairs officers).
#[utoipa::path(
    operation_id = "care_census_import",
    get, path = "/api/v1/care/census/{id}", tag = "care",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the import", body = CensusImportItem),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "officers only", body = ErrorBody),
        (status = 404, description = "no such import", body = ErrorBody),
    )
)]
pub async fn census_import(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = id_param(&id)?;
    let i = gongzhi_app::care::census_import(&state.app, &staff.principal(&addr), &id).await?;
    Ok(Json(import_item(&i)).into_response())
}

/// A group's bands: the lowest sum of 能力完好, 轻度受损 and 中度受损 (below it: 重度受损).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsBody {
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 1, maximum = 100)]
    pub intact: i64,
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 1, maximum = 100)]
    pub mild: i64,
    #[serde(deserialize_with = "crate::api::whole::one")]
    #[schema(minimum = 1, maximum = 100)]
    pub moderate: i64,
}

/// A version of the bands and the level matrix.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandVersionBody {
    #[schema(pattern = r"^[A-Za-z0-9_-]{1,40}$")]
    pub code: String,
    #[schema(schema_with = strings::text_100)]
    pub name: String,
    pub daily_living: ThresholdsBody,
    pub cognition: ThresholdsBody,
    pub perception: ThresholdsBody,
    /// Four rows (daily-living band: 能力完好, 轻度受损, 中度受损, 重度受损) of four levels 0–5 (column: the worse of the
    /// cognition and perception bands, in the same order).
    #[schema(schema_with = matrix_schema)]
    #[serde(deserialize_with = "crate::api::whole::rows")]
    pub matrix: Vec<Vec<i64>>,
}

fn matrix_schema() -> RefOr<Schema> {
    let cell = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(5));
    let row = ArrayBuilder::new()
        .items(cell)
        .min_items(Some(4))
        .max_items(Some(4));
    ArrayBuilder::new()
        .items(row)
        .min_items(Some(4))
        .max_items(Some(4))
        .into()
}

impl Checked for BandVersionBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.matrix.len() != 4
            || self
                .matrix
                .iter()
                .any(|r| r.len() != 4 || r.iter().any(|v| !(0..=5).contains(v)))
        {
            errors.add("matrix", "invalid_bands");
        }
        for (field, t) in [
            ("daily_living", &self.daily_living),
            ("cognition", &self.cognition),
            ("perception", &self.perception),
        ] {
            if [t.intact, t.mild, t.moderate]
                .iter()
                .any(|v| !(1..=100).contains(v))
            {
                errors.add(field, "invalid_bands");
            }
        }
        crate::api::check_len(errors, "name", &self.name, 100);
    }
}

impl BandVersionBody {
    fn of(v: &BandVersion) -> BandVersionBody {
        let t = |t: &Thresholds| ThresholdsBody {
            intact: i64::from(t.intact),
            mild: i64::from(t.mild),
            moderate: i64::from(t.moderate),
        };
        BandVersionBody {
            code: v.code.clone(),
            name: v.name.clone(),
            daily_living: t(&v.daily_living),
            cognition: t(&v.cognition),
            perception: t(&v.perception),
            matrix: v
                .matrix
                .iter()
                .map(|r| r.iter().map(|c| i64::from(*c)).collect())
                .collect(),
        }
    }
    fn to_version(&self) -> BandVersion {
        let t = |t: &ThresholdsBody| Thresholds {
            intact: t.intact as u16,
            mild: t.mild as u16,
            moderate: t.moderate as u16,
        };
        let mut matrix = [[0u8; 4]; 4];
        for (r, row) in self.matrix.iter().enumerate().take(4) {
            for (c, v) in row.iter().enumerate().take(4) {
                matrix[r][c] = *v as u8;
            }
        }
        BandVersion {
            code: self.code.clone(),
            name: self.name.trim().to_owned(),
            daily_living: t(&self.daily_living),
            cognition: t(&self.cognition),
            perception: t(&self.perception),
            matrix,
        }
    }
}

/// Every version and the one in use.
#[derive(Serialize, ToSchema)]
pub struct BandVersions {
    pub active: String,
    pub items: Vec<BandVersionBody>,
}

/// The versions of the bands and matrix: national-2021 (built in) and any a pilot loaded.
#[utoipa::path(
    operation_id = "care_bands",
    get, path = "/api/v1/care/bands", tag = "care",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the versions", body = BandVersions),
        (status = 401, description = "unauthorized", body = ErrorBody),
    )
)]
pub async fn bands(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    let active = gongzhi_app::care::active_bands(&state.app).await?.code;
    let items = gongzhi_app::care::band_versions(&state.app)
        .await?
        .iter()
        .map(BandVersionBody::of)
        .collect();
    Ok(Json(BandVersions { active, items }).into_response())
}

/// A pilot's version to load; `activate` makes new assessments use it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddBandsBody {
    pub version: BandVersionBody,
    pub activate: Option<bool>,
}

impl Checked for AddBandsBody {
    fn check(&self, errors: &mut ValidationErrors) {
        self.version.check(errors);
    }
}

/// Loads a pilot's version of the bands and matrix (officers). It is checked (each group's bands within its range
/// and in order; a worse band never gives a lower level), a code is never reused, and assessments keep the version
/// they used.
#[utoipa::path(
    operation_id = "care_bands_add",
    post, path = "/api/v1/care/bands", tag = "care",
    request_body = AddBandsBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "loaded", body = BandVersions),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "officers only", body = ErrorBody),
        (status = 409, description = "band_version_exists", body = ErrorBody),
        (status = 422, description = "validation_failed (invalid_bands: out of range, out of order, or a matrix that lowers a level for a worse band)", body = ErrorBody),
    )
)]
pub async fn add_bands(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<AddBandsBody>,
) -> Result<Response, AppError> {
    let v = body.version.to_version();
    gongzhi_app::care::add_band_version(
        &state.app,
        &staff.principal(&addr),
        &v,
        body.activate.unwrap_or(false),
    )
    .await?;
    let active = gongzhi_app::care::active_bands(&state.app).await?.code;
    let items = gongzhi_app::care::band_versions(&state.app)
        .await?
        .iter()
        .map(BandVersionBody::of)
        .collect();
    Ok((StatusCode::CREATED, Json(BandVersions { active, items })).into_response())
}

/// Elders of a street by level.
#[derive(Serialize, ToSchema)]
pub struct CoverageRow {
    pub street_id: String,
    pub street: String,
    pub elders: i64,
    /// Elders with a level in force, by level 0–5.
    pub by_level: Vec<i64>,
    /// Elders without a level in force.
    pub unassessed: i64,
}

/// Coverage in the caller's scope.
#[derive(Serialize, ToSchema)]
pub struct Coverage {
    pub elders: i64,
    pub streets: Vec<CoverageRow>,
}

pub(crate) async fn coverage_rows(
    state: &AppState,
    staff: &gongzhi_app::StaffPrincipal,
) -> Result<Coverage, AppError> {
    let rows = gongzhi_app::care::coverage(&state.app, staff).await?;
    let names = unit_names(state).await?;
    let mut by: BTreeMap<String, CoverageRow> = BTreeMap::new();
    for (street, level, n) in rows {
        let name = names.get(&street).cloned().unwrap_or_default();
        let row = by.entry(name.clone()).or_insert_with(|| CoverageRow {
            street_id: street.to_string(),
            street: name,
            elders: 0,
            by_level: vec![0; 6],
            unassessed: 0,
        });
        row.elders += n;
        match level {
            Some(l) if l <= 5 => row.by_level[l as usize] += n,
            _ => row.unassessed += n,
        }
    }
    let streets: Vec<CoverageRow> = by.into_values().collect();
    Ok(Coverage {
        elders: streets.iter().map(|s| s.elders).sum(),
        streets,
    })
}

/// Elders by street and level in force (the leader's view of coverage).
#[utoipa::path(
    operation_id = "care_coverage",
    get, path = "/api/v1/care/coverage", tag = "care",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "elders by street and level", body = Coverage),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the caller's roles do not work with elders' records", body = ErrorBody),
    )
)]
pub async fn coverage(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    Ok(Json(coverage_rows(&state, &staff.principal(&addr)).await?).into_response())
}
