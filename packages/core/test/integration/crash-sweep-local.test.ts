// The crash-point sweep over the local job store (the CLI's): see crash-sweep/cases.ts.
import { SWEEP_CASES } from './crash-sweep/cases.js';
import { defineSweepCase } from './crash-sweep/suite.js';

for (const sweepCase of SWEEP_CASES.filter((c) => c.store === 'local')) defineSweepCase(sweepCase);
