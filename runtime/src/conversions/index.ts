/** Conversion (a plugin of the runtime): kind `conversions`, the `<object>Convert` mutation. Installed with TESSERA_PLUGINS=…,@tessera/runtime/conversions. */
export { createConversionsPlugin } from './plugin.ts';
export { conversionSchema, type ConversionItem } from './definition.ts';
export { checkConversion, activeConversion } from './kind.ts';
import { createConversionsPlugin } from './plugin.ts';
export const createPlugin = createConversionsPlugin;
