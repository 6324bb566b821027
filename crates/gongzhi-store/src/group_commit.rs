//! Group commit for intake on SQLite. SQLite has one writer and, with `synchronous=FULL`, each commit waits for the
//! disk; one transaction per intake caps intake at a few hundred a second. Instead, concurrent intakes queue here and
//! one task writes whatever has queued up (up to `MAX_BATCH`) in a single transaction, each intake inside its own
//! savepoint so one bad intake fails alone. Every caller is answered only after the commit that holds its intake,
//! so an acknowledged intake is durable. A lone intake is written at once: batching adds no waiting, it only shares
//! the commit among intakes that were already waiting.

use tokio::sync::{mpsc, oneshot};

use gongzhi_domain::Millis;
use gongzhi_domain::cases::{Case, NewCase};
use gongzhi_domain::lifecycle::Change;
use gongzhi_domain::org::CasePlace;

use crate::{Actor, Result, StoreError};

const MAX_BATCH: usize = 256;

struct Job {
    actor: Actor,
    case: NewCase,
    place: CasePlace,
    received_at: Millis,
    route: Option<Change>,
    reply: oneshot::Sender<Result<Case>>,
}

/// The queue's sending side, held by the store.
#[derive(Clone, Debug)]
pub(crate) struct IntakeQueue {
    tx: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

fn closed() -> StoreError {
    StoreError::Other(sqlx::Error::PoolClosed)
}

impl IntakeQueue {
    /// Starts the writer task on the store's writer pool.
    pub(crate) fn start(pool: sqlx::AnyPool) -> IntakeQueue {
        let (tx, rx) = mpsc::channel(4096);
        tokio::spawn(run(pool, rx));
        IntakeQueue { tx }
    }

    pub(crate) async fn submit(
        &self,
        actor: Actor,
        case: NewCase,
        place: CasePlace,
        received_at: Millis,
        route: Option<Change>,
    ) -> Result<Case> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job {
                actor,
                case,
                place,
                received_at,
                route,
                reply,
            })
            .await
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn run(pool: sqlx::AnyPool, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write(&pool, batch).await;
    }
}

async fn write(pool: &sqlx::AnyPool, batch: Vec<Job>) {
    let mut tx = match pool.begin().await {
        Ok(tx) => tx,
        Err(e) => {
            let message = e.to_string();
            for job in batch {
                let _ = job.reply.send(Err(StoreError::Other(sqlx::Error::Protocol(
                    message.clone(),
                ))));
            }
            return;
        }
    };
    let mut results: Vec<(oneshot::Sender<Result<Case>>, Result<Case>)> =
        Vec::with_capacity(batch.len());
    for job in batch {
        let result = one(&mut tx, &job).await;
        results.push((job.reply, result));
    }
    match tx.commit().await {
        Ok(()) => {
            for (reply, result) in results {
                let _ = reply.send(result);
            }
        }
        Err(e) => {
            let message = e.to_string();
            for (reply, _) in results {
                let _ = reply.send(Err(StoreError::Other(sqlx::Error::Protocol(
                    message.clone(),
                ))));
            }
        }
    }
}

/// One intake inside its own savepoint: on failure, only it is undone.
async fn one(conn: &mut sqlx::AnyConnection, job: &Job) -> Result<Case> {
    sqlx::raw_sql("SAVEPOINT intake")
        .execute(&mut *conn)
        .await?;
    match crate::cases::insert_case_in(
        conn,
        &job.actor,
        &job.case,
        job.place,
        job.received_at,
        job.route.as_ref(),
    )
    .await
    {
        Ok(case) => {
            sqlx::raw_sql("RELEASE SAVEPOINT intake")
                .execute(&mut *conn)
                .await?;
            Ok(case)
        }
        Err(e) => {
            sqlx::raw_sql("ROLLBACK TO SAVEPOINT intake")
                .execute(&mut *conn)
                .await?;
            sqlx::raw_sql("RELEASE SAVEPOINT intake")
                .execute(&mut *conn)
                .await?;
            Err(e)
        }
    }
}
