import { defineProjectConfig } from '../../vitest.shared.js';

// Integration tests run worker processes against the emulator's S3 and DynamoDB.
export default defineProjectConfig(import.meta.dirname, { emulator: true });
