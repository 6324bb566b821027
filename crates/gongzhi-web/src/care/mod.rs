//! Elderly care (老街坊) over HTTP: the JSON API and the pages (the care home with coverage, the elder registry, the
//! assessment form and its review, the census import with its progress and error report). The work is
//! `gongzhi_app::care`.

use axum::Router;

use crate::state::AppState;

pub mod api;
pub mod network;
mod network_pages;
mod pages;

pub fn router() -> Router<AppState> {
    let all = Router::new()
        .merge(api::router())
        .merge(network::router())
        .merge(network_pages::router())
        .merge(pages::router());
    crate::extract::gated(all, gongzhi_app::care::may_write).merge(api::calculator())
}
