import type { DocumentNode } from 'graphql';
import { parseWithin } from './parse.ts';
import { checkDocumentShape } from './shape.ts';

/**
 * A yoga plugin for APIs without a document cache of their own (`/metadata`): documents are parsed
 * within bounds and their shape checked before yoga validates them (`/graphql` does the same through
 * its tenant document cache, in `useAdmission`).
 */
export function useParseLimits() {
  return {
    onParse({ setParseFn }: { setParseFn(fn: (source: unknown) => DocumentNode): void }) {
      setParseFn((source) => {
        const document = parseWithin(typeof source === 'string' ? source : (source as { body: string }).body);
        checkDocumentShape(document);
        return document;
      });
    },
  };
}
