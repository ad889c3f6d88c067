/**
 * A stand-in runner for parent-watch.test.ts (`node --import tsx parent-watch-child.ts DELAY_MS`): it takes in the
 * watch's module as the runner does at its start, starts the watch DELAY_MS later (as the runner does once tfjs has
 * loaded), then lives on — until the watch ends it.
 */
import { endWithParent } from '../../src/runner/parent-watch.ts';

process.stdout.write(`${process.pid}\n`);
setTimeout(endWithParent, Number(process.argv[2]));
setInterval(() => undefined, 1000);
