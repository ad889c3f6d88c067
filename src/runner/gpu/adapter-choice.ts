/**
 * Which GPU adapter a webgpu run trains on. Auto mode wants speed, so it takes only hardware adapters; a software
 * adapter (llvmpipe, SwiftShader) trains correctly but no faster than the CPU, so only an explicit
 * `--backend webgpu` accepts one, and says so.
 */
import type { GpuAdapter } from '../../core/events.ts';

export type AdapterChoice = { adapter: GpuAdapter; note: string | null } | { problem: string };

export function chooseAdapter(adapters: GpuAdapter[], wanted: string | null, explicitBackend: boolean): AdapterChoice {
  const listed = adapters.length > 0 ? adapters.map(describe).join('; ') : 'none';
  if (wanted !== null) {
    const match = adapters.find((adapter) => adapter.name.toLowerCase().includes(wanted.toLowerCase()));
    if (!match)
      return { problem: `no GPU adapter's name contains "${wanted}" (--gpu, setting actlens.gpu); found: ${listed}` };
    if (match.software && !explicitBackend)
      return {
        problem: `${describe(match)} is a software GPU, which --backend auto never picks; use --backend webgpu to train on it`,
      };
    return { adapter: match, note: match.software ? softwareNote(match) : null };
  }
  const hardware = adapters.find((adapter) => !adapter.software);
  if (hardware) return { adapter: hardware, note: null };
  const software = adapters[0];
  if (!explicitBackend || !software) return { problem: `no hardware GPU adapter was found (adapters: ${listed})` };
  return { adapter: software, note: softwareNote(software) };
}

function describe(adapter: GpuAdapter): string {
  return `${adapter.name}${adapter.software ? ' (software)' : ''}`;
}

function softwareNote(adapter: GpuAdapter): string {
  return `Training on ${adapter.name}, a software GPU: results are correct, but it runs on the CPU and is no faster than wasm. --backend auto would not pick it.`;
}
