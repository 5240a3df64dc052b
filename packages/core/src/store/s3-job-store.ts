import type { S3Client } from '@aws-sdk/client-s3';
import { JobError } from '../errors.js';
import { crashPoint } from './crash-points.js';
import { formatS3Url, parseS3Url } from '../s3/url.js';
import { CommittedTasks } from './committed-tasks.js';
import { assertRowId, decodePlanRecord, type PlanRecord } from './plan-record.js';
import { LedgerLines, ledgerLineDecoder } from './ledger-lines.js';
import type { JobState, TaskResult } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';
import type { JobStore } from '../store/types.js';
import { loadSdk } from '../config/load-sdk.js';

export interface S3JobStoreOptions {
  readonly s3: S3Client;
  /** `s3://bucket/prefix/` the store owns (a worker uses `<checkpoint>/<jobId>/shard-<i>/`). */
  readonly location: string;
  /** Batch attempt writing segments; kept in segment names for forensics. @default 1 */
  readonly attempt?: number;
}

const SEGMENTS = 'results/';
const PLANS = 'plans/';
const SEGMENT_NAME = /^(\d{10})-a(\d+)\.jsonl$/;

/**
 * A `JobStore` on an S3 prefix, for AWS Batch workers whose disk dies with the container.
 * S3 has no append, so every `appendResults` is one immutable segment object
 * (`results/<seq>-a<attempt>.jsonl`); a PUT is all or nothing, so a crash never leaves a torn
 * ledger, and a later attempt reads the segments back to skip committed work. The plan of an
 * expanded prefix row is kept the same way: `plans/<row>/<seq>-a<attempt>.jsonl`.
 */
export class S3JobStore implements JobStore {
  readonly location: string;
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly attempt: number;
  /** Next segment number; found by listing before the first write. */
  private nextSeq: number | undefined;
  /** Appends are chained so sequence numbers stay in call order. */
  private tail: Promise<void> = Promise.resolve();
  private readonly ledgerLines = new LedgerLines();
  /** Next plan segment number of the row last appended to. */
  private planSeq: { rowId: string; next: number } | undefined;
  private planTail: Promise<void> = Promise.resolve();

  constructor(options: S3JobStoreOptions) {
    const { bucket, key } = parseS3Url(options.location);
    this.s3 = options.s3;
    this.bucket = bucket;
    this.prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    this.location = formatS3Url(bucket, this.prefix);
    this.attempt = options.attempt ?? 1;
  }

  async readSpec(): Promise<JobSpec | undefined> {
    return this.readJson<JobSpec>('spec.json');
  }

  async writeSpec(spec: JobSpec): Promise<void> {
    crashPoint('s3.spec.put.before');
    await this.put('spec.json', `${JSON.stringify(spec, null, 2)}\n`);
    crashPoint('s3.spec.put.after');
  }

  async readState(): Promise<JobState | undefined> {
    return this.readJson<JobState>('state.json');
  }

  async writeState(state: JobState): Promise<void> {
    await this.put('state.json', `${JSON.stringify(state)}\n`);
    crashPoint('s3.state.put.after');
  }

  async *readResults(): AsyncIterable<TaskResult> {
    const seen = new CommittedTasks();
    const decodeResult = ledgerLineDecoder();
    for (const { key } of await this.listSegments(SEGMENTS)) {
      const text = await this.getText(key);
      for (const [index, line] of text?.split('\n').entries() ?? []) {
        if (line.trim() === '') continue;
        const result = decodeResult(JSON.parse(line));
        if (!result) {
          throw new JobError(
            `${formatS3Url(this.bucket, key)}:${index + 1}: ledger line is corrupt`,
            'JobStoreCorrupt',
          );
        }
        if (seen.add(result.taskId, result.seq)) yield result;
      }
    }
  }

  appendResults(results: readonly TaskResult[]): Promise<void> {
    if (results.length === 0) return this.tail;
    const write = this.tail.then(async () => {
      if (this.nextSeq === undefined) {
        const segments = await this.listSegments(SEGMENTS);
        this.nextSeq = (segments.at(-1)?.seq ?? 0) + 1;
      }
      const seq = this.nextSeq++;
      const encoded = this.ledgerLines.encode(results);
      crashPoint('s3.ledger.put.before');
      await this.put(this.segmentName(SEGMENTS, seq), lines(encoded.lines));
      encoded.commit();
      crashPoint('s3.ledger.put.after');
    });
    // A failed write must fail its caller, not every later append.
    this.tail = write.catch(() => undefined);
    return write;
  }

  async *readPlan(rowId: string): AsyncIterable<PlanRecord> {
    const folder = `${PLANS}${assertRowId(rowId)}/`;
    for (const { key } of await this.listSegments(folder)) {
      const text = (await this.getText(key)) ?? '';
      for (const [index, line] of text.split('\n').entries()) {
        if (line.trim() === '') continue;
        const record = parsePlanLine(line);
        if (!record) {
          throw new JobError(
            `${formatS3Url(this.bucket, key)}:${index + 1}: plan line is corrupt`,
            'JobStoreCorrupt',
          );
        }
        yield record;
      }
    }
  }

  appendPlan(rowId: string, records: readonly PlanRecord[]): Promise<void> {
    if (records.length === 0) return this.planTail;
    const write = this.planTail.then(async () => {
      const folder = `${PLANS}${assertRowId(rowId)}/`;
      if (this.planSeq?.rowId !== rowId) {
        const segments = await this.listSegments(folder);
        this.planSeq = { rowId, next: (segments.at(-1)?.seq ?? 0) + 1 };
      }
      const seq = this.planSeq.next++;
      crashPoint('s3.plan.put.before');
      await this.put(this.segmentName(folder, seq), lines(records));
      crashPoint('s3.plan.put.after');
    });
    this.planTail = write.catch(() => undefined);
    return write;
  }

  private segmentName(folder: string, seq: number): string {
    return `${folder}${String(seq).padStart(10, '0')}-a${this.attempt}.jsonl`;
  }

  /** Segments under `folder` (`results/` or a row's plan folder), in sequence order. */
  private async listSegments(folder: string): Promise<{ key: string; seq: number }[]> {
    const segments: { key: string; seq: number }[] = [];
    const { paginateListObjectsV2 } = await loadSdk('s3');
    const pages = paginateListObjectsV2(
      { client: this.s3 },
      { Bucket: this.bucket, Prefix: `${this.prefix}${folder}` },
    );
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const match = SEGMENT_NAME.exec(
            object.Key?.slice(this.prefix.length + folder.length) ?? '',
          );
          if (match) segments.push({ key: object.Key!, seq: Number(match[1]) });
        }
      }
    } catch (error) {
      throw new JobError(
        `cannot list ${this.location}${folder}: ${(error as Error).message}`,
        'JobStoreReadFailed',
        { cause: error },
      );
    }
    return segments.sort((a, b) => a.seq - b.seq);
  }

  private async put(name: string, body: string): Promise<void> {
    const { PutObjectCommand } = await loadSdk('s3');
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `${this.prefix}${name}`,
          Body: body,
          ContentType: name.endsWith('.json') ? 'application/json' : 'application/x-ndjson',
        }),
      );
    } catch (error) {
      throw new JobError(
        `cannot write ${this.location}${name}: ${(error as Error).message}`,
        'JobStoreWriteFailed',
        { cause: error },
      );
    }
  }

  private async readJson<T>(name: string): Promise<T | undefined> {
    const text = await this.getText(`${this.prefix}${name}`);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new JobError(`${this.location}${name} is not valid JSON`, 'JobStoreCorrupt', {
        cause: error,
      });
    }
  }

  private async getText(key: string): Promise<string | undefined> {
    const { GetObjectCommand } = await loadSdk('s3');
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await res.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw new JobError(
        `cannot read ${formatS3Url(this.bucket, key)}: ${(error as Error).message}`,
        'JobStoreReadFailed',
        { cause: error },
      );
    }
  }
}

function lines(records: readonly unknown[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

function parsePlanLine(line: string): PlanRecord | undefined {
  try {
    return decodePlanRecord(JSON.parse(line));
  } catch {
    return undefined;
  }
}
