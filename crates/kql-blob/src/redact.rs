//! Removing credentials from messages: the secret values of the environment, the URL's SAS
//! token (and each of its parts), and the value of any `sig=` query parameter.

/// Replaces known secrets in text with `<redacted>`.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

const REDACTED: &str = "<redacted>";

impl Redactor {
    /// A redactor of these secret values (a SAS token's `&`-separated parts count one by one,
    /// as messages may show them decoded or reordered).
    pub(crate) fn new(values: Vec<String>) -> Redactor {
        let mut secrets: Vec<String> = Vec::new();
        for v in values {
            if v.contains('&') {
                secrets.extend(
                    v.split('&')
                        .filter_map(|p| p.split_once('=').map(|(_, value)| value))
                        .filter(|value| value.len() >= 8)
                        .map(str::to_owned),
                );
            }
            secrets.push(v);
        }
        // Longest first, so a secret containing another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.retain(|s| s.len() >= 4);
        Redactor { secrets }
    }

    /// `text` without any secret, and without the value of any `sig=` parameter.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            out = out.replace(s.as_str(), REDACTED);
            let encoded =
                percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                    .to_string();
            out = out.replace(encoded.as_str(), REDACTED);
        }
        redact_signatures(&out)
    }
}

/// Replaces the value of every `sig=` parameter (a SAS signature) with `<redacted>`.
fn redact_signatures(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.to_ascii_lowercase().find("sig=") {
        let (before, after) = rest.split_at(i + "sig=".len());
        out.push_str(before);
        let end = after
            .find(['&', ' ', '"', ')', '\'', '\n'])
            .unwrap_or(after.len());
        if end > 0 && !after.starts_with(REDACTED) {
            out.push_str(REDACTED);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_signatures_are_removed() {
        let r = Redactor::new(vec![
            "c2VjcmV0a2V5/+==".to_owned(),
            "sv=2022-11-02&se=2020-01-01&sig=AbCdEf123456%2B".to_owned(),
        ]);
        let text = "key c2VjcmV0a2V5/+== and c2VjcmV0a2V5%2F%2B%3D%3D; url https://a/c?comp=list&sig=XYZ&sv=1 (sig=AbCdEf123456%2B)";
        let out = r.redact(text);
        assert!(!out.contains("c2VjcmV0a2V5"), "{out}");
        assert!(!out.contains("XYZ"), "{out}");
        assert!(!out.contains("AbCdEf123456"), "{out}");
        assert!(out.contains("comp=list"), "{out}");
        assert!(out.contains("sv=1"), "{out}");
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let r = Redactor::new(Vec::new());
        assert_eq!(r.redact("container not found"), "container not found");
    }
}
