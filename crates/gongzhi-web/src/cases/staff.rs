//! The staff workbench: case lists (mine, my unit, due soon, overdue, the dispatcher's queues, everything in scope
//! with filters), the case page with every action the viewer may take, staff intake with the knowledge base, and
//! the inbox.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use gongzhi_app::cases::View;
use gongzhi_domain::cases::{
    Case, CaseInput, CaseKind, CaseStatus, Channel, Outcome, Satisfaction, TimelineEntry,
};
use gongzhi_domain::catalogue::Category;
use gongzhi_domain::kb::{self, KbEntry};
use gongzhi_domain::lifecycle::Relation;
use gongzhi_domain::org::{Role, UnitId};
use gongzhi_domain::routing::Candidate;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;
use gongzhi_store::cases::{AttachmentMeta, CaseOrder, NewAttachment, Step};
use gongzhi_store::inbox::Notice;

use super::common::{CaseRow, MAX_ATTACHMENT, Names, kind_options, parse_action, parse_day_start};
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::i18n::Lang;
use crate::page::{PageCtx, render};
use crate::state::AppState;

/// Query keys that do not make a list request a search: opening the list with only these lands on the role's queue.
const NOT_FILTERS: [&str; 5] = ["page", "sort", "bulk_done", "bulk_refused", "error"];

#[derive(Template)]
#[template(path = "cases_list.html")]
struct ListPage {
    ctx: PageCtx,
    /// What was wrong with the request (a date, a page number), said at the top.
    notices: Vec<String>,
    rows: Vec<CaseRow>,
    total: i64,
    page: u32,
    pages: u32,
    view: String,
    views: Vec<(&'static str, &'static str)>,
    query: String,
    filters: QueryData,
    kinds: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<Category>,
    streets: Vec<(String, String)>,
    sort: &'static str,
    sorts: Vec<(&'static str, &'static str)>,
    /// The bulk actions this view offers the viewer (`route`, `invalidate`, `reassign`); empty: no check boxes.
    bulk: Vec<&'static str>,
    /// The viewer's colleagues, for a unit head's bulk hand-over.
    colleagues: Vec<Candidate>,
    invalid_reasons: Vec<(&'static str, &'static str)>,
    /// The query the list was opened with, for the bulk form to come back to.
    here: String,
    /// After a bulk action: how many were done, and the refused ones with the reason.
    bulk_done: Option<usize>,
    bulk_refused: Vec<(String, &'static str)>,
}

impl ListPage {
    fn offers(&self, action: &str) -> bool {
        self.bulk.contains(&action)
    }
    fn page_link(&self, page: u32) -> String {
        format!("?page={page}{}", self.query)
    }
    fn f(&self, name: &str) -> &str {
        self.filters.get(name)
    }
}

/// The narrowing a list request asks for: what the filters' fields say (a value the page does not know is no
/// narrowing; dates are said by `date_notices`).
fn narrowing_of(q: &QueryData) -> gongzhi_app::cases::Narrowing {
    gongzhi_app::cases::Narrowing {
        kind: CaseKind::parse(q.get("kind")),
        status: CaseStatus::parse(q.get("status")),
        category: Some(q.get("category").to_owned()).filter(|c| !c.is_empty()),
        unit: UnitId::parse(q.get("unit")),
        street: UnitId::parse(q.get("street")),
        received_from: parse_day_start(q.get("from")),
        received_to: super::common::parse_day_end(q.get("to")),
        overdue: q.get("overdue") == "1",
        phone: Some(q.get("phone").to_owned()).filter(|p| !p.trim().is_empty()),
        ..Default::default()
    }
}

pub async fn list_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    principal.require_case_worker()?;
    let view_kind = match View::parse(query.get("view")) {
        Some(v) => v,
        // Opening the list bare lands on the role's own queue; a search or a filter looks at everything in scope.
        None if query.0.keys().all(|k| NOT_FILTERS.contains(&k.as_str())) => {
            gongzhi_app::cases::landing_view(&principal)
        }
        None => View::All,
    };
    let view = view_kind.code().to_owned();
    // Filters and page numbers are checked: a wrong one is said, not silently ignored.
    let mut notices: Vec<String> = super::common::date_notices(lang, &query);
    let page_raw = query.get("page").trim();
    let wanted = match page_raw {
        "" => 1,
        raw => match raw.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                notices.push(lang.t("cases.bad_page").to_owned());
                1
            }
        },
    };
    let mut narrowing = narrowing_of(&query);
    narrowing.order = match query.get("sort") {
        "" => CaseOrder::Received,
        raw => CaseOrder::parse(raw).unwrap_or_else(|| {
            notices.push(lang.t("cases.bad_sort").to_owned());
            CaseOrder::Received
        }),
    };
    let search_raw = Some(query.get("q"));
    let read = |n: u32| {
        let (narrowing, state, principal) = (&narrowing, &state, &principal);
        async move {
            gongzhi_app::cases::list(
                &state.app,
                principal,
                view_kind,
                narrowing,
                search_raw,
                PageRequest::new(n, 20),
            )
            .await
        }
    };
    let mut found = read(wanted.min(100_000)).await?;
    if wanted > found.page.pages().max(1) {
        // Past the last page: the last page, and a word about it.
        notices.push(
            lang.t("cases.past_last_page")
                .replace("{n}", &wanted.to_string())
                .replace("{pages}", &found.page.pages().to_string()),
        );
        found = read(found.page.pages()).await?;
    }
    let (page, search) = (found.page, found.search);
    let now = state.now();
    let names = Names::load(&state, &page.items).await?;
    let pages = page.pages();
    // The dispatcher's queue shows each case's likeliest category.
    let mut suggested = if view == "dispatch" {
        gongzhi_app::suggest::suggest_cases(&state.app, &page.items, 1).await?
    } else {
        Vec::new()
    }
    .into_iter();
    // …and how many open cases each may repeat.
    // …and how many cases the same caller raised in the past 30 days (likely repeats from the same phone).
    let (mut repeats, mut callers) = (Vec::new(), Vec::new());
    if view == "dispatch" {
        repeats =
            gongzhi_app::search::near_duplicate_counts(&state.app, &principal, &page.items).await?;
        callers = state
            .reads
            .same_caller_counts(&page.items, 30 * 86_400_000, 86_400_000)
            .await?;
    }
    let (mut repeats, mut callers) = (repeats.into_iter(), callers.into_iter());
    let rows = page
        .items
        .into_iter()
        .map(|c| {
            let marks = search
                .as_ref()
                .map(|s| crate::cases::common::highlights(&c, s));
            let mut row = names.row(&staff, c, lang, now);
            if let Some((title, snippet)) = marks {
                row.title_html = Some(title);
                row.snippet_html = Some(snippet);
            }
            row.repeats = repeats.next().unwrap_or(0);
            row.same_caller = callers.next().unwrap_or(0);
            row.suggestion = suggested
                .next()
                .and_then(|s| s.into_iter().next())
                .map(|s| {
                    (
                        s.category.code,
                        s.category.name,
                        (s.score * 100.0).round() as u32,
                    )
                });
            row
        })
        .collect();
    let mut q = String::new();
    for key in [
        "view", "kind", "status", "category", "unit", "street", "from", "to", "overdue", "q",
        "phone", "sort",
    ] {
        if !query.get(key).is_empty() {
            q.push_str(&format!(
                "&{key}={}",
                crate::codec::encode_component(query.get(key))
            ));
        }
    }
    let views = gongzhi_app::cases::views_for(&principal)
        .into_iter()
        .map(|v| (v.code(), lang.t(&format!("view.{}", v.code()))))
        .collect();
    let version = state.reads.catalogue_version().await?;
    let streets = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| u.unit.kind == gongzhi_domain::org::UnitKind::Street)
        .map(|u| (u.unit.id.to_string(), u.unit.name))
        .collect();
    // A wrong filter or page answers 422; what a bulk action came back with is said, the page itself is fine.
    let status = if notices.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    // Bulk actions where they make sense: a dispatcher's queue is routed or disposed of as invalid, a unit's open
    // cases are handed to colleagues by its head.
    let mut bulk = Vec::new();
    if view == "dispatch" && staff.has(Role::Dispatcher) {
        bulk.extend(["route", "invalidate"]);
    }
    let mut colleagues = Vec::new();
    if view == "unit" && staff.session.user.unit_head {
        let kind = state
            .reads
            .get_unit(staff.session.user.unit_id)
            .await?
            .unit
            .kind;
        colleagues = state
            .reads
            .candidates(
                staff.session.user.unit_id,
                gongzhi_domain::routing::agent_role(kind),
            )
            .await?;
        if !colleagues.is_empty() {
            bulk.push("reassign");
        }
    }
    if let Some(code) = query.get("error").strip_prefix("bulk_") {
        let message = match code {
            "none" => lang.t("bulk.none").to_owned(),
            field => format!(
                "{}{}",
                lang.t("bulk.missing"),
                lang.try_t(&format!("bulk.field_{field}")).unwrap_or(field)
            ),
        };
        notices.push(message);
    }
    let bulk_done = query.get("bulk_done").parse::<usize>().ok();
    let bulk_refused = query
        .get("bulk_refused")
        .split(',')
        .filter_map(|item| {
            let (no, code) = item.split_once('~')?;
            let no = gongzhi_domain::cases::CaseNo::parse(no)?.to_string();
            let message = lang
                .try_t(&format!("case_err.{code}"))
                .or_else(|| lang.try_t(&format!("err.{code}")))
                .unwrap_or(lang.t("bulk.refused"));
            Some((no, message))
        })
        .take(BULK_MAX)
        .collect();
    let here = {
        let mut h = format!("?view={view}");
        for key in [
            "kind", "status", "category", "unit", "street", "from", "to", "overdue", "q", "phone",
            "sort", "page",
        ] {
            if !query.get(key).is_empty() {
                h.push_str(&format!(
                    "&{key}={}",
                    crate::codec::encode_component(query.get(key))
                ));
            }
        }
        h
    };
    let mut response = render(&ListPage {
        sort: narrowing.order.code(),
        sorts: CaseOrder::ALL
            .iter()
            .map(|o| (o.code(), lang.t(&format!("sort.{}", o.code()))))
            .collect(),
        bulk,
        colleagues,
        invalid_reasons: invalid_reasons(lang),
        here,
        bulk_done,
        bulk_refused,
        ctx: PageCtx::new(lang, Some(&staff)),
        notices,
        rows,
        total: page.total,
        page: page.page,
        pages,
        view,
        views,
        query: q,
        filters: query,
        kinds: kind_options(lang, &CaseKind::ALL),
        statuses: CaseStatus::ALL
            .iter()
            .map(|s| (s.code(), lang.t(&format!("status.{}", s.code()))))
            .collect(),
        categories: state.reads.catalogue(version).await?,
        streets,
    });
    *response.status_mut() = status;
    Ok(response)
}

/// The header's quick search: a case number opens the case, a phone number lists the caller's cases, anything else
/// searches the words.
pub async fn find(staff: Staff, query: QueryData) -> Result<Response, AppError> {
    staff.require_case_worker()?;
    let raw = query.get("q").trim();
    let to = if raw.len() == 14 && raw.bytes().all(|b| b.is_ascii_digit()) {
        format!("/staff/cases/{raw}")
    } else if let Some(phone) = gongzhi_domain::cases::PhoneNumber::parse(raw) {
        format!("/staff/cases?phone={}", phone.expose())
    } else if raw.is_empty() {
        "/staff/cases".to_owned()
    } else {
        format!("/staff/cases?q={}", crate::codec::encode_component(raw))
    };
    Ok(crate::page::see_other(&to).into_response())
}

#[derive(Template)]
#[template(path = "caller_fragment.html")]
struct CallerFragment {
    ctx: PageCtx,
    rows: Vec<CaseRow>,
    total: i64,
    phone: String,
}

/// Intake's caller lookup as the number is typed: the caller's cases, open ones first, as an HTML fragment.
pub async fn caller(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    require_intake(&staff)?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let Ok((phone, _)) =
        gongzhi_app::cases::phone_lookup(&staff.principal(&addr), query.get("phone"))
    else {
        return Ok(render(&CallerFragment {
            ctx,
            rows: Vec::new(),
            total: 0,
            phone: String::new(),
        }));
    };
    let (rows, total) = caller_cases(&state, &staff, &staff.principal(&addr), lang, &phone).await?;
    Ok(render(&CallerFragment {
        ctx,
        rows,
        total,
        phone,
    }))
}

/// A caller's cases in the viewer's scope (open ones first, then the newest), at most ten, and how many there are.
async fn caller_cases(
    state: &AppState,
    staff: &Staff,
    principal: &gongzhi_app::StaffPrincipal,
    lang: Lang,
    phone: &str,
) -> Result<(Vec<CaseRow>, i64), AppError> {
    let narrowing = gongzhi_app::cases::Narrowing {
        phone: Some(phone.to_owned()),
        ..Default::default()
    };
    let page = gongzhi_app::cases::list(
        &state.app,
        principal,
        View::All,
        &narrowing,
        None,
        PageRequest::new(1, 10),
    )
    .await?
    .page;
    let names = Names::load(state, &page.items).await?;
    let mut items = page.items;
    items.sort_by_key(|c| !c.status.is_open());
    let now = state.now();
    Ok((
        items
            .into_iter()
            .map(|c| names.row(staff, c, lang, now))
            .collect(),
        page.total,
    ))
}

/// The reasons a case is invalid (无效件), labelled.
fn invalid_reasons(lang: Lang) -> Vec<(&'static str, &'static str)> {
    gongzhi_domain::cases::InvalidReason::ALL
        .iter()
        .map(|r| (r.code(), lang.t(&format!("invalid_reason.{}", r.code()))))
        .collect()
}

/// What the case page offers the viewer.
struct Offer {
    accept: bool,
    work: bool,
    resume: bool,
    pause: bool,
    close: bool,
    escalate: bool,
    send_back: bool,
    decide_send_back: bool,
    decide_escalation: bool,
    supervise: bool,
    answer_supervision: bool,
    route: bool,
    reassign: bool,
    set_due: bool,
    callback: bool,
    petition: bool,
    answer: bool,
    note: bool,
    request_due: bool,
    decide_pause: bool,
    reject_request: bool,
    request_exclusion: bool,
    approve_exclusion: bool,
    redo: bool,
    instruct: bool,
    add_cohandler: bool,
    finish_cohandling: bool,
    refuse_petition: bool,
    answer_petition: bool,
    extend: bool,
    invalidate: bool,
    restore: bool,
}

fn offer(staff: &Staff, case: &Case, rel: Relation, cohandling: bool) -> Offer {
    use gongzhi_domain::cases::PendingRequest;
    let owns = rel.is_agent || rel.is_unit_head;
    let open = case.status.is_open();
    let routed = open && case.status != CaseStatus::Received;
    let free =
        case.request_pending.is_none() && !case.send_back_pending && !case.escalation_pending;
    let petition = case.kind == CaseKind::Petition;
    let reviewer = staff.has(Role::Evaluator);
    Offer {
        request_due: owns && routed && free,
        decide_pause: rel.is_dispatcher && case.request_pending == Some(PendingRequest::Pause),
        reject_request: match case.request_pending {
            Some(PendingRequest::Exclusion) => reviewer,
            Some(_) => rel.is_dispatcher,
            None => false,
        },
        request_exclusion: owns
            && case.status == CaseStatus::InProgress
            && case.contacted_at.is_some()
            && free,
        approve_exclusion: reviewer && case.request_pending == Some(PendingRequest::Exclusion),
        redo: rel.is_dispatcher && case.request_pending == Some(PendingRequest::Redo),
        instruct: staff.has(Role::Leader) && case.status != CaseStatus::Merged,
        add_cohandler: (owns || rel.is_dispatcher) && routed,
        finish_cohandling: cohandling && open,
        refuse_petition: owns && petition && routed && case.petition_accepted_at.is_none(),
        answer_petition: owns
            && petition
            && case.status == CaseStatus::InProgress
            && case.petition_accepted_at.is_some()
            && case.petition_answer.is_none(),
        extend: rel.is_unit_head
            && petition
            && routed
            && case.petition_accepted_at.is_some()
            && !case.extended,
        accept: owns && case.status == CaseStatus::Assigned,
        work: owns && routed,
        resume: owns && case.status == CaseStatus::Paused,
        pause: owns && case.status == CaseStatus::InProgress && free,
        close: owns && case.status == CaseStatus::InProgress,
        escalate: (rel.is_dispatcher
            || (owns && !case.escalation_pending && !case.send_back_pending))
            && routed
            && gongzhi_domain::lifecycle::next_tier(case).is_some(),
        send_back: owns && routed && !case.send_back_pending && !case.escalation_pending,
        decide_send_back: rel.is_dispatcher && case.send_back_pending,
        decide_escalation: rel.is_dispatcher && case.escalation_pending,
        supervise: staff.has(Role::Leader) && routed,
        answer_supervision: owns && open && case.supervision_due.is_some(),
        route: rel.is_dispatcher && open,
        reassign: (rel.is_unit_head || rel.is_dispatcher) && routed,
        set_due: rel.is_dispatcher && open,
        // 回访 belongs to the hotline centre's seats, not to the unit that handled the case.
        callback: case.status == CaseStatus::Closed
            && case.satisfaction.is_none()
            && staff.does_intake()
            && !case.phone.is_empty(),
        petition: owns
            && petition
            && case.status == CaseStatus::InProgress
            && case.petition_accepted_at.is_some()
            && case.review_level == 0,
        answer: (staff.has(Role::Intake) || staff.has(Role::Dispatcher))
            && case.kind == CaseKind::Consultation
            && case.status == CaseStatus::Received,
        note: (owns || rel.is_dispatcher) && case.status != CaseStatus::Merged,
        invalidate: rel.is_dispatcher && case.status == CaseStatus::Received,
        restore: reviewer
            && case.status == CaseStatus::Closed
            && case.outcome == Some(Outcome::Invalid),
    }
}

#[derive(Template)]
#[template(path = "case_detail.html")]
struct CasePage {
    ctx: PageCtx,
    row: CaseRow,
    /// Likely duplicates (case number, title, similarity in per cent, metres apart), for those who merge and link.
    similar: Vec<(String, String, u32, Option<u32>)>,
    timeline: Vec<TimelineEntry>,
    offer: Offer,
    reason: serde_json::Value,
    attachments: Vec<AttachmentMeta>,
    steps: Vec<Step>,
    links: Vec<String>,
    merged_into: Option<String>,
    category: Option<Category>,
    categories: Vec<Category>,
    colleagues: Vec<Candidate>,
    outcomes: Vec<(&'static str, &'static str)>,
    satisfactions: Vec<(&'static str, &'static str)>,
    suggestions: Vec<KbEntry>,
    /// Likely categories, for those who route an open case.
    suggested: Vec<crate::suggest::SuggestionView>,
    suggest_target: &'static str,
    /// (The intake page's list of repeats; the case page shows `similar` instead.)
    repeats: Vec<crate::suggest::Repeat>,
    message: String,
    routing_units: Vec<(String, String)>,
    communities: Vec<(String, String)>,
    cohandlers: Vec<gongzhi_store::cases::CoHandler>,
    holds: Vec<gongzhi_store::cases::Hold>,
    answers: Vec<(&'static str, &'static str)>,
    /// The mediation record's stage when the case is a dispute; else the dispute types, to turn it into one.
    dispute_stage: Option<&'static str>,
    dispute_types: Vec<(String, String, String)>,
    invalid_reasons: Vec<(&'static str, &'static str)>,
    /// What the resident was told, and whether it went.
    told: Vec<gongzhi_store::notify::OutboxItem>,
    /// Canned replies for the case's category (its own first, then the general ones), and the one chosen.
    replies: Vec<gongzhi_domain::replies::CannedReply>,
    reply_text: String,
    /// After a form failed validation: its action, what was typed, and what was wrong.
    typed_action: String,
    typed: FormData,
    typed_errors: ValidationErrors,
}

impl CasePage {
    /// What was typed into `field` of the `action` form that failed validation ("" otherwise).
    fn typed(&self, action: &str, field: &str) -> &str {
        if self.typed_action == action {
            self.typed.get(field)
        } else {
            ""
        }
    }
    /// The message for what was wrong with `field` of the `action` form ("" when nothing).
    fn field_error(&self, action: &str, field: &str) -> &'static str {
        if self.typed_action != action {
            return "";
        }
        self.typed_errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
    fn handover(&self, e: &TimelineEntry) -> String {
        let Ok(data) = serde_json::from_str::<serde_json::Value>(&e.data) else {
            return String::new();
        };
        let to = [data["to_unit"].as_str(), data["to_agent"].as_str()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        let from = [data["from_unit"].as_str(), data["from_agent"].as_str()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        match (from.is_empty(), to.is_empty()) {
            (_, true) => String::new(),
            (true, false) => format!("→ {to}"),
            (false, false) => format!("{from} → {to}"),
        }
    }
    fn reason_text(&self) -> String {
        let r = &self.reason;
        let mut parts = Vec::new();
        if let Some(c) = r["category"].as_object() {
            parts.push(format!(
                "{} {} ({})",
                self.ctx.t("reason.category"),
                c.get("name").and_then(|v| v.as_str()).unwrap_or(""),
                c.get("code").and_then(|v| v.as_str()).unwrap_or("")
            ));
        }
        if let Some(rule) = r["rule"].as_str() {
            parts.push(self.ctx.label("reason", rule).to_owned());
        }
        if let (Some(agent), Some(open), Some(n)) = (
            r["agent"].as_str(),
            r["agent_open_cases"].as_i64(),
            r["candidates"].as_i64(),
        ) {
            parts.push(format!(
                "{} {agent} ({} {open}, {} {n})",
                self.ctx.t("reason.agent"),
                self.ctx.t("reason.open"),
                self.ctx.t("reason.candidates")
            ));
        }
        parts.join(self.ctx.t("list.semi"))
    }
}

pub async fn case_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(case_no): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    case_view(&state, lang, &staff, &addr, &case_no, &query, None).await
}

/// A form of the case page that failed validation: which action, what was typed, what was wrong.
struct Typed {
    action: String,
    form: FormData,
    errors: ValidationErrors,
}

/// The case page; with `typed`, again after a form failed validation (422): the form keeps what was typed and says
/// what is wrong beside each field.
async fn case_view(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
    case_no: &str,
    query: &QueryData,
    typed: Option<Typed>,
) -> Result<Response, AppError> {
    let principal = staff.principal(addr);
    let case = gongzhi_app::cases::visible_case(&state.app, &principal, case_no).await?;
    let rel = gongzhi_app::cases::relation(&principal, &case);
    let cohandlers = state.reads.cohandlers(case.id).await?;
    let cohandling = cohandlers
        .iter()
        .any(|c| c.unit_id == principal.unit_id && c.done_at.is_none());
    let offer = offer(staff, &case, rel, cohandling);
    let timeline = state.reads.case_timeline(case.id, false).await?;
    let names = Names::load(state, std::slice::from_ref(&case)).await?;
    let category = gongzhi_app::cases::case_category(&state.app, &case).await?;
    let version = state.reads.catalogue_version().await?;
    let categories = if offer.route {
        state.reads.catalogue(version).await?
    } else {
        Vec::new()
    };
    let colleagues = match (offer.reassign, case.accountable_unit_id) {
        (true, Some(unit)) => {
            let kind = state.reads.get_unit(unit).await?.unit.kind;
            state
                .reads
                .candidates(unit, gongzhi_domain::routing::agent_role(kind))
                .await?
        }
        _ => Vec::new(),
    };
    let suggestions = if offer.answer {
        let entries = state.reads.list_kb().await?;
        kb::search(&entries, &format!("{} {}", case.title, case.description), 3)
            .into_iter()
            .map(|(e, _)| e.clone())
            .collect()
    } else {
        Vec::new()
    };
    let merged_into = match case.merged_into {
        Some(id) => Some(state.reads.get_case(id).await?.case_no.to_string()),
        None => None,
    };
    let routing_units = if offer.route || offer.redo || offer.add_cohandler {
        state
            .reads
            .list_units()
            .await?
            .into_iter()
            .filter(|u| {
                matches!(
                    u.unit.kind,
                    gongzhi_domain::org::UnitKind::Street
                        | gongzhi_domain::org::UnitKind::Department
                        | gongzhi_domain::org::UnitKind::Enterprise
                        | gongzhi_domain::org::UnitKind::LeadersOffice
                ) || Some(u.unit.id) == case.community_id
            })
            .map(|u| (u.unit.id.to_string(), u.unit.name))
            .collect()
    } else {
        Vec::new()
    };
    let communities = if offer.route {
        state
            .reads
            .list_units()
            .await?
            .into_iter()
            .filter(|u| u.unit.kind == gongzhi_domain::org::UnitKind::Community)
            .map(|u| (u.unit.id.to_string(), u.unit.name))
            .collect()
    } else {
        Vec::new()
    };
    let holds = state.reads.case_holds(case.id).await?;
    let message = crate::page::refusal_message(lang, query.get("error"));
    let case_kind = case.kind;
    let dispute_stage = match state.reads.get_dispute(case.id).await {
        Ok(d) => Some(d.stage.code()),
        Err(gongzhi_store::StoreError::NotFound) => None,
        Err(e) => return Err(gongzhi_app::AppError::from(e).into()),
    };
    let dispute_types = if dispute_stage.is_none() && case.closed_at.is_none() {
        state.reads.dispute_types().await?
    } else {
        Vec::new()
    };
    let similar = if (offer.work || offer.route) && case.status.is_open() {
        gongzhi_app::search::near_duplicates_of(&state.app, &principal, &case)
            .await?
            .into_iter()
            .map(|d| {
                (
                    d.case.case_no.as_str().to_owned(),
                    d.case.title,
                    (d.similarity * 100.0).round() as u32,
                    d.distance_m.map(|m| m.round() as u32),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let suggested = if offer.route && case.status.is_open() {
        let found = gongzhi_app::suggest::suggest_cases(
            &state.app,
            std::slice::from_ref(&case),
            gongzhi_domain::suggest::TOP,
        )
        .await?;
        crate::suggest::views(found.into_iter().next().unwrap_or_default(), lang)
    } else {
        Vec::new()
    };
    let told = state.reads.outbox_of_case(case.id).await?;
    let replies = if offer.work {
        state
            .reads
            .replies_for(case.category_code.as_deref())
            .await?
    } else {
        Vec::new()
    };
    // Without scripts, choosing a canned reply reloads the page with it in the text box.
    let reply_text = replies
        .iter()
        .find(|r| r.id == query.get("reply"))
        .map(|r| r.text.clone())
        .unwrap_or_default();
    let (typed_action, typed, typed_errors) = match typed {
        Some(t) => (t.action, t.form, t.errors),
        None => (
            String::new(),
            FormData::default(),
            ValidationErrors::default(),
        ),
    };
    let reply_text = if typed_action == "reply" {
        typed.get("text").to_owned()
    } else {
        reply_text
    };
    let page = CasePage {
        replies,
        reply_text,
        suggested,
        suggest_target: "route-category",
        repeats: Vec::new(),
        similar,
        dispute_stage,
        dispute_types,
        ctx: PageCtx::new(lang, Some(staff)),
        reason: serde_json::from_str(&case.routing_reason).unwrap_or(serde_json::Value::Null),
        attachments: state.reads.list_attachments(case.id).await?,
        steps: state.reads.case_steps(case.id).await?,
        links: state
            .reads
            .case_links(case.id)
            .await?
            .into_iter()
            .map(|n| n.to_string())
            .collect(),
        row: names.row(staff, case, lang, state.now()),
        timeline,
        offer,
        merged_into,
        category,
        categories,
        colleagues,
        outcomes: Outcome::ALL
            .iter()
            .filter(|o| o.closable_for(case_kind))
            .map(|o| (o.code(), lang.t(&format!("outcome.{}", o.code()))))
            .collect(),
        satisfactions: Satisfaction::ALL
            .iter()
            .map(|s| (s.code(), lang.t(&format!("satisfaction.{}", s.code()))))
            .collect(),
        suggestions,
        message,
        routing_units,
        communities,
        cohandlers,
        holds,
        answers: gongzhi_domain::cases::PetitionAnswer::ALL
            .iter()
            .map(|a| (a.code(), lang.t(&format!("petition_answer.{}", a.code()))))
            .collect(),
        invalid_reasons: invalid_reasons(lang),
        told,
        typed_action,
        typed,
        typed_errors,
    };
    let mut response = render(&page);
    if !page.typed_errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `POST /staff/cases/{case_no}/{action}`: performs an action and returns to the case page; a refusal comes back
/// as a message on the page (validation errors as the error page, since forms are short).
pub async fn action_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path((case_no, action)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let again = |errors: ValidationErrors| Typed {
        action: action.clone(),
        form: form.clone(),
        errors,
    };
    let parsed = match parse_action(&action, &|k| form.get(k).to_owned()) {
        Ok(p) => p,
        Err(AppError::Validation(errors)) => {
            return case_view(
                &state,
                lang,
                &staff,
                &addr,
                &case_no,
                &QueryData::default(),
                Some(again(errors)),
            )
            .await;
        }
        Err(e) => return Err(e),
    };
    match gongzhi_app::cases::perform(&state.app, &staff.principal(&addr), &case_no, parsed)
        .await
        .map_err(AppError::from)
    {
        Err(AppError::Validation(errors)) => {
            case_view(
                &state,
                lang,
                &staff,
                &addr,
                &case_no,
                &QueryData::default(),
                Some(again(errors)),
            )
            .await
        }
        // Back to the case, scrolled to what the action added (the timeline's newest entry); the confirmation stays
        // in view above it.
        Ok(case) => Ok(
            crate::page::see_other(&format!("/staff/cases/{}#changed", case.case_no))
                .into_response(),
        ),
        // The case number was found by the use case, so it is 14 digits; the code is one of ours.
        Err(AppError::Case(code) | AppError::Denied(code)) => Ok(crate::page::see_other(&format!(
            "/staff/cases/{}?error={code}",
            crate::codec::encode_component(&case_no)
        ))
        .into_response()),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "work_order.html")]
struct WorkOrder {
    ctx: PageCtx,
    row: CaseRow,
    category: Option<Category>,
    timeline: Vec<TimelineEntry>,
    printed_at: gongzhi_domain::Millis,
}

/// `GET /staff/cases/{case_no}/print`: the work order (派单工单) on one A4 page — the case, where it went and by when,
/// the resident as the viewer may see them, the matter, the record so far, and lines to sign on paper.
pub async fn work_order(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(case_no): Path<String>,
) -> Result<Response, AppError> {
    let case =
        gongzhi_app::cases::visible_case(&state.app, &staff.principal(&addr), &case_no).await?;
    let category = gongzhi_app::cases::case_category(&state.app, &case).await?;
    let timeline = state.reads.case_timeline(case.id, false).await?;
    let names = Names::load(&state, std::slice::from_ref(&case)).await?;
    let now = state.now();
    Ok(render(&WorkOrder {
        ctx: PageCtx::new(lang, Some(&staff)),
        row: names.row(&staff, case, lang, now),
        category,
        timeline,
        printed_at: now,
    }))
}

/// The most cases one bulk action takes.
pub const BULK_MAX: usize = 100;

/// `POST /staff/cases/bulk`: one action (route by category, hand to a colleague, mark invalid) on the cases ticked
/// in a list. The action's fields are checked once, before any case; then each case is done in its own
/// transaction, so one refusal (a case routed meanwhile, say) leaves the others done. Back to the list with how
/// many were done and which were refused, and why.
pub async fn bulk(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    staff.require_case_worker()?;
    let back = form.get("return");
    let back = if back.starts_with('?') && !back.contains("//") {
        back.split("&bulk_").next().unwrap_or("")
    } else {
        ""
    };
    let back = format!("/staff/cases{}", if back.is_empty() { "?" } else { back });
    let sep = if back.ends_with('?') { "" } else { "&" };
    let action = form.get("action");
    let invalid = |field: &'static str, code: &'static str| {
        let mut e = ValidationErrors::default();
        e.add(field, code);
        AppError::Validation(e)
    };
    if !matches!(action, "route" | "reassign" | "invalidate") {
        return Err(invalid("action", "invalid_choice"));
    }
    let mut numbers = form.get_all("case_no");
    numbers.sort_unstable();
    numbers.dedup();
    if numbers.is_empty() {
        return Ok(crate::page::see_other(&format!("{back}{sep}error=bulk_none")).into_response());
    }
    if numbers.len() > BULK_MAX {
        return Err(invalid("case_no", "too_many"));
    }
    let parsed = match parse_action(action, &|k| form.get(k).to_owned()) {
        Ok(a) => a,
        Err(AppError::Validation(e)) => {
            let field = e.0.first().map(|f| f.field.to_string()).unwrap_or_default();
            return Ok(
                crate::page::see_other(&format!("{back}{sep}error=bulk_{field}")).into_response(),
            );
        }
        Err(e) => return Err(e),
    };
    let principal = staff.principal(&addr);
    let (mut done, mut refused) = (0usize, Vec::new());
    for no in &numbers {
        match gongzhi_app::cases::perform(&state.app, &principal, no, parsed.clone())
            .await
            .map_err(AppError::from)
        {
            Ok(_) => done += 1,
            Err(
                e @ (AppError::Case(_)
                | AppError::Denied(_)
                | AppError::NotFound
                | AppError::Validation(_)),
            ) => {
                let no = gongzhi_domain::cases::CaseNo::parse(no)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                refused.push(format!("{no}~{}", e.code()));
            }
            Err(e) => return Err(e),
        }
    }
    let refused = crate::codec::encode_component(&refused.join(","));
    Ok(crate::page::see_other(&format!(
        "{back}{sep}bulk_done={done}&bulk_refused={refused}"
    ))
    .into_response())
}

/// What a file is, judged by its first bytes (never by its name or the browser's claim).
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Some("image/png")
    } else if data.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if data.len() > 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Cleans a file name for storage and display: no paths, no control characters, at most 100 characters.
pub(super) fn clean_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(100)
        .collect();
    if cleaned.trim().is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
}

/// Reads an upload (multipart: `csrf`, `public`, `file`), checks type by content and size, stores it.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(case_no): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut csrf = String::new();
    let mut public = false;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::MalformedForm
        }
    })? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|_| AppError::MalformedForm)?,
            "public" => public = field.text().await.map_err(|_| AppError::MalformedForm)? == "1",
            "file" => {
                let name = clean_filename(field.file_name().unwrap_or(""));
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::TooLarge
                    } else {
                        AppError::MalformedForm
                    }
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    staff.check_csrf(&FormData(vec![("csrf".into(), csrf)]))?;
    let (filename, data) = file
        .filter(|(_, d)| !d.is_empty())
        .ok_or_else(|| gongzhi_app::AppError::field("file", "required"))?;
    if data.len() > MAX_ATTACHMENT {
        return Err(AppError::TooLarge);
    }
    let content_type =
        sniff(&data).ok_or_else(|| gongzhi_app::AppError::field("file", "file_type"))?;
    let file = NewAttachment {
        filename,
        content_type: content_type.into(),
        public,
        data,
    };
    let case =
        gongzhi_app::cases::attach(&state.app, &staff.principal(&addr), &case_no, file).await?;
    Ok(crate::page::see_other(&format!("/staff/cases/{}", case.case_no)).into_response())
}

/// Serves an attachment to staff who may see its case. Always as a download, never rendered inline as HTML.
pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (meta, data) =
        gongzhi_app::cases::attachment(&state.app, &staff.principal(&addr), &id).await?;
    super::common::download_response(&meta.filename, &meta.content_type, data)
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    ctx: PageCtx,
    input: CaseInput,
    channel: String,
    category: String,
    received_at: String,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    categories: Vec<Category>,
    q: String,
    answers: Vec<KbEntry>,
    /// Cases matching the same words (case number, highlighted title): a repeat call finds the case already filed.
    found: Vec<(String, String)>,
    /// Likely categories for what was typed (refreshed as the operator types).
    suggested: Vec<crate::suggest::SuggestionView>,
    suggest_target: &'static str,
    /// Open cases the matter typed may repeat.
    repeats: Vec<crate::suggest::Repeat>,
    /// The caller's cases (by the phone typed), the count, and the phone they were looked up by.
    rows: Vec<CaseRow>,
    total: i64,
    phone: String,
}

impl IntakePage {
    /// The page for what was typed; `intake_render` fills in the choices, suggestions and the caller's cases.
    fn new(
        lang: Lang,
        input: CaseInput,
        channel: String,
        category: String,
        received_at: String,
        errors: ValidationErrors,
    ) -> IntakePage {
        IntakePage {
            ctx: PageCtx::anonymous(lang),
            input,
            channel,
            category,
            received_at,
            errors,
            kinds: Vec::new(),
            channels: Vec::new(),
            categories: Vec::new(),
            q: String::new(),
            answers: Vec::new(),
            found: Vec::new(),
            suggested: Vec::new(),
            suggest_target: "intake-category",
            repeats: Vec::new(),
            rows: Vec::new(),
            total: 0,
            phone: String::new(),
        }
    }

    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

fn require_intake(staff: &Staff) -> Result<(), AppError> {
    if staff.has(Role::Intake) || staff.has(Role::Dispatcher) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn intake_render(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    addr: &ClientAddr,
    mut page: IntakePage,
) -> Result<Response, AppError> {
    let version = state.reads.catalogue_version().await?;
    page.categories = state.reads.catalogue(version).await?;
    page.kinds = kind_options(lang, &CaseKind::ALL);
    page.channels = Channel::STAFF
        .iter()
        .map(|c| (c.code(), lang.t(&format!("channel.{}", c.code()))))
        .collect();
    page.ctx = PageCtx::new(lang, Some(staff));
    let i = &page.input;
    page.suggested = crate::suggest::page_views(
        state,
        lang,
        &i.title,
        &i.description,
        &i.lat,
        &i.lon,
        &i.address,
    )
    .await?;
    page.repeats = crate::suggest::repeats(
        state,
        &staff.principal(addr),
        &i.title,
        &i.description,
        &i.lat,
        &i.lon,
        &i.address,
    )
    .await?;
    if let Ok((phone, _)) =
        gongzhi_app::cases::phone_lookup(&staff.principal(addr), &page.input.phone)
    {
        (page.rows, page.total) =
            caller_cases(state, staff, &staff.principal(addr), lang, &phone).await?;
        page.phone = phone;
    }
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&page);
    *r.status_mut() = status;
    Ok(r)
}

pub async fn intake_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    require_intake(&staff)?;
    let q = query.get("q").trim().to_owned();
    // The knowledge base's own full-text index: entries sharing the most of the question's words first.
    let answers = match gongzhi_domain::search::parse(&q, gongzhi_domain::org::Scope::District) {
        Ok(query) => state.reads.search_kb(&query, 5).await?,
        Err(_) => Vec::new(),
    };
    let mut found = Vec::new();
    if let Ok(query) = gongzhi_domain::search::parse(&q, staff.scope()) {
        for c in gongzhi_app::cases::list(
            &state.app,
            &staff.principal(&addr),
            View::All,
            &Default::default(),
            Some(&q),
            PageRequest::new(1, 5),
        )
        .await?
        .page
        .items
        {
            found.push((
                c.case_no.as_str().to_owned(),
                crate::cases::common::highlights(&c, &query).0,
            ));
        }
    }
    let mut page = IntakePage::new(
        lang,
        CaseInput {
            kind: "complaint".into(),
            ..Default::default()
        },
        "hotline".into(),
        String::new(),
        crate::page::local_input(state.now()),
        ValidationErrors::default(),
    );
    (page.q, page.answers, page.found) = (q, answers, found);
    intake_render(&state, lang, &staff, &addr, page).await
}

pub async fn intake_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    require_intake(&staff)?;
    staff.check_csrf(&form)?;
    let input = super::common::case_input(&form);
    let category = form.get("category").trim().to_owned();
    let received_raw = form.get("received_at").trim();
    let request = gongzhi_app::cases::IntakeRequest {
        input: input.clone(),
        channel: Some(form.get("channel").to_owned()),
        category: Some(category.clone()),
        received_at: (!received_raw.is_empty())
            .then(|| crate::page::parse_local_datetime(received_raw)),
        confidential: (form.get("confidential") == "1").then_some(true),
    };
    let principal = gongzhi_app::Principal::Staff(staff.principal(&addr));
    match gongzhi_app::cases::intake(&state.app, &principal, &request, Channel::Hotline).await {
        Ok(case) => {
            Ok(crate::page::see_other(&format!("/staff/cases/{}", case.case_no)).into_response())
        }
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let page = IntakePage::new(
                lang,
                input,
                form.get("channel").into(),
                category,
                form.get("received_at").into(),
                errors,
            );
            intake_render(&state, lang, &staff, &addr, page).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    ctx: PageCtx,
    notices: Vec<Notice>,
    total: i64,
    unread: i64,
    page: u32,
    pages: u32,
}

pub async fn inbox_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let user = staff.session.user.id;
    let page = state
        .reads
        .list_notices(user, PageRequest::new(query.page(), 30))
        .await?;
    let unread = state.reads.count_unread(user).await?;
    let pages = page.pages();
    Ok(render(&InboxPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        notices: page.items,
        total: page.total,
        unread,
        page: page.page,
        pages,
    }))
}

pub async fn inbox_read(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = form.get("id");
    gongzhi_app::notify::mark_read(
        &state.app,
        &staff.principal(&addr),
        (!id.is_empty()).then_some(id),
    )
    .await?;
    let next = crate::page::safe_next(form.get("next"));
    Ok(crate::page::see_other(if next.starts_with("/staff/") {
        &next
    } else {
        "/staff/inbox"
    })
    .into_response())
}
