import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { bucketNameProblem, parseS3Url } from './url.js';

describe('s3: url', () => {
  it.each([
    ['s3://bucket', { bucket: 'bucket', key: '' }],
    ['s3://bucket/', { bucket: 'bucket', key: '' }],
    ['s3://my.bucket-1/a/b c/+%.txt', { bucket: 'my.bucket-1', key: 'a/b c/+%.txt' }],
    ['s3://bucket/prefix/', { bucket: 'bucket', key: 'prefix/' }],
  ])('parses %s', (url, expected) => {
    // Act
    const parsed = parseS3Url(url);

    // Assess
    expect(parsed).toEqual(expected);
  });

  it.each([
    'http://bucket/key',
    's3://',
    's3://Bucket/key',
    's3://ab/key',
    's3://a..b/key',
    's3://192.168.1.1/k',
  ])('rejects %s with a ConfigError', (url) => {
    expect(() => parseS3Url(url)).toThrow(ConfigError);
  });

  it('says why a bucket name is refused', () => {
    expect(bucketNameProblem('UPPER')).toMatch(/lowercase/);
    expect(bucketNameProblem('fine-name')).toBeUndefined();
  });
});
