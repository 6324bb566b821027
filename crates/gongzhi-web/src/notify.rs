//! What residents are told and what staff have not read: the administrators' outbox page (how many messages wait,
//! went or failed, by SMS and e-mail, the failures with the sender's words, and sending the failed ones again), and
//! the unread count the header's badge polls, so new notices show without reloading.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_domain::notify::{Delivery, Medium};
use gongzhi_domain::org::Role;
use gongzhi_store::notify::OutboxItem;

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, ReqLang, Staff};
use crate::page::{PageCtx, render};
use crate::state::AppState;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/admin/outbox", get(outbox_page))
        .route("/admin/outbox/retry", post(retry))
        .route("/staff/unread", get(unread))
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    /// (medium, pending, sent, failed)
    counts: Vec<(Medium, i64, i64, i64)>,
    failed: Vec<OutboxItem>,
    pending: Vec<OutboxItem>,
}

async fn outbox_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    let view = gongzhi_app::notify::outbox(&state.app, &staff.principal(&addr)).await?;
    let counts = Medium::ALL
        .iter()
        .map(|&m| {
            (
                m,
                view.counts.get(m, Delivery::Pending),
                view.counts.get(m, Delivery::Sent),
                view.counts.get(m, Delivery::Failed),
            )
        })
        .collect();
    Ok(render(&OutboxPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        counts,
        failed: view.failed,
        pending: view.pending,
    }))
}

async fn retry(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.require(Role::Admin)?;
    staff.check_csrf(&form)?;
    gongzhi_app::notify::retry_failed(&state.app, &staff.principal(&addr)).await?;
    Ok(crate::page::see_other("/admin/outbox").into_response())
}

/// `GET /staff/unread`: the signed-in user's unread notices, for the header's badge (polled; never cached).
async fn unread(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let n = state.reads.count_unread(staff.session.user.id).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::json!({ "unread": n })),
    )
        .into_response())
}
