// The crash-point sweep over the S3 job store (the AWS Batch worker's): see crash-sweep/cases.ts.
import { SWEEP_CASES } from './crash-sweep/cases.js';
import { defineSweepCase } from './crash-sweep/suite.js';

for (const sweepCase of SWEEP_CASES.filter((c) => c.store === 's3')) defineSweepCase(sweepCase);
