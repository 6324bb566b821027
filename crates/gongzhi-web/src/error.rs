//! One error type for every handler. A handler returns `AppError`; its `IntoResponse` only sets the status and tucks
//! the error into the response's extensions, and the `render_errors` middleware, which knows the request (its path
//! and language), writes the body: JSON with a stable `code` for `/api/...`, an HTML page everywhere else. So every
//! error in the system is rendered in one place.

use std::sync::Arc;

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::StoreError;

use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub enum AppError {
    NotFound,
    Forbidden,
    Unauthorized,
    Validation(ValidationErrors),
    TooLarge,
    UnsupportedMediaType,
    MalformedJson,
    MalformedForm,
    TooManyRequests,
    Csrf,
    Conflict,
    BadCredentials,
    AccountInactive,
    /// A case action refused by the life cycle or by routing, with its stable code (`case_closed`, `no_agent`,
    /// `stale`, ...).
    Case(&'static str),
    /// Refused for who the actor is, with its stable code (`not_your_case`, `dispatcher_only`, `head_only`).
    Denied(&'static str),
    /// The cause is logged once, here; the client sees only a request id.
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf | AppError::AccountInactive => StatusCode::FORBIDDEN,
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Validation(_) | AppError::MalformedJson | AppError::MalformedForm => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Denied(_) => StatusCode::FORBIDDEN,
            AppError::Case(_) => StatusCode::CONFLICT,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, snake_case code API clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Validation(_) => "validation_failed",
            AppError::TooLarge => "too_large",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::MalformedJson => "malformed_json",
            AppError::MalformedForm => "malformed_form",
            AppError::TooManyRequests => "too_many_requests",
            AppError::Csrf => "csrf",
            AppError::Conflict => "conflict",
            AppError::BadCredentials => "bad_credentials",
            AppError::AccountInactive => "account_inactive",
            AppError::Case(code) | AppError::Denied(code) => code,
            AppError::Internal(_) => "internal",
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError::Internal(cause.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { .. } => AppError::Conflict,
            other => AppError::internal(other),
        }
    }
}

/// The use cases' answers, mapped to HTTP once.
impl From<gongzhi_app::AppError> for AppError {
    fn from(e: gongzhi_app::AppError) -> Self {
        use gongzhi_app::AppError as A;
        match e {
            A::NotFound => AppError::NotFound,
            A::Forbidden("forbidden") => AppError::Forbidden,
            A::Forbidden(code) => AppError::Denied(code),
            A::Conflict("conflict") => AppError::Conflict,
            A::Conflict(code) => AppError::Case(code),
            A::Invalid(errors) => AppError::Validation(errors),
            A::Throttled => AppError::TooManyRequests,
            A::BadCredentials => AppError::BadCredentials,
            A::AccountInactive => AppError::AccountInactive,
            A::Internal(cause) => AppError::Internal(cause),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Validation(e)
    }
}

/// Carries the error from `into_response` to `render_errors`.
#[derive(Clone)]
struct Rendered(Arc<AppError>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            // Logged once, inside the request's span (which carries the request id). Causes are store and library
            // errors, never request bodies, so no resident's data reaches the log.
            tracing::error!(%cause, "internal error");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Rendered(Arc::new(self)));
        response
    }
}

/// Writes the body of every error response, in the request's language.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let lang = if api { Lang::for_api(request.headers()) } else { Lang::for_page(request.headers()) };
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let path_and_query = request.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let response = next.run(request).await;
    let Some(Rendered(error)) = response.extensions().get::<Rendered>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.extensions.remove::<Rendered>();
    let message = match &*error {
        AppError::Internal(_) => format!("{} {request_id}", lang.t("error.internal")),
        AppError::Case(code) | AppError::Denied(code) => lang.t(&format!("case_err.{code}")).to_owned(),
        e => lang.t(&format!("error.{}", e.code())).to_owned(),
    };
    if api {
        let mut body = json!({ "error": { "code": error.code(), "message": message } });
        if let AppError::Validation(errors) = &*error {
            body["error"]["fields"] = errors
                .0
                .iter()
                .map(|f| json!({ "field": f.field, "code": f.code, "message": lang.error(f.code) }))
                .collect();
        }
        if matches!(&*error, AppError::Internal(_)) {
            body["error"]["request_id"] = json!(request_id);
        }
        let mut out = (parts.status, Json(body)).into_response();
        for (name, value) in parts.headers.iter() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                out.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return out;
    }
    if matches!(&*error, AppError::Unauthorized) {
        let next = crate::extract::encode_component(&path_and_query);
        return crate::pages::see_other(&format!("/login?next={next}")).into_response();
    }
    let page = crate::pages::ErrorPage { ctx: crate::pages::PageCtx::anonymous(lang), status: parts.status.as_u16(), message };
    let mut out = crate::pages::render(&page);
    *out.status_mut() = parts.status;
    out.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}
