//! Canned replies (常用答复): the dispatch centre (administrators, dispatchers, intake operators) keeps them; agents
//! start a public reply from the ones for their case's category.

use gongzhi_domain::org::Role;
use gongzhi_domain::replies::{self, CannedReply};

use crate::principal::StaffPrincipal;
use crate::{App, AppError};

fn may_edit(staff: &StaffPrincipal) -> Result<(), AppError> {
    if staff.has(Role::Admin) || staff.has(Role::Dispatcher) || staff.has(Role::Intake) {
        Ok(())
    } else {
        Err(AppError::Forbidden("forbidden"))
    }
}

/// Every active canned reply, for the page that keeps them.
pub async fn all(app: &App, staff: &StaffPrincipal) -> Result<Vec<CannedReply>, AppError> {
    may_edit(staff)?;
    Ok(app.store().list_replies().await?)
}

/// Adds a canned reply; the category must be in the current catalogue (or empty, for every category).
pub async fn add(
    app: &App,
    staff: &StaffPrincipal,
    category: &str,
    title: &str,
    text: &str,
) -> Result<String, AppError> {
    may_edit(staff)?;
    let version = app.store().catalogue_version().await?;
    let known = app.store().catalogue(version).await?;
    let reply = replies::validate(category, title, text, &|code| {
        known.iter().any(|c| c.code == code)
    })
    .map_err(AppError::Invalid)?;
    Ok(app
        .store()
        .insert_reply(&staff.actor(app.now()), &reply)
        .await?)
}

pub async fn retire(app: &App, staff: &StaffPrincipal, id: &str) -> Result<(), AppError> {
    may_edit(staff)?;
    Ok(app
        .store()
        .retire_reply(&staff.actor(app.now()), id)
        .await?)
}
