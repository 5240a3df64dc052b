/* global module, require */
// Stands in for the `debug` package in dist/oclif.cjs (scripts/bundle.mjs). oclif logs through it,
// and its start-up (color support, terminal and environment checks) took about 10 ms of every
// run, though it prints only when DEBUG names a namespace: the real package loads only then.
module.exports = function createDebug(namespace) {
  if (process.env.DEBUG) return require('debug')(namespace);
  const log = () => {};
  log.enabled = false;
  log.namespace = namespace;
  log.extend = (name, delimiter = ':') => createDebug(`${namespace}${delimiter}${name}`);
  return log;
};
