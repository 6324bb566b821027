//! The demo district's catalogue of enforcement powers delegated to its streets (街道综合执法职权清单).

use gongzhi_domain::powers::{Penalty, Power};

/// (code, name, basis, source department code, penalties, fine min yuan, fine max yuan) of the demo catalogue: powers
/// Beijing's streets really hold. Laws are cited by name; articles only where certain.
type DemoPower = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [Penalty],
    Option<i64>,
    Option<i64>,
);

const DEMO: &[DemoPower] = &[
    (
        "SJS-CG-001",
        "对未取得建设工程规划许可证进行建设的处罚",
        "《中华人民共和国城乡规划法》第六十四条；《北京市城乡规划条例》",
        "dept.cgzf",
        &[
            Penalty::Correction,
            Penalty::Demolition,
            Penalty::Fine,
            Penalty::Confiscation,
        ],
        None,
        None,
    ),
    (
        "SJS-CG-002",
        "对擅自占用城市道路、公共场所摆摊设点的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        Some(50),
        Some(2000),
    ),
    (
        "SJS-CG-003",
        "对露天烧烤食品的处罚",
        "《北京市大气污染防治条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        Some(1000),
        Some(10000),
    ),
    (
        "SJS-CG-004",
        "对在城市道路、公共场所焚烧树叶、垃圾的处罚",
        "《北京市大气污染防治条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(100),
        Some(500),
    ),
    (
        "SJS-CG-005",
        "对乱张贴、乱涂写、乱刻画小广告的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(50),
        Some(500),
    ),
    (
        "SJS-CG-006",
        "对随地吐痰、乱扔废弃物的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(20),
        Some(50),
    ),
    (
        "SJS-CG-007",
        "对未按规定分类投放生活垃圾的处罚（个人）",
        "《北京市生活垃圾管理条例》",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Fine],
        Some(50),
        Some(200),
    ),
    (
        "SJS-CG-008",
        "对生活垃圾分类管理责任人未履行责任的处罚",
        "《北京市生活垃圾管理条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(1000),
        Some(50000),
    ),
    (
        "SJS-CG-009",
        "对随意倾倒、抛撒、堆放建筑垃圾的处罚",
        "《北京市市容环境卫生条例》；《城市建筑垃圾管理规定》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(50000),
    ),
    (
        "SJS-CG-010",
        "对运输建筑垃圾车辆沿途遗撒的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(1000),
        Some(10000),
    ),
    (
        "SJS-CG-011",
        "对擅自设置户外广告设施、牌匾标识的处罚",
        "《北京市户外广告设施、牌匾标识和标语宣传品设置管理条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Demolition, Penalty::Fine],
        Some(1000),
        Some(10000),
    ),
    (
        "SJS-CG-012",
        "对在临街建筑物外吊挂、晾晒物品的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(20),
        Some(200),
    ),
    (
        "SJS-CG-013",
        "对单位和个人在公共场所从事经营活动影响市容的处罚（店外经营）",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(200),
        Some(2000),
    ),
    (
        "SJS-CG-014",
        "对饮食服务单位油烟直排的处罚",
        "《北京市大气污染防治条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(50000),
    ),
    (
        "SJS-CG-015",
        "对夜间在居民区进行产生噪声的建筑施工作业的处罚",
        "《中华人民共和国噪声污染防治法》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(10000),
        Some(100000),
    ),
    (
        "SJS-CG-016",
        "对商业经营活动中使用高音广播喇叭招揽顾客的处罚",
        "《中华人民共和国噪声污染防治法》",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(50000),
    ),
    (
        "SJS-CG-017",
        "对违反规定饲养烈性犬、大型犬的处罚",
        "《北京市养犬管理规定》",
        "dept.ga",
        &[Penalty::Confiscation, Penalty::Fine],
        Some(5000),
        Some(5000),
    ),
    (
        "SJS-CG-018",
        "对携犬出户未束犬链、未由成年人牵领的处罚",
        "《北京市养犬管理规定》",
        "dept.ga",
        &[Penalty::Warning, Penalty::Fine],
        Some(50),
        Some(500),
    ),
    (
        "SJS-CG-019",
        "对物业服务人未按规定履行义务的处罚",
        "《北京市物业管理条例》",
        "dept.zjw",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(10000),
        Some(100000),
    ),
    (
        "SJS-CG-020",
        "对擅自改变物业管理区域内共用部分用途的处罚",
        "《北京市物业管理条例》",
        "dept.zjw",
        &[Penalty::Correction, Penalty::Fine],
        Some(10000),
        Some(100000),
    ),
    (
        "SJS-CG-021",
        "对占用、堵塞、封闭消防通道的处罚",
        "《中华人民共和国消防法》",
        "dept.ga",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(50000),
    ),
    (
        "SJS-CG-022",
        "对在住宅楼道、楼梯间为电动自行车充电的处罚",
        "《北京市消防条例》",
        "dept.ga",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(50),
        Some(500),
    ),
    (
        "SJS-CG-023",
        "对擅自占用、挖掘城市道路的处罚",
        "《城市道路管理条例》",
        "dept.cgw",
        &[Penalty::Correction, Penalty::Fine],
        None,
        Some(20000),
    ),
    (
        "SJS-CG-024",
        "对擅自砍伐、移植城市树木的处罚",
        "《北京市绿化条例》",
        "dept.yllh",
        &[Penalty::Correction, Penalty::Fine],
        None,
        None,
    ),
    (
        "SJS-CG-025",
        "对擅自占用城市绿地的处罚",
        "《北京市绿化条例》",
        "dept.yllh",
        &[Penalty::Correction, Penalty::Fine],
        None,
        None,
    ),
    (
        "SJS-CG-026",
        "对无照经营的处罚",
        "《无证无照经营查处办法》",
        "dept.scjg",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        None,
        Some(10000),
    ),
    (
        "SJS-CG-027",
        "对擅自改变房屋结构、拆改承重墙的处罚",
        "《北京市物业管理条例》；《住宅室内装饰装修管理办法》",
        "dept.zjw",
        &[Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(100000),
    ),
    (
        "SJS-CG-028",
        "对违法建设拆除后不清运建筑垃圾的处罚",
        "《北京市市容环境卫生条例》",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(1000),
        Some(10000),
    ),
    (
        "SJS-CG-029",
        "对在非指定地点露天焚烧秸秆、落叶的处罚",
        "《中华人民共和国大气污染防治法》",
        "dept.sthj",
        &[Penalty::Correction, Penalty::Fine],
        Some(500),
        Some(2000),
    ),
    (
        "SJS-CG-030",
        "对群租房出租人违反规定出租房屋的处罚",
        "《北京市住房租赁条例》",
        "dept.zjw",
        &[Penalty::Correction, Penalty::Fine],
        Some(10000),
        Some(50000),
    ),
];

/// The demo district's catalogue: powers delegated to streets on 2020-07-01.
pub fn powers() -> Vec<Power> {
    DEMO.iter()
        .map(|&(code, name, basis, source, penalties, min, max)| Power {
            code: code.into(),
            name: name.into(),
            basis: basis.into(),
            source_unit: source.into(),
            level: "街道".into(),
            effective_on: "2020-07-01".into(),
            penalties: penalties.to_vec(),
            fine_min_fen: min.map(|y| y * 100),
            fine_max_fen: max.map(|y| y * 100),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalogue_is_unique_and_its_ranges_are_sound() {
        let p = powers();
        assert!(p.len() >= 30);
        let codes: std::collections::HashSet<_> = p.iter().map(|x| x.code.clone()).collect();
        assert_eq!(codes.len(), p.len());
        for x in &p {
            if let (Some(a), Some(b)) = (x.fine_min_fen, x.fine_max_fen) {
                assert!(a <= b, "{}", x.code);
            }
            assert!(x.basis.contains('《'), "laws are cited by name: {}", x.code);
        }
    }
}
