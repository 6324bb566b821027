//! The official holiday schedules, loaded year by year into the database so that every app server computes the same
//! deadlines, and administrators can add a new year without a code change.

use serde_json::json;
use sqlx::Row;

use gongzhi_domain::calendar::{Calendar, YearSchedule};

use crate::{Actor, Result, Store, audit};

/// A loaded year's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedYear {
    pub year: i64,
    pub source: String,
    pub loaded_at: i64,
    pub days_off: i64,
    pub make_up_days: i64,
}

impl Store {
    /// The calendar as loaded in the database.
    pub async fn load_calendar(&self) -> Result<Calendar> {
        let years = sqlx::query("SELECT year FROM calendar_years")
            .fetch_all(&self.read)
            .await?;
        let days = sqlx::query("SELECT day, year, kind FROM calendar_days")
            .fetch_all(&self.read)
            .await?;
        let mut schedules: std::collections::BTreeMap<i64, YearSchedule> =
            std::collections::BTreeMap::new();
        for y in &years {
            let year: i64 = y.try_get(0)?;
            schedules.insert(
                year,
                YearSchedule {
                    year: year as i16,
                    off: Vec::new(),
                    work: Vec::new(),
                },
            );
        }
        for d in &days {
            let (day, year, kind): (String, i64, String) =
                (d.try_get(0)?, d.try_get(1)?, d.try_get(2)?);
            let Ok(date) = day.parse::<jiff::civil::Date>() else {
                continue;
            };
            if let Some(s) = schedules.get_mut(&year) {
                if kind == "work" {
                    s.work.push(date)
                } else {
                    s.off.push(date)
                }
            }
        }
        let mut calendar = Calendar::default();
        for s in schedules.values() {
            calendar.load(s);
        }
        Ok(calendar)
    }

    /// Loads (or replaces) one year's schedule, audited.
    pub async fn save_schedule(
        &self,
        actor: &Actor,
        schedule: &YearSchedule,
        source: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let year = schedule.year as i64;
        sqlx::query("DELETE FROM calendar_days WHERE year = $1")
            .bind(year)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO calendar_years (year, source, loaded_at) VALUES ($1, $2, $3) \
             ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at",
        )
        .bind(year)
        .bind(source)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        for (kind, days) in [("off", &schedule.off), ("work", &schedule.work)] {
            for d in days {
                sqlx::query("INSERT INTO calendar_days (day, year, kind) VALUES ($1, $2, $3)")
                    .bind(d.to_string())
                    .bind(year)
                    .bind(kind)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let detail = json!({ "year": year, "off": schedule.off.len(), "work": schedule.work.len(), "source": source });
        audit::append(
            &mut tx,
            actor,
            "calendar.load",
            "calendar",
            &year.to_string(),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn calendar_years(&self) -> Result<Vec<LoadedYear>> {
        let rows = sqlx::query(
            "SELECT y.year, y.source, y.loaded_at, \
             (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'off'), \
             (SELECT COUNT(*) FROM calendar_days d WHERE d.year = y.year AND d.kind = 'work') \
             FROM calendar_years y ORDER BY y.year",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LoadedYear {
                    year: r.try_get(0)?,
                    source: r.try_get(1)?,
                    loaded_at: r.try_get(2)?,
                    days_off: r.try_get(3)?,
                    make_up_days: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Open cases whose handling deadline rests on a year not loaded yet.
    /// How many open cases have a provisional deadline (the administrator's reminder), without reading them.
    pub async fn count_provisional_cases(&self) -> Result<i64> {
        let row = sqlx::query(crate::sql(format!(
            "SELECT COUNT(*) FROM cases WHERE handle_due_provisional = 1 AND status IN {}",
            crate::cases::OPEN
        )))
        .fetch_one(&self.read)
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn provisional_cases(&self) -> Result<Vec<gongzhi_domain::cases::Case>> {
        let rows = sqlx::query(crate::sql(format!(
            "SELECT {} FROM cases WHERE handle_due_provisional = 1 AND status IN {} ORDER BY received_at",
            crate::cases::CASE_COLUMNS,
            crate::cases::OPEN
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(crate::cases::case_from_row).collect()
    }
}

impl Store {
    /// Loads the holiday schedules shipped with gongzhi when no year is loaded yet (every fresh database).
    pub async fn ensure_calendar(&self, actor: &Actor) -> Result<bool> {
        if !self.calendar_years().await?.is_empty() {
            return Ok(false);
        }
        let schedules =
            gongzhi_domain::calendar::parse_schedules(gongzhi_domain::calendar::SHIPPED_SCHEDULES)
                .expect("the shipped schedules parse");
        for s in &schedules {
            self.save_schedule(actor, s, "shipped").await?;
        }
        Ok(true)
    }
}
