/** Runtime analysis: pure, incremental, from runner events to findings. See docs/detectors.md. */
export { Analyzer, analyzeEvents } from './analyzer.ts';
export { DEFAULT_THRESHOLDS, parseThresholds, type Thresholds } from '../core/thresholds.ts';
