//! Residents' messages leave the real binary by its real senders: e-mail through lettre's SMTP client to a real
//! SMTP server (Python's aiosmtpd, which `scripts/test` installs; `GONGZHI_TEST_PYTHON` names the interpreter that
//! has it) and SMS to an HTTP gateway stub that records what it is sent.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Server, temp_dir};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd on a free port, delivering into a Maildir; stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
}

impl SmtpServer {
    fn start(maildir: &Path) -> SmtpServer {
        let python = std::env::var("GONGZHI_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let port = free_port();
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python} (set GONGZHI_TEST_PYTHON to a Python with aiosmtpd; scripts/test does): {e}"));
        let mut server = SmtpServer { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "aiosmtpd exited ({status}): install it (`pip install aiosmtpd`) or let scripts/test do it"
                );
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        server.port = port;
        server
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the SMS gateway stub was sent: the request line and head, and the body.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// An HTTP gateway stub: answers 200 to each request and records it.
async fn sms_gateway() -> (u16, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let record = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let record = record.clone();
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    data.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&data).into_owned();
                    let Some(end) = text.find("\r\n\r\n") else {
                        continue;
                    };
                    let head = text[..end].to_owned();
                    let length = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if data.len() < end + 4 + length {
                        continue;
                    }
                    let body =
                        String::from_utf8_lossy(&data[end + 4..end + 4 + length]).into_owned();
                    record.lock().unwrap().push((head, body));
                    let _ = socket
                        .write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                        )
                        .await;
                    return;
                }
            });
        }
    });
    (port, seen)
}

/// The text of every message in a Maildir's `new/`, its base64 parts decoded.
fn mails(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .map(|raw| {
            let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
            let body = if head
                .to_ascii_lowercase()
                .contains("content-transfer-encoding: base64")
            {
                let compact: String = body.split_whitespace().collect();
                String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(compact)
                        .unwrap_or_default(),
                )
                .unwrap_or_default()
            } else {
                body.replace("=\n", "")
            };
            format!("{head}\n\n{body}")
        })
        .collect()
}

#[tokio::test]
async fn residents_messages_go_out_by_smtp_and_the_sms_gateway() {
    let dir = temp_dir();
    let maildir = dir.join("maildir");
    let smtp = SmtpServer::start(&maildir);
    let (sms_port, sms) = sms_gateway().await;
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.port);
    let sms_url = format!("http://127.0.0.1:{sms_port}/send?to={{phone}}");
    let server = Server::start(
        &dir,
        &[
            "--demo",
            "--smtp-url",
            &smtp_url,
            "--smtp-from",
            "石景山区接诉即办 <noreply@12345.example.cn>",
            "--sms-url",
            &sms_url,
            "--sms-key",
            "gateway-key-1",
            "--sms-signature",
            "石景山区接诉即办",
            "--notify-interval",
            "1",
            "--public-url",
            "https://12345.example.cn",
        ],
    );
    let created = super::http()
        .post(format!("{}/api/v1/cases", server.base))
        .json(&serde_json::json!({
            "kind": "complaint", "title": "广场舞音响太吵", "description": "每晚九点后仍在外放。",
            "address": "鲁谷街道七星园南区", "name": "周先生", "phone": "13511112222", "email": "zhou@example.cn"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let case_no = created.json::<serde_json::Value>().await.unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    while (sms.lock().unwrap().is_empty() || mails(&maildir).is_empty())
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let got = sms.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "one SMS: {got:?}");
    let (head, body) = &got[0];
    assert!(
        head.starts_with("POST /send?to=13511112222 HTTP/1.1"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("authorization: bearer gateway-key-1"),
        "{head}"
    );
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["phone"], "13511112222");
    let text = json["text"].as_str().unwrap();
    assert!(
        text.starts_with("【石景山区接诉即办】")
            && text.contains(&case_no)
            && text.contains("https://12345.example.cn/track?case_no="),
        "{text}"
    );
    let mail = mails(&maildir);
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].contains("To: zhou@example.cn")
            && mail[0].contains(&case_no)
            && mail[0].contains("您的诉求已受理"),
        "{}",
        mail[0]
    );
    server.stop();
    drop(smtp);
}
