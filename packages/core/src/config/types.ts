/** How s3bulk reaches AWS (or an S3-compatible endpoint). Every edge builds clients from this. */
export interface AwsSettings {
  /** @default the SDK's region chain (AWS_REGION, profile), else us-east-1 */
  readonly region?: string;
  /** One endpoint for every service (a custom endpoint implies path-style addressing). */
  readonly endpointUrl?: string;
  /** Profile for source-side S3 calls (reads). @default the credential chain */
  readonly sourceProfile?: string;
  /** Profile for destination-side S3 calls (writes). @default the credential chain */
  readonly destinationProfile?: string;
  readonly sourceEndpointUrl?: string;
  readonly destinationEndpointUrl?: string;
  /** ExpectedBucketOwner for destination-side calls. */
  readonly expectedBucketOwner?: string;
  /** ExpectedBucketOwner for source-side calls. */
  readonly expectedSourceBucketOwner?: string;
}
