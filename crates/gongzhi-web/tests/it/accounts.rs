//! Signing in and out: pages and API, throttling, CSRF, deactivated accounts.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_staff_member_logs_in_sees_who_they_are_and_logs_out() {
    let app = TestApp::new().await;
    let browser = app.login("street-bajiao").await;
    let home = app.get("/staff", Some(&browser.cookie)).await;
    assert!(
        home.body.contains("八角街道")
            && home.body.contains("街道干部")
            && home.body.contains("本街道")
    );
    assert!(home.body.contains("查看和处理诉求"));
    let set = app
        .post_form(
            "/login",
            None,
            &[("username", "street-bajiao"), ("password", PASSWORD)],
        )
        .await;
    let cookie_header = set.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie_header.contains("HttpOnly") && cookie_header.contains("SameSite=Lax"));
    assert!(
        !cookie_header.contains("Secure"),
        "plain HTTP without a TLS proxy"
    );

    let out = app
        .post_form("/logout", Some(&browser.cookie), &[("csrf", &browser.csrf)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get("/staff", Some(&browser.cookie)).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer opens the workbench"
    );
    app.finish().await;
}

#[tokio::test]
async fn cookies_are_secure_behind_a_tls_proxy() {
    let app = TestApp::new().await;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(axum::body::Body::from(format!(
            "username=admin&password={PASSWORD}"
        )))
        .unwrap();
    let reply = app.send(req).await;
    assert!(
        reply
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Secure")
    );
    app.finish().await;
}

#[tokio::test]
async fn wrong_passwords_get_one_message_and_a_stranger_cannot_lock_the_owner_out() {
    let app = TestApp::new().await;
    let unknown = app
        .post_form(
            "/login",
            None,
            &[("username", "nobody"), ("password", "whatever123")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("用户名或密码错误。"));
    for _ in 0..5 {
        let r = app
            .post_form_from(
                "/login",
                None,
                &[("username", "leader"), ("password", "wrong-password")],
                "10.9.0.9",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("用户名或密码错误。") && r.body.contains("value=\"leader\""));
    }
    // The guesser's address is stopped on this account, even with the right password.
    let blocked = app
        .post_form_from(
            "/login",
            None,
            &[("username", "leader"), ("password", PASSWORD)],
            "10.9.0.9",
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("登录失败次数过多"));
    let mut api = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .header("x-forwarded-for", "10.9.0.9");
    api = api.header("accept-language", "en");
    let api = app
        .send(
            api.body(axum::body::Body::from(
                json!({"username": "leader", "password": PASSWORD}).to_string(),
            ))
            .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"]["code"], "too_many_requests");
    // The owner, from an address without failures, still signs in (after the account's growing delay).
    let owner = app
        .post_form_from(
            "/login",
            None,
            &[("username", "leader"), ("password", PASSWORD)],
            "10.0.0.77",
        )
        .await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER, "{}", owner.body);
    // Another account from the guesser's address still works.
    let other = app
        .post_form_from(
            "/login",
            None,
            &[("username", "dispatcher"), ("password", PASSWORD)],
            "10.9.0.9",
        )
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
    app.finish().await;
}

#[tokio::test]
async fn simultaneous_guesses_cannot_overtake_the_limit() {
    let app = TestApp::new().await;
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..30 {
        let router = app.router.clone();
        // The right password hides among the guesses: before the fix it got through.
        let password = if i == 17 {
            PASSWORD.to_owned()
        } else {
            format!("wrong-{i}")
        };
        attempts.spawn(async move {
            use tower::ServiceExt;
            let body = format!("username=street-bajiao&password={password}");
            let req = axum::http::Request::builder()
                .method("POST")
                .uri("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .header("x-forwarded-for", "10.66.0.1")
                .body(axum::body::Body::from(body))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        });
    }
    let statuses: Vec<StatusCode> = attempts.join_all().await;
    let evaluated = statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        evaluated, 5,
        "exactly the allowance is evaluated: {statuses:?}"
    );
    app.finish().await;
}

#[tokio::test]
async fn one_address_is_throttled_after_twenty_failures_across_accounts() {
    let app = TestApp::new().await;
    for i in 0..20 {
        let name = format!("guess{i}");
        let r = app
            .post_form_from(
                "/login",
                None,
                &[("username", &name), ("password", "x")],
                "10.7.7.7",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app
        .post_form_from(
            "/login",
            None,
            &[("username", "admin"), ("password", PASSWORD)],
            "10.7.7.7",
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = app
        .post_form_from(
            "/login",
            None,
            &[("username", "admin"), ("password", PASSWORD)],
            "10.7.7.8",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    app.finish().await;
}

#[tokio::test]
async fn api_tokens_authenticate_and_are_revoked_at_logout() {
    let app = TestApp::new().await;
    let bad = app
        .post_json(
            "/api/v1/auth/login",
            None,
            &json!({"username": "admin", "password": "nope-nope-nope"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.json()["error"]["code"], "bad_credentials");
    let typed = app
        .post_json("/api/v1/auth/login", None, &json!({"username": 7}))
        .await;
    assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);

    let token = app.token("dispatcher").await;
    let me = app.get_api("/api/v1/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "dispatcher");
    assert_eq!(me.json()["roles"], json!(["dispatcher"]));
    let out = app
        .post_json("/api/v1/auth/logout", Some(&token), &json!({}))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let again = app.get_api("/api/v1/me", Some(&token)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.json()["error"]["code"], "unauthorized");
    assert!(
        again.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("请先登录")
    );
    let req = axum::http::Request::builder()
        .uri("/api/v1/me")
        .header("authorization", format!("Bearer {token}"))
        .header("accept-language", "en-US,en;q=0.9")
        .body(axum::body::Body::empty())
        .unwrap();
    let english = app.send(req).await;
    assert!(
        english.body.contains("Please log in"),
        "API clients may ask for English: {}",
        english.body
    );
    let req = axum::http::Request::builder()
        .uri("/login")
        .header("accept-language", "en-US")
        .body(axum::body::Body::empty())
        .unwrap();
    assert!(
        app.send(req).await.body.contains("工作人员登录"),
        "pages stay Chinese unless switched"
    );
    app.finish().await;
}

#[tokio::test]
async fn forms_without_the_session_token_or_from_another_site_are_refused() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let unit = app
        .store()
        .get_unit_by_code("street.bajiao")
        .await
        .unwrap()
        .unit
        .id
        .to_string();
    let fields = [
        ("kind", "community"),
        ("parent_id", unit.as_str()),
        ("code", "street.bajiao.c99"),
        ("name", "测试社区"),
        ("lat", "39.91"),
        ("lon", "116.19"),
    ];
    let no_token = app
        .post_form("/admin/units/new", Some(&admin.cookie), &fields)
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(no_token.body.contains("页面已过期或来源不明"));

    let mut with_token = fields.to_vec();
    with_token.push(("csrf", &admin.csrf));
    let body = with_token
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/admin/units/new")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &admin.cookie)
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(body))
        .unwrap();
    let cross = app.send(req).await;
    assert_eq!(
        cross.status,
        StatusCode::FORBIDDEN,
        "a cross-site post is refused even with a stolen token"
    );
    assert!(
        app.store()
            .get_unit_by_code("street.bajiao.c99")
            .await
            .is_err(),
        "nothing was created"
    );
    app.finish().await;
}
