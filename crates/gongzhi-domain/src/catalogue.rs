//! The dispatch catalogue (派单目录 / 职责清单): which unit is accountable for which kind of matter, at which tier, and
//! how fast it must contact the resident and handle the matter. It is data — shipped with the demo district, edited by
//! administrators, versioned — and a case remembers the version it was routed by. 谁主管谁负责: the catalogue decides.

use serde::{Deserialize, Serialize};

use crate::validation::{self, ValidationErrors};

/// The tiers of agency (信访代理制).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 社区级: small everyday matters.
    Community,
    /// 街道/部门级: specialised or prominent matters.
    Street,
    /// 区级: special difficult matters owned by a district leader (领导包案).
    District,
}

impl Tier {
    pub fn code(self) -> &'static str {
        match self {
            Tier::Community => "community",
            Tier::Street => "street",
            Tier::District => "district",
        }
    }
    pub fn parse(code: &str) -> Option<Tier> {
        match code {
            "community" => Some(Tier::Community),
            "street" => Some(Tier::Street),
            "district" => Some(Tier::District),
            _ => None,
        }
    }
    /// The tier above, if any.
    pub fn up(self) -> Option<Tier> {
        match self {
            Tier::Community => Some(Tier::Street),
            Tier::Street => Some(Tier::District),
            Tier::District => None,
        }
    }
}

/// Who is accountable for a category.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "unit")]
pub enum Accountable {
    /// The community where the matter is (属地社区).
    Community,
    /// The street where the matter is (属地街道).
    Street,
    /// A named unit, by code: a department, an enterprise, or the leaders' office.
    Unit(String),
}

impl Accountable {
    /// Stored form: `community`, `street`, or `unit:CODE`.
    pub fn code(&self) -> String {
        match self {
            Accountable::Community => "community".into(),
            Accountable::Street => "street".into(),
            Accountable::Unit(code) => format!("unit:{code}"),
        }
    }
    pub fn parse(s: &str) -> Option<Accountable> {
        match s {
            "community" => Some(Accountable::Community),
            "street" => Some(Accountable::Street),
            _ => s
                .strip_prefix("unit:")
                .filter(|c| !c.is_empty())
                .map(|c| Accountable::Unit(c.to_owned())),
        }
    }
    /// The tier a case starts at: communities are the first tier; streets, departments and enterprises the second.
    /// (A case reaches the third, the leaders' office, by escalation; where a category names a unit, routing takes
    /// the tier from that unit's kind.)
    pub fn tier(&self) -> Tier {
        match self {
            Accountable::Community => Tier::Community,
            Accountable::Street | Accountable::Unit(_) => Tier::Street,
        }
    }
}

/// How urgent a kind of matter is (the Beijing service standard's four classes): emergencies and water, power, gas and
/// heat are handled within hours, around the clock; general and complex matters within the category's working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 紧急: danger to life or property (a gas leak, a missing manhole cover).
    Emergency,
    /// 水电气热: an outage of water, power, gas or heat.
    Utilities,
    /// 一般
    General,
    /// 复杂疑难
    Complex,
}

impl Urgency {
    pub const ALL: [Urgency; 4] = [
        Urgency::Emergency,
        Urgency::Utilities,
        Urgency::General,
        Urgency::Complex,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Emergency => "emergency",
            Urgency::Utilities => "utilities",
            Urgency::General => "general",
            Urgency::Complex => "complex",
        }
    }
    pub fn parse(code: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.code() == code)
    }
}

/// The hour limits of the two urgent classes (settings `urgency.emergency_hours`, `urgency.utilities_hours`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrgentHours {
    pub emergency: u32,
    pub utilities: u32,
}

impl Default for UrgentHours {
    /// About 2 hours for emergencies and 24 for utilities, as Beijing's hotline works.
    fn default() -> UrgentHours {
        UrgentHours {
            emergency: 2,
            utilities: 24,
        }
    }
}

/// A handling limit: calendar hours (around the clock) or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Hours(u32),
    WorkingDays(u32),
}

/// One category of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// Stable code, for example `A01`.
    pub code: String,
    /// Theme the category is grouped under, for example 市容环境.
    pub theme: String,
    pub name: String,
    pub accountable: Accountable,
    /// Hours to contact the resident (calendar hours from receipt).
    pub contact_hours: u32,
    /// Working days to handle the matter (general and complex matters; urgent ones count hours).
    pub handle_days: u32,
    pub urgency: Urgency,
    /// Escalate automatically this many working days after the handling deadline; `None` never automatically.
    pub escalate_after_days: Option<u32>,
    /// What residents are told about how this matter is handled.
    pub notice: String,
}

impl Category {
    pub fn tier(&self) -> Tier {
        self.accountable.tier()
    }
    /// How long a case of this category has to be handled.
    pub fn limit(&self, hours: UrgentHours) -> Limit {
        match self.urgency {
            Urgency::Emergency => Limit::Hours(hours.emergency),
            Urgency::Utilities => Limit::Hours(hours.utilities),
            Urgency::General | Urgency::Complex => Limit::WorkingDays(self.handle_days),
        }
    }
}

/// What an administrator types to create or edit a category.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CategoryInput {
    pub code: String,
    pub theme: String,
    pub name: String,
    pub accountable: String,
    pub contact_hours: String,
    pub handle_days: String,
    /// `emergency`, `utilities`, `general` or `complex`; empty means general.
    #[serde(default)]
    pub urgency: String,
    pub escalate_after_days: String,
    pub notice: String,
}

impl From<&Category> for CategoryInput {
    /// The form a category is edited in.
    fn from(c: &Category) -> CategoryInput {
        CategoryInput {
            code: c.code.clone(),
            theme: c.theme.clone(),
            name: c.name.clone(),
            accountable: c.accountable.code(),
            contact_hours: c.contact_hours.to_string(),
            handle_days: c.handle_days.to_string(),
            urgency: c.urgency.code().to_owned(),
            escalate_after_days: c
                .escalate_after_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notice: c.notice.clone(),
        }
    }
}

impl CategoryInput {
    pub fn validate(&self) -> Result<Category, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = validation::text(&mut errors, "code", &self.code, true, 16);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            errors.add("code", "category_code_format");
        }
        let theme = validation::text(&mut errors, "theme", &self.theme, true, 32);
        let name = validation::text(&mut errors, "name", &self.name, true, 64);
        let accountable = Accountable::parse(self.accountable.trim());
        if accountable.is_none() {
            errors.add("accountable", "invalid_choice");
        }
        let mut number =
            |field: &'static str, raw: &str, min: u32, max: u32, required: bool| -> Option<u32> {
                match raw.trim() {
                    "" if !required => None,
                    s => match s.parse::<u32>() {
                        Ok(n) if (min..=max).contains(&n) => Some(n),
                        _ => {
                            errors.add(field, "out_of_range");
                            None
                        }
                    },
                }
            };
        let contact_hours = number("contact_hours", &self.contact_hours, 1, 720, true);
        let handle_days = number("handle_days", &self.handle_days, 1, 365, true);
        let escalate_after_days = number(
            "escalate_after_days",
            &self.escalate_after_days,
            0,
            60,
            false,
        );
        let urgency = match self.urgency.trim() {
            "" => Some(Urgency::General),
            code => Urgency::parse(code),
        };
        if urgency.is_none() {
            errors.add("urgency", "invalid_choice");
        }
        let notice = validation::text(&mut errors, "notice", &self.notice, true, 500);
        errors.into_result(|| Category {
            code,
            theme,
            name,
            accountable: accountable.expect("checked"),
            contact_hours: contact_hours.expect("checked"),
            handle_days: handle_days.expect("checked"),
            urgency: urgency.expect("checked"),
            escalate_after_days,
            notice,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_follow_the_accountable_unit_and_go_up_one_at_a_time() {
        assert_eq!(Accountable::Community.tier(), Tier::Community);
        assert_eq!(Accountable::Street.tier(), Tier::Street);
        assert_eq!(Accountable::Unit("dept.zjw".into()).tier(), Tier::Street);
        assert_eq!(Tier::Community.up(), Some(Tier::Street));
        assert_eq!(Tier::Street.up(), Some(Tier::District));
        assert_eq!(Tier::District.up(), None);
    }

    #[test]
    fn bad_category_input_is_refused_per_field() {
        let e = CategoryInput {
            code: "a-1".into(),
            accountable: "somewhere".into(),
            contact_hours: "0".into(),
            handle_days: "x".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for (field, code) in [
            ("code", "category_code_format"),
            ("theme", "required"),
            ("accountable", "invalid_choice"),
            ("contact_hours", "out_of_range"),
            ("handle_days", "out_of_range"),
            ("notice", "required"),
        ] {
            assert_eq!(e.code_for(field), Some(code), "{field}");
        }
    }
}
