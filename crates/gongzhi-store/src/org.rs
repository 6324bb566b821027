//! Units and users: the district's organisation and its staff accounts.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use gongzhi_domain::accounts::ValidUser;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::{Role, Unit, UnitId, UnitKind, User, UserId, ValidUnit};

use crate::{
    Actor, BindExt, Page, PageRequest, Result, Store, StoreError, audit, decode_err, opt_id,
    req_id, sql,
};

const UNIT_COLUMNS: &str =
    "id, parent_id, kind, code, name, grid_count, population, lat, lon, street_id, active";

/// A unit with the street it belongs to (for scope checks).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    pub unit: Unit,
    pub street_id: Option<UnitId>,
}

fn point(row: &AnyRow) -> Result<Option<GeoPoint>> {
    let lat: Option<f64> = row.try_get("lat")?;
    let lon: Option<f64> = row.try_get("lon")?;
    Ok(lat.zip(lon).map(|(lat, lon)| GeoPoint { lat, lon }))
}

fn unit_from_row(row: &AnyRow) -> Result<UnitRecord> {
    let kind: String = row.try_get("kind")?;
    Ok(UnitRecord {
        unit: Unit {
            id: req_id(row, "id", UnitId::parse)?,
            parent_id: opt_id(row, "parent_id", UnitId::parse)?,
            kind: UnitKind::parse(&kind).ok_or_else(|| decode_err("units.kind"))?,
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            grid_count: row.try_get("grid_count")?,
            population: row.try_get("population")?,
            centre: point(row)?,
            active: row.try_get::<i64, _>("active")? != 0,
        },
        street_id: opt_id(row, "street_id", UnitId::parse)?,
    })
}

/// A staff account with what a login needs.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Filters for the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub unit_id: Option<UnitId>,
    /// Matches username or display name (substring).
    pub query: Option<String>,
}

impl Store {
    /// Every unit, in tree order of creation (the district has a few hundred).
    pub async fn list_units(&self) -> Result<Vec<UnitRecord>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units ORDER BY created_at, code"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// Names of the given units (unknown ids are left out).
    pub async fn unit_names(
        &self,
        ids: &[UnitId],
    ) -> Result<std::collections::HashMap<UnitId, String>> {
        self.names(
            "units",
            "name",
            ids.iter().map(|i| i.to_string()).collect(),
            UnitId::parse,
        )
        .await
    }

    /// Display names of the given users (unknown ids are left out).
    pub async fn user_names(
        &self,
        ids: &[UserId],
    ) -> Result<std::collections::HashMap<UserId, String>> {
        self.names(
            "users",
            "display_name",
            ids.iter().map(|i| i.to_string()).collect(),
            UserId::parse,
        )
        .await
    }

    async fn names<T: std::hash::Hash + Eq>(
        &self,
        table: &str,
        column: &str,
        mut ids: Vec<String>,
        parse: fn(&str) -> Option<T>,
    ) -> Result<std::collections::HashMap<T, String>> {
        ids.sort();
        ids.dedup();
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sql(format!(
                "SELECT id, {column} FROM {table} WHERE id IN ({})",
                placeholders.join(", ")
            )));
            for id in chunk {
                q = q.bind(id.clone());
            }
            for row in q.fetch_all(&self.read).await? {
                if let Some(id) = parse(&row.try_get::<String, _>(0)?) {
                    out.insert(id, row.try_get(1)?);
                }
            }
        }
        Ok(out)
    }

    pub async fn count_units(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM units")
            .fetch_one(&self.read)
            .await?
            .try_get(0)?)
    }

    pub async fn get_unit(&self, id: UnitId) -> Result<UnitRecord> {
        let row = sqlx::query(sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        unit_from_row(&row)
    }

    pub async fn get_unit_by_code(&self, code: &str) -> Result<UnitRecord> {
        let row = sqlx::query(sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE code = $1"
        )))
        .bind(code)
        .fetch_optional(&self.read)
        .await?
        .ok_or(StoreError::NotFound)?;
        unit_from_row(&row)
    }

    /// Active communities with centre points and their streets: the input of the nearest-community rule.
    pub async fn community_centres(&self) -> Result<Vec<(UnitId, UnitId, GeoPoint)>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE kind = 'community' AND active = 1 AND lat IS NOT NULL"
        )))
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let r = unit_from_row(row)?;
            if let (Some(street), Some(c)) = (r.street_id, r.unit.centre) {
                out.push((r.unit.id, street, c));
            }
        }
        Ok(out)
    }

    /// The street a unit under `parent` belongs to: the parent's street, or the unit itself when it is a street.
    async fn street_for(
        &self,
        conn: &mut sqlx::AnyConnection,
        kind: UnitKind,
        id: UnitId,
        parent: Option<UnitId>,
    ) -> Result<(Option<UnitKind>, Option<UnitId>)> {
        let Some(parent) = parent else {
            return Ok((None, None));
        };
        let row = sqlx::query("SELECT kind, street_id FROM units WHERE id = $1")
            .bind(parent.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let parent_kind = UnitKind::parse(&row.try_get::<String, _>(0)?)
            .ok_or_else(|| decode_err("units.kind"))?;
        let parent_street = opt_id(&row, "street_id", UnitId::parse)?;
        let street = if kind == UnitKind::Street {
            Some(id)
        } else {
            parent_street
        };
        Ok((Some(parent_kind), street))
    }

    /// Creates a unit. Refuses a parent of the wrong kind (`parent_not_allowed`) and an unknown parent (`NotFound`).
    pub async fn insert_unit(
        &self,
        actor: &Actor,
        unit: &ValidUnit,
    ) -> Result<Unit, UnitWriteError> {
        let id = UnitId::new();
        let mut tx = self.write.begin().await.map_err(StoreError::from)?;
        let (parent_kind, street) = self
            .street_for(&mut tx, unit.kind, id, unit.parent_id)
            .await?;
        gongzhi_domain::org::check_parent(unit.kind, parent_kind)
            .map_err(UnitWriteError::Invalid)?;
        if unit.kind == UnitKind::District {
            let n: i64 = sqlx::query("SELECT COUNT(*) FROM units WHERE kind = 'district'")
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?
                .try_get(0)
                .map_err(StoreError::from)?;
            if n > 0 {
                return Err(UnitWriteError::Store(StoreError::Conflict {
                    constraint: "one_district".into(),
                }));
            }
        }
        insert_unit_row(&mut tx, id, unit, street, actor.at).await?;
        audit::append(
            &mut tx,
            actor,
            "unit.create",
            "unit",
            &id.to_string(),
            unit_detail(unit, true),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(Unit {
            id,
            parent_id: unit.parent_id,
            kind: unit.kind,
            code: unit.code.clone(),
            name: unit.name.clone(),
            grid_count: unit.grid_count,
            population: unit.population,
            centre: unit.centre,
            active: true,
        })
    }

    /// Edits a unit's name, code, grid count, centre and active flag. Kind and parent are fixed once created: moving
    /// units between streets would silently move their cases between scopes.
    pub async fn update_unit(
        &self,
        actor: &Actor,
        id: UnitId,
        unit: &ValidUnit,
        active: bool,
    ) -> Result<(), UnitWriteError> {
        let mut tx = self.write.begin().await.map_err(StoreError::from)?;
        let done = sqlx::query(
            "UPDATE units SET code = $1, name = $2, grid_count = $3, lat = $4, lon = $5, active = $6, updated_at = $7, \
             population = $9 WHERE id = $8",
        )
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(unit.grid_count)
        .bind_f64_opt(unit.centre.map(|c| c.lat))
        .bind_f64_opt(unit.centre.map(|c| c.lon))
        .bind(active as i64)
        .bind(actor.at)
        .bind(id.to_string())
        .bind(unit.population)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        if done.rows_affected() == 0 {
            return Err(UnitWriteError::Store(StoreError::NotFound));
        }
        let mut detail = unit_detail(unit, active);
        detail["kind"] = serde_json::Value::Null;
        audit::append(
            &mut tx,
            actor,
            "unit.update",
            "unit",
            &id.to_string(),
            detail,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    async fn roles_of(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<Role>>> {
        let mut out: std::collections::HashMap<String, Vec<Role>> =
            std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        // At most one page of users (≤ 200) at a time, so an IN list is fine on both backends.
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let mut q = sqlx::query(sql(format!(
            "SELECT user_id, role FROM user_roles WHERE user_id IN ({}) ORDER BY role",
            placeholders.join(", ")
        )));
        for id in ids {
            q = q.bind(id);
        }
        for row in q.fetch_all(&self.read).await? {
            if let Some(role) = Role::parse(&row.try_get::<String, _>(1)?) {
                out.entry(row.try_get(0)?).or_default().push(role);
            }
        }
        for roles in out.values_mut() {
            roles.sort();
        }
        Ok(out)
    }

    async fn users_from_rows(&self, rows: &[AnyRow]) -> Result<Vec<User>> {
        let ids: Vec<String> = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        let mut roles = self.roles_of(&ids).await?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get("id")?;
                Ok(User {
                    id: req_id(row, "id", UserId::parse)?,
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    unit_id: req_id(row, "unit_id", UnitId::parse)?,
                    roles: roles.remove(&id).unwrap_or_default(),
                    active: row.try_get::<i64, _>("active")? != 0,
                    unit_head: row.try_get::<i64, _>("unit_head")? != 0,
                })
            })
            .collect()
    }

    pub async fn get_user(&self, id: UserId) -> Result<User> {
        let rows = sqlx::query("SELECT id, username, display_name, unit_id, active, unit_head FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_all(&self.read)
            .await?;
        self.users_from_rows(&rows)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The account and password hash for a login; `NotFound` for an unknown username.
    pub async fn get_credentials(&self, username: &str) -> Result<Credentials> {
        let rows = sqlx::query(
            "SELECT id, username, display_name, unit_id, active, unit_head, password_hash FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_all(&self.read)
        .await?;
        let hash: String = rows
            .first()
            .ok_or(StoreError::NotFound)?
            .try_get("password_hash")?;
        let user = self
            .users_from_rows(&rows)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        Ok(Credentials {
            user,
            password_hash: hash,
        })
    }

    pub async fn list_users(&self, filter: &UserFilter, page: PageRequest) -> Result<Page<User>> {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut args: Vec<String> = Vec::new();
        if let Some(unit) = filter.unit_id {
            args.push(unit.to_string());
            clauses.push(format!("unit_id = ${}", args.len()));
        }
        if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
            args.push(format!(
                "%{}%",
                q.trim().to_lowercase().replace(['%', '_'], "")
            ));
            let n = args.len();
            clauses.push(format!(
                "(LOWER(username) LIKE ${n} OR display_name LIKE ${n})"
            ));
        }
        let where_sql = clauses.join(" AND ");
        let mut count = sqlx::query(sql(format!("SELECT COUNT(*) FROM users WHERE {where_sql}")));
        for a in &args {
            count = count.bind(a.clone());
        }
        let total: i64 = count.fetch_one(&self.read).await?.try_get(0)?;
        let text = format!(
            "SELECT id, username, display_name, unit_id, active, unit_head FROM users WHERE {where_sql} \
             ORDER BY username LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        );
        let mut q = sqlx::query(sql(text));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.read).await?;
        Ok(Page {
            items: self.users_from_rows(&rows).await?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// Creates an account. A taken username is `Conflict`.
    pub async fn insert_user(
        &self,
        actor: &Actor,
        user: &ValidUser,
        password_hash: &str,
    ) -> Result<User> {
        let id = UserId::new();
        let mut tx = self.write.begin().await?;
        insert_user_row(&mut tx, id, user, password_hash, actor.at).await?;
        audit::append(
            &mut tx,
            actor,
            "user.create",
            "user",
            &id.to_string(),
            user_detail(user),
        )
        .await?;
        tx.commit().await?;
        Ok(User {
            id,
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            unit_id: user.unit_id,
            roles: user.roles.clone(),
            active: true,
            unit_head: user.unit_head,
        })
    }

    /// Edits name, username, unit and roles.
    pub async fn update_user(&self, actor: &Actor, id: UserId, user: &ValidUser) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET username = $1, display_name = $2, unit_id = $3, updated_at = $4, unit_head = $5 WHERE id = $6",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.unit_id.to_string())
        .bind(actor.at)
        .bind(user.unit_head as i64)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        write_roles(&mut tx, id, &user.roles).await?;
        audit::append(
            &mut tx,
            actor,
            "user.update",
            "user",
            &id.to_string(),
            user_detail(user),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Activates or deactivates an account; deactivation also ends every session and token it holds.
    pub async fn set_user_active(&self, actor: &Actor, id: UserId, active: bool) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(active as i64)
            .bind(actor.at)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if !active {
            revoke_all_sessions(&mut tx, id, actor.at).await?;
        }
        let action = if active {
            "user.activate"
        } else {
            "user.deactivate"
        };
        audit::append(&mut tx, actor, action, "user", &id.to_string(), json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a password hash and ends every session and token of the account.
    pub async fn set_password(&self, actor: &Actor, id: UserId, password_hash: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done =
            sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(actor.at)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        revoke_all_sessions(&mut tx, id, actor.at).await?;
        audit::append(
            &mut tx,
            actor,
            "user.password_reset",
            "user",
            &id.to_string(),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes a unit's row inside the caller's transaction (a unit created by an administrator, or imported).
pub(crate) async fn insert_unit_row(
    conn: &mut sqlx::AnyConnection,
    id: UnitId,
    unit: &ValidUnit,
    street: Option<UnitId>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO units (id, parent_id, kind, code, name, grid_count, lat, lon, street_id, active, created_at, updated_at, population) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10, $11)",
    )
    .bind(id.to_string())
    .bind(unit.parent_id.map(|p| p.to_string()))
    .bind(unit.kind.code())
    .bind(&unit.code)
    .bind(&unit.name)
    .bind(unit.grid_count)
    .bind_f64_opt(unit.centre.map(|c| c.lat))
    .bind_f64_opt(unit.centre.map(|c| c.lon))
    .bind(street.map(|s| s.to_string()))
    .bind(at)
    .bind(unit.population)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes an account's row and roles inside the caller's transaction (an account created by an administrator, or
/// imported).
pub(crate) async fn insert_user_row(
    conn: &mut sqlx::AnyConnection,
    id: UserId,
    user: &ValidUser,
    password_hash: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, username, display_name, unit_id, password_hash, active, created_at, updated_at, unit_head) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7)",
    )
    .bind(id.to_string())
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(user.unit_id.to_string())
    .bind(password_hash)
    .bind(at)
    .bind(user.unit_head as i64)
    .execute(&mut *conn)
    .await?;
    write_roles(conn, id, &user.roles).await
}

async fn write_roles(conn: &mut sqlx::AnyConnection, id: UserId, roles: &[Role]) -> Result<()> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id.to_string())
            .bind(role.code())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn revoke_all_sessions(
    conn: &mut sqlx::AnyConnection,
    id: UserId,
    at: i64,
) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn unit_detail(unit: &ValidUnit, active: bool) -> serde_json::Value {
    json!({
        "kind": unit.kind.code(),
        "parent_id": unit.parent_id.map(|p| p.to_string()),
        "code": unit.code,
        "name": unit.name,
        "grid_count": unit.grid_count,
        "population": unit.population,
        "centre": unit.centre.map(|c| [c.lat, c.lon]),
        "active": active,
    })
}

fn user_detail(user: &ValidUser) -> serde_json::Value {
    json!({
        "username": user.username,
        "display_name": user.display_name,
        "unit_id": user.unit_id.to_string(),
        "roles": user.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
        "unit_head": user.unit_head,
    })
}

/// Why a unit could not be written: a rule of the tree, or the store.
#[derive(Debug, thiserror::Error)]
pub enum UnitWriteError {
    #[error("{0}")]
    Invalid(gongzhi_domain::validation::ValidationErrors),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A district leader in charge of a street or a field (分管领导).
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAssignment {
    pub user_id: UserId,
    pub leader: String,
    pub street_id: Option<UnitId>,
    pub street: Option<String>,
    pub theme: Option<String>,
}

impl Store {
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
}
