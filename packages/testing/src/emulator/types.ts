/** Which S3 API the tests talk to. */
export type EmulatorKind = 'moto' | 'localstack' | 'external';

/** What a test needs to reach the emulator; plain data, so it crosses worker boundaries. */
export interface EmulatorInfo {
  readonly kind: EmulatorKind;
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A running emulator this process started (or an external one it only points at). */
export interface EmulatorHandle {
  readonly info: EmulatorInfo;
  stop(): Promise<void>;
}
