//! The gazetteer's administration page: every name with its community, adding and removing names. The work is
//! `gongzhi_app::gazetteer`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_domain::gazetteer::{EntryInput, PlaceKind};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::gazetteer::ListedEntry;

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/gazetteer", get(page).post(add))
        .route("/admin/gazetteer/{id}/delete", post(delete))
}

#[derive(Template)]
#[template(path = "gazetteer.html")]
struct GazetteerPage {
    ctx: PageCtx,
    entries: Vec<ListedEntry>,
    communities: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    input: EntryInput,
    errors: ValidationErrors,
}

impl GazetteerPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
    fn count(&self) -> String {
        self.ctx
            .t("gazetteer.count")
            .replace("{n}", &self.entries.len().to_string())
    }
}

async fn build(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
    input: EntryInput,
    errors: ValidationErrors,
) -> Result<GazetteerPage, AppError> {
    let entries = gongzhi_app::gazetteer::list(&state.app, &staff.principal(addr)).await?;
    let communities = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| u.unit.kind == UnitKind::Community && u.unit.active)
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect();
    Ok(GazetteerPage {
        ctx: PageCtx::new(lang, Some(staff)),
        entries,
        communities,
        kinds: PlaceKind::ALL
            .iter()
            .map(|k| (k.code(), lang.t(&format!("place_kind.{}", k.code()))))
            .collect(),
        input,
        errors,
    })
}

async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let input = EntryInput {
        kind: "estate".into(),
        ..Default::default()
    };
    Ok(render(
        &build(
            &state,
            lang,
            &staff,
            &addr,
            input,
            ValidationErrors::default(),
        )
        .await?,
    ))
}

async fn add(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form)?;
    let input = EntryInput {
        name: form.get("name").into(),
        kind: form.get("kind").into(),
        community: form.get("community").into(),
    };
    match gongzhi_app::gazetteer::add(&state.app, &staff.principal(&addr), &input).await {
        Ok(_) => Ok(crate::page::see_other("/admin/gazetteer").into_response()),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let mut r = render(&build(&state, lang, &staff, &addr, input, errors).await?);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form)?;
    gongzhi_app::gazetteer::delete(&state.app, &staff.principal(&addr), &id).await?;
    Ok(crate::page::see_other("/admin/gazetteer").into_response())
}
