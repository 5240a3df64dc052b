import { describe, expect, it } from 'vitest';
import type { S3BatchEvent } from '@s3bulk/core';
import { splitPair, taskFromEvent } from './event-task.js';

const v1 = (s3Key: string, s3VersionId: string | null = null): S3BatchEvent => ({
  invocationSchemaVersion: '1.0',
  invocationId: 'i',
  job: { id: 'j' },
  tasks: [{ taskId: 't', s3Key, s3VersionId, s3BucketArn: 'arn:aws:s3:::bkt' }],
});

describe('batch-lambda: task from event', () => {
  it.each([
    ['a%20b/c%2Bd.txt', 'a b/c+d.txt'],
    ['a+b.txt', 'a b.txt'],
    ['%E6%97%A5%E6%9C%AC.txt', '日本.txt'],
    ['100%25.txt', '100%.txt'],
  ])('decodes the URL-encoded key %j', (encoded, key) => {
    const event = v1(encoded, 'v1');
    expect(taskFromEvent(event, event.tasks[0]!, { pairs: false }).object).toEqual({
      bucket: 'bkt',
      key,
      versionId: 'v1',
    });
  });

  it('rejects a key that is not valid URL encoding, naming it', () => {
    const event = v1('bad%zz');
    expect(() => taskFromEvent(event, event.tasks[0]!, { pairs: false })).toThrow(/s3Key "bad%zz"/);
  });

  it.each([
    [
      's3://src/a.txt,s3://dst/b.txt',
      { bucket: 'src', key: 'a.txt' },
      { bucket: 'dst', key: 'b.txt' },
    ],
    [
      'in/a,b.txt,s3://dst/out/x',
      { bucket: 'bkt', key: 'in/a,b.txt' },
      { bucket: 'dst', key: 'out/x' },
    ],
  ])('splits the pairs row %j', (key, source, destination) => {
    expect(splitPair(key, 'bkt')).toEqual({ source, destination });
  });

  it('takes a key literally when pairs are off or there is no s3:// half', () => {
    const event = v1('s3%3A//src/a.txt%2Cs3%3A//dst/b.txt');
    expect(taskFromEvent(event, event.tasks[0]!, { pairs: false }).destination).toBeUndefined();
    expect(splitPair('plain,key.csv', 'bkt')).toBeUndefined();
  });

  it('a pairs row must name objects on both sides', () => {
    expect(() => splitPair('a.txt,s3://dst', 'bkt')).toThrow(/must both name an object/);
  });
});
