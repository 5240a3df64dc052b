/** An S3 object, optionally one version of it. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** A prefix in a bucket (`''` is the whole bucket). Keys under it start with `prefix`. */
export interface PrefixRef {
  readonly bucket: string;
  readonly prefix: string;
}

/** What a listing or inventory tells about an object, when known. */
export interface ObjectFacts {
  readonly size?: number;
  readonly lastModified?: Date;
  readonly etag?: string;
  readonly storageClass?: string;
}
