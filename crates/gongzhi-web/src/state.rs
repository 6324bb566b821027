//! What every handler may use, passed explicitly (no globals), so tests build their own: the use cases, the store
//! for display reads, and the web layer's settings. Below every other module of the crate.

use std::sync::Arc;

use gongzhi_app::{App, Clock};
use gongzhi_store::{Reads, Store};

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Take the client address from `X-Forwarded-For` and the scheme from `X-Forwarded-Proto` (only behind a
    /// reverse proxy that sets them).
    pub trust_proxy: bool,
    /// How many reverse proxies in front of the server append to `X-Forwarded-For`: the client is the hop this
    /// many places from the right (the rightmost hop no trusted proxy wrote). Hops further left are the client's
    /// own claims and are ignored.
    pub trusted_proxies: usize,
    /// Always mark cookies `Secure` (the server is only reached over TLS).
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            trust_proxy: false,
            trusted_proxies: 1,
            secure_cookies: false,
            body_limit: 64 * 1024,
        }
    }
}

/// Everything a handler may use, passed explicitly (no globals), so tests build their own.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub app: App,
    /// The store's display reads, for showing what a use case allowed; writes go through `app` only.
    pub reads: Reads,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig, clock: Clock) -> AppState {
        AppState {
            app: App::new(store.clone(), clock),
            reads: Reads::from(store),
            config: Arc::new(config),
        }
    }

    pub fn now(&self) -> gongzhi_domain::Millis {
        self.app.now()
    }
}
