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
    /// (view, label key, count) tiles of the workbench.
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
        use gongzhi_store::cases::CaseFilter;
        let now = state.now();
        let user = &staff.session.user;
        let base = CaseFilter::new(staff.scope(), now);
        let mut filters: Vec<(&'static str, &'static str, CaseFilter)> = vec![
            (
                "mine",
                "view.mine",
                CaseFilter {
                    agent: Some(user.id),
                    open_only: true,
                    scope: Scope::District,
                    ..base.clone()
                },
            ),
            (
                "unit",
                "view.unit",
                CaseFilter {
                    unit: Some(user.unit_id),
                    open_only: true,
                    ..base.clone()
                },
            ),
            (
                "due",
                "view.due",
                CaseFilter {
                    due_within: Some(gongzhi_app::sweeper::DUE_SOON),
                    ..base.clone()
                },
            ),
            (
                "overdue",
                "view.overdue",
                CaseFilter {
                    overdue: true,
                    ..base.clone()
                },
            ),
        ];
        if staff.has(Role::Dispatcher) {
            filters.push((
                "dispatch",
                "view.dispatch",
                CaseFilter {
                    status: Some(gongzhi_domain::cases::CaseStatus::Received),
                    ..base.clone()
                },
            ));
            filters.push((
                "send_back",
                "view.send_back",
                CaseFilter {
                    send_back_pending: true,
                    ..base.clone()
                },
            ));
            filters.push((
                "escalation",
                "view.escalation",
                CaseFilter {
                    escalation_pending: true,
                    ..base.clone()
                },
            ));
        }
        for (view, key, f) in filters {
            let total = state
                .reads
                .list_cases(&f, gongzhi_store::PageRequest::new(1, 1))
                .await?
                .total;
            tiles.push((view, key, total));
        }
    }
    let unread = state.reads.count_unread(staff.session.user.id).await?;
    let provisional = if staff.has(Role::Admin) {
        state.reads.provisional_cases().await?.len()
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
