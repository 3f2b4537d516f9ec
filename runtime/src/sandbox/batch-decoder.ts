/**
 * The isolate side of the batch transfer (see batch-codec.ts), spliced into the bootstrap: it runs
 * inside the isolate, before any script, with the intrinsics it uses captured by the bootstrap
 * (`parse`, `stringify`, `ownKeys`, `hasOwn`, `isArray`, `ArrayCtor`, `MapCtor`, `FunctionCtor`). No iterator
 * protocol (for…of, spread, destructuring), although the bootstrap freezes the iterator prototypes.
 *
 * - decodeTable: the columns' values (strings sliced out of the one text; JSON cells kept as text).
 * - materialize: fresh record objects (the script's ctx.records / ctx.old), built on first access.
 * - diffTable: after a before-trigger, the cells that differ from what went in (JSON semantics:
 *   own enumerable keys; undefined, functions and symbols are absent). Changed cells go out as
 *   [field, indices, values], removed ones as [field, indices]; null when ctx.records is no longer
 *   an array of as many records.
 */
export const BATCH_DECODER = String.raw`
  function decodeTable(h, text, nums) {
    const n = h.n;
    let t = h.t;
    let o = h.o;
    const cols = [];
    let sparse = !!h.z;
    for (let c = 0; c < h.cols.length; c++) {
      const name = h.cols[c][0];
      const kind = h.cols[c][1];
      // Packed arrays (push, never holes): the frozen intrinsics make V8 check the prototypes on every hole.
      const vals = [];
      const fixed = h.cols[c][3];
      if (fixed !== undefined) {
        for (let i = 0; i < n; i++) { vals.push(text.slice(t, t + fixed)); t += fixed; }
      } else if (kind === 's' || kind === 'j') {
        for (let i = 0; i < n; i++) {
          const len = nums[o + i];
          if (len >= 0) { vals.push(text.slice(t, t + len)); t += len; }
          else vals.push(len === -2 ? (kind === 's' ? null : 'null') : undefined);
        }
        o += n;
      } else if (kind === 'n' && h.cols[c][2]) {
        for (let i = 0; i < n; i++) {
          const m = nums[o + i];
          vals.push(m === 0 ? nums[o + n + i] : m === -2 ? null : undefined);
        }
        o += 2 * n;
      } else if (kind === 'n') {
        for (let i = 0; i < n; i++) vals.push(nums[o + i]);
        o += n;
      } else {
        for (let i = 0; i < n; i++) {
          const m = nums[o + i];
          vals.push(m === 1 ? true : m === 0 ? false : m === -2 ? null : undefined);
        }
        o += n;
      }
      cols.push({ name: name, json: kind === 'j', vals: vals });
      if (!sparse) for (let i = 0; i < n; i++) if (vals[i] === undefined) { sparse = true; break; }
    }
    let nulls = null;
    if (h.z) { nulls = []; for (let i = 0; i < n; i++) nulls.push(false); for (let k = 0; k < h.z.length; k++) nulls[h.z[k]] = true; }
    return { n: n, cols: cols, nulls: nulls, sparse: sparse };
  }

  // Records of large batches whose cells are all present are built by an object literal made for their fields (one
  // allocation with the final shape instead of one shape transition per field); cached per field list.
  const factories = new MapCtor();
  function factoryFor(cols) {
    let key = '';
    for (let c = 0; c < cols.length; c++) key += (cols[c].json ? 'j' : 'v') + cols[c].name.length + ':' + cols[c].name;
    let f = factories.get(key);
    if (f === undefined) {
      let body = '';
      for (let c = 0; c < cols.length; c++) body += (c ? ', ' : '') + stringify(cols[c].name) + ': ' + (cols[c].json ? 'parse(v[' + c + '][i])' : 'v[' + c + '][i]');
      f = FunctionCtor('parse', 'return function (v, i) { return { ' + body + ' }; };')(parse);
      if (factories.size > 200) factories.clear();
      factories.set(key, f);
    }
    return f;
  }

  function materialize(tb) {
    const n = tb.n;
    const cols = tb.cols;
    const out = [];
    if (!tb.sparse && n >= 64) {
      const make = factoryFor(cols);
      const v = [];
      for (let c = 0; c < cols.length; c++) v.push(cols[c].vals);
      for (let i = 0; i < n; i++) out.push(make(v, i));
      return out;
    }
    for (let i = 0; i < n; i++) {
      if (tb.nulls !== null && tb.nulls[i]) { out.push(null); continue; }
      const r = {};
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c];
        const v = col.vals[i];
        if (v !== undefined) r[col.name] = col.json ? parse(v) : v;
      }
      out.push(r);
    }
    return out;
  }

  function noteCell(cells, field, i, v, removed) {
    let e = cells.get(field);
    if (e === undefined) { e = removed ? [field, []] : [field, [], []]; cells.set(field, e); }
    e[1].push(i);
    if (!removed) e[2].push(v);
  }

  /** Indices 0, 1, …, n-1 in order. */
  function isDense(indices) {
    for (let i = 0; i < indices.length; i++) if (indices[i] !== i) return false;
    return true;
  }

  const isAbsent = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

  /** True when r's own enumerable keys are exactly those record i came in with, in the same order (the common case). */
  function sameKeys(tb, i, r) {
    const keys = ownKeys(r);
    const cols = tb.cols;
    const nc = cols.length;
    if (!tb.sparse) {
      if (keys.length !== nc) return false;
      for (let c = 0; c < nc; c++) if (keys[c] !== cols[c].name) return false;
      return true;
    }
    let c = 0;
    for (let k = 0; k < keys.length; k++) {
      while (c < nc && cols[c].vals[i] === undefined) c++;
      if (c === nc || cols[c].name !== keys[k]) return false;
      c++;
    }
    while (c < nc && cols[c].vals[i] === undefined) c++;
    return c === nc;
  }

  function diffTable(tb, recs) {
    const n = tb.n;
    if (!isArray(recs) || recs.length !== n) return null;
    const cols = tb.cols;
    const changed = new MapCtor();
    const removed = new MapCtor();
    const same = [];
    let byName = null;
    for (let i = 0; i < n; i++) {
      const r = recs[i];
      if (r === null || typeof r !== 'object' || isArray(r)) return null;
      const unchangedKeys = sameKeys(tb, i, r);
      same.push(unchangedKeys);
      if (unchangedKeys) continue;
      // Keys added, removed or reordered: compare key by key.
      if (byName === null) { byName = new MapCtor(); for (let c = 0; c < cols.length; c++) byName.set(cols[c].name, cols[c]); }
      const keys = ownKeys(r);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (key === 'id') continue;
        const col = byName.get(key);
        const before = col === undefined ? undefined : col.vals[i];
        const v = r[key];
        if (isAbsent(v)) {
          if (before !== undefined) noteCell(removed, key, i, undefined, true);
        } else if (before === undefined || (col.json ? stringify(v) !== before : v !== before)) {
          noteCell(changed, key, i, v, false);
        }
      }
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c];
        if (col.name !== 'id' && col.vals[i] !== undefined && !hasOwn(r, col.name)) noteCell(removed, col.name, i, undefined, true);
      }
    }
    // Records with their keys unchanged: column by column (one property name per loop).
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      const name = col.name;
      if (name === 'id') continue;
      const vals = col.vals;
      const json = col.json;
      let ci = null;
      let cv = null;
      for (let i = 0; i < n; i++) {
        if (!same[i]) continue;
        const before = vals[i];
        if (before === undefined) continue;
        const v = recs[i][name];
        if (json ? stringify(v) === before : v === before) continue;
        if (isAbsent(v)) { noteCell(removed, name, i, undefined, true); continue; }
        if (ci === null) {
          let e = changed.get(name);
          if (e === undefined) { e = [name, [], []]; changed.set(name, e); }
          ci = e[1];
          cv = e[2];
        }
        ci.push(i);
        cv.push(v);
      }
    }
    const out = { changed: [], removed: [] };
    // A field changed in every record goes out as its values alone (indices null).
    changed.forEach((e) => { out.changed.push(e[1].length === n && isDense(e[1]) ? [e[0], null, e[2]] : e); });
    removed.forEach((e) => { out.removed.push(e); });
    return out;
  }
`;
