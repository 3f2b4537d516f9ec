import { Alert } from 'antd';

/** The message under an input; its id is the input's aria-describedby. */
export function ErrorText({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return <p id={id} className="field-error" role="alert">{message}</p>;
}

/** Refusals no single input can show. */
export function FormAlert({ title, messages }: { title: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert type="error" showIcon role="alert" className="form-alert" title={title}
      description={<ul>{messages.map((m) => <li key={m}>{m}</li>)}</ul>} />
  );
}
