-- The district's own map (GeoJSON of its streets and communities), loaded by an administrator; without one the
-- pages draw approximate shapes made from the communities' centres. Only the newest row is used.
CREATE TABLE district_maps (
    id TEXT PRIMARY KEY,
    geojson TEXT NOT NULL,
    features BIGINT NOT NULL,
    loaded_at BIGINT NOT NULL
);
