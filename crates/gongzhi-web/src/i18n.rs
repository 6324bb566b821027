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
        crate::codec::cookie(headers, "lang").and_then(|v| Lang::parse(&v)).unwrap_or_default()
    }

    /// The language of an API answer: the cookie, else `Accept-Language` when it asks for English first, else
    /// Chinese. API clients choose their language explicitly.
    pub fn for_api(headers: &axum::http::HeaderMap) -> Lang {
        if let Some(lang) = crate::codec::cookie(headers, "lang").and_then(|v| Lang::parse(&v)) {
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
    ("status.received", "已受理（待派单）", "Received (awaiting dispatch)"),
    ("status.assigned", "已派单", "Assigned"),
    ("status.in_progress", "办理中", "In progress"),
    ("status.paused", "暂停", "Paused"),
    ("status.closed", "已办结", "Closed"),
    ("status.merged", "已合并", "Merged"),
    ("tier.community", "社区级", "Community tier"),
    ("tier.street", "街道/部门级", "Street / department tier"),
    ("tier.district", "区级（领导包案）", "District tier (leader-owned)"),
    ("outcome.resolved", "已解决", "Resolved"),
    ("outcome.explained", "已解释说明", "Explained"),
    ("outcome.not_substantiated", "不属实或无法解决", "Not substantiated / cannot be done"),
    ("outcome.answered_at_intake", "受理即答", "Answered at intake"),
    ("outcome.withdrawn", "诉求人撤回", "Withdrawn by the resident"),
    ("outcome.unreachable", "无法联系诉求人", "Resident unreachable"),
    ("outcome.referred", "已告知通过其他渠道解决（诉访分离）", "Referred to another channel"),
    ("outcome.suggestion_adopted", "建议已采纳", "Suggestion adopted"),
    ("satisfaction.satisfied", "满意", "Satisfied"),
    ("satisfaction.basic", "基本满意", "Fairly satisfied"),
    ("satisfaction.dissatisfied", "不满意", "Dissatisfied"),
    ("event.submitted", "诉求已提交并受理", "Submitted and received"),
    ("event.routed", "已派单", "Routed"),
    ("event.accepted", "承办人已接单", "Accepted by the agent"),
    ("event.contacted", "已联系诉求人", "Resident contacted"),
    ("event.replied", "答复", "Reply"),
    ("event.noted", "内部备注", "Internal note"),
    ("event.attached", "上传附件", "Attachment"),
    ("event.paused", "暂停办理", "Paused"),
    ("event.resumed", "恢复办理", "Resumed"),
    ("event.escalated", "升级", "Escalated"),
    ("event.send_back_requested", "申请退单", "Send-back requested"),
    ("event.send_back_rejected", "退单申请未获批准", "Send-back rejected"),
    ("event.escalation_requested", "承办单位申请升级", "The unit asked to escalate"),
    ("event.escalation_rejected", "升级申请未获批准", "Escalation request rejected"),
    ("notice.escalation_requested", "升级申请", "Escalation request"),
    ("notice.escalation_decided", "升级申请审核结果", "Escalation decision"),
    ("view.escalation", "升级申请", "Escalation requests"),
    ("cases.confidential", "保密（仅热线座席可见）", "Confidential (hotline seats only)"),
    ("cases.confidential_tag", "保密", "Confidential"),
    ("cases.supervised", "区领导督办，须于此前答复：", "Supervised by a leader; answer by"),
    ("case.supervise", "督办（指示并限期答复）", "Supervise (instruction and a date to answer by)"),
    ("case.instruction", "督办指示", "Instruction"),
    ("case.answer_by", "答复期限", "Answer by"),
    ("case.supervise_button", "督办", "Supervise"),
    ("case.answer_supervision", "答复领导督办", "Answer the leader"),
    ("case.answer_supervision_button", "答复", "Answer"),
    ("case.supervision_answer", "答复内容", "Your answer"),
    ("event.supervised", "区领导督办", "Supervised by a district leader"),
    ("event.supervision_answered", "已答复督办", "Supervision answered"),
    ("notice.supervised", "领导督办", "A leader supervises"),
    ("case_err.leaders_only", "只有区领导可以督办。", "Only a district leader supervises."),
    ("case_err.not_supervised", "没有待答复的督办。", "No supervision waits for an answer."),
    ("err.in_past", "日期不能早于今天。", "The date cannot be in the past."),
    ("intake.confidential", "为诉求人身份保密（举报件始终保密）", "Keep the resident's identity confidential (reports always are)"),
    ("cases.escalation_pending", "升级待审", "Escalation pending"),
    ("case.reject_escalation", "驳回升级申请", "Reject the escalation request"),
    ("case.approve_escalation", "批准升级", "Approve the escalation"),
    ("case.request_escalation", "申请升级（由派单员审核）", "Ask to escalate (a dispatcher decides)"),
    ("case_err.escalation_pending", "已有升级申请在等待审核。", "An escalation request is already waiting."),
    ("case_err.no_escalation_pending", "没有待审核的升级申请。", "There is no escalation request to decide."),
    ("event.reassigned", "改派承办人", "Reassigned"),
    ("event.due_set", "办理期限已调整", "Due date changed"),
    ("event.merged", "已合并至", "Merged into"),
    ("event.merged_from", "合并了重复诉求", "Duplicate merged in"),
    ("event.linked", "关联诉求", "Linked"),
    ("event.closed", "已办结", "Closed"),
    ("event.answered_at_intake", "受理时即已答复并办结", "Answered and closed at intake"),
    ("event.rated", "诉求人评价", "Resident's verdict"),
    ("event.callback", "回访评价", "Call-back verdict"),
    ("event.reopened", "派单重办", "Sent back for a redo"),
    ("event.step_done", "完成代理步骤", "Agent step done"),
    ("event.extended", "延期办理", "Extended"),
    ("event.chase", "催办", "Chased"),
    ("event.overdue", "超期提醒", "Overdue"),
    ("event.reported", "超期五个工作日，已通报", "Five working days overdue: reported"),
    ("event.contact_late", "未按时联系诉求人", "Contact overdue"),
    ("notice.assigned", "新派单", "New assignment"),
    ("notice.chase", "催办", "Chase"),
    ("notice.overdue", "超期", "Overdue"),
    ("notice.reported", "超期通报", "Reported overdue to the district"),
    ("notice.contact_late", "未按时联系", "Contact late"),
    ("notice.send_back_decided", "退单审核结果", "Send-back decision"),
    ("notice.send_back_requested", "退单申请", "Send-back request"),
    ("notice.escalated", "升级", "Escalation"),
    ("notice.reopened", "重办", "Reopened"),
    ("step.1", "受理登记", "Register"),
    ("step.2", "调查了解", "Investigate"),
    ("step.3", "提出措施", "Propose measures"),
    ("step.4", "组织协调", "Coordinate"),
    ("step.5", "解决问题", "Resolve"),
    ("step.6", "反馈结果", "Report back"),
    ("reason.category", "派单目录类别", "Catalogue category"),
    ("reason.catalogue", "按派单目录确定承办单位", "accountable unit decided by the catalogue"),
    ("reason.dispatcher", "派单员指定承办单位", "unit chosen by the dispatcher"),
    ("reason.escalation", "逐级升级", "escalated one tier"),
    ("reason.redo", "派单员指定重办单位", "Redo unit chosen by the dispatcher"),
    ("reason.review", "上一级机关复查（复核）", "Review by the organ above"),
    ("reason.leader_in_charge", "由分管该街道或领域的区领导包案", "owned by the leader in charge of the street or field"),
    ("reason.send_back_approved", "退单后改派", "re-routed after an approved send-back"),
    ("reason.agent", "按在办件最少选定承办人", "agent with the fewest open cases:"),
    ("reason.open", "在办", "open"),
    ("reason.candidates", "可选人数", "candidates"),
    ("view.mine", "我的在办", "My cases"),
    ("view.unit", "本单位在办", "My unit's queue"),
    ("view.due", "即将到期", "Due soon"),
    ("view.overdue", "已超期", "Overdue"),
    ("view.dispatch", "待派单", "To dispatch"),
    ("view.send_back", "退单申请", "Send-back requests"),
    ("view.all", "全部", "All"),
    ("case_err.case_closed", "该诉求已办结，不能进行此操作。", "The case is closed."),
    ("case_err.case_merged", "该诉求已合并到另一件诉求，请在那件诉求上操作。", "The case was merged into another; act on that one."),
    ("case_err.not_routed", "该诉求尚未派单。", "The case is not routed yet."),
    ("case_err.already_accepted", "该诉求已接单。", "The case is already accepted."),
    ("case_err.not_in_progress", "请先接单（暂停中的诉求请先恢复办理）。", "Accept the case first (resume it if paused)."),
    ("case_err.not_paused", "该诉求未处于暂停状态。", "The case is not paused."),
    ("case_err.top_tier", "已是最高层级，不能再升级。", "The case is at the top tier already."),
    ("case_err.send_back_pending", "已有退单申请在等待审核。", "A send-back request is already waiting."),
    ("case_err.no_send_back_pending", "没有待审核的退单申请。", "There is no send-back request to decide."),
    ("case_err.not_closed", "诉求尚未办结。", "The case is not closed."),
    ("case_err.already_rated", "本轮已评价过。", "This round was rated already."),
    ("case_err.reopen_used", "每件诉求只能申请重办一次。", "A case can be reopened only once."),
    ("case_err.not_dissatisfied", "只有评价为“不满意”时才能申请重办。", "Only a dissatisfied resident can reopen."),
    ("case_err.extension_used", "信访事项只能延期一次。", "A petition can be extended only once."),
    ("case_err.not_petition", "只有信访事项有代理步骤。", "Only petitions have agent steps."),
    ("case_err.steps_done", "六个代理步骤均已完成。", "All six steps are done."),
    ("case_err.not_your_case", "只有承办人或承办单位负责人可以进行此操作。", "Only the agent or the head of the agent's unit may do this."),
    ("case_err.dispatcher_only", "只有派单员可以进行此操作。", "Only a dispatcher may do this."),
    ("case_err.head_only", "只有承办单位负责人可以改派。", "Only the head of the accountable unit may reassign."),
    ("case_err.merge_needs_dispatcher", "只有同一单位、同一类别、同一社区且一周内受理的重复诉求可由承办单位合并，其他合并须由派单员进行。", "A unit merges only true duplicates (same unit, category and community, received within a week); other merges are a dispatcher's."),
    ("case_err.bad_merge_target", "目标诉求不存在、已办结或就是本件。", "The other case does not exist, is closed, or is this case."),
    ("case_err.agent_not_in_unit", "新承办人必须属于承办单位。", "The new agent must belong to the accountable unit."),
    ("case_err.no_agent", "承办单位暂无可接单人员，请联系派单员。", "Nobody in the accountable unit can take the case; contact a dispatcher."),
    ("case_err.no_community", "无法定位到社区，需派单员人工派单。", "No community could be found; a dispatcher must route it."),
    ("case_err.no_street", "无法定位到街道，需派单员人工派单。", "No street could be found; a dispatcher must route it."),
    ("case_err.unknown_unit", "派单目录指定的单位不存在。", "The catalogue names a unit that does not exist."),
    ("case_err.stale", "该诉求刚被他人更新，请刷新后重试。", "Someone else just changed the case; reload and try again."),
    ("case_err.not_consultation", "只有咨询类诉求可以受理即答。", "Only consultations can be answered at intake."),
    ("case_err.no_successor", "该账号名下还有未办结的诉求，且所在单位没有其他负责人可以接手：请选择一位同事接手后再停用。", "This account still holds open cases and its unit has no other head to take them: choose a colleague to take them over, then deactivate."),
    ("users.successor", "停用后未办结诉求交给", "Hand open cases to"),
    ("users.successor_head", "本单位负责人（自动）", "the unit's head (automatic)"),
    ("case_err.outcome_not_allowed", "该办结结果不适用于此类诉求。", "This outcome does not fit this kind of case."),
    ("case_err.no_contact", "尚未联系诉求人，不能办结。请先记录联系情况。", "The resident has not been contacted; record the contact before closing."),
    ("case_err.verdict_window_over", "已超过办结后的评价期限。", "The time for a verdict after closing has passed."),
    ("case_err.seats_only", "回访由热线中心座席进行。", "Call-backs are made by the hotline centre's seats."),
    ("case_err.attachment_quota_case", "该诉求的附件已达上限（10 个文件或共 20 MB）。", "This case has reached its attachment limit (10 files or 20 MB in all)."),
    ("case_err.attachment_quota_user", "您今天上传的附件已达上限（50 个文件或共 100 MB），请明天再试。", "You have reached today's upload limit (50 files or 100 MB); try again tomorrow."),
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
    ("track.due", "办理期限", "Due"),
    ("track.your_verdict", "您的评价", "Your verdict"),
    ("track.merged", "您的诉求与其他群众反映的同一问题已合并办理，请关注诉求编号", "Your case was merged with others about the same matter; follow case"),
    ("track.rate_title", "请评价办理结果", "Please rate the outcome"),
    ("track.resolved_q", "您反映的问题解决了吗？", "Was your matter resolved?"),
    ("track.resolved_yes", "已解决", "Resolved"),
    ("track.resolved_no", "未解决", "Not resolved"),
    ("track.satisfied_q", "您对办理结果满意吗？", "Are you satisfied?"),
    ("track.rate_button", "提交评价", "Submit"),
    ("track.rated", "感谢您的评价。", "Thank you for your verdict."),
    ("track.reopen_title", "申请重办", "Ask for a redo"),
    ("track.reopen_lead", "您对办理结果不满意，可申请重办一次，由派单中心决定交原承办单位或其他单位重新办理。", "If you are not satisfied you may ask once for a redo; the dispatch centre decides whether the same unit or another redoes it."),
    ("track.reopen_reason", "仍存在的问题", "What is still wrong"),
    ("track.reopen_button", "申请重办", "Ask for a redo"),
    ("track.reopened", "已申请重办，派单中心将安排重新办理。", "Redo requested: the dispatch centre will arrange it."),
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
    ("cases.resident_or_system", "群众或系统", "Resident or system"),
    ("case.merged_into", "本件已合并至", "Merged into"),
    ("case.catalogue_version", "目录版本", "catalogue version"),
    ("case.no_category", "未分类（待派单员派单）", "No category yet (waiting for a dispatcher)"),
    ("case.tier", "层级", "Tier"),
    ("case.agent", "承办人", "Agent"),
    ("case.why", "派单依据", "Why here"),
    ("case.contact_due", "联系时限", "Contact by"),
    ("case.contacted_at", "已联系于", "contacted at"),
    ("case.handle_due", "办理时限", "Handle by"),
    ("case.provisional", "暂定（该年度节假日安排未载入）", "Provisional (that year's holidays are not loaded)"),
    ("case.manual_due", "人工调整", "Set by hand"),
    ("case.outcome", "办结结果", "Outcome"),
    ("case.outcome_note", "办结说明", "What was done"),
    ("case.verdict", "评价", "Verdict"),
    ("case.links", "关联诉求", "Linked cases"),
    ("case.steps", "信访代理步骤", "Petition agent steps"),
    ("case.step_due", "期限", "due"),
    ("case.attachments", "附件", "Attachments"),
    ("case.actions", "办理操作", "Actions"),
    ("case.answer", "受理即答（知识库）", "Answer from the knowledge base"),
    ("case.answer_button", "以此答复并办结", "Answer with this and close"),
    ("case.no_answer", "知识库中没有匹配的答案。", "No matching answer in the knowledge base."),
    ("case.route", "派单", "Route"),
    ("case.approve_send_back", "批准退单并改派", "Approve the send-back and re-route"),
    ("case.route_unit", "承办单位", "Accountable unit"),
    ("case.by_catalogue", "按派单目录", "By the catalogue"),
    ("case.route_button", "派单", "Route"),
    ("case.reject_send_back", "驳回退单申请", "Reject the send-back"),
    ("case.reject_button", "驳回", "Reject"),
    ("case.note", "说明", "Note"),
    ("case.reason", "原因", "Reason"),
    ("case.accept", "接单", "Accept"),
    ("case.contact", "联系诉求人", "Contact the resident"),
    ("case.contact_note", "联系情况（内部）", "What was said (internal)"),
    ("case.contact_button", "记录联系", "Record contact"),
    ("case.reply", "答复诉求人（公开）", "Reply to the resident (public)"),
    ("case.reply_text", "答复内容", "Reply"),
    ("case.reply_button", "发送答复", "Send reply"),
    ("case.attach", "上传附件（图片或 PDF，最大 5 MB）", "Attach a file (image or PDF, up to 5 MB)"),
    ("case.attach_public", "诉求人可见", "Visible to the resident"),
    ("case.attach_button", "上传", "Upload"),
    ("case.note_title", "内部备注（诉求人不可见）", "Internal note (never shown to the resident)"),
    ("case.note_button", "添加备注", "Add note"),
    ("case.step", "完成下一代理步骤", "Complete the next agent step"),
    ("case.step_button", "完成步骤", "Complete step"),
    ("case.extend", "延期 30 日（仅一次）", "Extend by 30 days (once)"),
    ("case.extend_button", "延期", "Extend"),
    ("case.pause", "申请暂停办理（等待诉求人或第三方，须派单员批准）", "Ask to pause (waiting for the resident or a third party; a dispatcher approves)"),
    ("case.pause_button", "申请暂停", "Ask to pause"),
    ("case.resume", "恢复办理", "Resume"),
    ("case.close", "办结", "Close"),
    ("case.close_button", "办结", "Close"),
    ("case.escalate", "升级至上一层级", "Escalate one tier"),
    ("case.escalate_button", "升级", "Escalate"),
    ("case.send_back", "申请退单（需派单员审核，计入本单位退单数）", "Ask to send back (a dispatcher decides; counted against your unit)"),
    ("case.send_back_button", "申请退单", "Ask to send back"),
    ("case.reassign", "改派本单位其他人员", "Reassign within the unit"),
    ("case.reassign_button", "改派", "Reassign"),
    ("case.set_due", "调整办理期限", "Set the due date"),
    ("case.due_date", "新期限（当日 24 时）", "New due date (end of day)"),
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
    ("intake.kb_hint", "输入问题关键词，例如“暖气不热”", "Keywords, e.g. heating not warm"),
    ("intake.received_at", "受理时间", "Received at"),
    ("intake.no_category", "暂不分类（交派单员）", "No category (leave to a dispatcher)"),
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
    ("track.attachments", "办理附件", "Files from the handling unit"),
    ("settings.title", "办理时限与评价设置", "Time limits and verdicts"),
    ("settings.verdict_window_days", "办结后评价与申请重办的期限（天，1–60）", "Days after closing for a verdict or a redo request (1–60)"),
    ("settings.step_days", "六个代理步骤的期限（天数，逗号分隔，依次不减；第一个从收到之日起算，其余从受理之日起算）", "Deadlines of the six agent steps in days, comma-separated, non-decreasing: the first from receipt, the others from acceptance"),
    ("settings.extension_days", "信访延期天数（仅可延期一次，最多 30）", "Petition extension in days (once, at most 30)"),
    ("settings.applies", "新设置对之后派单、受理或调整的诉求生效，已有期限不变。", "New settings apply to cases routed, accepted or changed from now on; existing deadlines stay."),
    ("kb.question", "问题", "Question"),
    ("kb.answer", "答复", "Answer"),
    ("kb.categories", "所属类别编码（逗号分隔）", "Category codes (comma-separated)"),
    ("kb.add", "添加", "Add"),
    ("kb.retire", "停用", "Retire"),
    ("catalogue.title", "派单目录（职责清单）", "Dispatch catalogue"),
    ("catalogue.lead", "类别决定承办单位、层级和办理时限（谁主管谁负责）。每次修改都会生成新版本，已派单的诉求仍按原版本办理。", "Each category decides the accountable unit, the tier and the time limits. Every edit creates a new version; routed cases keep theirs."),
    ("catalogue.new", "新增类别", "New category"),
    ("catalogue.edit", "编辑类别", "Edit category"),
    ("catalogue.versioned", "保存后生成派单目录的新版本。", "Saving creates a new catalogue version."),
    ("catalogue.theme", "主题", "Theme"),
    ("catalogue.accountable", "承办单位", "Accountable unit"),
    ("catalogue.contact_hours", "联系时限（小时）", "Contact within (hours)"),
    ("catalogue.handle_days", "办理时限（工作日）", "Handle within (working days)"),
    ("catalogue.escalate_after", "超期几个工作日后自动升级（空为不自动升级）", "Escalate this many working days after the deadline (empty: never automatically)"),
    ("catalogue.notice", "公开告知", "Public notice"),
    ("catalogue.versions", "版本记录", "Versions"),
    ("catalogue.local_community", "属地社区", "The local community"),
    ("catalogue.local_street", "属地街道", "The local street"),
    ("calendar.title", "工作日历（法定节假日与调休）", "Working-day calendar"),
    ("calendar.warning", "下一年度节假日安排尚未载入，以下数量的在办诉求办理期限为暂定（按普通周末规则计算）：", "Next year's holidays are not loaded; open cases with provisional deadlines (plain weekday rule):"),
    ("calendar.recomputed", "已载入。重新计算的暂定期限数：", "Loaded. Provisional deadlines recomputed:"),
    ("calendar.year", "年度", "Year"),
    ("calendar.days_off", "放假日", "Days off"),
    ("calendar.make_up", "调休上班日", "Make-up working days"),
    ("calendar.source", "来源", "Source"),
    ("calendar.loaded_at", "载入时间", "Loaded"),
    ("calendar.load", "载入新年度安排", "Load a year's schedule"),
    ("calendar.format", "按国务院办公厅通知填写，格式同随系统提供的 cn-holidays 文件：[年份]、off = [放假日期…]、work = [调休上班日期…]。", "As published by the State Council, in the format of the shipped cn-holidays file: [YEAR], off = [...], work = [...]."),
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
    ("users.unit_head", "本单位负责人（可改派本单位诉求，接收超期提醒）", "Head of the unit (reassigns its cases, hears when they run overdue)"),
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
    ("err.phone_invalid", "请输入有效的 11 位手机号码，或带区号的固定电话。", "Enter a valid 11-digit mainland mobile number, or a fixed line with its area code."),
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
    ("err.not_a_date", "请输入有效的日期时间。", "Enter a valid date and time."),
    ("err.in_future", "受理时间不能晚于现在。", "The time of receipt cannot be in the future."),
    ("err.too_old", "受理时间不能早于一年前。", "The time of receipt cannot be more than a year ago."),
    ("err.file_type", "只接受 PNG、JPEG、GIF、WebP 图片或 PDF 文件。", "Only PNG, JPEG, GIF, WebP images or PDF files."),
    ("err.out_of_range", "数值超出允许范围。", "Out of range."),
    ("err.category_code_format", "类别编码只能包含大写字母和数字。", "Category codes are capital letters and digits."),
    ("err.staff_only", "只有热线座席或派单员可以填写此项。", "Only intake operators and dispatchers may set this field."),
    ("err.schedule_format", "节假日安排格式有误。", "The holiday schedule is not in the expected format."),
    ("err.step_days_format", "请输入 6 个依次不减的天数，最多 365，用逗号分隔。", "Enter six non-decreasing day counts up to 365, separated by commas."),
    ("outcome.refused", "不予受理", "Not accepted"),
    ("outcome.excluded", "不纳入考核（无理诉求）", "Excluded from assessment (unreasonable demand)"),
    ("request.pause", "待批准暂停", "Pause awaiting approval"),
    ("request.due_change", "待批准延期", "Due change awaiting approval"),
    ("request.exclusion", "待审核不纳入考核", "Exclusion awaiting review"),
    ("request.redo", "不满意待派单重办", "Dissatisfied: redo to decide"),
    ("review.1", "复查中", "Under review (复查)"),
    ("review.2", "复核中", "Under re-review (复核)"),
    ("petition_answer.support", "支持", "Supported"),
    ("petition_answer.not_support", "不予支持", "Not supported"),
    ("petition_answer.explain", "解释说明", "Explained"),
    ("urgency.emergency", "紧急（按小时）", "Emergency (hours)"),
    ("urgency.utilities", "水电气热（按小时）", "Water, power, gas, heat (hours)"),
    ("urgency.general", "一般", "General"),
    ("urgency.complex", "复杂疑难", "Complex"),
    ("catalogue.urgency", "紧急程度", "Urgency"),
    ("event.requested", "承办单位提出申请", "The unit made a request"),
    ("event.request_rejected", "申请未获批准", "Request refused"),
    ("event.redo_requested", "诉求人不满意，申请重办", "The resident asked for a redo"),
    ("event.instructed", "区领导批示", "A district leader's instruction"),
    ("event.cohandler_added", "增加协办单位", "Co-handling unit added"),
    ("event.cohandler_done", "协办单位完成协办", "Co-handling done"),
    ("event.petition_accepted", "信访事项已受理（受理告知书）", "Petition accepted (notice of acceptance)"),
    ("event.petition_refused", "不予受理（不予受理告知书）", "Petition not accepted (notice)"),
    ("event.petition_answered", "出具信访处理意见书", "Written answer issued"),
    ("event.review_requested", "申请复查", "Review requested"),
    ("event.re_review_requested", "申请复核", "Re-review requested"),
    ("event.dispatch_late", "超过派单时限未派单", "Not routed within the dispatch time"),
    ("event.step_late", "代理步骤超期", "Petition step overdue"),
    ("notice.request", "待审批申请", "Request to decide"),
    ("notice.request_decided", "申请审批结果", "Request decided"),
    ("notice.redo_requested", "不满意待重办", "Dissatisfied: redo to decide"),
    ("notice.instructed", "领导批示", "Leader's instruction"),
    ("notice.cohandler_added", "协办任务", "Co-handling task"),
    ("notice.cohandler_done", "协办完成", "Co-handling done"),
    ("notice.review", "复查（复核）事项", "Petition review"),
    ("notice.dispatch_late", "超时未派单", "Dispatch overdue"),
    ("notice.step_late", "代理步骤超期", "Petition step overdue"),
    ("case_err.request_pending", "已有申请在等待审批。", "Another request is waiting for a decision."),
    ("case_err.no_request_pending", "没有待审批的申请。", "No such request is waiting."),
    ("case_err.reviewers_only", "不纳入考核须由考核办审核。", "Only the assessment office decides exclusions."),
    ("case_err.petition_accepted", "该信访事项已受理。", "The petition was accepted already."),
    ("case_err.petition_not_accepted", "请先受理该信访事项（或作出不予受理决定）。", "Accept the petition first (or refuse it)."),
    ("case_err.answer_needed", "须先出具书面处理意见（支持 / 不予支持 / 解释说明）。", "Issue the written answer first."),
    ("case_err.steps_before_answer", "请按顺序完成前面的代理步骤。", "Complete the earlier steps in order first."),
    ("case_err.petition_review", "信访事项不适用重办，可在收到处理意见之日起 30 日内申请复查。", "Petitions are reviewed, not redone: ask for a review within 30 days of the answer."),
    ("case_err.review_window_over", "已超过申请复查（复核）的 30 日期限。", "The 30 days to ask for a review have passed."),
    ("case_err.review_exhausted", "该信访事项已经复核，同一事项不再受理。", "The matter was re-reviewed; it is not accepted again."),
    ("case_err.already_on_case", "该单位已在办理此诉求。", "This unit is on the case already."),
    ("case_err.not_co_handler", "本单位不是该诉求的协办单位。", "Your unit does not co-handle this case."),
    ("case_err.already_answered", "已出具处理意见。", "The answer was issued already."),
    ("case_err.no_phone", "诉求人未留电话（匿名举报或无电话来信），无法回访。", "No phone was given (an anonymous report or a letter): nobody to call back."),
    ("case_err.no_review_organ", "找不到上一级复查机关，请联系派单员。", "No organ above to review; contact a dispatcher."),
    ("err.too_many_files", "最多上传 3 张照片。", "At most three photos."),
    ("err.file_too_large", "每张照片不能超过 5 MB。", "Each photo must be at most 5 MB."),
    ("err.image_type", "只接受 PNG、JPEG、GIF、WebP 图片。", "Only PNG, JPEG, GIF or WebP images."),
    ("err.anonymous_reports_only", "只有举报可以匿名。", "Only reports can be anonymous."),
    ("err.not_later", "新的期限须晚于现在的期限。", "The new date must be later than the current one."),
    ("err.beyond_maximum", "超过允许调整的最长期限。", "Beyond the longest allowed change."),
    ("err.not_a_community", "请选择一个社区。", "Choose a community."),
    ("err.duplicate_name", "该地名已存在。", "This name is listed already."),
    ("err.too_short", "内容太短。", "Too short."),
    ("settings.emergency_hours", "紧急事项办理时限（小时，1–24）", "Emergencies: hours to handle (1–24)"),
    ("settings.utilities_hours", "水电气热事项办理时限（小时，1–72）", "Water, power, gas, heat: hours to handle (1–72)"),
    ("settings.dispatch_hours", "网络、App 诉求派单时限（小时，1–24）", "Hours to route a web or app submission (1–24)"),
    ("settings.pause_max_days", "暂停最多顺延办理期限（工作日，1–60）", "A pause moves the deadline by at most (working days, 1–60)"),
    ("settings.due_max_days", "派单员调整期限最多顺延（工作日，1–60）", "A dispatcher moves a deadline by at most (working days, 1–60)"),
    ("view.requests", "待审批申请", "Requests to decide"),
    ("case.place_guessed", "地点由地址推测，待派单员确认", "Place guessed from the address; a dispatcher confirms it"),
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
    ("case.told_resident", "告知诉求人的说明（空则用申请理由）", "What the resident is told (the request's reason if empty)"),
    ("case.approve_button", "批准", "Approve"),
    ("case.approve_exclusion", "批准不纳入考核", "Approve the exclusion"),
    ("case.redo", "派单重办", "Send back for a redo"),
    ("case.redo_unit", "重办单位", "Unit to redo it"),
    ("case.same_unit", "原承办单位", "The same unit"),
    ("case.redo_button", "派单重办", "Send for redo"),
    ("case.reject_request", "不批准申请", "Refuse the request"),
    ("case.instruct", "领导批示", "Instruction (批示)"),
    ("case.instruct_button", "批示", "Instruct"),
    ("case.refuse_petition", "不予受理", "Refuse to accept"),
    ("case.proper_channel", "告知的正确途径", "The proper channel"),
    ("case.refuse_button", "不予受理", "Refuse"),
    ("case.answer_petition", "出具处理意见", "Issue the written answer"),
    ("case.answer_text", "处理意见", "The answer"),
    ("case.answer_petition_button", "出具", "Issue"),
    ("case.finish_cohandling", "完成协办", "Co-handling done"),
    ("case.finish_cohandling_button", "完成", "Done"),
    ("case.request_due", "申请延长办理期限（须派单员批准）", "Ask for a later due date (a dispatcher approves)"),
    ("case.request_button", "提交申请", "Request"),
    ("case.request_exclusion", "申请不纳入考核（无理诉求，须考核办审核）", "Ask to exclude from assessment (a reviewer decides)"),
    ("case.add_cohandler", "增加协办单位", "Add a co-handling unit"),
    ("case.task", "协办任务", "Task"),
    ("case.add_cohandler_button", "增加", "Add"),
    ("case.accept_petition", "受理", "Accept the petition"),
    ("track.review_title", "申请复查", "Ask for a review"),
    ("track.re_review_title", "申请复核", "Ask for a re-review"),
    ("track.review_lead", "对处理意见不服的，可自收到处理意见之日起 30 日内请求上一级机关复查（复查后仍不服的，可申请复核一次）。", "If you disagree with the answer you may ask the organ above to review it within 30 days of receiving it (and, after a review, once more for a re-review)."),
    ("track.review_reason", "理由", "Why"),
    ("track.review_button", "提交申请", "Submit"),
    ("track.reviewed", "已提交复查（复核）申请，上一级机关将在 30 日内答复。", "Review requested: the organ above answers within 30 days."),
    ("track.answer", "处理意见", "Written answer"),
    ("submit.anonymous", "匿名举报（不留姓名和电话，无法回访）", "Report anonymously (no name or phone; nobody can call you back)"),
    ("submit.photos", "现场照片（可选，最多 3 张，每张不超过 5 MB）", "Photos (optional, up to 3, 5 MB each)"),
    ("gazetteer.title", "地名库", "Gazetteer"),
    ("gazetteer.lead", "居民和座席输入的地址按地名库匹配到社区（取地址中最长的地名）。", "Typed addresses are placed in a community by the longest name of the gazetteer they contain."),
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
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
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
        keys.extend(gongzhi_domain::cases::CaseStatus::ALL.iter().map(|s| format!("status.{}", s.code())));
        keys.extend(gongzhi_domain::cases::Outcome::ALL.iter().map(|s| format!("outcome.{}", s.code())));
        keys.extend(gongzhi_domain::cases::Satisfaction::ALL.iter().map(|s| format!("satisfaction.{}", s.code())));
        keys.extend(["community", "street", "district"].map(|t| format!("tier.{t}")));
        keys.extend((1..=6).map(|i| format!("step.{i}")));
        keys.extend(["mine", "unit", "due", "overdue", "dispatch", "send_back", "escalation", "requests", "all"].map(|v| format!("view.{v}")));
        keys.extend(gongzhi_domain::cases::PendingRequest::ALL.iter().map(|r| format!("request.{}", r.code())));
        keys.extend(gongzhi_domain::cases::PetitionAnswer::ALL.iter().map(|a| format!("petition_answer.{}", a.code())));
        keys.extend(gongzhi_domain::catalogue::Urgency::ALL.iter().map(|u| format!("urgency.{}", u.code())));
        keys.extend(gongzhi_domain::gazetteer::PlaceKind::ALL.iter().map(|k| format!("place_kind.{}", k.code())));
        keys.extend(["review.1", "review.2"].map(String::from));
        keys.extend(["catalogue", "dispatcher", "escalation", "send_back_approved", "leader_in_charge", "redo", "review"].map(|r| format!("reason.{r}")));
        for event in ["submitted", "routed", "accepted", "contacted", "replied", "noted", "attached", "paused", "resumed",
            "escalated", "send_back_requested", "send_back_rejected", "escalation_requested", "escalation_rejected", "supervised", "supervision_answered", "reassigned", "due_set", "merged", "merged_from",
            "linked", "closed", "answered_at_intake", "rated", "callback", "reopened", "step_done", "extended", "chase",
            "overdue", "contact_late", "reported", "requested", "request_rejected", "redo_requested", "instructed",
            "cohandler_added", "cohandler_done", "petition_accepted", "petition_refused", "petition_answered", "review_requested",
            "re_review_requested", "dispatch_late", "step_late"] {
            keys.push(format!("event.{event}"));
        }
        for kind in ["assigned", "chase", "overdue", "contact_late", "send_back_decided", "send_back_requested", "escalated", "reopened", "escalation_requested", "escalation_decided", "reported", "supervised",
            "request", "request_decided", "redo_requested", "instructed", "cohandler_added", "cohandler_done", "review", "dispatch_late", "step_late"] {
            keys.push(format!("notice.{kind}"));
        }
        use gongzhi_domain::lifecycle::CaseError::*;
        for e in [Closed, Merged, NotRouted, AlreadyAccepted, NotInProgress, NotPaused, TopTier, SendBackPending,
            NoSendBackPending, NotClosed, AlreadyRated, ReopenUsed, NotDissatisfied, ExtensionUsed, NotPetition,
            StepsDone, NotYourCase, DispatcherOnly, HeadOnly, BadMergeTarget, AgentNotInUnit, NoContact, VerdictWindowOver,
            SeatsOnly, OutcomeNotAllowed, EscalationPending, NoEscalationPending, MergeNeedsDispatcher, LeadersOnly,
            NotSupervised, RequestPending, NoRequestPending, ReviewersOnly, PetitionAccepted, PetitionNotAccepted, AnswerNeeded,
            StepsBeforeAnswer, PetitionReview, ReviewWindowOver, ReviewExhausted, AlreadyOnCase, NotCoHandler, AlreadyAnswered] {
            keys.push(format!("case_err.{}", e.code()));
        }
        for code in ["no_agent", "no_community", "no_street", "unknown_unit", "stale", "not_consultation", "attachment_quota_case", "attachment_quota_user", "no_successor", "no_review_organ", "no_phone"] {
            keys.push(format!("case_err.{code}"));
        }
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
        assert_eq!(Lang::Zh.error("phone_invalid"), "请输入有效的 11 位手机号码，或带区号的固定电话。");
        assert_eq!(Lang::En.error("no_such_code"), "Invalid.");
    }
}
