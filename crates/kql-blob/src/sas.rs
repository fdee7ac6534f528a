//! SAS tokens: split into the query pairs object_store signs requests with, and checked for
//! expiry before any request, so an expired token gets a message that says so.
//!
//! A SAS token is a URL query (`sv=…&se=2026-01-01T00:00:00Z&sp=rl&sig=…`); `se` is its expiry
//! in ISO 8601 UTC, as a date, or a date and time with or without seconds (Azure's "Create a
//! service SAS" reference).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The `key=value` pairs of `sas` (a leading `?` allowed), values percent-decoded.
pub(crate) fn sas_pairs(sas: &str) -> Result<Vec<(String, String)>, String> {
    sas.trim_start_matches('?')
        .split('&')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (key, value) = part
                .trim()
                .split_once('=')
                .ok_or_else(|| "the SAS token is not a list of key=value pairs".to_owned())?;
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map_err(|_| "the SAS token is not valid percent-encoded UTF-8".to_owned())?;
            Ok((key.to_owned(), value.into_owned()))
        })
        .collect()
}

/// The token's `se=` expiry when it is at or before `now`.
pub(crate) fn expired(pairs: &[(String, String)], now: DateTime<Utc>) -> Option<String> {
    let (_, se) = pairs.iter().find(|(k, _)| k == "se")?;
    (parse_expiry(se)? <= now).then(|| se.clone())
}

fn parse_expiry(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%MZ") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn pairs_are_split_and_decoded() {
        let pairs =
            sas_pairs("?sv=2019-02-02&se=2020-01-01T00%3A00%3A00Z&sig=a%2Bb%3D").expect("ok");
        assert_eq!(
            pairs,
            [
                ("sv".to_owned(), "2019-02-02".to_owned()),
                ("se".to_owned(), "2020-01-01T00:00:00Z".to_owned()),
                ("sig".to_owned(), "a+b=".to_owned()),
            ]
        );
        assert!(sas_pairs("sv=1&nonsense").is_err());
    }

    #[test]
    fn expiry_in_each_iso_form_is_compared_with_now() {
        let now = at("2026-12-04T10:00:00Z");
        let pairs = |se: &str| vec![("se".to_owned(), se.to_owned())];
        assert_eq!(
            expired(&pairs("2026-12-04T09:59:59Z"), now).as_deref(),
            Some("2026-12-04T09:59:59Z")
        );
        assert_eq!(expired(&pairs("2026-12-04T10:00:01Z"), now), None);
        assert!(expired(&pairs("2026-12-04T09:59Z"), now).is_some());
        assert!(expired(&pairs("2026-12-04T10:01Z"), now).is_none());
        assert!(expired(&pairs("2026-12-04"), now).is_some());
        assert!(expired(&pairs("2026-12-05"), now).is_none());
        // No expiry, or one that is not a time: left to the service.
        assert_eq!(expired(&[], now), None);
        assert_eq!(expired(&pairs("soon"), now), None);
    }
}
