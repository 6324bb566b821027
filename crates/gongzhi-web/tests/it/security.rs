//! The findings of the penetration test, each reproduced and shown closed: cross-scope merge and link, open
//! redirects, racy throttles, spoofed forwarded addresses, forged log lines, reassignment to people who cannot work
//! the case, session tokens used on the wrong channel, attachment floods, control characters in redirect targets.

use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::*;

async fn placed_intake(app: &TestApp, token: &str, category: &str, community: &str) -> String {
    hotline_case(app, token, category, community, json!({})).await["case_no"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn merge_and_link_answer_404_for_a_target_outside_the_actors_scope_as_for_a_missing_one() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let mine = placed_intake(&app, &intake, "A01", "street.bajiao.c01").await;
    let theirs = placed_intake(&app, &intake, "A01", "street.gucheng.c01").await;
    let theirs_no = gongzhi_domain::cases::CaseNo::parse(&theirs).unwrap();
    let version_before = app
        .store()
        .get_case_by_no(&theirs_no)
        .await
        .unwrap()
        .version;
    let worker = app.token("community-bajiao").await;
    assert_eq!(
        app.act(&worker, &mine, "accept", json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{theirs}"), Some(&worker))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for action in ["link", "merge"] {
        let out_of_scope = app
            .act(&worker, &mine, action, json!({"case_no": theirs}))
            .await;
        let missing = app
            .act(&worker, &mine, action, json!({"case_no": "20000101000001"}))
            .await;
        assert_eq!(
            (out_of_scope.status, missing.status),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
            "{action}"
        );
        assert_eq!(
            out_of_scope.json()["error"]["code"],
            missing.json()["error"]["code"],
            "existence does not leak"
        );
    }
    let other = app.store().get_case_by_no(&theirs_no).await.unwrap();
    assert_eq!(
        (other.version, other.merged_into),
        (version_before, None),
        "the other street's case is untouched"
    );
    assert!(app.store().case_links(other.id).await.unwrap().is_empty());
    app.finish().await;
}

#[tokio::test]
async fn a_unit_head_cannot_hand_a_case_to_a_colleague_whose_role_does_not_work_cases() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let no = placed_intake(&app, &intake, "I06", "street.bajiao.c01").await;
    let head = app.token("dept-mz").await;
    let careadmin = app.store().get_credentials("careadmin").await.unwrap().user;
    let r = app
        .act(
            &head,
            &no,
            "reassign",
            json!({"agent": careadmin.id.to_string()}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("agent_not_in_unit"))
    );
    let case: Value = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&head))
        .await
        .json();
    assert_ne!(
        case["agent"]["id"].as_str(),
        Some(careadmin.id.to_string().as_str())
    );
    app.finish().await;
}

#[tokio::test]
async fn redirect_targets_are_parsed_and_only_local_paths_survive() {
    let app = TestApp::new().await;
    for (path, expected) in [
        ("/lang/en?next=%2F%09%2Fevil.example", "/"),
        ("/lang/en?next=/%01", "/"),
        ("/lang/en?next=%2F%5Cevil.example", "/"),
        ("/lang/en?next=//evil.example", "/"),
        ("/lang/en?next=https://evil.example/", "/"),
        (
            "/lang/en?next=/staff/cases%3Fpage%3D2",
            "/staff/cases?page=2",
        ),
    ] {
        let r = app.get(path, None).await;
        assert_eq!(
            (r.status, r.location()),
            (StatusCode::SEE_OTHER, expected),
            "{path}"
        );
    }
    let signed_in = app
        .post_form(
            "/login?",
            None,
            &[
                ("username", "admin"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(
        (signed_in.status, signed_in.location()),
        (StatusCode::SEE_OTHER, "/staff")
    );
    let control = app
        .post_form(
            "/login",
            None,
            &[
                ("username", "dispatcher"),
                ("password", PASSWORD),
                ("next", "/\u{1}"),
            ],
        )
        .await;
    assert_eq!(
        (control.status, control.location()),
        (StatusCode::SEE_OTHER, "/staff")
    );
    let browser = app.login("dispatcher").await;
    let logged_in = app.get("/login?next=/%01", Some(&browser.cookie)).await;
    assert_eq!(
        (logged_in.status, logged_in.location()),
        (StatusCode::SEE_OTHER, "/staff")
    );
    let inbox = app
        .post_form(
            "/staff/inbox",
            Some(&browser.cookie),
            &[("csrf", &browser.csrf), ("next", "/staff/\u{1}")],
        )
        .await;
    assert_eq!(
        (inbox.status, inbox.location()),
        (StatusCode::SEE_OTHER, "/staff/inbox")
    );
    // A case number with a newline in a form's action path: an answer from the application, never a bare 500.
    let r = app
        .post_form(
            "/staff/cases/2026%0A0101000001/accept",
            Some(&browser.cookie),
            &[("csrf", &browser.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.headers.get("x-request-id").is_some() && r.body.contains("未找到"));
    app.finish().await;
}

/// Sends `n` tracking look-ups at once (wrong digits) from `forwarded` and returns the statuses.
async fn simultaneous_misses(
    app: &TestApp,
    n: usize,
    forwarded: impl Fn(usize) -> String,
) -> Vec<StatusCode> {
    let mut set = tokio::task::JoinSet::new();
    for i in 0..n {
        let router = app.router.clone();
        let xff = forwarded(i);
        set.spawn(async move {
            let req = Request::builder()
                .uri(format!(
                    "/api/v1/track?case_no=2026010100{:04}&phone_last4=0000",
                    i
                ))
                .header("x-forwarded-for", xff);
            router
                .oneshot(req.body(axum::body::Body::empty()).unwrap())
                .await
                .unwrap()
                .status()
        });
    }
    set.join_all().await
}

#[tokio::test]
async fn simultaneous_tracking_misses_cannot_overtake_the_limit() {
    let app = TestApp::new().await;
    let statuses = simultaneous_misses(&app, 30, |_| "10.44.0.1".into()).await;
    let answered = statuses
        .iter()
        .filter(|s| **s == StatusCode::NOT_FOUND)
        .count();
    assert_eq!(answered, 10, "{statuses:?}");
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        20
    );
    app.finish().await;
}

#[tokio::test]
async fn a_client_cannot_escape_the_throttle_by_writing_its_own_forwarded_hops() {
    let app = TestApp::new().await;
    // The trusted proxy appends the real client (10.45.0.1); the client made up the hop to its left.
    let statuses = simultaneous_misses(&app, 40, |i| format!("1.2.3.{i}, 10.45.0.1")).await;
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::NOT_FOUND)
            .count(),
        10,
        "{statuses:?}"
    );
    app.finish().await;
}

#[tokio::test]
async fn api_tokens_work_only_as_bearer_tokens_and_web_sessions_only_as_cookies() {
    let app = TestApp::new().await;
    let token = app.token("dispatcher").await;
    let browser = app.login("dispatcher").await;
    let cookie_value = browser.cookie.trim_start_matches("gz_session=").to_owned();
    assert_eq!(
        app.get_api("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get_api("/api/v1/me", Some(&cookie_value)).await.status,
        StatusCode::UNAUTHORIZED,
        "a web session is no Bearer token"
    );
    let page = app
        .get("/staff", Some(&format!("gz_session={token}")))
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "an API token is no session cookie"
    );
    assert!(page.location().starts_with("/login"));
    assert_eq!(
        app.get("/staff", Some(&browser.cookie)).await.status,
        StatusCode::OK
    );
    app.finish().await;
}

#[tokio::test]
async fn attachments_are_limited_per_case_with_a_clear_message() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let no = placed_intake(&app, &intake, "A01", "street.bajiao.c01").await;
    let agent = app.login("community-bajiao").await;
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[0u8; 64][..],
    ]
    .concat();
    let upload = |i: usize| {
        let boundary = "gzb";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
                agent.csrf
            )
            .as_bytes(),
        );
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p{i}.png\"\r\n\r\n").as_bytes());
        body.extend_from_slice(&png);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        body
    };
    for i in 0..gongzhi_domain::accounts::MAX_ATTACHMENTS_PER_CASE as usize {
        let r = app
            .post_raw(
                &format!("/staff/cases/{no}/attachments"),
                Some(&agent.cookie),
                "multipart/form-data; boundary=gzb",
                upload(i),
                "10.0.0.1",
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "file {i}: {}", r.body);
    }
    let refused = app
        .post_raw(
            &format!("/staff/cases/{no}/attachments"),
            Some(&agent.cookie),
            "multipart/form-data; boundary=gzb",
            upload(99),
            "10.0.0.1",
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("附件已达上限"), "{}", refused.body);
    let case = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    assert_eq!(
        app.store().list_attachments(case.id).await.unwrap().len(),
        10
    );
    app.finish().await;
}

#[tokio::test]
async fn a_username_with_a_newline_cannot_forge_a_log_line() {
    let (sink, _guard) = capture_logs();
    let app = TestApp::new().await;
    let forged = "x\n2026-12-02T02:00:00.000000Z  INFO forged: admin signed in";
    for i in 0..gongzhi_domain::accounts::FREE_ACCOUNT_FAILURES {
        let r = app
            .post_form_from(
                "/login",
                None,
                &[("username", forged), ("password", "wrong-password")],
                &format!("10.8.0.{i}"),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    app.finish().await;
    let log = sink.text();
    assert!(
        log.contains("repeated failed logins"),
        "the event was logged: {log}"
    );
    assert!(
        !log.lines().any(|l| l.contains("INFO forged")),
        "no line of the log starts where the username wanted: {log}"
    );
}

#[tokio::test]
async fn a_staff_request_without_origin_headers_still_needs_its_method_and_body_type() {
    // Guard for the bodies the OpenAPI document promises: a JSON route refuses a form body with 415.
    let app = TestApp::new().await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/cases")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "10.0.0.2")
        .body(axum::body::Body::from("kind=help"))
        .unwrap();
    assert_eq!(
        app.send(req).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    app.finish().await;
}

#[tokio::test]
async fn a_unit_named_in_a_routing_that_does_not_exist_is_a_wrong_field_not_a_missing_case() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let reply = app.post_json("/api/v1/cases", None, &resident_json()).await;
    let no = reply.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .act(
            &dispatcher,
            &no,
            "route",
            json!({"category": "A01", "unit": "01a22914-02f2-7227-8802-511d883e8863"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        (
            r.json()["error"]["fields"][0]["field"].as_str(),
            r.json()["error"]["fields"][0]["code"].as_str()
        ),
        (Some("unit"), Some("unknown_unit"))
    );
    drop(intake);
    app.finish().await;
}

#[tokio::test]
async fn a_reporters_identity_is_kept_from_the_units_handling_the_report() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let mut numbers = Vec::new();
    for (kind, confidential) in [
        ("report", None),
        ("complaint", Some(true)),
        ("complaint", None),
    ] {
        let mut extra = json!({"kind": kind, "title": "群租房违规", "name": "举报人甲", "phone": "13800005555"});
        if let Some(flag) = confidential {
            extra["confidential"] = json!(flag);
        }
        let created = hotline_case(&app, &intake, "A01", "street.bajiao.c01", extra).await;
        numbers.push(created["case_no"].as_str().unwrap().to_owned());
    }
    let agent = app.token("community-bajiao").await;
    let dispatcher = app.token("dispatcher").await;
    for (no, hidden) in numbers.iter().zip([true, true, false]) {
        let seen = app
            .get_api(&format!("/api/v1/cases/{no}"), Some(&agent))
            .await
            .json();
        assert_eq!(seen["confidential"], hidden);
        assert_eq!(seen["resident_name"].is_null(), hidden, "{no}: {seen}");
        assert_eq!(seen["phone"].is_null(), hidden);
        let seat = app
            .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
            .await
            .json();
        assert_eq!(
            (seat["resident_name"].as_str(), seat["phone"].as_str()),
            (Some("举报人甲"), Some("13800005555")),
            "the hotline seats see who reported"
        );
    }
    let browser = app.login("community-bajiao").await;
    let page = app
        .get(
            &format!("/staff/cases/{}", numbers[0]),
            Some(&browser.cookie),
        )
        .await;
    assert!(
        page.body.contains("保密（仅热线座席可见）")
            && !page.body.contains("举报人甲")
            && !page.body.contains("13800005555")
    );
    let list = app
        .get("/staff/cases?view=unit", Some(&browser.cookie))
        .await;
    assert_eq!(
        list.body.matches("13800005555").count(),
        1,
        "lists hide it too: only the ordinary complaint shows the number"
    );
    assert_eq!(list.body.matches("保密（仅热线座席可见）").count(), 2);
    app.finish().await;
}
