//! Serving the router over TCP with the limits `axum::serve` does not offer: a deadline for reading a request's
//! headers (a connection that sends half a request line is closed, not kept forever), a cap on concurrent
//! connections per client address (one address cannot pin the server's file descriptors), and graceful shutdown
//! (stop accepting, let requests in flight finish). Bodies are bounded by the router's own layers: a size limit
//! and a 30-second limit on the whole request, body reading included.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tower::ServiceExt;

/// The server's connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// How long a client has to send a request's line and headers.
    pub header_read_timeout: Duration,
    /// Concurrent connections one address may hold (0: no cap; behind a reverse proxy every connection comes from
    /// the proxy, which should set its own).
    pub max_connections_per_address: usize,
    /// How long shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_read_timeout: Duration::from_secs(10),
            max_connections_per_address: 64,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Open connections per address; a guard gives its slot back when the connection ends.
#[derive(Default, Clone)]
struct Slots(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct Slot(Slots, IpAddr);

impl Slots {
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_insert(0);
        if max > 0 && *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot(self.clone(), ip))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = (self.0).0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.1);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then waits (at most the grace period) for the
/// connections in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Slots::default();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: back off a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = slots.take(peer.ip(), limits.max_connections_per_address) else {
            tracing::warn!("connection refused: too many open connections from one address");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection that errs (a client gone, a header deadline passed) is simply closed.
            let _ = watched.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("shutdown: some connections were still open after the grace period");
    }
}
