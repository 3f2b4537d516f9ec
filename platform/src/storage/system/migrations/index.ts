import { Migration0001SystemModel } from './0001-system-model.ts';
import { Migration0002Security } from './0002-security.ts';
import { Migration0003Scripts } from './0003-scripts.ts';
import { Migration0004ShareSync } from './0004-share-sync.ts';

/** Every system migration, in order. Listed explicitly (no file globbing), so the order is in code review. */
export const SYSTEM_MIGRATIONS = [
  { name: '0001-system-model', class: Migration0001SystemModel },
  { name: '0002-security', class: Migration0002Security },
  { name: '0003-scripts', class: Migration0003Scripts },
  { name: '0004-share-sync', class: Migration0004ShareSync },
];
