//! Page plumbing every page-serving module shares, below all of them: the context each template gets, rendering,
//! redirects to parsed local paths, and the one place where error responses get their bodies. It depends only on
//! `codec`, `i18n`, `assets` and `error`, never on a module that serves pages.

use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use gongzhi_domain::org::Role;
use gongzhi_store::accounts::SessionInfo;

use crate::error::{AppError, Rendered};
use crate::i18n::Lang;

/// Whoever a page is shown to, as far as the page's frame cares (implemented by the signed-in staff extractor).
pub trait Viewer {
    fn session(&self) -> &SessionInfo;
}

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
    /// Works with elders' records (care officers, assessors, stations, carers, leaders, street and community staff).
    pub works_care: bool,
    /// Opens the district dashboard (leaders, the assessment office, dispatchers).
    pub sees_dashboard: bool,
}

impl PageCtx {
    pub fn anonymous(lang: Lang) -> PageCtx {
        PageCtx {
            lang,
            user: None,
            csrf: String::new(),
            asset_version: crate::assets::VERSION.as_str(),
        }
    }

    pub fn new<V: Viewer>(lang: Lang, viewer: Option<&V>) -> PageCtx {
        let mut ctx = PageCtx::anonymous(lang);
        if let Some(viewer) = viewer {
            let session = viewer.session();
            let roles = &session.user.roles;
            ctx.user = Some(UserBadge {
                display_name: session.user.display_name.clone(),
                unit_name: session.unit_name.clone(),
                is_admin: roles.contains(&Role::Admin),
                works_cases: roles.iter().any(|r| r.works_cases()),
                does_intake: roles.contains(&Role::Intake) || roles.contains(&Role::Dispatcher),
                works_care: [
                    Role::CareAdmin,
                    Role::Assessor,
                    Role::Station,
                    Role::Provider,
                    Role::Leader,
                    Role::Street,
                    Role::Community,
                ]
                .iter()
                .any(|r| roles.contains(r)),
                sees_dashboard: gongzhi_app::assessment::sees_dashboard(roles),
            });
            ctx.csrf = session.csrf_token.clone();
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

    /// What a timeline entry's data says in words: the outcome a closing gave, the verdict (resolved or not, and
    /// how satisfied), why a case was marked invalid. Empty when the entry carries none of these.
    pub fn event_detail(&self, data: &str) -> String {
        let Ok(d) = serde_json::from_str::<serde_json::Value>(data) else {
            return String::new();
        };
        let mut parts: Vec<&str> = Vec::new();
        if let Some(o) = d["outcome"]
            .as_str()
            .and_then(|o| self.lang.try_t(&format!("outcome.{o}")))
        {
            parts.push(o);
        }
        if let Some(r) = d["reason"]
            .as_str()
            .and_then(|r| self.lang.try_t(&format!("invalid_reason.{r}")))
        {
            parts.push(r);
        }
        if let Some(resolved) = d["resolved"].as_bool() {
            parts.push(self.lang.t(if resolved {
                "verdict.resolved"
            } else {
                "verdict.unresolved"
            }));
        }
        if let Some(s) = d["satisfaction"]
            .as_str()
            .and_then(|s| self.lang.try_t(&format!("satisfaction.{s}")))
        {
            parts.push(s);
        }
        parts.join(self.lang.t("list.sep"))
    }

    /// Words in brackets after a name, as the page's language writes them: full-width `（…）` in Chinese, ` (…)` in
    /// English.
    pub fn paren(&self, inner: impl std::fmt::Display) -> String {
        match self.lang {
            crate::i18n::Lang::Zh => format!("（{inner}）"),
            crate::i18n::Lang::En => format!(" ({inner})"),
        }
    }

    /// The colon between a label and what follows it.
    pub fn colon(&self) -> &'static str {
        match self.lang {
            crate::i18n::Lang::Zh => "：",
            crate::i18n::Lang::En => ": ",
        }
    }

    /// Two things in brackets, separated as a list.
    pub fn paren_list(&self, a: impl std::fmt::Display, b: impl std::fmt::Display) -> String {
        self.paren(format!("{a}{}{b}", self.lang.t("list.sep")))
    }

    /// Two things in brackets, a space between them (a count and its unit, a label and a number).
    pub fn paren_pair(&self, a: impl std::fmt::Display, b: impl std::fmt::Display) -> String {
        self.paren(format!("{a} {b}"))
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

    /// A disability level (0–5) by the national standard's name, in the page's language.
    pub fn care_level(&self, level: &u8) -> &'static str {
        self.lang.try_t(&format!("level.{level}")).unwrap_or("—")
    }

    /// A dispute type by its code, in the page's language: in Chinese the district's own name (`name`, from its data);
    /// in English the shipped type's English name, or the district's name for a type of its own.
    pub fn dispute_type<'a>(&self, code: &str, name: &'a str) -> &'a str {
        match self.lang {
            Lang::Zh => name,
            Lang::En => self.lang.try_t(&format!("dtype.{code}")).unwrap_or(name),
        }
    }

    /// An item of the national disability standard by its name, in the page's language.
    pub fn care_item(&self, code: &str) -> &'static str {
        self.lang.try_t(&format!("item.{code}")).unwrap_or("")
    }

    /// An instant in the district's local time (askama hands template values over by one or two references).
    pub fn time(&self, at: impl AsMillis) -> String {
        gongzhi_domain::format_local(at.millis())
    }

    /// A deadline: midnight is the day before's 24:00 (当日 24 时), as the forms and the rules say it.
    pub fn deadline(&self, at: impl AsMillis) -> String {
        gongzhi_domain::format_deadline(at.millis())
    }

    /// A WGS84 coordinate to six decimals (about 0.1 m), not the float's every digit.
    pub fn coord(&self, value: &f64) -> String {
        format!("{value:.6}")
    }
}

/// Renders a template to an HTML response (a failure to render is an internal error).
pub fn render<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => {
            let mut r = Html(html).into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
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

/// A local path to return to, or `/`. Parsed, not pattern-matched: only a same-origin path (one leading slash,
/// no scheme or host) made of visible characters survives — no control characters, white space or backslashes,
/// which browsers strip or turn into slashes and so into another host (`/\t/evil.example` → `//evil.example`).
pub fn safe_next(next: &str) -> String {
    let visible = !next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    let local = next.starts_with('/') && !next.starts_with("//") && next.len() <= 2_000;
    let parsed = next
        .parse::<axum::http::uri::PathAndQuery>()
        .is_ok_and(|p| p.as_str() == next);
    if visible && local && parsed {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

/// A `303 See Other` to `target`. A target that cannot be a header value (it never should, since every caller
/// builds it from parsed parts) goes home instead of failing the request.
pub struct SeeOther(HeaderValue);

/// One bar of a chart the templates draw as SVG: label, value shown, height (of 100) and x.
pub struct Bar {
    pub label: String,
    pub value: String,
    /// The bar's length as a share of the longest, 0–100.
    pub height: i64,
}

/// A chart: a title (a message key) and its bars.
pub struct Chart {
    pub title: &'static str,
    pub bars: Vec<Bar>,
}

/// Where a form goes after its use case: to `done` on success; on a business refusal or invalid input back to `back`
/// with `?error=code` (the page shows `refusal_message`); other errors as error pages.
pub fn after_form<T>(
    result: Result<T, gongzhi_app::AppError>,
    done: &str,
    back: &str,
) -> Result<Response, AppError> {
    match result.map_err(AppError::from) {
        Ok(_) => Ok(see_other(done).into_response()),
        Err(AppError::Case(code) | AppError::Denied(code)) => {
            Ok(see_other(&with_param(back, "error", code)).into_response())
        }
        Err(AppError::Validation(e)) => Ok(see_other(&with_param(
            back,
            "error",
            e.0.first().map(|f| f.code).unwrap_or("invalid"),
        ))
        .into_response()),
        Err(e) => Err(e),
    }
}

/// `url` with `key=value` added to its query — after `?` or `&` as the address already has a query or not, and before
/// any `#fragment` — so a form's way back keeps its own parameters and the refusal reaches the page.
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let joined = if path.contains('?') { '&' } else { '?' };
    let mut out = format!(
        "{path}{joined}{key}={}",
        crate::codec::encode_component(value)
    );
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The message for a refusal code a form's redirect carries (`?error=`): a business refusal (`case_err.*`), else a
/// validation code; empty for none.
pub fn refusal_message(lang: crate::i18n::Lang, code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    lang.try_t(&format!("case_err.{code}"))
        .unwrap_or_else(|| lang.error(code))
        .to_owned()
}

/// An instant as a `datetime-local` input's value (Beijing time).
pub fn local_input(at: i64) -> String {
    gongzhi_domain::format_local(at).replace(' ', "T")
}

/// Parses the `YYYY-MM-DDTHH:MM` value of a `datetime-local` input (Beijing time) into an instant.
pub fn parse_local_datetime(raw: &str) -> Option<i64> {
    let dt: jiff::civil::DateTime = raw.trim().parse().ok()?;
    let offset = jiff::tz::Offset::from_seconds(gongzhi_domain::CHINA_OFFSET_SECONDS).ok()?;
    offset.to_timestamp(dt).ok().map(|t| t.as_millisecond())
}

pub fn see_other(target: &str) -> SeeOther {
    SeeOther(HeaderValue::from_str(target).unwrap_or(HeaderValue::from_static("/")))
}

impl IntoResponse for SeeOther {
    fn into_response(self) -> Response {
        (
            axum::http::StatusCode::SEE_OTHER,
            [(header::LOCATION, self.0)],
        )
            .into_response()
    }
}

/// Writes the body of every error response, in the request's language.
pub async fn render_errors(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let lang = if api {
        Lang::for_api(request.headers())
    } else {
        Lang::for_page(request.headers())
    };
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let session_token = crate::codec::cookie(request.headers(), crate::codec::SESSION_COOKIE);
    let response = next.run(request).await;
    let Some(Rendered(error)): Option<Rendered> = response.extensions().get::<Rendered>().cloned()
    else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.extensions.remove::<Rendered>();
    let message = match &*error {
        AppError::Internal(_) => format!("{} {request_id}", lang.t("error.internal")),
        AppError::Case(code) | AppError::Denied(code) => {
            lang.t(&format!("case_err.{code}")).to_owned()
        }
        e => lang.t(&format!("error.{}", e.code())).to_owned(),
    };
    if api {
        let mut body = json!({ "error": { "code": error.code(), "message": message } });
        if let AppError::Validation(errors) = &*error {
            body["error"]["fields"] = errors
                .0
                .iter()
                .map(|f| json!({ "field": f.field, "code": f.code, "message": lang.error(f.code) }))
                .collect();
        }
        if matches!(&*error, AppError::Internal(_)) {
            body["error"]["request_id"] = json!(request_id);
        }
        let mut out = (parts.status, Json(body)).into_response();
        for (name, value) in parts.headers.iter() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                out.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return out;
    }
    if matches!(&*error, AppError::Unauthorized) {
        let next = crate::codec::encode_component(&path_and_query);
        return see_other(&format!("/login?next={next}")).into_response();
    }
    // A signed-in member of staff keeps the staff header and navigation on an error page, and is led back to the
    // workbench rather than the public home.
    let staff = match session_token {
        Some(token) => gongzhi_app::accounts::session(
            &state.app,
            &token,
            gongzhi_store::accounts::SessionKind::Web,
        )
        .await
        .ok()
        .flatten()
        .map(SignedIn),
        None => None,
    };
    let page = ErrorPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        status: parts.status.as_u16(),
        message,
    };
    let mut out = render(&page);
    *out.status_mut() = parts.status;
    out.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    out
}

/// JSON for a `<script type="application/json">` block: nothing in it can close the element.
pub fn json_for_script(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A session read for an error page.
struct SignedIn(SessionInfo);

impl Viewer for SignedIn {
    fn session(&self) -> &SessionInfo {
        &self.0
    }
}

/// The cookie a form's redirect leaves for the next page to confirm what was done (a message key, never data).
const FLASH_COOKIE: &str = "gz_flash";

/// A visible confirmation after every action: a page form (`POST`) answered with a redirect that is not a refusal
/// (`?error=`) leaves the action's message key in a one-minute cookie; the next HTML page shows the message at the
/// top of its content (`#flash`, announced to screen readers) and clears the cookie. The key is the action's path
/// segment when it has its own message (`flash.accept`), else `flash.saved`; only known keys are ever shown.
pub async fn flash(request: Request, next: Next) -> Response {
    let is_form =
        request.method() == axum::http::Method::POST && !request.uri().path().starts_with("/api/");
    let action = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_owned();
    let skip = matches!(request.uri().path(), "/login" | "/logout")
        || request.uri().path().starts_with("/lang/");
    let lang = Lang::for_page(request.headers());
    let pending = crate::codec::cookie(request.headers(), FLASH_COOKIE)
        .filter(|k| lang.try_t(&format!("flash.{k}")).is_some());
    let mut response = next.run(request).await;
    let status = response.status();
    if is_form && !skip && status == axum::http::StatusCode::SEE_OTHER {
        let refused = response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.contains("error="));
        if !refused {
            let key = if lang.try_t(&format!("flash.{action}")).is_some() {
                action.as_str()
            } else {
                "saved"
            };
            let cookie =
                format!("{FLASH_COOKIE}={key}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        return response;
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(key) = pending.filter(|_| html && !status.is_redirection()) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return (parts.status, "").into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let message = lang.t(&format!("flash.{key}"));
    let note =
        format!("<main id=\"main\"><p class=\"flash\" id=\"flash\" role=\"status\">{message}</p>");
    let page = page.replacen("<main id=\"main\">", &note, 1);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.append(
        header::SET_COOKIE,
        HeaderValue::from_static("gz_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
    );
    Response::from_parts(parts, axum::body::Body::from(page))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            super::safe_next("/staff/cases?page=2"),
            "/staff/cases?page=2"
        );
        assert_eq!(super::safe_next("//evil.example/"), "/");
        assert_eq!(super::safe_next("https://evil.example/"), "/");
        assert_eq!(super::safe_next("/\\evil"), "/");
        assert_eq!(
            super::safe_next("/\t/evil.example"),
            "/",
            "a tab is dropped by browsers, leaving //evil.example"
        );
        assert_eq!(super::safe_next("/\u{1}"), "/");
        assert_eq!(super::safe_next("/ /evil.example"), "/");
        assert_eq!(super::safe_next("/\n/x"), "/");
        assert_eq!(super::safe_next("javascript:alert(1)"), "/");
        assert_eq!(super::safe_next(""), "/");
        assert_eq!(
            super::safe_next("/track?case_no=2025&x=%E8%B7%AF"),
            "/track?case_no=2025&x=%E8%B7%AF"
        );
    }
}
