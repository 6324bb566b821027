//! Tests of the real binary: architecture boundaries, command-line behaviour, and a server started as a process on
//! a free port, over SQLite and PostgreSQL, stopped with SIGTERM and started again.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gongzhi");

mod senders;
mod tidy;

/// An HTTP client for the tests (rustls with the ring provider, as the binary uses).
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

#[test]
fn the_domain_crate_depends_on_no_database_web_or_async_runtime() {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "gongzhi-domain",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    assert!(tree.contains("gongzhi-domain"), "{tree}");
    for forbidden in ["sqlx", "axum", "tokio", "hyper", "reqwest"] {
        assert!(
            !tree
                .lines()
                .any(|l| l.split_whitespace().next() == Some(forbidden)
                    || l.starts_with(&format!("{forbidden}-"))),
            "gongzhi-domain must not depend on {forbidden}:\n{tree}"
        );
    }
}

/// The crates a crate depends on (normal and build edges), one name a line.
fn dependencies_of(krate: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            krate,
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn the_application_crate_knows_nothing_of_http_or_templates() {
    let deps = dependencies_of("gongzhi-app");
    assert!(deps.iter().any(|d| d == "gongzhi-store"), "{deps:?}");
    for forbidden in [
        "axum",
        "askama",
        "tower-http",
        "hyper",
        "gongzhi-web",
        "utoipa",
    ] {
        assert!(
            !deps.iter().any(|d| d == forbidden),
            "gongzhi-app must not depend on {forbidden}: {deps:?}"
        );
    }
}

/// The store's methods that write: each `pub async fn` of the store crate whose body writes (a statement that changes
/// rows, a transaction on the write pool, an audit entry, the intake queue).
fn store_writes(root: &Path) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for entry in walk(&root.join("gongzhi-store").join("src")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let starts: Vec<usize> = text
            .match_indices("pub async fn ")
            .map(|(i, _)| i)
            .collect();
        for (k, &at) in starts.iter().enumerate() {
            let body = &text[at..starts.get(k + 1).copied().unwrap_or(text.len())];
            let name: String = body["pub async fn ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let writes = [
                "INSERT INTO",
                "UPDATE ",
                "DELETE FROM",
                "write.begin()",
                "audit::append",
                "intake_queue",
            ];
            if writes.iter().any(|w| body.contains(w)) {
                out.insert(name);
            }
        }
    }
    out
}

/// Every write goes through the application crate: the web crate holds only the store's read-only view
/// (`gongzhi_store::Reads`), which offers no writing method, and never reaches the full store (no `Store` named outside
/// the state's constructor, no `.store()` call). The store's writing methods are found by what they do, so a new one
/// is covered.
#[test]
fn the_web_crate_calls_no_store_write() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let writes = store_writes(root);
    assert!(
        writes.len() > 100 && writes.contains("insert_user") && writes.contains("mark_read"),
        "the store's writes were found: {}",
        writes.len()
    );
    // What the read-only view offers: the `fn NAME(` lines of its delegation list.
    let reads_src = std::fs::read_to_string(root.join("gongzhi-store/src/reads.rs")).unwrap();
    let offered: Vec<String> = reads_src
        .lines()
        .filter_map(|l| l.trim().strip_prefix("fn "))
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect();
    assert!(
        offered.len() > 30 && offered.iter().any(|n| n == "get_case"),
        "the read-only view's methods were found: {offered:?}"
    );
    let mut found: Vec<String> = offered
        .iter()
        .filter(|n| writes.contains(*n))
        .map(|n| format!("gongzhi-store/src/reads.rs offers the write {n}"))
        .collect();
    for entry in walk(&root.join("gongzhi-web").join("src")) {
        let shown = entry.display().to_string();
        let text: String = std::fs::read_to_string(&entry)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.contains(".store()") {
            found.push(format!("{shown}: calls .store()"));
        }
        let names_store = text.match_indices("Store").any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + "Store".len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            // `UnitWriteError::Store(…)` is an error variant, not the type.
            !word(before) && !word(after) && !text[..i].ends_with("Error::")
        });
        if names_store && !shown.ends_with("gongzhi-web/src/state.rs") {
            found.push(format!("{shown}: names the full Store"));
        }
        for (i, _) in text.match_indices("reads") {
            // `state.reads.NAME(`, across line breaks.
            let Some(rest) = text[i + "reads".len()..].trim_start().strip_prefix('.') else {
                continue;
            };
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if writes.contains(&name) {
                found.push(format!("{shown}: reads.{name}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "writes from the web crate, not through a use case:\n{}",
        found.join("\n")
    );
}

/// A database that does not answer is an error, not a default: no `.await.ok()` or `.await.unwrap_or…(…)` in the
/// application and web crates, except where an error page is being rendered (it cannot fail again).
#[test]
fn no_awaited_result_is_swallowed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let allowed = ["gongzhi-web/src/page.rs", "gongzhi-web/src/extract.rs"];
    let mut found = Vec::new();
    for krate in ["gongzhi-app", "gongzhi-web"] {
        for entry in walk(&root.join(krate).join("src")) {
            let shown = entry.display().to_string();
            if allowed.iter().any(|a| shown.ends_with(a)) {
                continue;
            }
            let text: String = std::fs::read_to_string(&entry)
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("");
            for needle in [
                ".await.ok()",
                ".await.unwrap_or(",
                ".await.unwrap_or_else(",
                ".await.unwrap_or_default()",
            ] {
                if text.contains(needle) {
                    found.push(format!("{shown}: {needle}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "swallowed results:\n{}", found.join("\n"));
}

/// utoipa names a schema after its type, and a second type of the same name silently replaces the first in the
/// OpenAPI document: every type the API describes has a name of its own.
#[test]
fn the_api_schemas_have_distinct_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut seen: std::collections::HashMap<String, std::path::PathBuf> =
        std::collections::HashMap::new();
    for entry in walk(&root.join("gongzhi-web").join("src")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let mut derives_schema = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("#[derive(") {
                derives_schema = line.contains("ToSchema") || line.contains("IntoParams");
            } else if let Some(rest) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
            {
                if derives_schema {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(first) = seen.insert(name.clone(), entry.clone()) {
                        panic!(
                            "{name} is declared in {} and in {}",
                            first.display(),
                            entry.display()
                        );
                    }
                }
                derives_schema = false;
            }
        }
    }
    assert!(seen.len() > 50, "{} schemas found", seen.len());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "anchor", "--help"],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage"), "{text}");
        if args[0] == "serve" {
            for flag in [
                "--bind",
                "--database",
                "--demo",
                "--demo-password",
                "GONGZHI_BIND",
                "GONGZHI_DATABASE_URL",
            ] {
                assert!(text.contains(flag), "serve --help lacks {flag}");
            }
        }
    }
}

#[test]
fn an_unknown_scheme_or_a_missing_sqlite_file_stops_start_up() {
    let dir = temp_dir();
    let out = Command::new(BIN)
        .args(["serve", "--database", "mysql://root@localhost/gz"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unsupported database URL scheme `mysql`")
    );
    let out = Command::new(BIN)
        .args(["serve", "--database", "sqlite:elsewhere/gz.db"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!dir.join("elsewhere").exists(), "nothing was created");
    let out = Command::new(BIN)
        .args(["serve"])
        .env("GONGZHI_DATABASE_URL", "redis://x")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`redis`"),
        "the environment variable is read too"
    );
}

/// A fresh folder for one test, removed with everything in it when the test ends (also when it fails).
struct TempDir(std::path::PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir() -> TempDir {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("gongzhi-bin-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// A running server process and what it printed at start-up.
struct Server {
    child: Child,
    base: String,
    banner: String,
}

impl Server {
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--demo-history",
                "300",
                "--demo-elders",
                "200",
            ])
            .args(extra)
            .current_dir(dir)
            .env("GONGZHI_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut banner = String::new();
        let mut base = None;
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            banner.push_str(&line);
            banner.push('\n');
            if let Some(rest) = line.split("listening on ").nth(1) {
                base = Some(rest.trim().to_owned());
            }
            if line.starts_with("  careadmin") || (base.is_some() && !extra.contains(&"--demo")) {
                break;
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base: base.unwrap_or_else(|| panic!("server did not start:\n{banner}")),
            banner,
        }
    }

    /// Sends SIGTERM and waits for a clean exit.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = self.child.wait().unwrap();
        assert!(status.success(), "graceful shutdown exits 0, got {status}");
    }
}

async fn exercise(server: &Server) -> String {
    let http = http();
    let health = http
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = http
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let created = http
        .post(format!("{}/api/v1/cases", server.base))
        .json(&serde_json::json!({
            "kind": "complaint", "title": "广场舞音响太吵", "description": "每晚九点后仍在外放。",
            "address": "鲁谷街道七星园南区", "name": "周先生", "phone": "13511112222"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    body["case_no"].as_str().unwrap().to_owned()
}

/// Runs `gongzhi audit verify` in `dir` and returns the number of entries of the intact chain.
fn audit_entries(dir: &Path) -> u64 {
    let verify = Command::new(BIN)
        .args(["audit", "verify"])
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&verify.stdout).into_owned();
    assert!(
        verify.status.success() && text.contains("chain intact"),
        "{text}"
    );
    text.split(": ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"))
}

async fn tracked(base: &str, case_no: &str) -> bool {
    let url = format!("{base}/api/v1/track?case_no={case_no}&phone_last4=2222");
    http().get(url).send().await.unwrap().status() == 200
}

#[tokio::test]
async fn the_demo_server_starts_serves_stops_gracefully_and_restarts_without_duplicates() {
    let dir = temp_dir();
    let server = Server::start(&dir, &["--demo"]);
    assert!(
        server.banner.contains("database: SQLite data/gongzhi.db"),
        "{}",
        server.banner
    );
    assert!(
        server
            .banner
            .contains("demo district: 石景山区 (created now)")
    );
    assert!(server.banner.contains("password: gongzhi-demo"));
    for account in [
        "admin",
        "dispatcher",
        "leader",
        "street-bajiao",
        "dept-zjw",
        "community-bajiao",
        "mediator",
        "court",
        "assessor",
        "provider",
        "evaluator",
    ] {
        assert!(
            server
                .banner
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{account} "))),
            "{account} not listed"
        );
    }
    let case_no = exercise(&server).await;
    let base = server.base.clone();
    server.stop();
    assert!(
        http().get(format!("{base}/healthz")).send().await.is_err(),
        "the port is closed after shutdown"
    );
    let entries_before = audit_entries(&dir);
    // The head, kept outside the database, proves the chain later; a forged one is caught.
    let anchor = Command::new(BIN)
        .args(["audit", "anchor"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let anchor = String::from_utf8(anchor.stdout).unwrap().trim().to_owned();
    assert_eq!(
        anchor.split(':').next().and_then(|n| n.parse::<u64>().ok()),
        Some(entries_before),
        "{anchor}"
    );
    let held = Command::new(BIN)
        .args(["audit", "verify", "--anchor", &anchor])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        held.status.success(),
        "{}",
        String::from_utf8_lossy(&held.stdout)
    );
    let forged = format!("{}:{}", entries_before, "0".repeat(64));
    let broken = Command::new(BIN)
        .args(["audit", "verify", "--anchor", &forged])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&broken.stdout).contains("anchor"),
        "{}",
        String::from_utf8_lossy(&broken.stdout)
    );
    let malformed = Command::new(BIN)
        .args(["audit", "verify", "--anchor", "12"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        !malformed.status.success()
            && String::from_utf8_lossy(&malformed.stderr).contains("SEQ:HASH")
    );

    let again = Server::start(&dir, &["--demo"]);
    assert!(again.banner.contains("already present"), "{}", again.banner);
    assert!(
        tracked(&again.base, &case_no).await,
        "the acknowledged case survived the restart"
    );
    again.stop();
    assert_eq!(
        audit_entries(&dir),
        entries_before,
        "the restart with --demo created nothing"
    );
    let migrate = Command::new(BIN)
        .arg("migrate")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("up to date"));
}

#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_write() {
    let dir = temp_dir();
    let mut server = Server::start(&dir, &[]);
    let case_no = exercise(&server).await;
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no checkpoint
    server.child.wait().unwrap();
    let again = Server::start(&dir, &[]);
    assert!(tracked(&again.base, &case_no).await);
    again.stop();
}

#[tokio::test]
async fn the_server_runs_on_postgresql_chosen_by_url() {
    if gongzhi_store::testing::postgres_skipped() {
        return;
    }
    let db = gongzhi_store::testing::TestDb::postgres().await;
    let url = db.url.clone();
    db.store.close().await;
    let dir = temp_dir();
    let with_password = url.replacen("postgres://postgres@", "postgres://postgres:not-shown@", 1);
    let server = Server::start(&dir, &["--demo", "--database", &with_password]);
    assert!(
        server
            .banner
            .contains("database: PostgreSQL postgres://postgres:***@"),
        "{}",
        server.banner
    );
    assert!(!server.banner.contains("not-shown"));
    let case_no = exercise(&server).await;
    assert!(tracked(&server.base, &case_no).await);
    server.stop();
    let verify = Command::new(BIN)
        .args(["audit", "verify", "--database", &url])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    db.finish().await;
}

/// The store of a server directory's embedded database, opened beside the process that writes it.
async fn store_of(dir: &Path) -> gongzhi_store::Store {
    let url = format!("sqlite://{}", dir.join("data/gongzhi.db").display());
    gongzhi_store::Store::connect_without_migrating(&url)
        .await
        .unwrap()
}

async fn audit_actions(store: &gongzhi_store::Store, action: &str) -> usize {
    store
        .list_audit(0, 1_000_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// Waits until `ready` holds (checked every 20 ms), for at most a minute.
async fn until<F: std::future::Future<Output = bool>>(mut ready: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready().await {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_census_import_killed_mid_file_is_marked_interrupted_at_start_up_and_completed_by_importing_it_again()
 {
    let dir = temp_dir();
    Server::start(&dir, &["--demo"]).stop();
    let store = store_of(&dir).await;
    let before = store.elder_ids().await.unwrap().len();
    // 60,000 elders of three communities, as a census office's CSV.
    let today = gongzhi_domain::calendar::local_date(jiff::Timestamp::now().as_millisecond());
    let places = [
        ("八宝山街道", "永乐东社区"),
        ("老山街道", "双锦园社区"),
        ("八角街道", "八角北路社区"),
    ]
    .map(|(s, c)| (s.to_owned(), c.to_owned()));
    let rows = gongzhi_demo::census::census_rows(&places, 60_000, today, 7);
    let mut csv = gongzhi_domain::care::CENSUS_COLUMNS.join(",");
    csv.push('\n');
    for r in &rows {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    let file = dir.join("census.csv");
    std::fs::write(&file, csv).unwrap();
    let import = || {
        let mut c = Command::new(BIN);
        c.args(["import", "census"])
            .arg(&file)
            .current_dir(&dir)
            .env("GONGZHI_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        c
    };
    let mut child = import().spawn().unwrap();
    // Killed (SIGKILL, nothing cleaned up) once some batches are in and before the end.
    until(|| async {
        store
            .census_imports(5)
            .await
            .unwrap()
            .iter()
            .any(|i| i.status == "running" && i.done_rows >= 4_000)
    })
    .await;
    child.kill().unwrap();
    child.wait().unwrap();
    let cut = store
        .census_imports(5)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.status == "running")
        .expect("killed mid-file");
    assert!(
        cut.done_rows < 60_000,
        "killed before the end: {}",
        cut.done_rows
    );
    let written = store.elder_ids().await.unwrap().len() - before;
    assert_eq!(
        written as i64, cut.created,
        "what the import counted is what is there"
    );

    // At start-up the import is found and marked interrupted, with a message saying what to do.
    let server = Server::start(&dir, &["--demo"]);
    server.stop();
    let after = store.census_import(&cut.id).await.unwrap();
    assert_eq!(after.status, "interrupted");
    assert!(
        after.message.contains("重新导入同一文件"),
        "{}",
        after.message
    );

    // Importing the same file again completes it: nobody twice, every row counted once in the new import.
    let out = import().output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Every row counted once in the new import: the rows already in are updated, the rest created, the bad
    // reported, and nobody is there twice.
    let done = store
        .census_imports(5)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.status == "done")
        .unwrap();
    assert_eq!(done.created + done.updated + done.bad, 60_000, "{done:?}");
    let added = (store.elder_ids().await.unwrap().len() - before) as i64;
    assert_eq!(
        cut.created + done.created,
        added,
        "what the killed import created is not created again"
    );
    assert!(
        done.updated >= written as i64,
        "the rows in before the kill are updated"
    );
    store.close().await;
}

#[tokio::test]
async fn a_demo_stopped_with_ctrl_c_while_it_writes_its_history_starts_again_and_completes_it() {
    let dir = temp_dir();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--demo-history",
            "6000",
            "--demo-elders",
            "0",
        ])
        .current_dir(&dir)
        .env("GONGZHI_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in log.by_ref() {
        if line.unwrap().contains("created the demo district") {
            break;
        }
    }
    std::thread::spawn(move || for _ in log {});
    // Ctrl-C once the first batches of the history are written (one store kept open beside the server).
    let store = store_of(&dir).await;
    until(|| async { audit_actions(&store, "import.cases").await >= 2 }).await;
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    child.wait().unwrap();
    assert!(
        store.get_setting("demo.history").await.unwrap().is_none(),
        "stopped before the history was complete"
    );
    let batches = audit_actions(&store, "import.cases").await;
    assert!(batches < 6, "stopped mid-history: {batches} batches");
    store.close().await;

    // Started again, it resumes: the server comes up and the history is complete, each batch once.
    let mut again = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--demo-history",
            "6000",
            "--demo-elders",
            "0",
        ])
        .current_dir(&dir)
        .env("GONGZHI_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(again.stdout.take().unwrap()).lines();
    let mut base = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            base = Some(rest.trim().to_owned());
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let base = base.expect("the server starts again");
    assert!(
        http()
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let store = store_of(&dir).await;
    let written: usize = store
        .get_setting("demo.history")
        .await
        .unwrap()
        .expect("the history is complete")
        .parse()
        .unwrap();
    assert!(written >= 6000, "{written}");
    assert_eq!(
        audit_actions(&store, "import.cases").await,
        written.div_ceil(1000),
        "every batch written once"
    );
    store.close().await;
    assert!(
        Command::new("kill")
            .args(["-TERM", &again.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    assert!(again.wait().unwrap().success());
}
