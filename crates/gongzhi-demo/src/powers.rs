//! The demo district's catalogue of enforcement powers delegated to its streets (街道综合执法职权清单).

use gongzhi_domain::powers::{Penalty, Power};

/// (code, name, basis, source department code, penalties, fine min yuan, fine max yuan, discretion standard) of the
/// demo catalogue. Beijing delegated 431 items to its streets on 2020-07-01 (城管 393, 生态环境 4, 水务 22, 农业农村 1,
/// 卫健 11); the demo's 30 are a sample in that proportion by largest remainder (城管 27, 水务 2, 卫健 1; 生态环境's
/// 0.28 and 农业农村's 0.07 round to none). Each cites its law and article from the public text; the ranges are the
/// law's, and where the law sets a range per party or a street's standard would grade it, the discretion standard
/// says so (an illustration, not Beijing's published 裁量基准). A district imports its own list.
type DemoPower = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [Penalty],
    Option<i64>,
    Option<i64>,
    &'static str,
);

const DEMO: &[DemoPower] = &[
    (
        "SJS-CG-001",
        "对未取得建设工程规划许可证进行建设的处罚",
        "《中华人民共和国城乡规划法》第六十四条",
        "dept.cgzf",
        &[
            Penalty::Correction,
            Penalty::Demolition,
            Penalty::Fine,
            Penalty::Confiscation,
        ],
        None,
        None,
        "",
    ),
    (
        "SJS-CG-002",
        "对擅自占用城市道路摆摊设点、堆放物料的处罚",
        "《城市道路管理条例》第二十七条、第四十二条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        None,
        Some(20000),
        "",
    ),
    (
        "SJS-CG-003",
        "对在禁止区域内露天烧烤食品的处罚",
        "《中华人民共和国大气污染防治法》第一百一十八条第三款",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        Some(500),
        Some(20000),
        "",
    ),
    (
        "SJS-CG-004",
        "对露天焚烧落叶、垃圾等产生烟尘污染物质的处罚",
        "《中华人民共和国大气污染防治法》第一百一十九条第二款",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(500),
        Some(2000),
        "",
    ),
    (
        "SJS-CG-005",
        "对在建筑物、设施以及树木上涂写、刻画或者擅自张贴宣传品的处罚",
        "《城市市容和环境卫生管理条例》第三十四条第（二）项",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(50),
        Some(500),
        "",
    ),
    (
        "SJS-CG-006",
        "对随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的处罚",
        "《城市市容和环境卫生管理条例》第三十四条第（一）项",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(20),
        Some(50),
        "",
    ),
    (
        "SJS-CG-007",
        "对个人未在指定地点分类投放生活垃圾的处罚",
        "《中华人民共和国固体废物污染环境防治法》第一百一十一条第三款；《北京市生活垃圾管理条例》",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(50),
        Some(200),
        "个人 * 50-200",
    ),
    (
        "SJS-CG-008",
        "对随意倾倒、抛撒、堆放生活垃圾的处罚",
        "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第（一）项、第二款",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        Some(100),
        Some(500000),
        "个人 * 100-500；单位 一般 50000-200000；单位 严重 200000-500000",
    ),
    (
        "SJS-CG-009",
        "对随意倾倒、抛撒或者堆放建筑垃圾的处罚",
        "《城市建筑垃圾管理规定》（建设部令第139号）第二十六条",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        None,
        Some(50000),
        "个人 * 1-200；单位 一般 5000-20000；单位 严重 20000-50000",
    ),
    (
        "SJS-CG-010",
        "对运输建筑垃圾沿途丢弃、遗撒的处罚",
        "《城市建筑垃圾管理规定》（建设部令第139号）第二十三条",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(5000),
        Some(50000),
        "单位 * 5000-50000",
    ),
    (
        "SJS-CG-011",
        "对擅自设置大型户外广告影响市容的处罚",
        "《城市市容和环境卫生管理条例》第三十六条第（一）项",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Demolition, Penalty::Fine],
        Some(1000),
        Some(10000),
        "",
    ),
    (
        "SJS-CG-012",
        "对在临街建筑物阳台和窗外堆放、吊挂有碍市容物品的处罚",
        "《城市市容和环境卫生管理条例》第三十四条第（三）项",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(20),
        Some(200),
        "",
    ),
    (
        "SJS-CG-013",
        "对擅自在街道两侧和公共场地堆放物料、搭建设施（店外经营）的处罚",
        "《城市市容和环境卫生管理条例》第三十六条第（二）项",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Demolition, Penalty::Fine],
        Some(200),
        Some(2000),
        "",
    ),
    (
        "SJS-CG-014",
        "对餐饮服务业经营者未安装油烟净化设施、不正常使用或者超标排放油烟的处罚",
        "《中华人民共和国大气污染防治法》第一百一十八条第一款",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Suspension],
        Some(5000),
        Some(50000),
        "单位 一般 5000-20000；单位 严重 20000-50000；个人 * 5000-50000",
    ),
    (
        "SJS-CG-015",
        "对未按照规定取得证明在噪声敏感建筑物集中区域夜间施工的处罚",
        "《中华人民共和国噪声污染防治法》第七十七条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Suspension],
        Some(10000),
        Some(100000),
        "",
    ),
    (
        "SJS-CG-016",
        "对商业经营活动中使用高音广播喇叭招揽顾客的处罚",
        "《中华人民共和国噪声污染防治法》第八十二条",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(200),
        Some(20000),
        "个人 * 200-1000；单位 * 2000-20000",
    ),
    (
        "SJS-CG-017",
        "对施工工地未采取扬尘污染防治措施的处罚",
        "《中华人民共和国大气污染防治法》第一百一十五条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Suspension],
        Some(10000),
        Some(100000),
        "",
    ),
    (
        "SJS-CG-018",
        "对未经批准擅自挖掘城市道路的处罚",
        "《城市道路管理条例》第四十二条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        None,
        Some(20000),
        "",
    ),
    (
        "SJS-CG-019",
        "对燃气用户擅自操作公用燃气阀门、改装燃气设施的处罚",
        "《城镇燃气管理条例》第四十九条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        None,
        Some(100000),
        "个人 * 1-1000；单位 * 1-100000",
    ),
    (
        "SJS-CG-020",
        "对未经批准进行临时建设或者临时建筑物、构筑物超期不拆除的处罚",
        "《中华人民共和国城乡规划法》第六十六条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Demolition, Penalty::Fine],
        None,
        None,
        "",
    ),
    (
        "SJS-CG-021",
        "对运输煤炭、垃圾、渣土等散装物料的车辆未采取密闭措施的处罚",
        "《中华人民共和国大气污染防治法》第一百一十六条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(2000),
        Some(20000),
        "",
    ),
    (
        "SJS-CG-022",
        "对贮存煤炭、渣土等易产生扬尘的物料未密闭或者覆盖的处罚",
        "《中华人民共和国大气污染防治法》第一百一十七条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Suspension],
        Some(10000),
        Some(100000),
        "",
    ),
    (
        "SJS-CG-023",
        "对不履行卫生责任区清扫保洁义务的处罚",
        "《城市市容和环境卫生管理条例》第三十四条第（五）项",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(100),
        Some(1000),
        "",
    ),
    (
        "SJS-CG-024",
        "对临街工地不设置护栏或者不作遮挡影响市容的处罚",
        "《城市市容和环境卫生管理条例》第三十四条第（七）项",
        "dept.cgzf",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(500),
        Some(5000),
        "",
    ),
    (
        "SJS-CG-025",
        "对未经批准擅自拆除环境卫生设施的处罚",
        "《城市市容和环境卫生管理条例》第三十六条第（三）项",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine],
        Some(1000),
        Some(10000),
        "",
    ),
    (
        "SJS-CG-026",
        "对在城市市区饲养家畜家禽影响市容和环境卫生的处罚",
        "《城市市容和环境卫生管理条例》第三十五条",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Fine, Penalty::Confiscation],
        Some(50),
        Some(500),
        "",
    ),
    (
        "SJS-CG-027",
        "对在居民住宅楼等处新建、改建、扩建产生油烟的餐饮服务项目的处罚",
        "《中华人民共和国大气污染防治法》第一百一十八条第二款",
        "dept.cgzf",
        &[Penalty::Correction, Penalty::Suspension, Penalty::Fine],
        Some(10000),
        Some(100000),
        "",
    ),
    (
        "SJS-SW-001",
        "对在雨水、污水分流地区将污水排入雨水管网的处罚",
        "《城镇排水与污水处理条例》第四十九条",
        "dept.swj",
        &[Penalty::Warning, Penalty::Correction, Penalty::Fine],
        Some(20000),
        Some(200000),
        "个人 * 20000-100000；单位 * 100000-200000",
    ),
    (
        "SJS-SW-002",
        "对排水户未取得污水排入排水管网许可证向城镇排水设施排放污水的处罚",
        "《城镇排水与污水处理条例》第五十条",
        "dept.swj",
        &[Penalty::Correction, Penalty::Fine],
        None,
        Some(500000),
        "单位 * 1-500000",
    ),
    (
        "SJS-WJ-001",
        "对个人在禁止吸烟场所吸烟且不听劝阻的处罚",
        "《北京市控制吸烟条例》第二十八条",
        "dept.wjw",
        &[Penalty::Correction, Penalty::Fine],
        Some(50),
        Some(200),
        "个人 一般 50-50；个人 较重 200-200",
    ),
];

/// The demo district's catalogue: powers delegated to streets on 2020-07-01.
pub fn powers() -> Vec<Power> {
    DEMO.iter()
        .map(
            |&(code, name, basis, source, penalties, min, max, fines)| Power {
                code: code.into(),
                name: name.into(),
                basis: basis.into(),
                source_unit: source.into(),
                level: "街道".into(),
                effective_on: "2020-07-01".into(),
                penalties: penalties.to_vec(),
                fine_min_fen: min.map(|y| y * 100),
                fine_max_fen: max.map(|y| y * 100),
                fines: gongzhi_domain::powers::parse_fines(fines)
                    .expect("the demo's standards parse"),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalogue_is_unique_and_its_ranges_are_sound() {
        let p = powers();
        assert_eq!(p.len(), 30);
        // The 2020 delegation's proportions (城管 393 : 水务 22 : 卫健 11 of 431), by largest remainder.
        let from = |unit: &str| p.iter().filter(|x| x.source_unit == unit).count();
        assert_eq!(
            (from("dept.cgzf"), from("dept.swj"), from("dept.wjw")),
            (27, 2, 1)
        );
        let codes: std::collections::HashSet<_> = p.iter().map(|x| x.code.clone()).collect();
        assert_eq!(codes.len(), p.len());
        for x in &p {
            if let (Some(a), Some(b)) = (x.fine_min_fen, x.fine_max_fen) {
                assert!(a <= b, "{}", x.code);
            }
            assert!(x.basis.contains('《'), "laws are cited by name: {}", x.code);
            assert!(x.basis.contains('第'), "and by article: {}", x.code);
            for f in &x.fines {
                assert!(
                    x.fine_min_fen.is_none_or(|m| f.min_fen >= m)
                        && x.fine_max_fen.is_none_or(|m| f.max_fen <= m),
                    "the standard stays in the range: {}",
                    x.code
                );
            }
        }
    }
}
