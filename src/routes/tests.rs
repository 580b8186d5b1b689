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

/// The matched route's index and params, as `authorize` resolves a request.
fn resolve(t: &RouteTable, method: &str, url: &str) -> Result<(usize, Vec<(String, String)>), Error> {
    let target = RequestTarget::parse(url)?;
    let m = t.resolve(&canonical_method(method)?, &target)?;
    Ok((m.policy.index(), m.params.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()))
}

fn params(t: &RouteTable, url: &str) -> Vec<(String, String)> {
    resolve(t, "GET", url).unwrap().1
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn config_err(routes: &[RawRoute]) -> ConfigError {
    RouteTable::compile(routes).unwrap_err()
}

/// `routes` JSON read as config reads it.
fn raw_routes(json: &str) -> Result<Vec<RawRoute>, ConfigError> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    crate::read::each("routes", value.as_array().unwrap(), RawRoute::from_value)
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
fn methods_are_upper_cased_in_config_and_in_requests() {
    let t = RouteTable::compile(&[route(Some("get"), "/a"), route(Some("*"), "/b")]).unwrap();
    assert_eq!(t.routes()[0].method(), Some("GET"));
    assert_eq!(t.routes()[1].method(), None);
    assert!(t.find("GET", "/a").is_some());
    // fetch sends `delete` as DELETE: the guard must read it so too.
    assert!(t.find("get", "/a").is_some(), "request methods are upper-cased");
    assert!(t.find("PROPFIND", "/b").is_some());
    for bad in ["", "GE T", "GET\r\n", "G\u{e9}T"] {
        assert_eq!(resolve(&t, bad, "/a").unwrap_err().code(), "invalid_request", "{bad:?}");
    }
}

#[test]
fn params_and_wildcards_capture_canonical_values() {
    let t = booking_table();
    assert_eq!(params(&t, "/bookings/a%20b?x=1"), pairs(&[("id", "a%20b")]));
    assert_eq!(params(&t, "/bookings/%7e%41%3a"), pairs(&[("id", "~A%3A")]));
    assert_eq!(params(&t, "/static/css/site.css"), pairs(&[("*", "css/site.css")]));
    assert_eq!(params(&t, "/static/"), pairs(&[("*", "")]));
    assert_eq!(resolve(&t, "GET", "/static").unwrap_err(), Error::NotFound);
    assert_eq!(resolve(&t, "GET", "/bookings/1/2").unwrap_err(), Error::NotFound);
    let multi = RouteTable::compile(&[route(None, "/a/:x/b/:y")]).unwrap();
    assert_eq!(params(&multi, "/a/1/b/2"), pairs(&[("x", "1"), ("y", "2")]));
    let root = RouteTable::compile(&[route(None, "/*")]).unwrap();
    assert_eq!(params(&root, "/"), pairs(&[("*", "")]));
    assert_eq!(params(&root, "/a/b"), pairs(&[("*", "a/b")]));
    assert_eq!(params(&root, "https://edge.example/a/b?c"), pairs(&[("*", "a/b")]));
}

#[test]
fn variants_match_the_route_when_no_other_route_would() {
    let t = booking_table();
    for (url, index) in [
        ("/Bookings", 0),
        ("/BOOKINGS/1", 1),
        ("/bookings/", 0),
        ("/bookings/1/", 1),
        ("/BOOKINGS/1/", 1),
        ("/%62ookings/1", 1),
        ("/book%69ngs", 0),
        ("/HEALTH", 4),
    ] {
        assert_eq!(resolve(&t, "GET", url).map(|m| m.0), Ok(index), "{url}");
    }
    let slash = RouteTable::compile(&[route(None, "/"), route(None, "/dir/")]).unwrap();
    assert_eq!(slash.find("GET", "/").unwrap().index(), 0);
    assert_eq!(slash.find("GET", "/dir/").unwrap().index(), 1);
    assert_eq!(slash.find("GET", "/dir").unwrap().index(), 1, "the trailing slash read away on both sides");
}

#[test]
fn variants_that_a_broader_route_would_take_are_refused() {
    for fallback in [public("/*"), route(None, "/*"), route(None, "/:any/*")] {
        let t = RouteTable::compile(&[scoped("GET", "/bookings/:id", &["bookings:read"]), fallback]).unwrap();
        assert_eq!(resolve(&t, "GET", "/bookings/1").map(|m| m.0), Ok(0));
        for url in ["/BOOKINGS/1", "/Bookings/1", "/bookings/1/", "/Bookings/1/"] {
            assert_eq!(resolve(&t, "GET", url).unwrap_err().code(), "invalid_request", "{url}");
        }
        assert_eq!(resolve(&t, "GET", "/other/x").map(|m| m.0), Ok(1));
    }
    // Percent-encoding that only a decoding backend reads as the literal.
    let t = RouteTable::compile(&[scoped("GET", "/items/b@r", &["admin"]), public("/items/:id")]).unwrap();
    assert_eq!(resolve(&t, "GET", "/items/b%40r").unwrap_err().code(), "invalid_request");
    assert_eq!(resolve(&t, "GET", "/items/b@r").map(|m| m.0), Ok(0));
    assert_eq!(resolve(&t, "GET", "/items/b%41r").map(|m| m.0), Ok(1), "unreserved: decoded, no ambiguity");
    let t = RouteTable::compile(&[public("/items/:id"), scoped("GET", "/items/b@r", &["admin"])]).unwrap();
    assert_eq!(resolve(&t, "GET", "/items/b%40r").map(|m| m.0), Ok(0), "every reading takes the param route first");
}

#[test]
fn unicode_case_and_compatibility_variants_of_a_literal_are_not_taken_by_a_broader_route() {
    // Backends that decode the path and compare letters with Unicode case mapping or NFKC read
    // these as `bookings`: Java `equalsIgnoreCase` (Spring's case-insensitive matching; ı→I,
    // ſ→S, K (Kelvin)→k, İ→i), Python `casefold`/`lower`, NFKC (fullwidth ｂ→b, ﬁ→fi).
    for fallback in [public("/*"), route(None, "/*")] {
        let t = RouteTable::compile(&[scoped("GET", "/bookings/:id", &["bookings:read"]), fallback]).unwrap();
        for url in [
            "/book%C4%B1ngs/1",
            "/booking%C5%BF/1",
            "/boo%E2%84%AAings/1",
            "/%EF%BD%82ookings/1",
            "/%EF%BD%82%EF%BD%8F%EF%BD%8F%EF%BD%8B%EF%BD%89%EF%BD%8E%EF%BD%87%EF%BD%93/1",
            "/BOOK%C4%B1NGS/1",
        ] {
            assert_eq!(resolve(&t, "GET", url).unwrap_err().code(), "invalid_request", "{url}");
        }
        assert_eq!(resolve(&t, "GET", "/b%C3%BCcher/1").map(|m| m.0), Ok(1), "other non-ascii text is no variant");
    }
    let t = RouteTable::compile(&[scoped("GET", "/profile", &["admin"]), public("/:page")]).unwrap();
    assert_eq!(resolve(&t, "GET", "/pro%EF%AC%81le").unwrap_err().code(), "invalid_request", "the ligature ﬁ is fi");
    let t = RouteTable::compile(&[scoped("GET", "/items", &["admin"]), public("/:page")]).unwrap();
    assert_eq!(resolve(&t, "GET", "/%C4%B0tems").unwrap_err().code(), "invalid_request", "İ lower-cases to i");
    // With nothing broader, such a variant is the literal's route (its scopes apply).
    let t = RouteTable::compile(&[scoped("GET", "/bookings/:id", &["bookings:read"])]).unwrap();
    assert_eq!(resolve(&t, "GET", "/book%C4%B1ngs/1").map(|m| m.0), Ok(0));
}

#[test]
fn an_exact_route_matches_only_as_written() {
    let exact = RawRoute { exact: Some(true), ..scoped("GET", "/bookings/:id", &["bookings:read"]) };
    let t = RouteTable::compile(&[exact, public("/*")]).unwrap();
    assert!(t.routes()[0].is_exact());
    assert_eq!(resolve(&t, "GET", "/bookings/1").map(|m| m.0), Ok(0));
    assert_eq!(resolve(&t, "GET", "/BOOKINGS/1").map(|m| m.0), Ok(1), "the upstream routes exactly: another path");
    assert_eq!(resolve(&t, "GET", "/bookings/1/").map(|m| m.0), Ok(1));
    let raw = raw_routes(r#"[{"path":"/a","exact":true}]"#).unwrap();
    assert!(RouteTable::compile(&raw).unwrap().routes()[0].is_exact());
    assert!(raw_routes(r#"[{"path":"/a","exact":"yes"}]"#).unwrap_err().to_string().starts_with("routes[0].exact: "));
}

#[test]
fn the_query_is_ignored_and_a_fragment_refused() {
    let t = booking_table();
    assert_eq!(t.find("GET", "/health?probe=/bookings").unwrap().index(), 4);
    assert_eq!(resolve(&t, "GET", "/health#x").unwrap_err().code(), "invalid_request");
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
        "/static/..;/x",
        "/bookings;x/1",
        "/bookings//1",
        "//bookings",
        "/static/a%2fb",
        "/static/a%5Cb",
        "/static/a\\b",
        "/static/%00",
        "/static/%zz",
        "/static/%4",
        "/static/%252e%252e/x",
        "/static/%c0%ae%c0%ae/x",
        "/static/a b",
        "/static/\u{e9}",
        "bookings",
        "",
        "?x",
    ] {
        let err = resolve(&t, "GET", p).unwrap_err();
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
    let err = resolve(&t, "GET", "/static/secret-token-abc/../x").unwrap_err();
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
        (vec![route(Some("GET"), "/Admin"), route(Some("GET"), "/admin")], "routes[1]", "letter case"),
        (vec![route(None, "/a;b")], "routes[0].path", "no '%', ';'"),
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
    assert_eq!(resolve(&t, "GET", "/").unwrap_err(), Error::NotFound);
}
