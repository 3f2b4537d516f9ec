import { scriptTypes } from '@tessera/platform';

/** The generic declarations scripts are type-checked against when no tenant's are given (any object, loose records). */
export const AMBIENT = scriptTypes();
