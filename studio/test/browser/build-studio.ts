import { buildStudio } from '../../server/index.ts';

/** Builds the studio once before the browser tests (skipped when the build is current). */
export default async function setup() {
  await buildStudio();
}
