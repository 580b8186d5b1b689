//! Any bytes as a token: the compact split, strict base64url, header and
//! claims JSON, and `decode`. Must never panic; the size limit bounds the work.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate::alg::AlgorithmSet;
use tollgate::claims::Claims;
use tollgate::header::Header;
use tollgate::jws::{CompactJws, DEFAULT_MAX_TOKEN_SIZE};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = tollgate::decode::decode(text);
    if let Ok(jws) = CompactJws::parse(text, DEFAULT_MAX_TOKEN_SIZE) {
        let _ = Header::parse(&jws.header, AlgorithmSet::ALL);
        let _ = Claims::parse(&jws.payload);
    }
    // The raw bytes as a header and as claims, without the base64 layer.
    let _ = Header::parse(data, AlgorithmSet::ALL);
    let _ = Claims::parse(data);
});
