import { runScenarios } from '../../src/scenarios/vitest.ts';

/** The fmcg-channel-distribution template's scenarios (templates/fmcg-channel-distribution/scenarios), through the runner `tessera test` uses. */
runScenarios('fmcg-channel-distribution');
