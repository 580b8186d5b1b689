//! Step 5: date claims (types and boundaries), iss/aud near-misses.

use crate::hostile::*;
use serde_json::{json, Value};

fn date_token(name: &str, raw: &str) -> String {
    let mut c = claims(json!({}));
    c.as_object_mut().unwrap().remove(name);
    let text = c.to_string();
    let text = format!("{},\"{name}\":{raw}}}", &text[..text.len() - 1]);
    mint_raw(&header_for(HS1), &text, HS1)
}

/// RFC 7519 §2 (NumericDate: a JSON number), §4.1.4–4.1.6. Libraries that
/// coerce strings or skip non-numbers turned `"exp":"never"` into a token
/// that never expires. Every non-number is `claim_invalid`; numbers outside
/// the double range are not I-JSON (RFC 7493 §2.2) and `token_malformed`.
#[test]
fn date_claims_of_the_wrong_type() {
    let g = guard();
    for name in ["exp", "nbf", "iat"] {
        for raw in [r#""1767229200""#, r#""""#, "true", "false", "null", "[1767229200]", r#"{"t":1}"#, "[]"] {
            assert_eq!(outcome(&g, &date_token(name, raw)), "claim_invalid", "{name}: {raw}");
        }
        for raw in ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "+1", "01", ".5", "1."] {
            assert_eq!(outcome(&g, &date_token(name, raw)), "token_malformed", "{name}: {raw}");
        }
    }
}

/// Floats and extreme finite values are valid NumericDates (RFC 7519 §2
/// allows non-integer values) and are compared as numbers.
#[test]
fn date_claims_floats_and_extremes() {
    let g = guard();
    let cases: [(&str, &str, &str); 14] = [
        ("exp", "1767225600.5", "accept"),
        ("exp", "1767225599.999", "token_expired"),
        ("exp", "1.7672256e9", "token_expired"), // == now
        ("exp", "1.7672256001e9", "accept"),
        ("exp", "1e308", "accept"),
        ("exp", "-1e308", "token_expired"),
        ("exp", "0", "token_expired"),
        ("exp", "-0", "token_expired"),
        ("exp", "9007199254740993", "accept"),
        ("nbf", "1e308", "token_not_yet_valid"),
        ("nbf", "-1e308", "accept"),
        ("nbf", "1767225600.0001", "token_not_yet_valid"),
        ("iat", "1e308", "token_not_yet_valid"),
        ("iat", "-1e308", "accept"),
    ];
    for (name, raw, want) in cases {
        assert_eq!(outcome(&g, &date_token(name, raw)), want, "{name}: {raw}");
    }
    let aged = guard_with(json!({ "maxTokenAge": 3600 }));
    assert_eq!(outcome(&aged, &date_token("iat", "-1e308")), "token_too_old");
}

/// RFC 7519 §4.1.4: expired "on or after" exp, so exp == now is expired;
/// §4.1.5: valid "on or after" nbf. Tolerance widens both by exactly its
/// value (DESIGN.md: `exp + t <= now` expired, `nbf − t > now` not yet valid).
#[test]
fn time_boundaries_and_tolerance_edges() {
    let now = NOW;
    let at = |t: f64, over: Value, tol: f64, max_age: Option<f64>| {
        let mut cfg = json!({ "clockTolerance": tol });
        if let Some(m) = max_age {
            cfg["maxTokenAge"] = json!(m);
        }
        let g = guard_with(cfg);
        check_at(&g, &mint(HS1, over), &[], t).map_or_else(|c| c, |_| "accept")
    };
    // exp
    assert_eq!(at(now, json!({ "exp": now }), 0.0, None), "token_expired");
    assert_eq!(at(now, json!({ "exp": now + 1.0 }), 0.0, None), "accept");
    assert_eq!(at(now, json!({ "exp": now - 30.0 }), 30.0, None), "token_expired");
    assert_eq!(at(now, json!({ "exp": now - 29.0 }), 30.0, None), "accept");
    assert_eq!(at(now, json!({ "exp": now - 300.0 }), 300.0, None), "token_expired");
    assert_eq!(at(now, json!({ "exp": now - 299.0 }), 300.0, None), "accept");
    // nbf
    assert_eq!(at(now, json!({ "nbf": now }), 0.0, None), "accept");
    assert_eq!(at(now, json!({ "nbf": now + 1.0 }), 0.0, None), "token_not_yet_valid");
    assert_eq!(at(now, json!({ "nbf": now + 30.0 }), 30.0, None), "accept");
    assert_eq!(at(now, json!({ "nbf": now + 31.0 }), 30.0, None), "token_not_yet_valid");
    // iat in the future
    assert_eq!(at(now, json!({ "iat": now }), 0.0, None), "accept");
    assert_eq!(at(now, json!({ "iat": now + 1.0 }), 0.0, None), "token_not_yet_valid");
    assert_eq!(at(now, json!({ "iat": now + 30.0 }), 30.0, None), "accept");
    assert_eq!(at(now, json!({ "iat": now + 31.0 }), 30.0, None), "token_not_yet_valid");
    // maxTokenAge: now − iat − t > max is too old
    assert_eq!(at(now, json!({ "iat": now - 600.0 }), 0.0, Some(600.0)), "accept");
    assert_eq!(at(now, json!({ "iat": now - 601.0 }), 0.0, Some(600.0)), "token_too_old");
    assert_eq!(at(now, json!({ "iat": now - 630.0 }), 30.0, Some(600.0)), "accept");
    assert_eq!(at(now, json!({ "iat": now - 631.0 }), 30.0, Some(600.0)), "token_too_old");
    assert_eq!(at(now, json!({ "iat": null }), 0.0, Some(600.0)), "claim_missing");
    // exp required unless requireExp:false
    assert_eq!(at(now, json!({ "exp": null }), 0.0, None), "claim_missing");
    let lax = guard_with(json!({ "requireExp": false }));
    assert_eq!(outcome(&lax, &mint(HS1, json!({ "exp": null }))), "accept");
    assert_eq!(outcome(&lax, &mint(HS1, json!({ "exp": "never" }))), "claim_invalid");
}

/// RFC 7519 §4.1.1 (iss: case-sensitive StringOrURI) and §4.1.3 (aud: one
/// value must match exactly). CVE-2024-53861 (PyJWT) matched `iss` as a
/// substring; other libraries normalized URLs or case. Near-misses are
/// `claim_invalid`, absence `claim_missing`.
#[test]
fn issuer_near_misses() {
    let g = guard();
    for iss in [json!("HTTPS://AUTH.BOOKING.EXAMPLE"), json!("https://auth.booking.example/"), json!("https://auth.booking"),
        json!("auth.booking.example"), json!("https://auth.booking.example.evil"), json!("https://evil.example/https://auth.booking.example"),
        json!(" https://auth.booking.example"), json!("https://auth.booking.example\u{0000}"), json!("https://auth.booking.examp\u{13b}e"),
        json!("http://auth.booking.example"), json!(""), json!(["https://auth.booking.example"]), json!(7), json!(true),
        json!({ "iss": ISS }), json!(null)]
    {
        assert_eq!(outcome(&g, &mint(HS1, json!({ "iss": iss.clone() }))), if iss.is_null() { "claim_missing" } else { "claim_invalid" }, "iss {iss}");
    }
    // null in the override deletes the member: that was the missing case. An explicit JSON null:
    let t = mint_raw(&header_for(HS1), &format!(r#"{{"iss":null,"aud":"{AUD}","exp":{}}}"#, NOW + 60.0), HS1);
    assert_eq!(outcome(&g, &t), "claim_invalid");
    let multi = guard_with(json!({ "issuer": [ISS, "https://other.example"] }));
    assert_eq!(outcome(&multi, &mint(HS1, json!({ "iss": "https://other.example" }))), "accept");
    assert_eq!(outcome(&multi, &mint(HS1, json!({ "iss": "https://other.example/" }))), "claim_invalid");
}

#[test]
fn audience_near_misses() {
    let g = guard();
    for aud in [json!("Bookings-api"), json!("bookings-api "), json!("bookings"), json!("bookings-api-admin"), json!("xbookings-api"),
        json!("bookings-api,partner"), json!("bookings-api partner"), json!(["partner"]), json!([]), json!(["Bookings-api"]),
        json!([["bookings-api"]]), json!([1, "x"]), json!({ "bookings-api": true }), json!(1), json!(true), json!("")]
    {
        assert_eq!(outcome(&g, &mint(HS1, json!({ "aud": aud.clone() }))), "claim_invalid", "aud {aud}");
    }
    assert_eq!(outcome(&g, &mint(HS1, json!({ "aud": null }))), "claim_missing");
    for aud in [json!(AUD), json!([AUD]), json!(["partner", AUD]), json!([AUD, AUD])] {
        assert_eq!(outcome(&g, &mint(HS1, json!({ "aud": aud.clone() }))), "accept", "aud {aud}");
    }
    // An array mixing strings and another type is refused even if it contains the audience.
    assert_eq!(outcome(&g, &mint(HS1, json!({ "aud": [AUD, 1] }))), "claim_invalid");
}
