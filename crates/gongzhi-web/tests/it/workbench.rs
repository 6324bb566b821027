//! The workbench has no dead ends: signed in as each featured role of the demo district, a crawler follows every
//! link of every page it reaches (within a budget, a few pages of each shape) and finds no 403, 404 or server error.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, hotline_case};

/// A path's shape: digit runs and ids stand for any (so the crawl reads a few cases, not all of them).
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) && seg.len() >= 8 {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn links(body: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .map(|h| h.split('#').next().unwrap_or("").to_owned())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .filter(|h| {
            !h.starts_with("/static/")
                && !h.starts_with("/api/")
                && !h.contains(".xlsx")
                && h != "/logout"
        })
        .collect()
}

#[tokio::test]
async fn no_role_meets_a_dead_end() {
    let app = TestApp::new().await;
    // Something to list: cases at each tier, one waiting for dispatch.
    let intake = app.token("intake").await;
    hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    hotline_case(
        &app,
        &intake,
        "B04",
        "street.bajiao.c02",
        json!({"title": "餐馆油烟扰民"}),
    )
    .await;
    hotline_case(
        &app,
        &intake,
        "C01",
        "street.gucheng.c01",
        json!({"title": "新增违建"}),
    )
    .await;
    let r = app
        .post_json("/api/v1/cases", None, &crate::support::resident_json())
        .await;
    assert_eq!(r.status, StatusCode::CREATED);

    let mut dead: Vec<String> = Vec::new();
    for user in gongzhi_demo::FEATURED_USERS {
        let browser = app.login(user).await;
        let mut queue: std::collections::VecDeque<(String, String)> =
            std::collections::VecDeque::from([("/staff".to_owned(), "login".to_owned())]);
        let mut seen = std::collections::HashSet::new();
        let mut shapes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut read = 0;
        while let Some((path, from)) = queue.pop_front() {
            if !seen.insert(path.clone()) || read >= 150 {
                continue;
            }
            let n = shapes.entry(shape(&path)).or_default();
            *n += 1;
            if *n > 3 {
                continue;
            }
            read += 1;
            let r = app.get(&path, Some(&browser.cookie)).await;
            let s = r.status;
            if s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND || s.is_server_error() {
                dead.push(format!("{user}: {path} answered {s} (linked from {from})"));
                continue;
            }
            if s.is_success() {
                for l in links(&r.body) {
                    if !seen.contains(&l) {
                        queue.push_back((l, path.clone()));
                    }
                }
            }
        }
        assert!(read >= 3, "{user} reached only {read} pages");
    }
    assert!(dead.is_empty(), "dead ends:\n{}", dead.join("\n"));
    app.finish().await;
}

#[tokio::test]
async fn page_numbers_and_dates_in_the_case_list_are_checked() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let desk = app.login("dispatcher").await;
    let ok = app
        .get("/staff/cases?page=1&from=2026-01-01", Some(&desk.cookie))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(!ok.body.contains("data-notice"));
    let past = app
        .get("/staff/cases?view=all&page=99999", Some(&desk.cookie))
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        past.body
            .contains("没有第 99999 页（共 1 页），已显示最后一页。"),
        "{}",
        past.body
    );
    assert!(
        past.body.contains("第 1 / 1 页") || past.body.contains("1 / 1"),
        "the page shown is one that exists"
    );
    // Overdue cases say by how many days (a started day counts).
    let case = app
        .store()
        .list_cases(
            &gongzhi_store::cases::CaseFilter::new(gongzhi_domain::org::Scope::District, app.now()),
            gongzhi_store::PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let due = case.handle_due_at.unwrap();
    app.state.app.clock().set(due + 2 * 86_400_000 + 60_000);
    let desk = app.login("dispatcher").await;
    let late = app.get("/staff/cases?overdue=1", Some(&desk.cookie)).await;
    assert!(
        late.body.contains("data-overdue-days=\"3\">超期 3 天"),
        "{}",
        late.body
    );
    for (q, says) in [
        ("from=2026-13-45", "起始日期"),
        ("to=yesterday", "截止日期"),
        ("page=abc", "页码应为正整数"),
    ] {
        let r = app
            .get(&format!("/staff/cases?{q}"), Some(&desk.cookie))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert!(
            r.body.contains("data-notice") && r.body.contains(says),
            "{q}: {}",
            r.body.split("data-notice").nth(1).unwrap_or("")
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn public_submissions_are_limited_per_address() {
    let app = TestApp::new().await;
    let post = |addr: &'static str| {
        let app = &app;
        async move {
            app.post_form_from("/submit", None, &crate::support::resident_form(), addr)
                .await
        }
    };
    for _ in 0..10 {
        assert_eq!(post("10.1.1.1").await.status, StatusCode::SEE_OTHER);
    }
    let refused = post("10.1.1.1").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("请求过于频繁，请稍后再试。"),
        "{}",
        refused.body
    );
    // A mistake does not count: only valid submissions are.
    let mut wrong = crate::support::resident_form();
    wrong.retain(|(k, _)| *k != "phone");
    assert_eq!(
        app.post_form_from("/submit", None, &wrong, "10.1.1.2")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Another address, and the same one ten minutes later, are served; the API is limited alike.
    assert_eq!(post("10.1.1.2").await.status, StatusCode::SEE_OTHER);
    app.state.app.clock().advance(10 * 60_000 + 1);
    assert_eq!(post("10.1.1.1").await.status, StatusCode::SEE_OTHER);
    for _ in 0..9 {
        app.post_form_from(
            "/submit",
            None,
            &crate::support::resident_form(),
            "10.1.1.3",
        )
        .await;
    }
    let mut body = crate::support::resident_json();
    body["phone"] = json!("13700001234");
    let mut last = None;
    for expected in [StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS] {
        let request = axum::http::Request::builder()
            .method("POST")
            .uri("/api/v1/cases")
            .header("content-type", "application/json")
            .header("x-forwarded-for", "10.1.1.3")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        let r = app.send(request).await;
        assert_eq!(
            r.status, expected,
            "the tenth is served, the eleventh refused"
        );
        last = Some(r);
    }
    let r = last.unwrap();
    assert_eq!(r.json()["error"]["code"], "too_many_requests");
    app.finish().await;
}

async fn a_callers_cases_are_found_by_number(app: TestApp) {
    let intake = app.token("intake").await;
    let no = |c: serde_json::Value| c["case_no"].as_str().unwrap().to_owned();
    let first = no(hotline_case(
        &app,
        &intake,
        "A01",
        "street.bajiao.c01",
        json!({"phone": "13812341234"}),
    )
    .await);
    let second = no(hotline_case(
        &app,
        &intake,
        "B04",
        "street.lugu.c01",
        json!({"phone": "13812341234", "title": "餐馆油烟"}),
    )
    .await);
    let report = no(hotline_case(
        &app,
        &intake,
        "G02",
        "street.bajiao.c01",
        json!({"phone": "13812341234", "kind": "report", "title": "无证经营"}),
    )
    .await);
    let other = no(hotline_case(
        &app,
        &intake,
        "A01",
        "street.bajiao.c01",
        json!({"phone": "13900009999"}),
    )
    .await);
    let numbers = |v: &serde_json::Value| {
        let mut n: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["case_no"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    };
    // The hotline sees every case of the number, the confidential report included; not another caller's.
    let r = app
        .get_api("/api/v1/cases?phone=13812341234", Some(&intake))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut want = vec![first.clone(), second.clone(), report.clone()];
    want.sort();
    assert_eq!(numbers(&r.json()), want);
    assert_eq!(
        numbers(
            &app.get_api("/api/v1/cases?phone=%2B8613812341234", Some(&intake))
                .await
                .json()
        ),
        want,
        "+86 is the same number"
    );
    // A street officer: the street's cases of the number, never the confidential report.
    let street = app.token("street-bajiao").await;
    assert_eq!(
        numbers(
            &app.get_api("/api/v1/cases?phone=13812341234", Some(&street))
                .await
                .json()
        ),
        vec![first.clone()]
    );
    // Roles that call no residents may not look a number up; a wrong number is said.
    let leader = app.token("leader").await;
    assert_eq!(
        app.get_api("/api/v1/cases?phone=13812341234", Some(&leader))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_api("/api/v1/cases?phone=12", Some(&intake))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // At intake, typing the number shows the caller's cases, open ones first.
    let seat = app.login("intake").await;
    let fragment = app
        .get("/staff/caller?phone=138-1234-1234", Some(&seat.cookie))
        .await;
    assert!(
        fragment.body.contains("id=\"caller-cases\"")
            && fragment.body.contains(&first)
            && fragment.body.contains(&second),
        "{}",
        fragment.body
    );
    assert!(!fragment.body.contains(&other));
    assert!(
        !app.get("/staff/caller?phone=1381", Some(&seat.cookie))
            .await
            .body
            .contains("<li>"),
        "not a number yet: nothing"
    );
    // The header's quick search: a case number opens it, a phone lists the caller's cases, words search.
    let r = app
        .get(&format!("/staff/find?q={first}"), Some(&seat.cookie))
        .await;
    assert_eq!(
        (r.status, r.location()),
        (
            StatusCode::SEE_OTHER,
            format!("/staff/cases/{first}").as_str()
        )
    );
    let r = app
        .get("/staff/find?q=138%201234%201234", Some(&seat.cookie))
        .await;
    assert_eq!(r.location(), "/staff/cases?phone=13812341234");
    let list = app.get(r.location(), Some(&seat.cookie)).await;
    assert!(
        list.body.contains(&first) && list.body.contains(&second) && !list.body.contains(&other)
    );
    let r = app
        .get(
            &format!("/staff/find?q={}", crate::support::enc("油烟")),
            Some(&seat.cookie),
        )
        .await;
    assert!(r.location().starts_with("/staff/cases?q="));
    assert!(
        app.get("/staff", Some(&seat.cookie))
            .await
            .body
            .contains("id=\"quick-find\"")
    );
    app.finish().await;
}

on_both_backends!(a_callers_cases_are_found_by_number);

#[tokio::test]
async fn every_action_is_confirmed_on_the_next_page() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    let stored = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let agent = app
        .store()
        .get_user(stored.agent_id.unwrap())
        .await
        .unwrap()
        .username;
    let browser = app.login(&agent).await;
    let r = app
        .post_form(
            &format!("/staff/cases/{no}/accept"),
            Some(&browser.cookie),
            &[("csrf", &browser.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let set = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("gz_flash="))
        .expect("a flash");
    assert!(set.starts_with("gz_flash=accept;"), "{set}");
    let cookies = format!("{}; gz_flash=accept", browser.cookie);
    let page = app.get(r.location(), Some(&cookies)).await;
    assert!(
        page.body.contains(
            "<p class=\"flash\" id=\"flash\" role=\"status\">已接单，请按时联系群众。</p>"
        ),
        "shown at the top"
    );
    assert!(
        page.headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("gz_flash=; ")),
        "and cleared"
    );
    // A refusal leaves no confirmation; an unknown key is never shown.
    let r = app
        .post_form(
            &format!("/staff/cases/{no}/accept"),
            Some(&browser.cookie),
            &[("csrf", &browser.csrf)],
        )
        .await;
    assert!(r.location().contains("error="));
    assert!(
        !r.headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("gz_flash="))
    );
    let page = app
        .get(
            &format!("/staff/cases/{no}"),
            Some(&format!("{}; gz_flash=%3Cscript%3E", browser.cookie)),
        )
        .await;
    assert!(!page.body.contains("id=\"flash\""));
    // An administrator's edit is confirmed too (the generic message).
    let admin = app.login("admin").await;
    let r = app
        .post_form(
            "/admin/kb",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("question", "如何办理居住证？"),
                ("answer", "到社区登记后由派出所办理。"),
                ("categories", "N01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.headers.get_all("set-cookie").iter().any(|v| v
            .to_str()
            .unwrap()
            .starts_with("gz_flash=kb;")
            || v.to_str().unwrap().starts_with("gz_flash=saved;"))
    );
    app.finish().await;
}

#[tokio::test]
async fn error_pages_keep_the_staff_header() {
    let app = TestApp::new().await;
    let worker = app.login("community-bajiao").await;
    for (path, status) in [
        ("/admin/units", StatusCode::FORBIDDEN),
        ("/staff/cases/20990101000001", StatusCode::NOT_FOUND),
        ("/no/such/page", StatusCode::NOT_FOUND),
    ] {
        let r = app.get(path, Some(&worker.cookie)).await;
        assert_eq!(r.status, status, "{path}");
        assert!(
            r.body.contains("href=\"/staff/cases\"") && r.body.contains("action=\"/logout\""),
            "{path}: the staff header"
        );
        assert!(
            r.body.contains("id=\"back-to-workbench\""),
            "{path}: back to the workbench"
        );
    }
    // Signed out, the public header and the way home.
    let r = app.get("/no/such/page", None).await;
    assert!(r.body.contains("href=\"/submit\"") && !r.body.contains("back-to-workbench"));
    app.finish().await;
}

/// The position of each case number in a page, in the order the page shows them.
fn order_of(body: &str, numbers: &[&str]) -> Vec<usize> {
    numbers
        .iter()
        .map(|n| {
            body.find(&format!("href=\"/staff/cases/{n}\""))
                .unwrap_or_else(|| panic!("{n} listed"))
        })
        .collect()
}

async fn a_dispatcher_works_the_queue_in_bulk(app: TestApp) {
    use gongzhi_domain::cases::{CaseNo, CaseStatus, Outcome};
    let mut waiting = Vec::new();
    for i in 0..4 {
        let mut body = crate::support::resident_json();
        body["title"] = json!(format!("楼道灯坏了{i}"));
        let r = app.post_json("/api/v1/cases", None, &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        waiting.push(r.json()["case_no"].as_str().unwrap().to_owned());
    }
    let stored = |no: String| {
        let store = app.store().clone();
        async move {
            store
                .get_case_by_no(&CaseNo::parse(&no).unwrap())
                .await
                .unwrap()
        }
    };
    let dispatcher = app.login("dispatcher").await;
    let queue = app.get("/staff/cases", Some(&dispatcher.cookie)).await;
    assert!(
        queue.body.contains("id=\"bulk\"")
            && queue.body.contains("id=\"bulk-route\"")
            && queue.body.contains("id=\"bulk-invalidate\"")
    );
    assert!(queue.body.contains(&format!(
        "name=\"case_no\" value=\"{}\" form=\"bulk\"",
        waiting[0]
    )));
    assert!(
        queue.body.contains("data-same-caller=\"3\""),
        "four calls from one phone: each says there are three more"
    );

    // Route two at once: both go where the catalogue sends them.
    let form = |action: &'static str, extra: Vec<(&'static str, String)>, cases: &[&String]| {
        let mut f: Vec<(&str, String)> = vec![
            ("csrf", dispatcher.csrf.clone()),
            ("return", "?view=dispatch".into()),
            ("action", action.into()),
        ];
        f.extend(extra);
        f.extend(cases.iter().map(|c| ("case_no", (*c).clone())));
        f
    };
    let (on, by) = (&app, &dispatcher);
    let send = |pairs: Vec<(&'static str, String)>| async move {
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        on.post_form("/staff/cases/bulk", Some(&by.cookie), &borrowed)
            .await
    };
    let r = send(form(
        "route",
        vec![("category", "A01".into())],
        &[&waiting[0], &waiting[1]],
    ))
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        r.location()
            .starts_with("/staff/cases?view=dispatch&bulk_done=2"),
        "{}",
        r.location()
    );
    let page = app.get(r.location(), Some(&dispatcher.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"bulk-done\">2<"),
        "the result is said"
    );
    for no in &waiting[..2] {
        assert_eq!(stored(no.clone()).await.status, CaseStatus::Assigned);
    }
    // A missing choice is said, and nothing is done.
    let r = send(form("invalidate", vec![], &[&waiting[2]])).await;
    assert!(
        r.location().contains("error=bulk_reason"),
        "{}",
        r.location()
    );
    assert!(
        app.get(r.location(), Some(&dispatcher.cookie))
            .await
            .body
            .contains("请先选择无效原因")
    );
    let r = send(form("invalidate", vec![("reason", "test".into())], &[])).await;
    assert!(r.location().contains("error=bulk_none"));
    assert_eq!(
        stored(waiting[2].clone()).await.status,
        CaseStatus::Received
    );
    // Junk is disposed of as invalid with a reason; a case routed meanwhile is refused and named, the rest done.
    let r = send(form(
        "invalidate",
        vec![("reason", "test".into()), ("note", "测试提交".into())],
        &[&waiting[2], &waiting[0]],
    ))
    .await;
    assert!(r.location().contains("bulk_done=1"), "{}", r.location());
    let page = app.get(r.location(), Some(&dispatcher.cookie)).await;
    assert!(
        page.body.contains("id=\"bulk-refused\">1<")
            && page.body.contains(&waiting[0])
            && page.body.contains("只有待派单的诉求可以标为无效件"),
        "{}",
        page.body
    );
    let junk = stored(waiting[2].clone()).await;
    assert_eq!(
        (junk.status, junk.outcome),
        (CaseStatus::Closed, Some(Outcome::Invalid))
    );
    // Counted and reviewable: the invalid view lists it, the resident's page says why, and no verdict is asked.
    let invalid = app
        .get("/staff/cases?view=invalid", Some(&dispatcher.cookie))
        .await;
    assert!(invalid.body.contains(&waiting[2]) && !invalid.body.contains(&waiting[3]));
    assert!(
        invalid.body.contains("id=\"cases-total\">共 1 件"),
        "counted"
    );
    let track = app
        .get(
            &format!("/track?case_no={}&phone_last4=1234", waiting[2]),
            None,
        )
        .await;
    assert!(
        track.body.contains("已作为无效件办结")
            && track.body.contains("测试")
            && !track.body.contains("测试提交"),
        "the reason, not the note"
    );
    assert!(
        !track.body.contains("name=\"satisfaction\""),
        "no verdict on an invalid case"
    );
    // A reviewer of the assessment office restores it to the queue.
    let reviewer = app.login("evaluator").await;
    let case_page = app
        .get(
            &format!("/staff/cases/{}", waiting[2]),
            Some(&reviewer.cookie),
        )
        .await;
    assert!(case_page.body.contains("id=\"restore-form\""));
    let r = app
        .post_form(
            &format!("/staff/cases/{}/restore", waiting[2]),
            Some(&reviewer.cookie),
            &[("csrf", &reviewer.csrf), ("note", "确有诉求，恢复派单")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        stored(waiting[2].clone()).await.status,
        CaseStatus::Received
    );

    // Someone else's bulk form does nothing: a community worker is refused on every case.
    let worker = app.login("community-bajiao").await;
    let r = app
        .post_form(
            "/staff/cases/bulk",
            Some(&worker.cookie),
            &[
                ("csrf", &worker.csrf),
                ("action", "invalidate"),
                ("reason", "spam"),
                ("case_no", &waiting[3]),
            ],
        )
        .await;
    assert!(r.location().contains("bulk_done=0"), "{}", r.location());
    assert_eq!(
        stored(waiting[3].clone()).await.status,
        CaseStatus::Received
    );
    // At most a hundred at once; an unknown action is a wrong field.
    let distinct: Vec<String> = (0..101).map(|i| format!("2026010100{i:04}")).collect();
    let mut many: Vec<(&str, &str)> = Vec::new();
    many.extend(distinct.iter().map(|n| ("case_no", n.as_str())));
    many.extend([
        ("csrf", dispatcher.csrf.as_str()),
        ("action", "route"),
        ("category", "A01"),
    ]);
    assert_eq!(
        app.post_form("/staff/cases/bulk", Some(&dispatcher.cookie), &many)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app
        .post_form(
            "/staff/cases/bulk",
            Some(&dispatcher.cookie),
            &[
                ("csrf", &dispatcher.csrf),
                ("action", "delete"),
                ("case_no", &waiting[3]),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.finish().await;
}

on_both_backends!(a_dispatcher_works_the_queue_in_bulk);

async fn lists_sort_by_deadline_and_received_time_and_leaders_land_on_theirs(app: TestApp) {
    let intake = app.token("intake").await;
    let no = |c: serde_json::Value| c["case_no"].as_str().unwrap().to_owned();
    // Received in this order; the emergency (hours) falls due first, the ordinary ones in working days.
    let ordinary = no(hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await);
    let emergency = no(hotline_case(
        &app,
        &intake,
        "E05",
        "street.bajiao.c01",
        json!({"title": "燃气泄漏"}),
    )
    .await);
    let later = no(hotline_case(
        &app,
        &intake,
        "A02",
        "street.bajiao.c02",
        json!({"title": "垃圾分类设施损坏"}),
    )
    .await);
    let dispatcher = app.login("dispatcher").await;
    let all = |sort: &str| {
        let cookie = dispatcher.cookie.clone();
        let path = format!("/staff/cases?view=all&sort={sort}");
        let app = &app;
        async move { app.get(&path, Some(&cookie)).await }
    };
    let newest = all("received").await;
    let o = order_of(&newest.body, &[&later, &emergency, &ordinary]);
    assert!(o[0] < o[1] && o[1] < o[2], "newest first");
    let oldest = all("received_asc").await;
    let o = order_of(&oldest.body, &[&ordinary, &emergency, &later]);
    assert!(o[0] < o[1] && o[1] < o[2], "oldest first");
    let due = all("due").await;
    assert!(due.body.contains("<option value=\"due\" selected>"));
    let stored = |n: &str| {
        let store = app.store().clone();
        let n = n.to_owned();
        async move {
            store
                .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&n).unwrap())
                .await
                .unwrap()
                .handle_due_at
                .unwrap()
        }
    };
    let mut by_due = vec![
        (stored(&ordinary).await, ordinary.clone()),
        (stored(&emergency).await, emergency.clone()),
        (stored(&later).await, later.clone()),
    ];
    by_due.sort();
    let o = order_of(&due.body, &[&by_due[0].1, &by_due[1].1, &by_due[2].1]);
    assert!(
        o[0] < o[1] && o[1] < o[2],
        "soonest deadline first: {by_due:?}"
    );
    let bad = all("sideways").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("排序方式无效"));

    // A district leader lands on what leaders supervise and own.
    let leader_token = app.token("leader").await;
    let tomorrow = gongzhi_domain::format_local(app.now() + 86_400_000)[..10].to_owned();
    let r = app
        .act(
            &leader_token,
            &ordinary,
            "supervise",
            json!({"instruction": "请尽快处理", "answer_by": tomorrow}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let leader = app.login("leader").await;
    let landing = app.get("/staff/cases", Some(&leader.cookie)).await;
    assert!(
        landing
            .body
            .contains("href=\"?view=leader\" class=\"current\""),
        "the leader's queue"
    );
    assert!(landing.body.contains(&ordinary) && !landing.body.contains(&later));
    assert_eq!(
        app.get("/staff/cases?view=leader", Some(&dispatcher.cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

on_both_backends!(lists_sort_by_deadline_and_received_time_and_leaders_land_on_theirs);

#[tokio::test]
async fn a_case_prints_as_a_work_order() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let case = hotline_case(
        &app,
        &intake,
        "A01",
        "street.bajiao.c01",
        json!({"title": "楼道堆物影响通行"}),
    )
    .await;
    let no = case["case_no"].as_str().unwrap();
    let dispatcher = app.login("dispatcher").await;
    let page = app
        .get(&format!("/staff/cases/{no}"), Some(&dispatcher.cookie))
        .await;
    assert!(
        page.body
            .contains(&format!("href=\"/staff/cases/{no}/print\""))
    );
    let order = app
        .get(
            &format!("/staff/cases/{no}/print"),
            Some(&dispatcher.cookie),
        )
        .await;
    assert_eq!(order.status, StatusCode::OK);
    assert!(
        order.body.contains("诉求办理工单")
            && order.body.contains(&format!("id=\"order-case-no\">{no}<"))
            && order.body.contains("楼道堆物影响通行")
    );
    assert!(
        order.body.contains("A01") && order.body.contains("承办人签字"),
        "category and lines to sign"
    );
    // Only those who may see the case may print it.
    let other = app.login("street-gucheng").await;
    assert_eq!(
        app.get(&format!("/staff/cases/{no}/print"), Some(&other.cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.finish().await;
}

async fn agents_start_replies_from_the_canned_replies_of_their_category(app: TestApp) {
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    // The dispatch centre keeps them: a wrong category is said beside the field, with what was typed.
    let dispatcher = app.login("dispatcher").await;
    let r = app
        .post_form(
            "/admin/replies",
            Some(&dispatcher.cookie),
            &[
                ("csrf", &dispatcher.csrf),
                ("category", "Z99"),
                ("title", "已清理"),
                ("text", "楼道杂物已清理完毕。"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("data-field=\"category\"") && r.body.contains("楼道杂物已清理完毕。"));
    let r = app
        .post_form(
            "/admin/replies",
            Some(&dispatcher.cookie),
            &[
                ("csrf", &dispatcher.csrf),
                ("category", "A01"),
                ("title", "已清理"),
                ("text", "楼道杂物已清理完毕。"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mine = app.store().replies_for(Some("A01")).await.unwrap();
    let added = mine
        .iter()
        .position(|r| r.title == "已清理")
        .expect("offered for its category");
    let general = mine
        .iter()
        .position(|r| r.category.is_none())
        .expect("and the general ones");
    assert!(added < general, "the category's own first");
    let added = mine[added].clone();
    assert!(
        !app.store()
            .replies_for(Some("B04"))
            .await
            .unwrap()
            .iter()
            .any(|r| r.title == "已清理"),
        "not another category's"
    );
    // The agent sees them on the reply form; choosing one (without scripts) fills the text box.
    let stored = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let agent = app
        .store()
        .get_user(stored.agent_id.unwrap())
        .await
        .unwrap()
        .username;
    let agent = app.login(&agent).await;
    let page = app
        .get(&format!("/staff/cases/{no}"), Some(&agent.cookie))
        .await;
    assert!(page.body.contains("id=\"canned-replies\"") && page.body.contains(">已清理</a>"));
    let chosen = app
        .get(
            &format!("/staff/cases/{no}?reply={}", added.id),
            Some(&agent.cookie),
        )
        .await;
    assert!(
        chosen
            .body
            .contains("id=\"reply-text\">楼道杂物已清理完毕。</textarea>")
    );
    // Retired, it is offered no more; agents do not keep them.
    let r = app
        .post_form(
            "/admin/replies/retire",
            Some(&dispatcher.cookie),
            &[("csrf", &dispatcher.csrf), ("id", &added.id)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !app.store()
            .replies_for(Some("A01"))
            .await
            .unwrap()
            .iter()
            .any(|r| r.title == "已清理")
    );
    assert_eq!(
        app.get("/admin/replies", Some(&agent.cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

on_both_backends!(agents_start_replies_from_the_canned_replies_of_their_category);

async fn the_district_is_drawn_without_a_tile_server_and_a_district_loads_its_own_map(
    app: TestApp,
) {
    // The approximate shapes: every street and community, named, marked approximate.
    let r = app.get("/map/district.geojson", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/geo+json")
    );
    let map = r.json();
    assert_eq!(map["approximate"], true);
    let features = map["features"].as_array().unwrap();
    let count = |kind: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["kind"] == kind)
            .count()
    };
    let units = app.store().list_units().await.unwrap();
    let communities = units
        .iter()
        .filter(|u| {
            u.unit.kind == gongzhi_domain::org::UnitKind::Community && u.unit.centre.is_some()
        })
        .count();
    assert_eq!((count("street"), count("community")), (9, communities));
    // A typed address is placed at its community.
    let community = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit;
    let r = app
        .get(
            &format!(
                "/map/locate?address={}",
                crate::support::enc(&format!("{}3号楼", community.name))
            ),
            None,
        )
        .await;
    let found = r.json();
    assert_eq!(
        (found["found"].as_bool(), found["community"].as_str()),
        (Some(true), Some(community.name.as_str())),
        "{}",
        r.body
    );
    assert!(app.get("/map/locate?address=xyz", None).await.json()["found"] == false);
    // The forms carry a map to tap; the case page shows its point; staff see the cases of their scope.
    assert!(
        app.get("/submit", None)
            .await
            .body
            .contains("data-map=\"pick\"")
    );
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap();
    let street = app.login("street-bajiao").await;
    assert!(
        app.get(&format!("/staff/cases/{no}"), Some(&street.cookie))
            .await
            .body
            .contains("data-map=\"point\"")
    );
    let seen = app.get("/staff/map", Some(&street.cookie)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.body.contains(&format!("\"{no}\"")) && seen.body.contains("id=\"map-approximate\"")
    );
    let elsewhere = app.login("street-gucheng").await;
    assert!(
        !app.get("/staff/map", Some(&elsewhere.cookie))
            .await
            .body
            .contains(&format!("\"{no}\"")),
        "another street's case is not on its map"
    );
    assert!(
        !app.get("/staff/map?category=B04", Some(&street.cookie))
            .await
            .body
            .contains(&format!("\"{no}\"")),
        "filtered out"
    );
    assert_eq!(
        app.get("/staff/map?from=2026-13-01", Some(&street.cookie))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // The district loads its own map; a wrong file is said and changes nothing.
    let admin = app.login("admin").await;
    let (ct, body) = crate::support::multipart(
        &[("csrf", &admin.csrf)],
        &[("map", "d.geojson", br#"{"type":"Feature"}"#)],
    );
    let r = app
        .post_raw("/admin/map", Some(&admin.cookie), &ct, body, "10.0.0.1")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("data-field=\"map\"") && r.body.contains("FeatureCollection"));
    assert_eq!(
        app.get("/map/district.geojson", None).await.json()["approximate"],
        true
    );
    let own = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"八角街道"},"geometry":{"type":"Polygon","coordinates":[[[116.19,39.90],[116.21,39.90],[116.21,39.92],[116.19,39.90]]]}}]}"#;
    let (ct, body) = crate::support::multipart(
        &[("csrf", &admin.csrf)],
        &[("map", "d.geojson", own.as_bytes())],
    );
    let r = app
        .post_raw("/admin/map", Some(&admin.cookie), &ct, body, "10.0.0.1")
        .await;
    assert_eq!(
        (r.status, r.location()),
        (StatusCode::SEE_OTHER, "/admin/map?loaded=1")
    );
    let now = app.get("/map/district.geojson", None).await.json();
    assert!(now["approximate"].is_null() && now["features"][0]["properties"]["name"] == "八角街道");
    assert!(
        !app.get("/staff/map", Some(&street.cookie))
            .await
            .body
            .contains("id=\"map-approximate\"")
    );
    assert_eq!(
        app.get("/admin/map", Some(&street.cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}

on_both_backends!(the_district_is_drawn_without_a_tile_server_and_a_district_loads_its_own_map);

/// The visible text of a page: tags, scripts, styles and `<code>` dropped, entities decoded enough to read.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tail = &rest[start..];
        // Whole elements whose content is not the page's words: scripts' data, styles, code, typed values.
        let mut skipped = false;
        for (open, close) in [
            ("<script", "</script>"),
            ("<style", "</style>"),
            ("<code", "</code>"),
            ("<textarea", "</textarea>"),
        ] {
            if tail.starts_with(open) {
                rest = tail
                    .find(close)
                    .map(|i| &tail[i + close.len()..])
                    .unwrap_or("");
                skipped = true;
                break;
            }
        }
        if skipped {
            continue;
        }
        // What is in another language says so with `lang` (the language switch; the mediation agreement, a document
        // whose words are prescribed in Chinese).
        let open_tag = &tail[..tail.find('>').unwrap_or(0)];
        if !tail.starts_with("<html") && open_tag.contains(" lang=") {
            let name: String = open_tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let close = format!("</{name}>");
            rest = tail
                .find(&close)
                .map(|i| &tail[i + close.len()..])
                .unwrap_or("");
            continue;
        }
        rest = tail.find('>').map(|i| &tail[i + 1..]).unwrap_or("");
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&nbsp;", " ")
}

fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn is_cjk_punctuation(c: char) -> bool {
    ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// On an English page, Chinese punctuation outside Chinese words (data — names, titles — stays as it is): each
/// run of Chinese characters, digits and Chinese punctuation that holds an ideograph is data and is removed first.
fn chinese_bleed(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if is_ideograph(chars[i]) || is_cjk_punctuation(chars[i]) {
            let start = i;
            let mut has_ideograph = false;
            while i < chars.len()
                && (is_ideograph(chars[i])
                    || is_cjk_punctuation(chars[i])
                    || chars[i].is_ascii_digit())
            {
                has_ideograph |= is_ideograph(chars[i]);
                i += 1;
            }
            if has_ideograph {
                keep[start..i].iter_mut().for_each(|k| *k = false);
            }
        } else {
            i += 1;
        }
    }
    let mut found = Vec::new();
    for (n, c) in chars.iter().enumerate() {
        if keep[n] && (is_cjk_punctuation(*c) && *c != '·' && *c != '—' && *c != '…') {
            let from = n.saturating_sub(20);
            found.push(
                chars[from..(n + 20).min(chars.len())]
                    .iter()
                    .collect::<String>(),
            );
        }
    }
    found
}

/// On a Chinese page, English words: a run of three or more ASCII letters with a lower-case one, standing alone (not
/// part of an identifier, an address or a number), and not a name the Chinese text uses as it is.
fn english_bleed(text: &str) -> Vec<String> {
    const KEPT: &[&str] = &[
        "GeoJSON",
        "WGS84",
        "Open311",
        "ECharts",
        "GeoReport",
        "jieba",
        "Bearer",
        "Swagger",
        "OpenAPI",
        "FeatureCollection",
        "Polygon",
        "MultiPolygon",
        "name",
        "App",
        "Excel",
        "max",
    ];
    let mut found = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.@/:".contains(c))) {
        let letters: String = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        if word.len() < 3
            || letters.len() != word.len()
            || !word.chars().any(|c| c.is_ascii_lowercase())
            || KEPT.contains(&word)
        {
            continue;
        }
        found.push(word.to_owned());
    }
    found
}

#[tokio::test]
async fn every_string_on_a_page_is_in_the_pages_language() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    hotline_case(
        &app,
        &intake,
        "B04",
        "street.bajiao.c02",
        json!({"title": "餐馆油烟扰民"}),
    )
    .await;
    let r = app
        .post_json("/api/v1/cases", None, &crate::support::resident_json())
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let mut problems: Vec<String> = Vec::new();
    for lang in ["zh", "en"] {
        for user in [
            "admin",
            "dispatcher",
            "intake",
            "leader",
            "evaluator",
            "street-bajiao",
            "community-bajiao",
            "dept-cgzf",
            "careadmin",
            "mediator",
        ] {
            let browser = app.login(user).await;
            let cookie = format!("{}; lang={lang}", browser.cookie);
            let mut queue = std::collections::VecDeque::from(["/staff".to_owned()]);
            let mut seen = std::collections::HashSet::new();
            let mut shapes: std::collections::HashMap<String, usize> = Default::default();
            while let Some(path) = queue.pop_front() {
                if !seen.insert(path.clone()) || seen.len() > 60 {
                    continue;
                }
                let n = shapes.entry(shape(&path)).or_default();
                *n += 1;
                if *n > 1 {
                    continue;
                }
                let r = app.get(&path, Some(&cookie)).await;
                if !r.status.is_success()
                    || !r
                        .headers
                        .get("content-type")
                        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"))
                {
                    continue;
                }
                let text = visible_text(&r.body);
                let bad = if lang == "en" {
                    chinese_bleed(&text)
                } else {
                    english_bleed(&text)
                };
                for b in bad {
                    problems.push(format!("{lang} {path}: {b}"));
                }
                for l in links(&r.body) {
                    if !l.starts_with("/lang/") && !l.contains("export") && !l.ends_with(".csv") {
                        queue.push_back(l);
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} strings in the other language:\n{}",
        problems.len(),
        problems.join("\n")
    );
    app.finish().await;
}

#[test]
fn templates_write_no_chinese_of_their_own() {
    // Both languages' pages come from the same templates: their own text (outside `{{ }}` and `{% %}`) must be free of
    // Chinese characters and punctuation, which come from the messages instead. The mediation agreement and the
    // decision document of an administrative penalty are documents whose words are prescribed in Chinese (both are
    // marked `lang="zh-CN"`).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if ["dispute_agreement.html", "enforcement_decision.html"].contains(&name.as_str()) {
            assert!(
                std::fs::read_to_string(&path)
                    .unwrap()
                    .contains("lang=\"zh-CN\""),
                "{name} is marked as Chinese"
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut own = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find(['{']) {
            own.push_str(&rest[..start]);
            let tail = &rest[start..];
            let close = match tail.get(..2) {
                Some("{{") => "}}",
                Some("{%") => "%}",
                Some("{#") => "#}",
                _ => {
                    own.push('{');
                    rest = &tail[1..];
                    continue;
                }
            };
            rest = tail.find(close).map(|i| &tail[i + 2..]).unwrap_or("");
        }
        own.push_str(rest);
        for line in own.lines() {
            if line.chars().any(|c| {
                is_ideograph(c) || is_cjk_punctuation(c) && c != '·' && c != '—' && c != '…'
            }) {
                problems.push(format!("{name}: {}", line.trim()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "Chinese written into templates:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_units_read_as_a_tree_and_a_filter_gives_a_table() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let page = app.get("/admin/units", Some(&admin.cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"units-tree\"") && !page.body.contains("id=\"units-table\""));
    // The district is open; a street folds its communities, which are inside it.
    let bajiao = app
        .store()
        .get_unit_by_code("street.bajiao")
        .await
        .unwrap()
        .unit;
    let community = app
        .store()
        .get_unit_by_code("street.bajiao.c01")
        .await
        .unwrap()
        .unit;
    let street_at = page
        .body
        .find(&format!("<a href=\"/admin/units/{}\">", bajiao.id))
        .expect("the street in the tree");
    let community_at = page
        .body
        .find(&format!("<a href=\"/admin/units/{}\">", community.id))
        .expect("the community in the tree");
    assert!(street_at < community_at);
    let opening = &page.body[..street_at];
    assert!(
        opening.ends_with("<li><details><summary>"),
        "a street is folded: {}",
        &opening[opening.len().saturating_sub(60)..]
    );
    assert!(page.body.contains("<details open>"), "the top is open");
    let table = app
        .get("/admin/units?kind=community", Some(&admin.cookie))
        .await;
    assert!(
        table.body.contains("id=\"units-table\"")
            && table.body.contains(&community.name)
            && !table.body.contains(&format!("id=\"u-{}\"", bajiao.id))
    );
    app.finish().await;
}

#[tokio::test]
async fn a_case_form_that_fails_validation_comes_back_with_what_was_typed() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let case = hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    let no = case["case_no"].as_str().unwrap().to_owned();
    let stored = app
        .store()
        .get_case_by_no(&gongzhi_domain::cases::CaseNo::parse(&no).unwrap())
        .await
        .unwrap();
    let agent = app
        .store()
        .get_user(stored.agent_id.unwrap())
        .await
        .unwrap()
        .username;
    let agent = app.login(&agent).await;
    let long = format!("已联系物业清理楼道。{}", "很".repeat(2000));
    let r = app
        .post_form(
            &format!("/staff/cases/{no}/reply"),
            Some(&agent.cookie),
            &[("csrf", &agent.csrf), ("text", &long)],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        &r.body[..200.min(r.body.len())]
    );
    assert!(
        r.body.contains("id=\"case-no\"") && r.body.contains(&long),
        "the case page again, the reply as typed"
    );
    assert!(
        r.body
            .contains("<span class=\"field-error\" data-field=\"text\">"),
        "said beside the field"
    );
    let r = app
        .post_form(
            &format!("/staff/cases/{no}/send_back"),
            Some(&agent.cookie),
            &[("csrf", &agent.csrf), ("reason", "   ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("data-field=\"reason\""));
    assert!(
        app.store()
            .case_timeline(stored.id, false)
            .await
            .unwrap()
            .iter()
            .all(|e| e.event != "replied"),
        "nothing stored"
    );
    app.finish().await;
}
