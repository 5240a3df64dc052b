import type { ReplicationConfiguration, ReplicationRule, Tag } from '@aws-sdk/client-s3';
import { bucketFromArn } from './spec-schema.js';

/** A rule that applies to an object, with the bucket its Destination ARN names. */
export interface MatchedRule {
  readonly rule: ReplicationRule;
  readonly destinationBucket: string;
}

/** What a rule's filter reads about an object. */
export interface ReplicationCandidate {
  readonly key: string;
  /** The object's tags; undefined when none of the rules filters by tag (not fetched). */
  readonly tags?: readonly Tag[];
  /** Encrypted with SSE-KMS or DSSE-KMS: replicated only where the rule opts in. */
  readonly kmsEncrypted: boolean;
  /** A delete marker: replicated only by rules with DeleteMarkerReplication, never by tag rules. */
  readonly deleteMarker: boolean;
}

function prefixOf(rule: ReplicationRule): string {
  return rule.Filter?.And?.Prefix ?? rule.Filter?.Prefix ?? rule.Prefix ?? '';
}

function tagsOf(rule: ReplicationRule): readonly Tag[] {
  if (rule.Filter?.Tag) return [rule.Filter.Tag];
  return rule.Filter?.And?.Tags ?? [];
}

/** Whether any enabled rule filters by tag: only then is GetObjectTagging worth a request. */
export function rulesNeedTags(config: ReplicationConfiguration): boolean {
  return (config.Rules ?? []).some((r) => r.Status === 'Enabled' && tagsOf(r).length > 0);
}

function applies(rule: ReplicationRule, object: ReplicationCandidate): boolean {
  if (rule.Status !== 'Enabled') return false;
  if (!object.key.startsWith(prefixOf(rule))) return false;
  const wanted = tagsOf(rule);
  if (object.deleteMarker) {
    // S3 replicates delete markers only by rules without tag filters that ask for it.
    return wanted.length === 0 && rule.DeleteMarkerReplication?.Status === 'Enabled';
  }
  if (wanted.some((t) => !object.tags?.some((o) => o.Key === t.Key && o.Value === t.Value)))
    return false;
  if (
    object.kmsEncrypted &&
    rule.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status !== 'Enabled'
  )
    return false;
  return true;
}

/**
 * The rules an object replicates by, one per destination bucket: where several rules send it to
 * the same bucket, the highest Priority wins (the first listed on a tie), as S3 decides.
 */
export function matchReplicationRules(
  config: ReplicationConfiguration,
  object: ReplicationCandidate,
): MatchedRule[] {
  const byBucket = new Map<string, MatchedRule>();
  for (const rule of config.Rules ?? []) {
    if (!applies(rule, object)) continue;
    const destinationBucket = bucketFromArn(rule.Destination?.Bucket ?? '');
    if (!destinationBucket) continue;
    const held = byBucket.get(destinationBucket);
    if (!held || (rule.Priority ?? 0) > (held.rule.Priority ?? 0))
      byBucket.set(destinationBucket, { rule, destinationBucket });
  }
  return [...byBucket.values()];
}
