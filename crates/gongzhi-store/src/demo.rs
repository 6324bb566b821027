//! Loading the demo district into an empty database: units and accounts in one transaction, then the dispatch
//! catalogue, the knowledge base and the case history, all audited. A database that already has units (or a history)
//! is left alone, so a restart with `--demo` creates nothing twice.

use std::collections::HashMap;

use serde_json::json;

use gongzhi_domain::demo;
use gongzhi_domain::demo_history::{CommunityRef, DistrictIndex, HistoricCase, UnitRef};
use gongzhi_domain::org::{UnitId, UnitKind, UserId};

use crate::{Actor, BindExt, Result, Store, StoreError, audit};

/// A district leader in charge of a street or a field (分管领导).
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAssignment {
    pub user_id: UserId,
    pub leader: String,
    pub street_id: Option<UnitId>,
    pub street: Option<String>,
    pub theme: Option<String>,
}

/// What the seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    Created { units: usize, users: usize },
    AlreadyPresent,
}

impl Store {
    /// Creates the demo district when the database has no units. `password_hash` is the argon2id hash of the shared
    /// demo password (hashed once by the caller; every demo account uses it).
    pub async fn seed_demo(&self, actor: &Actor, password_hash: &str) -> Result<Seeded> {
        if self.count_units().await? > 0 {
            return Ok(Seeded::AlreadyPresent);
        }
        let units = demo::units();
        let users = demo::users();
        let mut tx = self.write.begin().await?;
        let mut ids: HashMap<String, (UnitId, Option<UnitId>)> = HashMap::new();
        for u in &units {
            let id = UnitId::new();
            let parent = u.parent_code.as_ref().map(|p| ids[p]);
            let street = if u.kind == UnitKind::Street {
                Some(id)
            } else {
                parent.and_then(|p| p.1)
            };
            ids.insert(u.code.clone(), (id, street));
            let inserted = sqlx::query(
                "INSERT INTO units (id, parent_id, kind, code, name, grid_count, lat, lon, street_id, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)",
            )
            .bind(id.to_string())
            .bind(parent.map(|p| p.0.to_string()))
            .bind(u.kind.code())
            .bind(&u.code)
            .bind(&u.name)
            .bind(u.grid_count)
            .bind_f64_opt(u.centre.map(|c| c.lat))
            .bind_f64_opt(u.centre.map(|c| c.lon))
            .bind(street.map(|s| s.to_string()))
            .bind(actor.at)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => {}
                // Another app server seeded at the same moment: its district stands.
                Err(e) => match StoreError::from(e) {
                    StoreError::Conflict { .. } => return Ok(Seeded::AlreadyPresent),
                    other => return Err(other),
                },
            }
            let detail =
                json!({ "kind": u.kind.code(), "code": u.code, "name": u.name, "source": "demo" });
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
        for u in &users {
            let id = UserId::new();
            sqlx::query(
                "INSERT INTO users (id, username, display_name, unit_id, password_hash, active, created_at, updated_at, unit_head) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7)",
            )
            .bind(id.to_string())
            .bind(&u.username)
            .bind(&u.display_name)
            .bind(ids[&u.unit_code].0.to_string())
            .bind(password_hash)
            .bind(actor.at)
            .bind(u.head as i64)
            .execute(&mut *tx)
            .await?;
            for role in &u.roles {
                sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                    .bind(id.to_string())
                    .bind(role.code())
                    .execute(&mut *tx)
                    .await?;
            }
            let detail = json!({
                "username": u.username,
                "unit": u.unit_code,
                "roles": u.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
                "source": "demo",
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
        for (username, streets, themes) in demo::leaders_in_charge() {
            let Some(user) = user_ids.get(username) else {
                continue;
            };
            let rows = streets
                .iter()
                .map(|s| (Some(ids[*s].0.to_string()), None))
                .chain(themes.iter().map(|t| (None, Some((*t).to_owned()))));
            for (street, theme) in rows {
                sqlx::query("INSERT INTO leader_assignments (user_id, street_id, theme) VALUES ($1, $2, $3)")
                    .bind(user.to_string())
                    .bind(street)
                    .bind(theme)
                    .execute(&mut *tx)
                    .await?;
            }
            audit::append(
                &mut tx,
                actor,
                "leader.assign",
                "user",
                &user.to_string(),
                json!({ "streets": streets, "themes": themes, "source": "demo" }),
            )
            .await?;
        }
        // The gazetteer: each community's estates, roads and landmarks.
        let by_base: HashMap<&str, &str> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Community)
            .map(|u| (u.name.trim_end_matches("社区"), u.code.as_str()))
            .collect();
        let bases: Vec<&str> = units
            .iter()
            .filter(|u| u.kind == UnitKind::Community)
            .map(|u| u.name.trim_end_matches("社区"))
            .collect();
        let entries = gongzhi_domain::gazetteer::demo_entries(&bases);
        for (name, kind, base) in &entries {
            let entry = gongzhi_domain::gazetteer::NewEntry {
                name: name.clone(),
                kind: *kind,
                community_id: ids[by_base[base.as_str()]].0,
            };
            crate::gazetteer::insert_entry(&mut tx, &uuid::Uuid::now_v7().to_string(), &entry)
                .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "gazetteer.load",
            "gazetteer",
            "-",
            json!({ "entries": entries.len(), "source": "demo" }),
        )
        .await?;
        for (code, category, fields, street) in demo::mediation_profiles() {
            sqlx::query("INSERT INTO mediation_orgs (unit_id, category, fields, street_id) VALUES ($1, $2, $3, $4)")
                .bind(ids[&code].0.to_string())
                .bind(category.code())
                .bind(fields.join(","))
                .bind(street.map(|s| ids[&s].0.to_string()))
                .execute(&mut *tx)
                .await?;
        }
        audit::append(
            &mut tx,
            actor,
            "mediation_org.load",
            "unit",
            "-",
            json!({ "source": "demo" }),
        )
        .await?;
        tx.commit().await?;
        self.save_catalogue(
            actor,
            &gongzhi_domain::catalogue::demo_catalogue(),
            "石景山区派单目录（演示）",
        )
        .await?;
        self.save_powers(
            actor,
            &gongzhi_domain::powers::demo_powers(),
            "石景山区街道下放职权清单（演示）",
        )
        .await?;
        for (question, answer, categories) in gongzhi_domain::kb::demo_entries() {
            let cats: Vec<String> = categories.split(',').map(String::from).collect();
            self.insert_kb(actor, question, answer, &cats).await?;
        }
        self.seed_demo_replies(actor).await?;
        Ok(Seeded::Created {
            units: units.len(),
            users: users.len(),
        })
    }

    /// Every assignment of a leader to a street or a theme: (leader id, leader name, street id, street name, theme).
    pub async fn leader_assignments(&self) -> Result<Vec<LeaderAssignment>> {
        let rows = sqlx::query(
            "SELECT a.user_id, u.display_name, a.street_id, s.name, a.theme FROM leader_assignments a JOIN users u ON u.id = a.user_id \
             LEFT JOIN units s ON s.id = a.street_id ORDER BY u.username, s.code, a.theme",
        )
        .fetch_all(&self.read)
        .await?;
        use sqlx::Row;
        rows.iter()
            .map(|r| {
                Ok(LeaderAssignment {
                    user_id: crate::req_id(r, "user_id", UserId::parse)?,
                    leader: r.try_get(1)?,
                    street_id: crate::opt_id(r, "street_id", UnitId::parse)?,
                    street: r.try_get(3)?,
                    theme: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Puts a leader in charge of a street or a theme (once).
    pub async fn add_leader_assignment(
        &self,
        actor: &Actor,
        user: UserId,
        street: Option<UnitId>,
        theme: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let existing: i64 = sqlx::Row::try_get(
            &sqlx::query("SELECT COUNT(*) FROM leader_assignments WHERE user_id = $1 AND street_id IS NOT DISTINCT FROM $2 AND theme IS NOT DISTINCT FROM $3")
                .bind(user.to_string())
                .bind(street.map(|s| s.to_string()))
                .bind(theme)
                .fetch_one(&mut *tx)
                .await?,
            0,
        )?;
        if existing > 0 {
            return Err(StoreError::Conflict {
                constraint: "leader_assignment".into(),
            });
        }
        sqlx::query(
            "INSERT INTO leader_assignments (user_id, street_id, theme) VALUES ($1, $2, $3)",
        )
        .bind(user.to_string())
        .bind(street.map(|s| s.to_string()))
        .bind(theme)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            actor,
            "leader.assign",
            "user",
            &user.to_string(),
            json!({ "street": street.map(|s| s.to_string()), "theme": theme }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends a leader's charge of a street or a theme.
    pub async fn remove_leader_assignment(
        &self,
        actor: &Actor,
        user: UserId,
        street: Option<UnitId>,
        theme: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let n = sqlx::query("DELETE FROM leader_assignments WHERE user_id = $1 AND street_id IS NOT DISTINCT FROM $2 AND theme IS NOT DISTINCT FROM $3")
            .bind(user.to_string())
            .bind(street.map(|s| s.to_string()))
            .bind(theme)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        audit::append(
            &mut tx,
            actor,
            "leader.unassign",
            "user",
            &user.to_string(),
            json!({ "street": street.map(|s| s.to_string()), "theme": theme }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active leader in charge of a street, else of a catalogue theme (分管领导), if the table names one.
    pub async fn leader_in_charge(
        &self,
        street: Option<UnitId>,
        theme: Option<&str>,
    ) -> Result<Option<UserId>> {
        let row = sqlx::query(
            "SELECT a.user_id FROM leader_assignments a JOIN users u ON u.id = a.user_id \
             WHERE u.active = 1 AND (a.street_id = $1 OR a.theme = $2) \
             ORDER BY CASE WHEN a.street_id = $1 THEN 0 ELSE 1 END, u.username LIMIT 1",
        )
        .bind(street.map(|s| s.to_string()))
        .bind(theme)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some(r) => Ok(Some(crate::req_id(&r, "user_id", UserId::parse)?)),
            None => Ok(None),
        }
    }

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

    /// Creates the demo history (`n` cases, deterministic) once; a second call does nothing.
    pub async fn seed_history(&self, actor: &Actor, n: usize) -> Result<usize> {
        if self.get_setting("demo.history").await?.is_some() || n == 0 {
            return Ok(0);
        }
        let index = self.district_index().await?;
        let version = self.catalogue_version().await?;
        let catalogue = self.catalogue(version).await?;
        let calendar = self.load_calendar().await?;
        let history =
            gongzhi_domain::demo_history::generate(&index, &catalogue, &calendar, n, 20_251_118);
        self.insert_cases(actor, &history, version).await?;
        // About one whistle for every sixty cases, in the same period.
        let whistles = gongzhi_domain::demo_whistles::generate_whistles(
            &index,
            history.len() / 60,
            20_251_119,
            0,
        );
        self.insert_whistle_history(actor, &whistles).await?;
        // About one enforcement case for every hundred cases.
        let powers = self.powers(self.powers_version().await?).await?;
        if !powers.is_empty() {
            let enforcement = gongzhi_domain::demo_enforcement::generate_enforcement(
                &index,
                &powers,
                history.len() / 100,
                20_251_120,
            );
            self.insert_enforcement_history(actor, &enforcement).await?;
        }
        // A mediation record for every dispute case, by the demo's mediators.
        let refs = self.dispute_case_refs().await?;
        let mediators = self.mediator_candidates().await?;
        let court = self
            .users_with_role(gongzhi_domain::org::Role::Court)
            .await?
            .into_iter()
            .next();
        let disputes = gongzhi_domain::demo_disputes::generate_disputes(
            &refs,
            &mediators,
            index.dispatcher,
            court,
            gongzhi_domain::demo_history::history_end(),
            20_251_121,
        );
        self.insert_dispute_history(actor, &disputes).await?;
        self.set_setting(actor, "demo.history", &history.len().to_string())
            .await?;
        self.optimize().await?;
        Ok(history.len())
    }

    /// Generated cases received within `received` (start, end), with their timelines and side records, and nothing
    /// else (benchmarks pack a busy month with it).
    pub async fn seed_cases_received(
        &self,
        actor: &Actor,
        n: usize,
        received: (gongzhi_domain::Millis, gongzhi_domain::Millis),
    ) -> Result<usize> {
        let index = self.district_index().await?;
        let version = self.catalogue_version().await?;
        let catalogue = self.catalogue(version).await?;
        let calendar = self.load_calendar().await?;
        let history = gongzhi_domain::demo_history::generate_received(
            &index, &catalogue, &calendar, n, 20_261_001, received,
        );
        self.insert_cases(actor, &history, version).await?;
        self.optimize().await?;
        Ok(history.len())
    }

    /// Writes generated cases a thousand to a transaction; case numbers then continue after theirs.
    async fn insert_cases(
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
            audit::append(&mut tx, actor, "demo.history", "case", "-", detail).await?;
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
        Ok(DistrictIndex {
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
    /// Writes generated enforcement cases with their timelines, and moves the number counters past them.
    pub async fn insert_enforcement_history(
        &self,
        actor: &Actor,
        cases: &[gongzhi_domain::demo_enforcement::HistoricEnforcement],
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
            sqlx::query(
                "INSERT INTO enforcement_cases (id, enforcement_no, street_id, power_version, power_code, source, source_ref, party_kind, party_name, facts, \
                 stage, opened_at, filed_at, decision_due_at, notified_at, defence_due_at, hearing_offered, proposed_kind, proposed_fine_fen, decided_at, \
                 decision_kind, fine_fen, executed_at, execution, closed_at, removed_sqm_x100, fine_collected_fen, stalls_cleared) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)",
            )
            .bind(&c.id)
            .bind(&c.enforcement_no)
            .bind(c.street_id.to_string())
            .bind(c.power_version)
            .bind(&c.power_code)
            .bind(&c.source)
            .bind(&c.source_ref)
            .bind(c.party_kind.code())
            .bind(&c.party_name)
            .bind(&c.facts)
            .bind(c.stage.code())
            .bind(c.opened_at)
            .bind(c.filed_at)
            .bind(c.decision_due_at)
            .bind(c.notified_at)
            .bind(c.defence_due_at)
            .bind(c.hearing_offered as i64)
            .bind(c.proposed_kind.map(|p| p.code()))
            .bind(c.proposed_fine_fen)
            .bind(c.decided_at)
            .bind(c.decision_kind.map(|p| p.code()))
            .bind(c.fine_fen)
            .bind(c.executed_at)
            .bind(&c.execution)
            .bind(c.closed_at)
            .bind(c.removed_sqm_x100)
            .bind(c.fine_collected_fen)
            .bind(c.stalls_cleared)
            .execute(&mut *tx)
            .await?;
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
            "demo.enforcement",
            "enforcement",
            "-",
            json!({ "cases": cases.len() }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes generated whistles with their summoned units, reports, ratings and timelines, and moves the whistle
    /// number counters past them. Also used by the benchmark to load a large district.
    pub async fn insert_whistle_history(
        &self,
        actor: &Actor,
        whistles: &[gongzhi_domain::demo_whistles::HistoricWhistle],
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
                         timeliness, attitude, result, rating_comment, rated_at, rated_by, street_id, blown_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
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
                    // A report missing by the end of the history was chased then; one not yet due will be.
                    .bind((s.reported_at.is_none() && s.due_at < gongzhi_domain::demo_history::history_end()) as i64)
                    .bind(r.map(|r| r.timeliness as i64))
                    .bind(r.map(|r| r.attitude as i64))
                    .bind(r.map(|r| r.result as i64))
                    .bind(r.map(|r| r.comment.clone()).unwrap_or_default())
                    .bind(r.map(|r| r.rated_at))
                    .bind(r.and(w.blown_by).map(|u| u.to_string()))
                    .bind(w.street_id.to_string())
                    .bind(w.blown_at)
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
                "demo.whistles",
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
/// Whether a row with the key is there (a demo batch written before an interruption).
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
                label: "demo".into(),
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
