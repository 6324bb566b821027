//! The district's gazetteer (地名库): estates, roads and landmarks, each in a community, so that an address typed on
//! the phone or in a letter finds its community and street when there is no map point. A match is a guess — the case
//! says so until a dispatcher routes it — and the gazetteer is data: shipped with the demo district, edited by
//! administrators.

use serde::{Deserialize, Serialize};

use crate::geo::GeoPoint;
use crate::org::UnitId;
use crate::validation::{self, ValidationErrors};

/// What a gazetteer name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// 小区 / 院
    Estate,
    /// 道路 / 街巷
    Road,
    /// 地标: a park, a station, a market.
    Landmark,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 3] = [PlaceKind::Estate, PlaceKind::Road, PlaceKind::Landmark];
    pub fn code(self) -> &'static str {
        match self {
            PlaceKind::Estate => "estate",
            PlaceKind::Road => "road",
            PlaceKind::Landmark => "landmark",
        }
    }
    pub fn parse(code: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One name of the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    pub community_id: UnitId,
    pub point: Option<GeoPoint>,
}

/// What an administrator types to add a name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EntryInput {
    pub name: String,
    pub kind: String,
    pub community: String,
}

/// A validated new name.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    pub name: String,
    pub kind: PlaceKind,
    pub community_id: UnitId,
}

/// The shortest name worth matching: one character would match everywhere.
pub const MIN_NAME_CHARS: usize = 2;

impl EntryInput {
    pub fn validate(&self) -> Result<NewEntry, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name: String = validation::text(&mut errors, "name", &self.name, true, 40)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !name.is_empty() && name.chars().count() < MIN_NAME_CHARS {
            errors.add("name", "too_short");
        }
        let kind = PlaceKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "invalid_choice");
        }
        let community = UnitId::parse(self.community.trim());
        if community.is_none() {
            errors.add("community", "invalid_choice");
        }
        errors.into_result(|| NewEntry {
            name,
            kind: kind.expect("checked"),
            community_id: community.expect("checked"),
        })
    }
}

/// The entry a typed address names: the longest gazetteer name found in it (so 古城南路东 wins over 古城南路), the
/// first listed on a tie. Spaces the person typed are ignored.
pub fn locate<'a>(address: &str, entries: &'a [Entry]) -> Option<&'a Entry> {
    let compact: String = address.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best: Option<&Entry> = None;
    for e in entries {
        if compact.contains(e.name.as_str())
            && best.is_none_or(|b| e.name.chars().count() > b.name.chars().count())
        {
            best = Some(e);
        }
    }
    best
}

/// Landmarks of the demo district: (name, the community's name without 社区).
const DEMO_LANDMARKS: &[(&str, &str)] = &[
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
pub fn demo_entries(communities: &[&str]) -> Vec<(String, PlaceKind, String)> {
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
    for (name, base) in DEMO_LANDMARKS {
        if communities.contains(base) {
            out.push((name.to_string(), PlaceKind::Landmark, base.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            id: name.into(),
            name: name.into(),
            kind: PlaceKind::Road,
            community_id: UnitId::new(),
            point: None,
        }
    }

    #[test]
    fn the_longest_name_in_the_address_wins() {
        let entries = vec![entry("古城南路"), entry("古城南路东"), entry("八角北路")];
        assert_eq!(
            locate("石景山区 古城南路东 3号楼", &entries).map(|e| e.name.as_str()),
            Some("古城南路东")
        );
        assert_eq!(
            locate("八角北路甲28号院", &entries).map(|e| e.name.as_str()),
            Some("八角北路")
        );
        assert_eq!(locate("海淀区中关村大街1号", &entries), None);
    }

    #[test]
    fn names_are_checked() {
        let bad = EntryInput {
            name: "路".into(),
            kind: "river".into(),
            community: "x".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(bad.code_for("name"), Some("too_short"));
        assert_eq!(bad.code_for("kind"), Some("invalid_choice"));
        assert_eq!(bad.code_for("community"), Some("invalid_choice"));
    }

    #[test]
    fn the_demo_gazetteer_names_are_unique_and_cover_every_community() {
        let units = crate::demo::units();
        let communities: Vec<&str> = units
            .iter()
            .filter(|u| u.kind == crate::org::UnitKind::Community)
            .map(|u| u.name.trim_end_matches("社区"))
            .collect();
        let entries = demo_entries(&communities);
        let names: std::collections::HashSet<_> = entries.iter().map(|e| e.0.clone()).collect();
        assert_eq!(names.len(), entries.len(), "unique names");
        assert!(entries.len() > communities.len() + 50);
        assert!(entries.iter().any(|e| e.1 == PlaceKind::Landmark));
    }
}
