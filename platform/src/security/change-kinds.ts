import type { ChangeKind } from '../kinds/kind.ts';

/**
 * Security changes that are not configuration a document carries (people and their keys, shares
 * of single records), but are recorded in the history all the same.
 */
export const USER_KIND: ChangeKind = { name: 'user', versions: ['security'], capability: 'manageUsers', guarded: true };
export const API_KEY_KIND: ChangeKind = { name: 'apiKey', versions: [], capability: 'manageUsers', guarded: true };
export const SHARE_KIND: ChangeKind = { name: 'share', versions: ['security'], capability: 'manageUsers' };
