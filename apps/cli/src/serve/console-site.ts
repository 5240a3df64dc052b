import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_SCRIPT } from './console-script.js';
import { describeJob, operationName } from './job-descriptor.js';
import type { JobRegistry } from './job-registry.js';
import type { ServiceJob } from './types.js';

const COOKIE = 's3bulk_console';
const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
};

/**
 * The read-only web console: a job list and a job page, rendered on the server, refreshed by a
 * little script polling the JSON beside them. It changes nothing; confirm, cancel and priority
 * go through the signed API. With a token (the server binds beyond loopback) every page needs it.
 */
export class ConsoleSite {
  constructor(
    private readonly registry: JobRegistry,
    private readonly region: string,
    private readonly token: string | undefined,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain', 'the console is read-only\n');
    }
    if (!this.allowed(req, query)) {
      return send(
        res,
        401,
        'text/plain',
        'open the console with the URL (and ?token=) printed at start\n',
      );
    }
    if (this.token && query.get('token')) {
      res.setHeader('set-cookie', `${COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (path === '/console/app.js') return send(res, 200, 'text/javascript', CONSOLE_SCRIPT);
    if (path === '/console/jobs.json') {
      return send(res, 200, 'application/json', JSON.stringify(this.registry.all().map(summary)));
    }
    const json = /^\/console\/jobs\/([\w-]+)\.json$/.exec(path);
    const page = /^\/jobs\/([\w-]+)$/.exec(path);
    const job = this.registry.get((json ?? page)?.[1] ?? '');
    if (json && job) return send(res, 200, 'application/json', JSON.stringify(this.detail(job)));
    if (page && job) return send(res, 200, 'text/html', jobPage(this.detail(job)));
    if (path === '/')
      return send(res, 200, 'text/html', listPage(this.registry.all().map(summary)));
    return send(res, 404, 'text/plain', 'not found\n');
  }

  private allowed(req: IncomingMessage, query: URLSearchParams): boolean {
    if (!this.token) return true;
    const cookie = /(?:^|;\s*)s3bulk_console=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const given = query.get('token') ?? cookie ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private detail(job: ServiceJob) {
    const descriptor = describeJob(job, this.region);
    return {
      ...summary(job),
      description: descriptor.Description ?? '',
      elapsedSeconds: descriptor.ProgressSummary?.Timers?.ElapsedTimeInActiveSeconds ?? 0,
      statusUpdateReason: job.statusUpdateReason ?? '',
      failureReasons: job.failureReasons,
      failuresByCode: job.failuresByCode,
      samples: job.samples,
      reportPath: job.reportPath ?? '',
      terminatedAt: job.terminatedAt ?? '',
    };
  }
}

type Summary = ReturnType<typeof summary>;

function summary(job: ServiceJob) {
  return {
    jobId: job.jobId,
    status: job.status,
    priority: job.priority,
    operation: operationName(job),
    createdAt: job.createdAt,
    total: job.total ?? null,
    succeeded: job.succeeded,
    failed: job.failed,
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...HEADERS,
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

const esc = (value: unknown) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}
td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}.num{text-align:right}
progress{width:20rem}svg{border:1px solid #ddd}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}<script src="/console/app.js"></script></body></html>`;
}

function row(job: Summary): string {
  const counts = `${job.succeeded} / ${job.failed} / ${job.total ?? '?'}`;
  return `<tr data-job="${esc(job.jobId)}"><td><a href="/jobs/${esc(job.jobId)}">${esc(job.jobId)}</a></td><td data-field="status">${esc(job.status)}</td><td class="num" data-field="priority">${esc(job.priority)}</td><td>${esc(job.operation)}</td><td data-field="counts">${esc(counts)}</td><td>${esc(job.createdAt)}</td></tr>`;
}

function listPage(jobs: readonly Summary[]): string {
  return layout(
    's3bulk serve: jobs',
    `<h1>S3 Batch Operations jobs</h1><p>Read-only. Confirm, cancel and priority go through the signed S3 Control API.</p>
<table id="jobs" data-poll="/console/jobs.json"><thead><tr><th>Job</th><th>Status</th><th>Priority</th><th>Operation</th><th>Succeeded / failed / total</th><th>Created</th></tr></thead>
<tbody>${jobs.map(row).join('')}</tbody></table>`,
  );
}

function jobPage(job: ReturnType<ConsoleSite['detail']>): string {
  const failures = Object.entries(job.failuresByCode)
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => `<tr><td>${esc(code)}</td><td class="num">${n}</td></tr>`)
    .join('');
  return layout(
    `s3bulk serve: job ${job.jobId}`,
    `<p><a href="/">All jobs</a></p><h1>Job ${esc(job.jobId)}</h1>
<div id="job" data-poll="/console/jobs/${esc(job.jobId)}.json">
<p>Status <strong data-field="status">${esc(job.status)}</strong>, priority <span data-field="priority">${esc(job.priority)}</span>, ${esc(job.operation)}. <span data-field="statusUpdateReason">${esc(job.statusUpdateReason)}</span></p>
<p><progress data-field="progress" max="${job.total ?? 1}" value="${job.succeeded + job.failed}"></progress>
Succeeded <span data-field="succeeded">${job.succeeded}</span>, failed <span data-field="failed">${job.failed}</span>, total <span data-field="total">${job.total ?? '?'}</span>, active <span data-field="elapsedSeconds">${job.elapsedSeconds}</span> s</p>
<h2>Failures by error code</h2><table><tbody data-field="failuresByCode">${failures || '<tr><td>none</td></tr>'}</tbody></table>
<h2>Throughput</h2><svg data-field="throughput" width="480" height="120" role="img" aria-label="tasks per second over time"></svg>
<h2>Report</h2><p data-field="report">${job.reportPath ? esc(job.reportPath) : 'not written yet'}</p>
</div>`,
  );
}
