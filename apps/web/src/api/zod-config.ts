// Zod's JIT compiles object parsers with `new Function`, which CSP `script-src 'self'` (no 'unsafe-eval')
// blocks and reports as a violation. The browser parses small responses: the interpreter is plenty.
import { z } from 'zod';

z.config({ jitless: true });
