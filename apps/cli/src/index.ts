// Programmatic entry for oclif (`s3bulk` is the bin); commands live in src/commands.
export { run } from '@oclif/core';
