// Imported before any schema is built. The renderer's CSP forbids eval, and zod probes
// `new Function` when it builds an object schema (to compile a fast parser); the probe is caught
// but Chromium still reports a CSP violation. Without JIT zod parses the same, a little slower.
import { z } from 'zod';

z.config({ jitless: true });
