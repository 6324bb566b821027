//! Open311 GeoReport v2, on both databases: services and their definitions in XML (the default) and JSON, a key
//! issued and revoked by an administrator, the specification's example request posted (adapted to the district)
//! becoming a routed case on the spine, looked up by id and token, searched by service, status and window; the
//! specification's errors with their codes; nothing personal in what anyone can read.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::TestApp;

fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", crate::support::enc(k), crate::support::enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

async fn open311_clients_post_and_follow_requests(app: TestApp) {
    let post = |fields: Vec<(&'static str, String)>, suffix: &'static str| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_raw(
                &format!("/open311/v2/requests{suffix}"),
                None,
                "application/x-www-form-urlencoded",
                form(&pairs),
                "10.0.0.9",
            )
            .await
        }
    };

    // Services: XML by default, JSON by suffix; the leaders' own matters are not a service.
    let xml = app.get("/open311/v2/services", None).await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(xml.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service><service_code>A01</service_code>"), "{}", &xml.body[..200]);
    assert_eq!(
        app.get("/open311/v2/services.xml", None).await.body,
        xml.body
    );
    let services = app.get("/open311/v2/services.json", None).await.json();
    let codes: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"B04") && !codes.contains(&"N03"),
        "{codes:?}"
    );
    let b04 = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == "B04")
        .unwrap();
    assert_eq!(b04["service_name"], "餐饮油烟扰民");
    assert_eq!(b04["metadata"], true);
    assert_eq!(b04["type"], "realtime");
    let def = app.get("/open311/v2/services/B04.json", None).await.json();
    assert_eq!(def["service_code"], "B04");
    assert_eq!(def["attributes"][0]["code"], "kind");
    assert_eq!(def["attributes"][0]["values"].as_array().unwrap().len(), 4);
    assert!(app.get("/open311/v2/services/B04", None).await.body.contains("<service_definition><service_code>B04</service_code><attributes><attribute><variable>true</variable>"));
    let missing = app.get("/open311/v2/services/N03.json", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()[0]["code"], 404);
    let disc = app.get("/open311/v2/discovery.json", None).await.json();
    assert_eq!(
        disc["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(
        disc["endpoints"][0]["formats"],
        json!(["text/xml", "application/json"])
    );
    assert_eq!(
        app.get("/open311/v2/services.json?jurisdiction_id=elsewhere", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            "/open311/v2/services.json?jurisdiction_id=shijingshan.beijing",
            None
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/open311/v2/services.csv", None).await.status,
        StatusCode::NOT_FOUND
    );

    // A key: only administrators issue one; it is shown once.
    let admin = app.login("admin").await;
    assert_eq!(
        app.get(
            "/admin/open311",
            Some(&app.login("dispatcher").await.cookie)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let page = app
        .post_form(
            "/admin/open311",
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("organisation", "石景山随手拍")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let start =
        page.body.find("id=\"new-key\">").expect("the key is shown") + "id=\"new-key\">".len();
    let key = page.body[start..start + 70].to_owned();
    assert!(key.starts_with("gz311_"));
    assert!(
        !app.get("/admin/open311", Some(&admin.cookie))
            .await
            .body
            .contains(&key),
        "never shown again"
    );
    let refused = app
        .post_form(
            "/admin/open311",
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("organisation", "  ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The specification's example request, in the district (its device_id and account_id are ignored).
    let c = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit
        .centre
        .unwrap();
    let example = vec![
        ("api_key", key.clone()),
        ("service_code", "B04".to_owned()),
        ("lat", c.lat.to_string()),
        ("long", c.lon.to_string()),
        ("address_string", "八角北路12号院".to_owned()),
        ("email", "smith@example.com".to_owned()),
        ("device_id", "tt222111".to_owned()),
        ("account_id", "123456".to_owned()),
        ("first_name", "建国".to_owned()),
        ("last_name", "王".to_owned()),
        ("phone", "13911112222".to_owned()),
        (
            "description",
            "楼下烧烤店油烟直接排到居民楼，开不了窗。".to_owned(),
        ),
        ("media_url", "https://example.com/photos/1.jpg".to_owned()),
        ("attribute[kind]", "complaint".to_owned()),
    ];
    let r = post(example.clone(), ".json").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = created[0]["token"].as_str().unwrap().to_owned();
    assert_eq!(
        created[0]["service_notice"],
        "生态环境部门检查油烟净化设施。"
    );
    assert_eq!(created[0]["account_id"], serde_json::Value::Null);
    // It is a case on the spine, routed by its service like any other.
    let case = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&id).unwrap())
        .await
        .unwrap();
    assert_eq!(case.channel, gongzhi_domain::cases::Channel::Open311);
    assert_eq!(case.kind, gongzhi_domain::cases::CaseKind::Complaint);
    assert_eq!(case.category_code.as_deref(), Some("B04"));
    assert_eq!(case.resident_name, "王建国");
    assert_eq!(case.status, gongzhi_domain::cases::CaseStatus::Assigned);
    let unit = app
        .store()
        .get_unit(case.accountable_unit_id.unwrap())
        .await
        .unwrap()
        .unit;
    assert!(unit.code.starts_with("dept."), "{}", unit.code);
    // The XML form of the answer.
    let r = post(example.clone(), "").await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(
        r.body
            .contains("<service_requests><request><service_request_id>")
            && r.body.contains("<account_id/>"),
        "{}",
        r.body
    );

    // Found by token, by id, and by search; nothing personal in any of it.
    let t = app
        .get(&format!("/open311/v2/tokens/{token}.json"), None)
        .await
        .json();
    assert_eq!(t, json!([{"service_request_id": id, "token": token}]));
    let one = app
        .get(&format!("/open311/v2/requests/{id}.json"), None)
        .await;
    assert_eq!(one.status, StatusCode::OK);
    let one_json = one.json();
    let got = &one_json[0];
    assert_eq!(got["status"], "open");
    assert_eq!(got["service_code"], "B04");
    assert_eq!(got["agency_responsible"], unit.name);
    assert_eq!(got["media_url"], "https://example.com/photos/1.jpg");
    assert!(
        got["requested_datetime"]
            .as_str()
            .unwrap()
            .ends_with("+08:00")
    );
    assert!(got["expected_datetime"].as_str().is_some());
    for body in [
        &one.body,
        &app.get("/open311/v2/requests.json", None).await.body,
        &app.get(&format!("/open311/v2/requests/{id}.xml"), None)
            .await
            .body,
    ] {
        assert!(
            !body.contains("13911112222")
                && !body.contains("王建国")
                && !body.contains("smith@example.com"),
            "{body}"
        );
    }
    let all = app
        .get(
            "/open311/v2/requests.json?service_code=B04,A01&status=open",
            None,
        )
        .await
        .json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/open311/v2/requests.json?status=closed", None)
            .await
            .json(),
        json!([])
    );
    assert_eq!(
        app.get("/open311/v2/requests.json?service_code=A01", None)
            .await
            .json(),
        json!([])
    );
    assert_eq!(
        app.get(
            "/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z",
            None
        )
        .await
        .json(),
        json!([]),
        "outside the window"
    );
    let xml = app.get("/open311/v2/requests.xml", None).await.body;
    assert_eq!(xml.matches("<request>").count(), 2);

    // An anonymous report is listed without its text and place.
    let report = vec![
        ("api_key", key.clone()),
        ("service_code", "G02".to_owned()),
        ("address_string", "八角北路3号楼底商".to_owned()),
        ("description", "无照经营的黑作坊".to_owned()),
        ("attribute[kind]", "report".to_owned()),
    ];
    let r = post(report, ".json").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rid = r.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let listed = app
        .get(&format!("/open311/v2/requests/{rid}.json"), None)
        .await
        .json();
    assert_eq!(listed[0]["description"], serde_json::Value::Null);
    assert_eq!(listed[0]["address"], serde_json::Value::Null);

    // The specification's errors: list of {code, description}, the HTTP status of the code, in Chinese by default.
    let mut without_key = example.clone();
    without_key.retain(|(k, _)| *k != "api_key");
    let r = post(without_key, ".xml").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body
            .contains("<errors><error><code>403</code><description>API 密钥无效"),
        "{}",
        r.body
    );
    for (field, value, status, expect) in [
        ("service_code", "Z99", StatusCode::NOT_FOUND, "服务类别"),
        (
            "attribute[kind]",
            "petition",
            StatusCode::BAD_REQUEST,
            "attribute[kind]",
        ),
        ("lat", "60.0", StatusCode::BAD_REQUEST, "lat"),
        ("phone", "12", StatusCode::BAD_REQUEST, "phone"),
        (
            "media_url",
            "javascript:alert(1)",
            StatusCode::BAD_REQUEST,
            "media_url",
        ),
    ] {
        let mut bad = example.clone();
        for f in bad.iter_mut().filter(|(k, _)| *k == field) {
            f.1 = value.to_owned();
        }
        let r = post(bad, ".json").await;
        assert_eq!(r.status, status, "{field}: {}", r.body);
        assert_eq!(r.json()[0]["code"], status.as_u16(), "{field}");
        assert!(r.body.contains(expect), "{field}: {}", r.body);
    }
    let mut nowhere = example.clone();
    nowhere.retain(|(k, _)| !matches!(*k, "lat" | "long" | "address_string"));
    let r = post(nowhere, ".json").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("address_string"), "{}", r.body);
    for q in [
        "start_date=yesterday",
        "start_date=2026-01-01&end_date=2026-06-01",
        "start_date=2026-02-01&end_date=2026-01-01",
        "service_request_id=abc",
        "status=pending",
    ] {
        let r = app
            .get(&format!("/open311/v2/requests.json?{q}"), None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.body);
        assert_eq!(r.json()[0]["code"], 400);
    }
    assert_eq!(
        app.get("/open311/v2/requests/20990101000001.json", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/open311/v2/tokens/nothing.json", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let requests_before = app
        .get("/open311/v2/requests.json", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .len();

    // Revoked: the key posts nothing more; what it posted stays.
    let keys = app.store().open311_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].last_used_at.is_some());
    let r = app
        .post_form(
            &format!("/admin/open311/{}/revoke", keys[0].id),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.post_form(
            &format!("/admin/open311/{}/revoke", keys[0].id),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf)]
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        post(example.clone(), ".json").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/open311/v2/requests.json", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        requests_before
    );

    // Staff intake cannot pretend to be Open311.
    let intake = app.token("intake").await;
    let mut body = crate::support::resident_json();
    body["channel"] = json!("open311");
    assert_eq!(
        app.post_json("/api/v1/cases", Some(&intake), &body)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.finish().await;
}

on_both_backends!(open311_clients_post_and_follow_requests);
