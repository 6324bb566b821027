//! District settings kept in the database and edited by administrators: the petition time limits, the verdict
//! window, the hour limits of urgent matters, the dispatch clock, how far pauses and due-date changes may go, the
//! care levels' publicity, the public intake's limit per address — and the district itself: which unit is the
//! leaders' office (the district tier), which is the petition organ (信访复查), and the Open311 jurisdiction id, so
//! another district runs the platform with its own codes.

use gongzhi_domain::catalogue::UrgentHours;
use gongzhi_domain::lifecycle::{PETITION_EXTENSION_DAYS, PETITION_STEP_DAYS, VERDICT_WINDOW_DAYS};
use gongzhi_domain::validation::ValidationErrors;

use crate::{App, AppError, StaffPrincipal};

const STEP_DAYS: &str = "petition.step_days";
const EXTENSION_DAYS: &str = "petition.extension_days";
const VERDICT_WINDOW: &str = "verdict.window_days";
const EMERGENCY_HOURS: &str = "urgency.emergency_hours";
const UTILITIES_HOURS: &str = "urgency.utilities_hours";
const DISPATCH_HOURS: &str = "dispatch.hours";
const PAUSE_MAX_DAYS: &str = "pause.max_days";
const DUE_MAX_DAYS: &str = "due.max_extension_days";
const CONSENT_DAYS: &str = "dispute.consent_days";
const MEDIATION_DAYS: &str = "dispute.mediation_days";
const PUBLICITY_DAYS: &str = "care.publicity_days";
const PETITION_UNIT: &str = "district.petition_unit";
const JURISDICTION: &str = "open311.jurisdiction_id";
const HEARING_THRESHOLDS: &str = "enforcement.hearing_thresholds";
const ENFORCEMENT_EXTENSION_DAYS: &str = "enforcement.extension_days";
const REVIEW_ORGAN: &str = "enforcement.review_organ";
const COURT: &str = "enforcement.court";
/// Default: the organ that hears a 复议 of a street's decision — the district's people's government, which set up
/// the street office (行政复议法, 2023, art. 24(1)(一)) — named on the decision document (行政处罚法 art. 59(五)).
pub const REVIEW_ORGAN_DEFAULT: &str = "石景山区人民政府";
/// Default: the court of first instance for a suit against a street's decision (行政诉讼法 art. 18: where the organ
/// that acted is), named on the decision document.
pub const COURT_DEFAULT: &str = "石景山区人民法院";
/// Default: the amounts of 较大数额 that give a party the right to a hearing (行政处罚法 art. 63(1)), in yuan for a
/// person and an organisation: 10,000 and 100,000 by default, and the housing and construction sector's 3,000 and
/// 50,000 (as the legal review of issue 24 reported Beijing's 住建 standard). Neither figure was confirmed from a
/// primary source here: a district sets its own per source department.
pub const HEARING_THRESHOLDS_DEFAULT: &str = "* 10000 100000; dept.zjw 3000 50000";
/// Default: the demo district's petition bureau (区信访办) unit code, which reviews petitions (信访工作条例 art. 35).
pub const PETITION_UNIT_DEFAULT: &str = "dept.xf";
/// Default: the demo district's Open311 jurisdiction id.
pub const JURISDICTION_DEFAULT: &str = "shijingshan.beijing";
/// Public submissions one address may make in `SUBMISSION_WINDOW_MS`; 0 for no limit.
pub const SUBMISSIONS_PER_ADDRESS: &str = "intake.submissions_per_address";
/// Default: ten public submissions per address in ten minutes (a family, or a community centre's shared line).
pub const SUBMISSIONS_PER_ADDRESS_DEFAULT: u32 = 10;
/// The window public submissions are counted in.
pub const SUBMISSION_WINDOW_MS: i64 = 10 * 60_000;

/// Default: a case waiting to be routed is routed within 2 hours of receipt.
pub const DISPATCH_HOURS_DEFAULT: u32 = 2;
/// Default: a pause moves the handling deadline by at most 10 working days.
pub const PAUSE_MAX_DAYS_DEFAULT: u32 = 10;
/// Default: a dispatcher moves a handling deadline by at most 15 working days.
pub const DUE_MAX_DAYS_DEFAULT: u32 = 15;

async fn number(app: &App, key: &str, default: u32) -> Result<u32, AppError> {
    Ok(app
        .store()
        .get_setting(key)
        .await?
        .and_then(|d| d.parse().ok())
        .unwrap_or(default))
}

async fn text(app: &App, key: &str, default: &str) -> Result<String, AppError> {
    Ok(app
        .store()
        .get_setting(key)
        .await?
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_owned()))
}

/// The unit code of the petition organ that reviews a petition's answer (复查).
pub async fn petition_unit(app: &App) -> Result<String, AppError> {
    text(app, PETITION_UNIT, PETITION_UNIT_DEFAULT).await
}

/// The district's Open311 jurisdiction id (GeoReport v2 `jurisdiction_id`).
pub async fn jurisdiction_id(app: &App) -> Result<String, AppError> {
    text(app, JURISDICTION, JURISDICTION_DEFAULT).await
}

/// Something the district's data lacks for the platform to run its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictProblem {
    /// Not exactly one active unit of kind `leaders_office` (how many there are): the district tier has nowhere to
    /// go.
    LeadersOffices(usize),
    /// The petition organ setting names a unit code no unit has.
    PetitionUnit(String),
}

impl std::fmt::Display for DistrictProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DistrictProblem::LeadersOffices(n) => write!(
                f,
                "the district has {n} active units of kind leaders_office; it needs exactly one (the district tier)"
            ),
            DistrictProblem::PetitionUnit(code) => write!(
                f,
                "{PETITION_UNIT} names the unit code {code:?}, which no unit has (set it on /admin/settings)"
            ),
        }
    }
}

/// What is wrong with the district as the data stands, once it has units at all (an empty database is being set
/// up). Said at start-up and on the settings page; empty when all is well.
pub async fn district_problems(app: &App) -> Result<Vec<DistrictProblem>, AppError> {
    let units = app.store().list_units().await?;
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let leaders = units
        .iter()
        .filter(|u| u.unit.kind == gongzhi_domain::org::UnitKind::LeadersOffice && u.unit.active)
        .count();
    if leaders != 1 {
        out.push(DistrictProblem::LeadersOffices(leaders));
    }
    let code = petition_unit(app).await?;
    if !units.iter().any(|u| u.unit.code == code) {
        out.push(DistrictProblem::PetitionUnit(code));
    }
    Ok(out)
}

/// The hour limits of emergencies and utilities.
pub async fn urgent_hours(app: &App) -> Result<UrgentHours, AppError> {
    let d = UrgentHours::default();
    Ok(UrgentHours {
        emergency: number(app, EMERGENCY_HOURS, d.emergency).await?,
        utilities: number(app, UTILITIES_HOURS, d.utilities).await?,
    })
}

/// Public submissions one address may make in ten minutes (0: no limit).
pub async fn submissions_per_address(app: &App) -> Result<u32, AppError> {
    number(
        app,
        SUBMISSIONS_PER_ADDRESS,
        SUBMISSIONS_PER_ADDRESS_DEFAULT,
    )
    .await
}

/// Hours within which a case waiting to be routed must be routed.
pub async fn dispatch_hours(app: &App) -> Result<u32, AppError> {
    number(app, DISPATCH_HOURS, DISPATCH_HOURS_DEFAULT).await
}

/// The most working days a pause moves the handling deadline.
pub async fn pause_max_days(app: &App) -> Result<u32, AppError> {
    number(app, PAUSE_MAX_DAYS, PAUSE_MAX_DAYS_DEFAULT).await
}

/// Default: a respondent has 5 days to answer a request to mediate.
pub const CONSENT_DAYS_DEFAULT: u32 = 5;
/// Default: people's mediation's time limit is 30 days from the respondent's consent.
pub const MEDIATION_DAYS_DEFAULT: u32 = 30;

/// Days a respondent has to answer a request to mediate.
pub async fn consent_days(app: &App) -> Result<u32, AppError> {
    number(app, CONSENT_DAYS, CONSENT_DAYS_DEFAULT).await
}

/// People's mediation's time limit in days (from the respondent's consent).
pub async fn mediation_days(app: &App) -> Result<u32, AppError> {
    number(app, MEDIATION_DAYS, MEDIATION_DAYS_DEFAULT).await
}

/// The thresholds of 较大数额 by sector (a setting that does not parse is refused when saved, so the default applies
/// only when none is set).
pub async fn hearing_rules(
    app: &App,
) -> Result<gongzhi_domain::enforcement::HearingRules, AppError> {
    let raw = text(app, HEARING_THRESHOLDS, HEARING_THRESHOLDS_DEFAULT).await?;
    gongzhi_domain::enforcement::HearingRules::parse(&raw)
        .ok_or_else(|| AppError::internal("the hearing thresholds setting does not parse"))
}

/// Days one extension of an enforcement decision's deadline adds (the model: 市场监管's 30).
pub async fn enforcement_extension_days(app: &App) -> Result<u32, AppError> {
    number(
        app,
        ENFORCEMENT_EXTENSION_DAYS,
        gongzhi_domain::enforcement::EXTENSION_DAYS as u32,
    )
    .await
}

/// Whom the party asks for 复议 and where it sues, as the decision document names them.
pub async fn challenge_organs(app: &App) -> Result<(String, String), AppError> {
    Ok((
        text(app, REVIEW_ORGAN, REVIEW_ORGAN_DEFAULT).await?,
        text(app, COURT, COURT_DEFAULT).await?,
    ))
}

/// Default: an assessment's conclusion is published for 5 days before it takes effect.
pub const PUBLICITY_DAYS_DEFAULT: u32 = 5;

/// Days an assessment's conclusion is published before it takes effect.
pub async fn publicity_days(app: &App) -> Result<u32, AppError> {
    number(app, PUBLICITY_DAYS, PUBLICITY_DAYS_DEFAULT).await
}

/// The most working days a dispatcher moves a handling deadline past the one it replaces.
pub async fn due_max_days(app: &App) -> Result<u32, AppError> {
    number(app, DUE_MAX_DAYS, DUE_MAX_DAYS_DEFAULT).await
}

/// The six petition step deadlines must be whole days, each no earlier than the one before, at most a year.
pub fn parse_step_days(raw: &str) -> Option<[u32; 6]> {
    let v: Vec<u32> = raw
        .split([',', '，'])
        .map(|x| x.trim().parse().ok())
        .collect::<Option<_>>()?;
    let days = <[u32; 6]>::try_from(v).ok()?;
    (days[0] >= 1 && days.windows(2).all(|w| w[0] <= w[1]) && days[5] <= 365).then_some(days)
}

/// The petition step days, from the settings or the defaults.
pub async fn petition_step_days(app: &App) -> Result<[u32; 6], AppError> {
    let configured = app.store().get_setting(STEP_DAYS).await?;
    Ok(configured
        .as_deref()
        .and_then(parse_step_days)
        .unwrap_or(PETITION_STEP_DAYS))
}

/// The days one petition extension adds, from the settings or the default.
pub async fn petition_extension_days(app: &App) -> Result<u32, AppError> {
    Ok(app
        .store()
        .get_setting(EXTENSION_DAYS)
        .await?
        .and_then(|d| d.parse().ok())
        .unwrap_or(PETITION_EXTENSION_DAYS))
}

/// How many days after closing a verdict (or a reopen) is taken, from the settings or the default (7).
pub async fn verdict_window_days(app: &App) -> Result<u32, AppError> {
    Ok(app
        .store()
        .get_setting(VERDICT_WINDOW)
        .await?
        .and_then(|d| d.parse().ok())
        .unwrap_or(VERDICT_WINDOW_DAYS))
}

/// The case settings as an administrator sees and edits them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSettings {
    pub step_days: [u32; 6],
    pub extension_days: u32,
    pub verdict_window_days: u32,
    pub emergency_hours: u32,
    pub utilities_hours: u32,
    pub dispatch_hours: u32,
    pub pause_max_days: u32,
    pub due_max_days: u32,
    pub consent_days: u32,
    pub mediation_days: u32,
    pub publicity_days: u32,
    pub submissions_per_address: u32,
    pub petition_unit: String,
    pub jurisdiction_id: String,
    pub hearing_thresholds: String,
    pub enforcement_extension_days: u32,
    pub review_organ: String,
    pub court: String,
}

pub async fn case_settings(app: &App, staff: &StaffPrincipal) -> Result<CaseSettings, AppError> {
    staff.require(gongzhi_domain::org::Role::Admin)?;
    Ok(CaseSettings {
        step_days: petition_step_days(app).await?,
        extension_days: petition_extension_days(app).await?,
        verdict_window_days: verdict_window_days(app).await?,
        emergency_hours: urgent_hours(app).await?.emergency,
        utilities_hours: urgent_hours(app).await?.utilities,
        dispatch_hours: dispatch_hours(app).await?,
        pause_max_days: pause_max_days(app).await?,
        due_max_days: due_max_days(app).await?,
        consent_days: consent_days(app).await?,
        mediation_days: mediation_days(app).await?,
        publicity_days: publicity_days(app).await?,
        submissions_per_address: submissions_per_address(app).await?,
        petition_unit: petition_unit(app).await?,
        jurisdiction_id: jurisdiction_id(app).await?,
        hearing_thresholds: text(app, HEARING_THRESHOLDS, HEARING_THRESHOLDS_DEFAULT).await?,
        enforcement_extension_days: enforcement_extension_days(app).await?,
        review_organ: text(app, REVIEW_ORGAN, REVIEW_ORGAN_DEFAULT).await?,
        court: text(app, COURT, COURT_DEFAULT).await?,
    })
}

/// The settings as typed: `step_days` six comma-separated numbers; `extension_days` 1–30 (the regulation's most);
/// `verdict_window_days` 1–60; `emergency_hours` 1–24; `utilities_hours` 1–72; `dispatch_hours` 1–24;
/// `pause_max_days` and `due_max_days` 1–60; `consent_days` 1–15; `mediation_days` 1–90; `publicity_days` 1–30;
/// `submissions_per_address` 0–1000 (0: no limit); `petition_unit` the code of an existing unit;
/// `jurisdiction_id` lower-case letters, digits, dots and hyphens (1–64); `hearing_thresholds` as
/// `* 10000 100000; dept.zjw 3000 50000`; `enforcement_extension_days` 1–90; `review_organ` and `court` 1–100
/// characters (empty keeps the default).
#[derive(Debug, Clone, Default)]
pub struct CaseSettingsInput {
    pub step_days: String,
    pub extension_days: String,
    pub verdict_window_days: String,
    pub emergency_hours: String,
    pub utilities_hours: String,
    pub dispatch_hours: String,
    pub pause_max_days: String,
    pub due_max_days: String,
    pub consent_days: String,
    pub mediation_days: String,
    pub publicity_days: String,
    pub submissions_per_address: String,
    pub petition_unit: String,
    pub jurisdiction_id: String,
    pub hearing_thresholds: String,
    pub enforcement_extension_days: String,
    pub review_organ: String,
    pub court: String,
}

/// Saves the case settings, all or nothing.
pub async fn save_case_settings(
    app: &App,
    staff: &StaffPrincipal,
    input: &CaseSettingsInput,
) -> Result<CaseSettings, AppError> {
    let (step_days, extension_days) = (input.step_days.as_str(), input.extension_days.as_str());
    staff.require(gongzhi_domain::org::Role::Admin)?;
    let mut errors = ValidationErrors::default();
    let steps = parse_step_days(step_days);
    if steps.is_none() {
        errors.add("step_days", "step_days_format");
    }
    let mut ranged = |field: &'static str, raw: &str, max: u32| {
        let v = raw
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=max).contains(d));
        if v.is_none() {
            errors.add(field, "out_of_range");
        }
        v.unwrap_or(0)
    };
    let extension_days = ranged("extension_days", extension_days, 30);
    let verdict_window_days = ranged("verdict_window_days", &input.verdict_window_days, 60);
    let emergency_hours = ranged("emergency_hours", &input.emergency_hours, 24);
    let utilities_hours = ranged("utilities_hours", &input.utilities_hours, 72);
    let dispatch = ranged("dispatch_hours", &input.dispatch_hours, 24);
    let pause_max = ranged("pause_max_days", &input.pause_max_days, 60);
    let due_max = ranged("due_max_days", &input.due_max_days, 60);
    let consent = ranged("consent_days", &input.consent_days, 15);
    let mediation = ranged("mediation_days", &input.mediation_days, 90);
    let publicity = ranged("publicity_days", &input.publicity_days, 30);
    let enforcement_extension = ranged(
        "enforcement_extension_days",
        &input.enforcement_extension_days,
        90,
    );
    let thresholds = input.hearing_thresholds.trim().to_owned();
    if gongzhi_domain::enforcement::HearingRules::parse(&thresholds).is_none() {
        errors.add("hearing_thresholds", "invalid");
    }
    let mut organ = |field: &'static str, raw: &str, default: &str| {
        let v = raw.trim();
        if v.chars().count() > 100 || v.chars().any(char::is_control) {
            errors.add(field, "too_long");
        }
        if v.is_empty() {
            default.to_owned()
        } else {
            v.to_owned()
        }
    };
    let review_organ = organ("review_organ", &input.review_organ, REVIEW_ORGAN_DEFAULT);
    let court = organ("court", &input.court, COURT_DEFAULT);
    let per_address = match input.submissions_per_address.trim().parse::<u32>() {
        Ok(n) if n <= 1000 => n,
        _ => {
            errors.add("submissions_per_address", "out_of_range");
            0
        }
    };
    let units = app.store().list_units().await?;
    let petition = input.petition_unit.trim().to_owned();
    if !units.iter().any(|u| u.unit.code == petition) {
        errors.add("petition_unit", "unknown_unit");
    }
    let jurisdiction = input.jurisdiction_id.trim().to_owned();
    if jurisdiction.is_empty()
        || jurisdiction.len() > 64
        || !jurisdiction
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        errors.add("jurisdiction_id", "invalid");
    }
    let Some(step_days) = steps.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let actor = staff.actor(app.now());
    app.store()
        .set_settings(
            &actor,
            &[
                (STEP_DAYS, step_days.map(|d| d.to_string()).join(",")),
                (EXTENSION_DAYS, extension_days.to_string()),
                (VERDICT_WINDOW, verdict_window_days.to_string()),
                (EMERGENCY_HOURS, emergency_hours.to_string()),
                (UTILITIES_HOURS, utilities_hours.to_string()),
                (DISPATCH_HOURS, dispatch.to_string()),
                (PAUSE_MAX_DAYS, pause_max.to_string()),
                (DUE_MAX_DAYS, due_max.to_string()),
                (CONSENT_DAYS, consent.to_string()),
                (MEDIATION_DAYS, mediation.to_string()),
                (PUBLICITY_DAYS, publicity.to_string()),
                (SUBMISSIONS_PER_ADDRESS, per_address.to_string()),
                (PETITION_UNIT, petition.clone()),
                (JURISDICTION, jurisdiction.clone()),
                (HEARING_THRESHOLDS, thresholds.clone()),
                (
                    ENFORCEMENT_EXTENSION_DAYS,
                    enforcement_extension.to_string(),
                ),
                (REVIEW_ORGAN, review_organ.clone()),
                (COURT, court.clone()),
            ],
        )
        .await?;
    Ok(CaseSettings {
        step_days,
        extension_days,
        verdict_window_days,
        emergency_hours,
        utilities_hours,
        dispatch_hours: dispatch,
        pause_max_days: pause_max,
        due_max_days: due_max,
        consent_days: consent,
        mediation_days: mediation,
        publicity_days: publicity,
        submissions_per_address: per_address,
        petition_unit: petition,
        jurisdiction_id: jurisdiction,
        hearing_thresholds: thresholds,
        enforcement_extension_days: enforcement_extension,
        review_organ,
        court,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn step_days_are_six_growing_whole_days_within_a_year() {
        assert_eq!(
            super::parse_step_days("15, 30，40,50,60,60"),
            Some([15, 30, 40, 50, 60, 60])
        );
        assert_eq!(super::parse_step_days("15,30,40,50,60"), None);
        assert_eq!(super::parse_step_days("15,10,40,50,60,60"), None);
        assert_eq!(super::parse_step_days("0,10,40,50,60,60"), None);
        assert_eq!(super::parse_step_days("15,30,40,50,60,400"), None);
    }
}
