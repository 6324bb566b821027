//! Loading the demo district through the store's audited import: the district itself in one transaction, then its
//! catalogues, knowledge base and canned replies, and on request a generated history. A database that already has a
//! district or a history is left alone, so a restart with `--demo` creates nothing twice, and an interrupted history
//! resumes where it stopped.

use gongzhi_domain::org::Role;
use gongzhi_store::import::Seeded;
use gongzhi_store::{Actor, Result, Store};

/// Creates the demo district when the database has no units: units, accounts (all with `password_hash`, the
/// argon2id hash of the one demo password), leaders in charge, gazetteer and mediation bodies, then the dispatch
/// catalogue, the enforcement powers, the knowledge base and the canned replies.
pub async fn seed_district(store: &Store, actor: &Actor, password_hash: &str) -> Result<Seeded> {
    let seeded = store
        .import_district(actor, &crate::district::district(), password_hash)
        .await?;
    if seeded == Seeded::AlreadyPresent {
        return Ok(seeded);
    }
    store
        .save_catalogue(
            actor,
            &crate::catalogue::categories(),
            "石景山区派单目录（演示）",
        )
        .await?;
    store
        .save_powers(
            actor,
            &crate::powers::powers(),
            "石景山区街道下放职权清单（演示）",
        )
        .await?;
    for (question, answer, categories) in crate::kb::entries() {
        let cats: Vec<String> = categories.split(',').map(String::from).collect();
        store.insert_kb(actor, question, answer, &cats).await?;
    }
    for reply in crate::replies::replies() {
        store.insert_reply(actor, &reply).await?;
    }
    Ok(seeded)
}

/// Creates the demo history (`n` cases, deterministic, with about one whistle for every sixty cases, one
/// enforcement case for every hundred and a mediation record for every dispute) once; a second call does nothing.
pub async fn seed_history(store: &Store, actor: &Actor, n: usize) -> Result<usize> {
    if store.get_setting("demo.history").await?.is_some() || n == 0 {
        return Ok(0);
    }
    let index = store.district_index().await?;
    let version = store.catalogue_version().await?;
    let catalogue = store.catalogue(version).await?;
    let calendar = store.load_calendar().await?;
    let end = crate::history::history_end();
    let history = crate::history::generate(&index, &catalogue, &calendar, n, 20_251_118);
    store.insert_case_history(actor, &history, version).await?;
    let whistles = crate::whistles::generate_whistles(&index, history.len() / 60, 20_251_119, 0);
    store.insert_whistle_history(actor, &whistles, end).await?;
    let powers = store.powers(store.powers_version().await?).await?;
    if !powers.is_empty() {
        let rules = gongzhi_domain::enforcement::HearingRules::parse(
            &store
                .get_setting("enforcement.hearing_thresholds")
                .await?
                .unwrap_or_else(|| gongzhi_app::settings::HEARING_THRESHOLDS_DEFAULT.to_owned()),
        )
        .or_else(|| {
            gongzhi_domain::enforcement::HearingRules::parse(
                gongzhi_app::settings::HEARING_THRESHOLDS_DEFAULT,
            )
        })
        .expect("the default hearing thresholds parse");
        let enforcement = crate::enforcement::generate_enforcement(
            &index,
            &powers,
            &calendar,
            &rules,
            history.len() / 100,
            20_251_120,
        );
        store
            .insert_enforcement_history(actor, &enforcement)
            .await?;
    }
    let refs = store.dispute_case_refs().await?;
    let mediators = store.mediator_candidates().await?;
    let court = store.users_with_role(Role::Court).await?.into_iter().next();
    let disputes = crate::disputes::generate_disputes(
        &refs,
        &mediators,
        index.dispatcher,
        court,
        end,
        20_251_121,
    );
    store.insert_dispute_history(actor, &disputes).await?;
    store
        .set_setting(actor, "demo.history", &history.len().to_string())
        .await?;
    store.optimize().await?;
    Ok(history.len())
}

/// Generated cases received within `received` (start, end), with their timelines and side records, and nothing
/// else (benchmarks pack a busy month with it).
pub async fn seed_cases_received(
    store: &Store,
    actor: &Actor,
    n: usize,
    received: (gongzhi_domain::Millis, gongzhi_domain::Millis),
) -> Result<usize> {
    let index = store.district_index().await?;
    let version = store.catalogue_version().await?;
    let catalogue = store.catalogue(version).await?;
    let calendar = store.load_calendar().await?;
    let history =
        crate::history::generate_received(&index, &catalogue, &calendar, n, 20_261_001, received);
    store.insert_case_history(actor, &history, version).await?;
    store.optimize().await?;
    Ok(history.len())
}
