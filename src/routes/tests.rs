#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::*;

fn route(method: Option<&str>, path: &str) -> RawRoute {
    RawRoute { method: method.map(str::to_owned), path: path.to_owned(), ..RawRoute::default() }
}

fn scoped(method: &str, path: &str, scopes: &[&str]) -> RawRoute {
    RawRoute { scopes: Some(scopes.iter().map(|s| (*s).to_owned()).collect()), ..route(Some(method), path) }
}

fn public(path: &str) -> RawRoute {
    RawRoute { public: Some(true), ..route(None, path) }
}

fn booking_table() -> RouteTable {
    RouteTable::compile(&[
        scoped("GET", "/bookings", &["bookings:read"]),
        scoped("GET", "/bookings/:id", &["bookings:read"]),
        scoped("POST", "/bookings", &["bookings:write"]),
        scoped("DELETE", "/bookings/:id", &["bookings:write", "bookings:admin"]),
        RawRoute { method: Some("GET".into()), ..public("/health") },
        public("/static/*"),
    ])
    .unwrap()
}

fn config_err(routes: &[RawRoute]) -> ConfigError {
    RouteTable::compile(routes).unwrap_err()
}

/// `routes` JSON read as config reads it.
fn raw_routes(json: &str) -> Result<Vec<RawRoute>, ConfigError> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    crate::config::read::each("routes", value.as_array().unwrap(), RawRoute::from_value)
}

#[test]
fn reads_camel_case_and_refuses_unknown_fields() {
    let raw =
        raw_routes(r#"[{"method":"GET","path":"/a","scopes":["x"],"anyScopes":["y","z"]},{"path":"/h","public":true}]"#)
            .unwrap();
    let table = RouteTable::compile(&raw).unwrap();
    assert_eq!(table.len(), 2);
    assert_eq!(table.routes()[0].any_scopes(), ["y", "z"]);
    assert!(table.routes()[1].is_public());
    let refused = |json: &str| raw_routes(json).unwrap_err().to_string();
    assert_eq!(refused(r#"[{"path":"/a"},{"path":"/a","scope":["x"]}]"#), "routes[1].scope: unknown config field");
    assert_eq!(refused(r#"[{"path":"/a","any_scopes":["x"]}]"#), "routes[0].any_scopes: unknown config field");
    assert!(refused(r#"[{"method":"GET"}]"#).starts_with("routes[0].path: "));
    assert!(refused(r#"[{"path":"/a","scopes":"x"}]"#).starts_with("routes[0].scopes: "));
    assert!(refused(r#"[{"path":"/a","scopes":["x",1]}]"#).starts_with("routes[0].scopes[1]: "));
    assert!(refused(r#"[{"path":"/a","public":"yes"}]"#).starts_with("routes[0].public: "));
    assert!(refused(r#"["/a"]"#).starts_with("routes[0]: "));
}

#[test]
fn first_match_wins_and_methods_filter() {
    let t = booking_table();
    assert_eq!(t.find("GET", "/bookings").unwrap().index(), 0);
    assert_eq!(t.find("POST", "/bookings").unwrap().index(), 2);
    assert_eq!(t.find("GET", "/bookings/42").unwrap().index(), 1);
    assert_eq!(t.find("DELETE", "/bookings/42").unwrap().index(), 3);
    assert!(t.find("PUT", "/bookings/42").is_none());
    assert!(t.find("PATCH", "/bookings").is_none());
    let shadow = RouteTable::compile(&[route(None, "/a/:x"), scoped("GET", "/a/b", &["s"])]).unwrap();
    assert_eq!(shadow.find("GET", "/a/b").unwrap().index(), 0);
}

#[test]
fn head_matches_get_routes_but_not_others() {
    let t = booking_table();
    assert_eq!(t.find("HEAD", "/bookings/1").unwrap().index(), 1);
    assert!(t.find("HEAD", "/health").unwrap().is_public());
    let post_only = RouteTable::compile(&[route(Some("POST"), "/x")]).unwrap();
    assert!(post_only.find("HEAD", "/x").is_none());
}

#[test]
fn methods_are_upper_cased_in_config_and_exact_in_requests() {
    let t = RouteTable::compile(&[route(Some("get"), "/a"), route(Some("*"), "/b")]).unwrap();
    assert_eq!(t.routes()[0].method(), Some("GET"));
    assert_eq!(t.routes()[1].method(), None);
    assert!(t.find("GET", "/a").is_some());
    assert!(t.find("get", "/a").is_none(), "request methods are case-sensitive (RFC 9110 §9.1)");
    assert!(t.find("PROPFIND", "/b").is_some());
}

#[test]
fn params_and_wildcards_capture_raw_values() {
    let t = booking_table();
    let m = t.resolve("GET", "/bookings/a%20b?x=1").unwrap();
    assert_eq!(m.params, vec![("id", "a%20b")]);
    let s = t.resolve("GET", "/static/css/site.css").unwrap();
    assert_eq!(s.params, vec![("*", "css/site.css")]);
    assert_eq!(t.resolve("GET", "/static/").unwrap().params, vec![("*", "")]);
    assert_eq!(t.resolve("GET", "/static").unwrap_err(), Error::NotFound);
    assert_eq!(t.resolve("GET", "/bookings/").unwrap_err(), Error::NotFound, "empty param");
    assert_eq!(t.resolve("GET", "/bookings/1/2").unwrap_err(), Error::NotFound);
    let multi = RouteTable::compile(&[route(None, "/a/:x/b/:y")]).unwrap();
    assert_eq!(multi.resolve("GET", "/a/1/b/2").unwrap().params, vec![("x", "1"), ("y", "2")]);
    let root = RouteTable::compile(&[route(None, "/*")]).unwrap();
    assert_eq!(root.resolve("GET", "/").unwrap().params, vec![("*", "")]);
    assert_eq!(root.resolve("GET", "/a/b").unwrap().params, vec![("*", "a/b")]);
}

#[test]
fn literals_compare_raw_and_case_sensitive() {
    let t = booking_table();
    assert!(t.find("GET", "/Bookings").is_none());
    assert!(t.find("GET", "/book%69ngs").is_none());
    assert!(t.find("GET", "/bookings/").is_none(), "a trailing slash is a different path");
    let slash = RouteTable::compile(&[route(None, "/"), route(None, "/dir/")]).unwrap();
    assert_eq!(slash.find("GET", "/").unwrap().index(), 0);
    assert_eq!(slash.find("GET", "/dir/").unwrap().index(), 1);
    assert!(slash.find("GET", "/dir").is_none());
}

#[test]
fn query_and_fragment_are_ignored() {
    let t = booking_table();
    assert_eq!(t.find("GET", "/health?probe=/bookings").unwrap().index(), 4);
    assert_eq!(t.find("GET", "/health#x").unwrap().index(), 4);
}

#[test]
fn ambiguous_request_paths_are_refused_not_normalised() {
    let t = booking_table();
    for p in [
        "/health/../bookings",
        "/health/%2e%2e/bookings",
        "/health/.%2E/bookings",
        "/static/../bookings",
        "/static/./x",
        "/static/%2e/x",
        "/static/..",
        "/bookings//1",
        "//bookings",
        "/static/a%2fb",
        "/static/a%5Cb",
        "/static/a\\b",
        "/static/%00",
        "/static/%zz",
        "/static/%4",
        "/static/a b",
        "/static/\u{e9}",
        "bookings",
        "",
        "?x",
    ] {
        let err = t.resolve("GET", p).unwrap_err();
        assert_eq!(err.code(), "invalid_request", "{p:?}");
        assert!(t.find("GET", p).is_none(), "{p:?}");
    }
    // Names that merely contain dots are fine.
    assert!(t.find("GET", "/static/...").is_some());
    assert!(t.find("GET", "/static/.well-known/x").is_some());
    assert!(t.find("GET", "/static/a..b").is_some());
}

#[test]
fn error_messages_never_echo_the_path() {
    let t = booking_table();
    let err = t.resolve("GET", "/static/secret-token-abc/../x").unwrap_err();
    assert!(!err.to_string().contains("secret-token-abc"));
}

#[test]
fn missing_scopes_all_and_any() {
    let t = RouteTable::compile(&[RawRoute {
        scopes: Some(vec!["a".into(), "b".into()]),
        any_scopes: Some(vec!["x".into(), "y".into()]),
        ..route(None, "/r")
    }])
    .unwrap();
    let p = t.find("GET", "/r").unwrap();
    assert!(p.missing_scopes(&["a", "b", "y"]).is_empty());
    assert_eq!(p.missing_scopes(&["a", "x"]), ["b"]);
    assert_eq!(p.missing_scopes(&["a", "b"]), ["x", "y"]);
    assert_eq!(p.missing_scopes::<&str>(&[]), ["a", "b", "x", "y"]);
    let open = RouteTable::compile(&[route(None, "/o")]).unwrap();
    assert!(open.routes()[0].missing_scopes::<&str>(&[]).is_empty());
}

#[test]
fn config_errors_name_the_field() {
    let cases: Vec<(Vec<RawRoute>, &str, &str)> = vec![
        (vec![route(None, "bookings")], "routes[0].path", "start with '/'"),
        (vec![route(None, "/a"), route(None, "/a//b")], "routes[1].path", "empty segment"),
        (vec![route(None, "/a/../b")], "routes[0].path", "\"..\""),
        (vec![route(None, "/a/*/b")], "routes[0].path", "last segment"),
        (vec![route(None, "/a*")], "routes[0].path", "whole segment"),
        (vec![route(None, "/a/:")], "routes[0].path", "parameter"),
        (vec![route(None, "/a/:1x")], "routes[0].path", "parameter"),
        (vec![route(None, "/a/:id/:id")], "routes[0].path", "repeats the parameter"),
        (vec![route(None, "/a%20b")], "routes[0].path", "no '%'"),
        (vec![route(None, "/a?b")], "routes[0].path", "no '%'"),
        (vec![route(Some("GE T"), "/a")], "routes[0].method", "HTTP method"),
        (vec![route(Some(""), "/a")], "routes[0].method", "empty"),
        (vec![scoped("GET", "/a", &["ok", ""])], "routes[0].scopes[1]", "empty"),
        (vec![scoped("GET", "/a", &["has space"])], "routes[0].scopes[0]", "RFC 6749"),
        (vec![scoped("GET", "/a", &["quo\"te"])], "routes[0].scopes[0]", "RFC 6749"),
        (vec![scoped("GET", "/a", &["x", "x"])], "routes[0].scopes[1]", "repeats"),
        (vec![RawRoute { any_scopes: Some(vec![]), ..route(None, "/a") }], "routes[0].anyScopes", "at least one"),
        (vec![RawRoute { scopes: Some(vec!["s".into()]), ..public("/a") }], "routes[0].scopes", "public"),
        (vec![RawRoute { any_scopes: Some(vec!["s".into()]), ..public("/a") }], "routes[0].anyScopes", "public"),
        (vec![route(Some("GET"), "/a/:x"), route(Some("get"), "/a/:y")], "routes[1]", "repeats routes[0]"),
    ];
    for (routes, path, needle) in cases {
        let err = config_err(&routes);
        assert_eq!(err.path, path, "{err}");
        assert!(err.message.contains(needle), "{err}");
    }
}

#[test]
fn too_many_routes_and_long_patterns_are_refused() {
    let many: Vec<RawRoute> = (0..=MAX_ROUTES).map(|i| route(None, &format!("/r{i}"))).collect();
    assert_eq!(config_err(&many).path, "routes");
    let long = format!("/{}", "a".repeat(3000));
    assert_eq!(config_err(&[route(None, &long)]).path, "routes[0].path");
}

#[test]
fn same_pattern_with_other_method_is_not_a_duplicate() {
    let t = RouteTable::compile(&[route(Some("GET"), "/a"), route(Some("POST"), "/a"), route(None, "/a")]).unwrap();
    assert_eq!(t.len(), 3);
    assert_eq!(t.find("PUT", "/a").unwrap().index(), 2);
}

#[test]
fn empty_table_matches_nothing() {
    let t = RouteTable::compile(&[]).unwrap();
    assert!(t.is_empty());
    assert_eq!(t.resolve("GET", "/").unwrap_err(), Error::NotFound);
}
