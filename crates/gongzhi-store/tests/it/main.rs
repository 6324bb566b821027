//! Store story tests: every store method, run against a fresh SQLite file and a fresh PostgreSQL database.

mod stories;

use gongzhi_store::testing::TestDb;

/// Declares each story once per backend: `units_form_a_tree::sqlite` and `units_form_a_tree::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                gongzhi_store::testing::run_story(gongzhi_store::Backend::Sqlite, crate::stories::$name).await
            }
            #[tokio::test]
            async fn postgres() {
                gongzhi_store::testing::run_story(gongzhi_store::Backend::Postgres, crate::stories::$name).await
            }
        }
    )*};
}

on_both_backends!(
    migrations_are_recorded_and_not_rerun,
    units_form_a_tree_with_rules_on_parents,
    users_are_created_listed_edited_and_deactivated,
    sessions_expire_and_can_be_revoked,
    login_failures_are_counted_per_window,
    case_numbers_run_per_day_and_the_list_respects_scope,
    tracking_needs_the_right_phone_digits,
    a_failed_write_leaves_nothing_behind,
    the_audit_chain_detects_a_silent_rewrite,
    a_district_is_imported_once_and_whole,
    settings_are_stored_and_audited,
    catalogue_versions_are_kept_whole,
    holiday_schedules_load_and_replace_by_year,
    a_change_from_a_stale_read_is_refused_and_leaves_nothing,
    changes_write_fields_events_notices_and_side_records,
    sweeper_claims_succeed_once_per_deadline,
    the_lists_filter_by_agent_due_dates_category_and_period,
    attachments_keep_their_bytes,
    the_knowledge_base_is_kept_and_retired,
    concurrent_intakes_commit_together_and_a_bad_one_fails_alone,
    the_audit_chain_reports_truncation_and_anchors_prove_the_past,
    throttle_reservations_are_distinct_under_concurrency,
    attachments_have_quotas_per_case_and_per_uploader_and_day,
    escalation_requests_are_recorded_decided_and_counted_apart_from_send_backs,
    an_enforcement_step_writes_the_record_it_is_given_once,
    a_dispute_step_writes_the_record_it_is_given_once,
    near_duplicates_and_repeat_callers_are_read_for_a_whole_page,
    a_whistle_is_blown_reported_rated_and_closed_each_once,
    the_outbox_tells_what_can_be_received_and_leases_each_message_once,
    open311_keys_and_requests_are_kept_whole_and_found,
    a_census_is_imported_by_id_number_and_an_assessment_concludes_once,
    a_months_closings_are_tallied_frozen_once_and_later_verdicts_shown_apart,
    deliveries_take_one_subsidy_a_day_and_are_verified_or_rejected_once,
);

/// A test's database is removed even when the test never reaches `finish` (it failed, or forgot): the SQLite file and
/// the PostgreSQL database are gone once the `TestDb` is dropped.
#[tokio::test]
async fn a_test_database_is_removed_when_its_test_ends_without_finishing() {
    let db = TestDb::sqlite().await;
    let path = db
        .url
        .trim_start_matches("sqlite:")
        .trim_end_matches("?mode=rwc")
        .to_owned();
    assert!(std::path::Path::new(&path).exists());
    drop(db);
    assert!(!std::path::Path::new(&path).exists(), "{path} removed");
    if gongzhi_store::testing::postgres_skipped() {
        return;
    }
    let db = TestDb::postgres().await;
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    let panicked = tokio::spawn(async move {
        let _db = db;
        panic!("a test that fails before its finish");
    })
    .await;
    assert!(panicked.is_err());
    let admin = TestDb::postgres().await;
    let left = admin.store.test_databases_named(&name).await;
    admin.finish().await;
    assert_eq!(left, 0, "{name} dropped");
}
