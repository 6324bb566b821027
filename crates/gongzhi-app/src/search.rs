//! The search index's upkeep: rebuilding it for every case (`gongzhi search reindex`), and catching up on the cases
//! that have no document yet (after an upgrade) when a server starts. Writing a case writes its document in the same
//! transaction, so neither is needed in normal operation; both are safe with several app servers (a document is
//! replaced whole).

use gongzhi_domain::cases::CaseId;

use crate::{App, AppError};

/// Cases indexed per transaction.
const BATCH: i64 = 500;

/// Rewrites every case's document, reporting `(done, total)` after each batch.
pub async fn reindex(app: &App, mut progress: impl FnMut(u64, u64)) -> Result<u64, AppError> {
    let (total, _) = app.store().index_counts().await?;
    let mut after: Option<CaseId> = None;
    let mut done = 0u64;
    loop {
        let ids = app.store().case_ids_after(after, BATCH).await?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        app.store().index_cases(&ids).await?;
        done += ids.len() as u64;
        after = Some(last);
        progress(done, total.max(0) as u64);
    }
    Ok(done)
}

/// Writes the documents of the cases (and knowledge-base entries) that have none; answers how many cases.
pub async fn catch_up(app: &App) -> Result<u64, AppError> {
    app.store().index_kb().await?;
    let mut done = 0u64;
    loop {
        let ids = app.store().unindexed_cases(BATCH).await?;
        if ids.is_empty() {
            return Ok(done);
        }
        app.store().index_cases(&ids).await?;
        done += ids.len() as u64;
    }
}

/// A likely duplicate of a case, by the rule in `gongzhi_domain::search` (same place, a week either side, similar
/// words, within 500 m when both have a point).
#[derive(Debug, Clone)]
pub struct NearDuplicate {
    pub case: gongzhi_domain::cases::Case,
    /// Jaccard similarity of the two texts' bigrams, 0–1.
    pub similarity: f64,
    pub distance_m: Option<f64>,
}

/// The open cases that look like duplicates of a case the viewer sees, most similar first (at most five), among
/// those the viewer may see too.
pub async fn near_duplicates(
    app: &App,
    staff: &crate::StaffPrincipal,
    case_no: &str,
) -> Result<Vec<NearDuplicate>, AppError> {
    let case = crate::cases::visible_case(app, staff, case_no).await?;
    near_duplicates_of(app, staff, &case).await
}

/// `near_duplicates` of a case the caller has already read through `cases::visible_case`.
pub async fn near_duplicates_of(
    app: &App,
    staff: &crate::StaffPrincipal,
    case: &gongzhi_domain::cases::Case,
) -> Result<Vec<NearDuplicate>, AppError> {
    near_duplicates_in(app, staff, &Matter::of(case)).await
}

/// How many open cases each case of a page may repeat (at most five each, by the same rule as
/// [`near_duplicates_of`]), with one read of the candidates for the whole page.
pub async fn near_duplicate_counts(
    app: &App,
    staff: &crate::StaffPrincipal,
    cases: &[gongzhi_domain::cases::Case],
) -> Result<Vec<usize>, AppError> {
    let matters: Vec<Matter> = cases.iter().map(Matter::of).collect();
    let candidates = candidates_of(app, &matters).await?;
    let mut out = Vec::with_capacity(matters.len());
    for m in &matters {
        out.push(matches(app, staff, m, &candidates).await?.len());
    }
    Ok(out)
}

/// A matter being typed at intake (not yet a case): the open cases it may repeat, by the same rule, received in the
/// week before now.
pub async fn near_duplicates_of_text(
    app: &App,
    staff: &crate::StaffPrincipal,
    title: &str,
    description: &str,
    point: Option<gongzhi_domain::geo::GeoPoint>,
    address: &str,
) -> Result<Vec<NearDuplicate>, AppError> {
    if title.trim().is_empty() && description.trim().is_empty()
        || point.is_none() && address.trim().is_empty()
    {
        return Ok(Vec::new());
    }
    let place = crate::cases::place(app, point, address).await?;
    let matter = Matter {
        except: None,
        title,
        description,
        place,
        point,
        at: app.now(),
    };
    near_duplicates_in(app, staff, &matter).await
}

/// What near-duplicates are looked for.
struct Matter<'a> {
    except: Option<gongzhi_domain::cases::CaseId>,
    title: &'a str,
    description: &'a str,
    place: gongzhi_domain::org::CasePlace,
    point: Option<gongzhi_domain::geo::GeoPoint>,
    at: gongzhi_domain::Millis,
}

impl<'a> Matter<'a> {
    /// A case as a matter: its own words, place and time of receipt; itself left out of what it repeats.
    fn of(case: &'a gongzhi_domain::cases::Case) -> Matter<'a> {
        Matter {
            except: Some(case.id),
            title: &case.title,
            description: &case.description,
            place: case.place(),
            point: case.point,
            at: case.received_at,
        }
    }
}

async fn near_duplicates_in(
    app: &App,
    staff: &crate::StaffPrincipal,
    m: &Matter<'_>,
) -> Result<Vec<NearDuplicate>, AppError> {
    let candidates = candidates_of(app, std::slice::from_ref(m)).await?;
    matches(app, staff, m, &candidates).await
}

/// The window around a matter in which near-duplicates are looked for.
fn window_of(m: &Matter<'_>) -> (gongzhi_domain::Millis, gongzhi_domain::Millis) {
    let day = 86_400_000;
    let days = gongzhi_domain::search::DUP_WINDOW_DAYS;
    (m.at - days * day, m.at + days * day)
}

/// The open cases near any of the matters (their communities, or their streets for those without one), in one read.
async fn candidates_of(
    app: &App,
    matters: &[Matter<'_>],
) -> Result<Vec<gongzhi_domain::cases::Case>, AppError> {
    let (mut communities, mut streets) = (Vec::new(), Vec::new());
    let (mut from, mut to) = (i64::MAX, i64::MIN);
    for m in matters {
        match (m.place.community_id, m.place.street_id) {
            (Some(c), _) => communities.push(c),
            (None, Some(s)) => streets.push(s),
            (None, None) => continue,
        }
        let (a, b) = window_of(m);
        (from, to) = (from.min(a), to.max(b));
    }
    communities.sort();
    communities.dedup();
    streets.sort();
    streets.dedup();
    Ok(app
        .store()
        .nearby_open_cases(&communities, &streets, (from, to))
        .await?)
}

/// The near-duplicates of one matter among the candidates: its own place and window, close enough on the map, alike
/// enough in words, and visible to the viewer; the five most alike.
async fn matches(
    app: &App,
    staff: &crate::StaffPrincipal,
    m: &Matter<'_>,
    candidates: &[gongzhi_domain::cases::Case],
) -> Result<Vec<NearDuplicate>, AppError> {
    use gongzhi_domain::search::{DUP_DISTANCE_M, DUP_MIN_SIMILARITY, shingles, similarity};
    let (from, to) = window_of(m);
    let mine = shingles(&[m.title, m.description]);
    let mut out = Vec::new();
    for other in candidates {
        let same_place = match (m.place.community_id, m.place.street_id) {
            (Some(c), _) => other.community_id == Some(c),
            (None, Some(s)) => other.street_id == Some(s),
            (None, None) => false,
        };
        if !same_place
            || Some(other.id) == m.except
            || other.received_at < from
            || other.received_at >= to
        {
            continue;
        }
        let distance_m = m.point.zip(other.point).map(|(a, b)| a.distance_m(b));
        if distance_m.is_some_and(|d| d > DUP_DISTANCE_M) || other.merged_into.is_some() {
            continue;
        }
        let s = similarity(&mine, &shingles(&[&other.title, &other.description]));
        if s >= DUP_MIN_SIMILARITY && crate::cases::may_see(app, staff, other).await? {
            out.push(NearDuplicate {
                case: other.clone(),
                similarity: s,
                distance_m,
            });
        }
    }
    out.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(b.case.created_at.cmp(&a.case.created_at))
    });
    out.truncate(5);
    Ok(out)
}
