import path from 'node:path';
import express, { type Router } from 'express';

/** The built studio the server hands out at `/`: a folder, and whether its build is finished. */
export interface StudioSite {
  dir: string;
  isReady(): boolean;
}

/** Paths the studio never owns: the APIs and health checks answer there, with JSON errors. */
const API_PREFIXES = ['/metadata', '/graphql', '/auth', '/healthz', '/readyz'];

const BUILDING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Tessera</title></head><body><main><h1>Tessera</h1><p>The studio is being built; this page reloads by itself.</p></main></body></html>`;

/**
 * Serves the studio: hashed files under `/assets` (cached for a year), and `index.html` for every
 * other GET that asks for HTML (`/`, `/o/lead/…`, `/setup/objects`), so the client-side router
 * takes over. While the build runs, a page that reloads itself answers with 503.
 */
export function studioRoute(site: StudioSite): Router {
  const router = express.Router();
  const assets = express.static(path.join(site.dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true });
  router.use('/assets', (req, res, next) => (site.isReady() ? assets(req, res, next) : next()));
  router.get(/.*/, (req, res, next) => {
    if (API_PREFIXES.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    if (!req.accepts('html')) return next();
    if (!site.isReady()) {
      res.status(503).setHeader('retry-after', '2').type('html').send(BUILDING_PAGE);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(site.dir, 'index.html'));
  });
  return router;
}
