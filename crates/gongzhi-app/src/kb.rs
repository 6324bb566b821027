//! The knowledge base's use cases: who maintains it (administrators, intake operators and dispatchers, who answer
//! consultations and know which answers are missing), adding an entry and retiring one.

use gongzhi_domain::org::Role;

use crate::{App, AppError, StaffPrincipal};

/// Whether the staff member maintains the knowledge base.
pub fn may_edit(staff: &StaffPrincipal) -> bool {
    staff.has(Role::Admin) || staff.has(Role::Intake) || staff.has(Role::Dispatcher)
}

fn require_editor(staff: &StaffPrincipal) -> Result<(), AppError> {
    if may_edit(staff) {
        Ok(())
    } else {
        Err(AppError::Forbidden("forbidden"))
    }
}

/// Adds an entry (its fields checked by the caller's form); answers its id.
pub async fn add(
    app: &App,
    staff: &StaffPrincipal,
    question: &str,
    answer: &str,
    categories: &[String],
) -> Result<String, AppError> {
    require_editor(staff)?;
    Ok(app
        .store()
        .insert_kb(&staff.actor(app.now()), question, answer, categories)
        .await?)
}

/// Retires an entry: it is no longer suggested or searched.
pub async fn retire(app: &App, staff: &StaffPrincipal, id: &str) -> Result<(), AppError> {
    require_editor(staff)?;
    Ok(app
        .store()
        .set_kb_active(&staff.actor(app.now()), id, false)
        .await?)
}
