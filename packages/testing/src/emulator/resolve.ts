import { localstackUnavailableReason, startLocalstack } from './localstack.js';
import { startMoto } from './moto.js';
import type { EmulatorHandle } from './types.js';

const TEST_ENDPOINT = 'S3BULK_TEST_ENDPOINT';

/**
 * The S3 API the integration tests use, in this order: `S3BULK_TEST_ENDPOINT`; LocalStack
 * through testcontainers where a container runtime and `LOCALSTACK_AUTH_TOKEN` exist;
 * otherwise a moto_server started on a free loopback port. `log` hears why a path was skipped.
 */
export async function resolveEmulator(
  log: (line: string) => void = () => {},
): Promise<EmulatorHandle> {
  const external = process.env[TEST_ENDPOINT];
  if (external) {
    log(`s3bulk tests: using ${TEST_ENDPOINT}=${external}`);
    return {
      info: {
        kind: 'external',
        endpoint: external.replace(/\/$/, ''),
        region: process.env['AWS_REGION'] ?? 'us-east-1',
        accessKeyId: process.env['AWS_ACCESS_KEY_ID'] ?? 'test',
        secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY'] ?? 'test',
      },
      stop: async () => {},
    };
  }
  const reason = await localstackUnavailableReason();
  if (reason === undefined) {
    log('s3bulk tests: starting LocalStack through testcontainers');
    return startLocalstack();
  }
  log(`s3bulk tests: LocalStack skipped: ${reason}; starting moto_server`);
  return startMoto();
}
