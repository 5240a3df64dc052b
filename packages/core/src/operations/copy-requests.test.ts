import { describe, expect, it } from 'vitest';
import { copyRequests, MAX_SINGLE_COPY_SIZE } from './copy.js';
import type { Task, TaskCostContext } from './types.js';

const MiB = 1024 * 1024;

function task(size?: number): Task {
  return {
    id: '1',
    object: { bucket: 'src', key: 'k' },
    destination: { bucket: 'dst', key: 'k' },
    ...(size !== undefined ? { facts: { size } } : {}),
    location: { source: 'm.csv', line: 1 },
  };
}

function context(threshold: number, crossEndpoint = false): TaskCostContext {
  return { settings: { multipartThreshold: threshold, partSize: 8 * MiB }, crossEndpoint };
}

describe('operation: copy requests', () => {
  it.each([
    ['a known size under the threshold: one CopyObject', 100, 16 * MiB, { CopyObject: 1 }],
    [
      'a known size above it: HEAD, the tags, Create, a part per 8 MiB, Complete',
      20 * MiB,
      16 * MiB,
      {
        HeadObject: 1,
        GetObjectTagging: 1,
        CreateMultipartUpload: 1,
        UploadPartCopy: 3,
        CompleteMultipartUpload: 1,
      },
    ],
    [
      'an unknown size under a lowered threshold: HEAD then copy',
      undefined,
      16 * MiB,
      { HeadObject: 1, CopyObject: 1 },
    ],
    ['an unknown size at S3 limit: no HEAD', undefined, MAX_SINGLE_COPY_SIZE, { CopyObject: 1 }],
  ])('%s', (_, size, threshold, expected) => {
    // Act
    const calls = copyRequests(task(size), {}, context(threshold));

    // Assess
    expect(calls.requests).toEqual(expected);
    expect(calls.clientBytes).toBe(0);
    expect(calls.sizeUnknown ?? false).toBe(size === undefined);
  });

  it('reads no tags when new ones are given', () => {
    // Act
    const calls = copyRequests(task(20 * MiB), { NewObjectTagging: [] }, context(16 * MiB));

    // Assess
    expect(calls.requests['GetObjectTagging']).toBeUndefined();
  });

  it.each([
    ['one PUT under the threshold', 100, { GetObjectTagging: 1, GetObject: 1, PutObject: 1 }],
    [
      'an upload in parts above it',
      20 * MiB,
      {
        GetObjectTagging: 1,
        GetObject: 1,
        CreateMultipartUpload: 1,
        UploadPart: 3,
        CompleteMultipartUpload: 1,
      },
    ],
  ])('streams between endpoints: %s, every byte through the client', (_, size, expected) => {
    // Act
    const calls = copyRequests(task(size), {}, context(16 * MiB, true));

    // Assess
    expect(calls.requests).toEqual(expected);
    expect(calls.clientBytes).toBe(size);
  });
});
