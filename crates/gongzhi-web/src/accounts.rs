//! Signing in and out over HTTP, for browsers (a session cookie) and API clients (a Bearer token). The work —
//! throttling, password checking, sessions — is `gongzhi_app::accounts`.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_domain::accounts::WEB_SESSION_MS;
use gongzhi_domain::org::User;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::accounts::SessionKind;

use crate::api::{ApiJson, Checked, ErrorBody, check_len};
use crate::codec::SESSION_COOKIE;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, render, safe_next};
use crate::state::AppState;

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
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                == Some("https"))
}

fn session_cookie(value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
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

async fn login_page(
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    query: QueryData,
) -> Response {
    let next = safe_next(query.get("next"));
    if staff.is_some() {
        return crate::page::see_other(if next == "/" { "/staff" } else { &next }).into_response();
    }
    let message = if query.0.contains_key("next") {
        lang.t("login.required").to_owned()
    } else {
        String::new()
    };
    render(&LoginPage {
        ctx: PageCtx::anonymous(lang),
        message,
        username: String::new(),
        next,
    })
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
        let mut r = render(&LoginPage {
            ctx: PageCtx::anonymous(lang),
            message: lang.t(key).to_owned(),
            username: username.clone(),
            next: next.clone(),
        });
        *r.status_mut() = status;
        r
    };
    match gongzhi_app::accounts::login(
        &state.app,
        &username,
        form.get("password"),
        &addr.0,
        SessionKind::Web,
    )
    .await
    {
        Ok(opened) => {
            let token = opened.token;
            let target = if next == "/" {
                "/staff".to_owned()
            } else {
                next.clone()
            };
            let mut response = crate::page::see_other(&target).into_response();
            let max_age = WEB_SESSION_MS / 1000;
            response.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&token, max_age, secure(&state, &headers)),
            );
            Ok(response)
        }
        Err(gongzhi_app::AppError::BadCredentials) => {
            Ok(failed("login.failed", StatusCode::UNAUTHORIZED))
        }
        Err(gongzhi_app::AppError::Throttled) => {
            Ok(failed("login.throttled", StatusCode::TOO_MANY_REQUESTS))
        }
        Err(gongzhi_app::AppError::AccountInactive) => {
            Ok(failed("login.inactive", StatusCode::FORBIDDEN))
        }
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
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", 0, secure(&state, &headers)),
    );
    Ok(response)
}

/// Credentials for an API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[schema(min_length = 1, max_length = 64)]
    pub username: String,
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

impl Checked for LoginBody {
    fn check(&self, e: &mut ValidationErrors) {
        if self.username.is_empty() {
            e.add("username", "required");
        }
        if self.password.is_empty() {
            e.add("password", "required");
        }
        check_len(e, "username", &self.username, 64);
        check_len(e, "password", &self.password, 256);
    }
}

/// Who a token belongs to.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub unit_id: String,
    /// Role codes: `intake`, `dispatcher`, `community`, `street`, `department`, `leader`, …
    pub roles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
}

/// A new API token: send it as `Authorization: Bearer <token>` (it is not a browser session).
#[derive(Serialize, ToSchema)]
pub struct LoginAnswer {
    pub token: String,
    /// Always `Bearer`.
    pub token_type: String,
    #[schema(schema_with = expires_schema)]
    pub expires_at: String,
    pub user: Me,
}

fn expires_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::api::instant_schema(false)
}

/// Sign in and receive an API token.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    description = "Answers an API token valid for 30 days. Attempts are limited per account and address (5) and per \
        address (20) in 15 minutes; an account guessed from many addresses answers more and more slowly.",
    responses(
        (status = 200, description = "signed in", body = LoginAnswer),
        (status = 401, description = "bad_credentials", body = ErrorBody),
        (status = 403, description = "account_inactive", body = ErrorBody),
        (status = 429, description = "too_many_requests", body = ErrorBody),
    )
)]
pub async fn api_login(
    State(state): State<AppState>,
    addr: ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, AppError> {
    let opened = gongzhi_app::accounts::login(
        &state.app,
        &body.username,
        &body.password,
        &addr.0,
        SessionKind::Api,
    )
    .await?;
    Ok(Json(LoginAnswer {
        token: opened.token,
        token_type: "Bearer".into(),
        expires_at: crate::codec::iso(opened.expires_at),
        user: me(&opened.user, None),
    })
    .into_response())
}

/// Revoke the token this request carries.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "the token is revoked"),
    )
)]
pub async fn api_logout(
    State(state): State<AppState>,
    addr: ClientAddr,
    staff: Staff,
) -> Result<StatusCode, AppError> {
    gongzhi_app::accounts::logout(&state.app, &staff.principal(&addr), &staff.token_digest).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the token belongs to.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "who the token belongs to", body = Me),
    )
)]
pub async fn api_me(staff: Staff) -> Json<Me> {
    Json(me(
        &staff.session.user,
        Some(staff.session.unit_name.clone()),
    ))
}

fn me(user: &User, unit_name: Option<String>) -> Me {
    Me {
        id: user.id.to_string(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        unit_id: user.unit_id.to_string(),
        roles: user.roles.iter().map(|r| r.code().to_owned()).collect(),
        unit_name,
    }
}
