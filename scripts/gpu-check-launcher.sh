#!/bin/sh
# ActLens GPU check, self-contained: runs the bundled Node on the bundled check. Needs no Node or npm, only the
# GPU's driver. The bundled Vulkan loader is used only when the machine has none (the driver alone is not enough).
# ACTLENS_BUNDLED_VULKAN=1 forces it (to test it on a machine that has a loader).
here=$(cd "$(dirname "$0")" && pwd)
has_loader() {
  for ldconfig in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if "$ldconfig" -p 2>/dev/null | grep -q 'libvulkan\.so\.1 .*x86-64'; then return 0; fi
  done
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /usr/lib64 /lib64 /usr/lib /lib; do
    if [ -e "$dir/libvulkan.so.1" ]; then return 0; fi
  done
  return 1
}
if [ "${ACTLENS_BUNDLED_VULKAN:-}" = 1 ] || ! has_loader; then
  export LD_LIBRARY_PATH="$here/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export ACTLENS_BUNDLED_VULKAN_LOADER="$here/vulkan/libvulkan.so.1"
fi
exec "$here/node" "$here/check-gpu.js" "$@"
