/**
 * A finding's message is one sentence that must stand alone in a Problems row: at most 120 characters. The
 * detectors write them short; this guards the rare case where a name or a number still makes one too long, by
 * shortening the subject (before the first ": ") and, failing that, the end.
 */
import type { Finding } from '../core/findings.ts';

export const MAX_MESSAGE_LENGTH = 120;

export function withHeadlineLength(finding: Finding): Finding {
  const { message } = finding;
  if (message.length <= MAX_MESSAGE_LENGTH) return finding;
  const colon = message.indexOf(': ');
  const claim = colon === -1 ? '' : message.slice(colon);
  const room = MAX_MESSAGE_LENGTH - claim.length - 1;
  const shortened =
    colon !== -1 && room >= 12 ? `${message.slice(0, room)}…${claim}` : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
  // The whole sentence stays readable where there is room for it.
  return { ...finding, message: shortened, detail: finding.detail ? `${message} ${finding.detail}` : message };
}
