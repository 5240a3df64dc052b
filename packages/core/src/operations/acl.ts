import type { ObjectCannedACL } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

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

const granteeSchema = lazySchema(() =>
  z.strictObject({
    TypeIdentifier: z.enum(GRANTEE_TYPES),
    Identifier: z.string().min(1, 'must not be empty'),
    DisplayName: z.string().optional(),
  }),
);

const aclSchema = lazySchema(() =>
  z.strictObject({
    Owner: z.strictObject({
      ID: z.string().min(1, 'must be the owner canonical user id'),
      DisplayName: z.string().optional(),
    }),
    Grants: z
      .array(
        z.strictObject({
          Grantee: granteeSchema(),
          Permission: z.enum(ACL_PERMISSIONS),
        }),
      )
      .min(1, 'must hold at least one grant')
      .max(100, 'must hold at most 100 grants (S3 limit per ACL)')
      .optional(),
  }),
);

export const putObjectAclSpecSchema = lazySchema(() =>
  z.strictObject({
    AccessControlPolicy: z
      .strictObject({
        AccessControlList: aclSchema().optional(),
        CannedAccessControlList: z.enum(CANNED_ACLS).optional(),
      })
      .refine(
        (p) => (p.AccessControlList === undefined) !== (p.CannedAccessControlList === undefined),
        {
          message:
            'needs exactly one of AccessControlList (explicit grants) or CannedAccessControlList',
        },
      ),
  }),
);

/** `{"S3PutObjectAcl": {"AccessControlPolicy": {"CannedAccessControlList": "private"}}}` */
export type PutObjectAclSpec = z.output<ReturnType<typeof putObjectAclSpecSchema>>;
type AclGrant = NonNullable<
  NonNullable<PutObjectAclSpec['AccessControlPolicy']['AccessControlList']>['Grants']
>[number];

/** PutObjectAcl's grant headers, one per permission. */
const GRANT_HEADER = {
  FULL_CONTROL: 'GrantFullControl',
  READ: 'GrantRead',
  WRITE: 'GrantWrite',
  READ_ACP: 'GrantReadACP',
  WRITE_ACP: 'GrantWriteACP',
} as const;

/**
 * Explicit grants go out as `x-amz-grant-*` headers (`id="..."`, `uri="..."`,
 * `emailAddress="..."`): the same replace-the-ACL semantics as an XML body, without restating
 * the owner, and understood by S3-compatible stores that ignore ACL bodies.
 */
export function grantHeaders(
  grants: readonly AclGrant[],
): Partial<Record<(typeof GRANT_HEADER)[keyof typeof GRANT_HEADER], string>> {
  const byHeader = new Map<(typeof GRANT_HEADER)[keyof typeof GRANT_HEADER], string[]>();
  for (const grant of grants) {
    const header = GRANT_HEADER[grant.Permission];
    const { TypeIdentifier, Identifier } = grant.Grantee;
    byHeader.set(header, [...(byHeader.get(header) ?? []), `${TypeIdentifier}="${Identifier}"`]);
  }
  return Object.fromEntries([...byHeader].map(([header, values]) => [header, values.join(', ')]));
}

/** Replace each object's ACL with a canned ACL or an explicit list of grants. */
export const putObjectAclOperation: OperationDefinition<PutObjectAclSpec> = {
  name: 'S3PutObjectAcl',
  parse: (value) => parseSpec(putObjectAclSpecSchema(), value, 'S3PutObjectAcl'),
  create(spec): Operation {
    const { AccessControlList: list, CannedAccessControlList: canned } = spec.AccessControlPolicy;
    const input = canned ? { ACL: canned as ObjectCannedACL } : grantHeaders(list?.Grants ?? []);
    const what = canned ? `canned ACL ${canned}` : `${list?.Grants?.length ?? 0} explicit grant(s)`;
    return {
      name: 'S3PutObjectAcl',
      spec,
      requestsOf: () => ({ requests: { PutObjectAcl: 1 } }),
      async run(task, context) {
        const { PutObjectAclCommand } = await loadSdk('s3');
        await context.s3.destination.send(
          new PutObjectAclCommand({ ...writeTarget(task, context), ...input }),
          { abortSignal: context.signal },
        );
        return { message: `set ${what} on ${describeObject(task)}` };
      },
    };
  },
};
