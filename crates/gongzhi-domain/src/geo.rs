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
        if inside {
            Ok(GeoPoint { lat, lon })
        } else {
            Err(GeoError::OutsideChina)
        }
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
pub fn nearest<T: Copy>(
    point: GeoPoint,
    centres: &[(T, GeoPoint)],
    max_m: f64,
) -> Option<(T, f64)> {
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
        assert_eq!(
            GeoPoint::parse(f64::NAN, 116.2),
            Err(GeoError::OutsideChina)
        );
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
        let d = GeoPoint::parse(39.0, 116.0)
            .unwrap()
            .distance_m(GeoPoint::parse(40.0, 116.0).unwrap());
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
    }
}

/// A place with a shape on the district's map: a street or a community, its code and name, and its centre.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlace {
    pub code: String,
    pub name: String,
    /// `street` or `community`.
    pub kind: &'static str,
    /// The street a community belongs to (its code); `None` for a street.
    pub street: Option<String>,
    pub centre: GeoPoint,
}

/// Metres as degrees of latitude and of longitude at `lat`.
fn degrees(metres: f64, lat: f64) -> (f64, f64) {
    (
        metres / 111_320.0,
        metres / (111_320.0 * lat.to_radians().cos()),
    )
}

/// A hexagon of `radius_m` around `centre`, closed (first point repeated), as GeoJSON `[lon, lat]` pairs.
pub fn hexagon(centre: GeoPoint, radius_m: f64) -> Vec<[f64; 2]> {
    let (dlat, dlon) = degrees(radius_m, centre.lat);
    let mut ring: Vec<[f64; 2]> = (0..6)
        .map(|i| {
            let a = std::f64::consts::PI / 3.0 * i as f64 + std::f64::consts::PI / 6.0;
            [
                round6(centre.lon + dlon * a.cos()),
                round6(centre.lat + dlat * a.sin()),
            ]
        })
        .collect();
    ring.push(ring[0]);
    ring
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The convex hull of points (Andrew's monotone chain), counter-clockwise and closed.
pub fn convex_hull(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut p: Vec<[f64; 2]> = points.to_vec();
    p.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    p.dedup();
    if p.len() < 3 {
        let mut ring = p.clone();
        if let Some(first) = p.first() {
            ring.push(*first);
        }
        return ring;
    }
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut lower: Vec<[f64; 2]> = Vec::new();
    for &q in &p {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], q) <= 0.0 {
            lower.pop();
        }
        lower.push(q);
    }
    let mut upper: Vec<[f64; 2]> = Vec::new();
    for &q in p.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], q) <= 0.0 {
            upper.pop();
        }
        upper.push(q);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    lower.push(lower[0]);
    lower
}

/// Approximate shapes for a district that has not loaded its own map: each community a hexagon around its centre
/// (half the distance to the nearest other community, 150–700 m), each street the hull of its communities' hexagons.
/// The collection says it is approximate (`"approximate": true` on it and on every feature).
pub fn approximate_shapes(places: &[MapPlace]) -> serde_json::Value {
    let communities: Vec<&MapPlace> = places.iter().filter(|p| p.kind == "community").collect();
    let mut rings: std::collections::BTreeMap<&str, Vec<[f64; 2]>> = Default::default();
    let mut features = Vec::new();
    let mut community_features = Vec::new();
    for c in &communities {
        let nearest = communities
            .iter()
            .filter(|o| o.code != c.code)
            .map(|o| c.centre.distance_m(o.centre))
            .fold(f64::INFINITY, f64::min);
        let radius = if nearest.is_finite() {
            (nearest / 2.0).clamp(150.0, 700.0)
        } else {
            500.0
        };
        let ring = hexagon(c.centre, radius);
        if let Some(street) = &c.street {
            rings
                .entry(street.as_str())
                .or_default()
                .extend(ring.iter().copied());
        }
        community_features.push(feature(c, vec![ring]));
    }
    for s in places.iter().filter(|p| p.kind == "street") {
        let ring = match rings.get(s.code.as_str()) {
            Some(points) => convex_hull(points),
            None => hexagon(s.centre, 1_000.0),
        };
        features.push(feature(s, vec![ring]));
    }
    // Streets first, communities on top.
    features.extend(community_features);
    serde_json::json!({ "type": "FeatureCollection", "approximate": true, "features": features })
}

fn feature(p: &MapPlace, rings: Vec<Vec<[f64; 2]>>) -> serde_json::Value {
    serde_json::json!({
        "type": "Feature",
        "properties": { "name": p.name, "code": p.code, "kind": p.kind, "street": p.street, "approximate": true,
                        "cp": [round6(p.centre.lon), round6(p.centre.lat)] },
        "geometry": { "type": "Polygon", "coordinates": rings },
    })
}

/// The largest district map accepted (GeoJSON text).
pub const MAX_MAP_BYTES: usize = 8 * 1024 * 1024;

/// Checks a district's own map: a GeoJSON FeatureCollection of Polygon and MultiPolygon features, each with a
/// `properties.name`, every coordinate a WGS84 point inside China. Answers the collection (compacted) or the code of
/// what is wrong.
pub fn check_district_map(text: &str) -> Result<serde_json::Value, &'static str> {
    if text.len() > MAX_MAP_BYTES {
        return Err("too_large");
    }
    let v: serde_json::Value = serde_json::from_str(text).map_err(|_| "not_geojson")?;
    if v["type"] != "FeatureCollection" {
        return Err("not_a_feature_collection");
    }
    let features = v["features"].as_array().ok_or("not_a_feature_collection")?;
    if features.is_empty() {
        return Err("no_features");
    }
    fn ring_ok(ring: &serde_json::Value) -> bool {
        ring.as_array().is_some_and(|pts| {
            pts.len() >= 4
                && pts.iter().all(|p| {
                    match (
                        p.get(0).and_then(|x| x.as_f64()),
                        p.get(1).and_then(|y| y.as_f64()),
                    ) {
                        (Some(lon), Some(lat)) => GeoPoint::parse(lat, lon).is_ok(),
                        _ => false,
                    }
                })
        })
    }
    for f in features {
        if f["properties"]["name"]
            .as_str()
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err("feature_without_name");
        }
        let coords = &f["geometry"]["coordinates"];
        let ok = match f["geometry"]["type"].as_str() {
            Some("Polygon") => coords
                .as_array()
                .is_some_and(|rings| !rings.is_empty() && rings.iter().all(ring_ok)),
            Some("MultiPolygon") => coords.as_array().is_some_and(|polys| {
                !polys.is_empty()
                    && polys.iter().all(|rings| {
                        rings
                            .as_array()
                            .is_some_and(|r| !r.is_empty() && r.iter().all(ring_ok))
                    })
            }),
            _ => false,
        };
        if !ok {
            return Err("bad_geometry");
        }
    }
    Ok(v)
}

#[cfg(test)]
mod map_tests {
    use super::*;

    fn place(code: &str, kind: &'static str, street: Option<&str>, lat: f64, lon: f64) -> MapPlace {
        MapPlace {
            code: code.into(),
            name: format!("{code}名"),
            kind,
            street: street.map(String::from),
            centre: GeoPoint { lat, lon },
        }
    }

    #[test]
    fn the_hull_encloses_every_point_and_closes() {
        let pts = [
            [0.0, 0.0],
            [2.0, 0.0],
            [1.0, 1.0],
            [2.0, 2.0],
            [0.0, 2.0],
            [1.0, 0.5],
        ];
        let hull = convex_hull(&pts);
        assert_eq!(hull.first(), hull.last());
        assert_eq!(
            hull.len(),
            5,
            "four corners and the closing point: {hull:?}"
        );
        assert!(!hull.contains(&[1.0, 1.0]));
    }

    #[test]
    fn approximate_shapes_give_every_street_and_community_a_named_polygon_marked_approximate() {
        let places = vec![
            place("s1", "street", None, 39.90, 116.20),
            place("c1", "community", Some("s1"), 39.900, 116.200),
            place("c2", "community", Some("s1"), 39.905, 116.210),
            place("s2", "street", None, 39.95, 116.15),
        ];
        let map = approximate_shapes(&places);
        assert_eq!(map["approximate"], true);
        let features = map["features"].as_array().unwrap();
        assert_eq!(features.len(), 4);
        assert_eq!(
            features[0]["properties"]["kind"], "street",
            "streets first, communities drawn over them"
        );
        assert!(
            features
                .iter()
                .all(|f| f["properties"]["approximate"] == true)
        );
        // The map it makes is one the district could have loaded itself.
        assert!(check_district_map(&map.to_string()).is_ok());
        // The street's hull holds both communities' centres.
        let ring = features[0]["geometry"]["coordinates"][0]
            .as_array()
            .unwrap();
        let lons: Vec<f64> = ring.iter().map(|p| p[0].as_f64().unwrap()).collect();
        assert!(
            lons.iter().cloned().fold(f64::INFINITY, f64::min) < 116.200
                && lons.iter().cloned().fold(f64::NEG_INFINITY, f64::max) > 116.210
        );
    }

    #[test]
    fn a_districts_own_map_is_checked() {
        let square = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"八角街道"},"geometry":{"type":"Polygon","coordinates":[[[116.19,39.90],[116.21,39.90],[116.21,39.92],[116.19,39.90]]]}}]}"#;
        assert!(check_district_map(square).is_ok());
        assert_eq!(check_district_map("{"), Err("not_geojson"));
        assert_eq!(
            check_district_map(r#"{"type":"Feature"}"#),
            Err("not_a_feature_collection")
        );
        assert_eq!(
            check_district_map(r#"{"type":"FeatureCollection","features":[]}"#),
            Err("no_features")
        );
        assert_eq!(
            check_district_map(&square.replace("八角街道", " ")),
            Err("feature_without_name")
        );
        assert_eq!(
            check_district_map(&square.replace("116.19,39.90]]]", "2.35,48.85]]]")),
            Err("bad_geometry"),
            "Paris is not in the district"
        );
        assert_eq!(
            check_district_map(&square.replace("Polygon", "Point")),
            Err("bad_geometry")
        );
    }
}
