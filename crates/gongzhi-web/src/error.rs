//! One error type for every handler. A handler returns `AppError`; its `IntoResponse` only sets the status and tucks
//! the error into the response's extensions, and the `page::render_errors` middleware, which knows the request (its
//! path and language), writes the body: JSON with a stable `code` for `/api/...`, an HTML page everywhere else. So
//! every error in the system is rendered in one place. This module depends on no other module of the crate.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::StoreError;

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
            AppError::Forbidden | AppError::Csrf | AppError::AccountInactive => {
                StatusCode::FORBIDDEN
            }
            AppError::Unauthorized | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Validation(_) | AppError::MalformedJson | AppError::MalformedForm => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
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

/// Carries the error from `into_response` to `page::render_errors`.
#[derive(Clone)]
pub(crate) struct Rendered(pub(crate) Arc<AppError>);

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
