import type { NextFunction, Request, Response } from 'express';
import type { Platform } from '../platform.ts';
import { isPlatformError } from '../errors/index.ts';
import { sendError } from './send-error.ts';

/** Resolves the API key to a principal; a missing or unknown key is answered 401 UNAUTHENTICATED. */
export function authenticate(platform: Platform) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      req.principal = await platform.auth.authenticate(req.header('authorization'));
      next();
    } catch (error) {
      if (isPlatformError(error)) return sendError(res, error);
      next(error);
    }
  };
}
