/** The plugin contract: declare with `definePlugin`, install with `platform.plugins.install` (see "Writing a plugin" in docs/architecture.md). */
export { definePlugin, PluginDefinitionError, PLUGIN_NAME } from './define.ts';
export { PluginHost, type PluginHostServices, type PluginSummary, type CommandProvider } from './host.ts';
export { configItemsOf, documentItems, loadDocumentItems, redactSecrets, SECRET_KEPT, type DocumentItemsOptions } from './document-items.ts';
export type * from './types.ts';
