//! Category suggestions, on both databases: nothing before a model is trained; a model trained from the demo history's
//! closed cases (in residents' own phrasings) suggests the right category first for a new complaint, with its
//! accountable unit at the place and the words that decided it; on the intake page (as the operator types), the
//! dispatcher's queue and the case page; refusals; retraining stores a new version.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, enc, resident_json};

async fn suggestions_come_from_the_districts_closed_cases(app: TestApp) {
    let dispatcher = app.token("dispatcher").await;
    let ask = |body: serde_json::Value| {
        let app = &app;
        let token = dispatcher.clone();
        async move { app.post_json("/api/v1/suggest", Some(&token), &body).await }
    };
    let oil = json!({"title": "楼下饭馆油烟太大", "description": "烧烤店油烟直接排到居民楼，熏得开不了窗。"});

    // No model yet: no suggestions, not an error; nothing to train from yet either.
    let r = ask(oil.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), json!({"suggestions": [], "model": null}));
    assert!(
        gongzhi_app::suggest::train(&app.state.app)
            .await
            .unwrap()
            .is_none(),
        "no closed case to learn from"
    );

    // The demo history's closed cases teach it.
    let actor = gongzhi_store::Actor::system(app.now());
    let n = gongzhi_demo::seed_history(app.store(), &actor, 1_500)
        .await
        .unwrap();
    assert!(n >= 1_500, "{n}");
    let trained = gongzhi_app::suggest::train(&app.state.app)
        .await
        .unwrap()
        .expect("a model");
    let info = &trained.info;
    assert_eq!(info.version, 1);
    assert!(info.cases > 1_000 && info.held_cases > 50, "{info:?}");
    // Far better than chance (one in 86 categories) on the cases it did not learn from, though 1,500 cases teach it
    // little (the demo's 20,000 give about 89% and 96%; the held-back tenth depends on the cases' random ids).
    assert!(
        info.top1 > 0.3 && info.top3 > 0.5 && info.top3 >= info.top1,
        "{info:?}"
    );

    let r = ask(oil.clone()).await.json();
    let first = &r["suggestions"][0];
    assert_eq!(first["category"], "B04", "{r}");
    assert_eq!(first["name"], "餐饮油烟扰民");
    assert!(
        first["unit"]["code"].as_str().unwrap().starts_with("dept."),
        "a named department: {r}"
    );
    assert!(
        first["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("油烟")),
        "{r}"
    );
    assert_eq!(r["suggestions"].as_array().unwrap().len(), 3);
    let scores: Vec<f64> = r["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]) && scores[0] <= 1.0,
        "{scores:?}"
    );
    assert_eq!(r["model"]["version"], 1);
    assert_eq!(r["model"]["cases"], info.cases);

    // A community matter: the community at the point is accountable; without a place nobody can be named yet.
    let c = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit;
    let centre = c.centre.unwrap();
    let rubbish = json!({"title": "垃圾好几天没人清运", "description": "小区垃圾桶满了没人收，臭气熏天。", "lat": centre.lat, "lon": centre.lon});
    let r = ask(rubbish.clone()).await.json();
    assert_eq!(r["suggestions"][0]["category"], "A01", "{r}");
    assert_eq!(r["suggestions"][0]["unit"]["code"], "street.bajiao.c01");
    let r = ask(
        json!({"title": "垃圾好几天没人清运", "description": "小区垃圾桶满了没人收，臭气熏天。"}),
    )
    .await
    .json();
    assert_eq!(r["suggestions"][0]["unit"], serde_json::Value::Null, "{r}");

    // Nothing typed: nothing suggested, the model still said.
    let r = ask(json!({"title": "", "description": " "})).await.json();
    assert_eq!(r["suggestions"], json!([]));
    assert_eq!(r["model"]["version"], 1);

    // Refusals, in Chinese by default.
    assert_eq!(
        app.post_json("/api/v1/suggest", None, &oil).await.status,
        StatusCode::UNAUTHORIZED
    );
    for bad in [
        json!({"title": "油烟", "description": "", "lat": 39.9}),
        json!({"title": "油烟", "description": "", "lat": 10.0, "lon": 10.0}),
        json!({"title": "油烟"}),
        json!({"title": "油烟", "description": "", "colour": "red"}),
        json!({"title": "x".repeat(101), "description": ""}),
    ] {
        let r = ask(bad.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(
            r.body
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            r.body
        );
    }

    // The intake page, as the operator types (the fragment the page asks for), and re-rendered with what was typed.
    let seat = app.login("intake").await;
    let page = app
        .get(
            &format!(
                "/staff/suggest?title={}&description={}",
                enc("饭馆油烟扰民"),
                enc("烧烤店油烟太大")
            ),
            Some(&seat.cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"category-suggestions\"")
            && page.body.contains("data-category=\"B04\""),
        "{}",
        page.body
    );
    assert!(
        app.get("/staff/intake", Some(&seat.cookie))
            .await
            .body
            .contains("id=\"category-suggestions\"")
    );
    assert_eq!(
        app.get("/staff/suggest?title=x", None).await.status,
        StatusCode::SEE_OTHER,
        "staff only"
    );

    // A resident's complaint waits in the dispatcher's queue with its likeliest category; the case page offers three.
    let mut body = resident_json();
    body["kind"] = json!("complaint");
    body["title"] = json!("饭店油烟熏得开不了窗");
    body["description"] = json!("楼下餐馆排油烟，每天晚上都有。");
    let r = app.post_json("/api/v1/cases", None, &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let no = r.json()["case_no"].as_str().unwrap().to_owned();
    let desk = app.login("dispatcher").await;
    let queue = app
        .get("/staff/cases?view=dispatch", Some(&desk.cookie))
        .await;
    assert!(
        queue.body.contains("B04 餐饮油烟扰民"),
        "the queue suggests the category"
    );
    let page = app
        .get(&format!("/staff/cases/{no}"), Some(&desk.cookie))
        .await;
    assert!(
        page.body.contains("data-target=\"route-category\"")
            && page.body.contains("data-category=\"B04\""),
        "the case page offers it"
    );

    // Retraining stores the next version, and the start-up training sees there is one already.
    let again = gongzhi_app::suggest::train(&app.state.app)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.info.version, 2);
    assert!(
        gongzhi_app::suggest::train_if_missing(&app.state.app)
            .await
            .unwrap()
            .is_none()
    );
    app.finish().await;
}

on_both_backends!(suggestions_come_from_the_districts_closed_cases);
