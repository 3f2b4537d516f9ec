import { useEffect, useRef, useState, type ChangeEvent, type PointerEvent } from 'react';
import { Button, Progress } from 'antd';
import { useController } from 'react-hook-form';
import { formatBytes, uploadFile, type FileValue } from '../../api/files.ts';
import { useFormObject } from '../form/record-context.ts';
import type { WidgetProps } from './types.ts';

/** An upload in flight: its progress, or the server's refusal. */
function useUpload(p: WidgetProps) {
  const object = useFormObject();
  const { field } = useController({ name: p.field.name });
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (blob: Blob, name: string) => {
    if (!object) return;
    setError(null);
    setProgress(0);
    try {
      field.onChange(await uploadFile(object, p.field.name, blob, name, setProgress));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  };
  return { value: (field.value as FileValue | null) ?? null, clear: () => field.onChange(null), send, progress, error, ref: field.ref };
}

function accept(p: WidgetProps): string | undefined {
  const list = (p.field.definition as { accept?: string[] }).accept;
  return list && !list.includes('*/*') ? list.join(',') : undefined;
}

function UploadStatus({ progress, error }: { progress: number | null; error: string | null }) {
  return (
    <>
      {progress !== null && <Progress percent={Math.round(progress * 100)} size="small" aria-label="Upload progress" />}
      {error && <div role="alert" className="field-error">{error}</div>}
    </>
  );
}

function Picker(p: WidgetProps & { onPick(file: File): void; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input ref={input} id={p.id} type="file" hidden accept={accept(p)} aria-describedby={p.describedBy}
        onChange={(e: ChangeEvent<HTMLInputElement>) => { const f = e.target.files?.[0]; if (f) p.onPick(f); e.target.value = ''; }} />
      <Button disabled={p.readOnly} onClick={() => input.current?.click()}>{p.label}</Button>
    </>
  );
}

/** file: upload with progress; the current file as a download link. */
export function FileInput(p: WidgetProps) {
  const u = useUpload(p);
  return (
    <div className="file-input">
      {u.value && <a href={u.value.url} download={u.value.name}>{u.value.name}</a>}
      {u.value && <span className="file-size"> ({formatBytes(u.value.size)}) </span>}
      <Picker {...p} label={u.value ? 'Replace…' : 'Upload…'} onPick={(f) => void u.send(f, f.name)} />
      {u.value && !p.readOnly && <Button type="link" onClick={u.clear}>Remove</Button>}
      <UploadStatus progress={u.progress} error={u.error} />
    </div>
  );
}

/** image: upload, its thumbnail as a preview, the full image a click away. */
export function ImageInput(p: WidgetProps) {
  const u = useUpload(p);
  return (
    <div className="image-input">
      {u.value && (
        <a href={u.value.url} target="_blank" rel="noopener" aria-label={`Open ${u.value.name}`}>
          <img className="image-preview" src={u.value.thumbnailUrl ?? u.value.url} alt={u.value.name} style={{ maxWidth: 256, maxHeight: 256 }} />
        </a>
      )}
      <Picker {...p} label={u.value ? 'Replace image…' : 'Upload image…'} onPick={(f) => void u.send(f, f.name)} />
      {u.value && !p.readOnly && <Button type="link" onClick={u.clear}>Remove</Button>}
      <UploadStatus progress={u.progress} error={u.error} />
    </div>
  );
}

/** signature: a pad drawn with mouse, pen or finger; "Use" uploads what was drawn as a PNG. */
export function SignatureInput(p: WidgetProps) {
  const u = useUpload(p);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [drawn, setDrawn] = useState(false);
  const [editing, setEditing] = useState(!u.value);
  useEffect(() => { if (!u.value) setEditing(true); }, [u.value]);
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [(e.clientX - r.left) * (e.currentTarget.width / r.width), (e.clientY - r.top) * (e.currentTarget.height / r.height)] as const;
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx || p.readOnly) return;
    drawing.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    ctx.lineWidth = 2; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
    ctx.beginPath(); ctx.moveTo(...at(e));
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    ctx.lineTo(...at(e)); ctx.stroke();
    setDrawn(true);
  };
  const clear = () => { canvas.current?.getContext('2d')?.clearRect(0, 0, canvas.current.width, canvas.current.height); setDrawn(false); };
  const use = () => canvas.current?.toBlob((blob) => { if (blob) void u.send(blob, 'signature.png').then(() => { setEditing(false); clear(); }); }, 'image/png');
  if (u.value && !editing) {
    return (
      <div className="signature-input">
        <img src={u.value.url} alt="Signature" style={{ maxWidth: 300, border: '1px solid #ddd' }} />
        {!p.readOnly && <Button type="link" onClick={() => setEditing(true)}>Sign again</Button>}
      </div>
    );
  }
  return (
    <div className="signature-input">
      <canvas ref={canvas} id={p.id} width={300} height={100} aria-label={`${p.field.label}: draw a signature`} aria-describedby={p.describedBy}
        style={{ border: '1px solid #ccc', touchAction: 'none', cursor: 'crosshair' }}
        onPointerDown={down} onPointerMove={move} onPointerUp={() => { drawing.current = false; }} />
      <div>
        <Button disabled={!drawn || p.readOnly} onClick={use}>Use signature</Button>
        <Button type="link" onClick={clear}>Clear</Button>
        {u.value && <Button type="link" onClick={() => setEditing(false)}>Keep current</Button>}
      </div>
      <UploadStatus progress={u.progress} error={u.error} />
    </div>
  );
}
