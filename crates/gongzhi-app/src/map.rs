//! The district's map: its streets and communities as shapes (the district's own GeoJSON, or approximate shapes
//! made from the communities' centres, marked as such), where a typed address lies, and the cases on the map.

use std::collections::HashMap;

use gongzhi_domain::geo::{self, MapPlace};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_store::map::MapPoint;

use crate::principal::StaffPrincipal;
use crate::{App, AppError};

/// The map as GeoJSON text, and whether it is the approximate one.
pub async fn district_geojson(app: &App) -> Result<(String, bool), AppError> {
    if let Some((text, _)) = app.store().district_map().await? {
        return Ok((text, false));
    }
    let units = app.store().list_units().await?;
    let codes: HashMap<_, _> = units
        .iter()
        .map(|u| (u.unit.id, u.unit.code.clone()))
        .collect();
    let places: Vec<MapPlace> = units
        .iter()
        .filter(|u| u.unit.active && matches!(u.unit.kind, UnitKind::Street | UnitKind::Community))
        .filter_map(|u| {
            Some(MapPlace {
                code: u.unit.code.clone(),
                name: u.unit.name.clone(),
                kind: if u.unit.kind == UnitKind::Street {
                    "street"
                } else {
                    "community"
                },
                street: if u.unit.kind == UnitKind::Community {
                    u.unit.parent_id.and_then(|p| codes.get(&p).cloned())
                } else {
                    None
                },
                centre: u.unit.centre?,
            })
        })
        .collect();
    Ok((geo::approximate_shapes(&places).to_string(), true))
}

/// Loads the district's own map (administrators); a wrong file is said by its code under the field `map`.
pub async fn load(app: &App, staff: &StaffPrincipal, text: &str) -> Result<usize, AppError> {
    staff.require(Role::Admin)?;
    let map = geo::check_district_map(text).map_err(|code| AppError::field("map", code))?;
    let features = map["features"].as_array().map(Vec::len).unwrap_or(0);
    app.store()
        .save_district_map(&staff.actor(app.now()), &map.to_string(), features)
        .await?;
    Ok(features)
}

/// Where a typed address lies: its community's name and centre, when the gazetteer knows a name in it.
pub async fn locate(app: &App, address: &str) -> Result<Option<(String, geo::GeoPoint)>, AppError> {
    let place = crate::gazetteer::locate(app, address).await?;
    let Some(community) = place.community_id else {
        return Ok(None);
    };
    let unit = app.store().get_unit(community).await?.unit;
    Ok(unit.centre.map(|c| (unit.name, c)))
}

/// The most cases one map shows (the newest).
pub const MAX_POINTS: u32 = 2_000;

/// Cases on the map for a staff member: within their scope, as `filter` narrows them.
pub async fn points(
    app: &App,
    staff: &StaffPrincipal,
    narrowing: &crate::cases::Narrowing,
) -> Result<(Vec<MapPoint>, i64), AppError> {
    let filter = crate::cases::filter(staff, crate::cases::View::All, narrowing, app.now())?;
    Ok(app.store().map_points(&filter, MAX_POINTS).await?)
}

/// Who loads the district's map: administrators.
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff.has(Role::Admin)
}
