import { runScenarios } from '../../src/scenarios/vitest.ts';

/** The crm-core template's scenarios (templates/crm-core/scenarios), through the runner `tessera test` uses. */
runScenarios('crm-core');
