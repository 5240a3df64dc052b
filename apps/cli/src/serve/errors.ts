/**
 * An error the S3 Control API answers with: its code (the SDKs map it to their exception
 * class), HTTP status and message, written as the service's XML error.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = code;
  }
}

export const badRequest = (message: string, options?: ErrorOptions) =>
  new ServiceError('BadRequestException', 400, message, options);

export const noSuchJob = (jobId: string) =>
  new ServiceError('NotFoundException', 404, `The specified job does not exist: ${jobId}`);

export const jobStatusConflict = (message: string) =>
  new ServiceError('JobStatusException', 409, message);

export const accessDenied = (code: string, message: string) => new ServiceError(code, 403, message);
