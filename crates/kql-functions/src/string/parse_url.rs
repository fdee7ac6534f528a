//! `parse_url(url)` (alias `parseurl`) and `parse_urlquery(query)` (alias
//! `parse_url_query`): a URL's parts and query parameters, as dynamic property bags.

use super::parse_path::{push_string_bag, split_scheme};
use crate::args::fixed;
use crate::json::push_json_string;
use crate::udf::{Batch, unary};
use crate::{CallContext, Example, FunctionDoc, FunctionError, KqlFunction, TypedExpr};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use kql_syntax::KqlType;

/// `parse_url` or `parse_urlquery`: see each `DOC`.
pub(crate) struct ParseUrlFunc {
    doc: &'static FunctionDoc,
    whole_url: bool,
}

/// `parse_url`.
pub(crate) const PARSE_URL: ParseUrlFunc = ParseUrlFunc {
    doc: &PARSE_URL_DOC,
    whole_url: true,
};
/// `parse_urlquery`.
pub(crate) const PARSE_URLQUERY: ParseUrlFunc = ParseUrlFunc {
    doc: &PARSE_URLQUERY_DOC,
    whole_url: false,
};

const PARSE_URL_DOC: FunctionDoc = FunctionDoc {
    name: "parse_url",
    aliases: &["parseurl"],
    category: "string",
    syntax: "parse_url(url)",
    description: "The parts of an absolute URL (scheme://[user[:password]@]host[:port][/path]\
        [?query][#fragment]) as a bag with the members Scheme, Host, Port, Path, Username, \
        Password, Query Parameters and Fragment: strings (\"\" when absent; Path keeps its \
        leading /), and Query Parameters a bag of the query's key=value pairs (decoded from \
        %-escapes and + for space; a key without = has the value \"\"; a repeated key keeps \
        its last value). Null when url has no scheme:// prefix.",
    returns: "dynamic (a property bag); null when url is not an absolute URL",
    examples: &[Example {
        query: r#"print Result = parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")"#,
        output: "Result\n\"{\"\"Scheme\"\":\"\"scheme\"\",\"\"Host\"\":\"\"host\"\",\"\"Port\"\":\"\"1234\"\",\"\"Path\"\":\"\"/this/is/a/path\"\",\"\"Username\"\":\"\"username\"\",\"\"Password\"\":\"\"password\"\",\"\"Query Parameters\"\":{\"\"k1\"\":\"\"v1\"\",\"\"k2\"\":\"\"v2\"\"},\"\"Fragment\"\":\"\"fragment\"\"}\"",
    }],
};

const PARSE_URLQUERY_DOC: FunctionDoc = FunctionDoc {
    name: "parse_urlquery",
    aliases: &["parse_url_query"],
    category: "string",
    syntax: "parse_urlquery(query)",
    description: "The key=value pairs of a URL's query part (a leading ? is skipped) as a bag \
        {\"Query Parameters\": {…}}, read as parse_url reads them.",
    returns: "dynamic (a property bag)",
    examples: &[Example {
        query: r#"print Result = parse_urlquery("k1=v1&k2=v2&k3=v3")"#,
        output: "Result\n\"{\"\"Query Parameters\"\":{\"\"k1\"\":\"\"v1\"\",\"\"k2\"\":\"\"v2\"\",\"\"k3\"\":\"\"v3\"\"}}\"",
    }],
};

impl KqlFunction for ParseUrlFunc {
    fn doc(&self) -> &'static FunctionDoc {
        self.doc
    }

    fn plan_scalar(
        &self,
        args: Vec<TypedExpr>,
        _: &CallContext,
    ) -> Result<TypedExpr, FunctionError> {
        let [text] = fixed(self.doc, args)?;
        let text = text.string()?;
        Ok(if self.whole_url {
            unary("kql_parse_url", text, KqlType::Dynamic, parse_url_batch)
        } else {
            unary(
                "kql_parse_urlquery",
                text,
                KqlType::Dynamic,
                parse_urlquery_batch,
            )
        })
    }
}

/// A query component decoded: `+` is a space, `%XX` a byte (invalid UTF-8 replaced).
fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// Appends the bag of the `key=value` pairs of `query`.
fn push_query(out: &mut String, query: &str) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(existing) => existing.1 = value,
            None => pairs.push((key, value)),
        }
    }
    out.push('{');
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, key);
        out.push(':');
        push_json_string(out, value);
    }
    out.push('}');
}

/// Appends the bag of `url`'s parts; false when it is not an absolute URL.
fn push_url(out: &mut String, url: &str) -> bool {
    let Some((scheme, rest)) = split_scheme(url.trim()) else {
        return false;
    };
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (user_info, host_port) = authority.rsplit_once('@').unwrap_or(("", authority));
    let (user, password) = user_info.split_once(':').unwrap_or((user_info, ""));
    let port_at = match host_port.rfind(']') {
        Some(bracket) => host_port[bracket..].find(':').map(|i| bracket + i),
        None => host_port.rfind(':'),
    };
    let (host, port) = match port_at {
        Some(i) => (&host_port[..i], &host_port[i + 1..]),
        None => (host_port, ""),
    };
    let mut parts = String::new();
    push_string_bag(
        &mut parts,
        &[
            ("Scheme", scheme),
            ("Host", host),
            ("Port", port),
            ("Path", path),
            ("Username", user),
            ("Password", password),
        ],
    );
    out.push_str(&parts[..parts.len() - 1]);
    out.push_str(",\"Query Parameters\":");
    push_query(out, query);
    out.push_str(",\"Fragment\":");
    push_json_string(out, fragment);
    out.push('}');
    true
}

fn parse_url_batch(batch: &Batch) -> Result<ColumnarValue> {
    let urls = batch.strings(0)?;
    batch.string_result(|row, out| push_url(out, urls.get(row).unwrap_or("")))
}

fn parse_urlquery_batch(batch: &Batch) -> Result<ColumnarValue> {
    let queries = batch.strings(0)?;
    batch.string_result(|row, out| {
        let query = queries.get(row).unwrap_or("");
        out.push_str("{\"Query Parameters\":");
        push_query(out, query.strip_prefix('?').unwrap_or(query));
        out.push('}');
        true
    })
}
