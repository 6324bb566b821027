//! Signing in and out over HTTP, for browsers (a session cookie) and API clients (a Bearer token). The work —
//! throttling, password checking, sessions — is `gongzhi_app::accounts`.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use gongzhi_domain::accounts::WEB_SESSION_MS;
use gongzhi_domain::org::User;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::accounts::SessionKind;

use crate::state::AppState;
use crate::error::AppError;
use crate::codec::SESSION_COOKIE;
use crate::extract::{ClientAddr, FormData, JsonObject, MaybeStaff, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, render, safe_next};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/api/v1/auth/login", post(api_login))
        .route("/api/v1/auth/logout", post(api_logout))
        .route("/api/v1/me", get(api_me))
}

/// Whether cookies must be `Secure`: always when configured, or when a trusted proxy says the client used HTTPS.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || (state.config.trust_proxy
            && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https"))
}

fn session_cookie(value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&cookie).expect("token is hex")
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    message: String,
    username: String,
    next: String,
}

async fn login_page(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff, query: QueryData) -> Response {
    let next = safe_next(query.get("next"));
    if staff.is_some() {
        return crate::page::see_other(if next == "/" { "/staff" } else { &next }).into_response();
    }
    let message = if query.0.contains_key("next") { lang.t("login.required").to_owned() } else { String::new() };
    render(&LoginPage { ctx: PageCtx::anonymous(lang), message, username: String::new(), next })
}

async fn login_submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    addr: ClientAddr,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    let username = form.get("username").to_owned();
    let next = safe_next(form.get("next"));
    let failed = |key: &str, status: StatusCode| {
        let mut r = render(&LoginPage { ctx: PageCtx::anonymous(lang), message: lang.t(key).to_owned(), username: username.clone(), next: next.clone() });
        *r.status_mut() = status;
        r
    };
    match gongzhi_app::accounts::login(&state.app, &username, form.get("password"), &addr.0, SessionKind::Web).await {
        Ok(opened) => {
            let token = opened.token;
            let target = if next == "/" { "/staff".to_owned() } else { next.clone() };
            let mut response = crate::page::see_other(&target).into_response();
            let max_age = WEB_SESSION_MS / 1000;
            response.headers_mut().insert(header::SET_COOKIE, session_cookie(&token, max_age, secure(&state, &headers)));
            Ok(response)
        }
        Err(gongzhi_app::AppError::BadCredentials) => Ok(failed("login.failed", StatusCode::UNAUTHORIZED)),
        Err(gongzhi_app::AppError::Throttled) => Ok(failed("login.throttled", StatusCode::TOO_MANY_REQUESTS)),
        Err(gongzhi_app::AppError::AccountInactive) => Ok(failed("login.inactive", StatusCode::FORBIDDEN)),
        Err(e) => Err(e.into()),
    }
}

async fn logout_submit(
    State(state): State<AppState>,
    addr: ClientAddr,
    headers: HeaderMap,
    staff: Staff,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    gongzhi_app::accounts::logout(&state.app, &staff.principal(&addr), &staff.token_digest).await?;
    let mut response = crate::page::see_other("/").into_response();
    response.headers_mut().insert(header::SET_COOKIE, session_cookie("", 0, secure(&state, &headers)));
    Ok(response)
}

async fn api_login(State(state): State<AppState>, addr: ClientAddr, body: JsonObject) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let username = body.string(&mut errors, "username");
    let password = body.string(&mut errors, "password");
    if username.trim().is_empty() && errors.code_for("username").is_none() {
        errors.add("username", "required");
    }
    if password.is_empty() && errors.code_for("password").is_none() {
        errors.add("password", "required");
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let opened = gongzhi_app::accounts::login(&state.app, &username, &password, &addr.0, SessionKind::Api).await?;
    Ok(Json(json!({
        "token": opened.token,
        "token_type": "Bearer",
        "expires_at": crate::codec::iso(opened.expires_at),
        "user": me_json(&opened.user),
    }))
    .into_response())
}

async fn api_logout(State(state): State<AppState>, addr: ClientAddr, staff: Staff) -> Result<StatusCode, AppError> {
    gongzhi_app::accounts::logout(&state.app, &staff.principal(&addr), &staff.token_digest).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_me(staff: Staff) -> Json<serde_json::Value> {
    let mut me = me_json(&staff.session.user);
    me["unit_name"] = json!(staff.session.unit_name);
    Json(me)
}

fn me_json(user: &User) -> serde_json::Value {
    json!({
        "id": user.id.to_string(),
        "username": user.username,
        "display_name": user.display_name,
        "unit_id": user.unit_id.to_string(),
        "roles": user.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
    })
}
