//! The compact serialization: segment counts, strict base64url, the size limit.

use crate::hostile::*;
use serde_json::json;

/// RFC 7515 §7.1: exactly three segments. JWE (RFC 7516 §7.1, five segments),
/// missing or extra dots are refused. CVE-2025-27144 (go-jose) and
/// CVE-2025-30204 (golang-jwt) were memory blow-ups on tokens made of dots.
#[test]
fn wrong_segment_counts() {
    let g = guard();
    let t = mint(HS1, json!({}));
    let [h, p, s]: [&str; 3] = t.split('.').collect::<Vec<_>>().try_into().unwrap();
    let cases = [
        String::new(),
        ".".into(),
        "..".into(),
        "...".into(),
        h.into(),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}."),
        format!("{h}.{p}.{s}.{s}"),
        format!(".{h}.{p}.{s}"),
        format!("{h}..{p}.{s}"),
        format!("{h}.{p}.{s}.{p}.{s}"), // JWE-shaped
        ".".repeat(8000),
        format!("{h}.{p}{s}"),
    ];
    for c in cases {
        assert_eq!(outcome(&g, &c), "token_malformed", "{:?}", &c[..c.len().min(80)]);
    }
    assert_eq!(outcome(&g, &t), "accept");
}

/// RFC 7515 §2 and §7.1: base64url without padding, no other characters; RFC
/// 4648 §3.5: canonical trailing bits. A decoder that forgives padding, the
/// `+`/`/` alphabet, whitespace or set trailing bits accepts many spellings of
/// one signed token (malleability, Wycheproof JWS 360–375).
#[test]
fn non_canonical_base64url_in_every_segment() {
    let g = guard();
    let t = mint(HS1, json!({}));
    let segs: Vec<&str> = t.split('.').collect();
    let mut n = 0;
    for i in 0..3 {
        let seg = segs[i];
        let mut variants = vec![
            format!("{seg}="),
            format!("{seg}=="),
            format!(" {seg}"),
            format!("{seg} "),
            format!("{seg}\n"),
            format!("{}\t{}", &seg[..4], &seg[4..]),
            format!("{}\r\n{}", &seg[..4], &seg[4..]),
            seg.replacen(|c: char| c.is_ascii_alphanumeric(), "%", 1),
        ];
        // A length ≡ 1 (mod 4) can encode no byte string.
        let one_more = "A".repeat(if seg.len() % 4 == 0 { 1 } else { 5 - seg.len() % 4 });
        variants.push(format!("{seg}{one_more}"));
        // The same bytes in the standard alphabet, when the segment has a - or _.
        if seg.contains(['-', '_']) {
            variants.push(seg.replace('-', "+").replace('_', "/"));
        }
        // Flip an unused trailing bit: decodes to the same bytes under a lax decoder.
        if seg.len() % 4 != 0 {
            let last = seg.chars().last().unwrap();
            const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let v = ALPHABET.find(last).unwrap();
            variants.push(format!("{}{}", &seg[..seg.len() - 1], &ALPHABET[(v | 1)..=(v | 1)]));
        }
        for v in variants {
            let mut parts = segs.clone();
            parts[i] = &v;
            let token = parts.join(".");
            assert_eq!(outcome(&g, &token), "token_malformed", "segment {i}: {v:?}");
            n += 1;
        }
    }
    assert!(n >= 30);
    for wrapped in [format!(" {t}"), format!("{t} "), format!("{t}\n"), format!("Bearer {t}")] {
        assert_eq!(outcome(&g, &wrapped), "token_malformed", "{wrapped:?}");
    }
}

/// The `+/` alphabet on a token whose segments certainly contain `-`/`_`.
#[test]
fn standard_alphabet_refused() {
    let g = guard();
    // 0xfb 0xff encodes as "-_8" in base64url and "+/8" in base64.
    let t = mint_raw(&header_for(HS1), &claims(json!({ "x": "\u{fbff}\u{fbff}>>>???" })).to_string(), HS1);
    assert!(t.contains(['-', '_']), "{t}");
    assert_eq!(outcome(&g, &t), "accept");
    assert_eq!(outcome(&g, &t.replace('-', "+").replace('_', "/")), "token_malformed");
}

/// DESIGN.md step 1: the size limit (8 KiB by default) is checked before any
/// decoding, so an oversized token costs one length comparison. Unbounded
/// input was the root of CVE-2025-27144 (go-jose) and CVE-2025-30204 (golang-jwt).
#[test]
fn oversize_rejected_before_decoding() {
    let g = guard();
    // Pad a valid token with a claim to just at or below 8192 bytes, then just above.
    let token_of = |pad: usize| mint(HS1, json!({ "pad": "x".repeat(pad) }));
    let mut pad = (8192 - token_of(0).len()) * 3 / 4 - 8;
    while token_of(pad + 1).len() <= 8192 {
        pad += 1;
    }
    let largest = token_of(pad);
    assert!((8190..=8192).contains(&largest.len()), "{}", largest.len());
    assert_eq!(outcome(&g, &largest), "accept");
    let over = token_of(pad + 1);
    assert!(over.len() > 8192);
    let err = g.verify(&over, &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap_err();
    assert_eq!(err, tollgate::Error::TokenMalformed("token is larger than the size limit"));
    // Garbage that would fail base64 still reports the size first: nothing was decoded.
    for junk in ["!".repeat(8193), format!("{}.{}.{}", "e".repeat(5000), "!".repeat(5000), "x"), "€".repeat(3000)] {
        let err = g.verify(&junk, &tollgate::VerifyOptions { scopes: &[], now: NOW }).unwrap_err();
        assert_eq!(err, tollgate::Error::TokenMalformed("token is larger than the size limit"));
    }
    // The limit is configurable and enforced the same way.
    let small = guard_with(json!({ "maxTokenSize": 256 }));
    let long = mint(HS1, json!({ "pad": "x".repeat(200) }));
    assert!(long.len() > 256);
    assert_eq!(outcome(&small, &long), "token_malformed");
    let short = mint_raw(r#"{"alg":"HS256","kid":"hs-2026-01"}"#, &format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{}}}"#, NOW + 60.0), HS1);
    assert!(short.len() <= 256, "{}", short.len());
    assert_eq!(outcome(&small, &short), "accept");
}

/// A token whose bytes are not ASCII (RFC 7515 §7.1: the serialization is
/// base64url and dots only).
#[test]
fn non_ascii_and_control_characters_in_the_token() {
    let g = guard();
    let t = mint(HS1, json!({}));
    for bad in ['\0', '\u{7f}', 'é', '\u{200b}', '\u{feff}', '．'] {
        let mid = t.len() / 2;
        let token = format!("{}{bad}{}", &t[..mid], &t[mid..]);
        assert_eq!(outcome(&g, &token), "token_malformed", "{bad:?}");
        assert_eq!(outcome(&g, &format!("{bad}{t}")), "token_malformed", "{bad:?}");
    }
}
