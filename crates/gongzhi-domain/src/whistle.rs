//! 街乡吹哨、部门报到: a street (or a community, to its own street) summons district departments and enterprises to a
//! problem it cannot solve alone; each summoned unit reports (报到) by a deadline; only the street that blew the whistle
//! closes it (事不完、人不撤) and then rates each unit. Pure rules: who may do what, the deadline, and each unit's report
//! status at an instant.

use serde::Serialize;

use crate::Millis;
use crate::geo::GeoPoint;
use crate::org::{UnitId, UnitKind, UserId};
use crate::validation::{self, ValidationErrors};

/// A whistle's number as the street reads it out: `W`, the Beijing date it was blown, a four-digit sequence of the day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct WhistleNo(String);

impl WhistleNo {
    pub fn new(yyyymmdd: u32, seq: u32) -> WhistleNo {
        WhistleNo(format!("W{yyyymmdd:08}{seq:04}"))
    }
    pub fn parse(raw: &str) -> Option<WhistleNo> {
        let s = raw.trim();
        (s.len() == 13 && s.starts_with('W') && s[1..].bytes().all(|b| b.is_ascii_digit()))
            .then(|| WhistleNo(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for WhistleNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reason for a whistle, as the district lists them (data: `whistle_reasons`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: String,
    pub name: String,
    /// The report deadline by default, in minutes from the whistle.
    pub report_minutes: u32,
}

/// The reasons every district starts with (the migration inserts them): emergency, residents' strong demand the
/// street cannot meet alone, enforcement beyond the street's powers, key task.
pub const REASON_CODES: [&str; 4] = ["emergency", "demand", "enforcement", "key_task"];

/// The longest a street may give units to report, and the shortest.
pub const MAX_REPORT_MINUTES: u32 = 7 * 24 * 60;
pub const MIN_REPORT_MINUTES: u32 = 10;
/// Ratings may be changed for this long after they were given; then they stand (the assessment reads them).
pub const RATING_LOCK_MS: Millis = 7 * 86_400_000;

/// Whether a whistle is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WhistleStatus {
    Open,
    Closed,
}

impl WhistleStatus {
    pub fn code(self) -> &'static str {
        match self {
            WhistleStatus::Open => "open",
            WhistleStatus::Closed => "closed",
        }
    }
    pub fn parse(code: &str) -> Option<WhistleStatus> {
        match code {
            "open" => Some(WhistleStatus::Open),
            "closed" => Some(WhistleStatus::Closed),
            _ => None,
        }
    }
}

/// A summoned unit's report status at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Not reported yet, still in time.
    Pending,
    /// Reported by the deadline.
    Reported,
    /// Reported after the deadline.
    Late,
    /// Not reported, and the deadline has passed.
    Overdue,
    /// Answered by telephone without coming: guidance, counted apart and never as 报到 (reporting means coming to
    /// the scene: 《北京市接诉即办工作条例》's 吹哨报到 and the district's 街乡吹哨、部门报到 rules).
    ByPhone,
    /// The street closed the whistle before this unit's deadline: neither late nor missing.
    CutOff,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 6] = [
        ReportStatus::Pending,
        ReportStatus::Reported,
        ReportStatus::Late,
        ReportStatus::Overdue,
        ReportStatus::ByPhone,
        ReportStatus::CutOff,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Pending => "pending",
            ReportStatus::Reported => "reported",
            ReportStatus::Late => "late",
            ReportStatus::Overdue => "overdue",
            ReportStatus::ByPhone => "by_phone",
            ReportStatus::CutOff => "cut_off",
        }
    }
    /// The status of a report due at `due` and made at `reported` (if at all; `on_site` whether the unit came), of
    /// a whistle closed at `closed` (if it was), seen at `now`.
    pub fn at(
        due: Millis,
        reported: Option<Millis>,
        on_site: bool,
        closed: Option<Millis>,
        now: Millis,
    ) -> ReportStatus {
        match reported {
            Some(_) if !on_site => ReportStatus::ByPhone,
            Some(at) if at <= due => ReportStatus::Reported,
            Some(_) => ReportStatus::Late,
            None if closed.is_some_and(|c| c <= due) => ReportStatus::CutOff,
            None if now > due => ReportStatus::Overdue,
            None => ReportStatus::Pending,
        }
    }
}

error_codes! {
    /// Why a whistle action was refused. Codes are stable; the web layer words them.
    WhistleError {
        #[error("only a street's officers, or a community worker to its own street, blow the whistle")]
        NotAWhistler = "not_a_whistler",
        #[error("only departments and enterprises are summoned")]
        NotSummonable = "not_summonable",
        #[error("the whistle is closed")]
        Closed = "whistle_closed",
        #[error("the whistle is still open")]
        NotClosed = "whistle_open",
        #[error("your unit was not summoned to this whistle")]
        NotSummoned = "not_summoned",
        #[error("only the street that blew the whistle may do this")]
        NotTheStreet = "not_the_street",
        #[error("the unit reported already")]
        AlreadyReported = "already_reported",
        #[error("the unit has not reported yet")]
        NotReported = "not_reported",
        #[error("the unit is summoned already")]
        AlreadySummoned = "already_summoned",
        #[error("closing while a unit has not reported needs a written reason")]
        ReasonNeeded = "reason_needed",
        #[error("this unit was rated already")]
        AlreadyRated = "already_rated",
        #[error("the rating can no longer be changed")]
        RatingLocked = "rating_locked",
        #[error("this unit has not been rated yet")]
        NotRated = "not_rated",
    }
}

impl WhistleError {
    /// Refusals for who the actor is (403) rather than the whistle's state (409).
    pub fn is_permission(self) -> bool {
        matches!(
            self,
            WhistleError::NotAWhistler | WhistleError::NotSummoned | WhistleError::NotTheStreet
        )
    }
}

/// The street a staff member may whistle for: their own street if they work a street (its officers and command
/// centre), or their community's street if they are a community worker; none otherwise.
pub fn whistling_street(
    unit_kind: UnitKind,
    unit_id: UnitId,
    street_of_unit: Option<UnitId>,
    works_street: bool,
    works_community: bool,
) -> Result<UnitId, WhistleError> {
    match unit_kind {
        UnitKind::Street | UnitKind::CommandCentre if works_street => street_of_unit
            .or(Some(unit_id))
            .ok_or(WhistleError::NotAWhistler),
        UnitKind::Community if works_community => street_of_unit.ok_or(WhistleError::NotAWhistler),
        _ => Err(WhistleError::NotAWhistler),
    }
}

/// Only departments and enterprises are summoned.
pub fn summonable(kind: UnitKind) -> bool {
    matches!(kind, UnitKind::Department | UnitKind::Enterprise)
}

/// A whistle as typed (form or API), before validation.
#[derive(Debug, Clone, Default)]
pub struct WhistleInput {
    pub reason: String,
    pub title: String,
    pub description: String,
    pub address: String,
    pub lat: String,
    pub lon: String,
    /// Minutes to report; empty means the reason's default.
    pub report_within_minutes: String,
}

/// A validated whistle (the units and cases are checked against the database by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct NewWhistle {
    pub reason: String,
    pub title: String,
    pub description: String,
    pub address: String,
    pub point: Option<GeoPoint>,
    pub report_minutes: Option<u32>,
}

impl WhistleInput {
    pub fn validate(&self, reasons: &[Reason]) -> Result<NewWhistle, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let reason = self.reason.trim();
        if reason.is_empty() {
            errors.add("reason", "required");
        } else if !reasons.iter().any(|r| r.code == reason) {
            errors.add("reason", "invalid_choice");
        }
        let title = validation::text(&mut errors, "title", &self.title, true, 100);
        let description =
            validation::text(&mut errors, "description", &self.description, true, 4000);
        let address = validation::text(&mut errors, "address", &self.address, true, 200);
        let point = crate::org::parse_point(&mut errors, &self.lat, &self.lon);
        let report_minutes = match self.report_within_minutes.trim() {
            "" => None,
            raw => match raw.parse::<u32>() {
                Ok(m) if (MIN_REPORT_MINUTES..=MAX_REPORT_MINUTES).contains(&m) => Some(m),
                _ => {
                    errors.add("report_within_minutes", "out_of_range");
                    None
                }
            },
        };
        errors.into_result(|| NewWhistle {
            reason: reason.to_owned(),
            title,
            description,
            address,
            point,
            report_minutes,
        })
    }
}

/// The report deadline: the street's minutes, or the reason's default.
pub fn report_due(blown_at: Millis, reason: &Reason, minutes: Option<u32>) -> Millis {
    blown_at + minutes.unwrap_or(reason.report_minutes) as Millis * 60_000
}

/// A whistle as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Whistle {
    pub id: String,
    pub whistle_no: WhistleNo,
    pub street_id: UnitId,
    /// The street, or the community that whistled to its street.
    pub blown_unit_id: UnitId,
    pub blown_by: Option<UserId>,
    pub reason: String,
    pub title: String,
    pub description: String,
    pub address: String,
    pub point: Option<GeoPoint>,
    pub report_minutes: u32,
    pub blown_at: Millis,
    pub status: WhistleStatus,
    pub outcome: String,
    pub close_reason: String,
    pub closed_at: Option<Millis>,
    pub version: i64,
}

/// A summoned unit on a whistle: its deadline, its report, and the street's rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summons {
    pub unit_id: UnitId,
    pub unit_code: String,
    pub unit_name: String,
    pub summoned_at: Millis,
    pub due_at: Millis,
    pub reported_at: Option<Millis>,
    pub on_site: Option<bool>,
    /// Who came: names of the unit's people.
    pub people: Vec<String>,
    pub action: String,
    pub rating: Option<Rating>,
    /// When the whistle was closed (a summons still due then was cut off).
    pub closed_at: Option<Millis>,
}

impl Summons {
    pub fn status(&self, now: Millis) -> ReportStatus {
        ReportStatus::at(
            self.due_at,
            self.reported_at,
            self.on_site.unwrap_or(false),
            self.closed_at,
            now,
        )
    }
}

/// The street's rating of one unit's response, each 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub timeliness: u8,
    pub attitude: u8,
    pub result: u8,
    pub comment: String,
    pub rated_at: Millis,
}

/// Checks three scores of 1–5 and a comment.
pub fn validate_rating(
    timeliness: i64,
    attitude: i64,
    result: i64,
    comment: &str,
    at: Millis,
) -> Result<Rating, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    for (field, v) in [
        ("timeliness", timeliness),
        ("attitude", attitude),
        ("result", result),
    ] {
        if !(1..=5).contains(&v) {
            errors.add(field, "out_of_range");
        }
    }
    let comment = validation::text(&mut errors, "comment", comment, false, 500);
    errors.into_result(|| Rating {
        timeliness: timeliness as u8,
        attitude: attitude as u8,
        result: result as u8,
        comment,
        rated_at: at,
    })
}

/// A summoned unit reports: open whistle, its unit summoned, not reported yet.
pub fn may_report(w: &Whistle, summons: Option<&Summons>) -> Result<(), WhistleError> {
    if w.status == WhistleStatus::Closed {
        return Err(WhistleError::Closed);
    }
    match summons {
        None => Err(WhistleError::NotSummoned),
        Some(s) if s.reported_at.is_some() => Err(WhistleError::AlreadyReported),
        Some(_) => Ok(()),
    }
}

/// A summoned unit adds progress after its report, while the whistle is open.
pub fn may_add_progress(w: &Whistle, summons: Option<&Summons>) -> Result<(), WhistleError> {
    if w.status == WhistleStatus::Closed {
        return Err(WhistleError::Closed);
    }
    match summons {
        None => Err(WhistleError::NotSummoned),
        Some(s) if s.reported_at.is_none() => Err(WhistleError::NotReported),
        Some(_) => Ok(()),
    }
}

/// The street summons more units to its open whistle.
pub fn may_summon(w: &Whistle, street: Option<UnitId>, already: bool) -> Result<(), WhistleError> {
    if street != Some(w.street_id) {
        return Err(WhistleError::NotTheStreet);
    }
    if w.status == WhistleStatus::Closed {
        return Err(WhistleError::Closed);
    }
    if already {
        return Err(WhistleError::AlreadySummoned);
    }
    Ok(())
}

/// 事不完、人不撤: only the street closes, with an outcome; with a written reason when a unit has not reported.
pub fn may_close(
    w: &Whistle,
    street: Option<UnitId>,
    summons: &[Summons],
    reason: &str,
) -> Result<(), WhistleError> {
    if street != Some(w.street_id) {
        return Err(WhistleError::NotTheStreet);
    }
    if w.status == WhistleStatus::Closed {
        return Err(WhistleError::Closed);
    }
    if summons.iter().any(|s| s.reported_at.is_none()) && reason.trim().is_empty() {
        return Err(WhistleError::ReasonNeeded);
    }
    Ok(())
}

/// After closing, the street rates each summoned unit once; a rating may be changed within seven days of being given.
pub fn may_rate(
    w: &Whistle,
    street: Option<UnitId>,
    summons: Option<&Summons>,
    change: bool,
    now: Millis,
) -> Result<(), WhistleError> {
    if street != Some(w.street_id) {
        return Err(WhistleError::NotTheStreet);
    }
    if w.status != WhistleStatus::Closed {
        return Err(WhistleError::NotClosed);
    }
    let Some(s) = summons else {
        return Err(WhistleError::NotSummoned);
    };
    match (&s.rating, change) {
        (Some(_), false) => Err(WhistleError::AlreadyRated),
        (None, true) => Err(WhistleError::NotRated),
        (Some(r), true) if now > r.rated_at + RATING_LOCK_MS => Err(WhistleError::RatingLocked),
        _ => Ok(()),
    }
}

/// The median of report times (minutes from summons to report) of reported units; none when nobody reported.
pub fn median_minutes(mut minutes: Vec<i64>) -> Option<f64> {
    if minutes.is_empty() {
        return None;
    }
    minutes.sort_unstable();
    let n = minutes.len();
    Some(if n % 2 == 1 {
        minutes[n / 2] as f64
    } else {
        (minutes[n / 2 - 1] + minutes[n / 2]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whistle(status: WhistleStatus) -> Whistle {
        Whistle {
            id: "w".into(),
            whistle_no: WhistleNo::new(20261202, 1),
            street_id: UnitId(uuid::Uuid::from_u64_pair(1, 1)),
            blown_unit_id: UnitId(uuid::Uuid::from_u64_pair(1, 1)),
            blown_by: None,
            reason: "emergency".into(),
            title: "t".into(),
            description: "d".into(),
            address: "a".into(),
            point: None,
            report_minutes: 30,
            blown_at: 0,
            status,
            outcome: String::new(),
            close_reason: String::new(),
            closed_at: None,
            version: 1,
        }
    }

    fn summons(reported: Option<Millis>) -> Summons {
        Summons {
            unit_id: UnitId::new(),
            unit_code: "dept.cgzf".into(),
            unit_name: "区城管执法局".into(),
            summoned_at: 0,
            due_at: 1_800_000,
            reported_at: reported,
            on_site: reported.map(|_| true),
            people: vec![],
            action: String::new(),
            rating: None,
            closed_at: None,
        }
    }

    #[test]
    fn whistle_numbers_are_w_date_and_sequence() {
        let no = WhistleNo::new(20261202, 7);
        assert_eq!(no.as_str(), "W202612020007");
        assert_eq!(WhistleNo::parse("W202612020007"), Some(no));
        assert_eq!(WhistleNo::parse("X202612020007"), None);
        assert_eq!(WhistleNo::parse("W2026120200"), None);
    }

    #[test]
    fn report_status_is_read_at_an_instant() {
        let due = 1_800_000;
        let at =
            |reported, on_site, closed, now| ReportStatus::at(due, reported, on_site, closed, now);
        assert_eq!(
            at(None, false, None, due),
            ReportStatus::Pending,
            "the deadline itself is still in time"
        );
        assert_eq!(
            at(None, false, None, due + 1),
            ReportStatus::Overdue,
            "overdue at once"
        );
        assert_eq!(at(Some(due), true, None, due + 99), ReportStatus::Reported);
        assert_eq!(at(Some(due + 1), true, None, due + 99), ReportStatus::Late);
        // 报到 is coming to the scene: a telephone answer is guidance, never a report, in time or not.
        assert_eq!(
            at(Some(due - 60_000), false, None, due + 99),
            ReportStatus::ByPhone
        );
        // Closed by the street 25 minutes before the unit's deadline: neither late nor missing, then or later.
        let closed = Some(due - 25 * 60_000);
        assert_eq!(
            at(None, false, closed, due + 86_400_000),
            ReportStatus::CutOff
        );
        assert_eq!(
            at(None, false, Some(due + 1), due + 2),
            ReportStatus::Overdue,
            "closed after the deadline had passed: missing"
        );
    }

    #[test]
    fn streets_whistle_and_communities_whistle_to_their_street() {
        let street = UnitId::new();
        let community = UnitId::new();
        assert_eq!(
            whistling_street(UnitKind::Street, street, Some(street), true, false),
            Ok(street)
        );
        assert_eq!(
            whistling_street(UnitKind::Community, community, Some(street), false, true),
            Ok(street)
        );
        assert_eq!(
            whistling_street(UnitKind::Department, UnitId::new(), None, false, false),
            Err(WhistleError::NotAWhistler)
        );
        assert_eq!(
            whistling_street(UnitKind::Street, street, Some(street), false, false),
            Err(WhistleError::NotAWhistler),
            "a street's care administrator does not whistle"
        );
        assert!(
            summonable(UnitKind::Department)
                && summonable(UnitKind::Enterprise)
                && !summonable(UnitKind::Street)
        );
    }

    #[test]
    fn the_deadline_is_the_reasons_or_the_streets() {
        let reason = Reason {
            code: "emergency".into(),
            name: "应急".into(),
            report_minutes: 30,
        };
        assert_eq!(report_due(1000, &reason, None), 1000 + 30 * 60_000);
        assert_eq!(report_due(1000, &reason, Some(15)), 1000 + 15 * 60_000);
        let bad = WhistleInput {
            reason: "party".into(),
            report_within_minutes: "5".into(),
            ..Default::default()
        }
        .validate(std::slice::from_ref(&reason))
        .unwrap_err();
        assert_eq!(bad.code_for("reason"), Some("invalid_choice"));
        assert_eq!(bad.code_for("report_within_minutes"), Some("out_of_range"));
        assert_eq!(bad.code_for("title"), Some("required"));
    }

    #[test]
    fn only_the_street_closes_and_a_missing_report_needs_a_reason() {
        let w = whistle(WhistleStatus::Open);
        let street = Some(w.street_id);
        let other = Some(UnitId::new());
        let all = [summons(Some(60_000))];
        let missing = [summons(Some(60_000)), summons(None)];
        assert_eq!(
            may_close(&w, other, &all, ""),
            Err(WhistleError::NotTheStreet)
        );
        assert_eq!(may_close(&w, street, &all, ""), Ok(()));
        assert_eq!(
            may_close(&w, street, &missing, " "),
            Err(WhistleError::ReasonNeeded)
        );
        assert_eq!(
            may_close(&w, street, &missing, "燃气公司电话确认已远程关阀"),
            Ok(())
        );
        assert_eq!(
            may_close(&whistle(WhistleStatus::Closed), street, &all, ""),
            Err(WhistleError::Closed)
        );
    }

    #[test]
    fn reports_come_from_summoned_units_once_and_progress_after() {
        let open = whistle(WhistleStatus::Open);
        assert_eq!(may_report(&open, None), Err(WhistleError::NotSummoned));
        assert_eq!(may_report(&open, Some(&summons(None))), Ok(()));
        assert_eq!(
            may_report(&open, Some(&summons(Some(1)))),
            Err(WhistleError::AlreadyReported)
        );
        assert_eq!(
            may_report(&whistle(WhistleStatus::Closed), Some(&summons(None))),
            Err(WhistleError::Closed)
        );
        assert_eq!(
            may_add_progress(&open, Some(&summons(None))),
            Err(WhistleError::NotReported)
        );
        assert_eq!(may_add_progress(&open, Some(&summons(Some(1)))), Ok(()));
        assert_eq!(
            may_summon(&open, Some(open.street_id), true),
            Err(WhistleError::AlreadySummoned)
        );
    }

    #[test]
    fn ratings_after_closing_once_changeable_for_seven_days() {
        let closed = whistle(WhistleStatus::Closed);
        let street = Some(closed.street_id);
        let mut s = summons(Some(1));
        assert_eq!(
            may_rate(&whistle(WhistleStatus::Open), street, Some(&s), false, 0),
            Err(WhistleError::NotClosed)
        );
        assert_eq!(
            may_rate(&closed, Some(UnitId::new()), Some(&s), false, 0),
            Err(WhistleError::NotTheStreet)
        );
        assert_eq!(
            may_rate(&closed, street, Some(&s), true, 0),
            Err(WhistleError::NotRated)
        );
        assert_eq!(may_rate(&closed, street, Some(&s), false, 0), Ok(()));
        s.rating = Some(validate_rating(5, 4, 3, "到场及时", 1_000).unwrap());
        assert_eq!(
            may_rate(&closed, street, Some(&s), false, 2_000),
            Err(WhistleError::AlreadyRated)
        );
        // Seven days from the rating, written out (7 × 24 × 3,600,000 ms): changeable to the last millisecond.
        let week: Millis = 604_800_000;
        assert_eq!(
            may_rate(&closed, street, Some(&s), true, 1_000 + week),
            Ok(())
        );
        assert_eq!(
            may_rate(&closed, street, Some(&s), true, 1_001 + week),
            Err(WhistleError::RatingLocked)
        );
        let bad = validate_rating(0, 6, 3, "", 0).unwrap_err();
        assert_eq!(
            (
                bad.code_for("timeliness"),
                bad.code_for("attitude"),
                bad.code_for("result")
            ),
            (Some("out_of_range"), Some("out_of_range"), None)
        );
    }

    #[test]
    fn the_median_report_time() {
        assert_eq!(median_minutes(vec![]), None);
        assert_eq!(median_minutes(vec![30, 10, 20]), Some(20.0));
        assert_eq!(median_minutes(vec![10, 20, 30, 40]), Some(25.0));
    }
}
