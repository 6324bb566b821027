//! The background sweeper: chases cases due soon (催办, to the agent), chases overdue ones every day (to the unit's
//! heads and the agent), reports (通报) those five working days overdue to the district, chases late first contacts,
//! cases left unrouted past the dispatch clock (to the dispatchers) and petition steps past their deadlines, and
//! escalates by the catalogue's rule. Every notice is claimed in the
//! database before it is sent, so any number of app servers can sweep the same database: each case is acted on
//! once, and a restart neither loses nor repeats a notice. It also writes the audit chain's head to the log every
//! hour, so an operator's log archive holds anchors outside the database.

use std::time::Duration;

use gongzhi_domain::Millis;
use gongzhi_domain::lifecycle::Relation;
use gongzhi_store::Actor;
use gongzhi_store::sweep::SweepKind;

use crate::{App, AppError, cases};

/// How far ahead of the handling deadline a case is chased.
pub const DUE_SOON: Millis = 24 * 3_600_000;
/// Working days past the deadline after which an overdue case is reported (通报) to the district.
pub const REPORT_AFTER_WORKING_DAYS: i64 = 5;
/// Cases handled per kind and sweep (the rest wait for the next sweep).
const BATCH: i64 = 500;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub chased: usize,
    pub overdue: usize,
    pub contact_late: usize,
    pub escalated: usize,
    pub reported: usize,
    pub dispatch_late: usize,
    pub steps_late: usize,
    pub whistle_reports_overdue: usize,
    pub enforcement_decisions_due: usize,
    /// Disputes whose respondent's silence ended mediation, or whose mediation or court clock ran out (told once).
    pub dispute_clocks: usize,
    /// Disability assessments whose publicity period ended: now in force.
    pub assessments_concluded: usize,
    /// Cadre performance entries proposed from events (hourly).
    pub entries_proposed: usize,
    /// Census imports whose process stopped mid-file, marked interrupted.
    pub imports_interrupted: usize,
}

/// One sweep at the clock's now.
pub async fn sweep_once(app: &App) -> Result<SweepReport, AppError> {
    let now = app.now();
    let store = app.store();
    let actor = Actor::system(now);
    let mut report = SweepReport {
        imports_interrupted: crate::care::interrupt_silent_imports(app).await? as usize,
        ..Default::default()
    };
    for case in store.sweep_due_soon(now, DUE_SOON, BATCH).await? {
        let to: Vec<_> = case.agent_id.into_iter().collect();
        if store
            .sweep_claim(&actor, &case, SweepKind::Chase, &to)
            .await?
        {
            report.chased += 1;
        }
    }
    for case in store.sweep_overdue(now, BATCH).await? {
        let to = heads_and_agent(store, &case).await?;
        if store
            .sweep_claim(&actor, &case, SweepKind::Overdue, &to)
            .await?
        {
            report.overdue += 1;
        }
    }
    for case in store.sweep_contact_late(now, BATCH).await? {
        let to: Vec<_> = case.agent_id.into_iter().collect();
        if store
            .sweep_claim(&actor, &case, SweepKind::ContactLate, &to)
            .await?
        {
            report.contact_late += 1;
        }
    }
    // The dispatch clock: a case not routed within the setting's hours of receipt is told to every dispatcher.
    let dispatchers = store
        .users_with_role(gongzhi_domain::org::Role::Dispatcher)
        .await?;
    let cutoff = now - crate::settings::dispatch_hours(app).await? as Millis * 3_600_000;
    for case in store.sweep_dispatch_late(cutoff, BATCH).await? {
        if store
            .sweep_claim(&actor, &case, SweepKind::DispatchLate, &dispatchers)
            .await?
        {
            report.dispatch_late += 1;
        }
    }
    // A petition's steps are chased at their own deadlines: to the agent and the unit's heads.
    for (case, step) in store.sweep_steps_late(now, BATCH).await? {
        let to = heads_and_agent(store, &case).await?;
        if store
            .sweep_claim(&actor, &case, SweepKind::StepLate(step), &to)
            .await?
        {
            report.steps_late += 1;
        }
    }
    // A summoned unit's missing report: to the unit's heads and the officer who blew the whistle, once.
    for (w, unit) in store.sweep_whistle_overdue(now, BATCH).await? {
        let mut to = store.unit_heads(unit).await?;
        if let Some(blower) = w.blown_by
            && !to.contains(&blower)
        {
            to.push(blower);
        }
        if store.claim_whistle_chase(&actor, &w, unit, &to).await? {
            report.whistle_reports_overdue += 1;
        }
    }
    // An enforcement decision within a week of its deadline (or past it): to the street's heads and the officer.
    for (c, opener) in
        gongzhi_store::enforcement::sweep_enforcement_due(store, now + 7 * 86_400_000, BATCH)
            .await?
    {
        let mut to = store.unit_heads(c.street_id).await?;
        if let Some(o) = opener
            && !to.contains(&o)
        {
            to.push(o);
        }
        if store.claim_enforcement_chase(&actor, &c, &to).await? {
            report.enforcement_decisions_due += 1;
        }
    }
    report.dispute_clocks = crate::dispute::sweep(app, now).await?;
    report.assessments_concluded = crate::care::sweep(app, now).await?;
    report.entries_proposed = crate::assessment::sweep(app, now).await? as usize;
    let calendar = cases::calendar(app).await?;
    // 通报: five working days overdue, to the unit's heads and the district (its dispatchers and the assessment
    // office), once per deadline.
    let mut district: Vec<_> = store
        .users_with_role(gongzhi_domain::org::Role::Dispatcher)
        .await?;
    district.extend(
        store
            .users_with_role(gongzhi_domain::org::Role::Evaluator)
            .await?,
    );
    for case in store.sweep_report_candidates(now, BATCH).await? {
        let Some(due) = case.handle_due_at else {
            continue;
        };
        if now
            < calendar
                .add_working_time(due, REPORT_AFTER_WORKING_DAYS * 86_400_000)
                .at
        {
            continue;
        }
        let mut to = match case.accountable_unit_id {
            Some(unit) => store.unit_heads(unit).await?,
            None => Vec::new(),
        };
        for user in &district {
            if !to.contains(user) {
                to.push(*user);
            }
        }
        if store
            .sweep_claim(&actor, &case, SweepKind::Reported, &to)
            .await?
        {
            report.reported += 1;
        }
    }
    for case in store.sweep_escalation_candidates(now, BATCH).await? {
        let (Some(code), Some(version), Some(due)) = (
            &case.category_code,
            case.catalogue_version,
            case.handle_due_at,
        ) else {
            continue;
        };
        let Ok(category) = store.get_category(version, code).await else {
            continue;
        };
        let Some(after) = category.escalate_after_days else {
            continue;
        };
        let threshold = calendar.add_working_time(due, after as i64 * 86_400_000).at;
        if now < threshold {
            continue;
        }
        let reason = format!("超过办理时限 {after} 个工作日仍未办结，按派单目录规则自动升级。");
        let change = match cases::escalation(app, &case, Relation::system(), &reason, now).await {
            Ok(c) => c,
            // Nowhere to go (no street for the place, nobody in the unit): it stays, and stays reported overdue.
            Err(AppError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        };
        // Guarded by the case's version: if another app server escalated it first, this one is refused.
        match store.update_case(&actor, &case, &change).await {
            Ok(()) => report.escalated += 1,
            Err(gongzhi_store::StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if report != SweepReport::default() {
        tracing::info!(?report, "sweep");
    }
    Ok(report)
}

/// The heads of the case's accountable unit and its agent, once each.
async fn heads_and_agent(
    store: &gongzhi_store::Store,
    case: &gongzhi_domain::cases::Case,
) -> Result<Vec<gongzhi_domain::org::UserId>, AppError> {
    let mut to = match case.accountable_unit_id {
        Some(unit) => store.unit_heads(unit).await?,
        None => Vec::new(),
    };
    if let Some(agent) = case.agent_id
        && !to.contains(&agent)
    {
        to.push(agent);
    }
    Ok(to)
}

/// Writes the audit chain's head (`SEQ:HASH`, as `gongzhi audit anchor` prints it) to the log.
pub async fn log_audit_head(app: &App) -> Result<(), AppError> {
    let (seq, hash) = app.store().audit_head().await?;
    tracing::info!(anchor = %gongzhi_domain::audit::Anchor { seq, hash }, "audit chain head");
    Ok(())
}

/// Sweeps every `interval` until `stop` turns true; refreshes planner statistics every six hours and logs the
/// audit head every hour.
pub fn spawn(
    app: App,
    interval: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_optimize = std::time::Instant::now();
        let mut last_anchor = std::time::Instant::now();
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = sweep_once(&app).await {
                        tracing::error!(error = ?e, "sweep failed; retrying at the next tick");
                    }
                    // The category-suggestion model learns from the day's closed cases (one server a day, in the
                    // background: segmenting takes seconds).
                    let trainer = app.clone();
                    tokio::spawn(async move {
                        match crate::suggest::retrain_if_due(&trainer).await {
                            Ok(_) => {}
                            Err(e) => tracing::error!(error = ?e, "training the suggestion model failed"),
                        }
                    });
                    // Planner statistics drift as cases accumulate; refresh them every few hours.
                    if last_optimize.elapsed() > Duration::from_secs(6 * 3600) {
                        last_optimize = std::time::Instant::now();
                        if let Err(e) = app.store().optimize().await {
                            tracing::error!(error = ?e, "refreshing planner statistics failed");
                        }
                    }
                    if last_anchor.elapsed() > Duration::from_secs(3600) {
                        last_anchor = std::time::Instant::now();
                        if let Err(e) = log_audit_head(&app).await {
                            tracing::error!(error = ?e, "reading the audit head failed");
                        }
                    }
                }
                _ = stop.changed() => break,
            }
        }
    })
}
