import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from './request-body.js';
import { startS3Simulator } from './s3-simulator.js';

const signature = 'chunk-signature=' + 'a'.repeat(64);

describe('s3 simulator: aws-chunked bodies', () => {
  it.each([
    ['signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', `;${signature}`, ''],
    ['unsigned with a checksum trailer', '', 'x-amz-checksum-crc32:AAAAAA==\r\n\r\n'],
  ])('decodes %s', (_, extension, trailer) => {
    // Prepare
    const body = Buffer.from(
      `5${extension}\r\nhello\r\n6${extension}\r\n world\r\n0${extension}\r\n${trailer}`,
    );

    // Act
    const decoded = decodeAwsChunked(body);

    // Assess
    expect(decoded.toString()).toBe('hello world');
  });

  it('stores the decoded bytes of a streaming PUT', async () => {
    // Prepare
    const sim = await startS3Simulator({ latencyMs: 0, buckets: ['b'] });
    const body = `b;${signature}\r\nhello world\r\n0;${signature}\r\n\r\n`;

    // Act
    const answer = await fetch(`${sim.endpoint}/b/streamed`, {
      method: 'PUT',
      body,
      headers: {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
      },
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(sim.objectBody('b', 'streamed')?.toString()).toBe('hello world');
    await sim.stop();
  });
});
