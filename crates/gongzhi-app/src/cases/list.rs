//! The staff case list as one use case: which queues (views) a member of staff may open, the scope and the view's
//! conditions, the narrowing they chose, and the read — the same for the list page, the API and the home page's
//! tiles, so the rules live here once.

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, CaseKind, CaseStatus, PendingRequest};
use gongzhi_domain::org::{Role, Scope, UnitId};
use gongzhi_domain::search::Query;
use gongzhi_store::cases::{CaseFilter, CaseOrder};
use gongzhi_store::{Page, PageRequest};

use crate::{App, AppError, StaffPrincipal};

/// A named queue of the case list, in the order the list shows its tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The viewer's own open cases (as the accountable agent), wherever they lie.
    Mine,
    /// The viewer's unit's open cases.
    Unit,
    /// The leaders' queue: cases a district leader supervises or owns.
    Leader,
    /// Open cases due within a day.
    Due,
    /// Open cases past their handling deadline.
    Overdue,
    /// The dispatcher's queue: cases received and not yet routed.
    Dispatch,
    /// Units' requests to send a case back, waiting for the dispatcher.
    SendBack,
    /// Units' requests to escalate, waiting for the dispatcher.
    Escalation,
    /// Requests waiting for the viewer's decision (a dispatcher's pauses, due changes and redos; a reviewer's
    /// exclusions).
    Requests,
    /// Cases closed as invalid (无效件).
    Invalid,
    /// Everything in the viewer's scope.
    All,
}

impl View {
    pub const ALL: [View; 11] = [
        View::Mine,
        View::Unit,
        View::Leader,
        View::Due,
        View::Overdue,
        View::Dispatch,
        View::SendBack,
        View::Escalation,
        View::Requests,
        View::Invalid,
        View::All,
    ];

    pub fn code(self) -> &'static str {
        match self {
            View::Mine => "mine",
            View::Unit => "unit",
            View::Leader => "leader",
            View::Due => "due",
            View::Overdue => "overdue",
            View::Dispatch => "dispatch",
            View::SendBack => "send_back",
            View::Escalation => "escalation",
            View::Requests => "requests",
            View::Invalid => "invalid",
            View::All => "all",
        }
    }

    pub fn parse(code: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.code() == code)
    }

    /// Whether a member of staff may open this view: the dispatcher's queues to dispatchers, the leaders' queue to
    /// leaders, requests and invalid cases to dispatchers and reviewers (评价员); the rest to every case worker.
    pub fn open_to(self, staff: &StaffPrincipal) -> bool {
        match self {
            View::Dispatch | View::SendBack | View::Escalation => staff.has(Role::Dispatcher),
            View::Leader => staff.has(Role::Leader),
            View::Requests | View::Invalid => {
                staff.has(Role::Dispatcher) || staff.has(Role::Evaluator)
            }
            View::Mine | View::Unit | View::Due | View::Overdue | View::All => true,
        }
    }
}

/// The views a member of staff may open, in tab order.
pub fn views_for(staff: &StaffPrincipal) -> Vec<View> {
    View::ALL.into_iter().filter(|v| v.open_to(staff)).collect()
}

/// The queue a role lands on: dispatchers their dispatch queue, leaders theirs, unit heads their unit's open cases,
/// agents their own open cases; everyone else (the assessment office) the cases in their scope.
pub fn landing_view(staff: &StaffPrincipal) -> View {
    let handles = [Role::Community, Role::Street, Role::Department];
    if staff.has(Role::Dispatcher) {
        View::Dispatch
    } else if staff.has(Role::Leader) {
        View::Leader
    } else if staff.unit_head && handles.iter().any(|r| staff.has(*r)) {
        View::Unit
    } else if handles.iter().any(|r| staff.has(*r)) || staff.has(Role::Intake) {
        View::Mine
    } else {
        View::All
    }
}

/// What a viewer narrows a view by; every part optional.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    pub kind: Option<CaseKind>,
    pub status: Option<CaseStatus>,
    pub category: Option<String>,
    pub unit: Option<UnitId>,
    pub street: Option<UnitId>,
    pub received_from: Option<Millis>,
    pub received_to: Option<Millis>,
    pub overdue: bool,
    /// Open cases only (the map's default).
    pub open_only: bool,
    /// A caller's phone number as typed: their cases (for roles that call residents).
    pub phone: Option<String>,
    /// Closed cases too in the viewer's own and unit's views (the API's `mine`: all of the caller's cases), which
    /// otherwise hold open cases only.
    pub with_closed: bool,
    pub order: CaseOrder,
}

/// A page of a view, and the words it was searched by (for highlighting).
#[derive(Debug, Clone)]
pub struct Found {
    pub page: Page<Case>,
    pub search: Option<Query>,
}

/// The store's filter for a view and a narrowing: the viewer's scope, the view's conditions (refused with 403 when
/// the view is not the viewer's), then the narrowing. A view's own condition wins over the narrowing's (the
/// dispatcher's queue stays received cases).
pub fn filter(
    staff: &StaffPrincipal,
    view: View,
    narrowing: &Narrowing,
    now: Millis,
) -> Result<CaseFilter, AppError> {
    staff.require_case_worker()?;
    if !view.open_to(staff) {
        return Err(AppError::Forbidden("forbidden"));
    }
    let mut f = CaseFilter::new(staff.scope(), now);
    match view {
        View::Mine => {
            f.agent = Some(staff.user_id);
            f.open_only = !narrowing.with_closed;
            // Being the agent is enough to see one's own cases, whatever the scope.
            f.scope = Scope::District;
        }
        View::Unit => {
            f.unit = Some(staff.unit_id);
            f.open_only = !narrowing.with_closed;
        }
        View::Due => f.due_within = Some(crate::sweeper::DUE_SOON),
        View::Leader => f.leader_queue = true,
        View::Invalid => f.invalid_only = true,
        View::Overdue => f.overdue = true,
        View::Dispatch => f.status = Some(CaseStatus::Received),
        View::SendBack => f.send_back_pending = true,
        View::Escalation => f.escalation_pending = true,
        View::Requests => {
            if staff.has(Role::Dispatcher) {
                f.requests.extend([
                    PendingRequest::Pause,
                    PendingRequest::DueChange,
                    PendingRequest::Redo,
                ]);
            }
            if staff.has(Role::Evaluator) {
                f.requests.push(PendingRequest::Exclusion);
            }
        }
        View::All => {}
    }
    f.kind = f.kind.or(narrowing.kind);
    f.status = f.status.or(narrowing.status);
    f.category = narrowing.category.clone();
    f.unit = f.unit.or(narrowing.unit);
    f.street = narrowing.street;
    f.received_from = narrowing.received_from;
    f.received_to = narrowing.received_to;
    f.overdue |= narrowing.overdue;
    f.open_only |= narrowing.open_only;
    f.order = narrowing.order;
    if let Some(raw) = narrowing.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let (phone, hide) = super::phone_lookup(staff, raw)?;
        f.phone = Some(phone);
        f.hide_confidential = hide;
    }
    Ok(f)
}

/// One page of a view, narrowed, and found by words when `search` is given (best match first; the words are
/// searched within the view's scope). Words too short or too long are refused on the field `q`.
pub async fn list(
    app: &App,
    staff: &StaffPrincipal,
    view: View,
    narrowing: &Narrowing,
    search: Option<&str>,
    page: PageRequest,
) -> Result<Found, AppError> {
    let f = filter(staff, view, narrowing, app.now())?;
    let search = match search.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(search_query(raw, f.scope)?),
    };
    let page = match &search {
        Some(q) => app.store().search_cases(&f, q, page).await?,
        None => app.store().list_cases(&f, page).await?,
    };
    Ok(Found { page, search })
}

/// Words to search cases by within a scope, or the field error that says why not.
pub fn search_query(raw: &str, scope: Scope) -> Result<Query, AppError> {
    gongzhi_domain::search::parse(raw, scope).map_err(|e| match e {
        gongzhi_domain::search::QueryError::TooShort => AppError::field("q", "q_too_short"),
        gongzhi_domain::search::QueryError::TooLong => AppError::field("q", "too_long"),
    })
}

/// How many cases each of the viewer's queues holds (the home page's tiles): the views every case worker has, and
/// the dispatcher's.
pub async fn queue_counts(app: &App, staff: &StaffPrincipal) -> Result<Vec<(View, i64)>, AppError> {
    let mut out = Vec::new();
    for view in [
        View::Mine,
        View::Unit,
        View::Due,
        View::Overdue,
        View::Dispatch,
        View::SendBack,
        View::Escalation,
    ] {
        if view.open_to(staff) {
            let f = filter(staff, view, &Narrowing::default(), app.now())?;
            out.push((view, app.store().count_cases(&f).await?));
        }
    }
    Ok(out)
}
