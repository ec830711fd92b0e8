import { z } from 'zod';

// zod probes for eval with `new Function` on first use; the UI's CSP forbids
// eval, and the blocked probe is reported as a CSP violation. The renderer
// needs no compiled parsers, so switch the probe off before anything parses.
z.config({ jitless: true });
