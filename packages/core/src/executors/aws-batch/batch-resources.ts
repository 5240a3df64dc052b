import type { BatchClient } from '@aws-sdk/client-batch';
import { loadSdk } from '../../config/load-sdk.js';
import { ConfigError } from '../../errors.js';

export interface BatchResources {
  readonly jobQueue: string;
  /** A name (its latest active revision), `name:revision` or an ARN. */
  readonly jobDefinition: string;
}

/**
 * Fail before anything is uploaded when the job queue or the job definition does not exist (or
 * is not usable): SubmitJob would refuse the job only after the manifest and spec were written.
 */
export async function assertBatchResources(
  batch: BatchClient,
  resources: BatchResources,
): Promise<void> {
  const { DescribeJobQueuesCommand, DescribeJobDefinitionsCommand } = await loadSdk('batch');
  const queues = await batch.send(
    new DescribeJobQueuesCommand({ jobQueues: [resources.jobQueue] }),
  );
  const queue = queues.jobQueues?.[0];
  if (!queue) {
    throw new ConfigError(`job queue "${resources.jobQueue}" not found`, {
      code: 'JobQueueNotFound',
    });
  }
  if (queue.state === 'DISABLED') {
    throw new ConfigError(`job queue "${resources.jobQueue}" is disabled`, {
      code: 'JobQueueDisabled',
    });
  }
  const definition = resources.jobDefinition;
  const exact = definition.startsWith('arn:') || definition.includes(':');
  const definitions = await batch.send(
    new DescribeJobDefinitionsCommand(
      exact
        ? { jobDefinitions: [definition] }
        : { jobDefinitionName: definition, status: 'ACTIVE' },
    ),
  );
  const active = (definitions.jobDefinitions ?? []).filter((d) => d.status !== 'INACTIVE');
  if (active.length === 0) {
    throw new ConfigError(`job definition "${definition}" not found (or not active)`, {
      code: 'JobDefinitionNotFound',
    });
  }
}
