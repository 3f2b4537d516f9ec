import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { InlineCell } from '../../src/records/list/InlineCell.tsx';
import { fieldMeta, objectMeta, renderWith } from './records-fixture.tsx';

const photo = fieldMeta({ name: 'photo', type: 'image', label: 'Photo' });
const sign = fieldMeta({ name: 'sign', type: 'signature', label: 'Signature' });
const attachment = fieldMeta({ name: 'attachment', type: 'file', label: 'Attachment' });
const doc = objectMeta('doc', 'Doc', [photo, sign, attachment]);
const save = async () => ({ id: 'r1' });
const file = (name: string, thumbnail: boolean) => ({ id: `f-${name}`, name, size: 10, mimeType: 'image/png', url: `/files/f-${name}`, thumbnailUrl: thumbnail ? `/files/f-${name}/thumbnail` : null });

describe('list cells of file fields', () => {
  it('an image shows its small thumbnail, a signature its image, named by the file name; a file its name', () => {
    const record = { id: 'r1', photo: file('face.png', true), sign: file('sign.png', false), attachment: file('terms.pdf', false) };
    for (const field of [photo, sign, attachment]) renderWith(<InlineCell object={doc} field={field} record={record} name="r1" save={save} />);
    const face = screen.getByRole('img', { name: 'face.png' });
    expect(face.getAttribute('src')).toBe('/files/f-face.png/thumbnail');
    expect(face.style.maxHeight).toBe('28px');
    expect(screen.getByRole('img', { name: 'sign.png' }).getAttribute('src')).toBe('/files/f-sign.png');
    expect(screen.queryByRole('img', { name: 'terms.pdf' })).toBeNull();
    expect(screen.getByText('terms.pdf')).toBeTruthy();
  });

  it('an empty image cell shows nothing', () => {
    renderWith(<InlineCell object={doc} field={photo} record={{ id: 'r2', photo: null }} name="r2" save={save} />);
    expect(screen.queryByRole('img')).toBeNull();
  });
});
