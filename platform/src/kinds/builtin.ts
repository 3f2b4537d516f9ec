import type { Platform } from '../platform.ts';
import { API_KEY_KIND, SHARE_KIND, USER_KIND } from '../security/change-kinds.ts';
import type { ChangeKind } from './kind.ts';

/** The platform's own kinds, in document order (plugins register theirs after). */
export function builtinKinds(_platform: Platform): ChangeKind[] {
  return [
    { name: 'object', versions: ['metadata'], capability: 'manageMetadata' },
    { name: 'role', versions: ['security'], capability: 'manageUsers', guarded: true },
    { name: 'permissionSet', versions: ['security'], capability: 'manageUsers', guarded: true },
    { name: 'group', versions: ['security'], capability: 'manageUsers', guarded: true },
    { name: 'sharingRule', versions: ['security'], capability: 'manageUsers', guarded: true },
    { name: 'listView', versions: [], capability: 'manageMetadata' },
    { name: 'dashboard', versions: [], capability: 'manageMetadata' },
    { name: 'script', versions: ['metadata'], capability: 'admin', historyCapability: 'manageMetadata' },
    USER_KIND, API_KEY_KIND, SHARE_KIND,
  ];
}
