//! The delegated powers catalogue over HTTP: the administrators' page (the current version, and importing a
//! spreadsheet with its per-row error report) and `GET /api/v1/powers`.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use gongzhi_app::powers::ImportError;
use gongzhi_domain::org::Role;
use gongzhi_domain::powers::{Power, RowError, format_yuan};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, render};
use crate::state::AppState;

/// The largest spreadsheet taken (a catalogue is hundreds of rows).
const MAX_SHEET: usize = 5 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    let routes = Router::new().route(
        "/admin/powers",
        get(page)
            .post(import)
            .layer(axum::extract::DefaultBodyLimit::max(MAX_SHEET + 64 * 1024)),
    );
    // The delegation is published (行政处罚法 art. 24: 决定应当公布): the catalogue is public, page and API.
    crate::extract::gated(routes, gongzhi_app::powers::may_write)
        .route("/api/v1/powers", get(api_list))
        .route("/powers", get(public_page))
}

#[derive(Template)]
#[template(path = "powers_public.html")]
struct PublicPowersPage {
    ctx: PageCtx,
    version: i64,
    powers: Vec<Power>,
}

impl PublicPowersPage {
    fn fine(&self, p: &Power) -> String {
        fine_range(p, &self.ctx)
    }
    fn penalties(&self, p: &Power) -> String {
        penalty_names(p)
    }
}

/// The power's fine as people read it, in the page's language: its range, then its discretion standard (裁量基准)
/// where it has one — each line's party, grade and range.
pub(crate) fn fine_range(p: &Power, ctx: &PageCtx) -> String {
    let range = match (p.fine_min_fen, p.fine_max_fen) {
        (None, None) => "—".into(),
        (a, b) => format!(
            "{} – {}",
            a.map(format_yuan).unwrap_or_default(),
            b.map(format_yuan).unwrap_or_default()
        ),
    };
    if p.fines.is_empty() {
        return range;
    }
    let lines: Vec<String> = p
        .fines
        .iter()
        .map(|f| {
            format!(
                "{} {} {} – {}",
                f.party
                    .map_or(ctx.t("powers.any_party"), |x| ctx.label("party", x.code())),
                f.grade
                    .map_or(ctx.t("powers.any_grade"), |g| ctx.label("grade", g.code())),
                format_yuan(f.min_fen),
                format_yuan(f.max_fen)
            )
        })
        .collect();
    format!(
        "{range} · {}: {}",
        ctx.t("powers.standard"),
        lines.join("; ")
    )
}

fn penalty_names(p: &Power) -> String {
    p.penalties
        .iter()
        .map(|x| x.name())
        .collect::<Vec<_>>()
        .join("、")
}

/// The catalogue as the public reads it: no sign-in.
async fn public_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
) -> Result<Response, AppError> {
    let (version, powers) = gongzhi_app::powers::current(&state.app).await?;
    Ok(render(&PublicPowersPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        version,
        powers,
    }))
}

#[derive(Template)]
#[template(path = "powers.html")]
struct PowersPage {
    ctx: PageCtx,
    version: i64,
    powers: Vec<Power>,
    errors: Vec<RowError>,
    /// Why a file was refused as a whole (unreadable, or over a reader's limit).
    refusal: String,
    message: String,
}

impl PowersPage {
    fn fine(&self, p: &Power) -> String {
        fine_range(p, &self.ctx)
    }
    fn penalties(&self, p: &Power) -> String {
        penalty_names(p)
    }
    fn row_error(&self, e: &RowError) -> &'static str {
        self.ctx.err(e.code)
    }
}

async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let (version, powers) = gongzhi_app::powers::current(&state.app).await?;
    let message = match query.get("imported") {
        "" => String::new(),
        n => lang.t("powers.imported").replace("{n}", n),
    };
    Ok(render(&PowersPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        version,
        powers,
        errors: Vec::new(),
        refusal: String::new(),
        message,
    }))
}

async fn import(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::MalformedForm
        }
    };
    let (mut csrf, mut note, mut data) = (String::new(), String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(too_large)?,
            "note" => note = field.text().await.map_err(too_large)?,
            "file" => data = field.bytes().await.map_err(too_large)?.to_vec(),
            _ => {}
        }
    }
    staff.check_csrf(&FormData(vec![("csrf".into(), csrf)]))?;
    if data.is_empty() {
        return Err(gongzhi_app::AppError::field("file", "required").into());
    }
    let (errors, refusal) = match gongzhi_app::powers::import(
        &state.app,
        &staff.principal(&addr),
        &data,
        &note,
    )
    .await
    {
        Ok((_, n)) => {
            return Ok(
                crate::page::see_other(&format!("/admin/powers?imported={n}")).into_response(),
            );
        }
        Err(ImportError::Unreadable) => (Vec::new(), lang.t("err.unreadable_sheet").to_owned()),
        Err(ImportError::TooLarge(limit)) => (
            Vec::new(),
            lang.t(&format!("err.{}", limit.code())).to_owned(),
        ),
        Err(ImportError::Rows(errors)) => (errors, String::new()),
        Err(ImportError::Other(e)) => return Err(e.into()),
    };
    // Refused as a whole: the page again, with why, and nothing saved.
    let (version, powers) = gongzhi_app::powers::current(&state.app).await?;
    let mut r = render(&PowersPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        version,
        powers,
        errors,
        refusal,
        message: String::new(),
    });
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

/// One delegated power.
#[derive(Serialize, ToSchema)]
pub struct PowerItem {
    pub code: String,
    pub name: String,
    /// The law (and article, where known).
    pub basis: String,
    /// The department it came from, by unit code.
    pub source_unit: String,
    pub level: String,
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub effective_on: String,
    /// warning, fine, confiscation, correction, demolition, suspension, revocation.
    pub penalties: Vec<String>,
    /// The fine's range in fen (1 yuan = 100 fen), where fixed.
    pub fine_min_fen: Option<i64>,
    pub fine_max_fen: Option<i64>,
    /// The discretion standard (裁量基准, 行政处罚法 art. 34): ranges by party kind and grade; empty when none.
    pub fines: Vec<FineItem>,
}

/// One line of a discretion standard.
#[derive(Serialize, ToSchema)]
pub struct FineItem {
    /// `person`, `organisation`, or null for either.
    pub party: Option<String>,
    /// `minor`, `ordinary`, `heavier`, `serious`, or null for any grade.
    pub grade: Option<String>,
    pub min_fen: i64,
    pub max_fen: i64,
}

/// The current catalogue.
#[derive(Serialize, ToSchema)]
pub struct PowersList {
    pub version: i64,
    pub powers: Vec<PowerItem>,
}

/// The delegated powers catalogue (下放职权清单), current version: public, as the delegation must be published
/// (行政处罚法 art. 24).
#[utoipa::path(
    operation_id = "powers_list",
    get, path = "/api/v1/powers", tag = "whistles",
    responses(
        (status = 200, description = "the current catalogue", body = PowersList),
    )
)]
pub async fn api_list(State(state): State<AppState>) -> Result<Response, AppError> {
    let (version, powers) = gongzhi_app::powers::current(&state.app).await?;
    Ok(Json(PowersList {
        version,
        powers: powers
            .into_iter()
            .map(|p| PowerItem {
                code: p.code,
                name: p.name,
                basis: p.basis,
                source_unit: p.source_unit,
                level: p.level,
                effective_on: p.effective_on,
                penalties: p.penalties.iter().map(|x| x.code().to_owned()).collect(),
                fine_min_fen: p.fine_min_fen,
                fine_max_fen: p.fine_max_fen,
                fines: p
                    .fines
                    .iter()
                    .map(|f| FineItem {
                        party: f.party.map(|x| x.code().to_owned()),
                        grade: f.grade.map(|g| g.code().to_owned()),
                        min_fen: f.min_fen,
                        max_fen: f.max_fen,
                    })
                    .collect(),
            })
            .collect(),
    })
    .into_response())
}
