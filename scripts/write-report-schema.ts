/** Writes docs/report.schema.json from the zod schema the CLI validates with (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { JsonReportSchema } from '../src/core/json-report-schema.ts';

writeFileSync(
  path.join(__dirname, '..', 'docs', 'report.schema.json'),
  JSON.stringify(z.toJSONSchema(JsonReportSchema), null, 2) + '\n',
);
