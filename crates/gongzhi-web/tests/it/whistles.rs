//! 吹哨报到 over HTTP, on SQLite and PostgreSQL: who may blow, summoned units told at once and reporting once (late
//! after the deadline), the sweeper's chase of a missing report, progress, summoning more, closing only by the street
//! (with a reason when a unit never came), ratings once and changeable for seven days, the lists and the district
//! view, and every refusal the issue names.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, hotline_case, sweep_at};

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

fn code_of(reply: &crate::support::Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

fn unit<'a>(w: &'a Value, code: &str) -> &'a Value {
    w["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == code)
        .unwrap_or_else(|| panic!("{code} in {w}"))
}

on_both_backends!(
    a_street_summons_departments_who_report_and_the_street_closes_and_rates,
    the_lists_and_the_district_view_count_reports
);

fn whistle_body(units: &[&str]) -> Value {
    json!({
        "reason": "emergency", "units": units, "title": "燃气泄漏，需紧急处置", "description": "八角北路小区地下车库燃气味浓，疑似管道泄漏。",
        "address": "八角北路社区", "lat": 39.916, "lon": 116.199
    })
}

async fn a_street_summons_departments_who_report_and_the_street_closes_and_rates(app: TestApp) {
    let street = app.token("street-bajiao").await;
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "E05", "street.bajiao.c01", json!({})).await;
    let case_no = case["case_no"].as_str().unwrap();
    // Who may blow, and what is refused.
    let dept = app.token("dept-cgzf").await;
    let r = app
        .post_json("/api/v1/whistles", Some(&dept), &whistle_body(&["ent.gas"]))
        .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::FORBIDDEN, "not_a_whistler".into())
    );
    let r = app
        .post_json(
            "/api/v1/whistles",
            Some(&street),
            &whistle_body(&["street.gucheng"]),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_summonable"))
    );
    let r = app
        .post_json(
            "/api/v1/whistles",
            Some(&street),
            &whistle_body(&["dept.nowhere"]),
        )
        .await;
    assert_eq!(r.json()["error"]["fields"][0]["code"], "unknown_unit");
    let mut bad_reason = whistle_body(&["dept.cgzf"]);
    bad_reason["reason"] = json!("party");
    assert_eq!(
        app.post_json("/api/v1/whistles", Some(&street), &bad_reason)
            .await
            .json()["error"]["fields"][0]["code"],
        "invalid_choice"
    );
    // The whistle: an emergency, 30 minutes to report by default.
    let mut body = whistle_body(&["dept.cgzf", "ent.heat"]);
    body["case_nos"] = json!([case_no]);
    let blown_at = app.now();
    let r = app
        .post_json("/api/v1/whistles", Some(&street), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let w = r.json();
    let no = w["whistle_no"].as_str().unwrap().to_owned();
    assert!(no.starts_with('W') && no.len() == 13);
    let due = w["report_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert!(
        (due - blown_at - 30 * MINUTE).abs() < 5_000,
        "emergency: 30 minutes"
    );
    assert_eq!(
        (
            unit(&w, "dept.cgzf")["status"].as_str(),
            unit(&w, "ent.heat")["status"].as_str()
        ),
        (Some("pending"), Some("pending"))
    );
    assert_eq!(w["case_nos"], json!([case_no]));
    // Every summoned unit is told at once.
    let inbox = app.get_api("/api/v1/inbox", Some(&dept)).await.json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "summoned" && n["whistle_no"] == no.as_str()),
        "{inbox}"
    );
    // A street elsewhere does not see it; a department that was not summoned may not report to it.
    assert_eq!(
        app.get_api(
            &format!("/api/v1/whistles/{no}"),
            Some(&app.token("street-gucheng").await)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let unsummoned = app.token("dept-yb").await;
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/report"),
            Some(&unsummoned),
            &json!({"on_site": true, "action": "x"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an unsummoned department cannot tell a real whistle from a missing one"
    );
    // The street cannot rate before closing.
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &json!({"unit": "dept.cgzf", "timeliness": 5, "attitude": 5, "result": 5}),
        )
        .await;
    assert_eq!(code_of(&r), "whistle_open");
    // 报到: the department comes in time, once.
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/report"),
            Some(&dept),
            &json!({"on_site": true, "action": "执法队员到场，疏散车库人员并设置警戒。"}),
        )
        .await;
    assert_eq!(
        unit(&r.json(), "dept.cgzf")["status"],
        "reported",
        "{}",
        r.body
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/report"),
                Some(&dept),
                &json!({"on_site": true, "action": "again"})
            )
            .await
        ),
        "already_reported"
    );
    assert_eq!(
        unit(&r.json(), "dept.cgzf")["people"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "the reporting officer by default"
    );
    // The heating company does not: the sweeper chases it once and tells its head and the street's officer.
    assert_eq!(
        sweep_at(&app.state, due - MINUTE)
            .await
            .unwrap()
            .whistle_reports_overdue,
        0
    );
    assert_eq!(
        sweep_at(&app.state, due + MINUTE)
            .await
            .unwrap()
            .whistle_reports_overdue,
        1
    );
    assert_eq!(
        sweep_at(&app.state, due + 2 * MINUTE)
            .await
            .unwrap()
            .whistle_reports_overdue,
        0,
        "once"
    );
    let heat = app.token("ent-heat").await;
    let inbox = app.get_api("/api/v1/inbox", Some(&heat)).await.json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "whistle_overdue"),
        "{inbox}"
    );
    let street = app.token("street-bajiao").await;
    let w = app
        .get_api(&format!("/api/v1/whistles/{no}"), Some(&street))
        .await
        .json();
    assert_eq!(unit(&w, "ent.heat")["status"], "overdue", "overdue at once");
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/report"),
            Some(&heat),
            &json!({"on_site": true, "action": "已关闭阀门。"}),
        )
        .await;
    assert_eq!(unit(&r.json(), "ent.heat")["status"], "late", "{}", r.body);
    // Progress, only after reporting; more units on an open whistle.
    let dept = app.token("dept-cgzf").await;
    assert_eq!(
        app.post_json(
            &format!("/api/v1/whistles/{no}/progress"),
            Some(&dept),
            &json!({"note": "已封闭车库入口。"})
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/summon"),
            Some(&street),
            &json!({"units": ["ent.gas"]}),
        )
        .await;
    assert_eq!(
        unit(&r.json(), "ent.gas")["status"],
        "pending",
        "{}",
        r.body
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/summon"),
                Some(&street),
                &json!({"units": ["ent.gas"]})
            )
            .await
        ),
        "already_summoned"
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/summon"),
                Some(&dept),
                &json!({"units": ["dept.sthj"]})
            )
            .await
        ),
        "not_the_street"
    );
    // 事不完、人不撤: only the street closes; the gas company never came, so a reason is needed.
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/close"),
            Some(&dept),
            &json!({"outcome": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::FORBIDDEN, "not_the_street".into())
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/close"),
                Some(&street),
                &json!({"outcome": "泄漏已处置"})
            )
            .await
        ),
        "reason_needed"
    );
    let r = app.post_json(&format!("/api/v1/whistles/{no}/close"), Some(&street), &json!({"outcome": "泄漏已处置，车库恢复通行。", "reason": "燃气公司电话确认已远程关阀，未派员到场"})).await;
    assert_eq!(r.json()["status"], "closed", "{}", r.body);
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/report"),
                Some(&app.token("ent-gas").await),
                &json!({"on_site": true, "action": "x"})
            )
            .await
        ),
        "whistle_closed"
    );
    // Ratings: the street only, once, changeable for seven days.
    let rate = |unit: &str, t: i64, change: bool| json!({"unit": unit, "timeliness": t, "attitude": 4, "result": 5, "comment": "到场及时", "change": change});
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/rate"),
                Some(&dept),
                &rate("dept.cgzf", 5, false)
            )
            .await
        ),
        "not_the_street"
    );
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &rate("dept.cgzf", 5, false),
        )
        .await;
    assert_eq!(
        unit(&r.json(), "dept.cgzf")["rating"]["timeliness"],
        5,
        "{}",
        r.body
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/rate"),
                Some(&street),
                &rate("dept.cgzf", 4, false)
            )
            .await
        ),
        "already_rated"
    );
    assert_eq!(
        app.post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &rate("dept.sthj", 4, false)
        )
        .await
        .json()["error"]["fields"][0]["code"],
        "not_summoned"
    );
    assert_eq!(
        app.post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &rate("dept.cgzf", 6, false)
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{no}/rate"),
            Some(&street),
            &rate("dept.cgzf", 3, true),
        )
        .await;
    assert_eq!(
        unit(&r.json(), "dept.cgzf")["rating"]["timeliness"],
        3,
        "changed within seven days"
    );
    app.state.app.clock().set(app.now() + 8 * DAY);
    let street = app.token("street-bajiao").await;
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/whistles/{no}/rate"),
                Some(&street),
                &rate("dept.cgzf", 5, true)
            )
            .await
        ),
        "rating_locked"
    );
    // The whole story is on the timeline and audited.
    let w = app
        .get_api(&format!("/api/v1/whistles/{no}"), Some(&street))
        .await
        .json();
    let events: Vec<&str> = w["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for e in [
        "blown",
        "reported",
        "report_overdue",
        "reported_late",
        "progress",
        "summoned",
        "closed",
        "rated",
        "rating_changed",
    ] {
        assert!(events.contains(&e), "{e} missing from {events:?}");
    }
    assert_eq!(
        app.store().verify_audit(None).await.unwrap().first_break,
        None
    );
    // A community worker whistles to their own street.
    let community = app.token("c-bajiao-02").await;
    let r = app
        .post_json(
            "/api/v1/whistles",
            Some(&community),
            &whistle_body(&["dept.cgw"]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.json()["street_id"],
        app.store()
            .get_unit_by_code("street.bajiao")
            .await
            .unwrap()
            .unit
            .id
            .to_string()
    );
    app.finish().await;
}

async fn the_lists_and_the_district_view_count_reports(app: TestApp) {
    let street = app.token("street-gucheng").await;
    let mut body = whistle_body(&["dept.cgzf"]);
    body["reason"] = json!("enforcement");
    body["report_within_minutes"] = json!(60);
    let no = app
        .post_json("/api/v1/whistles", Some(&street), &body)
        .await
        .json()["whistle_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let board = app
        .get_api("/api/v1/whistles?view=street&narrow=open", Some(&street))
        .await
        .json();
    assert!(
        board["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["whistle_no"] == no.as_str()),
        "{board}"
    );
    let dept = app.token("dept-cgzf").await;
    let summoned = app
        .get_api("/api/v1/whistles?view=summoned", Some(&dept))
        .await
        .json();
    assert_eq!(summoned["total"], 1);
    assert_eq!(
        app.get_api("/api/v1/whistles?view=street", Some(&dept))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "a department has no street board"
    );
    assert_eq!(
        app.get_api("/api/v1/whistles?view=sideways", Some(&dept))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.state.app.clock().set(app.now() + 90 * MINUTE);
    let street = app.token("street-gucheng").await;
    let overdue = app
        .get_api("/api/v1/whistles?view=street&narrow=overdue", Some(&street))
        .await
        .json();
    assert_eq!(overdue["items"][0]["overdue"], 1, "{overdue}");
    let dept = app.token("dept-cgzf").await;
    app.post_json(
        &format!("/api/v1/whistles/{no}/report"),
        Some(&dept),
        &json!({"on_site": false, "action": "电话指导"}),
    )
    .await;
    let today = gongzhi_domain::calendar::local_date(app.now()).to_string();
    let path = format!("/api/v1/whistles/stats?from={today}&to={today}");
    assert_eq!(
        app.get_api(&path, Some(&street)).await.status,
        StatusCode::FORBIDDEN,
        "the district view is the district's"
    );
    let stats = app
        .get_api(&path, Some(&app.token("evaluator").await))
        .await
        .json();
    let cgzf = stats["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "区城市管理综合行政执法局")
        .unwrap();
    // 报到 is coming to the scene: a telephone answer is guidance, counted apart — neither a report (in time or late)
    // nor a minute of the median.
    assert_eq!(
        (
            cgzf["summoned"].as_i64(),
            cgzf["reported_in_time"].as_i64(),
            cgzf["late"].as_i64(),
            cgzf["by_phone"].as_i64(),
            cgzf["missing"].as_i64()
        ),
        (Some(1), Some(0), Some(0), Some(1), Some(0)),
        "{stats}"
    );
    assert!(cgzf["median_report_minutes"].is_null(), "{stats}");
    // A street that closes before a unit's deadline cuts it off: neither late nor missing, then or later.
    let mut early = whistle_body(&["dept.sthj"]);
    early["reason"] = json!("enforcement");
    early["report_within_minutes"] = json!(60);
    let street = app.token("street-gucheng").await;
    let cut = app
        .post_json("/api/v1/whistles", Some(&street), &early)
        .await
        .json()["whistle_no"]
        .as_str()
        .unwrap()
        .to_owned();
    app.state.app.clock().set(app.now() + 35 * MINUTE);
    let street = app.token("street-gucheng").await;
    let r = app
        .post_json(
            &format!("/api/v1/whistles/{cut}/close"),
            Some(&street),
            &json!({"outcome": "已自行处置完毕。", "reason": "问题已解决，无需生态环境局到场"}),
        )
        .await;
    assert_eq!(r.json()["status"], "closed", "{}", r.body);
    app.state.app.clock().set(app.now() + 3 * 60 * MINUTE);
    let evaluator = app.token("evaluator").await;
    let read = app
        .get_api(&format!("/api/v1/whistles/{cut}"), Some(&evaluator))
        .await
        .json();
    assert_eq!(read["units"][0]["status"], "cut_off", "{read}");
    let stats = app.get_api(&path, Some(&evaluator)).await.json();
    let sthj = stats["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "区生态环境局")
        .expect("the cut-off unit is listed");
    assert_eq!(
        (sthj["missing"].as_i64(), sthj["late"].as_i64()),
        (Some(0), Some(0)),
        "{stats}"
    );
    // The pages: the board, the whistle page with the report form for the summoned unit, the district view.
    let page = app
        .get(
            "/staff/whistles",
            Some(&app.login("street-gucheng").await.cookie),
        )
        .await;
    assert!(page.body.contains(&no), "the street's board");
    let page = app
        .get(
            &format!("/staff/whistles/{no}"),
            Some(&app.login("dept-cgzf").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"progress-form\"")
            && !page.body.contains("id=\"close-whistle-form\"")
    );
    assert_eq!(
        app.get(
            "/staff/whistles/district",
            Some(&app.login("dispatcher").await.cookie)
        )
        .await
        .status,
        StatusCode::OK
    );
    // Administrators set a reason's default deadline; the next whistle for it gets it.
    let admin = app.login("admin").await;
    let r = app
        .post_form(
            "/admin/whistle-reasons",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("code", "key_task"),
                ("report_minutes", "5"),
            ],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "at least 10 minutes"
    );
    let r = app
        .post_form(
            "/admin/whistle-reasons",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("code", "key_task"),
                ("report_minutes", "480"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let reasons = app
        .get_api("/api/v1/whistle-reasons", Some(&street))
        .await
        .json();
    assert!(
        reasons
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "key_task" && r["report_minutes"] == 480),
        "{reasons}"
    );
    app.finish().await;
}
