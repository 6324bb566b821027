//! The stories themselves, each written once for both backends.

use gongzhi_domain::accounts::ValidUser;
use gongzhi_domain::cases::{CaseInput, CaseKind, CaseNo, Channel};
use gongzhi_domain::dispute::OrgCategory;
use gongzhi_domain::gazetteer::PlaceKind;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::import::{
    District, LeaderInCharge, MediationProfile, Place, Unit as ImportUnit, User as ImportUser,
};
use gongzhi_domain::org::{CasePlace, Role, Scope, UnitId, UnitKind, ValidUnit};
use gongzhi_store::accounts::SessionKind;
use gongzhi_store::cases::CaseFilter;
use gongzhi_store::import::Seeded;
use gongzhi_store::org::{UnitWriteError, UserFilter};
use gongzhi_store::{Actor, PageRequest, Store, StoreError};

const T0: i64 = 1_795_000_000_000; // 2026-11-18 (UTC)

fn admin(at: i64) -> Actor {
    Actor {
        user_id: None,
        label: "admin".into(),
        address: "127.0.0.1".into(),
        at,
    }
}

fn unit(
    kind: UnitKind,
    parent: Option<UnitId>,
    code: &str,
    centre: Option<(f64, f64)>,
) -> ValidUnit {
    ValidUnit {
        parent_id: parent,
        kind,
        code: code.into(),
        name: format!("{code} 名称"),
        grid_count: if kind == UnitKind::Community { 10 } else { 0 },
        population: 0,
        centre: centre.map(|(lat, lon)| GeoPoint { lat, lon }),
    }
}

/// A district with two streets, one community in each, and a department.
struct Tree {
    district: UnitId,
    street_a: UnitId,
    street_b: UnitId,
    community_a: UnitId,
    community_b: UnitId,
    department: UnitId,
}

async fn tree(store: &Store) -> Tree {
    let a = admin(T0);
    let district = store
        .insert_unit(&a, &unit(UnitKind::District, None, "district", None))
        .await
        .unwrap()
        .id;
    let street_a = store
        .insert_unit(
            &a,
            &unit(UnitKind::Street, Some(district), "street.a", None),
        )
        .await
        .unwrap()
        .id;
    let street_b = store
        .insert_unit(
            &a,
            &unit(UnitKind::Street, Some(district), "street.b", None),
        )
        .await
        .unwrap()
        .id;
    let community_a = store
        .insert_unit(
            &a,
            &unit(
                UnitKind::Community,
                Some(street_a),
                "street.a.c01",
                Some((39.91, 116.19)),
            ),
        )
        .await
        .unwrap()
        .id;
    let community_b = store
        .insert_unit(
            &a,
            &unit(
                UnitKind::Community,
                Some(street_b),
                "street.b.c01",
                Some((39.96, 116.14)),
            ),
        )
        .await
        .unwrap()
        .id;
    let department = store
        .insert_unit(
            &a,
            &unit(UnitKind::Department, Some(district), "dept.x", None),
        )
        .await
        .unwrap()
        .id;
    Tree {
        district,
        street_a,
        street_b,
        community_a,
        community_b,
        department,
    }
}

fn new_case(kind: &str, phone: &str) -> gongzhi_domain::cases::NewCase {
    CaseInput {
        kind: kind.into(),
        title: "路灯不亮".into(),
        description: "小区门口路灯连续三晚不亮。".into(),
        address: "某小区东门".into(),
        lat: String::new(),
        lon: String::new(),
        name: "张先生".into(),
        phone: phone.into(),
        anonymous: String::new(),
        email: String::new(),
    }
    .validate(Channel::Web, &CaseKind::PUBLIC)
    .unwrap()
}

async fn audit_head(store: &Store) -> i64 {
    store.verify_audit(None).await.unwrap().head_seq
}

pub async fn migrations_are_recorded_and_not_rerun(store: Store) {
    assert_eq!(
        store.migrate().await.unwrap(),
        Vec::<i64>::new(),
        "a second run applies nothing"
    );
    assert!(store.ping().await);
}

pub async fn units_form_a_tree_with_rules_on_parents(store: Store) {
    let t = tree(&store).await;
    let a = admin(T0 + 1);

    let wrong = store
        .insert_unit(
            &a,
            &unit(
                UnitKind::Community,
                Some(t.department),
                "bad",
                Some((39.9, 116.2)),
            ),
        )
        .await;
    assert!(
        matches!(wrong, Err(UnitWriteError::Invalid(e)) if e.code_for("parent_id") == Some("parent_not_allowed"))
    );
    let unknown = store
        .insert_unit(
            &a,
            &unit(UnitKind::Street, Some(UnitId::new()), "ghost", None),
        )
        .await;
    assert!(matches!(
        unknown,
        Err(UnitWriteError::Store(StoreError::NotFound))
    ));
    let dup = store
        .insert_unit(
            &a,
            &unit(UnitKind::Street, Some(t.district), "street.a", None),
        )
        .await;
    assert!(matches!(
        dup,
        Err(UnitWriteError::Store(StoreError::Conflict { .. }))
    ));
    let second_district = store
        .insert_unit(&a, &unit(UnitKind::District, None, "district2", None))
        .await;
    assert!(matches!(
        second_district,
        Err(UnitWriteError::Store(StoreError::Conflict { .. }))
    ));

    let c = store.get_unit(t.community_a).await.unwrap();
    assert_eq!(
        c.street_id,
        Some(t.street_a),
        "a community knows its street"
    );
    assert_eq!(
        store.get_unit(t.street_b).await.unwrap().street_id,
        Some(t.street_b)
    );
    assert_eq!(
        store
            .get_unit_by_code("street.b.c01")
            .await
            .unwrap()
            .unit
            .id,
        t.community_b
    );
    assert_eq!(store.list_units().await.unwrap().len(), 6);
    assert_eq!(store.count_units().await.unwrap(), 6);

    let mut edited = unit(
        UnitKind::Community,
        Some(t.street_a),
        "street.a.c01",
        Some((39.92, 116.18)),
    );
    edited.name = "新名字社区".into();
    store
        .update_unit(&a, t.community_a, &edited, false)
        .await
        .unwrap();
    let c = store.get_unit(t.community_a).await.unwrap().unit;
    assert_eq!(
        (c.name.as_str(), c.active, c.centre.unwrap().lat),
        ("新名字社区", false, 39.92)
    );
    let centres = store.community_centres().await.unwrap();
    assert_eq!(
        centres,
        vec![(
            t.community_b,
            t.street_b,
            GeoPoint {
                lat: 39.96,
                lon: 116.14
            }
        )],
        "inactive left out"
    );
    assert!(matches!(
        store.update_unit(&a, UnitId::new(), &edited, true).await,
        Err(UnitWriteError::Store(StoreError::NotFound))
    ));
}

pub async fn users_are_created_listed_edited_and_deactivated(store: Store) {
    let t = tree(&store).await;
    let a = admin(T0);
    let mk = |username: &str, roles: Vec<Role>| ValidUser {
        username: username.into(),
        display_name: format!("{username} 同志"),
        unit_id: t.street_a,
        roles,
        unit_head: false,
    };
    let u1 = store
        .insert_user(&a, &mk("alice", vec![Role::Street]), "hash-a")
        .await
        .unwrap();
    for i in 0..4 {
        store
            .insert_user(
                &a,
                &mk(&format!("bob{i}"), vec![Role::Community, Role::Street]),
                "hash-b",
            )
            .await
            .unwrap();
    }
    assert!(matches!(
        store
            .insert_user(&a, &mk("alice", vec![Role::Street]), "x")
            .await,
        Err(StoreError::Conflict { .. })
    ));

    let creds = store.get_credentials("alice").await.unwrap();
    assert_eq!(
        (creds.user.id, creds.password_hash.as_str()),
        (u1.id, "hash-a")
    );
    assert!(matches!(
        store.get_credentials("nobody").await,
        Err(StoreError::NotFound)
    ));

    let page = store
        .list_users(&UserFilter::default(), PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.pages(), 3);
    assert_eq!(
        page.items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["bob1", "bob2"]
    );
    assert_eq!(page.items[0].roles, vec![Role::Community, Role::Street]);
    let found = store
        .list_users(
            &UserFilter {
                query: Some("ALI".into()),
                ..Default::default()
            },
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    let none = store
        .list_users(
            &UserFilter {
                unit_id: Some(t.street_b),
                query: None,
            },
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(none.total, 0);

    let mut changed = mk("alice", vec![Role::Leader, Role::Street]);
    changed.unit_id = t.district;
    store.update_user(&a, u1.id, &changed).await.unwrap();
    let alice = store.get_user(u1.id).await.unwrap();
    assert_eq!(
        (alice.unit_id, alice.roles.clone()),
        (t.district, vec![Role::Street, Role::Leader])
    );

    store
        .insert_session(
            &a,
            u1.id,
            "digest-1",
            SessionKind::Web,
            "csrf",
            T0 + 1_000_000,
        )
        .await
        .unwrap();
    assert!(store.get_session("digest-1", T0).await.unwrap().is_some());
    store.set_user_active(&a, u1.id, false).await.unwrap();
    assert!(!store.get_user(u1.id).await.unwrap().active);
    assert!(
        store.get_session("digest-1", T0).await.unwrap().is_none(),
        "deactivation ends sessions"
    );
    store.set_user_active(&a, u1.id, true).await.unwrap();
    assert!(
        store.get_session("digest-1", T0).await.unwrap().is_none(),
        "and they stay ended"
    );

    store
        .insert_session(
            &a,
            u1.id,
            "digest-2",
            SessionKind::Api,
            "csrf",
            T0 + 1_000_000,
        )
        .await
        .unwrap();
    store.set_password(&a, u1.id, "hash-new").await.unwrap();
    assert_eq!(
        store.get_credentials("alice").await.unwrap().password_hash,
        "hash-new"
    );
    assert!(
        store.get_session("digest-2", T0).await.unwrap().is_none(),
        "a password reset ends tokens"
    );
    assert!(matches!(
        store
            .set_password(&a, gongzhi_domain::org::UserId::new(), "h")
            .await,
        Err(StoreError::NotFound)
    ));
}

pub async fn sessions_expire_and_can_be_revoked(store: Store) {
    let t = tree(&store).await;
    let a = admin(T0);
    let user = ValidUser {
        username: "carol".into(),
        display_name: "卡罗".into(),
        unit_id: t.community_a,
        roles: vec![Role::Community],
        unit_head: true,
    };
    let u = store.insert_user(&a, &user, "h").await.unwrap();
    store
        .insert_session(&a, u.id, "d1", SessionKind::Web, "tok", T0 + 100)
        .await
        .unwrap();
    let s = store
        .get_session("d1", T0 + 99)
        .await
        .unwrap()
        .expect("live");
    assert_eq!(s.user.username, "carol");
    assert_eq!(
        (s.unit_kind, s.street_id, s.csrf_token.as_str(), s.kind),
        (
            UnitKind::Community,
            Some(t.street_a),
            "tok",
            SessionKind::Web
        )
    );
    assert!(
        store.get_session("d1", T0 + 100).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.get_session("unknown", T0).await.unwrap().is_none());

    store
        .insert_session(&a, u.id, "d2", SessionKind::Api, "tok2", T0 + 1_000)
        .await
        .unwrap();
    let actor = Actor::staff(u.id, "carol", "127.0.0.1", T0 + 5);
    assert!(store.revoke_session(&actor, "d2").await.unwrap());
    assert!(
        !store.revoke_session(&actor, "d2").await.unwrap(),
        "second revoke does nothing"
    );
    assert!(store.get_session("d2", T0 + 6).await.unwrap().is_none());
}

pub async fn login_failures_are_counted_per_window(store: Store) {
    let window = 1_000;
    for i in 0..3 {
        let n = store
            .record_failure("login:user:dave", T0 + i, T0 + i - window)
            .await
            .unwrap();
        assert_eq!(n, i + 1);
    }
    assert_eq!(
        store
            .count_failures("login:user:dave", T0 + 10 - window)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .count_failures("login:user:dave", T0 + 2000 - window)
            .await
            .unwrap(),
        0,
        "window over"
    );
    assert_eq!(
        store
            .record_failure("login:user:dave", T0 + 2000, T0 + 2000 - window)
            .await
            .unwrap(),
        1,
        "a new window"
    );
    assert_eq!(
        store.count_failures("login:user:other", T0).await.unwrap(),
        0
    );
    store.clear_failures("login:user:dave").await.unwrap();
    assert_eq!(store.count_failures("login:user:dave", 0).await.unwrap(), 0);
}

pub async fn case_numbers_run_per_day_and_the_list_respects_scope(store: Store) {
    let t = tree(&store).await;
    let resident = Actor::resident("10.0.0.1", T0);
    let in_a = CasePlace {
        street_id: Some(t.street_a),
        community_id: Some(t.community_a),
        accountable_unit_id: None,
        guessed: false,
    };
    let in_b = CasePlace {
        street_id: Some(t.street_b),
        community_id: Some(t.community_b),
        accountable_unit_id: None,
        guessed: false,
    };
    let day = gongzhi_domain::local_yyyymmdd(T0);
    let mut numbers = Vec::new();
    for i in 0..5 {
        let actor = Actor {
            at: T0 + i,
            ..resident.clone()
        };
        let place = if i < 3 { in_a } else { in_b };
        let c = store
            .insert_case(
                &actor,
                &new_case("complaint", "13912345678"),
                place,
                T0 + i,
                None,
            )
            .await
            .unwrap();
        numbers.push(c.case_no.as_str().to_owned());
    }
    assert_eq!(numbers[0], format!("{day}000001"));
    assert_eq!(numbers[4], format!("{day}000005"));
    let next_day = T0 + 86_400_000;
    let c = store
        .insert_case(
            &Actor {
                at: next_day,
                ..resident.clone()
            },
            &new_case("help", "13912345678"),
            in_a,
            next_day,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        c.case_no.as_str(),
        format!("{}000001", gongzhi_domain::local_yyyymmdd(next_day))
    );

    let all = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 4),
        )
        .await
        .unwrap();
    assert_eq!((all.total, all.items.len()), (6, 4));
    assert_eq!(all.items[0].case_no, c.case_no, "newest first");
    let street_a = store
        .list_cases(
            &CaseFilter::new(Scope::Street(t.street_a), T0),
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(street_a.total, 4);
    assert!(
        street_a
            .items
            .iter()
            .all(|c| c.street_id == Some(t.street_a))
    );
    let comm_b = store
        .list_cases(
            &CaseFilter::new(Scope::Community(t.community_b), T0),
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(comm_b.total, 2);
    let dept = store
        .list_cases(
            &CaseFilter::new(Scope::Unit(t.department), T0),
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(dept.total, 0);
    let nothing = store
        .list_cases(
            &CaseFilter::new(Scope::Nothing, T0),
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(nothing.total, 0);
    let help = store
        .list_cases(
            &CaseFilter {
                kind: Some(CaseKind::Help),
                ..CaseFilter::new(Scope::District, T0)
            },
            PageRequest::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(help.total, 1);

    let got = store.get_case_by_no(&c.case_no).await.unwrap();
    assert_eq!(got, c);
    assert!(matches!(
        store.get_case_by_no(&CaseNo::new(20000101, 1)).await,
        Err(StoreError::NotFound)
    ));
    let timeline = store.case_timeline(c.id, false).await.unwrap();
    assert_eq!(
        timeline
            .iter()
            .map(|e| e.event.as_str())
            .collect::<Vec<_>>(),
        ["submitted"]
    );
}

pub async fn tracking_needs_the_right_phone_digits(store: Store) {
    let t = tree(&store).await;
    let place = CasePlace {
        street_id: Some(t.street_a),
        ..Default::default()
    };
    let c = store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("suggestion", "13700001234"),
            place,
            T0,
            None,
        )
        .await
        .unwrap();
    let view = store
        .track_case(&c.case_no, "1234")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(
        (view.title.as_str(), view.kind, view.timeline.len()),
        ("路灯不亮", CaseKind::Suggestion, 1)
    );
    assert!(view.timeline.iter().all(|e| e.public));
    assert!(
        store
            .track_case(&c.case_no, "9999")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .track_case(&CaseNo::new(20000101, 1), "1234")
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn a_failed_write_leaves_nothing_behind(store: Store) {
    let t = tree(&store).await;
    let before = audit_head(&store).await;
    // A street that does not exist violates the foreign key: the case number, the case and the audit entry all roll back.
    let bad = CasePlace {
        street_id: Some(UnitId::new()),
        ..Default::default()
    };
    let result = store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("help", "13912345678"),
            bad,
            T0,
            None,
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(audit_head(&store).await, before);
    let all = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 10),
        )
        .await
        .unwrap();
    assert_eq!(all.total, 0);
    let ok = store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("help", "13912345678"),
            CasePlace {
                street_id: Some(t.street_a),
                ..Default::default()
            },
            T0,
            None,
        )
        .await
        .unwrap();
    assert!(
        ok.case_no.as_str().ends_with("000001"),
        "the failed attempt used no number"
    );
}

pub async fn the_audit_chain_detects_a_silent_rewrite(store: Store) {
    let t = tree(&store).await;
    store
        .insert_case(
            &Actor::resident("10.1.2.3", T0),
            &new_case("help", "13912345678"),
            CasePlace {
                street_id: Some(t.street_a),
                ..Default::default()
            },
            T0,
            None,
        )
        .await
        .unwrap();
    let report = store.verify_audit(None).await.unwrap();
    assert_eq!(
        (report.verified, report.head_seq, report.first_break.clone()),
        (7, 7, None)
    );
    let entries = store.list_audit(0, 100).await.unwrap();
    assert_eq!(entries.len(), 7);
    let case_entry = &entries[6];
    assert_eq!(
        (
            case_entry.action.as_str(),
            case_entry.actor.as_str(),
            case_entry.address.as_str()
        ),
        ("case.create", "resident", "10.1.2.3")
    );
    assert!(
        !case_entry.detail.contains("13912345678") && !case_entry.detail.contains("张先生"),
        "no personal data in the audit detail"
    );
    assert_eq!(
        store
            .list_audit_for("unit", &t.street_b.to_string(), 10)
            .await
            .unwrap()
            .len(),
        1
    );

    // The application cannot rewrite the log: the append-only trigger refuses.
    let db = store.backend();
    assert!(
        raw(&store, "UPDATE audit_log SET detail = '{}' WHERE seq = 3")
            .await
            .is_err(),
        "{db:?} refused the update"
    );
    assert!(
        raw(&store, "DELETE FROM audit_log WHERE seq = 3")
            .await
            .is_err()
    );

    // Someone with the database's own keys drops the trigger and edits entry 3: verification names entry 3.
    let drop = match db {
        gongzhi_store::Backend::Sqlite => "DROP TRIGGER audit_log_no_update",
        gongzhi_store::Backend::Postgres => "DROP TRIGGER audit_log_no_update ON audit_log",
    };
    raw(&store, drop).await.unwrap();
    raw(
        &store,
        "UPDATE audit_log SET detail = '{\"name\":\"forged\"}' WHERE seq = 3",
    )
    .await
    .unwrap();
    let report = store.verify_audit(None).await.unwrap();
    assert_eq!(
        report.first_break,
        Some(gongzhi_domain::audit::ChainBreak::Hash { seq: 3 })
    );
    assert_eq!(report.verified, 2);
}

async fn raw(store: &Store, sql: &'static str) -> Result<(), StoreError> {
    store.execute_raw_for_tests(sql).await
}

/// A small district to import: the district, its leaders' office, a street with two communities and a mediation
/// committee, accounts, a leader in charge of the street and of a theme, and a gazetteer.
fn small_district() -> District {
    let unit = |code: &str, parent: Option<&str>, kind: UnitKind, name: &str| ImportUnit {
        code: code.into(),
        parent_code: parent.map(String::from),
        kind,
        name: name.into(),
        grid_count: 3,
        population: 0,
        centre: (kind == UnitKind::Community).then_some(GeoPoint {
            lat: 39.9,
            lon: 116.2,
        }),
    };
    let user = |username: &str, unit: &str, role: Role| ImportUser {
        username: username.into(),
        display_name: format!("{username} 姓名"),
        unit_code: unit.into(),
        roles: vec![role],
        head: true,
    };
    District {
        units: vec![
            unit("d", None, UnitKind::District, "某区"),
            unit(
                "leaders",
                Some("d"),
                UnitKind::LeadersOffice,
                "区领导办公室",
            ),
            unit("s", Some("d"), UnitKind::Street, "甲街道"),
            unit("s.c1", Some("s"), UnitKind::Community, "一社区"),
            unit("s.c2", Some("s"), UnitKind::Community, "二社区"),
            unit(
                "s.m",
                Some("s"),
                UnitKind::MediationOrg,
                "甲街道人民调解委员会",
            ),
        ],
        users: vec![
            user("boss", "leaders", Role::Leader),
            user("boss-2", "leaders", Role::Leader),
            user("officer", "s", Role::Street),
            user("worker", "s.c1", Role::Community),
        ],
        leaders: vec![
            LeaderInCharge {
                username: "boss".into(),
                streets: vec!["s".into()],
                themes: vec![],
            },
            LeaderInCharge {
                username: "boss-2".into(),
                streets: vec![],
                themes: vec!["民政与养老".into()],
            },
        ],
        places: vec![
            Place {
                name: "一号院".into(),
                kind: PlaceKind::Estate,
                community_code: "s.c1".into(),
            },
            Place {
                name: "二道街".into(),
                kind: PlaceKind::Road,
                community_code: "s.c2".into(),
            },
        ],
        mediation: vec![MediationProfile {
            unit_code: "s.m".into(),
            category: OrgCategory::Peoples,
            fields: vec![],
            street_code: Some("s".into()),
        }],
    }
}

pub async fn a_district_is_imported_once_and_whole(store: Store) {
    let actor = Actor::system(T0);
    // A reference to a unit the import does not create refuses the whole import.
    let mut broken = small_district();
    broken.users[2].unit_code = "s.nowhere".into();
    assert!(matches!(
        store.import_district(&actor, &broken, "h").await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        store.list_units().await.unwrap().is_empty(),
        "nothing half-done"
    );

    let district = small_district();
    assert_eq!(
        store.import_district(&actor, &district, "h").await.unwrap(),
        Seeded::Created { units: 6, users: 4 }
    );
    assert_eq!(
        store.import_district(&actor, &district, "h").await.unwrap(),
        Seeded::AlreadyPresent
    );
    let units = store.list_units().await.unwrap();
    assert_eq!(units.len(), 6);
    let street = store.get_unit_by_code("s").await.unwrap().unit.id;
    let c1 = store.get_unit_by_code("s.c1").await.unwrap();
    assert_eq!(
        c1.street_id,
        Some(street),
        "a community belongs to its street"
    );
    let officer = store.get_credentials("officer").await.unwrap();
    assert_eq!(
        (officer.user.unit_id, officer.user.roles.clone()),
        (street, vec![Role::Street])
    );
    let boss = store.get_credentials("boss").await.unwrap().user.id;
    let boss2 = store.get_credentials("boss-2").await.unwrap().user.id;
    assert_eq!(
        store.leader_in_charge(Some(street), None).await.unwrap(),
        Some(boss)
    );
    assert_eq!(
        store
            .leader_in_charge(Some(street), Some("民政与养老"))
            .await
            .unwrap(),
        Some(boss),
        "the street comes first"
    );
    assert_eq!(
        store
            .leader_in_charge(None, Some("民政与养老"))
            .await
            .unwrap(),
        Some(boss2),
        "else the field"
    );
    assert_eq!(store.leader_in_charge(None, None).await.unwrap(), None);
    let places = store.gazetteer().await.unwrap();
    assert_eq!(places.len(), 2);
    assert_eq!(store.community_centres().await.unwrap().len(), 2);
    let mediators = store.mediator_candidates().await.unwrap();
    assert!(
        mediators.is_empty(),
        "a committee without mediators offers no one"
    );
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

pub async fn settings_are_stored_and_audited(store: Store) {
    assert_eq!(store.get_setting("district.name").await.unwrap(), None);
    store
        .set_setting(&admin(T0), "district.name", "石景山区")
        .await
        .unwrap();
    store
        .set_setting(&admin(T0 + 1), "district.name", "石景山")
        .await
        .unwrap();
    assert_eq!(
        store.get_setting("district.name").await.unwrap().as_deref(),
        Some("石景山")
    );
    let log = store
        .list_audit_for("setting", "district.name", 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].action, "setting.set");
}

// ---- The case spine ----

use gongzhi_domain::cases::{CaseStatus, Outcome, Satisfaction};
use gongzhi_domain::catalogue::{Accountable, Category, Tier};
use gongzhi_domain::lifecycle::{
    self, Assignment, Change, Clocks, Field, NewEvent, Notify, Record, Relation, VerdictSource,
};
use gongzhi_store::cases::NewAttachment;
use gongzhi_store::sweep::SweepKind;

fn category(code: &str, days: u32) -> Category {
    Category {
        code: code.into(),
        theme: "市容环境".into(),
        name: format!("类别{code}"),
        accountable: Accountable::Community,
        contact_hours: 24,
        handle_days: days,
        urgency: gongzhi_domain::catalogue::Urgency::General,
        escalate_after_days: Some(2),
        notice: "属地社区办理。".into(),
    }
}

pub async fn catalogue_versions_are_kept_whole(store: Store) {
    assert_eq!(store.catalogue_version().await.unwrap(), 0);
    let v1 = store
        .save_catalogue(
            &admin(T0),
            &[category("A01", 3), category("A02", 5)],
            "初版",
        )
        .await
        .unwrap();
    let mut edited = vec![category("A01", 4), category("A02", 5), category("A03", 7)];
    edited[0].accountable = Accountable::Unit("dept.x".into());
    let v2 = store
        .save_catalogue(&admin(T0 + 1), &edited, "调整A01")
        .await
        .unwrap();
    assert_eq!((v1, v2), (1, 2));
    assert_eq!(store.catalogue_version().await.unwrap(), 2);
    assert_eq!(
        store.get_category(1, "A01").await.unwrap().handle_days,
        3,
        "old versions stay as they were"
    );
    let a01 = store.get_category(2, "A01").await.unwrap();
    assert_eq!(
        (
            a01.handle_days,
            a01.accountable.clone(),
            a01.escalate_after_days
        ),
        (4, Accountable::Unit("dept.x".into()), Some(2))
    );
    assert_eq!(
        store
            .catalogue(2)
            .await
            .unwrap()
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        ["A01", "A02", "A03"]
    );
    assert!(matches!(
        store.get_category(1, "A03").await,
        Err(StoreError::NotFound)
    ));
    let versions = store.catalogue_versions().await.unwrap();
    assert_eq!(
        (
            versions[0].version,
            versions[0].categories,
            versions[0].note.as_str()
        ),
        (2, 3, "调整A01")
    );
    assert_eq!(
        store.list_audit_for("catalogue", "2", 5).await.unwrap()[0].action,
        "catalogue.version"
    );
}

pub async fn holiday_schedules_load_and_replace_by_year(store: Store) {
    assert!(store.ensure_calendar(&Actor::system(T0)).await.unwrap());
    assert!(
        !store.ensure_calendar(&Actor::system(T0)).await.unwrap(),
        "loaded once"
    );
    let loaded = store.load_calendar().await.unwrap();
    let shipped = gongzhi_domain::calendar::Calendar::shipped();
    for (y, m, d) in [
        (2025, 10, 1),
        (2025, 10, 11),
        (2026, 2, 14),
        (2026, 11, 27),
        (2027, 1, 1),
    ] {
        let date = jiff::civil::date(y, m, d);
        assert_eq!(
            loaded.is_working_day(date),
            shipped.is_working_day(date),
            "{date}"
        );
    }
    let years = store.calendar_years().await.unwrap();
    assert_eq!(
        years
            .iter()
            .map(|y| (y.year, y.days_off, y.make_up_days))
            .collect::<Vec<_>>(),
        [(2025, 28, 5), (2026, 33, 6)]
    );
    let s2027 =
        gongzhi_domain::calendar::parse_schedules("[2027]\noff = [\"2027-01-01\"]\nwork = []")
            .unwrap();
    store
        .save_schedule(&admin(T0), &s2027[0], "upload")
        .await
        .unwrap();
    let c = store.load_calendar().await.unwrap();
    assert_eq!(
        c.is_working_day(jiff::civil::date(2027, 1, 1)),
        (false, false)
    );
    let again =
        gongzhi_domain::calendar::parse_schedules("[2027]\noff = [\"2027-01-04\"]\nwork = []")
            .unwrap();
    store
        .save_schedule(&admin(T0), &again[0], "correction")
        .await
        .unwrap();
    let c = store.load_calendar().await.unwrap();
    assert_eq!(
        c.is_working_day(jiff::civil::date(2027, 1, 1)),
        (true, false),
        "the year was replaced, not merged"
    );
}

/// A routed case in community A of the tree, with its agent.
async fn routed_case(
    store: &Store,
    t: &Tree,
) -> (gongzhi_domain::cases::Case, gongzhi_domain::org::UserId) {
    let user = ValidUser {
        username: format!("agent{}", uuid::Uuid::now_v7().simple()),
        display_name: "承办人".into(),
        unit_id: t.community_a,
        roles: vec![Role::Community],
        unit_head: true,
    };
    let agent = store.insert_user(&admin(T0), &user, "h").await.unwrap().id;
    let place = CasePlace {
        street_id: Some(t.street_a),
        community_id: Some(t.community_a),
        accountable_unit_id: None,
        guessed: false,
    };
    let mut draft = store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("complaint", "13912345678"),
            place,
            T0,
            None,
        )
        .await
        .unwrap();
    let to = Assignment {
        unit_id: t.community_a,
        unit_name: "A社区".into(),
        tier: Tier::Community,
        agent_id: agent,
        agent_name: "承办人".into(),
        reason: serde_json::json!({"rule": "catalogue"}),
    };
    let clocks = Clocks {
        contact_due_at: T0 + 3_600_000,
        handle_due_at: T0 + 3 * 86_400_000,
        provisional: false,
    };
    let change = lifecycle::route(
        &draft,
        Relation::system(),
        ("A01", 1),
        &to,
        Some(clocks),
        (None, None),
    )
    .unwrap();
    store
        .update_case(&Actor::system(T0), &draft, &change)
        .await
        .unwrap();
    draft = store.get_case(draft.id).await.unwrap();
    (draft, agent)
}

pub async fn a_change_from_a_stale_read_is_refused_and_leaves_nothing(store: Store) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    let rel = Relation {
        is_agent: true,
        user_id: Some(agent),
        ..Default::default()
    };
    let accept = lifecycle::accept(&case, rel, T0 + 10).unwrap();
    store
        .update_case(&Actor::system(T0 + 10), &case, &accept)
        .await
        .unwrap();
    let head = audit_head(&store).await;
    let events = store.case_timeline(case.id, false).await.unwrap().len();
    // The same read used again: somebody else changed the case in between.
    let again = lifecycle::reply(&case, rel, "stale").unwrap();
    let r = store
        .update_case(&Actor::system(T0 + 11), &case, &again)
        .await;
    assert!(
        matches!(r, Err(StoreError::Conflict { ref constraint }) if constraint == "stale_version"),
        "{r:?}"
    );
    assert_eq!(audit_head(&store).await, head);
    assert_eq!(
        store.case_timeline(case.id, false).await.unwrap().len(),
        events
    );
    let fresh = store.get_case(case.id).await.unwrap();
    assert_eq!(
        (fresh.status, fresh.version),
        (CaseStatus::InProgress, case.version + 1)
    );
}

pub async fn changes_write_fields_events_notices_and_side_records(store: Store) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    assert_eq!(
        (
            case.status,
            case.tier,
            case.agent_id,
            case.category_code.as_deref()
        ),
        (
            CaseStatus::Assigned,
            Some(Tier::Community),
            Some(agent),
            Some("A01")
        )
    );
    assert_eq!(case.handle_due_at, Some(T0 + 3 * 86_400_000));
    let mut change = Change {
        audit: "case.test",
        ..Default::default()
    };
    change.set.push(Field::Status(CaseStatus::Closed));
    change
        .set
        .push(Field::Outcome(Some(Outcome::Resolved), "修好了".into()));
    change
        .set
        .push(Field::Verdict(Some(true), Some(Satisfaction::Basic)));
    change
        .events
        .push(NewEvent::public("closed", "修好了").with(serde_json::json!({"x": 1})));
    change.notify.push(Notify {
        user_id: agent,
        kind: "chase",
        dedupe_key: Some("k1".into()),
    });
    change.notify.push(Notify {
        user_id: agent,
        kind: "chase",
        dedupe_key: Some("k1".into()),
    });
    change.records.push(Record::Rating {
        round: 1,
        resolved: true,
        satisfaction: Satisfaction::Basic,
        source: VerdictSource::Callback,
    });
    change.records.push(Record::SendBackRequested {
        unit_id: t.community_a,
        reason: "r".into(),
    });
    change
        .records
        .push(Record::PetitionSteps([1, 2, 3, 4, 5, 6]));
    change.records.push(Record::StepDone { step: 1 });
    change.records.push(Record::StepsShift { days: 1 });
    store
        .update_case(&Actor::system(T0 + 5), &case, &change)
        .await
        .unwrap();
    let after = store.get_case(case.id).await.unwrap();
    assert_eq!(
        (
            after.status,
            after.outcome,
            after.outcome_note.as_str(),
            after.resolved,
            after.satisfaction
        ),
        (
            CaseStatus::Closed,
            Some(Outcome::Resolved),
            "修好了",
            Some(true),
            Some(Satisfaction::Basic)
        )
    );
    let timeline = store.case_timeline(case.id, false).await.unwrap();
    let last = timeline.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.data.as_str()),
        ("closed", "{\"x\":1}")
    );
    let notices = store
        .list_notices(agent, PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        notices.items.iter().filter(|n| n.kind == "chase").count(),
        1,
        "the dedupe key keeps one"
    );
    assert_eq!(store.count_unread(agent).await.unwrap(), notices.total);
    store
        .mark_read(agent, Some(&notices.items[0].id), T0 + 6)
        .await
        .unwrap();
    assert_eq!(store.count_unread(agent).await.unwrap(), notices.total - 1);
    assert!(matches!(
        store.mark_read(agent, Some("nope"), T0).await,
        Err(StoreError::NotFound)
    ));
    store.mark_read(agent, None, T0 + 7).await.unwrap();
    assert_eq!(store.count_unread(agent).await.unwrap(), 0);
    let steps = store.case_steps(case.id).await.unwrap();
    assert_eq!(
        steps
            .iter()
            .map(|s| (s.step, s.due_at, s.done_at.is_some()))
            .collect::<Vec<_>>(),
        [
            (1, 1, true),
            (2, 86_400_002, false),
            (3, 86_400_003, false),
            (4, 86_400_004, false),
            (5, 86_400_005, false),
            (6, 86_400_006, false)
        ]
    );
    assert_eq!(
        store
            .send_back_counts(t.community_a, 0, i64::MAX)
            .await
            .unwrap(),
        (1, 0)
    );
    // Links both ways.
    let other = store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("help", "13912345678"),
            CasePlace::default(),
            T0,
            None,
        )
        .await
        .unwrap();
    let mut link = Change {
        audit: "case.link",
        ..Default::default()
    };
    link.records.push(Record::Link { other: other.id });
    store
        .update_case(&Actor::system(T0), &after, &link)
        .await
        .unwrap();
    assert_eq!(
        store.case_links(other.id).await.unwrap(),
        vec![after.case_no.clone()]
    );
    // Candidates count open cases; heads and role holders are found.
    let cands = store
        .candidates(t.community_a, Role::Community)
        .await
        .unwrap();
    assert_eq!(cands.len(), 1);
    assert_eq!(cands[0].open_cases, 0, "the only case is closed");
    assert_eq!(store.unit_heads(t.community_a).await.unwrap(), vec![agent]);
    assert_eq!(
        store.users_with_role(Role::Community).await.unwrap(),
        vec![agent]
    );
}

pub async fn sweeper_claims_succeed_once_per_deadline(store: Store) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    let now = T0 + 10 * 86_400_000;
    let overdue = store.sweep_overdue(now, 10).await.unwrap();
    assert_eq!(
        overdue.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![case.id]
    );
    assert!(
        store
            .sweep_claim(&Actor::system(now), &case, SweepKind::Overdue, &[agent])
            .await
            .unwrap()
    );
    assert!(
        !store
            .sweep_claim(&Actor::system(now), &case, SweepKind::Overdue, &[agent])
            .await
            .unwrap()
    );
    assert!(store.sweep_overdue(now, 10).await.unwrap().is_empty());
    assert_eq!(store.sweep_contact_late(now, 10).await.unwrap().len(), 1);
    assert_eq!(
        store
            .sweep_escalation_candidates(now, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .sweep_due_soon(T0 + 3 * 86_400_000 - 1000, 86_400_000, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // Overdue cases are chased again the next day (Beijing date), once a day.
    let tomorrow = now + 86_400_000;
    assert_eq!(store.sweep_overdue(tomorrow, 10).await.unwrap().len(), 1);
    assert!(
        store
            .sweep_claim(
                &Actor::system(tomorrow),
                &case,
                SweepKind::Overdue,
                &[agent]
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .sweep_claim(
                &Actor::system(tomorrow + 3_600_000),
                &case,
                SweepKind::Overdue,
                &[agent]
            )
            .await
            .unwrap()
    );
    let notices = store
        .list_notices(agent, PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!(
        notices.items.iter().filter(|n| n.kind == "overdue").count(),
        2
    );
    // 通报 once per deadline; a new deadline may be reported again.
    assert_eq!(
        store.sweep_report_candidates(now, 10).await.unwrap().len(),
        1
    );
    assert!(
        store
            .sweep_claim(&Actor::system(now), &case, SweepKind::Reported, &[agent])
            .await
            .unwrap()
    );
    assert!(
        !store
            .sweep_claim(
                &Actor::system(tomorrow),
                &case,
                SweepKind::Reported,
                &[agent]
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .sweep_report_candidates(now, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let mut moved = Change {
        audit: "case.set_due",
        ..Default::default()
    };
    moved.set.push(Field::HandleDue {
        at: T0 + 5 * 86_400_000,
        provisional: false,
    });
    store
        .update_case(&Actor::system(now), &case, &moved)
        .await
        .unwrap();
    let case = store.get_case(case.id).await.unwrap();
    assert!(
        store
            .sweep_claim(&Actor::system(now), &case, SweepKind::Reported, &[agent])
            .await
            .unwrap()
    );
}

pub async fn the_lists_filter_by_agent_due_dates_category_and_period(store: Store) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    let base = CaseFilter::new(Scope::District, T0);
    let count = |f: CaseFilter| {
        let store = store.clone();
        async move {
            store
                .list_cases(&f, PageRequest::new(1, 10))
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(
        count(CaseFilter {
            agent: Some(agent),
            open_only: true,
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            category: Some("A01".into()),
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            category: Some("B01".into()),
            ..base.clone()
        })
        .await,
        0
    );
    assert_eq!(
        count(CaseFilter {
            status: Some(CaseStatus::Assigned),
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            overdue: true,
            ..base.clone()
        })
        .await,
        0
    );
    assert_eq!(
        count(CaseFilter {
            overdue: true,
            now: T0 + 4 * 86_400_000,
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            due_within: Some(86_400_000),
            now: T0 + 2 * 86_400_000 + 1,
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            received_from: Some(T0 + 1),
            ..base.clone()
        })
        .await,
        0
    );
    assert_eq!(
        count(CaseFilter {
            received_to: Some(T0 + 1),
            street: Some(t.street_a),
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            unit: Some(t.community_a),
            ..base.clone()
        })
        .await,
        1
    );
    assert_eq!(
        count(CaseFilter {
            send_back_pending: true,
            ..base.clone()
        })
        .await,
        0
    );
    let _ = case;
}

pub async fn attachments_keep_their_bytes(store: Store) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    let rel = Relation {
        is_agent: true,
        user_id: Some(agent),
        ..Default::default()
    };
    let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let file = NewAttachment {
        filename: "现场照片.png".into(),
        content_type: "image/png".into(),
        public: true,
        data: bytes.clone(),
    };
    let change = lifecycle::attach(&case, rel, &file.filename, true).unwrap();
    let meta = store
        .insert_attachment(&Actor::system(T0), &case, &file, &change)
        .await
        .unwrap();
    let (got, data) = store.get_attachment(&meta.id).await.unwrap();
    assert_eq!(
        (got.filename.as_str(), got.size, got.public),
        ("现场照片.png", 10_000, true)
    );
    assert_eq!(data, bytes);
    assert_eq!(store.list_attachments(case.id).await.unwrap().len(), 1);
    // A stale case version stores no file.
    let r = store
        .insert_attachment(&Actor::system(T0), &case, &file, &change)
        .await;
    assert!(matches!(r, Err(StoreError::Conflict { .. })));
    assert_eq!(store.list_attachments(case.id).await.unwrap().len(), 1);
}

pub async fn the_knowledge_base_is_kept_and_retired(store: Store) {
    let id = store
        .insert_kb(&admin(T0), "问题", "答案", &["A01".into(), "A02".into()])
        .await
        .unwrap();
    let entry = store.get_kb(&id).await.unwrap();
    assert_eq!(
        (entry.question.as_str(), entry.categories.clone()),
        ("问题", vec!["A01".to_owned(), "A02".to_owned()])
    );
    store.set_kb_active(&admin(T0), &id, false).await.unwrap();
    assert!(
        store.list_kb().await.unwrap().is_empty(),
        "retired entries are not offered"
    );
    assert!(matches!(
        store.set_kb_active(&admin(T0), "nope", false).await,
        Err(StoreError::NotFound)
    ));
    store.set_kb_active(&admin(T0), &id, true).await.unwrap();
    assert_eq!(store.list_kb().await.unwrap().len(), 1, "restored");
}

pub async fn concurrent_intakes_commit_together_and_a_bad_one_fails_alone(store: Store) {
    let t = tree(&store).await;
    let good = CasePlace {
        street_id: Some(t.street_a),
        ..Default::default()
    };
    let bad = CasePlace {
        street_id: Some(UnitId::new()),
        ..Default::default()
    };
    let mut tasks = Vec::new();
    for i in 0..60 {
        let store = store.clone();
        let place = if i == 30 { bad } else { good };
        tasks.push(tokio::spawn(async move {
            store
                .insert_case(
                    &Actor::resident("-", T0 + i),
                    &new_case("help", "13912345678"),
                    place,
                    T0,
                    None,
                )
                .await
        }));
    }
    let mut numbers = Vec::new();
    let mut failures = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(c) => numbers.push(c.case_no.as_str().to_owned()),
            Err(StoreError::Conflict { .. }) => failures += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((numbers.len(), failures), (59, 1));
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 59, "every intake got its own number");
    let day = gongzhi_domain::local_yyyymmdd(T0);
    assert_eq!(
        numbers.last().unwrap(),
        &format!("{day}{:06}", 59),
        "the failed intake used no number"
    );
    let all = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 1),
        )
        .await
        .unwrap();
    assert_eq!(all.total, 59);
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

pub async fn the_audit_chain_reports_truncation_and_anchors_prove_the_past(store: Store) {
    let t = tree(&store).await;
    let early = store.audit_head().await.unwrap();
    store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("help", "13912345678"),
            CasePlace {
                street_id: Some(t.street_a),
                ..Default::default()
            },
            T0,
            None,
        )
        .await
        .unwrap();
    store
        .insert_case(
            &Actor::resident("-", T0),
            &new_case("help", "13912345679"),
            CasePlace {
                street_id: Some(t.street_a),
                ..Default::default()
            },
            T0,
            None,
        )
        .await
        .unwrap();
    let (seq, hash) = store.audit_head().await.unwrap();
    let anchor = gongzhi_domain::audit::Anchor { seq, hash };
    let early = gongzhi_domain::audit::Anchor {
        seq: early.0,
        hash: early.1,
    };
    assert_eq!(
        store.verify_audit(Some(&anchor)).await.unwrap().first_break,
        None
    );
    assert_eq!(
        store.verify_audit(Some(&early)).await.unwrap().first_break,
        None
    );
    let forged = gongzhi_domain::audit::Anchor {
        seq: early.seq,
        hash: "0".repeat(64),
    };
    assert_eq!(
        store.verify_audit(Some(&forged)).await.unwrap().first_break,
        Some(gongzhi_domain::audit::ChainBreak::Anchor { seq: early.seq })
    );

    // The database refuses truncation and deletion while its triggers stand.
    if store.backend() == gongzhi_store::Backend::Postgres {
        assert!(
            store
                .execute_raw_for_tests("TRUNCATE audit_log")
                .await
                .is_err(),
            "TRUNCATE is refused"
        );
    }
    assert!(
        store
            .execute_raw_for_tests("DELETE FROM audit_log")
            .await
            .is_err()
    );

    // Someone with the database's keys drops the triggers, removes the last two entries and lowers the head's
    // counter: the head's hash still names the removed entry, so verification reports truncation.
    let drop = match store.backend() {
        gongzhi_store::Backend::Sqlite => "DROP TRIGGER audit_log_no_delete",
        gongzhi_store::Backend::Postgres => "DROP TRIGGER audit_log_no_update ON audit_log",
    };
    store.execute_raw_for_tests(drop).await.unwrap();
    store
        .execute_raw_for_tests(format!("DELETE FROM audit_log WHERE seq > {}", seq - 2))
        .await
        .unwrap();
    store
        .execute_raw_for_tests("UPDATE audit_head SET seq = seq - 2 WHERE id = 1")
        .await
        .unwrap();
    let report = store.verify_audit(None).await.unwrap();
    assert!(
        matches!(report.first_break, Some(gongzhi_domain::audit::ChainBreak::Head { last_seq, .. }) if last_seq == seq - 2),
        "{report:?}"
    );

    // A careful intruder also rewrites the head's hash: the chain in the database is consistent again, and only
    // the anchor kept outside proves that entries are gone.
    let last = store.list_audit(seq - 3, 1).await.unwrap().remove(0);
    store
        .execute_raw_for_tests(format!(
            "UPDATE audit_head SET hash = '{}' WHERE id = 1",
            last.hash
        ))
        .await
        .unwrap();
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
    assert_eq!(
        store.verify_audit(Some(&anchor)).await.unwrap().first_break,
        Some(gongzhi_domain::audit::ChainBreak::Anchor { seq })
    );
    assert_eq!(
        store.verify_audit(Some(&early)).await.unwrap().first_break,
        None,
        "what came before is intact"
    );
}

pub async fn throttle_reservations_are_distinct_under_concurrency(store: Store) {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let store = store.clone();
        set.spawn(async move {
            store
                .reserve_attempt("track:addr:10.1.1.1", T0, T0 - 1_000)
                .await
                .unwrap()
        });
    }
    let mut counts = set.join_all().await;
    counts.sort();
    assert_eq!(
        counts,
        (1..=20).collect::<Vec<i64>>(),
        "each attempt saw its own count"
    );
    store.refund_attempt("track:addr:10.1.1.1").await.unwrap();
    assert_eq!(
        store
            .count_failures("track:addr:10.1.1.1", T0 - 1_000)
            .await
            .unwrap(),
        19
    );
    store.refund_attempt("nobody").await.unwrap();
}

pub async fn attachments_have_quotas_per_case_and_per_uploader_and_day(store: Store) {
    use gongzhi_domain::accounts::{MAX_ATTACHMENTS_PER_CASE, MAX_ATTACHMENTS_PER_USER_DAY};
    let t = tree(&store).await;
    let file = NewAttachment {
        filename: "p.png".into(),
        content_type: "image/png".into(),
        public: false,
        data: vec![7; 16],
    };
    let mut uploaded = 0;
    let mut last_error = None;
    let mut uploader = None;
    // Cases of ten files each, by one uploader, until the uploader's day is full.
    'cases: for _ in 0..(MAX_ATTACHMENTS_PER_USER_DAY / MAX_ATTACHMENTS_PER_CASE + 1) {
        let (mut case, agent) = routed_case(&store, &t).await;
        let actor = Actor::staff(*uploader.get_or_insert(agent), "agent", "-", T0 + 1);
        let rel = Relation {
            is_agent: true,
            user_id: Some(case.agent_id.unwrap()),
            ..Default::default()
        };
        for _ in 0..=MAX_ATTACHMENTS_PER_CASE {
            let change = lifecycle::attach(&case, rel, &file.filename, false).unwrap();
            match store.insert_attachment(&actor, &case, &file, &change).await {
                Ok(_) => uploaded += 1,
                Err(StoreError::Conflict { constraint }) => {
                    last_error = Some(constraint.clone());
                    if constraint == "attachment_quota_user" {
                        break 'cases;
                    }
                    assert_eq!(constraint, "attachment_quota_case");
                    assert_eq!(
                        store.list_attachments(case.id).await.unwrap().len() as i64,
                        MAX_ATTACHMENTS_PER_CASE
                    );
                    continue 'cases;
                }
                Err(e) => panic!("{e}"),
            }
            case = store.get_case(case.id).await.unwrap();
        }
    }
    assert_eq!(
        (uploaded, last_error.as_deref()),
        (MAX_ATTACHMENTS_PER_USER_DAY, Some("attachment_quota_user"))
    );
}

pub async fn escalation_requests_are_recorded_decided_and_counted_apart_from_send_backs(
    store: Store,
) {
    let t = tree(&store).await;
    let (case, agent) = routed_case(&store, &t).await;
    let rel = Relation {
        is_agent: true,
        user_id: Some(agent),
        ..Default::default()
    };
    let asked = lifecycle::request_escalation(&case, rel, "需要街道协调", &[]).unwrap();
    store
        .update_case(&Actor::system(T0 + 10), &case, &asked)
        .await
        .unwrap();
    let pending = store.get_case(case.id).await.unwrap();
    assert!(pending.escalation_pending && !pending.send_back_pending);
    let mut filter = CaseFilter::new(Scope::District, T0 + 20);
    filter.escalation_pending = true;
    assert_eq!(
        store
            .list_cases(&filter, PageRequest::new(1, 20))
            .await
            .unwrap()
            .total,
        1,
        "the dispatcher's queue"
    );
    let dispatcher = Relation {
        is_dispatcher: true,
        ..Default::default()
    };
    let rejected = lifecycle::reject_escalation(&pending, dispatcher, "继续办理").unwrap();
    store
        .update_case(&Actor::system(T0 + 30), &pending, &rejected)
        .await
        .unwrap();
    let after = store.get_case(case.id).await.unwrap();
    assert!(!after.escalation_pending);
    assert_eq!(
        store
            .escalation_request_counts(t.community_a, 0, i64::MAX)
            .await
            .unwrap(),
        (1, 0)
    );
    assert_eq!(
        store
            .send_back_counts(t.community_a, 0, i64::MAX)
            .await
            .unwrap(),
        (0, 0),
        "kept apart from send-backs"
    );
}

// ---- The later domains: a step hands the store the record as the step leaves it ----

use gongzhi_domain::dispute::{
    Channel as DisputeChannel, Complexity, Party, PartyRole, Risk, Stage as DisputeStage, Term,
    Urgency,
};
use gongzhi_domain::enforcement::{PartyKind, Stage as EnforcementStage};
use gongzhi_store::dispute::{NewDispute, OutcomeKey};
use gongzhi_store::enforcement::NewEnforcement;

/// A new account in a unit with one role.
async fn person(store: &Store, unit_id: UnitId, role: Role) -> gongzhi_domain::org::UserId {
    let user = ValidUser {
        username: format!("u{}", uuid::Uuid::now_v7().simple()),
        display_name: "工作人员".into(),
        unit_id,
        roles: vec![role],
        unit_head: true,
    };
    store.insert_user(&admin(T0), &user, "h").await.unwrap().id
}

pub async fn an_enforcement_step_writes_the_record_it_is_given_once(store: Store) {
    let t = tree(&store).await;
    let opened = store
        .insert_enforcement(
            &admin(T0),
            &NewEnforcement {
                street_id: t.street_a,
                power_version: 1,
                power_code: "SJS-CG-003".into(),
                source: "patrol".into(),
                source_ref: String::new(),
                party_kind: PartyKind::Person,
                party_name: "某烧烤摊主".into(),
                party_address: "某路一号".into(),
                facts: "露天烧烤".into(),
                violation_on: None,
                safety_risk: false,
                on_the_spot: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(opened.stage, EnforcementStage::Proposed);
    let head = person(&store, t.street_a, Role::Street).await;
    let filed = gongzhi_domain::enforcement::EnforcementCase {
        stage: EnforcementStage::Investigation,
        filed_at: Some(T0 + 1),
        filed_by: Some(head),
        decision_due_at: Some(T0 + 90 * 86_400_000),
        ..opened.clone()
    };
    store
        .update_enforcement(&admin(T0 + 1), &opened, &filed, "filed", "立案")
        .await
        .unwrap();
    let read = store.get_enforcement(&opened.enforcement_no).await.unwrap();
    assert_eq!(
        read,
        gongzhi_domain::enforcement::EnforcementCase {
            version: opened.version + 1,
            ..filed.clone()
        },
        "every field as the step left it, the version moved on"
    );
    let log = store
        .list_audit_for("enforcement", &opened.id, 10)
        .await
        .unwrap();
    let entry = log
        .iter()
        .find(|e| e.action == "enforcement.filed")
        .unwrap();
    for field in ["stage", "filed_at", "filed_by", "decision_due_at"] {
        assert!(entry.detail.contains(field), "{field} in {}", entry.detail);
    }
    assert!(
        !entry.detail.contains("fine_fen"),
        "only what changed: {}",
        entry.detail
    );
    // A second step from the same (now stale) read is refused and changes nothing.
    let closed = gongzhi_domain::enforcement::EnforcementCase {
        stage: EnforcementStage::Closed,
        closed_at: Some(T0 + 2),
        ..opened.clone()
    };
    let events = store.enforcement_timeline(&opened.id).await.unwrap().len();
    assert!(matches!(
        store
            .update_enforcement(&admin(T0 + 2), &opened, &closed, "closed", "")
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        store.get_enforcement(&opened.enforcement_no).await.unwrap(),
        read
    );
    assert_eq!(
        store.enforcement_timeline(&opened.id).await.unwrap().len(),
        events
    );
    // What comes after the decision: the order, the 催告 and 公告, a forced execution, the challenge, publication.
    use gongzhi_domain::enforcement::{Challenge, ChallengeOutcome, Ruling};
    use gongzhi_domain::powers::Penalty;
    let after = gongzhi_domain::enforcement::EnforcementCase {
        stage: EnforcementStage::Executed,
        ruling: Some(Ruling::Order),
        order_kind: Some(Penalty::Demolition),
        order_due_at: Some(T0 + 10),
        warned_at: Some(T0 + 11),
        warning_due_at: Some(T0 + 12),
        announced_at: Some(T0 + 13),
        announcement_due_at: Some(T0 + 14),
        forced: true,
        challenge: Some(Challenge::Litigation),
        challenge_filed_at: Some(T0 + 15),
        challenge_outcome: Some(ChallengeOutcome::ConfirmedIllegal),
        challenge_resolved_at: Some(T0 + 16),
        social_impact: true,
        published_at: Some(T0 + 17),
        publication_withdrawn_at: Some(T0 + 18),
        ..read.clone()
    };
    store
        .update_enforcement(&admin(T0 + 3), &read, &after, "executed_forced", "")
        .await
        .unwrap();
    let again = store.get_enforcement(&opened.enforcement_no).await.unwrap();
    assert_eq!(
        again,
        gongzhi_domain::enforcement::EnforcementCase {
            version: read.version + 1,
            ..after
        }
    );
    assert_eq!(again.party_address, "某路一号");
    assert_eq!(
        store
            .published_enforcement(gongzhi_store::PageRequest::new(1, 10))
            .await
            .unwrap()
            .total,
        0,
        "a withdrawn publication is not listed"
    );
    assert!(
        store
            .enforcement_investigators(&opened.id)
            .await
            .unwrap()
            .is_empty(),
        "opened by no person"
    );
    store
        .enforcement_evidence(
            &Actor::staff(head, "head", "-", T0 + 4),
            &again,
            "询问笔录",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        store.enforcement_investigators(&opened.id).await.unwrap(),
        vec![head],
        "who gathered evidence investigated"
    );
}

pub async fn a_dispute_step_writes_the_record_it_is_given_once(store: Store) {
    let t = tree(&store).await;
    let place = CasePlace {
        street_id: Some(t.street_a),
        community_id: Some(t.community_a),
        accountable_unit_id: None,
        guessed: false,
    };
    let case = store
        .insert_dispute_case(
            &Actor::resident("-", T0),
            &new_case("dispute", "13912345678"),
            place,
            T0,
            None,
            &NewDispute {
                dispute_type: "neighbour".into(),
                source: "filed".into(),
                amount_fen: Some(120_000),
                facts: "楼上漏水".into(),
                claims: "赔偿".into(),
                parties: vec![
                    Party {
                        role: PartyRole::Applicant,
                        kind: PartyKind::Person,
                        name: "张先生".into(),
                        phone: "13912345678".into(),
                    },
                    Party {
                        role: PartyRole::Respondent,
                        kind: PartyKind::Person,
                        name: "李女士".into(),
                        phone: "13812345678".into(),
                    },
                ],
            },
        )
        .await
        .unwrap();
    let before = store.get_dispute(case.id).await.unwrap();
    let mediator = person(&store, t.community_a, Role::Mediator).await;
    let after = gongzhi_domain::dispute::Dispute {
        stage: DisputeStage::Agreed,
        urgency: Some(Urgency::Normal),
        risks: vec![Risk::Threats],
        complexity: Some(Complexity::Low),
        recommended: Some(DisputeChannel::Peoples),
        channel: Some(DisputeChannel::Peoples),
        evaluated_at: Some(T0 + 1),
        org_id: Some(t.community_a),
        mediator_id: Some(mediator),
        ended_at: Some(T0 + 3 * 86_400_000),
        terms: vec![Term {
            text: "赔偿维修费".into(),
            amount_fen: Some(80_000),
            due_date: Some("2026-12-31".into()),
            ..Default::default()
        }],
        agreement_text: "双方同意".into(),
        ..before.clone()
    };
    store
        .update_dispute(&admin(T0 + 1), &case, &before, &after, &Default::default())
        .await
        .unwrap();
    let read = store.get_dispute(case.id).await.unwrap();
    assert_eq!(
        read,
        gongzhi_domain::dispute::Dispute {
            version: before.version + 1,
            ..after.clone()
        }
    );
    // From the stale read: refused, nothing written.
    assert!(matches!(
        store
            .update_dispute(&admin(T0 + 2), &case, &before, &before, &Default::default())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.get_dispute(case.id).await.unwrap(), read);
    // The ended mediation counts under each key, settled, three days.
    for key in [
        OutcomeKey::DisputeType,
        OutcomeKey::Org,
        OutcomeKey::Mediator,
    ] {
        let stats = store.outcome_stats(key).await.unwrap();
        assert_eq!(stats.len(), 1, "{key:?}");
        assert_eq!((stats[0].ended, stats[0].settled), (1, 1), "{key:?}");
        assert_eq!(stats[0].median_days, Some(3.0), "{key:?}");
    }
    assert_eq!(
        store.outcome_stats(OutcomeKey::Mediator).await.unwrap()[0].key,
        mediator.to_string()
    );
}

pub async fn near_duplicates_and_repeat_callers_are_read_for_a_whole_page(store: Store) {
    let t = tree(&store).await;
    let at = |community: UnitId, street: UnitId| CasePlace {
        street_id: Some(street),
        community_id: Some(community),
        accountable_unit_id: None,
        guessed: false,
    };
    let mut cases = Vec::new();
    for (i, (place, phone)) in [
        (at(t.community_a, t.street_a), "13912345678"),
        (at(t.community_a, t.street_a), "13912345678"),
        (at(t.community_b, t.street_b), "13912345678"),
        (at(t.community_b, t.street_b), "13800000000"),
    ]
    .into_iter()
    .enumerate()
    {
        cases.push(
            store
                .insert_case(
                    &Actor::resident("-", T0),
                    &new_case("complaint", phone),
                    place,
                    T0 + i as i64 * 60_000,
                    None,
                )
                .await
                .unwrap(),
        );
    }
    let window = (T0 - 86_400_000, T0 + 86_400_000);
    let near = store
        .nearby_open_cases(&[t.community_a], &[], window)
        .await
        .unwrap();
    assert_eq!(near.len(), 2, "the two in community A, not B's");
    let both = store
        .nearby_open_cases(&[t.community_a], &[t.street_b], window)
        .await
        .unwrap();
    assert_eq!(both.len(), 4, "community A's and street B's in one read");
    assert!(
        store
            .nearby_open_cases(
                &[t.community_a],
                &[],
                (T0 + 86_400_000, T0 + 2 * 86_400_000)
            )
            .await
            .unwrap()
            .is_empty(),
        "by the time received"
    );
    let counts = store
        .same_caller_counts(&cases, 86_400_000, 86_400_000)
        .await
        .unwrap();
    assert_eq!(
        counts,
        vec![2, 2, 2, 0],
        "each of one caller's three sees the other two"
    );
    let filter = CaseFilter::new(Scope::Street(t.street_a), T0);
    assert_eq!(store.count_cases(&filter).await.unwrap(), 2);
    assert_eq!(
        store
            .list_cases(&filter, PageRequest::new(1, 1))
            .await
            .unwrap()
            .total,
        2,
        "the count is the list's total"
    );
}

// ---- Whistles (吹哨报到) ----

const HOUR: i64 = 3_600_000;

use gongzhi_domain::whistle::{NewWhistle, Rating, WhistleStatus};
use gongzhi_store::whistle::{WhistleFilter, WhistleToStore};

fn staff(user: gongzhi_domain::org::UserId, at: i64) -> Actor {
    Actor {
        user_id: Some(user),
        label: "staff".into(),
        address: "127.0.0.1".into(),
        at,
    }
}

pub async fn a_whistle_is_blown_reported_rated_and_closed_each_once(store: Store) {
    const MINUTE: i64 = 60_000;
    let t = tree(&store).await;
    let officer = person(&store, t.street_a, Role::Street).await;
    let member = person(&store, t.department, Role::Department).await;
    let blown = store
        .insert_whistle(
            &staff(officer, T0),
            &WhistleToStore {
                street_id: t.street_a,
                blown_unit_id: t.street_a,
                new: NewWhistle {
                    reason: "demand".into(),
                    title: "占道经营反复出现".into(),
                    description: "早市摊位占用消防通道。".into(),
                    address: "某路口".into(),
                    point: None,
                    report_minutes: Some(30),
                },
                report_minutes: 30,
                units: vec![t.department],
                cases: vec![],
                notify: vec![member],
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (blown.status, blown.blown_by, blown.blown_at),
        (WhistleStatus::Open, Some(officer), T0)
    );
    let summons = store.whistle_summons(&blown.id).await.unwrap();
    assert_eq!(summons.len(), 1);
    assert_eq!(
        (
            summons[0].unit_id,
            summons[0].due_at,
            summons[0].reported_at
        ),
        (t.department, T0 + 30 * MINUTE, None),
        "the unit is due thirty minutes after the whistle"
    );
    let notices = store
        .list_notices(member, PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!(notices.total, 1, "the summoned unit's people are told");
    assert_eq!(
        notices.items[0].whistle_no.as_deref(),
        Some(blown.whistle_no.as_str())
    );

    // Overdue only once the deadline has passed, and only in the filter that asks for it.
    let overdue_at = |at: i64| WhistleFilter {
        overdue_at: Some(at),
        ..Default::default()
    };
    let before = T0 + 29 * MINUTE;
    let after = T0 + 31 * MINUTE;
    let listed = |f: WhistleFilter, now: i64| {
        let store = store.clone();
        async move {
            store
                .list_whistles(&f, now, PageRequest::new(1, 10))
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(listed(overdue_at(before), before).await, 0);
    assert_eq!(listed(overdue_at(after), after).await, 1);
    let summoned = WhistleFilter {
        summoned_unit: Some(t.department),
        ..Default::default()
    };
    assert_eq!(listed(summoned, after).await, 1);
    let other_street = WhistleFilter {
        street: Some(t.street_b),
        ..Default::default()
    };
    assert_eq!(listed(other_street, after).await, 0);

    // The report, once; a second report from the same (now stale) read is refused and writes nothing.
    let report_at = T0 + 20 * MINUTE;
    store
        .report_whistle(
            &staff(member, report_at),
            &blown,
            t.department,
            true,
            &["李队长".into()],
            "到场清理摊位",
            &[],
            false,
        )
        .await
        .unwrap();
    let head = audit_head(&store).await;
    let fresh = store.get_whistle(&blown.id).await.unwrap();
    for read in [&blown, &fresh] {
        assert!(matches!(
            store
                .report_whistle(
                    &staff(member, report_at + 1),
                    read,
                    t.department,
                    true,
                    &[],
                    "再次报到",
                    &[],
                    false,
                )
                .await,
            Err(StoreError::Conflict { .. })
        ));
    }
    assert_eq!(
        audit_head(&store).await,
        head,
        "refused reports leave nothing"
    );
    let summons = store.whistle_summons(&blown.id).await.unwrap();
    assert_eq!(
        (
            summons[0].reported_at,
            summons[0].on_site,
            summons[0].people.clone()
        ),
        (Some(report_at), Some(true), vec!["李队长".to_owned()])
    );

    // The street's rating, once; a change only where a rating is.
    let rating = Rating {
        timeliness: 5,
        attitude: 4,
        result: 4,
        comment: "到场及时".into(),
        rated_at: T0 + HOUR,
    };
    let fresh = store.get_whistle(&blown.id).await.unwrap();
    assert!(
        matches!(
            store
                .rate_whistle_unit(
                    &staff(officer, T0 + HOUR),
                    &fresh,
                    t.department,
                    &rating,
                    true
                )
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "nothing to change before a first rating"
    );
    store
        .rate_whistle_unit(
            &staff(officer, T0 + HOUR),
            &fresh,
            t.department,
            &rating,
            false,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .rate_whistle_unit(
                &staff(officer, T0 + HOUR),
                &fresh,
                t.department,
                &rating,
                false
            )
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let changed = Rating {
        result: 2,
        ..rating.clone()
    };
    store
        .rate_whistle_unit(
            &staff(officer, T0 + 2 * HOUR),
            &fresh,
            t.department,
            &changed,
            true,
        )
        .await
        .unwrap();
    let summons = store.whistle_summons(&blown.id).await.unwrap();
    let kept = summons[0].rating.clone().unwrap();
    assert_eq!(
        (kept.timeliness, kept.result, kept.rated_at),
        (5, 2, T0 + HOUR),
        "a change keeps the first rating's time"
    );

    // Closing, once.
    store
        .close_whistle(&staff(officer, T0 + 3 * HOUR), &fresh, "摊位已清理", "")
        .await
        .unwrap();
    assert!(matches!(
        store
            .close_whistle(&staff(officer, T0 + 3 * HOUR), &fresh, "再次办结", "")
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let closed = store.get_whistle(&blown.id).await.unwrap();
    assert_eq!(
        (closed.status, closed.closed_at, closed.outcome.as_str()),
        (WhistleStatus::Closed, Some(T0 + 3 * HOUR), "摊位已清理")
    );
    let events: Vec<String> = store
        .whistle_timeline(&blown.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        ["blown", "reported", "rated", "rating_changed", "closed"],
        "the timeline in order"
    );

    // The district view: one whistle of street A, closed, its one summons reported in time with a mean rating.
    let stats = store
        .whistle_stats(T0 - HOUR, T0 + HOUR, T0 + 4 * HOUR)
        .await
        .unwrap();
    assert_eq!(stats.streets.len(), 1);
    assert_eq!(
        (
            stats.streets[0].whistles,
            stats.streets[0].open,
            stats.streets[0].summons
        ),
        (1, 0, 1)
    );
    let unit = &stats.units[0];
    assert_eq!(
        (unit.summoned, unit.in_time, unit.late, unit.missing),
        (1, 1, 0, 0)
    );
    assert_eq!(unit.median_minutes, Some(20.0));
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

// ---- The residents' outbox ----

use gongzhi_domain::notify::{Delivery, Medium, TellKind};

fn intake(kind: &str, phone: &str, email: &str, anonymous: bool) -> gongzhi_domain::cases::NewCase {
    CaseInput {
        kind: kind.into(),
        title: "路灯不亮".into(),
        description: "小区门口路灯连续三晚不亮。".into(),
        address: "某小区东门".into(),
        lat: String::new(),
        lon: String::new(),
        name: if anonymous {
            String::new()
        } else {
            "张先生".into()
        },
        phone: phone.into(),
        anonymous: if anonymous {
            "on".into()
        } else {
            String::new()
        },
        email: email.into(),
    }
    .validate(Channel::Web, &CaseKind::PUBLIC)
    .unwrap()
}

pub async fn the_outbox_tells_what_can_be_received_and_leases_each_message_once(store: Store) {
    const MINUTE: i64 = 60_000;
    let a = admin(T0);
    let insert = |case: gongzhi_domain::cases::NewCase| {
        let store = store.clone();
        let a = a.clone();
        async move {
            store
                .insert_case(&a, &case, CasePlace::default(), T0, None)
                .await
                .unwrap()
        }
    };
    // A mobile number and an e-mail address: the case number goes to both.
    let told = insert(intake("help", "13912345678", "zhang@example.cn", false)).await;
    // An anonymous report, and a fixed line without e-mail: nothing they cannot receive.
    let anonymous = insert(intake("report", "", "", true)).await;
    let landline = insert(intake("help", "010-68881234", "", false)).await;
    let messages = store.outbox_of_case(told.id).await.unwrap();
    let mut media: Vec<(Medium, TellKind, Delivery)> = messages
        .iter()
        .map(|m| (m.medium, m.kind, m.status))
        .collect();
    media.sort_by_key(|m| m.0.code());
    assert_eq!(
        media,
        vec![
            (Medium::Email, TellKind::Received, Delivery::Pending),
            (Medium::Sms, TellKind::Received, Delivery::Pending),
        ]
    );
    assert!(store.outbox_of_case(anonymous.id).await.unwrap().is_empty());
    assert!(store.outbox_of_case(landline.id).await.unwrap().is_empty());

    // A claim leases the SMS to one worker and counts the attempt at once; nobody else gets it while leased.
    let lease = 5 * MINUTE;
    let claimed = store
        .claim_outbox(T0, lease, &[Medium::Sms], 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(
        (claimed[0].recipient.as_str(), claimed[0].attempts),
        ("13912345678", 1)
    );
    let sms = claimed[0].id.clone();
    assert!(
        store
            .claim_outbox(T0 + MINUTE, lease, &[Medium::Sms], 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .claim_outbox(T0, lease, &[], 10)
            .await
            .unwrap()
            .is_empty(),
        "no medium configured: nothing claimed"
    );
    // A worker that died holding it: once the lease has run out, it is claimed again, its attempt counted.
    let again = store
        .claim_outbox(T0 + lease + 1, lease, &[Medium::Sms], 10)
        .await
        .unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 2));

    // Failed for now: tried again from the time given, not before.
    let retry_at = T0 + 30 * MINUTE;
    store
        .outbox_failed(&sms, Some(retry_at), "网关超时")
        .await
        .unwrap();
    assert!(
        store
            .claim_outbox(retry_at - 1, lease, &[Medium::Sms], 10)
            .await
            .unwrap()
            .is_empty()
    );
    let third = store
        .claim_outbox(retry_at, lease, &[Medium::Sms], 10)
        .await
        .unwrap();
    assert_eq!(
        (third.len(), third[0].last_error.as_deref()),
        (1, Some("网关超时"))
    );
    // Failed for good, then sent again by an administrator's decision (audited), from the start.
    store.outbox_failed(&sms, None, "号码停机").await.unwrap();
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!(
        (
            counts.get(Medium::Sms, Delivery::Failed),
            counts.get(Medium::Email, Delivery::Pending)
        ),
        (1, 1)
    );
    assert_eq!(
        store
            .outbox_with_status(Delivery::Failed, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let head = audit_head(&store).await;
    assert_eq!(
        store.retry_failed_outbox(&admin(T0 + HOUR)).await.unwrap(),
        1
    );
    assert_eq!(audit_head(&store).await, head + 1, "the retry is audited");
    let resent = store
        .claim_outbox(T0 + HOUR, lease, &[Medium::Sms], 10)
        .await
        .unwrap();
    assert_eq!(
        (resent.len(), resent[0].attempts),
        (1, 1),
        "attempts start over"
    );
    store.outbox_sent(&sms, T0 + HOUR + 1).await.unwrap();
    let sent = store.outbox_of_case(told.id).await.unwrap();
    let sms_row = sent.iter().find(|m| m.id == sms).unwrap();
    assert_eq!(
        (
            sms_row.status,
            sms_row.sent_at,
            sms_row.last_error.as_deref()
        ),
        (Delivery::Sent, Some(T0 + HOUR + 1), None)
    );
    assert!(
        store
            .claim_outbox(T0 + 2 * HOUR, lease, &[Medium::Sms], 10)
            .await
            .unwrap()
            .is_empty(),
        "a sent message is never claimed again"
    );
}

// ---- Open311 GeoReport v2 ----

use gongzhi_store::open311::{NewRequest, RequestFilter};

pub async fn open311_keys_and_requests_are_kept_whole_and_found(store: Store) {
    let a = admin(T0);
    let key = store
        .issue_open311_key(&a, "某市民服务App", "digest-1", "gzk_ab12")
        .await
        .unwrap();
    assert!(
        store
            .use_open311_key("digest-unknown", T0)
            .await
            .unwrap()
            .is_none()
    );
    let used = store
        .use_open311_key("digest-1", T0 + 5)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (used.id.as_str(), used.organisation.as_str()),
        (key.as_str(), "某市民服务App")
    );
    assert_eq!(
        store.open311_keys().await.unwrap()[0].last_used_at,
        Some(T0 + 5)
    );

    let request = |token: &str| NewRequest {
        token: token.into(),
        key_id: key.clone(),
        media_url: Some("https://example.cn/p/1.jpg".into()),
    };
    let posted = store
        .insert_open311_case(
            &a,
            &new_case("complaint", "13912345678"),
            CasePlace::default(),
            T0 + 10,
            None,
            &request("tok-1"),
        )
        .await
        .unwrap();
    // A token given twice refuses the second request whole: no case without its request record.
    let head = audit_head(&store).await;
    let cases_before = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .total;
    assert!(matches!(
        store
            .insert_open311_case(
                &a,
                &new_case("complaint", "13912345678"),
                CasePlace::default(),
                T0 + 20,
                None,
                &request("tok-1"),
            )
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(audit_head(&store).await, head);
    assert_eq!(
        store
            .list_cases(
                &CaseFilter::new(Scope::District, T0),
                PageRequest::new(1, 1)
            )
            .await
            .unwrap()
            .total,
        cases_before
    );
    assert_eq!(
        store.open311_token("tok-1").await.unwrap().as_deref(),
        Some(posted.case_no.as_str())
    );
    assert_eq!(store.open311_token("tok-2").await.unwrap(), None);
    // A case taken by phone is not an Open311 request.
    store
        .insert_case(
            &a,
            &new_case("help", "13812345678"),
            CasePlace::default(),
            T0 + 30,
            None,
        )
        .await
        .unwrap();

    let window = |open: bool, closed: bool| RequestFilter {
        from: T0,
        to: T0 + HOUR,
        open,
        closed,
        limit: 10,
        ..Default::default()
    };
    let found = store.open311_requests(&window(false, false)).await.unwrap();
    assert_eq!(found.len(), 1, "only requests posted through Open311");
    assert_eq!(
        (
            found[0].case.case_no.as_str(),
            found[0].token.as_str(),
            found[0].media_url.as_deref()
        ),
        (
            posted.case_no.as_str(),
            "tok-1",
            Some("https://example.cn/p/1.jpg")
        )
    );
    assert_eq!(
        store
            .open311_requests(&window(true, false))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .open311_requests(&window(false, true))
            .await
            .unwrap()
            .is_empty(),
        "none closed"
    );
    let later = RequestFilter {
        from: T0 + HOUR,
        to: T0 + 2 * HOUR,
        limit: 10,
        ..Default::default()
    };
    assert!(store.open311_requests(&later).await.unwrap().is_empty());
    let by_service = RequestFilter {
        services: vec!["A01".into()],
        ..window(false, false)
    };
    assert!(
        store
            .open311_requests(&by_service)
            .await
            .unwrap()
            .is_empty(),
        "not yet in a category"
    );
    let by_number = RequestFilter {
        case_nos: vec![posted.case_no.as_str().to_owned(), "20990101000001".into()],
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        store.open311_requests(&by_number).await.unwrap().len(),
        1,
        "numbers override the window"
    );

    // Revoked once; a revoked key no longer lets anyone in.
    store
        .revoke_open311_key(&admin(T0 + HOUR), &key)
        .await
        .unwrap();
    assert!(matches!(
        store.revoke_open311_key(&admin(T0 + HOUR), &key).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        store
            .revoke_open311_key(&admin(T0 + HOUR), "no-such-key")
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .use_open311_key("digest-1", T0 + 2 * HOUR)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

// ---- Elders: the census and disability assessments ----

use gongzhi_domain::care::{
    AssessStatus, CensusRow, Economic, IdNumber, Living, Need, Reason as AssessReason, Sex,
};
use gongzhi_store::care::{AssessmentRecord, CensusEntry, ElderFilter, ImportEnd};

/// A citizen ID number with its check digit computed as GB 11643-1999 says (ISO 7064 MOD 11-2 over the first 17
/// digits with the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the remainder picks from "10X98765432").
fn id_number(first17: &str) -> IdNumber {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    IdNumber::parse(&format!("{first17}{check}")).unwrap()
}

fn elder_row(name: &str, first17: &str, living: Living, needs: Vec<Need>) -> CensusRow {
    let id = id_number(first17);
    CensusRow {
        name: name.into(),
        birth_date: id.birth_date(),
        id_number: id,
        sex: Sex::Female,
        street: "甲街道".into(),
        community: "一社区".into(),
        living,
        economic: Economic::Ordinary,
        phone: None,
        needs,
        residence: None,
    }
}

pub async fn a_census_is_imported_by_id_number_and_an_assessment_concludes_once(store: Store) {
    let t = tree(&store).await;
    let a = admin(T0);
    let entry = |row: CensusRow, community: UnitId, street: UnitId| CensusEntry {
        row,
        street_id: street,
        community_id: community,
    };
    let wang = elder_row(
        "王秀英",
        "11010719400101002",
        Living::Alone,
        vec![Need::Meals],
    );
    let li = elder_row("李桂兰", "11010719450315004", Living::EmptyNest, vec![]);
    store
        .start_census_import(&a, "imp-1", "census.csv", "2026", 20261101, 3)
        .await
        .unwrap();
    // The same person twice in one file: the last row wins.
    let first = store
        .import_census_batch(
            &a,
            "imp-1",
            "2026",
            &[
                entry(wang.clone(), t.community_a, t.street_a),
                entry(li.clone(), t.community_a, t.street_a),
                entry(
                    CensusRow {
                        living: Living::WithChildren,
                        ..wang.clone()
                    },
                    t.community_a,
                    t.street_a,
                ),
            ],
            3,
            0,
        )
        .await
        .unwrap();
    assert_eq!(first, (2, 0), "two people created, nobody twice");
    let with_children = ElderFilter {
        living: Some(Living::WithChildren),
        ..Default::default()
    };
    assert_eq!(
        store
            .elders(&with_children, PageRequest::new(1, 10))
            .await
            .unwrap()
            .total,
        1,
        "the later row of the same person is the one kept"
    );
    store
        .finish_census_import(
            &a,
            "imp-1",
            &ImportEnd {
                status: "done",
                done_rows: 3,
                bad: 0,
                message: "",
                report: "",
            },
        )
        .await
        .unwrap();
    assert!(
        matches!(
            store
                .finish_census_import(
                    &a,
                    "imp-1",
                    &ImportEnd {
                        status: "failed",
                        done_rows: 3,
                        bad: 0,
                        message: "",
                        report: "",
                    },
                )
                .await,
            Err(StoreError::NotFound)
        ),
        "an import ends once"
    );
    let done = store.census_import("imp-1").await.unwrap();
    assert_eq!(
        (done.status.as_str(), done.done_rows, done.created),
        ("done", 3, 2)
    );

    // A second round finds the same people by ID number: updated, not duplicated; the move is kept.
    store
        .start_census_import(&a, "imp-2", "census-2.csv", "2027", 20271101, 1)
        .await
        .unwrap();
    let second = store
        .import_census_batch(
            &a,
            "imp-2",
            "2027",
            &[entry(wang.clone(), t.community_b, t.street_b)],
            1,
            0,
        )
        .await
        .unwrap();
    assert_eq!(second, (0, 1));
    let in_street = |street: UnitId| ElderFilter {
        street_id: Some(street),
        ..Default::default()
    };
    let a_elders = store
        .elders(&in_street(t.street_a), PageRequest::new(1, 10))
        .await
        .unwrap();
    let b_elders = store
        .elders(&in_street(t.street_b), PageRequest::new(1, 10))
        .await
        .unwrap();
    assert_eq!((a_elders.total, b_elders.total), (1, 1));
    let wang_id = b_elders.items[0].id.clone();
    let record = store.elder(&wang_id).await.unwrap();
    assert_eq!(
        (
            record.name.as_str(),
            record.living,
            record.needs.clone(),
            record.survey_round.as_str()
        ),
        ("王秀英", Living::Alone, vec![Need::Meals], "2027")
    );

    // An assessment: recorded, publicised, concluded under its version; a stale write is refused; the conclusion
    // sets the level in force, and the level is cleared once its validity has ended.
    let assessor = person(&store, t.street_a, Role::Assessor).await;
    let assessor2 = person(&store, t.street_a, Role::Assessor).await;
    let officer = person(&store, t.district, Role::CareAdmin).await;
    let recorded = AssessmentRecord {
        id: "as-1".into(),
        elder_id: wang_id.clone(),
        reason: AssessReason::First,
        status: AssessStatus::Recorded,
        band_version: "national-2021".into(),
        items: Default::default(),
        daily_living: 40,
        cognition: 20,
        perception: 10,
        computed_level: 3,
        assessor_level: 3,
        assessor1: assessor,
        assessor2,
        assessed_at: T0,
        note: String::new(),
        reviewer_id: None,
        reviewer_level: None,
        final_level: None,
        reviewed_at: None,
        publicity_until: None,
        appeal_note: String::new(),
        appealed_at: None,
        concluded_at: None,
        valid_from: None,
        valid_until: None,
        version: 1,
        assessor2_confirmed_at: None,
        return_reason: String::new(),
    };
    store.insert_assessment(&a, &recorded).await.unwrap();
    let publicised = AssessmentRecord {
        status: AssessStatus::Publicised,
        assessor2_confirmed_at: Some(T0 + 1),
        reviewer_id: Some(officer),
        reviewer_level: Some(3),
        final_level: Some(3),
        reviewed_at: Some(T0 + HOUR),
        publicity_until: Some(T0 + 5 * 86_400_000),
        ..recorded.clone()
    };
    store
        .update_assessment(&a, &publicised, "care.assessment.review")
        .await
        .unwrap();
    assert!(
        store
            .assessments_to_conclude(T0 + 5 * 86_400_000 - 1, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .assessments_to_conclude(T0 + 5 * 86_400_000, 10)
            .await
            .unwrap(),
        vec!["as-1".to_owned()]
    );
    let head = audit_head(&store).await;
    assert!(
        matches!(
            store
                .update_assessment(&a, &publicised, "care.assessment.review")
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "written from a stale read"
    );
    assert_eq!(audit_head(&store).await, head);
    let concluded = AssessmentRecord {
        status: AssessStatus::Concluded,
        concluded_at: Some(T0 + 5 * 86_400_000),
        valid_from: Some(20261123),
        valid_until: Some(20281122),
        version: 2,
        ..publicised.clone()
    };
    store
        .update_assessment(&a, &concluded, "care.assessment.conclude")
        .await
        .unwrap();
    let read = store.assessment("as-1").await.unwrap();
    assert_eq!((read.status, read.version), (AssessStatus::Concluded, 3));
    let elder = store.elder(&wang_id).await.unwrap();
    assert_eq!(
        (elder.care_level, elder.level_until),
        (Some(3), Some(20281122))
    );
    assert_eq!(
        store.expire_levels(&a, 20281121).await.unwrap(),
        0,
        "still in force"
    );
    assert_eq!(store.expire_levels(&a, 20281122).await.unwrap(), 1);
    assert_eq!(store.elder(&wang_id).await.unwrap().care_level, None);
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

// ---- The monthly assessment's records ----

use gongzhi_domain::assessment::Month;
use gongzhi_domain::lifecycle::Closing;
use gongzhi_store::assessment::Source;

pub async fn a_months_closings_are_tallied_frozen_once_and_later_verdicts_shown_apart(
    store: Store,
) {
    let t = tree(&store).await;
    let place = CasePlace {
        street_id: Some(t.street_a),
        community_id: Some(t.community_a),
        ..Default::default()
    };
    // (round, contacted in time, on time, verdict) of three closings by community A in November 2026.
    let closings = [
        (1, true, true, Some((true, Satisfaction::Satisfied))),
        (1, false, true, None),
        (2, true, false, Some((false, Satisfaction::Dissatisfied))),
    ];
    let mut ids = Vec::new();
    for (i, (round, contacted, on_time, verdict)) in closings.into_iter().enumerate() {
        let at = T0 + i as i64 * HOUR;
        let case = store
            .insert_case(
                &admin(at),
                &new_case("help", "13912345678"),
                place,
                at,
                None,
            )
            .await
            .unwrap();
        let mut change = Change {
            audit: "case.test",
            ..Default::default()
        };
        change.records.push(Record::Closing(Closing {
            round,
            unit_id: t.community_a,
            agent_id: None,
            street_id: Some(t.street_a),
            category_code: Some("A01".into()),
            kind: CaseKind::Help,
            contacted_in_time: contacted,
            on_time,
        }));
        if let Some((resolved, satisfaction)) = verdict {
            change.records.push(Record::Rating {
                round,
                resolved,
                satisfaction,
                source: VerdictSource::Callback,
            });
        }
        store
            .update_case(&admin(at + 1), &case, &change)
            .await
            .unwrap();
        ids.push(case.id);
    }
    let november = Month::parse("2026-11").unwrap();
    let tallies = store
        .assessment_tallies(november, Source::Live)
        .await
        .unwrap();
    assert_eq!(tallies.len(), 1);
    let tally = &tallies[0];
    assert_eq!(
        (tally.unit_id, tally.street_id),
        (t.community_a, Some(t.street_a))
    );
    assert_eq!(
        (
            tally.tally.cases,
            tally.tally.contacted_in_time,
            tally.tally.on_time,
            tally.tally.redone,
            tally.tally.rated,
            tally.tally.resolved,
            tally.tally.satisfaction_tenths
        ),
        (3, 2, 2, 1, 2, 1, 10),
        "a redone case counts as redone; only rated closings carry a verdict (satisfied 10, dissatisfied 0)"
    );
    let october = Month::parse("2026-10").unwrap();
    assert!(
        store
            .assessment_tallies(october, Source::Live)
            .await
            .unwrap()
            .is_empty()
    );

    // Frozen once: the month's official figures.
    assert_eq!(
        store
            .freeze_month(&admin(T0 + 20 * 86_400_000), november)
            .await
            .unwrap(),
        3
    );
    assert!(
        store
            .freeze_month(&admin(T0 + 20 * 86_400_000), november)
            .await
            .is_err()
    );
    let frozen = store.frozen_month(november).await.unwrap().unwrap();
    assert_eq!(frozen.frozen_at, T0 + 20 * 86_400_000);
    assert_eq!(store.frozen_month(october).await.unwrap(), None);

    // A verdict that comes after the freeze changes the live figures, not the frozen ones, and shows as a difference.
    let late = store.get_case(ids[1]).await.unwrap();
    let mut change = Change {
        audit: "case.test",
        ..Default::default()
    };
    change.records.push(Record::Rating {
        round: 1,
        resolved: true,
        satisfaction: Satisfaction::Basic,
        source: VerdictSource::Callback,
    });
    store
        .update_case(&admin(T0 + 21 * 86_400_000), &late, &change)
        .await
        .unwrap();
    let live = store
        .assessment_tallies(november, Source::Live)
        .await
        .unwrap();
    let official = store
        .assessment_tallies(november, Source::Frozen(november))
        .await
        .unwrap();
    assert_eq!(
        (live[0].tally.rated, live[0].tally.satisfaction_tenths),
        (3, 18)
    );
    assert_eq!(
        (
            official[0].tally.rated,
            official[0].tally.satisfaction_tenths
        ),
        (2, 10)
    );
    let differences = store.frozen_differences(november, None).await.unwrap();
    assert_eq!(differences.len(), 1);
    let d = &differences[0];
    assert_eq!(
        (
            d.before.as_ref().map(|c| c.satisfaction),
            d.after.as_ref().map(|c| c.satisfaction)
        ),
        (Some(None), Some(Some(Satisfaction::Basic)))
    );
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

// ---- Care services: deliveries, subsidies, verification ----

use gongzhi_domain::care::services::{Meal, Place as ServicePlace, Tier as FacilityTier};
use gongzhi_store::care::services::{Facility, ServiceRecord};

pub async fn deliveries_take_one_subsidy_a_day_and_are_verified_or_rejected_once(store: Store) {
    let t = tree(&store).await;
    let a = admin(T0);
    store
        .start_census_import(&a, "imp-s", "census.csv", "2026", 20261101, 1)
        .await
        .unwrap();
    let row = elder_row(
        "赵淑珍",
        "11010719420520006",
        Living::Alone,
        vec![Need::Meals],
    );
    store
        .import_census_batch(
            &a,
            "imp-s",
            "2026",
            &[CensusEntry {
                row,
                street_id: t.street_a,
                community_id: t.community_a,
            }],
            1,
            0,
        )
        .await
        .unwrap();
    let elder = store.elder_ids().await.unwrap()[0].0.clone();
    let facility = Facility {
        id: "f-1".into(),
        unit_id: None,
        name: "老街坊助餐点".into(),
        tier: FacilityTier::MealPoint,
        operator: "合作餐饮企业".into(),
        alliance: true,
        street_id: Some(t.street_a),
        community_id: Some(t.community_a),
        beds: 0,
        day_seats: 0,
        meals_per_day: 150,
        home_care_slots: 0,
        radius_m: 1_000,
        point: None,
        active: true,
        prices: vec![(Need::Meals, 1_500), (Need::Cleaning, 4_000)],
    };
    store.insert_facility(&a, &facility).await.unwrap();
    assert_eq!(store.facilities(Some(t.street_a)).await.unwrap().len(), 1);
    assert!(store.facilities(Some(t.street_b)).await.unwrap().is_empty());

    let day = 20261118;
    let record = |id: &str, service: Need, subsidy: i64, minutes: i64| ServiceRecord {
        id: id.into(),
        elder_id: elder.clone(),
        facility_id: "f-1".into(),
        service,
        served_by: None,
        started_at: T0,
        minutes,
        place: ServicePlace::Facility,
        meal: (service == Need::Meals).then_some(Meal::Lunch),
        units: 1,
        local_day: day,
        month: day / 100,
        price_fen: 1_500,
        subsidy_fen: subsidy,
        subsidy_rule: (subsidy > 0).then(|| "bj-meal".to_owned()),
        charged_fen: 1_500 - subsidy,
        plan_id: None,
        status: "recorded".into(),
        reject_note: String::new(),
        recorded_at: T0 + HOUR,
    };
    store
        .insert_service_record(&a, &record("r-1", Need::Meals, 500, 30))
        .await
        .unwrap();
    // A second subsidised lunch the same day: the database refuses it, whichever server wrote first.
    let head = audit_head(&store).await;
    assert!(matches!(
        store
            .insert_service_record(&a, &record("r-2", Need::Meals, 500, 30))
            .await,
        Err(StoreError::Conflict { constraint }) if constraint == "subsidy_taken"
    ));
    assert_eq!(audit_head(&store).await, head);
    assert_eq!(store.subsidies_on(&elder, day, "bj-meal").await.unwrap(), 1);
    // Without a subsidy, a second meal the same day is only a sale.
    store
        .insert_service_record(&a, &record("r-3", Need::Meals, 0, 30))
        .await
        .unwrap();
    store
        .insert_service_record(&a, &record("r-4", Need::Cleaning, 0, 60))
        .await
        .unwrap();

    assert_eq!(store.verify_records(&a, "f-1", day / 100).await.unwrap(), 3);
    assert_eq!(
        store.verify_records(&a, "f-1", day / 100).await.unwrap(),
        0,
        "verified once"
    );
    store.reject_record(&a, "r-3", "未见签收").await.unwrap();
    assert!(matches!(
        store.reject_record(&a, "r-3", "再次").await,
        Err(StoreError::NotFound)
    ));
    let rejected = store.service_record("r-3").await.unwrap();
    assert_eq!(
        (rejected.status.as_str(), rejected.reject_note.as_str()),
        ("rejected", "未见签收")
    );
    let delivered = store.delivered_in(day / 100).await.unwrap();
    assert_eq!(
        delivered,
        vec![(Need::Cleaning, 60, 1), (Need::Meals, 30, 1)],
        "a rejected delivery is not counted"
    );
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}
