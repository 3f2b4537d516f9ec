/** Imports (a plugin of the runtime): CSV and XLSX into any object through the save pipeline, with progress, an error file and resumption. Installed with TESSERA_PLUGINS=…,@tessera/runtime/imports. */
export { createImportsPlugin, type ImportsOptions } from './plugin.ts';
export { purgeImports, DEFAULT_RETENTION_DAYS } from './purge.ts';
export { suggestMapping, checkMapping, type Mapping } from './mapping.ts';
import { createImportsPlugin } from './plugin.ts';
export const createPlugin = createImportsPlugin;
