import {
  DeleteObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type ReplicationConfiguration,
  type ReplicationRule,
} from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { generateManifest } from '../../src/manifest/generator.js';
import { replicateObjectDefinition } from '../../src/operations/replicate.js';
import type { OperationContext } from '../../src/operations/types.js';
import { contextFor, settle, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

async function versionedBucket(prefix: string): Promise<string> {
  const bucket = await emulator.createBucket(prefix);
  await emulator.s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  return bucket;
}

/**
 * Put the rules on the source bucket, and a context whose clients answer GetBucketReplication
 * with them: moto stores the configuration but gives back every rule without its Filter and
 * with DeleteMarkerReplication Disabled. Every other request goes to moto.
 */
async function replicating(source: string, rules: ReplicationRule[]): Promise<OperationContext> {
  const configuration: ReplicationConfiguration = {
    Role: 'arn:aws:iam::123456789012:role/replication',
    Rules: rules,
  };
  await emulator.s3.send(
    new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: configuration }),
  );
  const { endpointUrl, region, credentials } = emulator.clientOptions();
  const client = new S3Client({ endpoint: endpointUrl, region, credentials, forcePathStyle: true });
  client.middlewareStack.add(
    (next, context) => async (args) =>
      context.commandName === 'GetBucketReplicationCommand'
        ? { output: { ReplicationConfiguration: configuration, $metadata: {} }, response: {} }
        : next(args),
    { step: 'initialize', name: 'moto-replication-configuration' },
  );
  const base = contextFor(emulator);
  return { ...base, s3: { source: client, destination: client } };
}

const replicate = () => replicateObjectDefinition.create(replicateObjectDefinition.parse({}));

describe('operation: S3ReplicateObject (in-process, from the bucket replication rules)', () => {
  it('copies each object to the rule it matches: prefix and tag filters, priority, storage class, owner override', async () => {
    // Prepare
    const src = await versionedBucket('repl-src');
    const logs = await versionedBucket('repl-logs');
    const prod = await versionedBucket('repl-prod');
    const context = await replicating(src, [
      {
        ID: 'logs-low',
        Priority: 1,
        Status: 'Enabled',
        Filter: { Prefix: 'logs/' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: `arn:aws:s3:::${logs}` },
      },
      {
        ID: 'logs-ia',
        Priority: 5,
        Status: 'Enabled',
        Filter: { Prefix: 'logs/2026/' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: `arn:aws:s3:::${logs}`, StorageClass: 'STANDARD_IA' },
      },
      {
        ID: 'prod',
        Priority: 2,
        Status: 'Enabled',
        Filter: { Tag: { Key: 'env', Value: 'prod' } },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: `arn:aws:s3:::${prod}`,
          Account: '123456789012',
          AccessControlTranslation: { Owner: 'Destination' },
        },
      },
      {
        ID: 'off',
        Priority: 9,
        Status: 'Disabled',
        Filter: { Prefix: 'tmp/' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: `arn:aws:s3:::${prod}` },
      },
    ]);
    await emulator.s3.send(
      new PutObjectCommand({
        Bucket: src,
        Key: 'logs/2026/a.log',
        Body: 'aa',
        Tagging: 'env=prod',
      }),
    );
    await emulator.putObjects(src, { 'logs/2025/b.log': 'bb', 'tmp/c': 'cc' });
    const op = replicate();

    // Act
    const a = await op.run(taskFor({ bucket: src, key: 'logs/2026/a.log' }), context);
    const b = await op.run(taskFor({ bucket: src, key: 'logs/2025/b.log' }, 2), context);
    const c = await settle(op.run(taskFor({ bucket: src, key: 'tmp/c' }, 3), context));

    // Assess
    expect(a.message).toBe(
      `replicated to s3://${logs}/logs/2026/a.log (rule logs-ia, STANDARD_IA), s3://${prod}/logs/2026/a.log (rule prod, STANDARD)`,
    );
    expect(b.message).toBe(`replicated to s3://${logs}/logs/2025/b.log (rule logs-low, STANDARD)`);
    expect(c).toMatchObject({ error: { code: 'NoMatchingReplicationRule' } });
    const ia = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: logs, Key: 'logs/2026/a.log' }),
    );
    expect(ia.StorageClass).toBe('STANDARD_IA');
    const copy = await emulator.s3.send(
      new GetObjectCommand({ Bucket: prod, Key: 'logs/2026/a.log' }),
    );
    expect(await copy.Body?.transformToString()).toBe('aa');
    const acl = await emulator.s3.send(
      new GetObjectAclCommand({ Bucket: prod, Key: 'logs/2026/a.log' }),
    );
    expect(acl.Grants?.some((g) => g.Permission === 'FULL_CONTROL')).toBe(true);
  });

  it('replicates delete markers only where the rule says so', async () => {
    // Prepare
    const src = await versionedBucket('repl-src');
    const dst = await versionedBucket('repl-dst');
    const keep = await versionedBucket('repl-keep');
    const context = await replicating(src, [
      {
        ID: 'markers',
        Priority: 1,
        Status: 'Enabled',
        Filter: { Prefix: 'm/' },
        DeleteMarkerReplication: { Status: 'Enabled' },
        Destination: { Bucket: `arn:aws:s3:::${dst}` },
      },
      {
        ID: 'no-markers',
        Priority: 2,
        Status: 'Enabled',
        Filter: { Prefix: 'k/' },
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: `arn:aws:s3:::${keep}` },
      },
    ]);
    await emulator.putObjects(src, { 'm/gone.txt': 'x', 'k/gone.txt': 'y' });
    await emulator.putObjects(dst, { 'm/gone.txt': 'x' });
    await emulator.putObjects(keep, { 'k/gone.txt': 'y' });
    for (const key of ['m/gone.txt', 'k/gone.txt'])
      await emulator.s3.send(new DeleteObjectCommand({ Bucket: src, Key: key }));
    const markers = [];
    for await (const entry of generateManifest(
      { format: 'generate', bucket: src, allVersions: true },
      emulator,
    ))
      if (entry.facts?.size === undefined) markers.push(entry);
    const op = replicate();

    // Act
    const outcomes = await Promise.all(
      markers.map((m, i) => op.run(taskFor(m.object, i + 1), context)),
    );

    // Assess
    expect(outcomes.map((o) => o.message).sort()).toEqual([
      'delete marker not replicated: no rule replicates delete markers',
      `delete marker replicated to s3://${dst}/m/gone.txt`,
    ]);
    const dstVersions = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: dst }));
    expect(dstVersions.DeleteMarkers?.map((m) => m.Key)).toEqual(['m/gone.txt']);
    expect(await emulator.listKeys(keep)).toEqual(['k/gone.txt']);
  });
});
