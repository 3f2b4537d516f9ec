import type { NextFunction, Request, Response } from 'express';
import { PlatformError } from '../errors/index.ts';
import { findBadText } from '../util/text.ts';
import { sendError } from './send-error.ts';

/**
 * After a JSON body parser: a body or query string holding a string that cannot be stored (NUL, a
 * lone surrogate) is answered 400 BAD_USER_INPUT with that string's pointer, before any handler
 * (the GraphQL fast path, sign-in) sees it.
 */
export function wellFormedBody() {
  return (req: Request, res: Response, next: NextFunction) => {
    const found = findBadText(req.body) ?? findBadText(req.query, '/query');
    if (!found) {
      req.wellFormed = true;
      return next();
    }
    sendError(res, new PlatformError('BAD_USER_INPUT', `The request at ${found.pointer || '/'} ${found.message}`, { details: [found] }));
  };
}
