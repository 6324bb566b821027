//! Disputes over HTTP, on both databases: a neighbour dispute filed without an account, evaluated, mediated by the
//! street's committee, agreed and confirmed by the court; a respondent who declines and a suit; an application for
//! confirmation after 30 days refused; the respondent's silence ended by the sweeper; a complaint turned into a
//! dispute; bad input refused with nothing stored.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Reply, TestApp, sweep_at};

const DAY: i64 = 86_400_000;

fn code_of(reply: &Reply) -> String {
    reply.json()["error"]["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

fn field_codes(reply: &Reply) -> Vec<(String, String)> {
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

fn neighbour() -> serde_json::Value {
    json!({
        "type": "neighbour",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "王女士", "phone": "13911112222"},
            {"role": "respondent", "kind": "person", "name": "楼上住户赵先生", "phone": "13833334444"}
        ],
        "amount": "3500.00",
        "address": "八角街道八角北路12号院3号楼",
        "lat": 39.9160, "lon": 116.1960,
        "facts": "我是王女士，住12号院3号楼。楼上赵先生家卫生间漏水，我家天花板和墙面受损，多次协商未果。电话13911112222。",
        "claims": "对方修好防水并赔偿修缮费3500元。"
    })
}

/// The id of the demo mediator with this display name, and their organisation's street.
async fn mediator(app: &TestApp, name: &str) -> (String, Option<String>) {
    let list = app.get_api("/api/v1/mediators", None).await.json();
    let m = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("{name} is listed"));
    (
        m["id"].as_str().unwrap().to_owned(),
        m["street_id"].as_str().map(String::from),
    )
}

async fn step(app: &TestApp, token: &str, no: &str, name: &str, body: serde_json::Value) -> Reply {
    app.post_json(&format!("/api/v1/disputes/{no}/{name}"), Some(token), &body)
        .await
}

/// Files the neighbour dispute publicly and takes it through evaluation to the bajiao committee's mediator, who has
/// the respondent's consent: answers the case number.
async fn mediating(app: &TestApp) -> String {
    let r = app.post_json("/api/v1/disputes", None, &neighbour()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    let r = step(
        app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low"}),
    )
    .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["channel"].as_str()),
        (Some("evaluated"), Some("peoples")),
        "{}",
        r.body
    );
    let (id, _) = mediator(app, "人民调解员 郭建华").await;
    let r = step(
        app,
        &dispatcher,
        &no,
        "mediation",
        json!({"mediator_id": id}),
    )
    .await;
    assert_eq!(r.json()["stage"], "awaiting_consent", "{}", r.body);
    let r = step(
        app,
        &app.token("mediator").await,
        &no,
        "consent",
        json!({"agrees": true, "note": "电话告知，对方同意调解"}),
    )
    .await;
    assert_eq!(r.json()["stage"], "mediating", "{}", r.body);
    no
}

on_both_backends!(
    a_neighbour_dispute_goes_from_filing_to_a_confirmed_agreement,
    a_respondent_who_declines_leads_to_the_court,
    confirmation_after_thirty_days_is_refused_and_silence_ends_mediation,
    a_complaint_becomes_a_dispute_and_bad_input_stores_nothing,
);

async fn a_neighbour_dispute_goes_from_filing_to_a_confirmed_agreement(app: TestApp) {
    let r = app.post_json("/api/v1/disputes", None, &neighbour()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    // The applicant tracks it like any case.
    let tracked = app
        .get_api(
            &format!("/api/v1/track?case_no={no}&phone_last4=2222"),
            None,
        )
        .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.body);
    assert_eq!(tracked.json()["kind"], "dispute");
    let dispatcher = app.token("dispatcher").await;
    let read = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&dispatcher))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let d = read.json();
    assert_eq!(
        (
            d["stage"].as_str(),
            d["amount"].as_str(),
            d["type"].as_str()
        ),
        (Some("filed"), Some("3500.00"), Some("neighbour"))
    );
    // The mediator of another street and the court do not see it yet.
    let other = app.token("mediator-gucheng-1").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/disputes/{no}"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let court = app.token("court").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/disputes/{no}"), Some(&court))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Evaluation: a different channel needs a reason; the recommendation is people's mediation.
    let r = step(
        &app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low", "channel": "lawyer"}),
    )
    .await;
    assert_eq!(
        field_codes(&r),
        [("reason".to_owned(), "reason_required".to_owned())],
        "{}",
        r.body
    );
    let r = step(
        &app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low", "risks": ["repeated"]}),
    )
    .await;
    assert_eq!(
        (
            r.json()["recommended"].as_str(),
            r.json()["channel"].as_str()
        ),
        (Some("peoples"), Some("peoples")),
        "{}",
        r.body
    );

    // The proposal puts the street's own committee first; a medical body is not proposed for a neighbour dispute.
    let p = app
        .get_api(
            &format!("/api/v1/disputes/{no}/proposals"),
            Some(&dispatcher),
        )
        .await
        .json();
    let items = p["items"].as_array().unwrap();
    assert!(
        items[0]["mediator"]["org"]
            .as_str()
            .unwrap()
            .contains("八角街道人民调解委员会"),
        "{p}"
    );
    assert!(
        items
            .iter()
            .all(|i| !i["mediator"]["org"].as_str().unwrap().contains("医疗"))
    );
    let medical_list = app
        .get_api("/api/v1/mediators?type=medical", None)
        .await
        .json();
    let medical = medical_list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["category"] == "professional")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        field_codes(
            &step(
                &app,
                &dispatcher,
                &no,
                "mediation",
                json!({"mediator_id": medical})
            )
            .await
        ),
        [("mediator_id".to_owned(), "mediator_unsuitable".to_owned())]
    );
    let (id, _) = mediator(&app, "人民调解员 郭建华").await;
    let r = step(
        &app,
        &dispatcher,
        &no,
        "mediation",
        json!({"mediator_id": id}),
    )
    .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["chosen_by"].as_str()),
        (Some("awaiting_consent"), Some("applicant")),
        "{}",
        r.body
    );
    // The case left the dispatcher's queue: in hand, with the mediator as its agent (issue 25, item 4).
    let case = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(case["status"], "in_progress", "{case}");
    let queue = app
        .get_api(
            "/api/v1/cases?status=received&per_page=100",
            Some(&dispatcher),
        )
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(
        queue.json()["items"].is_array() && !queue.body.contains(&no),
        "{}",
        queue.body
    );
    let mediator_token = app.token("mediator").await;
    // The mediator sees the dispute, with the parties' phones, and has it in the inbox.
    let seen = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&mediator_token))
        .await;
    assert_eq!(
        seen.json()["parties"][1]["phone"],
        "13833334444",
        "{}",
        seen.body
    );
    assert!(
        app.get_api("/api/v1/inbox", Some(&mediator_token))
            .await
            .body
            .contains("dispute_assigned")
    );
    // Only the mediator schedules; nothing before consent.
    let at = jiff::Timestamp::from_millisecond(app.now() + 2 * DAY)
        .unwrap()
        .to_string();
    assert_eq!(code_of(&step(&app, &mediator_token, &no, "sessions", json!({"scheduled_at": at, "mode": "video", "video_link": "https://meet.example.cn/x"})).await), "wrong_stage");
    let consented_at = app.now();
    let r = step(
        &app,
        &mediator_token,
        &no,
        "consent",
        json!({"agrees": true}),
    )
    .await;
    assert_eq!(r.json()["stage"], "mediating", "{}", r.body);
    let due = r.json()["mediation_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert_eq!(
        due,
        gongzhi_domain::calendar::Calendar::shipped().days_after(consented_at, 30),
        "people's mediation: to the end of the 30th day from consent (the district's setting), past a holiday"
    );
    let case = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(
        case["handle_due_at"],
        r.json()["mediation_due_at"],
        "the case follows the mediation's deadline"
    );

    assert_eq!(code_of(&step(&app, &other, &no, "sessions", json!({"scheduled_at": at, "mode": "video", "video_link": "https://meet.example.cn/x"})).await), "not_found");
    let r = step(
        &app,
        &mediator_token,
        &no,
        "sessions",
        json!({"scheduled_at": at, "mode": "video"}),
    )
    .await;
    assert_eq!(
        field_codes(&r),
        [("video_link".to_owned(), "required".to_owned())]
    );
    let r = step(
        &app,
        &mediator_token,
        &no,
        "sessions",
        json!({"scheduled_at": at, "mode": "video", "video_link": "https://meet.example.cn/x"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let session = r.json()["sessions"][0]["id"].as_str().unwrap().to_owned();
    let r = app
        .post_json(&format!("/api/v1/disputes/{no}/sessions/{session}/minutes"), Some(&mediator_token), &json!({"minutes": "双方陈述，对方承认漏水。", "private_applicant": "申请人可接受3000元", "private_respondent": "被申请人愿意修防水"}))
        .await;
    assert_eq!(
        r.json()["sessions"][0]["private_applicant"],
        "申请人可接受3000元",
        "{}",
        r.body
    );
    let as_dispatcher = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(
        as_dispatcher["sessions"][0]["minutes"],
        "双方陈述，对方承认漏水。"
    );
    assert!(
        as_dispatcher["sessions"][0]["private_applicant"].is_null(),
        "private notes are the mediator's alone"
    );
    let timeline = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .body;
    assert!(
        !timeline.contains("申请人可接受3000元"),
        "private notes never reach the case's timeline"
    );

    // Agreement, then judicial confirmation by the court within its days.
    assert_eq!(
        field_codes(
            &step(
                &app,
                &mediator_token,
                &no,
                "agreement",
                json!({"terms": [{"text": "赔偿", "amount": "12.345"}]})
            )
            .await
        ),
        [("terms[0].amount".to_owned(), "not_money".to_owned())]
    );
    let r = step(&app, &mediator_token, &no, "agreement", json!({"terms": [{"text": "赵先生于12月31日前修复卫生间防水", "due_date": "2026-12-31"}, {"text": "赵先生赔偿王女士修缮费", "amount": "3000", "due_date": "2026-12-15"}], "text": "双方自愿达成如下协议。"})).await;
    assert_eq!(
        (
            r.json()["stage"].as_str(),
            r.json()["terms"][1]["amount"].as_str()
        ),
        (Some("agreed"), Some("3000.00")),
        "{}",
        r.body
    );
    // 人民调解法 art. 29: in effect when both parties have signed; art. 33: both apply.
    let apply = |party: &'static str| {
        let (app, token, no) = (&app, mediator_token.clone(), no.clone());
        async move {
            step(
                app,
                &token,
                &no,
                "confirmation",
                json!({"step": "apply", "party": party}),
            )
            .await
        }
    };
    assert_eq!(
        code_of(&apply("applicant").await),
        "agreement_not_effective"
    );
    let sign = |party: &'static str| {
        let (app, token, no) = (&app, mediator_token.clone(), no.clone());
        async move { step(app, &token, &no, "signature", json!({"party": party})).await }
    };
    let r = sign("applicant").await;
    assert!(
        r.json()["effective_at"].is_null(),
        "one signature: {}",
        r.body
    );
    assert_eq!(code_of(&sign("applicant").await), "already_done");
    let r = sign("respondent").await;
    assert!(r.json()["effective_at"].is_string(), "{}", r.body);
    assert!(r.json()["confirmation_due_at"].is_string(), "{}", r.body);
    assert_eq!(
        code_of(
            &step(
                &app,
                &mediator_token,
                &no,
                "confirmation",
                json!({"step": "apply"})
            )
            .await
        ),
        "not_a_party"
    );
    let r = apply("applicant").await;
    assert_eq!(
        (
            r.json()["stage"].as_str(),
            r.json()["applied_by_applicant_at"].is_string()
        ),
        (Some("agreed"), true),
        "one party alone has not applied jointly: {}",
        r.body
    );
    let r = apply("respondent").await;
    assert_eq!(r.json()["stage"], "confirmation_applied", "{}", r.body);
    assert_eq!(
        code_of(
            &step(
                &app,
                &mediator_token,
                &no,
                "confirmation",
                json!({"step": "accept"})
            )
            .await
        ),
        "court_only"
    );
    let court = app.token("court").await;
    let at_court = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&court))
        .await;
    assert_eq!(
        at_court.status,
        StatusCode::OK,
        "the court sees what reached it"
    );
    assert_eq!(
        at_court.json()["parties"][1]["phone"],
        "138****4444",
        "the court does not call parties: masked"
    );
    let r = step(&app, &court, &no, "confirmation", json!({"step": "accept"})).await;
    assert_eq!(r.json()["stage"], "confirmation_accepted", "{}", r.body);
    assert_eq!(
        step(
            &app,
            &court,
            &no,
            "confirmation",
            json!({"step": "extend", "note": "院长批准延长"})
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        code_of(&step(&app, &court, &no, "confirmation", json!({"step": "extend"})).await),
        "ruling_extension_used"
    );
    let r = step(
        &app,
        &court,
        &no,
        "confirmation",
        json!({"step": "confirm", "note": "裁定确认调解协议有效"}),
    )
    .await;
    assert_eq!(r.json()["stage"], "confirmed", "{}", r.body);
    // The resident's tracking follows the mediation: the case closed when the agreement was reached, resolved, and
    // the stage shows the court's confirmation.
    let tracked = app
        .get_api(
            &format!("/api/v1/track?case_no={no}&phone_last4=2222"),
            None,
        )
        .await
        .json();
    assert_eq!(
        (
            tracked["status"].as_str(),
            tracked["dispute_stage"].as_str()
        ),
        (Some("closed"), Some("confirmed")),
        "{tracked}"
    );
    let page = app
        .get(&format!("/track?case_no={no}&phone_last4=2222"), None)
        .await;
    assert!(
        page.body.contains("data-stage=\"confirmed\"") && !page.body.contains("待派单"),
        "{}",
        page.body
    );
    // One history: the case's timeline carries the dispute's steps.
    let case = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .json();
    let events: Vec<&str> = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    for e in [
        "submitted",
        "dispute_evaluated",
        "dispute_mediator",
        "dispute_consented",
        "dispute_session",
        "dispute_minutes",
        "dispute_agreed",
        "confirmation_applied",
        "confirmation_accepted",
        "confirmation_confirmed",
    ] {
        assert!(events.contains(&e), "{e} in {events:?}");
    }
    // The applicant follows it and rates the mediator once.
    let tracked = app
        .get(&format!("/track?case_no={no}&phone_last4=2222"), None)
        .await;
    assert!(
        tracked.body.contains("id=\"track-dispute\"")
            && tracked.body.contains("id=\"rate-mediator-form\""),
        "{}",
        tracked.body
    );
    let r = app
        .post_form(
            "/track/dispute-rate",
            None,
            &[("case_no", &no), ("phone_last4", "2222"), ("stars", "4")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.post_form(
            "/track/dispute-rate",
            None,
            &[("case_no", &no), ("phone_last4", "2222"), ("stars", "5")]
        )
        .await
        .status,
        StatusCode::CONFLICT,
        "once"
    );
    assert_eq!(
        app.post_form(
            "/track/dispute-rate",
            None,
            &[("case_no", &no), ("phone_last4", "0000"), ("stars", "5")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "only the party"
    );
    // The mediator's record counts the agreement and the rating.
    let list = app
        .get_api("/api/v1/mediators?type=neighbour", None)
        .await
        .json();
    let me = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "人民调解员 郭建华")
        .unwrap()
        .clone();
    assert_eq!(
        (
            me["ended"].as_i64(),
            me["settled"].as_i64(),
            me["load"].as_i64(),
            me["rating_x100"].as_i64()
        ),
        (Some(1), Some(1), Some(0), Some(400)),
        "{me}"
    );
    // 人民调解法 art. 31: the mediator follows up the agreement's performance, term by term. On 5 January 2027 both
    // days (31 and 15 December) have passed.
    let jan5 = "2027-01-05T10:00:00+08:00"
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    app.state.app.clock().set(jan5);
    // Sessions do not last a month: sign in again.
    let (mediator_token, dispatcher) = (app.token("mediator").await, app.token("dispatcher").await);
    let read = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&mediator_token))
        .await
        .json();
    assert_eq!(
        (
            read["performance"][0]["overdue"].as_bool(),
            read["performance"][1]["overdue"].as_bool()
        ),
        (Some(true), Some(true)),
        "{read}"
    );
    assert_eq!(
        code_of(
            &step(
                &app,
                &mediator_token,
                &no,
                "performance",
                json!({"term": 2, "performed": true})
            )
            .await
        ),
        "no_such_term"
    );
    let r = step(
        &app,
        &mediator_token,
        &no,
        "performance",
        json!({"term": 1, "performed": false, "note": "被申请人称月底前付清"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.json()["performance"][1]["followed_up_at"].is_string()
            && r.json()["performance"][1]["overdue"] == true,
        "{}",
        r.body
    );
    for term in [1, 0] {
        let r = step(
            &app,
            &mediator_token,
            &no,
            "performance",
            json!({"term": term, "performed": true}),
        )
        .await;
        assert_eq!(
            r.json()["performance"][term]["overdue"],
            false,
            "{}",
            r.body
        );
    }
    assert_eq!(
        code_of(
            &step(
                &app,
                &mediator_token,
                &no,
                "performance",
                json!({"term": 0, "performed": true})
            )
            .await
        ),
        "already_done"
    );
    let page = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .json();
    let events: Vec<&str> = page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["event"].as_str())
        .collect();
    assert!(
        events.contains(&"term_not_performed") && events.contains(&"agreement_fulfilled"),
        "{events:?}"
    );
}

async fn a_respondent_who_declines_leads_to_the_court(app: TestApp) {
    let r = app.post_json("/api/v1/disputes", None, &neighbour()).await;
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    step(
        &app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low"}),
    )
    .await;
    // Taking the proposal: the first one is the street's committee.
    let r = step(&app, &dispatcher, &no, "mediation", json!({})).await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["chosen_by"].as_str()),
        (Some("awaiting_consent"), Some("proposal")),
        "{}",
        r.body
    );
    assert!(
        r.json()["org"].as_str().unwrap().contains("八角"),
        "{}",
        r.body
    );
    let r = step(
        &app,
        &dispatcher,
        &no,
        "consent",
        json!({"agrees": false, "note": "被申请人拒绝调解"}),
    )
    .await;
    assert_eq!(
        (r.json()["stage"].as_str(), r.json()["failure"].as_str()),
        (Some("failed"), Some("declined")),
        "{}",
        r.body
    );
    // Never mediated (人民调解法 art. 17): its mediator may withhold it, never publish it.
    let mediator_token = app.token("mediator").await;
    let r = step(
        &app,
        &mediator_token,
        &no,
        "publication",
        json!({"publish": true}),
    )
    .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::CONFLICT, "not_publishable".into()),
        "{}",
        r.body
    );
    let r = step(
        &app,
        &mediator_token,
        &no,
        "publication",
        json!({"publish": false}),
    )
    .await;
    assert_eq!(r.json()["publication"], "withheld", "{}", r.body);
    let court = app.token("court").await;
    assert_eq!(
        code_of(
            &step(
                &app,
                &court,
                &no,
                "litigation",
                json!({"step": "register", "court_no": "(2026)京0107民初1234号"})
            )
            .await
        ),
        "not_found",
        "nothing reached the court yet"
    );
    let r = step(
        &app,
        &dispatcher,
        &no,
        "litigation",
        json!({"step": "file"}),
    )
    .await;
    assert_eq!(r.json()["stage"], "litigation", "{}", r.body);
    assert_eq!(
        code_of(
            &step(
                &app,
                &dispatcher,
                &no,
                "litigation",
                json!({"step": "register", "court_no": "x"})
            )
            .await
        ),
        "court_only"
    );
    let r = step(
        &app,
        &court,
        &no,
        "litigation",
        json!({"step": "register", "court_no": "(2026)京0107民初1234号"}),
    )
    .await;
    assert_eq!(r.json()["court_no"], "(2026)京0107民初1234号", "{}", r.body);
    let r = step(
        &app,
        &court,
        &no,
        "litigation",
        json!({"step": "result", "result": "判决被告赔偿原告3200元"}),
    )
    .await;
    assert_eq!(
        (
            r.json()["stage"].as_str(),
            r.json()["court_result"].as_str()
        ),
        (Some("judged"), Some("判决被告赔偿原告3200元")),
        "{}",
        r.body
    );
}

async fn confirmation_after_thirty_days_is_refused_and_silence_ends_mediation(app: TestApp) {
    let no = mediating(&app).await;
    let mediator_token = app.token("mediator").await;
    let r = step(
        &app,
        &mediator_token,
        &no,
        "agreement",
        json!({"terms": [{"text": "赔偿修缮费", "amount": "3000.5"}]}),
    )
    .await;
    assert_eq!(r.json()["terms"][0]["amount"], "3000.50", "{}", r.body);
    step(
        &app,
        &mediator_token,
        &no,
        "signature",
        json!({"party": "applicant"}),
    )
    .await;
    let r = step(
        &app,
        &mediator_token,
        &no,
        "signature",
        json!({"party": "respondent"}),
    )
    .await;
    // The 30 days end with the 30th day after the one the agreement took effect, or later past a holiday.
    let due = r.json()["confirmation_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert!(due - app.now() >= 30 * DAY, "{}", r.body);
    app.state.app.clock().set(due);
    let mediator_token = app.token("mediator").await;
    assert_eq!(
        code_of(
            &step(
                &app,
                &mediator_token,
                &no,
                "confirmation",
                json!({"step": "apply", "party": "applicant"})
            )
            .await
        ),
        "confirmation_too_late"
    );

    // A respondent who never answers: the sweeper ends mediation when the days run out, once.
    let r = app.post_json("/api/v1/disputes", None, &neighbour()).await;
    let silent = r.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    step(
        &app,
        &dispatcher,
        &silent,
        "evaluation",
        json!({"urgency": "urgent", "complexity": "low"}),
    )
    .await;
    let r = step(&app, &dispatcher, &silent, "mediation", json!({})).await;
    let due = r.json()["consent_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    let report = sweep_at(&app.state, due - 1).await.unwrap();
    assert_eq!(report.dispute_clocks, 0, "not before the deadline");
    let report = sweep_at(&app.state, due).await.unwrap();
    assert_eq!(report.dispute_clocks, 1);
    assert_eq!(
        sweep_at(&app.state, due + 1).await.unwrap().dispute_clocks,
        0,
        "once"
    );
    let d = app
        .get_api(
            &format!("/api/v1/disputes/{silent}"),
            Some(&app.token("dispatcher").await),
        )
        .await
        .json();
    assert_eq!(
        (d["stage"].as_str(), d["failure"].as_str()),
        (Some("failed"), Some("no_reply")),
        "{d}"
    );

    // A mediation past its days is told to the mediator once.
    let running = mediating(&app).await;
    let d = app
        .get_api(
            &format!("/api/v1/disputes/{running}"),
            Some(&app.token("dispatcher").await),
        )
        .await
        .json();
    let due = d["mediation_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert_eq!(
        sweep_at(&app.state, due + 1).await.unwrap().dispute_clocks,
        1
    );
    assert_eq!(
        sweep_at(&app.state, due + 2).await.unwrap().dispute_clocks,
        0
    );
    assert!(
        app.get_api("/api/v1/inbox", Some(&app.token("mediator").await))
            .await
            .body
            .contains("dispute_overdue")
    );
    // Both parties agree to 15 more days; at most 30 in all.
    let mediator_token = app.token("mediator").await;
    let r = step(
        &app,
        &mediator_token,
        &running,
        "extension",
        json!({"days": 15, "note": "双方同意延长"}),
    )
    .await;
    assert_eq!(r.json()["extended_days"], 15, "{}", r.body);
    assert_eq!(
        field_codes(
            &step(
                &app,
                &mediator_token,
                &running,
                "extension",
                json!({"days": 16, "note": "再延"})
            )
            .await
        ),
        [("days".to_owned(), "extension_too_long".to_owned())]
    );
    let r = step(
        &app,
        &mediator_token,
        &running,
        "failure",
        json!({"reason": "no_agreement", "note": "双方分歧过大"}),
    )
    .await;
    assert_eq!(r.json()["stage"], "failed", "{}", r.body);
}

async fn a_complaint_becomes_a_dispute_and_bad_input_stores_nothing(app: TestApp) {
    let intake = app.token("intake").await;
    let r = app
        .post_json(
            "/api/v1/cases",
            Some(&intake),
            &crate::support::resident_json(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let dispatcher = app.token("dispatcher").await;
    let body = json!({"type": "property", "parties": [{"role": "applicant", "kind": "person", "name": "李先生", "phone": "13700001234"}, {"role": "respondent", "kind": "organisation", "name": "某物业公司"}], "claims": "修好楼道灯"});
    let r = app
        .post_json(
            &format!("/api/v1/cases/{no}/dispute"),
            Some(&dispatcher),
            &body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        (r.json()["source"].as_str(), r.json()["stage"].as_str()),
        (Some("converted"), Some("filed"))
    );
    let case = app
        .get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(case["kind"], "dispute");
    assert!(
        case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "dispute_opened")
    );
    assert_eq!(
        code_of(
            &app.post_json(
                &format!("/api/v1/cases/{no}/dispute"),
                Some(&dispatcher),
                &body
            )
            .await
        ),
        "already_dispute"
    );
    // A property dispute goes to the professional body.
    let r = step(
        &app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "medium"}),
    )
    .await;
    assert_eq!(r.json()["recommended"], "professional", "{}", r.body);

    // Bad input: every field at once, in Chinese, and nothing stored.
    let before = app
        .get_api("/api/v1/cases?per_page=1", Some(&dispatcher))
        .await
        .json()["total"]
        .as_i64()
        .unwrap();
    let mut bad = neighbour();
    bad["amount"] = json!("12.345");
    bad["parties"][1]["role"] = json!("other");
    let r = app.post_json("/api/v1/disputes", None, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&r),
        [("amount".to_owned(), "not_money".to_owned())],
        "the schema's rules first: {}",
        r.body
    );
    bad["amount"] = json!("12.34");
    let r = app.post_json("/api/v1/disputes", None, &bad).await;
    assert_eq!(
        field_codes(&r),
        [("parties".to_owned(), "no_respondent".to_owned())],
        "{}",
        r.body
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    );
    let mut unknown = neighbour();
    unknown["type"] = json!("spaceship");
    assert_eq!(
        field_codes(&app.post_json("/api/v1/disputes", None, &unknown).await),
        [("type".to_owned(), "invalid_choice".to_owned())]
    );
    let mut no_phone = neighbour();
    no_phone["parties"][0]
        .as_object_mut()
        .unwrap()
        .remove("phone");
    assert_eq!(
        field_codes(&app.post_json("/api/v1/disputes", None, &no_phone).await),
        [("parties[0].phone".to_owned(), "required".to_owned())]
    );
    let mut delegated = neighbour();
    delegated["source"] = json!("court_delegated");
    assert_eq!(
        field_codes(&app.post_json("/api/v1/disputes", None, &delegated).await),
        [("source".to_owned(), "court_only".to_owned())]
    );
    let after = app
        .get_api("/api/v1/cases?per_page=1", Some(&dispatcher))
        .await
        .json()["total"]
        .as_i64()
        .unwrap();
    assert_eq!(before, after, "nothing half-stored");

    // The court delegates a pre-suit mediation: 30 days from delegation, no consent round.
    let court = app.token("court").await;
    let r = app
        .post_json("/api/v1/disputes", Some(&court), &delegated)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let dno = r.json()["case_no"].as_str().unwrap().to_owned();
    let d = app
        .get_api(&format!("/api/v1/disputes/{dno}"), Some(&court))
        .await
        .json();
    assert_eq!(d["source"], "court_delegated", "{d}");
    let due = d["mediation_due_at"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert!((due - app.now() - 30 * DAY).abs() < 5_000);
    step(
        &app,
        &dispatcher,
        &dno,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low"}),
    )
    .await;
    let r = step(&app, &dispatcher, &dno, "mediation", json!({})).await;
    assert_eq!(r.json()["stage"], "mediating", "{}", r.body);
}

on_both_backends!(the_pages_take_a_dispute_from_the_public_form_to_the_printable_agreement);

async fn the_pages_take_a_dispute_from_the_public_form_to_the_printable_agreement(app: TestApp) {
    // The public form: errors in Chinese on the form's own fields, the typed text kept.
    let bad = app
        .post_form(
            "/disputes/new",
            None,
            &[
                ("dispute_type", "neighbour"),
                ("applicant", "王女士"),
                ("applicant_phone", "12"),
                ("respondent", ""),
                ("address", "八角北路12号院"),
                ("facts", "楼上漏水"),
                ("claims", "赔偿"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains("data-field=\"applicant_phone\"")
            && bad.body.contains("data-field=\"respondent\""),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("楼上漏水"), "what was typed is kept");
    let r = app
        .post_form(
            "/disputes/new",
            None,
            &[
                ("dispute_type", "neighbour"),
                ("applicant", "王女士"),
                ("applicant_phone", "13911112222"),
                ("respondent", "赵先生"),
                ("respondent_kind", "person"),
                ("address", "八角北路12号院3号楼"),
                ("facts", "楼上漏水，天花板受损。"),
                ("claims", "修好防水，赔偿3000元。"),
                ("amount", "3000"),
            ],
        )
        .await;
    // Post/redirect/get: the confirmation is its own page, so a refresh files nothing again.
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let filed = app.get(r.location(), None).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let no = crate::support::case_no_in(&filed.body);
    // The dispatcher evaluates and chooses from the page; the case page links the dispute.
    let dispatcher = app.login("dispatcher").await;
    let page = app
        .get(&format!("/staff/disputes/{no}"), Some(&dispatcher.cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"evaluation-form\"") && page.body.contains("id=\"recommendation\""),
        "{}",
        page.body
    );
    assert!(
        app.get(&format!("/staff/cases/{no}"), Some(&dispatcher.cookie))
            .await
            .body
            .contains("id=\"dispute-link\"")
    );
    let r = app
        .post_form(
            &format!("/staff/disputes/{no}/evaluation"),
            Some(&dispatcher.cookie),
            &[
                ("csrf", &dispatcher.csrf),
                ("urgency", "normal"),
                ("complexity", "low"),
                ("channel", "lawyer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let back = app.get(r.location(), Some(&dispatcher.cookie)).await;
    assert!(
        back.body.contains("选择与推荐不同的渠道时须说明理由"),
        "the refusal is shown in Chinese: {}",
        back.body
    );
    app.post_form(
        &format!("/staff/disputes/{no}/evaluation"),
        Some(&dispatcher.cookie),
        &[
            ("csrf", &dispatcher.csrf),
            ("urgency", "normal"),
            ("complexity", "low"),
            ("channel", ""),
        ],
    )
    .await;
    let page = app
        .get(&format!("/staff/disputes/{no}"), Some(&dispatcher.cookie))
        .await;
    assert!(page.body.contains("id=\"mediation-form\""), "{}", page.body);
    let (id, _) = mediator(&app, "人民调解员 郭建华").await;
    app.post_form(
        &format!("/staff/disputes/{no}/mediation"),
        Some(&dispatcher.cookie),
        &[("csrf", &dispatcher.csrf), ("mediator_id", &id)],
    )
    .await;
    // The mediator works from the worklist and the dispute page.
    let m = app.login("mediator").await;
    let list = app.get("/staff/disputes", Some(&m.cookie)).await;
    assert!(list.body.contains(&no), "{}", list.body);
    app.post_form(
        &format!("/staff/disputes/{no}/consent"),
        Some(&m.cookie),
        &[("csrf", &m.csrf), ("agrees", "1")],
    )
    .await;
    let r = app
        .post_form(
            &format!("/staff/disputes/{no}/sessions"),
            Some(&m.cookie),
            &[
                ("csrf", &m.csrf),
                ("scheduled_at", "2099-01-01T10:00"),
                ("mode", "in_person"),
                ("place", "八角街道调委会"),
            ],
        )
        .await;
    assert!(
        app.get(r.location(), Some(&m.cookie))
            .await
            .body
            .contains("id=\"action-error\""),
        "a session years ahead is refused"
    );
    let at = jiff::tz::Offset::from_seconds(8 * 3600)
        .unwrap()
        .to_datetime(jiff::Timestamp::from_millisecond(app.now() + DAY).unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    app.post_form(
        &format!("/staff/disputes/{no}/sessions"),
        Some(&m.cookie),
        &[
            ("csrf", &m.csrf),
            ("scheduled_at", &at),
            ("mode", "in_person"),
            ("place", "八角街道调委会"),
        ],
    )
    .await;
    let r = app
        .post_form(
            &format!("/staff/disputes/{no}/agreement"),
            Some(&m.cookie),
            &[
                ("csrf", &m.csrf),
                ("term_text", "修复防水"),
                ("term_amount", ""),
                ("term_due", "2026-12-31"),
                ("term_text", "赔偿修缮费"),
                ("term_amount", "3000"),
                ("term_due", ""),
                ("term_text", ""),
                ("term_amount", ""),
                ("term_due", ""),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(
        r.location(),
        format!("/staff/disputes/{no}"),
        "{} {}",
        r.status,
        r.body
    );
    let page = app
        .get(&format!("/staff/disputes/{no}"), Some(&m.cookie))
        .await;
    assert!(
        page.body.contains("data-stage=\"agreed\"") && page.body.contains("id=\"print-link\""),
        "{}",
        page.body
    );
    let doc = app
        .get(&format!("/staff/disputes/{no}/print"), Some(&m.cookie))
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.body.contains("人民调解协议书")
            && doc.body.contains("3,000.00 元")
            && doc.body.contains("2026-12-31"),
        "{}",
        doc.body
    );
    // Each term shows how it is being performed (the one without a day is never overdue).
    assert!(
        page.body.contains("data-performance=\"pending\""),
        "{}",
        page.body
    );
    // The mediator reviews the anonymised draft on the page and publishes it; the library then shows it.
    assert!(
        page.body.contains("id=\"publication-form\"")
            && page.body.contains("data-publication=\"none\""),
        "{}",
        page.body
    );
    let r = app
        .post_form(
            &format!("/staff/disputes/{no}/publication"),
            Some(&m.cookie),
            &[
                ("csrf", &m.csrf),
                (
                    "text",
                    "楼上漏水，邻居老孙（电话13800001111）作证，双方同意修复防水。",
                ),
                ("reason", "editor"),
                ("publish", "1"),
            ],
        )
        .await;
    assert_eq!(r.location(), format!("/staff/disputes/{no}"), "{}", r.body);
    let page = app
        .get(&format!("/staff/disputes/{no}"), Some(&m.cookie))
        .await;
    assert!(
        page.body.contains("data-publication=\"published\""),
        "{}",
        page.body
    );
    let lib = app.get("/disputes/library?type=neighbour", None).await;
    assert!(
        lib.body.contains("双方同意修复防水")
            && !lib.body.contains("老孙")
            && !lib.body.contains("13800001111"),
        "{}",
        lib.body
    );
    // The statistics count it.
    let stats = app.get("/staff/disputes/stats", Some(&m.cookie)).await;
    assert!(
        stats.body.contains("邻里纠纷") && stats.body.contains("<svg"),
        "{}",
        stats.body
    );
}

on_both_backends!(consulting_the_library_and_questions_answered_online);

async fn consulting_the_library_and_questions_answered_online(app: TestApp) {
    // The guide: answers lead to advice, the laws are shown; the advice to mediate links to the filing form.
    let home = app.get("/disputes", None).await;
    assert!(
        home.body.contains("/disputes/consult/neighbour") && home.body.contains("id=\"ask-form\""),
        "{}",
        home.body
    );
    let first = app.get("/disputes/consult/neighbour", None).await;
    assert!(
        first.body.contains("id=\"answer-yes\"") && first.body.contains("民法典第二百八十八条"),
        "{}",
        first.body
    );
    let talk = app.get("/disputes/consult/neighbour?a=nn", None).await;
    assert!(
        talk.body.contains("data-path=\"negotiate\""),
        "{}",
        talk.body
    );
    let mediate = app.get("/disputes/consult/neighbour?a=nyy", None).await;
    assert!(
        mediate.body.contains("data-path=\"mediate\"")
            && mediate.body.contains("/disputes/new?type=neighbour"),
        "{}",
        mediate.body
    );
    assert!(
        app.get("/disputes/consult/family?a=y", None)
            .await
            .body
            .contains("data-path=\"elsewhere\"")
    );
    assert_eq!(
        app.get("/disputes/consult/spaceship", None).await.status,
        StatusCode::NOT_FOUND
    );

    // The library: an ended dispute, anonymised, found by its words and not by a party's name.
    let no = mediating(&app).await;
    step(
        &app,
        &app.token("mediator").await,
        &no,
        "agreement",
        json!({"terms": [{"text": "修复防水"}]}),
    )
    .await;
    // Not in the library until its editor reviewed it; not before it ended, and only by the mediator's side.
    let unreviewed = app.get("/disputes/library?type=neighbour", None).await;
    assert!(
        unreviewed.body.contains("<small>共 0</small>"),
        "{}",
        unreviewed.body
    );
    let mediator_token = app.token("mediator").await;
    let r = step(
        &app,
        &app.token("dispatcher").await,
        &no,
        "publication",
        json!({"publish": true}),
    )
    .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::FORBIDDEN, "not_the_mediator".into()),
        "{}",
        r.body
    );
    // The editor publishes an edited text: what is published is anonymised again, the edit included.
    let edited = "楼上被申请人家卫生间漏水，其子赵小明（电话 138-0000-1111）答应修理，邻居老孙作证。住八角北路12号院3号楼2单元502室，车辆京A·12345，邮箱zxm1990@163.com，身份证110107199001011234。";
    let r = step(
        &app,
        &mediator_token,
        &no,
        "publication",
        json!({"publish": true, "text": edited}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["publication"], "published", "{}", r.body);
    let published = r.json()["library_text"].as_str().unwrap().to_owned();
    for secret in [
        "赵小明",
        "138-0000-1111",
        "老孙",
        "12号院",
        "3号楼",
        "2单元",
        "502",
        "京A",
        "12345",
        "zxm1990",
        "110107199001011234",
    ] {
        assert!(!published.contains(secret), "{secret} in {published}");
    }
    assert!(
        published.contains("八角北路") && published.contains("漏水"),
        "{published}"
    );
    let found = app
        .get(
            "/disputes/library?type=neighbour&q=%E6%BC%8F%E6%B0%B4",
            None,
        )
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.body.contains("申请人") && found.body.contains("id=\"similar-stats\""),
        "{}",
        found.body
    );
    for secret in ["王女士", "赵先生", "13911112222", "12号院"] {
        assert!(!found.body.contains(secret), "{secret} in the library");
    }
    let by_name = app
        .get("/disputes/library?q=%E7%8E%8B%E5%A5%B3%E5%A3%AB", None)
        .await;
    assert!(
        by_name.body.contains("<small>共 0</small>"),
        "a party's name finds nothing: {}",
        by_name.body
    );
    // A party asks to withhold it: taken down, and it stays down.
    let r = step(
        &app,
        &mediator_token,
        &no,
        "publication",
        json!({"publish": false, "reason": "party_asked"}),
    )
    .await;
    assert_eq!(
        (
            r.json()["publication"].as_str(),
            r.json()["withhold_asked"].as_bool()
        ),
        (Some("withheld"), Some(true)),
        "{}",
        r.body
    );
    assert!(
        app.get("/disputes/library?type=neighbour", None)
            .await
            .body
            .contains("<small>共 0</small>")
    );
    let r = step(
        &app,
        &mediator_token,
        &no,
        "publication",
        json!({"publish": true}),
    )
    .await;
    assert_eq!(
        (r.status, code_of(&r)),
        (StatusCode::CONFLICT, "withhold_asked".into()),
        "{}",
        r.body
    );
    assert_eq!(
        app.get("/disputes/library?type=spaceship", None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A question asked without an account, answered once by a mediator, then in the library.
    let r = app
        .post_form(
            "/disputes/ask",
            None,
            &[
                ("dispute_type", "tenancy"),
                (
                    "question",
                    "我是李先生，房东不退押金，电话13700001111，怎么办？",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let link = r.location().to_owned();
    assert!(app.get(&link, None).await.body.contains("id=\"waiting\""));
    let dispatcher = app.login("dispatcher").await;
    assert_eq!(
        app.get("/staff/disputes/questions", Some(&dispatcher.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let m = app.login("mediator").await;
    let open = app.get("/staff/disputes/questions", Some(&m.cookie)).await;
    assert!(open.body.contains("房东不退押金"), "{}", open.body);
    let id = link.rsplit('/').next().unwrap();
    let r = app
        .post_form(
            &format!("/staff/disputes/questions/{id}"),
            Some(&m.cookie),
            &[
                ("csrf", &m.csrf),
                ("answer", "可以先对照合同协商，不成可申请调解。"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/staff/disputes/questions");
    let r = app
        .post_form(
            &format!("/staff/disputes/questions/{id}"),
            Some(&m.cookie),
            &[("csrf", &m.csrf), ("answer", "再答一次")],
        )
        .await;
    assert!(
        r.location().ends_with("error=already_answered"),
        "{}",
        r.location()
    );
    assert!(
        app.get(&link, None)
            .await
            .body
            .contains("可以先对照合同协商")
    );
    let lib = app.get("/disputes/library?type=tenancy", None).await;
    assert!(
        lib.body.contains("房东不退押金")
            && !lib.body.contains("李先生")
            && !lib.body.contains("13700001111"),
        "{}",
        lib.body
    );
    // Asking is throttled per address.
    let mut last = StatusCode::OK;
    for _ in 0..12 {
        last = app
            .post_form(
                "/disputes/ask",
                None,
                &[
                    ("dispute_type", "other"),
                    ("question", "请问怎么申请调解？"),
                ],
            )
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get("/disputes/questions/not-an-id", None).await.status,
        StatusCode::NOT_FOUND
    );
}

on_both_backends!(the_applicant_sends_evidence_and_chooses_the_mediator_online);

async fn the_applicant_sends_evidence_and_chooses_the_mediator_online(app: TestApp) {
    // Filed with an evidence photo from the public form (multipart).
    let png: Vec<u8> = [
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a][..],
        &[0u8; 32],
    ]
    .concat();
    let b = "----gongzhi-dispute";
    let mut body = Vec::new();
    for (k, v) in [
        ("dispute_type", "neighbour"),
        ("applicant", "王女士"),
        ("applicant_phone", "13911112222"),
        ("respondent", "赵先生"),
        ("respondent_kind", "person"),
        ("address", "八角北路12号院"),
        ("facts", "楼上漏水。"),
        ("claims", "修好防水。"),
    ] {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{b}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"漏水.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
    body.extend_from_slice(&png);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    let r = app
        .post_raw(
            "/disputes/new",
            None,
            &format!("multipart/form-data; boundary={b}"),
            body,
            "10.0.0.9",
        )
        .await;
    // Post/redirect/get: the confirmation is its own page, so a refresh files nothing again.
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let filed = app.get(r.location(), None).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let no = crate::support::case_no_in(&filed.body);
    let dispatcher = app.token("dispatcher").await;
    step(
        &app,
        &dispatcher,
        &no,
        "evaluation",
        json!({"urgency": "normal", "complexity": "low"}),
    )
    .await;
    // The applicant picks a mediator from the ranked list on the tracking page.
    let tracked = app
        .get(&format!("/track?case_no={no}&phone_last4=2222"), None)
        .await;
    assert!(
        tracked.body.contains("id=\"choose-mediator-form\""),
        "{}",
        tracked.body
    );
    let (id, _) = mediator(&app, "人民调解员 郭建华").await;
    assert_eq!(
        app.post_form(
            "/track/dispute-mediator",
            None,
            &[
                ("case_no", &no),
                ("phone_last4", "0000"),
                ("mediator_id", &id)
            ]
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "only the applicant"
    );
    let r = app
        .post_form(
            "/track/dispute-mediator",
            None,
            &[
                ("case_no", &no),
                ("phone_last4", "2222"),
                ("mediator_id", &id),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let d = app
        .get_api(&format!("/api/v1/disputes/{no}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(
        (
            d["stage"].as_str(),
            d["chosen_by"].as_str(),
            d["mediator_id"].as_str()
        ),
        (
            Some("awaiting_consent"),
            Some("applicant"),
            Some(id.as_str())
        )
    );
    // The mediator sees the evidence on the dispute page and downloads it; another mediator cannot.
    let m = app.login("mediator").await;
    let page = app
        .get(&format!("/staff/disputes/{no}"), Some(&m.cookie))
        .await;
    let link = page
        .body
        .split(&format!("/staff/disputes/{no}/files/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the evidence is listed")
        .to_owned();
    let file = app
        .get(
            &format!("/staff/disputes/{no}/files/{link}"),
            Some(&m.cookie),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    let other = app.login("mediator-gucheng-1").await;
    assert_eq!(
        app.get(
            &format!("/staff/disputes/{no}/files/{link}"),
            Some(&other.cookie)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

on_both_backends!(the_respondent_answers_online);

async fn the_respondent_answers_online(app: TestApp) {
    let dispatcher = app.token("dispatcher").await;
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let no = app
            .post_json("/api/v1/disputes", None, &neighbour())
            .await
            .json()["case_no"]
            .as_str()
            .unwrap()
            .to_owned();
        step(
            &app,
            &dispatcher,
            &no,
            "evaluation",
            json!({"urgency": "normal", "complexity": "low"}),
        )
        .await;
        let (id, _) = mediator(&app, "人民调解员 郭建华").await;
        step(
            &app,
            &dispatcher,
            &no,
            "mediation",
            json!({"mediator_id": id}),
        )
        .await;
        numbers.push(no);
    }
    // Found by the respondent's own digits only (the applicant's are not the respondent's key).
    let page = app
        .get(
            &format!("/disputes/respond?case_no={}&phone_last4=4444", numbers[0]),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("id=\"respond-form\"") && page.body.contains("赔偿修缮费3500元"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("13911112222") && !page.body.contains("王女士"),
        "the applicant's details are not shown"
    );
    assert_eq!(
        app.get(
            &format!("/disputes/respond?case_no={}&phone_last4=2222", numbers[0]),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let code = respondent_code(&app, &numbers[0], "4444").await;
    let r = app
        .post_form(
            "/disputes/respond",
            None,
            &[
                ("case_no", &numbers[0]),
                ("phone_last4", "4444"),
                ("code", &code),
                ("agrees", "1"),
                ("note", "同意调解"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location().ends_with("done=answered"), "{}", r.location());
    let d = app
        .get_api(
            &format!("/api/v1/disputes/{}", numbers[0]),
            Some(&dispatcher),
        )
        .await
        .json();
    assert_eq!(d["stage"], "mediating", "{d}");
    assert!(
        app.get_api("/api/v1/inbox", Some(&app.token("mediator").await))
            .await
            .body
            .contains("dispute_consented")
    );
    // Answered once: no new code, and the used one is gone.
    let again = app
        .post_form(
            "/disputes/respond/code",
            None,
            &[("case_no", &numbers[0]), ("phone_last4", "4444")],
        )
        .await;
    assert!(
        again.location().ends_with("error=not_awaiting_consent"),
        "{}",
        again.location()
    );
    let again = app
        .post_form(
            "/disputes/respond",
            None,
            &[
                ("case_no", &numbers[0]),
                ("phone_last4", "4444"),
                ("code", &code),
                ("agrees", "0"),
            ],
        )
        .await;
    assert!(
        again.location().ends_with("error=code_invalid"),
        "answered once: {}",
        again.location()
    );
    let code = respondent_code(&app, &numbers[1], "4444").await;
    app.post_form(
        "/disputes/respond",
        None,
        &[
            ("case_no", &numbers[1]),
            ("phone_last4", "4444"),
            ("code", &code),
            ("agrees", "0"),
            ("note", "不同意"),
        ],
    )
    .await;
    let d = app
        .get_api(
            &format!("/api/v1/disputes/{}", numbers[1]),
            Some(&dispatcher),
        )
        .await
        .json();
    assert_eq!(
        (d["stage"].as_str(), d["failure"].as_str()),
        (Some("failed"), Some("declined")),
        "{d}"
    );
}

/// Asks for the respondent's code on the page and reads it from the SMS the outbox holds for the respondent's phone.
pub(crate) async fn respondent_code(app: &TestApp, case_no: &str, last4: &str) -> String {
    let r = app
        .post_form(
            "/disputes/respond/code",
            None,
            &[("case_no", case_no), ("phone_last4", last4)],
        )
        .await;
    assert!(r.location().ends_with("done=code_sent"), "{}", r.location());
    let queued = app
        .store()
        .outbox_with_status(gongzhi_domain::notify::Delivery::Pending, 1000)
        .await
        .unwrap();
    let sms = queued
        .iter()
        .filter(|m| m.case_no == case_no && m.kind == gongzhi_domain::notify::TellKind::PartyCode)
        .max_by_key(|m| m.created_at)
        .expect("the code's SMS is queued");
    assert!(
        sms.recipient.ends_with(last4),
        "sent to the respondent's phone"
    );
    sms.detail.clone()
}

on_both_backends!(
    the_applicant_cannot_answer_for_the_respondent_and_staff_say_when_they_record_the_answer
);

/// Issue 22, finding 9: the applicant typed the respondent's phone and knows its last four digits; only the code sent
/// to that phone makes an answer the respondent's.
async fn the_applicant_cannot_answer_for_the_respondent_and_staff_say_when_they_record_the_answer(
    app: TestApp,
) {
    let dispatcher = app.token("dispatcher").await;
    let (id, _) = mediator(&app, "人民调解员 郭建华").await;
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let no = app
            .post_json("/api/v1/disputes", None, &neighbour())
            .await
            .json()["case_no"]
            .as_str()
            .unwrap()
            .to_owned();
        step(
            &app,
            &dispatcher,
            &no,
            "evaluation",
            json!({"urgency": "normal", "complexity": "low"}),
        )
        .await;
        step(
            &app,
            &dispatcher,
            &no,
            "mediation",
            json!({"mediator_id": id}),
        )
        .await;
        numbers.push(no);
    }
    let no = &numbers[0];
    let stage = |_: &TestApp, no: String| {
        let dispatcher = dispatcher.clone();
        let app = &app;
        async move {
            app.get_api(&format!("/api/v1/disputes/{no}"), Some(&dispatcher))
                .await
                .json()["stage"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    // The applicant, from another address, answers "agree" with the last four digits and a guessed code: refused.
    for guess in ["", "000000", "123456", "12345x"] {
        let r = app
            .post_form_from(
                "/disputes/respond",
                None,
                &[
                    ("case_no", no),
                    ("phone_last4", "4444"),
                    ("code", guess),
                    ("agrees", "1"),
                ],
                "10.9.9.9",
            )
            .await;
        assert!(
            r.location().ends_with("error=code_invalid"),
            "{guess}: {}",
            r.location()
        );
    }
    assert_eq!(
        stage(&app, no.clone()).await,
        "awaiting_consent",
        "nothing changed"
    );
    // A code is sent to the respondent's phone only; five wrong tries void it, the right one then fails too.
    let code = respondent_code(&app, no, "4444").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        app.post_form_from(
            "/disputes/respond",
            None,
            &[
                ("case_no", no),
                ("phone_last4", "4444"),
                ("code", wrong),
                ("agrees", "1"),
            ],
            "10.9.9.8",
        )
        .await;
    }
    let r = app
        .post_form(
            "/disputes/respond",
            None,
            &[
                ("case_no", no),
                ("phone_last4", "4444"),
                ("code", &code),
                ("agrees", "1"),
            ],
        )
        .await;
    assert!(
        r.location().ends_with("error=code_invalid"),
        "void after five wrong tries: {}",
        r.location()
    );
    assert_eq!(stage(&app, no.clone()).await, "awaiting_consent");
    // Codes are rationed: three an hour for a dispute (one used above, two more, then refused).
    respondent_code(&app, no, "4444").await;
    let code = respondent_code(&app, no, "4444").await;
    let r = app
        .post_form(
            "/disputes/respond/code",
            None,
            &[("case_no", no), ("phone_last4", "4444")],
        )
        .await;
    assert!(
        r.location().ends_with("error=throttled"),
        "{}",
        r.location()
    );
    // The last code sent works, once.
    let r = app
        .post_form(
            "/disputes/respond",
            None,
            &[
                ("case_no", no),
                ("phone_last4", "4444"),
                ("code", &code),
                ("agrees", "1"),
            ],
        )
        .await;
    assert!(r.location().ends_with("done=answered"), "{}", r.location());
    assert_eq!(stage(&app, no.clone()).await, "mediating");
    let timeline = |no: String| {
        let dispatcher = dispatcher.clone();
        let app = &app;
        async move {
            app.get_api(&format!("/api/v1/cases/{no}"), Some(&dispatcher))
                .await
                .json()["timeline"]
                .clone()
        }
    };
    let t = timeline(no.clone()).await;
    let consented = t
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "dispute_consented")
        .unwrap()
        .to_string();
    assert!(!consented.contains("工作人员代为记录"), "{consented}");

    // The mediator records the other respondent's answer given by telephone: the timeline says so.
    let mediator_token = app.token("mediator").await;
    let r = step(
        &app,
        &mediator_token,
        &numbers[1],
        "consent",
        json!({"agrees": true, "note": "电话确认同意"}),
    )
    .await;
    assert_eq!(r.json()["stage"], "mediating", "{}", r.body);
    let t = timeline(numbers[1].clone()).await;
    let consented = t
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "dispute_consented")
        .unwrap()
        .to_string();
    assert!(
        consented.contains("工作人员代为记录：被申请人以电话或当面方式答复")
            && consented.contains("电话确认同意"),
        "{consented}"
    );
}
