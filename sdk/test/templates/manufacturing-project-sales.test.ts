import { runScenarios } from '../../src/scenarios/vitest.ts';

/** The manufacturing-project-sales template's scenarios (templates/manufacturing-project-sales/scenarios), through the runner `tessera test` uses. */
runScenarios('manufacturing-project-sales');
