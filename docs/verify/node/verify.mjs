// Verifies a Gatehouse internal JWT the way every backend must (README: "Verify Gatehouse tokens
// from any language"). Library: jose (https://github.com/panva/jose).
//
//   GATEHOUSE_JWKS_URI=https://gateway.example/.well-known/jwks.json \
//   GATEHOUSE_ISSUER=https://gateway.example GATEHOUSE_AUDIENCE=demo-backend \
//   node verify.mjs <token>
//
// Prints {"valid":true,"sub":...,"claims":{...}} and exits 0, or {"valid":false,"error":...} and
// exits 1. In a server, call verifyGatehouseToken(authorizationHeaderValue) per request: the key
// set below is created once and cached.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

const jwksUri = required('GATEHOUSE_JWKS_URI');
const issuer = required('GATEHOUSE_ISSUER');
const audience = required('GATEHOUSE_AUDIENCE');

// Fetched on first use and cached. A token with an unknown kid makes jose fetch the set again (a
// key rotation), but at most once per cooldownDuration: a flood of made-up kids cannot turn into a
// flood of requests to the gateway.
const keys = createRemoteJWKSet(new URL(jwksUri), {
  cooldownDuration: 30_000,
  cacheMaxAge: 10 * 60_000,
  timeoutDuration: 5_000,
});

export async function verifyGatehouseToken(token) {
  const header = decodeProtectedHeader(token);
  // Without a kid a library may try "the only key": Gatehouse always names its key.
  if (typeof header.kid !== 'string' || header.kid.length === 0) {
    throw Object.assign(new Error('the token names no key (kid)'), { code: 'ERR_GATEHOUSE_NO_KID' });
  }
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ['ES256'], // never "none", never HS256 keyed with the public key
    issuer,
    audience,
    typ: 'JWT',
    clockTolerance: 5, // seconds: tokens live 60 s, so keep the leeway small
    requiredClaims: ['iss', 'aud', 'exp', 'sub'],
  });
  return payload;
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} must be set`);
    process.exit(2);
  }
  return value;
}

// Run as a script (not imported as a module): verify the token given as the first argument.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const token = process.argv[2];
  try {
    const claims = await verifyGatehouseToken(token ?? '');
    console.log(JSON.stringify({ valid: true, sub: claims.sub, claims }));
  } catch (error) {
    console.log(JSON.stringify({ valid: false, error: error.code ?? error.name }));
    process.exit(1);
  }
}
