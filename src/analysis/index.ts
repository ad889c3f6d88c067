/** Runtime analysis: pure, incremental, from runner events to findings. See docs/detectors.md. */
export { Analyzer, analyzeEvents } from './analyzer.ts';
export { parseThresholds, type Thresholds } from '../core/thresholds.ts';
export { DEFAULT_THRESHOLDS } from '../core/default-thresholds.ts';
