//! Blob locations given as `--data`: `az://<account>/<container>/<prefix>` and
//! `https://<account>.blob.core.windows.net/<container>/<prefix>[?<SAS>]`.
//!
//! A SAS token in the URL's query is kept apart ([`BlobLocation::sas`]) and never displayed:
//! [`BlobLocation`]'s `Display` is the `az://` form without it.

use crate::error::BlobError;
use std::fmt;

/// A prefix of a container in a storage account.
#[derive(Clone, PartialEq, Eq)]
pub struct BlobLocation {
    /// The storage account name.
    pub account: String,
    /// The container.
    pub container: String,
    /// The blob name prefix, without a leading `/` ("" for the whole container); when not
    /// empty it ends with `/`, so it names a folder.
    pub prefix: String,
    /// A SAS token given in the URL's query (`sv=…&sig=…`), never shown.
    sas: Option<String>,
}

impl BlobLocation {
    /// The SAS token given in the URL, if any.
    pub fn sas(&self) -> Option<&str> {
        self.sas.as_deref()
    }
}

impl fmt::Display for BlobLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "az://{}/{}/{}",
            self.account, self.container, self.prefix
        )
    }
}

impl fmt::Debug for BlobLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobLocation")
            .field("account", &self.account)
            .field("container", &self.container)
            .field("prefix", &self.prefix)
            .field("sas", &self.sas.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

const BLOB_HOST_SUFFIX: &str = ".blob.core.windows.net";

/// The blob location `text` names, `None` when it is not a blob URL (a local path), or an
/// error when it is one but malformed.
pub fn parse_location(text: &str) -> Option<Result<BlobLocation, BlobError>> {
    let lower = text.to_ascii_lowercase();
    let (account, rest, query) = if lower.starts_with("az://") {
        let rest = &text["az://".len()..];
        let (account, rest) = rest.split_once('/').unwrap_or((rest, ""));
        (account.to_owned(), rest, None)
    } else if lower.starts_with("https://") {
        let rest = &text["https://".len()..];
        let (host, rest) = rest.split_once('/').unwrap_or((rest, ""));
        let host_lower = host.to_ascii_lowercase();
        let account = host_lower.strip_suffix(BLOB_HOST_SUFFIX)?;
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        (account.to_owned(), rest, query)
    } else {
        return None;
    };
    let malformed = |why: &str| {
        Some(Err(BlobError::Location {
            location: redact_query(text),
            reason: why.to_owned(),
        }))
    };
    if account.is_empty()
        || !account
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return malformed("the account name must be lower-case letters and digits");
    }
    let (container, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if container.is_empty() {
        return malformed("a container is missing: az://<account>/<container>/<prefix>");
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
    };
    let (Ok(container), Ok(prefix)) = (decode(container), decode(prefix)) else {
        return malformed("it is not valid percent-encoded UTF-8");
    };
    let prefix = prefix.trim_start_matches('/');
    let prefix = if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    };
    Some(Ok(BlobLocation {
        account,
        container,
        prefix,
        sas: query.filter(|q| !q.is_empty()).map(str::to_owned),
    }))
}

/// `text` without its query string (which may hold a SAS token).
pub(crate) fn redact_query(text: &str) -> String {
    match text.split_once('?') {
        Some((before, _)) => format!("{before}?<redacted>"),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> BlobLocation {
        parse_location(text)
            .expect("a blob URL")
            .expect("well formed")
    }

    #[test]
    fn both_url_forms_name_account_container_and_prefix() {
        let a = ok("az://acct1/insights/resourceId=/SUBSCRIPTIONS/S");
        assert_eq!(
            (a.account.as_str(), a.container.as_str(), a.prefix.as_str()),
            ("acct1", "insights", "resourceId=/SUBSCRIPTIONS/S/")
        );
        assert_eq!(
            a.to_string(),
            "az://acct1/insights/resourceId=/SUBSCRIPTIONS/S/"
        );
        let b = ok("https://acct1.blob.core.windows.net/insights/resourceId%3D/x/");
        assert_eq!(b.prefix, "resourceId=/x/");
        assert_eq!(b.sas(), None);
        let c = ok("az://acct1/exports");
        assert_eq!((c.container.as_str(), c.prefix.as_str()), ("exports", ""));
    }

    #[test]
    fn a_sas_in_the_url_is_kept_but_never_shown() {
        let a = ok("https://acct1.blob.core.windows.net/c/p?sv=2022-11-02&sig=SECRET");
        assert_eq!(a.sas(), Some("sv=2022-11-02&sig=SECRET"));
        assert!(!a.to_string().contains("SECRET"));
        assert!(!format!("{a:?}").contains("SECRET"));
        let Some(Err(e)) = parse_location("https://UPPER.blob.core.windows.net/?sig=SECRET") else {
            panic!("malformed");
        };
        assert!(!e.to_string().contains("SECRET"), "{e}");
    }

    #[test]
    fn local_paths_and_other_hosts_are_not_blob_locations() {
        assert!(parse_location("testdata/exports").is_none());
        assert!(parse_location("/tmp/az://x").is_none());
        assert!(parse_location("https://example.com/a/b").is_none());
        assert!(matches!(parse_location("az://acct"), Some(Err(_))));
        assert!(matches!(parse_location("az://Acct/c"), Some(Err(_))));
    }
}
