import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { encodeBatchKey } from '@s3bulk/core';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const emulator = useEmulator();

describe('batch-lambda: bundle', () => {
  it('dist/handler.mjs runs standalone as the Lambda runtime would load it', async () => {
    // Prepare
    await run(process.execPath, ['bundle.mjs'], { cwd: root });
    const bucket = await emulator.createBucket('bundle');
    const key = 'dir/with space+plus.txt';
    await emulator.putObjects(bucket, { [key]: 'x' });
    const event = {
      invocationSchemaVersion: '2.0',
      invocationId: 'inv',
      job: {
        id: 'job',
        userArguments: {
          operation: JSON.stringify({ S3PutObjectTagging: { TagSet: [{ Key: 'b', Value: '1' }] } }),
        },
      },
      tasks: [{ taskId: 't1', s3Bucket: bucket, s3Key: encodeBatchKey(key), s3VersionId: null }],
    };
    const script =
      'const { handler } = await import(process.argv[1]); ' +
      'console.log(JSON.stringify(await handler(JSON.parse(process.argv[2]))));';

    // Act
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, join(root, 'dist/handler.mjs'), JSON.stringify(event)],
      {
        env: emulator.processEnv({
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        }),
      },
    );

    // Assess
    const response = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(response).toMatchObject({
      invocationSchemaVersion: '2.0',
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: 'inv',
      results: [{ taskId: 't1', resultCode: 'Succeeded' }],
    });
    const tags = await emulator.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    expect(tags.TagSet).toEqual([{ Key: 'b', Value: '1' }]);
  });
});
