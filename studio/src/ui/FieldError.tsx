import { Alert } from 'antd';
import { ApiError } from '../api/graphql.ts';

/** The platform's message for one input (matched by pointer), tied to it by id for aria-describedby. */
export function FieldError({ error, field, id }: { error: unknown; field: string; id: string }) {
  const message = error instanceof ApiError ? error.messageFor(field) : undefined;
  if (!message) return null;
  return <p className="field-error" id={id}>{message}</p>;
}

/** Props that mark an input invalid and point it at its error message. */
export function invalidProps(error: unknown, field: string, id: string): { 'aria-invalid'?: boolean; 'aria-describedby'?: string } {
  return error instanceof ApiError && error.messageFor(field) ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}

/** The whole error, when no input owns it (or in addition). */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon role="alert" className="form-error" title={message} />;
}
