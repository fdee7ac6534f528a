//! Azure Blob Storage as a `--data` root: credentials from the environment, time-pruned listing,
//! parallel ranged reads into a local folder.
//!
//! `kql query --data az://<account>/<container>/<prefix>` (or the
//! `https://<account>.blob.core.windows.net/<container>/<prefix>` form, with or without a SAS
//! token in its query) reads exports straight from a storage account through `object_store`'s
//! Azure backend:
//!
//! 1. **Credentials** ([`open_store`]) come from the environment as Azure's own tools take
//!    them, first found wins: a SAS token in the URL, else `AZURE_STORAGE_SAS_TOKEN` (or
//!    object_store's `AZURE_STORAGE_SAS_KEY`), checked for expiry before any request; a bearer
//!    token (`AZURE_STORAGE_TOKEN`); an account key (`AZURE_STORAGE_KEY`, as the Azure CLI
//!    names it, or `AZURE_STORAGE_ACCOUNT_KEY`); workload identity (`AZURE_CLIENT_ID`,
//!    `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE`); a service principal
//!    (`AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, `AZURE_TENANT_ID`); else the Azure CLI's login when `az` is
//!    installed; else the managed identity of the Azure VM or service it runs on.
//!    `AZURE_STORAGE_USE_EMULATOR=true` (with `AZURITE_BLOB_STORAGE_URL`) targets Azurite.
//! 2. **Listing by prefix** ([`list_blobs`]) walks the prefix folder by folder
//!    (`list_with_delimiter`, many folders at once) and never descends into a folder the
//!    caller's rule rejects: for `kql query`, a `y=`/`m=`/`d=`/`h=` folder whose period cannot
//!    hold a row of the query's time range, allowing the arrival slack of diagnostic-settings
//!    blobs (1 h before, 48 h after; `kql_exports::time_folder_may_hold`, the rule local
//!    discovery uses too), so whole months, days and hours are skipped before any blob below
//!    them is listed.
//! 3. **Parallel ranged reads** ([`download`]) fetch many blobs at once and split large ones
//!    into ranges fetched in parallel, into a local folder mirroring the blob names, which the
//!    ordinary discovery then reads like any export folder.
//!
//! Credentials never appear in messages: every error passes through a redactor that removes
//! the secret values of the environment, the URL's SAS token and any `sig=` parameter.

mod error;
mod fetch;
mod list;
mod location;
mod redact;
mod sas;

pub use error::BlobError;
pub use fetch::{BlobStats, DownloadOptions, download};
pub use list::list_blobs;
pub use location::{BlobLocation, parse_location};
pub use object_store::{self, ObjectMeta};

use object_store::StaticCredentialProvider;
use object_store::azure::{AzureConfigKey, AzureCredential, MicrosoftAzure, MicrosoftAzureBuilder};
use redact::Redactor;
use std::sync::Arc;

/// A container opened with the environment's credentials.
#[derive(Debug, Clone)]
pub struct BlobStore {
    /// Where it points.
    pub location: BlobLocation,
    store: Arc<MicrosoftAzure>,
    redactor: Redactor,
}

impl BlobStore {
    /// The object_store client (for uploads in tests and benches).
    pub fn object_store(&self) -> Arc<MicrosoftAzure> {
        Arc::clone(&self.store)
    }

    /// A storage error in words that name the location and what to check, credentials removed.
    ///
    /// object_store reports a refused list request as a generic error holding the HTTP status
    /// and the service's XML error code, so both the error kind and those are read.
    pub(crate) fn error(&self, e: &object_store::Error) -> BlobError {
        let location = self.location.to_string();
        let detail = self.redactor.redact(&e.to_string());
        let refused = matches!(
            e,
            object_store::Error::PermissionDenied { .. }
                | object_store::Error::Unauthenticated { .. }
        ) || ["403 Forbidden", "401 Unauthorized"]
            .iter()
            .any(|status| detail.contains(status));
        if detail.contains("<Code>ContainerNotFound</Code>") || detail.contains("ContainerNotFound")
        {
            return BlobError::MissingContainer {
                account: self.location.account.clone(),
                container: self.location.container.clone(),
            };
        }
        if refused {
            let hint = if detail.contains("time frame") || detail.contains("expired") {
                "the SAS token has expired or is not valid yet: create a new one"
            } else {
                "check the account key or SAS token (AZURE_STORAGE_KEY, \
                 AZURE_STORAGE_SAS_TOKEN, or the token in the URL) and its permissions \
                 (list and read)"
            };
            return BlobError::Denied {
                location,
                reason: format!("{hint} ({})", service_message(&detail)),
            };
        }
        let reason = if detail.contains("error sending request") {
            format!(
                "cannot reach storage account '{}': check its name, AZURE_STORAGE_ENDPOINT if \
                 set, and the network ({detail})",
                self.location.account
            )
        } else {
            detail
        };
        BlobError::Storage { location, reason }
    }
}

/// The service's `<Message>` first line from an error's text when it holds one (Blob
/// Storage's XML error body), else the whole text.
fn service_message(detail: &str) -> String {
    let message = detail
        .split_once("<Message>")
        .map(|(_, rest)| rest.split(['<', '\n']).next().unwrap_or_default().trim());
    match (detail.split_once("<Code>"), message) {
        (Some((_, rest)), Some(message)) => {
            let code = rest.split('<').next().unwrap_or_default();
            format!("{code}: {message}")
        }
        _ => detail.to_owned(),
    }
}

/// Environment variables whose values are secrets (redacted from every message).
const SECRET_VARIABLES: [&str; 9] = [
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_ACCOUNT_KEY",
    "AZURE_STORAGE_ACCESS_KEY",
    "AZURE_STORAGE_MASTER_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
    "AZURE_STORAGE_SAS_KEY",
    "AZURE_STORAGE_TOKEN",
    "AZURE_CLIENT_SECRET",
    "AZURE_STORAGE_CLIENT_SECRET",
];

/// Opens the container of `location` with the credentials of the environment (see the crate
/// doc for their order).
pub fn open_store(location: &BlobLocation) -> Result<BlobStore, BlobError> {
    open_store_with(location, &[])
}

/// [`open_store`] with `variables` taking the place of environment variables of the same
/// names (`AZURE_STORAGE_ACCOUNT_KEY`, `AZURE_STORAGE_ENDPOINT`, …), for tests and tools that
/// must not change the process's environment.
pub fn open_store_with(
    location: &BlobLocation,
    variables: &[(&str, String)],
) -> Result<BlobStore, BlobError> {
    let env = |name: &str| {
        variables
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
            .or_else(|| std::env::var(name).ok())
            .filter(|v| !v.is_empty())
    };
    let mut secrets: Vec<String> = SECRET_VARIABLES.iter().filter_map(|v| env(v)).collect();
    secrets.extend(location.sas().map(str::to_owned));
    let redactor = Redactor::new(secrets);
    let mut builder = MicrosoftAzureBuilder::from_env();
    for (name, value) in variables {
        if let Ok(key) = name.to_ascii_lowercase().parse::<AzureConfigKey>() {
            builder = builder.with_config(key, value);
        }
    }
    let mut builder = builder
        .with_account(&location.account)
        .with_container_name(&location.container);
    // The Azure CLI's name for the account key.
    if env("AZURE_STORAGE_ACCOUNT_KEY").is_none()
        && let Some(key) = env("AZURE_STORAGE_KEY")
    {
        builder = builder.with_access_key(key);
    }
    // A SAS token wins over an account key (object_store would prefer the key): the URL's
    // first, then the environment's.
    let sas = location
        .sas()
        .map(str::to_owned)
        .or_else(|| env("AZURE_STORAGE_SAS_TOKEN"))
        .or_else(|| env("AZURE_STORAGE_SAS_KEY"));
    if let Some(sas) = &sas {
        let pairs = sas::sas_pairs(sas).map_err(|reason| BlobError::Location {
            location: location.to_string(),
            reason,
        })?;
        if let Some(expiry) = sas::expired(&pairs, chrono::Utc::now()) {
            return Err(BlobError::SasExpired {
                location: location.to_string(),
                expiry,
            });
        }
        builder = builder.with_credentials(Arc::new(StaticCredentialProvider::new(
            AzureCredential::SASToken(pairs),
        )));
    }
    let has_credentials = location.sas().is_some()
        || SECRET_VARIABLES.iter().any(|v| env(v).is_some())
        || env("AZURE_FEDERATED_TOKEN_FILE").is_some()
        || env("AZURE_STORAGE_USE_EMULATOR").is_some();
    if !has_credentials && command_on_path("az") {
        builder = builder.with_use_azure_cli(true);
    }
    let store = builder.build().map_err(|e| BlobError::Location {
        location: location.to_string(),
        reason: redactor.redact(&e.to_string()),
    })?;
    Ok(BlobStore {
        location: location.clone(),
        store: Arc::new(store),
        redactor,
    })
}

/// True when an executable of this name is on `PATH`.
fn command_on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> BlobStore {
        let location = parse_location("az://acct1/exports/p")
            .expect("a blob URL")
            .expect("well formed");
        open_store_with(
            &location,
            &[("AZURE_STORAGE_ACCOUNT_KEY", "a2V5a2V5".to_owned())],
        )
        .expect("a store")
    }

    fn generic(text: &str) -> object_store::Error {
        object_store::Error::Generic {
            store: "MicrosoftAzure",
            source: text.to_owned().into(),
        }
    }

    #[test]
    fn storage_errors_are_told_apart_and_redacted() {
        let store = store();
        let refused = store.error(&generic(
            "403 Forbidden: <Error><Code>AuthenticationFailed</Code><Message>Server failed to \
             authenticate the request.</Message></Error> key a2V5a2V5",
        ));
        assert_eq!(
            refused.to_string(),
            "access to az://acct1/exports/p/ was refused: check the account key or SAS token \
             (AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN, or the token in the URL) and its \
             permissions (list and read) (AuthenticationFailed: Server failed to authenticate \
             the request.)"
        );
        // Blob Storage's answer to a SAS used outside its start..expiry window.
        let window = store.error(&generic(
            "403 Forbidden: <Error><Code>AuthenticationFailed</Code><Message>Signature not \
             valid in the specified time frame: Start [Mon, 01 Jan 2029 00:00:00 GMT] - \
             Expiry [Tue, 01 Jan 2030 00:00:00 GMT]</Message></Error>",
        ));
        assert!(
            window.to_string().starts_with(
                "access to az://acct1/exports/p/ was refused: the SAS token has expired or is \
                 not valid yet: create a new one"
            ),
            "{window}"
        );
        let missing = store.error(&generic(
            "404 Not Found: <Error><Code>ContainerNotFound</Code></Error>",
        ));
        assert!(
            matches!(missing, BlobError::MissingContainer { .. }),
            "{missing}"
        );
        let unreachable = store.error(&generic("HTTP error: error sending request, key a2V5a2V5"));
        let text = unreachable.to_string();
        assert!(
            text.starts_with(
                "cannot read az://acct1/exports/p/: cannot reach storage account 'acct1'"
            ),
            "{text}"
        );
        assert!(
            !text.contains("a2V5a2V5") && text.contains("<redacted>"),
            "{text}"
        );
    }

    #[test]
    fn the_service_message_is_code_and_first_line() {
        let detail = "Generic MicrosoftAzure error: Error performing list request: 403 Forbidden: \
                      <?xml version=\"1.0\"?>\n<Error>\n  <Code>AuthorizationFailure</Code>\n  \
                      <Message>Server failed to authenticate the request.\nRequestId:1</Message>";
        assert_eq!(
            service_message(detail),
            "AuthorizationFailure: Server failed to authenticate the request."
        );
        assert_eq!(service_message("connection refused"), "connection refused");
    }
}
