//! Path patterns (config) and how a canonical request path matches them.
//!
//! A path is matched in every reading a backend may give it ([`Reading`]):
//! as written, and with letter case, a trailing slash and percent-encoding
//! ignored, alone or together. The readings that match a route must all
//! match the same one; see [`super::RouteTable::resolve`].

use crate::read::shown;

/// Longest path pattern accepted in config.
const MAX_PATTERN_LEN: usize = 2048;

/// One compiled pattern segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Equals the request segment as written, or in a looser [`Reading`].
    Literal(String),
    /// `:name`: any one non-empty segment.
    Param(String),
    /// Trailing `*`: the rest of the path, possibly empty.
    Rest,
}

/// `true` when two patterns match the same paths once letter case is ignored
/// (parameter names aside).
pub(crate) fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x.eq_ignore_ascii_case(y),
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
            "segment \"{}\" may hold only letters, digits and -._~!$&'()+,=@ (no '%', ';', '?', '#')",
            shown(part, 64)
        ));
    }
    Ok(Segment::Literal(part.to_owned()))
}

/// RFC 3986 `pchar` without `%` (patterns are literal), `;` (refused in
/// requests) and `:` and `*` (which mean a parameter or the rest of the path).
fn is_pattern_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()+,=@".contains(&b)
}

/// One way a backend may read a request path. [`Reading::EXACT`] is the path
/// as written; the others ignore letter case in literals (Express, Spring),
/// one trailing slash (Express, `strict: false` routers) and the remaining
/// percent-encoding (Hono decodes `%40`, CGI/WSGI decode everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub fold_case: bool,
    pub trailing_slash: bool,
    pub decode: bool,
}

impl Reading {
    pub const EXACT: Self = Self { fold_case: false, trailing_slash: false, decode: false };

    /// The readings that can differ from the exact one for `path`: letter
    /// case when `case_matters`, the trailing slash when the path has one
    /// (and is not `/`) or `slash_patterns`, decoding when something is
    /// percent-encoded.
    pub fn all_for(path: &str, case_matters: bool, slash_patterns: bool) -> Vec<Self> {
        let slash = slash_patterns || (path.len() > 1 && path.ends_with('/'));
        let percent = path.contains('%');
        let mut out = Vec::with_capacity(8);
        for bits in 0u8..8 {
            let r = Self { fold_case: bits & 1 != 0, trailing_slash: bits & 2 != 0, decode: bits & 4 != 0 };
            if (r.fold_case && !case_matters) || (r.trailing_slash && !slash) || (r.decode && !percent) {
                continue;
            }
            out.push(r);
        }
        out
    }
}

/// Matches a canonical request path against a pattern in one reading; returns
/// the params (canonical text, as sent upstream).
pub(crate) fn match_segments<'t, 'p>(pattern: &'t [Segment], path: &'p str, reading: Reading) -> Option<Vec<(&'t str, &'p str)>> {
    let body = path.get(1..)?;
    let body = if reading.trailing_slash { body.strip_suffix('/').unwrap_or(body) } else { body };
    let pattern = if reading.trailing_slash { without_trailing_slash(pattern) } else { pattern };
    let mut params = Vec::new();
    let mut offset = 1usize; // past the leading '/'
    let mut rest = body.split('/');
    for seg in pattern {
        if let Segment::Rest = seg {
            // Needs the '/' before the rest to exist: `/static/*` does not match `/static`.
            rest.next()?;
            params.push(("*", path.get(offset..=body.len())?));
            return Some(params);
        }
        let actual = rest.next()?;
        match seg {
            Segment::Literal(l) if literal_matches(l, actual, reading) => {}
            Segment::Param(name) if !actual.is_empty() => params.push((name.as_str(), actual)),
            _ => return None,
        }
        offset += actual.len() + 1;
    }
    rest.next().is_none().then_some(params)
}

/// A pattern ending in `/` (an empty last literal) read without it.
fn without_trailing_slash(pattern: &[Segment]) -> &[Segment] {
    match pattern.split_last() {
        Some((Segment::Literal(l), head)) if l.is_empty() && !head.is_empty() => head,
        _ => pattern,
    }
}

/// Whether a pattern literal (ASCII, no `%`) equals a canonical request segment in `reading`.
fn literal_matches(literal: &str, segment: &str, reading: Reading) -> bool {
    let same = |a: u8, b: u8| if reading.fold_case { a.eq_ignore_ascii_case(&b) } else { a == b };
    if reading.decode && reading.fold_case && encodes_non_ascii(segment) {
        return unicode_folded(segment).is_some_and(|folded| folded.eq_ignore_ascii_case(literal));
    }
    if !reading.decode {
        return literal.len() == segment.len() && literal.bytes().zip(segment.bytes()).all(|(a, b)| same(a, b));
    }
    let mut want = literal.bytes();
    let mut have = segment.bytes();
    while let Some(b) = have.next() {
        let b = if b == b'%' { decode_pair(have.next(), have.next()) } else { Some(b) };
        match (b, want.next()) {
            (Some(b), Some(w)) if same(w, b) => {}
            _ => return false,
        }
    }
    want.next().is_none()
}

fn decode_pair(hi: Option<u8>, lo: Option<u8>) -> Option<u8> {
    let digit = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    Some(digit(hi?)? * 16 + digit(lo?)?)
}

/// Whether a canonical segment percent-encodes a byte above 0x7F (non-ASCII text).
fn encodes_non_ascii(segment: &str) -> bool {
    segment.as_bytes().windows(2).any(|w| w.first() == Some(&b'%') && w.get(1).is_some_and(|h| b"89ABCDEF".contains(h)))
}

/// A canonical segment holding non-ASCII text, decoded and read as a backend
/// that compares letters beyond ASCII would: each character by its Unicode
/// case mappings (`ı`→`I`, `ſ`→`S`, Kelvin `K`→`k`, `İ`→`i`, `ß`→`SS`, as Java's
/// `equalsIgnoreCase`, Python's `casefold` and .NET's ignore-case compare do)
/// or, for the fullwidth forms U+FF01–U+FF5E, by NFKC (`ｂ`→`b`). `None` when
/// some character has no ASCII reading: the segment then equals no literal.
fn unicode_folded(segment: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(segment.len());
    let mut raw = segment.bytes();
    while let Some(b) = raw.next() {
        bytes.push(if b == b'%' { decode_pair(raw.next(), raw.next())? } else { b });
    }
    let text = String::from_utf8(bytes).ok()?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(ascii) = fullwidth_ascii(c) {
            out.push(ascii);
        } else {
            out.push_str(ascii_case_variant(c)?);
        }
    }
    Some(out)
}

/// Every non-ASCII character whose lower or upper case (Unicode, as Rust's
/// `char::to_lowercase`/`to_uppercase` give it) starts with an ASCII letter,
/// and the ASCII part of that mapping (`İ` lower-cases to `i` and a combining
/// dot: the letter is what a backend's per-character mapping keeps). A table,
/// not the case-mapping functions: those link Unicode's full case tables into
/// the wasm. The test `ascii_case_variants_are_exactly_std_case_mapping`
/// derives the table from `std` over every `char`.
const ASCII_CASE_VARIANTS: &[(char, &str)] = &[
    ('\u{00DF}', "SS"),  // ß
    ('\u{0130}', "i"),   // İ
    ('\u{0131}', "I"),   // ı
    ('\u{017F}', "S"),   // ſ
    ('\u{01F0}', "J"),   // ǰ
    ('\u{1E96}', "H"),   // ẖ
    ('\u{1E97}', "T"),   // ẗ
    ('\u{1E98}', "W"),   // ẘ
    ('\u{1E99}', "Y"),   // ẙ
    ('\u{1E9A}', "A"),   // ẚ
    ('\u{212A}', "k"),   // Kelvin sign
    ('\u{FB00}', "FF"),  // ﬀ
    ('\u{FB01}', "FI"),  // ﬁ
    ('\u{FB02}', "FL"),  // ﬂ
    ('\u{FB03}', "FFI"), // ﬃ
    ('\u{FB04}', "FFL"), // ﬄ
    ('\u{FB05}', "ST"),  // ﬅ
    ('\u{FB06}', "ST"),  // ﬆ
];

/// The ASCII reading of a non-ASCII character under Unicode case mapping.
fn ascii_case_variant(c: char) -> Option<&'static str> {
    ASCII_CASE_VARIANTS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// NFKC of a fullwidth ASCII form (U+FF01–U+FF5E) is the ASCII character.
fn fullwidth_ascii(c: char) -> Option<char> {
    let code = u32::from(c);
    (0xFF01..=0xFF5E).contains(&code).then(|| char::from_u32(code - 0xFEE0)).flatten()
}

#[cfg(test)]
mod case_variant_tests {
    use super::{ascii_case_variant, ASCII_CASE_VARIANTS};

    #[test]
    fn ascii_case_variants_are_exactly_std_case_mapping() {
        let ascii_led = |m: &str| m.chars().next().is_some_and(|f| f.is_ascii_alphanumeric());
        let mut derived = Vec::new();
        for c in (0x80..=0x10_FFFF).filter_map(char::from_u32) {
            if (0xFF01..=0xFF5E).contains(&u32::from(c)) {
                continue; // fullwidth forms: NFKC, handled by fullwidth_ascii
            }
            let lower: String = c.to_lowercase().collect();
            let upper: String = c.to_uppercase().collect();
            let mapped = if ascii_led(&lower) { lower } else if ascii_led(&upper) { upper } else { continue };
            derived.push((c, mapped.chars().filter(char::is_ascii).collect::<String>()));
        }
        let table: Vec<(char, String)> = ASCII_CASE_VARIANTS.iter().map(|(c, v)| (*c, (*v).to_owned())).collect();
        assert_eq!(derived, table);
        assert_eq!(ascii_case_variant('\u{0131}'), Some("I"));
        assert_eq!(ascii_case_variant('\u{00E9}'), None);
    }
}
