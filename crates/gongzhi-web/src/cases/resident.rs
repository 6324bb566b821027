//! Residents' pages: raise a matter, follow it with the case number and the phone's last four digits, give a
//! verdict when it is closed, reopen it once when dissatisfied.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use gongzhi_app::cases::IntakeRequest;
use gongzhi_app::{AppError as UseCaseError, Principal};
use gongzhi_domain::cases::{CaseInput, CaseKind, Channel, PublicCaseView, Satisfaction};
use gongzhi_domain::validation::ValidationErrors;

use super::common::kind_options;
use crate::state::AppState;
use crate::error::AppError;
use crate::codec::encode_component;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang};
use crate::page::{PageCtx, render};

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    ctx: PageCtx,
    input: CaseInput,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

impl SubmitPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors.code_for(field).map(|c| self.ctx.err(c)).unwrap_or("")
    }
}

pub async fn submit_page(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff) -> Response {
    let input = CaseInput { kind: "help".into(), ..Default::default() };
    render(&SubmitPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        input,
        errors: ValidationErrors::default(),
        kinds: kind_options(lang, &CaseKind::PUBLIC),
    })
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
}

pub async fn submit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let input = super::common::case_input(&form);
    let request = IntakeRequest { input: input.clone(), ..Default::default() };
    match gongzhi_app::cases::intake(&state.app, &Principal::resident(addr.0), &request, Channel::Web).await {
        Ok(stored) => Ok(render(&SubmittedPage {
            ctx: PageCtx::new(lang, staff.as_ref()),
            case_no: stored.case_no.to_string(),
            last4: stored.phone.get(stored.phone.len().saturating_sub(4)..).unwrap_or_default().to_owned(),
        })),
        Err(UseCaseError::Invalid(errors)) => {
            let mut r = render(&SubmitPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                input,
                errors,
                kinds: kind_options(lang, &CaseKind::PUBLIC),
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
    message: String,
    view: Option<PublicCaseView>,
    satisfactions: Vec<(&'static str, &'static str)>,
}

pub async fn track_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let case_no = query.get("case_no").trim().to_owned();
    let last4 = query.get("phone_last4").trim().to_owned();
    let ctx = PageCtx::new(lang, staff.as_ref());
    let satisfactions = Satisfaction::ALL.iter().map(|s| (s.code(), lang.t(&format!("satisfaction.{}", s.code())))).collect();
    let done = match query.get("done") {
        "rated" => lang.t("track.rated").to_owned(),
        "reopened" => lang.t("track.reopened").to_owned(),
        _ => String::new(),
    };
    // Without the digits (a link with only the number, as an intake answer gives) the form opens filled in.
    if case_no.is_empty() || last4.is_empty() {
        return Ok(render(&TrackPage { ctx, case_no, last4, message: String::new(), view: None, satisfactions }));
    }
    let (message, view, status) = match gongzhi_app::cases::track(&state.app, &addr.0, &case_no, &last4).await {
        Ok(Some(view)) => (done, Some(view), StatusCode::OK),
        Ok(None) => (lang.t("track.not_found").to_owned(), None, StatusCode::NOT_FOUND),
        Err(UseCaseError::Throttled) => (lang.t("track.throttled").to_owned(), None, StatusCode::TOO_MANY_REQUESTS),
        Err(e) => return Err(e.into()),
    };
    let mut r = render(&TrackPage { ctx, case_no, last4, message, view, satisfactions });
    *r.status_mut() = status;
    Ok(r)
}

fn back_to_track(case_no: &str, last4: &str, done: &str) -> Response {
    crate::page::see_other(&format!("/track?case_no={}&phone_last4={}&done={done}", encode_component(case_no), encode_component(last4))).into_response()
}

pub async fn rate_form(State(state): State<AppState>, addr: ClientAddr, form: FormData) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let resolved = match form.get("resolved") {
        "1" => Some(true),
        "0" => Some(false),
        _ => {
            e.add("resolved", "required");
            None
        }
    };
    let satisfaction = Satisfaction::parse(form.get("satisfaction"));
    if satisfaction.is_none() {
        e.add("satisfaction", "required");
    }
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::cases::resident_rate(&state.app, &addr.0, case_no, last4, resolved.expect("checked"), satisfaction.expect("checked")).await?;
    Ok(back_to_track(case_no, last4, "rated"))
}

pub async fn reopen_form(State(state): State<AppState>, addr: ClientAddr, form: FormData) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut e, "reason", form.get("reason"), true, 2000);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let (case_no, last4) = (form.get("case_no"), form.get("phone_last4"));
    gongzhi_app::cases::resident_reopen(&state.app, &addr.0, case_no, last4, &reason).await?;
    Ok(back_to_track(case_no, last4, "reopened"))
}

/// `GET /track/attachments/{id}?case_no=…&phone_last4=…`: a public file of the tracked case, as a download.
pub async fn attachment(State(state): State<AppState>, addr: ClientAddr, Path(id): Path<String>, query: QueryData) -> Result<Response, AppError> {
    let (meta, data) = gongzhi_app::cases::resident_attachment(&state.app, &addr.0, query.get("case_no"), query.get("phone_last4"), &id).await?;
    super::common::download_response(&meta, data)
}
