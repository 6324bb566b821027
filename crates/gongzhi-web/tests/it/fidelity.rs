//! The spine's fidelity rules end to end over HTTP, on SQLite and on PostgreSQL: the gazetteer places typed
//! addresses and the dispatcher confirms them; anonymous reports and letters without a phone; co-handlers; exclusion
//! from the assessment by a reviewer; a leader's 批示; the dispatch clock and petition steps chased by the sweeper;
//! lateness charged to whoever held the case; residents' photos.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, hotline_case, sweep_at};

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

fn code_of(reply: &crate::support::Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

on_both_backends!(
    a_typed_address_is_placed_by_the_gazetteer_and_confirmed_by_the_dispatcher,
    anonymous_reports_and_letters_without_a_phone_are_taken,
    co_handlers_see_and_finish_their_task_and_a_district_escalation_keeps_the_unit_on,
    an_exclusion_from_the_assessment_is_a_reviewers_decision,
    the_sweeper_chases_unrouted_cases_and_late_petition_steps_once,
    lateness_is_charged_to_whoever_held_the_case_when_it_fell_due,
    residents_attach_photos_when_they_submit,
    a_case_dispatched_late_is_not_late_for_the_unit_that_gets_it,
);

/// Issue 26, item 4: the unit answers for the time it held the case. A resident's case waited in the dispatcher's
/// queue past the 12 hours K04 gives for contact; the community that then got it has its 12 hours from the dispatch,
/// contacts within them, and its closing counts as contacted in time.
async fn a_case_dispatched_late_is_not_late_for_the_unit_that_gets_it(app: TestApp) {
    let body = json!({"kind": "complaint", "title": "垃圾未清运", "description": "楼下垃圾三天没人清运。", "address": "八角街道八角北路12号", "name": "赵先生", "phone": "13700137001"});
    let filed = app.post_json("/api/v1/cases", None, &body).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let no = filed.json()["case_no"].as_str().unwrap().to_owned();
    // A day and a half in the queue.
    let dispatched = app.now() + 36 * HOUR;
    app.state.app.clock().set(dispatched);
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .act(&dispatcher, &no, "route", json!({"category": "K04"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let contact_due = r.json()["contact_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    // The test clock runs on from where it was set: the dispatch is within a second of it.
    let from_dispatch = contact_due - dispatched;
    assert!(
        (12 * HOUR..12 * HOUR + 5_000).contains(&from_dispatch),
        "{from_dispatch} {}",
        r.body
    );
    // Contacted eleven hours after the dispatch (a day and more after the call), then closed.
    app.state.app.clock().set(dispatched + 11 * HOUR);
    let agent = crate::assessment::agent_of(&app, &no).await;
    let token = app.token(&agent).await;
    app.act(&token, &no, "accept", json!({})).await;
    app.act(&token, &no, "contact", json!({})).await;
    let r = app
        .act(
            &token,
            &no,
            "close",
            json!({"outcome": "resolved", "note": "已清运"}),
        )
        .await;
    assert_eq!(r.json()["status"], "closed", "{}", r.body);
    let closing = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    assert!(
        closing.contacted_at.unwrap() <= closing.contact_due_at.unwrap(),
        "contacted within the unit's own 12 hours"
    );
    let rows = app
        .store()
        .assessment_closings(
            gongzhi_domain::assessment::Month::of(dispatched + 11 * HOUR),
            gongzhi_store::assessment::Source::Live,
            &gongzhi_store::assessment::ClosingFilter {
                units: vec![closing.accountable_unit_id.unwrap()],
                ..Default::default()
            },
            gongzhi_store::PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    let mine = rows
        .items
        .iter()
        .find(|c| c.case_no.to_string() == no)
        .expect("its closing is counted");
    assert!(
        mine.contacted_in_time,
        "not charged as late to the community"
    );
}

async fn staff_case(app: &TestApp, token: &str, no: &str) -> Value {
    app.get_api(&format!("/api/v1/cases/{no}"), Some(token))
        .await
        .json()
}

async fn a_typed_address_is_placed_by_the_gazetteer_and_confirmed_by_the_dispatcher(app: TestApp) {
    let body = json!({"kind": "complaint", "title": "楼道堆物", "description": "楼道里堆满了杂物。", "address": "石景山区 古城南路东 3号楼", "name": "钱女士", "phone": "13700137000"});
    let r = app.post_json("/api/v1/cases", None, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    let case = staff_case(&app, &dispatcher, &no).await;
    let community = app
        .store()
        .list_units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.unit.name == "古城南路东社区")
        .unwrap()
        .unit;
    assert_eq!(
        (
            case["community_id"].as_str(),
            case["place_guessed"].as_bool()
        ),
        (Some(community.id.to_string().as_str()), Some(true)),
        "the longest name wins: {case}"
    );
    // The dispatcher routes by hand and sets the place: no longer a guess.
    let other = app
        .store()
        .get_unit_by_code("street.gucheng.c01")
        .await
        .unwrap()
        .unit;
    let r = app
        .act(
            &dispatcher,
            &no,
            "route",
            json!({"category": "K04", "community": other.id.to_string()}),
        )
        .await;
    let routed = r.json();
    assert_eq!(
        (
            routed["community_id"].as_str(),
            routed["place_guessed"].as_bool()
        ),
        (Some(other.id.to_string().as_str()), Some(false)),
        "{}",
        r.body
    );
    assert_eq!(
        routed["accountable_unit"]["name"],
        other.name.as_str(),
        "routed to the community the dispatcher set"
    );
    let street = app
        .store()
        .get_unit_by_code("street.gucheng")
        .await
        .unwrap()
        .unit
        .id;
    let r = app
        .act(
            &dispatcher,
            &no,
            "route",
            json!({"category": "K04", "community": street.to_string()}),
        )
        .await;
    assert_eq!(r.json()["error"]["fields"][0]["code"], "not_a_community");
    // An address the gazetteer does not know stays for the dispatcher, with no place.
    let unknown = json!({"kind": "help", "title": "求助", "description": "需要帮助。", "address": "海淀区中关村大街1号", "name": "钱女士", "phone": "13700137000"});
    let no2 = app.post_json("/api/v1/cases", None, &unknown).await.json()["case_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = staff_case(&app, &dispatcher, &no2).await;
    assert_eq!(
        (
            case["community_id"].as_str(),
            case["place_guessed"].as_bool()
        ),
        (None, Some(false))
    );
    // Administrators edit the gazetteer; a new name places at once on this server.
    let admin = app.login("admin").await;
    let page = app.get("/admin/gazetteer", Some(&admin.cookie)).await;
    assert!(
        page.body.contains("古城南路东") && page.body.contains("石景山游乐园"),
        "the demo gazetteer ships"
    );
    let form = |name: &'static str, community: String| {
        vec![
            ("csrf".to_owned(), admin.csrf.clone()),
            ("name".into(), name.into()),
            ("kind".into(), "estate".into()),
            ("community".into(), community),
        ]
    };
    let post = |fields: Vec<(String, String)>| {
        let app = &app;
        let cookie = admin.cookie.clone();
        async move {
            let f: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form("/admin/gazetteer", Some(&cookie), &f).await
        }
    };
    assert_eq!(
        post(form("古城南路东", community.id.to_string()))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a name is listed once"
    );
    assert_eq!(
        post(form("路", community.id.to_string())).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "one character would match everywhere"
    );
    assert_eq!(
        post(form("金顶新苑", street.to_string())).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "names lie in communities"
    );
    assert_eq!(
        post(form("金顶新苑", other.id.to_string())).await.status,
        StatusCode::SEE_OTHER
    );
    let placed = json!({"kind": "help", "title": "求助", "description": "需要帮助。", "address": "金顶新苑2号楼", "name": "钱女士", "phone": "13700137000"});
    let no3 = app.post_json("/api/v1/cases", None, &placed).await.json()["case_no"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        staff_case(&app, &dispatcher, &no3).await["community_id"].as_str(),
        Some(other.id.to_string().as_str())
    );
    assert_eq!(
        app.get(
            "/admin/gazetteer",
            Some(&app.login("dispatcher").await.cookie)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

async fn anonymous_reports_and_letters_without_a_phone_are_taken(app: TestApp) {
    let report = json!({"kind": "report", "anonymous": true, "title": "举报无证经营", "description": "路口有人无证卖熟食。", "address": "八角北路", "lat": 39.916, "lon": 116.196});
    let r = app.post_json("/api/v1/cases", None, &report).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let mut named = report.clone();
    named["name"] = json!("李先生");
    assert_eq!(
        app.post_json("/api/v1/cases", None, &named).await.status,
        StatusCode::CREATED,
        "a name without a phone is fine when anonymous is set: it is dropped"
    );
    let dispatcher = app.token("dispatcher").await;
    let case = staff_case(&app, &dispatcher, &no).await;
    assert_eq!(
        (
            case["anonymous"].as_bool(),
            case["confidential"].as_bool(),
            case["phone"].as_str(),
            case["resident_name"].as_str()
        ),
        (Some(true), Some(true), Some(""), Some("")),
        "{case}"
    );
    // Nobody to contact: the unit closes without a contact.
    app.act(&dispatcher, &no, "route", json!({"category": "G02"}))
        .await;
    let agent = app.token("dept-scjg").await;
    app.act(&agent, &no, "accept", json!({})).await;
    let r = app
        .act(
            &agent,
            &no,
            "close",
            json!({"outcome": "resolved", "note": "已查处"}),
        )
        .await;
    assert_eq!(r.json()["status"], "closed", "{}", r.body);
    assert_eq!(
        code_of(
            &app.act(
                &dispatcher,
                &no,
                "callback",
                json!({"resolved": true, "satisfaction": "satisfied"})
            )
            .await
        ),
        "no_phone",
        "nobody to call back"
    );
    // A letter without a phone, registered by intake.
    let intake = app.token("intake").await;
    let letter = json!({"kind": "complaint", "channel": "letter", "title": "来信反映", "description": "来信反映路灯不亮。", "address": "鲁谷路", "name": "王大爷"});
    assert_eq!(
        app.post_json("/api/v1/cases", Some(&intake), &letter)
            .await
            .status,
        StatusCode::CREATED
    );
    let mut by_hotline = letter.clone();
    by_hotline["channel"] = json!("hotline");
    let r = app
        .post_json("/api/v1/cases", Some(&intake), &by_hotline)
        .await;
    assert_eq!(
        (r.status, r.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("phone"))
    );
    app.finish().await;
}

async fn co_handlers_see_and_finish_their_task_and_a_district_escalation_keeps_the_unit_on(
    app: TestApp,
) {
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "C01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    let street = app.token("street-bajiao").await;
    let dept = app.token("dept-cgzf").await;
    let unrelated = app.token("dept-yb").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{no}"), Some(&dept))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "not theirs yet"
    );
    let cgzf = app
        .store()
        .get_unit_by_code("dept.cgzf")
        .await
        .unwrap()
        .unit
        .id
        .to_string();
    assert_eq!(
        code_of(
            &app.act(
                &dept,
                &no,
                "add_cohandler",
                json!({"unit": cgzf, "task": "x"})
            )
            .await
        ),
        "not_found"
    );
    let r = app
        .act(
            &street,
            &no,
            "add_cohandler",
            json!({"unit": cgzf, "task": "配合拆除违建"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        code_of(
            &app.act(
                &street,
                &no,
                "add_cohandler",
                json!({"unit": cgzf, "task": "again"})
            )
            .await
        ),
        "already_on_case"
    );
    let inbox = app.get_api("/api/v1/inbox", Some(&dept)).await.json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "cohandler_added" && n["case_no"] == no.as_str()),
        "{inbox}"
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{no}"), Some(&dept))
            .await
            .status,
        StatusCode::OK,
        "a co-handler sees the case"
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{no}"), Some(&unrelated))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        code_of(
            &app.act(
                &dept,
                &no,
                "close",
                json!({"outcome": "resolved", "note": "x"})
            )
            .await
        ),
        "not_your_case",
        "one agent stays accountable"
    );
    assert_eq!(
        code_of(
            &app.act(&unrelated, &no, "finish_cohandling", json!({"note": "x"}))
                .await
        ),
        "not_found"
    );
    let r = app
        .act(
            &dept,
            &no,
            "finish_cohandling",
            json!({"note": "已配合拆除"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        code_of(
            &app.act(&dept, &no, "finish_cohandling", json!({"note": "again"}))
                .await
        ),
        "not_co_handler"
    );
    let page = app
        .get(
            &format!("/staff/cases/{no}"),
            Some(&app.login("street-bajiao").await.cookie),
        )
        .await;
    assert!(page.body.contains("id=\"cohandlers\"") && page.body.contains("已配合拆除"));
    // Up to a district leader: the street stays on as co-handler.
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .act(
            &dispatcher,
            &no,
            "escalate",
            json!({"reason": "需区领导协调"}),
        )
        .await;
    assert_eq!(r.json()["tier"], "district", "{}", r.body);
    let stored = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let cohandlers: Vec<String> = app
        .store()
        .cohandlers(stored.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.unit_name)
        .collect();
    assert!(
        cohandlers.contains(&"八角街道".to_owned()),
        "{cohandlers:?}"
    );
    assert_eq!(
        app.get_api(
            &format!("/api/v1/cases/{no}"),
            Some(&app.token("street-bajiao-2").await)
        )
        .await
        .status,
        StatusCode::OK
    );
    // 批示: leaders only.
    assert_eq!(
        code_of(
            &app.act(&street, &no, "instruct", json!({"text": "x"}))
                .await
        ),
        "leaders_only"
    );
    let r = app
        .act(
            &app.token("leader").await,
            &no,
            "instruct",
            json!({"text": "请城管执法局牵头，本周内拆除。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let timeline = staff_case(&app, &dispatcher, &no).await["timeline"].clone();
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "instructed" && e["public"] == false)
    );
    app.finish().await;
}

async fn an_exclusion_from_the_assessment_is_a_reviewers_decision(app: TestApp) {
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "D02", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    let dept = app.token("dept-zjw").await;
    app.act(&dept, &no, "accept", json!({})).await;
    assert_eq!(
        code_of(
            &app.act(&dept, &no, "request_exclusion", json!({"reason": "x"}))
                .await
        ),
        "no_contact"
    );
    app.act(&dept, &no, "contact", json!({})).await;
    assert_eq!(
        code_of(
            &app.act(
                &dept,
                &no,
                "close",
                json!({"outcome": "excluded", "note": "x"})
            )
            .await
        ),
        "validation_failed",
        "not an agent's outcome"
    );
    let r = app
        .act(
            &dept,
            &no,
            "request_exclusion",
            json!({"reason": "要求退还十年物业费，无任何依据，多次解释仍坚持"}),
        )
        .await;
    assert_eq!(r.json()["request_pending"], "exclusion", "{}", r.body);
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .act(&dispatcher, &no, "approve_exclusion", json!({"note": "x"}))
        .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::FORBIDDEN, "reviewers_only".into())
    );
    assert_eq!(
        code_of(
            &app.act(&dispatcher, &no, "reject_request", json!({"note": "x"}))
                .await
        ),
        "reviewers_only"
    );
    let evaluator_page = app.login("evaluator").await;
    assert!(
        app.get("/staff/cases?view=requests", Some(&evaluator_page.cookie))
            .await
            .body
            .contains(&no)
    );
    let r = app
        .act(
            &app.token("evaluator").await,
            &no,
            "approve_exclusion",
            json!({"note": "经审核属无理诉求，不纳入考核"}),
        )
        .await;
    assert_eq!(
        (r.json()["status"].as_str(), r.json()["outcome"].as_str()),
        (Some("closed"), Some("excluded")),
        "{}",
        r.body
    );
    app.finish().await;
}

async fn the_sweeper_chases_unrouted_cases_and_late_petition_steps_once(app: TestApp) {
    // A web submission waits for a dispatcher: two hours later every dispatcher is told, once.
    let body = json!({"kind": "help", "title": "求助", "description": "需要帮助。", "address": "海淀区某处", "name": "钱女士", "phone": "13700137000"});
    let received = app.now();
    let no = app.post_json("/api/v1/cases", None, &body).await.json()["case_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let report = sweep_at(&app.state, received + HOUR).await.unwrap();
    assert_eq!(report.dispatch_late, 0, "within the dispatch clock");
    let report = sweep_at(&app.state, received + 2 * HOUR + 60_000)
        .await
        .unwrap();
    assert_eq!(report.dispatch_late, 1);
    assert_eq!(
        sweep_at(&app.state, received + 3 * HOUR)
            .await
            .unwrap()
            .dispatch_late,
        0,
        "once"
    );
    let inbox = app
        .get_api("/api/v1/inbox", Some(&app.token("dispatcher").await))
        .await
        .json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "dispatch_late" && n["case_no"] == no.as_str()),
        "{inbox}"
    );
    // A petition's step past its deadline is chased to the agent (and the unit's heads), once.
    let intake = app.token("intake").await;
    let petition = hotline_case(
        &app,
        &intake,
        "D05",
        "street.laoshan.c01",
        json!({"kind": "petition"}),
    )
    .await;
    let pno = petition["case_no"].as_str().unwrap().to_owned();
    let dept = app.token("dept-zjw").await;
    app.act(&dept, &pno, "accept", json!({})).await;
    let accepted_at = app.now();
    assert_eq!(
        sweep_at(&app.state, accepted_at + 29 * DAY)
            .await
            .unwrap()
            .steps_late,
        0
    );
    assert_eq!(
        sweep_at(&app.state, accepted_at + 32 * DAY)
            .await
            .unwrap()
            .steps_late,
        1,
        "step two (investigate) was due in 30 days"
    );
    assert_eq!(
        sweep_at(&app.state, accepted_at + 32 * DAY + HOUR)
            .await
            .unwrap()
            .steps_late,
        0,
        "once per step"
    );
    // (A month later the morning's session has expired: sign in again.)
    let inbox = app
        .get_api("/api/v1/inbox", Some(&app.token("dept-zjw").await))
        .await
        .json();
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "step_late" && n["case_no"] == pno.as_str()),
        "{inbox}"
    );
    app.finish().await;
}

async fn lateness_is_charged_to_whoever_held_the_case_when_it_fell_due(app: TestApp) {
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    let due = case["handle_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    // The community let it fall due; the dispatcher then moved it up to the street, which closed it.
    app.state.app.clock().set(due + DAY);
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .act(
            &dispatcher,
            &no,
            "escalate",
            json!({"reason": "社区超期未办"}),
        )
        .await;
    assert_eq!(r.json()["tier"], "street", "{}", r.body);
    let street = app.token("street-bajiao").await;
    app.act(&street, &no, "accept", json!({})).await;
    app.act(&street, &no, "contact", json!({})).await;
    app.act(
        &street,
        &no,
        "close",
        json!({"outcome": "resolved", "note": "已清运"}),
    )
    .await;
    let community = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit
        .id;
    let street_unit = app
        .store()
        .get_unit_by_code("street.bajiao")
        .await
        .unwrap()
        .unit
        .id;
    let stored = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let holds = app.store().case_holds(stored.id).await.unwrap();
    assert_eq!(holds.len(), 2, "{holds:?}");
    assert_eq!(
        (
            holds[0].unit_id,
            holds[0].to_at.is_some(),
            holds[1].unit_id,
            holds[1].to_at
        ),
        (Some(community), true, Some(street_unit), None)
    );
    let holder = app
        .store()
        .holder_at(stored.id, due)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(holder.unit_id, Some(community));
    // The escalation gave the street a fresh deadline it met; the community's lateness is the community's.
    assert_eq!(
        holds[0].due_at,
        Some(due),
        "the community's holding ended with the deadline it had"
    );
    let now = app.now();
    let late_for = |u| {
        let s = app.store().clone();
        async move { s.late_charged_to(u, 0, i64::MAX, now).await.unwrap() }
    };
    assert_eq!(
        late_for(community).await,
        1,
        "the community held it when it fell due"
    );
    assert_eq!(
        late_for(street_unit).await,
        0,
        "the street met its own, fresh deadline"
    );
    let page = app
        .get(
            &format!("/staff/cases/{no}"),
            Some(&app.login("dispatcher").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"holds\""),
        "the handover record is on the case page"
    );
    app.finish().await;
}

async fn residents_attach_photos_when_they_submit(app: TestApp) {
    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[0u8; 64],
    ]
    .concat();
    let fields = [
        ("kind", "complaint"),
        ("title", "井盖破损"),
        ("description", "路口井盖破了一个洞。"),
        ("address", "八角北路"),
        ("lat", "39.916"),
        ("lon", "116.196"),
        ("name", "孙先生"),
        ("phone", "13600136000"),
    ];
    let count = || async {
        app.store()
            .list_cases(
                &gongzhi_store::cases::CaseFilter::new(
                    gongzhi_domain::org::Scope::District,
                    app.now(),
                ),
                gongzhi_store::PageRequest::new(1, 1),
            )
            .await
            .unwrap()
            .total
    };
    let before = count().await;
    // Not an image: refused by content, nothing stored.
    let (ct, body) = crate::support::multipart(
        &fields,
        &[("photos", "photo.png", b"<html>not an image</html>")],
    );
    let r = app.post_raw("/submit", None, &ct, body, "10.0.0.9").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("data-field=\"photos\""));
    let (ct, body) = crate::support::multipart(
        &fields,
        &[
            ("photos", "a.png", &png),
            ("photos", "b.png", &png),
            ("photos", "c.png", &png),
            ("photos", "d.png", &png),
        ],
    );
    assert_eq!(
        app.post_raw("/submit", None, &ct, body, "10.0.0.9")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "at most three"
    );
    assert_eq!(count().await, before, "nothing half-stored");
    let (ct, body) = crate::support::multipart(
        &fields,
        &[("photos", "井盖.png", &png), ("photos", "", b"")],
    );
    let r = app.post_raw("/submit", None, &ct, body, "10.0.0.9").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(r.location(), None).await;
    let no = r
        .body
        .split("id=\"case-no\">")
        .nth(1)
        .and_then(|s| s.get(..14))
        .expect("the case number on the page")
        .to_owned();
    let tracked = app
        .get_api(
            &format!("/api/v1/track?case_no={no}&phone_last4=6000"),
            None,
        )
        .await
        .json();
    let files = tracked["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{tracked}");
    assert_eq!(files[0]["filename"], "井盖.png");
    let download = app
        .get(
            &format!(
                "/track/attachments/{}?case_no={no}&phone_last4=6000",
                files[0]["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    app.finish().await;
}
