/**
 * An error as one line, with what caused it. Node's fetch throws "TypeError: fetch failed" and keeps the
 * reason (the host that did not resolve, the refused port, the TLS failure) in `cause`; `name: message`
 * alone loses exactly what the user needs to act on.
 */
import { inspect } from 'node:util';

/** Enough for any real chain; a cycle or a pathological chain stops here. */
const MAX_CAUSES = 8;

/** "TypeError: fetch failed (cause: Error: getaddrinfo ENOTFOUND example.invalid)", each cause inside the last. */
export function errorText(error: unknown): string {
  const chain = [describe(error)];
  const seen = new Set<unknown>([error]);
  for (let cause = causeOf(error); cause !== undefined && !seen.has(cause) && chain.length <= MAX_CAUSES;) {
    chain.push(describe(cause));
    seen.add(cause);
    cause = causeOf(cause);
  }
  return chain.reduceRight((inner, outer) => `${outer} (cause: ${inner})`);
}

function causeOf(value: unknown): unknown {
  return value instanceof Error ? value.cause : undefined;
}

function describe(value: unknown): string {
  if (!(value instanceof Error)) return typeof value === 'string' ? value : inspect(value, { breakLength: Infinity });
  // A connection refused on every address of a host is an AggregateError whose own message is empty.
  const inner = value instanceof AggregateError ? value.errors.map(describe).join('; ') : '';
  const message = value.message || inner || (value as NodeJS.ErrnoException).code || '';
  return message ? `${value.name}: ${message}` : value.name;
}
