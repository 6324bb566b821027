//! The official working-day calendar (工作日): the PRC's published holiday schedule, including make-up working days
//! (调休), and the deadline rules built on it.
//!
//! Rules:
//! - A deadline of N working days ends at the end (24:00, Beijing time) of the Nth working day after the day of
//!   receipt; the day of receipt does not count.
//! - Within a loaded year, a day is a working day when it is a make-up day (`work`), or a Monday–Friday that is not a
//!   day off (`off`). Outside the loaded years the plain weekday rule applies, and any result that depended on such a
//!   day is marked provisional, to be recomputed when that year's schedule is loaded.
//! - Working time is time that falls on working days (whole days, 00:00–24:00); a pause moves a deadline by the working
//!   time it lasted.
//!
//! Schedules come as text in the format of `data/cn-holidays-2025-2026.toml` (one `[YEAR]` table with `off` and `work`
//! arrays of ISO dates), parsed here without a TOML library; a new year loads without a code change.

use std::collections::{BTreeSet, HashSet};

use jiff::civil::{Date, Weekday};

use crate::{CHINA_OFFSET_SECONDS, Millis};

/// The schedules shipped with gongzhi.
pub const SHIPPED_SCHEDULES: &str = include_str!("../data/cn-holidays-2025-2026.toml");

const DAY_MS: Millis = 86_400_000;

/// One year's published schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    pub year: i16,
    /// Days off, including the weekend days folded into holidays.
    pub off: Vec<Date>,
    /// Make-up working days: Saturdays or Sundays that are working days.
    pub work: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("{date} is listed under [{year}] but belongs to another year")]
    WrongYear { year: i16, date: Date },
    #[error("{date} is listed as a make-up working day but is not a Saturday or Sunday")]
    WorkdayNotWeekend { date: Date },
    #[error("{date} is listed both as a day off and as a working day")]
    BothOffAndWork { date: Date },
    #[error("no [YEAR] table found")]
    Empty,
}

/// Parses schedule text: `[2027]` tables with `off = ["2027-01-01", …]` and `work = […]`, `#` comments anywhere.
pub fn parse_schedules(text: &str) -> Result<Vec<YearSchedule>, CalendarError> {
    let mut out: Vec<YearSchedule> = Vec::new();
    // Which array is open: (key, line where it opened).
    let mut open: Option<(String, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let syntax = |message: &str| CalendarError::Syntax {
            line: line_no,
            message: message.to_owned(),
        };
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut rest = line;
        if open.is_none() {
            if let Some(header) = rest.strip_prefix('[') {
                let year = header
                    .strip_suffix(']')
                    .ok_or_else(|| syntax("a table header must be [YEAR]"))?;
                let year: i16 = year
                    .trim()
                    .parse()
                    .map_err(|_| syntax("a table header must be [YEAR]"))?;
                if !(1990..=2200).contains(&year) {
                    return Err(syntax("the year is out of range"));
                }
                out.push(YearSchedule {
                    year,
                    off: Vec::new(),
                    work: Vec::new(),
                });
                continue;
            }
            let (key, value) = rest
                .split_once('=')
                .ok_or_else(|| syntax("expected `off = [...]` or `work = [...]`"))?;
            let key = key.trim();
            if key != "off" && key != "work" {
                return Err(syntax("only `off` and `work` keys are allowed"));
            }
            if out.is_empty() {
                return Err(syntax("a key before any [YEAR] table"));
            }
            rest = value
                .trim()
                .strip_prefix('[')
                .ok_or_else(|| syntax("expected `[` after `=`"))?;
            open = Some((key.to_owned(), line_no));
        }
        // Inside an array: quoted dates separated by commas, possibly closed on this line.
        let (items, closes) = match rest.find(']') {
            Some(pos) => {
                if !rest[pos + 1..].trim().is_empty() {
                    return Err(syntax("unexpected text after `]`"));
                }
                (&rest[..pos], true)
            }
            None => (rest, false),
        };
        let (key, _) = open.as_ref().expect("inside an array");
        let schedule = out.last_mut().expect("a table is open");
        for item in items.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let quoted = item
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .ok_or_else(|| syntax("dates must be quoted"))?;
            let date: Date = quoted
                .parse()
                .map_err(|_| syntax(&format!("`{quoted}` is not a date (YYYY-MM-DD)")))?;
            if key == "off" {
                schedule.off.push(date)
            } else {
                schedule.work.push(date)
            }
        }
        if closes {
            open = None;
        }
    }
    if let Some((_, line)) = open {
        return Err(CalendarError::Syntax {
            line,
            message: "an array is never closed with `]`".into(),
        });
    }
    if out.is_empty() {
        return Err(CalendarError::Empty);
    }
    for s in &out {
        let off: HashSet<Date> = s.off.iter().copied().collect();
        for &d in s.off.iter().chain(&s.work) {
            if d.year() != s.year {
                return Err(CalendarError::WrongYear {
                    year: s.year,
                    date: d,
                });
            }
        }
        for &d in &s.work {
            if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
                return Err(CalendarError::WorkdayNotWeekend { date: d });
            }
            if off.contains(&d) {
                return Err(CalendarError::BothOffAndWork { date: d });
            }
        }
    }
    Ok(out)
}

/// A deadline and whether it rests on a year whose schedule is not loaded yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub at: Millis,
    pub provisional: bool,
}

/// The calendar: every loaded year's days off and make-up days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeSet<i16>,
    off: HashSet<Date>,
    work: HashSet<Date>,
}

fn offset() -> jiff::tz::Offset {
    jiff::tz::Offset::from_seconds(CHINA_OFFSET_SECONDS).expect("UTC+8")
}

/// The district's calendar date of an instant.
pub fn local_date(at: Millis) -> Date {
    let ts = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    offset().to_datetime(ts).date()
}

/// 00:00 Beijing time of a date, as an instant.
pub fn start_of(date: Date) -> Millis {
    offset()
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .map(|t| t.as_millisecond())
        .unwrap_or(0)
}

impl Calendar {
    /// A calendar with the schedules shipped with gongzhi.
    pub fn shipped() -> Calendar {
        let mut c = Calendar::default();
        for s in parse_schedules(SHIPPED_SCHEDULES).expect("the shipped schedule parses") {
            c.load(&s);
        }
        c
    }

    /// Adds (or replaces) one year's schedule.
    pub fn load(&mut self, schedule: &YearSchedule) {
        self.off.retain(|d| d.year() != schedule.year);
        self.work.retain(|d| d.year() != schedule.year);
        self.years.insert(schedule.year);
        self.off.extend(schedule.off.iter().copied());
        self.work.extend(schedule.work.iter().copied());
    }

    pub fn loaded_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.iter().copied()
    }

    pub fn is_loaded(&self, year: i16) -> bool {
        self.years.contains(&year)
    }

    /// Whether a date is a working day, and whether the answer is provisional (its year is not loaded).
    pub fn is_working_day(&self, date: Date) -> (bool, bool) {
        if !self.years.contains(&date.year()) {
            let weekday = !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
            return (weekday, true);
        }
        if self.work.contains(&date) {
            return (true, false);
        }
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        (!weekend && !self.off.contains(&date), false)
    }

    /// The end of the `days`-th calendar day after `at`'s day, moved to the end of the next working day when it is not
    /// one: a period in days starts the next day and one ending on a holiday ends on the next working day (民法典
    /// arts. 201, 203; 民事诉讼法 art. 85).
    pub fn days_after(&self, at: Millis, days: i64) -> Millis {
        self.end_of_working(
            local_date(at)
                .checked_add(jiff::Span::new().days(days))
                .expect("dates stay in range"),
        )
    }

    /// The end of the day `months` months after `at`'s day, moved past a holiday likewise.
    pub fn months_after(&self, at: Millis, months: i64) -> Millis {
        self.end_of_working(
            local_date(at)
                .checked_add(jiff::Span::new().months(months))
                .expect("dates stay in range"),
        )
    }

    fn end_of_working(&self, mut day: Date) -> Millis {
        while !self.is_working_day(day).0 {
            day = day.tomorrow().expect("dates stay in range");
        }
        start_of(day.tomorrow().expect("dates stay in range"))
    }

    /// The end of the `n`th working day after the day of `received_at` (the day of receipt does not count).
    pub fn deadline(&self, received_at: Millis, n: u32) -> Deadline {
        let mut date = local_date(received_at);
        let mut provisional = false;
        let mut counted = 0;
        while counted < n {
            date = date.tomorrow().expect("dates stay in range");
            let (working, p) = self.is_working_day(date);
            provisional |= p;
            if working {
                counted += 1;
            }
        }
        let end = date.tomorrow().expect("dates stay in range");
        Deadline {
            at: start_of(end),
            provisional,
        }
    }

    /// Working time (milliseconds falling on working days) between two instants; zero if `to` is not after `from`.
    pub fn working_time_between(&self, from: Millis, to: Millis) -> Millis {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut date = local_date(from);
        loop {
            let day_start = start_of(date);
            let day_end = day_start + DAY_MS;
            let (a, b) = (from.max(day_start), to.min(day_end));
            if b > a && self.is_working_day(date).0 {
                total += b - a;
            }
            if day_end >= to {
                break;
            }
            date = date.tomorrow().expect("dates stay in range");
        }
        total
    }

    /// The instant that lies `working` milliseconds of working time after `at`. Adding zero returns `at`.
    pub fn add_working_time(&self, at: Millis, working: Millis) -> Deadline {
        let mut remaining = working.max(0);
        let mut cursor = at;
        let mut provisional = false;
        let mut date = local_date(at);
        while remaining > 0 {
            let day_end = start_of(date) + DAY_MS;
            let (working_day, p) = self.is_working_day(date);
            provisional |= p;
            if working_day {
                let available = day_end - cursor;
                if remaining <= available {
                    return Deadline {
                        at: cursor + remaining,
                        provisional,
                    };
                }
                remaining -= available;
            }
            date = date.tomorrow().expect("dates stay in range");
            cursor = start_of(date);
        }
        Deadline {
            at: cursor,
            provisional,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Beijing local time to an instant.
    fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Millis {
        offset()
            .to_timestamp(jiff::civil::datetime(y, m, d, h, min, 0, 0))
            .unwrap()
            .as_millisecond()
    }

    fn cal() -> Calendar {
        Calendar::shipped()
    }

    #[test]
    fn the_shipped_schedules_parse() {
        let s = parse_schedules(SHIPPED_SCHEDULES).unwrap();
        assert_eq!(
            s.iter().map(|y| y.year).collect::<Vec<_>>(),
            vec![2025, 2026]
        );
        assert_eq!(s[0].off.len(), 28);
        assert_eq!(s[1].work.len(), 6);
    }

    #[test]
    fn holidays_are_off_and_make_up_days_are_working() {
        let c = cal();
        assert_eq!(
            c.is_working_day(date(2025, 10, 1)),
            (false, false),
            "National Day"
        );
        assert_eq!(
            c.is_working_day(date(2025, 10, 11)),
            (true, false),
            "a Saturday make-up day"
        );
        assert_eq!(
            c.is_working_day(date(2025, 10, 12)),
            (false, false),
            "an ordinary Sunday"
        );
        assert_eq!(
            c.is_working_day(date(2026, 2, 14)),
            (true, false),
            "Saturday before Spring Festival"
        );
        assert_eq!(
            c.is_working_day(date(2026, 2, 16)),
            (false, false),
            "Spring Festival Monday"
        );
        assert_eq!(
            c.is_working_day(date(2026, 11, 27)),
            (true, false),
            "an ordinary Friday"
        );
        assert_eq!(
            c.is_working_day(date(2027, 1, 1)),
            (true, true),
            "an unloaded year: weekday rule, provisional"
        );
    }

    #[test]
    fn a_deadline_ends_at_the_end_of_the_nth_working_day_after_receipt() {
        let c = cal();
        // Received Tuesday 2026-11-24 15:00; 3 working days: Wed 25, Thu 26, Fri 27 → due at 24:00 on Friday.
        assert_eq!(
            c.deadline(at(2026, 11, 24, 15, 0), 3),
            Deadline {
                at: at(2026, 11, 28, 0, 0),
                provisional: false
            }
        );
        // Received at 23:59 still counts from the next day.
        assert_eq!(
            c.deadline(at(2026, 11, 24, 23, 59), 1).at,
            at(2026, 11, 26, 0, 0)
        );
        // Received on Friday: the weekend does not count.
        assert_eq!(
            c.deadline(at(2026, 11, 27, 9, 0), 1).at,
            at(2026, 12, 1, 0, 0)
        );
    }

    #[test]
    fn national_day_and_its_make_up_saturday_are_respected() {
        // Received 2025-09-30: Oct 1–8 off; Thu 9 (1), Fri 10 (2), Sat 11 make-up (3), Sun 12 off, Mon 13 (4), Tue 14 (5).
        let due = cal().deadline(at(2025, 9, 30, 10, 0), 5);
        assert_eq!(
            due,
            Deadline {
                at: at(2025, 10, 15, 0, 0),
                provisional: false
            }
        );
    }

    #[test]
    fn a_deadline_beyond_the_loaded_years_is_provisional_until_the_year_is_loaded() {
        let mut c = cal();
        // Received Wed 2026-12-30: Thu 31 (1); 2027 unknown: Fri Jan 1 counts by the weekday rule (2), Mon 4 (3).
        let due = c.deadline(at(2026, 12, 30, 10, 0), 3);
        assert_eq!(
            due,
            Deadline {
                at: at(2027, 1, 5, 0, 0),
                provisional: true
            }
        );
        // The 2027 schedule arrives: New Year's Day is off.
        let s = parse_schedules("[2027]\noff = [\"2027-01-01\"]  # 元旦\nwork = []\n").unwrap();
        c.load(&s[0]);
        let due = c.deadline(at(2026, 12, 30, 10, 0), 3);
        assert_eq!(
            due,
            Deadline {
                at: at(2027, 1, 6, 0, 0),
                provisional: false
            }
        );
        // Within loaded years nothing is provisional.
        assert!(!c.deadline(at(2026, 12, 1, 10, 0), 10).provisional);
    }

    #[test]
    fn working_time_counts_only_working_days() {
        let c = cal();
        // Friday 17:00 to Monday 09:00: 7 hours on Friday and 9 on Monday.
        let paused = c.working_time_between(at(2026, 11, 27, 17, 0), at(2026, 11, 30, 9, 0));
        assert_eq!(paused, 16 * 3_600_000);
        assert_eq!(
            c.working_time_between(at(2026, 11, 28, 8, 0), at(2026, 11, 29, 20, 0)),
            0,
            "a weekend"
        );
        assert_eq!(
            c.working_time_between(at(2026, 11, 30, 9, 0), at(2026, 11, 27, 9, 0)),
            0
        );
    }

    #[test]
    fn a_pause_moves_the_deadline_by_its_working_time() {
        let c = cal();
        let due = at(2026, 11, 28, 0, 0); // end of Friday 27th
        // Sixteen hours of working time after Friday 24:00: skips the weekend, lands Monday 16:00.
        assert_eq!(
            c.add_working_time(due, 16 * 3_600_000).at,
            at(2026, 11, 30, 16, 0)
        );
        // A whole working day after Friday 24:00 is Monday 24:00.
        assert_eq!(
            c.add_working_time(due, 86_400_000).at,
            at(2026, 12, 1, 0, 0)
        );
        assert_eq!(c.add_working_time(due, 0).at, due);
        // Spring Festival 2026: a day after Friday 2026-02-13 24:00 is the make-up Saturday the 14th at 24:00.
        assert_eq!(
            c.add_working_time(at(2026, 2, 14, 0, 0), 86_400_000).at,
            at(2026, 2, 15, 0, 0)
        );
    }

    #[test]
    fn bad_schedules_are_refused_with_the_line() {
        assert!(matches!(
            parse_schedules("off = [\"2027-01-01\"]"),
            Err(CalendarError::Syntax { line: 1, .. })
        ));
        assert!(matches!(
            parse_schedules("[2027]\noff = [\"2027-02-30\"]"),
            Err(CalendarError::Syntax { line: 2, .. })
        ));
        assert!(matches!(
            parse_schedules("[2027]\noff = [\"2027-01-01\""),
            Err(CalendarError::Syntax { line: 2, .. })
        ));
        assert_eq!(
            parse_schedules("[2027]\nwork = [\"2027-01-04\"]"),
            Err(CalendarError::WorkdayNotWeekend {
                date: date(2027, 1, 4)
            })
        );
        assert_eq!(
            parse_schedules("[2027]\noff = [\"2026-12-31\"]"),
            Err(CalendarError::WrongYear {
                year: 2027,
                date: date(2026, 12, 31)
            })
        );
        assert_eq!(parse_schedules("# nothing\n"), Err(CalendarError::Empty));
    }
}
