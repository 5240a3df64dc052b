// Programmatic entry for oclif (`s3bulk` is the bin, which starts it from here: one bundled
// @oclif/core for the bin and the commands); commands live in src/commands.
export { execute, run } from '@oclif/core';
