#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use super::*;

fn bearer(v: &str) -> Result<&str, Error> {
    match parse_authorization(Some(v))? {
        Credential::Bearer(t) => Ok(t),
        Credential::Basic { .. } => panic!("expected bearer"),
    }
}

fn invalid(v: &str) -> &'static str {
    match parse_authorization(Some(v)) {
        Err(Error::InvalidRequest(why)) => why,
        other => panic!("{v:?}: expected invalid_request, got {other:?}"),
    }
}

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

#[test]
fn missing_or_blank_header_is_token_missing() {
    for v in [None, Some(""), Some("   "), Some("\t \t")] {
        assert_eq!(parse_authorization(v), Err(Error::TokenMissing), "{v:?}");
    }
    assert_eq!(Error::TokenMissing.status(), 401);
}

#[test]
fn bearer_scheme_is_case_insensitive() {
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        assert_eq!(bearer(&format!("{scheme} {JWT}")).unwrap(), JWT);
    }
}

#[test]
fn whitespace_only_where_http_allows_it() {
    assert_eq!(bearer(&format!("  Bearer {JWT}\t")).unwrap(), JWT, "OWS around the field value");
    assert_eq!(bearer(&format!("Bearer    {JWT}")).unwrap(), JWT, "1*SP after the scheme");
    assert_eq!(invalid(&format!("Bearer\t{JWT}")), "authorization header is malformed");
    assert_eq!(invalid(&format!("Bearer {JWT} extra")), "several credentials were sent");
    assert_eq!(invalid(&format!("Bearer {JWT}\tx")), "several credentials were sent");
}

#[test]
fn b64token_syntax_rfc6750() {
    for ok in ["abc", "a-b.c_d~e+f/g", "abc=", "abc==", "A1/+", "mF_9.B5f-4.1JqM"] {
        assert_eq!(bearer(&format!("Bearer {ok}")).unwrap(), ok);
    }
    for bad in ["=", "==abc", "ab=c", "a\"b", "a:b", "a@b", "tok\u{e9}n", "a;b", "a\\b", "a\u{0}b", "a%20b"] {
        invalid(&format!("Bearer {bad}"));
    }
    assert_eq!(invalid("Bearer"), "bearer credential is empty");
    assert_eq!(invalid("Bearer   "), "bearer credential is empty");
}

#[test]
fn several_credentials_are_refused() {
    assert_eq!(invalid(&format!("Bearer {JWT}, Bearer {JWT}")), "several credentials were sent");
    assert_eq!(invalid(&format!("Bearer {JWT},Basic dTpw")), "several credentials were sent");
    assert_eq!(invalid("Bearer a b"), "several credentials were sent");
    assert_eq!(Error::InvalidRequest("x").status(), 400);
}

#[test]
fn unsupported_or_malformed_schemes() {
    assert_eq!(invalid("Digest username=\"x\""), "unsupported authorization scheme");
    assert_eq!(invalid("Token abc"), "unsupported authorization scheme");
    assert_eq!(invalid(JWT), "unsupported authorization scheme");
    assert_eq!(invalid("Bea(rer abc"), "authorization header is malformed");
    assert_eq!(invalid(" \u{e9} abc"), "authorization header is malformed");
}

#[test]
fn basic_credentials_decode() {
    // RFC 7617 §2 example: Aladdin:open sesame
    match parse_authorization(Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).unwrap() {
        Credential::Basic { user, password } => {
            assert_eq!(user, "Aladdin");
            assert_eq!(password.as_str(), "open sesame");
        }
        other => panic!("{other:?}"),
    }
    // The password may hold ':'; the user-id ends at the first one. UTF-8 (RFC 7617 §2.1).
    match parse_authorization(Some("basic dXNlcjpwYTpzcw==")).unwrap() {
        Credential::Basic { user, password } => assert_eq!((user.as_str(), password.as_str()), ("user", "pa:ss")),
        other => panic!("{other:?}"),
    }
    match parse_authorization(Some("BASIC dGVzdDoxMjPCow==")).unwrap() {
        Credential::Basic { user, password } => assert_eq!((user.as_str(), password.as_str()), ("test", "123\u{a3}")),
        other => panic!("{other:?}"),
    }
    match parse_authorization(Some("Basic Ojo=")).unwrap() {
        Credential::Basic { user, password } => assert_eq!((user.as_str(), password.as_str()), ("", ":")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn basic_credentials_refused() {
    assert_eq!(invalid("Basic"), "basic credential is empty");
    assert_eq!(invalid("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"), "basic credential is not valid base64", "padding required");
    assert_eq!(invalid("Basic QWxh_GRpbjpvcGVuIHNlc2FtZQ=="), "basic credential is not valid base64", "url alphabet");
    assert_eq!(invalid("Basic dXNlcg=="), "basic credential lacks the ':' between user and password");
    assert_eq!(invalid("Basic /w=="), "basic credential is not utf-8");
    assert_eq!(invalid("Basic dTpwAA=="), "basic credential holds control characters");
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let c = parse_authorization(Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).unwrap();
    let shown = format!("{c:?}");
    assert!(shown.contains("Aladdin") && !shown.contains("sesame"), "{shown}");
    let b = parse_authorization(Some("Bearer s3cr3t-token")).unwrap();
    assert!(!format!("{b:?}").contains("s3cr3t"));
    for v in ["Bearer s3cr3t-token extra", "Bearer s3cr3t\"", "Weird s3cr3t", "Basic s3cr3t"] {
        let e = parse_authorization(Some(v)).unwrap_err();
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
    }
}
