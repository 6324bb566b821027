//! The findings of the second penetration test (issue 22), each reproduced and shown closed on both databases:
//! spreadsheets that would stop the server, re-identifiable masked numbers, scope leaks of whistles and enforcement
//! cases, community workers acting for the street, carers billing outside their scope, one person settling money,
//! interrupted imports, formulas in exports, and a respondent's consent given by the other party.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::support::*;

/// A workbook of two cells, A1 and XFD1048576: a few kilobytes that claim 16,384 × 1,048,576 cells.
fn sparse_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(
        bytes.len() < 16 * 1024,
        "the sparse workbook is small: {} bytes",
        bytes.len()
    );
    bytes
}

/// A zip bomb in the shape of a workbook: a sheet of 300 MB of blanks that deflates to about 300 KB.
fn bomb_workbook() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    out.start_file("[Content_Types].xml", options).unwrap();
    out.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    out.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let blanks = vec![b' '; 1024 * 1024];
    for _ in 0..300 {
        out.write_all(&blanks).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    assert!(
        bytes.len() < 2 * 1024 * 1024,
        "the bomb is small: {} bytes",
        bytes.len()
    );
    bytes
}

/// A request body that records whether anyone read it.
struct Watched {
    data: Option<axum::body::Bytes>,
    read: Arc<AtomicBool>,
}

impl axum::body::HttpBody for Watched {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.read.store(true, Ordering::SeqCst);
        std::task::Poll::Ready(self.data.take().map(|d| Ok(http_body::Frame::data(d))))
    }
}

async fn upload_as(app: &TestApp, browser: &Browser, path: &str, data: &[u8]) -> (Reply, bool) {
    let (content_type, body) = multipart(
        &[("csrf", &browser.csrf), ("round", "2026"), ("note", "x")],
        &[("file", "census.xlsx", data)],
    );
    let read = Arc::new(AtomicBool::new(false));
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, &browser.cookie)
        .header("sec-fetch-site", "same-origin")
        .header("x-forwarded-for", "10.0.0.1")
        .body(Body::new(Watched {
            data: Some(body.into()),
            read: read.clone(),
        }))
        .unwrap();
    let reply = app.send(request).await;
    (reply, read.load(Ordering::SeqCst))
}

on_both_backends!(a_sparse_workbook_and_a_zip_bomb_are_refused_by_their_limits_and_the_server_answers_the_next_request);

async fn a_sparse_workbook_and_a_zip_bomb_are_refused_by_their_limits_and_the_server_answers_the_next_request(
    app: TestApp,
) {
    let (sparse, bomb) = (sparse_workbook(), bomb_workbook());
    // Someone without the import right is refused before a byte of the body is read.
    for user in ["provider", "community-bajiao", "station"] {
        let browser = app.login(user).await;
        let (reply, read) = upload_as(&app, &browser, "/staff/care/census", &bomb).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{user}: {}",
            reply.body
        );
        assert!(
            !read,
            "{user}: the body was read before the role was checked"
        );
    }
    let dispatcher = app.login("dispatcher").await;
    let (reply, read) = upload_as(&app, &dispatcher, "/admin/powers", &sparse).await;
    assert_eq!((reply.status, read), (StatusCode::FORBIDDEN, false));

    // The officer's upload is read within the limits and refused with the limit named.
    let officer = app.login("careadmin").await;
    let token = app.token("careadmin").await;
    for (file, message) in [
        (&sparse, "工作表超过 600000 行"),
        (&bomb, "解压后超过 256 MB"),
    ] {
        let (reply, _) = upload_as(&app, &officer, "/staff/care/census", file).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let id = reply.location().rsplit('/').next().unwrap().to_owned();
        let import = app
            .get_api(&format!("/api/v1/care/census/{id}"), Some(&token))
            .await
            .json();
        assert_eq!(import["status"], "rejected");
        assert!(
            import["message"].as_str().unwrap().contains(message),
            "{import}"
        );
    }
    let admin = app.login("admin").await;
    for (file, message) in [
        (&sparse, "工作表超过 600000 行"),
        (&bomb, "解压后超过 256 MB"),
    ] {
        let (reply, _) = upload_as(&app, &admin, "/admin/powers", file).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.contains(message),
            "{}",
            reply.body.split("<main").nth(1).unwrap_or(&reply.body)
        );
    }
    // The server is still there.
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/staff/care/census", Some(&officer.cookie))
            .await
            .status,
        StatusCode::OK
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Masked numbers cannot be rebuilt
// ---------------------------------------------------------------------------------------------------------------

/// Every `YYYY-MM-DD` or `YYYYMMDD` in a text, as the eight digits an ID number holds at positions 7–14.
fn dates_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for i in 0..chars.len() {
        let take: String = chars[i..chars.len().min(i + 10)].iter().collect();
        let b = take.as_bytes();
        if take.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && take.chars().filter(|c| c.is_ascii_digit()).count() == 8
        {
            out.push(take.replace('-', ""));
        }
        let eight: String = chars[i..chars.len().min(i + 8)].iter().collect();
        if eight.len() == 8
            && eight.chars().all(|c| c.is_ascii_digit())
            && (eight.starts_with("19") || eight.starts_with("20"))
        {
            out.push(eight);
        }
    }
    out
}

on_both_backends!(a_masked_id_number_cannot_be_rebuilt_from_anything_shown_beside_it);

async fn a_masked_id_number_cannot_be_rebuilt_from_anything_shown_beside_it(app: TestApp) {
    crate::care::census(&app, 12).await;
    // The officer sees the numbers in full (and the birth date beside them).
    let officer = app.token("careadmin").await;
    let full = app
        .get_api("/api/v1/care/elders?per_page=200", Some(&officer))
        .await
        .json();
    let truth: std::collections::HashMap<String, String> = full["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["id_number"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        truth.len() >= 12 && full["items"][0]["birth_date"].is_string(),
        "{full}"
    );
    let (mut masked_seen, mut rebuilt) = (0, 0);
    for user in [
        "leader",
        "admin",
        "street-bajiao",
        "community-bajiao",
        "street-babaoshan",
        "station",
        "provider",
    ] {
        let token = app.token(user).await;
        let browser = app.login(user).await;
        let list = app
            .get_api("/api/v1/care/elders?per_page=200", Some(&token))
            .await;
        assert_eq!(list.status, StatusCode::OK, "{user}: {}", list.body);
        for e in list.json()["items"].as_array().unwrap() {
            let id = e["id"].as_str().unwrap();
            let shown = e["id_number"].as_str().unwrap();
            assert!(shown.contains('*'), "{user} sees a masked number: {shown}");
            masked_seen += 1;
            assert!(
                e["birth_date"].is_null(),
                "{user}: the birth date is hidden beside a masked number: {e}"
            );
            // Everything this role is shown about the elder: the list row, the detail and the page.
            let detail = app
                .get_api(&format!("/api/v1/care/elders/{id}"), Some(&token))
                .await
                .body;
            let page = app
                .get(&format!("/staff/care/elders/{id}"), Some(&browser.cookie))
                .await
                .body;
            for digits in dates_in(&format!("{e} {detail} {page}")) {
                let candidate = format!("{}{}{}", &shown[..6], digits, &shown[14..]);
                if truth.get(id) == Some(&candidate) {
                    rebuilt += 1;
                }
            }
            // The age is shown; with it the birth date has 366 possible days, and the check digit leaves many.
            assert!(e["age"].as_i64().unwrap() >= 60);
        }
    }
    assert!(
        masked_seen >= 12,
        "the roles saw masked numbers: {masked_seen}"
    );
    assert_eq!(
        rebuilt, 0,
        "no masked number rebuilt from what is shown beside it"
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 3 and 4. Whistles, enforcement cases and a street's scoring: by role as well as place
// ---------------------------------------------------------------------------------------------------------------

fn whistle(units: &[&str], address: &str) -> serde_json::Value {
    serde_json::json!({"reason": "emergency", "units": units, "title": "燃气泄漏，需紧急处置", "description": "地下车库燃气味浓。", "address": address, "lat": 39.916, "lon": 116.199})
}

/// Every demo role, by one user each (two streets' people, a summoned and an unsummoned department).
const EVERY_ROLE: [&str; 17] = [
    "intake",
    "dispatcher",
    "community-bajiao",
    "street-bajiao",
    "street-bajiao-2",
    "street-gucheng",
    "dept-cgzf",
    "dept-yb",
    "leader",
    "mediator",
    "court",
    "assessor",
    "provider",
    "station",
    "careadmin",
    "evaluator",
    "admin",
];

on_both_backends!(
    whistles_enforcement_cases_and_a_streets_scoring_are_seen_by_role_as_well_as_place
);

async fn whistles_enforcement_cases_and_a_streets_scoring_are_seen_by_role_as_well_as_place(
    app: TestApp,
) {
    use serde_json::json;
    let street = app.token("street-bajiao").await;
    let r = app
        .post_json(
            "/api/v1/whistles",
            Some(&street),
            &whistle(&["dept.cgzf"], "八角北路社区"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["whistle_no"].as_str().unwrap().to_owned();
    let head = app.token("street-bajiao").await;
    let officer = app.token("street-bajiao-2").await;
    let body = json!({"power": "SJS-CG-003", "source": "patrol", "party_kind": "person", "party_name": "某烧烤摊主", "facts": "八角北路东口露天烧烤，烟气扰民。"});
    let r = app
        .post_json("/api/v1/enforcement", Some(&officer), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let eno = r.json()["enforcement_no"].as_str().unwrap().to_owned();
    drop(head);
    let sees_whistle = [
        "intake",
        "dispatcher",
        "community-bajiao",
        "street-bajiao",
        "street-bajiao-2",
        "dept-cgzf",
        "leader",
        "evaluator",
        "admin",
    ];
    let sees_case = [
        "intake",
        "dispatcher",
        "street-bajiao",
        "street-bajiao-2",
        "leader",
        "evaluator",
        "admin",
    ];
    let today = gongzhi_domain::local_yyyymmdd(app.now());
    let month = format!("{}-{:02}", today / 10_000, today / 100 % 100);
    let sees_scoring = [
        "street-bajiao",
        "street-bajiao-2",
        "leader",
        "evaluator",
        "dispatcher",
        "admin",
    ];
    for user in EVERY_ROLE {
        let token = app.token(user).await;
        let w = app
            .get_api(&format!("/api/v1/whistles/{no}"), Some(&token))
            .await
            .status;
        let missing = app
            .get_api("/api/v1/whistles/SZ20260101999", Some(&token))
            .await
            .status;
        assert_eq!(
            w,
            if sees_whistle.contains(&user) {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{user} on the whistle"
        );
        if !sees_whistle.contains(&user) {
            assert_eq!(
                w, missing,
                "{user}: a hidden whistle answers as a missing one"
            );
        }
        let c = app
            .get_api(&format!("/api/v1/enforcement/{eno}"), Some(&token))
            .await
            .status;
        assert_eq!(
            c,
            if sees_case.contains(&user) {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{user} on the enforcement case"
        );
        let s = app
            .get_api(
                &format!("/api/v1/assessment/streets/street.bajiao?month={month}"),
                Some(&token),
            )
            .await
            .status;
        assert_eq!(
            s == StatusCode::OK,
            sees_scoring.contains(&user),
            "{user} on the street's scoring: {s}"
        );
    }
    // An unsummoned department cannot act on it either, and is told nothing more than about a missing one.
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/report"),
            Some(&app.token("dept-yb").await),
            &json!({"on_site": true, "action": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // A community worker blows to its own street and follows the whistle, but does not act for the street.
    let community = app.token("community-bajiao").await;
    let r = app
        .post_json(
            "/api/v1/whistles",
            Some(&community),
            &whistle(&["dept.cgzf"], "八角北路社区"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let own = r.json()["whistle_no"].as_str().unwrap().to_owned();
    for target in [&no, &own] {
        let r = app
            .post_json(
                &format!("/api/v1/whistles/{target}/summon"),
                Some(&community),
                &json!({"units": ["dept.sthj"]}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_the_street")),
            "{}",
            r.body
        );
        let r = app
            .post_json(
                &format!("/api/v1/whistles/{target}/close"),
                Some(&community),
                &json!({"outcome": "处置完毕", "reason": "未到场"}),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_the_street")),
            "{}",
            r.body
        );
    }
    // The street's officer closes; the community worker may not rate, the officer may.
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/close"),
            Some(&street),
            &json!({"outcome": "处置完毕", "reason": "部门电话处置，未到场"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rating = json!({"unit": "dept.cgzf", "timeliness": 1, "attitude": 1, "result": 1});
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&community),
            &rating,
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_the_street")),
        "{}",
        r.body
    );
    let w = app
        .get_api(&format!("/api/v1/whistles/{no}"), Some(&street))
        .await
        .json();
    let unit = w["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "dept.cgzf")
        .unwrap()
        .clone();
    assert!(unit["rating"].is_null(), "nothing rated: {unit}");
    assert_eq!(
        app.post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &rating
        )
        .await
        .status,
        StatusCode::OK
    );
    // The community worker's page offers none of the street's buttons.
    let page = app
        .get(
            &format!("/staff/whistles/{no}"),
            Some(&app.login("community-bajiao").await.cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains(&format!("/staff/whistles/{no}/rate"))
            && !page.body.contains(&format!("/staff/whistles/{own}/close")),
        "no street buttons"
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Carers bill only the elders their facility serves
// ---------------------------------------------------------------------------------------------------------------

on_both_backends!(a_carer_records_deliveries_only_for_elders_its_facility_serves);

async fn a_carer_records_deliveries_only_for_elders_its_facility_serves(app: TestApp) {
    use serde_json::json;
    let elders = crate::care::network::network(&app, 6).await;
    let officer = app.token("careadmin").await;
    let street_of = |e: &serde_json::Value| e["elder"]["street"].as_str().unwrap().to_owned();
    let mut by_street: std::collections::HashMap<String, String> = Default::default();
    for e in &elders {
        let d = app
            .get_api(&format!("/api/v1/care/elders/{e}"), Some(&officer))
            .await
            .json();
        by_street.entry(street_of(&d)).or_insert_with(|| e.clone());
    }
    let (home, away) = (
        by_street["八宝山街道"].clone(),
        by_street["八角街道"].clone(),
    );
    let carer = app.token("provider").await;
    let at = jiff::Timestamp::from_millisecond(app.now() - 3_600_000)
        .unwrap()
        .to_string();
    let local = gongzhi_domain::format_local(app.now() - 3_600_000).replace(' ', "T");
    let meal = |elder: &str| json!({"elder_id": elder, "service": "meals", "meal": "lunch", "started_at": at, "minutes": 30, "place": "facility"});
    // The carer cannot read the other street's elder, and cannot bill for them: the same 404.
    assert_eq!(
        app.get_api(&format!("/api/v1/care/elders/{away}"), Some(&carer))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_json("/api/v1/care/services", Some(&carer), &meal(&away))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // …nor find them by ID number on the page.
    let number = app
        .get_api(&format!("/api/v1/care/elders/{away}"), Some(&officer))
        .await
        .json()["elder"]["id_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = app.login("provider").await;
    let station = app
        .store()
        .get_unit_by_code("street.babaoshan.c01.station")
        .await
        .unwrap()
        .unit
        .id;
    let facility = app
        .store()
        .facilities(None)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.unit_id == Some(station))
        .unwrap()
        .id;
    let fields = [
        ("csrf", b.csrf.as_str()),
        ("facility_id", facility.as_str()),
        ("id_number", number.as_str()),
        ("service", "meals"),
        ("meal", "lunch"),
        ("started_at", &local[..16]),
        ("minutes", "30"),
        ("place", "facility"),
    ];
    let r = app
        .post_form("/staff/care/services", Some(&b.cookie), &fields)
        .await;
    assert!(
        r.location().contains("error=unknown_elder"),
        "{}",
        r.location()
    );
    // The other street's elder's daily subsidy is untouched: the officer still gets it for them.
    let records = app
        .get_api("/api/v1/care/services", Some(&carer))
        .await
        .json();
    assert!(
        records["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["elder_id"] != away.as_str()),
        "nothing billed for the elder: {records}"
    );
    // The carer's own street's elder: recorded.
    let r = app.post_json("/api/v1/care/services", Some(&carer), &json!({"elder_id": home, "service": "cleaning", "started_at": at, "minutes": 60, "place": "home"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Maker-checker on money
// ---------------------------------------------------------------------------------------------------------------

on_both_backends!(no_officer_enters_and_checks_or_checks_and_settles_the_same_money);

async fn no_officer_enters_and_checks_or_checks_and_settles_the_same_money(app: TestApp) {
    use serde_json::json;
    let elders = crate::care::network::network(&app, 3).await;
    let (maker, checker) = (
        app.token("careadmin").await,
        app.token("careadmin-yb").await,
    );
    let facility = app.get_api("/api/v1/care/facilities", None).await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["tier"] == "station")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let month = gongzhi_domain::care::ltc::previous_month(
        gongzhi_domain::local_yyyymmdd(app.now()) as i64 / 100,
    );
    let r = app
        .post_json(
            "/api/v1/care/settlements",
            Some(&maker),
            &json!({"facility_id": facility, "month": month.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let s = r.json()["settlement"].clone();
    let id = s["id"].as_str().unwrap().to_owned();
    // Who entered it may not check it: 409 with the code, nothing changes.
    let r = app
        .post_json(
            &format!("/api/v1/care/settlements/{id}/check"),
            Some(&maker),
            &json!({"version": s["version"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("checker_is_enterer")),
        "{}",
        r.body
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/settlements/{id}/check"),
            Some(&checker),
            &json!({"version": s["version"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = r.json()["settlement"].clone();
    // Who checked it may not settle it.
    let r = app
        .post_json(
            &format!("/api/v1/care/settlements/{id}/settle"),
            Some(&checker),
            &json!({"version": s["version"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("settler_is_checker")),
        "{}",
        r.body
    );
    let page = app
        .get(
            &format!("/staff/care/settlements/{id}"),
            Some(&app.login("careadmin-yb").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"maker-checker\"") && !page.body.contains("id=\"settle-form\""),
        "the checker is told, and offered no settle button"
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/settlements/{id}/settle"),
            Some(&maker),
            &json!({"version": s["version"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let s = r.json()["settlement"].clone();
    assert!(
        s["entered_by"] != s["checked_by"] && s["checked_by"] != s["settled_by"],
        "{s}"
    );
    let page = app
        .get(
            &format!("/staff/care/settlements/{id}"),
            Some(&app.login("careadmin").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("民政局 养老科 林静") && page.body.contains("医保局 待遇科 黄涛"),
        "the page names who did each step"
    );

    // A contribution typed in counts only once another officer has checked it.
    let elder = &elders[0];
    let year = 2031;
    assert_eq!(
        app.post_json(
            &format!("/api/v1/care/elders/{elder}/insurance"),
            Some(&maker),
            &json!({"category": "resident"})
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/elders/{elder}/insurance"),
            Some(&maker),
            &json!({"year": year, "payer": "individual", "amount_fen": 9000}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = |v: &serde_json::Value| {
        v["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["year"] == year)
            .cloned()
            .unwrap()
    };
    assert_eq!(row(&r.json())["checked"], false);
    let standing = |app: &TestApp| {
        let elder = elder.clone();
        let app = app.state.app.clone();
        async move {
            gongzhi_app::care::services::standing(&app, std::slice::from_ref(&elder), year)
                .await
                .unwrap()[&elder]
        }
    };
    assert_eq!(
        standing(&app).await,
        (true, false),
        "not paid until checked"
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/elders/{elder}/insurance/check"),
            Some(&maker),
            &json!({"year": year, "payer": "individual"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("checker_is_enterer")),
        "{}",
        r.body
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/elders/{elder}/insurance/check"),
            Some(&checker),
            &json!({"year": year, "payer": "individual"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(row(&r.json())["checked"], true);
    assert_eq!(
        standing(&app).await,
        (true, false),
        "the person's share alone: the government's is still missing"
    );
    let r = app
        .post_json(
            &format!("/api/v1/care/elders/{elder}/insurance"),
            Some(&maker),
            &json!({"year": year, "payer": "government", "amount_fen": 9000}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.post_json(
        &format!("/api/v1/care/elders/{elder}/insurance/check"),
        Some(&checker),
        &json!({"year": year, "payer": "government"}),
    )
    .await;
    assert_eq!(standing(&app).await, (true, true));
    let r = app
        .post_json(
            &format!("/api/v1/care/elders/{elder}/insurance/check"),
            Some(&checker),
            &json!({"year": year, "payer": "individual"}),
        )
        .await;
    assert_eq!(r.json()["error"]["code"], "contribution_checked");

    // Contributions are read by officers and assessors only; the others see whether the elder is insured.
    for user in ["assessor", "careadmin"] {
        let v = app
            .get_api(
                &format!("/api/v1/care/elders/{elder}/insurance"),
                Some(&app.token(user).await),
            )
            .await
            .json();
        assert!(
            !v["contributions"].as_array().unwrap().is_empty(),
            "{user}: {v}"
        );
    }
    for user in [
        "leader",
        "admin",
        "street-babaoshan",
        "street-laoshan",
        "street-bajiao",
        "station",
        "provider",
        "community-bajiao",
    ] {
        let r = app
            .get_api(
                &format!("/api/v1/care/elders/{elder}/insurance"),
                Some(&app.token(user).await),
            )
            .await;
        if r.status == StatusCode::OK {
            assert!(
                r.json()["contributions"].as_array().unwrap().is_empty(),
                "{user}: {}",
                r.body
            );
        } else {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
        }
    }
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 8 (and 10). Exports carry no formulas; a census file's control characters and repeated numbers are row errors
// ---------------------------------------------------------------------------------------------------------------

on_both_backends!(exports_write_no_formulas_and_a_census_refuses_control_characters_and_repeated_numbers_row_by_row);

async fn exports_write_no_formulas_and_a_census_refuses_control_characters_and_repeated_numbers_row_by_row(
    app: TestApp,
) {
    use serde_json::json;
    let today = gongzhi_domain::calendar::local_date(app.now());
    let places = vec![("八角街道".to_owned(), "八角北路社区".to_owned())];
    let mut rows = gongzhi_demo::census::census_rows(&places, 5, today, 41);
    let formula = "=HYPERLINK(\"http://x.example\",\"点我\")";
    rows[0][0] = formula.to_owned();
    rows[1][0] = "@SUM(A1)".to_owned();
    rows[2][0] = "王\u{0}五".to_owned();
    rows[3][0] = "赵\u{1b}[31m六".to_owned();
    let repeated = rows[1].clone();
    // The census office's file as it comes, quoted by RFC 4180 only.
    let cell = |c: &str| {
        if c.contains([',', '"']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_owned()
        }
    };
    let mut csv = gongzhi_domain::care::CENSUS_COLUMNS.join(",");
    csv.push('\n');
    for r in rows.iter().chain(std::iter::once(&repeated)) {
        csv.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    let file = gongzhi_app::care::read_census(csv.as_bytes()).unwrap();
    let actor = gongzhi_store::Actor::system(app.now());
    let id =
        gongzhi_app::care::start_import_as(&app.state.app, &actor, "census.csv", "2026", "", &file)
            .await
            .unwrap();
    let out = gongzhi_app::care::run_census(&app.state.app, &actor, &id, &file, |_, _| {})
        .await
        .unwrap();
    // Rows 4 and 5 (a NUL, an escape) and row 7 (row 3's number again) are refused; the counts add up.
    assert_eq!((out.created, out.updated), (3, 0), "{out:?}");
    let mut bad: Vec<(usize, &str)> = out.errors.iter().map(|e| (e.row, e.column)).collect();
    bad.sort();
    bad.dedup();
    assert_eq!(
        bad,
        vec![(4, "姓名"), (5, "姓名"), (7, "公民身份号码")],
        "{:?}",
        out.errors
    );
    let import = app
        .get_api(
            &format!("/api/v1/care/census/{id}"),
            Some(&app.token("careadmin").await),
        )
        .await
        .json();
    assert_eq!(
        (
            import["created"].as_i64(),
            import["bad"].as_i64(),
            import["total_rows"].as_i64()
        ),
        (Some(3), Some(3), Some(6)),
        "{import}"
    );

    // The accident roster's export neutralises the name that would be a formula.
    let officer = app.token("careadmin").await;
    let year = i64::from(today.year()) + 1;
    let r = app
        .post_json(
            "/api/v1/care/accident-roster",
            Some(&officer),
            &json!({"year": year, "insurer": "=cmd|' /C calc'!A0"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = app.login("careadmin").await;
    let export = app
        .get(
            &format!("/staff/care/roster.csv?year={year}"),
            Some(&b.cookie),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let formula_cells = |csv: &str| -> Vec<String> {
        // Every cell, unquoted, that a spreadsheet would evaluate.
        let mut out = Vec::new();
        for line in csv.lines() {
            let mut cell = String::new();
            let mut quoted = false;
            for ch in line.chars().chain(std::iter::once(',')) {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => {
                        if cell
                            .trim_start_matches('\u{feff}')
                            .starts_with(['=', '+', '-', '@', '\t', '\r'])
                        {
                            out.push(cell.clone());
                        }
                        cell.clear();
                    }
                    c => cell.push(c),
                }
            }
        }
        out
    };
    assert!(
        export.body.contains("'@SUM(A1)")
            && export.body.contains("'=cmd")
            && !export.body.contains("''"),
        "{}",
        export.body
    );
    assert!(
        formula_cells(&export.body).is_empty(),
        "{:?}",
        formula_cells(&export.body)
    );
    // So does a settlement's report, with the formula-named elder on a line.
    let elders = app
        .get_api("/api/v1/care/elders?per_page=200", Some(&officer))
        .await
        .json();
    let named = elders["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == formula)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    gongzhi_demo::care::seed_network(&app.state.app, &actor, false, false)
        .await
        .unwrap();
    let facility = app.get_api("/api/v1/care/facilities", None).await.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["services"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["service"] == "disability_aid")
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let month_ago = app.now() - 31 * 86_400_000;
    let at = jiff::Timestamp::from_millisecond(month_ago)
        .unwrap()
        .to_string();
    let r = app.post_json("/api/v1/care/services", Some(&officer), &json!({"elder_id": named, "facility_id": facility, "service": "disability_aid", "started_at": at, "minutes": 60, "place": "home"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let month = gongzhi_domain::local_yyyymmdd(month_ago) / 100;
    let r = app
        .post_json(
            "/api/v1/care/settlements",
            Some(&officer),
            &json!({"facility_id": facility, "month": month.to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sid = r.json()["settlement"]["id"].as_str().unwrap().to_owned();
    let export = app
        .get(
            &format!("/staff/care/settlements/{sid}/export.csv"),
            Some(&b.cookie),
        )
        .await;
    assert!(export.body.contains("'=HYPERLINK"), "{}", export.body);
    assert!(
        formula_cells(&export.body).is_empty(),
        "{:?}",
        formula_cells(&export.body)
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 10. The low findings
// ---------------------------------------------------------------------------------------------------------------

on_both_backends!(the_low_findings_are_closed);

async fn the_low_findings_are_closed(app: TestApp) {
    use serde_json::json;
    // Carers and community workers see an elder's guardian, and change nothing; the station does.
    let elders = crate::care::census(&app, 3).await;
    let officer = app.token("careadmin").await;
    let mut bajiao = None;
    let mut babaoshan = None;
    for e in &elders {
        let d = app
            .get_api(&format!("/api/v1/care/elders/{e}"), Some(&officer))
            .await
            .json();
        match d["elder"]["street"].as_str() {
            Some("八角街道") => {
                bajiao = Some((e.clone(), d["elder"]["version"].as_i64().unwrap()))
            }
            Some("八宝山街道") => {
                babaoshan = Some((e.clone(), d["elder"]["version"].as_i64().unwrap()))
            }
            _ => {}
        }
    }
    let ((in_bajiao, v1), (in_babaoshan, v2)) = (bajiao.unwrap(), babaoshan.unwrap());
    for (user, elder, version) in [
        ("community-bajiao", &in_bajiao, v1),
        ("provider", &in_babaoshan, v2),
    ] {
        let b = app.login(user).await;
        let page = app
            .get(&format!("/staff/care/elders/{elder}"), Some(&b.cookie))
            .await;
        assert!(
            page.status == StatusCode::OK && !page.body.contains("id=\"guardian-form\""),
            "{user}: no guardian form"
        );
        let r = app
            .post_form(
                &format!("/staff/care/elders/{elder}/guardian"),
                Some(&b.cookie),
                &[
                    ("csrf", &b.csrf),
                    ("version", &version.to_string()),
                    ("guardian_name", "冒名"),
                    ("guardian_phone", "13800000000"),
                    ("consent", "on"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}: {}", r.body);
    }
    let station = app.login("station").await;
    let r = app
        .post_form(
            &format!("/staff/care/elders/{in_babaoshan}/guardian"),
            Some(&station.cookie),
            &[
                ("csrf", &station.csrf),
                ("version", &v2.to_string()),
                ("guardian_name", "李明"),
                ("guardian_phone", "13800000001"),
                ("consent", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let d = app
        .get_api(
            &format!("/api/v1/care/elders/{in_babaoshan}"),
            Some(&officer),
        )
        .await
        .json();
    assert_eq!(
        (
            d["elder"]["guardian_name"].as_str(),
            d["elder"]["consent"].as_bool()
        ),
        (Some("李明"), Some(true))
    );

    // A question page, once answered, shows neither the phone nor the ID number the asker typed.
    let r = app
        .post_form(
            "/disputes/ask",
            None,
            &[
                ("dispute_type", "tenancy"),
                (
                    "question",
                    "房东不退押金，我电话13700001111，身份证110101194912310018，怎么办？",
                ),
            ],
        )
        .await;
    let link = r.location().to_owned();
    assert!(
        app.get(&link, None).await.body.contains("13700001111"),
        "the asker sees their own question before it is answered"
    );
    let m = app.login("mediator").await;
    let id = link.rsplit('/').next().unwrap();
    app.post_form(
        &format!("/staff/disputes/questions/{id}"),
        Some(&m.cookie),
        &[("csrf", &m.csrf), ("answer", "可以申请调解。")],
    )
    .await;
    let page = app.get(&link, None).await.body;
    assert!(
        page.contains("可以申请调解")
            && !page.contains("13700001111")
            && !page.contains("110101194912310018"),
        "{page}"
    );

    // The dashboard: leaders, the assessment office and dispatchers only; no link to it for the others.
    for (user, open) in [
        ("leader", true),
        ("evaluator", true),
        ("dispatcher", true),
        ("street-bajiao", false),
        ("community-bajiao", false),
        ("mediator", false),
        ("careadmin", false),
        ("dept-cgzf", false),
    ] {
        let b = app.login(user).await;
        let r = app.get("/staff/dashboard", Some(&b.cookie)).await;
        assert_eq!(r.status == StatusCode::OK, open, "{user}: {}", r.status);
        let nav = app.get("/staff/assessment", Some(&b.cookie)).await;
        if nav.status == StatusCode::OK {
            assert_eq!(
                nav.body.contains("href=\"/staff/dashboard"),
                open,
                "{user}: the link only for those who may open it"
            );
        }
    }

    // An empty `narrow` is refused, not read as "everything".
    let street = app.token("street-bajiao").await;
    let r = app.get_api("/api/v1/whistles?narrow=", Some(&street)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        app.get_api("/api/v1/whistles?narrow=open", Some(&street))
            .await
            .status,
        StatusCode::OK
    );

    // An agreement's term due in the year 0, and a litigation step with another step's field, are refused as the
    // document says (checked before anything is looked up).
    let mediator = app.token("mediator").await;
    let r = app
        .post_json(
            "/api/v1/disputes/20261101000001/agreement",
            Some(&mediator),
            &json!({"terms": [{"text": "赔偿", "amount": "100", "due_date": "0000-01-01"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        r.json()["error"]["fields"][0]["field"],
        "terms[0].due_date",
        "{}",
        r.body
    );
    let r = app
        .post_json(
            "/api/v1/disputes/20261101000001/agreement",
            Some(&mediator),
            &json!({"terms": [{"text": "赔偿", "amount": "100000000000"}]}),
        )
        .await;
    assert_eq!(
        r.json()["error"]["fields"][0]["code"],
        "not_money",
        "10^11 yuan is over the money fields' range: {}",
        r.body
    );
    let r = app
        .post_json(
            "/api/v1/disputes/20261101000001/litigation",
            Some(&mediator),
            &json!({"step": "file", "result": null}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("result")),
        "{}",
        r.body
    );

    // A band version's matrix takes whole numbers written as 3.0, as the schema's integers allow.
    let body = json!({"version": {"code": "pilot-float", "name": "试点", "daily_living": {"intact": 90, "mild": 65, "moderate": 45}, "cognition": {"intact": 4, "mild": 2, "moderate": 1}, "perception": {"intact": 4, "mild": 2, "moderate": 1},
        "matrix": [[0.0, 1, 1, 2], [1, 1, 2, 3], [2, 2, 3, 4], [3, 4, 4, 5.0]]}});
    let r = app
        .post_json("/api/v1/care/bands", Some(&officer), &body)
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let mut half = body.clone();
    half["version"]["code"] = json!("pilot-half");
    half["version"]["matrix"][0][0] = json!(0.5);
    assert_eq!(
        app.post_json("/api/v1/care/bands", Some(&officer), &half)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.finish().await;
}

on_both_backends!(open311_limits_each_key_and_answers_a_large_body_in_its_own_format);

async fn open311_limits_each_key_and_answers_a_large_body_in_its_own_format(app: TestApp) {
    let admin = app.login("admin").await;
    let page = app
        .post_form(
            "/admin/open311",
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("organisation", "区网格中心")],
        )
        .await;
    let page = if page.status == StatusCode::SEE_OTHER {
        app.get(page.location(), Some(&admin.cookie)).await
    } else {
        page
    };
    let start =
        page.body.find("id=\"new-key\">").expect("the key is shown") + "id=\"new-key\">".len();
    let key = page.body[start..start + 70].to_owned();
    let c = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit
        .centre
        .unwrap();
    let (lat, lon) = (c.lat.to_string(), c.lon.to_string());
    let form = |i: usize| {
        let phone = format!("1391111{i:04}");
        vec![
            ("api_key", key.clone()),
            ("service_code", "B04".to_owned()),
            ("lat", lat.clone()),
            ("long", lon.clone()),
            ("description", "楼道堆物".to_owned()),
            ("first_name", "建国".to_owned()),
            ("last_name", "王".to_owned()),
            ("phone", phone),
        ]
    };
    // 80 posts at once with one key: the minute's allowance (60) is kept exactly, the rest are told so in GeoReport.
    let mut posts = tokio::task::JoinSet::new();
    for i in 0..80 {
        let body = form(i)
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let router = app.router.clone();
        posts.spawn(async move {
            use tower::ServiceExt;
            let req = Request::builder()
                .method(Method::POST)
                .uri("/open311/v2/requests.json")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(
                    "x-forwarded-for",
                    format!("10.1.{}.{}", i / 200, i % 200 + 1),
                )
                .body(Body::from(body))
                .unwrap();
            let r = router.oneshot(req).await.unwrap();
            let status = r.status();
            let bytes = http_body_util::BodyExt::collect(r.into_body())
                .await
                .unwrap()
                .to_bytes();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        });
    }
    let replies: Vec<(StatusCode, String)> = posts.join_all().await;
    let created = replies
        .iter()
        .filter(|r| r.0 == StatusCode::CREATED)
        .count();
    let throttled: Vec<_> = replies
        .iter()
        .filter(|r| r.0 == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(
        (created, throttled.len()),
        (60, 20),
        "{:?}",
        replies
            .iter()
            .map(|r| (r.0, r.1.chars().take(200).collect::<String>()))
            .collect::<Vec<_>>()
    );
    let told: serde_json::Value = serde_json::from_str(&throttled[0].1).unwrap();
    assert!(
        told[0]["code"] == 429 && told[0]["description"].is_string(),
        "{told}"
    );
    // A body over the limit: a GeoReport error list in JSON, or in XML.
    let huge = format!("api_key={key}&description={}", "x".repeat(200 * 1024));
    let r = app
        .post_raw(
            "/open311/v2/requests.json",
            None,
            "application/x-www-form-urlencoded",
            huge.clone().into_bytes(),
            "10.2.0.1",
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()[0]["code"], 413, "{}", r.body);
    let r = app
        .post_raw(
            "/open311/v2/requests.xml",
            None,
            "application/x-www-form-urlencoded",
            huge.into_bytes(),
            "10.2.0.2",
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("<errors>") && r.body.contains("<code>413</code>"),
        "{}",
        r.body
    );
    app.finish().await;
}

// ---------------------------------------------------------------------------------------------------------------
// 11. Every staff and admin write route refuses a role that has no business there
// ---------------------------------------------------------------------------------------------------------------

/// Every `(method, path)` the web crate's routers register for a write, read from their source, so a route added
/// anywhere is swept without anyone listing it here.
fn write_routes() -> Vec<(String, String)> {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut sources = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut out = Vec::new();
    for file in sources {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            if !rest[..open].trim().is_empty() {
                continue;
            }
            let close = open + 1 + rest[open + 1..].find('"').unwrap();
            let path = rest[open + 1..close].to_owned();
            // The method router: up to the parenthesis that closes `.route(`.
            let mut depth = 1;
            let mut end = close + 1;
            for (i, c) in rest[close + 1..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = close + 1 + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let methods = &rest[close + 1..end];
            for (name, method) in [
                ("post(", "POST"),
                ("put(", "PUT"),
                ("patch(", "PATCH"),
                ("delete(", "DELETE"),
            ] {
                let called = methods.match_indices(name).any(|(i, _)| {
                    i == 0 || !methods[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if called {
                    out.push((method.to_owned(), path.clone()));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Writes open to the public (residents, partners' keys, signing in), and a signed-in person's own business
/// (signing out, their password, their notices), decided one by one: a new route is swept unless it is added here.
const NOT_STAFF_WRITES: &[&str] = &[
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/logout",
    "POST /api/v1/cases",
    "POST /api/v1/disputes",
    "POST /api/v1/track/rate",
    "POST /api/v1/track/reopen",
    "POST /api/v1/track/review",
    // A calculator: it computes a level from item scores, stores nothing.
    "POST /api/v1/care/assessments/compute",
    // One's own notices marked read.
    "POST /staff/inbox",
];

fn public(method: &str, path: &str) -> bool {
    let key = format!("{method} {path}");
    NOT_STAFF_WRITES.contains(&key.as_str())
        || !(path.starts_with("/staff")
            || path.starts_with("/admin")
            || path.starts_with("/api/v1/"))
}

on_both_backends!(every_staff_and_admin_write_route_refuses_an_account_without_the_role);

async fn every_staff_and_admin_write_route_refuses_an_account_without_the_role(app: TestApp) {
    use serde_json::json;
    // An account of a department with no role at all: signed in, allowed nothing.
    let unit = app
        .store()
        .get_unit_by_code("dept.cgzf")
        .await
        .unwrap()
        .unit
        .id;
    let hash = gongzhi_app::accounts::hash_password(PASSWORD.into())
        .await
        .unwrap();
    let nobody = gongzhi_domain::accounts::ValidUser {
        username: "nobody".into(),
        display_name: "无角色 测试".into(),
        unit_id: unit,
        roles: vec![],
        unit_head: false,
    };
    app.store()
        .insert_user(&gongzhi_store::Actor::system(app.now()), &nobody, &hash)
        .await
        .unwrap();
    let browser = app.login("nobody").await;
    let token = app.token("nobody").await;
    // Real records for the paths that name one, so a refusal is the role's and not a missing record's.
    let intake = app.token("intake").await;
    let case_no =
        hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await["case_no"]
            .as_str()
            .unwrap()
            .to_owned();
    let street = app.token("street-bajiao").await;
    let whistle_no = app
        .post_json(
            "/api/v1/whistles",
            Some(&street),
            &whistle(&["dept.cgzf"], "八角北路社区"),
        )
        .await
        .json()["whistle_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"power": "SJS-CG-003", "source": "patrol", "party_kind": "person", "party_name": "某摊主", "facts": "占道经营。"});
    let enforcement_no = app
        .post_json(
            "/api/v1/enforcement",
            Some(&app.token("street-bajiao-2").await),
            &body,
        )
        .await
        .json()["enforcement_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let bajiao = app
        .store()
        .get_unit_by_code("street.bajiao")
        .await
        .unwrap()
        .unit
        .id
        .to_string();
    let fill = |path: &str| {
        path.replace("{case_no}", &case_no)
            .replace("{whistle_no}", &whistle_no)
            .replace("{no}", &whistle_no)
            .replace("{enforcement_no}", &enforcement_no)
            .replace("{code}", "street.bajiao")
            .replace("{month}", "2026-11")
            .replace("{step}", "check")
            .replace("{session_id}", "00000000-0000-0000-0000-000000000000")
            .replace("{id}", &bajiao)
    };
    let routes = write_routes();
    assert!(routes.len() > 60, "the sweep found the routers: {routes:?}");
    let mut swept = 0;
    let mut leaks = Vec::new();
    for (method, path) in &routes {
        if public(method, path) {
            continue;
        }
        swept += 1;
        let uri = fill(path);
        let mut r = Request::builder()
            .method(method.as_str())
            .uri(&uri)
            .header("x-forwarded-for", "10.0.0.7")
            .header("sec-fetch-site", "same-origin");
        let body = if path.starts_with("/api/") {
            r = r
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json");
            Body::from("{}")
        } else {
            r = r
                .header(header::COOKIE, &browser.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(format!("csrf={}", enc(&browser.csrf)))
        };
        let reply = app.send(r.body(body).unwrap()).await;
        if !matches!(reply.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) {
            leaks.push(format!(
                "{method} {path} ({uri}) answered {} to an account without the role: {}",
                reply.status,
                reply.body.chars().take(160).collect::<String>()
            ));
        }
    }
    assert!(swept > 50, "{swept} routes swept");
    assert!(
        leaks.is_empty(),
        "{} of {swept} write routes did not refuse first:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
    // And nothing was written by the account.
    let audit = app.store().list_audit(0, 1_000_000).await.unwrap();
    let written: Vec<&str> = audit
        .iter()
        .filter(|e| e.actor == "nobody" && !e.action.starts_with("auth."))
        .map(|e| e.action.as_str())
        .collect();
    assert!(
        written.is_empty(),
        "the account wrote nothing but its sign-ins: {written:?}"
    );
    app.finish().await;
}
