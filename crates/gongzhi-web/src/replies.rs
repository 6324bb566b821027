//! The page that keeps canned replies (常用答复): list, add (a wrong field is said beside it, what was typed kept),
//! retire. Agents use them on the case page, where the reply form offers the ones for the case's category.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_domain::catalogue::Category;
use gongzhi_domain::replies::CannedReply;
use gongzhi_domain::validation::ValidationErrors;

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/replies", get(replies_page).post(add))
        .route("/admin/replies/retire", post(retire))
}

#[derive(Template)]
#[template(path = "replies.html")]
struct RepliesPage {
    ctx: PageCtx,
    replies: Vec<CannedReply>,
    categories: Vec<Category>,
    category: String,
    title: String,
    text: String,
    errors: ValidationErrors,
}

impl RepliesPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
    fn category_name(&self, code: &Option<String>) -> String {
        match code {
            None => self.ctx.t("replies.every_category").to_owned(),
            Some(c) => self
                .categories
                .iter()
                .find(|k| &k.code == c)
                .map(|k| format!("{} {}", k.code, k.name))
                .unwrap_or_else(|| c.clone()),
        }
    }
}

async fn page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
    typed: (String, String, String),
    errors: ValidationErrors,
) -> Result<Response, AppError> {
    let replies = gongzhi_app::replies::all(&state.app, &staff.principal(addr)).await?;
    let version = state.reads.catalogue_version().await?;
    let categories = state.reads.catalogue(version).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (category, title, text) = typed;
    let mut r = render(&RepliesPage {
        ctx: PageCtx::new(lang, Some(staff)),
        replies,
        categories,
        category,
        title,
        text,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn replies_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    page(
        &state,
        lang,
        &staff,
        &addr,
        Default::default(),
        ValidationErrors::default(),
    )
    .await
}

async fn add(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let (category, title, text) = (form.get("category"), form.get("title"), form.get("text"));
    match gongzhi_app::replies::add(&state.app, &staff.principal(&addr), category, title, text)
        .await
    {
        Ok(_) => Ok(crate::page::see_other("/admin/replies").into_response()),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            page(
                &state,
                lang,
                &staff,
                &addr,
                (category.into(), title.into(), text.into()),
                errors,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn retire(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    gongzhi_app::replies::retire(&state.app, &staff.principal(&addr), form.get("id")).await?;
    Ok(crate::page::see_other("/admin/replies").into_response())
}
