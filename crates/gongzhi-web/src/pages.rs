//! Page plumbing shared by every module (the context each template gets, rendering, the error page), and the pages
//! that belong to no domain: the residents' home, the staff workbench home, the language switch.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use gongzhi_domain::org::{Role, Scope};

use crate::AppState;
use crate::error::AppError;
use crate::extract::{MaybeStaff, QueryData, ReqLang, Staff};
use crate::i18n::Lang;

/// Who is looking at a page, in which language; every template has one as `ctx`.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<UserBadge>,
    /// The session's CSRF token, echoed by every form a signed-in user submits.
    pub csrf: String,
    pub asset_version: &'static str,
}

#[derive(Debug, Clone)]
pub struct UserBadge {
    pub display_name: String,
    pub unit_name: String,
    pub is_admin: bool,
    pub works_cases: bool,
    pub does_intake: bool,
}

impl PageCtx {
    pub fn anonymous(lang: Lang) -> PageCtx {
        PageCtx { lang, user: None, csrf: String::new(), asset_version: crate::assets::VERSION.as_str() }
    }

    pub fn new(lang: Lang, staff: Option<&Staff>) -> PageCtx {
        let mut ctx = PageCtx::anonymous(lang);
        if let Some(staff) = staff {
            let roles = &staff.session.user.roles;
            ctx.user = Some(UserBadge {
                display_name: staff.session.user.display_name.clone(),
                unit_name: staff.session.unit_name.clone(),
                is_admin: roles.contains(&Role::Admin),
                works_cases: roles.iter().any(|r| r.works_cases()),
                does_intake: roles.contains(&Role::Intake) || roles.contains(&Role::Dispatcher),
            });
            ctx.csrf = staff.session.csrf_token.clone();
        }
        ctx
    }

    /// The message for `key` in the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The label of a code in a family: `label("kind", "help")` is the message `kind.help`.
    pub fn label(&self, family: &str, code: &str) -> &'static str {
        self.lang.t(&format!("{family}.{code}"))
    }

    /// The message for a validation code.
    pub fn err(&self, code: &str) -> &'static str {
        self.lang.error(code)
    }

    /// The other language, for the switch link.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "en",
            Lang::En => "zh",
        }
    }

    /// An instant in the district's local time (askama hands template values over by one or two references).
    pub fn time(&self, at: impl AsMillis) -> String {
        gongzhi_domain::format_local(at.millis())
    }
}

/// Renders a template to an HTML response (a failure to render is an internal error).
pub fn render<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => {
            let mut r = Html(html).into_response();
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(e) => AppError::internal(e).into_response(),
    }
}

/// An instant in epoch milliseconds, however many references deep a template holds it.
pub trait AsMillis {
    fn millis(&self) -> i64;
}

impl AsMillis for i64 {
    fn millis(&self) -> i64 {
        *self
    }
}

impl<T: AsMillis + ?Sized> AsMillis for &T {
    fn millis(&self) -> i64 {
        (**self).millis()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: PageCtx,
    pub status: u16,
    pub message: String,
}

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
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home)).route("/lang/{code}", get(switch_lang)).route("/staff", get(staff_home))
}

async fn home(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff) -> Response {
    render(&HomePage { ctx: PageCtx::new(lang, staff.as_ref()) })
}

/// Sets the language cookie (a year) and goes back where the user was. Only local paths are followed, so the link
/// cannot be used to bounce people to another site.
async fn switch_lang(Path(code): Path<String>, query: QueryData) -> Result<Response, AppError> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    let next = safe_next(query.get("next"));
    let mut response = crate::pages::see_other(&next).into_response();
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

/// A local path to return to, or `/`. Parsed, not pattern-matched: only a same-origin path (one leading slash,
/// no scheme or host) made of visible characters survives — no control characters, white space or backslashes,
/// which browsers strip or turn into slashes and so into another host (`/\t/evil.example` → `//evil.example`).
pub fn safe_next(next: &str) -> String {
    let visible = !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let local = next.starts_with('/') && !next.starts_with("//") && next.len() <= 2_000;
    let parsed = next.parse::<axum::http::uri::PathAndQuery>().is_ok_and(|p| p.as_str() == next);
    if visible && local && parsed { next.to_owned() } else { "/".to_owned() }
}

/// A `303 See Other` to `target`. A target that cannot be a header value (it never should, since every caller
/// builds it from parsed parts) goes home instead of failing the request.
pub struct SeeOther(HeaderValue);

pub fn see_other(target: &str) -> SeeOther {
    SeeOther(HeaderValue::from_str(target).unwrap_or(HeaderValue::from_static("/")))
}

impl IntoResponse for SeeOther {
    fn into_response(self) -> Response {
        (axum::http::StatusCode::SEE_OTHER, [(header::LOCATION, self.0)]).into_response()
    }
}

async fn staff_home(State(state): State<AppState>, ReqLang(lang): ReqLang, staff: Staff) -> Result<Response, AppError> {
    let scope_key = match staff.scope() {
        Scope::District => "scope.district",
        Scope::Street(_) => "scope.street",
        Scope::Community(_) => "scope.community",
        Scope::Unit(_) => "scope.unit",
        Scope::Nothing => "scope.nothing",
    };
    let roles = staff.session.user.roles.iter().map(|r| lang.t(&format!("role.{}", r.code()))).collect();
    let ctx = PageCtx::new(lang, Some(&staff));
    let works_cases = staff.session.user.roles.iter().any(|r| r.works_cases());
    let mut tiles = Vec::new();
    if works_cases {
        use gongzhi_store::cases::CaseFilter;
        let now = state.now();
        let user = &staff.session.user;
        let base = CaseFilter::new(staff.scope(), now);
        let mut filters: Vec<(&'static str, &'static str, CaseFilter)> = vec![
            ("mine", "view.mine", CaseFilter { agent: Some(user.id), open_only: true, scope: Scope::District, ..base.clone() }),
            ("unit", "view.unit", CaseFilter { unit: Some(user.unit_id), open_only: true, ..base.clone() }),
            ("due", "view.due", CaseFilter { due_within: Some(gongzhi_app::sweeper::DUE_SOON), ..base.clone() }),
            ("overdue", "view.overdue", CaseFilter { overdue: true, ..base.clone() }),
        ];
        if staff.has(Role::Dispatcher) {
            filters.push(("dispatch", "view.dispatch", CaseFilter { status: Some(gongzhi_domain::cases::CaseStatus::Received), ..base.clone() }));
            filters.push(("send_back", "view.send_back", CaseFilter { send_back_pending: true, ..base.clone() }));
        }
        for (view, key, f) in filters {
            let total = state.store.list_cases(&f, gongzhi_store::PageRequest::new(1, 1)).await?.total;
            tiles.push((view, key, total));
        }
    }
    let unread = state.store.count_unread(staff.session.user.id).await?;
    let provisional = if staff.has(Role::Admin) { state.store.provisional_cases().await?.len() } else { 0 };
    Ok(render(&StaffHomePage {
        username: staff.session.user.username.clone(),
        roles,
        scope_key,
        works_cases,
        is_admin: staff.has(Role::Admin),
        tiles,
        unread,
        provisional,
        does_intake: staff.has(Role::Intake) || staff.has(Role::Dispatcher),
        ctx,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/staff/cases?page=2"), "/staff/cases?page=2");
        assert_eq!(super::safe_next("//evil.example/"), "/");
        assert_eq!(super::safe_next("https://evil.example/"), "/");
        assert_eq!(super::safe_next("/\\evil"), "/");
        assert_eq!(super::safe_next("/\t/evil.example"), "/", "a tab is dropped by browsers, leaving //evil.example");
        assert_eq!(super::safe_next("/\u{1}"), "/");
        assert_eq!(super::safe_next("/ /evil.example"), "/");
        assert_eq!(super::safe_next("/\n/x"), "/");
        assert_eq!(super::safe_next("javascript:alert(1)"), "/");
        assert_eq!(super::safe_next(""), "/");
        assert_eq!(super::safe_next("/track?case_no=2025&x=%E8%B7%AF"), "/track?case_no=2025&x=%E8%B7%AF");
    }
}
