//! Administration of accounts that touches cases: deactivating an account hands its open cases to a successor (the
//! unit's head, or a colleague the administrator names), so no case is ever left with nobody.

use gongzhi_domain::cases::Case;
use gongzhi_domain::lifecycle::{self, Relation};
use gongzhi_domain::org::{Role, UnitId, UserId};
use gongzhi_domain::routing;
use gongzhi_store::cases::CaseFilter;
use gongzhi_store::{PageRequest, StoreError};

use crate::{App, AppError, StaffPrincipal};

/// What activating or deactivating an account did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// Open cases handed over.
    pub cases: usize,
    /// To whom (when there were any).
    pub to: Option<UserId>,
}

/// The open cases whose agent is `user`, all of them.
async fn open_cases_of(app: &App, user: UserId) -> Result<Vec<Case>, AppError> {
    let mut filter = CaseFilter::new(gongzhi_domain::org::Scope::District, app.now());
    filter.agent = Some(user);
    filter.open_only = true;
    let mut out = Vec::new();
    for page in 1.. {
        let found = app
            .store()
            .list_cases(&filter, PageRequest::new(page, 200))
            .await?;
        let done = found.items.len() < 200;
        out.extend(found.items);
        if done {
            break;
        }
    }
    Ok(out)
}

/// The unit with this code, if the district has one: a code the district lacks is `None`, a database that does not
/// answer an error (never silently "no unit").
pub async fn unit_id_by_code(app: &App, code: &str) -> Result<Option<UnitId>, AppError> {
    match app.store().get_unit_by_code(code).await {
        Ok(u) => Ok(Some(u.unit.id)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The people who may take over cases of a unit: active, in it, holding the role that works its cases.
async fn takers(app: &App, unit: UnitId) -> Result<Vec<UserId>, AppError> {
    let kind = app.store().get_unit(unit).await?.unit.kind;
    Ok(app
        .store()
        .candidates(unit, routing::agent_role(kind))
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .collect())
}

/// Activates or deactivates an account (administrators only; never one's own). Deactivating hands every open case
/// of the account to `successor`, or, when none is named, to a head of the account's unit; when there is nobody to
/// hand them to, nothing changes and the answer is `Conflict("no_successor")`, so the administrator can name one.
pub async fn set_user_active(
    app: &App,
    admin: &StaffPrincipal,
    user_id: UserId,
    active: bool,
    successor: Option<UserId>,
) -> Result<Handover, AppError> {
    admin.require(Role::Admin)?;
    if !active && user_id == admin.user_id {
        // An administrator cannot lock themselves out.
        return Err(AppError::Forbidden("forbidden"));
    }
    let user = app.store().get_user(user_id).await?;
    let actor = admin.actor(app.now());
    if active {
        app.store().set_user_active(&actor, user_id, true).await?;
        return Ok(Handover { cases: 0, to: None });
    }
    let open = open_cases_of(app, user_id).await?;
    let mut to = None;
    if !open.is_empty() {
        let choices: Vec<UserId> = match successor {
            Some(s) => vec![s],
            None => app
                .store()
                .unit_heads(user.unit_id)
                .await?
                .into_iter()
                .filter(|h| *h != user_id)
                .collect(),
        };
        // Who may take each of the units the open cases sit in, read once per unit.
        let mut per_unit: std::collections::HashMap<UnitId, Vec<UserId>> =
            std::collections::HashMap::new();
        for unit in open.iter().map(|c| c.accountable_unit_id) {
            let Some(unit) = unit else {
                return Err(AppError::Conflict("no_successor"));
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = per_unit.entry(unit) {
                slot.insert(takers(app, unit).await?);
            }
        }
        to = choices
            .into_iter()
            .filter(|c| *c != user_id)
            .find(|c| per_unit.values().all(|takers| takers.contains(c)));
        let Some(successor) = to else {
            return Err(AppError::Conflict("no_successor"));
        };
        let successor_name = app.store().get_user(successor).await?.display_name;
        let system = Relation::system();
        for case in &open {
            // Re-read: the case may have moved since it was listed; one that is no longer this account's is left.
            let case = app.store().get_case(case.id).await?;
            if case.agent_id != Some(user_id) || !case.status.is_open() {
                continue;
            }
            let change = lifecycle::reassign(
                &case,
                system,
                (successor, &successor_name),
                Some(user.display_name.clone()),
                true,
            )?;
            match app.store().update_case(&actor, &case, &change).await {
                Ok(()) | Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Anything that slipped in between (a case assigned meanwhile) is caught by listing again.
        if !open_cases_of(app, user_id).await?.is_empty() {
            return Err(AppError::Conflict("stale"));
        }
    }
    app.store().set_user_active(&actor, user_id, false).await?;
    tracing::info!(
        cases = open.len(),
        "account deactivated, open cases handed over"
    );
    Ok(Handover {
        cases: open.len(),
        to,
    })
}

/// The leaders in charge of streets and fields (分管领导), for administrators.
pub async fn leader_assignments(
    app: &App,
    admin: &StaffPrincipal,
) -> Result<Vec<gongzhi_store::org::LeaderAssignment>, AppError> {
    admin.require(gongzhi_domain::org::Role::Admin)?;
    Ok(app.store().leader_assignments().await?)
}

/// Puts a leader in charge of a street (by unit id) or a field (a theme of the current catalogue), or ends it.
pub async fn set_leader_assignment(
    app: &App,
    admin: &StaffPrincipal,
    leader: &str,
    street: &str,
    theme: &str,
    remove: bool,
) -> Result<(), AppError> {
    use gongzhi_domain::org::{Role, UnitId, UnitKind, UserId};
    admin.require(Role::Admin)?;
    let mut e = gongzhi_domain::validation::ValidationErrors::default();
    let user = match UserId::parse(leader.trim()) {
        Some(id) => match app.store().get_user(id).await {
            Ok(u) if u.roles.contains(&Role::Leader) && u.active => Some(id),
            _ => None,
        },
        None => None,
    };
    if user.is_none() {
        e.add("leader", "not_a_leader");
    }
    let street_id = match street.trim() {
        "" => None,
        raw => match UnitId::parse(raw) {
            Some(id)
                if app
                    .store()
                    .get_unit(id)
                    .await
                    .is_ok_and(|u| u.unit.kind == UnitKind::Street) =>
            {
                Some(id)
            }
            _ => {
                e.add("street", "unknown_unit");
                None
            }
        },
    };
    let theme = theme.trim();
    if !theme.is_empty() {
        let version = app.store().catalogue_version().await?;
        if !app
            .store()
            .catalogue(version)
            .await?
            .iter()
            .any(|c| c.theme == theme)
        {
            e.add("theme", "invalid_choice");
        }
    }
    if street_id.is_none() == theme.is_empty() && e.is_empty() {
        e.add("street", "street_or_theme");
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let (user, theme) = (user.expect("checked"), (!theme.is_empty()).then_some(theme));
    let actor = admin.actor(app.now());
    let done = if remove {
        app.store()
            .remove_leader_assignment(&actor, user, street_id, theme)
            .await
    } else {
        app.store()
            .add_leader_assignment(&actor, user, street_id, theme)
            .await
    };
    done.map_err(|err| match err {
        gongzhi_store::StoreError::Conflict { .. } => AppError::field("leader", "already_assigned"),
        other => other.into(),
    })
}

// --- units and accounts: administrators only, checked here ------------------------------------------------------

/// Creates a unit (administrators). The inner result carries the store's refusals of the unit itself (an unknown
/// parent, a taken code), which the form shows beside its fields.
pub async fn create_unit(
    app: &App,
    staff: &StaffPrincipal,
    unit: &gongzhi_domain::org::ValidUnit,
) -> Result<Result<gongzhi_domain::org::Unit, gongzhi_store::org::UnitWriteError>, AppError> {
    staff.require(Role::Admin)?;
    Ok(app.store().insert_unit(&staff.actor(app.now()), unit).await)
}

/// Edits a unit's fields and whether it is active (administrators); refusals as in [`create_unit`].
pub async fn update_unit(
    app: &App,
    staff: &StaffPrincipal,
    id: UnitId,
    unit: &gongzhi_domain::org::ValidUnit,
    active: bool,
) -> Result<Result<(), gongzhi_store::org::UnitWriteError>, AppError> {
    staff.require(Role::Admin)?;
    Ok(app
        .store()
        .update_unit(&staff.actor(app.now()), id, unit, active)
        .await)
}

/// Creates an account with its first password (administrators); the password is hashed here (argon2, off the
/// async threads). A taken username is `Conflict("username_taken")`.
pub async fn create_user(
    app: &App,
    staff: &StaffPrincipal,
    user: &gongzhi_domain::accounts::ValidUser,
    password: String,
) -> Result<gongzhi_domain::org::User, AppError> {
    staff.require(Role::Admin)?;
    let hash = crate::accounts::hash_password(password).await?;
    app.store()
        .insert_user(&staff.actor(app.now()), user, &hash)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::Conflict("username_taken"),
            other => other.into(),
        })
}

/// Edits an account (administrators). A taken username is `Conflict("username_taken")`.
pub async fn update_user(
    app: &App,
    staff: &StaffPrincipal,
    id: UserId,
    user: &gongzhi_domain::accounts::ValidUser,
) -> Result<(), AppError> {
    staff.require(Role::Admin)?;
    app.store()
        .update_user(&staff.actor(app.now()), id, user)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::Conflict("username_taken"),
            other => other.into(),
        })
}

/// Sets a random temporary password on an account and ends its sessions (administrators): the answer is the
/// password, to be shown once.
pub async fn reset_password(
    app: &App,
    staff: &StaffPrincipal,
    id: UserId,
) -> Result<String, AppError> {
    staff.require(Role::Admin)?;
    app.store().get_user(id).await?;
    let temporary = crate::accounts::random_token()[..16].to_owned();
    let hash = crate::accounts::hash_password(temporary.clone()).await?;
    app.store()
        .set_password(&staff.actor(app.now()), id, &hash)
        .await?;
    Ok(temporary)
}
