//! Reading config objects member by member from a parsed JSON value, so that
//! every error names the exact field (`routes[2].scopes[0]`). Written by hand
//! instead of derived: the derived deserializers with path tracking were a
//! third of the `.wasm` for code that runs once per config.
//!
//! Paths are relative to the object being read; callers nest them with
//! [`ConfigError::under`]. An absent member and `null` both mean "not given".
//! The readers are `#[inline(never)]`: config is read once, so one copy of
//! each beats a copy per field (the release profile is tuned for the hot path).

use serde_json::{Map, Value};

use crate::error::ConfigError;

/// Parses config text (at `path`). Like token segments, config is I-JSON
/// (RFC 7493 §2.3, [`crate::json`]): a member name repeated in any object is
/// refused rather than resolved last-wins.
///
/// # Errors
/// [`ConfigError`] at `path` for text that is not JSON or repeats a name.
#[inline(never)]
pub(crate) fn parse(text: &str, path: &str) -> Result<Value, ConfigError> {
    use crate::json::{parse_value, JsonError};
    parse_value(text.as_bytes()).map_err(|e| match e {
        JsonError::Duplicate => ConfigError::new(path, "repeats a member name in one object"),
        JsonError::Invalid | JsonError::NotObject => ConfigError::new(path, "is not valid JSON"),
    })
}

/// A config object whose members are all among `known`.
pub(crate) struct Object<'a> {
    members: &'a Map<String, Value>,
}

impl<'a> Object<'a> {
    /// `value` as an object; `what` completes "expected …" when it is not one.
    /// Members not in `known` are refused as `<name>: unknown config field`
    /// (when `known` is `None`, every member is allowed).
    ///
    /// # Errors
    /// [`ConfigError`] at the object itself or at the unknown member.
    #[inline(never)]
    pub(crate) fn new(value: &'a Value, what: &str, known: Option<&[&str]>) -> Result<Self, ConfigError> {
        let Value::Object(members) = value else {
            return Err(ConfigError::new("", format!("wrong type or value, expected {what}")));
        };
        if let Some(known) = known {
            if let Some(name) = members.keys().find(|name| !known.contains(&name.as_str())) {
                return Err(ConfigError::new(name.as_str(), "unknown config field"));
            }
        }
        Ok(Self { members })
    }

    /// The member's value; `None` when absent or `null`.
    #[inline(never)]
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.members.get(name).filter(|v| !v.is_null())
    }

    /// An optional string member.
    #[inline(never)]
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, ConfigError> {
        self.get(name).map(|v| string_at(v, name)).transpose()
    }

    /// A string member that must be given.
    #[inline(never)]
    pub(crate) fn required_string(&self, name: &str) -> Result<String, ConfigError> {
        self.string(name)?.ok_or_else(|| ConfigError::new(name, "is required (a string)"))
    }

    /// An optional array of strings.
    #[inline(never)]
    pub(crate) fn strings(&self, name: &str) -> Result<Option<Vec<String>>, ConfigError> {
        let Some(value) = self.get(name) else { return Ok(None) };
        let Value::Array(items) = value else {
            return Err(ConfigError::new(name, "must be an array of strings"));
        };
        let read = |(i, item): (usize, &Value)| string_at(item, &format!("{name}[{i}]"));
        items.iter().enumerate().map(read).collect::<Result<_, _>>().map(Some)
    }

    /// An optional boolean.
    #[inline(never)]
    pub(crate) fn bool(&self, name: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(ConfigError::new(name, "must be true or false")),
        }
    }

    /// An optional number.
    #[inline(never)]
    pub(crate) fn number(&self, name: &str) -> Result<Option<f64>, ConfigError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| ConfigError::new(name, "must be a number")),
        }
    }

    /// An optional whole number from 0 to `u32::MAX`.
    #[inline(never)]
    pub(crate) fn u32(&self, name: &str) -> Result<Option<u32>, ConfigError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| ConfigError::new(name, "must be a whole number")),
        }
    }

    /// An optional object, its members unchecked.
    #[inline(never)]
    pub(crate) fn map(&self, name: &str) -> Result<Option<&'a Map<String, Value>>, ConfigError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(_) => Err(ConfigError::new(name, "must be an object")),
        }
    }

    /// An optional array, its items unchecked.
    #[inline(never)]
    pub(crate) fn array(&self, name: &str) -> Result<Option<&'a [Value]>, ConfigError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(ConfigError::new(name, "must be an array")),
        }
    }
}

/// A config value quoted in an error message: its first `max` characters,
/// anything but visible ASCII (and `"`, `\`) shown as `?`.
#[inline(never)]
pub(crate) fn shown(value: &str, max: usize) -> String {
    value.chars().take(max).map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '?' }).collect()
}

fn string_at(value: &Value, path: &str) -> Result<String, ConfigError> {
    value.as_str().map(str::to_owned).ok_or_else(|| ConfigError::new(path, "must be a string"))
}

/// Reads every item of an array with `read`, nesting errors under `name[i]`.
///
/// # Errors
/// The first item's error, under its index.
#[inline(never)]
pub(crate) fn each<T>(
    name: &str,
    items: &[Value],
    read: impl Fn(&Value) -> Result<T, ConfigError>,
) -> Result<Vec<T>, ConfigError> {
    items.iter().enumerate().map(|(i, item)| read(item).map_err(|e| e.under(&format!("{name}[{i}]")))).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_name_the_member() {
        let v = json!({"a": "x", "n": 5, "list": ["p", 3], "flag": "yes", "nil": null});
        let o = Object::new(&v, "an object", Some(&["a", "n", "list", "flag", "nil"])).unwrap();
        assert_eq!(o.string("a").unwrap().as_deref(), Some("x"));
        assert_eq!(o.string("n").unwrap_err().path, "n");
        assert_eq!(o.strings("list").unwrap_err().path, "list[1]");
        assert_eq!(o.bool("flag").unwrap_err().path, "flag");
        assert_eq!(o.number("nil").unwrap(), None);
        assert_eq!(o.u32("n").unwrap(), Some(5));
        assert_eq!(o.required_string("missing").unwrap_err().path, "missing");
        let unknown = Object::new(&v, "an object", Some(&["a"])).err().unwrap();
        assert_eq!(unknown.to_string(), "flag: unknown config field");
        assert_eq!(Object::new(&json!([]), "a route object", None).err().unwrap().to_string(), "wrong type or value, expected a route object");
    }

    #[test]
    fn whole_numbers_only_for_u32() {
        let v = json!({"a": 1.5, "b": -1, "c": 4_294_967_296_u64});
        let o = Object::new(&v, "", None).unwrap();
        for name in ["a", "b", "c"] {
            assert_eq!(o.u32(name).unwrap_err().path, name);
        }
    }

    #[test]
    fn parse_refuses_repeated_names_at_any_depth() {
        assert!(parse(r#"[{"a":1}]"#, "apiKeys").is_ok());
        assert_eq!(parse(r#"[{"a":1,"a":2}]"#, "apiKeys").unwrap_err().to_string(), "apiKeys: repeats a member name in one object");
        assert_eq!(parse(r#"{"k":{"x":{"b":1,"b":1}}}"#, "").unwrap_err().path, "");
        assert_eq!(parse("{", "keys").unwrap_err().to_string(), "keys: is not valid JSON");
    }

    #[test]
    fn shown_keeps_visible_ascii_only() {
        assert_eq!(shown("a\"b\\c\u{e9}\n:d", 40), "a?b?c??:d");
        assert_eq!(shown("abcdef", 3), "abc");
    }

    #[test]
    fn each_nests_the_index() {
        let items = [json!("a"), json!(2)];
        let err = each("scopes", &items, |v| string_at(v, "")).unwrap_err();
        assert_eq!(err.path, "scopes[1]");
    }
}
