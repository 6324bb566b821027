//! How many times a list page takes a connection from the pools (`Store::acquisitions`, one per statement outside a
//! transaction): it must not grow with the page's rows. Each list is read with few rows and with more, and the
//! counts compared; pages whose rows the test cannot vary are held to a bound far below their row count.

use serde_json::json;

use crate::support::*;

on_both_backends!(list_pages_read_the_same_whatever_their_rows);

/// What one GET costs in connections handed out, after one warm-up read of the same page.
async fn cost(app: &TestApp, path: &str, cookie: Option<&str>) -> u64 {
    let warm = app.get(path, cookie).await;
    assert!(warm.status.is_success(), "{path}: {}", warm.status);
    let before = app.store().acquisitions();
    let r = app.get(path, cookie).await;
    assert!(r.status.is_success(), "{path}: {}", r.status);
    app.store().acquisitions() - before
}

async fn list_pages_read_the_same_whatever_their_rows(app: TestApp) {
    let intake = app.token("intake").await;
    let dispatcher = app.login("dispatcher").await;
    let admin = app.login("admin").await;
    // Cases waiting for dispatch (no category), alike and from one caller, so each row has near-duplicates and
    // repeats to count; and routed ones with a category for the public Open311 list.
    let add = |n: usize| {
        let (app, intake) = (&app, &intake);
        async move {
            for i in 0..n {
                hotline_case(
                    app,
                    intake,
                    "B04",
                    "street.bajiao.c01",
                    json!({"category": null, "title": format!("楼道堆物第{i}处"), "description": "楼道堆满杂物，影响通行。"}),
                )
                .await;
                hotline_case(app, intake, "B04", "street.bajiao.c01", json!({})).await;
            }
        }
    };
    let pages = [
        (
            "/staff/cases?view=dispatch",
            Some(dispatcher.cookie.as_str()),
        ),
        ("/staff/cases?view=all", Some(dispatcher.cookie.as_str())),
        ("/api/v1/cases?per_page=50", None),
        ("/open311/v2/requests.json", None),
    ];
    add(2).await;
    let mut few = Vec::new();
    for (path, cookie) in pages {
        few.push(page_cost(&app, path, cookie, &intake).await);
    }
    add(7).await;
    for ((path, cookie), before) in pages.into_iter().zip(few) {
        let after = page_cost(&app, path, cookie, &intake).await;
        assert_eq!(
            after, before,
            "{path}: {before} statements with 4 rows, {after} with 18: it reads per row"
        );
    }
    // The dispatcher's queue really shows the counts that used to be read per row.
    let queue = app
        .get("/staff/cases?view=dispatch", Some(&dispatcher.cookie))
        .await
        .body;
    assert!(
        queue.contains("楼道堆物第6处"),
        "the queue lists the new cases"
    );
    // All 18 cases came from one phone within the month: each row counts the other 17.
    assert!(
        queue.contains("data-same-caller=\"17\""),
        "the repeats from the same caller are counted for the whole page"
    );
    assert!(queue.contains("#similar"), "alike cases nearby are counted");
    // Pages whose rows are the demo's: far fewer statements than rows (≈50 categories, the units).
    for (path, cookie, bound) in [
        ("/admin/catalogue", &admin.cookie, 10),
        ("/staff", &admin.cookie, 20),
        ("/staff", &dispatcher.cookie, 20),
    ] {
        let n = cost(&app, path, Some(cookie)).await;
        assert!(n <= bound, "{path}: {n} statements");
    }
    app.finish().await;
}

/// A page's cost as staff (a cookie) or through the API (the intake's token) or in public (neither).
async fn page_cost(app: &TestApp, path: &str, cookie: Option<&str>, token: &str) -> u64 {
    if cookie.is_some() || path.starts_with("/open311") {
        return cost(app, path, cookie).await;
    }
    let warm = app.get_api(path, Some(token)).await;
    assert!(warm.status.is_success(), "{path}: {}", warm.status);
    let before = app.store().acquisitions();
    let r = app.get_api(path, Some(token)).await;
    assert!(r.status.is_success(), "{path}: {}", r.status);
    app.store().acquisitions() - before
}
