//! Residents' requests and staff views of cases, over HTTP.

use axum::http::StatusCode;
use serde_json::json;

use gongzhi_domain::org::Scope;
use gongzhi_store::PageRequest;
use gongzhi_store::cases::CaseFilter;

use crate::support::*;

async fn total_cases(app: &TestApp) -> i64 {
    app.store()
        .list_cases(
            &CaseFilter::new(Scope::District, app.now()),
            PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .total
}

/// The centre of a demo community, as form text.
async fn centre_of(app: &TestApp, code: &str) -> (String, String) {
    let c = app
        .store()
        .get_unit_by_code(code)
        .await
        .unwrap()
        .unit
        .centre
        .unwrap();
    (c.lat.to_string(), c.lon.to_string())
}

async fn submit_in(app: &TestApp, community_code: &str, phone: &str) -> String {
    let (lat, lon) = centre_of(app, community_code).await;
    let mut form: Vec<(&str, String)> = resident_form()
        .into_iter()
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
    for (k, v) in form.iter_mut() {
        match *k {
            "lat" => *v = lat.clone(),
            "lon" => *v = lon.clone(),
            "phone" => *v = phone.to_owned(),
            _ => {}
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = app.post_form("/submit", None, &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    case_no_in(&app.get(reply.location(), None).await.body)
}

#[tokio::test]
async fn refreshing_the_confirmation_files_nothing_twice() {
    let app = TestApp::new().await;
    let reply = app.post_form("/submit", None, &resident_form()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "post/redirect/get");
    let shown = app.get(reply.location(), None).await;
    assert_eq!(shown.status, StatusCode::OK);
    let no = case_no_in(&shown.body);
    for _ in 0..2 {
        assert_eq!(
            case_no_in(&app.get(reply.location(), None).await.body),
            no,
            "a refresh shows the same case"
        );
    }
    assert_eq!(total_cases(&app).await, 1);
    assert!(
        shown
            .body
            .contains(&format!("/track?case_no={no}&amp;phone_last4=5678")),
        "{}",
        shown.body
    );
    for bad in [
        "/submitted?case_no=123",
        "/submitted?case_no=20261202000001&phone_last4=12ab",
        "/submitted",
    ] {
        assert_eq!(
            app.get(bad, None).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn health_answers_and_readiness_follows_the_database() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    app.store().close().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/readyz", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    app.finish().await;
}

#[tokio::test]
async fn a_resident_submits_a_request_and_sees_the_case_number_at_once() {
    let app = TestApp::new().await;
    let page = app.get("/submit", None).await;
    assert!(page.body.contains("提交诉求") && page.body.contains("手机号码"));
    let case_no = submit_in(&app, "street.bajiao.c03", "13912345678").await;
    assert_eq!(case_no.len(), 14);
    let case = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&case_no).unwrap())
        .await
        .unwrap();
    let community = app
        .store()
        .get_unit_by_code("street.bajiao.c03")
        .await
        .unwrap();
    assert_eq!(
        case.community_id,
        Some(community.unit.id),
        "the map point places the case in its community"
    );
    assert_eq!(case.street_id, community.street_id);
    assert_eq!(case.channel, gongzhi_domain::cases::Channel::Web);
    app.finish().await;
}

#[tokio::test]
async fn form_errors_are_shown_in_chinese_beside_the_fields_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let mut form = resident_form();
    form.retain(|(k, _)| *k != "description");
    form.push(("description", "   "));
    for (k, v) in form.iter_mut() {
        if *k == "phone" {
            *v = "1391234";
        }
        if *k == "lat" {
            *v = "51.5";
        }
        if *k == "lon" {
            *v = "-0.12";
        }
    }
    let reply = app.post_form("/submit", None, &form).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("请输入有效的 11 位手机号码，或带区号的固定电话。"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("此项为必填项。"));
    assert!(reply.body.contains("坐标不在中国境内"));
    assert!(
        reply.body.contains("value=\"夜间施工噪音扰民\""),
        "the title typed is kept"
    );
    assert!(reply.body.contains("data-field=\"phone\""));
    assert_eq!(total_cases(&app).await, 0);

    let too_long = "长".repeat(4001);
    let mut form = resident_form();
    form.retain(|(k, _)| *k != "description");
    form.push(("description", &too_long));
    let reply = app.post_form("/submit", None, &form).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("内容过长。"));

    let invalid_utf8 =
        b"kind=help&title=%FF%FE&description=x&address=y&name=z&phone=13912345678".to_vec();
    let reply = app
        .post_raw(
            "/submit",
            None,
            "application/x-www-form-urlencoded",
            invalid_utf8,
            "10.0.0.1",
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("表单内容无法解析"), "{}", reply.body);
    assert_eq!(total_cases(&app).await, 0);
    app.finish().await;
}

#[tokio::test]
async fn the_english_switch_is_remembered() {
    let app = TestApp::new().await;
    let reply = app.get("/lang/en", None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let cookie = reply
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(cookie, "lang=en");
    let page = app.get("/submit", Some(&cookie)).await;
    assert!(page.body.contains("Raise a matter") && page.body.contains("Mobile phone"));
    assert!(page.body.contains("<html lang=\"en\">"));
    let zh = app.get("/submit", None).await;
    assert!(zh.body.contains("<html lang=\"zh-CN\">"));
    assert_eq!(
        app.get("/lang/fr", None).await.status,
        StatusCode::NOT_FOUND
    );
    app.finish().await;
}

#[tokio::test]
async fn the_api_takes_a_request_and_answers_201_with_the_case_number() {
    let app = TestApp::new().await;
    let reply = app.post_json("/api/v1/cases", None, &resident_json()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let body = reply.json();
    let case_no = body["case_no"].as_str().unwrap();
    assert_eq!(case_no.len(), 14);
    assert_eq!(body["status"], "received");
    assert_eq!(body["channel"], "api");
    assert_eq!(reply.location(), format!("/api/v1/cases/{case_no}"));
    assert_eq!(total_cases(&app).await, 1);
    app.finish().await;
}

#[tokio::test]
async fn the_api_refuses_bad_input_with_422_naming_each_field_and_stores_nothing() {
    let app = TestApp::new().await;
    let check = |body: serde_json::Value, expected: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let reply = app.post_json("/api/v1/cases", None, &body).await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                reply.body
            );
            let json = reply.json();
            assert_eq!(json["error"]["code"], "validation_failed");
            let fields: Vec<(String, String)> = json["error"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap().to_owned(),
                        f["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            for (field, code) in expected {
                assert!(
                    fields.contains(&(field.to_owned(), code.to_owned())),
                    "{field}/{code} missing in {fields:?}"
                );
            }
            assert!(
                json["error"]["fields"][0]["message"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .any(|c| c > '\u{2E80}'),
                "Chinese message"
            );
        }
    };
    let mut bad_phone = resident_json();
    bad_phone["phone"] = json!("1234567");
    check(bad_phone, vec![("phone", "phone_invalid")]).await;
    let mut empty = resident_json();
    empty["description"] = json!("");
    check(empty, vec![("description", "required")]).await;
    let mut long = resident_json();
    long["description"] = json!("长".repeat(4001));
    check(long, vec![("description", "too_long")]).await;
    let mut abroad = resident_json();
    abroad["lat"] = json!(48.85);
    abroad["lon"] = json!(2.35);
    check(abroad, vec![("lat", "outside_china")]).await;
    let mut types = resident_json();
    types["title"] = json!(42);
    types["lat"] = json!("north");
    types["phone"] = json!(["13700001234"]);
    check(
        types,
        vec![
            ("title", "wrong_type"),
            ("lat", "wrong_type"),
            ("phone", "wrong_type"),
        ],
    )
    .await;
    let mut unknown_kind = resident_json();
    unknown_kind["kind"] = json!("whistle");
    check(unknown_kind, vec![("kind", "invalid_choice")]).await;
    let mut anonymous_complaint = resident_json();
    anonymous_complaint["anonymous"] = json!(true);
    check(
        anonymous_complaint,
        vec![("anonymous", "anonymous_reports_only")],
    )
    .await;
    let mut no_phone = resident_json();
    no_phone.as_object_mut().unwrap().remove("phone");
    check(no_phone, vec![("phone", "required")]).await;

    // Not JSON at all, or JSON with invalid UTF-8 inside a string.
    let mut raw = br#"{"kind":"help","title":""#.to_vec();
    raw.extend_from_slice(&[0xff, 0xfe]);
    raw.extend_from_slice(br#""}"#);
    let reply = app
        .post_raw("/api/v1/cases", None, "application/json", raw, "10.0.0.2")
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["code"], "malformed_json");
    let reply = app
        .post_raw(
            "/api/v1/cases",
            None,
            "application/json",
            b"[1,2]".to_vec(),
            "10.0.0.2",
        )
        .await;
    assert_eq!(reply.json()["error"]["code"], "malformed_json");
    let reply = app
        .post_raw(
            "/api/v1/cases",
            None,
            "text/plain",
            b"{}".to_vec(),
            "10.0.0.2",
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Oversized bodies answer 413.
    let mut huge = resident_json();
    huge["description"] = json!("x".repeat(100_000));
    let reply = app.post_json("/api/v1/cases", None, &huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["error"]["code"], "too_large");

    assert_eq!(
        total_cases(&app).await,
        0,
        "no refused request stored anything"
    );
    assert_eq!(
        app.store().verify_audit(None).await.unwrap().first_break,
        None
    );
    app.finish().await;
}

#[tokio::test]
async fn tracking_shows_the_public_timeline_and_answers_the_same_for_wrong_and_missing() {
    let app = TestApp::new().await;
    let case_no = submit_in(&app, "street.gucheng.c02", "13800005678").await;
    let page = app
        .get(&format!("/track?case_no={case_no}&phone_last4=5678"), None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("已受理") && page.body.contains("诉求已提交并受理"));
    assert!(
        !page.body.contains("13800005678") && !page.body.contains("王女士"),
        "no personal data on the public page"
    );

    let wrong = app
        .get(&format!("/track?case_no={case_no}&phone_last4=0000"), None)
        .await;
    let missing = app
        .get("/track?case_no=20000101000001&phone_last4=5678", None)
        .await;
    assert_eq!(
        (wrong.status, missing.status),
        (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
    );
    assert!(wrong.body.contains("未找到匹配的诉求"));

    let api = app
        .get_api(
            &format!("/api/v1/track?case_no={case_no}&phone_last4=5678"),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json()["timeline"][0]["event"], "submitted");
    assert!(api.json().get("phone").is_none());
    let api_wrong = app
        .get_api(
            &format!("/api/v1/track?case_no={case_no}&phone_last4=0000"),
            None,
        )
        .await;
    let api_missing = app
        .get_api(
            "/api/v1/track?case_no=20000101000001&phone_last4=5678",
            None,
        )
        .await;
    assert_eq!(api_wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api_wrong.body, api_missing.body,
        "a wrong phone and a missing case look the same"
    );
    app.finish().await;
}

#[tokio::test]
async fn tracking_is_throttled_per_address_after_repeated_misses() {
    let app = TestApp::new().await;
    let case_no = submit_in(&app, "street.lugu.c01", "13800005678").await;
    for i in 0..10 {
        let r = app
            .get(
                &format!("/track?case_no=2026010100000{}&phone_last4=1111", i % 10),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    let blocked = app
        .get(&format!("/track?case_no={case_no}&phone_last4=5678"), None)
        .await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right answer waits"
    );
    assert!(blocked.body.contains("查询过于频繁"));
    let api = app
        .get_api(
            &format!("/api/v1/track?case_no={case_no}&phone_last4=5678"),
            None,
        )
        .await;
    assert_eq!(
        api.status,
        StatusCode::OK,
        "another address is not affected"
    );
    app.finish().await;
}

#[tokio::test]
async fn staff_see_cases_in_their_scope_newest_first_with_a_total() {
    let app = TestApp::new().await;
    let bajiao1 = submit_in(&app, "street.bajiao.c01", "13900000001").await;
    let bajiao2 = submit_in(&app, "street.bajiao.c02", "13900000002").await;
    let gucheng = submit_in(&app, "street.gucheng.c01", "13900000003").await;

    let dispatcher = app.login("dispatcher").await;
    let list = app.get("/staff/cases", Some(&dispatcher.cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("共 3 件"), "{}", list.body);
    let (p_g, p_b2, p_b1) = (
        list.body.find(&gucheng).unwrap(),
        list.body.find(&bajiao2).unwrap(),
        list.body.find(&bajiao1).unwrap(),
    );
    assert!(p_g < p_b2 && p_b2 < p_b1, "newest first");
    assert!(
        list.body.contains("13900000003"),
        "a dispatcher calls residents and sees the number"
    );

    let street = app.login("street-bajiao").await;
    let list = app.get("/staff/cases?view=all", Some(&street.cookie)).await;
    assert!(
        list.body.contains("共 2 件")
            && list.body.contains(&bajiao1)
            && !list.body.contains(&gucheng)
    );

    let community = app.login("community-bajiao").await;
    let list = app
        .get("/staff/cases?view=all", Some(&community.cookie))
        .await;
    assert!(
        list.body.contains("共 1 件") && list.body.contains(&bajiao1),
        "{}",
        list.body
    );

    let department = app.login("dept-zjw").await;
    let list = app
        .get("/staff/cases?view=all", Some(&department.cookie))
        .await;
    assert!(list.body.contains("共 0 件"));

    // Each role lands on its own queue when it opens the list bare.
    let current = |body: &str| {
        body.split("aria-current=\"page\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(
        current(&app.get("/staff/cases", Some(&dispatcher.cookie)).await.body),
        "待派单"
    );
    let landed = current(&app.get("/staff/cases", Some(&community.cookie)).await.body);
    assert!(landed == "我的在办" || landed == "本单位在办", "{landed}");
    assert_eq!(
        current(
            &app.get("/staff/cases?status=received", Some(&community.cookie))
                .await
                .body
        ),
        "全部",
        "a filter looks at everything"
    );

    let leader = app.login("leader").await;
    assert_eq!(
        current(&app.get("/staff/cases", Some(&leader.cookie)).await.body),
        "督办与包案",
        "leaders land on what they supervise and own"
    );
    let list = app.get("/staff/cases?view=all", Some(&leader.cookie)).await;
    assert!(list.body.contains("共 3 件"));
    assert!(
        list.body.contains("139****0003") && !list.body.contains("13900000003"),
        "leaders see masked numbers"
    );

    let mediator = app.login("mediator").await;
    assert_eq!(
        app.get("/staff/cases", Some(&mediator.cookie)).await.status,
        StatusCode::FORBIDDEN
    );

    let anonymous = app.get("/staff/cases", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/login?next="));
    app.finish().await;
}

#[tokio::test]
async fn staff_of_one_street_cannot_open_another_streets_case() {
    let app = TestApp::new().await;
    let bajiao = submit_in(&app, "street.bajiao.c01", "13900000001").await;
    let own = app.login("street-bajiao").await;
    let page = app
        .get(&format!("/staff/cases/{bajiao}"), Some(&own.cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("13900000001") && page.body.contains("杨庄东街工地"));

    let other = app.login("street-gucheng").await;
    let refused = app
        .get(&format!("/staff/cases/{bajiao}"), Some(&other.cookie))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.body.contains("杨庄东街工地"));

    let token = app.token("street-gucheng").await;
    let api = app
        .get_api(&format!("/api/v1/cases/{bajiao}"), Some(&token))
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.json()["error"]["code"], "not_found");
    let list = app.get_api("/api/v1/cases", Some(&token)).await;
    assert_eq!(list.json()["total"], 0);

    let token = app.token("street-bajiao").await;
    let api = app
        .get_api(&format!("/api/v1/cases/{bajiao}"), Some(&token))
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json()["phone"], "13900000001");
    assert_eq!(api.json()["timeline"][0]["event"], "submitted");

    let leader = app.token("leader").await;
    let api = app
        .get_api(&format!("/api/v1/cases/{bajiao}"), Some(&leader))
        .await;
    assert_eq!(api.json()["phone"], "139****0001");

    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{bajiao}"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{bajiao}"), Some("forged"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    app.finish().await;
}

#[tokio::test]
async fn intake_staff_register_hotline_petitions_through_the_api() {
    let app = TestApp::new().await;
    let token = app.token("intake").await;
    let mut body = resident_json();
    body["kind"] = json!("petition");
    body["channel"] = json!("hotline");
    let reply = app.post_json("/api/v1/cases", Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(
        (
            reply.json()["channel"].as_str(),
            reply.json()["kind"].as_str()
        ),
        (Some("hotline"), Some("petition"))
    );
    body["channel"] = json!("pigeon");
    let reply = app.post_json("/api/v1/cases", Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let entries = app.store().list_audit(0, 1000).await.unwrap();
    let last = entries
        .iter()
        .rev()
        .find(|e| e.action == "case.create")
        .unwrap();
    assert_eq!(
        last.actor, "intake",
        "staff intake is audited under the operator"
    );
    app.finish().await;
}

#[tokio::test]
async fn residents_personal_data_never_reaches_the_log() {
    let (sink, _guard) = capture_logs();

    let app = TestApp::new().await;
    let case_no = submit_in(&app, "street.bajiao.c01", "13912345678").await;
    app.post_json("/api/v1/cases", None, &resident_json()).await;
    app.get(&format!("/track?case_no={case_no}&phone_last4=5678"), None)
        .await;
    let staff = app.login("dispatcher").await;
    app.get(&format!("/staff/cases/{case_no}"), Some(&staff.cookie))
        .await;
    // A dispute: the parties' names and phones, and a question asked online.
    let dispute = json!({"type": "neighbour", "parties": [{"role": "applicant", "kind": "person", "name": "钱女士", "phone": "13955556666"}, {"role": "respondent", "kind": "person", "name": "孔先生", "phone": "13877778888"}], "address": "八角北路12号院", "facts": "楼上漏水", "claims": "赔偿"});
    let filed = app.post_json("/api/v1/disputes", None, &dispute).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    app.get_api(
        &format!(
            "/api/v1/disputes/{}",
            filed.json()["case_no"].as_str().unwrap()
        ),
        Some(&app.token("dispatcher").await),
    )
    .await;
    app.post_form(
        "/disputes/ask",
        None,
        &[
            ("dispute_type", "tenancy"),
            ("question", "我是严女士，电话13611112222，押金不退"),
        ],
    )
    .await;
    app.finish().await;

    let log = sink.text();
    assert!(
        log.contains(&case_no),
        "the log does record the case number: {log}"
    );
    for secret in [
        "13912345678",
        "13700001234",
        "王女士",
        "李先生",
        "杨庄东街",
        "古城南路5号院",
        "phone_last4=5678",
        "钱女士",
        "孔先生",
        "13955556666",
        "13877778888",
        "严女士",
        "13611112222",
    ] {
        assert!(!log.contains(secret), "{secret} leaked into the log");
    }
}

#[tokio::test]
async fn pages_carry_security_headers_and_assets_are_cached() {
    let app = TestApp::new().await;
    let home = app.get("/", None).await;
    assert!(home.body.contains("有事您说话"));
    let csp = home
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert_eq!(home.headers.get("x-frame-options").unwrap(), "DENY");
    assert!(home.headers.get("x-request-id").is_some());
    let css = app.get("/static/app.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = css
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let req = axum::http::Request::builder()
        .uri("/static/app.css")
        .header("if-none-match", etag)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        app.get("/static/../Cargo.toml", None).await.status,
        StatusCode::NOT_FOUND
    );
    // The icons a browser and a phone ask for, linked from every page too.
    for path in [
        "/favicon.ico",
        "/apple-touch-icon.png",
        "/static/favicon.png",
        "/static/touch-icon.png",
    ] {
        let icon = app.get(path, None).await;
        assert_eq!(icon.status, StatusCode::OK, "{path}");
        assert_eq!(
            icon.headers.get("content-type").unwrap(),
            "image/png",
            "{path}"
        );
    }
    assert!(home.body.contains("rel=\"icon\"") && home.body.contains("rel=\"apple-touch-icon\""));
    let missing = app.get("/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("未找到该页面或记录"));
    let api_missing = app.get_api("/api/v1/nothing", None).await;
    assert_eq!(api_missing.json()["error"]["code"], "not_found");
    app.finish().await;
}

#[tokio::test]
async fn fields_the_callers_role_may_not_set_are_refused_by_name_never_dropped() {
    let app = TestApp::new().await;
    for (field, value) in [
        ("category", json!("A01")),
        ("channel", json!("hotline")),
        ("received_at", json!("2026-11-01T08:00:00Z")),
    ] {
        let mut body = resident_json();
        body[field] = value.clone();
        let reply = app.post_json("/api/v1/cases", None, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            reply.body
        );
        assert_eq!(reply.json()["error"]["fields"][0]["field"], field);
        assert_eq!(reply.json()["error"]["fields"][0]["code"], "staff_only");
        // An administrator is staff, but not intake staff.
        let admin = app.token("admin").await;
        let reply = app.post_json("/api/v1/cases", Some(&admin), &body).await;
        assert_eq!(
            (
                reply.status,
                reply.json()["error"]["fields"][0]["field"].as_str()
            ),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    let mut unknown = resident_json();
    unknown["priority"] = json!("high");
    let reply = app.post_json("/api/v1/cases", None, &unknown).await;
    assert_eq!(
        (
            reply.json()["error"]["fields"][0]["field"].as_str(),
            reply.json()["error"]["fields"][0]["code"].as_str()
        ),
        (Some("priority"), Some("unknown_field"))
    );
    assert_eq!(total_cases(&app).await, 0, "nothing stored");
    app.finish().await;
}

#[tokio::test]
async fn the_track_url_of_an_intake_opens_the_form_with_the_number_filled_in() {
    let app = TestApp::new().await;
    let reply = app.post_json("/api/v1/cases", None, &resident_json()).await;
    let body = reply.json();
    let url = body["track_url"].as_str().unwrap();
    let page = app.get(url, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("value=\"{}\"", body["case_no"].as_str().unwrap())),
        "the number is filled in"
    );
    assert!(
        page.body.contains("name=\"phone_last4\""),
        "the same name as the API's parameter"
    );
    assert!(
        !page.body.contains("未找到"),
        "no 'not found' before the resident typed anything"
    );
    {
        let instant = &body["received_at"];
        let raw = instant.as_str().unwrap();
        assert!(
            raw.ends_with('Z') && raw.len() == 24,
            "milliseconds, UTC: {raw}"
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn residents_see_the_handling_unit_and_download_only_the_public_files_of_their_case() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let created = hotline_case(
        &app,
        &intake,
        "A01",
        "street.bajiao.c01",
        serde_json::json!({"phone": "13800004321"}),
    )
    .await;
    let no = created["case_no"].as_str().unwrap().to_owned();
    let agent = app.login("community-bajiao").await;
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[7u8; 2048][..],
    ]
    .concat();
    for (name, public) in [("清理后.png", "1"), ("内部记录.png", "0")] {
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
                agent.csrf
            )
            .as_bytes(),
        );
        body.extend_from_slice(
            format!("--b\r\nContent-Disposition: form-data; name=\"public\"\r\n\r\n{public}\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&png);
        body.extend_from_slice(b"\r\n--b--\r\n");
        let r = app
            .post_raw(
                &format!("/staff/cases/{no}/attachments"),
                Some(&agent.cookie),
                "multipart/form-data; boundary=b",
                body,
                "10.0.0.1",
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = app
        .get(&format!("/track?case_no={no}&phone_last4=4321"), None)
        .await;
    let unit = created["accountable_unit"]["name"].as_str().unwrap();
    assert!(
        page.body.contains(&format!("id=\"track-unit\">{unit}<")),
        "the handling unit is named"
    );
    assert!(
        page.body.contains("清理后.png") && !page.body.contains("内部记录.png"),
        "only public files are listed"
    );
    let api = app
        .get_api(
            &format!("/api/v1/track?case_no={no}&phone_last4=4321"),
            None,
        )
        .await
        .json();
    let files = api["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(api["unit_name"].as_str(), Some(unit));
    let id = files[0]["id"].as_str().unwrap();
    let download = app
        .get(
            &format!("/track/attachments/{id}?case_no={no}&phone_last4=4321"),
            None,
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(
        download
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(
        app.get(
            &format!("/track/attachments/{id}?case_no={no}&phone_last4=0000"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "the digits are checked"
    );
    let case = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let private = app
        .store()
        .list_attachments(case.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| !a.public)
        .unwrap();
    assert_eq!(
        app.get(
            &format!(
                "/track/attachments/{}?case_no={no}&phone_last4=4321",
                private.id
            ),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "private files stay private"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_letter_with_a_fixed_line_number_is_registered_and_tracked_by_its_last_digits() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let created = hotline_case(
        &app,
        &intake,
        "A01",
        "street.bajiao.c01",
        serde_json::json!({"channel": "letter", "phone": "01068871234"}),
    )
    .await;
    let no = created["case_no"].as_str().unwrap();
    let tracked = app
        .get_api(
            &format!("/api/v1/track?case_no={no}&phone_last4=1234"),
            None,
        )
        .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    let worker = app.token("street-bajiao").await;
    let seen = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&worker))
        .await
        .json();
    assert_eq!(
        seen["phone"], "01068871234",
        "staff who call residents see the whole number"
    );
    // On the residents' form, a landline may be typed with its separators.
    let mut form = resident_form();
    form.retain(|(k, _)| *k != "phone");
    form.push(("phone", "010-6887 1234"));
    let r = app.post_form("/submit", None, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.get(r.location(), None)
            .await
            .body
            .contains("phone_last4=1234")
    );
    app.finish().await;
}
