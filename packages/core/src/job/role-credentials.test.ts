import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { S3BulkError } from '../errors.js';
import {
  AssumeRoleError,
  ROLE_REFRESH_MARGIN_MS,
  assumeRoleCredentials,
} from './role-credentials.js';

const ROLE = 'arn:aws:iam::123456789012:role/batch';
const HOUR = 60 * 60_000;

/** An AssumeRole that hands out numbered keys valid for an hour from the clock given. */
function fakeSts(clock: { now: number }) {
  const calls: number[] = [];
  const assume = async (): Promise<AwsCredentialIdentity> => {
    calls.push(clock.now);
    return {
      accessKeyId: `ASIA${calls.length}`,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date(clock.now + HOUR),
    };
  };
  return { calls, assume };
}

describe('job: role credentials', () => {
  it('assumes the role once for every client, and again before the credentials expire', async () => {
    // Prepare
    const clock = { now: Date.parse('2026-12-07T06:00:00Z') };
    const sts = fakeSts(clock);
    const provider = assumeRoleCredentials({
      roleArn: ROLE,
      sessionName: 's3bulk-test',
      now: () => clock.now,
      assume: sts.assume,
    });

    // Act
    const first = await Promise.all([provider(), provider(), provider()]);
    clock.now += HOUR - ROLE_REFRESH_MARGIN_MS - 1;
    const stillValid = await provider();
    clock.now += 1;
    const renewed = await provider();

    // Assess
    expect(first.map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1', 'ASIA1']);
    expect(stillValid.accessKeyId).toBe('ASIA1');
    expect(renewed.accessKeyId).toBe('ASIA2');
    expect(sts.calls).toHaveLength(2);
  });

  it("fails with STS's code, and asks STS again on the next call", async () => {
    // Prepare
    let refuse = true;
    const provider = assumeRoleCredentials({
      roleArn: ROLE,
      sessionName: 's3bulk-test',
      assume: async () => {
        if (refuse) {
          throw Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), {
            name: 'AccessDenied',
            $metadata: { httpStatusCode: 403 },
          });
        }
        return { accessKeyId: 'ASIAOK', secretAccessKey: 's' };
      },
    });

    // Act
    const refused = await provider().catch((error: unknown) => error);
    refuse = false;
    const later = await provider();

    // Assess
    expect(refused).toBeInstanceOf(AssumeRoleError);
    expect(refused).toBeInstanceOf(S3BulkError);
    expect(refused).toMatchObject({
      code: 'AccessDenied',
      roleArn: ROLE,
      message: `Unable to assume role ${ROLE}: User is not authorized to perform: sts:AssumeRole`,
    });
    expect(later.accessKeyId).toBe('ASIAOK');
  });

  it('names an STS that could not be reached AssumeRoleFailed', async () => {
    // Prepare
    const provider = assumeRoleCredentials({
      roleArn: ROLE,
      sessionName: 's3bulk-test',
      assume: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
          code: 'ECONNREFUSED',
        });
      },
    });

    // Act / Assess
    await expect(provider()).rejects.toMatchObject({ code: 'AssumeRoleFailed' });
  });
});
