//! The catalogue's use case: administrators save a new version of the categories (each edit a version, so cases
//! keep the category they were filed under).

use gongzhi_domain::catalogue::Category;
use gongzhi_domain::org::Role;

use crate::{App, AppError, StaffPrincipal};

/// Saves the categories as the next version (administrators); answers the version.
pub async fn save(
    app: &App,
    staff: &StaffPrincipal,
    categories: &[Category],
    note: &str,
) -> Result<i64, AppError> {
    staff.require(Role::Admin)?;
    Ok(app
        .store()
        .save_catalogue(&staff.actor(app.now()), categories, note)
        .await?)
}
