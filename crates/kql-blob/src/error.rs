//! Blob errors: what went wrong, in words that say what to fix. Messages never hold a
//! credential: object_store's messages pass through [`crate::redact::Redactor`] first.

/// Why a blob location could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The URL is not a usable blob location.
    #[error("'{location}' is not a blob location: {reason}")]
    Location {
        /// The URL as given, its query (SAS) removed.
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// The credentials were refused (wrong key, expired or insufficient SAS).
    #[error("access to {location} was refused: {reason}")]
    Denied {
        /// The location.
        location: String,
        /// What the service said, and what to check.
        reason: String,
    },
    /// The SAS token's expiry (`se=`) has passed.
    #[error(
        "the SAS token for {location} expired at {expiry}: create a new one (with list and read permissions)"
    )]
    SasExpired {
        /// The location.
        location: String,
        /// The token's `se=` value.
        expiry: String,
    },
    /// The container does not exist.
    #[error("container '{container}' does not exist in storage account '{account}'")]
    MissingContainer {
        /// The account.
        account: String,
        /// The container.
        container: String,
    },
    /// The prefix holds no blobs.
    #[error("no blobs under {location}")]
    Empty {
        /// The location.
        location: String,
    },
    /// Any other failure of the storage service or the network.
    #[error("cannot read {location}: {reason}")]
    Storage {
        /// The location.
        location: String,
        /// The service's or the network's message, redacted.
        reason: String,
    },
    /// Writing the local cache failed.
    #[error("cannot write the blob cache '{path}': {source}")]
    Cache {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
