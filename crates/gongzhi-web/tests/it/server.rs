//! The server loop over real TCP: a half-sent request is closed at the header deadline, one address cannot hold more
//! than its share of connections, and a whole request is answered.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use gongzhi_web::server::{ServerLimits, serve};

use crate::support::TestApp;

/// Reads until the server closes the connection (or `within` passes); returns what was read and whether it closed.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> (String, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .is_ok();
    (String::from_utf8_lossy(&out).into_owned(), closed)
}

#[tokio::test]
async fn half_sent_requests_are_closed_and_one_address_cannot_pin_the_server() {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = ServerLimits {
        header_read_timeout: Duration::from_millis(800),
        max_connections_per_address: 2,
        shutdown_grace: Duration::from_secs(5),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, app.router.clone(), limits, async {
        let _ = stopped.await;
    }));

    // A whole request is answered.
    let mut ok = TcpStream::connect(addr).await.unwrap();
    ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (reply, closed) = read_until_closed(&mut ok, Duration::from_secs(10)).await;
    assert!(reply.starts_with("HTTP/1.1 200") && closed, "{reply}");

    // Two connections that send half a request line hold the address's two slots...
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /heal").await.unwrap();
        slow.push(s);
    }
    // ...so a third from the same address is closed at once, unanswered.
    let mut third = TcpStream::connect(addr).await.unwrap();
    let (reply, closed) = read_until_closed(&mut third, Duration::from_millis(600)).await;
    assert!(
        closed && reply.is_empty(),
        "the third connection is refused: {reply:?}"
    );
    // The half-sent requests are closed at the header deadline, not kept forever.
    for s in &mut slow {
        let (_, closed) = read_until_closed(s, Duration::from_secs(10)).await;
        assert!(closed, "a half-sent request is closed");
    }
    // Their slots are free again.
    let mut again = TcpStream::connect(addr).await.unwrap();
    again
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (reply, _) = read_until_closed(&mut again, Duration::from_secs(10)).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    let _ = stop.send(());
    server.await.unwrap();
    app.finish().await;
}
