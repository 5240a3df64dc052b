/**
 * The error hierarchy of s3bulk. Callers catch broadly (`S3BulkError`) or narrowly; the kind of
 * an error is its class and `code`, never only its message.
 */
export class S3BulkError extends Error {
  /** A stable, machine-readable code (shown in `--json` output and reports). */
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where in an input file something is: shown to the user as `file:line`. */
export interface SourceLocation {
  /** A local path or `s3://bucket/key`. */
  readonly source: string;
  /** 1-based line number, when the problem is on a line. */
  readonly line?: number;
}

/** A bad manifest row or file. Carries the place and the field so the user can fix it. */
export class ManifestError extends S3BulkError {
  readonly location: SourceLocation;
  readonly field: string | undefined;

  constructor(
    message: string,
    location: SourceLocation,
    field?: string,
    options?: ErrorOptions & { code?: string },
  ) {
    super(message, options?.code ?? 'InvalidManifest', options);
    this.location = location;
    this.field = field;
  }

  /** `file:line: field: message` — the form every edge prints. */
  describe(): string {
    const where = this.location.line
      ? `${this.location.source}:${this.location.line}`
      : this.location.source;
    return `${where}: ${this.field ? `${this.field}: ` : ''}${this.message}`;
  }
}

/** An `Operation` JSON (or s3bulk's own operation spec) that does not validate. */
export class OperationSpecError extends S3BulkError {
  /** Dotted path of the offending field, e.g. `S3PutObjectCopy.StorageClass`. */
  readonly field: string;

  constructor(message: string, field: string, options?: ErrorOptions) {
    super(message, 'InvalidOperation', options);
    this.field = field;
  }
}

/** Bad configuration or flags (not a manifest or operation problem). */
export class ConfigError extends S3BulkError {
  constructor(message: string, options?: ErrorOptions & { code?: string }) {
    super(message, options?.code ?? 'InvalidConfiguration', options);
  }
}

/** Thrown by an operation for a task failure it has already classified. */
export class TaskFailure extends S3BulkError {
  /** Retrying may help (throttling, 5xx, a Lambda `TemporaryFailure`). */
  readonly temporary: boolean;
  readonly httpStatus: number | undefined;

  constructor(
    message: string,
    code: string,
    options: ErrorOptions & { temporary: boolean; httpStatus?: number },
  ) {
    super(message, code, options);
    this.temporary = options.temporary;
    this.httpStatus = options.httpStatus;
  }
}

/** A job that cannot be started or resumed (missing job folder, spec mismatch, ...). */
export class JobError extends S3BulkError {}

/** Who holds a job folder's lock, as its `lock` file says. */
export interface JobLockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** ISO time the holder took the lock. */
  readonly startedAt: string;
}

/**
 * The job folder is held by another run of the same job (`s3bulk run --resume <id>` twice).
 * A `JobError`, so every edge that maps job errors (the CLI: exit 2) maps this one too.
 */
export class JobLockedError extends JobError {
  /** The `lock` file to remove once its holder is known to be gone. */
  readonly lockPath: string;
  /** Undefined when the lock file cannot be read (a holder that died while writing it). */
  readonly owner: JobLockOwner | undefined;

  constructor(
    message: string,
    lockPath: string,
    owner: JobLockOwner | undefined,
    options?: ErrorOptions,
  ) {
    super(message, 'JobLocked', options);
    this.lockPath = lockPath;
    this.owner = owner;
  }
}
