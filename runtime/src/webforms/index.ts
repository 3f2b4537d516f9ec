/**
 * Web-to-lead forms (a plugin of the runtime, on pools): kind `webForms`; the public endpoint
 * `POST /forms/<tenant slug>/<form name>`. Installed with TESSERA_PLUGINS=…,@tessera/runtime/webforms.
 */
export { createWebFormsPlugin } from './plugin.ts';
export { webFormSchema, type WebFormItem, type WebFormField } from './definition.ts';
export { checkWebForm } from './kind.ts';
import { createWebFormsPlugin } from './plugin.ts';
export const createPlugin = createWebFormsPlugin;
