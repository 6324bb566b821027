//! Disputes' use cases: filing (a party without an account, or staff; a court's delegation), turning an existing case
//! into a dispute, who may see one, the evaluation with its recommendation and similar past disputes, choosing or
//! taking the proposed mediator, the respondent's answer, sessions, extension, agreement or failure, judicial
//! confirmation, litigation, and the sweeper's clocks. Rules: `gongzhi_domain::dispute`; every step writes the
//! dispute and the case's timeline, notices and audit in one transaction.

use serde_json::json;

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{
    Case, CaseInput, CaseKind, CaseStatus, Channel as CaseChannel, PhoneNumber,
};
use gongzhi_domain::dispute::{
    self, Candidate, Channel, ChosenBy, Complexity, Dispute, DisputeError, EvaluationInput,
    Failure, Party, PartyRole, Proposal, Risk, Session, SessionMode, Similar, Stage, Term, Urgency,
};
use gongzhi_domain::enforcement::PartyKind;
use gongzhi_domain::lifecycle::{Change, Field, NewEvent, Notify};
use gongzhi_domain::org::{Role, UnitId, UserId};
use gongzhi_domain::validation::{self, ValidationErrors};
use gongzhi_store::StoreError;
use gongzhi_store::dispute::{DisputeRow, NamedStats, NewDispute, NewSession, OutcomeKey};

use crate::cases::IntakeRequest;
use crate::{App, AppError, Principal, StaffPrincipal};

const DAY: Millis = 86_400_000;

impl From<DisputeError> for AppError {
    fn from(e: DisputeError) -> Self {
        match e.field() {
            Some(field) => AppError::field(field, e.code()),
            None if e.is_permission() => AppError::Forbidden(e.code()),
            None => AppError::Conflict(e.code()),
        }
    }
}

/// A party as sent.
#[derive(Debug, Clone, Default)]
pub struct PartyInput {
    pub role: String,
    pub kind: String,
    pub name: String,
    pub phone: String,
}

/// A dispute as filed.
#[derive(Debug, Clone, Default)]
pub struct FileRequest {
    pub dispute_type: String,
    pub parties: Vec<PartyInput>,
    pub amount: Option<String>,
    pub address: String,
    pub lat: String,
    pub lon: String,
    pub facts: String,
    pub claims: String,
    /// Staff only: the catalogue category (intake staff), or `court_delegated` (the court's staff).
    pub category: Option<String>,
    pub source: Option<String>,
}

/// The most parties a dispute lists.
pub const MAX_PARTIES: usize = 20;

fn parties(e: &mut ValidationErrors, input: &[PartyInput]) -> Vec<Party> {
    if input.is_empty() || input.len() > MAX_PARTIES {
        e.add(
            "parties",
            if input.is_empty() {
                "required"
            } else {
                "too_many"
            },
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, p) in input.iter().enumerate() {
        let role = PartyRole::parse(p.role.trim());
        let kind = PartyKind::parse(p.kind.trim());
        if role.is_none() {
            e.add_named(format!("parties[{i}].role"), "invalid_choice");
        }
        if kind.is_none() {
            e.add_named(format!("parties[{i}].kind"), "invalid_choice");
        }
        let name = p.name.trim();
        if name.is_empty() {
            e.add_named(format!("parties[{i}].name"), "required");
        } else if name.chars().count() > 100 || name.chars().any(char::is_control) {
            e.add_named(format!("parties[{i}].name"), "too_long");
        }
        let phone = p.phone.trim();
        let phone = if phone.is_empty() {
            String::new()
        } else {
            match PhoneNumber::parse(phone) {
                Some(p) => p.expose().to_owned(),
                None => {
                    e.add_named(format!("parties[{i}].phone"), "phone_invalid");
                    String::new()
                }
            }
        };
        if let (Some(role), Some(kind)) = (role, kind) {
            out.push(Party {
                role,
                kind,
                name: name.to_owned(),
                phone,
            });
        }
    }
    if e.is_empty() {
        if !out.iter().any(|p| p.role == PartyRole::Applicant) {
            e.add("parties", "no_applicant");
        } else if !out.iter().any(|p| p.role == PartyRole::Respondent) {
            e.add("parties", "no_respondent");
        }
    }
    out
}

fn amount(e: &mut ValidationErrors, raw: Option<&str>) -> Option<i64> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    let ok = raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && raw
            .split('.')
            .nth(1)
            .is_none_or(|f| !f.is_empty() && f.len() <= 2);
    match gongzhi_domain::powers::parse_yuan(raw).filter(|_| ok) {
        Some(fen) => Some(fen),
        None => {
            e.add("amount", "not_money");
            None
        }
    }
}

async fn known_type(
    app: &App,
    e: &mut ValidationErrors,
    code: &str,
) -> Result<Option<(String, String, String)>, AppError> {
    let found = app
        .store()
        .dispute_types()
        .await?
        .into_iter()
        .find(|t| t.0 == code.trim());
    if found.is_none() {
        e.add("type", "invalid_choice");
    }
    Ok(found)
}

/// Files a dispute: a case of kind 纠纷 (the applicant is the case's resident, so tracking works as for any case)
/// with its mediation record, in one transaction. Residents need no account.
pub async fn file(
    app: &App,
    principal: &Principal,
    req: &FileRequest,
    channel: CaseChannel,
) -> Result<Case, AppError> {
    let mut e = ValidationErrors::default();
    let ty = known_type(app, &mut e, &req.dispute_type).await?;
    let parties = parties(&mut e, &req.parties);
    let amount_fen = amount(&mut e, req.amount.as_deref());
    let facts = validation::text(&mut e, "facts", &req.facts, true, 4000);
    let claims = validation::text(&mut e, "claims", &req.claims, true, 2000);
    let staff = principal.staff();
    if staff.is_none()
        && let Some(i) = parties
            .iter()
            .position(|p| p.role == PartyRole::Applicant && p.phone.is_empty())
    {
        e.add_named(format!("parties[{i}].phone"), "required");
    }
    let source = match req.source.as_deref().map(str::trim) {
        None | Some("") | Some("filed") => "filed",
        Some("court_delegated") if staff.is_some_and(|s| s.has(Role::Court)) => "court_delegated",
        Some("court_delegated") => {
            e.add("source", "court_only");
            "filed"
        }
        Some(_) => {
            e.add("source", "invalid_choice");
            "filed"
        }
    };
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let (_, type_name, _) = ty.expect("checked");
    let applicant = parties
        .iter()
        .find(|p| p.role == PartyRole::Applicant)
        .expect("checked");
    let summary: String = facts.chars().take(24).collect();
    let intake = IntakeRequest {
        input: CaseInput {
            kind: "dispute".into(),
            title: format!("{type_name}：{summary}").chars().take(60).collect(),
            description: format!("{facts}\n\n诉求：{claims}")
                .chars()
                .take(4000)
                .collect(),
            address: req.address.clone(),
            lat: req.lat.clone(),
            lon: req.lon.clone(),
            name: applicant.name.clone(),
            phone: applicant.phone.clone(),
            anonymous: String::new(),
            email: String::new(),
        },
        channel: None,
        category: req.category.clone(),
        received_at: None,
        confidential: None,
    };
    let new = NewDispute {
        dispute_type: req.dispute_type.trim().to_owned(),
        source: source.to_owned(),
        amount_fen,
        facts,
        claims,
        parties: parties.clone(),
    };
    crate::cases::intake_with(app, principal, &intake, channel, Some(&new)).await
}

/// What turning a case into a dispute needs besides the case: the type, the parties, the money and the claims (the
/// facts are the case's description).
#[derive(Debug, Clone, Default)]
pub struct ConvertRequest {
    pub dispute_type: String,
    pub parties: Vec<PartyInput>,
    pub amount: Option<String>,
    pub claims: String,
}

/// Turns an open case the staff member may see into a dispute: the history stays the case's. A petition keeps its
/// kind (its statutory procedure goes on) and gains the mediation record; other kinds become 纠纷.
pub async fn convert(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
    req: &ConvertRequest,
) -> Result<Case, AppError> {
    let case = crate::cases::visible_case(app, staff, case_no).await?;
    if matches!(case.status, CaseStatus::Closed | CaseStatus::Merged) {
        use gongzhi_domain::lifecycle::CaseError;
        return Err(if case.status == CaseStatus::Closed {
            CaseError::Closed
        } else {
            CaseError::Merged
        }
        .into());
    }
    let mut e = ValidationErrors::default();
    known_type(app, &mut e, &req.dispute_type).await?;
    let parties = parties(&mut e, &req.parties);
    let amount_fen = amount(&mut e, req.amount.as_deref());
    let claims = validation::text(&mut e, "claims", &req.claims, true, 2000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut change = Change {
        audit: "dispute.convert",
        ..Default::default()
    };
    if case.kind != CaseKind::Petition && case.kind != CaseKind::Dispute {
        change.set.push(Field::Kind(CaseKind::Dispute));
    }
    change.events.push(
        NewEvent::public("dispute_opened", "").with(json!({ "type": req.dispute_type.trim() })),
    );
    let new = NewDispute {
        dispute_type: req.dispute_type.trim().to_owned(),
        source: "converted".into(),
        amount_fen,
        facts: case.description.clone(),
        claims,
        parties,
    };
    match app
        .store()
        .convert_to_dispute(&staff.actor(app.now()), &case, &change, &new)
        .await
    {
        Err(StoreError::Conflict { constraint }) if constraint == "already_dispute" => {
            return Err(DisputeError::AlreadyDispute.into());
        }
        other => other?,
    }
    Ok(app.store().get_case(case.id).await?)
}

/// A dispute as someone may see it.
#[derive(Debug, Clone)]
pub struct DisputeView {
    pub case: Case,
    pub dispute: Dispute,
    pub parties: Vec<Party>,
    pub sessions: Vec<Session>,
    /// The viewer is the dispute's mediator: private notes and full phones are theirs to see.
    pub is_mediator: bool,
    /// The viewer edits the public library for it: its mediator, or a mediator of its organisation.
    pub is_editor: bool,
    pub is_court: bool,
}

fn at_court(d: &Dispute) -> bool {
    d.confirmation_applied_at.is_some() || d.litigation_at.is_some()
}

/// The dispute, for those in the case's scope, the mediators of the chosen organisation, and the court once an
/// application or a suit reached it; anyone else gets `NotFound`.
pub async fn visible(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
) -> Result<DisputeView, AppError> {
    let no = gongzhi_domain::cases::CaseNo::parse(case_no.trim()).ok_or(AppError::NotFound)?;
    let case = app.store().get_case_by_no(&no).await?;
    let dispute = match app.store().get_dispute(case.id).await {
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    let is_mediator = dispute.mediator_id == Some(staff.user_id);
    let org_mediator = staff.has(Role::Mediator) && dispute.org_id == Some(staff.unit_id);
    let is_court =
        staff.has(Role::Court) && (at_court(&dispute) || dispute.source == "court_delegated");
    let in_scope = staff.require_case_worker().is_ok()
        && crate::cases::visible_case(app, staff, case_no)
            .await
            .is_ok();
    if !(is_mediator || org_mediator || is_court || in_scope) {
        return Err(AppError::NotFound);
    }
    let parties = app.store().dispute_parties(case.id).await?;
    let sessions = app.store().dispute_sessions(case.id).await?;
    Ok(DisputeView {
        case,
        dispute,
        parties,
        sessions,
        is_mediator,
        is_editor: is_mediator || org_mediator,
        is_court: staff.has(Role::Court),
    })
}

/// The evaluation as asked for.
#[derive(Debug, Clone, Default)]
pub struct EvaluateRequest {
    pub urgency: String,
    pub risks: Vec<String>,
    pub complexity: String,
    /// The channel confirmed; empty takes the recommendation.
    pub channel: Option<String>,
    pub reason: String,
}

/// What the evaluation shows before it is confirmed: the recommendation and its rule, and how similar disputes
/// ended (of the type, and of the type in the recommended channel).
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub channel: Channel,
    pub rule: &'static str,
    pub similar_type: Similar,
    pub similar_channel: Similar,
}

async fn type_field(app: &App, code: &str) -> Result<String, AppError> {
    Ok(app
        .store()
        .dispute_types()
        .await?
        .into_iter()
        .find(|t| t.0 == code)
        .map(|t| t.2)
        .unwrap_or_default())
}

/// The recommendation for given risks and complexity (the evaluation page shows it as the evaluator fills it in).
pub async fn recommend(
    app: &App,
    d: &Dispute,
    risks: &[Risk],
    complexity: Complexity,
) -> Result<Recommendation, AppError> {
    let field = type_field(app, &d.dispute_type).await?;
    let (channel, rule) = dispute::recommend(&EvaluationInput {
        field: &field,
        amount_fen: d.amount_fen,
        risks,
        complexity,
    });
    let similar_type = app.store().similar_disputes(&d.dispute_type, None).await?;
    let similar_channel = app
        .store()
        .similar_disputes(&d.dispute_type, Some(channel))
        .await?;
    Ok(Recommendation {
        channel,
        rule,
        similar_type,
        similar_channel,
    })
}

/// The mediators proposed for a dispute, best first.
pub async fn proposals(app: &App, d: &Dispute, limit: usize) -> Result<Vec<Proposal>, AppError> {
    let all = app.store().mediator_candidates().await?;
    Ok(dispute::propose(
        &d.dispute_type,
        d.street_id,
        d.channel,
        &all,
        limit,
    ))
}

/// The mediators directory: everyone, or those who take a type and serve a street, with load and record.
pub async fn mediators(
    app: &App,
    dispute_type: Option<&str>,
    street: Option<gongzhi_domain::org::UnitId>,
) -> Result<Vec<Candidate>, AppError> {
    let all = app.store().mediator_candidates().await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            dispute_type.is_none_or(|t| c.takes(t)) && (street.is_none() || c.serves(street))
        })
        .collect())
}

/// A step of a dispute.
#[derive(Debug, Clone)]
pub enum Step {
    Evaluate(EvaluateRequest),
    /// Choose a mediator (by id) or take the first proposal (`None`).
    Mediation {
        mediator_id: Option<String>,
    },
    Consent {
        agrees: bool,
        note: String,
    },
    Schedule {
        scheduled_at: Option<Millis>,
        mode: String,
        place: String,
        video_link: String,
    },
    Minutes {
        session_id: String,
        minutes: String,
        private_applicant: String,
        private_respondent: String,
    },
    Extend {
        days: i64,
        note: String,
    },
    Agreement {
        terms: Vec<TermInput>,
        text: String,
    },
    Failure {
        reason: String,
        note: String,
    },
    /// Judicial confirmation: `apply` (with `party`, each party's own application), or the court's steps.
    Confirmation {
        step: String,
        party: String,
        note: String,
    },
    /// A party signed the recorded agreement (`party`: applicant or respondent).
    Signature {
        party: String,
    },
    Litigation {
        step: String,
        court_no: String,
        result: String,
    },
    /// A follow-up of the agreement's performance (人民调解法 art. 31): term `term` (0-based) was performed, or is
    /// not yet (with what was said).
    Performance {
        term: i64,
        performed: bool,
        note: String,
    },
    /// The editor's review for the public library: publish (the draft, or an edited `text`, anonymised again) or
    /// withhold (`party_asked`: a party asked, and it stays withheld).
    Publication {
        publish: bool,
        text: Option<String>,
        party_asked: bool,
    },
}

/// A term as sent: what, how much (yuan as a decimal string), by when.
#[derive(Debug, Clone, Default)]
pub struct TermInput {
    pub text: String,
    pub amount: Option<String>,
    pub due_date: Option<String>,
}

async fn consent_days(app: &App) -> Result<i64, AppError> {
    Ok(crate::settings::consent_days(app).await? as i64)
}

/// How long the dispute's mediation may take: its type's period where the type has one (labour 15 days, medical 30
/// working days: the `dispute_types` table), else the district's people's-mediation setting in calendar days.
async fn mediation_period(
    app: &App,
    dispute_type: &str,
) -> Result<dispute::MediationPeriod, AppError> {
    Ok(match app.store().dispute_period(dispute_type).await? {
        Some((days, working)) => dispute::MediationPeriod { days, working },
        None => dispute::MediationPeriod {
            days: crate::settings::mediation_days(app).await? as i64,
            working: false,
        },
    })
}

/// A party's role as the steps name it.
fn party_role(raw: &str) -> Result<PartyRole, AppError> {
    match PartyRole::parse(raw.trim()) {
        Some(r @ (PartyRole::Applicant | PartyRole::Respondent)) => Ok(r),
        // Which party signs or applies depends on the step: a missing or other party refuses it (409).
        _ => Err(DisputeError::NotAParty.into()),
    }
}

fn notify(users: impl IntoIterator<Item = UserId>, kind: &'static str, key: &str) -> Vec<Notify> {
    users
        .into_iter()
        .map(|u| Notify {
            user_id: u,
            kind,
            dedupe_key: Some(format!("dispute:{key}:{kind}:{u}")),
        })
        .collect()
}

/// Whether the staff member works cases (not a mediator, the court or a care role).
/// Writes a dispute's step with the case's place on the spine following it (`lifecycle::mediation_on_spine`): one transaction.
async fn save_dispute(
    app: &App,
    actor: &gongzhi_store::Actor,
    case: &Case,
    before: &Dispute,
    after: &Dispute,
    change: &Change,
) -> Result<(), StoreError> {
    let spine = gongzhi_domain::lifecycle::mediation_on_spine(case, after, actor.at);
    if spine.is_empty() {
        return app
            .store()
            .update_dispute(actor, case, before, after, change)
            .await;
    }
    let mut change = change.clone();
    change.set.extend(spine);
    app.store()
        .update_dispute(actor, case, before, after, &change)
        .await
}

fn case_worker(staff: &StaffPrincipal) -> bool {
    staff.require_case_worker().is_ok()
}

/// Performs a step for a staff member who may see the dispute, and answers the dispute as it is afterwards.
pub async fn step(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
    step: Step,
) -> Result<DisputeView, AppError> {
    let view = visible(app, staff, case_no).await?;
    let (case, d) = (&view.case, &view.dispute);
    let now = app.now();
    let actor = staff.actor(now);
    let store = app.store();
    let mut e = ValidationErrors::default();
    let key = format!("{}:{}", case.case_no, d.version);
    let is_court = staff.has(Role::Court);
    let worker = case_worker(staff) && !view.is_court;
    let mediator_or_worker = |what: DisputeError| {
        if view.is_mediator || worker {
            Ok(())
        } else {
            Err(AppError::from(what))
        }
    };
    match step {
        Step::Evaluate(req) => {
            if !worker {
                return Err(AppError::Forbidden("forbidden"));
            }
            let urgency = Urgency::parse(req.urgency.trim());
            if urgency.is_none() {
                e.add("urgency", "invalid_choice");
            }
            let complexity = Complexity::parse(req.complexity.trim());
            if complexity.is_none() {
                e.add("complexity", "invalid_choice");
            }
            let mut risks = Vec::new();
            for r in &req.risks {
                match Risk::parse(r.trim()) {
                    Some(r) if !risks.contains(&r) => risks.push(r),
                    Some(_) => {}
                    None => e.add("risks", "invalid_choice"),
                }
            }
            let chosen = match req
                .channel
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                None => None,
                Some(c) => {
                    let parsed = Channel::parse(c);
                    if parsed.is_none() {
                        e.add("channel", "invalid_choice");
                    }
                    parsed
                }
            };
            let reason = validation::text(&mut e, "reason", &req.reason, false, 2000);
            let (Some(urgency), Some(complexity)) = (urgency, complexity) else {
                return Err(AppError::Invalid(e));
            };
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let rec = recommend(app, d, &risks, complexity).await?;
            let channel = chosen.unwrap_or(rec.channel);
            let stage = dispute::evaluate(d, rec.channel, channel, &reason)?;
            let after = Dispute {
                stage,
                urgency: Some(urgency),
                risks: risks.clone(),
                complexity: Some(complexity),
                recommended: Some(rec.channel),
                channel: Some(channel),
                channel_reason: reason.clone(),
                evaluated_at: Some(now),
                evaluated_by: Some(staff.user_id),
                ..d.clone()
            };
            let mut change = Change {
                audit: "dispute.evaluate",
                ..Default::default()
            };
            change.events.push(NewEvent::public("dispute_evaluated", "").with(json!({ "channel": channel.code(), "recommended": rec.channel.code(), "rule": rec.rule })));
            if !reason.is_empty() {
                change
                    .events
                    .push(NewEvent::internal("dispute_channel_reason", reason));
            }
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Mediation { mediator_id } => {
            mediator_or_worker(DisputeError::NotTheMediator)?;
            choose_mediator(app, &actor, case, d, mediator_id.as_deref(), &key).await?;
        }
        Step::Consent { agrees, note } => {
            mediator_or_worker(DisputeError::NotTheMediator)?;
            let note = validation::text(&mut e, "note", &note, false, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            answer_consent(
                app,
                &actor,
                case,
                d,
                &view.parties,
                agrees,
                note,
                ConsentVia::Staff,
                &key,
            )
            .await?;
        }
        Step::Schedule {
            scheduled_at,
            mode,
            place,
            video_link,
        } => {
            dispute::mediator_only(d, staff.user_id)?;
            dispute::may_hold_session(d)?;
            let mode = SessionMode::parse(mode.trim());
            match scheduled_at {
                None => e.add("scheduled_at", "not_a_date"),
                Some(at) if at < now - DAY || at > now + 366 * DAY => {
                    e.add("scheduled_at", "out_of_range")
                }
                Some(_) => {}
            }
            let place = validation::text(
                &mut e,
                "place",
                &place,
                mode == Some(SessionMode::InPerson),
                500,
            );
            let video_link = validation::text(
                &mut e,
                "video_link",
                &video_link,
                mode == Some(SessionMode::Video),
                500,
            );
            if !(video_link.is_empty() || video_link.starts_with("https://")) {
                e.add("video_link", "not_a_link");
            }
            let Some(mode) = mode else {
                e.add("mode", "invalid_choice");
                return Err(AppError::Invalid(e));
            };
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let at = scheduled_at.expect("checked");
            let mut change = Change {
                audit: "dispute.session",
                ..Default::default()
            };
            change.events.push(
                NewEvent::public("dispute_session", place.clone())
                    .with(json!({ "scheduled_at": at, "mode": mode.code() })),
            );
            store
                .insert_dispute_session(
                    &actor,
                    case,
                    d,
                    &NewSession {
                        scheduled_at: at,
                        mode,
                        place,
                        video_link,
                    },
                    &change,
                )
                .await?;
        }
        Step::Minutes {
            session_id,
            minutes,
            private_applicant,
            private_respondent,
        } => {
            dispute::mediator_only(d, staff.user_id)?;
            dispute::may_hold_session(d)?;
            let minutes = validation::text(&mut e, "minutes", &minutes, true, 8000);
            let pa = validation::text(&mut e, "private_applicant", &private_applicant, false, 4000);
            let pr = validation::text(
                &mut e,
                "private_respondent",
                &private_respondent,
                false,
                4000,
            );
            if !view.sessions.iter().any(|s| s.id == session_id.trim()) {
                e.add("session_id", "unknown_session");
            }
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let mut change = Change {
                audit: "dispute.minutes",
                ..Default::default()
            };
            // The minutes are the parties'; private notes never reach the timeline.
            change
                .events
                .push(NewEvent::public("dispute_minutes", minutes.clone()));
            store
                .record_dispute_session(
                    &actor,
                    case,
                    d,
                    session_id.trim(),
                    &minutes,
                    (&pa, &pr),
                    &change,
                )
                .await?;
        }
        Step::Extend { days, note } => {
            dispute::mediator_only(d, staff.user_id)?;
            let note = validation::text(&mut e, "note", &note, true, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let due = dispute::extend(d, days)?;
            let mut change = Change {
                audit: "dispute.extend",
                ..Default::default()
            };
            change.set.push(Field::HandleDue {
                at: due,
                provisional: false,
            });
            change.events.push(
                NewEvent::public("dispute_extended", note)
                    .with(json!({ "days": days, "mediation_due_at": due })),
            );
            let after = Dispute {
                mediation_due_at: Some(due),
                extended_days: d.extended_days + days,
                ..d.clone()
            };
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Agreement { terms, text } => {
            dispute::mediator_only(d, staff.user_id)?;
            let text = validation::text(&mut e, "text", &text, false, 8000);
            let mut parsed = Vec::new();
            if terms.len() > 50 {
                e.add("terms", "too_many");
            }
            for (i, t) in terms.iter().enumerate() {
                let what = t.text.trim();
                if what.is_empty() || what.chars().count() > 2000 {
                    e.add_named(
                        format!("terms[{i}].text"),
                        if what.is_empty() {
                            "required"
                        } else {
                            "too_long"
                        },
                    );
                }
                let mut one = ValidationErrors::default();
                let fen = amount(&mut one, t.amount.as_deref());
                if !one.is_empty() {
                    e.add_named(format!("terms[{i}].amount"), "not_money");
                }
                let due = t
                    .due_date
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                if let Some(day) = due
                    && (day.len() != 10 || day.parse::<jiff::civil::Date>().is_err())
                {
                    e.add_named(format!("terms[{i}].due_date"), "not_a_date");
                }
                parsed.push(Term {
                    text: what.to_owned(),
                    amount_fen: fen,
                    due_date: due.map(String::from),
                    ..Default::default()
                });
            }
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let stage = dispute::agree(d, &parsed)?;
            let after = Dispute {
                stage,
                ended_at: Some(now),
                terms: parsed.clone(),
                agreement_text: text,
                library_text: dispute::library_text(&d.facts, &view.parties),
                ..d.clone()
            };
            let mut change = Change {
                audit: "dispute.agreement",
                ..Default::default()
            };
            change.events.push(
                NewEvent::public("dispute_agreed", "").with(json!({ "terms": parsed.len() })),
            );
            change.notify = notify(case.agent_id, "dispute_agreed", &key);
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Failure { reason, note } => {
            let why = Failure::parse(reason.trim());
            let note = validation::text(&mut e, "note", &note, true, 2000);
            let Some(why) = why.filter(|w| {
                matches!(
                    w,
                    Failure::NoAgreement | Failure::TimedOut | Failure::Withdrawn
                )
            }) else {
                e.add("reason", "invalid_choice");
                return Err(AppError::Invalid(e));
            };
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            if why == Failure::Withdrawn {
                mediator_or_worker(DisputeError::NotTheMediator)?
            } else {
                dispute::mediator_only(d, staff.user_id)?
            }
            let stage = dispute::fail(d, why)?;
            let after = Dispute {
                stage,
                ended_at: Some(now),
                failure: Some(why),
                failure_note: note.clone(),
                library_text: dispute::library_text(&d.facts, &view.parties),
                ..d.clone()
            };
            let mut change = Change {
                audit: "dispute.failure",
                ..Default::default()
            };
            change.events.push(
                NewEvent::public("dispute_failed", note).with(json!({ "reason": why.code() })),
            );
            change.notify = notify(
                d.mediator_id
                    .filter(|m| *m != staff.user_id)
                    .into_iter()
                    .chain(case.agent_id),
                "dispute_failed",
                &key,
            );
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Performance {
            term,
            performed,
            note,
        } => {
            mediator_or_worker(DisputeError::NotTheMediator)?;
            let note = validation::text(&mut e, "note", &note, false, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let index = usize::try_from(term).map_err(|_| DisputeError::NoSuchTerm)?;
            dispute::follow_up(d, index)?;
            let mut after = d.clone();
            let t = &mut after.terms[index];
            if performed {
                t.performed_at = Some(now);
            } else {
                t.followed_up_at = Some(now);
            }
            t.follow_up_note = note.clone();
            let fulfilled = after.terms.iter().all(|t| t.performed_at.is_some());
            let mut change = Change {
                audit: "dispute.performance",
                ..Default::default()
            };
            change.events.push(
                NewEvent::public(
                    if performed {
                        "term_performed"
                    } else {
                        "term_not_performed"
                    },
                    note,
                )
                .with(json!({ "term": index + 1 })),
            );
            if performed && fulfilled {
                change
                    .events
                    .push(NewEvent::public("agreement_fulfilled", String::new()));
            }
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Publication {
            publish,
            text,
            party_asked,
        } => {
            if !view.is_editor {
                return Err(DisputeError::NotTheMediator.into());
            }
            let edited = text.as_deref().map(str::trim).filter(|t| !t.is_empty());
            if let Some(t) = edited
                && t.chars().count() > 1000
            {
                e.add("text", "too_long");
                return Err(AppError::Invalid(e));
            }
            if publish && party_asked {
                return Err(DisputeError::WithholdAsked.into());
            }
            let mut after = Dispute {
                withhold_asked: d.withhold_asked || party_asked,
                ..d.clone()
            };
            let status = dispute::publication(&after, publish)?;
            after.publication = Some(status);
            if publish {
                // What is published is anonymised again, the editor's words too: an edit cannot put a name back.
                after.library_text = match edited {
                    Some(t) => dispute::anonymised(t, &view.parties),
                    None if d.library_text.is_empty() => {
                        dispute::library_text(&d.facts, &view.parties)
                    }
                    None => dispute::anonymised(&d.library_text, &view.parties),
                };
                if after.library_text.trim().is_empty() {
                    e.add("text", "required");
                    return Err(AppError::Invalid(e));
                }
                after.published_at = Some(now);
            } else {
                after.published_at = None;
            }
            let mut change = Change {
                audit: "dispute.publication",
                ..Default::default()
            };
            change.events.push(
                NewEvent::internal(
                    if publish {
                        "library_published"
                    } else {
                        "library_withheld"
                    },
                    String::new(),
                )
                .with(json!({ "party_asked": party_asked })),
            );
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Signature { party } => {
            mediator_or_worker(DisputeError::NotTheMediator)?;
            let role = party_role(&party)?;
            let effective = dispute::sign(d, role)?;
            let mut after = d.clone();
            match role {
                PartyRole::Applicant => after.signed_by_applicant_at = Some(now),
                _ => after.signed_by_respondent_at = Some(now),
            }
            let mut change = Change {
                audit: "dispute.signature",
                ..Default::default()
            };
            change.events.push(
                NewEvent::public("agreement_signed", String::new())
                    .with(json!({ "party": role.code() })),
            );
            if effective {
                after.effective_at = Some(now);
                let calendar = crate::cases::calendar(app).await?;
                change
                    .events
                    .push(
                        NewEvent::public("agreement_effective", String::new()).with(json!({
                            "confirmation_due_at": dispute::confirmation_deadline(&after, &calendar)
                        })),
                    );
            }
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Confirmation { step, party, note } => {
            let note = validation::text(&mut e, "note", &note, false, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let court_staff = store.users_with_role(Role::Court).await?;
            let mut change = Change::default();
            let mut after = d.clone();
            match step.trim() {
                "apply" => {
                    mediator_or_worker(DisputeError::NotTheMediator)?;
                    let role = party_role(&party)?;
                    let calendar = crate::cases::calendar(app).await?;
                    let joint = dispute::apply_confirmation(d, role, &calendar, now)?;
                    change.audit = "dispute.confirmation_apply";
                    match role {
                        PartyRole::Applicant => after.applied_by_applicant_at = Some(now),
                        _ => after.applied_by_respondent_at = Some(now),
                    }
                    match joint {
                        // The second party's application makes the joint application; the court's days start.
                        Some(due) => {
                            change.events.push(
                                NewEvent::public("confirmation_applied", note)
                                    .with(json!({ "accept_due_at": due, "party": role.code() })),
                            );
                            change.notify = notify(court_staff, "dispute_confirmation", &key);
                            after.stage = Stage::ConfirmationApplied;
                            after.confirmation_applied_at = Some(now);
                            after.confirmation_accept_due_at = Some(due);
                        }
                        None => change.events.push(
                            NewEvent::public("confirmation_party_applied", note)
                                .with(json!({ "party": role.code() })),
                        ),
                    }
                }
                s @ ("accept" | "refuse") => {
                    let (stage, due) = dispute::court_accept(d, is_court, s == "accept", now)?;
                    change.audit = if s == "accept" {
                        "dispute.confirmation_accept"
                    } else {
                        "dispute.confirmation_refuse"
                    };
                    change.events.push(
                        NewEvent::public(
                            if s == "accept" {
                                "confirmation_accepted"
                            } else {
                                "confirmation_refused"
                            },
                            note,
                        )
                        .with(json!({ "rule_due_at": due })),
                    );
                    change.notify = notify(
                        d.mediator_id.into_iter().chain(case.agent_id),
                        "dispute_ruled",
                        &key,
                    );
                    after.stage = stage;
                    after.confirmation_accepted_at = (s == "accept").then_some(now);
                    if s == "accept" {
                        after.confirmation_rule_due_at = due;
                    } else {
                        after.confirmation_ruled_at = Some(now);
                    }
                }
                "extend" => {
                    let due = dispute::court_extend(d, is_court)?;
                    change.audit = "dispute.confirmation_extend";
                    change.events.push(
                        NewEvent::internal("confirmation_extended", note)
                            .with(json!({ "rule_due_at": due })),
                    );
                    after.confirmation_rule_due_at = Some(due);
                    after.confirmation_extended = true;
                }
                s @ ("confirm" | "not_confirm") => {
                    let stage = dispute::court_rule(d, is_court, s == "confirm")?;
                    change.audit = "dispute.confirmation_rule";
                    change.events.push(NewEvent::public(
                        if s == "confirm" {
                            "confirmation_confirmed"
                        } else {
                            "confirmation_not_confirmed"
                        },
                        note,
                    ));
                    change.notify = notify(
                        d.mediator_id.into_iter().chain(case.agent_id),
                        "dispute_ruled",
                        &key,
                    );
                    after.stage = stage;
                    after.confirmation_ruled_at = Some(now);
                }
                _ => return Err(AppError::field("step", "invalid_choice")),
            }
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
        Step::Litigation {
            step,
            court_no,
            result,
        } => {
            let court_no =
                validation::text(&mut e, "court_no", &court_no, step.trim() == "register", 60);
            let result = validation::text(&mut e, "result", &result, step.trim() == "result", 4000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let mut change = Change::default();
            let mut after = d.clone();
            match step.trim() {
                "file" => {
                    mediator_or_worker(DisputeError::NotTheMediator)?;
                    let stage = dispute::litigate(d)?;
                    change.audit = "dispute.litigation";
                    change.events.push(NewEvent::public("litigation_filed", ""));
                    change.notify = notify(
                        store.users_with_role(Role::Court).await?,
                        "dispute_litigation",
                        &key,
                    );
                    after.stage = stage;
                    after.litigation_at = Some(now);
                }
                "register" => {
                    if !is_court {
                        return Err(DisputeError::CourtOnly.into());
                    }
                    if d.stage != Stage::Litigation {
                        return Err(DisputeError::WrongStage.into());
                    }
                    change.audit = "dispute.court_register";
                    change
                        .events
                        .push(NewEvent::public("litigation_registered", court_no.clone()));
                    after.court_no = court_no;
                }
                "result" => {
                    let stage = dispute::court_result(d, is_court)?;
                    change.audit = "dispute.court_result";
                    change
                        .events
                        .push(NewEvent::public("litigation_judged", result.clone()));
                    change.notify = notify(
                        d.mediator_id.into_iter().chain(case.agent_id),
                        "dispute_ruled",
                        &key,
                    );
                    after.stage = stage;
                    after.court_result = result;
                    if !court_no.is_empty() {
                        after.court_no = court_no;
                    }
                }
                _ => return Err(AppError::field("step", "invalid_choice")),
            }
            save_dispute(app, &actor, case, d, &after, &change).await?;
        }
    }
    visible(app, staff, case_no).await
}

/// Outcomes by type, organisation and mediator (names, not ids): the settled share, median days and ratings the
/// district compares mediators and organisations by. Every staff member may read these aggregates.
pub async fn statistics(
    app: &App,
    _staff: &StaffPrincipal,
) -> Result<(Vec<NamedStats>, Vec<NamedStats>, Vec<NamedStats>), AppError> {
    let store = app.store();
    let types = store.dispute_types().await?;
    let by_type = store
        .outcome_stats(OutcomeKey::DisputeType)
        .await?
        .into_iter()
        .map(|s| {
            (
                types
                    .iter()
                    .find(|t| t.0 == s.key)
                    .map(|t| t.1.clone())
                    .unwrap_or_else(|| s.key.clone()),
                s,
            )
        })
        .collect();
    let orgs = store.outcome_stats(OutcomeKey::Org).await?;
    let ids: Vec<UnitId> = orgs.iter().filter_map(|s| UnitId::parse(&s.key)).collect();
    let names = store.unit_names(&ids).await?;
    let mut by_org: Vec<NamedStats> = orgs
        .into_iter()
        .map(|s| {
            (
                UnitId::parse(&s.key)
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                s,
            )
        })
        .collect();
    by_org.sort_by(|a, b| b.1.ended.cmp(&a.1.ended).then_with(|| a.0.cmp(&b.0)));
    let people = store.outcome_stats(OutcomeKey::Mediator).await?;
    let ids: Vec<UserId> = people
        .iter()
        .filter_map(|s| UserId::parse(&s.key))
        .collect();
    let names = store.user_names(&ids).await?;
    let mut by_mediator: Vec<NamedStats> = people
        .into_iter()
        .map(|s| {
            (
                UserId::parse(&s.key)
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_default(),
                s,
            )
        })
        .collect();
    by_mediator.sort_by(|a, b| b.1.ended.cmp(&a.1.ended).then_with(|| a.0.cmp(&b.0)));
    Ok((by_type, by_org, by_mediator))
}

/// Chooses the mediator (by id: the applicant's choice) or takes the first proposal, and tells the mediator: the
/// respondent then has the consent days to answer (a court-delegated mediation starts at once).
async fn choose_mediator(
    app: &App,
    actor: &gongzhi_store::Actor,
    case: &Case,
    d: &Dispute,
    mediator_id: Option<&str>,
    key: &str,
) -> Result<(), AppError> {
    let now = actor.at;
    let all = app.store().mediator_candidates().await?;
    let chosen = match mediator_id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => {
            let Some(c) = all.iter().find(|c| c.user_id.to_string() == id) else {
                return Err(AppError::field("mediator_id", "unknown_mediator"));
            };
            (c.clone(), ChosenBy::Applicant)
        }
        None => match dispute::propose(&d.dispute_type, d.street_id, d.channel, &all, 1)
            .into_iter()
            .next()
        {
            Some(p) => (p.candidate, ChosenBy::Proposal),
            None => return Err(AppError::Conflict("no_mediator")),
        },
    };
    let (stage, due) = dispute::choose(d, &chosen.0, consent_days(app).await?, now)?;
    let mut change = Change {
        audit: "dispute.mediator",
        ..Default::default()
    };
    let mut after = Dispute {
        stage,
        org_id: Some(chosen.0.org_id),
        mediator_id: Some(chosen.0.user_id),
        chosen_by: Some(chosen.1),
        ..d.clone()
    };
    if stage == Stage::AwaitingConsent {
        after.consent_due_at = due;
    } else if let Some(due) = d.mediation_due_at {
        // Sent by the court: no consent round; the case follows the delegation's 30 days.
        after.consented_at = Some(now);
        change.set.push(Field::HandleDue {
            at: due,
            provisional: false,
        });
    }
    change.events.push(
        NewEvent::public(
            "dispute_mediator",
            format!("{}（{}）", chosen.0.name, chosen.0.org_name),
        )
        .with(json!({ "chosen_by": chosen.1.code(), "consent_due_at": due })),
    );
    change.notify = notify([chosen.0.user_id], "dispute_assigned", key);
    save_dispute(app, actor, case, d, &after, &change).await?;
    Ok(())
}

/// The applicant chooses the mediator from the tracking page ("like choosing a hospital department"), or takes the
/// first proposal, once the dispute is evaluated.
pub async fn party_choose(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    mediator_id: Option<&str>,
) -> Result<(), AppError> {
    let case = crate::cases::tracked_case(app, address, case_no, last4).await?;
    let d = match app.store().get_dispute(case.id).await {
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    let actor = gongzhi_store::Actor::resident(address, app.now());
    let key = format!("{}:{}", case.case_no, d.version);
    choose_mediator(app, &actor, &case, &d, mediator_id, &key).await
}

/// Records the respondent's answer (told to the mediator and the case's agent): consent starts the mediation's clock
/// and the case follows it; a refusal ends mediation.
#[allow(clippy::too_many_arguments)]
async fn answer_consent(
    app: &App,
    actor: &gongzhi_store::Actor,
    case: &Case,
    d: &Dispute,
    parties: &[Party],
    agrees: bool,
    note: String,
    via: ConsentVia,
    key: &str,
) -> Result<(), AppError> {
    let now = actor.at;
    let period = mediation_period(app, &d.dispute_type).await?;
    let calendar = crate::cases::calendar(app).await?;
    let (stage, due) = dispute::consent(d, agrees, period, &calendar, now)?;
    // The timeline says who recorded the answer: the respondent online with their code, or staff for them.
    let (via_code, note) = match via {
        ConsentVia::PartyCode => ("party_code", note),
        ConsentVia::Staff if note.is_empty() => (
            "recorded_by_staff",
            "工作人员代为记录：被申请人以电话或当面方式答复".to_owned(),
        ),
        ConsentVia::Staff => (
            "recorded_by_staff",
            format!("工作人员代为记录：被申请人以电话或当面方式答复。{note}"),
        ),
    };
    let mut change = Change {
        audit: if agrees {
            "dispute.consent"
        } else {
            "dispute.decline"
        },
        ..Default::default()
    };
    let after = if agrees {
        // The case's handling deadline follows the mediation's: a dispute in mediation is not overdue on the
        // category's days.
        change.set.push(Field::HandleDue {
            at: due.expect("consent sets a deadline"),
            provisional: false,
        });
        change.events.push(
            NewEvent::public("dispute_consented", note)
                .with(json!({ "mediation_due_at": due, "via": via_code })),
        );
        Dispute {
            stage,
            consented_at: Some(now),
            mediation_due_at: due,
            ..d.clone()
        }
    } else {
        change
            .events
            .push(NewEvent::public("dispute_declined", note).with(json!({ "via": via_code })));
        Dispute {
            stage,
            ended_at: Some(now),
            failure: Some(Failure::Declined),
            library_text: dispute::library_text(&d.facts, parties),
            ..d.clone()
        }
    };
    change.notify = notify(
        d.mediator_id.into_iter().chain(case.agent_id),
        if agrees {
            "dispute_consented"
        } else {
            "dispute_declined"
        },
        key,
    );
    save_dispute(app, actor, case, d, &after, &change).await?;
    Ok(())
}

/// A mediator's worklist, or the court's.
pub async fn worklist(app: &App, staff: &StaffPrincipal) -> Result<Vec<DisputeRow>, AppError> {
    if staff.has(Role::Court) {
        Ok(app.store().disputes_at_court(200).await?)
    } else if staff.has(Role::Mediator) {
        Ok(app.store().disputes_of_mediator(staff.user_id, 200).await?)
    } else {
        Err(AppError::Forbidden("forbidden"))
    }
}

/// The sweeper's part: a respondent's silence past the deadline ends mediation (`no_reply`); a mediation or a court
/// clock that ran out is told once to whoever holds it (the mediator and the case's agent; the court's staff).
/// Answers how many disputes it handled.
pub async fn sweep(app: &App, now: Millis) -> Result<usize, AppError> {
    let store = app.store();
    let actor = gongzhi_store::Actor::system(now);
    let mut done = 0;
    for row in store.sweep_dispute_clocks(now, 200).await? {
        let d = &row.dispute;
        let Some((clock, due)) = d.running_clock() else {
            continue;
        };
        let case = store
            .get_case(gongzhi_domain::cases::CaseId::parse(&d.case_id).ok_or(AppError::NotFound)?)
            .await?;
        let key = format!("{}:{clock}:{due}", case.case_no);
        if dispute::consent_lapsed(d, now) {
            let mut change = Change {
                audit: "dispute.no_reply",
                ..Default::default()
            };
            change.events.push(NewEvent::public("dispute_no_reply", ""));
            change.notify = notify(
                d.mediator_id.into_iter().chain(case.agent_id),
                "dispute_failed",
                &key,
            );
            let parties = store.dispute_parties(case.id).await?;
            let after = Dispute {
                stage: Stage::Failed,
                ended_at: Some(now),
                failure: Some(Failure::NoReply),
                library_text: dispute::library_text(&d.facts, &parties),
                ..d.clone()
            };
            match save_dispute(app, &actor, &case, d, &after, &change).await {
                Ok(()) => done += 1,
                Err(StoreError::Conflict { .. }) => {}
                Err(other) => return Err(other.into()),
            }
            continue;
        }
        let to: Vec<UserId> = match clock {
            "court_accept" | "court_rule" => store.users_with_role(Role::Court).await?,
            _ => d.mediator_id.into_iter().chain(case.agent_id).collect(),
        };
        let mut change = Change {
            audit: "dispute.overdue",
            ..Default::default()
        };
        change.events.push(
            NewEvent::internal("dispute_overdue", "")
                .with(json!({ "clock": clock, "due_at": due })),
        );
        change.notify = notify(to, "dispute_overdue", &key);
        if store
            .claim_dispute_chase(&actor, &case, d, &format!("{clock}:{due}"), &change)
            .await?
        {
            done += 1;
        }
    }
    Ok(done)
}

/// Past disputes for the public library (anonymised), by type and text, and how disputes of the type ended.
pub async fn library(
    app: &App,
    dispute_type: Option<&str>,
    q: Option<&str>,
    page: gongzhi_store::PageRequest,
) -> Result<
    (
        gongzhi_store::Page<gongzhi_store::dispute::LibraryEntry>,
        Option<Similar>,
    ),
    AppError,
> {
    let ty = dispute_type.map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = ty {
        let mut e = ValidationErrors::default();
        known_type(app, &mut e, t).await?;
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
    }
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 50) {
        return Err(AppError::field("q", "too_long"));
    }
    let found = app.store().dispute_library(ty, q, page).await?;
    let similar = match ty {
        Some(t) => Some(app.store().similar_disputes(t, None).await?),
        None => None,
    };
    Ok((found, similar))
}

/// Questions one address may ask in an hour.
pub const MAX_QUESTIONS_PER_HOUR: i64 = 10;

/// A question asked online before filing (no account; throttled per address). Answers its id, which the asker keeps
/// to read the answer.
pub async fn ask(
    app: &App,
    address: &str,
    dispute_type: &str,
    question: &str,
) -> Result<String, AppError> {
    let now = app.now();
    let mut e = ValidationErrors::default();
    known_type(app, &mut e, dispute_type).await?;
    let question = validation::text(&mut e, "question", question, true, 1000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let used = app
        .store()
        .reserve_attempt(&format!("ask:addr:{address}"), now, now - 3_600_000)
        .await?;
    if used > MAX_QUESTIONS_PER_HOUR {
        return Err(AppError::Throttled);
    }
    let actor = Principal::resident(address).actor(now);
    Ok(app
        .store()
        .insert_dispute_question(&actor, dispute_type.trim(), &question)
        .await?)
}

/// A question by its id; the text is anonymised once answered and shown to anyone with the link.
pub async fn question(
    app: &App,
    id: &str,
) -> Result<gongzhi_store::dispute::DisputeQuestion, AppError> {
    let id = id.trim();
    let shaped = id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        });
    if !shaped {
        return Err(AppError::NotFound);
    }
    let mut q = app.store().get_dispute_question(id).await?;
    // Answered, the question is library content: shown as the library shows it, without the phone or ID number the
    // asker may have typed into it.
    if q.answered_at.is_some() {
        q.question = gongzhi_domain::anonymise::anonymise(&q.question, &[]);
        q.answer = gongzhi_domain::anonymise::anonymise(&q.answer, &[]);
    }
    Ok(q)
}

/// Answered questions for the library, their text anonymised.
pub async fn answered_questions(
    app: &App,
    dispute_type: Option<&str>,
    limit: i64,
) -> Result<Vec<gongzhi_store::dispute::DisputeQuestion>, AppError> {
    let mut found = app
        .store()
        .dispute_questions(true, dispute_type.filter(|t| !t.is_empty()), limit)
        .await?;
    for q in &mut found {
        q.question = gongzhi_domain::anonymise::anonymise(&q.question, &[]);
        q.answer = gongzhi_domain::anonymise::anonymise(&q.answer, &[]);
    }
    Ok(found)
}

/// The questions waiting for an answer, for the mediators and lawyers on duty.
pub async fn open_questions(
    app: &App,
    staff: &StaffPrincipal,
) -> Result<Vec<gongzhi_store::dispute::DisputeQuestion>, AppError> {
    staff.require(Role::Mediator)?;
    Ok(app.store().dispute_questions(false, None, 200).await?)
}

/// A mediator or lawyer answers a question once.
pub async fn answer(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    answer: &str,
) -> Result<(), AppError> {
    staff.require(Role::Mediator)?;
    let mut e = ValidationErrors::default();
    let answer = validation::text(&mut e, "answer", answer, true, 4000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    question(app, id).await?;
    match app
        .store()
        .answer_dispute_question(&staff.actor(app.now()), id.trim(), &answer)
        .await
    {
        Err(StoreError::Conflict { constraint }) if constraint == "already_answered" => {
            Err(AppError::Conflict("already_answered"))
        }
        other => Ok(other?),
    }
}

/// The names of a dispute's mediator and organisation, once chosen.
pub async fn mediator_names(
    app: &App,
    d: &Dispute,
) -> Result<(Option<String>, Option<String>), AppError> {
    let mediator = match d.mediator_id {
        Some(id) => app.store().user_names(&[id]).await?.remove(&id),
        None => None,
    };
    let org = match d.org_id {
        Some(id) => app.store().unit_names(&[id]).await?.remove(&id),
        None => None,
    };
    Ok((mediator, org))
}

/// What a party following their case sees of its mediation.
#[derive(Debug, Clone)]
pub struct PartyView {
    pub stage: Stage,
    pub mediator: Option<String>,
    pub org: Option<String>,
    pub mediation_due_at: Option<Millis>,
    pub terms: Vec<Term>,
    pub rating: Option<i64>,
    /// Ended and not rated yet.
    pub can_rate: bool,
    /// Evaluated: the mediators the applicant may choose from, best first.
    pub proposals: Vec<Proposal>,
}

/// The mediation of a case the caller tracks (already checked by number and phone digits); none when the case is
/// not a dispute.
pub async fn party_view(
    app: &App,
    case: &gongzhi_domain::cases::CaseNo,
) -> Result<Option<PartyView>, AppError> {
    let case = app.store().get_case_by_no(case).await?;
    let d = match app.store().get_dispute(case.id).await {
        Err(StoreError::NotFound) => return Ok(None),
        other => other?,
    };
    let (mediator, org) = mediator_names(app, &d).await?;
    let proposals = if d.stage == Stage::Evaluated {
        proposals(app, &d, 5).await?
    } else {
        Vec::new()
    };
    Ok(Some(PartyView {
        stage: d.stage,
        mediator,
        org,
        mediation_due_at: d.mediation_due_at,
        can_rate: d.ended_at.is_some() && d.rating.is_none() && d.mediator_id.is_some(),
        rating: d.rating,
        terms: d.terms,
        proposals,
    }))
}

/// The applicant rates the mediator (1–5) from the tracking page, once the mediation ended.
pub async fn party_rate(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    stars: i64,
) -> Result<(), AppError> {
    if !(1..=5).contains(&stars) {
        return Err(AppError::field("stars", "out_of_range"));
    }
    let case = crate::cases::tracked_case(app, address, case_no, last4).await?;
    let d = match app.store().get_dispute(case.id).await {
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        other => other?,
    };
    if d.mediator_id.is_none() {
        return Err(DisputeError::WrongStage.into());
    }
    dispute::rate(&d, stars)?;
    let mut change = Change {
        audit: "dispute.rate",
        ..Default::default()
    };
    change
        .events
        .push(NewEvent::public("dispute_rated", "").with(json!({ "stars": stars })));
    let actor = gongzhi_store::Actor::resident(address, app.now());
    save_dispute(
        app,
        &actor,
        &case,
        &d,
        &Dispute {
            rating: Some(stars),
            ..d.clone()
        },
        &change,
    )
    .await?;
    Ok(())
}

/// The dispute's files (the case's attachments: the parties' evidence, staff's scans), for whoever may see the
/// dispute — mediators and the court included, who do not see the case list.
pub async fn files(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
) -> Result<Vec<gongzhi_store::cases::AttachmentMeta>, AppError> {
    let view = visible(app, staff, case_no).await?;
    Ok(app.store().list_attachments(view.case.id).await?)
}

/// One file of a dispute the staff member may see; a file of another case is `NotFound`.
pub async fn file_of(
    app: &App,
    staff: &StaffPrincipal,
    case_no: &str,
    id: &str,
) -> Result<(gongzhi_store::cases::AttachmentMeta, Vec<u8>), AppError> {
    let view = visible(app, staff, case_no).await?;
    let (meta, data) = app.store().get_attachment(id).await?;
    if meta.case_id != view.case.id {
        return Err(AppError::NotFound);
    }
    Ok((meta, data))
}

/// What a respondent sees of a dispute that names them: enough to decide whether to mediate.
#[derive(Debug, Clone)]
pub struct RespondentView {
    pub case_no: gongzhi_domain::cases::CaseNo,
    pub dispute_type: String,
    pub stage: Stage,
    pub claims: String,
    pub mediator: Option<String>,
    pub org: Option<String>,
    pub consent_due_at: Option<Millis>,
}

/// A respondent finds the dispute by its case number and the last four digits of the phone the applicant gave for
/// them — throttled per address like tracking, a miss answered like a missing case.
pub async fn respondent_view(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
) -> Result<Option<RespondentView>, AppError> {
    let now = app.now();
    let key = format!("track:addr:{address}");
    let attempts = app
        .store()
        .reserve_attempt(
            &key,
            now,
            now - gongzhi_domain::accounts::THROTTLE_WINDOW_MS,
        )
        .await?;
    if attempts > gongzhi_domain::accounts::MAX_TRACK_FAILURES_PER_ADDRESS {
        return Err(AppError::Throttled);
    }
    let (Some(no), Some(last4)) = (
        gongzhi_domain::cases::CaseNo::parse(case_no.trim()),
        gongzhi_domain::cases::parse_last4(last4),
    ) else {
        return Ok(None);
    };
    let case = match app.store().get_case_by_no(&no).await {
        Err(StoreError::NotFound) => return Ok(None),
        other => other?,
    };
    let d = match app.store().get_dispute(case.id).await {
        Err(StoreError::NotFound) => return Ok(None),
        other => other?,
    };
    let parties = app.store().dispute_parties(case.id).await?;
    let named = parties.iter().any(|p| {
        p.role == PartyRole::Respondent && p.phone.len() >= 4 && p.phone.ends_with(&last4)
    });
    if !named {
        return Ok(None);
    }
    app.store().refund_attempt(&key).await?;
    let (mediator, org) = mediator_names(app, &d).await?;
    Ok(Some(RespondentView {
        case_no: case.case_no,
        dispute_type: d.dispute_type,
        stage: d.stage,
        claims: d.claims,
        mediator,
        org,
        consent_due_at: d.consent_due_at,
    }))
}

/// How long a respondent's code is good for.
pub const PARTY_CODE_TTL_MS: i64 = 10 * 60_000;
/// Codes sent for one dispute in an hour: more would make the SMS gateway a way to pester the respondent.
pub const MAX_PARTY_CODES_PER_HOUR: i64 = 3;
/// Wrong tries before a code is void (then a new one must be sent).
pub const MAX_PARTY_CODE_TRIES: i64 = 5;

/// Sends the respondent a one-time code by SMS (through the outbox) to the phone the applicant gave for them: the
/// answer is the respondent's only if it carries the code, so the applicant, who typed that phone and knows its
/// last four digits, cannot answer for them. Found as in `respondent_view`; three codes an hour per dispute.
pub async fn respondent_send_code(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
) -> Result<(), AppError> {
    let view = respondent_view(app, address, case_no, last4)
        .await?
        .ok_or(AppError::NotFound)?;
    if view.stage != Stage::AwaitingConsent {
        return Err(AppError::Conflict("not_awaiting_consent"));
    }
    let case = app.store().get_case_by_no(&view.case_no).await?;
    let parties = app.store().dispute_parties(case.id).await?;
    let last4 = gongzhi_domain::cases::parse_last4(last4).ok_or(AppError::NotFound)?;
    let phone = parties
        .iter()
        .filter(|p| p.role == PartyRole::Respondent && p.phone.ends_with(&last4))
        .find_map(|p| {
            gongzhi_domain::cases::PhoneNumber::parse(&p.phone).filter(|p| !p.is_landline())
        })
        .ok_or(AppError::Conflict("respondent_no_mobile"))?;
    let now = app.now();
    let used = app
        .store()
        .reserve_attempt(
            &format!("party-code:case:{}", case.id),
            now,
            now - 3_600_000,
        )
        .await?;
    if used > MAX_PARTY_CODES_PER_HOUR {
        return Err(AppError::Throttled);
    }
    let code = dispute::new_party_code();
    let actor = gongzhi_store::Actor::resident(address, now);
    app.store()
        .issue_party_code(
            &actor,
            case.id,
            case.case_no.as_str(),
            "respondent",
            &dispute::party_code_hash(&case.id.to_string(), &code),
            &code,
            phone.expose(),
            now + PARTY_CODE_TTL_MS,
        )
        .await?;
    Ok(())
}

/// The respondent answers online whether to mediate (within the days), found as in `respondent_view` and proven by
/// the code sent to their phone (`code_invalid` otherwise, on the `code` field).
#[allow(clippy::too_many_arguments)]
pub async fn respondent_answer(
    app: &App,
    address: &str,
    case_no: &str,
    last4: &str,
    code: &str,
    agrees: bool,
    note: &str,
) -> Result<(), AppError> {
    let view = respondent_view(app, address, case_no, last4)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut e = ValidationErrors::default();
    let note = validation::text(&mut e, "note", note, false, 2000);
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let case = app.store().get_case_by_no(&view.case_no).await?;
    let now = app.now();
    let code = code.trim();
    let check = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        app.store()
            .try_party_code(
                case.id,
                "respondent",
                &dispute::party_code_hash(&case.id.to_string(), code),
                now,
                MAX_PARTY_CODE_TRIES,
            )
            .await?
    } else {
        gongzhi_store::dispute::CodeCheck::Wrong
    };
    if check != gongzhi_store::dispute::CodeCheck::Right {
        return Err(AppError::field("code", "code_invalid"));
    }
    let d = app.store().get_dispute(case.id).await?;
    let parties = app.store().dispute_parties(case.id).await?;
    let actor = gongzhi_store::Actor::resident(address, now);
    let key = format!("{}:{}", case.case_no, d.version);
    answer_consent(
        app,
        &actor,
        &case,
        &d,
        &parties,
        agrees,
        note,
        ConsentVia::PartyCode,
        &key,
    )
    .await
}

/// How the respondent's answer reached the platform (said in the timeline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConsentVia {
    /// Online, proven by the code sent to the respondent's phone.
    PartyCode,
    /// Recorded by the mediator or the case's worker, as the respondent told them (telephone, in person).
    Staff,
}

/// Who writes in the disputes module as staff at all: mediators, the court's clerks, and the roles that work cases
/// (intake files for a resident, the dispatcher evaluates, the case's agent converts a case). Residents' own forms
/// carry no staff credentials and are not concerned.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff
        .roles
        .iter()
        .any(|r| matches!(r, Role::Mediator | Role::Court) || r.works_cases())
}
