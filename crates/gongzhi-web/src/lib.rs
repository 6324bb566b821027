//! gongzhi's HTTP layer: server-rendered pages in Chinese (English on request), the JSON API under `/api/v1`, and the
//! authentication, CSRF and error handling around them. Handlers parse input, call one use case of `gongzhi-app`
//! (or, to display what a use case allowed, a read of the store), and render; they hold no SQL and no business rule.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub mod accounts;
pub mod api;
pub mod assessment;
pub mod assets;
pub mod care;
pub mod cases;
pub mod catalogue;
pub mod codec;
pub mod dispute;
pub mod enforcement;
pub mod error;
pub mod extract;
pub mod gazetteer;
pub mod i18n;
pub mod kb;
pub mod map;
pub mod notify;
pub mod open311;
pub mod openapi;
pub mod org;
pub mod page;
pub mod pages;
pub mod powers;
pub mod replies;
pub mod server;
pub mod state;
pub mod suggest;
pub mod whistle;

pub use state::{AppState, WebConfig};

pub use error::AppError;

/// The whole application: pages, API, static files, and the layers every request passes.
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(pages::router())
        .merge(accounts::router())
        .merge(cases::router())
        .merge(org::router())
        .merge(catalogue::router())
        .merge(gazetteer::router())
        .merge(whistle::router())
        .merge(powers::router())
        .merge(enforcement::router())
        .merge(dispute::router())
        .merge(care::router())
        .merge(assessment::router())
        .merge(kb::router())
        .merge(suggest::router())
        .merge(open311::router())
        .merge(notify::router())
        .merge(replies::router())
        .merge(map::router())
        .merge(assets::router())
        .merge(openapi::router())
        .fallback(|| async { AppError::NotFound })
        .with_state(state.clone())
        // The state as an extension too, for the modules' write gates (`extract::write_gate`).
        .layer(axum::Extension(state.clone()))
        .layer(DefaultBodyLimit::max(body_limit))
        // Cross-site state changes are refused by origin (Sec-Fetch-Site / Origin), for every route; browser forms
        // of signed-in users also echo a per-session token (`Staff::check_csrf`).
        .layer(tower_http::csrf::CsrfLayer::new().with_rejection_response(|_| AppError::Csrf.into_response()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), page::render_errors))
        .layer(axum::middleware::from_fn(page::flash))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                // Path only: query strings can carry a phone's last digits, and bodies are never logged.
                let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Headers every response carries: a strict content security policy (no inline scripts or styles, nothing from
/// other origins), no MIME sniffing, no framing, no referrer to other sites.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// 200 while the process runs.
async fn healthz() -> &'static str {
    "ok"
}

/// 200 only when the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.reads.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
