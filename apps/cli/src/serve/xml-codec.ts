import { randomUUID } from 'node:crypto';
import {
  CreateJobRequest$,
  CreateJobResult$,
  DescribeJobResult$,
  GetJobTaggingResult$,
  ListJobsResult$,
  PutJobTaggingRequest$,
  UpdateJobPriorityResult$,
  UpdateJobStatusResult$,
} from '@aws-sdk/client-s3-control';
import { XmlCodec } from '@aws-sdk/core/protocols';
import { badRequest, type ServiceError } from './errors.js';

// The S3 Control wire format, read and written with the SDK's own REST-XML codec and its
// schemas of each shape: what the clients send and expect, field for field.
const codec = new XmlCodec({
  timestampFormat: { useTrait: true, default: 5 },
  httpBindings: true,
  xmlNamespace: 'http://awss3control.amazonaws.com/doc/2018-08-20/',
  serviceNamespace: 'com.amazonaws.s3control',
});

export const SHAPES = {
  CreateJobRequest: CreateJobRequest$,
  PutJobTaggingRequest: PutJobTaggingRequest$,
  CreateJobResult: CreateJobResult$,
  DescribeJobResult: DescribeJobResult$,
  ListJobsResult: ListJobsResult$,
  UpdateJobPriorityResult: UpdateJobPriorityResult$,
  UpdateJobStatusResult: UpdateJobStatusResult$,
  GetJobTaggingResult: GetJobTaggingResult$,
} as const;

type Shape = (typeof SHAPES)[keyof typeof SHAPES];

/** A request body as the input shape it carries; malformed XML is a `BadRequestException`. */
export function readXml<T>(shape: Shape, body: Buffer): T {
  try {
    const deserializer = codec.createDeserializer();
    return deserializer.read(shape, body) as T;
  } catch (error) {
    throw badRequest(`The XML you provided was not well-formed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** An output shape as its XML document. */
export function writeXml(shape: Shape, value: object): string {
  const serializer = codec.createSerializer();
  serializer.write(shape, value);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${String(serializer.flush())}`;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The service's error document (as S3 writes it; the SDKs and the CLI read either wrapping). */
export function errorXml(error: ServiceError, requestId = randomUUID()): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escape(error.code)}</Code><Message>${escape(error.message)}</Message>` +
    `<RequestId>${requestId}</RequestId><HostId>s3bulk-serve</HostId></Error>`
  );
}
