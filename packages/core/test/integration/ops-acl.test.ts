import { GetObjectAclCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../../src/errors.js';
import { putObjectAclOperation } from '../../src/operations/acl.js';
import { contextFor, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

async function grantsOf(bucket: string, key: string) {
  const out = await emulator.s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  const grants = (out.Grants ?? []).map((g) => ({
    who: g.Grantee?.URI ?? g.Grantee?.ID ?? g.Grantee?.EmailAddress,
    permission: g.Permission,
  }));
  return { owner: out.Owner?.ID, grants };
}

describe('operation: S3PutObjectAcl', () => {
  it('applies a canned ACL', async () => {
    // Prepare
    const bucket = await emulator.createBucket('acl');
    await emulator.putObjects(bucket, { 'a b.txt': 'x' });
    const op = putObjectAclOperation.create(
      putObjectAclOperation.parse({
        AccessControlPolicy: { CannedAccessControlList: 'public-read' },
      }),
    );

    // Act
    const outcome = await op.run(taskFor({ bucket, key: 'a b.txt' }), contextFor(emulator));

    // Assess
    const { owner, grants } = await grantsOf(bucket, 'a b.txt');
    expect(outcome.message).toContain('canned ACL public-read');
    expect(grants).toEqual(
      expect.arrayContaining([
        { who: owner, permission: 'FULL_CONTROL' },
        { who: ALL_USERS, permission: 'READ' },
      ]),
    );
  });

  it('replaces the ACL with explicit grants (canonical id and group uri, one header per permission)', async () => {
    // Prepare
    const bucket = await emulator.createBucket('acl');
    await emulator.putObjects(bucket, { k: 'x' });
    const { owner } = await grantsOf(bucket, 'k');
    const op = putObjectAclOperation.create(
      putObjectAclOperation.parse({
        AccessControlPolicy: {
          AccessControlList: {
            Owner: { ID: owner },
            Grants: [
              { Grantee: { TypeIdentifier: 'id', Identifier: owner }, Permission: 'FULL_CONTROL' },
              { Grantee: { TypeIdentifier: 'uri', Identifier: ALL_USERS }, Permission: 'READ_ACP' },
            ],
          },
        },
      }),
    );

    // Act
    await op.run(taskFor({ bucket, key: 'k' }), contextFor(emulator));

    // Assess
    expect((await grantsOf(bucket, 'k')).grants).toEqual([
      { who: owner, permission: 'FULL_CONTROL' },
      { who: ALL_USERS, permission: 'READ_ACP' },
    ]);
  });

  it.each([
    [{ AccessControlPolicy: {} }, 'S3PutObjectAcl.AccessControlPolicy', /exactly one of/],
    [
      { AccessControlPolicy: { CannedAccessControlList: 'public' } },
      'S3PutObjectAcl.AccessControlPolicy.CannedAccessControlList',
      /"private", "public-read"/,
    ],
    [
      {
        AccessControlPolicy: {
          AccessControlList: {
            Owner: { ID: 'o' },
            Grants: [{ Grantee: { TypeIdentifier: 'group', Identifier: 'x' }, Permission: 'READ' }],
          },
        },
      },
      'S3PutObjectAcl.AccessControlPolicy.AccessControlList.Grants.0.Grantee.TypeIdentifier',
      /"id", "emailAddress", "uri"/,
    ],
    [
      {
        AccessControlPolicy: {
          AccessControlList: {
            Owner: { ID: 'o' },
            Grants: [{ Grantee: { TypeIdentifier: 'id', Identifier: 'x' }, Permission: 'ALL' }],
          },
        },
      },
      'S3PutObjectAcl.AccessControlPolicy.AccessControlList.Grants.0.Permission',
      /"FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP"/,
    ],
  ])('rejects the bad spec %j naming the field and what is allowed', (spec, field, message) => {
    // Act
    let error: unknown;
    try {
      putObjectAclOperation.parse(spec);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
