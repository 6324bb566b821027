//! gongzhi's domain: the pure types and rules of district governance (units, roles, cases, the audit chain).
//!
//! This crate does no I/O. It knows nothing of databases, HTTP or async runtimes; a check in the server's test suite
//! fails if it ever depends on sqlx, axum or tokio. Every validated value is a newtype that can only be built by parsing,
//! so once a `PhoneNumber` or a `CaseNo` exists it is valid.

/// Declares a fieldless enum with stable snake_case codes, its `ALL`, `code()` and `parse()`.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }
            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

/// Declares an error enum of refusals with stable snake_case codes: the `thiserror` messages, `ALL` and `code()`
/// from one list, so a list of every refusal (the messages' completeness test) cannot miss one.
macro_rules! error_codes {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
        pub enum $name { $($(#[$vm])* $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }
        }
    };
}

pub mod accounts;
pub mod anonymise;
pub mod assessment;
pub mod audit;
pub mod calendar;
pub mod care;
pub mod cases;
pub mod catalogue;
pub mod consult;
pub mod dispute;
pub mod enforcement;
pub mod export;
pub mod gazetteer;
pub mod geo;
pub mod import;
pub mod kb;
pub mod lifecycle;
pub mod notify;
pub mod open311;
pub mod org;
pub mod powers;
pub mod replies;
pub mod routing;
pub mod search;
pub mod suggest;
pub mod validation;
pub mod whistle;

/// Milliseconds since the Unix epoch, UTC. Storage keeps every instant in this form so both backends agree.
pub type Millis = i64;

/// The district's wall clock: Asia/Shanghai has had no daylight saving since 1991, so a fixed UTC+8 offset is exact
/// for every date this software handles and needs no time-zone database.
pub const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// Formats an instant for people in the district ("2026-11-27 21:35").
/// A deadline in the district's local time: one that falls at midnight is the end of the day before, written as
/// people say it (`2026-12-03 24:00`, 当日 24 时), not as the next day's 00:00.
pub fn format_deadline(at: Millis) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(at) else {
        return String::new();
    };
    let offset =
        jiff::tz::Offset::from_seconds(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset");
    let dt = offset.to_datetime(ts);
    if dt.time() == jiff::civil::Time::midnight() {
        let day = dt.date().yesterday().unwrap_or(dt.date());
        return format!(
            "{:04}-{:02}-{:02} 24:00",
            day.year(),
            day.month(),
            day.day()
        );
    }
    format_local(at)
}

pub fn format_local(at: Millis) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(at) else {
        return String::new();
    };
    let offset =
        jiff::tz::Offset::from_seconds(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset");
    let dt = offset.to_datetime(ts);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute()
    )
}

/// The district's calendar date of an instant, as `YYYYMMDD` (used in case numbers and for grouping by day).
pub fn local_yyyymmdd(at: Millis) -> u32 {
    let ts = jiff::Timestamp::from_millisecond(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let offset =
        jiff::tz::Offset::from_seconds(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset");
    let d = offset.to_datetime(ts).date();
    d.year() as u32 * 10_000 + d.month() as u32 * 100 + d.day() as u32
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_deadline_at_midnight_is_the_day_befores_24_oclock() {
        let midnight = crate::calendar::start_of(jiff::civil::date(2026, 12, 4));
        assert_eq!(super::format_deadline(midnight), "2026-12-03 24:00");
        assert_eq!(
            super::format_deadline(midnight + 60_000),
            "2026-12-04 00:01"
        );
        assert_eq!(super::format_local(midnight), "2026-12-04 00:00");
    }

    use super::*;

    #[test]
    fn local_time_is_eight_hours_ahead_of_utc_across_midnight() {
        // 2026-11-27 16:30 UTC is already 2026-11-28 00:30 in Beijing.
        let at = jiff::Timestamp::from_second(1_795_797_000)
            .unwrap()
            .as_millisecond();
        assert_eq!(format_local(at), "2026-11-28 00:30");
        assert_eq!(local_yyyymmdd(at), 20261128);
    }
}
