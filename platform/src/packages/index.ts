/**
 * Packages: the format (a manifest validated by `tessera:package`, namespaced components), ed25519
 * signing over a canonical serialization, and the registry behind the marketplace. Installing a
 * package into a tenant builds on this (layered metadata), not here.
 */
export { packageSchema, NAMESPACE, PACKAGE_NAME } from './manifest-schema.ts';
export { validateManifest, componentNames, type PackageManifest, type ManifestCheck } from './manifest.ts';
export { canonicalJson, generatePublisherKey, publicKeyOf, signPackage, signatureValid, type SignedPackage } from './signing.ts';
export { filesProblems } from './files.ts';
export { registerPublisher, revokePublisher, type Publisher } from './publishers.ts';
export { publishPackage, type PublishedVersion } from './publish.ts';
export { listMarketplace, type MarketplaceListing } from './marketplace.ts';
export { bundledTemplates } from './bundled.ts';
export * from './install/index.ts';
export { BUNDLED_TEMPLATES, manifestOfTemplate, type TemplateManifestLike } from './templates.ts';
export { scenarioSchema, scenarioProblems, validateScenario, SCENARIO_VERBS, type Scenario, type ScenarioStep, type ScenarioUser, type ScenarioExpect, type ScenarioExpectError } from './scenario-schema.ts';
export { loadFixtures, checkFixtures, resolveReferences, referenceOf, type FixtureDocument, type FixtureWriter, type FixtureRefs, type LoadedFixtures } from './fixtures.ts';
export { readSampleData, requireInstalled, type SampleDataSource } from './sample-data.ts';
