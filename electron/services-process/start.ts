/**
 * What either shell starts as the services process (dist/electron/services.cjs): the services
 * bundle (services-main.cjs, built from entry.ts) run through V8's code cache (code-cache.ts).
 */
import path from 'node:path';
import { CODE_CACHE_DIR_ENV, runWithCodeCache } from './code-cache';
import { releaseYoungGenerationOption } from './malloc-env';

// The main thread's small young generation (SERVICES_EXEC_ARGV) is set; worker threads keep their own.
releaseYoungGenerationOption();

runWithCodeCache(path.join(__dirname, 'services-main.cjs'), process.env[CODE_CACHE_DIR_ENV] || undefined);
