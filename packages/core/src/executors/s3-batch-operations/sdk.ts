/**
 * `@aws-sdk/client-s3-control`, loaded on first use: only `s3bulk batchops` needs it, and loading
 * it with the rest of `@s3bulk/core` would add to the start-up of every `s3bulk run`.
 */
export const loadS3ControlSdk = () => import('@aws-sdk/client-s3-control');
