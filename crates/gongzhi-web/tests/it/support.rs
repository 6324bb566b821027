//! A test application: a fresh database with the demo district, the router, and helpers to sign in and send requests.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use gongzhi_store::testing::TestDb;
use gongzhi_store::{Actor, Store};
use gongzhi_web::{AppState, WebConfig};

pub const PASSWORD: &str = "gongzhi-demo";

pub struct TestApp {
    pub db: TestDb,
    pub router: axum::Router,
    pub state: AppState,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (for downloads).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The session cookie this reply sets, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("gz_session=") && !c.starts_with("gz_session=;"))
            .map(|c| c.split(';').next().unwrap().to_owned())
    }
}

/// A signed-in browser: its cookie and the CSRF token its pages carry.
#[derive(Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::on(TestDb::sqlite().await).await
    }

    /// A test application over a given fresh database (SQLite or PostgreSQL).
    pub async fn on(db: TestDb) -> TestApp {
        let hash = gongzhi_app::accounts::hash_password(PASSWORD.into())
            .await
            .unwrap();
        let clock = gongzhi_app::Clock::for_tests();
        db.store
            .ensure_calendar(&Actor::system(clock.now()))
            .await
            .unwrap();
        gongzhi_demo::seed_district(&db.store, &Actor::system(clock.now()), &hash)
            .await
            .unwrap();
        // Trust X-Forwarded-For so tests can play clients at different addresses.
        let config = WebConfig {
            trust_proxy: true,
            ..Default::default()
        };
        let state = AppState::new(db.store.clone(), config, clock);
        let router = gongzhi_web::router(state.clone());
        TestApp { db, router, state }
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    /// Now, by the application's clock (which the test controls).
    pub fn now(&self) -> i64 {
        self.state.now()
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut r = Request::builder()
            .uri(path)
            .header("x-forwarded-for", "10.0.0.1");
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Reply {
        self.post_form_from(path, cookie, fields, "10.0.0.1").await
    }

    pub async fn post_form_from(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
        addr: &str,
    ) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.post_raw(
            path,
            cookie,
            "application/x-www-form-urlencoded",
            body.into_bytes(),
            addr,
        )
        .await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        cookie: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
        addr: &str,
    ) -> Reply {
        let mut r = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .header("sec-fetch-site", "same-origin")
            .header("x-forwarded-for", addr);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> Reply {
        let mut r = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-forwarded-for", "10.0.0.2");
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(r.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// `POST /api/v1/cases/{case_no}/{action}` with a Bearer token.
    pub async fn act(
        &self,
        token: &str,
        case_no: &str,
        action: &str,
        body: serde_json::Value,
    ) -> Reply {
        self.post_json(
            &format!("/api/v1/cases/{case_no}/{action}"),
            Some(token),
            &body,
        )
        .await
    }

    pub async fn get_api(&self, path: &str, token: Option<&str>) -> Reply {
        let mut r = Request::builder()
            .uri(path)
            .header("x-forwarded-for", "10.0.0.2");
        if let Some(t) = token {
            r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    /// Signs in through the login form and reads the CSRF token from the workbench page.
    pub async fn login(&self, username: &str) -> Browser {
        let reply = self
            .post_form(
                "/login",
                None,
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "login of {username}: {}",
            reply.body
        );
        let cookie = reply.session_cookie().expect("a session cookie");
        let page = self.get("/staff", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        Browser {
            csrf: csrf_of(&page.body),
            cookie,
        }
    }

    /// Signs in through the JSON API and returns the Bearer token.
    pub async fn token(&self, username: &str) -> String {
        let reply = self
            .post_json(
                "/api/v1/auth/login",
                None,
                &serde_json::json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()["token"].as_str().unwrap().to_owned()
    }

    pub async fn finish(self) {
        self.db.finish().await;
    }
}

pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a CSRF field on the page") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

pub fn enc(s: &str) -> String {
    gongzhi_domain::notify::percent_encode(s)
}

/// A resident's well-formed request near 八角北路社区 (the first community of 八角街道).
pub fn resident_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("kind", "complaint"),
        ("title", "夜间施工噪音扰民"),
        (
            "description",
            "杨庄东街工地每晚十一点后仍在施工，影响休息。",
        ),
        ("address", "八角街道杨庄东街12号"),
        ("lat", "39.9185"),
        ("lon", "116.1960"),
        ("name", "王女士"),
        ("phone", "13912345678"),
    ]
}

pub fn resident_json() -> serde_json::Value {
    serde_json::json!({
        "kind": "help",
        "title": "楼道灯坏了",
        "description": "3号楼2单元楼道灯坏了一周。",
        "address": "古城街道古城南路5号院3号楼",
        "lat": 39.9262,
        "lon": 116.1801,
        "name": "李先生",
        "phone": "13700001234"
    })
}

/// Extracts the 14-digit case number a page shows.
pub fn case_no_in(html: &str) -> String {
    let marker = "id=\"case-no\">";
    let start = html.find(marker).expect("a case number on the page") + marker.len();
    html[start..start + 14].to_owned()
}

/// One sweep of `state`'s application with its clock moved to `at`.
pub async fn sweep_at(
    state: &AppState,
    at: i64,
) -> Result<gongzhi_app::sweeper::SweepReport, gongzhi_app::AppError> {
    state.app.clock().set(at);
    gongzhi_app::sweeper::sweep_once(&state.app).await
}

/// Held while a test captures logs: one capture at a time, so two tests never register and drop their per-thread
/// subscribers at once (tracing rebuilds its callsite interest and maximum level on both, and overlapping rebuilds
/// could leave a capture seeing nothing).
pub struct CaptureGuard {
    _default: tracing::subscriber::DefaultGuard,
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

/// Everything logged (at every level, without colours) on this test's thread while the returned guard lives.
pub fn capture_logs() -> (LogSink, CaptureGuard) {
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let one = ONE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // tracing decides once per call site whether anyone listens, and while a single dispatcher is registered it asks
    // only the current thread's: a call site first met on another test's thread (with none) would stay silent here
    // for good. A second, permanent dispatcher makes it ask every registered one, this capture included.
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| {
        tracing::Dispatch::new(
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::ERROR)
                .with_writer(std::io::sink)
                .finish(),
        )
    });
    let default = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    (
        sink,
        CaptureGuard {
            _default: default,
            _one_at_a_time: one,
        },
    )
}

#[derive(Clone, Default)]
pub struct LogSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl LogSink {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Registers a hotline case through staff intake, placed at a community's centre; `extra` adds or overrides fields.
pub async fn hotline_case(
    app: &TestApp,
    token: &str,
    category: &str,
    community: &str,
    extra: serde_json::Value,
) -> serde_json::Value {
    let c = app
        .store()
        .get_unit_by_code(community)
        .await
        .unwrap()
        .unit
        .centre
        .unwrap();
    let mut body = serde_json::json!({
        "kind": "complaint", "channel": "hotline", "category": category, "title": "楼道堆物", "description": "楼道堆满杂物。",
        "address": "某社区3号楼", "lat": c.lat, "lon": c.lon, "name": "赵先生", "phone": "13800138000"
    });
    for (k, v) in extra.as_object().expect("an object of fields") {
        body[k] = v.clone();
    }
    let reply = app.post_json("/api/v1/cases", Some(token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()
}

/// A multipart body with text fields and files (name, filename, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----gongzhi-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (k, filename, data) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
