//! The district's organisation: units (a tree from the district down to communities, plus departments, enterprises,
//! mediation bodies, the court and care facilities), the people who work in them, their roles, and what each person
//! may see (their scope).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::geo::GeoPoint;
use crate::validation::{self, ValidationErrors};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id (UUIDv7), so ids sort roughly by creation and index well.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }
            pub fn parse(s: &str) -> Option<Self> {
                uuid::Uuid::parse_str(s).ok().map(Self)
            }
        }
        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// A unit of the district's organisation.
    UnitId
);
id_type!(
    /// A staff account.
    UserId
);

/// What kind of body a unit is. The tree: district → streets → communities and command centres; everything else hangs
/// off the district (departments, enterprises, the leaders' office, the court, district-level mediation and care) or off
/// a street (its people's mediation committee, its care centre) or a community (its care station).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 区
    District,
    /// 街道
    Street,
    /// 社区
    Community,
    /// 区职能部门
    Department,
    /// 公共服务企业 (water, power, gas, heating)
    Enterprise,
    /// 区领导办公室
    LeadersOffice,
    /// 街道综合指挥中心
    CommandCentre,
    /// 调解组织 (people's, professional, lawyer)
    MediationOrg,
    /// 法院
    Court,
    /// 医养结合老年医院
    CareHospital,
    /// 康复中心
    RehabCentre,
    /// 街道养老照料中心
    CareCentre,
    /// 社区养老服务驿站
    CareStation,
}

impl UnitKind {
    pub const ALL: [UnitKind; 13] = [
        UnitKind::District,
        UnitKind::Street,
        UnitKind::Community,
        UnitKind::Department,
        UnitKind::Enterprise,
        UnitKind::LeadersOffice,
        UnitKind::CommandCentre,
        UnitKind::MediationOrg,
        UnitKind::Court,
        UnitKind::CareHospital,
        UnitKind::RehabCentre,
        UnitKind::CareCentre,
        UnitKind::CareStation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::District => "district",
            UnitKind::Street => "street",
            UnitKind::Community => "community",
            UnitKind::Department => "department",
            UnitKind::Enterprise => "enterprise",
            UnitKind::LeadersOffice => "leaders_office",
            UnitKind::CommandCentre => "command_centre",
            UnitKind::MediationOrg => "mediation_org",
            UnitKind::Court => "court",
            UnitKind::CareHospital => "care_hospital",
            UnitKind::RehabCentre => "rehab_centre",
            UnitKind::CareCentre => "care_centre",
            UnitKind::CareStation => "care_station",
        }
    }

    pub fn parse(code: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kinds of unit this kind may hang under. The district is the root and has no parent.
    pub fn allowed_parents(self) -> &'static [UnitKind] {
        use UnitKind::*;
        match self {
            District => &[],
            Street | Department | Enterprise | LeadersOffice | Court | CareHospital
            | RehabCentre => &[District],
            Community | CommandCentre | CareCentre => &[Street],
            MediationOrg => &[District, Street],
            CareStation => &[Community, Street],
        }
    }
}

/// A role from the brief (section 2). A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 热线座席 / 信访接待: registers matters from phone, walk-in and letters.
    Intake,
    /// 派单员 (district centre): routes matters, approves send-backs.
    Dispatcher,
    /// 社区工作者: agent for everyday matters in the community.
    Community,
    /// 街道干部 / 街道指挥中心: agent for street matters; blows the whistle.
    Street,
    /// 部门干部: handles dispatched matters; reports when whistled.
    Department,
    /// 区领导: owns special difficult matters; sees everything.
    Leader,
    /// 调解员
    Mediator,
    /// 法院书记员
    Court,
    /// 失能评估员
    Assessor,
    /// 护理服务人员
    Provider,
    /// 驿站工作人员
    Station,
    /// 民政 / 医保经办
    CareAdmin,
    /// 考核办
    Evaluator,
    /// 法制审核人员: reviews enforcement decisions before the head takes them (行政处罚法 art. 58), for a street.
    LegalReviewer,
    /// 系统管理员
    Admin,
}

impl Role {
    pub const ALL: [Role; 15] = [
        Role::Intake,
        Role::Dispatcher,
        Role::Community,
        Role::Street,
        Role::Department,
        Role::Leader,
        Role::Mediator,
        Role::Court,
        Role::Assessor,
        Role::Provider,
        Role::Station,
        Role::CareAdmin,
        Role::Evaluator,
        Role::LegalReviewer,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Intake => "intake",
            Role::Dispatcher => "dispatcher",
            Role::Community => "community",
            Role::Street => "street",
            Role::Department => "department",
            Role::Leader => "leader",
            Role::Mediator => "mediator",
            Role::Court => "court",
            Role::Assessor => "assessor",
            Role::Provider => "provider",
            Role::Station => "station",
            Role::CareAdmin => "care_admin",
            Role::Evaluator => "evaluator",
            Role::LegalReviewer => "legal_reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Roles whose work is the whole district: they see every case.
    pub fn sees_whole_district(self) -> bool {
        matches!(
            self,
            Role::Intake | Role::Dispatcher | Role::Leader | Role::Evaluator | Role::Admin
        )
    }

    /// Roles that handle residents' cases (and so may see cases at all).
    pub fn works_cases(self) -> bool {
        matches!(
            self,
            Role::Intake
                | Role::Dispatcher
                | Role::Community
                | Role::Street
                | Role::Department
                | Role::Leader
                | Role::Evaluator
                | Role::Admin
        )
    }

    /// Roles that must telephone residents and so see their full phone number (个人信息保护法: everyone else sees it
    /// masked). Leaders, evaluators and administrators read cases but never call.
    pub fn calls_residents(self) -> bool {
        matches!(
            self,
            Role::Intake | Role::Dispatcher | Role::Community | Role::Street | Role::Department
        )
    }
}

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    /// A stable human key, unique in the district (for example `street.bajiao`); imports and demo data refer by it.
    pub code: String,
    pub name: String,
    /// Number of grids (网格) in a community; zero elsewhere.
    pub grid_count: i64,
    /// Residents (常住人口) of a street or community, as the district records them (zero: not recorded). The
    /// assessment shows a street's cases per 10,000 residents beside its score.
    pub population: i64,
    /// Centre point; required for communities (it places addresses), optional elsewhere.
    pub centre: Option<GeoPoint>,
    pub active: bool,
}

/// What an administrator types to create or edit a unit, before validation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitInput {
    pub parent_id: String,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub grid_count: String,
    #[serde(default)]
    pub population: String,
    pub lat: String,
    pub lon: String,
}

/// A unit that passed validation, ready to store. The parent's kind is checked by the caller, who can look it up.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidUnit {
    pub parent_id: Option<UnitId>,
    pub kind: UnitKind,
    pub code: String,
    pub name: String,
    pub grid_count: i64,
    pub population: i64,
    pub centre: Option<GeoPoint>,
}

impl UnitInput {
    pub fn validate(&self) -> Result<ValidUnit, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let kind = UnitKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "invalid_choice");
        }
        let parent_id = match self.parent_id.trim() {
            "" => None,
            s => {
                let id = UnitId::parse(s);
                if id.is_none() {
                    errors.add("parent_id", "unknown_unit");
                }
                id
            }
        };
        if let Some(k) = kind {
            if k == UnitKind::District && parent_id.is_some() {
                errors.add("parent_id", "parent_not_allowed");
            }
            if k != UnitKind::District
                && parent_id.is_none()
                && errors.code_for("parent_id").is_none()
            {
                errors.add("parent_id", "required");
            }
        }
        let code = validation::text(&mut errors, "code", &self.code, true, 64);
        if !code.is_empty()
            && !code.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
            })
        {
            errors.add("code", "code_format");
        }
        let name = validation::text(&mut errors, "name", &self.name, true, 64);
        let grid_count = match self.grid_count.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => n,
                _ => {
                    errors.add("grid_count", "not_a_count");
                    0
                }
            },
        };
        let population = match self.population.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) if (0..=100_000_000).contains(&n) => n,
                _ => {
                    errors.add("population", "not_a_count");
                    0
                }
            },
        };
        let centre = parse_point(&mut errors, &self.lat, &self.lon);
        if kind == Some(UnitKind::Community) && centre.is_none() && errors.code_for("lat").is_none()
        {
            errors.add("lat", "required");
        }
        errors.into_result(|| ValidUnit {
            parent_id,
            kind: kind.expect("checked above"),
            code,
            name,
            grid_count,
            population,
            centre,
        })
    }
}

/// Parses an optional latitude/longitude pair typed into two fields. Both empty means no point; one empty, a
/// non-number or a point outside China is an error on `lat`.
pub fn parse_point(errors: &mut ValidationErrors, lat: &str, lon: &str) -> Option<GeoPoint> {
    let (lat, lon) = (lat.trim(), lon.trim());
    if lat.is_empty() && lon.is_empty() {
        return None;
    }
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(a), Ok(b)) => match GeoPoint::parse(a, b) {
            Ok(p) => Some(p),
            Err(_) => {
                errors.add("lat", "outside_china");
                None
            }
        },
        _ => {
            errors.add("lat", "not_a_coordinate");
            None
        }
    }
}

/// Checks that a unit of `kind` may hang under a parent of `parent_kind`.
pub fn check_parent(kind: UnitKind, parent_kind: Option<UnitKind>) -> Result<(), ValidationErrors> {
    let ok = match parent_kind {
        None => kind.allowed_parents().is_empty(),
        Some(p) => kind.allowed_parents().contains(&p),
    };
    let mut errors = ValidationErrors::default();
    if !ok {
        errors.add("parent_id", "parent_not_allowed");
    }
    errors.into_result(|| ())
}

/// A staff account as stored (without its password hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Head of the unit (负责人): reassigns the unit's cases and hears when they run overdue.
    pub unit_head: bool,
}

/// What a person's roles and home unit let them see of residents' cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every case in the district (leaders, dispatchers, intake, the assessment office, administrators).
    District,
    /// Cases located in one street (street officers and the street's command centre).
    Street(UnitId),
    /// Cases located in one community (community workers).
    Community(UnitId),
    /// Cases a unit owns or has been asked to help with (departments, enterprises).
    Unit(UnitId),
    /// No cases at all (care, mediation and court staff have their own modules).
    Nothing,
}

/// Where a case sits, for scope checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CasePlace {
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub accountable_unit_id: Option<UnitId>,
    /// Read from the typed address by the gazetteer, not from a map point or a dispatcher.
    pub guessed: bool,
}

impl Scope {
    /// The widest scope a person's roles give. `street_of_unit` is the street the person's unit belongs to (the unit
    /// itself for a street, its parent for a community or a command centre).
    pub fn for_user(
        roles: &[Role],
        unit_id: UnitId,
        unit_kind: UnitKind,
        street_of_unit: Option<UnitId>,
    ) -> Scope {
        if roles.iter().any(|r| r.sees_whole_district()) {
            return Scope::District;
        }
        if roles.contains(&Role::Street)
            && let Some(street) = street_of_unit
        {
            return Scope::Street(street);
        }
        if roles.contains(&Role::Community) && unit_kind == UnitKind::Community {
            return Scope::Community(unit_id);
        }
        if roles.iter().any(|r| r.works_cases()) {
            return Scope::Unit(unit_id);
        }
        Scope::Nothing
    }

    pub fn allows(self, place: CasePlace) -> bool {
        match self {
            Scope::District => true,
            Scope::Street(s) => place.street_id == Some(s) || place.accountable_unit_id == Some(s),
            Scope::Community(c) => {
                place.community_id == Some(c) || place.accountable_unit_id == Some(c)
            }
            Scope::Unit(u) => place.accountable_unit_id == Some(u),
            Scope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_tree_refuses_a_community_under_a_department() {
        assert!(check_parent(UnitKind::Community, Some(UnitKind::Street)).is_ok());
        assert!(check_parent(UnitKind::Community, Some(UnitKind::Department)).is_err());
        assert!(check_parent(UnitKind::District, None).is_ok());
        assert!(check_parent(UnitKind::Street, None).is_err());
        assert!(check_parent(UnitKind::CareStation, Some(UnitKind::Community)).is_ok());
    }

    #[test]
    fn a_community_needs_a_centre_point_inside_china() {
        let parent = UnitId::new().to_string();
        let mut input = UnitInput {
            parent_id: parent.clone(),
            kind: "community".into(),
            code: "community.test".into(),
            name: "测试社区".into(),
            grid_count: "12".into(),
            ..Default::default()
        };
        assert_eq!(
            input.validate().unwrap_err().code_for("lat"),
            Some("required")
        );
        input.lat = "39.91".into();
        input.lon = "16.2".into();
        assert_eq!(
            input.validate().unwrap_err().code_for("lat"),
            Some("outside_china")
        );
        input.lon = "116.2".into();
        let unit = input.validate().unwrap();
        assert_eq!(unit.grid_count, 12);
        assert_eq!(unit.kind, UnitKind::Community);
    }

    #[test]
    fn unit_codes_are_lowercase_ascii_and_counts_are_numbers() {
        let input = UnitInput {
            parent_id: "not-a-uuid".into(),
            kind: "castle".into(),
            code: "Street 1".into(),
            name: "".into(),
            grid_count: "-3".into(),
            ..Default::default()
        };
        let e = input.validate().unwrap_err();
        assert_eq!(e.code_for("kind"), Some("invalid_choice"));
        assert_eq!(e.code_for("parent_id"), Some("unknown_unit"));
        assert_eq!(e.code_for("code"), Some("code_format"));
        assert_eq!(e.code_for("name"), Some("required"));
        assert_eq!(e.code_for("grid_count"), Some("not_a_count"));
    }

    #[test]
    fn scopes_follow_roles_and_home_units() {
        let (street_a, street_b, comm, dept) =
            (UnitId::new(), UnitId::new(), UnitId::new(), UnitId::new());
        let in_a = CasePlace {
            street_id: Some(street_a),
            community_id: Some(comm),
            accountable_unit_id: None,
            guessed: false,
        };
        let in_b = CasePlace {
            street_id: Some(street_b),
            ..Default::default()
        };

        let leader = Scope::for_user(
            &[Role::Leader],
            UnitId::new(),
            UnitKind::LeadersOffice,
            None,
        );
        assert!(leader.allows(in_a) && leader.allows(in_b));

        let street = Scope::for_user(&[Role::Street], street_a, UnitKind::Street, Some(street_a));
        assert!(street.allows(in_a));
        assert!(
            !street.allows(in_b),
            "a street officer must not see another street's cases"
        );

        let community = Scope::for_user(
            &[Role::Community],
            comm,
            UnitKind::Community,
            Some(street_a),
        );
        assert!(community.allows(in_a) && !community.allows(in_b));

        let department = Scope::for_user(&[Role::Department], dept, UnitKind::Department, None);
        assert!(!department.allows(in_a));
        assert!(department.allows(CasePlace {
            accountable_unit_id: Some(dept),
            ..Default::default()
        }));

        let mediator = Scope::for_user(
            &[Role::Mediator],
            UnitId::new(),
            UnitKind::MediationOrg,
            None,
        );
        assert_eq!(mediator, Scope::Nothing);
        assert!(!mediator.allows(in_a));
    }

    #[test]
    fn only_roles_that_call_residents_see_full_phone_numbers() {
        assert!(Role::Dispatcher.calls_residents());
        assert!(Role::Community.calls_residents());
        assert!(!Role::Leader.calls_residents());
        assert!(!Role::Admin.calls_residents());
        assert!(!Role::Evaluator.calls_residents());
    }

    #[test]
    fn codes_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Some(k));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
    }
}
