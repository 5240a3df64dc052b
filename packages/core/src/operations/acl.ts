import { PutObjectAclCommand, type Grant, type ObjectCannedACL } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'aws-exec-read',
  'authenticated-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;
export const ACL_PERMISSIONS = ['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'] as const;
const GRANTEE_TYPES = ['id', 'emailAddress', 'uri'] as const;

const granteeSchema = z.strictObject({
  TypeIdentifier: z.enum(GRANTEE_TYPES),
  Identifier: z.string().min(1, 'must not be empty'),
  DisplayName: z.string().optional(),
});

const aclSchema = z.strictObject({
  Owner: z.strictObject({
    ID: z.string().min(1, 'must be the owner canonical user id'),
    DisplayName: z.string().optional(),
  }),
  Grants: z
    .array(
      z.strictObject({
        Grantee: granteeSchema,
        Permission: z.enum(ACL_PERMISSIONS),
      }),
    )
    .max(100, 'must hold at most 100 grants (S3 limit per ACL)')
    .optional(),
});

export const putObjectAclSpecSchema = z.strictObject({
  AccessControlPolicy: z
    .strictObject({
      AccessControlList: aclSchema.optional(),
      CannedAccessControlList: z.enum(CANNED_ACLS).optional(),
    })
    .refine(
      (p) => (p.AccessControlList === undefined) !== (p.CannedAccessControlList === undefined),
      {
        message:
          'needs exactly one of AccessControlList (explicit grants) or CannedAccessControlList',
      },
    ),
});

/** `{"S3PutObjectAcl": {"AccessControlPolicy": {"CannedAccessControlList": "private"}}}` */
export type PutObjectAclSpec = z.output<typeof putObjectAclSpecSchema>;
type AclGrant = NonNullable<
  NonNullable<PutObjectAclSpec['AccessControlPolicy']['AccessControlList']>['Grants']
>[number];

/** S3 Control names grantees by TypeIdentifier; the S3 API by Type and one field per kind. */
function toS3Grant(grant: AclGrant): Grant {
  const { TypeIdentifier, Identifier, DisplayName } = grant.Grantee;
  const grantee =
    TypeIdentifier === 'id'
      ? { Type: 'CanonicalUser' as const, ID: Identifier }
      : TypeIdentifier === 'emailAddress'
        ? { Type: 'AmazonCustomerByEmail' as const, EmailAddress: Identifier }
        : { Type: 'Group' as const, URI: Identifier };
  return {
    Grantee: { ...grantee, ...(DisplayName ? { DisplayName } : {}) },
    Permission: grant.Permission,
  };
}

/** Replace each object's ACL with a canned ACL or an explicit list of grants. */
export const putObjectAclOperation: OperationDefinition<PutObjectAclSpec> = {
  name: 'S3PutObjectAcl',
  parse: (value) => parseSpec(putObjectAclSpecSchema, value, 'S3PutObjectAcl'),
  create(spec): Operation {
    const { AccessControlList: list, CannedAccessControlList: canned } = spec.AccessControlPolicy;
    const input = canned
      ? { ACL: canned as ObjectCannedACL }
      : {
          AccessControlPolicy: {
            Owner: {
              ID: list?.Owner.ID,
              ...(list?.Owner.DisplayName ? { DisplayName: list.Owner.DisplayName } : {}),
            },
            Grants: (list?.Grants ?? []).map(toS3Grant),
          },
        };
    const what = canned ? `canned ACL ${canned}` : `${list?.Grants?.length ?? 0} explicit grant(s)`;
    return {
      name: 'S3PutObjectAcl',
      spec,
      async run(task, context) {
        await context.s3.destination.send(
          new PutObjectAclCommand({ ...writeTarget(task, context), ...input }),
          { abortSignal: context.signal },
        );
        return { message: `set ${what} on ${describeObject(task)}` };
      },
    };
  },
};
