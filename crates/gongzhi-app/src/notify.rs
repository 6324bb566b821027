//! Sending what the outbox holds: a worker claims the messages due, words them (`domain::notify::words`), hands each
//! to the sender of its medium (SMTP, an HTTP SMS gateway — adapters the binary configures), and marks it sent or
//! schedules the next attempt. A medium without a sender keeps its messages pending: nothing is lost while a sender
//! is down or not configured. Recipients and texts never reach the logs; a failure is logged by message id.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use gongzhi_domain::notify::{self, Delivery, Medium};
use gongzhi_store::notify::{OutboxCounts, OutboxItem};

use crate::principal::StaffPrincipal;
use crate::{App, AppError};

/// One message ready to go.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub medium: Medium,
    /// A mobile number or an e-mail address.
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// What a sender's attempt may answer: the error is the sender's words (kept for the administrator).
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A way out: one per medium.
pub trait Sender: Send + Sync {
    fn medium(&self) -> Medium;
    fn send<'a>(&'a self, message: &'a Outgoing) -> Sending<'a>;
}

/// The senders and the words around messages.
#[derive(Clone, Default)]
pub struct Postman {
    pub senders: Vec<Arc<dyn Sender>>,
    /// The public site's address, for the tracking links (`https://…`, no trailing slash).
    pub public_url: String,
    /// The SMS signature (【…】), the district's name.
    pub signature: String,
}

impl Postman {
    fn sender(&self, medium: Medium) -> Option<&Arc<dyn Sender>> {
        self.senders.iter().find(|s| s.medium() == medium)
    }
    fn media(&self) -> Vec<Medium> {
        self.senders.iter().map(|s| s.medium()).collect()
    }
}

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// Failed this time, tried again later.
    pub retrying: usize,
    /// Failed for good (every retry used).
    pub failed: usize,
}

/// How long a claim keeps other app servers off a message (longer than any sender's timeout).
pub const LEASE: i64 = 120_000;
/// Messages one round takes at most.
pub const BATCH: u32 = 200;

/// The words of an outbox message; `days` is the verdict window (a setting, read once per round).
pub fn words_of(postman: &Postman, item: &OutboxItem, days: u32) -> Outgoing {
    let track = format!(
        "{}/track?case_no={}",
        postman.public_url.trim_end_matches('/'),
        item.case_no
    );
    let w = notify::words(
        item.medium,
        item.kind,
        &item.detail,
        &item.case_no,
        &track,
        days,
        &postman.signature,
    );
    Outgoing {
        medium: item.medium,
        to: item.recipient.clone(),
        subject: w.subject,
        body: w.body,
    }
}

/// Sends the messages due now; each answer is recorded before the next is sent.
pub async fn deliver_due(app: &App, postman: &Postman) -> Result<Delivered, AppError> {
    let now = app.now();
    let mut done = Delivered::default();
    let claimed = app
        .store()
        .claim_outbox(now, LEASE, &postman.media(), BATCH)
        .await?;
    if claimed.is_empty() {
        return Ok(done);
    }
    let days = crate::settings::verdict_window_days(app).await?;
    for item in claimed {
        let Some(sender) = postman.sender(item.medium) else {
            continue;
        };
        let message = words_of(postman, &item, days);
        match sender.send(&message).await {
            Ok(()) => {
                app.store().outbox_sent(&item.id, app.now()).await?;
                done.sent += 1;
            }
            Err(error) => {
                let retry = notify::retry_at(item.attempts, app.now());
                // The error may quote the address: it goes to the outbox row, the log gets the id only.
                tracing::warn!(message = %item.id, medium = item.medium.code(), attempt = item.attempts, gives_up = retry.is_none(), "a resident's message was not sent");
                app.store().outbox_failed(&item.id, retry, &error).await?;
                if retry.is_some() {
                    done.retrying += 1
                } else {
                    done.failed += 1
                }
            }
        }
    }
    Ok(done)
}

/// The worker: a round every `every` until `stop` changes.
pub fn spawn(
    app: App,
    postman: Postman,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = deliver_due(&app, &postman).await {
                        tracing::error!(error = ?e, "delivering residents' messages failed; retrying at the next tick");
                    }
                }
                _ = stop.changed() => break,
            }
        }
    })
}

/// The outbox as the administrator sees it: counts, and the newest failures.
pub struct OutboxView {
    pub counts: OutboxCounts,
    pub failed: Vec<OutboxItem>,
    pub pending: Vec<OutboxItem>,
}

pub async fn outbox(app: &App, staff: &StaffPrincipal) -> Result<OutboxView, AppError> {
    staff.require(gongzhi_domain::org::Role::Admin)?;
    Ok(OutboxView {
        counts: app.store().outbox_counts().await?,
        failed: app.store().outbox_with_status(Delivery::Failed, 50).await?,
        pending: app
            .store()
            .outbox_with_status(Delivery::Pending, 50)
            .await?,
    })
}

/// Sends every failed message again (after a sender is fixed); audited.
pub async fn retry_failed(app: &App, staff: &StaffPrincipal) -> Result<u64, AppError> {
    staff.require(gongzhi_domain::org::Role::Admin)?;
    Ok(app
        .store()
        .retry_failed_outbox(&staff.actor(app.now()))
        .await?)
}

/// Marks one of the staff member's own notices read, or all of them (`id` none): nobody else's.
pub async fn mark_read(
    app: &App,
    staff: &StaffPrincipal,
    id: Option<&str>,
) -> Result<(), AppError> {
    Ok(app.store().mark_read(staff.user_id, id, app.now()).await?)
}
