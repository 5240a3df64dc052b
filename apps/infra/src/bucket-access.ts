import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { bucketNameProblem, ConfigError } from '@s3bulk/core';
import { acknowledge, nagResourceName } from './acknowledge.js';

/** What a role may do under a bucket's prefixes. */
export type AccessLevel = 'read' | 'readwrite';

/** One bucket (possibly in another account) a job may touch, narrowed to key prefixes. */
export interface BucketAccess {
  /** A bucket name, a bucket ARN, or a bucket of this app. */
  readonly bucket: string | IBucket;
  /**
   * Key prefixes the grant covers; `''` is the whole bucket.
   * @default ['']
   */
  readonly prefixes?: readonly string[];
  /** `read` for sources; `readwrite` for destinations and buckets changed in place. */
  readonly access: AccessLevel;
  /**
   * Account that must own the bucket (IAM `s3:ResourceAccount`), so a look-alike bucket in
   * someone else's account cannot be written.
   * @default any owner
   */
  readonly account?: string;
}

/** Object reads every operation and the sync comparison need. */
export const OBJECT_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectTagging',
  's3:GetObjectVersionTagging',
  's3:GetObjectAcl',
  's3:GetObjectVersionAcl',
  's3:GetObjectAttributes',
  's3:GetObjectVersionAttributes',
  's3:GetObjectLegalHold',
  's3:GetObjectRetention',
] as const;

/** Object writes of copy, sync (with delete), tagging, ACL, restore, legal hold, retention. */
export const OBJECT_WRITE_ACTIONS = [
  's3:PutObject',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
  's3:PutObjectAcl',
  's3:PutObjectVersionAcl',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:RestoreObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
] as const;

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;

/** The ARN of a configured bucket; a name becomes an ARN in the stack's partition. */
export function bucketArnOf(scope: Stack, bucket: string | IBucket): string {
  if (typeof bucket !== 'string') return bucket.bucketArn;
  const name = BUCKET_ARN.exec(bucket)?.[1] ?? bucket;
  const problem = bucketNameProblem(name);
  if (problem) throw new ConfigError(`bucket access: ${problem}`);
  return bucket.startsWith('arn:') ? bucket : `arn:${scope.partition}:s3:::${name}`;
}

/** Check what config may hand us: IAM wildcards in a prefix would widen the grant silently. */
export function validateAccess(access: BucketAccess): void {
  for (const prefix of access.prefixes ?? []) {
    if (/[*?]/.test(prefix)) {
      throw new ConfigError(`bucket access: prefix "${prefix}" may not contain * or ?`);
    }
  }
  if (access.account !== undefined && !/^\d{12}$/.test(access.account)) {
    throw new ConfigError(`bucket access: account "${access.account}" is not a 12-digit id`);
  }
}

/**
 * Add statements for each bucket access to `role`, scoped to the bucket ARN and its prefixes,
 * and acknowledge the object-pattern findings (`bucket/prefix*`) on the role with the reason.
 */
export function grantBucketAccess(role: IRole, accesses: readonly BucketAccess[]): void {
  const stack = Stack.of(role);
  for (const access of accesses) {
    validateAccess(access);
    const bucketArn = bucketArnOf(stack, access.bucket);
    const prefixes = access.prefixes?.length ? access.prefixes : [''];
    const objectArns = prefixes.map((prefix) => `${bucketArn}/${prefix}*`);
    const conditions = access.account
      ? { StringEquals: { 's3:ResourceAccount': access.account } }
      : undefined;
    const actions: string[] = [...OBJECT_READ_ACTIONS];
    if (access.access === 'readwrite') actions.push(...OBJECT_WRITE_ACTIONS);
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: objectArns, conditions }));
    // Listing is bucket-level: the s3:prefix condition keeps it inside the granted prefixes.
    const wholeBucket = prefixes.includes('');
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [bucketArn],
        conditions: wholeBucket
          ? conditions
          : { ...conditions, StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [bucketArn],
        conditions,
      }),
    );
    const name = typeof access.bucket === 'string' ? access.bucket : access.bucket.node.path;
    acknowledge(
      role,
      'AwsSolutions-IAM5',
      `Object-level S3 access (${access.access}) is granted on ${name} only under the configured ` +
        `key prefixes (${prefixes.map((p) => `"${p}"`).join(', ')}); object ARNs are key patterns, ` +
        'the keys are the manifest rows.',
      objectArns.map((arn) => `Resource::${nagResourceName(role, arn)}`),
    );
  }
}
