//! The delegated powers catalogue over HTTP, on both databases: the demo catalogue ships, an import with bad rows is
//! refused whole with every bad cell reported, a good CSV or XLSX becomes a new version, and the API lists it.

use axum::http::StatusCode;

use crate::support::TestApp;

on_both_backends!(a_powers_spreadsheet_is_imported_whole_or_not_at_all);

/// A multipart body: the CSRF token, a note and one file.
fn upload(csrf: &str, filename: &str, data: &[u8]) -> (String, Vec<u8>) {
    let b = "----gongzhi-powers";
    let mut body = format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n2026年调整\r\n--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn a_powers_spreadsheet_is_imported_whole_or_not_at_all(app: TestApp) {
    let api = app
        .get_api("/api/v1/powers", Some(&app.token("street-bajiao").await))
        .await
        .json();
    assert_eq!(api["version"], 1);
    assert!(
        api["powers"].as_array().unwrap().len() >= 30,
        "the demo catalogue ships"
    );
    // The delegation is published (行政处罚法 art. 24): the catalogue answers without a sign-in, page and API.
    let public = app.get_api("/api/v1/powers", None).await;
    assert_eq!(public.status, axum::http::StatusCode::OK, "{}", public.body);
    assert_eq!(public.json()["powers"], api["powers"]);
    let page = app.get("/powers", None).await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(page.body.contains("SJS-CG-003") && page.body.contains("id=\"powers-table\""));
    let barbecue = api["powers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "SJS-CG-003")
        .unwrap();
    assert_eq!(
        (
            barbecue["fine_min_fen"].as_i64(),
            barbecue["fine_max_fen"].as_i64()
        ),
        (Some(50_000), Some(2_000_000))
    );
    let admin = app.login("admin").await;
    let post = |ct: String, body: Vec<u8>| {
        let app = &app;
        let cookie = admin.cookie.clone();
        async move {
            app.post_raw("/admin/powers", Some(&cookie), &ct, body, "10.0.0.1")
                .await
        }
    };
    let bad = "职权编码,职权名称,实施依据,原实施部门,下放层级,生效日期,处罚种类,罚款下限（元）,罚款上限（元）\n\
        Y-1,对占道经营的处罚,《北京市市容环境卫生条例》,区城市管理综合行政执法局,街道,2021-01-01,警告、罚款,50,2000\n\
        Y-2,对某事的处罚,《某条例》,区不存在局,街道,2021-02-30,罚款,abc,100\n";
    let (ct, body) = upload(&admin.csrf, "bad.csv", bad.as_bytes());
    let r = post(ct, body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for cell in [
        "<td>3</td><td>原实施部门</td>",
        "<td>3</td><td>生效日期</td>",
        "<td>3</td><td>罚款下限（元）</td>",
    ] {
        assert!(r.body.contains(cell), "{cell} reported");
    }
    assert!(!r.body.contains("<td>2</td><td>"), "row 2 was good");
    assert_eq!(
        app.store().powers_version().await.unwrap(),
        1,
        "nothing half-imported"
    );
    let missing = "职权编码,职权名称\nY-1,x\n";
    let (ct, body) = upload(&admin.csrf, "missing.csv", missing.as_bytes());
    assert!(
        post(ct, body)
            .await
            .body
            .contains("<td>1</td><td>实施依据</td>"),
        "a missing column rejects the file"
    );
    let (ct, body) = upload(
        &admin.csrf,
        "good.csv",
        bad.lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
    );
    assert_eq!(post(ct, body).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store().powers_version().await.unwrap(), 2);
    let xlsx = include_bytes!("fixtures/powers.xlsx");
    let (ct, body) = upload(&admin.csrf, "powers.xlsx", xlsx);
    let r = post(ct, body).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let api = app
        .get_api("/api/v1/powers", Some(&app.token("street-bajiao").await))
        .await
        .json();
    assert_eq!(api["version"], 3);
    assert_eq!(api["powers"][1]["code"], "X-002");
    assert_eq!(
        (
            api["powers"][1]["fine_min_fen"].as_i64(),
            api["powers"][1]["source_unit"].as_str()
        ),
        (Some(100_000), Some("dept.cgzf"))
    );
    let (ct, body) = upload(&admin.csrf, "junk.xlsx", b"PK\x03\x04garbage");
    assert_eq!(
        post(ct, body).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let dispatcher = app.login("dispatcher").await;
    assert_eq!(
        app.get("/admin/powers", Some(&dispatcher.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}
