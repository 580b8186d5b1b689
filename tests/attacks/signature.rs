//! Step 3–4: key confusion, psychic signatures, DER, wrong lengths, high-S.

use crate::hostile::*;
use serde_json::json;

fn ec_public_forms(kid: &str) -> Vec<(&'static str, Vec<u8>)> {
    let vk = *es_signing_key(kid).verifying_key();
    let sec1 = vk.to_encoded_point(false).as_bytes().to_vec();
    let compressed = vk.to_encoded_point(true).as_bytes().to_vec();
    // SubjectPublicKeyInfo for id-ecPublicKey / prime256v1, then PEM.
    let spki = [hex::decode("3059301306072a8648ce3d020106082a8648ce3d030107034200").unwrap(), sec1.clone()].concat();
    let b64std = |b: &[u8]| {
        let url = b64(b);
        let mut s = url.replace('-', "+").replace('_', "/");
        while s.len() % 4 != 0 {
            s.push('=');
        }
        s
    };
    let body = b64std(&spki);
    let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n", &body[..64], &body[64..]);
    let jwk = jwks()["keys"].as_array().unwrap().iter().find(|k| k["kid"] == kid).unwrap().to_string();
    vec![
        ("sec1 uncompressed", sec1.clone()),
        ("sec1 compressed", compressed),
        ("x", sec1[1..33].to_vec()),
        ("x||y", sec1[1..].to_vec()),
        ("spki der", spki),
        ("pem", pem.clone().into_bytes()),
        ("pem without trailing newline", pem.trim_end().as_bytes().to_vec()),
        ("jwk json", jwk.into_bytes()),
    ]
}

/// RFC 8725 §2.1, §3.1: the HS256/ES256 ("RS/HS") confusion. A verifier that
/// lets the header pick the algorithm uses the public EC key as an HMAC
/// secret. McLean (2015); CVE-2015-9235 (node-jsonwebtoken), CVE-2016-10555
/// (jwt-simple), CVE-2022-29217 (PyJWT); Wycheproof JWS tcId 31. tollgate binds
/// each key to one alg, so the forgery is `alg_not_allowed` whatever bytes were used.
#[test]
fn hs256_with_ec_key_bytes_as_hmac_secret() {
    let g = guard();
    let lax = guard_with(json!({ "requireKid": false }));
    let body = b64(claims(json!({ "scope": "bookings:read bookings:write" })).to_string());
    let mut n = 0;
    for kid in [ES1, ES2] {
        for (form, secret) in ec_public_forms(kid) {
            for header in [json!({ "alg": "HS256", "kid": kid }), json!({ "alg": "HS256", "kid": kid, "typ": "JWT" })] {
                let input = format!("{}.{body}", b64(header.to_string()));
                let forged = format!("{input}.{}", b64(hmac(&secret, input.as_bytes())));
                assert_eq!(outcome(&g, &forged), "alg_not_allowed", "{kid} {form}");
                n += 1;
            }
            // Without a kid only HS256 keys are candidates: the EC bytes match none of them.
            let input = format!("{}.{body}", b64(json!({ "alg": "HS256" }).to_string()));
            let forged = format!("{input}.{}", b64(hmac(&secret, input.as_bytes())));
            assert_eq!(outcome(&lax, &forged), "signature_invalid", "{kid} {form} without kid");
        }
    }
    assert_eq!(n, 32);
    // The reverse direction: an ES256 header naming an HMAC key.
    let t = mint_raw(&json!({ "alg": "ES256", "kid": HS1 }).to_string(), &claims(json!({})).to_string(), ES1);
    assert_eq!(outcome(&g, &t), "alg_not_allowed");
}

/// CVE-2022-21449 ("psychic signatures", Java 15–18): r = s = 0 verified any
/// message. RFC 7518 §3.4 / SEC 1 §4.1.4: r and s must lie in [1, n−1]; values
/// equal to or above n (or p) are refused, not reduced mod n.
#[test]
fn psychic_and_out_of_range_signatures() {
    let g = guard();
    let t = mint(ES1, json!({}));
    let (r, s) = split(&signature_of(&t));
    let zero = [0u8; 32];
    let mut one = [0u8; 32];
    one[31] = 1;
    let ff = [0xffu8; 32];
    let n_minus_1 = sub256(&N, &one);
    let mut cases = vec![
        ("r=0 s=0", join(&zero, &zero)),
        ("r=0", join(&zero, &s)),
        ("s=0", join(&r, &zero)),
        ("r=n s=n", join(&N, &N)),
        ("r=n", join(&N, &s)),
        ("s=n", join(&r, &N)),
        ("r=p", join(&P, &s)),
        ("s=p", join(&r, &P)),
        ("r=2^256-1", join(&ff, &s)),
        ("s=2^256-1", join(&r, &ff)),
        ("r=1 s=1", join(&one, &one)),
        ("r=n-1 s=n-1", join(&n_minus_1, &n_minus_1)),
        ("all zero", vec![0; 64]),
    ];
    // r + n and s + n, when they still fit 32 bytes: equal mod n, so a reducing verifier accepts.
    let (r_plus_n, s_plus_n) = (add256(&r, &N), add256(&s, &N));
    if r_plus_n > r {
        cases.push(("r+n", join(&r_plus_n, &s)));
    }
    if s_plus_n > s {
        cases.push(("s+n", join(&r, &s_plus_n)));
    }
    for (name, sig) in cases {
        assert_eq!(outcome(&g, &with_signature(&t, &sig)), "signature_invalid", "{name}");
    }
    assert_eq!(outcome(&g, &t), "accept");
}

/// RFC 7518 §3.4: an ES256 signature is exactly 64 octets R‖S; the ASN.1 DER
/// form that most crypto libraries produce is not a JWS signature (a
/// verifier that accepts both is malleable). HS256 tags are exactly 32 bytes
/// (RFC 7518 §3.2; truncation is not allowed).
#[test]
fn der_and_wrong_length_signatures() {
    let g = guard();
    let t = mint(ES1, json!({}));
    let sig = signature_of(&t);
    let mut bad: Vec<(String, Vec<u8>)> = vec![
        ("der".into(), der(&sig)),
        ("der of low-s twin".into(), {
            let (r, s) = split(&sig);
            der(&join(&r, &sub256(&N, &s)))
        }),
        ("leading zero (65)".into(), [&[0u8][..], &sig].concat()),
        ("trailing zero (65)".into(), [&sig[..], &[0u8]].concat()),
        ("r and s each zero-padded (66)".into(), [&[0u8][..], &sig[..32], &[0u8], &sig[32..]].concat()),
        ("doubled (128)".into(), [&sig[..], &sig[..]].concat()),
    ];
    for len in [0usize, 1, 2, 16, 31, 32, 33, 48, 63] {
        bad.push((format!("first {len} bytes"), sig[..len].to_vec()));
    }
    for (name, s) in &bad {
        assert_eq!(outcome(&g, &with_signature(&t, s)), "signature_invalid", "ES256 {name}");
    }
    let h = mint(HS1, json!({}));
    let tag = signature_of(&h);
    for s in [vec![], tag[..16].to_vec(), tag[..31].to_vec(), [&tag[..], &[0]].concat(), [&tag[..], &tag[..]].concat()] {
        assert_eq!(outcome(&g, &with_signature(&h, &s)), "signature_invalid", "HS256 tag of {} bytes", s.len());
    }
}

/// Neither ECDSA nor JWS require low-S (Wycheproof P1363 tcId 1 and the 70
/// high-S valid vectors; RFC 7515 A.3 is high-S). A verifier that adds a
/// low-S rule rejects valid tokens from standard signers, so both twins
/// (s and n − s) must verify.
#[test]
fn high_s_signatures_verify() {
    let g = guard();
    let (mut high, mut low) = (0, 0);
    for i in 0..16 {
        let t = mint(if i % 2 == 0 { ES1 } else { ES2 }, json!({ "jti": format!("j{i}") }));
        let (r, s) = split(&signature_of(&t));
        let twin = sub256(&N, &s);
        assert_eq!(outcome(&g, &t), "accept", "original #{i}");
        assert_eq!(outcome(&g, &with_signature(&t, &join(&r, &twin))), "accept", "n - s twin #{i}");
        if is_high_s(&s) { high += 1 } else { low += 1 }
        if is_high_s(&twin) { high += 1 } else { low += 1 }
    }
    assert!(high >= 16 && low >= 16, "high {high} low {low}");
}

/// RFC 7515 §5.2 step 8 / RFC 8725 §3.2: a correct signature under another
/// configured key, a signature moved to another token, and one bit flipped
/// anywhere are all `signature_invalid`.
#[test]
fn cross_key_and_bit_flip_signatures() {
    let g = guard();
    for (named, signer) in [(HS1, HS2), (HS2, HS1), (ES1, ES2), (ES2, ES1)] {
        let t = mint_raw(&header_for(named), &claims(json!({})).to_string(), signer);
        assert_eq!(outcome(&g, &t), "signature_invalid", "{named} signed by {signer}");
    }
    for kid in [HS1, ES1] {
        let t = mint(kid, json!({}));
        let sig = signature_of(&t);
        for bit in (0..sig.len() * 8).step_by(7) {
            let mut s = sig.clone();
            s[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(outcome(&g, &with_signature(&t, &s)), "signature_invalid", "{kid} bit {bit}");
        }
        let other = mint(kid, json!({ "sub": "admin" }));
        assert_eq!(outcome(&g, &with_signature(&other, &sig)), "signature_invalid", "{kid} moved signature");
    }
}
