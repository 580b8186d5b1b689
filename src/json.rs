//! Strict JSON for token segments: I-JSON (RFC 7493) objects. Member names
//! must be unique at every depth (§2.3), strings must be valid Unicode with no
//! lone surrogates (§2.1), numbers must fit an IEEE double (§2.2), and nothing
//! may follow the value. `serde_json` parses; this module adds the checks that
//! a last-wins parser such as `JSON.parse` silently skips.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

const DUPLICATE: &str = "duplicate member name";

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

/// Why a segment is not acceptable JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    Duplicate,
    NotObject,
    Invalid,
}

/// Parses `bytes` as one I-JSON object and returns its members.
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Members<'_>, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let members = de.deserialize_any(ObjectVisitor).map_err(classify)?;
    de.end().map_err(|_| JsonError::Invalid)?;
    members.ok_or(JsonError::NotObject)
}

fn classify(err: serde_json::Error) -> JsonError {
    if err.to_string().starts_with(DUPLICATE) {
        JsonError::Duplicate
    } else {
        JsonError::Invalid
    }
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

/// Top level: `Some(members)` for an object, `None` for any other JSON value.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Option<Members<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut names = MemberNames::default();
        let mut members = Vec::new();
        while let Some(Name(name)) = map.next_key()? {
            if !names.insert(name.clone()) {
                return Err(de::Error::custom(DUPLICATE));
            }
            members.push((name, map.next_value_seed(ValueSeed)?));
        }
        Ok(Some(members))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ValueSeed.visit_seq(seq).map(|_| None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A member name, borrowed from the input when it holds no escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Name<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Name(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Name(Cow::Owned(v.to_owned())))
    }
}

/// Any JSON value, checked for duplicates at every depth.
#[derive(Clone, Copy)]
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(v as f64))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Json::Number(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut strings = Some(Vec::new());
        while let Some(item) = seq.next_element_seed(self)? {
            match (&mut strings, item) {
                (Some(list), Json::String(s)) => list.push(s),
                _ => strings = None,
            }
        }
        Ok(strings.map_or(Json::Other, Json::Strings))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut names = MemberNames::default();
        while let Some(Name(name)) = map.next_key()? {
            if !names.insert(name) {
                return Err(de::Error::custom(DUPLICATE));
            }
            map.next_value_seed(self)?;
        }
        Ok(Json::Other)
    }
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
}
