/**
 * The panel's CSP forbids eval. Zod compiles object validators with `new Function` unless told not to, and
 * decides when each schema is created — so this module must be imported before any module that defines
 * schemas. (Without it, zod's caught probe still makes the browser report a CSP violation.)
 */
import { z } from 'zod';

z.config({ jitless: true });
