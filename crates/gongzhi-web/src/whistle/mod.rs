//! Whistles over HTTP: the pages (the street's board, a unit's "summoned to" list, the whistle page with its forms,
//! the district view, the form to blow one) and the JSON API. The work itself is `gongzhi_app::whistle`.

use axum::Router;

use crate::state::AppState;

pub mod api;
mod pages;

pub(crate) use pages::action_form;

pub fn router() -> Router<AppState> {
    crate::extract::gated(
        pages::router().merge(api::router()),
        gongzhi_app::whistle::may_write,
    )
}
