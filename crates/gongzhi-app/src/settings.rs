//! District settings kept in the database and edited by administrators: the petition time limits and the verdict
//! window.

use gongzhi_domain::lifecycle::{PETITION_EXTENSION_DAYS, PETITION_STEP_DAYS, VERDICT_WINDOW_DAYS};
use gongzhi_domain::validation::ValidationErrors;

use crate::{App, AppError, StaffPrincipal};

const STEP_DAYS: &str = "petition.step_days";
const EXTENSION_DAYS: &str = "petition.extension_days";
const VERDICT_WINDOW: &str = "verdict.window_days";

/// The six petition step deadlines must be whole days, each no earlier than the one before, at most a year.
pub fn parse_step_days(raw: &str) -> Option<[u32; 6]> {
    let v: Vec<u32> = raw.split([',', '，']).map(|x| x.trim().parse().ok()).collect::<Option<_>>()?;
    let days = <[u32; 6]>::try_from(v).ok()?;
    (days[0] >= 1 && days.windows(2).all(|w| w[0] <= w[1]) && days[5] <= 365).then_some(days)
}

/// The petition step days, from the settings or the defaults.
pub async fn petition_step_days(app: &App) -> Result<[u32; 6], AppError> {
    let configured = app.store().get_setting(STEP_DAYS).await?;
    Ok(configured.as_deref().and_then(parse_step_days).unwrap_or(PETITION_STEP_DAYS))
}

/// The days one petition extension adds, from the settings or the default.
pub async fn petition_extension_days(app: &App) -> Result<u32, AppError> {
    Ok(app.store().get_setting(EXTENSION_DAYS).await?.and_then(|d| d.parse().ok()).unwrap_or(PETITION_EXTENSION_DAYS))
}

/// How many days after closing a verdict (or a reopen) is taken, from the settings or the default (7).
pub async fn verdict_window_days(app: &App) -> Result<u32, AppError> {
    Ok(app.store().get_setting(VERDICT_WINDOW).await?.and_then(|d| d.parse().ok()).unwrap_or(VERDICT_WINDOW_DAYS))
}

/// The case settings as an administrator sees and edits them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSettings {
    pub step_days: [u32; 6],
    pub extension_days: u32,
    pub verdict_window_days: u32,
}

pub async fn case_settings(app: &App, staff: &StaffPrincipal) -> Result<CaseSettings, AppError> {
    staff.require(gongzhi_domain::org::Role::Admin)?;
    Ok(CaseSettings {
        step_days: petition_step_days(app).await?,
        extension_days: petition_extension_days(app).await?,
        verdict_window_days: verdict_window_days(app).await?,
    })
}

/// The settings as typed: `step_days` six comma-separated numbers; `extension_days` 1–180; `verdict_window_days`
/// 1–60.
#[derive(Debug, Clone, Default)]
pub struct CaseSettingsInput {
    pub step_days: String,
    pub extension_days: String,
    pub verdict_window_days: String,
}

/// Saves the case settings, all or nothing.
pub async fn save_case_settings(app: &App, staff: &StaffPrincipal, input: &CaseSettingsInput) -> Result<CaseSettings, AppError> {
    let (step_days, extension_days) = (input.step_days.as_str(), input.extension_days.as_str());
    staff.require(gongzhi_domain::org::Role::Admin)?;
    let mut errors = ValidationErrors::default();
    let steps = parse_step_days(step_days);
    if steps.is_none() {
        errors.add("step_days", "step_days_format");
    }
    let extension = extension_days.trim().parse::<u32>().ok().filter(|d| (1..=180).contains(d));
    if extension.is_none() {
        errors.add("extension_days", "out_of_range");
    }
    let window = input.verdict_window_days.trim().parse::<u32>().ok().filter(|d| (1..=60).contains(d));
    if window.is_none() {
        errors.add("verdict_window_days", "out_of_range");
    }
    let (Some(step_days), Some(extension_days), Some(verdict_window_days)) = (steps, extension, window) else {
        return Err(AppError::Invalid(errors));
    };
    let actor = staff.actor(app.now());
    app.store().set_setting(&actor, STEP_DAYS, &step_days.map(|d| d.to_string()).join(",")).await?;
    app.store().set_setting(&actor, EXTENSION_DAYS, &extension_days.to_string()).await?;
    app.store().set_setting(&actor, VERDICT_WINDOW, &verdict_window_days.to_string()).await?;
    Ok(CaseSettings { step_days, extension_days, verdict_window_days })
}

#[cfg(test)]
mod tests {
    #[test]
    fn step_days_are_six_growing_whole_days_within_a_year() {
        assert_eq!(super::parse_step_days("15, 30，40,50,60,60"), Some([15, 30, 40, 50, 60, 60]));
        assert_eq!(super::parse_step_days("15,30,40,50,60"), None);
        assert_eq!(super::parse_step_days("15,10,40,50,60,60"), None);
        assert_eq!(super::parse_step_days("0,10,40,50,60,60"), None);
        assert_eq!(super::parse_step_days("15,30,40,50,60,400"), None);
    }
}
