//! Chinese full-text search over cases, on both databases: two-character words and place names found wherever they
//! stand, several words together, no false hits, highlights, the caller's scope (a street officer never sees another
//! street's cases), a public reply found at once, refusals of what cannot be searched, the staff list, and the rebuild.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, enc, hotline_case};

fn numbers(v: &serde_json::Value) -> Vec<String> {
    let mut n: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_no"].as_str().unwrap().to_owned())
        .collect();
    n.sort();
    n
}

async fn chinese_words_are_found_within_the_callers_scope(app: TestApp) {
    let intake = app.token("intake").await;
    let no = |c: serde_json::Value| c["case_no"].as_str().unwrap().to_owned();
    let oil = no(hotline_case(&app, &intake, "B04", "street.bajiao.c01", json!({"title": "餐馆油烟扰民", "description": "鲁谷东街一家餐馆油烟很大，影响居民开窗。", "address": "八角北路3号楼"})).await);
    let leak = no(hotline_case(&app, &intake, "A01", "street.lugu.c01", json!({"title": "楼上漏水", "description": "卫生间漏水到楼下，物业不管。", "address": "鲁谷路12号院"})).await);
    let noise = no(hotline_case(&app, &intake, "B01", "street.gucheng.c01", json!({"title": "夜间施工噪音", "description": "工地晚上施工，噪音很大，孩子睡不着。", "address": "古城大街"})).await);
    let dispatcher = app.token("dispatcher").await;
    let search = |token: String, q: &'static str| {
        let app = &app;
        async move {
            app.get_api(&format!("/api/v1/cases?q={}", enc(q)), Some(&token))
                .await
        }
    };
    for (q, expected) in [
        ("油烟", vec![oil.clone()]),
        ("漏水", vec![leak.clone()]),
        ("八角北路", vec![oil.clone()]),
        ("噪音 工地", vec![noise.clone()]),
        ("施工噪音", vec![noise.clone()]),
        ("3号楼", vec![oil.clone()]),
        ("燥音", vec![]),
        ("油烟 漏水", vec![]),
    ] {
        let r = search(dispatcher.clone(), q).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
        let mut want = expected.clone();
        want.sort();
        assert_eq!(numbers(&r.json()), want, "{q}");
        assert_eq!(r.json()["total"], expected.len(), "{q}");
    }
    // A place name in the description and in the address: both cases, the ranking puts both first.
    let r = search(dispatcher.clone(), "鲁谷").await.json();
    assert_eq!(numbers(&r), {
        let mut v = vec![oil.clone(), leak.clone()];
        v.sort();
        v
    });
    let r = search(dispatcher.clone(), "油烟").await.json();
    assert_eq!(
        r["highlights"][0]["title"], "餐馆<mark>油烟</mark>扰民",
        "{r}"
    );
    assert!(
        r["highlights"][0]["description"]
            .as_str()
            .unwrap()
            .contains("<mark>油烟</mark>")
    );
    // A street officer finds only the street's cases.
    let lugu = app.token("street-lugu").await;
    assert_eq!(
        numbers(&search(lugu.clone(), "油烟").await.json()),
        Vec::<String>::new(),
        "another street's case is not found"
    );
    assert_eq!(
        numbers(&search(lugu.clone(), "漏水").await.json()),
        vec![leak.clone()]
    );
    // A public reply is searchable at once.
    let case = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&leak).unwrap())
        .await
        .unwrap();
    let agent = app
        .store()
        .get_user(case.agent_id.unwrap())
        .await
        .unwrap()
        .username;
    let agent = app.token(&agent).await;
    assert_eq!(
        app.act(&agent, &leak, "accept", json!({})).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.act(
            &agent,
            &leak,
            "reply",
            json!({"text": "已联系物业更换防水层。"})
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        numbers(&search(dispatcher.clone(), "防水层").await.json()),
        vec![leak.clone()]
    );
    // What cannot be searched is refused in Chinese; filters combine with the words.
    for bad in ["灯", "，。", ""] {
        let r = app
            .get_api(&format!("/api/v1/cases?q={}", enc(bad)), Some(&dispatcher))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(r.json()["error"]["fields"][0]["code"], "q_too_short");
    }
    let long = "很".repeat(201);
    assert_eq!(
        app.get_api(
            &format!("/api/v1/cases?q={}", enc(&long)),
            Some(&dispatcher)
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .get_api(
            &format!("/api/v1/cases?q={}&kind=consultation", enc("油烟")),
            Some(&dispatcher),
        )
        .await
        .json();
    assert_eq!(r["total"], 0, "the kind filter applies too");
    // The staff list searches too, highlighted; and a rebuilt index finds the same.
    let browser = app.login("dispatcher").await;
    let page = app
        .get(
            &format!("/staff/cases?q={}", enc("油烟")),
            Some(&browser.cookie),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("餐馆<mark>油烟</mark>扰民"),
        "highlighted in the list"
    );
    assert!(page.body.contains(&oil) && !page.body.contains(&leak));
    // At intake the same words show the cases already filed.
    let seat = app.login("intake").await;
    let page = app
        .get(
            &format!("/staff/intake?q={}", enc("油烟")),
            Some(&seat.cookie),
        )
        .await;
    assert!(
        page.body.contains("id=\"related-cases\"") && page.body.contains(&oil),
        "related cases at intake"
    );
    // …and the knowledge base answers from its own full-text index, best match first.
    let page = app
        .get(
            &format!("/staff/intake?q={}", enc("暖气不热怎么办")),
            Some(&seat.cookie),
        )
        .await;
    let answers = &page.body[page.body.find("id=\"kb-answers\"").unwrap()..];
    assert!(
        answers
            .find("家里暖气不热怎么办？")
            .is_some_and(|at| at < 200),
        "first: {}",
        &answers[..400.min(answers.len())]
    );
    let page = app
        .get(
            &format!("/staff/intake?q={}", enc("低保")),
            Some(&seat.cookie),
        )
        .await;
    assert!(page.body.contains("如何申请低保？") && !page.body.contains("家里暖气不热怎么办？"));
    let rebuilt = gongzhi_app::search::reindex(&app.state.app, |_, _| {})
        .await
        .unwrap();
    assert!(rebuilt >= 3);
    assert_eq!(
        numbers(&search(dispatcher.clone(), "防水层").await.json()),
        vec![leak.clone()]
    );
    assert_eq!(
        app.store().index_counts().await.unwrap().0,
        app.store().index_counts().await.unwrap().1,
        "every case has its document"
    );
    app.finish().await;
}

on_both_backends!(chinese_words_are_found_within_the_callers_scope);

async fn a_likely_duplicate_is_shown_and_merged_in_one_click(app: TestApp) {
    let intake = app.token("intake").await;
    let no = |c: serde_json::Value| c["case_no"].as_str().unwrap().to_owned();
    let first = no(hotline_case(&app, &intake, "A01", "street.lugu.c01", json!({"title": "鲁谷路口井盖丢了", "description": "鲁谷路和五芳园交叉口的井盖丢了，晚上很危险。"})).await);
    let second = no(hotline_case(&app, &intake, "A01", "street.lugu.c01", json!({"title": "路口井盖丢失", "description": "鲁谷路五芳园路口井盖丢了，有人差点掉下去。"})).await);
    let other = no(hotline_case(
        &app,
        &intake,
        "A01",
        "street.lugu.c01",
        json!({"title": "楼道灯坏了", "description": "3号楼2单元楼道灯坏了一周。"}),
    )
    .await);
    let elsewhere = no(hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({"title": "路口井盖丢失", "description": "鲁谷路五芳园路口井盖丢了，有人差点掉下去。"})).await);
    let dispatcher = app.token("dispatcher").await;
    let r = app
        .get_api(
            &format!("/api/v1/cases/{second}/similar"),
            Some(&dispatcher),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let found: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_no"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        found,
        vec![first.clone()],
        "the same matter nearby, not another matter nor another community's"
    );
    assert!(r.json()[0]["similarity"].as_f64().unwrap() >= 0.3);
    assert!(!found.contains(&other) && !found.contains(&elsewhere));
    // At intake, typing the same matter at the same place lists it before a third case is filed.
    let seat = app.login("intake").await;
    let c = app
        .store()
        .get_unit_by_code("street.lugu.c01")
        .await
        .unwrap()
        .unit
        .centre
        .unwrap();
    let typed = format!(
        "/staff/suggest?title={}&description={}&lat={}&lon={}",
        crate::support::enc("井盖丢了"),
        crate::support::enc("鲁谷路五芳园路口的井盖丢了。"),
        c.lat,
        c.lon
    );
    let fragment = app.get(&typed, Some(&seat.cookie)).await;
    assert!(
        fragment.body.contains("id=\"intake-repeats\"")
            && fragment.body.contains(&first)
            && fragment.body.contains(&second),
        "{}",
        fragment.body
    );
    assert!(!fragment.body.contains(&elsewhere) && !fragment.body.contains(&other));
    // A resident's report of it waits in the dispatcher's queue, marked as a likely duplicate.
    let mut body = crate::support::resident_json();
    body["title"] = json!("井盖丢了");
    body["description"] = json!("鲁谷路五芳园路口井盖丢了，很危险。");
    body["lat"] = json!(c.lat);
    body["lon"] = json!(c.lon);
    let queued = app.post_json("/api/v1/cases", None, &body).await.json()["case_no"]
        .as_str()
        .unwrap()
        .to_owned();
    // On the case page, one click merges it.
    let browser = app.login("dispatcher").await;
    let queue = app
        .get("/staff/cases?view=dispatch", Some(&browser.cookie))
        .await;
    assert!(
        queue
            .body
            .contains(&format!("href=\"/staff/cases/{queued}#similar\"")),
        "the queue marks it"
    );
    let page = app
        .get(&format!("/staff/cases/{second}"), Some(&browser.cookie))
        .await;
    assert!(
        page.body.contains("id=\"similar\"") && page.body.contains(&first),
        "shown on the case page"
    );
    let r = app
        .post_form(
            &format!("/staff/cases/{second}/merge"),
            Some(&browser.cookie),
            &[("csrf", &browser.csrf), ("case_no", &first)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let merged = app
        .get_api(&format!("/api/v1/cases/{second}"), Some(&dispatcher))
        .await
        .json();
    assert_eq!(merged["status"], "merged");
    let left: Vec<String> = app
        .get_api(&format!("/api/v1/cases/{first}/similar"), Some(&dispatcher))
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_no"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        left,
        vec![queued.clone()],
        "a merged case is no longer a candidate"
    );
    app.finish().await;
}

on_both_backends!(a_likely_duplicate_is_shown_and_merged_in_one_click);
