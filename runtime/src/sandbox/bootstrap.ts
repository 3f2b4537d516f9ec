import { BATCH_DECODER } from './batch-decoder.ts';

/**
 * The JavaScript that runs first in every script's context, inside the isolate. Its completion
 * value is a function taking the two host references (host calls and async completion); it keeps
 * them in its closure (never on the global object), freezes the intrinsics (so a script cannot
 * poison what this code relies on), and returns `invoke`, the only entry point the host calls.
 *
 * Protocol: invoke(op, …, payload, text) returns a JSON string: {s:'done', …} or {s:'error', …}
 * when the call completed synchronously, {s:'pending'} when the handler returned a promise (completion then
 * arrives through the done reference, as the same JSON). A ctx.db call goes out through the host reference
 * (fire and forget, with its own id) and its answer comes back as invoke('answer', hid, ok, text): every
 * piece of script code, continuations included, runs inside a call the host made and timed (isolate.ts),
 * never in a promise resolved behind its back. A trigger's batch comes as columns
 * (`text` beside the payload, headers and numbers in it; batch-codec.ts) and a before-trigger answers only the
 * cells it changed (`changed`: [field, indices, values], `removed`: [field, indices]).
 */
export const BOOTSTRAP = String.raw`(function (hostRef, doneRef) {
  'use strict';
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const freeze = Object.freeze;
  const ownKeys = Object.keys;
  const defineProperty = Object.defineProperty;
  const objectHasOwn = Object.hasOwn;
  const hasOwn = (o, k) => objectHasOwn(o, k);
  const isArray = Array.isArray;
  const PromiseCtor = Promise;
  const ErrorCtor = Error;
  const ArrayCtor = Array;
  const MapCtor = Map;
  const FunctionCtor = Function;
  const EVENTS = ['beforeCreate', 'beforeUpdate', 'beforeDelete', 'afterCreate', 'afterUpdate', 'afterDelete'];
  let exportsOf = null;
  // ctx.db calls awaiting their answer (by id); an answer for an invocation that ended is never delivered.
  const waiting = new MapCtor();
  let nextHost = 0;

  // V8's own console (it writes nowhere without an inspector): removed, so that ctx.log is the one way to log.
  try { delete globalThis.console; } catch (e) {}
  // Shared memory and WebAssembly: Atomics.wait blocks the thread running the isolate (no limit can
  // interrupt a wait), and WebAssembly memory lives outside the heap the memory limit counts. Removed
  // before any script runs; nothing else in the context hands out one of them.
  for (const name of ['SharedArrayBuffer', 'Atomics', 'WebAssembly']) {
    try { delete globalThis[name]; } catch (e) {}
    if (name in globalThis) throw new ErrorCtor('the sandbox could not remove ' + name);
  }
  for (const c of [Object, Array, Function, String, Number, Boolean, Symbol, Promise, Error, TypeError, RangeError, SyntaxError, ReferenceError, Map, Set, WeakMap, WeakSet, Date, RegExp, JSON, Math, Reflect, ArrayBuffer, Uint8Array, BigInt]) {
    try { if (c.prototype) freeze(c.prototype); freeze(c); } catch (e) {}
  }
  try { freeze(Object.getPrototypeOf(function* () {}).prototype); freeze(Object.getPrototypeOf(async function () {})); } catch (e) {}
  try { const it = Object.getPrototypeOf([][Symbol.iterator]()); freeze(it); freeze(Object.getPrototypeOf(it)); freeze(Object.getPrototypeOf(new Map().entries())); } catch (e) {}
  for (const c of [Float64Array, Int32Array, Uint16Array, Int8Array, Uint8ClampedArray, Int16Array, Uint32Array, Float32Array, BigInt64Array, BigUint64Array, DataView, Object.getPrototypeOf(Uint8Array)]) {
    try { if (c.prototype) freeze(c.prototype); freeze(c); } catch (e) {}
  }
${BATCH_DECODER}

  function siteOf(stack) {
    return typeof stack === 'string' ? stack : '';
  }

  function describe(e) {
    try {
      if (e instanceof ErrorCtor) return { name: String(e.name), message: String(e.message).slice(0, 2000), stack: String(e.stack).slice(0, 4000) };
      return { name: 'Thrown', message: String(e).slice(0, 2000), stack: '' };
    } catch (inner) {
      return { name: 'Thrown', message: 'a value that cannot be described', stack: '' };
    }
  }

  function safeText(a) {
    if (typeof a === 'string') return a;
    try { const t = stringify(a); return t === undefined ? String(a) : t; } catch (e) { return '[unprintable]'; }
  }

  function shape() {
    const out = { triggers: {}, actions: {}, problems: [] };
    const t = exportsOf.triggers;
    if (t !== undefined && (t === null || typeof t !== 'object')) out.problems.push('triggers must be an object: { object: { beforeCreate(ctx) {…} } }');
    else if (t) for (const object of ownKeys(t)) {
      const handlers = t[object];
      if (!handlers || typeof handlers !== 'object') { out.problems.push('triggers.' + object + ' must be an object of handlers'); continue; }
      const events = [];
      for (const event of ownKeys(handlers)) {
        if (EVENTS.indexOf(event) < 0) out.problems.push('triggers.' + object + '.' + event + ' is not a trigger event (' + EVENTS.join(', ') + ')');
        else if (typeof handlers[event] !== 'function') out.problems.push('triggers.' + object + '.' + event + ' must be a function');
        else events.push(event);
      }
      if (events.length) out.triggers[object] = events;
    }
    const a = exportsOf.actions;
    if (a !== undefined && (a === null || typeof a !== 'object')) out.problems.push('actions must be an object: { object: { name: { input, run(ctx, args) {…} } } }');
    else if (a) for (const object of ownKeys(a)) {
      const actions = a[object];
      if (!actions || typeof actions !== 'object') { out.problems.push('actions.' + object + ' must be an object of actions'); continue; }
      const found = {};
      for (const name of ownKeys(actions)) {
        const spec = actions[name];
        if (!spec || typeof spec.run !== 'function') { out.problems.push('actions.' + object + '.' + name + ' needs a run(ctx, args) function'); continue; }
        let input;
        try { input = spec.input === undefined ? undefined : parse(stringify(spec.input)); } catch (e) { out.problems.push('actions.' + object + '.' + name + '.input is not JSON'); continue; }
        found[name] = input === undefined ? {} : { input };
      }
      if (ownKeys(found).length) out.actions[object] = found;
    }
    return stringify(out);
  }

  function invoke(op, invId, kind, object, handler, payload, text) {
    if (op === 'define') {
      const exports = {};
      try { kind(exports); } catch (e) { return stringify({ s: 'error', error: describe(e) }); }
      exportsOf = exports;
      return '{"s":"done"}';
    }
    if (op === 'shape') {
      try { return shape(); } catch (e) { return stringify({ s: 'error', error: describe(e) }); }
    }
    if (op === 'answer') {
      // ('answer', hid, ok, text, hid, ok, text, …): the value's JSON, or the error message.
      for (let i = 1; i + 2 < arguments.length; i += 3) {
        const w = waiting.get(arguments[i]);
        if (w === undefined) continue;
        waiting.delete(arguments[i]);
        if (arguments[i + 1]) w.resolve(parse(arguments[i + 2]));
        else w.reject(new ErrorCtor(arguments[i + 2]));
      }
      return '';
    }
    const p = parse(payload);
    // Trigger batches arrive as columns (p.tables over text and nums); records are built on first access.
    const decoded = [];
    const table = (k) => decoded[k] || (decoded[k] = decodeTable(p.tables[k], text, p.nums));
    let records;
    let recordsRead = false;
    let old;
    let oldRead = false;
    const errors = [];
    const logs = [];
    let finished = false;
    const call = (name, args) => {
      if (finished) return PromiseCtor.reject(new ErrorCtor('ctx.db cannot be used after the handler finished'));
      let json;
      try { json = stringify(args); } catch (e) { return PromiseCtor.reject(e); }
      const site = siteOf(new ErrorCtor().stack);
      const hid = ++nextHost;
      return new PromiseCtor((resolve, reject) => {
        waiting.set(hid, { resolve, reject });
        hostRef.applyIgnored(undefined, [invId, hid, name, json, site]);
      });
    };
    const ctx = {
      object: object,
      event: handler,
      records: undefined,
      old: undefined,
      record: p.record,
      user: freeze(p.user),
      // The platform's clock when the call started (a test clock moves it); the machine's if the host sent none.
      now: () => (typeof p.now === 'string' ? new Date(p.now) : new Date()),
      log: (...args) => { if (logs.length < 100) logs.push(args.map(safeText).join(' ').slice(0, 2000)); },
      addError: (index, field, message) => {
        if (errors.length < 1000) errors.push({ index: Number(index), field: String(field).slice(0, 200), message: String(message).slice(0, 2000) });
      },
      db: freeze({
        get: (o, id) => call('get', [o, id]),
        find: (o, args) => call('find', [o, args === undefined ? {} : args]),
        create: (o, data, options) => call('create', options === undefined ? [o, data] : [o, data, options]),
        update: (o, id, data, options) => call('update', options === undefined ? [o, id, data] : [o, id, data, options]),
        delete: (o, id) => call('delete', [o, id]),
        aggregate: (o, args) => call('aggregate', [o, args === undefined ? {} : args]),
      }),
      commands: freeze({
        run: (o, name, id, input) => call('command', [o, name, id, input === undefined ? null : input]),
      }),
    };
    // Small batches are built at once (plain properties); large ones on first access (accessors).
    const lazy = p.tables !== undefined && p.tables[p.rt].n > 64;
    if (lazy) {
      defineProperty(ctx, 'records', {
        get() { if (!recordsRead) { recordsRead = true; records = materialize(table(p.rt)); } return records; },
        set(v) { recordsRead = true; records = v; },
        enumerable: true, configurable: true,
      });
      defineProperty(ctx, 'old', {
        get() { if (!oldRead) { oldRead = true; old = p.ot !== undefined ? materialize(table(p.ot)) : []; } return old; },
        set(v) { oldRead = true; old = v; },
        enumerable: true, configurable: true,
      });
    } else if (p.tables !== undefined) {
      ctx.records = materialize(table(p.rt));
      ctx.old = p.ot !== undefined ? materialize(table(p.ot)) : [];
      recordsRead = true;
    }
    const complete = (value) => {
      finished = true;
      try {
        let changes;
        if (p.diff && recordsRead) {
          changes = diffTable(table(p.rt), lazy ? records : ctx.records);
          if (changes === null) return stringify({ s: 'done', malformed: true, errors, logs });
        }
        return stringify({ s: 'done', changed: changes && changes.changed, removed: changes && changes.removed, errors, logs, value: value === undefined ? null : value });
      } catch (e) {
        return stringify({ s: 'error', error: describe(e), logs });
      }
    };
    const failed = (e) => {
      finished = true;
      return stringify({ s: 'error', error: describe(e), logs });
    };
    let out;
    try {
      if (kind === 'action') {
        const spec = exportsOf.actions[object][handler];
        out = spec.run(ctx, freeze({ id: p.id, input: p.input }));
      } else {
        const fn = exportsOf.triggers[object][handler];
        out = fn(ctx);
      }
      if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function') {
        PromiseCtor.resolve(out).then(
          (v) => { doneRef.applyIgnored(undefined, [invId, complete(v)]); },
          (e) => { doneRef.applyIgnored(undefined, [invId, failed(e)]); },
        );
        return '{"s":"pending"}';
      }
    } catch (e) {
      return failed(e);
    }
    return complete(out);
  }
  return invoke;
})`;
