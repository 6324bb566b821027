//! Routing (谁主管谁负责): from a category and a place to the accountable unit, and from the unit's people to one
//! accountable agent, with the reason written down so everyone can see why a case went where it went.

use serde_json::json;

use crate::catalogue::{Accountable, Category, Tier};
use crate::org::{CasePlace, Role, UnitId, UnitKind, UserId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("the case has no community yet (no map point inside the district)")]
    NoCommunity,
    #[error("the case has no street yet (no map point inside the district)")]
    NoStreet,
    #[error("the catalogue names unit {0}, which does not exist")]
    UnknownUnit(String),
    #[error("nobody in the accountable unit can take the case")]
    NoAgent,
}

impl RouteError {
    pub fn code(&self) -> &'static str {
        match self {
            RouteError::NoCommunity => "no_community",
            RouteError::NoStreet => "no_street",
            RouteError::UnknownUnit(_) => "unknown_unit",
            RouteError::NoAgent => "no_agent",
        }
    }
}

/// The accountable unit for a category at a place. `named` looks a unit up by code.
pub fn accountable_unit(
    accountable: &Accountable,
    place: CasePlace,
    named: impl Fn(&str) -> Option<UnitId>,
) -> Result<UnitId, RouteError> {
    match accountable {
        Accountable::Community => place.community_id.ok_or(RouteError::NoCommunity),
        Accountable::Street => place.street_id.ok_or(RouteError::NoStreet),
        Accountable::Unit(code) => named(code).ok_or_else(|| RouteError::UnknownUnit(code.clone())),
    }
}

/// The unit a case moves to when it goes up to `tier`: the case's street for the second tier, the leaders' office
/// for the third.
pub fn escalation_unit(
    tier: Tier,
    place: CasePlace,
    leaders_office: Option<UnitId>,
) -> Result<UnitId, RouteError> {
    match tier {
        Tier::Community => place.community_id.ok_or(RouteError::NoCommunity),
        Tier::Street => place.street_id.ok_or(RouteError::NoStreet),
        Tier::District => {
            leaders_office.ok_or_else(|| RouteError::UnknownUnit("leaders_office".into()))
        }
    }
}

/// The role a unit's agents hold.
pub fn agent_role(kind: UnitKind) -> Role {
    match kind {
        UnitKind::Community => Role::Community,
        UnitKind::Street | UnitKind::CommandCentre => Role::Street,
        UnitKind::LeadersOffice => Role::Leader,
        _ => Role::Department,
    }
}

/// A person who could take the case, with their current load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: UserId,
    pub name: String,
    pub username: String,
    pub open_cases: i64,
}

/// The unit's rule, visible to everyone: the person with the fewest open cases; ties go to the username first in
/// alphabetical order, so the choice is repeatable.
pub fn choose_agent(candidates: &[Candidate]) -> Option<&Candidate> {
    candidates.iter().min_by(|a, b| {
        a.open_cases
            .cmp(&b.open_cases)
            .then_with(|| a.username.cmp(&b.username))
    })
}

/// Why a case went where it went, stored with the case as JSON.
pub fn reason(
    category: Option<&Category>,
    rule: &str,
    unit_name: &str,
    chosen: &Candidate,
    n_candidates: usize,
) -> serde_json::Value {
    json!({
        "category": category.map(|c| json!({ "code": c.code, "name": c.name, "accountable": c.accountable.code() })),
        "rule": rule,
        "unit": unit_name,
        "agent": chosen.name,
        "agent_open_cases": chosen.open_cases,
        "candidates": n_candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(name: &str, open: i64) -> Candidate {
        Candidate {
            user_id: UserId::new(),
            name: name.into(),
            username: name.into(),
            open_cases: open,
        }
    }

    #[test]
    fn the_agent_with_the_fewest_open_cases_is_chosen_and_ties_are_repeatable() {
        let c = [cand("wang", 3), cand("li", 1), cand("zhang", 1)];
        assert_eq!(choose_agent(&c).unwrap().name, "li");
        assert!(choose_agent(&[]).is_none());
    }

    #[test]
    fn the_catalogue_decides_the_unit_by_place_or_by_name() {
        let (street, community, dept) = (UnitId::new(), UnitId::new(), UnitId::new());
        let place = CasePlace {
            street_id: Some(street),
            community_id: Some(community),
            accountable_unit_id: None,
            guessed: false,
        };
        let named = |code: &str| (code == "dept.zjw").then_some(dept);
        assert_eq!(
            accountable_unit(&Accountable::Community, place, named),
            Ok(community)
        );
        assert_eq!(
            accountable_unit(&Accountable::Street, place, named),
            Ok(street)
        );
        assert_eq!(
            accountable_unit(&Accountable::Unit("dept.zjw".into()), place, named),
            Ok(dept)
        );
        assert_eq!(
            accountable_unit(&Accountable::Unit("dept.gone".into()), place, named),
            Err(RouteError::UnknownUnit("dept.gone".into()))
        );
        let nowhere = CasePlace::default();
        assert_eq!(
            accountable_unit(&Accountable::Community, nowhere, named),
            Err(RouteError::NoCommunity)
        );
        assert_eq!(
            accountable_unit(&Accountable::Unit("dept.zjw".into()), nowhere, named),
            Ok(dept),
            "named units need no place"
        );
    }

    #[test]
    fn escalation_goes_to_the_street_then_the_leaders() {
        let (street, leaders) = (UnitId::new(), UnitId::new());
        let place = CasePlace {
            street_id: Some(street),
            ..Default::default()
        };
        assert_eq!(
            escalation_unit(Tier::Street, place, Some(leaders)),
            Ok(street)
        );
        assert_eq!(
            escalation_unit(Tier::District, place, Some(leaders)),
            Ok(leaders)
        );
        assert_eq!(
            escalation_unit(Tier::Street, CasePlace::default(), Some(leaders)),
            Err(RouteError::NoStreet)
        );
    }

    #[test]
    fn units_have_agents_of_the_matching_role() {
        assert_eq!(agent_role(UnitKind::Community), Role::Community);
        assert_eq!(agent_role(UnitKind::Street), Role::Street);
        assert_eq!(agent_role(UnitKind::Enterprise), Role::Department);
        assert_eq!(agent_role(UnitKind::LeadersOffice), Role::Leader);
    }
}
