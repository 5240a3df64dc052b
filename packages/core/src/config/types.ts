/** How s3bulk reaches AWS (or an S3-compatible endpoint). Every edge builds clients from this. */
export interface AwsSettings {
  /** @default the SDK's region chain (AWS_REGION, profile), else us-east-1 */
  readonly region?: string;
  /** The S3 endpoint of both sides (a custom endpoint implies path-style addressing). */
  readonly endpointUrl?: string;
  /** Profile for source-side S3 calls (reads). @default the credential chain */
  readonly sourceProfile?: string;
  /** Profile for destination-side S3 calls (writes). @default the credential chain */
  readonly destinationProfile?: string;
  readonly sourceEndpointUrl?: string;
  readonly destinationEndpointUrl?: string;
  /** The destination's region when it differs (S3 copies across regions itself). */
  readonly destinationRegion?: string;
  /** A role assumed (STS) for destination-side calls only: another account's buckets. */
  readonly destinationRoleArn?: string;
  /** ExpectedBucketOwner for destination-side calls. */
  readonly expectedBucketOwner?: string;
  /** ExpectedBucketOwner for source-side calls. */
  readonly expectedSourceBucketOwner?: string;
  /**
   * Endpoints of the other services a job calls. Absent: the SDK's own chain
   * (`AWS_ENDPOINT_URL_LAMBDA`, `AWS_ENDPOINT_URL`, ...), which the edges leave to it.
   */
  readonly endpoints?: ServiceEndpoints;
}

/** Per-service endpoints, as the SDKs' `AWS_ENDPOINT_URL_<SERVICE>` variables name them. */
export interface ServiceEndpoints {
  readonly lambda?: string;
  readonly dynamodb?: string;
  readonly sts?: string;
}
