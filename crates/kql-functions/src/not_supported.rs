//! Kusto functions kqlake knows by name but does not run (yet): a call to one is rejected as
//! unsupported, by name and position, rather than as an unknown function — and never answered
//! wrongly. Names come from Kusto's function list and the functions real queries use
//! (`kql-usage.md`); a function leaves this list when it is built.

/// Each name, with what more there is to say about it (empty when nothing).
const NOT_SUPPORTED: &[(&str, &str)] = &[
    (
        "geo_info_from_ip_address",
        "it needs a GeoIP database, which kqlake does not have",
    ),
    (
        "ingestion_time",
        "exports do not record when a row was ingested",
    ),
    ("parse_xml", ""),
    ("parse_user_agent", ""),
    ("extractjson", ""),
    ("extract_json", ""),
    ("array_strcat", ""),
    ("todecimal", ""),
    ("url_encode_component", ""),
    (
        "hash_combine",
        "Kusto does not document how it combines hashes",
    ),
    ("floor_at", ""),
    ("treepath", ""),
    ("dynamic_to_json", ""),
    ("row_number", "window functions need the serialize operator"),
    ("prev", "window functions need the serialize operator"),
    ("next", "window functions need the serialize operator"),
    ("row_cumsum", "window functions need the serialize operator"),
    (
        "row_window_session",
        "window functions need the serialize operator",
    ),
    (
        "row_rank_dense",
        "window functions need the serialize operator",
    ),
    (
        "series_decompose_anomalies",
        "series functions need the make-series operator",
    ),
    (
        "series_decompose_forecast",
        "series functions need the make-series operator",
    ),
    (
        "series_fit_line",
        "series functions need the make-series operator",
    ),
    (
        "series_fit_2lines",
        "series functions need the make-series operator",
    ),
    (
        "series_stats",
        "series functions need the make-series operator",
    ),
    (
        "series_stats_dynamic",
        "series functions need the make-series operator",
    ),
    (
        "series_outliers",
        "series functions need the make-series operator",
    ),
    ("geo_distance_2points", ""),
    ("geo_point_in_polygon", ""),
    ("geo_point_to_geohash", ""),
    ("geo_point_to_s2cell", ""),
    ("geo_point_to_h3cell", ""),
    ("dcount", ""),
    ("dcountif", ""),
    ("count_distinct", ""),
    ("count_distinctif", ""),
    ("make_set", ""),
    ("makeset", ""),
    ("make_set_if", ""),
    ("make_list", ""),
    ("makelist", ""),
    ("make_list_if", ""),
    ("make_list_with_nulls", ""),
    ("make_bag", ""),
    ("make_bag_if", ""),
    ("anyif", ""),
    ("percentile", ""),
    ("percentiles", ""),
    ("percentiles_array", ""),
    ("percentilew", ""),
    ("percentilesw", ""),
    ("stdev", ""),
    ("stdevif", ""),
    ("stdevp", ""),
    ("variance", ""),
    ("varianceif", ""),
    ("variancep", ""),
    ("sumif", ""),
    ("avgif", ""),
    ("minif", ""),
    ("maxif", ""),
    ("hll", ""),
    ("hll_merge", ""),
    ("dcount_hll", ""),
    ("buildschema", ""),
    ("binary_all_or", ""),
    ("binary_all_and", ""),
    ("binary_all_xor", ""),
];

/// When `name` is a Kusto function kqlake does not run: what more there is to say (possibly
/// nothing).
pub(crate) fn not_supported(name: &str) -> Option<&'static str> {
    NOT_SUPPORTED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, why)| *why)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_built_function_is_listed_as_not_supported() {
        let registry = crate::FunctionRegistry::builtin();
        for (name, _) in super::NOT_SUPPORTED {
            assert!(
                registry.get(name).is_none(),
                "{name} is built: remove it from the list"
            );
        }
    }
}
