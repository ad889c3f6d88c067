/**
 * Dawn, through the `webgpu` npm package (prebuilt binaries for Linux, macOS and Windows): WebGPU in Node. It
 * lists the machine's adapters and opens the chosen one as `navigator.gpu`, which tfjs-backend-webgpu reads when
 * it registers. Dawn loads the Vulkan loader (libvulkan.so.1) on Linux; drivers are found by the loader, plus
 * ActLens's software GPU when `includeSoftwareGpu` (see software-gpu.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { GpuAdapter } from '../../core/events.ts';
import { installedSoftwareGpuIcd } from './software-gpu.ts';

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface DawnGpu {
  requestAdapter(options?: object): Promise<{ info?: AdapterInfo; isFallbackAdapter?: boolean } | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

const fromActLens = createRequire(__filename);
/** The instance each listed adapter was opened with, reused to expose it: each instance re-probes every driver. */
const opened = new Map<string, DawnGpu>();

/** Loads Dawn with the Vulkan drivers it should see. */
export async function loadDawn(includeSoftwareGpu: boolean): Promise<DawnModule> {
  if (includeSoftwareGpu) addSoftwareGpuDriver();
  return (await import(pathToFileURL(fromActLens.resolve('webgpu')).href)) as DawnModule;
}

/**
 * The Vulkan loader reads VK_ADD_DRIVER_FILES when Dawn creates its instance: the software GPU joins the
 * system's drivers instead of replacing them (VK_DRIVER_FILES would hide a real GPU).
 */
function addSoftwareGpuDriver(): void {
  const manifest = installedSoftwareGpuIcd();
  if (!manifest) return;
  const added = process.env.VK_ADD_DRIVER_FILES?.split(':').filter(Boolean) ?? [];
  if (!added.includes(manifest)) process.env.VK_ADD_DRIVER_FILES = [...added, manifest].join(':');
}

/**
 * Every adapter Dawn offers. WebGPU has no call that lists adapters; Dawn's Node binding lists them in the error it
 * raises for an adapter name that matches none (webgpu 0.6.2, pinned). Each is then opened by name for its details.
 */
export async function listAdapters(dawn: DawnModule): Promise<GpuAdapter[]> {
  let listing = '';
  try {
    await dawn.create(['adapter=\u0001actlens-lists-adapters']).requestAdapter();
  } catch (error) {
    listing = String((error as Error)?.message ?? error);
  }
  const adapters: GpuAdapter[] = [];
  for (const { backend, name } of parseAdapterListing(listing)) {
    const gpu = dawn.create([`adapter=${name}`, `backend=${backend}`]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) continue;
    opened.set(name, gpu);
    adapters.push(describeAdapter(name, adapter.info ?? {}));
  }
  return adapters;
}

/** The `* backend: 'vulkan', name: 'NVIDIA H200'` lines of Dawn's "Available adapters:" listing. */
export function parseAdapterListing(listing: string): { backend: string; name: string }[] {
  return [...listing.matchAll(/^\s*\* backend: '([^']*)', name: '([^']*)'/gm)].map(([, backend, name]) => ({
    backend: backend!,
    name: name!,
  }));
}

function describeAdapter(name: string, info: AdapterInfo): GpuAdapter {
  return {
    name,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    software: info.isFallbackAdapter === true || info.architecture === 'software',
  };
}

/**
 * Makes `adapter` the one tfjs-backend-webgpu gets from `navigator.gpu.requestAdapter()`; WebGPU's classes and
 * constants (GPUBufferUsage, …) become globals, as in a browser. Only for a run that trains on the GPU.
 */
export function exposeAdapter(dawn: DawnModule, adapter: GpuAdapter): void {
  Object.assign(globalThis, dawn.globals);
  const gpu = opened.get(adapter.name) ?? dawn.create([`adapter=${adapter.name}`]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}
