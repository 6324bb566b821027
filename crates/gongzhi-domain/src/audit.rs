//! The audit log's hash chain. Every state change is appended as an entry whose hash covers its own fields and the
//! hash of the entry before, so rewriting or deleting any entry breaks every hash after it. `Verifier` walks the log in
//! order and reports the first entry that no longer matches.
//!
//! The hash input is a length-prefixed concatenation of the fields, so no choice of field contents can make two
//! different entries serialise alike.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Millis;

/// The `prev_hash` of the very first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain, 1-based, without gaps.
    pub seq: i64,
    pub at: Millis,
    /// The staff account that acted, if any.
    pub actor_id: Option<String>,
    /// A label for the actor: a username, `resident` or `system`. Never a resident's name.
    pub actor: String,
    /// The client address the request came from (`-` for the command line and background jobs).
    pub address: String,
    /// What happened, for example `case.create`, `user.password_reset`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// What changed, as JSON text. Holds no resident's personal data (no names, phones, addresses).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields of an entry that its hash covers, without the hashes themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditFields<'a> {
    pub seq: i64,
    pub at: Millis,
    pub actor_id: Option<&'a str>,
    pub actor: &'a str,
    pub address: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub detail: &'a str,
}

impl AuditEntry {
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            seq: self.seq,
            at: self.at,
            actor_id: self.actor_id.as_deref(),
            actor: &self.actor,
            address: &self.address,
            action: &self.action,
            entity_type: &self.entity_type,
            entity_id: &self.entity_id,
            detail: &self.detail,
        }
    }
}

/// The hash of an entry given the previous entry's hash.
pub fn chain_hash(prev_hash: &str, f: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    let mut put = |s: &[u8]| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s);
    };
    put(prev_hash.as_bytes());
    put(&f.seq.to_be_bytes());
    put(&f.at.to_be_bytes());
    put(f.actor_id.unwrap_or("").as_bytes());
    put(f.actor.as_bytes());
    put(f.address.as_bytes());
    put(f.action.as_bytes());
    put(f.entity_type.as_bytes());
    put(f.entity_id.as_bytes());
    put(f.detail.as_bytes());
    hex::encode(h.finalize())
}

/// Why an entry fails verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error(
        "entry {seq}: expected sequence number {expected} (an entry is missing or was inserted)"
    )]
    Gap { seq: i64, expected: i64 },
    #[error("entry {seq}: prev_hash does not match the hash of the entry before")]
    PrevHash { seq: i64 },
    #[error("entry {seq}: its contents no longer match its hash")]
    Hash { seq: i64 },
    /// The head row does not point at the last entry: entries were removed from the end (truncation) or the head
    /// was rewritten.
    #[error(
        "the chain head says {head_seq} entries ending in {head_hash_prefix}…, but the log ends at entry {last_seq}: entries were removed from the end or the head was rewritten"
    )]
    Head {
        head_seq: i64,
        head_hash_prefix: String,
        last_seq: i64,
    },
    /// The entry an operator kept outside the database (`audit anchor`) is missing or no longer has that hash.
    #[error(
        "entry {seq} does not match the anchor kept outside the database (the log was rewritten up to it, or truncated before it)"
    )]
    Anchor { seq: i64 },
}

/// A chain position kept outside the database: `SEQ:HASH`, as `gongzhi audit anchor` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

impl Anchor {
    pub fn parse(raw: &str) -> Option<Anchor> {
        let (seq, hash) = raw.trim().split_once(':')?;
        let seq: i64 = seq.trim().parse().ok().filter(|s| *s >= 0)?;
        let hash = hash.trim().to_ascii_lowercase();
        (hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(Anchor { seq, hash })
    }
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// Walks the chain in order.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl Verifier {
    /// Checks the next entry; on success the verifier moves past it.
    pub fn check(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak::Gap {
                seq: e.seq,
                expected: self.expected_seq,
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak::PrevHash { seq: e.seq });
        }
        if chain_hash(&e.prev_hash, &e.fields()) != e.hash {
            return Err(ChainBreak::Hash { seq: e.seq });
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }
    /// How many entries have been verified.
    pub fn verified(&self) -> i64 {
        self.expected_seq - 1
    }
    /// The hash of the last verified entry (the genesis hash before any).
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }
    /// Compares the end of the walk with the head row: same count and same hash, or the log was truncated.
    pub fn check_head(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        if head_seq == self.verified() && head_hash == self.prev_hash {
            Ok(())
        } else {
            Err(ChainBreak::Head {
                head_seq,
                head_hash_prefix: head_hash.chars().take(12).collect(),
                last_seq: self.verified(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_parse_only_as_seq_colon_sha256() {
        let h = "a".repeat(64);
        assert_eq!(
            Anchor::parse(&format!("12:{h}")),
            Some(Anchor {
                seq: 12,
                hash: h.clone()
            })
        );
        assert_eq!(
            Anchor::parse(&format!(" 12 : {} ", h.to_uppercase())).map(|a| a.hash),
            Some(h.clone())
        );
        assert_eq!(Anchor::parse("12:abc"), None);
        assert_eq!(Anchor::parse(&format!("-1:{h}")), None);
        assert_eq!(Anchor::parse(&h), None);
    }

    #[test]
    fn a_head_that_does_not_match_the_last_entry_is_truncation() {
        let entries = chain(5);
        let mut v = Verifier::default();
        for e in &entries[..3] {
            v.check(e).unwrap();
        }
        // The head was lowered to 3 but still carries the hash of entry 5.
        assert!(matches!(
            v.check_head(3, &entries[4].hash),
            Err(ChainBreak::Head {
                head_seq: 3,
                last_seq: 3,
                ..
            })
        ));
        assert!(v.check_head(3, &entries[2].hash).is_ok());
        assert!(v.check_head(5, &entries[2].hash).is_err());
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: 1_700_000_000_000 + seq,
                    actor_id: None,
                    actor: "admin".into(),
                    address: "127.0.0.1".into(),
                    action: "unit.create".into(),
                    entity_type: "unit".into(),
                    entity_id: format!("u{seq}"),
                    detail: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = chain_hash(&prev, &e.fields());
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn first_break(entries: &[AuditEntry]) -> Option<ChainBreak> {
        let mut v = Verifier::default();
        entries.iter().find_map(|e| v.check(e).err())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let entries = chain(5);
        assert_eq!(first_break(&entries), None);
    }

    #[test]
    fn a_silently_edited_entry_is_the_first_reported() {
        let mut entries = chain(5);
        entries[2].detail = "{\"n\":99}".into();
        assert_eq!(first_break(&entries), Some(ChainBreak::Hash { seq: 3 }));
    }

    #[test]
    fn a_rehashed_edit_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[1].actor = "mallory".into();
        entries[1].hash = chain_hash(&entries[1].prev_hash.clone(), &entries[1].fields());
        assert_eq!(first_break(&entries), Some(ChainBreak::PrevHash { seq: 3 }));
    }

    #[test]
    fn a_deleted_entry_is_a_gap() {
        let mut entries = chain(5);
        entries.remove(3);
        assert_eq!(
            first_break(&entries),
            Some(ChainBreak::Gap {
                seq: 5,
                expected: 4
            })
        );
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let mut a = chain(1).remove(0);
        let mut b = a.clone();
        a.entity_type = "ab".into();
        a.entity_id = "c".into();
        b.entity_type = "a".into();
        b.entity_id = "bc".into();
        assert_ne!(
            chain_hash(GENESIS_HASH, &a.fields()),
            chain_hash(GENESIS_HASH, &b.fields())
        );
    }
}
