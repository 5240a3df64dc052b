import { ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { pageReaderOf } from './sync-listing.js';

describe('operations: sync listing pages, as the estimate counts them', () => {
  const client = new S3Client({ region: 'us-east-1' });
  const s3 = mockClient(client);
  let pages = 0;
  const read = pageReaderOf(client, 'src', { onPage: () => pages++ });

  beforeEach(() => {
    s3.reset();
    pages = 0;
  });

  it('counts a page S3 answered', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'in/a', Size: 1 }] });

    // Act
    const page = await read({ prefix: 'in/' });

    // Assess
    expect(page.contents.map((entry) => entry.key)).toEqual(['in/a']);
    expect(pages).toBe(1);
  });

  it('counts a page S3 refused: the request was sent (and billed)', async () => {
    // Prepare
    s3.on(ListObjectsV2Command).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      }),
    );

    // Act
    const listing = read({ prefix: 'in/' });

    // Assess
    await expect(listing).rejects.toThrow('Access Denied');
    expect(pages).toBe(1);
  });

  it('does not count a page that was never sent (no credentials)', async () => {
    // Prepare
    const noCredentials = Object.assign(
      new Error('Could not load credentials from any providers'),
      {
        name: 'CredentialsProviderError',
      },
    );
    s3.on(ListObjectsV2Command).rejects(noCredentials);

    // Act
    const listing = read({ prefix: 'in/' });

    // Assess
    await expect(listing).rejects.toThrow('Could not load credentials');
    expect(pages).toBe(0);
  });
});
