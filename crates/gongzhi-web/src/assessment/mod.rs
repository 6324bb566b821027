//! The assessment over HTTP (区考核块、块考核条, 干部实绩档案, 每月一题): the JSON API and the pages (the ranking with
//! its charts and the cases behind every figure, a street's scoring of departments, closing a month, the leaders'
//! dashboard, cadre records, hotspots and topics, the printable and XLSX report). The work is
//! `gongzhi_app::assessment`.

use axum::Router;

use crate::state::AppState;

pub mod api;
mod pages;

pub fn router() -> Router<AppState> {
    crate::extract::gated(
        Router::new().merge(api::router()).merge(pages::router()),
        gongzhi_app::assessment::may_write,
    )
}
