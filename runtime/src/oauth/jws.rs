//! JWS signature checks (RFC 7515) for the resource server, on ring: the
//! crypto library rustls already compiles into every generated crate for
//! HTTPS. jsonwebtoken's own backends would compile a second set of RSA,
//! elliptic-curve and Edwards-curve crates for the same checks, a large
//! part of a cold build (issue: build time of generated crates).
//!
//! Verification only, of the asymmetric algorithms of
//! [`ALGORITHMS`](super::ALGORITHMS) (RFC 7518 §3.3–3.5, RFC 8037 §3.1): a
//! resource server checks its authorization server's signatures with the
//! public keys of a JWK Set, and never signs.

use jsonwebtoken::crypto::{CryptoProvider, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error, ErrorKind, new_error};
use jsonwebtoken::jwk::ThumbprintHash;
use jsonwebtoken::signature::{self, Verifier};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, DecodingKeyKind};
use ring::signature::{self as ring_signature, RsaParameters, VerificationAlgorithm};

/// The provider [`install`] makes jsonwebtoken's process default.
static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: |_, _| Err(unsupported("signing")),
    verifier_factory: verifier,
    key_utils: KeyUtils {
        rsa_pub_components_from_private_key: |_| Err(unsupported("reading private keys")),
        rsa_pub_components_from_public_key: |_| Err(unsupported("reading DER keys")),
        ec_pub_components_from_private_key: |_, _| Err(unsupported("reading private keys")),
        ed_pub_components_from_private_key: |_, _| Err(unsupported("reading private keys")),
        compute_digest: digest,
    },
};

/// Makes ring jsonwebtoken's crypto provider for this process. Idempotent:
/// a second resource server in the same process finds it installed.
pub fn install() {
    // An error only says a provider is installed already: this one.
    let _ = PROVIDER.install_default();
}

fn unsupported(what: &str) -> Error {
    new_error(ErrorKind::Provider(format!(
        "{what} is not supported: this server only verifies tokens"
    )))
}

/// A JWK thumbprint's digest (RFC 7638).
fn digest(data: &[u8], hash: ThumbprintHash) -> Result<Vec<u8>, Error> {
    let algorithm = match hash {
        ThumbprintHash::SHA256 => &ring::digest::SHA256,
        ThumbprintHash::SHA384 => &ring::digest::SHA384,
        ThumbprintHash::SHA512 => &ring::digest::SHA512,
        other => return Err(unsupported(&format!("the thumbprint hash {other:?}"))),
    };
    Ok(ring::digest::digest(algorithm, data).as_ref().to_vec())
}

/// A check of one algorithm with one key.
struct Check {
    algorithm: Algorithm,
    key: DecodingKey,
    /// The ring algorithm for a key given as bytes (DER, an EC point, an
    /// Ed25519 key).
    scheme: &'static dyn VerificationAlgorithm,
    /// For an RSA algorithm, the same for a key given as modulus and
    /// exponent (a JWK's `n` and `e`).
    rsa: Option<&'static RsaParameters>,
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>, Error> {
    use ring_signature as r;
    // An RSA algorithm serves keys of both kinds.
    let rsa = |p: &'static RsaParameters| (p as &'static dyn VerificationAlgorithm, Some(p));
    let (scheme, rsa) = match algorithm {
        Algorithm::RS256 => rsa(&r::RSA_PKCS1_2048_8192_SHA256),
        Algorithm::RS384 => rsa(&r::RSA_PKCS1_2048_8192_SHA384),
        Algorithm::RS512 => rsa(&r::RSA_PKCS1_2048_8192_SHA512),
        Algorithm::PS256 => rsa(&r::RSA_PSS_2048_8192_SHA256),
        Algorithm::PS384 => rsa(&r::RSA_PSS_2048_8192_SHA384),
        Algorithm::PS512 => rsa(&r::RSA_PSS_2048_8192_SHA512),
        // JWS ECDSA signatures are R and S side by side (RFC 7518 §3.4).
        Algorithm::ES256 => (&r::ECDSA_P256_SHA256_FIXED as _, None),
        Algorithm::ES384 => (&r::ECDSA_P384_SHA384_FIXED as _, None),
        Algorithm::EdDSA => (&r::ED25519 as _, None),
        // HS* (a shared secret) and any algorithm added later.
        other => return Err(unsupported(&format!("the algorithm {other:?}"))),
    };
    if key.family() != algorithm.family() || key.family() == AlgorithmFamily::Hmac {
        return Err(new_error(ErrorKind::InvalidAlgorithm));
    }
    Ok(Box::new(Check { algorithm: *algorithm, key: key.clone(), scheme, rsa }))
}

impl Verifier<Vec<u8>> for Check {
    fn verify(&self, message: &[u8], signature: &Vec<u8>) -> Result<(), signature::Error> {
        let checked = match (self.key.kind(), self.rsa) {
            (DecodingKeyKind::RsaModulusExponent { n, e }, Some(rsa)) => {
                ring_signature::RsaPublicKeyComponents { n, e }.verify(rsa, message, signature)
            }
            (DecodingKeyKind::SecretOrDer(bytes), _) => {
                ring_signature::UnparsedPublicKey::new(self.scheme, bytes).verify(message, signature)
            }
            (DecodingKeyKind::RsaModulusExponent { .. }, None) => Err(ring::error::Unspecified),
        };
        checked.map_err(|_| signature::Error::new())
    }
}

impl JwtVerifier for Check {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}
