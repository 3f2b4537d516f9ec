import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../auth/index.ts';
import type { SecurityContext } from '../security/model.ts';
import type { TenantApi } from '../graphql/data-api/schema-cache.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
      principal?: Principal;
      /** The caller's rights, computed once by authentication for the whole request. */
      security?: SecurityContext;
      /** The tenant's security version `security` was computed at. */
      securityVersion?: number;
      /** Set once the JSON body and the query string were checked for text that cannot be stored (well-formed-body.ts). */
      wellFormed?: boolean;
      /** The tenant's GraphQL API at its current metadata version (set by the /graphql route). */
      tenantApi?: TenantApi;
    }
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const BASE = Symbol('base logger');
const CHILD = Symbol('request logger');
type Logged = Request & { [BASE]?: Logger; [CHILD]?: Logger };

// `req.log` is the request's child logger, made when first used (most requests log nothing at warn):
// a getter on the prototype express gives every request, so requests keep one shape.
Object.defineProperty(express.request, 'log', {
  configurable: true,
  get(this: Logged) {
    return (this[CHILD] ??= this[BASE]!.child({ reqId: this.id }));
  },
  set(this: Logged, value: Logger) {
    this[CHILD] = value;
  },
});

/**
 * Gives every request an id (the caller's `x-request-id` when sane), a child logger (`req.log`), and
 * a log line when done; the line is only timed when the logger writes info lines.
 */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    (req as Logged)[BASE] = logger;
    res.setHeader('x-request-id', id);
    if (logger.isLevelEnabled('info')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        req.log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10, tenant: req.principal?.tenantSlug }, 'request');
      });
    }
    next();
  };
}
