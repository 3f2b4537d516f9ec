import { GraphQLError, type ASTNode, type Source } from 'graphql';
import { PlatformError, type ErrorDetail } from '../../errors/index.ts';

/**
 * A document refused before it is validated or executed, with the code and extensions of the
 * PlatformError it stands for. Like graphql-js's own validation errors it is a request error
 * (`http.spec`): 400 for `application/graphql-response+json`, 200 for plain `application/json`.
 */
export function documentError(error: PlatformError, where: { nodes?: readonly ASTNode[]; source?: Source; positions?: number[] } = {}): GraphQLError {
  return new GraphQLError(error.message, { ...where, extensions: { ...error.toExtensions(), http: { spec: true, status: 400 } } });
}

export function limitError(limit: string, value: number, max: number, message: string, details?: ErrorDetail[]): PlatformError {
  return new PlatformError('LIMIT_EXCEEDED', `${message}: ${value} exceeds the limit ${limit} = ${max}`, { extensions: { limit, value, max }, details });
}

/** A JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
