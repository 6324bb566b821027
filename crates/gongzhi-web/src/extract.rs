//! Request parsing that refuses what it cannot read exactly: strict UTF-8 forms, JSON objects with typed fields,
//! cookies, the client's address, and the signed-in user.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;

use gongzhi_app::StaffPrincipal;
use gongzhi_store::accounts::{SessionInfo, SessionKind};

use crate::codec::{SESSION_COOKIE, cookie, parse_urlencoded};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// A submitted HTML form, read strictly.
#[derive(Debug, Default, Clone)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn get_all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::MalformedForm
        }
    })
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = body_bytes(req, state).await?;
        let text = std::str::from_utf8(&bytes).map_err(|_| AppError::MalformedForm)?;
        parse_urlencoded(text)
            .map(FormData)
            .ok_or(AppError::MalformedForm)
    }
}

/// The client's address: the socket peer, or, behind trusted reverse proxies, the rightmost `X-Forwarded-For` hop
/// that no trusted proxy wrote. Hops to its left are whatever the client claimed, and are never believed.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The client among forwarded hops: with `trusted` proxies each appending the address it saw, the client is the
/// `trusted`-th hop from the right. `None` when that hop is missing or not an IP address.
pub fn forwarded_client(header_values: &[&str], trusted: usize) -> Option<String> {
    let hops: Vec<&str> = header_values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let index = hops.len().checked_sub(trusted.max(1))?;
    hops[index]
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

impl<S> FromRequestParts<S> for ClientAddr
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let app = AppState::from_ref(state);
        if app.config.trust_proxy {
            let values: Vec<&str> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            if let Some(client) = forwarded_client(&values, app.config.trusted_proxies) {
                return Ok(ClientAddr(client));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientAddr(peer.unwrap_or_else(|| "-".into())))
    }
}

/// The signed-in staff member, if any, from a Bearer token (API clients: only API tokens) or the session cookie
/// (browsers: only web sessions). A bad or expired credential, or one of the wrong kind, is the same as none.
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<Staff>);

/// A signed-in staff member; extracting it answers 401 (or a redirect to the login page) when nobody is signed in.
#[derive(Debug, Clone)]
pub struct Staff {
    pub session: SessionInfo,
    /// The digest of the token this request presented (to revoke it at logout).
    pub token_digest: String,
    pub via_bearer: bool,
}

impl<S> FromRequestParts<S> for MaybeStaff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        if let Some(staff) = parts.extensions.get::<MaybeStaff>() {
            return Ok(staff.clone());
        }
        let app = AppState::from_ref(state);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        let (token, via_bearer) = match bearer {
            Some(t) => (Some(t), true),
            None => (cookie(&parts.headers, SESSION_COOKIE), false),
        };
        let kind = if via_bearer {
            SessionKind::Api
        } else {
            SessionKind::Web
        };
        let staff = match token {
            Some(token) => gongzhi_app::accounts::session(&app.app, &token, kind)
                .await?
                .map(|session| Staff {
                    session,
                    token_digest: gongzhi_domain::accounts::token_digest(&token),
                    via_bearer,
                }),
            None => None,
        };
        let found = MaybeStaff(staff);
        parts.extensions.insert(found.clone());
        Ok(found)
    }
}

impl<S> FromRequestParts<S> for Staff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        MaybeStaff::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Unauthorized)
    }
}

impl Staff {
    pub fn has(&self, role: gongzhi_domain::org::Role) -> bool {
        self.session.user.roles.contains(&role)
    }

    pub fn require(&self, role: gongzhi_domain::org::Role) -> Result<(), AppError> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses people whose roles handle no residents' cases (care, mediation, court staff).
    pub fn require_case_worker(&self) -> Result<(), AppError> {
        if self.session.user.roles.iter().any(|r| r.works_cases()) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Hotline seats and dispatchers register matters.
    pub fn does_intake(&self) -> bool {
        self.has(gongzhi_domain::org::Role::Intake)
            || self.has(gongzhi_domain::org::Role::Dispatcher)
    }

    pub fn scope(&self) -> gongzhi_domain::org::Scope {
        gongzhi_domain::org::Scope::for_user(
            &self.session.user.roles,
            self.session.user.unit_id,
            self.session.unit_kind,
            self.session.street_id,
        )
    }

    /// Browser forms must echo the session's CSRF token (on top of the origin check every request passes). Bearer
    /// requests carry no ambient credential, so they need none.
    pub fn check_csrf(&self, form: &FormData) -> Result<(), AppError> {
        if self.via_bearer
            || constant_time_eq(
                form.get("csrf").as_bytes(),
                self.session.csrf_token.as_bytes(),
            )
        {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }

    /// Who acts, for the use cases.
    pub fn principal(&self, addr: &ClientAddr) -> StaffPrincipal {
        gongzhi_app::accounts::principal(&self.session, &addr.0)
    }

    /// The audit log's record of this staff member acting now (for the administrators' direct writes).
    pub fn actor(&self, state: &AppState, addr: &ClientAddr) -> gongzhi_store::Actor {
        self.principal(addr).actor(state.now())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Query-string parameters, read strictly like forms.
#[derive(Debug, Default, Clone)]
pub struct QueryData(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryData {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let raw = parts.uri.query().unwrap_or("");
        let pairs = parse_urlencoded(raw).ok_or(AppError::MalformedForm)?;
        Ok(QueryData(pairs.into_iter().collect()))
    }
}

impl QueryData {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
    pub fn page(&self) -> u32 {
        self.get("page").parse().unwrap_or(1).clamp(1, 100_000)
    }
}

/// The request's language.
#[derive(Debug, Clone, Copy)]
pub struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLang(Lang::for_page(&parts.headers)))
    }
}

impl crate::page::Viewer for Staff {
    fn session(&self) -> &SessionInfo {
        &self.session
    }
}

/// Refuses a signed-in staff member whose roles do no write in a module, before the request's body is read: an
/// upload is never parsed, a form never validated, a JSON body never checked for someone who may not send it. The
/// rule `may` is the module's, in the application crate (`gongzhi_app::<module>::may_write`); each use case checks
/// its own finer rule again. Reads pass; a request without credentials goes on to the handler, which answers it.
///
/// Put on a module's router with `route_layer(axum::middleware::from_fn(move |r, n| write_gate(may, r, n)))`; the
/// application state reaches it as a request extension set in [`crate::router`].
pub async fn write_gate(
    may: fn(&StaffPrincipal) -> bool,
    req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    use axum::response::IntoResponse;
    // Reads pass; so do the public's own forms and API (residents, partners' keys), which no role gates.
    let path = req.uri().path();
    let staff_path =
        path.starts_with("/staff") || path.starts_with("/admin") || path.starts_with("/api/");
    // Only the methods that write are gated; any other (TRACE, …) goes on to be answered 405 by the router.
    if !matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) || !staff_path
    {
        return next.run(req).await;
    }
    let Some(state) = req.extensions().get::<AppState>().cloned() else {
        return next.run(req).await;
    };
    let (mut parts, body) = req.into_parts();
    let staff = match MaybeStaff::from_request_parts(&mut parts, &state).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    if let Some(s) = &staff.0 {
        let addr = ClientAddr::from_request_parts(&mut parts, &state)
            .await
            .unwrap_or(ClientAddr("-".into()));
        if !may(&s.principal(&addr)) {
            return AppError::Forbidden.into_response();
        }
    }
    parts.extensions.insert(staff);
    next.run(Request::from_parts(parts, body)).await
}

/// A module's router with its write gate (see [`write_gate`]).
pub fn gated(
    router: axum::Router<AppState>,
    may: fn(&StaffPrincipal) -> bool,
) -> axum::Router<AppState> {
    router.route_layer(axum::middleware::from_fn(
        move |req: Request, next: axum::middleware::Next| write_gate(may, req, next),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_rightmost_hop_no_trusted_proxy_wrote() {
        // One proxy: it appended the address it saw; what the client wrote to the left is ignored.
        assert_eq!(
            forwarded_client(&["1.2.3.4, 10.0.0.9"], 1).as_deref(),
            Some("10.0.0.9")
        );
        assert_eq!(
            forwarded_client(&["1.2.3.4", "10.0.0.9"], 1).as_deref(),
            Some("10.0.0.9")
        );
        // Two proxies: the client is second from the right.
        assert_eq!(
            forwarded_client(&["6.6.6.6, 203.0.113.7, 10.0.0.2"], 2).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_client(&["10.0.0.2"], 2),
            None,
            "fewer hops than proxies: not believed"
        );
        assert_eq!(
            forwarded_client(&["evil\n, x"], 1),
            None,
            "a hop that is no address is not believed"
        );
        assert_eq!(forwarded_client(&["::1"], 1).as_deref(), Some("::1"));
    }
}
