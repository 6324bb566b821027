//! The demo district that ships with gongzhi: Shijingshan's streets, communities, departments and accounts for every
//! role, its dispatch catalogue, enforcement powers, knowledge base, canned replies and gazetteer, and a generated
//! history of cases, whistles, enforcement cases, mediation records, elders and care. Everything is deterministic
//! (fixed seeds, a fixed end date), so two runs give the same district.
//!
//! The product carries none of it: the binary loads it only with `--demo`, through the application's use cases and
//! the store's audited import methods, the way a district's own data arrives.

pub mod care;
pub mod catalogue;
pub mod census;
pub mod disputes;
pub mod district;
pub mod enforcement;
pub mod gazetteer;
pub mod history;
pub mod kb;
pub mod phrasings;
pub mod powers;
pub mod replies;
mod seed;
pub mod whistles;

pub use district::{DEMO_PASSWORD, FEATURED_USERS};
pub use seed::{seed_cases_received, seed_district, seed_history};
