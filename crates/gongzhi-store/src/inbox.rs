//! The staff inbox: notices of new assignments, chases, overdue cases, send-back decisions and escalations.

use sqlx::Row;

use gongzhi_domain::Millis;
use gongzhi_domain::org::UserId;

use crate::{Page, PageRequest, Result, Store, StoreError};

/// A notice as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: String,
    pub kind: String,
    pub case_no: Option<String>,
    pub case_title: Option<String>,
    /// For a notice about a whistle: its number and title.
    pub whistle_no: Option<String>,
    pub whistle_title: Option<String>,
    /// For a notice about an enforcement case: its number.
    pub enforcement_no: Option<String>,
    pub created_at: Millis,
    pub read_at: Option<Millis>,
}

impl Store {
    /// A user's notices, unread first, newest first.
    pub async fn list_notices(&self, user: UserId, page: PageRequest) -> Result<Page<Notice>> {
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM notices WHERE user_id = $1")
            .bind(user.to_string())
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(crate::sql(format!(
            "SELECT n.id, n.kind, c.case_no, c.title, n.created_at, n.read_at, w.whistle_no, w.title AS whistle_title, e.enforcement_no FROM notices n \
             LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN whistles w ON w.id = n.whistle_id \
             LEFT JOIN enforcement_cases e ON e.id = n.enforcement_id WHERE n.user_id = $1 \
             ORDER BY CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC LIMIT {} OFFSET {}",
            page.per_page,
            page.offset()
        )))
        .bind(user.to_string())
        .fetch_all(&self.read)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(Notice {
                    id: r.try_get(0)?,
                    kind: r.try_get(1)?,
                    case_no: r.try_get(2)?,
                    case_title: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                    read_at: r.try_get(5)?,
                    whistle_no: r.try_get(6)?,
                    whistle_title: r.try_get(7)?,
                    enforcement_no: r.try_get(8)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn count_unread(&self, user: UserId) -> Result<i64> {
        Ok(
            sqlx::query("SELECT COUNT(*) FROM notices WHERE user_id = $1 AND read_at IS NULL")
                .bind(user.to_string())
                .fetch_one(&self.read)
                .await?
                .try_get(0)?,
        )
    }

    /// Marks one notice (only the owner's) or, with `None`, all of them read.
    pub async fn mark_read(&self, user: UserId, id: Option<&str>, at: Millis) -> Result<()> {
        let done = match id {
            Some(id) => sqlx::query("UPDATE notices SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
                .bind(at)
                .bind(id)
                .bind(user.to_string())
                .execute(&self.write)
                .await?
                .rows_affected(),
            None => {
                sqlx::query("UPDATE notices SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
                    .bind(at)
                    .bind(user.to_string())
                    .execute(&self.write)
                    .await?;
                1
            }
        };
        if done == 0 && id.is_some() {
            let exists: i64 =
                sqlx::query("SELECT COUNT(*) FROM notices WHERE id = $1 AND user_id = $2")
                    .bind(id)
                    .bind(user.to_string())
                    .fetch_one(&self.read)
                    .await?
                    .try_get(0)?;
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
        }
        Ok(())
    }
}
