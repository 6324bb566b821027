//! Open311 GeoReport v2 over HTTP: the specification's endpoints (`api`) and the administrators' page of API keys
//! (`pages`). The work is `gongzhi_app::open311`.

pub mod api;
pub mod doc;
pub mod pages;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    // Each resource in each format by its own route, so a method it does not take answers 405 with the right
    // `Allow`; any other name answers the specification's 404.
    for suffix in ["", ".xml", ".json"] {
        router = router
            .route(
                &format!("/open311/v2/discovery{suffix}"),
                get(api::get_root),
            )
            .route(&format!("/open311/v2/services{suffix}"), get(api::get_root))
            .route(
                &format!("/open311/v2/requests{suffix}"),
                get(api::get_root).post(api::post_root),
            );
    }
    router
        .route("/open311/v2/{file}", get(api::get_root))
        .route("/open311/v2/services/{file}", get(api::get_service))
        .route("/open311/v2/requests/{file}", get(api::get_request))
        .route("/open311/v2/tokens/{file}", get(api::get_token))
        .route("/admin/open311", get(pages::page).post(pages::issue))
        .route("/admin/open311/{id}/revoke", post(pages::revoke))
}
