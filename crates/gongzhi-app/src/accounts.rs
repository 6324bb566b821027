//! Signing in and out: argon2id password hashing off the async threads, login throttling reserved in the database
//! before any work (so concurrent attempts and several app servers cannot overtake it), and sessions of two kinds
//! that never stand in for each other (browser sessions are cookies, API tokens are Bearer tokens).

use std::sync::LazyLock;

use gongzhi_domain::Millis;
use gongzhi_domain::accounts::{
    API_TOKEN_MS, MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS, WEB_SESSION_MS, login_allowed,
    login_delay_ms, token_digest,
};
use gongzhi_domain::org::User;
use gongzhi_store::accounts::{SessionInfo, SessionKind};
use gongzhi_store::{Actor, StoreError};

use crate::{App, AppError, StaffPrincipal};

/// Hashes a password with argon2id (default parameters: 19 MiB, 2 passes) on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// Checks a password against a stored hash on a blocking thread. A malformed stored hash never matches.
pub async fn verify_password(password: String, stored: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordVerifier;
        use argon2::password_hash::phc::PasswordHash;
        match PasswordHash::new(&stored) {
            Ok(parsed) => argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        }
    })
    .await
    .map_err(AppError::internal)
}

/// A hash to verify against when the username does not exist, so a wrong username costs as long as a wrong
/// password and response times do not reveal which accounts exist.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(b"no such account")
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// 32 random bytes as hex: session tokens, CSRF tokens, temporary passwords.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    hex::encode(bytes)
}

/// A session just opened: the token is shown to the client once; only its digest is stored.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub token: String,
    pub expires_at: Millis,
    pub user: User,
}

/// Checks throttling, the account and the password, and opens a session of `kind`.
///
/// Throttling: the attempt is first reserved against the account-and-address and the address allowances (one
/// atomic increment each); over either, the answer is `Throttled` and the password is not even checked. Then, if
/// the account has failed often from anywhere, the attempt waits a delay that grows with those failures. Only then
/// is the password checked. A success clears its account-and-address count and gives the address its attempt back.
pub async fn login(
    app: &App,
    username: &str,
    password: &str,
    address: &str,
    kind: SessionKind,
) -> Result<OpenedSession, AppError> {
    let now = app.now();
    let since = now - THROTTLE_WINDOW_MS;
    let username = username.trim().to_ascii_lowercase();
    let pair_key = format!("login:pair:{username}|{address}");
    let address_key = format!("login:addr:{address}");
    let account_key = format!("login:user:{username}");
    let pair = app.store().reserve_attempt(&pair_key, now, since).await?;
    let from_address = app
        .store()
        .reserve_attempt(&address_key, now, since)
        .await?;
    if !login_allowed(pair, from_address) {
        if from_address == MAX_FAILURES_PER_ADDRESS + 1 {
            tracing::warn!("login attempts throttled for an address");
        }
        return Err(AppError::Throttled);
    }
    let delay = login_delay_ms(app.store().count_failures(&account_key, since).await?);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let credentials = match app.store().get_credentials(&username).await {
        Ok(c) => Some(c),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let stored = credentials
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let matches = verify_password(password.to_owned(), stored).await?;
    let Some(credentials) = credentials.filter(|_| matches) else {
        let n = app.store().record_failure(&account_key, now, since).await?;
        if n == gongzhi_domain::accounts::FREE_ACCOUNT_FAILURES {
            // Debug formatting escapes what a username could smuggle in (newlines, control characters), so a typed
            // name cannot forge a log line. Usernames are staff data, not a resident's; the address stays out.
            tracing::warn!(username = ?username, "repeated failed logins: further attempts on this account are slowed down");
        }
        return Err(AppError::BadCredentials);
    };
    if !credentials.user.active {
        return Err(AppError::AccountInactive);
    }
    app.store().clear_failures(&pair_key).await?;
    app.store().refund_attempt(&address_key).await?;
    let token = random_token();
    let expires_at = now
        + if kind == SessionKind::Web {
            WEB_SESSION_MS
        } else {
            API_TOKEN_MS
        };
    let actor = Actor::staff(
        credentials.user.id,
        &credentials.user.username,
        address.to_owned(),
        now,
    );
    app.store()
        .insert_session(
            &actor,
            credentials.user.id,
            &token_digest(&token),
            kind,
            &random_token(),
            expires_at,
        )
        .await?;
    Ok(OpenedSession {
        token,
        expires_at,
        user: credentials.user,
    })
}

/// The live session of a presented token, if it is of the `kind` the channel carries (a cookie must hold a browser
/// session, a Bearer header an API token) and neither revoked nor expired.
pub async fn session(
    app: &App,
    token: &str,
    kind: SessionKind,
) -> Result<Option<SessionInfo>, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let found = app
        .store()
        .get_session(&token_digest(token), app.now())
        .await?;
    Ok(found.filter(|s| s.kind == kind))
}

/// Ends the session whose token digest is given (logout).
pub async fn logout(app: &App, staff: &StaffPrincipal, token_digest: &str) -> Result<(), AppError> {
    app.store()
        .revoke_session(&staff.actor(app.now()), token_digest)
        .await?;
    Ok(())
}

/// The acting principal of a session, from an address.
pub fn principal(session: &SessionInfo, address: &str) -> StaffPrincipal {
    StaffPrincipal {
        user_id: session.user.id,
        username: session.user.username.clone(),
        unit_id: session.user.unit_id,
        unit_kind: session.unit_kind,
        street_id: session.street_id,
        roles: session.user.roles.clone(),
        unit_head: session.user.unit_head,
        address: address.to_owned(),
    }
}
