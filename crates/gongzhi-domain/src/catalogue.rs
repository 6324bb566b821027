//! The dispatch catalogue (派单目录 / 职责清单): which unit is accountable for which kind of matter, at which tier, and
//! how fast it must contact the resident and handle the matter. It is data — shipped with the demo district, edited by
//! administrators, versioned — and a case remembers the version it was routed by. 谁主管谁负责: the catalogue decides.

use serde::{Deserialize, Serialize};

use crate::validation::{self, ValidationErrors};

/// The tiers of agency (信访代理制).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 社区级: small everyday matters.
    Community,
    /// 街道/部门级: specialised or prominent matters.
    Street,
    /// 区级: special difficult matters owned by a district leader (领导包案).
    District,
}

impl Tier {
    pub fn code(self) -> &'static str {
        match self {
            Tier::Community => "community",
            Tier::Street => "street",
            Tier::District => "district",
        }
    }
    pub fn parse(code: &str) -> Option<Tier> {
        match code {
            "community" => Some(Tier::Community),
            "street" => Some(Tier::Street),
            "district" => Some(Tier::District),
            _ => None,
        }
    }
    /// The tier above, if any.
    pub fn up(self) -> Option<Tier> {
        match self {
            Tier::Community => Some(Tier::Street),
            Tier::Street => Some(Tier::District),
            Tier::District => None,
        }
    }
}

/// Who is accountable for a category.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "unit")]
pub enum Accountable {
    /// The community where the matter is (属地社区).
    Community,
    /// The street where the matter is (属地街道).
    Street,
    /// A named unit, by code: a department, an enterprise, or the leaders' office.
    Unit(String),
}

impl Accountable {
    /// Stored form: `community`, `street`, or `unit:CODE`.
    pub fn code(&self) -> String {
        match self {
            Accountable::Community => "community".into(),
            Accountable::Street => "street".into(),
            Accountable::Unit(code) => format!("unit:{code}"),
        }
    }
    pub fn parse(s: &str) -> Option<Accountable> {
        match s {
            "community" => Some(Accountable::Community),
            "street" => Some(Accountable::Street),
            _ => s
                .strip_prefix("unit:")
                .filter(|c| !c.is_empty())
                .map(|c| Accountable::Unit(c.to_owned())),
        }
    }
    /// The tier a case starts at: communities are the first tier; streets, departments and enterprises the second.
    /// (A case reaches the third, the leaders' office, by escalation; where a category names a unit, routing takes
    /// the tier from that unit's kind.)
    pub fn tier(&self) -> Tier {
        match self {
            Accountable::Community => Tier::Community,
            Accountable::Street | Accountable::Unit(_) => Tier::Street,
        }
    }
}

/// How urgent a kind of matter is (the Beijing service standard's four classes): emergencies and water, power, gas and
/// heat are handled within hours, around the clock; general and complex matters within the category's working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 紧急: danger to life or property (a gas leak, a missing manhole cover).
    Emergency,
    /// 水电气热: an outage of water, power, gas or heat.
    Utilities,
    /// 一般
    General,
    /// 复杂疑难
    Complex,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Emergency,
        Urgency::Utilities,
        Urgency::General,
        Urgency::Complex,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Utilities => "utilities",
            Urgency::General => "general",
            Urgency::Complex => "complex",
        }
    }
    pub fn parse(code: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.code() == code)
    }
}

/// The hour limits of the two urgent classes (settings `urgency.emergency_hours`, `urgency.utilities_hours`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrgentHours {
    pub emergency: u32,
    pub utilities: u32,
}

impl Default for UrgentHours {
    /// About 2 hours for emergencies and 24 for utilities, as Beijing's hotline works.
    fn default() -> UrgentHours {
        UrgentHours {
            emergency: 2,
            utilities: 24,
        }
    }
}

/// A handling limit: calendar hours (around the clock) or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Hours(u32),
    WorkingDays(u32),
}

/// One category of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Stable code, for example `A01`.
    pub code: String,
    /// Theme the category is grouped under, for example 市容环境.
    pub theme: String,
    pub name: String,
    pub accountable: Accountable,
    /// Hours to contact the resident (calendar hours from receipt).
    pub contact_hours: u32,
    /// Working days to handle the matter (general and complex matters; urgent ones count hours).
    pub handle_days: u32,
    pub urgency: Urgency,
    /// Escalate automatically this many working days after the handling deadline; `None` never automatically.
    pub escalate_after_days: Option<u32>,
    /// What residents are told about how this matter is handled.
    pub notice: String,
}

impl Category {
    pub fn tier(&self) -> Tier {
        self.accountable.tier()
    }
    /// How long a case of this category has to be handled.
    pub fn limit(&self, hours: UrgentHours) -> Limit {
        match self.urgency {
            Urgency::Emergency => Limit::Hours(hours.emergency),
            Urgency::Utilities => Limit::Hours(hours.utilities),
            Urgency::General | Urgency::Complex => Limit::WorkingDays(self.handle_days),
        }
    }
}

/// What an administrator types to create or edit a category.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CategoryInput {
    pub code: String,
    pub theme: String,
    pub name: String,
    pub accountable: String,
    pub contact_hours: String,
    pub handle_days: String,
    /// `emergency`, `utilities`, `general` or `complex`; empty means general.
    #[serde(default)]
    pub urgency: String,
    pub escalate_after_days: String,
    pub notice: String,
}

impl From<&Category> for CategoryInput {
    /// The form a category is edited in.
    fn from(c: &Category) -> CategoryInput {
        CategoryInput {
            code: c.code.clone(),
            theme: c.theme.clone(),
            name: c.name.clone(),
            accountable: c.accountable.code(),
            contact_hours: c.contact_hours.to_string(),
            handle_days: c.handle_days.to_string(),
            urgency: c.urgency.code().to_owned(),
            escalate_after_days: c
                .escalate_after_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notice: c.notice.clone(),
        }
    }
}

impl CategoryInput {
    pub fn validate(&self) -> Result<Category, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = validation::text(&mut errors, "code", &self.code, true, 16);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            errors.add("code", "category_code_format");
        }
        let theme = validation::text(&mut errors, "theme", &self.theme, true, 32);
        let name = validation::text(&mut errors, "name", &self.name, true, 64);
        let accountable = Accountable::parse(self.accountable.trim());
        if accountable.is_none() {
            errors.add("accountable", "invalid_choice");
        }
        let mut number =
            |field: &'static str, raw: &str, min: u32, max: u32, required: bool| -> Option<u32> {
                match raw.trim() {
                    "" if !required => None,
                    s => match s.parse::<u32>() {
                        Ok(n) if (min..=max).contains(&n) => Some(n),
                        _ => {
                            errors.add(field, "out_of_range");
                            None
                        }
                    },
                }
            };
        let contact_hours = number("contact_hours", &self.contact_hours, 1, 720, true);
        let handle_days = number("handle_days", &self.handle_days, 1, 365, true);
        let escalate_after_days = number(
            "escalate_after_days",
            &self.escalate_after_days,
            0,
            60,
            false,
        );
        let urgency = match self.urgency.trim() {
            "" => Some(Urgency::General),
            code => Urgency::parse(code),
        };
        if urgency.is_none() {
            errors.add("urgency", "invalid_choice");
        }
        let notice = validation::text(&mut errors, "notice", &self.notice, true, 500);
        errors.into_result(|| Category {
            code,
            theme,
            name,
            accountable: accountable.expect("checked"),
            contact_hours: contact_hours.expect("checked"),
            handle_days: handle_days.expect("checked"),
            urgency: urgency.expect("checked"),
            escalate_after_days,
            notice,
        })
    }
}

/// (code, theme, name, accountable, contact hours, handle days, escalate after days (0 = never), notice)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    u32,
    u32,
    &'static str,
);

const DEMO: &[Row] = &[
    (
        "A01",
        "市容环境",
        "生活垃圾清运不及时",
        "community",
        24,
        3,
        2,
        "属地社区协调物业或环卫单位清运，3个工作日内办结。",
    ),
    (
        "A02",
        "市容环境",
        "垃圾分类设施缺失或损坏",
        "community",
        24,
        5,
        2,
        "属地社区核实后协调补设或维修。",
    ),
    (
        "A03",
        "市容环境",
        "建筑垃圾乱倒",
        "unit:dept.cgzf",
        24,
        5,
        2,
        "城管执法部门查处乱倒行为并责令清运。",
    ),
    (
        "A04",
        "市容环境",
        "道路清扫保洁不到位",
        "unit:dept.hw",
        24,
        3,
        2,
        "区环卫中心安排保洁作业。",
    ),
    (
        "A05",
        "市容环境",
        "占道经营、流动摊贩",
        "street",
        24,
        5,
        2,
        "属地街道组织城管执法队巡查整治。",
    ),
    (
        "A06",
        "市容环境",
        "店外经营、乱堆物料",
        "street",
        24,
        5,
        2,
        "属地街道责令商户整改。",
    ),
    (
        "A07",
        "市容环境",
        "违规设置户外广告牌匾",
        "unit:dept.cgw",
        24,
        10,
        3,
        "区城管委核查设置审批，违规的依法拆除。",
    ),
    (
        "A08",
        "市容环境",
        "公共厕所脏乱或损坏",
        "unit:dept.hw",
        24,
        5,
        2,
        "区环卫中心清洁维修。",
    ),
    (
        "A09",
        "市容环境",
        "小广告乱贴乱画",
        "community",
        24,
        5,
        2,
        "属地社区组织清理。",
    ),
    (
        "A10",
        "市容环境",
        "道路照明故障（路灯不亮）",
        "unit:dept.cgw",
        24,
        5,
        2,
        "区城管委安排路灯养护单位维修。",
    ),
    (
        "B01",
        "噪音与污染",
        "夜间施工噪音扰民",
        "unit:dept.sthj",
        2,
        3,
        1,
        "生态环境部门核查夜间施工许可，无证施工的依法查处。",
    ),
    (
        "B02",
        "噪音与污染",
        "商业经营噪音扰民",
        "street",
        12,
        5,
        2,
        "属地街道联合执法部门核查整治。",
    ),
    (
        "B03",
        "噪音与污染",
        "广场舞等生活噪音",
        "community",
        24,
        5,
        2,
        "属地社区协调活动时间和音量。",
    ),
    (
        "B04",
        "噪音与污染",
        "餐饮油烟扰民",
        "unit:dept.sthj",
        24,
        10,
        3,
        "生态环境部门检查油烟净化设施。",
    ),
    (
        "B05",
        "噪音与污染",
        "露天焚烧",
        "unit:dept.cgzf",
        2,
        3,
        1,
        "城管执法部门及时制止并查处。",
    ),
    (
        "B06",
        "噪音与污染",
        "工地扬尘",
        "unit:dept.zjw",
        12,
        5,
        2,
        "区住建委督促工地落实降尘措施。",
    ),
    (
        "B07",
        "噪音与污染",
        "污水乱排、河道污染",
        "unit:dept.sthj",
        12,
        10,
        3,
        "生态环境部门溯源查处。",
    ),
    (
        "B08",
        "噪音与污染",
        "异味扰民",
        "unit:dept.sthj",
        24,
        10,
        3,
        "生态环境部门监测并查找来源。",
    ),
    (
        "C01",
        "违法建设",
        "新增违法建设",
        "street",
        12,
        10,
        3,
        "属地街道依法认定并拆除，拆除面积计入统计。",
    ),
    (
        "C02",
        "违法建设",
        "私搭乱建、圈占绿地",
        "street",
        24,
        10,
        3,
        "属地街道核实后依法处置。",
    ),
    (
        "C03",
        "违法建设",
        "擅自改变房屋结构",
        "unit:dept.zjw",
        24,
        10,
        3,
        "区住建委核查并责令恢复。",
    ),
    (
        "C04",
        "违法建设",
        "地下空间违规使用",
        "unit:dept.mf",
        24,
        10,
        3,
        "区民防局核查地下空间使用情况。",
    ),
    (
        "C05",
        "违法建设",
        "违规开墙打洞",
        "street",
        24,
        10,
        3,
        "属地街道责令恢复原状。",
    ),
    (
        "D01",
        "住房与物业",
        "物业服务不到位",
        "community",
        24,
        5,
        2,
        "属地社区督促物业企业整改，必要时报街道。",
    ),
    (
        "D02",
        "住房与物业",
        "物业收费争议",
        "unit:dept.zjw",
        24,
        10,
        3,
        "区住建委核查收费依据。",
    ),
    (
        "D03",
        "住房与物业",
        "小区电梯故障",
        "unit:dept.scjg",
        2,
        3,
        1,
        "市场监管部门督促维保单位抢修。",
    ),
    (
        "D04",
        "住房与物业",
        "老楼加装电梯",
        "street",
        24,
        15,
        0,
        "属地街道组织居民协商和方案审核，按程序推进。",
    ),
    (
        "D05",
        "住房与物业",
        "老旧小区综合整治",
        "unit:dept.zjw",
        48,
        20,
        0,
        "区住建委答复整治计划和进度。",
    ),
    (
        "D06",
        "住房与物业",
        "房屋漏水、公共部位维修",
        "community",
        24,
        5,
        2,
        "属地社区协调物业或产权单位维修。",
    ),
    (
        "D07",
        "住房与物业",
        "公租房、保障房事务",
        "unit:dept.zjw",
        48,
        15,
        0,
        "区住建委按政策答复办理。",
    ),
    (
        "D08",
        "住房与物业",
        "房屋租赁纠纷、群租",
        "street",
        24,
        10,
        3,
        "属地街道联合公安、住建核查群租。",
    ),
    (
        "D09",
        "住房与物业",
        "业委会成立与运作",
        "street",
        48,
        15,
        0,
        "属地街道指导业主大会和业委会依法运作。",
    ),
    (
        "D10",
        "住房与物业",
        "小区停车管理",
        "community",
        24,
        5,
        2,
        "属地社区协调物业改进停车秩序。",
    ),
    (
        "E01",
        "水电气热",
        "停水",
        "unit:ent.water",
        1,
        1,
        1,
        "供水企业抢修并告知恢复时间。",
    ),
    (
        "E02",
        "水电气热",
        "水压低、水质问题",
        "unit:ent.water",
        12,
        5,
        2,
        "供水企业检测并处理。",
    ),
    (
        "E03",
        "水电气热",
        "停电",
        "unit:ent.power",
        1,
        1,
        1,
        "供电企业抢修并告知恢复时间。",
    ),
    (
        "E04",
        "水电气热",
        "电压不稳、线路老化",
        "unit:ent.power",
        12,
        5,
        2,
        "供电企业检修线路。",
    ),
    (
        "E05",
        "水电气热",
        "燃气泄漏隐患",
        "unit:ent.gas",
        1,
        1,
        1,
        "燃气企业立即上门处置。",
    ),
    (
        "E06",
        "水电气热",
        "燃气开户、缴费",
        "unit:ent.gas",
        24,
        5,
        2,
        "燃气企业答复办理。",
    ),
    (
        "E07",
        "水电气热",
        "供暖温度不达标",
        "unit:ent.heat",
        12,
        3,
        1,
        "供热单位入户测温并整改。",
    ),
    (
        "E08",
        "水电气热",
        "供暖管道漏水",
        "unit:ent.heat",
        2,
        2,
        1,
        "供热单位抢修。",
    ),
    (
        "E09",
        "水电气热",
        "供暖费争议",
        "unit:dept.cgw",
        24,
        10,
        3,
        "区城管委（供热管理）核查收费。",
    ),
    (
        "E10",
        "水电气热",
        "井盖缺失破损",
        "unit:dept.cgw",
        2,
        2,
        1,
        "区城管委督促权属单位补齐。",
    ),
    (
        "F01",
        "交通与停车",
        "乱停车、占用消防通道",
        "unit:dept.ga",
        2,
        3,
        1,
        "公安交通部门及时处置。",
    ),
    (
        "F02",
        "交通与停车",
        "共享单车乱停乱放",
        "unit:dept.cgw",
        24,
        3,
        2,
        "区城管委督促运营企业清理。",
    ),
    (
        "F03",
        "交通与停车",
        "道路破损、坑洼",
        "unit:dept.cgw",
        24,
        10,
        3,
        "区城管委安排道路养护。",
    ),
    (
        "F04",
        "交通与停车",
        "交通信号灯故障",
        "unit:dept.ga",
        2,
        2,
        1,
        "公安交通部门维修。",
    ),
    (
        "F05",
        "交通与停车",
        "停车难、停车收费",
        "street",
        24,
        10,
        3,
        "属地街道统筹停车资源并答复。",
    ),
    (
        "F06",
        "交通与停车",
        "公交线路与站点",
        "unit:dept.cgw",
        48,
        15,
        0,
        "区城管委协调公交企业答复。",
    ),
    (
        "F07",
        "交通与停车",
        "僵尸车占道",
        "community",
        24,
        10,
        3,
        "属地社区协同公安清理。",
    ),
    (
        "G01",
        "市场与食品安全",
        "食品安全问题",
        "unit:dept.scjg",
        12,
        5,
        2,
        "市场监管部门检查并依法查处。",
    ),
    (
        "G02",
        "市场与食品安全",
        "无证经营",
        "unit:dept.scjg",
        24,
        10,
        3,
        "市场监管部门核查处置。",
    ),
    (
        "G03",
        "市场与食品安全",
        "价格欺诈、消费纠纷",
        "unit:dept.scjg",
        24,
        7,
        2,
        "市场监管部门调解或查处。",
    ),
    (
        "G04",
        "市场与食品安全",
        "预付卡退费",
        "unit:dept.scjg",
        24,
        10,
        3,
        "市场监管部门协调退费。",
    ),
    (
        "G05",
        "市场与食品安全",
        "药品、医疗器械质量",
        "unit:dept.scjg",
        24,
        10,
        3,
        "市场监管部门检查。",
    ),
    (
        "G06",
        "市场与食品安全",
        "校园周边食品安全",
        "unit:dept.scjg",
        12,
        5,
        2,
        "市场监管部门专项检查。",
    ),
    (
        "H01",
        "劳动与社保",
        "拖欠工资",
        "unit:dept.rsj",
        24,
        10,
        3,
        "人力社保部门劳动监察介入。",
    ),
    (
        "H02",
        "劳动与社保",
        "劳动合同纠纷",
        "unit:dept.rsj",
        24,
        15,
        0,
        "人力社保部门调解或引导仲裁。",
    ),
    (
        "H03",
        "劳动与社保",
        "社保缴纳与转移",
        "unit:dept.rsj",
        24,
        10,
        3,
        "人力社保部门答复办理。",
    ),
    (
        "H04",
        "劳动与社保",
        "就业援助与培训",
        "street",
        48,
        10,
        0,
        "属地街道社保所对接就业服务。",
    ),
    (
        "H05",
        "劳动与社保",
        "医保报销",
        "unit:dept.yb",
        24,
        10,
        3,
        "区医保局答复办理。",
    ),
    (
        "I01",
        "民政与养老",
        "养老服务需求",
        "community",
        24,
        5,
        2,
        "属地社区对接养老服务驿站。",
    ),
    (
        "I02",
        "民政与养老",
        "老年餐桌与助餐",
        "community",
        24,
        5,
        2,
        "属地社区协调助餐点。",
    ),
    (
        "I03",
        "民政与养老",
        "低保与临时救助",
        "street",
        24,
        10,
        3,
        "属地街道按政策核定。",
    ),
    (
        "I04",
        "民政与养老",
        "残疾人服务",
        "street",
        24,
        10,
        3,
        "属地街道残联专干对接。",
    ),
    (
        "I05",
        "民政与养老",
        "长期护理保险",
        "unit:dept.yb",
        24,
        10,
        3,
        "区医保局答复评估和待遇。",
    ),
    (
        "I06",
        "民政与养老",
        "养老机构服务质量",
        "unit:dept.mz",
        24,
        10,
        3,
        "区民政局检查养老机构。",
    ),
    (
        "I07",
        "民政与养老",
        "独居老人关爱",
        "community",
        12,
        3,
        1,
        "属地社区上门探访。",
    ),
    (
        "J01",
        "卫生健康",
        "社区卫生服务",
        "unit:dept.wjw",
        24,
        10,
        3,
        "区卫健委答复办理。",
    ),
    (
        "J02",
        "卫生健康",
        "医疗服务投诉",
        "unit:dept.wjw",
        24,
        10,
        3,
        "区卫健委核查处理。",
    ),
    (
        "J03",
        "卫生健康",
        "病媒生物防治（鼠患、蟑螂）",
        "community",
        24,
        5,
        2,
        "属地社区组织消杀。",
    ),
    (
        "J04",
        "卫生健康",
        "无证行医",
        "unit:dept.wjw",
        24,
        10,
        3,
        "区卫健委依法查处。",
    ),
    (
        "K01",
        "邻里与社区",
        "邻里纠纷",
        "community",
        24,
        10,
        3,
        "属地社区人民调解员调解。",
    ),
    (
        "K02",
        "邻里与社区",
        "宠物扰民、不文明养犬",
        "community",
        24,
        5,
        2,
        "属地社区劝导，必要时公安处置。",
    ),
    (
        "K03",
        "邻里与社区",
        "高空抛物",
        "community",
        12,
        5,
        2,
        "属地社区排查并宣传，公安依法处置。",
    ),
    (
        "K04",
        "邻里与社区",
        "楼道堆物、飞线充电",
        "community",
        12,
        3,
        1,
        "属地社区清理消防隐患。",
    ),
    (
        "K05",
        "邻里与社区",
        "社区活动与设施",
        "community",
        48,
        10,
        0,
        "属地社区答复。",
    ),
    (
        "K06",
        "邻里与社区",
        "家庭矛盾",
        "community",
        24,
        10,
        3,
        "属地社区调解并视情转介。",
    ),
    (
        "L01",
        "公共安全",
        "消防安全隐患",
        "street",
        2,
        3,
        1,
        "属地街道联合消防部门排查整改。",
    ),
    (
        "L02",
        "公共安全",
        "治安问题",
        "unit:dept.ga",
        2,
        5,
        2,
        "公安分局依法处置。",
    ),
    (
        "L03",
        "公共安全",
        "电动自行车违规充电",
        "community",
        12,
        3,
        1,
        "属地社区清理并引导集中充电。",
    ),
    (
        "L04",
        "公共安全",
        "房屋安全隐患",
        "unit:dept.zjw",
        12,
        5,
        2,
        "区住建委组织鉴定。",
    ),
    (
        "M01",
        "园林绿化",
        "树木修剪与病虫害",
        "unit:dept.yllh",
        24,
        10,
        3,
        "区园林绿化局安排养护。",
    ),
    (
        "M02",
        "园林绿化",
        "绿地损毁、毁绿种菜",
        "community",
        24,
        5,
        2,
        "属地社区劝导恢复。",
    ),
    (
        "M03",
        "园林绿化",
        "公园设施与管理",
        "unit:dept.yllh",
        24,
        10,
        3,
        "区园林绿化局答复。",
    ),
    (
        "N01",
        "咨询建议",
        "政策咨询",
        "street",
        24,
        5,
        0,
        "属地街道答复；多数咨询在受理时即可解答。",
    ),
    (
        "N02",
        "咨询建议",
        "城市管理建议",
        "unit:dept.cgw",
        48,
        15,
        0,
        "区城管委研究答复。",
    ),
    (
        "N03",
        "咨询建议",
        "疑难复杂事项（领导包案）",
        "unit:leaders",
        24,
        30,
        0,
        "由区领导包案，统筹相关部门办理。",
    ),
];

/// The demo catalogue's urgency: danger first, then outages of water, power and heat, then the long matters.
fn demo_urgency(code: &str, handle_days: u32) -> Urgency {
    match code {
        "B05" | "D03" | "E05" | "E08" | "E10" | "F01" | "F04" | "L01" => Urgency::Emergency,
        "E01" | "E02" | "E03" | "E04" | "E07" => Urgency::Utilities,
        _ if handle_days >= 15 => Urgency::Complex,
        _ => Urgency::General,
    }
}

/// The catalogue shipped with the demo district.
pub fn demo_catalogue() -> Vec<Category> {
    DEMO.iter()
        .map(
            |&(code, theme, name, accountable, contact_hours, handle_days, escalate, notice)| {
                Category {
                    code: code.into(),
                    theme: theme.into(),
                    name: name.into(),
                    accountable: Accountable::parse(accountable).expect("valid demo accountable"),
                    contact_hours,
                    handle_days,
                    urgency: demo_urgency(code, handle_days),
                    escalate_after_days: (escalate > 0).then_some(escalate),
                    notice: notice.into(),
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_catalogue_is_large_unique_and_names_real_units() {
        let cat = demo_catalogue();
        assert!(cat.len() >= 80, "{}", cat.len());
        let codes: HashSet<&str> = cat.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes.len(), cat.len());
        let unit_codes: HashSet<String> =
            crate::demo::units().into_iter().map(|u| u.code).collect();
        for c in &cat {
            if let Accountable::Unit(code) = &c.accountable {
                assert!(
                    unit_codes.contains(code),
                    "{} names unknown unit {code}",
                    c.code
                );
            }
            let input = CategoryInput::from(c);
            assert_eq!(input.validate().as_ref(), Ok(c));
        }
    }

    #[test]
    fn tiers_follow_the_accountable_unit_and_go_up_one_at_a_time() {
        assert_eq!(Accountable::Community.tier(), Tier::Community);
        assert_eq!(Accountable::Street.tier(), Tier::Street);
        assert_eq!(Accountable::Unit("dept.zjw".into()).tier(), Tier::Street);
        assert_eq!(Tier::Community.up(), Some(Tier::Street));
        assert_eq!(Tier::Street.up(), Some(Tier::District));
        assert_eq!(Tier::District.up(), None);
    }

    #[test]
    fn bad_category_input_is_refused_per_field() {
        let e = CategoryInput {
            code: "a-1".into(),
            accountable: "somewhere".into(),
            contact_hours: "0".into(),
            handle_days: "x".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for (field, code) in [
            ("code", "category_code_format"),
            ("theme", "required"),
            ("accountable", "invalid_choice"),
            ("contact_hours", "out_of_range"),
            ("handle_days", "out_of_range"),
            ("notice", "required"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
    }
}
