//! JSON in header and claims: duplicates, BOM, trailing bytes, nesting,
//! non-object values, Unicode (I-JSON, RFC 7493).

use crate::hostile::*;
use serde_json::json;

fn with_header(header: &str) -> String {
    mint_raw(header, &claims(json!({})).to_string(), HS1)
}

fn with_claims(claims_json: &str) -> String {
    mint_raw(&header_for(HS1), claims_json, HS1)
}

const GOOD: &str = r#""iss":"https://auth.booking.example","aud":"bookings-api","exp":1767229200"#;

/// RFC 7515 §4 / RFC 7519 §4: member names must be unique; parsers must
/// either reject duplicates or use the last one. A last-wins parser and a
/// first-wins one see different claims in the same signed bytes, so tollgate
/// follows I-JSON (RFC 7493 §2.3: names MUST be unique) and rejects. Every
/// duplicate, including via escapes and nested ones, is `token_malformed`.
#[test]
fn duplicate_member_names_in_header_and_claims() {
    let g = guard();
    let headers = [
        r#"{"alg":"HS256","kid":"hs-2026-01","alg":"HS256"}"#,
        r#"{"alg":"none","kid":"hs-2026-01","alg":"HS256"}"#,
        r#"{"alg":"HS256","kid":"es-2026-01","kid":"hs-2026-01"}"#,
        r#"{"alg":"HS256","kid":"hs-2026-01","\u0061lg":"HS256"}"#,
        r#"{"alg":"HS256","kid":"hs-2026-01","x":{"a":1,"a":2}}"#,
        r#"{"alg":"HS256","kid":"hs-2026-01","typ":"JWT","typ":"JWT"}"#,
    ];
    for h in headers {
        assert_eq!(outcome(&g, &with_header(h)), "token_malformed", "{h}");
    }
    let bodies = [
        format!(r#"{{{GOOD},"exp":1767229200}}"#),
        format!(r#"{{"exp":1,{GOOD}}}"#),
        format!(r#"{{{GOOD},"iss":"https://evil.example"}}"#),
        format!(r#"{{"aud":"x",{GOOD}}}"#),
        format!(r#"{{{GOOD},"scope":"a","scope":"bookings:read"}}"#),
        format!(r#"{{{GOOD},"\u0065xp":1}}"#),
        format!(r#"{{{GOOD},"sub":"a","s\u0075b":"b"}}"#),
        format!(r#"{{{GOOD},"ctx":{{"role":"user","role":"admin"}}}}"#),
        format!(r#"{{{GOOD},"list":[{{"k":1,"k":2}}]}}"#),
    ];
    for b in &bodies {
        assert_eq!(outcome(&g, &with_claims(b)), "token_malformed", "{b}");
    }
    // Similar but distinct names are fine (exact byte comparison after unescaping).
    assert_eq!(outcome(&g, &with_claims(&format!(r#"{{{GOOD},"Exp":1,"exp ":2}}"#))), "accept");
}

/// RFC 8259 §8.1: JSON text exchanged between systems must not begin with a
/// BOM; RFC 7519 §7.2: the header and claims are exactly one JSON object.
/// Trailing bytes after the object would let two parsers see different tokens.
#[test]
fn bom_trailing_bytes_and_non_objects() {
    let g = guard();
    let good_header = header_for(HS1);
    let good_claims = claims(json!({})).to_string();
    let wrappers: [(&str, &str); 9] = [("\u{feff}", ""), ("", "\u{feff}"), ("", "x"), ("", " {}"), ("", "\u{0}"), ("", ","),
        ("[", "]"), ("", "]"), ("", "}")];
    for (pre, post) in wrappers {
        let h = format!("{pre}{good_header}{post}");
        assert_eq!(outcome(&g, &with_header(&h)), "token_malformed", "header {h:?}");
        let c = format!("{pre}{good_claims}{post}");
        assert_eq!(outcome(&g, &with_claims(&c)), "token_malformed", "claims {c:?}");
    }
    for v in ["[]", "[{}]", "\"{}\"", "1", "null", "true", "", " ", "{", "{\"a\":}", "{'alg':'HS256'}", "{\"a\":1,}", "NaN"] {
        assert_eq!(outcome(&g, &with_claims(v)), "token_malformed", "claims {v:?}");
        assert_eq!(outcome(&g, &with_header(v)), "token_malformed", "header {v:?}");
    }
    // Insignificant whitespace is valid JSON and accepted (Wycheproof JWS 376/377).
    let spaced = format!(" \t\r\n{} \n", good_claims.replace(',', " ,\n"));
    assert_eq!(outcome(&g, &with_claims(&spaced)), "accept");
}

/// RFC 8259 §9 lets parsers limit nesting; a recursive parser without a limit
/// overflows the stack on `[[[[…`. Deep nesting is `token_malformed`, never a
/// crash, also with the size limit raised to its maximum.
#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let g = guard_with(json!({ "maxTokenSize": 65536 }));
    for depth in [200usize, 1000, 20_000] {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let deep = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            let c = format!(r#"{{{GOOD},"x":{deep}}}"#);
            let t = with_claims(&c);
            if t.len() <= 65536 {
                assert_eq!(outcome(&g, &t), "token_malformed", "claims depth {depth} {open}");
            }
            let h = format!(r#"{{"alg":"HS256","kid":"hs-2026-01","x":{deep}}}"#);
            let t = with_header(&h);
            if t.len() <= 65536 {
                assert_eq!(outcome(&g, &t), "token_malformed", "header depth {depth} {open}");
            }
        }
    }
    // Moderate nesting is ordinary JSON.
    let c = format!(r#"{{{GOOD},"x":{}1{}}}"#, "[".repeat(50), "]".repeat(50));
    assert_eq!(outcome(&g, &with_claims(&c)), "accept");
}

/// RFC 7493 §2.1: I-JSON strings must not contain lone surrogates; RFC 7519
/// §7.2 / RFC 3629: segments are UTF-8. Lone surrogate escapes, invalid or
/// overlong UTF-8 and encoded surrogates are refused (`JSON.parse` would keep
/// a lone surrogate that later turns into U+FFFD somewhere else). Valid pairs
/// and non-ASCII text pass through byte for byte.
#[test]
fn unicode_lone_surrogates_refused_pairs_and_non_ascii_survive() {
    let g = guard();
    for esc in [r"\ud800", r"\udc00", r"\udbff\u0041", r"\ude00\ud83d", r"x\ud83d", r"\ud83d\ud83d"] {
        let c = format!(r#"{{{GOOD},"name":"{esc}"}}"#);
        assert_eq!(outcome(&g, &with_claims(&c)), "token_malformed", "{esc}");
        let c = format!(r#"{{{GOOD},"{esc}":1}}"#);
        assert_eq!(outcome(&g, &with_claims(&c)), "token_malformed", "name {esc}");
    }
    let good_prefix = format!(r#"{{{GOOD},"name":""#).into_bytes();
    for bytes in [&b"\xff"[..], b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc3", b"\x80"] {
        let c = [&good_prefix[..], bytes, b"\"}"].concat();
        let input = format!("{}.{}", b64(header_for(HS1)), b64(&c));
        let t = format!("{input}.{}", b64(sign(HS1, input.as_bytes())));
        assert_eq!(outcome(&g, &t), "token_malformed", "{bytes:?}");
    }
    let text = r#"{"iss":"https://auth.booking.example","aud":"bookings-api","exp":1767229200,"name":"Zoë \ud83d\ude00 😀 ☃ \u00e9 e\u0301 \u2028 日本","emoji😀":"\u0000"}"#;
    let v = g.verify(&with_claims(text), &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap();
    assert_eq!(v.claims_json, text, "the claims JSON text is the token's own, unchanged");
    let parsed: serde_json::Value = serde_json::from_str(&v.claims_json).unwrap();
    assert_eq!(parsed["name"], "Zoë 😀 😀 ☃ é e\u{301} \u{2028} 日本");
    assert_eq!(parsed["emoji😀"], "\u{0}");
}
