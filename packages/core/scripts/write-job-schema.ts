// Writes docs/job-spec.schema.json from the job file's zod schema: `npm run schema -w @s3bulk/core`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jobSpecJsonSchema } from '../src/job/job-spec.js';

const target = resolve(import.meta.dirname, '../../../docs/job-spec.schema.json');
writeFileSync(target, `${JSON.stringify(jobSpecJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
