//! Maps without an outside tile server: the district's streets and communities as shapes (`/map/district.geojson`,
//! the district's own or approximate ones), drawn by the vendored ECharts geo component (`static/map.js`). Residents
//! and intake seats place a matter by tapping the map (a typed address is placed too: `/map/locate`); staff see
//! the cases of their scope on `/staff/map` with filters; the case page shows its point; administrators load the
//! district's own GeoJSON on `/admin/map`.

use askama::Template;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use gongzhi_domain::cases::CaseStatus;
use gongzhi_domain::catalogue::Category;
use gongzhi_domain::org::{Role, UnitId, UnitKind};
use gongzhi_domain::validation::ValidationErrors;

use crate::api::{parse_day_end, parse_day_start};
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> axum::Router<AppState> {
    let routes = axum::Router::new()
        .route("/map/district.geojson", get(district))
        .route("/map/locate", get(locate))
        .route("/staff/map", get(cases_map))
        .route(
            "/admin/map",
            get(admin_page)
                .post(load)
                .layer(axum::extract::DefaultBodyLimit::max(
                    gongzhi_domain::geo::MAX_MAP_BYTES + 64 * 1024,
                )),
        );
    crate::extract::gated(routes, gongzhi_app::map::may_write)
}

/// `GET /map/district.geojson`: the district's streets and communities (public: the resident's form draws them).
async fn district(State(state): State<AppState>) -> Result<Response, AppError> {
    let (text, _) = gongzhi_app::map::district_geojson(&state.app).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        text,
    )
        .into_response())
}

/// `GET /map/locate?address=`: where a typed address lies (its community's centre), for the form's map.
async fn locate(State(state): State<AppState>, query: QueryData) -> Result<Response, AppError> {
    let address: String = query.get("address").chars().take(200).collect();
    let found = gongzhi_app::map::locate(&state.app, &address).await?;
    Ok(Json(match found {
        Some((community, p)) => {
            serde_json::json!({ "found": true, "community": community, "lat": p.lat, "lon": p.lon })
        }
        None => serde_json::json!({ "found": false }),
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "map.html")]
struct CasesMap {
    ctx: PageCtx,
    notices: Vec<String>,
    filters: QueryData,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<Category>,
    streets: Vec<(String, String)>,
    /// The points as the map script reads them: `[lon, lat, case number, status label, title, overdue]`.
    points_json: String,
    shown: usize,
    total: i64,
    approximate: bool,
}

impl CasesMap {
    fn f(&self, name: &str) -> &str {
        self.filters.get(name)
    }
}

/// `GET /staff/map`: the cases of the viewer's scope on the map, newest first (at most 2,000), filtered like the list.
async fn cases_map(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let notices = crate::cases::common::date_notices(lang, &query);
    let narrowing = gongzhi_app::cases::Narrowing {
        status: CaseStatus::parse(query.get("status")),
        category: Some(query.get("category").to_owned()).filter(|c| !c.is_empty()),
        street: UnitId::parse(query.get("street")),
        overdue: query.get("overdue") == "1",
        received_from: parse_day_start(query.get("from")),
        received_to: parse_day_end(query.get("to")),
        open_only: query.get("status").is_empty() && query.get("open") != "0",
        ..Default::default()
    };
    let (points, total) =
        gongzhi_app::map::points(&state.app, &staff.principal(&addr), &narrowing).await?;
    let rows: Vec<serde_json::Value> = points
        .iter()
        .map(|p| {
            serde_json::json!([
                p.lon,
                p.lat,
                p.case_no,
                lang.t(&format!("status.{}", p.status)),
                p.title,
                p.overdue
            ])
        })
        .collect();
    let version = state.reads.catalogue_version().await?;
    let streets = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| u.unit.kind == UnitKind::Street)
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect();
    let approximate = state.reads.district_map_loaded_at().await?.is_none();
    let status = if notices.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&CasesMap {
        ctx: PageCtx::new(lang, Some(&staff)),
        notices,
        filters: query,
        statuses: CaseStatus::ALL
            .iter()
            .map(|s| (s.code(), lang.t(&format!("status.{}", s.code()))))
            .collect(),
        categories: state.reads.catalogue(version).await?,
        streets,
        points_json: crate::page::json_for_script(&serde_json::Value::Array(rows)),
        shown: points.len(),
        total,
        approximate,
    });
    *r.status_mut() = status;
    Ok(r)
}

#[derive(Template)]
#[template(path = "map_admin.html")]
struct MapAdmin {
    ctx: PageCtx,
    loaded_at: Option<gongzhi_domain::Millis>,
    errors: ValidationErrors,
    loaded: Option<usize>,
}

impl MapAdmin {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn admin_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let loaded_at = state.reads.district_map_loaded_at().await?;
    let loaded = query.get("loaded").parse().ok();
    Ok(render(&MapAdmin {
        ctx: PageCtx::new(lang, Some(&staff)),
        loaded_at,
        errors: ValidationErrors::default(),
        loaded,
    }))
}

/// `POST /admin/map`: a GeoJSON file (multipart field `map`), checked, then used by every map.
async fn load(
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
    let (mut csrf, mut data) = (String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(too_large)?,
            "map" => data = field.bytes().await.map_err(too_large)?.to_vec(),
            _ => {}
        }
    }
    staff.check_csrf(&FormData(vec![("csrf".into(), csrf)]))?;
    let text = String::from_utf8(data).unwrap_or_default();
    match gongzhi_app::map::load(&state.app, &staff.principal(&addr), &text).await {
        Ok(n) => Ok(crate::page::see_other(&format!("/admin/map?loaded={n}")).into_response()),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let loaded_at = state.reads.district_map_loaded_at().await?;
            let mut r = render(&MapAdmin {
                ctx: PageCtx::new(lang, Some(&staff)),
                loaded_at,
                errors,
                loaded: None,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}
