//! Administration of the knowledge base intake operators answer consultations from: list, add, retire.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_domain::kb::KbEntry;
use gongzhi_domain::validation::{self, ValidationErrors};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/kb", get(kb_page).post(add_entry))
        .route("/admin/kb/retire", post(retire_entry))
}

#[derive(Template)]
#[template(path = "kb.html")]
struct KbPage {
    ctx: PageCtx,
    entries: Vec<KbEntry>,
    question: String,
    answer: String,
    categories: String,
    errors: ValidationErrors,
}

impl KbPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

/// Administrators, intake operators and dispatchers (who answer consultations and know which answers are missing)
/// maintain the knowledge base.
fn may_edit(staff: &Staff) -> Result<(), AppError> {
    if gongzhi_app::kb::may_edit(&staff.principal(&ClientAddr("-".into()))) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    question: String,
    answer: String,
    categories: String,
    errors: ValidationErrors,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let entries = state.reads.list_kb().await?;
    let mut r = render(&KbPage {
        ctx: PageCtx::new(lang, Some(staff)),
        entries,
        question,
        answer,
        categories,
        errors,
    });
    *r.status_mut() = status;
    Ok(r)
}

async fn kb_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
) -> Result<Response, AppError> {
    may_edit(&staff)?;
    page(
        &state,
        lang,
        &staff,
        String::new(),
        String::new(),
        String::new(),
        ValidationErrors::default(),
    )
    .await
}

async fn add_entry(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    may_edit(&staff)?;
    staff.check_csrf(&form)?;
    let mut errors = ValidationErrors::default();
    let question = validation::text(&mut errors, "question", form.get("question"), true, 200);
    let answer = validation::text(&mut errors, "answer", form.get("answer"), true, 2000);
    let categories: Vec<String> = form
        .get("categories")
        .split([',', '，', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect();
    let version = state.reads.catalogue_version().await?;
    let known = state.reads.catalogue(version).await?;
    if categories
        .iter()
        .any(|c| !known.iter().any(|k| &k.code == c))
    {
        errors.add("categories", "invalid_choice");
    }
    if !errors.is_empty() {
        return page(
            &state,
            lang,
            &staff,
            question,
            answer,
            form.get("categories").to_owned(),
            errors,
        )
        .await;
    }
    gongzhi_app::kb::add(
        &state.app,
        &staff.principal(&addr),
        &question,
        &answer,
        &categories,
    )
    .await?;
    Ok(crate::page::see_other("/admin/kb").into_response())
}

async fn retire_entry(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    may_edit(&staff)?;
    staff.check_csrf(&form)?;
    gongzhi_app::kb::retire(&state.app, &staff.principal(&addr), form.get("id")).await?;
    Ok(crate::page::see_other("/admin/kb").into_response())
}
