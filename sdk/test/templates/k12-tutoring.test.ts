import { runScenarios } from '../../src/scenarios/vitest.ts';

/** The k12-tutoring template's scenarios (templates/k12-tutoring/scenarios), through the runner `tessera test` uses. */
runScenarios('k12-tutoring');
