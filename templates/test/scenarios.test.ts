/**
 * The bundled templates' scenarios (templates/<name>/scenarios/*.json), each in a throw-away tenant
 * through the SDK's runner (the one `tessera test <dir>` uses): one test per scenario.
 */
import { runScenarios } from '@tessera/sdk/scenarios/vitest';

runScenarios('crm-core');
runScenarios('k12-tutoring');
