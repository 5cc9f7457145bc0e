#!/usr/bin/env node
// worker.mjs: runs vcjs.mjs and sdjs.mjs commands for the Go tests in one
// long-lived process, so that vc.js and the cryptosuites load once instead
// of once per command. It is a test tool: see README.md.
//
// Each line of standard input is a request, each line of standard output a
// reply, both JSON:
//
//   {"id": 1, "script": "vcjs"|"sdjs", "args": ["verify", "FILE.json"]}
//   {"id": 1, "code": 0, "stdout": "...", "stderr": "..."}
//
// A command runs exactly as `node SCRIPT.mjs ARGS...` would: code is its
// exit code, stdout and stderr what it wrote. File names must be absolute
// (the worker's working directory is not the caller's), and `-` (standard
// input) is not available. Requests may overlap; each reply carries the id
// of its request. The worker exits when its standard input closes.

import {AsyncLocalStorage} from 'node:async_hooks';
import readline from 'node:readline';

import {run as vcjs} from './vcjs.mjs';
import {run as sdjs} from './sdjs.mjs';

const SCRIPTS = {vcjs, sdjs};

// Route what a command writes to its own request's buffers.
const current = new AsyncLocalStorage();
const send = process.stdout.write.bind(process.stdout);
for(const name of ['stdout', 'stderr']) {
  const stream = process[name];
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, cb) => {
    const req = current.getStore();
    if(!req) {
      return name === 'stdout' ?
        process.stderr.write(chunk, encoding, cb) : // keep the protocol clean
        write(chunk, encoding, cb);
    }
    if(typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    req[name] += typeof chunk === 'string' ?
      chunk : Buffer.from(chunk).toString('utf8');
    if(cb) {
      process.nextTick(cb);
    }
    return true;
  };
}

async function handle(line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch(e) {
    process.stderr.write(`worker: bad request: ${e.message}\n`);
    return;
  }
  const out = {id: req.id, code: 0, stdout: '', stderr: ''};
  const cmd = SCRIPTS[req.script];
  if(!cmd || !Array.isArray(req.args)) {
    out.code = 2;
    out.stderr = `worker: unknown script "${req.script}" or no args\n`;
  } else if(req.args.includes('-')) {
    // it would read this worker's own requests
    out.code = 2;
    out.stderr = 'worker: - (standard input) is not available; give a file\n';
  } else {
    out.code = await current.run(out, () => cmd(req.args.map(String)));
  }
  send(JSON.stringify(out) + '\n');
}

const lines = readline.createInterface({input: process.stdin, terminal: false});
lines.on('line', line => {
  if(line.trim() !== '') {
    handle(line);
  }
});
