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
        crate::extract::cookie(headers, "lang").and_then(|v| Lang::parse(&v)).unwrap_or_default()
    }

    /// The language of an API answer: the cookie, else `Accept-Language` when it asks for English first, else
    /// Chinese. API clients choose their language explicitly.
    pub fn for_api(headers: &axum::http::HeaderMap) -> Lang {
        if let Some(lang) = crate::extract::cookie(headers, "lang").and_then(|v| Lang::parse(&v)) {
            return lang;
        }
        let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if accept.trim_start().to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh }
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
    // Site
    ("site.name", "共治 · 石景山区基层治理平台", "gongzhi · Shijingshan grassroots governance"),
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
    ("home.title", "有事您说话，我们来办", "Tell us, and we will get it done"),
    ("home.lead", "噪音、违建、垃圾、供暖、物业、邻里纠纷……无论大小，提交后立即获得诉求编号，由专人负责到底，全程可查。", "Noise, illegal construction, rubbish, heating, property management, neighbour disputes — whatever it is, you get a case number at once, one person is accountable for it, and you can follow every step."),
    ("home.submit_cta", "提交诉求", "Raise a matter"),
    ("home.track_cta", "查询办理进度", "Track your case"),
    ("home.hotline", "也可拨打 12345 市民服务热线。", "You can also call the 12345 citizens' hotline."),
    // Submit form
    ("submit.title", "提交诉求", "Raise a matter"),
    ("submit.lead", "带 * 的为必填项。您的姓名和电话仅用于办理和回访，不会公开。", "Fields marked * are required. Your name and phone are used only to handle and follow up your case; they are never published."),
    ("submit.kind", "诉求类型", "Kind"),
    ("submit.title_field", "标题", "Title"),
    ("submit.title_hint", "一句话概括，例如“小区门口路灯不亮”", "One line, e.g. \"Street light out at the estate gate\""),
    ("submit.description", "详细描述", "Description"),
    ("submit.description_hint", "时间、地点、经过，以及您希望如何解决（最多 4000 字）", "When, where, what happened, and what you would like done (at most 4,000 characters)"),
    ("submit.address", "地址", "Address"),
    ("submit.address_hint", "街道、小区、楼号", "Street, estate, building"),
    ("submit.location", "地图位置（可选）", "Map point (optional)"),
    ("submit.lat", "纬度", "Latitude"),
    ("submit.lon", "经度", "Longitude"),
    ("submit.locate", "使用我的位置", "Use my location"),
    ("submit.location_hint", "WGS84 坐标；填写后可更快分派到所在社区。", "WGS84; helps route the case to your community faster."),
    ("submit.name", "您的称呼", "Your name"),
    ("submit.phone", "手机号码", "Mobile phone"),
    ("submit.phone_hint", "用于联系和查询，查询时需输入后四位", "For contact and tracking; tracking asks for its last four digits"),
    ("submit.button", "提交", "Submit"),
    ("submit.has_errors", "提交未成功，请按提示修改后重试。", "Not submitted: please correct the fields marked below."),
    ("submitted.title", "提交成功", "Submitted"),
    ("submitted.lead", "您的诉求已受理，诉求编号：", "Your matter has been received. Case number:"),
    ("submitted.keep", "请记下编号。凭编号和手机号后四位可随时查询办理进度。", "Keep this number. With it and the last four digits of your phone you can follow your case at any time."),
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
    ("status.received", "已受理", "Received"),
    ("event.submitted", "诉求已提交并受理", "Submitted and received"),
    // Tracking
    ("track.title", "查询办理进度", "Track a case"),
    ("track.case_no", "诉求编号", "Case number"),
    ("track.last4", "手机号后四位", "Last four digits of your phone"),
    ("track.button", "查询", "Track"),
    ("track.not_found", "未找到匹配的诉求，请核对诉求编号和手机号后四位。", "No matching case. Please check the case number and the last four digits of your phone."),
    ("track.throttled", "查询过于频繁，请稍后再试。", "Too many attempts. Please try again later."),
    ("track.status", "当前状态", "Status"),
    ("track.received_at", "受理时间", "Received"),
    ("track.timeline", "办理过程", "Timeline"),
    // Login
    ("login.title", "工作人员登录", "Staff login"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.button", "登录", "Log in"),
    ("login.failed", "用户名或密码错误。", "Wrong username or password."),
    ("login.throttled", "登录失败次数过多，请 15 分钟后再试。", "Too many failed attempts. Please try again in 15 minutes."),
    ("login.inactive", "该账号已停用，请联系系统管理员。", "This account is deactivated. Please contact the administrator."),
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
    ("scope.nothing", "（本角色不处理居民诉求）", "(this role does not handle residents' cases)"),
    ("cap.cases", "查看和处理诉求", "See and handle cases"),
    ("cap.admin", "管理单位、用户和系统设置", "Manage units, users and settings"),
    ("cap.coming", "本角色的专用功能将随后续模块上线。", "This role's own tools arrive with later modules."),
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
    ("role.admin", "系统管理员", "Administrator"),
    // Unit kinds
    ("unit_kind.district", "区", "District"),
    ("unit_kind.street", "街道", "Street"),
    ("unit_kind.community", "社区", "Community"),
    ("unit_kind.department", "区职能部门", "Department"),
    ("unit_kind.enterprise", "公共服务企业", "Public-service enterprise"),
    ("unit_kind.leaders_office", "区领导办公室", "Leaders' office"),
    ("unit_kind.command_centre", "街道综合指挥中心", "Street command centre"),
    ("unit_kind.mediation_org", "调解组织", "Mediation body"),
    ("unit_kind.court", "法院", "Court"),
    ("unit_kind.care_hospital", "医养结合医院", "Geriatric hospital"),
    ("unit_kind.rehab_centre", "康复中心", "Rehabilitation centre"),
    ("unit_kind.care_centre", "街道养老照料中心", "Street care centre"),
    ("unit_kind.care_station", "社区养老服务驿站", "Community care station"),
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
    ("units.code_hint", "小写字母、数字、点、横线，例如 street.bajiao.c01", "Lowercase letters, digits, dots, dashes, e.g. street.bajiao.c01"),
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
    ("users.password_hint", "至少 10 个字符，不能包含用户名", "At least 10 characters, not containing the username"),
    ("users.status", "状态", "Status"),
    ("users.active", "正常", "Active"),
    ("users.inactive", "已停用", "Deactivated"),
    ("users.deactivate", "停用", "Deactivate"),
    ("users.activate", "启用", "Activate"),
    ("users.reset_password", "重置密码", "Reset password"),
    ("users.new_password_is", "已重置。请将此临时密码当面或电话告知本人（仅显示一次）：", "Reset. Give this temporary password to the person directly (shown only once):"),
    ("users.search", "搜索用户名或姓名", "Search username or name"),
    ("users.count", "个用户", "users"),
    ("users.saved", "已保存。", "Saved."),
    ("form.save", "保存", "Save"),
    ("form.cancel", "取消", "Cancel"),
    ("form.edit", "编辑", "Edit"),
    ("form.search", "搜索", "Search"),
    // Errors (pages and API)
    ("error.title", "出错了", "Something went wrong"),
    ("error.back_home", "返回首页", "Back to the home page"),
    ("error.not_found", "未找到该页面或记录，或您无权查看。", "Not found, or you may not see it."),
    ("error.forbidden", "您的角色或单位无权进行此操作。", "Your role or unit may not do this."),
    ("error.unauthorized", "请先登录，或登录已过期。", "Please log in; your session may have expired."),
    ("error.validation_failed", "输入有误，请按提示修改。", "Some fields are invalid; see each field."),
    ("error.too_large", "提交的内容过大。", "The request is too large."),
    ("error.unsupported_media_type", "请以 application/json 提交。", "Send the body as application/json."),
    ("error.malformed_json", "请求内容不是有效的 JSON（须为 UTF-8 编码的对象）。", "The body is not valid JSON (a UTF-8 encoded object is expected)."),
    ("error.malformed_form", "表单内容无法解析（须为 UTF-8 编码）。", "The form could not be read (UTF-8 is expected)."),
    ("error.too_many_requests", "请求过于频繁，请稍后再试。", "Too many attempts; please try again later."),
    ("error.csrf", "页面已过期或来源不明，请刷新页面后重试。", "The page expired or came from elsewhere; reload it and try again."),
    ("error.conflict", "与已有记录冲突（例如编码或用户名已被占用）。", "This conflicts with an existing record (for example a code or username already in use)."),
    ("error.bad_credentials", "用户名或密码错误。", "Wrong username or password."),
    ("error.account_inactive", "该账号已停用。", "This account is deactivated."),
    ("error.internal", "服务器内部错误，请稍后重试。如需帮助请提供请求编号：", "Internal error; please try again later. If you need help, quote request id:"),
    ("err.required", "此项为必填项。", "This field is required."),
    ("err.too_long", "内容过长。", "Too long."),
    ("err.control_characters", "包含不允许的控制字符。", "Contains control characters that are not allowed."),
    ("err.invalid_choice", "请从列表中选择。", "Please choose from the list."),
    ("err.phone_invalid", "请输入有效的 11 位手机号码。", "Enter a valid 11-digit mainland mobile number."),
    ("err.outside_china", "坐标不在中国境内，请检查纬度和经度。", "These coordinates are outside China; check latitude and longitude."),
    ("err.not_a_coordinate", "请输入数字形式的纬度和经度。", "Enter latitude and longitude as numbers."),
    ("err.wrong_type", "数据类型错误。", "Wrong data type."),
    ("err.unknown_field", "不支持的字段。", "Unknown field."),
    ("err.unknown_unit", "单位不存在。", "No such unit."),
    ("err.parent_not_allowed", "该类型单位不能挂在所选上级单位之下。", "A unit of this kind cannot sit under the chosen parent."),
    ("err.code_format", "编码只能包含小写字母、数字、点、横线和下划线。", "Codes may contain only lowercase letters, digits, dots, dashes and underscores."),
    ("err.not_a_count", "请输入 0 到 10000 之间的整数。", "Enter a whole number from 0 to 10,000."),
    ("err.username_format", "用户名须为 3–32 位小写字母、数字、点、横线或下划线，并以字母开头。", "3–32 lowercase letters, digits, dots, dashes or underscores, starting with a letter."),
    ("err.password_too_short", "密码至少 10 个字符。", "At least 10 characters."),
    ("err.password_contains_username", "密码不能包含用户名。", "The password may not contain the username."),
    ("err.taken", "已被占用。", "Already in use."),
    ("err.invalid", "输入无效。", "Invalid."),
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
        let mut sources = Vec::new();
        for sub in ["templates", "src"] {
            for entry in std::fs::read_dir(format!("{dir}{sub}")).unwrap() {
                let path = entry.unwrap().path();
                sources.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
        for (path, text) in sources {
            for (i, _) in text.match_indices(".t(\"") {
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                assert!(MESSAGES.contains_key(key), "{path} uses unknown message key {key}");
            }
        }
    }

    #[test]
    fn every_code_shown_by_label_has_a_message() {
        use gongzhi_domain::cases::{CaseKind, Channel};
        use gongzhi_domain::org::{Role, UnitKind};
        let mut keys: Vec<String> = Vec::new();
        keys.extend(CaseKind::ALL.iter().map(|k| format!("kind.{}", k.code())));
        keys.extend(Channel::ALL.iter().map(|c| format!("channel.{}", c.code())));
        keys.extend(Role::ALL.iter().map(|r| format!("role.{}", r.code())));
        keys.extend(UnitKind::ALL.iter().map(|k| format!("unit_kind.{}", k.code())));
        keys.extend(["status.received", "event.submitted"].map(String::from));
        for code in ["not_found", "forbidden", "unauthorized", "validation_failed", "too_large", "unsupported_media_type",
            "malformed_json", "malformed_form", "too_many_requests", "csrf", "conflict", "bad_credentials",
            "account_inactive", "internal"] {
            keys.push(format!("error.{code}"));
        }
        for key in keys {
            assert!(MESSAGES.contains_key(key.as_str()), "missing {key}");
        }
    }

    #[test]
    fn validation_codes_have_messages_and_unknown_codes_fall_back() {
        assert_eq!(Lang::Zh.error("phone_invalid"), "请输入有效的 11 位手机号码。");
        assert_eq!(Lang::En.error("no_such_code"), "Invalid.");
    }
}
