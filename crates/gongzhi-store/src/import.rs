//! Bulk import: a whole district into an empty database (units and accounts in one transaction), and past cases,
//! whistles and enforcement cases with their timelines, audited per batch. A database that already has units is left
//! alone and a batch already written is skipped, so an interrupted import (or a restart with `--demo`) creates
//! nothing twice. The demo district arrives through these methods, as a district's own records would.

use std::collections::HashMap;

use serde_json::json;

use gongzhi_domain::import::{
    CommunityRef, District, DistrictIndex, HistoricCase, HistoricEnforcement, HistoricWhistle,
    UnitRef,
};
use gongzhi_domain::org::{UnitId, UnitKind, UserId};

use crate::{Actor, BindExt, Result, Store, StoreError, audit};

/// What the seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    Created { units: usize, users: usize },
    AlreadyPresent,
}

impl Store {
    /// Creates a whole district in a database that has no units yet: its units (parents first), accounts (every one
    /// with `password_hash`, the argon2id hash of one initial password), leaders in charge, gazetteer and mediation
    /// organisations, in one transaction with an audit entry for each unit, account and leader and one for each
    /// loaded list. A database that already has units is left alone (`AlreadyPresent`), also when another app server
    /// created its district at the same moment.
    pub async fn import_district(
        &self,
        actor: &Actor,
        district: &District,
        password_hash: &str,
    ) -> Result<Seeded> {
        if self.count_units().await? > 0 {
            return Ok(Seeded::AlreadyPresent);
        }
        let mut tx = self.write.begin().await?;
        let mut ids: HashMap<String, (UnitId, Option<UnitId>)> = HashMap::new();
        let unit_id = |ids: &HashMap<String, (UnitId, Option<UnitId>)>, code: &str| {
            // A reference to a unit the import has not created (yet): refused like a foreign key.
            ids.get(code).copied().ok_or_else(|| StoreError::Conflict {
                constraint: format!("units.code {code}"),
            })
        };
        for u in &district.units {
            let id = UnitId::new();
            let parent = match &u.parent_code {
                Some(p) => Some(unit_id(&ids, p)?),
                None => None,
            };
            let street = if u.kind == UnitKind::Street {
                Some(id)
            } else {
                parent.and_then(|p| p.1)
            };
            ids.insert(u.code.clone(), (id, street));
            let row = gongzhi_domain::org::ValidUnit {
                parent_id: parent.map(|p| p.0),
                kind: u.kind,
                code: u.code.clone(),
                name: u.name.clone(),
                grid_count: u.grid_count,
                population: u.population,
                centre: u.centre,
            };
            let inserted = crate::org::insert_unit_row(&mut tx, id, &row, street, actor.at).await;
            match inserted {
                Ok(()) => {}
                // Another app server seeded at the same moment: its district stands.
                Err(StoreError::Conflict { .. }) => return Ok(Seeded::AlreadyPresent),
                Err(other) => return Err(other),
            }
            let detail = json!({ "kind": u.kind.code(), "code": u.code, "name": u.name, "source": "import" });
            audit::append(
                &mut tx,
                actor,
                "unit.create",
                "unit",
                &id.to_string(),
                detail,
            )
            .await?;
        }
        let mut user_ids: HashMap<String, UserId> = HashMap::new();
        for u in &district.users {
            let id = UserId::new();
            let account = gongzhi_domain::accounts::ValidUser {
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                unit_id: unit_id(&ids, &u.unit_code)?.0,
                roles: u.roles.clone(),
                unit_head: u.head,
            };
            crate::org::insert_user_row(&mut tx, id, &account, password_hash, actor.at).await?;
            let detail = json!({
                "username": u.username,
                "unit": u.unit_code,
                "roles": u.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
                "source": "import",
            });
            audit::append(
                &mut tx,
                actor,
                "user.create",
                "user",
                &id.to_string(),
                detail,
            )
            .await?;
            user_ids.insert(u.username.clone(), id);
        }
        for l in &district.leaders {
            let Some(user) = user_ids.get(&l.username) else {
                continue;
            };
            let mut rows = Vec::new();
            for s in &l.streets {
                rows.push((Some(unit_id(&ids, s)?.0.to_string()), None));
            }
            rows.extend(l.themes.iter().map(|t| (None, Some(t.clone()))));
            for (street, theme) in rows {
                sqlx::query("INSERT INTO leader_assignments (user_id, street_id, theme) VALUES ($1, $2, $3)")
                    .bind(user.to_string())
                    .bind(street)
                    .bind(theme)
                    .execute(&mut *tx)
                    .await?;
            }
            let detail = json!({ "streets": l.streets, "themes": l.themes, "source": "import" });
            audit::append(
                &mut tx,
                actor,
                "leader.assign",
                "user",
                &user.to_string(),
                detail,
            )
            .await?;
        }
        for p in &district.places {
            let entry = gongzhi_domain::gazetteer::NewEntry {
                name: p.name.clone(),
                kind: p.kind,
                community_id: unit_id(&ids, &p.community_code)?.0,
            };
            crate::gazetteer::insert_entry(&mut tx, &uuid::Uuid::now_v7().to_string(), &entry)
                .await?;
        }
        let detail = json!({ "entries": district.places.len(), "source": "import" });
        audit::append(&mut tx, actor, "gazetteer.load", "gazetteer", "-", detail).await?;
        for m in &district.mediation {
            let street = match &m.street_code {
                Some(s) => Some(unit_id(&ids, s)?.0.to_string()),
                None => None,
            };
            sqlx::query("INSERT INTO mediation_orgs (unit_id, category, fields, street_id) VALUES ($1, $2, $3, $4)")
                .bind(unit_id(&ids, &m.unit_code)?.0.to_string())
                .bind(m.category.code())
                .bind(m.fields.join(","))
                .bind(street)
                .execute(&mut *tx)
                .await?;
        }
        let detail = json!({ "organisations": district.mediation.len(), "source": "import" });
        audit::append(&mut tx, actor, "mediation_org.load", "unit", "-", detail).await?;
        tx.commit().await?;
        Ok(Seeded::Created {
            units: district.units.len(),
            users: district.users.len(),
        })
    }

    /// Writes past cases a thousand to a transaction, with their timelines, side records, holdings and search
    /// documents, an audit entry per batch; case numbers then continue after theirs. A batch whose first case is
    /// already there was written before an interruption and is skipped (imports resume where they stopped).
    pub async fn insert_case_history(
        &self,
        actor: &Actor,
        history: &[HistoricCase],
        version: i64,
    ) -> Result<()> {
        for chunk in history.chunks(1000) {
            let mut tx = self.write.begin().await?;
            // A batch is written whole or not at all: one already there was written before an interruption, and
            // the same generator made the same batch again (the demo resumes where it stopped).
            if already_written(&mut tx, "cases", "case_no", chunk[0].case.case_no.as_str()).await? {
                continue;
            }
            insert_history(&mut tx, chunk, version).await?;
            let detail = json!({ "cases": chunk.len(), "first": chunk[0].case.case_no.as_str() });
            audit::append(&mut tx, actor, "import.cases", "case", "-", detail).await?;
            tx.commit().await?;
        }
        let mut tx = self.write.begin().await?;
        let mut last: HashMap<u32, u32> = HashMap::new();
        for h in history {
            let no = h.case.case_no.as_str();
            let day: u32 = no[..8].parse().unwrap_or(0);
            let seq: u32 = no[8..].parse().unwrap_or(0);
            let e = last.entry(day).or_insert(0);
            *e = (*e).max(seq);
        }
        advance_counters(
            &mut tx,
            last.into_iter()
                .map(|(day, seq)| (format!("case_no:{day}"), seq as i64))
                .collect(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The district as the history generator sees it.
    pub async fn district_index(&self) -> Result<DistrictIndex> {
        use gongzhi_domain::org::UnitKind;
        let units = self.list_units().await?;
        let users = self
            .list_users(
                &crate::org::UserFilter::default(),
                crate::PageRequest::new(1, 200),
            )
            .await?;
        let mut all_users = users.items;
        let mut page = 2;
        while (all_users.len() as i64) < users.total {
            let more = self
                .list_users(
                    &crate::org::UserFilter::default(),
                    crate::PageRequest::new(page, 200),
                )
                .await?;
            if more.items.is_empty() {
                break;
            }
            all_users.extend(more.items);
            page += 1;
        }
        let names: HashMap<UnitId, String> = units
            .iter()
            .map(|u| (u.unit.id, u.unit.name.clone()))
            .collect();
        let mut refs = HashMap::new();
        let mut communities = Vec::new();
        let mut by_code = HashMap::new();
        let mut leaders = None;
        for u in &units {
            by_code.insert(u.unit.code.clone(), u.unit.id);
            let kind = u.unit.kind;
            if !matches!(
                kind,
                UnitKind::Community
                    | UnitKind::Street
                    | UnitKind::Department
                    | UnitKind::Enterprise
                    | UnitKind::LeadersOffice
            ) {
                continue;
            }
            if kind == UnitKind::LeadersOffice {
                leaders = Some(u.unit.id);
            }
            let role = gongzhi_domain::routing::agent_role(kind);
            let mut agents: Vec<(UserId, String, bool)> = all_users
                .iter()
                .filter(|x| x.unit_id == u.unit.id && x.roles.contains(&role) && x.active)
                .map(|x| (x.id, x.display_name.clone(), !x.unit_head))
                .collect();
            agents.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
            refs.insert(
                u.unit.id,
                UnitRef {
                    id: u.unit.id,
                    code: u.unit.code.clone(),
                    name: u.unit.name.clone(),
                    agents: agents.into_iter().map(|(id, name, _)| (id, name)).collect(),
                },
            );
            if kind == UnitKind::Community
                && let (Some(street), Some(centre)) = (u.street_id, u.unit.centre)
            {
                communities.push(CommunityRef {
                    id: u.unit.id,
                    street_id: street,
                    name: u.unit.name.clone(),
                    street_name: names.get(&street).cloned().unwrap_or_default(),
                    centre,
                });
            }
        }
        let (dispatcher, dispatcher_unit) = all_users
            .iter()
            .find(|u| u.roles.contains(&gongzhi_domain::org::Role::Dispatcher))
            .map(|u| (u.id, u.unit_id))
            .ok_or(StoreError::NotFound)?;
        let evaluator = all_users
            .iter()
            .find(|u| u.roles.contains(&gongzhi_domain::org::Role::Evaluator))
            .map(|u| u.id)
            .unwrap_or(dispatcher);
        let mut leader_for_street = HashMap::new();
        for u in units.iter().filter(|u| u.unit.kind == UnitKind::Street) {
            if let Some(leader) = self.leader_in_charge(Some(u.unit.id), None).await? {
                leader_for_street.insert(u.unit.id, leader);
            }
        }
        let legal_reviewers = all_users
            .iter()
            .filter(|u| u.active && u.roles.contains(&gongzhi_domain::org::Role::LegalReviewer))
            .map(|u| (u.unit_id, u.id))
            .collect();
        Ok(DistrictIndex {
            legal_reviewers,
            communities,
            units: refs,
            unit_by_code: by_code,
            leaders_office: leaders.ok_or(StoreError::NotFound)?,
            dispatcher,
            dispatcher_unit,
            leader_for_street,
            evaluator,
        })
    }
}

impl Store {
    /// Writes past enforcement cases with their timelines, and moves the number counters past them.
    pub async fn insert_enforcement_history(
        &self,
        actor: &Actor,
        cases: &[HistoricEnforcement],
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        if let Some(first) = cases.first()
            && already_written(
                &mut tx,
                "enforcement_cases",
                "enforcement_no",
                first.case.enforcement_no.as_str(),
            )
            .await?
        {
            return Ok(());
        }
        let mut last: HashMap<String, i64> = HashMap::new();
        for h in cases {
            let c = &h.case;
            crate::enforcement::insert_whole(&mut tx, c).await?;
            for (at, event, by, note) in &h.events {
                sqlx::query("INSERT INTO enforcement_events (id, enforcement_id, at, event, actor_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, '{}')")
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(&c.id)
                    .bind(*at)
                    .bind(*event)
                    .bind(by.map(|u| u.to_string()))
                    .bind(note)
                    .execute(&mut *tx)
                    .await?;
            }
            let e = last
                .entry(format!("enforcement_no:{}", &c.enforcement_no[1..9]))
                .or_insert(0);
            *e = (*e).max(c.enforcement_no[9..].parse().unwrap_or(0));
        }
        advance_counters(&mut tx, last).await?;
        audit::append(
            &mut tx,
            actor,
            "import.enforcement",
            "enforcement",
            "-",
            json!({ "cases": cases.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes past whistles with their summoned units, reports, ratings and timelines, and moves the whistle
    /// number counters past them. A report still missing at `as_of` (when the records were taken) and due before it
    /// was chased. Also used by the benchmark to load a large district.
    pub async fn insert_whistle_history(
        &self,
        actor: &Actor,
        whistles: &[HistoricWhistle],
        as_of: gongzhi_domain::Millis,
    ) -> Result<()> {
        let mut last: HashMap<String, i64> = HashMap::new();
        for chunk in whistles.chunks(1000) {
            let mut tx = self.write.begin().await?;
            if already_written(
                &mut tx,
                "whistles",
                "whistle_no",
                chunk[0].whistle.whistle_no.as_str(),
            )
            .await?
            {
                for h in chunk {
                    let no = h.whistle.whistle_no.as_str();
                    let e = last.entry(format!("whistle_no:{}", &no[1..9])).or_insert(0);
                    *e = (*e).max(no[9..].parse().unwrap_or(0));
                }
                continue;
            }
            for h in chunk {
                let w = &h.whistle;
                sqlx::query(
                    "INSERT INTO whistles (id, whistle_no, street_id, blown_unit_id, blown_by, reason, title, description, address, lat, lon, \
                     report_minutes, blown_at, status, outcome, close_reason, closed_at, closed_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
                )
                .bind(&w.id)
                .bind(w.whistle_no.as_str())
                .bind(w.street_id.to_string())
                .bind(w.blown_unit_id.to_string())
                .bind(w.blown_by.map(|u| u.to_string()))
                .bind(&w.reason)
                .bind(&w.title)
                .bind(&w.description)
                .bind(&w.address)
                .bind_f64_opt(w.point.map(|p| p.lat))
                .bind_f64_opt(w.point.map(|p| p.lon))
                .bind(w.report_minutes as i64)
                .bind(w.blown_at)
                .bind(w.status.code())
                .bind(&w.outcome)
                .bind(&w.close_reason)
                .bind(w.closed_at)
                .bind(w.closed_at.and(w.blown_by).map(|u| u.to_string()))
                .execute(&mut *tx)
                .await?;
                for (s, reporter) in h.summons.iter().zip(&h.reporters) {
                    let r = s.rating.as_ref();
                    sqlx::query(
                        "INSERT INTO whistle_units (whistle_id, unit_id, summoned_at, due_at, reported_at, reported_by, on_site, people, action, chased, \
                         timeliness, attitude, result, rating_comment, rated_at, rated_by, street_id, blown_at, cut_off) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
                    )
                    .bind(&w.id)
                    .bind(s.unit_id.to_string())
                    .bind(s.summoned_at)
                    .bind(s.due_at)
                    .bind(s.reported_at)
                    .bind(s.reported_at.and(*reporter).map(|u| u.to_string()))
                    .bind(s.on_site.map(|b| b as i64))
                    .bind(serde_json::to_string(&s.people).unwrap_or_else(|_| "[]".into()))
                    .bind(&s.action)
                    // A report missing by the end of the records was chased then; one not yet due will be.
                    .bind((s.reported_at.is_none() && s.due_at < as_of) as i64)
                    .bind(r.map(|r| r.timeliness as i64))
                    .bind(r.map(|r| r.attitude as i64))
                    .bind(r.map(|r| r.result as i64))
                    .bind(r.map(|r| r.comment.clone()).unwrap_or_default())
                    .bind(r.map(|r| r.rated_at))
                    .bind(r.and(w.blown_by).map(|u| u.to_string()))
                    .bind(w.street_id.to_string())
                    .bind(w.blown_at)
                    // Closed by the street while this unit's report was still due: cut off.
                    .bind((s.reported_at.is_none() && w.closed_at.is_some_and(|c| c <= s.due_at)) as i64)
                    .execute(&mut *tx)
                    .await?;
                }
                for (at, event, unit, by, note) in &h.events {
                    sqlx::query("INSERT INTO whistle_events (id, whistle_id, at, event, unit_id, actor_id, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7, '{}')")
                        .bind(uuid::Uuid::now_v7().to_string())
                        .bind(&w.id)
                        .bind(*at)
                        .bind(*event)
                        .bind(unit.map(|u| u.to_string()))
                        .bind(by.map(|u| u.to_string()))
                        .bind(note)
                        .execute(&mut *tx)
                        .await?;
                }
                let no = w.whistle_no.as_str();
                let e = last.entry(format!("whistle_no:{}", &no[1..9])).or_insert(0);
                *e = (*e).max(no[9..].parse().unwrap_or(0));
            }
            audit::append(
                &mut tx,
                actor,
                "import.whistles",
                "whistle",
                "-",
                json!({ "whistles": chunk.len() }),
            )
            .await?;
            tx.commit().await?;
        }
        let mut tx = self.write.begin().await?;
        advance_counters(&mut tx, last).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Moves number counters (`case_no:DAY`, `whistle_no:DAY`, …) past the numbers generated, never back.
async fn advance_counters(
    conn: &mut sqlx::AnyConnection,
    last: HashMap<String, i64>,
) -> Result<()> {
    for (name, seq) in last {
        sqlx::query(
            "INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = \
             CASE WHEN counters.value > excluded.value THEN counters.value ELSE excluded.value END",
        )
        .bind(name)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Writes generated cases with their timelines, send-backs and ratings; events go in multi-row inserts.
/// Whether a row with the key is there (a batch written before an interruption).
pub(crate) async fn already_written(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    column: &str,
    key: &str,
) -> Result<bool> {
    let found = sqlx::query(crate::sql(format!(
        "SELECT 1 AS one FROM {table} WHERE {column} = $1"
    )))
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

async fn insert_history(
    conn: &mut sqlx::AnyConnection,
    chunk: &[HistoricCase],
    version: i64,
) -> Result<()> {
    for h in chunk {
        let c = &h.case;
        sqlx::query(crate::sql(format!(
            "INSERT INTO cases ({}, phone_last4, updated_at) VALUES ({})",
            crate::cases::CASE_COLUMNS,
            (1..=53)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .bind(c.id.to_string())
        .bind(c.case_no.as_str())
        .bind(c.kind.code())
        .bind(c.channel.code())
        .bind(c.status.code())
        .bind(&c.title)
        .bind(&c.description)
        .bind(&c.address)
        .bind_f64_opt(c.point.map(|p| p.lat))
        .bind_f64_opt(c.point.map(|p| p.lon))
        .bind(&c.resident_name)
        .bind(&c.phone)
        .bind(c.street_id.map(|u| u.to_string()))
        .bind(c.community_id.map(|u| u.to_string()))
        .bind(c.accountable_unit_id.map(|u| u.to_string()))
        .bind(c.agent_id.map(|u| u.to_string()))
        .bind(c.received_at)
        .bind(c.created_at)
        .bind(c.category_code.clone())
        .bind(c.catalogue_version.map(|_| version))
        .bind(c.tier.map(|t| t.code()))
        .bind(&c.routing_reason)
        .bind(c.contact_due_at)
        .bind(c.handle_due_at)
        .bind(c.handle_due_provisional as i64)
        .bind(c.manual_due_reason.clone())
        .bind(c.contacted_at)
        .bind(c.accepted_at)
        .bind(c.paused_at)
        .bind(c.closed_at)
        .bind(c.outcome.map(|o| o.code()))
        .bind(&c.outcome_note)
        .bind(c.send_back_pending as i64)
        .bind(c.escalation_pending as i64)
        .bind(c.confidential as i64)
        .bind(c.anonymous as i64)
        .bind(c.place_guessed as i64)
        .bind(c.request_pending.map(|r| r.code()))
        .bind(c.petition_accepted_at)
        .bind(c.petition_answer.map(|a| a.code()))
        .bind(c.petition_answered_at)
        .bind(c.review_level)
        .bind(c.supervision_due)
        .bind(c.merged_into.map(|m| m.to_string()))
        .bind(c.reopen_count)
        .bind(c.redo as i64)
        .bind(c.petition_step)
        .bind(c.extended as i64)
        .bind(c.resolved.map(|r| r as i64))
        .bind(c.satisfaction.map(|s| s.code()))
        .bind(c.version)
        .bind(
            c.phone
                .get(c.phone.len().saturating_sub(4)..)
                .unwrap_or_default(),
        )
        .bind(c.closed_at.unwrap_or(c.created_at))
        .execute(&mut *conn)
        .await?;
        for rows in h.events.chunks(50) {
            let values: Vec<String> = (0..rows.len())
                .map(|i| {
                    let b = i * 8;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6,
                        b + 7,
                        b + 8
                    )
                })
                .collect();
            let mut q = sqlx::query(crate::sql(format!(
                "INSERT INTO case_events (id, case_id, at, event, public, actor_id, note, data) VALUES {}",
                values.join(", ")
            )));
            for (at, e, actor) in rows {
                q = q
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(c.id.to_string())
                    .bind(*at)
                    .bind(e.event)
                    .bind(e.public as i64)
                    .bind(actor.map(|a| a.to_string()))
                    .bind(e.note.clone())
                    .bind(e.data.to_string());
            }
            q.execute(&mut *conn).await?;
        }
        // The search document from the texts in hand (the case as it ends and its public replies).
        let replies: Vec<&str> = h
            .events
            .iter()
            .filter(|(_, e, _)| e.event == "replied" && e.public)
            .map(|(_, e, _)| e.note.as_str())
            .collect();
        let mut texts: Vec<&str> = vec![&c.title, &c.description, &c.address];
        texts.extend(replies);
        crate::search::write_document(
            &mut *conn,
            c.id,
            &gongzhi_domain::search::document(
                &texts,
                c.street_id,
                c.community_id,
                c.accountable_unit_id,
            ),
        )
        .await?;
        // Side records go through the same writer as live actions.
        for (at, record, by) in &h.records {
            let actor = Actor {
                user_id: *by,
                label: "import".into(),
                address: "-".into(),
                at: *at,
            };
            crate::cases::apply_record(&mut *conn, &actor, c.id, record).await?;
        }
        for (i, (from, unit, agent, due)) in h.holds.iter().enumerate() {
            sqlx::query("INSERT INTO case_holds (id, case_id, unit_id, agent_id, from_at, to_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(c.id.to_string())
                .bind(unit.map(|u| u.to_string()))
                .bind(agent.map(|a| a.to_string()))
                .bind(*from)
                .bind(h.holds.get(i + 1).map(|next| next.0))
                .bind(*due)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}
