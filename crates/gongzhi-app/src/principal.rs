//! Who acts: a signed-in staff member (with the roles, unit and head flag that decide what they may do), a resident
//! (no account; proven by case number and phone digits), or the system (the sweeper, start-up, the command line).

use gongzhi_domain::Millis;
use gongzhi_domain::org::{Role, Scope, UnitId, UnitKind, UserId};
use gongzhi_store::Actor;

use crate::AppError;

/// A staff member acting, and from where.
#[derive(Debug, Clone)]
pub struct StaffPrincipal {
    pub user_id: UserId,
    pub username: String,
    pub unit_id: UnitId,
    pub unit_kind: UnitKind,
    /// The street the user's unit lies in, if any.
    pub street_id: Option<UnitId>,
    pub roles: Vec<Role>,
    /// Head (负责人) of their unit.
    pub unit_head: bool,
    /// The client address, for the audit log.
    pub address: String,
}

impl StaffPrincipal {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden("forbidden"))
        }
    }

    /// Refuses people whose roles handle no residents' cases (care, mediation, court staff).
    pub fn require_case_worker(&self) -> Result<(), AppError> {
        if self.roles.iter().any(|r| r.works_cases()) {
            Ok(())
        } else {
            Err(AppError::Forbidden("forbidden"))
        }
    }

    /// Hotline seats and dispatchers register matters for residents.
    pub fn does_intake(&self) -> bool {
        self.has(Role::Intake) || self.has(Role::Dispatcher)
    }

    pub fn scope(&self) -> Scope {
        Scope::for_user(&self.roles, self.unit_id, self.unit_kind, self.street_id)
    }

    /// The audit log's record of this actor at `at`.
    pub fn actor(&self, at: Millis) -> Actor {
        Actor::staff(self.user_id, &self.username, self.address.clone(), at)
    }
}

/// Whoever acts.
#[derive(Debug, Clone)]
pub enum Principal {
    Staff(StaffPrincipal),
    /// A resident, from an address.
    Resident {
        address: String,
    },
    /// The system itself: the sweeper, start-up, an operator's command.
    System,
}

impl Principal {
    pub fn resident(address: impl Into<String>) -> Principal {
        Principal::Resident {
            address: address.into(),
        }
    }

    pub fn actor(&self, at: Millis) -> Actor {
        match self {
            Principal::Staff(s) => s.actor(at),
            Principal::Resident { address } => Actor::resident(address.clone(), at),
            Principal::System => Actor::system(at),
        }
    }

    pub fn staff(&self) -> Option<&StaffPrincipal> {
        match self {
            Principal::Staff(s) => Some(s),
            _ => None,
        }
    }
}
