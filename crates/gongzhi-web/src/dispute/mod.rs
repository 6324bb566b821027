//! Disputes (在线矛盾纠纷多元化解) over HTTP: the JSON API and the pages (filing, worklists, the dispute page with
//! each step's form, the printable agreement, the statistics). The work is `gongzhi_app::dispute`.

use axum::Router;

use crate::state::AppState;

pub mod api;
mod pages;

pub fn router() -> Router<AppState> {
    crate::extract::gated(
        Router::new().merge(api::router()).merge(pages::router()),
        gongzhi_app::dispute::may_write,
    )
}
