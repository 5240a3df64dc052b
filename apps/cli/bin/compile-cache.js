// A V8 code cache for the CLI's CommonJS bundles on Node 20, which has none of its own (Node 22.1+
// has module.enableCompileCache(), used instead). Compiling the bundles (oclif, zod, core: about
// 1 MB) took 50-70 ms of every start; with the cache V8 deserializes the code it compiled last time.
// Hand-written rather than `v8-compile-cache`: that package takes its data before the first run (so
// lazily compiled functions are missed), gives compiled code no dynamic import(), which oclif uses,
// and does not check its files, whose corruption a release V8 does not always detect.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { debuglog } from 'node:util';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

// NODE_DEBUG=compile_cache prints what the cache did for each file (tests read it).
const debug = debuglog('compile_cache');
const DIGEST_BYTES = 4;

/**
 * An entry no file loaded by a run has used for this long goes when the cache next writes (a
 * module's entry of another build goes at once): an entry still wanted is only compiled again.
 */
export const ENTRY_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** The names this cache gives its files: entries, entries of its SHA-1 days, half-written ones. */
const ENTRY = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const SHA1_ENTRY = /^[0-9a-f]{40}$/;
const TEMPORARY = /^(?:[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}|[0-9a-f]{40})\.\d+\.tmp$/;
/** The subfolders it makes, one per V8 version and architecture (`compileCacheDir`). */
const VERSION_FOLDER = /^v8-[\w.-]+$/;

/**
 * Where the cache lives: Node 22's variable when set, else a folder of this user's under the OS
 * temp folder (as Node 22's default), one subfolder per V8 version and architecture.
 */
export function compileCacheDir(env = process.env) {
  const uid = process.getuid?.() ?? 'user';
  const base = env.NODE_COMPILE_CACHE || join(tmpdir(), `s3bulk-compile-cache-${uid}`);
  return join(base, `v8-${process.versions.v8}-${process.arch}`);
}

/**
 * A dynamic import() (not the text "import()"): Node 20 gives code compiled by vm.Script none
 * without an experimental flag, so a file that has one is compiled by Node, uncached.
 */
export const DYNAMIC_IMPORT = /(?<![\w$."'`])import\((?!\))/;

/** Scripts compiled without usable cached data: their data is written when the process exits. */
const pending = new Map();
/** The entry of every file this run compiled, by the CRC-32 of its path (the name's first part). */
const current = new Map();

/**
 * Compiles every CommonJS file (the bundles, and the SDK's files a job loads from node_modules)
 * with the cached code of its content, when a valid one exists. Any failure (no folder, unreadable, corrupt or rejected data) only means compiling
 * as Node would; NODE_DISABLE_COMPILE_CACHE turns the cache off, as it does on Node 22.
 * Returns whether the cache is on.
 */
export function enableCompileCache(env = process.env) {
  // zlib.crc32 came in Node 20.15 (the CLI wants 20.19): without it, no cache.
  if (env.NODE_DISABLE_COMPILE_CACHE || typeof crc32 !== 'function') return false;
  // Node maps stack traces of the code its own loader compiles only: --enable-source-maps wins.
  if (process.sourceMapsEnabled) return false;
  const dir = compileCacheDir(env);
  // The base folder is checked before anything is made in it.
  for (const folder of [dirname(dir), dir]) {
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch {
      return false;
    }
    if (!ownFolder(folder)) {
      debug('not used: %s is not a folder of this user only', folder);
      return false;
    }
  }
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    // includes() first: a regular expression over every file cost more than the rest of the check.
    if (content.includes('import(') && DYNAMIC_IMPORT.test(content)) {
      return compile.call(this, content, filename);
    }
    // As Node 22's cache: CRC-32 (a sha1 of every file cost several ms a start), of the content
    // and of the path, with the length, so that only versions of one file could ever collide.
    const name = `${hex(crc32(filename))}-${hex(crc32(content))}-${hex(content.length)}`;
    current.set(name.slice(0, 8), name);
    const file = join(dir, name);
    const entry = readEntry(file);
    const cachedData = typeof entry === 'string' ? undefined : entry;
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    const accepted = cachedData !== undefined && !script.cachedDataRejected;
    debug('%s %s', accepted ? 'accepted' : cachedData ? 'rejected' : entry, filename);
    if (!accepted) pending.set(file, { script, filename });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(
      this.exports,
      this.exports,
      requireFor(this),
      this,
      filename,
      dirname(filename),
    );
  };
  process.once('exit', () => writePending(dir));
  return true;
}

/**
 * Cached code runs as this process: a folder another user made first under the shared temp folder
 * (or one anyone may write to) could hand it code of theirs, so only a real folder of this user's
 * that no one else can write to is used.
 */
export function ownFolder(path) {
  const uid = process.getuid?.();
  if (uid === undefined) return true; // Windows: the temp folder is the user's own.
  try {
    const stat = lstatSync(path);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function hex(value) {
  return value.toString(16).padStart(8, '0');
}

/** The cached data of an entry whose digest matches its bytes, else why there is none. */
function readEntry(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return 'missing';
  }
  const data = bytes.subarray(DIGEST_BYTES);
  const valid = bytes.length > DIGEST_BYTES && crc32(data) === bytes.readUInt32BE(0);
  return valid ? data : 'corrupt';
}

/**
 * Taken after the run, the data holds the functions compiled lazily too. Written to a temporary
 * name and renamed, so a reader never sees half an entry; a failed write is left for next time.
 * A run that wrote (a new build, a new Node, the first start) then prunes what no file can use.
 */
function writePending(dir) {
  const writes = pending.size;
  for (const [file, { script, filename }] of pending) {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      const data = script.createCachedData();
      const digest = Buffer.alloc(DIGEST_BYTES);
      digest.writeUInt32BE(crc32(data));
      writeFileSync(temporary, Buffer.concat([digest, data]), { mode: 0o600 });
      renameSync(temporary, file);
      debug('written %s', filename);
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing to clean, or a folder that refuses writes: the next start compiles again.
      }
    }
  }
  pending.clear();
  if (writes > 0) pruneCompileCache(dir, { current });
}

/**
 * Remove the entries no current file can use, only by the names this cache gives its files: a
 * module's entries other than this run's (other builds at the same path), entries older than
 * `maxAgeMs` of files this run did not load (a removed install, another command's modules),
 * SHA-1 named entries (an earlier version of this cache), half-written ones, and folders of other
 * V8 versions untouched for `maxAgeMs`. Runs only after a write, so a warm start pays nothing.
 */
export function pruneCompileCache(dir, { current = new Map(), maxAgeMs = ENTRY_MAX_AGE_MS } = {}) {
  const before = Date.now() - maxAgeMs;
  for (const name of namesIn(dir)) {
    const live = ENTRY.test(name) ? current.get(name.slice(0, 8)) : undefined;
    if (live === name) continue;
    const dead =
      live !== undefined ||
      SHA1_ENTRY.test(name) ||
      ((ENTRY.test(name) || TEMPORARY.test(name)) && modifiedBefore(join(dir, name), before));
    if (dead) remove(join(dir, name));
  }
  const base = dirname(dir);
  for (const folder of namesIn(base)) {
    const path = join(base, folder);
    if (path === dir || !VERSION_FOLDER.test(folder) || !modifiedBefore(path, before)) continue;
    for (const name of namesIn(path)) {
      if (ENTRY.test(name) || SHA1_ENTRY.test(name) || TEMPORARY.test(name))
        remove(join(path, name));
    }
    try {
      rmdirSync(path); // Only once empty: a file the cache did not write keeps its folder.
    } catch {
      // Not empty, or gone already.
    }
  }
}

function namesIn(folder) {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function modifiedBefore(path, time) {
  try {
    return lstatSync(path).mtimeMs < time;
  } catch {
    return false;
  }
}

function remove(path) {
  try {
    rmSync(path, { force: true });
    debug('removed %s', path);
  } catch {
    // Another run removed it, or the folder refuses: the next write tries again.
  }
}

/**
 * The `require` Node gives a CommonJS module, for code compiled outside Node's loader. Not
 * `Module.createRequire(filename)`: that one requires on behalf of a new, detached module, so
 * what the compiled code requires would not be in `module.children` nor have it as `parent`.
 */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}
