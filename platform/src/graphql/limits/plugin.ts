import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
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

/**
 * graphql-yoga's parse caches (documents and parse errors by text), bounded by weight as well as
 * count: yoga's own count-only LRU would keep a thousand 16 MB documents. A document's text is
 * weighed ~50 bytes a character, what a dense one's syntax tree takes.
 */
export function boundedParseCache() {
  const cache = () => new LRUCache<string, object>({ max: 1000, maxSize: 16 * 2 ** 20, sizeCalculation: (_v, text) => text.length * 50 + 1024 });
  return { documentCache: cache(), errorCache: cache() };
}
