//! Staff accounts: usernames, the password policy, the login-throttling rule and session lifetimes. Hashing itself
//! (argon2id) is done by the application layer off the async threads; this module only states the rules.

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::Millis;
use crate::org::{Role, UnitId};
use crate::validation::{self, ValidationErrors};

/// The shortest password we accept. Length beats composition rules (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Login throttling. Every attempt is reserved (counted) before any work is done, so concurrent attempts cannot
/// overtake the limit. Attempts are limited per account *and* address (5) and per address (20; an office shares one
/// address behind NAT) inside one window; a success clears its account-and-address count. So a stranger cannot lock
/// an account: the owner, signing in from an address without failures, still can. Guessing one account from many
/// addresses meets a delay that grows with the account's failures across all addresses ([`login_delay_ms`]).
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW_MS: Millis = 15 * 60 * 1000;
/// Failures of one account (from anywhere) before each further attempt on it is slowed down.
pub const FREE_ACCOUNT_FAILURES: i64 = 5;
/// The longest delay an attempt on a much-guessed account waits.
pub const MAX_LOGIN_DELAY_MS: u64 = 30_000;

/// Wrong case-number/phone combinations allowed per address per window on the public tracking page, so case numbers
/// cannot be probed.
pub const MAX_TRACK_FAILURES_PER_ADDRESS: i64 = 10;

/// Whether an attempt may go ahead, given the counts *including this attempt* (reserved before it is evaluated).
pub fn login_allowed(account_and_address: i64, address: i64) -> bool {
    account_and_address <= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
        && address <= MAX_FAILURES_PER_ADDRESS
}

/// How long an attempt on an account with `account_failures` failures in the window (from every address) waits
/// before its password is checked: nothing for the first few, then 1 s, 2 s, 4 s … up to [`MAX_LOGIN_DELAY_MS`].
pub fn login_delay_ms(account_failures: i64) -> u64 {
    if account_failures < FREE_ACCOUNT_FAILURES {
        return 0;
    }
    let doublings = (account_failures - FREE_ACCOUNT_FAILURES).min(16) as u32;
    (1_000u64 << doublings).min(MAX_LOGIN_DELAY_MS)
}

/// Attachments: at most this many files and bytes on one case, and per uploader per Beijing day, so one account
/// cannot fill the database.
pub const MAX_ATTACHMENTS_PER_CASE: i64 = 10;
pub const MAX_ATTACHMENT_BYTES_PER_CASE: i64 = 20 * 1024 * 1024;
pub const MAX_ATTACHMENTS_PER_USER_DAY: i64 = 50;
pub const MAX_ATTACHMENT_BYTES_PER_USER_DAY: i64 = 100 * 1024 * 1024;

/// A browser session lasts 12 hours (a working day with overtime); an API token 30 days unless revoked at logout.
pub const WEB_SESSION_MS: Millis = 12 * 3600 * 1000;
pub const API_TOKEN_MS: Millis = 30 * 24 * 3600 * 1000;

/// Session tokens are stored only as their SHA-256, so a leaked database does not leak live sessions.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Usernames: 3–32 characters of lowercase ASCII letters, digits, `.`, `-`, `_`, starting with a letter.
pub fn parse_username(errors: &mut ValidationErrors, raw: &str) -> String {
    let name = raw.trim().to_ascii_lowercase();
    let well_formed = (3..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if name.is_empty() {
        errors.add("username", "required");
    } else if !well_formed {
        errors.add("username", "username_format");
    }
    name
}

/// Checks a new password against the policy; the username may not be part of it.
pub fn check_password(
    errors: &mut ValidationErrors,
    field: &'static str,
    password: &str,
    username: &str,
) {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        errors.add(field, "password_too_short");
    } else if n > 256 {
        errors.add(field, "too_long");
    } else if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        errors.add(field, "password_contains_username");
    }
}

/// What an administrator types to create or edit a user.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub unit_id: String,
    pub roles: Vec<String>,
    /// Required when creating; ignored when editing (passwords change through a reset).
    pub password: String,
    #[serde(default)]
    pub unit_head: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidUser {
    pub username: String,
    pub display_name: String,
    pub unit_id: UnitId,
    pub roles: Vec<Role>,
    pub unit_head: bool,
}

impl UserInput {
    /// Validates the fields; `creating` also checks the initial password.
    pub fn validate(&self, creating: bool) -> Result<ValidUser, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let username = parse_username(&mut errors, &self.username);
        let display_name =
            validation::text(&mut errors, "display_name", &self.display_name, true, 50);
        let unit_id = UnitId::parse(self.unit_id.trim());
        if unit_id.is_none() {
            errors.add(
                "unit_id",
                if self.unit_id.trim().is_empty() {
                    "required"
                } else {
                    "unknown_unit"
                },
            );
        }
        let mut roles = Vec::new();
        for code in &self.roles {
            match Role::parse(code.trim()) {
                Some(r) if !roles.contains(&r) => roles.push(r),
                Some(_) => {}
                None => errors.add("roles", "invalid_choice"),
            }
        }
        if roles.is_empty() && errors.code_for("roles").is_none() {
            errors.add("roles", "required");
        }
        roles.sort();
        if creating {
            check_password(&mut errors, "password", &self.password, &username);
        }
        errors.into_result(|| ValidUser {
            username,
            display_name,
            unit_id: unit_id.expect("checked"),
            roles,
            unit_head: self.unit_head,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        let mut e = ValidationErrors::default();
        assert_eq!(parse_username(&mut e, " Street-Bajiao "), "street-bajiao");
        assert!(e.is_empty());
        parse_username(&mut e, "9lives");
        assert_eq!(e.code_for("username"), Some("username_format"));
        let mut e = ValidationErrors::default();
        parse_username(&mut e, "张三");
        assert_eq!(e.code_for("username"), Some("username_format"));
    }

    #[test]
    fn passwords_need_length_and_must_not_contain_the_username() {
        let mut e = ValidationErrors::default();
        check_password(&mut e, "password", "short", "amy");
        assert_eq!(e.code_for("password"), Some("password_too_short"));
        let mut e = ValidationErrors::default();
        check_password(&mut e, "password", "dispatcher2026!", "dispatcher");
        assert_eq!(e.code_for("password"), Some("password_contains_username"));
        let mut e = ValidationErrors::default();
        check_password(&mut e, "password", "长城长城长城长城长城", "amy");
        assert!(e.is_empty(), "ten Chinese characters are ten characters");
    }

    #[test]
    fn a_user_needs_a_known_role_and_a_unit() {
        let input = UserInput {
            username: "li.ming".into(),
            display_name: "李明".into(),
            unit_id: "".into(),
            roles: vec!["wizard".into()],
            password: "correct horse battery".into(),
            unit_head: false,
        };
        let e = input.validate(true).unwrap_err();
        assert_eq!(e.code_for("unit_id"), Some("required"));
        assert_eq!(e.code_for("roles"), Some("invalid_choice"));
        let ok = UserInput {
            unit_id: UnitId::new().to_string(),
            roles: vec!["street".into(), "community".into(), "street".into()],
            ..input
        }
        .validate(true)
        .unwrap();
        assert_eq!(ok.roles, vec![Role::Community, Role::Street]);
    }

    #[test]
    fn throttling_stops_the_sixth_attempt_on_an_account_from_one_address() {
        // Counts include the attempt being made.
        assert!(login_allowed(5, 20));
        assert!(!login_allowed(6, 1));
        assert!(!login_allowed(1, 21));
    }

    #[test]
    fn the_delay_on_a_much_guessed_account_doubles_up_to_a_cap() {
        assert_eq!(login_delay_ms(0), 0);
        assert_eq!(login_delay_ms(FREE_ACCOUNT_FAILURES - 1), 0);
        assert_eq!(login_delay_ms(FREE_ACCOUNT_FAILURES), 1_000);
        assert_eq!(login_delay_ms(FREE_ACCOUNT_FAILURES + 1), 2_000);
        assert_eq!(login_delay_ms(FREE_ACCOUNT_FAILURES + 3), 8_000);
        assert_eq!(login_delay_ms(1_000), MAX_LOGIN_DELAY_MS);
        let delays: Vec<u64> = (0..40).map(login_delay_ms).collect();
        assert!(
            delays.windows(2).all(|w| w[0] <= w[1]),
            "never shrinks as failures grow"
        );
    }

    #[test]
    fn token_digests_are_stable_sha256() {
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
