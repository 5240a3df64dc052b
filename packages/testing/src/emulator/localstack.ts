import type { EmulatorHandle } from './types.js';

/** Why LocalStack cannot run here, or undefined when it can. */
export async function localstackUnavailableReason(): Promise<string | undefined> {
  if (!process.env['LOCALSTACK_AUTH_TOKEN']) return 'LOCALSTACK_AUTH_TOKEN is not set';
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no container runtime (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Start LocalStack through testcontainers (pinned to 11 for Node 20). */
export async function startLocalstack(): Promise<EmulatorHandle> {
  const { LocalstackContainer } = await import('@testcontainers/localstack');
  const container = await new LocalstackContainer('localstack/localstack:latest')
    .withEnvironment({
      LOCALSTACK_AUTH_TOKEN: process.env['LOCALSTACK_AUTH_TOKEN'] ?? '',
      SERVICES: 's3,batch,lambda,events,dynamodb,iam,sts,logs',
    })
    .start();
  return {
    info: {
      kind: 'localstack',
      endpoint: container.getConnectionUri(),
      region: 'us-east-1',
      accessKeyId: 'test',
      secretAccessKey: 'test',
    },
    stop: async () => {
      await container.stop();
    },
  };
}
