//! What a use case answers when it does not do what was asked, in business terms. The web crate maps each variant
//! to an HTTP status once; the command line prints it.

use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// No such thing, or it lies outside the actor's scope (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// The actor may not do this; the code says why (`forbidden`, `not_your_case`, `dispatcher_only`, `head_only`).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The thing is not in a state that allows this (`case_closed`, `stale`, `no_agent`, `attachment_quota_case`, …).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// Input fields that are wrong, each with a stable code.
    #[error("invalid fields")]
    Invalid(ValidationErrors),
    /// Too many attempts; try again later.
    #[error("too many attempts")]
    Throttled,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("account deactivated")]
    AccountInactive,
    /// Something broke underneath (the database, the runtime); the cause, never a resident's data.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        AppError::Internal(cause.to_string())
    }

    /// One invalid field.
    pub fn field(field: &'static str, code: &'static str) -> AppError {
        let mut e = ValidationErrors::default();
        e.add(field, code);
        AppError::Invalid(e)
    }

    /// The stable code of a refusal.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden(code) | AppError::Conflict(code) => code,
            AppError::Invalid(_) => "validation_failed",
            AppError::Throttled => "too_many_requests",
            AppError::BadCredentials => "bad_credentials",
            AppError::AccountInactive => "account_inactive",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { constraint } => AppError::Conflict(match constraint.as_str() {
                "stale_version" => "stale",
                "attachment_quota_case" => "attachment_quota_case",
                "attachment_quota_user" => "attachment_quota_user",
                "already_reported" => "already_reported",
                "already_rated" => "already_rated",
                "already_summoned" => "already_summoned",
                "decided" => "already_decided",
                "topic_month" => "topic_month",
                _ => "conflict",
            }),
            other => AppError::internal(other),
        }
    }
}

impl From<gongzhi_domain::lifecycle::CaseError> for AppError {
    fn from(e: gongzhi_domain::lifecycle::CaseError) -> Self {
        if e.is_permission() {
            AppError::Forbidden(e.code())
        } else {
            AppError::Conflict(e.code())
        }
    }
}

impl From<gongzhi_domain::whistle::WhistleError> for AppError {
    fn from(e: gongzhi_domain::whistle::WhistleError) -> Self {
        if e.is_permission() {
            AppError::Forbidden(e.code())
        } else {
            AppError::Conflict(e.code())
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}
