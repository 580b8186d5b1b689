#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::*;

fn canonical(url: &str) -> String {
    RequestTarget::parse(url).unwrap_or_else(|e| panic!("{url:?}: {e}")).as_str().to_owned()
}

fn refused(url: &str) -> &'static str {
    match RequestTarget::parse(url) {
        Err(Error::InvalidRequest(why)) => why,
        other => panic!("{url:?} was not refused: {other:?}"),
    }
}

#[test]
fn origin_form_and_absolute_urls_give_the_same_target() {
    for url in ["/bookings/1?x=1", "https://edge.example/bookings/1?x=1", "HTTP://edge.example:8787/bookings/1?x=1", "http://u@h/bookings/1?x=1"] {
        let t = RequestTarget::parse(url).unwrap();
        assert_eq!((t.path(), t.query(), t.as_str()), ("/bookings/1", "?x=1", "/bookings/1?x=1"), "{url}");
    }
    assert_eq!(canonical("https://edge.example"), "/");
    assert_eq!(canonical("https://edge.example?q"), "/?q");
    for url in ["https://edge.example#f", "/a#", "/a?q#f", "/a#/b"] {
        assert_eq!(refused(url), "request url holds a fragment ('#'), which no request line carries", "{url}");
    }
    assert_eq!(canonical("/a?"), "/a?", "an empty query is kept as sent");
    assert_eq!(RequestTarget::parse("/a").unwrap().query(), "");
}

#[test]
fn rfc_3986_normal_form() {
    // §6.2.2.2: unreserved characters decoded; §6.2.2.1: hex upper-cased.
    assert_eq!(canonical("/%62ookings/%31"), "/bookings/1");
    assert_eq!(canonical("/a%7e%2D%5f%2E%41z"), "/a~-_.Az");
    assert_eq!(canonical("/a%3a%40%2b%20%c3%bc"), "/a%3A%40%2B%20%C3%BC");
    assert_eq!(canonical("/a:b@c!$&'()*+,="), "/a:b@c!$&'()*+,=");
    assert_eq!(canonical("/q?a=%7e&b=%2f&c=%25&d=/?x"), "/q?a=~&b=%2F&c=%25&d=/?x");
    // Characters RFC 3986 does not allow raw are percent-encoded, as WHATWG URL would.
    assert_eq!(canonical("/a|b^c[d]{e}`f\"<>"), "/a%7Cb%5Ec%5Bd%5D%7Be%7D%60f%22%3C%3E");
    assert_eq!(canonical("/a?q='|\\^\"<>"), "/a?q=%27%7C%5C%5E%22%3C%3E");
    // Idempotent: the canonical form reads back as itself.
    for url in ["/%62ookings/%31", "/a%3a%40%2b%20%c3%bc", "/a|b", "/q?a=%7e&c=%25&q='"] {
        let once = canonical(url);
        assert_eq!(canonical(&once), once, "{url}");
    }
}

#[test]
fn backslashes_are_refused_wherever_whatwg_would_read_a_slash() {
    for url in ["http://edge.example\\bookings\\1", "http://h\\", "/static/..\\bookings", "/a\\b", "\\\\edge\\bookings", "/a%5cb", "/a%5Cb"] {
        let why = refused(url);
        assert!(why.contains("backslash") || why.contains("'\\'") || why.contains("http(s) url"), "{url}: {why}");
    }
}

#[test]
fn what_backends_read_differently_is_refused() {
    for (url, needle) in [
        ("/a/../b", "dot segment"),
        ("/a/./b", "dot segment"),
        ("/a/%2e%2E/b", "dot segment"),
        ("/a/.%2e/b", "dot segment"),
        ("/a/%2E", "dot segment"),
        ("/a/..", "dot segment"),
        ("/a/..;/b", "';'"),
        ("/a;jsessionid=1/b", "';'"),
        ("/a%3bb", "';'"),
        ("/a%3Fb", "'?'"),
        ("/a%23b", "'#'"),
        ("/a%2fb", "'/'"),
        ("/a/%252e%252e/b", "%25"),
        ("/a%25", "%25"),
        ("/a/%c0%ae%c0%ae/b", "utf-8"),
        ("/a/%e0%80%ae/b", "utf-8"),
        ("/a/%ff", "utf-8"),
        ("/a/%ef%bc%8e%ef%bc%8e/b", "unicode"),
        ("/a%ef%bc%8fb", "unicode"),
        ("/a/%e2%80%a5/b", "unicode"),
        ("/a/%00", "control"),
        ("/a/%0d%0a", "control"),
        ("/a/%7F", "control"),
        ("/a//b", "empty segment"),
        ("//a", "empty segment"),
        ("/a%zz", "percent-encoding"),
        ("/a%4", "percent-encoding"),
        ("/a?b=%g0", "percent-encoding"),
        ("/a b", "space"),
        ("/a\tb", "control"),
        ("/a\u{e9}", "non-ascii"),
        ("/a?q=\u{e9}", "non-ascii"),
        ("a/b", "absolute http(s) url"),
        ("", "absolute http(s) url"),
        ("ftp://h/a", "absolute http(s) url"),
        ("http:/a", "absolute http(s) url"),
        ("javascript://h/a", "absolute http(s) url"),
    ] {
        let why = refused(url);
        assert!(why.contains(needle), "{url:?}: {why}");
    }
    let long = format!("/{}", "a".repeat(MAX_TARGET_LEN));
    assert!(refused(&long).contains("longer"));
    assert_eq!(canonical(&format!("/{}", "a".repeat(MAX_TARGET_LEN - 1))).len(), MAX_TARGET_LEN);
}

#[test]
fn dots_inside_names_and_in_the_query_are_data() {
    for url in ["/a/.../b", "/a/.well-known", "/a/b..c", "/a/%2e%2e%2e", "/a?x=../..", "/a?x=%2e%2e%2f"] {
        RequestTarget::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    }
    assert_eq!(canonical("/a?x=%2e%2e%2f"), "/a?x=..%2F");
}

#[test]
fn a_trailing_slash_is_kept_as_sent() {
    assert_eq!(canonical("/bookings/"), "/bookings/");
    assert_eq!(canonical("/"), "/");
}

#[test]
fn refusals_never_echo_the_url() {
    let secret = "tok_live_9f8e7d6c5b4a";
    for url in [format!("/{secret}/../x"), format!("/{secret}%2f"), format!("/{secret} x")] {
        assert!(!refused(&url).contains(secret));
    }
}
