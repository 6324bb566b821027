//! Elderly care over HTTP, on both databases: a census uploaded on the web (CSV with bad rows, an XLSX workbook, a
//! file refused as a whole, a corrected re-import that creates no duplicates), the calculator's levels and its
//! refusals, an assessment by two assessors through review, publicity and the sweeper's conclusion (and an appeal),
//! the scopes of elders' data, and the pages.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Reply, TestApp, sweep_at};
use gongzhi_domain::care::{CENSUS_COLUMNS, Item};

pub(super) const DAY: i64 = 86_400_000;

pub(super) fn field_codes(reply: &Reply) -> Vec<(String, String)> {
    reply.json()["error"]["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| {
                    (
                        x["field"].as_str().unwrap_or("").to_owned(),
                        x["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A valid ID number for the first 17 characters.
fn id_number(first17: &str) -> String {
    let w = [7u32, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(w)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// `n` good rows in the demo district's streets and communities, for the test clock's today.
fn good_rows(app: &TestApp, n: usize) -> Vec<[String; 10]> {
    let today = gongzhi_domain::calendar::local_date(app.now());
    let places = vec![
        ("八宝山街道".to_owned(), "永乐东社区".to_owned()),
        ("老山街道".to_owned(), "双锦园社区".to_owned()),
        ("八角街道".to_owned(), "八角北路社区".to_owned()),
    ];
    gongzhi_demo::census::census_rows(&places, n, today, 99)
}

/// A CSV with the columns in another order and an extra column.
fn csv(rows: &[[String; 10]], extra_bad: &[&str]) -> Vec<u8> {
    let order = [9usize, 1, 0, 2, 3, 4, 5, 6, 7, 8];
    let mut out = String::from("\u{feff}备注,");
    out.push_str(
        &order
            .iter()
            .map(|i| CENSUS_COLUMNS[*i])
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push('\n');
    for r in rows {
        out.push_str("x,");
        out.push_str(
            &order
                .iter()
                .map(|i| r[*i].as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    for line in extra_bad {
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// The census upload form: the survey round 2026, the reference date (empty: the day of the import) and the file.
fn multipart(csrf: &str, name: &str, data: &[u8], reference: &str) -> (String, Vec<u8>) {
    crate::support::multipart(
        &[
            ("csrf", csrf),
            ("round", "2026"),
            ("reference_date", reference),
        ],
        &[("file", name, data)],
    )
}

/// Uploads a census file on the web as the civil-affairs officer and waits for the import to finish: its JSON.
async fn upload(app: &TestApp, name: &str, data: &[u8]) -> serde_json::Value {
    upload_with(app, name, data, "").await
}

/// [`upload`] with the census's reference date typed on the form.
async fn upload_with(app: &TestApp, name: &str, data: &[u8], reference: &str) -> serde_json::Value {
    let officer = app.login("careadmin").await;
    let (ct, body) = multipart(&officer.csrf, name, data, reference);
    let r = app
        .post_raw(
            "/staff/care/census",
            Some(&officer.cookie),
            &ct,
            body,
            "10.0.0.1",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.location().to_owned();
    let id = page.rsplit('/').next().unwrap().to_owned();
    let token = app.token("careadmin").await;
    for _ in 0..400 {
        let r = app
            .get_api(&format!("/api/v1/care/census/{id}"), Some(&token))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if r.json()["status"] != "running" {
            let html = app.get(&page, Some(&officer.cookie)).await;
            assert_eq!(html.status, StatusCode::OK);
            assert!(
                html.body.contains("import-progress"),
                "the progress view shows"
            );
            return r.json();
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import did not finish");
}

async fn elder_total(app: &TestApp, token: &str, query: &str) -> i64 {
    let r = app
        .get_api(&format!("/api/v1/care/elders?{query}"), Some(token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["total"].as_i64().unwrap()
}

on_both_backends!(
    a_census_is_imported_with_its_bad_rows_reported_and_re_imported_without_duplicates,
    the_calculator_gives_levels_and_names_bad_items,
    an_assessment_goes_from_two_assessors_through_publicity_to_a_level_in_force,
    elders_data_stays_in_scope_and_the_pages_work,
);

async fn a_census_is_imported_with_its_bad_rows_reported_and_re_imported_without_duplicates(
    app: TestApp,
) {
    let token = app.token("careadmin").await;
    let rows = good_rows(&app, 40);
    let young = id_number("11010719900101001");
    let bad_check = {
        let good = id_number("11010719450101002");
        format!(
            "{}{}",
            &good[..17],
            if good.ends_with('3') { '4' } else { '3' }
        )
    };
    let impossible = id_number("11010719500101003");
    let bad = [
        // Row 42: an ID number with a wrong check digit.
        format!(
            "x,助餐,{bad_check},孙淑珍,女,1945-01-01,八宝山街道,永乐东社区,独居,无,13900000001"
        ),
        // Row 43: a community that is not in that street.
        format!(
            "x,,{},李凤英,女,1945-01-01,八宝山街道,双锦园社区,空巢,无,",
            id_number("11010719450101004")
        ),
        // Row 44: a date that does not exist.
        format!("x,,{impossible},赵德福,男,1950-02-30,八角街道,八角北路社区,空巢,无,"),
        // Row 45: too young for the census, and a need nobody offers.
        format!("x,唱歌,{young},钱立新,男,1990-01-01,八角街道,八角北路社区,空巢,无,"),
    ];
    let bad_refs: Vec<&str> = bad.iter().map(String::as_str).collect();
    let done = upload(&app, "census.csv", &csv(&rows, &bad_refs)).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(
        (
            done["total_rows"].as_i64(),
            done["created"].as_i64(),
            done["bad"].as_i64()
        ),
        (Some(44), Some(40), Some(4)),
        "{done}"
    );
    assert_eq!(elder_total(&app, &token, "").await, 40);

    // The error report: row (the header is row 1), column, reason, in Chinese.
    let officer = app.login("careadmin").await;
    let report = app
        .get(done["report_url"].as_str().unwrap(), Some(&officer.cookie))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = report.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "行号,列,原因");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("42,公民身份号码,") && l.contains("校验码")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("43,社区,") && l.contains("八宝山街道没有“双锦园社区”")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("44,出生日期,")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("45,出生日期,") && l.contains("未满60周岁")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("45,服务需求,") && l.contains("唱歌")),
        "{lines:?}"
    );
    // The report carries no one's name or number.
    assert!(!report.body.contains("钱立新") && !report.body.contains(&young));

    // The corrected file: every row again (updated, not duplicated), the fixable rows now good.
    let mut fixed = rows.clone();
    fixed[0][6] = "空巢".into();
    let corrected = [
        format!(
            "x,助餐,{},孙淑珍,女,1945-01-01,八宝山街道,永乐东社区,独居,无,13900000001",
            id_number("11010719450101002")
        ),
        format!(
            "x,,{},李凤英,女,1945-01-01,老山街道,双锦园社区,空巢,无,",
            id_number("11010719450101004")
        ),
    ];
    let corrected_refs: Vec<&str> = corrected.iter().map(String::as_str).collect();
    let again = upload(&app, "census-fixed.csv", &csv(&fixed, &corrected_refs)).await;
    assert_eq!(
        (
            again["created"].as_i64(),
            again["updated"].as_i64(),
            again["bad"].as_i64()
        ),
        (Some(2), Some(40), Some(0)),
        "{again}"
    );
    assert!(again["report_url"].is_null());
    assert_eq!(elder_total(&app, &token, "").await, 42);
    let name = gongzhi_store::care::ElderFilter {
        id_number: Some(rows[0][1].clone()),
        ..Default::default()
    };
    let found = app
        .store()
        .elders(&name, gongzhi_store::PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        (found.total, found.items[0].living.code()),
        (1, "empty_nest"),
        "updated in place"
    );

    // A file missing a required column is refused as a whole: nothing imported, the reason shown.
    let missing = "姓名,性别,出生日期\n王五,男,1940-01-01\n".as_bytes();
    let refused = upload(&app, "wrong.csv", missing).await;
    assert_eq!(refused["status"], "rejected");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("公民身份号码"),
        "{refused}"
    );
    assert_eq!(elder_total(&app, &token, "").await, 42);

    // An XLSX workbook: columns found by header, an empty phone cell, one bad check digit.
    let xlsx = upload(&app, "census.xlsx", include_bytes!("fixtures/census.xlsx")).await;
    let report = match xlsx["report_url"].as_str() {
        Some(url) => app.get(url, Some(&officer.cookie)).await.body,
        None => String::new(),
    };
    assert_eq!(
        (xlsx["created"].as_i64(), xlsx["bad"].as_i64()),
        (Some(3), Some(1)),
        "{xlsx} {report}"
    );
    assert!(report.contains("5,公民身份号码,"), "{report}");
    assert_eq!(elder_total(&app, &token, "").await, 45);
    assert_eq!(
        elder_total(&app, &token, "name=%E5%90%B4%E5%BB%BA").await,
        1,
        "name prefix 吴建"
    );
    app.finish().await;
}

pub(super) fn items(f: impl Fn(Item) -> i64) -> serde_json::Value {
    serde_json::Value::Object(
        Item::ALL
            .iter()
            .map(|i| (i.code().to_owned(), json!(f(*i))))
            .collect(),
    )
}

fn best(i: Item) -> i64 {
    i64::from(*i.allowed().last().unwrap())
}

/// Daily living 40 (severe), cognition and perception intact: 重度失能Ⅰ级 (3).
pub(super) fn level_three(i: Item) -> i64 {
    match i {
        Item::Eating
        | Item::Dressing
        | Item::Bowel
        | Item::Bladder
        | Item::Toileting
        | Item::Stairs => 5,
        Item::Grooming | Item::Bathing => 0,
        Item::Walking | Item::Transfer => 5,
        other => best(other),
    }
}

async fn the_calculator_gives_levels_and_names_bad_items(app: TestApp) {
    let token = app.token("dispatcher").await;
    let r = app
        .post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({"items": items(best)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(
        (j["level"].as_i64(), j["version"].as_str()),
        (Some(0), Some("national-2021"))
    );
    assert_eq!(
        (
            j["daily_living"]["sum"].as_i64(),
            j["cognition"]["sum"].as_i64(),
            j["perception"]["sum"].as_i64()
        ),
        (Some(100), Some(16), Some(12))
    );
    let r = app
        .post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({"items": items(|_| 0)}),
        )
        .await;
    assert_eq!(
        (r.json()["level"].as_i64(), r.json()["level_name"].as_str()),
        (Some(5), Some("重度失能Ⅲ级"))
    );
    let r = app
        .post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({"items": items(level_three)}),
        )
        .await;
    let j = r.json();
    assert_eq!(
        (
            j["level"].as_i64(),
            j["daily_living"]["sum"].as_i64(),
            j["daily_living"]["band"].as_str()
        ),
        (Some(3), Some(40), Some("severe")),
        "{j}"
    );
    // 5.0 is a whole number as JSON Schema counts.
    let mut body = items(best);
    body["eating"] = json!(5.0);
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({ "items": body })
        )
        .await
        .json()["level"],
        1
    );

    // Refusals name the item.
    let mut body = items(best);
    body.as_object_mut().unwrap().remove("memory");
    let r = app
        .post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({ "items": body }),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&r),
        vec![("items.memory".to_owned(), "missing_item".to_owned())]
    );
    for (item, value) in [
        ("eating", json!(7)),
        ("walking", json!(20)),
        ("vision", json!(-1)),
        ("hearing", json!("4")),
        ("bathing", json!(2.5)),
    ] {
        let mut body = items(best);
        body[item] = value.clone();
        let r = app
            .post_json(
                "/api/v1/care/assessments/compute",
                Some(&token),
                &json!({ "items": body }),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{item} {value}");
        assert_eq!(
            field_codes(&r),
            vec![(format!("items.{item}"), "score_not_allowed".to_owned())],
            "{item} {value}: {}",
            r.body
        );
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "a Chinese message"
        );
    }
    let mut body = items(best);
    body["mood"] = json!(1);
    let r = app
        .post_json(
            "/api/v1/care/assessments/compute",
            Some(&token),
            &json!({ "items": body }),
        )
        .await;
    assert_eq!(
        field_codes(&r),
        vec![("items.mood".to_owned(), "unknown_item".to_owned())]
    );
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments/compute",
            None,
            &json!({"items": items(best)})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    app.finish().await;
}

/// Imports `n` elders through the application (as the command line does) and answers their ids, by ID number.
pub(super) async fn census(app: &TestApp, n: usize) -> Vec<String> {
    let rows = good_rows(app, n);
    let file = gongzhi_app::care::read_census(&csv(&rows, &[])).unwrap();
    let actor = gongzhi_store::Actor::system(app.now());
    let id =
        gongzhi_app::care::start_import_as(&app.state.app, &actor, "census.csv", "2026", "", &file)
            .await
            .unwrap();
    let out = gongzhi_app::care::run_census(&app.state.app, &actor, &id, &file, |_, _| {})
        .await
        .unwrap();
    assert_eq!(out.created as usize, n);
    let mut ids = Vec::new();
    for r in &rows {
        let f = gongzhi_store::care::ElderFilter {
            id_number: Some(r[1].clone()),
            ..Default::default()
        };
        ids.push(
            app.store()
                .elders(&f, gongzhi_store::PageRequest::new(1, 1))
                .await
                .unwrap()
                .items[0]
                .id
                .clone(),
        );
    }
    ids
}

pub(super) async fn user_id(app: &TestApp, username: &str) -> String {
    let token = app.token(username).await;
    app.get_api("/api/v1/me", Some(&token)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The second assessor confirms an assessment's scores: answers the version after it.
pub(super) async fn confirmed(app: &TestApp, id: &str, version: &serde_json::Value) -> i64 {
    let r = app
        .post_json(
            &format!("/api/v1/care/assessments/{id}/confirm"),
            Some(&app.token("assessor-2").await),
            &json!({"version": version}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["version"].as_i64().unwrap()
}

async fn an_assessment_goes_from_two_assessors_through_publicity_to_a_level_in_force(app: TestApp) {
    let elders = census(&app, 3).await;
    let assessor = app.token("assessor").await;
    let second = user_id(&app, "assessor-2").await;
    let body = |elder: &str, reason: &str, level: i64| json!({"elder_id": elder, "reason": reason, "items": items(level_three), "second_assessor": second, "assessor_level": level, "note": "卧床为主，需协助转移"});
    // Only assessors record; the second assessor must be another assessor.
    let officer = app.token("careadmin").await;
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments",
            Some(&officer),
            &body(&elders[0], "first", 3)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let me = user_id(&app, "assessor").await;
    let mut own = body(&elders[0], "first", 3);
    own["second_assessor"] = json!(me);
    assert_eq!(
        field_codes(
            &app.post_json("/api/v1/care/assessments", Some(&assessor), &own)
                .await
        ),
        vec![("second_assessor".to_owned(), "same_assessor".to_owned())]
    );
    let mut not_assessor = body(&elders[0], "first", 3);
    not_assessor["second_assessor"] = json!(user_id(&app, "dispatcher").await);
    assert_eq!(
        field_codes(
            &app.post_json("/api/v1/care/assessments", Some(&assessor), &not_assessor)
                .await
        ),
        vec![("second_assessor".to_owned(), "not_an_assessor".to_owned())]
    );
    let stored = app
        .store()
        .assessments(None, gongzhi_store::PageRequest::new(1, 10))
        .await
        .unwrap()
        .total;
    assert_eq!(stored, 0, "nothing stored by refusals");

    // 医保办发〔2021〕37号: the level is the table's cell for the scores — an assessor cannot record another.
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[0], "first", 4),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("level_not_computed")),
        "{}",
        r.body
    );
    // Every bad item at once.
    let mut bad = body(&elders[0], "first", 3);
    bad["items"].as_object_mut().unwrap().remove("vision");
    bad["items"]["walking"] = json!(7);
    let codes = field_codes(
        &app.post_json("/api/v1/care/assessments", Some(&assessor), &bad)
            .await,
    );
    assert!(
        codes.contains(&("items.vision".to_owned(), "missing_item".to_owned()))
            && codes.contains(&("items.walking".to_owned(), "score_not_allowed".to_owned())),
        "{codes:?}"
    );
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[0], "first", 3),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = r.json();
    assert_eq!(
        (
            a["computed"]["level"].as_i64(),
            a["assessor_level"].as_i64(),
            a["status"].as_str()
        ),
        (Some(3), Some(3), Some("recorded"))
    );
    let id = a["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[0], "first", 3)
        )
        .await
        .json()["error"]["code"],
        "assessment_open"
    );

    // Reviewed by an officer (not by an assessor), once the second assessor confirmed the scores under their own
    // account; the level published is the table's.
    let review = json!({"decision": "confirm", "version": a["version"]});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/care/assessments/{id}/review"),
            Some(&assessor),
            &review
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let confirm_path = format!("/api/v1/care/assessments/{id}/confirm");
    assert_eq!(
        app.post_json(
            &format!("/api/v1/care/assessments/{id}/review"),
            Some(&officer),
            &review
        )
        .await
        .json()["error"]["code"],
        "second_assessor_pending"
    );
    assert_eq!(
        app.post_json(
            &confirm_path,
            Some(&assessor),
            &json!({"version": a["version"]})
        )
        .await
        .json()["error"]["code"],
        "not_second_assessor",
        "the first assessor cannot confirm for the second"
    );
    let second_token = app.token("assessor-2").await;
    let r = app
        .post_json(
            &confirm_path,
            Some(&second_token),
            &json!({"version": a["version"]}),
        )
        .await;
    assert!(
        r.json()["second_assessor_confirmed_at"].is_string(),
        "{}",
        r.body
    );
    let review = json!({"decision": "confirm", "final_level": 5, "version": r.json()["version"]});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/care/assessments/{id}/review"),
            Some(&officer),
            &review
        )
        .await
        .json()["error"]["code"],
        "level_not_computed",
        "the reviewer cannot set level 5 for scores that give 3"
    );
    let review = json!({"decision": "confirm", "version": r.json()["version"]});
    let r = app
        .post_json(
            &format!("/api/v1/care/assessments/{id}/review"),
            Some(&officer),
            &review,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (
            r.json()["status"].as_str(),
            r.json()["final_level"].as_i64()
        ),
        (Some("publicised"), Some(3))
    );
    let until: jiff::Timestamp = r.json()["publicity_until"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let ahead = until.as_millisecond() - app.now();
    assert!(
        (5 * DAY - 5_000..=5 * DAY).contains(&ahead),
        "published for five days: {ahead}"
    );
    assert_eq!(
        app.post_json(
            &format!("/api/v1/care/assessments/{id}/review"),
            Some(&officer),
            &review
        )
        .await
        .json()["error"]["code"],
        "assessment_not_recorded"
    );

    // The sweeper concludes it once the publicity period is over, not before.
    assert_eq!(
        sweep_at(&app.state, app.now() + 4 * DAY)
            .await
            .unwrap()
            .assessments_concluded,
        0
    );
    let report = sweep_at(&app.state, app.now() + 5 * DAY + 60_000)
        .await
        .unwrap();
    assert_eq!(report.assessments_concluded, 1);
    let r = app
        .get_api(&format!("/api/v1/care/assessments/{id}"), Some(&officer))
        .await;
    let concluded_on = gongzhi_domain::calendar::local_date(app.now() + 5 * DAY + 60_000);
    let (from, until) = gongzhi_domain::care::validity(concluded_on);
    assert_eq!(
        (
            r.json()["status"].as_str(),
            r.json()["valid_from"].as_str(),
            r.json()["valid_until"].as_str()
        ),
        (
            Some("concluded"),
            Some(from.to_string().as_str()),
            Some(until.to_string().as_str())
        ),
        "{}",
        r.body
    );
    let e = app
        .get_api(
            &format!("/api/v1/care/elders/{}", elders[0]),
            Some(&officer),
        )
        .await
        .json();
    assert_eq!(
        (
            e["elder"]["care_level"].as_i64(),
            e["assessments"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    assert_eq!(elder_total(&app, &officer, "level=3").await, 1);
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[0], "first", 3)
        )
        .await
        .json()["error"]["code"],
        "not_first_assessment"
    );

    // A reviewer who disagrees returns it for a re-assessment with reasons; the re-assessment is recorded as such.
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[2], "first", 3),
        )
        .await;
    let returned = r.json()["id"].as_str().unwrap().to_owned();
    let version = confirmed(&app, &returned, &r.json()["version"]).await;
    let review_path = format!("/api/v1/care/assessments/{returned}/review");
    assert_eq!(
        app.post_json(
            &review_path,
            Some(&officer),
            &json!({"decision": "reassess", "version": version})
        )
        .await
        .json()["error"]["code"],
        "reason_needed"
    );
    let r = app
        .post_json(
            &review_path,
            Some(&officer),
            &json!({"decision": "reassess", "reason": "照护记录显示夜间需协助如厕，认知项得分存疑", "version": version}),
        )
        .await;
    assert_eq!(
        (
            r.json()["status"].as_str(),
            r.json()["final_level"].as_i64()
        ),
        (Some("returned"), None),
        "{}",
        r.body
    );
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[2], "first", 3)
        )
        .await
        .json()["error"]["code"],
        "reassessment_due"
    );
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[2], "reassess", 3),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // An objection during publicity keeps the conclusion from taking effect; the re-assessment is on appeal.
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[1], "first", 3),
        )
        .await;
    let second_id = r.json()["id"].as_str().unwrap().to_owned();
    let version = confirmed(&app, &second_id, &r.json()["version"]).await;
    let r = app
        .post_json(
            &format!("/api/v1/care/assessments/{second_id}/review"),
            Some(&officer),
            &json!({"decision": "confirm", "version": version}),
        )
        .await;
    let r = app
        .post_json(
            &format!("/api/v1/care/assessments/{second_id}/appeal"),
            Some(&officer),
            &json!({"note": "家属认为失能程度更重", "version": r.json()["version"]}),
        )
        .await;
    assert_eq!(r.json()["status"], "appealed", "{}", r.body);
    assert_eq!(
        sweep_at(&app.state, app.now() + 30 * DAY)
            .await
            .unwrap()
            .assessments_concluded,
        0
    );
    let assessor = app.token("assessor").await;
    assert_eq!(
        app.post_json(
            "/api/v1/care/assessments",
            Some(&assessor),
            &body(&elders[1], "appeal", 3)
        )
        .await
        .status,
        StatusCode::CREATED
    );
    app.finish().await;
}

async fn elders_data_stays_in_scope_and_the_pages_work(app: TestApp) {
    census(&app, 30).await;
    let officer = app.token("careadmin").await;
    let all = app
        .get_api("/api/v1/care/elders?per_page=200", Some(&officer))
        .await
        .json();
    assert_eq!(all["total"], 30);
    let first = &all["items"][0];
    assert_eq!(
        first["id_number"].as_str().unwrap().len(),
        18,
        "officers see ID numbers in full"
    );
    // The station in 八宝山 sees only 八宝山's elders, ID numbers masked, phones in full (they call).
    let station = app.token("station").await;
    let local = app
        .get_api("/api/v1/care/elders?per_page=200", Some(&station))
        .await
        .json();
    let n = local["total"].as_i64().unwrap();
    assert!(n > 0 && n < 30, "{n}");
    assert!(
        local["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["street"] == "八宝山街道"
                && e["id_number"].as_str().unwrap().contains("********"))
    );
    let elsewhere = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["street"] != "八宝山街道")
        .unwrap();
    assert_eq!(
        app.get_api(
            &format!("/api/v1/care/elders/{}", elsewhere["id"].as_str().unwrap()),
            Some(&station)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_api("/api/v1/care/elders", Some(&app.token("dispatcher").await))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .get_api(
            "/api/v1/care/elders?level=7&min_age=20&living=rich",
            Some(&officer),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["living", "level", "min_age"]);
    let cov = app
        .get_api("/api/v1/care/coverage", Some(&officer))
        .await
        .json();
    assert_eq!(cov["elders"], 30);
    let rules = app
        .get_api("/api/v1/care/rules", Some(&officer))
        .await
        .json();
    assert_eq!(
        (
            rules["subsidies"][0]["code"].as_str(),
            rules["subsidies"][0]["amount_fen"].as_i64()
        ),
        (Some("bj-meal"), Some(500))
    );
    assert_eq!(
        rules["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["level"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![3, 4, 5]
    );

    // Pages: the care home, the list with filters, an elder, the assessment form and its refusal.
    let b = app.login("careadmin").await;
    let home = app.get("/staff/care", Some(&b.cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("coverage-table") && home.body.contains("<svg"));
    // Every link of the care home opens for the roles that see it.
    for user in [
        "careadmin",
        "assessor",
        "leader",
        "station",
        "street-babaoshan",
    ] {
        let who = app.login(user).await;
        let home = app.get("/staff/care", Some(&who.cookie)).await;
        assert_eq!(home.status, StatusCode::OK, "{user}");
        for link in home
            .body
            .split("href=\"")
            .skip(1)
            .filter_map(|h| h.split('"').next())
            .filter(|h| h.starts_with("/staff/care") || h.starts_with("/care/"))
        {
            let link = link.replace("&amp;", "&");
            assert_eq!(
                app.get(&link, Some(&who.cookie)).await.status,
                StatusCode::OK,
                "{user}: {link}"
            );
        }
    }
    let rules_page = app.get("/staff/care/rules", Some(&b.cookie)).await;
    assert!(
        rules_page.body.contains("bands-national-2021")
            && rules_page.body.contains("重度失能Ⅲ级")
            && rules_page.body.contains("北京市老年助餐补贴")
    );
    let list = app
        .get(
            "/staff/care/elders?living=alone&min_age=60",
            Some(&b.cookie),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("elders-table"));
    let id = first["id"].as_str().unwrap();
    let page = app
        .get(&format!("/staff/care/elders/{id}"), Some(&b.cookie))
        .await;
    assert!(
        page.body.contains(first["name"].as_str().unwrap()) && page.body.contains("guardian-form")
    );
    let saved = app
        .post_form(
            &format!("/staff/care/elders/{id}/guardian"),
            Some(&b.cookie),
            &[
                ("csrf", &b.csrf),
                ("version", &first["version"].to_string()),
                ("guardian_name", "李明"),
                ("guardian_phone", "13800001111"),
                ("consent", "on"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(
        saved.location().ends_with("?done=guardian_saved"),
        "{}",
        saved.location()
    );
    let e = app
        .get_api(&format!("/api/v1/care/elders/{id}"), Some(&officer))
        .await
        .json();
    assert_eq!(
        (
            e["elder"]["guardian_name"].as_str(),
            e["elder"]["consent"].as_bool()
        ),
        (Some("李明"), Some(true))
    );

    let a = app.login("assessor").await;
    let form = app
        .get(&format!("/staff/care/elders/{id}/assess"), Some(&a.cookie))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"memory\"") && form.body.contains("失能评估员 郑丽"));
    // Missing items: the form comes back with the typed values and a message beside each missing item.
    let second = user_id(&app, "assessor-2").await;
    let r = app
        .post_form(
            &format!("/staff/care/elders/{id}/assess"),
            Some(&a.cookie),
            &[
                ("csrf", &a.csrf),
                ("reason", "first"),
                ("eating", "10"),
                ("second_assessor", &second),
                ("assessor_level", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("data-field=\"items.dressing\"") && r.body.contains("value=\"10\" checked"),
        "typed values kept"
    );
    let mut fields: Vec<(String, String)> = Item::ALL
        .iter()
        .map(|i| (i.code().to_owned(), best(*i).to_string()))
        .collect();
    fields.extend([
        ("csrf".into(), a.csrf.clone()),
        ("reason".into(), "first".into()),
        ("second_assessor".into(), second.clone()),
        ("assessor_level".into(), "0".into()),
    ]);
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = app
        .post_form(
            &format!("/staff/care/elders/{id}/assess"),
            Some(&a.cookie),
            &refs,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let shown = app.get(r.location(), Some(&a.cookie)).await;
    assert!(
        shown.body.contains("data-level=\"0\"") && shown.body.contains("data-status=\"recorded\""),
        "{}",
        shown.body
    );
    // The officer's worklist holds it.
    let work = app.get("/staff/care/assessments", Some(&b.cookie)).await;
    assert!(work.body.contains(first["name"].as_str().unwrap()));
    app.finish().await;
}

pub(crate) mod network {
    use axum::http::StatusCode;
    use serde_json::json;

    use gongzhi_domain::care::Item;

    use super::{DAY, census, field_codes, items, level_three, user_id};
    use crate::support::{TestApp, sweep_at};

    on_both_backends!(
        a_severe_elder_gets_a_matched_plan_care_and_a_settled_month,
        meals_are_subsidised_once_a_day_and_carers_record_only_for_their_facility
    );

    /// The first instant of day `d` (1-based) of month `m` (YYYYMM), Beijing time, plus `hours`.
    fn at(m: i64, d: i64, hours: i64) -> i64 {
        let first = jiff::civil::Date::new((m / 100) as i16, (m % 100) as i8, 1).unwrap();
        gongzhi_domain::calendar::start_of(first) + (d - 1) * DAY + hours * 3_600_000
    }

    fn iso(ms: i64) -> String {
        jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
    }

    /// A census of `n` elders and the demo's care network over them: the elders' ids.
    pub(crate) async fn network(app: &TestApp, n: usize) -> Vec<String> {
        let elders = census(app, n).await;
        gongzhi_demo::care::seed_network(
            &app.state.app,
            &gongzhi_store::Actor::system(app.now()),
            true,
            false,
        )
        .await
        .unwrap();
        elders
    }

    /// Records an assessment at level 3 for the elder and concludes it through review and publicity: the month
    /// (YYYYMM) it is in force from.
    async fn level_three_in_force(app: &TestApp, elder: &str) -> i64 {
        let assessor = app.token("assessor").await;
        let second = user_id(app, "assessor-2").await;
        let r = app.post_json("/api/v1/care/assessments", Some(&assessor), &json!({"elder_id": elder, "reason": "first", "items": items(level_three), "second_assessor": second, "assessor_level": 3})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let officer = app.token("careadmin").await;
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let version = crate::care::confirmed(app, &id, &r.json()["version"]).await;
        let r = app
            .post_json(
                &format!("/api/v1/care/assessments/{id}/review"),
                Some(&officer),
                &json!({"decision": "confirm", "version": version}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        sweep_at(&app.state, app.now() + 5 * DAY + 60_000)
            .await
            .unwrap();
        let a = app
            .get_api(
                &format!("/api/v1/care/assessments/{id}"),
                Some(&app.token("careadmin").await),
            )
            .await
            .json();
        assert_eq!(a["status"], "concluded", "{a}");
        let from = a["valid_from"].as_str().unwrap().replace('-', "");
        from[..6].parse().unwrap()
    }

    async fn a_severe_elder_gets_a_matched_plan_care_and_a_settled_month(app: TestApp) {
        let elders = network(&app, 3).await;
        let month = level_three_in_force(&app, &elders[0]).await;
        let officer = app.token("careadmin").await;
        // The year's contribution is paid: every share the rule requires (the demo may have recorded them already;
        // the second share is the employer's or the government's by the elder's category).
        for payer in ["individual", "employer", "government"] {
            let r = app
                .post_json(
                    &format!("/api/v1/care/elders/{}/insurance", elders[0]),
                    Some(&officer),
                    &json!({"year": month / 100, "payer": payer, "amount_fen": 9000}),
                )
                .await;
            assert!(
                r.status == StatusCode::OK || r.json()["error"]["code"] == "contribution_exists",
                "{}",
                r.body
            );
            if r.status == StatusCode::OK {
                // A typed-in contribution counts once a second officer has checked it.
                let r = app
                    .post_json(
                        &format!("/api/v1/care/elders/{}/insurance/check", elders[0]),
                        Some(&app.token("careadmin-yb").await),
                        &json!({"year": month / 100, "payer": payer}),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            }
        }

        // Matched: the nearest provider with a place; the elder asks for another; the next is accepted.
        let r = app
            .post_json(
                "/api/v1/care/plans",
                Some(&officer),
                &json!({"elder_id": elders[0]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let first = r.json();
        assert_eq!(
            (
                first["level"].as_i64(),
                first["month_from"].as_i64(),
                first["monthly_cap_fen"].as_i64()
            ),
            (Some(3), Some(month), Some(120_000)),
            "{first}"
        );
        assert!(first["total_fen"].as_i64().unwrap() <= 120_000);
        assert_eq!(first["lines"][0]["service"], "disability_aid");
        assert_eq!(
            app.post_json(
                "/api/v1/care/plans",
                Some(&officer),
                &json!({"elder_id": elders[0]})
            )
            .await
            .json()["error"]["code"],
            "plan_exists"
        );
        let r = app.post_json(&format!("/api/v1/care/plans/{}/decision", first["id"].as_str().unwrap()), Some(&officer), &json!({"accept": false, "decided_by": "女儿 李明", "note": "希望换离家更近的机构", "version": first["version"]})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let next = r.json()["next"].clone();
        assert_ne!(
            next["facility_id"], first["facility_id"],
            "another provider: {next}"
        );
        let r = app
            .post_json(
                &format!(
                    "/api/v1/care/plans/{}/decision",
                    next["id"].as_str().unwrap()
                ),
                Some(&officer),
                &json!({"accept": true, "decided_by": "本人", "version": next["version"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let facility = next["facility_id"].as_str().unwrap().to_owned();
        let aid_price = next["lines"][0]["price_fen"].as_i64().unwrap();

        // In the month: eleven two-hour visits of personal care (more than the cap allows), one for an elder with no
        // level in force; the month is verified, then one more visit is recorded and left unverified.
        app.state.app.clock().set(at(month, 20, 10));
        let officer = app.token("careadmin").await;
        for d in 1..=11 {
            let r = app.post_json("/api/v1/care/services", Some(&officer), &json!({"elder_id": elders[0], "facility_id": facility, "service": "disability_aid", "started_at": iso(at(month, d, 9)), "minutes": 120, "place": "home"})).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            assert!(
                r.json()["plan_id"].is_string(),
                "the visit falls under the plan"
            );
        }
        let r = app.post_json("/api/v1/care/services", Some(&officer), &json!({"elder_id": elders[1], "facility_id": facility, "service": "disability_aid", "started_at": iso(at(month, 3, 15)), "minutes": 60, "place": "home"})).await;
        assert_eq!(r.status, StatusCode::CREATED);
        let r = app
            .post_json(
                "/api/v1/care/services/verify",
                Some(&officer),
                &json!({"facility_id": facility, "month": month.to_string()}),
            )
            .await;
        assert_eq!(r.json()["count"], 12, "{}", r.body);
        app.post_json("/api/v1/care/services", Some(&officer), &json!({"elder_id": elders[0], "facility_id": facility, "service": "disability_aid", "started_at": iso(at(month, 18, 9)), "minutes": 60, "place": "home"})).await;

        // Not before the month is over.
        let early = app
            .post_json(
                "/api/v1/care/settlements",
                Some(&officer),
                &json!({"facility_id": facility, "month": month.to_string()}),
            )
            .await;
        assert_eq!(early.json()["error"]["code"], "month_not_over");
        app.state
            .app
            .clock()
            .set(at(gongzhi_domain::care::ltc::next_month(month), 3, 10));
        let officer = app.token("careadmin").await;
        let r = app
            .post_json(
                "/api/v1/care/settlements",
                Some(&officer),
                &json!({"facility_id": facility, "month": month.to_string()}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let s = r.json();
        let t = &s["settlement"];
        let visit = 2 * aid_price;
        assert_eq!(t["lines"], 13);
        assert_eq!(
            t["amount_fen"].as_i64().unwrap(),
            11 * visit + aid_price + aid_price,
            "{s}"
        );
        assert_eq!(
            t["fund_fen"].as_i64().unwrap() + t["self_fen"].as_i64().unwrap(),
            120_000.min(11 * visit),
            "the cap is used, no more"
        );
        assert_eq!(
            t["over_cap_fen"].as_i64().unwrap(),
            (11 * visit - 120_000).max(0)
        );
        assert_eq!(
            t["rejected_fen"].as_i64().unwrap(),
            2 * aid_price,
            "the unverified visit and the elder without a level"
        );
        let sum = |k: &str| t[k].as_i64().unwrap();
        assert_eq!(
            sum("fund_fen") + sum("self_fen") + sum("over_cap_fen") + sum("rejected_fen"),
            sum("amount_fen")
        );
        let reasons: Vec<&str> = s["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["rejected"].as_str())
            .collect();
        // The elder without a level has no plan either: the plan is the first thing the fund asks.
        assert!(
            reasons.contains(&"服务记录未核实") && reasons.contains(&"不在已确认的照护计划内"),
            "{reasons:?}"
        );
        // Entered → checked → settled; then it cannot be entered again.
        let id = t["id"].as_str().unwrap().to_owned();
        let r = app
            .post_json(
                &format!("/api/v1/care/settlements/{id}/settle"),
                Some(&officer),
                &json!({"version": t["version"]}),
            )
            .await;
        assert_eq!(r.json()["error"]["code"], "settlement_wrong_status");
        // Maker-checker: the medical-insurance officer checks what the civil-affairs officer entered; the one who
        // entered it settles (the checker may not).
        let checker = app.token("careadmin-yb").await;
        let r = app
            .post_json(
                &format!("/api/v1/care/settlements/{id}/check"),
                Some(&checker),
                &json!({"version": t["version"]}),
            )
            .await;
        assert_eq!(r.json()["settlement"]["status"], "checked", "{}", r.body);
        let r = app
            .post_json(
                &format!("/api/v1/care/settlements/{id}/settle"),
                Some(&officer),
                &json!({"version": r.json()["settlement"]["version"]}),
            )
            .await;
        assert_eq!(r.json()["settlement"]["status"], "settled", "{}", r.body);
        assert_eq!(
            app.post_json(
                "/api/v1/care/settlements",
                Some(&officer),
                &json!({"facility_id": facility, "month": month.to_string()})
            )
            .await
            .json()["error"]["code"],
            "settlement_locked"
        );

        // The report: a spreadsheet and a printable page; the care home counts the fund's payment.
        let b = app.login("careadmin").await;
        let csv = app
            .get(
                &format!("/staff/care/settlements/{id}/export.csv"),
                Some(&b.cookie),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.body.starts_with('\u{feff}')
                && csv.body.contains("合计")
                && csv.body.contains("服务记录未核实"),
            "{}",
            csv.body
        );
        let page = app
            .get(&format!("/staff/care/settlements/{id}"), Some(&b.cookie))
            .await;
        assert!(
            page.body.contains("data-status=\"settled\"") && page.body.contains("print-button")
        );
        let home = app.get("/staff/care", Some(&b.cookie)).await;
        let paid = format!("¥{}", gongzhi_domain::powers::format_yuan(sum("fund_fen")));
        assert!(
            home.body.contains(&paid),
            "the fund's payment on the care home: {paid}"
        );
        let elder_page = app
            .get(
                &format!("/staff/care/elders/{}", elders[0]),
                Some(&b.cookie),
            )
            .await;
        assert!(
            elder_page.body.contains("data-status=\"accepted\"")
                && elder_page.body.contains("data-status=\"declined\"")
        );

        // The accident roster of next year: everyone 65 or over on 1 January, exported with full ID numbers.
        let year = month / 100 + 1;
        let r = app
            .post_json(
                "/api/v1/care/accident-roster",
                Some(&officer),
                &json!({"year": year, "insurer": "人保财险"}),
            )
            .await;
        let added = r.json()["count"].as_i64().unwrap();
        let all = app
            .get_api("/api/v1/care/elders?per_page=200", Some(&officer))
            .await
            .json();
        let born_by = format!("{}-01-01", year - 65);
        let expected = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["birth_date"].as_str().unwrap() <= born_by.as_str())
            .count() as i64;
        assert_eq!(added, expected);
        assert_eq!(
            app.post_json(
                "/api/v1/care/accident-roster",
                Some(&officer),
                &json!({"year": year, "insurer": "人保财险"})
            )
            .await
            .json()["count"],
            0,
            "nobody twice"
        );
        let export = app
            .get(
                &format!("/staff/care/roster.csv?year={year}"),
                Some(&b.cookie),
            )
            .await;
        assert_eq!(export.body.lines().count() as i64, expected + 1);
        app.finish().await;
    }

    async fn meals_are_subsidised_once_a_day_and_carers_record_only_for_their_facility(
        app: TestApp,
    ) {
        let elders = network(&app, 12).await;
        let officer = app.token("careadmin").await;
        let facilities = app.get_api("/api/v1/care/facilities", None).await.json();
        let list = facilities["items"].as_array().unwrap();
        assert_eq!(list.iter().filter(|f| f["tier"] == "station").count(), 40);
        assert_eq!(
            list.iter().filter(|f| f["tier"] == "street_centre").count(),
            9
        );
        let meal_point = list.iter().find(|f| f["tier"] == "meal_point").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let now = app.now();
        let lunch = |elder: &str, meal: &str, offset: i64| json!({"elder_id": elder, "facility_id": meal_point, "service": "meals", "meal": meal, "started_at": iso(now - offset), "minutes": 30, "place": "facility"});
        // An elder living at home who is a 基本养老服务对象 (living alone, 低保/特困/低收入/计生特殊家庭, disabled, or
        // 80+), and one at home who is none of these (the demo census draws the arrangements): the subsidy is the
        // first's alone.
        let (mut eligible, mut not_eligible) = (None, None);
        for e in &elders {
            let d = app
                .get_api(&format!("/api/v1/care/elders/{e}"), Some(&officer))
                .await
                .json();
            let x = &d["elder"];
            if x["living"] == "institution" {
                continue;
            }
            let entitled = x["living"] == "alone"
                || x["economic"] != "none"
                || x["care_level"].as_i64().is_some_and(|l| l >= 1)
                || x["age"].as_i64().is_some_and(|a| a >= 80);
            let slot = if entitled {
                &mut eligible
            } else {
                &mut not_eligible
            };
            slot.get_or_insert(e.clone());
        }
        let at_home = eligible.expect("an entitled elder at home");
        let r = app
            .post_json(
                "/api/v1/care/services",
                Some(&officer),
                &lunch(
                    not_eligible
                        .as_deref()
                        .expect("an elder at home not entitled"),
                    "lunch",
                    3_600_000,
                ),
            )
            .await;
        assert_eq!(
            (r.status, r.json()["subsidy_fen"].as_i64()),
            (StatusCode::CREATED, Some(0)),
            "not a 基本养老服务对象: {}",
            r.body
        );
        let r = app
            .post_json(
                "/api/v1/care/services",
                Some(&officer),
                &lunch(&at_home, "lunch", 3_600_000),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(
            (
                r.json()["price_fen"].as_i64(),
                r.json()["subsidy_fen"].as_i64(),
                r.json()["charged_fen"].as_i64()
            ),
            (Some(1_500), Some(500), Some(1_000))
        );
        // The receipt shows the bill, the subsidy with its rule, and what the elder paid; the carer of another
        // facility cannot open it.
        let b = app.login("careadmin").await;
        let receipt = app
            .get(
                &format!(
                    "/staff/care/services/{}/receipt",
                    r.json()["id"].as_str().unwrap()
                ),
                Some(&b.cookie),
            )
            .await;
        assert_eq!(receipt.status, StatusCode::OK);
        assert!(
            receipt.body.contains("¥15.00")
                && receipt.body.contains("¥5.00")
                && receipt.body.contains("北京市老年助餐补贴")
                && receipt.body.contains("¥10.00"),
            "{}",
            receipt.body
        );
        let other = app.login("provider").await;
        assert_eq!(
            app.get(
                &format!(
                    "/staff/care/services/{}/receipt",
                    r.json()["id"].as_str().unwrap()
                ),
                Some(&other.cookie)
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let again = app
            .post_json(
                "/api/v1/care/services",
                Some(&officer),
                &lunch(&at_home, "dinner", 600_000),
            )
            .await;
        let same_day = gongzhi_domain::local_yyyymmdd(now - 3_600_000)
            == gongzhi_domain::local_yyyymmdd(now - 600_000);
        assert_eq!(
            again.json()["subsidy_fen"].as_i64(),
            Some(if same_day { 0 } else { 500 }),
            "once a day"
        );
        let breakfast = app
            .post_json(
                "/api/v1/care/services",
                Some(&officer),
                &lunch(&at_home, "breakfast", 2 * DAY),
            )
            .await;
        assert_eq!(breakfast.json()["subsidy_fen"], 0, "lunch or dinner only");
        // Refusals: a meal without its meal, a time in the future, a service the meal point does not offer.
        let mut no_meal = lunch(&at_home, "lunch", 0);
        no_meal["meal"] = serde_json::Value::Null;
        no_meal["started_at"] = json!(iso(now - 60_000));
        assert_eq!(
            field_codes(
                &app.post_json("/api/v1/care/services", Some(&officer), &no_meal)
                    .await
            ),
            vec![("meal".to_owned(), "required".to_owned())]
        );
        let mut future = lunch(&at_home, "lunch", 0);
        future["started_at"] = json!(iso(now + DAY));
        assert_eq!(
            field_codes(
                &app.post_json("/api/v1/care/services", Some(&officer), &future)
                    .await
            ),
            vec![("started_at".to_owned(), "in_future".to_owned())]
        );
        let mut bath = lunch(&at_home, "lunch", 60_000);
        bath["service"] = json!("bathing");
        bath["meal"] = serde_json::Value::Null;
        assert_eq!(
            field_codes(
                &app.post_json("/api/v1/care/services", Some(&officer), &bath)
                    .await
            ),
            vec![("service".to_owned(), "not_offered".to_owned())]
        );
        let records = app
            .get_api("/api/v1/care/services", Some(&officer))
            .await
            .json();
        let stored = records["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["facility_id"] == meal_point.as_str()
                    && r["started_at"]
                        .as_str()
                        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                        .is_some_and(|t| t.as_millisecond() >= now - DAY)
            })
            .count();
        assert_eq!(
            stored, 3,
            "the unentitled elder's lunch and the entitled one's lunch and dinner; refusals store nothing: {records}"
        );

        // A carer records for their own station only, and sees only its records.
        let carer = app.token("provider").await;
        let r = app.post_json("/api/v1/care/services", Some(&carer), &json!({"elder_id": elders[0], "service": "cleaning", "started_at": iso(now - 7_200_000), "minutes": 90, "place": "home"})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(
            (r.json()["units"].as_i64(), r.json()["subsidy_fen"].as_i64()),
            (Some(2), Some(0)),
            "by the hour started"
        );
        let r = app
            .post_json(
                "/api/v1/care/services",
                Some(&carer),
                &lunch(&elders[0], "lunch", 60_000),
            )
            .await;
        assert_eq!(r.json()["error"]["code"], "not_your_facility");
        let mine = app
            .get_api("/api/v1/care/services", Some(&carer))
            .await
            .json();
        assert_eq!(mine["total"], 1);
        // The carer's page records through the form too.
        let b = app.login("provider").await;
        let page = app.get("/staff/care/services", Some(&b.cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("service-form"));
        // The public directory by street.
        let dir = app.get("/care/facilities", None).await;
        assert!(dir.status == StatusCode::OK && dir.body.contains("data-tier=\"station\""));
        let _ = Item::ALL;
        app.finish().await;
    }
}

#[tokio::test]
async fn elders_personal_data_never_reaches_the_log() {
    let (sink, _guard) = crate::support::capture_logs();
    // A call site of this test's own, first reached with the capture in place: proof that the log is being read.
    tracing::info!(test = "care-log", "capturing");
    let app = TestApp::new().await;
    let id = id_number("11010719400101002");
    let young = id_number("11010719900101003");
    let file = format!(
        "姓名,公民身份号码,性别,出生日期,街道,社区,居住状况,经济状况,联系电话,服务需求\n汪秀凤,{id},女,1940-01-01,八宝山街道,永乐东社区,独居,低保,13922223333,助餐\n黎明远,{young},男,1990-01-01,八宝山街道,永乐东社区,独居,无,13944445555,\n"
    );
    let done = upload(&app, "census.csv", file.as_bytes()).await;
    assert_eq!(
        (done["created"].as_i64(), done["bad"].as_i64()),
        (Some(1), Some(1))
    );
    let officer = app.token("careadmin").await;
    let list = app
        .get_api("/api/v1/care/elders?name=%E6%B1%AA", Some(&officer))
        .await
        .json();
    let elder = list["items"][0]["id"].as_str().unwrap().to_owned();
    let second = user_id(&app, "assessor-2").await;
    let r = app
        .post_json(
            "/api/v1/care/assessments",
            Some(&app.token("assessor").await),
            &json!({"elder_id": elder, "reason": "first", "items": items(level_three), "second_assessor": second, "assessor_level": 3, "note": "汪秀凤卧床，女儿汪丽照护"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let b = app.login("careadmin").await;
    app.get(&format!("/staff/care/elders/{elder}"), Some(&b.cookie))
        .await;
    app.post_form(
        &format!("/staff/care/elders/{elder}/guardian"),
        Some(&b.cookie),
        &[
            ("csrf", &b.csrf),
            ("version", "1"),
            ("guardian_name", "汪丽"),
            ("guardian_phone", "13966667777"),
        ],
    )
    .await;
    app.finish().await;
    let log = sink.text();
    assert!(
        log.contains("test=\"care-log\""),
        "the capture works: {log}"
    );
    for secret in [
        "汪秀凤",
        id.as_str(),
        "13922223333",
        "黎明远",
        young.as_str(),
        "13944445555",
        "汪丽",
        "13966667777",
    ] {
        assert!(!log.contains(secret), "{secret} leaked into the log");
    }
}

on_both_backends!(refused_care_forms_come_back_with_their_message);

/// Issue 25, item 11: a refused care form returns to its page with the refusal in a well-formed address (one `?`,
/// the page's own parameters kept) and the page shows it — a settlement of a month not over, a roster refused.
async fn refused_care_forms_come_back_with_their_message(app: TestApp) {
    let today = gongzhi_domain::calendar::local_date(app.now());
    let month = format!("{:04}-{:02}", today.year(), today.month());
    let officer = app.login("careadmin-yb").await;
    let r = app
        .post_form(
            "/staff/care/settlements",
            Some(&officer.cookie),
            &[
                ("csrf", &officer.csrf),
                ("month", &month),
                ("facility_id", "f-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location().to_owned();
    assert_eq!(to.matches('?').count(), 1, "{to}");
    assert!(
        to.contains(&format!("month={month}")) && to.contains("error="),
        "{to}"
    );
    let page = app.get(&to, Some(&officer.cookie)).await;
    assert!(
        page.body.contains("id=\"message\""),
        "the refusal is shown: {}",
        page.body
    );
    // The accident-insurance roster of a year long gone, with no insurer named.
    let r = app
        .post_form(
            "/staff/care/roster",
            Some(&officer.cookie),
            &[("csrf", &officer.csrf), ("year", "1999"), ("insurer", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location().to_owned();
    assert_eq!(to.matches('?').count(), 1, "{to}");
    assert!(
        to.starts_with("/staff/care/roster?year=1999&error="),
        "{to}"
    );
    let page = app.get(&to, Some(&officer.cookie)).await;
    assert!(
        page.body.contains("id=\"message\""),
        "the refusal is shown: {}",
        page.body
    );
    app.finish().await;
}

on_both_backends!(the_census_counts_ages_on_its_reference_date_and_keeps_the_residence);

/// Issue 25, item 12: ages are counted on the census's reference date (普查标准时点), chosen on the import form, and the
/// optional 户籍类型 column is kept.
async fn the_census_counts_ages_on_its_reference_date_and_keeps_the_residence(app: TestApp) {
    let officer = app.login("careadmin").await;
    let rows = good_rows(&app, 6);
    let mut data = String::from("\u{feff}");
    data.push_str(&CENSUS_COLUMNS.join(","));
    data.push_str(",户籍类型\n");
    for r in &rows {
        data.push_str(&r.join(","));
        data.push_str(",常住\n");
    }
    // A reference date in the future is refused beside the form, and nothing is imported.
    let (ct, body) = multipart(&officer.csrf, "census.csv", data.as_bytes(), "2999-01-01");
    let r = app
        .post_raw(
            "/staff/care/census",
            Some(&officer.cookie),
            &ct,
            body,
            "10.0.0.1",
        )
        .await;
    assert_eq!(
        r.location(),
        "/staff/care/census?error=in_future",
        "{}",
        r.body
    );
    // On the day before the youngest elder turned 60 that elder is not yet an elder: refused; the others import,
    // registered elsewhere and living here.
    let youngest = rows.iter().max_by_key(|r| r[3].clone()).unwrap();
    let sixty: jiff::civil::Date = youngest[3]
        .parse::<jiff::civil::Date>()
        .unwrap()
        .checked_add(jiff::Span::new().years(60))
        .unwrap();
    let eve = sixty.yesterday().unwrap().to_string();
    let done = upload_with(&app, "census.csv", data.as_bytes(), &eve).await;
    assert!(done["bad"].as_i64().unwrap() >= 1, "{done}");
    assert_eq!(
        done["created"].as_i64().unwrap() + done["bad"].as_i64().unwrap(),
        6,
        "{done}"
    );
    let oldest = rows.iter().min_by_key(|r| r[3].clone()).unwrap();
    let token = app.token("careadmin").await;
    let list = app
        .get_api(
            &format!(
                "/api/v1/care/elders?name={}",
                oldest[0]
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect::<String>()
            ),
            Some(&token),
        )
        .await
        .json();
    let elder_id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let elder = app
        .get_api(&format!("/api/v1/care/elders/{elder_id}"), Some(&token))
        .await
        .json();
    assert_eq!(elder["elder"]["residence"], "resident", "{elder}");
}

on_both_backends!(care_services_and_dispute_types_read_in_english);

/// Issue 25, item 12: in English, the care services, their units, the facilities' tiers, the assessment's groups and
/// the dispute types are English, not the Chinese of the data (the district's own names stay in Chinese pages).
async fn care_services_and_dispute_types_read_in_english(app: TestApp) {
    gongzhi_demo::care::seed_network(
        &app.state.app,
        &gongzhi_store::Actor::system(app.now()),
        true,
        false,
    )
    .await
    .unwrap();
    let directory = app.get("/care/facilities", Some("lang=en")).await;
    assert_eq!(directory.status, StatusCode::OK);
    assert!(
        directory.body.contains("Meals")
            && directory.body.contains("Community care station")
            && !directory.body.contains(">社区养老服务驿站 · ")
            && !directory.body.contains("<li>助餐 "),
        "{}",
        directory.body
    );
    let zh = app.get("/care/facilities", None).await;
    assert!(
        zh.body.contains(">社区养老服务驿站 · ") && zh.body.contains("<li>助餐 "),
        "{}",
        zh.body
    );
    let disputes = app.get("/disputes", Some("lang=en")).await;
    assert!(
        disputes.body.contains("Neighbours") && !disputes.body.contains("邻里纠纷"),
        "{}",
        disputes.body
    );
    let officer = app.login("careadmin").await;
    let home = app
        .get("/staff/care", Some(&format!("{}; lang=en", officer.cookie)))
        .await;
    assert_eq!(home.status, StatusCode::OK);
    for chinese in ["轻度失能", "重度失能", "能力完好"] {
        assert!(!home.body.contains(chinese), "{chinese} in {}", home.body);
    }
}
