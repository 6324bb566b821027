//! The administrators' page of Open311 API keys: every key with its organisation, when it was issued, last used and
//! revoked; issuing a key (shown once, on the answer to the form, never stored) and revoking one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use gongzhi_domain::org::Role;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::open311::Key;

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "open311_keys.html")]
struct KeysPage {
    ctx: PageCtx,
    keys: Vec<Key>,
    organisation: String,
    errors: ValidationErrors,
    /// The key just issued (organisation, key): shown on this answer only.
    issued: Option<(String, String)>,
    jurisdiction: String,
}

impl KeysPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn build(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
) -> Result<KeysPage, AppError> {
    Ok(KeysPage {
        ctx: PageCtx::new(lang, Some(staff)),
        keys: gongzhi_app::open311::keys(&state.app, &staff.principal(addr)).await?,
        organisation: String::new(),
        errors: ValidationErrors::default(),
        issued: None,
        jurisdiction: gongzhi_app::settings::jurisdiction_id(&state.app).await?,
    })
}

pub async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    Ok(render(&build(&state, lang, &staff, &addr).await?))
}

/// Issues a key: the answer shows it once (not a redirect: the key is never stored, so no later page could show it).
pub async fn issue(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form)?;
    let organisation = form.get("organisation").to_owned();
    match gongzhi_app::open311::issue_key_as(&state.app, &staff.principal(&addr), &organisation)
        .await
    {
        Ok((key, _)) => {
            let mut page = build(&state, lang, &staff, &addr).await?;
            page.issued = Some((organisation.trim().to_owned(), key));
            Ok(render(&page))
        }
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let mut page = build(&state, lang, &staff, &addr).await?;
            page.organisation = organisation;
            page.errors = errors;
            let mut r = render(&page);
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form)?;
    gongzhi_app::open311::revoke_key(&state.app, &staff.principal(&addr), &id).await?;
    Ok(crate::page::see_other("/admin/open311").into_response())
}
