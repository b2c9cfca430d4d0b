"""Verify a Gatehouse internal JWT with PyJWT (pip install "pyjwt[crypto]>=2.10").

    GATEHOUSE_JWKS_URI=https://gateway.example/.well-known/jwks.json \
    GATEHOUSE_ISSUER=https://gateway.example GATEHOUSE_AUDIENCE=demo-backend \
    python verify.py <token>

In a server, build one GatehouseVerifier at start and call verify(token) per request.
"""

import os
import sys
import threading
import time

import jwt


class GatehouseVerifier:
    """ES256 only, kid required, iss/aud/exp/sub required, 5 s leeway, JWKS cached and refetched
    on an unknown kid at most once per `refetch_every` seconds."""

    def __init__(self, jwks_uri, issuer, audience, refetch_every=30.0):
        # PyJWKClient caches the set; on an unknown kid it fetches again, every time. The lock and
        # the timestamp below make that at most once per refetch_every, whatever tokens arrive.
        self._client = jwt.PyJWKClient(jwks_uri, cache_jwk_set=True, lifespan=600, timeout=5)
        self._issuer = issuer
        self._audience = audience
        self._refetch_every = refetch_every
        self._last_refetch = 0.0
        self._lock = threading.Lock()

    def _key(self, kid):
        keys = {k.key_id: k for k in self._client.get_jwk_set().keys}
        if kid in keys:
            return keys[kid]
        with self._lock:
            if time.monotonic() - self._last_refetch < self._refetch_every:
                raise jwt.InvalidTokenError("unknown kid")
            self._last_refetch = time.monotonic()
            keys = {k.key_id: k for k in self._client.get_jwk_set(refresh=True).keys}
        if kid not in keys:
            raise jwt.InvalidTokenError("unknown kid")
        return keys[kid]

    def verify(self, token):
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise jwt.InvalidTokenError("the token names no key (kid)")
        if header.get("typ") != "JWT":
            raise jwt.InvalidTokenError("typ is not JWT")
        return jwt.decode(
            token,
            self._key(kid),
            algorithms=["ES256"],  # never "none", never HS256 keyed with the public key
            issuer=self._issuer,
            audience=self._audience,
            leeway=5,
            options={"require": ["iss", "aud", "exp", "sub"]},
        )


if __name__ == "__main__":
    verifier = GatehouseVerifier(
        os.environ["GATEHOUSE_JWKS_URI"],
        os.environ["GATEHOUSE_ISSUER"],
        os.environ["GATEHOUSE_AUDIENCE"],
    )
    try:
        claims = verifier.verify(sys.argv[1])
    except jwt.PyJWTError as error:
        print({"valid": False, "error": type(error).__name__})
        sys.exit(1)
    print({"valid": True, "sub": claims["sub"]})
