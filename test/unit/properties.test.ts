/** The property suite (test/properties/suite.ts) at a fixed seed, so `npm test` is repeatable. */
import { PROPERTIES } from '../properties/suite';

const RUN = { seed: 20261202, numRuns: 300 } as const;

describe('properties', () => {
  for (const { name, check } of PROPERTIES) it(name, () => check(RUN));
});
