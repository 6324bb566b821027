//! Administration of units and users, and who may do it.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn only_administrators_reach_the_admin_pages() {
    let app = TestApp::new().await;
    for user in ["dispatcher", "leader", "street-bajiao"] {
        let b = app.login(user).await;
        assert_eq!(
            app.get("/admin/users", Some(&b.cookie)).await.status,
            StatusCode::FORBIDDEN,
            "{user}"
        );
        assert_eq!(
            app.get("/admin/units", Some(&b.cookie)).await.status,
            StatusCode::FORBIDDEN,
            "{user}"
        );
    }
    let admin = app.login("admin").await;
    let units = app
        .get("/admin/units?kind=street", Some(&admin.cookie))
        .await;
    assert_eq!(units.status, StatusCode::OK);
    assert!(
        units.body.contains("八宝山街道")
            && units.body.contains("鲁谷街道")
            && units.body.contains("9 个单位")
    );
    let users = app.get("/admin/users?q=wulituo", Some(&admin.cookie)).await;
    assert!(users.body.contains("street-wulituo"));
    let all = app.get("/admin/users", Some(&admin.cookie)).await;
    assert!(
        all.body
            .contains(&format!("{} 个用户", gongzhi_demo::district::users().len()))
    );
    app.finish().await;
}

#[tokio::test]
async fn an_administrator_creates_and_edits_a_community() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let street = app
        .store()
        .get_unit_by_code("street.laoshan")
        .await
        .unwrap()
        .unit
        .id
        .to_string();
    let dept = app
        .store()
        .get_unit_by_code("dept.zjw")
        .await
        .unwrap()
        .unit
        .id
        .to_string();

    let wrong_parent = app
        .post_form(
            "/admin/units/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("kind", "community"),
                ("parent_id", &dept),
                ("code", "street.laoshan.c99"),
                ("name", "新社区"),
                ("grid_count", "9"),
                ("lat", "39.91"),
                ("lon", "116.21"),
            ],
        )
        .await;
    assert_eq!(wrong_parent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_parent
            .body
            .contains("该类型单位不能挂在所选上级单位之下")
    );

    let no_centre = app
        .post_form(
            "/admin/units/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("kind", "community"),
                ("parent_id", &street),
                ("code", "street.laoshan.c99"),
                ("name", "新社区"),
            ],
        )
        .await;
    assert_eq!(no_centre.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_centre.body.contains("value=\"新社区\""));

    let created = app
        .post_form(
            "/admin/units/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("kind", "community"),
                ("parent_id", &street),
                ("code", "street.laoshan.c99"),
                ("name", "新社区"),
                ("grid_count", "9"),
                ("lat", "39.91"),
                ("lon", "116.21"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let unit = app
        .store()
        .get_unit_by_code("street.laoshan.c99")
        .await
        .unwrap();
    assert_eq!(unit.street_id.map(|s| s.to_string()), Some(street.clone()));

    let dup = app
        .post_form(
            "/admin/units/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("kind", "community"),
                ("parent_id", &street),
                ("code", "street.laoshan.c99"),
                ("name", "另一个"),
                ("lat", "39.91"),
                ("lon", "116.21"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("已被占用"));

    let edit = app
        .post_form(
            &format!("/admin/units/{}", unit.unit.id),
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("code", "street.laoshan.c99"),
                ("name", "改名社区"),
                ("grid_count", "12"),
                ("population", "8640"),
                ("lat", "39.912"),
                ("lon", "116.212"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    let edited = app.store().get_unit(unit.unit.id).await.unwrap().unit;
    assert_eq!(
        (
            edited.name.as_str(),
            edited.grid_count,
            edited.population,
            edited.active
        ),
        ("改名社区", 12, 8640, false),
        "unchecked box deactivates"
    );

    let log = app
        .store()
        .list_audit_for("unit", &unit.unit.id.to_string(), 10)
        .await
        .unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["unit.update", "unit.create"]
    );
    assert!(
        log.iter()
            .all(|e| e.actor == "admin" && e.address == "10.0.0.1")
    );
    assert_eq!(
        app.get("/admin/units/not-a-uuid", Some(&admin.cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.finish().await;
}

#[tokio::test]
async fn an_administrator_manages_a_users_whole_life() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let unit = app
        .store()
        .get_unit_by_code("street.guangning")
        .await
        .unwrap()
        .unit
        .id
        .to_string();

    let weak = app
        .post_form(
            "/admin/users/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("username", "zhao.lei"),
                ("display_name", "赵磊"),
                ("unit_id", &unit),
                ("roles", "street"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("密码至少 10 个字符。"));

    let created = app
        .post_form(
            "/admin/users/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("username", "zhao.lei"),
                ("display_name", "赵磊"),
                ("unit_id", &unit),
                ("roles", "street"),
                ("roles", "community"),
                ("password", "a-long-passphrase"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let user_path = created.location().split('?').next().unwrap().to_owned();

    let taken = app
        .post_form(
            "/admin/users/new",
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("username", "zhao.lei"),
                ("display_name", "另一个"),
                ("unit_id", &unit),
                ("roles", "street"),
                ("password", "a-long-passphrase"),
            ],
        )
        .await;
    assert!(taken.body.contains("已被占用"));

    let login = app
        .post_form(
            "/login",
            None,
            &[("username", "zhao.lei"), ("password", "a-long-passphrase")],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.session_cookie().unwrap();
    assert!(
        app.get("/staff", Some(&cookie))
            .await
            .body
            .contains("广宁街道")
    );

    // Reset: a temporary password shown once; the old password and the old session stop working.
    let reset = app
        .post_form(
            &format!("{user_path}/password"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    let marker = "id=\"new-password\">";
    let start = reset.body.find(marker).unwrap() + marker.len();
    let temporary = reset.body[start..start + 16].to_owned();
    assert_eq!(
        app.get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(
            "/login",
            None,
            &[("username", "zhao.lei"), ("password", "a-long-passphrase")]
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .post_form(
            "/login",
            None,
            &[("username", "zhao.lei"), ("password", &temporary)],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let cookie = login.session_cookie().unwrap();

    // Deactivate: sessions end at once and logging in says why.
    let off = app
        .post_form(
            &format!("{user_path}/active"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("active", "0")],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/staff", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = app
        .post_form(
            "/login",
            None,
            &[("username", "zhao.lei"), ("password", &temporary)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("该账号已停用"));

    // Edit roles and name, and make them the unit's head.
    let edit = app
        .post_form(
            &user_path,
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("username", "zhao.lei"),
                ("display_name", "赵磊（广宁）"),
                ("unit_id", &unit),
                ("roles", "street"),
                ("unit_head", "1"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    assert!(
        app.store()
            .get_credentials("zhao.lei")
            .await
            .unwrap()
            .user
            .unit_head
    );
    assert!(
        app.get(&user_path, Some(&admin.cookie))
            .await
            .body
            .contains("name=\"unit_head\" value=\"1\" checked")
    );
    let users = app.get("/admin/users?q=zhao", Some(&admin.cookie)).await;
    assert!(
        users.body.contains("赵磊（广宁）")
            && users.body.contains("1 个用户")
            && users.body.contains("已停用")
    );

    // An administrator cannot deactivate themselves.
    let me = app.store().get_credentials("admin").await.unwrap().user.id;
    let self_off = app
        .post_form(
            &format!("/admin/users/{me}/active"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("active", "0")],
        )
        .await;
    assert_eq!(self_off.status, StatusCode::FORBIDDEN);

    let actions: Vec<String> = app
        .store()
        .list_audit(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.actor == "admin")
        .map(|e| e.action)
        .collect();
    for a in [
        "user.create",
        "user.password_reset",
        "user.deactivate",
        "user.update",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
    assert_eq!(
        app.store().verify_audit(None).await.unwrap().first_break,
        None
    );
    app.finish().await;
}

#[tokio::test]
async fn deactivating_an_account_hands_its_open_cases_to_the_head_or_a_chosen_colleague() {
    let app = TestApp::new().await;
    let intake = app.token("intake").await;
    let created = hotline_case(
        &app,
        &intake,
        "I03",
        "street.bajiao.c01",
        json!({"kind": "help", "title": "申请临时救助"}),
    )
    .await;
    let no = created["case_no"].as_str().unwrap().to_owned();
    let store = app.store();
    let head = store
        .get_credentials("street-bajiao")
        .await
        .unwrap()
        .user
        .id;
    let second = store
        .get_credentials("street-bajiao-2")
        .await
        .unwrap()
        .user
        .id;
    let admin_id = store.get_credentials("admin").await.unwrap().user.id;
    let head_token = app.token("street-bajiao").await;
    let r = app
        .act(
            &head_token,
            &no,
            "reassign",
            json!({"agent": second.to_string()}),
        )
        .await;
    assert_eq!(r.json()["agent"]["id"], second.to_string(), "{}", r.body);
    let agent_of = || async {
        app.get_api(&format!("/api/v1/cases/{no}"), Some(&head_token))
            .await
            .json()["agent"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };

    let admin = app.login("admin").await;
    let page = app
        .get(&format!("/admin/users/{second}"), Some(&admin.cookie))
        .await;
    assert!(
        page.body.contains("name=\"successor\"") && page.body.contains(&head.to_string()),
        "colleagues are offered"
    );
    // The agent leaves: the case goes to the unit's head.
    let r = app
        .post_form(
            &format!("/admin/users/{second}/active"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("active", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(agent_of().await, head.to_string());
    assert!(!app.store().get_user(second).await.unwrap().active);
    // The head leaves too, with nobody to take over: refused, nothing changes, the administrator is asked to choose.
    let r = app
        .post_form(
            &format!("/admin/users/{head}/active"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("active", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("请选择一位同事接手"), "{}", r.body);
    assert!(app.store().get_user(head).await.unwrap().active);
    assert_eq!(agent_of().await, head.to_string());
    // With a colleague chosen, the cases go to them.
    app.post_form(
        &format!("/admin/users/{second}/active"),
        Some(&admin.cookie),
        &[("csrf", &admin.csrf), ("active", "1")],
    )
    .await;
    let r = app
        .post_form(
            &format!("/admin/users/{head}/active"),
            Some(&admin.cookie),
            &[
                ("csrf", &admin.csrf),
                ("active", "0"),
                ("successor", &second.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let second_token = app.token("street-bajiao-2").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/cases/{no}"), Some(&second_token))
            .await
            .json()["agent"]["id"],
        second.to_string()
    );
    // Nobody deactivates themselves.
    let r = app
        .post_form(
            &format!("/admin/users/{admin_id}/active"),
            Some(&admin.cookie),
            &[("csrf", &admin.csrf), ("active", "0")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    app.finish().await;
}

#[tokio::test]
async fn administrators_put_leaders_in_charge_of_streets_and_fields() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let page = app.get("/admin/leaders", Some(&admin.cookie)).await;
    assert!(
        page.body.contains("民政与养老"),
        "the demo's assignments are listed"
    );
    let leader2 = app
        .store()
        .get_credentials("leader-2")
        .await
        .unwrap()
        .user
        .id
        .to_string();
    let gucheng = app
        .store()
        .get_unit_by_code("street.gucheng")
        .await
        .unwrap()
        .unit
        .id;
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let (cookie, csrf) = (admin.cookie.clone(), admin.csrf.clone());
        async move {
            let mut f: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
            f.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            app.post_form("/admin/leaders", Some(&cookie), &f).await
        }
    };
    let r = post(vec![
        ("leader", leader2.clone()),
        ("street", String::new()),
        ("theme", String::new()),
    ])
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a street or a field"
    );
    let dispatcher = app
        .store()
        .get_credentials("dispatcher")
        .await
        .unwrap()
        .user
        .id
        .to_string();
    assert_eq!(
        post(vec![
            ("leader", dispatcher),
            ("street", gucheng.to_string())
        ])
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "leaders only"
    );
    assert_eq!(
        post(vec![("leader", leader2.clone()), ("theme", "天文".into())])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a catalogue theme"
    );
    // 古城 goes to leader-2 (before: the first leader is in charge of it).
    assert_eq!(
        post(vec![
            ("leader", leader2.clone()),
            ("street", gucheng.to_string())
        ])
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        post(vec![
            ("leader", leader2.clone()),
            ("street", gucheng.to_string())
        ])
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "once"
    );
    let leader1 = app
        .store()
        .get_credentials("leader")
        .await
        .unwrap()
        .user
        .id
        .to_string();
    assert_eq!(
        post(vec![
            ("leader", leader1),
            ("street", gucheng.to_string()),
            ("remove", "1".into())
        ])
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.store()
            .leader_in_charge(Some(gucheng), None)
            .await
            .unwrap()
            .map(|u| u.to_string()),
        Some(leader2)
    );
    assert_eq!(
        app.get(
            "/admin/leaders",
            Some(&app.login("dispatcher").await.cookie)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    app.finish().await;
}
