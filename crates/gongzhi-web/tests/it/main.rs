//! In-process HTTP tests: the real router over a real SQLite database holding the demo district, driven request by
//! request with `tower::ServiceExt::oneshot`. They prove the permissions and, as much, the refusals.

/// Declares each story once per backend: `story::sqlite` and `story::postgres` (skipped when
/// `GONGZHI_TEST_POSTGRES=skip`). A story is `async fn story(app: TestApp)` in the module that invokes this.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(crate::support::TestApp::new().await).await
            }
            #[tokio::test]
            async fn postgres() {
                if gongzhi_store::testing::postgres_skipped() {
                    return;
                }
                super::$name(crate::support::TestApp::on(gongzhi_store::testing::TestDb::postgres().await).await).await
            }
        }
    )*};
}

mod accounts;
mod admin;
mod assessment;
mod care;
mod cases;
mod disputes;
mod enforcement;
mod fidelity;
mod hardening;
mod notify;
mod open311;
mod powers;
mod reads;
mod search;
mod security;
mod server;
mod spine;
mod suggest;
mod support;
mod whistles;
mod workbench;
