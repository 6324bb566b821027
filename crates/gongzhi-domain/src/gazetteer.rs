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
}
