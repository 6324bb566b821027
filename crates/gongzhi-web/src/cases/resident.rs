//! Residents' pages: raise a matter, follow it with the case number and the phone's last four digits, give a
//! verdict when it is closed, reopen it once when dissatisfied.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use gongzhi_domain::accounts::{MAX_TRACK_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS};
use gongzhi_domain::cases::{Case, CaseInput, CaseKind, CaseNo, Channel, PublicCaseView, Satisfaction, parse_last4};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::{Actor, now_ms};

use super::{kind_options, ops};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang, encode_component};
use crate::pages::{PageCtx, render};

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
    let input = super::case_input(&form);
    match input.validate(Channel::Web, &CaseKind::PUBLIC) {
        Ok(case) => {
            let stored = ops::intake(&state, &Actor::resident(addr.0, now_ms()), &case, None, now_ms()).await?;
            Ok(render(&SubmittedPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                case_no: stored.case_no.to_string(),
                last4: case.phone.last4().to_owned(),
            }))
        }
        Err(errors) => {
            let mut r = render(&SubmitPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                input,
                errors,
                kinds: kind_options(lang, &CaseKind::PUBLIC),
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

/// Outcome of a tracking attempt.
pub enum Tracked {
    Found(Box<PublicCaseView>),
    NotFound,
    Throttled,
}

/// Looks a case up for the public, counting misses per address so case numbers cannot be enumerated.
pub async fn track(state: &AppState, addr: &ClientAddr, case_no: &str, last4: &str) -> Result<Tracked, AppError> {
    let now = now_ms();
    let since = now - THROTTLE_WINDOW_MS;
    let key = format!("track:addr:{}", addr.0);
    if state.store.count_failures(&key, since).await? >= MAX_TRACK_FAILURES_PER_ADDRESS {
        return Ok(Tracked::Throttled);
    }
    let found = match (CaseNo::parse(case_no), parse_last4(last4)) {
        (Some(no), Some(last4)) => state.store.track_case(&no, &last4).await?,
        _ => None,
    };
    match found {
        Some(view) => Ok(Tracked::Found(Box::new(view))),
        None => {
            state.store.record_failure(&key, now, since).await?;
            Ok(Tracked::NotFound)
        }
    }
}

/// The case a resident acts on: the tracked case (or, when it was merged, the surviving one).
pub async fn tracked_case(state: &AppState, addr: &ClientAddr, case_no: &str, last4: &str) -> Result<Case, AppError> {
    match track(state, addr, case_no, last4).await? {
        Tracked::Found(view) => Ok(state.store.get_case_by_no(&view.case_no).await?),
        Tracked::NotFound => Err(AppError::NotFound),
        Tracked::Throttled => Err(AppError::TooManyRequests),
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
    let last4 = query.get("last4").trim().to_owned();
    let ctx = PageCtx::new(lang, staff.as_ref());
    let satisfactions = Satisfaction::ALL.iter().map(|s| (s.code(), lang.t(&format!("satisfaction.{}", s.code())))).collect();
    let done = match query.get("done") {
        "rated" => lang.t("track.rated").to_owned(),
        "reopened" => lang.t("track.reopened").to_owned(),
        _ => String::new(),
    };
    if case_no.is_empty() && last4.is_empty() {
        return Ok(render(&TrackPage { ctx, case_no, last4, message: String::new(), view: None, satisfactions }));
    }
    let (message, view, status) = match track(&state, &addr, &case_no, &last4).await? {
        Tracked::Found(view) => (done, Some(*view), StatusCode::OK),
        Tracked::NotFound => (lang.t("track.not_found").to_owned(), None, StatusCode::NOT_FOUND),
        Tracked::Throttled => (lang.t("track.throttled").to_owned(), None, StatusCode::TOO_MANY_REQUESTS),
    };
    let mut r = render(&TrackPage { ctx, case_no, last4, message, view, satisfactions });
    *r.status_mut() = status;
    Ok(r)
}

fn back_to_track(case_no: &str, last4: &str, done: &str) -> Response {
    Redirect::to(&format!("/track?case_no={}&last4={}&done={done}", encode_component(case_no), encode_component(last4))).into_response()
}

pub async fn rate_form(State(state): State<AppState>, addr: ClientAddr, form: FormData) -> Result<Response, AppError> {
    let case = tracked_case(&state, &addr, form.get("case_no"), form.get("last4")).await?;
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
    ops::resident_rate(&state, &Actor::resident(addr.0.clone(), now_ms()), &case, resolved.expect("checked"), satisfaction.expect("checked")).await?;
    Ok(back_to_track(form.get("case_no"), form.get("last4"), "rated"))
}

pub async fn reopen_form(State(state): State<AppState>, addr: ClientAddr, form: FormData) -> Result<Response, AppError> {
    let case = tracked_case(&state, &addr, form.get("case_no"), form.get("last4")).await?;
    let mut e = ValidationErrors::default();
    let reason = gongzhi_domain::validation::text(&mut e, "reason", form.get("reason"), true, 2000);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    ops::resident_reopen(&state, &Actor::resident(addr.0.clone(), now_ms()), &case, &reason).await?;
    Ok(back_to_track(form.get("case_no"), form.get("last4"), "reopened"))
}
