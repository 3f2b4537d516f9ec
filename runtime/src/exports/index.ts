/** Export (a plugin of the runtime): startExport and exportJob, CSV and XLSX files streamed by a durable job. */
export { createExportsPlugin } from './plugin.ts';
export { csvField, cellText } from './writers.ts';
import { createExportsPlugin } from './plugin.ts';
export const createPlugin = createExportsPlugin;
