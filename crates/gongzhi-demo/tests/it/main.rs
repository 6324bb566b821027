//! The demo district loads on both backends: once, whole, and a history that later work continues.

use gongzhi_domain::cases::{CaseKind, CaseStatus, Channel};
use gongzhi_domain::org::{Role, Scope, UnitKind};
use gongzhi_store::cases::CaseFilter;
use gongzhi_store::import::Seeded;
use gongzhi_store::org::UserFilter;
use gongzhi_store::{Actor, PageRequest, Store};

const T0: i64 = 1_795_000_000_000; // 2026-11-18 (UTC)

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                gongzhi_store::testing::run_story(gongzhi_store::Backend::Sqlite, super::$name).await
            }
            #[tokio::test]
            async fn postgres() {
                gongzhi_store::testing::run_story(gongzhi_store::Backend::Postgres, super::$name).await
            }
        }
    )*};
}

on_both_backends!(
    the_demo_district_is_created_once,
    the_demo_history_loads_once_and_new_cases_continue_its_numbers,
    the_demo_leaders_are_in_charge_of_their_streets_and_fields,
);

async fn the_demo_district_is_created_once(store: Store) {
    let actor = Actor::system(T0);
    let first = gongzhi_demo::seed_district(&store, &actor, "demo-hash")
        .await
        .unwrap();
    let n_users = gongzhi_demo::district::users().len();
    assert_eq!(
        first,
        Seeded::Created {
            units: gongzhi_demo::district::units().len(),
            users: n_users
        }
    );
    assert_eq!(
        gongzhi_demo::seed_district(&store, &actor, "demo-hash")
            .await
            .unwrap(),
        Seeded::AlreadyPresent
    );
    let units = store.list_units().await.unwrap();
    let count = |kind: UnitKind| units.iter().filter(|u| u.unit.kind == kind).count();
    // Shijingshan has 9 streets (八宝山, 老山, 八角, 古城, 苹果园, 金顶街, 广宁, 五里坨, 鲁谷).
    assert_eq!(
        (count(UnitKind::Street), count(UnitKind::Community)),
        (9, 155)
    );
    let users = store
        .list_users(&UserFilter::default(), PageRequest::new(1, 200))
        .await
        .unwrap();
    assert_eq!(users.total as usize, n_users);
    let catalogue = store
        .catalogue(store.catalogue_version().await.unwrap())
        .await
        .unwrap();
    assert_eq!(catalogue.len(), gongzhi_demo::catalogue::categories().len());
    let powers = store
        .powers(store.powers_version().await.unwrap())
        .await
        .unwrap();
    assert_eq!(powers.len(), gongzhi_demo::powers::powers().len());
    assert_eq!(
        store.list_kb().await.unwrap().len(),
        gongzhi_demo::kb::entries().len()
    );
    assert_eq!(
        store.list_replies().await.unwrap().len(),
        gongzhi_demo::replies::replies().len()
    );
    let bajiao = store.get_unit_by_code("street.bajiao").await.unwrap();
    let officer = store.get_credentials("street-bajiao").await.unwrap();
    assert_eq!(
        (officer.user.unit_id, officer.user.roles.clone()),
        (bajiao.unit.id, vec![Role::Street])
    );
    assert_eq!(store.community_centres().await.unwrap().len(), 155);
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

async fn the_demo_history_loads_once_and_new_cases_continue_its_numbers(store: Store) {
    let actor = Actor::system(T0);
    store.ensure_calendar(&actor).await.unwrap();
    gongzhi_demo::seed_district(&store, &actor, "h")
        .await
        .unwrap();
    let n = gongzhi_demo::seed_history(&store, &actor, 400)
        .await
        .unwrap();
    assert!(n > 350, "{n}");
    assert_eq!(
        gongzhi_demo::seed_history(&store, &actor, 400)
            .await
            .unwrap(),
        0,
        "once"
    );
    let all = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 1),
        )
        .await
        .unwrap();
    assert_eq!(all.total as usize, n);
    let closed = store
        .list_cases(
            &CaseFilter {
                status: Some(CaseStatus::Closed),
                ..CaseFilter::new(Scope::District, T0)
            },
            PageRequest::new(1, 1),
        )
        .await
        .unwrap();
    assert!(closed.total as usize > n / 2);
    // Each dispute's case stands where its mediation put it (issue 25, item 4): out of the queue with the mediator
    // while in hand, closed with the mediation's outcome once it ended.
    let every = store
        .list_cases(
            &CaseFilter::new(Scope::District, T0),
            PageRequest::new(1, 1000),
        )
        .await
        .unwrap();
    let mut ended = 0;
    for row in every.items.iter().filter(|c| c.kind == CaseKind::Dispute) {
        let case = store.get_case_by_no(&row.case_no).await.unwrap();
        // Some demo cases are disputes without a mediation record (the generator samples them).
        let Ok(d) = store.get_dispute(case.id).await else {
            continue;
        };
        match gongzhi_domain::lifecycle::mediation_spine(&d) {
            Some(gongzhi_domain::lifecycle::MediationSpine::Ended { .. }) => {
                ended += 1;
                assert_eq!(case.status, CaseStatus::Closed, "{}", case.case_no);
            }
            Some(gongzhi_domain::lifecycle::MediationSpine::InHand { agent, .. }) => {
                assert_eq!(
                    (case.status, case.agent_id),
                    (CaseStatus::InProgress, Some(agent)),
                    "{}",
                    case.case_no
                );
            }
            None => assert!(
                matches!(
                    case.status,
                    CaseStatus::Received | CaseStatus::Assigned | CaseStatus::InProgress
                ),
                "{} {:?}",
                case.case_no,
                case.status
            ),
        }
    }
    assert!(ended > 0, "the history has ended mediations");
    // New cases continue the history's numbering for the same day.
    let last = all.items[0].clone();
    let input = gongzhi_domain::cases::CaseInput {
        kind: "help".into(),
        title: "楼道灯坏了".into(),
        description: "三号楼二单元楼道灯不亮。".into(),
        address: "八角北路".into(),
        lat: String::new(),
        lon: String::new(),
        name: "张先生".into(),
        phone: "13912345678".into(),
        anonymous: String::new(),
        email: String::new(),
    }
    .validate(Channel::Web, &CaseKind::PUBLIC)
    .unwrap();
    let fresh = store
        .insert_case(
            &actor,
            &input,
            gongzhi_domain::org::CasePlace::default(),
            last.received_at,
            None,
        )
        .await
        .unwrap();
    assert!(
        fresh.case_no > last.case_no,
        "{} after {}",
        fresh.case_no,
        last.case_no
    );
    assert_eq!(store.verify_audit(None).await.unwrap().first_break, None);
}

async fn the_demo_leaders_are_in_charge_of_their_streets_and_fields(store: Store) {
    gongzhi_demo::seed_district(&store, &Actor::system(T0), "demo-hash")
        .await
        .unwrap();
    let leader = store.get_credentials("leader").await.unwrap().user.id;
    let leader2 = store.get_credentials("leader-2").await.unwrap().user.id;
    let bajiao = store
        .get_unit_by_code("street.bajiao")
        .await
        .unwrap()
        .unit
        .id;
    let lugu = store.get_unit_by_code("street.lugu").await.unwrap().unit.id;
    assert_eq!(
        store.leader_in_charge(Some(bajiao), None).await.unwrap(),
        Some(leader)
    );
    assert_eq!(
        store
            .leader_in_charge(Some(lugu), Some("市容环境"))
            .await
            .unwrap(),
        Some(leader2)
    );
    assert_eq!(
        store
            .leader_in_charge(None, Some("民政与养老"))
            .await
            .unwrap(),
        Some(leader2),
        "the theme's leader when no street is given"
    );
}
