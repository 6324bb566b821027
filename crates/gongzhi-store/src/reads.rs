//! The read-only view of the store that the web crate holds: the display reads a page or an API answer needs after a
//! use case allowed it, and nothing that writes. Every write goes through the application crate's use cases, which
//! hold the full [`Store`]; the web crate cannot reach a write because its state holds only this type (and a tidy test
//! fails on any `.store()` call or `Store` named there).
//!
//! A read is added here when a page needs it; it delegates to the store's one implementation.

use std::collections::HashMap;

use gongzhi_domain::Millis;
use gongzhi_domain::care::Need;
use gongzhi_domain::care::ltc::LevelRule;
use gongzhi_domain::care::services::SubsidyRule;
use gongzhi_domain::cases::{Case, CaseId, CaseNo, TimelineEntry};
use gongzhi_domain::catalogue::Category;
use gongzhi_domain::dispute::{Channel, Dispute, Similar};
use gongzhi_domain::kb::KbEntry;
use gongzhi_domain::org::{Role, UnitId, User, UserId};
use gongzhi_domain::replies::CannedReply;
use gongzhi_domain::routing::Candidate;
use gongzhi_domain::search::Query;
use gongzhi_domain::whistle::Summons;

use crate::calendar::LoadedYear;
use crate::care::services::{Facility, Plan};
use crate::care::{AssessmentRecord, ElderRecord};
use crate::cases::{AttachmentMeta, CaseFilter, CoHandler, Hold, Step};
use crate::catalogue::CatalogueVersion;
use crate::enforcement::EnforcementEvent;
use crate::inbox::Notice;
use crate::notify::OutboxItem;
use crate::org::{UnitRecord, UserFilter};
use crate::whistle::WhistleEvent;
use crate::{Page, PageRequest, Result, Store};

/// The store's display reads, and only those.
#[derive(Clone)]
pub struct Reads(Store);

impl From<Store> for Reads {
    fn from(store: Store) -> Reads {
        Reads(store)
    }
}

/// One delegating method per read: the signature is the store's, the body calls it.
macro_rules! reads {
    ($( $(#[$meta:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty; )*) => {
        impl Reads {
            $(
                $(#[$meta])*
                pub async fn $name(&self, $($arg: $ty),*) -> $ret {
                    self.0.$name($($arg),*).await
                }
            )*
        }
    };
}

reads! {
    /// Whether the database answers (the health check).
    fn ping() -> bool;
    fn get_case(id: CaseId) -> Result<Case>;
    fn list_cases(filter: &CaseFilter, page: PageRequest) -> Result<Page<Case>>;
    fn case_timeline(case_id: CaseId, public_only: bool) -> Result<Vec<TimelineEntry>>;
    fn case_steps(case_id: CaseId) -> Result<Vec<Step>>;
    fn case_holds(case_id: CaseId) -> Result<Vec<Hold>>;
    fn cohandlers(case_id: CaseId) -> Result<Vec<CoHandler>>;
    fn list_attachments(case_id: CaseId) -> Result<Vec<AttachmentMeta>>;
    fn outbox_of_case(case_id: CaseId) -> Result<Vec<OutboxItem>>;
    fn count_provisional_cases() -> Result<i64>;
    fn calendar_years() -> Result<Vec<LoadedYear>>;
    fn catalogue(version: i64) -> Result<Vec<Category>>;
    fn catalogue_version() -> Result<i64>;
    fn catalogue_versions() -> Result<Vec<CatalogueVersion>>;
    fn count_unread(user: UserId) -> Result<i64>;
    fn dispute_types() -> Result<Vec<(String, String, String)>>;
    fn get_dispute(case_id: CaseId) -> Result<Dispute>;
    fn similar_disputes(dispute_type: &str, channel: Option<Channel>) -> Result<Similar>;
    fn district_map_loaded_at() -> Result<Option<Millis>>;
    fn elder(id: &str) -> Result<ElderRecord>;
    fn elder_names(ids: &[String]) -> Result<HashMap<String, String>>;
    fn assessments_of(elder_id: &str) -> Result<Vec<AssessmentRecord>>;
    fn plan(id: &str) -> Result<Plan>;
    fn plans_for(facility_id: &str, month: i64) -> Result<Vec<Plan>>;
    fn facilities(street: Option<UnitId>) -> Result<Vec<Facility>>;
    fn facility(id: &str) -> Result<Facility>;
    fn delivered_in(month: i64) -> Result<Vec<(Need, i64, i64)>>;
    fn money_by_month(from_month: i64) -> Result<Vec<(i64, i64, i64)>>;
    fn enforcement_files(id: &str) -> Result<Vec<(String, String, i64)>>;
    fn enforcement_timeline(id: &str) -> Result<Vec<EnforcementEvent>>;
    fn get_unit(id: UnitId) -> Result<UnitRecord>;
    fn get_unit_by_code(code: &str) -> Result<UnitRecord>;
    fn list_units() -> Result<Vec<UnitRecord>>;
    fn unit_names(ids: &[UnitId]) -> Result<HashMap<UnitId, String>>;
    fn unit_members(unit: UnitId) -> Result<Vec<(UserId, String)>>;
    fn get_user(id: UserId) -> Result<User>;
    fn user_names(ids: &[UserId]) -> Result<HashMap<UserId, String>>;
    fn users_with_role(role: Role) -> Result<Vec<UserId>>;
    fn list_kb() -> Result<Vec<KbEntry>>;
    fn search_kb(query: &Query, limit: i64) -> Result<Vec<KbEntry>>;
    fn search_cases(filter: &CaseFilter, query: &Query, page: PageRequest) -> Result<Page<Case>>;
    fn same_caller_counts(cases: &[Case], before: Millis, after: Millis) -> Result<Vec<i64>>;
    fn candidates(unit_id: UnitId, role: Role) -> Result<Vec<Candidate>>;
    fn case_links(case_id: CaseId) -> Result<Vec<CaseNo>>;
    fn list_notices(user: UserId, page: PageRequest) -> Result<Page<Notice>>;
    fn list_users(filter: &UserFilter, page: PageRequest) -> Result<Page<User>>;
    fn replies_for(category: Option<&str>) -> Result<Vec<CannedReply>>;
    fn subsidy_rules() -> Result<Vec<SubsidyRule>>;
    fn level_rules() -> Result<Vec<LevelRule>>;
    fn whistle_files(whistle_id: &str) -> Result<Vec<(String, Option<String>, String, i64)>>;
    fn whistle_summons(whistle_id: &str) -> Result<Vec<Summons>>;
    fn whistle_timeline(whistle_id: &str) -> Result<Vec<WhistleEvent>>;
}
