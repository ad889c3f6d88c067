/**
 * Seeds every source of randomness a tfjs script uses. tfjs draws its initialiser, dropout and shuffle
 * seeds from Math.random() when none is given, so a seeded Math.random makes the whole run reproducible.
 */
import seedrandom from 'seedrandom';

export function seedMathRandom(seed: number): void {
  const random = seedrandom(String(seed));
  Math.random = () => random();
}
