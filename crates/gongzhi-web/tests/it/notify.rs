//! Residents are told: the outbox is written in the case's own transaction at each moment that matters, and the
//! worker sends it through the senders with retries, losing nothing while a sender is down. (The real SMTP and SMS
//! senders are tested against a real SMTP server and an HTTP stub in the binary's tests; here a recording sender
//! stands in, so the worker's bookkeeping can be checked message by message.)

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use serde_json::json;

use gongzhi_app::notify::{Outgoing, Postman, Sender, Sending};
use gongzhi_domain::cases::CaseNo;
use gongzhi_domain::notify::{Delivery, Medium, TellKind};

use crate::support::{TestApp, capture_logs};

/// A sender that records what it is given and fails while told to.
struct Recorder {
    medium: Medium,
    down: Mutex<bool>,
    got: Mutex<Vec<Outgoing>>,
}

impl Recorder {
    fn new(medium: Medium) -> Arc<Recorder> {
        Arc::new(Recorder {
            medium,
            down: Mutex::new(false),
            got: Mutex::new(Vec::new()),
        })
    }
    fn set_down(&self, down: bool) {
        *self.down.lock().unwrap() = down;
    }
    fn got(&self) -> Vec<Outgoing> {
        self.got.lock().unwrap().clone()
    }
}

impl Sender for Recorder {
    fn medium(&self) -> Medium {
        self.medium
    }
    fn send<'a>(&'a self, m: &'a Outgoing) -> Sending<'a> {
        Box::pin(async move {
            if *self.down.lock().unwrap() {
                return Err(format!("550 mailbox unavailable for {}", m.to));
            }
            self.got.lock().unwrap().push(m.clone());
            Ok(())
        })
    }
}

async fn residents_are_told_at_each_moment_and_nothing_is_lost_while_a_sender_is_down(
    app: TestApp,
) {
    let (logs, _guard) = capture_logs();
    let mut body = crate::support::resident_json();
    body["email"] = json!("li.xiansheng@example.cn");
    let r = app.post_json("/api/v1/cases", None, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let case = app
        .store()
        .get_case_by_no(&CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let kinds = |items: &[gongzhi_store::notify::OutboxItem]| {
        items.iter().map(|i| (i.kind, i.medium)).collect::<Vec<_>>()
    };
    let told = app.store().outbox_of_case(case.id).await.unwrap();
    assert_eq!(
        kinds(&told),
        vec![
            (TellKind::Received, Medium::Sms),
            (TellKind::Received, Medium::Email)
        ]
    );
    assert_eq!(told[0].recipient, "13700001234");
    assert!(told.iter().all(|t| t.status == Delivery::Pending));

    // Routed, accepted, replied, closed: each tells the resident, in the action's own transaction.
    let dispatcher = app.token("dispatcher").await;
    assert_eq!(
        app.act(&dispatcher, &no, "route", json!({"category": "A10"}))
            .await
            .status,
        StatusCode::OK
    );
    let routed = app.store().get_case_by_no(&case.case_no).await.unwrap();
    let agent = app
        .store()
        .get_user(routed.agent_id.unwrap())
        .await
        .unwrap()
        .username;
    let agent = app.token(&agent).await;
    for (action, body) in [
        ("accept", json!({})),
        ("contact", json!({"note": "已电话联系"})),
        ("reply", json!({"text": "已安排维修人员明日上门。"})),
        ("note", json!({"text": "内部备注不告诉群众"})),
        (
            "close",
            json!({"outcome": "resolved", "note": "路灯已修复。"}),
        ),
    ] {
        let r = app.act(&agent, &no, action, body).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }
    let told = app.store().outbox_of_case(case.id).await.unwrap();
    let order: Vec<TellKind> = told
        .iter()
        .filter(|t| t.medium == Medium::Sms)
        .map(|t| t.kind)
        .collect();
    assert_eq!(
        order,
        vec![
            TellKind::Received,
            TellKind::Routed,
            TellKind::Accepted,
            TellKind::Replied,
            TellKind::Closed
        ]
    );

    // An anonymous report tells nobody; a refused action writes nothing.
    let mut anonymous = crate::support::resident_json();
    anonymous["kind"] = json!("report");
    anonymous["anonymous"] = json!(true);
    anonymous.as_object_mut().unwrap().remove("name");
    anonymous.as_object_mut().unwrap().remove("phone");
    let r = app.post_json("/api/v1/cases", None, &anonymous).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let quiet = app
        .store()
        .get_case_by_no(&CaseNo::parse(r.json()["case_no"].as_str().unwrap()).unwrap())
        .await
        .unwrap();
    assert!(
        app.store()
            .outbox_of_case(quiet.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.act(&agent, &no, "reply", json!({"text": "办结后又答复"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.store().outbox_of_case(case.id).await.unwrap().len(),
        10,
        "nothing for a refused action"
    );

    // The worker: e-mail goes out; the SMS gateway is down, so SMS wait and are tried again later.
    let sms = Recorder::new(Medium::Sms);
    let mail = Recorder::new(Medium::Email);
    sms.set_down(true);
    let postman = Postman {
        senders: vec![sms.clone(), mail.clone()],
        public_url: "https://12345.example.cn".into(),
        signature: "石景山区接诉即办".into(),
    };
    let round = gongzhi_app::notify::deliver_due(&app.state.app, &postman)
        .await
        .unwrap();
    assert_eq!((round.sent, round.retrying, round.failed), (5, 5, 0));
    let mails = mail.got();
    assert_eq!(mails.len(), 5);
    assert!(mails.iter().all(|m| m.to == "li.xiansheng@example.cn"));
    assert!(
        mails[0].subject.contains(&no)
            && mails[0]
                .body
                .contains(&format!("https://12345.example.cn/track?case_no={no}"))
    );
    assert!(
        mails
            .iter()
            .any(|m| m.body.contains("已安排维修人员明日上门。")),
        "the reply's words go by e-mail"
    );
    assert!(
        mails.last().unwrap().body.contains("日内评价"),
        "closing asks for the verdict"
    );
    let waiting = app.store().outbox_of_case(case.id).await.unwrap();
    let first_sms = waiting.iter().find(|t| t.medium == Medium::Sms).unwrap();
    assert_eq!(
        (first_sms.status, first_sms.attempts),
        (Delivery::Pending, 1)
    );
    let wait = first_sms.next_attempt_at - app.now();
    assert!(
        (55_000..=60_000).contains(&wait),
        "a minute later: {wait} ms"
    );
    assert!(
        first_sms.last_error.as_deref().unwrap().contains("550"),
        "the sender's words are kept for the administrator"
    );
    // Not due yet: nothing is tried. A minute on, the gateway is back and every SMS goes, once.
    assert_eq!(
        gongzhi_app::notify::deliver_due(&app.state.app, &postman)
            .await
            .unwrap()
            .sent,
        0
    );
    sms.set_down(false);
    app.state.app.clock().set(app.now() + 61_000);
    let round = gongzhi_app::notify::deliver_due(&app.state.app, &postman)
        .await
        .unwrap();
    assert_eq!(round.sent, 5);
    assert!(sms.got()[0].body.starts_with("【石景山区接诉即办】"));
    assert!(
        sms.got()
            .iter()
            .all(|m| !m.body.contains("已安排维修人员明日上门")),
        "SMS carry no reply text"
    );
    assert_eq!(
        gongzhi_app::notify::deliver_due(&app.state.app, &postman)
            .await
            .unwrap(),
        Default::default(),
        "sent once"
    );
    assert!(
        app.store()
            .outbox_of_case(case.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.status == Delivery::Sent)
    );
    // The case page says what the resident was told, and that it went.
    let page = app
        .get(
            &format!("/staff/cases/{no}"),
            Some(&app.login("dispatcher").await.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"told\"")
            && page.body.matches("data-delivery=\"sent\"").count() == 10,
        "{}",
        page.body
    );

    // Nobody's phone or e-mail address reaches the logs, even from a failure.
    let text = logs.text();
    assert!(
        text.contains("a resident's message was not sent"),
        "failures are logged"
    );
    assert!(
        !text.contains("13700001234") && !text.contains("li.xiansheng"),
        "{text}"
    );
    app.finish().await;
}

on_both_backends!(residents_are_told_at_each_moment_and_nothing_is_lost_while_a_sender_is_down);

#[tokio::test]
async fn a_message_that_never_goes_is_kept_as_failed_and_an_administrator_sends_it_again() {
    let app = TestApp::new().await;
    let r = app
        .post_json("/api/v1/cases", None, &crate::support::resident_json())
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let sms = Recorder::new(Medium::Sms);
    sms.set_down(true);
    let postman = Postman {
        senders: vec![sms.clone()],
        public_url: "http://x".into(),
        signature: String::new(),
    };
    for _ in 0..gongzhi_domain::notify::RETRY_AFTER.len() + 1 {
        gongzhi_app::notify::deliver_due(&app.state.app, &postman)
            .await
            .unwrap();
        app.state.app.clock().set(app.now() + 25 * 3_600_000);
    }
    let failed = app
        .store()
        .outbox_with_status(Delivery::Failed, 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].attempts as usize,
        gongzhi_domain::notify::RETRY_AFTER.len() + 1
    );
    // Without a sender for e-mail nothing is claimed for it, and nothing is lost: SMS only here.
    let admin = app.login("admin").await;
    let page = app.get("/admin/outbox", Some(&admin.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"outbox-failed\"") && page.body.contains(&failed[0].case_no));
    let r = app
        .post_form(
            "/admin/outbox/retry",
            Some(&admin.cookie),
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    sms.set_down(false);
    assert_eq!(
        gongzhi_app::notify::deliver_due(&app.state.app, &postman)
            .await
            .unwrap()
            .sent,
        1
    );
    let worker = app.login("community-bajiao").await;
    assert_eq!(
        app.get("/admin/outbox", Some(&worker.cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

#[tokio::test]
async fn a_bad_e_mail_address_is_said_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let mut body = crate::support::resident_json();
    body["email"] = json!("li@");
    let r = app.post_json("/api/v1/cases", None, &body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["fields"][0]["field"], "email");
    let mut form = crate::support::resident_form();
    form.push(("email", "王女士@邮箱"));
    let r = app.post_form("/submit", None, &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("data-field=\"email\"") && r.body.contains("王女士@邮箱"),
        "said beside the field, the typed value kept"
    );
    assert_eq!(app.store().outbox_counts().await.unwrap().rows.len(), 0);
    app.finish().await;
}
