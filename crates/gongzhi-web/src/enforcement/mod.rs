//! Enforcement cases (综合执法) over HTTP: the JSON API and the pages (the street's list, opening a case, the case page
//! with each stage's form, the measured results by street and month with charts). The work is
//! `gongzhi_app::enforcement`.

use axum::Router;

use crate::state::AppState;

pub mod api;
mod pages;

pub fn router() -> Router<AppState> {
    crate::extract::gated(
        pages::router().merge(api::router()),
        gongzhi_app::enforcement::may_write,
    )
    // The published decisions are the public's: no role gates them (another method is answered 405, not 403).
    .merge(api::public_router())
}
