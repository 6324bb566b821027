//! The reference district that ships with the product: Shijingshan's 9 streets and 155 communities, its departments,
//! public-service enterprises, command centres, mediation bodies, the court, the three-tier care network, and demo
//! accounts for every role. Generated deterministically: two runs give the same district.
//!
//! Street names are real; community names are plausible (many are real place names of the district) and their centre
//! points are spread around each street's centre inside the district's bounding box (39.88–39.99 N, 116.11–116.24 E).

use gongzhi_domain::dispute::OrgCategory;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::import::{District, LeaderInCharge, MediationProfile, Place, Unit, User};
use gongzhi_domain::org::{Role, UnitKind};

/// The one password every demo account shares; printed at start-up and overridable on the command line.
pub const DEMO_PASSWORD: &str = "gongzhi-demo";

/// (slug, name, centre lat, centre lon, communities)
type StreetRow = (
    &'static str,
    &'static str,
    f64,
    f64,
    &'static [&'static str],
);

const STREETS: [StreetRow; 9] = [
    (
        "babaoshan",
        "八宝山",
        39.9070,
        116.2330,
        &[
            "玉泉西里一区",
            "玉泉西里二区",
            "永乐东",
            "永乐西",
            "东方家园",
            "八宝山路",
            "五芳园",
            "重兴园",
            "鲁谷东大街",
            "田村路",
            "金岳阳",
            "新岸线",
        ],
    ),
    (
        "laoshan",
        "老山",
        39.9090,
        116.2150,
        &[
            "老山东里北",
            "老山东里南",
            "老山西里",
            "老山南路东",
            "老山南路西",
            "玉泉西路",
            "京源路",
            "鲁谷路",
            "双锦园",
            "老山东里",
            "十一号院",
            "杨庄南",
            "景阳东街",
        ],
    ),
    (
        "bajiao",
        "八角",
        39.9160,
        116.1960,
        &[
            "八角北路",
            "八角中里",
            "八角南里",
            "八角南路",
            "八角路",
            "杨庄东",
            "杨庄中区",
            "黄南苑",
            "公园北",
            "时代花园",
            "古城南路东",
            "八角西街",
            "八角北里",
            "景阳东街北",
            "体育场南路",
            "八角东街",
            "石景山路",
            "金顶南路",
            "融景城",
            "游泳场北路",
            "天翔园",
        ],
    ),
    (
        "gucheng",
        "古城",
        39.9260,
        116.1800,
        &[
            "古城南路",
            "古城北路",
            "古城西街",
            "古城东街",
            "古城南里",
            "古城北里",
            "老古城前街",
            "老古城后街",
            "老古城东",
            "老古城西",
            "古城路东",
            "水泥厂",
            "特钢",
            "西小区",
            "滨和园",
            "北辛安",
            "南宫路",
            "古城铁路西",
            "八大处路",
            "天翔园北",
            "景华园",
            "古城青年城",
        ],
    ),
    (
        "pingguoyuan",
        "苹果园",
        39.9350,
        116.1700,
        &[
            "苹果园一区",
            "苹果园二区",
            "苹果园三区",
            "苹果园北",
            "西黄村",
            "海特花园第一",
            "海特花园第二",
            "海特花园第三",
            "西井",
            "西山枫林第一",
            "西山枫林第二",
            "苹果园中",
            "苹果园南",
            "杨庄北",
            "琅山村",
            "五芳园北",
            "西下庄",
            "东下庄",
            "四季园",
            "京原",
            "金顶阳光",
            "苹果派",
            "田村北",
            "西黄新村",
        ],
    ),
    (
        "jindingjie",
        "金顶街",
        39.9330,
        116.1450,
        &[
            "金顶街一区",
            "金顶街二区",
            "金顶街三区",
            "金顶街四区",
            "金顶街五区",
            "模式口",
            "模式口东里",
            "模式口西里",
            "模式口南",
            "模式口北",
            "西福村",
            "赵山",
            "铸造村",
            "首钢园",
            "金顶北路",
            "金顶西里",
            "金顶南里",
        ],
    ),
    (
        "guangning",
        "广宁",
        39.9400,
        116.1250,
        &[
            "广宁村",
            "高井路",
            "新立街",
            "麻峪",
            "月季园",
            "永定河畔",
            "广宁东",
            "高井",
            "冬奥",
        ],
    ),
    (
        "wulituo",
        "五里坨",
        39.9660,
        116.1420,
        &[
            "五里坨村",
            "隆恩寺",
            "隆恩寺新区",
            "南宫住宅区",
            "黑石头",
            "五里坨东街",
            "五里坨西街",
            "天翠阳光",
            "红光",
            "隆恩寺一区",
            "雍景四季",
            "高井新区",
            "红山新村",
            "北辛安西",
            "燕堤",
        ],
    ),
    (
        "lugu",
        "鲁谷",
        39.8940,
        116.2250,
        &[
            "七星园南",
            "七星园北",
            "永乐南",
            "五芳园东",
            "重聚园",
            "碣石坪",
            "依翠园",
            "衙门口",
            "西厂",
            "鲁谷东街",
            "重兴园东",
            "六合园南",
            "六合园北",
            "玉泉西里东",
            "康馨家园",
            "倚山庭苑",
            "双锦园南",
            "沁山水北",
            "新华社",
            "聚兴园",
            "永乐东南",
            "鲁谷大街",
        ],
    ),
];

/// (slug, name) of district departments (区职能部门).
const DEPARTMENTS: [(&str, &str); 17] = [
    ("cgw", "区城市管理委员会"),
    ("cgzf", "区城市管理综合行政执法局"),
    ("sthj", "区生态环境局"),
    ("yllh", "区园林绿化局"),
    ("cgjd", "区城市管理监督指挥中心"),
    ("hw", "区环境卫生服务中心"),
    ("mf", "区民防局"),
    ("zjw", "区住房和城乡建设委员会"),
    ("scjg", "区市场监督管理局"),
    ("ga", "区公安分局"),
    ("mz", "区民政局"),
    ("wjw", "区卫生健康委员会"),
    ("yb", "区医疗保障局"),
    ("rsj", "区人力资源和社会保障局"),
    ("sf", "区司法局"),
    ("xf", "区信访办公室"),
    ("swj", "区水务局"),
];

/// (slug, name) of public-service enterprises (公共服务企业).
const ENTERPRISES: [(&str, &str); 4] = [
    ("water", "北京市自来水集团石景山分公司"),
    ("power", "国网北京石景山供电公司"),
    ("gas", "北京燃气集团石景山分公司"),
    ("heat", "北京热力集团石景山分公司"),
];

/// (slug, name) of district-level mediation bodies: professional/industry committees and lawyer studios.
const MEDIATION: [(&str, &str); 7] = [
    ("medical", "石景山区医疗纠纷人民调解委员会"),
    ("property", "石景山区物业纠纷人民调解委员会"),
    ("labour", "石景山区劳动争议调解中心"),
    ("traffic", "石景山区道路交通事故纠纷人民调解委员会"),
    ("family", "石景山区婚姻家庭纠纷人民调解委员会"),
    ("lawyer-lugu", "鲁谷律师调解工作室"),
    ("lawyer-gucheng", "古城律师调解工作室"),
];

fn clamp_point(lat: f64, lon: f64) -> GeoPoint {
    GeoPoint {
        lat: lat.clamp(39.881, 39.989),
        lon: lon.clamp(116.111, 116.239),
    }
}

/// Centre of the `i`-th community of a street: a sunflower spiral around the street's centre (golden angle), so
/// points spread evenly without random numbers.
fn community_centre(lat: f64, lon: f64, i: usize) -> GeoPoint {
    let angle = i as f64 * 137.507_764_f64.to_radians();
    let radius = 0.0025 + 0.0022 * (i as f64).sqrt();
    // A degree of longitude is shorter than a degree of latitude at 40°N (cos 40° ≈ 0.766).
    clamp_point(
        lat + radius * angle.sin(),
        lon + radius * angle.cos() / 0.766,
    )
}

fn unit(code: String, parent: &str, kind: UnitKind, name: String) -> Unit {
    Unit {
        code,
        parent_code: Some(parent.to_owned()),
        kind,
        name,
        grid_count: 0,
        population: 0,
        centre: None,
    }
}

/// Every unit of the demo district, parents first.
pub fn units() -> Vec<Unit> {
    let mut out = vec![Unit {
        code: "district".into(),
        parent_code: None,
        kind: UnitKind::District,
        name: "石景山区".into(),
        grid_count: 0,
        population: DISTRICT_POPULATION,
        centre: Some(GeoPoint {
            lat: 39.9056,
            lon: 116.2229,
        }),
    }];
    out.push(unit(
        "leaders".into(),
        "district",
        UnitKind::LeadersOffice,
        "区领导办公室".into(),
    ));
    for (slug, name) in DEPARTMENTS {
        out.push(unit(
            format!("dept.{slug}"),
            "district",
            UnitKind::Department,
            name.into(),
        ));
    }
    for (slug, name) in ENTERPRISES {
        out.push(unit(
            format!("ent.{slug}"),
            "district",
            UnitKind::Enterprise,
            name.into(),
        ));
    }
    out.push(unit(
        "court".into(),
        "district",
        UnitKind::Court,
        "北京市石景山区人民法院".into(),
    ));
    for (slug, name) in MEDIATION {
        out.push(unit(
            format!("mediation.{slug}"),
            "district",
            UnitKind::MediationOrg,
            name.into(),
        ));
    }
    out.push(unit(
        "care.hospital".into(),
        "district",
        UnitKind::CareHospital,
        "石景山区老年医院（医养结合）".into(),
    ));
    for (i, name) in ["石景山区康复中心", "八角康复中心", "鲁谷康复中心"]
        .into_iter()
        .enumerate()
    {
        out.push(unit(
            format!("care.rehab{}", i + 1),
            "district",
            UnitKind::RehabCentre,
            name.into(),
        ));
    }

    let mut n_community = 0usize;
    for (slug, street_name, lat, lon, communities) in STREETS {
        let street_code = format!("street.{slug}");
        let mut street = unit(
            street_code.clone(),
            "district",
            UnitKind::Street,
            format!("{street_name}街道"),
        );
        street.centre = Some(clamp_point(lat, lon));
        out.push(street);
        out.push(unit(
            format!("{street_code}.command"),
            &street_code,
            UnitKind::CommandCentre,
            format!("{street_name}街道综合指挥中心"),
        ));
        out.push(unit(
            format!("{street_code}.mediation"),
            &street_code,
            UnitKind::MediationOrg,
            format!("{street_name}街道人民调解委员会"),
        ));
        out.push(unit(
            format!("{street_code}.care"),
            &street_code,
            UnitKind::CareCentre,
            format!("{street_name}街道养老照料中心"),
        ));
        for (i, community) in communities.iter().enumerate() {
            let code = format!("{street_code}.c{:02}", i + 1);
            let mut c = unit(
                code.clone(),
                &street_code,
                UnitKind::Community,
                format!("{community}社区"),
            );
            c.centre = Some(community_centre(lat, lon, i));
            // 8–18 grids of 100–300 households each; about 2,050 in the district.
            c.grid_count = 8 + ((i * 7 + slug.len()) % 11) as i64;
            out.push(c);
            // 40 community care stations, spread evenly over the 155 communities.
            if (n_community * 40) % 155 < 40 {
                out.push(unit(
                    format!("{code}.station"),
                    &code,
                    UnitKind::CareStation,
                    format!("{community}社区养老服务驿站"),
                ));
            }
            n_community += 1;
        }
    }
    // Residents: the district's census total spread over its communities by their grids (a grid is about the same
    // number of households everywhere), each street the sum of its communities. Synthetic below the district's total.
    let grids: i64 = out.iter().map(|u| u.grid_count).sum();
    let mut by_street: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for u in out.iter_mut().filter(|u| u.kind == UnitKind::Community) {
        u.population = DISTRICT_POPULATION * u.grid_count / grids;
        *by_street
            .entry(u.parent_code.clone().unwrap_or_default())
            .or_default() += u.population;
    }
    for u in out.iter_mut().filter(|u| u.kind == UnitKind::Street) {
        u.population = by_street.get(&u.code).copied().unwrap_or(0);
    }
    out
}

/// 石景山区's residents (常住人口) at the seventh national census (2020): 567,851, as the district's census bulletin
/// reports it. The demo's streets and communities share it out by their grids; their own figures are synthetic.
pub const DISTRICT_POPULATION: i64 = 567_851;

fn user(username: &str, display_name: &str, unit_code: &str, roles: &[Role]) -> User {
    User {
        username: username.into(),
        display_name: display_name.into(),
        unit_code: unit_code.into(),
        roles: roles.to_vec(),
        head: true,
    }
}

const GIVEN: [&str; 24] = [
    "建国", "秀英", "志强", "丽华", "伟", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟",
    "涛", "明", "超", "霞", "平", "刚", "桂英", "玉兰", "海燕", "晓东",
];
const FAMILY: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];

/// A plausible name for the `i`-th generated person.
fn person(i: usize) -> String {
    format!(
        "{}{}",
        FAMILY[i % FAMILY.len()],
        GIVEN[(i * 7 + i / FAMILY.len()) % GIVEN.len()]
    )
}

/// Demo accounts for every role, and enough agents that every unit which can own a case has someone to own it:
/// a worker in every community, two officers in every street, one officer in every department and enterprise, and
/// two district leaders. The first account of each unit is its head.
pub fn users() -> Vec<User> {
    let mut out = vec![
        user("admin", "系统管理员", "district", &[Role::Admin]),
        user("dispatcher", "派单员 周敏", "district", &[Role::Dispatcher]),
        user("intake", "热线座席 刘洋", "district", &[Role::Intake]),
        user("leader", "区领导 陈志远", "leaders", &[Role::Leader]),
        User {
            head: false,
            ..user("leader-2", "副区长 林海", "leaders", &[Role::Leader])
        },
        user("evaluator", "考核办 孙丽", "district", &[Role::Evaluator]),
    ];
    let mut n = 0;
    let mut next_person = || {
        n += 1;
        person(n)
    };
    for (slug, name, _, _, communities) in STREETS.iter() {
        out.push(user(
            &format!("street-{slug}"),
            &format!("{name}街道 {}", next_person()),
            &format!("street.{slug}"),
            &[Role::Street],
        ));
        out.push(User {
            head: false,
            ..user(
                &format!("street-{slug}-2"),
                &format!("{name}街道 {}", next_person()),
                &format!("street.{slug}"),
                &[Role::Street],
            )
        });
        // The street's legal reviewer (法制审核, 行政处罚法 art. 58).
        out.push(User {
            head: false,
            ..user(
                &format!("legal-{slug}"),
                &format!("{name}街道 法制审核员"),
                &format!("street.{slug}"),
                &[Role::LegalReviewer],
            )
        });
        for i in 0..communities.len() {
            let username = if i == 0 && ["bajiao", "gucheng", "lugu", "pingguoyuan"].contains(slug)
            {
                format!("community-{slug}")
            } else {
                format!("c-{slug}-{:02}", i + 1)
            };
            out.push(user(
                &username,
                &format!("{}社区 {}", communities[i], next_person()),
                &format!("street.{slug}.c{:02}", i + 1),
                &[Role::Community],
            ));
        }
    }
    for (slug, name) in DEPARTMENTS {
        let short = name.trim_start_matches('区');
        out.push(user(
            &format!("dept-{slug}"),
            &format!("{short} {}", next_person()),
            &format!("dept.{slug}"),
            &[Role::Department],
        ));
    }
    for (slug, _) in ENTERPRISES {
        out.push(user(
            &format!("ent-{slug}"),
            &format!("客服 {}", next_person()),
            &format!("ent.{slug}"),
            &[Role::Department],
        ));
    }
    out.push(user(
        "mediator",
        "人民调解员 郭建华",
        "street.bajiao.mediation",
        &[Role::Mediator],
    ));
    out.push(user("court", "法院书记员 何静", "court", &[Role::Court]));
    out.push(user(
        "assessor",
        "失能评估员 马超",
        "care.rehab1",
        &[Role::Assessor],
    ));
    out.push(user(
        "provider",
        "护理员 罗芳",
        "street.babaoshan.c01.station",
        &[Role::Provider],
    ));
    out.push(User {
        head: false,
        ..user(
            "station",
            "驿站站长 高峰",
            "street.babaoshan.c01.station",
            &[Role::Station],
        )
    });
    out.push(User {
        head: false,
        ..user(
            "careadmin",
            "民政局 养老科 林静",
            "dept.mz",
            &[Role::CareAdmin],
        )
    });
    // A second assessor (assessments are made on site by two) and the medical-insurance officer who settles care.
    out.push(User {
        head: false,
        ..user(
            "assessor-2",
            "失能评估员 郑丽",
            "care.rehab2",
            &[Role::Assessor],
        )
    });
    out.push(User {
        head: false,
        ..user(
            "careadmin-yb",
            "医保局 待遇科 黄涛",
            "dept.yb",
            &[Role::CareAdmin],
        )
    });
    // Mediators: two in every street's people's mediation committee (八角's first is `mediator`) and in every
    // district-level body; a second court clerk.
    for (slug, _, _, _, _) in STREETS.iter() {
        let first = if *slug == "bajiao" { 2 } else { 1 };
        for i in first..=2 {
            out.push(User {
                head: false,
                ..user(
                    &format!("mediator-{slug}-{i}"),
                    &format!("人民调解员 {}", next_person()),
                    &format!("street.{slug}.mediation"),
                    &[Role::Mediator],
                )
            });
        }
    }
    for (slug, _) in MEDIATION {
        let title = if slug.starts_with("lawyer") {
            "律师调解员"
        } else {
            "专职调解员"
        };
        for i in 1..=2 {
            out.push(User {
                head: i == 1,
                ..user(
                    &format!("mediator-{slug}-{i}"),
                    &format!("{title} {}", next_person()),
                    &format!("mediation.{slug}"),
                    &[Role::Mediator],
                )
            });
        }
    }
    out
}

/// The mediation organisations' profiles: each street's people's mediation committee for its street, and the
/// district's lawyers' and professional bodies for the whole district with the dispute types they take.
pub fn mediation_profiles() -> Vec<MediationProfile> {
    let mut out = Vec::new();
    for (slug, _, _, _, _) in STREETS.iter() {
        out.push(MediationProfile {
            unit_code: format!("street.{slug}.mediation"),
            category: OrgCategory::Peoples,
            fields: Vec::new(),
            street_code: Some(format!("street.{slug}")),
        });
    }
    for (slug, _) in MEDIATION {
        let (category, fields): (OrgCategory, &[&str]) = match slug {
            s if s.starts_with("lawyer") => (OrgCategory::Lawyer, &[]),
            "medical" => (OrgCategory::Professional, &["medical"]),
            "property" => (OrgCategory::Professional, &["property", "tenancy"]),
            "labour" => (OrgCategory::Professional, &["labour"]),
            "traffic" => (OrgCategory::Professional, &["traffic"]),
            _ => (OrgCategory::Professional, &["family"]),
        };
        out.push(MediationProfile {
            unit_code: format!("mediation.{slug}"),
            category,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            street_code: None,
        });
    }
    out
}

/// The demo accounts worth printing at start-up (one of each kind); the rest follow the same patterns.
pub const FEATURED_USERS: &[&str] = &[
    "admin",
    "dispatcher",
    "intake",
    "leader",
    "evaluator",
    "street-bajiao",
    "street-gucheng",
    "legal-bajiao",
    "community-bajiao",
    "c-bajiao-02",
    "dept-zjw",
    "dept-cgzf",
    "ent-heat",
    "mediator",
    "court",
    "assessor",
    "provider",
    "station",
    "careadmin",
];

/// 分管领导 of the demo district: which leader is in charge of which streets (by unit code) and which catalogue
/// themes. Leader-owned cases go to the leader in charge of their street, else of their theme.
pub fn leaders_in_charge() -> Vec<LeaderInCharge> {
    let leader = |username: &str, streets: &[&str], themes: &[&str]| LeaderInCharge {
        username: username.into(),
        streets: streets.iter().map(|s| s.to_string()).collect(),
        themes: themes.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        leader(
            "leader",
            &[
                "street.babaoshan",
                "street.laoshan",
                "street.bajiao",
                "street.gucheng",
                "street.pingguoyuan",
            ],
            &[],
        ),
        leader(
            "leader-2",
            &[
                "street.jindingjie",
                "street.guangning",
                "street.wulituo",
                "street.lugu",
            ],
            &["民政与养老"],
        ),
    ]
}

/// The whole demo district as one import: units, accounts, leaders in charge, the gazetteer of its communities and
/// its mediation organisations.
pub fn district() -> District {
    let units = units();
    let places = {
        let communities: Vec<(&str, &str)> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Community)
            .map(|u| (u.name.trim_end_matches("社区"), u.code.as_str()))
            .collect();
        let bases: Vec<&str> = communities.iter().map(|c| c.0).collect();
        crate::gazetteer::entries(&bases)
            .into_iter()
            .map(|(name, kind, base)| Place {
                name,
                kind,
                community_code: communities
                    .iter()
                    .find(|c| c.0 == base)
                    .map(|c| c.1.to_owned())
                    .expect("every gazetteer entry names a demo community"),
            })
            .collect()
    };
    District {
        users: users(),
        leaders: leaders_in_charge(),
        places,
        mediation: mediation_profiles(),
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn the_district_has_its_streets_communities_and_care_network() {
        let units = units();
        let count = |k: UnitKind| units.iter().filter(|u| u.kind == k).count();
        assert_eq!(count(UnitKind::Street), 9);
        assert_eq!(count(UnitKind::Community), 155);
        assert_eq!(count(UnitKind::CommandCentre), 9);
        assert_eq!(count(UnitKind::CareHospital), 1);
        assert_eq!(count(UnitKind::RehabCentre), 3);
        assert_eq!(count(UnitKind::CareCentre), 9);
        assert_eq!(count(UnitKind::CareStation), 40);
        assert_eq!(count(UnitKind::Court), 1);
        assert_eq!(count(UnitKind::Department), 17);
        assert_eq!(count(UnitKind::Enterprise), 4);
        let grids: i64 = units.iter().map(|u| u.grid_count).sum();
        assert!((1900..=2200).contains(&grids), "{grids} grids");
        // Residents: the 2020 census total (567,851) shared out, each street the sum of its communities, every one
        // of them with some; the rounding down loses less than a resident a community.
        let of = |kind| -> i64 {
            units
                .iter()
                .filter(|u| u.kind == kind)
                .map(|u| u.population)
                .sum()
        };
        assert_eq!(of(UnitKind::Street), of(UnitKind::Community));
        let communities = count(UnitKind::Community) as i64;
        assert!((567_851 - communities..=567_851).contains(&of(UnitKind::Street)));
        assert!(
            units
                .iter()
                .filter(|u| matches!(u.kind, UnitKind::Street | UnitKind::Community))
                .all(|u| u.population > 0)
        );
    }

    #[test]
    fn codes_and_names_are_unique_and_parents_come_first() {
        let units = units();
        let mut seen: HashMap<&str, UnitKind> = HashMap::new();
        let mut names = HashSet::new();
        for u in &units {
            if let Some(p) = &u.parent_code {
                let parent_kind = seen.get(p.as_str()).copied();
                assert!(
                    parent_kind.is_some(),
                    "{} comes before its parent {p}",
                    u.code
                );
                assert!(
                    gongzhi_domain::org::check_parent(u.kind, parent_kind).is_ok(),
                    "{} under {p}",
                    u.code
                );
            }
            assert!(
                seen.insert(&u.code, u.kind).is_none(),
                "duplicate code {}",
                u.code
            );
            assert!(names.insert(&u.name), "duplicate name {}", u.name);
        }
    }

    #[test]
    fn community_centres_lie_inside_the_district() {
        for u in units().iter().filter(|u| u.kind == UnitKind::Community) {
            let c = u.centre.expect("communities have centres");
            assert!(
                (39.88..=39.99).contains(&c.lat) && (116.11..=116.24).contains(&c.lon),
                "{} {c:?}",
                u.name
            );
        }
    }

    #[test]
    fn every_demo_user_has_a_unit_and_every_role_is_covered() {
        let codes: HashSet<String> = units().into_iter().map(|u| u.code).collect();
        let users = users();
        for u in &users {
            assert!(
                codes.contains(&u.unit_code),
                "{} has unknown unit {}",
                u.username,
                u.unit_code
            );
        }
        for role in Role::ALL {
            assert!(
                users.iter().any(|u| u.roles.contains(&role)),
                "no demo user for {role:?}"
            );
        }
        assert_eq!(
            users
                .iter()
                .filter(|u| u.roles.contains(&Role::Street))
                .count(),
            18
        );
        let names: HashSet<&str> = users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names.len(), users.len(), "usernames are unique");
        for featured in FEATURED_USERS {
            assert!(names.contains(featured), "{featured}");
        }
        // Every community, street, department and enterprise has exactly one head.
        for unit in units() {
            let heads = users
                .iter()
                .filter(|u| u.unit_code == unit.code && u.head)
                .count();
            if matches!(
                unit.kind,
                UnitKind::Community
                    | UnitKind::Street
                    | UnitKind::Department
                    | UnitKind::Enterprise
                    | UnitKind::LeadersOffice
            ) {
                assert_eq!(heads, 1, "{}", unit.code);
            }
        }
    }
}
