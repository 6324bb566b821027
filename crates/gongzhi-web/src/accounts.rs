//! Signing in and out, for browsers (session cookie) and API clients (Bearer token), with argon2id password hashing
//! off the async threads and login throttling per account and per address, counted in the database.

use std::sync::LazyLock;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use gongzhi_domain::accounts::{
    API_TOKEN_MS, MAX_FAILURES_PER_ACCOUNT, THROTTLE_WINDOW_MS, WEB_SESSION_MS, login_allowed, token_digest,
};
use gongzhi_domain::org::User;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::accounts::SessionKind;
use gongzhi_store::{Actor, StoreError, now_ms};

use crate::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, JsonObject, MaybeStaff, QueryData, ReqLang, SESSION_COOKIE, Staff};
use crate::pages::{PageCtx, render, safe_next};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/api/v1/auth/login", post(api_login))
        .route("/api/v1/auth/logout", post(api_logout))
        .route("/api/v1/me", get(api_me))
}

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes) on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// Checks a password against a stored hash on a blocking thread. A malformed stored hash never matches.
pub async fn verify_password(password: String, stored: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordVerifier;
        use argon2::password_hash::phc::PasswordHash;
        match PasswordHash::new(&stored) {
            Ok(parsed) => argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    })
    .await
    .map_err(AppError::internal)
}

/// A hash to verify against when the username does not exist, so a wrong username costs as long as a wrong
/// password and response times do not reveal which accounts exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default().hash_password(b"no such account").map(|h| h.to_string()).unwrap_or_default()
});

/// 32 random bytes as hex: session tokens, CSRF tokens, temporary passwords.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    hex::encode(bytes)
}

/// Why a login failed.
#[derive(Debug)]
enum LoginFailure {
    BadCredentials,
    Throttled,
    Inactive,
    Error(AppError),
}

impl From<StoreError> for LoginFailure {
    fn from(e: StoreError) -> Self {
        LoginFailure::Error(e.into())
    }
}

/// Checks throttling, the account and the password. Failures are counted per account and per address.
async fn authenticate(state: &AppState, username: &str, password: &str, addr: &ClientAddr) -> Result<User, LoginFailure> {
    let now = now_ms();
    let since = now - THROTTLE_WINDOW_MS;
    let username = username.trim().to_ascii_lowercase();
    let account_key = format!("login:user:{username}");
    let address_key = format!("login:addr:{}", addr.0);
    let account_failures = state.store.count_failures(&account_key, since).await?;
    let address_failures = state.store.count_failures(&address_key, since).await?;
    if !login_allowed(account_failures, address_failures) {
        return Err(LoginFailure::Throttled);
    }
    let credentials = match state.store.get_credentials(&username).await {
        Ok(c) => Some(c),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let stored = credentials.as_ref().map(|c| c.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let matches = verify_password(password.to_owned(), stored).await.map_err(LoginFailure::Error)?;
    let Some(credentials) = credentials.filter(|_| matches) else {
        let n = state.store.record_failure(&account_key, now, since).await?;
        state.store.record_failure(&address_key, now, since).await?;
        if n >= MAX_FAILURES_PER_ACCOUNT {
            // The username is staff data, not a resident's; the address stays out of the log.
            tracing::warn!(%username, "login throttled after repeated failures");
        }
        return Err(LoginFailure::BadCredentials);
    };
    if !credentials.user.active {
        return Err(LoginFailure::Inactive);
    }
    state.store.clear_failures(&account_key).await?;
    Ok(credentials.user)
}

/// Opens a session for `user` and returns its token (shown to the client once; only its digest is stored).
async fn open_session(state: &AppState, user: &User, kind: SessionKind, addr: &ClientAddr) -> Result<(String, i64), AppError> {
    let token = random_token();
    let now = now_ms();
    let expires_at = now + if kind == SessionKind::Web { WEB_SESSION_MS } else { API_TOKEN_MS };
    let actor = Actor::staff(user.id, &user.username, addr.0.clone(), now);
    state.store.insert_session(&actor, user.id, &token_digest(&token), kind, &random_token(), expires_at).await?;
    Ok((token, expires_at))
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
        return Redirect::to(if next == "/" { "/staff" } else { &next }).into_response();
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
    match authenticate(&state, &username, form.get("password"), &addr).await {
        Ok(user) => {
            let (token, _) = open_session(&state, &user, SessionKind::Web, &addr).await?;
            let target = if next == "/" { "/staff".to_owned() } else { next.clone() };
            let mut response = Redirect::to(&target).into_response();
            let max_age = WEB_SESSION_MS / 1000;
            response.headers_mut().insert(header::SET_COOKIE, session_cookie(&token, max_age, secure(&state, &headers)));
            Ok(response)
        }
        Err(LoginFailure::BadCredentials) => Ok(failed("login.failed", StatusCode::UNAUTHORIZED)),
        Err(LoginFailure::Throttled) => Ok(failed("login.throttled", StatusCode::TOO_MANY_REQUESTS)),
        Err(LoginFailure::Inactive) => Ok(failed("login.inactive", StatusCode::FORBIDDEN)),
        Err(LoginFailure::Error(e)) => Err(e),
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
    state.store.revoke_session(&staff.actor(&addr), &staff.token_digest).await?;
    let mut response = Redirect::to("/").into_response();
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
    let user = match authenticate(&state, &username, &password, &addr).await {
        Ok(user) => user,
        Err(LoginFailure::BadCredentials) => return Err(AppError::BadCredentials),
        Err(LoginFailure::Throttled) => return Err(AppError::TooManyRequests),
        Err(LoginFailure::Inactive) => return Err(AppError::AccountInactive),
        Err(LoginFailure::Error(e)) => return Err(e),
    };
    let (token, expires_at) = open_session(&state, &user, SessionKind::Api, &addr).await?;
    Ok(Json(json!({
        "token": token,
        "token_type": "Bearer",
        "expires_at": jiff::Timestamp::from_millisecond(expires_at).map(|t| t.to_string()).unwrap_or_default(),
        "user": me_json(&user),
    }))
    .into_response())
}

async fn api_logout(State(state): State<AppState>, addr: ClientAddr, staff: Staff) -> Result<StatusCode, AppError> {
    state.store.revoke_session(&staff.actor(&addr), &staff.token_digest).await?;
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
