import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { describe, expect, it } from 'vitest';
import { pathStyleEndpoint } from './custom-endpoint.js';
import { createSideConfig } from './side-config.js';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };

/** What the SDK's endpoint rules answer for a CopyObject to `bucket`, as s3bulk's client asks. */
async function sdkEndpoint(endpointUrl: string, region: string, bucket: string) {
  const client = new S3Client({ region, endpoint: endpointUrl, forcePathStyle: true, credentials });
  try {
    const endpoint = await getEndpointFromInstructions(
      { Bucket: bucket, Key: 'k', CopySource: 'b/k' },
      CopyObjectCommand,
      { ...client.config },
    );
    const scheme = (endpoint.properties?.authSchemes as { signingRegion?: string }[])[0];
    return { url: endpoint.url.href, signingRegion: scheme?.signingRegion };
  } finally {
    client.destroy();
  }
}

const ENDPOINTS = [
  'http://127.0.0.1:9000',
  'http://127.0.0.1:9000/',
  'https://storage.example.com',
  'https://storage.example.com/s3/',
  'http://localhost:4566/base',
];
const BUCKETS = ['bucket', 'my.dotted.bucket', 'UPPER_case', 'a-b-1', 'weird name+%'];
const REGIONS = ['us-east-1', 'eu-west-1', 'auto', 'garage', 'cn-north-1', 'us-gov-west-1'];

describe('pathStyleEndpoint', () => {
  describe.each(ENDPOINTS)('on %s', (endpointUrl) => {
    it.each(REGIONS.flatMap((region) => BUCKETS.map((bucket) => [region, bucket])))(
      'answers as the SDK rules do in %s for bucket %s',
      async (region, bucket) => {
        // Prepare
        const config = createSideConfig({ endpointUrl, region: region!, credentials });

        // Act
        const ours = await pathStyleEndpoint(config, bucket!);

        // Assess
        const sdk = await sdkEndpoint(endpointUrl, region!, bucket!);
        expect(ours && { url: ours.url.href, signingRegion: ours.signingRegion }).toEqual(sdk);
      },
    );
  });

  it.each([
    ['an access point ARN', 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap', 'us-east-1'],
    ['an S3 Express directory bucket', 'data--use1-az4--x-s3', 'us-east-1'],
    ['a FIPS pseudo-region', 'bucket', 'fips-us-east-1'],
    ['the aws-global region', 'bucket', 'aws-global'],
  ])('leaves %s to the SDK', async (_what, bucket, region) => {
    const config = createSideConfig({ endpointUrl: 'http://127.0.0.1:9000', region, credentials });
    expect(await pathStyleEndpoint(config, bucket)).toBeUndefined();
  });

  it('leaves AWS endpoints (no custom endpoint) to the SDK', async () => {
    const config = createSideConfig({ region: 'us-east-1', credentials });
    expect(await pathStyleEndpoint(config, 'bucket')).toBeUndefined();
  });

  it('leaves dual-stack and FIPS settings to the SDK', async () => {
    for (const setting of ['AWS_USE_DUALSTACK_ENDPOINT', 'AWS_USE_FIPS_ENDPOINT']) {
      // Prepare
      process.env[setting] = 'true';
      try {
        const config = createSideConfig({
          endpointUrl: 'http://127.0.0.1:9000',
          region: 'us-east-1',
          credentials,
        });

        // Act, Assess
        expect(await pathStyleEndpoint(config, 'bucket')).toBeUndefined();
      } finally {
        delete process.env[setting];
      }
    }
  });
});
