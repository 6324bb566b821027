//! Enforcement cases' use cases: a street's officer opens one under a current power (from a case or whistle the
//! officer may see, or a patrol); the street's head files it, the officers gather evidence, notify, decide, execute
//! and close; the measured results by street and month. Rules: `gongzhi_domain::enforcement`.

use gongzhi_domain::enforcement::{self, EnforcementCase, EnforcementError, PartyKind, Stage};
use gongzhi_domain::org::{Role, UnitId};
use gongzhi_domain::powers::{Penalty, Power};
use gongzhi_domain::validation::{self, ValidationErrors};
use gongzhi_store::enforcement::{MonthResults, NewEnforcement};
use gongzhi_store::{Page, PageRequest, StoreError};

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

/// An enforcement case as asked for.
#[derive(Debug, Clone, Default)]
pub struct OpenRequest {
    pub power: String,
    pub source: String,
    pub source_ref: String,
    pub party_kind: String,
    pub party_name: String,
    pub facts: String,
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
    match app.store().get_power(version, req.power.trim()).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => e.add("power", "invalid_choice"),
        Err(other) => return Err(other.into()),
    }
    let party_kind = PartyKind::parse(req.party_kind.trim());
    if party_kind.is_none() {
        e.add("party_kind", "invalid_choice");
    }
    let party_name = validation::text(&mut e, "party_name", &req.party_name, true, 100);
    let facts = validation::text(&mut e, "facts", &req.facts, true, 4000);
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
        facts,
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
    district || officer_street(staff).ok() == Some(c.street_id)
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
    Notify {
        kind: String,
        fine_fen: Option<i64>,
        note: String,
    },
    Decide {
        kind: String,
        fine_fen: Option<i64>,
        note: String,
    },
    Extend {
        reason: String,
    },
    Execute {
        execution: String,
        fine_collected_fen: i64,
        removed_sqm_x100: i64,
        stalls_cleared: i64,
    },
    Close {
        note: String,
    },
}

fn penalty(e: &mut ValidationErrors, kind: &str) -> Option<Penalty> {
    let kind = Penalty::parse(kind.trim());
    if kind.is_none() {
        e.add("kind", "invalid_choice");
    }
    kind
}

/// Performs a step for an officer of the case's street (the head for filing and extending).
pub async fn step(
    app: &App,
    staff: &StaffPrincipal,
    no: &str,
    step: Step,
) -> Result<EnforcementCase, AppError> {
    let (c, power) = visible(app, staff, no).await?;
    if officer_street(staff)? != c.street_id {
        return Err(EnforcementError::NotTheStreet.into());
    }
    let now = app.now();
    let actor = staff.actor(now);
    let mut e = ValidationErrors::default();
    let store = app.store();
    match step {
        Step::File { approve, note } => {
            let (stage, due) = enforcement::file(&c, staff.unit_head, approve, now)?;
            let after = EnforcementCase {
                stage,
                filed_at: approve.then_some(now),
                filed_by: approve.then_some(staff.user_id),
                decision_due_at: due,
                ..c.clone()
            };
            store
                .update_enforcement(
                    &actor,
                    &c,
                    &after,
                    if approve { "filed" } else { "dropped" },
                    &note,
                )
                .await?;
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
        }
        Step::Notify {
            kind,
            fine_fen: fine,
            note,
        } => {
            let kind = penalty(&mut e, &kind);
            let Some(kind) = kind.filter(|_| e.is_empty()) else {
                return Err(AppError::Invalid(e));
            };
            let (hearing, due) = enforcement::notify(&c, &power, kind, fine, now)?;
            let after = EnforcementCase {
                stage: Stage::Notified,
                notified_at: Some(now),
                defence_due_at: Some(due),
                hearing_offered: hearing,
                proposed_kind: Some(kind),
                proposed_fine_fen: fine,
                ..c.clone()
            };
            store
                .update_enforcement(&actor, &c, &after, "notified", &note)
                .await?;
        }
        Step::Decide {
            kind,
            fine_fen: fine,
            note,
        } => {
            let kind = penalty(&mut e, &kind);
            let Some(kind) = kind.filter(|_| e.is_empty()) else {
                return Err(AppError::Invalid(e));
            };
            enforcement::decide(&c, &power, kind, fine, now)?;
            let after = EnforcementCase {
                stage: Stage::Decided,
                decided_at: Some(now),
                decision_kind: Some(kind),
                fine_fen: fine,
                ..c.clone()
            };
            store
                .update_enforcement(&actor, &c, &after, "decided", &note)
                .await?;
        }
        Step::Extend { reason } => {
            let due = enforcement::extend(&c, staff.unit_head)?;
            let reason = validation::text(&mut e, "reason", &reason, true, 2000);
            if !e.is_empty() {
                return Err(AppError::Invalid(e));
            }
            store
                .update_enforcement(
                    &actor,
                    &c,
                    &EnforcementCase {
                        decision_due_at: Some(due),
                        extended: true,
                        ..c.clone()
                    },
                    "extended",
                    &reason,
                )
                .await?;
        }
        Step::Execute {
            execution,
            fine_collected_fen: fine,
            removed_sqm_x100: sqm,
            stalls_cleared: stalls,
        } => {
            enforcement::may_execute(&c)?;
            let execution = validation::text(&mut e, "execution", &execution, true, 2000);
            if !(0..=10_000_000_000).contains(&fine) || fine > c.fine_fen.unwrap_or(0) {
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
                execution: execution.clone(),
                fine_collected_fen: fine,
                removed_sqm_x100: sqm,
                stalls_cleared: stalls,
                ..c.clone()
            };
            store
                .update_enforcement(&actor, &c, &after, "executed", &execution)
                .await?;
        }
        Step::Close { note } => {
            enforcement::may_close(&c)?;
            store
                .update_enforcement(
                    &actor,
                    &c,
                    &EnforcementCase {
                        stage: Stage::Closed,
                        closed_at: Some(now),
                        ..c.clone()
                    },
                    "closed",
                    &note,
                )
                .await?;
        }
    }
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
    staff.has(Role::Street)
}
