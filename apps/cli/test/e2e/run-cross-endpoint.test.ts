import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { deterministicBytes, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

const MiB = 1024 * 1024;

describe('s3bulk run: source and destination on different endpoints', () => {
  const emulator = useEmulator();
  // One emulator behind two endpoint URLs (127.0.0.1 and localhost) needs a loopback emulator.
  const endpoint = new URL(emulator.info.endpoint);

  it.skipIf(endpoint.hostname !== '127.0.0.1')(
    'streams objects from one endpoint into the other (multipart above the threshold)',
    async () => {
      requireBuiltCli();
      // Prepare: one emulator behind two endpoint URLs is, to the CLI, two S3 services.
      const other = `http://localhost:${endpoint.port}`;
      const src = await emulator.createBucket('cross-src');
      const dst = await emulator.createBucket('cross-dst');
      const big = deterministicBytes(12 * MiB, 3);
      await emulator.putObjects(src, { 'small.txt': 'small', 'big.bin': big });
      const dir = await tempDir();
      const manifest = await writeText(
        dir,
        'pairs.csv',
        `s3://${src}/small.txt,s3://${dst}/small.txt\ns3://${src}/big.bin,s3://${dst}/big.bin\n`,
      );

      // Act
      const result = await runCli(
        [
          'run',
          '--manifest',
          manifest,
          '--source-endpoint-url',
          emulator.info.endpoint,
          '--destination-endpoint-url',
          other,
          '--multipart-threshold',
          '8MiB',
          '--part-size',
          '5MiB',
          '--report',
          join(dir, 'r'),
          '--job-dir',
          join(dir, 'jobs'),
          '--json',
        ],
        emulator.processEnv(),
      );

      // Assess
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { reportPath: string };
      expect(await emulator.getText(dst, 'small.txt')).toBe('small');
      const copied = await emulator.s3.send(new GetObjectCommand({ Bucket: dst, Key: 'big.bin' }));
      expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(Buffer.from(big))).toBe(
        true,
      );
      const messages = (await reportRows(summary.reportPath)).map((r) => r.message);
      expect(messages).toContainEqual(expect.stringMatching(/^streamed in 3 parts to /));
      expect(messages.every((m) => !m.startsWith('copied'))).toBe(true);
    },
  );
});
