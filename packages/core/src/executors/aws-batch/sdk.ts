/**
 * `@aws-sdk/client-batch`, loaded on first use: only `submit` and `jobs` need it, and loading it
 * with the rest of `@s3bulk/core` would add to the start-up of every `s3bulk run`.
 */
export const loadBatchSdk = () => import('@aws-sdk/client-batch');
