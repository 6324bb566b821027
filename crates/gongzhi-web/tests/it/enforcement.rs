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
                json!({"kind": "fine", "fine_fen": 40_000})
            )
            .await
        ),
        "fine_out_of_range",
        "below 500 yuan (大气污染防治法 art. 118(3): 500 to 20,000)"
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
        code_of(&step(&head, "decide", fine(2_500_000)).await),
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
    // Art. 36: a violation found more than two years after it happened is not filed (five years for safety).
    let today = gongzhi_domain::calendar::local_date(app.now());
    let long_ago = today
        .checked_sub(jiff::Span::new().years(2).days(1))
        .unwrap();
    let mut old = body.clone();
    old["violation_on"] = json!(long_ago.to_string());
    let stale = app
        .post_json("/api/v1/enforcement", Some(&officer), &old)
        .await
        .json()["enforcement_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let file_stale = |b: serde_json::Value| {
        let (app, head, path) = (
            &app,
            head.clone(),
            format!("/api/v1/enforcement/{stale}/file"),
        );
        async move { app.post_json(&path, Some(&head), &b).await }
    };
    assert_eq!(
        code_of(&file_stale(json!({"approve": true})).await),
        "limitation_expired"
    );
    assert_eq!(
        file_stale(json!({"approve": false, "note": "超过追责期限"}))
            .await
            .json()["stage"],
        "dropped"
    );
    old["violation_on"] = json!(
        today
            .checked_add(jiff::Span::new().days(1))
            .unwrap()
            .to_string()
    );
    assert_eq!(
        app.post_json("/api/v1/enforcement", Some(&officer), &old)
            .await
            .json()["error"]["fields"][0]["code"],
        "in_the_future"
    );
    // Payment (arts. 67, 72): due 15 days after service, then 3% of the fine for each day late.
    assert_eq!(
        code_of(
            &step(
                &officer,
                "payment",
                json!({"paid_fen": 500_000, "paid_at": iso(app.now())})
            )
            .await
        ),
        "not_served"
    );
    let served = app.now();
    let r = step(&officer, "serve", json!({"served_at": iso(served)})).await;
    let due = instant(&r.json()["payment_due_at"]).expect("a fine is due");
    assert!(
        due - served >= 15 * DAY && due - served < 25 * DAY,
        "{}",
        r.body
    );
    app.state.app.clock().set(due + 2 * DAY);
    let (officer, head) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
    );
    let _ = &head;
    let paid_at = iso(due + DAY + 3_600_000);
    assert_eq!(
        code_of(
            &step(
                &officer,
                "payment",
                json!({"paid_fen": 500_000, "paid_at": paid_at})
            )
            .await
        ),
        "wrong_payment",
        "two days late: the late penalty is owed"
    );
    let r = step(
        &officer,
        "payment",
        json!({"paid_fen": 500_000, "late_fen": 30_000, "paid_at": paid_at}),
    )
    .await;
    assert_eq!(r.json()["late_fen"], 30_000, "{}", r.body);
    assert_eq!(
        step(
            &officer,
            "execute",
            json!({"execution": "x", "fine_collected_fen": 900_000})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not more than fined with its late penalty"
    );
    let r = step(&officer, "execute", json!({"execution": "罚款及加处罚款已缴纳，烧烤设施已清除。", "fine_collected_fen": 530_000, "stalls_cleared": 1})).await;
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
        (Some(530_000), Some(1))
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
    assert_eq!(
        code_of(
            &step2(
                head.clone(),
                "decide",
                json!({"ruling": "penalty", "kind": "correction"}),
            )
            .await
        ),
        "order_not_penalty",
        "责令改正 is an order, not a penalty (行政处罚法 art. 28)"
    );
    let r = step2(
        head.clone(),
        "decide",
        json!({"ruling": "order", "order": "correction", "order_days": 10}),
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

/// A Beijing wall-clock instant.
fn beijing(y: i16, m: i8, d: i8, hour: i64, minute: i64) -> i64 {
    gongzhi_domain::calendar::start_of(jiff::civil::date(y, m, d))
        + hour * 3_600_000
        + minute * 60_000
}

fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

/// An instant the API wrote, as an instant.
fn instant(v: &serde_json::Value) -> Option<i64> {
    v.as_str()?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

on_both_backends!(a_hearing_a_legal_review_and_a_collective_decision_follow_the_law);

/// 行政处罚法 arts. 63–65, 58 and 57(2), with the periods in working days (art. 85): notified Monday 2026-11-30 at
/// 13:37, the five days to ask for a hearing run to the next Monday (2026-12-08 00:00), not to the Saturday.
async fn a_hearing_a_legal_review_and_a_collective_decision_follow_the_law(app: TestApp) {
    app.state.app.clock().set(beijing(2026, 11, 27, 9, 0));
    let (officer, head) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
    );
    let body = json!({"power": "SJS-CG-003", "source": "patrol", "party_kind": "person", "party_name": "某烧烤摊主", "facts": "露天烧烤经营，屡教不改。"});
    let no = app
        .post_json("/api/v1/enforcement", Some(&officer), &body)
        .await
        .json()["enforcement_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let step = |who: String, name: &str, b: serde_json::Value| {
        let app = &app;
        let path = format!("/api/v1/enforcement/{no}/{name}");
        async move { app.post_json(&path, Some(&who), &b).await }
    };
    step(head.clone(), "file", json!({"approve": true})).await;
    app.state.app.clock().set(beijing(2026, 11, 30, 13, 37));
    let officer = app.token("street-bajiao-2").await;
    // 10,000 yuan for a person: 较大数额 (the default threshold), so a hearing may be asked for; a complex case.
    let r = step(
        officer.clone(),
        "notify",
        json!({"kind": "fine", "fine_fen": 1_000_000, "complex": true}),
    )
    .await;
    assert_eq!(
        (
            r.json()["hearing"].as_str(),
            instant(&r.json()["hearing_due_at"]),
            instant(&r.json()["defence_due_at"]),
            r.json()["waiting_for"].as_str()
        ),
        (
            Some("offered"),
            Some(beijing(2026, 12, 8, 0, 0)),
            Some(beijing(2026, 12, 4, 0, 0)),
            Some("defence_pending")
        ),
        "{}",
        r.body
    );
    // Saturday 2026-12-05: the defence days are over, the hearing's are not.
    app.state.app.clock().set(beijing(2026, 12, 5, 10, 0));
    let (officer, head) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
    );
    let decision =
        json!({"ruling": "penalty", "kind": "fine", "fine_fen": 1_000_000, "collective": true});
    assert_eq!(
        code_of(&step(head.clone(), "decide", decision.clone()).await),
        "hearing_pending"
    );
    let r = step(
        officer.clone(),
        "hearing",
        json!({"step": "request", "record": "当事人书面申请听证"}),
    )
    .await;
    assert_eq!(r.json()["hearing"], "requested", "{}", r.body);
    // The notice: at least seven working days ahead (12-07..12-11 and 12-14, 12-15 from Saturday), presided over
    // by someone who did not investigate.
    let officer_id = app
        .store()
        .get_credentials("street-bajiao-2")
        .await
        .unwrap()
        .user
        .id
        .to_string();
    let head_id = app
        .store()
        .get_credentials("street-bajiao")
        .await
        .unwrap()
        .user
        .id
        .to_string();
    let notice = |at: i64, presider: &str| json!({"step": "notice", "scheduled_at": iso(at), "presided_by": presider});
    assert_eq!(
        code_of(
            &step(
                officer.clone(),
                "hearing",
                notice(beijing(2026, 12, 15, 15, 0), &head_id)
            )
            .await
        ),
        "hearing_notice_too_short"
    );
    assert_eq!(
        code_of(
            &step(
                officer.clone(),
                "hearing",
                notice(beijing(2026, 12, 16, 9, 0), &officer_id)
            )
            .await
        ),
        "presider_investigated"
    );
    let r = step(
        officer.clone(),
        "hearing",
        notice(beijing(2026, 12, 16, 9, 0), &head_id),
    )
    .await;
    assert_eq!(r.json()["hearing"], "scheduled", "{}", r.body);
    assert_eq!(
        code_of(
            &step(
                officer.clone(),
                "hearing",
                json!({"step": "held", "record": "听证笔录"})
            )
            .await
        ),
        "hearing_not_yet"
    );
    app.state.app.clock().set(beijing(2026, 12, 16, 11, 0));
    let (officer, head, legal) = (
        app.token("street-bajiao-2").await,
        app.token("street-bajiao").await,
        app.token("legal-bajiao").await,
    );
    let r = step(
        officer.clone(),
        "hearing",
        json!({"step": "held", "record": "当事人到场陈述申辩，调查人员出示证据。"}),
    )
    .await;
    assert_eq!(r.json()["waiting_for"], "review_pending", "{}", r.body);
    // The legal review is the legal reviewer's (art. 58); the head may not decide before it, nor alone (57(2)).
    assert_eq!(
        code_of(&step(head.clone(), "decide", decision.clone()).await),
        "review_pending"
    );
    assert_eq!(
        code_of(
            &step(
                officer.clone(),
                "review",
                json!({"approve": true, "note": "同意"})
            )
            .await
        ),
        "reviewer_only"
    );
    assert_eq!(
        code_of(
            &step(
                app.token("legal-gucheng").await,
                "review",
                json!({"approve": true, "note": "同意"})
            )
            .await
        ),
        "not_found",
        "another street's reviewer does not see the case"
    );
    let r = step(
        legal.clone(),
        "review",
        json!({"approve": true, "note": "事实清楚，程序合法。"}),
    )
    .await;
    assert_eq!(r.json()["review_approved"], true, "{}", r.body);
    let mut alone = decision.clone();
    alone["collective"] = json!(false);
    assert_eq!(
        code_of(&step(head.clone(), "decide", alone).await),
        "collective_required"
    );
    let r = step(head.clone(), "decide", decision).await;
    assert_eq!(
        (
            r.json()["stage"].as_str(),
            r.json()["collective"].as_bool(),
            r.json()["ruling"].as_str()
        ),
        (Some("decided"), Some(true), Some("penalty")),
        "{}",
        r.body
    );
    // The legal reviewer's page shows the review; the officer's the hearing.
    let page = app
        .get(
            &format!("/staff/enforcement/{no}"),
            Some(&app.login("legal-bajiao").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"enforcement-review\"")
            && page.body.contains("id=\"enforcement-hearing\"")
    );

    // No penalty (art. 33) and transfer (art. 27) end a case without a notice; they give their reasons.
    let open_filed = || async {
        let no = app
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
        app.post_json(
            &format!("/api/v1/enforcement/{no}/file"),
            Some(&app.token("street-bajiao").await),
            &json!({"approve": true}),
        )
        .await;
        no
    };
    let minor = open_filed().await;
    let path = format!("/api/v1/enforcement/{minor}/decide");
    let r = app
        .post_json(
            &path,
            Some(&app.token("street-bajiao").await),
            &json!({"ruling": "no_penalty"}),
        )
        .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::CONFLICT, "reason_needed".to_owned()),
        "{}",
        r.body
    );
    let r = app
        .post_json(
            &path,
            Some(&app.token("street-bajiao").await),
            &json!({"ruling": "no_penalty", "note": "初次违法且及时改正，危害后果轻微。"}),
        )
        .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["ruling"].as_str()),
        (Some("closed"), Some("no_penalty")),
        "{}",
        r.body
    );
    let crime = open_filed().await;
    let r = app
        .post_json(
            &format!("/api/v1/enforcement/{crime}/decide"),
            Some(&app.token("street-bajiao").await),
            &json!({"ruling": "transfer", "transfer_to": "石景山公安分局", "note": "涉嫌犯罪，移送公安机关。"}),
        )
        .await;
    assert_eq!(
        (
            r.json()["ruling"].as_str(),
            r.json()["transfer_to"].as_str()
        ),
        (Some("transfer"), Some("石景山公安分局")),
        "{}",
        r.body
    );

    // The simple procedure (art. 51): a warning, or at most 200 yuan for a person, decided on the spot.
    let mut simple = body.clone();
    simple["procedure"] = json!("simple");
    simple["kind"] = json!("fine");
    simple["fine_fen"] = json!(100_000);
    // Sorting household waste wrongly (《北京市生活垃圾管理条例》): a warning, or 50 to 200 yuan for a person.
    simple["power"] = json!("SJS-CG-007");
    simple["statement"] = json!("当事人当场陈述，无异议。");
    let r = app
        .post_json(
            "/api/v1/enforcement",
            Some(&app.token("street-bajiao-2").await),
            &simple,
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("simple_not_allowed")),
        "1,000 yuan is beyond the power (and the simple procedure): {}",
        r.body
    );
    simple["kind"] = json!("warning");
    simple["fine_fen"] = serde_json::Value::Null;
    let r = app
        .post_json(
            "/api/v1/enforcement",
            Some(&app.token("street-bajiao-2").await),
            &simple,
        )
        .await;
    assert_eq!(
        (
            r.status,
            r.json()["procedure"].as_str(),
            r.json()["stage"].as_str(),
            r.json()["decision_kind"].as_str()
        ),
        (
            StatusCode::CREATED,
            Some("simple"),
            Some("decided"),
            Some("warning")
        ),
        "{}",
        r.body
    );
    app.finish().await;
}

on_both_backends!(
    a_demolition_is_forced_only_after_the_compulsion_law_and_the_decision_is_published
);

/// 行政处罚法 art. 28 (责令限期拆除 is an order), 行政强制法 arts. 35–37 and 44 (催告, 公告, no forced demolition while
/// 复议 or 诉讼 is possible or open), 行政复议法 art. 20 (60 days), 行政诉讼法 arts. 45–46 (six months; 15 days after a
/// 复议), 行政处罚法 art. 48 with 国办发〔2018〕118号 (published within seven working days; withdrawn when revoked), the
/// decision document of art. 59. Dates worked by hand on the 2026 schedule.
async fn a_demolition_is_forced_only_after_the_compulsion_law_and_the_decision_is_published(
    app: TestApp,
) {
    app.state.app.clock().set(beijing(2026, 3, 2, 9, 0));
    let act = |who: &'static str, path: String, b: serde_json::Value| {
        let app = &app;
        async move {
            let token = app.token(who).await;
            app.post_json(&path, Some(&token), &b).await
        }
    };
    let officer = "street-bajiao-2";
    let head = "street-bajiao";
    let r = act(officer, "/api/v1/enforcement".into(), json!({"power": "SJS-CG-001", "source": "patrol", "party_kind": "organisation", "party_name": "某建筑工程公司", "party_address": "八角街道某路一号", "facts": "在小区楼顶搭建彩钢板房约四十平方米。"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["enforcement_no"].as_str().unwrap().to_owned();
    let path = |name: &str| format!("/api/v1/enforcement/{no}/{name}");
    act(head, path("file"), json!({"approve": true})).await;
    assert_eq!(
        code_of(
            &act(
                head,
                path("decide"),
                json!({"ruling": "order", "note": "x"})
            )
            .await
        ),
        "order_period_needed"
    );
    assert_eq!(
        code_of(
            &act(
                head,
                path("decide"),
                json!({"ruling": "penalty", "kind": "demolition"})
            )
            .await
        ),
        "wrong_stage",
        "a penalty needs its notice first"
    );
    let r = act(
        head,
        path("decide"),
        json!({"ruling": "order", "order": "demolition", "order_days": 15, "social_impact": true}),
    )
    .await;
    assert_eq!(
        (
            r.json()["stage"].as_str(),
            r.json()["ruling"].as_str(),
            r.json()["order_kind"].as_str()
        ),
        (Some("decided"), Some("order"), Some("demolition")),
        "{}",
        r.body
    );
    // 15 days from Monday 2 March: to the end of Tuesday the 17th. Published within seven working days: to the end
    // of Wednesday the 11th.
    assert_eq!(
        instant(&r.json()["order_due_at"]),
        Some(beijing(2026, 3, 18, 0, 0))
    );
    assert_eq!(
        instant(&r.json()["publication_due_at"]),
        Some(beijing(2026, 3, 12, 0, 0))
    );
    let forced = json!({"forced": true, "execution": "强制拆除", "removed_sqm_x100": 4000});
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "not_served"
    );
    app.state.app.clock().set(beijing(2026, 3, 3, 11, 0));
    let r = act(
        officer,
        path("serve"),
        json!({"served_at": iso(beijing(2026, 3, 3, 10, 0))}),
    )
    .await;
    assert_eq!(
        instant(&r.json()["served_at"]),
        Some(beijing(2026, 3, 3, 10, 0)),
        "{}",
        r.body
    );
    assert_eq!(
        code_of(&act(officer, path("compulsion"), json!({"step": "warn"})).await),
        "compulsion_period",
        "the party's own 15 days first"
    );
    // Published on the 5th: in time, and public without a sign-in, the organisation named.
    app.state.app.clock().set(beijing(2026, 3, 5, 9, 0));
    let r = act(officer, path("publish"), json!({})).await;
    assert_eq!(r.json()["publication_late"], false, "{}", r.body);
    assert_eq!(
        code_of(&act(officer, path("publish"), json!({})).await),
        "already_published"
    );
    let public = app.get_api("/api/v1/enforcement/published", None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    let item = public.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["enforcement_no"] == no.as_str())
        .cloned()
        .expect("published");
    assert_eq!(
        (item["party"].as_str(), item["order"].as_str()),
        (Some("某建筑工程公司"), Some("demolition"))
    );
    assert!(!public.body.contains("彩钢板房"), "no facts in public");
    let page = app.get("/enforcement/published", None).await;
    assert!(
        page.body.contains(&no) && page.body.contains("某建筑工程公司"),
        "{}",
        page.body
    );

    app.state.app.clock().set(beijing(2026, 3, 18, 9, 0));
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "not_warned"
    );
    let r = act(
        officer,
        path("compulsion"),
        json!({"step": "warn", "note": "催告书已送达"}),
    )
    .await;
    // Ten working days from Wednesday the 18th: 19 March to 1 April.
    assert_eq!(
        instant(&r.json()["warning_due_at"]),
        Some(beijing(2026, 4, 2, 0, 0)),
        "{}",
        r.body
    );
    app.state.app.clock().set(beijing(2026, 4, 2, 9, 0));
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "not_announced"
    );
    let r = act(
        officer,
        path("compulsion"),
        json!({"step": "announce", "days": 20}),
    )
    .await;
    assert_eq!(
        instant(&r.json()["announcement_due_at"]),
        Some(beijing(2026, 4, 23, 0, 0)),
        "{}",
        r.body
    );
    // Served 3 March: 60 days end in the Labour Day holiday, six months on Thursday 3 September.
    assert_eq!(
        instant(&r.json()["challenge_periods_end_at"]),
        Some(beijing(2026, 9, 4, 0, 0))
    );
    app.state.app.clock().set(beijing(2026, 4, 23, 10, 0));
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "compulsion_period",
        "the party may still ask for a review or sue"
    );
    // A 复议, filed on 10 April and upheld on 28 August: nothing forced while it is open, nor within 15 days after.
    let r = act(
        officer,
        path("challenge"),
        json!({"step": "filed", "kind": "reconsideration", "at": iso(beijing(2026, 4, 10, 9, 0))}),
    )
    .await;
    assert_eq!(r.json()["challenge"], "reconsideration", "{}", r.body);
    app.state.app.clock().set(beijing(2026, 9, 4, 9, 0));
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "challenge_pending"
    );
    assert_eq!(
        code_of(
            &act(
                officer,
                path("challenge"),
                json!({"step": "resolved", "at": iso(beijing(2026, 8, 28, 9, 0))})
            )
            .await
        ),
        "challenge_outcome_needed"
    );
    let r = act(
        officer,
        path("challenge"),
        json!({"step": "resolved", "outcome": "upheld", "at": iso(beijing(2026, 8, 28, 9, 0))}),
    )
    .await;
    assert_eq!(
        instant(&r.json()["challenge_periods_end_at"]),
        Some(beijing(2026, 9, 15, 0, 0)),
        "{}",
        r.body
    );
    assert_eq!(
        code_of(&act(officer, path("execute"), forced.clone()).await),
        "compulsion_period"
    );
    app.state.app.clock().set(beijing(2026, 9, 15, 9, 0));
    let r = act(officer, path("execute"), forced.clone()).await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["forced"].as_bool()),
        (Some("executed"), Some(true)),
        "{}",
        r.body
    );
    // The decision document names everything art. 59 asks for.
    let cookie = app.login(officer).await.cookie;
    let doc = app
        .get(&format!("/staff/enforcement/{no}/decision"), Some(&cookie))
        .await;
    for part in [
        "某建筑工程公司",
        "八角街道某路一号",
        "彩钢板房",
        "第二十八条",
        "六十日内向石景山区人民政府申请行政复议",
        "石景山区人民法院",
        "八角街道",
    ] {
        assert!(doc.body.contains(part), "{part}: {}", doc.body);
    }
    // A suit then revokes it: the case ends and the publication is withdrawn at once (art. 48(2)).
    act(
        officer,
        path("challenge"),
        json!({"step": "filed", "kind": "litigation", "at": iso(beijing(2026, 9, 10, 9, 0))}),
    )
    .await;
    app.state.app.clock().set(beijing(2026, 11, 2, 9, 0));
    let r = act(
        officer,
        path("challenge"),
        json!({"step": "resolved", "outcome": "revoked", "at": iso(beijing(2026, 11, 2, 8, 0))}),
    )
    .await;
    assert_eq!(r.json()["stage"], "closed", "{}", r.body);
    assert!(
        instant(&r.json()["publication_withdrawn_at"]).is_some(),
        "{}",
        r.body
    );
    let public = app.get_api("/api/v1/enforcement/published", None).await;
    assert!(!public.body.contains(&no), "withdrawn: {}", public.body);
    assert_eq!(
        code_of(&act(officer, path("publish"), json!({})).await),
        "wrong_stage"
    );
    app.finish().await;
}

on_both_backends!(a_discretion_standard_bounds_the_fine_by_party_and_grade);

/// 行政处罚法 art. 34: where a power's discretion standard grades fines, the notice names the grade and the fine stays
/// within that grade's range for the party. The demo's SJS-CG-008 (固体废物污染环境防治法 art. 111): a person 100–500
/// yuan, an organisation 50,000–200,000 (一般) or 200,000–500,000 (严重).
async fn a_discretion_standard_bounds_the_fine_by_party_and_grade(app: TestApp) {
    let officer = app.token("street-bajiao-2").await;
    let head = app.token("street-bajiao").await;
    let r = app
        .post_json(
            "/api/v1/enforcement",
            Some(&officer),
            &json!({"power": "SJS-CG-008", "source": "patrol", "party_kind": "organisation", "party_name": "某物业服务企业", "facts": "在小区空地堆放生活垃圾。"}),
        )
        .await;
    let no = r.json()["enforcement_no"].as_str().unwrap().to_owned();
    let path = |name: &str| format!("/api/v1/enforcement/{no}/{name}");
    app.post_json(&path("file"), Some(&head), &json!({"approve": true}))
        .await;
    let notify = |b: serde_json::Value| {
        let (app, officer, path) = (&app, officer.clone(), path("notify"));
        async move { app.post_json(&path, Some(&officer), &b).await }
    };
    assert_eq!(
        code_of(&notify(json!({"kind": "fine", "fine_fen": 10_000_000})).await),
        "grade_needed"
    );
    assert_eq!(
        code_of(
            &notify(json!({"kind": "fine", "fine_fen": 30_000_000, "grade": "ordinary"})).await
        ),
        "fine_out_of_range",
        "300,000 yuan is beyond 一般's 200,000"
    );
    assert_eq!(
        notify(json!({"kind": "fine", "fine_fen": 5_000_000, "grade": "size"}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = notify(json!({"kind": "fine", "fine_fen": 30_000_000, "grade": "serious"})).await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["grade"].as_str()),
        (Some("notified"), Some("serious")),
        "{}",
        r.body
    );
    let powers = app.get_api("/api/v1/powers", None).await.json();
    let standard = powers["powers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "SJS-CG-008")
        .unwrap()["fines"]
        .clone();
    assert_eq!(
        standard[1],
        json!({"party": "organisation", "grade": "ordinary", "min_fen": 5_000_000, "max_fen": 20_000_000})
    );
    let page = app.get("/powers", None).await;
    assert!(
        page.body
            .contains("法人或其他组织 严重 200,000.00 – 500,000.00"),
        "the standard is public"
    );
    app.finish().await;
}
