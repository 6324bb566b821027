//! Records of past work loaded in bulk: a district's units and accounts by code, and cases, whistles, enforcement
//! cases and mediation records with their timelines, as an earlier system (or the demo generator) hands them over.
//! The store writes them whole, audited per batch, through its import methods; the rules that made them are the
//! same life-cycle functions live work goes through.

use std::collections::HashMap;

use crate::Millis;
use crate::cases::Case;
use crate::dispute::{Dispute, OrgCategory, Party, Session};
use crate::enforcement::EnforcementCase;
use crate::gazetteer::PlaceKind;
use crate::geo::GeoPoint;
use crate::lifecycle::{NewEvent, Record};
use crate::org::{Role, UnitId, UnitKind, UserId};
use crate::whistle::{Summons, Whistle};

/// A unit to create. Parents come before children and are referred to by code.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub code: String,
    pub parent_code: Option<String>,
    pub kind: UnitKind,
    pub name: String,
    pub grid_count: i64,
    /// Residents (常住人口), zero when not known.
    pub population: i64,
    pub centre: Option<GeoPoint>,
}

/// An account to create, in the unit with `unit_code`.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub username: String,
    pub display_name: String,
    pub unit_code: String,
    pub roles: Vec<Role>,
    /// Head of the unit (负责人): may reassign its cases and is told when they run overdue.
    pub head: bool,
}

/// A district leader in charge (分管领导) of streets (by unit code) and catalogue themes.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderInCharge {
    pub username: String,
    pub streets: Vec<String>,
    pub themes: Vec<String>,
}

/// A mediation organisation's profile: its unit's code, its category, the dispute types it takes (empty: all), and
/// the street it serves (`None`: the whole district).
#[derive(Debug, Clone, PartialEq)]
pub struct MediationProfile {
    pub unit_code: String,
    pub category: OrgCategory,
    pub fields: Vec<String>,
    pub street_code: Option<String>,
}

/// A place name of the gazetteer in the community with `community_code`.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub kind: PlaceKind,
    pub community_code: String,
}

/// A whole district to create in an empty database: units (parents first), accounts, leaders in charge, the
/// gazetteer and the mediation organisations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct District {
    pub units: Vec<Unit>,
    pub users: Vec<User>,
    pub leaders: Vec<LeaderInCharge>,
    pub places: Vec<Place>,
    pub mediation: Vec<MediationProfile>,
}

/// A community as a generator of history needs it.
#[derive(Debug, Clone)]
pub struct CommunityRef {
    pub id: UnitId,
    pub street_id: UnitId,
    pub name: String,
    pub street_name: String,
    pub centre: GeoPoint,
}

/// A unit that can own cases, with its agents (head first).
#[derive(Debug, Clone)]
pub struct UnitRef {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub agents: Vec<(UserId, String)>,
}

/// What a generator of history reads from the district.
#[derive(Debug, Clone)]
pub struct DistrictIndex {
    pub communities: Vec<CommunityRef>,
    /// Communities, streets, departments, enterprises and the leaders' office, by code.
    pub units: HashMap<UnitId, UnitRef>,
    pub unit_by_code: HashMap<String, UnitId>,
    pub leaders_office: UnitId,
    pub dispatcher: UserId,
    /// The dispatcher's unit (the district's centre), where consultations answered at intake are counted.
    pub dispatcher_unit: UnitId,
    /// The district leader in charge of each street (分管领导).
    pub leader_for_street: HashMap<UnitId, UserId>,
    /// A reviewer of the assessment office (exclusions).
    pub evaluator: UserId,
    /// Each street's legal reviewer (法制审核), where it has one.
    pub legal_reviewers: HashMap<UnitId, UserId>,
}

/// One past case: its final state, its timeline (instant, entry, acting staff member), the side records its
/// actions wrote (send-backs, requests, ratings, petition steps, links, co-handlers), and who held it from when.
#[derive(Debug, Clone)]
pub struct HistoricCase {
    pub case: Case,
    pub events: Vec<(Millis, NewEvent, Option<UserId>)>,
    pub records: Vec<(Millis, Record, Option<UserId>)>,
    pub holds: Vec<Holding>,
}

/// A holding of a case: from when, unit, agent, and — once it ended — the deadline that applied during it.
pub type Holding = (Millis, Option<UnitId>, Option<UserId>, Option<Millis>);

impl HistoricCase {
    pub fn new(case: &Case) -> HistoricCase {
        HistoricCase {
            case: case.clone(),
            events: vec![(case.received_at, NewEvent::public("submitted", ""), None)],
            records: Vec::new(),
            holds: Vec::new(),
        }
    }
}

/// One past whistle: its final state, its summoned units and its timeline (instant, event, unit, actor, note).
#[derive(Debug, Clone)]
pub struct HistoricWhistle {
    pub whistle: Whistle,
    pub summons: Vec<Summons>,
    pub events: Vec<WhistleStep>,
    /// Who reported for each summoned unit (parallel to `summons`).
    pub reporters: Vec<Option<UserId>>,
}

/// A timeline entry of a past whistle: instant, event, unit, actor, note.
pub type WhistleStep = (Millis, &'static str, Option<UnitId>, Option<UserId>, String);

/// One past enforcement case and its timeline (instant, event, actor, note).
#[derive(Debug, Clone)]
pub struct HistoricEnforcement {
    pub case: EnforcementCase,
    pub events: Vec<(Millis, &'static str, Option<UserId>, String)>,
}

/// A dispute case of the history, as a generator of mediation records needs it.
#[derive(Debug, Clone)]
pub struct DisputeCaseRef {
    pub case_id: String,
    pub category: Option<String>,
    pub received_at: Millis,
    pub closed_at: Option<Millis>,
    /// The resident's verdict: resolved or not, when rated.
    pub resolved: Option<bool>,
    pub street_id: Option<UnitId>,
    pub resident_name: String,
    pub phone: String,
    pub description: String,
}

/// One past mediation record with its parties, sessions and timeline entries (instant, event, public, actor,
/// note).
#[derive(Debug, Clone)]
pub struct HistoricDispute {
    pub dispute: Dispute,
    pub parties: Vec<Party>,
    pub sessions: Vec<Session>,
    pub events: Vec<(Millis, &'static str, bool, Option<UserId>, String)>,
}
