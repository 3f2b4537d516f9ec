/** The NOTIFY channel on which committed metadata changes are announced as `<tenant id>:<metadata version>`. */
export const METADATA_CHANNEL = 'tessera_metadata';

/** The NOTIFY channel on which security changes are announced as `<tenant id>:<security version>`. */
export const SECURITY_CHANNEL = 'tessera_security';

/**
 * Every committed configuration change, whatever its kind, as `<tenant id>:<history seq>:<kinds>`
 * (kinds comma-separated): for listeners that follow configuration as a whole (the audit trail).
 */
export const CHANGES_CHANNEL = 'tessera_changes';
