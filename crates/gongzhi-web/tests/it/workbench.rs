//! The workbench has no dead ends: signed in as each featured role of the demo district, a crawler follows every
//! link of every page it reaches (within a budget, a few pages of each shape) and finds no 403, 404 or server error.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{TestApp, hotline_case};

/// A path's shape: digit runs and ids stand for any (so the crawl reads a few cases, not all of them).
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| if seg.chars().any(|c| c.is_ascii_digit()) && seg.len() >= 8 { "{id}" } else { seg })
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
        .filter(|h| !h.starts_with("/static/") && !h.starts_with("/api/") && !h.contains(".xlsx") && h != "/logout")
        .collect()
}

#[tokio::test]
async fn no_role_meets_a_dead_end() {
    let app = TestApp::new().await;
    // Something to list: cases at each tier, one waiting for dispatch.
    let intake = app.token("intake").await;
    hotline_case(&app, &intake, "A01", "street.bajiao.c01", json!({})).await;
    hotline_case(&app, &intake, "B04", "street.bajiao.c02", json!({"title": "餐馆油烟扰民"})).await;
    hotline_case(&app, &intake, "C01", "street.gucheng.c01", json!({"title": "新增违建"})).await;
    let r = app.post_json("/api/v1/cases", None, &crate::support::resident_json()).await;
    assert_eq!(r.status, StatusCode::CREATED);

    let mut dead: Vec<String> = Vec::new();
    for user in gongzhi_domain::demo::FEATURED_USERS {
        let browser = app.login(user).await;
        let mut queue: std::collections::VecDeque<(String, String)> = std::collections::VecDeque::from([("/staff".to_owned(), "login".to_owned())]);
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
    let ok = app.get("/staff/cases?page=1&from=2026-01-01", Some(&desk.cookie)).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(!ok.body.contains("data-notice"));
    let past = app.get("/staff/cases?page=99999", Some(&desk.cookie)).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.body.contains("没有第 99999 页（共 1 页），已显示最后一页。"), "{}", past.body);
    assert!(past.body.contains("第 1 / 1 页") || past.body.contains("1 / 1"), "the page shown is one that exists");
    for (q, says) in [("from=2026-13-45", "起始日期"), ("to=yesterday", "截止日期"), ("page=abc", "页码应为正整数")] {
        let r = app.get(&format!("/staff/cases?{q}"), Some(&desk.cookie)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        assert!(r.body.contains("data-notice") && r.body.contains(says), "{q}: {}", r.body.split("data-notice").nth(1).unwrap_or(""));
    }
    app.finish().await;
}
