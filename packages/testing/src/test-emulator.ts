import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { createS3Client } from '@s3bulk/core';
import { inject } from 'vitest';
import type { EmulatorInfo } from './emulator/types.js';
import './provided-context.js';

/** A bucket name no other test uses: tests share one emulator and never reset each other. */
export function uniqueBucketName(prefix = 'test'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 30);
  return `${clean}-${randomBytes(6).toString('hex')}`;
}

export type ObjectBodies = Record<
  string,
  string | Uint8Array | Omit<PutObjectCommandInput, 'Bucket' | 'Key'>
>;

/** The emulator as a test sees it, with the small steps tests keep needing. */
export class TestEmulator {
  readonly info: EmulatorInfo;
  readonly s3: S3Client;

  constructor(info: EmulatorInfo) {
    this.info = info;
    this.s3 = createS3Client(this.clientOptions());
  }

  /** Options for core's `createS3Client` pointing at the emulator. */
  clientOptions() {
    return {
      endpointUrl: this.info.endpoint,
      region: this.info.region,
      credentials: {
        accessKeyId: this.info.accessKeyId,
        secretAccessKey: this.info.secretAccessKey,
      },
    };
  }

  /** Environment for a child process (CLI, worker) so the SDK's chain finds the emulator. */
  processEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN'])
      delete env[name];
    return {
      ...env,
      AWS_ENDPOINT_URL: this.info.endpoint,
      AWS_REGION: this.info.region,
      AWS_ACCESS_KEY_ID: this.info.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.info.secretAccessKey,
      ...extra,
    };
  }

  async createBucket(prefix = 'test'): Promise<string> {
    const bucket = uniqueBucketName(prefix);
    await this.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return bucket;
  }

  async putObjects(bucket: string, objects: ObjectBodies): Promise<void> {
    for (const [key, value] of Object.entries(objects)) {
      const input =
        typeof value === 'string' || value instanceof Uint8Array ? { Body: value } : value;
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, ...input }));
    }
  }

  async listKeys(bucket: string, prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: this.s3 },
      { Bucket: bucket, Prefix: prefix },
    )) {
      for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    }
    return keys.sort();
  }

  async getText(bucket: string, key: string): Promise<string> {
    const res = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await res.Body?.transformToString()) ?? '';
  }
}

/** The emulator started by the project's globalSetup (`defineProjectConfig(dir, { emulator: true })`). */
export function useEmulator(): TestEmulator {
  return new TestEmulator(inject('s3bulkEmulator'));
}
