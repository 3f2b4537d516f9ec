import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import type { GraphiQLOptions } from 'graphql-yoga';
import renderGraphiqlPackage from '@graphql-yoga/render-graphiql/package.json' with { type: 'json' };

/**
 * GraphiQL served by the server itself. graphql-yoga's own page loads GraphiQL from a CDN, so
 * offline (or behind a proxy that blocks it) it never gets past "Loading…". The same GraphiQL build,
 * from the pinned @graphql-yoga/render-graphiql package, is split here into files under a versioned
 * path — the page, its script, style, favicon and the three Monaco workers — so that the page is
 * small, the assets are cached for good, and the Content-Security-Policy can say 'self' for scripts
 * (the package's own renderer inlines 9 MB of script, which only 'unsafe-inline' would allow).
 */

const BASE = `/graphiql/${renderGraphiqlPackage.version}`;

/** Monaco asks for a worker by label; each label's bundle is served as its own file. */
const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' } as const;

/**
 * The page's policy: everything from the server only. Styles allow 'unsafe-inline' because Monaco
 * and GraphiQL set element styles at run time; scripts do not.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

/** Before GraphiQL's bundle runs: Monaco finds its workers on this server. After: render with the page's options. */
const prelude = `self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_moduleId, label) { return ${JSON.stringify(Object.fromEntries(Object.entries(WORKERS).map(([label, file]) => [label, `${BASE}/${file}`])))}[label]; } };\n`;
const start = `\n;(function () {
  var options = JSON.parse(document.getElementById('graphiql-options').textContent || '{}');
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();\n`;

function asset(type: string, content: string | Buffer): Asset {
  const body = typeof content === 'string' ? Buffer.from(content) : content;
  // Compressed once, on first use, off the event loop (the script is 5 MB).
  let gzipped: Promise<Buffer> | undefined;
  return { type, body, get gzipped() { return (gzipped ??= gzipAsync(body, { level: 9 })); } };
}

let loading: Promise<Map<string, Asset>> | undefined;

/** The 9 MB module is imported on the first GraphiQL request, not at start-up. */
function assets(): Promise<Map<string, Asset>> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => new Map<string, Asset>([
    ['graphiql.js', asset('text/javascript; charset=utf-8', prelude + bundle.js + start)],
    ['graphiql.css', asset('text/css; charset=utf-8', bundle.css)],
    ['favicon.ico', asset('image/x-icon', Buffer.from(bundle.favicon.slice(bundle.favicon.indexOf(',') + 1), 'base64'))],
    [WORKERS.editorWorkerService, asset('text/javascript; charset=utf-8', bundle.editorWorkerService)],
    [WORKERS.json, asset('text/javascript; charset=utf-8', bundle.jsonWorker)],
    [WORKERS.graphql, asset('text/javascript; charset=utf-8', bundle.graphqlWorker)],
  ]));
  return loading;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** yoga's `renderGraphiQL`: the page, whose options travel as inert JSON (no inline script for the CSP to allow). */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const { favicon: _favicon, ...rest } = options;
  // `<` escaped: the JSON cannot close its <script> element.
  const json = JSON.stringify(rest).replace(/</g, '\\u003c');
  const title = escapeHtml(options.title ?? 'GraphiQL');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="${BASE}/favicon.ico">
<link rel="stylesheet" href="${BASE}/graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root">Loading ${title}…</div>
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${BASE}/graphiql.js"></script>
</body>
</html>
`;
}

/** `GET /graphiql/<version>/<file>`: the assets, for anyone (they hold no data), cached for good. */
export function graphiqlAssets(): Router {
  const router = express.Router();
  router.get(`${BASE}/:file`, async (req: Request, res: Response, next) => {
    try {
      const found = (await assets()).get(String(req.params.file));
      if (!found) return next();
      res.setHeader('content-type', found.type);
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('vary', 'accept-encoding');
      if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
        res.setHeader('content-encoding', 'gzip');
        res.end(await found.gzipped);
      } else {
        res.end(found.body);
      }
    } catch (error) {
      next(error);
    }
  });
  return router;
}
