//! The gazetteer's use cases: placing a typed address (cached per app server, like the community centres) and the
//! administrators' list, additions and removals.

use std::sync::Arc;

use gongzhi_domain::gazetteer::{self, Entry, EntryInput};
use gongzhi_domain::org::{CasePlace, Role, UnitKind};
use gongzhi_store::StoreError;
use gongzhi_store::gazetteer::ListedEntry;

use crate::{App, AppError, StaffPrincipal};

async fn names(app: &App) -> Result<Arc<crate::caches::Names>, AppError> {
    if let Some((at, n)) = app.caches.gazetteer.read().await.as_ref()
        && at.elapsed() < crate::caches::CACHE_TTL
    {
        return Ok(n.clone());
    }
    let fresh: Arc<crate::caches::Names> = Arc::new(
        app.store()
            .gazetteer()
            .await?
            .into_iter()
            .map(|l| (l.entry, l.street_id))
            .collect(),
    );
    *app.caches.gazetteer.write().await = Some((std::time::Instant::now(), fresh.clone()));
    Ok(fresh)
}

/// The place a typed address names, as a guess (`guessed`), or nowhere.
pub async fn locate(app: &App, address: &str) -> Result<CasePlace, AppError> {
    let names = names(app).await?;
    let entries: Vec<Entry> = names.iter().map(|(e, _)| e.clone()).collect();
    Ok(match gazetteer::locate(address, &entries) {
        Some(e) => {
            let street = names
                .iter()
                .find(|(n, _)| n.id == e.id)
                .and_then(|(_, s)| *s);
            CasePlace {
                street_id: street,
                community_id: Some(e.community_id),
                accountable_unit_id: None,
                guessed: true,
            }
        }
        None => CasePlace::default(),
    })
}

/// Every name, for administrators.
pub async fn list(app: &App, staff: &StaffPrincipal) -> Result<Vec<ListedEntry>, AppError> {
    staff.require(Role::Admin)?;
    Ok(app.store().gazetteer().await?)
}

/// Adds a name in a community.
pub async fn add(
    app: &App,
    staff: &StaffPrincipal,
    input: &EntryInput,
) -> Result<String, AppError> {
    staff.require(Role::Admin)?;
    let entry = input.validate().map_err(AppError::Invalid)?;
    match app.store().get_unit(entry.community_id).await {
        Ok(u) if u.unit.kind == UnitKind::Community => {}
        Ok(_) | Err(StoreError::NotFound) => {
            return Err(AppError::field("community", "not_a_community"));
        }
        Err(e) => return Err(e.into()),
    }
    let id = app
        .store()
        .add_gazetteer(&staff.actor(app.now()), &entry)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => AppError::field("name", "duplicate_name"),
            other => other.into(),
        })?;
    *app.caches.gazetteer.write().await = None;
    Ok(id)
}

/// Removes a name.
pub async fn delete(app: &App, staff: &StaffPrincipal, id: &str) -> Result<(), AppError> {
    staff.require(Role::Admin)?;
    app.store()
        .delete_gazetteer(&staff.actor(app.now()), id)
        .await?;
    *app.caches.gazetteer.write().await = None;
    Ok(())
}
