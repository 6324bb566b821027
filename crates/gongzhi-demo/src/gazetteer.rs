//! The demo district's gazetteer (地名库): roads, estates and landmarks of its communities.

use gongzhi_domain::gazetteer::PlaceKind;

/// Landmarks of the demo district: (name, the community's name without 社区).
const LANDMARKS: &[(&str, &str)] = &[
    ("石景山游乐园", "游泳场北路"),
    ("八角游乐园", "八角南路"),
    ("首钢园区", "首钢园"),
    ("法海寺", "模式口"),
    ("八大处公园", "八大处路"),
    ("老山城市休闲公园", "老山西里"),
    ("苹果园地铁站", "苹果园南"),
    ("八宝山地铁站", "八宝山路"),
    ("鲁谷万达", "鲁谷大街"),
    ("石景山万达广场", "石景山路"),
    ("永定河休闲森林公园", "永定河畔"),
    ("北京国际雕塑公园", "石景山路"),
];

/// The demo gazetteer over the demo communities' base names (without 社区): each base name (a road when it ends in
/// 路 or 街, else an estate), the estate "…小区" where the base is not a road, and the landmarks. Returns
/// (name, kind, base name of the community).
pub fn entries(communities: &[&str]) -> Vec<(String, PlaceKind, String)> {
    let mut out = Vec::new();
    for base in communities {
        let road = base.ends_with('路') || base.ends_with('街') || base.ends_with("大街");
        out.push((
            base.to_string(),
            if road {
                PlaceKind::Road
            } else {
                PlaceKind::Estate
            },
            base.to_string(),
        ));
        if !road && !base.ends_with("村") {
            out.push((format!("{base}小区"), PlaceKind::Estate, base.to_string()));
        }
    }
    for (name, base) in LANDMARKS {
        if communities.contains(base) {
            out.push((name.to_string(), PlaceKind::Landmark, base.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_gazetteer_names_are_unique_and_cover_every_community() {
        let units = crate::district::units();
        let communities: Vec<&str> = units
            .iter()
            .filter(|u| u.kind == gongzhi_domain::org::UnitKind::Community)
            .map(|u| u.name.trim_end_matches("社区"))
            .collect();
        let entries = entries(&communities);
        let names: std::collections::HashSet<_> = entries.iter().map(|e| e.0.clone()).collect();
        assert_eq!(names.len(), entries.len(), "unique names");
        assert!(entries.len() > communities.len() + 50);
        assert!(entries.iter().any(|e| e.1 == PlaceKind::Landmark));
    }
}
