//! The whistle pages: the board (the street's whistles, what the unit was summoned to, or all for district roles),
//! the form to blow one, the whistle page (summoned units with their deadlines counting down, the timeline, and the
//! forms each viewer may use — report from a phone with photos, progress, summon more, close, rate), the district
//! view, and the files.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_app::whistle::{BlowRequest, ReportRequest};
use gongzhi_domain::org::{UnitKind, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_domain::whistle::{Reason, ReportStatus, Summons, Whistle, WhistleInput};
use gongzhi_store::PageRequest;
use gongzhi_store::whistle::{WhistleEvent, WhistleFile, WhistleRow, WhistleStats};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

/// Photos per report or progress entry, each at most 5 MB.
const MAX_PHOTOS: usize = 3;
const MAX_PHOTO: usize = 5 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/whistles", get(board))
        .route("/staff/whistles/new", get(new_page).post(blow))
        .route("/staff/whistles/district", get(district))
        .route(
            "/admin/whistle-reasons",
            get(reasons_page).post(save_reason),
        )
        .route("/staff/whistles/files/{id}", get(file))
        .route("/staff/whistles/{whistle_no}", get(whistle_page))
        .route(
            "/staff/whistles/{whistle_no}/{action}",
            post(act).layer(axum::extract::DefaultBodyLimit::max(
                MAX_PHOTOS * MAX_PHOTO + 256 * 1024,
            )),
        )
}

#[derive(Template)]
#[template(path = "whistles_list.html")]
struct BoardPage {
    ctx: PageCtx,
    view: String,
    narrow: String,
    views: Vec<(&'static str, &'static str)>,
    rows: Vec<WhistleRow>,
    total: i64,
    page: u32,
    pages: u32,
    may_blow: bool,
    district: bool,
}

async fn board(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let may_blow = gongzhi_app::whistle::street_of(&principal).is_ok();
    let district = principal.roles.iter().any(|r| r.sees_whole_district());
    let default_view = if may_blow {
        "street"
    } else if district {
        "all"
    } else {
        "summoned"
    };
    let view = match query.get("view") {
        "" => default_view,
        v => v,
    }
    .to_owned();
    let narrow = query.get("narrow").to_owned();
    let page = query
        .get("page")
        .parse::<u32>()
        .unwrap_or(1)
        .clamp(1, 100_000);
    let found = gongzhi_app::whistle::list(
        &state.app,
        &principal,
        &view,
        &narrow,
        PageRequest::new(page, 50),
    )
    .await?;
    let mut views = Vec::new();
    if may_blow {
        views.push(("street", lang.t("whistle.view_street")));
    }
    views.push(("summoned", lang.t("whistle.view_summoned")));
    if district {
        views.push(("all", lang.t("whistle.view_all")));
    }
    let pages = ((found.total.max(1) + 49) / 50) as u32;
    Ok(render(&BoardPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        view,
        narrow,
        views,
        total: found.total,
        rows: found.items,
        page,
        pages,
        may_blow,
        district,
    }))
}

#[derive(Template)]
#[template(path = "whistle_new.html")]
struct NewPage {
    ctx: PageCtx,
    reasons: Vec<Reason>,
    units: Vec<(String, String)>,
    input: WhistleInput,
    chosen: Vec<String>,
    case_nos: String,
    errors: ValidationErrors,
}

impl NewPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn summonable(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| {
            u.unit.active && matches!(u.unit.kind, UnitKind::Department | UnitKind::Enterprise)
        })
        .map(|u| (u.unit.code, u.unit.name))
        .collect())
}

async fn new_form(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    input: WhistleInput,
    chosen: Vec<String>,
    case_nos: String,
    errors: ValidationErrors,
) -> Result<NewPage, AppError> {
    Ok(NewPage {
        ctx: PageCtx::new(lang, Some(staff)),
        reasons: gongzhi_app::whistle::reasons(&state.app).await?,
        units: summonable(state).await?,
        input,
        chosen,
        case_nos,
        errors,
    })
}

async fn new_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    gongzhi_app::whistle::street_of(&staff.principal(&addr))
        .map_err(gongzhi_app::AppError::from)?;
    let input = WhistleInput {
        reason: "demand".into(),
        ..Default::default()
    };
    Ok(render(
        &new_form(
            &state,
            lang,
            &staff,
            input,
            Vec::new(),
            query.get("case_no").to_owned(),
            ValidationErrors::default(),
        )
        .await?,
    ))
}

async fn blow(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let input = WhistleInput {
        reason: form.get("reason").into(),
        title: form.get("title").into(),
        description: form.get("description").into(),
        address: form.get("address").into(),
        lat: form.get("lat").into(),
        lon: form.get("lon").into(),
        report_within_minutes: form.get("report_within_minutes").into(),
    };
    let units = form.get_all("units");
    let case_nos = form.get("case_nos").to_owned();
    let req = BlowRequest {
        input: input.clone(),
        units: units.clone(),
        case_nos: case_nos
            .split([',', '，', ' '])
            .map(str::to_owned)
            .collect(),
    };
    match gongzhi_app::whistle::blow(&state.app, &staff.principal(&addr), &req).await {
        Ok(w) => Ok(
            crate::page::see_other(&format!("/staff/whistles/{}", w.whistle_no)).into_response(),
        ),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let mut r =
                render(&new_form(&state, lang, &staff, input, units, case_nos, errors).await?);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

/// A summoned unit as the page shows it.
struct SummonsRow {
    s: Summons,
    status: ReportStatus,
}

#[derive(Template)]
#[template(path = "whistle_detail.html")]
struct WhistlePage {
    ctx: PageCtx,
    w: Whistle,
    reason_name: String,
    street_name: String,
    units: Vec<SummonsRow>,
    cases: Vec<String>,
    timeline: Vec<WhistleEvent>,
    files: Vec<(String, Option<String>, String, i64)>,
    /// The viewer's own unit, when summoned: may report / add progress.
    may_report: bool,
    may_progress: bool,
    /// The viewer acts for the street that blew it.
    is_street: bool,
    members: Vec<(UserId, String)>,
    summonable: Vec<(String, String)>,
    message: String,
}

impl WhistlePage {
    fn open(&self) -> bool {
        self.w.status == gongzhi_domain::whistle::WhistleStatus::Open
    }
    fn unrated(&self) -> Vec<&SummonsRow> {
        self.units.iter().filter(|u| u.s.rating.is_none()).collect()
    }
    fn any_unreported(&self) -> bool {
        self.units.iter().any(|u| u.s.reported_at.is_none())
    }
}

async fn whistle_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let (w, summons) = gongzhi_app::whistle::visible(&state.app, &principal, &no).await?;
    let now = state.now();
    let own = summons.iter().find(|s| s.unit_id == principal.unit_id);
    let is_street = gongzhi_app::whistle::acting_street(&principal) == Some(w.street_id);
    let open = w.status == gongzhi_domain::whistle::WhistleStatus::Open;
    let reasons = gongzhi_app::whistle::reasons(&state.app).await?;
    let message = match query.get("error") {
        "" => String::new(),
        code => lang.t(&format!("case_err.{code}")).to_owned(),
    };
    let page = WhistlePage {
        ctx: PageCtx::new(lang, Some(&staff)),
        reason_name: reasons
            .iter()
            .find(|r| r.code == w.reason)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| w.reason.clone()),
        street_name: state.reads.get_unit(w.street_id).await?.unit.name,
        cases: gongzhi_app::whistle::case_nos(&state.app, &w)
            .await?
            .into_iter()
            .map(|n| n.to_string())
            .collect(),
        timeline: state.reads.whistle_timeline(&w.id).await?,
        files: state.reads.whistle_files(&w.id).await?,
        may_report: open && own.is_some_and(|s| s.reported_at.is_none()),
        may_progress: open && own.is_some_and(|s| s.reported_at.is_some()),
        members: if own.is_some() {
            state.reads.unit_members(principal.unit_id).await?
        } else {
            Vec::new()
        },
        summonable: if is_street && open {
            summonable(&state).await?
        } else {
            Vec::new()
        },
        units: summons
            .into_iter()
            .map(|s| SummonsRow {
                status: s.status(now),
                s,
            })
            .collect(),
        is_street,
        message,
        w,
    };
    Ok(render(&page))
}

/// Reads an action's form: urlencoded, or multipart with up to three photos (images by content, 5 MB each). The
/// enforcement pages' evidence uses it too.
pub(crate) async fn action_form(
    request: axum::extract::Request,
    state: &AppState,
) -> Result<(FormData, Vec<WhistleFile>), AppError> {
    use axum::extract::FromRequest;
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return Ok((FormData::from_request(request, state).await?, Vec::new()));
    }
    let mut parts = Multipart::from_request(request, state)
        .await
        .map_err(|_| AppError::MalformedForm)?;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::MalformedForm
        }
    };
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = parts.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "photos" {
            let filename: String = field
                .file_name()
                .unwrap_or("photo")
                .chars()
                .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"' | '<' | '>'))
                .take(100)
                .collect();
            let data = field.bytes().await.map_err(too_large)?.to_vec();
            if data.is_empty() {
                continue;
            }
            let content_type = crate::cases::resident::image_type(&data)
                .ok_or_else(|| gongzhi_app::AppError::field("photos", "image_type"))?;
            if data.len() > MAX_PHOTO {
                return Err(gongzhi_app::AppError::field("photos", "file_too_large").into());
            }
            files.push(WhistleFile {
                filename,
                content_type: content_type.into(),
                data,
            });
            if files.len() > MAX_PHOTOS {
                return Err(gongzhi_app::AppError::field("photos", "too_many_files").into());
            }
        } else {
            fields.push((name, field.text().await.map_err(too_large)?));
        }
    }
    Ok((FormData(fields), files))
}

/// `POST /staff/whistles/{no}/{action}`: report, progress, summon, close, rate; back to the whistle page, a refusal
/// shown there.
async fn act(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((no, action)): Path<(String, String)>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (form, files) = action_form(request, &state).await?;
    staff.check_csrf(&form)?;
    let principal = staff.principal(&addr);
    let app = &state.app;
    let score = |k: &str| form.get(k).trim().parse::<i64>().unwrap_or(0);
    let result = match action.as_str() {
        "report" => {
            let people = form
                .get_all("people")
                .iter()
                .filter_map(|p| UserId::parse(p))
                .collect();
            let req = ReportRequest {
                on_site: form.get("on_site") == "1",
                people,
                action: form.get("action").to_owned(),
                files,
            };
            gongzhi_app::whistle::report(app, &principal, &no, &req).await
        }
        "progress" => {
            gongzhi_app::whistle::progress(app, &principal, &no, form.get("note"), files).await
        }
        "summon" => {
            gongzhi_app::whistle::summon(app, &principal, &no, &form.get_all("units")).await
        }
        "close" => {
            gongzhi_app::whistle::close(
                app,
                &principal,
                &no,
                form.get("outcome"),
                form.get("reason"),
            )
            .await
        }
        "rate" => {
            let scores = (score("timeliness"), score("attitude"), score("result"));
            gongzhi_app::whistle::rate(
                app,
                &principal,
                &no,
                form.get("unit"),
                scores,
                form.get("comment"),
                form.get("change") == "1",
            )
            .await
        }
        _ => return Err(AppError::NotFound),
    };
    match result.map_err(AppError::from) {
        Ok(w) => Ok(
            crate::page::see_other(&format!("/staff/whistles/{}", w.whistle_no)).into_response(),
        ),
        Err(AppError::Case(code) | AppError::Denied(code)) => Ok(crate::page::see_other(&format!(
            "/staff/whistles/{}?error={code}",
            crate::codec::encode_component(&no)
        ))
        .into_response()),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "whistles_district.html")]
struct DistrictPage {
    ctx: PageCtx,
    from: String,
    to: String,
    stats: WhistleStats,
}

async fn district(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let now = state.now();
    let month = gongzhi_app::whistle::month_start(now);
    let default_from = gongzhi_domain::calendar::local_date(month)
        .checked_sub(jiff::Span::new().months(11))
        .expect("in range")
        .to_string();
    let from = match query.get("from") {
        "" => default_from,
        d => d.to_owned(),
    };
    let to = match query.get("to") {
        "" => gongzhi_domain::calendar::local_date(now).to_string(),
        d => d.to_owned(),
    };
    let mut e = ValidationErrors::default();
    let (Some(f), Some(t)) = (
        crate::cases::common::parse_day_start(&from),
        crate::cases::common::parse_day_end(&to),
    ) else {
        e.add("from", "not_a_date");
        return Err(AppError::Validation(e));
    };
    let stats = gongzhi_app::whistle::stats(&state.app, &staff.principal(&addr), f, t).await?;
    Ok(render(&DistrictPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        from,
        to,
        stats,
    }))
}

async fn file(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (filename, content_type, data) =
        gongzhi_app::whistle::file(&state.app, &staff.principal(&addr), &id).await?;
    let _ = id;
    crate::cases::common::download_response(&filename, &content_type, data)
}

#[derive(Template)]
#[template(path = "whistle_reasons.html")]
struct ReasonsPage {
    ctx: PageCtx,
    reasons: Vec<Reason>,
    saved: bool,
}

/// The administrators' page of the reasons and their default report deadlines.
async fn reasons_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    staff.require(gongzhi_domain::org::Role::Admin)?;
    Ok(render(&ReasonsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        reasons: gongzhi_app::whistle::reasons(&state.app).await?,
        saved: query.get("saved") == "1",
    }))
}

async fn save_reason(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    gongzhi_app::whistle::set_reason_minutes(
        &state.app,
        &staff.principal(&addr),
        form.get("code"),
        form.get("report_minutes"),
    )
    .await?;
    Ok(crate::page::see_other("/admin/whistle-reasons?saved=1").into_response())
}
