//! The application services of the case spine, shared by the pages, the JSON API and the background sweeper:
//! intake with routing by the catalogue, every staff action, the resident's verdict and reopen. Each reads the case,
//! works out the actor's relation to it, lets the domain decide (`lifecycle`), and has the store write the change
//! under the case's version. No SQL here, no HTTP either.

use std::sync::Arc;

use gongzhi_domain::Millis;
use gongzhi_domain::calendar::Calendar;
use gongzhi_domain::cases::{Case, CaseKind, CaseNo, CaseStatus, NewCase, Outcome, Satisfaction};
use gongzhi_domain::catalogue::{Accountable, Category, Tier};
use gongzhi_domain::geo::{self, GeoPoint};
use gongzhi_domain::lifecycle::{
    self, Assignment, CaseError, Change, Clocks, Notify, PETITION_EXTENSION_DAYS, PETITION_STEP_DAYS, Record, Relation,
    VerdictSource,
};
use gongzhi_domain::org::{CasePlace, Role, UnitId, UnitKind, UserId};
use gongzhi_domain::routing::{self, RouteError};
use gongzhi_store::{Actor, StoreError};

use crate::AppState;
use crate::error::AppError;
use crate::extract::Staff;

/// A point further than this from every community centre lies outside the district and is left for a dispatcher.
const MAX_COMMUNITY_DISTANCE_M: f64 = 3_000.0;
/// How long the calendar and the community centres are cached by one app server. An administrator's change shows
/// at once on the server that made it and within this time on the others.
const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// Caches of rarely changing data that every intake needs.
#[derive(Default)]
pub struct Caches {
    calendar: tokio::sync::RwLock<Option<(std::time::Instant, Arc<Calendar>)>>,
    centres: tokio::sync::RwLock<Option<(std::time::Instant, Arc<Vec<((UnitId, UnitId), GeoPoint)>>)>>,
}

impl Caches {
    pub async fn invalidate(&self) {
        *self.calendar.write().await = None;
        *self.centres.write().await = None;
    }
}

/// The working-day calendar as loaded in the database.
pub async fn calendar(state: &AppState) -> Result<Arc<Calendar>, AppError> {
    if let Some((at, c)) = state.caches.calendar.read().await.as_ref() {
        if at.elapsed() < CACHE_TTL {
            return Ok(c.clone());
        }
    }
    let c = Arc::new(state.store.load_calendar().await?);
    *state.caches.calendar.write().await = Some((std::time::Instant::now(), c.clone()));
    Ok(c)
}

/// Places a point in its community and street: the nearest community centre within reach.
pub async fn place(state: &AppState, point: Option<GeoPoint>) -> Result<CasePlace, AppError> {
    let Some(point) = point else { return Ok(CasePlace::default()) };
    let cached = state.caches.centres.read().await.as_ref().filter(|(at, _)| at.elapsed() < CACHE_TTL).map(|(_, c)| c.clone());
    let centres = match cached {
        Some(c) => c,
        None => {
            let fresh: Vec<((UnitId, UnitId), GeoPoint)> =
                state.store.community_centres().await?.into_iter().map(|(c, s, p)| ((c, s), p)).collect();
            let fresh = Arc::new(fresh);
            *state.caches.centres.write().await = Some((std::time::Instant::now(), fresh.clone()));
            fresh
        }
    };
    Ok(match geo::nearest(point, &centres, MAX_COMMUNITY_DISTANCE_M) {
        Some(((community, street), _)) => {
            CasePlace { street_id: Some(street), community_id: Some(community), accountable_unit_id: None }
        }
        None => CasePlace::default(),
    })
}

/// The tier a unit's cases sit at.
fn tier_of(kind: UnitKind) -> Tier {
    match kind {
        UnitKind::Community => Tier::Community,
        UnitKind::LeadersOffice => Tier::District,
        _ => Tier::Street,
    }
}

/// Picks the agent of a unit by the unit's rule (fewest open cases) and writes down why.
pub async fn assign(state: &AppState, unit_id: UnitId, category: Option<&Category>, rule: &str) -> Result<Assignment, AppError> {
    let unit = state.store.get_unit(unit_id).await?.unit;
    let candidates = state.store.candidates(unit_id, routing::agent_role(unit.kind)).await?;
    let chosen = routing::choose_agent(&candidates).ok_or(AppError::Case("no_agent"))?.clone();
    Ok(Assignment {
        unit_id,
        unit_name: unit.name.clone(),
        tier: tier_of(unit.kind),
        agent_id: chosen.user_id,
        agent_name: chosen.name.clone(),
        reason: routing::reason(category, rule, &unit.name, &chosen, candidates.len()),
    })
}

fn route_error(e: RouteError) -> AppError {
    AppError::Case(e.code())
}

/// The clocks of a case of `category` received at `received_at`; petitions get the six-step deadlines instead.
async fn clocks_for(state: &AppState, kind: CaseKind, category: &Category, received_at: Millis) -> Result<(Clocks, Option<[Millis; 6]>), AppError> {
    let cal = calendar(state).await?;
    let mut clocks = lifecycle::clocks(&cal, received_at, category.contact_hours, category.handle_days);
    if kind == CaseKind::Petition {
        let steps = lifecycle::petition_step_deadlines(received_at, &petition_days(state).await?);
        clocks.handle_due_at = steps[5];
        clocks.provisional = false;
        return Ok((clocks, Some(steps)));
    }
    Ok((clocks, None))
}

/// The petition step days, from the settings (`petition.step_days`, six comma-separated numbers) or the defaults.
async fn petition_days(state: &AppState) -> Result<[u32; 6], AppError> {
    let configured = state.store.get_setting("petition.step_days").await?;
    Ok(configured.as_deref().and_then(crate::catalogue::parse_step_days).unwrap_or(PETITION_STEP_DAYS))
}

/// Builds the routing change of a case by category (and place), or to a unit the dispatcher chose.
async fn routing_change(
    state: &AppState,
    case: &Case,
    rel: Relation,
    category: &Category,
    version: i64,
    unit_override: Option<UnitId>,
    fresh_clocks: bool,
) -> Result<Change, AppError> {
    let (unit_id, rule) = match unit_override {
        Some(u) => (u, "dispatcher"),
        None => {
            // Named units are looked up first, so the routing rule itself stays a pure function.
            let named = match &category.accountable {
                Accountable::Unit(code) => state.store.get_unit_by_code(code).await.ok().map(|u| u.unit.id),
                _ => None,
            };
            (routing::accountable_unit(&category.accountable, case.place(), |_| named).map_err(route_error)?, "catalogue")
        }
    };
    let to = assign(state, unit_id, Some(category), rule).await?;
    let (clocks, steps) = clocks_for(state, case.kind, category, case.received_at).await?;
    let previous = previous_holder(state, case).await?;
    let mut change = lifecycle::route(case, rel, (&category.code, version), &to, fresh_clocks.then_some(clocks), previous)
        .map_err(AppError::from)?;
    if let (Some(steps), true) = (steps, fresh_clocks) {
        change.records.push(Record::PetitionSteps(steps));
    }
    Ok(change)
}

/// The unit and agent names a case is with now, for a handover's timeline entry.
async fn previous_holder(state: &AppState, case: &Case) -> Result<(Option<String>, Option<String>), AppError> {
    let unit = match case.accountable_unit_id {
        Some(u) => Some(state.store.get_unit(u).await?.unit.name),
        None => None,
    };
    let agent = match case.agent_id {
        Some(a) => Some(state.store.get_user(a).await?.display_name),
        None => None,
    };
    Ok((unit, agent))
}

/// The current catalogue's category, if it exists.
pub async fn current_category(state: &AppState, code: &str) -> Result<Option<(Category, i64)>, AppError> {
    let version = state.store.catalogue_version().await?;
    match state.store.get_category(version, code).await {
        Ok(c) => Ok(Some((c, version))),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Registers a case. With a category the catalogue routes it in the same transaction; without one, or when the
/// catalogue cannot decide (no place for a community matter), it waits in the dispatcher's queue.
pub async fn intake(state: &AppState, actor: &Actor, new: &NewCase, category: Option<&str>, received_at: Millis) -> Result<Case, AppError> {
    let place = place(state, new.point).await?;
    let mut change = None;
    if let Some(code) = category {
        let Some((cat, version)) = current_category(state, code).await? else {
            return Err(AppError::Validation(single("category", "invalid_choice")));
        };
        let draft = Case::received(gongzhi_domain::cases::CaseId::new(), CaseNo::new(gongzhi_domain::local_yyyymmdd(received_at), 0), new, place, received_at, received_at);
        match routing_change(state, &draft, Relation::system(), &cat, version, None, true).await {
            Ok(c) => change = Some(c),
            // Left for the dispatcher: the queue shows why.
            Err(AppError::Case(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let stored = state.store.insert_case(actor, new, place, received_at, change.as_ref()).await?;
    tracing::info!(case_no = %stored.case_no, kind = new.kind.code(), channel = new.channel.code(), routed = change.is_some(), "case received");
    Ok(stored)
}

pub fn single(field: &'static str, code: &'static str) -> gongzhi_domain::validation::ValidationErrors {
    let mut e = gongzhi_domain::validation::ValidationErrors::default();
    e.add(field, code);
    e
}

/// What a staff member is to a case.
pub fn relation(staff: &Staff, case: &Case) -> Relation {
    let user = &staff.session.user;
    Relation {
        user_id: Some(user.id),
        is_agent: case.agent_id == Some(user.id),
        is_unit_head: user.unit_head && case.accountable_unit_id == Some(user.unit_id),
        is_dispatcher: staff.has(Role::Dispatcher),
        is_system: false,
    }
}

/// An action a staff member takes on a case.
#[derive(Debug, Clone)]
pub enum Action {
    Accept,
    Contact { note: String },
    Reply { text: String },
    Note { text: String },
    Pause { reason: String },
    Resume,
    Escalate { reason: String },
    SendBack { reason: String },
    RejectSendBack { note: String },
    /// Dispatcher routing: by category (re-running the catalogue) or to a chosen unit. Approves a pending send-back.
    Route { category: String, unit: Option<UnitId> },
    Reassign { agent: UserId },
    SetDue { due: Millis, reason: String },
    Merge { into: CaseNo },
    Link { other: CaseNo },
    Close { outcome: Outcome, note: String },
    Callback { resolved: bool, satisfaction: Satisfaction },
    Step { note: String },
    Extend { reason: String },
    Answer { kb_id: String },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Contact { .. } => "contact",
            Action::Reply { .. } => "reply",
            Action::Note { .. } => "note",
            Action::Pause { .. } => "pause",
            Action::Resume => "resume",
            Action::Escalate { .. } => "escalate",
            Action::SendBack { .. } => "send_back",
            Action::RejectSendBack { .. } => "reject_send_back",
            Action::Route { .. } => "route",
            Action::Reassign { .. } => "reassign",
            Action::SetDue { .. } => "set_due",
            Action::Merge { .. } => "merge",
            Action::Link { .. } => "link",
            Action::Close { .. } => "close",
            Action::Callback { .. } => "callback",
            Action::Step { .. } => "step",
            Action::Extend { .. } => "extend",
            Action::Answer { .. } => "answer",
        }
    }
}

/// The case, if it exists and the staff member's scope covers it (or they are its agent); otherwise `NotFound`
/// either way, so the answer does not reveal that a case outside one's scope exists.
pub async fn visible_case(state: &AppState, staff: &Staff, case_no: &str) -> Result<Case, AppError> {
    staff.require_case_worker()?;
    let no = CaseNo::parse(case_no).ok_or(AppError::NotFound)?;
    let case = state.store.get_case_by_no(&no).await?;
    let is_agent = case.agent_id == Some(staff.session.user.id);
    if is_agent || staff.scope().allows(case.place()) { Ok(case) } else { Err(AppError::NotFound) }
}

/// Performs an action for a staff member and returns the case as it is afterwards.
pub async fn perform(state: &AppState, staff: &Staff, actor: &Actor, case_no: &str, action: Action) -> Result<Case, AppError> {
    let case = visible_case(state, staff, case_no).await?;
    let rel = relation(staff, &case);
    let now = actor.at;
    let change = match action {
        Action::Accept => lifecycle::accept(&case, rel, now)?,
        Action::Contact { note } => lifecycle::contact(&case, rel, now, &note)?,
        Action::Reply { text } => lifecycle::reply(&case, rel, &text)?,
        Action::Note { text } => lifecycle::note(&case, rel, &text)?,
        Action::Pause { reason } => lifecycle::pause(&case, rel, now, &reason)?,
        Action::Resume => lifecycle::resume(&case, rel, now, &*calendar(state).await?)?,
        Action::Escalate { reason } => escalation(state, &case, rel, &reason, now).await?,
        Action::SendBack { reason } => {
            let dispatchers = state.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::request_send_back(&case, rel, &reason, &dispatchers)?
        }
        Action::RejectSendBack { note } => lifecycle::reject_send_back(&case, rel, &note)?,
        Action::Route { category, unit } => {
            if !rel.is_dispatcher {
                return Err(CaseError::DispatcherOnly.into());
            }
            let (cat, version) = current_category(state, &category).await?.ok_or_else(|| AppError::Validation(single("category", "invalid_choice")))?;
            // A first routing starts the clocks; a re-route keeps them (deadlines count from receipt).
            let fresh = case.status == CaseStatus::Received || case.category_code.as_deref() != Some(category.as_str());
            let mut change = routing_change(state, &case, rel, &cat, version, unit, fresh).await?;
            if case.send_back_pending {
                if let Some(agent) = case.agent_id {
                    change.notify.push(Notify { user_id: agent, kind: "send_back_decided", dedupe_key: None });
                }
            }
            change
        }
        Action::Reassign { agent } => {
            let user = state.store.get_user(agent).await.map_err(|_| AppError::Case("agent_not_in_unit"))?;
            let in_unit = Some(user.unit_id) == case.accountable_unit_id && user.active;
            let from = previous_holder(state, &case).await?.1;
            lifecycle::reassign(&case, rel, (user.id, &user.display_name), from, in_unit)?
        }
        Action::SetDue { due, reason } => lifecycle::set_due(&case, rel, due, &reason)?,
        Action::Merge { into } => {
            let target = state.store.get_case_by_no(&into).await.map_err(|_| AppError::Case("bad_merge_target"))?;
            let (dup, survivor) = lifecycle::merge(&case, rel, &target)?;
            state.store.update_cases(actor, &[(&case, &dup), (&target, &survivor)]).await.map_err(stale)?;
            return Ok(state.store.get_case(case.id).await?);
        }
        Action::Link { other } => {
            let other = state.store.get_case_by_no(&other).await.map_err(|_| AppError::Case("bad_merge_target"))?;
            lifecycle::link(&case, rel, &other)?
        }
        Action::Close { outcome, note } => lifecycle::close(&case, rel, now, outcome, &note)?,
        Action::Callback { resolved, satisfaction } => {
            if !(rel.is_agent || rel.is_unit_head || rel.is_dispatcher || staff.has(Role::Intake)) {
                return Err(CaseError::NotYourCase.into());
            }
            lifecycle::rate(&case, resolved, satisfaction, VerdictSource::Callback)?
        }
        Action::Step { note } => lifecycle::complete_step(&case, rel, &note)?.0,
        Action::Extend { reason } => {
            let days = state.store.get_setting("petition.extension_days").await?.and_then(|d| d.parse().ok()).unwrap_or(PETITION_EXTENSION_DAYS);
            lifecycle::extend_petition(&case, rel, days, &reason)?
        }
        Action::Answer { kb_id } => {
            if !(staff.has(Role::Intake) || staff.has(Role::Dispatcher)) {
                return Err(AppError::Forbidden);
            }
            if case.kind != CaseKind::Consultation {
                return Err(AppError::Case("not_consultation"));
            }
            let entry = state.store.get_kb(&kb_id).await?;
            lifecycle::answer_at_intake(&case, now, &entry.answer, &entry.id)?
        }
    };
    state.store.update_case(actor, &case, &change).await.map_err(stale)?;
    Ok(state.store.get_case(case.id).await?)
}

fn stale(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict { constraint } if constraint == "stale_version" => AppError::Case("stale"),
        other => other.into(),
    }
}

/// Moves a case up one tier (by hand or by the sweeper): to the street for a community matter, to a district
/// leader for a street or department matter.
pub async fn escalation(state: &AppState, case: &Case, rel: Relation, reason: &str, now: Millis) -> Result<Change, AppError> {
    let next = lifecycle::next_tier(case).ok_or(CaseError::TopTier)?;
    let leaders = state.store.get_unit_by_code("leaders").await.ok().map(|u| u.unit.id);
    let unit = routing::escalation_unit(next, case.place(), leaders).map_err(route_error)?;
    let category = match (&case.category_code, case.catalogue_version) {
        (Some(code), Some(v)) => state.store.get_category(v, code).await.ok(),
        _ => None,
    };
    let mut to = assign(state, unit, category.as_ref(), "escalation").await?;
    to.tier = next;
    let cal = calendar(state).await?;
    let fresh = category.as_ref().map(|c| cal.deadline(now, c.handle_days));
    let previous = previous_holder(state, case).await?;
    let mut change = lifecycle::escalate(case, rel, reason, &to, fresh, previous)?;
    if let Some(old_unit) = case.accountable_unit_id {
        for head in state.store.unit_heads(old_unit).await? {
            change.notify.push(Notify { user_id: head, kind: "escalated", dedupe_key: None });
        }
    }
    Ok(change)
}

/// The resident's verdict from the tracking page.
pub async fn resident_rate(state: &AppState, actor: &Actor, case: &Case, resolved: bool, satisfaction: Satisfaction) -> Result<(), AppError> {
    let change = lifecycle::rate(case, resolved, satisfaction, VerdictSource::Resident)?;
    state.store.update_case(actor, case, &change).await.map_err(stale)
}

/// The resident reopens a case they were dissatisfied with (once): the same unit redoes it.
pub async fn resident_reopen(state: &AppState, actor: &Actor, case: &Case, reason: &str) -> Result<(), AppError> {
    let days = match (&case.category_code, case.catalogue_version) {
        (Some(code), Some(v)) => state.store.get_category(v, code).await.map(|c| c.handle_days).unwrap_or(5),
        _ => 5,
    };
    let change = lifecycle::reopen(case, actor.at, days, &*calendar(state).await?, reason)?;
    state.store.update_case(actor, case, &change).await.map_err(stale)
}

/// After a new year's holiday schedule is loaded: recomputes every provisional handling deadline of an open case
/// from its receipt (cases with a hand-set due date are left alone, and lose only the provisional mark).
pub async fn recompute_provisional(state: &AppState, actor: &Actor) -> Result<usize, AppError> {
    state.caches.invalidate().await;
    let cal = calendar(state).await?;
    let mut n = 0;
    for case in state.store.provisional_cases().await? {
        let days = match (&case.category_code, case.catalogue_version) {
            (Some(code), Some(v)) => state.store.get_category(v, code).await.map(|c| c.handle_days).ok(),
            _ => None,
        };
        let (at, provisional) = match (days, &case.manual_due_reason, case.handle_due_at) {
            (Some(days), None, _) if !case.redo => {
                let d = cal.deadline(case.received_at, days);
                (d.at, d.provisional)
            }
            (_, _, Some(at)) => (at, false),
            _ => continue,
        };
        let mut change = Change { audit: "case.recompute_due", ..Default::default() };
        change.set.push(lifecycle::Field::HandleDue { at, provisional });
        change.events.push(lifecycle::NewEvent::internal("due_set", "节假日安排载入后重新计算办理期限。"));
        match state.store.update_case(actor, &case, &change).await {
            Ok(()) => n += 1,
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}
