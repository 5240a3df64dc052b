import type { ReplicationRule } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { matchReplicationRules, rulesNeedTags } from './replication-rules.js';

function rule(id: string, extra: Partial<ReplicationRule>, bucket = 'dst'): ReplicationRule {
  return {
    ID: id,
    Status: 'Enabled',
    Destination: { Bucket: `arn:aws:s3:::${bucket}` },
    ...extra,
  };
}

const object = { key: 'logs/a.log', kmsEncrypted: false, deleteMarker: false };

describe('replication rules: which rule an object replicates by', () => {
  it.each([
    ['legacy Prefix', rule('r', { Prefix: 'logs/' }), true],
    ['Filter.Prefix elsewhere', rule('r', { Filter: { Prefix: 'img/' } }), false],
    ['a disabled rule', rule('r', { Status: 'Disabled' }), false],
    [
      'And: prefix and tags present',
      rule('r', { Filter: { And: { Prefix: 'logs/', Tags: [{ Key: 'a', Value: '1' }] } } }),
      true,
    ],
    [
      'And: a tag missing',
      rule('r', { Filter: { And: { Tags: [{ Key: 'a', Value: '2' }] } } }),
      false,
    ],
  ])('%s', (_name, r, matches) => {
    const found = matchReplicationRules(
      { Role: 'r', Rules: [r] },
      { ...object, tags: [{ Key: 'a', Value: '1' }] },
    );
    expect(found.length === 1).toBe(matches);
  });

  it('keeps the highest priority per destination bucket, every bucket once', () => {
    // Act
    const found = matchReplicationRules(
      {
        Role: 'r',
        Rules: [
          rule('low', { Priority: 1 }),
          rule('high', { Priority: 3 }),
          rule('other', { Priority: 2 }, 'dr'),
        ],
      },
      object,
    );

    // Assess
    expect(found.map((m) => [m.rule.ID, m.destinationBucket])).toEqual([
      ['high', 'dst'],
      ['other', 'dr'],
    ]);
  });

  it('replicates SSE-KMS objects only where SseKmsEncryptedObjects is enabled', () => {
    const opted = rule('kms', {
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
    });
    const rules = { Role: 'r', Rules: [rule('plain', {}, 'p'), opted] };
    expect(
      matchReplicationRules(rules, { ...object, kmsEncrypted: true }).map((m) => m.rule.ID),
    ).toEqual(['kms']);
  });

  it('replicates a delete marker only by a rule without tags that asks for it', () => {
    const rules = {
      Role: 'r',
      Rules: [
        rule('yes', { DeleteMarkerReplication: { Status: 'Enabled' } }, 'a'),
        rule('no', { DeleteMarkerReplication: { Status: 'Disabled' } }, 'b'),
        rule(
          'tagged',
          {
            DeleteMarkerReplication: { Status: 'Enabled' },
            Filter: { Tag: { Key: 'a', Value: '1' } },
          },
          'c',
        ),
      ],
    };
    expect(
      matchReplicationRules(rules, { ...object, deleteMarker: true }).map((m) => m.rule.ID),
    ).toEqual(['yes']);
    expect(rulesNeedTags(rules)).toBe(true);
    expect(rulesNeedTags({ Role: 'r', Rules: [rule('p', {})] })).toBe(false);
  });
});
