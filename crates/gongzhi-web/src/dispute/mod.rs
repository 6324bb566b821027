//! Disputes (在线矛盾纠纷多元化解) over HTTP: the JSON API. The work is `gongzhi_app::dispute`.

use axum::Router;

use crate::state::AppState;

pub mod api;

pub fn router() -> Router<AppState> {
    Router::new().merge(api::router())
}
