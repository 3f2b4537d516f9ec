/**
 * The bundled templates (templates/): packages that ship with the platform. Their components keep
 * the un-prefixed names tenants already have (`lead`, `student`), which their manifests say with
 * `legacyNames: true`. Their names are reserved in the registry and `legacyNames` is refused there,
 * so the exception stays theirs alone.
 */
export const BUNDLED_TEMPLATES: readonly string[] = ['crm-core', 'k12-tutoring', 'fmcg-channel-distribution', 'manufacturing-project-sales'];
