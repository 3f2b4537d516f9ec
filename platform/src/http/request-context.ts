import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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

/**
 * Gives every request an id (the caller's `x-request-id` when sane), a child logger, and a log line
 * when done. The child logger is made when first used (most requests log nothing at warn), and the
 * line is only timed when the logger writes info lines.
 */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, enumerable: true, get: () => (log ??= logger.child({ reqId: id })), set: (value: Logger) => { log = value; } });
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
