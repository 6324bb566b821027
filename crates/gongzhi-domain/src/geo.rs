//! Map points (WGS84) and the nearest-community rule that places an address in the district.

use serde::{Deserialize, Serialize};

/// A WGS84 point inside mainland China's bounding box. Coordinates from Chinese map SDKs (GCJ-02, BD-09) must be
/// converted before they get here; storage and the API speak WGS84 only.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Why a pair of numbers is not a point we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    #[error("coordinates are outside China")]
    OutsideChina,
}

impl GeoPoint {
    /// Mainland China's bounding box (lat 3.8–53.6, lon 73.5–135.1), inclusive. Anything else is a typo or a
    /// swapped pair, which we refuse rather than route to the wrong street.
    pub fn parse(lat: f64, lon: f64) -> Result<GeoPoint, GeoError> {
        let inside = lat.is_finite()
            && lon.is_finite()
            && (3.8..=53.6).contains(&lat)
            && (73.5..=135.1).contains(&lon);
        if inside { Ok(GeoPoint { lat, lon }) } else { Err(GeoError::OutsideChina) }
    }

    /// Great-circle distance in metres (haversine); plenty for choosing the nearest community centre.
    pub fn distance_m(self, other: GeoPoint) -> f64 {
        let r = 6_371_000.0_f64;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = (other.lat - self.lat).to_radians();
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * r * a.sqrt().asin()
    }
}

/// The item whose centre is nearest to `point`, with its distance in metres; `None` when there are no centres or the
/// nearest is further than `max_m` (the point is outside the district).
pub fn nearest<T: Copy>(point: GeoPoint, centres: &[(T, GeoPoint)], max_m: f64) -> Option<(T, f64)> {
    centres
        .iter()
        .map(|&(id, c)| (id, point.distance_m(c)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|&(_, d)| d <= max_m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_outside_china_or_not_numbers_are_refused() {
        assert!(GeoPoint::parse(39.91, 116.2).is_ok());
        assert_eq!(GeoPoint::parse(116.2, 39.91), Err(GeoError::OutsideChina));
        assert_eq!(GeoPoint::parse(51.5, -0.12), Err(GeoError::OutsideChina));
        assert_eq!(GeoPoint::parse(f64::NAN, 116.2), Err(GeoError::OutsideChina));
    }

    #[test]
    fn the_nearest_centre_wins_and_far_points_match_nothing() {
        let a = GeoPoint::parse(39.90, 116.20).unwrap();
        let b = GeoPoint::parse(39.95, 116.15).unwrap();
        let centres = [(1, a), (2, b)];
        let p = GeoPoint::parse(39.94, 116.16).unwrap();
        assert_eq!(nearest(p, &centres, 5_000.0).map(|x| x.0), Some(2));
        let shanghai = GeoPoint::parse(31.23, 121.47).unwrap();
        assert_eq!(nearest(shanghai, &centres, 5_000.0), None);
        // One degree of latitude is about 111 km.
        let d = GeoPoint::parse(39.0, 116.0).unwrap().distance_m(GeoPoint::parse(40.0, 116.0).unwrap());
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
    }
}
