//! The use cases of the case spine, shared by the pages, the JSON API and the background sweeper: intake with
//! routing by the catalogue, every staff action, the resident's tracking, verdict and reopen, and recomputing
//! provisional deadlines. Each reads the case, checks the actor's scope, works out the actor's relation to it, lets
//! the domain decide (`lifecycle`), and has the store write the change under the case's version.

use std::sync::Arc;

use gongzhi_domain::Millis;
use gongzhi_domain::accounts::{MAX_TRACK_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS};
use gongzhi_domain::calendar::Calendar;
use gongzhi_domain::cases::{
    Case, CaseInput, CaseKind, CaseNo, CaseStatus, Channel, NewCase, Outcome, PublicCaseView,
    Satisfaction, parse_last4,
};
use gongzhi_domain::catalogue::{Accountable, Category, Tier};
use gongzhi_domain::geo::{self, GeoPoint};
use gongzhi_domain::lifecycle::{
    self, Assignment, CaseError, Change, Clocks, Notify, Record, Relation, VerdictSource,
};
use gongzhi_domain::org::{CasePlace, Role, UnitId, UnitKind, UserId};
use gongzhi_domain::routing::{self, RouteError};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::dispute::NewDispute;
use gongzhi_store::{Actor, StoreError};

use crate::{App, AppError, Principal, StaffPrincipal};

mod list;
pub use list::{
    Found, Narrowing, View, filter, landing_view, list, queue_counts, search_query, views_for,
};

/// A point further than this from every community centre lies outside the district and is left for a dispatcher.
const MAX_COMMUNITY_DISTANCE_M: f64 = 3_000.0;
/// How far back a hotline operator may date a matter received earlier.
const MAX_BACKDATE_MS: Millis = 366 * 86_400_000;
/// Clock skew tolerated for a receipt time "now" typed on another machine.
const FUTURE_TOLERANCE_MS: Millis = 60_000;

use crate::caches::{CACHE_TTL, Centres};

/// The working-day calendar as loaded in the database.
pub async fn calendar(app: &App) -> Result<Arc<Calendar>, AppError> {
    if let Some((at, c)) = app.caches.calendar.read().await.as_ref()
        && at.elapsed() < CACHE_TTL
    {
        return Ok(c.clone());
    }
    let c = Arc::new(app.store.load_calendar().await?);
    *app.caches.calendar.write().await = Some((std::time::Instant::now(), c.clone()));
    Ok(c)
}

/// Forgets the cached calendar and community centres (after an administrator changed them on this server).
pub async fn invalidate_caches(app: &App) {
    app.caches.invalidate().await;
}

/// Places a case: a map point in the community whose centre is nearest (within reach); without a point, the typed
/// address by the gazetteer (a guess, shown as such until a dispatcher routes the case).
pub async fn place(
    app: &App,
    point: Option<GeoPoint>,
    address: &str,
) -> Result<CasePlace, AppError> {
    let Some(point) = point else {
        return crate::gazetteer::locate(app, address).await;
    };
    let cached = app
        .caches
        .centres
        .read()
        .await
        .as_ref()
        .filter(|(at, _)| at.elapsed() < CACHE_TTL)
        .map(|(_, c)| c.clone());
    let centres = match cached {
        Some(c) => c,
        None => {
            let fresh: Centres = app
                .store
                .community_centres()
                .await?
                .into_iter()
                .map(|(c, s, p)| ((c, s), p))
                .collect();
            let fresh = Arc::new(fresh);
            *app.caches.centres.write().await = Some((std::time::Instant::now(), fresh.clone()));
            fresh
        }
    };
    Ok(
        match geo::nearest(point, &centres, MAX_COMMUNITY_DISTANCE_M) {
            Some(((community, street), _)) => CasePlace {
                street_id: Some(street),
                community_id: Some(community),
                accountable_unit_id: None,
                guessed: false,
            },
            None => CasePlace::default(),
        },
    )
}

/// The tier a unit's cases sit at.
fn tier_of(kind: UnitKind) -> Tier {
    match kind {
        UnitKind::Community => Tier::Community,
        UnitKind::LeadersOffice => Tier::District,
        _ => Tier::Street,
    }
}

/// Picks the agent of a unit by the unit's rule and writes down why: for the leaders' office, the leader in charge of
/// the case's street or field (分管领导); elsewhere, and when nobody is in charge, the person with the fewest open cases.
async fn assign(
    app: &App,
    unit_id: UnitId,
    category: Option<&Category>,
    rule: &str,
    place: CasePlace,
) -> Result<Assignment, AppError> {
    let unit = app.store.get_unit(unit_id).await?.unit;
    let candidates = app
        .store
        .candidates(unit_id, routing::agent_role(unit.kind))
        .await?;
    let mut rule = rule;
    let mut in_charge = None;
    if unit.kind == UnitKind::LeadersOffice
        && let Some(leader) = app
            .store
            .leader_in_charge(place.street_id, category.map(|c| c.theme.as_str()))
            .await?
    {
        in_charge = candidates.iter().find(|c| c.user_id == leader);
    }
    let chosen = match in_charge {
        Some(c) => {
            rule = "leader_in_charge";
            c.clone()
        }
        None => routing::choose_agent(&candidates)
            .ok_or(AppError::Conflict("no_agent"))?
            .clone(),
    };
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
    AppError::Conflict(e.code())
}

/// The clocks of a case of `category` received at `received_at` and given to its unit at `dispatched_at`; petitions
/// get the six-step deadlines instead. The unit answers for the time it holds the case: its contact and handling
/// clocks start when it receives the case (a case that waited in the dispatcher's queue is not late for the unit
/// that gets it; the time before is the dispatch centre's). A case routed at intake is received by its unit then,
/// with the time of the call. A petition's steps count from its receipt, as the 信访工作条例 counts them.
async fn clocks_for(
    app: &App,
    kind: CaseKind,
    category: &Category,
    received_at: Millis,
    dispatched_at: Millis,
) -> Result<(Clocks, Option<[Millis; 6]>), AppError> {
    let cal = calendar(app).await?;
    let limit = category.limit(crate::settings::urgent_hours(app).await?);
    let mut clocks = lifecycle::clocks(&cal, dispatched_at, category.contact_hours, limit);
    if kind == CaseKind::Petition {
        let steps = lifecycle::petition_step_deadlines(
            received_at,
            &crate::settings::petition_step_days(app).await?,
        );
        clocks.handle_due_at = steps[5];
        clocks.provisional = false;
        return Ok((clocks, Some(steps)));
    }
    Ok((clocks, None))
}

/// Whether a routing starts the unit's clocks, and from when: routed at intake, the unit has the case from the
/// call; routed later (from the dispatcher's queue, or by a new category), from now; a re-route by the same
/// category keeps the clocks running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClocksStart {
    Keep,
    AtReceipt,
    Now,
}

/// Builds the routing change of a case by category (and place), or to a unit the dispatcher chose.
async fn routing_change(
    app: &App,
    case: &Case,
    rel: Relation,
    category: &Category,
    version: i64,
    unit_override: Option<UnitId>,
    start: ClocksStart,
) -> Result<Change, AppError> {
    let fresh_clocks = start != ClocksStart::Keep;
    let (unit_id, rule) = match unit_override {
        Some(u) => (u, "dispatcher"),
        None => {
            // Named units are looked up first, so the routing rule itself stays a pure function.
            let named = match &category.accountable {
                Accountable::Unit(code) => crate::org::unit_id_by_code(app, code).await?,
                _ => None,
            };
            (
                routing::accountable_unit(&category.accountable, case.place(), |_| named)
                    .map_err(route_error)?,
                "catalogue",
            )
        }
    };
    let to = assign(app, unit_id, Some(category), rule, case.place()).await?;
    let dispatched_at = match start {
        ClocksStart::Now => app.now().max(case.received_at),
        ClocksStart::Keep | ClocksStart::AtReceipt => case.received_at,
    };
    let (clocks, steps) =
        clocks_for(app, case.kind, category, case.received_at, dispatched_at).await?;
    let previous = previous_holder(app, case).await?;
    let mut change = lifecycle::route(
        case,
        rel,
        (&category.code, version),
        &to,
        fresh_clocks.then_some(clocks),
        previous,
    )?;
    if let (Some(steps), true) = (steps, fresh_clocks) {
        change.records.push(Record::PetitionSteps(steps));
    }
    Ok(change)
}

/// The unit and agent names a case is with now, for a handover's timeline entry.
async fn previous_holder(
    app: &App,
    case: &Case,
) -> Result<(Option<String>, Option<String>), AppError> {
    let unit = match case.accountable_unit_id {
        Some(u) => Some(app.store.get_unit(u).await?.unit.name),
        None => None,
    };
    let agent = match case.agent_id {
        Some(a) => Some(app.store.get_user(a).await?.display_name),
        None => None,
    };
    Ok((unit, agent))
}

/// The current catalogue's category, if it exists.
pub async fn current_category(app: &App, code: &str) -> Result<Option<(Category, i64)>, AppError> {
    let version = app.store.catalogue_version().await?;
    match app.store.get_category(version, code).await {
        Ok(c) => Ok(Some((c, version))),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The category a case was routed by, in the catalogue version it was routed by: none when the case has none or
/// the version no longer holds it; a database that does not answer is an error, not "no category".
pub async fn case_category(app: &App, case: &Case) -> Result<Option<Category>, AppError> {
    match (&case.category_code, case.catalogue_version) {
        (Some(code), Some(v)) => match app.store.get_category(v, code).await {
            Ok(c) => Ok(Some(c)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        },
        _ => Ok(None),
    }
}

/// The categories of many cases (a list's), each catalogue version read once: `None` where a case has none or its
/// version lacks the code.
pub async fn case_categories(app: &App, cases: &[Case]) -> Result<Vec<Option<Category>>, AppError> {
    let mut versions: std::collections::HashMap<i64, Vec<Category>> =
        std::collections::HashMap::new();
    for v in cases.iter().filter_map(|c| c.catalogue_version) {
        if let std::collections::hash_map::Entry::Vacant(slot) = versions.entry(v) {
            slot.insert(app.store.catalogue(v).await?);
        }
    }
    Ok(cases
        .iter()
        .map(|c| match (&c.category_code, c.catalogue_version) {
            (Some(code), Some(v)) => versions
                .get(&v)
                .and_then(|cats| cats.iter().find(|k| &k.code == code))
                .cloned(),
            _ => None,
        })
        .collect())
}

/// The district leaders' office, if the district has one: its active unit of kind `leaders_office` (a unit role,
/// not a code, so each district names its own).
async fn leaders_office(app: &App) -> Result<Option<UnitId>, AppError> {
    Ok(app
        .store
        .list_units()
        .await?
        .into_iter()
        .find(|u| u.unit.kind == UnitKind::LeadersOffice && u.unit.active)
        .map(|u| u.unit.id))
}

/// The handling limit of a category (five working days when the case has none).
async fn limit_of(
    app: &App,
    category: Option<&Category>,
) -> Result<gongzhi_domain::catalogue::Limit, AppError> {
    Ok(match category {
        Some(c) => c.limit(crate::settings::urgent_hours(app).await?),
        None => gongzhi_domain::catalogue::Limit::WorkingDays(5),
    })
}

/// A unit named in a request: unknown is a wrong field, not a missing case.
async fn known_unit(app: &App, unit: UnitId) -> Result<gongzhi_domain::org::Unit, AppError> {
    app.store
        .get_unit(unit)
        .await
        .map(|u| u.unit)
        .map_err(|e| match e {
            StoreError::NotFound => AppError::field("unit", "unknown_unit"),
            other => other.into(),
        })
}

/// A matter as submitted: the resident's fields as typed, and the fields only intake staff may set. `None` means
/// "not sent"; for `received_at`, `Some(None)` means sent but not a time.
#[derive(Debug, Clone, Default)]
pub struct IntakeRequest {
    pub input: CaseInput,
    pub channel: Option<String>,
    pub category: Option<String>,
    pub received_at: Option<Option<Millis>>,
    /// Ask for the reporter's identity to be kept from the handling units (举报 always are).
    pub confidential: Option<bool>,
}

/// Registers a case. Residents (and staff who do not take intake) get the public kinds, `default_channel`, and
/// the time of receipt now; a field only intake staff may set is refused by name, never dropped. Intake staff may
/// set the channel, a receipt time in the past year (not in the future), and a category: the catalogue then
/// routes the case in the same transaction. Without a category, or when the catalogue cannot decide (no place for
/// a community matter), the case waits in the dispatcher's queue.
pub async fn intake(
    app: &App,
    principal: &Principal,
    req: &IntakeRequest,
    default_channel: Channel,
) -> Result<Case, AppError> {
    intake_with(app, principal, req, default_channel, None).await
}

/// `intake`, with the mediation record of a dispute written in the same transaction when given.
pub async fn intake_with(
    app: &App,
    principal: &Principal,
    req: &IntakeRequest,
    default_channel: Channel,
    dispute: Option<&NewDispute>,
) -> Result<Case, AppError> {
    let now = app.now();
    let mut errors = ValidationErrors::default();
    let intake_staff = principal.staff().filter(|s| s.does_intake());
    let (channel, kinds, received_at, category): (Channel, &[CaseKind], Millis, Option<&str>) =
        match intake_staff {
            Some(_) => {
                let channel = match req.channel.as_deref().map(str::trim) {
                    None | Some("") => default_channel,
                    Some(code) => Channel::parse(code)
                        .filter(|c| Channel::STAFF.contains(c))
                        .unwrap_or_else(|| {
                            errors.add("channel", "invalid_choice");
                            default_channel
                        }),
                };
                let received_at = match req.received_at {
                    None => now,
                    Some(None) => {
                        errors.add("received_at", "not_a_date");
                        now
                    }
                    Some(Some(at)) if at > now + FUTURE_TOLERANCE_MS => {
                        errors.add("received_at", "in_future");
                        now
                    }
                    Some(Some(at)) if at < now - MAX_BACKDATE_MS => {
                        errors.add("received_at", "too_old");
                        now
                    }
                    Some(Some(at)) => at,
                };
                let category = req
                    .category
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty());
                (channel, &CaseKind::ALL, received_at, category)
            }
            None => {
                // Residents do not choose a category, a channel or a time: the dispatcher (or, later, the text
                // classifier) does, and the time is the server's.
                for (field, sent) in [
                    ("channel", req.channel.is_some()),
                    ("category", req.category.is_some()),
                    ("received_at", req.received_at.is_some()),
                ] {
                    if sent {
                        errors.add(field, "staff_only");
                    }
                }
                (default_channel, &CaseKind::PUBLIC, now, None)
            }
        };
    let new = match req.input.validate(channel, kinds) {
        Ok(mut new) if errors.is_empty() => {
            new.confidential |= req.confidential == Some(true);
            new
        }
        Ok(_) => return Err(AppError::Invalid(errors)),
        Err(domain) => {
            for e in domain.0 {
                if errors.code_for(&e.field).is_none() {
                    errors.0.push(e);
                }
            }
            return Err(AppError::Invalid(errors));
        }
    };
    // Public submissions are counted per address in the database (every app server sees the same count), and only
    // once they are valid: a resident correcting a typo is not held back.
    if let Principal::Resident { address } = principal {
        let limit = crate::settings::submissions_per_address(app).await?;
        if limit > 0 {
            let used = app
                .store
                .reserve_attempt(
                    &format!("submit:addr:{address}"),
                    now,
                    now - crate::settings::SUBMISSION_WINDOW_MS,
                )
                .await?;
            if used > limit as i64 {
                return Err(AppError::Throttled);
            }
        }
    }
    register(
        app,
        &principal.actor(now),
        &new,
        category,
        received_at,
        dispute.map_or(Attached::Nothing, Attached::Dispute),
    )
    .await
}

/// What is written with a new case in its transaction.
pub(crate) enum Attached<'a> {
    Nothing,
    Dispute(&'a NewDispute),
    Open311(&'a gongzhi_store::open311::NewRequest),
}

/// Writes a validated intake, routing it when a category is given.
pub(crate) async fn register(
    app: &App,
    actor: &Actor,
    new: &NewCase,
    category: Option<&str>,
    received_at: Millis,
    attached: Attached<'_>,
) -> Result<Case, AppError> {
    let place = place(app, new.point, &new.address).await?;
    let mut change = None;
    if let Some(code) = category {
        let Some((cat, version)) = current_category(app, code).await? else {
            return Err(AppError::field("category", "invalid_choice"));
        };
        let draft = Case::received(
            gongzhi_domain::cases::CaseId::new(),
            CaseNo::new(gongzhi_domain::local_yyyymmdd(received_at), 0),
            new,
            place,
            received_at,
            received_at,
        );
        match routing_change(
            app,
            &draft,
            Relation::system(),
            &cat,
            version,
            None,
            ClocksStart::AtReceipt,
        )
        .await
        {
            Ok(c) => change = Some(c),
            // Left for the dispatcher: the queue shows why.
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let stored = match attached {
        Attached::Dispute(d) => {
            app.store
                .insert_dispute_case(actor, new, place, received_at, change.as_ref(), d)
                .await?
        }
        Attached::Open311(r) => {
            app.store
                .insert_open311_case(actor, new, place, received_at, change.as_ref(), r)
                .await?
        }
        Attached::Nothing => {
            app.store
                .insert_case(actor, new, place, received_at, change.as_ref())
                .await?
        }
    };
    tracing::info!(case_no = %stored.case_no, kind = new.kind.code(), channel = new.channel.code(), routed = change.is_some(), "case received");
    Ok(stored)
}

/// A caller lookup by phone: for the roles that call residents (intake, dispatch, and the agents of communities,
/// streets and departments), in their scope; the handling units do not see the cases whose reporter is kept from
/// them. Answers the filter's phone (normalised) and whether confidential cases are left out; a number that is not
/// one is a wrong `phone`.
pub fn phone_lookup(staff: &StaffPrincipal, raw: &str) -> Result<(String, bool), AppError> {
    let calls = [
        Role::Intake,
        Role::Dispatcher,
        Role::Community,
        Role::Street,
        Role::Department,
    ];
    if !calls.iter().any(|r| staff.has(*r)) {
        return Err(AppError::Forbidden("forbidden"));
    }
    let phone = gongzhi_domain::cases::PhoneNumber::parse(raw.trim())
        .ok_or_else(|| AppError::field("phone", "phone_invalid"))?;
    Ok((phone.expose().to_owned(), !staff.does_intake()))
}

/// What a staff member is to a case.
pub fn relation(staff: &StaffPrincipal, case: &Case) -> Relation {
    Relation {
        user_id: Some(staff.user_id),
        is_agent: case.agent_id == Some(staff.user_id),
        is_unit_head: staff.unit_head && case.accountable_unit_id == Some(staff.unit_id),
        is_dispatcher: staff.has(Role::Dispatcher),
        is_system: false,
    }
}

/// An action a staff member takes on a case.
#[derive(Debug, Clone)]
pub enum Action {
    Accept,
    Contact {
        note: String,
    },
    Reply {
        text: String,
    },
    Note {
        text: String,
    },
    Pause {
        reason: String,
    },
    Resume,
    Escalate {
        reason: String,
    },
    SendBack {
        reason: String,
    },
    RejectSendBack {
        note: String,
    },
    /// Dispatcher: refuse the unit's escalation request.
    RejectEscalation {
        note: String,
    },
    /// 督办: a district leader's instruction, to be answered by a date.
    Supervise {
        instruction: String,
        answer_by: Millis,
    },
    /// The holder answers the leader.
    AnswerSupervision {
        text: String,
    },
    /// Dispatcher routing: by category (re-running the catalogue) or to a chosen unit, and the place (the
    /// community) when the dispatcher sets it. Approves a pending send-back.
    Route {
        category: String,
        unit: Option<UnitId>,
        community: Option<UnitId>,
    },
    Reassign {
        agent: UserId,
    },
    /// Dispatcher: a new handling deadline (approving the unit's request, if one waits), within the maximum.
    SetDue {
        due: Millis,
        reason: String,
    },
    /// The unit asks a dispatcher for a later deadline.
    RequestDue {
        due: Millis,
        reason: String,
    },
    /// Dispatcher: approve the unit's pause request.
    ApprovePause {
        note: String,
    },
    /// Dispatcher (pause, due change, redo) or reviewer (exclusion): refuse the pending request.
    RejectRequest {
        note: String,
    },
    /// The unit asks to close an unreasonable demand outside the assessment.
    RequestExclusion {
        reason: String,
    },
    /// The assessment office's reviewer approves the exclusion.
    ApproveExclusion {
        note: String,
    },
    /// Dispatcher: the redo a dissatisfied verdict asked for, by the same unit or another.
    Redo {
        unit: Option<UnitId>,
        note: String,
    },
    /// 批示: a district leader's instruction.
    Instruct {
        text: String,
    },
    /// 协办: another unit joins with its task.
    AddCohandler {
        unit: UnitId,
        task: String,
    },
    /// A co-handling unit reports its task done.
    FinishCohandling {
        note: String,
    },
    /// 不予受理: a petition refused, with the reason and the proper channel.
    RefusePetition {
        reason: String,
        channel: String,
    },
    /// The petition's written answer.
    AnswerPetition {
        answer: gongzhi_domain::cases::PetitionAnswer,
        text: String,
    },
    Merge {
        into: CaseNo,
    },
    Link {
        other: CaseNo,
    },
    Close {
        outcome: Outcome,
        note: String,
    },
    Callback {
        resolved: bool,
        satisfaction: Satisfaction,
    },
    Step {
        note: String,
    },
    Extend {
        reason: String,
    },
    Answer {
        kb_id: String,
    },
    /// 无效件: a dispatcher disposes of a case waiting for dispatch that raises no matter.
    Invalidate {
        reason: gongzhi_domain::cases::InvalidReason,
        note: String,
    },
    /// A reviewer restores a case wrongly marked invalid to the dispatch queue.
    Restore {
        note: String,
    },
}

impl Action {
    /// Every action's name, as the API path and the forms spell it.
    pub const NAMES: [&'static str; 35] = [
        "accept",
        "contact",
        "reply",
        "note",
        "pause",
        "resume",
        "escalate",
        "send_back",
        "reject_send_back",
        "reject_escalation",
        "route",
        "reassign",
        "set_due",
        "merge",
        "link",
        "close",
        "callback",
        "step",
        "extend",
        "answer",
        "supervise",
        "answer_supervision",
        "request_due",
        "approve_pause",
        "reject_request",
        "request_exclusion",
        "approve_exclusion",
        "redo",
        "instruct",
        "add_cohandler",
        "finish_cohandling",
        "refuse_petition",
        "answer_petition",
        "invalidate",
        "restore",
    ];

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
            Action::RejectEscalation { .. } => "reject_escalation",
            Action::Supervise { .. } => "supervise",
            Action::AnswerSupervision { .. } => "answer_supervision",
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
            Action::RequestDue { .. } => "request_due",
            Action::ApprovePause { .. } => "approve_pause",
            Action::RejectRequest { .. } => "reject_request",
            Action::RequestExclusion { .. } => "request_exclusion",
            Action::ApproveExclusion { .. } => "approve_exclusion",
            Action::Redo { .. } => "redo",
            Action::Instruct { .. } => "instruct",
            Action::AddCohandler { .. } => "add_cohandler",
            Action::FinishCohandling { .. } => "finish_cohandling",
            Action::RefusePetition { .. } => "refuse_petition",
            Action::AnswerPetition { .. } => "answer_petition",
            Action::Invalidate { .. } => "invalidate",
            Action::Restore { .. } => "restore",
        }
    }
}

/// Whether the staff member may see the case: its place lies in their scope, they are its agent, or their unit
/// co-handles it (协办).
pub(crate) async fn may_see(
    app: &App,
    staff: &StaffPrincipal,
    case: &Case,
) -> Result<bool, AppError> {
    if case.agent_id == Some(staff.user_id) || staff.scope().allows(case.place()) {
        return Ok(true);
    }
    Ok(app.store.is_cohandler(case.id, staff.unit_id).await?)
}

/// The case, if it exists and the staff member's scope covers it (or they are its agent); otherwise `NotFound`
/// either way, so the answer does not reveal that a case outside one's scope exists.
pub async fn visible_case(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
) -> Result<Case, AppError> {
    staff.require_case_worker()?;
    let no = CaseNo::parse(case_no).ok_or(AppError::NotFound)?;
    visible_case_no(app, staff, &no).await
}

async fn visible_case_no(app: &App, staff: &StaffPrincipal, no: &CaseNo) -> Result<Case, AppError> {
    let case = app.store.get_case_by_no(no).await?;
    if may_see(app, staff, &case).await? {
        Ok(case)
    } else {
        Err(AppError::NotFound)
    }
}

/// Performs an action for a staff member and returns the case as it is afterwards.
pub async fn perform(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
    action: Action,
) -> Result<Case, AppError> {
    let case = visible_case(app, staff, case_no).await?;
    let rel = relation(staff, &case);
    let now = app.now();
    let actor = staff.actor(now);
    let change = match action {
        // For a petition, accepting is 受理: its 60 days count from now, unless the matter was re-reviewed already.
        Action::Accept if case.kind == CaseKind::Petition => {
            let mut finally_reviewed = false;
            for other in app.store.case_links(case.id).await? {
                let other = app.store.get_case_by_no(&other).await?;
                finally_reviewed |= other.kind == CaseKind::Petition && other.review_level >= 2;
            }
            let days = crate::settings::petition_step_days(app).await?;
            lifecycle::accept_petition(&case, rel, now, &days, finally_reviewed)?
        }
        Action::Accept => lifecycle::accept(&case, rel, now)?,
        Action::Contact { note } => lifecycle::contact(&case, rel, now, &note)?,
        Action::Reply { text } => lifecycle::reply(&case, rel, &text)?,
        Action::Note { text } => lifecycle::note(&case, rel, &text)?,
        Action::Pause { reason } => {
            let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::request_pause(&case, rel, &reason, &dispatchers)?
        }
        Action::ApprovePause { note } => {
            let reason = app
                .store
                .pending_request_reason(case.id, "pause")
                .await?
                .unwrap_or_default();
            let told = if note.trim().is_empty() { reason } else { note };
            lifecycle::approve_pause(&case, rel, now, &told)?
        }
        Action::Resume => lifecycle::resume(
            &case,
            rel,
            now,
            &*calendar(app).await?,
            crate::settings::pause_max_days(app).await?,
        )?,
        Action::RequestDue { due, reason } => {
            if case.handle_due_at.is_some_and(|d| due <= d) {
                return Err(AppError::field("due", "not_later"));
            }
            let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::request_due_change(&case, rel, due, &reason, &dispatchers)?
        }
        Action::RejectRequest { note } => {
            lifecycle::reject_request(&case, rel, staff.has(Role::Evaluator), &note)?
        }
        Action::RequestExclusion { reason } => {
            let reviewers = app.store.users_with_role(Role::Evaluator).await?;
            lifecycle::request_exclusion(&case, rel, &reason, &reviewers)?
        }
        Action::ApproveExclusion { note } => {
            lifecycle::approve_exclusion(&case, staff.has(Role::Evaluator), now, &note)?
        }
        Action::Redo { unit, note } => {
            if !rel.is_dispatcher {
                return Err(CaseError::DispatcherOnly.into());
            }
            let category = case_category(app, &case).await?;
            let to = match unit {
                Some(u) if Some(u) != case.accountable_unit_id => {
                    known_unit(app, u).await?;
                    Some(assign(app, u, category.as_ref(), "redo", case.place()).await?)
                }
                _ => None,
            };
            let limit = limit_of(app, category.as_ref()).await?;
            let due = lifecycle::handle_deadline(&*calendar(app).await?, now, limit);
            lifecycle::redo(&case, rel, to.as_ref(), due, &note)?
        }
        Action::Instruct { text } => lifecycle::instruct(&case, staff.has(Role::Leader), &text)?,
        Action::AddCohandler { unit, task } => {
            let u = known_unit(app, unit).await?;
            let already = app.store.is_cohandler(case.id, unit).await?;
            let mut change = lifecycle::add_cohandler(&case, rel, (unit, &u.name), &task, already)?;
            for head in app.store.unit_heads(unit).await? {
                change.notify.push(Notify {
                    user_id: head,
                    kind: "cohandler_added",
                    dedupe_key: None,
                });
            }
            change
        }
        Action::FinishCohandling { note } => {
            let unit = app.store.get_unit(staff.unit_id).await?.unit;
            let open = app
                .store
                .cohandlers(case.id)
                .await?
                .iter()
                .any(|c| c.unit_id == staff.unit_id && c.done_at.is_none());
            lifecycle::finish_cohandling(&case, (unit.id, &unit.name), open, &note)?
        }
        Action::RefusePetition { reason, channel } => {
            lifecycle::refuse_petition(&case, rel, now, &reason, &channel)?
        }
        Action::AnswerPetition { answer, text } => {
            lifecycle::answer_petition(&case, rel, now, answer, &text)?
        }
        Action::Invalidate { reason, note } => {
            lifecycle::invalidate(&case, rel, now, reason, &note)?
        }
        Action::Restore { note } => {
            lifecycle::restore_invalid(&case, staff.has(Role::Evaluator), &note)?
        }
        // 首接负责: the unit asks, a dispatcher escalates (approving the request, if one waits).
        Action::Escalate { reason } if rel.is_dispatcher => {
            escalation(app, &case, rel, &reason, now).await?
        }
        Action::Escalate { reason } => {
            let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::request_escalation(&case, rel, &reason, &dispatchers)?
        }
        Action::RejectEscalation { note } => lifecycle::reject_escalation(&case, rel, &note)?,
        Action::Supervise {
            instruction,
            answer_by,
        } => {
            if !staff.has(Role::Leader) {
                return Err(CaseError::LeadersOnly.into());
            }
            if answer_by <= now {
                return Err(AppError::field("answer_by", "in_past"));
            }
            let mut change = lifecycle::supervise(&case, true, &instruction, answer_by)?;
            if let Some(unit) = case.accountable_unit_id {
                for head in app.store.unit_heads(unit).await? {
                    if Some(head) != case.agent_id {
                        change.notify.push(Notify {
                            user_id: head,
                            kind: "supervised",
                            dedupe_key: None,
                        });
                    }
                }
            }
            change
        }
        Action::AnswerSupervision { text } => lifecycle::answer_supervision(&case, rel, &text)?,
        Action::SendBack { reason } => {
            let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::request_send_back(&case, rel, &reason, &dispatchers)?
        }
        Action::RejectSendBack { note } => lifecycle::reject_send_back(&case, rel, &note)?,
        Action::Route {
            category,
            unit,
            community,
        } => {
            if !rel.is_dispatcher {
                return Err(CaseError::DispatcherOnly.into());
            }
            let (cat, version) = current_category(app, &category)
                .await?
                .ok_or_else(|| AppError::field("category", "invalid_choice"))?;
            if let Some(unit) = unit {
                // A unit named in the request that does not exist is a wrong field, not a missing case.
                app.store.get_unit(unit).await.map_err(|e| match e {
                    StoreError::NotFound => AppError::field("unit", "unknown_unit"),
                    other => other.into(),
                })?;
            }
            // The dispatcher sets the place: the community they chose (its street follows), confirmed, no guess.
            let mut case = case.clone();
            let mut place_field = None;
            if let Some(community) = community {
                let c = app.store.get_unit(community).await.map_err(|e| match e {
                    StoreError::NotFound => AppError::field("community", "unknown_unit"),
                    other => other.into(),
                })?;
                if c.unit.kind != UnitKind::Community {
                    return Err(AppError::field("community", "not_a_community"));
                }
                let field = lifecycle::Field::Place {
                    street: c.unit.parent_id,
                    community: Some(community),
                    guessed: false,
                };
                let mut placed = case.clone();
                lifecycle::Change {
                    set: vec![field.clone()],
                    ..Default::default()
                }
                .apply_to(&mut placed);
                placed.version = case.version;
                case = placed;
                place_field = Some(field);
            } else if case.place_guessed {
                // Routing without changing the place confirms the gazetteer's guess.
                place_field = Some(lifecycle::Field::Place {
                    street: case.street_id,
                    community: case.community_id,
                    guessed: false,
                });
            }
            // A first routing starts the clocks (from the dispatch); a re-route by the same category keeps them.
            let fresh = case.status == CaseStatus::Received
                || case.category_code.as_deref() != Some(category.as_str());
            let start = if fresh {
                ClocksStart::Now
            } else {
                ClocksStart::Keep
            };
            let mut change = routing_change(app, &case, rel, &cat, version, unit, start).await?;
            change.set.extend(place_field);
            if case.send_back_pending
                && let Some(agent) = case.agent_id
            {
                change.notify.push(Notify {
                    user_id: agent,
                    kind: "send_back_decided",
                    dedupe_key: None,
                });
            }
            change
        }
        Action::Reassign { agent } => {
            let user = app
                .store
                .get_user(agent)
                .await
                .map_err(|_| AppError::Conflict("agent_not_in_unit"))?;
            // The new agent must belong to the accountable unit, be active, and hold the role that works that
            // unit's cases (a care administrator in 民政局 cannot be handed a complaint).
            let unit_kind = match case.accountable_unit_id {
                Some(u) => Some(app.store.get_unit(u).await?.unit.kind),
                None => None,
            };
            let works_here =
                unit_kind.is_some_and(|k| user.roles.contains(&routing::agent_role(k)));
            let eligible =
                Some(user.unit_id) == case.accountable_unit_id && user.active && works_here;
            let from = previous_holder(app, &case).await?.1;
            lifecycle::reassign(&case, rel, (user.id, &user.display_name), from, eligible)?
        }
        Action::SetDue { due, reason } => {
            // Bounded: at most the maximum in working days past the deadline it replaces (or past now).
            let cal = calendar(app).await?;
            let base = case.handle_due_at.unwrap_or(now).max(now);
            let max = cal
                .add_working_time(
                    base,
                    crate::settings::due_max_days(app).await? as Millis * 86_400_000,
                )
                .at;
            if due > max {
                return Err(AppError::field("due", "beyond_maximum"));
            }
            if due <= now {
                return Err(AppError::field("due", "in_past"));
            }
            lifecycle::set_due(&case, rel, due, &reason)?
        }
        Action::Merge { into } => {
            // The target is read under the same scope rule as the case itself: out of scope and missing answer alike.
            let target = visible_case_no(app, staff, &into).await?;
            let (dup, survivor) = lifecycle::merge(&case, rel, &target)?;
            app.store
                .update_cases(&actor, &[(&case, &dup), (&target, &survivor)])
                .await?;
            return Ok(app.store.get_case(case.id).await?);
        }
        Action::Link { other } => {
            let other = visible_case_no(app, staff, &other).await?;
            lifecycle::link(&case, rel, &other)?
        }
        Action::Close { outcome, note } => lifecycle::close(&case, rel, now, outcome, &note)?,
        Action::Callback {
            resolved,
            satisfaction,
        } => {
            // 回访 is the hotline centre's: its seats (intake, dispatch) call the resident back, never the unit
            // that handled the case.
            if !staff.does_intake() {
                return Err(CaseError::SeatsOnly.into());
            }
            // An anonymous report, or a letter without a phone: nobody to call back.
            if case.phone.is_empty() {
                return Err(AppError::Conflict("no_phone"));
            }
            let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
            lifecycle::rate(
                &case,
                resolved,
                satisfaction,
                VerdictSource::Callback,
                now,
                crate::settings::verdict_window_days(app).await?,
                &dispatchers,
            )?
        }
        Action::Step { note } => lifecycle::complete_step(&case, rel, &note)?.0,
        Action::Extend { reason } => {
            let days = crate::settings::petition_extension_days(app).await?;
            lifecycle::extend_petition(&case, rel, days, &reason)?
        }
        Action::Answer { kb_id } => {
            if !staff.does_intake() {
                return Err(AppError::Forbidden("forbidden"));
            }
            if case.kind != CaseKind::Consultation {
                return Err(AppError::Conflict("not_consultation"));
            }
            let entry = app.store.get_kb(&kb_id).await.map_err(|e| match e {
                StoreError::NotFound => AppError::field("kb_id", "invalid_choice"),
                other => other.into(),
            })?;
            // The operator answers, in their unit, under the entry's category (when the catalogue still has it).
            let mut category = None;
            for code in &entry.categories {
                if let Some((c, version)) = current_category(app, code).await? {
                    category = Some((c.code, version));
                    break;
                }
            }
            let by = lifecycle::IntakeAnswerer {
                operator: staff.user_id,
                unit: staff.unit_id,
                category,
            };
            lifecycle::answer_at_intake(&case, now, &entry.answer, &entry.id, &by)?
        }
    };
    app.store.update_case(&actor, &case, &change).await?;
    Ok(app.store.get_case(case.id).await?)
}

/// A resident's photos taken with the submission: checked by the caller for type and size, stored with the case
/// just registered (public to its tracking page).
pub async fn attach_submitted(
    app: &App,
    address: &str,
    case: &Case,
    files: Vec<gongzhi_store::cases::NewAttachment>,
) -> Result<(), AppError> {
    let actor = Actor::resident(address, app.now());
    for file in files {
        let mut change = Change {
            audit: "case.attach",
            ..Default::default()
        };
        change.events.push(lifecycle::NewEvent {
            event: "attached",
            public: true,
            note: file.filename.clone(),
            data: serde_json::json!({ "by": "resident" }),
        });
        let current = app.store.get_case(case.id).await?;
        app.store
            .insert_attachment(&actor, &current, &file, &change)
            .await?;
    }
    Ok(())
}

/// Attaches a file (already checked for type and size by the caller) to a case the staff member may see.
pub async fn attach(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
    file: gongzhi_store::cases::NewAttachment,
) -> Result<Case, AppError> {
    let case = visible_case(app, staff, case_no).await?;
    let rel = relation(staff, &case);
    let change = lifecycle::attach(&case, rel, &file.filename, file.public)?;
    app.store
        .insert_attachment(&staff.actor(app.now()), &case, &file, &change)
        .await?;
    Ok(case)
}

/// An attachment's metadata and bytes, for staff who may see its case.
pub async fn attachment(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(gongzhi_store::cases::AttachmentMeta, Vec<u8>), AppError> {
    staff.require_case_worker()?;
    let (meta, data) = app.store.get_attachment(id).await?;
    let case = app.store.get_case(meta.case_id).await?;
    if !may_see(app, staff, &case).await? {
        return Err(AppError::NotFound);
    }
    Ok((meta, data))
}

/// Moves a case up one tier (by hand or by the sweeper): to the street for a community matter, to a district
/// leader for a street or department matter.
pub async fn escalation(
    app: &App,
    case: &Case,
    rel: Relation,
    reason: &str,
    now: Millis,
) -> Result<Change, AppError> {
    let next = lifecycle::next_tier(case).ok_or(CaseError::TopTier)?;
    let leaders = leaders_office(app).await?;
    let unit = routing::escalation_unit(next, case.place(), leaders).map_err(route_error)?;
    let category = case_category(app, case).await?;
    let mut to = assign(app, unit, category.as_ref(), "escalation", case.place()).await?;
    to.tier = next;
    let cal = calendar(app).await?;
    let hours = crate::settings::urgent_hours(app).await?;
    let fresh = category
        .as_ref()
        .map(|c| lifecycle::handle_deadline(&cal, now, c.limit(hours)));
    let previous = previous_holder(app, case).await?;
    let mut change = lifecycle::escalate(case, rel, reason, &to, fresh, previous)?;
    // A matter that goes up to a district leader keeps its department (or street) on it as co-handler: the leader
    // coordinates, the unit still does the work.
    if next == Tier::District
        && let Some(old_unit) = case.accountable_unit_id
        && !app.store.is_cohandler(case.id, old_unit).await?
    {
        change.records.push(Record::CoHandler {
            unit_id: old_unit,
            task: "升级至区领导后继续协办".into(),
        });
    }
    if let Some(old_unit) = case.accountable_unit_id {
        for head in app.store.unit_heads(old_unit).await? {
            change.notify.push(Notify {
                user_id: head,
                kind: "escalated",
                dedupe_key: None,
            });
        }
    }
    Ok(change)
}

/// Looks a case up for the public by number and the phone's last four digits. Each attempt is reserved against
/// the address's allowance before the look-up (so concurrent misses cannot overtake it) and given back when the
/// case is found; over the allowance the answer is `Throttled` whatever was asked.
pub async fn track(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
) -> Result<Option<PublicCaseView>, AppError> {
    let now = app.now();
    let key = format!("track:addr:{address}");
    let attempts = app
        .store
        .reserve_attempt(&key, now, now - THROTTLE_WINDOW_MS)
        .await?;
    if attempts > MAX_TRACK_FAILURES_PER_ADDRESS {
        return Err(AppError::Throttled);
    }
    let mut found = match (CaseNo::parse(case_no), parse_last4(last4)) {
        (Some(no), Some(last4)) => app.store.track_case(&no, &last4).await?,
        _ => None,
    };
    if let Some(view) = found.as_mut() {
        app.store.refund_attempt(&key).await?;
        // Past the verdict window the round stays as it is: no rating, no reopen.
        let window = crate::settings::verdict_window_days(app).await?;
        let open = view
            .closed_at
            .is_some_and(|closed| now <= closed + window as Millis * 86_400_000);
        view.can_rate &= open;
        view.can_reopen &= open;
        // A review is asked within 30 days of the answer.
        view.can_review &= view
            .petition_answered_at
            .is_some_and(|at| now <= lifecycle::days_after(at, lifecycle::REVIEW_DAYS));
    }
    Ok(found)
}

/// A public attachment of the case a resident tracks (by number and the phone's last four digits, throttled like
/// tracking); anything else — a private file, another case's — is `NotFound`.
pub async fn resident_attachment(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    id: &str,
) -> Result<(gongzhi_store::cases::AttachmentMeta, Vec<u8>), AppError> {
    let view = track(app, address, case_no, last4)
        .await?
        .ok_or(AppError::NotFound)?;
    if !view.attachments.iter().any(|a| a.id == id) {
        return Err(AppError::NotFound);
    }
    Ok(app.store.get_attachment(id).await?)
}

/// The case a resident acts on: the tracked case (or, when it was merged, the surviving one).
pub(crate) async fn tracked_case(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
) -> Result<Case, AppError> {
    let view = track(app, address, case_no, last4)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(app.store.get_case_by_no(&view.case_no).await?)
}

/// The resident's verdict from the tracking page.
pub async fn resident_rate(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    resolved: bool,
    satisfaction: Satisfaction,
) -> Result<(), AppError> {
    let case = tracked_case(app, address, case_no, last4).await?;
    let window = crate::settings::verdict_window_days(app).await?;
    let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
    let change = lifecycle::rate(
        &case,
        resolved,
        satisfaction,
        VerdictSource::Resident,
        app.now(),
        window,
        &dispatchers,
    )?;
    app.store
        .update_case(&Actor::resident(address, app.now()), &case, &change)
        .await?;
    Ok(())
}

/// The resident asks for a redo after a dissatisfied verdict (once, within the verdict window); a dispatcher
/// decides whether the same unit or another redoes it.
pub async fn resident_reopen(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    reason: &str,
) -> Result<(), AppError> {
    let case = tracked_case(app, address, case_no, last4).await?;
    let now = app.now();
    let window = crate::settings::verdict_window_days(app).await?;
    let dispatchers = app.store.users_with_role(Role::Dispatcher).await?;
    let change = lifecycle::ask_redo(&case, now, reason, window, &dispatchers)?;
    app.store
        .update_case(&Actor::resident(address, now), &case, &change)
        .await?;
    Ok(())
}

/// The petitioner asks for review (复查), or after it re-review (复核), within 30 days of the answer: the organ
/// above the one that answered takes the petition — the next tier up; above the district's own tier, the district's
/// petition office (区信访办), which stands for the city's re-review organ in this system.
pub async fn resident_review(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    reason: &str,
) -> Result<(), AppError> {
    let case = tracked_case(app, address, case_no, last4).await?;
    if case.kind != CaseKind::Petition {
        return Err(CaseError::NotPetition.into());
    }
    let now = app.now();
    let leaders = leaders_office(app).await?;
    let (unit, tier) = match lifecycle::next_tier(&case) {
        Some(next) => (
            routing::escalation_unit(next, case.place(), leaders).map_err(route_error)?,
            next,
        ),
        None => (
            crate::org::unit_id_by_code(app, &crate::settings::petition_unit(app).await?)
                .await?
                .ok_or(AppError::Conflict("no_review_organ"))?,
            Tier::District,
        ),
    };
    let category = case_category(app, &case).await?;
    let mut to = assign(app, unit, category.as_ref(), "review", case.place()).await?;
    to.tier = tier;
    let change = lifecycle::request_review(&case, now, reason, &to)?;
    app.store
        .update_case(&Actor::resident(address, now), &case, &change)
        .await?;
    Ok(())
}

/// After a new year's holiday schedule is loaded: recomputes every provisional handling deadline of an open case
/// from its receipt (cases with a hand-set due date are left alone, and lose only the provisional mark).
pub async fn recompute_provisional(app: &App, principal: &Principal) -> Result<usize, AppError> {
    app.caches.invalidate().await;
    let cal = calendar(app).await?;
    let actor = principal.actor(app.now());
    let hours = crate::settings::urgent_hours(app).await?;
    let mut n = 0;
    for case in app.store.provisional_cases().await? {
        let limit = case_category(app, &case).await?.map(|c| c.limit(hours));
        let (at, provisional) = match (limit, &case.manual_due_reason, case.handle_due_at) {
            (Some(limit), None, _) if !case.redo && case.kind != CaseKind::Petition => {
                let d = lifecycle::handle_deadline(&cal, case.received_at, limit);
                (d.at, d.provisional)
            }
            (_, _, Some(at)) => (at, false),
            _ => continue,
        };
        let mut change = Change {
            audit: "case.recompute_due",
            ..Default::default()
        };
        change
            .set
            .push(lifecycle::Field::HandleDue { at, provisional });
        change.events.push(lifecycle::NewEvent::internal(
            "due_set",
            "节假日安排载入后重新计算办理期限。",
        ));
        match app.store.update_case(&actor, &case, &change).await {
            Ok(()) => n += 1,
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

/// Who writes to cases as staff at all: the roles that work cases. Residents' forms carry no staff credentials.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff.roles.iter().any(|r| r.works_cases())
}
