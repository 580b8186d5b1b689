//! Strict JSON: I-JSON (RFC 7493). Member names must be unique in every
//! object at every depth (§2.3), strings must be valid Unicode with no lone
//! surrogates (§2.1), numbers must fit an IEEE double (§2.2), nothing may
//! follow the value, and nesting stops at [`MAX_DEPTH`]. One parser for every
//! JSON text the crate reads: token segments ([`parse_object`], reduced to
//! what verification needs) and config ([`parse_value`]), so the checks a
//! last-wins parser such as `JSON.parse` silently skips are made once.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{Map, Number, Value};

/// Deepest nesting of arrays and objects (the top level is depth 1).
pub(crate) const MAX_DEPTH: usize = 127;

/// A member value, reduced to what verification needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    /// An array whose elements are all strings (also the empty array).
    Strings(Vec<Cow<'a, str>>),
    /// An object, or an array holding something other than strings.
    Other,
}

impl<'a> Json<'a> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The members of a top-level JSON object, in document order.
pub(crate) type Members<'a> = Vec<(Cow<'a, str>, Json<'a>)>;

/// Why a text is not acceptable JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    Duplicate,
    NotObject,
    Invalid,
}

/// Parses `bytes` as one I-JSON object and returns its members, nested
/// objects and non-string arrays reduced to [`Json::Other`] (still checked).
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Members<'_>, JsonError> {
    let mut p = Parser { bytes, at: 0, depth: 0 };
    p.space();
    if p.peek() != Some(b'{') {
        p.skip_value()?;
        p.end()?;
        return Err(JsonError::NotObject);
    }
    let mut members = Vec::new();
    let mut names = MemberNames::default();
    p.object(|p, name| {
        if !names.insert(name.clone()) {
            return Err(JsonError::Duplicate);
        }
        let value = p.reduced_value()?;
        members.push((name, value));
        Ok(())
    })?;
    p.end()?;
    Ok(members)
}

/// Parses `bytes` as one I-JSON value of any kind (config, request data).
pub(crate) fn parse_value(bytes: &[u8]) -> Result<Value, JsonError> {
    let mut p = Parser { bytes, at: 0, depth: 0 };
    let value = p.full_value()?;
    p.end()?;
    Ok(value)
}

/// Tracks member names of one object; linear for the usual handful, hashed past that.
#[derive(Default)]
struct MemberNames<'a> {
    few: Vec<Cow<'a, str>>,
    many: HashSet<Cow<'a, str>>,
}

impl<'a> MemberNames<'a> {
    const LINEAR: usize = 16;

    /// Records `name`; false when it was already there.
    fn insert(&mut self, name: Cow<'a, str>) -> bool {
        if self.few.len() < Self::LINEAR {
            if self.few.contains(&name) {
                return false;
            }
            self.few.push(name);
            return true;
        }
        !self.few.contains(&name) && self.many.insert(name)
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

type Parsed<T> = Result<T, JsonError>;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// RFC 8259 §2 whitespace.
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Parsed<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    /// Nothing but whitespace after the value.
    fn end(&mut self) -> Parsed<()> {
        self.space();
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(JsonError::Invalid)
        }
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(JsonError::Invalid)
        } else {
            Ok(())
        }
    }

    /// `{ name: value, … }`: `member` reads each value after its name.
    fn object(&mut self, mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Parsed<()>) -> Parsed<()> {
        self.enter()?;
        self.expect(b'{')?;
        if !self.eat(b'}') {
            loop {
                self.space();
                let name = self.string()?;
                self.expect(b':')?;
                member(self, name)?;
                if self.eat(b'}') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// `[ value, … ]`: `item` reads each value.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Parsed<()>) -> Parsed<()> {
        self.enter()?;
        self.expect(b'[')?;
        if !self.eat(b']') {
            loop {
                item(self)?;
                if self.eat(b']') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A nested object with unique member names, its values checked and dropped.
    fn skip_object(&mut self) -> Parsed<()> {
        let mut names = MemberNames::default();
        self.object(|p, name| if names.insert(name) { p.skip_value() } else { Err(JsonError::Duplicate) })
    }

    /// Any value, checked and dropped.
    fn skip_value(&mut self) -> Parsed<()> {
        self.space();
        match self.peek() {
            Some(b'{') => self.skip_object(),
            Some(b'[') => self.array(Self::skip_value),
            _ => self.scalar().map(drop),
        }
    }

    /// A member value of a token segment, reduced to [`Json`].
    fn reduced_value(&mut self) -> Parsed<Json<'a>> {
        self.space();
        match self.peek() {
            Some(b'{') => self.skip_object().map(|()| Json::Other),
            Some(b'[') => {
                let mut strings = Some(Vec::new());
                self.array(|p| {
                    p.space();
                    if p.peek() == Some(b'"') {
                        let s = p.string()?;
                        if let Some(list) = &mut strings {
                            list.push(s);
                        }
                        Ok(())
                    } else {
                        strings = None;
                        p.skip_value()
                    }
                })?;
                Ok(strings.map_or(Json::Other, Json::Strings))
            }
            _ => self.scalar(),
        }
    }

    /// Any value as a [`Value`] tree.
    fn full_value(&mut self) -> Parsed<Value> {
        self.space();
        match self.peek() {
            Some(b'{') => {
                let mut map = Map::new();
                let mut names = MemberNames::default();
                self.object(|p, name| {
                    if !names.insert(name.clone()) {
                        return Err(JsonError::Duplicate);
                    }
                    let value = p.full_value()?;
                    map.insert(name.into_owned(), value);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(|p| p.full_value().map(|v| items.push(v)))?;
                Ok(Value::Array(items))
            }
            Some(b'"') => Ok(Value::String(self.string()?.into_owned())),
            Some(b'-' | b'0'..=b'9') => {
                let (text, integer) = self.number_text()?;
                let number = match integer {
                    true => text.parse::<u64>().map(Number::from).or_else(|_| text.parse::<i64>().map(Number::from)).ok(),
                    false => None,
                };
                match number {
                    Some(n) => Ok(Value::Number(n)),
                    None => finite(text).and_then(|f| Number::from_f64(f).ok_or(JsonError::Invalid)).map(Value::Number),
                }
            }
            _ => match self.scalar()? {
                Json::Null => Ok(Value::Null),
                Json::Bool(b) => Ok(Value::Bool(b)),
                _ => Err(JsonError::Invalid),
            },
        }
    }

    /// A string, number, `true`, `false` or `null`.
    fn scalar(&mut self) -> Parsed<Json<'a>> {
        self.space();
        match self.peek() {
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number_text().and_then(|(text, _)| finite(text)).map(Json::Number),
            _ => {
                for (word, value) in [(&b"true"[..], Json::Bool(true)), (b"false", Json::Bool(false)), (b"null", Json::Null)] {
                    if self.bytes.get(self.at..).is_some_and(|rest| rest.starts_with(word)) {
                        self.at += word.len();
                        return Ok(value);
                    }
                }
                Err(JsonError::Invalid)
            }
        }
    }

    /// RFC 8259 §6 `number`; its text and whether it is an integer (no fraction or exponent).
    fn number_text(&mut self) -> Parsed<(&'a str, bool)> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.at += 1;
            }
            p.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(JsonError::Invalid),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if digits(self) == 0 {
                return Err(JsonError::Invalid);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(JsonError::Invalid);
            }
        }
        let text = self.bytes.get(start..self.at).and_then(|b| std::str::from_utf8(b).ok()).ok_or(JsonError::Invalid)?;
        Ok((text, integer))
    }

    /// RFC 8259 §7 `string`, borrowed from the input when it holds no escape.
    fn string(&mut self) -> Parsed<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return Err(JsonError::Invalid);
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek() {
                Some(b'"') => {
                    let raw = self.bytes.get(start..self.at).ok_or(JsonError::Invalid)?;
                    self.at += 1;
                    return std::str::from_utf8(raw).map(Cow::Borrowed).map_err(|_| JsonError::Invalid);
                }
                Some(b'\\') => break,
                Some(0x00..=0x1F) | None => return Err(JsonError::Invalid),
                Some(_) => self.at += 1,
            }
        }
        // Escapes: copy what came before, then decode the rest.
        let mut out: Vec<u8> = self.bytes.get(start..self.at).ok_or(JsonError::Invalid)?.to_vec();
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return String::from_utf8(out).map(Cow::Owned).map_err(|_| JsonError::Invalid);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek().ok_or(JsonError::Invalid)?;
                    self.at += 1;
                    let simple = match escaped {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0C,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(JsonError::Invalid),
                    };
                    out.push(simple);
                }
                Some(0x00..=0x1F) | None => return Err(JsonError::Invalid),
                Some(b) => {
                    out.push(b);
                    self.at += 1;
                }
            }
        }
    }

    /// The character of `\uXXXX` (after `\u`), a surrogate pair taken whole; a lone surrogate is an error.
    fn unicode_escape(&mut self) -> Parsed<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(JsonError::Invalid);
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(JsonError::Invalid);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(JsonError::Invalid),
            other => other,
        };
        char::from_u32(code).ok_or(JsonError::Invalid)
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or(JsonError::Invalid)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + char::from(d).to_digit(16).ok_or(JsonError::Invalid)?;
        }
        self.at += 4;
        Ok(value)
    }
}

/// A number's text as a finite double (I-JSON §2.2: nothing that overflows).
fn finite(text: &str) -> Parsed<f64> {
    text.parse::<f64>().ok().filter(|f| f.is_finite()).ok_or(JsonError::Invalid)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn members_in_order_with_types() {
        let m = parse_object(br#" {"a":1,"b":"x","c":["p","q"],"d":[1],"e":{"f":null},"g":true} "#).unwrap();
        let names: Vec<&str> = m.iter().map(|(n, _)| n.as_ref()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "g"]);
        assert_eq!(m[0].1, Json::Number(1.0));
        assert_eq!(m[1].1.as_str(), Some("x"));
        assert_eq!(m[2].1, Json::Strings(vec!["p".into(), "q".into()]));
        assert_eq!(m[3].1, Json::Other);
        assert_eq!(m[4].1, Json::Other);
        assert_eq!(m[5].1, Json::Bool(true));
    }

    #[test]
    fn duplicates_rejected_at_any_depth_and_after_escapes() {
        assert_eq!(parse_object(br#"{"a":1,"a":2}"#), Err(JsonError::Duplicate));
        assert_eq!(parse_object(br#"{"a":1,"\u0061":2}"#), Err(JsonError::Duplicate));
        assert_eq!(parse_object(br#"{"x":{"a":1,"a":2}}"#), Err(JsonError::Duplicate));
        assert_eq!(parse_object(br#"{"x":[{"a":1,"a":2}]}"#), Err(JsonError::Duplicate));
        let many: String = (0..40).map(|i| format!("\"k{i}\":0,")).collect();
        assert_eq!(parse_object(format!("{{{many}\"k39\":1}}").as_bytes()), Err(JsonError::Duplicate));
        assert!(parse_object(format!("{{{many}\"k40\":1}}").as_bytes()).is_ok());
    }

    #[test]
    fn non_objects_and_garbage_rejected() {
        for v in [&b"[]"[..], b"1", b"\"s\"", b"null", b"true"] {
            assert_eq!(parse_object(v), Err(JsonError::NotObject), "{v:?}");
        }
        for v in [&b""[..], b"{", b"{}x", b"{} {}", b"\xef\xbb\xbf{}", b"{\"a\":\"\xff\"}", b"{'a':1}", b"{\"a\":1,}"] {
            assert_eq!(parse_object(v), Err(JsonError::Invalid), "{v:?}");
        }
    }

    #[test]
    fn lone_surrogates_and_overflow_rejected_pairs_kept() {
        assert_eq!(parse_object(br#"{"a":"\ud800"}"#), Err(JsonError::Invalid));
        assert_eq!(parse_object(br#"{"a":1e400}"#), Err(JsonError::Invalid));
        let m = parse_object(br#"{"a":"\ud83d\ude00 caf\u00e9"}"#).unwrap();
        assert_eq!(m[0].1.as_str(), Some("\u{1F600} caf\u{e9}"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(parse_object(deep.as_bytes()), Err(JsonError::Invalid));
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1e+", "--1", "0x10", "Infinity", "NaN", "1.5.2"] {
            assert_eq!(parse_value(bad.as_bytes()), Err(JsonError::Invalid), "{bad}");
        }
        assert_eq!(parse_value(b"18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(parse_value(b"-9007199254740993").unwrap().as_i64(), Some(-9_007_199_254_740_993));
        assert_eq!(parse_value(b"18446744073709551616").unwrap().as_f64(), Some(18_446_744_073_709_551_616.0));
        assert_eq!(parse_value(b"1.5e3").unwrap().as_f64(), Some(1500.0));
        assert_eq!(parse_value(b"5").unwrap().as_u64(), Some(5), "an integer literal stays an integer");
        assert_eq!(parse_value(b"5.0").unwrap().as_u64(), None, "as JSON.stringify never writes it");
        let m = parse_object(br#"{"a":0.1,"b":-0,"c":1e-400,"d":9007199254740993}"#).unwrap();
        assert_eq!(m[0].1, Json::Number(0.1));
        assert_eq!(m[2].1, Json::Number(0.0), "underflow rounds to zero, as JSON.parse");
        assert_eq!(m[3].1, Json::Number(9_007_199_254_740_992.0));
    }

    #[test]
    fn strings_escapes_and_control_characters() {
        let v = parse_value(br#""a\"b\\c\/d\b\f\n\r\t\u0041""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\tA"));
        for bad in [&b"\"a\nb\""[..], b"\"\t\"", b"\"\\x\"", b"\"\\u12\"", b"\"\\udc00\"", b"\"\\ud800\\u0041\"", b"\"abc"] {
            assert_eq!(parse_value(bad), Err(JsonError::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn values_in_document_shape() {
        let v = parse_value(br#" {"k":[1,"x",{"n":null}],"t":true,"f":false} "#).unwrap();
        assert_eq!(v, serde_json::json!({"k":[1,"x",{"n":null}],"t":true,"f":false}));
        assert_eq!(parse_value(br#"[{"a":1},{"a":2}]"#).map(|v| v.as_array().map(Vec::len)), Ok(Some(2)));
        assert_eq!(parse_value(br#"[{"a":1,"a":2}]"#), Err(JsonError::Duplicate));
        assert_eq!(parse_value(b"[1,]"), Err(JsonError::Invalid));
        assert_eq!(parse_value(b"{\"a\" 1}"), Err(JsonError::Invalid));
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let nested = |n: usize| format!("{{\"a\":{}{}}}", "[".repeat(n - 1), "]".repeat(n - 1));
        assert!(parse_object(nested(MAX_DEPTH).as_bytes()).is_ok());
        assert_eq!(parse_object(nested(MAX_DEPTH + 1).as_bytes()), Err(JsonError::Invalid));
        assert!(parse_value(nested(MAX_DEPTH).as_bytes()).is_ok());
        assert_eq!(parse_value(nested(MAX_DEPTH + 1).as_bytes()), Err(JsonError::Invalid));
    }
}
