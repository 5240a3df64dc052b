import { ENV } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { settingsFromEnv } from './settings-from-env.js';

describe('batch-lambda: settings from the environment', () => {
  it('checks the destination owner, and the source owner as the destination unless set apart', () => {
    // Act
    const same = settingsFromEnv({ [ENV.expectedBucketOwner]: '111122223333' });
    const apart = settingsFromEnv({
      [ENV.expectedBucketOwner]: '111122223333',
      [ENV.expectedSourceBucketOwner]: '444455556666',
    });

    // Assess
    expect(same).toMatchObject({
      expectedBucketOwner: '111122223333',
      expectedSourceBucketOwner: '111122223333',
    });
    expect(apart).toMatchObject({
      expectedBucketOwner: '111122223333',
      expectedSourceBucketOwner: '444455556666',
    });
  });

  it('checks no owner when none is configured', () => {
    const settings = settingsFromEnv({});
    expect(settings.expectedBucketOwner).toBeUndefined();
    expect(settings.expectedSourceBucketOwner).toBeUndefined();
  });
});
