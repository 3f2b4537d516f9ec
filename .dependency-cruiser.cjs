/**
 * The platform's layers, checked by `npm run depcruise` (part of `npm test`). They read top to
 * bottom; a module may import its own layer and the ones below it, never one above:
 *
 *   server/  http/  graphql/        transports and the process: they call the verbs
 *   platform.ts                     the composition root: wires the services together
 *   operations/                     the verbs (find, get, aggregate, create, update, delete, restore,
 *                                   runCommand), each checking rights itself; the save pipeline
 *   scripts/ audit/ security/       features around the verbs; security/ owns rights and the one
 *                                   row-level access transform of the query tree
 *   query/                          the query tree, the planner of transport-neutral read requests, the compiler
 *   model/                          the catalog as the API sees it (objects, fields, relations) and API limits
 *   expressions/                    the expression language: parser, type checker, SQL and JavaScript back ends
 *   metadata/ field-types/ storage/ errors/ util/ …   below everything above
 *
 * Type-only imports count: a layer that names a type of the one above it depends on it all the same
 * (the cycles of issue 11 were mostly made of them).
 */
const src = '^platform/src/';
const layer = (name) => `${src}${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or replaced alone, and import order decides what is undefined at load time.',
      from: { path: src },
      to: { circular: true },
    },
    {
      name: 'model-is-the-bottom-of-the-api',
      severity: 'error',
      comment: 'The model is what every layer reads: it imports only the catalog (metadata/), field types, errors and util. Anything else it imported would be imported by everything.',
      from: { path: layer('model') },
      to: { path: src, pathNot: [layer('model'), `${src}metadata/(catalog|definitions)\\.ts$`, layer('field-types'), layer('errors'), layer('util')] },
    },
    {
      name: 'expressions-at-the-bottom',
      severity: 'error',
      comment: 'The expression language (formulas, rules, defaults) is compiled by the query compiler and evaluated by the verbs and the studio alike: it reads the model, the catalog types, field types, errors, util and the SQL quoting, and nothing that could import it back.',
      from: { path: layer('expressions') },
      to: { path: src, pathNot: [layer('expressions'), layer('model'), `${src}metadata/(catalog|definitions|label)\\.ts$`, layer('field-types'), layer('errors'), layer('util'), `${src}storage/sql/quote\\.ts$`] },
    },
    {
      name: 'expressions-run-in-the-browser',
      severity: 'error',
      comment: 'The studio checks and previews expressions with the platform\'s own code (@tessera/platform/expressions): nothing it loads may need Node (a built-in module, or a module using them such as util/ids.ts, whose Buffer broke the studio once).',
      from: { path: `${src}expressions/index\\.ts$` },
      to: { reachable: true, path: [`${src}util/ids\\.ts$`, `${src}(storage|db|server|http|jobs|files|encryption)/`, '^(node:)?(crypto|fs|path|os|child_process|net|http|https|stream|zlib|worker_threads)$'], pathNot: [`${src}storage/sql/(quote|runner)\\.ts$`] },
    },
    {
      name: 'graphql-is-a-transport',
      severity: 'error',
      comment: 'GraphQL is one way in, as HTTP routes, scripts (LocalApi) and later workflows are: nothing below the transports may depend on it, or the verbs would need GraphQL to run. platform.ts (the composition root) wires the GraphQL name check into metadata changes until plugins register it.',
      from: { path: src, pathNot: [layer('graphql'), layer('http'), layer('server'), `${src}platform\\.ts$`, `${src}index\\.ts$`] },
      to: { path: layer('graphql') },
    },
    {
      name: 'http-is-a-transport',
      severity: 'error',
      comment: 'Only the process (server/) and the public surface mount the HTTP app.',
      from: { path: src, pathNot: [layer('http'), layer('server'), `${src}index\\.ts$`] },
      to: { path: layer('http') },
    },
    {
      name: 'query-below-the-verbs',
      severity: 'error',
      comment: 'The query tree, planner and compiler know no verb, no transport and no caller: rights come in as a parameter, row-level access is applied to their output by security/.',
      from: { path: layer('query') },
      to: { path: [layer('operations'), layer('security'), layer('graphql'), layer('http'), layer('server'), layer('scripts'), layer('audit'), `${src}platform\\.ts$`] },
    },
    {
      name: 'security-below-the-verbs',
      severity: 'error',
      comment: 'Rights and row-level access are applied by the verbs; security must not call them back.',
      from: { path: layer('security') },
      to: { path: [layer('operations'), layer('scripts'), layer('http'), layer('server'), `${src}platform\\.ts$`] },
    },
    {
      name: 'verbs-below-the-transports',
      severity: 'error',
      comment: 'The verbs serve every transport; they do not know the process that wires them (platform.ts) nor the extensions above them.',
      from: { path: layer('operations') },
      to: { path: [layer('http'), layer('server'), layer('scripts'), `${src}platform\\.ts$`] },
    },
    {
      name: 'composition-root-on-top',
      severity: 'error',
      comment: 'platform.ts imports every service; a module below it that imported it back would import everything (and close a cycle).',
      from: { path: src, pathNot: [layer('graphql'), layer('http'), layer('server'), `${src}index\\.ts$`] },
      to: { path: `${src}platform\\.ts$` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // Type-only imports are dependencies too (see above).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'platform/tsconfig.json' },
  },
};
