//! Tampering: every change to a valid token is refused. Each accepted booking
//! fixture is altered at every position of every segment, truncated at every
//! length, extended, and recombined with parts of other tokens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::{fixture_guard, vectors, verify};
use serde_json::Value;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn accepted(fx: &Value) -> Vec<String> {
    fx["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["expected"]["result"] == "accept" && t.get("verify").is_none())
        .map(|t| t["token"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_single_character_substitution_is_refused() {
    let fx = vectors("fixtures.json");
    let g = fixture_guard(&fx);
    let now = fx["verifier"]["now"].as_f64().unwrap();
    let tokens = accepted(&fx);
    assert!(tokens.len() >= 6);
    let mut tried = 0;
    for token in &tokens {
        assert!(verify(&g, token, &[], now).is_ok());
        for i in 0..token.len() {
            let original = token.as_bytes()[i];
            // Three replacements per position, chosen to differ in low and high bits.
            for step in [1, 17, 40] {
                let mut bytes = token.clone().into_bytes();
                bytes[i] = if original == b'.' { b'A' } else {
                    let at = ALPHABET.iter().position(|c| *c == original).unwrap();
                    ALPHABET[(at + step) % ALPHABET.len()]
                };
                let changed = String::from_utf8(bytes).unwrap();
                tried += 1;
                assert!(verify(&g, &changed, &[], now).is_err(), "accepted a change at {i}: {changed}");
            }
        }
    }
    assert!(tried > 5000, "{tried}");
}

#[test]
fn truncated_and_extended_tokens_are_refused() {
    let fx = vectors("fixtures.json");
    let g = fixture_guard(&fx);
    let now = fx["verifier"]["now"].as_f64().unwrap();
    for token in accepted(&fx) {
        for len in 0..token.len() {
            assert!(verify(&g, &token[..len], &[], now).is_err(), "prefix of {len}");
        }
        for suffix in ["A", "=", ".", " ", "\n", "\0", "AA", ".e30"] {
            assert!(verify(&g, &format!("{token}{suffix}"), &[], now).is_err(), "suffix {suffix:?}");
            assert!(verify(&g, &format!("{suffix}{token}"), &[], now).is_err(), "prefix {suffix:?}");
        }
    }
}

#[test]
fn segments_from_other_tokens_are_refused() {
    let fx = vectors("fixtures.json");
    let g = fixture_guard(&fx);
    let now = fx["verifier"]["now"].as_f64().unwrap();
    let tokens = accepted(&fx);
    let parts: Vec<Vec<&str>> = tokens.iter().map(|t| t.split('.').collect()).collect();
    for (i, a) in parts.iter().enumerate() {
        for (j, b) in parts.iter().enumerate().filter(|(j, _)| *j != i) {
            for mixed in [[b[0], a[1], a[2]], [a[0], b[1], a[2]], [a[0], a[1], b[2]]] {
                if mixed == [a[0], a[1], a[2]] || mixed == [b[0], b[1], b[2]] {
                    continue;
                }
                assert!(verify(&g, &mixed.join("."), &[], now).is_err(), "token {i} with a part of {j}");
            }
        }
    }
}
