//! The care network and long-term-care insurance in the database: facilities and their services, subsidy rules,
//! service records (the once-a-day subsidy guarded by a unique index, so two app servers cannot both grant it), the
//! accident insurance roster, the insured and their contributions, benefit rules, care plans and monthly settlements.

use std::collections::HashMap;

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::Millis;
use gongzhi_domain::care::Need;
use gongzhi_domain::care::ltc::{
    Category, ContributionRule, LevelRule, Line, Payer, SettlementStatus, Totals,
};
use gongzhi_domain::care::services::{Meal, Place, PlanLine, SubsidyRule, Tier};
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::{UnitId, UserId};

use crate::{
    Actor, BindExt, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id, sql,
};

use super::coded;

fn stale() -> StoreError {
    StoreError::Conflict {
        constraint: "stale_version".into(),
    }
}

/// A facility of the care network.
#[derive(Debug, Clone)]
pub struct Facility {
    pub id: String,
    pub unit_id: Option<UnitId>,
    pub name: String,
    pub tier: Tier,
    pub operator: String,
    pub alliance: bool,
    pub street_id: Option<UnitId>,
    pub community_id: Option<UnitId>,
    pub beds: i64,
    pub day_seats: i64,
    pub meals_per_day: i64,
    pub home_care_slots: i64,
    pub radius_m: i64,
    pub point: Option<GeoPoint>,
    pub active: bool,
    /// Services offered and the price of one unit (fen).
    pub prices: Vec<(Need, i64)>,
}

const FACILITY_COLUMNS: &str = "id, unit_id, name, tier, operator, alliance, street_id, community_id, beds, day_seats, meals_per_day, home_care_slots, radius_m, lat, lon, active";

fn facility_from_row(r: &AnyRow) -> Result<Facility> {
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    Ok(Facility {
        id: r.try_get("id")?,
        unit_id: opt_id(r, "unit_id", UnitId::parse)?,
        name: r.try_get("name")?,
        tier: coded(r, "tier", Tier::parse)?,
        operator: r.try_get("operator")?,
        alliance: r.try_get::<i64, _>("alliance")? != 0,
        street_id: opt_id(r, "street_id", UnitId::parse)?,
        community_id: opt_id(r, "community_id", UnitId::parse)?,
        beds: r.try_get("beds")?,
        day_seats: r.try_get("day_seats")?,
        meals_per_day: r.try_get("meals_per_day")?,
        home_care_slots: r.try_get("home_care_slots")?,
        radius_m: r.try_get("radius_m")?,
        point: lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }),
        active: r.try_get::<i64, _>("active")? != 0,
        prices: Vec::new(),
    })
}

/// A service delivery as stored.
#[derive(Debug, Clone)]
pub struct ServiceRecord {
    pub id: String,
    pub elder_id: String,
    pub facility_id: String,
    pub service: Need,
    pub served_by: Option<UserId>,
    pub started_at: Millis,
    pub minutes: i64,
    pub place: Place,
    pub meal: Option<Meal>,
    pub units: i64,
    pub local_day: i64,
    pub month: i64,
    pub price_fen: i64,
    pub subsidy_fen: i64,
    pub subsidy_rule: Option<String>,
    pub charged_fen: i64,
    pub plan_id: Option<String>,
    pub status: String,
    pub reject_note: String,
    pub recorded_at: Millis,
}

const RECORD_COLUMNS: &str = "id, elder_id, facility_id, service, served_by, started_at, minutes, place, meal, units, local_day, month, price_fen, subsidy_fen, \
    subsidy_rule, charged_fen, plan_id, status, reject_note, recorded_at";

fn record_from_row(r: &AnyRow) -> Result<ServiceRecord> {
    let meal: Option<String> = r.try_get("meal")?;
    Ok(ServiceRecord {
        id: r.try_get("id")?,
        elder_id: r.try_get("elder_id")?,
        facility_id: r.try_get("facility_id")?,
        service: coded(r, "service", Need::parse)?,
        served_by: opt_id(r, "served_by", UserId::parse)?,
        started_at: r.try_get("started_at")?,
        minutes: r.try_get("minutes")?,
        place: coded(r, "place", Place::parse)?,
        meal: meal
            .as_deref()
            .map(|m| Meal::parse(m).ok_or_else(|| decode_err("meal")))
            .transpose()?,
        units: r.try_get("units")?,
        local_day: r.try_get("local_day")?,
        month: r.try_get("month")?,
        price_fen: r.try_get("price_fen")?,
        subsidy_fen: r.try_get("subsidy_fen")?,
        subsidy_rule: r.try_get("subsidy_rule")?,
        charged_fen: r.try_get("charged_fen")?,
        plan_id: r.try_get("plan_id")?,
        status: r.try_get("status")?,
        reject_note: r.try_get("reject_note")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds a delivery's columns in the order of `RECORD_COLUMNS`.
trait BindRecord<'q> {
    fn bind_record(self, r: &'q ServiceRecord) -> Self;
}

impl<'q> BindRecord<'q> for AnyQuery<'q> {
    fn bind_record(self, r: &'q ServiceRecord) -> Self {
        self.bind(r.id.as_str())
            .bind(r.elder_id.as_str())
            .bind(r.facility_id.as_str())
            .bind(r.service.code())
            .bind(r.served_by.map(|u| u.to_string()))
            .bind(r.started_at)
            .bind(r.minutes)
            .bind(r.place.code())
            .bind(r.meal.map(|m| m.code()))
            .bind(r.units)
            .bind(r.local_day)
            .bind(r.month)
            .bind(r.price_fen)
            .bind(r.subsidy_fen)
            .bind(r.subsidy_rule.as_deref())
            .bind(r.charged_fen)
            .bind(r.plan_id.as_deref())
            .bind(r.status.as_str())
            .bind(r.reject_note.as_str())
            .bind(r.recorded_at)
    }
}

/// A care plan as stored.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub elder_id: String,
    pub assessment_id: String,
    pub facility_id: String,
    pub level: u8,
    pub month_from: i64,
    pub month_until: Option<i64>,
    pub monthly_cap_fen: i64,
    pub fund_permille: i64,
    pub status: String,
    pub lines: Vec<PlanLine>,
    pub distance_m: Option<i64>,
    pub proposed_at: Millis,
    pub decided_at: Option<Millis>,
    pub decided_by: String,
    pub note: String,
    pub version: i64,
}

const PLAN_COLUMNS: &str = "id, elder_id, assessment_id, facility_id, level, month_from, month_until, monthly_cap_fen, fund_permille, status, lines, distance_m, \
    proposed_at, decided_at, decided_by, note, version";

fn plan_from_row(r: &AnyRow) -> Result<Plan> {
    let lines: String = r.try_get("lines")?;
    let stored: Vec<serde_json::Value> =
        serde_json::from_str(&lines).map_err(|_| decode_err("care_plans.lines"))?;
    Ok(Plan {
        id: r.try_get("id")?,
        elder_id: r.try_get("elder_id")?,
        assessment_id: r.try_get("assessment_id")?,
        facility_id: r.try_get("facility_id")?,
        level: r.try_get::<i64, _>("level")? as u8,
        month_from: r.try_get("month_from")?,
        month_until: r.try_get("month_until")?,
        monthly_cap_fen: r.try_get("monthly_cap_fen")?,
        fund_permille: r.try_get("fund_permille")?,
        status: r.try_get("status")?,
        lines: stored
            .iter()
            .map(|l| {
                let service = l["service"]
                    .as_str()
                    .and_then(Need::parse)
                    .ok_or_else(|| decode_err("plan service"))?;
                let (units, price_fen) = l["units"]
                    .as_i64()
                    .zip(l["price_fen"].as_i64())
                    .ok_or_else(|| decode_err("plan line"))?;
                Ok(PlanLine {
                    service,
                    units,
                    price_fen,
                })
            })
            .collect::<Result<_>>()?,
        distance_m: r.try_get("distance_m")?,
        proposed_at: r.try_get("proposed_at")?,
        decided_at: r.try_get("decided_at")?,
        decided_by: r.try_get("decided_by")?,
        note: r.try_get("note")?,
        version: r.try_get("version")?,
    })
}

/// A settlement's header.
#[derive(Debug, Clone)]
pub struct Settlement {
    pub id: String,
    pub facility_id: String,
    pub month: i64,
    pub status: SettlementStatus,
    pub totals: Totals,
    pub entered_at: Millis,
    pub checked_at: Option<Millis>,
    pub settled_at: Option<Millis>,
    /// Who entered, checked and settled it (user ids; none for the system).
    pub entered_by: Option<String>,
    pub checked_by: Option<String>,
    pub settled_by: Option<String>,
    pub version: i64,
}

const SETTLEMENT_COLUMNS: &str = "id, facility_id, month, status, lines, amount_fen, fund_fen, self_fen, over_cap_fen, rejected_fen, entered_at, checked_at, settled_at, entered_by, checked_by, settled_by, version";

fn settlement_from_row(r: &AnyRow) -> Result<Settlement> {
    Ok(Settlement {
        id: r.try_get("id")?,
        facility_id: r.try_get("facility_id")?,
        month: r.try_get("month")?,
        status: coded(r, "status", SettlementStatus::parse)?,
        totals: Totals {
            lines: r.try_get("lines")?,
            amount_fen: r.try_get("amount_fen")?,
            fund_fen: r.try_get("fund_fen")?,
            self_fen: r.try_get("self_fen")?,
            over_cap_fen: r.try_get("over_cap_fen")?,
            rejected_fen: r.try_get("rejected_fen")?,
        },
        entered_at: r.try_get("entered_at")?,
        checked_at: r.try_get("checked_at")?,
        settled_at: r.try_get("settled_at")?,
        entered_by: r.try_get("entered_by")?,
        checked_by: r.try_get("checked_by")?,
        settled_by: r.try_get("settled_by")?,
        version: r.try_get("version")?,
    })
}

/// A settled line with the day and service of its record.
#[derive(Debug, Clone)]
pub struct SettledLine {
    pub line: Line,
    pub service: Need,
    pub local_day: i64,
}

/// An accident-insurance roster row.
#[derive(Debug, Clone)]
pub struct Insured65 {
    pub elder_id: String,
    pub name: String,
    pub id_number: String,
    pub street_id: UnitId,
    pub insurer: String,
    pub policy_no: String,
    pub period_from: i64,
    pub period_until: i64,
}

/// One contribution row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub year: i64,
    pub payer: Payer,
    pub amount_fen: i64,
    pub paid_at: Millis,
    /// The officer who typed it in (none: a bulk file from the collection system).
    pub entered_by: Option<String>,
    /// The second officer who checked it, and when; only a checked row counts towards the elder's standing.
    pub checked_by: Option<String>,
    pub checked_at: Option<Millis>,
}

/// An insured elder's year: the category and the checked contribution rows (payer, amount).
pub type Insured = (Category, Vec<(Payer, i64)>);

impl Store {
    /// Creates a facility with its services (the demo and administrators).
    pub async fn insert_facility(&self, actor: &Actor, f: &Facility) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(sql(format!(
            "INSERT INTO care_facilities ({FACILITY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        )))
        .bind(f.id.as_str())
        .bind(f.unit_id.map(|u| u.to_string()))
        .bind(f.name.as_str())
        .bind(f.tier.code())
        .bind(f.operator.as_str())
        .bind(i64::from(f.alliance))
        .bind(f.street_id.map(|u| u.to_string()))
        .bind(f.community_id.map(|u| u.to_string()))
        .bind(f.beds)
        .bind(f.day_seats)
        .bind(f.meals_per_day)
        .bind(f.home_care_slots)
        .bind(f.radius_m)
        .bind_f64_opt(f.point.map(|p| p.lat))
        .bind_f64_opt(f.point.map(|p| p.lon))
        .bind(i64::from(f.active))
        .execute(&mut *tx)
        .await?;
        for (service, price) in &f.prices {
            sqlx::query("INSERT INTO facility_services (facility_id, service, price_fen) VALUES ($1, $2, $3)")
                .bind(f.id.as_str())
                .bind(service.code())
                .bind(*price)
                .execute(&mut *tx)
                .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "care.facility.create",
            "facility",
            &f.id,
            json!({ "name": f.name, "tier": f.tier.code() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Active facilities, optionally of one street, by tier and name, with their services.
    pub async fn facilities(&self, street: Option<UnitId>) -> Result<Vec<Facility>> {
        let rows = match street {
            Some(s) => {
                sqlx::query(sql(format!("SELECT {FACILITY_COLUMNS} FROM care_facilities WHERE active = 1 AND (street_id = $1 OR street_id IS NULL) ORDER BY tier, name")))
                    .bind(s.to_string())
                    .fetch_all(&self.read)
                    .await?
            }
            None => sqlx::query(sql(format!("SELECT {FACILITY_COLUMNS} FROM care_facilities WHERE active = 1 ORDER BY tier, name"))).fetch_all(&self.read).await?,
        };
        let mut out: Vec<Facility> = rows.iter().map(facility_from_row).collect::<Result<_>>()?;
        let prices = sqlx::query(
            "SELECT facility_id, service, price_fen FROM facility_services ORDER BY service",
        )
        .fetch_all(&self.read)
        .await?;
        let mut by: HashMap<String, Vec<(Need, i64)>> = HashMap::new();
        for r in prices {
            let s: String = r.try_get("service")?;
            by.entry(r.try_get("facility_id")?).or_default().push((
                Need::parse(&s).ok_or_else(|| decode_err("service"))?,
                r.try_get("price_fen")?,
            ));
        }
        for f in &mut out {
            f.prices = by.remove(&f.id).unwrap_or_default();
        }
        Ok(out)
    }

    pub async fn facility(&self, id: &str) -> Result<Facility> {
        self.facilities(None)
            .await?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or(StoreError::NotFound)
    }

    /// Elders each facility already carries in accepted plans.
    pub async fn plan_load(&self) -> Result<HashMap<String, i64>> {
        let rows = sqlx::query("SELECT facility_id, COUNT(*) AS n FROM care_plans WHERE status = 'accepted' AND month_until IS NULL GROUP BY facility_id")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("facility_id")?, r.try_get("n")?)))
            .collect()
    }

    pub async fn subsidy_rules(&self) -> Result<Vec<SubsidyRule>> {
        let rows = sqlx::query("SELECT code, name, service, amount_fen, bill_over_fen, per_day, at_home_only, meals, min_age, effective_from, effective_until, groups FROM subsidy_rules ORDER BY code")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                let meals: String = r.try_get("meals")?;
                Ok(SubsidyRule {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    service: coded(r, "service", Need::parse)?,
                    amount_fen: r.try_get("amount_fen")?,
                    bill_over_fen: r.try_get("bill_over_fen")?,
                    per_day: r.try_get("per_day")?,
                    at_home_only: r.try_get::<i64, _>("at_home_only")? != 0,
                    meals: meals
                        .split(',')
                        .filter(|m| !m.is_empty())
                        .map(|m| Meal::parse(m).ok_or_else(|| decode_err("meals")))
                        .collect::<Result<_>>()?,
                    min_age: r.try_get::<i64, _>("min_age")? as i16,
                    groups: r
                        .try_get::<String, _>("groups")?
                        .split(',')
                        .filter(|g| !g.is_empty())
                        .map(|g| {
                            gongzhi_domain::care::services::Eligible::parse(g)
                                .ok_or_else(|| decode_err("groups"))
                        })
                        .collect::<Result<_>>()?,
                    effective_from: r.try_get("effective_from")?,
                    effective_until: r.try_get("effective_until")?,
                })
            })
            .collect()
    }

    /// How many of the elder's deliveries on a day a subsidy rule already paid.
    pub async fn subsidies_on(&self, elder_id: &str, day: i64, rule: &str) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM service_records WHERE elder_id = $1 AND local_day = $2 AND subsidy_rule = $3")
            .bind(elder_id)
            .bind(day)
            .bind(rule)
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Stores a delivery. A second subsidy for the same elder, day and rule is refused by the database
    /// (`subsidy_taken`), whichever app server wrote first.
    pub async fn insert_service_record(&self, actor: &Actor, r: &ServiceRecord) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let result = sqlx::query(sql(format!(
            "INSERT INTO service_records ({RECORD_COLUMNS}, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
        )))
        .bind_record(r)
        .bind(actor.user_id.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await;
        match result {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::Conflict {
                    constraint: "subsidy_taken".into(),
                });
            }
            Err(e) => return Err(e.into()),
        }
        let detail = json!({ "service": r.service.code(), "facility": r.facility_id, "price_fen": r.price_fen, "subsidy_fen": r.subsidy_fen });
        audit::append(
            &mut tx,
            actor,
            "care.service.record",
            "service_record",
            &r.id,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deliveries of a facility in a month (all when `facility` is `None`), newest first.
    pub async fn service_records(
        &self,
        facility: Option<&str>,
        month: i64,
        page: PageRequest,
    ) -> Result<Page<ServiceRecord>> {
        let f = facility.unwrap_or("");
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM service_records WHERE month = $1 AND (facility_id = $2 OR $2 = '')")
            .bind(month)
            .bind(f)
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(sql(format!(
            "SELECT {RECORD_COLUMNS} FROM service_records WHERE month = $1 AND (facility_id = $2 OR $2 = '') ORDER BY started_at DESC, id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(month)
        .bind(f)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.read)
        .await?;
        Ok(Page {
            items: rows.iter().map(record_from_row).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn service_record(&self, id: &str) -> Result<ServiceRecord> {
        self.one_by_id(
            format!("SELECT {RECORD_COLUMNS} FROM service_records WHERE id = $1"),
            id,
            record_from_row,
        )
        .await
    }

    /// Every delivery of a facility in a month, oldest first (for verification and settlement).
    pub async fn facility_month(&self, facility: &str, month: i64) -> Result<Vec<ServiceRecord>> {
        let rows = sqlx::query(sql(format!("SELECT {RECORD_COLUMNS} FROM service_records WHERE facility_id = $1 AND month = $2 ORDER BY started_at, id")))
            .bind(facility)
            .bind(month)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Marks a facility's recorded deliveries of a month verified (one reviewer's check); returns how many.
    pub async fn verify_records(&self, actor: &Actor, facility: &str, month: i64) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE service_records SET status = 'verified', verified_by = $1, verified_at = $2 WHERE facility_id = $3 AND month = $4 AND status = 'recorded'")
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(actor.at)
            .bind(facility)
            .bind(month)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        audit::append(
            &mut tx,
            actor,
            "care.service.verify",
            "facility",
            facility,
            json!({ "month": month, "records": n }),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Rejects one recorded delivery with a note (it will not be settled).
    pub async fn reject_record(&self, actor: &Actor, id: &str, note: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("UPDATE service_records SET status = 'rejected', reject_note = $1, verified_by = $2, verified_at = $3 WHERE id = $4 AND status <> 'rejected'")
            .bind(note)
            .bind(actor.user_id.map(|u| u.to_string()))
            .bind(actor.at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            actor,
            "care.service.reject",
            "service_record",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Minutes and deliveries per service in a month (the coverage view).
    pub async fn delivered_in(&self, month: i64) -> Result<Vec<(Need, i64, i64)>> {
        let rows = sqlx::query("SELECT service, CAST(SUM(minutes) AS BIGINT) AS minutes, COUNT(*) AS n FROM service_records WHERE month = $1 AND status <> 'rejected' GROUP BY service ORDER BY service")
            .bind(month)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    coded(r, "service", Need::parse)?,
                    r.try_get("minutes")?,
                    r.try_get("n")?,
                ))
            })
            .collect()
    }

    /// Fund payments per month of settled settlements, and subsidies advanced per month.
    pub async fn money_by_month(&self, from_month: i64) -> Result<Vec<(i64, i64, i64)>> {
        let fund = sqlx::query("SELECT month, CAST(SUM(fund_fen) AS BIGINT) AS fund FROM settlements WHERE status = 'settled' AND month >= $1 GROUP BY month")
            .bind(from_month)
            .fetch_all(&self.read)
            .await?;
        let subsidy = sqlx::query("SELECT month, CAST(SUM(subsidy_fen) AS BIGINT) AS s FROM service_records WHERE month >= $1 AND status <> 'rejected' GROUP BY month")
            .bind(from_month)
            .fetch_all(&self.read)
            .await?;
        let mut by: std::collections::BTreeMap<i64, (i64, i64)> = std::collections::BTreeMap::new();
        for r in fund {
            by.entry(r.try_get("month")?).or_default().0 =
                r.try_get::<Option<i64>, _>("fund")?.unwrap_or(0);
        }
        for r in subsidy {
            by.entry(r.try_get("month")?).or_default().1 =
                r.try_get::<Option<i64>, _>("s")?.unwrap_or(0);
        }
        Ok(by.into_iter().map(|(m, (f, s))| (m, f, s)).collect())
    }

    // --- accident insurance ---------------------------------------------------------------------------------

    /// Covers every elder born on or before `born_by` (YYYYMMDD) for the year (those already covered stay as they
    /// are); returns how many were added.
    pub async fn build_accident_roster(
        &self,
        actor: &Actor,
        year: i64,
        insurer: &str,
        born_by: i64,
    ) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "INSERT INTO accident_insurance (elder_id, year, insurer, policy_no, period_from, period_until) \
             SELECT id, $1, $2, $3, $4, $5 FROM elders WHERE birth_ymd <= $6 ON CONFLICT (elder_id, year) DO NOTHING",
        )
        .bind(year)
        .bind(insurer)
        .bind(format!("SJS-ACC-{year}"))
        .bind(year * 10_000 + 101)
        .bind(year * 10_000 + 1231)
        .bind(born_by)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        audit::append(
            &mut tx,
            actor,
            "care.accident.roster",
            "accident_insurance",
            &year.to_string(),
            json!({ "added": n, "insurer": insurer }),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The roster of a year, by street and name (`page` of `None`: everyone, for the export), with the total.
    pub async fn accident_roster(
        &self,
        year: i64,
        page: Option<PageRequest>,
    ) -> Result<Page<Insured65>> {
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM accident_insurance WHERE year = $1")
            .bind(year)
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let (limit, offset, p) = match page {
            Some(p) => (i64::from(p.per_page), p.offset(), p),
            None => (
                total.max(1),
                0,
                PageRequest::new(1, total.clamp(1, u32::MAX as i64) as u32),
            ),
        };
        let rows = sqlx::query(
            "SELECT a.elder_id, e.name, e.id_number, e.street_id, a.insurer, a.policy_no, a.period_from, a.period_until FROM accident_insurance a \
             JOIN elders e ON e.id = a.elder_id WHERE a.year = $1 ORDER BY e.street_id, e.community_id, e.name, e.id LIMIT $2 OFFSET $3",
        )
        .bind(year)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(Insured65 {
                    elder_id: r.try_get("elder_id")?,
                    name: r.try_get("name")?,
                    id_number: r.try_get("id_number")?,
                    street_id: crate::req_id(r, "street_id", UnitId::parse)?,
                    insurer: r.try_get("insurer")?,
                    policy_no: r.try_get("policy_no")?,
                    period_from: r.try_get("period_from")?,
                    period_until: r.try_get("period_until")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page {
            items,
            total,
            page: p.page,
            per_page: p.per_page,
        })
    }

    // --- long-term-care insurance ---------------------------------------------------------------------------

    /// Enrols elders (or changes their category), one transaction.
    pub async fn enrol_ltc(
        &self,
        actor: &Actor,
        entries: &[(String, Category, i64)],
    ) -> Result<()> {
        for chunk in entries.chunks(500) {
            let mut tx = self.write.begin().await?;
            for (elder, category, from) in chunk {
                sqlx::query("INSERT INTO ltc_insured (elder_id, category, enrolled_from) VALUES ($1, $2, $3) ON CONFLICT (elder_id) DO UPDATE SET category = $2")
                    .bind(elder.as_str())
                    .bind(category.code())
                    .bind(*from)
                    .execute(&mut *tx)
                    .await?;
            }
            audit::append(
                &mut tx,
                actor,
                "care.ltc.enrol",
                "elder",
                "-",
                json!({ "elders": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Marks a contribution checked by a second officer: only an unchecked row, and never by the officer who entered it
    /// (both guarded in the statement, so two checkers racing cannot both succeed). `Stale` when nothing matched.
    pub async fn check_contribution(
        &self,
        actor: &Actor,
        elder_id: &str,
        year: i64,
        payer: Payer,
    ) -> Result<()> {
        let checker = actor.user_id.map(|u| u.to_string());
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(
            "UPDATE ltc_contributions SET checked_by = $1, checked_at = $2 \
             WHERE elder_id = $3 AND year = $4 AND payer = $5 AND checked_at IS NULL AND (entered_by IS NULL OR entered_by <> $1)",
        )
        .bind(checker.as_deref())
        .bind(actor.at)
        .bind(elder_id)
        .bind(year)
        .bind(payer.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(stale());
        }
        audit::append(
            &mut tx,
            actor,
            "care.ltc.contribution.check",
            "elder",
            elder_id,
            json!({ "year": year, "payer": payer.code() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records contributions (one row per elder, year and payer; a repeated row is refused as `contribution_exists`).
    pub async fn add_contributions(
        &self,
        actor: &Actor,
        rows: &[(String, Contribution)],
    ) -> Result<()> {
        for chunk in rows.chunks(500) {
            let mut tx = self.write.begin().await?;
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "({})",
                        (1..=8)
                            .map(|k| format!("${}", i * 8 + k))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let mut q = sqlx::query(sql(format!(
                "INSERT INTO ltc_contributions (elder_id, year, payer, amount_fen, paid_at, entered_by, checked_by, checked_at) VALUES {}",
                values.join(", ")
            )));
            for (elder, c) in chunk {
                q = q
                    .bind(elder.as_str())
                    .bind(c.year)
                    .bind(c.payer.code())
                    .bind(c.amount_fen)
                    .bind(c.paid_at)
                    .bind(c.entered_by.as_deref())
                    .bind(c.checked_by.as_deref())
                    .bind(c.checked_at);
            }
            match q.execute(&mut *tx).await {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    return Err(StoreError::Conflict {
                        constraint: "contribution_exists".into(),
                    });
                }
                Err(e) => return Err(e.into()),
            }
            let fen: i64 = chunk.iter().map(|(_, c)| c.amount_fen).sum();
            audit::append(
                &mut tx,
                actor,
                "care.ltc.contribution",
                "elder",
                if chunk.len() == 1 {
                    chunk[0].0.as_str()
                } else {
                    "-"
                },
                json!({ "rows": chunk.len(), "fen": fen }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// An elder's insurance category (if insured) and contributions, newest year first.
    pub async fn ltc_record(
        &self,
        elder_id: &str,
    ) -> Result<(Option<(Category, i64)>, Vec<Contribution>)> {
        let insured =
            sqlx::query("SELECT category, enrolled_from FROM ltc_insured WHERE elder_id = $1")
                .bind(elder_id)
                .fetch_optional(&self.read)
                .await?;
        let insured = match insured {
            Some(r) => Some((
                coded(&r, "category", Category::parse)?,
                r.try_get("enrolled_from")?,
            )),
            None => None,
        };
        let rows = sqlx::query("SELECT year, payer, amount_fen, paid_at, entered_by, checked_by, checked_at FROM ltc_contributions WHERE elder_id = $1 ORDER BY year DESC, payer")
            .bind(elder_id)
            .fetch_all(&self.read)
            .await?;
        let contributions = rows
            .iter()
            .map(|r| {
                Ok(Contribution {
                    year: r.try_get("year")?,
                    payer: coded(r, "payer", Payer::parse)?,
                    amount_fen: r.try_get("amount_fen")?,
                    paid_at: r.try_get("paid_at")?,
                    entered_by: r.try_get("entered_by")?,
                    checked_by: r.try_get("checked_by")?,
                    checked_at: r.try_get("checked_at")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok((insured, contributions))
    }

    pub async fn level_rules(&self) -> Result<Vec<LevelRule>> {
        let rows = sqlx::query("SELECT effective_from, level, monthly_cap_fen, fund_permille FROM ltc_level_rules ORDER BY effective_from, level").fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(LevelRule {
                    effective_from: r.try_get("effective_from")?,
                    level: r.try_get::<i64, _>("level")? as u8,
                    monthly_cap_fen: r.try_get("monthly_cap_fen")?,
                    fund_permille: r.try_get("fund_permille")?,
                })
            })
            .collect()
    }

    /// What long-term-care insurance pays for, as data: (first month in force, service).
    pub async fn ltc_services(&self) -> Result<Vec<(i64, Need)>> {
        let rows = sqlx::query(
            "SELECT effective_from, service FROM ltc_services ORDER BY effective_from, service",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("effective_from")?,
                    Need::parse(&r.try_get::<String, _>("service")?)
                        .ok_or_else(|| crate::decode_err("service"))?,
                ))
            })
            .collect()
    }

    /// The concluded assessment in force on a day (YYYYMMDD) for an elder: its id and final level.
    pub async fn conclusion_on(&self, elder_id: &str, day: i64) -> Result<Option<(String, u8)>> {
        let row = sqlx::query(
            "SELECT id, final_level FROM care_assessments WHERE elder_id = $1 AND status = 'concluded' AND valid_from <= $2 AND valid_until > $2 \
             ORDER BY concluded_at DESC LIMIT 1",
        )
        .bind(elder_id)
        .bind(day)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(r) => Ok(Some((
                r.try_get("id")?,
                r.try_get::<i64, _>("final_level")? as u8,
            ))),
            None => Ok(None),
        }
    }

    /// The latest concluded assessment of an elder (in force now or from next month): id, level, valid from.
    pub async fn latest_conclusion(
        &self,
        elder_id: &str,
        today: i64,
    ) -> Result<Option<(String, u8, i64)>> {
        let row = sqlx::query(
            "SELECT id, final_level, valid_from FROM care_assessments WHERE elder_id = $1 AND status = 'concluded' AND valid_until > $2 ORDER BY concluded_at DESC LIMIT 1",
        )
        .bind(elder_id)
        .bind(today)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(r) => Ok(Some((
                r.try_get("id")?,
                r.try_get::<i64, _>("final_level")? as u8,
                r.try_get("valid_from")?,
            ))),
            None => Ok(None),
        }
    }

    // --- plans --------------------------------------------------------------------------------------------

    pub async fn insert_plan(&self, actor: &Actor, p: &Plan) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let lines = json!(p.lines.iter().map(|l| json!({ "service": l.service.code(), "units": l.units, "price_fen": l.price_fen })).collect::<Vec<_>>()).to_string();
        sqlx::query(sql(format!(
            "INSERT INTO care_plans ({PLAN_COLUMNS}, proposed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
        )))
        .bind(p.id.as_str())
        .bind(p.elder_id.as_str())
        .bind(p.assessment_id.as_str())
        .bind(p.facility_id.as_str())
        .bind(i64::from(p.level))
        .bind(p.month_from)
        .bind(p.month_until)
        .bind(p.monthly_cap_fen)
        .bind(p.fund_permille)
        .bind(p.status.as_str())
        .bind(lines)
        .bind(p.distance_m)
        .bind(p.proposed_at)
        .bind(p.decided_at)
        .bind(p.decided_by.as_str())
        .bind(p.note.as_str())
        .bind(p.version)
        .bind(actor.user_id.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "care.plan.propose",
            "plan",
            &p.id,
            json!({ "elder": p.elder_id, "facility": p.facility_id, "level": p.level }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn plan(&self, id: &str) -> Result<Plan> {
        self.one_by_id(
            format!("SELECT {PLAN_COLUMNS} FROM care_plans WHERE id = $1"),
            id,
            plan_from_row,
        )
        .await
    }

    pub async fn plans_of(&self, elder_id: &str) -> Result<Vec<Plan>> {
        let rows = sqlx::query(sql(format!("SELECT {PLAN_COLUMNS} FROM care_plans WHERE elder_id = $1 ORDER BY proposed_at DESC, id DESC")))
            .bind(elder_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(plan_from_row).collect()
    }

    /// Accepted plans of a facility covering a month.
    pub async fn plans_for(&self, facility_id: &str, month: i64) -> Result<Vec<Plan>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {PLAN_COLUMNS} FROM care_plans WHERE facility_id = $1 AND status = 'accepted' AND month_from <= $2 AND (month_until IS NULL OR month_until >= $2)"
        )))
        .bind(facility_id)
        .bind(month)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(plan_from_row).collect()
    }

    /// Accepts or declines a proposed plan; an accepted plan ends the elder's earlier accepted plans the month
    /// before it starts.
    pub async fn decide_plan(
        &self,
        actor: &Actor,
        p: &Plan,
        accept: bool,
        by: &str,
        note: &str,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let status = if accept { "accepted" } else { "declined" };
        let n = sqlx::query("UPDATE care_plans SET status = $1, decided_at = $2, decided_by = $3, note = $4, version = version + 1 WHERE id = $5 AND version = $6 AND status = 'proposed'")
            .bind(status)
            .bind(actor.at)
            .bind(by)
            .bind(note)
            .bind(p.id.as_str())
            .bind(p.version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(stale());
        }
        if accept {
            let before = gongzhi_domain::care::ltc::previous_month(p.month_from);
            sqlx::query("UPDATE care_plans SET month_until = $1, status = 'ended', version = version + 1 WHERE elder_id = $2 AND status = 'accepted' AND id <> $3 AND month_until IS NULL")
                .bind(before)
                .bind(p.elder_id.as_str())
                .bind(p.id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        audit::append(
            &mut tx,
            actor,
            &format!("care.plan.{status}"),
            "plan",
            &p.id,
            json!({ "by": if by.is_empty() { "" } else { "recorded" } }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // --- settlements --------------------------------------------------------------------------------------

    /// Writes a facility's settlement of a month (re-entering one that is only `entered` replaces it; a checked or
    /// settled one is refused as `settlement_locked`).
    pub async fn save_settlement(
        &self,
        actor: &Actor,
        facility: &str,
        month: i64,
        lines: &[SettledLine],
        t: &Totals,
    ) -> Result<String> {
        let mut tx = self.write.begin().await?;
        let existing =
            sqlx::query("SELECT id, status FROM settlements WHERE facility_id = $1 AND month = $2")
                .bind(facility)
                .bind(month)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(r) = &existing {
            let status: String = r.try_get("status")?;
            if status != "entered" {
                return Err(StoreError::Conflict {
                    constraint: "settlement_locked".into(),
                });
            }
            let id: String = r.try_get("id")?;
            sqlx::query("DELETE FROM settlement_lines WHERE settlement_id = $1")
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM settlements WHERE id = $1")
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
        }
        let id = gongzhi_domain::care::new_id();
        sqlx::query(
            "INSERT INTO settlements (id, facility_id, month, status, lines, amount_fen, fund_fen, self_fen, over_cap_fen, rejected_fen, entered_at, entered_by) \
             VALUES ($1, $2, $3, 'entered', $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id.as_str())
        .bind(facility)
        .bind(month)
        .bind(t.lines)
        .bind(t.amount_fen)
        .bind(t.fund_fen)
        .bind(t.self_fen)
        .bind(t.over_cap_fen)
        .bind(t.rejected_fen)
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .execute(&mut *tx)
        .await?;
        for chunk in lines.chunks(100) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "({})",
                        (1..=10)
                            .map(|k| format!("${}", i * 10 + k))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let mut q = sqlx::query(sql(format!(
                "INSERT INTO settlement_lines (settlement_id, record_id, elder_id, service, local_day, amount_fen, fund_fen, self_fen, over_cap_fen, rejected) VALUES {}",
                values.join(", ")
            )));
            for l in chunk {
                q = q
                    .bind(id.as_str())
                    .bind(l.line.record_id.as_str())
                    .bind(l.line.elder_id.as_str())
                    .bind(l.service.code())
                    .bind(l.local_day)
                    .bind(l.line.amount_fen)
                    .bind(l.line.fund_fen)
                    .bind(l.line.self_fen)
                    .bind(l.line.over_cap_fen)
                    .bind(l.line.rejected.as_deref());
            }
            q.execute(&mut *tx).await?;
        }
        audit::append(&mut tx, actor, "care.settlement.enter", "settlement", &id, json!({ "facility": facility, "month": month, "fund_fen": t.fund_fen, "lines": t.lines })).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Moves a settlement on (`entered` → `checked` → `settled`) under its version.
    pub async fn advance_settlement(
        &self,
        actor: &Actor,
        s: &Settlement,
        to: SettlementStatus,
    ) -> Result<()> {
        // Maker-checker, guarded in the statement: the checker is not who entered, the settler not who checked.
        let (from, at_col, by_col, maker) = match to {
            SettlementStatus::Checked => ("entered", "checked_at", "checked_by", "entered_by"),
            SettlementStatus::Settled => ("checked", "settled_at", "settled_by", "checked_by"),
            SettlementStatus::Entered => {
                return Err(StoreError::Conflict {
                    constraint: "settlement_locked".into(),
                });
            }
        };
        let mut tx = self.write.begin().await?;
        let n = sqlx::query(sql(format!(
            "UPDATE settlements SET status = $1, {at_col} = $2, {by_col} = $3, version = version + 1 \
             WHERE id = $4 AND version = $5 AND status = $6 AND ({maker} IS NULL OR $3 IS NULL OR {maker} <> $3)"
        )))
        .bind(to.code())
        .bind(actor.at)
        .bind(actor.user_id.map(|u| u.to_string()))
        .bind(s.id.as_str())
        .bind(s.version)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(stale());
        }
        audit::append(
            &mut tx,
            actor,
            &format!("care.settlement.{}", to.code()),
            "settlement",
            &s.id,
            json!({ "fund_fen": s.totals.fund_fen }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn settlement(&self, id: &str) -> Result<Settlement> {
        self.one_by_id(
            format!("SELECT {SETTLEMENT_COLUMNS} FROM settlements WHERE id = $1"),
            id,
            settlement_from_row,
        )
        .await
    }

    /// Settlements of a month (every month when 0), newest first.
    pub async fn settlements(&self, month: i64) -> Result<Vec<Settlement>> {
        let rows = sqlx::query(sql(format!("SELECT {SETTLEMENT_COLUMNS} FROM settlements WHERE month = $1 OR $1 = 0 ORDER BY month DESC, facility_id LIMIT 500")))
            .bind(month)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(settlement_from_row).collect()
    }

    pub async fn settlement_lines(&self, id: &str) -> Result<Vec<SettledLine>> {
        let rows = sqlx::query(
            "SELECT record_id, elder_id, service, local_day, amount_fen, fund_fen, self_fen, over_cap_fen, rejected FROM settlement_lines WHERE settlement_id = $1 ORDER BY local_day, record_id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let rejected: Option<String> = r.try_get("rejected")?;
                Ok(SettledLine {
                    line: Line {
                        record_id: r.try_get("record_id")?,
                        elder_id: r.try_get("elder_id")?,
                        amount_fen: r.try_get("amount_fen")?,
                        fund_fen: r.try_get("fund_fen")?,
                        self_fen: r.try_get("self_fen")?,
                        over_cap_fen: r.try_get("over_cap_fen")?,
                        rejected,
                    },
                    service: coded(r, "service", Need::parse)?,
                    local_day: r.try_get("local_day")?,
                })
            })
            .collect()
    }

    /// Each elder's insurance for a year: the category, if insured, and the year's checked contribution rows (payer,
    /// amount). Whether the year is paid is the rule's (`ltc::contribution_paid`).
    pub async fn ltc_standing(
        &self,
        elder_ids: &[String],
        year: i64,
    ) -> Result<HashMap<String, Option<Insured>>> {
        let mut out: HashMap<String, Option<Insured>> =
            elder_ids.iter().map(|e| (e.clone(), None)).collect();
        for chunk in elder_ids.chunks(500) {
            let marks: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sql(format!(
                "SELECT i.elder_id, i.category, c.payer, c.amount_fen FROM ltc_insured i \
                 LEFT JOIN ltc_contributions c ON c.elder_id = i.elder_id AND c.year = $1 AND c.checked_at IS NOT NULL \
                 WHERE i.elder_id IN ({})",
                marks.join(", ")
            )))
            .bind(year);
            for e in chunk {
                q = q.bind(e.as_str());
            }
            for r in q.fetch_all(&self.read).await? {
                let id: String = r.try_get("elder_id")?;
                let category = Category::parse(&r.try_get::<String, _>("category")?)
                    .ok_or_else(|| crate::decode_err("category"))?;
                let entry = out
                    .entry(id)
                    .or_insert(None)
                    .get_or_insert_with(|| (category, Vec::new()));
                if let Some(payer) = r.try_get::<Option<String>, _>("payer")? {
                    entry.1.push((
                        Payer::parse(&payer).ok_or_else(|| crate::decode_err("payer"))?,
                        r.try_get("amount_fen")?,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The contribution rules, as data: each share a year requires, per category and payer.
    pub async fn contribution_rules(&self) -> Result<Vec<ContributionRule>> {
        let rows = sqlx::query(
            "SELECT effective_year, category, payer, amount_fen FROM ltc_contribution_rules ORDER BY effective_year, category, payer",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ContributionRule {
                    effective_year: r.try_get("effective_year")?,
                    category: Category::parse(&r.try_get::<String, _>("category")?)
                        .ok_or_else(|| crate::decode_err("category"))?,
                    payer: Payer::parse(&r.try_get::<String, _>("payer")?)
                        .ok_or_else(|| crate::decode_err("payer"))?,
                    amount_fen: r.try_get("amount_fen")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// Writes deliveries as they are (the demo's history), 200 to a statement, one audit entry per chunk.
    pub async fn insert_service_history(
        &self,
        actor: &Actor,
        records: &[ServiceRecord],
    ) -> Result<()> {
        for chunk in records.chunks(200) {
            let mut tx = self.write.begin().await?;
            let values: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "({})",
                        (1..=20)
                            .map(|k| format!("${}", i * 20 + k))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let mut q = sqlx::query(sql(format!(
                "INSERT INTO service_records ({RECORD_COLUMNS}) VALUES {}",
                values.join(", ")
            )));
            for r in chunk {
                q = q.bind_record(r);
            }
            q.execute(&mut *tx).await?;
            audit::append(
                &mut tx,
                actor,
                "import.services",
                "service_record",
                "-",
                json!({ "records": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Accepts plans as they are (the demo's history), one transaction.
    pub async fn insert_plan_history(&self, actor: &Actor, plans: &[Plan]) -> Result<()> {
        for p in plans {
            self.insert_plan(actor, p).await?;
        }
        Ok(())
    }
}
