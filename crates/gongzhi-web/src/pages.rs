//! The pages that belong to no domain: the residents' home, the staff workbench home, the language switch.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use gongzhi_domain::org::{Role, Scope};

use crate::error::AppError;
use crate::extract::{MaybeStaff, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render, safe_next};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
}

#[derive(Template)]
#[template(path = "staff_home.html")]
struct StaffHomePage {
    ctx: PageCtx,
    username: String,
    roles: Vec<&'static str>,
    scope_key: &'static str,
    works_cases: bool,
    is_admin: bool,
    /// (view, label, count) tiles of the workbench.
    tiles: Vec<(&'static str, &'static str, i64)>,
    unread: i64,
    provisional: usize,
    does_intake: bool,
    /// A mediator or the court's staff: their dispute worklist.
    mediates: bool,
    /// A mediator (who answers residents' questions).
    answers_questions: bool,
    /// A street officer or a district-wide role: the enforcement cases.
    sees_enforcement: bool,
}

impl StaffHomePage {
    fn works_care(&self) -> bool {
        self.ctx.user.as_ref().is_some_and(|u| u.works_care)
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/lang/{code}", get(switch_lang))
        .route("/staff", get(staff_home))
}

async fn home(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff) -> Response {
    render(&HomePage {
        ctx: PageCtx::new(lang, staff.as_ref()),
    })
}

/// Sets the language cookie (a year) and goes back where the user was. Only local paths are followed, so the link
/// cannot be used to bounce people to another site.
async fn switch_lang(Path(code): Path<String>, query: QueryData) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let next = safe_next(query.get("next"));
    let mut response = crate::page::see_other(&next).into_response();
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
    );
    Ok(response)
}

async fn staff_home(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: crate::extract::ClientAddr,
) -> Result<Response, AppError> {
    let scope_key = match staff.scope() {
        Scope::District => "scope.district",
        Scope::Street(_) => "scope.street",
        Scope::Community(_) => "scope.community",
        Scope::Unit(_) => "scope.unit",
        Scope::Nothing => "scope.nothing",
    };
    let roles = staff
        .session
        .user
        .roles
        .iter()
        .map(|r| lang.t(&format!("role.{}", r.code())))
        .collect();
    let ctx = PageCtx::new(lang, Some(&staff));
    let works_cases = staff.session.user.roles.iter().any(|r| r.works_cases());
    let mut tiles = Vec::new();
    if works_cases {
        for (view, total) in
            gongzhi_app::cases::queue_counts(&state.app, &staff.principal(&addr)).await?
        {
            tiles.push((view.code(), lang.t(&format!("view.{}", view.code())), total));
        }
    }
    let unread = state.reads.count_unread(staff.session.user.id).await?;
    let provisional = if staff.has(Role::Admin) {
        state.reads.count_provisional_cases().await? as usize
    } else {
        0
    };
    Ok(render(&StaffHomePage {
        username: staff.session.user.username.clone(),
        roles,
        scope_key,
        works_cases,
        is_admin: staff.has(Role::Admin),
        mediates: staff.has(Role::Mediator) || staff.has(Role::Court),
        answers_questions: staff.has(Role::Mediator),
        sees_enforcement: staff.has(Role::Street)
            || staff
                .session
                .user
                .roles
                .iter()
                .any(|r| r.sees_whole_district()),
        tiles,
        unread,
        provisional,
        does_intake: staff.has(Role::Intake) || staff.has(Role::Dispatcher),
        ctx,
    }))
}
