import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/graphql.ts';

/** The platform's message for one input (matched by pointer; `item`: see ApiError.messageFor), tied to it by id for aria-describedby. */
export function FieldError({ error, field, id, item }: { error: unknown; field: string; id: string; item?: string }) {
  const message = error instanceof ApiError ? error.messageFor(field, item) : undefined;
  if (!message) return null;
  return <p className="field-error" id={id}>{message}</p>;
}

/** Props that mark an input invalid and point it at its error message. */
export function invalidProps(error: unknown, field: string, id: string, item?: string): { 'aria-invalid'?: boolean; 'aria-describedby'?: string } {
  return error instanceof ApiError && error.messageFor(field, item) ? { 'aria-invalid': true, 'aria-describedby': id } : {};
}

/** A labelled input of a form with the platform's message for it below (its id: `<id>-error`). */
export function FormRow({ id, label, children, error, field, item }: { id: string; label: string; children: ReactNode; error?: unknown; field?: string; item?: string }) {
  return (
    <div className="form-row">
      <label htmlFor={id}>{label}</label>
      {children}
      {field && <FieldError error={error} field={field} id={`${id}-error`} item={item} />}
    </div>
  );
}

/** The whole error, when no input owns it (or in addition). */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon role="alert" className="form-error" title={message} />;
}
