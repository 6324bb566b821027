//! The user's language: Chinese by default, English on request (remembered in a cookie), and every message the web
//! layer shows. Keys are stable; a test checks that every key used in a template or in code exists in both languages.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The language a page or an API answer is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    /// The language of a page: the `lang` cookie set by the switch, else Chinese. Browsers' `Accept-Language` is not
    /// followed: the district's staff and residents read Chinese, and an English browser must not change that.
    pub fn for_page(headers: &axum::http::HeaderMap) -> Lang {
        crate::codec::cookie(headers, "lang")
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    /// The language of an API answer: the cookie, else `Accept-Language` when it asks for English first, else
    /// Chinese. API clients choose their language explicitly.
    pub fn for_api(headers: &axum::http::HeaderMap) -> Lang {
        if let Some(lang) = crate::codec::cookie(headers, "lang").and_then(|v| Lang::parse(&v)) {
            return lang;
        }
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accept.trim_start().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The message for `key`; an unknown key shows itself, which the key test catches before release.
    pub fn t(self, key: &str) -> &'static str {
        match MESSAGES.get(key) {
            Some((zh, en)) => match self {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => {
                debug_assert!(false, "missing message key {key}");
                "?"
            }
        }
    }

    /// The message for a key, if there is one (for codes that may belong to one family or another).
    pub fn try_t(self, key: &str) -> Option<&'static str> {
        MESSAGES.get(key).map(|(zh, en)| match self {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
    }

    /// The message for a validation code (`err.required`, ...).
    pub fn error(self, code: &str) -> &'static str {
        match MESSAGES.get(format!("err.{code}").as_str()) {
            Some(_) => self.t(&format!("err.{code}")),
            None => self.t("err.invalid"),
        }
    }
}

static MESSAGES: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| TABLE.iter().map(|&(k, zh, en)| (k, (zh, en))).collect());

/// Every key used by the code and the templates.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, ..)| *k)
}

const TABLE: &[(&str, &str, &str)] = &[
    // Elderly care
    ("care.receipt", "服务收费凭据", "Receipt"),
    ("care.minutes_unit", "分钟", "minutes"),
    (
        "care.advanced",
        "由服务机构垫付，民政部门结算",
        "advanced by the provider, reimbursed by civil affairs",
    ),
    (
        "care.in_plan_note",
        "属长期护理保险照护计划内服务，按月结算",
        "Within the long-term-care plan; settled monthly",
    ),
    ("care.rules", "补贴与待遇规则", "Subsidy and benefit rules"),
    ("care.subsidy_rules", "补贴规则", "Subsidy rules"),
    ("care.rule", "规则", "Rule"),
    ("care.bill_over", "账单须超过", "Bill must exceed"),
    ("care.per_day", "每日次数", "A day"),
    ("care.at_home_only", "仅居家老人", "At home only"),
    ("care.subsidy_groups", "补贴对象", "For"),
    (
        "eligible.dibao",
        "低保",
        "Minimum-living-allowance households",
    ),
    ("eligible.tekun", "特困", "Destitute elders"),
    ("eligible.low_income", "低收入", "Low-income households"),
    (
        "eligible.special_family",
        "计生特殊家庭",
        "Family-planning special families",
    ),
    ("eligible.disabled", "失能", "Disabled elders"),
    ("eligible.aged_80", "八十周岁以上", "Aged 80 or more"),
    ("eligible.living_alone", "独居", "Living alone"),
    (
        "care.level_rules",
        "长期护理保险待遇（按失能等级）",
        "Long-term-care benefits by level",
    ),
    ("care.from_month", "起始月份", "From month"),
    ("care.fund_share", "基金支付比例", "Fund share"),
    ("care.bands", "失能等级分级标准", "Disability bands"),
    ("care.in_use", "使用中", "In use"),
    (
        "care.matrix_corner",
        "日常生活活动能力 \\ 认知、感知觉与沟通（较差者）",
        "Daily living \\ the worse of cognition and perception",
    ),
    ("care.category", "参保类别", "Category"),
    ("care.amount_yuan", "金额（元）", "Amount (yuan)"),
    (
        "care.done_contribution",
        "缴费已登记，待另一名经办人员复核后计入。",
        "Contribution recorded; it counts once another officer checks it.",
    ),
    (
        "care.done_contribution_checked",
        "缴费已复核，计入参保缴费。",
        "Contribution checked; it now counts.",
    ),
    ("care.done_enrolled", "参保已登记。", "Enrolment recorded."),
    ("care.accept_plan", "确认接受", "Accept"),
    (
        "care.alliance",
        "老街坊联盟",
        "Laojiefang (old neighbours) alliance",
    ),
    ("care.amount", "金额", "Amount"),
    (
        "care.another_provider",
        "更换服务机构",
        "Ask for another provider",
    ),
    ("care.at_facility", "在机构", "At the facility"),
    ("care.at_home", "上门", "At home"),
    ("care.beds", "床位", "Beds"),
    ("care.bill", "账单", "Bill"),
    ("care.build_roster", "生成名单", "Build the roster"),
    ("care.cap", "月度限额", "Monthly cap"),
    ("care.charged", "实收", "Charged"),
    (
        "care.chart_fund",
        "长护险基金支付（元，按月）",
        "Fund payments by month (yuan)",
    ),
    ("care.check", "审核通过", "Mark checked"),
    ("care.entered_by", "录入人", "Entered by"),
    ("care.checked_by", "审核人", "Checked by"),
    ("care.settled_by", "结算人", "Settled by"),
    (
        "care.maker_checker",
        "上一步由您办理：按“录入、审核、结算不得由同一人连续办理”的规定，下一步须由另一名经办人员办理。",
        "You did the previous step: the next must be done by another officer (maker-checker).",
    ),
    ("care.contribution_state", "复核", "Check"),
    ("care.contribution_checked", "已复核", "Checked"),
    (
        "care.contribution_unchecked",
        "待复核（他人复核后计入）",
        "Awaiting a second officer's check",
    ),
    ("care.check_contribution", "复核无误", "Confirm"),
    ("care.day", "日期", "Day"),
    ("care.day_seats", "日间照料床位", "Day-care seats"),
    ("care.decided_by", "确认人", "Answered by"),
    (
        "care.delivered",
        "本月服务情况",
        "Care delivered this month",
    ),
    ("care.deliveries", "服务次数", "Deliveries"),
    ("care.directory", "养老服务设施", "Care facilities"),
    (
        "care.directory_lead",
        "区级老年医院、康复中心、街道养老照料中心、社区养老服务驿站和老年助餐点，按街道查看服务和价格。",
        "The geriatric hospital, rehabilitation centres, street care centres, community stations and meal points: services and prices by street.",
    ),
    ("care.enter", "生成结算单", "Enter"),
    (
        "care.enter_settlement",
        "生成月度结算",
        "Enter a monthly settlement",
    ),
    ("care.export", "导出表格", "Export spreadsheet"),
    ("care.facility", "服务机构", "Facility"),
    ("care.free", "免费", "Free"),
    ("care.from", "起", "from"),
    ("care.fund", "基金支付", "Fund"),
    ("care.fund_settled", "长护险基金已结算", "Fund settled"),
    ("care.hours", "小时", "Hours"),
    ("care.in_plan", "计划内", "In plan"),
    ("care.insurance", "长期护理保险", "Long-term-care insurance"),
    ("care.insured", "已参保", "Insured"),
    ("care.insurer", "保险公司", "Insurer"),
    ("care.lines", "明细条数", "Lines"),
    ("care.ltc", "长护险", "LTC"),
    ("care.meal", "餐次", "Meal"),
    ("care.meals_per_day", "日供餐", "Meals a day"),
    ("care.minutes", "时长（分钟）", "Minutes"),
    ("care.money", "资金情况", "Money"),
    ("care.month", "月份", "Month"),
    ("care.month_records", "服务记录", "Deliveries"),
    (
        "care.no_settlements",
        "本月尚无结算单。",
        "No settlements this month.",
    ),
    ("care.not_insured", "未参保", "Not insured"),
    (
        "care.or_id_number",
        "或输入公民身份号码",
        "or the ID number",
    ),
    ("care.over_cap", "超限额自付", "Over the cap"),
    ("care.payer", "缴费方", "Payer"),
    ("care.plan_elder", "计划内老人", "Elder in a plan"),
    ("care.plan_total", "计划合计", "Plan total"),
    ("care.plans", "照护计划", "Care plans"),
    ("care.print", "打印", "Print"),
    ("care.propose_plan", "匹配照护计划", "Match a care plan"),
    ("care.provider", "定点服务机构", "Provider"),
    ("care.radius", "服务半径", "Radius"),
    ("care.record_service", "登记服务", "Record a delivery"),
    ("care.rejected", "拒付", "Rejected"),
    ("care.rejected_reason", "拒付原因", "Why rejected"),
    (
        "care.roster",
        "65周岁以上老人意外伤害保险名单",
        "Accident insurance roster (65+)",
    ),
    ("care.roster_built", "已新增 {n} 人。", "{n} added."),
    (
        "care.roster_lead",
        "为当年1月1日年满65周岁的老年人投保意外伤害保险；已在名单中的不重复添加。",
        "Everyone aged 65 or over on 1 January is covered; those already listed are not added twice.",
    ),
    ("care.self_pay", "个人自付", "Self-pay"),
    ("care.service", "服务", "Service"),
    (
        "care.service_recorded",
        "服务已登记，补贴 {subsidy}。",
        "Recorded; subsidy {subsidy}.",
    ),
    ("care.services", "服务记录", "Deliveries"),
    (
        "care.services_verified",
        "已核实 {n} 条服务记录。",
        "{n} deliveries verified.",
    ),
    ("care.settle", "确认结算", "Settle"),
    ("care.settlement", "月度结算单", "Monthly settlement"),
    ("care.settlements", "长护险月度结算", "Monthly settlements"),
    ("care.started_at", "服务时间", "When"),
    ("care.subsidies", "助餐等补贴", "Subsidies"),
    ("care.subsidy", "补贴", "Subsidy"),
    (
        "care.verify_month",
        "核实本月全部记录",
        "Verify the month's records",
    ),
    ("care.year", "年度", "Year"),
    (
        "care.done_guardian_saved",
        "监护人与授权已保存。",
        "Guardian and consent saved.",
    ),
    (
        "care.done_plan",
        "已匹配照护计划，请老人或监护人确认。",
        "A plan was matched; the elder or guardian now answers.",
    ),
    (
        "care.done_plan_accepted",
        "照护计划已确认。",
        "The plan is accepted.",
    ),
    (
        "care.done_plan_declined",
        "已记录更换服务机构的要求。",
        "The request for another provider is recorded.",
    ),
    ("care.done_entered", "结算单已生成。", "Settlement entered."),
    ("care.done_checked", "结算单已审核。", "Settlement checked."),
    ("care.done_settled", "已结算。", "Settled."),
    ("category.employee", "职工", "Employee"),
    ("category.resident", "城乡居民", "Resident"),
    ("payer.individual", "个人", "Individual"),
    ("payer.employer", "单位", "Employer"),
    ("payer.government", "财政", "Government"),
    ("payer.society", "社会捐助", "Society"),
    ("meal.breakfast", "早餐", "Breakfast"),
    ("meal.lunch", "午餐", "Lunch"),
    ("meal.dinner", "晚餐", "Dinner"),
    ("plan_status.proposed", "待确认", "Proposed"),
    ("plan_status.accepted", "已确认", "Accepted"),
    ("plan_status.declined", "已更换", "Declined"),
    ("plan_status.ended", "已结束", "Ended"),
    ("record_status.recorded", "待核实", "Recorded"),
    ("record_status.verified", "已核实", "Verified"),
    ("record_status.rejected", "核实未通过", "Rejected"),
    ("settlement_status.entered", "已录入", "Entered"),
    ("settlement_status.checked", "已审核", "Checked"),
    ("settlement_status.settled", "已结算", "Settled"),
    (
        "err.not_offered",
        "该机构不提供这项服务。",
        "The facility does not offer this service.",
    ),
    (
        "err.meal_only_for_meals",
        "只有助餐需要填写餐次。",
        "A meal is given for meals only.",
    ),
    (
        "err.unknown_facility",
        "没有这个服务机构。",
        "No such facility.",
    ),
    ("err.not_a_month", "月份应为 YYYYMM。", "A month is YYYYMM."),
    (
        "err.employer_for_employees",
        "单位缴费仅适用于职工参保人。",
        "Employers pay only for employees.",
    ),
    (
        "err.year_payer_amount_together",
        "年度、缴费方和金额须一并填写。",
        "Year, payer and amount go together.",
    ),
    (
        "err.not_an_instant",
        "时间格式不正确。",
        "Not a valid time.",
    ),
    ("err.unknown_elder", "没有找到这位老人。", "No such elder."),
    (
        "case_err.not_your_facility",
        "只能登记本机构的服务。",
        "You record your own facility's deliveries only.",
    ),
    (
        "case_err.no_level_in_force",
        "该老人没有有效的失能等级评估结论。",
        "This elder has no conclusion in force.",
    ),
    (
        "case_err.level_not_eligible",
        "该失能等级不在长期护理保险待遇范围内。",
        "This level is not eligible for long-term-care benefits.",
    ),
    (
        "case_err.plan_exists",
        "该老人已有待确认或已确认的照护计划。",
        "This elder already has a proposed or accepted plan.",
    ),
    (
        "case_err.no_provider",
        "附近没有尚有名额且提供所需服务的定点机构。",
        "No contracted provider nearby has a free place for these services.",
    ),
    (
        "case_err.plan_decided",
        "该照护计划已确认或已更换。",
        "This plan was already answered.",
    ),
    (
        "case_err.not_insured",
        "该老人未参加长期护理保险。",
        "This elder is not insured.",
    ),
    (
        "case_err.checker_is_enterer",
        "录入人不能审核自己录入的款项，请由另一名经办人员审核。",
        "The officer who entered it may not check it; another officer must.",
    ),
    (
        "case_err.settler_is_checker",
        "审核人不能结算自己审核的结算单，请由另一名经办人员结算。",
        "The officer who checked it may not settle it; another officer must.",
    ),
    (
        "case_err.contribution_checked",
        "该笔缴费已复核。",
        "That contribution is checked already.",
    ),
    (
        "case_err.contribution_exists",
        "该年度该缴费方的缴费已登记。",
        "That year's contribution by that payer is recorded already.",
    ),
    (
        "case_err.month_not_over",
        "只能结算已结束的月份。",
        "Only a finished month can be settled.",
    ),
    (
        "case_err.settlement_locked",
        "该结算单已审核或已结算，不能重新生成。",
        "The settlement is checked or settled; it cannot be entered again.",
    ),
    (
        "case_err.settlement_wrong_status",
        "结算单不在可进行此操作的状态。",
        "The settlement is not in a state for this.",
    ),
    (
        "case_err.unknown_elder",
        "没有找到这位老人。",
        "No such elder.",
    ),
    ("nav.care", "养老服务", "Elderly care"),
    (
        "care.title",
        "养老服务（老街坊）",
        "Elderly care (Laojiefang)",
    ),
    (
        "care.lead",
        "老年人普查底数、失能等级评估与照护覆盖情况。",
        "The elders' census, disability assessments and coverage of care.",
    ),
    ("care.elders", "老年人名册", "Elders"),
    ("care.assessments", "失能等级评估", "Disability assessments"),
    ("care.assessment", "失能等级评估", "Disability assessment"),
    ("care.census", "普查数据导入", "Census import"),
    ("care.coverage", "覆盖情况：老年人数", "Coverage: elders"),
    (
        "care.chart_levels",
        "各失能等级人数（评估结论有效期内）",
        "Elders by level in force",
    ),
    ("care.chart_streets", "各街道老年人数", "Elders by street"),
    ("care.street", "街道", "Street"),
    ("care.community", "社区", "Community"),
    ("care.elders_n", "老年人数", "Elders"),
    (
        "care.unassessed",
        "未评估或已过期",
        "Not assessed or expired",
    ),
    ("care.severe_share", "重度失能占比", "Severe share"),
    ("care.total", "共", "Total"),
    ("care.any", "全部", "All"),
    ("care.living", "居住状况", "Living arrangement"),
    ("care.economic", "经济状况", "Economic status"),
    ("care.need", "服务需求", "Need"),
    ("care.needs", "服务需求", "Needs"),
    ("care.level", "失能等级", "Level"),
    ("care.min_age", "年龄不小于", "Aged at least"),
    ("care.name", "姓名", "Name"),
    ("care.filter", "筛选", "Filter"),
    ("care.sex", "性别", "Sex"),
    ("care.age", "年龄", "Age"),
    ("care.years", "岁", "years"),
    ("care.id_number", "公民身份号码", "ID number"),
    ("care.prev", "上一页", "Previous"),
    ("care.next", "下一页", "Next"),
    ("care.birth_date", "出生日期", "Born"),
    ("care.place", "街道 · 社区", "Street · community"),
    ("care.phone", "联系电话", "Phone"),
    ("care.round", "普查轮次", "Survey round"),
    ("assess.petitions", "信访事项", "Petitions"),
    ("assess.pick", "选中", "Pick"),
    ("assess.batch", "批量审核", "Review the ticked entries"),
    (
        "assess.batch_hint",
        "勾选已逐条核对证据的记录，以同一理由一并确认或驳回；任何一条不能审核时，全部不作处理。",
        "Tick the entries whose evidence you checked, then confirm or reject them with one reason; if any of them cannot be decided, none is.",
    ),
    (
        "assess.not_ranked",
        "件数不足，不排名",
        "Too few cases to rank",
    ),
    (
        "assess.min_cases",
        "参与排名最少件数",
        "Fewest cases to be ranked",
    ),
    (
        "assess.petitions_hint",
        "信访事项按《信访工作条例》单独评价，不计入接诉即办“三率”：按期受理、按期办结、对答复的满意度、复查复核。",
        "Petitions are evaluated apart under the Regulations on Petitions, never in the hotline's three rates: accepted on time, answered on time, satisfaction with the answer, reviews asked.",
    ),
    ("assess.petition_count", "办结件数", "Closed"),
    ("assess.accepted_in_time", "按期受理率", "Accepted on time"),
    ("assess.answered_in_time", "按期办结率", "Answered on time"),
    ("assess.reviewed", "复查复核", "Reviews asked"),
    ("care.reference_date", "普查标准时点", "Reference date"),
    ("care.residence", "户籍类型", "Registration"),
    ("residence.registered", "户籍", "Registered here"),
    (
        "residence.resident",
        "常住（非本区户籍）",
        "Resident, registered elsewhere",
    ),
    (
        "care.until",
        "有效期至（不含）",
        "in force until (exclusive)",
    ),
    ("care.assess", "录入失能评估", "Record an assessment"),
    ("care.guardian", "监护人与授权", "Guardian and consent"),
    ("care.guardian_name", "监护人姓名", "Guardian's name"),
    ("care.guardian_phone", "监护人电话", "Guardian's phone"),
    (
        "care.consent",
        "本人或监护人同意将信息用于养老服务和长期护理保险",
        "The elder or guardian agrees that this data serve care services and long-term-care insurance",
    ),
    ("care.consent_given", "已授权", "Consent given"),
    ("care.consent_missing", "未授权", "No consent"),
    ("care.save", "保存", "Save"),
    (
        "care.guardian_saved",
        "监护人与授权已保存。",
        "Guardian and consent saved.",
    ),
    (
        "care.no_assessments",
        "暂无评估记录。",
        "No assessments yet.",
    ),
    ("care.assessed_at", "评估日期", "Assessed"),
    ("care.reason", "评估类型", "Reason"),
    ("care.computed", "计算等级", "Computed level"),
    ("care.final", "最终等级", "Final level"),
    ("care.status", "状态", "Status"),
    (
        "care.assess_lead",
        "依据《长期护理失能等级评估标准（试行）》逐项评分，由两名评估员现场共同完成；计算等级由系统按分级标准得出，评估员判定等级单独记录。",
        "Score each item of the national standard; two assessors on site. The computed level follows the bands; the assessors' own judgement is kept apart.",
    ),
    (
        "care.fix_errors",
        "请按提示更正后再提交。",
        "Please correct the marked fields.",
    ),
    ("care.second_assessor", "第二名评估员", "Second assessor"),
    ("care.assessor_level", "评估员判定等级", "Assessors' level"),
    (
        "care.assessor_level_hint",
        "等级由得分按国家标准对照表确定（医保办发〔2021〕37号）：可不选；所选等级须与得分对应的等级一致，否则不予记录并提示。",
        "The level is the national table's for the scores: you may leave it; a level you choose must be that one, or the record is refused with a message.",
    ),
    ("care.note", "备注", "Note"),
    ("care.record", "提交评估", "Record the assessment"),
    ("level.0", "基本正常", "Normal"),
    ("level.1", "轻度失能", "Mild disability"),
    ("level.2", "中度失能", "Moderate disability"),
    ("level.3", "重度失能Ⅰ级", "Severe disability I"),
    ("level.4", "重度失能Ⅱ级", "Severe disability II"),
    ("level.5", "重度失能Ⅲ级", "Severe disability III"),
    ("item.eating", "进食", "Eating"),
    ("item.dressing", "穿衣", "Dressing"),
    ("item.grooming", "面部与口腔清洁", "Face and mouth care"),
    ("item.bowel", "大便控制", "Bowel control"),
    ("item.bladder", "小便控制", "Bladder control"),
    ("item.toileting", "用厕", "Toilet use"),
    ("item.walking", "平地行走", "Walking on the flat"),
    ("item.transfer", "床椅转移", "Bed–chair transfer"),
    ("item.stairs", "上下楼", "Stairs"),
    ("item.bathing", "洗澡", "Bathing"),
    ("item.time_orientation", "时间定向", "Orientation in time"),
    (
        "item.person_orientation",
        "人物定向",
        "Orientation to people",
    ),
    ("item.place_orientation", "空间定向", "Orientation in space"),
    ("item.memory", "记忆力", "Memory"),
    ("item.vision", "视力", "Vision"),
    ("item.hearing", "听力", "Hearing"),
    ("item.communication", "沟通能力", "Communication"),
    ("care.service_place", "服务地点", "Where"),
    ("care.sums", "各维度得分", "Group sums"),
    ("care.daily_living", "日常生活活动能力", "Daily living"),
    ("care.cognition", "认知能力", "Cognition"),
    (
        "care.perception",
        "感知觉与沟通能力",
        "Perception and communication",
    ),
    ("care.assessors", "评估员", "Assessors"),
    ("care.reviewer_level", "复核等级", "Reviewer's level"),
    ("care.publicity_until", "公示截止", "Publicity until"),
    ("care.valid", "有效期", "In force"),
    ("care.appeal_note", "异议内容", "Objection"),
    ("care.bands_version", "分级标准版本", "Bands version"),
    ("care.review", "审核并公示", "Review and publish"),
    ("care.publish", "审核通过，开始公示", "Approve and publish"),
    (
        "care.appeal",
        "公示期内的异议",
        "Objection during publicity",
    ),
    ("care.record_appeal", "登记异议", "Record the objection"),
    (
        "care.conclude",
        "公示期满，结论生效",
        "Publicity over: conclude",
    ),
    ("care.reassess", "异议复评", "Re-assess on appeal"),
    ("care.scores", "逐项评分", "Item scores"),
    ("care.group", "维度", "Group"),
    ("care.item", "项目", "Item"),
    ("care.score", "得分", "Score"),
    (
        "care.done_recorded",
        "评估已提交，等待审核。",
        "Recorded; waiting for review.",
    ),
    (
        "care.done_review",
        "已审核，结论进入公示期。",
        "Reviewed; the conclusion is published.",
    ),
    (
        "care.done_appeal",
        "异议已登记，结论暂不生效，待复评。",
        "Objection recorded; the conclusion does not take effect until re-assessed.",
    ),
    (
        "care.done_conclude",
        "结论已生效。",
        "The conclusion is in force.",
    ),
    (
        "care.census_lead",
        "上传老年人普查表（XLSX 或 UTF-8 编码的 CSV）。各列按表头识别、顺序不限；正确的行按公民身份号码新建或更新，错误的行逐行报告并跳过；缺少必需列的文件整体拒收，不导入任何数据。",
        "Upload the census (XLSX or UTF-8 CSV). Columns are found by their headers in any order; good rows create or update elders by ID number; each bad row is reported and skipped; a file missing a required column is refused as a whole.",
    ),
    ("care.census_columns", "必需的列：", "Required columns:"),
    ("care.file", "文件", "File"),
    ("care.import", "导入", "Import"),
    ("care.recent_imports", "最近的导入", "Recent imports"),
    ("care.no_imports", "暂无导入记录。", "No imports yet."),
    ("care.started", "开始时间", "Started"),
    ("care.rows", "进度（行）", "Rows"),
    ("care.created", "新建", "Created"),
    ("care.updated", "更新", "Updated"),
    ("care.bad", "有误行数", "Rows with errors"),
    (
        "care.download_report",
        "下载错误报告（CSV）",
        "Download the error report (CSV)",
    ),
    ("care.back_to_census", "返回导入页", "Back to imports"),
    ("living.alone", "独居", "Living alone"),
    ("living.empty_nest", "空巢", "Empty nest"),
    ("living.with_children", "与子女同住", "With children"),
    ("living.institution", "入住机构", "In an institution"),
    ("economic.dibao", "低保", "Minimum living allowance"),
    ("economic.low_income", "低收入", "Low income"),
    (
        "economic.tekun",
        "特困",
        "Destitute (extreme-poverty support)",
    ),
    (
        "economic.special_family",
        "计生特殊家庭",
        "Family-planning special family",
    ),
    ("economic.none", "无", "None"),
    (
        "group.daily_living",
        "日常生活活动能力",
        "Activities of daily living",
    ),
    ("group.cognition", "认知能力", "Cognition"),
    (
        "group.perception",
        "感知觉与沟通能力",
        "Perception and communication",
    ),
    (
        "facility_tier.hospital",
        "区老年医院（医养结合）",
        "District geriatric hospital (medical and care)",
    ),
    ("facility_tier.rehab", "康复中心", "Rehabilitation centre"),
    (
        "facility_tier.street_centre",
        "街道养老照料中心",
        "Street care centre",
    ),
    (
        "facility_tier.station",
        "社区养老服务驿站",
        "Community care station",
    ),
    ("facility_tier.meal_point", "老年助餐点", "Meal point"),
    ("service_unit.day_care", "天", "day"),
    ("service_unit.meals", "餐", "meal"),
    ("service_unit.bathing", "次", "visit"),
    ("service_unit.medical_escort", "次", "visit"),
    ("service_unit.cleaning", "小时", "hour"),
    ("service_unit.health_guidance", "小时", "hour"),
    ("service_unit.recreation", "小时", "hour"),
    ("service_unit.comfort", "小时", "hour"),
    ("service_unit.disability_aid", "小时", "hour"),
    ("need.day_care", "日间照料", "Day care"),
    ("need.meals", "助餐", "Meals"),
    ("need.bathing", "助浴", "Bathing"),
    ("need.cleaning", "助洁", "Cleaning"),
    ("need.medical_escort", "助医", "Medical escort"),
    ("need.health_guidance", "健康指导", "Health guidance"),
    ("need.recreation", "文化娱乐", "Culture and recreation"),
    ("need.comfort", "精神慰藉", "Emotional comfort"),
    ("need.disability_aid", "失能帮扶", "Disability assistance"),
    ("sex.male", "男", "Male"),
    ("sex.female", "女", "Female"),
    ("reason.first", "首次评估", "First assessment"),
    ("reason.expiry", "到期复评", "Re-assessment on expiry"),
    ("reason.change", "状况变化复评", "Re-assessment on a change"),
    ("reason.appeal", "异议复评", "Re-assessment on appeal"),
    (
        "reason.reassess",
        "审核退回复评",
        "Re-assessment after the review returned it",
    ),
    ("assess_status.recorded", "待审核", "Waiting for review"),
    ("assess_status.publicised", "公示中", "In publicity"),
    ("assess_status.concluded", "已生效", "In force"),
    ("assess_status.appealed", "有异议，待复评", "Appealed"),
    (
        "assess_status.returned",
        "审核退回，待复评",
        "Returned for a re-assessment",
    ),
    ("import_status.running", "导入中", "Running"),
    ("import_status.done", "已完成", "Done"),
    (
        "import_status.rejected",
        "文件被拒收，未导入任何数据",
        "Refused as a whole: nothing imported",
    ),
    ("import_status.failed", "导入中断", "Stopped"),
    (
        "import_status.interrupted",
        "已中断（服务停止），重新导入同一文件即可补全",
        "Interrupted (the server stopped): import the same file again to complete it",
    ),
    (
        "err.unknown_item",
        "评估标准中没有这一项。",
        "The standard has no such item.",
    ),
    (
        "err.missing_item",
        "缺少这一项的评分。",
        "This item's score is missing.",
    ),
    (
        "err.score_not_allowed",
        "该项没有这个分值（请按评估标准的分值选择）。",
        "The standard does not allow this score for this item.",
    ),
    (
        "err.same_assessor",
        "第二名评估员不能是本人。",
        "The second assessor must be someone else.",
    ),
    (
        "err.not_an_assessor",
        "第二名评估员须为在岗的失能评估员。",
        "The second assessor must be an active assessor.",
    ),
    (
        "err.invalid_level",
        "等级应为 0–5。",
        "The level is 0 to 5.",
    ),
    (
        "err.invalid_bands",
        "分级标准无效：各维度界限须在分值范围内且依次递减，组合矩阵中能力越差等级不应越低。",
        "Invalid bands: thresholds within range and in order, and a worse band never a lower level.",
    ),
    (
        "case_err.assessment_open",
        "该老人已有未完成的评估。",
        "This elder already has an assessment in progress.",
    ),
    (
        "case_err.not_first_assessment",
        "该老人已有生效的评估结论，请选择复评类型。",
        "This elder already has a conclusion: choose a re-assessment.",
    ),
    (
        "case_err.no_appeal",
        "没有待复评的异议。",
        "There is no objection waiting for re-assessment.",
    ),
    (
        "case_err.assessment_not_recorded",
        "该评估已审核。",
        "This assessment was already reviewed.",
    ),
    (
        "case_err.not_second_assessor",
        "只有本次评估的第二名评估员可以确认得分。",
        "Only the assessment's second assessor confirms its scores.",
    ),
    (
        "case_err.own_assessment",
        "不能审核自己参与的评估。",
        "You cannot review an assessment you made.",
    ),
    (
        "case_err.not_in_publicity",
        "该评估不在公示期内。",
        "This assessment is not in its publicity period.",
    ),
    (
        "case_err.publicity_running",
        "公示期尚未结束。",
        "The publicity period has not ended.",
    ),
    (
        "case_err.band_version_exists",
        "该版本代码已存在。",
        "That version code exists already.",
    ),
    (
        "case_err.care_admin_only",
        "只有民政或医保经办人员可以操作。",
        "Only civil-affairs or medical-insurance officers may do this.",
    ),
    // Site
    (
        "site.name",
        "共治 · 石景山区基层治理平台",
        "gongzhi · Shijingshan grassroots governance",
    ),
    ("site.short", "共治", "gongzhi"),
    ("site.lang_switch", "English", "中文"),
    ("site.skip", "跳到正文", "Skip to content"),
    ("nav.home", "首页", "Home"),
    ("nav.submit", "我要反映", "Raise a matter"),
    ("nav.track", "查询进度", "Track a case"),
    ("nav.login", "工作人员登录", "Staff login"),
    ("nav.logout", "退出登录", "Log out"),
    ("nav.staff", "工作台", "Workbench"),
    ("nav.cases", "诉求列表", "Cases"),
    ("nav.units", "单位管理", "Units"),
    ("nav.users", "用户管理", "Users"),
    // Resident home
    (
        "home.title",
        "有事您说话，我们来办",
        "Tell us, and we will get it done",
    ),
    (
        "home.lead",
        "噪音、违建、垃圾、供暖、物业、邻里纠纷……无论大小，提交后立即获得诉求编号，由专人负责到底，全程可查。",
        "Noise, illegal construction, rubbish, heating, property management, neighbour disputes — whatever it is, you get a case number at once, one person is accountable for it, and you can follow every step.",
    ),
    ("home.submit_cta", "提交诉求", "Raise a matter"),
    ("home.track_cta", "查询办理进度", "Track your case"),
    (
        "home.hotline",
        "也可拨打 12345 市民服务热线。",
        "You can also call the 12345 citizens' hotline.",
    ),
    // Submit form
    ("submit.title", "提交诉求", "Raise a matter"),
    (
        "submit.lead",
        "带 * 的为必填项。您的姓名和电话仅用于办理和回访，不会公开。",
        "Fields marked * are required. Your name and phone are used only to handle and follow up your case; they are never published.",
    ),
    ("submit.kind", "诉求类型", "Kind"),
    ("submit.title_field", "标题", "Title"),
    (
        "submit.title_hint",
        "一句话概括，例如“小区门口路灯不亮”",
        "One line, e.g. \"Street light out at the estate gate\"",
    ),
    ("submit.description", "详细描述", "Description"),
    (
        "submit.description_hint",
        "时间、地点、经过，以及您希望如何解决（最多 4000 字）",
        "When, where, what happened, and what you would like done (at most 4,000 characters)",
    ),
    ("submit.address", "地址", "Address"),
    (
        "submit.address_hint",
        "街道、小区、楼号",
        "Street, estate, building",
    ),
    (
        "submit.location",
        "地图位置（可选）",
        "Map point (optional)",
    ),
    ("submit.lat", "纬度", "Latitude"),
    ("submit.lon", "经度", "Longitude"),
    ("submit.locate", "使用我的位置", "Use my location"),
    (
        "submit.location_hint",
        "WGS84 坐标；填写后可更快分派到所在社区。",
        "WGS84; helps route the case to your community faster.",
    ),
    ("submit.name", "您的称呼", "Your name"),
    ("submit.phone", "手机号码", "Mobile phone"),
    (
        "submit.phone_hint",
        "用于联系和查询，查询时需输入后四位",
        "For contact and tracking; tracking asks for its last four digits",
    ),
    ("submit.button", "提交", "Submit"),
    (
        "submit.has_errors",
        "提交未成功，请按提示修改后重试。",
        "Not submitted: please correct the fields marked below.",
    ),
    ("submitted.title", "提交成功", "Submitted"),
    (
        "submitted.lead",
        "您的诉求已受理，诉求编号：",
        "Your matter has been received. Case number:",
    ),
    (
        "submitted.keep",
        "请记下编号。凭编号和手机号后四位可随时查询办理进度。",
        "Keep this number. With it and the last four digits of your phone you can follow your case at any time.",
    ),
    ("submitted.track", "查看进度", "See progress"),
    // Kinds, channels, statuses
    ("kind.consultation", "咨询", "Consultation"),
    ("kind.help", "求助", "Request for help"),
    ("kind.complaint", "投诉", "Complaint"),
    ("kind.report", "举报", "Report"),
    ("kind.suggestion", "建议", "Suggestion"),
    ("kind.petition", "信访", "Petition"),
    ("kind.dispute", "纠纷", "Dispute"),
    ("channel.web", "网站", "Web"),
    ("channel.hotline", "热线", "Hotline"),
    ("channel.walk_in", "来访", "Walk-in"),
    ("channel.letter", "来信", "Letter"),
    ("channel.api", "接口", "API"),
    ("channel.open311", "Open311 接口", "Open311"),
    (
        "status.received",
        "已受理（待派单）",
        "Received (awaiting dispatch)",
    ),
    ("status.assigned", "已派单", "Assigned"),
    ("status.in_progress", "办理中", "In progress"),
    ("status.paused", "暂停", "Paused"),
    ("status.closed", "已办结", "Closed"),
    ("status.merged", "已合并", "Merged"),
    ("tier.community", "社区级", "Community tier"),
    ("tier.street", "街道/部门级", "Street / department tier"),
    (
        "tier.district",
        "区级（领导包案）",
        "District tier (leader-owned)",
    ),
    ("outcome.resolved", "已解决", "Resolved"),
    ("outcome.explained", "已解释说明", "Explained"),
    (
        "outcome.not_substantiated",
        "不属实或无法解决",
        "Not substantiated / cannot be done",
    ),
    (
        "outcome.answered_at_intake",
        "受理即答",
        "Answered at intake",
    ),
    (
        "outcome.withdrawn",
        "诉求人撤回",
        "Withdrawn by the resident",
    ),
    (
        "outcome.unreachable",
        "无法联系诉求人",
        "Resident unreachable",
    ),
    (
        "outcome.referred",
        "已告知通过其他渠道解决（诉访分离）",
        "Referred to another channel",
    ),
    (
        "outcome.suggestion_adopted",
        "建议已采纳",
        "Suggestion adopted",
    ),
    ("satisfaction.satisfied", "满意", "Satisfied"),
    ("satisfaction.basic", "基本满意", "Fairly satisfied"),
    ("satisfaction.dissatisfied", "不满意", "Dissatisfied"),
    (
        "event.submitted",
        "诉求已提交并受理",
        "Submitted and received",
    ),
    ("event.routed", "已派单", "Routed"),
    ("event.accepted", "承办人已接单", "Accepted by the agent"),
    ("event.contacted", "已联系诉求人", "Resident contacted"),
    ("event.replied", "答复", "Reply"),
    ("event.noted", "内部备注", "Internal note"),
    ("event.attached", "上传附件", "Attachment"),
    ("event.paused", "暂停办理", "Paused"),
    ("event.resumed", "恢复办理", "Resumed"),
    ("event.escalated", "升级", "Escalated"),
    (
        "event.send_back_requested",
        "申请退单",
        "Send-back requested",
    ),
    (
        "event.send_back_rejected",
        "退单申请未获批准",
        "Send-back rejected",
    ),
    (
        "event.escalation_requested",
        "承办单位申请升级",
        "The unit asked to escalate",
    ),
    (
        "event.escalation_rejected",
        "升级申请未获批准",
        "Escalation request rejected",
    ),
    (
        "notice.escalation_requested",
        "升级申请",
        "Escalation request",
    ),
    (
        "notice.escalation_decided",
        "升级申请审核结果",
        "Escalation decision",
    ),
    ("view.escalation", "升级申请", "Escalation requests"),
    (
        "cases.confidential",
        "保密（仅热线座席可见）",
        "Confidential (hotline seats only)",
    ),
    ("cases.confidential_tag", "保密", "Confidential"),
    (
        "cases.supervised",
        "区领导督办，须于此前答复：",
        "Supervised by a leader; answer by",
    ),
    (
        "case.supervise",
        "督办（指示并限期答复）",
        "Supervise (instruction and a date to answer by)",
    ),
    ("case.instruction", "督办指示", "Instruction"),
    ("case.answer_by", "答复期限", "Answer by"),
    ("case.supervise_button", "督办", "Supervise"),
    (
        "case.answer_supervision",
        "答复领导督办",
        "Answer the leader",
    ),
    ("case.answer_supervision_button", "答复", "Answer"),
    ("case.supervision_answer", "答复内容", "Your answer"),
    (
        "event.supervised",
        "区领导督办",
        "Supervised by a district leader",
    ),
    (
        "event.supervision_answered",
        "已答复督办",
        "Supervision answered",
    ),
    ("notice.supervised", "领导督办", "A leader supervises"),
    (
        "case_err.leaders_only",
        "只有区领导可以督办。",
        "Only a district leader supervises.",
    ),
    (
        "case_err.not_supervised",
        "没有待答复的督办。",
        "No supervision waits for an answer.",
    ),
    (
        "err.in_past",
        "日期不能早于今天。",
        "The date cannot be in the past.",
    ),
    (
        "intake.confidential",
        "为诉求人身份保密（举报件始终保密）",
        "Keep the resident's identity confidential (reports always are)",
    ),
    ("cases.escalation_pending", "升级待审", "Escalation pending"),
    (
        "case.reject_escalation",
        "驳回升级申请",
        "Reject the escalation request",
    ),
    (
        "case.approve_escalation",
        "批准升级",
        "Approve the escalation",
    ),
    (
        "case.request_escalation",
        "申请升级（由派单员审核）",
        "Ask to escalate (a dispatcher decides)",
    ),
    (
        "case_err.escalation_pending",
        "已有升级申请在等待审核。",
        "An escalation request is already waiting.",
    ),
    (
        "case_err.no_escalation_pending",
        "没有待审核的升级申请。",
        "There is no escalation request to decide.",
    ),
    ("event.reassigned", "改派承办人", "Reassigned"),
    ("event.due_set", "办理期限已调整", "Due date changed"),
    ("event.merged", "已合并至", "Merged into"),
    ("event.merged_from", "合并了重复诉求", "Duplicate merged in"),
    ("event.linked", "关联诉求", "Linked"),
    ("event.closed", "已办结", "Closed"),
    (
        "event.answered_at_intake",
        "受理时即已答复并办结",
        "Answered and closed at intake",
    ),
    ("event.rated", "诉求人评价", "Resident's verdict"),
    ("event.callback", "回访评价", "Call-back verdict"),
    ("event.reopened", "派单重办", "Sent back for a redo"),
    ("event.step_done", "完成代理步骤", "Agent step done"),
    ("event.extended", "延期办理", "Extended"),
    ("event.chase", "催办", "Chased"),
    ("event.overdue", "超期提醒", "Overdue"),
    (
        "event.reported",
        "超期五个工作日，已通报",
        "Five working days overdue: reported",
    ),
    ("event.contact_late", "未按时联系诉求人", "Contact overdue"),
    ("notice.assigned", "新派单", "New assignment"),
    ("notice.chase", "催办", "Chase"),
    ("notice.overdue", "超期", "Overdue"),
    (
        "notice.reported",
        "超期通报",
        "Reported overdue to the district",
    ),
    ("notice.contact_late", "未按时联系", "Contact late"),
    (
        "notice.send_back_decided",
        "退单审核结果",
        "Send-back decision",
    ),
    (
        "notice.send_back_requested",
        "退单申请",
        "Send-back request",
    ),
    ("notice.escalated", "升级", "Escalation"),
    ("notice.reopened", "重办", "Reopened"),
    ("step.1", "受理登记", "Register"),
    ("step.2", "调查了解", "Investigate"),
    ("step.3", "提出措施", "Propose measures"),
    ("step.4", "组织协调", "Coordinate"),
    ("step.5", "解决问题", "Resolve"),
    ("step.6", "反馈结果", "Report back"),
    ("reason.category", "派单目录类别", "Catalogue category"),
    (
        "reason.catalogue",
        "按派单目录确定承办单位",
        "accountable unit decided by the catalogue",
    ),
    (
        "reason.dispatcher",
        "派单员指定承办单位",
        "unit chosen by the dispatcher",
    ),
    ("reason.escalation", "逐级升级", "escalated one tier"),
    (
        "reason.redo",
        "派单员指定重办单位",
        "Redo unit chosen by the dispatcher",
    ),
    (
        "reason.review",
        "上一级机关复查（复核）",
        "Review by the organ above",
    ),
    (
        "reason.leader_in_charge",
        "由分管该街道或领域的区领导包案",
        "owned by the leader in charge of the street or field",
    ),
    (
        "reason.send_back_approved",
        "退单后改派",
        "re-routed after an approved send-back",
    ),
    (
        "reason.agent",
        "按在办件最少选定承办人",
        "agent with the fewest open cases:",
    ),
    ("reason.open", "在办", "open"),
    ("reason.candidates", "可选人数", "candidates"),
    ("view.mine", "我的在办", "My cases"),
    ("view.unit", "本单位在办", "My unit's queue"),
    ("view.due", "即将到期", "Due soon"),
    ("view.overdue", "已超期", "Overdue"),
    ("view.dispatch", "待派单", "To dispatch"),
    ("view.send_back", "退单申请", "Send-back requests"),
    ("view.all", "全部", "All"),
    (
        "case_err.case_closed",
        "该诉求已办结，不能进行此操作。",
        "The case is closed.",
    ),
    (
        "case_err.case_merged",
        "该诉求已合并到另一件诉求，请在那件诉求上操作。",
        "The case was merged into another; act on that one.",
    ),
    (
        "case_err.not_routed",
        "该诉求尚未派单。",
        "The case is not routed yet.",
    ),
    (
        "case_err.already_accepted",
        "该诉求已接单。",
        "The case is already accepted.",
    ),
    (
        "case_err.not_in_progress",
        "请先接单（暂停中的诉求请先恢复办理）。",
        "Accept the case first (resume it if paused).",
    ),
    (
        "case_err.not_paused",
        "该诉求未处于暂停状态。",
        "The case is not paused.",
    ),
    (
        "case_err.top_tier",
        "已是最高层级，不能再升级。",
        "The case is at the top tier already.",
    ),
    (
        "case_err.send_back_pending",
        "已有退单申请在等待审核。",
        "A send-back request is already waiting.",
    ),
    (
        "case_err.no_send_back_pending",
        "没有待审核的退单申请。",
        "There is no send-back request to decide.",
    ),
    (
        "case_err.not_closed",
        "诉求尚未办结。",
        "The case is not closed.",
    ),
    (
        "case_err.already_rated",
        "本轮已评价过。",
        "This round was rated already.",
    ),
    (
        "case_err.reopen_used",
        "每件诉求只能申请重办一次。",
        "A case can be reopened only once.",
    ),
    (
        "case_err.not_dissatisfied",
        "只有评价为“不满意”时才能申请重办。",
        "Only a dissatisfied resident can reopen.",
    ),
    (
        "case_err.no_such_term",
        "调解协议中没有这一条款。",
        "The agreement has no such term.",
    ),
    (
        "case_err.not_ended",
        "纠纷办结后才能决定是否公开到案例库。",
        "Only an ended dispute can be published in the library or withheld.",
    ),
    (
        "case_err.not_publishable",
        "被申请人拒绝或未答复调解的纠纷未经调解，不公开到案例库。",
        "A dispute the respondent declined or never answered was not mediated and is not published.",
    ),
    (
        "case_err.withhold_asked",
        "当事人已要求不公开，该纠纷不再公开到案例库。",
        "A party asked that this dispute not be published; it stays out of the library.",
    ),
    (
        "case_err.agreement_not_effective",
        "调解协议须经双方当事人签名后生效，生效后方可申请司法确认。",
        "The agreement takes effect when both parties have signed it; only then may they apply for confirmation.",
    ),
    (
        "case_err.already_done",
        "该当事人已签名或已申请。",
        "This party has already signed, or already applied.",
    ),
    (
        "case_err.not_a_party",
        "只有申请人和被申请人签名和申请司法确认。",
        "Only the applicant and the respondent sign and apply.",
    ),
    (
        "case_err.ruling_extension_used",
        "法院审查司法确认申请的期限经院长批准只能延长一次（十日）。",
        "The court's time to rule on a confirmation may be extended once (ten days, by its president).",
    ),
    (
        "case_err.extension_used",
        "信访事项只能延期一次。",
        "A petition can be extended only once.",
    ),
    (
        "case_err.not_petition",
        "只有信访事项有代理步骤。",
        "Only petitions have agent steps.",
    ),
    (
        "case_err.steps_done",
        "六个代理步骤均已完成。",
        "All six steps are done.",
    ),
    (
        "case_err.not_your_case",
        "只有承办人或承办单位负责人可以进行此操作。",
        "Only the agent or the head of the agent's unit may do this.",
    ),
    (
        "case_err.dispatcher_only",
        "只有派单员可以进行此操作。",
        "Only a dispatcher may do this.",
    ),
    (
        "case_err.head_only",
        "只有承办单位负责人可以改派。",
        "Only the head of the accountable unit may reassign.",
    ),
    (
        "case_err.merge_needs_dispatcher",
        "只有同一单位、同一类别、同一社区且一周内受理的重复诉求可由承办单位合并，其他合并须由派单员进行。",
        "A unit merges only true duplicates (same unit, category and community, received within a week); other merges are a dispatcher's.",
    ),
    (
        "case_err.bad_merge_target",
        "目标诉求不存在、已办结或就是本件。",
        "The other case does not exist, is closed, or is this case.",
    ),
    (
        "case_err.agent_not_in_unit",
        "新承办人必须属于承办单位。",
        "The new agent must belong to the accountable unit.",
    ),
    (
        "case_err.no_agent",
        "承办单位暂无可接单人员，请联系派单员。",
        "Nobody in the accountable unit can take the case; contact a dispatcher.",
    ),
    (
        "case_err.no_community",
        "无法定位到社区，需派单员人工派单。",
        "No community could be found; a dispatcher must route it.",
    ),
    (
        "case_err.no_street",
        "无法定位到街道，需派单员人工派单。",
        "No street could be found; a dispatcher must route it.",
    ),
    (
        "case_err.unknown_unit",
        "派单目录指定的单位不存在。",
        "The catalogue names a unit that does not exist.",
    ),
    (
        "case_err.username_taken",
        "该用户名已被占用。",
        "That username is already taken.",
    ),
    (
        "case_err.stale",
        "该诉求刚被他人更新，请刷新后重试。",
        "Someone else just changed the case; reload and try again.",
    ),
    (
        "case_err.not_consultation",
        "只有咨询类诉求可以受理即答。",
        "Only consultations can be answered at intake.",
    ),
    (
        "case_err.no_successor",
        "该账号名下还有未办结的诉求，且所在单位没有其他负责人可以接手：请选择一位同事接手后再停用。",
        "This account still holds open cases and its unit has no other head to take them: choose a colleague to take them over, then deactivate.",
    ),
    (
        "users.successor",
        "停用后未办结诉求交给",
        "Hand open cases to",
    ),
    (
        "users.successor_head",
        "本单位负责人（自动）",
        "the unit's head (automatic)",
    ),
    (
        "case_err.outcome_not_allowed",
        "该办结结果不适用于此类诉求。",
        "This outcome does not fit this kind of case.",
    ),
    (
        "case_err.no_contact",
        "尚未联系诉求人，不能办结。请先记录联系情况。",
        "The resident has not been contacted; record the contact before closing.",
    ),
    (
        "case_err.verdict_window_over",
        "已超过办结后的评价期限。",
        "The time for a verdict after closing has passed.",
    ),
    (
        "case_err.seats_only",
        "回访由热线中心座席进行。",
        "Call-backs are made by the hotline centre's seats.",
    ),
    (
        "case_err.attachment_quota_case",
        "该诉求的附件已达上限（10 个文件或共 20 MB）。",
        "This case has reached its attachment limit (10 files or 20 MB in all).",
    ),
    (
        "case_err.attachment_quota_user",
        "您今天上传的附件已达上限（50 个文件或共 100 MB），请明天再试。",
        "You have reached today's upload limit (50 files or 100 MB); try again tomorrow.",
    ),
    // Tracking
    ("track.title", "查询办理进度", "Track a case"),
    ("track.case_no", "诉求编号", "Case number"),
    (
        "track.last4",
        "手机号后四位",
        "Last four digits of your phone",
    ),
    ("track.button", "查询", "Track"),
    (
        "track.not_found",
        "未找到匹配的诉求，请核对诉求编号和手机号后四位。",
        "No matching case. Please check the case number and the last four digits of your phone.",
    ),
    (
        "track.throttled",
        "查询过于频繁，请稍后再试。",
        "Too many attempts. Please try again later.",
    ),
    ("track.status", "当前状态", "Status"),
    ("track.received_at", "受理时间", "Received"),
    ("track.timeline", "办理过程", "Timeline"),
    ("track.due", "办理期限", "Due"),
    ("track.your_verdict", "您的评价", "Your verdict"),
    (
        "track.merged",
        "您的诉求与其他群众反映的同一问题已合并办理，请关注诉求编号",
        "Your case was merged with others about the same matter; follow case",
    ),
    (
        "track.rate_title",
        "请评价办理结果",
        "Please rate the outcome",
    ),
    (
        "track.resolved_q",
        "您反映的问题解决了吗？",
        "Was your matter resolved?",
    ),
    ("track.resolved_yes", "已解决", "Resolved"),
    ("track.resolved_no", "未解决", "Not resolved"),
    (
        "track.satisfied_q",
        "您对办理结果满意吗？",
        "Are you satisfied?",
    ),
    ("track.rate_button", "提交评价", "Submit"),
    (
        "track.rated",
        "感谢您的评价。",
        "Thank you for your verdict.",
    ),
    ("track.reopen_title", "申请重办", "Ask for a redo"),
    (
        "track.reopen_lead",
        "您对办理结果不满意，可申请重办一次，由派单中心决定交原承办单位或其他单位重新办理。",
        "If you are not satisfied you may ask once for a redo; the dispatch centre decides whether the same unit or another redoes it.",
    ),
    ("track.reopen_reason", "仍存在的问题", "What is still wrong"),
    ("track.reopen_button", "申请重办", "Ask for a redo"),
    (
        "track.reopened",
        "已申请重办，派单中心将安排重新办理。",
        "Redo requested: the dispatch centre will arrange it.",
    ),
    // Login
    ("login.title", "工作人员登录", "Staff login"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.button", "登录", "Log in"),
    (
        "login.failed",
        "用户名或密码错误。",
        "Wrong username or password.",
    ),
    (
        "login.throttled",
        "登录失败次数过多，请 15 分钟后再试。",
        "Too many failed attempts. Please try again in 15 minutes.",
    ),
    (
        "login.inactive",
        "该账号已停用，请联系系统管理员。",
        "This account is deactivated. Please contact the administrator.",
    ),
    ("login.required", "请先登录。", "Please log in first."),
    // Staff home
    ("staff.title", "工作台", "Workbench"),
    ("staff.welcome", "您好，", "Hello, "),
    ("staff.unit", "所在单位", "Unit"),
    ("staff.roles", "角色", "Roles"),
    ("staff.can_do", "您可以", "What you can do"),
    ("staff.scope", "可见范围", "You see"),
    ("scope.district", "全区", "the whole district"),
    ("scope.street", "本街道", "your street"),
    ("scope.community", "本社区", "your community"),
    ("scope.unit", "本单位承办的诉求", "cases your unit handles"),
    (
        "scope.nothing",
        "（本角色不处理居民诉求）",
        "(this role does not handle residents' cases)",
    ),
    ("cap.cases", "查看和处理诉求", "See and handle cases"),
    (
        "cap.admin",
        "管理单位、用户和系统设置",
        "Manage units, users and settings",
    ),
    (
        "cap.coming",
        "本角色的专用功能将随后续模块上线。",
        "This role's own tools arrive with later modules.",
    ),
    // Roles
    ("role.intake", "受理员", "Intake operator"),
    ("role.dispatcher", "派单员", "Dispatcher"),
    ("role.community", "社区工作者", "Community worker"),
    ("role.street", "街道干部", "Street officer"),
    ("role.department", "部门干部", "Department officer"),
    ("role.leader", "区领导", "District leader"),
    ("role.mediator", "调解员", "Mediator"),
    ("role.court", "法院书记员", "Court clerk"),
    ("role.assessor", "失能评估员", "Care assessor"),
    ("role.provider", "护理服务人员", "Care provider"),
    ("role.station", "驿站工作人员", "Care station staff"),
    ("role.care_admin", "民政医保经办", "Care administrator"),
    ("role.evaluator", "考核办", "Assessment office"),
    ("role.legal_reviewer", "法制审核员", "Legal reviewer"),
    ("role.admin", "系统管理员", "Administrator"),
    // Unit kinds
    ("unit_kind.district", "区", "District"),
    ("unit_kind.street", "街道", "Street"),
    ("unit_kind.community", "社区", "Community"),
    ("unit_kind.department", "区职能部门", "Department"),
    (
        "unit_kind.enterprise",
        "公共服务企业",
        "Public-service enterprise",
    ),
    (
        "unit_kind.leaders_office",
        "区领导办公室",
        "Leaders' office",
    ),
    (
        "unit_kind.command_centre",
        "街道综合指挥中心",
        "Street command centre",
    ),
    ("unit_kind.mediation_org", "调解组织", "Mediation body"),
    ("unit_kind.court", "法院", "Court"),
    (
        "unit_kind.care_hospital",
        "医养结合医院",
        "Geriatric hospital",
    ),
    (
        "unit_kind.rehab_centre",
        "康复中心",
        "Rehabilitation centre",
    ),
    (
        "unit_kind.care_centre",
        "街道养老照料中心",
        "Street care centre",
    ),
    (
        "unit_kind.care_station",
        "社区养老服务驿站",
        "Community care station",
    ),
    // Cases (staff)
    ("cases.title", "诉求列表", "Cases"),
    ("cases.total", "共", "Total"),
    ("cases.items", "件", "cases"),
    ("cases.case_no", "编号", "Case no."),
    ("cases.received_at", "受理时间", "Received"),
    ("cases.kind", "类型", "Kind"),
    ("cases.channel", "渠道", "Channel"),
    ("cases.title_col", "标题", "Title"),
    ("cases.place", "所在地", "Place"),
    ("cases.status", "状态", "Status"),
    ("cases.resident", "诉求人", "Resident"),
    ("cases.phone", "联系电话", "Phone"),
    ("cases.address", "地址", "Address"),
    ("cases.point", "地图位置", "Map point"),
    ("cases.description", "诉求内容", "Description"),
    ("cases.timeline", "办理过程", "Timeline"),
    ("cases.unplaced", "待定位", "Not yet placed"),
    ("cases.none", "暂无诉求。", "No cases."),
    ("cases.views", "视图", "Views"),
    ("cases.category", "类别", "Category"),
    ("cases.street", "街道", "Street"),
    ("cases.unit", "承办单位", "Accountable unit"),
    ("cases.due", "办理期限", "Due"),
    ("cases.overdue", "超期", "Overdue"),
    ("cases.overdue_only", "仅超期", "Overdue only"),
    ("cases.redo", "重办", "Redo"),
    ("cases.send_back_pending", "退单待审", "Send-back pending"),
    ("cases.all_statuses", "全部状态", "All statuses"),
    ("cases.all_categories", "全部类别", "All categories"),
    ("cases.all_streets", "全部街道", "All streets"),
    ("cases.from", "受理自", "Received from"),
    ("cases.to", "至", "to"),
    (
        "cases.resident_or_system",
        "群众或系统",
        "Resident or system",
    ),
    ("case.merged_into", "本件已合并至", "Merged into"),
    ("case.catalogue_version", "目录版本", "catalogue version"),
    (
        "case.no_category",
        "未分类（待派单员派单）",
        "No category yet (waiting for a dispatcher)",
    ),
    ("case.tier", "层级", "Tier"),
    ("case.agent", "承办人", "Agent"),
    ("case.why", "派单依据", "Why here"),
    ("case.contact_due", "联系时限", "Contact by"),
    ("case.contacted_at", "已联系于", "contacted at"),
    ("case.handle_due", "办理时限", "Handle by"),
    (
        "case.provisional",
        "暂定（该年度节假日安排未载入）",
        "Provisional (that year's holidays are not loaded)",
    ),
    ("case.manual_due", "人工调整", "Set by hand"),
    ("case.outcome", "办结结果", "Outcome"),
    ("case.outcome_note", "办结说明", "What was done"),
    ("case.verdict", "评价", "Verdict"),
    ("case.links", "关联诉求", "Linked cases"),
    ("case.steps", "信访代理步骤", "Petition agent steps"),
    ("case.step_due", "期限", "due"),
    ("case.attachments", "附件", "Attachments"),
    ("case.actions", "办理操作", "Actions"),
    (
        "case.answer",
        "受理即答（知识库）",
        "Answer from the knowledge base",
    ),
    (
        "case.answer_button",
        "以此答复并办结",
        "Answer with this and close",
    ),
    (
        "case.no_answer",
        "知识库中没有匹配的答案。",
        "No matching answer in the knowledge base.",
    ),
    ("case.route", "派单", "Route"),
    (
        "case.approve_send_back",
        "批准退单并改派",
        "Approve the send-back and re-route",
    ),
    ("case.route_unit", "承办单位", "Accountable unit"),
    ("case.by_catalogue", "按派单目录", "By the catalogue"),
    ("case.route_button", "派单", "Route"),
    (
        "case.reject_send_back",
        "驳回退单申请",
        "Reject the send-back",
    ),
    ("case.reject_button", "驳回", "Reject"),
    ("case.note", "说明", "Note"),
    ("case.reason", "原因", "Reason"),
    ("case.accept", "接单", "Accept"),
    ("case.contact", "联系诉求人", "Contact the resident"),
    (
        "case.contact_note",
        "联系情况（内部）",
        "What was said (internal)",
    ),
    ("case.contact_button", "记录联系", "Record contact"),
    (
        "case.reply",
        "答复诉求人（公开）",
        "Reply to the resident (public)",
    ),
    ("case.reply_text", "答复内容", "Reply"),
    ("case.reply_button", "发送答复", "Send reply"),
    (
        "case.attach",
        "上传附件（图片或 PDF，最大 5 MB）",
        "Attach a file (image or PDF, up to 5 MB)",
    ),
    (
        "case.attach_public",
        "诉求人可见",
        "Visible to the resident",
    ),
    ("case.attach_button", "上传", "Upload"),
    (
        "case.note_title",
        "内部备注（诉求人不可见）",
        "Internal note (never shown to the resident)",
    ),
    ("case.note_button", "添加备注", "Add note"),
    (
        "case.step",
        "完成下一代理步骤",
        "Complete the next agent step",
    ),
    ("case.step_button", "完成步骤", "Complete step"),
    (
        "case.extend",
        "延期 30 日（仅一次）",
        "Extend by 30 days (once)",
    ),
    ("case.extend_button", "延期", "Extend"),
    (
        "case.pause",
        "申请暂停办理（等待诉求人或第三方，须派单员批准）",
        "Ask to pause (waiting for the resident or a third party; a dispatcher approves)",
    ),
    ("case.pause_button", "申请暂停", "Ask to pause"),
    ("case.resume", "恢复办理", "Resume"),
    ("case.close", "办结", "Close"),
    ("case.close_button", "办结", "Close"),
    ("case.escalate", "升级至上一层级", "Escalate one tier"),
    ("case.escalate_button", "升级", "Escalate"),
    (
        "case.send_back",
        "申请退单（需派单员审核，计入本单位退单数）",
        "Ask to send back (a dispatcher decides; counted against your unit)",
    ),
    ("case.send_back_button", "申请退单", "Ask to send back"),
    (
        "case.reassign",
        "改派本单位其他人员",
        "Reassign within the unit",
    ),
    ("case.reassign_button", "改派", "Reassign"),
    ("case.set_due", "调整办理期限", "Set the due date"),
    (
        "case.due_date",
        "新期限（当日 24 时）",
        "New due date (end of day)",
    ),
    ("case.set_due_button", "调整", "Set"),
    ("case.callback", "电话回访结果", "Call-back verdict"),
    ("case.callback_button", "记录回访", "Record call-back"),
    ("case.merge", "合并重复诉求", "Merge as a duplicate"),
    ("case.into", "保留的诉求编号", "Surviving case number"),
    ("case.merge_button", "合并", "Merge"),
    ("case.link", "关联诉求", "Link a case"),
    ("case.other", "诉求编号", "Case number"),
    ("case.link_button", "关联", "Link"),
    ("intake.title", "诉求受理", "Intake"),
    ("intake.kb_search", "知识库检索", "Knowledge base"),
    (
        "intake.kb_hint",
        "输入问题关键词，例如“暖气不热”",
        "Keywords, e.g. heating not warm",
    ),
    ("intake.received_at", "受理时间", "Received at"),
    (
        "intake.no_category",
        "暂不分类（交派单员）",
        "No category (leave to a dispatcher)",
    ),
    ("intake.button", "登记", "Register"),
    ("inbox.title", "消息", "Inbox"),
    ("inbox.unread", "未读", "Unread"),
    ("inbox.none", "暂无消息。", "No notices."),
    ("inbox.read_all", "全部标为已读", "Mark all read"),
    ("inbox.mark_read", "标为已读", "Mark read"),
    ("nav.intake", "受理", "Intake"),
    ("nav.catalogue", "派单目录", "Catalogue"),
    ("kb.title", "知识库", "Knowledge base"),
    ("track.unit", "承办单位", "Handled by"),
    (
        "track.attachments",
        "办理附件",
        "Files from the handling unit",
    ),
    (
        "settings.title",
        "办理时限与评价设置",
        "Time limits and verdicts",
    ),
    (
        "settings.verdict_window_days",
        "办结后评价与申请重办的期限（天，1–60）",
        "Days after closing for a verdict or a redo request (1–60)",
    ),
    (
        "settings.step_days",
        "六个代理步骤的期限（天数，逗号分隔，依次不减；第一个从收到之日起算，其余从受理之日起算）",
        "Deadlines of the six agent steps in days, comma-separated, non-decreasing: the first from receipt, the others from acceptance",
    ),
    (
        "settings.extension_days",
        "信访延期天数（仅可延期一次，最多 30）",
        "Petition extension in days (once, at most 30)",
    ),
    (
        "settings.applies",
        "新设置对之后派单、受理或调整的诉求生效，已有期限不变。",
        "New settings apply to cases routed, accepted or changed from now on; existing deadlines stay.",
    ),
    ("kb.question", "问题", "Question"),
    ("kb.answer", "答复", "Answer"),
    (
        "kb.categories",
        "所属类别编码（逗号分隔）",
        "Category codes (comma-separated)",
    ),
    ("kb.add", "添加", "Add"),
    ("kb.retire", "停用", "Retire"),
    (
        "catalogue.title",
        "派单目录（职责清单）",
        "Dispatch catalogue",
    ),
    (
        "catalogue.lead",
        "类别决定承办单位、层级和办理时限（谁主管谁负责）。每次修改都会生成新版本，已派单的诉求仍按原版本办理。",
        "Each category decides the accountable unit, the tier and the time limits. Every edit creates a new version; routed cases keep theirs.",
    ),
    ("catalogue.new", "新增类别", "New category"),
    ("catalogue.edit", "编辑类别", "Edit category"),
    (
        "catalogue.versioned",
        "保存后生成派单目录的新版本。",
        "Saving creates a new catalogue version.",
    ),
    ("catalogue.theme", "主题", "Theme"),
    ("catalogue.accountable", "承办单位", "Accountable unit"),
    (
        "catalogue.contact_hours",
        "联系时限（小时）",
        "Contact within (hours)",
    ),
    (
        "catalogue.handle_days",
        "办理时限（工作日）",
        "Handle within (working days)",
    ),
    (
        "catalogue.escalate_after",
        "超期几个工作日后自动升级（空为不自动升级）",
        "Escalate this many working days after the deadline (empty: never automatically)",
    ),
    ("catalogue.notice", "公开告知", "Public notice"),
    ("catalogue.versions", "版本记录", "Versions"),
    (
        "catalogue.local_community",
        "属地社区",
        "The local community",
    ),
    ("catalogue.local_street", "属地街道", "The local street"),
    (
        "calendar.title",
        "工作日历（法定节假日与调休）",
        "Working-day calendar",
    ),
    (
        "calendar.warning",
        "下一年度节假日安排尚未载入，以下数量的在办诉求办理期限为暂定（按普通周末规则计算）：",
        "Next year's holidays are not loaded; open cases with provisional deadlines (plain weekday rule):",
    ),
    (
        "calendar.recomputed",
        "已载入。重新计算的暂定期限数：",
        "Loaded. Provisional deadlines recomputed:",
    ),
    ("calendar.year", "年度", "Year"),
    ("calendar.days_off", "放假日", "Days off"),
    ("calendar.make_up", "调休上班日", "Make-up working days"),
    ("calendar.source", "来源", "Source"),
    ("calendar.loaded_at", "载入时间", "Loaded"),
    ("calendar.load", "载入新年度安排", "Load a year's schedule"),
    (
        "calendar.format",
        "按国务院办公厅通知填写，格式同随系统提供的节假日文件：每年一节，先写年份，再写放假日期和调休上班日期，例如",
        "As published by the State Council, in the format of the holiday file shipped with the system: a section per year, its days off and its make-up working days, for example",
    ),
    ("calendar.load_button", "载入", "Load"),
    ("nav.inbox", "消息", "Inbox"),
    ("cases.all_kinds", "全部类型", "All kinds"),
    ("cases.filter", "筛选", "Filter"),
    ("cases.internal", "内部", "Internal"),
    ("cases.public", "公开", "Public"),
    ("cases.resident_actor", "群众", "Resident"),
    ("page.prev", "上一页", "Previous"),
    ("page.next", "下一页", "Next"),
    ("page.of", "页，共", "of"),
    ("page.page", "第", "Page"),
    ("page.pages", "页", "pages"),
    // Admin
    ("units.title", "单位管理", "Units"),
    ("units.new", "新建单位", "New unit"),
    ("units.edit", "编辑单位", "Edit unit"),
    ("units.name", "名称", "Name"),
    ("units.code", "编码", "Code"),
    (
        "units.code_hint",
        "小写字母、数字、点、横线，例如 street.bajiao.c01",
        "Lowercase letters, digits, dots, dashes, e.g. street.bajiao.c01",
    ),
    ("units.kind", "类型", "Kind"),
    ("units.parent", "上级单位", "Parent unit"),
    ("units.grids", "网格数", "Grids"),
    ("units.centre", "中心点", "Centre"),
    ("units.active", "启用", "Active"),
    ("units.inactive", "已停用", "Inactive"),
    ("units.none_parent", "（无）", "(none)"),
    ("units.all_kinds", "全部类型", "All kinds"),
    ("units.count", "个单位", "units"),
    ("users.title", "用户管理", "Users"),
    ("users.new", "新建用户", "New user"),
    ("users.edit", "编辑用户", "Edit user"),
    ("users.username", "用户名", "Username"),
    ("users.display_name", "姓名", "Name"),
    ("users.unit", "所在单位", "Unit"),
    ("users.roles", "角色（可多选）", "Roles (one or more)"),
    ("users.password", "初始密码", "Initial password"),
    (
        "users.password_hint",
        "至少 10 个字符，不能包含用户名",
        "At least 10 characters, not containing the username",
    ),
    ("users.status", "状态", "Status"),
    (
        "users.unit_head",
        "本单位负责人（可改派本单位诉求，接收超期提醒）",
        "Head of the unit (reassigns its cases, hears when they run overdue)",
    ),
    ("users.active", "正常", "Active"),
    ("users.inactive", "已停用", "Deactivated"),
    ("users.deactivate", "停用", "Deactivate"),
    ("users.activate", "启用", "Activate"),
    ("users.reset_password", "重置密码", "Reset password"),
    (
        "users.new_password_is",
        "已重置。请将此临时密码当面或电话告知本人（仅显示一次）：",
        "Reset. Give this temporary password to the person directly (shown only once):",
    ),
    (
        "users.search",
        "搜索用户名或姓名",
        "Search username or name",
    ),
    ("users.count", "个用户", "users"),
    ("users.saved", "已保存。", "Saved."),
    ("form.save", "保存", "Save"),
    ("form.cancel", "取消", "Cancel"),
    ("form.edit", "编辑", "Edit"),
    ("form.search", "搜索", "Search"),
    // Errors (pages and API)
    ("error.title", "出错了", "Something went wrong"),
    ("error.back_home", "返回首页", "Back to the home page"),
    (
        "error.not_found",
        "未找到该页面或记录，或您无权查看。",
        "Not found, or you may not see it.",
    ),
    (
        "error.forbidden",
        "您的角色或单位无权进行此操作。",
        "Your role or unit may not do this.",
    ),
    (
        "error.unauthorized",
        "请先登录，或登录已过期。",
        "Please log in; your session may have expired.",
    ),
    (
        "error.validation_failed",
        "输入有误，请按提示修改。",
        "Some fields are invalid; see each field.",
    ),
    (
        "error.too_large",
        "提交的内容过大。",
        "The request is too large.",
    ),
    (
        "error.unsupported_media_type",
        "请以 application/json 提交。",
        "Send the body as application/json.",
    ),
    (
        "error.malformed_json",
        "请求内容不是有效的 JSON（须为 UTF-8 编码的对象）。",
        "The body is not valid JSON (a UTF-8 encoded object is expected).",
    ),
    (
        "error.malformed_form",
        "表单内容无法解析（须为 UTF-8 编码）。",
        "The form could not be read (UTF-8 is expected).",
    ),
    (
        "error.too_many_requests",
        "请求过于频繁，请稍后再试。",
        "Too many attempts; please try again later.",
    ),
    (
        "error.csrf",
        "页面已过期或来源不明，请刷新页面后重试。",
        "The page expired or came from elsewhere; reload it and try again.",
    ),
    (
        "error.conflict",
        "与已有记录冲突（例如编码或用户名已被占用）。",
        "This conflicts with an existing record (for example a code or username already in use).",
    ),
    (
        "error.bad_credentials",
        "用户名或密码错误。",
        "Wrong username or password.",
    ),
    (
        "error.account_inactive",
        "该账号已停用。",
        "This account is deactivated.",
    ),
    (
        "error.internal",
        "服务器内部错误，请稍后重试。如需帮助请提供请求编号：",
        "Internal error; please try again later. If you need help, quote request id:",
    ),
    ("err.required", "此项为必填项。", "This field is required."),
    ("err.too_long", "内容过长。", "Too long."),
    (
        "err.control_characters",
        "包含不允许的控制字符。",
        "Contains control characters that are not allowed.",
    ),
    (
        "err.invalid_choice",
        "请从列表中选择。",
        "Please choose from the list.",
    ),
    (
        "err.phone_invalid",
        "请输入有效的 11 位手机号码，或带区号的固定电话。",
        "Enter a valid 11-digit mainland mobile number, or a fixed line with its area code.",
    ),
    (
        "err.outside_china",
        "坐标不在中国境内，请检查纬度和经度。",
        "These coordinates are outside China; check latitude and longitude.",
    ),
    (
        "err.not_a_coordinate",
        "请输入数字形式的纬度和经度。",
        "Enter latitude and longitude as numbers.",
    ),
    ("err.wrong_type", "数据类型错误。", "Wrong data type."),
    ("err.unknown_field", "不支持的字段。", "Unknown field."),
    ("err.unknown_unit", "单位不存在。", "No such unit."),
    (
        "err.parent_not_allowed",
        "该类型单位不能挂在所选上级单位之下。",
        "A unit of this kind cannot sit under the chosen parent.",
    ),
    (
        "err.code_format",
        "编码只能包含小写字母、数字、点、横线和下划线。",
        "Codes may contain only lowercase letters, digits, dots, dashes and underscores.",
    ),
    (
        "err.not_a_count",
        "请输入 0 到 10000 之间的整数。",
        "Enter a whole number from 0 to 10,000.",
    ),
    (
        "err.username_format",
        "用户名须为 3–32 位小写字母、数字、点、横线或下划线，并以字母开头。",
        "3–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter.",
    ),
    (
        "err.password_too_short",
        "密码至少 10 个字符。",
        "At least 10 characters.",
    ),
    (
        "err.password_contains_username",
        "密码不能包含用户名。",
        "The password may not contain the username.",
    ),
    ("err.taken", "已被占用。", "Already in use."),
    ("err.invalid", "输入无效。", "Invalid."),
    (
        "err.not_a_date",
        "请输入有效的日期时间。",
        "Enter a valid date and time.",
    ),
    (
        "err.place_required",
        "请给出坐标（lat 和 long）或地址（address_string）。",
        "Give a point (lat and long) or an address (address_string).",
    ),
    (
        "err.not_a_url",
        "请给出以 http:// 或 https:// 开头、不超过 500 个字符的网址。",
        "Give an address starting with http:// or https://, at most 500 characters.",
    ),
    (
        "err.not_a_case_no",
        "诉求编号为 14 位数字，多个以逗号分隔。",
        "A request id is 14 digits; separate several with commas.",
    ),
    (
        "err.before_start",
        "结束时间不能早于开始时间。",
        "The end cannot be before the start.",
    ),
    (
        "err.window_too_long",
        "查询时间跨度不能超过 90 天。",
        "The search window cannot exceed 90 days.",
    ),
    (
        "case_err.already_revoked",
        "该密钥已吊销。",
        "The key is already revoked.",
    ),
    ("open311.field_sep", "：", ": "),
    ("open311.keyword_sep", "，", ", "),
    (
        "open311.internal",
        "服务器内部错误，请稍后重试。",
        "Internal error; please try again later.",
    ),
    (
        "open311.bad_query",
        "查询参数格式错误。",
        "The query string is malformed.",
    ),
    (
        "open311.no_jurisdiction",
        "本接口只服务本区：jurisdiction_id 须为本区的标识（见 discovery.json）或不填。",
        "This endpoint serves this district only: jurisdiction_id must be the district's (see discovery.json) or none.",
    ),
    (
        "open311.no_format",
        "只支持 .xml 和 .json 两种格式。",
        "Only the .xml and .json formats are served.",
    ),
    ("open311.no_resource", "没有这个资源。", "No such resource."),
    (
        "open311.bad_key",
        "API 密钥无效或已吊销，无法提交。请向区政务服务管理部门申请密钥。",
        "The API key is missing, unknown or revoked; ask the district's administrators for one.",
    ),
    (
        "open311.no_service",
        "没有这个服务类别（service_code）。",
        "No such service (service_code).",
    ),
    (
        "open311.no_request",
        "没有这个诉求，或它不是通过 Open311 提交的。",
        "No such request, or it was not posted through Open311.",
    ),
    ("open311.no_token", "没有这个令牌。", "No such token."),
    ("open311.kind", "诉求类型", "Kind of matter"),
    (
        "open311.kind_help",
        "求助、投诉、举报或建议；不填为求助。举报可不留姓名和电话。",
        "Help, complaint, report or suggestion; help if absent. A report may leave out name and phone.",
    ),
    (
        "open311.contact",
        "石景山区 12345 市民服务热线",
        "Shijingshan 12345 citizens' hotline",
    ),
    (
        "open311.key_service",
        "提交诉求需要 API 密钥，由区管理员在“Open311 密钥”页面签发。",
        "Posting requests needs an API key, issued by the district's administrators on the Open311 keys page.",
    ),
    ("open311.keys_title", "Open311 密钥", "Open311 keys"),
    (
        "open311.keys_lead",
        "持有密钥的机构可以用 Open311 GeoReport v2 客户端提交诉求；诉求编号即案件编号。入口：",
        "Organisations holding a key may post requests with Open311 GeoReport v2 clients; a request's id is its case number. Entry point:",
    ),
    ("open311.issued", "已签发密钥，机构：", "Key issued to: "),
    (
        "open311.shown_once",
        "密钥只显示这一次，系统只保存其摘要。请立即交给对方妥善保存。",
        "The key is shown this once; only its digest is stored. Hand it over now.",
    ),
    ("open311.organisation", "机构", "Organisation"),
    ("open311.issue", "签发密钥", "Issue a key"),
    ("open311.key", "密钥开头", "Key begins"),
    ("open311.issued_at", "签发", "Issued"),
    ("open311.last_used", "最近使用", "Last used"),
    ("open311.state", "状态", "State"),
    ("open311.revoked", "已吊销", "Revoked"),
    ("open311.live", "有效", "Live"),
    ("open311.revoke", "吊销", "Revoke"),
    ("open311.no_keys", "尚未签发密钥。", "No keys issued yet."),
    (
        "err.in_future",
        "受理时间不能晚于现在。",
        "The time of receipt cannot be in the future.",
    ),
    (
        "err.too_old",
        "受理时间不能早于一年前。",
        "The time of receipt cannot be more than a year ago.",
    ),
    (
        "err.file_type",
        "只接受 PNG、JPEG、GIF、WebP 图片或 PDF 文件。",
        "Only PNG, JPEG, GIF, WebP images or PDF files.",
    ),
    ("err.out_of_range", "数值超出允许范围。", "Out of range."),
    (
        "err.in_the_future",
        "日期不能晚于今天。",
        "The date cannot be after today.",
    ),
    (
        "err.simple_not_allowed",
        "简易程序只适用于警告或对个人二百元以下、对单位三千元以下的罚款（《行政处罚法》第五十一条）。",
        "The simple procedure allows only a warning or a fine up to 200 yuan (person) / 3,000 yuan (organisation) (art. 51).",
    ),
    (
        "err.penalty_not_allowed",
        "该职权不设此种处罚。",
        "The power does not allow this penalty.",
    ),
    (
        "err.fine_out_of_range",
        "罚款金额超出该职权的罚款幅度。",
        "The fine is outside the power's range.",
    ),
    (
        "err.category_code_format",
        "类别编码只能包含大写字母和数字。",
        "Category codes are capital letters and digits.",
    ),
    (
        "err.staff_only",
        "只有热线座席或派单员可以填写此项。",
        "Only intake operators and dispatchers may set this field.",
    ),
    (
        "err.schedule_format",
        "节假日安排格式有误。",
        "The holiday schedule is not in the expected format.",
    ),
    (
        "err.step_days_format",
        "请输入 6 个依次不减的天数，最多 365，用逗号分隔。",
        "Enter six non-decreasing day counts up to 365, separated by commas.",
    ),
    ("outcome.refused", "不予受理", "Not accepted"),
    (
        "outcome.excluded",
        "不纳入考核（无理诉求）",
        "Excluded from assessment (unreasonable demand)",
    ),
    ("request.pause", "待批准暂停", "Pause awaiting approval"),
    (
        "request.due_change",
        "待批准延期",
        "Due change awaiting approval",
    ),
    (
        "request.exclusion",
        "待审核不纳入考核",
        "Exclusion awaiting review",
    ),
    (
        "request.redo",
        "不满意待派单重办",
        "Dissatisfied: redo to decide",
    ),
    ("review.1", "复查中", "Under review (first review)"),
    ("review.2", "复核中", "Under re-review (second review)"),
    ("petition_answer.support", "支持", "Supported"),
    ("petition_answer.not_support", "不予支持", "Not supported"),
    ("petition_answer.explain", "解释说明", "Explained"),
    ("urgency.emergency", "紧急（按小时）", "Emergency (hours)"),
    (
        "urgency.utilities",
        "水电气热（按小时）",
        "Water, power, gas, heat (hours)",
    ),
    ("urgency.general", "一般", "General"),
    ("urgency.complex", "复杂疑难", "Complex"),
    ("catalogue.urgency", "紧急程度", "Urgency"),
    (
        "event.requested",
        "承办单位提出申请",
        "The unit made a request",
    ),
    ("event.request_rejected", "申请未获批准", "Request refused"),
    (
        "event.redo_requested",
        "诉求人不满意，申请重办",
        "The resident asked for a redo",
    ),
    (
        "event.instructed",
        "区领导批示",
        "A district leader's instruction",
    ),
    (
        "event.cohandler_added",
        "增加协办单位",
        "Co-handling unit added",
    ),
    (
        "event.cohandler_done",
        "协办单位完成协办",
        "Co-handling done",
    ),
    (
        "event.petition_accepted",
        "信访事项已受理（受理告知书）",
        "Petition accepted (notice of acceptance)",
    ),
    (
        "event.petition_refused",
        "不予受理（不予受理告知书）",
        "Petition not accepted (notice)",
    ),
    (
        "event.petition_answered",
        "出具信访处理意见书",
        "Written answer issued",
    ),
    ("event.review_requested", "申请复查", "Review requested"),
    (
        "event.re_review_requested",
        "申请复核",
        "Re-review requested",
    ),
    (
        "event.dispatch_late",
        "超过派单时限未派单",
        "Not routed within the dispatch time",
    ),
    ("event.step_late", "代理步骤超期", "Petition step overdue"),
    ("notice.request", "待审批申请", "Request to decide"),
    ("notice.request_decided", "申请审批结果", "Request decided"),
    (
        "notice.redo_requested",
        "不满意待重办",
        "Dissatisfied: redo to decide",
    ),
    ("notice.instructed", "领导批示", "Leader's instruction"),
    ("notice.cohandler_added", "协办任务", "Co-handling task"),
    ("notice.cohandler_done", "协办完成", "Co-handling done"),
    ("notice.review", "复查（复核）事项", "Petition review"),
    ("notice.dispatch_late", "超时未派单", "Dispatch overdue"),
    ("notice.step_late", "代理步骤超期", "Petition step overdue"),
    (
        "case_err.request_pending",
        "已有申请在等待审批。",
        "Another request is waiting for a decision.",
    ),
    (
        "case_err.no_request_pending",
        "没有待审批的申请。",
        "No such request is waiting.",
    ),
    (
        "case_err.reviewers_only",
        "不纳入考核须由考核办审核。",
        "Only the assessment office decides exclusions.",
    ),
    (
        "case_err.petition_accepted",
        "该信访事项已受理。",
        "The petition was accepted already.",
    ),
    (
        "case_err.petition_not_accepted",
        "请先受理该信访事项（或作出不予受理决定）。",
        "Accept the petition first (or refuse it).",
    ),
    (
        "case_err.answer_needed",
        "须先出具书面处理意见（支持 / 不予支持 / 解释说明）。",
        "Issue the written answer first.",
    ),
    (
        "case_err.steps_before_answer",
        "请按顺序完成前面的代理步骤。",
        "Complete the earlier steps in order first.",
    ),
    (
        "case_err.petition_review",
        "信访事项不适用重办，可在收到处理意见之日起 30 日内申请复查。",
        "Petitions are reviewed, not redone: ask for a review within 30 days of the answer.",
    ),
    (
        "case_err.review_window_over",
        "已超过申请复查（复核）的 30 日期限。",
        "The 30 days to ask for a review have passed.",
    ),
    (
        "case_err.review_exhausted",
        "该信访事项已经复核，同一事项不再受理。",
        "The matter was re-reviewed; it is not accepted again.",
    ),
    (
        "case_err.already_on_case",
        "该单位已在办理此诉求。",
        "This unit is on the case already.",
    ),
    (
        "case_err.not_co_handler",
        "本单位不是该诉求的协办单位。",
        "Your unit does not co-handle this case.",
    ),
    (
        "case_err.already_answered",
        "已出具处理意见。",
        "The answer was issued already.",
    ),
    (
        "case_err.no_phone",
        "诉求人未留电话（匿名举报或无电话来信），无法回访。",
        "No phone was given (an anonymous report or a letter): nobody to call back.",
    ),
    (
        "case_err.no_review_organ",
        "找不到上一级复查机关，请联系派单员。",
        "No organ above to review; contact a dispatcher.",
    ),
    (
        "err.too_many_files",
        "最多上传 3 张照片。",
        "At most three photos.",
    ),
    (
        "err.file_too_large",
        "每张照片不能超过 5 MB。",
        "Each photo must be at most 5 MB.",
    ),
    (
        "err.image_type",
        "只接受 PNG、JPEG、GIF、WebP 图片。",
        "Only PNG, JPEG, GIF or WebP images.",
    ),
    (
        "err.anonymous_reports_only",
        "只有举报可以匿名。",
        "Only reports can be anonymous.",
    ),
    (
        "err.not_later",
        "新的期限须晚于现在的期限。",
        "The new date must be later than the current one.",
    ),
    (
        "err.beyond_maximum",
        "超过允许调整的最长期限。",
        "Beyond the longest allowed change.",
    ),
    (
        "err.not_a_community",
        "请选择一个社区。",
        "Choose a community.",
    ),
    (
        "err.duplicate_name",
        "该地名已存在。",
        "This name is listed already.",
    ),
    ("err.too_short", "内容太短。", "Too short."),
    (
        "settings.emergency_hours",
        "紧急事项办理时限（小时，1–24）",
        "Emergencies: hours to handle (1–24)",
    ),
    (
        "settings.utilities_hours",
        "水电气热事项办理时限（小时，1–72）",
        "Water, power, gas, heat: hours to handle (1–72)",
    ),
    (
        "settings.dispatch_hours",
        "网络、App 诉求派单时限（小时，1–24）",
        "Hours to route a web or app submission (1–24)",
    ),
    (
        "settings.pause_max_days",
        "暂停最多顺延办理期限（工作日，1–60）",
        "A pause moves the deadline by at most (working days, 1–60)",
    ),
    (
        "settings.consent_days",
        "被申请人答复是否同意调解的期限（日，1–15）",
        "Days the respondent has to answer a request to mediate (1–15)",
    ),
    (
        "settings.mediation_days",
        "人民调解期限（日，自被申请人同意起，1–90）",
        "People's mediation time limit (days from consent, 1–90)",
    ),
    (
        "settings.problem_leaders",
        "本区有 {n} 个在用的“区领导”类单位，须恰好一个（第三级）：请在单位管理中设置。",
        "The district has {n} active units of kind leaders' office; it needs exactly one (the third tier): set it under units.",
    ),
    (
        "settings.problem_petition",
        "信访复查机关的单位编码 {code} 没有对应的单位：请在下方改正。",
        "No unit has the petition organ's code {code}: correct it below.",
    ),
    (
        "settings.hearing_thresholds",
        "行政处罚听证的“较大数额”（元，个人 单位；按来源部门可另设，如 * 10000 100000; dept.zjw 3000 50000）",
        "Amounts that give a party the right to a hearing (yuan, person then organisation; per source department, e.g. * 10000 100000; dept.zjw 3000 50000)",
    ),
    (
        "settings.review_organ",
        "处罚决定书所写的行政复议机关",
        "The reconsideration organ named on decisions",
    ),
    (
        "settings.court",
        "处罚决定书所写的管辖法院",
        "The court named on decisions",
    ),
    (
        "settings.enforcement_extension_days",
        "执法案件决定期限每次延长的天数（1–90）",
        "Days one extension of an enforcement decision's deadline adds (1–90)",
    ),
    (
        "settings.publicity_days",
        "失能等级评估结论公示期（日，1–30）",
        "Days an assessment's care level is publicised before it takes effect (1–30)",
    ),
    (
        "settings.submissions_per_address",
        "同一网络地址十分钟内可提交的诉求数（0 为不限，0–1000）",
        "Public submissions one network address may make in ten minutes (0: no limit, 0–1000)",
    ),
    (
        "settings.petition_unit",
        "信访复查机关的单位编码（如 dept.xf）",
        "Unit code of the petition organ that reviews answers (e.g. dept.xf)",
    ),
    (
        "settings.jurisdiction_id",
        "Open311 辖区标识（jurisdiction_id，小写字母、数字、点和连字符）",
        "Open311 jurisdiction id (lower-case letters, digits, dots and hyphens)",
    ),
    (
        "settings.due_max_days",
        "派单员调整期限最多顺延（工作日，1–60）",
        "A dispatcher moves a deadline by at most (working days, 1–60)",
    ),
    ("view.requests", "待审批申请", "Requests to decide"),
    (
        "case.place_guessed",
        "地点由地址推测，待派单员确认",
        "Place guessed from the address; a dispatcher confirms it",
    ),
    ("cases.anonymous_tag", "匿名", "Anonymous"),
    ("case.petition_accepted", "受理时间", "Accepted"),
    ("case.petition_answer", "处理意见", "Written answer"),
    ("case.cohandlers", "协办单位", "Co-handling units"),
    ("case.cohandler_open", "协办中", "Working"),
    ("case.holds", "经办记录", "Who held the case"),
    ("case.hold_from", "起", "From"),
    ("case.hold_to", "止", "To"),
    ("case.route_community", "所在社区", "Community"),
    ("case.keep_place", "不变", "Unchanged"),
    ("case.approve_pause", "批准暂停", "Approve the pause"),
    (
        "case.told_resident",
        "告知诉求人的说明（空则用申请理由）",
        "What the resident is told (the request's reason if empty)",
    ),
    ("case.approve_button", "批准", "Approve"),
    (
        "case.approve_exclusion",
        "批准不纳入考核",
        "Approve the exclusion",
    ),
    ("case.redo", "派单重办", "Send back for a redo"),
    ("case.redo_unit", "重办单位", "Unit to redo it"),
    ("case.same_unit", "原承办单位", "The same unit"),
    ("case.redo_button", "派单重办", "Send for redo"),
    ("case.reject_request", "不批准申请", "Refuse the request"),
    ("case.instruct", "领导批示", "Leader's instruction"),
    ("case.instruct_button", "批示", "Instruct"),
    ("case.refuse_petition", "不予受理", "Refuse to accept"),
    (
        "case.proper_channel",
        "告知的正确途径",
        "The proper channel",
    ),
    ("case.refuse_button", "不予受理", "Refuse"),
    (
        "case.answer_petition",
        "出具处理意见",
        "Issue the written answer",
    ),
    ("case.answer_text", "处理意见", "The answer"),
    ("case.answer_petition_button", "出具", "Issue"),
    ("case.finish_cohandling", "完成协办", "Co-handling done"),
    ("case.finish_cohandling_button", "完成", "Done"),
    (
        "case.request_due",
        "申请延长办理期限（须派单员批准）",
        "Ask for a later due date (a dispatcher approves)",
    ),
    ("case.request_button", "提交申请", "Request"),
    (
        "case.request_exclusion",
        "申请不纳入考核（无理诉求，须考核办审核）",
        "Ask to exclude from assessment (a reviewer decides)",
    ),
    (
        "case.add_cohandler",
        "增加协办单位",
        "Add a co-handling unit",
    ),
    ("case.task", "协办任务", "Task"),
    ("case.add_cohandler_button", "增加", "Add"),
    ("case.accept_petition", "受理", "Accept the petition"),
    ("track.review_title", "申请复查", "Ask for a review"),
    ("track.re_review_title", "申请复核", "Ask for a re-review"),
    (
        "track.review_lead",
        "对处理意见不服的，可自收到处理意见之日起 30 日内请求上一级机关复查（复查后仍不服的，可申请复核一次）。",
        "If you disagree with the answer you may ask the organ above to review it within 30 days of receiving it (and, after a review, once more for a re-review).",
    ),
    ("track.review_reason", "理由", "Why"),
    ("track.review_button", "提交申请", "Submit"),
    (
        "track.reviewed",
        "已提交复查（复核）申请，上一级机关将在 30 日内答复。",
        "Review requested: the organ above answers within 30 days.",
    ),
    ("track.answer", "处理意见", "Written answer"),
    (
        "submit.anonymous",
        "匿名举报（不留姓名和电话，无法回访）",
        "Report anonymously (no name or phone; nobody can call you back)",
    ),
    (
        "submit.photos",
        "现场照片（可选，最多 3 张，每张不超过 5 MB）",
        "Photos (optional, up to 3, 5 MB each)",
    ),
    ("gazetteer.title", "地名库", "Gazetteer"),
    (
        "gazetteer.lead",
        "居民和座席输入的地址按地名库匹配到社区（取地址中最长的地名）。",
        "Typed addresses are placed in a community by the longest name of the gazetteer they contain.",
    ),
    ("gazetteer.name", "地名", "Name"),
    ("gazetteer.kind", "类型", "Kind"),
    ("gazetteer.community", "所在社区", "Community"),
    ("gazetteer.add", "添加地名", "Add a name"),
    ("gazetteer.delete", "删除", "Delete"),
    ("gazetteer.count", "共 {n} 个地名", "{n} names"),
    ("place_kind.estate", "小区", "Estate"),
    ("place_kind.road", "道路", "Road"),
    ("place_kind.landmark", "地标", "Landmark"),
    ("nav.gazetteer", "地名库", "Gazetteer"),
    ("whistle.title", "吹哨报到", "Whistles"),
    ("whistle.blow", "吹哨", "Blow a whistle"),
    ("whistle.blow_button", "吹哨", "Blow"),
    (
        "whistle.district",
        "全区吹哨报到情况",
        "Whistles across the district",
    ),
    ("whistle.view_street", "本街道吹哨", "My street's whistles"),
    ("whistle.view_summoned", "本单位被召集", "Summoned to"),
    ("whistle.view_all", "全部", "All"),
    ("whistle.narrow_all", "全部", "All"),
    ("whistle.narrow_open", "进行中", "Open"),
    ("whistle.narrow_overdue", "有超时未报到", "Reports overdue"),
    (
        "whistle.narrow_closed_month",
        "本月已结束",
        "Closed this month",
    ),
    ("whistle.none", "没有吹哨记录。", "No whistles."),
    ("whistle.no", "吹哨编号", "Number"),
    ("whistle.blown_at", "吹哨时间", "Blown"),
    ("whistle.street", "街道", "Street"),
    ("whistle.title_col", "事项", "Matter"),
    ("whistle.reports", "已报到 / 召集", "Reported / summoned"),
    ("whistle.your_deadline", "本单位报到期限", "Your deadline"),
    ("whistle.overdue", "超时", "Overdue"),
    ("whistle.over", "已超时", "over by"),
    ("whistle.minutes", "分钟", "min"),
    ("whistle.reason", "吹哨事由", "Reason"),
    ("whistle.units", "召集单位", "Units summoned"),
    (
        "whistle.case_nos",
        "关联诉求编号（可多个，用逗号分隔）",
        "Linked case numbers (comma-separated)",
    ),
    (
        "whistle.report_within",
        "报到时限（分钟，空则按事由默认）",
        "Report within (minutes; the reason's default if empty)",
    ),
    ("whistle.outcome", "处置结果", "Outcome"),
    ("whistle.deadline", "报到期限", "Report by"),
    ("whistle.report", "报到情况", "Report"),
    ("whistle.rating", "街道评价", "Street's rating"),
    ("whistle.on_site", "到场", "On site"),
    ("whistle.not_on_site", "未到场", "Not on site"),
    ("whistle.report_title", "报到", "Report"),
    ("whistle.who_came", "到场人员", "Who came"),
    ("whistle.what_done", "处置情况", "What was done"),
    ("whistle.report_button", "报到", "Report"),
    ("whistle.progress", "补充进展", "Add progress"),
    ("whistle.progress_button", "提交", "Add"),
    ("whistle.summon_more", "增加召集单位", "Summon more units"),
    ("whistle.summon_button", "召集", "Summon"),
    (
        "whistle.close",
        "结束吹哨（事不完、人不撤）",
        "Close the whistle",
    ),
    (
        "whistle.close_reason",
        "尚有单位未报到，结束的理由",
        "A unit has not reported: why close now",
    ),
    ("whistle.close_button", "结束", "Close"),
    ("whistle.rate", "评价", "Rate"),
    ("whistle.timeliness", "及时性", "Timeliness"),
    ("whistle.attitude", "态度", "Attitude"),
    ("whistle.result", "效果", "Result"),
    ("whistle.comment", "评语", "Comment"),
    ("whistle.rate_button", "提交评价", "Rate"),
    ("whistle.by_street", "按街道", "By street"),
    ("whistle.by_unit", "按被召集单位", "By summoned unit"),
    ("whistle.count", "吹哨次数", "Whistles"),
    ("whistle.summons", "召集次数", "Summons"),
    ("whistle.missing", "超时未报到", "Missing reports"),
    ("whistle.in_time", "按时报到", "In time"),
    (
        "whistle.median",
        "报到用时中位数（分钟）",
        "Median minutes to report",
    ),
    ("whistle.mean_rating", "平均评分", "Mean rating"),
    ("whistle_status.open", "进行中", "Open"),
    ("whistle_status.closed", "已结束", "Closed"),
    ("report_status.pending", "待报到", "Pending"),
    ("report_status.reported", "已按时报到", "Reported"),
    ("report_status.late", "迟到报到", "Late"),
    ("report_status.overdue", "超时未报到", "Overdue"),
    (
        "report_status.by_phone",
        "电话指导（未到场）",
        "By phone (did not come)",
    ),
    (
        "report_status.cut_off",
        "街道已提前办结",
        "Closed before it was due",
    ),
    ("whistle_event.blown", "街道吹哨", "Whistle blown"),
    ("whistle_event.summoned", "增加召集单位", "Unit summoned"),
    ("whistle_event.reported", "报到", "Reported"),
    ("whistle_event.reported_late", "迟到报到", "Reported late"),
    ("whistle_event.progress", "进展", "Progress"),
    (
        "whistle_event.report_overdue",
        "超时未报到，已催报并告知单位负责人",
        "Report overdue: chased, head told",
    ),
    ("whistle_event.closed", "吹哨结束", "Closed"),
    ("whistle_event.rated", "街道评价", "Rated"),
    ("whistle_event.rating_changed", "修改评价", "Rating changed"),
    ("notice.summoned", "吹哨召集", "Summoned by a whistle"),
    (
        "notice.whistle_overdue",
        "吹哨报到超时",
        "Whistle report overdue",
    ),
    (
        "notice.whistle_reported",
        "被召集单位已报到",
        "A summoned unit reported",
    ),
    (
        "case_err.not_a_whistler",
        "只有街道干部（或社区向本街道）可以吹哨。",
        "Only a street's officers, or a community worker to its own street, blow the whistle.",
    ),
    (
        "case_err.not_summonable",
        "只能召集区职能部门和公共服务企业。",
        "Only departments and enterprises are summoned.",
    ),
    (
        "case_err.whistle_closed",
        "该吹哨已结束。",
        "The whistle is closed.",
    ),
    (
        "case_err.whistle_open",
        "吹哨尚未结束，结束后再评价。",
        "The whistle is still open; rate after closing.",
    ),
    (
        "case_err.not_summoned",
        "本单位未被召集到该吹哨。",
        "Your unit was not summoned to this whistle.",
    ),
    (
        "case_err.not_the_street",
        "只有吹哨的街道可以进行此操作。",
        "Only the street that blew the whistle may do this.",
    ),
    (
        "case_err.already_reported",
        "本单位已报到。",
        "Your unit reported already.",
    ),
    ("case_err.not_reported", "请先报到。", "Report first."),
    (
        "case_err.already_summoned",
        "该单位已在召集之列。",
        "The unit is summoned already.",
    ),
    (
        "case_err.reason_needed",
        "尚有单位未报到，结束吹哨须写明理由。",
        "A unit has not reported: give a reason to close.",
    ),
    (
        "case_err.rating_locked",
        "评价满 7 天后不能再修改。",
        "Ratings cannot be changed after seven days.",
    ),
    (
        "case_err.not_rated",
        "该单位尚未评价。",
        "This unit has not been rated.",
    ),
    (
        "err.not_summonable",
        "只能召集区职能部门和公共服务企业。",
        "Only departments and enterprises are summoned.",
    ),
    (
        "err.unknown_case",
        "诉求编号不存在或无权查看。",
        "No such case, or not yours to see.",
    ),
    (
        "err.not_in_unit",
        "所选人员不属于本单位。",
        "That person is not of your unit.",
    ),
    (
        "err.not_summoned",
        "该单位未被召集到此吹哨。",
        "That unit was not summoned to this whistle.",
    ),
    ("nav.whistles", "吹哨报到", "Whistles"),
    ("powers.title", "下放职权清单", "Delegated powers"),
    (
        "powers.lead",
        "导入 CSV 或 XLSX 文件（表头：职权编码、职权名称、实施依据、原实施部门、下放层级、生效日期、处罚种类、罚款下限（元）、罚款上限（元），顺序不限）；全部行无误才生成新版本。",
        "Import a CSV or XLSX file (headers 职权编码, 职权名称, 实施依据, 原实施部门, 下放层级, 生效日期, 处罚种类, 罚款下限（元）, 罚款上限（元）, in any order); a new version is made only when every row is good.",
    ),
    ("powers.file", "文件", "File"),
    ("powers.note", "说明", "Note"),
    ("powers.import", "导入", "Import"),
    (
        "powers.imported",
        "已导入 {n} 项职权，生成新版本。",
        "{n} powers imported as a new version.",
    ),
    (
        "powers.rejected",
        "文件有误，未导入任何内容。请按下表逐行修改后重新导入。",
        "The file has errors; nothing was imported. Fix each row below and import again.",
    ),
    ("powers.row", "行号", "Row"),
    ("powers.column", "列", "Column"),
    ("powers.reason", "原因", "Reason"),
    ("powers.basis", "实施依据", "Legal basis"),
    ("powers.source", "原实施部门", "From"),
    ("powers.penalties", "处罚种类", "Penalties"),
    ("powers.fine", "罚款幅度（元）", "Fine (yuan)"),
    ("powers.effective", "生效日期", "Effective"),
    ("err.empty_file", "文件没有内容。", "The file is empty."),
    (
        "err.missing_column",
        "缺少必需的列。",
        "A required column is missing.",
    ),
    ("err.duplicate_code", "编码重复。", "Duplicate code."),
    (
        "err.not_money",
        "金额格式不正确（如 500 或 500.50）。",
        "Not an amount (for example 500 or 500.50).",
    ),
    (
        "err.range_reversed",
        "罚款上限小于下限。",
        "The maximum is below the minimum.",
    ),
    (
        "err.standard_format",
        "裁量基准格式不正确：每档写“个人/单位/* 轻微/一般/较重/严重/* 下限-上限”，以分号分隔。",
        "The discretion standard must read \"person|organisation|* minor|ordinary|heavier|serious|* min-max\" per line, separated by semicolons.",
    ),
    (
        "err.standard_outside_range",
        "裁量基准的幅度超出了该职权的罚款上下限。",
        "The discretion standard goes beyond the power's fine range.",
    ),
    (
        "err.fine_without_penalty",
        "有罚款幅度但处罚种类不含罚款。",
        "A fine range without fine among the penalties.",
    ),
    (
        "err.unreadable_sheet",
        "无法读取文件，请上传 UTF-8 编码的 CSV 或 XLSX 文件。",
        "Unreadable: upload a UTF-8 CSV or an XLSX file.",
    ),
    (
        "err.sheet_unzipped_too_large",
        "工作簿解压后超过 256 MB，拒绝读取。",
        "The workbook inflates to more than 256 MB: refused.",
    ),
    (
        "err.sheet_too_many_entries",
        "工作簿包含的部件超过 1000 个，拒绝读取。",
        "The workbook holds more than 1,000 parts: refused.",
    ),
    (
        "err.sheet_too_many_rows",
        "工作表超过 600000 行，拒绝读取。",
        "The sheet reaches past row 600,000: refused.",
    ),
    (
        "err.sheet_too_many_columns",
        "工作表超过 100 列，拒绝读取。",
        "The sheet reaches past column 100: refused.",
    ),
    (
        "err.sheet_too_many_cells",
        "工作表的非空单元格超过 8000000 个，拒绝读取。",
        "The sheet holds more than 8,000,000 cells: refused.",
    ),
    (
        "err.sheet_too_much_text",
        "工作表的文字超过 320 MB，拒绝读取。",
        "The sheet holds more than 320 MB of text: refused.",
    ),
    ("enforcement.title", "综合执法案件", "Enforcement cases"),
    ("enforcement.open", "立案申请", "Open a case"),
    ("enforcement.results", "执法成效统计", "Enforcement results"),
    (
        "enforcement.none",
        "没有执法案件。",
        "No enforcement cases.",
    ),
    ("enforcement.no", "案件编号", "Number"),
    ("enforcement.street", "街道", "Street"),
    ("enforcement.power", "执法职权", "Power"),
    ("enforcement.party", "当事人", "Party"),
    ("enforcement.party_kind", "当事人类型", "Party is"),
    ("enforcement.person", "自然人", "A person"),
    (
        "enforcement.organisation",
        "法人或其他组织",
        "An organisation",
    ),
    ("enforcement.stage", "阶段", "Stage"),
    ("enforcement.decision_due", "作出决定期限", "Decide by"),
    (
        "enforcement.defence_due",
        "陈述申辩（听证申请）期限",
        "Defence (hearing request) by",
    ),
    (
        "enforcement.hearing",
        "有权要求听证",
        "Hearing may be requested",
    ),
    ("enforcement.extended", "已延长", "Extended"),
    ("enforcement.late", "超过九十日期限", "Past the 90 days"),
    ("hearing_status.none", "无听证权利", "No right to a hearing"),
    (
        "hearing_status.offered",
        "已告知听证权利",
        "Right to a hearing given",
    ),
    (
        "hearing_status.requested",
        "已申请听证",
        "Hearing requested",
    ),
    ("hearing_status.waived", "放弃听证", "Hearing waived"),
    ("hearing_status.scheduled", "已通知听证", "Hearing noticed"),
    ("hearing_status.held", "已举行听证", "Hearing held"),
    ("ruling.penalty", "给予行政处罚", "Penalty"),
    ("ruling.no_penalty", "不予行政处罚", "No penalty"),
    ("ruling.transfer", "移送", "Transferred"),
    (
        "ruling.order",
        "责令改正（限期拆除）",
        "Order to correct (or demolish)",
    ),
    (
        "challenge.reconsideration",
        "行政复议",
        "Administrative reconsideration",
    ),
    (
        "challenge.litigation",
        "行政诉讼",
        "Administrative litigation",
    ),
    ("challenge_outcome.upheld", "维持", "Upheld"),
    ("challenge_outcome.altered", "变更", "Altered"),
    ("challenge_outcome.revoked", "撤销", "Revoked"),
    (
        "challenge_outcome.confirmed_illegal",
        "确认违法或无效",
        "Found illegal or void",
    ),
    (
        "challenge_outcome.withdrawn",
        "撤回申请（撤诉）",
        "Withdrawn",
    ),
    ("enforcement.order", "责令事项", "Order"),
    (
        "enforcement.grade",
        "违法情节（裁量阶次）",
        "Circumstances (discretion grade)",
    ),
    ("form.choose", "请选择", "Choose"),
    ("care.confirm_scores", "确认评估得分", "Confirm the scores"),
    (
        "care.confirm_hint",
        "您是本次评估的第二名评估员：核对现场记录的 17 项得分后，以本人账号确认。",
        "You are this assessment's second assessor: check the 17 scores recorded on site and confirm them under your own account.",
    ),
    (
        "care.waiting_second",
        "第二名评估员尚未确认得分，确认后方可审核。",
        "The second assessor has not confirmed the scores yet; the review waits for it.",
    ),
    (
        "care.review_hint",
        "失能等级按国家标准由得分对照表确定，本次得分对应：",
        "The level is the national standard's table cell for the scores; these scores give:",
    ),
    ("care.review_confirm", "确认并公示", "Confirm and publish"),
    (
        "care.review_reassess",
        "退回复评（须写明理由）",
        "Return for a re-assessment (with reasons)",
    ),
    ("care.record_review", "提交审核意见", "Record the review"),
    ("care.return_reason", "退回复评理由", "Why returned"),
    (
        "care.second_confirmed",
        "第二名评估员确认",
        "Second assessor confirmed",
    ),
    ("care.not_yet", "尚未确认", "Not yet"),
    ("care.done_confirm", "已确认评估得分。", "Scores confirmed."),
    ("powers.standard", "裁量基准", "Discretion standard"),
    ("powers.any_party", "各类当事人", "any party"),
    ("powers.any_grade", "各情节", "any grade"),
    ("grade.minor", "轻微", "Minor"),
    ("grade.ordinary", "一般", "Ordinary"),
    ("grade.heavier", "较重", "Heavier"),
    ("grade.serious", "严重", "Serious"),
    ("enforcement.order_none", "（无）", "(none)"),
    ("enforcement.order_days", "履行期限（日）", "Days to comply"),
    (
        "enforcement.order_due",
        "责令履行期限",
        "Order to be performed by",
    ),
    (
        "enforcement.social_impact",
        "具有一定社会影响，应当公开",
        "Has a social impact: to be published",
    ),
    ("enforcement.publication_due", "公开期限", "Publish by"),
    (
        "enforcement.publication_late",
        "逾期未公开",
        "Published late",
    ),
    ("enforcement.published_at", "已公开", "Published"),
    ("enforcement.withdrawn", "已撤回公开", "Withdrawn"),
    (
        "enforcement.publish",
        "公开处罚决定",
        "Publish the decision",
    ),
    (
        "enforcement.compulsion",
        "行政强制执行程序",
        "Before forced execution",
    ),
    ("enforcement.warn", "催告", "Warn the party to perform"),
    (
        "enforcement.announce",
        "公告限期自行拆除",
        "Announce the demolition",
    ),
    ("enforcement.days", "期限（日）", "Days"),
    (
        "enforcement.warned",
        "已催告，履行期限至",
        "Warned; to perform by",
    ),
    (
        "enforcement.announced",
        "已公告，自行拆除期限至",
        "Announced; to demolish by",
    ),
    (
        "enforcement.challenge_periods",
        "申请复议、提起诉讼期限届满",
        "Time to challenge ends",
    ),
    (
        "enforcement.challenge",
        "复议或诉讼",
        "Reconsideration or litigation",
    ),
    ("enforcement.challenge_filed", "提起", "Filed"),
    ("enforcement.challenge_resolved", "结果", "Outcome"),
    ("enforcement.challenge_step", "记录", "Record"),
    ("enforcement.challenge_at", "日期时间", "When"),
    ("enforcement.forced", "强制执行", "Forced execution"),
    ("enforcement.party_address", "当事人地址", "Party's address"),
    (
        "enforcement.document",
        "行政处罚决定书（打印）",
        "Decision document (print)",
    ),
    (
        "enforcement.published_title",
        "行政处罚决定公开",
        "Published enforcement decisions",
    ),
    (
        "enforcement.published_none",
        "暂无公开的处罚决定。",
        "No decision published yet.",
    ),
    (
        "enforcement.person_withheld",
        "自然人（姓名不公开）",
        "A person (name withheld)",
    ),
    (
        "enforcement.complex",
        "情节复杂或重大",
        "Complex or serious",
    ),
    ("enforcement.procedure", "程序", "Procedure"),
    (
        "enforcement.violation_on",
        "违法行为发生（或终了）日期",
        "When the violation happened (or ended)",
    ),
    (
        "enforcement.safety_risk",
        "涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）",
        "Endangered life, health or financial safety with harm (five-year limitation)",
    ),
    ("enforcement.serve", "送达处罚决定书", "Serve the decision"),
    ("enforcement.served_at", "送达时间", "Served at"),
    ("enforcement.payment", "缴纳罚款", "Payment"),
    (
        "enforcement.payment_due",
        "缴纳期限（送达后十五日）",
        "Fine due (15 days after service)",
    ),
    (
        "enforcement.paid_yuan",
        "已缴罚款（元）",
        "Fine paid (yuan)",
    ),
    (
        "enforcement.late_yuan",
        "加处罚款（元，每日百分之三）",
        "Late penalty (yuan, 3% a day)",
    ),
    ("enforcement.paid_at", "缴纳时间", "Paid at"),
    (
        "enforcement_event.served",
        "送达处罚决定书",
        "Decision served",
    ),
    ("enforcement_event.paid", "缴纳罚款", "Fine paid"),
    (
        "powers.public_title",
        "街道综合执法职权清单（公开）",
        "Powers delegated to the streets (public)",
    ),
    (
        "powers.public_lead",
        "依《行政处罚法》第二十四条，下放给街道的行政处罚权应当公布。下列为现行版本的职权、依据、处罚种类和罚款幅度。",
        "Under art. 24 of the Administrative Penalty Law the delegation of penalty powers to the streets is published: the current powers, their legal basis, penalties and fine ranges.",
    ),
    ("enforcement.warning", "警告", "Warning"),
    ("enforcement.fine", "罚款", "Fine"),
    (
        "enforcement.general",
        "普通程序（立案调查）",
        "General procedure (filed and investigated)",
    ),
    (
        "enforcement.statement",
        "当事人当场陈述申辩（简易程序）",
        "The party's statement heard on the spot (simple procedure)",
    ),
    (
        "enforcement.simple",
        "简易程序（当场处罚）",
        "Simple procedure (on the spot)",
    ),
    ("enforcement.hearing_state", "听证", "Hearing"),
    (
        "enforcement.hearing_due",
        "听证申请期限",
        "Hearing request by",
    ),
    ("enforcement.hearing_step", "听证环节", "Hearing step"),
    (
        "enforcement.hearing_request",
        "当事人申请听证",
        "The party asks for a hearing",
    ),
    (
        "enforcement.hearing_waive",
        "当事人放弃听证",
        "The party waives the hearing",
    ),
    (
        "enforcement.hearing_notice",
        "听证通知（时间、主持人）",
        "Notice the hearing (time, presiding officer)",
    ),
    (
        "enforcement.hearing_held",
        "听证已举行（笔录）",
        "Hearing held (record)",
    ),
    ("enforcement.hearing_at", "听证时间", "Hearing at"),
    (
        "enforcement.presider",
        "听证主持人（非本案调查人员）",
        "Presiding officer (not an investigator)",
    ),
    ("enforcement.record", "听证笔录或说明", "Record or note"),
    ("enforcement.review", "法制审核", "Legal review"),
    ("enforcement.review_approve", "审核通过", "Approve"),
    ("enforcement.review_ok", "通过", "Approved"),
    ("enforcement.review_refused", "未通过", "Refused"),
    (
        "enforcement.waiting",
        "作出决定前须等待",
        "Before the decision, waiting for",
    ),
    ("enforcement.ruling", "决定结果", "Outcome"),
    ("enforcement.ruling_penalty", "给予行政处罚", "Penalty"),
    (
        "enforcement.ruling_no_penalty",
        "不予行政处罚",
        "No penalty",
    ),
    ("enforcement.ruling_transfer", "移送", "Transfer"),
    ("enforcement.transfer_to", "移送机关", "Transferred to"),
    (
        "enforcement.collective",
        "经集体讨论决定",
        "Decided in collective discussion",
    ),
    (
        "enforcement.confiscated_yuan",
        "没收价值（元）",
        "Value confiscated (yuan)",
    ),
    ("enforcement.decision", "处罚决定", "Decision"),
    ("enforcement.measured", "执行成效", "Measured results"),
    (
        "enforcement.fines_collected",
        "实缴罚款（元）",
        "Fines collected (yuan)",
    ),
    ("enforcement.sqm", "拆除违建（平方米）", "Removed (m²)"),
    ("enforcement.stalls", "清理摊点", "Stalls cleared"),
    ("enforcement.source", "案件来源", "Source"),
    (
        "enforcement.source_ref",
        "来源编号（诉求或吹哨编号）",
        "Case or whistle number",
    ),
    ("enforcement.facts", "违法事实", "Facts"),
    ("enforcement.file", "立案审批", "File"),
    (
        "enforcement.approve",
        "同意立案（不勾选为不予立案）",
        "Approve (unticked: do not file)",
    ),
    ("enforcement.evidence", "调查取证", "Evidence"),
    ("enforcement.add", "添加", "Add"),
    (
        "enforcement.notify",
        "处罚告知",
        "Notify the proposed decision",
    ),
    ("enforcement.decide", "作出处罚决定", "Decide"),
    ("enforcement.fine_yuan", "罚款金额（元）", "Fine (yuan)"),
    (
        "enforcement.extend",
        "延长决定期限（30 日）",
        "Extend the deadline (30 days)",
    ),
    ("enforcement.execute", "执行", "Execute"),
    ("enforcement.execution", "执行情况", "What was done"),
    ("enforcement.close", "结案", "Close"),
    ("enforcement.month", "月份", "Month"),
    ("enforcement.executed", "执行案件数", "Executed"),
    (
        "enforcement.chart_fines",
        "每月实缴罚款（元）",
        "Fines collected per month (yuan)",
    ),
    (
        "enforcement.chart_sqm",
        "每月拆除违建面积（平方米）",
        "Illegal construction removed per month (m²)",
    ),
    (
        "enforcement.chart_stalls",
        "每月清理摊点数",
        "Stalls cleared per month",
    ),
    ("stage.proposed", "待立案", "To be filed"),
    ("stage.investigation", "调查取证", "Investigation"),
    ("stage.notified", "已告知", "Notified"),
    ("stage.decided", "已决定", "Decided"),
    ("stage.executed", "已执行", "Executed"),
    ("stage.closed", "已结案", "Closed"),
    ("stage.dropped", "不予立案", "Not filed"),
    ("party.person", "自然人", "person"),
    ("party.organisation", "法人或其他组织", "organisation"),
    ("source.patrol", "巡查发现", "Patrol"),
    ("source.case", "群众诉求", "A case"),
    ("source.whistle", "吹哨报到", "A whistle"),
    ("enforcement_event.opened", "立案申请", "Opened"),
    ("enforcement_event.filed", "立案", "Filed"),
    ("enforcement_event.dropped", "不予立案", "Not filed"),
    ("enforcement_event.evidence", "调查取证", "Evidence"),
    ("enforcement_event.notified", "处罚告知", "Notified"),
    ("enforcement_event.decided", "处罚决定", "Decided"),
    (
        "enforcement_event.decided_on_the_spot",
        "当场处罚（简易程序）",
        "Decided on the spot",
    ),
    (
        "enforcement_event.decided_no_penalty",
        "不予行政处罚",
        "No penalty",
    ),
    ("enforcement_event.transferred", "移送", "Transferred"),
    (
        "enforcement_event.ordered",
        "责令改正（限期拆除）决定",
        "Ordered to correct or demolish",
    ),
    ("enforcement_event.warned", "催告", "Warned to perform"),
    (
        "enforcement_event.announced",
        "公告限期自行拆除",
        "Demolition announced",
    ),
    (
        "enforcement_event.executed_forced",
        "强制执行",
        "Executed by force",
    ),
    (
        "enforcement_event.challenge_filed",
        "当事人申请复议或提起诉讼",
        "Challenged",
    ),
    (
        "enforcement_event.challenge_resolved",
        "复议或诉讼结果",
        "Challenge resolved",
    ),
    ("enforcement_event.published", "公开处罚决定", "Published"),
    (
        "enforcement_event.hearing_requested",
        "申请听证",
        "Hearing requested",
    ),
    (
        "enforcement_event.hearing_waived",
        "放弃听证",
        "Hearing waived",
    ),
    (
        "enforcement_event.hearing_noticed",
        "听证通知",
        "Hearing noticed",
    ),
    ("enforcement_event.hearing_held", "举行听证", "Hearing held"),
    (
        "enforcement_event.reviewed",
        "法制审核通过",
        "Legal review approved",
    ),
    (
        "enforcement_event.review_refused",
        "法制审核未通过",
        "Legal review refused",
    ),
    ("enforcement_event.extended", "延长决定期限", "Extended"),
    ("enforcement_event.executed", "执行", "Executed"),
    ("enforcement_event.closed", "结案", "Closed"),
    (
        "case_err.wrong_stage",
        "案件不在可进行此操作的阶段。",
        "The case is not at the stage for this.",
    ),
    (
        "case_err.penalty_not_allowed",
        "该职权不包含此处罚种类。",
        "The power does not allow this penalty.",
    ),
    (
        "case_err.fine_out_of_range",
        "罚款金额超出该职权的罚款幅度。",
        "The fine is outside the power's range.",
    ),
    (
        "case_err.defence_pending",
        "当事人陈述申辩（听证申请）期限未满。",
        "The party's time for a defence or a hearing request has not ended.",
    ),
    (
        "case_err.hearing_pending",
        "听证申请期限未满，或已申请的听证尚未举行（《行政处罚法》第六十四条）。",
        "The days to ask for a hearing, or a requested hearing, are still open (art. 64).",
    ),
    (
        "case_err.review_pending",
        "须先经法制审核通过（《行政处罚法》第五十八条）。",
        "The legal review must approve first (art. 58).",
    ),
    (
        "case_err.heavier_than_notified",
        "决定重于或不同于已告知的处罚：须重新告知（《行政处罚法》第四十四、四十五条）。",
        "Heavier than, or other than, the penalty notified: give a new notice (arts. 44–45).",
    ),
    (
        "case_err.collective_required",
        "情节复杂或重大违法的案件（及再次延期）须集体讨论决定（《行政处罚法》第五十七条）。",
        "A complex or serious case (or a further extension) is decided in collective discussion (art. 57).",
    ),
    (
        "case_err.simple_not_allowed",
        "简易程序只适用于警告或对个人二百元以下、对单位三千元以下的罚款（《行政处罚法》第五十一条）。",
        "The simple procedure allows only a warning or a fine up to 200 yuan (person) / 3,000 yuan (organisation) (art. 51).",
    ),
    (
        "case_err.no_hearing_right",
        "当事人无听证权利，或听证申请期限已过。",
        "The party has no right to a hearing, or the days to ask have ended.",
    ),
    (
        "case_err.hearing_notice_too_short",
        "须在举行听证的七个工作日前通知当事人（《行政处罚法》第六十四条）。",
        "The hearing must be noticed at least seven working days ahead (art. 64).",
    ),
    (
        "case_err.presider_investigated",
        "听证主持人不得是本案调查人员（《行政处罚法》第六十四条）。",
        "An investigator of the case may not preside over its hearing (art. 64).",
    ),
    (
        "case_err.hearing_notice_incomplete",
        "听证通知须写明听证时间和主持人。",
        "A hearing's notice names its time and its presiding officer.",
    ),
    (
        "case_err.presider_not_of_the_street",
        "听证主持人须为本街道在职的执法人员。",
        "The presiding officer must be an active officer of the street.",
    ),
    (
        "case_err.record_needed",
        "举行听证须有听证笔录（《行政处罚法》第六十四条）。",
        "A held hearing needs its record (art. 64).",
    ),
    (
        "case_err.penalty_needed",
        "给予行政处罚须写明处罚种类。",
        "A penalty decision names the penalty.",
    ),
    (
        "case_err.transfer_to_needed",
        "移送须写明接收机关（《行政处罚法》第二十七条）。",
        "A transfer names the organ that receives it (art. 27).",
    ),
    (
        "case_err.limitation_expired",
        "违法行为在二年内（涉及生命健康、金融安全的五年内）未被发现，不再给予行政处罚（《行政处罚法》第三十六条）。",
        "The violation was found after two years (five for life, health or financial safety): it is no longer punished (art. 36).",
    ),
    (
        "case_err.not_served",
        "处罚决定书尚未送达，缴纳期限未起算。",
        "The decision has not been served yet: the payment period has not begun.",
    ),
    (
        "case_err.grade_needed",
        "该职权的裁量基准按违法情节分档：请选择情节（轻微、一般、较重、严重）。",
        "The power's discretion standard grades this fine: choose the circumstances (minor, ordinary, heavier, serious).",
    ),
    (
        "case_err.level_not_computed",
        "失能等级须为国家标准对照表中得分对应的等级；如有不同意见，请退回复评。",
        "The level must be the table's for the scores; if you disagree, return it for a re-assessment.",
    ),
    (
        "case_err.second_assessor_pending",
        "第二名评估员尚未以本人账号确认得分。",
        "The second assessor has not confirmed the scores under their own account yet.",
    ),
    (
        "case_err.already_confirmed",
        "得分已确认。",
        "The scores are already confirmed.",
    ),
    (
        "case_err.no_return",
        "该老人没有被退回复评的评估。",
        "This elder has no assessment returned for re-assessment.",
    ),
    (
        "case_err.reassessment_due",
        "该老人的评估已被退回：请以“审核退回复评”进行评估。",
        "This elder's assessment was returned: record it as a re-assessment after the review.",
    ),
    (
        "case_err.order_not_penalty",
        "责令改正、责令限期拆除不是行政处罚（《行政处罚法》第二十八条）：请作为责令事项作出。",
        "An order to correct or demolish is not a penalty (art. 28): give it as the decision's order.",
    ),
    (
        "case_err.order_period_needed",
        "责令事项须写明种类和履行期限（1–365 日）。",
        "The order needs its kind and a period of 1 to 365 days.",
    ),
    (
        "case_err.compulsion_period",
        "《行政强制法》规定的期限尚未届满：履行期限、催告期限、公告期限或申请复议（六十日）、提起诉讼（六个月）的期限。",
        "A period of the Administrative Compulsion Law has not run: to perform, after the warning, after the announcement, or to challenge (60 days / six months).",
    ),
    (
        "case_err.not_warned",
        "强制执行前须先书面催告当事人履行义务（《行政强制法》第三十五条）。",
        "Warn the party in writing to perform before forcing it (Compulsion Law art. 35).",
    ),
    (
        "case_err.not_announced",
        "强制拆除前须先公告，限期当事人自行拆除（《行政强制法》第四十四条）。",
        "Announce the demolition and give the party time to demolish first (art. 44).",
    ),
    (
        "case_err.nothing_to_force",
        "该决定没有尚待强制履行的义务（罚款已缴纳或无责令事项）。",
        "Nothing is left to force: the fine was paid, or there is no order.",
    ),
    (
        "case_err.not_demolition",
        "只有责令限期拆除才需公告。",
        "Only an order to demolish is announced.",
    ),
    (
        "case_err.challenge_pending",
        "当事人的行政复议或行政诉讼尚未结束。",
        "The party's reconsideration or suit is still open.",
    ),
    (
        "case_err.no_open_challenge",
        "没有待结的复议或诉讼，或已有一件尚未结束（复议只能申请一次）。",
        "No challenge is open to resolve, or one is already open (a reconsideration only once).",
    ),
    (
        "case_err.already_published",
        "该处罚决定已公开。",
        "The decision is already published.",
    ),
    (
        "case_err.challenge_kind_needed",
        "请注明是行政复议还是行政诉讼。",
        "Say whether it is a reconsideration or a suit.",
    ),
    (
        "case_err.challenge_outcome_needed",
        "请注明复议或诉讼的结果。",
        "Give the challenge's outcome.",
    ),
    (
        "case_err.wrong_payment",
        "缴纳金额须为全额罚款，加处罚款须为每日百分之三（不超过罚款数额，《行政处罚法》第七十二条）。",
        "The payment must be the whole fine, and the late penalty 3% a day up to the fine (art. 72).",
    ),
    (
        "case_err.hearing_not_yet",
        "听证尚未举行。",
        "The hearing has not taken place yet.",
    ),
    (
        "case_err.reviewer_only",
        "只有法制审核人员可以进行法制审核。",
        "Only a legal reviewer reviews a decision.",
    ),
    (
        "case_err.not_the_mediator",
        "只有本纠纷的调解员可以进行此操作。",
        "Only the dispute's mediator may do this.",
    ),
    (
        "case_err.court_only",
        "只有法院工作人员可以进行此操作。",
        "Only the court's staff may do this.",
    ),
    (
        "case_err.mediator_unsuitable",
        "该调解员不受理此类型或此地区的纠纷。",
        "This mediator does not take disputes of this type or area.",
    ),
    (
        "case_err.reason_required",
        "选择与推荐不同的渠道时须说明理由。",
        "A channel other than the recommended one needs a reason.",
    ),
    (
        "case_err.confirmation_too_late",
        "已超过调解协议生效后 30 日，不能申请司法确认。",
        "More than 30 days after the agreement: judicial confirmation can no longer be applied for.",
    ),
    (
        "case_err.extension_too_long",
        "延长调解期限累计不得超过 30 日。",
        "Extensions may add at most 30 days in all.",
    ),
    (
        "case_err.no_terms",
        "调解协议至少需要一项条款。",
        "An agreement needs at least one term.",
    ),
    (
        "case_err.already_dispute",
        "该案件已转为纠纷调解。",
        "The case is already a dispute.",
    ),
    (
        "case_err.no_mediator",
        "没有受理此类型和地区纠纷的调解员。",
        "No mediator takes disputes of this type and area.",
    ),
    (
        "err.mediator_unsuitable",
        "该调解员不受理此类型或此地区的纠纷。",
        "This mediator does not take disputes of this type or area.",
    ),
    (
        "err.reason_required",
        "选择与推荐不同的渠道时须说明理由。",
        "A channel other than the recommended one needs a reason.",
    ),
    (
        "err.extension_too_long",
        "延长调解期限累计不得超过 30 日。",
        "Extensions may add at most 30 days in all.",
    ),
    (
        "err.no_terms",
        "调解协议至少需要一项条款。",
        "An agreement needs at least one term.",
    ),
    (
        "err.too_few",
        "至少需要申请人和被申请人两方当事人。",
        "At least an applicant and a respondent.",
    ),
    ("err.too_many", "数量超过上限。", "Too many."),
    (
        "err.no_applicant",
        "当事人中须有申请人。",
        "One party must be the applicant.",
    ),
    (
        "err.no_respondent",
        "当事人中须有被申请人。",
        "One party must be the respondent.",
    ),
    (
        "err.unknown_mediator",
        "调解员不存在。",
        "No such mediator.",
    ),
    (
        "err.unknown_session",
        "调解会议不存在。",
        "No such session.",
    ),
    (
        "err.not_a_link",
        "请输入以 https:// 开头的视频会议链接。",
        "Enter a video link starting with https://.",
    ),
    (
        "err.court_only",
        "只有法院工作人员可以登记委派调解。",
        "Only the court's staff may register a delegated mediation.",
    ),
    ("dispute.accept_due", "法院受理期限", "Court to accept by"),
    ("dispute.agreement", "调解协议", "Agreement"),
    ("dispute.agreement_doc", "调解协议书", "Mediation agreement"),
    ("dispute.agreement_text", "协议说明", "Agreement text"),
    ("dispute.agrees", "同意调解", "Agrees to mediate"),
    ("dispute.amount", "金额（元）", "Amount (yuan)"),
    ("dispute.applicant", "申请人", "Applicant"),
    (
        "dispute.apply_confirmation",
        "申请司法确认",
        "Apply for judicial confirmation",
    ),
    (
        "dispute.apply_hint",
        "协议生效后 30 日内由双方当事人共同申请（每方各自申请，双方均申请后即为申请）；法院 3 日内决定是否受理，15 日内作出裁定。",
        "Both parties apply within 30 days of the agreement taking effect (each applies; the application is made when both have); the court decides to accept within 3 days and rules within 15.",
    ),
    ("dispute.signature", "当事人签名", "A party signs"),
    ("dispute.library", "公开到案例库", "The public case library"),
    ("dispute.follow_up", "履行回访", "Follow-up of performance"),
    (
        "dispute.follow_up_hint",
        "调解协议生效后，调解委员会对履行情况进行监督，督促当事人履行约定的义务（《人民调解法》第三十一条）。逐项记录回访结果。",
        "Once the agreement is in effect, the committee supervises its performance and urges the parties to perform (People's Mediation Law art. 31). Record each term's follow-up.",
    ),
    ("dispute.performed", "履行情况", "Performed?"),
    ("dispute.not_yet", "尚未履行", "Not yet"),
    ("performance.performed", "已履行", "Performed"),
    ("performance.overdue", "逾期未履行", "Overdue"),
    ("performance.pending", "待履行", "To perform"),
    (
        "dispute.library_hint",
        "以下是匿名化后的文本：当事人以身份称呼，姓名、昵称、电话、证件号、银行卡号、车牌、邮箱和门牌以下的地址均已去除。请核对后公开；修改后的文本会再次匿名化。当事人要求不公开的，选择“当事人要求不公开”。",
        "The anonymised text below names the parties by their roles and leaves out names, nicknames, phones, ID and bank card numbers, plates, e-mails and addresses below the road. Check it before publishing; an edited text is anonymised again. If a party asked not to publish, choose \"A party asked\".",
    ),
    ("dispute.library_text", "公开文本", "Text to publish"),
    ("dispute.publish", "审核并公开", "Review and publish"),
    ("dispute.withhold", "不公开", "Withhold"),
    ("dispute.withhold_reason", "不公开原因", "Why withheld"),
    ("withhold.editor", "编辑决定", "The editor's decision"),
    ("withhold.party_asked", "当事人要求不公开", "A party asked"),
    (
        "publication.none",
        "尚未审核，不在案例库中",
        "Not reviewed; not in the library",
    ),
    ("publication.published", "已公开", "Published"),
    ("publication.withheld", "不公开", "Withheld"),
    (
        "dispute.signature_hint",
        "调解协议自双方当事人签名、调解员签名并加盖调解委员会印章之日起生效（《人民调解法》第二十九条）。",
        "The agreement takes effect when both parties and the mediator have signed it (People's Mediation Law art. 29).",
    ),
    ("dispute.party", "当事人", "Party"),
    ("dispute.back", "返回纠纷", "Back to the dispute"),
    ("dispute.by_mediator", "按调解员", "By mediator"),
    ("dispute.by_org", "按调解组织", "By organisation"),
    ("dispute.by_type", "按纠纷类型", "By type"),
    ("dispute.case_link", "查看诉求案件全貌", "Open the case"),
    ("dispute.channel", "化解渠道", "Channel"),
    (
        "dispute.chart_org",
        "各调解组织调解成功率",
        "Settled share by organisation",
    ),
    (
        "dispute.chart_type",
        "各类纠纷调解成功率",
        "Settled share by type",
    ),
    (
        "dispute.choose",
        "选择调解组织和调解员",
        "Choose the organisation and mediator",
    ),
    ("dispute.claims", "请求事项", "Claims"),
    ("dispute.clock", "期限", "Deadline"),
    ("dispute.complexity", "法律复杂程度", "Legal complexity"),
    ("dispute.consent", "被申请人意见", "Respondent's answer"),
    (
        "dispute.consent_due",
        "被申请人答复期限",
        "Respondent to answer by",
    ),
    ("dispute.court_decision", "法院审查", "Court's decision"),
    (
        "dispute.court_list",
        "法院：司法确认与诉讼",
        "Court: confirmations and suits",
    ),
    ("dispute.court_no", "法院案号", "Court case number"),
    (
        "dispute.court_register",
        "法院立案与结果",
        "Court registration and result",
    ),
    ("dispute.court_result", "法院处理结果", "Court's result"),
    ("dispute.days", "延长天数", "Days"),
    ("dispute.decision", "处理", "Decision"),
    ("dispute.declines", "拒绝调解", "Declines"),
    ("dispute.due_date", "履行期限", "Due date"),
    ("dispute.ended", "已结束", "Ended"),
    ("dispute.evaluate", "评估", "Evaluate"),
    ("dispute.extend", "延长调解期限", "Extend the mediation"),
    ("dispute.facts", "事实与理由", "Facts"),
    ("dispute.fail", "调解终止", "End without agreement"),
    ("dispute.failure", "终止原因", "Why it ended"),
    ("dispute.file", "提交调解申请", "File the dispute"),
    (
        "dispute.filed_lead",
        "您的调解申请已受理。工作人员将评估并为您推荐调解组织。",
        "Your dispute is registered. Staff will evaluate it and propose a mediator.",
    ),
    ("dispute.filed_title", "调解申请已提交", "Dispute filed"),
    ("dispute.load", "在调", "Open"),
    ("dispute.median_days", "用时中位数（天）", "Median days"),
    ("dispute.mediation_due", "调解期限", "Mediation due"),
    ("dispute.mediator", "调解员", "Mediator"),
    ("dispute.minutes", "调解笔录", "Minutes"),
    ("dispute.name", "名称", "Name"),
    (
        "dispute.new_lead",
        "邻里、物业、婚姻家庭、劳动、消费、医疗、交通事故、房屋租赁等纠纷，均可在线申请调解，无需注册。",
        "Neighbour, property, family, labour, consumer, medical, traffic and tenancy disputes: apply online, no account needed.",
    ),
    ("dispute.new_title", "申请纠纷调解", "Apply for mediation"),
    (
        "dispute.no_proposal",
        "没有受理此类纠纷的调解员。",
        "No mediator takes disputes of this kind.",
    ),
    ("dispute.none", "暂无纠纷。", "No disputes."),
    ("dispute.overdue", "已超期", "Overdue"),
    ("dispute.parties", "当事人", "Parties"),
    ("dispute.place", "地点", "Place"),
    ("dispute.print", "打印协议书", "Print the agreement"),
    (
        "dispute.private_applicant",
        "申请人方私下沟通（仅调解员可见）",
        "Applicant, private (mediator only)",
    ),
    (
        "dispute.private_respondent",
        "被申请人方私下沟通（仅调解员可见）",
        "Respondent, private (mediator only)",
    ),
    ("dispute.rating", "当事人评价", "Party rating"),
    ("dispute.recommended", "系统推荐", "Recommended"),
    ("dispute.record", "记录", "Record"),
    (
        "dispute.record_agreement",
        "记录调解协议",
        "Record the agreement",
    ),
    ("dispute.respondent", "被申请人", "Respondent"),
    (
        "dispute.respondent_name",
        "姓名或单位名称",
        "Name or organisation",
    ),
    (
        "dispute.respondent_phone",
        "联系电话（如知道）",
        "Phone (if known)",
    ),
    ("dispute.risks", "激化风险", "Risks of escalation"),
    ("dispute.rule_due", "法院裁定期限", "Court to rule by"),
    ("dispute.save_minutes", "保存笔录", "Save the minutes"),
    ("dispute.schedule", "安排调解", "Schedule a session"),
    ("dispute.sessions", "调解会议", "Sessions"),
    ("dispute.settled", "调解成功", "Settled"),
    ("dispute.settled_share", "成功率", "Settled share"),
    ("dispute.similar", "同类纠纷已结", "Similar disputes ended"),
    ("dispute.stage", "调解进度", "Stage"),
    ("dispute.stats", "纠纷调解统计", "Dispute statistics"),
    (
        "dispute.take_recommendation",
        "采用系统推荐",
        "Take the recommendation",
    ),
    ("dispute.term", "条款", "Term"),
    ("dispute.term_text", "内容", "Text"),
    ("dispute.title", "纠纷调解", "Dispute"),
    ("dispute.to_court", "移送法院诉讼", "Send to court"),
    (
        "dispute.to_court_hint",
        "调解不成的，全部材料移送人民法院，法院案号和结果将回传本案。",
        "The whole file goes to the court; its number and result come back here.",
    ),
    ("dispute.type", "纠纷类型", "Type"),
    ("dispute.urgency", "紧急程度", "Urgency"),
    ("dispute.video", "视频调解链接", "Video link"),
    ("dispute.video_link", "视频会议链接", "Video link"),
    ("dispute.when", "时间", "When"),
    ("dispute.worklist", "我的调解案件", "My mediations"),
    ("nav.disputes", "纠纷调解", "Disputes"),
    ("dispute.convert", "转为纠纷调解", "Turn into a dispute"),
    ("dispute.evidence_files", "证据材料", "Evidence"),
    (
        "dispute.evidence",
        "证据照片（最多 3 张，每张不超过 5 MB）",
        "Evidence photos (up to 3, 5 MB each)",
    ),
    ("dispute_stage.filed", "待评估", "To evaluate"),
    (
        "dispute_stage.evaluated",
        "待选调解员",
        "Choosing a mediator",
    ),
    (
        "dispute_stage.awaiting_consent",
        "待被申请人答复",
        "Waiting for the respondent",
    ),
    ("dispute_stage.mediating", "调解中", "Mediating"),
    ("dispute_stage.agreed", "达成协议", "Agreed"),
    (
        "dispute_stage.failed",
        "调解终止",
        "Ended without agreement",
    ),
    ("dispute_stage.referred", "转其他渠道", "Referred"),
    (
        "dispute_stage.confirmation_applied",
        "已申请司法确认",
        "Confirmation applied for",
    ),
    (
        "dispute_stage.confirmation_accepted",
        "法院已受理",
        "Court accepted",
    ),
    ("dispute_stage.confirmed", "已司法确认", "Confirmed"),
    ("dispute_stage.not_confirmed", "未予确认", "Not confirmed"),
    ("dispute_stage.litigation", "诉讼中", "In court"),
    ("dispute_stage.judged", "已判决", "Judged"),
    ("party_role.applicant", "申请人", "Applicant"),
    ("party_role.respondent", "被申请人", "Respondent"),
    ("party_role.other", "第三人", "Other party"),
    ("channel_d.peoples", "人民调解", "People's mediation"),
    (
        "channel_d.professional",
        "行业性专业性调解",
        "Professional mediation",
    ),
    ("channel_d.lawyer", "律师调解", "Lawyer mediation"),
    ("channel_d.arbitration", "仲裁", "Arbitration"),
    ("channel_d.court", "诉讼", "Court"),
    ("failure.declined", "被申请人拒绝调解", "Declined"),
    ("failure.no_reply", "被申请人逾期未答复", "No reply"),
    ("failure.no_agreement", "未达成协议", "No agreement"),
    ("failure.timed_out", "调解期限届满", "Out of time"),
    ("failure.withdrawn", "申请人撤回", "Withdrawn"),
    ("mode.in_person", "现场调解", "In person"),
    ("mode.video", "视频调解", "By video"),
    (
        "rule.amount_over_court_threshold",
        "争议金额巨大，建议诉讼",
        "Very large amount: court",
    ),
    (
        "rule.labour_arbitration_first",
        "劳动争议仲裁前置（《劳动争议调解仲裁法》第五条）",
        "Labour disputes go to arbitration before any suit (Labour Dispute Mediation and Arbitration Law art. 5)",
    ),
    (
        "rule.labour_mediation_then_arbitration",
        "劳动争议调解，15 日内未达成协议的申请仲裁（第十条、第十四条）",
        "Labour mediation; without an agreement in 15 days, arbitration (arts. 10, 14)",
    ),
    (
        "rule.risk_handled_locally",
        "有激化风险，就近由人民调解先行介入",
        "Risk of escalation: handled close by first",
    ),
    (
        "rule.complex_or_large",
        "法律关系复杂或金额较大，建议律师调解",
        "Complex or large: lawyer mediation",
    ),
    (
        "rule.professional_body",
        "有对口行业性专业性调解组织",
        "A professional body takes this type",
    ),
    (
        "rule.everyday_dispute",
        "一般纠纷，人民调解",
        "Everyday dispute: people's mediation",
    ),
    ("urgency_d.normal", "一般", "Normal"),
    ("urgency_d.urgent", "紧急", "Urgent"),
    ("risk.threats", "扬言暴力或极端行为", "Threats"),
    ("risk.many_people", "涉及人数众多", "Many people"),
    (
        "risk.vulnerable",
        "涉及老弱病残等弱势群体",
        "A vulnerable party",
    ),
    ("risk.repeated", "反复发生或多次反映", "Repeated"),
    ("complexity.low", "简单", "Low"),
    ("complexity.medium", "一般", "Medium"),
    ("complexity.high", "复杂", "High"),
    ("court_step.accept", "受理", "Accept"),
    ("court_step.refuse", "不予受理", "Refuse"),
    (
        "court_step.extend",
        "延长审查期限 10 日",
        "Extend by 10 days",
    ),
    ("court_step.confirm", "裁定确认有效", "Confirm"),
    ("court_step.not_confirm", "裁定不予确认", "Not confirm"),
    (
        "court_step.register",
        "立案（填写案号）",
        "Register (court number)",
    ),
    ("court_step.result", "回传结果", "Record the result"),
    ("event.dispute_opened", "转为纠纷调解", "Became a dispute"),
    ("event.dispute_evaluated", "纠纷评估完成", "Evaluated"),
    (
        "event.dispute_channel_reason",
        "评估：未采用推荐渠道的理由",
        "Why another channel",
    ),
    (
        "event.dispute_mediator",
        "选定调解组织和调解员",
        "Mediator chosen",
    ),
    (
        "event.dispute_consented",
        "被申请人同意调解",
        "Respondent consented",
    ),
    (
        "event.dispute_declined",
        "被申请人拒绝调解",
        "Respondent declined",
    ),
    (
        "event.dispute_no_reply",
        "被申请人逾期未答复，调解终止",
        "No reply: mediation ended",
    ),
    ("event.dispute_session", "安排调解", "Session scheduled"),
    ("event.dispute_minutes", "调解笔录", "Minutes"),
    (
        "event.dispute_extended",
        "延长调解期限",
        "Mediation extended",
    ),
    ("event.dispute_agreed", "达成调解协议", "Agreement reached"),
    ("event.dispute_failed", "调解终止", "Mediation ended"),
    (
        "event.dispute_overdue",
        "调解期限已到",
        "Mediation deadline passed",
    ),
    (
        "event.term_performed",
        "回访：协议条款已履行",
        "Follow-up: a term was performed",
    ),
    (
        "event.term_not_performed",
        "回访：协议条款尚未履行",
        "Follow-up: a term is not yet performed",
    ),
    (
        "event.agreement_fulfilled",
        "调解协议已全部履行",
        "The agreement was performed in full",
    ),
    (
        "event.library_published",
        "经审核公开到案例库",
        "Reviewed and published in the case library",
    ),
    (
        "event.library_withheld",
        "不公开到案例库",
        "Withheld from the case library",
    ),
    (
        "event.agreement_signed",
        "当事人在调解协议上签名",
        "A party signed the agreement",
    ),
    (
        "event.agreement_effective",
        "调解协议生效",
        "The agreement took effect",
    ),
    (
        "event.confirmation_party_applied",
        "一方当事人申请司法确认（待另一方申请）",
        "One party applied for confirmation (waiting for the other)",
    ),
    (
        "event.confirmation_applied",
        "申请司法确认",
        "Confirmation applied for",
    ),
    (
        "event.confirmation_accepted",
        "法院受理司法确认申请",
        "Court accepted",
    ),
    (
        "event.confirmation_refused",
        "法院不予受理",
        "Court refused",
    ),
    (
        "event.confirmation_extended",
        "法院延长审查期限",
        "Court extended",
    ),
    (
        "event.confirmation_confirmed",
        "法院裁定确认调解协议有效",
        "Agreement confirmed",
    ),
    (
        "event.confirmation_not_confirmed",
        "法院裁定不予确认",
        "Not confirmed",
    ),
    ("event.litigation_filed", "移送法院诉讼", "Sent to court"),
    (
        "event.litigation_registered",
        "法院立案",
        "Court registered",
    ),
    ("event.litigation_judged", "法院处理结果", "Court's result"),
    ("notice.dispute_assigned", "新调解案件", "New mediation"),
    (
        "notice.dispute_consented",
        "被申请人同意调解",
        "Respondent consented",
    ),
    (
        "notice.dispute_declined",
        "被申请人拒绝调解",
        "Respondent declined",
    ),
    ("notice.dispute_agreed", "达成调解协议", "Agreement"),
    ("notice.dispute_failed", "调解终止", "Mediation ended"),
    (
        "notice.dispute_confirmation",
        "司法确认申请",
        "Confirmation to decide",
    ),
    ("notice.dispute_litigation", "纠纷移送诉讼", "A suit"),
    ("notice.dispute_ruled", "法院处理结果", "Court's decision"),
    (
        "notice.dispute_overdue",
        "调解（审查）期限已到",
        "Deadline passed",
    ),
    ("odr.again", "重新回答", "Start again"),
    ("odr.all_types", "全部类型", "All types"),
    ("odr.answer", "解答", "Answer"),
    (
        "odr.answered",
        "律师、调解员在线解答",
        "Answered by lawyers and mediators",
    ),
    (
        "odr.ask",
        "在线咨询律师、调解员",
        "Ask a lawyer or mediator",
    ),
    (
        "odr.ask_hint",
        "请勿填写姓名、电话、身份证号等个人信息。提交后请保存页面链接，以便查看解答。",
        "Do not include names, phone or ID numbers. Keep the page's link to read the answer.",
    ),
    ("odr.consult", "纠纷自助咨询", "Self-help guides"),
    ("odr.days", "天", "days"),
    ("odr.kb", "知识库相关解答", "From the knowledge base"),
    ("odr.laws", "相关法律规定", "The law"),
    (
        "odr.lead",
        "先咨询、再评估、后调解，调解不成可衔接诉讼。回答几个问题，了解您的纠纷可以怎样解决。",
        "Consult, evaluate, mediate — and the court when mediation fails. Answer a few questions to see how your dispute can be resolved.",
    ),
    ("odr.library", "调解案例库", "Case library"),
    (
        "odr.library_lead",
        "已办结纠纷的匿名案例：不含姓名、电话、证件号码和详细地址。",
        "Anonymised past disputes: no names, phones, ID numbers or exact addresses.",
    ),
    ("odr.no", "否", "No"),
    (
        "odr.no_questions",
        "暂无待解答的咨询。",
        "No questions waiting.",
    ),
    ("odr.not_settled", "未调成", "Not settled"),
    (
        "odr.open_questions",
        "待解答的在线咨询",
        "Questions to answer",
    ),
    ("odr.question", "咨询问题", "Question"),
    ("odr.reply", "提交解答", "Answer"),
    ("odr.search", "关键词", "Words"),
    ("odr.send", "提交咨询", "Ask"),
    ("odr.similar_cases", "看看类似案例", "Similar cases"),
    ("odr.title", "矛盾纠纷多元化解", "Dispute resolution"),
    (
        "odr.waiting",
        "已收到您的咨询，值班律师或调解员将尽快解答，请稍后刷新本页查看。",
        "Received; a lawyer or mediator on duty will answer soon. Refresh this page later.",
    ),
    ("odr.yes", "是", "Yes"),
    (
        "odr_path.negotiate",
        "建议：先与对方协商",
        "Advice: talk it over first",
    ),
    (
        "odr_path.mediate",
        "建议：申请调解",
        "Advice: apply for mediation",
    ),
    (
        "odr_path.elsewhere",
        "建议：向有关部门求助",
        "Advice: go to the body in charge",
    ),
    ("nav.odr", "纠纷调解", "Disputes"),
    ("dtype.neighbour", "邻里纠纷", "Neighbours"),
    ("dtype.family", "婚姻家庭纠纷", "Family"),
    ("dtype.property", "物业纠纷", "Property management"),
    ("dtype.labour", "劳动争议", "Labour"),
    ("dtype.consumer", "消费纠纷", "Consumer"),
    ("dtype.medical", "医疗纠纷", "Medical"),
    ("dtype.traffic", "交通事故纠纷", "Traffic accident"),
    ("dtype.tenancy", "房屋租赁纠纷", "Tenancy"),
    ("dtype.other", "其他纠纷", "Other"),
    (
        "respond.title",
        "被申请人答复调解邀请",
        "Answer a request to mediate",
    ),
    (
        "respond.lead",
        "有人申请与您调解纠纷。请输入调解员告知您的编号和您手机号的后四位，查看请求事项并答复是否同意调解。调解不收费。",
        "Someone asks to mediate a dispute with you. Enter the number the mediator gave you and the last four digits of your phone to see the claims and answer. Mediation is free.",
    ),
    (
        "respond.last4",
        "您手机号后四位",
        "Last four digits of your phone",
    ),
    ("respond.due", "请在此时间前答复：", "Please answer by"),
    ("respond.send", "提交答复", "Answer"),
    (
        "respond.code_lead",
        "为确认是您本人答复，请先获取验证码：将以短信发送到申请人为您登记的手机号。",
        "To confirm the answer is yours, get a code first: it is sent by SMS to the phone the applicant gave for you.",
    ),
    ("respond.send_code", "发送验证码", "Send the code"),
    ("respond.code", "短信验证码", "Code from the SMS"),
    (
        "respond.code_sent",
        "验证码已发送，10 分钟内有效。",
        "The code is sent; it is good for 10 minutes.",
    ),
    (
        "respond.err_code_invalid",
        "验证码不正确或已过期，请重新获取。",
        "The code is wrong or has expired; get a new one.",
    ),
    (
        "respond.err_throttled",
        "操作过于频繁，请稍后再试。",
        "Too many tries; please try again later.",
    ),
    (
        "case_err.respondent_no_mobile",
        "登记的号码不是手机号，无法发送验证码；请直接联系调解员，由调解员记录您的答复。",
        "The phone on record is not a mobile: please call the mediator, who will record your answer.",
    ),
    (
        "case_err.not_awaiting_consent",
        "该纠纷目前不需要您答复。",
        "This dispute does not wait for your answer now.",
    ),
    (
        "respond.answered",
        "您的答复已记录，调解员会与您联系。",
        "Your answer is recorded; the mediator will contact you.",
    ),
    (
        "track.mediator_chosen",
        "已为您选定调解员，调解员将联系被申请人征求意见。",
        "Your mediator is chosen; the mediator will ask the respondent.",
    ),
    (
        "track.choose_mediator",
        "请选择调解组织和调解员",
        "Choose the organisation and mediator",
    ),
    (
        "track.choose_hint",
        "按专业领域、所在街道、在调案件数和以往调解成功率推荐，排在前面的更合适；您也可以自行选择。",
        "Ranked by field, area, current load and record; the first fits best, but the choice is yours.",
    ),
    (
        "track.mediator_rated",
        "感谢您对调解员的评价。",
        "Thank you for rating the mediator.",
    ),
    ("track.rate_mediator", "请为调解员打分", "Rate the mediator"),
    (
        "track.your_rating",
        "您对调解员的评价：",
        "Your rating of the mediator:",
    ),
    (
        "event.dispute_rated",
        "当事人评价调解员",
        "The party rated the mediator",
    ),
    (
        "err.unknown_whistle",
        "吹哨编号不存在或无权查看。",
        "No such whistle, or not yours to see.",
    ),
    (
        "err.more_than_fined",
        "实缴金额不能超过决定的罚款。",
        "More than the fine decided.",
    ),
    ("nav.enforcement", "综合执法", "Enforcement"),
    (
        "whistle.reasons_title",
        "吹哨事由与报到时限",
        "Whistle reasons and report deadlines",
    ),
    (
        "whistle.reasons_lead",
        "各事由的默认报到时限（分钟，10–10080）；街道吹哨时也可另设。",
        "Each reason's default minutes to report (10–10080); a street may set its own when it whistles.",
    ),
    (
        "notice.decision_due",
        "执法案件决定期限将至",
        "Enforcement decision due",
    ),
    (
        "enforcement_event.decision_due",
        "决定期限将至，已提醒",
        "Decision deadline near: reminded",
    ),
    ("leaders.title", "区领导分管", "Leaders in charge"),
    (
        "leaders.lead",
        "领导包案的诉求交给分管该街道的区领导，其次分管该领域的区领导。",
        "A leader-owned case goes to the leader in charge of its street, else of its field.",
    ),
    ("leaders.leader", "区领导", "Leader"),
    ("leaders.theme", "分管领域", "Field"),
    ("leaders.add", "添加分管", "Assign"),
    (
        "err.not_a_leader",
        "请选择一位在职的区领导。",
        "Choose an active district leader.",
    ),
    (
        "err.street_or_theme",
        "请选择街道或领域之一。",
        "Choose a street or a field, one of them.",
    ),
    (
        "err.already_assigned",
        "已有此分管关系。",
        "Already assigned.",
    ),
    ("nav.assessment", "考核", "Assessment"),
    ("assess.title", "考核排名", "Assessment ranking"),
    ("assess.ranking", "月度排名", "Monthly ranking"),
    ("assess.dashboard", "领导驾驶舱", "Leaders' dashboard"),
    (
        "assess.records",
        "干部实绩档案",
        "Cadre performance records",
    ),
    (
        "assess.topics",
        "每月一题",
        "Themes of the year (a problem a month)",
    ),
    (
        "assess.report",
        "月度报告（可打印）",
        "Monthly report (printable)",
    ),
    (
        "assess.report_title",
        "接诉即办月度考核报告",
        "Monthly assessment report",
    ),
    ("assess.xlsx", "下载 Excel", "Download XLSX"),
    ("assess.month", "月份", "Month"),
    (
        "assess.kind_street",
        "街道（含所属社区）",
        "Streets (with their communities)",
    ),
    ("assess.kind_department", "区职能部门", "Departments"),
    (
        "assess.kind_enterprise",
        "公共服务企业",
        "Public-service enterprises",
    ),
    ("assess.frozen", "本月已封存", "Month closed"),
    (
        "assess.live",
        "本月未封存，数据随记录变化",
        "Month not closed: figures follow the records",
    ),
    ("assess.differences", "封存后变化", "Changes since closing"),
    (
        "assess.differences_rule",
        "月份封存后，正式数据不再改写；此后到达的评价或补录的办结在此列出，封存值与当前值并列。",
        "Once a month is closed its official figures stay; verdicts or closings recorded later are listed here, as frozen and as now.",
    ),
    (
        "assess.no_differences",
        "封存以来没有变化。",
        "Nothing changed since the month was closed.",
    ),
    ("assess.as_frozen", "封存时", "As frozen"),
    ("assess.as_now", "当前", "Now"),
    ("assess.absent", "（无）", "(none)"),
    (
        "assess.rule",
        "考核件：当月办结、办结时承办单位为该单位的诉求（咨询当场答复、合并件、经审核不纳入考核的除外；重办件再次办结时再计一次）。响应率＝按时首次联系÷考核件；解决率＝评价已解决÷已评价；满意率＝（满意1、基本满意0.8、不满意0）的平均。无评价的比率不计为零，其权重按比例分给其他比率。",
        "Assessed: closed in the month with the unit accountable at closing (not consultations answered at intake, merged or excluded cases; a redone case counts again when closed again). Response = first contact in time ÷ assessed; resolution = rated resolved ÷ rated; satisfaction = mean of satisfied 1, basic 0.8, dissatisfied 0. A rate with nothing rated is not zero: its weight goes to the others in proportion.",
    ),
    (
        "assess.weights",
        "权重（响应、解决、满意）",
        "Weights (response, resolution, satisfaction)",
    ),
    (
        "assess.service_weights",
        "块考核条权重（报到及时、街道评价、属地诉求）",
        "Street-scores-department weights (reports in time, ratings, cases in the street)",
    ),
    ("assess.top_n", "前后点名数", "Top and bottom named"),
    ("assess.rank", "名次", "Rank"),
    ("assess.cases", "考核件数", "Assessed cases"),
    ("assess.response", "响应率", "Response rate"),
    ("assess.resolution", "解决率", "Resolution rate"),
    ("assess.satisfaction", "满意率", "Satisfaction rate"),
    ("assess.score", "综合得分", "Score"),
    ("assess.on_time", "按时办结率", "Closed on time"),
    ("assess.redo", "重办率", "Redo rate"),
    ("assess.send_backs", "批准退单", "Approved send-backs"),
    (
        "assess.whistles",
        "吹哨按时报到率",
        "Whistle reports in time",
    ),
    ("assess.rating", "街道评价均分", "Streets' mean rating"),
    ("assess.marks", "点名", "Named"),
    ("assess.top", "前列", "Top"),
    ("assess.bottom", "末位", "Bottom"),
    (
        "assess.flagged",
        "连续两月末位，约谈",
        "Bottom two months running: talk",
    ),
    ("assess.no_rating", "无评价", "No rating"),
    (
        "assess.trend",
        "全区三率走势（%）",
        "District rates by month (%)",
    ),
    (
        "assess.street_view",
        "块考核条：街道评部门",
        "Street scores departments",
    ),
    (
        "assess.street_rule",
        "街道对服务本街道的部门评分：吹哨按时报到、街道对报到的评价（1–5 分折算）、部门在本街道诉求的综合得分；权重",
        "The street's score of each department that served it: whistle reports in time, the street's ratings (1–5 scaled), and the score of its cases in the street; weights",
    ),
    ("assess.summoned", "被吹哨次数", "Summoned"),
    ("assess.cases_here", "本街道考核件", "Cases in the street"),
    ("assess.case_score", "诉求得分", "Case score"),
    ("assess.nothing", "暂无。", "Nothing yet."),
    ("assess.freeze", "封存月份", "Close the month"),
    ("assess.settings", "考核设置", "Assessment settings"),
    ("assess.save", "保存", "Save"),
    ("assess.saved", "已保存。", "Saved."),
    ("assess.denominator", "分母件数", "Cases in the denominator"),
    ("assess.round", "轮次", "Round"),
    ("assess.closed_at", "办结时间", "Closed"),
    ("assess.contact_in_time", "按时联系", "Contacted in time"),
    ("assess.closed_in_time", "按时办结", "Closed in time"),
    ("assess.verdict", "评价", "Verdict"),
    ("assess.counts", "计入分子", "Counts"),
    ("assess.resolved", "已解决", "Resolved"),
    ("assess.unresolved", "未解决", "Not resolved"),
    ("assess.no_verdict", "未评价", "Not rated"),
    (
        "assess.records_rule",
        "档案条目由系统根据实际发生的事件自动提出（重办后满意、超期、退单获批、吹哨迟到或未报到、街道高分评价、领导包案解决、调解成功），每条附证据，经单位负责人或考核办确认或驳回并说明理由。本人可查看自己的档案。",
        "Entries are proposed from events (satisfied after a redo, overdue, an approved send-back, a late or missing whistle report, a high street rating, a leader-owned case resolved, a settled mediation), each with its evidence, and confirmed or rejected with a reason by the unit head or the assessment office. Everyone sees their own record.",
    ),
    ("assess.all", "全部", "All"),
    ("assess.proposed", "待确认", "Proposed"),
    ("assess.confirmed", "已确认", "Confirmed"),
    ("assess.rejected", "已驳回", "Rejected"),
    ("assess.my_summary", "本人汇总", "My summary"),
    ("assess.entries", "档案条目", "Entries"),
    ("assess.entry", "事项", "Entry"),
    ("assess.person", "人员", "Person"),
    ("assess.when", "时间", "When"),
    ("assess.evidence", "证据", "Evidence"),
    ("assess.status", "状态", "Status"),
    ("assess.reason", "理由", "Reason"),
    ("assess.confirm", "确认", "Confirm"),
    ("assess.reject", "驳回", "Reject"),
    (
        "assess.e_redo_satisfied",
        "重办后群众满意",
        "Satisfied after a redo",
    ),
    ("assess.e_overdue", "诉求超期办结", "Case closed overdue"),
    (
        "assess.e_send_back_approved",
        "退单获批",
        "Send-back approved",
    ),
    (
        "assess.e_whistle_late",
        "吹哨报到迟到或未报到",
        "Whistle report late or missing",
    ),
    (
        "assess.e_high_street_rating",
        "街道高分评价",
        "High street rating",
    ),
    (
        "assess.e_leader_case_resolved",
        "领导包案难题解决",
        "Leader-owned difficult case resolved",
    ),
    (
        "assess.e_mediation_settled",
        "调解成功",
        "Mediation settled",
    ),
    ("assess.hotspots", "突增预警", "Surges (early warning)"),
    (
        "assess.hot_rule",
        "预警规则：某类诉求在某街道或社区当月件数 n 不少于 5 件、不低于上年同月件数 μ 的 2 倍，且 (n − μ) ÷ √max(μ, 1) ≥ 3（按泊松分布，平稳月份约数百分之一的概率出现）。与上年同月相比，季节性诉求（如供暖季）不会触发。",
        "The rule: a category in a street or community surges when this month's count n is at least 5, at least twice the count μ of the same month a year earlier, and (n − μ) ÷ √max(μ, 1) ≥ 3 (Poisson: a steady month shows this about once in a few hundred). Compared with the same month a year earlier, a season (heating) does not fire it.",
    ),
    (
        "assess.no_hotspots",
        "本月没有突增。",
        "No surges this month.",
    ),
    ("assess.category", "类别", "Category"),
    ("assess.place", "地点", "Place"),
    ("assess.count", "本月件数", "This month"),
    ("assess.baseline", "上年同月", "Same month a year earlier"),
    (
        "assess.adopt",
        "列为年度题目",
        "Choose as a theme of the year",
    ),
    ("assess.adopted", "年度题目", "The year's themes"),
    ("assess.year", "年度", "Year"),
    (
        "assess.no_themes",
        "本年度尚未选定题目。",
        "No themes chosen for this year yet.",
    ),
    (
        "assess.candidates",
        "候选题目（近 12 个月）",
        "Candidates (last 12 months)",
    ),
    (
        "assess.candidate_rule",
        "按诉求量、重复诉求（合并的重复来电和重办件）、不满意占比、涉及街道数四项在全部类别中的百分位取平均排序，四项等权（北京市未公布权重，为平台默认）。",
        "Ranked by the mean of four percentiles among all categories: calls, repeat calls (merged duplicates and reopened cases), the share of dissatisfied verdicts and the streets reached; equal weights (Beijing publishes none; the platform's default).",
    ),
    ("assess.repeats", "重复诉求", "Repeat calls"),
    ("assess.dissatisfied", "不满意占比", "Dissatisfied share"),
    ("assess.spread", "涉及街道", "Streets reached"),
    ("assess.index", "综合指数", "Index"),
    ("assess.chosen", "已选定", "Chosen"),
    ("assess.targets", "目标", "Targets"),
    ("assess.target_reduction", "诉求量下降%", "Fewer calls %"),
    (
        "assess.baseline_line",
        "基线（选题前 12 个月，月均件数）",
        "Baseline (12 months before the choice, calls a month)",
    ),
    (
        "case_err.topic_exists",
        "该类别和地点本年度已列为题目。",
        "This category and place is already a theme of the year.",
    ),
    (
        "case_err.topic_year",
        "只能为本年度或下一年度选题。",
        "Themes are chosen for this year or next.",
    ),
    (
        "case_err.due_in_the_past",
        "完成时限不能早于今天。",
        "The deadline cannot be in the past.",
    ),
    ("assess.topic_title", "题目", "Title"),
    ("assess.lead_unit", "牵头单位", "Lead unit"),
    ("assess.tasks", "任务", "Tasks"),
    ("assess.due", "完成时限", "Deadline"),
    ("assess.progress", "进展", "Progress"),
    ("assess.done", "已完成", "Done"),
    (
        "assess.grid",
        "当月诉求：主题 × 街道",
        "This month's cases: theme × street",
    ),
    (
        "assess.overdue",
        "当前超期未办结（按单位）",
        "Open and overdue now, by unit",
    ),
    (
        "assess.mediations",
        "调解成功 / 结束",
        "Mediations agreed / ended",
    ),
    ("cases.agent", "承办人", "Agent"),
    (
        "case_err.month_open",
        "该月尚未结束，不能封存。",
        "The month is not over yet; it cannot be closed.",
    ),
    (
        "case_err.month_frozen",
        "该月已封存。",
        "The month is already closed.",
    ),
    (
        "case_err.already_decided",
        "该条目已处理。",
        "This entry has already been decided.",
    ),
    (
        "case_err.scheme_invalid",
        "方案无效：三项权重不能全为零，街道不设街道评价占比，至少纳入一类诉求且不含信访。",
        "Invalid scheme: the weights cannot all be zero, streets take no streets' share, and at least one kind of case must count (never petitions).",
    ),
    ("units.population", "常住人口", "Residents"),
    (
        "assess.dispatch",
        "派单中心用时（受理至首次派单，各单位自接单起计时）",
        "The dispatch centre's time (from the call to the first routing; units are timed from receipt)",
    ),
    ("assess.dispatch_routed", "已派单", "Routed"),
    ("assess.dispatch_median", "中位分钟", "Median minutes"),
    (
        "assess.dispatch_p90",
        "90%分位分钟",
        "90th percentile minutes",
    ),
    ("assess.dispatch_waiting", "待派单", "Waiting"),
    ("assess.whistles_short", "现场按时报到", "On site in time"),
    (
        "assess.governance",
        "治理类街乡",
        "Streets and communities for treatment",
    ),
    (
        "assess.governance_hint",
        "诉求量（有常住人口时按每万人件数）高于同类中位数、且综合得分低于同类中位数的街道和社区。统计月数：",
        "Streets and communities whose volume (cases per 10,000 residents where populations are recorded) is above their class's median and whose score is below it. Months looked at:",
    ),
    (
        "assess.governance_none",
        "本期没有治理类街乡。",
        "None this period.",
    ),
    (
        "assess.governance_months",
        "治理类街乡统计月数",
        "Months for the treatment list",
    ),
    ("assess.volume", "诉求量", "Volume"),
    ("assess.median", "同类中位数", "Class median"),
    ("assess.rates_score", "三率得分", "Rates score"),
    ("assess.street_share", "街道评价", "Streets' evaluation"),
    ("assess.per_10k", "每万人件数", "Cases per 10,000 residents"),
    ("assess.schemes", "分类考核方案", "Schemes by class of unit"),
    ("assess.scheme_class", "单位类别", "Class of unit"),
    ("assess.scheme_from", "起始月份", "From month"),
    ("assess.scheme_share", "街道评价占比%", "Streets' share %"),
    (
        "assess.scheme_kinds",
        "纳入三率的诉求类型",
        "Kinds of case counted",
    ),
    ("assess.scheme_source", "依据", "Source"),
    ("assess.scheme_save", "记录方案", "Record the scheme"),
    ("assess.scheme_builtin", "平台默认", "Platform default"),
    (
        "assess.scheme_hint",
        "新方案自所填月份起适用；已封存的月份保持封存时的方案，不能在其上或其前记录新方案。",
        "A new scheme applies from the month given; a frozen month keeps the scheme it was scored by, so no scheme may start at or before it.",
    ),
    (
        "assess.share_rule",
        "部门、企业的综合得分＝三率得分×（1－街道评价占比）＋街道评价×占比；街道评价为各街道对其评分（报到及时、评价、属地诉求）的平均，仅现场报到计为报到。",
        "A department's or enterprise's score = rates score × (1 − streets' share) + streets' evaluation × share; the streets' evaluation is the mean of each street's score of it (reports in time, ratings, cases in the street), and only on-site reporting counts as reporting.",
    ),
    (
        "case_err.not_reviewer",
        "只有单位负责人或考核办可以审核。",
        "Only the unit head or the assessment office may review.",
    ),
    (
        "case_err.own_entry",
        "不能审核本人的档案条目。",
        "You cannot review your own entry.",
    ),
    (
        "case_err.not_your_street",
        "只能查看本街道的评分。",
        "You may see only your own street's scoring.",
    ),
    (
        "case_err.not_your_unit",
        "只能查看本单位的考核明细。",
        "You may see only your own unit's cases.",
    ),
    (
        "err.invalid_month",
        "请输入有效的月份（如 2026-11）。",
        "Enter a valid month (for example 2026-11).",
    ),
    (
        "err.weights_format",
        "请填写三个 0–100 的整数，用逗号分隔，合计大于零。",
        "Enter three whole numbers 0–100 separated by commas, more than zero in total.",
    ),
    (
        "err.unknown_category",
        "派单目录中没有这个类别。",
        "No such category in the dispatch catalogue.",
    ),
    (
        "err.in_the_past",
        "日期不能早于今天。",
        "The date cannot be in the past.",
    ),
    (
        "err.invalid_date",
        "请输入有效的日期。",
        "Enter a valid date.",
    ),
    ("cases.search", "搜索诉求", "Search cases"),
    (
        "cases.search_placeholder",
        "搜索标题、内容、地址、答复（如：油烟、漏水、鲁谷）",
        "Search titles, descriptions, addresses, replies",
    ),
    (
        "err.q_too_short",
        "请至少输入两个连续的汉字，或一个字母或数字。",
        "Type at least two Chinese characters in a row, or a letter or digit.",
    ),
    ("intake.related_cases", "相关诉求", "Related cases"),
    (
        "intake.all_related",
        "查看全部相关诉求",
        "All related cases",
    ),
    ("case.similar", "疑似重复诉求", "Likely duplicates"),
    (
        "suggest.title",
        "建议分类（由本区已办结诉求训练，点击填入）：",
        "Suggested categories (learned from the district's closed cases; click to fill in):",
    ),
    ("suggest.words", "依据：", "because of: "),
    ("suggest.word_separator", "、", ", "),
    ("suggest.short", "建议：", "Suggested: "),
    ("cases.repeats", "疑似重复", "Likely duplicates"),
    ("cases.overdue_by", "超期", "overdue by"),
    ("cases.days", "天", "days"),
    (
        "error.back_workbench",
        "返回工作台",
        "Back to the workbench",
    ),
    ("flash.saved", "已保存。", "Saved."),
    (
        "flash.accept",
        "已接单，请按时联系群众。",
        "Accepted: contact the resident in time.",
    ),
    (
        "flash.contact",
        "已记录与群众的联系。",
        "The contact with the resident is recorded.",
    ),
    (
        "flash.reply",
        "答复已发送给群众，可在时间线中查看。",
        "The reply is sent to the resident; it is on the timeline.",
    ),
    (
        "flash.note",
        "内部备注已添加。",
        "The internal note is added.",
    ),
    (
        "flash.close",
        "已办结，群众将收到评价邀请。",
        "Closed; the resident is asked for a verdict.",
    ),
    ("flash.route", "已派单。", "Routed."),
    ("flash.reassign", "已改派。", "Reassigned."),
    (
        "flash.merge",
        "已合并到所选诉求。",
        "Merged into the chosen case.",
    ),
    ("flash.link", "已关联。", "Linked."),
    (
        "flash.attachments",
        "附件已上传。",
        "The attachment is uploaded.",
    ),
    ("flash.escalate", "已申请升级。", "Escalation requested."),
    ("flash.send_back", "已申请退单。", "Send-back requested."),
    ("flash.revoke", "密钥已吊销。", "The key is revoked."),
    ("flash.retire", "已停用。", "Retired."),
    ("flash.delete", "已删除。", "Deleted."),
    ("find.placeholder", "案件号或电话", "Case no. or phone"),
    (
        "find.label",
        "按案件号或电话快速查找",
        "Find by case number or phone",
    ),
    (
        "caller.lead",
        "该来电号码的诉求（未办结的在前），共",
        "This caller's cases (open ones first):",
    ),
    (
        "caller.none",
        "该号码没有以往诉求。",
        "No earlier cases from this number.",
    ),
    ("caller.all", "查看全部", "see all"),
    ("caller.open", "办理中", "open"),
    ("cases.from_date", "受理起始日期", "The first day received"),
    ("cases.to_date", "受理截止日期", "The last day received"),
    (
        "cases.bad_page",
        "页码应为正整数，已显示第 1 页。",
        "A page number is a whole number from 1; page 1 is shown.",
    ),
    (
        "cases.past_last_page",
        "没有第 {n} 页（共 {pages} 页），已显示最后一页。",
        "There is no page {n} (there are {pages}); the last page is shown.",
    ),
    (
        "intake.repeats",
        "近 7 天同一地点的相似诉求（可能是重复来电，请先打开核对）：",
        "Similar open cases at the same place in the past week (perhaps a repeat call; open them first):",
    ),
    ("suggest.by_community", "所在社区", "the place's community"),
    ("suggest.by_street", "所在街道", "the place's street"),
    (
        "case.similar_rule",
        "同一社区（或街道）前后 7 天内未办结、相距不超过 500 米、标题和内容的双字重合度不低于 30% 的诉求。合并：本件并入该件；关联：两件互相关联。",
        "Open cases in the same community (or street) received within 7 days, within 500 m, whose title and description share at least 30 % of their character pairs. Merge: this case into that one; link: relate the two.",
    ),
    ("list.sep", "，", ", "),
    ("verdict.resolved", "已解决", "resolved"),
    ("verdict.unresolved", "未解决", "not resolved"),
    ("outcome.invalid", "无效件", "Invalid (no matter raised)"),
    (
        "invalid_reason.empty",
        "无内容（无声来电、空白或无法辨认）",
        "Nothing said (a silent call, blank or unreadable)",
    ),
    ("invalid_reason.test", "测试", "A test"),
    ("invalid_reason.abusive", "骚扰辱骂", "Harassment or abuse"),
    ("invalid_reason.spam", "恶意重复", "Repeated nuisance"),
    ("invalid_reason.wrong_number", "打错电话", "A wrong number"),
    ("event.invalidated", "已作为无效件办结", "Closed as invalid"),
    (
        "event.restored",
        "已恢复为待派单",
        "Restored to the dispatch queue",
    ),
    (
        "case_err.not_waiting_for_dispatch",
        "只有待派单的诉求可以标为无效件。",
        "Only a case waiting for dispatch can be marked invalid.",
    ),
    (
        "case_err.not_invalid",
        "该诉求未被标为无效件。",
        "The case was not marked invalid.",
    ),
    (
        "case_err.invalid_case",
        "无效件不参与评价。",
        "An invalid case takes no verdict.",
    ),
    ("case.invalidate", "标为无效件", "Mark as invalid"),
    ("case.invalid_reason", "无效原因", "Why it is invalid"),
    (
        "case.internal_note",
        "内部说明（选填）",
        "Internal note (optional)",
    ),
    ("case.invalidate_button", "标为无效件", "Mark invalid"),
    ("case.restore", "恢复为有效诉求", "Restore as a valid case"),
    ("case.restore_button", "恢复", "Restore"),
    (
        "flash.invalidate",
        "已标为无效件，不计入考核。",
        "Marked invalid; it counts in no assessment.",
    ),
    (
        "flash.restore",
        "已恢复到待派单队列。",
        "Restored to the dispatch queue.",
    ),
    (
        "flash.bulk",
        "批量处理已完成，结果见下。",
        "The bulk action is done; the result is below.",
    ),
    ("view.leader", "督办与包案", "Supervised and leader-owned"),
    ("view.invalid", "无效件", "Invalid cases"),
    ("sort.received", "最新受理在前", "Newest first"),
    ("sort.received_asc", "最早受理在前", "Oldest first"),
    ("sort.due", "期限最近在前", "Soonest deadline first"),
    ("sort.overdue", "超期最久在前", "Most overdue first"),
    ("cases.sort", "排序", "Sort"),
    (
        "cases.bad_sort",
        "排序方式无效，已按最新受理排序。",
        "Unknown order; the newest are shown first.",
    ),
    ("bulk.title", "批量处理勾选的诉求", "With the ticked cases"),
    ("bulk.all", "全选本页", "Tick every case on this page"),
    ("bulk.route", "派往类别", "Route to the category"),
    ("bulk.route_button", "批量派单", "Route"),
    ("bulk.reassign", "改派给", "Hand over to"),
    ("bulk.reassign_button", "批量改派", "Reassign"),
    ("bulk.invalidate", "标为无效件", "Mark as invalid"),
    ("bulk.invalidate_button", "批量标为无效件", "Mark invalid"),
    ("bulk.done", "已处理", "Done:"),
    ("bulk.refused_count", "未能处理", "refused:"),
    ("bulk.refused", "未能处理。", "Refused."),
    (
        "bulk.none",
        "请先勾选要处理的诉求。",
        "Tick the cases first.",
    ),
    ("bulk.missing", "请先选择", "Choose first: "),
    ("bulk.field_category", "类别", "the category"),
    ("bulk.field_reason", "无效原因", "the reason"),
    ("bulk.field_agent", "承办人", "the agent"),
    ("submit.email", "电子邮箱（选填）", "E-mail (optional)"),
    (
        "submit.email_hint",
        "办理进展会以短信发送到上面的手机号；填写邮箱的，同时发送邮件。",
        "Progress is sent by SMS to the phone above; give an e-mail address to have it e-mailed too.",
    ),
    (
        "err.email_invalid",
        "请输入有效的电子邮箱地址，例如 name@example.cn。",
        "Enter a valid e-mail address, such as name@example.cn.",
    ),
    ("outbox.title", "群众通知发件箱", "Messages to residents"),
    (
        "outbox.lead",
        "受理、派单、接单、答复和办结时，系统通过短信和电子邮件告知群众。消息与办件在同一事务中写入发件箱，由发送程序逐条发出，失败的按 1 分钟、5 分钟……直至 24 小时的间隔重试，8 次后标为发送失败。未配置发送通道的消息留在发件箱中等待。",
        "Residents are told by SMS and e-mail when their case is registered, routed, accepted, answered and closed. Messages are written to this outbox in the case's own transaction and sent one by one; a failure is tried again after 1 minute, 5 minutes and so on up to 24 hours, and marked failed after 8 attempts. Messages for a medium with no sender configured wait here.",
    ),
    ("outbox.medium", "通道", "Medium"),
    ("outbox.pending", "待发送", "Waiting"),
    ("outbox.sent", "已发送", "Sent"),
    ("outbox.failed", "发送失败", "Failed"),
    (
        "outbox.failed_title",
        "发送失败的消息",
        "Messages that failed",
    ),
    ("outbox.pending_title", "等待发送的消息", "Messages waiting"),
    (
        "outbox.none_failed",
        "没有发送失败的消息。",
        "No message has failed.",
    ),
    (
        "outbox.none_pending",
        "没有等待发送的消息。",
        "No message is waiting.",
    ),
    ("outbox.retry", "全部重新发送", "Send them all again"),
    ("outbox.kind", "事项", "About"),
    ("outbox.attempts", "已尝试次数", "Attempts"),
    ("outbox.error", "最后一次错误", "Last error"),
    ("outbox.next", "下次尝试", "Next attempt"),
    ("medium.sms", "短信", "SMS"),
    ("medium.email", "电子邮件", "E-mail"),
    ("tell.received", "已受理", "Registered"),
    ("tell.accepted", "已接单", "Accepted"),
    ("tell.routed", "已派单", "Routed"),
    ("tell.replied", "有答复", "Replied"),
    ("tell.closed", "已办结并请评价", "Closed, verdict asked"),
    ("tell.party_code", "调解答复验证码", "Mediation answer code"),
    (
        "flash.retry",
        "失败的消息已重新排队发送。",
        "The failed messages are queued again.",
    ),
    ("nav.unread", "条未读", "unread"),
    ("case.told", "告知群众", "What the resident was told"),
    ("delivery.pending", "待发送", "waiting"),
    ("delivery.sent", "已发送", "sent"),
    ("delivery.failed", "发送失败", "failed"),
    (
        "cases.same_caller",
        "同一来电人 30 天内另有",
        "Same caller, other cases in 30 days:",
    ),
    ("order.title", "诉求办理工单", "Work order"),
    ("order.print", "打印工单", "Print the work order"),
    ("order.back", "返回诉求", "Back to the case"),
    ("order.matter", "诉求内容", "The matter"),
    ("order.rule", "办理要求：", "How it is handled: "),
    ("order.record", "办理记录", "The record so far"),
    ("order.result", "办理结果", "Result"),
    (
        "order.sign_line",
        "承办人签字：____________　　负责人签字：____________　　日期：______年____月____日",
        "Handled by: ____________    Head of unit: ____________    Date: ______-____-____",
    ),
    ("order.printed", "打印时间", "Printed"),
    ("case.print", "打印工单", "Print the work order"),
    ("replies.title", "常用答复", "Canned replies"),
    (
        "replies.lead",
        "承办人答复群众时可从这里选取措辞，再按实际情况修改后发送。可以只用于某个类别，也可以用于所有类别。",
        "Agents start a public reply from these wordings and change them to fit before sending. Each is for one category, or for every category.",
    ),
    ("replies.every_category", "所有类别通用", "Every category"),
    ("replies.name", "名称", "Name"),
    ("replies.text", "答复内容", "Wording"),
    ("replies.add", "添加", "Add"),
    ("replies.retire", "停用", "Retire"),
    ("replies.use", "选用常用答复", "Start from a canned reply"),
    ("replies.none_chosen", "（不使用）", "(none)"),
    ("nav.map", "地图", "Map"),
    ("map.title", "诉求地图", "Cases on the map"),
    ("map.open_cases", "在办诉求", "Open cases"),
    ("map.shown", "显示", "Showing"),
    (
        "map.approximate",
        "图中街道、社区边界为按社区中心点生成的示意范围，并非法定边界；管理员可导入本区的边界数据。",
        "The streets' and communities' outlines are approximate shapes made from the communities' centres, not legal boundaries; an administrator can load the district's own.",
    ),
    (
        "map.needs_script",
        "地图需要启用浏览器脚本。",
        "The map needs scripts enabled in the browser.",
    ),
    ("map.admin_title", "辖区地图", "The district's map"),
    (
        "map.admin_lead",
        "导入本区街道、社区边界的 GeoJSON 文件（FeatureCollection，面要素，每个要素带 name 属性，WGS84 坐标），所有地图随即改用它。",
        "Load a GeoJSON file of the district's streets and communities (a FeatureCollection of polygons, each with a name property, in WGS84); every map uses it at once.",
    ),
    ("map.loaded", "已导入边界，要素数：", "Loaded; features:"),
    (
        "map.own_since",
        "正在使用本区导入的边界，导入时间：",
        "Using the district's own outlines, loaded",
    ),
    ("map.file", "GeoJSON 文件", "GeoJSON file"),
    ("map.load", "导入", "Load"),
    (
        "map.pick_hint",
        "在地图上点一下诉求所在位置即可自动填写坐标；只填地址也可以，系统会按地址推测所在社区。",
        "Tap the place on the map to fill in the coordinates; an address alone is fine too, and the community is guessed from it.",
    ),
    (
        "map.pick_label",
        "点选诉求位置的地图",
        "Map to tap the place on",
    ),
    (
        "err.not_geojson",
        "文件不是有效的 GeoJSON（JSON 格式有误）。",
        "The file is not valid GeoJSON (the JSON is malformed).",
    ),
    (
        "err.not_a_feature_collection",
        "文件应为 GeoJSON FeatureCollection。",
        "The file must be a GeoJSON FeatureCollection.",
    ),
    (
        "err.no_features",
        "文件中没有任何要素。",
        "The file has no features.",
    ),
    (
        "err.feature_without_name",
        "每个要素都需要 name 属性（街道或社区名称）。",
        "Every feature needs a name property (the street's or community's name).",
    ),
    (
        "err.bad_geometry",
        "要素的几何应为面（Polygon 或 MultiPolygon），坐标为中国境内的 WGS84 经纬度。",
        "Each feature's geometry must be a Polygon or MultiPolygon of WGS84 coordinates inside China.",
    ),
    ("err.too_large", "文件太大。", "The file is too large."),
    ("list.semi", "；", "; "),
    ("actor.system", "系统", "the system"),
    (
        "calendar.source_shipped",
        "随系统提供",
        "Shipped with the system",
    ),
    (
        "calendar.source_upload",
        "管理员导入",
        "Loaded by an administrator",
    ),
    (
        "calendar.err_syntax",
        "第 {line} 行格式有误。",
        "Line {line} is not in the expected format.",
    ),
    (
        "calendar.err_wrong_year",
        "{date} 列在 [{year}] 下，但不属于该年。",
        "{date} is listed under [{year}] but belongs to another year.",
    ),
    (
        "calendar.err_not_weekend",
        "{date} 列为调休上班日，但不是周六或周日。",
        "{date} is listed as a make-up working day but is not a Saturday or Sunday.",
    ),
    (
        "calendar.err_both",
        "{date} 同时列为放假日和上班日。",
        "{date} is listed both as a day off and as a working day.",
    ),
    (
        "calendar.err_empty",
        "没有找到年份节（如 [2027]）。",
        "No year section (such as [2027]) was found.",
    ),
    ("money.yuan", "元", "yuan"),
    ("care.decided_by_self", "本人", "the elder"),
    ("units.children", "下属 {n} 个", "{n} below"),
    (
        "units.tree_hint",
        "按隶属关系排列；点击街道展开其社区。按类别筛选可看表格。",
        "Arranged by who belongs to whom; open a street to see its communities. Filter by kind for a table.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for k in keys() {
            assert!(seen.insert(k), "duplicate key {k}");
        }
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/");
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((
                        path.display().to_string(),
                        std::fs::read_to_string(&path).unwrap(),
                    ));
                }
            }
        }
        let mut sources = Vec::new();
        for sub in ["templates", "src"] {
            walk(std::path::Path::new(&format!("{dir}{sub}")), &mut sources);
        }
        for (path, text) in sources {
            for (i, _) in text.match_indices(".t(\"") {
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                assert!(
                    MESSAGES.contains_key(key),
                    "{path} uses unknown message key {key}"
                );
            }
        }
    }

    #[test]
    fn english_messages_are_english() {
        // The language switch names Chinese in Chinese; the powers sheet's headers are what the file must contain.
        const CHINESE_ON_PURPOSE: [&str; 2] = ["site.lang_switch", "powers.lead"];
        let chinese = |c: char| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        };
        let bad: Vec<&str> = TABLE
            .iter()
            .filter(|(k, _, en)| !CHINESE_ON_PURPOSE.contains(k) && en.chars().any(chinese))
            .map(|(k, _, _)| *k)
            .collect();
        assert!(
            bad.is_empty(),
            "English messages with Chinese in them: {bad:?}"
        );
    }

    #[test]
    fn every_code_shown_by_label_has_a_message() {
        use gongzhi_domain::cases::{CaseKind, Channel};
        use gongzhi_domain::org::{Role, UnitKind};
        let mut keys: Vec<String> = Vec::new();
        keys.extend(CaseKind::ALL.iter().map(|k| format!("kind.{}", k.code())));
        keys.extend(Channel::ALL.iter().map(|c| format!("channel.{}", c.code())));
        keys.extend(Role::ALL.iter().map(|r| format!("role.{}", r.code())));
        keys.extend(
            UnitKind::ALL
                .iter()
                .map(|k| format!("unit_kind.{}", k.code())),
        );
        keys.extend(
            gongzhi_domain::cases::CaseStatus::ALL
                .iter()
                .map(|s| format!("status.{}", s.code())),
        );
        keys.extend(
            gongzhi_domain::cases::Outcome::ALL
                .iter()
                .map(|s| format!("outcome.{}", s.code())),
        );
        keys.extend(
            gongzhi_domain::cases::Satisfaction::ALL
                .iter()
                .map(|s| format!("satisfaction.{}", s.code())),
        );
        keys.extend(["community", "street", "district"].map(|t| format!("tier.{t}")));
        keys.extend((1..=6).map(|i| format!("step.{i}")));
        keys.extend(
            [
                "mine",
                "unit",
                "leader",
                "due",
                "overdue",
                "dispatch",
                "send_back",
                "escalation",
                "requests",
                "invalid",
                "all",
            ]
            .map(|v| format!("view.{v}")),
        );
        keys.extend(
            gongzhi_domain::notify::Delivery::ALL
                .iter()
                .map(|d| format!("delivery.{}", d.code())),
        );
        keys.extend(
            gongzhi_domain::notify::Medium::ALL
                .iter()
                .map(|m| format!("medium.{}", m.code())),
        );
        keys.extend(
            gongzhi_domain::notify::TellKind::ALL
                .iter()
                .map(|k| format!("tell.{}", k.code())),
        );
        keys.extend(
            gongzhi_domain::cases::InvalidReason::ALL
                .iter()
                .map(|r| format!("invalid_reason.{}", r.code())),
        );
        keys.extend(
            gongzhi_store::cases::CaseOrder::ALL
                .iter()
                .map(|o| format!("sort.{}", o.code())),
        );
        keys.extend(
            gongzhi_domain::cases::PendingRequest::ALL
                .iter()
                .map(|r| format!("request.{}", r.code())),
        );
        keys.extend(
            gongzhi_domain::cases::PetitionAnswer::ALL
                .iter()
                .map(|a| format!("petition_answer.{}", a.code())),
        );
        keys.extend(
            gongzhi_domain::catalogue::Urgency::ALL
                .iter()
                .map(|u| format!("urgency.{}", u.code())),
        );
        keys.extend(
            gongzhi_domain::gazetteer::PlaceKind::ALL
                .iter()
                .map(|k| format!("place_kind.{}", k.code())),
        );
        keys.extend(["review.1", "review.2"].map(String::from));
        keys.extend(["open", "closed"].map(|s| format!("whistle_status.{s}")));
        keys.extend(
            gongzhi_domain::whistle::ReportStatus::ALL
                .iter()
                .map(|s| format!("report_status.{}", s.code())),
        );
        keys.extend(
            gongzhi_domain::whistle::WhistleError::ALL
                .iter()
                .map(|e| format!("case_err.{}", e.code())),
        );
        keys.extend(
            [
                "blown",
                "summoned",
                "reported",
                "reported_late",
                "progress",
                "report_overdue",
                "closed",
                "rated",
                "rating_changed",
            ]
            .map(|e| format!("whistle_event.{e}")),
        );
        keys.extend(
            ["summoned", "whistle_overdue", "whistle_reported"].map(|n| format!("notice.{n}")),
        );
        keys.extend(
            gongzhi_domain::enforcement::Stage::ALL
                .iter()
                .map(|s| format!("stage.{}", s.code())),
        );
        keys.extend(
            gongzhi_domain::enforcement::EnforcementError::ALL
                .iter()
                .map(|e| format!("case_err.{}", e.code())),
        );
        keys.extend(
            [
                "opened",
                "filed",
                "dropped",
                "evidence",
                "notified",
                "decided",
                "decided_on_the_spot",
                "served",
                "paid",
                "decided_no_penalty",
                "transferred",
                "ordered",
                "warned",
                "announced",
                "executed_forced",
                "challenge_filed",
                "challenge_resolved",
                "published",
                "hearing_requested",
                "hearing_waived",
                "hearing_noticed",
                "hearing_held",
                "reviewed",
                "review_refused",
                "extended",
                "executed",
                "closed",
                "decision_due",
            ]
            .map(|e| format!("enforcement_event.{e}")),
        );
        keys.push("notice.decision_due".into());
        keys.extend(
            gongzhi_domain::dispute::DisputeError::ALL
                .iter()
                .map(|e| format!("case_err.{}", e.code())),
        );
        {
            use gongzhi_domain::dispute::*;
            keys.extend(
                Stage::ALL
                    .iter()
                    .map(|s| format!("dispute_stage.{}", s.code())),
            );
            keys.extend(TYPES.iter().map(|t| format!("dtype.{}", t.0)));
            keys.extend(["negotiate", "mediate", "elsewhere"].map(|p| format!("odr_path.{p}")));
            keys.extend(
                PartyRole::ALL
                    .iter()
                    .map(|s| format!("party_role.{}", s.code())),
            );
            keys.extend(
                Channel::ALL
                    .iter()
                    .map(|s| format!("channel_d.{}", s.code())),
            );
            keys.extend(Failure::ALL.iter().map(|s| format!("failure.{}", s.code())));
            keys.extend(
                SessionMode::ALL
                    .iter()
                    .map(|s| format!("mode.{}", s.code())),
            );
            keys.extend(
                Urgency::ALL
                    .iter()
                    .map(|s| format!("urgency_d.{}", s.code())),
            );
            keys.extend(Risk::ALL.iter().map(|s| format!("risk.{}", s.code())));
            keys.extend(
                Complexity::ALL
                    .iter()
                    .map(|s| format!("complexity.{}", s.code())),
            );
            keys.extend(
                [
                    "amount_over_court_threshold",
                    "labour_arbitration_first",
                    "labour_mediation_then_arbitration",
                    "risk_handled_locally",
                    "complex_or_large",
                    "professional_body",
                    "everyday_dispute",
                ]
                .map(|r| format!("rule.{r}")),
            );
            keys.extend(
                [
                    "dispute_opened",
                    "dispute_evaluated",
                    "dispute_channel_reason",
                    "dispute_mediator",
                    "dispute_consented",
                    "dispute_declined",
                    "dispute_no_reply",
                    "dispute_session",
                    "dispute_minutes",
                    "dispute_extended",
                    "dispute_agreed",
                    "dispute_failed",
                    "dispute_overdue",
                    "agreement_signed",
                    "agreement_effective",
                    "library_published",
                    "library_withheld",
                    "term_performed",
                    "term_not_performed",
                    "agreement_fulfilled",
                    "confirmation_party_applied",
                    "confirmation_applied",
                    "confirmation_accepted",
                    "confirmation_refused",
                    "confirmation_extended",
                    "confirmation_confirmed",
                    "confirmation_not_confirmed",
                    "litigation_filed",
                    "litigation_registered",
                    "litigation_judged",
                    "dispute_rated",
                ]
                .map(|e| format!("event.{e}")),
            );
            keys.extend(
                [
                    "dispute_assigned",
                    "dispute_consented",
                    "dispute_declined",
                    "dispute_agreed",
                    "dispute_failed",
                    "dispute_confirmation",
                    "dispute_litigation",
                    "dispute_ruled",
                    "dispute_overdue",
                ]
                .map(|n| format!("notice.{n}")),
            );
        }
        keys.extend(
            [
                "catalogue",
                "dispatcher",
                "escalation",
                "send_back_approved",
                "leader_in_charge",
                "redo",
                "review",
            ]
            .map(|r| format!("reason.{r}")),
        );
        for event in [
            "submitted",
            "routed",
            "accepted",
            "contacted",
            "replied",
            "noted",
            "attached",
            "paused",
            "resumed",
            "escalated",
            "send_back_requested",
            "send_back_rejected",
            "escalation_requested",
            "escalation_rejected",
            "supervised",
            "supervision_answered",
            "reassigned",
            "due_set",
            "merged",
            "merged_from",
            "linked",
            "closed",
            "answered_at_intake",
            "rated",
            "callback",
            "reopened",
            "step_done",
            "extended",
            "chase",
            "overdue",
            "contact_late",
            "reported",
            "requested",
            "request_rejected",
            "redo_requested",
            "instructed",
            "cohandler_added",
            "cohandler_done",
            "petition_accepted",
            "petition_refused",
            "petition_answered",
            "review_requested",
            "re_review_requested",
            "dispatch_late",
            "step_late",
        ] {
            keys.push(format!("event.{event}"));
        }
        for kind in [
            "assigned",
            "chase",
            "overdue",
            "contact_late",
            "send_back_decided",
            "send_back_requested",
            "escalated",
            "reopened",
            "escalation_requested",
            "escalation_decided",
            "reported",
            "supervised",
            "request",
            "request_decided",
            "redo_requested",
            "instructed",
            "cohandler_added",
            "cohandler_done",
            "review",
            "dispatch_late",
            "step_late",
        ] {
            keys.push(format!("notice.{kind}"));
        }
        keys.extend(
            gongzhi_domain::lifecycle::CaseError::ALL
                .iter()
                .map(|e| format!("case_err.{}", e.code())),
        );
        for code in [
            "no_agent",
            "no_community",
            "no_street",
            "unknown_unit",
            "stale",
            "not_consultation",
            "attachment_quota_case",
            "attachment_quota_user",
            "no_successor",
            "no_review_organ",
            "no_phone",
        ] {
            keys.push(format!("case_err.{code}"));
        }
        for code in [
            "not_found",
            "forbidden",
            "unauthorized",
            "validation_failed",
            "too_large",
            "unsupported_media_type",
            "malformed_json",
            "malformed_form",
            "too_many_requests",
            "csrf",
            "conflict",
            "bad_credentials",
            "account_inactive",
            "internal",
        ] {
            keys.push(format!("error.{code}"));
        }
        for key in keys {
            assert!(MESSAGES.contains_key(key.as_str()), "missing {key}");
        }
    }

    /// Every refusal code the application and web crates raise (`AppError::Conflict("…")`, `Forbidden("…")`, and
    /// the web's `Case`/`Denied`) has a message: the list is read from the sources, not kept by hand.
    #[test]
    fn every_refusal_code_raised_has_a_message() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap();
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&root.join("gongzhi-app/src"), &mut files);
        walk(&root.join("gongzhi-web/src"), &mut files);
        let mut codes = std::collections::BTreeSet::new();
        for f in files {
            let text: String = std::fs::read_to_string(&f)
                .unwrap()
                .split_whitespace()
                .collect();
            for variant in ["Conflict(\"", "Forbidden(\"", "Case(\"", "Denied(\""] {
                for (i, _) in text.match_indices(variant) {
                    let code: String = text[i + variant.len()..]
                        .chars()
                        .take_while(|c| *c != '"')
                        .collect();
                    codes.insert(code);
                }
            }
        }
        // `forbidden` and `conflict` are the generic refusals (`error.*`); a code is a snake_case word.
        codes.retain(|c| {
            !c.is_empty()
                && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')
                && c != "forbidden"
                && c != "conflict"
        });
        assert!(codes.len() > 40 && codes.contains("stale"), "{codes:?}");
        let missing: Vec<&String> = codes
            .iter()
            .filter(|c| !MESSAGES.contains_key(format!("case_err.{c}").as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "refusals without a message: {missing:?}"
        );
    }

    #[test]
    fn validation_codes_have_messages_and_unknown_codes_fall_back() {
        assert_eq!(
            Lang::Zh.error("phone_invalid"),
            "请输入有效的 11 位手机号码，或带区号的固定电话。"
        );
        assert_eq!(Lang::En.error("no_such_code"), "Invalid.");
    }
}
