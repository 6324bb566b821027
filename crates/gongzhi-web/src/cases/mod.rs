//! Cases over HTTP: residents' pages (submit, track, rate, reopen), the staff workbench (lists, the case page with
//! every action, intake, inbox), and the same in JSON. The work itself is `gongzhi_app::cases`.

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub mod api;
pub mod common;
pub mod resident;
mod staff;

use common::MAX_ATTACHMENT;

pub fn router() -> Router<AppState> {
    let routes = Router::new()
        .route(
            "/submit",
            get(resident::submit_page)
                .post(resident::submit_form)
                .layer(axum::extract::DefaultBodyLimit::max(
                    resident::MAX_SUBMIT_PHOTOS * MAX_ATTACHMENT + 256 * 1024,
                )),
        )
        .route("/submitted", get(resident::submitted_page))
        .route("/track", get(resident::track_page))
        .route("/track/rate", post(resident::rate_form))
        .route("/track/reopen", post(resident::reopen_form))
        .route("/track/review", post(resident::review_form))
        .route("/track/attachments/{id}", get(resident::attachment))
        .route("/staff/cases", get(staff::list_page))
        .route("/staff/find", get(staff::find))
        .route("/staff/caller", get(staff::caller))
        .route("/staff/cases/bulk", post(staff::bulk))
        .route("/staff/cases/{case_no}", get(staff::case_page))
        .route("/staff/cases/{case_no}/print", get(staff::work_order))
        .route(
            "/staff/cases/{case_no}/attachments",
            post(staff::upload).layer(axum::extract::DefaultBodyLimit::max(
                MAX_ATTACHMENT + 64 * 1024,
            )),
        )
        .route("/staff/cases/{case_no}/{action}", post(staff::action_form))
        .route("/staff/attachments/{id}", get(staff::download))
        .route(
            "/staff/intake",
            get(staff::intake_page).post(staff::intake_form),
        )
        .route(
            "/staff/inbox",
            get(staff::inbox_page).post(staff::inbox_read),
        )
        .merge(api::router());
    crate::extract::gated(routes, gongzhi_app::cases::may_write)
}
