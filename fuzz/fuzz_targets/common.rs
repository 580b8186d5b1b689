//! The key set the fuzz targets verify with: the public test keys of
//! tests/vectors/fixtures.json (hs-2026-01 and es-2026-01). Nothing secret.
#![allow(dead_code)]

pub const HS_KID: &str = "hs-2026-01";
pub const HS_SECRET_B64: &str = "38jYR6sw7oqLCjgysxDUsQwK-2KGvx1L2TCFRGG7Gx4";
pub const NOW: f64 = 1_767_225_600.0;

pub fn config_json(require_kid: bool) -> String {
    format!(
        r#"{{"keys":{{"keys":[
          {{"kty":"oct","kid":"{HS_KID}","use":"sig","alg":"HS256","k":"{HS_SECRET_B64}"}},
          {{"kty":"EC","kid":"es-2026-01","use":"sig","alg":"ES256","crv":"P-256",
            "x":"bBQ3crznpctO2vPtt1zbj959plDgMwofLDwkp2Sz6Sg","y":"N3Sm76cvBPSnztoptWXvevrflpo5lBv2BbU_2WHYHDw"}}]}},
          "issuer":"https://auth.booking.example","audience":["bookings-api","partner"],
          "clockTolerance":30,"maxTokenAge":86400,"requireKid":{require_kid},"typ":"JWT"}}"#
    )
}
