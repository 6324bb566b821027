//! Loading the demo district (units and accounts) into an empty database, in one transaction, audited like any
//! other change. A database that already has units is left alone, so a restart with `--demo` creates nothing twice.

use std::collections::HashMap;

use serde_json::json;

use gongzhi_domain::demo;
use gongzhi_domain::org::{UnitId, UnitKind, UserId};

use crate::{BindExt, Actor, Result, Store, StoreError, audit};

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
            let street = if u.kind == UnitKind::Street { Some(id) } else { parent.and_then(|p| p.1) };
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
            let detail = json!({ "kind": u.kind.code(), "code": u.code, "name": u.name, "source": "demo" });
            audit::append(&mut tx, actor, "unit.create", "unit", &id.to_string(), detail).await?;
        }
        for u in &users {
            let id = UserId::new();
            sqlx::query(
                "INSERT INTO users (id, username, display_name, unit_id, password_hash, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $6)",
            )
            .bind(id.to_string())
            .bind(&u.username)
            .bind(&u.display_name)
            .bind(ids[&u.unit_code].0.to_string())
            .bind(password_hash)
            .bind(actor.at)
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
            audit::append(&mut tx, actor, "user.create", "user", &id.to_string(), detail).await?;
        }
        tx.commit().await?;
        Ok(Seeded::Created { units: units.len(), users: users.len() })
    }
}
