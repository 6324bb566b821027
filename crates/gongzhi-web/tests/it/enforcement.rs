//! Integrated enforcement cases over HTTP, on both databases, by the Administrative Penalty Law (2021): opened by a
//! street's officer under a power, filed by the head, notified with the party's working days, decided by the head
//! within the power's range and never heavier than notified, executed with measured results, closed; the 90 days a
//! duty shown when breached; a hearing requested, noticed and held, reviewed by the legal reviewer, decided
//! collectively; no penalty and transfer; the simple procedure; the results by street and month.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::TestApp;

const DAY: i64 = 86_400_000;

fn code_of(reply: &crate::support::Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

on_both_backends!(an_enforcement_case_goes_from_filing_to_closing_within_the_law);

async fn an_enforcement_case_goes_from_filing_to_closing_within_the_law(app: TestApp) {
    let officer = app.token("street-bajiao-2").await;
    let head = app.token("street-bajiao").await;
    let body = json!({"power": "SJS-CG-003", "source": "patrol", "party_kind": "person", "party_name": "某烧烤摊主", "facts": "八角北路东口露天烧烤，烟气扰民。"});
    let r = app
        .post_json(
            "/api/v1/enforcement",
            Some(&app.token("dept-cgzf").await),
            &body,
        )
        .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::FORBIDDEN, "forbidden".into()),
        "refused before the body is read: a department writes nothing in enforcement"
    );
    let mut unknown = body.clone();
    unknown["power"] = json!("NOPE-1");
    assert_eq!(
        app.post_json("/api/v1/enforcement", Some(&officer), &unknown)
            .await
            .json()["error"]["fields"][0]["code"],
        "invalid_choice"
    );
    let mut from_case = body.clone();
    from_case["source"] = json!("case");
    from_case["source_ref"] = json!("20261202999999");
    assert_eq!(
        app.post_json("/api/v1/enforcement", Some(&officer), &from_case)
            .await
            .json()["error"]["fields"][0]["code"],
        "unknown_case"
    );
    let r = app
        .post_json("/api/v1/enforcement", Some(&officer), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["enforcement_no"].as_str().unwrap().to_owned();
    assert_eq!(r.json()["stage"], "proposed");
    let step = |who: &str, name: &str, b: serde_json::Value| {
        let app = &app;
        let (who, path) = (who.to_owned(), format!("/api/v1/enforcement/{no}/{name}"));
        async move { app.post_json(&path, Some(&who), &b).await }
    };
    // 立案 by the head: 90 days to decide.
    assert_eq!(
        code_of(&step(&officer, "file", json!({"approve": true})).await),
        "head_only"
    );
    let filed_at = app.now();
    let r = step(&head, "file", json!({"approve": true, "note": "同意立案"})).await;
    assert_eq!(r.json()["stage"], "investigation", "{}", r.body);
    let due = r.json()["decision_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert!((due - filed_at - 90 * DAY).abs() < 5_000);
    assert_eq!(
        step(&officer, "evidence", json!({"note": "询问笔录一份。"}))
            .await
            .status,
        StatusCode::OK
    );
    // A photo of the site from the case page.
    let browser = app.login("street-bajiao-2").await;
    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[0u8; 32],
    ]
    .concat();
    let b = "----gongzhi-evidence";
    let mut upload = format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n现场照片\r\n--{b}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"现场.png\"\r\nContent-Type: image/png\r\n\r\n", browser.csrf).into_bytes();
    upload.extend_from_slice(&png);
    upload.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let r = app
        .post_raw(
            &format!("/staff/enforcement/{no}/evidence"),
            Some(&browser.cookie),
            &format!("multipart/form-data; boundary={b}"),
            upload,
            "10.0.0.1",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(&format!("/staff/enforcement/{no}"), Some(&browser.cookie))
        .await;
    let link = page
        .body
        .split("href=\"/staff/enforcement/files/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the photo is listed")
        .to_owned();
    assert_eq!(
        app.get(
            &format!("/staff/enforcement/files/{link}"),
            Some(&browser.cookie)
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(
            &format!("/staff/enforcement/files/{link}"),
            Some(&app.login("street-gucheng").await.cookie)
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "another street's officer"
    );
    // 告知: within the power's penalties and range.
    assert_eq!(
        code_of(&step(&officer, "notify", json!({"kind": "demolition"})).await),
        "penalty_not_allowed"
    );
    assert_eq!(
        code_of(
            &step(
                &officer,
                "notify",
                json!({"kind": "fine", "fine_fen": 50_000})
            )
            .await
        ),
        "fine_out_of_range",
        "below 1,000 yuan"
    );
    let r = step(
        &officer,
        "notify",
        json!({"kind": "fine", "fine_fen": 500_000}),
    )
    .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["hearing"].as_str()),
        (Some("notified"), Some("none")),
        "5,000 yuan for a person is below the default 较大数额: {}",
        r.body
    );
    let defence_due = r.json()["defence_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    // Three working days (行政处罚法 art. 85), ending at a Beijing midnight, never sooner than three calendar days.
    assert!(defence_due - app.now() >= 3 * DAY && defence_due % DAY == 16 * 3_600_000);
    // 决定: the head's (art. 57); not before the party's days; not outside the range; never heavier (art. 45).
    let fine =
        |fen: i64| json!({"ruling": "penalty", "kind": "fine", "fine_fen": fen, "note": "罚款"});
    assert_eq!(
        code_of(&step(&officer, "decide", fine(500_000)).await),
        "head_only"
    );
    assert_eq!(
        code_of(&step(&head, "decide", fine(500_000)).await),
        "defence_pending"
    );
    app.state.app.clock().set(defence_due);
    let (officer, head) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
    );
    assert_eq!(
        code_of(&step(&head, "decide", fine(2_000_000)).await),
        "fine_out_of_range",
        "an amount outside the range is refused"
    );
    assert_eq!(
        code_of(&step(&head, "decide", fine(900_000)).await),
        "heavier_than_notified",
        "9,000 yuan after a notice of 5,000: a new notice first"
    );
    let r = step(&head, "decide", fine(500_000)).await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["fine_fen"].as_i64()),
        (Some("decided"), Some(500_000)),
        "{}",
        r.body
    );
    assert_eq!(
        step(
            &officer,
            "execute",
            json!({"execution": "x", "fine_collected_fen": 900_000})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not more than fined"
    );
    let r = step(&officer, "execute", json!({"execution": "罚款已缴纳，烧烤设施已清除。", "fine_collected_fen": 500_000, "stalls_cleared": 1})).await;
    assert_eq!(r.json()["stage"], "executed", "{}", r.body);
    assert_eq!(
        step(&officer, "close", json!({"note": "结案"}))
            .await
            .json()["stage"],
        "closed"
    );
    assert_eq!(
        code_of(&step(&officer, "close", json!({"note": "again"})).await),
        "wrong_stage"
    );
    // Other streets do not see it; the results count it.
    assert_eq!(
        app.get_api(
            &format!("/api/v1/enforcement/{no}"),
            Some(&app.token("street-gucheng").await)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let today = gongzhi_domain::calendar::local_date(app.now()).to_string();
    let results = app
        .get_api(
            &format!("/api/v1/enforcement/results?from=2026-01-01&to={today}"),
            Some(&officer),
        )
        .await
        .json();
    let bajiao = results
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["street"] == "八角街道")
        .expect("八角 has results");
    assert_eq!(
        (
            bajiao["fines_collected_fen"].as_i64(),
            bajiao["stalls_cleared"].as_i64()
        ),
        (Some(500_000), Some(1))
    );
    // The 90 days are a duty: a decision after them is taken and shown as late; extensions are the head's, a second
    // one collective.
    let head = app.token("street-bajiao").await;
    let second = app
        .post_json("/api/v1/enforcement", Some(&officer), &body)
        .await
        .json()["enforcement_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let step2 = |who: String, name: &str, b: serde_json::Value| {
        let app = &app;
        let path = format!("/api/v1/enforcement/{second}/{name}");
        async move { app.post_json(&path, Some(&who), &b).await }
    };
    step2(head.clone(), "file", json!({"approve": true})).await;
    // A week before the deadline the sweeper reminds the street's head and the officer, once.
    assert_eq!(
        crate::support::sweep_at(&app.state, app.now() + 80 * DAY)
            .await
            .unwrap()
            .enforcement_decisions_due,
        0
    );
    assert_eq!(
        crate::support::sweep_at(&app.state, app.now() + 4 * DAY)
            .await
            .unwrap()
            .enforcement_decisions_due,
        1
    );
    assert_eq!(
        crate::support::sweep_at(&app.state, app.now() + DAY)
            .await
            .unwrap()
            .enforcement_decisions_due,
        0,
        "once"
    );
    let inbox = app
        .get_api("/api/v1/inbox", Some(&app.token("street-bajiao").await))
        .await
        .json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "decision_due" && n["enforcement_no"] == second.as_str()),
        "{inbox}"
    );
    app.state.app.clock().set(app.now() + 6 * DAY);
    let (officer, head) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
    );
    assert_eq!(
        step2(officer.clone(), "notify", json!({"kind": "correction"}))
            .await
            .json()["stage"],
        "notified"
    );
    app.state.app.clock().set(app.now() + 4 * DAY);
    let (officer, head) = (app.token("street-bajiao-2").await, {
        let _ = head;
        app.token("street-bajiao").await
    });
    assert_eq!(
        code_of(&step2(officer.clone(), "extend", json!({"reason": "x"})).await),
        "head_only"
    );
    assert_eq!(
        step2(
            head.clone(),
            "extend",
            json!({"reason": "案情复杂，经负责人批准延长"})
        )
        .await
        .json()["extensions"],
        1
    );
    assert_eq!(
        code_of(&step2(head.clone(), "extend", json!({"reason": "再次延长"})).await),
        "collective_required"
    );
    app.state.app.clock().set(app.now() + 40 * DAY);
    let head = app.token("street-bajiao").await;
    let r = step2(
        head.clone(),
        "decide",
        json!({"ruling": "penalty", "kind": "correction"}),
    )
    .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["late"].as_bool()),
        (Some("decided"), Some(true)),
        "{}",
        r.body
    );
    assert_eq!(
        code_of(&step2(head, "extend", json!({"reason": "again"})).await),
        "wrong_stage"
    );
    // The pages.
    let page = app
        .get(
            &format!("/staff/enforcement/{no}"),
            Some(&app.login("street-bajiao-2").await.cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let results = app
        .get(
            "/staff/enforcement/results?from=2026-01-01",
            Some(&app.login("street-bajiao").await.cookie),
        )
        .await;
    assert!(
        results.body.contains("<svg") && results.body.contains("八角街道"),
        "charts and the table"
    );
    app.finish().await;
}
