//! The delegated powers catalogue: the current list, and an administrator's import of a spreadsheet (CSV or XLSX)
//! that becomes a new version only when every row is good — otherwise nothing is saved and every bad cell is
//! reported by row, column and reason.

use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::powers::{Power, RowError};

use crate::{App, AppError, StaffPrincipal};

/// The current catalogue and its version.
pub async fn current(app: &App) -> Result<(i64, Vec<Power>), AppError> {
    let version = app.store().powers_version().await?;
    Ok((version, app.store().powers(version).await?))
}

/// Why an import was refused.
#[derive(Debug, Clone)]
pub enum ImportError {
    /// The file is neither a readable CSV nor an XLSX workbook.
    Unreadable,
    /// A workbook over one of the reader's limits: nothing was saved.
    TooLarge(crate::sheet::SheetLimit),
    /// Bad cells (or a missing column): nothing was saved.
    Rows(Vec<RowError>),
    Other(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        ImportError::Other(e)
    }
}

/// Imports a spreadsheet as the new catalogue version.
pub async fn import(
    app: &App,
    staff: &StaffPrincipal,
    data: &[u8],
    note: &str,
) -> Result<(i64, usize), ImportError> {
    staff.require(Role::Admin)?;
    let rows = crate::sheet::rows(data).map_err(|e| match e {
        crate::sheet::SheetError::Unreadable => ImportError::Unreadable,
        crate::sheet::SheetError::TooLarge(limit) => ImportError::TooLarge(limit),
    })?;
    let units = app.store().list_units().await.map_err(AppError::from)?;
    let source = |raw: &str| {
        let raw = raw.trim();
        units
            .iter()
            .find(|u| {
                u.unit.kind == UnitKind::Department && (u.unit.code == raw || u.unit.name == raw)
            })
            .map(|u| u.unit.code.clone())
    };
    let powers = gongzhi_domain::powers::read_sheet(&rows, &source).map_err(ImportError::Rows)?;
    let note = if note.trim().is_empty() {
        "导入"
    } else {
        note.trim()
    };
    let version = app
        .store()
        .save_powers(&staff.actor(app.now()), &powers, note)
        .await
        .map_err(AppError::from)?;
    Ok((version, powers.len()))
}

/// Who loads the catalogue of powers: administrators.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff.has(Role::Admin)
}
