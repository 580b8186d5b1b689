//! Path patterns (config) and request paths (RFC 3986 §3.3), segment by segment.

use crate::config::read::shown;
use crate::error::Error;

/// Longest path pattern accepted in config.
const MAX_PATTERN_LEN: usize = 2048;

/// One compiled pattern segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Must equal the raw request segment byte for byte.
    Literal(String),
    /// `:name`: any one non-empty segment.
    Param(String),
    /// Trailing `*`: the rest of the path, possibly empty.
    Rest,
}

/// `true` when two patterns match exactly the same paths (parameter names aside).
pub(crate) fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            (Segment::Param(_), Segment::Param(_)) | (Segment::Rest, Segment::Rest) => true,
            _ => false,
        })
}

/// Parses a config pattern such as `/bookings/:id` or `/static/*`.
pub(crate) fn parse_pattern(pattern: &str) -> Result<Vec<Segment>, String> {
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(format!("must be at most {MAX_PATTERN_LEN} bytes"));
    }
    let Some(body) = pattern.strip_prefix('/') else {
        return Err("must start with '/'".into());
    };
    let parts: Vec<&str> = body.split('/').collect();
    let last = parts.len().saturating_sub(1);
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let segment = parse_segment(part, i == last)?;
        if let Segment::Param(name) = &segment {
            if out.iter().any(|s| matches!(s, Segment::Param(n) if n == name)) {
                return Err(format!("repeats the parameter \":{name}\""));
            }
        }
        out.push(segment);
    }
    Ok(out)
}

fn parse_segment(part: &str, is_last: bool) -> Result<Segment, String> {
    if part == "*" {
        return if is_last { Ok(Segment::Rest) } else { Err("'*' may only be the last segment".into()) };
    }
    if part.is_empty() && !is_last {
        return Err("must not contain an empty segment (\"//\")".into());
    }
    if part == "." || part == ".." {
        return Err("must not contain a \".\" or \"..\" segment".into());
    }
    if let Some(name) = part.strip_prefix(':') {
        let mut bytes = name.bytes();
        let head_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
        if !head_ok || !bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("parameter \"{}\" must be ':' and a name of letters, digits and '_'", shown(part, 64)));
        }
        return Ok(Segment::Param(name.to_owned()));
    }
    if part.contains('*') {
        return Err("'*' must be a whole segment".into());
    }
    if !part.bytes().all(is_pattern_char) {
        return Err(format!(
            "segment \"{}\" may hold only letters, digits and -._~!$&'()+,;=@ (no '%', '?', '#')",
            shown(part, 64)
        ));
    }
    Ok(Segment::Literal(part.to_owned()))
}

/// RFC 3986 `pchar` without `%` (patterns are literal) and without `:` and `*`
/// (which mean a parameter or the rest of the path).
fn is_pattern_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()+,;=@".contains(&b)
}

/// Checks a request path and returns it without query or fragment.
///
/// The path must start with `/`; it must not hold an empty segment except the
/// last (`/a//b`), a dot segment in any spelling (`..`, `%2e%2E`), an encoded
/// `/`, `\` or control byte, a raw `\`, bad percent-encoding, or bytes
/// outside visible ASCII. Such paths are ambiguous: an upstream may normalise
/// them into a different resource than the one the guard matched.
///
/// # Errors
/// [`Error::InvalidRequest`] naming the problem (never echoing the path).
pub fn check_request_path(raw: &str) -> Result<&str, Error> {
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let path = raw.get(..end).unwrap_or_default();
    let Some(body) = path.strip_prefix('/') else {
        return Err(Error::InvalidRequest("request path must start with '/'"));
    };
    if !path.bytes().all(|b| (0x21..=0x7E).contains(&b)) {
        return Err(Error::InvalidRequest("request path holds a space, control or non-ascii byte"));
    }
    if path.contains('\\') {
        return Err(Error::InvalidRequest("request path holds a backslash"));
    }
    let mut segments = body.split('/').peekable();
    while let Some(segment) = segments.next() {
        if segment.is_empty() && segments.peek().is_some() {
            return Err(Error::InvalidRequest("request path holds an empty segment"));
        }
        check_segment(segment)?;
    }
    Ok(path)
}

fn check_segment(segment: &str) -> Result<(), Error> {
    let mut decoded_dots = 0usize;
    let mut only_dots = true;
    let mut bytes = segment.bytes();
    while let Some(b) = bytes.next() {
        let value = if b == b'%' {
            let hi = bytes.next().and_then(hex_value);
            let lo = bytes.next().and_then(hex_value);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(Error::InvalidRequest("request path holds bad percent-encoding"));
            };
            let v = hi * 16 + lo;
            if v == b'/' || v == b'\\' || v < 0x20 || v == 0x7F {
                return Err(Error::InvalidRequest("request path holds an encoded '/', '\\' or control byte"));
            }
            v
        } else {
            b
        };
        if value == b'.' {
            decoded_dots += 1;
        } else {
            only_dots = false;
        }
    }
    if only_dots && (decoded_dots == 1 || decoded_dots == 2) {
        return Err(Error::InvalidRequest("request path holds a dot segment"));
    }
    Ok(())
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Matches checked request segments against a pattern; returns the params.
pub(crate) fn match_segments<'t, 'p>(
    pattern: &'t [Segment],
    segments: &[&'p str],
    path: &'p str,
) -> Option<Vec<(&'t str, &'p str)>> {
    let mut params = Vec::new();
    let mut offset = 1usize; // past the leading '/'
    let mut rest = segments.iter();
    for seg in pattern {
        if let Segment::Rest = seg {
            // Needs the '/' before the rest to exist: `/static/*` does not match `/static`.
            rest.next()?;
            params.push(("*", path.get(offset..)?));
            return Some(params);
        }
        let actual = *rest.next()?;
        match seg {
            Segment::Literal(l) if l == actual => {}
            Segment::Param(name) if !actual.is_empty() => params.push((name.as_str(), actual)),
            _ => return None,
        }
        offset += actual.len() + 1;
    }
    rest.next().is_none().then_some(params)
}
