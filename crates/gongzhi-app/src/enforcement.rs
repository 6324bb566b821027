//! Enforcement cases' use cases: a street's officer opens one under a current power (from a case or whistle the
//! officer may see, or a patrol) — decided on the spot by the simple procedure, or filed by the street's head; the
//! officers gather evidence, notify, record the party's hearing; the street's legal reviewer reviews where the law
//! asks; the head decides (a penalty, no penalty or a transfer); the officers execute and close; the measured results
//! by street and month. Rules: `gongzhi_domain::enforcement`.

use gongzhi_domain::enforcement::{
    self, Decision, EnforcementCase, EnforcementError, Hearing, PartyKind, Procedure, Proposal,
    Ruling, Stage,
};
use gongzhi_domain::org::{Role, UnitId};
use gongzhi_domain::powers::{Penalty, Power};
use gongzhi_domain::validation::{self, ValidationErrors};
use gongzhi_store::enforcement::{MonthResults, NewEnforcement, OnTheSpot};
use gongzhi_store::{Page, PageRequest, StoreError};

use gongzhi_domain::Millis;

use crate::{App, AppError, StaffPrincipal};

impl From<EnforcementError> for AppError {
    fn from(e: EnforcementError) -> Self {
        if e.is_permission() {
            AppError::Forbidden(e.code())
        } else {
            AppError::Conflict(e.code())
        }
    }
}

/// The street an officer acts for: a street's officers only.
fn officer_street(staff: &StaffPrincipal) -> Result<UnitId, AppError> {
    if !staff.has(Role::Street) {
        return Err(EnforcementError::NotTheStreet.into());
    }
    staff
        .street_id
        .ok_or_else(|| EnforcementError::NotTheStreet.into())
}

/// An enforcement case as asked for. `procedure` is `general` (the default when empty) or `simple`; a simple case
/// carries its penalty (`kind`, `fine_fen`) and the party's statement heard on the spot.
#[derive(Debug, Clone, Default)]
pub struct OpenRequest {
    pub power: String,
    pub source: String,
    pub source_ref: String,
    pub party_kind: String,
    pub party_name: String,
    /// The party's address, for the decision document (行政处罚法 art. 59(一)); may be added later by no step, so
    /// asked for here.
    pub party_address: String,
    pub facts: String,
    pub procedure: String,
    pub kind: String,
    pub fine_fen: Option<i64>,
    /// The grade of the circumstances, where the power's discretion standard grades its fines.
    pub grade: String,
    pub statement: String,
    /// When the violation happened or ended (`YYYY-MM-DD`, not after today), for the limitation of art. 36.
    pub violation_on: String,
    pub safety_risk: bool,
}

/// Opens a case under a power of the current catalogue.
pub async fn open(
    app: &App,
    staff: &StaffPrincipal,
    req: &OpenRequest,
) -> Result<EnforcementCase, AppError> {
    let street = officer_street(staff)?;
    let mut e = ValidationErrors::default();
    let version = app.store().powers_version().await?;
    let power = match app.store().get_power(version, req.power.trim()).await {
        Ok(p) => Some(p),
        Err(StoreError::NotFound) => {
            e.add("power", "invalid_choice");
            None
        }
        Err(other) => return Err(other.into()),
    };
    let party_kind = PartyKind::parse(req.party_kind.trim());
    if party_kind.is_none() {
        e.add("party_kind", "invalid_choice");
    }
    let procedure = match req.procedure.trim() {
        "" => Some(Procedure::General),
        p => Procedure::parse(p),
    };
    if procedure.is_none() {
        e.add("procedure", "invalid_choice");
    }
    let grade = grade_field(&mut e, &req.grade);
    // The simple procedure (行政处罚法 arts. 51–52): its penalty within the law's limits, the party heard on the spot.
    let mut on_the_spot = None;
    if procedure == Some(Procedure::Simple) {
        // What the party said on the spot (art. 52); empty when the party said nothing.
        let statement = validation::text(&mut e, "statement", &req.statement, false, 2000);
        if let (Some(power), Some(party)) = (&power, party_kind) {
            // No penalty named is no penalty the simple procedure allows.
            let checked = Penalty::parse(req.kind.trim())
                .ok_or(EnforcementError::SimpleNotAllowed)
                .and_then(|kind| {
                    enforcement::check_simple(power, party, kind, req.fine_fen, grade)
                        .map(|()| kind)
                });
            match checked {
                Ok(kind) => {
                    on_the_spot = Some(OnTheSpot {
                        kind,
                        grade,
                        fine_fen: req.fine_fen,
                        statement,
                    })
                }
                Err(err) => e.add("procedure", err.code()),
            }
        }
    }
    let party_name = validation::text(&mut e, "party_name", &req.party_name, true, 100);
    let party_address = validation::text(&mut e, "party_address", &req.party_address, false, 500);
    let facts = validation::text(&mut e, "facts", &req.facts, true, 4000);
    let violation_on = match req.violation_on.trim() {
        "" => None,
        raw => match raw.parse::<jiff::civil::Date>() {
            Ok(d) if d <= gongzhi_domain::calendar::local_date(app.now()) => {
                Some(gongzhi_domain::care::ymd(d))
            }
            Ok(_) => {
                e.add("violation_on", "in_the_future");
                None
            }
            Err(_) => {
                e.add("violation_on", "not_a_date");
                None
            }
        },
    };
    let source_ref = req.source_ref.trim().to_owned();
    match req.source.trim() {
        "patrol" => {}
        "case" => {
            if crate::cases::visible_case(app, staff, &source_ref)
                .await
                .is_err()
            {
                e.add("source_ref", "unknown_case");
            }
        }
        "whistle" => {
            if crate::whistle::visible(app, staff, &source_ref)
                .await
                .is_err()
            {
                e.add("source_ref", "unknown_whistle");
            }
        }
        _ => e.add("source", "invalid_choice"),
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let n = NewEnforcement {
        street_id: street,
        power_version: version,
        power_code: req.power.trim().to_owned(),
        source: req.source.trim().to_owned(),
        source_ref: if req.source.trim() == "patrol" {
            String::new()
        } else {
            source_ref
        },
        party_kind: party_kind.expect("checked"),
        party_name,
        party_address,
        facts,
        violation_on,
        safety_risk: req.safety_risk,
        on_the_spot,
    };
    Ok(app
        .store()
        .insert_enforcement(&staff.actor(app.now()), &n)
        .await?)
}

/// Whether a staff member may see an enforcement case: by role as well as place — the officers of the street whose
/// 综合执法 it is (the street role) and the roles that see the whole
/// district. A community worker, a mediator or a care station lying in the street is refused: the case names parties
/// and holds evidence. The one scope rule of the module.
pub fn may_see(staff: &StaffPrincipal, c: &EnforcementCase) -> bool {
    let district = staff.roles.iter().any(|r| r.sees_whole_district());
    district
        || officer_street(staff).ok() == Some(c.street_id)
        || reviewer_street(staff) == Some(c.street_id)
}

/// The street a legal reviewer reviews for.
fn reviewer_street(staff: &StaffPrincipal) -> Option<UnitId> {
    staff
        .has(Role::LegalReviewer)
        .then_some(staff.street_id)
        .flatten()
}

/// The case, for those who [`may_see`] it; anyone else gets `NotFound`, as for a missing one.
pub async fn visible(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
) -> Result<(EnforcementCase, Power), AppError> {
    let c = app.store().get_enforcement(no.trim()).await?;
    if !may_see(staff, &c) {
        return Err(AppError::NotFound);
    }
    let power = app
        .store()
        .get_power(c.power_version, &c.power_code)
        .await?;
    Ok((c, power))
}

/// One step of an enforcement case.
#[derive(Debug, Clone)]
pub enum Step {
    File {
        approve: bool,
        note: String,
    },
    /// A record, with photos or scans (checked by the caller for type and size).
    Evidence {
        note: String,
        files: Vec<gongzhi_store::whistle::WhistleFile>,
    },
    /// 告知; `complex` marks a complex or serious case (collective discussion and legal review before deciding).
    Notify {
        kind: String,
        fine_fen: Option<i64>,
        confiscated_fen: Option<i64>,
        /// The grade of the circumstances (`minor`, `ordinary`, `heavier`, `serious`; empty for none).
        grade: String,
        complex: bool,
        note: String,
    },
    /// The party's hearing: `request`, `waive`, `notice` (with `scheduled_at` and `presided_by`) or `held` (with the
    /// record).
    Hearing {
        step: String,
        scheduled_at: Option<Millis>,
        presided_by: String,
        record: String,
    },
    /// 法制审核, by a legal reviewer of the street.
    Review {
        approve: bool,
        note: String,
    },
    /// 决定, by the head: `ruling` is `penalty` (with the penalty), `no_penalty`, `transfer` (with `transfer_to`) or
    /// `order` (an order alone); a penalty or an order carries `order` (`correction` / `demolition`) with
    /// `order_days`; `social_impact` marks a decision to publish (行政处罚法 art. 48).
    Decide {
        ruling: String,
        kind: String,
        fine_fen: Option<i64>,
        confiscated_fen: Option<i64>,
        /// The grade the decision applies; the notice's when empty (a lighter one after the defence may be given).
        grade: String,
        transfer_to: String,
        order: String,
        order_days: Option<i64>,
        social_impact: bool,
        collective: bool,
        note: String,
    },
    Extend {
        reason: String,
        collective: bool,
    },
    /// 送达: the decision was served on the party at `served_at` (the fine is due 15 days later).
    Serve {
        served_at: Millis,
        note: String,
    },
    /// The party paid the fine and the late penalty the law sets, at `paid_at`.
    Payment {
        paid_fen: i64,
        late_fen: i64,
        paid_at: Millis,
    },
    /// The Administrative Compulsion Law's steps before a forced execution: `warn` (催告) or `announce` (公告, for a
    /// demolition, with `days`).
    Compulsion {
        step: String,
        days: Option<u32>,
        note: String,
    },
    /// The party's challenge: `filed` (with `kind`: `reconsideration` / `litigation`) or `resolved` (with
    /// `outcome`), at `at`.
    Challenge {
        step: String,
        kind: String,
        outcome: String,
        at: Millis,
        note: String,
    },
    /// Publishes the decision (行政处罚法 art. 48).
    Publish {
        note: String,
    },
    /// 执行: the party's performance, or (`forced`) the forced execution (强制执行).
    Execute {
        forced: bool,
        execution: String,
        fine_collected_fen: i64,
        removed_sqm_x100: i64,
        stalls_cleared: i64,
    },
    Close {
        note: String,
    },
}

/// A grade as typed: empty for none.
fn grade_field(e: &mut ValidationErrors, raw: &str) -> Option<gongzhi_domain::powers::Grade> {
    match raw.trim() {
        "" => None,
        g => {
            let grade = gongzhi_domain::powers::Grade::parse(g);
            if grade.is_none() {
                e.add("grade", "invalid_choice");
            }
            grade
        }
    }
}

fn penalty(e: &mut ValidationErrors, kind: &str) -> Option<Penalty> {
    let kind = Penalty::parse(kind.trim());
    if kind.is_none() {
        e.add("kind", "invalid_choice");
    }
    kind
}

/// A staff member of the case's street who may act on it: an officer, or (for the review alone) a legal reviewer.
fn check_actor(staff: &StaffPrincipal, c: &EnforcementCase, step: &Step) -> Result<(), AppError> {
    if let Step::Review { .. } = step {
        if reviewer_street(staff) == Some(c.street_id) {
            return Ok(());
        }
        if staff.has(Role::LegalReviewer) {
            return Err(EnforcementError::NotTheStreet.into());
        }
        return Err(EnforcementError::ReviewerOnly.into());
    }
    if officer_street(staff)? != c.street_id {
        return Err(EnforcementError::NotTheStreet.into());
    }
    Ok(())
}

/// Performs a step for an officer of the case's street (the head files, extends and decides; a legal reviewer of
/// the street reviews).
pub async fn step(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    step: Step,
) -> Result<EnforcementCase, AppError> {
    let (c, power) = visible(app, staff, no).await?;
    check_actor(staff, &c, &step)?;
    let now = app.now();
    let actor = staff.actor(now);
    let mut e = ValidationErrors::default();
    let store = app.store();
    let (after, event, note) = match step {
        Step::File { approve, note } => {
            let (stage, due) = enforcement::file(&c, staff.unit_head, approve, now)?;
            let after = EnforcementCase {
                stage,
                filed_at: approve.then_some(now),
                filed_by: approve.then_some(staff.user_id),
                decision_due_at: due,
                ..c.clone()
            };
            (after, if approve { "filed" } else { "dropped" }, note)
        }
        Step::Evidence { note, files } => {
            enforcement::may_add_evidence(&c)?;
            let note = validation::text(&mut e, "note", &note, true, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            store
                .enforcement_evidence(&actor, &c, &note, &files)
                .await?;
            return Ok(store.get_enforcement(&c.enforcement_no).await?);
        }
        Step::Notify {
            kind,
            fine_fen,
            confiscated_fen,
            grade,
            complex,
            note,
        } => {
            let grade = grade_field(&mut e, &grade);
            let kind = penalty(&mut e, &kind);
            let Some(kind) = kind.filter(|_| e.is_empty()) else {
                return Err(AppError::Invalid(e));
            };
            let proposal = Proposal {
                kind,
                fine_fen,
                confiscated_fen,
                grade,
            };
            let thresholds = crate::settings::hearing_rules(app).await?.for_power(&power);
            let calendar = crate::cases::calendar(app).await?;
            let n = enforcement::notify(&c, &power, proposal, thresholds, &calendar, now)?;
            let after = EnforcementCase {
                stage: Stage::Notified,
                complex: c.complex || complex,
                notified_at: Some(now),
                notified_by: Some(staff.user_id),
                defence_due_at: Some(n.defence_due_at),
                hearing: n.hearing,
                hearing_due_at: n.hearing_due_at,
                hearing_at: None,
                hearing_presided_by: None,
                hearing_record: String::new(),
                proposed_kind: Some(kind),
                proposed_fine_fen: fine_fen,
                proposed_confiscated_fen: confiscated_fen,
                grade,
                // A new notice is reviewed anew.
                review_approved: None,
                reviewed_at: None,
                reviewed_by: None,
                review_note: String::new(),
                ..c.clone()
            };
            (after, "notified", note)
        }
        Step::Hearing {
            step,
            scheduled_at,
            presided_by,
            record,
        } => match step.trim() {
            "request" => {
                enforcement::request_hearing(&c, now)?;
                let after = EnforcementCase {
                    hearing: Hearing::Requested,
                    ..c.clone()
                };
                (after, "hearing_requested", record)
            }
            "waive" => {
                enforcement::waive_hearing(&c)?;
                let after = EnforcementCase {
                    hearing: Hearing::Waived,
                    ..c.clone()
                };
                (after, "hearing_waived", record)
            }
            "notice" => {
                // The notice names its time and presiding officer; both depend on the step, so their absence is a
                // refusal of the step (409), not a malformed body.
                let presider = gongzhi_domain::org::UserId::parse(presided_by.trim());
                let (Some(at), Some(presider)) = (scheduled_at, presider) else {
                    return Err(AppError::Conflict("hearing_notice_incomplete"));
                };
                match store.get_user(presider).await {
                    Ok(u)
                        if u.active
                            && u.roles.contains(&Role::Street)
                            && store.get_unit(u.unit_id).await?.street_id == Some(c.street_id) => {}
                    Ok(_) | Err(StoreError::NotFound) => {
                        return Err(AppError::Conflict("presider_not_of_the_street"));
                    }
                    Err(other) => return Err(other.into()),
                }
                let calendar = crate::cases::calendar(app).await?;
                let investigators = store.enforcement_investigators(&c.id).await?;
                enforcement::schedule_hearing(&c, at, presider, &investigators, &calendar, now)?;
                let after = EnforcementCase {
                    hearing: Hearing::Scheduled,
                    hearing_at: Some(at),
                    hearing_presided_by: Some(presider),
                    ..c.clone()
                };
                (after, "hearing_noticed", record)
            }
            "held" => {
                enforcement::hold_hearing(&c, now)?;
                if record.trim().is_empty() {
                    // The hearing's record (听证笔录, art. 64(8)) is what a held hearing leaves.
                    return Err(AppError::Conflict("record_needed"));
                }
                let record = validation::text(&mut e, "record", &record, true, 8000);
                if !e.is_empty() {
                    return Err(AppError::Invalid(e));
                }
                let after = EnforcementCase {
                    hearing: Hearing::Held,
                    hearing_record: record.clone(),
                    ..c.clone()
                };
                (after, "hearing_held", String::new())
            }
            _ => {
                e.add("step", "invalid_choice");
                return Err(AppError::Invalid(e));
            }
        },
        Step::Review { approve, note } => {
            enforcement::review(&c, staff.has(Role::LegalReviewer), now)?;
            let note = validation::text(&mut e, "note", &note, true, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let after = EnforcementCase {
                review_approved: Some(approve),
                reviewed_at: Some(now),
                reviewed_by: Some(staff.user_id),
                review_note: note.clone(),
                ..c.clone()
            };
            (
                after,
                if approve {
                    "reviewed"
                } else {
                    "review_refused"
                },
                note,
            )
        }
        Step::Decide {
            ruling,
            kind,
            fine_fen,
            confiscated_fen,
            grade,
            transfer_to,
            order,
            order_days,
            social_impact,
            collective,
            note,
        } => {
            let ruling = Ruling::parse(ruling.trim());
            let grade = grade_field(&mut e, &grade).or(c.grade);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            // What each outcome needs depends on the outcome: its absence refuses the decision (409); the body
            // itself is well-formed.
            let decision = match ruling {
                Some(Ruling::Penalty) => match Penalty::parse(kind.trim()) {
                    Some(kind) => Decision::Penalty(Proposal {
                        kind,
                        fine_fen,
                        confiscated_fen,
                        grade,
                    }),
                    None => return Err(AppError::Conflict("penalty_needed")),
                },
                Some(Ruling::NoPenalty) => Decision::NoPenalty,
                Some(Ruling::Transfer) => Decision::Transfer,
                Some(Ruling::Order) => Decision::Order,
                None => {
                    e.add("ruling", "invalid_choice");
                    return Err(AppError::Invalid(e));
                }
            };
            let order = match order.trim() {
                "" => None,
                raw => match Penalty::parse(raw).filter(|p| p.is_order()) {
                    // The period is what an order needs: its absence refuses the decision (409).
                    Some(kind) => Some((kind, order_days.unwrap_or(0))),
                    None => {
                        e.add("order", "invalid_choice");
                        return Err(AppError::Invalid(e));
                    }
                },
            };
            let transfer_to = transfer_to.trim().to_owned();
            if decision == Decision::Transfer && transfer_to.is_empty() {
                return Err(AppError::Conflict("transfer_to_needed"));
            }
            if matches!(decision, Decision::NoPenalty | Decision::Transfer)
                && note.trim().is_empty()
            {
                // Why no penalty (art. 33 / art. 57(1)(三)), or what the transfer is for (art. 27).
                return Err(AppError::Conflict("reason_needed"));
            }
            enforcement::decide(
                &c,
                &power,
                &decision,
                order,
                staff.unit_head,
                collective,
                now,
            )?;
            let order =
                order.filter(|_| matches!(decision, Decision::Penalty(_) | Decision::Order));
            let order_due_at = match order {
                Some((_, days)) => {
                    let calendar = crate::cases::calendar(app).await?;
                    Some(enforcement::days_after(now, days, &calendar))
                }
                None => None,
            };
            let (kind, fine, confiscated, stage, closed_at) = match decision {
                Decision::Penalty(p) => (
                    Some(p.kind),
                    p.fine_fen,
                    p.confiscated_fen,
                    Stage::Decided,
                    None,
                ),
                Decision::Order => (None, None, None, Stage::Decided, None),
                // Nothing to execute: the case ends with its decision.
                Decision::NoPenalty | Decision::Transfer => {
                    (None, None, None, Stage::Closed, Some(now))
                }
            };
            let after = EnforcementCase {
                stage,
                decided_at: Some(now),
                decided_by: Some(staff.user_id),
                ruling: Some(decision.ruling()),
                transfer_to: if decision == Decision::Transfer {
                    transfer_to
                } else {
                    String::new()
                },
                collective,
                decision_kind: kind,
                fine_fen: fine,
                confiscated_fen: confiscated,
                order_kind: order.map(|(k, _)| k),
                order_due_at,
                grade,
                social_impact: social_impact && stage == Stage::Decided,
                closed_at,
                ..c.clone()
            };
            (after, decision.ruling().event(), note)
        }
        Step::Extend { reason, collective } => {
            let days = crate::settings::enforcement_extension_days(app).await?;
            let due = enforcement::extend(&c, staff.unit_head, collective, i64::from(days))?;
            let reason = validation::text(&mut e, "reason", &reason, true, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let after = EnforcementCase {
                decision_due_at: Some(due),
                extensions: c.extensions + 1,
                ..c.clone()
            };
            (after, "extended", reason)
        }
        Step::Serve { served_at, note } => {
            let calendar = crate::cases::calendar(app).await?;
            let due = enforcement::serve(&c, served_at, &calendar, now)?;
            let after = EnforcementCase {
                served_at: Some(served_at),
                payment_due_at: due,
                ..c.clone()
            };
            (after, "served", note)
        }
        Step::Payment {
            paid_fen,
            late_fen,
            paid_at,
        } => {
            enforcement::check_payment(&c, paid_fen, late_fen, paid_at, now)?;
            let after = EnforcementCase {
                paid_fen: Some(paid_fen),
                late_fen,
                paid_at: Some(paid_at),
                ..c.clone()
            };
            (after, "paid", String::new())
        }
        Step::Compulsion { step, days, note } => {
            let calendar = crate::cases::calendar(app).await?;
            match step.trim() {
                "warn" => {
                    let due = enforcement::warn(&c, &calendar, now)?;
                    let after = EnforcementCase {
                        warned_at: Some(now),
                        warning_due_at: Some(due),
                        ..c.clone()
                    };
                    (after, "warned", note)
                }
                "announce" => {
                    let days = days.unwrap_or(enforcement::WARNING_DAYS);
                    let due = enforcement::announce(&c, days, &calendar, now)?;
                    let after = EnforcementCase {
                        announced_at: Some(now),
                        announcement_due_at: Some(due),
                        ..c.clone()
                    };
                    (after, "announced", note)
                }
                _ => {
                    e.add("step", "invalid_choice");
                    return Err(AppError::Invalid(e));
                }
            }
        }
        Step::Challenge {
            step,
            kind,
            outcome,
            at,
            note,
        } => match step.trim() {
            "filed" => {
                let Some(kind) = enforcement::Challenge::parse(kind.trim()) else {
                    return Err(AppError::Conflict("challenge_kind_needed"));
                };
                enforcement::file_challenge(&c, kind, at, now)?;
                let after = EnforcementCase {
                    challenge: Some(kind),
                    challenge_filed_at: Some(at),
                    challenge_outcome: None,
                    challenge_resolved_at: None,
                    ..c.clone()
                };
                (after, "challenge_filed", note)
            }
            "resolved" => {
                let Some(outcome) = enforcement::ChallengeOutcome::parse(outcome.trim()) else {
                    return Err(AppError::Conflict("challenge_outcome_needed"));
                };
                enforcement::resolve_challenge(&c, at, now)?;
                // A revoked or illegal decision ends the case; a published one that no longer stands as published
                // is withdrawn at once (行政处罚法 art. 48(2): within three days).
                let ends = outcome.ends_the_decision();
                let withdraw = (ends || outcome == enforcement::ChallengeOutcome::Altered)
                    && c.published_at.is_some()
                    && c.publication_withdrawn_at.is_none();
                let after = EnforcementCase {
                    challenge_outcome: Some(outcome),
                    challenge_resolved_at: Some(at),
                    stage: if ends { Stage::Closed } else { c.stage },
                    closed_at: if ends {
                        c.closed_at.or(Some(now))
                    } else {
                        c.closed_at
                    },
                    publication_withdrawn_at: if withdraw {
                        Some(now)
                    } else {
                        c.publication_withdrawn_at
                    },
                    ..c.clone()
                };
                (after, "challenge_resolved", note)
            }
            _ => {
                e.add("step", "invalid_choice");
                return Err(AppError::Invalid(e));
            }
        },
        Step::Publish { note } => {
            enforcement::publish(&c)?;
            let after = EnforcementCase {
                published_at: Some(now),
                publication_withdrawn_at: None,
                ..c.clone()
            };
            (after, "published", note)
        }
        Step::Execute {
            forced,
            execution,
            fine_collected_fen: fine,
            removed_sqm_x100: sqm,
            stalls_cleared: stalls,
        } => {
            let calendar = crate::cases::calendar(app).await?;
            enforcement::may_execute(&c, forced, &calendar, now)?;
            let execution = validation::text(&mut e, "execution", &execution, true, 2000);
            // What was collected: the fine and its late penalty (行政处罚法 art. 72), no more.
            if !(0..=10_000_000_000).contains(&fine) || fine > c.fine_fen.unwrap_or(0) + c.late_fen
            {
                e.add("fine_collected_fen", "more_than_fined");
            }
            if !(0..=100_000_000).contains(&sqm) {
                e.add("removed_sqm_x100", "out_of_range");
            }
            if !(0..=100_000).contains(&stalls) {
                e.add("stalls_cleared", "out_of_range");
            }
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            let after = EnforcementCase {
                stage: Stage::Executed,
                executed_at: Some(now),
                forced,
                execution: execution.clone(),
                fine_collected_fen: fine,
                removed_sqm_x100: sqm,
                stalls_cleared: stalls,
                ..c.clone()
            };
            (
                after,
                if forced {
                    "executed_forced"
                } else {
                    "executed"
                },
                execution,
            )
        }
        Step::Close { note } => {
            enforcement::may_close(&c)?;
            let after = EnforcementCase {
                stage: Stage::Closed,
                closed_at: Some(now),
                ..c.clone()
            };
            (after, "closed", note)
        }
    };
    store
        .update_enforcement(&actor, &c, &after, event, &note)
        .await?;
    Ok(store.get_enforcement(&c.enforcement_no).await?)
}

/// The officer's street's cases, or all for the district's roles.
pub async fn list(
    app: &App,
    staff: &StaffPrincipal,
    page: PageRequest,
) -> Result<Page<EnforcementCase>, AppError> {
    let street = if staff.roles.iter().any(|r| r.sees_whole_district()) {
        None
    } else {
        Some(officer_street(staff)?)
    };
    Ok(app.store().list_enforcement(street, page).await?)
}

/// Measured results by street and month (everyone who may see enforcement: streets see the district's too, to
/// compare).
pub async fn results(
    app: &App,
    staff: &StaffPrincipal,
    from: i64,
    to: i64,
) -> Result<Vec<MonthResults>, AppError> {
    if !(staff.has(Role::Street) || staff.roles.iter().any(|r| r.sees_whole_district())) {
        return Err(AppError::Forbidden("forbidden"));
    }
    Ok(app.store().enforcement_results(from, to).await?)
}

/// An evidence file, for those who may see its case.
pub async fn file(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
) -> Result<(String, String, Vec<u8>), AppError> {
    let (case_id, filename, content_type, data) = app.store().enforcement_file(id).await?;
    let c = app.store().get_enforcement_by_id(&case_id).await?;
    visible(app, staff, &c.enforcement_no).await?;
    Ok((filename, content_type, data))
}

/// Who writes in the enforcement module at all: the streets' officers (the head files and decides, the officer
/// investigates). Everyone else is refused before a request's body is read.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff.has(Role::Street) || staff.has(Role::LegalReviewer)
}

/// A published decision as anyone may read it (行政处罚法 art. 48): the organisation's name, never a person's; no
/// facts (they may name others).
#[derive(Debug, Clone)]
pub struct Published {
    pub enforcement_no: String,
    pub street: String,
    pub power_name: String,
    pub basis: String,
    pub ruling: Option<Ruling>,
    pub kind: Option<Penalty>,
    pub fine_fen: Option<i64>,
    pub confiscated_fen: Option<i64>,
    pub order_kind: Option<Penalty>,
    pub party_kind: PartyKind,
    /// An organisation's name; `None` for a person.
    pub party: Option<String>,
    pub decided_at: Option<Millis>,
    pub published_at: Millis,
}

/// The published decisions still standing, newest first; no sign-in.
pub async fn published(app: &App, page: PageRequest) -> Result<Page<Published>, AppError> {
    let store = app.store();
    let found = store.published_enforcement(page).await?;
    // A page names few powers and streets: each is read once.
    let mut powers: std::collections::HashMap<(i64, String), Power> = Default::default();
    let mut streets: std::collections::HashMap<UnitId, String> = Default::default();
    let mut items = Vec::with_capacity(found.items.len());
    for c in found.items {
        let key = (c.power_version, c.power_code.clone());
        let power = match powers.get(&key) {
            Some(p) => p.clone(),
            None => {
                let p = store.get_power(c.power_version, &c.power_code).await?;
                powers.insert(key, p.clone());
                p
            }
        };
        let street = match streets.get(&c.street_id) {
            Some(n) => n.clone(),
            None => {
                let n = store.get_unit(c.street_id).await?.unit.name;
                streets.insert(c.street_id, n.clone());
                n
            }
        };
        items.push(Published {
            enforcement_no: c.enforcement_no,
            street,
            power_name: power.name,
            basis: power.basis,
            ruling: c.ruling,
            kind: c.decision_kind,
            fine_fen: c.fine_fen,
            confiscated_fen: c.confiscated_fen,
            order_kind: c.order_kind,
            party_kind: c.party_kind,
            party: (c.party_kind == PartyKind::Organisation).then_some(c.party_name),
            decided_at: c.decided_at,
            published_at: c.published_at.unwrap_or_default(),
        });
    }
    Ok(Page {
        items,
        total: found.total,
        page: found.page,
        per_page: found.per_page,
    })
}

/// The street's officers who may preside over the case's hearing: its members, less everyone who investigated it
/// (opened it, gathered evidence, gave the notice: 行政处罚法 art. 64(4)).
pub async fn presiders(
    app: &App,
    c: &EnforcementCase,
) -> Result<Vec<(gongzhi_domain::org::UserId, String)>, AppError> {
    let investigators = app.store().enforcement_investigators(&c.id).await?;
    Ok(app
        .store()
        .unit_members(c.street_id)
        .await?
        .into_iter()
        .filter(|(id, _)| {
            Some(*id) != c.opened_by && Some(*id) != c.notified_by && !investigators.contains(id)
        })
        .collect())
}
