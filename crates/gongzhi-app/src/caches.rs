//! Per-server caches of rarely changing data that every intake needs: the working-day calendar, the community
//! centres and the gazetteer. An administrator's change shows at once on the server that made it (which forgets its
//! cache) and within `CACHE_TTL` on the others.

use std::sync::Arc;

use gongzhi_domain::calendar::Calendar;
use gongzhi_domain::gazetteer::Entry;
use gongzhi_domain::geo::GeoPoint;
use gongzhi_domain::org::UnitId;

/// How long a cached value is used before it is read again.
pub(crate) const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// Each community centre: (community, its street) and the point.
pub(crate) type Centres = Vec<((UnitId, UnitId), GeoPoint)>;
/// The gazetteer: each entry with its community's street.
pub(crate) type Names = Vec<(Entry, Option<UnitId>)>;
/// A cached value and when it was read.
pub(crate) type Cached<T> = tokio::sync::RwLock<Option<(std::time::Instant, Arc<T>)>>;

/// A category-suggestion model in memory with its stored figures (`suggest` keeps it here).
#[derive(Debug)]
pub struct Loaded {
    pub info: gongzhi_store::suggest::ModelInfo,
    pub model: gongzhi_domain::suggest::Model,
}

#[derive(Default)]
pub struct Caches {
    pub(crate) calendar: Cached<Calendar>,
    pub(crate) centres: Cached<Centres>,
    pub(crate) gazetteer: Cached<Names>,
    /// The newest category-suggestion model (none before the first training).
    pub(crate) suggest: Cached<Option<Loaded>>,
    /// The dispatch centre's figures of months that are over (the assessment reads them for every ranking; a past
    /// month's routings hardly change, so they are read again after `PAST_MONTH_TTL`).
    pub(crate) dispatch: tokio::sync::Mutex<
        std::collections::HashMap<
            gongzhi_domain::assessment::Month,
            (
                std::time::Instant,
                gongzhi_domain::assessment::DispatchFigures,
            ),
        >,
    >,
}

/// How long a past month's dispatch figures are used before they are read again.
pub(crate) const PAST_MONTH_TTL: std::time::Duration = std::time::Duration::from_secs(600);

impl Caches {
    pub async fn invalidate(&self) {
        *self.calendar.write().await = None;
        *self.centres.write().await = None;
        *self.gazetteer.write().await = None;
    }
}
