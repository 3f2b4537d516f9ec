/** Collaboration (a plugin of the runtime): followers, notes, the record timeline and its sources. Installed with TESSERA_PLUGINS=…,@tessera/runtime/collaboration. */
export { createCollaborationPlugin } from './plugin.ts';
export { collaborationSources } from './sources.ts';
import { createCollaborationPlugin } from './plugin.ts';
export const createPlugin = createCollaborationPlugin;
