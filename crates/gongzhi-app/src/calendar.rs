//! Loading a year's official holiday schedule (administrators and the command line) and settling the provisional
//! deadlines that were waiting for it.

use gongzhi_domain::calendar::YearSchedule;

use crate::{App, AppError, Principal};

/// What loading a schedule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// (year, days off, make-up working days) per year loaded.
    pub years: Vec<(i16, usize, usize)>,
    /// Provisional deadlines recomputed.
    pub recomputed: usize,
}

/// Stores each year of parsed schedules (`gongzhi_domain::calendar::parse_schedules`) and recomputes the
/// provisional deadlines. Administrators only (or the system, from the command line).
pub async fn load_schedules(
    app: &App,
    principal: &Principal,
    schedules: &[YearSchedule],
    source: &str,
) -> Result<Loaded, AppError> {
    match principal {
        Principal::Staff(staff) => staff.require(gongzhi_domain::org::Role::Admin)?,
        Principal::Resident { .. } => return Err(AppError::Forbidden("forbidden")),
        Principal::System => {}
    }
    let actor = principal.actor(app.now());
    let mut years = Vec::new();
    for s in schedules {
        app.store().save_schedule(&actor, s, source).await?;
        years.push((s.year, s.off.len(), s.work.len()));
    }
    let recomputed = crate::cases::recompute_provisional(app, principal).await?;
    Ok(Loaded { years, recomputed })
}
