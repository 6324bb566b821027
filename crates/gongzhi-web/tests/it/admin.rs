//! Administration of units and users, and who may do it.

use axum::http::StatusCode;

use crate::support::*;

#[tokio::test]
async fn only_administrators_reach_the_admin_pages() {
    let app = TestApp::new().await;
    for user in ["dispatcher", "leader", "street-bajiao"] {
        let b = app.login(user).await;
        assert_eq!(app.get("/admin/users", Some(&b.cookie)).await.status, StatusCode::FORBIDDEN, "{user}");
        assert_eq!(app.get("/admin/units", Some(&b.cookie)).await.status, StatusCode::FORBIDDEN, "{user}");
    }
    let admin = app.login("admin").await;
    let units = app.get("/admin/units?kind=street", Some(&admin.cookie)).await;
    assert_eq!(units.status, StatusCode::OK);
    assert!(units.body.contains("八宝山街道") && units.body.contains("鲁谷街道") && units.body.contains("9 个单位"));
    let users = app.get("/admin/users?q=wulituo", Some(&admin.cookie)).await;
    assert!(users.body.contains("street-wulituo"));
    let all = app.get("/admin/users", Some(&admin.cookie)).await;
    assert!(all.body.contains(&format!("{} 个用户", gongzhi_domain::demo::users().len())));
    app.finish().await;
}

#[tokio::test]
async fn an_administrator_creates_and_edits_a_community() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let street = app.store().get_unit_by_code("street.laoshan").await.unwrap().unit.id.to_string();
    let dept = app.store().get_unit_by_code("dept.zjw").await.unwrap().unit.id.to_string();

    let wrong_parent = app
        .post_form("/admin/units/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("kind", "community"), ("parent_id", &dept), ("code", "street.laoshan.c99"), ("name", "新社区"), ("grid_count", "9"), ("lat", "39.91"), ("lon", "116.21")])
        .await;
    assert_eq!(wrong_parent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong_parent.body.contains("该类型单位不能挂在所选上级单位之下"));

    let no_centre = app
        .post_form("/admin/units/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("kind", "community"), ("parent_id", &street), ("code", "street.laoshan.c99"), ("name", "新社区")])
        .await;
    assert_eq!(no_centre.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_centre.body.contains("value=\"新社区\""));

    let created = app
        .post_form("/admin/units/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("kind", "community"), ("parent_id", &street), ("code", "street.laoshan.c99"), ("name", "新社区"), ("grid_count", "9"), ("lat", "39.91"), ("lon", "116.21")])
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let unit = app.store().get_unit_by_code("street.laoshan.c99").await.unwrap();
    assert_eq!(unit.street_id.map(|s| s.to_string()), Some(street.clone()));

    let dup = app
        .post_form("/admin/units/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("kind", "community"), ("parent_id", &street), ("code", "street.laoshan.c99"), ("name", "另一个"), ("lat", "39.91"), ("lon", "116.21")])
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("已被占用"));

    let edit = app
        .post_form(&format!("/admin/units/{}", unit.unit.id), Some(&admin.cookie), &[("csrf", &admin.csrf), ("code", "street.laoshan.c99"), ("name", "改名社区"), ("grid_count", "12"), ("lat", "39.912"), ("lon", "116.212")])
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    let edited = app.store().get_unit(unit.unit.id).await.unwrap().unit;
    assert_eq!((edited.name.as_str(), edited.grid_count, edited.active), ("改名社区", 12, false), "unchecked box deactivates");

    let log = app.store().list_audit_for("unit", &unit.unit.id.to_string(), 10).await.unwrap();
    assert_eq!(log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["unit.update", "unit.create"]);
    assert!(log.iter().all(|e| e.actor == "admin" && e.address == "10.0.0.1"));
    assert_eq!(app.get("/admin/units/not-a-uuid", Some(&admin.cookie)).await.status, StatusCode::NOT_FOUND);
    app.finish().await;
}

#[tokio::test]
async fn an_administrator_manages_a_users_whole_life() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let unit = app.store().get_unit_by_code("street.guangning").await.unwrap().unit.id.to_string();

    let weak = app
        .post_form("/admin/users/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("username", "zhao.lei"), ("display_name", "赵磊"), ("unit_id", &unit), ("roles", "street"), ("password", "short")])
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("密码至少 10 个字符。"));

    let created = app
        .post_form("/admin/users/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("username", "zhao.lei"), ("display_name", "赵磊"), ("unit_id", &unit), ("roles", "street"), ("roles", "community"), ("password", "a-long-passphrase")])
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let user_path = created.location().split('?').next().unwrap().to_owned();

    let taken = app
        .post_form("/admin/users/new", Some(&admin.cookie), &[("csrf", &admin.csrf), ("username", "zhao.lei"), ("display_name", "另一个"), ("unit_id", &unit), ("roles", "street"), ("password", "a-long-passphrase")])
        .await;
    assert!(taken.body.contains("已被占用"));

    let login = app.post_form("/login", None, &[("username", "zhao.lei"), ("password", "a-long-passphrase")]).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.session_cookie().unwrap();
    assert!(app.get("/staff", Some(&cookie)).await.body.contains("广宁街道"));

    // Reset: a temporary password shown once; the old password and the old session stop working.
    let reset = app.post_form(&format!("{user_path}/password"), Some(&admin.cookie), &[("csrf", &admin.csrf)]).await;
    assert_eq!(reset.status, StatusCode::OK);
    let marker = "id=\"new-password\">";
    let start = reset.body.find(marker).unwrap() + marker.len();
    let temporary = reset.body[start..start + 16].to_owned();
    assert_eq!(app.get("/staff", Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.post_form("/login", None, &[("username", "zhao.lei"), ("password", "a-long-passphrase")]).await.status, StatusCode::UNAUTHORIZED);
    let login = app.post_form("/login", None, &[("username", "zhao.lei"), ("password", &temporary)]).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.session_cookie().unwrap();

    // Deactivate: sessions end at once and logging in says why.
    let off = app.post_form(&format!("{user_path}/active"), Some(&admin.cookie), &[("csrf", &admin.csrf), ("active", "0")]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/staff", Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    let refused = app.post_form("/login", None, &[("username", "zhao.lei"), ("password", &temporary)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("该账号已停用"));

    // Edit roles and name, and make them the unit's head.
    let edit = app
        .post_form(&user_path, Some(&admin.cookie), &[("csrf", &admin.csrf), ("username", "zhao.lei"), ("display_name", "赵磊（广宁）"), ("unit_id", &unit), ("roles", "street"), ("unit_head", "1")])
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    assert!(app.store().get_credentials("zhao.lei").await.unwrap().user.unit_head);
    assert!(app.get(&user_path, Some(&admin.cookie)).await.body.contains("name=\"unit_head\" value=\"1\" checked"));
    let users = app.get("/admin/users?q=zhao", Some(&admin.cookie)).await;
    assert!(users.body.contains("赵磊（广宁）") && users.body.contains("1 个用户") && users.body.contains("已停用"));

    // An administrator cannot deactivate themselves.
    let me = app.store().get_credentials("admin").await.unwrap().user.id;
    let self_off = app.post_form(&format!("/admin/users/{me}/active"), Some(&admin.cookie), &[("csrf", &admin.csrf), ("active", "0")]).await;
    assert_eq!(self_off.status, StatusCode::FORBIDDEN);

    let actions: Vec<String> = app.store().list_audit(0, 10_000).await.unwrap().into_iter().filter(|e| e.actor == "admin").map(|e| e.action).collect();
    for a in ["user.create", "user.password_reset", "user.deactivate", "user.update"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
    assert_eq!(app.store().verify_audit(None).await.unwrap().first_break, None);
    app.finish().await;
}
