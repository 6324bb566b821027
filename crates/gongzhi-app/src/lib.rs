//! gongzhi's application layer: the use cases. Each takes who acts (a [`Principal`]) and reads the time from the
//! [`Clock`] it was built with, lets the domain decide and has the store write, and answers with [`AppError`] in
//! business terms. Pages, the JSON API, the command line and the background sweeper all call these same functions;
//! nothing here knows HTTP, templates or the web crate.
//!
//! Every business domain has a module of the same name here as in the domain and store crates (`cases`,
//! `accounts`, `calendar`, `settings`; later `whistle`, `odr`, `care`, `assessment`, `search`).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use gongzhi_domain::Millis;
use gongzhi_store::Store;

pub mod accounts;
pub mod assessment;
mod caches;
pub mod calendar;
pub mod care;
pub mod cases;
pub mod catalogue;
pub mod dispute;
pub mod enforcement;
mod error;
pub mod gazetteer;
pub mod kb;
pub mod map;
pub mod notify;
pub mod open311;
pub mod org;
pub mod powers;
mod principal;
pub mod replies;
pub mod search;
pub mod settings;
pub mod sheet;
pub mod suggest;
pub mod sweeper;
pub mod whistle;

pub use error::AppError;
pub use principal::{Principal, StaffPrincipal};

/// Where test runs start their clocks unless `GONGZHI_TEST_NOW` says otherwise: a Beijing working day.
pub const DEFAULT_TEST_NOW: &str = "2026-12-02T10:00:00+08:00";

/// Where "now" comes from. Production reads the system clock; tests and demos start it at a chosen instant (it then
/// runs on with real time), so nothing depends on the day the suite happens to run.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `at` now and runs on from there.
    pub fn starting_at(at: Millis) -> Clock {
        let clock = Clock::default();
        clock.set(at);
        clock
    }

    /// The clock of a test run: starts at `GONGZHI_TEST_NOW` (RFC 3339) when set, else at a fixed Beijing working
    /// day (Wednesday 2 December 2026, 10:00), so that a test never depends on the day it runs. The test command
    /// runs the suites again with a public holiday there.
    pub fn for_tests() -> Clock {
        let raw = std::env::var("GONGZHI_TEST_NOW").unwrap_or_else(|_| DEFAULT_TEST_NOW.to_owned());
        let at: jiff::Timestamp = raw
            .parse()
            .unwrap_or_else(|e| panic!("GONGZHI_TEST_NOW={raw:?} is not RFC 3339: {e}"));
        Clock::starting_at(at.as_millisecond())
    }

    /// Now, in epoch milliseconds (UTC).
    pub fn now(&self) -> Millis {
        gongzhi_store::now_ms() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves the clock so that it reads `at` now.
    pub fn set(&self, at: Millis) {
        self.offset_ms
            .store(at - gongzhi_store::now_ms(), Ordering::Relaxed);
    }

    /// Moves the clock forward (or back) by `by` milliseconds.
    pub fn advance(&self, by: Millis) {
        self.offset_ms.fetch_add(by, Ordering::Relaxed);
    }
}

/// The application: the store, the clock, and the per-server caches. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Clock,
    caches: Arc<caches::Caches>,
}

impl App {
    pub fn new(store: Store, clock: Clock) -> App {
        App {
            store,
            clock,
            caches: Arc::new(Default::default()),
        }
    }

    /// The store, for reads that only display what a use case has already allowed (lists, names, timelines).
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }
}
